#!/usr/bin/env bash
# Plugin benchmark (issue 6): end-to-end CNI ADD and DEL latency (exec to exit, daemon warm, journal durable) over N
# pods, sequential and 8 in parallel, against Debian's ptp + host-local doing the same work in the same run; and the
# plugin's peak RSS. Needs root. Prints markdown for docs/benchmarks.md.
#   bench/plugin.sh [--pods N]
# BASELINE=/path/to/an/older/escni also benches that binary in the same rounds (before/after in one run).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd); cd "$root"
pods=200
[ "${1:-}" = "--pods" ] && pods="$2"
. scripts/lib/packages.sh; ensure_packages containernetworking-plugins time
work=$(mktemp -d /tmp/escni-pbench.XXXXXX); node="escni-pbench-$$"
cleanup() { [ -n "${daemon:-}" ] && kill -9 "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null; [ -n "${sim:-}" ] && kill "$sim" 2>/dev/null; ip netns del "$node" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet publish src/Ipamd -c Release -o "$work/ipamd" -nologo -v q -clp:ErrorsOnly
dotnet publish src/Plugin -c Release -r linux-x64 -o "$work/plugin" -nologo -v q -clp:ErrorsOnly
dotnet build tests/Ec2Sim -c Release -nologo -v q -clp:ErrorsOnly
dotnet build tests/Benchmarks -c Release -nologo -v q -clp:ErrorsOnly
echo "machine: $(nproc) cores, kernel $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"

ip netns add "$node"; ip -n "$node" link set lo up
echo '{"instance":{"instanceType":"m5.4xlarge"}}' >"$work/scenario.json"
ip netns exec "$node" dotnet tests/Ec2Sim/bin/Release/net10.0/EsCni.Ec2Sim.dll --port 0 --node-netns "$node" --scenario "$work/scenario.json" >"$work/sim.out" 2>&1 &
sim=$!
for _ in $(seq 100); do grep -q listening "$work/sim.out" && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$work/sim.out")/
ip netns exec "$node" env AWS_EC2_ENDPOINT="$url" AWS_EC2_METADATA_SERVICE_ENDPOINT="$url" ESCNI_JOURNAL_DIR="$work/journal" \
  ESCNI_SOCKET="$work/run/ipamd.sock" IP_COOLDOWN_PERIOD=0 MINIMUM_IP_TARGET="$((pods + 10))" WARM_IP_TARGET=8 \
  ESCNI_EC2_MUTATE_RATE=50 ESCNI_EC2_MUTATE_BURST=50 "$work/ipamd/escni-ipamd" run >"$work/daemon.log" 2>&1 &
daemon=$!  # ip netns exec execs the daemon: this is its pid
for _ in $(seq 600); do
  free=$(ip netns exec "$node" curl -sf 127.0.0.1:61679/v1/pool 2>/dev/null | sed -n 's/.*"free": \([0-9]*\).*/\1/p')
  [ "${free:-0}" -ge "$pods" ] && break; sleep 0.2
done

cat >"$work/escni.json" <<JSON
{"cniVersion":"1.0.0","name":"escni","type":"escni","ipamdSocket":"$work/run/ipamd.sock","mtu":9001}
JSON
cat >"$work/ptp.json" <<JSON
{"cniVersion":"1.0.0","name":"ptpnet","type":"ptp","ipMasq":false,"mtu":9001,"ipam":{"type":"host-local","subnet":"10.99.0.0/16","dataDir":"$work/host-local"}}
JSON
bench() { ip netns exec "$node" dotnet tests/Benchmarks/bin/Release/net10.0/EsCni.Benchmarks.dll plugin-exec "$@"; }
echo "| plugin | pods | parallel | ADD p50 ms | ADD p99 ms | DEL p50 ms | DEL p99 ms |"
echo "|---|---|---|---|---|---|---|"
for parallel in 1 8; do
  for round in 1 2; do
    bench --name "escni (round $round)" --binary "$work/plugin/escni" --config "$work/escni.json" --pods "$pods" --parallel "$parallel"
    [ -n "${BASELINE:-}" ] && bench --name "escni baseline (round $round)" --binary "$BASELINE" --config "$work/escni.json" --pods "$pods" --parallel "$parallel"
    bench --name "ptp+host-local (round $round)" --binary /usr/lib/cni/ptp --config "$work/ptp.json" --pods "$pods" --parallel "$parallel" --cni-path /usr/lib/cni
  done
done

echo; echo "per-phase timeline of one escni ADD (bench/plugin-trace.sh, exec'd directly in the node namespace):"
ip netns exec "$node" bench/plugin-trace.sh "$work/plugin/escni" "$work/escni.json" "${TRACES:-50}"

echo; echo "peak RSS of one escni ADD (KB, /usr/bin/time):"
ip netns add "$node-rss"
ip netns exec "$node" env CNI_COMMAND=ADD CNI_CONTAINERID=rss CNI_NETNS=/var/run/netns/$node-rss CNI_IFNAME=eth0 CNI_PATH="$work/plugin" \
  /usr/bin/time -f "%M" "$work/plugin/escni" <"$work/escni.json" >/dev/null 2>"$work/rss.txt" || true
tail -1 "$work/rss.txt"
ip netns exec "$node" env CNI_COMMAND=DEL CNI_CONTAINERID=rss CNI_NETNS=/var/run/netns/$node-rss CNI_IFNAME=eth0 CNI_PATH="$work/plugin" \
  "$work/plugin/escni" <"$work/escni.json" >/dev/null 2>&1 || true
ip netns del "$node-rss"

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
build=$(mktemp -d /tmp/escni-pbench-build.XXXXXX)
dotnet publish src/Ipamd -c Release -o "$build/ipamd" -nologo -v q -clp:ErrorsOnly
dotnet publish src/Plugin -c Release -r linux-x64 -o "$build/plugin" -nologo -v q -clp:ErrorsOnly
dotnet build tests/Ec2Sim -c Release -nologo -v q -clp:ErrorsOnly
dotnet build tests/Benchmarks -c Release -nologo -v q -clp:ErrorsOnly
echo "machine: $(nproc) cores, kernel $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"

# The node plugin-smoke.sh and plugin-ab.sh use: simulator, daemon with a pool of pods + 10, $work/escni.json.
artifacts=$build
. bench/lib/node-sim.sh
plugin_node escni-pbench "$pods" || { rm -rf "$build"; exit 1; }
trap 'plugin_node_cleanup; rm -rf "$build"' EXIT

cat >"$work/ptp.json" <<JSON
{"cniVersion":"1.0.0","name":"ptpnet","type":"ptp","ipMasq":false,"mtu":9001,"ipam":{"type":"host-local","subnet":"10.99.0.0/16","dataDir":"$work/host-local"}}
JSON
bench() { ip netns exec "$node" dotnet tests/Benchmarks/bin/Release/net10.0/EsCni.Benchmarks.dll plugin-exec "$@"; }
echo "| plugin | pods | parallel | ADD p50 ms | ADD p99 ms | DEL p50 ms | DEL p99 ms |"
echo "|---|---|---|---|---|---|---|"
for parallel in 1 8; do
  for round in 1 2; do
    bench --name "escni (round $round)" --binary "$build/plugin/escni" --config "$work/escni.json" --pods "$pods" --parallel "$parallel"
    [ -n "${BASELINE:-}" ] && bench --name "escni baseline (round $round)" --binary "$BASELINE" --config "$work/escni.json" --pods "$pods" --parallel "$parallel"
    bench --name "ptp+host-local (round $round)" --binary /usr/lib/cni/ptp --config "$work/ptp.json" --pods "$pods" --parallel "$parallel" --cni-path /usr/lib/cni
  done
done

echo; echo "per-phase timeline of one escni ADD (bench/plugin-trace.sh, exec'd directly in the node namespace):"
ip netns exec "$node" bench/plugin-trace.sh "$build/plugin/escni" "$work/escni.json" "${TRACES:-50}"

echo; echo "peak RSS of one escni ADD (KB, /usr/bin/time):"
ip netns add "$node-rss"
ip netns exec "$node" env CNI_COMMAND=ADD CNI_CONTAINERID=rss CNI_NETNS=/var/run/netns/$node-rss CNI_IFNAME=eth0 CNI_PATH="$build/plugin" \
  /usr/bin/time -f "%M" "$build/plugin/escni" <"$work/escni.json" >/dev/null 2>"$work/rss.txt" || true
tail -1 "$work/rss.txt"
ip netns exec "$node" env CNI_COMMAND=DEL CNI_CONTAINERID=rss CNI_NETNS=/var/run/netns/$node-rss CNI_IFNAME=eth0 CNI_PATH="$build/plugin" \
  "$build/plugin/escni" <"$work/escni.json" >/dev/null 2>&1 || true
ip netns del "$node-rss"

#!/usr/bin/env bash
# The EsCni demo: a simulated EC2 node in a network namespace, the real daemon and the real CNI plugin.
#
#   ./scripts/demo.sh             30 pods on a simulated m5.xlarge (56 pod IPs), then clean up (the test suite runs exactly this)
#   ./scripts/demo.sh --pods 10   fewer pods (at most 54: the node holds 56 pod IPs and the warm pool keeps 2 more)
#   ./scripts/demo.sh --keep      leave the node running for exploration (prints how to stop it)
#   ./scripts/demo.sh --prebuilt DIR   use DIR/ipamd/escni-ipamd and DIR/plugin/escni instead of building
#
# What it does, step by step (each step prints as it goes): build; start the EC2/IMDS simulator and escni-ipamd
# inside a "node" namespace with a fresh journal; CNI ADD for every pod through the plugin, exactly as a runtime
# would (env vars + config on stdin); prove pod<->node traffic; show the pool; delete some pods; SIGKILL the
# daemon; restart it and show the pool rebuilt from the journal; answer "who had this IP?" and verify the journal.
# Needs root (network namespaces). Everything it creates is removed on exit, also on Ctrl-C.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
pods=30
keep=0
prebuilt=""
while [ $# -gt 0 ]; do
  case "$1" in
    --pods) pods="$2"; shift ;;
    --keep) keep=1 ;;
    --prebuilt) prebuilt="$2"; shift ;;
    -h|--help) sed -n 2,12p "$0"; exit 0 ;;
    *) echo "demo.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ "$(id -u)" -ne 0 ]; then
  echo "demo.sh: must run as root: it creates network namespaces. Re-run with sudo." >&2
  exit 1
fi

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
. "$root/scripts/lib/packages.sh"
ensure_packages iproute2 iptables procps curl jq iputils-ping clang zlib1g-dev

work=$(mktemp -d /tmp/escni-demo.XXXXXX)
node="escni-demo-node"
scenario="$root/tests/Ec2Sim/scenarios/demo.json"   # an m5.xlarge: 4 ENIs x 14 pod IPs = 56
sim_pid=""; daemon_pid=""
cleanup() {
  [ "$keep" = 1 ] && return
  [ -n "$daemon_pid" ] && kill -9 "$daemon_pid" 2>/dev/null || true
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null || true
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^escni-demo-' || true); do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^escni-demo-' || true); do ip netns del "$ns"; done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ -n "$prebuilt" ]; then
  step "Using prebuilt binaries from $prebuilt"
  mkdir -p "$work/bin"; ln -s "$(cd "$prebuilt" && pwd)/ipamd" "$work/bin/ipamd"; ln -s "$(cd "$prebuilt" && pwd)/plugin" "$work/bin/plugin"
else
  step "Build: daemon, plugin (NativeAOT), EC2 simulator"
  dotnet publish src/Ipamd -c Release -o "$work/bin/ipamd" -nologo -v q -clp:ErrorsOnly
  dotnet publish src/Plugin -c Release -r linux-x64 -o "$work/bin/plugin" -nologo -v q -clp:ErrorsOnly
  dotnet build tests/Ec2Sim -c Release -nologo -v q -clp:ErrorsOnly
fi
plugin="$work/bin/plugin/escni"
echo "plugin: $(stat -c %s "$plugin") bytes (NativeAOT, no .NET runtime needed)"

step "Start the node namespace '$node', the EC2/IMDS simulator and escni-ipamd (fresh journal in $work/journal)"
ip netns add "$node"
ip -n "$node" link set lo up
ip netns exec "$node" dotnet tests/Ec2Sim/bin/Release/net10.0/EsCni.Ec2Sim.dll --port 0 --scenario "$scenario" --node-netns "$node" \
  >"$work/sim.out" 2>"$work/sim.err" &
sim_pid=$!
for _ in $(seq 1 150); do grep -q 'listening on' "$work/sim.out" 2>/dev/null && break; sleep 0.2; done
sim_url=$(sed -n 's/^listening on //p' "$work/sim.out" | head -1)
[ -n "$sim_url" ] || { echo "the simulator did not start:"; cat "$work/sim.err"; exit 1; }
echo "simulator: $sim_url (EC2 Query API + IMDSv2, scenario ${scenario#"$root"/})"

start_daemon() {
  ip netns exec "$node" env AWS_EC2_ENDPOINT="$sim_url/" AWS_EC2_METADATA_SERVICE_ENDPOINT="$sim_url/" \
    ESCNI_JOURNAL_DIR="$work/journal" ESCNI_SOCKET="$work/run/ipamd.sock" WARM_IP_TARGET=5 MINIMUM_IP_TARGET="$((pods + 2))" \
    ESCNI_POOL_INTERVAL_MS=500 ESCNI_EC2_MUTATE_RATE=20 ESCNI_EC2_MUTATE_BURST=20 \
    "$work/bin/ipamd/escni-ipamd" run >>"$work/daemon.log" 2>&1 &
  daemon_pid=$!
  for _ in $(seq 1 300); do
    grep -q 'ready in' "$work/daemon.log" 2>/dev/null && [ "$(grep -c 'ready in' "$work/daemon.log")" -ge "$1" ] && break
    kill -0 "$daemon_pid" 2>/dev/null || { echo "escni-ipamd exited:"; tail -20 "$work/daemon.log"; exit 1; }
    sleep 0.1
  done
  grep 'ready in' "$work/daemon.log" | tail -1 | sed 's/^.*ready in/escni-ipamd ready in/'
}
api() { ip netns exec "$node" curl -sf "http://127.0.0.1:61679$1"; }
start_daemon 1

echo "waiting for the warm pool to reach MINIMUM_IP_TARGET=$((pods + 2)) (ENIs attached through the simulated EC2)..."
for _ in $(seq 1 600); do
  free=$(api /v1/pool | jq -r '.free' 2>/dev/null || echo 0)
  [ "${free:-0}" -ge "$pods" ] && break
  sleep 0.2
done
api /v1/pool | jq -c '{enis, totalIps, free, allocated}'
max_pod_ips=$(api /v1/pool | jq -r '.capacity.maxPodIps // 0')
echo "node: $(api /v1/pool | jq -r '.capacity.summary'); kubelet max-pods $(api /v1/pool | jq -r '.capacity.maxPods')"
if [ "$max_pod_ips" -gt 0 ] && [ "$pods" -gt "$max_pod_ips" ]; then
  echo "demo.sh: --pods $pods does not fit: the node holds $max_pod_ips pod IPs" >&2; exit 2
fi

cni() { # cni COMMAND POD [prevResult-file]
  local cmd=$1 pod=$2 prev=${3:-}
  local conf
  conf=$(jq -n --arg sock "$work/run/ipamd.sock" --arg log "$work/plugin.log" --arg spool "$work/spool" \
    '{cniVersion:"1.0.0", name:"escni", type:"escni", ipamdSocket:$sock, spoolDir:$spool, mtu:9001, logFile:$log, logLevel:"info"}')
  [ -n "$prev" ] && conf=$(jq --slurpfile p "$prev" '. + {prevResult: $p[0]}' <<<"$conf")
  ip netns exec "$node" env CNI_COMMAND="$cmd" CNI_CONTAINERID="ctr-$pod" CNI_NETNS="/var/run/netns/escni-demo-$pod" \
    CNI_IFNAME=eth0 CNI_PATH="$(dirname "$plugin")" \
    CNI_ARGS="IgnoreUnknown=1;K8S_POD_NAMESPACE=demo;K8S_POD_NAME=$pod;K8S_POD_INFRA_CONTAINER_ID=ctr-$pod" \
    "$plugin" <<<"$conf"
}

step "CNI ADD for $pods pods through the real plugin"
start_ns=$(date +%s%N)
for i in $(seq 1 "$pods"); do
  p=$(printf 'web-%02d' "$i")
  ip netns add "escni-demo-$p"
  cni ADD "$p" >"$work/$p.json" || { echo "ADD $p failed:"; cat "$work/$p.json"; exit 1; }
  printf '%s -> %s  ' "$p" "$(jq -r '.ips[0].address' "$work/$p.json")"
  [ $((i % 4)) -eq 0 ] && echo
done
echo; echo "$pods ADDs in $(( ($(date +%s%N) - start_ns) / 1000000 )) ms"

step "Pod <-> node traffic"
for p in web-01 web-02 web-03; do
  ip=$(jq -r '.ips[0].address' "$work/$p.json" | cut -d/ -f1)
  ip netns exec "$node" ping -c1 -W2 "$ip" >/dev/null && echo "node -> $p ($ip): ok"
  ip netns exec "escni-demo-$p" ping -c1 -W2 10.10.0.10 >/dev/null && echo "$p -> node (10.10.0.10): ok"
done

step "The pool (GET /v1/pool on the introspection endpoint)"
api /v1/pool | jq -c '{lsn, enis, totalIps, allocated, free, coolingDown}'
api /v1/enis | jq -r '.[] | "  \(.eniId) device \(.deviceIndex) table \(.routeTableId): \(.ips | length) IPs, \(.allocated) allocated"'

step "Delete 5 pods (CNI DEL)"
victim_ip=$(jq -r '.ips[0].address' "$work/web-01.json" | cut -d/ -f1)
for i in 1 2 3 4 5; do
  p=$(printf 'web-%02d' "$i")
  cni DEL "$p" "$work/$p.json" >/dev/null && ip netns del "escni-demo-$p" && echo "deleted $p"
done
api /v1/pool | jq -c '{allocated, free, coolingDown}'

step "Crash: SIGKILL escni-ipamd (pid $daemon_pid), then restart it"
kill -9 "$daemon_pid"; wait "$daemon_pid" 2>/dev/null || true
echo "killed. restarting on the same journal..."
start_daemon 2
api /v1/pool | jq -c '{lsn, enis, allocated, free, coolingDown}'
echo "pods still allocated after the crash: $(api /v1/pods | jq 'length') (expected $((pods - 5)))"

step "Forensics: who had $victim_ip? (escni-ipamd replay who-had, read-only on the live journal)"
"$work/bin/ipamd/escni-ipamd" replay who-had "$victim_ip" --journal "$work/journal" || echo "(replay CLI not available in this build)"

step "Forensics: verify the whole journal (frames + every invariant)"
"$work/bin/ipamd/escni-ipamd" replay verify --journal "$work/journal"

step "What-if: the same demand under the settings in force and under leaner ones (escni-ipamd replay what-if)"
"$work/bin/ipamd/escni-ipamd" replay what-if --journal "$work/journal" \
  --scenario "as-run:WARM_IP_TARGET=5,MINIMUM_IP_TARGET=$((pods + 2))" --scenario lean:WARM_IP_TARGET=1

if [ "$keep" = 1 ]; then
  step "Left running (--keep)"
  echo "node namespace: $node   journal: $work/journal   socket: $work/run/ipamd.sock"
  echo "try: ip netns exec $node curl -s 127.0.0.1:61679/v1/pods | jq ."
  echo "stop: kill $daemon_pid $sim_pid; rm -rf $work; and delete the escni-demo-* namespaces:"
  echo '  for n in $(ip netns list 2>/dev/null | awk '"'"'{print $1}'"'"' | grep ^escni-demo-); do ip netns del $n; done'
else
  step "Done: cleaning up"
fi

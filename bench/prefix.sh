#!/usr/bin/env bash
# Prefix delegation vs secondary IPs (issue 16): 100 pods started one after another on a fresh simulated
# m5.4xlarge, default warm targets (WARM_ENI_TARGET=1 / WARM_PREFIX_TARGET=1); per ADD the latency until it
# succeeds (retried every 20 ms while the pool waits for EC2), and the mutating EC2 calls the journal records.
#   bench/prefix.sh [--pods N]
# Needs root (network namespace for the simulated node). Prints a markdown table for docs/benchmarks.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd); cd "$root"
pods=100
while [ $# -gt 0 ]; do
  case "$1" in --pods) pods="$2"; shift ;; *) echo "unknown $1" >&2; exit 2 ;; esac
  shift
done
work=$(mktemp -d /tmp/escni-pdbench.XXXXXX); node="escni-pdb-$$"
sim=""; daemon=""
cleanup() { [ -n "$daemon" ] && kill -9 "$daemon" 2>/dev/null; [ -n "$sim" ] && kill "$sim" 2>/dev/null; ip netns del "$node" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet publish src/Ipamd -c Release -o "$work/ipamd" -nologo -v q -clp:ErrorsOnly
dotnet build tests/Ec2Sim -c Release -nologo -v q -clp:ErrorsOnly
dotnet build tests/Benchmarks -c Release -nologo -v q -clp:ErrorsOnly
echo "machine: $(nproc) cores, kernel $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| mode | pods | ADD p50 ms | ADD p99 ms | ADD max ms | retries | total s | mutating EC2 calls | of which assign/create |"
echo "|---|---|---|---|---|---|---|---|---|"
# shellcheck source=bench/lib/node-sim.sh
. "$root/bench/lib/node-sim.sh"
for mode in secondary-ips prefix-delegation; do
  pd=false; [ "$mode" = prefix-delegation ] && pd=true
  start_node_sim "$node" "$work/sim-$mode.out"
  ip netns exec "$node" env AWS_EC2_ENDPOINT="$url" AWS_EC2_METADATA_SERVICE_ENDPOINT="$url" ESCNI_JOURNAL_DIR="$work/journal-$mode" \
    ESCNI_SOCKET="$work/run-$mode/ipamd.sock" ENABLE_PREFIX_DELEGATION=$pd ESCNI_POOL_INTERVAL_MS=1000 \
    "$work/ipamd/escni-ipamd" run >"$work/daemon-$mode.log" 2>&1 &
  daemon=$!
  for _ in $(seq 600); do grep -q 'ready in' "$work/daemon-$mode.log" 2>/dev/null && break; sleep 0.1; done
  row=$(dotnet tests/Benchmarks/bin/Release/net10.0/EsCni.Benchmarks.dll pod-fill --socket "$work/run-$mode/ipamd.sock" --pods "$pods" --label "$mode")
  kill -TERM "$daemon"; wait "$daemon" 2>/dev/null || true; daemon=""
  dump=$("$work/ipamd/escni-ipamd" replay dump --journal "$work/journal-$mode")
  calls=$(grep -cE ' (PoolIpsRequested|PoolPrefixesRequested|EniCreateRequested|EniAttached|PoolIpsReleaseRequested|PoolPrefixesReleaseRequested|EniDetachRequested) ' <<<"$dump" || true)
  grows=$(grep -cE ' (PoolIpsRequested|PoolPrefixesRequested|EniCreateRequested) ' <<<"$dump" || true)
  echo "$row $calls | $grows |"
  kill "$sim" 2>/dev/null; wait "$sim" 2>/dev/null || true; sim=""
  ip netns del "$node"
done

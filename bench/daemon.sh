#!/usr/bin/env bash
# Daemon benchmarks (issue 5): AddNetwork+DelNetwork pairs over the unix socket with 1 and 32 clients (journal
# durable), restart time-to-ready with 1M events with and without a snapshot, and daemon RSS at 1M events.
#   bench/daemon.sh [--seconds S] [--events N]
#   BASELINE=DIR bench/daemon.sh   also runs a daemon published in DIR (e.g. main's) in the same run, before this tree's
# Needs root (network namespace for the simulated node). Prints markdown tables for docs/benchmarks.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd); cd "$root"
seconds=10; events=1000000
while [ $# -gt 0 ]; do
  case "$1" in --seconds) seconds="$2"; shift ;; --events) events="$2"; shift ;; *) echo "unknown $1" >&2; exit 2 ;; esac
  shift
done
work=$(mktemp -d /tmp/escni-bench.XXXXXX); node="escni-bench-$$"
# set +e: under -e, the first `kill` of a process already gone ended the cleanup, leaving the simulator and namespaces.
cleanup() { set +e; [ -n "${pid:-}" ] && kill -9 "$pid" 2>/dev/null; pkill -9 -f "$work/ipamd/escni-ipamd" 2>/dev/null; [ -n "${sim:-}" ] && kill "$sim" 2>/dev/null && wait "$sim" 2>/dev/null; ip netns del "$node" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

dotnet publish src/Ipamd -c Release -o "$work/ipamd" -nologo -v q -clp:ErrorsOnly
dotnet build tests/Ec2Sim -c Release -nologo -v q -clp:ErrorsOnly
dotnet build tests/Benchmarks -c Release -nologo -v q -clp:ErrorsOnly
bench() { dotnet tests/Benchmarks/bin/Release/net10.0/EsCni.Benchmarks.dll "$@"; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), kernel $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"

# shellcheck source=bench/lib/node-sim.sh
. "$root/bench/lib/node-sim.sh"
start_node_sim "$node" "$work/sim.out"

builds=("this tree=$work/ipamd"); [ -n "${BASELINE:-}" ] && builds=("baseline=$BASELINE" "${builds[@]}")
# Each build starts with the runtime environment its image sets (deploy/Dockerfile's `ENV DOTNET_...` lines for this
# tree, BASELINE_ENV for the baseline, e.g. '' for main before DOTNET_GCgen0size was added).
image_env=$(sed -n 's/^ENV \(DOTNET_[A-Za-z0-9_]*=[^ ]*\).*/\1/p' deploy/Dockerfile | xargs)
build_env() { if [ "${1%%=*}" = baseline ]; then echo "${BASELINE_ENV:-}"; else echo "$image_env"; fi; }
ipamd="$work/ipamd"
daemon_env=$image_env
# shellcheck disable=SC2086 # $daemon_env is a list of VAR=value words
# run_daemon runs in $(...), so the daemon is not this shell's child and `wait` cannot wait for it: poll its /proc entry
# (a journal directory removed while a SIGTERMed daemon still writes its snapshot failed the whole run).
stop_daemon() { kill "-$1" "$2" 2>/dev/null; for _ in $(seq 600); do [ -e "/proc/$2" ] || return 0; sleep 0.05; done; kill -9 "$2" 2>/dev/null; }
run_daemon() { # journal-dir log (the daemon in $ipamd, started with $daemon_env)
  ip netns exec "$node" env AWS_EC2_ENDPOINT="$url" AWS_EC2_METADATA_SERVICE_ENDPOINT="$url" ESCNI_JOURNAL_DIR="$1" \
    ESCNI_SOCKET="$work/run/ipamd.sock" IP_COOLDOWN_PERIOD=0 MINIMUM_IP_TARGET=64 WARM_IP_TARGET=8 \
    ESCNI_EC2_MUTATE_RATE=50 ESCNI_EC2_MUTATE_BURST=50 $daemon_env "$ipamd/escni-ipamd" run >"$2" 2>&1 &
  echo $!
}

for build in "${builds[@]}"; do
  ipamd=${build#*=}; daemon_env=$(build_env "$build")
  echo; echo "## AddNetwork+DelNetwork pairs, ${build%%=*} [${daemon_env:-no DOTNET_ env}] (IP_COOLDOWN_PERIOD=0 so a churning key can reuse its IP; journal durable: one fdatasync per batch)"
  rm -rf "$work/journal-load"; pid=$(run_daemon "$work/journal-load" "$work/load.log")
  for _ in $(seq 300); do ip netns exec "$node" curl -sf 127.0.0.1:61679/v1/pool 2>/dev/null | grep -q '"free": [3-9][0-9]' && break; sleep 0.2; done
  bench daemon-load --socket "$work/run/ipamd.sock" --seconds "$seconds" --clients 1,32
  stop_daemon KILL "$pid"
done

echo; echo "## Restart with $events events in the journal"
echo "| build | journal | ready (ms, daemon log) | RSS after ready (MB) |"; echo "|---|---|---|---|"
for mode in no-snapshot snapshot; do
  dir="$work/journal-$mode"
  if [ "$mode" = snapshot ]; then bench daemon-journal --dir "$dir" --events "$events" --snapshot >/dev/null; else bench daemon-journal --dir "$dir" --events "$events" >/dev/null; fi
  cp -a "$dir" "$dir.orig"
  for run in 1 2 3; do
    for build in "${builds[@]}"; do
      ipamd=${build#*=}; daemon_env=$(build_env "$build")
      # Each start gets the journal as generated: SIGTERM writes a snapshot, which would make the next start another case.
      rm -rf "$dir"; cp -a "$dir.orig" "$dir"
      sync; echo 3 >/proc/sys/vm/drop_caches 2>/dev/null || true
      log="$work/restart-$mode-$run.log"; pid=$(run_daemon "$dir" "$log")
      for _ in $(seq 600); do grep -q 'ready in' "$log" 2>/dev/null && break; sleep 0.05; done
      sleep 1
      rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
      ms=$(sed -n 's/.*ready in \([0-9]*\) ms.*/\1/p' "$log")
      echo "| ${build%%=*} | $mode (run $run) | $ms | $rss |"
      stop_daemon TERM "$pid"
    done
  done
done

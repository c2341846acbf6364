#!/usr/bin/env bash
# Daemon RSS at N events (issue #19 item 2): start the published daemon on a copy of an N-event journal (with a
# snapshot) in a node namespace against the EC2 simulator, read VmRSS / RssAnon / RssFile / RssShmem 3 s and 65 s after
# it is ready (after the first minute's native heap trim), once per setting given, and print the largest mappings of
# each build's first start (Rss and private dirty MB per file).
#   bench/daemon-rss.sh [--events N] ['' 'DOTNET_TieredPGO=0' 'DOTNET_EnableWriteXorExecute=0 DOTNET_TieredPGO=0' ...]
#   BASELINE=DIR bench/daemon-rss.sh ''   each setting also with the daemon published in DIR (e.g. main's), in turn
# Each argument is one start's extra environment ('' = as shipped: the image's DOTNET_ ENV, see build_env). Needs root. Not part of scripts/test.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd); cd "$root"
events=1000000
if [ "${1:-}" = --events ]; then events=$2; shift 2; fi
[ $# -gt 0 ] || set -- ''
work=$(mktemp -d /tmp/escni-rss.XXXXXX); node="escni-rss-$$"
cleanup() { [ -n "${sim:-}" ] && kill "$sim" 2>/dev/null; ip netns del "$node" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet publish src/Ipamd -c Release -o "$work/ipamd" -nologo -v q -clp:ErrorsOnly
dotnet build tests/Ec2Sim -c Release -nologo -v q -clp:ErrorsOnly
dotnet build tests/Benchmarks -c Release -nologo -v q -clp:ErrorsOnly
dotnet tests/Benchmarks/bin/Release/net10.0/EsCni.Benchmarks.dll daemon-journal --dir "$work/journal" --events "$events" --snapshot >/dev/null
# The who-had IP index of each sealed segment, as a daemon that has run on this journal before leaves it (a first start
# over an unindexed journal writes them in the background; that one-off pass is not the steady state measured here).
"$work/ipamd/escni-ipamd" replay index --journal "$work/journal" >/dev/null

# shellcheck source=bench/lib/node-sim.sh
. "$root/bench/lib/node-sim.sh"
start_node_sim "$node" "$work/sim.out"

builds=("this tree=$work/ipamd"); [ -n "${BASELINE:-}" ] && builds=("baseline=$BASELINE" "${builds[@]}")
# Each build starts with the runtime environment its image sets (deploy/Dockerfile's `ENV DOTNET_...` lines for this
# tree, BASELINE_ENV for the baseline, e.g. '' for main before DOTNET_GCgen0size was added).
image_env=$(sed -n 's/^ENV \(DOTNET_[A-Za-z0-9_]*=[^ ]*\).*/\1/p' deploy/Dockerfile | xargs)
build_env() { if [ "${1%%=*}" = baseline ]; then echo "${BASELINE_ENV:-}"; else echo "$image_env"; fi; }
mb() { awk -v k="$1" '$1 == k":" {printf "%.1f", $2/1024}' "/proc/$pid/status"; }
row() { echo "$(mb VmRSS) | $(mb RssAnon) | $(mb RssFile) | $(mb RssShmem)"; }
echo "| build | setting | ready ms | threads | VmRSS MB at 3 s | anon | file | shmem | VmRSS MB at 65 s | anon | file | shmem |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for setting in "$@"; do for build in "${builds[@]}"; do
  rm -rf "$work/j"; cp -a "$work/journal" "$work/j"
  sync; echo 3 >/proc/sys/vm/drop_caches
  # shellcheck disable=SC2086 # each setting is a list of VAR=value words
  ip netns exec "$node" env AWS_EC2_ENDPOINT="$url" AWS_EC2_METADATA_SERVICE_ENDPOINT="$url" ESCNI_JOURNAL_DIR="$work/j" \
    ESCNI_SOCKET="$work/run/ipamd.sock" MINIMUM_IP_TARGET=64 WARM_IP_TARGET=8 $(build_env "$build") $setting \
    "${build#*=}/escni-ipamd" run >"$work/daemon.log" 2>&1 &
  pid=$!
  for _ in $(seq 600); do grep -q 'ready in' "$work/daemon.log" 2>/dev/null && break; sleep 0.05; done
  sleep 3
  if ! kill -0 "$pid" 2>/dev/null; then echo "${build%%=*} daemon exited; its log:" >&2; tail -5 "$work/daemon.log" >&2; continue; fi
  at3=$(row); threads=$(awk '$1 == "Threads:" {print $2}' "/proc/$pid/status")
  if [ "$setting" = "$1" ]; then
    awk '/^[0-9a-f]+-[0-9a-f]+ /{name=$6} /^Rss:/{r[name]+=$2} /^Private_Dirty:/{d[name]+=$2} END{for(n in r) printf "%8.1f MB (%.1f private dirty) %s\n", r[n]/1024, d[n]/1024, (n == "" ? "(anonymous)" : n)}' \
      "/proc/$pid/smaps" | sort -rn | head -25 >"$work/mappings-${build%%=*}" || true
  fi
  sleep 62
  kill -0 "$pid" 2>/dev/null || { echo "${build%%=*} daemon exited before 65 s" >&2; continue; }
  echo "| ${build%%=*} | ${setting:-as shipped}$(e=$(build_env "$build"); [ -n "$e" ] && echo " ($e)") | $(sed -n 's/.*ready in \([0-9]*\) ms.*/\1/p' "$work/daemon.log") | $threads | $at3 | $(row) |"
  kill -9 "$pid"; wait "$pid" 2>/dev/null || true
done; done
for build in "${builds[@]}"; do echo; echo "largest mappings, ${build%%=*} (first setting):"; cat "$work/mappings-${build%%=*}" 2>/dev/null || true; done

#!/usr/bin/env bash
# Replay benchmark: `escni-ipamd replay who-had` and `replay state --at` on a 10M-event journal.
# Generates the journal once (bench/ReplayGenerator: pod churn on 8 ENIs through NodePool.Decide, restarts every
# 1M events, a snapshot every 50,000 like the daemon; ~2-7 min, ~2.2 GB), then times each command RUNS times
# as separate processes (what an operator runs) and prints medians of wall and CPU (user+sys) seconds.
#
#   bench/replay.sh                        10M events in /tmp/escni-replay-bench (kept for reruns)
#   EVENTS=1000000 RUNS=7 bench/replay.sh  other sizes / more runs
#   DIR=/path bench/replay.sh              journal elsewhere (regenerated if EVENTS differs)
#   BEFORE=/path/escni-ipamd bench/replay.sh   also time who-had with another build (e.g. main's) in the same run
#
# The who-had IP indexes of the sealed segments (what the daemon writes after each seal) are written once with
# `replay index` before timing (its time is printed); who-had reads them for sealed segments, scans the rest.
# Not part of scripts/test.sh. Warm page cache: the first, cold run is discarded.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
events=${EVENTS:-10000000}
runs=${RUNS:-5}
dir=${DIR:-/tmp/escni-replay-bench}
journal="$dir/journal-$events"
out="$dir/ipamd"

dotnet build bench/ReplayGenerator -c Release -o "$dir/generator" >/dev/null
dotnet publish src/Ipamd -c Release -o "$out" >/dev/null
if [ ! -f "$journal.complete" ]; then
  rm -rf "$journal"
  echo "generating $events events into $journal ..." >&2
  "$dir/generator/escni-replay-generator" "$journal" "$events" >&2
  touch "$journal.complete"
fi

# The last event's time; probe 2 h before it (inside the newest snapshot's reach for 10M, as "-2h" would be live).
last=$("$out/escni-ipamd" replay dump --journal "$journal" --from-lsn "$events" --to-lsn "$events" | awk '{print $2}')
at=$(date -u -d "$last - 2 hours" +%Y-%m-%dT%H:%M:%SZ)

measure() { # name, command...
  local name=$1; shift
  "$@" >/dev/null # cold run, discarded
  local walls=() cpus=()
  for _ in $(seq "$runs"); do
    local t
    t=$( { /usr/bin/time -f "%e %U %S" "$@" >/dev/null; } 2>&1 | tail -1)
    walls+=("$(echo "$t" | awk '{print $1}')")
    cpus+=("$(echo "$t" | awk '{printf "%.2f", $2 + $3}')")
  done
  local mw mc
  mw=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  mc=$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '| %s | %s | %s | %s |\n' "$name" "$mw" "$mc" "$(echo "${walls[*]}" | tr ' ' ',')"
}

if [ ! -d "$journal/index" ]; then
  t=$( { /usr/bin/time -f "%e %U %S" "$out/escni-ipamd" replay index --journal "$journal" >&2; } 2>&1 | tail -1)
  echo "replay index (first time, every sealed segment): wall/user/sys s $t" >&2
fi

echo "journal: $journal ($(du -sh "$journal" | cut -f1)), last event $last, probe time $at, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| command | median wall s | median CPU s | all wall s |"
echo "|---|---:|---:|---|"
measure "replay state --lsn $events (snapshot hit)" "$out/escni-ipamd" replay state --journal "$journal" --lsn "$events"
measure "replay state --at last-2h" "$out/escni-ipamd" replay state --journal "$journal" --at "$at"
measure "replay who-had 10.0.1.17 --at last-2h" "$out/escni-ipamd" replay who-had 10.0.1.17 --journal "$journal" --at "$at"
measure "replay who-had 10.0.1.17 (whole journal)" "$out/escni-ipamd" replay who-had 10.0.1.17 --journal "$journal"
if [ -n "${BEFORE:-}" ]; then
  measure "replay who-had 10.0.1.17 (whole journal, BEFORE build)" "$BEFORE" replay who-had 10.0.1.17 --journal "$journal"
fi
measure "replay verify (frames + invariants)" "$out/escni-ipamd" replay verify --journal "$journal"

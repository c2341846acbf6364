#!/usr/bin/env bash
# Per-phase timeline of escni ADD and DEL (issue 19): runs N ADDs, each followed by its DEL, exec'd directly in the
# current namespace with ESCNI_PLUGIN_TRACE=$EPOCHREALTIME, and prints the median of every phase as a markdown table
# (one for ADD, one for DEL).
# Called by bench/plugin.sh from inside the node namespace, with the daemon running:
#   bench/plugin-trace.sh BINARY CONFIG RUNS
set -uo pipefail
binary=$1; config=$2; runs=$3
traces=$(mktemp /tmp/escni-ptrace.XXXXXX); deltraces=$(mktemp /tmp/escni-ptrace-del.XXXXXX)
for i in $(seq "$runs"); do
  pod="escni-ptrace-$$-$i"
  ip netns add "$pod"
  export CNI_CONTAINERID="ptrace-$$-$i" CNI_NETNS="/var/run/netns/$pod" CNI_IFNAME=eth0 CNI_PATH="$(dirname "$binary")"
  start=$EPOCHREALTIME
  CNI_COMMAND=ADD ESCNI_PLUGIN_TRACE=$EPOCHREALTIME "$binary" <"$config" >/dev/null 2>"$traces.one"
  end=$EPOCHREALTIME
  grep '^escni-trace ' "$traces.one" >>"$traces"
  echo "escni-trace-total $(echo "($end - $start) * 1000" | bc -l)" >>"$traces"
  start=$EPOCHREALTIME
  CNI_COMMAND=DEL ESCNI_PLUGIN_TRACE=$EPOCHREALTIME "$binary" <"$config" >/dev/null 2>"$traces.one"
  end=$EPOCHREALTIME
  grep '^escni-trace ' "$traces.one" >>"$deltraces"
  echo "escni-trace-total $(echo "($end - $start) * 1000" | bc -l)" >>"$deltraces"
  ip netns del "$pod"
done
# A phase is its text with the pod's own names and numbers blanked, so every run's lines fall in the same rows.
summarize() { awk -v verb="$1" '
  function median(key,   n, i, j, t, a) {
    n = count[key]; for (i = 1; i <= n; i++) a[i] = value[key, i]
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  $1 == "escni-trace" && $4 == "main" { line = 0; run++
    value["exec", ++count["exec"]] = substr($5, 2); value["cpu", ++count["cpu"]] = $9; next }
  $1 == "escni-trace" { key = $4; for (i = 5; i <= NF; i++) key = key " " $i
    if (key ~ /^netlink:/) { gsub(/\/var\/run\/netns\/[^ ]+/, "POD", key); gsub(/eni[0-9a-f]+/, "eniX", key); gsub(/[0-9]+/, "N", key) }
    if (!(key in row)) { row[key] = ++lines; name[lines] = key }
    l = row[key]; value[l, ++count[l]] = $2; next }
  $1 == "escni-trace-total" { value["total", ++count["total"]] = $2 }
  END {
    printf "%d %ss; median ms\n\n| phase | ms |\n|---|---:|\n", run, verb
    printf "| exec → Main (runtime start; CPU before Main %.2f) | %.2f |\n", median("cpu"), median("exec")
    for (l = 1; l <= lines; l++) printf "| %s | %.2f |\n", name[l], median(l)
    printf "| **exec → exit, whole %s** | **%.2f** |\n", verb, median("total")
  }' "$2"; }
summarize ADD "$traces"; echo; summarize DEL "$deltraces"
rm -f "$traces" "$traces.one" "$deltraces"

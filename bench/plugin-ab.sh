#!/usr/bin/env bash
# A/B of escni plugin builds (issue 19): the ADD of each binary given, exec → exit, interleaved pod by pod (pod i of
# every binary before pod i+1, in the order given), each ADD followed by its DEL, against one real escni-ipamd on a
# simulated node; prints every binary's ADD median. For start-up settings measured one by one: all builds meet the same
# load, which two bench/plugin.sh runs minutes apart do not. Run it twice with the order reversed. Needs root.
#   bench/plugin-ab.sh [--pods 60] BINARY...      e.g. main's escni and this tree's, each published to its own folder
# Uses $ESCNI_ARTIFACTS/ipamd (default artifacts/ipamd) and tests/Ec2Sim's Release build; builds neither.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd); cd "$root"
pods=60
[ "${1:-}" = --pods ] && { pods=$2; shift 2; }
[ $# -gt 0 ] || { sed -n 2,7p "$0"; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "plugin-ab.sh: must run as root (network namespaces, veths)" >&2; exit 2; }
artifacts=${ESCNI_ARTIFACTS:-$root/artifacts}
. bench/lib/node-sim.sh
plugin_node escni-pab "$pods" || exit 1

# Runs inside the node namespace, one shell for the whole loop: each ADD (then its DEL) exec'd directly, as kubelet
# would; appends "binary ms" per ADD to $work/times. The first 10 rounds are not counted: a daemon that has just
# filled its pool answers its first calls from not-yet-optimized code.
interleave() {
  local pod start end
  for i in $(seq $((pods + 10))); do
    for b in "$@"; do
      pod="escni-pab-$$-$i"; ip netns add "$pod"
      export CNI_CONTAINERID="pab-$i" CNI_NETNS="/var/run/netns/$pod" CNI_IFNAME=eth0 CNI_PATH="$(dirname "$b")"
      start=$EPOCHREALTIME
      CNI_COMMAND=ADD "$b" <"$work/escni.json" >/dev/null
      end=$EPOCHREALTIME
      CNI_COMMAND=DEL "$b" <"$work/escni.json" >/dev/null
      ip netns del "$pod"
      [ "$i" -gt 10 ] && echo "$b $(echo "($end - $start) * 1000" | bc -l)" >>"$work/times"
    done
  done
}
export -f interleave; export work pods
ip netns exec "$node" bash -c 'interleave "$@"' interleave "$@"
echo "| binary | ADD p50 ms ($pods pods each, interleaved, load $(cut -d' ' -f1 /proc/loadavg)) |"
echo "|---|---:|"
for b in "$@"; do
  echo "| $b | $(awk -v b="$b" '$1 == b {print $2}' "$work/times" | sort -n | awk '{a[NR] = $1} END {printf "%.2f", a[int((NR + 1) / 2)]}') |"
done

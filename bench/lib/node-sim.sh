# shellcheck shell=bash
# Sourced by the daemon and plugin benchmarks: a simulated node to run escni-ipamd in.
#
# start_node_sim NODE OUT: creates the network namespace NODE (lo up) and starts the EC2/IMDS simulator in it for an
# m5.4xlarge (tests/Ec2Sim, built by the caller), its output in OUT; waits until it listens, then sets `sim` (its pid)
# and `url` (its endpoint, for AWS_EC2_ENDPOINT and AWS_EC2_METADATA_SERVICE_ENDPOINT). The caller removes both.
start_node_sim() {
  local node=$1 out=$2
  ip netns add "$node"; ip -n "$node" link set lo up
  ip netns exec "$node" dotnet "$root/tests/Ec2Sim/bin/Release/net10.0/EsCni.Ec2Sim.dll" --port 0 --node-netns "$node" \
    --scenario <(echo '{"instance":{"instanceType":"m5.4xlarge"}}') >"$out" 2>&1 &
  sim=$!
  for _ in $(seq 100); do grep -q listening "$out" && break; sleep 0.1; done
  url=$(sed -n 's/^listening on //p' "$out")/
}

# start_plugin_daemon NODE IPAMD_DIR WORK PODS: starts IPAMD_DIR/escni-ipamd in NODE for the plugin benchmarks (journal,
# socket WORK/run/ipamd.sock and DEL spool under WORK, no cooldown, a pool of PODS + 10 IPs) and waits until PODS IPs are
# free; sets `daemon` (its pid: ip netns exec execs it). Returns 1, with the daemon's log on stderr, if the pool never fills.
# DAEMON_ENV='VAR=value …' adds to the daemon's environment (e.g. a runtime setting under test).
start_plugin_daemon() {
  local node=$1 ipamd=$2 work=$3 pods=$4 free=0
  # shellcheck disable=SC2086 # DAEMON_ENV is a list of VAR=value words
  ip netns exec "$node" env AWS_EC2_ENDPOINT="$url" AWS_EC2_METADATA_SERVICE_ENDPOINT="$url" ESCNI_JOURNAL_DIR="$work/journal" \
    ESCNI_SOCKET="$work/run/ipamd.sock" ESCNI_SPOOL_DIR="$work/spool" IP_COOLDOWN_PERIOD=0 MINIMUM_IP_TARGET="$((pods + 10))" \
    WARM_IP_TARGET=8 ESCNI_EC2_MUTATE_RATE=50 ESCNI_EC2_MUTATE_BURST=50 ${DAEMON_ENV:-} "$ipamd/escni-ipamd" run >"$work/daemon.log" 2>&1 &
  daemon=$!
  for _ in $(seq 600); do
    free=$(ip netns exec "$node" curl -sf 127.0.0.1:61679/v1/pool 2>/dev/null | sed -n 's/.*"free": \([0-9]*\).*/\1/p')
    [ "${free:-0}" -ge "$pods" ] && return 0; sleep 0.2
  done
  echo "escni-ipamd's pool never reached $pods free IPs; its log:" >&2; tail -20 "$work/daemon.log" >&2
  return 1
}

# plugin_node NAME PODS: the whole node the plugin benchmarks run against — a work folder (`work`), a namespace
# (`node`, NAME-<pid>) with the simulator and IPAMD=$artifacts/ipamd filled to PODS free IPs (start_plugin_daemon), and
# $work/escni.json pointing at it; everything is removed at exit.
plugin_node() {
  work=$(mktemp -d "/tmp/$1.XXXXXX"); node="$1-$$"
  trap plugin_node_cleanup EXIT
  start_node_sim "$node" "$work/sim.out"
  start_plugin_daemon "$node" "$artifacts/ipamd" "$work" "$2" || return 1
  cat >"$work/escni.json" <<JSON
{"cniVersion":"1.0.0","name":"escni","type":"escni","ipamdSocket":"$work/run/ipamd.sock","spoolDir":"$work/spool","mtu":9001}
JSON
}

plugin_node_cleanup() {
  [ -n "${daemon:-}" ] && kill -9 "$daemon" 2>/dev/null; [ -n "${sim:-}" ] && kill "$sim" 2>/dev/null
  wait 2>/dev/null; ip netns del "$node" 2>/dev/null; rm -rf "$work"
}

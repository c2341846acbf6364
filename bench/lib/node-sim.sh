# shellcheck shell=bash
# Sourced by the daemon benchmarks: a simulated node to run escni-ipamd in.
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

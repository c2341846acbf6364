#!/usr/bin/env bash
# Writes a golden journal with the real binaries of this checkout: the EC2/IMDS simulator, escni-ipamd and the escni
# CNI plugin in a node network namespace, driven through every situation a later release must still read.
#
#   ./scripts/golden-journal.sh OUTDIR                 build the binaries, then write OUTDIR/journal + OUTDIR/live
#   ./scripts/golden-journal.sh OUTDIR --prebuilt DIR  use DIR/ipamd/escni-ipamd and DIR/plugin/escni (no build)
#   ./scripts/golden-journal.sh OUTDIR --churn N       N extra ADD/DEL cycles (default 0) to fill more segments
#   ./scripts/golden-journal.sh OUTDIR --open-eni-create
#                                                      leave an EniCreateRequested open at the end instead; skips
#                                                      phase 3, which in 0.1 stops the pool from ever creating an ENI
#                                                      (EC2 hands the unassigned IP to the next assign on another ENI
#                                                      and the pool refuses it, IpOnAnotherEni, on every pass)
#   ./scripts/golden-journal.sh OUTDIR --prefix-delegation
#                                                      ENABLE_PREFIX_DELEGATION=true (m5.large, the simulator's default
#                                                      scenario): the pool grows by /28 prefixes (PoolPrefixes* events,
#                                                      SnapshotIp.prefix); skips phase 3 (an IP of a prefix is not a
#                                                      secondary IP EC2 can unassign alone); MINIMUM_IP_TARGET is
#                                                      doubled in every phase (see start_daemon); phase 6 leaves a
#                                                      PoolPrefixesRequested (or EniCreateRequested) open
#   ./scripts/golden-journal.sh OUTDIR --ipv6         ENABLE_IPv6=true ENABLE_PREFIX_DELEGATION=true on a simulator
#                                                      scenario with IPv6 CIDRs (as tests/Integration DaemonIpv6Tests):
#                                                      pods get /128s of the node's /80 (snapshot format 3); skips
#                                                      phase 3 (no secondary IPs) and phase 6 (no ENI or IP growth in
#                                                      IPv6: one /80 serves every pod) and ends with the SIGKILL of phase 5
#
# The journal it leaves (2 MiB segments, a snapshot every 40 events):
#   phase 1  fresh node, IP_COOLDOWN_PERIOD=0: pods added and deleted so IPs get several owners over time;
#            with --churn N, N more ADD/DEL cycles sent straight to the daemon's socket (scripts/golden-churn),
#            enough to seal segments (about 5,000 cycles per 2 MiB segment)
#   phase 2  clean restart (SIGTERM: NodeStopped) with IP_COOLDOWN_PERIOD=3600, more pods
#   phase 3  an allocated IP unassigned in EC2 behind the daemon's back (EC2 Query API of the simulator):
#            the reconciler journals AllocationQuarantined
#   phase 4  pods deleted: their IPs cool down for an hour
#   phase 5  SIGKILL, restart (recovery from the snapshot + tail), more pods
#   phase 6  EC2 made slow (10 s per call), MINIMUM_IP_TARGET raised on a restart: SIGKILL as soon as the daemon
#            journals the request to grow the pool (EniCreateRequested or PoolIpsRequested), so it stays open
#   phase 7  a torn tail: a partial frame appended after the last good frame of the active segment, as a crash in
#            the middle of a write leaves it (phase 7 below says exactly what is written)
# OUTDIR/live holds what the running daemon answered before phase 6 (/v1/pods, /v1/enis), its log, and
# OUTDIR/golden.env the facts the expected outputs are computed at (IPs, moments), and OUTDIR/node how the node was
# set up (daemon.env: the pool mode; scenario.json: the simulator's scenario, when not its default).
# Needs root (network namespaces). Uses namespaces escni-golden-*; removes them on exit.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: golden-journal.sh OUTDIR [--prebuilt DIR] [--churn N] [--open-eni-create] [--prefix-delegation] [--ipv6]}
shift
prebuilt=""
churn=0
open_wanted="EniCreateRequested PoolIpsRequested"
prefix_delegation=false
ipv6=false
while [ $# -gt 0 ]; do
  case "$1" in
    --prebuilt) prebuilt="$2"; shift ;;
    --churn) churn="$2"; shift ;;
    --open-eni-create) open_wanted="EniCreateRequested" ;;
    --prefix-delegation) prefix_delegation=true; open_wanted="EniCreateRequested PoolPrefixesRequested" ;;
    --ipv6) ipv6=true; prefix_delegation=true; open_wanted="" ;;
    *) echo "golden-journal.sh: unknown argument '$1' (see the header of $0)" >&2; exit 2 ;;
  esac
  shift
done
[ "$(id -u)" -eq 0 ] || { echo "golden-journal.sh: must run as root: it creates network namespaces" >&2; exit 1; }
[ -e "$out/journal" ] && { echo "golden-journal.sh: $out/journal exists; give a new OUTDIR" >&2; exit 1; }
mkdir -p "$out/live"
out=$(cd "$out" && pwd)

work=$(mktemp -d /tmp/escni-golden.XXXXXX)
node="escni-golden-node"
sim_pid=""; daemon_pid=""
cleanup() {
  [ -n "$daemon_pid" ] && kill -9 "$daemon_pid" 2>/dev/null || true
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null || true
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^escni-golden-' || true); do ip netns del "$ns" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
step() { printf '\n== %s\n' "$*"; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ -z "$prebuilt" ]; then
  step "build"
  (cd "$root" && dotnet publish src/Ipamd -c Release -o "$work/bin/ipamd" -nologo -v q -clp:ErrorsOnly \
    && dotnet publish src/Plugin -c Release -r linux-x64 -o "$work/bin/plugin" -nologo -v q -clp:ErrorsOnly)
  prebuilt="$work/bin"
fi
(cd "$root" && dotnet build tests/Ec2Sim -c Release -nologo -v q -clp:ErrorsOnly)
ipamd="$prebuilt/ipamd/escni-ipamd"
plugin="$prebuilt/plugin/escni"
journal="$out/journal"

step "node namespace $node, EC2/IMDS simulator"
ip netns add "$node"
ip -n "$node" link set lo up
scenario=()
if [ "$ipv6" = true ]; then
  # The node's own IPv6 address (what the pods' default route points at) and a VPC with IPv6 CIDRs.
  ip -n "$node" -6 addr add fd00:17::1/128 dev lo
  cat >"$work/scenario.json" <<'JSON'
{
  "vpc": { "id": "vpc-0sim0000000000001", "cidrBlocks": ["10.10.0.0/16"], "ipv6CidrBlocks": ["2600:1f14:abc:de00::/56"] },
  "subnets": [{ "id": "subnet-0sim000000000001", "cidrBlock": "10.10.0.0/20", "availabilityZone": "us-west-2a", "ipv6CidrBlock": "2600:1f14:abc:de01::/64" }],
  "instance": { "instanceType": "m5.large" }
}
JSON
  scenario=(--scenario "$work/scenario.json")
fi
# How the node was set up, for whoever starts a daemon on this journal later (DaemonGoldenJournalTests): the pool
# settings it was written under and, when not the simulator's default, the simulator's scenario.
mkdir -p "$out/node"
printf 'ENABLE_PREFIX_DELEGATION=%s\nENABLE_IPv6=%s\n' "$prefix_delegation" "$ipv6" >"$out/node/daemon.env"
[ "$ipv6" = true ] && cp "$work/scenario.json" "$out/node/scenario.json"
ip netns exec "$node" dotnet "$root/tests/Ec2Sim/bin/Release/net10.0/EsCni.Ec2Sim.dll" --port 0 "${scenario[@]}" --node-netns "$node" \
  >"$work/sim.out" 2>"$work/sim.err" &
sim_pid=$!
for _ in $(seq 1 300); do grep -q 'listening on' "$work/sim.out" 2>/dev/null && break; sleep 0.2; done
sim_url=$(sed -n 's/^listening on //p' "$work/sim.out" | head -1)
[ -n "$sim_url" ] || { echo "the simulator did not start:"; cat "$work/sim.err"; exit 1; }
in_node() { ip netns exec "$node" "$@"; }
api() { in_node curl -sf "http://127.0.0.1:61679$1"; }
sim() { in_node curl -sf "$sim_url$1" "${@:2}"; }

starts=0
start_daemon() { # start_daemon COOLDOWN_S MINIMUM_IP_TARGET
  starts=$((starts + 1))
  local minimum=$2
  # With prefixes, IPs cooling down fill the node's /28 and the warm pool does not count them as missing: a doubled
  # minimum keeps a second prefix so that each phase has free IPs for its pods.
  [ "$prefix_delegation" = true ] && [ "$ipv6" = false ] && minimum=$((2 * minimum))
  # Not through in_node: a function in the background is a subshell, and its pid is not the daemon's.
  ip netns exec "$node" env AWS_EC2_ENDPOINT="$sim_url/" AWS_EC2_METADATA_SERVICE_ENDPOINT="$sim_url/" \
    ESCNI_JOURNAL_DIR="$journal" ESCNI_SOCKET="$work/run/ipamd.sock" \
    ESCNI_JOURNAL_SEGMENT_MIB=2 ESCNI_SNAPSHOT_EVERY=40 IP_COOLDOWN_PERIOD="$1" ENABLE_PREFIX_DELEGATION="$prefix_delegation" ENABLE_IPv6="$ipv6" \
    WARM_IP_TARGET=3 MINIMUM_IP_TARGET="$minimum" ESCNI_POOL_INTERVAL_MS=200 ESCNI_RECONCILE_INTERVAL_S=2 \
    ESCNI_EC2_MUTATE_RATE=50 ESCNI_EC2_MUTATE_BURST=50 ESCNI_EC2_MAX_RETRIES=1 HTTP_TIMEOUT=30 \
    "$ipamd" run >>"$work/daemon.log" 2>&1 &
  daemon_pid=$!
  for _ in $(seq 1 600); do
    [ "$(grep -c 'ready in' "$work/daemon.log" 2>/dev/null || true)" -ge "$starts" ] && return 0
    kill -0 "$daemon_pid" 2>/dev/null || { echo "escni-ipamd exited:"; tail -30 "$work/daemon.log"; exit 1; }
    sleep 0.1
  done
  echo "escni-ipamd not ready:"; tail -30 "$work/daemon.log"; exit 1
}
stop_daemon() { # stop_daemon SIGNAL
  kill "-$1" "$daemon_pid"; wait "$daemon_pid" 2>/dev/null || true; daemon_pid=""
}
wait_free() { # wait_free N (IPv6: the node's /80, which serves every pod)
  for _ in $(seq 1 600); do
    if [ "$ipv6" = true ]; then
      [ "$(api /v1/pool | jq -r '.ipv6.prefixes | length' 2>/dev/null || echo 0)" -ge 1 ] && return 0
      sleep 0.2; continue
    fi
    [ "$(api /v1/pool | jq -r '.free' 2>/dev/null || echo 0)" -ge "$1" ] && return 0
    sleep 0.2
  done
  echo "the pool never had $1 free IPs:"; api /v1/pool; exit 1
}

cni() { # cni COMMAND POD NETNS
  local id conf
  id=$(printf '%s' "$2" | sha256sum | cut -c1-64)
  conf=$(jq -n --arg sock "$work/run/ipamd.sock" --arg log "$work/plugin.log" \
    '{cniVersion:"1.0.0", name:"escni", type:"escni", ipamdSocket:$sock, mtu:9001, logFile:$log, logLevel:"info"}')
  [ "$ipv6" = true ] && conf=$(jq --arg egress "$work/egress-v4" '.cniVersion = "1.1.0" | .v4EgressDir = $egress' <<<"$conf")
  in_node env CNI_COMMAND="$1" CNI_CONTAINERID="$id" CNI_NETNS="/var/run/netns/$3" CNI_IFNAME=eth0 \
    CNI_PATH="$(dirname "$plugin")" \
    CNI_ARGS="IgnoreUnknown=1;K8S_POD_NAMESPACE=shop;K8S_POD_NAME=$2;K8S_POD_INFRA_CONTAINER_ID=$id;K8S_POD_UID=$(printf '%s' "uid-$2" | md5sum | sed -E 's/^(.{8})(.{4})(.{4})(.{4})(.{12}).*/\1-\2-\3-\4-\5/')" \
    "$plugin" <<<"$conf"
}
add() { ip netns add "escni-golden-$1"; cni ADD "$1" "escni-golden-$1" >"$work/$1.json" || { echo "ADD $1:"; cat "$work/$1.json"; exit 1; }; jq -r '.ips[0].address' "$work/$1.json"; }
del() { cni DEL "$1" "escni-golden-$1" >/dev/null; ip netns del "escni-golden-$1"; }

step "phase 1: fresh node, no cooldown, churn so IPs change hands"
start_daemon 0 8
wait_free 8
for p in cart-0 cart-1 cart-2 cart-3 cart-4 cart-5; do echo "$p $(add "$p")"; done
previous="cart-0 cart-1"
for round in 1 2 3; do
  for p in $previous; do del "$p"; done
  previous="job-$round-a job-$round-b"
  for p in $previous; do echo "$p $(add "$p")"; done
done
if [ "$churn" -gt 0 ]; then
  # The bulk goes straight to the daemon's gRPC socket (scripts/golden-churn/ChurnDriver.cs), as the plugin would send it.
  mkdir -p "$work/churn"
  versions=()
  for p in Google.Protobuf Grpc.Net.Client Grpc.Tools; do
    versions+=(-e "s|@$p@|$(sed -n "s/.*Include=\"$p\" Version=\"\([^\"]*\)\".*/\1/p" "$root/Directory.Packages.props")|g")
  done
  sed -e "s|@REPO@|$root|g" "${versions[@]}" "$root/scripts/golden-churn/ChurnDriver.csproj.template" >"$work/churn/ChurnDriver.csproj"
  dotnet build "$work/churn/ChurnDriver.csproj" -c Release -o "$work/churn/out" -nologo -v q -clp:ErrorsOnly
  dotnet "$work/churn/out/ChurnDriver.dll" "$work/run/ipamd.sock" "$(api /v1/pool | jq -r .node.build)" "$churn"
fi
echo "end of phase 1: LSN $(api /v1/pool | jq -r .lsn)"
moment_churned=$(date -u +%Y-%m-%dT%H:%M:%S.%6NZ)
sleep 1

step "phase 2: clean restart with a one-hour cooldown"
stop_daemon TERM
start_daemon 3600 16
wait_free 3
for p in api-0 api-1 api-2; do echo "$p $(add "$p")"; done

quarantined_ip=""; quarantined_eni=""; moment_quarantined=""
if [ "$open_wanted" = EniCreateRequested ]; then
  step "phase 3: skipped (--open-eni-create)"
elif [ "$prefix_delegation" = true ]; then
  step "phase 3: skipped ($([ "$ipv6" = true ] && echo --ipv6 || echo --prefix-delegation))"
else
  step "phase 3: unassign the IP of cart-3 in EC2 behind the daemon's back; wait for the quarantine"
  quarantined_ip=$(jq -r '.ips[0].address' "$work/cart-3.json" | cut -d/ -f1)
  quarantined_eni=$(api /v1/pods | jq -r --arg ip "$quarantined_ip" '.[] | select(.ip == $ip) | .eni')
  sim / --data-urlencode Action=UnassignPrivateIpAddresses --data-urlencode Version=2016-11-15 \
    --data-urlencode "NetworkInterfaceId=$quarantined_eni" --data-urlencode "PrivateIpAddress.1=$quarantined_ip" >/dev/null
  for _ in $(seq 1 300); do
    [ "$(api /v1/pods | jq -r --arg ip "$quarantined_ip" '.[] | select(.ip == $ip) | .quarantined')" = true ] && break
    sleep 0.2
  done
  api /v1/pods | jq -e --arg ip "$quarantined_ip" '.[] | select(.ip == $ip) | .quarantined' >/dev/null
  echo "quarantined $quarantined_ip on $quarantined_eni"
  moment_quarantined=$(date -u +%Y-%m-%dT%H:%M:%S.%6NZ)
fi

step "phase 4: delete pods inside the cooldown"
cooling_ips=""
for p in cart-4 api-1; do cooling_ips="$cooling_ips $(jq -r '.ips[0].address' "$work/$p.json" | cut -d/ -f1)"; del "$p"; done
echo "cooling:$cooling_ips"
sleep 0.5
moment_cooling=$(date -u +%Y-%m-%dT%H:%M:%S.%6NZ)

step "phase 5: SIGKILL, restart from the snapshot + tail, more pods"
stop_daemon KILL
start_daemon 3600 16
wait_free 3
grep 'journal recovered' "$work/daemon.log" | tail -1
for p in api-3 web-0; do echo "$p $(add "$p")"; done
wait_free 2
api /v1/pods >"$out/live/pods.json"
api /v1/enis >"$out/live/enis.json"

open_type=""
if [ "$ipv6" = true ]; then
  step "phase 6: skipped (--ipv6): SIGKILL with the pods of phase 5 running"
  stop_daemon KILL
else
step "phase 6: slow EC2, a bigger pool wanted, SIGKILL while the request is open"
lsn_before=$(api /v1/pool | jq -r .lsn)
sim /admin/faults -X PUT -H 'content-type: application/json' -d '{"latencyMs": 10000}' >/dev/null
stop_daemon TERM
start_daemon 3600 40
open_type=""
for _ in $(seq 1 1200); do # the node's first EC2 calls take 10 s each now: allow two minutes
  open_type=$(api "/v1/events?since=$lsn_before&limit=1000" | jq -r --arg wanted "$open_wanted" '[.[] | .type | select(. as $t | $wanted | split(" ") | index($t))] | last // empty' 2>/dev/null || true)
  [ -n "$open_type" ] && break
  sleep 0.1
done
stop_daemon KILL
[ -n "$open_type" ] || { echo "the daemon journaled no $open_wanted in two minutes; nothing is left open"; exit 1; }
echo "killed with an open $open_type"
fi

step "phase 7: torn tail"
python3 - "$journal" <<'PY' | tee "$out/live/torn-tail.txt"
# A crash in the middle of the last write: its first sector reached the disk, the rest did not. The partial frame has a
# plausible header (next LSN, the segment's salt, type IpAllocated, flags Commit|SyncEnd, len 160) but only 72 of its
# 208 bytes, so its CRC cannot verify; recovery classifies it as a torn tail (journal-format.md section 4).
import glob, os, struct, sys
seg = sorted(glob.glob(os.path.join(sys.argv[1], "*.seg")))[-1]
data = open(seg, "rb").read()
salt = struct.unpack_from("<I", data, 12)[0]
pos, last_lsn = 64, 0
while pos + 48 <= len(data) and any(data[pos:pos + 48]):
    length, _, lsn = struct.unpack_from("<IIq", data, pos)
    last_lsn = lsn
    pos += (48 + length + 7) & ~7
header = struct.pack("<IIqIHHq16s", 160, 0x5EEDF00D, last_lsn + 1, salt, 30, 1 | 4, 0, b"golden-torn-tail")
with open(seg, "r+b") as f:
    f.seek(pos)
    f.write(header + bytes([0xA5]) * 24)
print(f"{os.path.basename(seg)}: 72 bytes of a partial frame written at offset {pos}, after LSN {last_lsn}")
PY

cat >"$out/golden.env" <<EOF
quarantined_ip=$quarantined_ip
quarantined_eni=$quarantined_eni
cooling_ips="${cooling_ips# }"
moment_churned=$moment_churned
moment_quarantined=$moment_quarantined
moment_cooling=$moment_cooling
open_intent=${open_type}
daemon_starts=$starts
EOF
cp "$work/daemon.log" "$out/live/daemon.log"
step "done: $journal"
ls -l "$journal"

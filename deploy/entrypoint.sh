#!/bin/sh
# escni-node: the node-side steps around escni-ipamd, run by the DaemonSet's containers (deploy/kubernetes/daemonset.yaml).
#
#   escni-node install-plugin     copy the `escni` plugin (and portmap, if the node has none) into $HOST_CNI_BIN_DIR
#   escni-node ready              exit 0 only if escni-ipamd says "ready": true on its introspection endpoint
#   escni-node install-conflist   wait until ready, then write $HOST_CNI_NET_DIR/10-escni.conflist
#   escni-node cni-config         install-conflist, then stay up (the DaemonSet's sidecar)
#
# Why the conflist waits: kubelet reports the node NetworkReady as soon as a conflist exists in /etc/cni/net.d, and
# pods scheduled then would fail ADD with "not ready" until the daemon has recovered its journal and attached an ENI.
# The VPC CNI's entrypoint (cmd/aws-vpc-cni) writes 10-aws.conflist only after ipamd's gRPC health says SERVING; we do
# the same with the introspection view of the same readiness (DaemonReadiness), because gRPC is served only on the
# unix socket and speaking gRPC health from sh would need a client binary in the image.
#
# Every file is written to a temporary name in the target directory and renamed: kubelet/containerd may read the
# directory or exec the plugin at any moment, and must never see half a file.
set -eu

HOST_CNI_BIN_DIR=${HOST_CNI_BIN_DIR:-/host/opt/cni/bin}
HOST_CNI_NET_DIR=${HOST_CNI_NET_DIR:-/host/etc/cni/net.d}
ESCNI_PLUGIN_SRC=${ESCNI_PLUGIN_SRC:-/opt/escni/cni/escni}
ESCNI_CONFLIST_SRC=${ESCNI_CONFLIST_SRC:-/opt/escni/cni/10-escni.conflist}
ESCNI_CNI_PLUGINS_DIR=${ESCNI_CNI_PLUGINS_DIR:-/usr/lib/cni}
ESCNI_READY_POLL_S=${ESCNI_READY_POLL_S:-1}
CONFLIST_NAME=10-escni.conflist

log() { echo "escni-node: $*" >&2; }

# install_file SRC DIR NAME MODE: copy SRC to DIR/NAME atomically (temp file in DIR, then rename).
install_file() {
  tmp="$2/.$3.escni-tmp.$$"
  cp "$1" "$tmp"
  chmod "$4" "$tmp"
  mv -f "$tmp" "$2/$3"
}

# The introspection URL from INTROSPECTION_BIND_ADDRESS (host:port); a wildcard host is reached on loopback.
introspection_url() {
  if [ "${DISABLE_INTROSPECTION:-false}" = "true" ]; then
    log "DISABLE_INTROSPECTION=true, but readiness is read from the introspection endpoint; set it to false in the escni-config ConfigMap."
    exit 2
  fi
  addr=${INTROSPECTION_BIND_ADDRESS:-127.0.0.1:61679}
  port=${addr##*:}
  host=${addr%:*}
  case "$host" in
    ""|"*"|0.0.0.0) host=127.0.0.1 ;;
    "[::]") host="[::1]" ;;
  esac
  echo "http://$host:$port/v1/pool"
}

cmd_install_plugin() {
  [ -f "$ESCNI_PLUGIN_SRC" ] || { log "plugin binary $ESCNI_PLUGIN_SRC is missing from the image; rebuild it from deploy/Dockerfile."; exit 1; }
  [ -d "$HOST_CNI_BIN_DIR" ] || { log "$HOST_CNI_BIN_DIR does not exist; mount the node's /opt/cni/bin there."; exit 1; }
  install_file "$ESCNI_PLUGIN_SRC" "$HOST_CNI_BIN_DIR" escni 0755
  log "installed $HOST_CNI_BIN_DIR/escni"
  # The conflist chains portmap (hostPort). Nodes usually ship it with containerd; never replace the node's own copy.
  if [ ! -e "$HOST_CNI_BIN_DIR/portmap" ] && [ -f "$ESCNI_CNI_PLUGINS_DIR/portmap" ]; then
    install_file "$ESCNI_CNI_PLUGINS_DIR/portmap" "$HOST_CNI_BIN_DIR" portmap 0755
    log "installed $HOST_CNI_BIN_DIR/portmap (the node had none)"
  fi
}

# Prints the daemon's notReadyReason (asking $url) (or why it could not be asked) and returns non-zero unless it is ready.
check_ready() {
  body=$(curl -fsS --max-time 2 "$url" 2>&1) || { echo "introspection not answering: $body"; return 1; }
  if echo "$body" | grep -Eq '"ready": *true'; then
    return 0
  fi
  echo "$body" | sed -n 's/.*"notReadyReason": *"\([^"]*\)".*/\1/p'
  return 1
}

cmd_ready() {
  url=$(introspection_url) || exit 2
  if reason=$(check_ready); then
    exit 0
  fi
  log "escni-ipamd is not ready: $reason"
  exit 1
}

cmd_install_conflist() {
  [ -f "$ESCNI_CONFLIST_SRC" ] || { log "conflist $ESCNI_CONFLIST_SRC is missing from the image; rebuild it from deploy/Dockerfile."; exit 1; }
  [ -d "$HOST_CNI_NET_DIR" ] || { log "$HOST_CNI_NET_DIR does not exist; mount the node's /etc/cni/net.d there."; exit 1; }
  url=$(introspection_url) || exit 2
  waited=0
  until reason=$(check_ready); do
    # One line every 10 polls: enough to see why a node stays NotReady without flooding the log.
    if [ $((waited % 10)) -eq 0 ]; then
      log "waiting for escni-ipamd before writing the conflist (${waited} polls): $reason"
    fi
    waited=$((waited + 1))
    sleep "$ESCNI_READY_POLL_S"
  done
  socket=${ESCNI_SOCKET:-/run/escni/ipamd.sock}
  tmp="$HOST_CNI_NET_DIR/.$CONFLIST_NAME.escni-tmp.$$"
  # The plugin must dial the socket the daemon serves: take it from the same ConfigMap the daemon reads.
  sed "s#\"ipamdSocket\": *\"[^\"]*\"#\"ipamdSocket\": \"$socket\"#" "$ESCNI_CONFLIST_SRC" >"$tmp"
  chmod 0644 "$tmp"
  mv -f "$tmp" "$HOST_CNI_NET_DIR/$CONFLIST_NAME"
  log "escni-ipamd is ready; wrote $HOST_CNI_NET_DIR/$CONFLIST_NAME"
  # The runtime uses the first conflist by name: one sorting before ours (10-aws.conflist does) still wins.
  for other in "$HOST_CNI_NET_DIR"/*.conf "$HOST_CNI_NET_DIR"/*.conflist "$HOST_CNI_NET_DIR"/*.json; do
    [ -e "$other" ] || continue
    name=${other##*/}
    if [ "$name" != "$CONFLIST_NAME" ] && [ "$(printf '%s\n%s\n' "$name" "$CONFLIST_NAME" | LC_ALL=C sort | head -n1)" = "$name" ]; then
      log "warning: $name sorts before $CONFLIST_NAME, so the container runtime uses it, not escni; remove it (see deploy/README.md, migrating from the VPC CNI)."
    fi
  done
}

cmd_cni_config() {
  cmd_install_conflist
  # Stay up so the pod's sidecar is not restarted in a loop; TERM (pod deletion) ends it at once.
  trap 'exit 0' TERM INT
  while :; do
    sleep 3600 &
    wait $! || true
  done
}

case "${1:-}" in
  install-plugin) cmd_install_plugin ;;
  ready) cmd_ready ;;
  install-conflist) cmd_install_conflist ;;
  cni-config) cmd_cni_config ;;
  *)
    sed -n 2,7p "$0" >&2
    exit 2
    ;;
esac

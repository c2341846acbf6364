#!/usr/bin/env bash
# Builds the node image escni:<version> and the simulator image escni-ec2sim:<version> from deploy/Dockerfile with
# podman (no Docker daemon needed), and prints their sizes.
#
#   ./scripts/image.sh                the Dockerfile as a user's CI builds it: bases from mcr.microsoft.com, the
#                                     binaries compiled in its build stage
#   ./scripts/image.sh --local-base   no registry at all: the runtime base made here (scripts/lib/local-base.sh:
#                                     bookworm from mmdebstrap + this machine's .NET runtimes), and the build stage
#                                     replaced by a publish on this host with the same commands (DESIGN.md §2.1),
#                                     handed to the Dockerfile as the build context named "build"
#   --tag VERSION                     tag other than the version in Directory.Build.props
#
# Needs root. Uses runc with cgroupfs (crun refuses this machine's hybrid cgroup layout) and the host network for
# RUN steps (apt-get reaches the same mirror the host uses).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

local_base=0
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n1)
while [ $# -gt 0 ]; do
  case "$1" in
    --local-base) local_base=1 ;;
    --tag) [ $# -ge 2 ] || { echo "image.sh: --tag needs a value, e.g. --tag 0.2.1" >&2; exit 2; }; version="$2"; shift ;;
    -h|--help) sed -n 2,15p "$0"; exit 0 ;;
    *) echo "image.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done
[ "$(id -u)" -eq 0 ] || { echo "image.sh: must run as root (podman builds into /var/lib/containers)" >&2; exit 1; }

# shellcheck source=scripts/lib/packages.sh
. "$root/scripts/lib/packages.sh"
packages=(podman runc)
[ "$local_base" -eq 1 ] && packages+=(mmdebstrap clang zlib1g-dev)
ensure_packages "${packages[@]}" || { echo "image.sh: installing ${packages[*]} failed" >&2; exit 1; }

podman=(podman --runtime runc --cgroup-manager cgroupfs)
# podman asks for RLIMIT_NOFILE 1048576 by default; a container may not raise it above the caller's hard limit.
nofile=$(ulimit -Hn)
build=("${podman[@]}" build --network host --ulimit "nofile=$nofile:$nofile"
       -f deploy/Dockerfile --ignorefile deploy/Dockerfile.dockerignore)

if [ "$local_base" -eq 1 ]; then
  # shellcheck source=scripts/lib/local-base.sh
  . "$root/scripts/lib/local-base.sh"
  base=$(ensure_local_base)
  # The same publish commands and directories as scripts/test.sh (so after it this is quick); the build context
  # "build" is a hard-linked copy laid out as the build stage's /out.
  artifacts=${ESCNI_ARTIFACTS:-$root/artifacts}
  echo "== publish on this host into $artifacts (instead of the Dockerfile's build stage; same commands)" >&2
  dotnet publish src/Ipamd -c Release -o "$artifacts/ipamd" -nologo -v q -clp:ErrorsOnly
  dotnet publish src/Plugin -c Release -r linux-x64 -o "$artifacts/plugin" -nologo -v q -clp:ErrorsOnly
  dotnet publish tests/Ec2Sim -c Release -o "$artifacts/ec2sim" -nologo -v q -clp:ErrorsOnly
  out="$artifacts/image-build"
  rm -rf "$out" && mkdir -p "$out/out"
  for part in ipamd plugin ec2sim; do cp -al "$artifacts/$part" "$out/out/$part"; done
  build+=(--pull=never --build-arg "RUNTIME_IMAGE=$base" --build-context "build=$out")
fi

echo "== escni-ec2sim:$version" >&2
"${build[@]}" --target ec2sim -t "escni-ec2sim:$version" .
echo "== escni:$version" >&2
"${build[@]}" --target escni -t "escni:$version" .

for image in "escni:$version" "escni-ec2sim:$version"; do
  size=$(podman image inspect --format '{{.Size}}' "localhost/$image")
  echo "$image: $((size / 1024 / 1024)) MiB"
done
echo "image.sh: done in ${SECONDS} s" >&2

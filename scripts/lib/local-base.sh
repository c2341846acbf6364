# ensure_local_base: makes (or finds) a local stand-in for mcr.microsoft.com/dotnet/aspnet:10.0 and prints its name.
#
# Why: the official bases come from a registry; this builds the same kind of image from what this machine already has,
# so `./scripts/image.sh --local-base` needs no registry at all (CI machines, air-gapped hosts):
#   - a Debian bookworm root file system made by mmdebstrap from the machine's own apt mirror (variant "apt": Essential
#     packages and apt, because the Dockerfile's stages run apt-get), plus the libraries .NET needs;
#   - the host's .NET runtimes (Microsoft.NETCore.App and Microsoft.AspNetCore.App, the `dotnet` host) copied in: no
#     SDK, no packs, no templates — what the official aspnet image holds;
#   - the official image's environment (DOTNET_RUNNING_IN_CONTAINER, ASPNETCORE_HTTP_PORTS), so the daemon meets the
#     same settings it meets in production.
# The root file system is cached under $ESCNI_IMAGE_CACHE (default /var/cache/escni-image) keyed by every input
# (mirror, packages, runtime versions, this recipe), so reruns take seconds; a changed input makes a new key.

ESCNI_IMAGE_CACHE=${ESCNI_IMAGE_CACHE:-/var/cache/escni-image}
# What the official aspnet image installs for .NET on Debian (dotnet-docker's runtime-deps Dockerfile).
LOCAL_BASE_PACKAGES="ca-certificates,libc6,libgcc-s1,libicu72,libssl3,libstdc++6,tzdata,zlib1g"
LOCAL_BASE_SUITE=bookworm

# The Debian mirror this machine's apt uses (one-line or deb822 sources); ESCNI_DEBIAN_MIRROR overrides it.
debian_mirror() {
  if [ -n "${ESCNI_DEBIAN_MIRROR:-}" ]; then echo "$ESCNI_DEBIAN_MIRROR"; return; fi
  { grep -hE '^\s*deb\s' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
      | sed -E 's/\[[^]]*\]//' | awk '{print $2}'
    grep -hE '^\s*URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -E 's/^\s*URIs:\s*//' | tr ' ' '\n'
  } | grep -E '^https?://.*/debian/?$' | grep -v security | head -n1
}

# The runtimes copied from the host: the dotnet host and the two shared frameworks the daemon and simulator need.
dotnet_root() { dirname "$(readlink -f "$(command -v dotnet)")"; }

ensure_local_base() {
  local mirror dotnet runtimes key image tar
  mirror=$(debian_mirror)
  [ -n "$mirror" ] || { echo "local-base: no Debian mirror in /etc/apt/sources.list*; set ESCNI_DEBIAN_MIRROR=http://deb.debian.org/debian" >&2; return 1; }
  command -v dotnet >/dev/null || { echo "local-base: no dotnet on PATH; install the .NET 10 SDK or runtime (the base copies its runtimes)" >&2; return 1; }
  dotnet=$(dotnet_root)
  [ -d "$dotnet/shared/Microsoft.AspNetCore.App" ] || { echo "local-base: $dotnet has no ASP.NET Core runtime (shared/Microsoft.AspNetCore.App)" >&2; return 1; }
  runtimes=$(cd "$dotnet" && ls -d shared/Microsoft.NETCore.App/* shared/Microsoft.AspNetCore.App/* host/fxr/*)
  key=$( { echo "$mirror $LOCAL_BASE_SUITE $LOCAL_BASE_PACKAGES"; echo "$runtimes"; declare -f ensure_local_base; } | sha256sum | cut -c1-16)
  image="localhost/escni-base-aspnet:$key"
  if podman image exists "$image"; then echo "$image"; return 0; fi

  mkdir -p "$ESCNI_IMAGE_CACHE"
  tar="$ESCNI_IMAGE_CACHE/aspnet-$key.tar"
  if [ ! -s "$tar" ]; then
    echo "== local base: mmdebstrap $LOCAL_BASE_SUITE from $mirror + .NET runtimes from $dotnet" >&2
    # Copied into the root file system by a hook running on the host ($1 is the new root).
    # Documentation, man pages and translations left out (as Debian's -slim images do); the dpkg setting stays in the
    # image, so the Dockerfile's own apt-get installs leave them out too.
    mmdebstrap --quiet --format=tar --variant=apt --include="$LOCAL_BASE_PACKAGES" \
      --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
      --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
      --customize-hook="mkdir -p \"\$1/usr/share/dotnet/shared\" && cp -a '$dotnet/dotnet' '$dotnet/host' \"\$1/usr/share/dotnet/\" && cp -a '$dotnet/shared/Microsoft.NETCore.App' '$dotnet/shared/Microsoft.AspNetCore.App' \"\$1/usr/share/dotnet/shared/\" && ln -s /usr/share/dotnet/dotnet \"\$1/usr/bin/dotnet\"" \
      "$LOCAL_BASE_SUITE" "$tar.partial" "$mirror" >&2 \
      || { rm -f "$tar.partial"; echo "local-base: mmdebstrap failed (see above); it needs the mirror $mirror" >&2; return 1; }
    mv -f "$tar.partial" "$tar"
  fi
  local version
  version=$(basename "$(cd "$dotnet" && ls -d shared/Microsoft.AspNetCore.App/* | sort -V | tail -n1)")
  podman import --quiet \
    --change "ENV DOTNET_RUNNING_IN_CONTAINER=true" --change "ENV ASPNETCORE_HTTP_PORTS=8080" \
    --change "ENV DOTNET_VERSION=$version" --change "ENV ASPNETCORE_VERSION=$version" \
    --change 'CMD ["bash"]' "$tar" "$image" >/dev/null \
    || { echo "local-base: podman import $tar failed" >&2; return 1; }
  echo "$image"
}

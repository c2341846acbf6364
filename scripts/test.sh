#!/usr/bin/env bash
# The one test command: installs what the tests need, builds, runs every test project of EsCni.sln, and
# prints the totals alone on its last line as "N passed, N failed[, N skipped]" on every exit path (a setup
# step that fails counts as one failure).
#
#   ./scripts/test.sh            bounded default run (CI)
#   ./scripts/test.sh --long     also the long crash/soak/fuzz versions (ESCNI_LONG=1)
#   ./scripts/test.sh --filter X only tests whose full name contains X (dotnet test --filter); an error
#                                when no project has such a test
#
# A test that runs longer than ESCNI_TEST_HANG_TIMEOUT (default 15m, 60m with --long; the slowest
# Integration test takes ~4 min on a busy 2-core box) is killed with a minidump beside the project's log.
#
# Needs root: tests create network namespaces, links and a private PostgreSQL cluster.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

long=0
filter=""
while [ $# -gt 0 ]; do
  case "$1" in
    --long) long=1 ;;
    --filter) [ $# -ge 2 ] || { echo "test.sh: --filter needs a value, e.g. --filter NodePool" >&2; exit 2; }
              filter="$2"; shift ;;
    -h|--help) sed -n 2,14p "$0"; exit 0 ;;
    *) echo "test.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

passed=0; failed=0; skipped=0
# The totals line comes last whatever ends the run: a failed setup step exits through here too.
finish() {
  local rc=$?
  stop_private_postgres
  [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
  if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
  else
    echo "$passed passed, $failed failed"
  fi
  [ "$failed" -eq 0 ] && exit 0
  exit 1
}
stop_private_postgres() { :; }  # replaced by the real one once PostgreSQL is sourced
trap finish EXIT
setup_failed() { echo "test.sh: $1" >&2; failed=$((failed + 1)); exit 1; }

if [ "$(id -u)" -ne 0 ]; then
  setup_failed "must run as root: the tests create network namespaces, links and a PostgreSQL cluster. Re-run with sudo."
fi

# shellcheck source=scripts/lib/packages.sh
. "$root/scripts/lib/packages.sh"
# jq and iputils-ping: scripts/demo.sh, which the Integration suite runs as the README says (no install mid-test).
# containerd, runc, busybox-static: the Integration/Containerd suite (a private containerd's CRI and its sandbox image).
# podman, mmdebstrap: the node image (scripts/image.sh --local-base) the Integration/Image suite runs.
ensure_packages iproute2 iptables postgresql procps containernetworking-plugins clang zlib1g-dev docker-compose curl jq iputils-ping \
  containerd runc busybox-static podman mmdebstrap \
  || setup_failed "installing the Debian packages the tests need failed (see above)"

# shellcheck source=scripts/lib/postgres.sh
. "$root/scripts/lib/postgres.sh"
start_private_postgres || setup_failed "the private PostgreSQL cluster did not start (see above)"

export ESCNI_LONG=$long
export ESCNI_REPO_ROOT="$root"
export ESCNI_ARTIFACTS="$root/artifacts"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
hang_timeout=${ESCNI_TEST_HANG_TIMEOUT:-$([ "$long" -eq 1 ] && echo 60m || echo 15m)}

echo "== build"
dotnet build EsCni.sln -c Release -nologo -v q -clp:ErrorsOnly || setup_failed "dotnet build EsCni.sln failed (errors above)"

echo "== publish binaries the integration tests exec (artifacts/)"
dotnet publish src/Ipamd -c Release -o "$ESCNI_ARTIFACTS/ipamd" -nologo -v q -clp:ErrorsOnly \
  || setup_failed "dotnet publish src/Ipamd failed (errors above)"
dotnet publish src/Plugin -c Release -r linux-x64 -o "$ESCNI_ARTIFACTS/plugin" -nologo -v q -clp:ErrorsOnly \
  || setup_failed "dotnet publish src/Plugin failed (errors above)"

echo "== image: ./scripts/image.sh --local-base (podman, no registry; the Integration/Image suite runs it)"
image_log=$(mktemp /tmp/escni-image.XXXXXX)
if "$root/scripts/image.sh" --local-base >"$image_log" 2>&1; then
  tail -n 3 "$image_log"
  export ESCNI_IMAGE="localhost/escni:$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n1)"
else
  tail -n 40 "$image_log"; echo "test.sh: the image did not build (log: $image_log); the image tests are skipped" >&2
  failed=$((failed + 1))
fi

# The test projects are the solution's projects under tests/ that MSBuild calls test projects (IsTestProject,
# set with Microsoft.NET.Test.Sdk in Directory.Build.props), so a new one runs without editing this list.
# Integration, by far the slowest, runs last so the quick suites report first.
projects=()
while read -r csproj; do
  [ "$(dotnet msbuild "$csproj" -getProperty:IsTestProject -nologo 2>/dev/null)" = "true" ] && projects+=("$(dirname "$csproj")")
done < <(dotnet sln EsCni.sln list | grep -E '^tests/.*\.csproj$' | sort)
[ ${#projects[@]} -gt 0 ] || setup_failed "found no test project in EsCni.sln (dotnet sln EsCni.sln list)"
ordered=()
for proj in "${projects[@]}"; do [ "$proj" != tests/Integration ] && ordered+=("$proj"); done
for proj in "${projects[@]}"; do [ "$proj" = tests/Integration ] && ordered+=("$proj"); done
echo "== test projects: ${ordered[*]##*/}"

# print_failures LOG: each failed test's message, stack and output (bounded), so a CI log says why, not only what.
print_failures() {
  awk '
    /^[[:space:]]+Failed [^ ]/ { inblock = 1; lines = 0; blocks++; if (blocks > 5) exit; print "   --- " $0; next }
    /^[[:space:]]+(Passed|Skipped) [^ ]/ { inblock = 0 }
    /^(Test Run|Total tests:|Results File:)/ { inblock = 0 }
    inblock && lines < 80 { print "   | " $0; lines++ }
  ' "$1"
}

matched=0
logdir=$(mktemp -d /tmp/escni-test.XXXXXX)
for proj in "${ordered[@]}"; do
  name=$(basename "$proj")
  # -print -quit, not `| grep -q .`: under pipefail, grep leaving early SIGPIPEs a find with more than a buffer of
  # paths to write, and a whole suite (Integration, 88 files) was reported as "no tests yet" and skipped.
  if [ -z "$(find "$proj" -name '*.cs' -not -path '*/obj/*' -not -path '*/bin/*' -print -quit)" ]; then
    echo "== $name: no tests yet (see its README)"
    continue
  fi
  echo "== $name"
  started=$(date +%s)
  args=(test "$proj" -c Release --no-build -nologo -v q
        --blame-hang-timeout "$hang_timeout" --blame-hang-dump-type mini
        --logger "console;verbosity=normal" --logger "trx;LogFileName=$name.trx" --results-directory "$logdir/$name")
  [ -n "$filter" ] && args+=(--filter "FullyQualifiedName~$filter")
  dotnet "${args[@]}" >"$logdir/$name.log" 2>&1
  rc=$?
  grep -E '^\s+(Failed|Skipped) ' "$logdir/$name.log" | head -50
  print_failures "$logdir/$name.log"
  dumps=$(find "$logdir/$name" -name '*hangdump.dmp' -not -path '*/In/*' 2>/dev/null)
  if [ -n "$dumps" ]; then
    echo "   a test ran longer than $hang_timeout and was killed (its name is in the log below); dumps:"
    sed 's/^/     /' <<<"$dumps"
  fi
  # The TRX file's <Counters> element is the runner's own count: parse it rather than console text.
  counters=$(grep -o '<Counters [^>]*>' "$logdir/$name/$name.trx" 2>/dev/null | head -1)
  if [ -z "$counters" ]; then
    if [ -n "$filter" ] && grep -q 'No test matches the given testcase filter' "$logdir/$name.log"; then
      echo "   no test matched the filter"; continue
    fi
    echo "   $name produced no test results (exit $rc); its log:"; tail -40 "$logdir/$name.log"
    failed=$((failed + 1)); continue
  fi
  count() { sed -nE "s/.* $1=\"([0-9]+)\".*/\1/p" <<<"$counters"; }
  p=$(count passed); f=$(( $(count failed) + $(count error) + $(count timeout) + $(count aborted) ))
  s=$(( $(count total) - $(count executed) ))
  if [ "$(count total)" -eq 0 ] && [ -n "$filter" ] && [ "$rc" -eq 0 ]; then
    echo "   no test matched the filter"
  else
    echo "   $name: $p passed, $f failed, $s skipped in $(( $(date +%s) - started )) s"
  fi
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  # A run that failed (a hang, a crashed host) ran something even when its TRX counts nothing.
  { [ "$(count total)" -gt 0 ] || [ "$rc" -ne 0 ]; } && matched=$((matched + 1))
  if [ "$(count total)" -eq 0 ] && [ -z "$filter" ] && [ "$rc" -eq 0 ]; then
    echo "   $name ran no tests: is its test discovery broken? its log:"; tail -40 "$logdir/$name.log"
    failed=$((failed + 1))
  elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "   $name exited $rc with no failed test; its log:"; tail -40 "$logdir/$name.log"
    failed=$((failed + 1))
  fi
done
# The plugin benchmark smoke (issue 19): escni vs ptp+host-local interleaved, fails only on a large ADD regression.
if [ -z "$filter" ]; then
  echo "== plugin benchmark smoke (bench/plugin-smoke.sh)"
  if "$root/bench/plugin-smoke.sh" --no-build; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
fi
echo "logs: $logdir"
if [ -n "$filter" ] && [ "$matched" -eq 0 ]; then
  echo "test.sh: no test in any project matched --filter '$filter' (FullyQualifiedName~$filter)" >&2
  failed=$((failed + 1))
fi

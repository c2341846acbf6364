#!/usr/bin/env bash
# The one test command: installs what the tests need, builds, runs every test project, and prints
# the totals alone on its last line as "N passed, N failed[, N skipped]".
#
#   ./scripts/test.sh            bounded default run (CI)
#   ./scripts/test.sh --long     also the long crash/soak/fuzz versions (ESCNI_LONG=1)
#   ./scripts/test.sh --filter X only tests whose full name contains X (dotnet test --filter)
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
    --filter) filter="$2"; shift ;;
    -h|--help) sed -n 2,9p "$0"; exit 0 ;;
    *) echo "test.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ "$(id -u)" -ne 0 ]; then
  echo "test.sh: must run as root: the tests create network namespaces, links and a PostgreSQL cluster. Re-run with sudo." >&2
  exit 1
fi

# shellcheck source=scripts/lib/packages.sh
. "$root/scripts/lib/packages.sh"
ensure_packages iproute2 iptables postgresql procps containernetworking-plugins clang zlib1g-dev docker-compose curl || exit 1

# shellcheck source=scripts/lib/postgres.sh
. "$root/scripts/lib/postgres.sh"
start_private_postgres || exit 1
trap stop_private_postgres EXIT

export ESCNI_LONG=$long
export ESCNI_REPO_ROOT="$root"
export ESCNI_ARTIFACTS="$root/artifacts"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "== build"
dotnet build EsCni.sln -c Release -nologo -v q -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }

echo "== publish binaries the integration tests exec (artifacts/)"
dotnet publish src/Ipamd -c Release -o "$ESCNI_ARTIFACTS/ipamd" -nologo -v q -clp:ErrorsOnly \
  || { echo "0 passed, 1 failed"; exit 1; }
dotnet publish src/Plugin -c Release -r linux-x64 -o "$ESCNI_ARTIFACTS/plugin" -nologo -v q -clp:ErrorsOnly \
  || { echo "0 passed, 1 failed"; exit 1; }

passed=0; failed=0; skipped=0
logdir=$(mktemp -d /tmp/escni-test.XXXXXX)
for proj in tests/Domain.Tests tests/Journal.Tests tests/Projections.Tests tests/Ec2Sim.Tests \
            tests/Ipamd.Tests tests/Plugin.Tests tests/Integration; do
  name=$(basename "$proj")
  if ! find "$proj" -name '*.cs' -not -path '*/obj/*' -not -path '*/bin/*' | grep -q .; then
    echo "== $name: no tests yet (see its README)"
    continue
  fi
  echo "== $name"
  started=$(date +%s)
  args=(test "$proj" -c Release --no-build -nologo -v q
        --logger "console;verbosity=normal" --logger "trx;LogFileName=$name.trx" --results-directory "$logdir")
  [ -n "$filter" ] && args+=(--filter "FullyQualifiedName~$filter")
  dotnet "${args[@]}" >"$logdir/$name.log" 2>&1
  rc=$?
  grep -E '^\s+(Failed|Skipped) ' "$logdir/$name.log" | head -50
  # The TRX file's <Counters> element is the runner's own count: parse it rather than console text.
  counters=$(grep -o '<Counters [^>]*>' "$logdir/$name.trx" 2>/dev/null | head -1)
  if [ -z "$counters" ]; then
    if grep -q 'No test matches the given testcase filter' "$logdir/$name.log"; then
      echo "   no test matched the filter"; continue
    fi
    echo "   $name produced no test results (exit $rc); its log:"; tail -40 "$logdir/$name.log"
    failed=$((failed + 1)); continue
  fi
  count() { sed -nE "s/.* $1=\"([0-9]+)\".*/\1/p" <<<"$counters"; }
  p=$(count passed); f=$(( $(count failed) + $(count error) + $(count timeout) + $(count aborted) ))
  s=$(( $(count total) - $(count executed) ))
  echo "   $name: $p passed, $f failed, $s skipped in $(( $(date +%s) - started )) s"
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "   $name exited $rc with no failed test; its log:"; tail -40 "$logdir/$name.log"
    failed=$((failed + 1))
  fi
done
echo "logs: $logdir"
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]

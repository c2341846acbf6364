#!/usr/bin/env bash
# Journal benchmark: durable append latency/throughput (1, 8, 64 appenders; 500-event batches), recovery + full
# read of 1M and 10M events, and the same durable appends through Marten 9 to a private PostgreSQL (fsync=on):
# one event per commit and 500 events per commit (as the shipper writes), in one run. PostgreSQL's data directory
# and the journal directory are made in the same parent directory, so both fsync on the same filesystem.
# Prints medians and journal/Marten ratios as Markdown (paste into docs/benchmarks.md, "Journal").
#
#   sudo bench/journal.sh                  full run (~5-7 min)
#   sudo bench/journal.sh --large 0        skip the 10M-event case
#   sudo bench/journal.sh --parent /mnt/x  put the journal and PostgreSQL's data under /mnt/x (default /var/tmp)
#   sudo bench/journal.sh --no-marten      journal only (no PostgreSQL needed, no root needed)
#
# Other arguments go to `EsCni.Benchmarks journal` (--runs N, --seconds S, --payload BYTES).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

marten=1
parent=/var/tmp
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --parent) parent=$2; shift 2 ;;
    --no-marten) marten=0; args+=("$1"); shift ;;
    *) args+=("$1"); shift ;;
  esac
done
journal_dir="$parent/escni-jbench-$$"

if [ "$marten" = 1 ]; then
  [ "$(id -u)" -eq 0 ] || { echo "journal.sh: the Marten baseline starts a private PostgreSQL and needs root (or pass --no-marten)" >&2; exit 1; }
  # shellcheck source=scripts/lib/postgres.sh
  . "$root/scripts/lib/postgres.sh"
  ESCNI_PG_PARENT="$parent" start_private_postgres
  trap stop_private_postgres EXIT
  echo "== filesystems: journal under $parent, PostgreSQL data in $ESCNI_PG_DIR/data"
  df --output=source,fstype,target "$parent" "$ESCNI_PG_DIR/data"
fi

echo "== load before the run: $(uptime)"
dotnet run -c Release --project tests/Benchmarks -- journal --dir "$journal_dir" "${args[@]}"
echo "== load after the run: $(uptime)"

#!/usr/bin/env bash
# Journal benchmark: durable append latency/throughput (1, 8, 64 appenders), recovery + full read of 1M and
# 10M events, and the same durable appends through Marten 9 to a private PostgreSQL (fsync=on), in one run.
# Prints medians as a Markdown table (paste into docs/benchmarks.md, "Journal").
#
#   sudo bench/journal.sh                  full run (~3-5 min)
#   sudo bench/journal.sh --large 0        skip the 10M-event case
#   sudo bench/journal.sh --no-marten      journal only (no PostgreSQL needed, no root needed)
#
# Extra arguments go to `EsCni.Benchmarks journal` (--runs N, --seconds S, --payload BYTES, --dir DIR).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

marten=1
for a in "$@"; do [ "$a" = "--no-marten" ] && marten=0; done

if [ "$marten" = 1 ]; then
  [ "$(id -u)" -eq 0 ] || { echo "journal.sh: the Marten baseline starts a private PostgreSQL and needs root (or pass --no-marten)" >&2; exit 1; }
  # shellcheck source=scripts/lib/postgres.sh
  . "$root/scripts/lib/postgres.sh"
  start_private_postgres
  trap stop_private_postgres EXIT
fi

dotnet run -c Release --project tests/Benchmarks -- journal "$@"

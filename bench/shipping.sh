#!/usr/bin/env bash
# Shipping benchmark (docs/benchmarks.md "Shipping", docs/scaling.md): a private PostgreSQL (fsync=on), then
#   1. throughput: one node ships a 1M-event journal from scratch, then append→PostgreSQL lag at 200 ADD/DEL/s;
#   2. cluster: 200 node shippers in one process (own journal, churn, store, connection each) + the central
#      projection: ingest rate, connection count, projection lag, ship lag under churn, who-had latency.
# Prints Markdown tables. Not part of scripts/test.sh.
#
#   sudo bench/shipping.sh                         both (~6-10 min on 2 cores)
#   sudo bench/shipping.sh throughput --events 100000
#   sudo bench/shipping.sh cluster --nodes 400 --backlog 500 --churn-seconds 60 --rate 1 --lookups 1000
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ "$(id -u)" -eq 0 ] || { echo "shipping.sh: starts a private PostgreSQL (initdb as the postgres user) and needs root" >&2; exit 1; }

# shellcheck source=scripts/lib/postgres.sh
. "$root/scripts/lib/postgres.sh"
start_private_postgres
trap stop_private_postgres EXIT

dotnet build bench/ShippingBench -c Release -nologo -v q -clp:ErrorsOnly
bin=bench/ShippingBench/bin/Release/net10.0/EsCni.Bench.Shipping
if [ $# -gt 0 ]; then
  "$bin" "$@"
else
  "$bin" throughput
  "$bin" cluster
fi

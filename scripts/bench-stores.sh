#!/usr/bin/env bash
# make bench-stores: the release CLI (in .build-bench, as make bench), a throwaway PostgreSQL
# server on a local socket (scripts/pg-test-cluster.sh; or BENCH_PG=URL of one of your own), and
# scripts/bench_stores.py at BENCH_ROWS incidents (default 1000000,10000000) over BENCH_SCHOOLS
# schools (default 9000): load, then a nightly run (a day of deliveries and a kerngroep pack) on
# SQLite and on PostgreSQL, side by side. Wall-clock figures: run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
SCRATCH=.build-bench
"$SWIFT" build -c release --scratch-path "$SCRATCH" --product schoolveilig
url=${BENCH_PG:-}
if [ -z "$url" ]; then
  cluster=$(mktemp -d /tmp/schoolveilig-bench-pg.XXXXXX)
  chmod 755 "$cluster"
  trap 'bash scripts/pg-test-cluster.sh stop "$cluster/c" || true; rm -rf "$cluster"' EXIT
  eval "$(bash scripts/pg-test-cluster.sh start "$cluster/c")"
  url=$SCHOOLVEILIG_TEST_PG
fi
python3 scripts/bench_stores.py --binary "$PWD/$SCRATCH/release/schoolveilig" --postgres "$url" \
  --rows "${BENCH_ROWS:-1000000,10000000}" --schools "${BENCH_SCHOOLS:-9000}" --work "${BENCH_WORK:-/tmp/schoolveilig-bench-stores}"

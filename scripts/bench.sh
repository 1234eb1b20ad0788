#!/usr/bin/env bash
# Ingest benchmark (make bench): builds the release CLI and the bench driver in their own
# scratch folder (.build-bench, so a parallel `swift build` does not wait on the lock), then
# times `schoolveilig ingest` against sqlite3's `.import` at 1M and 5M rows, and at 1M rows of a
# semicolon Windows-1252 export.
# Extra arguments go to every bench run (e.g. --keep, --work DIR).
set -euo pipefail

cd "$(dirname "$0")/.."
SWIFT="${SWIFT:-swift}"
SCRATCH=.build-bench

command -v sqlite3 >/dev/null || { echo "sqlite3 ontbreekt: run scripts/setup.sh" >&2; exit 1; }

"$SWIFT" build -c release --scratch-path "$SCRATCH" --product schoolveilig
"$SWIFT" build -c release --scratch-path "$SCRATCH" --product schoolveilig-bench

status=0
for rows in 1000000 5000000; do
  "$SCRATCH/release/schoolveilig-bench" --rows "$rows" --schoolveilig "$SCRATCH/release/schoolveilig" "$@" || status=$?
  echo
done
# What Excel on Dutch Windows writes: semicolons, Windows-1252, CRLF, a free-text column to drop.
"$SCRATCH/release/schoolveilig-bench" --rows 1000000 --dialect windows1252-semicolon --schoolveilig "$SCRATCH/release/schoolveilig" "$@" || status=$?
exit "$status"

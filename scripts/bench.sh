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
# 1M rows: ingest, then the nightly job and the marts on that store.
"$SCRATCH/release/schoolveilig-bench" --rows 1000000 --schoolveilig "$SCRATCH/release/schoolveilig" "$@" || status=$?
echo
"$SCRATCH/release/schoolveilig-bench" --rows 5000000 --no-marts --schoolveilig "$SCRATCH/release/schoolveilig" "$@" || status=$?
echo
# What Excel on Dutch Windows writes: semicolons, Windows-1252, CRLF, a free-text column to drop.
"$SCRATCH/release/schoolveilig-bench" --rows 1000000 --no-marts --dialect windows1252-semicolon --schoolveilig "$SCRATCH/release/schoolveilig" "$@" || status=$?
exit "$status"

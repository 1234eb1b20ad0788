#!/usr/bin/env bash
# Crash-safety harness: kills `schoolveilig` with SIGKILL at random moments during the nightly
# pipeline (ingest, archive, aggregate), a full rebuild of the marts and the writing of the
# kerngroep pack (into an empty output folder and over an earlier edition), re-runs the same
# command, and checks that the end state equals an uninterrupted run's: the database (a
# canonical dump), `counts --by school`, the inbox and archive, the pack files and manifest.
# Right after each kill no final-named file may be partial.
#
#   scripts/crash-harness.sh [TRIALS] [SEED]
#
# Environment: CRASH_TRIALS (default 100), CRASH_SEED (default random; printed), CRASH_AS_OF
# (the demo's as-of date, default 2026-09-30: 1023 deliveries; an earlier date gives a smaller
# inbox), CRASH_SCENARIOS (default nightly,aggregate,kerngroep,republish), CRASH_WORKDIR (default
# a new temporary folder), CRASH_KEEP=1 (keep passed trials too), CRASH_VERBOSE=1,
# SCHOOLVEILIG_BIN (the binary; default: built with swift build --scratch-path .build-rel),
# CRASH_PG (a PostgreSQL URL: every trial's store is a database there instead of an SQLite file).
# Prints "crash-harness: N/N trials passed"; exits 1 when a trial failed, keeping its folder.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$(pwd)"
TRIALS="${1:-${CRASH_TRIALS:-100}}"
SEED="${2:-${CRASH_SEED:-}}"

if [[ -z "${SCHOOLVEILIG_BIN:-}" ]]; then
    swift build --scratch-path .build-rel --product schoolveilig >&2
    SCHOOLVEILIG_BIN="$ROOT/.build-rel/debug/schoolveilig"
fi
[[ -x "$SCHOOLVEILIG_BIN" ]] || { echo "crash-harness: geen programma op $SCHOOLVEILIG_BIN" >&2; exit 2; }
command -v python3 >/dev/null || { echo "crash-harness: python3 ontbreekt" >&2; exit 2; }

WORKDIR="${CRASH_WORKDIR:-}"
if [[ -z "$WORKDIR" ]]; then
    WORKDIR="$(mktemp -d "${TMPDIR:-/tmp}/schoolveilig-crash.XXXXXX")"
fi

args=(--binary "$SCHOOLVEILIG_BIN" --pipelines "$ROOT/pipelines" --workdir "$WORKDIR" --trials "$TRIALS"
      --as-of "${CRASH_AS_OF:-2026-09-30}" --scenarios "${CRASH_SCENARIOS:-nightly,aggregate,kerngroep,republish}")
[[ -n "$SEED" ]] && args+=(--seed "$SEED")
[[ "${CRASH_KEEP:-0}" == 1 ]] && args+=(--keep)
[[ "${CRASH_VERBOSE:-0}" == 1 ]] && args+=(--verbose)
# CRASH_PG=URL (a server the harness may create databases on): the same trials on PostgreSQL.
[[ -n "${CRASH_PG:-}" ]] && args+=(--postgres "$CRASH_PG")

echo "crash-harness: werkmap $WORKDIR" >&2
status=0
python3 "$ROOT/scripts/crash_harness.py" "${args[@]}" || status=$?
# The work folder goes when everything passed (unless asked to keep it); failing trials stay.
if [[ "$status" == 0 && "${CRASH_KEEP:-0}" != 1 && -z "${CRASH_WORKDIR:-}" ]]; then
    rm -rf "$WORKDIR"
fi
exit "$status"

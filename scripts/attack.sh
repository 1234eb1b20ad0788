#!/usr/bin/env bash
# The attacker test of SPEC §5 over the built-in demo: publish every pack pipeline for two
# consecutive periods of its cadence, then bound every hidden cell of the packs that one person
# can hold together (Tests/attacker/attack.py, independent of the Disclosure module).
#   scripts/attack.sh [BIN] [WORKDIR]        BIN: the schoolveilig binary (default .build/debug)
# Prints one line per combination; exits 1 when any combination discloses a hidden cell.
set -uo pipefail
cd "$(dirname "$0")/.."
bin=${1:-.build/debug/schoolveilig}
work=${2:-$(mktemp -d)}
attack="python3 Tests/attacker/attack.py ${ATTACK_ARGS:-}"
asof=2026-09-30
mkdir -p "$work"
if [ ! -f "$work/demo/schoolveilig.sqlite" ]; then
  "$bin" demo --output "$work/demo" >"$work/demo.log" 2>&1 || { echo "demo mislukt"; exit 2; }
fi
db="$work/demo/schoolveilig.sqlite"
ref="$work/demo/referentie"
publish() { # pipeline period
  local out="$work/packs/$1/$2"
  [ -d "$out" ] || "$bin" --db "$db" run "$1" --period "$2" --as-of "$asof" --output "$out" >"$work/run-$1-$2.log" 2>&1 \
    || { echo "run $1 $2 mislukt: $(tail -1 "$work/run-$1-$2.log")"; exit 2; }
}
packs() { # pipeline period [name glob]
  local d
  for d in "$work/packs/$1/$2"/${3:-*}/; do [ -f "$d/kerncijfers.csv" ] && printf -- '--pack %s ' "${d%/}"; done
}
# Earlier editions first, as they would have been published.
for pp in kerngroep:2026-Q2 kerngroep:2026-Q3 bestuurlijk:2025-H2 bestuurlijk:2026-H1 stadsdeel:2025-H2 stadsdeel:2026-H1 \
          po-wijk:2024-2025 po-wijk:2025-2026 stedelijke-voorzieningen:2025-2026-T2 stedelijke-voorzieningen:2025-2026-T3 \
          schoolgesprek:2024-2025 schoolgesprek:2025-2026; do
  publish "${pp%%:*}" "${pp#*:}"
done
status=0
run() { # label args...
  local label=$1; shift
  # ATTACK_ONLY=GLOB: only the combinations whose label matches (the suite's insider test).
  # shellcheck disable=SC2254
  case "$label" in ${ATTACK_ONLY:-*}) ;; *) return 0 ;; esac
  $attack --reference "$ref" --label "$label" --json "$work/$label.json" "$@" 2>/dev/null | grep -F -- "$label:"
  local rc=${PIPESTATUS[0]}
  [ "$rc" -eq 0 ] || status=1
}
kg="$(packs kerngroep 2026-Q3)"; kg_prev="$(packs kerngroep 2026-Q2)"
best="$(packs bestuurlijk 2026-H1)"; best_prev="$(packs bestuurlijk 2025-H2)"
run kerngroep+bestuurlijk $kg $best
for g in Buiten-Hout Oost-Haven West-Poort; do
  run "stadsdeel-$g+kerngroep+bestuurlijk" $(packs stadsdeel 2026-H1 "*_$g") $kg $best
done
run po-wijk+stedelijke-voorzieningen+kerngroep $(packs po-wijk 2025-2026) $(packs stedelijke-voorzieningen 2025-2026-T3) $kg
run kerngroep-edities $kg_prev $kg
run bestuurlijk-edities $best_prev $best
run stadsdeel-edities $(packs stadsdeel 2025-H2) $(packs stadsdeel 2026-H1)
run po-wijk-edities $(packs po-wijk 2024-2025) $(packs po-wijk 2025-2026)
run stedelijke-voorzieningen-edities $(packs stedelijke-voorzieningen 2025-2026-T2) $(packs stedelijke-voorzieningen 2025-2026-T3)
# A school holds its own packs of both years (the benchmark of the other schools included).
run schoolgesprek-edities --per-split $(packs schoolgesprek 2024-2025) $(packs schoolgesprek 2025-2026)
# Issue 17 (with ATTACK_INSIDERS=1; the suite runs it in Tests/CLITests/InsiderAttackTests.swift):
# each VO/MBO/HBO school as an insider, with its own pack, its stadsdeel pack and the kerngroep
# pack, knowing its own counts.
if [ -n "${ATTACK_INSIDERS:-}" ]; then
  shared=""
  for d in $(packs stadsdeel 2026-H1); do [ "$d" = --pack ] || shared="$shared --shared $d"; done
  for d in $kg; do [ "$d" = --pack ] || shared="$shared --shared $d"; done
  run schoolgesprek-insiders --per-split --insiders --base "$db" $(packs schoolgesprek 2025-2026) $shared
  # The same readers without their own counts: what any holder of these packs learns.
  run schoolgesprek-lezers --per-split $(packs schoolgesprek 2025-2026) $shared
  # The police sit in the kerngroep and the bestuurlijk overleg and know their own cases (politie = ja).
  run politie-kerngroep+bestuurlijk --police --base "$db" $kg $best
fi
exit $status

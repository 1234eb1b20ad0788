#!/usr/bin/env bash
# Fuzzing with libFuzzer: the CSV reader (with fingerprint, dialect detection, header map and
# row validator), the XLSX reader, the mapping-profile loader and the pipeline-definition loader.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     TARGET: csv xlsx profile pipeline (default: all four)
#
# SECONDS is the time per target (default 60; FUZZ_SECONDS also works). The package's library
# modules are built with coverage instrumentation and AddressSanitizer in their own scratch
# folder (.build-fuzz: the normal build is untouched), then each target under Fuzz/ is compiled
# and linked against them with swiftc. Seeds: fixtures/fuzz/corpus/<target>/ (read only); what the
# fuzzer learns goes to .build-fuzz/corpus/<target>/ and is kept between runs. A crash, hang,
# leak or sanitizer report stops that target; the input is saved as
# .build-fuzz/crashes/<target>/crash-… and the script ends with status 1 after the other targets.
# Each input must end in a thrown error with a message (a reader error, never a crash): the
# targets stop on any other error too. Turn a crash into a regression test in the normal suite
# (Tests/IngestTests/FuzzRegressionTests.swift, the input inlined as bytes) and fix the source.
# FUZZ_JOBS=N runs N fuzzing processes per target (default 1); FUZZ_SANITIZERS (default
# "fuzzer,address") may drop address if AddressSanitizer does not work on a machine.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT="$(pwd)"
SECONDS_PER_TARGET="${1:-${FUZZ_SECONDS:-60}}"
[[ $# -gt 0 ]] && shift
TARGETS=("$@")
[[ ${#TARGETS[@]} -eq 0 ]] && TARGETS=(csv xlsx profile pipeline)
SANITIZERS="${FUZZ_SANITIZERS:-fuzzer,address}"
JOBS="${FUZZ_JOBS:-1}"
SCRATCH="$ROOT/.build-fuzz"

[[ "$SECONDS_PER_TARGET" =~ ^[0-9]+$ ]] || { echo "fuzz: SECONDS moet een geheel getal zijn, niet '$SECONDS_PER_TARGET'" >&2; exit 2; }

# The fuzz target of each name: its folder under Fuzz/ and the module it tests.
declare -A FOLDER=([csv]=CSVReaderFuzz [xlsx]=XLSXReaderFuzz [profile]=MappingProfileFuzz [pipeline]=PipelineDefinitionFuzz)
for target in "${TARGETS[@]}"; do
    [[ -n "${FOLDER[$target]:-}" ]] || { echo "fuzz: onbekend doel '$target' (kies uit: csv xlsx profile pipeline)" >&2; exit 2; }
done

# 1. The modules, instrumented. Pipeline depends on every library module the targets use.
# One -sanitize= with every sanitizer: of several -sanitize= flags swiftc keeps only the last, and
# without "fuzzer" the modules get no coverage counters (the fuzzer would then fuzz blind).
echo "fuzz: modules bouwen in $SCRATCH (-sanitize=$SANITIZERS)" >&2
swift build --scratch-path "$SCRATCH" --target Pipeline -Xswiftc "-sanitize=$SANITIZERS" >&2

DEBUG="$(cd "$SCRATCH/debug" && pwd -P)"
# The module's search paths and C module maps, as SwiftPM passed them to swiftc for Pipeline.
mapfile -t COMPILE_FLAGS < <(python3 - "$SCRATCH/debug.yaml" <<'EOF'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
start = text.index('"C.Pipeline-')
line = text[text.index("args:", start) + len("args:"):]
args = json.loads(line[:line.index("\n")])
keep, index = [], 0
while index < len(args):
    arg = args[index]
    if arg in ("-I", "-Xcc", "-module-cache-path", "-swift-version", "-package-name"):
        keep += [arg, args[index + 1]]
        index += 2
        continue
    index += 1
print("\n".join(keep))
EOF
)
# Every object of the modules built above (Swift and C), for the link.
mapfile -t OBJECTS < <(for module in Domain Formats Ingest Store Analytics Reports Statistics Disclosure Workbook Pipeline GRDB Crypto \
                                      CCryptoBoringSSL CCryptoBoringSSLShims CryptoBoringWrapper Logging ZIPFoundation Yams CYaml; do
                           find "$DEBUG/$module.build" -name '*.o' ! -name '*.swiftmodule.o'
                       done | sort)

mkdir -p "$SCRATCH/fuzz" "$SCRATCH/corpus" "$SCRATCH/crashes"
status=0
summary=()
for target in "${TARGETS[@]}"; do
    folder="${FOLDER[$target]}"
    binary="$SCRATCH/fuzz/$folder"
    echo "fuzz: $folder linken" >&2
    swiftc -module-name "$folder" -parse-as-library -Onone -g "-sanitize=$SANITIZERS" "${COMPILE_FLAGS[@]}" \
        "$ROOT/Fuzz/Common/FuzzSupport.swift" "$ROOT/Fuzz/$folder/main.swift" "${OBJECTS[@]}" \
        -lsqlite3 -lxlsxwriter -lz -o "$binary" 2> >(grep -v "Cannot export local symbol" >&2)
    corpus="$SCRATCH/corpus/$target"
    crashes="$SCRATCH/crashes/$target"
    mkdir -p "$corpus" "$crashes"
    log="$SCRATCH/fuzz/$target.log"
    echo "fuzz: $target, $SECONDS_PER_TARGET s (log: $log)" >&2
    result=0
    parallel=()
    [[ "$JOBS" -gt 1 ]] && parallel=(-jobs="$JOBS" -workers="$JOBS")
    # New inputs go to the first corpus folder; the committed seeds are only read. -timeout: an
    # input that takes longer than 10 s is a hang; -rss_limit_mb: a memory bomb is a finding.
    ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}" "$binary" "$corpus" "$ROOT/fixtures/fuzz/corpus/$target" \
        -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix="$crashes/" -print_final_stats=1 "${parallel[@]}" >"$log" 2>&1 || result=$?
    [[ "$JOBS" -gt 1 ]] && cat fuzz-*.log >>"$log" 2>/dev/null && rm -f fuzz-*.log
    executions="$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | awk '{ n += $2 } END { print n + 0 }')"
    coverage="$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 | grep -Eo '[0-9]+' || echo '?')"
    found="$(find "$crashes" -type f -newer "$binary" | sort)"
    if [[ "$result" -ne 0 || -n "$found" ]]; then
        status=1
        summary+=("$target: MISLUKT na $executions uitvoeringen (status $result); invoer: ${found:-zie $log}")
        grep -E '^(==|SUMMARY|Fatal error|.*error:)' "$log" | head -5 >&2 || true
    else
        summary+=("$target: $executions uitvoeringen in $SECONDS_PER_TARGET s, dekking $coverage, geen fouten")
    fi
done
for line in "${summary[@]}"; do echo "fuzz: $line"; done
exit "$status"

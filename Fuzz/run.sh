#!/usr/bin/env bash
# Builds the libFuzzer binary and runs each fuzz target (a ParserProbe case) for FUZZ_SECONDS,
# one after the other, at the lowest CPU priority. Per target under $FUZZ_OUT/<target>/:
# seeds/ (from Fuzz/seeds.py), corpus/ (what libFuzzer found worth keeping, reused by the next
# run), crashes/ (crash-*, timeout-*, oom-* inputs) and log.txt.
# A crash is fixed in the parser, then its input copied to
# Tests/CurateKitTests/Fixtures/fuzz/<target>/ so ParserProbeTests replay it.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET=${FUZZ_SECONDS:-60}
FUZZ_OUT=${FUZZ_OUT:-out/fuzz}
BUILD=${FUZZ_BUILD:-.build-fuzz}
# CURATE_FUZZ=1 adds the curate-fuzz target and instruments CurateKit (see Package.swift); a
# build folder of its own keeps the normal build's objects.
CURATE_FUZZ=1 nice -n 19 ${SWIFT:-swift} build -c release --product curate-fuzz --build-path "$BUILD"
binary="$BUILD/release/curate-fuzz"
TARGETS=${FUZZ_TARGETS:-$(CURATE_FUZZ_TARGET=list "$binary")}

python3 Fuzz/seeds.py "$FUZZ_OUT" $TARGETS
# Most probes hand the parser a temporary file: on tmpfs that costs no disk writes.
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then export TMPDIR=/dev/shm; fi
failed=()
for target in $TARGETS; do
    dir="$FUZZ_OUT/$target"
    mkdir -p "$dir/corpus" "$dir/crashes"
    echo "== $target: ${SECONDS_PER_TARGET}s"
    # -fork=1 with -ignore_*: a crash is saved and fuzzing goes on for the rest of the time.
    # -timeout (wall clock): an input that takes 30 s is a hang; less flags inputs that only
    # waited for a CPU at nice 19. Swift's runtime keeps its caches reachable,
    # so leak reports would only be noise from parsers that may allocate freely. Swift's own
    # crash backtracer reads memory AddressSanitizer calls out of bounds, hiding the real report.
    # The CPU seconds (user + sys, the fork's children included) go to time.txt: on shared
    # cores at nice 19 they, not the wall time, say how much fuzzing a target got.
    # Crashes kept from earlier runs stay in crashes/; only this run's are counted.
    touch "$dir/.started"
    status=0
    TIMEFORMAT="%R s wall, %U s user, %S s sys"
    { time CURATE_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no nice -n 19 "$binary" \
        -max_total_time="$SECONDS_PER_TARGET" -timeout=30 -rss_limit_mb=2048 -max_len=65536 \
        -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 -print_final_stats=1 \
        -artifact_prefix="$dir/crashes/" "$dir/corpus" "$dir/seeds" > "$dir/log.txt" 2>&1 || status=$?; } 2> "$dir/time.txt"
    found=$(find "$dir/crashes" -type f -newer "$dir/.started" | wc -l)
    echo "   $(cat "$dir/time.txt"); status $status, $(find "$dir/corpus" -type f | wc -l) corpus inputs, $found new crashing inputs in $dir/crashes"
    if [ "$found" -gt 0 ] || [ "$status" -ne 0 ]; then failed+=("$target"); fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "crashes or errors in: ${failed[*]} (see $FUZZ_OUT/<target>/log.txt)"
    exit 1
fi

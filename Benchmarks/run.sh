#!/usr/bin/env bash
# Runs every benchmark (Benchmarks/<area>/bench.sh) against the release build, one after the
# other so they do not compete for the cores. BENCH=area runs just one.
# BENCH=validity EVERY=1 judges all of cppreference's C++ pairs single and batched (default every 4th).
set -euo pipefail
cd "$(dirname "$0")/.."
for script in Benchmarks/*/bench.sh; do
    area=$(basename "$(dirname "$script")")
    if [ -n "${BENCH:-}" ] && [ "$BENCH" != "$area" ]; then continue; fi
    echo "== $area"
    bash "$script"
done

#!/usr/bin/env bash
# Runs every benchmark (Benchmarks/<area>/bench.sh) against the release build, one after the
# other so they do not compete for the cores. BENCH=area runs just one.
set -euo pipefail
cd "$(dirname "$0")/.."
for script in Benchmarks/*/bench.sh; do
    area=$(basename "$(dirname "$script")")
    if [ -n "${BENCH:-}" ] && [ "$BENCH" != "$area" ]; then continue; fi
    echo "== $area"
    bash "$script"
done

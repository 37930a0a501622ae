#!/usr/bin/env bash
# Code-validity throughput: C++ snippets judged per second by the quality stage with each
# snippet checked alone (`batch = false`) against many snippets per g++ run (the default), on
# cppreference's pairs with the full pipeline's settings, each run with an empty cache. Also
# checks that both runs reached the same verdicts (the catalogs' cached verdicts compared).
# Each run starts without precompiled headers (its own temporary folder).
#
# Usage: Benchmarks/validity/bench.sh
#   EVERY=k keeps every k-th pair (default 4; EVERY=1 is the whole set, about 7 minutes alone
#   on 2 idle cores). THREADS=n (default: the number of cores). MODES="batched" runs only the
#   batched mode (no speed-up or verdict comparison then). GXX_LOG=file logs every g++ run of
#   the batched mode (Benchmarks/validity/g++-profile: kind, round, members, status, times) and
#   summarises it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
every="${EVERY:-4}"
threads="${THREADS:-$(nproc)}"
pages="corpora/real/cppreference-doc-en-html/usr/share/cppreference/doc/html/en/cpp"
[ -d "$pages" ] || bash corpora/fetch-real.sh
curate="${CURATE:-.build/release/curate}"
[ -x "$curate" ] || swift build -c release --product curate
work="$(mktemp -d)"
trap 'rm -rf -- "$work"' EXIT

# The full pipeline's cpp settings, reading only cppreference, once as is and once unbatched.
mkdir -p "$work/batched" "$work/single"
sed -e 's|^sources = \[.*|sources = ["'"$root/$pages"'"]|' -e '/^ *"corpora\/real\/libstdc/d' \
    pipelines/full/cpp.toml > "$work/batched/cpp.toml"
sed 's|^\[quality.validity\]|&\nbatch = false|' "$work/batched/cpp.toml" > "$work/single/cpp.toml"

"$curate" run --pipelines "$work/batched" --out "$work/pairs" --domain cpp --stage textbooks --quiet > /dev/null || [ $? -eq 3 ]
# Every k-th pair, as one upstream part.
mkdir -p "$work/sample/cpp/textbooks"
zstd -dcq "$work"/pairs/cpp/textbooks/part-*.jsonl.zst | awk -v k="$every" '(NR - 1) % k == 0' \
    | zstd -q -o "$work/sample/cpp/textbooks/part-00000.jsonl.zst"
pairs=$(zstd -dcq "$work/sample/cpp/textbooks/part-00000.jsonl.zst" | wc -l)

# The cached verdicts of a run's catalog, one "namespace key value" line each, sorted.
verdicts() {
    python3 -c 'import sqlite3, sys
for row in sqlite3.connect(sys.argv[1]).execute("select namespace, key, value from cache where namespace like ? order by 1, 2", ("validity.%",)):
    print(*row)' "$1"
}
seconds() { awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }' <<< "$1"; }
modes="${MODES:-single batched}"
for mode in $modes; do
    cp -r "$work/sample" "$work/out-$mode"
    # A private temporary folder, so each run builds its precompiled headers itself.
    mkdir -p "$work/tmp-$mode"
    path="$PATH"
    if [ "$mode" = batched ] && [ -n "${GXX_LOG:-}" ]; then
        : > "$GXX_LOG"
        mkdir -p "$work/profile"
        # The checker runs g++ with a fixed environment (PATH only), so the log's path is
        # written into the stand-in.
        printf '#!/bin/sh\nGXX_LOG=%q exec bash %q "$@"\n' "$GXX_LOG" "$root/Benchmarks/validity/g++-profile" > "$work/profile/g++"
        chmod +x "$work/profile/g++"
        path="$work/profile:$PATH"
    fi
    PATH="$path" TMPDIR="$work/tmp-$mode" /usr/bin/time -v -o "$work/$mode.time" "$curate" run --pipelines "$work/$mode" --out "$work/out-$mode" \
        --domain cpp --stage quality --threads "$threads" --quiet > "$work/$mode.log" 2>&1 || [ $? -eq 3 ]
    wall=$(seconds "$(awk -F': ' '/Elapsed/ { print $2 }' "$work/$mode.time")")
    cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$work/$mode.time")
    snippets=$(verdicts "$work/out-$mode/catalog.sqlite" | wc -l)
    printf '%-8s: %4d snippets in %7.1f s wall, %7.1f s cpu: %6.2f snippets/s\n' \
        "$mode" "$snippets" "$wall" "$cpu" "$(awk -v n="$snippets" -v s="$wall" 'BEGIN { print n / s }')"
    echo "$wall $cpu" > "$work/$mode.figures"
done
if [ -n "${GXX_LOG:-}" ]; then
    # Runs and cpu seconds per kind of g++ run.
    awk '{ key = $1 " " $2 " " $3; runs[key]++; members[key] += $4; failed[key] += ($5 != 0); cpu[key] += $6 + $7 }
         END { for (k in runs) printf "%-24s %5d runs %6d members %5d failed %8.1f s cpu\n", k, runs[k], members[k], failed[k], cpu[k] }' \
        "$GXX_LOG" | sort
fi
[ "$modes" = "single batched" ] || exit 0
read -r single_wall single_cpu < "$work/single.figures"
read -r batched_wall batched_cpu < "$work/batched.figures"
awk -v a="$single_wall" -v b="$batched_wall" -v c="$single_cpu" -v d="$batched_cpu" \
    'BEGIN { printf "speed-up: %.1fx wall, %.1fx cpu (target: 10x) on %s threads\n", a / b, c / d, "'"$threads"'" }'
echo "pairs: $pairs (every ${every}th of cppreference's)"
if diff <(verdicts "$work/out-single/catalog.sqlite") <(verdicts "$work/out-batched/catalog.sqlite") > "$work/diff"; then
    echo "verdicts: identical"
else
    echo "verdicts: DIFFER"; head -n 20 "$work/diff"; exit 1
fi

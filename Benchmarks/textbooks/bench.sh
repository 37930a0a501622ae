#!/usr/bin/env bash
# Throughput of the textbooks stage against libxml2 alone, in one run, over cppreference's
# HTML pages: `xmllint --html --noout` parses every page; `curate textbooks` (release build)
# parses, cuts into sections, builds pairs and writes parts and the catalog. Prints wall and
# CPU seconds, the ratio (target: at most 2), pairs, throughput and peak memory (target:
# under 300 MB).
#
# Usage: Benchmarks/textbooks/bench.sh [THREADS]   (default 1, to compare with single-threaded xmllint)
#   PIPELINES=DIR takes the `[textbooks]` settings from DIR/cpp.toml (default pipelines/).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
threads="${1:-1}"
pages="corpora/real/cppreference-doc-en-html/usr/share/cppreference/doc/html"
[ -d "$pages" ] || bash corpora/fetch-real.sh
curate="${CURATE:-.build/release/curate}"
[ -x "$curate" ] || swift build -c release --product curate
work="$(mktemp -d)"
trap 'rm -rf -- "$work"' EXIT
find "$pages" -name '*.html' | LC_ALL=C sort > "$work/files"
count=$(wc -l < "$work/files")
megabytes=$(xargs -a "$work/files" du -cb | tail -1 | awk '{printf "%.1f", $1 / 1048576}')

field() { awk -F': ' -v key="$1" '$1 ~ key { print $2 }' "$2"; }
seconds() { # "m:ss.xx" or "h:mm:ss" -> seconds
    awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }' <<< "$1"
}

# Both read the same page files; warm the page cache first so neither pays for the disk.
xargs -a "$work/files" cat > /dev/null

/usr/bin/time -v -o "$work/xmllint.time" xargs -a "$work/files" xmllint --html --noout 2>/dev/null || true
/usr/bin/time -v -o "$work/curate.time" "$curate" textbooks "$pages" --domain cpp --out "$work/out" \
    --pipelines "${PIPELINES:-pipelines}" \
    --threads "$threads" --quiet > "$work/curate.log" 2>&1 || [ $? -eq 3 ]

x_wall=$(seconds "$(field 'Elapsed' "$work/xmllint.time")")
c_wall=$(seconds "$(field 'Elapsed' "$work/curate.time")")
x_cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$work/xmllint.time")
c_cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$work/curate.time")
c_rss=$(field 'Maximum resident set size' "$work/curate.time")
pairs=$(zstd -dcq "$work"/out/cpp/textbooks/part-*.jsonl.zst | wc -l)

echo "cppreference: $count pages, $megabytes MB"
printf 'xmllint --html --noout : %6.2f s wall, %6.2f s cpu\n' "$x_wall" "$x_cpu"
printf 'curate textbooks (%s thr): %6.2f s wall, %6.2f s cpu, peak %d MB\n' "$threads" "$c_wall" "$c_cpu" $((c_rss / 1024))
awk -v c="$c_wall" -v x="$x_wall" -v cc="$c_cpu" -v xc="$x_cpu" \
    'BEGIN { printf "ratio curate/xmllint : %.2f wall, %.2f cpu (target <= 2)\n", c / x, cc / xc }'
awk -v p="$pairs" -v n="$count" -v c="$c_wall" -v mb="$megabytes" \
    'BEGIN { printf "pairs: %d; throughput: %.0f pages/s, %.1f MB/s\n", p, n / c, mb / c }'
tail -n 5 "$work/curate.log"

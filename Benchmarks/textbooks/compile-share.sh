#!/usr/bin/env bash
# Share of C++ pairs whose code compiles with `g++ -std=c++20 -fsyntax-only`.
#
# Usage: Benchmarks/textbooks/compile-share.sh [PARTS_FOLDER|BOOK...]
#   A folder of textbooks parts (part-*.jsonl.zst) is read as is; otherwise the arguments are
#   books or folders run through `curate textbooks --domain cpp` first (default: cppreference),
#   with the `[textbooks]` settings of $PIPELINES/cpp.toml (default pipelines/).
# Compiles on 2 cores; prints the share and the first failing pairs' locators. EVERY=k compiles
# only every k-th pair (a fixed, evenly spread sample) when time is short.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'rm -rf -- "$work"' EXIT
if [ $# -eq 1 ] && ls "$1"/part-*.jsonl.zst >/dev/null 2>&1; then
    parts="$1"
else
    [ $# -gt 0 ] || set -- corpora/real/cppreference-doc-en-html/usr/share/cppreference/doc/html
    [ -e "$1" ] || bash corpora/fetch-real.sh
    curate="${CURATE:-.build/release/curate}"
    [ -x "$curate" ] || swift build -c release --product curate
    "$curate" textbooks "$@" --domain cpp --pipelines "${PIPELINES:-pipelines}" --out "$work/out" --quiet > /dev/null 2>&1 || [ $? -eq 3 ]
    parts="$work/out/cpp/textbooks"
fi
mkdir -p "$work/code"
zstd -dcq "$parts"/part-*.jsonl.zst | python3 -c '
import json, sys
folder, every = sys.argv[1], int(sys.argv[2])
for number, line in enumerate(sys.stdin):
    if number % every:
        continue
    sample = json.loads(line)
    completion = sample["completion"]
    code = completion.split("\n*/\n", 1)[1]
    with open(f"{folder}/{number:06d}.cpp", "w") as out:
        out.write(code + "\n")
    with open(f"{folder}/{number:06d}.where", "w") as out:
        out.write(sample["source"]["uri"] + " " + sample["source"]["locator"] + "\n")
' "$work/code" "${EVERY:-1}"
total=$(find "$work/code" -name '*.cpp' | wc -l)
[ "$total" -gt 0 ] || { echo "no pairs found"; exit 1; }
find "$work/code" -name '*.cpp' -print0 | LC_ALL=C sort -z | xargs -0 -P 2 -n 1 sh -c \
    'if timeout 60 g++ -std=c++20 -fsyntax-only -w "$1" 2>/dev/null; then echo ok; else echo "fail ${1%.cpp}"; fi' sh \
    > "$work/results"
passed=$(grep -c '^ok' "$work/results" || true)
awk -v p="$passed" -v t="$total" -v e="${EVERY:-1}" \
    'BEGIN { printf "compiles: %d of %d pairs (%.1f%%)%s\n", p, t, 100 * p / t, (e > 1 ? ", every " e "th pair" : "") }'
grep '^fail' "$work/results" | LC_ALL=C sort | head -n 10 | while read -r _ stem; do
    echo "  fails: $(cat "$stem.where")"
done

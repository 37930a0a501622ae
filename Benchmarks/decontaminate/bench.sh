#!/usr/bin/env bash
# Decontamination: curate's n-gram index against datatrove's n-gram decontamination (its
# indexer's hashing, its filter) on the same evaluation items and documents, side by side.
# Prints index and pass times, throughput, the ratio, and recall / precision against the
# planted excerpts.
#
#   Benchmarks/decontaminate/bench.sh [items] [documents] [datatrove documents]
#   (defaults 10000 items, about 1M word 13-grams; 1000000 documents; datatrove checks the
#   first 20000, at about 250 documents a second here, and its rate is compared)
#
# datatrove, spaCy, regex, xxhash and tokenizers are installed into .build/bench-venv on first use.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
items="${1:-10000}"
docs="${2:-1000000}"
dt_docs="${3:-20000}"
work="$root/.build/bench-decontaminate"
venv="${BENCH_VENV:-$root/.build/bench-venv}"
mkdir -p "$work"

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import datatrove, spacy, xxhash, regex, tokenizers' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet datatrove spacy "xxhash<4" regex tokenizers
fi

echo "== corpus"
if [ ! -f "$work/docs.jsonl" ] || [ "$(wc -l < "$work/docs.jsonl")" != "$docs" ] || [ "$(wc -l < "$work/evals.jsonl")" != "$items" ]; then
  python3 "$here/make_corpus.py" --items "$items" --docs "$docs" --out "$work"
fi
echo "== build (release)"
(cd "$root/Benchmarks" && swift build -c release --product decontaminate-bench 2>&1 | tail -1)
bench="$(cd "$root/Benchmarks" && swift build -c release --show-bin-path)/decontaminate-bench"

echo "== curate"
"$bench" --evals "$work/evals.jsonl" --docs "$work/docs.jsonl" --out "$work/curate-1.json" --threads 1 | tee "$work/curate-1.time"
"$bench" --evals "$work/evals.jsonl" --docs "$work/docs.jsonl" --out "$work/curate-2.json" --threads 2 | tee "$work/curate-2.time"
"$bench" --evals "$work/evals.jsonl" --docs "$work/docs.jsonl" --out "$work/curate-stage.json" --threads 2 --mode stage \
  | tee "$work/curate-stage.time"
echo "== datatrove (first $dt_docs documents)"
HF_HUB_OFFLINE=1 "$venv/bin/python" "$here/run_datatrove.py" --evals "$work/evals.jsonl" --docs "$work/docs.jsonl" \
  --limit "$dt_docs" --out "$work/datatrove.json" 2> "$work/datatrove.log" | tee "$work/datatrove.time"

echo "== results"
python3 "$here/report.py" "$work"

#!/usr/bin/env bash
# Near-duplicate detection: curate's MinHash + LSH against datatrove's MinHash dedup on the same
# documents with the same parameters (word 5-grams, 14 bands x 8 rows, 64-bit hashes), in one run.
# Prints throughput and recall / precision against the planted truth.
#
#   Benchmarks/dedup/bench.sh [documents]     (default 3000; datatrove takes about 0.1 s a document here)
#
# Needs python3 with venv and pip; datatrove, spaCy (its blank English tokenizer, no model
# download), xxhash, regex and tokenizers are installed into .build/bench-venv on first use;
# after that it runs offline.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
docs="${1:-3000}"
work="$root/.build/bench-dedup"
venv="$root/.build/bench-venv"
mkdir -p "$work"

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import datatrove, spacy, xxhash, regex, tokenizers' 2>/dev/null; then
  python3 -m venv "$venv"
  # datatrove's MinHash needs these from its "processing" extra, and spaCy for English words.
  "$venv/bin/pip" install --quiet datatrove spacy "xxhash<4" regex tokenizers
fi

echo "== corpus"
python3 "$here/make_corpus.py" --docs "$docs" --out "$work"
echo "== build (release)"
(cd "$root/Benchmarks" && swift build -c release --product dedup-bench 2>&1 | tail -1)
bench="$(cd "$root/Benchmarks" && swift build -c release --show-bin-path)/dedup-bench"

echo "== curate"
# As datatrove: every pair that meets in a band is joined (min-similarity 0, exact band keys).
"$bench" --docs "$work/docs.jsonl" --out "$work/curate-1.json" --threads 1 --min-similarity 0 | tee "$work/curate-1.time"
"$bench" --docs "$work/docs.jsonl" --out "$work/curate-2.json" --threads 2 --min-similarity 0 | tee "$work/curate-2.time"
# The pipeline's default: near-miss probes for recall, the whole-signature check for precision.
"$bench" --docs "$work/docs.jsonl" --out "$work/curate-2p.json" --threads 2 --min-similarity 0.7 --probes near-miss \
  | tee "$work/curate-2p.time"
echo "== datatrove"
HF_HUB_OFFLINE=1 "$venv/bin/python" "$here/run_datatrove.py" --docs "$work/docs.jsonl" --out "$work/datatrove.json" \
  2> "$work/datatrove.log" | tee "$work/datatrove.time"

echo "== results"
python3 "$here/report.py" "$work"

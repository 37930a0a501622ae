#!/usr/bin/env bash
# Tokenizer benchmark: `curate tokenizer` against Hugging Face tokenizers' BpeTrainer,
# SentencePiece BPE and tiktoken, on one corpus, in one run, release build.
#
#   bash Benchmarks/tokenizer/bench.sh            # corpus: Debian's C++ reference pages
#   CORPUS=folder bash Benchmarks/tokenizer/bench.sh   # any folder with train/ and heldout/ text files
#
# Needs: python3 with tokenizers, tiktoken, sentencepiece (Benchmarks/tokenizer/requirements.txt),
# /usr/bin/time (Debian's `time`), apt-get download for the default corpus.
set -euo pipefail
cd "$(dirname "$0")/../.."
HERE=Benchmarks/tokenizer
WORK=${WORK:-${TMPDIR:-/tmp}/curate-tokenizer-bench}
VOCAB=${VOCAB:-32000}
MIN_FREQ=${MIN_FREQ:-2}
PATTERN=${PATTERN:-gpt4}
mkdir -p "$WORK"

python3 -m pip install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"
swift build -c release --product curate >/dev/null
CURATE=$(swift build -c release --show-bin-path)/curate

if [ -z "${CORPUS:-}" ]; then
    CORPUS=$WORK/corpus
    if [ ! -d "$CORPUS/train" ]; then
        (cd "$WORK" && apt-get download cppreference-doc-en-html libstdc++-12-doc >/dev/null \
            && for deb in *.deb; do dpkg -x "$deb" root; done)
        python3 "$HERE/make_corpus.py" "$WORK/root/usr/share/cppreference/doc/html" \
            "$WORK/root/usr/share/doc/libstdc++-12-doc" --out "$CORPUS"
    fi
fi
echo "corpus: $(cat "$CORPUS"/train/* | wc -c) bytes training, $(cat "$CORPUS"/heldout/* | wc -c) bytes held out"

# Peak memory and wall time of a command, from GNU time.
measure() {
    local label=$1; shift
    /usr/bin/time -v "$@" 2>"$WORK/$label.time" >"$WORK/$label.out" || { cat "$WORK/$label.time"; exit 1; }
    local wall rss
    wall=$(grep "Elapsed (wall clock)" "$WORK/$label.time" | awk '{print $NF}')
    rss=$(grep "Maximum resident set size" "$WORK/$label.time" | awk '{print $NF}')
    printf "%-28s wall %-10s peak %6d MiB  %s\n" "$label" "$wall" $((rss / 1024)) "$(tr '\n' ' ' < "$WORK/$label.out")"
}

OURS=$WORK/ours.json
measure "curate train (2 threads)" "$CURATE" tokenizer train --output "$OURS" --vocab-size "$VOCAB" \
    --min-frequency "$MIN_FREQ" --pattern "$PATTERN" --no-specials --threads 2 "$CORPUS/train"
cp "$WORK/curate train (2 threads).time" "$WORK/curate.stderr"
grep -h "trained on" "$WORK/curate.stderr" || true
measure "curate train (1 thread)" "$CURATE" tokenizer train --output "$WORK/ours1.json" --vocab-size "$VOCAB" \
    --min-frequency "$MIN_FREQ" --pattern "$PATTERN" --no-specials --threads 1 "$CORPUS/train"
cmp -s "$OURS" "$WORK/ours1.json" && echo "1 and 2 threads: identical tokenizer.json" || echo "1 and 2 threads: DIFFERENT"

REGEX=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"])' "$OURS")
RAYON_NUM_THREADS=2 measure "tokenizers train (2 threads)" python3 "$HERE/others.py" train-hf "$CORPUS/train" "$VOCAB" "$MIN_FREQ" "$REGEX" "$WORK/hf.json"
RAYON_NUM_THREADS=1 measure "tokenizers train (1 thread)" python3 "$HERE/others.py" train-hf "$CORPUS/train" "$VOCAB" "$MIN_FREQ" "$REGEX" "$WORK/hf1.json"
measure "sentencepiece bpe train" python3 "$HERE/others.py" train-spm "$CORPUS/train" "$VOCAB" "$WORK/spm"

python3 - "$OURS" "$WORK/hf.json" <<'PY'
import json, sys
ours, hf = (json.load(open(p))["model"] for p in sys.argv[1:3])
same = ours["merges"] == hf["merges"]
print("merges identical to tokenizers' BpeTrainer:", same, "(%d vs %d)" % (len(ours["merges"]), len(hf["merges"])))
PY

cat "$CORPUS"/heldout/* > "$WORK/heldout.txt"
measure "curate encode (1 thread)" "$CURATE" tokenizer encode --tokenizer "$OURS" --count-only < "$WORK/heldout.txt"
measure "curate encode whole corpus" "$CURATE" tokenizer encode --tokenizer "$OURS" --count-only < <(cat "$CORPUS"/train/*)
RAYON_NUM_THREADS=1 measure "tiktoken, tokenizers encode" python3 "$HERE/others.py" encode "$OURS" "$CORPUS/heldout" "$WORK/hf.json" "$WORK/spm.model"
bash "$HERE/specialisation.sh"

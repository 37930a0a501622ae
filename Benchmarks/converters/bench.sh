#!/usr/bin/env bash
# Space converter benchmark: three domain tokenizers trained on Debian's documentation (C++
# reference pages, the CMake manual, the Bash manual and examples), a converter between each
# ordered pair trained on both domains' training pages, then on both domains' held-out pages:
# the share of text the table settles, and converting A's ids against decoding them and
# encoding with B, in Swift (`curate inspect converter`) and in Python `tokenizers`.
#
#   bash Benchmarks/converters/bench.sh        VOCAB=16000 by default; CURATE=path skips the build
set -euo pipefail
cd "$(dirname "$0")/../.."
HERE=Benchmarks/converters
WORK=${WORK:-${TMPDIR:-/tmp}/curate-converter-bench}
VOCAB=${VOCAB:-16000}
mkdir -p "$WORK"
if [ -z "${CURATE:-}" ]; then
    swift build -c release --product curate >/dev/null
    CURATE=$(swift build -c release --show-bin-path)/curate
fi

if [ ! -d "$WORK/shell/train" ]; then
    if [ -d corpora/real/cmake-doc ]; then
        ROOT=corpora/real
        CPP=$ROOT/cppreference-doc-en-html/usr/share/cppreference/doc/html
        DOC_CMAKE=$ROOT/cmake-doc/usr/share/doc
        DOC_BASH=$ROOT/bash-doc/usr/share/doc
    else
        (cd "$WORK" && apt-get download cppreference-doc-en-html cmake-doc bash-doc >/dev/null \
            && for deb in *.deb; do dpkg -x "$deb" root; done)
        CPP=$WORK/root/usr/share/cppreference/doc/html
        DOC_CMAKE=$WORK/root/usr/share/doc
        DOC_BASH=$WORK/root/usr/share/doc
    fi
    python3 Benchmarks/tokenizer/make_corpus.py "$CPP" --out "$WORK/cpp"
    python3 Benchmarks/tokenizer/make_corpus.py "$DOC_CMAKE/cmake-data/html" --out "$WORK/cmake"
    python3 Benchmarks/tokenizer/make_corpus.py "$DOC_BASH/bash" --out "$WORK/shell"
    find "$DOC_BASH/bash/examples" -type f ! -name "*.html" | sort | awk '{print NR, $0}' | while read -r n path; do
        if [ $((n % 20)) -eq 0 ]; then cp "$path" "$WORK/shell/heldout/script-$n.txt"; else cp "$path" "$WORK/shell/train/script-$n.txt"; fi
    done
fi

for domain in cpp cmake shell; do
    "$CURATE" tokenizer train --output "$WORK/$domain.json" --vocab-size "$VOCAB" --pattern "$domain" "$WORK/$domain/train" 2>/dev/null
done

for pair in cpp:shell shell:cpp cpp:cmake cmake:cpp cmake:shell shell:cmake; do
    a=${pair%%:*} b=${pair##*:}
    echo "== $a → $b"
    "$CURATE" converter train --from-tokenizer "$WORK/$a.json" --from-name "$a" --to-tokenizer "$WORK/$b.json" --to-name "$b" \
        --output "$WORK/$a-$b.safetensors" --threads 2 "$WORK/$a/train" "$WORK/$b/train" \
        | python3 -c 'import json,sys; r=json.load(sys.stdin); print("exact table %d of %d tokens (%.1f%%), trained on %d bytes" % (r["exact_tokens"], r["from_tokens"], 100*r["exact_tokens"]/r["from_tokens"], r["training_bytes"]))'
    "$CURATE" inspect converter "$WORK/$a-$b.safetensors" --from-tokenizer "$WORK/$a.json" --to-tokenizer "$WORK/$b.json" \
        --text "$WORK/$a/heldout" --text "$WORK/$b/heldout" | tee "$WORK/$a-$b.inspect" | sed -n '/^on /,$p'
    swift_seconds=$(sed -n 's/.*convert \([0-9.]*\) s,.*/\1/p' "$WORK/$a-$b.inspect")
    RAYON_NUM_THREADS=1 python3 "$HERE/decode_encode.py" "$WORK/$a.json" "$WORK/$b.json" "$swift_seconds" "$WORK/$a/heldout" "$WORK/$b/heldout"
done

#!/usr/bin/env bash
# Does a domain's own tokenizer beat a mixed one on its own text? Three domains from Debian's
# documentation (C++ reference pages, the CMake manual, the Bash manual and example scripts),
# each with its own pattern, against one tokenizer of the same size trained on all of them with
# the GPT-4 pattern; bytes per token on each domain's held-out pages.
set -euo pipefail
cd "$(dirname "$0")/../.."
HERE=Benchmarks/tokenizer
WORK=${WORK:-${TMPDIR:-/tmp}/curate-tokenizer-bench}/specialisation
VOCAB=${VOCAB:-8000}
mkdir -p "$WORK"
swift build -c release --product curate >/dev/null
CURATE=$(swift build -c release --show-bin-path)/curate

if [ ! -d "$WORK/shell/train" ]; then
    (cd "$WORK" && apt-get download cppreference-doc-en-html cmake-doc bash-doc >/dev/null \
        && for deb in *.deb; do dpkg -x "$deb" root; done)
    DOC=$WORK/root/usr/share/doc
    python3 "$HERE/make_corpus.py" "$WORK/root/usr/share/cppreference/doc/html" --out "$WORK/cpp"
    python3 "$HERE/make_corpus.py" "$DOC/cmake-data/html" --out "$WORK/cmake"
    python3 "$HERE/make_corpus.py" "$DOC/bash" --out "$WORK/shell"
    # The example scripts are shell text already: every 20th held out, like the pages.
    find "$DOC/bash/examples" -type f ! -name "*.html" | sort | awk '{print NR, $0}' | while read -r n path; do
        if [ $((n % 20)) -eq 0 ]; then cp "$path" "$WORK/shell/heldout/script-$n.txt"; else cp "$path" "$WORK/shell/train/script-$n.txt"; fi
    done
fi

for domain in cpp cmake shell; do
    "$CURATE" tokenizer train --output "$WORK/$domain.json" --vocab-size "$VOCAB" --pattern "$domain" "$WORK/$domain/train" 2>/dev/null
done
"$CURATE" tokenizer train --output "$WORK/mixed.json" --vocab-size "$VOCAB" --pattern gpt4 \
    "$WORK/cpp/train" "$WORK/cmake/train" "$WORK/shell/train" 2>/dev/null

for domain in cpp cmake shell; do
    echo "== $domain held-out: $(cat "$WORK/$domain"/heldout/* | wc -c) bytes"
    "$CURATE" inspect tokenizer "$WORK/$domain.json" --text "$WORK/$domain/heldout" --compare "$WORK/mixed.json" \
        | sed -n '/bytes per token/,$p'
done

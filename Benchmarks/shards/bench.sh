#!/usr/bin/env bash
# From curated samples to finished shards: curate's shards stage against a Python script with
# Hugging Face `tokenizers` (encode_batch on all cores) and numpy writing the same .bin/.idx,
# on the same samples and tokenizer, in one run, at 1x and 10x the corpus (peak memory should
# stay flat). Samples: the cpp textbooks output of the real books when `make corpora` has run,
# else the bundled books' pairs. Usage: bash Benchmarks/shards/bench.sh [BASE_SCALE]
set -euo pipefail
cd "$(dirname "$0")/../.."
base=${1:-20}
curate=$PWD/.build/release/curate
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip install --quiet --disable-pip-version-check tokenizers numpy

books=corpora/books/cpp
[ -d corpora/real/cppreference-doc-en-html ] && books=corpora/real/cppreference-doc-en-html/usr/share/cppreference/doc/html/en/cpp
"$curate" textbooks "$books" --domain cpp --out "$work/seed" --quiet >/dev/null || [ $? -eq 3 ]
"$curate" tokenizer train "$work/seed/cpp/textbooks" --output "$work/tokenizer.json" --vocab-size 16000 --pattern cpp >/dev/null

printf '%-8s %10s %12s %12s %10s %10s %8s\n' scale docs curate_s python_s curate_MB python_MB speedup
for scale in "$base" $((base * 10)); do
    corpus="$work/x$scale"
    mkdir -p "$corpus/cpp/rewrite"
    docs=$(python3 Benchmarks/shards/scale.py "$scale" "$corpus/cpp/rewrite" "$work"/seed/cpp/textbooks/part-*.jsonl.zst)
    cat > "$corpus/cpp.toml" <<TOML
domain = "cpp"
[shards]
upstream = "rewrite"
tokenizer = "$work/tokenizer.json"
TOML
    mkdir -p "$corpus/pipelines" && mv "$corpus/cpp.toml" "$corpus/pipelines/"
    ours=$( { /usr/bin/time -f '%e %M' "$curate" run --pipelines "$corpus/pipelines" --out "$corpus" --stage shards --quiet >/dev/null; } 2>&1 | tail -1)
    theirs=$( { /usr/bin/time -f '%e %M' python3 Benchmarks/shards/baseline.py "$work/tokenizer.json" '<|endoftext|>' "$corpus/baseline" "$corpus"/cpp/rewrite/part-*.jsonl.zst >/dev/null; } 2>&1 | tail -1)
    read -r ours_s ours_kb <<<"$ours"
    read -r theirs_s theirs_kb <<<"$theirs"
    "$curate" inspect shard "$corpus/cpp/shards/phase1/cpp-train-00000" --verify >/dev/null
    printf '%-8s %10s %12s %12s %10s %10s %8s\n' "x$scale" "$docs" "$ours_s" "$theirs_s" $((ours_kb / 1024)) $((theirs_kb / 1024)) \
        "$(python3 -c "print(f'{$theirs_s / max($ours_s, 0.001):.1f}x')")"
done

#!/usr/bin/env bash
# Load benchmark: generates a corpus of C++ pairs (about 2 KB each, with planted exact and near
# duplicates) at each size in LOAD_SIZES and runs quality (without compilers) → dedup →
# tokenizer → shards on it, one stage at a time, printing wall time and peak resident memory
# per stage (GNU time's %M), so the growth with the corpus is visible.
#   LOAD_SIZES="100000 1000000"  sample counts (the default)
#   LOAD_WORK=out/bench-load     where corpora and outputs go (removed and rebuilt per size)
#   LOAD_STAGES="quality dedup tokenizer shards"  stages run, in order (the default)
#   CURATE=.build/release/curate THREADS=$(nproc)
set -euo pipefail
cd "$(dirname "$0")/../.."
CURATE=${CURATE:-.build/release/curate}
SIZES=${LOAD_SIZES:-"100000 1000000"}
THREADS=${THREADS:-$(nproc)}
WORK=${LOAD_WORK:-out/bench-load}

printf '| samples | step | seconds | peak MB | output MB |\n|---:|---|---:|---:|---:|\n'
for samples in $SIZES; do
    dir=$WORK/$samples
    rm -rf "$dir"
    mkdir -p "$dir/pipelines"
    cp Benchmarks/load/load.toml "$dir/pipelines/"
    start=$SECONDS
    python3 Benchmarks/load/make_corpus.py --samples "$samples" --out "$dir/out" >"$dir/corpus.json"
    seconds=$((SECONDS - start))
    printf '| %s | generate (%s) | %.1f | - | %s |\n' "$samples" "$(tr -d '{}"' <"$dir/corpus.json")" "$seconds" \
        "$(du -sm "$dir/out/load/textbooks" | cut -f1)"
    for stage in ${LOAD_STAGES:-quality dedup tokenizer shards}; do
        status=0
        /usr/bin/time -f '%e %M' -o "$dir/time-$stage" "$CURATE" run --pipelines "$dir/pipelines" --out "$dir/out" \
            --stage "$stage" --threads "$THREADS" --quiet >"$dir/summary-$stage.txt" 2>&1 || status=$?
        # 3: the stage set inputs aside (dedup's duplicates); anything else is a failure.
        if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
            echo "$stage failed at $samples samples:" >&2; tail -n 20 "$dir/summary-$stage.txt" >&2; exit 1
        fi
        read -r seconds kilobytes < <(tail -n 1 "$dir/time-$stage")
        printf '| %s | %s | %.1f | %d | %s |\n' "$samples" "$stage" "$seconds" "$((kilobytes / 1024))" \
            "$(du -sm "$dir/out/load/$stage" | cut -f1)"
    done
done

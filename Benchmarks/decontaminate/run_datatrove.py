"""Runs datatrove's n-gram decontamination on the benchmark: the index is built with its
indexer's own hashing (NGramsDecontIndexer.compute_hashes: its text normalisation, word
tokenizer and xxhash) and written as its filter expects; then NGramsDecontFilter checks every
document. The indexer's run() fetches tasks through lighteval, which the benchmark does not
need, so the hashing method is called directly. Reports times and the flagged documents as JSON.
"""
import argparse
import json
import os
import tempfile
import time
from types import SimpleNamespace

import numpy as np
from datatrove.data import Document
from datatrove.pipeline.decont.n_grams import NGramsDecontConfig, NGramsDecontFilter, NGramsDecontIndexer
from datatrove.utils.hashing import create_hash_func
from datatrove.utils.typeshelper import Languages
from datatrove.utils.word_tokenizers import load_word_tokenizer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--evals", required=True)
    parser.add_argument("--docs", required=True)
    parser.add_argument("--limit", type=int, default=0, help="check only the first LIMIT documents")
    parser.add_argument("--ngram", type=int, default=13)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    with open(args.evals) as f:
        items = [json.loads(line) for line in f]
    docs = []
    with open(args.docs) as f:
        for line in f:
            if args.limit and len(docs) >= args.limit:
                break
            row = json.loads(line)
            docs.append(Document(text=row["text"], id=str(row["id"])))

    config = NGramsDecontConfig(n_grams=args.ngram, find_query_ngrams=True, find_overlap_ngrams=False)
    indexer = SimpleNamespace(tokenizer=load_word_tokenizer(Languages.english), config=config,
                              hash_func=create_hash_func(config.hash_config))
    NGramsDecontIndexer.compute_hashes(indexer, "warm up the tokenizer")
    with tempfile.TemporaryDirectory() as scratch:
        start, cpu = time.perf_counter(), time.process_time()
        hashes = set()
        for item in items:
            hashes.update(NGramsDecontIndexer.compute_hashes(indexer, item["text"]))
        array = np.array(list(hashes), dtype=config.hash_config.np_descr)
        with open(os.path.join(scratch, "bench.index.hashes"), "wb") as f:
            array.tofile(f)
        decont = NGramsDecontFilter(index_folder=scratch, config=config, language=Languages.english)
        decont.load_index_hashes()
        built = time.perf_counter()
        flagged = [n for n, doc in enumerate(docs) if decont.filter(doc) is not True]
        finished, cpu = time.perf_counter(), time.process_time() - cpu
    with open(args.out, "w") as f:
        json.dump({"flagged": flagged}, f)
    print(json.dumps({"items": len(items), "word_grams": len(hashes), "docs": len(docs), "index_seconds": built - start,
                      "pass_seconds": finished - built, "cpu_seconds": cpu, "threads": 1, "flagged": len(flagged)},
                     sort_keys=True))


if __name__ == "__main__":
    main()

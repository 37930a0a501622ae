"""Runs datatrove's MinHash deduplication (signatures, LSH buckets, clustering) on docs.jsonl
with the given parameters, in this process and on one task per step, and reports its time and
clusters as JSON.

Documents are read into memory before the clock starts, as the curate benchmark does; the
steps then write and read their signature, bucket and cluster files in a scratch folder, which
is how datatrove runs them.
"""
import argparse
import json
import os
import sys
import tempfile
import time

from datatrove.data import Document
from datatrove.pipeline.dedup.minhash import (MinhashConfig, MinhashDedupBuckets, MinhashDedupCluster,
                                              MinhashDedupSignature)
from datatrove.utils.hashing import HashConfig
from datatrove.utils.typeshelper import Languages


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", required=True)
    parser.add_argument("--shingle", type=int, default=5)
    parser.add_argument("--bands", type=int, default=14)
    parser.add_argument("--rows", type=int, default=8)
    parser.add_argument("--out", required=True, help="writes the cluster of every document here (JSON)")
    args = parser.parse_args()

    with open(args.docs) as f:
        rows = [json.loads(line) for line in f]
    docs = [Document(text=row["text"], id=str(row["id"])) for row in rows]
    config = MinhashConfig(n_grams=args.shingle, num_buckets=args.bands, hashes_per_bucket=args.rows,
                           hash_config=HashConfig(precision=64, hash_fc="xxhash"))
    with tempfile.TemporaryDirectory() as scratch:
        sigs, buckets, clusters = (os.path.join(scratch, name) for name in ("sigs", "buckets", "clusters"))
        signature = MinhashDedupSignature(output_folder=sigs, config=config, language=Languages.english)
        # Warm the word tokenizer (spaCy) outside the clock, as curate's start-up is not timed either.
        signature.get_shingles("warm up the tokenizer with a sentence of words")
        start, cpu = time.perf_counter(), time.process_time()
        signature.run(iter(docs), rank=0, world_size=1)
        signed = time.perf_counter()
        bucketer = MinhashDedupBuckets(input_folder=sigs, output_folder=buckets, config=config)
        for rank in range(args.bands):
            bucketer.run(None, rank=rank, world_size=args.bands)
        clusterer = MinhashDedupCluster(input_folder=buckets, output_folder=clusters, config=config, save_cluster_id=True)
        clusterer.run(None, 0, world_size=1)
        finished, cpu = time.perf_counter(), time.process_time() - cpu

        # Cluster ids: (doc, cluster) records for every document in a cluster; others are alone.
        cluster = list(range(len(docs)))
        path = os.path.join(clusters, "000000.clusters")
        if os.path.exists(path):
            import struct
            with open(path, "rb") as f:
                data = f.read()
            for doc, cid in struct.iter_unpack("<II", data):
                cluster[doc] = len(docs) + cid
    with open(args.out, "w") as f:
        json.dump(cluster, f)
    json.dump({"tool": "datatrove", "docs": len(docs), "signature_seconds": signed - start,
               "cluster_seconds": finished - signed, "seconds": finished - start,
               "cpu_seconds": cpu}, sys.stdout)
    print()


if __name__ == "__main__":
    main()

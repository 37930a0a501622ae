"""Reads a Megatron indexed dataset (.bin/.idx) from the public layout description alone,
independently of the Swift reader, and prints its header and documents as JSON.

Usage: python3 megatron_reader.py PREFIX
"""
import json
import sys

import numpy as np

DTYPES = {1: np.uint8, 2: np.int8, 3: np.int16, 4: np.int32, 5: np.int64,
          6: np.float64, 7: np.float32, 8: np.uint16}


def read(prefix):
    with open(prefix + ".idx", "rb") as f:
        raw = f.read()
    assert raw[:9] == b"MMIDIDX\x00\x00", "bad magic"
    version = int(np.frombuffer(raw, np.uint64, 1, 9)[0])
    code = raw[17]
    n = int(np.frombuffer(raw, np.uint64, 1, 18)[0])
    d = int(np.frombuffer(raw, np.uint64, 1, 26)[0])
    offset = 34
    lengths = np.frombuffer(raw, np.int32, n, offset)
    offset += 4 * n
    pointers = np.frombuffer(raw, np.int64, n, offset)
    offset += 8 * n
    doc_idx = np.frombuffer(raw, np.int64, d, offset)
    offset += 8 * d
    assert offset == len(raw), "trailing bytes in .idx"
    dtype = DTYPES[code]
    tokens = np.memmap(prefix + ".bin", dtype=dtype, mode="r")
    size = np.dtype(dtype).itemsize
    documents = []
    for k in range(d - 1):
        doc = []
        for s in range(int(doc_idx[k]), int(doc_idx[k + 1])):
            start = int(pointers[s]) // size
            doc.extend(int(t) for t in tokens[start:start + int(lengths[s])])
        documents.append(doc)
    return {"version": version, "dtype": code, "sequences": n, "documents": documents}


if __name__ == "__main__":
    json.dump(read(sys.argv[1]), sys.stdout)

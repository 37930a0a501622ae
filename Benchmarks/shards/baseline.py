"""What a user would otherwise run to shard curated samples: Hugging Face `tokenizers`
(`encode_batch`, all cores) and numpy writing the same Megatron .bin/.idx (one document per
sequence, end-of-document appended), without shuffle or splits.

Usage: python3 baseline.py TOKENIZER_JSON EOD_TOKEN OUT_PREFIX PART.jsonl.zst...
"""
import json
import subprocess
import sys

import numpy as np
from tokenizers import Tokenizer


def samples(paths):
    for path in paths:
        text = subprocess.run(["zstd", "-dcq", path], check=True, capture_output=True).stdout
        for line in text.splitlines():
            sample = json.loads(line)
            completion = sample["completion"]
            yield sample["prompt"] + ("\n" + completion if completion else "")


def main():
    tokenizer = Tokenizer.from_file(sys.argv[1])
    eod = tokenizer.token_to_id(sys.argv[2])
    prefix = sys.argv[3]
    dtype = np.uint16 if tokenizer.get_vocab_size() < 65500 else np.int32
    lengths = []
    with open(prefix + ".bin", "wb") as bin_file:
        batch = []
        for text in samples(sys.argv[4:]):
            batch.append(text)
            if len(batch) == 1024:
                write(tokenizer, batch, eod, dtype, bin_file, lengths)
                batch = []
        if batch:
            write(tokenizer, batch, eod, dtype, bin_file, lengths)
    lengths = np.array(lengths, dtype=np.int32)
    pointers = np.zeros(len(lengths), dtype=np.int64)
    pointers[1:] = np.cumsum(lengths[:-1].astype(np.int64)) * np.dtype(dtype).itemsize
    code = 8 if dtype == np.uint16 else 4
    with open(prefix + ".idx", "wb") as idx:
        idx.write(b"MMIDIDX\x00\x00")
        idx.write(np.array([1], dtype=np.uint64).tobytes())
        idx.write(bytes([code]))
        idx.write(np.array([len(lengths), len(lengths) + 1], dtype=np.uint64).tobytes())
        idx.write(lengths.tobytes())
        idx.write(pointers.tobytes())
        idx.write(np.arange(len(lengths) + 1, dtype=np.int64).tobytes())
    print(json.dumps({"documents": len(lengths), "tokens": int(lengths.sum())}))


def write(tokenizer, batch, eod, dtype, bin_file, lengths):
    for encoding in tokenizer.encode_batch(batch, add_special_tokens=False):
        ids = encoding.ids + [eod]
        lengths.append(len(ids))
        bin_file.write(np.array(ids, dtype=dtype).tobytes())


if __name__ == "__main__":
    main()

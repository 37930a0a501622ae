#!/usr/bin/env python3
"""Times decode-then-encode with Hugging Face `tokenizers`: A's ids of every held-out page,
decoded with A and encoded with B (best of three), and compares with the converter's time.

usage: decode_encode.py A.json B.json CONVERT_SECONDS FOLDER...
"""
import os
import sys
import time

from tokenizers import Tokenizer


def main():
    a_path, b_path, swift_seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    texts = []
    for folder in sys.argv[4:]:
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
                texts.append(f.read())
    a, b = Tokenizer.from_file(a_path), Tokenizer.from_file(b_path)
    streams = [a.encode(t, add_special_tokens=False).ids for t in texts]
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        out = [b.encode(a.decode(ids, skip_special_tokens=False), add_special_tokens=False).ids for ids in streams]
        best = min(best, time.perf_counter() - start)
    print("  tokenizers decode+encode %.3f s: converter %.2fx faster (%d tokens out)"
          % (best, best / swift_seconds, sum(map(len, out))))


if __name__ == "__main__":
    main()

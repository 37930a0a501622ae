"""Writes SCALE variants of every sample in the given parts as new parts (each variant's
prompt gets a suffix, so every copy is a distinct document with its own id), for measuring
how time and memory grow with the corpus. Ids are recomputed the way curate computes them.

Usage: python3 scale.py SCALE OUT_FOLDER PART.jsonl.zst...
"""
import hashlib
import json
import subprocess
import sys


def sample_id(sample):
    parts = [sample["domain"], sample["kind"], sample["prompt"], sample["completion"]]
    return hashlib.sha256(b"\x00".join(p.encode() for p in parts)).hexdigest()[:32]


def main():
    scale, out, parts = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    samples = []
    for path in parts:
        text = subprocess.run(["zstd", "-dcq", path], check=True, capture_output=True).stdout
        samples += [json.loads(line) for line in text.splitlines()]
    per_part = max(1, len(samples) * scale // 8 + 1)
    index, lines = 0, []

    def flush():
        nonlocal index, lines
        data = ("\n".join(lines) + "\n").encode()
        subprocess.run(["zstd", "-q", "-3", "-f", "-o", f"{out}/part-{index:05d}.jsonl.zst"], input=data, check=True)
        index, lines = index + 1, []

    for k in range(scale):
        for sample in samples:
            copy = dict(sample)
            copy["prompt"] = sample["prompt"] + ("" if k == 0 else f"\n// (variant {k})")
            copy["id"] = sample_id(copy)
            lines.append(json.dumps(copy, sort_keys=True, separators=(",", ":")))
            if len(lines) == per_part:
                flush()
    if lines:
        flush()
    print(len(samples) * scale)


if __name__ == "__main__":
    main()

"""Seed corpora for the fuzz targets (ParserProbe cases), written under OUT/<target>/seeds/.

Real inputs come from the test fixtures and the bundled corpora; the shard and JSONL seeds,
which the repository keeps no copy of, are written here: a small Megatron index and data file
(the layout IndexedDatasetWriter documents) and a zstd-compressed JSON line per sample kind.
A kept crashing input (Tests/CurateKitTests/Fixtures/fuzz/<target>/) is a seed too.
"""
import glob
import json
import os
import shutil
import struct
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "CurateKitTests", "Fixtures")

# Per target: glob patterns relative to the repository root.
SOURCES = {
    "trace": ["Tests/CurateKitTests/Fixtures/traces/*/*.txt"],
    "tokenizer": ["Tests/CurateKitTests/Fixtures/tokenizer/*.tokenizer.json"],
    "toml": ["pipelines/*.toml"],
    "html": ["Tests/CurateKitTests/Fixtures/textbooks/*.html", "corpora/books/*/*.html"],
    "xhtml": ["Tests/CurateKitTests/Fixtures/textbooks/*.xhtml", "corpora/books/*/*.xhtml",
              "corpora/epub-src/*/OEBPS/text/*.xhtml"],
    "docbook": ["Tests/CurateKitTests/Fixtures/textbooks/*.xml"],
    "epub": ["corpora/books/*/*.epub"],
    "patch": ["corpora/patches/*/*.patch", "Tests/CurateKitTests/Fixtures/traces/*/*.diff"],
}


def shard_seed(dtype_code, token_size, documents):
    """A probe input for `shard`: 4-byte LE index length, the .idx bytes, the .bin bytes."""
    lengths = [len(d) for d in documents]
    pointers, offset = [], 0
    for n in lengths:
        pointers.append(offset)
        offset += n * token_size
    index = b"MMIDIDX\0\0" + struct.pack("<QBQQ", 1, dtype_code, len(documents), len(documents) + 1)
    index += struct.pack(f"<{len(lengths)}i", *lengths) + struct.pack(f"<{len(pointers)}q", *pointers)
    index += struct.pack(f"<{len(documents) + 1}q", *range(len(documents) + 1))
    fmt = {2: "H", 4: "I"}[token_size]
    data = b"".join(struct.pack(f"<{len(d)}{fmt}", *d) for d in documents)
    return struct.pack("<I", len(index)) + index + data


def jsonl_seed(samples):
    text = "".join(json.dumps(s, sort_keys=True) + "\n" for s in samples).encode()
    return subprocess.run(["zstd", "-q", "-c"], input=text, stdout=subprocess.PIPE, check=True).stdout


def write(folder, name, data):
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def main(out, targets):
    for target in targets:
        folder = os.path.join(out, target, "seeds")
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        for pattern in SOURCES.get(target, []):
            for path in sorted(glob.glob(os.path.join(ROOT, pattern))):
                shutil.copy(path, os.path.join(folder, os.path.relpath(path, ROOT).replace("/", "_")))
        for path in sorted(glob.glob(os.path.join(FIXTURES, "fuzz", target, "*"))):
            shutil.copy(path, os.path.join(folder, "kept_" + os.path.basename(path)))
        if target == "shard":
            write(folder, "uint16", shard_seed(8, 2, [[1, 2, 3], [40000, 5], [7]]))
            write(folder, "int32", shard_seed(4, 4, [[100000, 2], [3, 4, 5, 6]]))
            write(folder, "empty", shard_seed(8, 2, []))
        if target == "jsonl":
            base = {"domain": "cpp", "prompt": "// Fix the bug.\nint f();\n", "completion": "int f() { return 0; }\n",
                    "source": {"uri": "corpora/a.cpp", "locator": "a.cpp:1", "title": "a"}, "scores": {"quality": 0.75}, "band": "high",
                    "lineage": [{"stage": "traces", "version": "2", "detail": {"tool": "asan"}}]}
            samples = [dict(base, id="%032x" % n, kind=kind) for n, kind in enumerate(["snapshot", "review", "qa"])]
            write(folder, "samples", jsonl_seed(samples))
            write(folder, "one", jsonl_seed(samples[:1]))
        print(f"{target}: {len(os.listdir(folder))} seeds")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])

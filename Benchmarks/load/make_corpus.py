"""Writes a load-test corpus as the upstream parts of a stage: out/<domain>/textbooks/part-NNNNN.jsonl.zst.

Each sample is a C++ question and answer of about 2 KB: a question comment, an answer comment
of generated sentences and a small generated function. Planted duplicates: a share of the
samples are exact copies of an earlier one, another share near copies (a few words of the
answer replaced). Deterministic for a seed; ids are the pipeline's content digests.
"""
import argparse
import hashlib
import json
import os
import random
import subprocess

WORDS = ("range iterator vector element value container algorithm pointer reference lambda "
         "predicate capture template function object member constructor destructor allocator "
         "buffer string view span array index bound size capacity memory lifetime owner copy "
         "move swap compare order sort search count sum product partition stable unique erase "
         "insert emplace reserve resize clear front back begin end data type alias concept "
         "constraint overload return parameter argument default explicit inline static const "
         "mutable volatile thread mutex lock atomic future promise task queue stack map set "
         "hash key bucket node tree list deque heap priority stream file path error exception").split()
NAMES = ["values", "items", "scores", "counts", "weights", "totals", "samples", "entries"]


def sentence(rng):
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
    return " ".join([words[0].capitalize()] + words[1:]) + "."


def code(rng):
    name = rng.choice(NAMES)
    lines = ["#include <vector>", "#include <numeric>", "", f"int total_{rng.randint(0, 99999)}(const std::vector<int>& {name}) {{",
             f"    int result = {rng.randint(0, 9)};"]
    for _ in range(rng.randint(6, 14)):
        op = rng.choice(["+", "-", "*"])
        lines.append(f"    for (int value : {name}) {{ result = result {op} value % {rng.randint(2, 97)}; }}")
    lines += ["    return result;", "}", "", "int main() {",
              f"    std::vector<int> {name}{{{', '.join(str(rng.randint(0, 50)) for _ in range(6))}}};",
              f"    return {name}.empty() ? 1 : 0;", "}"]
    return "\n".join(lines)


def make(rng):
    question = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 14)))
    prompt = f"// QUESTION: How does the {question} work? Illustrate it with a short program."
    answer = "\n".join(sentence(rng) for _ in range(rng.randint(10, 16)))
    completion = f"/* ANSWER:\n{answer}\n*/\n{code(rng)}"
    return prompt, completion


def sample(domain, prompt, completion, number):
    digest = hashlib.sha256("\0".join([domain, "qa", prompt, completion]).encode()).hexdigest()[:32]
    return {"completion": completion, "domain": domain, "id": digest, "kind": "qa",
            "lineage": [{"stage": "textbooks", "version": "2"}], "prompt": prompt, "scores": {},
            "source": {"licence": "generated for the load benchmark", "locator": f"sample[{number}]",
                       "uri": "generated/load"}}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, required=True)
    parser.add_argument("--parts", type=int, default=16)
    parser.add_argument("--domain", default="load")
    parser.add_argument("--out", required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--exact-share", type=float, default=0.03)
    parser.add_argument("--near-share", type=float, default=0.05)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    folder = os.path.join(args.out, args.domain, "textbooks")
    os.makedirs(folder, exist_ok=True)
    writers = [subprocess.Popen(["zstd", "-q", "-3", "-f", "-o", os.path.join(folder, f"part-{p:05d}.jsonl.zst")],
                                stdin=subprocess.PIPE) for p in range(args.parts)]
    recent = []
    planted_exact = planted_near = 0
    for number in range(args.samples):
        roll = rng.random()
        if recent and roll < args.exact_share:
            prompt, completion = rng.choice(recent)
            planted_exact += 1
        elif recent and roll < args.exact_share + args.near_share:
            prompt, completion = rng.choice(recent)
            head, rest = completion.split("\n", 1)
            words = rest.split(" ")
            for _ in range(3):
                words[rng.randrange(len(words))] = rng.choice(WORDS)
            completion = head + "\n" + " ".join(words)
            planted_near += 1
        else:
            prompt, completion = make(rng)
            recent.append((prompt, completion))
            if len(recent) > 5000:
                recent.pop(rng.randrange(len(recent)))
        line = json.dumps(sample(args.domain, prompt, completion, number), sort_keys=True, separators=(",", ":")) + "\n"
        writers[number % args.parts].stdin.write(line.encode())
    for writer in writers:
        writer.stdin.close()
        writer.wait()
    print(json.dumps({"samples": args.samples, "exact_copies": planted_exact, "near_copies": planted_near}))


if __name__ == "__main__":
    main()

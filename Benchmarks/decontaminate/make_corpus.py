"""Writes a decontamination benchmark: evals.jsonl (evaluation items of 80 to 140 words),
docs.jsonl (documents of 30 to 90 words) and truth.json (the documents that hold a planted
excerpt of 30 consecutive words of an item, and which item).

Words are drawn from a vocabulary of made-up words, so two texts share a 13-gram only when
one was copied from the other.
"""
import argparse
import json
import random


def vocabulary(size, rng):
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(3, 9))))
    return sorted(words)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--docs", type=int, default=1000000)
    parser.add_argument("--planted", type=float, default=0.005, help="share of documents holding an excerpt")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(20261203)
    vocab = vocabulary(30000, rng)
    items = []
    with open(f"{args.out}/evals.jsonl", "w") as f:
        for n in range(args.items):
            words = rng.choices(vocab, k=rng.randint(80, 140))
            items.append(words)
            f.write(json.dumps({"id": f"item{n}", "text": " ".join(words)}) + "\n")
    truth = {}
    with open(f"{args.out}/docs.jsonl", "w") as f:
        for n in range(args.docs):
            words = rng.choices(vocab, k=rng.randint(30, 90))
            if rng.random() < args.planted:
                item = rng.randrange(len(items))
                start = rng.randrange(len(items[item]) - 30)
                at = rng.randrange(len(words))
                words[at:at] = items[item][start:start + 30]
                truth[n] = f"item{item}"
            text = " ".join(words)
            f.write(json.dumps({"id": n, "text": text[0].upper() + text[1:] + "."}) + "\n")
    with open(f"{args.out}/truth.json", "w") as f:
        json.dump(truth, f)


if __name__ == "__main__":
    main()

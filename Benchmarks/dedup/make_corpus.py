"""Writes a benchmark corpus with planted near duplicates.

docs.jsonl: one {"id": n, "text": ...} a line. truth.json: the family of every document and
every planted pair at Jaccard >= 0.8 (exact, on word 5-gram sets) with its similarity.
Families are a base text and one or two copies edited by word substitutions down to a target
similarity; hard negatives are edited copies kept below 0.6 and counted as their own family.
"""
import argparse
import json
import random


def shingles(words, n=5):
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def jaccard(a, b):
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb)


def edit(base, target, vocab, rng, strictly_below=False):
    """Substitutes random words until one more edit would drop below target (at least one)."""
    current = list(base)
    while True:
        nxt = list(current)
        nxt[rng.randrange(len(nxt))] = rng.choice(vocab)
        if jaccard(base, nxt) < target:
            return nxt if strictly_below or current == base else current
        current = nxt


def render(words, rng):
    """Sentences of 8 to 20 words, capitalised and ending in a full stop."""
    out, i = [], 0
    while i < len(words):
        n = rng.randint(8, 20)
        sentence = words[i:i + n]
        sentence = [sentence[0].capitalize()] + sentence[1:]
        out.append(" ".join(sentence) + ".")
        i += n
    return " ".join(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=".")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocab = sorted({"".join(rng.choice(letters) for _ in range(rng.randint(2, 9))) for _ in range(30000)})
    weights = [1.0 / (rank + 10) for rank in range(len(vocab))]  # a Zipf-like spread of word frequencies

    def text(count):
        return rng.choices(vocab, weights=weights, k=count)

    docs, family, pairs = [], [], []

    def add(words, fam):
        docs.append(words)
        family.append(fam)
        return len(docs) - 1

    targets = [0.8, 0.85, 0.9, 0.95]
    fam = 0
    while len(docs) < args.docs:
        roll = rng.random()
        base = text(rng.randint(150, 500))
        if roll < 0.15:
            b = add(base, fam)
            variants = []
            for _ in range(rng.choice([1, 2])):
                v = edit(base, rng.choice(targets), vocab, rng)
                variants.append((add(v, fam), v))
                pairs.append((b, variants[-1][0], jaccard(base, v)))
            if len(variants) == 2:
                j = jaccard(variants[0][1], variants[1][1])
                if j >= 0.8:
                    pairs.append((variants[0][0], variants[1][0], j))
            fam += 1
        elif roll < 0.20:
            add(base, fam)
            fam += 1
            add(edit(base, 0.6, vocab, rng, strictly_below=True), fam)
            fam += 1
        else:
            add(base, fam)
            fam += 1
    docs, family = docs[:args.docs], family[:args.docs]
    pairs = [p for p in pairs if p[0] < args.docs and p[1] < args.docs]
    with open(f"{args.out}/docs.jsonl", "w") as f:
        for i, words in enumerate(docs):
            f.write(json.dumps({"id": i, "text": render(words, rng)}) + "\n")
    with open(f"{args.out}/truth.json", "w") as f:
        json.dump({"family": family, "pairs": pairs}, f)
    print(f"{len(docs)} documents, {len(pairs)} planted pairs at Jaccard >= 0.8")


if __name__ == "__main__":
    main()

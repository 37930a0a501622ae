#!/usr/bin/env python3
"""Writes the import fixtures of Tests/CurateKitTests/Fixtures/tokenizer/ with Hugging Face
`tokenizers`: a small GPT-2 style tokenizer (ByteLevel pre-tokenizer with its own regex, merges
written as old "a b" strings) and a small Llama 3 style one (Split + ByteLevel, ignore_merges),
both trained on the project's fixture corpus, and the ids that library gives for the probe texts.

Run from the repository root: python3 Tests/python/make_fixtures.py
"""
import json
import os
import sys

from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, trainers

sys.path.insert(0, os.path.dirname(__file__))
from probes import PROBES  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "CurateKitTests", "Fixtures", "tokenizer")
LLAMA3 = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*"
          r"|\s*[\r\n]+|\s+(?!\S)|\s+")


def corpus():
    folder = os.path.join(ROOT, "corpus")
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            yield f.read()


def train(tokenizer, specials):
    trainer = trainers.BpeTrainer(vocab_size=700, min_frequency=2, special_tokens=specials,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tokenizer.train_from_iterator(list(corpus()), trainer)
    return tokenizer


def gpt2_style():
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tokenizer.decoder = decoders.ByteLevel()
    return train(tokenizer, ["<|endoftext|>"])


def llama3_style():
    tokenizer = Tokenizer(models.BPE(ignore_merges=True))
    tokenizer.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(LLAMA3), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=False),
    ])
    tokenizer.decoder = decoders.ByteLevel()
    return train(tokenizer, ["<|begin_of_text|>", "<|end_of_text|>"])


def save(tokenizer, name, old_merges):
    data = json.loads(tokenizer.to_str())
    if old_merges:
        data["model"]["merges"] = [" ".join(pair) for pair in data["model"]["merges"]]
    path = os.path.join(ROOT, name + ".tokenizer.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")
    reloaded = Tokenizer.from_file(path)
    return [{"text": text, "ids": reloaded.encode(text, add_special_tokens=False).ids} for text in PROBES]


def main():
    expected = {
        "gpt2": save(gpt2_style(), "gpt2-style", old_merges=True),
        "llama3": save(llama3_style(), "llama3-style", old_merges=False),
    }
    with open(os.path.join(ROOT, "import-expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

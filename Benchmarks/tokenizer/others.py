#!/usr/bin/env python3
"""The tools users would otherwise pick, run on the same corpus as `curate tokenizer`:

  others.py train-hf CORPUS_DIR VOCAB MIN_FREQ REGEX OUT.json    tokenizers' BpeTrainer
  others.py train-spm CORPUS_DIR VOCAB OUT_PREFIX                SentencePiece BPE
  others.py encode OURS.json TEXT_DIR [HF.json] [SPM.model]      one-thread encoding speed and
                                                                 bytes per token

Threads for tokenizers come from RAYON_NUM_THREADS; timings printed are wall seconds of the
step alone (loading excluded); bench.sh wraps each in /usr/bin/time -v for peak memory.
"""
import json
import os
import sys
import time


def read_docs(folder):
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            yield f.read()


def train_hf(corpus, vocab, min_freq, regex, out):
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, trainers
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(regex), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
    ])
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=int(vocab), min_frequency=int(min_freq), show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    docs = list(read_docs(corpus))
    start = time.perf_counter()
    tok.train_from_iterator(docs, trainer)
    print("hf-train-seconds %.2f" % (time.perf_counter() - start))
    tok.save(out)


def train_spm(corpus, vocab, prefix):
    import sentencepiece as spm
    # SentencePiece reads sentences, one a line; documents are written as their lines.
    lines_path = prefix + ".lines.txt"
    with open(lines_path, "w", encoding="utf-8") as f:
        for doc in read_docs(corpus):
            for line in doc.splitlines():
                if line.strip():
                    f.write(line + "\n")
    start = time.perf_counter()
    spm.SentencePieceTrainer.train(input=lines_path, model_prefix=prefix, model_type="bpe", vocab_size=int(vocab),
                                   num_threads=2, byte_fallback=True, character_coverage=1.0,
                                   max_sentence_length=16384, minloglevel=2)
    print("spm-train-seconds %.2f" % (time.perf_counter() - start))


def encode(ours_path, texts, hf_path=None, spm_path=None):
    import tiktoken
    from tokenizers import Tokenizer
    docs = list(read_docs(texts))
    text = "".join(docs)
    size = len(text.encode("utf-8"))
    ours = json.load(open(ours_path, encoding="utf-8"))
    byte_of = {}
    n = 0
    for b in range(256):
        if 0x21 <= b <= 0x7E or 0xA1 <= b <= 0xAC or 0xAE <= b <= 0xFF:
            byte_of[chr(b)] = b
        else:
            byte_of[chr(256 + n)] = b
            n += 1
    ranks = {bytes(byte_of[c] for c in token): rank for token, rank in ours["model"]["vocab"].items()
             if all(c in byte_of for c in token)}
    regex = ours["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"]
    enc = tiktoken.Encoding("ours", pat_str=regex, mergeable_ranks=ranks, special_tokens={})
    results = {}
    for label, fn in [("tiktoken", lambda: enc.encode_ordinary(text)),
                      ("tokenizers", lambda: Tokenizer.from_file(ours_path).encode(text, add_special_tokens=False).ids)]:
        fn() if label == "tiktoken" else None  # warm tiktoken's regex once
        start = time.perf_counter()
        ids = fn()
        seconds = time.perf_counter() - start
        results[label] = (seconds, len(ids))
        print("encode %-10s %8.3f s  %7.2f MB/s  %d tokens" % (label, seconds, size / seconds / 1e6, len(ids)))
    print("held-out bytes %d" % size)
    mine = Tokenizer.from_file(ours_path)
    print("bytes-per-token curate-trained %.4f" % (size / sum(len(mine.encode(d, add_special_tokens=False).ids) for d in docs)))
    if hf_path:
        hf = Tokenizer.from_file(hf_path)
        tokens = sum(len(hf.encode(d, add_special_tokens=False).ids) for d in docs)
        print("bytes-per-token tokenizers-trained %.4f" % (size / tokens))
    if spm_path:
        import sentencepiece as spm
        sp = spm.SentencePieceProcessor(model_file=spm_path)
        tokens = sum(len(sp.encode(d)) for d in docs)
        print("bytes-per-token sentencepiece-trained %.4f" % (size / tokens))


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"train-hf": train_hf, "train-spm": train_spm, "encode": encode}[command](*args)

"""Checks that tokenizer.json files written by `curate tokenizer train` give, in Hugging Face
`tokenizers`, exactly the ids our encoder gives, decode back to the same text, and that our
trainer learns the same merges as `tokenizers`' BpeTrainer on the same pieces.

Needs the built `curate` binary (CURATE, default .build/debug/curate) and `tokenizers`.
"""
import json
import os
import subprocess
import sys

import pytest
from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, trainers

sys.path.insert(0, os.path.dirname(__file__))
from probes import PROBES  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CURATE = os.environ.get("CURATE") or os.path.join(REPO, ".build", "debug", "curate")
CORPUS = os.path.join(REPO, "Tests", "CurateKitTests", "Fixtures", "tokenizer", "corpus")
HELD_OUT = "scheduler_prose.txt"
PATTERNS = ["gpt4", "cpp", "cmake", "shell", "gpt2"]

INVALID_UTF8 = [
    b"abc\xff\xfedef",
    b"truncated \xc3 two \xe2\x82 three \xf0\x9f\x98 four",
    b"\xed\xa0\x80 surrogate \xc0\xaf overlong \xf4\x90\x80\x80 too big",
    b"\x80\x80\x80 lone continuation // QUESTION:\xff<|endoftext|>\xfe",
]


def curate(*args, stdin=b""):
    result = subprocess.run([CURATE, *args], input=stdin, capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    return result.stdout


def documents(held_out):
    for name in sorted(os.listdir(CORPUS)):
        if (name == HELD_OUT) == held_out:
            with open(os.path.join(CORPUS, name), encoding="utf-8") as f:
                yield f.read()


def texts():
    held = list(documents(held_out=True))
    # Pieces of the held-out document too, so boundaries fall everywhere.
    return held + [line for doc in held for line in doc.splitlines(keepends=True)] + PROBES


@pytest.fixture(scope="module", params=PATTERNS)
def trained(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    output = folder / "tokenizer.json"
    inputs = [os.path.join(CORPUS, name) for name in sorted(os.listdir(CORPUS)) if name != HELD_OUT]
    curate("tokenizer", "train", "--output", str(output), "--vocab-size", "900", "--min-frequency", "2",
           "--pattern", request.param, *inputs)
    return str(output)


def our_ids(path, batch):
    lines = "".join(json.dumps(text) + "\n" for text in batch).encode("utf-8")
    out = curate("tokenizer", "encode", "--tokenizer", path, "--jsonl", stdin=lines).decode()
    return [[int(x) for x in line.split()] for line in out.split("\n")[:-1]]


def our_bytes(path, id_lists):
    lines = "".join(" ".join(map(str, ids)) + "\n" for ids in id_lists).encode()
    out = curate("tokenizer", "decode", "--tokenizer", path, "--hex-lines", stdin=lines).decode()
    return [bytes.fromhex(line) for line in out.split("\n")[:-1]]


def test_hugging_face_gives_our_ids_and_decodes_back(trained):
    hf = Tokenizer.from_file(trained)
    batch = texts()
    ours = our_ids(trained, batch)
    assert len(ours) == len(batch)
    for text, ids in zip(batch, ours):
        assert hf.encode(text, add_special_tokens=False).ids == ids, repr(text[:200])
        assert hf.decode(ids, skip_special_tokens=False) == text
    for text, raw in zip(batch, our_bytes(trained, ours)):
        assert raw == text.encode("utf-8")


def test_invalid_utf8_is_replaced_as_python_does(trained):
    hf = Tokenizer.from_file(trained)
    for raw in INVALID_UTF8:
        text = raw.decode("utf-8", "replace")
        ids = [int(x) for x in curate("tokenizer", "encode", "--tokenizer", trained, stdin=raw).split()]
        assert hf.encode(text, add_special_tokens=False).ids == ids, repr(raw)
        assert curate("tokenizer", "decode", "--tokenizer", trained, stdin=" ".join(map(str, ids)).encode()) \
            == text.encode("utf-8")


def test_special_tokens_are_special_in_hugging_face(trained):
    hf = Tokenizer.from_file(trained)
    added = hf.get_added_tokens_decoder()
    contents = {token.content for token in added.values() if token.special}
    assert "// QUESTION:" in contents and "<|endoftext|>" in contents and "__AGENT_QUERY__" in contents


@pytest.mark.parametrize("pattern", ["gpt4", "cpp"])
def test_our_trainer_learns_the_merges_of_bpe_trainer(pattern, tmp_path):
    output = tmp_path / "ours.json"
    inputs = [os.path.join(CORPUS, name) for name in sorted(os.listdir(CORPUS))]
    curate("tokenizer", "train", "--output", str(output), "--vocab-size", "700", "--min-frequency", "2",
           "--pattern", pattern, "--no-specials", *inputs)
    ours = json.loads(output.read_text(encoding="utf-8"))
    regex = ours["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"]

    hf = Tokenizer(models.BPE())
    hf.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(regex), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
    ])
    hf.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=700, min_frequency=2, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    hf.train_from_iterator([open(path, encoding="utf-8").read() for path in inputs], trainer)
    theirs = json.loads(hf.to_str())
    assert theirs["model"]["merges"] == ours["model"]["merges"]
    assert theirs["model"]["vocab"] == ours["model"]["vocab"]


@pytest.mark.parametrize("pattern", ["gpt4", "gpt2"])
def test_every_code_point_is_classified_as_oniguruma_does(pattern, tmp_path):
    """Letters, numbers, white space and case folding decide where pieces end: put every code
    point of planes 0, 1 and 14 (and every 64th of planes 2 and 3, ideographs) between letters,
    digits, spaces and an apostrophe."""
    output = tmp_path / "tokenizer.json"
    inputs = [os.path.join(CORPUS, name) for name in sorted(os.listdir(CORPUS))]
    curate("tokenizer", "train", "--output", str(output), "--vocab-size", "600", "--pattern", pattern, *inputs)
    planes = list(range(0x20000)) + list(range(0x20000, 0x40000, 64)) + list(range(0xE0000, 0xE1000))
    points = [c for c in planes if not 0xD800 <= c <= 0xDFFF]
    batch = []
    for start in range(0, len(points), 512):
        batch.append("".join("a%sb1%s2 %s'%s " % ((chr(c),) * 4) for c in points[start:start + 512]))
    hf = Tokenizer.from_file(str(output))
    ours = our_ids(str(output), batch)
    for text, ids in zip(batch, ours):
        theirs = hf.encode(text, add_special_tokens=False).ids
        if theirs != ids:
            # Name the first code point that splits differently.
            for piece in text.split(" "):
                if piece and hf.encode(piece, add_special_tokens=False).ids != our_ids(str(output), [piece])[0]:
                    pytest.fail("code point splits differently: %r" % piece)
            pytest.fail("a block of code points encodes differently")

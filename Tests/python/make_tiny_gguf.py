#!/usr/bin/env python3
"""Writes a tiny llama-architecture GGUF model with random weights, for testing model servers.

    make_tiny_gguf.py OUT.gguf

2 layers x 64 dimensions, a GPT-2-style byte-level BPE vocabulary (256 byte tokens, a few
merges, ChatML control tokens) and a ChatML chat template. Its answers are noise; it exists so
that a real llama.cpp server can load it in a second and answer /v1/chat/completions. The
weights come from a fixed seed, so the file is the same on every run.
"""
import sys

import numpy as np
from gguf import GGUFWriter, TokenType

N_EMBD, N_LAYER, N_HEAD, N_FF, N_CTX = 64, 2, 4, 128, 4096


def byte_tokens():
    """GPT-2's printable stand-ins for the 256 byte values, in byte order."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAC + 1)) + list(range(0xAE, 0xFF + 1))
    codes = printable[:]
    shift = 0
    for byte in range(256):
        if byte not in printable:
            printable.append(byte)
            codes.append(256 + shift)
            shift += 1
    table = dict(zip(printable, (chr(code) for code in codes)))
    return [table[byte] for byte in range(256)]


def main(path):
    tokens = byte_tokens()
    space = tokens[ord(" ")]
    merges = [(space, "t"), ("h", "e"), ("i", "n"), (space + "t", "he"), ("e", "r"), (space, "a"), ("o", "n"), ("r", "e")]
    for left, right in merges:
        tokens.append(left + right)
    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    types = [TokenType.NORMAL] * len(tokens) + [TokenType.CONTROL] * len(specials)
    tokens += specials
    vocab = len(tokens)

    writer = GGUFWriter(path, "llama")
    writer.add_name("curate-tiny-test-llama")
    writer.add_context_length(N_CTX)
    writer.add_embedding_length(N_EMBD)
    writer.add_block_count(N_LAYER)
    writer.add_feed_forward_length(N_FF)
    writer.add_head_count(N_HEAD)
    writer.add_head_count_kv(N_HEAD)
    writer.add_rope_dimension_count(N_EMBD // N_HEAD)
    writer.add_rope_freq_base(10000.0)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_vocab_size(vocab)
    writer.add_file_type(0)  # all F32

    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre("default")
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    writer.add_token_merges([f"{left} {right}" for left, right in merges])
    writer.add_bos_token_id(tokens.index("<|endoftext|>"))
    writer.add_eos_token_id(tokens.index("<|im_end|>"))
    writer.add_add_bos_token(False)
    writer.add_chat_template(
        "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
        "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}")

    rng = np.random.default_rng(20261129)

    def weight(*shape):
        return (rng.standard_normal(shape) * 0.02).astype(np.float32)

    # numpy shapes are (rows, columns) = GGUF dimensions reversed: a matrix that maps n_in to
    # n_out is stored as (n_out, n_in).
    writer.add_tensor("token_embd.weight", weight(vocab, N_EMBD))
    for layer in range(N_LAYER):
        prefix = f"blk.{layer}."
        writer.add_tensor(prefix + "attn_norm.weight", np.ones(N_EMBD, dtype=np.float32))
        for name in ("attn_q", "attn_k", "attn_v", "attn_output"):
            writer.add_tensor(prefix + name + ".weight", weight(N_EMBD, N_EMBD))
        writer.add_tensor(prefix + "ffn_norm.weight", np.ones(N_EMBD, dtype=np.float32))
        writer.add_tensor(prefix + "ffn_gate.weight", weight(N_FF, N_EMBD))
        writer.add_tensor(prefix + "ffn_up.weight", weight(N_FF, N_EMBD))
        writer.add_tensor(prefix + "ffn_down.weight", weight(N_EMBD, N_FF))
    writer.add_tensor("output_norm.weight", np.ones(N_EMBD, dtype=np.float32))
    writer.add_tensor("output.weight", weight(vocab, N_EMBD))

    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


if __name__ == "__main__":
    main(sys.argv[1])

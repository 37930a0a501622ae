#!/usr/bin/env python3
"""Runs llama.cpp's OpenAI-compatible server (llama-cpp-python) on a free loopback port.

    llama_server.py MODEL.gguf [extra llama_cpp.server arguments...]

Starts `python -m llama_cpp.server` on 127.0.0.1, waits until it answers GET /v1/models, then
prints "PORT <n>" and stays until terminated, stopping the server with it.
"""
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    # A parent that blocks signals in the thread that starts us (Swift's Process does) passes
    # the mask on: unblock them so that SIGTERM reaches the handler below.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    model = sys.argv[1]
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", model, "--host", "127.0.0.1", "--port", str(port),
         "--n_ctx", "4096", "--verbose", "False"] + sys.argv[2:],
        stdout=subprocess.DEVNULL, stderr=sys.stderr)

    def stop(*_):
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    deadline = time.time() + 120
    while time.time() < deadline:
        if server.poll() is not None:
            sys.exit(f"llama_cpp.server exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=2) as response:
                json.load(response)
                break
        except OSError:
            time.sleep(0.2)
    else:
        stop()
    print("PORT", port, flush=True)
    server.wait()


if __name__ == "__main__":
    main()

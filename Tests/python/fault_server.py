#!/usr/bin/env python3
"""Fault injector: a scripted OpenAI-compatible chat completions server on loopback.

It produces on demand the faults a real model server produces only by accident, so the
rewrite stage's retries and bookkeeping can be tested: slow answers, HTTP 429 and 5xx,
connections cut before the answer, malformed bodies, truncated and empty answers, and a
server that dies in the middle of a run.

    fault_server.py SCRIPT.json LOG.jsonl

prints "PORT <n>" on its first line once it listens on 127.0.0.1 (a free port). The script:

    {
      "faults": ["delay", "429", "500", "503", "drop", "malformed", "truncated", "empty", "die", "ok"],
      "delay_seconds": 3,          # how long "delay" waits before answering
      "think_seconds": 0.0,        # how long every answer takes (to observe concurrency)
      "answers": [{"match": "text in the last message", "content": "..."}],
      "default": "text answered when no entry matches"
    }

The n-th request received (counting from 0, in arrival order) gets faults[n]; later ones
are answered normally. Each request is logged as one JSON line: its number, its fault, how
many requests were in flight when it arrived, and the answer's first line.
"""
import json
import os
import signal
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# A parent that blocks signals in the thread that starts us (Swift's Process does) passes the
# mask on: unblock them so that SIGTERM stops the server.
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
script = json.load(open(sys.argv[1]))
log_path = sys.argv[2]
lock = threading.Lock()
state = {"received": 0, "in_flight": 0}


def log(entry):
    with lock:
        with open(log_path, "a") as log_file:
            log_file.write(json.dumps(entry, sort_keys=True) + "\n")


def answer_for(body):
    messages = body.get("messages") or []
    last = messages[-1]["content"] if messages else ""
    for entry in script.get("answers", []):
        if entry["match"] in last:
            return entry["content"]
    return script.get("default", "I cannot help with that.")


def completion(body, content, finish_reason="stop"):
    return {
        "id": "chatcmpl-fault-injector",
        "object": "chat.completion",
        "created": 0,
        "model": body.get("model", "fault-injector"),
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": 1, "completion_tokens": len(content.split()), "total_tokens": 1 + len(content.split())},
    }


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, payload, headers=()):
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        with lock:
            number = state["received"]
            state["received"] += 1
            state["in_flight"] += 1
            in_flight = state["in_flight"]
        faults = script.get("faults", [])
        fault = faults[number] if number < len(faults) else "ok"
        try:
            self.handle_fault(number, fault, in_flight, raw)
        finally:
            with lock:
                state["in_flight"] -= 1

    def handle_fault(self, number, fault, in_flight, raw):
        entry = {"n": number, "fault": fault, "in_flight": in_flight, "path": self.path,
                 "authorization": self.headers.get("Authorization") is not None}
        if self.path.rstrip("/") != "/v1/chat/completions":
            log(entry)
            return self.send(404, {"error": "no such path " + self.path})
        body = json.loads(raw)
        content = answer_for(body)
        entry["answer"] = content.split("\n", 1)[0]
        log(entry)
        if fault == "die":
            os._exit(1)
        if fault == "drop":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault in ("429", "500", "503"):
            headers = [("Retry-After", "0")] if fault == "429" else []
            self.close_connection = True
            return self.send(int(fault), {"error": {"message": "injected " + fault}}, headers)
        if fault == "malformed":
            return self.send(200, b'{"choices": [{"message": {"content": "cut')
        if fault == "delay":
            time.sleep(script.get("delay_seconds", 3))
        time.sleep(script.get("think_seconds", 0.0))
        if fault == "truncated":
            return self.send(200, completion(body, content[: max(1, len(content) // 3)], "length"))
        if fault == "empty":
            return self.send(200, completion(body, ""))
        return self.send(200, completion(body, content))


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64


server = Server(("127.0.0.1", 0), Handler)
print("PORT", server.server_address[1], flush=True)
server.serve_forever()

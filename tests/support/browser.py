"""Shared by the browser tests: the Chromium they drive and a Streamlit server for app.py.

Chromium is Debian's (installed by `make test`); a missing browser is a failure, not a
skip, so CI cannot pass without running these tests."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("VRAAGBAAK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]


def require_chromium() -> None:
    assert CHROMIUM.exists(), f"{CHROMIUM} is not installed: run 'make browser' (Debian package chromium)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(env: dict[str, str], log_path: Path, timeout: float = 120.0,
                     script: str = "serve.py") -> Iterator[str]:
    """``streamlit run serve.py`` (the page of app.py, warmed at start; as ``make run``)
    on a free localhost port with ``env``; yields its URL once /_stcore/health answers
    "ok"; always stops the server."""
    port = free_port()
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"streamlit exited with status {proc.returncode}: "
                                       + log_path.read_text(errors="replace")[-2000:])
                try:
                    with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                        if r.read().decode().strip() == "ok":
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError("streamlit did not become healthy")
                time.sleep(0.3)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)

"""Reading a file under a budget: a worker process that is killed when it overruns.

Python cannot interrupt a regular expression or a C parser (lxml, pdfminer's decoders)
from inside, so every file is read and chunked in a separate process, and this process
watches it: past ``parse_timeout_s`` seconds of wall time, or past ``parse_memory_mb``
of resident memory, the worker is killed and the file is reported ``too_slow`` or
``too_much_memory`` with the figures. The next file gets a fresh worker; the ingest goes
on. (No library found does "run this call in a child, kill it on a time *and* a memory
budget, keep the child warm between calls": ``concurrent.futures`` cannot kill a
running task, and ``multiprocessing`` would re-import the caller's ``__main__``, a
Streamlit script among others; hence this small module.)

The worker copies the file once into a private snapshot while hashing those bytes, and
reads the snapshot: what is indexed is always what was hashed, even when the file is
rewritten while it is read.

    >>> import tempfile
    >>> from pathlib import Path
    >>> from config import Settings
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Leiden telde in 2024 130.067 inwoners volgens de gemeente.")
    >>> with ParseWorker(Settings()) as worker:
    ...     parsed = worker.parse(ParseJob(folder / "a.txt", "a.txt"))
    >>> parsed.code, len(parsed.chunks), parsed.sha256 == file_sha256(folder / "a.txt")
    (None, 1, True)
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from config import ROOT, Settings
from ingest.metadata import DocMeta
from ingest.types import Chunk, LoaderError, ReadLimits, pages_to

log = logging.getLogger(__name__)

POLL_S = 0.02  # how often the watcher looks at the worker's memory and the clock
STARTUP_S = 300  # a worker that has not imported its libraries by then is broken


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@dataclass
class ParseJob:
    """One file to read: where it is, its name for users, its metadata."""

    path: Path
    source: str
    meta: DocMeta = field(default_factory=DocMeta)


@dataclass
class Parsed:
    """What reading one file gave: ``code`` None and its chunks, or an error ``code``
    (see :mod:`messages`) and ``detail``. ``sha256`` and ``size`` are those of the
    bytes that were read (None when the file could not be copied)."""

    code: str | None = None
    detail: str = ""
    sha256: str | None = None
    size: int = 0
    chunks: list[Chunk] = field(default_factory=list)
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    dropped_hidden_chars: int = 0
    seconds: float = 0.0
    peak_mb: float = 0.0


# ---------------------------------------------------------------- inside the worker

def _snapshot(path: Path, folder: Path, max_bytes: int) -> tuple[Path, str, int]:
    """Copy ``path`` into ``folder`` (same name, so its extension still counts) while
    hashing the bytes copied; a file grown past ``max_bytes`` meanwhile is refused."""
    h = hashlib.sha256()
    copy = folder / (path.name or "file")
    size = 0
    with open(path, "rb") as src, open(copy, "wb") as dst:
        while block := src.read(1 << 20):
            size += len(block)
            if size > max_bytes:
                raise LoaderError("too_large", f"more than {max_bytes / 2**20:g} MB")
            h.update(block)
            dst.write(block)
    return copy, h.hexdigest(), size


def parse_here(job: ParseJob, settings: Settings, chunker=None) -> Parsed:
    """Read and chunk one file in this process (the worker's side; also usable alone)."""
    from ingest.chunking import Chunker, ChunkerOptions
    from ingest.loaders import load_file

    chunker = chunker or Chunker(ChunkerOptions(settings.chunk_size, settings.chunk_overlap))
    max_bytes = int(settings.max_file_mb * 2**20)
    limit = settings.max_chunks_per_file
    out = Parsed()
    folder = Path(tempfile.mkdtemp(prefix="vraagbaak-read-"))
    try:
        try:
            copy, out.sha256, out.size = _snapshot(Path(job.path), folder, max_bytes)
        except OSError as exc:
            raise LoaderError("unreadable", exc.strerror or str(exc)) from None
        limits = ReadLimits(max_blocks=limit, max_columns=settings.max_columns,
                            max_line_chars=settings.max_line_chars)
        doc = load_file(copy, title=job.meta.title, max_pages=settings.max_pages, max_bytes=max_bytes,
                        limits=limits)
        if len(doc.blocks) > limit:  # every block is at least one chunk: no need to split
            raise LoaderError("too_many_chunks", f"at least {len(doc.blocks)} > {limit}")
        chunks = chunker.chunk(doc, source=job.source, doc_hash=out.sha256, meta=job.meta, max_chunks=limit)
        if not chunks:
            raise LoaderError("no_text")
        out.chunks, out.pages, out.warnings = chunks, doc.pages, doc.warnings
        out.dropped_hidden_chars = doc.dropped_hidden_chars
    except LoaderError as exc:
        out.code, out.detail = exc.code, exc.detail
    except MemoryError:
        out.code, out.detail = "too_much_memory", "out of memory while reading the file"
    except Exception as exc:  # a loader bug must not stop the other files
        log.exception("%s: unexpected error", job.path)
        out.code, out.detail = "internal_error", type(exc).__name__
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return out


def _serve(conn: Connection) -> None:
    """The worker's loop: (job, settings) in, :class:`Parsed` out, until EOF."""
    from ingest.chunking import Chunker, ChunkerOptions

    from ingest import loaders  # noqa: F401  (imported before the clock starts)
    from ingest.language import detect_language

    detect_language("Dit is een zin om het taalmodel te laden.")
    conn.send("ready")
    chunkers: dict[tuple[int, int], Chunker] = {}
    while True:
        try:
            job, settings = conn.recv()
        except EOFError:
            return
        key = (settings.chunk_size, settings.chunk_overlap)
        chunker = chunkers.setdefault(key, Chunker(ChunkerOptions(*key)))
        # Should the watcher be gone (killed itself), this worker does not read on for ever.
        signal.alarm(int(settings.parse_timeout_s * 2) + 5)
        started = time.monotonic()
        with pages_to(lambda done, total: conn.send(("pages", done, total))):
            out = parse_here(job, settings, chunker)
        out.seconds = time.monotonic() - started
        signal.alarm(0)
        conn.send(out)


# ---------------------------------------------------------------- the watcher

def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


class ParseWorker:
    """A worker process that reads files one at a time under a time and memory budget
    (``settings.parse_timeout_s``, ``settings.parse_memory_mb``). The memory counted is
    the worker's resident memory above what it holds idle (its libraries and language
    model, loaded before the first file). Started on first use, restarted after a file
    that made it overrun; close it (or use ``with``) when done."""

    def __init__(self, settings: Settings):
        if settings.parse_timeout_s <= 0 or settings.parse_memory_mb <= 0:
            raise ValueError("parse_timeout_s and parse_memory_mb must be positive")
        self.settings = settings
        self._proc: subprocess.Popen | None = None
        self._conn: Connection | None = None
        self._baseline_mb = 0.0

    def __enter__(self) -> "ParseWorker":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start(self) -> None:
        parent_r, child_w = os.pipe()
        child_r, parent_w = os.pipe()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "ingest.worker", str(child_r), str(child_w)],
                pass_fds=(child_r, child_w), stdin=subprocess.DEVNULL, cwd=str(ROOT), env=env,
                start_new_session=True)
        finally:
            os.close(child_r)
            os.close(child_w)
        self._conn = _Duplex(parent_r, parent_w)
        # The worker imports the loaders and the language model first: that time and that
        # memory are not the file's.
        ready = self._conn.poll(STARTUP_S) and self._conn.recv() == "ready"
        if not ready:
            self._kill()
            raise RuntimeError(f"the reading process did not start within {STARTUP_S} s")
        self._baseline_mb = _rss_mb(self._proc.pid)

    def close(self) -> None:
        """Stop the worker (it ends on EOF; killed if it does not)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._proc is not None:
            try:
                self._proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self._kill()
            self._proc = None

    def _kill(self) -> None:
        if self._proc is not None:
            try:
                os.killpg(self._proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self._proc.kill()
            self._proc.wait()
            self._proc = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def parse(self, job: ParseJob, pages: Callable[[int, int], None] | None = None) -> Parsed:
        """Read one file in the worker; :class:`Parsed` with ``too_slow`` /
        ``too_much_memory`` when it overran (the worker is then killed). ``pages(done,
        total)`` hears how far the worker has read (pages of a PDF) while it reads."""
        s = self.settings
        if self._proc is None or self._proc.poll() is not None:
            try:
                self._start()
            except (RuntimeError, OSError) as exc:
                return Parsed("internal_error", str(exc))
        try:
            self._conn.send((job, s))
        except (BrokenPipeError, OSError):
            self._kill()
            self._start()
            self._conn.send((job, s))
        started = time.monotonic()
        peak = 0.0
        while True:
            if self._conn.poll(POLL_S):
                try:
                    out = self._conn.recv()
                except (EOFError, OSError, pickle.UnpicklingError):
                    out = None
                if isinstance(out, tuple):  # ("pages", done, total) while the file is read
                    if pages is not None:
                        pages(out[1], out[2])
                elif out is not None:
                    out.peak_mb = max(peak, out.peak_mb)
                    if _rss_mb(self._proc.pid) - self._baseline_mb > s.parse_memory_mb / 2:
                        self.close()  # memory Python keeps after a big file: start afresh
                    return out
            elapsed = time.monotonic() - started
            rss = _rss_mb(self._proc.pid) - self._baseline_mb
            peak = max(peak, rss)
            if rss > s.parse_memory_mb:
                self._kill()
                return Parsed("too_much_memory", f"{rss:.0f} MB after {elapsed:.1f} s; limit {s.parse_memory_mb:g} MB",
                              seconds=elapsed, peak_mb=rss)
            if elapsed > s.parse_timeout_s:
                self._kill()
                return Parsed("too_slow", f"stopped after {elapsed:.1f} s, {peak:.0f} MB; limit {s.parse_timeout_s:g} s",
                              seconds=elapsed, peak_mb=peak)
            if self._proc.poll() is not None:  # died: killed from outside, or a crash in C
                rc = self._proc.returncode
                self._kill()
                return Parsed("internal_error", f"the reading process stopped (exit {rc})", seconds=elapsed,
                              peak_mb=peak)


class _Duplex:
    """A two-pipe :class:`multiprocessing.connection.Connection` pair (read end, write end)."""

    def __init__(self, read_fd: int, write_fd: int):
        self._r = Connection(read_fd, writable=False)
        self._w = Connection(write_fd, readable=False)

    def send(self, obj) -> None:
        self._w.send(obj)

    def recv(self):
        return self._r.recv()

    def poll(self, timeout: float) -> bool:
        return self._r.poll(timeout)

    def close(self) -> None:
        for c in (self._w, self._r):
            try:
                c.close()
            except OSError:
                pass


def main(argv: list[str]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the parent, which ends this
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    _serve(_Duplex(int(argv[0]), int(argv[1])))


if __name__ == "__main__":
    # Through the module's own name, so that what it sends pickles as ingest.worker.Parsed.
    from ingest.worker import main as _main

    _main(sys.argv[1:])

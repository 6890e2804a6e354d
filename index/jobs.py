"""Uploads indexed in the background: one job at a time, with progress, for everyone.

The app hands a batch of uploaded files to :func:`jobs_for` ``(settings).submit(...)``
and returns at once: the batch is checked, stored and indexed (:func:`ingest.uploads.add_uploads`)
by a single background thread per index, one batch after the other, while every session
goes on asking questions of the index as it was (readers never wait for the writer; a
file that is slow or hostile to read is bounded by the ingest's worker process). Every
session can see that the index is being updated (:meth:`UploadJobs.active`) and the
submitting one follows its own job's progress and results (:meth:`UploadJobs.job`).

    >>> import tempfile
    >>> from pathlib import Path
    >>> from config import Settings
    >>> from index.store import IndexStore
    >>> from index.testing import HashEmbedding
    >>> tmp = Path(tempfile.mkdtemp())
    >>> settings = Settings(corpus_dir=tmp / "corpus", index_dir=tmp / "index")
    >>> store = IndexStore(settings.index_dir, settings=settings, embedder=HashEmbedding())
    >>> jobs = UploadJobs()
    >>> job = jobs.submit([("nota.txt", "Leiden telde in 2024 130.067 inwoners.".encode())], store, settings)
    >>> jobs.wait(job.id, timeout=300).state, [r.status for r in job.results]
    ('done', ['ingested'])
"""
from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

from config import Settings
from ingest.uploads import UploadResult, add_uploads

log = logging.getLogger(__name__)

KEEP_FINISHED = 50  # finished jobs remembered (their results are shown to their session)


@dataclass
class UploadJob:
    """One batch of uploaded files. ``state``: "queued" | "running" | "done" | "error"."""

    id: str
    names: list[str]
    state: str = "queued"
    fraction: float = 0.0
    current: str = ""  # the file being read now
    results: list[UploadResult] = field(default_factory=list)
    error: str = ""
    submitted: float = field(default_factory=time.time)
    started: float | None = None
    finished: float | None = None

    @property
    def finished_ok(self) -> bool:
        return self.state == "done"


class UploadJobs:
    """A queue of upload jobs for one index, worked off by one background thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._queue: deque[tuple[UploadJob, list[tuple[str, bytes]], object, Settings]] = deque()
        self._jobs: dict[str, UploadJob] = {}
        self._thread: threading.Thread | None = None

    def submit(self, files: Sequence[tuple[str, bytes]], store, settings: Settings) -> UploadJob:
        """Queue ``[(file name, bytes), ...]`` to be added to ``store``; returns at once."""
        job = UploadJob(uuid.uuid4().hex[:12], [name for name, _ in files])
        with self._lock:
            self._jobs[job.id] = job
            self._queue.append((job, list(files), store, settings))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="vraagbaak-uploads", daemon=True)
                self._thread.start()
            self._wake.notify_all()
        return job

    def job(self, job_id: str) -> UploadJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def active(self) -> UploadJob | None:
        """The job running now (None when the index is not being updated)."""
        with self._lock:
            return next((j for j in self._jobs.values() if j.state == "running"), None)

    def waiting(self) -> int:
        """Jobs queued behind the running one."""
        with self._lock:
            return len(self._queue)

    def wait(self, job_id: str, timeout: float | None = None) -> UploadJob:
        """Block until the job has finished (tests and scripts; the app polls instead)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._lock:
            while self._jobs[job_id].state in ("queued", "running"):
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    raise TimeoutError(f"upload job {job_id} still {self._jobs[job_id].state}")
                self._wake.wait(timeout=left)
            return self._jobs[job_id]

    def _work(self) -> None:
        while True:
            with self._lock:
                if not self._queue:
                    self._thread = None
                    return
                job, files, store, settings = self._queue.popleft()
                job.state, job.started = "running", time.time()

            def progress(fraction: float, what: str, job=job) -> None:
                job.fraction, job.current = max(0.0, min(1.0, float(fraction))), what

            try:
                job.results = add_uploads(files, store, settings, progress=progress)
                state = "done"
            except Exception as exc:  # add_uploads reports bad files itself; this is a bug
                log.exception("upload job %s failed", job.id)
                job.error, state = type(exc).__name__, "error"
            with self._lock:
                job.state, job.finished, job.fraction = state, time.time(), 1.0
                finished = [j for j in self._jobs.values() if j.state in ("done", "error")]
                for old in sorted(finished, key=lambda j: j.finished or 0)[:-KEEP_FINISHED]:
                    self._jobs.pop(old.id, None)
                self._wake.notify_all()


_RUNNERS: dict[str, UploadJobs] = {}
_RUNNERS_LOCK = threading.Lock()


def jobs_for(settings: Settings) -> UploadJobs:
    """The one job queue of the index ``settings`` name (its folder, or its store)."""
    key = settings.store_url and f"{settings.store_url}#{settings.store_schema}" or str(settings.index_dir.resolve())
    with _RUNNERS_LOCK:
        return _RUNNERS.setdefault(key, UploadJobs())

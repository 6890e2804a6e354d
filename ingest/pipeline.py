"""Files -> chunks: the entry point of the ingest stage.

:func:`load_chunks` takes the files that :func:`ingest.scan.scan` found and yields, for
each of them in order, a :class:`FileOutcome`: what happened to the file (a
:class:`ingest.types.FileResult`) and, when it was read, its chunks. The index
(:mod:`index.store`) and the speed benchmark (:mod:`eval.bench`) both ingest through it.

    >>> from config import Settings
    >>> from ingest.scan import scan
    >>> found, folders = scan(["corpus"])
    >>> outcome = next(load_chunks(found, Settings()))
    >>> outcome.result.status, outcome.chunks[0].source == outcome.result.source
    ('ingested', True)

Per file, in this order:

1. a problem the scanner found (``FoundFile.problem``) -> skipped or failed with its code;
2. larger than ``max_file_mb`` -> skipped (``too_large``); else its content hash (sha256);
3. the same content as a file read earlier in this run -> skipped (``duplicate``);
4. its metadata: ``metadata`` if given, else the ``sources.toml`` of its folder;
5. ``unchanged(file, sha256, meta)`` is true (the caller holds this version already) ->
   ``unchanged``, and the file is not read;
6. read (:func:`ingest.loaders.load_file`, at most ``max_pages``) and chunked
   (:class:`ingest.chunking.Chunker`) in a worker process (:mod:`ingest.worker`) that is
   killed past ``parse_timeout_s`` seconds (-> skipped, ``too_slow``) or
   ``parse_memory_mb`` MB (-> skipped, ``too_much_memory``); the worker hashes the bytes
   it reads, and that hash is the one recorded (what is indexed is what was hashed, even
   when the file changes meanwhile). More than ``max_chunks_per_file`` chunks ->
   skipped (``too_many_chunks``); no chunk -> failed (``no_text``); any other error of a
   loader -> failed with its code. A file read only in part is ``ingested`` with the code
   ``partial`` and the loader's warnings as the detail.

Skipped means left out on purpose (:data:`SKIP_CODES`), failed means it
could not be read. A file that exists but could not be (re)read in steps 2 and 6 has
``keeps_previous`` set: an index keeps the chunks of its last good version.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from config import Settings
from ingest.metadata import DocMeta, read_metadata
from ingest.scan import FoundFile
from ingest.types import Chunk, FileResult, LoaderError
from ingest.worker import ParseJob, Parsed, ParseWorker, file_sha256

__all__ = ["FileOutcome", "IngestPipeline", "READER_VERSION", "file_sha256", "load_chunks"]

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
Pages = Callable[[str, int, int], None]  # (source, pages read, pages in the file)
Unchanged = Callable[[FoundFile, str, DocMeta], bool]


# The version of how files are read and cut into chunks. A file indexed by another
# version is read again on the next ingest, even when its content is unchanged (vectors
# of unchanged chunk texts are reused). Change it when a loader or the chunker changes
# what it produces.
READER_VERSION = "2026-12-sentences-pdf2-bounded-doclang2-wordgap-headers-opensides-leaders2-bands-words-codes-captions-beside-ocrlayer-prosebody-letters-pagelabel-columnsides-items-fixedlines-fieldpairs3-valueheads-indented2-fieldcells-region-amounts"


@dataclass
class FileOutcome:
    """One file of an ingest.

    file            the file as the scanner found it
    result          what happened to it (status, code, chunks)
    sha256          its content hash (None when it was not read far enough to have one)
    size            its size in bytes
    meta            its metadata (sources.toml)
    chunks          its chunks, when it was ingested
    pages           its number of pages (paged formats)
    keeps_previous  it exists but could not be read now: an index keeps the chunks of
                    its last good version
    """

    file: FoundFile
    result: FileResult
    sha256: str | None = None
    size: int = 0
    meta: DocMeta = field(default_factory=DocMeta)
    chunks: list[Chunk] = field(default_factory=list)
    pages: int | None = None
    keeps_previous: bool = False

    @property
    def key(self) -> str:
        """The file's absolute path: what an index knows it by."""
        return str(self.file.path)


# Codes whose file is reported as "skipped" (left out on purpose: unsupported, over a
# configured limit, a duplicate, a link leading out of the folder); every other code of a
# file that is not indexed means "failed" (it should have been read but could not be).
SKIP_CODES = frozenset({"unknown_type", "too_large", "too_many_pages", "too_many_chunks", "duplicate",
                        "symlink_outside", "not_found", "bad_name", "too_slow", "too_much_memory",
                        "too_many_columns", "line_too_long"})


def _status(code: str) -> str:
    return "skipped" if code in SKIP_CODES else "failed"


class IngestPipeline:
    """Reads and chunks files (the steps are in the module docstring).

    Options, from ``settings``: ``chunk_size`` and ``chunk_overlap`` (the chunker),
    ``max_file_mb``, ``max_pages``, ``max_chunks_per_file``, ``parse_timeout_s`` and
    ``parse_memory_mb`` (the limits). ``metadata``
    maps a file's source name to its :class:`ingest.metadata.DocMeta`; without it every
    folder's ``sources.toml`` is read. The constructor rejects bad options.
    """

    def __init__(self, settings: Settings, metadata: Mapping[str, DocMeta] | None = None):
        if not isinstance(settings, Settings):
            raise TypeError(f"IngestPipeline needs a config.Settings, got {type(settings).__name__}")
        self.settings = settings
        self.max_bytes = int(settings.max_file_mb * 2**20)
        self.metadata = metadata

    def run(self, files: Sequence[FoundFile], *, unchanged: Unchanged | None = None,
            progress: Progress | None = None, pages: Pages | None = None) -> Iterator[FileOutcome]:
        """One :class:`FileOutcome` per file, in order. ``unchanged(file, sha256, meta)``
        says that the caller holds this version of the file already (it is then not read);
        ``progress(fraction, source)`` is called before each file, ``pages(source, done,
        total)`` while a file with pages (a PDF) is read."""
        meta_by_root: dict[Path, Mapping[str, DocMeta]] = {}
        seen: dict[str, str] = {}  # sha256 -> source of a file that was ingested or unchanged
        total = max(len(files), 1)
        with ParseWorker(self.settings) as worker:
            for i, f in enumerate(files):
                if progress is not None:
                    progress(i / total, f.source)
                outcome = self._one(f, seen, meta_by_root, unchanged, worker, pages)
                if outcome.result.status in ("ingested", "unchanged"):
                    # Only a file that made it in is the original of later copies: a copy of a
                    # file that failed is tried (and reported) on its own.
                    seen[outcome.sha256] = f.source
                yield outcome

    def _one(self, f: FoundFile, seen: dict[str, str], meta_by_root: dict, unchanged: Unchanged | None,
             worker: ParseWorker, pages: Pages | None = None) -> FileOutcome:
        key = str(f.path)

        def not_read(code: str, detail: str = "", **kw) -> FileOutcome:
            return FileOutcome(f, FileResult(f.source, _status(code), code=code, detail=detail, path=key),
                               keeps_previous=True, **kw)

        if f.problem:
            return FileOutcome(f, FileResult(f.source, _status(f.problem), code=f.problem, path=key))
        try:
            size = f.path.stat().st_size
            if size > self.max_bytes:
                raise LoaderError("too_large", f"{size / 2**20:.1f} MB > {self.settings.max_file_mb:g} MB")
            digest = file_sha256(f.path)
        except LoaderError as exc:
            return not_read(exc.code, exc.detail)
        except OSError as exc:
            return not_read("unreadable", exc.strerror or str(exc))
        if digest in seen:
            return FileOutcome(f, FileResult(f.source, "skipped", code="duplicate", detail=seen[digest], path=key),
                               sha256=digest, size=size)
        if f.root not in meta_by_root:
            meta_by_root[f.root] = self.metadata if self.metadata is not None else read_metadata(f.root)
        meta = meta_by_root[f.root].get(f.source, DocMeta())
        found = dict(sha256=digest, size=size, meta=meta)
        if unchanged is not None and unchanged(f, digest, meta):
            return FileOutcome(f, FileResult(f.source, "unchanged", path=key), **found)
        heard = (lambda done, total: pages(f.source, done, total)) if pages is not None else None
        parsed = parse(worker, ParseJob(f.path, f.source, meta), pages=heard)
        if parsed.sha256 is not None:  # the version that was read, whatever was hashed above
            found.update(sha256=parsed.sha256, size=parsed.size)
        if parsed.code is not None:
            return not_read(parsed.code, parsed.detail, **found)
        # Read, but not all of it (pages without text, a page too large to lay out, a
        # truncated PDF): say so, with the loader's own words as the detail.
        warned = "; ".join(parsed.warnings)[:300]
        result = FileResult(f.source, "ingested", chunks=len(parsed.chunks), path=key,
                            code="partial" if warned else None, detail=warned)
        return FileOutcome(f, result, chunks=parsed.chunks, pages=parsed.pages, **found)


def parse(worker: ParseWorker, job: ParseJob, pages: Callable[[int, int], None] | None = None) -> Parsed:
    """Read and chunk one file in ``worker`` (a function of its own, so that a test can
    stand in for the reading); ``pages(done, total)`` hears how far it has read."""
    return worker.parse(job, pages)


def load_chunks(files: Sequence[FoundFile], settings: Settings, metadata: Mapping[str, DocMeta] | None = None, *,
                unchanged: Unchanged | None = None, progress: Progress | None = None,
                pages: Pages | None = None) -> Iterator[FileOutcome]:
    """Read and chunk ``files`` (from :func:`ingest.scan.scan`): one :class:`FileOutcome`
    per file, in order. See :class:`IngestPipeline` for the options."""
    return IngestPipeline(settings, metadata).run(files, unchanged=unchanged, progress=progress, pages=pages)

"""What an update changes: which files, with which chunks, the next generation holds.

Fed the outcome of an ingest one file at a time (:meth:`NextGeneration.add`), then told
which folders and files were scanned (:meth:`NextGeneration.settle`), it decides per file:

* read now -> its new chunks;
* unchanged (same content, metadata, name, embedder and reader version) -> its chunks of
  the previous generation, not read again;
* could not be read now (a loader error, over a limit) -> the chunks of its last good
  version, if it had one: the index that answered stays whole;
* indexed before but gone (under a scanned folder, or deleted anywhere) -> removed;
  indexed before from elsewhere and just ingested again under another name -> removed
  as a duplicate; indexed before from elsewhere, not scanned now -> kept.

Nothing is read or written here.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from typing import TYPE_CHECKING

import numpy as np

from index.generations import Generation
from index.nodes import passage_text, to_node
from ingest.metadata import DocMeta
from ingest.pipeline import READER_VERSION, FileOutcome
from ingest.scan import FoundFile
from ingest.types import FileResult

if TYPE_CHECKING:  # llama-index is imported when the first node is made, not before the reading starts
    from llama_index.core.schema import TextNode


class NextGeneration:
    """The files and chunks of the generation an update writes, built on ``previous``
    (None: from scratch). Vectors of ``previous`` are reused only when it was embedded
    by the same embedder (``embedder_identity``)."""

    def __init__(self, previous: Generation | None, embedder_identity: str):
        self.previous = previous
        self.same_embedder = previous is not None and previous.manifest.get("embedder") == embedder_identity
        self.old_files: dict[str, dict] = dict(previous.manifest["files"]) if self.same_embedder else {}
        self.files: dict[str, dict] = {}  # the new manifest's files: path -> entry
        self.results: list[FileResult] = []
        self._nodes: dict[str, list[TextNode]] = {}
        self._seen: dict[str, str] = {}  # sha256 -> source of every file in the new generation

    def unchanged(self, f: FoundFile, sha256: str, meta: DocMeta) -> bool:
        """Does the previous generation hold this very version of ``f``?"""
        prev = self.old_files.get(str(f.path))
        return (bool(prev) and prev["sha256"] == sha256 and prev.get("meta") == asdict(meta)
                and prev["source"] == f.source and prev.get("reader") == READER_VERSION)

    def _keep(self, key: str, entry: dict) -> None:
        self.files[key] = entry
        self._nodes[key] = [self.previous.nodes[nid] for nid in entry["ids"]]

    def add(self, out: FileOutcome) -> None:
        """One file of the ingest."""
        self.results.append(out.result)
        status = out.result.status
        if status == "unchanged":
            out.result.chunks = len(self.old_files[out.key]["ids"])
            self._keep(out.key, self.old_files[out.key])
        elif status == "ingested":
            self.files[out.key] = _manifest_entry(out)
            self._nodes[out.key] = [to_node(c) for c in out.chunks]
        elif out.keeps_previous and out.key in self.old_files:
            self._keep(out.key, self.old_files[out.key])
        if status in ("ingested", "unchanged"):
            self._seen[out.sha256] = out.file.source

    def settle(self, folders: Sequence[Path], paths: Sequence[Path]) -> None:
        """The files of the previous generation that the ingest did not see: removed when
        they were under a scanned folder (or given), or no longer exist; else kept."""
        for key, entry in self.old_files.items():
            if key in self.files:
                continue
            p = Path(key)
            scanned_here = any(p.is_relative_to(root) for root in folders) or any(_resolved(x) == key for x in paths)
            if scanned_here or not p.exists():
                self.results.append(FileResult(entry["source"], "removed", chunks=len(entry["ids"]), path=key))
            elif entry["sha256"] in self._seen:
                # Indexed earlier from elsewhere, and the same content was just ingested
                # under another name: keeping both would put every chunk (and its id) in
                # the index twice.
                self.results.append(FileResult(entry["source"], "removed", chunks=len(entry["ids"]), path=key,
                                               code="duplicate", detail=self._seen[entry["sha256"]]))
            else:
                self._keep(key, entry)
                self._seen[entry["sha256"]] = entry["source"]

    @property
    def changed(self) -> bool:
        """Does the next generation differ from the previous one?"""
        return self.previous is None or not self.same_embedder or any(
            r.status in ("ingested", "removed") for r in self.results
        ) or set(self.files) != set(self.old_files)

    def passage_texts(self, key: str) -> list[str]:
        """What is embedded of the chunks of the file ``key`` (see :func:`index.nodes.passage_text`)."""
        return [passage_text(n) for n in self._nodes[key]]

    @staticmethod
    def texts(nodes: Sequence[TextNode]) -> list[str]:
        """What is embedded of each of ``nodes``."""
        return [passage_text(n) for n in nodes]

    def nodes(self) -> list[TextNode]:
        """Every chunk of the next generation, file by file."""
        return [n for key in self.files for n in self._nodes[key]]

    def known_vectors(self) -> dict[str, np.ndarray]:
        """The previous generation's vector of each passage text (same embedder only)."""
        known: dict[str, np.ndarray] = {}
        if self.previous is not None and self.same_embedder:
            for nid, row in self.previous.row_of.items():
                known.setdefault(passage_text(self.previous.nodes[nid]), self.previous.vectors[row])
        return known


def _resolved(path: Path | str) -> str:
    """A path given to the ingest, resolved; as given when it cannot be (a symlink loop)."""
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):
        return str(Path(path).absolute())


def _manifest_entry(out: FileOutcome) -> dict:
    """What the manifest records of an ingested file."""
    first, meta = out.chunks[0], out.meta
    return {"source": out.file.source, "sha256": out.sha256, "size": out.size, "ids": [c.id for c in out.chunks],
            "meta": asdict(meta), "title": first.title, "year": first.year if first.kind == "text" else meta.year,
            "language": meta.language or first.language, "url": meta.url, "chunks": len(out.chunks),
            "pages": out.pages, "reader": READER_VERSION}

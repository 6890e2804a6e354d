"""What an update of the PostgreSQL store plans before it writes: the live generation it
starts from, the files it keeps untouched (their rows stay), and the nodes of what it read."""
from __future__ import annotations

from llama_index.core.schema import TextNode

from index.incremental import NextGeneration
from index.nodes import to_node
from ingest.types import CHUNK_METADATA_KEYS, Chunk


def generation_name(number: int) -> str:
    return f"gen-{number:06d}"


class StoreWriteFailed(OSError):
    """An update could not be written (the database refused it); it was rolled back."""


class PreviousGeneration:
    """What :class:`index.incremental.NextGeneration` reads of the live generation: its
    name and manifest (files and embedder). Its chunks stay in the database."""

    def __init__(self, number: int, manifest: dict):
        self.number = number
        self.name = generation_name(number)
        self.manifest = manifest


class UpdatePlan(NextGeneration):
    """The next generation's files, as :class:`NextGeneration` decides them, without
    reading the chunks of the files it keeps: those rows stay as they are."""

    def __init__(self, previous: PreviousGeneration | None, embedder_identity: str):
        self.kept: set[str] = set()
        super().__init__(previous, embedder_identity)

    def _keep(self, key: str, entry: dict) -> None:
        self.files[key] = entry
        self.kept.add(key)

    def new_nodes(self) -> list[tuple[str, TextNode]]:
        """(file key, node) of every chunk read in this update."""
        return [(key, node) for key in self.files if key not in self.kept for node in self._nodes[key]]


def row_node(chunk_id: str, text: str, metadata: dict) -> TextNode:
    """The node the file store would hold for this chunk (same metadata, in the same order)."""
    md = {k: metadata[k] for k in CHUNK_METADATA_KEYS if k in metadata}
    md.update({k: v for k, v in metadata.items() if k not in md})  # keys this version does not know
    node = to_node(Chunk.from_metadata(chunk_id, text, md))
    if len(md) > len(node.metadata):
        node.metadata = md
    return node

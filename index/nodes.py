"""Chunks as llama-index ``TextNode`` s: the form in which ingest hands them to the index
(stored in each generation's ``chunks.sqlite``), and the text of each that is embedded and
indexed. llama-index is imported here only when a node is made (ingest), never on the
answer path.

    >>> from ingest.types import Chunk
    >>> node = to_node(Chunk("ab-0", "Met 13,1% is 1 op de 8 Leidenaren een international.",
    ...                      source="m.txt", title="Monitor 2023", section="Bevolking"))
    >>> print(passage_text(node))
    title: Monitor 2023
    section: Bevolking
    <BLANKLINE>
    Met 13,1% is 1 op de 8 Leidenaren een international.
    >>> to_chunk(node).section
    'Bevolking'
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ingest.types import CHUNK_METADATA_KEYS, Chunk

if TYPE_CHECKING:
    from llama_index.core.schema import TextNode


def to_node(chunk: Chunk) -> "TextNode":
    """The node stored for ``chunk``: its metadata, of which only ``chunk.embed_keys``
    are embedded with the text."""
    from llama_index.core.schema import TextNode

    return TextNode(
        id_=chunk.id,
        text=chunk.text,
        metadata=chunk.to_metadata(),
        excluded_embed_metadata_keys=[k for k in CHUNK_METADATA_KEYS if k not in chunk.embed_keys],
        excluded_llm_metadata_keys=list(CHUNK_METADATA_KEYS),
    )


def to_chunk(node: Any) -> Chunk:
    """The chunk a stored node holds (a ``TextNode`` or an
    :class:`index.chunktable.StoredChunk`)."""
    return Chunk.from_metadata(node.node_id, node.text, node.metadata)


def from_stored(stored: Any) -> "TextNode":
    """The node that was stored as ``stored`` (id, text, metadata): the same metadata,
    in the same order, and the same keys embedded."""
    md = dict(stored.metadata)
    node = to_node(Chunk.from_metadata(stored.node_id, stored.text, md))
    if md != node.metadata:  # keys this version does not know, or another order
        node.metadata = md
    return node


def passage_text(node: "TextNode") -> str:
    """What is embedded and indexed for BM25: the embedded metadata, then the text
    (llama-index's ``MetadataMode.EMBED`` layout)."""
    from llama_index.core.schema import MetadataMode

    return node.get_content(metadata_mode=MetadataMode.EMBED)

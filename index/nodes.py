"""Chunks as llama-index ``TextNode`` s: the form in which the index stores them (in each
generation's ``docstore.json``), and the text of each that is embedded and indexed.

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

from llama_index.core.schema import MetadataMode, TextNode

from ingest.types import CHUNK_METADATA_KEYS, Chunk


def to_node(chunk: Chunk) -> TextNode:
    """The node stored for ``chunk``: its metadata, of which only ``chunk.embed_keys``
    are embedded with the text."""
    return TextNode(
        id_=chunk.id,
        text=chunk.text,
        metadata=chunk.to_metadata(),
        excluded_embed_metadata_keys=[k for k in CHUNK_METADATA_KEYS if k not in chunk.embed_keys],
        excluded_llm_metadata_keys=list(CHUNK_METADATA_KEYS),
    )


def to_chunk(node: TextNode) -> Chunk:
    """The chunk a stored node holds."""
    return Chunk.from_metadata(node.node_id, node.text, node.metadata)


def passage_text(node: TextNode) -> str:
    """What is embedded and indexed for BM25: the embedded metadata, then the text
    (llama-index's ``MetadataMode.EMBED`` layout)."""
    return node.get_content(metadata_mode=MetadataMode.EMBED)

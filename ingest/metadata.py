"""Per-document metadata that a user writes next to the files: ``sources.toml`` in the
corpus folder, one table per file name (keys: title, url, year, language). See the
example in corpus/sources.toml."""
from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

METADATA_FILE = "sources.toml"


@dataclass(frozen=True)
class DocMeta:
    title: str | None = None
    url: str | None = None
    year: int | None = None
    language: str | None = None


def read_metadata(corpus_dir: Path) -> dict[str, DocMeta]:
    """Read ``corpus_dir/sources.toml``; a missing file means no metadata. A broken
    file is reported in the log and ignored (the documents still ingest)."""
    path = Path(corpus_dir) / METADATA_FILE
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        log.error("%s: cannot be read, document metadata ignored (%s)", path, exc)
        return {}
    out: dict[str, DocMeta] = {}
    for name, table in data.items():
        if not isinstance(table, dict):
            continue
        year = table.get("year")
        out[name] = DocMeta(
            title=str(table["title"]) if table.get("title") else None,
            url=str(table["url"]) if table.get("url") else None,
            year=int(year) if isinstance(year, int) or (isinstance(year, str) and year.isdigit()) else None,
            language=str(table["language"]) if table.get("language") else None,
        )
    return out

"""HTML loader (BeautifulSoup + lxml).

* Removed with their content: script, style, noscript, iframe, object, embed, img, svg,
  template, form, nav, button, select, textarea, canvas, video, audio, map, aside, footer,
  comments, and elements marked ``hidden`` / ``aria-hidden="true"``. ``header`` is removed
  when it is page furniture (not inside ``article``/``main``); a ``<header>`` inside an
  article usually holds the article's own ``<h1>`` and is kept.
* h1-h6 -> ``section`` of the blocks below (headings are not blocks).
* Every block-level element (p, li, blockquote, dd, dt, pre, figcaption, div, ...) ends a
  block; text directly inside a ``div`` becomes a block as well. ``<br>`` is a space.
* ``<table>`` -> table rows; title = ``<caption>``, else the nearest heading above, else the
  document title. Header = ``<thead>`` rows or leading all-``<th>`` rows, else the first
  row; colspan/rowspan cells repeat their value. A table of a single row or column with no
  header is layout, not data: its cells become prose blocks.
* ``<title>`` (else ``og:title``, else the first ``<h1>``) -> ``LoadedDocument.title``.
"""
from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag

from ingest.types import LoadedDocument, LoaderError, ReadLimits

from .common import Table, block, clean, finalize_items, readable_stem

DROP = {"script", "style", "noscript", "iframe", "object", "embed", "img", "svg", "template",
        "form", "nav", "aside", "footer", "button", "select", "textarea", "canvas", "video",
        "audio", "map", "picture", "source", "track", "math", "link", "meta", "head", "input",
        "dialog"}
INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd",
          "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
          "var", "wbr", "font", "del", "ins", "label", "big", "tt", "acronym", "strike",
          "nobr", "output", "meter", "progress", "ruby", "rt", "rp"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _text(el: Tag) -> str:
    """Text of an element, with a space at every block-level boundary."""
    parts: list[str] = []

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
                    parts.append(str(child))
            elif isinstance(child, Tag):
                if child.name in DROP:
                    continue
                if child.name in INLINE:
                    walk(child)
                else:
                    parts.append(" ")
                    walk(child)
                    parts.append(" ")

    walk(el)
    return clean("".join(parts))


def _own_rows(table: Tag) -> list[Tag]:
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def _grid(rows: list[Tag]) -> tuple[list[list[str]], list[bool]]:
    """Cell texts per row with colspan/rowspan expanded, and per row whether all its
    cells are <th>."""
    grid: list[list[str]] = []
    all_th: list[bool] = []
    pending: dict[int, tuple[int, str]] = {}  # column -> (rows left, text) from rowspan
    for tr in rows:
        out: list[str] = []
        cells = [c for c in tr.find_all(["td", "th"]) if c.find_parent("tr") is tr]
        col = 0

        def fill_pending() -> None:
            nonlocal col
            while col in pending:
                left, txt = pending[col]
                out.append(txt)
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = (left - 1, txt)
                col += 1

        for cell in cells:
            fill_pending()
            txt = _text(cell)
            try:
                colspan = max(1, min(int(cell.get("colspan", 1)), 100))
            except (TypeError, ValueError):
                colspan = 1
            try:
                rowspan = max(1, min(int(cell.get("rowspan", 1)), 1000))
            except (TypeError, ValueError):
                rowspan = 1
            for _ in range(colspan):
                out.append(txt)
                if rowspan > 1:
                    pending[col] = (rowspan - 1, txt)
                col += 1
        fill_pending()
        grid.append(out)
        all_th.append(bool(cells) and all(c.name == "th" for c in cells))
    return grid, all_th


def _table_items(table: Tag, *, section: str | None, fallback_title: str) -> list:
    rows = _own_rows(table)
    if not rows:
        return []
    grid, all_th = _grid(rows)
    caption_el = table.find("caption")
    caption = _text(caption_el) if caption_el is not None and caption_el.find_parent("table") is table else ""
    thead_rows = [i for i, tr in enumerate(rows) if tr.find_parent("thead") is not None
                  and tr.find_parent("table") is table]
    if thead_rows:
        n_head = max(thead_rows) + 1
    else:
        n_head = 0
        while n_head < len(rows) and all_th[n_head]:
            n_head += 1
    has_header = n_head > 0
    width = max((len(r) for r in grid), default=0)
    if not has_header and (len(grid) < 2 or width < 2):
        # layout table: prose
        out = []
        for r in grid:
            seen: list[str] = []
            for c in r:
                if c and c not in seen:
                    seen.append(c)
            for c in seen:
                b = block(c, section=section)
                if b:
                    out.append(b)
        return out
    n_head = max(n_head, 1)
    headers: list[str] = []
    for k in range(width):
        parts: list[str] = []
        for r in grid[:n_head]:
            v = r[k] if k < len(r) else ""
            if v and v not in parts:
                parts.append(v)
        headers.append(" / ".join(parts))
    return [Table(title=caption or section or fallback_title, headers=headers,
                  rows=grid[n_head:], section=section)]


class _BlockCounter:
    """An lxml parser target that counts, while the page streams through lxml's C parser,
    the blocks the loader below would make at least: runs of text between block-level
    boundaries (a table row counts once, text in dropped elements not at all). Past
    ``limit`` it stops the parse: a 50 MB page is refused in seconds, before
    BeautifulSoup builds a tree many times its size."""

    def __init__(self, limit: int):
        self.limit = limit
        self.blocks = 0
        self.dropped = 0  # depth inside dropped elements
        self.text = False  # text seen since the last boundary

    def _boundary(self) -> None:
        if self.text:
            self.blocks += 1
            self.text = False
            if self.blocks > self.limit:
                raise LoaderError("too_many_chunks", f"more than {self.limit} blocks of text")

    def start(self, tag, attrib) -> None:
        if self.dropped or tag in DROP or "hidden" in attrib:
            self.dropped += 1
        elif tag not in INLINE and tag not in ("td", "th"):
            self._boundary()

    def end(self, tag) -> None:
        if self.dropped:
            self.dropped -= 1
        elif tag not in INLINE and tag not in ("td", "th"):
            if tag in HEADINGS:
                self.text = False  # a heading is a section, not a block
            self._boundary()

    def data(self, text: str) -> None:
        if not self.dropped and not self.text and not text.isspace():
            self.text = True

    def comment(self, text: str) -> None:
        pass

    def close(self) -> int:
        return self.blocks


def count_blocks(data: bytes, limit: int) -> int:
    """The blocks a page makes at least; LoaderError("too_many_chunks") past ``limit``."""
    from lxml import etree

    counter = _BlockCounter(limit)
    parser = etree.HTMLParser(target=counter, no_network=True)
    step = 1 << 20
    for at in range(0, len(data), step):
        parser.feed(data[at:at + step])
    return parser.close()


def load_html(path: Path, *, title: str | None = None, limits: ReadLimits | None = None,
              **_: object) -> LoadedDocument:
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise LoaderError("unreadable", f"{type(e).__name__}: {e.strerror or e}") from None
    warnings: list[str] = []
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and (nul := data.find(b"\x00")) >= 0:
        data = data[:nul]  # binary from here on (see common.read_text_file)
        warnings.append(f"binary content from byte {nul} on was not read")
    if not data.strip():
        raise LoaderError("empty_file", "the file holds only whitespace")
    count_blocks(data, (limits or ReadLimits()).max_blocks)
    try:
        soup = BeautifulSoup(data, "lxml")
    except Exception as e:
        raise LoaderError("unreadable", f"{type(e).__name__}: {str(e)[:160]}") from None

    doc_title = None
    t = soup.find("title")
    if t is not None:
        doc_title = clean(t.get_text(" ")) or None
    if not doc_title:
        og = soup.find("meta", attrs={"property": "og:title"})
        if og is not None and og.get("content"):
            doc_title = clean(og["content"]) or None

    for c in soup.find_all(string=lambda s: isinstance(s, (Comment, Declaration, ProcessingInstruction))):
        c.extract()
    for el in soup.find_all(list(DROP)):
        if not el.decomposed:
            el.decompose()
    for el in soup.find_all("header"):
        if not el.decomposed and el.find_parent(["article", "main"]) is None:
            el.decompose()
    for el in soup.find_all(lambda tag: tag.has_attr("hidden")
                            or str(tag.get("aria-hidden", "")).lower() == "true"):
        if not el.decomposed:
            el.decompose()
    for br in soup.find_all("br"):
        br.replace_with(" ")

    if not doc_title:
        h1 = soup.find("h1")
        if h1 is not None:
            doc_title = _text(h1) or None
    fallback_title = title or doc_title or readable_stem(path)

    items: list = []
    buf: list[str] = []
    section: str | None = None

    def flush() -> None:
        if buf:
            b = block("".join(buf), section=section)
            if b:
                items.append(b)
            buf.clear()

    def walk(node: Tag) -> None:
        nonlocal section
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
                    buf.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name in INLINE:
                walk(child)
            elif name in HEADINGS:
                flush()
                heading = _text(child)
                if heading:
                    section = heading
            elif name == "table":
                flush()
                items.extend(_table_items(child, section=section, fallback_title=fallback_title))
            elif name == "caption":
                continue
            else:
                flush()
                walk(child)
                flush()

    root = soup.body or soup
    walk(root)
    flush()
    return LoadedDocument(blocks=finalize_items(items), title=doc_title, warnings=warnings)

"""Helpers that turn text from documents and questions into *inert* Markdown for
Streamlit, and the choice of the interface language (the words are in :mod:`messages`).

Language
    ``ui_language(locale, accept_language)`` picks the interface language from the
    browser (``st.context.locale``, else the ``Accept-Language`` header).

Safe rendering
    Document text and questions are never trusted as markup. :func:`md_escape`
    backslash-escapes every ASCII punctuation character (CommonMark allows that for all
    of them), so ``<script>``, ``![img](http://…)``, ``[link](…)``, ``*``, ``$…$``
    (LaTeX), Streamlit's ``:color[…]`` / ``:material/…:`` directives, emoji short
    codes render as the characters they are; bare ``http://``, ``www.`` and e-mail
    addresses (which GFM links even when escaped) get an invisible word joiner in front
    so they are not linked either. Line structure is kept with hard breaks; leading indentation is dropped so no
    line turns into a code block.

        >>> print(md_escape("<b>13,1%</b> ![x](p.png)"))
        \\<b\\>13\\,1\\%\\<\\/b\\> \\!\\[x\\]\\(p\\.png\\)

    :func:`passage_markdown` escapes a passage and highlights the numbers the answer
    cites from it (``:orange-background[**…**]`` around already escaped text).
"""
from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from messages import t

DEFAULT_LANGUAGE = "nl"


def ui_language(locale: str | None = None, accept_language: str | None = None,
                default: str = DEFAULT_LANGUAGE) -> str:
    """"nl" or "en" for a browser locale ("nl-NL", "en-GB") or an Accept-Language header
    ("en-US,en;q=0.9,nl;q=0.8"). Dutch and English map to themselves; any other
    language gets English (an international visitor); nothing known gets ``default``."""
    for raw in (locale, accept_language):
        if not raw:
            continue
        first = raw.split(",")[0].split(";")[0].strip().lower()
        if not first or first == "*":
            continue
        return "nl" if first.startswith("nl") else "en"
    return default


# --------------------------------------------------------------------------- safe markdown

_PUNCT = frozenset(string.punctuation)
# Characters that are invisible or reorder text and could disguise what a passage says.
_INVISIBLE = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


# GFM turns bare URLs and e-mail addresses into links *after* parsing (on plain text,
# where backslash escapes are already gone). A word joiner (U+2060, invisible) right
# before "http", "www." and "@" leaves no word boundary there, so nothing is linked.
_AUTOLINK_START = re.compile(r"(?i)(?=https?:|www\.|ftp:|mailto:|xmpp:|@)")
WORD_JOINER = "\u2060"


def _escape_chars(text: str) -> str:
    text = _AUTOLINK_START.sub(WORD_JOINER, text)
    return "".join("\\" + ch if ch in _PUNCT else ch for ch in text)


def _clean(text: str) -> str:
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _INVISIBLE.sub("", text)


def _join_lines(lines: Iterable[str]) -> str:
    """Lines -> Markdown that keeps the line structure: blank lines separate paragraphs,
    other line ends become hard breaks; indentation is dropped (no code blocks)."""
    out: list[str] = []
    paragraph: list[str] = []
    for line in lines:
        if line.strip():
            paragraph.append(line.strip())
        elif paragraph:
            out.append("  \n".join(paragraph))
            paragraph = []
    if paragraph:
        out.append("  \n".join(paragraph))
    return "\n\n".join(out)


def md_escape(text: str) -> str:
    """``text`` as Markdown that renders exactly as the characters of ``text``: no HTML,
    link, image, emphasis, heading, list, table, LaTeX, directive or auto-link."""
    return _join_lines(_escape_chars(line) for line in _clean(text).split("\n"))


def md_escape_inline(text: str) -> str:
    """Like :func:`md_escape` on one line (labels of expanders, status lines)."""
    return _escape_chars(" ".join(_clean(text).split()))


def highlighted_markdown(text: str, spans: Sequence[tuple[int, int]],
                         style: str = "orange-background") -> str:
    """Escape ``text`` and wrap the character ``spans`` (start, end) in
    ``:style[**…**]``. Overlapping or out-of-range spans are merged / clipped. Spans do
    not cross line ends (a span that does is cut at the line end)."""
    text = _clean(text)
    merged: list[list[int]] = []
    for a, b in sorted((max(0, a), min(len(text), b)) for a, b in spans):
        if a >= b:
            continue
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    lines_out: list[str] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        pieces: list[str] = []
        cursor = start
        for a, b in merged:
            a, b = max(a, start), min(b, end)
            if a >= b or a < cursor:
                continue
            pieces.append(_escape_chars(text[cursor:a]))
            inner = _escape_chars(text[a:b].strip())
            lead = text[a:b][: len(text[a:b]) - len(text[a:b].lstrip())]
            trail = text[a:b][len(text[a:b].rstrip()):]
            pieces.append(lead + (f":{style}[**{inner}**]" if inner else "") + trail)
            cursor = b
        pieces.append(_escape_chars(text[cursor:end]))
        lines_out.append("".join(pieces))
    return _join_lines(lines_out)


# --------------------------------------------------------------------------- answers and citations

_MARKERS = re.compile(r"\[(\d+)\]")
_SEGMENT = re.compile(r"(.*?)((?:\s*\[\d+\])+)", re.S)


def cited_numbers(answer_text: str) -> set[int]:
    """The citation numbers ``n`` that occur as ``[n]`` in an answer."""
    return {int(n) for n in _MARKERS.findall(answer_text or "")}


def cited_only(citations: Sequence, answer_text: str) -> list:
    """The citations whose ``[n]`` marker the answer uses, in marker order."""
    used = cited_numbers(answer_text)
    return sorted((c for c in citations if c.n in used), key=lambda c: c.n)


def _numbers(text: str):
    try:
        from assistant.numbers import extract_numbers
    except Exception:  # pragma: no cover - numbers module unavailable: no highlighting
        return []
    try:
        return extract_numbers(text)
    except Exception:  # pragma: no cover - a bug there must not break rendering
        return []


def numbers_cited_from(answer_text: str, n: int) -> set[str]:
    """Canonical values of the numbers in the answer's segments that cite ``[n]`` (a
    segment is the text up to a group of markers)."""
    values: set[str] = set()
    for m in _SEGMENT.finditer(answer_text or ""):
        if n in {int(x) for x in _MARKERS.findall(m.group(2))}:
            for mention in _numbers(m.group(1)):
                values.add(mention.canon)
    return values


def cited_number_spans(passage: str, values: set[str]) -> list[tuple[int, int]]:
    """Character spans of the numbers in ``passage`` whose canonical value (or one of
    its parts, e.g. the year of a date) is in ``values``."""
    if not values:
        return []
    spans = []
    for mention in _numbers(_clean(passage)):
        if mention.canon in values or (mention.kind == "date" and values & set(mention.parts)):
            spans.append((mention.start, mention.end))
    return spans


def passage_markdown(passage: str, answer_text: str, n: int) -> str:
    """The passage of citation ``n`` as inert Markdown with the numbers that the answer
    takes from it highlighted."""
    spans = cited_number_spans(passage, numbers_cited_from(answer_text, n))
    return highlighted_markdown(passage, spans)


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL without spaces or control characters,
    else None (a ``javascript:`` or ``data:`` link is never offered)."""
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    if len(url) > 2048 or _INVISIBLE.search(url) or any(ch.isspace() for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


_LOCATOR_WORDS = {"nl": (("p.", "pagina"), ("table", "tabel"), ("row", "rij")),
                  "en": (("p.", "page"),)}


def locator_label(locator: str | None, lang: str) -> str:
    """The chunker's locator ("p. 3 · Heading", "table 2, row 12") in the interface
    language ("pagina 3 · Heading", "tabel 2, rij 12")."""
    out = (locator or "").strip()
    for word, local in _LOCATOR_WORDS.get(lang, ()):
        out = re.sub(rf"(?<!\w){re.escape(word)} (\d+)", rf"{local} \1", out)
    return out


def citation_label(c, lang: str) -> str:
    """One line for a source card: ``[n] title · page 3 · row 12 · year 2023`` (inert
    Markdown: the title and locator come from the document)."""
    parts = [c.title or c.source]
    locator = (c.locator or "").strip()
    if c.page is not None and not re.match(rf"p\. {int(c.page)}\b", locator):
        parts.append(t("page", lang, page=c.page))
    if locator:
        parts.append(locator_label(locator, lang))
    if c.year:
        parts.append(t("year", lang, year=c.year))
    return f"\\[{int(c.n)}\\] " + md_escape_inline(" · ".join(str(p) for p in parts))


def format_timestamp(raw: str | None) -> str:
    """Manifest time ``2024-11-23T08:47:55+0000`` -> ``2024-11-23 08:47``."""
    if not raw:
        return "—"
    m = re.match(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})", raw)
    return f"{m.group(1)} {m.group(2)}" if m else raw

"""Plain text (.txt) and Markdown loaders.

TXT heuristics
--------------
* Paragraphs are separated by blank lines (a line of only spaces / no-break spaces is
  blank). Lines inside a paragraph are joined with a space.
* A line starting with a bullet ("•", "-", "*", "–", "▪", ...) starts a list item; each
  item is its own block (bullet removed). An indented line right after an item continues it.
* A paragraph is a *heading* (it becomes the ``section`` of the blocks below it, not a
  block itself) when it is a single line of at most 80 characters, contains a letter, does
  not end with . : ; ? ! , is not a bullet, is followed by a blank line and by more
  text.
* *Label / value*: a heading candidate followed by a paragraph that is just a short value
  (a number, year, percentage or amount, e.g. "Jaartal" + "2023") becomes one block
  "Jaartal: 2023" under the current section; the label does not become a section.
* The first paragraph, if it is a heading, is also the document title.

Markdown
--------
ATX (``#``) and setext (``===``/``---``) headings -> sections; paragraphs, list items and
block quotes -> blocks (inline markup such as ``**bold**``, links and images reduced to
their text); fenced code -> one block; pipe tables -> table rows (title = nearest heading,
else the document title); YAML front matter is skipped (its ``title:`` is the document
title).
"""
from __future__ import annotations

import re
from pathlib import Path

from ingest.types import Block, LoadedDocument, ReadLimits

from .common import TERMINAL, Table, block, clean, finalize_items, is_bullet, read_text_file, readable_stem

_VALUE = re.compile(r"^[\s\d.,%€$£+\-–/:()x×]+(?:\s?(?:%|procent|euro|jaar|mln|miljoen|k))?$", re.I)


def _is_value(text: str) -> bool:
    """A short value such as "2023", "13,1%", "€ 1.250", "1 op de 8"-less numbers."""
    t = clean(text)
    return bool(t) and len(t) <= 30 and any(c.isdigit() for c in t) and bool(_VALUE.match(t))


def _heading_candidate(lines: list[str]) -> bool:
    if len(lines) != 1:
        return False
    t = clean(lines[0])
    return (0 < len(t) <= 80 and not t.endswith(TERMINAL) and not is_bullet(lines[0])
            and any(c.isalpha() for c in t) and not _is_value(t))


# ---------------------------------------------------------------------------- TXT

def _paragraphs(text: str) -> list[list[str]]:
    paras: list[list[str]] = []
    cur: list[str] = []
    for line in text.split("\n"):
        if not clean(line):
            if cur:
                paras.append(cur)
                cur = []
        else:
            cur.append(line.rstrip())
    if cur:
        paras.append(cur)
    return paras


def _split_items(lines: list[str]) -> list[str]:
    """Split one paragraph into blocks: bullet lines start a new item, indented lines
    continue the current item, other lines after an item start a new paragraph."""
    items: list[str] = []
    cur: list[str] = []
    in_item = False
    for line in lines:
        if is_bullet(line):
            if cur:
                items.append(" ".join(cur))
            cur, in_item = [line], True
        elif in_item and line[:1].isspace():
            cur.append(line)
        elif in_item:
            items.append(" ".join(cur))
            cur, in_item = [line], False
        else:
            cur.append(line)
    if cur:
        items.append(" ".join(cur))
    return items


def load_text(path: Path, *, title: str | None = None, limits: ReadLimits | None = None,
              **_: object) -> LoadedDocument:
    warnings: list[str] = []
    text = read_text_file(path, limits, warnings)
    paras = _paragraphs(text)
    blocks: list[Block] = []
    section: str | None = None
    doc_title: str | None = None
    i = 0
    while i < len(paras):
        lines = paras[i]
        has_next = i + 1 < len(paras)
        if _heading_candidate(lines) and has_next:
            nxt = paras[i + 1]
            if len(nxt) == 1 and _is_value(nxt[0]):
                b = block(f"{clean(lines[0])}: {clean(nxt[0])}", section=section)
                if b:
                    blocks.append(b)
                i += 2
                continue
            section = clean(lines[0])
            if i == 0:
                doc_title = section
            i += 1
            continue
        for item in _split_items(lines):
            b = block(item, section=section)
            if b:
                blocks.append(b)
        i += 1
    return LoadedDocument(blocks=blocks, title=doc_title, warnings=warnings)


# ---------------------------------------------------------------------------- Markdown

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_HR = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])[ \t]+(.*)$")
_QUOTE = re.compile(r"^ {0,3}>\s?")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(?:\|\s*:?-{1,}:?\s*)*\|?\s*$")
_LINK_DEF = re.compile(r"^ {0,3}\[[^\[\]]+\]:\s*\S+")

# Inline markup -> its text. Every pattern runs in linear time on any input (1 MB of
# "[", of "**a", of "<http://"): the text between an opening and a closing delimiter
# never contains the opening delimiter itself, so a failed match stops at the next
# opening one instead of scanning on to the end of the text from every opening.
_MD_INLINE = [
    (re.compile(r"!\[([^\[\]]*)\]\((?:[^()]|\([^()]*\))*\)"), r"\1"),  # a target may hold one "(...)"
    (re.compile(r"\[([^\[\]]+)\]\((?:[^()]|\([^()]*\))*\)"), r"\1"),
    (re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]"), r"\1"),
    (re.compile(r"<(https?://[^<>\s]+)>"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"\*\*(?=\S)((?:[^*]|\*(?!\*))+?)(?<=\S)\*\*"), r"\1"),
    (re.compile(r"__(?=\S)((?:[^_]|_(?!_))+?)(?<=\S)__"), r"\1"),
    (re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=[^\s_])([^_\n]+?)(?<=[^\s_])_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)((?:[^~]|~(?!~))+?)(?<=\S)~~"), r"\1"),
    (re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>"), " "),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])"), r"\1"),
]


def md_inline(text: str) -> str:
    """Reduce inline Markdown to plain text (linear time, see above).

        >>> md_inline("**Vet** en *schuin*, een [link](https://x.nl) en ~~weg~~")
        'Vet en schuin, een link en weg'
    """
    for rx, rep in _MD_INLINE:
        text = rx.sub(rep, text)
    return clean(text)


def _atx_text(rest: str) -> str:
    """The text of an ATX heading without its closing run of "#" (done by hand: a regex
    for the optional closing sequence backtracks over long runs of spaces)."""
    t = rest.rstrip()
    bare = t.rstrip("#")
    if bare != t and (not bare or bare[-1] in " \t"):
        t = bare.rstrip()
    return t


def _split_pipe_row(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    cells = re.split(r"(?<!\\)\|", s)
    return [md_inline(c.replace("\\|", "|")) for c in cells]


def load_markdown(path: Path, *, title: str | None = None, limits: ReadLimits | None = None,
                  **_: object) -> LoadedDocument:
    warnings: list[str] = []
    text = read_text_file(path, limits, warnings)
    lines = text.split("\n")
    items: list = []
    section: str | None = None
    doc_title: str | None = None
    para: list[str] = []  # lines of the current paragraph / list item
    state = {"item": False}  # is ``para`` a list item?

    def flush() -> None:
        if para:
            b = block(md_inline(" ".join(para)), section=section)
            if b:
                items.append(b)
            para.clear()
        state["item"] = False

    i = 0
    # YAML front matter
    if lines and lines[0].strip() == "---":
        for j in range(1, min(len(lines), 200)):
            if lines[j].strip() in ("---", "..."):
                for fm in lines[1:j]:
                    m = re.match(r"^title:\s*(.+?)\s*$", fm)
                    if m:
                        doc_title = clean(m.group(1).strip("'\""))
                i = j + 1
                break

    while i < len(lines):
        raw = lines[i]
        line = _QUOTE.sub("", raw) if _QUOTE.match(raw) else raw
        if not clean(line):
            flush()
            i += 1
            continue
        fence = _FENCE.match(line)
        if fence:
            flush()
            marker = fence.group(1)
            code: list[str] = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(marker):
                code.append(lines[i])
                i += 1
            b = block(" ".join(code), section=section)
            if b:
                items.append(b)
            i += 1
            continue
        m = _ATX.match(line)
        if m:
            flush()
            heading = md_inline(_atx_text(m.group(2) or ""))
            if heading:
                section = heading
                if doc_title is None and len(m.group(1)) == 1:
                    doc_title = heading
            i += 1
            continue
        if para and not state["item"] and _SETEXT.match(line):
            heading = md_inline(" ".join(para))
            para.clear()
            if heading:
                section = heading
                if doc_title is None and line.strip().startswith("="):
                    doc_title = heading
            i += 1
            continue
        if _HR.match(line):
            flush()
            i += 1
            continue
        if _LINK_DEF.match(line):
            flush()
            i += 1
            continue
        if "|" in line and i + 1 < len(lines) and _TABLE_SEP.match(lines[i + 1]) and "-" in lines[i + 1]:
            flush()
            headers = _split_pipe_row(line)
            rows: list[list[str]] = []
            i += 2
            while i < len(lines) and clean(lines[i]) and "|" in lines[i]:
                rows.append(_split_pipe_row(lines[i]))
                i += 1
            items.append(Table(title=section or doc_title or title or readable_stem(path),
                               headers=headers, rows=rows, section=section))
            continue
        lm = _LIST.match(line)
        if lm:
            flush()
            marker = lm.group(2)
            body = lm.group(3)
            para.append(body if marker in "-*+" else f"{marker} {body}")
            state["item"] = True
            i += 1
            continue
        para.append(line)
        i += 1
    flush()
    return LoadedDocument(blocks=finalize_items(items), title=doc_title, warnings=warnings)

"""Page layout for the PDF loader: characters -> words -> text lines -> reading order.

Words
-----
pdfplumber's characters (dicts with ``text``, ``x0``, ``x1``, ``top``, ``bottom``,
``size``, ``fontname``) are grouped into lines by their ``top`` (a chain of tops at most
:data:`Y_TOLERANCE` apart, as pdfplumber does), then into words: a word ends at a blank
character or at a horizontal gap wider than :data:`X_TOLERANCE` points, or than
:data:`WORD_GAP` x the font size (a PDF that positions its words without a space glyph
leaves about a quarter of an em between them). Between two
digits the gap that separates words is much smaller (:data:`DIGIT_GAP` x the font
size): tables print thousands with a thin gap instead of a space glyph ("180 116"), and
the number must stay as printed, not be glued into "180116". Text that is not upright
(rotated) is read per column of characters. A footnote reference set as a superscript
(a digit or * † ‡ at most 0.8 x the line's size, raised above its baseline) right after
a word or number is not read: "126.815¹²" must not become "126.81512" (after m, km, cm
a raised 2 or 3 is kept as "²", "³"); a mark opening a line ("¹ Bron: ...") is a word.

Reading order (multi-column pages)
----------------------------------
A line is cut into *chunks* where two words are further apart than
``CHUNK_GAP`` x its font size (a column gutter; word spaces, even in justified text,
are far narrower), or at least :data:`MIN_GUTTER` points and half an em apart where the
font size changes by a fifth (a caption in a smaller size set beside the text, whose
lines interleave with the text's). A vertical *gutter* at x is accepted for a run of consecutive lines
when

* no chunk of those lines crosses x (a line spanning the columns, such as a heading over
  the full width, ends the run),
* at least :data:`MIN_COLUMN_LINES` lines have text on both sides, and
* the text on each side reads as prose (on average at least
  :data:`MIN_COLUMN_CHARS` characters per line fragment, and 30 %+ of its words
  mostly letters), so a list of short labels with values beside them, or a code
  listing or hex dump, stays in line order.

Candidate positions are the left edges of chunks that follow a wide gap (the left edge
of a column is aligned; its right edge may be ragged). Consecutive lines with the same
set of gutters form a band; a band is read column by column, left to right, each column
top to bottom; bands are read top to bottom. Everything is linear or ``n log n`` in the
number of characters (candidate gutters are capped at :data:`MAX_GUTTER_CANDIDATES`).
"""
from __future__ import annotations

import re
import statistics
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field

X_TOLERANCE = 3.0
# a gap of this many times the font size ends a word even below X_TOLERANCE: a PDF
# that positions its words instead of printing a space glyph leaves ~0.25 em between
# them (2.5 points in a 10-point font), letters of a word ~0 (kerning is a few
# hundredths of an em)
WORD_GAP = 0.15
Y_TOLERANCE = 3.0
DIGIT_GAP = 0.15
CHUNK_GAP = 0.8
MIN_GUTTER = 6.0
MIN_COLUMN_LINES = 3
MIN_COLUMN_CHARS = 15
MAX_GUTTER_CANDIDATES = 40

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.I)


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    sizes: list[float] = field(default_factory=list, repr=False)
    bold_chars: int = 0

    @property
    def chars(self) -> int:
        return len(self.sizes)


@dataclass
class TextLine:
    words: list[Word]
    region: int = 0

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words if w.text)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        sizes = [s for w in self.words for s in w.sizes]
        return statistics.median(sizes) if sizes else 0.0

    @property
    def bold(self) -> bool:
        n = sum(w.chars for w in self.words)
        return n > 0 and sum(w.bold_chars for w in self.words) >= 0.8 * n


def _size(c: dict) -> float:
    try:
        return float(c.get("size") or 0.0)
    except (TypeError, ValueError):
        return 0.0


def _is_digit_end(text: str) -> bool:
    return bool(text) and text[-1].isdigit()


def new_word(prev: dict | None, cur: dict) -> bool:
    if prev is None:
        return True
    gap = float(cur["x0"]) - float(prev["x1"])
    if gap > X_TOLERANCE:
        return True
    size = min(_size(prev), _size(cur))
    if _is_digit_end(prev["text"]) and cur["text"][:1].isdigit():
        return gap > DIGIT_GAP * (size or 1.0)
    return bool(size) and gap > WORD_GAP * size


def cluster(values: list[tuple[float, int]], tolerance: float) -> list[list[int]]:
    """Chain clustering of sorted (value, index) pairs: neighbours at most ``tolerance``
    apart share a cluster. Returns lists of indexes."""
    values.sort()
    groups: list[list[int]] = []
    last = None
    for v, i in values:
        if last is None or v > last + tolerance:
            groups.append([i])
        else:
            groups[-1].append(i)
        last = v
    return groups


def _make_word(chars: list[dict]) -> Word:
    text = "".join(c["text"] for c in chars)
    sizes = [round(_size(c), 1) for c in chars]
    bold = sum(1 for c in chars if _BOLD.search(str(c.get("fontname", ""))))
    return Word(text=text, x0=min(float(c["x0"]) for c in chars), x1=max(float(c["x1"]) for c in chars),
                top=min(float(c["top"]) for c in chars), bottom=max(float(c["bottom"]) for c in chars),
                size=statistics.median(sizes) if sizes else 0.0, sizes=sizes, bold_chars=bold)


_MARKS = set("0123456789*†‡")
_SUPERSCRIPT = {"2": "²", "3": "³"}
_UNIT = re.compile(r"(?:^|[^a-zA-Z])[kcdm]?m$")


def _note_marks(row: list[dict]) -> set[int]:
    """Indexes of note marks in a line: digits or * † ‡ set at most 0.8 x the line's font
    size and raised above its baseline (superscript footnote references)."""
    sizes = [_size(c) for c in row if c.get("text", "").strip()]
    if len(sizes) < 2:
        return set()
    dom = statistics.median(sizes)
    if dom <= 0:
        return set()
    bottoms = [float(c["bottom"]) for c in row if c.get("text", "").strip() and _size(c) >= 0.9 * dom]
    if not bottoms:
        return set()
    base = statistics.median(bottoms)
    return {k for k, c in enumerate(row)
            if c.get("text", "") in _MARKS and _size(c) <= 0.8 * dom and float(c["bottom"]) < base - 0.2 * dom}


def lines_from_chars(chars: list[dict]) -> list[TextLine]:
    """Characters -> text lines (top to bottom; words left to right), see the module
    docstring."""
    upright = [c for c in chars if c.get("upright", True)]
    rotated = [c for c in chars if not c.get("upright", True)]
    out: list[TextLine] = []
    groups = cluster([(float(c["top"]), i) for i, c in enumerate(upright)], Y_TOLERANCE)
    for g in groups:
        row = sorted((upright[i] for i in g), key=lambda c: float(c["x0"]))
        sup = _note_marks(row)
        words: list[Word] = []
        cur: list[dict] = []
        prev = None
        for k, c in enumerate(row):
            t = c.get("text", "")
            if t.strip() != t and t.strip():
                # a glyph whose text carries a space (" ." for a period in some fonts):
                # the glyph's own place says where words end, not that space
                t = t.strip()
                c = dict(c, text=t)
            if not t or t.isspace():
                if cur:
                    words.append(_make_word(cur))
                cur, prev = [], None
                continue
            if k in sup:
                if cur:
                    word = "".join(x["text"] for x in cur)
                    if _UNIT.search(word) and t in _SUPERSCRIPT:
                        cur.append(dict(c, text=_SUPERSCRIPT[t]))  # km2 -> km²
                        prev = c
                    elif prev is not None:
                        prev = dict(prev, x1=c["x1"])  # what follows the mark is measured from it
                    continue  # a note mark after a word or number ("126.815¹²"): not read
                if cur:
                    words.append(_make_word(cur))
                words.append(_make_word([c]))  # a mark opening a line ("¹ Bron: ..."): a word
                cur, prev = [], None
                continue
            if cur and new_word(prev, c):
                words.append(_make_word(cur))
                cur = []
            cur.append(c)
            prev = c
        if cur:
            words.append(_make_word(cur))
        words = _without_leaders(words)
        if words:
            out.append(TextLine(words))
    if rotated:
        for g in cluster([(float(c["x0"]), i) for i, c in enumerate(rotated)], Y_TOLERANCE):
            col = sorted((rotated[i] for i in g), key=lambda c: float(c["top"]))
            text = "".join(c["text"] for c in col).strip()
            if text:
                w = _make_word([c for c in col if not c["text"].isspace()] or col)
                w.text = " ".join(text.split())
                out.append(TextLine([w]))
    out.sort(key=lambda ln: (ln.top, ln.x0))
    return out


def _without_leaders(words: list[Word]) -> list[Word]:
    """The words of a line with leader dots ("Burglary . . . . . . 240.9", "Inhoud
    ........ 5": a word of four dots or more, or a run of four or more one-dot words)
    made one blank word over their width. They guide the eye from a label to its number:
    read, they are noise, but the space they fill is no gap between columns."""
    out: list[Word] = []
    run: list[Word] = []

    def flush() -> None:
        if sum(len(x.text) for x in run) >= 4:
            out.append(Word("", run[0].x0, run[-1].x1, min(x.top for x in run), max(x.bottom for x in run),
                            run[0].size))
        else:
            out.extend(run)
        run.clear()

    for w in words:
        if set(w.text) == {"."}:
            run.append(w)
            continue
        flush()
        out.append(w)
    flush()
    return out if any(w.text for w in out) else []


# ------------------------------------------------------------------------- columns

def chunks(line: TextLine, gap_factor: float = CHUNK_GAP) -> list[list[Word]]:
    """The words of a line in groups separated by gaps wider than ``gap_factor`` x size."""
    out: list[list[Word]] = []
    limit = max(gap_factor * (line.size or 10.0), 4.0)
    for w in line.words:
        if out and w.x0 - out[-1][-1].x1 <= limit and not _flow_break(out[-1][-1], w):
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _flow_break(a: Word, b: Word) -> bool:
    """Two texts set side by side meet between ``a`` and ``b``: a gap of at least
    :data:`MIN_GUTTER` points and half an em, and the font size changes by a fifth or more
    (a caption in 8 pt beside a column in 11 pt, whose lines interleave: Y_TOLERANCE joins
    each caption line with the body line next to it)."""
    big, small = max(a.size, b.size), min(a.size, b.size)
    return bool(big) and b.x0 - a.x1 >= max(MIN_GUTTER, 0.5 * big) and small < 0.8 * big


def _chunk_len(ws: list[Word]) -> int:
    return sum(len(w.text) + 1 for w in ws) - 1


def _wordlike(w: Word) -> bool:
    """Mostly letters ("Leiden", "asn1Coding", "program...."), not a code or a number."""
    t = w.text.strip(".,;:!?()[]\"'«»“”‘’-–")
    letters = sum(1 for ch in t if ch.isalpha())
    return letters >= 2 and letters >= 0.5 * len(t)


def _gutter_runs(lines: list[TextLine], line_chunks: list[list[list[Word]]], x: float,
                 accepted: list[tuple[float, int, int]] = ()) -> list[tuple[int, int]]:
    """Runs of consecutive lines (index ranges, inclusive) split by a gutter at ``x``.
    On a line where gutters are already ``accepted`` (x, first line, last line), the
    sides are the text between ``x`` and the nearest of them: a note set beside its icon
    inside the third of three columns has the icon on its left, not the two other
    columns' prose."""
    runs: list[tuple[int, int]] = []

    def bounds(k: int) -> tuple[float, float]:
        lo, hi = float("-inf"), float("inf")
        for ax, s, e in accepted:
            if s <= k <= e:
                if ax < x:
                    lo = max(lo, ax)
                elif ax > x:
                    hi = min(hi, ax)
        return lo, hi

    def close(start: int, end: int) -> None:
        if end < start:
            return
        both = left_n = right_n = 0
        left_chars = right_chars = 0
        words = [0, 0]  # words on the left / right
        alpha = [0, 0]  # of which real words (letters only), not codes or numbers
        for k in range(start, end + 1):
            lo, hi = bounds(k)
            left = [w for ch in line_chunks[k] if lo <= ch[0].x0 and ch[-1].x1 <= x for w in ch]
            right = [w for ch in line_chunks[k] if x <= ch[0].x0 and ch[-1].x1 <= hi for w in ch]
            if left:
                left_n += 1
                left_chars += _chunk_len(left)
            if right:
                right_n += 1
                right_chars += _chunk_len(right)
            if left and right:
                both += 1
            for side, ws in ((0, left), (1, right)):
                words[side] += len(ws)
                alpha[side] += sum(1 for w in ws if _wordlike(w))
        if (both >= MIN_COLUMN_LINES and left_chars >= MIN_COLUMN_CHARS * left_n
                and right_chars >= MIN_COLUMN_CHARS * right_n
                and alpha[0] >= 0.3 * words[0] and alpha[1] >= 0.3 * words[1]):
            runs.append((start, end))

    start = 0
    for k, chs in enumerate(line_chunks):
        if any(ch[0].x0 < x < ch[-1].x1 for ch in chs):
            close(start, k - 1)
            start = k + 1
    close(start, len(lines) - 1)
    return runs


def reading_order(lines: list[TextLine]) -> list[TextLine]:
    """The lines of a page in reading order, lines split at column gutters; each line's
    ``region`` tells which column band it belongs to (0 for a single-column page)."""
    if len(lines) < 2 * MIN_COLUMN_LINES:
        return lines
    lines = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    line_chunks = [chunks(ln) for ln in lines]
    support: Counter = Counter()
    for chs in line_chunks:
        seen = set()
        for a, b in zip(chs, chs[1:]):
            if b[0].x0 - a[-1].x1 >= MIN_GUTTER:
                seen.add(round(b[0].x0))
        support.update(seen)
    if not support:
        return lines
    # merge candidate edges within 2 pt of each other
    merged: list[list[int]] = []
    for x in sorted(support):
        if merged and x - merged[-1][-1] <= 2:
            merged[-1].append(x)
        else:
            merged.append([x])
    cands = sorted(((sum(support[v] for v in grp), min(grp)) for grp in merged), reverse=True)
    cands = [(n, x) for n, x in cands if n >= MIN_COLUMN_LINES][:MAX_GUTTER_CANDIDATES]
    if not cands:
        return lines
    accepted: list[tuple[float, int, int]] = []  # (x, first line, last line)
    for _n, edge in cands:
        x = edge - 0.5
        for s, e in _gutter_runs(lines, line_chunks, x, accepted):
            if any(abs(x - ax) < 10 and s <= ae and e >= as_ for ax, as_, ae in accepted):
                continue  # the same gutter, seen from a slightly different edge
            accepted.append((x, s, e))
    if not accepted:
        return lines
    active = [tuple(sorted(x for x, s, e in accepted if s <= k <= e)) for k in range(len(lines))]
    out: list[TextLine] = []
    region = 0
    k = 0
    while k < len(lines):
        j = k
        while j + 1 < len(lines) and active[j + 1] == active[k]:
            j += 1
        gutters = list(active[k])
        if not gutters:
            for ln in lines[k:j + 1]:
                out.append(TextLine(ln.words, region))
            region += 1
        else:
            cols: list[list[TextLine]] = [[] for _ in range(len(gutters) + 1)]
            for ln in lines[k:j + 1]:
                parts: dict[int, list[Word]] = {}
                for w in ln.words:
                    parts.setdefault(bisect_left(gutters, (w.x0 + w.x1) / 2), []).append(w)
                for c, ws in parts.items():
                    cols[c].append(TextLine(ws))
            for col in cols:
                for ln in col:
                    ln.region = region
                    out.append(ln)
                region += 1
        k = j + 1
    return out

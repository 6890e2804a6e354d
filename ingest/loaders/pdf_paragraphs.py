"""Lines -> paragraphs for the PDF loader (:mod:`ingest.loaders.pdf`): the page
furniture dropped, footnotes marked, paragraphs found, and headings among them.

Entry points: :func:`prepare` (once per document: furniture, footnotes, the body font
size and the usual line gap) and :func:`page_paragraphs` (per page).

Paragraphs
----------
Lines come in reading order (a page set in columns column by column, see
:mod:`.pdf_layout`). A new paragraph starts when the vertical gap to the previous line is
clearly larger than the document's usual line gap (> max(1.5 x usual gap, usual gap +
0.3 x font size); the usual gap is the most common one), when the font size changes, at
a bullet, after a line that ends with . ! ? : ; and stops well short of the column's
right margin, at a bold line after a finished sentence or a bold label ending in ":",
after a list item ending in punctuation when the next line starts at the bullet's
margin, and in the next column unless the sentence runs on (no final . ! ? : and a
lower-case start). A bold label ("Scope:") and the value on the line below stay one
paragraph. Lines are joined with a space; a word broken with a hyphen at a line end is
re-joined ("internationali-" + "sering"), except before "en"/"of"/"tot" ("woon- en
werkgedrag" stays). Without positions (pypdf's fallback text) a line ending in . ! ? or
clearly shorter than the page's typical line ends a paragraph.

Footnotes
---------
The lines at the bottom of a page set at least 1 pt smaller than the body text, from a
line starting with a note mark ("1 ", "*", "†", "¹") on, are footnotes (``Line.foot``):
one paragraph per note, never a heading.

Page furniture
--------------
Lines in the top/bottom 10 % of the page (without positions: the first and last line)
that end by saying which page they are on ("Page 2 of 4", "VA FORM 21-0966, FEB 2023 PAGE 2";
bold or not, recurring or not) are dropped, and so are those that are not bold and not
larger than body text, and that recur (digits ignored) on at
least half of the pages (documents of 3+ pages), or on two pages or more with the page's
number at their end or start, in step with the pages ("Chapter 4: Function reference
12" on one page, "... 13" on the next), and bare page numbers there ("3", "Pagina 3 van
10"), are dropped.

Headings
--------
The body font size is the most common character size of the document's running text
(lines of five words or more, most of them plain lower-case words; of every line when
there are none: a diagram's many small labels do not set it). A paragraph is a
heading if
  (a) its font size is at least body + max(1 pt, 15 %) (consecutive lines of that size are
      one heading), or
  (b) it is a single line of at most 80 characters, contains a letter, does not end with
      . : ; ? ! , is not a bullet or a bare number, and either is set in bold or is followed
      by a paragraph that reads as body text (several lines or ending with . ! ?) and is
      not a "label: value" line ("Resultaat: geen fout gevonden" is content), or
  (c) it is two bold lines, at most 160 characters together, not ending with . : ; ? ! ,
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from .common import TERMINAL, clean, is_bullet
from .pdf_pages import Line, PageData

SENTENCE_END = tuple(".!?")
_PAGE_NO = re.compile(r"^(?:(?:pagina|page|blz\.?|p\.|pag\.?)\s*)?\d{1,4}(?:\s*(?:van|of|/)\s*\d{1,4})?$", re.I)
# a page number at the end or the start of a header line ("Chapter 4: Function reference 12")
# a line that ends by saying which page it is: "... PAGE 2", "Page 2 of 4", "Pagina 3 van 10"
_PAGE_LABEL = re.compile(r"\b(?:page|pagina|blz\.?|pag\.)\s*(\d{1,4})(?:\s*(?:of|van|/)\s*\d{1,4})?\s*$", re.I)
_PAGE_OF = re.compile(r"^\s*(?:page|pagina|blz\.?|pag\.)\s*(\d{1,4})\s*(?:of|van|/)\s*\d{1,4}\b", re.I)
_EDGE_NUMBER = re.compile(r"^\s*(\d{1,4})\s+\D|\D\s+(\d{1,4})\s*$")
_NUMERIC = re.compile(r"^[\s\d.,%€$+\-–/:()]+$")
_KEEP_HYPHEN_BEFORE = {"en", "of", "tot", "and", "or", "to", "t/m", "als"}
_FOOTNOTE_MARK = re.compile(r"^(?:\d{1,3}[.)]?\s|[*†‡§]+\s?|[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s?)\S")
# a numbered list's item ("4. Information location tools.", "2) ..."), and the end of the
# line before an item: the item before it ("...users;"), the words that announce the list
# (":"), or the word that joins the last item ("and", "; or")
_ITEM_START = re.compile(r"^\(?\d{1,2}[.)]\s+\S")
_BEFORE_ITEM = re.compile(r"(?:[;:]|(?:^|[;,]\s*)(?:and|or|en|of))$", re.I)
_LABEL_VALUE = re.compile(r"^[^:]{1,40}:\s+\S")  # "Resultaat: geen fout gevonden" is content
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# an amount at the end of a line: "Grand Total 319.00", "Totaal € 1.234,56", "€ 12,50": a
# currency sign, thousands, or three digits before the cents (not a section number, "Tabel
# 3.12", nor "versie 2.5.10")
_AMOUNT_END = re.compile(r"(?:(?:[€$£]|\b(?:Rs|EUR|USD))\.?\s?\d{1,3}(?:[.,\s]?\d{3})*"
                         r"|(?<![\d.,])(?:\d{1,3}(?:[.,\s]\d{3})+|\d{3,}))[.,]\d{2}$")


def _states_value(text: str) -> bool:
    """A line that gives a field's value, as a form or an invoice prints it in a larger
    size: "Invoice Date: 20-10-2015", "Order ID: OD3041750960", "Grand Total 319.00" (a
    label with a value of three digits or more besides a year, or ending in an amount).
    "Tabel 2: Bevolking 2011", "Hoofdstuk 3: Resultaten" and "Tabel 3.12" are headings.

    >>> [_states_value(t) for t in ("Grand Total 319.00", "Totaal € 12,50", "Tabel 3.12", "versie 2.5.10")]
    [True, True, False, False]
    """
    m = _LABEL_VALUE.match(text)
    if m and sum(ch.isdigit() for ch in _YEAR.sub("", text.split(":", 1)[1])) >= 3:
        return True
    return bool(_AMOUNT_END.search(text.strip()))


@dataclass
class Para:
    """A paragraph: consecutive lines of one page; a heading, a footnote or body text."""

    lines: list[Line]
    page: int
    heading: bool = False
    big: bool = False  # heading by font size (rule a)

    @property
    def text(self) -> str:
        return join_lines([ln.text for ln in self.lines])

    @property
    def top(self) -> float:
        return self.lines[0].top or 0.0

    @property
    def bottom(self) -> float:
        return self.lines[-1].bottom or 0.0

    @property
    def size(self) -> float | None:
        return self.lines[0].size

    @property
    def foot(self) -> bool:
        return self.lines[0].foot


def prepare(pages: list[PageData]) -> tuple[float | None, float | None]:
    """Drop the page furniture and mark the footnote lines of ``pages`` (in place);
    returns the document's body font size and usual line gap (None when unknown)."""
    body = _body_size(pages)
    _drop_furniture(pages, body)
    body = _body_size(pages)
    for p in pages:
        _mark_footnotes(p, body)
    return body, _usual_gap(pages, body)


def page_paragraphs(page: PageData, body: float | None, gap: float | None) -> list[Para]:
    """The paragraphs of one page in reading order, headings marked (consecutive heading
    paragraphs of the same large size merged into one), footnotes included (``foot``)."""
    paras = _paragraphs(page, body, gap)
    _mark_headings([para for para in paras if not para.foot], body)
    merged: list[Para] = []
    for para in paras:
        if (merged and para.heading and merged[-1].heading and para.size and merged[-1].size
                and abs(para.size - merged[-1].size) < 0.5 and body and para.size >= body + 1
                and para.lines[0].top is not None and merged[-1].bottom
                and para.lines[0].top - merged[-1].bottom < para.size):
            merged[-1].lines.extend(para.lines)
        else:
            merged.append(para)
    return merged


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph as one text (a word broken at a line end re-joined)."""
    out = ""
    for raw in lines:
        line = clean(raw)
        if not line:
            continue
        if not out:
            out = line
            continue
        m = re.search(r"(\w)-$", out)
        first_word = line.split(" ", 1)[0]
        if m and m.group(1).isalpha() and line[:1].islower() and first_word.lower() not in _KEEP_HYPHEN_BEFORE:
            out = out[:-1] + line
        else:
            out = f"{out} {line}"
    return out


def _drop_furniture(pages: list[PageData], body: float | None) -> None:
    """Drop running headers/footers and bare page numbers (see the module docstring).
    Only lines not larger than the body text and not bold are candidates, so chapter
    headings at the top of each page ("Hoofdstuk 3") survive."""
    n = len(pages)

    def in_margin(p: PageData, ln: Line) -> bool:
        if ln.top is None or not p.height:
            # no positions (pypdf fallback): the first and last text line of the page
            texts = [x for x in p.lines if x.text]
            return bool(texts) and (ln is texts[0] or ln is texts[-1])
        return ln.top < 0.1 * p.height or (ln.bottom or 0) > 0.9 * p.height

    def candidate(p: PageData, ln: Line) -> bool:
        if not in_margin(p, ln):
            return False
        return ln.top is None or not ln.bold and (ln.size is None or body is None or ln.size <= body + 0.5)

    def labelled_page(p: PageData, ln: Line) -> bool:
        # a line in the margin that says which page it is ("Page 2 of 4", set in bold; "VA FORM
        # 21-0966, FEB 2023 PAGE 2"), whatever its size, and whether or not it recurs
        m = _PAGE_LABEL.search(ln.text)
        return m is not None and in_margin(p, ln) and int(m.group(1)) in (p.number, p.number - 1, p.number + 1)

    def key(ln: Line) -> str:
        return re.sub(r"\d+", "#", ln.text.lower())

    counts: Counter = Counter()
    # a header that changes with the chapter ("Chapter 4: Function reference 12") recurs
    # on fewer pages, with the page's printed number: the number at its end (or start)
    # minus the page's index is the same wherever it recurs
    offsets: dict[str, set[int]] = {}
    for p in pages:
        counts.update({key(ln) for ln in p.lines if candidate(p, ln)})
        for ln in p.lines:
            m = _EDGE_NUMBER.search(ln.text)
            if m and candidate(p, ln):
                offsets.setdefault(key(ln), set()).add(int(m.group(1) or m.group(2)) - p.number)
    threshold = max(3, n / 2)

    def numbered(ln: Line) -> bool:
        k = key(ln)
        return counts[k] >= 2 and len(offsets.get(k, ())) == 1

    # a line printed at the same height on most pages, in the upper or lower quarter, is
    # the page's furniture whatever its size or weight: a proof's running header ("Page 4 of
    # 48 Instructions for Form 1040NR 7:48 - 6-DEC-2007") set below the usual margin
    # (the same words, or the page's label and the same words: "Page 4 of 48 ...")
    def fixed_key(ln: Line) -> str:
        return key(ln) if _PAGE_OF.match(ln.text) else ln.text.lower()

    at: dict[str, list[float]] = {}
    for p in pages:
        if not p.height:
            continue
        for k, top in {fixed_key(ln): ln.top for ln in p.lines
                       if ln.top is not None and (ln.top < 0.25 * p.height or ln.top > 0.75 * p.height)}.items():
            at.setdefault(k, []).append(top)
    fixed: dict[str, float] = {}  # key -> the height it is printed at
    if n >= 3:
        for k, tops in at.items():
            mid = statistics.median(tops)
            if len(tops) >= threshold and sum(1 for t in tops if abs(t - mid) <= 2.0) >= threshold:
                fixed[k] = mid

    # (one larger or bold only when it opens with the page's label, "Page 4 of 48": a
    # heading at the top of each page, "Deel 1", is kept)
    def recurring(p: PageData, ln: Line) -> bool:
        k = fixed_key(ln)
        if k not in fixed or ln.top is None or not p.height \
                or not (ln.top < 0.25 * p.height or ln.top > 0.75 * p.height) \
                or abs(ln.top - fixed[k]) > 2.0:
            return False
        plain = not ln.bold and (ln.size is None or body is None or ln.size <= body + 0.5)
        m = _PAGE_OF.match(ln.text)
        return plain or (m is not None and int(m.group(1)) in (p.number, p.number - 1, p.number + 1))

    for p in pages:
        p.lines = [ln for ln in p.lines
                   if not (labelled_page(p, ln) or recurring(p, ln)
                           or candidate(p, ln) and (_PAGE_NO.match(ln.text)
                                                    or (n >= 3 and (counts[key(ln)] >= threshold or numbered(ln)))))]


_PLAIN_WORD = re.compile(r"^[^\W\d_]+[,.;:!?)]*$")  # a word as prose writes it: "the", "hills,"


def _prose_line(text: str) -> bool:
    """A line of running text: five words or more, most of them plain lower-case words (a
    diagram's labels, "- ManMadeStatus: CL_Manmade Status", and a table's cells are not)."""
    words = text.split()
    plain = sum(1 for w in words if _PLAIN_WORD.match(w) and w[:1].islower())
    return len(words) >= 5 and plain >= 0.5 * len(words)


def _body_size(pages: list[PageData]) -> float | None:
    """The most common character size of the running text (of every line when there is
    none): a document whose diagrams hold many small labels keeps its body size."""
    prose: Counter = Counter()
    every: Counter = Counter()
    for p in pages:
        for ln in p.lines:
            if ln.size:
                every[round(ln.size * 2) / 2] += len(ln.text)
                if _prose_line(ln.text):
                    prose[round(ln.size * 2) / 2] += len(ln.text)
    c = prose or every
    return c.most_common(1)[0][0] if c else None


def _usual_gap(pages: list[PageData], body: float | None) -> float | None:
    gaps = []
    for p in pages:
        for a, b in zip(p.lines, p.lines[1:]):
            if a.top is None or b.top is None or a.size is None or b.size is None:
                continue
            if body and (abs(a.size - body) > 0.6 or abs(b.size - body) > 0.6):
                continue
            g = b.top - a.bottom
            if -2 < g < 3 * (body or 12):
                gaps.append(g)
    if not gaps:
        return None
    # the most common gap (0.5 pt bins; the smaller one on a tie): in a report of short
    # paragraphs the gaps between paragraphs can outnumber the gaps between lines
    bins = Counter(round(g * 2) / 2 for g in gaps)
    best = max(bins.items(), key=lambda kv: (kv[1], -kv[0]))
    if best[1] >= 0.2 * len(gaps):
        return statistics.median([g for g in gaps if abs(round(g * 2) / 2 - best[0]) <= 0.5])
    return statistics.median(gaps)


def _paragraphs(page: PageData, body: float | None, gap: float | None) -> list[Para]:
    paras: list[Para] = []
    cur: list[Line] = []
    lengths = sorted(len(ln.text) for ln in page.lines if ln.text)
    typical_len = lengths[len(lengths) // 2] if lengths else 0
    # the text's left and right margin, per column band of a multi-column page
    margins: dict[int, tuple[float, float]] = {}
    for ln in page.lines:
        if ln.x0 is not None and ln.x1 is not None and not ln.foot:
            lo, hi = margins.get(ln.region, (ln.x0, ln.x1))
            margins[ln.region] = (min(lo, ln.x0), max(hi, ln.x1))
    for ln in page.lines:
        if not ln.text:  # blank line (pypdf fallback)
            if cur:
                paras.append(Para(cur, page.number))
                cur = []
            continue
        if cur:
            prev = cur[-1]
            new = False
            left, right = margins.get(prev.region, (None, None))
            width = (right - left) if right is not None and left is not None else None
            if is_bullet(ln.text) or (_ITEM_START.match(ln.text) and _BEFORE_ITEM.search(prev.text)):
                new = True
            elif prev.foot != ln.foot or (ln.foot and _FOOTNOTE_MARK.match(ln.text)):
                new = True  # footnotes stand apart from the text, one block per note
            elif prev.region != ln.region:
                # the next column: a paragraph continues only mid-sentence
                new = prev.text.endswith(SENTENCE_END + (":",)) or not ln.text[:1].islower()
            elif prev.top is not None and ln.top is not None:
                g = ln.top - prev.bottom
                size = ln.size or body or 11.0
                if gap is not None and g > max(1.5 * gap, gap + 0.3 * size):
                    new = True
                elif gap is None and g > 0.8 * size:
                    new = True
                if prev.size and ln.size and abs(prev.size - ln.size) > 1.0:
                    new = True
                if prev.bold != ln.bold and (prev.bold and len(cur) == 1):
                    new = True
                if ln.bold and not prev.bold and (prev.text.endswith(TERMINAL[:5]) or ln.text.endswith(":")):
                    new = True  # a bold line after a finished sentence, or a bold label
                if (prev.text.endswith(TERMINAL[:5]) and width and prev.x1 is not None
                        and prev.x1 < right - 0.15 * width):
                    new = True
                if (prev.bold and len(cur) == 1 and prev.text.endswith(":") and not ln.bold
                        and g <= 1.5 * (gap if gap is not None else size) and not is_bullet(ln.text)):
                    new = False  # a bold label ("Scope:") and its value stay one block
                if (is_bullet(cur[0].text) and prev.text.endswith(TERMINAL[:5])
                        and ln.x0 is not None and cur[0].x0 is not None and ln.x0 <= cur[0].x0 + 1):
                    new = True  # a list item ended; this line is back at the bullet's margin
            elif prev.text.endswith(SENTENCE_END) or len(prev.text) < 0.6 * typical_len:
                new = True  # no positions (pypdf fallback): sentence end or a short line
            if new:
                paras.append(Para(cur, page.number))
                cur = []
        cur.append(ln)
    if cur:
        paras.append(Para(cur, page.number))
    return paras


def _mark_footnotes(page: PageData, body: float | None) -> None:
    """Footnotes: the run of lines at the bottom of the page (lower 45 %) set clearly
    smaller than the body text (at least 1 pt), whose first line starts with a note
    mark ("1", "12", "*", "†", "¹") and which follows body text on that page."""
    if body is None or not page.height or not page.lines or page.lines[-1].top is None:
        return
    k = len(page.lines)
    while (k > 0 and page.lines[k - 1].size is not None and page.lines[k - 1].size <= body - 1.0
           and (page.lines[k - 1].top or 0) > 0.55 * page.height):
        k -= 1
    if k == len(page.lines) or k == 0:
        return
    start = next((i for i in range(k, len(page.lines)) if _FOOTNOTE_MARK.match(page.lines[i].text)), None)
    if start is None or not any(ln.size and abs(ln.size - body) <= 0.6 for ln in page.lines[:k]):
        return
    for ln in page.lines[start:]:
        ln.foot = True


def _is_numeric(text: str) -> bool:
    return bool(_NUMERIC.match(text)) or _PAGE_NO.match(text) is not None


def _reads_as_body(p: Para | None) -> bool:
    return p is not None and not p.heading and (len(p.lines) > 1 or p.text.endswith(SENTENCE_END))


def _mark_headings(paras: list[Para], body: float | None) -> None:
    big = (body + max(1.0, 0.15 * body)) if body else None
    for i, p in enumerate(paras):
        text = p.text
        if not any(c.isalpha() for c in text) or is_bullet(p.lines[0].text) or p.foot:
            continue
        if big is not None and p.size is not None and p.size >= big and len(text) <= 200:
            if not any(_states_value(ln.text) for ln in p.lines):
                p.heading = p.big = True
            continue
        if (len(p.lines) == 1 and len(text) <= 80 and not text.endswith(TERMINAL)
                and not _is_numeric(text) and i + 1 < len(paras)):
            if p.lines[0].bold or (_reads_as_body(paras[i + 1]) and not _LABEL_VALUE.match(text)):
                p.heading = True
        elif (len(p.lines) == 2 and len(text) <= 160 and all(ln.bold for ln in p.lines)
              and not text.endswith(TERMINAL) and i + 1 < len(paras)):
            p.heading = True  # a bold heading wrapped over two lines

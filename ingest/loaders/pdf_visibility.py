"""Text a reader of the PDF cannot see is not read.

A PDF can carry text that no viewer shows but every text extractor returns: instructions
or false figures meant for a machine. A character is *hidden* (and dropped) when

* ``invisible``   it is drawn in text render mode 3 (neither filled nor stroked) or 7
                  (only added to the clipping path), and not over a scanned page (an
                  image covering half the page or more: OCR lays its text invisibly over
                  the scan, and the reader sees that text in the image). pdfplumber does
                  not expose the mode; :mod:`ingest.loaders.pdf_limits` drops such
                  characters while the page is laid out and counts them
                  (``page.hidden_invisible``). A page whose only text is hidden is not
                  read another way (pypdf's text would return it);
* ``background``  its fill colour equals the colour behind it: the smallest filled
                  rectangle under its centre, else the page's white (white text on a
                  dark table header stays, white text on a white page goes);
* ``tiny``        its font size is below :data:`MIN_SIZE` points;
* ``off-page``    its centre lies outside the page's visible box.

Blank characters are dropped silently and not counted. :func:`visible_chars` returns
the visible characters and a ``Counter`` of hidden ones per reason; the loader sums the
counters over the pages and reports them (``LoadedDocument.dropped_hidden_chars`` and a
``hidden_text: ...`` warning).
"""
from __future__ import annotations

from collections import Counter

MIN_SIZE = 1.0
COLOUR_TOLERANCE = 0.06   # per RGB channel (0..1): "the same colour"
MAX_BACKGROUND_RECTS = 5_000
_CELL = 64.0  # grid size (points) for finding the rectangles under a character
WHITE = (1.0, 1.0, 1.0)

REASONS = ("background", "invisible", "tiny", "off-page")


def to_rgb(colour, space: str | None = None) -> tuple[float, float, float] | None:
    """A pdfminer colour (gray, RGB or CMYK tuple, 0..1) as RGB; None if unknown
    (patterns, separations, indexed colours, ...)."""
    if colour is None:
        return None
    if not isinstance(colour, (tuple, list)):
        colour = (colour,)
    try:
        vals = [float(v) for v in colour]
    except (TypeError, ValueError):
        return None
    if any(v < 0 or v > 1 for v in vals):
        return None
    name = str(space or "")
    if len(vals) == 1 and ("Indexed" not in name and "Separation" not in name and "Pattern" not in name):
        g = vals[0]
        return (g, g, g)
    if len(vals) == 3:
        return (vals[0], vals[1], vals[2])
    if len(vals) == 4:
        c, m, y, k = vals
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def _same(a, b) -> bool:
    return a is not None and b is not None and all(abs(x - y) <= COLOUR_TOLERANCE for x, y in zip(a, b))


class _Backgrounds:
    """Filled rectangles of a page, found by the grid cells they cover."""

    def __init__(self, rects: list[dict]):
        self.grid: dict[tuple[int, int], list[tuple[float, float, float, float, float, tuple]]] = {}
        filled = []
        for r in rects:
            if not r.get("fill"):
                continue
            rgb = to_rgb(r.get("non_stroking_color"))
            if rgb is None:
                continue
            x0, x1, top, bottom = float(r["x0"]), float(r["x1"]), float(r["top"]), float(r["bottom"])
            if x1 - x0 < 1 or bottom - top < 1:
                continue  # a rule, not a background
            filled.append(((x1 - x0) * (bottom - top), x0, top, x1, bottom, rgb))
        filled.sort(key=lambda t: t[0])  # smallest first, so the first match is the smallest
        for area, x0, top, x1, bottom, rgb in filled[:MAX_BACKGROUND_RECTS]:
            for gx in range(int(x0 // _CELL), int(x1 // _CELL) + 1):
                for gy in range(int(top // _CELL), int(bottom // _CELL) + 1):
                    self.grid.setdefault((gx, gy), []).append((area, x0, top, x1, bottom, rgb))
        for cell in self.grid.values():
            cell.sort(key=lambda t: t[0])

    def colour_at(self, x: float, y: float) -> tuple[float, float, float]:
        for _area, x0, top, x1, bottom, rgb in self.grid.get((int(x // _CELL), int(y // _CELL)), ()):
            if x0 <= x <= x1 and top <= y <= bottom:
                return rgb
        return WHITE


def visible_chars(page) -> tuple[list[dict], Counter]:
    """The characters of a pdfplumber page a reader can see, and the hidden ones counted
    by reason (see the module docstring)."""
    hidden: Counter = Counter()
    invisible = getattr(page, "hidden_invisible", 0)
    if invisible:
        hidden["invisible"] += invisible
    x_min, top_min, x_max, bottom_max = (float(v) for v in page.bbox)
    backgrounds = None
    keep: list[dict] = []
    for c in page.chars:
        text = c.get("text", "")
        if not text or text.isspace():
            keep.append(c)
            continue
        cx = (float(c["x0"]) + float(c["x1"])) / 2
        cy = (float(c["top"]) + float(c["bottom"])) / 2
        if not (x_min <= cx <= x_max and top_min <= cy <= bottom_max):
            hidden["off-page"] += len(text)
            continue
        try:
            size = float(c.get("size") or 0.0)
        except (TypeError, ValueError):
            size = 0.0
        if size < MIN_SIZE:
            hidden["tiny"] += len(text)
            continue
        rgb = to_rgb(c.get("non_stroking_color"), c.get("ncs"))
        if rgb is not None and min(rgb) > 0.5:  # light text: compare with what is behind it
            if backgrounds is None:
                backgrounds = _Backgrounds(page.rects)
            if _same(rgb, backgrounds.colour_at(cx, cy)):
                hidden["background"] += len(text)
                continue
        elif rgb is not None:
            if backgrounds is None:
                backgrounds = _Backgrounds(page.rects)
            if backgrounds.grid and _same(rgb, backgrounds.colour_at(cx, cy)):
                hidden["background"] += len(text)
                continue
        keep.append(c)
    return keep, hidden


def describe(counts: Counter) -> str | None:
    """``"hidden_text: 312 characters dropped (background 200, invisible 112)"``."""
    total = sum(counts.values())
    if not total:
        return None
    parts = ", ".join(f"{k} {counts[k]}" for k in REASONS if counts.get(k))
    return f"hidden_text: {total} characters dropped ({parts})"

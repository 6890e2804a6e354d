"""Where a text was cut into chunks, for the chunking tests: a cut must never fall inside
a number ("45,1", "126.815", "180 116")."""
from __future__ import annotations

import re


def number_cuts(text: str, pieces: list[str]) -> list[tuple[str, str]]:
    """Boundaries between consecutive ``pieces`` of ``text`` that fall inside a number
    ("45," | "1" where the text has "45,1"; "180" | "116" where it has "180 116").
    Pieces are matched to the text ignoring whitespace (a splitter may re-space)."""
    flat = " ".join(text.split())
    where = [i for i, ch in enumerate(flat) if ch != " "]  # position of each non-space char
    dense = flat.replace(" ", "")
    cuts = []
    pos = 0
    for a, b in zip(pieces, pieces[1:]):
        a_dense, b_dense = a.replace(" ", ""), b.replace(" ", "")
        start = dense.find(a_dense, pos)
        assert start >= 0, a
        end = start + len(a_dense)  # index (in dense) of the first char after piece a
        assert dense.startswith(b_dense[:20], end), (a[-20:], b[:20])
        between = flat[where[end - 1] + 1:where[end]]
        left, right = flat[:where[end - 1] + 1], flat[where[end]:]
        if between == "" and re.search(r"\d[,.]?$", left) and re.match(r"^\d", right):
            cuts.append((a[-15:], b[:15]))
        elif (between == " " and re.search(r"(?<![\d,.])\d{1,3}$", left) and re.match(r"^\d{3}(?![\d,.]?\d)", right)
              and re.search(r"\d{1,3} \d{3}$", left + " " + right[:3])):
            cuts.append((a[-15:], b[:15]))
        pos = end
    return cuts

"""The extractive composer: pick the sentences or table rows that answer a question and
write a short answer in the question's language, quoting the evidence verbatim.

Nothing here generates facts. An answer is

* a lead sentence with the figure(s) found in the evidence (numbers written in words get
  their digits: "meer dan achthonderd (800)"), and what they measure: the table row's
  measure, or, for an English question answered from a Dutch sentence, the question's
  own words ("For “how many Ukrainians moved to Leiden in 2022”, the Dutch source
  gives ..."), never a translation;
* then the evidence, verbatim, each piece with its ``[n]`` marker; table rows read as
  "measure (year): value unit [n]"; a Dutch quote in an English answer is marked as Dutch.

Each figure stays with its own sentence and citation, so look-alike figures from
different sources (12 % on the visie page, 13,1 % in the 2023 monitor) never merge.

Entry points: :func:`build_units` (hits -> candidate evidence units),
:func:`select_evidence` (scored, chosen units) and :func:`compose` (units -> text and
citations). All are pure functions over plain data, cheap enough for every question.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .language import stem_keys, tokens
from .messages import t, unit_label
from .numbers import NumberMention, digits_for_words, extract_numbers
from .question import YEAR_RE, Question
from .retrieval import Hit, Passage

# --------------------------------------------------------------------------- units

_ABBREV = re.compile(r"(?:\b(?:t\.o\.v|o\.a|bijv|bv|e\.g|i\.e|c|ca|approx|nr|no|st|dr|mr|mw|vs|etc|incl|excl|m\.n|d\.w\.z|z\.g\.a\.n)|\b[A-Z])\.$", re.I)
_SENT_END = re.compile(r"(?<=[.!?])\s+(?=[\"'„“(\[]?[A-Z0-9À-Ý])")

ROW_MEASURE = ("measure", "indicator", "variable", "omschrijving", "onderwerp", "description",
               "item", "maat", "kenmerk", "grootheid", "metric", "name", "naam")
ROW_VALUE = ("value", "waarde", "aantal", "count", "number", "amount", "percentage", "total", "totaal")
ROW_UNIT = ("unit", "eenheid")
ROW_YEAR = ("year", "jaar", "jaartal", "period", "periode", "date", "datum", "peildatum")
ROW_SKIP = ("source_url", "url", "link", "source", "bron", "notes", "note", "opmerking",
            "opmerkingen", "toelichting", "comment", "comments")
_ROW_FIELD = re.compile(r"(?:^|;\s)([\w ()/.-]{1,40}?):\s")


def split_sentences(text: str) -> list[str]:
    """Sentences of a chunk (abbreviations like "t.o.v." do not end a sentence)."""
    text = " ".join(text.split())
    if not text:
        return []
    out: list[str] = []
    start = 0
    for m in _SENT_END.finditer(text):
        left = text[start:m.start()]
        if _ABBREV.search(left):
            continue
        out.append(left)
        start = m.end()
    out.append(text[start:])
    return [s.strip() for s in out if s.strip()]


def parse_row(text: str) -> tuple[str, dict[str, str]]:
    """``"Title — a: 1; b: 2"`` -> ``("Title", {"a": "1", "b": "2"})``."""
    title, sep, body = text.partition(" — ")
    if not sep:
        title, body = "", text
    fields: dict[str, str] = {}
    matches = list(_ROW_FIELD.finditer(body))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(body)
        key = m.group(1).strip()
        val = body[m.end():end].strip().rstrip(";").strip()
        if key and key not in fields:
            fields[key] = val
    return title.strip(), fields


@lru_cache(maxsize=20000)
def _parse_row_cached(text: str) -> tuple[str, dict[str, str]]:
    return parse_row(text)


def _pick(fields: dict[str, str], names: tuple[str, ...]) -> str | None:
    low = {k.lower(): k for k in fields}
    for n in names:
        if n in low:
            return low[n]
    return None


@dataclass
class Unit:
    """One candidate piece of evidence: a sentence of a text chunk or a table row."""

    hit: Hit
    rank: int                      # rank of the hit (0 = best)
    text: str                      # verbatim sentence / the row text
    kind: str                      # "sentence" | "row"
    index: int = 0                 # sentence number within the chunk
    fields: dict[str, str] = field(default_factory=dict)
    measure: str = ""
    value: str = ""
    unit: str = ""
    year_text: str = ""
    match_text: str = ""           # text used for term coverage (rows: without notes/urls)
    numbers: list[NumberMention] = field(default_factory=list)
    years: set[int] = field(default_factory=set)        # years it is about (ranges expanded)
    exact_years: set[int] = field(default_factory=set)  # years written as such (not via a range)
    # filled by scoring
    score: float = 0.0
    coverage: float = 0.0
    covered: set[str] = field(default_factory=set)
    figures: list[str] = field(default_factory=list)

    @property
    def passage(self) -> Passage:
        return self.hit.passage


def _year_range(text: str) -> set[int]:
    ys = {int(y) for y in YEAR_RE.findall(text)}
    m = re.search(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b", text)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if a < b <= a + 30:
            ys |= set(range(a, b + 1))
    return ys


@lru_cache(maxsize=20000)
def _numbers_cached(text: str) -> tuple[NumberMention, ...]:
    return tuple(extract_numbers(text))


@lru_cache(maxsize=20000)
def _sentences_cached(text: str) -> tuple[tuple[str, tuple[NumberMention, ...], frozenset[int], frozenset[int]], ...]:
    out = []
    for s in split_sentences(text):
        out.append((s, tuple(extract_numbers(s)), frozenset(_year_range(s)),
                    frozenset(int(y) for y in YEAR_RE.findall(s))))
    return tuple(out)


def build_units(hits: list[Hit], max_hits: int = 8) -> list[Unit]:
    """Split the top hits into sentences (text) and rows (tables)."""
    units: list[Unit] = []
    for rank, h in enumerate(hits[:max_hits]):
        p = h.passage
        if p.kind == "table_row":
            title, fields = _parse_row_cached(p.text)
            mk, vk, uk, yk = (_pick(fields, ROW_MEASURE), _pick(fields, ROW_VALUE),
                              _pick(fields, ROW_UNIT), _pick(fields, ROW_YEAR))
            keep = {k: v for k, v in fields.items() if k.lower() not in ROW_SKIP and not k.lower().endswith("_url")}
            match_text = " ; ".join(f"{v}" for v in keep.values())
            year_text = fields.get(yk, "") if yk else ""
            years = _year_range(year_text) if year_text else ({p.year} if p.year else set())
            exact = {int(y) for y in YEAR_RE.findall(year_text)} if year_text else set(years)
            if len(exact) > 1 and re.search(r"\d{4}\s*[-–]\s*\d{4}", year_text):
                exact = set()
            units.append(Unit(
                h, rank, p.text, "row", 0, fields,
                measure=fields.get(mk, "") if mk else "", value=fields.get(vk, "") if vk else "",
                unit=fields.get(uk, "") if uk else "", year_text=year_text,
                match_text=match_text, numbers=list(_numbers_cached(fields.get(vk, "") if vk else match_text)),
                years=years, exact_years=exact,
            ))
        else:
            for i, (s, nums, yrs, exact) in enumerate(_sentences_cached(p.text)):
                units.append(Unit(h, rank, s, "sentence", i, match_text=s, numbers=list(nums),
                                  years=set(yrs), exact_years=set(exact)))
    return units


# --------------------------------------------------------------------------- scoring

@lru_cache(maxsize=65536)
def _keys_of(text: str) -> frozenset[str]:
    """Stem keys of a text (cached: passages recur from question to question)."""
    out: set[str] = set()
    for tok in tokens(text):
        out.update(stem_keys(tok))
        if "-" in tok:
            for part in tok.split("-"):
                if part:
                    out.update(stem_keys(part))
    return frozenset(out)


@lru_cache(maxsize=65536)
def _prefixes(keys: frozenset[str]) -> frozenset[str]:
    """All prefixes (5+ letters) of the keys: for compound matching."""
    out = set()
    for k in keys:
        for i in range(5, len(k) + 1):
            out.add(k[:i])
    return frozenset(out)


def _covered(q: Question, keys) -> set[str]:
    """The question terms found in ``keys`` (stem keys of a text)."""
    keys = keys if isinstance(keys, frozenset) else frozenset(keys)
    prefixes = None
    covered = set()
    for term, ks in q.keys.items():
        if ks & keys:
            covered.add(term)
            continue
        if any(all(w & keys for w in phr) for phr in q.phrases.get(term, ())):
            covered.add(term)
            continue
        # Dutch compounds: "monitorpagina" covers "monitor", "migratieachtergrond" covers
        # "migratie"; a term's stem may start a longer word, or a word may start the term
        stem = min(ks, key=len)
        if len(stem) >= 5:
            if prefixes is None:
                prefixes = _prefixes(keys)
            if stem in prefixes or any(stem[:i] in keys for i in range(max(5, int(0.6 * len(stem) + 0.5)), len(stem))):
                covered.add(term)
    return covered


def answer_numbers(u: Unit, q: Question) -> list[NumberMention]:
    """The numbers of a unit that can be the answer: not a year or number the question
    itself names (unless the question asks for a year or date)."""
    out = []
    for m in u.numbers:
        if m.kind in ("date", "day"):
            if q.wants_date or q.wants_year:
                out.append(m)
            continue
        if m.canon in q.numbers:
            continue
        if m.kind == "number" and m.canon.isdigit() and YEAR_RE.fullmatch(m.canon):
            if int(m.canon) in q.years:
                continue
            if not (q.wants_year or q.wants_date) and q.wants_number and u.kind == "sentence":
                continue
        if q.wants_year and not q.wants_number and not (m.canon.isdigit() and YEAR_RE.fullmatch(m.canon)):
            continue
        out.append(m)
    if u.kind == "row" and not out and u.value:
        # a row's value that is no number ("Italian", "I Wish I Knew") is its answer
        return []
    return out


def score_units(units: list[Unit], q: Question, source_hint_sources: set[str] | None = None) -> list[Unit]:
    """Score every unit for ``q`` (higher is better) and return them best first."""
    if not units:
        return []
    top = max(u.hit.score for u in units) or 1.0
    tw = q.total_weight
    hint = source_hint_sources or set()
    for u in units:
        p = u.passage
        keys = _keys_of(u.match_text)
        cov_terms = _covered(q, keys)
        ctx_keys = _keys_of(" ".join(x for x in (p.title, p.section or "") if x))
        ctx_terms = _covered(q, ctx_keys) - cov_terms
        cov = sum(q.weights[t_] for t_ in cov_terms) / tw
        ctx = 0.5 * sum(q.weights[t_] for t_ in ctx_terms) / tw
        u.covered = cov_terms | ctx_terms
        u.coverage = min(1.0, cov + ctx)
        retr = u.hit.score / top
        s = 0.6 * u.coverage + 0.4 * retr
        nums = answer_numbers(u, q)
        if (q.wants_year or q.wants_date) and not q.wants_number:
            s += 0.15 if nums else -0.3
        if q.wants_number:
            if nums and q.counted and not q.wants_percent and all(
                    m.percent or "percent" in u.unit.lower() for m in nums):
                s -= 0.1  # "hoeveel studenten" asks for a count, not a share
            if nums:
                s += 0.15
                if q.wants_percent and (any(m.percent for m in nums) or "percent" in u.unit.lower()):
                    s += 0.1
                if q.wants_ratio and any(m.kind == "ratio" for m in nums):
                    s += 0.1
            else:
                s -= 0.3
        if q.wants_year or q.wants_date:
            if any(m.kind == "date" or (m.canon.isdigit() and YEAR_RE.fullmatch(m.canon)) for m in nums):
                s += 0.1
        data_years = q.years - q.hint_years
        if data_years:
            explicit = u.exact_years if u.years else ({p.year} if p.year else set())
            if explicit & data_years:
                s += 0.12
            elif u.years & data_years:
                s += 0.05  # inside a range ("2016-2022")
            elif u.years:
                s -= 0.15
        if q.numbers and any(m.canon in q.numbers for m in u.numbers):
            s += 0.1
        if q.definition and _defines(u.text, q.definition):
            s += 0.25
        if q.counted and q.wants_number and q.counted in q.keys and q.counted not in cov_terms:
            s -= 0.1
        if hint and p.source in hint:
            s += 0.1
        if (p.language or "") == q.language:
            s += 0.05  # same language reads better; a tie goes to it
        u.figures = [m.text for m in nums]
        u.score = s
    return sorted(units, key=lambda u: (-u.score, u.rank, u.index))


def _defines(text: str, term: str) -> bool:
    """Whether a sentence reads as a definition of ``term`` ("Internationals zijn alle
    inwoners ...", "An international is ...")."""
    stem = stem_keys(term)[0]
    m = re.match(r"\s*(?:(?:de|het|een|the|an?)\s+)?([\w-]+)\s+(?:zijn|is|are|betekent|means|omvat|includes)\b",
                 text, re.I)
    return bool(m) and stem in stem_keys(m.group(1).lower())


@dataclass
class Evidence:
    """The units chosen to answer, best first, and all scored units (for the gate)."""

    chosen: list[Unit]
    ranked: list[Unit]

    @property
    def best(self) -> Unit | None:
        return self.chosen[0] if self.chosen else None


def _is_list_item(text: str) -> bool:
    t = text.strip()
    return bool(t) and (t.endswith((";", ":", ",")) or t[:1].islower() or not t.endswith((".", "!", "?", "”", '"', ")")))


def _list_siblings(best: Unit, units: list[Unit]) -> list[Unit]:
    """The items of the list that ``best`` belongs to or stands just before: chunks of the
    same source and section that read as list items (ending in ";", starting in lower
    case), with the line ending in ":" that announces them, such as the points under
    "De komende jaren willen we:"."""
    p = best.passage
    if not p.section:
        return []
    same = {}
    for u in units:
        if u.index == 0 and u.passage.source == p.source and u.passage.section == p.section:
            same.setdefault(u.passage.position, u)
    if p.position not in same:
        same[p.position] = best
    # the list header: the best chunk itself, or a chunk ending in ":" just after it
    start = None
    if _is_list_item(p.text):
        start = p.position
        while start - 1 in same and _is_list_item(same[start - 1].passage.text):
            start -= 1
    else:
        for d in (1, 2, 3):
            u = same.get(p.position + d)
            if u is not None and u.passage.text.rstrip().endswith(":"):
                start = p.position + d
                break
    if start is None:
        return []
    out = []
    pos = start
    while pos in same and _is_list_item(same[pos].passage.text) and len(out) < 12:
        if same[pos].passage.id != p.id:
            out.append(same[pos])
        pos += 1
    return out


def select_evidence(units: list[Unit], q: Question, *, max_units: int = 3,
                    source_hint_sources: set[str] | None = None,
                    neighbours: list[Unit] | None = None) -> Evidence:
    """Choose the evidence: the best unit, plus units that cover question terms the best
    one misses (a two-part question), plus, for list questions, the other items of the
    same list. ``neighbours`` are extra units (e.g. sibling list items not retrieved)."""
    ranked = score_units(units, q, source_hint_sources)
    if not ranked:
        return Evidence([], [])
    best = ranked[0]
    chosen = [best]
    covered = set(best.covered)
    fig_seen = {(best.passage.id, f) for f in best.figures}
    for u in ranked[1:]:
        if len(chosen) >= max_units:
            break
        if u.score < best.score - 0.2 or u.score < 0.35:
            break
        if u.coverage < 0.6 * best.coverage:
            continue
        new_terms = {t_ for t_ in u.covered - covered if q.weights.get(t_, 0) >= 0.5}
        if not new_terms:
            continue
        if q.wants_number and not answer_numbers(u, q):
            continue
        data_years = q.years - q.hint_years
        if data_years and u.years and not (u.years & data_years):
            continue  # a figure for another year is no part of this answer
        have = {m.canon for x in chosen for m in answer_numbers(x, q)}
        mine = {m.canon for m in answer_numbers(u, q)}
        if mine and mine <= have:
            continue  # the same figure again (the table repeating the page)
        if any(x.passage.id == u.passage.id and x.index == u.index for x in chosen):
            continue
        chosen.append(u)
        covered |= u.covered
        fig_seen |= {(u.passage.id, f) for f in u.figures}
    # a short lead-in sentence ("Internationalisering heeft meer dan alleen een
    # economische betekenis.") is followed by what it announces: quote the next one too
    if not (q.wants_number or q.wants_year or q.wants_date) and best.kind == "sentence" \
            and len(best.text.split()) < 12:
        nxt = next((u for u in units if u.passage.id == best.passage.id and u.index == best.index + 1), None)
        if nxt is not None and nxt not in chosen:
            chosen.insert(1, nxt)
    if q.wants_list and best.kind == "sentence":
        pool = list(units) + list(neighbours or [])
        sib = _list_siblings(best, pool)
        if sib:
            ids = {u.passage.id for u in chosen}
            items = [best] + [u for u in sib if u.passage.id not in ids]
            items.sort(key=lambda u: u.passage.position)
            chosen = items[:8] + [u for u in chosen if u is not best and u not in items]
    return Evidence(chosen, ranked)


# --------------------------------------------------------------------------- writing

_MODIFIERS = re.compile(
    r"(?:\b(?:meer dan|minder dan|ruim|bijna|ongeveer|circa|ca\.|zo'n|rond|ten minste|minstens|"
    r"more than|less than|over|almost|nearly|about|around|approximately|at least|some)\s+)$", re.I)


def figure_text(u: Unit, m: NumberMention, language: str) -> str:
    """A figure as written in its sentence, with a modifier before it ("meer dan") and
    digits after a number in words ("meer dan achthonderd (800)")."""
    s = u.text
    before = s[max(0, m.start - 20):m.start]
    mod = _MODIFIERS.search(before)
    lead = mod.group(0) if mod else ""
    txt = m.text
    if m.words:
        txt = digits_for_words(txt, language)
    return (lead + txt).strip()


def _figures_asked(u: Unit, nums: list[NumberMention], q: Question) -> list[NumberMention]:
    """Of several figures in one sentence, those whose own words match the question:
    "migratieachtergrond (32%), een niet-Nederlandse nationaliteit (12%)" answers a
    question about nationality with 12%, one about both with both."""
    if len(nums) < 2:
        return nums
    text = u.text
    # words that name the source ("visie internationalisering") do not tell its figures apart
    in_title = _covered(q, _keys_of(u.passage.title or ""))
    # the clause of each figure: between the nearest "," ";" or ":" around it
    cuts = [0] + [m.end() for m in re.finditer(r"[,;:]\s", text)] + [len(text)]
    scores = []
    for m in nums:
        start = max(c for c in cuts if c <= m.start)
        end = min((c for c in cuts if c >= m.end), default=len(text))
        cov = _covered(q, _keys_of(text[start:end]))
        scores.append(sum(q.weights[t_] for t_ in cov - in_title if q.weights.get(t_, 0) >= 0.5))
    top = max(scores)
    if top <= 0:
        return nums
    return [m for m, sc in zip(nums, scores) if (sc > 0 and sc >= 0.2 * top) or (m.kind == "ratio" and q.wants_ratio)]


def short_title(p: Passage) -> str:
    title = (p.title or p.source or "").strip()
    head = title.split(":")[0].strip() if ":" in title and len(title.split(":")[0]) >= 12 else title
    return head


def row_line(u: Unit, language: str) -> str:
    """A table row as "measure (year): value unit"."""
    if u.measure or u.value:
        unit = unit_label(u.unit, language)
        value = u.value
        if unit and unit.lower() in value.lower():
            unit = ""
        year = f" ({u.year_text})" if u.year_text else ""
        measure = u.measure or ", ".join(f"{k}: {v}" for k, v in u.fields.items()
                                         if k.lower() not in ROW_SKIP and v != u.value)
        return f"{_quote(measure)}{year}: {_value_text(value)}{(' ' + unit) if unit else ''}".strip()
    keep = [f"{k}: {v}" for k, v in u.fields.items() if k.lower() not in ROW_SKIP and not k.lower().endswith("_url")]
    return "; ".join(keep) or u.text


def _quote(text: str) -> str:
    return f"„{text}”"


def _value_text(value: str) -> str:
    """A table value as written; words in it ("Italian", "record number") are quoted as
    the source's own, numbers are not."""
    return _quote(value) if re.search(r"[A-Za-zÀ-ÿ]{3,}", value) else value


_QPREFIX = re.compile(
    r"^\s*(?:(?:and|en|so|dus|ok|oké|okay)\s*,?\s+)?(?:according to [^,?]+,\s*|volgens [^,?]+,\s*)?", re.I)


def question_subject(question: str) -> str:
    """The question as a lower-case phrase without its question mark ("how many
    Ukrainians moved to Leiden in 2022")."""
    s = _QPREFIX.sub("", question.strip())
    s = s.rstrip(" ?!.")
    return s[:1].lower() + s[1:] if s else s


@dataclass
class Composed:
    text: str
    units: list[Unit]              # in citation order: units[i] has marker i+1 (by passage)
    passages: list[Passage]        # cited passages, passages[i] is [i+1]


def compose(evidence: Evidence, q: Question, language: str) -> Composed:
    """Write the answer for the chosen evidence. Markers number the cited passages in
    order of first use."""
    order: list[Passage] = []
    marker: dict[str, int] = {}

    def mark(p: Passage) -> str:
        if p.id not in marker:
            order.append(p)
            marker[p.id] = len(order)
        return f"[{marker[p.id]}]"

    units = evidence.chosen
    if not units:
        return Composed("", [], [])
    multi_source = len({u.passage.source for u in units}) > 1
    # --- lead
    fig_parts: list[str] = []
    for u in units:
        if u.kind == "row":
            nums = answer_numbers(u, q)
            if q.wants_number and not nums:
                continue
            if not u.value:
                continue
            asks_figure = q.wants_number or q.wants_year or q.wants_date
            if not asks_figure and (u.numbers or u is not units[0]):
                continue  # a figure nobody asked for is no lead
            unit = unit_label(u.unit, language)
            val = _value_text(u.value) + (f" {unit}" if unit and unit.lower() not in u.value.lower() else "")
            fig_parts.append(f"{val} {mark(u.passage)}")
        else:
            nums = answer_numbers(u, q)
            if not nums or not (q.wants_number or q.wants_year or q.wants_date):
                continue
            if q.wants_percent and any(m.percent for m in nums):
                nums = [m for m in nums if m.percent] + [m for m in nums if not m.percent and m.kind == "ratio"]
            nums = _figures_asked(u, nums, q)
            figs = [figure_text(u, m, language) for m in nums[:3]]
            src = f" ({t('from_source', language, title=short_title(u.passage))})" if multi_source else ""
            fig_parts.append(f"{_join(figs, language)}{src} {mark(u.passage)}")
    lines: list[str] = []
    first_dutch = any(u.kind == "sentence" and (u.passage.language or "nl") != language for u in units)
    if fig_parts:
        figures = _join(fig_parts, language)
        if language == "en" and first_dutch:
            lines.append(t("answer_to", language, subject=question_subject(q.text), figures=figures))
        elif all(u.kind == "row" for u in units):
            lines.append(t("answer_is_table", language, figures=figures))
        else:
            lines.append(t("answer_is", language, figures=figures))
    else:
        p = units[0].passage
        key = "found_in_dutch" if (language == "en" and (p.language or "nl") != "en") else "found_in"
        lines.append(t(key, language, title=short_title(p)))
    # --- evidence, verbatim
    for u in units:
        m = mark(u.passage)
        if u.kind == "row":
            line = row_line(u, language)
            row_lang = u.passage.language or "en"
            if row_lang != language:
                line = t("row_english" if row_lang == "en" else "row_dutch", language, row=line)
            lines.append(f"- {line} {m}")
        else:
            quote = _quote(u.text)  # verbatim; the lead sentence carries the digits
            src_lang = u.passage.language or "nl"
            if src_lang != language:
                quote = t("quote_dutch" if src_lang == "nl" else "quote_english", language, quote=quote)
            lines.append(f"- {quote} {m}")
    return Composed("\n".join(lines), units, order)


def _join(parts: list[str], language: str) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {t('and', language)} " + parts[-1]

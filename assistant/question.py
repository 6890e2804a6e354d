"""What a question asks for, read without a model: its key terms (weighted by how rare
they are in the corpus), the years and numbers it names, the kind of answer it wants
(a number, a percentage, a ratio, a year or date, a list), and hints at a source
("volgens de visie", "according to the 2023 monitor page").

    >>> q = analyze("Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?", "nl")
    >>> q.years, q.wants_number
    ({2022}, True)
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from .language import STOPWORDS, phrase_translations, stem_keys, tokens
from .numbers import extract_numbers

YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")

# Words that say what kind of answer is wanted; they are not content to be matched.
_NUMBER_CUES = re.compile(
    r"\b(hoeveel|how many|how much|aantal|number of|welk percentage|what percentage|"
    r"which percentage|hoeveel procent|what share|which share|welk deel|what proportion|"
    r"percentage|procent|percent|share of|aandeel|hoe groot|how large|how big|how old|hoe oud)\b", re.I)
_PERCENT_CUES = re.compile(r"(percentage|procent|percent|\bshare\b|aandeel|welk deel|what proportion|%)", re.I)
_RATIO_CUES = re.compile(r"(op de zoveel|één op de|een op de|one in|1 in|1 op|ratio|verhouding|in how many)", re.I)
_YEAR_CUES = re.compile(r"\b(in (which|what) year|welk jaar|in welk jaar|what year|which year|sinds wanneer|since when|"
                        r"when did .* (start|begin)|wanneer (begon|startte|is .* begonnen))\b", re.I)
_DATE_CUES = re.compile(r"\b(wanneer|when|datum|date|on which day|op welke dag)\b", re.I)
_LIST_CUES = re.compile(
    r"\b(noem|list|what are|wat zijn|name the|punten|points|"
    r"(?:met |with )?welke\s+(?:\w+e\s+){0,3}\w+en\b|"
    r"(?:with )?which\s+(?:(?:two|three|four|five|new|other|main)\s+)?\w+s\b)", re.I)
_SOURCE_CUES = re.compile(
    r"\b(?:volgens|according to|in|on|op|from|uit)\s+(?:de|het|the|its)?\s*((?:[\w'-]+\s+){0,4}?"
    r"(?:page|pagina|[\w-]*pagina|monitor|visie|vision|report|rapport|table|tabel|survey|enquête|website|site)"
    r"(?:\s+(?:internationalisering|internationalisation|\d{4}))*)", re.I)

# Generic words of questions that carry no subject ("page", "meant", "kind") and weigh little.
GENERIC = frozenset("""
page pagina site website according volgens meant kind kinds type types
say says said state states stated mention mentioned document documents source sources bron
bronnen leiden leidse leidenaren gemeente municipality city stad figure figures cijfer cijfers
vraag question answer antwoord called heet heette genoemd named name naam
percentage procent percent aantal number numbers
""".split())
GENERIC_KEYS = frozenset(k for w in GENERIC for k in stem_keys(w))


UNKNOWN_WEIGHT = 2.0


def _is_number_word(tok: str) -> bool:
    from .numbers import _en_word_value, parse_dutch_number_word

    return parse_dutch_number_word(tok) is not None or _en_word_value(tok) is not None or tok.endswith(("th", "ste", "de")) and tok[:-2].isdigit()


@dataclass
class Question:
    text: str
    language: str
    terms: list[str]                      # content tokens, in order
    keys: dict[str, set[str]]             # token -> stem keys that match it (incl. translations)
    weights: dict[str, float]             # token -> weight (idf; generic words low)
    years: set[int] = field(default_factory=set)
    phrases: dict[str, list] = field(default_factory=dict)  # token -> multi-word translations
    numbers: set[str] = field(default_factory=set)   # canonical numbers other than years
    wants_number: bool = False
    wants_percent: bool = False
    wants_ratio: bool = False
    wants_year: bool = False
    wants_date: bool = False
    wants_list: bool = False
    source_hint: str = ""
    hint_years: set[int] = field(default_factory=set)  # years inside the source hint ("monitor 2023")
    entities: list[str] = field(default_factory=list)  # capitalised names in the question
    counted: str | None = None     # the term a "how many / hoeveel" question counts
    definition: str | None = None  # the term a definition question asks about

    @property
    def total_weight(self) -> float:
        return sum(self.weights.values()) or 1.0


class TermStats:
    """Document frequencies of stem keys over the corpus (for idf weights).

    Built once at start-up from all chunk texts; ``idf(key)`` is high for rare keys
    and highest for keys the corpus never has."""

    def __init__(self, texts: list[str] | None = None):
        self.df: dict[str, int] = {}
        self.n = 0
        for t in texts or []:
            self.add(t)

    def add(self, text: str) -> None:
        self.n += 1
        seen: set[str] = set()
        for tok in tokens(text):
            for part in [tok] + (tok.split("-") if "-" in tok else []):
                seen.update(stem_keys(part))
        for k in seen:
            self.df[k] = self.df.get(k, 0) + 1

    def idf(self, keys: set[str] | tuple[str, ...]) -> float:
        if self.n == 0:
            return 1.0
        df = max((self.df.get(k, 0) for k in keys), default=0)
        return math.log((self.n + 1) / (df + 0.5))

    def known(self, keys) -> bool:
        return any(k in self.df for k in keys)


_COUNT_CUE = re.compile(r"\b(?:hoeveel|how many|how much|aantal|number of)\s+(.*)", re.I)
_DEF_CUE = re.compile(
    r"\b(?:wie|wat)\s+(?:rekent|telt|verstaat|noemt)\b.*?\btot\s+(?:de|het)?\s*['\"‘“]?([\w-]+)"
    r"|\bwho\s+(?:counts|count|is counted)\s+as\s+(?:an?\s+)?['\"‘“]?([\w-]+)"
    r"|^\s*(?:what|wat)\s+(?:is|are|zijn|betekent|means?)\s+(?:an?|een|de|het|the)?\s*['\"‘“]?([\w-]+)['\"’”]?\s*\??\s*$",
    re.I)
_COUNT_SKIP = frozenset("procent percent percentage aantal number share deel aandeel van of de het the".split())


def _counted(text: str) -> str | None:
    m = _COUNT_CUE.search(text)
    if not m:
        return None
    for tok in tokens(m.group(1)):
        if tok in _COUNT_SKIP or tok in STOPWORDS or YEAR_RE.fullmatch(tok) or tok.isdigit():
            continue
        return tok
    return None


def _definition(text: str) -> str | None:
    m = _DEF_CUE.search(text)
    if not m:
        return None
    word = next((g for g in m.groups() if g), None)
    return word.lower() if word else None


def _acronyms(text: str) -> list[tuple[list[str], str]]:
    """Runs of two or more capitalised words and their acronym ("International School
    Leiden" -> "isl")."""
    out = []
    for m in re.finditer(r"\b([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)+)", text):
        words = m.group(1).split()
        out.append(([w.lower() for w in words], "".join(w[0] for w in words).lower()))
    return out


def _entities(text: str) -> list[str]:
    out = []
    words = re.findall(r"[\w'’-]+", text)
    for i, w in enumerate(words):
        if i == 0:
            continue
        if (w[:1].isupper() and w.lower() not in STOPWORDS) or (w.isupper() and len(w) > 1):
            if w.lower() in ("leiden", "leidse", "leidenaren", "i"):
                continue
            out.append(w)
    return out


_EXCLUDED = re.compile(r"\b(?:apart from|other than|except(?: for)?|behalve|afgezien van|buiten)\b([^,?]*),?", re.I)


def analyze(text: str, language: str, stats: TermStats | None = None) -> Question:
    """Read ``text`` (already merged with the conversation) as a :class:`Question`.

    A clause that sets something aside ("Apart from the Ukrainians who arrived in 2022,
    ...") does not name what is asked: its years are not required and its words weigh
    half."""
    low = text.lower()
    excluded = " ".join(m.group(1) for m in _EXCLUDED.finditer(text))
    excluded_toks = set(tokens(excluded))
    years = {int(y) for y in YEAR_RE.findall(_EXCLUDED.sub(" ", text))}
    nums = set()
    for m in extract_numbers(text):
        if m.kind == "number" and m.canon.isdigit() and int(m.canon) in years:
            continue
        if m.kind == "date":
            continue
        nums.add(m.canon)
    terms: list[str] = []
    keys: dict[str, set[str]] = {}
    phrases: dict[str, list[tuple[frozenset[str], ...]]] = {}
    weights: dict[str, float] = {}
    toks = tokens(text)
    # glossary translations, phrase-aware ("migration background" -> migratieachtergrond)
    extra: dict[int, set[str]] = {}
    extra_phr: dict[int, list[tuple[frozenset[str], ...]]] = {}
    for i, n, trs in phrase_translations(toks):
        ks: set[str] = set()
        phr: list[tuple[frozenset[str], ...]] = []
        for tr in trs:
            tts = [tt for tt in tokens(tr) if tt not in STOPWORDS]
            if len(tts) == 1:
                ks.update(stem_keys(tts[0]))
            elif tts:
                # a translation of several words matches only as a whole
                phr.append(tuple(frozenset(stem_keys(tt)) for tt in tts))
        for j in range(i, i + n):
            extra.setdefault(j, set()).update(ks)
            extra_phr.setdefault(j, []).extend(phr)
    for words, acro in _acronyms(text):
        for i in range(len(toks) - len(words) + 1):
            if toks[i:i + len(words)] == words:
                for j in range(i, i + len(words)):
                    extra.setdefault(j, set()).add(acro)
    for idx, tok in enumerate(toks):
        if tok in STOPWORDS or len(tok) < 2:
            continue
        if YEAR_RE.fullmatch(tok) or tok.isdigit() or _is_number_word(tok):
            continue
        if tok in keys:
            continue
        ks = set(stem_keys(tok))
        if "-" in tok:
            for part in tok.split("-"):
                if part and part not in STOPWORDS:
                    ks.update(stem_keys(part))
        ks |= extra.get(idx, set())
        terms.append(tok)
        keys[tok] = ks
        if extra_phr.get(idx):
            phrases[tok] = extra_phr[idx]
        own = set(stem_keys(tok))
        if own & GENERIC_KEYS or tok in GENERIC:
            w = 0.15
        elif stats is not None and stats.n:
            if stats.known(ks):
                w = max(0.3, stats.idf(ks))
            else:
                # a word the corpus never uses: the subject of an off-topic question
                # ("burgemeester") or just a verb of the question ("bereiken"); it
                # weighs like a fairly rare word, not like the rarest
                w = UNKNOWN_WEIGHT
        else:
            w = 1.0
        if tok in excluded_toks:
            w *= 0.5
        weights[tok] = w
    src = ""
    m = _SOURCE_CUES.search(text)
    if m:
        src = m.group(1).strip()
    wants_percent = bool(_PERCENT_CUES.search(low))
    wants_ratio = bool(_RATIO_CUES.search(low))
    wants_year = bool(_YEAR_CUES.search(low))
    wants_date = bool(_DATE_CUES.search(low)) and not wants_year
    return Question(
        text=text, language=language, terms=terms, keys=keys, weights=weights, years=years,
        phrases=phrases,
        numbers=nums, wants_number=bool(_NUMBER_CUES.search(low)) or wants_percent or wants_ratio,
        wants_percent=wants_percent, wants_ratio=wants_ratio, wants_year=wants_year,
        wants_date=wants_date, wants_list=bool(_LIST_CUES.search(low)), source_hint=src,
        hint_years={int(y) for y in YEAR_RE.findall(src)},
        counted=_counted(text), definition=_definition(text),
        entities=[e for e in _entities(text) if not (set(tokens(e)) & excluded_toks)],
    )

"""Follow-up questions, merged with the conversation without a model.

"Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?" followed by "en in 2021?" is
searched as "Hoeveel Oekraïners kwamen er in 2021 in Leiden wonen?"; "And the Poles?"
after "How many Ukrainians moved to Leiden in 2022?" becomes "How many Poles moved to
Leiden in 2022?". The rules:

* a question is a follow-up when it is short (at most ``max_words`` words) and either
  starts like one ("en", "and", "what about", "hoe zit het met", "idem voor") or has
  no question word or verb of its own ("2021?", "TISA?");
* the previous (already merged) question is the base; years in the follow-up replace
  the base's years (or are added with "in"); a group or name in the follow-up replaces
  the base's group of the same kind (nationalities, groups of people) or, failing that,
  its last name;
* anything else is appended to the base.

``history`` may be a list of strings (earlier questions), of dicts with "role"/"content"
(chat messages; user turns are used) or "question"/"resolved_question", or of Answers.

    >>> resolve("en in 2021?", ["Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?"])
    'Hoeveel Oekraïners kwamen er in 2021 in Leiden wonen?'
"""
from __future__ import annotations

import re
from typing import Any, Sequence

from .language import STOPWORDS, tokens

YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")

_FOLLOW_START = re.compile(
    r"^\s*(?:en|and|maar|but|ook|also|idem|what about|how about|and what about|en wat dacht je van|"
    r"hoe zit het met|en hoe zit het met|wat dan met|en voor|and for|en in|and in|en bij|and at|"
    r"same for|hetzelfde voor|en de|and the|en het|en van|and of)\b[\s,]*", re.I)
_QWORDS = re.compile(
    r"\b(hoeveel|hoe|wat|welk|welke|wie|waar|wanneer|waarom|how|what|which|who|where|when|why|"
    r"is|zijn|are|was|were|heeft|hebben|has|have|did|does|do|kan|can)\b", re.I)

# Groups that a follow-up may swap ("en de Polen?"): nationalities and kinds of residents.
GROUPS = [
    r"oekraïners?|oekraïense|ukrainians?|polen|poolse|poles|polish|italianen|italiaanse|italians?|"
    r"marokkanen|marokkaanse|moroccans?|duitsers|duitse|germans?|britten|britse|british|"
    r"syriërs|syrische|syrians?|turken|turkse|turks|amerikanen|americans?|chinezen|chinese|"
    r"indiërs|indiase|indians?|spanjaarden|spaanse|spanish|fransen|franse|french|"
    r"nederlanders|nederlandse|dutch|niet-nederlandse|non-dutch",
    r"studenten|students|kenniswerkers|knowledge workers|expats|arbeidsmigranten|labour migrants|"
    r"labor migrants|vluchtelingen|refugees|asielzoekers|asylum seekers|statushouders|status holders|"
    r"internationals|inwoners|residents|inhabitants|leerlingen|pupils|medewerkers|staff|employees",
]
_GROUP_RES = [re.compile(rf"\b({g})\b", re.I) for g in GROUPS]


def _history_questions(history: Sequence[Any] | None) -> list[tuple[str, str | None]]:
    """(question, language) of earlier user turns, oldest first."""
    out: list[tuple[str, str | None]] = []
    for item in history or []:
        if isinstance(item, str):
            out.append((item, None))
        elif isinstance(item, dict):
            role = item.get("role")
            if role is not None and role != "user":
                if out and item.get("language"):
                    out[-1] = (out[-1][0], item.get("language"))
                continue
            q = item.get("resolved_question") or item.get("question") or item.get("content")
            if q:
                out.append((str(q), item.get("language")))
        else:
            q = getattr(item, "resolved_question", None) or getattr(item, "question", None)
            if q:
                out.append((str(q), getattr(item, "language", None)))
    return out


def previous_language(history: Sequence[Any] | None) -> str | None:
    qs = _history_questions(history)
    for _q, lang in reversed(qs):
        if lang in ("nl", "en"):
            return lang
    return None


def is_followup(question: str, max_words: int = 6) -> bool:
    words = tokens(question)
    if not words or len(words) > max_words:
        return False
    if _FOLLOW_START.match(question):
        return True
    # no question word or verb: a bare subject or year ("2021?", "TISA?")
    return not _QWORDS.search(question)


def _strip_lead(question: str) -> str:
    s = _FOLLOW_START.sub("", question.strip(), count=1)
    return s.strip(" ?!.,")


def merge(base: str, followup: str) -> str:
    """Merge a short follow-up into the base question (see module docstring)."""
    rest = _strip_lead(followup)
    merged = base.strip()
    f_years = YEAR_RE.findall(rest)
    if f_years:
        b_years = YEAR_RE.findall(merged)
        if b_years:
            # replace the base's years in order; extra follow-up years are appended
            for i, y in enumerate(b_years):
                merged = re.sub(rf"\b{y}\b", f_years[min(i, len(f_years) - 1)], merged, count=1)
        else:
            merged = _append(merged, "in " + " ".join(f_years))
        rest = YEAR_RE.sub("", rest)
        rest = re.sub(r"\b(in|op|for|voor|van|of|het jaar|the year|jaar|year)\b", " ", rest, flags=re.I)
    rest = " ".join(rest.split()).strip(" ,")
    if not rest or all(t in STOPWORDS for t in tokens(rest)):
        return merged
    for rx in _GROUP_RES:
        fm = rx.search(rest)
        if fm:
            bm = rx.search(merged)
            if bm:
                merged = merged[:bm.start()] + fm.group(1) + merged[bm.end():]
                return merged
    # a name replaces the base's last capitalised name (not its first word)
    if rest[:1].isupper():
        names = [m for m in re.finditer(r"(?<!^)\b([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)", merged)
                 if m.start() > 0 and m.group(1).lower() not in ("leiden",)]
        if names:
            m = names[-1]
            return merged[:m.start()] + rest + merged[m.end():]
    return _append(merged, rest)


def _append(base: str, extra: str) -> str:
    q = base.rstrip()
    mark = "?" if q.endswith("?") else ""
    q = q.rstrip("?").rstrip()
    return f"{q} {extra}{mark}"


def resolve(question: str, history: Sequence[Any] | None) -> str:
    """The question to search for: ``question`` itself, or merged with the last user
    question of ``history`` when it is a follow-up."""
    qs = _history_questions(history)
    if not qs or not is_followup(question):
        return question
    return merge(qs[-1][0], question)

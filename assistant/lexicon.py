"""Dutch <-> English word translations from general resources, never from a list kept
for one corpus.

Two sources, both optional:

* **FreeDict** Dutch-English and English-Dutch dictionaries, as Debian ships them
  (``dict-freedict-nld-eng``, ``dict-freedict-eng-nld``: dictd files in
  ``/usr/share/dictd``; ``make setup`` installs them). About 30 000 headwords, general
  vocabulary. Both directions are merged, and words are compared by their Snowball stems,
  so "vluchtelingen" finds "refugee" through the headword "vluchteling".
* a deployment's own **synonyms file** (setting ``synonyms_file``, ``VRAAGBAAK_SYNONYMS_FILE``; none by default),
  one group of equivalent words or phrases per line, comma-separated, as search engines
  take them (Solr's ``synonyms.txt``): ``afvalstoffenheffing, waste levy``.

Dutch compounds that the dictionary does not list are split into parts it does list
("migratieachtergrond" -> "migratie" + "achtergrond"), so their parts translate too.

A dictionary lists lemmas ("sterfgeval", "tellen"); the Snowball stems of some other
forms of a word differ from the lemma's ("sterfgevallen" -> "sterfgevall", "telde" ->
"teld"). The word forms of **simplemma**'s Dutch and English lemma dictionaries (a
package; no download) link such a form to its lemma, so that it translates as the
lemma does.

    >>> lex = Lexicon.from_entries([("vluchteling", "refugee"), ("aandeel", "share")])
    >>> sorted(lex.translate("vluchtelingen"))
    ['refuge', 'refugee']
"""
from __future__ import annotations

import gzip
import logging
import os
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from .language import STOPWORDS, fold, stem_keys, tokens

log = logging.getLogger(__name__)

DICTD_DIRS = (Path("/usr/share/dictd"),)
FREEDICT_FILES = ("freedict-nld-eng", "freedict-eng-nld")
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_PRON = re.compile(r"/[^/\n]*/")
_NUMBERED = re.compile(r"^\s*\d+\.\s*")
# a translation longer than this many words is a gloss, not a translation
MAX_PHRASE_WORDS = 3
MIN_PART = 4  # shortest compound part that is looked up


def _b64(s: str) -> int:
    v = 0
    for c in s:
        v = v * 64 + _B64.index(c)
    return v


def _norm(text: str) -> str:
    # FreeDict writes the Dutch "ij" as one ligature character (U+0133)
    return unicodedata.normalize("NFKC", text).lower().strip()


def read_dictd(name: str, dirs: Iterable[Path] = DICTD_DIRS) -> list[tuple[str, str]]:
    """(headword, translation) pairs of one dictd dictionary; [] when it is not installed."""
    for d in dirs:
        index, data = d / f"{name}.index", d / f"{name}.dict.dz"
        if not (index.is_file() and data.is_file()):
            continue
        raw = gzip.open(data).read()
        pairs: list[tuple[str, str]] = []
        for line in index.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) != 3 or parts[0].startswith("00"):
                continue
            head = _norm(parts[0])
            entry = raw[_b64(parts[1]):_b64(parts[1]) + _b64(parts[2])].decode("utf-8", "replace")
            body = entry.split("\n", 1)[1] if "\n" in entry else ""
            for ln in body.splitlines():
                ln = _PRON.sub("", _NUMBERED.sub("", ln))
                for tr in ln.split(","):
                    tr = _norm(tr)
                    if tr and len(tr.split()) <= MAX_PHRASE_WORDS:
                        pairs.append((head, tr))
        return pairs
    return []


def read_synonyms(path: str | Path | None) -> list[list[str]]:
    """Groups of equivalent terms from a synonyms file (``a, b, c`` per line; ``#``
    starts a comment). A missing or unreadable file gives no groups, with a warning."""
    if not path:
        return []
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        log.warning("synonyms file %s not read: %s", p, exc)
        return []
    groups = []
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        terms = [_norm(t) for t in re.split(r",|=>", line) if t.strip()]
        if len(terms) >= 2:
            groups.append(terms)
    return groups


# Dutch and English endings of one Latin or French suffix ("migratie" / "migration",
# "nationaliteit" / "nationality", "economisch" / "economic"): general correspondences of
# the two languages, as a stemmer's suffixes are. A word and its cognate are linked only
# when the dictionary has the cognate (see Lexicon.cognates).
COGNATE_ENDINGS = (
    ("atie", "ation"), ("tie", "tion"), ("sie", "sion"), ("iteit", "ity"), ("isch", "ic"), ("isch", "ical"),
    ("ief", "ive"), ("iek", "ic"), ("ie", "y"), ("aal", "al"), ("eel", "al"), ("uur", "ure"), ("isme", "ism"),
)
# plural endings taken off before the suffix is read ("nationaliteiten", "migraties", "nationalities")
_PLURALS = (("en", ""), ("s", ""), ("ies", "y"), ("es", ""))
MIN_COGNATE_STEM = 3


def cognate_forms(word: str) -> list[tuple[str, ...]]:
    """The forms ``word`` would have in the other language (COGNATE_ENDINGS), per form of
    the word (itself, then without a plural ending), longest ending first.

    >>> cognate_forms("nationaliteiten")
    [('nationality',)]
    >>> cognate_forms("capacity")
    [('capaciteit', 'capacitie')]
    """
    w = fold(word)
    forms = [w] + [w[: len(w) - len(p)] + r for p, r in _PLURALS if w.endswith(p) and len(w) - len(p) > 4]
    out = []
    for f in forms:
        choices = tuple(dict.fromkeys(
            f[: len(f) - len(a)] + b for nl, en in COGNATE_ENDINGS for a, b in ((nl, en), (en, nl))
            if f.endswith(a) and len(f) - len(a) >= MIN_COGNATE_STEM and f[: len(f) - len(a)] + b != w))
        if choices:
            out.append(choices)
    return out


MIN_ALIKE = 4  # shortest beginning two words share to begin alike
OVERSTEM = 0.4  # share of a word a stem may cut off and still key the lexicon (see _keys)


def begin_alike(a: str, b: str) -> bool:
    """Two words that begin the same for at least MIN_ALIKE letters and half the shorter
    one: the same word in the two languages ("Italian" / "Italiaanse", "nationaal" /
    "national").

    >>> begin_alike("italian", "italiaanse"), begin_alike("italian", "taal")
    (True, False)
    """
    a, b = fold(a), fold(b)
    n = len(os.path.commonprefix([a, b]))
    return n >= MIN_ALIKE and 2 * n >= min(len(a), len(b))


def _keys(word: str) -> tuple[str, ...]:
    """Both stems of one word (the lexicon is keyed by them), but for a stem that cuts off
    more than OVERSTEM of the word while the other does not: the English stemmer takes
    "international" to "intern", the stem of "internal", and the dictionary's "inner",
    "binnenlands" are no translations of it."""
    keys = stem_keys(word)
    if len(keys) < 2:
        return keys
    n = len(fold(word))
    kept = tuple(k for k in keys if len(k) >= (1 - OVERSTEM) * n)
    return kept or keys


class Lexicon:
    """Stem -> stems of translations (single words; phrases map to their words' stems
    as a group). Symmetric: a pair (nl, en) links both ways. Built with :meth:`add`; one
    read from the cache (:func:`load_lexicon`: tuples and a frozenset) is only read."""

    def __init__(self) -> None:
        self.single: dict[str, set[str]] = {}
        self.heads: set[str] = set()  # folded Dutch and English headwords, for decompounding
        self.lemmas: dict[str, tuple[str, ...]] = {}  # stem of a word form -> its lemma's stems
        # a word form whose stem is another headword's ("steden", plural of "stad", stems
        # as "steeds" does) -> its lemma
        self.form_lemma: dict[str, str] = {}
        # a phrase's word -> the one word the phrase translates, linked by :meth:`settle`
        # only when the phrase's word has no one-word translation ("people" in "old
        # people's home" is no "bejaardentehuis")
        self._back: list[tuple[str, str]] = []
        self._direct: set[str] = set()  # stems with a one-word translation

    @classmethod
    def from_entries(cls, pairs: Iterable[tuple[str, str]], groups: Iterable[list[str]] = ()) -> "Lexicon":
        lex = cls()
        for a, b in pairs:
            lex.add(a, b, defer=True)
        for g in groups:
            for x in g:
                for y in g:
                    if x != y:
                        lex.add(x, y)
        lex.settle()
        return lex

    def add(self, a: str, b: str, defer: bool = False) -> None:
        """Link ``a`` and ``b`` (words or short phrases). A one-word side links to every
        content word of the other side ("buitenland" -> "foreign country"), unless some
        of them are spelled like it: then to those alone, the rest says what kind of
        thing it is ("Italian" -> "Italiaanse taal" links "Italian" to "Italiaanse", not
        to "taal", language). Two phrases are not linked word by word, and a stop word
        is no translation: "per" -> "a" would make "per" match nearly every English
        passage. ``defer``: a word of the phrase is linked back to the one word only by
        :meth:`settle`, if it has no one-word translation of its own (the dictionary's
        entries; a synonyms file's groups link both ways at once)."""
        ta = [t for t in tokens(a) if t not in STOPWORDS]
        tb = [t for t in tokens(b) if t not in STOPWORDS]
        if not ta or not tb or (len(ta) > 1 and len(tb) > 1):
            return
        for side in (ta, tb):
            if len(side) == 1:
                self.heads.add(fold(side[0]))
        if len(ta) == 1 and len(tb) > 1:
            tb = [y for y in tb if begin_alike(ta[0], y)] or tb
        elif len(tb) == 1 and len(ta) > 1:
            ta = [x for x in ta if begin_alike(tb[0], x)] or ta
        for x in ta:
            for y in tb:
                for kx in _keys(x):
                    for ky in _keys(y):
                        if kx == ky:
                            continue
                        if defer and len(ta) > 1:    # a phrase -> the one word ky
                            self.single.setdefault(ky, set()).add(kx)
                            self._back.append((kx, ky))
                        elif defer and len(tb) > 1:  # the one word kx -> a phrase
                            self.single.setdefault(kx, set()).add(ky)
                            self._back.append((ky, kx))
                        else:
                            self.single.setdefault(kx, set()).add(ky)
                            self.single.setdefault(ky, set()).add(kx)
                            self._direct.update((kx, ky))

    def settle(self) -> None:
        """Link the words of phrases back to the one word each phrase translates, where
        they have no one-word translation (see :meth:`add`)."""
        for k, v in self._back:
            if k not in self._direct:
                self.single.setdefault(k, set()).add(v)
        self._back = []

    def add_forms(self, forms: Iterable[tuple[str, str]]) -> int:
        """Link word forms to their lemmas ((form, lemma) pairs), where the form's stems
        have no translation of their own and the lemma's have; returns how many."""
        n = 0
        for form, lemma in forms:
            # (simplemma marks a Dutch separable verb's particle: "uit_voeren" is "uitvoeren")
            lemma = lemma.replace("_", "")
            if form == lemma or " " in form:
                continue
            fk = _keys(form)
            if any(k in self.single for k in fk):
                fw, lw = fold(form), fold(lemma)
                lk = _keys(lemma)
                if (fw not in self.heads and lw in self.heads and not set(fk) & set(lk)
                        and any(k in self.single for k in lk)):
                    self.form_lemma[fw] = lw  # its stems belong to another word
                continue
            lk = tuple(k for k in _keys(lemma) if k in self.single)
            if not lk:
                continue
            for k in fk:
                self.lemmas[k] = tuple(sorted(set(self.lemmas.get(k, ())) | set(lk)))
            n += 1
        return n

    def particle_verb(self, verb: str, particle: str) -> tuple[str, frozenset[str]] | None:
        """The Dutch separable verb that a verb form and a particle of its clause make
        ("zet ... in" -> "inzet", "stelde ... vast" -> "vaststellen"), as the word the
        dictionary knows (its longest stem), with the stems of its forms in one word
        ("ingezet", "vastgesteld"); None when the dictionary knows no such verb. Dutch
        writes the particle apart from a finite verb in a main clause and a question, and
        in one word with an infinitive or a participle, as a document mostly does."""
        v, p = fold(verb), fold(particle)
        stems = set(_keys(self.form_lemma.get(v, v)))
        for k in list(stems):
            stems.update(self.lemmas.get(k, ()))
        found = [p + s for s in stems if p + s in self.single]
        if not found:
            return None
        whole = max(found, key=len)
        # the participle puts "ge" between the two ("in-ge-zet"); a strong verb's that the
        # word forms list ("opgevangen")
        forms = {p + "ge" + s for s in stems} | self._forms_of().get(whole, set())
        for k in _keys(whole):
            forms |= self._forms_of().get(k, set())
        return whole, frozenset(forms)

    def _forms_of(self) -> dict[str, set[str]]:
        """Lemma stem -> the stems of its word forms (:attr:`lemmas` read backwards), once."""
        inv = self.__dict__.get("_inverse_lemmas")
        if inv is None:
            inv = {}
            for form, lemma_keys in self.lemmas.items():
                for k in lemma_keys:
                    inv.setdefault(k, set()).add(form)
            self.__dict__["_inverse_lemmas"] = inv
        return inv

    def __len__(self) -> int:
        return len(self.single)

    @lru_cache(maxsize=8192)
    def cognates(self, word: str) -> tuple[str, ...]:
        """The words of the dictionary that are ``word`` with the other language's ending
        of the same suffix ("migratie" -> "migration", "nationaliteiten" -> "nationality"):
        a word the dictionary lacks is often the cognate of one it has. For a word it
        lacks, a cognate it translates by its stems counts, through the first (longest)
        ending that gives one; for a word it has, only a cognate that is a headword."""
        known = any(k in self.single or k in self.lemmas for k in _keys(word))
        out: list[str] = []
        for choices in cognate_forms(word):
            for c in choices:
                # (any stem of the cognate counts here: "integration", which the dictionary
                # lacks, is a word its stem "integr" says the dictionary knows a form of)
                if c not in out and (c in self.heads or (not known and any(k in self.single for k in stem_keys(c)))):
                    out.append(c)
                    break
        return tuple(out)

    def _known(self, part: str) -> bool:
        """A compound part the lexicon can translate: a headword, a known word form, or a
        headword's cognate."""
        return part in self.heads or part in self.form_lemma or bool(self.cognates(part))

    def _word_translations(self, word: str) -> set[str]:
        """Stems of the translations of one word (or compound part) and of its cognates."""
        out = {t for k in _keys(self.form_lemma.get(word, word)) for t in self.single.get(k, ())}
        for c in self.cognates(word):
            out.update(_keys(c))
        return out

    def translate(self, word: str) -> set[str]:
        """Stems of the translations of ``word`` (empty when unknown), including the
        translations of its compound parts."""
        out: set[str] = set()
        keys = _keys(self.form_lemma.get(fold(word), word))
        for k in keys:
            out.update(self.single.get(k, ()))
        if not out:  # a form whose stem is not its lemma's ("sterfgevallen", "telde")
            for k in keys:
                for lk in self.lemmas.get(k, ()):
                    out.update(self.single.get(lk, ()))
        for c in self.cognates(word):
            out.update(_keys(c))
        if not out:
            for part in self.split_compound(word):
                out.update(self._word_translations(part))
        return out

    def back_translate(self, word: str) -> set[str]:
        """Stems of the translations of ``word``'s translations: words of its own language
        that mean alike ("fall" -> "afnemen" -> "decline"), its own stems left out."""
        own = set(_keys(fold(word)))
        out: set[str] = set()
        for k in self.translate(word):
            out.update(self.single.get(k, ()))
        return out - own

    def part_translations(self, word: str) -> tuple[tuple[str, frozenset[str]], ...]:
        """For a compound the lexicon knows only by its parts, each part that has
        translations, with them (() when it knows the word itself, or it is no compound).

        >>> lex = Lexicon.from_entries([("werkloosheid", "unemployment"), ("percentage", "percentage"),
        ...                             ("bijdrage", "contribution")])
        >>> [(p, sorted(t)) for p, t in lex.part_translations("werkloosheidspercentage")]
        [('werkloosheid', ['unemploy', 'unemployment'])]
        """
        if any(k in self.single or k in self.lemmas for k in _keys(word)) or self.cognates(word):
            return ()
        out = []
        for part in self.split_compound(word):
            tr = self._word_translations(part)
            if tr:
                out.append((part, frozenset(tr)))
        return tuple(out)

    @lru_cache(maxsize=8192)
    def split_compound(self, word: str) -> tuple[str, ...]:
        """A long word as two or three words the lexicon knows ("migratieachtergrond" ->
        ("migratie", "achtergrond")); () when it is not such a compound. Dutch joins
        parts with an optional linking "s" or "e(n)"."""
        w = fold(word)
        if len(w) < 2 * MIN_PART or w in self.heads or w in self.form_lemma:
            return ()
        best: tuple[str, ...] = ()
        for i in range(MIN_PART, len(w) - MIN_PART + 1):
            head, tail = w[:i], w[i:]
            if not self._known(head):
                continue
            for link in ("", "s", "e", "en"):
                if link and not tail.startswith(link):
                    continue
                rest = tail[len(link):]
                if len(rest) < MIN_PART:
                    continue
                if self._known(rest):
                    cand = (head, rest)
                else:
                    sub = self.split_compound(rest)
                    cand = (head,) + sub if sub and len(sub) < 3 else ()
                if cand and (not best or len(cand) < len(best) or
                             (len(cand) == len(best) and len(cand[0]) > len(best[0]))):
                    best = cand
        return best


def _forms_version() -> str:
    try:
        from importlib.metadata import version

        return version("simplemma")
    except Exception:  # not installed: no word forms
        return "none"


def read_forms(languages: tuple[str, ...] = ("nl", "en")) -> Iterable[tuple[str, str]]:
    """(word form, lemma) pairs of simplemma's lemma dictionaries; none when the package
    is missing."""
    try:
        from simplemma.strategies.dictionaries import DefaultDictionaryFactory
    except ImportError:
        log.warning("simplemma not installed: inflected words are translated by their stems only")
        return
    factory = DefaultDictionaryFactory()
    for lang in languages:
        yield from factory.get_dictionary(lang).items()


def _cache_path(files: list[Path], synonyms: str | None) -> Path | None:
    from config import ROOT

    stamp = "-".join(f"{f.stat().st_mtime_ns}-{f.stat().st_size}" for f in files)
    if stamp:
        stamp += f"-forms-{_forms_version()}-form-lemmas-stems2-alike-nostop-phrases-overstem{OVERSTEM}-particles"
    if synonyms and Path(synonyms).is_file():
        st = Path(synonyms).stat()
        stamp += f"-{st.st_mtime_ns}-{st.st_size}"
    if not stamp:
        return None
    import hashlib

    return ROOT / "var" / "cache" / f"lexicon-{hashlib.sha1(stamp.encode()).hexdigest()[:16]}.marshal"


@lru_cache(maxsize=4)
def load_lexicon(synonyms_file: str | None = None) -> Lexicon:
    """The lexicon of the installed FreeDict dictionaries plus the synonyms file
    (cached per process, and on disk under var/cache: parsing and stemming 30 000
    entries takes seconds). Without the dictionaries it holds the synonyms only, and
    cross-language matching rests on the multilingual embedding alone."""
    # marshal, not pickle: the cache holds only str, tuple and dict, which marshal reads
    # back in a quarter of the time pickle needs for the same dict of sets (measured:
    # 0.04 s against 0.1-0.2 s, paid by every process that answers)
    import marshal

    synonyms = synonyms_file or None
    files = [d / f"{n}.index" for n in FREEDICT_FILES for d in DICTD_DIRS if (d / f"{n}.index").is_file()]
    cache = _cache_path(files, synonyms)
    if cache is not None and cache.is_file():
        try:
            lex = Lexicon()
            single, heads, lemmas, form_lemma = marshal.loads(cache.read_bytes())
            lex.single, lex.heads, lex.lemmas, lex.form_lemma = single, frozenset(heads), lemmas, form_lemma
            return lex
        except Exception as exc:  # a broken cache is rebuilt
            log.warning("lexicon cache %s unreadable (%s); rebuilding", cache, exc)
    pairs: list[tuple[str, str]] = []
    for name in FREEDICT_FILES:
        got = read_dictd(name)
        if not got:
            log.warning("dictionary %s not installed (Debian package dict-%s); "
                        "words are not translated between Dutch and English", name, name)
        pairs.extend(got)
    lex = Lexicon.from_entries(pairs, read_synonyms(synonyms))
    if pairs:
        lex.add_forms(read_forms())
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps(({k: tuple(sorted(v)) for k, v in lex.single.items()}, tuple(sorted(lex.heads)),
                                           lex.lemmas, lex.form_lemma)))
            os.replace(tmp, cache)
        except OSError as exc:
            log.warning("lexicon cache not written (%s)", exc)
    return lex

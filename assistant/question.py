"""What a question asks for, read without a model: its content terms (weighted by how
rare they are in the indexed documents, with their stems and their translations), the
years and numbers it names, the kind of answer it wants (a number, a percentage, a
ratio, a year or date, a list), and whether it asks to compare, to compute a difference
or change, or for a development over the years.

The cues are question forms of Dutch and English ("hoeveel", "how many", "meer of
minder", "how has ... changed"), not words of any subject: the same reading serves
documents on waste collection as well as on migration.

    >>> q = analyze("Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?", "nl")
    >>> q.years, q.wants_number, q.terms[:2]
    ({2022}, True, ['oekraïners', 'kwamen'])
    >>> analyze("Did more people move here in 2021 than in 2020?", "en").compare
    True
    >>> analyze("How many residents speak a language other than Dutch at home?", "en").compare
    False
    >>> analyze("What share of residents is international, per the most recent monitor?", "en").rank
    False
    >>> analyze("Wat was de groei van Goa in 1971-1981?", "nl").difference
    False
    >>> q = analyze("How many inhabitants did the city gain between 1 January 2021 and 1 January 2022?", "en")
    >>> q.trend, q.difference, sorted(q.years)
    (True, True, [2021, 2022])
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from .language import PREPOSITIONS_NL, STOPWORDS, content_tokens, fold, stem_keys, tokens
from .lexicon import cognate_forms
from .numbers import IDENTIFIER_WORDS, MONTH_NAMES, YEAR_RE, extract_numbers, month_words, months_in

UNKNOWN_IDF = 1.0  # extra idf of a word the documents never use (see TermStats.idf)

# a number that names a thing rather than counting it: "version 2.1", "artikel 12" (numbers.IDENTIFIER_WORDS)
IDENTIFIER_RE = re.compile(rf"\b(?:{IDENTIFIER_WORDS})\s+(\d+(?:\.\d+)*)\b", re.I)
# a table column of such numbers ("versie: 2.2"): names, not figures
IDENTIFIER_HEADER = re.compile(rf"^\s*(?:{IDENTIFIER_WORDS})\s*$", re.I)
_ORDINAL = re.compile(r"\b(\d{1,4})(?:st|nd|rd|th|ste|de|e)\b", re.I)
_NUMBER_CUES = re.compile(
    r"\b(hoeveel|how many|how much|aantal|(?<!phone )(?<!telephone )(?<!fax )number of|percentage|procent|percent|share|aandeel|"
    r"proportion|welk deel|what part|hoe groot|how large|how big|how old|hoe oud|hoe hoog|how high|"
    r"hoe lang|how long|hoeveelste|ratio|verhouding|op de zoveel|in how many|bedrag|amount|"
    r"kost|kosten|cost|costs|tarief|fee|price|prijs|total|totaal|rate|"
    # "what is the Pre-Pawn / Handgun figure for Texas", "welk cijfer": a number
    r"figure|cijfer|getal|"
    # amounts of money named by what they are for: a fine, a tax, a rent
    r"fine|boete|penalty|tax|belasting|heffing|levy|charge|rent|huur)\b", re.I)
_PERCENT_CUES = re.compile(r"(percentage|procent|percent|\bshare\b|aandeel|welk deel|proportion|%)", re.I)
_PERCENT_CHANGE = re.compile(r"\b(?:by|met)\s+(?:what|which|how\s+many|hoeveel|welk)\s+(?:percentage|procent|percent)\b"
                             r"(?!\s*(?:points?|punt))", re.I)
_RATIO_CUES = re.compile(r"(op de zoveel|één op de|een op de|\bone in\b|\b1 in\b|\b1 op\b|ratio|verhouding|in how many|\bin hoeveel)",
                         re.I)
_YEAR_CUES = re.compile(r"\b(in (which|what) year|welk jaar|what year|which year|sinds wanneer|since when|"
                        r"in welk jaar|vanaf wanneer|from when)\b", re.I)
_DATE_CUES = re.compile(r"\b(wanneer|when|datum|date|on which day|op welke dag|welke dag|what day)\b", re.I)
_LIST_CUES = re.compile(
    r"\b(noem|list|what are|wat zijn|name the|which \w+s\b|welke \w+en\b|what \w+s (?:does|do|are)|"
    r"welke (?:twee|drie|vier|vijf)|which (?:two|three|four|five)|opsomming|punten|points|aims|doelen)\b", re.I)
# an amount of money ("what does ... cost", "hoeveel kost", "tarief") and a time of day
# ("opening hours", "hoe laat"): question forms, the kinds of value they ask for
MONEY_CUES = re.compile(
    r"\b(cost|costs|kost|kosten|kostte|price|prijs|fee|fees|tarief|tarieven|budget|bedrag|"
    # "how much does it cost", but not "by how much did it grow" nor "how much did X grow"
    r"(?<!by )how much (?:does|do|did|is|was)(?![^?.;]*\b(?:grow|grew|grown|increas\w*|rise|risen|rose|fall|"
    r"fallen|fell|declin\w*|drop\w*|chang\w*|shr[iu]nk\w*|decreas\w*|go up|go down|gone up|gone down)\b)|"
    r"hoe duur|euro|euros|dollar|dollars|gulden|guilders?|geld|money|betaal|betaalt|betalen|betaalde|betaalden|"
    r"betaald|pay|pays|paid|paying|"
    r"expensive|cheaper|cheapest|duurder|duurst|goedkoper|"
    r"goedkoopst|fine|boete|penalty|tax|belasting|heffing|levy|charge|rent|huur)\b", re.I)
# the digits of a code that runs into capitals: "1040NR", "W2" is no figure ("1040" of it)
_CODE_DIGITS = re.compile(r"\b(\d{2,6})[A-Z]{1,4}\b")
# "Which form do taxpayers who claim tax treaty benefits file?": the question opens by
# naming the kind of thing it asks for, and that is no figure (a later "tax" or "fee"
# says what the thing is about, not that an amount is asked)
_WHICH_NOUN = re.compile(r"^\s*(?:which|welke|welk)\s+([^\W\d_]+)", re.I)
# "In which policy domains does ...", "Welke twee scholen zijn ...": the kind of thing asked
# for, the words between "which" and the verb
WHICH_KIND = re.compile(r"^\s*(?:(?:in|at|from|to|for|on|bij|op|van|naar|voor|met|aan)\s+)?(?:which|welke?)\s+"
                        r"((?:[^\W\d_][\w'’-]*\s+){0,2}?[^\W\d_][\w'’-]*)\s+(?:does|do|did|is|are|was|were|has|have|had|"
                        r"will|would|can|could|should|must|zijn|waren|heeft|hebben|hadden|wordt|worden|werd|"
                        r"werden|kan|kunnen|zal|zullen|wil|willen|doet|deed|moet|moeten|mag|mogen)\b", re.I)


# a unit of time: "which month and year" asks for a date, not a thing (closed-class words
# of both languages)
_TIME_NOUN = re.compile(r"^(?:years?|jaar|jaren|months?|maand(?:en)?|weeks?|weken|days?|dag(?:en)?|"
                        r"dates?|datum|data|time|tijd(?:stip)?|period|periode)$")


def _which_noun(low: str) -> str | None:
    """The noun a "which" question opens by naming: the last word of the kind before its
    verb ("which tax form do ..." : "form"), else the word right after "which"."""
    kind = WHICH_KIND.match(low)
    if kind is not None and _WHICH_NOUN.match(low):
        return kind.group(1).split()[-1]
    m = _WHICH_NOUN.match(low)
    return m.group(1) if m else None


def _asks_a_thing(low: str) -> bool:
    """Whether a question opens with "which <noun>" for a noun that is no figure.

    >>> _asks_a_thing("which form do taxpayers who claim tax treaty benefits file?")
    True
    >>> _asks_a_thing("welk bedrag betaal je?"), _asks_a_thing("which fee applies?"), _asks_a_thing("how much tax?")
    (False, False, False)
    >>> _asks_a_thing("which is more expensive: a or b?"), _asks_a_thing("which city has the highest tax?")
    (False, False)
    >>> _asks_a_thing("which tax form do i file?"), _asks_a_thing("which tax rate applies to me?")
    (True, False)
    >>> _asks_a_thing("which month and year does the table cover?")
    False
    """
    word = _which_noun(low)
    if word is None or RANK_RE.search(low) or _COMPARE_CUES.search(low):
        return False  # "which age group has the largest number": a ranking of figures
    return not (word in STOPWORDS or _NUMBER_CUES.match(word) or MONEY_CUES.match(word)
                or _YEAR_CUES.search(low) or _DATE_CUES.match(word) or _TIME_NOUN.match(word))


def asked_thing(q: "Question") -> str | None:
    """The question term that names the kind of thing a "which <thing>" question asks
    for ("Which senator ...?": "senator"), when that is no figure (see _asks_a_thing).

    >>> asked_thing(analyze("Which senator proposed the act?", "en")), asked_thing(analyze("Which fee applies?", "en"))
    ('senator', None)
    """
    low = q.text.lower()
    if not _asks_a_thing(low):
        return None
    word = fold(_which_noun(low))
    return word if word in q.terms else None


# "how many hours is it open", "hoeveel uur duurt": a span of time, in hours
_HOURS_CUES = re.compile(r"\b(?:how\s+many\s+hours|hoeveel\s+(?:uur|uren))\b", re.I)
# a question for a length of time ("hoe lang duurt het", "how long does it take"), a
# distance ("how far", "hoe ver") or how often ("hoe vaak"): its answer gives one
# (closed-class phrases of both languages; "how long has X been ..." may be answered in
# words, "for centuries")
_MEASURE_CUES = {
    "duration": re.compile(r"\b(?:hoe\s*lang\s+(?:duurt|duurde|duren|duurden|wacht|wachten|moet|moeten)|"
                           r"how\s+long\s+(?:does|did|do|will|would|can)\b[^?.;]{0,60}\b(?:take|last|wait)|"
                           r"how\s+(?:far|long)\s+(?:in\s+advance|ahead|beforehand)|how\s+far\s+back|"
                           r"hoe\s+lang\s+(?:van\s+)?(?:te)?voren|"
                           # "for how long is it planned?", "voor hoe lang": a length of time
                           # ("for how long has it been ..." asks how long it has lasted: below)
                           r"for\s+how\s+long(?!\s+(?:has|have|had)\b)|voor\s+hoe\s*lang)\b",
                           re.I),
    # how long something has lasted ("how long has X been twinned?"): a length of time, or
    # the year it began
    "age": re.compile(r"\b(?:how\s+long\s+(?:has|have|had)|hoe\s+lang\s+(?:is|zijn|was|waren|heeft|hebben|bestaat|"
                      r"bestaan|bestond))\b", re.I),
    # (a time "how far in advance" is the duration above: the first kind that matches counts)
    "distance": re.compile(r"\b(?:how\s+far|hoe\s+ver|hoever)\b(?!\s+(?:in\s+advance|ahead|back)\b)", re.I),
    "frequency": re.compile(r"\b(?:how\s+often|how\s+frequently|hoe\s+vaak|hoe\s+dikwijls)\b", re.I),
    # a calendar date ("op welke datum", "on what date", "what was the date"): a year alone
    # does not give one
    "date": re.compile(r"\b(?:(?:op|tot|vanaf|sinds)\s+welke\s+datum|(?:on|until|from|since|by)\s+(?:what|which)\s+date|"
                       r"(?:what|which)\s+(?:is|was|were|are)\s+the\s+dates?|(?:wat|welke)\s+(?:is|was)\s+de\s+datum)\b", re.I),
}
# the word of such a question that asks for the measure ("how long", "hoe vaak"): no word of what is asked
_MEASURE_FORM = re.compile(r"long|lang|far|ver|often|frequently|vaak|dikwijls|date|dates|datum")
# "where is X available / located", "waar is X verkrijgbaar": words that ask where, not
# what about ("find", "te vinden" stay: passages say where with them, "is te vinden op")
_WHERE_START = re.compile(r"\s*(?:where|waar)\b", re.I)
_WHERE_FORM = re.compile(r"available|obtainable|located|situated|verkrijgbaar|beschikbaar|gelegen")
_CLOCK_CUES = re.compile(r"\b(opening hours|openingstijden|opening times|open on|geopend|hoe laat|what time|at what times?|"
                         r"welke tijden|how late|tot hoe laat|"
                         r"(?:when|wanneer) (?:is|are|zijn) [^?]{0,60}\bopen)\b", re.I)
_CLOCK_FORM = re.compile(r"times?|laat|late|tijden")
# "Is the recycling centre open on Sunday?": a question that opens with its verb asks
# whether, not at what time, unless it names a time ("Is it open after 5 pm?")
YES_NO_START = re.compile(r"^\s*(?:is|are|was|were|did|does|do|has|have|had|zijn|waren|heeft|hebben|hadden|ligt|lag|"
                          r"gaat)\s+", re.I)
_OPEN_WORD = re.compile(r"\b(?:open|geopend)\b", re.I)
_COMPARE_CUES = re.compile(
    r"\b(meer of minder|more or fewer|more or less|than|dan in|dan de|dan het|dan bij|compared|vergeleken|"
    r"compares?\s+(?:to|with)|verhoudt\s+(?:\w+\s+)?zich|verhouden\s+(?:\w+\s+)?zich|"
    r"ten opzichte van|t\.o\.v\.|versus|vs\.?|difference|verschil|which (?:is|was|were) (?:larger|bigger|"
    r"higher|lower|smaller|greater)|welke? (?:is|was) (?:groter|hoger|lager|kleiner)|larger|bigger|higher|"
    r"lower|smaller|greater|groter|hoger|lager|kleiner|meer|fewer|minder|more|older|younger|earlier|later|ouder|"
    r"jonger|eerder|later)\b", re.I)
# "Which is higher?", "Welke is groter?": which of two things, a comparison by itself
_WHICH_MORE = re.compile(r"\b(?:which|welke?)\s+(?:one\s+)?(?:is|was|are|were|zijn|waren)\s+"
                         r"(?:larger|bigger|higher|lower|smaller|greater|groter|hoger|lager|kleiner)\b", re.I)
# the comparative of a comparison says how to answer ("higher than in 2021"), not what about
_COMPARATIVE = re.compile(r"larger|bigger|higher|lower|smaller|greater|groter|hoger|lager|kleiner|fewer|minder|meer|"
                          r"more|less")
# the words that ask to compare, not what about: "in 2020 compared to 2023", "vergeleken met"
_COMPARE_FORM = re.compile(r"compare|compared|compares|comparing|comparison|vergeleken|vergelijk|vergelijken|"
                           r"vergelijking|verhoudt|verhouden|versus|vs")
# ... as a word of its own ("Were there more in 2019?")
COMPARATIVE_WORD = re.compile(rf"\b(?:{_COMPARATIVE.pattern})\b", re.I)
_BOUND = re.compile(r"\b\d[\d.,]*\s*%?\s+(?:or|of)\s+(?:more|less|fewer|over|under|older|younger|meer|minder|hoger|"
                    r"lager|ouder|jonger)\b|"
                    r"\b(?:at least|at most|ten minste|minstens|ten hoogste|hoogstens)\b", re.I)
# words that name a change, nouns and verbs of both languages (a measure may be one: a
# growth rate); CHANGE_WORDS with a year or a period ("1971-1981") below
CHANGE_ALTERNATIVES = (r"toename|afname|increase|decrease|grew|grow|grown|groei|gegroeid|groeide|groeiden|gestegen|"
                       r"steeg|stegen|gedaald|daalde|daalden|toegenomen|afgenomen|rose|risen|fell|declined|"
                       r"gain|gained|change|changed|veranderd|veranderde|veranderden|verandering|rise|rises|fall|falls|fallen|drop|dropped|"
                       r"decline|go up|went up|gone up|go down|went down|gone down|stijging|daling|stijgen|dalen|"
                       r"added|bijgekomen|toegevoegd")
_DIFF_CUES = re.compile(
    r"\b(how much (?:more|less|higher|lower|larger|smaller|bigger|older|younger|earlier|later)|hoeveel (?:meer|minder|"
    r"hoger|lager|groter|kleiner|ouder|jonger|eerder|later)|difference|verschil|by how much|how many more|how many fewer|hoeveel procentpunt|"
    rf"percentage points?|procentpunten?|{CHANGE_ALTERNATIVES}|how many years|hoeveel jaar|hoe lang na|"
    r"how long after|how many years after|hoeveel jaar na|hoeveel jaar later|how many years later|"
    r"\w*saldo|netto|net (?:migration|gain|loss|change|balance)|minus)\b", re.I)
# "net migration from abroad", "migratiesaldo": what came in and what went out, both
_BALANCE_CUES = re.compile(r"\b(\w*saldo|netto|net\s+(?:migration|gain|loss|change|balance|inflow|outflow)|balance)\b",
                           re.I)
# "how big", "hoe groot": a question word for an amount, not a word of what is asked
_HOW_MUCH = re.compile(r"\b(how|hoe)\s+(?:big|large|great|high|groot|grote|hoog|hoge)\b", re.I)
CHANGE_WORDS = re.compile(rf"\b(?:{CHANGE_ALTERNATIVES})\b", re.I)
_TIME_SPAN = re.compile(r"\b(?:19|20)\d\d(?:\s*[-–]\s*(?:(?:19|20)\d\d|\d\d)\b)?")
_TREND_CUES = re.compile(
    r"\b(ontwikkel\w*|develop\w*|trends?|over the years|over time|door de jaren|in de loop der jaren|de loop van de tijd|"
    r"since \d{4}|sinds \d{4}|verloop|verlopen|verliep|evolv\w*|changed over|how has|how have|"
    r"hoe (?:is|zijn|heeft|hebben) .{0,60}(?:veranderd|ontwikkeld|gegroeid|gestegen|gedaald|toegenomen|afgenomen)|"
    r"from \d{4} to \d{4}|van \d{4} tot \d{4}|tussen \d{4} en \d{4}|between \d{4} and \d{4}|"
    # ... also between two days of the years: "between 1 January 2021 and 1 January 2022"
    r"(?:from|van|between|tussen) (?:\d{1,2} [^\W\d_]+ )\d{4} (?:to|tot|and|en) (?:\d{1,2} [^\W\d_]+ )?\d{4}|"
    # ("per jaar", "each year" ask for a rate: "hoeveel keer per jaar", not a trend)
    r"year by year|jaar op jaar|"
    # ... unless asked for each year: "geef per jaar het aantal", "give the number for each year"
    r"^\s*(?:geef|give|list|noem|show|toon)\b.{0,80}\b(?:per jaar|per year|each year|every year|by year|"
    r"voor elk jaar|voor ieder jaar|elk jaar|ieder jaar)|"
    # "how did X change", "hoe veranderde X", "what happened to X": a change over time
    r"how did .{0,80}(?:change|develop|evolve|grow|rise|fall|decline|go)|"
    r"hoe (?:veranderde|veranderden|ontwikkelde|ontwikkelden|groeide|groeiden|steeg|stegen|daalde|daalden)|"
    r"what happened (?:to|with)|wat is er .{0,60}gebeurd|"
    # either direction asked: "up or down", "toe of af", "gestegen of gedaald"
    r"(?:up|risen|rise|rising|rose|grow|grown|growing|grew|increas\w*) or (?:down|fallen|fall|falling|fell|"
    r"shr[iu]nk\w*|decreas\w*|declin\w*|dropped|drop)|"
    r"toe of af|toegenomen of afgenomen|gestegen of gedaald|stijgt of daalt|stijgen of dalen|gegroeid of gekrompen|"
    r"omhoog of omlaag|"
    # a direction of change without two years: "is X gestegen?", "has X risen?"
    r"(?:is|zijn|heeft|hebben) .{0,80}(?:gestegen|gedaald|gegroeid|toegenomen|afgenomen|gekrompen)|"
    r"(?:neemt|nemen) .{0,80}\b(?:toe|af)|"
    # "is X rising?", "stijgt het aantal X?": a direction asked of now
    r"^\s*(?:is|are) .{0,80}(?:rising|falling|growing|increasing|decreasing|declining|shrinking|going up|going down)|"
    r"^\s*(?:stijgt|stijgen|daalt|dalen|groeit|groeien|krimpt|krimpen)|"
    r"(?:has|have) .{0,80}(?:risen|fallen|grown|increased|decreased|declined|dropped|gone up|gone down|shrunk))\b",
    re.I)
# a question for a reason ("waarom is X gestegen?") asks why, not how X developed
_WHY = re.compile(r"\s*(?:why|waarom|hoe komt het|how come)\b", re.I)
# "what was changed in ...", "wat is er gewijzigd in ...": asks what the change was
_WHAT_CHANGED = re.compile(r"\s*(?:what|wat)\s+(?:(?:was|were|is|are|has|have|had|werd|werden|wordt|is er|zijn er|werd er|"
                           r"heeft|hebben)\s+)?(?:(?:been|er)\s+)?(?:changed|modified|updated|revised|veranderd|gewijzigd|"
                           r"aangepast|herzien|veranderde|wijzigde)\b", re.I)
# ... and one for a maker ("who developed the app?", "door wie is het ontwikkeld?") asks who
WHO_START = re.compile(r"\s*(?:(?:by|door)\s+)?(?:who|whom|whose|wie)\b", re.I)
# "what is the average income of ...", "wie is de wethouder van ...", "what was the
# weather like in ...": the thing asked about is the noun phrase between the question
# word with its verb and article and the first preposition; its last word is its head
_ATTRIBUTE = re.compile(r"^\s*(?:who|what|which|wie|wat|welke?|how\s+(?:high|large|big|long)|"
                        r"hoe\s+(?:hoog|groot|lang))\s+(?:is|was|are|were|zijn|waren)\s+"
                        r"(?:the|de|het|een|a|an)\s+([^?!.]{3,60}?)\s+(?:of|van|among|onder|for|voor|in|at|bij|"
                        r"within|binnen|like)\s+", re.I)
# "since 2022" alone: what happened from then on, which a single figure may answer
# ("how many refugees has it taken in since 2022?")
_SINCE_YEAR = re.compile(r"\b(?:since|sinds)\s+(?:19|20)\d\d\b", re.I)
# figures added up: "New York and Virginia combined", "Ohio en Michigan samen"
_SUM_CUES = re.compile(r"\b(combined|together|altogether|in total|sum of|added up|samen|samengenomen|bij elkaar|opgeteld|"
                       r"in totaal|gezamenlijk)\b", re.I)
_AND = re.compile(r"\b(?:and|en)\b")
# ... or a word for it before them: "the sum of handgun checks in Ohio and Michigan"
_SUM_BEFORE = re.compile(r"\b(?:the\s+sum\s+of|the\s+total\s+of|the\s+combined\s+(?:number|total|amount)\s+of|"
                         r"de\s+som\s+van|het\s+totaal\s+van|het\s+gezamenlijke\s+aantal)\b", re.I)


# "added together", "added up", "bij elkaar opgeteld": words of a sum that are also words of a change
_ADDED_UP = re.compile(r"\b(?:added|toegevoegd|opgeteld)\s+(?:together|up|bij elkaar)\b|"
                       r"\b(?:together|up|bij elkaar)\s+(?:added|opgeteld)\b", re.I)


def _adds_up(low: str) -> bool:
    """Figures of two or more things added up: a word for it after the things joined by
    "and" / "en" ("Ohio en Michigan samen"; not "Met wie werkt de gemeente samen?", nor
    "How many checks in total in Ohio?"), or before them ("the sum of ... in Ohio and
    Michigan")."""
    m = _SUM_CUES.search(low)
    if m is not None and _AND.search(low, 0, m.start()) is not None:
        return True
    b = _SUM_BEFORE.search(low)
    return b is not None and _AND.search(low, b.end()) is not None


# "the average of X in A and B", "gemiddeld in 2019 en 2020": the mean of the figures of
# two or more things or years joined by "and" / "en"
_AVERAGE_CUES = re.compile(r"\b(?:average|mean|gemiddeld\w*)\b", re.I)


def _averaged(low: str) -> bool:
    """The mean of two or more things' figures: a word for it, and the things joined by
    "and" / "en" after it ("the average handgun count of Ohio and Michigan")."""
    m = _AVERAGE_CUES.search(low)
    return m is not None and _AND.search(low, m.end()) is not None


_RANK_CUES = re.compile(
    r"\b(most|largest|biggest|highest|greatest|fastest|lowest|smallest|least|fewest|slowest|"
    r"meeste?|grootste?|hoogste?|snelste?|laagste?|kleinste?|minste|langzaamste?|traagste?|"
    r"rank|ranking|rangorde|top)\b"
    # "the most recent monitor", "de meest recente cijfers": which edition, not a ranking
    r"(?!\s+(?:recent|recente|recently|current|actuele?)\b)", re.I)
RANK_RE = _RANK_CUES
# the English and Dutch superlatives that say the same (closed-class words of both
# languages, as stop words are): a passage that says "most common" answers "het meest"
SUPERLATIVES = (
    ("most", "meest", "meeste"), ("largest", "biggest", "greatest", "grootst", "grootste"),
    ("highest", "hoogst", "hoogste"), ("fastest", "snelst", "snelste"), ("lowest", "laagst", "laagste"),
    ("smallest", "kleinst", "kleinste"), ("least", "fewest", "minst", "minste"),
    ("slowest", "langzaamst", "langzaamste", "traagst", "traagste"),
)
# the superlatives that rank from low to high
RANK_LOW_RE = re.compile(r"\b(lowest|smallest|least|fewest|slowest|laagste?|kleinste?|minste|langzaamste?|traagste?)\b",
                         re.I)
# "higher than 15%", "meer dan 130.000", "boven de 10%": a number the question compares
# the documents' figure with (group 1: more, group 2: less)
_THRESHOLD = re.compile(
    r"\b(?:(?:(higher|more|greater|larger|bigger|hoger|meer|groter)|(lower|less|fewer|smaller|lager|minder|kleiner))"
    r"\s+(?:than|dan)|(above|over|exceeds?|boven|ruim boven)|(below|under|onder|beneden))\s+(?:the\s+|de\s+)?"
    r"(?=[-−]?\d)", re.I)
# "which state had negative growth", "welke regio's kenden een negatieve groei": the rows
# of a table column whose value is below zero
_NEGATIVE_CUES = re.compile(r"\b(negative|negatieve?|below\s+zero|onder\s+nul|less\s+than\s+zero|minder\s+dan\s+nul)\b",
                            re.I)
_WHICH = re.compile(r"^\s*(?:in\s+)?(?:which|what|welke|welk|wat)\b", re.I)
# "how many states are listed in the table?", "hoeveel staten staan er in de tabel?": the
# things a table lists (its rows), counted (general words for a table, of both languages)
_TABLE_ASKED = re.compile(r"\b(?:in|on|of|from|uit|op|van)\s+(?:the|this|that|de|het|deze|die)\s+(?:[^\W\d_]+\s+)?"
                          r"(?:(?:[^\W\d_]+-)?table|[^\W\d_-]*-?tabel)\b|\b(?:table|tabel)\s+(?:lists?|contains?|shows?|includes?|bevat|noemt|"
                          r"toont|telt)\b", re.I)
# "how many states had negative growth", "hoeveel staten hadden meer dan 100.000 controles":
# a count of the things (rows) that meet a bound
# "hoeveel" before a verb is "how much" ("Hoeveel is de heffing?", "Hoeveel bedroeg ..."):
# the copulas and auxiliaries that can follow it
_HOW_MUCH_VERBS = (r"(?:is|was|zijn|waren|wordt|werd|worden|werden|bedraagt|bedroeg|bedragen|bedroegen|"
                   r"kost|kostte|kosten|heeft|hebben|had|hadden|moet|moest|mag|kan|zal)\b")
_HOW_MANY = re.compile(r"^\s*(?:in\s+)?(?:how\s+many|hoeveel)\s+(?!procent|percent|percentage)(?!" + _HOW_MUCH_VERBS
                       + r")[^\W\d_]", re.I)
# "which twinning is the oldest", "welke school is het nieuwst": things ranked by their
# year (group 1: the oldest first; group 2: the newest first)
_CHRONO_CUES = re.compile(r"\b(?:(oldest|earliest|first|oudste?|vroegste?|eerste)|"
                          r"(newest|most\s+recent|latest|youngest|nieuwste?|recentste?|meest\s+recente?|jongste?))\b",
                          re.I)
# "van 2019 tot 2022", "from 2019 to 2021", "tussen 2012 en 2024", "2019-2021": every year between
_YEAR_RANGE = re.compile(
    r"\b(?:van|from|tussen|between)\s+(?:\w+\s+){0,3}?((?:19|20)\d\d)\s+(?:\w+\s+){0,3}?"
    r"(?:tot(?: en met)?|t/m|to|until|till|through|en|and)\s+(?:\w+\s+){0,3}?((?:19|20)\d\d)\b"
    r"|\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b", re.I)
# a period whose last year is written by its last two digits ("1961-71", "2020/21")
_SHORT_PERIOD = re.compile(r"\b((?:19|20)\d\d)(\s*[-–/]\s*)(\d\d)\b(?![-–/.,:]\d)")


def written_out_periods(text: str) -> str:
    """``text`` with a period's last year written out as the documents write it ("in
    1961-71" -> "in 1961-1971"), so that it is read as every year of the period and meets
    a column named by the period.

    >>> written_out_periods("Was growth higher in 1961-71 or in 1999-01?")
    'Was growth higher in 1961-1971 or in 1999-2001?'
    """
    def full(m: re.Match) -> str:
        start = int(m.group(1))
        end = start // 100 * 100 + int(m.group(3))
        if end <= start:
            end += 100
        return f"{m.group(1)}{m.group(2)}{end}" if end - start <= 30 else m.group(0)

    return _SHORT_PERIOD.sub(full, text)


# a compound's first part whose head the next compound gives ("eenpersoons- en
# meerpersoonshuishouden", "binnen- of buitenland")
_ELLIPSIS = re.compile(r"\b([^\W\d_]{2,})-\s+((?:en|of|and|or|tot)\s+(?:(?:een|de|het|a|an|the)\s+)?)"
                       r"([^\W\d_]{4,})\b", re.I)
# the shortest head read off the next compound
ELLIPSIS_HEAD = 3


def completed_compounds(text: str, known) -> str:
    """``text`` with a compound's first part written whole: "eenpersoons- en
    meerpersoonshuishouden" as "eenpersoonshuishouden en meerpersoonshuishouden". The
    head is the longest ending of the next compound that makes the part a word ``known``
    says is one (a word of the documents or of the dictionary); none found, the text stays.

    >>> completed_compounds("de heffing voor een eenpersoons- en een meerpersoonshuishouden",
    ...                     lambda w: w in {"eenpersoonshuishouden", "huishouden"})
    'de heffing voor een eenpersoonshuishouden en een meerpersoonshuishouden'
    >>> completed_compounds("pre- and post-war", lambda w: False)
    'pre- and post-war'
    >>> completed_compounds("eenpersoons- en meerpersoonshuishoudens", lambda w: w == "eenpersoonshuishoudens")
    'eenpersoonshuishoudens en meerpersoonshuishoudens'
    """
    def full(m: re.Match) -> str:
        first, joiner, second = m.group(1), m.group(2), m.group(3)
        for i in range(1, len(second) - ELLIPSIS_HEAD + 1):
            if known((first + second[i:]).lower()):
                return f"{first}{second[i:]} {joiner}{second}"
        return m.group(0)

    return _ELLIPSIS.sub(full, text)


# "since 2021", "sinds 2021", "vanaf 2021": every year from then on
# the words that only say that a trend is asked ("how has X developed over the past
# years", "hoe is X de afgelopen jaren veranderd"): in a trend question they are the
# question's form, not what it is about, and are not matched against the evidence
_TREND_FORM = re.compile(
    r"(ontwikkel\w*|develop\w*|trends?|evolv\w*|verloop|verlopen|verliep|verander\w*|chang\w*|years?|jaren|jaar|"
    r"afgelopen|past|recent|recently|loop|tijd|time|gegroeid|gestegen|gedaald|toegenomen|afgenomen|grown|risen|"
    r"fallen|increased|decreased|over|happened|gebeurd|veranderde\w*|ontwikkelde\w*|groeide\w*|steeg|stegen|"
    r"daalde\w*|rising|falling|growing|increasing|decreasing|declin\w*|shr[iu]nk\w*|gekrompen|up|down|"
    r"toe|af|omhoog|omlaag|laatste|rise|fall|grow|go|going|gone|went|dropped|drop|neemt|nemen)", re.I)
# "at the start of 2012", "eind 2020", "medio 2019": the words that say which point of a
# year; documents date that point their own way ("on 1 January", "per 31 december"), so
# the words are the question's form, not what it is about
_YEAR_PART = re.compile(
    r"\b(start|beginning|begin|end|middle|mid|early|late|eind|einde|medio|halverwege)\s+(?:of\s+|van\s+)?"
    r"(?:(?:the\s+|het\s+)?(?:year|jaar)\s+)?(?:19|20)\d\d\b", re.I)
# "since 2006", "vanaf 2006": the word that says from which year on, not what about
_YEARS_FROM = re.compile(r"\b(since|sinds|vanaf)\s+(?:19|20)\d\d\b", re.I)
# a condition ("if I stay less than four months", "als ik meer dan 1 m³ breng") bounds
# what is asked; it compares nothing
_CONDITION = re.compile(r"\b(?:if|als|indien|mits|unless|tenzij)\b[^?,;]*", re.I)
# ("another language than Dutch", "een andere taal dan Nederlands": which one, not how much)
_NOT_COMPARED = re.compile(r"\b(?:(?:other|rather|else)\s+than|(?:an)?other\s+[^\W\d_]+\s+than|different\s+[^\W\d_]+\s+"
                           r"than|anders\s+dan|andere?\s+[^\W\d_]+\s+dan)\b", re.I)
_SINCE = re.compile(r"\b(?:since|sinds|vanaf|from)\s+((?:19|20)\d\d)\b", re.I)
_EXCLUDED = re.compile(r"\b(?:apart from|other than|except(?: for)?|behalve|afgezien van|buiten)\b([^,?]*),?", re.I)


@dataclass
class Question:
    text: str
    language: str
    terms: list[str]                      # content tokens, in order
    keys: dict[str, frozenset[str]]       # token -> its own stem keys (and its compound parts')
    trans: dict[str, frozenset[str]]      # token -> stem keys of its translations
    weights: dict[str, float]             # token -> idf weight
    known: dict[str, bool]                # token -> the documents use it (or a translation)
    years: set[int] = field(default_factory=set)
    unknown_years: set[int] = field(default_factory=set)  # years no passage mentions
    # years named with a month no passage names ("in December 2015"): that time is unknown too
    unknown_month_years: set[int] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)   # canonical numbers other than years
    wants_number: bool = False
    wants_percent: bool = False
    wants_ratio: bool = False
    wants_year: bool = False
    wants_date: bool = False
    wants_list: bool = False
    wants_money: bool = False  # an amount of money
    wants_clock: bool = False  # a time of day
    hours: bool = False        # how many hours: from one time of day to another
    measure: str = ""          # "duration", "distance", "frequency", "date": a length of time, a distance, how often, a date
    compare: bool = False      # compares two or more figures
    difference: bool = False   # asks for a difference, change or number of years between
    trend: bool = False        # asks how something developed over the years
    rank: bool = False         # asks for the largest / smallest / most
    sum: bool = False          # asks for figures added up ("combined", "samen")
    average: bool = False      # asks for the mean of figures ("the average of A and B")
    negative: bool = False     # asks which have a value below zero ("which state had negative growth")
    count_rows: bool = False   # asks how many rows meet a bound ("how many states had negative growth")
    count_listed: bool = False  # asks how many things a table lists ("how many states are in the table?")
    past_bound: bool = False   # asks which rows are past a bound ("which states grew more than 30%")
    how_many: bool = False     # "how many <things>", "hoeveel <dingen>" (a count, not "how many percent")
    chrono: int = 0            # "which ... is the oldest" (-1) / "the newest" (+1): things ranked by their year
    balance: bool = False      # asks for a balance of in and out ("net migration from abroad", "migratiesaldo")
    # "is it higher than 15%?": the number it names (its value, whether a percentage) and
    # whether the question asks "more than" (True) or "less than" (False)
    threshold: tuple[float, bool, bool] | None = None
    since: int | None = None   # "since 2021": the years from then on count as asked for
    # terms the question writes as a name (a capital inside a sentence): what a passage
    # must itself name to answer it, as a name has no paraphrase ("TISA", "Oxford")
    names: frozenset[str] = frozenset()
    # words that only give the question's form ("developed" in a trend question): not
    # matched against the evidence, but their translations still widen the search
    form_trans: dict[str, frozenset[str]] = field(default_factory=dict)
    # of a word's translations (``trans``), those guessed two steps away (translations of
    # its translations): they match the evidence but do not widen the search
    guessed: dict[str, frozenset[str]] = field(default_factory=dict)
    # the documents' keys that a translation of six letters or more begins ("ukrainian"
    # for "ukrain" of "Oekraïne"): they cover the word too (evidence.matched_terms)
    begun: dict[str, frozenset[str]] = field(default_factory=dict)
    # the translations only the term vectors give (words the documents use near it, not
    # the dictionary's): a name is not paraphrased, so these do not stand for a name
    near: dict[str, frozenset[str]] = field(default_factory=dict)
    # the documents' short keys that are no word of either language and write a term
    # short ("hp" for "horsepower", "disp" for "displacement", "mpg" for "miles per
    # gallon"): they stand for it in a table's column header only (evidence.header_terms)
    abbrev: dict[str, frozenset[str]] = field(default_factory=dict)
    # a compound known only by its parts: (keys of the word as a whole, keys of each
    # translated part); a passage has it when it has the whole or every part
    # ("werkloosheidspercentage" is not "percentage" alone)
    compounds: dict[str, tuple] = field(default_factory=dict)
    # the head of the thing a "what is the X of Y" question asks about ("inkomen" in
    # "wat is het gemiddelde inkomen van ..."), when it is one of the terms
    attribute: str | None = None

    def asks_year(self, years: set[int]) -> bool:
        """Whether a passage about ``years`` is about a year the question asks for."""
        if years & self.years:
            return True
        return self.since is not None and any(y >= self.since for y in years)

    @cached_property
    def total_weight(self) -> float:
        # read for every candidate's every coverage feature; the weights are set once
        return sum(self.weights.values()) or 1.0

    @property
    def wants_figure(self) -> bool:
        return self.wants_number or self.wants_year or self.wants_date

    @cached_property
    def counting(self) -> tuple[bool, bool]:
        """(:func:`counts_things`, :func:`absolute_asked`): read for every figure of every
        unit, from the text that is set once."""
        return counts_things(self), absolute_asked(self)


# a key of a question word the documents do not use matches a document key spelled
# almost as it is (a typing error) from this length and this likeness on
SPELLING_MIN_LEN = 6
ABBREVIATION_MAX = 4  # the longest key read as a word written short ("disp", "qsec")
SPELLING_RATIO = 0.85


# a month and the year it is of: "December 2015", "15 december 2015", "March of 2020"
_MONTH_OF_YEAR = re.compile(r"\b([^\W\d_]+)\.?\s+(?:of\s+|van\s+)?((?:19|20)\d\d)\b")


def _years_of_unknown_months(text: str, stats: TermStats | None) -> set[int]:
    """The years the question names with a month ("in December 2015") that no passage
    names, in Dutch or English. A month narrows the time asked as a year does: documents
    of November 2015 do not answer about December 2015, though they mention 2015.

    >>> st = TermStats(["Checks in November - 2015", "Meer in mei 2020"])
    >>> sorted(_years_of_unknown_months("How many checks in December 2015 and May 2020?", st))
    [2015]
    >>> _years_of_unknown_months("Checks in november 2015?", st), _years_of_unknown_months("Who was Jan 2015?", st)
    (set(), set())
    """
    if stats is None or not stats.n:
        return set()
    out = set()
    for m in _MONTH_OF_YEAR.finditer(text):
        word = m.group(1)
        if word.lower() not in MONTH_NAMES:
            continue
        if any(not any(k in stats.df for w in month_words(mo) for k in stem_keys(w)) for mo in months_in(word)):
            out.add(int(m.group(2)))
    return out


class TermStats:
    """Document frequencies of stem keys over the indexed passages (for idf weights).

    Built once per index generation from all passage texts; ``idf(keys)`` is high for
    rare keys and highest for keys no passage has."""

    def __init__(self, texts: list[str] | None = None):
        self.df: dict[str, int] = {}
        self.n = 0
        # word -> (times written with a capital, times written) where no sentence starts:
        # what the documents write as a name (see names_in)
        self.cased: dict[str, tuple[int, int]] = {}
        for t in texts or []:
            self.add(t)

    def add(self, text: str) -> None:
        self.n += 1
        for tok, capital in _inner_words(text):
            upper, total = self.cased.get(tok, (0, 0))
            self.cased[tok] = (upper + capital, total + 1)
        seen: set[str] = set()
        for tok in tokens(text):
            seen.update(stem_keys(tok))
            if "-" in tok:
                for part in tok.split("-"):
                    if part:
                        seen.update(stem_keys(part))
        for k in seen:
            self.df[k] = self.df.get(k, 0) + 1

    def short_keys(self) -> dict[str, tuple[str, ...]]:
        """The documents' keys of ABBREVIATION_MAX letters or fewer (at least two, letters
        only, no stop word of either language, not mostly written with a capital), by
        their first letter (built on first use)."""
        short = getattr(self, "_short", None)
        if short is None:
            by: dict[str, list[str]] = {}
            stop = _stop_keys()
            cased = getattr(self, "cased", {})
            for k in self.df:
                upper, total = cased.get(k, (0, 0))
                # (a name or an acronym, "Goa", "ISL", is written with capitals: not a word written short)
                if 2 <= len(k) <= ABBREVIATION_MAX and k.isalpha() and k not in stop and 2 * upper <= total:
                    by.setdefault(k[0], []).append(k)
            short = self._short = {c: tuple(sorted(ks)) for c, ks in by.items()}
        return short

    def spelled_alike(self, key: str) -> set[str]:
        """Keys the documents use that are spelled almost as ``key`` is, a key they do not
        use: a typing error ("inhabitnt" -> "inhabit"). Only keys of SPELLING_MIN_LEN
        letters or more, that begin alike and differ by little (difflib's ratio, at least
        SPELLING_RATIO); a negated word is no misspelling ("unemploy" / "employ")."""
        if len(key) < SPELLING_MIN_LEN or key in self.df:
            return set()
        by_start = getattr(self, "_by_start", None)
        if by_start is None:  # (built on first use; a stored TermStats has none yet)
            by_start = {}
            for k in self.df:
                if len(k) >= SPELLING_MIN_LEN - 2:
                    by_start.setdefault(k[:2], []).append(k)
            self._by_start = by_start
        from difflib import get_close_matches

        from .termvec import negation_of
        near = [k for k in by_start.get(key[:2], ()) if abs(len(k) - len(key)) <= 2]
        # (difflib's own search: its quick upper bounds skip most keys before the ratio)
        return {k for k in get_close_matches(key, near, n=max(1, len(near)), cutoff=SPELLING_RATIO)
                if not negation_of(key, k)}

    def df_of(self, keys) -> int:
        return max((self.df.get(k, 0) for k in keys), default=0)

    def idf(self, keys) -> float:
        """BM25-style idf of the most frequent key; a key no passage has gets the idf
        of a key in half a passage plus ``UNKNOWN_IDF``."""
        if self.n == 0:
            return 1.0
        df = self.df_of(keys)
        if df == 0:
            return math.log(1 + (self.n + 0.5) / 0.5) + UNKNOWN_IDF
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def known(self, keys) -> bool:
        return any(k in self.df for k in keys)

    def begun_by(self, key: str) -> list[str]:
        """The documents' keys that begin with ``key`` (longer than it)."""
        ordered = getattr(self, "_ordered", None)
        if ordered is None:  # (built on first use; a stored TermStats has none yet)
            ordered = self._ordered = sorted(self.df)
        out = []
        i = bisect_left(ordered, key)
        while i < len(ordered) and ordered[i].startswith(key):
            if ordered[i] != key:
                out.append(ordered[i])
            i += 1
        return out

    def written_as_name(self, word: str) -> bool:
        """Whether the documents write ``word`` (lower case) as a name: with a capital
        where no sentence starts, at least NAME_CASED of the NAME_SEEN or more times."""
        upper, total = getattr(self, "cased", {}).get(word, (0, 0))
        return total >= NAME_SEEN and upper >= NAME_CASED * total


# the shortest translation stem that covers the documents' words it begins ("ukrain" in
# "ukrainian"; a word's own stem does from five letters: evidence.matched_terms)
TRANS_PREFIX = 6
# a word the documents write with a capital inside a sentence this share of the times (of
# at least this many) is a name to them
NAME_CASED = 0.8
NAME_SEEN = 2


def _inner_words(text: str):
    """(word in lower case, written with a capital) of each word of ``text`` where no
    sentence, field or list item starts (after ".", "?", "!", ":", ";" or a new line)."""
    prev_end = None
    for m in _WORD.finditer(text):
        gap = text[prev_end:m.start()] if prev_end is not None else None
        prev_end = m.end()
        if gap is None or re.search(r"[.?!:;•\n]", gap):
            continue
        w = m.group(0)
        tok = next(iter(tokens(w)), "")
        if tok:
            yield tok, w[0].isupper()


def _comparative(tok: str, lexicon) -> bool:
    """Whether a word is an adjective's comparative ("faster", "cheaper", "sneller",
    "goedkoper"): it ends in "-er" and its lemma (simplemma's, through the lexicon) is
    another word that begins as it does ("fast", "goedkoop"); "number" and "member" are
    their own lemmas."""
    if lexicon is None or len(tok) < 5 or not tok.endswith("er"):
        return False
    return any(lemma != tok and lemma[:3] == tok[:3] for k in stem_keys(tok) for lemma in lexicon.lemmas.get(k, ()))


def abbreviates(short: str, word: str) -> bool:
    """Whether ``short`` may be ``word`` written short, as a table's column header writes it:
    it begins as the word does, is at least two letters shorter, and its letters stand in
    the word in their order ("hp" / "horsepower", "wt" / "weight", "disp" / "displacement").

    >>> abbreviates("hp", "horsepower"), abbreviates("disp", "displacement"), abbreviates("cyl", "cylinders")
    (True, True, True)
    >>> abbreviates("hp", "weight"), abbreviates("wt", "wt"), abbreviates("mpg", "mileage")
    (False, False, False)
    """
    if len(word) < len(short) + 2 or short[0] != word[0]:
        return False
    rest = iter(word[1:])
    return all(ch in rest for ch in short[1:])


def _abbreviations(text: str, terms: list[str], stats: "TermStats | None", lexicon) -> dict[str, frozenset[str]]:
    """Question.abbrev: of each term, the documents' short keys that are no word of either
    language (the dictionary translates none of them: "unit" is a word, not "university"
    written short) and write it short (abbreviates), or the initials of a run of the
    question's words it stands in ("mpg": "miles per gallon")."""
    if stats is None or not stats.n or lexicon is None:
        return {}
    shorts = stats.short_keys()
    if not shorts:
        return {}
    word = lambda k: k in lexicon.single or bool(lexicon.translate(k))  # noqa: E731
    out: dict[str, set[str]] = {}
    for t in terms:
        found = {k for k in shorts.get(t[:1], ()) if abbreviates(k, t) and not word(k)}
        if found:
            out.setdefault(t, set()).update(found)
    words = [w.lower() for w in _LETTERS.findall(text)]
    for i in range(len(words)):
        # (three words or more: two letters are the initials of too many pairs, "highest price")
        for n in range(3, ABBREVIATION_MAX + 1):
            run = words[i:i + n]
            if len(run) < n:
                break
            if run[0] not in terms or run[-1] not in terms:
                continue  # (a run of words, not "in Ohio" for "io")
            initials = "".join(w[0] for w in run)
            if initials in shorts.get(initials[0], ()) and not word(initials):
                for w in run:
                    if w in terms:
                        out.setdefault(w, set()).add(initials)
    return {t: frozenset(ks) for t, ks in out.items()}


_LETTERS = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _stop_keys() -> frozenset[str]:
    """The stem keys of the stop words of both languages ("te", "tot", "hun" are no words
    written short)."""
    return frozenset(STOPWORDS) | frozenset(k for w in STOPWORDS for k in stem_keys(w))


def _term_keys(tok: str, lexicon, termvec=None) -> tuple[frozenset[str], frozenset[str], tuple | None, frozenset[str]]:
    """(own stem keys, translations, compound, near words) of a question word: ``near`` are
    the translations the term vectors alone give (see Question.near). ``compound`` is set
    for a compound the dictionary knows only by its parts ("werkloosheidspercentage"):
    (the keys of the word as a whole: its stems and the near words of the embedding,
    the keys of each part that translates: its stems and translations)."""
    own = set(stem_keys(tok))
    if "-" in tok:
        # (all its parts, a negated one's too: "non-Dutch" asks what "without Dutch
        # nationality" says)
        for part in tok.split("-"):
            if part and part not in STOPWORDS:
                own.update(stem_keys(part))
    whole = set(own)
    trans: set[str] = set()
    parts: list[frozenset[str]] = []
    if lexicon is not None:
        trans = set(lexicon.translate(tok))
        split = lexicon.split_compound(tok)
        for part in split:
            own.update(stem_keys(part))
        if split:
            parts = [frozenset(set(stem_keys(part)) | tr) for part, tr in lexicon.part_translations(tok)]
    near: frozenset[str] = frozenset()
    if termvec is not None:
        vectors = termvec.translate(tok)
        near = vectors - trans - own
        trans |= vectors
        whole |= vectors
    compound = (frozenset(whole), tuple(parts)) if parts else None
    return frozenset(own), frozenset(trans - own), compound, frozenset(near)


def analyze(text: str, language: str, stats: TermStats | None = None, lexicon=None, termvec=None) -> Question:
    """Read ``text`` (already merged with the conversation) as a :class:`Question`.

    A clause that sets something aside ("Apart from the Ukrainians who arrived in 2022,
    ...") does not name what is asked: its years are not counted and its words weigh
    half. ``lexicon`` and ``termvec`` give translations (assistant.lexicon,
    assistant.termvec)."""
    text = written_out_periods(text)
    if stats is not None and stats.n:
        text = completed_compounds(text, lambda w: stats.known(stem_keys(w)) or (
            lexicon is not None and any(k in lexicon.single for k in stem_keys(w))))
    low = text.lower()
    if termvec is not None:
        termvec.warm([t for t in content_tokens(text) if not t.isdigit()])
    excluded_toks = set(tokens(" ".join(m.group(1) for m in _EXCLUDED.finditer(text))))
    years = {int(y) for y in YEAR_RE.findall(_EXCLUDED.sub(" ", text))}
    for m in _YEAR_RANGE.finditer(text):
        a, b = (int(x) for x in (m.group(1, 2) if m.group(1) else m.group(3, 4)))
        if a < b <= a + 30:
            years |= set(range(a, b + 1))
    nums = set()
    for m in extract_numbers(text):
        if m.kind == "number" and m.canon.isdigit() and int(m.canon) in years:
            continue
        if m.kind in ("date", "day"):
            continue
        nums.add(m.canon)
    # an ordinal ("the 35th anniversary", "het 35ste jubileum") names its number too
    nums.update(str(int(m.group(1))) for m in _ORDINAL.finditer(text))
    # so does a code of digits and capitals ("Form 1040NR"): a passage's "Form 1040" is
    # that name's number, not a figure that answers
    nums.update(str(int(m.group(1))) for m in _CODE_DIGITS.finditer(text))
    terms: list[str] = []
    keys: dict[str, frozenset[str]] = {}
    trans: dict[str, frozenset[str]] = {}
    weights: dict[str, float] = {}
    known: dict[str, bool] = {}
    compounds: dict[str, tuple] = {}
    guessed: dict[str, frozenset[str]] = {}
    begun: dict[str, frozenset[str]] = {}
    near: dict[str, frozenset[str]] = {}
    separable = _particle_verbs(text, lexicon) if lexicon is not None and language == "nl" else {}
    particles = {p for p, _w, _f in separable.values()}
    for tok in content_tokens(_HOW_MUCH.sub(r"\1", text)):
        if tok in particles:
            continue  # (said with its verb)
        extra: frozenset[str] = frozenset()
        if tok in separable:
            _p, tok, extra = separable[tok]
        if tok in keys or YEAR_RE.fullmatch(tok) or tok.isdigit():
            continue
        own, tr, compound, near[tok] = _term_keys(tok, lexicon, termvec)
        own |= extra
        if tok in MONTH_NAMES:
            # a month is written many ways: "september", "Sept", "sep."; "oktober", "Oct"
            own |= frozenset(k for mo in months_in(tok.capitalize()) for w in month_words(mo) for k in stem_keys(w))
        back: frozenset[str] = frozenset()
        if stats is not None and stats.n and not stats.known(own) and not stats.known(tr):
            # a word neither the documents nor their words' translations use: its
            # cognate may be one the documents use ("capacity" / "capaciteit")
            tr = tr | frozenset(k for choices in cognate_forms(tok) for c in choices
                                for k in stem_keys(c) if k in stats.df)
            if lexicon is not None and not stats.known(tr):
                # nor a cognate: words of its own language its translations translate
                # back to ("fall" -> "afnemen" -> "decline"), those the documents use; a
                # guess two steps away, so they match, but the word still weighs and
                # counts as one the documents do not know ("permit" -> "toelaten" -> "put")
                back = frozenset(k for k in lexicon.back_translate(tok) if k in stats.df)
            if not back and not stats.known(tr):
                # nor translated back: a document word spelled almost as it is (a typing
                # error, "inhabitnts"), searched for and weighed as that word
                alike = {k for key in own for k in stats.spelled_alike(key)}
                # (with what the word meant translates to: "inwonres" -> "inwoner" -> "inhabit")
                tr = tr | alike | frozenset(t for k in alike for t in (lexicon.single.get(k, ()) if lexicon else ())
                                            if t in stats.df)
        if compound is not None and not (stats is not None and stats.n and stats.known(stem_keys(tok))):
            # a compound the documents never write: only the whole of it is about it
            # (one the documents do write may be said in parts the dictionary lacks)
            compounds[tok] = compound
        terms.append(tok)
        keys[tok] = own
        trans[tok] = tr
        if stats is not None and stats.n:
            k_own = stats.known(own)
            k_tr = stats.known(tr)
            known[tok] = k_own or k_tr
            if k_own or not k_tr:
                w = stats.idf(own)
            else:  # found only through a translation: weigh it as the translation
                w = stats.idf({k for k in tr if k in stats.df})
        else:
            known[tok] = True
            w = 1.0
        trans[tok] = tr | back
        if stats is not None and stats.n:
            begun[tok] = frozenset(x for k in tr if len(k) >= TRANS_PREFIX for x in stats.begun_by(k)) - tr
        if back - tr:
            guessed[tok] = back - tr
        if tok in excluded_toks:
            w *= 0.5
        weights[tok] = w
    trend = bool(_TREND_CUES.search(low)) and not _WHY.match(low) and not WHO_START.match(low)
    wants_year = bool(_YEAR_CUES.search(low))
    wants_date = bool(_DATE_CUES.search(low)) and not wants_year
    chrono = 0 if wants_year or wants_date else _chrono(low)
    form_trans: dict[str, frozenset[str]] = {}
    year_part = {m.group(1).lower() for m in (*_YEAR_PART.finditer(text), *_YEARS_FROM.finditer(text))}
    # "what time", "hoe laat", "welke tijden": the words that ask for a time of day
    year_part |= {w for m in _CLOCK_CUES.finditer(low) for w in tokens(m.group(0)) if _CLOCK_FORM.fullmatch(w)}
    # "the average of A and B": the word that says to take their mean
    average = _averaged(low)
    if average:
        year_part |= {w for m in _AVERAGE_CUES.finditer(low) for w in tokens(m.group(0))}
    # a bound on what is counted ("metaclusters with 3 or more rows") compares nothing,
    # nor does "other than" ("a language other than Dutch": not that one)
    unbound = _NOT_COMPARED.sub(" ", _BOUND.sub(" ", _CONDITION.sub(" ", low)))
    comparatives = {t for t in tokens(unbound) if _comparative(t, lexicon)}
    compare = bool(_COMPARE_CUES.search(unbound) or comparatives) and (len(years) >= 2 or bool(re.search(
        r"\b(than|dan|versus|vs|compared|compares?|verhoudt|verhouden|vergeleken|ten opzichte|t\.o\.v|or|of|"
        r"between|tussen)\b",
        unbound)) or bool(
        _WHICH_MORE.search(unbound)))
    measure = next((kind for kind, rx in _MEASURE_CUES.items() if rx.search(low)), "")
    where = bool(_WHERE_START.match(low))
    if trend or chrono or year_part or compare or measure or where:
        # the words that say how to answer ("developed", "the oldest", "higher than", "how
        # long") or which point of a year ("at the start of 2012"), not what about
        form = [tok for tok in terms
                if (trend and _TREND_FORM.fullmatch(tok)) or (chrono and _CHRONO_CUES.fullmatch(tok))
                or (compare and (_COMPARATIVE.fullmatch(tok) or _COMPARE_FORM.fullmatch(tok) or tok in comparatives))
                or (measure and _MEASURE_FORM.fullmatch(tok))
                or (where and _WHERE_FORM.fullmatch(tok)) or tok in year_part]
        if len(form) < len(terms):
            for tok in form:
                terms.remove(tok)
                form_trans[tok] = trans.pop(tok)
                del keys[tok], weights[tok], known[tok]
    # "by what percentage did the number of X rise": the percent is the change's, the
    # figures asked for are the counts it is between
    wants_percent = bool(_PERCENT_CUES.search(_PERCENT_CHANGE.sub(" ", low)))
    wants_ratio = bool(_RATIO_CUES.search(low))
    # (a balance, "the migration balance", is what came in less what went out)
    difference = bool(_DIFF_CUES.search(low) or _BALANCE_CUES.search(low)) and not _WHY.match(low)
    # "Wat was de groei van Goa in 1971-1981?": a word of change with one period named
    # asks for the figure of that period (the change over it), not for a difference
    # between two figures
    times = {m.group(0) for m in _TIME_SPAN.finditer(text)}
    if difference and len(times) == 1 and re.search(r"[-–]", next(iter(times))) \
            and not _DIFF_CUES.search(CHANGE_WORDS.sub(" ", low)):
        difference = False
    if difference and _adds_up(low) and not _DIFF_CUES.search(_ADDED_UP.sub(" ", low)):
        # "Ohio's and Michigan's checks added together": "added" adds them up, no change
        difference = False
    if difference and not years and _WHAT_CHANGED.match(low):
        # "What was changed in version 2.1?": what the change was, not how much
        difference = False
    unknown_years = {y for y in years if stats is not None and stats.n and str(y) not in stats.df}
    unknown_month_years = _years_of_unknown_months(text, stats) if years else set()
    since = [int(m.group(1)) for m in _SINCE.finditer(text)]
    since_year = since[0] if len(since) == 1 and len(years) == 1 and since[0] in years else None
    threshold = _threshold(text, years)
    thing_asked = _asks_a_thing(low)
    return Question(
        text=text, language=language, terms=terms, keys=keys, trans=trans, weights=weights, guessed=guessed,
        known=known, years=years, unknown_years=unknown_years, unknown_month_years=unknown_month_years, numbers=nums,
        wants_number=(bool(_NUMBER_CUES.search(low)) and not thing_asked) or wants_percent or wants_ratio,
        wants_percent=wants_percent, wants_ratio=wants_ratio, wants_year=wants_year,
        wants_date=wants_date, wants_list=bool(_LIST_CUES.search(low)),
        wants_money=bool(MONEY_CUES.search(low)) and not thing_asked, wants_clock=bool(_CLOCK_CUES.search(low)) and not (
            YES_NO_START.match(low) and _OPEN_WORD.search(low) and not re.search(r"\d", low)),
        hours=bool(_HOURS_CUES.search(low)),
        measure=measure,
        compare=compare, difference=difference, trend=trend, rank=bool(_RANK_CUES.search(low)),
        sum=_adds_up(low), average=average,
        negative=bool(_NEGATIVE_CUES.search(low) and _WHICH.match(low)),
        how_many=bool(_HOW_MANY.match(low)),
        count_rows=bool(_HOW_MANY.match(low)) and (bool(_NEGATIVE_CUES.search(low)) or threshold is not None),
        count_listed=bool(_HOW_MANY.match(low)) and bool(_TABLE_ASKED.search(low)) and threshold is None
        and not _NEGATIVE_CUES.search(low),
        past_bound=bool(_WHICH.match(low)) and threshold is not None and not _NEGATIVE_CUES.search(low),
        chrono=chrono,
        balance=bool(_BALANCE_CUES.search(low)),
        threshold=threshold,
        since=since_year, form_trans=form_trans, names=names_in(text, set(terms), stats), near=near,
        abbrev=_abbreviations(text, terms, stats, lexicon),
        compounds={t: c for t, c in compounds.items() if t in keys}, begun={t: b for t, b in begun.items() if b},
        attribute=_attribute_head(text, keys),
    )


_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# the longest particle of a Dutch separable verb ("plaats" in "vond plaats")
PARTICLE_MAX = 7


def _particle_verbs(text: str, lexicon) -> dict[str, tuple[str, str, frozenset[str]]]:
    """Dutch separable verbs a question writes in two ("Op welke terreinen zet de gemeente
    in?", "Wie stelde de visie vast?"): verb form -> (particle, the verb as one word, the
    stems of its one-word forms), by :meth:`Lexicon.particle_verb`. A particle stands
    last in its clause or before a preposition ("zet ... in op X"); before anything else
    it is a preposition with its object ("wonen in Leiden"). Of the words before it, the
    first that makes a verb with it is the verb: a question puts its finite verb first
    or second ("ving Leiden op": "vangen", not "Leiden"). A stop word is no such verb
    ("met" and "op" make "opmeten", but "Met wie trekt de gemeente op?" asks "optrekken")."""
    out: dict[str, tuple[str, str, frozenset[str]]] = {}
    for clause in re.split(r"[?.!,;:]", text):
        toks = tokens(clause)
        for i, p in enumerate(toks):
            if not (p.isalpha() and len(p) <= PARTICLE_MAX) or (i + 1 < len(toks) and toks[i + 1] not in PREPOSITIONS_NL):
                continue
            for v in toks[:i]:
                if v.isalpha() and v != p and v not in STOPWORDS and v not in out \
                        and (found := lexicon.particle_verb(v, p)) is not None:
                    out[v] = (p, *found)
                    break
    return out


# "how many pupils", "hoeveel nieuwe leerlingen": the words that say what is counted
_COUNTED = re.compile(r"\b(?:how\s+many|hoeveel|number\s+of|aantal)\s+"
                      r"((?:[^\W\d_][\w'’-]*\s+){0,2}[^\W\d_][\w'’-]*)", re.I)


# "how many of the X are Y", "hoeveel van de X zijn Y": Y, the part of X counted ("hoeveel
# daarvan zijn Y", "how many of them are Y": of the X asked before)
_COUNTED_AMONG = re.compile(r"\b(?:(?:how\s+many|hoeveel)\s+(?:of|van)\s+(?:the|de|het|these|those|them|hen|die|deze)\b|"
                            r"hoeveel\s+(?:daarvan|ervan|hiervan)\b|"
                            # "what percentage of the X are Y", "welk deel van de X is Y": Y of X, as a share
                            r"(?:what|which|welk|welke|hoeveel)\s+(?:percentage|share|proportion|part|deel|procent|"
                            r"aandeel)\s+(?:of|van)\s+(?:the|de|het|these|those|them|hen|die|deze)\b)"
                            r"[^?]*?\b(?:are|were|is|was|zijn|waren|is|was)\s+(?:an?\s+|een\s+)?"
                            r"((?:[^\W\d_][\w'’-]*\s*){1,3})", re.I)


def counted_terms(q: "Question") -> set[str]:
    """The question's search words among the three words after "how many" / "hoeveel"
    (what it counts: "Hoeveel leerlingen begon de school mee?" -> {"leerlingen", "begon"});
    empty without such a phrase.

    >>> sorted(counted_terms(analyze("How many of the refugees came from Syria?", "en")))
    ['refugees']
    >>> sorted(counted_terms(analyze("How many of the internationals in the region are expats?", "en")))
    ['expats']
    >>> sorted(counted_terms(analyze("Hoeveel daarvan zijn expats? Hoeveel internationals wonen er in de regio?", "nl")))
    ['expats']
    >>> counted_terms(analyze("Hoeveel procent van de respondenten wil helpen?", "nl"))
    set()
    >>> counted_terms(analyze("Hoeveel kost een nieuwe pas?", "nl"))
    set()
    """
    if q.wants_money:  # "hoeveel kost een nieuwe pas": an amount of money, no things counted
        return set()
    # "how many of the internationals are expats?": of those, the ones it names after the verb
    # (also "what percentage of the internationals are expats?": those, of all)
    among = _COUNTED_AMONG.search(q.text)
    if among is not None and (which := {tok for tok in tokens(among.group(1)) if tok in q.keys}):
        return which
    m = _COUNTED.search(q.text)
    if m is None or _PERCENT_CUES.match(m.group(1)):  # "hoeveel procent van ...": a share, not a count
        return set()
    return {tok for tok in tokens(m.group(1)) if tok in q.keys}


# money counted in the plural forms the money words above do not match: "how many euros"
_MONEY_COUNTED = re.compile(r"(?:euros|dollars?|pounds|cents|guilders|gulden|bedragen)\b", re.I)
_YEARS_COUNTED = re.compile(r"(?:years?|jaar|jaren)\b", re.I)  # "how many years": a span of time


# "in absolute numbers", "in absolute aantallen": a count, not a share of a whole
_ABSOLUTE = re.compile(r"\b(?:in absolute (?:numbers|terms|figures)|absolute (?:number|aantallen|aantal)|in absolute zin)\b",
                       re.I)


def absolute_asked(q: "Question") -> bool:
    """Whether a question that counts things says it wants the count itself, not a share
    ("How many internationals filled in the survey, in absolute numbers?")."""
    return bool(_ABSOLUTE.search(q.text))


# words for a measure: "the number of X", "het aandeel X" ask for a figure of X
MEASURE_WORD = re.compile(r"number|amount|share|percentage|proportion|total|count|rate|percent|aantal|aandeel|"
                          r"hoeveelheid|totaal|deel|procent", re.I)


def _attribute_head(text: str, terms) -> str | None:
    """The head of the attribute asked (the last question term before the preposition);
    none when a word for a measure stands in it: "the total number of long gun checks",
    "het aantal inwoners van de stad" ask for a figure, which the passages need not call a
    number."""
    m = _ATTRIBUTE.match(text)
    if not m:
        return None
    words = [t for t in content_tokens(m.group(1)) if t in terms]
    # (nor does a word for a difference or a change: "het verschil in afvalstoffenheffing
    # tussen ...", "the increase of ...", which the answer computes)
    if any(_DIFF_CUES.fullmatch(w) or CHANGE_WORDS.fullmatch(w) for w in words):
        return None
    if words and WHO_START.match(text):
        # "wie is de wethouder Kennisstad en internationalisering in ...": the role comes first
        return words[0]
    return words[-1] if words and not any(MEASURE_WORD.fullmatch(w) for w in words) else None


def asks_development(q: "Question") -> bool:
    """A trend question that asks how something developed, not only what happened since a
    year ("how many since 2022?" may be one figure)."""
    return q.trend and bool(_TREND_CUES.search(_SINCE_YEAR.sub(" ", q.text)))


def counts_things(q: "Question") -> bool:
    """Whether the question asks how many things there are ("Hoeveel kleine ondernemers
    betalen reinigingsrecht?"), not a share, a ratio, an amount of money ("Hoeveel
    kost een pas?", "Hoeveel euro betaalt u?") or a span of years. (A share still answers
    how many of a whole have something, "Hoeveel Leidenaren hebben een
    migratieachtergrond?", unless the count itself is asked: :func:`absolute_asked`.)

    >>> counts_things(analyze("Hoeveel kleine ondernemers betalen reinigingsrecht?", "nl"))
    True
    >>> counts_things(analyze("Hoeveel euro betaalt een huishouden?", "nl"))
    False
    >>> counts_things(analyze("Hoeveel bedroeg de afvalstoffenheffing in 2023?", "nl"))  # how much
    False
    >>> counts_things(analyze("Hoeveel geld trekt de gemeente uit voor taalles?", "nl"))
    False
    """
    if not q.how_many or q.wants_percent or q.wants_ratio or (q.wants_money and (q.compare or q.difference)):
        return False  # ("hoeveel meer afvalstoffenheffing betaalt ...": an amount compared)
    m = _COUNTED.search(q.text)
    return m is not None and not (MONEY_CUES.match(m.group(1)) or _MONEY_COUNTED.match(m.group(1))) \
        and not _YEARS_COUNTED.match(m.group(1))


def counts_years(q: "Question") -> bool:
    """Whether a "how many" question counts years, a span of time ("Hoeveel jaar bestond
    de stedenband in 2023?", "How many years ...").

    >>> counts_years(analyze("Hoeveel jaar bestond de stedenband met Toruń in 2023?", "nl"))
    True
    >>> counts_years(analyze("How many cities is Leiden twinned with?", "en"))
    False
    """
    m = _COUNTED.search(q.text) if q.how_many else None
    return m is not None and bool(_YEARS_COUNTED.match(m.group(1)))


def _chrono(low: str) -> int:
    """-1 for "which ... is the oldest / came first", +1 for "... the newest"; 0 otherwise
    (also for "when was the first ...": a date asked, not a ranking).

    >>> _chrono("which twin city link is the oldest?"), _chrono("welke school is het nieuwst?")
    (-1, 1)
    >>> _chrono("when was the first monitor published?"), _chrono("which city has the most residents?")
    (0, 0)
    """
    m = _CHRONO_CUES.search(low) if _WHICH.match(low) else None
    return 0 if m is None else (-1 if m.group(1) else 1)


# "how many females under 18 were ...", "people over 65", "under 18 years", "aged under
# 18", "hoeveel inwoners onder 18": a group named by its age, not a bound the figures are
# compared with
_GROUP_BOUND = re.compile(
    r"\b(?:how\s+many|hoeveel)\s+[^\W\d_]+\s+(?:aged\s+)?(?:under|over|below|above|onder|boven)\s+(?=\d)|"
    # "arrests of people under 18", "among residents over 65": a group after a preposition
    r"\b(?:of|for|among|by|van|voor|bij)\s+[^\W\d_]+\s+(?:aged\s+)?(?:under|over|below|above|onder|boven)\s+"
    r"(?=\d{1,3}(?![\d.,]|\s*%|\s*procent|\s*percent))|"
    r"\baged\s+(?:under|over|below|above)\s+(?=\d)|"
    r"\b(?:under|over|onder|boven)\s+(?=\d{1,3}\s*(?:years?|jaar)\b)", re.I)


def _threshold(text: str, years: set[int]) -> tuple[float, bool, bool] | None:
    """(value, percent, more) of the one number the question compares with ("higher
    than 15%" -> (15.0, True, True)); None without one, for a year ("more than in 2019"),
    or for an age that names a group ("how many females under 18 ...": _GROUP_BOUND).

    >>> _threshold("How many states had more than 100,000 checks?", set())
    (100000.0, False, True)
    >>> _threshold("How many females under 18 were arrested for burglary?", set()) is None
    True
    >>> _threshold("How many arrests of people under 18 for vagrancy were there?", set()) is None
    True
    >>> _threshold("How many of the states grew by over 30%?", set())
    (30.0, True, True)
    """
    found = []
    groups = [g.end() for g in _GROUP_BOUND.finditer(text)]
    for m in _THRESHOLD.finditer(text):
        if m.end() in groups:
            continue
        nums = [n for n in extract_numbers(text[m.end():m.end() + 24]) if n.kind == "number"][:1]
        if nums and not (nums[0].canon.isdigit() and int(nums[0].canon) in years):
            found.append((nums[0].signed, nums[0].percent, bool(m.group(1) or m.group(3))))
    return found[0] if len(found) == 1 else None


def names_in(text: str, terms: set[str], stats: "TermStats | None" = None) -> frozenset[str]:
    """The ``terms`` that ``text`` writes with a capital where a sentence does not start
    (a name: "Hoeveel leerlingen heeft TISA?" -> {"tisa"}); month names are not names.
    A question written without any capital ("how many pupils does tisa have?") names
    what the documents write as a name (``stats``: TermStats.written_as_name).

    >>> sorted(names_in("How many pupils does TISA have? And Oxford in May?", {"pupils", "tisa", "oxford", "may"}))
    ['oxford', 'tisa']
    >>> names_in("HOW MANY PUPILS DOES TISA HAVE?", {"pupils", "tisa"})
    frozenset()
    """
    if stats is not None and stats.n and not any(c.isupper() for c in text):
        return frozenset(t for t in terms if t not in MONTH_NAMES and stats.written_as_name(t))
    out = set()
    inner = capital = 0
    prev_end = None
    for m in _WORD.finditer(text):
        w = m.group(0)
        gap = text[prev_end:m.start()].rstrip() if prev_end is not None else None
        prev_end = m.end()
        if gap is None or gap[-1:] in (".", "?", "!", ":"):  # a sentence starts here
            continue
        inner += 1
        if not w[0].isupper():
            continue
        capital += 1
        tok = next(iter(tokens(w)), "")
        if tok in terms and tok not in MONTH_NAMES:
            out.add(tok)
    # a question In Title Case or IN CAPITALS says nothing by its capitals
    return frozenset(out) if 4 * capital <= 3 * inner else frozenset()

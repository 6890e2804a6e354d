"""Deterministic synthetic corpora for the speed benchmark (``python -m eval.bench``).

Writes real files into a folder so that ingest runs the real loaders and chunker:
Dutch (and some English) policy-style documents in Markdown and plain text, with
headings, numbers, percentages and years, plus CSV tables of figures per
neighbourhood and year. The prose looks like a municipal monitor; it is not true.

    >>> from eval.synth import generate_corpus
    >>> info = generate_corpus("/tmp/corpus-1k", chunks=1000, seed=7)   # doctest: +SKIP
    >>> info.files, info.estimated_chunks                                # doctest: +SKIP

Determinism: document ``i`` depends only on ``(seed, i)``, so the corpus for a smaller
size is a prefix of the corpus for a larger one (same files, same bytes). That lets one
embedding cache serve 1k, 10k and 100k chunks.

Size: a prose paragraph is one chunk (paragraphs stay well under the 96-token chunk
size) and a table row is one chunk; headings are not chunks. Files are added until the
estimate reaches the requested number; the benchmark reports the count the chunker
actually produced.
"""
from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

WIJKEN = [
    "Binnenstad-Noord", "Binnenstad-Zuid", "Stationsdistrict", "Leiden-Noord", "Roodenburgerdistrict",
    "Bos- en Gasthuisdistrict", "Morsdistrict", "Boerhaavedistrict", "Merenwijk", "Stevenshof",
    "Slaaghwijk", "Tuinstadwijk", "De Kooi", "Professorenwijk", "Zeeheldenbuurt", "Bio Science Park",
]
GROEPEN_NL = ["internationale studenten", "kenniswerkers", "arbeidsmigranten", "vluchtelingen",
              "promovendi", "expats", "statushouders", "Oekraïense ontheemden", "internationale gezinnen"]
GROEPEN_EN = ["international students", "knowledge workers", "labour migrants", "refugees",
              "PhD candidates", "expats", "status holders", "displaced Ukrainians", "international families"]
THEMAS_NL = ["huisvesting", "onderwijs", "werk en inkomen", "zorg", "inburgering", "taalles", "cultuur",
             "sport en bewegen", "veiligheid", "bereikbaarheid", "informatievoorziening", "participatie"]
THEMAS_EN = ["housing", "education", "work and income", "healthcare", "civic integration", "language classes",
             "culture", "sport", "safety", "accessibility", "information services", "participation"]
ORGS = ["Universiteit Leiden", "LUMC", "Hogeschool Leiden", "Leiden Bio Science Park", "het Expat Centre Leiden",
        "de ISD Holland Rijnland", "Holland Rijnland", "de Bibliotheek Leiden", "Naturalis", "ROC Leiden",
        "het International Welcome Centre", "Stichting Vluchtelingenwerk"]
NATIONALITEITEN = ["Poolse", "Duitse", "Indiase", "Chinese", "Italiaanse", "Turkse", "Oekraïense", "Syrische",
                   "Britse", "Amerikaanse", "Spaanse", "Griekse", "Roemeense", "Bulgaarse"]
DOC_KINDS_NL = ["Monitor internationalisering", "Uitvoeringsprogramma internationalisering",
                "Raadsinformatiebrief internationalisering", "Evaluatie welkomstbeleid",
                "Jaarverslag internationale samenleving", "Wijkanalyse internationals"]
DOC_KINDS_EN = ["International community monitor", "Internationalisation programme summary",
                "Welcome policy evaluation"]
VERBS_NL = ["is gestegen tot", "is gedaald tot", "bedroeg", "kwam uit op", "lag op", "groeide naar"]
VERBS_EN = ["rose to", "fell to", "stood at", "came to", "reached", "amounted to"]


def _pct(rng: random.Random) -> str:
    return f"{rng.randint(1, 48)},{rng.randint(0, 9)}%"


def _pct_en(rng: random.Random) -> str:
    return f"{rng.randint(1, 48)}.{rng.randint(0, 9)}%"


def _count(rng: random.Random) -> str:
    n = rng.choice([rng.randint(12, 999), rng.randint(1000, 25000)])
    return f"{n:,}".replace(",", ".")


def _sentence_nl(rng: random.Random, year: int) -> str:
    g, w, t, o = rng.choice(GROEPEN_NL), rng.choice(WIJKEN), rng.choice(THEMAS_NL), rng.choice(ORGS)
    y = rng.randint(year - 6, year)
    forms = [
        lambda: f"Het aantal {g} in {w} {rng.choice(VERBS_NL)} {_count(rng)} in {y}.",
        lambda: f"In {y} woonde {_pct(rng)} van de {g} in {w}, tegen {_pct(rng)} een jaar eerder.",
        lambda: f"Voor {t} trekt de gemeente in {y} € {rng.randint(20, 900)}.000 uit, samen met {o}.",
        lambda: f"Uit de stads- en wijkenquête van {y} blijkt dat 1 op de {rng.randint(3, 12)} {g} moeite heeft met {t}.",
        lambda: f"Het aandeel inwoners met een {rng.choice(NATIONALITEITEN)} nationaliteit {rng.choice(VERBS_NL)} {_pct(rng)} in {y}.",
        lambda: f"{o[0].upper() + o[1:]} begeleidde in {y} ruim {_count(rng)} {g} bij {t}.",
        lambda: f"De wachttijd voor {t} bedroeg in {y} gemiddeld {rng.randint(2, 40)} weken.",
        lambda: f"Sinds {y} werkt de gemeente met {o} aan betere {t} voor {g}.",
        lambda: f"De raad heeft op {rng.randint(1, 28)} {rng.choice(['januari', 'maart', 'mei', 'september', 'november'])} {y} ingestemd met extra middelen voor {t}.",
    ]
    return rng.choice(forms)()


def _sentence_en(rng: random.Random, year: int) -> str:
    g, w, t, o = rng.choice(GROEPEN_EN), rng.choice(WIJKEN), rng.choice(THEMAS_EN), rng.choice(ORGS)
    y = rng.randint(year - 6, year)
    forms = [
        lambda: f"The number of {g} in {w} {rng.choice(VERBS_EN)} {rng.randint(12, 25000):,} in {y}.",
        lambda: f"In {y}, {_pct_en(rng)} of {g} lived in {w}, compared with {_pct_en(rng)} a year earlier.",
        lambda: f"For {t} the municipality set aside € {rng.randint(20, 900)},000 in {y}, together with {o}.",
        lambda: f"The {y} city survey shows that 1 in {rng.randint(3, 12)} {g} finds {t} difficult.",
        lambda: f"Waiting times for {t} averaged {rng.randint(2, 40)} weeks in {y}.",
        lambda: f"Since {y} the city has worked with {o} on better {t} for {g}.",
    ]
    return rng.choice(forms)()


@dataclass
class CorpusInfo:
    folder: Path
    files: int
    documents: int
    tables: int
    estimated_chunks: int


def _document(i: int, seed: int, folder: Path) -> tuple[list[tuple[str, str]], int]:
    """Files (name, text) of document group ``i`` and its estimated chunk count."""
    rng = random.Random(f"vraagbaak-synth-{seed}-{i}")
    english = rng.random() < 0.2
    year = rng.randint(2016, 2024)
    sentence = _sentence_en if english else _sentence_nl
    kind = rng.choice(DOC_KINDS_EN if english else DOC_KINDS_NL)
    title = f"{kind} {year} — deel {i + 1}" if not english else f"{kind} {year} — part {i + 1}"
    themes = THEMAS_EN if english else THEMAS_NL
    md = rng.random() < 0.6
    lines = [f"# {title}" if md else title, ""]
    if not md:
        lines += ["Jaartal" if not english else "Year", "", str(year), ""]
    chunks = 0
    for s in range(rng.randint(5, 9)):
        theme = rng.choice(themes)
        head = f"{s + 1}. {theme.capitalize()}" if not english else f"{s + 1}. {theme.capitalize()}"
        lines += [f"## {head}" if md else head, ""]
        for _ in range(rng.randint(4, 9)):
            lines += [" ".join(sentence(rng, year) for _ in range(rng.randint(1, 3))), ""]
            chunks += 1
    ext = ".md" if md else ".txt"
    files = [(f"doc-{i:05d}{ext}", "\n".join(lines))]
    if i % 3 == 2:  # every third document comes with a table of figures
        rows = []
        measure = rng.choice(GROEPEN_NL)
        for w in rng.sample(WIJKEN, rng.randint(4, 8)):
            for y in range(year - rng.randint(2, 5), year + 1):
                rows.append({"wijk": w, "jaar": y, "groep": measure, "aantal": rng.randint(10, 9000),
                             "aandeel": f"{rng.randint(1, 40)},{rng.randint(0, 9)}",
                             "bron": f"https://example.org/leiden/monitor/{year}/tabel-{i}"})
        files.append((f"tabel-{i:05d}-{measure.replace(' ', '-')}.csv", rows))  # type: ignore[arg-type]
        chunks += len(rows)
    return files, chunks


def generate_corpus(folder: str | Path, chunks: int, seed: int = 7) -> CorpusInfo:
    """Write a corpus of roughly ``chunks`` chunks into ``folder`` (created; existing
    files with the same names are overwritten) and describe it."""
    if chunks < 1:
        raise ValueError(f"chunks must be at least 1, got {chunks}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    total = files = docs = tables = 0
    i = 0
    while total < chunks:
        parts, n = _document(i, seed, folder)
        for name, content in parts:
            path = folder / name
            if isinstance(content, str):
                path.write_text(content + "\n", encoding="utf-8")
                docs += 1
            else:
                with open(path, "w", encoding="utf-8", newline="") as fh:
                    w = csv.DictWriter(fh, fieldnames=list(content[0]))
                    w.writeheader()
                    w.writerows(content)
                tables += 1
            files += 1
        total += n
        i += 1
    return CorpusInfo(folder, files, docs, tables, total)


def questions(n: int = 40, seed: int = 7) -> list[dict]:
    """A fixed mix of Dutch and English questions (half each, alternating) in the style
    of the corpus: counts, shares, budgets and waiting times per neighbourhood and year."""
    rng = random.Random(f"vraagbaak-questions-{seed}")
    out = []
    for k in range(n):
        y = rng.randint(2012, 2024)
        w = rng.choice(WIJKEN)
        gi = rng.randrange(len(GROEPEN_NL))
        ti = rng.randrange(len(THEMAS_NL))
        if k % 2 == 0:
            q = rng.choice([
                f"Hoeveel {GROEPEN_NL[gi]} woonden er in {y} in {w}?",
                f"Welk percentage van de {GROEPEN_NL[gi]} woonde in {y} in {w}?",
                f"Hoeveel geld trekt de gemeente in {y} uit voor {THEMAS_NL[ti]}?",
                f"Hoe lang was de wachttijd voor {THEMAS_NL[ti]} in {y}?",
                f"Met welke organisatie werkt de gemeente aan {THEMAS_NL[ti]} voor {GROEPEN_NL[gi]}?",
            ])
            lang = "nl"
        else:
            q = rng.choice([
                f"How many {GROEPEN_EN[gi]} lived in {w} in {y}?",
                f"What share of {GROEPEN_EN[gi]} lived in {w} in {y}?",
                f"How much money did the city set aside for {THEMAS_EN[ti]} in {y}?",
                f"What was the waiting time for {THEMAS_EN[ti]} in {y}?",
                f"Which organisation does the city work with on {THEMAS_EN[ti]} for {GROEPEN_EN[gi]}?",
            ])
            lang = "en"
        out.append({"id": f"b{k:03d}", "lang": lang, "question": q})
    return out

"""The tiny corpus of the ``tiny_corpus`` fixture: a monitor page (Dutch prose with a
percentage, a written-out number and sister cities), the vision page (a date), a CSV
table of figures (with years and source URLs), and their ``sources.toml``."""
from __future__ import annotations

from pathlib import Path

MONITOR = """Monitor internationalisering

Internationalisering van de Leidse bevolking

Met 13,1% is dit jaar 1 op de 8 Leidenaren een international. Uit de cijfers is op te maken dat een groot aantal (meer dan achthonderd) Oekraïners in 2022 in Leiden kwam wonen.

Ontwikkelingen

Leiden heeft een stedenband met Nagasaki, Oxford en Toruń.
"""

VISIE = """Visie internationalisering

De visie die op 17 september 2020 is vastgesteld door de gemeenteraad wordt aangevuld met een uitvoeringprogramma.
"""

FIGURES = """topic,measure,year,value,unit,source_url
population,inhabitants of Leiden on 1 January,2024,130067,persons,https://example.org/bevolking
students,students with a non-Dutch nationality at Leiden University,2021,6891,persons,https://example.org/students
"""

SOURCES_TOML = '["monitor.txt"]\ntitle = "Monitor 2023"\nurl = "https://example.org/monitor"\nyear = 2023\n'


def write_tiny_corpus(folder: Path) -> Path:
    """monitor.txt, visie.txt, figures.csv and sources.toml in ``folder`` (created)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "monitor.txt").write_text(MONITOR, encoding="utf-8")
    (folder / "visie.txt").write_text(VISIE, encoding="utf-8")
    (folder / "figures.csv").write_text(FIGURES, encoding="utf-8")
    (folder / "sources.toml").write_text(SOURCES_TOML, encoding="utf-8")
    return folder

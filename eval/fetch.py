"""Real third-party PDFs for the extra eval corpora, fetched at set-up time (never
committed): test fixtures of PDF libraries, from their source archives on PyPI.

    python -m eval.fetch [--dest var/eval-docs]

``tabula``    tabula-py's fixtures (MIT licence): a table of the U.S. Statistical Abstract
              (arrests by sex and age, and by race, 2009: two tables on one page, grouped
              two-level headers, figures in thousands), the ``mtcars`` data set (a table
              whose headers are written short: "mpg", "hp", "wt") and a list of campaign
              donors (Spanish; dates, amounts in "$ 10.000,00", identifiers).
``fixtures``  pypdf's (BSD licence) and pikepdf's (MPL 2.0) fixtures: a scanned diary of the
              siege of Vicksburg with its OCR text layer (a narrow column beside a picture,
              a caption set beside the text), a Canadian data model (a title page, a
              revision history table, a list of abbreviations, UML diagrams of many small
              labels) and two U.S. government forms (ruled boxes, instructions, addresses).
``pdfminer``  pdfminer's sample documents (MIT licence for the package; the samples are
              U.S. government publications and a research paper): the Copyright Office's
              summary of the DMCA (footnotes, numbered sections), the IRS instructions for
              Form 1040NR (50 pages in two columns, proof marks in the margins, tax tables)
              and a two-column conference paper (an abstract, result tables).
``invoices``  invoice2data's test invoices (MIT licence for the package), the three in
              English: an Amazon Web Services bill (a summary, charges per service, each
              service's lines indented under it), a web shop's invoice (a product line
              under its column names, addresses side by side) and a hotel's payment
              receipt (fields printed with their label over their value).

Each archive is pinned by version and SHA-256. Exit 0 when every corpus's PDFs are there
(fetched or already present), 1 when one could not be fetched (no network, another
archive): that corpus is then skipped.
"""
from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from config import ROOT


@dataclass(frozen=True)
class Archive:
    requirement: str          # what pip downloads ("tabula-py==2.9.0")
    name: str                 # the file it writes
    sha256: str
    members: dict[str, str]   # path in the archive -> file name in the corpus


SOURCES: dict[str, tuple[Archive, ...]] = {
    "tabula": (
        Archive("tabula-py==2.9.0", "tabula-py-2.9.0.tar.gz",
                "a2cc01970e799bf66206d8b30deb22bbc325d6847460c3197d5bc2063cb34713",
                {f"tabula-py-2.9.0/tests/resources/{n}": n for n in ("12s0324.pdf", "campaign_donors.pdf", "data.pdf")}),
    ),
    "fixtures": (
        Archive("pypdf==7.1.1", "pypdf-7.1.1.tar.gz",
                "2eff4e2fc5fb22a6d6711e6f1166cdc9ab5765d90cd0d77dfea3f4aa91a27b1d",
                {f"pypdf-7.1.1/resources/{n}": n
                 for n in ("Seige_of_Vicksburg_Sample_OCR.pdf", "GeoBase_NHNC1_Data_Model_UML_EN.pdf")}),
        Archive("pikepdf==10.18.0", "pikepdf-10.18.0.tar.gz",
                "cb555ebff93482e8a6eb55881488b469bbb2b5675161c1b93a0510a8642d98d0",
                {f"pikepdf-10.18.0/tests/resources/{n}": n for n in ("form_dd0293.pdf", "form_210966.pdf")}),
    ),
    "pdfminer": (
        Archive("pdfminer==20191125", "pdfminer-20191125.tar.gz",
                "9e700bc731300ed5c8936343c1dd4529638184198e54e91dd2b59b64a755dc01",
                {f"pdfminer-20191125/samples/nonfree/{n}": n
                 for n in ("dmca.pdf", "i1040nr.pdf", "naacl06-shinyama.pdf")}),
    ),
    "invoices": (
        Archive("invoice2data==0.3.6", "invoice2data-0.3.6.tar.gz",
                "59d4c9e72cfb1577a74f25dd004c8d5d222bd3f82457489293c093bbec099761",
                {f"invoice2data-0.3.6/tests/compare/{n}": n
                 for n in ("AmazonWebServices.pdf", "FlipkartInvoice.pdf", "oyo.pdf")}),
    ),
}
DEST = ROOT / "var" / "eval-docs"


def fetch_archive(archive: Archive, dest: Path) -> list[Path]:
    """The archive's PDFs in ``dest``, downloading and unpacking it when one is missing."""
    wanted = [dest / name for name in archive.members.values()]
    if all(p.is_file() for p in wanted):
        return wanted
    with tempfile.TemporaryDirectory() as tmp:
        # pip knows the index (and any mirror the machine is set up with); the source
        # archive, not a wheel: the fixtures are only in the source
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                        "--dest", tmp, archive.requirement], check=True, timeout=300)
        path = Path(tmp) / archive.name
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != archive.sha256:
            raise ValueError(f"{archive.name}: SHA-256 {digest} is not the pinned {archive.sha256}")
        dest.mkdir(parents=True, exist_ok=True)
        with tarfile.open(path) as tar:
            for member, name in archive.members.items():
                src = tar.extractfile(member)
                if src is None:
                    raise ValueError(f"{archive.name}: {member} missing")
                tmp_out = dest / f".{name}.part"
                tmp_out.write_bytes(src.read())
                tmp_out.replace(dest / name)
    return wanted


def fetch(corpus: str, dest: Path = DEST) -> list[Path]:
    """The PDFs of one corpus, in ``dest``/<corpus>/."""
    return [p for archive in SOURCES[corpus] for p in fetch_archive(archive, dest / corpus)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.fetch", description=__doc__.split("\n\n")[0])
    ap.add_argument("--dest", type=Path, default=DEST, help="the folder of the corpora's folders")
    args = ap.parse_args(argv)
    status = 0
    for corpus in SOURCES:
        try:
            files = fetch(corpus, args.dest)
        except (OSError, ValueError, subprocess.SubprocessError, tarfile.TarError) as exc:
            print(f"eval.fetch: the {corpus} corpus is not available ({exc})", file=sys.stderr)
            status = 1
            continue
        print(f"eval.fetch: {len(files)} PDFs in {args.dest / corpus}")
    return status


if __name__ == "__main__":
    sys.exit(main())

"""Real third-party PDFs for the ``tabula`` eval corpus, fetched at set-up time (never
committed): the test fixtures of tabula-py, a PDF table-extraction library (MIT licence),
from its source archive on PyPI.

    python -m eval.fetch [--dest var/eval-docs/tabula]

The archive is pinned by version and SHA-256; the PDFs are a table of the U.S. Statistical
Abstract (arrests by sex and age, and by race, 2009: two tables on one page, grouped
two-level headers, figures in thousands), the ``mtcars`` data set (a table whose headers are
written short: "mpg", "hp", "wt") and a list of campaign donors (Spanish; dates, amounts in
"$ 10.000,00", identifiers). Exit 0 when the PDFs are there (fetched or already present), 1
when they could not be fetched (no network, another archive): the corpus is then skipped.
"""
from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from config import ROOT

ARCHIVE = "tabula-py==2.9.0"
ARCHIVE_NAME = "tabula-py-2.9.0.tar.gz"
SHA256 = "a2cc01970e799bf66206d8b30deb22bbc325d6847460c3197d5bc2063cb34713"
MEMBERS = {f"tabula-py-2.9.0/tests/resources/{name}": name
           for name in ("12s0324.pdf", "campaign_donors.pdf", "data.pdf")}
DEST = ROOT / "var" / "eval-docs" / "tabula"


def fetch(dest: Path = DEST) -> list[Path]:
    """The PDFs in ``dest``, downloading and unpacking the archive when one is missing."""
    wanted = [dest / name for name in MEMBERS.values()]
    if all(p.is_file() for p in wanted):
        return wanted
    with tempfile.TemporaryDirectory() as tmp:
        # pip knows the index (and any mirror the machine is set up with); the source
        # archive, not a wheel: the fixtures are only in the source
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                        "--dest", tmp, ARCHIVE], check=True, timeout=300)
        archive = Path(tmp) / ARCHIVE_NAME
        digest = hashlib.sha256(archive.read_bytes()).hexdigest()
        if digest != SHA256:
            raise ValueError(f"{ARCHIVE_NAME}: SHA-256 {digest} is not the pinned {SHA256}")
        dest.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive) as tar:
            for member, name in MEMBERS.items():
                src = tar.extractfile(member)
                if src is None:
                    raise ValueError(f"{ARCHIVE_NAME}: {member} missing")
                tmp_out = dest / f".{name}.part"
                tmp_out.write_bytes(src.read())
                tmp_out.replace(dest / name)
    return wanted


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.fetch", description=__doc__.split("\n\n")[0])
    ap.add_argument("--dest", type=Path, default=DEST)
    args = ap.parse_args(argv)
    try:
        files = fetch(args.dest)
    except (OSError, ValueError, subprocess.SubprocessError, tarfile.TarError) as exc:
        print(f"eval.fetch: the tabula corpus is not available ({exc})", file=sys.stderr)
        return 1
    print(f"eval.fetch: {len(files)} PDFs in {args.dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

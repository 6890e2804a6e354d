"""Ingest speed, this version against an older one, measured in the same run.

    python -m eval.ingestbench --against 0e76c37 [--runs 3] [PATH ...]

Unpacks revision ``--against`` of this repository (``git archive``) into a temporary
folder and runs ``vraagbaak ingest PATH ... --index <fresh folder> --json`` with the old
and with this working tree's code in turn (old, new, old, new, ...; both with this
virtual environment's Python), each into a fresh index. Default paths: the PDFs of
``../shared/realpdf/`` (read where they are, never copied). Per run: wall seconds,
CPU seconds of the ingest and its reading process (user + system), chunks, chunks/s and
the load average of the machine. Reported: the medians, the ratio of the median
chunks/s (new / old) and the ratio of each old/new pair. ``--json FILE`` also writes
every figure.

On a shared machine the load changes from run to run: compare the same-run ratios,
and read the CPU seconds (less sensitive to the load than wall time) beside them.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PDFS = ROOT.parent / "shared" / "realpdf"


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def unpack(rev: str, into: Path) -> Path:
    """The tree of ``rev`` (without venv, indexes or untracked files) in ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def ingest_once(tree: Path, paths: list[Path], scratch: Path) -> dict:
    """One ``vraagbaak ingest`` with the code of ``tree`` into a fresh index."""
    index = Path(tempfile.mkdtemp(prefix="index-", dir=scratch))
    env = dict(os.environ, PYTHONPATH=str(tree))
    load_before = os.getloadavg()[0]
    cpu0, t0 = _children_cpu(), time.perf_counter()
    proc = subprocess.run([sys.executable, str(tree / "cli.py"), "ingest", *map(str, paths), "--index", str(index),
                           "--json"], cwd=str(tree), env=env, capture_output=True, text=True)
    wall, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    shutil.rmtree(index, ignore_errors=True)
    if proc.returncode != 0:
        raise RuntimeError(f"ingest with {tree} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    chunks = int(report["chunks_total"])
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "chunks": chunks, "embedded": report["chunks_embedded"],
            "chunks_per_s": round(chunks / wall, 3), "load": round((load_before + os.getloadavg()[0]) / 2, 2)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.ingestbench", description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", type=Path, help="files or folders to ingest (default: ../shared/realpdf/*.pdf)")
    ap.add_argument("--against", required=True, help="the older revision (e.g. 0e76c37)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each version (alternating; default 3)")
    ap.add_argument("--json", dest="json_out", type=Path, help="also write every figure to this file")
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    paths = args.paths or sorted(DEFAULT_PDFS.glob("*.pdf"))
    if not paths:
        ap.error(f"no PDFs in {DEFAULT_PDFS}; give the files to ingest")
    scratch = Path(tempfile.mkdtemp(prefix="vraagbaak-ingestbench-"))
    try:
        old_tree = unpack(args.against, Path(tempfile.mkdtemp(prefix="old-", dir=scratch)))
        runs: dict[str, list[dict]] = {"old": [], "new": []}
        for i in range(args.runs):
            for name, tree in (("old", old_tree), ("new", ROOT)):
                r = ingest_once(tree, paths, scratch)
                runs[name].append(r)
                print(f"run {i + 1} {name}: {r['chunks']} chunks in {r['wall_s']:.1f} s = {r['chunks_per_s']:.2f} "
                      f"chunks/s, CPU {r['cpu_s']:.1f} s, load {r['load']:.1f}", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    def med(name: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[name])

    pairs = [n["chunks_per_s"] / o["chunks_per_s"] for o, n in zip(runs["old"], runs["new"])]
    summary = {
        "against": args.against, "paths": [str(p) for p in paths], "runs": runs,
        "median": {name: {k: med(name, k) for k in ("chunks_per_s", "wall_s", "cpu_s", "load")} for name in runs},
        "ratio_of_medians": round(med("new", "chunks_per_s") / med("old", "chunks_per_s"), 3),
        "pair_ratios": [round(p, 3) for p in pairs],
        "cores": os.cpu_count(),
    }
    for name in ("old", "new"):
        m = summary["median"][name]
        print(f"{name}: median {m['chunks_per_s']:.2f} chunks/s, {m['wall_s']:.1f} s wall, {m['cpu_s']:.1f} s CPU, "
              f"load {m['load']:.1f}")
    print(f"new/old: {summary['ratio_of_medians']:.2f}x (median chunks/s); per pair "
          + ", ".join(f"{p:.2f}x" for p in pairs))
    if args.json_out:
        args.json_out.write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Which files an ingest looks at.

Directories are walked in sorted order. Hidden files, the metadata file
``sources.toml`` and editor leftovers are passed over silently; a symbolic link that
points outside the folder being ingested is reported and not followed.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ingest.metadata import METADATA_FILE

_IGNORED_NAMES = {METADATA_FILE, "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class FoundFile:
    path: Path          # absolute, resolved
    source: str         # name shown to users: path relative to the folder ingested
    root: Path          # folder the file was found under (its parent, for a file given alone)
    problem: str | None = None  # a scanner code (see ingest.messages) when it must not be read


def _ignored(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$") or name.endswith("~") or name in _IGNORED_NAMES


def scan(paths: list[Path]) -> tuple[list[FoundFile], list[Path]]:
    """Return the files under ``paths`` and the roots that were scanned as folders
    (a file that disappeared from such a root is removed from the index)."""
    found: list[FoundFile] = []
    folders: list[Path] = []
    for given in paths:
        given = Path(given).expanduser()
        if given.is_dir():
            root = given.resolve()
            folders.append(root)
            for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
                dirnames[:] = sorted(d for d in dirnames if not _ignored(d))
                for name in sorted(filenames):
                    if _ignored(name):
                        continue
                    full = Path(dirpath) / name
                    rel = full.relative_to(root).as_posix()
                    found.append(_check(full, rel, root))
        elif given.exists() or given.is_symlink():
            root = given.parent.resolve()
            found.append(_check(given.parent.resolve() / given.name, given.name, root))
        else:
            found.append(FoundFile(given.absolute(), given.name, given.parent.absolute(), "not_found"))
    return found, folders


def _check(full: Path, rel: str, root: Path) -> FoundFile:
    if full.is_symlink():
        target = full.resolve()
        if not target.is_relative_to(root):
            return FoundFile(full, rel, root, "symlink_outside")
        if not target.is_file():
            return FoundFile(full, rel, root, "not_found")
        return FoundFile(target, rel, root)
    if not full.is_file():
        return FoundFile(full, rel, root, "unreadable")
    return FoundFile(full, rel, root)

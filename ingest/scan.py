"""Which files an ingest looks at.

Directories are walked in sorted order. Hidden files and folders, the metadata file
``sources.toml``, ``contacts.toml`` and editor leftovers are passed over silently. Problems found here are
reported per file (``FoundFile.problem``, a code of :mod:`messages`) and the file is
not read:

* ``symlink_outside``  a symbolic link (to a file or to a folder) that points outside
                       the folder being ingested: not followed. A link to a folder inside
                       it is passed over silently (its files are found where they are);
                       a link to a file inside it is read (and then found to duplicate
                       its target).
* ``not_found``        a broken link, or a path given on the command line that does not exist
* ``unreadable``       not a regular file (a FIFO, a device, a socket)
* ``bad_name``         a name that is not valid UTF-8 (it could not be stored in the index
                       or shown); ``source`` and ``path`` then carry a readable version of
                       the name with U+FFFD in place of the bad bytes
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ingest.metadata import METADATA_FILE

_IGNORED_NAMES = {METADATA_FILE, "contacts.toml", "Thumbs.db", "desktop.ini"}  # contacts.toml: the chat's contact points


@dataclass(frozen=True)
class FoundFile:
    path: Path          # absolute, resolved
    source: str         # name shown to users: path relative to the folder ingested
    root: Path          # folder the file was found under (its parent, for a file given alone)
    problem: str | None = None  # a scanner code (see messages) when it must not be read


def _ignored(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$") or name.endswith("~") or name in _IGNORED_NAMES


def _valid_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes of the name, kept as surrogates
        return False
    return True


def readable(text: str) -> str:
    """A name with undecodable bytes shown as U+FFFD (for messages)."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _resolve(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
        return None


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
                for name in list(dirnames):
                    full = Path(dirpath) / name
                    if full.is_symlink():  # os.walk lists links to folders here and does not enter them
                        dirnames.remove(name)
                        target = _resolve(full)
                        if target is not None and not target.is_relative_to(root):
                            rel = readable(full.relative_to(root).as_posix())
                            found.append(FoundFile(Path(readable(str(full))), rel, root, "symlink_outside"))
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
    if not _valid_utf8(str(full)):
        return FoundFile(Path(readable(str(full))), readable(rel), root, "bad_name")
    if full.is_symlink():
        target = _resolve(full)
        if target is None:
            return FoundFile(full, rel, root, "not_found")  # a link that loops
        if not target.is_relative_to(root):
            return FoundFile(full, rel, root, "symlink_outside")
        if not target.is_file():
            return FoundFile(full, rel, root, "not_found")
        return FoundFile(target, rel, root)
    if not full.is_file():
        return FoundFile(full, rel, root, "unreadable")
    return FoundFile(full, rel, root)

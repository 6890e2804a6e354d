"""The one catalogue of user-facing words (messages.py): complete in Dutch and English,
the same fields in both, every key the code asks for present and every key in use."""
from __future__ import annotations

import ast
import string
from pathlib import Path

from ingest.pipeline import SKIP_CODES
from messages import EXAMPLES, LANGUAGES, TEXTS, t
from tests.support import ROOT

# Where the product's code is (tests, the catalogue itself and virtual environments aside).
SOURCE_DIRS = ("ingest", "index", "assistant", "eval")
# Calls whose first argument is a message key.
LOOKUPS = {"t", "reason", "LoaderError", "Note"}


def _source_files() -> list[Path]:
    files = [p for p in ROOT.glob("*.py") if p.name != "messages.py"]
    for folder in SOURCE_DIRS:
        files += sorted((ROOT / folder).rglob("*.py"))
    return files


def _fields(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def _keys_in(node: ast.expr) -> tuple[set[str], set[str]]:
    """(keys, key prefixes) that a key argument can take: a literal, either branch of
    ``a if c else b``, or the literal start of ``"prefix_" + x``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}, set()
    if isinstance(node, ast.IfExp):
        k1, p1 = _keys_in(node.body)
        k2, p2 = _keys_in(node.orelse)
        return k1 | k2, p1 | p2
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and isinstance(node.left, ast.Constant):
        return set(), {node.left.value}
    return set(), set()


def _scan() -> tuple[set[str], set[str], set[str]]:
    """Keys asked for by a lookup, key prefixes asked for, and every string literal."""
    keys: set[str] = set()
    prefixes: set[str] = set()
    literals: set[str] = set()
    for path in _source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            if isinstance(node, ast.Call) and node.args:
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in LOOKUPS:
                    k, p = _keys_in(node.args[0])
                    keys |= k
                    prefixes |= p
    return keys, prefixes, literals


def test_every_text_is_in_every_language_with_the_same_fields():
    assert len(TEXTS) > 100
    assert LANGUAGES == ("nl", "en")
    for key, entry in TEXTS.items():
        assert isinstance(entry, tuple) and len(entry) == len(LANGUAGES), key
        nl, en = entry
        assert nl.strip() and en.strip(), key
        assert _fields(nl) == _fields(en), key
    assert set(EXAMPLES) == set(LANGUAGES) and all(EXAMPLES.values())


def test_every_key_the_code_asks_for_exists():
    keys, prefixes, _ = _scan()
    assert len(keys) > 80 and {"status_", "row_in_", "quote_in_"} <= prefixes  # the scan reads the code
    assert sorted(keys - set(TEXTS)) == []
    for prefix in prefixes:
        assert any(k.startswith(prefix) for k in TEXTS), prefix
    assert SKIP_CODES <= set(TEXTS)


def test_every_key_is_used():
    """A key no code names, literally or by one of the prefixes it looks up, is dead."""
    _, prefixes, literals = _scan()
    unused = [k for k in TEXTS if k not in literals and not any(k.startswith(p) for p in prefixes)]
    assert unused == []


def test_lookup_fills_fields_and_falls_back_to_english():
    assert t("page", "nl", page=3) == "pagina 3" and t("page", "en", page=3) == "page 3"
    assert t("refusal", "fr") == t("refusal", "en") == "The documents do not answer this question."
    assert t("refusal", "nl") == "De documenten geven geen antwoord op deze vraag."
    assert t("upload_updating", "nl", percent=40).startswith("De index wordt bijgewerkt (40 %)")
    assert t("no_such_code", "nl") == "no_such_code"  # an unknown code is shown, never an error

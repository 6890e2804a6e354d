"""Reading what a loader returned, for the loader tests."""
from __future__ import annotations

import pytest

from ingest.loaders import load_file
from ingest.types import LoaderError

LOREM = ("De gemeente Leiden werkt aan een stad waar iedereen kan meedoen. Daarom investeert "
         "de gemeente in wonen, werken en ontmoeten in alle wijken van de stad. ")


def texts(doc, kind="text"):
    return [b.text for b in doc.blocks if b.kind == kind]


def rows(doc, table: str | None = None):
    """The table-row blocks (of the table titled ``table`` only, if given)."""
    return [b for b in doc.blocks if b.kind == "table_row" and (table is None or b.table == table)]


def error_code(path, **kw):
    with pytest.raises(LoaderError) as ei:
        load_file(path, **kw)
    return ei.value.code

"""User-facing messages for per-file ingest results, in Dutch and English.

Keys are the stable codes raised by the loaders (``LoaderError.code``), the scanner
(:mod:`ingest.scan`) and the index update, plus a few codes for the ingest as a whole
(index locked, index not writable, path not found) used by ``vraagbaak ingest``.

Which codes make a file *skipped* (left out on purpose: unsupported, over a configured
limit, a duplicate, a link leading out of the folder) and which make it *failed* (it
should have been read but could not be) is decided by :data:`SKIP_CODES`.

    >>> message("encrypted_pdf", "nl")
    'de PDF is versleuteld met een wachtwoord'
    >>> status_label("failed", "nl")
    'mislukt'
"""
from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # code: (Dutch, English)
    "empty_file": ("het bestand is leeg", "the file is empty"),
    "too_large": ("het bestand is groter dan de ingestelde limiet", "the file is larger than the configured limit"),
    "too_many_pages": ("het document heeft meer pagina's dan de ingestelde limiet", "the document has more pages than the configured limit"),
    "too_many_chunks": ("het document levert meer tekstdelen op dan de ingestelde limiet", "the document yields more chunks than the configured limit"),
    "too_complex": ("de pagina's bevatten te veel tekens of tekenobjecten om veilig te lezen", "the pages hold too many characters or drawing objects to be read safely"),
    "unknown_type": ("onbekend bestandstype (ondersteund: PDF, DOCX, HTML, TXT, MD, CSV, XLSX)", "unknown file type (supported: PDF, DOCX, HTML, TXT, MD, CSV, XLSX)"),
    "type_mismatch": ("de inhoud past niet bij de bestandsextensie", "the content does not match the file extension"),
    "corrupt_pdf": ("de PDF is beschadigd of onvolledig", "the PDF is damaged or truncated"),
    "encrypted_pdf": ("de PDF is versleuteld met een wachtwoord", "the PDF is encrypted with a password"),
    "no_text_layer": ("geen tekst gevonden (gescande PDF?); OCR wordt niet uitgevoerd", "no text found (scanned PDF?); OCR is not performed"),
    "corrupt_zip": ("het bestand is beschadigd (ongeldig zip-archief)", "the file is damaged (invalid zip archive)"),
    "zip_bomb": ("het bestand pakt uit tot een verdacht grote omvang en is overgeslagen", "the file unpacks to a suspiciously large size and was skipped"),
    "decompression_bomb": ("de inhoud van de PDF pakt uit tot een verdacht grote omvang en is niet gelezen", "the PDF's content unpacks to a suspiciously large size and was not read"),
    "decode_error": ("de tekstcodering van het bestand kon niet worden gelezen", "the file's text encoding could not be read"),
    "no_text": ("het bestand bevat geen tekst", "the file contains no text"),
    "unreadable": ("het bestand kon niet worden gelezen", "the file could not be read"),
    "partial": ("geïndexeerd, maar niet alles kon worden gelezen", "indexed, but not everything could be read"),
    "symlink_outside": ("symbolische link naar buiten de corpusmap; niet gevolgd", "symbolic link pointing outside the corpus folder; not followed"),
    "bad_name": ("de bestandsnaam is geen geldige UTF-8; geef het bestand een andere naam", "the file name is not valid UTF-8; rename the file"),
    "duplicate": ("zelfde inhoud als een ander bestand; één keer geïndexeerd", "same content as another file; indexed once"),
    "not_found": ("bestand of map bestaat niet", "file or folder does not exist"),
    "too_many_columns": ("de tabel heeft meer kolommen dan de ingestelde limiet", "the table has more columns than the configured limit"),
    "line_too_long": ("het bestand heeft een regel die langer is dan de ingestelde limiet (geen gewone tekst)",
                      "the file has a line longer than the configured limit (not ordinary text)"),
    "too_slow": ("het lezen van het bestand duurde langer dan de ingestelde limiet en is gestopt",
                 "reading the file took longer than the configured limit and was stopped"),
    "too_much_memory": ("het lezen van het bestand vroeg meer geheugen dan de ingestelde limiet en is gestopt",
                        "reading the file needed more memory than the configured limit and was stopped"),
    "internal_error": ("onverwachte fout bij het verwerken", "unexpected error while processing"),
    # the ingest as a whole
    "index_locked": ("er loopt al een andere indexering op deze index; wacht tot die klaar is en probeer het opnieuw",
                     "another ingest is writing to this index; wait for it to finish and try again"),
    "index_write_failed": ("de index kon niet worden weggeschreven; de vorige index is ongewijzigd en blijft antwoorden",
                           "the index could not be written; the previous index is unchanged and keeps answering"),
    "index_error": ("de index kan niet worden gebruikt", "the index cannot be used"),
    "store_unreachable": ("de database met de index is niet bereikbaar; probeer het over een minuut opnieuw",
                          "the database holding the index cannot be reached; try again in a minute"),
    "path_unusable": ("het pad kan niet worden gevolgd; er is niets geïndexeerd", "the path cannot be followed; nothing was ingested"),
    "no_index": ("in deze map staat geen index; maak er een met: vraagbaak ingest MAP --index MAP",
                 "there is no index in this folder; build one with: vraagbaak ingest FOLDER --index FOLDER"),
    "path_not_found": ("bestand of map bestaat niet; er is niets geïndexeerd", "file or folder does not exist; nothing was ingested"),
    # the progress line of an ingest (detail: the file, or passages done/known and the time left)
    "progress_reading": ("bestand lezen", "reading file"),
    "progress_embedding": ("tekstdelen inbedden", "embedding passages"),
    "progress_writing": ("index wegschrijven", "writing index"),
    "progress_done": ("klaar", "done"),
}

# Codes whose file is reported as "skipped" (left out on purpose); every other code of
# a file that is not indexed means "failed".
SKIP_CODES = frozenset({"unknown_type", "too_large", "too_many_pages", "too_many_chunks", "duplicate",
                        "symlink_outside", "not_found", "bad_name", "too_slow", "too_much_memory",
                        "too_many_columns", "line_too_long"})

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "ingested": ("geïndexeerd", "ingested"),
    "unchanged": ("ongewijzigd", "unchanged"),
    "skipped": ("overgeslagen", "skipped"),
    "failed": ("mislukt", "failed"),
    "removed": ("verwijderd", "removed"),
}

# Words of the ingest summary line.
SUMMARY: dict[str, tuple[str, str]] = {
    "chunks_in_index": ("tekstdelen in de index", "chunks in index"),
    "embedded": ("nieuw ingebed", "embedded"),
    "chunks": ("tekstdelen", "chunks"),
    "chunk": ("tekstdeel", "chunk"),
    "index_unchanged": ("index ongewijzigd", "index unchanged"),
}


# What the app says of uploads being indexed in the background (index/jobs.py).
UPLOAD_JOB: dict[str, tuple[str, str]] = {
    "queued": ("Wacht op een andere upload die nu wordt geïndexeerd…", "Waiting for another upload that is being indexed…"),
    "updating": ("De index wordt bijgewerkt ({percent} %); vragen worden intussen met de huidige index beantwoord.",
                 "The index is being updated ({percent} %); questions are answered from the current index meanwhile."),
    "failed": ("Het indexeren is onverwacht gestopt; de bestaande index is ongewijzigd.",
               "Indexing stopped unexpectedly; the existing index is unchanged."),
}


def upload_job_text(key: str, language: str = "en", **values) -> str:
    return _pick(UPLOAD_JOB[key], language).format(**values)


def _pick(pair: tuple[str, str], language: str) -> str:
    return pair[0] if language == "nl" else pair[1]


def message(code: str, language: str = "en", detail: str = "") -> str:
    """The message for ``code`` in ``language`` ("nl" or anything else = English), with
    the technical ``detail`` in parentheses."""
    text = _pick(MESSAGES.get(code, (code, code)), language)
    return f"{text} ({detail})" if detail else text


def status_label(status: str, language: str = "en") -> str:
    return _pick(STATUS_LABELS.get(status, (status, status)), language)


def summary_word(key: str, language: str = "en") -> str:
    return _pick(SUMMARY.get(key, (key, key)), language)

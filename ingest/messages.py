"""User-facing messages for per-file ingest results, in Dutch and English.
Keys are the stable codes raised by the loaders (``LoaderError.code``) and the scanner."""
from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # code: (Dutch, English)
    "empty_file": ("het bestand is leeg", "the file is empty"),
    "too_large": ("het bestand is groter dan de ingestelde limiet", "the file is larger than the configured limit"),
    "too_many_pages": ("het document heeft meer pagina's dan de ingestelde limiet", "the document has more pages than the configured limit"),
    "too_many_chunks": ("het document levert meer tekstdelen op dan de ingestelde limiet", "the document yields more chunks than the configured limit"),
    "unknown_type": ("onbekend bestandstype (ondersteund: PDF, DOCX, HTML, TXT, MD, CSV, XLSX)", "unknown file type (supported: PDF, DOCX, HTML, TXT, MD, CSV, XLSX)"),
    "type_mismatch": ("de inhoud past niet bij de bestandsextensie", "the content does not match the file extension"),
    "corrupt_pdf": ("de PDF is beschadigd of onvolledig", "the PDF is damaged or truncated"),
    "encrypted_pdf": ("de PDF is versleuteld met een wachtwoord", "the PDF is encrypted with a password"),
    "no_text_layer": ("geen tekst gevonden (gescande PDF?); OCR wordt niet uitgevoerd", "no text found (scanned PDF?); OCR is not performed"),
    "corrupt_zip": ("het bestand is beschadigd (ongeldig zip-archief)", "the file is damaged (invalid zip archive)"),
    "zip_bomb": ("het bestand pakt uit tot een verdacht grote omvang en is overgeslagen", "the file unpacks to a suspiciously large size and was skipped"),
    "decode_error": ("de tekstcodering van het bestand kon niet worden gelezen", "the file's text encoding could not be read"),
    "no_text": ("het bestand bevat geen tekst", "the file contains no text"),
    "unreadable": ("het bestand kon niet worden gelezen", "the file could not be read"),
    "symlink_outside": ("symbolische link naar buiten de corpusmap; niet gevolgd", "symbolic link pointing outside the corpus folder; not followed"),
    "duplicate": ("zelfde inhoud als een ander bestand; één keer geïndexeerd", "same content as another file; indexed once"),
    "not_found": ("bestand of map bestaat niet", "file or folder does not exist"),
    "internal_error": ("onverwachte fout bij het verwerken", "unexpected error while processing"),
}


def message(code: str, language: str = "en", detail: str = "") -> str:
    nl, en = MESSAGES.get(code, (code, code))
    text = nl if language == "nl" else en
    return f"{text} ({detail})" if detail else text

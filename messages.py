"""Every word the product says to its users, in Dutch and English, and the one lookup.

:data:`TEXTS` maps a key to its text per language; :func:`t` picks one, falls back to
English for any other language, and fills in the ``{fields}``. The keys of a file that
was not (fully) read are the stable codes the loaders raise (``LoaderError.code``), the
scanner reports (:mod:`ingest.scan`) and the index update writes, so a result's code is
its message key. This module imports nothing of the project: every stage may use it.

    >>> t("encrypted_pdf", "nl")
    'de PDF is versleuteld met een wachtwoord'
    >>> t("page", "en", page=3)
    'page 3'
    >>> t("refusal", "de")
    'The documents do not answer this question.'
"""
from __future__ import annotations

LANGUAGES = ("nl", "en")  # the order of the two texts of every key

TEXTS: dict[str, tuple[str, str]] = {
    # key: (Dutch, English)
    # a file that was not (fully) read: the codes of the loaders, the scanner and the index update
    "empty_file": ("het bestand is leeg", "the file is empty"),
    "too_large": ("het bestand is groter dan de ingestelde limiet",
                  "the file is larger than the configured limit"),
    "too_many_pages": ("het document heeft meer pagina's dan de ingestelde limiet",
                       "the document has more pages than the configured limit"),
    "too_many_chunks": ("het document levert meer tekstdelen op dan de ingestelde limiet",
                        "the document yields more chunks than the configured limit"),
    "too_complex": ("de pagina's bevatten te veel tekens of tekenobjecten om veilig te lezen",
                    "the pages hold too many characters or drawing objects to be read safely"),
    "unknown_type": ("onbekend bestandstype (ondersteund: PDF, DOCX, HTML, TXT, MD, CSV, XLSX)",
                     "unknown file type (supported: PDF, DOCX, HTML, TXT, MD, CSV, XLSX)"),
    "type_mismatch": ("de inhoud past niet bij de bestandsextensie",
                      "the content does not match the file extension"),
    "corrupt_pdf": ("de PDF is beschadigd of onvolledig", "the PDF is damaged or truncated"),
    "encrypted_pdf": ("de PDF is versleuteld met een wachtwoord", "the PDF is encrypted with a password"),
    "no_text_layer": ("geen tekst gevonden (gescande PDF?); OCR wordt niet uitgevoerd",
                      "no text found (scanned PDF?); OCR is not performed"),
    "corrupt_zip": ("het bestand is beschadigd (ongeldig zip-archief)",
                    "the file is damaged (invalid zip archive)"),
    "zip_bomb": ("het bestand pakt uit tot een verdacht grote omvang en is overgeslagen",
                 "the file unpacks to a suspiciously large size and was skipped"),
    "decompression_bomb": ("de inhoud van de PDF pakt uit tot een verdacht grote omvang en is niet gelezen",
                           "the PDF's content unpacks to a suspiciously large size and was not read"),
    "decode_error": ("de tekstcodering van het bestand kon niet worden gelezen",
                     "the file's text encoding could not be read"),
    "no_text": ("het bestand bevat geen tekst", "the file contains no text"),
    "unreadable": ("het bestand kon niet worden gelezen", "the file could not be read"),
    "partial": ("geïndexeerd, maar niet alles kon worden gelezen", "indexed, but not everything could be read"),
    "symlink_outside": ("symbolische link naar buiten de corpusmap; niet gevolgd",
                        "symbolic link pointing outside the corpus folder; not followed"),
    "bad_name": ("de bestandsnaam is geen geldige UTF-8; geef het bestand een andere naam",
                 "the file name is not valid UTF-8; rename the file"),
    "duplicate": ("zelfde inhoud als een ander bestand; één keer geïndexeerd",
                  "same content as another file; indexed once"),
    "not_found": ("bestand of map bestaat niet", "file or folder does not exist"),
    "too_many_columns": ("de tabel heeft meer kolommen dan de ingestelde limiet",
                         "the table has more columns than the configured limit"),
    "line_too_long": ("het bestand heeft een regel die langer is dan de ingestelde limiet (geen gewone tekst)",
                      "the file has a line longer than the configured limit (not ordinary text)"),
    "too_slow": ("het lezen van het bestand duurde langer dan de ingestelde limiet en is gestopt",
                 "reading the file took longer than the configured limit and was stopped"),
    "too_much_memory": ("het lezen van het bestand vroeg meer geheugen dan de ingestelde limiet en is gestopt",
                        "reading the file needed more memory than the configured limit and was stopped"),
    "internal_error": ("onverwachte fout bij het verwerken", "unexpected error while processing"),
    # an uploaded file that was not added (ingest/uploads.py)
    "index_busy": ("er wordt al een ander bestand geïndexeerd; probeer het over een minuut opnieuw",
                   "another file is being indexed right now; try again in a minute"),
    "index_not_updated": ("de index kon niet worden bijgewerkt; het bestand is niet toegevoegd",
                          "the index could not be updated; the file was not added"),
    "write_error": ("het bestand kon niet worden opgeslagen", "the file could not be saved"),
    "not_indexed": ("het bestand is niet in de index opgenomen", "the file was not taken into the index"),
    # the ingest as a whole, the index
    "index_locked": (
        "er loopt al een andere indexering op deze index; wacht tot die klaar is en probeer het opnieuw",
        "another ingest is writing to this index; wait for it to finish and try again",
    ),
    "index_write_failed": (
        "de index kon niet worden weggeschreven; de vorige index is ongewijzigd en blijft antwoorden",
        "the index could not be written; the previous index is unchanged and keeps answering",
    ),
    "index_error": ("de index kan niet worden gebruikt", "the index cannot be used"),
    "store_unreachable": ("de database met de index is niet bereikbaar; probeer het over een minuut opnieuw",
                          "the database holding the index cannot be reached; try again in a minute"),
    "path_unusable": ("het pad kan niet worden gevolgd; er is niets geïndexeerd",
                      "the path cannot be followed; nothing was ingested"),
    "no_index_here": ("in deze map staat geen index; maak er een met: vraagbaak ingest MAP --index MAP",
                      "there is no index in this folder; build one with: vraagbaak ingest FOLDER --index FOLDER"),
    "path_not_found": ("bestand of map bestaat niet; er is niets geïndexeerd",
                       "file or folder does not exist; nothing was ingested"),
    # the progress line of an ingest (ingest.types.Note; detail: the file, or passages done/known and time left)
    "progress_reading": ("bestand lezen", "reading file"),
    "progress_pages": ("pagina's lezen", "reading pages"),
    "progress_embedding": ("tekstdelen inbedden", "embedding passages"),
    "progress_writing": ("index wegschrijven", "writing index"),
    "progress_done": ("klaar", "done"),
    # what happened to a file
    "status_ingested": ("geïndexeerd", "ingested"),
    "status_unchanged": ("ongewijzigd", "unchanged"),
    "status_skipped": ("overgeslagen", "skipped"),
    "status_failed": ("mislukt", "failed"),
    "status_removed": ("verwijderd", "removed"),
    "status_rejected": ("geweigerd", "rejected"),
    # words of the ingest summary line
    "chunks_in_index": ("tekstdelen in de index", "chunks in index"),
    "embedded": ("nieuw ingebed", "embedded"),
    "chunks": ("tekstdelen", "chunks"),
    "chunk": ("tekstdeel", "chunk"),
    "index_unchanged": ("index ongewijzigd", "index unchanged"),
    # uploads being indexed in the background (index/jobs.py)
    "upload_queued": ("Wacht op een andere upload die nu wordt geïndexeerd…",
                      "Waiting for another upload that is being indexed…"),
    "upload_updating": (
        "De index wordt bijgewerkt ({percent} %); vragen worden intussen met de huidige index beantwoord.",
        "The index is being updated ({percent} %); questions are answered from the current index meanwhile.",
    ),
    "upload_stopped": ("Het indexeren is onverwacht gestopt; de bestaande index is ongewijzigd.",
                       "Indexing stopped unexpectedly; the existing index is unchanged."),
    # the answers
    "according": ("Volgens {title}{year}: {figures}.", "According to {title}{year}: {figures}."),
    "according_label": ("Volgens {title}{year}, {label}: {figures}.", "According to {title}{year}, {label}: {figures}."),
    "according_quote": ("Volgens {title}{year}: {quote} [{n}]", "According to {title}{year}: {quote} [{n}]"),
    "source_of": ("Dat cijfer staat in {items}.", "That figure comes from {items}."),
    "source_of_figure": ("{figure} staat in {items}.", "{figure} comes from {items}."),
    "sources_differ": ("De bronnen geven verschillende cijfers: {items}.",
                       "The sources give different figures: {items}."),
    "per_source": ("volgens {title}", "according to {title}"),
    "series": ("Ontwikkeling van {label}: {points}.", "How {label} developed: {points}."),
    "per_year": ("Per jaar: {items}.", "By year: {items}."),
    "change": ("Verandering {y1}–{y2}: {calc}.", "Change {y1}–{y2}: {calc}."),
    "the_figure": ("het cijfer", "the figure"),
    "claim_other_year": ("Niet in dat jaar.", "Not in that year."),
    "event_year": ("(Dat jaar is {year}: {quote} [{n}].)", "(That year is {year}: {quote} [{n}].)"),
    "more_than": ("{a} is meer dan {b}.", "{a} is more than {b}."),
    "difference": ("Verschil: {calc}.", "Difference: {calc}."),
    "balance": ("Saldo: {a} min {b}: {calc}.", "Balance: {a} less {b}: {calc}."),
    "sum": ("Samen: {calc}.", "Together: {calc}."),
    "mean": ("Gemiddeld: {calc}.", "On average: {calc}."),
    "hours": ("Van {start} tot {end} [{n}]: {calc}.", "From {start} to {end} [{n}]: {calc}."),
    "relative": ("Relatieve verandering: {calc}.", "Relative change: {calc}."),
    "share_of": ("Als aandeel van het geheel: {calc}.", "As a share of the whole: {calc}."),
    "ranking": ("Van hoog naar laag: {items}.", "From high to low: {items}."),
    "ranking_low": ("Van laag naar hoog: {items}.", "From low to high: {items}."),
    "ranking_table": ("Van hoog naar laag, de hoogste van alle rijen van de tabel: {items}.",
                      "From high to low, the highest of all the table's rows: {items}."),
    "ranking_table_low": ("Van laag naar hoog, de laagste van alle rijen van de tabel: {items}.",
                          "From low to high, the lowest of all the table's rows: {items}."),
    "chrono_oldest": ("Van oud naar nieuw: {items}.", "Oldest first: {items}."),
    "chrono_newest": ("Van nieuw naar oud: {items}.", "Newest first: {items}."),
    "threshold_yes": ("Ja: {figure}.", "Yes: {figure}."),
    "threshold_no": ("Nee: {figure}.", "No: {figure}."),
    "came_first": ("Het eerst: „{event}” ({year} [2]).", "First: „{event}” ({year} [2])."),
    "negative_table": ("Negatief in „{column}”, van alle rijen van de tabel: {items}.",
                       "Negative in „{column}”, of all the table's rows: {items}."),
    "count_rows": ("Geteld over alle rijen van de tabel: {n} in „{column}”: {items}.",
                   "Counted over all the table's rows: {n} in „{column}”: {items}."),
    "count_kind": ("Geteld over de rijen van de tabel met {what}: {n} ({items}).",
                   "Counted over the table's rows with {what}: {n} ({items})."),
    "count_items": ("{label} noemt er {n}: {items} [{c}].", "{label} lists {n}: {items} [{c}]."),
    "count_listed": ("De tabel {table} noemt {n} rijen: {items} …", "The table {table} lists {n} rows: {items} …"),
    "count_rows_none": ("Geen van de rijen van de tabel voldoet in „{column}”.",
                        "None of the table's rows meets it in „{column}”."),
    "above_table": ("Hoger dan gevraagd in „{column}”, van alle rijen van de tabel: {items}.",
                    "Above the bound asked in „{column}”, of all the table's rows: {items}."),
    "below_table": ("Lager dan gevraagd in „{column}”, van alle rijen van de tabel: {items}.",
                    "Below the bound asked in „{column}”, of all the table's rows: {items}."),
    "above_none": ("Geen van de rijen van de tabel is hoger dan gevraagd in „{column}”.",
                   "None of the table's rows is above the bound asked in „{column}”."),
    "below_none": ("Geen van de rijen van de tabel is lager dan gevraagd in „{column}”.",
                   "None of the table's rows is below the bound asked in „{column}”."),
    "negative_none": ("Geen van de rijen van de tabel is negatief in „{column}”.",
                      "None of the table's rows is negative in „{column}”."),
    "quote_in_nl": ("{quote}", "In Dutch: {quote}"),
    "quote_in_en": ("In het Engels: {quote}", "{quote}"),
    "row_in_en": ("Uit de Engelstalige tabel: {row}", "{row}"),
    "row_in_nl": ("{row}", "From the Dutch table: {row}"),
    "note": ("toelichting", "note"),
    "and": ("en", "and"),
    "refusal": ("De documenten geven geen antwoord op deze vraag.",
                "The documents do not answer this question."),
    "closest": ("Wel verwant zijn deze passages: {list}.", "Related passages that do not answer it: {list}."),
    "no_documents": ("Er zijn nog geen documenten geïndexeerd.", "No documents have been indexed yet."),
    "empty_question": ("Stel een vraag over de documenten.", "Ask a question about the documents."),
    # the written answers of a language model (assistant/llm.py)
    "llm_draft": ("Geschreven antwoord (elke zin wordt gecontroleerd voor hij verschijnt):",
                  "Written answer (each sentence is checked before it appears):"),
    "llm_written": (
        "Geschreven door het taalmodel uit de passages hieronder; citaten en getallen gecontroleerd.",
        "Written by the language model from the passages below; citations and numbers checked.",
    ),
    "llm_rejected": ("Het geschreven antwoord is niet getoond ({reason}); dit is het antwoord uit de passages.",
                     "The written answer was not shown ({reason}); this is the answer taken from the passages."),
    # the chat interface (app.py)
    "title": ("Vraagbaak internationalisering Leiden", "Leiden internationalisation Q&A"),
    "intro": (
        "Stel een vraag over het internationaliseringsbeleid van de gemeente Leiden, in het Nederlands of "
        "in het Engels. Elk antwoord komt letterlijk uit de documenten en noemt zijn bron met een nummer "
        "[1].",
        "Ask a question about the City of Leiden's internationalisation policy, in Dutch or English. Every "
        "answer is taken word for word from the documents and names its source with a number [1].",
    ),
    "examples": ("Probeer bijvoorbeeld:", "For example:"),
    "chat_placeholder": ("Stel een vraag (Nederlands of Engels)…", "Ask a question (English or Dutch)…"),
    "thinking": ("Zoeken in de documenten…", "Searching the documents…"),
    "new_chat": ("Nieuw gesprek", "New conversation"),
    "ui_language": ("Taal van de interface", "Interface language"),
    "refusal_heading": ("Geen antwoord in de documenten", "No answer in the documents"),
    "sources": ("Bronnen", "Sources"),
    "closest_heading": ("Dichtstbijzijnde passages (geen antwoord op de vraag)",
                        "Closest passages (they do not answer the question)"),
    "resolved": ("Gezocht als: {question}", "Searched as: {question}"),
    "page": ("pagina {page}", "page {page}"),
    "year": ("jaar {year}", "year {year}"),
    "open_source": ("Open de bron", "Open the source"),
    "ask_failed": ("Er ging iets mis bij het beantwoorden. Probeer het opnieuw.",
                   "Something went wrong while answering. Please try again."),
    "filters_active": ("Gezocht binnen de gekozen filters.", "Searched within the chosen filters."),
    "filters_refusal": ("Er staan filters aan: misschien staat het antwoord in wat ze uitsluiten.",
                        "Filters are on: the answer may be in what they leave out."),
    "clear_filters": ("Filters wissen", "Clear filters"),
    "filters_cleared": ("Filters gewist: stel de vraag opnieuw.", "Filters cleared: ask the question again."),
    "ask_instead": ("Hier kunt u het vragen:", "Where you can ask instead:"),
    "copy": ("Kopieer als Markdown", "Copy as Markdown"),
    "copy_help": ("Het antwoord met bronnen, klaar voor een notitie: kopieer met het icoon rechtsboven.",
                  "The answer with its sources, ready for a memo: copy with the icon at the top right."),
    "column": ("kolom", "column"),
    "value": ("waarde", "value"),
    "chart_year": ("jaar", "year"),
    "chart_value": ("waarde", "value"),
    "chart_source": ("bron", "source"),
    "about": ("Over deze vraagbaak", "About this Q&A"),
    "about_text": (
        "De standaardverzameling bestaat uit twee korte openbare webpagina's van de gemeente Leiden (een "
        "samenvatting van de Monitor internationalisering 2023 en het nieuwsbericht over de Visie "
        "internationalisering) en een zelf samengestelde tabel met openbare feiten uit verschillende "
        "bronnen, elk met een link. Het is dus niet de volledige visie of monitor. Eigen documenten kunt u "
        "toevoegen.",
        "The default collection is two short public web pages of the City of Leiden (a summary of the "
        "Monitor internationalisering 2023 and the news item on the Visie internationalisering) and a "
        "compiled table of public facts from several sources, each with its link. It is not the full "
        "vision or monitor. You can add your own documents.",
    ),
    "about_extractive": (
        "Antwoorden zijn letterlijke fragmenten uit de documenten, met een korte eerste zin die het cijfer "
        "en de bron noemt; elk getal staat in de geciteerde passage of is een getoonde berekening daarvan.",
        "Answers are extracts quoted from the documents, with a short first sentence naming the figure and "
        "its source; every number stands in the cited passage or is a calculation shown from it.",
    ),
    "about_llm": (
        "Antwoorden worden geschreven door een taalmodel op deze server en daarna gecontroleerd: elk getal "
        "moet in een geciteerde passage staan, anders wordt het letterlijke fragment getoond.",
        "Answers are written by a language model on this server and then checked: every number must stand "
        "in a cited passage, otherwise the quoted extract is shown.",
    ),
    "feedback_prompt": ("Was dit antwoord nuttig?", "Was this answer helpful?"),
    "feedback_comment": ("Toelichting (optioneel)", "Comment (optional)"),
    "feedback_comment_help": ("Wat klopte er niet, of wat miste je?", "What was wrong, or what was missing?"),
    "feedback_send": ("Toelichting versturen", "Send comment"),
    "feedback_thanks": ("Bedankt, je feedback is opgeslagen.", "Thank you, your feedback has been saved."),
    "feedback_failed": ("Je feedback kon niet worden opgeslagen.", "Your feedback could not be saved."),
    "indexed": ("Wat is geïndexeerd", "What is indexed"),
    "n_documents": ("Documenten", "Documents"),
    "n_chunks": ("Passages", "Passages"),
    "indexed_at": ("Laatst bijgewerkt: {when}", "Last indexed: {when}"),
    "no_index": ("Er is nog geen index.", "There is no index yet."),
    "document_list": ("Documenten in de index", "Documents in the index"),
    "loading_index": ("Index laden…", "Loading the index…"),
    "filters": ("Filters", "Filters"),
    "filter_documents": ("Alleen in deze documenten", "Only in these documents"),
    "filter_years": ("Alleen over deze jaren", "Only about these years"),
    "filter_all_documents": ("Alle documenten", "All documents"),
    "filter_all_years": ("Alle jaren", "All years"),
    "filter_help": ("Leeg laten = alles doorzoeken.", "Leave empty to search everything."),
    "upload": ("Documenten toevoegen", "Add documents"),
    "upload_label": ("PDF, DOCX, HTML, TXT, MD, CSV of XLSX (max. {mb} MB per bestand)",
                     "PDF, DOCX, HTML, TXT, MD, CSV or XLSX (max. {mb} MB per file)"),
    "upload_button": ("Toevoegen aan de index", "Add to the index"),
    "upload_none": ("Kies eerst een of meer bestanden.", "Choose one or more files first."),
    "upload_running": ("Bestanden controleren en indexeren…", "Checking and indexing files…"),
    "upload_done": ("Upload: {ok} toegevoegd, {bad} niet toegevoegd", "Upload: {ok} added, {bad} not added"),
    "upload_keeps_answering": ("De bestaande index blijft intussen antwoorden.",
                               "The existing index keeps answering meanwhile."),
    "upload_added": ("toegevoegd ({chunks} passages)", "added ({chunks} passages)"),
    "upload_already_in": ("stond al in de index", "was already in the index"),
    "staff": ("Voor medewerkers", "For staff"),
    "feedback_count": ("{total} reacties ({up} 👍, {down} 👎)", "{total} responses ({up} 👍, {down} 👎)"),
    "export": ("Feedback exporteren (CSV)", "Export feedback (CSV)"),
}

# The questions the chat interface offers to start with, per language.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "nl": (
        "Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?",
        "Wanneer is de visie internationalisering vastgesteld?",
    ),
    "en": (
        "How many inhabitants did Leiden have on 1 January 2024?",
        "What share of Leiden residents are internationals?",
    ),
}


def t(key: str, lang: str = "en", **fields) -> str:
    """The text ``key`` in ``lang`` ("nl", else English) with ``{fields}`` filled in.
    An unknown key comes back as itself, so a report never fails on a message."""
    if key not in TEXTS:
        return key
    nl, en = TEXTS[key]
    text = nl if lang == "nl" else en
    return text.format(**fields) if fields else text

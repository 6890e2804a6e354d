"""The Streamlit app, driven with Streamlit's ``AppTest`` against a real index over a copy
of corpus/ (built once for this module): answers with source cards in Dutch and English
(table rows as small tables, human titles), trend charts, refusals in the question's
language with contact points, labels in both languages, uploads, feedback, filters and
inert document text. The view model (assistant.view) is tested on its own first."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import app_resources
from assistant import ui_text as ui
from assistant import view as vm
from assistant.core import Assistant
from assistant.passages import Filters, Passage, passage_years
from assistant.feedback import FeedbackStore
from assistant.types import Answer, Citation

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
DUTCH = "Hoeveel Oekraïners kwamen er in 2022 in Leiden wonen?"
ENGLISH = "How many inhabitants did Leiden have on 1 January 2024?"
NOTE = "# Kwakelfonds\n\nHet Kwakelfonds van Leiden telde in 2031 precies 4711 deelnemers.\n"


# --------------------------------------------------------------------------- rendering helpers (no index)

HOSTILE = ('<script>alert(1)</script> <img src="http://127.0.0.1:9/x.png"> ![x](http://127.0.0.1:9/y.png) '
           "[klik](http://127.0.0.1:9/z) **vet** _schuin_ `code` $x^2$ :red[rood] :material/home: # kop "
           "&lt;b&gt; www.example.org info@example.org https://example.org/a")


def test_md_escape_makes_every_markup_character_literal():
    out = ui.md_escape(HOSTILE)
    # every ASCII punctuation character is backslash-escaped ...
    assert not re.search(r"(?<!\\)[<>\[\]()!*_`$:#&]", out.replace("\\\\", ""))
    # ... so the text reads back exactly (without the escapes and the invisible word joiners)
    assert plain(out) == HOSTILE
    # bare URLs and e-mail addresses get a word joiner in front: GFM does not link them
    assert f"{ui.WORD_JOINER}www" in out and f"info{ui.WORD_JOINER}\\@" in out
    assert f"{ui.WORD_JOINER}https\\:" in out


def test_md_escape_keeps_lines_but_never_makes_blocks():
    text = "Kop\r\n    ingesprongen\n\n- lijst\n1. nummer\n> citaat\n| a | b |\u202e\u200b"
    out = ui.md_escape(text)
    assert out == "Kop  \ningesprongen\n\n\\- lijst  \n1\\. nummer  \n\\> citaat  \n\\| a \\| b \\|"
    assert ui.md_escape_inline("a\n\n b\t c") == "a b c"


def test_highlighting_wraps_only_the_cited_numbers():
    answer = "Met 13,1% is 1 op de 8 Leidenaren een international [1]. Er wonen 130.067 mensen [2]."
    passage = "In 2023: met 13,1% is 1 op de 8 Leidenaren een international (<b>bron</b>)."
    assert ui.numbers_cited_from(answer, 1) == {"13.1", "1:8"}
    assert ui.numbers_cited_from(answer, 2) == {"130067"}
    md = ui.passage_markdown(passage, answer, 1)
    assert ":orange-background[**13\\,1\\%**]" in md and ":orange-background[**1 op de 8**]" in md
    assert "2023" in md and ":orange-background[**2023**]" not in md  # not cited
    assert "\\<b\\>bron\\<\\/b\\>" in md
    assert ui.passage_markdown(passage, answer, 2).count(":orange-background") == 0
    # overlapping / out-of-range spans are merged and clipped
    assert ui.highlighted_markdown("abc def", [(0, 3), (2, 5), (6, 99)]) == \
        ":orange-background[**abc d**]e:orange-background[**f**]"


def test_only_cited_sources_and_safe_urls():
    cites = [Citation(n=i, source="s", title="t", page=None, locator="", text="x", url=None, score=0) for i in (1, 2, 3)]
    assert [c.n for c in ui.cited_only(cites, "A [3]. B [1].")] == [1, 3]
    assert ui.cited_only(cites, "geen markers") == []
    assert ui.safe_url("https://gemeente.leiden.nl/x?a=1") == "https://gemeente.leiden.nl/x?a=1"
    for bad in ("javascript:alert(1)", "data:text/html,<b>", "//evil.org", "http://", "http://a b", None, "",
                "https://evil\u202e.org"):
        assert ui.safe_url(bad) is None, bad


def test_labels_language_choice_and_locators():
    assert ui.ui_language("nl-NL") == "nl" and ui.ui_language("nl-BE") == "nl"
    assert ui.ui_language("en-GB") == "en" and ui.ui_language("fr-FR") == "en"
    assert ui.ui_language(None, "nl,en;q=0.8") == "nl" and ui.ui_language(None, None) == "nl"
    assert ui.locator_label("p. 3 · Inleiding", "nl") == "pagina 3 · Inleiding"
    assert ui.locator_label("table 2, row 12", "nl") == "tabel 2, rij 12"
    assert ui.locator_label("table 2, row 12", "en") == "table 2, row 12"
    c = Citation(n=2, source="m.pdf", title="Monitor [2023]", page=3, locator="p. 3 · Kop", text="", url=None,
                 score=0, year=2023)
    assert ui.citation_label(c, "en") == "\\[2\\] Monitor \\[2023\\] · page 3 · Kop · year 2023"
    assert ui.format_timestamp("2026-11-23T08:47:55+0000") == "2026-11-23 08:47"


# --------------------------------------------------------------------------- the app
# (integration: the app runs over an index built with the real model)

@pytest.fixture(scope="module")
def app_env(tmp_path_factory):
    """Environment for the app (set before any AppTest is created) and an index built
    once for the module."""
    from config import Settings
    from index.store import IndexStore

    tmp = tmp_path_factory.mktemp("app")
    corpus = tmp / "corpus"
    shutil.copytree(ROOT / "corpus", corpus, ignore=shutil.ignore_patterns("uploads"))
    values = {"VRAAGBAAK_CORPUS_DIR": str(corpus), "VRAAGBAAK_INDEX_DIR": str(tmp / "index"),
              "VRAAGBAAK_FEEDBACK_DB": str(tmp / "feedback.sqlite3"), "VRAAGBAAK_UPLOAD_MAX_MB": "2"}
    with pytest.MonkeyPatch.context() as mp:
        for k, v in values.items():
            mp.setenv(k, v)
        settings = Settings.from_env()
        IndexStore(settings.index_dir, settings=settings).update([settings.corpus_dir])
        yield settings


def new_app(locale: str = "nl-NL") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.context["locale"] = locale
    return at.run()


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question)
    return at.run()


def assistant_messages(at: AppTest):
    return [m for m in at.chat_message if m.name == "assistant"]


def plain(markdown: str) -> str:
    """Markdown as the reader sees it (the app backslash-escapes document text)."""
    return markdown.replace("\\", "").replace("\u2060", "")


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def card_labels(block) -> list[str]:
    return [e.label for e in block.expander]


def assert_no_html(at: AppTest) -> None:
    """No Markdown allows HTML; the only HTML elements are the app's constant style and script."""
    for md in at.get("markdown"):
        assert not md.proto.allow_html, md.value
    assert {h.proto.body for h in at.get("html")} <= {app_resources.PAGE_STYLE, app_resources.PAGE_SCRIPT}


MARKER_LINK = re.compile(r"\[\\\[(\d+)\\\]\]\(#vb-[0-9a-f]+-\1\)")


def without_marker_links(markdown: str) -> str:
    return MARKER_LINK.sub("", markdown)


@pytest.mark.integration
def test_first_visit_shows_examples_in_both_languages_and_dutch_labels(app_env):
    at = new_app("nl-NL")
    assert not at.exception
    assert at.title[0].value == "Vraagbaak internationalisering Leiden"
    labels = [b.label for b in at.button]
    assert "Nieuw gesprek" in labels
    assert DUTCH in labels and ENGLISH in labels  # example questions in Dutch and English
    assert at.chat_input[0].placeholder.startswith("Stel een vraag")
    # the sidebar says what is indexed
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Documenten"] == "3" and int(metrics["Passages"]) > 100
    assert any("Laatst bijgewerkt" in c.value for c in at.caption)
    # the about-box says what the collection is and that answers are quoted extracts
    about = next(e for e in at.sidebar.expander if e.label == "Over deze vraagbaak")
    about_text = " ".join(m.value for m in about.markdown)
    assert "twee korte openbare webpagina" in about_text and "letterlijke fragmenten" in about_text
    # the hashed file names of the default corpus are never shown, only titles
    shown = " ".join(m.value for m in at.get("markdown")) + " ".join(c.value for c in at.get("caption"))
    assert "000_ff2256da419d7abb" not in shown.replace("\\", "")


@pytest.mark.integration
def test_interface_language_follows_the_browser_and_the_toggle(app_env):
    at = new_app("en-US")
    assert at.title[0].value == "Leiden internationalisation Q&A"
    assert "New conversation" in [b.label for b in at.button]
    at.segmented_control(key="ui_lang").set_value("nl").run()
    assert at.title[0].value == "Vraagbaak internationalisering Leiden"
    assert "Nieuw gesprek" in [b.label for b in at.button]
    assert new_app("de-DE").title[0].value == "Leiden internationalisation Q&A"  # other languages: English


@pytest.mark.integration
@pytest.mark.parametrize("question, language", [(DUTCH, "nl"), (ENGLISH, "en")])
def test_question_gets_an_answer_with_source_cards(app_env, question, language):
    at = ask(new_app("nl-NL"), question)
    assert not at.exception
    [user, bot] = at.chat_message
    assert user.name == "user" and plain(user.markdown[0].value) == question
    turn = at.session_state["turns"][0]
    answer: Answer = turn["answer"]
    assert answer.answerable and answer.language == language and answer.citations
    # the answer text with its [n] markers
    shown = bot.markdown[0].value
    assert re.search(r"\\\[\d+\\\]", shown), shown
    # one card per cited source, labelled [n] title ...
    cited = sorted({int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)})
    labels = card_labels(bot)
    assert [int(re.match(r"\\\[(\d+)\\\]", lab).group(1)) for lab in labels] == cited
    first = next(c for c in answer.citations if c.n == cited[0])
    assert first.title.split(":")[0] in plain(labels[0])
    card = bot.expander[0]
    if first.kind == "table_row":  # a table row is a small table under the table's title
        title, fields = vm.parse_row(first.text)
        assert plain(card.caption[0].value) == title
        shown = {plain(k): plain(v) for k, v in card.table[0].value.itertuples(index=False)}
        assert shown and all(k in fields for k in shown)
    else:
        assert first.text.split()[0] in plain(card.markdown[0].value)
    assert card.proto.expanded  # the first card is open, the others closed
    assert not any(e.proto.expanded for e in bot.expander[1:])
    assert "Bronnen" in texts(bot.caption)
    assert not at.warning  # an answer is not shown as a refusal
    assert_no_html(at)


@pytest.mark.integration
def test_cited_numbers_are_highlighted_in_the_passage(app_env):
    at = ask(new_app(), DUTCH)
    answer = at.session_state["turns"][0]["answer"]
    first = min(answer.citations, key=lambda c: c.n)
    passage = assistant_messages(at)[0].expander[0].markdown[0].value
    cited = ui.numbers_cited_from(vm.lead_of(answer), first.n)  # the numbers the shown lead takes from it
    spans = vm.cited_spans(first.text, cited)
    assert spans and passage.count(":orange-background[") == len(spans)
    if "800" in cited and "achthonderd" in first.text:  # "meer dan achthonderd (800)": the word is the number
        assert ":orange-background[**achthonderd**]" in passage


@pytest.mark.integration
@pytest.mark.parametrize("ui_locale", ["nl-NL", "en-GB"])
def test_refusal_is_rendered_as_a_refusal_in_the_questions_language(app_env, monkeypatch, ui_locale):
    close = Citation(n=1, source="001_28f5a3e223cbfa99.txt", title="Visie", page=None, locator="",
                     text="Leiden is al eeuwenlang een internationale stad.", url=None, score=0.4)
    far = Citation(n=2, source="000_ff2256da419d7abb.txt", title="Monitor", page=None, locator="",
                   text="Afgelopen maand kregen 774 studenten een Warm Welkom.", url=None, score=0.08)

    def refuse(self, question, history=None, filters=None, id=None):
        return Answer(question=question, language="nl", answerable=False, closest=[close, far],
                      answer="De documenten geven geen antwoord op deze vraag. Wel verwant zijn deze "
                             "passages: Visie; Monitor.")

    monkeypatch.setattr(Assistant, "ask", refuse)
    at = ask(new_app(ui_locale), "Wat is de hoofdstad van Frankrijk?")
    [bot] = assistant_messages(at)
    assert bot.avatar != ":material/menu_book:"
    [warning] = bot.warning
    # heading and body in the question's language (Dutch), whatever the interface language
    assert "Geen antwoord in de documenten" in warning.value and "geen antwoord op deze vraag" in warning.value
    assert "verwant" not in warning.value  # the related passages are cards, not repeated in the text
    assert "Bronnen" not in texts(bot.caption)  # no source cards for an answer that was not given
    assert any("geen antwoord op de vraag" in c for c in texts(bot.caption))  # closest passages, labelled
    assert [plain(lab)[:9] for lab in card_labels(bot)] == ["[1] Visie"]  # only the relevant one
    assert "Hier kunt u het vragen:" in texts(bot.caption)
    contacts = plain(bot.markdown[-1].value)
    assert "Gemeente Leiden" in contacts and "Leiden International Centre" in contacts
    assert "](https://gemeente.leiden.nl/contact/)" in bot.markdown[-1].value


@pytest.mark.integration
def test_example_button_asks_and_follow_up_gets_the_history(app_env, monkeypatch):
    calls = []
    real_ask = Assistant.ask

    def spy(self, question, history=None, filters=None, id=None):
        calls.append({"question": question, "history": history, "filters": filters})
        return real_ask(self, question, history=history, filters=filters, id=id)

    monkeypatch.setattr(Assistant, "ask", spy)
    at = new_app()
    next(b for b in at.button if b.label == DUTCH).click().run()
    assert calls[-1]["question"] == DUTCH and calls[-1]["history"] == []
    at = ask(at, "En in 2023?")
    assert [c["question"] for c in calls] == [DUTCH, "En in 2023?"]
    [previous] = calls[-1]["history"]
    assert previous["question"] == DUTCH and previous["language"] == "nl" and previous["answer"]
    assert len(assistant_messages(at)) == 2
    # a new conversation forgets it
    at.button(key="new_chat").click().run()
    assert not at.chat_message and at.session_state["turns"] == []
    assert DUTCH in [b.label for b in at.button]  # the examples are back


@pytest.mark.integration
def test_feedback_lands_in_the_database(app_env):
    at = ask(new_app(), DUTCH)
    turn = at.session_state["turns"][0]
    bot = assistant_messages(at)[0]
    assert "Was dit antwoord nuttig?" in texts(bot.caption)
    at.feedback(key=f"fb_{turn['id']}").set_value(0).run()  # thumbs down
    row = FeedbackStore(app_env.feedback_db).get(turn["id"])
    assert row["rating"] == 0 and row["question"] == DUTCH
    assert row["answer"] == turn["answer"].answer and row["citations"][0]["text"]
    # the optional comment
    at.text_input(key=f"fbc_{turn['id']}").input("Het jaartal ontbreekt.")
    next(b for b in at.button if b.label == "Toelichting versturen").click().run()
    row = FeedbackStore(app_env.feedback_db).get(turn["id"])
    assert row["comment"] == "Het jaartal ontbreekt." and row["rating"] == 0
    assert any("feedback is opgeslagen" in c.value for c in at.caption)
    # staff can export it
    assert at.download_button(key="export_feedback").label == "Feedback exporteren (CSV)"
    csv_text = FeedbackStore(app_env.feedback_db).export_csv().decode("utf-8-sig")
    assert "Het jaartal ontbreekt." in csv_text and "down" in csv_text


@pytest.mark.integration
def test_bad_upload_shows_its_error_and_the_index_keeps_answering(app_env):
    at = new_app("en-US")
    chunks_before = int({m.label: m.value for m in at.metric}["Passages"])
    at.file_uploader(key="upload_files").set_value([
        ("../../fake report.pdf", b"just some text pretending to be a PDF", "application/pdf"),
        ("Kwakelfonds note.md", NOTE.encode(), "text/markdown"),
        ("empty.txt", b"", "text/plain"),
    ])
    next(b for b in at.button if b.label == "Add to the index").click().run()
    assert not at.exception
    # indexed in the background (index/jobs.py): the page returns at once and polls
    from index.jobs import jobs_for

    jobs_for(app_env).wait(at.session_state["upload_job"], timeout=300)
    at.run()
    at.run()
    assert not at.exception
    errors = [plain(e.value) for e in at.sidebar.error]
    assert any("fake report.pdf" in e and "does not match" in e for e in errors), errors
    assert any("empty.txt" in e and "empty" in e for e in errors), errors
    assert all("../" not in e for e in errors)
    successes = [plain(s.value) for s in at.sidebar.success]
    assert any("Kwakelfonds note.md" in s and "added" in s for s in successes), successes
    assert at.sidebar.status[0].label == "Upload: 1 added, 2 not added"
    # nothing of the bad files was stored; the good one sits under a generated name
    stored = [p.relative_to(app_env.corpus_dir).as_posix() for p in (app_env.corpus_dir / "uploads").rglob("*")
              if p.is_file()]
    assert len(stored) == 1 and re.fullmatch(r"uploads/[0-9a-f]{10}/kwakelfonds-note\.md", stored[0])
    # the index still answers, now including the new file
    assert int({m.label: m.value for m in at.metric}["Passages"]) > chunks_before
    at = ask(at, ENGLISH)
    answer = at.session_state["turns"][0]["answer"]
    assert answer.answerable and assistant_messages(at)[0].expander
    at = ask(at, "Hoeveel deelnemers telde het Kwakelfonds in 2031?")
    answer = at.session_state["turns"][1]["answer"]
    assert any(c.source == stored[0] for c in answer.citations), answer.citations


@pytest.mark.integration
def test_filters_reach_the_assistant(app_env, monkeypatch):
    seen = []
    real_ask = Assistant.ask

    def spy(self, question, history=None, filters=None, id=None):
        seen.append(filters)
        return real_ask(self, question, history=history, filters=filters, id=id)

    monkeypatch.setattr(Assistant, "ask", spy)
    at = new_app()
    at.multiselect(key="filter_sources").set_value(["leiden-figures.csv"])
    at.multiselect(key="filter_years").set_value([2024])
    at.run()
    at = ask(at, ENGLISH)
    assert seen[-1] == {"sources": ["leiden-figures.csv"], "years": [2024]}
    answer = at.session_state["turns"][0]["answer"]
    assert all(c.source == "leiden-figures.csv" for c in answer.citations)
    assert any("filters" in c.value for c in assistant_messages(at)[0].caption)


@pytest.mark.integration
def test_filters_that_exclude_everything_give_a_hint_and_a_way_out(app_env):
    at = new_app("en-GB")
    years = at.multiselect(key="filter_years").options
    # the options are the years passages are about, newest first; none is invented
    assert years and [int(y) for y in years] == sorted({int(y) for y in years}, reverse=True)
    assert all(1900 <= int(y) <= 2100 for y in years)
    at.multiselect(key="filter_sources").set_value(["001_28f5a3e223cbfa99.txt"])
    at.multiselect(key="filter_years").set_value([int(years[-1])])  # the oldest: not in that document
    at.run()
    at = ask(at, "How many inhabitants did Leiden have on 1 January 2024?")
    [bot] = assistant_messages(at)
    assert not at.session_state["turns"][0]["answer"].answerable
    assert any("Filters are on" in i.value for i in bot.info)
    at.button(key=f"clear_{at.session_state['turns'][0]['id']}").click().run()
    assert at.multiselect(key="filter_sources").value == [] and at.multiselect(key="filter_years").value == []
    assert any("Filters cleared" in c.value for c in at.sidebar.caption)


@pytest.mark.integration
def test_table_row_answer_shows_a_small_table_and_no_file_names(app_env):
    at = ask(new_app("nl-NL"), DUTCH)
    answer = at.session_state["turns"][0]["answer"]
    rows = [c for c in ui.cited_only(answer.citations, answer.answer) if c.kind == "table_row"]
    assert rows, "expected a table row among the cited passages"
    [bot] = assistant_messages(at)
    for card in bot.expander:
        for table in card.table:
            cells = [plain(x) for x in table.value.to_numpy().ravel()]
            assert not any(re.search(r"^\w+: ", c) for c in cells)  # never raw "key: value"
    everything = " ".join(plain(e.value) for e in at.get("markdown") + at.get("caption")) + " ".join(
        plain(x) for t in at.get("table") for x in t.value.to_numpy().ravel()) + " ".join(card_labels(bot))
    assert "000_ff2256da419d7abb" not in everything  # notes name their file by its title
    assert "Monitor internationalisering 2023" in everything


@pytest.mark.integration
def test_trend_question_draws_a_chart_with_its_table(app_env):
    at = ask(new_app("en-GB"), "How did the share of internationals in Leiden develop between 2019 and 2023?")
    answer = at.session_state["turns"][0]["answer"]
    assert answer.series
    [bot] = assistant_messages(at)
    [chart] = [c for c in bot.get("vega_lite_chart")]
    spec = chart.proto.spec
    assert '"tooltip"' in spec and "line" in spec
    table = bot.table[0].value
    points = answer.series[0]["points"]
    assert [int(y) for y in table["year"]] == sorted(p["year"] for p in points)
    assert all(re.match(r"\\\[\d+\\\] ", s) for s in table["source"])  # every point names its source [n]


@pytest.mark.integration
def test_copy_gives_the_answer_with_its_sources_as_markdown(app_env):
    at = ask(new_app("en-GB"), ENGLISH)
    answer = at.session_state["turns"][0]["answer"]
    [bot] = assistant_messages(at)
    [code] = bot.code
    md = code.value
    assert md.startswith(vm.lead_of(answer))
    for c in ui.cited_only(answer.citations, answer.answer):
        assert f"[{c.n}] {c.title}" in md
        if c.url:
            assert f"<{c.url}>" in md


@pytest.mark.integration
def test_answer_markers_link_to_their_cards(app_env):
    at = ask(new_app("en-GB"), ENGLISH)
    turn = at.session_state["turns"][0]
    [bot] = assistant_messages(at)
    lead = bot.markdown[0].value
    linked = {int(n) for n in MARKER_LINK.findall(lead)}
    assert linked and linked <= {int(re.match(r"\\\[(\d+)", lab).group(1)) for lab in card_labels(bot)}
    prefix = f"vb-{turn['id'][:12]}"
    assert f"(#{prefix}-1)" in lead
    assert app_resources.PAGE_SCRIPT in {h.proto.body for h in at.get("html")}


# --------------------------------------------------------------------------- the view model (no index)

def test_passage_years_and_the_year_filter():
    row = Passage("r", "T — year: 2019; value: 5", year=2019, kind="table_row")
    prose = Passage("p", "In 2022 kwamen er meer dan achthonderd Oekraïners.", year=2023)
    plain_ = Passage("q", "Met 13,1% is 1 op de 8 Leidenaren een international.", year=2023)
    assert passage_years(row) == {2019} and passage_years(prose) == {2022} and passage_years(plain_) == {2023}
    f = Filters.from_any({"years": [2022]})
    assert f.match(prose) and not f.match(plain_) and not f.match(row)


def test_contacts_from_the_deployment_file(tmp_path):
    assert [c.url for c in vm.load_contacts(None, "en")] == [
        "https://gemeente.leiden.nl/contact/", "https://www.leideninternationalcentre.nl/"]
    (tmp_path / "contacts.toml").write_text(
        '[[contact]]\nname = { nl = "Loket", en = "Desk" }\nurl = "https://example.org/desk"\n'
        '[[contact]]\nname = "Bad link"\nurl = "javascript:alert(1)"\n', encoding="utf-8")
    nl, en = vm.load_contacts(tmp_path, "nl"), vm.load_contacts(tmp_path, "en")
    assert [(c.name, c.url) for c in nl] == [("Loket", "https://example.org/desk"), ("Bad link", None)]
    assert en[0].name == "Desk"
    (tmp_path / "contacts.toml").write_text("[[contact]\n", encoding="utf-8")  # broken: the defaults
    assert len(vm.load_contacts(tmp_path, "nl")) == 2
    # the shipped file says the same as the defaults
    shipped = vm.load_contacts(ROOT / "corpus", "nl")
    assert [(c.name, c.url) for c in shipped] == [(c.name, c.url) for c in vm.DEFAULT_CONTACTS["nl"]]


def test_view_titles_highlights_and_markdown():
    assert vm.human_title("000_ff2256da419d7abb.txt", "000_ff2256da419d7abb.txt") == "Document"
    assert vm.human_title("", "uploads/3fa4c2d1e9/kwakelfonds-note.md") == "kwakelfonds note"
    assert vm.human_title("Monitor 2023", "000_ff2256da419d7abb.txt") == "Monitor 2023"
    # a number inside a web address is never highlighted
    text = "Zie https://example.org/2023/cijfers: in 2023 was het 13,1%."
    spans = vm.cited_spans(text, {"2023", "13.1"})
    assert [text[a:b] for a, b in spans] == ["2023", "13,1%"] and spans[0][0] > text.index("cijfers")
    # a row: a two-column table; a label holding the cited year is not highlighted, the figure is
    row = Citation(n=1, source="f.csv", title="Facts", page=None, locator="row 1", url="https://x.org/a",
                   text="Facts — measure: share (monitor 2023 summary); year: 2023; value: 13.1; "
                        "notes: 000_ff2256da419d7abb.txt; Dutch text writes 13,1%", score=0.9, kind="table_row")
    a = Answer("q", "en", True, "The share was 13.1% in 2023 [1].", citations=[row])
    v = vm.answer_view(a, "en", turn_id="t", titles={"000_ff2256da419d7abb.txt": "Monitor 2023"})
    [card] = v.cards
    cells = dict(card.rows)
    assert ":orange-background" not in cells["measure"] and ":orange-background" in cells["value"]
    assert "Monitor 2023" in plain(cells["notes"]) and "000_ff" not in cells["notes"]
    assert card.table_title == "Facts" and card.open and card.url == "https://x.org/a"
    assert v.copy_md.startswith("The share was 13.1% in 2023 [1].") and "[1] Facts, row 1" in v.copy_md
    assert "| value | 13.1 |" in v.copy_md and "value: 13.1" not in v.copy_md  # the row as a small table


@pytest.mark.integration
def test_document_text_is_never_rendered_as_markup(app_env, monkeypatch):
    hostile = ('Zie <script>alert(1)</script> <img src="http://127.0.0.1:9/x.png"> ![x](http://127.0.0.1:9/y.png) '
               "[klik](http://127.0.0.1:9/z) **vet** :red[rood] $x$ 13,1% [1]")
    cite = Citation(n=1, source="evil.txt", title="<b>Titel</b> [x](http://127.0.0.1:9/t)", page=2,
                    locator="p. 2 · <i>kop</i>", text=hostile.replace(" [1]", ""),
                    url="javascript:alert(1)", score=0.5, year=2023)

    def evil(self, question, history=None, filters=None, id=None):
        return Answer(question=question, language="nl", answerable=True, answer=hostile, citations=[cite])

    monkeypatch.setattr(Assistant, "ask", evil)
    at = ask(new_app(), "<img src=x onerror=alert(1)> **vraag**")
    assert_no_html(at)
    bodies = [without_marker_links(m.value) for m in at.get("markdown")] + [e.label for e in at.expander]
    for body in bodies:
        # every markup character coming from the document or question is escaped
        assert not re.search(r"(?<!\\)[<>]", body), body
        assert not re.search(r"(?<!\\)!(?<!\\)\[|(?<!\\)\]\(", body), body
    user, bot = at.chat_message
    assert user.markdown[0].value == "\\<img src\\=x onerror\\=alert\\(1\\)\\> \\*\\*vraag\\*\\*"
    assert "\\*\\*vet\\*\\*" in bot.markdown[0].value and "\\:red\\[rood\\]" in bot.markdown[0].value
    label = bot.expander[0].label
    assert label.startswith("\\[1\\] \\<b\\>Titel\\<\\/b\\>") and "pagina 2" in label and "jaar 2023" in label
    # the cited number is highlighted, everything else stays escaped
    assert ":orange-background[**13\\,1\\%**]" in bot.expander[0].markdown[0].value
    # a javascript: URL is never offered as a link
    assert not at.get("link_button")

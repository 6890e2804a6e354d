"""Vraagbaak chat (Streamlit). Renders what ``assistant/`` returns; computes nothing itself.

    streamlit run serve.py        # or: make run (loads and warms the index at server start)
    streamlit run app.py          # the same page; the index is loaded on the first visit

* Chat: questions in Dutch or English. An answer is its lead sentence (``[n]`` markers
  that open their card) and one card per cited passage: prose with the cited numbers
  highlighted, a table row as a small two-column table under the table's title; the
  first card is open. A trend is drawn as a line chart with its table. A copy button
  gives the answer and its sources as Markdown. A refusal, in the question's language,
  shows only related passages the ranker finds relevant and where to ask instead
  (``corpus/contacts.toml``). :mod:`assistant.view` decides all of this; this file draws.
* Header: title and interface language (reachable on a phone without the drawer).
* Sidebar: new conversation, what is indexed, filters by document and by the year a
  passage is about, uploads (checked, stored and indexed by :mod:`ingest.uploads`), about,
  feedback export for staff.
* Text from documents and questions is always rendered through
  :func:`assistant.ui_text.md_escape` (never as HTML or live Markdown). The one script on
  the page is a constant (``app_resources.PAGE_SCRIPT``); it never carries document text.
* The assistant (index + embedding model) and the feedback store are created once per
  process with ``st.cache_resource`` and shared by all sessions; ``serve.py`` creates them
  when the server starts.
"""
from __future__ import annotations

import logging
import math
import os
import uuid
from pathlib import Path

import streamlit as st

from assistant import ui_text as ui
from assistant import view as vm
from app_resources import PAGE_SCRIPT, PAGE_STYLE, load_assistant, load_feedback
from assistant.core import Assistant
from assistant.passages import passage_years
from config import Settings
from ingest.errors import StoreUnavailable
from index.jobs import jobs_for
from ingest.uploads import UploadResult
from messages import EXAMPLES, LANGUAGES, t

log = logging.getLogger("vraagbaak.app")
MAX_QUESTION_CHARS = 1000
FAVICON = Path(__file__).resolve().parent / "static" / "favicon.png"



# --------------------------------------------------------------------------- session state

def init_state() -> None:
    state = st.session_state
    if "ui_lang" not in state:
        headers = {}
        try:
            headers = dict(st.context.headers or {})
        except Exception:
            pass
        state.ui_lang = ui.ui_language(st.context.locale, headers.get("Accept-Language"))
    state.setdefault("turns", [])
    state.setdefault("upload_results", None)


def new_conversation() -> None:
    st.session_state.turns = []
    st.session_state.pop("pending_question", None)


def ask_example(question: str) -> None:
    st.session_state.pending_question = question


def current_filters() -> dict | None:
    sources = st.session_state.get("filter_sources") or []
    years = st.session_state.get("filter_years") or []
    filters = {}
    if sources:
        filters["sources"] = list(sources)
    if years:
        filters["years"] = [int(y) for y in years]
    return filters or None


def history_of(turns: list[dict]) -> list[dict]:
    return [{"question": tr["question"], "answer": tr["answer"].answer, "language": tr["answer"].language}
            for tr in turns]


def find_turn(turn_id: str) -> dict | None:
    return next((tr for tr in st.session_state.get("turns", []) if tr["id"] == turn_id), None)


# --------------------------------------------------------------------------- feedback callbacks

def save_rating(turn_id: str, settings: Settings) -> None:
    turn = find_turn(turn_id)
    if turn is None:
        return
    rating = st.session_state.get(f"fb_{turn_id}")
    _save_feedback(turn, settings, rating=rating)


def save_comment(turn_id: str, settings: Settings) -> None:
    turn = find_turn(turn_id)
    if turn is None:
        return
    comment = (st.session_state.get(f"fbc_{turn_id}") or "").strip()
    if comment:
        _save_feedback(turn, settings, comment=comment)


def _save_feedback(turn: dict, settings: Settings, **fields) -> None:
    try:
        load_feedback(settings).save(
            turn["id"], turn["answer"], filters=turn.get("filters"), ui_language=st.session_state.ui_lang,
            index_generation=turn.get("generation"), **fields)
        turn["feedback"] = "saved"
    except Exception:
        log.exception("feedback could not be saved")
        turn["feedback"] = "failed"


# --------------------------------------------------------------------------- rendering

def clear_filters() -> None:
    st.session_state.filter_sources = []
    st.session_state.filter_years = []
    st.session_state.filters_cleared = True


def render_card(card: vm.Card, lang: str) -> None:
    with st.expander(card.label, expanded=card.open, key=card.key):
        if card.is_table:
            st.caption(ui.md_escape_inline(card.table_title))
            import pandas as pd

            st.table(pd.DataFrame({t("column", lang): [c for c, _ in card.rows],
                                   t("value", lang): [v for _, v in card.rows]}),
                     hide_index=True, hide_header=True, border="horizontal")
        else:
            st.markdown(card.text_md)
        if card.url:
            st.link_button(t("open_source", lang), card.url, icon=":material/open_in_new:")


def render_chart(view: vm.AnswerView, lang: str) -> None:
    """The series as a line chart (Altair, bundled with Streamlit: nothing is fetched),
    every point with its value and source on hover; the figures as a table under it."""
    import altair as alt
    import pandas as pd

    year, value, source = t("chart_year", lang), t("chart_value", lang), t("chart_source", lang)
    unit = f" ({view.unit})" if view.unit else ""
    data = pd.DataFrame({year: [p.year for p in view.points], value: [p.value for p in view.points],
                         "shown": [p.value_text + (f" {view.unit}" if view.unit else "") for p in view.points],
                         source: [f"[{p.n}] {p.source}" for p in view.points]})
    tooltip = [alt.Tooltip(f"{year}:O"), alt.Tooltip("shown:N", title=value), alt.Tooltip(f"{source}:N")]
    chart = alt.Chart(data).mark_line(point=alt.OverlayMarkDef(size=90, filled=True)).encode(
        x=alt.X(f"{year}:O", axis=alt.Axis(labelAngle=0)),
        y=alt.Y(f"{value}:Q", title=value + unit, scale=alt.Scale(zero=False)),
        tooltip=tooltip,
    ).properties(height=240, title=view.points[0].label[:90])
    st.altair_chart(chart, width="stretch")
    st.table(pd.DataFrame({year: [str(p.year) for p in view.points],
                           value: [ui.md_escape_inline(r) for r in data["shown"]],
                           source: [ui.md_escape_inline(r) for r in data[source]]}), hide_index=True)


def turn_view(turn: dict, lang: str) -> vm.AnswerView:
    answer = turn["answer"]
    contacts = [] if answer.answerable else vm.load_contacts(st.session_state.get("contacts_dir"), answer.language)
    return vm.answer_view(answer, lang, turn_id=turn["id"][:12], titles=st.session_state.get("doc_titles") or {},
                          contacts=contacts, filters_active=bool(turn.get("filters")))


def render_answer(turn: dict, lang: str) -> None:
    answer = turn["answer"]
    view = turn_view(turn, lang)
    resolved = (answer.resolved_question or "").strip()
    if resolved and resolved != answer.question.strip():
        st.caption(t("resolved", lang, question=ui.md_escape_inline(resolved)))
    if view.answerable:
        st.markdown(view.lead_md)
        if view.points:
            render_chart(view, lang)
        if view.cards:
            st.caption(t("sources", lang))
            for card in view.cards:
                render_card(card, lang)
        with st.popover(t("copy", lang), icon=":material/content_copy:"):
            st.caption(t("copy_help", lang))
            st.code(view.copy_md, language="markdown", wrap_lines=True)
        if view.filters_active:
            st.caption(t("filters_active", lang))
        return
    # a refusal speaks the question's language throughout
    qlang = answer.language if answer.language in LANGUAGES else lang
    st.warning(f"**{t('refusal_heading', qlang)}**  \n{view.lead_md}", icon=":material/search_off:")
    if view.filters_active:
        st.info(t("filters_refusal", qlang), icon=":material/filter_alt_off:")
        st.button(t("clear_filters", qlang), key=f"clear_{turn['id']}", on_click=clear_filters,
                  icon=":material/filter_alt_off:")
    if view.cards:
        st.caption(t("closest_heading", qlang))
        for card in view.cards:
            render_card(card, qlang)
    if view.contacts:
        st.caption(t("ask_instead", qlang))
        st.markdown("\n".join(
            f"- [{ui.md_escape_inline(c.name)}]({c.url})" if c.url else f"- {ui.md_escape_inline(c.name)}"
            for c in view.contacts))


def render_llm_answer(turn: dict, lang: str, settings: Settings) -> None:
    """The written answer of a turn when a server is configured (VRAAGBAAK_LLM_URL): on the
    turn's first showing it streams in under the extractive answer, sentence by sentence as
    the guard of :mod:`assistant.llm` passes them, and replaces that answer when the whole is
    accepted; otherwise the extractive answer stays, with the reason. Cards are unchanged."""
    from assistant import llm

    answer = turn["answer"]
    if turn.get("written"):  # asked before: say which answer this is
        if answer.llm_rejected:
            st.caption(ui.md_escape_inline(t("llm_rejected", lang, reason=answer.llm_rejected)))
        elif answer.generator == "llm" and answer.answerable:
            st.caption(t("llm_written", lang))
        return
    writer = llm.writer_for(settings)
    if writer is None or not writer.wanted(answer):
        return
    turns = st.session_state.get("turns", [])
    earlier = turns[:next((i for i, tr in enumerate(turns) if tr is turn), len(turns))]
    draft = writer.stream(answer, [{"question": tr["question"], "answer": tr["answer"].answer} for tr in earlier])
    box = st.empty()
    with box.container():
        st.caption(t("llm_draft", lang))
        st.write_stream((" " if p[:1].isspace() else "") + ui.md_escape_inline(p) for p in draft)
    turn["answer"], turn["written"] = draft.result(), True
    box.empty()
    if turn["answer"].generator == "llm":
        st.rerun()  # shown in place of the extractive answer
    render_llm_answer(turn, lang, settings)


def render_feedback(turn: dict, lang: str, settings: Settings) -> None:
    tid = turn["id"]
    st.caption(t("feedback_prompt", lang))
    st.feedback("thumbs", key=f"fb_{tid}", on_change=save_rating, args=(tid, settings))
    if st.session_state.get(f"fb_{tid}") is not None:
        with st.form(f"fbform_{tid}", clear_on_submit=True, border=False):
            st.text_input(t("feedback_comment", lang), key=f"fbc_{tid}", max_chars=2000,
                          placeholder=t("feedback_comment_help", lang))
            st.form_submit_button(t("feedback_send", lang), on_click=save_comment, args=(tid, settings))
    if turn.get("feedback") == "saved":
        st.caption(t("feedback_thanks", lang))
    elif turn.get("feedback") == "failed":
        st.error(t("feedback_failed", lang))


def render_turn_answer(turn: dict, lang: str, settings: Settings) -> None:
    refusal = not turn["answer"].answerable
    with st.chat_message("assistant", avatar=":material/search_off:" if refusal else ":material/menu_book:"):
        render_answer(turn, lang)
        render_llm_answer(turn, lang, settings)
        render_feedback(turn, lang, settings)


def render_turn(turn: dict, lang: str, settings: Settings) -> None:
    with st.chat_message("user"):
        st.markdown(ui.md_escape(turn["question"]))
    render_turn_answer(turn, lang, settings)


def render_welcome(lang: str) -> None:
    st.markdown(t("intro", lang))
    st.caption(t("examples", lang))
    for code in ("nl", "en"):
        cols = st.columns(len(EXAMPLES[code]))
        for col, question in zip(cols, EXAMPLES[code]):
            col.button(question, key=f"example_{code}_{question}", on_click=ask_example, args=(question,),
                       icon=":material/chat:", width="stretch", wrap=True)


def render_upload_results(results: list[UploadResult], lang: str) -> None:
    for r in results:
        name = f"**{ui.md_escape_inline(r.filename)}**"
        if r.ok:
            text = t("upload_added", lang, chunks=r.chunks) if r.status == "ingested" else t("upload_already_in", lang)
            st.success(f"{name}: {text}", icon=":material/check_circle:")
        else:
            st.error(f"{name}: {t('status_' + r.status, lang)} — {ui.md_escape_inline(r.message(lang))}",
                     icon=":material/error:")


def upload_summary(results: list[UploadResult], lang: str) -> tuple[str, str]:
    ok = sum(r.ok for r in results)
    return t("upload_done", lang, ok=ok, bad=len(results) - ok), ("complete" if ok == len(results) else "error")


def handle_upload(files, bot: Assistant, settings: Settings, lang: str) -> None:
    """Hand the files to the background upload queue (index/jobs.py) and return at once:
    this session, and every other, goes on answering from the current index."""
    job = jobs_for(settings).submit([(f.name, f.getvalue()) for f in files], bot.store, settings)
    st.session_state.upload_job = job.id
    st.session_state.pop("upload_results", None)


def render_index_info(bot: Assistant, lang: str) -> dict:
    try:
        stats = bot.store.stats()
    except StoreUnavailable:
        log.exception("the store cannot be reached")
        st.error(t("store_unreachable", lang))
        return {}
    docs = stats.get("documents") or []
    st.subheader(t("indexed", lang))
    if stats.get("chunks"):
        c1, c2 = st.columns(2)
        c1.metric(t("n_documents", lang), len(docs))
        c2.metric(t("n_chunks", lang), stats["chunks"])
        st.caption(t("indexed_at", lang, when=ui.format_timestamp(stats.get("indexed_at"))))
        with st.expander(t("document_list", lang)):
            for d in docs:
                year = f" ({d['year']})" if d.get("year") else ""
                st.markdown(ui.md_escape_inline(vm.human_title(d.get("title"), d["source"]) + year))
    else:
        st.info(t("no_index", lang))
    return stats


@st.cache_resource(show_spinner=False, max_entries=4)
def years_about(generation: str | None, _bot: Assistant) -> list[int]:
    """The years the passages of one index generation are about (the filter's options)."""
    return sorted({y for p in _bot.passages() for y in passage_years(p)}, reverse=True)


def render_filters(stats: dict, bot: Assistant, lang: str) -> None:
    st.subheader(t("filters", lang))
    titles = {d["source"]: vm.human_title(d.get("title"), d["source"]) for d in stats.get("documents") or []}
    st.multiselect(t("filter_documents", lang), options=list(titles), key="filter_sources",
                   format_func=lambda s: titles.get(s, s), help=t("filter_help", lang),
                   placeholder=t("filter_all_documents", lang), select_all=False)
    years = years_about(stats.get("generation"), bot) if stats.get("chunks") else []
    st.multiselect(t("filter_years", lang), options=years, key="filter_years",
                   help=t("filter_help", lang), placeholder=t("filter_all_years", lang), select_all=False)
    if st.session_state.pop("filters_cleared", False):
        st.caption(t("filters_cleared", lang))


def render_upload(bot: Assistant, settings: Settings, lang: str) -> None:
    st.subheader(t("upload", lang))
    with st.form("upload_form", clear_on_submit=True, border=False):
        files = st.file_uploader(t("upload_label", lang, mb=f"{settings.upload_max_mb:g}"),
                                 accept_multiple_files=True, key="upload_files",
                                 max_upload_size=max(1, math.ceil(settings.upload_max_mb)))
        submitted = st.form_submit_button(t("upload_button", lang), icon=":material/upload_file:")
    jobs = jobs_for(settings)
    if submitted and files:
        handle_upload(files, bot, settings, lang)
    elif submitted:
        st.info(t("upload_none", lang))
    mine = jobs.job(st.session_state.get("upload_job") or "")
    busy = (mine is not None and mine.state in ("queued", "running")) or jobs.active() is not None

    # Polled while an upload is being indexed (this session's or another's), so the page
    # shows progress instead of a spinner; the rest of the page is not re-run meanwhile.
    @st.fragment(run_every=1.0 if busy else None)
    def upload_status() -> None:
        job = jobs.job(st.session_state.get("upload_job") or "")
        if job is not None and job.state in ("queued", "running"):
            label = t("upload_running", lang) if job.state == "running" else t("upload_queued", lang)
            with st.status(label, state="running", expanded=True):
                current = job.current.text(lang) if hasattr(job.current, "text") else job.current
                st.progress(job.fraction, text=ui.md_escape_inline(current)[:120] or None)
                st.caption(t("upload_keeps_answering", lang))
            return
        if job is not None:  # finished: its results stay with this session
            del st.session_state["upload_job"]
            st.session_state.upload_results = job.results
            st.session_state.upload_failed = job.state == "error"
            if busy:
                st.rerun()  # the whole page: the document list and the filters change
        other = jobs.active()
        if other is not None:
            st.caption(t("upload_updating", lang, percent=round(other.fraction * 100)))
        if st.session_state.get("upload_failed"):
            st.error(t("upload_stopped", lang))
        if st.session_state.get("upload_results"):
            results = st.session_state.upload_results
            label, state = upload_summary(results, lang)
            with st.status(label, state=state, expanded=True):
                render_upload_results(results, lang)

    upload_status()


def render_about(settings: Settings, lang: str) -> None:
    with st.expander(t("about", lang), icon=":material/info:"):
        st.markdown(t("about_text", lang))
        llm = getattr(settings, "llm_url", None) or os.environ.get("VRAAGBAAK_LLM_URL")
        st.markdown(t("about_llm" if llm else "about_extractive", lang))


def render_sidebar(bot: Assistant, settings: Settings, lang: str) -> None:
    with st.sidebar:
        st.button(t("new_chat", lang), on_click=new_conversation, icon=":material/add_comment:",
                  key="new_chat", width="stretch")
        # Index facts and filters are drawn after an upload has run, so they show the new index.
        index_box, filter_box = st.container(), st.container()
        render_upload(bot, settings, lang)
        with index_box:
            stats = render_index_info(bot, lang)
        st.session_state.doc_titles = {d["source"]: d.get("title") or "" for d in stats.get("documents") or []}
        with filter_box:
            render_filters(stats, bot, lang)
        render_about(settings, lang)
        with st.expander(t("staff", lang)):
            feedback = load_feedback(settings)
            st.caption(t("feedback_count", lang, **feedback.counts()))
            st.download_button(t("export", lang), data=feedback.export_csv, file_name="vraagbaak-feedback.csv",
                               mime="text/csv", icon=":material/download:", key="export_feedback")


def render_header(lang: str) -> None:
    """Title and the interface language, in the page itself (a phone reaches it without
    opening the sidebar)."""
    st.html(PAGE_STYLE)
    head, switch = st.columns([4, 1.4], vertical_alignment="bottom")
    head.title(t("title", lang))
    switch.segmented_control(t("ui_language", lang), options=list(LANGUAGES), key="ui_lang",
                             format_func=lambda code: code.upper(), required=True, label_visibility="collapsed")


# --------------------------------------------------------------------------- the page

def main() -> None:
    st.set_page_config(page_title="Vraagbaak", page_icon=str(FAVICON), layout="centered")
    init_state()
    render_header(st.session_state.ui_lang)
    lang = st.session_state.ui_lang
    prompt = st.chat_input(t("chat_placeholder", lang), key="chat_input", max_chars=MAX_QUESTION_CHARS)
    settings = Settings.from_env()
    st.session_state.contacts_dir = str(settings.corpus_dir)
    try:
        with st.spinner(t("loading_index", lang)):
            bot = load_assistant(settings)
    except Exception as exc:
        log.exception("the index could not be loaded")
        st.error(f"{t('no_index', lang)} {ui.md_escape_inline(str(exc))}")
        st.stop()

    render_sidebar(bot, settings, lang)
    question = (prompt or st.session_state.pop("pending_question", None) or "").strip()
    turns: list[dict] = st.session_state.turns

    if not turns and not question:
        render_welcome(lang)
    for turn in turns:
        render_turn(turn, lang, settings)

    if question:
        with st.chat_message("user"):
            st.markdown(ui.md_escape(question))
        slot = st.empty()
        with slot.container(), st.chat_message("assistant", avatar=":material/menu_book:"):
            with st.spinner(t("thinking", lang)):
                filters = current_filters()
                try:
                    answer = bot.ask(question, history=history_of(turns), filters=filters)
                except StoreUnavailable:
                    log.exception("the store cannot be reached")
                    st.error(t("store_unreachable", lang))
                    return
                except Exception:
                    log.exception("ask failed")
                    st.error(t("ask_failed", lang))
                    return
        # drawn in this run, in place of the spinner (a rerun would draw the whole page once
        # more for nothing); the next run draws it as one of the turns, with the same keys
        turn = {"id": uuid.uuid4().hex, "question": question, "answer": answer, "filters": filters,
                "generation": bot.store.generation}
        turns.append(turn)
        with slot.container():
            render_turn_answer(turn, lang, settings)
    st.html(PAGE_SCRIPT, unsafe_allow_javascript=True)


main()

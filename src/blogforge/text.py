"""Script-aware text measures: what counts as CJK, and how much of a text is."""

from __future__ import annotations

import re

# CJK ideographs, kana, Hangul and CJK punctuation/full-width forms: each counts as one character.
CJK_RANGES = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31ff"
    "\u3200-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
    "\U00020000-\U0002fa1f"
)
CJK_CHAR = re.compile(f"[{CJK_RANGES}]")
_CJK_IDEOGRAPH = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
LATIN_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['’.-][A-Za-z0-9\u00c0-\u024f]+)*")


def cjk_share(text: str, of_non_ascii: bool = False) -> float | None:
    """Share of CJK ideographs among letters (or among non-ASCII characters); None if empty."""
    cjk = len(_CJK_IDEOGRAPH.findall(text))
    if of_non_ascii:
        pool = sum(1 for c in text if not c.isascii() and not c.isspace())
    else:
        pool = cjk + len(re.findall(r"[A-Za-z]", text))
    return cjk / pool if pool else None


def count_prose(text: str) -> tuple[int, int]:
    """(CJK characters, Latin-script words) in plain text."""
    cjk = len(_CJK_IDEOGRAPH.findall(text))
    words = len(LATIN_WORD.findall(CJK_CHAR.sub(" ", text)))
    return cjk, words

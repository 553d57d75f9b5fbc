"""Script-aware text measures: what counts as CJK, and how much of a text is."""

from __future__ import annotations

import re

_CJK_IDEOGRAPH = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
LATIN_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['’.-][A-Za-z0-9\u00c0-\u024f]+)*")


def cjk_share(text: str, of_non_ascii: bool = False) -> float | None:
    """Share of CJK ideographs among letters (or among non-ASCII characters); None if empty."""
    cjk = _ideographs(text)
    if of_non_ascii:
        pool = sum(1 for c in text if not c.isascii() and not c.isspace())
    else:
        pool = cjk + len(re.findall(r"[A-Za-z]", text))
    return cjk / pool if pool else None


def count_prose(text: str) -> tuple[int, int]:
    """(CJK characters, Latin-script words) in plain text. (No CJK character can be part of a
    Latin word nor join two: the words are counted in the text as it is.)"""
    return _ideographs(text), len(LATIN_WORD.findall(text))


def _ideographs(text: str) -> int:
    return len(text) - len(_CJK_IDEOGRAPH.sub("", text))  # (not a list of every one)

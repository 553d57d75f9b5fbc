"""Excerpts and text measures from the token stream.

A post's text is read as a list of units: prose, formulas (kept whole) and code (replaced by a
short placeholder). Cutting works on units, so a formula is never cut in half; within prose a cut
never splits an English word or an emoji, and prefers to end at a sentence near the limit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import regex
from markdown_it.token import Token

MORE_MARKER = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)
# Unicode extended grapheme clusters (what a reader sees as one character); the standard
# library's `re` has no \X, and the `regex` package follows each new Unicode version.
_GRAPHEME = regex.compile(r"\X")
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[。！？!?](?=\s|$)|[。！？]|\.(?=\s)")
# How far back from the limit a sentence end is still preferred over a hard cut.
_SENTENCE_WINDOW = 0.15


@dataclass(frozen=True)
class Unit:
    kind: Literal["text", "math", "ref", "code"]
    text: str  # prose, the TeX of a formula, or a reference like \\eqref{label}
    display: bool = False

    @property
    def length(self) -> int:
        if self.kind == "math":  # counted as written, delimiters included, like the seeds show
            return len(self.text) + 4
        return len(self.text)


def collect_units(tokens: Sequence[Token], stop_at_more: bool) -> tuple[list[Unit], bool]:
    """The units of a token stream; also whether a `<!--more-->` marker ended it."""
    units: list[Unit] = []

    def add_text(text: str) -> None:
        if units and units[-1].kind == "text":
            units[-1] = Unit("text", units[-1].text + text)
        else:
            units.append(Unit("text", text))

    for token in tokens:
        if token.type in ("html_block", "html_inline") and MORE_MARKER.search(token.content):
            if stop_at_more:
                return _tidy(units), True
            continue
        if token.type == "footnote_block_open":
            break
        if token.type == "inline":
            for child in token.children or ():
                if child.type in ("text", "code_inline"):
                    add_text(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    add_text(" ")
                elif child.type == "math_inline":
                    display = bool((child.meta or {}).get("display"))
                    units.append(Unit("math", child.content, display=display))
                elif child.type == "math_ref":
                    meta = child.meta or {}
                    kind, label = meta.get("kind", "eqref"), meta.get("label", "")
                    units.append(Unit("ref", f"\\{kind}{{{label}}}"))
                elif (child.type == "html_inline" and MORE_MARKER.search(child.content)
                      and stop_at_more):
                    return _tidy(units), True
            add_text(" ")
        elif token.type == "math_block":
            units.append(Unit("math", token.content.strip(), display=True))
            add_text(" ")
        elif token.type in ("fence", "code_block"):
            units.append(Unit("code", ""))
            add_text(" ")
    return _tidy(units), False


def _tidy(units: list[Unit]) -> list[Unit]:
    tidy = []
    for unit in units:
        if unit.kind == "text":
            unit = Unit("text", _SPACES.sub(" ", unit.text))
        tidy.append(unit)
    if tidy and tidy[0].kind == "text":
        tidy[0] = Unit("text", tidy[0].text.lstrip())
    if tidy and tidy[-1].kind == "text":
        tidy[-1] = Unit("text", tidy[-1].text.rstrip())
    return [u for u in tidy if u.kind != "text" or u.text]


def cut_units(units: list[Unit], limit: int) -> tuple[list[Unit], bool]:
    """At most `limit` characters of units; True when something was left out."""
    kept: list[Unit] = []
    used = 0
    for unit in units:
        room = limit - used
        if unit.length <= room:
            kept.append(unit)
            used += unit.length
            continue
        if unit.kind == "text" and room > 0:
            piece = cut_text(unit.text, room)
            if piece:
                kept.append(Unit("text", piece))
        return _tidy(kept), True
    return kept, False


def cut_text(text: str, limit: int) -> str:
    """Cut prose at `limit` characters, never inside a Latin word or a grapheme cluster (a flag,
    an emoji with modifiers, a letter with combining marks), ending at a sentence if one ends
    close enough to the limit."""
    if len(text) <= limit:
        return text
    boundaries = set()
    for cluster in _GRAPHEME.finditer(text):
        if cluster.end() > limit:
            break
        boundaries.add(cluster.end())
    cut = limit
    while cut > 0 and (cut not in boundaries or _inside_word(text, cut)):
        cut -= 1
    window_start = int(limit * (1 - _SENTENCE_WINDOW))
    ends = [m.end() for m in _SENTENCE_END.finditer(text, window_start, cut)]
    if ends:
        cut = ends[-1]
    return text[:cut].rstrip()


def _inside_word(text: str, i: int) -> bool:
    return _is_word_char(text[i - 1]) and _is_word_char(text[i])


def _is_word_char(char: str) -> bool:
    return char.isalnum() and unicodedata.east_asian_width(char) not in ("W", "F")


def prose_of(units: list[Unit]) -> str:
    return " ".join(u.text for u in units if u.kind == "text")

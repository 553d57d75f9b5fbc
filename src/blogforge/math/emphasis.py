r"""Emphasis marks beside a formula are read as beside a word.

CommonMark decides whether `**` opens or closes emphasis from the characters on either side of
it, and `$`, `)` and `}` are punctuation: in "**损失函数$L$**和" the closing `**` follows
punctuation and precedes a letter, so it closes nothing and the reader saw the asterisks
(Chinese puts no space after it, as English would). A formula reads as one word, so the
emphasis and strikethrough rules are shown a letter in place of a formula's edge character
next to their run of marks; everything else about them is as CommonMark has it.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from .parse import scan_formula

_MARKS = "*_~="
_FORMULA_TOKENS = ("math_inline", "math_ref")
_WORD = "a"  # what the rules are shown in place of a formula's edge

InlineRule = Callable[[StateInline, bool], bool]


def _formula_before(state: StateInline) -> bool:
    """Whether a formula ends right where the run of marks starts."""
    return (not state.pending and bool(state.tokens)
            and state.tokens[-1].type in _FORMULA_TOKENS)


def _formula_at(state: StateInline, pos: int) -> bool:
    if pos >= state.posMax:
        return False
    found = scan_formula(state.src, pos, state.posMax)
    return found is not None and found.type in _FORMULA_TOKENS


def formulas_as_words(rule: InlineRule) -> InlineRule:
    """`rule` (emphasis or strikethrough) seeing a formula next to its marks as a letter."""

    def tokenize(state: StateInline, silent: bool) -> bool:
        start = state.pos
        mark = state.src[start]
        if silent or mark not in _MARKS:
            return rule(state, silent)
        end = start
        while end < state.posMax and state.src[end] == mark:
            end += 1
        before = start > 0 and _formula_before(state)
        after = _formula_at(state, end)
        if not (before or after):
            return rule(state, silent)
        written = state.src
        shown = written
        if before:
            shown = shown[: start - 1] + _WORD + shown[start:]
        if after:
            shown = shown[:end] + _WORD + shown[end + 1 :]
        state.src = shown  # (the rules read the characters around the run only)
        try:
            return rule(state, silent)
        finally:
            state.src = written

    return tokenize


def emphasis_plugin(md: MarkdownIt) -> None:
    for name in ("emphasis", "strikethrough", "mark"):  # (mark: markdown/marks.py)
        rules = {rule.name: rule for rule in md.inline.ruler.__rules__}
        if name in rules:
            md.inline.ruler.at(name, formulas_as_words(rules[name].fn))

"""Bare URLs (GFM's autolinks) in Chinese text: where one begins and where it ends.

mdit_py_plugins' `gfm_autolink` follows GitHub's rules, made for text with spaces between
words: a URL runs to the next whitespace (less trailing `.,:?!` and a last unbalanced `)`),
and begins only after a space, a `(` or `*_~`. A phone keyboard types Chinese punctuation
right after a URL, and Chinese text has no space after it: `见 https://arxiv.org/abs/1706.03762。`
linked `…1706.03762%E3%80%82`, and `论文(https://…)很好。` put `)很好。` inside the link.
Before a URL, `（https://…）` and `链接：https://…` were not linked at all.

The plugin's rules are wrapped rather than forked: each is given a text that ends where
the URL must end (its `posMax`: what follows is parsed as ordinary Markdown again, emphasis,
math and links in it), and a full-width mark just before the URL reads as the space GitHub
asks for. The URL itself is still found, checked and trimmed by the plugin.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.gfm_autolink import gfm_autolink_plugin

InlineRule = Callable[[StateInline, bool], bool]

# The plugin's rules, each started at its trigger: `www.`, the `:` of `https:` / `mailto:`,
# the `@` of an address.
_RULES = ("gfm_autolink_www", "gfm_autolink_protocol", "gfm_autolink_email")
# What the plugin reads back from its trigger: a scheme or an address's local part, in ASCII
# (an address's local part is at most 64 characters).
_BACK_SCANNED = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+-_")
_LONGEST_BACK_SCAN = 64
# Where the plugin's rules start: `www.`, the `:` of a scheme, an address's `@`
_TRIGGERS = frozenset("w:@")
# Marks outside the CJK blocks that Chinese text sets right after a URL.
_OTHER_MARKS = frozenset("“”‘’…—")


def is_cjk_mark(char: str) -> bool:
    """Whether `char` is CJK or full-width punctuation (。，、：；（）「」《》【】…), which no
    URL holds unescaped and Chinese text sets right against one. The CJK symbols block's
    letters and numbers (々 of 人々, 〇) are not marks: a URL may hold them."""
    code = ord(char)
    if 0x3000 <= code <= 0x303F:
        return unicodedata.category(char)[0] in "PSZ"
    return (0xFF01 <= code <= 0xFF0F or 0xFF1A <= code <= 0xFF20 or 0xFF3B <= code <= 0xFF40
            or 0xFF5B <= code <= 0xFF65 or char in _OTHER_MARKS)


def url_end(text: str, start: int, end: int) -> int:
    """Where a bare URL starting at `start` must end, at the latest (`end`): before whitespace,
    a CJK mark, or a `)` with no `(` before it in the URL. GitHub drops only a *last*
    unbalanced `)`: `(https://a.org/x)很好` would keep `)很好`; Wikipedia's
    `…/Transformer_(machine_learning)` keeps its own pair."""
    depth = 0
    for at in range(start, end):
        char = text[at]
        if char.isspace() or is_cjk_mark(char):
            return at
        if char == "(":
            depth += 1
        elif char == ")":
            if not depth:
                return at
            depth -= 1
    return end


def _mark_before(state: StateInline) -> int | None:
    """Where a CJK mark stands right before the scheme, address or `www.` the plugin would
    read back from here, or None."""
    src, start = state.src, state.pos
    while (start > 0 and state.pos - start < _LONGEST_BACK_SCAN
           and src[start - 1] in _BACK_SCANNED):
        start -= 1
    return start - 1 if start > 0 and is_cjk_mark(src[start - 1]) else None


@contextmanager
def _read_as_space(state: StateInline, at: int) -> Iterator[None]:
    """The source with a space at `at` while a plugin rule looks at it: the rule accepts a
    URL after a space, and looks at the source character before it (or the last character of
    the text not yet made a token: that is made one first, unchanged). Same length, so every
    position holds; the real source is back before any other rule runs."""
    if at == state.pos - 1 and state.pending:
        state.pushPending()
    src = state.src
    state.src = src[:at] + " " + src[at + 1:]
    try:
        yield
    finally:
        state.src = src


def _within_cjk_text(rule: InlineRule) -> InlineRule:
    """The plugin's `rule`, seeing a URL end at `url_end` and begin after a CJK mark."""

    def rule_in_cjk_text(state: StateInline, silent: bool) -> bool:
        if state.src[state.pos] not in _TRIGGERS:  # (the plugin's own first test, made
            return False                           # before the scans below)
        limit = state.posMax
        state.posMax = url_end(state.src, state.pos, limit)
        try:
            mark = _mark_before(state)
            if mark is None:
                return rule(state, silent)
            with _read_as_space(state, mark):
                return rule(state, silent)
        finally:
            state.posMax = limit

    return rule_in_cjk_text


def bare_urls_plugin(md: MarkdownIt) -> None:
    """GFM's autolinks (bare `https://…`, `www.…`, addresses), ending and beginning at
    Chinese punctuation."""
    md.use(gfm_autolink_plugin)
    ruler = md.inline.ruler
    for name in _RULES:  # (each replaced in its place in the chain, its options kept)
        found = ruler.__rules__[ruler.__find__(name)]
        ruler.at(name, _within_cjk_text(found.fn), {"alt": found.alt})

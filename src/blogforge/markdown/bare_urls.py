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

import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.gfm_autolink import gfm_autolink_plugin

from blogforge.text import compiled_when_used

InlineRule = Callable[[StateInline, bool], bool]

# The plugin's rules, each started at its trigger: `www.`, the `:` of `https:` / `mailto:`,
# the `@` of an address.
_RULES = {"gfm_autolink_www": "w", "gfm_autolink_protocol": ":", "gfm_autolink_email": "@"}
# What the plugin reads back from its trigger: a scheme or an address's local part, in ASCII
# (an address's local part is at most 64 characters).
_BACK_SCANNED = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+-_")
_LONGEST_BACK_SCAN = 64
# No URL is longer (browsers' and servers' limits are 2,000 to 8,000 characters)
_LONGEST_URL = 8192
_SCHEMES_WITHOUT_SLASHES = ("mailto", "xmpp")


def _may_start(state: StateInline, trigger: str) -> bool:
    """Whether the plugin's autolink started at `trigger` may start here: `www.`, the `://`
    of a scheme (or `mailto:`), an address's `@` between its parts. The plugin asks the same,
    later. (Each rule at its own trigger only: the three were each given the `url_end` of
    every `://`, a scan of up to 8 kB.)"""
    src, pos = state.src, state.pos
    char = src[pos]
    if char != trigger:
        return False
    if char == "w":
        return src.startswith("www.", pos)
    if char == ":":
        return src.startswith("//", pos + 1) or state.pending[-6:].lower().endswith(
            _SCHEMES_WITHOUT_SLASHES)
    if char == "@":
        before = state.pending[-1:]
        return (pos + 1 < len(src) and src[pos + 1].isascii() and src[pos + 1].isalnum()
                and before.isascii() and (before.isalnum() or before in "._+-"))
    return False

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


# What ends a URL, and the parentheses it may hold in pairs (is_cjk_mark's characters)
_URL_STOPS = compiled_when_used("[\\s()" + "".join(
    re.escape(chr(code)) for code in (*range(0x3000, 0x3040), *range(0xFF01, 0xFF10),
                                      *range(0xFF1A, 0xFF21), *range(0xFF3B, 0xFF41),
                                      *range(0xFF5B, 0xFF66), *map(ord, _OTHER_MARKS))
    if is_cjk_mark(chr(code))) + "]")
# An address's domain, after its `@`: where the plugin's address ends at the latest
_DOMAIN = re.compile(r"[A-Za-z0-9._-]*")

def url_end(text: str, start: int, end: int) -> int:
    """Where a bare URL starting at `start` must end, at the latest (`end`): before whitespace,
    a CJK mark, or a `)` with no `(` before it in the URL. GitHub drops only a *last*
    unbalanced `)`: `(https://a.org/x)很好` would keep `)很好`; Wikipedia's
    `…/Transformer_(machine_learning)` keeps its own pair."""
    depth = 0
    for found in _URL_STOPS().finditer(text, start, end):  # (a scan in C between stops)
        char = found.group()
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        else:
            return found.start()
    return end


def _mark_before(state: StateInline) -> int | None:
    """Where a CJK mark stands right before the scheme, address or `www.` the plugin would
    read back from here, or None."""
    src, start = state.src, state.pos
    while (start > 0 and state.pos - start < _LONGEST_BACK_SCAN
           and src[start - 1] in _BACK_SCANNED):
        start -= 1
    return start - 1 if start > 0 and is_cjk_mark(src[start - 1]) else None


def _push_pending_before(state: StateInline, at: int) -> None:
    """The text not yet made a token made one, if it ends right before `at` (a mark read as
    a space: the plugin reads that text's last character as the one before the URL)."""
    if at == state.pos - 1 and state.pending:
        state.pushPending()


@contextmanager
def _read_as_space(state: StateInline, at: int) -> Iterator[None]:
    """The source with a space at `at` while a plugin rule looks at it: the rule accepts a
    URL after a space, and looks at the source character before it (or the last character of
    the text not yet made a token: that is made one first, unchanged). Same length, so every
    position holds; the real source is back before any other rule runs."""
    _push_pending_before(state, at)
    src = state.src
    state.src = src[:at] + " " + src[at + 1:]
    try:
        yield
    finally:
        state.src = src


def _within_cjk_text(rule: InlineRule, trigger: str) -> InlineRule:
    """The plugin's `rule`, started at `trigger`, seeing a URL end at `url_end` and begin
    after a CJK mark."""

    def rule_in_cjk_text(state: StateInline, silent: bool) -> bool:
        if not _may_start(state, trigger):  # (before the scans below: each reads on from
            return False  # here, and at every `w` of a long paragraph they cost its square)
        if silent:
            # (asked only whether a token starts here, as a link's label is read, the
            # plugin's rules make no link, after reading what they read: the address's rule,
            # all the text before the `[` at each `@` of the label; a line of 20,000 letters,
            # `[` and 8,000 `@a` took 10 s. Only what this wrapper did before them is done.)
            mark = _mark_before(state)
            if mark is not None:
                _push_pending_before(state, mark)
            return False
        limit = state.posMax
        state.posMax = (_DOMAIN.match(state.src, state.pos + 1, limit).end()
                        if state.src[state.pos] == "@" else
                        url_end(state.src, state.pos, min(limit, state.pos + _LONGEST_URL)))
        try:
            mark = _mark_before(state)
            if mark is None:
                return rule(state, silent)
            with _read_as_space(state, mark):
                return rule(state, silent)
        finally:
            state.posMax = limit

    return rule_in_cjk_text


# What the plugin's scheme rule reads of the text not yet made a token: a scheme ending at the
# `:`, and the character before it (`mailto` is the longest)
_PENDING_READ = len("mailto") + 1


def _seeing_pending_end(rule: InlineRule) -> InlineRule:
    """The plugin's scheme rule, shown only the end of the text not yet made a token, which
    is all its pattern reads: it searched the whole of it at every `:` (a line of 20,000
    `http://`: 50 s). Should it make a link, the text before the link is made a token with
    the rest put back in front of it; else the rest is put back, before what the rule left.
    (Its pattern, `(?:^|.)(https?|mailto|xmpp)$`, finds the same scheme in the end.)"""

    def rule_seeing_pending_end(state: StateInline, silent: bool) -> bool:
        pending = state.pending
        if len(pending) <= _PENDING_READ:
            return rule(state, silent)
        seen = state.pending = pending[-_PENDING_READ:]
        tokens = len(state.tokens)
        try:
            return rule(state, silent)
        finally:
            # (the rest is cut and joined only when the rule changed the end: copied at every
            # `:`, it cost as much as the search)
            if len(state.tokens) > tokens:  # (the text before the link, pushed first)
                state.tokens[tokens].content = (pending[:-_PENDING_READ]
                                                + state.tokens[tokens].content)
            elif state.pending is seen:
                state.pending = pending
            else:
                state.pending = pending[:-_PENDING_READ] + state.pending

    return rule_seeing_pending_end


def bare_urls_plugin(md: MarkdownIt) -> None:
    """GFM's autolinks (bare `https://…`, `www.…`, addresses), ending and beginning at
    Chinese punctuation."""
    md.use(gfm_autolink_plugin)
    ruler = md.inline.ruler
    for name, trigger in _RULES.items():  # (each replaced in its place, its options kept)
        found = ruler.__rules__[ruler.__find__(name)]
        rule = _within_cjk_text(found.fn, trigger)
        if name == "gfm_autolink_protocol":
            rule = _within_cjk_text(_seeing_pending_end(found.fn), trigger)
        ruler.at(name, rule, {"alt": found.alt})

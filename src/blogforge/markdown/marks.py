"""`==highlighted==` text, as Obsidian, Typora and CSDN's editor write it: a `<mark>`.

The rules are strikethrough's (`~~`): the opening `==` is followed by a non-space, the closing
one follows a non-space, so `a == b` and `== x ==` stay text. A run of three or more `=` is text
(`a === b`, `x===y`: code written in prose), never split into a mark, and so is a `==` between
the end of an operand and the start of another (`若 cnt==0 且 s[i]==t[j]`, `f(x)==0`: ASCII
letters, digits, `_` and brackets; a comparison, which would otherwise mark the words between
two of them, a quoted value's too (`s[i]=='('`); `==滑动窗口==是`, `(==note==)` still mark).
Chinese programming prose writes its comparisons without spaces, between two characters
(`整数用==比较没问题，浮点数用==比较`): a pair whose marks both stand so, and whose words run
over a sentence's punctuation (，。；！？…), marks nothing, nor one whose words begin with it
(`用 ==，赋值用 =。只有==`); `==如果数组有序，优先考虑二分。==` opening a line marks. Code and
formulas are cut out before (`$a == b$` is a formula), so a `==` in them pairs with nothing.
Published as written, a CSDN post showed its "==滑动窗口==" with the equals signs.
"""

from __future__ import annotations

import string

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Delimiter

_EQUALS = 0x3D
_WORD = frozenset(string.ascii_letters + string.digits + "_")
_QUOTES = frozenset("'\"")
_OPERAND_END = _WORD | _QUOTES | {")", "]"}  # (what `==` as a comparison stands between)
_OPERAND_START = _WORD | _QUOTES | {"(", "["}
_SENTENCE_PUNCTUATION = "，。；！？…"


def marks_plugin(md: MarkdownIt) -> None:
    """Use before `math_plugin`, which shows the rule a formula beside the marks as a word
    (math/emphasis.py), as it does for `**` and `~~`."""
    md.inline.ruler.before("emphasis", "mark", _tokenize)
    md.inline.ruler2.before("emphasis", "mark", _post_process)


def _tokenize(state: StateInline, silent: bool) -> bool:
    if silent or state.src[state.pos] != "=":
        return False
    scanned = state.scanDelims(state.pos, True)
    if scanned.length < 2:
        return False
    token = state.push("text", "", 0)
    token.content = "=" * scanned.length
    end = state.pos + scanned.length
    before = state.src[state.pos - 1] if state.pos > 0 else " "
    after = state.src[end] if end < state.posMax else " "
    # (`用==比`: words on both sides, kept here, as pairing clears the delimiters' flags; a
    # sentence's pause beside it, `即$f(x)$==，其中`, is no operand: that `==` ends a highlight)
    token.meta["between"] = scanned.can_open and scanned.can_close \
        and before not in _SENTENCE_PUNCTUATION and after not in _SENTENCE_PUNCTUATION
    comparison = before in _OPERAND_END and after in _OPERAND_START
    if scanned.length == 2 and not comparison:
        state.delimiters.append(Delimiter(marker=_EQUALS, length=0, token=len(state.tokens) - 1,
                                          end=-1, open=scanned.can_open,
                                          close=scanned.can_close))
    state.pos += scanned.length
    return True


def _pair(state: StateInline, delimiters: list[Delimiter]) -> None:
    for opening in delimiters:
        if opening.marker != _EQUALS or opening.end == -1:
            continue
        closing = delimiters[opening.end]
        words = "".join(token.content for token in state.tokens[opening.token + 1:closing.token])
        if words[:1] and words[0] in _SENTENCE_PUNCTUATION \
                or state.tokens[opening.token].meta.get("between") \
                and state.tokens[closing.token].meta.get("between") \
                and any(mark in words for mark in _SENTENCE_PUNCTUATION):
            continue  # (two comparisons in a Chinese sentence, not a highlight)
        for index, (kind, nesting) in ((opening.token, ("mark_open", 1)),
                                       (closing.token, ("mark_close", -1))):
            token = state.tokens[index]
            token.type, token.tag, token.nesting = kind, "mark", nesting
            token.markup, token.content = "==", ""


def _post_process(state: StateInline) -> None:
    _pair(state, state.delimiters)
    for meta in state.tokens_meta:
        if meta and "delimiters" in meta:
            _pair(state, meta["delimiters"])

"""Punctuation after an inline formula stays on its line.

A browser may break a line after KaTeX's boxes even where the text that follows must not start
one: "长度分别记为 $m$ 和 $n$。" showed a line that began with "。" on a phone, and "where $x$,"
one that began with ",". A short inline formula and the closing punctuation right after it are
wrapped in one `<span class="math-nobr">` (white-space: nowrap, in math.css). A long formula is
left as it is: kept whole, it could be wider than a phone's line.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

# What no line starts with: Chinese closing and pause marks, and their ASCII counterparts.
NO_LINE_START = frozenset("，。、；：！？）」』》】〉〕〗〙〛”’…‥,.;:!?)]}")
# TeX of at most this many characters is a formula narrow enough to keep whole on a phone.
SHORT_FORMULA = 40


def _keep_punctuation(state: StateCore) -> None:
    for block in state.tokens:
        children = block.children
        if not children:
            continue
        i = 0
        while i < len(children) - 1:
            formula, after = children[i], children[i + 1]
            punctuation = _leading_punctuation(after.content) if after.type == "text" else ""
            if (formula.type != "math_inline" or (formula.meta or {}).get("display")
                    or len(formula.content) > SHORT_FORMULA or not punctuation):
                i += 1
                continue
            opening = Token("math_nobr_open", "span", 1)
            opening.attrSet("class", "math-nobr")
            marks = Token("text", "", 0)
            marks.content = punctuation
            after.content = after.content[len(punctuation):]
            wrapped = [opening, formula, marks, Token("math_nobr_close", "span", -1)]
            children[i:i + 2] = wrapped + ([after] if after.content else [])
            i += len(wrapped)


def _leading_punctuation(text: str) -> str:
    """The run of punctuation `text` starts with ("）。" after a formula in brackets)."""
    end = 0
    while end < len(text) and text[end] in NO_LINE_START:
        end += 1
    return text[:end]


def nobreak_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("math_keep_punctuation", _keep_punctuation)

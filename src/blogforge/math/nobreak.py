"""Punctuation after an inline formula stays on its line.

A browser may break a line after KaTeX's boxes even where the text that follows must not start
one: "长度分别记为 $m$ 和 $n$。" showed a line that began with "。" on a phone, and "where $x$,"
one that began with ",". A short inline formula and the closing punctuation right after it are
wrapped in one `<span class="math-nobr">` (white-space: nowrap, in math.css). A long formula is
left as it is: kept whole, it could be wider than a phone's line.

A short one can be too, at 320 px with wider letter spacing (WCAG 1.4.12): the formula itself
still breaks where KaTeX lets it, after "=" or "+", as any inline formula does. Its parts but the
last go in `<span class="math-head">` (white-space: normal), so only the last stays with the
punctuation. (Chromium lets a line break after a box wherever the inline that closes there wraps,
so the last part must not close inside a wrapping one.)
"""

from __future__ import annotations

import html
import re

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
            formula.meta = {**(formula.meta or {}), "nobr": True}
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


def glued_to_punctuation(formula_html: str, tex: str, display: bool,
                         after: str) -> tuple[str, int]:
    """An inline formula's HTML outside a body (a card's excerpt) with the punctuation that
    `after`, the text right after it, starts with, as `_keep_punctuation` keeps them in a
    body: in one `.math-nobr` span; and how many characters of `after` it took."""
    punctuation = _leading_punctuation(after)
    if display or len(tex) > SHORT_FORMULA or not punctuation:
        return formula_html, 0
    return (f'<span class="math-nobr">{formula_html}{html.escape(punctuation, quote=False)}'
            "</span>"), len(punctuation)


_KATEX_DRAWING = re.compile(r'<span class="katex-html"[^>]*>')
_SPAN_TAG = re.compile(r"<span\b|</span>")


def _let_break_before_last_part(html: str) -> str:
    """KaTeX's HTML with the parts of its drawing but the last in `<span class="math-head">`;
    as it was when it has one part, or parts other than `.base` (a `\\` line break)."""
    drawing = _KATEX_DRAWING.search(html)
    if drawing is None:  # (MathML output, or a formula shown as written)
        return html
    # (a short formula is most often one part, `$x$`, `$p_\\theta(x)$`: as it was, told with
    # no walk through the spans of its drawing, which two `.base` parts need)
    if html.count('<span class="base"', drawing.end()) < 2:
        return html
    parts: list[int] = []
    depth = 0
    for tag in _SPAN_TAG.finditer(html, drawing.end()):
        if tag.group() == "</span>":
            if depth == 0:
                break
            depth -= 1
            continue
        if depth == 0:
            parts.append(tag.start())
        depth += 1
    if len(parts) < 2 or any(not html.startswith('<span class="base"', at) for at in parts):
        return html
    first, last = parts[0], parts[-1]
    return (f'{html[:first]}<span class="math-head">{html[first:last]}</span>'
            f"{html[last:]}")


def nobreak_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("math_keep_punctuation", _keep_punctuation)
    render_formula = md.renderer.rules["math_inline"]

    def render_glued_formula(self, tokens: list[Token], idx: int, options, env: dict) -> str:
        html = render_formula(tokens, idx, options, env)
        return _let_break_before_last_part(html) if tokens[idx].meta.get("nobr") else html

    md.add_render_rule("math_inline", render_glued_formula)

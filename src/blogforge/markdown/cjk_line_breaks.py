"""A line break inside a paragraph between two Chinese or Japanese characters joins them.

Writers who wrap their lines at 80 columns (Vim, Emacs) break Chinese sentences anywhere:
`这是一段很长的中文，` / `在这里换行了。`. Markdown keeps such a break as a line break in the
HTML, which a browser shows as a space ("中文， 在": Chromium does so, CSS Text 3's rule that
drops it between two wide characters being a draft it has not implemented), and the
description, the excerpt, the search text and the feed read it as a space too. Chinese and
Japanese put no space between words, so the break is dropped where the characters on both
sides are CJK characters (as cjk_emphasis.py reads them: East Asian Width W, F or H, no emoji;
"，" and "。" are) other than Hangul: Korean separates its words with spaces, and keeps the
break as one. Chinese punctuation that Unicode gives an ambiguous width (A, as English uses
the same characters) joins a CJK character: `“”‘’`, the ellipsis `…` and the dash `—` (written
doubled, `……` and `——`), the name separator `·` (`阿尔伯特·` / `爱因斯坦`); the en dash `–`
does not, being no Chinese punctuation (GB/T 15834 writes ranges with `—` or `～`). So does a
footnote mark at a line's end (`中文[^1]` / `中文`): it is looked through, as markup is. So
does a break with anything else on one side (`中文` / `English`: a space
between Chinese and English is what the writer would type), as does a hard break (two spaces
or `\\` at the end of the line). Hugo calls this `eastAsianLineBreaks`.

There is no setting to turn it off. What is joined depends on the characters alone, not on the
post's language: an English post quoting Chinese across a line break joins the quote's two
characters and nothing else, and a writer who wants a space between two Chinese characters has
no reason to write it as a line break.

The break stays a `softbreak` token (the rules that count a paragraph's lines to name a line
in a message count it), marked `joins`: the HTML renderer writes nothing for it, and the
readers of a body's text (excerpt.py) read nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from blogforge.markdown.cjk_emphasis import is_cjk, is_hangul, is_variation_selector

JOINS = "joins"  # the meta key of a soft break that joins the characters around it

# What the characters of a line's end and of the next line's start are looked for through:
# markup that shows none of its own (`**中文**` / `中文`)
_MARKUP = frozenset({"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close",
                     "mark_open", "mark_close", "link_open", "link_close", "footnote_ref"})
# Chinese punctuation of East Asian Width A (ambiguous: English writes them too), which joins
# only a CJK character on the break's other side (`”` / `然后`, not `”` / `and`)
_AMBIGUOUS_PUNCTUATION = frozenset("“”‘’…—―·")


def cjk_line_breaks_plugin(md: MarkdownIt) -> None:
    """Use last: the core rules before it may still move a paragraph's tokens (figures.py)."""
    md.core.ruler.push("cjk_line_breaks", _mark_joining_breaks)
    md.add_render_rule("softbreak", _render_softbreak)


def joins(token: Token) -> bool:
    """Whether `token` is a soft break between two CJK characters, which shows as nothing."""
    return token.type == "softbreak" and bool(token.meta.get(JOINS))


def _mark_joining_breaks(state: StateCore) -> None:
    for token in state.tokens:
        if token.children:
            _mark_in(token.children)


def _mark_in(children: list[Token]) -> None:
    for at, child in enumerate(children):
        if child.type == "softbreak":
            before, after = _char_before(children, at), _char_after(children, at)
            if (_joinable(before) and (_joinable(after) or after in _AMBIGUOUS_PUNCTUATION)) or (
                    before in _AMBIGUOUS_PUNCTUATION and _joinable(after)):
                child.meta[JOINS] = True
        elif child.children:  # (an image's alt text)
            _mark_in(child.children)


def _joinable(char: str) -> bool:
    return bool(char) and is_cjk(char) and not is_hangul(char)


def _char_before(children: Sequence[Token], at: int) -> str:
    """The last character shown before the break at `at` ("" where that is not text)."""
    for index in range(at - 1, -1, -1):  # (no slice: a paragraph may have 1,000s of lines)
        token = children[index]
        if token.type in ("text", "code_inline") and token.content:
            text, end = token.content, len(token.content) - 1
            while end > 0 and is_variation_selector(text[end]):  # (a glyph's choice)
                end -= 1
            return text[end]
        if token.type not in _MARKUP and not (token.type == "text" and not token.content):
            return ""
    return ""


def _char_after(children: Sequence[Token], at: int) -> str:
    """The first character shown after the break at `at` ("" where that is not text)."""
    for index in range(at + 1, len(children)):
        token = children[index]
        if token.type in ("text", "code_inline") and token.content:
            return token.content[0]
        if token.type not in _MARKUP and not (token.type == "text" and not token.content):
            return ""
    return ""


def _render_softbreak(self: RendererHTML, tokens: Sequence[Token], idx: int,
                      options: OptionsDict, env: EnvType) -> str:
    return "" if joins(tokens[idx]) else RendererHTML.softbreak(self, tokens, idx, options, env)

"""Formulas that an export made pictures of, shown as the formulas they are.

Zhihu (知乎) serves each formula as a picture drawn from its TeX, and the converters that save
an article as Markdown keep the picture:

    ![[公式]](https://www.zhihu.com/equation?tex=%5Cbeta_t)
    <img src="https://www.zhihu.com/equation?tex=…" alt="…" class="ee_img tr_noresize" eeimg="1">

a TeX ending in `\\` being a display formula (Zhihu's own mark). Yuque (语雀) exports a formula
card as a picture with its TeX in the address's fragment:

    ![](https://cdn.nlark.com/yuque/__latex/<hash>.svg#card=math&code=E%3Dmc%5E2&id=Kq2Lm)

one alone on its line being a display. Kept as pictures they showed only online (black on the
dark theme's black), were read out as "公式" and were missing from the search index and the
description. Here they become the tokens `$…$` makes (`$$…$$`: a display), so the site's math
renders them at build time as any other formula. Markdown's images and inline HTML are taken
as markdown-it parses them (never in code); an HTML block's picture becomes `\\(…\\)` text in
it, for rawhtml.py to find as it finds a formula written there.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from blogforge.markdown.images import RAW_IMG, src_of
from blogforge.urls import split_url

# Where a formula picture's address may be (a cheap test before reading one)
_HOSTS = ("zhihu.com/equation", "nlark.com/yuque/__latex/")
# What ends a line inside a paragraph's text: a line break, Yuque's `<br />`
_LINE_END = re.compile(r"\n|<br\s*/?>", re.IGNORECASE)


def formula_images_plugin(md: MarkdownIt) -> None:
    """Use after `math_plugin` (its rules render the tokens made here)."""
    rules = {rule.name: rule.fn for rule in md.inline.ruler.__rules__}
    image, html_inline = rules["image"], rules["html_inline"]

    def image_or_formula(state: StateInline, silent: bool) -> bool:
        start = state.pos
        # (asked at every mark in a text that no rule before it took, `$` and `*` and `_`:
        # markdown-it's rule says no at once but to a `!`, and is not asked)
        if state.src[start] != "!" or not image(state, silent):
            return False
        if not silent:
            token = state.tokens[-1]
            _as_formula(token, str(token.attrGet("src") or ""), state.src, start, state.pos)
        return True

    def html_or_formula(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if not html_inline(state, silent):
            return False
        if not silent and state.tokens[-1].content[:4].lower() == "<img":
            token = state.tokens[-1]
            _as_formula(token, src_of(token.content), state.src, start, state.pos)
        return True

    md.inline.ruler.at("image", image_or_formula)
    md.inline.ruler.at("html_inline", html_or_formula)
    md.core.ruler.after("block", "formula_images_in_html", _formulas_in_html_blocks)
    md.core.ruler.after("inline", "formula_images_alone", _displays_alone)


def _may_hold_pictures(text: str) -> bool:
    return any(host in text for host in _HOSTS)


def formula_of(url: str) -> tuple[str, bool] | None:
    """The TeX a formula picture's address holds, and whether it is a display by its own
    mark (Zhihu's `\\\\` at its end); None for any other address."""
    if not _may_hold_pictures(url):
        return None
    parts = split_url(html.unescape(url))
    host = parts.netloc.lower()
    if (host == "zhihu.com" or host.endswith(".zhihu.com")) and parts.path == "/equation":
        tex = parse_qs(parts.query).get("tex", [""])[0].strip()
        display = tex.endswith("\\\\")
        return (tex.removesuffix("\\\\").rstrip(), display) if tex else None
    if host == "cdn.nlark.com" and parts.path.startswith("/yuque/__latex/"):
        # (the fragment is form-encoded: `card=math&code=…&id=…`)
        tex = parse_qs(parts.fragment).get("code", [""])[0].strip()
        return (tex, False) if tex else None
    return None



def _as_formula(token: Token, url: str, src: str, start: int, end: int) -> None:
    """The picture `token` (written at `src[start:end]`) made the formula it shows, when its
    address is a formula picture's."""
    found = formula_of(url)
    if found is None:
        return
    tex, display = found
    display = display or ("nlark.com" in url and _alone_on_line(src, start, end))
    token.type, token.tag, token.nesting = "math_inline", "math", 0
    token.content = tex
    token.markup = "\\[" if display else "\\("
    token.attrs, token.children = {}, None
    # (`pos`: where it is in its paragraph's text, for its line: parse.math_lines_rule)
    token.meta = {"delim": token.markup, "display": display, "pos": start, "picture": url}


def _alone_on_line(src: str, start: int, end: int) -> bool:
    """Whether nothing but spaces stands beside `src[start:end]` on its line, a line break
    or a `<br />` ending a line."""
    before = src[:start]
    breaks = list(_LINE_END.finditer(before))
    line_start = breaks[-1].end() if breaks else 0
    after = _LINE_END.search(src, end)
    return not before[line_start:].strip() and \
        not src[end:after.start() if after else len(src)].strip()


def _displays_alone(state: StateCore) -> None:
    """A paragraph of one display formula picture made the display block `$$…$$` on lines
    of its own makes (a `<div>`, not a `<p>` holding it)."""
    if not _may_hold_pictures(state.src):
        return
    tokens = state.tokens
    for at in range(len(tokens) - 2, 0, -1):
        children = [child for child in tokens[at].children or ()
                    if child.type != "text" or child.content.strip()]
        if tokens[at - 1].type != "paragraph_open" or len(children) != 1 or \
                "picture" not in children[0].meta or not children[0].meta["display"]:
            continue
        formula = children[0]
        line = tokens[at].map[0] if tokens[at].map else 0
        block = Token("math_block", "math", 0, content=formula.content, markup="\\[",
                      map=tokens[at].map, block=True)
        block.meta = {"delim": "\\[", "display": True, "line": line, "content_line": line}
        tokens[at - 1: at + 2] = [block]


def _formulas_in_html_blocks(state: StateCore) -> None:
    """An HTML block's formula pictures as `\\(…\\)` (`\\[…\\]`: a display) in its text,
    its TeX written as HTML (rawhtml.py reads the entities back), on one line as the tag was
    (the lines after it keep their numbers)."""
    if not _may_hold_pictures(state.src):
        return
    for token in state.tokens:
        if token.type != "html_block" or not _may_hold_pictures(token.content):
            continue

        def formula(tag: re.Match[str]) -> str:
            found = formula_of(src_of(tag.group(0)))
            if found is None:
                return tag.group(0)
            tex = html.escape(" ".join(found[0].split()), quote=False)
            return f"\\[{tex}\\]" if found[1] else f"\\({tex}\\)"

        token.content = RAW_IMG.sub(formula, token.content)

"""Figures: an image alone in its paragraph, with a title, becomes a captioned figure.

    ![The sliding window over ADOBECODEBANC](window.svg "The window that first covers ABC")

gives `<figure>` with the image and `<figcaption>The window that first covers ABC</figcaption>`
(the alt text stays the image's description for screen readers; the title becomes the visible
caption instead of a tooltip). The image is wrapped in a link to itself: without JavaScript it
opens the file, with it the theme's script shows it large over the page.

The caption is Markdown, formulas included (`"The density $p(x)$"`), as a callout's title is.
An image that is the whole of a link (`[![alt](plot.png "Loss")](run.html)`, Hugo's
`figure` with `link=`) is a figure too: the link is kept around the image, in place of the one
that shows it large. An image without a title, or sharing its paragraph with text, stays an
ordinary image.
"""

from __future__ import annotations

import html

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token


def figures_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("inline", "figures", _find_figures)
    md.add_render_rule("figure_open", _render_figure_open)
    md.add_render_rule("figure_close", _render_figure_close)


def _find_figures(state: StateCore) -> None:
    tokens = state.tokens
    for index in range(len(tokens) - 2):
        opening = tokens[index]
        if opening.type != "paragraph_open" or opening.hidden:
            continue
        inline, closing = tokens[index + 1], tokens[index + 2]
        # (a figure is a paragraph of a picture alone, linked or not: most are of none)
        if inline.type != "inline" or "image" not in [c.type for c in inline.children or ()]:
            continue
        children = [c for c in inline.children or () if not _is_blank(c)]
        linked = [c.type for c in children] == ["link_open", "image", "link_close"]
        if not linked and (len(children) != 1 or children[0].type != "image"):
            continue
        image = children[1] if linked else children[0]
        caption = str(image.attrGet("title") or "").strip()
        label = str(image.attrGet("id") or "")
        if label.startswith("fig-"):  # (Quarto's numbered figure: its alt text is the caption)
            caption = caption or "".join(c.content for c in image.children or ()) or image.content
        if not caption:
            continue
        image.attrs.pop("title", None)
        image.attrs.pop("id", None)  # (the figure's now: kept, the page had it twice)
        inline.children = children
        # The caption's own tokens are the closing token's children: the rules that walk each
        # token's children (links, image sizes, formulas) reach them, while an excerpt, which
        # reads paragraphs, leaves the caption out as before.
        words: list[Token] = []
        state.md.inline.parse(caption, state.md, state.env, words)
        # (an image without alt text is named by its caption as it reads, formulas as TeX)
        name = "".join(c.content for c in words
                       if c.type in ("text", "code_inline", "math_inline"))
        meta = {"label": name, "image": image, "linked": linked, "id": label}
        opening.type, opening.tag, opening.meta = "figure_open", "figure", meta
        closing.type, closing.tag, closing.meta = "figure_close", "figure", meta
        closing.children = words


def _is_blank(token: Token) -> bool:
    return token.type in ("softbreak", "hardbreak") or (
        token.type == "text" and not token.content.strip())


def _render_figure_open(self, tokens: list[Token], idx: int, options, env: dict) -> str:
    page = env.get("page")
    anchor = tokens[idx].meta.get("id") or ""
    opening = f'<figure id="{html.escape(anchor)}"' if anchor else "<figure"
    if page is not None and page.feed:
        return f"{opening}>"
    if tokens[idx].meta["linked"]:  # the image's own link goes where the author said
        return f'{opening} class="figure">'
    image: Token = tokens[idx].meta["image"]
    src = html.escape(str(image.attrGet("src") or ""))
    # The link's name is the image's alt text; an image without one is named by its caption.
    alt = "".join(c.content for c in image.children or ()) or image.content
    label = "" if alt.strip() else f' aria-label="{html.escape(tokens[idx].meta["label"])}"'
    strings = env.get("t")
    close = html.escape(strings("figure_close") if strings else "Close")
    return (f'{opening} class="figure"><a class="figure-zoom" href="{src}"{label}'
            f' data-close="{close}">')


def _render_figure_close(self, tokens: list[Token], idx: int, options, env: dict) -> str:
    page = env.get("page")
    shown_large = not (page is not None and page.feed) and not tokens[idx].meta["linked"]
    caption = self.renderInline(tokens[idx].children or [], options, env)
    return f"{'</a>' if shown_large else ''}<figcaption>{caption}</figcaption></figure>\n"

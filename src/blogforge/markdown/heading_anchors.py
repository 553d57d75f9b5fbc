"""A link to each section at the end of its heading (`#`, shown on hover and focus), so a
reader can copy the address of the part they are reading. Not in feeds."""

from __future__ import annotations

import html

from markdown_it import MarkdownIt
from markdown_it.token import Token


def heading_anchors_plugin(md: MarkdownIt) -> None:
    md.add_render_rule("heading_close", _render_heading_close)


def _render_heading_close(self, tokens: list[Token], idx: int, options, env: dict) -> str:
    opening = tokens[idx - 2] if idx >= 2 else None
    page, strings = env.get("page"), env.get("t")
    ident = opening.attrGet("id") if opening is not None and opening.type == "heading_open" \
        else None
    closing = self.renderToken(tokens, idx, options, env)
    if not ident or tokens[idx].tag == "h1" or (page is not None and page.feed):
        return closing
    label = strings("section_link") if strings else "Link to this section"
    return (f'<a class="heading-anchor" href="#{html.escape(str(ident))}" '
            f'aria-label="{html.escape(label)}">#</a>{closing}')

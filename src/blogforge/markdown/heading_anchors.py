"""A link to each section after its heading (`#`, shown on hover and focus), so a reader can
copy the address of the part they are reading. Not in feeds.

The link follows the heading instead of sitting in it: inside, its name became part of the
heading's, and a screen reader's list of headings read "Problem Link to this section" for every
one. Heading and link share a line, `<div class="heading-line heading-line-2">`, which the theme
draws as the heading was drawn (the heading inline in it), so the `#` still ends its last line.

The `#` is drawn by the theme's stylesheet, not written in the link (named by its aria-label):
as text, it made the line a link's more than a heading's to reader modes (Firefox's Reader View,
read-it-later apps: Readability), which dropped most sections' headings, and a copied heading
ended in "#". For the same readers the heading's text is in a `<span>`: Readability keeps a
block whose text is in spans, paragraphs, lists…, and took a line of a heading and a link for
one with "no useful content" (its heading's text counts for nothing there).
"""

from __future__ import annotations

import html

from markdown_it import MarkdownIt
from markdown_it.token import Token


def heading_anchors_plugin(md: MarkdownIt) -> None:
    md.add_render_rule("heading_open", _render_heading_open)
    md.add_render_rule("heading_close", _render_heading_close)


def _anchor_id(opening: Token | None, env: dict) -> str | None:
    """The id a heading's section link points to, or None when it gets no link: no id, the
    page's title (h1), or a feed (its readers hover nothing, and copy the entry's link)."""
    if opening is None or opening.type != "heading_open" or opening.tag == "h1":
        return None
    page = env.get("page")
    if page is not None and page.feed:
        return None
    ident = opening.attrGet("id")
    return str(ident) if ident else None


def _render_heading_open(self, tokens: list[Token], idx: int, options, env: dict) -> str:
    opening = self.renderToken(tokens, idx, options, env)
    if _anchor_id(tokens[idx], env) is None:
        return opening
    level = tokens[idx].tag[1:]
    # (no space in the line before the heading: it is drawn inline)
    lead = "\n" if opening.startswith("\n") else ""
    return f'{lead}<div class="heading-line heading-line-{level}">{opening.lstrip()}<span>'


def _render_heading_close(self, tokens: list[Token], idx: int, options, env: dict) -> str:
    closing = self.renderToken(tokens, idx, options, env).rstrip()
    ident = _anchor_id(tokens[idx - 2] if idx >= 2 else None, env)
    if ident is None:
        return closing + "\n"
    strings = env.get("t")
    label = strings("section_link") if strings else "Link to this section"
    # (what a click, which copies the address, says: the address itself, read out, was a
    # Chinese heading's 150 characters of %E7%9B%B4…)
    copied = strings("section_link_copied") if strings else "Link to this section copied"
    target = html.escape(ident)
    # described by the heading, so it is heard with its section's title when tabbed to
    return (f'</span>{closing}<a class="heading-anchor" href="#{target}" '
            f'aria-label="{html.escape(label)}" aria-describedby="{target}" '
            f'data-copied="{html.escape(copied)}"></a></div>\n')

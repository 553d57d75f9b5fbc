"""Hexo tag plugins, Jekyll Liquid tags and Hugo shortcodes, rewritten into blogforge Markdown.

Posts moved from another generator keep their syntax: `{% note info %}`, `{% post_url … %}`,
`{{< figure … >}}`, `{{% notice %}}`. Before a body is parsed, `translate` rewrites each one it
knows into the Markdown blogforge renders the same thing from (a callout, a fenced code block,
an image with a caption, a link to the post). No template engine runs: each tag is read as data.
Code (fenced, indented and inline) and formulas are never touched. A tag or shortcode it does
not know is left visible and named in a `path:line` warning. Lines are kept one for one wherever
the output allows, so later messages still point at the right line of the file.

One module per source generator (hexo.py, jekyll.py, hugo.py) holds its tags; rewrite.py the
scanner they share, imported by the first body that holds such syntax (most hold none: a
one-post edit of one then does without the 10 ms its modules take to load); context.py what a
tag knows of its page and of the other posts.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from blogforge.markdown.compat.context import Context, SourceNames

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

__all__ = ["Context", "SourceNames", "translate"]

# What every tag, shortcode, Liquid output and kramdown attribute list starts with.
TAG_START = re.compile(r"\{%|\{\{|\{:")
# What else the rewriting reads: a picture alone on its line with a line all in italics under
# it (Chirpy's caption), looked for at the body's start and after each newline; kramdown's HTML
# holding Markdown (`<div markdown="1">`), looked for where the body says "markdown". (Each
# pattern begins with what it must find, which `re` then skips to: as one pattern of two
# branches, `^` in each line and a space anywhere, it was tried at every character, 0.1 ms a
# body, more than all else a body without such syntax costs here.)
_CAPTIONED_PICTURE = r" {0,3}!\[[^\]\n]*\]\([^\n]*\n {0,3}[_*][^_*\s]"
_FIRST_CAPTIONED_PICTURE = re.compile(_CAPTIONED_PICTURE)
_LATER_CAPTIONED_PICTURE = re.compile("\n" + _CAPTIONED_PICTURE)
_MARKDOWN_INSIDE = re.compile(r"""\smarkdown\s*=\s*["']?(?:1|block)\b""")


def _other_syntax(body: str) -> bool:
    return bool(_FIRST_CAPTIONED_PICTURE.match(body) or _LATER_CAPTIONED_PICTURE.search(body)
                or "markdown" in body and _MARKDOWN_INSIDE.search(body))


def translate(body: str, ctx: Context, md: MarkdownIt | None = None) -> str:
    """The body with every known generator tag rewritten (rewrite.py); unknown ones are
    reported."""
    if not TAG_START.search(body) and not _other_syntax(body):
        return body
    from blogforge.markdown.compat.rewrite import translate as rewrite

    return rewrite(body, ctx, md)

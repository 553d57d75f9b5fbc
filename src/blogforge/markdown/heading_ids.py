"""Heading ids: readable in any script, with formulas kept as their TeX, and unique on the page.

Unique among the headings is not enough: the page around the body has ids of its own (the
theme's `<main id="main">`, `<h1 id="post-title">`…), and the body others (footnotes `fn1` and
`fnref1`, equation anchors `eq-…`, ids written with `{#id}` or in raw HTML). A heading that took
one of them would send its table-of-contents link to that element. Every such id is taken
before any heading gets one; a heading whose slug is taken gets the first free `-1`, `-2`…

The ids of the page come in `env["reserved_ids"]` (the theme's and the site's templates,
`PostRenderer`). The theme's scripts make more as the page runs, numbered (`code-tab-0-1`…):
their beginnings come in `env["reserved_id_prefixes"]`, and a heading whose slug begins as
one does ("Code Tab 0 1") gets `section-` before its slug, since a number after it would leave
it among them. An id written on the heading itself (`## A {#main}`) is the writer's choice and
kept as written. A markdown-it core rule, after `heading_attrs` (so a written id wins) and
after the footnotes are gathered at the end of the post.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from blogforge.math.refs import label_anchors
from blogforge.text import compiled_when_used, without_zero_width
from blogforge.urls import slugify

# `id=` in raw HTML, quoted or not.
_HTML_ID = compiled_when_used(r"""(?<![\w-])id\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""",
                              re.IGNORECASE)
_FORMULAS = ("math_inline", "math_block")


def heading_slug(title: str) -> str:
    """Readable anchor ids in any script: 注意力机制 stays, "Why It Works" is why-it-works."""
    return slugify(title) or "section"


def heading_ids_plugin(md: MarkdownIt, slug: Callable[[str], str]) -> None:
    md.core.ruler.push("heading_ids", lambda state: _heading_ids(state, slug))


def _heading_ids(state: StateCore, slug: Callable[[str], str]) -> None:
    taken = set(state.env.get("reserved_ids", ()))
    taken.update(body_ids(state.tokens))
    scripts = tuple(state.env.get("reserved_id_prefixes", ()))
    for index, token in enumerate(state.tokens):
        if token.type == "heading_open" and not token.attrGet("id"):
            wanted = _clear_of(slug(heading_words(state.tokens[index + 1])), scripts)
            token.attrSet("id", _first_free(wanted, taken))


def linked_heading_id(words: str, reserved_ids: Iterable[str],
                      script_prefixes: Iterable[str]) -> str:
    """The id a link naming a heading by its words (Obsidian's `[[note#Main]]`) points to:
    the one the first heading of those words gets, stepped over the page's own ids as
    `_heading_ids` steps (`## Comments` is `comments-1` beside the theme's `#comments`). The
    ids of the linked body itself (a footnote's `fn1`) are not known from another post."""
    wanted = _clear_of(heading_slug(words), tuple(script_prefixes))
    return _first_free(wanted, set(reserved_ids))


def _clear_of(wanted: str, prefixes: tuple[str, ...]) -> str:
    """`wanted`, or `section-wanted` when scripts make ids that begin as it does."""
    return f"section-{wanted}" if wanted.startswith(prefixes) else wanted


def heading_words(inline: Token) -> str:
    """What a heading's id is made from: its text and code, and its formulas as the TeX they
    are written in (`$L_1$ 正则` → "L_1 正则"), which says more than a rendering's symbols and
    stays the same whatever the math settings."""
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline") and not child.meta.get("citation"):
            parts.append(child.content)
        elif child.type == "math_inline":
            parts.append(f" {child.content} ")  # (a word of its own: `Loss$L$` is loss-l)
    # (a zero-width space copied from a chat is no hyphen: `核\u200b心思想` is 核心思想)
    return without_zero_width("".join(parts))


def body_ids(tokens: Iterable[Token]) -> Iterator[str]:
    """The ids a parsed body will have besides its generated heading ids."""
    for token in tokens:
        if token.children:
            yield from body_ids(token.children)
        written = token.attrGet("id")
        if written:
            yield str(written)
        if token.type == "footnote_open":  # (as mdit_py_plugins' footnote rules name them)
            yield f"fn{token.meta['id'] + 1}"
        elif token.type == "footnote_ref":
            sub = token.meta.get("subId", 0)
            yield f"fnref{token.meta['id'] + 1}" + (f":{sub}" if sub > 0 else "")
        elif token.type in _FORMULAS:
            yield from label_anchors(token.content)
        elif token.type in ("html_block", "html_inline") and "id" in token.content.lower():
            for found in _HTML_ID().findall(token.content):
                yield from filter(None, found)


def _first_free(wanted: str, taken: set[str]) -> str:
    ident, number = wanted, 0
    while ident in taken:
        number += 1
        ident = f"{wanted}-{number}"
    taken.add(ident)
    return ident

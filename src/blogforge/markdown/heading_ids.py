"""Heading ids: readable in any script, with formulas kept as their TeX, and unique on the page.

Unique among the headings is not enough: the page around the body has ids of its own (the
theme's `<main id="main">`, `<h1 id="post-title">`…), and the body others (footnotes `fn1` and
`fnref1`, equation anchors `eq-…`, Quarto's labels of figures, tables and theorems, the
references' `refs`, ids written with `{#id}` or in raw HTML). A heading that took one of them
would send its table-of-contents link to that element. Every such id is taken before any
heading gets one; a heading whose slug is taken gets the first free `-1`, `-2`… An id the
writer gave two elements (or one a footnote or the templates have too) stays, as Hugo keeps
it, and is said at the writer's line (`clashing_ids`).

The ids of the page come in `env["reserved_ids"]` (the theme's and the site's templates,
`PostRenderer`). The theme's scripts make more as the page runs, numbered (`code-tab-0-1`…):
their beginnings come in `env["reserved_id_prefixes"]`, and a heading whose slug begins as
one does ("Code Tab 0 1") gets `section-` before its slug, since a number after it would leave
it among them. An id written on the heading itself (`## A {#main}`) is the writer's choice and
kept as written. A markdown-it core rule, after `heading_attrs` (so a written id wins), after
the footnotes are gathered at the end of the post and after Quarto's labels are read
(crossrefs.py).

A link naming a heading by its words (Obsidian's `[[note#代码]]`) leads to the id the heading
has, the one written on it too (`## 代码 {#code}`): `ids_by_words` of a parsed page, and
`HeadingIds` of another post, from the ids the loader found written on its headings.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from blogforge.markdown.fenced_divs import quarto_divs
from blogforge.math.refs import label_anchors
from blogforge.model import Post
from blogforge.text import compiled_when_used, without_zero_width
from blogforge.urls import slugify

# `id=` in raw HTML, quoted or not.
_HTML_ID = compiled_when_used(r"""(?<![\w-])id\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""",
                              re.IGNORECASE)
# An HTML comment, to its `-->` or to the end of its token (a comment block runs on to the
# end of the body when nothing closes it): what it holds is on no element of the page.
_HTML_COMMENT = compiled_when_used(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_FORMULAS = ("math_inline", "math_block")
# Elements whose id is kept in their token's meta (Quarto's `{#fig-loss}`, `{#thm-elbo}`)
_LABELLED = ("figure_open", "callout_open")
# What makes the ids of these elements (citations.py), whatever the writer wrote
_MADE_BY = {"references_open": "references", "reference_entry_open": "references"}
_MADE_BY_WORDS = {"footnote": "a footnote's", "references": "the references'"}
# The tokens that may give an id with no attribute of their own (`given_ids`)
_GIVING_WITHOUT_ATTRIBUTES = frozenset({*_LABELLED, "footnote_open", "footnote_ref", *_FORMULAS,
                                        "html_block", "html_inline"})


def heading_slug(title: str) -> str:
    """Readable anchor ids in any script: 注意力机制 stays, "Why It Works" is why-it-works."""
    return slugify(title) or "section"


def heading_ids_plugin(md: MarkdownIt, slug: Callable[[str], str]) -> None:
    md.core.ruler.push("heading_ids", lambda state: _heading_ids(state, slug))


def _heading_ids(state: StateCore, slug: Callable[[str], str]) -> None:
    reserved = state.env.get("reserved_ids", ())
    given = list(given_ids(state.tokens))
    page = state.env.get("page")
    if page is not None and not page.feed:
        for message, line in clashing_ids(given, reserved, page.line_offset):
            page.warn(message, line)
    free = FreeIds({*reserved, *(found.ident for found in given)})
    scripts = tuple(state.env.get("reserved_id_prefixes", ()))
    for index, token in enumerate(state.tokens):
        if token.type == "heading_open" and not token.attrGet("id"):
            wanted = _clear_of(slug(heading_words(state.tokens[index + 1])), scripts)
            token.attrSet("id", free.take(wanted))


def linked_heading_id(words: str, reserved_ids: Iterable[str],
                      script_prefixes: Iterable[str]) -> str:
    """The id a link naming a heading by its words (Obsidian's `[[note#Main]]`) points to:
    the one the first heading of those words gets, stepped over the page's own ids as
    `_heading_ids` steps (`## Comments` is `comments-1` beside the theme's `#comments`). The
    ids of the linked body itself (a footnote's `fn1`) are not known from another post."""
    wanted = _clear_of(heading_slug(words), tuple(script_prefixes))
    return FreeIds(reserved_ids).take(wanted)


def ids_by_words(tokens: Sequence[Token]) -> dict[str, str]:
    """The id each heading of a parsed body has, by the slug of its words, as a link names a
    heading (Obsidian's `[[note#Method]]`: by its words, whatever its id); of several headings
    of those words, the first's. A heading without an id (not given one yet) is none's."""
    found: dict[str, str] = {}
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            found.setdefault(heading_slug(heading_words(tokens[index + 1])),
                             str(token.attrGet("id") or ""))
    return {words: ident for words, ident in found.items() if ident}


# What may give a body an id a heading's words make: an attribute block (`## 代码 {#code}`,
# `{#code}` on the line before, `{id="code"}`, a picture's `{#fig-loss}`), raw HTML's `id=`
# (looked for as `id=` alone: `\bid` made the search of every body 30 times as long). A body
# without one is not parsed for them (a footnote's `fn1` or an equation's `eq-…` is the id
# of no heading's words but those).
_MAY_WRITE_AN_ID = re.compile(r"\{[^{}\n]*(?:#|\bid=)")
_MAY_ASSIGN_AN_ID = re.compile(r"id\s*=")


def written_heading_ids(body: str) -> dict[str, str]:
    """The ids a body's headings end with where their words alone do not make them, by the
    slug of their words (as `ids_by_words`): an id written on one (`## 代码 {#code}`), or one
    stepped over an id the body gives (`## Code` after `<a id="code"></a>` is `code-1`,
    `## 附录` after `## 结果 {#附录}` is `附录-1`). Where a link naming such a heading by its
    words leads, not to the id its words would make. Read with the file (loader.py) and kept
    in its record: a build checks a cached body's links against them reading no other body
    (read at every build, the 287 notes a one-note edit's cached bodies linked to took 1.6 s
    of its 2.2)."""
    if not (_MAY_WRITE_AN_ID.search(body) or _MAY_ASSIGN_AN_ID.search(body)):
        return {}
    # (read as the page is: the `## 注意 {#tip}` opening a Quarto callout is its title, no
    # heading, and its id none of the page's; `bibliography`: no citations to say here)
    headed = quarto_divs(body, lambda message, line: None, bibliography=True)
    tokens = _heading_reader().parse(headed)
    headings = _headings_of(tokens)
    if any(not written and _named_in(headed, words) for words, written in headings):
        tokens = _whole_reader().parse(headed)  # (the ids of its text too: a slower read)
        headings = _headings_of(tokens)
    free = FreeIds(found.ident for found in given_ids(tokens))
    ended: dict[str, tuple[str, bool]] = {}  # (of several headings of those words, the first's)
    for words, written in headings:
        ended.setdefault(words, (written or free.take(words), bool(written)))
    return {words: ident for words, (ident, written) in ended.items()
            if written or ident != words}


def _headings_of(tokens: Sequence[Token]) -> list[tuple[str, str]]:
    """The slug of each heading's words, and the id written on it ("" for none)."""
    return [(heading_slug(heading_words(tokens[index + 1])), str(token.attrGet("id") or ""))
            for index, token in enumerate(tokens) if token.type == "heading_open"]


def _named_in(text: str, ident: str) -> bool:
    """Whether `text` may give an element the id `ident`: `{#code}`, `id="code"`."""
    return ident in text and re.search(
        rf"""(?:#|\bid\s*=\s*["']?){re.escape(ident)}(?![\w:.-])""", text) is not None


def heading_key(source: str, words: str) -> str:
    """What `HeadingIds` is asked: a post's file, from content/, and a heading's words (apart
    by a character neither holds: a file's name may hold a `#`, `C# 笔记.md`)."""
    return f"{source}\0{words}"


class HeadingIds:
    """The id a post's heading has, by `heading_key`: where a link naming another post's
    heading by its words leads, the id written on it (`## 代码 {#code}`: `#code`, not the
    `#代码` its words make) or stepped over an id its body gives (`written_heading_ids`:
    `## 附录` after `## 结果 {#附录}` is `#附录-1`, `## Code` after `<a id="code">` `#code-1`),
    else the one made of its words, stepped over the page's ids; None for a file no post is.
    Asked as a map is (`get`), so that the build notes what a body asked (bodies.py) and
    renders it again when that id changes."""

    def __init__(self, posts: Mapping[str, Post], reserved_ids: Iterable[str],
                 script_prefixes: Iterable[str]) -> None:
        self.posts = posts  # content/'s path of each post's file -> the post
        self.reserved_ids = frozenset(reserved_ids)
        self.script_prefixes = tuple(script_prefixes)

    def get(self, key: str, default: str | None = None) -> str | None:
        source, _, words = key.partition("\0")
        post = self.posts.get(source)
        if post is None:
            return default
        written = post.written_heading_ids if post.written_heading_ids is not None \
            else written_heading_ids(post.body)  # (a post the loader did not make)
        return written.get(heading_slug(words)) or linked_heading_id(
            words, self.reserved_ids | set(written.values()), self.script_prefixes)


@functools.cache
def _heading_reader() -> MarkdownIt:
    """A body read as the renderer reads its headings (markdown/render.py), the text of its
    headings alone: their formulas (words of their ids), `%%` comments (which hide headings),
    and the attributes that write an id, at a heading's end or on the line before it."""
    md = _reader()
    md.core.ruler.at("inline", _headings_inline)
    return md


@functools.cache
def _whole_reader() -> MarkdownIt:
    """A body read as the renderer reads the ids it gives (`given_ids`): its headings' and
    raw HTML's, and those of its text, written with `{#id}` on a link or a picture."""
    from mdit_py_plugins.attrs import attrs_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    return _reader().use(footnote_plugin).use(attrs_plugin)


def _reader() -> MarkdownIt:
    from mdit_py_plugins.attrs import attrs_block_plugin

    from blogforge.markdown.comments import comments_plugin
    from blogforge.markdown.heading_attrs import heading_attrs_plugin
    from blogforge.markdown.nesting import body_depth_plugin
    from blogforge.math.plugin import math_plugin

    return (MarkdownIt("commonmark", {"html": True}).enable(["table"]).use(body_depth_plugin)
            .use(math_plugin).use(comments_plugin).use(attrs_block_plugin)
            .use(heading_attrs_plugin))


def _headings_inline(state: StateCore) -> None:
    """markdown-it's `inline` rule for the headings alone: the rest of the text is no heading's
    words, and reading it was more than half the time (75 notes: 121 ms, without it 53)."""
    for index, token in enumerate(state.tokens):
        if token.type == "inline" and index and state.tokens[index - 1].type == "heading_open":
            token.children = []
            state.md.inline.parse(token.content, state.md, state.env, token.children)


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


class GivenId(NamedTuple):
    """An id a body gives an element besides its headings' made ids, and where: `line`, the
    0-based line of the body it is written on; `made_by`, what makes it when the writer wrote
    no such id ("footnote", "references"), else "" (an equation's `\\label` is "equation")."""

    ident: str
    line: int
    made_by: str = ""


def given_ids(tokens: Iterable[Token], line: int = 0) -> Iterator[GivenId]:
    """The ids a parsed body will have besides its made heading ids, in the body's order."""
    for token in tokens:
        if token.map:
            line = token.map[0]
        elif token.type in ("softbreak", "hardbreak"):
            line += 1
        if token.children:
            yield from given_ids(token.children, line)
        # (most tokens give none: passed by at once, in a walk over every token of a body)
        if not token.attrs and token.type not in _GIVING_WITHOUT_ATTRIBUTES:
            continue
        written = token.attrGet("id")
        if written:
            yield GivenId(str(written), line, _MADE_BY.get(token.type, ""))
        elif token.type in _LABELLED and token.meta.get("id"):
            yield GivenId(str(token.meta["id"]), line)
        if token.type == "footnote_open":  # (as mdit_py_plugins' footnote rules name them)
            yield GivenId(f"fn{token.meta['id'] + 1}", line, "footnote")
        elif token.type == "footnote_ref":
            sub = token.meta.get("subId", 0)
            yield GivenId(f"fnref{token.meta['id'] + 1}" + (f":{sub}" if sub > 0 else ""),
                          line, "footnote")
        elif token.type in _FORMULAS:
            for anchor in label_anchors(token.content):
                yield GivenId(anchor, line, "equation")
        elif token.type in ("html_block", "html_inline") and "id" in token.content.lower():
            # (an id in a comment is none: `<!--<h2 id="history">…</h2>-->`, a heading the
            # writer replaced by Markdown's, left `## History` its id, as kramdown and Hugo do)
            shown = _HTML_COMMENT().sub("", token.content) if "<!--" in token.content \
                else token.content
            for found in _HTML_ID().findall(shown):
                yield from (GivenId(ident, line) for ident in found if ident)


def clashing_ids(given: Iterable[GivenId], reserved: Iterable[str],
                 line_offset: int = 0) -> Iterator[tuple[str, int]]:
    """What to tell the writer of each id the page would have twice, an id the body gives
    two of its elements or one the templates give too, with the line of the body (1-based)
    to say it at: the one the writer wrote, the later of two, whom a link does not reach.
    Made heading ids step over them; these are the writer's to change (Hugo keeps them
    too). `line_offset`: the file's lines before the body, to name the other's line."""
    templates = frozenset(reserved)
    first: dict[str, GivenId] = {}
    said: set[str] = set()
    for found in given:
        before = first.setdefault(found.ident, found)
        if found.ident in said or (before is found and found.ident not in templates):
            continue
        told, other = (found, before) if _writers(found) else (before, found)
        if not _writers(told) or (told.made_by == other.made_by == "equation"):
            continue  # (the build's own ids are none of the writer's; the math says a label twice)
        said.add(found.ident)
        link = f'a link to "#{found.ident}"'
        other_one = _MADE_BY_WORDS.get(other.made_by) or \
            f"given at line {other.line + 1 + line_offset}"
        where = (f"one the templates use: {link} may reach theirs" if before is found
                 else f"{other_one}: {link} reaches only one of them")
        yield (f'id "{found.ident}" is also {where}, and HTML allows an id once a page; give '
               "this one another id", told.line + 1)


def _writers(found: GivenId) -> bool:
    return found.made_by in ("", "equation")


class FreeIds:
    """The ids a page's headings may still take: `take("code")` is `code`, then `code-1`,
    `code-2`…, each the first of them no id on the page has, and taken by it."""

    def __init__(self, taken: Iterable[str]) -> None:
        self.taken = set(taken)
        # (the number each wanted id's search goes on from: ids are only ever added, so the
        # ones it stepped over stay taken; searched from 0 again, 8,000 `## Same title` took
        # 10 s of an 11 s build, each heading stepping over all the ones before it)
        self._next_number: dict[str, int] = {}

    def take(self, wanted: str) -> str:
        number = self._next_number.get(wanted, 0)
        ident = f"{wanted}-{number}" if number else wanted
        while ident in self.taken:
            number += 1
            ident = f"{wanted}-{number}"
        self.taken.add(ident)
        self._next_number[wanted] = number + 1
        return ident

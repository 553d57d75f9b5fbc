"""Obsidian's inline tags: `#机器学习`, `#ml/vae` written in a note's text are the note's tags,
as its tag pane, its search and its graph read them (and Quartz, Obsidian Publish).

Only in a vault (`.obsidian/`, as the rest of the Obsidian support decides: loader.py): a blog
of another origin writes `#include`, `#fff` or `#1` in its prose meaning no tag. Obsidian's
rules, which this follows:

- a tag starts at a `#` that begins a line or follows a space, and runs over letters (of any
  script), digits, `_`, `-` and `/` (a nested tag's parts): `#机器学习是一门学科，` is the tag
  `机器学习是一门学科`, ended by the comma, as Obsidian ends it;
- it holds a character that is not a digit: `#123` and `#2024` are no tags, `#2024年` is one;
- not in code, formulas, links, raw HTML, `%%` comments nor after a `\\` (`\\#ml` is the text);
  `C#`, `a.html#x`, `[[note#小节]]` and `&#123;` have no space before their `#`;
- not in an attribute block, `{.theorem #thm-elbo}`, which the build reads as ids and classes
  (a fenced div's, a heading's, a link's or a picture's: fenced_divs.py, heading_attrs.py):
  a Quarto writer's `#thm-elbo` there is the id of a theorem, and made a tag page of its own.

The loader reads them (`note_tags`, with a plain parse of the body) so that they are the post's
tags everywhere a tag is (pages, cards, feeds, search), and the body's renderer links each to
its tag page (`inline_tags_plugin`): both find them with `tags_in`, over the children of an
inline token before markdown-it joins its text (after, `\\#` is a `#` like any other).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from blogforge.markdown.unclosed import children_with_lines

# `#` then a name whose nested parts are parted by single `/`s (`#ml/vae/` is `ml/vae`)
_TAG = re.compile(r"(?<!\S)#([\w-]+(?:/[\w-]+)*)")
_NOT_A_DIGIT = re.compile(r"[^\W\d_]")  # (a letter of any script: `#123`, `#1-2` are none)
_MAYBE = re.compile(r"(?<!\S)#[\w-]")  # (a body without one is not parsed at all)
# An attribute block, `{.theorem #thm-elbo name="ELBO"}` or `{ #ref .cite}`: ids and classes
# (run together or not) and `key=value`s, each apart from the next by spaces, as Pandoc
# writes them. A name is letters, digits, `_`, `-` and `:`, as fenced_divs.py reads an id; a
# quoted value holds any character but its quote, as a heading's are read (heading_attrs.py):
# braces as deep as they go (`title="$\mathbb{E}$"`, `data-x="{a{b}}"`). A line of `{`s left
# open, in quotes or not, is still read in linear time (20,000 `{x="{x=" ` in 9 ms).
_ITEM = r"""(?:[#.][\w:-]+)+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s{}"']+)"""
_ATTRIBUTES = re.compile(rf"\{{[ \t]*(?:{_ITEM})(?:[ \t]+(?:{_ITEM}))*[ \t]*\}}")

# The tag pages' links, for the renderer: a tag's name in lower case -> its page's URL
TagLinks = Mapping[str, str]
INLINE_TAG = "inline_tag"  # (the meta key of a tag's link_open)


def tags_in(children: Sequence[Token]) -> Iterator[tuple[int, re.Match[str]]]:
    """The tags in an inline token's children (not yet text-joined): each as the index of the
    text child it is in and its match (group 1: the name as written)."""
    before = "\n"  # (the character before a child's text: an inline starts a line)
    in_link = 0
    for index, child in enumerate(children):
        if child.type == "link_open":
            in_link += 1
        elif child.type == "link_close":
            in_link -= 1
        elif child.type == "text" and not in_link:
            attributes = [found.span() for found in _ATTRIBUTES.finditer(child.content)] \
                if "{" in child.content else []
            for match in _TAG.finditer(child.content):
                if (match.start() or before.isspace()) and _NOT_A_DIGIT.search(match.group(1)) \
                        and not any(start < match.start() < end for start, end in attributes):
                    yield index, match
        if child.type in ("softbreak", "hardbreak"):
            before = "\n"
        elif child.type in ("text", "text_special"):
            before = child.content[-1:] or before
        else:  # (`**粗体**#x`, `$x$#y`: a `#` right after markup starts no tag)
            before = "x"


def note_tags(body: str) -> list[tuple[str, int]]:
    """The inline tags of a note's body, each once (Obsidian reads `#ML` and `#ml` as one
    tag: the first spelling stands), with the body line (from 1) it is first written on."""
    if not _MAYBE.search(body):
        return []
    found: dict[str, tuple[str, int]] = {}
    for block in _tag_reader().parse(body, {}):
        if block.type != "inline" or not block.children:
            continue
        lines = dict(enumerate(line for _, line in children_with_lines(
            block, block.map[0] + 1 if block.map else 1)))
        for index, match in tags_in(block.children):
            found.setdefault(match.group(1).casefold(), (match.group(1), lines[index] or 1))
    return list(found.values())


def written_line(post_body: str, body_line: int, name: str) -> int | None:
    """The file's line where a post's body (starting at `body_line`) first writes the inline
    tag `name`, for a message about it; None when its text does not."""
    return next((body_line + line - 1 for written, line in note_tags(post_body)
                 if written == name), None)


@functools.cache
def _tag_reader() -> MarkdownIt:
    """The body read as the renderer reads it where tags can be (markdown/render.py): its
    code, formulas, links, raw HTML, tables and `%%` comments; its text not joined. (An
    Obsidian link, `[[note#小节]]`, is text here: no space comes before its `#`.)"""
    from blogforge.markdown.comments import comments_plugin
    from blogforge.markdown.nesting import body_depth_plugin
    from blogforge.math.plugin import math_plugin

    md = (MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
          .use(body_depth_plugin).use(math_plugin).use(comments_plugin))
    md.core.ruler.disable("text_join")
    return md


def with_parents(tags: list[str]) -> list[str]:
    """A vault's tags with the parents of its nested ones after them (`ml/vae`: `ml`), as
    Obsidian's search for `tag:#ml` finds a note tagged `#ml/vae`: its tag page lists it."""
    known = {tag.casefold() for tag in tags}
    parents = []
    for tag in tags:
        parts = tag.split("/")
        for end in range(1, len(parts)):
            parent = "/".join(parts[:end])
            if parent.strip() and parent.casefold() not in known:
                known.add(parent.casefold())
                parents.append(parent)
    return tags + parents


def inline_tags_plugin(md: MarkdownIt) -> None:
    # (before text_join: an escaped `\#` is a child of its own there, and a tag no more)
    md.core.ruler.before("text_join", "inline_tags", _link_tags)


def _link_tags(state: StateCore) -> None:
    """Each inline tag the loader read (`env["tag_links"]`) made a link to its tag page."""
    links: TagLinks | None = state.env.get("tag_links")
    if not links:
        return
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        found: dict[int, list[re.Match[str]]] = {}
        for index, match in tags_in(block.children):
            if match.group(1).casefold() in links:
                found.setdefault(index, []).append(match)
        if not found:
            continue
        children: list[Token] = []
        for index, child in enumerate(block.children):
            if index not in found:
                children.append(child)
                continue
            at = 0
            for match in found[index]:
                children.append(_text(child, child.content[at:match.start()]))
                opening = Token("link_open", "a", 1)
                opening.attrs = {"href": links[match.group(1).casefold()], "class": "tag"}
                opening.meta[INLINE_TAG] = True
                children += [opening, _text(child, match.group()), Token("link_close", "a", -1)]
                at = match.end()
            children.append(_text(child, child.content[at:]))
        block.children = [child for child in children
                          if child.type != "text" or child.content]


def only_tags(children: Sequence[Token]) -> bool:
    """Whether an inline token is tags alone (`#生成模型 #diffusion`, a note's line of tags):
    no words of an excerpt or a description, beside the tags its card shows."""
    in_tag = False
    for child in children:
        if child.type == "link_open" and child.meta.get(INLINE_TAG):
            in_tag = True
        elif child.type == "link_close" and in_tag:
            in_tag = False
        elif not in_tag and not (child.type in ("softbreak", "hardbreak")
                                 or child.type == "text" and not child.content.strip()):
            return False
    return any(child.meta.get(INLINE_TAG) for child in children)


def _text(like: Token, content: str) -> Token:
    token = Token("text", "", 0)
    token.content, token.level = content, like.level
    return token

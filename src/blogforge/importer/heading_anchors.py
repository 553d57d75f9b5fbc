"""A post's links to its own headings, kept where Jekyll and Hugo gave the heading another id.

kramdown (Jekyll's renderer, its input GFM since Jekyll 3) and Goldmark (Hugo's, its default
`autoHeadingIDType = "github"`) make a heading's id as GitHub does: lower-cased, every character
that is no letter, digit, `_`, `-` or space left out, each space a `-`: `CommonJS & Node` is
`commonjs--node`, `2.1 Notation` is `21-notation`, `一、背景` is `一背景`. blogforge's ids
put one `-` for each run of other characters (`commonjs-node`, `2-1-notation`, `一-背景`), so a
table of contents written by hand, `[CommonJS & Node](#commonjs--node)`, led nowhere. A heading
that the post's own links name by its old id gets that id written on it (`## CommonJS & Node
{#commonjs--node}`), which the build keeps; the others are left as written."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token

from blogforge.content.frontmatter import FrontMatterError, split_front_matter
from blogforge.markdown.heading_ids import heading_slug
from blogforge.markdown.nesting import body_depth_plugin

_PARSER = MarkdownIt("commonmark").use(body_depth_plugin)
# The places a body names one of its own ids: `](#id)`, `href="#id"`, `[ref]: #id`
_OWN_LINKS = re.compile(r"""\]\(\s*<?#([^)\s>]+)|href\s*=\s*["']#([^"']+)|^ {0,3}\[[^\]\n]+\]:"""
                        r"""[ \t]*<?#(\S+?)>?[ \t]*$""", re.M)
# What GitHub's ids leave out of a heading's words: all but letters, digits, `_`, `-`, spaces
_NOT_KEPT = re.compile(r"[^\w\- \t]")
_WRITTEN_ID = re.compile(r"\{[^{}\n]*#[^{}\n]*\}\s*$")
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")


def github_id(words: str) -> str:
    """The id GitHub, kramdown's GFM input and Goldmark give a heading of these words (before
    the `-1`, `-2` of a repeat)."""
    return re.sub(r"[ \t]", "-", _NOT_KEPT.sub("", words.lower()))


def with_linked_heading_ids(text: str, from_raw: bool) -> str:
    """`text` with the ids the old site gave its headings written on those its own links name
    (see the module doc). `from_raw`: the id was made of the heading's Markdown as written
    (kramdown's `raw_text`, Jekyll), else of the text it shows (Goldmark, Hugo)."""
    if "#" not in text or not _OWN_LINKS.search(text):
        return text
    try:
        head = split_front_matter(text.replace("\r\n", "\n")).body_line - 1 \
            if text.startswith(("---", "+++")) else 0
    except FrontMatterError:
        return text
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    body = "\n".join(lines[head:])
    linked = {unquote(next(part for part in match.groups() if part))
              for match in _OWN_LINKS.finditer(body)}
    seen: Counter[str] = Counter()
    tokens = _PARSER.parse(body)
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or not token.map:
            continue
        inline = tokens[index + 1]
        old = github_id(inline.content if from_raw else _shown(inline))
        seen[old] += 1
        if seen[old] > 1:
            old += f"-{seen[old] - 1}"
        at = head + token.map[0]
        if old not in linked or old == heading_slug(_shown(inline)) \
                or _WRITTEN_ID.search(lines[at]):
            continue
        # (an ATX heading's closing `#`s go, or the id would be read as its words)
        kept = _CLOSING_HASHES.sub("", lines[at]) if token.markup.startswith("#") \
            else lines[at]
        lines[at] = kept.rstrip() + " {#" + old + "}"
    return newline.join(lines)


def _shown(inline: Token) -> str:
    """The text a heading shows: its words and code, without Markdown's marks or link targets."""
    return "".join(child.content for child in inline.children or ()
                   if child.type in ("text", "code_inline"))

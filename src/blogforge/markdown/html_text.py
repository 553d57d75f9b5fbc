"""What a reader sees of raw HTML blocks, read in the steps the excerpt takes for Markdown.

markdown-it keeps raw HTML whole, as `html_block` tokens, and the body of a post imported from
Jekyll, Hexo or WordPress is often nothing else: `<p>` paragraphs, `<h2>`, `<pre><code>`,
`<img>`. `HtmlReader` turns such blocks into `Piece`s that `excerpt.collect_units` takes as it
takes Markdown tokens, so an HTML post gets the excerpt, word count and reading time a Markdown
post with the same text gets:

- text with its tags stripped and its entities decoded; block elements (`<p>`, `<li>`,
  `<div>`…) are blocks of their own, `<h1>`–`<h6>` headings;
- `<code>` outside `<pre>` is inline code: shown whole or not at all, its words counted;
- `<pre>` is a code block, `<table>` a table (its cells' words counted), `<img>`, `<figure>`…
  a figure: one placeholder each, their text not read, as in Markdown;
- what a browser does not show is left out: `<script>`, `<style>`, `<template>`, the fallback
  text of `<iframe>`, `<object>`…, and any element marked `hidden` or `display: none` (such as
  the `<div style="display:none">` that holds MathJax macros);
- comments are reported, for the excerpt to find its `<!--more-->` in;
- formulas (found by math/rawhtml.py) stand in the HTML read as marks (`formula_mark`), and are
  pieces of their own where the text around them is prose; a table's words leave them out, as
  a Markdown table's do.

One reader reads the HTML blocks of one token stream in order: an element may open in one
block and close in a later one (a table with blank lines between its rows).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import unescape
from html.parser import HTMLParser
from typing import Any, Literal, NamedTuple

Step = Literal["block", "heading", "end", "text", "code_inline", "code", "table", "figure",
               "comment", "formula"]

FIGURE_TAGS = ("figure", "img", "picture", "svg", "video")
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "footer", "form", "header", "hgroup", "hr", "li",
    "main", "nav", "ol", "p", "section", "summary", "ul"})
_UNSEEN_TAGS = frozenset({"audio", "canvas", "iframe", "noscript", "object", "script",
                          "select", "style", "template", "textarea"})
# Elements without content: never waiting for an end tag.
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                        "meta", "source", "track", "wbr"})
# Where a table's words are apart, though no space is written between them.
_CELL_TAGS = frozenset({"br", "caption", "td", "th", "tr"})
_DISPLAY_NONE = re.compile(r"(?:^|;)\s*display\s*:\s*none\b", re.IGNORECASE)
_PRE_TAG = re.compile(r"<pre\b", re.IGNORECASE)
# A formula's place in the HTML read: private-use characters, which no post holds, that the
# tokenizer passes through as text.
_FORMULA_MARK = re.compile("\ue002(\\d+)\ue003")

Role = Literal["", "unseen", "code", "table", "figure"]


class Piece(NamedTuple):
    """One step: a block or heading opens ("block", "heading") or ends ("end"); prose or
    inline code; a code block, table (with its words) or figure; a comment's text; a formula
    (its token)."""

    step: Step
    text: str = ""
    formula: Any = None


def formula_mark(index: int) -> str:
    """What stands for the formula `formulas[index]` of `HtmlReader.read` in the HTML read."""
    return f"\ue002{index}\ue003"


class HtmlReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._pieces: list[Piece] = []
        # The element whose text is not read as prose (a <pre>, a <table>, a hidden <div>…)
        # and the elements open inside it, each with its role ("" but for hidden ones).
        self._inside: list[tuple[str, Role]] = []
        self._words: list[str] = []  # the text of the table being read
        self._code: list[str] | None = None  # the text of the inline <code> being read
        self._code_depth = 0  # (<code> in <code>: the outer one ends it)
        self._formulas: Sequence[Any] = ()  # those of the block being read

    def read(self, html: str, formulas: Sequence[Any] = ()) -> list[Piece]:
        """The pieces of one block of HTML, where `formula_mark(i)` stands for `formulas[i]`;
        an element it leaves open goes on in the next."""
        self._formulas = formulas
        self.feed(html)
        # The parser holds back what more input may complete. Text ending in "&" (an entity,
        # maybe) is text; an unclosed comment or tag goes on in the next block, as it does on
        # the page, where the blocks follow one another (a comment left open hides the rest).
        rest = self.rawdata
        if rest and not rest.startswith("<"):
            self.rawdata = ""
            self.handle_data(unescape(rest))
        return self._taken()

    def finish(self) -> list[Piece]:
        """The pieces of what was left open at the end of the post."""
        if self._code is not None:
            self._end_code()
        if self._inside and self._inside[0][1] == "table":
            self._pieces.append(Piece("table", "".join(self._words)))
        self._inside, self._words = [], []
        self.reset()  # (what it held back shows nothing: an unclosed comment or tag)
        return self._taken()

    def _taken(self) -> list[Piece]:
        pieces, self._pieces = self._pieces, []
        return pieces

    # -- the parser's events -------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        role = _role(tag, attrs)
        if self._inside:
            if tag not in VOID_TAGS:
                self._inside.append((tag, "unseen" if role == "unseen" else ""))
            if tag in _CELL_TAGS:
                self._words.append(" ")
        elif role:
            if tag not in VOID_TAGS:
                self._inside.append((tag, role))
            if role in ("code", "figure"):  # (a table is told when its words are known)
                self._pieces.append(Piece(role))
        elif tag == "code":
            self._code_depth += 1
            if self._code is None:
                self._code = []
        elif tag in _HEADING_TAGS or tag in _BLOCK_TAGS:
            self._pieces.append(Piece("heading" if tag in _HEADING_TAGS else "block"))
            if tag in VOID_TAGS:  # <hr>
                self._pieces.append(Piece("end"))
        elif tag == "br":  # as a Markdown line break
            self.handle_data(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._inside:
            self._end_inside(tag)
        elif tag == "code" and self._code is not None:
            self._code_depth -= 1
            if self._code_depth <= 0:
                self._end_code()
        elif (tag in _HEADING_TAGS or tag in _BLOCK_TAGS) and tag not in VOID_TAGS:
            self._pieces.append(Piece("end"))

    def handle_data(self, data: str) -> None:
        if self._inside:
            if self._inside[0][1] == "table" and all(r != "unseen" for _, r in self._inside):
                self._words.append(_FORMULA_MARK.sub("", data))
        elif self._code is not None:
            self._code.append(data)
        else:
            self._prose(data)

    def handle_comment(self, data: str) -> None:
        # Wherever it stands, as the excerpt separators of other generators are found in the
        # text (but not in <script> or <style>, whose text has no comments).
        self._pieces.append(Piece("comment", data))

    # -- helpers -------------------------------------------------------------------------------

    def _prose(self, data: str) -> None:
        """Text a reader reads, and the formulas in it."""
        done = 0
        for mark in _FORMULA_MARK.finditer(data):
            index = int(mark.group(1))
            if index >= len(self._formulas):
                continue  # (not a mark: text that looks like one)
            if mark.start() > done:
                self._pieces.append(Piece("text", data[done:mark.start()]))
            self._pieces.append(Piece("formula", formula=self._formulas[index]))
            done = mark.end()
        if done < len(data):
            self._pieces.append(Piece("text", data[done:]))

    def _end_inside(self, tag: str) -> None:
        """An end tag inside an element not read as prose; the element itself may end."""
        names = [name for name, _ in self._inside]
        if tag in _CELL_TAGS:
            self._words.append(" ")
        if tag not in names:
            return  # a stray end tag: nothing it could close is open
        at = len(names) - 1 - names[::-1].index(tag)  # the innermost one of that name
        if at == 0 and self._inside[0][1] == "table":
            self._pieces.append(Piece("table", "".join(self._words)))
            self._words = []
        del self._inside[at:]

    def _end_code(self) -> None:
        self._pieces.append(Piece("code_inline", "".join(self._code or ())))
        self._code, self._code_depth = None, 0


class _PreFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found = self.found or tag == "pre"


def holds_pre(html: str) -> bool:
    """Whether raw HTML has a <pre> element: not "<pre" in a comment, a script or an attribute
    value (and a block without "<pre" is not tokenized at all)."""
    if not _PRE_TAG.search(html):
        return False
    finder = _PreFinder()
    finder.feed(html)
    return finder.found


def _role(tag: str, attrs: list[tuple[str, str | None]]) -> Role:
    """How an element's text is read: not at all ("unseen"), as one placeholder, or as prose
    (""). Only inline `style` is looked at: a stylesheet's rules are out of reach here."""
    if tag in _UNSEEN_TAGS or any(
            name == "hidden" or (name == "style" and value and _DISPLAY_NONE.search(value))
            for name, value in attrs):
        return "unseen"
    if tag == "pre":
        return "code"
    if tag == "table":
        return "table"
    return "figure" if tag in FIGURE_TAGS else ""

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
  text of `<iframe>`, `<object>`…, MathML's annotations, a `<dialog>` not `open`, and any
  element marked `hidden`, `display: none` or `visibility: hidden` in its `style` (such as the
  `<div style="display:none">` that holds MathJax macros) or `aria-hidden="true"` (decoration,
  or a copy for the eyes of text given to screen readers, like KaTeX's HTML beside its
  MathML: read once is enough);
- what the reader must open to see is folded: a `<details>` not `open` but for its
  `<summary>`, an element `hidden="until-found"`. The excerpt leaves it out (a card must not
  give away the proof or the answer its writer folded away); it is still counted and searched,
  as it is there for the reader who opens it, and a browser's find-in-page opens it;
- a class hides nothing here: what it does is up to stylesheets this reader does not read, and
  the classes of imported HTML (`d-none`, `sr-only`) mean nothing to this site's theme, which
  shows their text;
- comments are reported, for the excerpt to find its `<!--more-->` in;
- formulas (found by math/rawhtml.py) stand in the HTML read as marks (`formula_mark`), and are
  pieces of their own where the text around them is prose; a table's words leave them out, as
  a Markdown table's do.

One reader reads the HTML blocks of one token stream in order: an element may open in one
block and close in a later one (a table with blank lines between its rows), and the Markdown
between them is inside it: what it is inside of is `HtmlReader.hides` (a `<details>` around
Markdown paragraphs, written with blank lines around them as GitHub asks).
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
_UNSEEN_TAGS = frozenset({"annotation", "annotation-xml", "audio", "canvas", "iframe",
                          "noscript", "object", "rp", "script", "select", "style", "template",
                          "textarea"})
# Elements without content: never waiting for an end tag.
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                       "meta", "source", "track", "wbr"})
# Where a table's words are apart, though no space is written between them.
_CELL_TAGS = frozenset({"br", "caption", "td", "th", "tr"})
_NOT_SHOWN = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b",
                        re.IGNORECASE)
_PRE_TAG = re.compile(r"<pre\b", re.IGNORECASE)
# A formula's place in the HTML read: private-use characters, which no post holds, that the
# tokenizer passes through as text.
_FORMULA_MARK = re.compile("\ue002(\\d+)\ue003")

Role = Literal["", "unseen", "code", "table", "figure"]
Hidden = Literal["", "folded", "unseen"]


class Piece(NamedTuple):
    """One step: a block or heading opens ("block", "heading") or ends ("end"); prose or
    inline code; a code block, table (with its words) or figure; a comment's text; a formula
    (its token). `folded`: inside what the reader must open to see."""

    step: Step
    text: str = ""
    formula: Any = None
    folded: bool = False


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
        # The elements open from the outermost one that folds (a closed <details>) in, each with
        # whether what is directly inside it is folded (not its <summary>).
        self._folds: list[tuple[str, bool]] = []

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

    @property
    def hides(self) -> Hidden:
        """What the Markdown after the blocks read so far is inside of: an element never shown
        ("unseen"), one the reader must open ("folded"), or neither."""
        if self._inside and self._inside[0][1] == "unseen":
            return "unseen"
        return "folded" if self._folded else ""

    @property
    def _folded(self) -> bool:
        return bool(self._folds) and self._folds[-1][1]

    def finish(self) -> list[Piece]:
        """The pieces of what was left open at the end of the post."""
        if self._code is not None:
            self._end_code()
        if self._inside and self._inside[0][1] == "table":
            self._add("table", "".join(self._words))
        self._inside, self._words, self._folds = [], [], []
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
            return
        if role:
            if tag not in VOID_TAGS:
                self._inside.append((tag, role))
            if role in ("code", "figure"):  # (a table is told when its words are known)
                self._add(role)
            return
        if tag not in VOID_TAGS:
            self._open_fold(tag, attrs)
        if tag == "code":
            self._code_depth += 1
            if self._code is None:
                self._code = []
        elif tag in _HEADING_TAGS or tag in _BLOCK_TAGS:
            self._add("heading" if tag in _HEADING_TAGS else "block")
            if tag in VOID_TAGS:  # <hr>
                self._add("end")
        elif tag == "br":  # as a Markdown line break
            self.handle_data(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._inside:
            self._end_inside(tag)
            return
        if tag == "code" and self._code is not None:
            self._code_depth -= 1
            if self._code_depth <= 0:
                self._end_code()
        elif (tag in _HEADING_TAGS or tag in _BLOCK_TAGS) and tag not in VOID_TAGS:
            self._add("end")
        self._close_fold(tag)

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
        self._add("comment", data)

    # -- helpers -------------------------------------------------------------------------------

    def _add(self, step: Step, text: str = "", formula: Any = None) -> None:
        self._pieces.append(Piece(step, text, formula, self._folded))

    def _prose(self, data: str) -> None:
        """Text a reader reads, and the formulas in it."""
        done = 0
        for mark in _FORMULA_MARK.finditer(data):
            index = int(mark.group(1))
            if index >= len(self._formulas):
                continue  # (not a mark: text that looks like one)
            if mark.start() > done:
                self._add("text", data[done:mark.start()])
            self._add("formula", formula=self._formulas[index])
            done = mark.end()
        if done < len(data):
            self._add("text", data[done:])

    def _open_fold(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Follow an element read as prose, for what is folded (see the module's docstring)."""
        if _folds(tag, attrs):
            self._folds.append((tag, True))
        elif tag == "summary" and self._folds and self._folds[-1][0] == "details":
            # a <details>' summary shows as much as the <details> itself does
            self._folds.append((tag, len(self._folds) > 1 and self._folds[-2][1]))
        elif self._folds:
            self._folds.append((tag, self._folded))

    def _close_fold(self, tag: str) -> None:
        names = [name for name, _ in self._folds]
        if tag in names:  # the innermost one of that name, and any left open inside it
            del self._folds[len(names) - 1 - names[::-1].index(tag):]

    def _end_inside(self, tag: str) -> None:
        """An end tag inside an element not read as prose; the element itself may end."""
        names = [name for name, _ in self._inside]
        if tag in _CELL_TAGS:
            self._words.append(" ")
        if tag not in names:
            return  # a stray end tag: nothing it could close is open
        at = len(names) - 1 - names[::-1].index(tag)  # the innermost one of that name
        if at == 0 and self._inside[0][1] == "table":
            self._add("table", "".join(self._words))
            self._words = []
        del self._inside[at:]

    def _end_code(self) -> None:
        self._add("code_inline", "".join(self._code or ()))
        self._code, self._code_depth = None, 0


def _folds(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    """Whether an element shows its content only once the reader opens it."""
    if tag == "details":
        return not _has(attrs, "open")
    return any(name == "hidden" and (value or "").lower() == "until-found" for name, value in attrs)


def _has(attrs: list[tuple[str, str | None]], name: str) -> bool:
    return any(attr == name for attr, _ in attrs)


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
    if tag in _UNSEEN_TAGS or (tag == "dialog" and not _has(attrs, "open")) or any(
            (name == "hidden" and (value or "").lower() != "until-found")
            or (name == "style" and value and _NOT_SHOWN.search(value))
            or (name == "aria-hidden" and (value or "").lower() == "true")
            for name, value in attrs):
        return "unseen"
    if tag == "pre":
        return "code"
    if tag == "table":
        return "table"
    return "figure" if tag in FIGURE_TAGS else ""

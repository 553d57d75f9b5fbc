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
- a label the build wrote, not the writer (an element marked `data-nb-label`: the "代码" of a
  notebook's folded cell) is no text of the post: never excerpted, counted or searched;
- a notebook's outputs (what an element of class `nb-output` holds, as notebooks.py writes
  them) are said to be so (`Piece.output`): on a card, a cell's code and its outputs are one
  placeholder;
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

An element ends where a browser ends it, which is not only at its end tag: the end tag of an
element around it ends it too; a paragraph ends where a block starts (`<p hidden>` left open
hid only its own text on the page, but every word of the post after it from the excerpt, the
count and the search); and one opened in a Markdown quote or list item ends with it. The
Markdown around the blocks is told with `markdown_block` and `markdown_end`, and the inline HTML
of its paragraphs is read in them (`open_paragraph`, `read_inline`, `close_paragraph`): a block
start tag in a paragraph ends it and stays open after it, as an HTML block's would. Left open at the
top of a post, a `<div hidden>` hides the rest of the post, on the page as here, a `<details>`
folds it, and a `<script>` or `<style>` takes it (and the page after it) as its code: `hiding`
says which element hides what follows, and where it opened, for the build to say so. A
`<script>` or `<style>` ends at its end tag and nowhere else, wherever it opened (starting an
HTML block, inside a `<div>` block, in a paragraph): the tags of the Markdown blocks after it
are its text (`in_code`), and its end tag may come in any HTML after it, that of a heading or
a table cell too (`read_code_end`).
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
# Start tags that end a paragraph left open (HTML's "close a p element"); every block that
# Markdown makes starts with one of them.
ENDS_PARAGRAPH = frozenset({
    "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hgroup", "hr", "li", "listing", "main", "menu", "nav", "ol",
    "p", "plaintext", "pre", "search", "section", "summary", "table", "ul", "xmp"})
# Elements a paragraph inside stays in when a block starts (HTML's "button scope").
_PARAGRAPH_SCOPE = frozenset({"applet", "button", "caption", "html", "marquee", "object",
                              "table", "td", "template", "th"})
# A list item ends where the next one of its list starts, as a term or definition does.
_LIST_ITEM_ENDS = {"li": frozenset({"li"}), "dd": frozenset({"dd", "dt"}),
                   "dt": frozenset({"dd", "dt"})}
_LIST_ITEM_SCOPE = _PARAGRAPH_SCOPE | {"dl", "ol", "ul"}
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
# How an element left open hides what follows it: never shown, folded, or taken as the code of
# a `<script>` or `<style>` (to its end tag: the browser ends it nowhere else).
HidingHow = Literal["unseen", "folded", "code"]


_SCRIPT_TAGS = ("sup", "sub")


class Piece(NamedTuple):
    """One step: a block or heading opens ("block", "heading") or ends ("end"); prose or
    inline code; a code block, table (with its words) or figure; a comment's text; a formula
    (its token). `folded`: inside what the reader must open to see."""

    step: Step
    text: str = ""
    formula: Any = None
    folded: bool = False
    output: bool = False  # in a notebook cell's output (an `nb-output` element)
    script: Literal["", "sup", "sub"] = ""  # in a `<sup>` or `<sub>`, the innermost


def formula_mark(index: int) -> str:
    """What stands for the formula `formulas[index]` of `HtmlReader.read` in the HTML read."""
    return f"\ue002{index}\ue003"


class Hiding(NamedTuple):
    """An element that hides what it holds, open around what follows: its start tag as
    written, the 0-based body line it starts on (None when the block's line is not known), how
    it hides it, and the Markdown block whose end ends it (its opening token's type, such as
    "list_item_open"), "" while it goes on to the end of the post."""

    written: str
    line: int | None
    how: HidingHow = "unseen"
    ends_with: str = ""


class _Open(NamedTuple):
    """An element open around the prose being read."""

    tag: str
    level: int  # the Markdown nesting level of the block that opened it
    folded: bool  # what is directly inside it is folded (a closed <details>, not its <summary>)
    folds: Hiding | None = None  # where it opened, for one that folds what it holds itself
    output: bool = False  # it is a notebook cell's output, or in one (class `nb-output`)
    # (of it and those around it, kept with each so that no tag scans them all: `<div>`s
    # nested 16,000 deep took 40 s to read)
    script: Literal["", "sup", "sub"] = ""  # the innermost `<sup>` or `<sub>`, if any
    outer_folds: Hiding | None = None  # the outermost one that folds what it holds


class _Inside(NamedTuple):
    """An element open in one whose text is not read as prose."""

    tag: str
    role: Role  # "" but for the outermost one and for hidden ones
    level: int
    written: str = ""  # the start tag as written (of the outermost one)
    line: int | None = None  # the 0-based body line it starts on (of the outermost one)
    unseen: bool = False  # it or one around it is never shown (as `_Open.script`, kept)


class _Stack(list):
    """Open elements, outermost first, which knows where the innermost one of each tag is:
    an end tag, or a block start ending a paragraph, found it by looking through every open
    element, and deep nesting made reading a post quadratic. Only grows at its end and is
    cut short (`del stack[at:]`)."""

    def __init__(self) -> None:
        super().__init__()
        self._where: dict[str, list[int]] = {}  # tag -> the indexes of those open

    def append(self, entry: Any) -> None:
        self._where.setdefault(entry.tag, []).append(len(self))
        super().append(entry)

    def __delitem__(self, at: Any) -> None:
        start = at.start if isinstance(at, slice) and at.step is None and at.stop is None \
            else None
        if start is None or start < 0:
            raise TypeError("an open-element stack is only cut short: del stack[at:]")
        for entry in self[start:]:
            self._where[entry.tag].pop()
        super().__delitem__(at)

    def innermost(self, *tags: str) -> int:
        """The index of the innermost open element of these tags, -1 when none is."""
        if not self:  # (asked at every Markdown block after raw HTML, with nothing open most
            return -1  # often: looking up each tag of a scope was 0.9% of a cold build's CPU)
        return max((self._where[tag][-1] for tag in tags if self._where.get(tag)), default=-1)


class HtmlReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._pieces: list[Piece] = []
        # The elements open around the prose, outermost first.
        self._open: _Stack = _Stack()
        # The element whose text is not read as prose (a <pre>, a <table>, a hidden <div>…)
        # and the elements open inside it.
        self._inside: _Stack = _Stack()
        self._words: list[str] = []  # the text of the table being read
        self._code: list[str] | None = None  # the text of the inline <code> being read
        self._code_depth = 0  # (<code> in <code>: the outer one ends it)
        self._formulas: Sequence[Any] = ()  # those of the block being read
        self._level = 0  # the Markdown nesting level of the block being read
        self._line: int | None = None  # the 0-based body line of the block being read
        self._code_element: Hiding | None = None  # the last <script> or <style> opened

    def read(self, html: str, formulas: Sequence[Any] = (), level: int = 0,
             line: int | None = None) -> list[Piece]:
        """The pieces of one block of HTML, where `formula_mark(i)` stands for `formulas[i]`;
        an element it leaves open goes on in the next. `level`: the block's Markdown nesting
        level (inside a quote or a list item, more than 0); `line`: its 0-based body line."""
        self._formulas, self._level, self._line = formulas, level, line
        # (the parser counts lines from where it stands, the start of what it held back of the
        # last block: the block's first line is its line 1, and it starts at column 0, though
        # a paragraph's inline HTML read before it ended in no newline)
        self.lineno, self.offset = 1 - self.rawdata.count("\n"), 0
        self.feed(html)
        # The parser holds back what more input may complete. Text ending in "&" (an entity,
        # maybe) is text; an unclosed comment or tag goes on in the next block, as it does on
        # the page, where the blocks follow one another (a comment left open hides the rest).
        rest = self.rawdata
        if rest and (self.cdata_elem or not rest.startswith("<")):
            # (in a <script> or <style>, all but its end tag is its text: `<p>` too)
            self.rawdata = ""
            self.handle_data(unescape(rest))
        return self._taken()

    def open_paragraph(self, level: int, line: int | None) -> None:
        """A Markdown paragraph starts, at `level` and its 0-based body line: its inline HTML
        (`read_inline`) is read inside its `<p>`, as the browser reads it."""
        self.read("<p>", level=level, line=line)
        self._taken()

    def read_inline(self, html: str, line: int | None) -> None:
        """One tag (or comment) of the paragraph's inline HTML, on its 0-based body line. Its
        text is the Markdown's: what is read here is what the tags leave open. A block start
        tag ends the `<p>` and goes on after it: `Body with <div hidden>` hides the rest of
        the post (`hiding`), as it does on the page."""
        self.read(html, level=self._level, line=line)
        self._taken()

    def close_paragraph(self) -> None:
        """The paragraph's `</p>`: what it holds ends; what a block start tag in it opened after
        it (a `<div hidden>`) goes on. In a `<script>` or `<style>` left open, the `</p>` is
        its text, as all is up to its end tag (`in_code`): nothing ends."""
        if not self.cdata_elem:
            self._end_paragraph()
        self._taken()

    def read_code_end(self, html: str) -> None:
        """One tag of inline HTML this reader does not read (in a heading, a table cell), read
        only while a `<script>` or `<style>` is open (`in_code`): its end tag ends it there."""
        if self.cdata_elem:
            self.read(html, level=self._level, line=self._line)
            self._taken()

    @property
    def idle(self) -> bool:
        """Nothing open, held back or being read: a paragraph with no HTML of its own, read,
        would leave the reader as it is."""
        return not (self._inside or self._open or self.cdata_elem or self.rawdata
                    or self._code is not None or self._pieces)

    @property
    def in_code(self) -> bool:
        """Whether a `<script>` or `<style>` is open: all that follows is its text, the Markdown
        blocks' tags too, up to its end tag (in the HTML or inline HTML after it)."""
        return bool(self.cdata_elem)

    def markdown_block(self) -> list[Piece]:
        """A Markdown block starts after the blocks read so far: a paragraph left open ends
        (each starts with a tag that ends one: `<p>`, `<div>`, `<ul>`, `<table>`…), unless it
        is the text of a `<script>` or `<style>` left open (`in_code`)."""
        if not self.cdata_elem:
            self._end_paragraph()
        return self._taken()

    def markdown_end(self, level: int) -> list[Piece]:
        """A Markdown block at `level` ends (a quote, a list item): the elements that blocks
        inside it left open end with it, at its end tag (which a `<script>` or `<style>` left
        open takes as its text: `in_code`)."""
        if self.cdata_elem:
            return self._taken()
        if self._inside and self._inside[-1].level > level:
            kept = [entry for entry in self._inside if entry.level <= level]
            if kept:
                del self._inside[len(kept):]
            else:
                self._end_all_inside()
        while self._open and self._open[-1].level > level:
            self._end_open(len(self._open) - 1)
        return self._taken()

    @property
    def hides(self) -> Hidden:
        """What the Markdown after the blocks read so far is inside of: an element never shown
        ("unseen"), one the reader must open ("folded"), or neither."""
        if self._inside and self._inside[0].role == "unseen":
            return "unseen"
        return "folded" if self._folded else ""

    @property
    def hiding(self) -> Hiding | None:
        """The element that hides what comes after the blocks read so far, if any: a
        `<script>` or `<style>` not ended, which takes in all that follows as its code, else
        one never shown (`hides` is "unseen"), else the outermost one folding it ("folded")."""
        if self.cdata_elem is not None:  # (None when where it ends is not known)
            return self._code_element
        if self._inside and self._inside[0].role == "unseen":
            return Hiding(self._inside[0].written, self._inside[0].line)
        if self._folded:
            return self._open[-1].outer_folds
        return None

    @property
    def in_output(self) -> bool:
        """Whether what is read now is in a notebook cell's output (an `nb-output` element)."""
        return bool(self._open) and self._open[-1].output

    @property
    def _folded(self) -> bool:
        return bool(self._open) and self._open[-1].folded

    def finish(self) -> list[Piece]:
        """The pieces of what was left open at the end of the post."""
        if self._code is not None:
            self._end_code()
        if self._inside and self._inside[0].role == "table":
            self._add("table", "".join(self._words))
        self._inside, self._words, self._open = _Stack(), [], _Stack()
        self.reset()  # (what it held back shows nothing: an unclosed comment or tag)
        return self._taken()

    def _taken(self) -> list[Piece]:
        pieces, self._pieces = self._pieces, []
        return pieces

    # -- the parser's events -------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _LIST_ITEM_ENDS:
            self._end_implied(_LIST_ITEM_ENDS[tag], _LIST_ITEM_SCOPE)
        if tag in ENDS_PARAGRAPH:
            self._end_paragraph()
        role = _role(tag, attrs)
        if tag in self.CDATA_CONTENT_ELEMENTS:  # (the parser reads it to its end tag)
            # Left open, it takes in what follows, wherever it opened: where its block starts
            # with it, in a <div> that markdown-it ends at a blank line, in a paragraph.
            self._code_element = Hiding(self._start_tag(tag), self._start_line(), "code")
        if self._inside:
            if tag not in VOID_TAGS:
                self._inside.append(_Inside(tag, "unseen" if role == "unseen" else "",
                                            self._level, unseen=role == "unseen"
                                            or self._inside[-1].unseen))
            if tag in _CELL_TAGS:
                self._words.append(" ")
            return
        if role:
            if tag not in VOID_TAGS:
                self._inside.append(_Inside(tag, role, self._level, self._start_tag(tag),
                                            self._start_line(), role == "unseen"))
            if role in ("code", "figure"):  # (a table is told when its words are known)
                self._add(role)
            return
        if tag in _SCRIPT_TAGS and self._code:
            self._code_piece()
        if tag not in VOID_TAGS:
            folds = (Hiding(self._start_tag(tag), self._start_line(), "folded")
                     if _folds(tag, attrs) else None)
            output = self.in_output or _is_output(attrs)
            around = self._open[-1] if self._open else None
            script = tag if tag in _SCRIPT_TAGS else around.script if around else ""
            outer_folds = around.outer_folds if around and around.outer_folds else folds
            self._open.append(_Open(tag, self._level, self._folds_inside(tag, attrs), folds,
                                    output, script, outer_folds))  # type: ignore[arg-type]
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
            if self._inside.innermost(tag) >= 0:
                self._end_inside(tag)
                return
            if tag in _CELL_TAGS:
                self._words.append(" ")
            if self._open.innermost(tag) < 0:
                return  # a stray end tag: nothing it could close is open
            self._end_all_inside()  # the end of an element around it ends it
        if tag in _SCRIPT_TAGS and self._code and self._open.innermost(tag) >= 0:
            self._code_piece()
        if tag == "code" and self._code is not None:
            self._code_depth -= 1
            if self._code_depth <= 0:
                self._end_code()
        elif (tag in _HEADING_TAGS or tag in _BLOCK_TAGS) and tag not in VOID_TAGS:
            self._add("end")
        if (at := self._open.innermost(tag)) >= 0:
            # the innermost one of that name, and any left open inside it
            del self._open[at:]

    def handle_data(self, data: str) -> None:
        if self._inside:
            if self._inside[0].role == "table" and not self._inside[-1].unseen:
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

    def _start_tag(self, tag: str) -> str:
        """The start tag being read, as written."""
        return self.get_starttag_text() or f"<{tag}>"

    def _start_line(self) -> int | None:
        """The 0-based body line of the start tag being read."""
        return None if self._line is None else self._line + max(0, self.getpos()[0] - 1)

    def _add(self, step: Step, text: str = "", formula: Any = None) -> None:
        script = self._open[-1].script if step in ("text", "code_inline") and self._open else ""
        self._pieces.append(Piece(step, text, formula, self._folded, self.in_output,
                                  script))  # type: ignore[arg-type]

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

    def _folds_inside(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        """Whether what is directly inside an element opening in prose is folded (see the
        module's docstring)."""
        if _folds(tag, attrs):
            return True
        if tag == "summary" and self._open and self._open[-1].tag == "details":
            # a <details>' summary shows as much as the <details> itself does
            return len(self._open) > 1 and self._open[-2].folded
        return self._folded

    def _end_inside(self, tag: str) -> None:
        """An end tag of an element open inside one not read as prose (or of that one)."""
        if tag in _CELL_TAGS:
            self._words.append(" ")
        at = self._inside.innermost(tag)
        if at == 0:
            self._end_all_inside()
        else:
            del self._inside[at:]

    def _end_all_inside(self) -> None:
        """The element not read as prose ends, and all that is open inside it."""
        if self._inside and self._inside[0].role == "table":
            self._add("table", "".join(self._words))
        self._inside, self._words = _Stack(), []

    def _end_open(self, at: int) -> None:
        """The element open around the prose at `at` ends (without its end tag), and all
        inside it."""
        self._end_all_inside()
        if self._code is not None:
            self._end_code()
        if any(entry.tag in _HEADING_TAGS or entry.tag in _BLOCK_TAGS
               for entry in self._open[at:]):
            self._add("end")
        del self._open[at:]

    def _end_paragraph(self) -> None:
        """A block starts: a paragraph open around it ends, unless a table cell, a button…
        stands between them (HTML's "close a p element")."""
        self._end_implied(frozenset({"p"}), _PARAGRAPH_SCOPE)

    def _end_implied(self, ending: frozenset[str], scope: frozenset[str]) -> None:
        """The innermost open element named in `ending` ends with all inside it, unless one
        named in `scope` stands between it and what is starting."""
        if self._inside:
            at = self._inside.innermost(*ending)
            if at > self._inside.innermost(*scope):
                if at == 0:
                    self._end_all_inside()
                else:
                    del self._inside[at:]
            if at >= 0 or self._inside.innermost(*scope) >= 0:
                return
        at = self._open.innermost(*ending)
        if at > self._open.innermost(*scope):
            self._end_open(at)

    def _code_piece(self) -> None:
        """The inline code read so far, as a piece of its own: a `<sup>` or `<sub>` in it
        starts or ends a part written so, as in prose (LeetCode writes its constraints as
        `<code>1 &lt;= n &lt;= 10<sup>5</sup></code>`, which a card showed as "1 <= n <= 105")."""
        self._add("code_inline", "".join(self._code or ()))
        self._code = []

    def _end_code(self) -> None:
        self._add("code_inline", "".join(self._code or ()))
        self._code, self._code_depth = None, 0


def _folds(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    """Whether an element shows its content only once the reader opens it."""
    if tag == "details":
        return not _has(attrs, "open")
    return any(name == "hidden" and (value or "").lower() == "until-found" for name, value in attrs)


def _is_output(attrs: list[tuple[str, str | None]]) -> bool:
    """Whether an element is a notebook cell's output, as notebooks.py writes one."""
    return any(name == "class" and "nb-output" in (value or "").split() for name, value in attrs)


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
            or name == "data-nb-label"
            for name, value in attrs):
        return "unseen"
    if tag == "pre":
        return "code"
    if tag == "table":
        return "table"
    return "figure" if tag in FIGURE_TAGS else ""

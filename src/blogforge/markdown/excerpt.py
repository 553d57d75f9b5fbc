"""Excerpts and text measures from the token stream.

A post's text is read as a list of units: prose, formulas and inline code (kept whole), and
short placeholders for what cannot be shown in a line of text — code blocks, tables, figures
(code blocks with nothing between them, such as a group of code tabs, are one placeholder).
Headings are prose marked as such, so a card can set them apart from the text after them.

Cutting works on units, so a formula is never cut in half; within prose a cut never splits an
English word or a grapheme cluster (a flag, an emoji with modifiers). Then the end is made to
read well:

- a sentence that ends near the limit is preferred, and then no "…" follows it;
- a paragraph or list item of which only its first few words would show is left out whole;
- a heading whose text was cut away goes too;
- the excerpt never ends on an opening bracket or quote ("指数位 e（").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Literal, NamedTuple

from markdown_it.token import Token

from blogforge.markdown.cjk_line_breaks import joins
from blogforge.markdown.html_text import FIGURE_TAGS, Hiding, HtmlReader, Piece, formula_mark
from blogforge.markdown.inline_tags import only_tags
from blogforge.markdown.unclosed import inline_lines
from blogforge.math.plaintext import script_text
from blogforge.math.rawhtml import with_math
from blogforge.text import HANGUL, KATAKANA, characters_within_width, compiled_when_used

MORE_MARKER = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_SENTENCE_END = compiled_when_used(r"[。！？!?…](?=\s|$)|[。！？…]|\.(?=\s|$)")
# How far back from the limit a sentence end is still preferred over a hard cut.
_SENTENCE_WINDOW = 0.15
# A block of which fewer characters than this would show is left out of a cut excerpt.
_MIN_BLOCK_START = 20
_OPENERS = "([{（［｛【〔〖〘〚「『“‘《〈⟨«‹"
_CLOSERS = ")]}）］｝】〕〗〙〛」』”’》〉⟩»›\"'"
# Marks of a pause, which a cut excerpt does not end on: "，…" reads as a typo
_PAUSES = "，、；：,;:—–-"
_RAW_FIGURE = re.compile(rf"<({'|'.join(FIGURE_TAGS)})\b", re.IGNORECASE)
_RAW_LINK = re.compile(r"<a\s", re.IGNORECASE)

Kind = Literal["text", "math", "ref", "code", "table", "figure"]
Script = Literal["", "sup", "sub"]
# A `<sup>` or `<sub>` tag written in a paragraph, opening or closing.
_SCRIPT_TAG = re.compile(r"<(/?)(sup|sub)(?:\s[^>]*)?>", re.IGNORECASE)
# What a superscript after a number reads as written: an ordinal's letters (`1<sup>st</sup>`)
_ORDINALS = frozenset({"st", "nd", "rd", "th"})
PLACEHOLDER_KINDS = ("code", "table", "figure")


@dataclass
class Unit:
    """A piece of a post's text as an excerpt counts it: prose, a formula, code, a table.
    Never changed once made (`replace` makes another), but not frozen: a frozen dataclass
    sets each of its nine fields through `object.__setattr__`, which made a unit cost 3.5
    times as much, a sixth of reading a post's text (18,000 units for 200 posts)."""

    kind: Kind
    # prose, the TeX of a formula, a reference like \\eqref{label}, or a table's words
    text: str = ""
    display: bool = False
    heading: bool = False  # part of a heading's text
    whole: bool = False  # inline code: shown whole or not at all
    block: int = 0  # the paragraph, list item or heading it belongs to
    folded: bool = False  # shown once the reader opens it (a closed <details>): not excerpted
    # a placeholder in a notebook cell's output: on a card, part of the code's before it
    # (`unfolded`)
    output: bool = False
    # text written in `<sup>` or `<sub>`: a card shows it so, and text reads it as a
    # formula's script reads (`plain_scripts`): 2.5×10⁹, not 2.5×109
    script: Script = ""

    @property
    def length(self) -> int:
        if self.kind == "math":  # counted as written, delimiters included, like the seeds show
            return len(self.text) + 4
        if self.kind in PLACEHOLDER_KINDS:
            return 4  # about "[代码]"
        return len(self.text)


class _Collector:
    """Units as they are read, each in its block (paragraph, list item, heading…)."""

    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.block = 0
        self.heading = False
        self.more_found = False  # a `<!--more-->` marker was read
        # A link or a footnote was read: what a line of text cannot carry, so a card showing
        # every unit still does not show the whole post
        self.beyond_text = False
        # Where what is added now is, in raw HTML around it (html_text.HtmlReader.hides):
        self.folded = False  # inside what the reader opens to see
        self.unseen = False  # inside what is never shown: it is left out
        self.output = False  # inside a notebook cell's output
        self.script: Script = ""  # inside a `<sup>` or `<sub>`
        # The prose being collected, joined once it ends: appending to one string would make a
        # long post cost quadratic time.
        self._run: list[str] = []
        self._run_place = (0, False, False)  # (block, heading, folded) of the run
        # What was read when the first `<!--more-->` came: the units so far and the prose
        # being collected (`before_more`)
        self._at_more: tuple[int, list[str], tuple[int, bool, bool]] | None = None

    def found_more(self) -> None:
        """A `<!--more-->` marker was read here."""
        if not self.more_found:
            self.more_found = True
            self._at_more = (len(self.units), self._run[:], self._run_place)

    def before_more(self) -> list[Unit] | None:
        """The units before the first `<!--more-->` (None: there is none), the same as a
        reading that stops there makes: the units read so far, never changed once made, and
        the prose it was collecting, ended as `flush` and `done` end it."""
        if self._at_more is None:
            return None
        count, run, (block, heading, folded) = self._at_more
        units = self.units[:count]
        if run:
            units.append(Unit("text", "".join(run), block=block, heading=heading, folded=folded))
        return _tidy(units)

    def flush(self) -> None:
        if self._run:
            block, heading, folded = self._run_place
            self.units.append(Unit("text", "".join(self._run), block=block, heading=heading,
                                   folded=folded))
            self._run.clear()

    def add(self, kind: Kind, text: str = "", display: bool = False,
            whole: bool = False) -> None:
        if self.unseen:
            return
        if kind == "text" and self.script:  # (a script of its own, kept whole as code is)
            self.flush()
            self.units.append(Unit("text", text, heading=self.heading, whole=True,
                                   block=self.block, folded=self.folded, script=self.script))
            return
        if kind == "text" and not whole:
            if self._run and self._run_place != (self.block, self.heading, self.folded):
                self.flush()
            if not self._run:
                self._run_place = (self.block, self.heading, self.folded)
            self._run.append(text)
            return
        if kind == "code" and self._follows_code():
            # A group of code tabs is one thing to its reader, and so are blocks with nothing
            # between them (code and its output): "[代码] [代码]" says no more than one.
            self._run.clear()
            return
        self.flush()
        self.units.append(Unit(kind, text, display, self.heading, whole, self.block,
                               self.folded, self.output and kind in PLACEHOLDER_KINDS))

    def _follows_code(self) -> bool:
        """Whether a code block added now comes straight after another, both shown alike
        (neither or both folded away)."""
        last = self.units[-1] if self.units else None
        return (last is not None and last.kind == "code" and last.folded == self.folded
                and not "".join(self._run).strip())

    def place(self, html: HtmlReader) -> None:
        """What the Markdown read next is inside of, in the raw HTML read so far."""
        self.folded, self.unseen = html.hides == "folded", html.hides == "unseen"
        self.output = html.in_output

    def space(self) -> None:
        if self._run:
            self._run.append(" ")
        elif self.units:
            self.add("text", " ")

    def done(self) -> list[Unit]:
        self.flush()
        return _tidy(self.units)


class Reading(NamedTuple):
    units: list[Unit]
    more_found: bool  # it has a `<!--more-->` marker
    beyond_text: bool  # it has links or footnotes, which units leave out
    # Raw HTML left open that hides what follows it to the end of the post, or of the list
    # item or quote it is in (`Hiding.ends_with`): a `<div hidden>` without its `</div>` (the
    # browser hides all after it, as the units leave it out), a `<details>` that folds it, a
    # `<script>` that takes it as its code
    left_open: tuple[Hiding, ...] = ()
    # the units before its first `<!--more-->` (None: it has none), which a reading that
    # stops there has: read on the way, so a post is not read twice for its excerpt
    before_more: list[Unit] | None = None


def collect_units(tokens: Sequence[Token], stop_at_more: bool) -> Reading:
    """The units of a token stream, up to its first `<!--more-->` marker with `stop_at_more`;
    also whether it has one (without one, both ways of reading it give the same units)."""
    into = _Collector()
    html: HtmlReader | None = None  # for raw HTML blocks, made when one comes
    table: list[str] | None = None  # the cells of the table being read
    hid: Hiding | None = None  # the hidden element around the last block read that it hid
    left_open: list[Hiding] = []
    previous: Token | None = None
    references = False  # among the references citations.py made
    for token, previous in zip(tokens, [None, *tokens], strict=False):
        if table is not None:  # a table is one placeholder; its words still count and are found
            if token.type == "inline":
                _read_code_end(html, token)
                table.append(" ".join(c.content for c in token.children or ()
                                      if c.type in ("text", "code_inline")))
            elif token.type == "table_close":
                into.add("table", _squeeze_spaces(" ".join(table)))
                into.space()
                table = None
            continue
        if token.type == "footnote_block_open":
            into.beyond_text = True
            break
        if references:  # (a post's references: no part of its card, nor of its words)
            references = token.type != "references_close"
            continue
        if token.type == "references_open":
            into.beyond_text = references = True
            continue
        if html is not None and token.block and token.type not in ("html_block", "inline"):
            # where the browser ends what raw HTML before this block left open
            if html.idle:  # (nothing: the block is outside all of it and leaves the reader as
                # it is; a post's <!--more--> starts a reader, and ending and placing every
                # block after it was a fifth of reading the benchmark blog's bodies)
                into.folded = into.unseen = into.output = False
                hid = hid if token.nesting < 0 else None
            else:
                if token.nesting < 0:
                    hiding = html.hiding
                    _take_html(into, html.markdown_end(token.level), stop_at_more)
                    if hiding is not None and hiding == hid and html.hiding != hiding:
                        # ended by the end of a list item, a quote, having hidden a block after
                        # its own: as much a slip as one left open to the end of the post
                        opened = token.type.removesuffix("_close") + "_open"
                        left_open.append(hiding._replace(ends_with=opened))
                elif not token.hidden:  # (a tight list's paragraph has no tag)
                    _take_html(into, html.markdown_block(), stop_at_more)
                into.place(html)
                hid = html.hiding if token.nesting >= 0 else hid
        if token.type in ("paragraph_open", "heading_open", "list_item_open", "figure_open",
                          "callout_title_open"):
            into.block += 1
            into.heading = token.type in ("heading_open", "callout_title_open")  # bold on a card
        elif token.type in ("heading_close", "callout_title_close"):
            into.heading = False
            into.space()
        elif token.type == "table_open":
            table = []
        elif token.type == "html_block":
            html = html or HtmlReader()
            hid = html.hiding
            into.beyond_text = into.beyond_text or bool(_RAW_LINK.search(token.content))
            into.block += 1  # a block of its own, as a paragraph is
            into.unseen = False  # (its pieces are what is seen of it, folded or not)
            if _take_html(into, html.read(*_marked(token), token.level,
                                          token.map[0] if token.map else None), stop_at_more):
                break
            into.space()
            # the Markdown that follows is inside what the HTML left open
            into.place(html)
        elif token.type == "inline" and only_tags(token.children or ()):
            continue  # (a note's line of tags, `#生成模型 #diffusion`: the card's chips say them)
        elif token.type == "inline":
            children = token.children or []
            in_paragraph = previous is not None and previous.type == "paragraph_open"
            if in_paragraph and any(child.type == "html_inline" for child in children):
                html = html or HtmlReader()
            elif not in_paragraph:
                _read_code_end(html, token)
            if _take_inline(into, children, stop_at_more,
                            (html, previous, token.content)
                            if in_paragraph and html is not None else None):
                break
        elif token.type == "math_block":
            into.add("math", token.content.strip(), display=True)
            into.space()
        elif token.type in ("fence", "code_block"):
            into.add("code")
            into.space()
    if html is not None and not (stop_at_more and into.more_found):  # (not stopped early)
        # (hiding something after its own block; a <script> or <style> always does: the page
        # after the post, up to the theme's next </script>)
        if html.hiding is not None and (html.hiding == hid or html.hiding.how == "code"):
            left_open.append(html.hiding)
        _take_html(into, html.finish(), stop_at_more)
    return Reading(into.done(), into.more_found, into.beyond_text, tuple(left_open),
                   into.before_more())


def _take_inline(into: _Collector, children: list[Token], stop_at_more: bool,
                 paragraph: tuple[HtmlReader, Token, str] | None = None) -> bool:
    """Collect an inline token's children; True when a `<!--more-->` among them ends it.
    `paragraph`: the reader of the post's HTML, and the `paragraph_open` and text as written of
    the paragraph the children are, whose inline HTML it reads (a `<div hidden>` in it hides
    what follows), each tag at its line."""
    if _is_figure(children):  # an image with its caption: one placeholder
        into.add("figure")
        into.space()
        return False
    html, line, lines = None, None, []
    if paragraph is not None:
        reader, opener, written = paragraph
        has_html = any(child.type == "html_inline" for child in children)
        if has_html or not reader.idle:
            html = reader
            line = opener.map[0] if opener.map else None
            html.open_paragraph(opener.level, line)
            if has_html:  # (the lines are those of its tags)
                lines = inline_lines(written, children)
        else:  # read, its <p> would open and end around nothing and leave the reader as it
            # is: about half of reading a 6 MB post's text, whose <!--more--> starts a reader
            into.folded = into.unseen = into.output = False
    for at, child in enumerate(children):
        if html is not None and child.type == "html_inline":
            html.read_inline(child.content, None if line is None else line + lines[at])
            into.place(html)
        if child.type == "html_inline" and (tag := _SCRIPT_TAG.fullmatch(child.content)):
            into.script = "" if tag.group(1) else tag.group(2).lower()  # type: ignore[assignment]
        if child.type == "text":
            into.add("text", child.content)
        elif child.type == "code_inline":
            into.add("text", child.content, whole=True)
        elif child.type in ("softbreak", "hardbreak") and not joins(child):
            into.add("text", " ")  # (a break between two Chinese characters joins them)
        elif child.type == "image" or (child.type == "html_inline"
                                       and _RAW_FIGURE.match(child.content)):
            into.add("figure")
        elif child.type in ("math_inline", "math_ref"):
            _take_formula(into, child)
        elif child.type == "link_open" or (child.type == "html_inline"
                                           and _RAW_LINK.match(child.content)):
            into.beyond_text = True
        elif child.type == "html_inline" and MORE_MARKER.search(child.content):
            into.found_more()
            if stop_at_more:
                return True
    if html is not None:
        html.close_paragraph()
        into.place(html)
    into.script = ""  # (a `<sup>` left open ends with its paragraph)
    into.space()
    return False


def _read_code_end(html: HtmlReader | None, inline: Token) -> None:
    """Where the inline HTML this reader does not read (a heading's, a table cell's) ends a
    `<script>` or `<style>` left open before it: the browser ends it there."""
    for child in inline.children or ():
        if html is None or not html.in_code:
            return
        if child.type == "html_inline":
            html.read_code_end(child.content)


def _take_formula(into: _Collector, token: Token) -> None:
    """A formula or an equation reference, from Markdown or raw HTML (an opening delimiter that
    nothing closes shows nothing)."""
    meta = token.meta or {}
    if token.type == "math_inline":
        into.add("math", token.content, bool(meta.get("display")))
    elif token.type == "math_ref":
        into.add("ref", f"\\{meta.get('kind', 'eqref')}{{{meta.get('label', '')}}}")


def _marked(token: Token) -> tuple[str, list[Token]]:
    """An HTML block's content with a mark for each formula in it (`HtmlReader.read`), and
    the formulas."""
    formulas: list[Token] = []

    def mark(formula: Token) -> str:
        formulas.append(formula)
        return formula_mark(len(formulas) - 1)

    return with_math(token, mark), formulas


def _take_html(into: _Collector, pieces: list[Piece], stop_at_more: bool) -> bool:
    """Collect what was read of raw HTML (`html_text`) as the Markdown it stands for; True
    when a `<!--more-->` comment ends it."""
    for piece in pieces:
        into.folded, into.output, into.script = piece.folded, piece.output, piece.script
        if piece.step == "comment":
            if MORE_MARKER.fullmatch(f"<!--{piece.text}-->"):
                into.found_more()
                if stop_at_more:
                    return True
        elif piece.step in ("block", "heading"):
            into.block += 1
            into.heading = piece.step == "heading"
        elif piece.step == "end":
            into.heading = False
            into.space()
            into.block += 1  # text after a block is not part of it
        elif piece.step in ("text", "code_inline"):
            into.add("text", piece.text, whole=piece.step == "code_inline")
        elif piece.step == "formula":
            _take_formula(into, piece.formula)
        else:  # a code block, table or figure
            into.add(piece.step, _squeeze_spaces(piece.text))
            into.space()
    return False


def _squeeze_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _is_figure(children: list[Token]) -> bool:
    """A paragraph that starts with an image: a figure, whatever caption follows it."""
    for child in children:
        if child.type == "text" and not child.content.strip():
            continue
        return child.type == "image" or (child.type == "html_inline"
                                         and bool(_RAW_FIGURE.match(child.content)))
    return False


def _tidy(units: list[Unit]) -> list[Unit]:
    """Spaces collapsed, also where two text units meet; both ends trimmed; no empty text."""
    tidy = []
    after_space = True  # at the start, a space is as good as one already there
    for unit in units:
        if unit.kind == "text":
            text = _spaces_as_one(unit.text)
            if after_space and text.startswith(" "):
                text = text[1:]
            if not text:
                continue
            after_space = text.endswith(" ")
            if text != unit.text:
                unit = replace(unit, text=text)
        else:
            after_space = False
        tidy.append(unit)
    if tidy and tidy[-1].kind == "text":
        tidy[-1] = replace(tidy[-1], text=tidy[-1].text.rstrip())
        if not tidy[-1].text:
            tidy.pop()
    return tidy


def _spaces_as_one(text: str) -> str:
    """`text` with each run of spaces as one space, as `_SPACES.sub(" ", text)` makes it (str.split
    splits at the characters `\\s` matches): split and joined at under half a regex's time
    (0.1 s of a cold build of 1,000 posts, which tidy every text of their bodies)."""
    words = text.split()
    spaced = " ".join(words)
    if text[:1].isspace():
        spaced = " " + spaced
    if words and text[-1:].isspace():
        spaced += " "
    return spaced


def unfolded(units: list[Unit]) -> list[Unit]:
    """What a reader sees of the units before opening anything: what an excerpt shows. A
    notebook's run of code cells and their outputs, with nothing but spaces (or what is folded
    away) between them, is one placeholder there, that of its first code: "[代码] [代码] [表格]
    [代码] [图]" says no more than "[代码]" (a Markdown post's code blocks are one where nothing
    is between them: `_Collector.add`)."""
    if not any(unit.folded or unit.output for unit in units):
        return units
    shown: list[Unit] = []
    joining = False  # the last placeholder shown is code or an output, or had one joined to it
    after_output = False  # the last placeholder shown or joined is an output
    for unit in units:
        if unit.folded:
            continue
        if unit.kind == "text" and not unit.text.strip():
            shown.append(unit)
            continue
        if joining and unit.kind in PLACEHOLDER_KINDS and (unit.output or (
                after_output and unit.kind == "code")):
            after_output = unit.output
            continue
        joining, after_output = unit.kind == "code" or unit.output, unit.output
        shown.append(unit)
    return _tidy(shown)


def cut_units(units: list[Unit], limit: int) -> tuple[list[Unit], bool]:
    """At most `limit` characters of units, ending where it reads well. Also whether an
    ellipsis should follow: True when something was left out and the excerpt does not end
    a sentence."""
    kept: list[Unit] = []
    used = 0
    for unit in units:
        room = limit - used
        if unit.length <= room:
            kept.append(unit)
            used += unit.length
            continue
        if unit.kind == "text" and not unit.whole and room > 0:
            piece = cut_text(unit.text, room)
            if piece:
                kept.append(replace(unit, text=piece))
        kept = _end_well(kept, limit, unit.block)
        return kept, not _ends_sentence(kept)
    return kept, False


def shows_everything(excerpt: list[Unit], post: Reading) -> bool:
    """Whether an excerpt is the whole post: all of its units, none of them a placeholder for
    what a line of text cannot show, and no link or footnote left out. A card showing it has
    nothing more to lead to."""
    return (not post.beyond_text and excerpt == post.units
            and not any(unit.kind in PLACEHOLDER_KINDS for unit in excerpt))


def _end_well(kept: list[Unit], limit: int, cut_block: int) -> list[Unit]:
    """Move the end of a cut excerpt back to where it reads well (see the module docstring);
    `cut_block` is the block the cut fell in."""
    kept = _tidy(kept)
    at_sentence = _back_to_sentence(kept, int(limit * _SENTENCE_WINDOW))
    if at_sentence is not None:
        return at_sentence
    started = [u for u in kept if u.block == cut_block]
    if started and len(started) < len(kept) and sum(
            len(u.text.strip()) if u.kind == "text" else u.length
            for u in started) < _MIN_BLOCK_START:
        kept = kept[: len(kept) - len(started)]
    while kept:
        last = kept[-1]
        if last.heading:  # a heading without the text it introduces
            kept.pop()
        elif last.kind == "text":
            text = _strip_dangling(last.text)
            if text == last.text:
                break
            kept[-1] = replace(last, text=text)
            if not text:
                kept.pop()
        else:
            break
    return _tidy(kept)


def _back_to_sentence(kept: list[Unit], window: int) -> list[Unit] | None:
    """The units up to the last sentence end within `window` characters of the end, if any."""
    back = 0
    for index in range(len(kept) - 1, -1, -1):
        unit = kept[index]
        if unit.kind == "text" and not unit.whole and not unit.heading:
            ends = [m.end() for m in _SENTENCE_END().finditer(unit.text)
                    if len(unit.text) - m.end() + back <= window]
            if ends:
                return _tidy([*kept[:index], replace(unit, text=unit.text[:ends[-1]])])
        back += unit.length
        if back > window:
            return None
    return None


def _strip_dangling(text: str) -> str:
    """The text without what opens or pauses at its end (before the ellipsis comes)."""
    while True:
        trimmed = text.rstrip()
        if trimmed and (trimmed[-1] in _OPENERS or trimmed[-1] in _PAUSES or (
                trimmed[-1] in "\"'" and (len(trimmed) == 1 or trimmed[-2].isspace()))):
            text = trimmed[:-1]
        else:
            return trimmed


def _ends_sentence(kept: list[Unit]) -> bool:
    if not kept or kept[-1].kind != "text":
        return False
    text = kept[-1].text.rstrip().rstrip(_CLOSERS)
    return bool(text) and text[-1] in "。！？.!?…"


@cache
def _graphemes() -> Any:
    """Unicode extended grapheme clusters (what a reader sees as one character); the standard
    library's `re` has no \\X, and the `regex` package follows each new Unicode version.
    Imported only to cut text that `_one_cluster_each` does not cover (8 ms of a start-up)."""
    import regex

    return regex.compile(r"\X")


@cache
def _one_cluster_each() -> re.Pattern[str]:
    """Characters that are a grapheme cluster of their own whatever stands beside them (their
    Grapheme_Cluster_Break is Other, or LF and tab; checked against `regex` for every one):
    ASCII, Latin, Greek, punctuation, symbols, CJK ideographs and punctuation, kana, full-width
    forms. Text made of these alone is cut anywhere without `regex` (most excerpts of this
    blog: a one-post edit then does not import it, 8 ms)."""
    return re.compile("[\t\n\x20-\x7e\xa0-\xac\xae-\u024f\u0370-\u03ff\u2010-\u2027"
                      "\u2030-\u205e\u2070-\u20cf\u2100-\u2bff\u3000-\u3029\u3030-\u3098"
                      "\u309b-\u4dbf\u4e00-\u9fff\uff01-\uff9d\uffa0-\uffef]*")


def cut_text(text: str, limit: int) -> str:
    """Cut prose at `limit` characters, never inside a Latin word or a grapheme cluster (a flag,
    an emoji with modifiers, a letter with combining marks)."""
    if len(text) <= limit:
        return text
    if _one_cluster_each().fullmatch(text, 0, limit + 1):
        boundaries = range(limit + 1)
    else:
        boundaries = {cluster.end() for cluster in _clusters_to(text, limit)}
    cut = limit
    while cut > 0 and (cut not in boundaries or _inside_word(text, cut)):
        cut -= 1
    return text[:cut].rstrip()


def _clusters_to(text: str, limit: int) -> Iterator[Any]:
    """The grapheme clusters of `text` that end by `limit`."""
    for cluster in _graphemes().finditer(text):
        if cluster.end() > limit:
            return
        yield cluster


def shorten(text: str, length: int) -> str:
    """`text` in at most `length` characters, for a meta description: cut where `cut_text`
    cuts, without a comma or an opening bracket before the "…" (Jinja's `truncate` cut inside
    words: "These are my w…")."""
    if len(text) <= length:
        return text
    return _strip_dangling(cut_text(text, length - 1)) + "…"


# A meta description's width, in columns (the theme's base.html: shorten(180)): a Chinese
# character takes two, as in a search engine's snippet, which shows some 80 of them (Baidu's
# 78, Google's by its width) where it shows 160 Latin letters.
DESCRIPTION_WIDTH = 180


def description_of(text: str, formulas: list[tuple[int, int]],
                   width: int = DESCRIPTION_WIDTH) -> str:
    """`text` as `shorten` cuts it for a meta description, in `width` columns, but before a
    formula (`formulas`: where each is in `text`) the cut would fall inside: "… β D_KL(q_ϕ(z |
    x) ‖ p(z…" read as a broken formula in a search engine's snippet and a shared link's
    card."""
    cut = shorten(text, characters_within_width(text, width))
    if cut == text:
        return text
    kept = len(cut) - 1  # (what is kept before the "…")
    for start, stop in formulas:
        if 0 < start < kept < stop:
            return _strip_dangling(text[:start].rstrip()) + "…"
    return cut


def _inside_word(text: str, i: int) -> bool:
    before = _word_kind(text[i - 1])
    return before is not None and before == _word_kind(text[i])


# A run of katakana is one word, most often a loanword (ニューラルネットワーク), and Korean
# separates its words with spaces: a cut inside either reads like "transfor…". Kanji and
# hiragana are cut anywhere, as Chinese is.
_KATAKANA_LETTER = compiled_when_used(f"[{KATAKANA}]")
_HANGUL_SYLLABLE = re.compile(f"[{HANGUL}]")


def _word_kind(char: str) -> str | None:
    """Which kind of word `char` is a letter of (None: the text may be cut beside it)."""
    if _KATAKANA_LETTER().match(char):
        return "katakana"
    if _HANGUL_SYLLABLE.match(char):
        return "hangul"
    if char.isalnum() and unicodedata.east_asian_width(char) not in ("W", "F"):
        return "latin"
    return None


def plain_scripts(units: list[Unit]) -> list[Unit]:
    """The units with the text of each `<sup>` and `<sub>` as plain text reads it, as a
    formula's scripts read (`2.5×10⁹`, `H₂O`, `e^(-x)`); but an ordinal's letters after a
    number (`1st`) and a bracketed mark (`[1]`, a footnote's) as they are."""
    if not any(unit.script for unit in units):
        return units
    plain = []
    for index, unit in enumerate(units):
        if unit.script:
            before = plain[-1].text[-1:] if plain and plain[-1].kind == "text" else ""
            after = units[index + 1] if index + 1 < len(units) else None
            text = unit.text.strip()
            if not ((before.isdigit() and text.lower() in _ORDINALS)
                    or (text[:1] == "[" and text[-1:] == "]")):
                text = script_text(text, unit.script == "sup",
                                   after.text if after and after.kind == "text" else "")
            unit = replace(unit, text=text, script="")
        plain.append(unit)
    return plain


def prose_of(units: list[Unit]) -> str:
    """The words a reader reads: prose and the cells of tables."""
    return " ".join(u.text for u in units if u.kind in ("text", "table"))

r"""Math in raw HTML, found where MathJax or KaTeX's auto-render found it in the browser.

Writers coming from Hexo or Hugo had their formulas typeset in the browser, so they wrote them
inside HTML too: `<center>$x^2$</center>`, `<div align="center">$$\sum_i x_i$$</div>`,
`<details><summary>证明 $a=b$</summary>`, the cells of an HTML `<table>`. markdown-it keeps an
HTML block as written, so the math rules never see its text. `raw_html_math_rule` reads each
HTML block with the standard library's tokenizer and finds the formulas in its text by the
rules of Markdown text (`parse.scan_formula`; `\$` is a dollar sign, as Markdown's escape makes
it). A `$$` formula alone on its line is a display, as it is in Markdown, a tag ending a line
there (`<center>$$x$$</center>`). Left alone, as those scripts leave them: attribute values
(never text to a tokenizer), comments, and the text of the elements in VERBATIM. An element
may open in one block and close in a later one: each block is read where the one before left
off (as `html_text.HtmlReader` reads them for excerpts).

The formulas become tokens (`math_inline`, `math_ref`, `math_unclosed`, with the body line for
messages) kept in the block's meta with their places in it: `with_math` puts their HTML there,
the excerpt its units, a batch renderer's look-ahead finds them (`block_formulas`).

Math in Markdown text between inline HTML tags (`see <code>$x$</code>`) is parsed by the
Markdown rules already; inside an element of VERBATIM it is made text again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from typing import NamedTuple

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from blogforge.markdown.html_text import VOID_TAGS

from .parse import DELIMITERS, Found, scan_formula

# Elements whose text is never math: code (what MathJax and auto-render skip), and elements
# where KaTeX's HTML has no place: text-only ones (<textarea>, <title>, <option>) and foreign
# content (SVG, MathML).
VERBATIM = frozenset({"code", "pre", "script", "style", "textarea", "title", "option", "svg",
                      "math"})
_MATH_TOKENS = frozenset({"math_inline", "math_ref", "math_unclosed"})
# Whether some text may hold a formula: reading HTML costs, and most blocks hold none.
_MAY_HOLD_MATH = re.compile(r"\$|\\[(\[]|\\(?:eq)?ref\{")
_CANDIDATE = re.compile(r"[$\\]")
# What a backslash escapes in Markdown: such a pair is never a delimiter (`\$`, `\\(`).
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_META_KEY = "raw_html_math"


class HtmlState(NamedTuple):
    """Where reading raw HTML left off at the end of a block."""

    open: tuple[str, ...] = ()  # the elements still open, outermost first
    pending: str = ""  # a comment or tag begun and not ended, going on in the next block


class Place(NamedTuple):
    """`content[start:end]` of an HTML block is a formula, or `\\$` (token None: shown "$")."""

    start: int
    end: int
    token: Token | None


@dataclass(frozen=True)
class BlockMath:
    """The formulas of one HTML block as read, and where the reading of it began (to read it
    again when its content changed since: links.py rewrites the URLs of raw HTML)."""

    content: str
    before: HtmlState
    line: int | None  # the block's first body line (0-based)
    places: tuple[Place, ...]


class _Elements(HTMLParser):
    """The elements open in raw HTML, read tag by tag, and the stretches of text outside
    VERBATIM (between two tags, comments…; one formula never spans a tag, as in the browser)."""

    def __init__(self, open_elements: tuple[str, ...] = ()) -> None:
        super().__init__(convert_charrefs=True)
        self.open = list(open_elements)
        self._verbatim = sum(tag in VERBATIM for tag in self.open)
        self.runs: list[tuple[int, int]] = []  # (start, end) of each stretch of text
        self._run: int | None = None  # where the stretch being read began
        self._line_starts = [0]
        self._origin = (1, 0)  # the tokenizer's (line, column) where the HTML being read starts
        if self.open and self.open[-1] in self.CDATA_CONTENT_ELEMENTS:
            self.set_cdata_mode(self.open[-1])  # a <script> an earlier block opened

    @property
    def verbatim(self) -> bool:
        return self._verbatim > 0

    def read(self, html: str) -> str:
        """Read `html`; return the start of a comment or tag it leaves unfinished."""
        self._origin = self.getpos()  # (it counts on from what was read before)
        self._line_starts = [0, *(m.end() for m in re.finditer("\n", html))]
        self.feed(html)
        # The tokenizer holds back what more input may complete: text ending in "&" (an entity,
        # maybe) is text; an unfinished comment or tag goes on in the next block.
        rest = self.rawdata
        if rest and not rest.startswith("<"):
            self.rawdata = ""
            self.handle_data(rest)
        self._end_run(len(html))
        return self.rawdata

    def _offset(self) -> int:
        """Where the event being handled starts in the HTML read."""
        line, column = self.getpos()
        first_line, first_column = self._origin
        if line == first_line:
            return column - first_column
        return self._line_starts[line - first_line] + column

    def _end_run(self, end: int) -> None:
        if self._run is not None:
            self.runs.append((self._run, end))
            self._run = None

    def _other(self) -> None:
        """Anything but text ends a stretch of text."""
        self._end_run(self._offset())

    def handle_data(self, data: str) -> None:
        if not self._verbatim and self._run is None:
            self._run = self._offset()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._other()
        if tag not in VOID_TAGS:
            self.open.append(tag)
            self._verbatim += tag in VERBATIM

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._other()  # (`<br/>`: nothing stays open)

    def handle_endtag(self, tag: str) -> None:
        self._other()
        if tag in self.open:  # it ends the innermost one, and any left open inside it
            at = len(self.open) - 1 - self.open[::-1].index(tag)
            self._verbatim -= sum(name in VERBATIM for name in self.open[at:])
            del self.open[at:]

    def handle_comment(self, data: str) -> None:
        self._other()

    def handle_decl(self, decl: str) -> None:
        self._other()

    def handle_pi(self, data: str) -> None:
        self._other()

    def unknown_decl(self, data: str) -> None:
        self._other()


# ------------------------------------------------------------------------------- the core rule


def raw_html_math_rule(state: StateCore) -> None:
    """Find the formulas of the HTML blocks; make text of the math inside inline VERBATIM."""
    blocks = [token for token in state.tokens if token.type == "html_block"]
    if any(_MAY_HOLD_MATH.search(token.content) for token in blocks):
        html = HtmlState()
        for token in blocks:
            found, html = _read_block(token.content, html, token.map[0] if token.map else None)
            if found.places:
                token.meta[_META_KEY] = found
    for token in state.tokens:
        children = token.children
        if not children:
            continue
        types = {child.type for child in children}
        if "html_inline" in types and not types.isdisjoint(_MATH_TOKENS):
            _text_in_verbatim(children)


def block_formulas(token: Token) -> tuple[Place, ...]:
    """The places of the formulas (and `\\$`) in an HTML block, as its content is now."""
    found = (token.meta or {}).get(_META_KEY)
    if found is None:
        return ()
    if found.content != token.content:  # the same text, its URLs rewritten: elsewhere now
        found = _read_block(token.content, found.before, found.line)[0]
        token.meta[_META_KEY] = found
    return found.places


def with_math(token: Token, show: Callable[[Token], str]) -> str:
    """An HTML block's content with `show(formula)` in place of each of its formulas, and a
    dollar sign for each `\\$`."""
    content = token.content
    parts: list[str] = []
    done = 0
    for place in block_formulas(token):
        parts += [content[done:place.start], "$" if place.token is None else show(place.token)]
        done = place.end
    return "".join(parts) + content[done:] if parts else content


def _read_block(content: str, before: HtmlState,
                line: int | None) -> tuple[BlockMath, HtmlState]:
    elements = _Elements(before.open)
    pending = elements.read(before.pending + content)
    skip = len(before.pending)  # (what the last block left unfinished is read first)
    places: list[Place] = []
    for start, end in elements.runs:
        start = max(start, skip) - skip
        end -= skip
        if start < end:
            places += _places_in(content, start, end, line)
    return (BlockMath(content, before, line, tuple(places)),
            HtmlState(tuple(elements.open), pending))


def _places_in(content: str, start: int, end: int, line: int | None) -> Iterator[Place]:
    """The formulas in the text `content[start:end]`, read as Markdown reads its text."""
    text = content[start:end]
    for at, upto, found in _scan(text):
        if found is None:
            yield Place(start + at, start + upto, None)
            continue
        display = found.display or (found.delim == "$$" and _alone(text, at, upto))
        body_line = None if line is None else line + content.count("\n", 0, start + at)
        yield Place(start + at, start + upto, _token(found, display, body_line))


def _scan(text: str) -> Iterator[tuple[int, int, Found | None]]:
    """(start, end, found) of each formula in `text`, and of each `\\$` (found None)."""
    i = 0
    n = len(text)
    while (candidate := _CANDIDATE.search(text, i)) is not None:
        i = candidate.start()
        found = scan_formula(text, i, n)
        if found is not None:
            # (an opening delimiter nothing closes: a zero-width mark, its text as written)
            yield i, i if found.type == "math_unclosed" else found.end, found
            i = found.end
        elif text[i] == "\\" and i + 1 < n and text[i + 1] in _ESCAPABLE:
            if text[i + 1] == "$":
                yield i, i + 2, None
            i += 2
        else:
            i += 1


def _alone(text: str, start: int, end: int) -> bool:
    """Whether nothing but spaces stands beside `text[start:end]` on its line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return not text[line_start:start].strip() and \
        not text[end:len(text) if line_end < 0 else line_end].strip()


def _token(found: Found, display: bool, line: int | None) -> Token:
    """A token as the Markdown rules make one, of a formula found in HTML (its TeX with the
    entities of HTML decoded: `&lt;` is `<` in the formula, as in the browser)."""
    if found.type == "math_unclosed":
        token = Token("math_unclosed", "", 0, markup=found.delim)
        token.meta = {"delim": found.delim}
        if found.lead:
            token.meta["lead"], token.meta["refused"] = found.lead, found.refused
    elif found.type == "math_ref":
        token = Token("math_ref", "", 0, content=unescape(found.content))
        token.meta = {"kind": found.delim, "label": unescape(found.label)}
    else:
        token = Token("math_inline", "math", 0, content=unescape(found.content),
                      markup=found.delim)
        token.meta = {"delim": found.delim, "display": display}
        if found.doubt:
            token.meta["doubt"] = found.doubt
    token.meta["line"] = token.meta["content_line"] = line
    return token


# ---------------------------------------------------------------------- inline HTML in Markdown


def _text_in_verbatim(children: list[Token]) -> None:
    """Math tokens of a paragraph inside an inline element of VERBATIM become their text as
    written (the element ends with the paragraph, if not before)."""
    elements = _Elements()
    for child in children:
        if child.type == "html_inline":
            elements.read(child.content)  # (a tag over two lines: `<span⏎class="x">`)
        elif child.type in _MATH_TOKENS and elements.verbatim:
            child.content = _as_written(child)
            child.type, child.tag, child.markup = "text", "", ""


def _as_written(token: Token) -> str:
    if token.type == "math_inline":
        opening, closing = DELIMITERS[token.markup]
        return f"{opening}{token.content}{closing}"
    return token.content if token.type == "math_ref" else ""

"""What a parsed body reads as, apart from its HTML: the units of its excerpt, the words that
make its reading time, the text it is searched by, and the raw HTML it leaves open.

All of it is read from the tokens alone, so a large body's is read by a forked process while
the renderer writes the HTML (`read_text_aside`): one core did both, one after the other, while
the second waited (1.3 s of a single 6 MB post's 10 s build). Its formulas' plain text is left
to the math document, which knows the macros and equation numbers only once the HTML is
rendered (`search_text`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from blogforge.forks import Aside
from blogforge.markdown.excerpt import (
    Hiding,
    Unit,
    collect_units,
    cut_units,
    plain_scripts,
    prose_of,
    shows_everything,
    unfolded,
)
from blogforge.model import FORMULA_END, FORMULA_START
from blogforge.text import count_reading

# A body this long (in characters of Markdown) has its text read by a process of its own
# when the build has a second core to spare: below it, forking and handing the units back
# cost about what they save (~0.2 s of reading for a megabyte of Markdown).
READ_ASIDE_CHARS = 500_000
SPACED_CHARS = 250_000  # (`_spaced`)
Table = tuple[list[str], list[Unit]]  # a Markdown table's words and formulas


@dataclass
class BodyText:
    """What `read_body_text` read; `PostRenderer.render` makes a `Rendered` of it."""

    left_open: tuple[Hiding, ...]  # raw HTML that hides what follows it (excerpt.Reading)
    excerpt: list[Unit] | None  # None: the post's own summary is its excerpt
    excerpt_is_cut: bool
    excerpt_is_whole: bool
    cjk_chars: int
    latin_words: int
    formula_words: int  # what reading its formulas takes, in words (`formula_words`)
    # the search text: prose as it reads, each formula as its unit (see `search_text`)
    searched: list[str | Unit]
    more_found: bool = False  # a `<!--more-->` marks where its excerpt ends


def read_body_text(tokens: Sequence[Token], excerpt_length: int,
                   summarized: bool) -> BodyText:
    """The text of a parsed body; `summarized`: its post has a summary of its own, which the
    renderer reads (it is Markdown of its own, parsed with the post's env)."""
    reading = collect_units(tokens, stop_at_more=False)
    excerpt, is_cut, is_whole = None, False, False
    # A writer's <!--more--> part is shown whole, without an ellipsis. What is folded away (a
    # closed <details>) is counted and searched, never excerpted.
    if summarized:
        pass
    elif reading.before_more is not None:
        excerpt = unfolded(reading.before_more)
    else:
        excerpt, is_cut = cut_units(unfolded(reading.units), excerpt_length)
        is_whole = shows_everything(excerpt, reading)
    cjk, words = count_reading(prose_of(reading.units))
    formulas = sum(formula_words(unit.text) for unit in reading.units if unit.kind == "math")
    return BodyText(reading.left_open, excerpt, is_cut, is_whole, cjk, words, formulas,
                    _searched_with_footnotes(tokens, reading.units), reading.more_found)


# A formula's symbols: a command (\frac), a name or number, any other sign but TeX's grouping
_FORMULA_SYMBOL = re.compile(r"\\[A-Za-z]+|[A-Za-z]+|\d+(?:\.\d+)?|[^\s{}_^&\\$]")


def formula_words(tex: str) -> int:
    """How many words' reading a formula takes: half a word a symbol (a paper note of 200
    formulas and 460 characters of prose said "1 分钟读完", its formulas counted as nothing;
    Hugo counts a formula's TeX as its words)."""
    return len(_FORMULA_SYMBOL.findall(tex)) // 2


def read_text_aside(tokens: Sequence[Token], excerpt_length: int,
                    summarized: bool) -> Aside | None:
    """`read_body_text` begun in a forked process (None when none could start); its
    `result()` is the `BodyText`, or None when the process failed."""
    aside = Aside.start(read_body_text, tokens, excerpt_length, summarized)
    if aside is not None:  # (it ends once its text is read, not once the HTML is rendered)
        aside.hear_at_once()
    return aside


def _searched(units: list[Unit],
              tables: Sequence[Table] = ()) -> list[str | Unit]:
    """The search text's parts: runs of prose and table cells joined, formulas as they are;
    a Markdown table's formulas (`tables`: `_tables_and_footnotes`) after its words."""
    parts: list[str | Unit] = []
    prose: list[str] = []
    units = plain_scripts(units)  # (`10<sup>9</sup>` is found as 10⁹, not as 109)
    matched = 0  # the Markdown tables matched to a table unit so far

    def formula(unit: Unit) -> None:
        nonlocal prose
        parts.append("".join(prose))
        prose = []
        parts.append(unit)

    for unit in units:
        if unit.kind in ("text", "table"):
            text = unit.text.replace(FORMULA_START, "").replace(FORMULA_END, "")
            prose.append(f" {text} " if unit.kind == "table" else text)
            if unit.kind == "table":
                found = _table_of(unit.text, tables, matched)
                if found is not None:
                    matched = found + 1
                    for cell_formula in tables[found][1]:
                        formula(cell_formula)
        elif unit.kind in ("math", "ref"):  # (a reference reads as its number: "由式 (1)")
            formula(unit)
    parts.append("".join(prose))
    return [part for part in parts if part]


def _searched_with_footnotes(tokens: Sequence[Token], units: list[Unit]) -> list[str | Unit]:
    """The search text's parts of the body (`units`), then of its footnotes, read as the
    body is (an excerpt stops before them: they are no part of a card)."""
    body_tables, footnote_tables, footnotes = _tables_and_footnotes(tokens)
    searched = _searched(units, body_tables)
    if footnotes is None:
        return searched
    reading = collect_units(tokens[footnotes + 1:], stop_at_more=False)
    return [*searched, " ", *_searched(reading.units, footnote_tables)]


def _tables_and_footnotes(tokens: Sequence[Token]) -> tuple[list[Table], list[Table], int | None]:
    """The body's Markdown tables, its footnotes' tables (their cells' words and formulas:
    the excerpt's units keep a table as its words alone, a placeholder on a card), and where
    the footnotes start (None: the body has none)."""
    tables: list[Table] = []
    footnotes: int | None = None
    in_body = None  # the tables before the footnotes, once they start
    words: list[str] | None = None
    formulas: list[Unit] = []
    for at, token in enumerate(tokens):
        if token.type == "table_open":
            words, formulas = [], []
        elif token.type == "table_close" and words is not None:
            tables.append((" ".join(words).split(), formulas))
            words = None
        elif token.type == "inline" and words is not None:
            for child in token.children or ():
                if child.type in ("text", "code_inline"):
                    words.append(child.content)
                elif child.type == "math_inline":
                    formulas.append(Unit("math", child.content))
                elif child.type == "math_ref":
                    meta = child.meta or {}
                    formulas.append(Unit("ref", f"\\{meta.get('kind', 'eqref')}"
                                                f"{{{meta.get('label', '')}}}"))
        elif token.type == "footnote_block_open" and footnotes is None:
            footnotes, in_body = at, len(tables)
    in_body = len(tables) if in_body is None else in_body
    return tables[:in_body], tables[in_body:], footnotes


def _table_of(words: str, tables: Sequence[Table], start: int) -> int | None:
    """Which of `tables` from `start` on a table unit holding `words` is: the first with the
    same words (a table in hidden raw HTML has no unit; one in raw HTML, no Markdown table)."""
    wanted = words.split()
    return next((at for at in range(start, len(tables)) if tables[at][0] == wanted), None)


def search_text(searched: list[str | Unit], doc) -> str:
    """The text a post is searched by: its prose, and each formula's plain text between
    FORMULA_START and FORMULA_END, as the math document reads it after rendering the body."""
    return "".join(search_text_parts(searched, doc))


def search_text_parts(searched: list[str | Unit], doc) -> Iterator[str]:
    """`search_text` in parts, of about SPACED_CHARS characters each (a large body's process
    writes them to the cache as they come: the 6 MB post's text was 8.6 MB, and three times
    that while it was made, at that process's peak)."""
    # (each formula read once: its plain text is its TeX's, wherever it stands, and a paper
    # note says its $x$ and $\theta$ again and again, a sixth of the benchmark blog's)
    plain: dict[str, str] = {}
    for part in searched:
        if not isinstance(part, str) and part.text not in plain:
            plain[part.text] = doc.plain_text(part.text)
    return _spaced(part if isinstance(part, str)
                   else f" {FORMULA_START}{plain[part.text]}{FORMULA_END} "
                   for part in searched)


def _spaced(texts: Iterable[str]) -> Iterator[str]:
    """The texts as one, each run of spaces, breaks and ideographic spaces in it one space and
    none at its ends (`" ".join(text.split())`: what `\\s+` matches, at a third of a regex's
    time on a 6 MB post's text), in parts of about SPACED_CHARS characters. The last word of a
    part may go on in the next texts: it is held for them."""
    held: list[str] = []
    size, started = 0, False
    for text in texts:
        held.append(text)
        size += len(text)
        if size < SPACED_CHARS:
            continue
        joined = "".join(held)
        words = joined.split()
        last = words.pop() if words and not joined[-1].isspace() else ""
        if words:
            yield (" " if started else "") + " ".join(words)
            started = True
        held, size = [last], 0  # (a word held is not counted: a long one is not joined anew
        # with each text after it)
    if words := "".join(held).split():
        yield (" " if started else "") + " ".join(words)

"""GitHub's tables, with a formula's `|` inside its cell, and a row's extra cells said.

GFM splits a table's row at each `|` before any inline rule runs, so a formula holding one
(`$P(A|B)$`, `$|x|$`, `$q(z|x)$`: answers pasted from a chat are full of them) was cut into
cells, and the cells past the header's count were dropped without a word. Here a row is split
as markdown-it splits it (`\\|` is a `|` in the cell), but a formula, read as the math rules
read it (`math.parse.scan_formula`), is one piece of its cell: its `|` is a bar, and its `\\|`
a `|` too, as GitHub, Obsidian and Typora read one in a table (notes written for them escape
the bars of `$P(A\\|B)$`; TeX's ‖ is `\\Vert` in a table).
A code span gets no such care (GFM's rule, which a `\\|` answers): a row that has more cells
than its header, whatever the reason, is said at its line (`overfull_rows`).
"""

from __future__ import annotations

import importlib
import types
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

from blogforge.math.parse import _code_span_end, scan_formula

# meta keys of a body row's `tr_open` whose line has more cells than the header: those cells'
# text, and the header's count
_DROPPED = "dropped_cells"
_COLUMNS = "columns"


def row_cells(row: str) -> list[str]:
    """A table row's cells as markdown-it's `escapedSplit` has them (its edges' empty cells
    included), but for the formulas in it, each kept whole and as written."""
    cells: list[str] = []
    current: list[str] = []
    backslashes = 0  # just before `i`: an odd count escapes the character at `i`
    in_code_until = -1  # (a code span's `$` is code: no formula starts in one)
    i, end = 0, len(row)
    while i < end:
        char = row[i]
        escaped = backslashes % 2 == 1
        if char in "$\\" and not escaped and i >= in_code_until:
            found = scan_formula(row, i, end)
            if found is not None and found.type == "math_inline":
                current.append(row[i:found.end].replace("\\|", "|"))
                i, backslashes = found.end, 0
                continue
        if char == "`" and not escaped and i >= in_code_until:
            in_code_until = _code_span_end(row, i)
        if char == "|":
            if backslashes:  # (markdown-it's rule: a `|` after any backslash is the cell's)
                current[-1] = current[-1][:-1]
                current.append("|")
            else:
                cells.append("".join(current))
                current = []
        else:
            current.append(char)
        backslashes = backslashes + 1 if char == "\\" else 0
        i += 1
    cells.append("".join(current))
    return cells


# (the module, which `markdown_it.rules_block`'s own name `table`, its rule, hides)
gfm_table = importlib.import_module("markdown_it.rules_block.table")
# markdown-it's own table rule, reading rows with `row_cells`: a copy of the function whose
# globals name ours as its `escapedSplit` (markdown-it's module is left as it is).
_table_rule = types.FunctionType(
    gfm_table.table.__code__, {**gfm_table.table.__globals__, "escapedSplit": row_cells},
    "table", gfm_table.table.__defaults__, gfm_table.table.__closure__)


def _table(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    first = len(state.tokens)
    if not _table_rule(state, start_line, end_line, silent):
        return False
    if not silent:
        _note_dropped_cells(state, state.tokens[first:])
        _empty_header_cells_as_data(state.tokens[first:])
    return True


def _empty_header_cells_as_data(tokens: list[Token]) -> None:
    """A header cell with nothing in it, the corner of `| | FP16 | BF16 |` (a table whose first
    column names its rows), is written `<td>`, as WAI's tables with two headers write it: a
    `<th>` heads a column with nothing, an empty header to a screen reader and to axe."""
    for index, token in enumerate(tokens):
        if token.type == "th_open" and not tokens[index + 1].content.strip():
            token.tag = tokens[index + 2].tag = "td"


def _note_dropped_cells(state: StateBlock, tokens: list[Token]) -> None:
    """Mark each body row whose line has more cells than the header (which the table rule
    leaves out) with those cells' text."""
    columns = sum(1 for token in tokens if token.type == "th_open")
    in_body = False
    for token in tokens:
        in_body = in_body or token.type == "tbody_open"
        if not in_body or token.type != "tr_open" or not token.map:
            continue
        cells = row_cells(gfm_table.mdTrim(gfm_table.getLine(state, token.map[0])))
        if cells and cells[0] == "":
            cells.pop(0)
        if cells and cells[-1] == "":
            cells.pop()
        if len(cells) > columns:
            token.meta[_DROPPED] = [cell.strip() for cell in cells[columns:]]
            token.meta[_COLUMNS] = columns


def tables_plugin(md: MarkdownIt) -> None:
    md.block.ruler.at("table", _table)


@dataclass(frozen=True)
class OverfullRow:
    """A table's body row with more cells than its header: what the page leaves out."""

    line: int  # 0-based body line
    columns: int  # the header's cells
    dropped: list[str]

    def message(self) -> str:
        shown = ", ".join(_quoted(_clip(cell)) for cell in self.dropped)
        cells = self.columns + len(self.dropped)
        return (f"table row has {cells} cells where its header has {self.columns}: "
                f"the last {len(self.dropped)} ({shown}) are left out of the page; a `|` that "
                "does not end a cell is written `\\|` (in a formula, `|` is fine as it is)")


def overfull_rows(tokens: list[Token]) -> list[OverfullRow]:
    """The body rows of the tables in `tokens` whose extra cells the page leaves out."""
    return [OverfullRow(token.map[0], token.meta[_COLUMNS], token.meta[_DROPPED])
            for token in tokens if token.type == "tr_open" and _DROPPED in token.meta]


def _quoted(text: str) -> str:
    """`text` as a message quotes code, in two backticks when it holds one."""
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def _clip(text: str, width: int = 20) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"

"""GitHub's tables, with a formula's `|` inside its cell.

GFM splits a table's row at each `|` before any inline rule runs, so a formula holding one
(`$P(A|B)$`, `$|x|$`, `$q(z|x)$`: answers pasted from a chat are full of them) was cut into
cells, and the cells past the header's count were dropped without a word. Here a row is split
as markdown-it splits it (`\\|` is a `|` in the cell), but a formula, read as the math rules
read it (`math.parse.scan_formula`), is one piece of its cell, its TeX as written: `|` is a
bar, and `\\|` stays TeX's ‖ (`$\\|\\mu\\|_2$`).
A code span gets no such care (GFM's rule, which a `\\|` answers).
"""

from __future__ import annotations

import importlib
import types

from markdown_it import MarkdownIt

from blogforge.math.parse import _code_span_end, scan_formula


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
                current.append(row[i:found.end])
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


def tables_plugin(md: MarkdownIt) -> None:
    md.block.ruler.at("table", _table_rule)

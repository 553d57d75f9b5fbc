"""Just enough TeX lexing to find commands, their arguments and row breaks.

Macro definitions, labels, tags and references are rewritten before KaTeX sees a formula, so we
need to locate them reliably: skipping escaped characters (`\\{`, `\\%`), comments and nested
groups. This is not a TeX parser; it only understands the token shapes those rewrites need.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

_LETTERS = re.compile("[A-Za-z]+")
_SPECIAL = re.compile(r"[\\%{}]")  # what control_sequences stops at


def read_control_sequence(tex: str, i: int) -> tuple[str, int]:
    """Read the control sequence starting at `tex[i] == "\\"`; return (name, end)."""
    j = i + 1
    if j >= len(tex):
        return "\\", j
    letters = _LETTERS.match(tex, j)
    if letters is not None:
        return tex[i : letters.end()], letters.end()
    # A control symbol: backslash plus exactly one character (`\\`, `\{`, `\,`).
    return tex[i : j + 1], j + 1


def skip_comment(tex: str, i: int) -> int:
    """The index after a `%` comment starting at i: the start of the next line, or the end."""
    newline = tex.find("\n", i)
    return len(tex) if newline < 0 else newline + 1


def skip_spaces(tex: str, i: int) -> int:
    while i < len(tex) and tex[i] in " \t\r\n":
        i += 1
    return i


def group_end(tex: str, i: int) -> int:
    """Given `tex[i] == "{"`, return the index just past its matching `}` (or -1)."""
    depth = 0
    n = len(tex)
    while i < n:
        ch = tex[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "%":
            i = skip_comment(tex, i)
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def unclosed_brace(tex: str) -> int | None:
    """Where the first `{` of `tex` that is never closed is, or None."""
    opened: list[int] = []
    i, n = 0, len(tex)
    while i < n:
        ch = tex[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "%":
            i = skip_comment(tex, i)
            continue
        if ch == "{":
            opened.append(i)
        elif ch == "}" and opened:
            opened.pop()
        i += 1
    return opened[0] if opened else None


# The deepest nesting a formula may have. KaTeX in QuickJS (pykatex) runs out of stack at about
# 18 levels of `\underbrace{` (20-30 of most commands, 140 of bare braces), and each such
# failure damages its memory: the fourth one aborts the process. The notes of an ML blog nest
# 5 deep at most; 12 leaves room for them and keeps well away from the edge. (Python's own
# recursive walks, like plaintext.py's, stop at several hundred.)
MAX_NESTING = 12
_NESTING = re.compile(r"\\(?:left|begin|right|end)(?![A-Za-z])|\\.|%[^\n]*|[{}]", re.S)
_OPENS = frozenset({"{", "\\left", "\\begin"})
_CLOSES = frozenset({"}", "\\right", "\\end"})


def nesting_depth(tex: str) -> int:
    """How deep groups, `\\left…\\right` and environments nest in `tex` (escaped braces and
    comments left out)."""
    depth = deepest = 0
    for match in _NESTING.finditer(tex):
        token = match.group()
        if token in _OPENS:
            depth += 1
            deepest = max(deepest, depth)
        elif token in _CLOSES:
            depth -= 1
    return deepest


def too_deep(tex: str) -> int | None:
    """The nesting depth of `tex` when it is over MAX_NESTING, else None. (Most formulas open
    too few groups to be counted.)"""
    if tex.count("{") + tex.count("\\left") + tex.count("\\begin") <= MAX_NESTING:
        return None
    depth = nesting_depth(tex)
    return depth if depth > MAX_NESTING else None


_TOP_LEVEL_PIECES = re.compile(r"\\[A-Za-z]+|\\.|%[^\n]*|[{}]|[^\\%{}]+", re.S)


def top_level_text(tex: str) -> str:
    """What `tex` writes outside every braced group, comments left out: the argument of
    `\\text{注}` or the subscript of `x_{旧}` is not in it; an environment's rows are."""
    kept = []
    depth = 0
    for piece in _TOP_LEVEL_PIECES.findall(tex):
        if piece == "{":
            depth += 1
        elif piece == "}":
            depth = max(0, depth - 1)
        elif depth == 0 and not piece.startswith("%"):
            kept.append(piece)
    return "".join(kept)


def read_group(tex: str, i: int) -> tuple[str, int] | None:
    """Read a braced group at `i` (after optional spaces); return (inner text, end)."""
    i = skip_spaces(tex, i)
    if i >= len(tex) or tex[i] != "{":
        return None
    end = group_end(tex, i)
    if end < 0:
        return None
    return tex[i + 1 : end - 1], end


def read_argument(tex: str, i: int) -> tuple[str, int] | None:
    """Read one TeX argument: a group, a control sequence or a single character."""
    i = skip_spaces(tex, i)
    if i >= len(tex):
        return None
    if tex[i] == "{":
        return read_group(tex, i)
    if tex[i] == "\\":
        name, end = read_control_sequence(tex, i)
        return name, end
    if tex[i] in "}":
        return None
    return tex[i], i + 1


def read_optional(tex: str, i: int) -> tuple[str, int] | None:
    """Read a `[...]` optional argument at `i` (after optional spaces), brace-aware."""
    i = skip_spaces(tex, i)
    if i >= len(tex) or tex[i] != "[":
        return None
    depth = 0
    j = i + 1
    while j < len(tex):
        ch = tex[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "]" and depth == 0:
            return tex[i + 1 : j], j + 1
        j += 1
    return None


class CS(NamedTuple):
    """One control sequence occurrence: `tex[start:end] == name`, at brace `depth`."""

    name: str
    start: int
    end: int
    depth: int


def control_sequences(tex: str) -> Iterator[CS]:
    """Every control sequence outside comments, with its brace depth."""
    return iter(_control_sequences(tex))


# A formula is scanned several times (macros, MathJax rewrites, numbers, labels, references),
# and once more when a batch renderer looks ahead (MathEngine.prefetch): once is enough.
@functools.lru_cache(maxsize=1024)
def _control_sequences(tex: str) -> tuple[CS, ...]:
    found = []
    depth = 0
    search = _SPECIAL.search
    match = search(tex)
    while match is not None:
        i = match.start()
        ch = tex[i]
        if ch == "\\":
            name, end = read_control_sequence(tex, i)
            found.append(CS(name, i, end, depth))
            match = search(tex, end)
        elif ch == "%":
            match = search(tex, skip_comment(tex, i))
        else:
            depth += 1 if ch == "{" else -1
            match = search(tex, i + 1)
    return tuple(found)


def control_sequence_names(tex: str) -> set[str]:
    return {cs.name for cs in control_sequences(tex)}


@dataclass(frozen=True)
class Edit:
    """Replace `tex[start:end]` with `text`; edits of one rewrite never overlap."""

    start: int
    end: int
    text: str = ""


@dataclass(frozen=True)
class Rewrite:
    """Rewritten TeX plus what is needed to trace its positions back to the original."""

    text: str
    # (new_start, new_end, orig_start, orig_end) for every replaced span, in order.
    spans: tuple[tuple[int, int, int, int], ...]

    def original_position(self, position: int) -> int:
        """Map an index into `text` to the index in the TeX the author wrote."""
        shift = 0
        for new_start, new_end, orig_start, orig_end in self.spans:
            if position < new_start:
                break
            if position < new_end:
                return orig_start
            shift = orig_end - new_end
        return position + shift


def apply_edits(tex: str, edits: list[Edit]) -> Rewrite:
    """Apply non-overlapping edits (on overlap the earlier edit wins)."""
    out: list[str] = []
    spans: list[tuple[int, int, int, int]] = []
    last = 0
    length = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < last:
            continue
        out.append(tex[last : edit.start])
        length += edit.start - last
        spans.append((length, length + len(edit.text), edit.start, edit.end))
        out.append(edit.text)
        length += len(edit.text)
        last = edit.end
    out.append(tex[last:])
    return Rewrite("".join(out), tuple(spans))

r"""Equation numbers, `\tag`, `\label` and the AMS environments.

We number equations ourselves instead of relying on KaTeX: KaTeX numbers unstarred environments
with CSS counters (so `\eqref` could never know the number, and numbers would count across every
formula on a listing page) and leaves the MathML tag cells of `align` rows empty. So every numbered
environment is rewritten into a starred one with explicit `\tag{n}` per row, labels are cut out
and remembered, and the empty MathML cells are filled in afterwards.

`multline` is not supported by KaTeX at all; it becomes `gathered` with one tag, the closest
thing KaTeX can draw. `eqnarray` (MathJax has it, KaTeX does not, old posts use it) becomes `align`:
each row's `a &=& b` loses its second `&`, which turns the three eqnarray columns into align's
right/left pair. `flalign` (MathJax has it, KaTeX does not) becomes `align` too: MathJax draws a
single pair of columns centred, as align does; more pairs it spreads over the whole width, which
KaTeX cannot, and align sets them side by side. So do `xalignat{n}` (numbered, its starred form
not) and `xxalignat{n}` (never numbered, as in amsmath), MathJax's pairs spread over the width
with space between them: align's pairs have space between them, alignat's have none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from .texscan import Edit, control_sequences, read_group

#: Environments that may stand at the top level of a post without dollars, and that are
#: numbered (unless starred) when numbering is "ams".
NUMBERED_ENVS = ("equation", "align", "alignat", "gather", "multline", "eqnarray", "flalign",
                 "xalignat")
# amsmath's xxalignat has no starred form and no numbers.
TOP_LEVEL_ENVS = (*(name + star for name in NUMBERED_ENVS for star in ("", "*")), "xxalignat")
# Environments whose first argument is how many column pairs they have.
_COLUMN_PAIRS_ENVS = ("alignat", "xalignat", "xxalignat")
# Environments KaTeX lacks, drawn as align (`_environment_edits`).
_DRAWN_AS_ALIGN = ("eqnarray", "flalign", "xalignat", "xxalignat")

_BEGIN = re.compile(r"\\begin\s*\{([A-Za-z]+\*?)\}")
_MML_EQN_CELL = re.compile(r'<mtd class\s*="mml-eqn-num"></mtd>')


@dataclass
class LabelUse:
    """A `\\label` in a numbered environment and the number its row gets."""

    label: str
    tag: str | None  # the equation's number / tag text, None when the row has none
    position: int


@dataclass
class NumberPlan:
    """Rewrites for one display formula and what they mean for labels and tags."""

    edits: list[Edit] = field(default_factory=list)
    labels: list[LabelUse] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)  # automatic numbers handed out, in order
    mathml_tags: list[str] = field(default_factory=list)  # texts for the cells KaTeX leaves empty


@dataclass(frozen=True)
class TopEnv:
    """An environment at a formula's top level: where its parts start and end in the TeX."""

    name: str
    begin_start: int
    body_start: int
    body_end: int
    end_stop: int

    @property
    def base(self) -> str:
        return self.name.rstrip("*")

    @property
    def starred(self) -> bool:
        return self.name.endswith("*")


def find_top_env(tex: str) -> TopEnv | None:
    """The numbered environment that makes up the whole formula, if any."""
    start = len(tex) - len(tex.lstrip())
    match = _BEGIN.match(tex, start)
    if match is None or match.group(1) not in TOP_LEVEL_ENVS:
        return None
    name = match.group(1)
    body_start = match.end()
    if name.rstrip("*") in _COLUMN_PAIRS_ENVS:
        group = read_group(tex, body_start)  # the column-count argument
        if group is not None:
            body_start = group[1]
    depth = 0
    for cs in control_sequences(tex[body_start:]):
        if cs.name not in ("\\begin", "\\end"):
            continue
        group = read_group(tex, body_start + cs.end)
        if group is None or group[0].strip() != name:
            continue
        if cs.name == "\\begin":
            depth += 1
        elif depth:
            depth -= 1
        else:
            end_stop = group[1]
            if tex[end_stop:].strip():
                return None
            return TopEnv(name, start, body_start, body_start + cs.start, end_stop)
    return None


def split_rows(tex: str, start: int, end: int) -> list[tuple[int, int]]:
    r"""Row spans of an alignment body: split at `\\` outside braces and nested environments."""
    rows: list[tuple[int, int]] = []
    row_start = start
    env_depth = 0
    for cs in control_sequences(tex[start:end]):
        if cs.name == "\\begin":
            env_depth += 1
        elif cs.name == "\\end":
            env_depth -= 1
        elif cs.name == "\\\\" and cs.depth == 0 and env_depth == 0:
            rows.append((row_start, start + cs.start))
            row_start = start + cs.end
    rows.append((row_start, end))
    return rows


@dataclass
class _Row:
    """One row of a multi-line environment: its labels, its `\\tag`, whether it is numbered."""

    start: int
    end: int
    labels: list[tuple[str, int, int]] = field(default_factory=list)  # label, start, end
    tag: tuple[str, bool, int, int] | None = None  # text, starred, start, end
    suppressed: bool = False  # \notag / \nonumber


def _scan_row(tex: str, start: int, end: int) -> _Row:
    row = _Row(start, end)
    for cs in control_sequences(tex[start:end]):
        at = start + cs.start
        if cs.name == "\\label":
            group = read_group(tex, start + cs.end)
            if group is not None and group[1] <= end:
                row.labels.append((group[0].strip(), at, group[1]))
        elif cs.name == "\\tag":
            pos = start + cs.end
            starred = tex.startswith("*", pos)
            group = read_group(tex, pos + 1 if starred else pos)
            if group is not None and group[1] <= end and row.tag is None:
                row.tag = (group[0], starred, at, group[1])
        elif cs.name in ("\\notag", "\\nonumber"):
            row.suppressed = True
    return row


def _row_is_empty(tex: str, row: _Row) -> bool:
    text = tex[row.start : row.end]
    for _label, s, e in reversed(row.labels):
        text = text[: s - row.start] + text[e - row.start :]
    text = re.sub(r"\\(notag|nonumber)\b", "", text)
    return not text.strip()


def plan_display(
    tex: str,
    numbering: str,
    allocate: Callable[[], str | None],
    tag_text: Callable[[str], str],
    numbered: bool = True,
) -> NumberPlan:
    """Plan the rewrites of one display formula.

    `allocate()` hands out the next equation number (or None to leave the row unnumbered);
    `tag_text(tex)` turns a user `\\tag{...}` into the plain text shown in references.
    A `\\label` always earns its row a number, whatever the numbering mode: a reference to it
    needs something to show. With `numbered=False` (a formula in an excerpt, away from the
    equations its number would count) no row is numbered and `\\tag`s are removed.
    """
    plan = NumberPlan()
    env = find_top_env(tex)
    if env is None:
        rows = [_scan_row(tex, 0, len(tex))]
        env_numbered = numbering == "all"
    else:
        env_numbered = numbering != "none" and not env.starred and env.base != "xxalignat"
        if env.base in ("equation", "multline"):
            rows = [_scan_row(tex, env.body_start, env.body_end)]
        else:
            rows = [_scan_row(tex, s, e) for s, e in split_rows(tex, env.body_start, env.body_end)]
    single = env is None or env.base in ("equation", "multline")

    cells: list[str | None] = []  # what each row's tag cell shows, parentheses included
    for row in rows:
        for _label, s, e in row.labels:
            plan.edits.append(Edit(s, e))
        shown: str | None = None
        cell: str | None = None
        if row.tag is not None and not numbered:
            plan.edits.append(Edit(row.tag[2], row.tag[3]))
        elif row.tag is not None:
            text, starred, s, e = row.tag
            shown = tag_text(text)
            cell = shown if starred else f"({shown})"
            if env is not None and env.base == "multline":
                # A \tag inside `gathered` is an error; move it after the environment.
                plan.edits.append(Edit(s, e))
                plan.edits.append(Edit(env.end_stop, env.end_stop, tex[s:e]))
        elif (numbered and not row.suppressed and (env_numbered or row.labels)
              and not _row_is_empty(tex, row)):
            number = allocate()
            if number is not None:
                plan.numbers.append(number)
                shown, cell = number, f"({number})"
                where = env.end_stop if single and env is not None else row.end
                plan.edits.append(Edit(where, where, f" \\tag{{{number}}}"))
        cells.append(cell)
        for label, s, _e in row.labels:
            plan.labels.append(LabelUse(label, shown, s))

    if env is not None:
        if env.base == "eqnarray":
            for row in rows:
                separators = _ampersands(tex, row.start, row.end)
                if len(separators) >= 2:
                    plan.edits.append(Edit(separators[1], separators[1] + 1))
        plan.edits.extend(_environment_edits(tex, env))
        if not single:
            plan.mathml_tags = [c for c in cells if c is not None]
    return plan


def _ampersands(tex: str, start: int, end: int) -> list[int]:
    """Positions of the column separators of one row (not inside braces or nested envs)."""
    found: list[int] = []
    depth = env_depth = 0
    i = start
    while i < end:
        ch = tex[i]
        if ch == "\\":
            if tex.startswith("\\begin", i):
                env_depth += 1
            elif tex.startswith("\\end", i):
                env_depth -= 1
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "&" and depth == 0 and env_depth == 0:
            found.append(i)
        i += 1
    return found


def _environment_edits(tex: str, env: TopEnv) -> list[Edit]:
    begin_end = env.body_start
    if env.base == "alignat":
        begin_end = tex.index("}", env.begin_start) + 1
    end_start = env.body_end
    if env.base == "equation":
        return [Edit(env.begin_start, begin_end, ""), Edit(end_start, env.end_stop, "")]
    if env.base == "multline":
        return [
            Edit(env.begin_start, begin_end, "\\begin{gathered}"),
            Edit(end_start, env.end_stop, "\\end{gathered}"),
        ]
    name = "align" if env.base in _DRAWN_AS_ALIGN else env.base
    return [
        Edit(env.begin_start, begin_end, f"\\begin{{{name}*}}"),
        Edit(end_start, env.end_stop, f"\\end{{{name}*}}"),
    ]


def fill_mathml_tags(html: str, tags: list[str]) -> str:
    """Write tag texts into the empty MathML cells KaTeX emits for tagged alignment rows."""
    if not tags:
        return html
    remaining = iter(tags)

    def fill(match: re.Match[str]) -> str:
        text = next(remaining, None)
        if text is None:
            return match.group(0)
        # Our own class: KaTeX's stylesheet would add a CSS-counter number to mml-eqn-num.
        return f'<mtd class="math-eqn-num"><mtext>{escape(text)}</mtext></mtd>'

    return _MML_EQN_CELL.sub(fill, html)

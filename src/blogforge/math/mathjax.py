r"""MathJax's looser grammar, rewritten into TeX that KaTeX accepts.

Posts written for MathJax (every Hexo, Jekyll and Hugo theme ships it) lean on things KaTeX
refuses: a command with arguments as a bare sub/superscript (`f_\boldsymbol{w}`, `Q^\vec{\mu}`,
`\tau_\max`), `_`, `&`, `#` and `^` taken literally inside `\text{}`, and MathJax-only commands
(`\bbox`, `\textsc`, `\mbox`, `\unicode`, `\class`/`\cssId`/`\style`, `\enclose`,
`\displaylines`, `\cr`, `\label` in an inline formula, plain TeX's `\buildrel`…), and LaTeX
packages' commands notes copy along (bbm's and dsfont's `\mathbbm{1}`, `\mathds{1}`, cancel's
`\cancelto`, the physics package's `\abs`, `\norm`, `\qty`, `\dv`, `\pdv`, `\braket{a}{b}`,
`\mqty(…)`…). `mathjax_edits` returns edits on the formula (positions of what the author
wrote, so KaTeX errors still point at the source) that make each of them mean to KaTeX what it
meant to MathJax. TeX that KaTeX already accepts is never changed in a way that changes its
rendering.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from .texscan import (
    Edit,
    control_sequences,
    group_end,
    read_argument,
    read_control_sequence,
    read_group,
    read_optional,
    skip_comment,
    skip_spaces,
)

# Commands whose argument is text: MathJax shows `_`, `&`, `#`, `^` in them literally.
TEXT_COMMANDS = {
    "\\text", "\\textrm", "\\textbf", "\\textit", "\\texttt", "\\textsf", "\\textup",
    "\\textmd", "\\textnormal", "\\textsl", "\\textsc", "\\mbox", "\\hbox", "\\emph",
    "\\qq", "\\qqtext",  # (the physics package's: text between quads)
}  # fmt: skip
_TEXT_ESCAPES = {"_": "\\_", "&": "\\&", "#": "\\#", "^": "\\textasciicircum{}",
                 # (the middle dot of `\text{N·m}`, `\text{德·摩根}`: KaTeX reads `·` as its
                 # math-mode `\cdotp`, "undefined" in text, where MathJax shows the dot)
                 "·": "$\\cdotp$"}

# How many mandatory arguments a command takes, for wrapping `x_\cmd{a}{b}` as `x_{\cmd{a}{b}}`.
# Anything not listed takes none (`\max`, `\alpha`, `\prime`) unless it is a macro of the post.
_ONE = (
    "boldsymbol bm pmb bold mathbf mathrm mathit mathsf mathtt mathcal mathbb mathfrak mathscr "
    "Bbb mathbbm mathds mathnormal vec hat bar tilde dot ddot dddot check breve acute grave "
    "mathring widehat widetilde overline underline overrightarrow overleftarrow overbrace "
    "underbrace boxed cancel bcancel xcancel sqrt operatorname text textrm textbf textit texttt "
    "textsf mbox phantom hphantom vphantom mathop mathbin mathrel mathord mathopen mathclose "
    "abs norm pqty bqty Bqty vqty order vb va vu mathclap mathllap mathrlap clap llap rlap"
)
_TWO = ("frac dfrac tfrac cfrac binom dbinom tbinom overset underset stackrel textcolor colorbox "
        "cancelto dv pdv comm")
ARITY = {f"\\{name}": 1 for name in _ONE.split()} | {f"\\{name}": 2 for name in _TWO.split()}
# Never wrapped: they open or close something that must stay balanced at this level.
_NOT_WRAPPED = {"\\left", "\\right", "\\middle", "\\begin", "\\end", "\\limits", "\\nolimits"}

# Plain renames: MathJax command -> KaTeX command with the same arguments.
_RENAMES = {
    "\\mbox": "\\text",
    "\\textsl": "\\textit",
    "\\cr": "\\\\",
    "\\strut": "\\mathstrut",
    "\\mspace": "\\mkern",
    # physics's comma between quads' worth of space: `\qqtext*{,}`
    "\\qc": "\\text{,}\\quad ",
    "\\qcomma": "\\text{,}\\quad ",
    "\\idotsint": "\\int\\cdots\\int",
    # Markdown's escape for `*`, written for Hexo's marked (`Q^\*`, so that two stars do not
    # make emphasis): marked gave MathJax a `*`; KaTeX does not know `\*`.
    "\\*": "*",
    # and for `^`, which marked took out too (`Q\^2`, `(0, 1, 0)\^T`): KaTeX drew a
    # circumflex over what follows, where LaTeX refuses `\^` in math and the writer's page
    # showed a power
    "\\^": "^",
    # the physics package's operators and vector calculus
    "\\tr": "\\operatorname{tr}",
    "\\Tr": "\\operatorname{Tr}",
    "\\rank": "\\operatorname{rank}",
    "\\erf": "\\operatorname{erf}",
    "\\grad": "\\nabla",
    "\\curl": "\\nabla\\times",
    "\\laplacian": "\\nabla^2",
    "\\cross": "\\times",
    "\\vdot": "\\cdot",
    "\\trace": "\\operatorname{tr}",
    "\\Trace": "\\operatorname{Tr}",
    "\\gradient": "\\nabla",
    "\\crossproduct": "\\times",
    "\\dotproduct": "\\cdot",
}
# MathJax's HTML extension: the first argument is an id, class or style KaTeX cannot carry.
_DROP_FIRST_ARGUMENT = {"\\class", "\\cssId", "\\style"}
# amsmath's multline helpers: KaTeX's replacement for multline has no notion of them.
_DROP_COMMAND = {"\\shoveleft", "\\shoveright"}
_ENCLOSE = {
    "updiagonalstrike": "\\cancel",
    "downdiagonalstrike": "\\bcancel",
    "horizontalstrike": "\\sout",
}
# What `_wrap_bare_scripts` looks for (a formula without one, most of them, is not walked).
_BARE_SCRIPT = re.compile(r"[_^][ \t\r\n]*\\")
_CSS_DIMENSION_UNITS = ("px", "pt", "em", "ex", "mu", "cm", "mm", "in", "%")


def mathjax_edits(
    tex: str, display: bool, macro_params: Callable[[str], int | None] | None = None,
    drawn: bool = True,
) -> list[Edit]:
    r"""Edits that make MathJax-only TeX render in KaTeX; `macro_params` gives a post macro's
    argument count. Not `drawn`: for the formula's plain text, which reads the double-struck
    one (`\mathbbm{1}`, 𝟙) as 𝟙 itself, without KaTeX's drawing of it (a 1 over a 1)."""
    edits: list[Edit] = []
    text_spans = _text_groups(tex)
    for start, end in text_spans:
        edits.extend(_escape_text(tex, start, end))
    inside_text = _span_test(text_spans)
    if _BARE_SCRIPT.search(tex):
        edits.extend(_wrap_bare_scripts(tex, inside_text, macro_params))
    for cs in control_sequences(tex):
        if cs.name in _EDITED and not inside_text(cs.start) \
                and not _defined(cs.name, macro_params) and (drawn or cs.name not in _BLACKBOARD):
            edits.extend(_command_edits(tex, cs.name, cs.start, cs.end, display))
    if not drawn:
        return edits
    # 𝟙 typed as it is: none of KaTeX's fonts has it (KaTeX would say so on its console and
    # leave it to the browser's fonts); drawn as `\mathbbm{1}` is, the same in one post.
    start = tex.find(_DOUBLE_STRUCK_ONE)
    while start >= 0:
        if not inside_text(start):
            edits.append(Edit(start, start + 1, _INDICATOR_ONE))
        start = tex.find(_DOUBLE_STRUCK_ONE, start + 1)
    return edits


def _defined(name: str, macro_params: Callable[[str], int | None] | None) -> bool:
    """Whether the post or the site defines `name` itself (`\\newcommand{\\mathbbm}…`): then
    its definition is what the writer wants."""
    return macro_params is not None and macro_params(name) is not None


# ------------------------------------------------------------------------------- \text{…}


def _text_groups(tex: str) -> list[tuple[int, int]]:
    """(start, end) of the inside of every text-mode argument, outermost only."""
    spans: list[tuple[int, int]] = []
    for cs in control_sequences(tex):
        if cs.name not in TEXT_COMMANDS or (spans and cs.start < spans[-1][1]):
            continue
        group = read_group(tex, cs.end)
        if group is not None:
            spans.append((group[1] - 1 - len(group[0]), group[1] - 1))
    return spans


def _span_test(spans: list[tuple[int, int]]) -> Callable[[int], bool]:
    return lambda i: any(start <= i < end for start, end in spans)


def _escape_text(tex: str, start: int, end: int) -> list[Edit]:
    """Escape `_ & # ^` in text, except inside `$…$` (math inside text) and after `\\`."""
    edits = []
    in_math = False
    i = start
    while i < end:
        ch = tex[i]
        if ch == "\\":
            i = read_control_sequence(tex, i)[1]
            continue
        if ch == "$":
            in_math = not in_math
        elif not in_math and ch in _TEXT_ESCAPES:
            edits.append(Edit(i, i + 1, _TEXT_ESCAPES[ch]))
        i += 1
    return edits


# -------------------------------------------------------------------- x_\cmd{…} → x_{\cmd{…}}


# What the scan for bare scripts stops at: a control sequence (as `read_control_sequence`
# reads it), a comment to its line's end, a script; the characters between are passed by in
# one step, not one Python loop turn each.
_SCRIPT_SCAN = re.compile(r"\\(?:[A-Za-z]+|.)?|%[^\n]*|[_^]", re.S)


def _wrap_bare_scripts(
    tex: str, inside_text: Callable[[int], bool], macro_params: Callable[[str], int | None] | None
) -> list[Edit]:
    edits = []
    n = len(tex)
    for found in _SCRIPT_SCAN.finditer(tex):
        i = found.start()
        if tex[i] not in "_^" or inside_text(i):
            continue  # (a control sequence or a comment, passed by whole)
        at = skip_spaces(tex, i + 1)
        if at < n and tex[at] == "\\":
            name, end = read_control_sequence(tex, at)
            if name[1:].isalpha() and name not in _NOT_WRAPPED:
                stop = _arguments_end(tex, name, end, macro_params)
                edits.append(Edit(at, at, "{"))
                edits.append(Edit(stop, stop, "}"))
    return edits


def _arguments_end(
    tex: str, name: str, i: int, macro_params: Callable[[str], int | None] | None
) -> int:
    count = macro_params(name) if macro_params is not None else None
    if count is None:
        count = ARITY.get(name, 0)
    if name == "\\sqrt":
        optional = read_optional(tex, i)
        i = optional[1] if optional else i
    for _ in range(count):
        argument = read_argument(tex, i)
        if argument is None:
            break
        i = argument[1]
    return i


# ---------------------------------------------------------------- MathJax-only commands


def _command_edits(tex: str, name: str, start: int, end: int, display: bool) -> list[Edit]:
    """The edits for a command of `_EDITED` at `tex[start:end]`."""
    if name in _RENAMES:
        return [Edit(start, end, _RENAMES[name])]
    if name in _DROP_COMMAND:
        return [Edit(start, end, "")]
    if name in _DROP_FIRST_ARGUMENT:
        first = read_group(tex, end)
        return [Edit(start, first[1], "")] if first else []
    if name == "\\label":
        if display:
            return []
        # MathJax ignores a label it cannot number; KaTeX does not know the command at all.
        group = read_group(tex, end)
        return [Edit(start, group[1], "")] if group else []
    return _REWRITTEN[name](tex, start, end)


def _enclose(tex: str, start: int, end: int) -> list[Edit]:
    notation = read_group(tex, end)
    if notation is None:
        return []
    first = notation[0].split(",")[0].strip()
    return [Edit(start, notation[1], _ENCLOSE.get(first, "\\boxed"))]


def _as_environment(name: str) -> Callable[[str, int, int], list[Edit]]:
    r"""`\command{rows}` -> `\begin{name}rows\end{name}` (rows split by `\\` or `\cr`)."""

    def edits(tex: str, start: int, end: int) -> list[Edit]:
        group = read_group(tex, end)
        if group is None:
            return []
        close = group[1] - 1
        return [
            Edit(start, close - len(group[0]), f"\\begin{{{name}}}"),
            Edit(close, group[1], f"\\end{{{name}}}"),
        ]

    return edits


def _bbox(tex: str, start: int, end: int) -> list[Edit]:
    r"""`\bbox[color,padding,style]{x}`: a background colour and/or a border around x."""
    optional = read_optional(tex, end)
    options = optional[0] if optional else ""
    after = optional[1] if optional else end
    group_start = skip_spaces(tex, after)
    if group_start >= len(tex) or tex[group_start] != "{":
        return []
    group_stop = group_end(tex, group_start)
    if group_stop < 0:
        return []
    color = None
    border = False
    for part in (p.strip() for p in options.split(",")):
        if ":" in part:
            border = border or part.split(":", 1)[0].strip().lower().startswith("border")
        elif part and not part[0].isdigit() and not part.endswith(_CSS_DIMENSION_UNITS):
            color = part
    if color is None:
        return [Edit(start, group_start, "\\boxed" if border else "")]
    opening = f"\\colorbox{{{color}}}{{$"
    closing = "$}"
    if border:
        opening, closing = "\\boxed{" + opening, closing + "}"
    return [
        Edit(start, group_start + 1, opening + "{"),
        Edit(group_stop - 1, group_stop, "}" + closing),
    ]


def _textsc(tex: str, start: int, end: int) -> list[Edit]:
    r"""Small capitals: lower-case letters as smaller capitals, the rest as written."""
    group = read_group(tex, end)
    if group is None:
        return []
    content, stop = group
    if any(c in content for c in "\\{}$"):
        return [Edit(start, end, "\\text")]
    out: list[str] = []
    for ch in content:
        if ch.islower():
            if out and out[-1].startswith("{\\small "):
                out[-1] = out[-1][:-1] + ch.upper() + "}"
            else:
                out.append("{\\small " + ch.upper() + "}")
        else:
            out.append(_TEXT_ESCAPES.get(ch, ch))
    return [Edit(start, stop, "\\text{" + "".join(out) + "}")]


def _unicode(tex: str, start: int, end: int) -> list[Edit]:
    r"""`\unicode{x263A}` / `\unicode{8212}` / `\unicode[font]{…}`: the character itself."""
    optional = read_optional(tex, end)
    group = read_group(tex, optional[1] if optional else end)
    if group is None:
        return []
    code = group[0].strip()
    try:
        value = int(code[1:], 16) if code[:1] in "xX" and code[1:] else int(code)
        char = chr(value)
    except (ValueError, OverflowError):
        return []
    return [Edit(start, group[1], f"\\text{{{char}}}")]


# bbm's and dsfont's indicator function, drawn as LaTeX writers did before those packages:
# two ones, the second a little to the right (KaTeX's \\mathbb has no digits: a plain 1).
# That drawing is for the eye only: the MathML, which a screen reader reads (and cards and
# feeds show), holds the one character 𝟙 (U+1D7D9), not "1 1".
_INDICATOR_ONE = ('{\\html@mathml{\\mathrlap{\\mathrm{1}}\\mkern2.5mu\\mathrm{1}}'
                  '{\\char"1D7D9}}')


_DOUBLE_STRUCK_ONE = "\U0001d7d9"  # 𝟙


# (and KaTeX's own \mathbb, whose `\mathbb{1}` is a plain 1: the writer meant 𝟙 as well)
_BLACKBOARD = ("\\mathbbm", "\\mathds", "\\mathbb")


def _blackboard(tex: str, start: int, end: int) -> list[Edit]:
    r"""`\mathbbm{1}`, `\mathds{1}`, `\mathbb{1}` (the indicator function): a double-struck
    one; with a letter (`\mathds{R}`), KaTeX's `\mathbb`, which draws the same."""
    argument = read_argument(tex, end)
    if argument is None:
        return []
    if argument[0].strip() == "1":
        return [Edit(start, argument[1], _INDICATOR_ONE)]
    return [] if tex[start:end] == "\\mathbb" else [Edit(start, end, "\\mathbb")]


# ------------------------------------------------------------ plain TeX, cancel, physics


class _Argument(NamedTuple):
    """One argument where the author wrote it: its inside is `tex[inside_start:inside_end]`,
    and it ends at `stop` (past the closing brace of a group)."""

    inside_start: int
    inside_end: int
    stop: int


def _argument_at(tex: str, i: int, braced: bool = False) -> _Argument | None:
    """The argument at `i` (after spaces): a group, or (unless `braced`) one token."""
    i = skip_spaces(tex, i)
    if i >= len(tex) or tex[i] == "}" or braced and tex[i] != "{":
        return None
    if tex[i] == "{":
        stop = group_end(tex, i)
        return _Argument(i + 1, stop - 1, stop) if stop > 0 else None
    if tex[i] == "\\":
        stop = read_control_sequence(tex, i)[1]
        return _Argument(i, stop, stop)
    return _Argument(i, i + 1, i + 1)


def _around(start: int, arguments: Sequence[_Argument], texts: Sequence[str]) -> list[Edit]:
    """Edits that leave each argument's inside where the author wrote it (so KaTeX's errors
    in it point there) and write `texts` around them: the first from the command to the
    first argument, one between each two, the last in place of the end of the last."""
    edits = []
    at = start
    for argument, text in zip(arguments, texts[:-1], strict=True):
        edits.append(Edit(at, argument.inside_start, text))
        at = argument.inside_end
    edits.append(Edit(at, arguments[-1].stop, texts[len(arguments)]))
    return edits


def _buildrel(tex: str, start: int, end: int) -> list[Edit]:
    r"""Plain TeX's `\buildrel top \over rel`: `rel` with `top` set over it, which is what
    `\stackrel{top}{rel}` draws."""
    depth = 0
    i = end
    while i < len(tex):
        ch = tex[i]
        if ch == "\\":
            name, after = read_control_sequence(tex, i)
            if name == "\\over" and depth == 0:
                relation = _argument_at(tex, after)
                if relation is None:
                    return []
                return [Edit(start, end, "\\stackrel{"),
                        *_around(i, [relation], ["}{", "}"])]
            i = after
            continue
        if ch == "%":
            i = skip_comment(tex, i)
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                return []  # (no `\over` in its group: KaTeX says what is wrong)
            depth -= 1
        i += 1
    return []


def _cancelto(tex: str, start: int, end: int) -> list[Edit]:
    r"""cancel's `\cancelto{value}{x}`: x struck out, `value` above its end. MathJax draws
    the stroke as an arrow pointing at the value; KaTeX has no such arrow, so a stroke."""
    optional = read_optional(tex, end)  # (MathJax's colour and thickness options)
    value = read_group(tex, optional[1] if optional else end)
    if value is None:
        return []
    struck = _argument_at(tex, value[1])
    if struck is None:
        return []
    return _around(start, [struck], ["\\cancel{", f"}}^{{{value[0]}}}"])


_SIZES = {"\\big", "\\Big", "\\bigg", "\\Bigg"}


class _Sizing(NamedTuple):
    left: str
    middle: str
    right: str
    after: int  # where the argument starts


def _sizing(tex: str, end: int) -> _Sizing:
    r"""How the physics package sizes a command's delimiters: to fit what they hold, not at
    all after a `*` (`\abs*{x}`), or as a size command after it says (`\norm\big{x}`)."""
    if tex.startswith("*", end):
        return _Sizing("", "", "", end + 1)
    at = skip_spaces(tex, end)
    if tex.startswith("\\", at):
        size, after = read_control_sequence(tex, at)
        if size in _SIZES:
            return _Sizing(size + "l", size + "m", size + "r", after)
    return _Sizing("\\left", "\\middle", "\\right", end)


def _delimited(before: str, opening: str, closing: str) -> Callable[[str, int, int], list[Edit]]:
    r"""physics's `\abs{x}`, `\norm{x}`, `\pqty{x}`…: x between delimiters that fit it."""

    def edits(tex: str, start: int, end: int) -> list[Edit]:
        size = _sizing(tex, end)
        argument = _argument_at(tex, size.after)
        if argument is None:
            return []
        return _around(start, [argument],
                       [f"{before}{size.left}{opening} ", f" {size.right}{closing}"])

    return edits


_QTY_CLOSES = {"(": ")", "[": "]", "|": "|"}
_QTY_DELIMITERS = {"(": ("(", ")"), "[": ("[", "]"), "{": ("\\{", "\\}"),
                   "|": ("\\lvert", "\\rvert")}


def _closing(tex: str, at: int) -> int:
    """The index of the delimiter that closes the one at `at` (`(`, `[` or `|`), outside
    braces, the same delimiter nested inside counted; -1 when there is none."""
    opening = tex[at]
    closing = _QTY_CLOSES[opening]
    nested = depth = 0
    i = at + 1
    while i < len(tex):
        ch = tex[i]
        if ch == "\\":
            i = read_control_sequence(tex, i)[1]
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return -1
        elif depth == 0 and ch == closing and not nested:
            return i
        elif depth == 0 and ch == closing:
            nested -= 1
        elif depth == 0 and ch == opening:
            nested += 1
        i += 1
    return -1


def _qty(tex: str, start: int, end: int) -> list[Edit]:
    r"""physics's `\qty(x)`, `\qty[x]`, `\qty{x}`, `\qty|x|`: the delimiters written, made
    to fit x."""
    size = _sizing(tex, end)
    at = skip_spaces(tex, size.after)
    if at >= len(tex) or tex[at] not in _QTY_DELIMITERS:
        return []
    opening, closing = _QTY_DELIMITERS[tex[at]]
    stop = group_end(tex, at) - 1 if tex[at] == "{" else _closing(tex, at)
    if stop < 0:
        return []
    return [Edit(start, at + 1, f"{size.left}{opening} "),
            Edit(stop, stop + 1, f" {size.right}{closing}")]


def _expectation(tex: str, start: int, end: int) -> list[Edit]:
    r"""physics's `\ev{A}` (⟨A⟩) and `\ev{A}{\psi}` (⟨ψ|A|ψ⟩)."""
    size = _sizing(tex, end)
    operator = _argument_at(tex, size.after)
    if operator is None:
        return []
    state = _argument_at(tex, operator.stop, braced=True)
    if state is None:
        return _around(start, [operator], [f"{size.left}\\langle ", f" {size.right}\\rangle"])
    written = tex[state.inside_start:state.inside_end]
    return _around(start, [operator, state], [
        f"{size.left}\\langle {{{written}}} {size.middle}\\vert ",
        f" {size.middle}\\vert ", f" {size.right}\\rangle"])


def _derivative(d: str, most: int) -> Callable[[str, int, int], list[Edit]]:
    r"""physics's `\dv{f}{x}` (df/dx), `\dv[n]{f}{x}` (the nth), `\dv{x}` (d/dx), and
    `\pdv`'s the same with ∂, and `\pdv{f}{x}{y}` (∂²f/∂x∂y); d upright, as MathJax draws it."""

    def edits(tex: str, start: int, end: int) -> list[Edit]:
        optional = read_optional(tex, end)
        power = f"^{{{optional[0].strip()}}}" if optional and optional[0].strip() else ""
        arguments: list[_Argument] = []
        at = optional[1] if optional else end
        while len(arguments) < most:
            argument = _argument_at(tex, at, braced=True)
            if argument is None:
                break
            arguments.append(argument)
            at = argument.stop
        if not arguments:
            return []
        if len(arguments) == 1:
            return _around(start, arguments, [f"\\frac{{{d}{power}}}{{{d} {{", f"}}{power}}}"])
        if len(arguments) == 2:
            return _around(start, arguments,
                           [f"\\frac{{{d}{power} {{", f"}}}}{{{d} {{", f"}}{power}}}"])
        return _around(start, arguments,
                       [f"\\frac{{{d}^{{2}} {{", f"}}}}{{{d} {{", f"}} {d} {{", "}}"])

    return edits


def _differential(tex: str, start: int, end: int) -> list[Edit]:
    r"""physics's `\dd x`, `\dd{x}`, `\dd[3]{x}`: an upright d, a thin space after what comes
    before it, as `f(x)\,\mathrm{d}x` is written by hand."""
    optional = read_optional(tex, end)
    power = f"^{{{optional[0].strip()}}}" if optional and optional[0].strip() else ""
    return [Edit(start, optional[1] if optional else end, f"\\,\\mathrm{{d}}{power}")]


def _one_argument(before: str, after: str, starred: str | None = None
                  ) -> Callable[[str, int, int], list[Edit]]:
    r"""`\cmd{x}` -> before x after (`\cmd*{x}` -> starred x after, when given)."""

    def edits(tex: str, start: int, end: int) -> list[Edit]:
        opening = before
        if starred is not None and tex.startswith("*", end):
            opening, end = starred, end + 1
        argument = _argument_at(tex, end)
        return _around(start, [argument], [opening, after]) if argument else []

    return edits


def _commutator(tex: str, start: int, end: int) -> list[Edit]:
    r"""physics's `\comm{A}{B}`: [A, B], the brackets made to fit."""
    first = _argument_at(tex, end, braced=True)
    second = _argument_at(tex, first.stop, braced=True) if first else None
    if first is None or second is None:
        return []
    return _around(start, [first, second], ["\\left[ ", ", ", " \\right]"])


def _inner_product(one_argument: bool) -> Callable[[str, int, int], list[Edit]]:
    r"""physics's `\braket{a}{b}` (⟨a|b⟩, the brackets made to fit, not after a `*`). With
    one argument, physics's `\ip{a}` is ⟨a|a⟩ (`one_argument`); KaTeX's own `\braket{a}` (the
    braket package's, ⟨a⟩) is left to KaTeX, and so is its `\braket{a|b}`."""

    def edits(tex: str, start: int, end: int) -> list[Edit]:
        starred = tex.startswith("*", end)
        left, middle, right = ("", "", "") if starred else ("\\left", "\\middle", "\\right")
        bra = _argument_at(tex, end + 1 if starred else end, braced=not one_argument)
        if bra is None:
            return []
        ket = _argument_at(tex, bra.stop, braced=True)
        if ket is not None:
            return _around(start, [bra, ket], [f"{left}\\langle {{", f"}} {middle}\\vert {{",
                                               f"}} {right}\\rangle"])
        if not one_argument:
            return []
        written = tex[bra.inside_start:bra.inside_end]
        return _around(start, [bra], [f"{left}\\langle {{",
                                      f"}} {middle}\\vert {{{written}}} {right}\\rangle"])

    return edits


# physics's matrix delimiters: what `\mqty` draws after `(`, `[`, `|`, `*(` (and the plain
# matrix for `{`), as KaTeX's matrix environments, or a smallmatrix between fitted delimiters.
_MATRIX_ENVIRONMENTS = {"(": "pmatrix", "[": "bmatrix", "|": "vmatrix", "{": "matrix"}
_MATRIX_FENCES = {"(": ("(", ")"), "[": ("[", "]"), "|": ("|", "|"), "*(": ("\\lgroup", "\\rgroup")}


def _matrix_around(delimiter: str, small: bool) -> tuple[str, str]:
    """The TeX before and after a physics matrix's rows (`delimiter` as in `_MATRIX_FENCES`,
    or `{` for none)."""
    if not small and delimiter in _MATRIX_ENVIRONMENTS:
        name = _MATRIX_ENVIRONMENTS[delimiter]
        return f"\\begin{{{name}}}", f"\\end{{{name}}}"
    name = "smallmatrix" if small else "matrix"
    if delimiter == "{":
        return f"\\begin{{{name}}}", f"\\end{{{name}}}"
    opening, closing = _MATRIX_FENCES[delimiter]
    return f"\\left{opening}\\begin{{{name}}}", f"\\end{{{name}}}\\right{closing}"


def _matrix_quantity(small: bool) -> Callable[[str, int, int], list[Edit]]:
    r"""physics's `\mqty(rows)`, `\mqty[rows]`, `\mqty|rows|` (a matrix between those
    delimiters), `\mqty*(rows)` (between ⟮ ⟯), `\mqty{rows}` (none); `\smqty`'s are small."""

    def edits(tex: str, start: int, end: int) -> list[Edit]:
        starred = tex.startswith("*", end)
        at = skip_spaces(tex, end + 1 if starred else end)
        if at >= len(tex) or tex[at] not in _MATRIX_ENVIRONMENTS:
            return []  # (MathJax draws an empty `()`: KaTeX's error says what to write)
        stop = group_end(tex, at) - 1 if tex[at] == "{" else _closing(tex, at)
        if stop < 0:
            return []
        delimiter = "*(" if starred and tex[at] == "(" else tex[at]
        opening, closing = _matrix_around(delimiter, small)
        return [Edit(start, at + 1, opening), Edit(stop, stop + 1, closing)]

    return edits


def _matrix_of(delimiter: str, small: bool) -> Callable[[str, int, int], list[Edit]]:
    r"""physics's `\pmqty{rows}`, `\bmqty{rows}`, `\vmqty{rows}`, `\mdet{rows}`… : `\mqty`
    with those delimiters."""
    opening, closing = _matrix_around(delimiter, small)

    def edits(tex: str, start: int, end: int) -> list[Edit]:
        rows = _argument_at(tex, end)
        return _around(start, [rows], [opening, closing]) if rows else []

    return edits


def _quad_text(word: str | None) -> Callable[[str, int, int], list[Edit]]:
    r"""physics's `\qq{text}` and `\qand`, `\qif`, `\qfor`… (`word` given): the text between
    quads, `\quad\text{and}\quad`, without the first quad after a `*` (`\qq*{text}`)."""

    def edits(tex: str, start: int, end: int) -> list[Edit]:
        starred = tex.startswith("*", end)
        before = "\\text{" if starred else "\\quad\\text{"
        end = end + 1 if starred else end
        if word is not None:
            return [Edit(start, end, f"{before}{word}}}\\quad ")]
        text = _argument_at(tex, end)
        return _around(start, [text], [before, "}\\quad "]) if text else []

    return edits


# Commands rewritten by a function of their own, and every command `_command_edits` changes
# (`mathjax_edits` passes it no other).
_REWRITTEN: dict[str, Callable[[str, int, int], list[Edit]]] = {
    "\\bbox": _bbox, "\\textsc": _textsc, "\\unicode": _unicode, "\\enclose": _enclose,
    "\\displaylines": _as_environment("gathered"),
    # plain TeX's matrices, which MathJax has: `\pmatrix{a & b \cr c & d}`
    "\\matrix": _as_environment("matrix"), "\\pmatrix": _as_environment("pmatrix"),
    **dict.fromkeys(_BLACKBOARD, _blackboard),
    "\\buildrel": _buildrel, "\\cancelto": _cancelto,
    # The physics package's (MathJax has it, though only after `\require{physics}` or with a
    # theme that loads it: then it rendered there; else it did not, and it does here anyway).
    # Only names KaTeX does not know (physics's `\div`, `\Re`, `\bra`… are KaTeX's), and
    # `\braket` with the second argument KaTeX's braket package's has not.
    "\\abs": _delimited("", "\\lvert", "\\rvert"),
    "\\norm": _delimited("", "\\lVert", "\\rVert"),
    "\\pqty": _delimited("", "(", ")"), "\\bqty": _delimited("", "[", "]"),
    "\\Bqty": _delimited("", "\\{", "\\}"), "\\vqty": _delimited("", "\\lvert", "\\rvert"),
    "\\order": _delimited("\\mathcal{O}", "(", ")"),
    "\\qty": _qty, "\\ev": _expectation, "\\expval": _expectation,
    "\\dv": _derivative("\\mathrm{d}", 2), "\\pdv": _derivative("\\partial", 3),
    "\\dd": _differential, "\\comm": _commutator,
    "\\braket": _inner_product(one_argument=False), "\\ip": _inner_product(one_argument=True),
    "\\mqty": _matrix_quantity(small=False), "\\smqty": _matrix_quantity(small=True),
    "\\pmqty": _matrix_of("(", small=False), "\\Pmqty": _matrix_of("*(", small=False),
    "\\bmqty": _matrix_of("[", small=False), "\\vmqty": _matrix_of("|", small=False),
    "\\spmqty": _matrix_of("(", small=True), "\\sPmqty": _matrix_of("*(", small=True),
    "\\sbmqty": _matrix_of("[", small=True), "\\svmqty": _matrix_of("|", small=True),
    "\\mdet": _matrix_of("|", small=False), "\\smdet": _matrix_of("|", small=True),
    "\\qq": _quad_text(None), "\\qcc": _quad_text("c.c."),
    "\\vb": _one_argument("\\mathbf{", "}", starred="\\boldsymbol{"),
    "\\va": _one_argument("\\vec{\\mathbf{", "}}"),
    "\\vu": _one_argument("\\hat{\\mathbf{", "}}"),
}
# physics's long names for the same
for _long, _short in (("absolutevalue", "abs"), ("quantity", "qty"), ("derivative", "dv"),
                      ("partialderivative", "pdv"), ("expectationvalue", "ev"),
                      ("differential", "dd"), ("commutator", "comm"), ("vectorbold", "vb"),
                      ("innerproduct", "ip"), ("matrixquantity", "mqty"),
                      ("smallmatrixquantity", "smqty"), ("matrixdeterminant", "mdet"),
                      ("qqtext", "qq"),
                      ("vectorarrow", "va"), ("vectorunit", "vu")):
    _REWRITTEN["\\" + _long] = _REWRITTEN["\\" + _short]
# physics's words between quads: `\qand` is `\quad\text{and}\quad`
for _word in ("if", "then", "else", "otherwise", "unless", "given", "using", "assume", "since",
              "let", "for", "all", "even", "odd", "integer", "and", "or", "as", "in"):
    _REWRITTEN["\\q" + _word] = _quad_text(_word)
_EDITED = {*_RENAMES, *_DROP_COMMAND, *_DROP_FIRST_ARGUMENT, "\\label", *_REWRITTEN}


# ------------------------------------------------------------------ what KaTeX still refuses

_UNDEFINED = re.compile(r"Undefined control sequence: (\\[A-Za-z]+)")
_INTERTEXT = ("KaTeX has no {name}, nor has MathJax: end the alignment before the text, write "
              "the text as a paragraph, and begin another alignment after it")
# The physics package's commands blogforge does not draw, with what to write for them.
_PHYSICS_INSTEAD = {
    "\\mqty": "\\begin{matrix}…\\end{matrix}",
    "\\matrixquantity": "\\begin{matrix}…\\end{matrix}",
    "\\pmqty": "\\begin{pmatrix}…\\end{pmatrix}",
    "\\bmqty": "\\begin{bmatrix}…\\end{bmatrix}",
    "\\vmqty": "\\begin{vmatrix}…\\end{vmatrix}",
    "\\Pmqty": "\\left\\lgroup\\begin{matrix}…\\end{matrix}\\right\\rgroup",
    "\\smqty": "\\begin{smallmatrix}…\\end{smallmatrix}",
    "\\mdet": "\\begin{vmatrix}…\\end{vmatrix}",
    "\\qq": "\\quad\\text{…}\\quad",
    "\\qqtext": "\\quad\\text{…}\\quad",
    "\\ip": "\\langle a \\vert b \\rangle",
    "\\innerproduct": "\\langle a \\vert b \\rangle",
    "\\mel": "\\langle n \\vert A \\vert m \\rangle",
    "\\matrixel": "\\langle n \\vert A \\vert m \\rangle",
    "\\op": "\\vert a \\rangle\\langle b \\vert",
    "\\outerproduct": "\\vert a \\rangle\\langle b \\vert",
    "\\dyad": "\\vert a \\rangle\\langle a \\vert",
    "\\fdv": "\\frac{\\delta F}{\\delta f}",
    "\\var": "\\delta",
    "\\acomm": "\\{A, B\\}",
    "\\pb": "\\{A, B\\}",
    "\\eval": "\\left. f \\right\\rvert_{a}^{b}",
    "\\imat": "I",
    "\\Res": "\\operatorname{Res}",
    "\\pv": "\\mathcal{P}",
}

# mhchem's commands: KaTeX has mhchem only as an extension, which pykatex does not carry (nor
# could the V8 renderer load it alone: the two would draw the same post differently).
_MHCHEM_INSTEAD = {
    "\\ce": "\\mathrm{H_2O} for \\ce{H2O} (numbers as subscripts, \\to for ->)",
    "\\cf": "\\mathrm{H_2O} for \\cf{H2O} (numbers as subscripts, \\to for ->)",
    "\\pu": "123\\,\\mathrm{kJ/mol} for \\pu{123 kJ/mol}",
}


def what_to_write_instead(katex_message: str) -> str:
    """For a KaTeX error about a command MathJax writers use that blogforge cannot draw: what
    to write instead ("" for any other error)."""
    undefined = _UNDEFINED.match(katex_message)
    if undefined is None:
        return ""
    name = undefined.group(1)
    if name in ("\\intertext", "\\shortintertext"):
        return _INTERTEXT.format(name=name)
    if name in _MHCHEM_INSTEAD:
        return (f"{name} is the mhchem package's, which blogforge's KaTeX does not load: "
                f"write {_MHCHEM_INSTEAD[name]} instead")
    if name in _PHYSICS_INSTEAD:
        return (f"{name} is the physics package's, which KaTeX lacks: write "
                f"{_PHYSICS_INSTEAD[name]} instead")
    return ""

r"""Site-wide and per-post macros.

pykatex cannot take KaTeX's `macros` option, and KaTeX's own `\newcommand` refuses to redefine
built-ins (`\R`, `\d`) the way MathJax allows. So we own the macro table: definitions written in a
post are cut out of their formula and recorded, and each formula is sent to KaTeX with a `\def`
prefix holding only the macros it (transitively) uses. That keeps cache keys stable: editing an
unrelated macro does not invalidate every formula of the site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .texscan import (
    Edit,
    control_sequence_names,
    read_argument,
    read_control_sequence,
    read_group,
    read_optional,
    skip_comment,
    skip_spaces,
)

_PARAM = re.compile(r"#([1-9])")
_DEF_PARAMS = re.compile(r"(?:#[1-9])*")

NEWCOMMANDS = {"\\newcommand", "\\renewcommand", "\\providecommand"}
DEFS = {"\\def", "\\gdef", "\\edef", "\\xdef"}
OPERATORS = {"\\DeclareMathOperator"}
LETS = {"\\let"}
# MathJax's extension loader; KaTeX has its extensions built in, so the call is simply cut out.
REQUIRE = "\\require"
DEFINERS = NEWCOMMANDS | DEFS | OPERATORS | LETS | {"\\global", REQUIRE}
# Any definer's name, where it may be (`extract_definitions` reads a formula that has none,
# nearly every one, no further).
_DEFINER_NAMED = re.compile("|".join(re.escape(name) for name in sorted(DEFINERS)))


@dataclass(frozen=True)
class Macro:
    """One macro: `name` expands to `body` with `params` arguments (or aliases it, for \\let)."""

    name: str
    body: str
    params: int = 0
    alias: bool = False  # \let\name\body
    provide: bool = False  # \providecommand: ignored when the name is already defined
    # a \def's parameter text when it has delimiters, as written: `(#1)` of \def\pr(#1){…}
    delimited: str = ""

    def definition(self) -> str:
        """The TeX that defines this macro for KaTeX (`\\def` also redefines built-ins)."""
        if self.alias:
            return f"\\let{self.name}={self.body}"
        params = self.delimited or "".join(f"#{k}" for k in range(1, self.params + 1))
        return f"\\def{self.name}{params}{{{self.body}}}"

    @classmethod
    def from_body(cls, name: str, body: str) -> Macro:
        """A site macro in KaTeX's `macros` style: the argument count is the highest #n used."""
        numbers = [int(n) for n in _PARAM.findall(body)]
        return cls(name, body, max(numbers, default=0))


class MacroTable:
    """Ordered name -> Macro; later definitions replace earlier ones (MathJax semantics)."""

    def __init__(self, macros: Iterable[Macro] = ()) -> None:
        self._macros: dict[str, Macro] = {}
        # (the lengths of the names, and whether each is a control sequence: `named_in` looks
        # for them at the backslashes of a formula, not each in its whole text; a post of
        # 8,000 `\newcommand` took 4.4 s looking for every name in every formula, 32,000: 80 s)
        self._name_lengths: set[int] = set()
        self._all_escaped = True
        self._positions: dict[str, int] = {}  # (where each name was first defined)
        for macro in macros:
            self.define(macro)

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, str]) -> MacroTable:
        return cls(Macro.from_body(name, body) for name, body in mapping.items())

    def copy(self) -> MacroTable:
        return MacroTable(self._macros.values())

    def define(self, macro: Macro) -> None:
        if macro.provide and macro.name in self._macros:
            return
        self._macros[macro.name] = macro
        self._positions.setdefault(macro.name, len(self._positions))
        self._name_lengths.add(len(macro.name))
        self._all_escaped = self._all_escaped and macro.name.startswith("\\")

    def __contains__(self, name: object) -> bool:
        return name in self._macros

    def __len__(self) -> int:
        return len(self._macros)

    def get(self, name: str) -> Macro | None:
        return self._macros.get(name)

    def named_in(self, tex: str) -> bool:
        """Whether a macro's name stands in `tex`: one that does not is none of its control
        sequences, which are read out of its text (a formula naming none, nearly every one, is
        not read for them)."""
        if not self._all_escaped:
            return any(name in tex for name in self._macros)
        start = tex.find("\\")
        while start != -1:
            if any(tex[start:start + length] in self._macros for length in self._name_lengths):
                return True
            start = tex.find("\\", start + 1)
        return False

    def used_by(self, tex: str) -> list[Macro]:
        """Macros that `tex` uses, directly or through other macros, in definition order."""
        if not self.named_in(tex):
            return []
        pending = list(control_sequence_names(tex) & self._macros.keys())
        seen: set[str] = set()
        while pending:
            name = pending.pop()
            if name in seen:
                continue
            seen.add(name)
            macro = self._macros[name]
            pending.extend(control_sequence_names(macro.body) & self._macros.keys())
        # (in definition order, each macro where its name was first defined, as the table's
        # keys are: not read off the whole table for each formula)
        return [self._macros[name] for name in sorted(seen, key=self._positions.__getitem__)]

    def prefix_for(self, tex: str) -> str:
        return "".join(m.definition() for m in self.used_by(tex))

    def expand(self, tex: str, rounds: int = 8) -> str:
        """Textually expand known macros (for plain-text summaries, not for rendering)."""
        if not self.named_in(tex):
            return tex  # (each round would write `tex` again, a character a step)
        for _ in range(rounds):
            expanded = self._expand_once(tex)
            if expanded == tex:
                break
            tex = expanded
        return tex

    def _expand_once(self, tex: str) -> str:
        out: list[str] = []
        i = 0
        while i < len(tex):
            if tex[i] != "\\":
                out.append(tex[i])
                i += 1
                continue
            name, end = read_control_sequence(tex, i)
            macro = self._macros.get(name)
            if macro is None:
                out.append(tex[i:end])
                i = end
                continue
            if macro.alias:
                out.append(macro.body)
                i = end
                continue
            args: list[str] = []
            j = end
            if macro.delimited:
                found = _read_delimited(tex, j, macro.delimited)
                args, j = found if found is not None else ([], j)
            for _ in range(0 if macro.delimited else macro.params):
                arg = read_argument(tex, j)
                if arg is None:
                    break
                args.append(arg[0])
                j = arg[1]
            if len(args) < macro.params:
                out.append(tex[i:end])
                i = end
                continue
            body = _PARAM.sub(lambda m, args=args: args[int(m.group(1)) - 1], macro.body)
            # Keep a following letter from gluing onto the expansion's last control word.
            out.append("{" + body + "}")
            i = j
        return "".join(out)


def _read_delimited(tex: str, i: int, pattern: str) -> tuple[list[str], int] | None:
    """The arguments of a macro with delimited parameters (`pattern`, its parameter text:
    `(#1)`) used at `tex[i]`, and where its use ends; None when the use does not match."""
    pieces = _PARAM.split(pattern)  # (text, number, text, number, …, text)
    i = skip_spaces(tex, i)
    if not tex.startswith(pieces[0], i):
        return None
    i += len(pieces[0])
    args: list[str] = []
    for delimiter in pieces[2::2]:
        if not delimiter:  # (an undelimited one: a group or one token)
            arg = read_argument(tex, i)
            if arg is None:
                return None
            args.append(arg[0])
            i = arg[1]
            continue
        stop = _delimiter_at(tex, i, delimiter)
        if stop is None:
            return None
        text = tex[i:stop].strip()
        whole = read_group(text, 0) if text.startswith("{") else None
        args.append(whole[0] if whole is not None and whole[1] == len(text) else text)
        i = stop + len(delimiter)
    return args, i


def _delimiter_at(tex: str, i: int, delimiter: str) -> int | None:
    """Where `delimiter` is next found in `tex` from `i`, outside any group."""
    depth = 0
    while i < len(tex):
        if depth == 0 and tex.startswith(delimiter, i) and not (
                delimiter[-1].isalpha() and tex[i + len(delimiter):][:1].isalpha()):
            return i
        ch = tex[i]
        if ch == "\\":
            i = read_control_sequence(tex, i)[1]
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                return None
            depth -= 1
        i += 1
    return None


@dataclass(frozen=True)
class Definitions:
    """Macro definitions found in one formula and the edits that remove them from it."""

    macros: list[Macro]
    edits: list[Edit]


def extract_definitions(tex: str) -> Definitions:
    r"""Find `\newcommand`, `\renewcommand`, `\providecommand`, `\def`, `\DeclareMathOperator` and
    `\let` definitions (and `\require{...}` calls, which only need cutting out). Definitions we
    cannot express (an optional-argument default) stay in the formula, so KaTeX reports them
    instead of them vanishing silently."""
    macros: list[Macro] = []
    edits: list[Edit] = []
    if _DEFINER_NAMED.search(tex) is None:
        return Definitions(macros, edits)
    i = 0
    n = len(tex)
    while i < n:
        ch = tex[i]
        if ch == "%":
            i = skip_comment(tex, i)
            continue
        if ch != "\\":
            i += 1
            continue
        name, end = read_control_sequence(tex, i)
        if name not in DEFINERS:
            i = end
            continue
        start = i
        if name == "\\global":
            j = skip_spaces(tex, end)
            if j >= n or tex[j] != "\\":
                i = end
                continue
            name, end = read_control_sequence(tex, j)
        if name == REQUIRE:
            group = read_group(tex, end)
            if group is not None:
                edits.append(Edit(start, group[1]))
                i = group[1]
                continue
        parsed = _parse_definition(tex, name, end)
        if parsed is None:
            i = end
            continue
        macro, stop = parsed
        macros.append(macro)
        edits.append(Edit(start, stop))
        i = stop
    return Definitions(macros, edits)


def _read_name(tex: str, i: int) -> tuple[str, int] | None:
    """The macro name after a definer: `\\name` or `{\\name}`."""
    arg = read_argument(tex, i)
    if arg is None:
        return None
    text, end = arg
    text = text.strip()
    if not text.startswith("\\"):
        return None
    name, stop = read_control_sequence(text, 0)
    if stop != len(text):
        return None
    return name, end


def _parse_definition(tex: str, definer: str, i: int) -> tuple[Macro, int] | None:
    if definer in NEWCOMMANDS:
        if i < len(tex) and tex[i] == "*":
            i += 1
        named = _read_name(tex, i)
        if named is None:
            return None
        name, i = named
        params = 0
        count = read_optional(tex, i)
        if count is not None:
            if not count[0].strip().isdigit():
                return None
            params, i = int(count[0].strip()), count[1]
            if read_optional(tex, i) is not None:
                return None  # optional first argument with a default: KaTeX has no equivalent
        body = read_group(tex, i)
        if body is None:
            return None
        return Macro(name, body[0], params, provide=definer == "\\providecommand"), body[1]
    if definer in DEFS:
        j = skip_spaces(tex, i)
        if j >= len(tex) or tex[j] != "\\":
            return None
        name, j = read_control_sequence(tex, j)
        brace = tex.find("{", j)
        if brace < 0:
            return None
        params_text = tex[j:brace].replace(" ", "")
        body = read_group(tex, brace)
        if body is None:
            return None
        if _DEF_PARAMS.fullmatch(params_text):
            return Macro(name, body[0], len(params_text) // 2), body[1]
        # Delimited parameters (`\def\pr(#1){…}`, `\def\set#1\endset{…}`): KaTeX reads them
        # itself in the definition sent before each formula that uses the macro.
        delimited = tex[j:brace].strip()
        numbers = [int(n) for n in _PARAM.findall(delimited)]
        if numbers != list(range(1, len(numbers) + 1)) or "#" in _PARAM.sub("", delimited) \
                or "%" in delimited or delimited.endswith("\\"):
            return None  # (not TeX's parameter text: left for KaTeX to say)
        return Macro(name, body[0], len(numbers), delimited=delimited), body[1]
    if definer in OPERATORS:
        star = i < len(tex) and tex[i] == "*"
        named = _read_name(tex, i + 1 if star else i)
        if named is None:
            return None
        name, i = named
        body = read_group(tex, i)
        if body is None:
            return None
        op = "\\operatorname*" if star else "\\operatorname"
        return Macro(name, f"{op}{{{body[0]}}}"), body[1]
    if definer in LETS:
        j = skip_spaces(tex, i)
        if j >= len(tex) or tex[j] != "\\":
            return None
        name, j = read_control_sequence(tex, j)
        j = skip_spaces(tex, j)
        if j < len(tex) and tex[j] == "=":
            j = skip_spaces(tex, j + 1)
        target = read_argument(tex, j)
        if target is None or tex[skip_spaces(tex, j)] == "{":
            return None
        return Macro(name, target[0], alias=True), target[1]
    return None

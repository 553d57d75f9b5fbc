"""LaTeX a paper's writer types in prose, where Markdown shows it as written: said at its line
with what blogforge draws instead.

    \\begin{theorem} … \\end{theorem}   ->  ::: {.theorem} … :::   (or > [!theorem])
    \\begin{subequations}               ->  nothing: the equations inside are numbered as they are
    \\cite{kingma2013}, \\citep{a,b}     ->  [@kingma2013], [@a; @b]   (\\citet: @kingma2013)

Only prose is read: code and formulas keep what they show (`\\cite` in a code span is an
example of it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it.token import Token

from blogforge.markdown.alerts import THEOREM_NAMES

_LATEX = re.compile(r"\\begin\{(?P<environment>[A-Za-z]+\*?)\}"
                    r"|\\(?P<cite>cite[tp]?|parencite|textcite)\{(?P<keys>[^{}\n]*)\}")


def latex_in_text(tokens: list[Token]) -> Iterator[tuple[int, str]]:
    """(0-based body line, message) for each piece of LaTeX in the prose of `tokens` that
    Markdown shows as written."""
    for token in tokens:
        if token.type != "inline" or not token.children or "\\" not in token.content:
            continue
        at = 0
        for text in _texts(token.children):
            for found in _LATEX.finditer(text):
                message = _message(found)
                if message is None:
                    continue
                where = token.content.find(found.group(0), at)
                if where >= 0:
                    at = where + len(found.group(0))
                first = token.map[0] if token.map else 0
                yield first + token.content.count("\n", 0, max(where, 0)), message


def _texts(children: list[Token]) -> Iterator[str]:
    for child in children:
        if child.type == "text":
            yield child.content
        if child.children:
            yield from _texts(child.children)


def _message(found: re.Match[str]) -> str | None:
    written = found.group(0)
    environment = (found.group("environment") or "").rstrip("*")
    if environment in THEOREM_NAMES:
        return (f"`{written}` is LaTeX, shown as written: write `::: {{.{environment}}}` … `:::` "
                f"(or a callout, `> [!{environment}]`), drawn titled with its kind")
    if environment == "subequations":
        return (f"`{written}` is shown as written (KaTeX has no subequations): leave it and its "
                "`\\end{subequations}` out; the equations inside are numbered on their own")
    if found.group("cite"):
        keys = [key.strip() for key in found.group("keys").split(",") if key.strip()]
        narrative = found.group("cite") in ("citet", "textcite")
        instead = " and ".join(f"@{key}" for key in keys) if narrative \
            else "[" + "; ".join(f"@{key}" for key in keys) + "]"
        return (f"`{written}` is LaTeX, shown as written: write `{instead}`, a citation made "
                "from the post's `bibliography:` (see Citations in the README)")
    return None

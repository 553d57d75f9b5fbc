r"""Formulas written for a Markdown renderer that reads them as Markdown: back to plain TeX.

Hexo's default renderer, hexo-renderer-marked (and markdown-it without a math plugin), knows
no math: a formula is Markdown text to it, whose backslash escapes it takes out before MathJax
sees the page. So its writers escaped what Markdown would eat: `$x\_i$` (else two `_` make
emphasis), `$a \\\\ b$` for TeX's `\\`, `\\{x\\}` for `\{x\}`, `Q^\*`, `\\,` for a thin space.
blogforge reads math before Markdown, as TeX: there `\_` is an underscore and `\\\\` two line
breaks, and the formula comes out wrong without a word. `plain_tex` undoes those escapes, and
only those: what is already plain TeX (`\{x\}`, `a \\ b`, `\,`) stays as it is, and so does
`\_` inside a name (`\mathrm{max\_len}`, `\text{a\_b}`), where TeX reads it as an underscore.
Hugo's Goldmark without its passthrough extension did the same to formulas that KaTeX or
MathJax read in the browser (importer/hugo.py, `goldmark_escapes`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from blogforge.content.frontmatter import FrontMatterError, split_front_matter
from blogforge.markdown.nesting import body_depth_plugin
from blogforge.math import math_plugin

# Renderers that read escapes inside `$…$`: Hexo's default, and markdown-it without math.
_ESCAPING = ("hexo-renderer-marked", "hexo-renderer-markdown-it")
# Renderers (and markdown-it plugins) that leave a formula as written.
_MATH_AWARE = (
    "hexo-renderer-kramed", "hexo-renderer-pandoc", "hexo-renderer-markdown-it-plus",
    "@upupming/hexo-renderer-markdown-it-plus", "hexo-renderer-mathjax",
    "markdown-it-katex", "@neilsustc/markdown-it-katex", "@iktakahiro/markdown-it-katex",
    "@traptitech/markdown-it-katex", "markdown-it-mathjax3", "markdown-it-texmath",
    "markdown-it-math", "@renbaoshuo/markdown-it-katex",
)
# Commands whose argument is a name or text: `\_` in it is an underscore in TeX and MathJax.
_NAMES = frozenset({
    "\\text", "\\textrm", "\\textbf", "\\textit", "\\texttt", "\\textsf", "\\textup",
    "\\textmd", "\\textnormal", "\\textsl", "\\textsc", "\\mbox", "\\hbox", "\\emph",
    "\\mathrm", "\\mathit", "\\mathsf", "\\mathtt", "\\operatorname", "\\operatorname*",
})  # fmt: skip
# Before an escaped brace or bar, a size command makes it a delimiter: `\left\\{`.
_SIZED = re.compile(r"\\(?:left|right|middle|[bB]igg?[lmr]?)\s*\Z")
_CONTROL_WORD = re.compile(r"\\[A-Za-z]+\*?\s*\Z")
# Hexo tags whose body the renderer never reads as Markdown (code, hexo-math's formulas).
_VERBATIM_TAGS = ("codeblock", "code", "highlight", "raw", "verbatim", "math", "katex",
                  "mathjax", "latex")
_TAG = re.compile(r"\{%-?\s*(end)?(" + "|".join(_VERBATIM_TAGS) + r")\b[^%]*%\}")
_DELIMITERS = ("$", "$$", "env")  # (`\(` was Markdown's `(` to such a renderer: never used)


@dataclass(frozen=True)
class Renderer:
    """What package.json says the site's Markdown renderer did to formulas."""

    escaped_math: bool  # it read Markdown escapes inside `$…$`
    reason: str  # which package, where: "package.json:12: hexo-renderer-marked"


def hexo_renderer(src: Path) -> Renderer:
    """Which renderer a Hexo site used, from package.json's dependencies: one that knows math
    left formulas alone; else marked, Hexo's default (also with no package.json), read them
    as Markdown."""
    path = src / "package.json"
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return Renderer(True, "no package.json: Hexo's default renderer, hexo-renderer-marked")
    names = _dependencies(text)
    lines = text.splitlines()

    def where(name: str) -> str:
        number = next((i for i, line in enumerate(lines, 1) if f'"{name}"' in line), None)
        return f"package.json:{number}: {name}" if number else f"package.json: {name}"

    aware = [name for name in _MATH_AWARE if name in names]
    if aware:
        return Renderer(False, where(aware[0]))
    escaping = [name for name in _ESCAPING if name in names]
    if escaping:
        return Renderer(True, where(escaping[0]))
    return Renderer(True, "package.json names no Markdown renderer: Hexo's default, "
                    "hexo-renderer-marked")


def _dependencies(text: str) -> set[str]:
    """The package names package.json depends on; those its lines name when it is broken."""
    try:
        data = json.loads(text)
    except ValueError:
        return set(re.findall(r'"([@\w./-]+)"\s*:', text))
    if not isinstance(data, dict):
        return set()
    names: set[str] = set()
    for key in ("dependencies", "devDependencies"):
        if isinstance(data.get(key), dict):
            names.update(data[key])
    return names


def plain_tex(tex: str) -> str:
    r"""`tex` with the escapes a Markdown renderer took out made plain TeX: `\_` → `_` (but in
    a name), `\*` → `*`, `\\\\` → `\\`, `\\,` `\\;` `\\!` → `\,` `\;` `\!`, and `\\{` `\\}`
    `\\|` → `\{` `\}` `\|` where they are delimiters (after `\left` or a `\big`) or come in
    pairs (`\\{x\\}`, `\\|v\\|`): a line break before a brace or a bar, as TeX reads them, is
    no one's intent there. `\\{}` (a line break, then an empty group) is TeX's own."""
    pairs = _doubled(tex, "{") > 0 and _doubled(tex, "}") > 0
    bars = _doubled(tex, "|") > 1
    out: list[str] = []
    groups: list[str] = []  # the command before each `{` still open
    i = 0
    while i < len(tex):
        char = tex[i]
        if char != "\\":
            if char == "{":
                word = _CONTROL_WORD.search(tex, 0, i)
                groups.append(word.group().strip() if word else "")
            elif char == "}" and groups:
                groups.pop()
            out.append(char)
            i += 1
            continue
        count = len(tex) - i - len(tex[i:].lstrip("\\"))
        end = i + count
        after = tex[end:end + 1]
        if count == 4:
            out.append("\\\\")
        elif count == 1 and after == "_" and not _NAMES.intersection(groups):
            out.append("_")
            end += 1
        elif count == 1 and after == "*":
            out.append("*")
            end += 1
        elif count == 2 and _escaped_symbol(tex, i, after, pairs, bars):
            out.append("\\" + after)
            end += 1
        else:
            if count % 2 and after and not after.isalpha():
                end += 1  # (an escaped character, `\{`: no group opens)
            out.append(tex[i:end])
        i = end
    return "".join(out)


def _escaped_symbol(tex: str, i: int, after: str, pairs: bool, bars: bool) -> bool:
    """Whether the two backslashes at `tex[i]` were Markdown's escape for one before `after`:
    always before a space command (`\\\\,`); before a brace or a bar, where it is a delimiter
    (after a size command) or one of a pair, not a line break before an empty group."""
    if after in (",", ";", "!"):
        return True
    if after not in ("{", "}", "|") or tex.startswith("{}", i + 2):
        return False
    return bool(_SIZED.search(tex, 0, i)) or (bars if after == "|" else pairs)


def _doubled(tex: str, char: str) -> int:
    """How many times `tex` has `char` after exactly two backslashes (not `\\\\{}`)."""
    return len(re.findall(r"(?<!\\)\\\\" + re.escape(char) + ("(?!})" if char == "{" else ""),
                          tex))


_PARSER = MarkdownIt("commonmark").enable(["table"]).use(body_depth_plugin).use(math_plugin)


def plain_formulas(text: str) -> tuple[str, list[int]]:
    """A post's text with `plain_tex` applied to each formula the build will read in it
    (`$…$`, `$$…$$`, a top-level `\\begin{align}`…), and the file lines of those it changed.
    Code, and the body of a Hexo code or math tag, are left as written."""
    newline = "\r\n" if "\r\n" in text else "\n"
    source = text.replace("\r\n", "\n")
    try:
        split = split_front_matter(source)
    except FrontMatterError:
        return text, []
    body_start = len(source) - len(split.body)
    line_starts = [0, *(i + 1 for i, char in enumerate(source) if char == "\n")]
    skipped = _verbatim_lines(split.body)
    edits: list[tuple[int, int, str]] = []
    changed_lines: list[int] = []
    cursor = body_start
    for token in _formulas(_PARSER.parse(split.body, {})):
        line = token.meta.get("line")
        if not isinstance(line, int) or line in skipped:
            continue
        span = _span(source, token, line_starts, split.body_line - 1 + line, cursor)
        if span is None:
            continue
        start, end = span
        cursor = end
        written = source[start:end]
        plain = plain_tex(written)
        if plain != written:
            edits.append((start, end, plain))
            changed_lines.append(split.body_line + line)
    for start, end, plain in reversed(edits):
        source = source[:start] + plain + source[end:]
    return (source.replace("\n", newline) if edits else text), changed_lines


def _formulas(tokens: list[Token]) -> list[Token]:
    """The `$`, `$$` and environment formulas among `tokens`, in the order written."""
    found: list[Token] = []
    for token in tokens:
        if token.type in ("math_inline", "math_block") and token.meta.get("delim") in _DELIMITERS:
            found.append(token)
        elif token.children:
            found.extend(_formulas(token.children))
    return found


def _span(source: str, token: Token, line_starts: list[int], line: int,
          cursor: int) -> tuple[int, int] | None:
    """Where the TeX of `token` (starting on 0-based file line `line`) is in `source`, at or
    after `cursor`; None when it is not there as parsed (in a quote or list item, whose
    markers the parser took out of a formula of several lines)."""
    if line >= len(line_starts):
        return None
    line_start = max(line_starts[line], cursor)
    if token.type == "math_block" and token.map:
        if token.meta["delim"] == "env":
            start = source.find(token.content.split("\n", 1)[0], line_start)
        else:
            start = source.find(token.markup, line_start)
            start = start + len(token.markup) if start >= 0 else -1
        last = token.map[1] - token.map[0] + line
        end = line_starts[last] if last < len(line_starts) else len(source)
        if token.meta["delim"] != "env":
            end = source.rfind(token.markup, start, end)
        return (start, end) if 0 <= start <= end else None
    written = f"{token.markup}{token.content}{token.markup}"
    start = source.find(written, line_start)
    if start < 0:
        return None
    return start + len(token.markup), start + len(written) - len(token.markup)


def _verbatim_lines(body: str) -> frozenset[int]:
    """0-based body lines inside a Hexo tag the renderer never read as Markdown (code, a
    hexo-math formula): `{% codeblock %}` … `{% endcodeblock %}`."""
    found: set[int] = set()
    open_tag: tuple[str, int] | None = None
    for number, line in enumerate(body.split("\n")):
        for tag in _TAG.finditer(line):
            if open_tag is None and not tag.group(1):
                open_tag = (tag.group(2), number)
            elif open_tag is not None and tag.group(1) and tag.group(2) == open_tag[0]:
                found.update(range(open_tag[1], number + 1))
                open_tag = None
    return frozenset(found)

"""What the generator modules share: a tag's parsed form and the Markdown builders (the page
context is context.py's)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from blogforge.markdown.compat.context import Context
from blogforge.math.parse import scan_formula

_ARG = re.compile(r"""(?:([\w-]+)=)?("(?:[^"\\]|\\.)*"|'[^']*'|`[^`]*`|[^\s"'`]+)""")
# Liquid's and Hexo's arguments: a backtick is a character of a word (`{% codeblock the `ls`
# command %}` has the caption "the `ls` command"), where Hugo quotes a raw string with it.
_LIQUID_ARG = re.compile(r"""(?:([\w-]+)=)?("(?:[^"\\]|\\.)*"|'[^']*'|[^\s"']+)""")


@dataclass(frozen=True)
class Tag:
    """A Hexo or Jekyll tag (`{% name args %}`) as written in a post."""

    name: str
    args: list[tuple[str | None, str]]  # (key or None for a positional argument, value)
    text: str  # everything after the name, as written
    line: int  # body line

    @property
    def positional(self) -> list[str]:
        return [value for key, value in self.args if key is None]

    def named(self, key: str, default: str = "") -> str:
        return next((value for k, value in self.args if k == key), default)


@dataclass(frozen=True)
class BlockTag:
    """A paired tag: `render(tag, content lines, ctx)` gives the lines that replace it all."""

    render: Callable[[Tag, list[str], Context], list[str]]
    end_names: tuple[str, ...] = ()  # Liquid closers (`endnote`); shortcodes close with `/name`
    content: Literal["markdown", "verbatim"] = "markdown"


def split_args(text: str, backticks_quote: bool = True) -> list[tuple[str | None, str]]:
    """Arguments as Hexo, Liquid and Hugo write them: words, "quoted words", key=value; and
    `raw strings` in Hugo's shortcodes only (`backticks_quote`)."""
    args = []
    quotes = "\"'`" if backticks_quote else "\"'"
    for match in (_ARG if backticks_quote else _LIQUID_ARG).finditer(text):
        value = match.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in quotes:
            value = value[1:-1].replace('\\"', '"') if value[0] == '"' else value[1:-1]
        args.append((match.group(1), value))
    return args


def code_fence(lang: str, attrs: dict[str, str], content: list[str]) -> tuple[str, str]:
    """Opening and closing lines of a fence long enough for `content`: of tildes when the
    info string holds a backtick (a title "the `ls` command"), which a backtick fence's may
    not."""
    shown = " ".join(f"{key}={_attribute_value(value)}" for key, value in attrs.items())
    info = lang + (f" {{{shown}}}" if shown else "")
    mark = "~" if "`" in info else "`"
    longest = max((len(m.group(0)) for line in content
                   if (m := re.match(rf"\s*({re.escape(mark)}{{3,}})", line))), default=0)
    fence = mark * max(3, longest + 1)
    return fence + info, fence


def _attribute_value(value: str) -> str:
    """A fence attribute's value as the info string's reader takes it back whole: bare when it
    can be, else quoted (a title with a space, a comma or a brace, a URL with a comma). The
    info string has no escapes: a value with both kinds of quote has its double ones made
    single."""
    if value and re.fullmatch(r"[^\s,{}\[\]\"']+", value):
        return value
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace('"', "'") + '"'


# Liquid's raw tags in the body of a code tag: Jekyll's Liquid and Hexo's Nunjucks render
# a tag's body, so posts wrap the template code they show in them.
_RAW_TAG = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")


def _without_raw_tags(content: list[str]) -> tuple[list[str], int]:
    """The code a code tag (`{% highlight %}`, `{% codeblock %}`) shows: its body without the
    `{% raw %}` and `{% endraw %}` the template engine took out, a line holding only one of
    them left out; and how many lines were left out."""
    code = [_RAW_TAG.sub("", line) for line in content]
    kept = [line for line, written in zip(code, content, strict=True)
            if line.strip() or not written.strip()]
    return kept, len(content) - len(kept)


def code_block(lang: str, attrs: dict[str, str], content: list[str]) -> list[str]:
    """The fenced code block of a code tag; the lines its raw tags took are blank lines after
    it, so that later lines keep their numbers."""
    code, left_out = _without_raw_tags(content)
    opening, closing = code_fence(lang, attrs, code)
    return [opening, *code, closing, *[""] * left_out]


# A math tag's body that carries delimiters of its own (Hugo Blox's `{{< math >}}$$…$$`).
_DELIMITED = re.compile(r"^\s*(?:\$|\\\[|\\\()")
# A math tag's options asking for a display: hexo-math's `'{"displayMode": true}'` (KaTeX)
# and `'{"conversion": {"display": true}}'` (MathJax).
_DISPLAY_OPTION = re.compile(r"""["']?display(?:Mode)?["']?\s*:\s*true""")


def display_asked(options: str) -> bool:
    return bool(_DISPLAY_OPTION.search(options))


def formula_lines(content: list[str], display: bool) -> list[str]:
    r"""The lines of a math tag on lines of its own (hexo-math's `{% katex %}`, hugo-book's
    `{{< katex >}}`), as the math parser reads them: its body as written (so `\` and `\,`
    reach KaTeX) between `$$` lines, or `\(` and `\)` for an inline formula; a body with
    delimiters of its own keeps them. As many lines as the tag had."""
    if content and _DELIMITED.match(content[0]):
        return ["", *content, ""]
    opening, closing = ("$$", "$$") if display else ("\\(", "\\)")
    return [opening, *content, closing]


def formula_text(content: str, display: bool) -> str:
    """A math tag within a line of text (`{% katex %}x_i{% endkatex %}`): its formula."""
    if _DELIMITED.match(content):
        return content
    return f"$${content}$$" if display else f"\\({content}\\)"


def callout(kind: str, title: str, content: list[str], folded: bool = False,
            open_at_first: bool = False) -> list[str]:
    """GitHub alert syntax (`> [!NOTE] title`) around Markdown lines: the one callout syntax.
    `folded`: a `<details>` the reader opens, open at first with `open_at_first`."""
    fold = ("+" if open_at_first else "-") if folded else ""
    head = f"> [!{kind.upper()}]{fold}" + (f" {title}" if title else "")
    return [head, *[f"> {line}" if line.strip() else ">" for line in content]]


def image(src: str, alt: str = "", title: str = "", attrs: str = "") -> str:
    """`![alt](src "title")`; a title makes a lone image a captioned figure."""
    target = f"<{src}>" if re.search(r"[\s()]", src) else src
    if title:
        target += ' "' + title.replace('"', '\\"') + '"'
    # (alt text is plain text: a caption's formula used as alt is read as the TeX written)
    alt = _escape_text(alt).replace("$", "\\$")
    return f"![{alt}]({target})" + (f"{{{attrs}}}" if attrs else "")


def link(text: str, url: str, title: str = "", attrs: str = "") -> str:
    target = _link_target(url)
    if title:
        target += ' "' + title.replace('"', '\\"') + '"'
    return f"[{_escape_text(text)}]({target})" + (f"{{{attrs}}}" if attrs else "")


def title_link(title: str, url: str) -> str:
    """A link whose text is a post's title as its page shows it: its formulas as math, the
    rest as text, however much it looks like Markdown (`C++ *args*`, `List[int]`), as a title
    is text with formulas, not Markdown."""
    return f"[{title_text(title)}]({_link_target(url)})"


# Characters that mean something in Markdown's inline text (or a table row), written as
# entities in a title: Markdown shows an entity as its character and reads nothing into it,
# where a backslash before `(` or `[` would open a formula.
_INLINE_SYNTAX = re.compile(r"[\\`*_{}\[\]<>!|$&~^]")


def title_text(title: str) -> str:
    """The title as Markdown (link) text: each formula as written (the body's math rules read
    it as the title's did), every other character as itself."""
    parts, pos, text_start = [], 0, 0
    while pos < len(title):
        found = scan_formula(title, pos, len(title))
        if found is None or found.type != "math_inline":
            pos += 1
            continue
        parts += [plain_text(title[text_start:pos]), title[pos:found.end]]
        pos = text_start = found.end
    parts.append(plain_text(title[text_start:]))
    return "".join(parts)


def plain_text(text: str) -> str:
    """`text` as Markdown that shows it as it is (`*`, `$`, `<` read as nothing)."""
    return _INLINE_SYNTAX.sub(lambda m: f"&#{ord(m.group(0))};", text)


def _link_target(url: str) -> str:
    return f"<{url}>" if re.search(r"[\s()]", url) else url


def link_card(label: str, url: str, kind: str) -> str:
    """An embedded video or page as a link: nothing loads from another host until it is
    followed. `.link-card` gives a theme something to style."""
    return link(label, url, attrs=f".link-card .link-card-{kind}")


def watch_video(ctx: Context, key: str, site: str) -> str:
    """A video link's text where the post gives no title: "Watch the video on YouTube" in the
    post's language (`key`: the theme string; the video's id, all it said before, tells a
    reader nothing)."""
    return ctx.strings(key) if ctx.strings is not None else f"Watch the video on {site}"


def _escape_text(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def dimensions(values: list[str]) -> str:
    """`width=300 height=200` attributes from Hexo's `[width] [height]` numbers."""
    names = ("width", "height")
    return " ".join(f"{n}={v.removesuffix('px')}" for n, v in zip(names, values, strict=False))

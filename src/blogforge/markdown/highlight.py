"""Code blocks: highlighted at build time by Pygments, with a language label, optional line
numbers and highlighted lines.

The info string takes the language, then optional attributes in braces, Hugo style:

    ```python {linenos=true hl_lines="2 4-5" linenostart=10 title="train.py"}
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

CSS_CLASS = "highlight"
_ATTR = re.compile(r"([\w-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|\[([^\]]*)\]|([^\s,}]+))")
# Names writers use for code that is not code. Short names (`py`, `sh`, `c++`, `yml`) are
# Pygments' own aliases.
_PLAIN = {"", "text", "plain", "plaintext", "txt", "none", "output", "console-output"}


@dataclass(frozen=True)
class FenceInfo:
    lang: str
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def line_numbers(self) -> bool | None:
        value = self.attrs.get("linenos")
        return None if value is None else value.lower() not in ("false", "no", "0", "")

    @property
    def highlighted_lines(self) -> list[int]:
        lines: list[int] = []
        for part in re.split(r"[\s,]+", self.attrs.get("hl_lines", "").strip()):
            part = part.strip("\"'")
            if re.fullmatch(r"\d+-\d+", part):
                start, end = map(int, part.split("-"))
                lines.extend(range(start, end + 1))
            elif part.isdigit():
                lines.append(int(part))
        return lines


def parse_info(info: str) -> FenceInfo:
    info = info.strip()
    brace = info.find("{")
    head, attrs_text = (info[:brace], info[brace:]) if brace >= 0 else (info, "")
    lang = head.split()[0] if head.split() else ""
    attrs = {m.group(1): next(g for g in m.groups()[1:] if g is not None)
             for m in _ATTR.finditer(attrs_text)}
    return FenceInfo(lang.strip("{}"), attrs)


@lru_cache(maxsize=256)
def find_lexer(lang: str) -> Lexer | None:
    name = lang.lower()
    if name in _PLAIN:
        return None
    try:
        return get_lexer_by_name(name, stripnl=False, ensurenl=True)
    except ClassNotFound:
        return None


def is_known_language(lang: str) -> bool:
    return lang.lower() in _PLAIN or find_lexer(lang) is not None


def render_code(code: str, info: FenceInfo, line_numbers_default: bool) -> str:
    """The HTML of one code block. An unknown language renders as plain escaped code."""
    lexer = find_lexer(info.lang) if info.lang else None
    label = info.attrs.get("title") or (lexer.name if lexer else info.lang)
    numbered = info.line_numbers if info.line_numbers is not None else line_numbers_default
    if lexer is None:
        body = f'<div class="{CSS_CLASS}"><pre><code>{html.escape(code)}</code></pre></div>'
    else:
        formatter = HtmlFormatter(
            cssclass=CSS_CLASS, wrapcode=True, hl_lines=info.highlighted_lines,
            linenos="inline" if numbered else False,
            linenostart=int(info.attrs.get("linenostart", 1) or 1),
        )
        body = highlight(code, lexer, formatter)
    caption = f'<div class="code-label">{html.escape(label)}</div>' if label else ""
    lang_attr = f' data-lang="{html.escape(info.lang)}"' if info.lang else ""
    return f'<div class="code-block"{lang_attr}>{caption}{body}</div>\n'


def render_plain_code(code: str, info: FenceInfo) -> str:
    """For feeds: readers drop stylesheets, so no highlighting markup at all."""
    cls = f' class="language-{html.escape(info.lang)}"' if info.lang else ""
    return f"<pre><code{cls}>{html.escape(code)}</code></pre>\n"


def stylesheet(light_style: str, dark_style: str) -> str:
    """CSS for both code themes: light by default, dark when the system or the toggle says so."""
    selector = f".{CSS_CLASS}"
    light = HtmlFormatter(style=light_style).get_style_defs(selector)
    dark = HtmlFormatter(style=dark_style).get_style_defs(selector)
    forced_dark = "\n".join(f":root[data-theme=dark] {rule}" for rule in _rules(dark))
    auto_dark = "\n".join(f":root:not([data-theme=light]) {rule}" for rule in _rules(dark))
    return (f"/* code: {light_style} (light), {dark_style} (dark) */\n{light}\n{forced_dark}\n"
            f"@media (prefers-color-scheme: dark) {{\n{auto_dark}\n}}\n")


def _rules(css: str) -> list[str]:
    return [line for line in css.splitlines() if line.startswith(".")]

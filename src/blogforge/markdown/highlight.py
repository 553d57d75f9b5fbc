"""Code blocks: highlighted at build time by Pygments, with a language label, optional line
numbers and highlighted lines, a title, a copy button and folding of long blocks.

The info string takes the language, then optional attributes, in braces (Hugo style) or bare
(the style of Docusaurus and VitePress); both can be mixed:

    ```python {linenos=true hl_lines="2 4-5" linenostart=10 title="train.py"}
    ```python title="lru.py" group="solution"

The copy and unfold buttons are in the HTML but `hidden`: the theme's script shows them, so a
reader without JavaScript never meets a button that does nothing.
"""

from __future__ import annotations

import colorsys
import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from blogforge.markdown import lexing

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
        return self.flag("linenos")

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

    @property
    def group(self) -> str:
        """The tab group a fence belongs to (`group="solution"`), or ""."""
        return self.attrs.get("group", "")

    def flag(self, name: str) -> bool | None:
        """A yes/no attribute: None when the fence does not say."""
        value = self.attrs.get(name)
        return None if value is None else value.lower() not in ("false", "no", "0", "")


@dataclass(frozen=True)
class CodeLabels:
    """The code block's UI text in the page's language."""

    copy: str = "Copy"
    copy_label: str = "Copy code"
    copied: str = "Copied"
    unfold: str = "Show all {n} lines"
    fold: str = "Fold"


def parse_info(info: str) -> FenceInfo:
    info = info.strip()
    brace = info.find("{")
    head = info[:brace] if brace >= 0 else info
    lang = head.split()[0] if head.split() else ""
    if "=" in lang:  # ```{title="x"} or ```title="x": attributes without a language
        lang = ""
    attrs = {m.group(1): next(g for g in m.groups()[1:] if g is not None)
             for m in _ATTR.finditer(info[len(lang):])}
    return FenceInfo(lang.strip("{}"), attrs)


@lru_cache(maxsize=256)
def find_lexer(lang: str) -> Lexer | None:
    name = lang.lower()
    if name in _PLAIN:
        return None
    try:
        return lexing.prepare(get_lexer_by_name(name, stripnl=False, ensurenl=True))
    except ClassNotFound:
        return None


def is_known_language(lang: str) -> bool:
    return lang.lower() in _PLAIN or find_lexer(lang) is not None


@lru_cache(maxsize=64)
def _formatter(hl_lines: tuple[int, ...], numbered: bool, linenostart: int) -> HtmlFormatter:
    """Formatters are reused: making one works out a style table, which costs more than
    highlighting a short block."""
    return HtmlFormatter(cssclass=CSS_CLASS, wrapcode=True, hl_lines=list(hl_lines),
                         linenos="inline" if numbered else False, linenostart=linenostart)


# A process keeps the HTML of recent code blocks: a translation shows its original's code, and
# posts repeat snippets (in the benchmark corpus, whose code comes from templates, a pool worker
# finds a third of its blocks made). Very long blocks are not kept, to bound the memory held.
MEMO_MAX_CHARS = 20_000


@lru_cache(maxsize=512)
def _highlighted(code: str, lang: str, hl_lines: tuple[int, ...], numbered: bool,
                 linenostart: int) -> str:
    return highlight(code, find_lexer(lang), _formatter(hl_lines, numbered, linenostart))


def render_code(code: str, info: FenceInfo, line_numbers_default: bool,
                labels: CodeLabels | None = None, fold_after: int = 0) -> str:
    """The HTML of one code block. An unknown language renders as plain escaped code.

    A block of more than `fold_after` lines (0: never) is marked foldable; `fold=true|false` on
    the fence decides for one block."""
    labels = labels or CodeLabels()
    lexer = find_lexer(info.lang) if info.lang else None
    lang_label = lexer.name if lexer else info.lang
    title = info.attrs.get("title", "")
    numbered = info.line_numbers if info.line_numbers is not None else line_numbers_default
    if lexer is None:
        body = f'<div class="{CSS_CLASS}"><pre><code>{html.escape(code)}</code></pre></div>'
    else:
        made = _highlighted if len(code) <= MEMO_MAX_CHARS else _highlighted.__wrapped__
        body = made(code, info.lang, tuple(info.highlighted_lines), bool(numbered),
                    int(info.attrs.get("linenostart", 1) or 1))
    lines = code.count("\n") + (0 if code.endswith("\n") else 1)
    fold = info.flag("fold")
    foldable = fold if fold is not None else bool(fold_after) and lines > fold_after
    head = "".join((
        f'<span class="code-title">{html.escape(title)}</span>' if title else "",
        f'<span class="code-label">{html.escape(lang_label)}</span>' if lang_label else "",
        f'<button class="code-copy" type="button" hidden'
        f' aria-label="{html.escape(labels.copy_label)}"'
        f' data-copied="{html.escape(labels.copied)}">{html.escape(labels.copy)}</button>',
    ))
    unfold = (f'<button class="code-unfold" type="button" hidden aria-expanded="false"'
              f' data-fold="{html.escape(labels.fold)}">'
              f'{html.escape(labels.unfold.format(n=lines))}</button>' if foldable else "")
    lang_attr = f' data-lang="{html.escape(info.lang)}"' if info.lang else ""
    classes = "code-block code-foldable" if foldable else "code-block"
    return (f'<div class="{classes}"{lang_attr}><div class="code-head">{head}</div>'
            f'{body}{unfold}</div>\n')


def render_plain_code(code: str, info: FenceInfo) -> str:
    """For feeds: readers drop stylesheets, so no highlighting markup at all."""
    cls = f' class="language-{html.escape(info.lang)}"' if info.lang else ""
    return f"<pre><code{cls}>{html.escape(code)}</code></pre>\n"


# --- code styles that every reader can read --------------------------------------------------
# The theme's code background (--code-bg in blogforge.css) and the background of highlighted
# lines (hl_lines), light and dark. Every token colour is brought to WCAG AA contrast (4.5:1)
# against both: a colour below it is darkened (light) or lightened (dark) just enough, keeping
# its hue. Pygments' styles are mostly not designed for it (friendly's comments are 2.6:1 on
# our background), and this way any style a site picks stays readable.
CODE_BACKGROUNDS = {"light": ("#f3efe6", "#faf0c8"), "dark": ("#0f1622", "#1c2636")}
MIN_CONTRAST = 4.5
_COLOR = re.compile(r"(?<![\w-])color:\s*#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
_BACKGROUND = re.compile(r"background(?:-color)?:\s*#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")


def stylesheet(light_style: str, dark_style: str) -> str:
    """CSS for both code themes: light by default, dark when the system or the toggle says so."""
    selector = f".{CSS_CLASS}"
    light = _readable(HtmlFormatter(style=light_style).get_style_defs(selector), "light")
    dark = _rules(_readable(HtmlFormatter(style=dark_style).get_style_defs(selector), "dark"))
    # A token the light style colours and the dark one does not must not keep its light colour
    # on the dark background.
    dark_colored = {_selector(rule) for rule in dark if _COLOR.search(rule)}
    dark += [f"{sel} {{ color: inherit }}" for sel in dict.fromkeys(
        _selector(rule) for rule in _rules(light) if _COLOR.search(rule))
        if sel not in dark_colored]
    forced_dark = "\n".join(f":root[data-theme=dark] {rule}" for rule in dark)
    auto_dark = "\n".join(f":root:not([data-theme=light]) {rule}" for rule in dark)
    return (f"/* code: {light_style} (light), {dark_style} (dark), token colours adjusted to "
            f"{MIN_CONTRAST}:1 contrast */\n{light}\n{forced_dark}\n"
            f"@media (prefers-color-scheme: dark) {{\n{auto_dark}\n}}\n")


def _rules(css: str) -> list[str]:
    return [line for line in css.splitlines() if line.startswith(".")]


def _selector(rule: str) -> str:
    return rule.split(" {", 1)[0]


def _readable(css: str, mode: str) -> str:
    code_bg, line_bg = CODE_BACKGROUNDS[mode]
    lines = []
    for line in css.splitlines():
        if line.startswith(f".{CSS_CLASS} .hll "):
            line = f".{CSS_CLASS} .hll {{ background-color: {line_bg} }}"
        elif line.startswith(f".{CSS_CLASS} {{"):
            # the style's own background gives way to the theme's (--code-bg)
            base = _COLOR.search(line)
            if base is None:
                continue
            line = f".{CSS_CLASS} {{ color: {_hex(base.group(1))} }}"
        own = _BACKGROUND.search(line) if ".hll" not in line else None
        backgrounds = [_hex(own.group(1))] if own else [code_bg, line_bg]
        lines.append(_COLOR.sub(
            lambda m, bgs=backgrounds: "color: " + readable_color(_hex(m.group(1)), bgs), line))
    return "\n".join(lines)


def readable_color(color: str, backgrounds: list[str]) -> str:
    """`color`, or the nearest colour of the same hue with MIN_CONTRAST on every background."""
    hue, lightness, saturation = colorsys.rgb_to_hls(*_rgb(color))
    darken = max(_luminance(_rgb(bg)) for bg in backgrounds) > 0.18
    candidate = color
    while min(contrast(candidate, bg) for bg in backgrounds) < MIN_CONTRAST:
        lightness = max(0.0, lightness - 0.01) if darken else min(1.0, lightness + 0.01)
        candidate = "#" + "".join(f"{round(c * 255):02x}"
                                  for c in colorsys.hls_to_rgb(hue, lightness, saturation))
        if lightness in (0.0, 1.0):
            break
    return candidate


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    a, b = sorted((_luminance(_rgb(foreground)), _luminance(_rgb(background))), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _hex(digits: str) -> str:
    return "#" + (digits * 1 if len(digits) == 6 else "".join(c * 2 for c in digits)).lower()


def _rgb(color: str) -> tuple[float, float, float]:
    return tuple(int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _luminance(rgb: tuple[float, float, float]) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b

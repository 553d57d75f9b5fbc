"""`math_plugin`: parsing rules plus render rules that hand each formula to `env["math"]`."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .emphasis import emphasis_plugin
from .nobreak import nobreak_plugin
from .parse import install_rules
from .rawhtml import block_formulas, raw_html_math_rule, with_math

# Without a MathDocument the formula is shown as TeX with standard delimiters, so a page rendered
# without one (a quick preview, a third-party tool) still reads, and MathJax could pick it up.
_FALLBACK = {False: ("\\(", "\\)"), True: ("\\[", "\\]")}
# (`math_unclosed`: where a formula opens that nothing closes; it shows nothing itself)
_MATH_TOKENS = ("math_inline", "math_block", "math_ref", "math_unclosed")


def _document(env: Any) -> Any:
    return env.get("math") if isinstance(env, dict) else None


def _fallback(token: Token) -> str:
    if token.type == "math_unclosed":
        return ""
    if token.type == "math_ref":
        return f'<span class="math">{escape(token.content)}</span>'
    display = bool((token.meta or {}).get("display", token.type == "math_block"))
    if token.meta.get("delim") == "env":
        source = token.content
    else:
        opening, closing = _FALLBACK[display]
        source = f"{opening}{token.content}{closing}"
    if token.type == "math_block":
        return f'<div class="math">{escape(source, quote=False)}</div>\n'
    return f'<span class="math">{escape(source, quote=False)}</span>'


def render_math(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    doc = _document(env)
    if doc is None:
        return _fallback(token)
    return doc.render_token(token)


def formula_tokens(tokens: Sequence[Token]) -> list[Token]:
    """The tokens that rendering `tokens` hands to the math document (formulas, and raw HTML
    that may define macros, then its formulas), children included, in the order rendering does
    (`MathEngine.prefetch`)."""
    found = []
    for token in tokens:
        if token.type in _MATH_TOKENS:
            found.append(token)
        elif token.type == "html_block":
            found.append(token)
            found.extend(place.token for place in block_formulas(token)
                         if place.token is not None)
        elif token.children:
            found.extend(formula_tokens(token.children))
    return found


def hand_over(token: Token, doc: Any) -> None:
    """What the render rules do with a token of `formula_tokens`, without the HTML."""
    if token.type == "html_block":
        doc.absorb_definitions(token.content)
    else:
        doc.render_token(token)


def math_plugin(md: MarkdownIt) -> None:
    """Parse `$`, `$$`, `\\(`, `\\[`, AMS environments and ```` ```math ```` as math."""
    install_rules(md)
    md.core.ruler.after("math_lines", "math_raw_html", raw_html_math_rule)
    for name in _MATH_TOKENS:
        md.add_render_rule(name, render_math)
    nobreak_plugin(md)  # (punctuation after a formula never starts a line)
    emphasis_plugin(md)  # (`**损失$L$**和`: a formula next to `**` is a word to it)

    def html_block(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        """Raw HTML as written, but for its formulas (rawhtml.py)."""
        token = tokens[idx]
        doc = _document(env)
        if doc is not None:
            # Macros defined in a hidden raw-HTML block (`<div style="display:none">$$
            # \newcommand…$$`) must still reach the formulas after it, as they would with MathJax.
            doc.absorb_definitions(token.content)
        return with_math(token, lambda formula: render_math(self, [formula], 0, options, env))

    md.add_render_rule("html_block", html_block)

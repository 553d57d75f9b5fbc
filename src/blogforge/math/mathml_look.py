"""KaTeX's MathML made to look, in browsers that lay out MathML themselves (MathML Core:
Chromium, Firefox, Safari), as KaTeX's own HTML does — for places that show MathML without the
KaTeX stylesheet, such as excerpts on listing pages.

Two things differ otherwise:

* Styled letters. MathML Core honours `mathvariant` only as "normal", so `\\mathbb{E}`,
  `\\mathbf{x}` and `\\mathcal{L}` would all show as plain italic letters. They become the
  Unicode mathematical alphanumeric characters (𝔼, 𝐱, ℒ) that math fonts carry.
* Operator names. `\\log p` is `<mi>log</mi><mo>⁡</mo><mi>p</mi>`; the invisible "function
  application" operator has no width, so browsers show "logp". TeX puts a thin space after an
  operator name unless an opening bracket follows it: so does this.

A third thing is drawn wrong: the padding of a `\\colorbox` (and of the `\\bbox` drawn as one).
KaTeX writes it in MathML 3's relative terms, `width="+6pt"` (6pt more than the content) with
`lspace`/`voffset` to centre it; MathML Core reads "+6pt" as a CSS length, 6pt wide, and the
content spills over what follows. It becomes CSS padding, which MathML Core has.

It also leaves out what a card does not need: the TeX source in `<annotation>` (with its
`<semantics>` wrapper) and the `xmlns` the HTML parser implies — a fifth of the MathML's weight.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from html import escape, unescape

from .mathml import TOKEN_ELEMENTS, Element, parse, serialize

_FUNCTION_APPLICATION = "\u2061"
_OPENING = frozenset("([{⟨⌊⌈|‖")
_SCRIPTED = frozenset({"msub", "msup", "msubsup", "munder", "mover", "munderover"})
# Elements whose children have places (base, script; numerator…): nothing may go between.
_FIXED_CHILDREN = _SCRIPTED | {"mfrac", "mroot", "semantics", "mmultiscripts"}
THIN_SPACE = "0.1667em"
# mathvariant -> the style words in the names of Unicode's mathematical alphanumerics
_STYLES = {
    "bold": "BOLD", "italic": "ITALIC", "bold-italic": "BOLD ITALIC", "script": "SCRIPT",
    "bold-script": "BOLD SCRIPT", "fraktur": "FRAKTUR", "bold-fraktur": "BOLD FRAKTUR",
    "double-struck": "DOUBLE-STRUCK", "sans-serif": "SANS-SERIF",
    "bold-sans-serif": "SANS-SERIF BOLD", "sans-serif-italic": "SANS-SERIF ITALIC",
    "sans-serif-bold-italic": "SANS-SERIF BOLD ITALIC", "monospace": "MONOSPACE",
}
# Letters Unicode had before the mathematical block, left as holes in it (ℝ, ℒ, ℜ, ℎ).
_OLDER_NAMES = {"FRAKTUR": "BLACK-LETTER"}


# A token KaTeX styles with `mathvariant` (its attributes, the style, its text)
_STYLED_TOKEN = re.compile(r'<(mi|mn|mtext)\b([^>]*?) mathvariant="([a-z-]+)"([^>]*)>'
                           r"([^<]*)</\1>")
# a word in a formula, `\textbf{params}`: styled by CSS, its letters kept (read as a word)
_TEXT_STYLES = {"bold": "font-weight: bold", "italic": "font-style: italic",
                "bold-italic": "font-weight: bold; font-style: italic"}


def styled_letters(html: str) -> str:
    r"""`html` (a formula's, KaTeX's) with the styled letters of its MathML shown so where
    `mathvariant` is not (MathML Core): a variable's or a number's as Unicode's mathematical
    alphanumerics (`\mathbb{E}` is 𝔼, as `mathml_look` writes them), a word's (`mtext`) with
    CSS. Cheap enough for every formula of a page, where its MathML is shown (`math.output:
    mathml`, or KaTeX's stylesheet failing to load) and read aloud."""
    if ' mathvariant="' not in html:
        return html

    def styled(found: re.Match) -> str:
        tag, before, variant, after, text = found.groups()
        if tag == "mtext":
            css = _TEXT_STYLES.get(variant)
            return found.group(0) if css is None or "style=" in before + after else \
                f'<{tag}{before} mathvariant="{variant}" style="{css}"{after}>{text}</{tag}>'
        style = _STYLES.get(variant)
        shown = unescape(text)
        made = "".join(_styled_char(char, style) for char in shown) if style else shown
        if made == shown:
            return found.group(0)
        return f"<{tag}{before}{after}>{escape(made, quote=False)}</{tag}>"

    return _STYLED_TOKEN.sub(styled, html)


@lru_cache(maxsize=1024)
def mathml_look(html: str, page: bool = False) -> str:
    """`html` with every `<math>` element adjusted as the module docstring says. For a
    `page` (`math.output: mathml`): the TeX source and the namespace are kept, and a word's
    letters (`mtext`) too, for `styled_letters` to style (a screen reader reads the page's).
    Remembered: a formula a notebook of paper notes repeats (`\\mathbb{E}`, a loss) is parsed
    once a process, not once for each place and again for the feed (a seventh of a 6 MB
    post's build)."""
    if "<math" not in html:
        return html
    made = serialize(_adjust(parse(html), page))
    return as_references(styled_letters(made) if page else made)


def _adjust(node: Element, page: bool = False) -> Element:
    if node.name == "math" and not page:
        node.attrs = [(name, value) for name, value in node.attrs if name != "xmlns"]
    children: list[Element | str] = []
    for index, child in enumerate(node.children):
        if not isinstance(child, Element):
            children.append(child)
            continue
        if child.name == "annotation":
            if page:
                children.append(child)
            continue
        if child.name == "semantics" and not page:  # the presentation alone, once its
            children.extend(_adjust(child).children)  # annotation is gone
            continue
        child = _padded(_adjust(child, page)) if child.name == "mpadded" \
            else _adjust(child, page)
        styled = child.name in TOKEN_ELEMENTS and not (page and child.name == "mtext")
        children.append(_styled(child) if styled else child)
        if node.name in _FIXED_CHILDREN:
            continue
        following = next((c for c in node.children[index + 1:] if isinstance(c, Element)), None)
        # (not before a space: a card's and a feed's MathML is the page's, adjusted again)
        if following is not None and _ends_with_name(child) and not _opens(following) \
                and following.name != "mspace":
            children.append(Element("mspace", [("width", THIN_SPACE)]))
    node.children = children
    if node.name == "mtable" and ("columnlines" in dict(node.attrs)
                                  or "rowlines" in dict(node.attrs)):
        _ruled(node)
    return node


# MathML 3's lines between an array's columns and rows (`{cc|c}`, `\hline`), which MathML
# Core does not draw: CSS borders on the cells instead
_LINE_STYLES = {"solid": "solid", "dashed": "dashed"}
_RULE = "0.06em"
_NOT_CELLS = ("mtr-glue", "math-eqn-num", "mml-eqn-num")


def _ruled(table: Element) -> None:
    attrs = dict(table.attrs)
    columns = (attrs.get("columnlines") or "").split()
    rows_lines = (attrs.get("rowlines") or "").split()
    rows = [row for row in table.children if isinstance(row, Element) and row.name == "mtr"]
    for index, row in enumerate(rows):
        below = _line(rows_lines, index) if index < len(rows) - 1 else None
        cells = [cell for cell in row.children if isinstance(cell, Element)
                 and cell.name == "mtd" and dict(cell.attrs).get("class") not in _NOT_CELLS]
        for column, cell in enumerate(cells):
            right = _line(columns, column) if column < len(cells) - 1 else None
            borders = [f"border-{side}: {_RULE} {style}" for side, style
                       in (("right", right), ("bottom", below)) if style]
            if borders:
                style = "; ".join([*borders, *filter(None, [dict(cell.attrs).get("style")])])
                cell.attrs = [(name, value) for name, value in cell.attrs if name != "style"]
                cell.attrs.append(("style", style))


def _line(lines: list[str], index: int) -> str | None:
    """The line after the `index`th column or row (MathML repeats the last one given)."""
    if not lines:
        return None
    return _LINE_STYLES.get(lines[min(index, len(lines) - 1)])


_PADDING = ("width", "height", "lspace", "voffset")


def _padded(node: Element) -> Element:
    """An `mpadded` sized relative to its content (`width="+6pt" lspace="3pt"`: a coloured
    box's padding, the only relative sizes KaTeX writes) padded with CSS instead."""
    attrs = dict(node.attrs)
    if not any(attrs.get(name, "")[:1] in ("+", "-") for name in ("width", "height")):
        return node  # (\mathrlap's width="0px": as MathML Core reads it)
    vertical, horizontal = attrs.get("voffset", "0"), attrs.get("lspace", "0")
    padding = vertical if vertical == horizontal else f"{vertical} {horizontal}"
    style = "; ".join(part for part in (f"padding: {padding}", attrs.get("style")) if part)
    kept = [(name, value) for name, value in node.attrs
            if name not in _PADDING and name != "style"]
    return Element(node.name, [("style", style), *kept], node.children)


def _ends_with_name(node: Element) -> bool:
    """An operator name followed by its function-application operator, scripts included."""
    if node.name == "mo":
        return node.children == [_FUNCTION_APPLICATION]
    elements = [c for c in node.children if isinstance(c, Element)]
    if not elements:
        return False
    if node.name in _SCRIPTED:  # \max_\theta: the name is the base
        return _ends_with_name(elements[0])
    return node.name == "mrow" and _ends_with_name(elements[-1])


def _opens(node: Element) -> bool:
    while node.name == "mrow":
        first = next((c for c in node.children if isinstance(c, Element)), None)
        if first is None:
            return False
        node = first
    text = "".join(c for c in node.children if isinstance(c, str)).strip()
    return node.name == "mo" and text[:1] in _OPENING


def _styled(token: Element) -> Element:
    attrs = dict(token.attrs)
    style = _STYLES.get(attrs.get("mathvariant") or "")
    if style is None:
        return token
    text = "".join(c for c in token.children if isinstance(c, str))
    styled = "".join(_styled_char(char, style) for char in text)
    if styled == text:
        return token
    del attrs["mathvariant"]
    return Element(token.name, list(attrs.items()), [styled])


def as_references(html: str) -> str:
    """`html` with the characters past U+FFFF, as the mathematical alphanumerics are (𝔼, 𝐱,
    the indicator 𝟙), written as character references (`&#x1D53C;`), which the browser reads
    as the letters. One such letter written as itself makes the whole page text Python holds
    in four bytes a character, not two, in every copy a build makes of it: a 6 MB post's page
    took 85 MB more each, and 1,633 of the 1,811 pages of the 1,000-post corpus were such."""
    # (told by the length of its UTF-16, in which such a character alone takes two units: a
    # search of a display formula's KaTeX HTML took seven times as long, and found none in
    # most; `surrogatepass` keeps a lone surrogate one unit, as it is one character)
    if html.isascii() or len(html.encode("utf-16-le", "surrogatepass")) == 2 * len(html):
        return html
    return _PAST_BMP.sub(_reference, html)  # (the string itself when there is none: no copy)


def _reference(found: re.Match[str]) -> str:
    return f"&#x{ord(found.group()):X};"


_PAST_BMP = re.compile("[\U00010000-\U0010ffff]")


@cache
def _styled_char(char: str, style: str) -> str:
    """𝐱 for x in BOLD; the character itself when Unicode has no such letter."""
    name = unicodedata.name(char, "")
    for prefix, kind in (("LATIN CAPITAL LETTER ", "CAPITAL"), ("LATIN SMALL LETTER ", "SMALL"),
                         ("GREEK CAPITAL LETTER ", "CAPITAL"), ("GREEK SMALL LETTER ", "SMALL"),
                         ("DIGIT ", "DIGIT")):
        if name.startswith(prefix):
            rest = f"{kind} {name[len(prefix):]}"
            break
    else:
        return char
    older = _OLDER_NAMES.get(style, style)
    for candidate in (f"MATHEMATICAL {style} {rest}", f"{older} {rest}"):
        try:
            return unicodedata.lookup(candidate)
        except KeyError:
            continue
    if style == "ITALIC" and char == "h":
        return "\u210e"  # PLANCK CONSTANT, the italic h of the mathematical alphabet
    return char

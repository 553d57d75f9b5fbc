"""KaTeX's MathML, made valid HTML without changing what it means or shows.

KaTeX writes a few constructs the HTML standard (and so the Nu HTML checker) rejects:

* elements inside token elements: `\\overset{…}{\\sim}` gives `<mo><mover>…</mover></mo>`,
  `\\operatorname*{arg\\,min}` gives `<mo><mi>arg</mi>…</mo>`. Token elements (`mi`, `mo`,
  `mn`, `mtext`, `ms`) hold text only; an `mrow` holding the same children means the same
  thing, and an `mrow` around a single operator is still an embellished operator, so relation
  spacing survives.
* a script holding an operator name: `\\eta_{\\min}` gives `<msub><mi>η</mi><mi>min</mi>
  <mo>⁡</mo></msub>` (U+2061), three children where `msub` takes two. The invisible "function
  application" operator belongs to the name before it; the two go into one `mrow`.
* `width="50%"` on the empty `mtd` cells that centre a numbered equation: `width` is not a
  MathML attribute of `mtd`. They become `class="mtr-glue"` (KaTeX's own name for those cells
  in other environments), which our math.css sizes to 50%.

KaTeX escapes `&<>"'` in text and attribute values, so its MathML can be read tag by tag
without a full HTML parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_MATH = re.compile(r"<math\b.*?</math>", re.S)
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)((?:\s+[^\s=>/]+(?:\s*=\s*\"[^\"]*\")?)*)\s*(/?)>")
_ATTR = re.compile(r"([^\s=>/]+)(?:\s*=\s*\"([^\"]*)\")?")
TOKEN_ELEMENTS = frozenset({"mi", "mn", "mo", "mtext", "ms"})
# Elements that take a fixed number of children.
_ARITY = {"msub": 2, "msup": 2, "msubsup": 3, "munder": 2, "mover": 2, "munderover": 3,
          "mfrac": 2, "mroot": 2}
_FUNCTION_APPLICATION = "\u2061"
# A token element whose next tag opens an element (rather than closing it): an element inside.
_TOKEN_WITH_ELEMENT = re.compile(r"<(?:mi|mn|mo|mtext|ms)\b[^>]*>[^<]*<(?!/)")
_MTD_WITH_ATTRIBUTES = re.compile(r"<mtd(\s[^>]*)>")
_GLUE = "mtr-glue"  # (the class of KaTeX's glue cells around a numbered row)
# The `mtd` attributes MathML allows (besides the global ones).
_MTD_ATTRIBUTES = frozenset({"rowspan", "columnspan", "columnalign", "rowalign"})
_GLOBAL_ATTRIBUTES = frozenset({"class", "id", "style", "dir", "displaystyle", "scriptlevel",
                                "mathbackground", "mathcolor", "mathsize", "mathvariant",
                                "href", "xmlns", "tabindex", "nonce", "autofocus"})
_MTD_ALLOWED = _GLOBAL_ATTRIBUTES | _MTD_ATTRIBUTES


@dataclass
class Element:
    """A MathML element as `repair_mathml` rebuilds it."""

    name: str
    attrs: list[tuple[str, str | None]]
    children: list[Element | str] = field(default_factory=list)


def repair_mathml(html: str) -> str:
    """The same HTML with every `<math>` element rewritten into valid MathML."""
    if "<math" not in html:
        return html
    return _MATH.sub(lambda match: _repaired(match.group(0)), html)


def _repaired(math: str) -> str:
    """`math` as `serialize(_repair(parse(math)))` writes it. Most formulas hold none of the
    constructs above nor an empty element (`<mspace/>`, which `serialize` writes out in full),
    and read back as they are written: they are kept as they are, not parsed and written
    again; where only tags change, those are rewritten where they stand."""
    if _needs_new_elements(math):
        return serialize(_repair(parse(math)))
    if "/>" in math or _has_bad_cell(math):  # (most often a numbered equation's glue cells)
        return _TAG.sub(_retagged, math)
    return math


def _needs_new_elements(math: str) -> bool:
    """Whether a token element holds an element, a script an operator name too many, or a
    table is a numbered formula's (set in display style by `_repair`). A U+2061 is everywhere
    (`\\log x`) and seldom out of place, so where it is, the tags are counted, not built."""
    return _TOKEN_WITH_ELEMENT.search(math) is not None or (
        _FUNCTION_APPLICATION in math and _has_extra_children(math)) or (
        _GLUE in math or 'width="50%"' in math)  # (a numbered formula: display style)


def _has_bad_cell(math: str) -> bool:
    """Whether a table cell has an attribute MathML does not allow there."""
    return "<mtd" in math and any(name not in _MTD_ALLOWED
                                  for attrs in _MTD_WITH_ATTRIBUTES.findall(math)
                                  for name, _ in _ATTR.findall(attrs))


def _retagged(tag: re.Match) -> str:
    """One tag as `serialize(_repair(parse(…)))` writes it, in a formula that needs no new
    elements: an empty element written out in full, a cell's attributes repaired."""
    closing, name, attrs, self_closing = tag.groups()
    if closing or not (self_closing or name == "mtd"):
        return tag.group(0)
    element = _repair(Element(name, [(m.group(1), m.group(2)) for m in _ATTR.finditer(attrs)]))
    written = serialize(element)  # "<name …></name>"
    return written if self_closing else written[: -len(f"</{name}>")]


def _has_extra_children(math: str) -> bool:
    """Whether an element that takes a fixed number of children (`msub`…) has more."""
    counts: list[int] = []  # children seen so far of each open element
    names: list[str] = []
    position = 0
    for match in _TAG.finditer(math):
        if match.start() > position and counts:
            counts[-1] += 1  # a text
        position = match.end()
        closing, name, _, self_closing = match.groups()
        if closing:
            while names:  # (closing up to the matching element, as `parse` does)
                count, opened = counts.pop(), names.pop()
                if count > _ARITY.get(opened, count):
                    return True
                if opened == name:
                    break
            continue
        if counts:
            counts[-1] += 1
        if not self_closing:
            names.append(name)
            counts.append(0)
    return any(count > _ARITY.get(name, count) for name, count in zip(names, counts, strict=True))


def parse(markup: str) -> Element:
    """A tree of the elements in `markup` (a root `#fragment` element holds them)."""
    root = Element("#fragment", [])
    stack = [root]
    position = 0
    for match in _TAG.finditer(markup):
        if match.start() > position:
            stack[-1].children.append(markup[position : match.start()])
        position = match.end()
        closing, name, attrs, self_closing = match.groups()
        if closing:
            # Close up to the matching element (KaTeX never leaves one open; be forgiving).
            while len(stack) > 1:
                if stack.pop().name == name:
                    break
            continue
        element = Element(name, [(m.group(1), m.group(2)) for m in _ATTR.finditer(attrs)])
        stack[-1].children.append(element)
        if not self_closing:
            stack.append(element)
    if position < len(markup):
        stack[-1].children.append(markup[position:])
    return root


def serialize(node: Element | str) -> str:
    if isinstance(node, str):
        return node
    inner = "".join(serialize(child) for child in node.children)
    if node.name == "#fragment":
        return inner
    attrs = "".join(f' {name}="{value}"' if value is not None else f" {name}"
                    for name, value in node.attrs)
    return f"<{node.name}{attrs}>{inner}</{node.name}>"


def _repair(node: Element) -> Element:
    node.children = [_repair(c) if isinstance(c, Element) else c for c in node.children]
    if len(node.children) > _ARITY.get(node.name, len(node.children)):
        node.children = _group_function_names(node.children)
    if node.name in TOKEN_ELEMENTS and any(isinstance(c, Element) for c in node.children):
        texts = [c for c in node.children if isinstance(c, str) and c.strip()]
        children = [c if isinstance(c, Element) else Element("mtext", [], [c]) for c in
                    node.children if isinstance(c, Element) or c in texts]
        return Element("mrow", _keep(node.attrs, _GLOBAL_ATTRIBUTES), children)
    if node.name == "mtable" and _pad_unnumbered_rows(node):
        # (a numbered formula's table: MathML Core draws a table's cells in text style, its
        # fractions small and its brackets short, unlike the same formula unnumbered)
        node.attrs = [*[(k, v) for k, v in node.attrs if k != "displaystyle"],
                      ("displaystyle", "true")]
    if node.name == "mtd":
        attrs = dict(node.attrs)
        if attrs.get("width") == "50%":  # the glue cells around a numbered equation
            classes = (attrs.get("class") or "").split()
            attrs["class"] = " ".join([*classes, "mtr-glue"] if "mtr-glue" not in classes
                                      else classes)
        node.attrs = _keep(list(attrs.items()), _MTD_ALLOWED)
    return node


def _pad_unnumbered_rows(table: Element) -> bool:
    """KaTeX gives the numbered rows of an `align` (`\\tag`, `\\label`) a glue cell at each
    end and a cell for the number, and the others (`\\notag`) their own cells alone: in
    MathML (feeds, `output: mathml`, before KaTeX's stylesheet comes) those rows' columns
    sat one to the left, `= 3` under `a`. They get empty cells in the same places. Whether
    the table is a numbered formula's."""
    rows = [row for row in table.children if isinstance(row, Element) and row.name == "mtr"]
    if not any(_is_glue(_cells(row)[0]) for row in rows if _cells(row)):
        return False
    for row in rows:
        cells = _cells(row)
        if cells and not _is_glue(cells[0]):
            glue = [("class", _GLUE)]
            row.children = [Element("mtd", glue), *row.children, Element("mtd", glue),
                            Element("mtd", [])]
    return True


def _cells(row: Element) -> list[Element]:
    return [cell for cell in row.children if isinstance(cell, Element) and cell.name == "mtd"]


def _is_glue(cell: Element) -> bool:
    return _GLUE in (dict(cell.attrs).get("class") or "").split()


def _group_function_names(children: list[Element | str]) -> list[Element | str]:
    grouped: list[Element | str] = []
    for child in children:
        last = next((i for i in range(len(grouped) - 1, -1, -1)
                     if isinstance(grouped[i], Element)), None)
        if (isinstance(child, Element) and child.name == "mo" and last is not None
                and child.children == [_FUNCTION_APPLICATION]):
            grouped[last] = Element("mrow", [], [grouped[last], child])
        else:
            grouped.append(child)
    return grouped


def _keep(attrs: list[tuple[str, str | None]],
          allowed: frozenset[str]) -> list[tuple[str, str | None]]:
    return [(name, value) for name, value in attrs if name in allowed]

"""`## Heading {#id .class}`: attributes written at the end of a heading line.

A markdown-it core rule, run before the anchors plugin so an explicit id wins over a generated one.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

_NAME = r"[\w\-\u0080-\uffff]+"
_TRAILING = re.compile(
    rf"\s*\{{((?:\s*[#.]{_NAME}|\s*[\w-]+=\"[^\"]*\"|\s*[\w-]+=[\w-]+)+)\s*\}}\s*$")
_ITEM = re.compile(r"([#.])([\w\-\u0080-\uffff]+)|([\w-]+)=(?:\"([^\"]*)\"|([\w-]+))")


def heading_attrs_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("heading_attrs", _heading_attrs)


def _heading_attrs(state: StateCore) -> None:
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        last = inline.children[-1] if inline.children else None
        if last is None or last.type != "text":
            continue
        match = _TRAILING.search(last.content)
        if not match:
            continue
        last.content = last.content[: match.start()]
        inline.content = _TRAILING.sub("", inline.content)
        classes = []
        for item in _ITEM.finditer(match.group(1)):
            sigil, name, key, quoted, bare = item.groups()
            if sigil == "#":
                token.attrSet("id", name)
            elif sigil == ".":
                classes.append(name)
            elif not key.lower().startswith("on"):  # no event handlers from attributes
                token.attrSet(key, quoted if quoted is not None else bare)
        if classes:
            token.attrSet("class", " ".join(classes))

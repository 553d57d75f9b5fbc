"""`## Heading {#id .class}`: attributes written at the end of a heading line.

A markdown-it core rule, run before the anchors plugin so an explicit id wins over a generated one.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from blogforge.text import compiled_when_used

# A name: word characters, `-` and any other character of the Basic Multilingual Plane: the
# class `[\w\-\u0080-\uffff]`, said without its range of 65,000 characters (compiling that took
# 4 ms of every start-up) as three kinds that never overlap (overlapping ones would make a
# long name that fails to match take exponential time): ASCII, the rest of the plane, and the
# word characters beyond it.
_NAME = r"(?:[0-9A-Za-z_\-]|[^\x00-\x7f\U00010000-\U0010ffff]|(?=[\U00010000-\U0010ffff])\w)+"
_TRAILING = re.compile(
    rf"\s*\{{((?:\s*[#.]{_NAME}|\s*[\w-]+=\"[^\"]*\"|\s*[\w-]+=[\w-]+)+)\s*\}}\s*$")
_ITEM = compiled_when_used(rf"([#.])({_NAME})|([\w-]+)=(?:\"([^\"]*)\"|([\w-]+))")


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
        for item in _ITEM().finditer(match.group(1)):
            sigil, name, key, quoted, bare = item.groups()
            if sigil == "#":
                token.attrSet("id", name)
            elif sigil == ".":
                classes.append(name)
            elif not key.lower().startswith("on"):  # no event handlers from attributes
                token.attrSet(key, quoted if quoted is not None else bare)
        if classes:
            token.attrSet("class", " ".join(classes))

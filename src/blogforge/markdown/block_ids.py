"""Obsidian's block ids: ` ^multihead` at the end of a paragraph or a list item names that
block, for `[[note#^multihead]]` to link to.

    多头注意力把 Q,K,V 投影到 h 个子空间。 ^multihead     the paragraph is `id="^multihead"`
    - 列表项 ^item1                                     the list item is
    | a | b |                                         a table, a quote, a list: its id on
    ^table1                                           a line of its own after it
    ```mermaid … ```  /  $$ … $$                      a code block, a diagram, a formula:
    ^diagram1                                         an empty element of that id above it

The mark was published as words: on the page, in the description, the feed and the search
index. It is the block's id instead, as Obsidian Publish makes it, and shown nowhere.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

# Obsidian's block id: letters, digits and dashes after a `^`, last in its block
_AT_THE_END = re.compile(r"(?:^|[ \t]+)\^([A-Za-z0-9-]+)[ \t]*$")
_ALONE = re.compile(r"\^([A-Za-z0-9-]+)")


def block_ids_plugin(md: MarkdownIt) -> None:
    # (after text_join: the mark is then the end of one text token, whatever came before it)
    md.core.ruler.after("text_join", "block_ids", _block_ids)


def _block_ids(state: StateCore) -> None:
    if "^" not in state.src:
        return
    tokens = state.tokens
    at = 0
    while at < len(tokens):
        token = tokens[at]
        if token.type == "inline" and at > 0 and tokens[at - 1].type == "paragraph_open":
            alone = _ALONE.fullmatch(token.content.strip())
            named = _name_the_block_before(tokens, at - 1, alone.group(1)) \
                if alone is not None else None
            if named is not None:  # (the paragraph of its mark alone, after what was put in)
                del tokens[at - 1 + named:at + 2 + named]
                at += named
                continue
            name = _strip_mark(token)
            if name is not None:
                _opening_of(tokens, at - 1).attrSet("id", f"^{name}")
        at += 1


def _strip_mark(inline: Token) -> str | None:
    """The block id a paragraph's last words end in, taken from them; None for none."""
    children = inline.children or []
    last = children[-1] if children else None
    if last is None or last.type != "text" or "^" not in last.content:
        return None
    found = _AT_THE_END.search(last.content)
    if found is None or (found.start() == 0 and len(children) == 1):
        return None  # (a paragraph of its mark alone names the block before it, if any)
    last.content = last.content[:found.start()]
    inline.content = _AT_THE_END.sub("", inline.content.rstrip())
    return found.group(1)


def _opening_of(tokens: list[Token], paragraph: int) -> Token:
    """What a paragraph's id is on: the list item whose first paragraph it is (a tight
    list's paragraph is no element of its own), else the paragraph."""
    before = tokens[paragraph - 1] if paragraph > 0 else None
    return before if before is not None and before.type == "list_item_open" \
        else tokens[paragraph]


# The blocks of one token, drawn by renderers of their own (Pygments', a diagram's, KaTeX's),
# that show no id written on the token: the id is an empty element's above the block
_DRAWN_BLOCKS = frozenset({"fence", "code_block", "math_block"})


def _name_the_block_before(tokens: list[Token], paragraph: int, name: str) -> int | None:
    """How many tokens were put in before the paragraph of a mark alone, when the block just
    before it (a table, a quote, a list that ended at the blank line before it; a code block,
    a Mermaid diagram, a display formula, whose id is an empty element's just above it, where
    a link to it scrolls to) took its id; None when none did."""
    if paragraph == 0:
        return None
    before = tokens[paragraph - 1]
    if before.type in _DRAWN_BLOCKS:
        anchor = Token("html_block", "", 0, content=f'<span id="^{name}"></span>\n',
                       map=before.map, level=before.level, block=True)
        tokens.insert(paragraph - 1, anchor)
        return 1
    if before.nesting != -1:
        return None
    for opening in reversed(tokens[:paragraph - 1]):
        if opening.level == before.level and opening.nesting == 1:
            opening.attrSet("id", f"^{name}")
            return 0
    return None

"""Abbreviations as kramdown (Jekyll, Chirpy, Minimal Mistakes) and PHP Markdown Extra write them.

    *[KL]: Kullback–Leibler 散度        a definition: a line of its own, anywhere in the post
    KL 散度总是非负的。                  every `KL` of the post's text is <abbr title="…">KL</abbr>

The definitions were published as text, and the words they name were plain. Their lines are
taken out of the body; the words are found in its text only: code, formulas, raw HTML and
URLs (a link's address, a bare URL shown as its own text) hold other tokens and are left
alone. A word is whole where no ASCII letter, digit or `_` touches it, as kramdown reads it:
`KL散度` names `KL`, `KLD` does not. A later definition of the same word replaces the earlier.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

# env key: word -> its expansion, filled by the definitions as the blocks are read
ABBREVIATIONS = "abbreviations"
_DEFINITION = re.compile(r"\*\[([^\]\n]+)\]:[ \t]*(.*)")
_WORD_CHARACTER = r"[A-Za-z0-9_]"


def abbreviations_plugin(md: MarkdownIt) -> None:
    # (a definition line may end a paragraph its line follows, as kramdown reads it)
    md.block.ruler.before("reference", "abbreviation", _definition,
                          {"alt": ["paragraph", "reference"]})
    md.core.ruler.push("abbreviation", _mark_words)


def _definition(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:  # (an indented code block's line)
        return False
    line_text = state.src[state.bMarks[start] + state.tShift[start]:state.eMarks[start]]
    found = _DEFINITION.fullmatch(line_text.rstrip())
    if found is None or not found[1].strip():
        return False
    if silent:
        return True
    defined = state.env.setdefault(ABBREVIATIONS, {})
    defined[found[1].strip()] = found[2].strip()
    state.line = start + 1
    return True


def _mark_words(state: StateCore) -> None:
    defined: dict[str, str] = state.env.get(ABBREVIATIONS) or {}
    if not defined:
        return
    # (longest first: `KL div` before `KL`)
    names = sorted(defined, key=len, reverse=True)
    words = re.compile(rf"(?<!{_WORD_CHARACTER})(?:{'|'.join(map(re.escape, names))})"
                       rf"(?!{_WORD_CHARACTER})")
    for token in state.tokens:
        if token.type == "inline" and token.children:
            token.children = _marked(token.children, words, defined)


def _marked(children: list[Token], words: re.Pattern[str], defined: dict[str, str]) -> list[Token]:
    marked: list[Token] = []
    url_shown = False  # inside an autolink, whose text is its address
    for child in children:
        if child.type == "link_open":
            url_shown = child.markup in ("autolink", "linkify")
        elif child.type == "link_close":
            url_shown = False
        if child.type != "text" or url_shown or not words.search(child.content):
            marked.append(child)
            continue
        at = 0
        for found in words.finditer(child.content):
            if found.start() > at:
                marked.append(_text(child, child.content[at:found.start()]))
            opening = Token("abbr_open", "abbr", 1)
            title = defined[found[0]]
            if title:
                opening.attrs["title"] = title
            marked += [opening, _text(child, found[0]), Token("abbr_close", "abbr", -1)]
            at = found.end()
        if at < len(child.content):
            marked.append(_text(child, child.content[at:]))
    return marked


def _text(like: Token, content: str) -> Token:
    return Token("text", "", 0, content=content, meta=dict(like.meta))

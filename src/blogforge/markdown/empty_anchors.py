"""A line holding only an anchor, `<a name="ZuVtq"></a>`, makes no empty paragraph.

Yuque's (语雀) export writes one above each heading, where its links to that heading point.
Each was a `<p>` with nothing to show but its margins: a gap above every heading. The anchor
stays (a link to `#ZuVtq` may be around), outside any paragraph.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from blogforge.text import compiled_when_used

_ANCHOR = compiled_when_used(r"""<a\s+(?:name|id)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)\s*>""",
                             re.IGNORECASE)


def empty_anchors_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("inline", "empty_anchors", _unwrap)


def _unwrap(state: StateCore) -> None:
    if "</a>" not in state.src:
        return
    tokens = state.tokens
    for at in range(1, len(tokens) - 1):
        if tokens[at].type == "inline" and tokens[at - 1].type == "paragraph_open" and \
                _only_anchors(tokens[at].children or []):
            tokens[at - 1].hidden = tokens[at + 1].hidden = True


def _only_anchors(children: list) -> bool:
    shown = [child for child in children if child.type not in ("softbreak", "hardbreak")
             and not (child.type == "text" and not child.content.strip())]
    return bool(shown) and all(
        child.type == "html_inline" and (_ANCHOR().fullmatch(child.content.strip())
                                         or child.content.strip().lower() == "</a>")
        for child in shown)

"""A line asking for the table of contents, as Typora, CSDN, Obsidian's plugins and VuePress
write it: the post gets its contents box (as `toc: true` gives it), the line shows nothing.

    [TOC]            Typora, CSDN's editor (any case)
    @[TOC](文章目录)  CSDN's template, `@[toc]` too
    [[toc]]          VuePress and markdown-it-toc; GitLab's `[[_TOC_]]`

Published as written, `@[toc](目录)` was an "@" and a broken link to "目录", `[TOC]` the text
"[TOC]" above the post. A line of its own (in a list or a quote too), never in code; a link
label defined as `[toc]: …` is left to be the link it is.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock

_MARKER = re.compile(r"(?:@\[toc\](?:\([^()\n]*\))?|\[toc\]|\[\[_?toc_?\]\])[ \t]*",
                     re.IGNORECASE)
_DEFINED = re.compile(r"^[ \t]{0,3}\[toc\]:", re.IGNORECASE | re.MULTILINE)
# env key: whether the body asked for its table of contents
TOC_ASKED = "toc_asked"


def toc_marker_plugin(md: MarkdownIt) -> None:
    md.block.ruler.before("reference", "toc_marker", _toc_marker)


def _toc_marker(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start_line] - state.blkIndent >= 4 or state.level > 0:
        return False  # (indented code; a list's item or a quote: `- [TOC]` left an empty item)
    start = state.bMarks[start_line] + state.tShift[start_line]
    if state.src[start:start + 2] not in ("[t", "[T", "@[", "[["):
        return False
    if not _MARKER.fullmatch(state.src, start, state.eMarks[start_line]) or \
            _DEFINED.search(state.src):
        return False
    if not silent:
        state.env[TOC_ASKED] = True
        state.line = start_line + 1
    return True

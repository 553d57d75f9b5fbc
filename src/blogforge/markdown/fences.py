"""Which lines of Markdown are fenced code, for the passes that read a body's text before it
is parsed (fenced divs, citations, git's conflict markers): what a fence holds is the post's
code, never syntax of its own."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")


def in_fenced_code(lines: Iterable[str]) -> Iterator[bool]:
    """For each line, whether it belongs to a fenced code block, its fences included (one
    never closed runs to the end, as CommonMark reads it)."""
    fence = ""
    for line in lines:
        opened = _FENCE.match(line)
        if fence:
            yield True
            if opened and opened.group(1)[0] == fence[0] \
                    and len(opened.group(1)) >= len(fence) and not opened.group(2).strip():
                fence = ""
        elif opened:
            fence = opened.group(1)
            yield True
        else:
            yield False

"""Notion's callouts, as its Markdown export writes them, as the callouts blogforge draws.

    <aside>                                  > [!NOTE]
    💡 核心思想：完全用注意力机制取代循环。      > 💡 核心思想：完全用注意力机制取代循环。
                                             >
    </aside>

Published as written, the text was raw HTML's (its Markdown, `**bold**` or `$x$`, shown as
typed) in an unstyled box. Only Notion's shape is taken: `<aside>` and `</aside>` on lines of
their own, the first line inside starting with the callout's icon, an emoji or Notion's
`<img src="/icons/…">` (dropped: it names a file on notion.so). Rewritten before the body is
parsed, one line for one, never in fenced code.
"""

from __future__ import annotations

import re
import unicodedata

from blogforge.markdown.fences import in_fenced_code

_OPEN = re.compile(r"^<aside>\s*$")
_CLOSE = re.compile(r"^</aside>\s*$")
# Notion's own icon picture (2024's export), before the callout's text
_ICON = re.compile(r"""^<img\s+src=["']/icons/[^"']*["'][^>]*>\s*""")


def notion_asides(body: str) -> str:
    if "<aside>" not in body:
        return body
    lines = body.split("\n")
    code = list(in_fenced_code(lines))
    at = 0
    while at < len(lines):
        end = _aside_end(lines, code, at)
        if end is None:
            at += 1
            continue
        lines[at] = "> [!NOTE]"
        for inside in range(at + 1, end):
            line = _ICON.sub("", lines[inside]) if inside == at + 1 else lines[inside]
            lines[inside] = f"> {line}".rstrip()
        lines[end] = ""
        at = end + 1
    return "\n".join(lines)


def _aside_end(lines: list[str], code: list[bool], at: int) -> int | None:
    """The line of the `</aside>` closing a Notion callout opened at line `at`, if one is."""
    if code[at] or not _OPEN.match(lines[at]) or at + 1 >= len(lines):
        return None
    first = lines[at + 1]
    if not (_ICON.match(first) or first[:1] and unicodedata.category(first[0]) == "So"):
        return None
    for end in range(at + 1, len(lines)):
        if code[end] or _OPEN.match(lines[end]):
            return None
        if _CLOSE.match(lines[end]):
            return end
    return None

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
from blogforge.text import compiled_when_used

_OPEN = re.compile(r"^<aside>\s*$")
_CLOSE = re.compile(r"^</aside>\s*$")
# Notion's own icon picture (2024's export), at an address of notion.so, shown before a
# callout's text or a page's title
ICON = re.compile(r"""<img\s[^>]*?src=["']/icons/([\w-]*)[^"']*["'][^>]*?>[ \t]*""")
# What a callout's first line opens with: a symbol (✨ ⭐ ☕ ❓, 💡 📝 🚨), but not one of those a
# writer's own text opens a line with (★ ☆ ● ■ ◆ ▶ → ※ ✓: bullets, marks)
_TEXT_SYMBOLS = frozenset("★☆●○■□◆◇▲△▶▷►▸→←↑↓⇒✓✔✗✘※§¶•◎◉")
# The emoji a callout opens with, and the callout it makes where it is plain which
_EMOJI = compiled_when_used(r"((?:[^\w\s<\[`*_~$\\!#(\"'“‘「]|\ufe0f|\u200d)+)[ \t]+")
_EMOJI_KINDS = {"💡": "TIP", "✅": "TIP", "⚠": "WARNING", "🚨": "WARNING", "❗": "WARNING",
                "‼": "WARNING", "⛔": "CAUTION", "🚫": "CAUTION", "❌": "CAUTION",
                "ℹ": "NOTE", "📝": "NOTE"}
_ICON_KINDS = (("light-bulb", "TIP"), ("warning", "WARNING"), ("alert", "WARNING"),
               ("exclamation", "WARNING"), ("info", "NOTE"))


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
        made = callout(lines[at + 1:end])
        lines[at:end + 1] = made + [""] * (end + 1 - at - len(made))  # (one line for one)
        at = end + 1
    return "\n".join(lines)


def _aside_end(lines: list[str], code: list[bool], at: int) -> int | None:
    """The line of the `</aside>` closing a Notion callout opened at line `at`, if one is."""
    if code[at] or not _OPEN.match(lines[at]) or at + 1 >= len(lines):
        return None
    first = lines[at + 1]
    if not (ICON.match(first) or first[:1] and unicodedata.category(first[0]) == "So"
            and first[0] not in _TEXT_SYMBOLS):
        return None  # (a writer's own `<aside>`, `★ …` in it: no Notion callout)
    for end in range(at + 1, len(lines)):
        if code[end] or _OPEN.match(lines[end]):
            return None
        if _CLOSE.match(lines[end]):
            return end
    return None


def callout(inner: list[str]) -> list[str]:
    """One callout's lines (between `<aside>` and `</aside>`) as a blogforge callout."""
    while inner and not inner[0].strip():
        inner.pop(0)
    while inner and not inner[-1].strip():
        inner.pop()
    kind = "NOTE"
    if inner:
        first = inner[0].strip()
        if (icon := ICON.match(first)) is not None:
            kind = next((k for name, k in _ICON_KINDS if name in icon.group(1)), "NOTE")
            first = first[icon.end():]
        elif (emoji := _EMOJI().match(first)) is not None:
            said = _EMOJI_KINDS.get(emoji.group(1).replace("\ufe0f", "").strip())
            if said is not None:
                kind, first = said, first[emoji.end():]
        inner[0] = first
    return [f"> [!{kind}]"] + [f"> {line}" if line.strip() else ">" for line in inner]

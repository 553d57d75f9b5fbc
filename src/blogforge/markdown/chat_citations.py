"""The citation markers a chat's answer carries when it is copied: left out, and said.

A chat shows its sources as buttons; copied, each leaves a marker in the text whose source is
not in it, which a post published as it was, on its page, its card, its description, its feed
and its search text:

    ChatGPT    `:contentReference[oaicite:0]{index=0}`, `【3†source】`, `【4:0†arxiv.org】`
    DeepSeek   `[citation:3]`
    Kimi       `[^1^]`

Only these shapes are taken, in prose (a code span or a code block showing one keeps it), and
only where Markdown made nothing else of them: a `[citation:3]` that a link reference
definition makes a link, or a `[^1^]` that a footnote defines, stays. They are never meant to
be read, so they are left out of the body's tokens, for every place that shows the body; each
is said at its line (`chat_markers`), for the writer to delete it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from blogforge.text import compiled_when_used

# Each chat's markers, by the name a message gives their chat.
_MARKERS = {
    "ChatGPT": r":contentReference\[oaicite:\d+\]\{index=\d+\}|【\d+(?::\d+)?†[^】\n]{1,80}】",
    "DeepSeek": r"\[citation:\d+\]",
    "Kimi": r"\[\^\d+\^\]",
}
_MARKER = compiled_when_used("|".join(f"(?P<{chat}>{pattern})"
                                      for chat, pattern in _MARKERS.items()))
# (a quick test before the pattern: a body without any of these characters holds no marker)
_TELLS = (":contentReference[", "【", "[citation:", "[^")
# meta key of an inline token: the markers left out of it, (0-based body line, chat, marker)
_LEFT_OUT = "chat_markers"


def chat_citations_plugin(md: MarkdownIt) -> None:
    # (after the text of each inline is joined into whole tokens; before the punctuation after
    # a formula is bound to it, which a marker between them would keep apart)
    md.core.ruler.after("text_join", "chat_citations", _leave_out_markers)


def _leave_out_markers(state: StateCore) -> None:
    if not any(tell in state.src for tell in _TELLS):
        return
    for token in state.tokens:
        if token.type == "inline" and token.children and _MARKER().search(token.content):
            found = _leave_out(token.children)
            if found:
                token.meta[_LEFT_OUT] = _placed(found, token.content,
                                                token.map[0] if token.map else 0)


def _leave_out(children: list[Token]) -> list[re.Match[str]]:
    """Take the markers out of the text tokens among `children` (a link's and an image's
    text included); the markers taken, in order."""
    found = []
    for child in children:
        if child.type == "text" and child.content:
            markers = list(_MARKER().finditer(child.content))
            if markers:
                found += markers
                child.content = _without(child.content, markers)
        if child.children:
            found += _leave_out(child.children)
    return found


def _without(text: str, markers: list[re.Match[str]]) -> str:
    """`text` without `markers`; where they stood between two spaces, one of them goes too."""
    kept, at = "", 0
    for marker in markers:
        kept += text[at:marker.start()]
        at = marker.end()
        if kept.endswith(" ") and text[at:at + 1] == " ":
            at += 1
    return kept + text[at:]


def _placed(found: list[re.Match[str]], source: str,
            first_line: int) -> list[tuple[int, str, str]]:
    """Each marker with the body line it is written on, found in its inline's source."""
    placed, at = [], 0
    for marker in found:
        where = source.find(marker.group(0), at)
        if where >= 0:
            at = where + len(marker.group(0))
        line = first_line + source.count("\n", 0, max(where, 0))
        placed.append((line, str(marker.lastgroup), marker.group(0)))
    return placed


@dataclass(frozen=True)
class ChatMarkers:
    """The markers of one chat left out at one line."""

    line: int  # 0-based body line
    chat: str
    markers: list[str]

    def message(self) -> str:
        shown = ", ".join(f"`{marker}`" for marker in dict.fromkeys(self.markers))
        if len(self.markers) == 1:
            return (f"{self.chat}'s citation marker {shown} is left out of the page: its source "
                    "is not in the copied text; delete it")
        return (f"{self.chat}'s citation markers {shown} are left out of the page: their "
                "sources are not in the copied text; delete them")


def chat_markers(tokens: list[Token]) -> list[ChatMarkers]:
    """The markers left out of a body's `tokens`, one for each line and chat."""
    by_place: dict[tuple[int, str], list[str]] = {}
    for token in tokens:
        for line, chat, marker in token.meta.get(_LEFT_OUT, ()) if token.meta else ():
            by_place.setdefault((line, chat), []).append(marker)
    return [ChatMarkers(line, chat, markers) for (line, chat), markers in by_place.items()]

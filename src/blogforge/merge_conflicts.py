"""Git's conflict markers, left in a file by a merge, a rebase or a stash pop.

Two writers of one blog who edit one post get, after `git pull`, both versions in the file
between `<<<<<<< HEAD`, `=======` and `>>>>>>> their-branch` lines. Left there, they were
published: the `=======` line made the first version a heading, the `>>>>>>>` line nested
quotes, and the markers reached the page's description, the feeds and the search index (in
a template: every page). A file holding them is an error at their lines instead. Markers in a
Markdown file's code (a fence, a <pre>, Hexo's {% codeblock %}: a post about git) or in an
HTML comment (never shown) are the post's text. In static/, a text file (a stylesheet, a
script, a manifest) holding them is an error too: a merged stylesheet broke every page's look;
a picture's bytes are never searched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from blogforge.markdown.fences import in_fenced_code

# Where else a post shows text as it is: raw HTML's <pre>, Hexo's and Jekyll's code tags, an
# HTML comment (never shown): each opening, and the end that closes it
_VERBATIM = [(re.compile(r"<pre\b", re.I), re.compile(r"</pre>", re.I)),
             (re.compile(r"\{%-?\s*(codeblock|code|highlight|raw)\b"),
              re.compile(r"\{%-?\s*end(codeblock|code|highlight|raw)\s*-?%\}")),
             (re.compile(r"<!--"), re.compile(r"-->"))]


# The files of static/ published as text, whose markers would reach the reader's browser
STATIC_TEXT_SUFFIXES = (".css", ".js", ".mjs", ".html", ".htm", ".svg", ".txt", ".json",
                        ".xml", ".webmanifest")


def may_hold_conflict(name: str, data: bytes) -> bool:
    """Whether a static file `name` is text that holds what starts a conflict (a search of
    its bytes, already read for their digest: far cheaper than that digest)."""
    return name.lower().endswith(STATIC_TEXT_SUFFIXES) and b"<<<<<<<" in data


@dataclass(frozen=True)
class Conflict:
    """The first conflict in a file: its lines (1-based) and the sides git named."""

    start: int
    end: int
    ours: str  # `HEAD`, as written after `<<<<<<<`
    theirs: str  # the branch or commit after `>>>>>>>` ("" when that line is gone)
    more: int  # conflicts after it

    def message(self) -> str:
        opening = f"<<<<<<< {self.ours}".rstrip()
        closing = f" … `>>>>>>> {self.theirs}`".rstrip() if self.theirs else ""
        lines = f"lines {self.start}-{self.end}" if self.end > self.start else \
            f"line {self.start}"
        more = f" (and {self.more} more below)" if self.more else ""
        return (f"an unresolved merge conflict (git's `{opening}`{closing}, {lines}){more}: "
                "keep what should stay and delete the marker lines")


def _marker(line: str, sign: str) -> str | None:
    """What follows the marker of `sign` (`<`, `=`, `|`, `>`) at the start of `line`: git
    writes seven and a space before a name; None when the line is no such marker."""
    if line.startswith(sign * 7) and (len(line) == 7 or line[7] == " "):
        return line[8:].strip()
    return None


def merge_conflict(text: str, markdown: bool = False) -> Conflict | None:
    """The first conflict git left in `text`, with how many follow it; None for none.
    `markdown`: lines in fenced code are the text's own."""
    if "<<<<<<<" not in text:
        return None
    lines = [line.rstrip("\r") for line in text.split("\n")]
    code = list(in_fenced_code(lines)) if markdown else [False] * len(lines)
    found: list[Conflict] = []
    verbatim: re.Pattern[str] | None = None  # (the end of the <pre>, tag or comment it is in)
    at = 0
    while at < len(lines):
        line = lines[at]
        if markdown and verbatim is not None:
            verbatim = None if verbatim.search(line) else verbatim
            at += 1
            continue
        if code[at]:
            at += 1
            continue
        if markdown:
            for opening, closing in _VERBATIM:
                if (opened := opening.search(line)) and not closing.search(line, opened.end()):
                    verbatim = closing
                    break
        ours = _marker(line, "<")
        if ours is None:
            at += 1
            continue
        # (the sides' separator, or the close: a half-resolved conflict is one too)
        end, theirs = at, ""
        for later in range(at + 1, len(lines)):
            following = lines[later]
            if _marker(following, "<") is not None:
                break
            if _marker(following, "=") is not None or _marker(following, "|") is not None:
                end = later
            elif (closing := _marker(following, ">")) is not None:
                end, theirs = later, closing
                break
        if end > at:
            found.append(Conflict(at + 1, end + 1, ours, theirs, 0))
        at = end + 1
    if not found:
        return None
    first = found[0]
    return Conflict(first.start, first.end, first.ours, first.theirs, len(found) - 1)

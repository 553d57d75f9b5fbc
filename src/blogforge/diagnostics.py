"""Problems found while building, reported as `path:line: message`.

Every stage appends to a `Diagnostics` list instead of raising, so one build reports every
problem in the site at once. Only the build command decides what an error means for the output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

# ("notice": only a GitHub Actions annotation of a post a build held back, never a problem gathered)
Level = Literal["error", "warning", "notice"]

# A `data:` URL's data beyond its first characters: a message quoting a tag that holds one
# (`<img src="data:image/png;base64,…">` without alt) printed a pasted screenshot's 480 KB
_DATA_URL = re.compile(r"(data:[^,\s\"'`<>()]{0,100},)([^\s\"'`<>()]{5})[^\s\"'`<>()]{12,}")

# Control characters a message quotes from a file (a tag, a title, a file's name), shown as
# `\x1b`: printed as they were, a site.yaml's `tags: "a\x1b[31m"` turned the writer's terminal
# red, a carriage return wrote over the start of the line and a NUL went unseen. (Not a tab nor
# a newline: messages of several lines are written so.)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# (in a file's name or a URL, every one of them is: a tab and a newline too)
NAME_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")


def escaped(text: str, controls: re.Pattern[str] = _CONTROL) -> str:
    """`text` with each character `controls` finds shown as its escape: `\\x1b`."""
    return controls.sub(lambda found: f"\\x{ord(found[0]):02x}", text)


@dataclass(frozen=True)
class Diagnostic:
    """One message for the user: an error or a warning, where it is (file, line) if anywhere."""

    level: Level
    message: str
    path: Path | None = None
    line: int | None = None  # 1-based

    def __post_init__(self) -> None:
        if "data:" in self.message:
            object.__setattr__(self, "message", without_data(self.message))
        if _CONTROL.search(self.message):
            object.__setattr__(self, "message", escaped(self.message))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            path = escaped(str(self.path))  # (a file's name may hold them too)
            where = f"{path}:{self.line}: " if self.line else f"{path}: "
        return f"{where}{self.level}: {self.message}"


@dataclass
class Diagnostics:
    """The messages a step gathered, in the order it said them."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, message: str, path: Path | None = None, line: int | None = None) -> None:
        self.items.append(Diagnostic("error", message, path, line))

    def warning(self, message: str, path: Path | None = None, line: int | None = None) -> None:
        self.items.append(Diagnostic("warning", message, path, line))

    def extend(self, other: Diagnostics | list[Diagnostic]) -> None:
        self.items.extend(other.items if isinstance(other, Diagnostics) else other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == "warning"]


def in_line_order(items: list[Diagnostic]) -> list[Diagnostic]:
    """`items` in the order of their file's lines (stable; those of no line first), as a
    writer goes through them: the checks that find them run in several passes."""
    return sorted(items, key=lambda item: item.line or 0)


def without_data(message: str) -> str:
    """`message` with each `data:` URL in it cut after its first characters
    (`data:image/png;base64,iVBOR…`): enough to know it, not a line of 480 KB."""
    return _DATA_URL.sub(lambda found: f"{found.group(1)}{found.group(2)}…", message)


def counted(n: int, noun: str) -> str:
    """`1 page`, `1,662 pages`: a count as every summary line prints it (with the thousands
    separator, whatever the count is of)."""
    return f"{n:,} {noun}{'s' * (n != 1)}"


def first_few(names: list[str], shown: int = 3) -> str:
    """`a, b and c`, or `a, b, c and 297 more`: a list named in one short line however long."""
    if len(names) <= shown:
        return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    return f"{', '.join(names[:shown])} and {len(names) - shown:,} more"


def listed_lines(items: list[str], shown: int, more: str = "… and {:,} more") -> list[str]:
    """The first `shown` items, a line each, indented, then a line saying how many `more`
    there are (`more` is given the count): a long list in a message stays a few lines."""
    lines = [f"  {item}" for item in items[:shown]]
    if len(items) > shown:
        lines.append("  " + more.format(len(items) - shown))
    return lines


def not_utf8(data: bytes, subject: str = "file is not UTF-8 text") -> str:
    """What a file that cannot be read as UTF-8 is told, from its bytes: UTF-16 is named so
    (Notepad's "Unicode", which begins with its byte order mark), as the writer's editor
    names it."""
    hint = ' (it is UTF-16, Notepad\'s "Unicode")' if begins_as_utf16(data) else ""
    return f"{subject}{hint}: save it as UTF-8"


def begins_as_utf16(data: bytes) -> bool:
    """Whether `data` begins with UTF-16's byte order mark (either byte order)."""
    return data[:2] in (b"\xff\xfe", b"\xfe\xff")

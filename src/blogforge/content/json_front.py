"""Hugo's JSON front matter: a `{ … }` object opening a page, as Hugo reads it.

Hugo takes a page whose first character (after blank space) is `{` for JSON front matter that
ends where that object's braces close, counted outside strings; the body follows, after at most
one line break (it may follow the `}` on its line). The build reads such front matter
(`frontmatter.split_front_matter`, which tells it from a body that opens with `{`), and the
Hugo import writes it as YAML (importer/hugo_json.py).

Hexo's JSON form is the inside of such an object, without its braces, up to a line of three or
more `;` (maybe opened by one too), as hexo-front-matter reads it:
`"title": "注意力",\n"date": "2024-05-01"\n;;;\n`; the body follows that line.
(`hexo_json_front_matter`; the Hexo import writes it as YAML, importer/hexo_front_matter.py.)"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass


class BrokenJson(ValueError):
    """JSON front matter Hugo could not read; `line` is 1-based in the file."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class JsonFrontMatter:
    """A page's JSON front matter: its keys and values, the line of each top-level key in the
    file, where the object starts and ends in the text, and the body after it."""

    data: dict
    lines: dict[str, int]
    start: int  # (the index of its `{`)
    end: int  # (the index after its `}`)
    body: str
    body_line: int  # the line of the file where the body starts
    repeated: tuple[tuple[str, int, int], ...] = ()  # (a top-level key written twice: its lines)


def json_front_matter(text: str) -> JsonFrontMatter | None:
    """The JSON front matter opening `text` as Hugo reads it; None when the text does not open
    with `{`. BrokenJson when the object never closes or is not JSON Hugo reads."""
    opening = re.match(r"[ \t\r\n]*", text)
    start = opening.end() if opening else 0
    if not text.startswith("{", start):
        return None
    first_line = text.count("\n", 0, start) + 1
    end, key_spans = object_end(text, start)
    if end is None:
        raise BrokenJson(f"JSON front matter opened with `{{` on line {first_line} is never "
                         "closed", first_line)
    try:
        data = json.loads(text[start:end], parse_constant=_not_json)
    except json.JSONDecodeError as exc:
        raise BrokenJson(f"broken JSON front matter: {exc.msg} (column {exc.colno})",
                         first_line + exc.lineno - 1) from None
    except ValueError as exc:
        raise BrokenJson(f"broken JSON front matter: {exc}", first_line) from None
    if not isinstance(data, dict):  # (not reached: the text opens with `{`)
        raise BrokenJson("JSON front matter must be an object", first_line)
    lines, repeated = _key_lines(text, key_spans, 1)
    body_start = end + (text.startswith("\r", end))
    body_start += text.startswith("\n", body_start)  # (Hugo takes one line break after it)
    return JsonFrontMatter(data, lines, start, end, text[body_start:],
                           text.count("\n", 0, body_start) + 1, repeated)


def _key_lines(text: str, key_spans: list[tuple[int, int]], first_line: int
               ) -> tuple[dict[str, int], tuple[tuple[str, int, int], ...]]:
    """The line of each key at `key_spans` in `text` (whose first line is the file's
    `first_line`), and those written twice (key, first line, second line)."""
    lines: dict[str, int] = {}
    repeated = []
    for key_start, key_end in key_spans:
        key = json.loads(text[key_start:key_end])
        line = first_line + text.count("\n", 0, key_start)
        if key in lines:
            repeated.append((key, lines[key], line))
        lines.setdefault(key, line)
    return lines, tuple(repeated)


# Hexo's JSON form: an optional `;;;` line, the first key's `"` and colon, and a line of three
# or more `;` closing it
_HEXO_OPENER = re.compile(r"(;{3,})[ \t]*\n")
_HEXO_FIRST_KEY = re.compile(r'[ \t\n]*"(?:[^"\\\n]|\\.)*"[ \t]*:')
# Without the opener, the first key's value must open as a JSON value's does: a post of no
# front matter may start with a quotation and a colon (`"Attention": a note`) and hold a `;;;`
# line further down (a Lisp comment), and Hexo reads such a text as text
_JSON_VALUE_START = re.compile(r'[ \t]*(?:["\[{\-\d]|(?:true|false|null)\b)')
_HEXO_CLOSER = re.compile(r"^;{3,}[ \t]*$", re.M)


def hexo_json_front_matter(text: str) -> JsonFrontMatter | None:
    """Hexo's JSON front matter opening `text` (its object's inside, up to a `;;;` line), with
    its keys' lines as in the file; None when the text does not open so (a first key, or a
    `;;;` line and a first key, and a `;;;` line below). BrokenJson when it is not JSON."""
    opened = _HEXO_OPENER.match(text)
    start = opened.end() if opened else 0
    first_key = _HEXO_FIRST_KEY.match(text, start)
    if first_key is None or (closer := _HEXO_CLOSER.search(text, start)) is None \
            or not opened and not _JSON_VALUE_START.match(text, first_key.end()):
        return None
    first_line = text.count("\n", 0, start) + 1
    wrapped = "{" + text[start:closer.start()] + "}"  # (as Hexo reads it: braces put around)
    try:
        data = json.loads(wrapped, parse_constant=_not_json)
    except json.JSONDecodeError as exc:
        raise BrokenJson(f"broken JSON front matter: {exc.msg} (column "
                         f"{exc.colno - (exc.lineno == 1)})", first_line + exc.lineno - 1
                         ) from None
    except ValueError as exc:
        raise BrokenJson(f"broken JSON front matter: {exc}", first_line) from None
    lines, repeated = _key_lines(wrapped, object_end(wrapped, 0)[1], first_line)
    body_start = closer.end() + text.startswith("\n", closer.end())
    return JsonFrontMatter(data, lines, start, closer.end(), text[body_start:],
                           text.count("\n", 0, body_start) + 1, repeated)


def _not_json(word: str) -> None:
    raise ValueError(f"`{word}` is not a JSON value")


_COLON = re.compile(r"\s*:")


def object_end(text: str, start: int) -> tuple[int | None, list[tuple[int, int]]]:
    """Where the object opening at `start` closes (the index after its `}`; None when it does
    not), by Hugo's count of braces outside strings, and the span of each string that is a
    key of the object itself."""
    depth, index, keys = 0, start, []
    while index < len(text):
        char = text[index]
        if char == '"':
            close = index + 1
            while close < len(text) and text[close] != '"':
                close += 2 if text[close] == "\\" else 1
            if close >= len(text):
                return None, keys
            if depth == 1 and _COLON.match(text, close + 1):
                keys.append((index, close + 1))
            index = close + 1
            continue
        if char == "\\":
            index += 2
            continue
        depth += (char == "{") - (char == "}")
        index += 1
        if depth == 0:
            return index, keys
    return None, keys

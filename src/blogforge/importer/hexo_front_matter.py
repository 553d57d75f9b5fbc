"""Hexo's front matter without an opening `---`, and its `;;;` JSON front matter.

hexo-front-matter reads a file that opens with a `---` (or `;;;`) line as blogforge does: front
matter up to the same line again. A file that does not (old Hexo scaffolds wrote none) is read
as front matter up to its first line of three or more `-` (or `;`): YAML before a `---` line,
the inside of a JSON object (no braces) before a `;;;` line, the body after it; when that
part is not a mapping, the file has no front matter. blogforge reads neither: the YAML
became a setext heading of the body, the post lost its title, date and tags. The import writes
such front matter between `---` lines as the build reads it (YAML as written, JSON's values in
its notation, `yaml_flow`), the body byte for byte."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from blogforge.content.frontmatter import FrontMatterError
from blogforge.importer import yaml_flow, yaml_key
from blogforge.yamlfile import YamlSyntaxError, parse_yaml

# hexo-front-matter's own patterns (Hexo reads a file with its `\r\n` made `\n`, as `\r?\n`
# here): front matter between two like lines, and, for a file that does not open with one, up
# to the first such line (`\Z`: or the end of the file)
_BETWEEN = re.compile(r"^(-{3,}|;{3,})\r?\n([\s\S]+?)\r?\n\1")
_OPENER = re.compile(r"^(-{3,}|;{3,})")
_BEFORE = re.compile(r"^([\s\S]+?)\r?\n(-{3,}|;{3,})(?=\Z|\r?\n)")


@dataclass(frozen=True)
class Readable:
    """A post's text with its front matter written as the build reads it, and how many lines
    further down its body now starts (notes name the source's lines)."""

    text: str
    moved: int


def readable_front_matter(text: str) -> Readable | None:
    """`text` with Hexo's front matter written between `---` lines where Hexo read it and the
    build would not: YAML before a `---` line, JSON before a `;;;` line or between two. None
    where there is nothing to write (`---` front matter, none). FrontMatterError where Hexo took
    the lines before such a line for front matter and found none (no mapping: Hexo read the
    post without front matter, as the build will; broken YAML or JSON: Hexo failed on it)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    between = _BETWEEN.match(text)
    if between is not None:
        if not between.group(1).startswith(";"):
            return None  # (the build reads it: `---` lines)
        return _as_yaml(_json_object(between.group(2), 2), text, between.end(), newline)
    if _OPENER.match(text):
        return None  # (a file opening with such a line and no second one: all body to Hexo)
    before = _BEFORE.match(text)
    if before is None:
        return None
    raw, separator = before.group(1), before.group(2)
    line = text.count("\n", 0, before.start(2)) + 1
    if separator.startswith(";"):
        return _as_yaml(_json_object(raw, 1), text, before.end(), newline)
    try:
        data = parse_yaml(raw).data
    except YamlSyntaxError as exc:
        raise FrontMatterError(f"the lines before the `{separator}` on line {line} are front "
                             f"matter to Hexo, and broken YAML ({exc}): Hexo failed on this "
                             "post", line) from None
    if not isinstance(data, dict):
        raise FrontMatterError(f"the lines before the `{separator}` on line {line} are no YAML "
                             "mapping: Hexo read no front matter in this post, nor does "
                             "blogforge (no title, no date)", line)
    # (the YAML as written, which the import reads as for any Hexo post; one line more above)
    return Readable("---" + newline + text[:before.start(2)] + "---" + text[before.end():], 1)


def _json_object(raw: str, first_line: int) -> dict:
    """Hexo's JSON front matter: the inside of an object (`"title": "a", "date": …`)."""
    try:
        data = json.loads("{" + raw + "}")
    except json.JSONDecodeError as exc:
        # (its column too, as a line of JSON is often the whole object; the `{` put in front
        # is not the post's: one less on its first line)
        column = exc.colno - (exc.lineno == 1)
        raise FrontMatterError(f"JSON front matter, broken ({exc.msg}, column {column}): Hexo "
                             "failed on this post", first_line + exc.lineno - 1) from None
    return data


def _as_yaml(data: dict, text: str, end: int, newline: str) -> Readable:
    """JSON front matter (ending at `end` in `text`) as YAML between `---` lines, a top-level
    key a line, then the body as it was (after one line break, as Hexo reads it)."""
    line_break = re.match(r"\r?\n", text[end:end + 2])
    body_start = end + (line_break.end() if line_break else 0)
    lines = ["---", *(f"{yaml_key(str(key))}: {yaml_flow(value)}" for key, value in
                      data.items()), "---"]
    return Readable(newline.join(lines) + newline + text[body_start:],
                    len(lines) - text.count("\n", 0, body_start))

"""Link and image targets with spaces, which the old renderer read and CommonMark does not.

kramdown (Jekyll's renderer) reads an inline link's target up to its `)` (counting the
parentheses in it), or up to a space before a quoted title: `![曲线](/assets/训练 曲线.png)`
and `[slides](/a b.pdf "T")` are a link and an image, and so is a reference definition
`[id]: /a b.pdf`. So did marked before 0.4 (hexo-renderer-marked 0.x, Hexo 3's default). In
CommonMark, blogforge's Markdown (and Goldmark's, Hugo's), a target holding a space must be
written between `<` and `>`, else the whole is text. The import writes such targets so
(`](</a b.pdf> "T")`), outside code."""

from __future__ import annotations

import json
import re
from pathlib import Path

from markdown_it import MarkdownIt

from blogforge.content.frontmatter import FrontMatterError, split_front_matter
from blogforge.importer import Site
from blogforge.markdown.nesting import body_depth_plugin

_CODE_PARSER = MarkdownIt("commonmark").use(body_depth_plugin)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
# kramdown's LINK_DEFINITION_START, on one line: a target not in `<…>`, maybe a quoted title
# (`[^1]: text` is a footnote's text, no target)
_DEFINITION = re.compile(r"""( {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*)(?!<)(\S.*?\S)"""
                         r"""((?:[ \t]+(["']).+?\4)?[ \t]*)""")


def spaced_targets(text: str) -> tuple[str, list[int]]:
    """`text` with each link or image target that holds a space written between `<` and `>`
    (fenced and indented code, code spans left as written), and the lines changed."""
    if "](" not in text and "]:" not in text:
        return text, []
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    code = _code_lines(text.replace("\r\n", "\n"))
    changed = []
    for index, line in enumerate(lines):
        if index in code:
            continue
        written = _inline_targets(_definition_target(line))
        if written != line:
            lines[index] = written
            changed.append(index + 1)
    return (newline.join(lines), changed) if changed else (text, [])


def _code_lines(text: str) -> set[int]:
    """The indexes of the lines of code (fenced or indented), and of front matter."""
    try:
        split = split_front_matter(text)
    except FrontMatterError:
        return set(range(text.count("\n") + 1))  # (the build says what is wrong)
    first = split.body_line - 1
    lines = set(range(first))
    for token in _CODE_PARSER.parse(split.body):
        if token.type in ("fence", "code_block", "html_block") and token.map is not None:
            lines.update(range(first + token.map[0], first + token.map[1]))
    return lines


def _definition_target(line: str) -> str:
    """A reference definition's target with a space, as kramdown read it (not one holding a
    space before a quote, which kramdown did not take for a definition), written `<…>`."""
    match = _DEFINITION.fullmatch(line)
    if match is None or not _has_space(match.group(2)) or \
            re.search(r"[ \t][\"']", match.group(2)) or re.search(r"[<>]", match.group(2)):
        return line
    return f"{match.group(1)}<{match.group(2)}>{match.group(3)}"


def _inline_targets(line: str) -> str:
    """A line with the target of each inline link or image (after `](`) that holds a space
    written `<…>`, as kramdown read it: up to the `)` that closes its `(`, or to a space before
    a quoted title (`"T")`); code spans are left as written."""
    spans = [match.span() for match in _CODE_SPAN.finditer(line)]
    done, at = "", 0
    for opener in re.finditer(r"\]\(", line):
        start = opener.end()
        if start < at or any(s <= opener.start() < e for s, e in spans):
            continue
        end = _target_end(line, start)
        if end is None:
            continue
        target = line[start:end].strip()
        if not _has_space(target) or re.search(r"[<>]", target):
            continue
        done += line[at:start] + f"<{target}>"
        at = end  # (its `)`, or the space before its title)
    return done + line[at:]


# Liquid's output and tags, which the build turns into URLs (compat: `{{ site.baseurl }}`,
# `{% post_url … %}`) before it reads the link: their spaces are no target's
_LIQUID = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def _has_space(target: str) -> bool:
    """Whether a target holds a space outside its Liquid tags."""
    return re.search(r"\s", _LIQUID.sub("", target)) is not None


def _target_end(line: str, start: int) -> int | None:
    """Where the target starting at `start` (after `(`) ends: at the `)` closing the link, or
    the space before its quoted title (kramdown's LINK_PAREN_STOP_RE, then
    LINK_INLINE_TITLE_RE); None when the link does not close on this line."""
    depth = 1
    for index in range(start, len(line)):
        char = line[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index
        elif char.isspace() and line[index + 1:index + 2] in ("'", '"'):
            title = re.match(r"""\s*?(["'])(.+?)\1\s*?\)""", line[index:])
            return index if title else None
    return None


def old_marked(src: Path) -> str:
    """Where a Hexo site's package.json names hexo-renderer-marked 0.x, whose marked (0.3)
    read a link's target up to its `)`, spaces and all; "" otherwise (marked 0.4 and later
    read as CommonMark does)."""
    path = src / "package.json"
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        data = json.loads(text)
    except (OSError, ValueError):
        return ""
    for key in ("dependencies", "devDependencies"):
        table = data.get(key) if isinstance(data, dict) else None
        version = table.get("hexo-renderer-marked") if isinstance(table, dict) else None
        if isinstance(version, str) and re.match(r"[\^~=v ]*0\.", version):
            number = next((i for i, line in enumerate(text.splitlines(), 1)
                           if '"hexo-renderer-marked"' in line), None)
            return f"package.json:{number}: hexo-renderer-marked {version}"
    return ""


def noted_targets(text: str, source: Path, site: Site, reader: str, moved: int = 0) -> str:
    """`spaced_targets` of a post or page's text, the lines changed reported once (a post's
    text is read more than once) at the first, with the renderer that read them (`reader`),
    as the source has them: its body starts `moved` lines later in `text`."""
    text, lines = spaced_targets(text)
    lines = [line - moved for line in lines]
    if lines:
        count = f"{len(lines)} lines" if len(lines) > 1 else "a line"
        site.note_once(source, lines[0], f"link or image targets with a space written between "
                       f"`<` and `>` on {count} ({', '.join(map(str, lines))}): {reader} read "
                       "such a target as one, blogforge (CommonMark) as text")
    return text

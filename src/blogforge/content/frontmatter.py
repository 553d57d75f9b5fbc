"""Front matter: split it from the body, parse it, and read the keys users bring along.

Accepts what writers bring from Hugo, Hexo and Jekyll: YAML between `---` lines (or TOML between
`+++`, or Hugo's JSON object), dates in several forms, tags and categories as lists or single
strings, Hexo's nested category lists, `draft`/`published`, `pinned`/`sticky`,
`summary`/`description`/`excerpt`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from blogforge.text import compiled_when_used
from blogforge.yamlfile import (
    YamlDuplicateKey,
    YamlSyntaxError,
    YamlTooManyAliases,
    json_exact,
    parse_yaml,
)

if TYPE_CHECKING:
    from blogforge.content.json_front import JsonFrontMatter


class FrontMatterError(ValueError):
    """A problem with one key; `line` is 1-based within the file."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Split:
    """A Markdown file cut into its front matter (data, lines of keys) and its body."""

    data: dict[str, Any]
    lines: dict[str, int]  # top-level key -> line in the file
    body: str
    body_line: int  # 1-based line where the body starts


# Front matter opens with one of these lines and closes with a line that matches it (maybe
# followed by spaces): YAML between `---` (or `---` and `...`), TOML between `+++`.
_CLOSER = {"---": re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.M),
           "+++": re.compile(r"^\+\+\+[^\S\n]*$", re.M)}


@dataclass
class ParsedFrontMatter:
    """Front matter parsed by earlier builds, by its exact text: parsing the YAML of every post
    was most of loading a large site, and an incremental build changes few of them. Only what
    JSON gives back exactly is kept (text, numbers, booleans, lists, text-keyed mappings);
    each use decodes its own copy."""

    known: dict[str, str] = field(default_factory=dict)  # YAML text -> JSON of (data, lines)
    used: dict[str, str] = field(default_factory=dict)  # what this build parsed or reused

    def get(self, raw: str) -> tuple[dict[str, Any], dict[str, int]] | None:
        encoded = self.known.get(raw)
        if encoded is None:
            return None
        try:
            data, lines = json.loads(encoded)
        except (ValueError, TypeError):  # a damaged cache: parsed again
            return None
        if type(data) is not dict or type(lines) is not dict:
            return None
        self.used[raw] = encoded
        return data, lines

    def learn(self, raw: str, data: dict[str, Any], lines: dict[str, int]) -> None:
        if json_exact(data):
            self.used[raw] = json.dumps([data, lines])  # (ASCII: a lone surrogate survives)

    @property
    def changed(self) -> bool:
        """Whether what this build used differs from what it started with."""
        return self.used.keys() != self.known.keys()


def split_front_matter(text: str, parsed: ParsedFrontMatter | None = None) -> Split:
    """Separate front matter from the body. Text without front matter is all body. `parsed`:
    YAML parsed before, reused when the text is the same."""
    first, _, rest = text.partition("\n")
    opener = first.rstrip()
    if opener not in _CLOSER:
        if (as_json := _json_split(text)) is not None:
            return as_json
        if (as_hexo_json := _hexo_json_split(text)) is not None:
            return as_hexo_json
        if (slip := misfenced(text)) is not None:
            line, wrong, fix = slip
            raise FrontMatterError(f"this reads as front matter, but {wrong}: it would be "
                                   f"published as the post's text, its keys unread; {fix}", line)
        return Split({}, {}, text, 1)
    closer = _CLOSER[opener].search(rest)  # (a search, not a split of the body into lines)
    if closer is None:
        raise FrontMatterError(
            f"front matter opened with `{opener}` on line 1 is never closed: "
            f"add a `{opener}` line after it", 1)
    lines = rest.count("\n", 0, closer.start())  # of front matter
    raw = rest[:closer.start() - 1] if lines else ""
    body = rest[closer.end() + 1:]
    known = parsed.get(raw) if parsed is not None and opener == "---" else None
    if known is not None:
        data, key_lines = known
    else:
        try:
            data, key_lines = _parse(raw, opener, closed_at=lines + 2)
        except FrontMatterError:
            if _markdown_between(raw, opener):  # (the `---` is a rule: the text is all body)
                return Split({}, {}, text, 1)
            raise
        if parsed is not None and opener == "---":
            parsed.learn(raw, data, key_lines)
    if not data and _markdown_between(raw, opener):
        return Split({}, {}, text, 1)
    return Split(data, key_lines, body, lines + 3)


# Hugo's third form, JSON: a `{` opening the file and the `"` of its first key next, which tells
# it from a body that opens with `{` (`{{< figure >}}`, `{% raw %}`, `{\bf x}`, `{#id}`)
_OPENS_JSON = re.compile(r'[ \t\n]*\{[ \t\n]*"')
# ... its object closed by a `}` that ends its line (`{"a": 1} is JSON` opens a body)
_LINE_END = re.compile(r"[ \t]*(?:\n|\Z)")


def _json_split(text: str) -> Split | None:
    """The text cut at its JSON front matter, as Hugo reads it (content/json_front.py); None
    for a text that does not open with one."""
    if (opening := _OPENS_JSON.match(text)) is None:
        return None
    # (json_front.py is imported for a file that opens with no `---` or `+++`: a build of
    # YAML front matter alone, most builds, never needs it)
    from blogforge.content.json_front import BrokenJson, json_front_matter, object_end

    start = text.index("{", 0, opening.end())
    end, _ = object_end(text, start)
    if end is not None and (after := _LINE_END.match(text, end)) is None:
        return None
    try:
        front = json_front_matter(text)
    except BrokenJson as exc:
        raise FrontMatterError(str(exc), exc.line) from None
    if front is None or after is None:  # (not reached: it opens with `{` and closes)
        return None
    _refuse_repeated_keys(front)
    return Split(front.data, front.lines, text[after.end():], text.count("\n", 0, after.end()) + 1)


def _refuse_repeated_keys(front: JsonFrontMatter) -> None:
    """A key written twice in JSON front matter is an error at its second line, as YAML's is
    (JSON's reader would let the later replace the earlier without a word)."""
    if front.repeated:
        key, first_line, line = front.repeated[0]
        raise FrontMatterError(f'broken JSON front matter: duplicate key "{key}" (first at '
                               f"line {first_line})", line)


# A top-level key's line in YAML (`title:`) or TOML (`title =`), maybe quoted
_TOP_KEY = compiled_when_used(r"""[ \t]*(?:"([^"\n]+)"|'([^'\n]+)'|([A-Za-z_][\w.-]*))"""
                              r"[ \t]*(?::(?:[ \t]|$)|=)")
_TOML_TABLE_LINE = re.compile(r"[ \t]*\[")  # (`[params]`, `[[cascade]]`: the keys below are its)


@dataclass(frozen=True)
class Opening:
    """The front matter a file opens with, as split_front_matter tells it, by its first lines."""

    form: str  # `---` (YAML), `+++` (TOML), `{` (Hugo's JSON) or `;;;` (Hexo's JSON)
    keys: tuple[str, ...]  # its top-level keys written in the text looked at, in file order


def opening_front_matter(head: str) -> Opening | None:
    """The front matter `head` (a file's first few kilobytes, maybe cut inside it) opens with,
    in any of the forms split_front_matter reads, and the top-level keys written in it; None
    when it opens with none, or with a `---` or `+++` line followed by no key (a rule). Told by
    its lines, not parsed: a file whose front matter is broken is a post all the same, for
    the checks asking whether a file is one (a post saved as `.txt`, one outside content/)."""
    head = head.removeprefix("\ufeff").replace("\r\n", "\n")
    first, _, rest = head.partition("\n")
    opener = first.rstrip()
    if opener in _CLOSER:
        closer = _CLOSER[opener].search(rest)
        keys = []
        for line in (rest[:closer.start()] if closer else rest).split("\n"):
            if opener == "+++" and _TOML_TABLE_LINE.match(line):
                break
            if (key := _TOP_KEY().match(line)) is not None:
                keys.append(next(group for group in key.groups() if group is not None))
            elif not keys and line.strip() and not line.lstrip().startswith("#"):
                # (what opens it is no key: `---` is a rule)
                return None
        return Opening(opener, tuple(keys)) if keys else None
    if (opening := _OPENS_JSON.match(head)) is None:
        return _hexo_json_opening(head)
    from blogforge.content.json_front import object_end

    start = head.index("{", 0, opening.end())
    end, spans = object_end(head, start)
    if end is not None and _LINE_END.match(head, end) is None:
        return None  # (`{"a": 1} is JSON`: a body, as split_front_matter reads it)
    keys = []
    for key_start, key_end in spans:
        try:
            keys.append(str(json.loads(head[key_start:key_end])))
        except ValueError:
            continue
    return Opening("{", tuple(keys))


def _hexo_json_split(text: str) -> Split | None:
    """The text cut at Hexo's JSON front matter (the inside of an object, up to a `;;;` line:
    content/json_front.py); None for a text that does not open with one."""
    from blogforge.content.json_front import BrokenJson, hexo_json_front_matter

    try:
        front = hexo_json_front_matter(text)
    except BrokenJson as exc:
        raise FrontMatterError(str(exc), exc.line) from None
    if front is None:
        return None
    _refuse_repeated_keys(front)
    return Split(front.data, front.lines, front.body, front.body_line)


_JSON_KEY_LINE = compiled_when_used(r'^[ \t]*"([^"\n]+)"[ \t]*:', re.M)


def _hexo_json_opening(head: str) -> Opening | None:
    """Hexo's JSON front matter opening `head` (`"title": …` up to a `;;;` line), its keys
    those of its lines when it is broken JSON; None when it opens with none."""
    from blogforge.content.json_front import BrokenJson, hexo_json_front_matter

    try:
        front = hexo_json_front_matter(head)
    except BrokenJson:
        front_text = re.split(r"^;{3,}", head.lstrip(";"), maxsplit=1, flags=re.M)[0]
        return Opening(";;;", tuple(_JSON_KEY_LINE().findall(front_text)))
    return Opening(";;;", tuple(front.lines)) if front is not None else None


# A line that was meant as `---`: a phone's smart punctuation makes `—` or `–-` of it, and a
# space, an invisible character or a blank line before it is easily typed
_FENCE_LIKE = compiled_when_used(r"^[\s\u200b-\u200d\u2060\ufeff]*(?:[-—–―‒−]\s*)+$"
                                 r"|^\s*(?:\.\.\.|…)\s*$")
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
# A line that reads as a front matter key: a name (maybe quoted) and a colon, English or
# Chinese (`title：注意力` is told as such, not taken for prose)
_KEY_LINE = compiled_when_used(r"""^["']?[A-Za-z_][\w.-]*["']?[ \t]*(?::(?:[ \t]|$)|：)""", re.M)
_YAML_LINE = compiled_when_used(r"^(?:\s*#.*|\s*-\s.*|\s+\S.*|[^\s:：#][^:：]*[:：](?:\s.*)?|\s*)$")
# A line a writer meant as a key, though YAML reads none: `title:我的草稿` (no space after the
# colon), TOML's `title = "x"` inside `---`, and (a URL's `https://` is no key)
_KEY_SLIP = compiled_when_used(r"""^["']?([A-Za-z_][\w.-]*)["']?[ \t]*(?::(?!//)|：|=)""")
# ... a key blogforge reads with its colon left out (`title 我的文章`, a lone `draft`)
_BARE_KEY = compiled_when_used(r"^([A-Za-z_]\w*)(?:[ \t]|$)")
# A line YAML skips as a comment that Markdown would show as a `# ` heading (not a `## `)
_COMMENT_LINE = re.compile(r"^[ \t]*#(?!#)")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")


def _key_like(line: str) -> bool:
    """Whether a line between two `---` lines reads as a key in any form (`title: x`, a
    commented `# title: x`, `title:x`, `title = "x"`, `title：x`, `title x`, `draft`)."""
    if _KEY_LINE().match(line.lstrip("# \t")):
        return True
    if line.lstrip().startswith("#"):  # (a heading's words are no key: `## Summary`)
        return False
    if _KEY_SLIP().match(line.lstrip()):
        return True
    bare = _BARE_KEY().match(line.lstrip())
    return bare is not None and _known_key(bare.group(1))


def _known_key(word: str) -> bool:
    return word in KEYS or word in UNLISTED_KEYS or word.lower() in _LOWER_KEYS


def _markdown_between(raw: str, opener: str) -> bool:
    """Whether what two `---` lines hold, which YAML reads as no mapping of keys, is Markdown
    with no key-like line at all (a heading, prose, a list, a `## 标题` YAML would take for a
    comment): no front matter anyone wrote, and the first `---` a horizontal rule, as
    Obsidian, Typora and GitHub show it. A chat answer whose first line was deleted starts
    with its rule: its build stopped at "front matter must be `key: value` lines" on a blank
    line 2 (or its `## 核心思想` between the rules was gone).

    Only what is clearly Markdown: a line that reads as a key in any form (`title:我的草稿`,
    TOML's `draft = true`, `title 我的文章`, a lone `draft`) keeps it front matter, as does a
    block of `#` comments alone (an empty mapping, as before): a slip in front matter is said,
    where taking it for Markdown published a draft with its keys as a heading."""
    if opener != "---" or not raw.strip():
        return False
    lines = [line for line in _outside_code(raw.split("\n")) if line.strip()]
    if lines and all(_COMMENT_LINE.match(line) for line in lines):
        return False
    return not any(_key_like(line) for line in lines)


def _outside_code(lines: list[str]) -> list[str]:
    """The lines outside fenced code blocks (a chat answer's `x = 1` in its code is no key)."""
    kept, fence = [], ""
    for line in lines:
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence) \
                    and not line.strip().strip(fence[0]):
                fence = ""
        elif opened:
            fence = opened.group(1)
        else:
            kept.append(line)
    return kept


def _slip_hint(raw: str) -> tuple[int, str] | None:
    """The first line of front matter meant as a key that YAML reads as none (0-based in
    `raw`), and what to write there: a space after the colon, a colon, or `+++` for TOML."""
    for at, line in enumerate(raw.split("\n")):
        written = line.strip()
        if _KEY_LINE().match(written) or not written or written.startswith("#"):
            continue
        if (slip := _KEY_SLIP().match(written)) is not None:
            key, value = slip.group(1), written[slip.end():].strip()
            if written[slip.end() - 1] == "=":
                return at, ("TOML front matter is fenced with `+++`, not `---` (or write it as "
                            f"YAML: `{key}: {value}`)")
            if written[slip.end() - 1] == ":":
                return at, f"write `{key}: {value}` (a space after the colon)"
        elif (bare := _BARE_KEY().match(written)) is not None and _known_key(bare.group(1)):
            key, value = bare.group(1), written[bare.end():].strip()
            return at, f"write `{key}: {value or 'true'}` (a colon and a space after the key)"
    return None


def misfenced(text: str) -> tuple[int, str, str] | None:
    """Front matter whose fences are not `---` at the file's very start: the line of its
    opening fence, what is wrong with it, and what to do there. It was published as the post's
    first paragraph, a `draft: true` in it unread (a private draft went to the home page and
    the feeds). Only when every line between two fence-like lines reads as YAML and one of
    them is a front-matter key, so a post that starts with a rule is a post."""
    lines = text.split("\n", 60)[:60]
    start = next((at for at, line in enumerate(lines) if line.strip(_INVISIBLE + " \t")),
                 None)
    if start is None or not _FENCE_LIKE().match(lines[start]) or "." in lines[start]:
        return None
    end = next((at for at in range(start + 1, len(lines)) if _FENCE_LIKE().match(lines[at])
                and lines[at].strip()), None)
    inside = lines[start + 1:end] if end is not None else []
    keys = {_plain(line.split(":")[0].split("：")[0]) for line in inside if line[:1].isalpha()}
    if not inside or not all(_YAML_LINE().match(line) for line in inside) or not (
            keys & {plain for _, plain in _PLAIN_KEYS}):
        return None
    written = lines[start].strip(_INVISIBLE + " \t")
    if written != "---":
        return (start + 1, f"it opens with `{written}`, not `---` (a phone's smart punctuation "
                "makes `—` of `---`)", "write `---` here and on the line that closes it")
    if start:
        return (start + 1, "a blank line comes before it, and front matter starts the file",
                "remove the line above")
    return (start + 1, "something invisible comes before its `---` (a space, a zero-width "
            "space)", "type the line again")


# A top-level `key = ` of TOML (bare or quoted key), and a line that opens a table
_TOML_KEY = compiled_when_used(r"""\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")


# A TOML table's line, `[params]` (not an array of tables, `[[x]]`, nor a dotted `[a.b]`)
_TOML_TABLE = compiled_when_used(r"\s*\[\s*([A-Za-z0-9_-]+)\s*\]\s*(?:#.*)?$")


def _toml_key_lines(raw: str) -> dict[str, int]:
    """Where each top-level key of TOML front matter is written (lines counted in the file:
    after its `+++` line), so that a message about a value names its line. tomllib tells
    none; top-level keys are the ones before the first `[table]`, outside multi-line
    strings. A table's line is its name's (`[params]`: `params`)."""
    lines: dict[str, int] = {}
    in_string, in_table = "", False
    for number, line in enumerate(raw.split("\n"), start=2):
        if not in_string:
            if line.lstrip().startswith("["):
                # (a `[params]` table's own line: Hugo's page params, whose keys are found
                # below it, `with_own_params`; its keys are the table's, not the top's)
                if (table := _TOML_TABLE().match(line)) is not None:
                    lines.setdefault(table.group(1), number)
                in_table = True
            elif not in_table and (match := _TOML_KEY().match(line)):
                lines.setdefault(next(g for g in match.groups() if g is not None), number)
        for quotes in ('"""', "'''"):  # (an odd count opens or closes a multi-line string)
            if (not in_string or in_string == quotes) and line.count(quotes) % 2:
                in_string = "" if in_string else quotes
    return lines


def _parse(raw: str, opener: str, closed_at: int) -> tuple[dict[str, Any], dict[str, int]]:
    """Front matter's keys and their lines; `closed_at`: the line of its closing fence."""
    if opener == "+++":
        import tomllib  # (here: Hugo's TOML front matter is the rare case)

        try:
            data = tomllib.loads(raw)
        except tomllib.TOMLDecodeError as exc:
            match = re.search(r"line (\d+)", str(exc))
            line = int(match.group(1)) + 1 if match else 1
            raise FrontMatterError(_impossible_toml_date(raw, line)
                                   or f"broken TOML front matter: {exc}", line) from None
        return _stringify_dates(data), _toml_key_lines(raw)
    try:
        doc = parse_yaml(raw)
    except YamlDuplicateKey as exc:  # (lines counted in the file: after its `---` line)
        moved = exc.shifted(1)
        raise FrontMatterError(str(moved), moved.line) from None
    except YamlTooManyAliases as exc:  # (not broken YAML: refused for what it expands to)
        raise FrontMatterError(str(exc), (exc.line or 1) + 1) from None
    except YamlSyntaxError as exc:
        line = exc.line + 1 if exc.line else 1
        raise FrontMatterError(f"broken YAML front matter: {exc}", line) from None
    if doc.data is None:
        return {}, {}
    if not isinstance(doc.data, dict):
        from blogforge.yaml_reading import chinese_colon  # (loaded by parse_yaml already)

        if (colon := chinese_colon(raw)) is not None:  # (`title：注意力` alone: one value)
            raise FrontMatterError(f"broken YAML front matter: {colon[0]}", colon[1] + 1)
        if (slip := _slip_hint(raw)) is not None:  # (a key written as YAML reads none)
            raise FrontMatterError(
                f"front matter must be `key: value` lines, and this is not one: {slip[1]}",
                slip[0] + 2)
        # (at its first line that is not blank or a comment: the value YAML read instead)
        first = next((at for at, line in enumerate(raw.split("\n"))
                      if line.strip() and not line.lstrip().startswith("#")), 0)
        raise FrontMatterError(
            "front matter must be `key: value` lines, and this is not one: the `---` on line 1 "
            f"opens front matter, which line {closed_at} closes (a horizontal rule that starts "
            "a post is written `***`, or below its front matter)", first + 2)
    key_lines = {path[0]: line + 1 for path, line in doc.lines.items() if len(path) == 1}
    data = {str(k): v for k, v in doc.data.items()}
    for path, word in doc.words.items():
        # (a base-60 number is text under any key: no front matter key means one, and a date
        # key's message then quotes what was written)
        if path[0] in TEXT_KEYS or ":" in word:
            _put_back(data, path, word)
    return data, key_lines


# Keys whose values are text, where YAML 1.1's yes/no/on/off mean the word (`title: No`,
# `tags: [on]`, Norway's `lang: no`): read as written, as Hexo and Hugo (YAML 1.2) read them,
# not as "False" and one `/tags/true/` for `yes` and `on`. Flags (`draft: yes`) stay flags.
TEXT_KEYS = frozenset({
    "title", "slug", "permalink", "url", "summary", "description", "excerpt", "series", "tags",
    "categories", "category", "aliases", "redirect_from", "lang", "language", "translationKey",
    "translation_key", "cover", "image", "layout", "author", "authors", "keywords"})
# (not `license`: `license: no` is "no licence line", as `false`)


def _put_back(data: Any, path: tuple[str, ...], word: str) -> None:
    """Set the value at `path` (keys, and list indexes as text) to `word`."""
    for part in path[:-1]:
        data = data[int(part)] if isinstance(data, list) else data.get(part)
        if not isinstance(data, (list, dict)):
            return
    last = path[-1]
    if isinstance(data, list):
        data[int(last)] = word
    else:
        data[last] = word


def _impossible_toml_date(raw: str, line: int) -> str | None:
    """What is wrong with a date on the line (of the file) where TOML stopped: a date that
    does not exist is no TOML date, and tomllib says only what it expected after the year."""
    lines = raw.split("\n")
    written = lines[line - 2] if 2 <= line <= len(lines) + 1 else ""
    match = re.match(_TOML_KEY().pattern + r"\s*(\d{4}-\d{1,2}-\d{1,2}(?:[ T][\d:]+)?)", written)
    problem = impossible_part(match.group(4)) if match else None
    if problem is None:
        return None
    key = next(g for g in match.groups() if g is not None)
    return f"`{key}` invalid date {match.group(4)!r}: {problem}"


def _stringify_dates(data: dict[str, Any]) -> dict[str, Any]:
    # TOML gives datetime objects; the date parser below wants one form for all sources.
    return {k: v.isoformat() if isinstance(v, (date, datetime)) else v for k, v in data.items()}


# --- keys ----------------------------------------------------------------------------------

# The keys blogforge reads (the README's front matter reference), in the order a "did you
# mean" prefers when a slip is as close to two of them.
KEYS = ("title", "date", "created", "date created", "updated", "lastmod", "last_modified_at",
        "modified", "date modified", "last-modified", "tags",
        "categories", "category", "series", "series_order", "series_weight", "draft", "published",
        "publish", "slug", "permalink", "url", "aliases", "redirect_from", "summary",
        "description", "excerpt",
        "lang", "language", "translationKey", "translation_key", "pinned", "sticky", "top",
        "pin", "weight", "toc", "license", "comments", "math", "cover", "cover_alt", "image",
        "layout", "search",
        "unlisted", "noindex", "sitemap", "author", "authors", "bibliography", "nocite")

# Keys read as `unlisted` (`UNLISTED_KEYS[0]`, Docusaurus' name for it): hexo-hide-posts'
# and Jekyll themes' `hidden`, Hexo Fluid's `hide`. Not in `KEYS`: a key of a theme's one
# letter off (`wide: true`, `side`) is no slip of `hide` that would unlist a post.
UNLISTED_KEYS = ("unlisted", "hidden", "hide")

# Keys that Hugo, Hexo, Jekyll and their common themes read, which blogforge leaves to templates
# (`post.params`) like any key of the writer's own: never taken for a slip of a key above,
# however close (`images` is Hugo's, not a misspelt `image`; `tag` is not here: Jekyll reads
# it as `tags`, blogforge does not, so it is worth a word).
OTHER_GENERATORS_KEYS = frozenset({
    # Hugo
    "keywords", "type", "linkTitle", "publishDate", "expiryDate",
    "headless", "isCJKLanguage", "markup", "outputs", "resources", "menu", "menus", "cascade",
    "build", "images", "audio", "videos", "params", "featured_image", "showToc",
    "tocOpen", "hidemeta", "hideSummary", "searchHidden", "disableShare", "editPost",
    "showReadingTime", "showWordCount", "showBreadCrumbs", "UseHugoToc", "mathjax", "katex",
    # Hexo and its themes (NexT, Butterfly, Fluid, Icarus)
    "disableNunjucks", "photos", "link", "thumbnail", "banner", "index_img", "banner_img",
    "top_img", "copyright", "password", "reward", "hide", "archive", "mermaid", "aside",
    "toc_number", "highlight_shrink", "noticeOutdate", "widgets", "sidebar",
    # Jekyll and its themes (Minima, Minimal Mistakes, Chirpy)
    "excerpt_separator", "redirect_to", "hidden", "render_with_liquid", "header",
    "classes", "read_time", "share", "related", "author_profile", "toc_label", "toc_sticky",
    "toc_icon", "media_subpath", "img_path",
    # a theme's picture sizes
    "width", "height",
})


# Hugo's own front matter keys (its docs' list), which it reads at the top alone: one under
# a page's `params:` is a value for templates there, never the page's title, date or draft.
HUGO_PAGE_KEYS = frozenset({
    "aliases", "build", "_build", "cascade", "date", "description", "draft", "expiryDate",
    "headless", "isCJKLanguage", "keywords", "lastmod", "layout", "linkTitle", "markup",
    "menus", "outputs", "params", "publishDate", "resources", "sitemap", "slug", "summary",
    "title", "translationKey", "type", "url", "weight"})
_HUGO_PAGE_KEYS_LOWER = frozenset(key.lower() for key in HUGO_PAGE_KEYS)


# The keys whose values are a page's terms here (Hugo's taxonomies, and this site's
# `series`), which Hugo reads at the top alone: under `params:` they are plain values there,
# on no term page, and a Hugo writer moving here expects none either
TERM_KEYS = frozenset({"tags", "categories", "category", "series"})


@dataclass(frozen=True)
class ParamsSlip:
    """A key of a page's own `params:` not taken: written at the top too with another value
    (`top_line`), one of Hugo's own (`top_line` None), or a taxonomy's (`term`)."""

    key: str
    line: int  # its line under `params:`
    top_line: int | None
    term: bool = False


def with_own_params(data: dict[str, Any], lines: dict[str, int], text: str, body_line: int,
                    terms: bool = True
                    ) -> tuple[dict[str, Any], dict[str, int], list[ParamsSlip]]:
    """A page's front matter with the keys of its own Hugo `params:` map (Hugo >= 0.123
    writes a page's custom keys there: `params: {math: true}`) as its own, since a page's
    keys are its params here (`post.params.math`, as Hugo's `.Params.math`), each with its
    line; a key written at the top too wins; Hugo's own keys (`title`, `draft`) and its
    taxonomies (`tags`, `categories`, `series`) are not taken from it, as Hugo takes none.
    The map stays too, as written. `text` is the file's,
    `body_line` where its body starts; `terms`: whether the page's taxonomies make terms (a
    post's; a section's page has none, so its params' are taken as any key, Hugo's
    `.Params.tags`); the front matter as it is when there is no such map."""
    params = data.get("params")
    if not isinstance(params, dict) or not params:
        return data, lines, []
    written = text.split("\n")[:max(body_line - 1, 0)]
    at = lines.get("params", 1)
    flat, flat_lines = dict(data), dict(lines)  # (the map kept too: `post.params.params`)
    slips = []
    for key, value in params.items():
        name = str(key)
        line = nested_line(written, at, name, block=True)
        if name.lower() in _HUGO_PAGE_KEYS_LOWER:  # (Hugo's keys are read in any capitals)
            slips.append(ParamsSlip(name, line, None))
        elif name in data:
            if data[name] != value:
                slips.append(ParamsSlip(name, line, lines.get(name, 1)))
        elif terms and name.lower() in TERM_KEYS:
            slips.append(ParamsSlip(name, line, None, term=True))
        else:
            flat[name] = value
            flat_lines[name] = line
    return flat, flat_lines, slips


def params_slip_message(slip: ParamsSlip, holder: str) -> str:
    """What is said of `slip` at its line; `holder` is the name a template reads the page
    by (`post`, a section's page's `section`)."""
    if slip.term:
        return (f"`{slip.key}` under `params:` is a plain value in Hugo, which reads "
                "taxonomies at the top of the front matter alone: no term page is made of "
                f"it here either (a template finds it as `{holder}.params.params.{slip.key}`); "
                "move it to the top to make them the page's terms")
    if slip.top_line is None:
        return (f"`{slip.key}` under `params:` is one of Hugo's own keys, which it reads at "
                "the top of the front matter alone: not the page's here either (a template "
                f"finds it as `{holder}.params.params.{slip.key}`); write it at the top if it "
                "is meant")
    return (f"`{slip.key}` is written at the top (line {slip.top_line}) and under `params:`, "
            "with another value: the top's is used; keep one")


def nested_line(lines: list[str], after: int, key: str, block: bool = False) -> int:
    """The line of the first `key:` (or TOML's `key =`) from line `after` on, as a mapping
    nested under the key at `after` writes it; `after` when none is found (a mapping written
    on one line, `params: {math: true}`). With `block`, only within that key's block: the
    lines below it more indented (TOML's: up to the next table)."""
    written = re.compile(rf"^\s*(?:-\s+)?[\"']?{re.escape(key)}[\"']?\s*[:=]")
    opening = lines[after - 1] if 0 < after <= len(lines) else ""
    indent = len(opening) - len(opening.lstrip())
    toml_table = opening.lstrip().startswith("[")
    for number in range(after, len(lines) + 1):
        text = lines[number - 1]
        if block and number > after and text.strip() and not text.lstrip().startswith("#"):
            width = len(text) - len(text.lstrip())
            if (text.lstrip().startswith("[") if toml_table else width <= indent):
                return after
        if (number > after or not block) and written.match(text):
            return number
    return after


def _plain(key: str) -> str:
    """A key as a slip would not change it: `Title`, `series-order`, `seriesOrder` →
    `title`, `seriesorder`."""
    return key.lower().replace("_", "").replace("-", "")


_PLAIN_KEYS = [(key, _plain(key)) for key in KEYS]
_LOWER_KEYS = frozenset(key.lower() for key in (*KEYS, *UNLISTED_KEYS))
_PLAIN_OTHERS = frozenset(map(_plain, OTHER_GENERATORS_KEYS))


def misspelt_key(written: str, templates_read: frozenset[str] = frozenset()) -> str | None:
    """The key of `KEYS` that `written`, a key blogforge does not read, is a slip of: the
    same but for capitals, `_` or `-` (`Title`, `series-order`), or one letter off (`tilte`,
    `tgas`, `darft`, `tag`, `licence`); None for a key of the writer's own (`cover_note`), one
    another generator reads (`categories`, `mathjax`) or one the site's templates read
    (`templates_read`: a theme's `post.params.tag` is no slip of `tags`)."""
    if written in KEYS or written in templates_read:
        return None
    plain = _plain(written)
    if plain in _PLAIN_OTHERS:
        return None
    same = next((key for key, known in _PLAIN_KEYS if known == plain), None)
    if same is not None or len(plain) < 3:
        return same
    return next((key for key, known in _PLAIN_KEYS
                 if len(known) >= 4 and one_slip(plain, known)), None)


# A key a template reads of a post's front matter: `post.params.tag`, `page.params["tag"]`,
# `p.params.get('tag')` (a loop's post is named as its writer likes).
_PARAMS_READ = re.compile(r"""\.params\s*(?:\.\s*get\s*\(\s*(["'])(\w+)\1"""
                          r"""|\[\s*(["'])(\w+)\3\s*\]|\.\s*(\w+))""")
# What `.params.` is followed by that is no key (the dict's own methods).
_DICT_METHODS = frozenset({"get", "items", "keys", "values"})


def keys_templates_read(*folders: Path) -> frozenset[str]:
    """The front-matter keys the templates (`*.html`) in `folders` read (`post.params.X`):
    keys of the site's own, however close to one of `KEYS`. A template that cannot be read
    adds none (the renderer says why)."""
    found: set[str] = set()
    for folder in folders:
        for path in sorted(folder.rglob("*.html")) if folder.is_dir() else ():
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            for read in _PARAMS_READ.finditer(text):
                found.add(read[2] or read[4] or read[5])
    return frozenset(found - _DICT_METHODS)


def one_slip(written: str, key: str) -> bool:
    """Whether `written` is `key` with two neighbouring letters swapped, one letter missing or
    one too many, or (in a key of five letters or more) one letter wrong: `data` and `path`
    are words of their own, not slips of `date` and `math`."""
    if len(written) == len(key):
        wrong = [i for i, (a, b) in enumerate(zip(written, key, strict=True)) if a != b]
        if len(wrong) == 1:
            return len(key) >= 5
        return len(wrong) == 2 and wrong[1] == wrong[0] + 1 \
            and written[wrong[0]] == key[wrong[1]] and written[wrong[1]] == key[wrong[0]]
    shorter, longer = sorted((written, key), key=len)
    return len(longer) - len(shorter) == 1 and any(
        longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def slips_of_date(key: str, value: Any, data: dict[str, Any]) -> bool:
    """Whether `key`, a word of its own to `one_slip` (`data`, one letter off `date`), is a
    slip of `date` all the same: the post has no `date`, and it holds one (`data: 2023-09-06
    14:26 +0800`, whose post was dated by its file's time with no word of the slip)."""
    if "date" in data or len(key) != 4 or sum(a != b for a, b in zip(key.lower(), "date",
                                                                       strict=True)) != 1:
        return False
    if isinstance(value, date):  # (a datetime is one too)
        return True
    try:
        parse_date(value, UTC)
    except (ValueError, TypeError, OverflowError):
        return False
    return True


# --- values --------------------------------------------------------------------------------

_DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d",
                 "%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S")


# Dates as writers type them beside the ISO form, read as it: `2024年5月1日 21:30`, `2024.05.01`,
# a phone's `2024–05–01` (dashes) or full-width digits, a 12-hour time (`9:30 PM`), and
# English's `May 1, 2024` and `1 May 2024 9:30 pm` (which Hugo reads too)
_CHINESE_DAY = compiled_when_used(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")
# (and spaced, `2023 11 26`, as a note template's `YYYY MM DD` writes it: a year of four digits
# first, then the month and the day)
_DAY = compiled_when_used(r"(\d{4})(?:[-/.–—‒−]| +)(\d{1,2})(?:[-/.–—‒−]| +)(\d{1,2})(?=$|[ T])")
_ENGLISH_DAYS = ("%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y",
                 "%b. %d, %Y")
_TIMES = ("%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M%p", "%I:%M:%S %p", "%I %p", "%I%p", "%H")
_HALVES = (("上午", "AM"), ("早上", "AM"), ("凌晨", "AM"), ("下午", "PM"), ("晚上", "PM"))
_ZONE = compiled_when_used(r"\s*(Z|[+-]\d{2}:?\d{2})$")


# What Obsidian's plugins write around a date (Templater's `tp.date`, Linter, Dataview): a
# note link `[[2024-01-08]]`, a weekday (`Monday, `, `星期一`, `周一`), an ordinal day (`8th`),
# a comma after the year (`January 8th 2024, 9:15:02 pm`), all digits (`20240108211502`)
_NOTE_LINK = compiled_when_used(r"^\[\[([^\]|]+)(?:\|[^\]]*)?\]\]$")
_WEEKDAY = compiled_when_used(r"(?:星期|礼拜|周)[一二三四五六日天]"
                              r"|^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s", re.I)
_ORDINAL = compiled_when_used(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.I)
_YEAR_COMMA = compiled_when_used(r"(\d{4}),\s*(?=\d)")
_DIGITS_ONLY = compiled_when_used(r"(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?")


def _without_decoration(plain: str) -> str:
    """A date without what note apps write around it (see `_NOTE_LINK`...): `Monday, January
    8th 2024, 9:15:02 pm` → `January 8 2024 9:15:02 pm`; `20240108211502` → ISO."""
    if (link := _NOTE_LINK().match(plain)) is not None:
        plain = link.group(1).strip()
    if (digits := _DIGITS_ONLY().fullmatch(plain)) is not None:
        day = "-".join(digits.group(1, 2, 3))
        return day if digits.group(4) is None else \
            f"{day} {digits.group(4)}:{digits.group(5)}:{digits.group(6) or '00'}"
    plain = _WEEKDAY().sub(" ", plain)
    plain = _YEAR_COMMA().sub(r"\1 ", _ORDINAL().sub(r"\1", plain))
    return " ".join(plain.split())


def _as_iso(text: str) -> str:
    """`text` in the ISO form when it is a date written another common way; else as it is."""
    import unicodedata  # (here: only a date not in the ISO form needs it)

    plain = _without_decoration(unicodedata.normalize("NFKC", text).strip())
    if (found := _CHINESE_DAY().match(plain) or _DAY().match(plain)) is not None:
        day = "-".join((found.group(1), found.group(2).zfill(2), found.group(3).zfill(2)))
        rest = plain[found.end():].strip(" T")
        zone = _ZONE().search(rest)
        rest = rest[:zone.start()] if zone else rest
        for said, meant in _HALVES:  # (下午9:30 is 9:30 PM)
            if rest.startswith(said):
                rest = f"{rest[len(said):]} {meant}"
        rest = rest.replace("时", ":").replace("点", ":").replace(": ", " ").rstrip(":分 ")
        if not rest:
            return day + (f"T00:00:00{zone.group(1)}" if zone else "")
        for form in _TIMES:
            try:
                time = datetime.strptime(rest, form)
            except ValueError:
                continue
            return f"{day} {time:%H:%M:%S}{zone.group(1) if zone else ''}"
        return plain
    if re.search("[A-Za-z]{3}", plain):
        for day_form in _ENGLISH_DAYS:
            for time_form in ("", *(f" {form}" for form in _TIMES)):
                try:
                    read = datetime.strptime(plain, day_form + time_form)
                except ValueError:
                    continue
                return f"{read:%Y-%m-%d}" if not time_form else f"{read:%Y-%m-%d %H:%M:%S}"
    return plain


def parse_date(value: Any, zone: tzinfo) -> datetime:
    """A date or date-time; one without a zone is taken in the site's time zone."""
    while isinstance(value, list) and len(value) == 1:  # (`created: [[2024-01-08]]` unquoted)
        value = value[0]
    text = str(value).strip()
    if _TIME_ALONE.fullmatch(text):
        raise ValueError(f"invalid date {text!r}: a time without a day; write the day before "
                         f"it, as `2024-05-01 {text}`")
    try:
        parsed = _parse_iso(text)
    except ValueError:
        if (iso := _as_iso(text)) == text:
            raise
        try:
            parsed = _parse_iso(iso)
        except ValueError:  # (said of what the writer wrote, `2024年2月30日`)
            raise ValueError(f"invalid date {text!r}: " + (impossible_part(iso) or _DATE_FORMS)) \
                from None
    parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=zone)
    if not _EARLIEST <= parsed <= _LATEST:
        raise ValueError(f"invalid date {text!r}: too near the first or last day a date can "
                         "have (years 1 to 9999) to be shown in every time zone; write a date "
                         "from 0001-01-03 to 9999-12-29")
    return parsed


# The moments a date may name: a day inside the calendar's ends (years 1 to 9999), so that it
# is one in every time zone too (a zone is less than a day from UTC). (`updated:
# 9999-12-31T23:59:59-12:00` was shown in the zone of the post's date, past the calendar's end:
# a traceback, the build stopped.) Both ends are in: 9999-12-31 00:00 UTC is before midnight
# in any zone (it was refused, a second past the last allowed: `updated: 9999-12-31` on a UTC
# site, built before, stopped the build). The days the message offers are a day further in:
# any time of them, in any zone, is inside.
_EARLIEST = datetime(1, 1, 1, tzinfo=UTC) + timedelta(days=1)
_LATEST = datetime(9999, 12, 31, tzinfo=UTC)


def _parse_iso(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(text, fmt)
            except ValueError:
                continue
        raise ValueError(f"invalid date {text!r}: " + (impossible_part(text) or _DATE_FORMS)) \
            from None


_TIME_ALONE = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_DATE_FORMS = "write it as 2024-05-01, 2024-05-01 13:45:00 or 2024-05-01T13:45:00+08:00"


def day_only(value: Any) -> bool:
    """Whether a date is written without a time (`2025-03-01`, `2025年3月1日`): a day, not its
    midnight."""
    text = str(value).strip()
    if re.fullmatch(r"\d{4}[-/]\d{1,2}[-/]\d{1,2}", text) is not None:
        return True
    return re.match(r"\d{4}-\d{1,2}-\d{1,2}[ T]", text) is None and re.fullmatch(
        r"\d{4}-\d{2}-\d{2}", _as_iso(text)) is not None


# A date in one of the forms above, up to its seconds (what follows is not looked at); a year
# of more digits too, to be said as one (`99999-01-01`)
_DATE_PARTS = compiled_when_used(r"\s*(\d{4,})[-/](\d{1,2})[-/](\d{1,2})"
                                 r"(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?")


def impossible_part(text: str) -> str | None:
    """What makes a date written in a known form name no moment: "there is no month 13…",
    "there is no day 31 in April…", "2025 is not a leap year…"; None when
    the form is not one of those dates are written in, or no part is out of its range."""
    match = _DATE_PARTS().match(text)
    if match is None:
        return None
    year, month, day = (int(part) for part in match.group(1, 2, 3))
    if not 1 <= year <= 9999:  # (`0000-01-01` and `99999-01-01` were told the forms they have)
        return f"there is no year {year} (years are 1 to 9999)"
    if not 1 <= month <= 12:
        return f"there is no month {month} (months are 1 to 12)"
    import calendar  # (here: only a date already found wrong needs it, and start-up counts)

    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        if month == 2 and day == 29:
            return f"{year} is not a leap year: February {year} has 28 days"
        name = calendar.month_name[month] + (f" {year}" if month == 2 else "")
        return f"there is no day {day} in {name}: it has {days} days"
    for part, unit, top in zip(match.group(4, 5, 6), ("hour", "minute", "second"), (23, 59, 59),
                               strict=True):
        if part is not None and int(part) > top:
            return f"there is no {unit} {int(part)} ({unit}s are 0 to {top})"
    return None


# `title: LeetCode #76 最小覆盖子串`: YAML reads `#76 …` as a comment, and the title is
# "LeetCode"; `tags: #ml #nlp` (as Obsidian writes tags) is no tags. A comment meant as one
# has a space after its `#`.
_CUT_BY_COMMENT = re.compile(r"^([\w-]+)[ \t]*:[ \t]+(?![\"'|>\[{])([^\n#]*?)[ \t]*"
                             r"(?<![^ \t:])#(?=\S)(.*)$")


# The keys whose values are words a `#` may be part of (`date: 2024-05-01 #TODO`, `toc: false
# #long` are a value and a comment)
_WORDS_KEYS = ("title", "subtitle", "description", "summary", "excerpt", "series", "tags",
               "categories", "category", "keywords", "author")


def cut_by_comment(text: str, lines: dict[str, int]) -> list[tuple[str, int, str]]:
    """The keys of words in `lines` (key -> line of `text`) whose unquoted value a `#` cut
    short, each with its line and what it should be written as."""
    file_lines = text.split("\n", max(lines.values(), default=0))
    found = []
    for key, line in lines.items():
        if key not in _WORDS_KEYS:
            continue
        match = _CUT_BY_COMMENT.match(file_lines[line - 1]) if line <= len(file_lines) else None
        if match is not None and match.group(1) == key:
            whole = f"{match.group(2)} #{match.group(3)}".strip()
            if key in ("tags", "categories", "category", "keywords"):  # (hashtags: a list)
                found.append((key, line, f"{key}: [{', '.join(whole.replace('#', ' ').split())}]"))
            else:
                found.append((key, line, f'{key}: "{whole.replace(chr(34), chr(92) + chr(34))}"'))
    return found


# A phone's smart punctuation makes `tags: [‘ml’]` of `tags: ['ml']`: YAML reads the curly
# quotes as part of the name, a tag `‘ml’` of its own. A value or a list's item wrapped in
# them is said (the rest of the line kept as written); quotes inside a name
# (`李沐“论文精读”系列`, `Karpathy’s notes`) are Chinese and English typing.
_WRAPPED = re.compile(r"(^|[\[,]\s*)(?:“([^“”\n]*)”|‘([^‘’\n]*)’)(?=\s*(?:[,\]]|$))")
_NAME_KEYS = ("tags", "categories", "category", "series", "keywords", "slug", "lang",
              "translationKey")


def curly_quoted(text: str, lines: dict[str, int]) -> list[tuple[str, int, str]]:
    """The keys of names (tags, series, slug…) whose value, or an item of whose list, a phone
    wrapped in curly quotes, each with its line and how to write it in straight ones."""
    file_lines = text.split("\n", max(lines.values(), default=0))
    found = []
    for key in _NAME_KEYS:
        line = lines.get(key)
        if line is None or line > len(file_lines):
            continue
        value = file_lines[line - 1].partition(":")[2].strip()
        straight = _WRAPPED.sub(lambda m: m.group(1) + json.dumps(
            m.group(2) if m.group(2) is not None else m.group(3), ensure_ascii=False), value)
        if straight != value:
            found.append((key, line, f"{key}: {straight}"))
    return found


def string_list(value: Any) -> list[str]:
    """`tags: a`, `tags: [a, b]`; empty and null items dropped."""
    if value is None:
        return []
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return [str(value)] if str(value).strip() else []
    if isinstance(value, list) and all(not isinstance(v, (list, dict)) for v in value):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    raise ValueError("should be a list like [a, b] or a single value")


def jekyll_words(value: Any) -> Any:
    """Jekyll splits a tag or category string at spaces (`tags: gan math-heavy` is two tags);
    lists are left as they are."""
    return value.split() if isinstance(value, str) else value


COMMAS = re.compile("[,，、]")  # (a Chinese writer's comma and enumeration comma too)
_PLAIN_ITEM = compiled_when_used(r"[^\s:#\[\]{}\"',&*!|>%@`]([^:#\[\]{}\"',]*[^\s:#\[\]{}\"',])?")


def flow_item(text: str) -> str:
    """`text` as an item of a YAML list written in one line (`[a, b]`): as it is, or quoted
    when YAML would read it otherwise."""
    return text if _PLAIN_ITEM().fullmatch(text) else json.dumps(text, ensure_ascii=False)


def comma_advice(key: str, written: Any, got: list[str], by_spaces: bool) -> str | None:
    """What to tell of `tags` or `categories` written as one string with commas (`tags:
    transformer, attention`), which no generator parts at its commas (Hexo and Hugo keep it
    one name; Jekyll parts it at spaces, commas kept: `by_spaces`); `got` is the names it
    gave. None when there is no comma in it."""
    if isinstance(written, list):
        return _chinese_comma_advice(key, written)
    if not isinstance(written, str) or not COMMAS.search(written):
        return None
    meant = [part.strip() for part in COMMAS.split(written) if part.strip()]
    items = [flow_item(item) for item in meant]
    noun = "tag" if key == "tags" else "category"
    nouns = "tags" if key == "tags" else "categories"
    named = " and ".join(f"`{name}`" for name in got)
    gives = f"one {noun}, {named}" if len(got) == 1 else f"the {nouns} {named}"
    why = "a Jekyll-named file's string is parted at spaces, not at commas" if by_spaces \
        else "a comma parts nothing in a string"
    if key == "tags" or len(meant) < 2:
        advice = f"write `{key}: [{', '.join(items)}]`" + \
            (f" for {len(meant)} {nouns}" if len(meant) > 1 else "")
    else:
        advice = (f"write `{key}: [{', '.join(f'[{item}]' for item in items)}]` for "
                  f"{len(meant)} {nouns}, or `{key}: [{', '.join(items)}]` for the one "
                  f"category {' › '.join(meant)}")
    return f"`{key}: {written.strip()}` is {gives} ({why}): {advice}"


def _chinese_comma_advice(key: str, written: list) -> str | None:
    """`tags: [算法，哈希表]`: a Chinese keyboard's comma parts nothing in a YAML list, which
    holds one name, `算法，哈希表` (kept: a blog may mean it; said, with the list meant)."""
    joined = [item for item in written if isinstance(item, str) and _CHINESE_COMMAS.search(item)]
    if not joined:
        return None
    meant = [part.strip() for item in written if isinstance(item, str)
             for part in _CHINESE_COMMAS.split(item) if part.strip()]
    noun = "tag" if key == "tags" else "category"
    comma = _CHINESE_COMMAS.search(joined[0]).group()  # type: ignore[union-attr]
    return (f"`{joined[0]}` is one {noun}: its comma is a Chinese one ({comma}), which "
            f"parts nothing in a list; write `{key}: [{', '.join(meant)}]`")


_CHINESE_COMMAS = re.compile("[，、]")


def category_paths(value: Any) -> list[tuple[str, ...]]:
    """Hexo semantics: `[a, b]` is the one path a > b; `[[a, b], c]` is two categories."""
    if value is None:
        return []
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return [(str(value).strip(),)] if str(value).strip(". ") else []  # (`2024`: Hexo's)
    if not isinstance(value, list):
        raise ValueError("should be a name, a list (a path) or a list of lists")
    if any(isinstance(v, list) for v in value):
        paths = [_segments(v) for v in value]
    else:
        paths = [_segments(value)]
    return [path for path in paths if path]


def _segments(value: Any) -> tuple[str, ...]:
    """One category path; `..`, `.` and empty names are not categories."""
    return tuple(s for s in string_list(value) if s.strip(". "))


def truthy_flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    words = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}
    if isinstance(value, str) and value.strip().lower() in words:
        return words[value.strip().lower()]
    raise ValueError("should be true or false")


# The switches LoveIt, FixIt and DoIt (Hugo themes) write as a mapping with `enable` in
# every post their archetype makes (`toc: {enable: true, auto: true}`, `math: {enable: false}`,
# `comment: {enable: true}`): blogforge's `toc`, `math` and `comments`.
THEME_SWITCHES = {"toc": "toc", "math": "math", "comment": "comments"}


def switch_value(value: Any) -> Any:
    """A switch as written; written as those themes write it, its `enable` (None when the
    mapping has none: the theme's default, as if the key were not written)."""
    if isinstance(value, dict):
        return next((v for k, v in value.items() if str(k).lower() == "enable"), None)
    return value


def hugo_unlisted(data: dict[str, Any]) -> bool:
    """Whether Hugo's build options leave the page out of its lists: `build: {list: never}`
    (or `local`, in its own section's list alone, and blogforge has no sections), or the
    older `_build: {list: false}`. Hugo reads the keys in any capitals."""
    for key, options in data.items():
        if str(key).lower() in ("build", "_build") and isinstance(options, dict):
            listed = next((v for k, v in options.items() if str(k).lower() == "list"), True)
            if listed is False or isinstance(listed, str) \
                    and listed.strip().lower() in ("never", "local"):
                return True
    return False


def sitemap_flag(value: Any) -> bool:
    """Whether a page is in the sitemap by its `sitemap` key: `false` (Hexo's and Jekyll's
    sitemap plugins) or Hugo's `{disable: true}` leaves it out; Hugo's other settings
    (`{changefreq: weekly}`) leave it in. ValueError for a value that says neither."""
    if value is None:
        return True
    if isinstance(value, dict):
        disable = next((v for k, v in value.items() if str(k).lower() == "disable"), False)
        return not truthy_flag(disable)
    try:
        return truthy_flag(value)
    except ValueError:
        raise ValueError("should be true or false (or Hugo's `{disable: true}`)") from None


def flag_value(value: Any) -> bool | None:
    """`value` as a flag is read: true, false, or None when it is neither."""
    try:
        return truthy_flag(value)
    except ValueError:
        return None


def slip_unlists(key: str, data: dict[str, Any]) -> bool:
    """Whether `key` is a slip of `unlisted` (`Unlisted`, `unlsited`) saying to unlist the
    post, the real key not written: the build unlists it (what a feed or a search engine
    took once is not taken back)."""
    return misspelt_key(key) == "unlisted" and "unlisted" not in data \
        and flag_value(data[key]) is True


def slip_holds_back(key: str, data: dict[str, Any]) -> bool:
    """Whether `key` is a slip of `draft` or `published` (`darft`, `Draft`, `Published`) saying
    to hold the post back, the real key not written: the build holds it back (a draft published
    by a typo cannot be taken back: feeds and search engines have it)."""
    meant = misspelt_key(key)
    return meant in ("draft", "published", "publish") and meant not in data \
        and flag_value(data[key]) is (meant == "draft")

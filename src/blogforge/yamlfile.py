"""YAML reading that remembers where each key was written, so errors can name a line: the
document, its errors and a memo of documents read before here, the reading itself in
yaml_reading.py, imported at the first YAML a process reads (PyYAML is 40 ms of a start-up,
and a build whose site.yaml and strings are as the last build read them reads none)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from blogforge.process_memo import ProcessMemo

KeyPath = tuple[str, ...]


class YamlSyntaxError(ValueError):
    """Broken YAML; `line` is 1-based within the text that was parsed."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


class YamlDuplicateKey(YamlSyntaxError):
    """A key written twice in one mapping. YAML forbids it, and PyYAML would keep the later
    silently: a second `tags:` section of site.yaml would drop every label of the first."""

    def __init__(self, key: str, line: int, first_line: int) -> None:
        super().__init__(f'duplicate key "{key}" (first at line {first_line})', line)
        self.key = key
        self.first_line = first_line

    def shifted(self, lines: int) -> YamlDuplicateKey:
        """The same, with lines counted from `lines` lines earlier (front matter's `---`)."""
        return YamlDuplicateKey(self.key, (self.line or 0) + lines, self.first_line + lines)


class YamlTooManyAliases(YamlSyntaxError):
    """Aliases that would repeat too much: an anchored list of aliases to a list of aliases…
    (a "billion laughs") is a few lines that expand a thousandfold at each level, and every
    step after parsing (checking values, caching them, fingerprints) would walk the expansion;
    an alias inside the value it names would repeat for ever."""


# Values that aliases may repeat in one document, counted as written out: an anchor or two
# reused in front matter or site.yaml repeats tens; nine levels of nine aliases, ~400 million.
MAX_ALIAS_VALUES = 10_000
# What a message adds for a true or false read where text was meant (YAML 1.1's words).
BOOLEAN_HINT = "yes/no/on/off unquoted are true/false in YAML: quote the text"


@dataclass(frozen=True)
class YamlDocument:
    """A YAML file's data and the line of each key in it (for messages)."""

    data: Any
    lines: dict[KeyPath, int]  # key path -> 1-based line of the key
    # YAML 1.1's yes/no/on/off (unquoted) read as true/false, and its base-60 numbers (`12:30`
    # read as 750), as written, by key path: where text is meant (`title: No`, `tags: [on]`,
    # `lang: no`, `date: 12:30`) the reader wants the word back
    words: dict[KeyPath, str] = field(default_factory=dict)

    def line_of(self, path: KeyPath) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None


def parse_yaml(text: str) -> YamlDocument:
    """Parse one YAML document; raise YamlSyntaxError with a line number on broken input."""
    from blogforge.yaml_reading import read_document

    return read_document(text)


def json_exact(value: Any) -> bool:
    """Whether JSON gives `value` back exactly (text, numbers, booleans, lists, text-keyed
    mappings; not bytes, sets or dates)."""
    kind = type(value)
    if kind in (str, int, float, bool) or value is None:
        return True
    if kind is list:
        return all(json_exact(item) for item in value)
    if kind is dict:
        return all(type(key) is str and json_exact(item) for key, item in value.items())
    return False


_PARSED_HERE: ProcessMemo[str, str] = ProcessMemo()  # (see ParsedYaml.parse)


@dataclass
class ParsedYaml:
    """Documents earlier builds parsed (site.yaml, the strings' files), by their exact text,
    with the line of each key. Only what JSON gives back exactly is kept; anything else, and an
    entry that does not decode as one, is parsed again."""

    known: dict[str, str] = field(default_factory=dict)  # text -> JSON [data, [[path, line]…]]
    used: dict[str, str] = field(default_factory=dict)  # what this build parsed or reused

    def parse(self, text: str) -> YamlDocument:
        """`parse_yaml(text)`, from the memo when it holds the text, or from what this process
        parsed for an earlier build (`_PARSED_HERE`: the theme's strings' files above all)."""
        encoded = self.known.get(text) or _PARSED_HERE.get(text)
        doc = _decoded(encoded) if encoded is not None else None
        if doc is None:
            doc = parse_yaml(text)
            if not json_exact(doc.data):
                return doc
            encoded = json.dumps([doc.data, [[*path, line] for path, line in doc.lines.items()]])
        self.used[text] = _PARSED_HERE.keep(text, encoded)
        return doc

    @property
    def changed(self) -> bool:
        return self.used != self.known


def _decoded(encoded: str) -> YamlDocument | None:
    """The document a memo entry holds; None for one that is not whole (a damaged cache)."""
    try:
        data, lines = json.loads(encoded)
        if not all(type(entry) is list and entry and type(entry[-1]) is int
                   and all(type(part) is str for part in entry[:-1]) for entry in lines):
            return None
        return YamlDocument(data, {tuple(entry[:-1]): entry[-1] for entry in lines})
    except (ValueError, TypeError):
        return None

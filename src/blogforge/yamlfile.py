"""YAML reading that remembers where each key was written, so errors can name a line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

KeyPath = tuple[str, ...]


class YamlSyntaxError(ValueError):
    """Broken YAML; `line` is 1-based within the text that was parsed."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class YamlDocument:
    data: Any
    lines: dict[KeyPath, int]  # key path -> 1-based line of the key

    def line_of(self, path: KeyPath) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None


# libyaml's parser when PyYAML was built with it: front matter of every post passes through here.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type, misc]
    """SafeLoader that keeps dates as text: the loader parses dates itself, with time zones."""


# PyYAML turns `2024-05-01` into a date and drops zones of timestamps; dates are ours to parse.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_yaml(text: str) -> YamlDocument:
    """Parse one YAML document; raise YamlSyntaxError with a line number on broken input."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        # The context mark is where the broken construct opened (a `[` never closed); the problem
        # mark is often the line after it, where the parser gave up.
        mark = exc.context_mark or exc.problem_mark
        problem = exc.problem or str(exc)
        if exc.context:
            problem = f"{problem} ({exc.context})"
        raise YamlSyntaxError(problem, mark.line + 1 if mark else None) from None
    except yaml.reader.ReaderError as exc:
        # (a control character: its position is a character index, the error has no mark)
        problem = (f"control character U+{exc.character:04X} is not allowed here"
                   if isinstance(exc.character, int) else str(exc))
        raise YamlSyntaxError(problem, text.count("\n", 0, exc.position) + 1) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(str(exc), None) from None
    finally:
        loader.dispose()
    lines: dict[KeyPath, int] = {}
    if node is not None:
        _collect_lines(node, (), lines)
    return YamlDocument(data, lines)


def _collect_lines(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = (*path, str(key_node.value))
            lines[key] = key_node.start_mark.line + 1
            _collect_lines(value_node, key, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            key = (*path, str(index))
            lines[key] = item.start_mark.line + 1
            _collect_lines(item, key, lines)

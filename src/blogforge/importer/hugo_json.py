"""Hugo's JSON front matter (read as Hugo reads it: content/json_front.py) in an import.

The import writes such front matter as YAML, one top-level key a line, each value in JSON's
own notation where YAML reads it so (`yaml_flow`); the body is kept byte for byte."""

from __future__ import annotations

from blogforge.content.json_front import BrokenJson, JsonFrontMatter, json_front_matter
from blogforge.importer import yaml_flow, yaml_key

__all__ = ["BrokenJson", "JsonFrontMatter", "as_yaml", "json_front_matter"]


def as_yaml(front: JsonFrontMatter, newline: str) -> str:
    """The page with its JSON front matter written as YAML between `---` lines, one top-level
    key a line, and its body as it was."""
    lines = ["---", *(f"{yaml_key(str(key))}: {yaml_flow(value)}"
                      for key, value in front.data.items()), "---"]
    return newline.join(lines) + newline + front.body

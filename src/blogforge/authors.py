"""A post's authors, from its front matter: `author: 爱丽丝`, or Hugo's list `authors: [爱丽丝,
Bob]` (a list under `author`, or both keys, are read too).

A value that names no one (`author: 123`, a mapping, an empty string) is left out and told at
its line (`author_problems`), never shown as Python's text of it; the site's `author` stands in
for a post that names none.
"""

from __future__ import annotations

from typing import Any

from blogforge.content.frontmatter import COMMAS, flow_item

AUTHOR_KEYS = ("author", "authors")
_EXAMPLE = "`author: 爱丽丝`, or `authors: [爱丽丝, Bob]` for several"


def post_authors(params: dict[str, Any]) -> list[str]:
    """The names a post's front matter gives as its authors, in the order written (`author`'s
    before `authors`'), each once; [] for none."""
    names: list[str] = []
    for key in AUTHOR_KEYS:
        for name in _read(key, params)[0]:
            if name not in names:
                names.append(name)
    return names


def own_authors(params: dict[str, Any], site_author: str) -> list[str]:
    """The post's authors when they are not the site's own alone: what its byline and its feed
    entries name (a one-author blog's posts name no one but the site's, and look as before)."""
    names = post_authors(params)
    return [] if names == [site_author.strip()] else names


def author_problems(params: dict[str, Any]) -> list[tuple[str, str]]:
    """What is wrong with a post's `author` and `authors`, as (key, message): a value that is
    no name, or one name with commas that meant several."""
    return [(key, problem) for key in AUTHOR_KEYS if key in params
            for problem in _read(key, params)[1]]


def _read(key: str, params: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The names `key` gives, and what is wrong with it."""
    if key not in params:
        return [], []
    value = params[key]
    if isinstance(value, list):
        if not value:
            return [], [f"`{key}` is an empty list: name its authors ({_EXAMPLE}), or leave "
                        "the line out"]
        names, wrong = [], []
        for number, item in enumerate(value, start=1):
            name, _ = _name(item, key)
            if name is None:
                wrong.append(f"item {number} ({_shown(item)})")
            elif name not in names:
                names.append(name)
        problems = [f"`{key}`: {', '.join(wrong)} {'is' if len(wrong) == 1 else 'are'} no "
                    f"name: left out (write each as a name: {_EXAMPLE})"] if wrong else []
        return names, problems
    name, why = _name(value, key)
    if name is None:
        return [], [f"`{key}` {why}"]
    parts = [part.strip() for part in COMMAS.split(name) if part.strip()]
    if len(parts) > 1:
        listed = ", ".join(map(flow_item, parts))
        return [name], [f"`{key}: {name}` is one name (a comma parts nothing in a string): "
                        f"write `authors: [{listed}]` for {len(parts)} authors"]
    return [name], []


def _name(value: Any, key: str) -> tuple[str | None, str]:
    """A name as written, stripped, or None and why it is none."""
    if isinstance(value, str):
        if value.strip():
            return value.strip(), ""
        return None, f"is empty: write a name ({_EXAMPLE}), or leave the line out"
    if value is None:
        return None, f"is empty: write a name ({_EXAMPLE}), or leave the line out"
    if isinstance(value, bool):
        return None, f"should be a name, not {str(value).lower()}: {_EXAMPLE}"
    if isinstance(value, (int, float)):
        return None, (f"should be a name, not the number {value}: quote it if it is one "
                      f"(`{key}: \"{value}\"`), else {_EXAMPLE}")
    if isinstance(value, dict):
        named = value.get("name")
        if isinstance(named, str) and named.strip():
            return None, (f"should be a name, not a mapping: write `{key}: {named.strip()}` "
                          "(its other fields are not read)")
        return None, f"should be a name, not a mapping: {_EXAMPLE}"
    return None, f"should be a name: {_EXAMPLE}"


def _shown(item: Any) -> str:
    """An item of a list as a message quotes it."""
    if isinstance(item, str) or item is None:
        return "empty"
    if isinstance(item, bool):
        return str(item).lower()
    if isinstance(item, dict):
        return "a mapping"
    if isinstance(item, list):
        return "a list"
    return str(item)


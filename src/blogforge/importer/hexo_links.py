"""A Hexo theme's friend links (友情链接) as Markdown in the page that showed them.

Butterfly's links page is a page whose front matter says `type: link` (`source/link/index.md`);
its theme fills it from `source/_data/link.yml`, a list of classes, each
`{class_name, class_desc, link_list: [{name, link, avatar, descr}]}`, and shows the page's own
text after them. blogforge has no such page type: imported as it was, the page held only its
own text, and the links were lost. They are written into it as Markdown instead, a `##`
heading for each class (its description under it) and a list of `[name](link) — descr` items,
before its own text, as Butterfly showed them. A flat list of links (`[{name, link, descr}]`,
as other themes keep them, `title`/`url`/`intro` too) is one class without a heading.

The avatars are left out: each is a picture on another site, which every reader of the page
would fetch from it (telling it who reads the page, and when), and which is often gone years
later. The report says how many were.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from blogforge.content.frontmatter import FrontMatterError, split_front_matter
from blogforge.yamlfile import YamlSyntaxError, parse_yaml

DATA_FILES = ("link.yml", "link.yaml")  # in source/_data/


@dataclass(frozen=True)
class FriendLinks:
    """The links of `source/_data/link.yml`, as Markdown."""

    file: Path
    markdown: str
    count: int
    avatars: int  # pictures of other sites left out


def is_links_page(text: str) -> bool:
    """Whether a page of source/ is one a Hexo theme fills with the friend links
    (`type: link`, Butterfly's; `links`, some others')."""
    try:
        data = split_front_matter(text.replace("\r\n", "\n")).data
    except FrontMatterError:
        return False
    return str(data.get("type", "")).strip().lower() in ("link", "links")


def read_friend_links(data_folder: Path) -> FriendLinks | str | None:
    """The friend links of `data_folder` (source/_data/); what is wrong with the file, or None
    when there is none."""
    file = next((data_folder / name for name in DATA_FILES if (data_folder / name).is_file()),
                None)
    if file is None:
        return None
    try:
        data = parse_yaml(file.read_text(encoding="utf-8-sig")).data
    except (OSError, UnicodeDecodeError, YamlSyntaxError) as exc:
        return f"could not be read: {exc}"
    if not isinstance(data, list):
        return "not a list of links, nor of classes of them (Butterfly's `class_name`, " \
               "`link_list`)"
    classes = [item for item in data if isinstance(item, dict) and "link_list" in item] \
        or [{"link_list": data}]
    blocks: list[str] = []
    count = avatars = 0
    for group in classes:
        items = [item for item in group.get("link_list") or [] if isinstance(item, dict)]
        lines = [line for item in items if (line := _item(item))]
        count += len(lines)
        avatars += sum(1 for item in items if _text(item, "avatar", "image", "img"))
        name, desc = _text(group, "class_name"), _text(group, "class_desc")
        blocks.append("\n\n".join(part for part in (f"## {name}" if name else "", desc,
                                                    "\n".join(lines)) if part))
    return FriendLinks(file, "\n\n".join(block for block in blocks if block) + "\n", count,
                       avatars)


def with_links(text: str, links: FriendLinks) -> str:
    """The page's text with the links before its own text (after its front matter)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    try:
        start = split_front_matter(text.replace("\r\n", "\n")).body_line - 1
    except FrontMatterError:
        return text
    lines = text.split(newline)
    body = newline.join(lines[start:]).strip("\r\n")
    added = links.markdown.replace("\n", newline)
    return newline.join(lines[:start]) + newline + added + (newline + body + newline
                                                            if body else "")


def _item(item: dict) -> str | None:
    """One link as a Markdown list item; None without a name or an address."""
    name, link = _text(item, "name", "title"), _text(item, "link", "url")
    if not name or not link:
        return None
    target = f"<{link}>" if re.search(r"[\s()<>]", link) else link
    descr = _text(item, "descr", "intro", "description", "desc")
    shown = re.sub(r"([\[\]\\])", r"\\\1", name)
    return f"- [{shown}]({target})" + (f" — {descr}" if descr else "")


def _text(item: dict, *keys: str) -> str:
    """The first of `keys` the item has a value of, as one line of text."""
    for key in keys:
        value = item.get(key)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) \
                and str(value).strip():
            return " ".join(str(value).split())
    return ""

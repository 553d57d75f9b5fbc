"""A Notion page's properties, the `Key: value` lines its export writes under the title
(`Tags: ml, nlp`, `Created: May 1, 2024 9:30 PM`; a Chinese workspace's `标签`, `创建时间:
2024年5月1日 21:30`), as front matter: what blogforge has a key for (date, updated, tags,
categories, description, slug, draft) under that key, every other property kept under
`notion:` (which templates read as `post.params.notion`), never as `url`, the page's own
address here."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta, timezone, tzinfo

from blogforge.content.frontmatter import day_only, parse_date
from blogforge.importer import offset_text

# Notion's property names (English and Chinese workspaces; the names its templates and blog
# tools such as Elog and NotionNext use) -> the front matter key. A page's date is the first
# of Published, Date, Created it has: a date the writer set wins over the page's creation.
_DATE_KEYS = (("published", "publish date", "published date", "publish time", "date published",
               "发布日期", "发布时间", "发布于"),
              ("date", "日期", "时间"),
              ("created", "created time", "created at", "date created", "创建时间",
               "创建日期", "创建于"))
_UPDATED = ("last edited time", "last edited", "last edited at", "last updated",
            "updated", "updated at", "最后编辑时间", "上次编辑时间", "最后更新时间",
            "更新时间", "编辑时间")
_TAGS = ("tags", "tag", "标签")
_CATEGORIES = ("category", "categories", "分类", "类别", "类目")
_DESCRIPTION = ("description", "summary", "摘要", "简介", "描述")
_SLUG = ("slug",)
_STATUS = ("status", "状态")
_DRAFT_FLAG = ("draft", "草稿")  # a checkbox: Yes holds the page back
# Statuses that say a page is not written yet (Notion's own "Not started", a board's "To do",
# a blog template's "Draft"), in both languages: such a page becomes a draft. Every other
# status (In progress, Reading, Done, 进行中, 已完成…) is published: a study note in progress
# is a note worth reading, and the status is kept under `notion:`.
DRAFT_STATUSES = ("Not started", "Draft", "To do", "Todo", "Unpublished", "未开始", "草稿",
                  "待办", "未发布")
_DRAFT_WORDS = frozenset(status.lower() for status in DRAFT_STATUSES) | {"to-do"}
_KNOWN = frozenset(name for names in (*_DATE_KEYS, _UPDATED, _TAGS, _CATEGORIES, _DESCRIPTION,
                                      _SLUG, _STATUS, _DRAFT_FLAG) for name in names) | {
    "url", "链接", "link", "source", "来源", "author", "作者", "created by", "创建者",
    "last edited by", "最后编辑者", "type", "类型", "priority", "优先级"}

# `Key: value`: a key as Notion writes a property's name (no Markdown of a paragraph's start:
# `#`, `>`, `-`, `*`, `[`, a list number), one space after the colon
_LINE = re.compile(r"([^\s#>*\-\[`|<!:0-9][^:\n]{0,59}?|[0-9][^:\n.)]{0,59}?): (.*\S)?\s*")
# Notion's time zone after a date property's time: `May 1, 2024 9:30 PM (GMT+8)`
_GMT = re.compile(r"\s*\((?:GMT|UTC)\s*(?:([+-])(\d{1,2})(?::?(\d{2}))?)?\)\s*$")
_YES = frozenset({"yes", "true", "是", "✓", "✅"})


@dataclass
class Properties:
    front: dict[str, object] = field(default_factory=dict)  # title aside, blogforge's keys
    kept: dict[str, str] = field(default_factory=dict)  # the others, as Notion named them
    draft_because: str = ""  # the line that made the page a draft (`Status: Not started`)
    status: tuple[str, int] | None = None  # its status, and the index of its line


def property_block(lines: list[str], start: int, columns: frozenset[str]) -> int:
    """The index after the property lines starting at `lines[start]` (a run of `Key: value`
    lines ended by a blank line or the end); `start` when there are none. A run is Notion's
    only when one of its keys is a property name Notion or its blog tools use, or is a column
    of the page's database (`columns`, its CSV's header): else it is the page's first
    paragraph (`Note: …`)."""
    end = start
    while end < len(lines) and lines[end].strip() and _LINE.fullmatch(lines[end]):
        end += 1
    if end == start or end < len(lines) and lines[end].strip():
        return start
    keys = {_LINE.fullmatch(line).group(1) for line in lines[start:end]}  # type: ignore[union-attr]
    if not any(key.lower() in _KNOWN or key in columns for key in keys):
        return start
    return end


def read_properties(lines: list[str], zone: tzinfo,
                    note: Callable[[int, str], None]) -> Properties:
    """The property lines (each a `Key: value`; `note(index, message)` says what could not
    be read, at the index of its line) as front matter."""
    values: dict[str, tuple[str, int]] = {}
    for index, line in enumerate(lines):
        found = _LINE.fullmatch(line)
        if found is not None:
            values.setdefault(found.group(1), ((found.group(2) or "").strip(), index))
    read = Properties()
    used: set[str] = set()

    def first(names: tuple[str, ...]) -> tuple[str, str, int] | None:
        for key, (value, index) in values.items():
            if key.lower() in names and key not in used and value:
                used.add(key)
                return key, value, index
        return None

    for names in _DATE_KEYS:
        found = first(names)
        if found is None:
            continue
        key, value, index = found
        if names is _DATE_KEYS[0] and value.lower() in (*_YES, "no", "false", "否"):
            if value.lower() not in _YES:  # (a Published checkbox, not ticked)
                read.draft_because = f"{key}: {value}"
            continue
        date = _date(value, zone, lambda message, i=index: note(i, message))
        if date is None:
            used.discard(key)
            continue
        read.front["date"] = date
        break
    if (found := first(_UPDATED)) is not None:
        key, value, index = found
        date = _date(value, zone, lambda message, i=index: note(i, message))
        if date is not None:
            read.front["updated"] = date
        else:
            used.discard(key)
    if (found := first(_TAGS)) is not None:
        read.front["tags"] = names_of(found[1])
    if (found := first(_CATEGORIES)) is not None:
        # (a list of names is one category's path to the build: each is a one-name list)
        read.front["categories"] = [[name] for name in names_of(found[1])]
    if (found := first(_DESCRIPTION)) is not None:
        read.front["description"] = found[1]
    if (found := first(_SLUG)) is not None:
        read.front["slug"] = found[1]
    for key, (value, index) in values.items():
        if key.lower() in _STATUS:
            read.status = read.status or (value, index)
            if value.lower() in _DRAFT_WORDS:
                read.draft_because = f"{key}: {value}"
        if key.lower() in _DRAFT_FLAG and value.lower() in _YES:
            used.add(key)
            read.draft_because = f"{key}: {value}"
    if read.draft_because:
        read.front["draft"] = True
    read.kept = {key: value for key, (value, _) in values.items() if key not in used}
    return read


def names_of(value: str) -> list[str]:
    """A multi-select's names: Notion joins them with `, ` (a name holds no comma)."""
    return list(dict.fromkeys(name.strip() for name in re.split(r"[,，]", value)
                              if name.strip()))


def _date(value: str, zone: tzinfo, note: Callable[[str], None]) -> str | None:
    """A date property as front matter writes it (`2024-05-01 21:30`, in the site's zone
    unless Notion named one: `(GMT+8)`); the start of a range (`May 1, 2024 → May 3, 2024`).
    None, and a note, for a value no date."""
    written = value.lstrip("@").split("→")[0].strip()
    offset = None
    if (gmt := _GMT.search(written)) is not None:
        written = written[:gmt.start()]
        sign, hours, minutes = gmt.groups()
        delta = timedelta(hours=int(hours or 0), minutes=int(minutes or 0))
        offset = timezone(-delta if sign == "-" else delta)
    try:
        read = parse_date(written, zone)
    except ValueError as exc:
        note(f"`{value}` is no date blogforge reads ({exc}): kept under `notion:`")
        return None
    if day_only(written):
        return f"{read:%Y-%m-%d}"
    # (an offset Notion wrote, `(GMT+8)` or an ISO `+08:00`, stays; else the site's zone)
    offset = offset or (read.tzinfo if read.tzinfo is not zone else None)
    moment = read.replace(tzinfo=offset) if offset else read
    text = f"{moment:%Y-%m-%d %H:%M}" + (f":{moment:%S}" if moment.second else "")
    if not offset:
        return text
    return text + offset_text(int((moment.utcoffset() or timedelta()).total_seconds()))



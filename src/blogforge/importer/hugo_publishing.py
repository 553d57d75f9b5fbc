"""What Hugo did not publish, held back here too.

Hugo publishes no page for content whose `publishDate` is to come (unless `buildFuture`), whose
`expiryDate` is past (unless `buildExpired`), whose build options say `render: never` (`build`,
Hugo 0.65+, or the older `_build`, with `render: false`), or that is a headless bundle
(`headless: true`). blogforge reads `publishDate` and `expiryDate` as Hugo does, but not the
others (it leaves them to templates), nor `unpublishdate` or `pubdate`. A page Hugo held back
for good (expired, never rendered, headless) becomes a draft, `draft: true`; a page scheduled
by its `publishDate` stays as written (its `date` too, which Hugo shows once it is out); a
post scheduled by `pubdate` gets that as its `date`, which the build holds back as a future
post until then, as Hugo did (a page so scheduled becomes a draft). Each is reported, with
why; and so is `list: never`, which the build reads (the page is unlisted)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from blogforge.content.frontmatter import flag_value, parse_date
from blogforge.importer import Site, front_matter, set_keys


@dataclass(frozen=True)
class Publishing:
    """What Hugo's config let it publish, and when the import reads the site (`now`)."""

    now: datetime
    future: bool = False  # `buildFuture`: pages whose publishDate is to come, published
    expired: bool = False  # `buildExpired`: pages whose expiryDate is past, published

    @classmethod
    def of(cls, config: dict) -> Publishing:
        """From Hugo's config (its keys lowered)."""
        return cls(datetime.now(UTC), config.get("buildfuture") is True,
                   config.get("buildexpired") is True)


def as_hugo_published(text: str, source: Path, site: Site, publishing: Publishing,
                      zone: tzinfo, post: bool, lines: dict[str, int] | None = None) -> str:
    """A page's text held back where Hugo held it back (see the module's text): `draft: true`,
    or, for a post whose `pubdate` is to come and later than its `date`, that date as its
    `date`. `lines`: each front matter key's line in the source, for the report."""
    data = front_matter(text)
    if not data or flag_value(data.get("draft")) is True:
        return text  # (held back already)
    keys = {str(key).lower(): key for key in data}

    def line(key: str) -> int | None:
        if key not in keys:
            return None
        return (lines or {}).get(str(keys[key])) or _table_line(text, str(keys[key]))

    unpublished = _never_rendered(data, keys)
    if unpublished is not None:
        key, why = unpublished
        return _drafted(text, source, site, line(key), why)
    expiry = _date(data, keys, ("expirydate", "unpublishdate"), zone)
    if expiry is not None and not publishing.expired:
        key, when = expiry
        if when <= publishing.now:
            return _drafted(text, source, site, line(key), f"`{keys[key]}` {when:%Y-%m-%d} "
                            "is past: Hugo took the page down then")
        site.note_once(source, line(key), f"`{keys[key]}` {when:%Y-%m-%d}: Hugo takes the "
                       "page down then, and so does blogforge's first build after it")
    _list_never(data, keys, source, site, line)
    publish = _date(data, keys, ("publishdate", "pubdate"), zone)
    if publish is None or publishing.future or publish[1] <= publishing.now:
        return text
    key, when = publish
    dated = _date(data, keys, ("date",), zone)
    if dated is not None and dated[1] >= when:
        return text  # (a later `date`: held back by the build already)
    if key == "publishdate":  # (read by the build as Hugo reads it: the text stays as written)
        site.note_once(source, line(key), f"`{keys[key]}` {when:%Y-%m-%d} is to come: Hugo "
                       f"publishes the {'post' if post else 'page'} then, and so does "
                       "blogforge's first build after it")
        return text
    if not post:  # (the build holds back only posts dated to come)
        return _drafted(text, source, site, line(key), f"`{keys[key]}` {when:%Y-%m-%d} is "
                        "to come: Hugo publishes the page then")
    was = f" (it was {dated[1]:%Y-%m-%d})" if dated is not None else ""
    site.note_once(source, line(key), f"`{keys[key]}` {when:%Y-%m-%d} is to come: Hugo "
                   f"publishes the post then; written as its `date`{was}, so that blogforge "
                   "holds it back until then too")
    return set_keys(text, {"date": str(data[keys[key]])})


def _table_line(text: str, key: str) -> int | None:
    """The line of TOML front matter that opens the table `key` (`[_build]`), which the
    build's front matter reader gives no line for."""
    header = re.compile(rf"""\s*\[\s*["']?{re.escape(key)}["']?\s*\]""")
    for number, written in enumerate(text.splitlines()[1:], 2):
        if written.rstrip() == "+++":
            break
        if header.match(written):
            return number
    return None


def _drafted(text: str, source: Path, site: Site, line: int | None, why: str) -> str:
    site.note_once(source, line, f"{why}; written `draft: true`, so that blogforge does not "
                   "publish it either")
    return set_keys(text, {"draft": True})


def _never_rendered(data: dict, keys: dict[str, str]) -> tuple[str, str] | None:
    """The key that says Hugo rendered no page of this content, and how it says it; None
    when it rendered one."""
    if "headless" in keys and flag_value(data[keys["headless"]]) is True:
        return "headless", f"`{keys['headless']}: true`: a headless bundle, which Hugo " \
            "renders no page of"
    for key in ("build", "_build"):
        options = _lowered(data.get(keys.get(key, key)))
        render = options.get("render")
        if render is False or isinstance(render, str) and render.lower() in ("never", "link"):
            return key, f"`{keys[key]}: render: {_written(render)}`: Hugo rendered no page " \
                "of it"
    return None


def _list_never(data: dict, keys: dict[str, str], source: Path, site: Site,
                line: Callable[[str], int | None]) -> None:
    """Report a page Hugo left out of its lists (`build: list: never` or `local`), which the
    build reads so too: it is unlisted (README: `unlisted`)."""
    for key in ("build", "_build"):
        listed = _lowered(data.get(keys.get(key, key))).get("list")
        if listed is False or isinstance(listed, str) and listed.lower() in ("never", "local"):
            site.note_once(source, line(key), f"`{keys[key]}: list: {_written(listed)}`: Hugo "
                           "left the page out of its lists (the home page's, the feed); "
                           "blogforge reads it so too: the page is unlisted, at its URL "
                           "and in no list, feed, sitemap or search")


def _lowered(options: object) -> dict:
    return {str(k).lower(): v for k, v in options.items()} if isinstance(options, dict) else {}


def _written(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _date(data: dict, keys: dict[str, str], names: tuple[str, ...],
          zone: tzinfo) -> tuple[str, datetime] | None:
    """The first of the keys `names` (lowered) that holds a date, and the date; None when
    none does (a date the build cannot read it says itself, where it reads it)."""
    for name in names:
        value = data.get(keys[name]) if name in keys else None
        if value in (None, ""):
            continue
        try:
            return name, parse_date(value, zone)
        except ValueError:
            return None
    return None

"""Posts as earlier builds read them, kept in the cache so that a file whose bytes did not
change is not read again.

Loading a thousand unchanged posts (decoding, looking for control characters, front matter,
titles, dates, URLs) was a seventh of a one-post edit's build. A record holds what the loader
made of one file and the warnings it gave, under a key of everything reading the file depends
on (its bytes, its name, the load options, this code) but one thing the record notes itself:
the folder beside the file that would be its asset folder. A post's body is not stored twice:
the record says where in the file's bytes it starts.

A record holds only what JSON gives back exactly: a post whose front matter JSON cannot hold
(a YAML date, a mapping with number keys), or dated by its file's stat, is read every time. A
record that does not decode, or holds a value of the wrong type, is a miss. Values are JSON,
like everything in the cache.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from blogforge.cache import decode
from blogforge.diagnostics import Diagnostic, Diagnostics
from blogforge.fingerprint import hash_text
from blogforge.model import Post
from blogforge.yamlfile import json_exact

_TEXT, _MAYBE_TEXT, _NUMBER, _FLAG, _MAYBE_FLAG = (str,), (str, type(None)), (int,), (bool,), \
    (bool, type(None))
_MAYBE_NUMBER = (int, type(None))
# Post fields stored as JSON gives them back, with the types a record must give them.
_PLAIN = {"kind": _TEXT, "lang": _TEXT, "title": _TEXT, "path": _TEXT, "body_line": _NUMBER,
          "tags": (list,), "inline_tags": (list,), "series": _MAYBE_TEXT,
          "series_order": (int, float, type(None)),
          "draft": _FLAG, "unlisted": _FLAG, "noindex": _FLAG, "in_sitemap": _FLAG,
          "pinned": _NUMBER, "summary": _MAYBE_TEXT, "title_line": _NUMBER,
          "summary_line": _NUMBER, "description": _MAYBE_TEXT, "description_line": _NUMBER,
          "toc": _MAYBE_FLAG, "math": _MAYBE_FLAG,
          "translation_key": _TEXT, "params": (dict,), "dated_by_file": _FLAG,
          "own_path": _FLAG, "reads_like": _MAYBE_TEXT, "own_locale": _MAYBE_TEXT,
          "image_urls": (list, type(None)), "embedded_names": (list, type(None)),
          "written_heading_ids": (dict, type(None))}
_PLAIN_TYPES = tuple(_PLAIN.items())


@dataclass
class ReadPosts:
    """The records a build may use, and what it used and made (for the cache)."""

    keys: Mapping[str, str]  # "content/a.md" -> the key of its record: see `record_keys`
    known: Mapping[str, bytes | str]  # key -> a record earlier builds stored, as stored
    used: list[str] = field(default_factory=list)  # the keys of the records of this build
    made: dict[str, dict[str, Any]] = field(default_factory=dict)  # new records by key
    # new records another process of this build made (the loader's `_read_aside`), by key
    given: dict[str, dict[str, Any]] = field(default_factory=dict)

    def unknown(self, rel: str) -> str | None:
        """The key of the record of `content/<rel>` when no earlier build stored one."""
        key = self.keys.get(f"content/{rel}")
        return key if key is not None and key not in self.known else None

    def read(self, rel: str, asset_folder: Path | None, raw: bytes,
             said: Diagnostics, load: Callable[[], Post | None]) -> Post | None:
        """The post an earlier build (or another process of this one: `given`) made of the
        file `content/<rel>` whose bytes are `raw` and whose asset folder was the same, its
        warnings added to `said`; else what `load` makes of it (adding its own), recorded
        for the next build."""
        key = self.keys.get(f"content/{rel}")
        if key is None:
            return load()
        folder = None if asset_folder is None else str(asset_folder)
        given = self.given.pop(key, None)
        recalled = _recall(self.known.get(key), folder, raw) if given is None else \
            _recalled(given, folder, raw)
        if recalled is not None:
            self.used.append(key)
            if given is not None:
                self.made[key] = given
            said.items.extend(recalled[1])
            return recalled[0]
        before = len(said.items)
        post = load()
        made = post_record(post, said.items[before:], folder, raw) if post is not None \
            else None
        if made is not None:
            self.used.append(key)
            self.made[key] = made
        return post


def record_keys(code: str, site_dir: Path, options: Any,
                digests: Mapping[str, str]) -> dict[str, str]:
    """The key of each Markdown file's record among `digests` ("content/a.md" -> digest of
    its bytes): its bytes, its name, this code, the site's folder and the load options (a
    dataclass; its sets in order, as a set's order changes from one process to the next).
    Not `drafts`: it changes only what a draft with an error gives, which is never recorded,
    so `build` and `serve --drafts` share their records."""
    salt = hash_text(code, str(site_dir), [
        (name, sorted(value) if isinstance(value, set | frozenset) else value)
        for name, value in vars(options).items() if name != "drafts"])
    return {rel: hash_text(salt, rel, digest) for rel, digest in digests.items()
            if rel.startswith("content/")
            and rel.lower().endswith((".md", ".markdown", ".ipynb"))}


def _recall(stored: bytes | str | None, asset_folder: str | None,
            raw: bytes) -> tuple[Post, list[Diagnostic]] | None:
    if stored is None:
        return None
    try:
        record = decode(stored)
    except ValueError:
        return None
    return _recalled(record, asset_folder, raw)


def _recalled(record: Any, asset_folder: str | None,
              raw: bytes) -> tuple[Post, list[Diagnostic]] | None:
    if not isinstance(record, dict) or record.get("asset_folder", 0) != asset_folder:
        return None  # (a folder beside the file came or went: it may be its asset folder)
    return post_from_record(record, raw)


def post_record(post: Post, said: list[Diagnostic], asset_folder: str | None,
                raw: bytes) -> dict[str, Any] | None:
    """`post` (as the loader made it from `raw`, with that asset folder) and its warnings as
    JSON values; None when they would not come back exactly: front matter JSON cannot hold,
    a date its text and zone name would not give back, a date the file's stat gave. (Every
    field of a post is stored: a test holds this list to the model's.)"""
    if post.rendered is not None or post.dated_by_file or not json_exact(post.params) \
            or not all(_keeps(when) for when in (post.date, post.updated, post.publish_date,
                                                 post.expiry_date)):
        return None
    text = _text(raw)
    # (in bytes: the body alone is decoded when it is recalled, not the whole file's text,
    # which was then cut out of it, 5 ms of a one-post edit; its UTF-8 ends the file's bytes)
    starts = len(raw) - len(post.body.encode("utf-8")) \
        if text is not None and text.endswith(post.body) else None
    record: dict[str, Any] = {name: getattr(post, name) for name in _PLAIN}
    record.update(
        source=str(post.source), categories=[list(path) for path in post.categories],
        date=_moment(post.date), updated=_moment(post.updated),
        publish_date=_moment(post.publish_date), expiry_date=_moment(post.expiry_date),
        bundle_dir=None if post.bundle_dir is None else str(post.bundle_dir),
        body_starts=starts, body=post.body if starts is None else None,
        asset_folder=asset_folder,
        cascaded={key: [source, line] for key, (source, line) in post.cascaded.items()},
        said=[[d.level, d.message, None if d.path is None else str(d.path), d.line]
              for d in said])
    return record


def post_from_record(record: Any, raw: bytes) -> tuple[Post, list[Diagnostic]] | None:
    """The post and warnings `record` holds; None when it is not a sound record."""
    try:
        starts = record["body_starts"]
        if starts is None:
            body = record["body"]
        else:
            if type(starts) is not int or not 0 <= starts <= len(raw):
                return None
            body = str(memoryview(raw)[starts:], "utf-8")  # (not UTF-8 there: a ValueError)
        plain = {}
        for name, types in _PLAIN_TYPES:  # (a loop, not all(): a thousand posts' checks each build)
            value = record[name]
            if not isinstance(value, types):
                return None
            plain[name] = value
        post = Post(
            source=Path(record["source"]), date=_from_moment(record["date"]),
            updated=_from_moment(record["updated"]), body=body,
            publish_date=_from_moment(record["publish_date"]),
            expiry_date=_from_moment(record["expiry_date"]),
            categories=[tuple(path) for path in record["categories"]],
            bundle_dir=None if record["bundle_dir"] is None else Path(record["bundle_dir"]),
            cascaded={key: (source, line) for key, (source, line)
                      in record["cascaded"].items()},
            **plain)
        said = [Diagnostic(level, message, None if path is None else Path(path), line)
                for level, message, path, line in record["said"]]
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if not isinstance(body, str):
        return None
    sound = all(isinstance(d.level, str) and isinstance(d.message, str)
                and isinstance(d.line, _MAYBE_NUMBER) for d in said) and all(
        isinstance(name, str) for name in post.tags + post.inline_tags
        + (post.image_urls or []) + (post.embedded_names or [])) \
        and all(isinstance(ident, str) for ident in (post.written_heading_ids or {}).values()) \
        and all(isinstance(source, str) and type(line) is int
                for source, line in post.cascaded.values()) and all(
        isinstance(part, str) for path in post.categories for part in path)
    return (post, said) if sound else None


def _text(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _keeps(when: datetime | None) -> bool:
    return when is None or repr(_from_moment(_moment(when))) == repr(when)


def _moment(when: datetime | None) -> list[Any] | None:
    """A date with its time zone by name when it has one (its offset alone would not say
    which zone's rules a template's formatting follows)."""
    if when is None:
        return None
    zone = when.tzinfo.key if isinstance(when.tzinfo, ZoneInfo) else None
    return [when.isoformat(), zone, when.fold]


def _from_moment(value: Any) -> datetime | None:
    if value is None:
        return None
    written, zone, fold = value
    when = datetime.fromisoformat(written)
    return when.replace(tzinfo=ZoneInfo(zone), fold=fold) if zone is not None else \
        when.replace(fold=fold)

"""Permalinks: a post's URL made from a pattern, so a blog keeps the URLs it had elsewhere.

    permalink: /:year/:month/:day/:title/      Hexo's default
    permalink: date                            Jekyll's, /:categories/:year/:month/:day/:title.html
    permalink: /:categories/:title.html
    permalink: /:section/:slug_or_title/       Hugo's /:section/:slug/

A pattern ending in `/` gives a folder page (`…/index.html`), one ending in `.html` that file;
any other ending gets a `/`. Values are made URL-safe the way blogforge makes every slug. A post's
own `permalink` (Jekyll, Hexo) or `url` (Hugo) in its front matter is its URL as written.

A bundle's files (`name/index.md` and what is beside it, or Hexo's asset folder `name/` beside
`name.md`) are published in `bundle_folder` of its page's URL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime

from blogforge.diagnostics import NAME_CONTROLS, escaped
from blogforge.text import close_matches
from blogforge.urls import slugify

# Jekyll's named styles.
STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
_TOKEN = re.compile(r":([a-z_]+)")
_PAGE_FILE = re.compile(r"\.html?$", re.IGNORECASE)
_FILE_NAMES = ("title", "name", "filename", "slug", "path")
_NAMES_THE_POST = frozenset({*_FILE_NAMES, "post_title", "slug_or_title"})
_CATEGORIES = frozenset({"categories", "category", "sections", "section"})


@dataclass(frozen=True)
class PostFields:
    """What a pattern can use, as the loader knows it."""

    date: datetime | None
    name: str  # file name (or bundle folder) without date prefix, language or extension
    title: str
    slug: str | None  # front matter
    categories: list[tuple[str, ...]]
    folders: tuple[str, ...]  # folders under content/, e.g. ("posts", "leetcode")
    lang: str


def _values(fields: PostFields) -> dict[str, str]:
    d = fields.date or datetime(1970, 1, 1)
    first = fields.categories[0] if fields.categories else ()
    name = fields.slug or fields.name
    return {
        "year": f"{d.year:04d}", "short_year": f"{d.year % 100:02d}",
        "month": f"{d.month:02d}", "i_month": str(d.month), "day": f"{d.day:02d}",
        "i_day": str(d.day), "hour": f"{d.hour:02d}", "minute": f"{d.minute:02d}",
        "second": f"{d.second:02d}", "y_day": f"{d.timetuple().tm_yday:03d}",
        "week": f"{d.isocalendar()[1]:02d}", "short_day": d.strftime("%a"),
        "monthname": d.strftime("%B").lower(),
        # Jekyll and Hexo: the file name; Hexo's post_title and Hugo's title: the title
        "title": name, "name": name, "filename": name, "slug": name,
        # the folders below posts/ and the name: Hexo's :title, Hugo's default URL
        "path": "/".join([*fields.folders[1:], name]),
        "post_title": fields.title, "slug_or_title": fields.slug or fields.title,
        # Jekyll: every category; Hexo: the first category's path, "uncategorized" without one
        "categories": "/".join(c for path in fields.categories for c in path),
        "category": "/".join(first) or "uncategorized",
        "section": fields.folders[0] if fields.folders else "",
        "sections": "/".join(fields.folders),
        "lang": fields.lang,
        "output_ext": ".html",
    }


def patterns(site_pattern: str, per_language: dict[str, str]) -> dict[str, str]:
    """Language ("" for every language) -> pattern, for the loader."""
    return {"": site_pattern, **{code: p for code, p in per_language.items() if p}}


TOKENS = frozenset(_values(PostFields(None, "", "", None, [], (), "")))


def pattern_problem(pattern: str) -> str | None:
    """Why a permalink pattern cannot be used, or None: a placeholder it does not know, none
    that names the post (every post of a day, or all, would want one URL: the build then
    stopped at each clash, blaming posts), or an address no static host serves as a page."""
    if not pattern.strip():
        return None  # (a language's own: none, the site's applies)
    written = STYLES.get(pattern, pattern)
    tokens = _TOKEN.findall(written)
    unknown = [t for t in tokens if t not in TOKENS]
    if unknown:
        close = close_matches(unknown[0], sorted(TOKENS), n=1)
        return (f"unknown permalink placeholder `:{unknown[0]}`"
                + (f"; did you mean `:{close[0]}`?" if close else "") + "; known: "
                + ", ".join(f":{t}" for t in sorted(TOKENS)))
    if not _NAMES_THE_POST & set(tokens):
        return (f"permalink `{pattern}` names no post: every post would want its URL; put in "
                "one of :title, :slug, :name, :path, :post_title (`/:year/:month/:title/`)")
    if "?" in written or "#" in written:
        return f"permalink `{pattern}` holds `?` or `#`, which end a URL's path: leave them out"
    last = written.replace(":output_ext", ".html").rstrip().split("/")[-1]
    if "." in _TOKEN.sub("", last) and not _PAGE_FILE.search(last):
        return (f"permalink `{pattern}` ends in `{last[last.rindex('.'):]}`: a static host serves "
                "such a file as it is, not as a page; end it with `/` or `.html`")
    return None


def places_language(pattern: str) -> bool:
    """Whether the pattern says where the language goes (`/:lang/:title/`): then the URL it
    gives is the whole URL, with no language folder put in front."""
    return "lang" in _TOKEN.findall(STYLES.get(pattern, pattern))


def expand(pattern: str, fields: PostFields,
           url_segment: Callable[[str], str] | None = None,
           as_written: Collection[str] = ()) -> str:
    """The site path (`2024/05/01/name/`, `ml/name.html`) the pattern gives this post.
    `url_segment`: how a name, title or category becomes a URL segment where the generator a
    site came from made it otherwise than blogforge's `slugify` (Hugo's URLize: `1.-两数之和`);
    `as_written`: the placeholders it filled with the text as written (Hexo's :title, the
    file's path: `C++/C++ Primer`)."""
    values = _values(fields)
    pattern = STYLES.get(pattern, pattern)

    def value(match: re.Match[str]) -> str:
        token = match.group(1)
        text = values.get(token, match.group(0))
        if token in as_written:
            return text
        if url_segment is not None and token in _NAMES_THE_POST | _CATEGORIES:
            return "/".join(url_segment(part) for part in text.split("/"))
        if token in _FILE_NAMES:  # Jekyll and Hexo keep a file name's capitals in the URL
            return "/".join(slugify(part, keep_case=True) for part in text.split("/"))
        if token in _CATEGORIES or token in ("post_title", "slug_or_title"):
            return "/".join(slugify(part) for part in text.split("/"))
        return text

    return as_site_path(_TOKEN.sub(value, pattern))


def as_site_path(url: str) -> str:
    """`/a//b` → `a/b/`; `/x.html` stays a file; `/2017/name` gets its slash."""
    segments = [s for s in url.strip().split("/") if s and s not in (".", "..")]
    path = "/".join(segments)
    if not path:
        return ""
    if url.rstrip().endswith("/") or "." not in segments[-1]:
        return path + "/"
    return path


# The most bytes a file or folder name may have (ext4, APFS, NTFS: 255); a page's URL
# segment is one
NAME_BYTES = 255
TOO_LONG = (f"longer than a file name can be ({NAME_BYTES} bytes; a Chinese character takes "
            "3): shorten it")


def name_bytes(name: str) -> int:
    """The bytes `name` takes as a file or folder name (against NAME_BYTES)."""
    return len(name.encode("utf-8", "surrogatepass"))


def path_problem(path: str) -> str | None:
    """Why no output file can be at a site path, or None: a segment holds a control
    character (`url: "/x\\0y/"` stopped the build with a traceback), or is longer than a
    file name can be (a 300-character slug: "File name too long", and no post named)."""
    if (control := NAME_CONTROLS.search(path)) is not None:
        return (f"holds a control character (U+{ord(control.group()):04X}), which no file "
                "name can: leave it out")
    for segment in path.split("/"):
        if (size := name_bytes(segment)) > NAME_BYTES:
            return f"has a part {size} bytes long (`{segment[:20]}…`), {TOO_LONG}"
    return None


def shown_path(written: str) -> str:
    """A URL as written, its control characters as `\\x00` (said in a terminal), and cut
    after 60 characters (a 300-character slug is said in a line)."""
    shown = escaped(written.strip(), NAME_CONTROLS)
    return shown if len(shown) <= 60 else shown[:59] + "…"


def bundle_folder(page_path: str) -> str:
    """The site folder a bundle page's own files are published in ("" or ending in `/`).

    A folder page (`posts/a/`) holds them. A page at `2020/01/02/a.html` (or `.htm`) has them in
    `2020/01/02/a/`, as Hexo publishes a post's asset folder: beside the page, two posts of one
    day would both want their `image.png` at `2020/01/02/image.png`. A page named `index.html`
    is its folder's page, so its folder holds them. A page with another ending (`notes/v1.2`)
    keeps them beside it, as before: no folder of its whole name can sit beside the file, and
    what follows its dot may be part of its name.
    """
    if not page_path or page_path.endswith("/"):
        return page_path
    folder, _, name = page_path.rpartition("/")
    stem = _PAGE_FILE.sub("", name)
    if stem == name or not stem or stem.lower() == "index":
        return folder + "/" if folder else ""
    return f"{folder}/{stem}/" if folder else f"{stem}/"

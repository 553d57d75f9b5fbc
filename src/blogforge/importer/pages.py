"""Pages (not posts) of an imported blog: kept at their old URLs, except where the build makes
a page of its own (a taxonomy's index, the archives, search, 404), which would stop it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from blogforge.content.loader import POSTS_DIR
from blogforge.importer import Site, as_written, load_options, read_markdown
from blogforge.language_codes import KNOWN_LANGUAGES
from blogforge.model import Post
from blogforge.pages import NOT_FOUND_WAYS

# The site paths at which the build makes pages of its own, in any language's folder
# (pages.py, feeds.py, the sitemap): what each is, as the report names it. A taxonomy's folder
# holds its index and a page per term (`tags/gan/`, `categories/ml/notes/page/2/`), a page at
# a `.html` path inside it (`tags/list.html`) does not clash.
_GENERATED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r""), "the home page"),
    (re.compile(r"page/\d+/"), "a page of the home page's list"),
    (re.compile(r"tags/"), "the tags index"),
    (re.compile(r"tags/.+/"), "a tag's page"),
    (re.compile(r"categories/"), "the categories index"),
    (re.compile(r"categories/.+/"), "a category's page"),
    (re.compile(r"series/"), "the series index"),
    (re.compile(r"series/.+/"), "a series' page"),
    (re.compile(r"archives/"), "the archives"),
    (re.compile(r"search/"), "the search page"),
    (re.compile(r"404\.html"), "the 404 page"),
    (re.compile(r"(?:atom|rss)\.xml"), "the feed"),
    (re.compile(r"sitemap\.xml"), "the sitemap"),
)


def generated_page(path: str) -> str | None:
    """What the build makes at the site path `path` (`tags/`: "the tags index"), in the site's
    folder or a language's (`en/tags/`); None where it makes nothing."""
    first, _, rest = path.partition("/")
    for candidate in (path, rest) if first in KNOWN_LANGUAGES else (path,):
        for pattern, what in _GENERATED:
            if pattern.fullmatch(candidate):
                return what
    return None


def page_target(rel: PurePosixPath) -> str:
    """Where a page of the old site (`rel`: its path below the site's source) goes: below
    content/ as it was, but one in a `posts` folder (`posts/index.md`) below content/pages/,
    as the build reads every file of content/posts/ as a post (on the home page, in the
    feed). Its old URL is kept by a `permalink` line."""
    if rel.parts[0] == POSTS_DIR and len(rel.parts) > 1:
        return f"content/pages/{rel.as_posix()}"
    return f"content/{rel.as_posix()}"


def page_as_built(site: Site, source: Path, target: str,
                  rewrite: Callable[[str], str] | None = None) -> Post | None:
    """The page `source`, to be written at `target`, as the build will read it; None when it
    cannot be read (the build says why)."""
    text = read_markdown(source)
    if text is None:
        return None
    text = rewrite(text) if rewrite is not None else text
    return as_written(source, PurePosixPath(target).relative_to("content"), site.dest,
                      load_options(site), text)


def import_page(site: Site, source: Path, target: str, url: str | None,
                extra: dict[str, object] | None = None,
                rewrite: Callable[[str], str] | None = None) -> None:
    """Write the page `source`, which the old site served at the site path `url` (None: not
    known, as the page cannot be read); where the build makes a page of its own there it is not
    written (the build would stop at the clash) but reported, with what blogforge makes there."""
    what = generated_page(url) if url is not None else None
    if what == "the 404 page":
        site.note(source, None, f"not imported: /{url} is the 404 page; {NOT_FOUND_WAYS}")
        return
    if what is not None:
        site.note(source, None, f"not imported: /{url} is {what}, which blogforge makes "
                  "itself")
        return
    site.pages += site.markdown(source, target, extra, rewrite)

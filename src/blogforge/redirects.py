"""Redirect pages: old URLs of a post (Hugo `aliases`, Jekyll `redirect_from`) lead to it.

GitHub Pages cannot answer with a real 301, so each old URL gets a small page with a meta
refresh, a canonical link (search engines move the old URL's standing to the new one), `noindex`
and a plain link for anyone whose browser does not follow the refresh.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from urllib.parse import SplitResult, unquote

from blogforge.content.permalinks import as_site_path, path_problem
from blogforge.diagnostics import Diagnostics
from blogforge.model import Language, Post
from blogforge.output import StagedOutput
from blogforge.urls import UrlBuilder, split_url

REDIRECT_KEYS = ("aliases", "redirect_from")


def redirect_page(target: str, title: str, lang: Language) -> str:
    """A page that sends the reader to `target` (a URL as it goes into the page: absolute,
    `urls.absolute`, as it is the page's canonical link too, which must be)."""
    href = html.escape(target)
    return (f'<!DOCTYPE html>\n<html lang="{lang.locale}"><head><meta charset="utf-8">'
            f'<title>{html.escape(title)}</title>'
            f'<meta http-equiv="refresh" content="0; url={href}">'
            f'<link rel="canonical" href="{href}"><meta name="robots" content="noindex">'
            f'</head><body><p><a href="{href}">{html.escape(title)}</a></p></body></html>\n')


def alias_problem(written: str, urls: UrlBuilder) -> str | None:
    """Why an old URL cannot have a redirect page a browser is sent to, or None: another
    site's address (one of this site's is its path), a query or fragment (a static host
    serves a path), a Markdown file's name, a file that is no page (a feed reader asking for
    /feed.xml follows no page's refresh), the home page (which is there)."""
    parts = split_url(written.strip())
    if (parts.scheme or parts.netloc) and not _of_this_site(parts, urls.origin):
        return ("is another site's address: an old URL of this page is a path of this site, "
                "such as /old-name/")
    if "?" in written or "#" in written:
        return ("holds `?` or `#`, which end a URL's path: a static host serves the path "
                "alone; leave them out")
    last = parts.path.rstrip().rsplit("/", 1)[-1]
    extension = last[last.rindex("."):].lower() if "." in last.strip(".") else ""
    if extension in (".md", ".markdown"):
        return ("names a Markdown file: an old URL is the address the page had, such as "
                "/old-name/ or /old-name.html")
    if extension and extension not in (".html", ".htm") and not parts.path.endswith("/"):
        reader = " (a feed reader, for /feed.xml)" if extension in _FEED_ENDINGS else ""
        return (f"ends in `{extension}`: a redirect page is HTML, and what asks for a "
                f"`{extension}` file{reader} follows no page's refresh; only a page's address "
                "can lead to this one")
    path = old_site_path(written, urls)
    if written.strip() and not path:
        return "is the site's home page, which no redirect page can replace"
    return path_problem(path)


_FEED_ENDINGS = (".xml", ".rss", ".atom", ".json")


def _of_this_site(parts: SplitResult, origin: str) -> bool:
    """Whether a URL is an address of the site at `origin` (`https://u.github.io`), as a
    writer copies an old page's address from the browser, with `http` or `https`."""
    return bool(origin) and parts.netloc.lower() == split_url(origin).netloc.lower()


def old_paths(post: Post, urls: UrlBuilder, diagnostics: Diagnostics) -> list[tuple[str, str]]:
    """The site paths a post's front matter says it used to have, each with the URL as
    written (those `alias_problem` refuses are said at the loader's check,
    `site._report_unusable_urls`). One is read as the browser showed it: percent-encoded
    (`/%E6%97%A7/` is /旧/, the file a static host serves there), with the site's address
    or base path (`/blog/old/` on a site at /blog/ is old/), or as `x/index.html` (x/)."""
    found: list[tuple[str, str]] = []
    for key in REDIRECT_KEYS:
        value = post.params.get(key)
        if value is None:
            continue
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            diagnostics.error(f"`{key}` should be a URL path or a list of them", post.source, 1)
            continue
        for written in values:
            if alias_problem(written, urls) is not None:
                continue
            path = old_site_path(written, urls)
            if path and path != post.path:  # ("": an empty line in the list)
                found.append((path, written))
    return found


def old_site_path(written: str, urls: UrlBuilder) -> str:
    """The site path an old URL names ("" for the home page), read as `old_paths` says."""
    path = as_site_path(urls.site_path_of(unquote(split_url(written.strip()).path)))
    return path.removesuffix("index.html") if path.endswith("/index.html") else path


def write_redirects(stage: StagedOutput, posts: Iterable[Post], languages: list[Language],
                    urls: UrlBuilder, diagnostics: Diagnostics,
                    line_of: Callable[[Post, str], int | None]) -> None:
    """One redirect page per old path; one that another page already has is a clash error,
    and so is one where the site has a file on its way (`/atom.xml/`: a folder of that name
    cannot be), at the line `line_of` gives for the old URL as written."""
    by_code = {lang.code: lang for lang in languages}
    for post in posts:
        lang = by_code.get(post.lang, languages[0])
        for path, written in old_paths(post, urls, diagnostics):
            title = post.rendered.title_text if post.rendered else post.title
            try:
                if stage.folder_taken(path):  # (said here, at the old URL's own line)
                    raise FileExistsError(path)
                stage.write(path, redirect_page(urls.absolute(post.path), title, lang),
                            str(post.source))
            except (NotADirectoryError, FileExistsError, IsADirectoryError):
                diagnostics.error(
                    f"old URL {written.strip()} cannot have a redirect page: the site has a "
                    f"file where it needs a folder, or a folder where it needs a file "
                    f"(/{path}); remove it from `aliases`", post.source, line_of(post, written))

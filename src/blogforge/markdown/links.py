"""Links and images in a post: made to work wherever the site is served.

- `/images/a.png` (site-root relative) is left as written here; the link audit after the
  build (link_checker.py) gives it the base URL's path when its target exists there, so it
  works under https://user.github.io/repo/ (in raw HTML too). Feeds get absolute URLs.
- `other-note.md` or `../posts/x/index.md` becomes the URL of that post, as writers link files
  in their editor; a link to a Markdown file that does not exist is reported.
- For feeds every URL is made absolute, since feed readers have no page to resolve against.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from blogforge.markdown.html_urls import rewrite_urls
from blogforge.urls import UrlBuilder


@dataclass
class LinkContext:
    urls: UrlBuilder
    page_path: str  # the page's own site path, e.g. "posts/a/b/"
    source: PurePosixPath  # the file, relative to content/
    sources: dict[str, str]  # content-relative Markdown path -> site path of its page
    warn: Callable[[str, int], None] | None = None  # (message, 1-based line of the body)
    absolute: bool = False
    # images met, as site paths (or absolute URLs), for the page's OpenGraph image
    found_images: list[str] = field(default_factory=list)


_AS_WRITTEN = "url_as_written"  # token.meta key: the URL before it was resolved


def links_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("site_links", _rewrite_links)


def _rewrite_links(state: StateCore) -> None:
    context: LinkContext | None = state.env.get("links")
    if context is None:
        return
    for block in state.tokens:
        for token in block.children or ():
            attr = "href" if token.type == "link_open" else "src" if token.type == "image" else None
            if attr is None:
                continue
            url = str(token.attrGet(attr) or "")
            new = _resolve(url, context, block.map[0] + 1 if block.map else None)
            if new != url:
                token.attrSet(attr, new)
                token.meta[_AS_WRITTEN] = url
            if attr == "src":
                context.found_images.append(site_path_of(url, context.page_path))


def resolve_again(tokens: list[Token], context: LinkContext) -> None:
    """Tokens parsed for a page, their links and images resolved for `context` instead (a
    feed's absolute URLs), from the URLs as written: as if they had been parsed with it."""
    for block in tokens:
        for token in block.children or ():
            attr = "href" if token.type == "link_open" else "src" if token.type == "image" else None
            if attr is None:
                continue
            current = str(token.attrGet(attr) or "")
            written = token.meta.get(_AS_WRITTEN, current)
            new = _resolve(written, context, None)
            if new != current:
                token.attrSet(attr, new)
                token.meta[_AS_WRITTEN] = written


def site_path_of(url: str, page_path: str) -> str:
    """Where an image written in a post lives, as a site path; absolute URLs stay as they are."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return url
    path = unquote(parts.path)
    if path.startswith("/"):
        return path.lstrip("/")
    # relative to the page's folder, as a browser reads it: `x.png` on `a/b.html` is `a/x.png`
    folder = page_path if page_path.endswith("/") else posixpath.dirname(page_path)
    return posixpath.normpath(posixpath.join(folder, path))


def _resolve(url: str, context: LinkContext, line: int | None) -> str:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not (parts.path or parts.fragment):
        return url
    suffix = (f"?{parts.query}" if parts.query else "") + (
        f"#{parts.fragment}" if parts.fragment else "")
    path = unquote(parts.path)
    if not path:  # "#section" within the page
        return context.urls.absolute(context.page_path) + suffix if context.absolute else url
    if path.startswith("/"):
        if not context.absolute:  # the build's link audit puts it under the base path when
            return url            # its target exists there (it may already be under it)
        site_path = path.lstrip("/")
    elif path.endswith((".md", ".markdown")):
        target = posixpath.normpath(str(context.source.parent / path))
        site_path = context.sources.get(target)
        if site_path is None:
            if context.warn is not None:
                context.warn(f"link to `{path}`: no such Markdown file in content/", line or 1)
            return url
    else:  # relative to the page, e.g. a bundle's image
        if context.absolute:
            return urljoin(context.urls.absolute(context.page_path), url)
        return url
    builder = context.urls.absolute if context.absolute else context.urls.path
    return builder(site_path) + suffix


def absolutize_html(html: str, page_url: str, urls: UrlBuilder) -> str:
    """Make every URL of every element in finished HTML absolute, raw HTML included (for
    feeds)."""
    def fix(url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            return url
        if url.startswith("/") and not url.startswith(urls.base_path):
            # written for the site root; its query and fragment are kept as they are
            url = urls.absolute(unquote(parts.path).lstrip("/")) + url[len(parts.path):]
        return urljoin(page_url, url)

    return rewrite_urls(html, fix)

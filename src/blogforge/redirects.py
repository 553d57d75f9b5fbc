"""Redirect pages: old URLs of a post (Hugo `aliases`, Jekyll `redirect_from`) lead to it.

GitHub Pages cannot answer with a real 301, so each old URL gets a small page with a meta
refresh, a canonical link (search engines move the old URL's standing to the new one), `noindex`
and a plain link for anyone whose browser does not follow the refresh.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from blogforge.content.permalinks import as_site_path
from blogforge.diagnostics import Diagnostics
from blogforge.model import Language, Post
from blogforge.output import StagedOutput
from blogforge.urls import UrlBuilder

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


def old_paths(post: Post, diagnostics: Diagnostics) -> list[str]:
    """The site paths a post's front matter says it used to have."""
    found: list[str] = []
    for key in REDIRECT_KEYS:
        value = post.params.get(key)
        if value is None:
            continue
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            diagnostics.error(f"`{key}` should be a URL path or a list of them", post.source, 1)
            continue
        found += [path for v in values if (path := as_site_path(v)) and path != post.path]
    return found


def write_redirects(stage: StagedOutput, posts: Iterable[Post], languages: list[Language],
                    urls: UrlBuilder, diagnostics: Diagnostics) -> None:
    """One redirect page per old path; one that another page already has is a clash error."""
    by_code = {lang.code: lang for lang in languages}
    for post in posts:
        lang = by_code.get(post.lang, languages[0])
        for path in old_paths(post, diagnostics):
            title = post.rendered.title_text if post.rendered else post.title
            stage.write(path, redirect_page(urls.absolute(post.path), title, lang),
                        str(post.source))

"""Every internal URL is made here, from a site path such as "posts/a/b/" or "en/".

Site paths never start with a slash and are kept unencoded (Chinese stays readable in the source
and in file names); links percent-encode them, and the base URL's own path is put in front, so
the same build works at a domain root and under https://user.github.io/repo/.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from urllib.parse import SplitResult, quote, unquote, urljoin, urlsplit

_NOT_KEPT = re.compile(r"[^\w.+-]+")
_LOOSE_DOT = re.compile(r"\.(?!\w)|(?<!\w)\.")  # a dot that is not inside a word
_SLUG_ALREADY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # what `slugify` leaves as it is


# A URL's scheme (RFC 3986): `https:`, `mailto:`, `tel:`.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def split_url(url: str) -> SplitResult:
    """`urlsplit`, for a URL a writer wrote: one it cannot read (`http://[bad`, an IPv6 host's
    bracket left open, which made the build stop with a traceback) is read as a path, so the
    link audit names it a broken link."""
    try:
        return urlsplit(url)
    except ValueError:
        return SplitResult("", "", url, "", "")


def is_unreadable(url: str) -> bool:
    """Whether a URL cannot be read at all (`http://[bad`)."""
    try:
        urlsplit(url)
    except ValueError:
        return True
    return False


def join_url(base: str, url: str) -> str:
    """`urljoin`, for a URL a writer wrote: one it cannot read is left as written."""
    try:
        return urljoin(base, url)
    except ValueError:
        return url


def is_external(url: str) -> bool:
    """Whether a URL written in site.yaml (a menu entry) leads where it says, off the site: it
    has a scheme (`https://`, `mailto:`, `tel:`) or a host (`//example.org/`). Any other is a
    path of the site, put under the language's folder and the site's base path."""
    return url.startswith("//") or bool(_SCHEME.match(url))


@lru_cache(maxsize=8192)  # tags and categories are slugged on every page that lists them
def slugify(text: str, keep_case: bool = False) -> str:
    """The one slug function of blogforge: URL segments (file and folder names, `slug`, tags,
    categories, series), heading ids and the names of new posts.

    Letters and digits of every script are kept (Chinese stays Chinese, as in Hugo), capitals
    of every script are lowercased ("Über" and "über" are one tag, as "C" and "c" are; a
    file system that ignores case would make one folder of them anyway), anything else
    becomes one hyphen. "C#" becomes "c-sharp" so that it does not
    share a page with "C"; "/" and leading dots would leave the folder the URL names, so
    `slug: ../x` is just "x". "Why It Works?" → why-it-works, "76. 最小覆盖子串" → 76-最小覆盖子串.
    `keep_case` keeps capitals, for permalinks that must match a Jekyll or Hexo file name.
    """
    if _SLUG_ALREADY.fullmatch(text):  # (most file names and `slug`s: nothing to change)
        return text
    text = unicodedata.normalize("NFKC", text).replace("/", " ")
    text = re.sub(r"(?<=\w)#", "-sharp", text)
    cleaned = _NOT_KEPT.sub("-", _LOOSE_DOT.sub(" ", text)).strip("-.")
    # (Turkish "İ" lowercases to "i" and a combining dot: İstanbul had a page of its own,
    # /tags/i̇stanbul/, beside istanbul's, and the two looked alike)
    return cleaned if keep_case else cleaned.lower().replace("i\u0307", "i")


def term_slug(name: str) -> str:
    """One tag, category or series name's URL segment. A name of symbols only (`🔥`, `???`),
    which `slugify` empties, is named by its characters' Unicode names (`fire`): its page
    needs a folder, and two such tags must not share one."""
    return slugify(name) or slugify(" ".join(
        unicodedata.name(char, "") for char in name if unicodedata.category(char)[0] not in "CZM"))


@dataclass(frozen=True)
class UrlBuilder:
    """Every URL of the site is made here, under its base URL."""

    base_url: str  # "https://user.github.io/repo/", "/" or "/repo/"

    # (worked out once: every link of every page is made here)
    @cached_property
    def base_path(self) -> str:
        path = split_url(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @cached_property
    def origin(self) -> str:
        parts = split_url(self.base_url)
        return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""

    @cached_property
    def _base_in_links(self) -> str:
        """The base path as a link writes it: a Chinese folder (`/博客/`) percent-encoded, as
        the rest of the path is (a sitemap's <loc> must be; a browser reads both alike)."""
        return quote(self.base_path, safe="/%")

    def path(self, site_path: str) -> str:
        """Root-relative link: "/repo/posts/%E4%B8%AD/"."""
        return self._base_in_links + _percent_encoded(site_path)

    def absolute(self, site_path: str) -> str:
        """Full URL for feeds, sitemaps and canonical links (relative if base_url has no host)."""
        return self.origin + self.path(site_path)

    def site_path_of(self, path: str) -> str:
        """The site path a root-relative path names. Written for the domain root (`/a/b/`) or
        already under the base path (`/repo/a/b/`, as a tag naming a post gives it), it is
        `a/b/`: a path is never put under the base path twice (the link audit reads it so)."""
        base = self.base_path
        return path[len(base):] if (path + "/").startswith(base) else path.lstrip("/")

    def from_root(self, url: str, absolute: bool = False) -> str:
        """A URL written for the site's root, `/a.png?v=2#x` (or `a.png`, as Jekyll's
        `relative_url` reads it), as this site's link: `/repo/a.png?v=2#x`, with the origin
        when `absolute`. Its query and fragment are kept as written; another site's URL is
        kept."""
        parts = split_url(url)
        if parts.scheme or parts.netloc:
            return url
        site_path = self.site_path_of(unquote(parts.path))
        return (self.absolute if absolute else self.path)(site_path) + url[len(parts.path):]


def site_picture(image: str, urls: UrlBuilder) -> str | None:
    """site.yaml's `image` as a page's picture is given: a URL as written, a file of the site
    as its path in it (`og.png`, `/og.png` and `/repo/og.png` are static/og.png)."""
    image = image.strip()
    if not image:
        return None
    parts = split_url(image)
    if parts.scheme or parts.netloc:
        return image
    return urls.site_path_of("/" + unquote(image.replace("\\", "/")).lstrip("/"))


@lru_cache(maxsize=16384)  # a site's pages link the same few thousand paths again and again
def _percent_encoded(site_path: str) -> str:
    return quote(site_path.lstrip("/"), safe="/")

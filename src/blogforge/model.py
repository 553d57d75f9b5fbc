"""The page model: plain dataclasses that the renderer and the templates receive.

A `Post` is created by the content loader from one Markdown file and completed by the Markdown
stage (`Rendered`). Listings are built from finished posts by the index builder. Nothing here
knows about files on disk beyond where a post came from, so each page's HTML is a function of
its post, the site-wide lists it shows, the templates and the config.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from blogforge.language_codes import open_graph_locale


@dataclass(frozen=True)
class Heading:
    """A heading of a post, for its table of contents and its anchor."""

    level: int
    id: str
    html: str  # the heading's inline HTML (may hold rendered math), without links (for a TOC)
    text: str  # plain text


FORMULA_START, FORMULA_END = "\ue000", "\ue001"  # private-use characters, never in a post


@dataclass
class Rendered:
    """What the Markdown stage makes of a post's body."""

    html: str
    title_html: str  # the title with its formulas rendered (as MathML: it shows on every list)
    title_text: str  # the title as clean text, for <title>, feeds and attributes
    headings: Sequence[Heading]  # (of a cached body: made when first read, bodies.py)
    excerpt_html: str  # inline HTML: text and rendered formulas
    excerpt_text: str  # clean text for <meta description> and feeds
    excerpt_is_cut: bool  # cut automatically, so an ellipsis follows
    excerpt_is_whole: bool  # the excerpt shows all the post has: a card needs no "Read more"
    cjk_chars: int
    latin_words: int
    reading_minutes: int
    has_math: bool
    has_code: bool  # the page needs the code highlighting stylesheet
    first_image: str | None = None
    # the line of the body's first diagram in its file, 0 for none: a page with one loads
    # the script that draws them (diagrams.py), and a build that cannot have it says where
    diagram_line: int = 0
    # The whole body as text for search: code blocks left out, each formula as readable plain
    # text between FORMULA_START and FORMULA_END, so that the index can leave formulas out.
    search_text: str = ""
    # the excerpt's text for <meta name="description">, cut before a formula it would cut
    description: str = ""
    # the body asks for its table of contents (`[TOC]`, `@[toc](目录)`: toc_marker.py)
    toc_asked: bool = False


# What a permalink's `:lang` gives a post of no language yet (too short to tell, on a site
# that declares none): the language the site settles on from all its posts replaces it
# (`settle_default_language`), so the post is in that language's folder, not outside all
UNSETTLED_LANGUAGE = ":lang"


@dataclass
class Post:
    """One Markdown file: a blog post (under content/posts/) or a stand-alone page."""

    source: Path  # relative to the site folder, as shown in messages
    kind: Literal["post", "page"]
    lang: str
    title: str
    date: datetime | None
    updated: datetime | None
    path: str  # URL path from the site root, e.g. "posts/a/b/" or "en/about/"
    body: str
    body_line: int  # 1-based line of the file where `body` starts
    tags: list[str] = field(default_factory=list)
    # The tags written in its text (an Obsidian vault's `#机器学习`: inline_tags.py), as first
    # written, which the body links to their pages; they are in `tags` too
    inline_tags: list[str] = field(default_factory=list)
    categories: list[tuple[str, ...]] = field(default_factory=list)
    series: str | None = None
    series_order: float | None = None
    draft: bool = False
    # Published at its URL but in no list: no listing, feed, search, sitemap, previous/next or
    # related posts of another's, and kept from search engines (`unlisted`, `hidden`…)
    unlisted: bool = False
    noindex: bool = False  # its page asks search engines not to index it (`noindex`)
    in_sitemap: bool = True  # `sitemap: false` leaves it out of the sitemap only
    pinned: int = 0  # higher comes first; 0 is not pinned
    summary: str | None = None  # the card's text of the writer's own (`summary`, `excerpt`)
    # where the title and the summary are written (a formula in them is reported there)
    title_line: int = 1
    summary_line: int = 1
    # `description`: the page's `<meta name="description">`, and its card's text when neither
    # a summary nor a `<!--more-->` gives one (Hexo's NexT shows it so)
    description: str | None = None
    description_line: int = 1
    toc: bool | None = None  # None: decided by the number of headings
    math: bool | None = None
    translation_key: str = ""  # posts sharing a key are translations of each other
    params: dict[str, Any] = field(default_factory=dict)  # the whole front matter
    bundle_dir: Path | None = None  # a bundle's folder; its other files are copied beside the page
    dated_by_file: bool = False  # no date written: the file's modification time stands in
    # The path is the whole URL as its writer gave it (front matter `permalink`/`url`, a
    # pattern with `:lang`): the build puts no language folder in front of it.
    own_path: bool = False
    # The tag its `lang:` gives when that says more than its language's code (`zh-TW` on a
    # site whose Chinese is `zh`): its own words are marked so (`lang="zh-TW"`), for Taiwan's
    # glyph forms and a Taiwanese voice, while it is listed in its language
    own_locale: str | None = None
    # No language written (front matter or file name): the one its text reads like, if it tells
    reads_like: str | None = None
    rendered: Rendered | None = None
    # Hugo's `publishDate`: held back until then (`--future` shows it), as a post dated then;
    # `expiryDate`: held back from then on (`--expired` shows it)
    publish_date: datetime | None = None
    expiry_date: datetime | None = None
    # The images its body names (`images.image_urls`), as the loader found them with the file
    # (a thousand bodies looked through at every build were 10 ms of a one-post edit); None:
    # not looked for (a post made elsewhere), then looked for when asked
    image_urls: list[str] | None = None
    # The names its body's Obsidian embeds give (`links.embedded_names`: `fig.png` of
    # `![[fig.png|300]]`), as the loader found them with the file (a thousand bodies looked
    # through for `![[` at every build were 4 ms of a one-post edit); None: not looked for
    embedded_names: list[str] | None = None
    # The ids its headings end with where their words alone do not make them, written on them
    # (`## 代码 {#code}`) or stepped over an id the body gives, by the slug of their words
    # (`heading_ids.written_heading_ids`), as the loader found them with the file: where a link
    # naming such a heading by its words leads; None: not looked for (a post made elsewhere)
    written_heading_ids: dict[str, str] | None = None
    # The front matter keys a folder's `cascade:` gave it (cascade.py) -> the `_index.md` (from
    # the site folder) and line writing each: where a message about such a key points
    cascaded: dict[str, tuple[str, int]] = field(default_factory=dict)

    @property
    def sort_key(self) -> tuple:
        return (self.date.timestamp() if self.date else 0.0, self.path)

    @property
    def updated_later(self) -> bool:
        """Whether its page says when it was updated: on a later day than it was published, as
        the page shows both (in the zone its date is in, the site's unless the date says its
        own). "发布于 2024年7月1日 · 更新于 2024年7月1日" told the reader nothing."""
        if self.updated is None or self.date is None:
            return False
        return self.updated.astimezone(self.date.tzinfo).date() > self.date.date()


@dataclass(frozen=True)
class Language:
    """One of the site's languages, with its settings resolved."""

    code: str
    name: str  # in the switcher: 中文, English
    locale: str  # <html lang>
    title: str
    hero: str
    description: str
    prefix: str  # URL prefix: "" for the default language at the root, else "en/"
    date_format: str
    menu: list[dict[str, str]]
    show_untranslated_from: tuple[str, ...]

    @property
    def og_locale(self) -> str:
        """Its locale as Open Graph writes it: `ja_JP`, `zh_CN`, `en_US` (`ja` alone is none)."""
        return open_graph_locale(self.locale)


@dataclass(frozen=True)
class Pager:
    """Where a page of a paginated listing is among its pages."""

    number: int  # 1-based
    total: int
    urls: tuple[str, ...]  # site-relative path of every page, index 0 = page 1

    @property
    def prev_url(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.number] if self.number < self.total else None

    @property
    def window(self) -> list[int | None]:
        """Page numbers to show: first, last and two around the current one; None is a gap."""
        return numbers_around(self.number, self.total)


def numbers_around(current: int, total: int) -> list[int | None]:
    """1…total as a long list shows them: the first, the last and two either side of `current`,
    None for each gap between (a pager's page numbers, a long series' parts)."""
    keep = {1, total, *range(current - 2, current + 3)}
    shown: list[int | None] = []
    for n in sorted(k for k in keep if 1 <= k <= total):
        if shown and n - (shown[-1] or 0) > 1:
            shown.append(None)
        shown.append(n)
    return shown


@dataclass(frozen=True)
class Term:
    """A tag, a category (a path of ids) or a series, in one language."""

    taxonomy: Literal["tags", "categories", "series"]
    id: str  # "diffusion", or "ml/generative-models" for a category path
    label: str
    path: str  # URL path of the term's page
    count: int
    depth: int = 0  # nesting depth for categories
    # the label's language when it is not the page's: the default language's label lent to a
    # language that has none of its own (`diffusion: {zh: 扩散模型}` on an English page)
    label_locale: str | None = None


@dataclass(frozen=True)
class Listing:
    """One page of a list of posts: the home page, a term page, a folder's (section) page,
    their page N."""

    kind: Literal["home", "tag", "category", "series", "section"]
    lang: str
    path: str
    title: str
    posts: list[Post]
    pager: Pager
    term: Term | None = None
    # a category's: the categories above it (outermost first), and those right below it
    parents: tuple[Term, ...] = ()
    children: tuple[Term, ...] = ()

"""Which pages the site has and what each template receives.

Every function here takes the site-wide inputs (`SiteContext`) plus the thing it renders and
returns `PageSpec`s — a site path, a template and its context — without touching the disk, so
any page can be rebuilt alone from its inputs.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlunsplit

from markupsafe import Markup, escape

from blogforge.authors import own_authors, post_authors
from blogforge.config import SiteConfig, verification_tags, x_handle
from blogforge.content.loader import POSTS_DIR
from blogforge.i18n import FALLBACK, Strings
from blogforge.index import (
    SiteIndex,
    archive_groups,
    home_order,
    listing_pages,
    page_holding,
    series_order,
    term_key,
    term_names,
)
from blogforge.language_codes import base_language
from blogforge.markdown.images import not_a_picture, read_size
from blogforge.markdown.links import (
    IN_OTHER_CAPITALS,
    IN_OTHER_CAPITALS_WHY,
    BundleFiles,
    bundle_of,
    content_path,
    published_elsewhere,
    site_path_of,
)
from blogforge.model import Heading, Language, Listing, Post, Term, numbers_around
from blogforge.name_order import Readings, name_key
from blogforge.post_extras import comment_settings, license_line, related_posts
from blogforge.sections import (
    IntroPage,
    Section,
    by_weight,
    folder_title,
    intro_folder,
    post_folder,
    section_key,
    section_order,
    section_path,
    with_introduced,
)
from blogforge.text import cjk_share, close_matches
from blogforge.urls import UrlBuilder, is_external, site_picture, split_url, term_slug

TAXONOMY_KINDS = {"tags": "tag", "categories": "category", "series": "series"}
_NAMES = "\ue00f"  # (where the names go in the byline's string: a character no string has)


def _filled(string: str, value: Markup) -> Markup:
    """A theme string with `value` (HTML) where it has `_NAMES`; after it if it has none."""
    before, found, after = string.partition(_NAMES)
    return escape(before) + (Markup("") if found else Markup(" ")) + value + escape(after)


@dataclass(frozen=True)
class PageSpec:
    """A page to render: its path, its template and what the template receives."""

    path: str
    template: str
    context: dict[str, Any]
    lang: str
    alternates: dict[str, str] = field(default_factory=dict)  # lang code -> site path
    lastmod: Any = None
    in_sitemap: bool = True
    # A page the build keeps as it is, placed without its context (`post_page`,
    # `_listing_specs`): how to make it in full, should its file be gone
    sketch: Callable[[], PageSpec] | None = field(default=None, compare=False, repr=False)

    @property
    def origin(self) -> str:
        """What makes this page, for messages: its file, "the generated archive page", or
        the term a list is of, with a post that names it (`categories: [ml, page, 2]` asks
        for page 2 of `ml`'s list)."""
        post = self.context.get("post")
        if post:
            return str(post.source)
        section = self.context.get("section")  # (its introduction's links are its file's)
        if section is not None and section.source and self.context["listing"].pager.number == 1:
            return section.source
        listing = self.context.get("listing")
        if listing is not None and listing.term is not None and listing.posts:
            names = " › ".join(term.label for term in (*listing.parents, listing.term))
            number = f"page {listing.pager.number} of " if listing.pager.number > 1 else ""
            return (f"{number}the list of {listing.kind} `{names}` (named in "
                    f"{listing.posts[0].source})")
        return f"the generated {self.template[:-5]} page"


def site_label(config: SiteConfig, taxonomy: str, name: str, lang: str) -> str:
    """A term's label in a language, from site.yaml (`diffusion: {zh: 扩散模型}`), else its id."""
    return _label(config, taxonomy, name, lang)[0]


def _label(config: SiteConfig, taxonomy: str, name: str, lang: str) -> tuple[str, bool]:
    """`site_label`, and whether it is the default language's, lent for want of its own (a
    reader's screen reader must then be told the label's language)."""
    labels = config.term_labels[taxonomy].get(term_slug(name), {})
    if own := labels.get(lang):
        return own, False
    lent = labels.get(config.default_language)
    return (lent, True) if lent else (name, False)


@dataclass
class SiteContext:
    """The site-wide inputs every page may read."""

    config: SiteConfig
    languages: list[Language]
    strings: dict[str, Strings]
    urls: UrlBuilder
    index: SiteIndex
    math_stylesheet: dict[str, str | None]  # url and integrity of the KaTeX CSS, or url None
    bundles: BundleFiles = field(default_factory=dict)  # for a `cover` in a post's bundle
    templates: frozenset[str] = frozenset()  # the site's own, for a post's `layout`
    # the pinyin of the Chinese in terms' names, for the indexes' order (name_order.py)
    readings: Readings = field(default_factory=Readings)
    favicon: str | None = None  # the site's static/favicon.* (`favicon_in`), for every <head>
    # content/ file -> where it is published (site_files.published_files), for a `cover`
    published: Mapping[str, str] = field(default_factory=dict)
    # the URL of Mermaid's script for the pages with a diagram (None: none can be drawn)
    diagram_script: str | None = None
    # site path -> the file published there ("og.png" -> static/og.png), for the size of a
    # sharing card's picture (`picture_size`)
    picture_files: Mapping[str, Path] = field(default_factory=dict)
    # (a post's terms are shown on every listing it is on: each is made once)
    _terms: dict[tuple, Term] = field(default_factory=dict, init=False, repr=False,
                                      compare=False)
    _series: dict[tuple[str, str], list[Post]] = field(default_factory=dict, init=False,
                                                       repr=False, compare=False)
    _picture_sizes: dict[Path, tuple[int, int] | None] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def picture_file(self, picture: str) -> Path | None:
        """The file of static/ or content/ a sharing card's picture is (its site path, as
        `cover_of` gives it); None for another site's, or one the site does not publish."""
        parts = split_url(picture)
        return None if parts.scheme or parts.netloc else \
            self.picture_files.get(self.urls.site_path_of(unquote(parts.path)))

    def picture_size(self, picture: str) -> tuple[int, int] | None:
        """The (width, height) of a sharing card's picture published with the site (its site
        path, as `cover_of` gives it), read once; None for another site's or an unread one."""
        file = self.picture_file(picture)
        if file is None:
            return None
        if file not in self._picture_sizes:
            self._picture_sizes[file] = read_size(file)
        return self._picture_sizes[file]

    @property
    def default(self) -> Language:
        return self.languages[0]

    def language(self, code: str) -> Language:
        return next((lang for lang in self.languages if lang.code == code), self.default)

    def label(self, taxonomy: str, name: str, lang: str) -> str:
        return site_label(self.config, taxonomy, name, lang)

    def series_parts(self, name: str, lang: Language) -> list[Post]:
        """A series' parts in a language, part 1 first, as its pages list them."""
        made = self._series.get(asked := (term_key((name,)), lang.code))
        if made is None:
            group = self.index.terms(lang, "series").get(asked[0])
            made = self._series[asked] = series_order(group.posts) if group else []
        return made

    def term(self, taxonomy: str, names: tuple[str, ...], lang: Language, count: int = 0) -> Term:
        made = self._terms.get(asked := (taxonomy, names, lang.code, lang.prefix, count))
        if made is None:
            key = term_key(names)
            label, borrowed = _label(self.config, taxonomy, names[-1], lang.code)
            made = self._terms[asked] = Term(
                taxonomy, key, label, f"{lang.prefix}{taxonomy}/{key}/", count,  # type: ignore[arg-type]
                len(names) - 1, self.default.locale if borrowed else None)
        return made


CARD_TAGS = 6  # the tags a listing's card shows at most, then "+N"


class ThemeHelpers:
    """Small lookups the templates call: `bf.tags(post)`, `bf.minutes(post)`…"""

    def __init__(self, site: SiteContext, lang: Language) -> None:
        self.site, self.lang = site, lang

    def tags(self, post: Post) -> list[Term]:
        return [self.site.term("tags", names, self.lang) for names in term_names(post, "tags")
                if self._has_page(post, "tags", names)]

    def card_tags(self, post: Post) -> tuple[list[Term], int]:
        """The tags a card shows, the first `CARD_TAGS`, and how many more the post has (its
        page lists them all): each of a post's 2,000 tags had a page whose card listed all
        2,000, 410 MB of pages for one post."""
        names = [names for names in term_names(post, "tags")
                 if self._has_page(post, "tags", names)]
        shown = [self.site.term("tags", names, self.lang) for names in names[:CARD_TAGS]]
        return shown, len(names) - len(shown)

    def categories(self, post: Post) -> list[list[Term]]:
        paths = [[self.site.term("categories", path[: i + 1], self.lang)
                  for i in range(len(path)) if self._has_page(post, "categories", path[: i + 1])]
                 for path in post.categories]
        return [path for path in paths if path]

    def _has_page(self, post: Post, taxonomy: str, names: tuple[str, ...]) -> bool:
        """Whether the term a post names has a page to link: a listed post's terms have; a
        term only unlisted posts name has none (it would list nothing, and name them)."""
        return not post.unlisted or term_key(names) in self.site.index.terms(self.lang, taxonomy)

    def language(self, code: str) -> Language:
        return self.site.language(code)

    def minutes(self, post: Post) -> int:
        return post.rendered.reading_minutes if post.rendered else 1

    def words(self, post: Post) -> int:
        r = post.rendered
        return (r.cjk_chars + r.latin_words) if r else 0

    def date(self, post: Post) -> str:
        return self.site.strings[self.lang.code].date(post.date, self.lang.date_format)

    def english_here(self, text: str) -> bool:
        """Whether `text` is English on a page in Chinese, Japanese or Korean: Latin letters
        alone (the theme's console lines, "INCOMING TRANSMISSION", are English in every
        language), to be marked `lang="en"`, or a screen reader reads it with this page's
        voice."""
        return (base_language(self.lang.code) in ("zh", "ja", "ko") and text.isascii()
                and any(char.isalpha() for char in text))

    def name_lang(self, text: str) -> str | None:
        """The language to mark a name the site shows in every language (its author's) with,
        when this page's voice would misread it: `林深` on an English page (read letter by
        letter, or not at all), `Lin Shen` on a Chinese one; None when it reads as it is."""
        if self.english_here(text):
            return "en"
        if base_language(self.lang.code) in ("zh", "ja", "ko") or not cjk_share(text):
            return None
        return next((lang.locale for lang in self.site.languages
                     if base_language(lang.code) in ("zh", "ja", "ko")), None)

    # --- reader: around a post ---
    def license(self, post: Post) -> Markup | None:
        return license_line(self.site.config.license, post, self.site.strings[self.lang.code])

    def comments(self, post: Post) -> dict[str, Any] | None:
        return comment_settings(self.site.config.comments, post, self.lang)

    def byline(self, post: Post) -> Markup | None:
        """Who wrote the post, for the line under its title ("作者：爱丽丝、Bob", "By 爱丽丝 and
        Bob"), each name marked with its language where this page's voice would misread it;
        None when the post names no author but the site's own (a one-author blog's posts
        show no byline, as before)."""
        names = own_authors(post.params, self.site.config.author)
        if not names:
            return None
        strings = self.site.strings[self.lang.code]
        shown = [Markup('<span lang="{}">{}</span>').format(lang, name)
                 if (lang := self.name_lang(name)) else escape(name) for name in names]
        listed = shown[0] if len(shown) == 1 else \
            escape(strings("names_separator")).join(shown[:-1]) \
            + escape(strings("names_last_separator")) + shown[-1]
        before, found, after = strings("written_by", names=_NAMES).partition(_NAMES)
        if not found:  # (a site's own string that leaves the names out: they follow it)
            before += " "
        return escape(before) + listed + escape(after)

    def printed_source(self, post: Post, url: str) -> Markup:
        """What paper says of whose a page is and where it is, the page's header and footer not
        being printed: "作者：林深 · 原文：https://…", "By 林深 · Online at https://…". Its
        authors, else the site's author, else the site's title."""
        strings = self.site.strings[self.lang.code]
        names = post_authors(post.params) or \
            ([author] if (author := self.site.config.author.strip()) else [])
        shown = [Markup('<span lang="{}">{}</span>').format(lang, name)
                 if (lang := self.name_lang(name)) else escape(name) for name in names]
        if len(shown) > 1:
            listed = escape(strings("names_separator")).join(shown[:-1]) \
                + escape(strings("names_last_separator")) + shown[-1]
        else:
            listed = shown[0] if shown else escape(self.lang.title)
        link = Markup('<a href="{0}" translate="no">{0}</a>').format(url)
        by = _filled(strings("written_by", names=_NAMES), listed)
        return by + Markup(" · ") + _filled(strings("printed_from", url=_NAMES), link)

    def _ld_authors(self, post: Post) -> dict[str, str] | list[dict[str, str]] | None:
        """JSON-LD's `author`: the post's (a list for several, as Google's Article guide
        writes them), else the site's; None without either. The site's title is no Person:
        nor is it said to be an Organization, a claim of the writer's that no one wrote."""
        names = post_authors(post.params) or \
            ([author] if (author := self.site.config.author.strip()) else [])
        people = [{"@type": "Person", "name": name} for name in names]
        return people[0] if len(people) == 1 else people or None

    def json_ld(self, post: Post, description: str, path: str,
                image: str | None) -> dict[str, Any]:
        """schema.org BlogPosting for search engines; absent values are left out, not null."""
        urls, rendered = self.site.urls, post.rendered
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": rendered.title_text if rendered else post.title,
            "inLanguage": self.lang.locale,
            "author": self._ld_authors(post),
            "description": description,
            "keywords": ", ".join(t.label for t in self.tags(post)),
            "url": urls.absolute(path),
            "mainEntityOfPage": urls.absolute(path),
        }
        if post.date:
            data["datePublished"] = post.date.isoformat()
            data["dateModified"] = (post.updated or post.date).isoformat()
        if image:
            data["image"] = image if "://" in image else urls.absolute(image)
        return {key: value for key, value in data.items() if value}


def current_menu_entry(menu: list[dict[str, str]], path: str, home: str,
                       within: Iterable[str] = ()) -> tuple[str, str] | None:
    """The menu entry to mark on the page at `path`, as (its path, its `aria-current`): the
    page itself ("page"), else the nearest entry above it ("true": the section it is in, as
    Hugo themes mark a menu's `.HasMenuCurrent`), by its path or by `within` (the section
    pages of a post's folders, for a post a permalink puts elsewhere). `/posts/` is marked
    on /posts/leetcode/two-sum/, where no entry was; the home (`home`, a language's folder)
    is above every page, so it is marked on itself alone."""
    paths = [item["path"] for item in menu if not is_external(item["url"])]
    if path in paths:
        return path, "page"
    places = (path, *within)
    above = [entry for entry in paths if entry.endswith("/") and entry.strip("/")
             and entry != home and any(place.startswith(entry) for place in places)]
    return (max(above, key=len), "true") if above else None


def _base_context(site: SiteContext, lang: Language, path: str, title: str, description: str,
                  alternates: dict[str, str], *, math: bool = False, code: bool = False,
                  image: str | None = None, image_alt: str = "", diagrams: bool = False,
                  switch_to: dict[str, str] | None = None,
                  within: Iterable[str] = ()) -> dict[str, Any]:
    """`alternates`: this page in other languages (hreflang); `switch_to`: where the
    switcher goes when a language has no such page (else that language's home); `within`:
    the sections a post is in (`current_menu_entry`); `image_alt`: what the page's picture
    shows, as its writer said (else the page's title)."""
    picture = image or site_picture(site.config.image, site.urls)
    targets = {**(switch_to or {}), **alternates}
    # (`home`: no version of this page in that language, so the link leads to its home page;
    # its name says so, or a reader hears "English" and lands elsewhere)
    switcher = [{"language": other, "path": targets.get(other.code, other.prefix),
                 "current": other.code == lang.code,
                 "home": other.code != lang.code and other.code not in targets
                 and path != lang.prefix,
                 "home_name": site.strings[other.code]("home")} for other in site.languages]
    hreflang = [{"locale": site.language(code).locale, "path": p,
                 "og_locale": site.language(code).og_locale}
                for code, p in alternates.items()]
    if hreflang:
        default_path = alternates.get(site.default.code, path)
        hreflang.append({"locale": "x-default", "path": default_path})
    return {
        "site": site.config,
        "languages": site.languages,
        "lang": lang,
        "t": site.strings[lang.code],
        "bf": ThemeHelpers(site, lang),
        "page_path": path,
        "menu_current": current_menu_entry(lang.menu, path, lang.prefix, within),
        "title": title,
        "description": description or lang.description,
        "switcher": switcher if len(site.languages) > 1 else [],
        "hreflang": hreflang,
        "feed_path": f"{lang.prefix}atom.xml",
        "feeds": _feeds(lang.prefix, lang.title, site.config.feeds.rss),
        "math_stylesheet": site.math_stylesheet if math else None,
        "code_stylesheet": code,
        # (Mermaid's script: js/diagrams.js loads it when a diagram comes near the screen)
        "diagram_script": site.diagram_script if diagrams else None,
        "image": picture,
        # (a card's picture with its size is drawn on the first share: Facebook and LinkedIn
        # show none until they have fetched a picture whose size they were not told)
        "image_size": site.picture_size(picture) if picture else None,
        "image_alt": image_alt or title,
        "verification": verification_tags(site.config.verification),
        "twitter_site": x_handle(site.config.twitter),
        "favicon": {"path": site.favicon, "type": FAVICONS[site.favicon]}
        if site.favicon else None,
    }


# A site's icon, as a Hugo or Hexo site keeps it in static/, the first of these it has: linked
# from every page, or browsers ask for /favicon.ico, the domain's (another site's, under a
# project site's /repo/), and nothing says so. Its type, for the <link>.
FAVICONS = {"favicon.svg": "image/svg+xml", "favicon.ico": "image/x-icon",
            "favicon.png": "image/png"}


def favicon_in(static_files: Iterable[str]) -> str | None:
    """The favicon among the files of static/ (by their paths in it), if any."""
    present = set(static_files)
    return next((name for name in FAVICONS if name in present), None)


def _feeds(folder: str, title: str, rss: bool) -> list[dict[str, str]]:
    """The feeds a page announces in its <head>, for feed readers to discover."""
    feeds = [{"title": title, "path": f"{folder}atom.xml", "type": "application/atom+xml"}]
    if rss:
        feeds.append({"title": title, "path": f"{folder}rss.xml", "type": "application/rss+xml"})
    return feeds


def _with_self(alternates: dict[str, str], lang: str, path: str) -> dict[str, str]:
    return {lang: path, **alternates} if alternates else {}


# --- posts and pages ---------------------------------------------------------------------------


def toc_tree(headings: Sequence[Heading]) -> list[tuple[Heading, list[Heading]]]:
    """The top-level sections with their subsections beneath. The top level is that of the
    shallowest heading below h1 (h2 as a rule; h3 in a body of `###` sections, DeepSeek's,
    Gemini's and Kimi's habit for an answer, which had every section nested under the first),
    or h1 when the body's first heading is one of several: CSDN's posts and Typora's notes make
    their sections `#` headings (the title is apart) and their `[TOC]` showed an empty box; a
    lone `# 一级标题` above them all (the title again, Typora's way) made the contents that one
    entry and its `##`s, and dropped the `###`s: it is an entry of its own. (Not the
    shallowest of all: one `# 附录` at the end of `##` sections had the contents nest every
    section under the first and drop the h3s.) A heading above the top level is an entry of
    its own (that `# 附录`; the `# 一、安装` chapters after a `## 前言`), and so is a subsection
    with no section above it (an `### 摘要` before the first `##`). A heading that skips a
    level (`####` under a `##`, `###` under a `#`) is a subsection of the entry it follows when
    nothing between the two levels comes between them (it was left out); below a subsection
    it is a third level, which the box does not show."""
    if not headings:
        return []
    below_h1 = [heading.level for heading in headings if heading.level > 1]
    several_h1 = sum(heading.level == 1 for heading in headings) > 1
    top = 1 if headings[0].level == 1 and several_h1 or not below_h1 else min(below_h1)
    tree: list[tuple[Heading, list[Heading]]] = []
    for heading in headings:
        if heading.level == top + 1 and tree and tree[-1][0].level <= top:
            tree[-1][1].append(heading)
        elif heading.level <= top + 1 or not tree:  # (or deeper, with no entry above it)
            tree.append((heading, []))
        elif tree[-1][0].level < heading.level and all(
                child.level >= heading.level for child in tree[-1][1]):
            tree[-1][1].append(heading)
    return tree


# The templates of the generated pages, and the frame of every page: their pages' context is
# not a post's, so a `layout` never names them (an imported page says `layout: archive`).
_NOT_LAYOUTS = frozenset({"base.html", "home.html", "list.html", "terms.html", "archive.html",
                          "search.html", "404.html", "section.html"})


def post_template(site: SiteContext, post: Post) -> str:
    """`post.html` or `page.html`, or the template of the site's own that its `layout` names
    (`layout: projects`: templates/projects.html), as in Hugo, Hexo and Jekyll. A layout of
    the generator an imported post was written for (`default`, `single`, `archive`) is none,
    and the post keeps its usual template."""
    name = _layout_template(post)
    if name is not None and (name in ("post.html", "page.html")
                             or (name in site.templates and name not in _NOT_LAYOUTS)):
        return name
    return "post.html" if post.kind == "post" else "page.html"


def _layout_template(post: Post) -> str | None:
    """The template file a post's `layout` names (`projects`: projects.html); None without
    one."""
    layout = post.params.get("layout")
    if isinstance(layout, str) and layout.strip():
        return layout.strip().removesuffix(".html") + ".html"
    return None


def layout_slip(templates: frozenset[str], post: Post) -> str | None:
    """The site's template a post's `layout` most likely meant, when it names none but is a
    slip of one (`projetcs` for templates/projects.html); None for a layout found, or one of
    another generator (`default`, `single`), which is close to nothing of the site's."""
    name = _layout_template(post)
    if name is None:
        return None
    candidates = sorted(t for t in templates | {"post.html", "page.html"}
                        if t not in _NOT_LAYOUTS and "/" not in t)
    if name in candidates:
        return None
    close = close_matches(name, candidates, n=1, cutoff=0.8)
    return close[0].removesuffix(".html") if close else None


def _sections_of(post: Post, lang: Language) -> list[str]:
    """The paths of the section pages of a post's folder and those above it
    (`/posts/leetcode/`, `/posts/`), wherever its permalink puts it."""
    parts = post_folder(post).split("/")
    if parts[0] != POSTS_DIR:
        return []
    return [section_path("/".join(parts[:depth]), lang.prefix)
            for depth in range(1, len(parts) + 1)]


def post_page(site: SiteContext, post: Post, sketch: bool = False) -> PageSpec:
    """A post's page; a `sketch` has its place (path, language, translations, date) but its
    context holds only the post: for a page the build keeps as it is (the sitemap lists it)."""
    template = post_template(site, post)
    translations = site.index.translations_of(post)
    # (a version kept from search engines is no alternate of the others for them, hreflang
    # and the sitemap, nor they of it: the language switch leads there all the same)
    alternates = _with_self({code: p.path for code, p in translations.items()
                             if not p.noindex}, post.lang, post.path) if not post.noindex \
        else {}
    if sketch:
        return PageSpec(post.path, template, {"post": post}, post.lang, alternates,
                        post.updated or post.date, post.in_sitemap,
                        sketch=partial(post_page, site, post))
    lang = site.language(post.lang)
    rendered = post.rendered
    assert rendered is not None
    cover = shared_cover(post, site)
    image = cover or rendered.first_image
    context = _base_context(site, lang, post.path, rendered.title_text,
                            # (none for a post of code alone: "[代码]" is no description)
                            rendered.description,
                            alternates, math=rendered.has_math, code=rendered.has_code,
                            image=image, image_alt=cover_alt(post) if cover else "",
                            diagrams=bool(rendered.diagram_line),
                            switch_to={code: p.path for code, p in translations.items()},
                            within=_sections_of(post, lang))
    # (counted as the box shows them: a CSDN post's `#` chapters too, not `##` and `###` alone)
    toc = toc_tree(rendered.headings)
    show_toc = post.toc if post.toc is not None else rendered.toc_asked or (
        sum(1 + len(subsections) for _, subsections in toc) >= site.config.toc_min_headings)
    context.update({
        "post": post,
        # (the site's account wrote it: a post of the site's own author)
        "twitter_creator": context["twitter_site"]
        if not own_authors(post.params, site.config.author) else None,
        "toc": toc if show_toc else [],
        "translations": [(site.language(code), p) for code, p in sorted(translations.items())],
    })
    if post.unlisted:
        # (its terms that have pages, the ones its page links, `ThemeHelpers._has_page`: the
        # listed posts of every language decide, none of which its context holds, so a page
        # kept when only they changed linked a term page no longer made, or not one now made)
        helpers = ThemeHelpers(site, lang)
        context["linked_terms"] = [term.path for term in helpers.tags(post)] + [
            term.path for path in helpers.categories(post) for term in path]
    if post.kind == "post":
        newer, older = site.index.neighbours(post)
        context.update({"newer": newer, "older": older, "series": _series_box(site, post)})
        related = site.config.related
        context["related"] = related_posts(post, site.index.by_tag(lang),
                                           related.count) if related.enabled else []
    return PageSpec(post.path, template, context, post.lang, alternates,
                    post.updated or post.date, post.in_sitemap)


def _series_box(site: SiteContext, post: Post) -> dict[str, Any] | None:
    if not post.series:
        return None
    lang = site.language(post.lang)
    parts = site.series_parts(post.series, lang)
    number = _part_number(parts, post)
    if not number:  # (an unlisted post is no part its series lists: its page may be the only)
        return None
    # A long series (80 LeetCode solutions) lists the parts around this one, as a pager does:
    # all of them opened the box on wide screens as a list of 80 titles above the post's text.
    # The series page lists every part.
    shown = [None if n is None else (n, parts[n - 1])
             for n in numbers_around(max(number, 1), len(parts))]
    term = site.term("series", (post.series,), lang, len(parts))
    # The series pages are paginated, part 1 first: "all parts" leads to the one that lists
    # this part, among its neighbours (as Hugo's pager does), not back to part 1 from part 50.
    listed_on = page_holding(number, site.config.paginate, term.path)
    return {"term": term, "parts": parts, "shown": shown, "number": number,
            "total": len(parts), "listed_on": listed_on}


def _part_number(parts: list[Post], post: Post) -> int:
    """The post's place in its series' `parts` (1-based), or 0."""
    return next((i + 1 for i, p in enumerate(parts) if p.translation_key ==
                 post.translation_key), 0)


# --- listings ------------------------------------------------------------------------------------


def series_places(site: SiteContext, lang: Language, posts: list[Post]) -> dict[str, dict]:
    """Where each post of a listing that is a part of a series stands in it (by the post's
    path): the series, the part's number and the series page that lists it, for its card.
    In the context, not asked by the template: a part's number follows the other parts, and
    the page must be rendered again when they move it."""
    places = {}
    for post in posts:
        if post.series and (number := _part_number(
                parts := site.series_parts(post.series, lang), post)):
            term = site.term("series", (post.series,), lang, len(parts))
            places[post.path] = {"term": term, "number": number, "listed_on": page_holding(
                number, site.config.paginate, term.path)}
    return places


def _listing_specs(site: SiteContext, listings_by_lang: dict[str, list[Listing]],
                   template: str, kept: Container[str],
                   finish: Callable[[PageSpec], None] | None = None) -> list[PageSpec]:
    """The pages of listings, each in `kept` (whose print is the last build's, which it
    keeps: `site._kept_prints`) only sketched: its place and its listing, made in full
    should its file be gone (`PageSpec.sketch`); after a one-post edit, most of a
    thousand-post site's 800 lists. `finish`: what a kind of listing adds to each page, a
    sketch too."""
    specs = []
    for code, listings in listings_by_lang.items():
        lang = site.language(code)
        # page N's counterpart is the other language's page N; where that language has
        # fewer pages the switcher goes to its first, which is no translation of this
        # one: no hreflang for it (search engines want alternates that point back)
        firsts = {other: others[0].path for other, others in listings_by_lang.items()
                  if other != code and others}
        for listing in listings:
            n = listing.pager.number
            alternates = _with_self({
                other: others[n - 1].path for other, others in listings_by_lang.items()
                if other != code and n <= len(others)}, code, listing.path)
            # (in the sitemap, page 1 is as new as the newest change of a post it shows, as
            # Hugo's lists are: a crawler comes back to the home page and a tag's page when a
            # post is published under it; a page N is in no sitemap)
            lastmod = max((p.updated or p.date for p in listing.posts if p.date),
                          default=None) if n == 1 else None
            made = partial(_listing_page, site, lang, listing, template, alternates, firsts,
                           lastmod, finish)
            if listing.path in kept:
                spec = PageSpec(listing.path, template, {"listing": listing}, code, alternates,
                                lastmod, in_sitemap=n == 1, sketch=made)
                if finish is not None:
                    finish(spec)
                specs.append(spec)
            else:
                specs.append(made())
    return specs


def _listing_page(site: SiteContext, lang: Language, listing: Listing, template: str,
                  alternates: dict[str, str], firsts: dict[str, str], lastmod: Any,
                  finish: Callable[[PageSpec], None] | None) -> PageSpec:
    """A page of a listing in full (`_listing_specs`); `firsts`: each other language's
    first page of it, where the switcher goes."""
    n = listing.pager.number
    title = listing.title if listing.kind != "home" else lang.title
    if n > 1:
        # (the home's page 2 is "第 2 页", to which every page's <title> adds the
        # site's: "星际笔记 · 第 2 页 · 星际笔记" named the site twice)
        page_n = site.strings[lang.code]("page_n", n=n)
        title = page_n if listing.kind == "home" else f"{title} · {page_n}"
    context = _base_context(site, lang, listing.path, title,
                            term_description(site, lang, listing.term)
                            if listing.term is not None else "", alternates,
                            switch_to=firsts)
    context["mathml_stylesheet"] = any("<math" in p.rendered.excerpt_html
                                       for p in listing.posts if p.rendered)
    context["listing"] = listing
    context["series_places"] = series_places(site, lang, listing.posts)
    term = listing.term
    if term is not None and term.taxonomy in site.config.feeds.term_feeds():
        context["feeds"] += _feeds(term.path, f"{term.label} · {lang.title}",
                                   site.config.feeds.rss)
    spec = PageSpec(listing.path, template, context, lang.code, alternates, lastmod,
                    in_sitemap=n == 1)
    if finish is not None:
        finish(spec)
    return spec


# The theme string of each taxonomy's pages' meta description, and of its index's
TERM_DESCRIPTIONS = {"tags": "tag_description", "categories": "category_description",
                     "series": "series_description"}
INDEX_DESCRIPTIONS = {"tags": "tags_description", "categories": "categories_description",
                      "series": "series_index_description"}


def term_description(site: SiteContext, lang: Language, term: Term) -> str:
    """A term's pages' meta description, "标签「VAE」下的 3 篇文章": its own, where each was
    the site's description, which search engines report as one duplicated on every page."""
    key = TERM_DESCRIPTIONS[term.taxonomy]
    strings = site.strings[lang.code]
    return strings(f"{key}_one", name=term.label) if term.count == 1 else \
        strings(key, n=term.count, name=term.label)


def home_pages(site: SiteContext, kept: Container[str] = frozenset()) -> list[PageSpec]:
    """Each language's home page and its pages after (`kept`: see `_listing_specs`)."""
    by_lang = {
        lang.code: listing_pages("home", lang, home_order(site.index.for_language(lang)),
                                 site.config.paginate, lang.prefix, lang.title)
        for lang in site.languages
    }
    return _listing_specs(site, by_lang, "home.html", kept)


def section_pages(site: SiteContext, intros: Mapping[tuple[str, str], IntroPage],
                  taken: frozenset[str], kept: Container[str] = frozenset()
                  ) -> list[PageSpec]:
    """Per language, the list of each folder of content/posts/ that holds listed posts (in it
    or below it), newest first and paginated as the home page: `/posts/`, `/en/posts/ml/`.
    `intros`: (section_key of the folder, language) -> what its `_index.md` gives it;
    `taken`: the paths of posts, pages and old URLs, in small letters, which keep their
    place (a bundle `posts/leetcode/index.md` is the page at /posts/leetcode/); `kept`: see
    `_listing_specs`."""
    per_folder: dict[str, dict[str, list[Listing]]] = {}
    sections: dict[str, Section] = {}
    for lang in site.languages:
        groups = with_introduced(site.index.folders(lang), [
            folder for (key, code), intro in intros.items()
            if code == lang.code and (folder := intro_folder(intro.source, key)) is not None])
        paths = {folder: section_path(folder, lang.prefix) for folder in groups}
        shown = {folder for folder, path in paths.items() if path.lower() not in taken}
        # (title, path, count) of each, as the trail above a section and its subsections show
        strings = site.strings[lang.code]
        named = {folder: (intro.title if (intro := intros.get((section_key(folder), lang.code)))
                          and intro.title else folder_title(folder, strings), paths[folder],
                          len(groups[folder])) for folder in shown}
        # (subsections as Hugo orders them: by their `_index.md`'s weight, then by name)
        weights = {key: intro.weight for (key, code), intro in intros.items()
                   if code == lang.code}
        in_hugo_order = sorted(shown, key=lambda folder: (
            by_weight(weights.get(section_key(folder), 0)), folder))
        for folder in sorted(shown):
            intro = intros.get((section_key(folder), lang.code))
            parts = folder.split("/")
            above = ("/".join(parts[:i]) for i in range(1, len(parts)))
            section = Section(folder, paths[folder], named[folder][0],
                              intro.description if intro else "", intro.html if intro else "",
                              len(groups[folder]),
                              tuple(named[parent] for parent in above if parent in shown),
                              tuple(named[child] for child in in_hugo_order
                                    if child.rpartition("/")[0] == folder),
                              intro.source if intro else "", intro.params if intro else {})
            sections[section.path] = section
            per_folder.setdefault(folder, {})[lang.code] = listing_pages(
                "section", lang, section_order(groups[folder]), site.config.paginate,
                section.path, section.title)

    def finish(spec: PageSpec) -> None:
        section = sections[spec.context["listing"].pager.urls[0]]
        spec.context["section"] = section
        if spec.sketch is not None:  # (a sketch: the section is what its messages and its
            return  # feed read of it, `PageSpec.origin`, `site_files.section_feeds`)
        if site.config.feeds.per_section:  # (`site_files.section_feeds`)
            spec.context["feeds"] += _feeds(
                section.path, f"{section.title} · {site.language(spec.lang).title}",
                site.config.feeds.rss)
        intro = intros.get((section_key(section.folder), spec.lang))
        if intro is not None and spec.context["listing"].pager.number == 1:
            spec.context["description"] = intro.description or intro.text_description \
                or spec.context["description"]
            if intro.math:
                spec.context["math_stylesheet"] = site.math_stylesheet
            spec.context["code_stylesheet"] = intro.code
        if intro is not None and intro.image:  # (its card's picture on each of its pages)
            spec.context.update(image=intro.image, image_size=site.picture_size(intro.image),
                                image_alt=_section_cover_alt(intro) or spec.context["title"])

    return [spec for by_lang in per_folder.values()
            for spec in _listing_specs(site, by_lang, "section.html", kept, finish)]


def _section_page_of(intro: IntroPage, path: str, lang: str) -> Post:
    """A section's `_index.md` as a page at the section's `path`, for what is found of its
    front matter as a post's is (its picture, named from its file)."""
    return Post(Path(intro.source), "page", lang, intro.title, None, None, path, "", 1,
                params=dict(intro.params))


def section_covers(intros: Mapping[tuple[str, str], IntroPage], site: SiteContext
                   ) -> dict[tuple[str, str], IntroPage]:
    """`intros` with the picture each section's front matter (or a cascade above it) names
    for its sharing card (`cover`, `image`, Hugo's `images`), found as a post's is
    (`shared_cover`)."""
    return {(folder, code): replace(intro, image=shared_cover(_section_page_of(
        intro, section_path(folder, site.language(code).prefix), code), site))
        if _picture_named(dict(intro.params)) else intro
        for (folder, code), intro in intros.items()}


def _section_cover_alt(intro: IntroPage) -> str:
    return cover_alt(_section_page_of(intro, "", ""))


def start_reading_names(readings: Readings, posts: list[Post]) -> None:
    """Start reading the Chinese in every term name `posts` carry (`Readings.start`), for
    `read_index_names` to collect."""
    readings.start(name for post in posts for taxonomy in TAXONOMY_KINDS
                   for names in term_names(post, taxonomy) for name in names)


def read_index_names(site: SiteContext) -> None:
    """Have the pinyin of every name the taxonomies' indexes list read at once (one process
    for them all, `Readings.learn`), before `term_pages` sorts them."""
    site.readings.learn(site.term(taxonomy, group.names, lang, len(group.posts)).label
                        for taxonomy in TAXONOMY_KINDS for lang in site.languages
                        for group in site.index.terms(lang, taxonomy).values())


def term_pages(site: SiteContext, taxonomy: str, kept: Container[str] = frozenset()
               ) -> list[PageSpec]:
    """Every term's listing and, per language, the index of all terms (`kept`: see
    `_listing_specs`)."""
    kind = TAXONOMY_KINDS[taxonomy]
    per_term: dict[str, dict[str, list[Listing]]] = {}
    indexes: list[tuple[Language, list]] = []
    for lang in site.languages:
        groups = site.index.terms(lang, taxonomy)
        terms = index_order([site.term(taxonomy, group.names, lang, len(group.posts))
                             for group in groups.values()], lang, site.readings)
        by_id = {term.id: term for term in terms}
        below: dict[str, list[Term]] = {}  # (a category's own, in the index's order)
        for term in terms if taxonomy == "categories" else ():
            below.setdefault(term.id.rpartition("/")[0], []).append(term)
        for term in terms:
            posts = groups[term.id].posts
            if taxonomy == "series":  # (part 1 first, on page 1: a reader starts there)
                posts = series_order(posts)
            # a category's trail and its own categories (`机器学习/深度学习`: the page names
            # 机器学习 above it, and its title both: two `LeetCode 刷题` are told apart)
            parts = term.id.split("/") if taxonomy == "categories" else [term.id]
            parents = tuple(by_id[key] for i in range(1, len(parts))
                            if (key := "/".join(parts[:i])) in by_id)
            children = tuple(below.get(term.id, ()))
            title = site.strings[lang.code](
                kind if kind != "series" else "series_title",
                name=" › ".join(named.label for named in (*parents, term)))
            per_term.setdefault(term.id, {})[lang.code] = listing_pages(
                kind, lang, posts, site.config.paginate, term.path, title, term, parents,
                children)
        indexes.append((lang, terms))
    specs = [spec for by_lang in per_term.values()
             for spec in _listing_specs(site, by_lang, "list.html", kept)]
    # every language has the index, even with no terms yet (as Hugo does): the menu of a
    # new site links to tags/ before any post has a tag. An empty one is no page to search:
    # out of the sitemap, and `noindex` (a search engine that found it listed "这里还没有
    # 文章。" under the site's name)
    for lang, terms in indexes:
        spec = _page_of_every_language(site, lang, f"{taxonomy}/", "terms.html", taxonomy,
                                       in_sitemap=bool(terms))
        spec.context["description"] = site.strings[lang.code](INDEX_DESCRIPTIONS[taxonomy],
                                                              site=lang.title)
        spec.context.update({"taxonomy": taxonomy, "terms": terms, "noindex": not terms,
                             "tree": _term_tree(terms) if taxonomy == "categories" else []})
        specs.append(spec)
    return specs


def _term_tree(terms: list[Term]) -> list[dict[str, Any]]:
    """Categories in the index's order as a tree, each `{"term", "children"}`: the index
    lists them as lists in lists, which a screen reader tells as levels (an indent alone is
    seen, not heard)."""
    roots: list[dict[str, Any]] = []
    nodes: dict[str, dict[str, Any]] = {}
    for term in terms:  # (a category comes after the one it is in)
        node = nodes[term.id] = {"term": term, "children": []}
        parent = nodes.get(term.id.rpartition("/")[0])
        (parent["children"] if parent is not None else roots).append(node)
    return roots


def _page_of_every_language(site: SiteContext, lang: Language, folder: str, template: str,
                            title_key: str, in_sitemap: bool = True) -> PageSpec:
    """A page each language has in the same folder (archives/, tags/, search/), linked to its
    twins in the other languages."""
    path = f"{lang.prefix}{folder}"
    alternates = _with_self({o.code: f"{o.prefix}{folder}" for o in site.languages
                             if o.code != lang.code}, lang.code, path)
    context = _base_context(site, lang, path, site.strings[lang.code](title_key), "", alternates)
    return PageSpec(path, template, context, lang.code, alternates, in_sitemap=in_sitemap)


def archive_pages(site: SiteContext) -> list[PageSpec]:
    specs = []
    for lang in site.languages:
        spec = _page_of_every_language(site, lang, "archives/", "archive.html", "archives")
        years = spec.context["years"] = archive_groups(site.index.for_language(lang))
        count = sum(len(posts) for _, months in years for _, posts in months)
        strings = site.strings[lang.code]
        if count:  # (an empty archive keeps the site's description)
            spec.context["description"] = strings("archives_description_one", site=lang.title) \
                if count == 1 else strings("archives_description", n=count, site=lang.title)
        specs.append(spec)
    return specs


def index_order(terms: list[Term], lang: Language, readings: Readings) -> list[Term]:
    """The terms as a taxonomy's index lists them. Tags and series: the most used first, then
    by name as a reader of `lang` expects (name_order.py: on Chinese pages 动态规划 before
    深度学习 before `attention` before `Hash table`). Categories: a tree, each category
    followed by its own, siblings by name."""
    by_name = {term.id: (name_key(term.label, lang.code, readings), term.id) for term in terms}
    if terms and terms[0].taxonomy == "categories":
        def path(term: Term) -> tuple:
            parts = term.id.split("/")
            return tuple(by_name[parent] for i in range(len(parts))
                         if (parent := "/".join(parts[: i + 1])) in by_name)
        return sorted(terms, key=path)
    return sorted(terms, key=lambda term: (-term.count, by_name[term.id]))


def search_pages(site: SiteContext) -> list[PageSpec]:
    """Per language, the page that shows all results for `?q=` (the header box opens it)."""
    return [_page_of_every_language(site, lang, "search/", "search.html", "search",
                                    in_sitemap=False) for lang in site.languages]


# How the page a host shows at a missing address is changed, for the messages about a page of
# the writer's meant as that page (`content/404.md`, a `permalink: /404.html`)
NOT_FOUND_WAYS = ("blogforge makes the 404 page itself (404.html): to change it, write "
                  "templates/404.html extending theme/404.html, or its text as "
                  "`not_found_title` and `not_found_text` in i18n/LANG.yaml")


def not_found_lookalikes(posts: list[Post], languages: list[Language]) -> list[Post]:
    """The pages written as a 404 page (`content/404.md`, `404.en.md`, `404/index.md`), which
    are pages at /404/, not the page a host shows at a missing address."""
    paths = {f"{lang.prefix}404/" for lang in languages}
    return [post for post in posts if post.kind == "page" and post.path in paths]


def not_found_pages(site: SiteContext) -> list[PageSpec]:
    """GitHub Pages serves the root 404.html for every missing page, so the default
    language's also says it in the other languages, each leading to its home (an English
    reader's mistyped /en/ address met Chinese alone); the others are for hosts that pick one
    per language."""
    # (the site's English, for a line whose strings English lent: `en-GB` when it is that)
    english = next((lang.locale for lang in site.languages if lang.code == FALLBACK), FALLBACK)

    def locale_of(other: Language, key: str) -> str:
        """The locale of the text shown for `key` in `other`: its own, or English's."""
        return other.locale if site.strings[other.code].language_of(key) == other.code \
            else english

    specs = []
    for lang in site.languages:
        context = _base_context(site, lang, f"{lang.prefix}404.html",
                                site.strings[lang.code]("not_found_title"), "", {})
        if lang is site.default:
            # `locale`: the language a line leads to; `text_locale` and `home_locale`: the
            # languages its two strings are in (English, for a language without its own)
            context["other_languages"] = [
                {"locale": other.locale, "prefix": other.prefix,
                 "text": site.strings[other.code]("not_found_text"),
                 "text_locale": locale_of(other, "not_found_text"),
                 "home": site.strings[other.code]("back_home"),
                 "home_locale": locale_of(other, "back_home")}
                for other in site.languages if other is not lang]
        paths = {f"{lang.prefix}404.html"}
        if lang is site.default:
            paths.add("404.html")  # even when the default language has a folder of its own
        specs += [PageSpec(path, "404.html", context, lang.code, in_sitemap=False)
                  for path in sorted(paths)]
    return specs


def cover_of(post: Post, site: SiteContext) -> str | None:
    """The site path (or URL) of the picture a post's front matter names, found as its body's
    pictures are: a file of its bundle, one named from the post's file (Typora's
    `./assets/cover.png` beside `a.md`), else where a browser looks from the page; a file
    named in other capitals is followed (`cover_in_other_capitals`)."""
    cover = _picture_named(post.params)
    if cover is None:
        return None
    parts = split_url(cover)
    if not parts.scheme and not parts.netloc:  # (a file's path, `\` too: `.\assets\a.png`)
        cover = cover.replace("\\", "/")
        parts = split_url(cover)
        if (twin := _cover_twin(unquote(parts.path), post, site)) is not None:
            parts = parts._replace(path=quote(twin))
            cover = urlunsplit(parts)
    moved = None if parts.scheme or parts.netloc or cover.startswith("/") else \
        published_elsewhere(unquote(parts.path), content_path(post), post.path, site.published)
    return moved or site_path_of(cover, post.path, site.urls, bundle_of(post, site.bundles))


def cover_alt(post: Post) -> str:
    """What a post's picture shows, as its front matter says: `cover_alt`, or the `alt` of
    Chirpy's `image: {path, alt}` and PaperMod's `cover: {image, alt}`; "" without one."""
    written = post.params.get("cover_alt")
    for key in ("image", "cover"):
        if not written and isinstance(value := post.params.get(key), dict):
            written = value.get("alt")
    return written.strip() if isinstance(written, str) else ""


def _cover_twin(path: str, post: Post, site: SiteContext) -> str | None:
    """The path, from the post's file, of the one file under content/ that a relative picture
    path names in other capitals (`cover.gif` for `Cover.gif`: Windows and macOS show it,
    GitHub Pages serves none), when no file has the name as written; else None."""
    if not path or path.startswith("/"):
        return None
    folder = content_path(post).parent.as_posix()
    named = posixpath.normpath(posixpath.join(folder, path))
    if named.startswith("../") or site.published.get(named) is not None:
        return None
    twin = site.published.get(IN_OTHER_CAPITALS + named.lower())
    return posixpath.relpath(twin, folder) if twin and twin != named else None


def _is_svg(url: str) -> bool:
    return split_url(url).path.lower().endswith(".svg")


def shared_cover(post: Post, site: SiteContext) -> str | None:
    """The post's picture for sharing cards: its front matter's (`cover_of`), unless that is
    an SVG, which Facebook, X, LinkedIn and Telegram show none of, or a file that is no
    picture (a web page saved as `cover.png`, an LFS pointer): then none (the post's first
    other picture, else the site's `image`, stands in; `svg_cover`, `cover_not_a_picture`)."""
    cover = cover_of(post, site)
    return None if cover is None or _is_svg(cover) or picture_problem(cover, site) else cover


def svg_cover(post: Post) -> tuple[str, str] | None:
    """The front matter key naming an SVG for the post's picture, and what to say of it."""
    named = _picture_key(post.params)
    if named is None or not _is_svg(named[1]):
        return None
    key, cover = named
    return key, (f"`{key}: {cover}`: link previews (Facebook, X, LinkedIn, Telegram) show no "
                 "SVG, so the post's first other picture, else site.yaml's `image`, is its "
                 "card's; name a PNG or JPEG (1200×630) for the card")


def cover_in_other_capitals(post: Post, site: SiteContext) -> tuple[str, str] | None:
    """The front matter key naming the post's picture in other capitals, and what to say of
    it (the picture is followed: `cover_of`); None when it names it as it is."""
    named = _picture_key(post.params)
    if named is None:
        return None
    key, cover = named
    parts = split_url(cover.replace("\\", "/"))
    if parts.scheme or parts.netloc or (
            twin := _cover_twin(unquote(parts.path), post, site)) is None:
        return None
    return key, (f"`{key}: {cover}`: the file is `{twin}`, {IN_OTHER_CAPITALS_WHY}: write "
                 f"`{twin}` (it is followed this time)")


def cover_not_a_picture(post: Post, site: SiteContext) -> tuple[str, str] | None:
    """The front matter key naming the post's picture, when its file is no picture (a web
    page saved as `cover.png`, a Git LFS pointer, an empty file: `not_a_picture`), and what
    to say of it; None for a picture, another site's, or a file not found. (A body's picture
    was said so, its cover not: link previews showed none, without a word.)"""
    named = _picture_key(post.params)
    return None if named is None else _unpictured(
        named, cover_of(post, site), site,
        "this post's card shows its first other picture, else site.yaml's `image`")


def section_cover_not_a_picture(intro: IntroPage, folder: str, lang: str, site: SiteContext
                                ) -> tuple[str, str] | None:
    """As `cover_not_a_picture`, of the `_index.md` of the section `folder` in `lang` (its
    picture found as a post's: `section_covers`): its list's pages showed none in link
    previews, unsaid."""
    named = _picture_key(dict(intro.params))
    if named is None:
        return None
    page = _section_page_of(intro, section_path(folder, site.language(lang).prefix), lang)
    return _unpictured(named, cover_of(page, site), site,
                       "the section list's card shows site.yaml's `image` (if set)")


def _unpictured(named: tuple[str, str], picture: str | None, site: SiteContext,
                stand_in: str) -> tuple[str, str] | None:
    """The key (`named`: it and its value as written) and what to say of it, when the
    `picture` it gives is no picture (`picture_problem`); `stand_in` says which picture
    sharing cards show in its place (`shared_cover`)."""
    if picture is None or (what := picture_problem(picture, site)) is None:
        return None
    key, written = named
    return key, (f"`{key}: {written}`: link previews (Facebook, X, LinkedIn, Telegram) "
                 f"cannot show it, so {stand_in}, and a template that shows it shows none: "
                 f"{what}")


def picture_problem(picture: str, site: SiteContext) -> str | None:
    """What a sharing card's picture published with the site (its site path) holds instead
    of a picture (`not_a_picture`); None for a picture, another site's, or a file not
    found (the link check says that one)."""
    file = site.picture_file(picture)
    if file is None or site.picture_size(picture) is not None:
        return None
    return not_a_picture(file)


def _picture_named(params: dict) -> str | None:
    """The picture a post's front matter names for sharing cards (`_picture_key`)."""
    named = _picture_key(params)
    return named[1] if named is not None else None


def _picture_key(params: dict) -> tuple[str, str] | None:
    """The key and value naming a post's picture for sharing cards: `cover` or `image`, else
    Hugo's `images` (the first) or Hexo themes' `thumbnail`; Chirpy's `image: {path: …}` and
    PaperMod's `cover: {image: …}` too."""
    for key in ("cover", "image", "images", "thumbnail"):
        value = params.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("image") or value.get("path")
        if value:
            return key, str(value)
    return None

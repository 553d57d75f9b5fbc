"""The build, top to bottom: load → model → render → index → write.

`build_site` never raises for a user's mistake: every problem becomes a diagnostic, and the
output is swapped in only when there are no errors.
"""

from __future__ import annotations

import hashlib
import html
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from blogforge.config import SiteConfig, base_url_problem, load_config
from blogforge.content.loader import CONTENT_DIR, Loaded, LoadOptions, load_content
from blogforge.diagnostics import Diagnostics
from blogforge.feeds import (
    FeedInfo,
    SitemapEntry,
    atom_feed,
    robots_txt,
    rss_feed,
    sitemap,
    sitemap_index,
)
from blogforge.i18n import load_strings
from blogforge.index import SiteIndex, term_spellings
from blogforge.languages import resolve_languages
from blogforge.link_checker import check_output
from blogforge.markdown.highlight import stylesheet
from blogforge.markdown.render import MarkdownSettings, PostRenderer
from blogforge.math import MathEngine, MathSettings
from blogforge.math import stylesheet_path as math_stylesheet_path
from blogforge.model import Language, Post
from blogforge.output import THEME_ORIGIN, OutputError, StagedOutput, check_output_dir
from blogforge.pages import (
    PageSpec,
    SiteContext,
    archive_pages,
    home_pages,
    not_found_pages,
    post_page,
    term_pages,
)
from blogforge.templates import THEME_DIR, Renderer
from blogforge.urls import UrlBuilder

CACHE_DIR = ".blogforge-cache"


@dataclass(frozen=True)
class BuildOptions:
    source: Path
    output: Path
    base_url: str | None = None
    drafts: bool = False
    future: bool = False
    strict: bool = False
    use_cache: bool = True
    now: datetime | None = None


@dataclass
class BuildResult:
    diagnostics: Diagnostics
    posts: int = 0
    pages: int = 0
    held_back: Counter = field(default_factory=Counter)
    written: bool = False
    seconds: float = 0.0
    changed_files: list[str] = field(default_factory=list)  # output paths written or removed


class Site:
    """A site that is built again and again (the CLI builds once; `serve` after each change).

    `build(changed)` takes the source paths that changed as a hint (None: look at everything)
    and reports which output files it wrote or removed.
    """

    def __init__(self, options: BuildOptions) -> None:
        self.options = options
        self._digests: dict[str, str] = {}  # output path -> digest of its bytes, last build

    def build(self, changed: Iterable[Path] | None = None) -> BuildResult:
        result = build_site(self.options)
        if result.written:
            digests = _output_digests(self.options.output)
            result.changed_files = sorted(
                path for path in digests.keys() | self._digests.keys()
                if digests.get(path) != self._digests.get(path))
            self._digests = digests
        return result


def _output_digests(output: Path) -> dict[str, str]:
    return {path.relative_to(output).as_posix(): hashlib.sha1(path.read_bytes()).hexdigest()
            for path in output.rglob("*") if path.is_file()}


def build_site(options: BuildOptions) -> BuildResult:
    started = time.perf_counter()
    result = BuildResult(Diagnostics())
    diagnostics = result.diagnostics
    source = options.source

    # 1. Configuration and where the output goes.
    if not (source / CONTENT_DIR).is_dir():
        diagnostics.error(f"{source} has no {CONTENT_DIR}/ folder: run blogforge in your site's "
                          "folder or name it with --source")
        return result
    config = load_config(source, diagnostics)
    urls = UrlBuilder(options.base_url or config.base_url)
    if options.base_url and (problem := base_url_problem(options.base_url)):
        diagnostics.error(f"--base-url: {problem}")
    elif not urls.origin:
        diagnostics.warning(
            f"base_url is `{urls.base_url}`, without a host, so feeds, the sitemap and canonical "
            "links hold site-relative URLs; set base_url in site.yaml (https://user.github.io/"
            "repo/) or pass --base-url")
    try:
        check_output_dir(source, options.output)
    except OutputError as exc:
        diagnostics.error(str(exc))
    if diagnostics.errors:
        return result
    math_settings = MathSettings.from_config(config.math)  # checked by load_config

    # 2. Load: Markdown files into posts.
    loaded = load_content(source, LoadOptions(
        config.default_language, frozenset(config.languages), ZoneInfo(config.timezone)),
        diagnostics)
    posts, result.held_back = _visible(loaded.posts, options)
    languages = resolve_languages(config, {p.lang for p in posts})
    posts = _place(posts, languages, source, diagnostics)

    # 3. Render each body: Markdown and math into HTML, excerpt, headings.
    strings = load_strings(source, [lang.code for lang in languages], diagnostics)
    cache = source / CACHE_DIR / "math" if options.use_cache else None
    engine = MathEngine(math_settings, cache_dir=cache)
    markdown = PostRenderer(
        MarkdownSettings(config.excerpt_length, config.highlight.line_numbers,
                         config.reading_speed.cjk, config.reading_speed.words),
        engine, urls, {str(p.source.relative_to("content").as_posix()): p.path for p in posts})
    for post in posts:
        post.rendered = markdown.render(post, diagnostics, strings[post.lang]("code"))

    # 4. Index: listings, terms, archives.
    for taxonomy in ("tags", "categories", "series"):
        for key, spellings in term_spellings(posts, taxonomy).items():
            diagnostics.warning(f"{taxonomy} {', '.join(sorted(spellings))} are written "
                                f"differently but share the page /{taxonomy}/{key}/; "
                                "write them the same way")
    site = SiteContext(config, languages, strings, urls, SiteIndex.build(posts),
                       {"url": math_settings.stylesheet_url,
                        "integrity": math_settings.stylesheet_integrity})
    specs = [post_page(site, p) for p in posts]
    specs += home_pages(site)
    for taxonomy in ("tags", "categories", "series"):
        specs += term_pages(site, taxonomy)
    specs += archive_pages(site) + not_found_pages(site)

    # 5. Write: everything into a staging folder, swapped in only if nothing failed. Pages are
    # rendered even after content errors, so template errors are reported in the same run.
    stage = StagedOutput(options.output)
    try:
        renderer = Renderer(source, urls, diagnostics)
        for spec in specs:
            page = renderer.render(spec.template, {**spec.context, "page": spec})
            if page is not None:
                stage.write(spec.path, page, spec.origin)
        _write_feeds(stage, site, markdown)
        _write_sitemaps(stage, specs, languages, urls)
        stage.write("robots.txt", robots_txt(urls))
        stage.write(".nojekyll", "")  # GitHub Pages: serve files as they are
        if config.default_language_in_subdir:
            stage.write("index.html", _redirect(urls.path(languages[0].prefix), languages[0]))
        _copy_static(stage, source, config, loaded, posts)
        diagnostics.extend(check_output(stage.stage, urls.base_url, stage.origins, source,
                                        options.output))
        if options.strict or config.strict:
            _promote_warnings(diagnostics)
        for rel, *origins in stage.clashes:
            # name the user's file first: it is the one to rename
            mine, other = sorted(origins, key=lambda o: o.startswith(("the ", "blogforge")))
            diagnostics.error(f"{other} also wants to be /{rel}: rename or remove this file "
                              "(a post's `slug` changes its URL)", Path(mine))
        if diagnostics.errors:
            stage.discard()
            return result
        stage.commit()
    except BaseException:
        stage.discard()
        raise
    result.written = True
    result.posts = sum(1 for p in posts if p.kind == "post")
    result.pages = len(specs)
    result.seconds = time.perf_counter() - started
    return result


def _visible(posts: list[Post], options: BuildOptions) -> tuple[list[Post], Counter]:
    """Drop drafts and future posts unless asked for; count what was held back."""
    now = options.now or datetime.now(UTC)
    held: Counter = Counter()
    visible = []
    for post in posts:
        if post.draft and not options.drafts:
            held["drafts"] += 1
        elif post.date and post.date > now and not options.future and post.kind == "post":
            held["future"] += 1
        else:
            visible.append(post)
    return visible, held


def _place(posts: list[Post], languages: list[Language], source: Path,
           diagnostics: Diagnostics) -> list[Post]:
    """Give each post its language's URL prefix; report unknown languages and URL clashes."""
    by_code = {lang.code: lang for lang in languages}
    placed: list[Post] = []
    owners: dict[str, Post] = {}
    versions: dict[tuple[str, str], Post] = {}  # (translation key, language) -> post
    for post in posts:
        lang = by_code.get(post.lang)
        if lang is None:
            diagnostics.error(f"language `{post.lang}` is not one of this site's languages "
                              f"({', '.join(by_code)}): add it under `languages:` in site.yaml",
                              post.source, 1)
            continue
        post = replace(post, path=lang.prefix + post.path)
        other = owners.get(post.path)
        if other is not None:
            diagnostics.error(f"two pages at the URL /{post.path}: this one and {other.source}. "
                              "Give one of them another `slug`", post.source, 1)
            continue
        owners[post.path] = post
        twin = versions.setdefault((post.translation_key, post.lang), post)
        if twin is not post:
            diagnostics.warning(f"this post and {twin.source} are both the `{post.lang}` version "
                                f"of `{post.translation_key}`; only {twin.source} is linked as "
                                "the translation. Give one of them another translationKey",
                                post.source, 1)
        placed.append(post)
    return placed


def _promote_warnings(diagnostics: Diagnostics) -> None:
    diagnostics.items = [replace(d, level="error") for d in diagnostics.items]


def _write_feeds(stage: StagedOutput, site: SiteContext, markdown: PostRenderer) -> None:
    feeds = site.config.feeds
    content_cache: dict[int, str] = {}

    def content_of(post: Post) -> str:
        if id(post) not in content_cache:
            content_cache[id(post)] = markdown.render_for_feed(post)
        return content_cache[id(post)]

    def write(info: FeedInfo, posts: list[Post], lang: Language) -> None:
        latest = posts[: feeds.entries]
        label = lambda tag: site.label("tags", tag, lang.code)  # noqa: E731
        stage.write(info.path, atom_feed(info, latest, site.urls, content_of, label))
        if feeds.rss:
            rss_info = replace(info, path=info.path.removesuffix("atom.xml") + "rss.xml")
            stage.write(rss_info.path, rss_feed(rss_info, latest, site.urls, content_of))

    for lang in site.languages:
        listed = site.index.for_language(lang)
        write(FeedInfo(lang.title, f"{lang.prefix}atom.xml", lang.prefix, lang.locale,
                       site.config.author, lang.description), listed, lang)
        for taxonomy, wanted in (("tags", feeds.per_tag), ("categories", feeds.per_category)):
            if not wanted:
                continue
            for group in site.index.terms(lang, taxonomy).values():
                term = site.term(taxonomy, group.names, lang)
                write(FeedInfo(f"{term.label} · {lang.title}", f"{term.path}atom.xml",
                               term.path, lang.locale, site.config.author), group.posts, lang)


def _write_sitemaps(stage: StagedOutput, specs: list[PageSpec], languages: list[Language],
                    urls: UrlBuilder) -> None:
    """One sitemap per language; with several, sitemap.xml is the index of them."""
    locales = {lang.code: lang.locale for lang in languages}
    for lang in languages:
        entries = []
        for spec in specs:
            if not spec.in_sitemap or spec.lang != lang.code:
                continue
            alternates = {locales[code]: path for code, path in spec.alternates.items()}
            if alternates:
                alternates["x-default"] = spec.alternates.get(languages[0].code, spec.path)
            entries.append(SitemapEntry(spec.path, spec.lastmod, alternates))
        name = "sitemap.xml" if len(languages) == 1 else f"sitemap-{lang.code}.xml"
        stage.write(name, sitemap(entries, urls))
    if len(languages) > 1:
        stage.write("sitemap.xml", sitemap_index(
            [f"sitemap-{lang.code}.xml" for lang in languages], urls))


def _copy_static(stage: StagedOutput, source: Path, config: SiteConfig, loaded: Loaded,
                 posts: list[Post]) -> None:
    """Theme static files, then the site's own static/ over them, then content assets."""
    stage.write("css/highlight.css",
                stylesheet(config.highlight.light_style, config.highlight.dark_style), THEME_ORIGIN)
    stage.copy(math_stylesheet_path(), "css/math.css", THEME_ORIGIN)
    for root, origin in ((THEME_DIR / "static", None), (source / "static", "static")):
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    rel = path.relative_to(root).as_posix()
                    stage.copy(path, rel, f"{origin}/{rel}" if origin else THEME_ORIGIN)
    for asset in loaded.assets:
        stage.copy(asset.source, asset.target, f"content/{asset.target}")
    for post in posts:
        if post.bundle_dir is not None:
            for asset in loaded.bundle_assets.get(post.bundle_dir, []):
                stage.copy(asset.source, post.path + asset.target,
                           f"{post.source.parent}/{asset.target}")


def _redirect(target: str, lang: Language) -> str:
    """The root page when every language has its own folder: straight to the default one."""
    return (f'<!DOCTYPE html>\n<html lang="{lang.locale}"><head><meta charset="utf-8">'
            f'<title>{html.escape(lang.title)}</title>'
            f'<meta http-equiv="refresh" content="0; url={target}">'
            f'<link rel="canonical" href="{target}"></head>'
            f'<body><p><a href="{target}">{html.escape(lang.title)}</a></p></body></html>\n')

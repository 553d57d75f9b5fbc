"""The output beside the pages: feeds, sitemaps, robots.txt and static files."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cache, lru_cache, partial
from pathlib import Path
from urllib.parse import unquote

from blogforge.cache import Store
from blogforge.config import CONFIG_FILE, SiteConfig
from blogforge.content.loader import (
    CONTENT_DIR,
    NOTEBOOK_KIND,
    NOTEBOOK_SUFFIX,
    Asset,
    Loaded,
    MadeNotebooks,
    stray_reason,
)
from blogforge.content.permalinks import bundle_folder
from blogforge.diagnostics import Diagnostics
from blogforge.feeds import (
    FeedInfo,
    SitemapEntry,
    atom_feed,
    excerpt_html,
    robots_txt,
    rss_feed,
    sitemap,
    sitemap_index,
)
from blogforge.fingerprint import code_fingerprint, digest, hash_text
from blogforge.markdown.highlight import stylesheet
from blogforge.markdown.links import BY_FILE_NAME, IN_OTHER_CAPITALS, page_folder
from blogforge.math import stylesheet_path as math_stylesheet_path
from blogforge.model import Language, Post
from blogforge.output import THEME_ORIGIN, StagedOutput
from blogforge.pages import PageSpec, SiteContext
from blogforge.photo_location import PHOTO_SUFFIXES, has_place
from blogforge.scratch_files import is_editor_file
from blogforge.sections import Section
from blogforge.site_folder import by_small_letters, can_be_listed
from blogforge.site_links import refused_link
from blogforge.templates import THEME_DIR
from blogforge.text import composed
from blogforge.urls import UrlBuilder


def section_feeds(site: SiteContext, specs: Iterable[PageSpec]
                  ) -> list[tuple[Language, Section, list[Post]]]:
    """The sections that have a feed (`feeds.per_section`): each folder's list page in each
    language, with the posts it lists, newest first."""
    if not site.config.feeds.per_section:
        return []
    sections = [(spec.lang, section) for spec in specs
                if isinstance(section := spec.context.get("section"), Section)
                and spec.context["listing"].pager.number == 1]
    groups = {lang.code: site.index.folders(lang) for lang in site.languages}
    # (a section of no listed post, made for its `_index.md`: an empty feed, as Hugo's)
    return [(site.language(code), section, groups[code].get(section.folder, []))
            for code, section in sections]


@dataclass
class MadePrints:
    """What each feed and sitemap is made from, for a build to keep one the last build made
    of the same (`write_feeds`, `write_sitemaps`): a one-post edit of a thousand posts wrote
    two feeds of 20 whole posts each again, 6 to 10 ms of escaping and encoding 460 KB, whose
    posts it had not changed, and the two sitemaps of 1,800 pages, 5 ms, whose places and
    dates it had not."""

    site_wide: str  # what every file depends on: site.yaml, the strings, the code, base URL…
    shown: Mapping[int, str]  # id(post) -> all a feed shows of it (its feed body's key)
    last: Mapping[str, str]  # a feed's or sitemap's path -> its print in the last build
    made: dict[str, str] = field(default_factory=dict)  # … in this one

    def kept(self, stage: StagedOutput, path: str, origin: str, made_of: str) -> bool:
        """Whether the feed or sitemap at `path`, made of `made_of`, is the last build's
        file, kept."""
        self.made[path] = made_of
        return self.last.get(path) == made_of and stage.keep(path, origin)


def write_feeds(stage: StagedOutput, site: SiteContext, content_of: Callable[[Post], str],
                source: Path, sections: list[tuple[Language, Section, list[Post]]],
                prints: MadePrints | None = None) -> None:
    """The language's Atom feed (and RSS), and per tag, category, series and section
    (`section_feeds`) when asked for; with `prints`, each feed whose inputs the last build's
    were is kept as it is."""
    feeds = site.config.feeds
    since = cache(partial(empty_feed_time, site.index.posts, source))
    # A post is in several feeds (each language's, RSS, its tags'): its feed body is made once.
    made: dict[int, str] = {}

    def body(post: Post) -> str:
        if id(post) not in made:
            made[id(post)] = content_of(post)
        return made[id(post)]

    def write(info: FeedInfo, posts: list[Post], lang: Language, summaries: bool) -> None:
        latest = posts[: feeds.entries]
        label = lambda tag: site.label("tags", tag, lang.code)  # noqa: E731
        read_more = site.strings[lang.code]("read_more")
        entry = (lambda post: excerpt_html(post, site.urls, read_more)) if summaries else body
        rss_info = replace(info, path=info.path.removesuffix("atom.xml") + "rss.xml")
        # (the rest comes from the site's files, `site_wide`; an empty feed's time from all
        # posts', or the files' times)
        made_of = hash_text(prints.site_wide, repr(info), summaries,
                            [prints.shown[id(post)] for post in latest],
                            None if latest else since()) if prints is not None else ""
        if prints is None or not prints.kept(stage, info.path, "the Atom feed", made_of):
            stage.write(info.path, atom_feed(info, latest, site.urls, entry, label,
                                             lambda post: site.language(post.lang).locale,
                                             since, summaries), "the Atom feed")
        if feeds.rss and (prints is None
                          or not prints.kept(stage, rss_info.path, "the RSS feed", made_of)):
            stage.write(rss_info.path, rss_feed(rss_info, latest, site.urls, entry),
                        "the RSS feed")

    # A term's feed carries excerpts unless asked otherwise: its readers follow one subject
    # and read the posts on the site, and a full copy of every post in each of its tags' feeds
    # made 46 MB of feeds for 100 tags at 1,000 posts (GitHub Pages publishes at most 1 GB).
    term_summaries = feeds.term_content == "summary"
    for lang in site.languages:
        listed = site.index.for_language(lang)
        write(FeedInfo(lang.title, f"{lang.prefix}atom.xml", lang.prefix, lang.locale,
                       site.config.author, lang.description), listed, lang,
              feeds.content == "summary")
        for taxonomy in feeds.term_feeds():
            for group in site.index.terms(lang, taxonomy).values():
                term = site.term(taxonomy, group.names, lang)
                write(FeedInfo(f"{term.label} · {lang.title}", f"{term.path}atom.xml",
                               term.path, lang.locale, site.config.author), group.posts, lang,
                      term_summaries)
    # (a folder's, as a term's: a reader follows one subject, LeetCode alone)
    for lang, section, posts in sections:
        write(FeedInfo(f"{section.title} · {lang.title}", f"{section.path}atom.xml",
                       section.path, lang.locale, site.config.author, section.description),
              posts, lang, term_summaries)


def posts_in_full(site: SiteContext,
                  sections: list[tuple[Language, Section, list[Post]]]) -> list[Post]:
    """The posts whose whole body a feed carries (as `write_feeds` chooses them): each
    language's latest, and each term's and section's when those feeds carry whole posts."""
    feeds = site.config.feeds
    lists = [site.index.for_language(lang) for lang in site.languages] \
        if feeds.content != "summary" else []
    if feeds.term_content != "summary":
        for lang in site.languages:
            for taxonomy in feeds.term_feeds():
                lists += [group.posts for group in site.index.terms(lang, taxonomy).values()]
        lists += [posts for _, _, posts in sections]
    return [post for posts in lists for post in posts[: feeds.entries]]


def empty_feed_time(posts: list[Post], source: Path) -> datetime:
    """When a feed without entries says it was updated (Atom requires a time; 1970 would be
    a lie, and the build's own time would change the feed on every build, so `deploy` would
    publish an unchanged site again): the newest post of the site, in another language; on a
    site without posts, when its writing last changed (site.yaml, content/, by modification
    time, as an undated post is dated)."""
    newest = max((post.updated or post.date for post in posts if post.date), default=None)
    return newest if newest is not None else site_files_time(source)


def site_files_time(source: Path) -> datetime:
    """When the writing of a site last changed (site.yaml, content/), by modification time:
    the time of a feed without entries on a site without dated posts (`empty_feed_time`)."""
    found = [source / CONFIG_FILE]
    for folder, _, names in os.walk(source / CONTENT_DIR):  # (a folder: a file removed)
        found += [Path(folder), *(Path(folder) / name for name in names)]
    stamps = [path.stat().st_mtime for path in found if path.exists()]
    return datetime.fromtimestamp(int(max(stamps, default=0)), UTC)


def write_sitemaps(stage: StagedOutput, specs: list[PageSpec], languages: list[Language],
                   urls: UrlBuilder, prints: MadePrints | None = None) -> None:
    """One sitemap per language; with several, sitemap.xml is the index of them. And
    robots.txt, which names it, for a site at a host's root. With `prints`, a sitemap whose
    pages, dates and translations the last build's were is kept as it is."""
    locales = {lang.code: lang.locale for lang in languages}
    for lang in languages:
        listed = [spec for spec in specs if spec.in_sitemap and spec.lang == lang.code]
        name = "sitemap.xml" if len(languages) == 1 else f"sitemap-{lang.code}.xml"
        # (the rest comes from the site's files, `site_wide`: the base URL, the languages)
        if prints is not None and prints.kept(stage, name, "the sitemap", hash_text(
                prints.site_wide, [(spec.path, spec.lastmod, spec.alternates)
                                   for spec in listed])):
            continue
        entries = []
        for spec in listed:
            alternates = {locales[code]: path for code, path in spec.alternates.items()}
            if alternates:
                alternates["x-default"] = spec.alternates.get(languages[0].code, spec.path)
            entries.append(SitemapEntry(spec.path, spec.lastmod, alternates))
        stage.write(name, sitemap(entries, urls), "the sitemap")
    if len(languages) > 1:
        stage.write("sitemap.xml", sitemap_index(
            [f"sitemap-{lang.code}.xml" for lang in languages], urls), "the sitemap")
    # Crawlers read robots.txt at a host's root only: a project site's
    # https://user.github.io/repo/robots.txt would never be read, and would only seem to say
    # something (Hugo too writes none unless asked). Such a site's sitemap is made known in
    # the robots.txt of the host's own site (user.github.io) or a search console instead.
    # A site's own static/robots.txt replaces this one, as it replaces the theme's files.
    if urls.base_path == "/":
        stage.write("robots.txt", robots_txt(urls), THEME_ORIGIN)


_CSS_COMMENT = re.compile(r"[ \t]*/\*.*?\*/[ \t]*(\n(?=\s*\n))?", re.S)


def published_stylesheet(path: Path) -> str:
    """One of blogforge's own stylesheets without its comments: they explain the theme to
    whoever changes it, and were a fifth of what every reader downloaded (5 KB of the home
    page's 60 KB budget). Only these files, whose text has no `/*` inside a string or URL; a
    site's own static/ files are published byte for byte."""
    return minified_css(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=16)  # (the theme's stylesheets, the same at every build of a process)
def minified_css(css: str) -> str:
    """`css` without comments and the space of its layout (see _CSS_SPACE)."""
    return _CSS_SPACE.sub(_spaced, _CSS_COMMENT.sub("", css))


# A quoted string (kept as it is), space around a brace, semicolon, comma or child combinator
# or after a colon (none needed), or a run of space (one is as good): the theme's stylesheets
# are written to be read, with an indented line a declaration, a third of what a reader
# downloaded was layout. (Space before a colon is kept: `.content :not(pre)` is a descendant.)
# (The look-ahead at the first character spares trying five ways at each of the others:
# the theme's stylesheets, minified at every build, took a third longer.)
_CSS_SPACE = re.compile(r"""(?=[\s"'{};,>:])(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'"""
                        r"""|\s*([{};,>])\s*|(:)\s+|\s+)""")


def _spaced(found: re.Match[str]) -> str:
    if found.group(0)[0] in "\"'":
        return found.group(0)
    return found.group(1) or found.group(2) or " "


# The files a page links whose names stay the same as they change: a page names their version
_VERSIONED = (".css", ".js")


def asset_versions(config: SiteConfig, file_digests: dict[str, str]) -> dict[str, str]:
    """The version of each stylesheet and script the site publishes, by site path
    ("css/blogforge.css" -> 10 hex digits of its digest): pages link them with `?v=` it
    (the `url` filter, templates.py), so a reader's browser, which GitHub Pages lets keep a
    file ten minutes, takes the new one with the first page that names it (new pages with
    the last build's stylesheet showed a broken layout). The site's own static/ files are
    versioned by the digests the build's walk made; the theme's by their bytes."""
    versions = {"css/highlight.css": hash_text(code_fingerprint(), config.highlight.light_style,
                                               config.highlight.dark_style),
                "css/math.css": digest(math_stylesheet_path().read_bytes())}
    theme = THEME_DIR / "static"
    for path in sorted(theme.rglob("*")):
        if path.suffix in _VERSIONED and path.is_file():
            versions[path.relative_to(theme).as_posix()] = digest(path.read_bytes())
    for name, made in file_digests.items():
        if name.startswith("static/") and name.endswith(_VERSIONED):
            versions[composed(name.removeprefix("static/"))] = made  # (over the theme's own)
    return {path: made[:10] for path, made in versions.items()}


def named_only_by_held_back(assets: list[Asset], shown: list[Post], held: list[Post],
                            held_files: list[Path], source: Path) -> list[Asset]:
    """The files under content/ (not a bundle's) that posts held back name and no published
    post links: an Obsidian vault keeps every picture in one `attachments/` folder, and the
    screenshot a private note showed was published at a guessable URL though the note was
    not. A file is named by its name, in any capitals, encoded or not (`![[x.png]]` too);
    one nothing names (a CV linked from elsewhere) is published, and so is one site.yaml, a
    template or a file of static/ links (a menu, a stylesheet). `held_files`: drafts no post
    was made of, read as written."""
    if not assets or not (held or held_files):
        return []
    held_text = _as_read("\n".join([_words_of(post) for post in held] + [
        (source / path).read_text(encoding="utf-8", errors="replace") for path in held_files]))
    candidates = [asset for asset in assets if _names(held_text, asset, _IN_PROSE)]
    if not candidates:
        return []
    sites_own = [source / CONFIG_FILE] + [
        path for folder in ("templates", "static") if (source / folder).is_dir()
        for path in sorted((source / folder).rglob("*")) if path.suffix.lower() in _TEXT_FILES]
    shown_text = _as_read("\n".join([_words_of(post) for post in shown] + [
        path.read_text(encoding="utf-8", errors="replace") for path in sites_own
        if path.is_file()]))
    return [asset for asset in candidates if not _names(shown_text, asset, _AS_LINKED)]


_TEXT_FILES = (".html", ".htm", ".css", ".js", ".svg", ".json", ".xml", ".txt", ".webmanifest")
# What stands before a file's name where a post names it: anything but a letter of a longer
# name (a held-back note naming it, even in its prose, holds it back) …
_IN_PROSE = r"(?<![\w.%-])"
# … and where a published page links it: a folder's `/`, Markdown's `(`, Obsidian's `[[`, an
# attribute's quote or `=`, a reference definition's `]:`, a front-matter value's quote; not
# a mention in prose ("my fig.png"), which published a private note's picture.
_AS_LINKED = r"(?:^|[/(\[<\"'=|]|\]:[ \t]*|,[ \t]*)"  # (`, `: a srcset's next candidate)


def linked_by_posts(asset: Asset, posts: list[Post]) -> bool:
    """Whether the text of one of `posts` links the asset's file (`[BibTeX](refs.bib)`), by
    its name as `_AS_LINKED` finds it; its front matter is not looked into (the
    `bibliography:` that names it is no link)."""
    return any(_names(_as_read(post.body), asset, _AS_LINKED) for post in posts)


def _words_of(post: Post) -> str:
    return post.body + repr(post.params)


def _as_read(text: str) -> str:
    """Text as a link's names are compared: decoded (`%E6%B3%A8…` is 注…), composed
    (`composed`), in small letters."""
    return composed(unquote(text)).lower()


def _names(text: str, asset: Asset, before: str) -> bool:
    """Whether `text` (`_as_read`) names the asset's file, as a whole name after `before`."""
    name = asset.target.rsplit("/", 1)[-1].lower()
    return name in text and re.search(
        before + re.escape(name) + r"(?![\w-])", text, re.M) is not None


def published_path(rel: str) -> str:
    """Where a file under content/ that is no bundle's is published (`rel`: its path from
    content/): its folders in small letters, as a page's are (`slugify`), its name as written.
    `ML/assets/a.png` beside `ML/note.md` (page /posts/ml/note/) was /posts/ML/assets/a.png:
    two folders, /posts/ML/ and /posts/ml/, that Windows' disks and checkouts take for one."""
    folder, slash, name = rel.rpartition("/")
    return folder.lower() + slash + name


def published_files(loaded: Loaded, posts: list[Post], source: Path) -> dict[str, str]:
    """Where each file under content/ that is not a post is published (as `copy_static`
    copies it), by its path from content/: a plain asset where it is, a bundle's file beside
    the page of the bundle's first post (a translation has its own copy: its page links that);
    each name in small letters, for links that name a file in other capitals; and each file
    name, for Obsidian's embeds that name a file by its name alone."""
    published = {asset.target: published_path(asset.target) for asset in loaded.assets}
    content = source / CONTENT_DIR
    for post in posts:
        if post.bundle_dir is not None:
            folder, page_folder = composed(post.bundle_dir.relative_to(content).as_posix()), \
                bundle_folder(post.path)
            for asset in loaded.bundle_assets.get(post.bundle_dir, []):
                published.setdefault(f"{folder}/{asset.target}", page_folder + asset.target)
    by_name: dict[str, list[str]] = {}
    for path in published:
        by_name.setdefault(path.rsplit("/", 1)[-1].lower(), []).append(path)
    published.update((IN_OTHER_CAPITALS + key, names[0] if len(names) == 1 else "")
                     for key, names in by_small_letters(published).items())
    published.update((BY_FILE_NAME + name, "\n".join(sorted(paths)))
                     for name, paths in by_name.items())
    return published


def copy_static(stage: StagedOutput, source: Path, config: SiteConfig, loaded: Loaded,
                posts: list[Post], diagnostics: Diagnostics, store: Store | None = None,
                digests: Mapping[str, str] | None = None) -> dict[str, list[str]]:
    """Theme static files, then the site's own static/ over them, then content assets; the
    cache entries used (kind -> keys, for the sweep). `digests`: the input files' ("content/
    a.ipynb" -> digest), by which what was made of them is found in the cache."""
    digests = digests or {}
    made, places = MadeNotebooks(store), _PhotoPlaces(store, digests)
    # (Pygments names each rule's token in a comment: a third of the code's stylesheet, which
    # a page with code waits for before it is drawn)
    stage.write("css/highlight.css", minified_css(stylesheet(
        config.highlight.light_style, config.highlight.dark_style, store)), THEME_ORIGIN)
    stage.write("css/math.css", published_stylesheet(math_stylesheet_path()), THEME_ORIGIN)
    for root, origin in ((THEME_DIR / "static", None), (source / "static", "static")):
        if root.is_dir():
            unopened: set[Path] = set()  # (the folders said skipped, before their files)
            for path in sorted(root.rglob("*")):
                if is_editor_file(path.name):  # (other hidden files are published: .well-known/)
                    continue
                if unopened and not unopened.isdisjoint(path.parents):
                    # (a folder readable but not searchable, `chmod -R 644 static`: rglob
                    # lists its files, whose every look fails; said skipped, then the build
                    # stopped at its first file, "Permission denied … choose another --output")
                    continue
                if origin is not None and (said := refused_link(path, source)):
                    diagnostics.warning(said, path.relative_to(source))
                elif path.is_file() and os.access(path, os.R_OK):
                    rel = composed(path.relative_to(root).as_posix())  # (as links name it)
                    if origin is None and path.suffix == ".css":
                        stage.write(rel, published_stylesheet(path), THEME_ORIGIN)
                    else:
                        stage.copy(path, rel, f"{origin}/{rel}" if origin else THEME_ORIGIN,
                                   digests.get(f"{origin}/{rel}") if origin else None)
                        if origin is not None:
                            _warn_of_place(path, source, diagnostics, places)
                elif path.is_dir() and path.is_symlink():  # (not walked into: it may be /)
                    diagnostics.warning(
                        f"a link to a folder ({os.readlink(path)}): its files are not "
                        "published; put the folder itself in static/, or link its files one "
                        "by one", path.relative_to(source) if origin else path)
                elif not path.is_dir() or not can_be_listed(path):
                    # (a link to nothing, a pipe, a folder that cannot be listed, which rglob
                    # passed by unsaid: said, as in content/)
                    diagnostics.warning(f"{stray_reason(path)}, skipped",
                                        path.relative_to(source) if origin else path)
                    if path.is_dir():
                        unopened.add(path)
    def known(path: Path) -> str | None:  # (the digest the build read of a file's bytes)
        return digests.get(path.relative_to(source).as_posix())

    for asset in loaded.assets:
        stage.copy(asset.source, published_path(asset.target), f"content/{asset.target}",
                   known(asset.source))
        _warn_of_place(asset.source, source, diagnostics, places)
    for post in posts:
        if post.bundle_dir is not None:
            folder = bundle_folder(post.path)
            origin = post.bundle_dir.relative_to(source).as_posix()
            for asset in loaded.bundle_assets.get(post.bundle_dir, []):
                stage.copy(asset.source, folder + asset.target, f"{origin}/{asset.target}",
                           known(asset.source))
                _warn_of_place(asset.source, source, diagnostics, places)
    publish_notebook_files(stage, source, posts, made, digests)
    return {NOTEBOOK_KIND: made.used, PHOTO_PLACE_KIND: places.used}


def publish_notebook_files(stage: StagedOutput, source: Path, posts: list[Post],
                           made: MadeNotebooks, digests: Mapping[str, str]) -> None:
    """The pictures of each notebook post (its outputs, its pasted images), in the folder its
    page's relative URLs lead to (where a browser finds `nb-….png` from the page, whatever
    the permalink). Named by their bytes' digest, a picture two posts of one folder share is
    written once, and a notebook whose bytes (`digests`) did not change since a build that
    published its pictures keeps that build's files: only a notebook that changed, or whose
    pictures are gone from the output, is made again (a post holds its text, not its
    pictures' bytes)."""
    written: set[str] = set()

    def published(path: str, origin: str) -> bool:
        """Whether the picture at `path` is in the output: written for another notebook, or
        kept from the last build's."""
        if path in written or stage.keep(path, origin):
            written.add(path)
            return True
        return False

    for post in posts:
        if not post.source.name.lower().endswith(NOTEBOOK_SUFFIX):
            continue
        folder, origin = page_folder(post.path), str(post.source)
        known = digests.get(post.source.as_posix())
        recalled = made.recall(known) if known is not None else None
        if recalled is not None and all(published(folder + name, origin)
                                        for name in recalled[0]):
            continue
        notebook = made.make(source / post.source)  # (None: changed since it was read)
        for name, data in (notebook.files if notebook is not None else {}).items():
            if (path := folder + name) not in written:  # (or kept before one was missed)
                written.add(path)
                stage.write(path, data, origin)


def _warn_of_place(path: Path, source: Path, diagnostics: Diagnostics,
                   places: _PhotoPlaces) -> None:
    """A published photo that holds where it was taken is said (photo_location.py), on every
    build that publishes it."""
    rel = path.relative_to(source)
    if path.suffix.lower() in PHOTO_SUFFIXES and places.has_place(path, rel.as_posix()):
        diagnostics.warning("this photo holds where it was taken (GPS), which anyone who opens "
                            "it can read: remove the location (`exiftool -gps:all= "
                            f"'{path.name}'`; on an iPhone, Options › Location off when "
                            "sharing it)", rel)


PHOTO_PLACE_KIND = "photo-place"  # a photo's bytes -> whether it holds where it was taken


class _PhotoPlaces:
    """Whether each published photo holds a place, kept in the cache by its bytes' digest
    (`digests`: the input files', "static/a.jpg" -> digest): a photo's EXIF is read again only
    when the photo changed, not on every build that publishes it."""

    def __init__(self, store: Store | None, digests: Mapping[str, str]) -> None:
        self.store = store
        code = code_fingerprint() if store is not None else ""  # (as this code reads them)
        self.keys = {rel: hash_text(code, known) for rel, known in digests.items()
                     if store is not None and rel.lower().endswith(PHOTO_SUFFIXES)}
        # (all asked at once: a query a photo took as long as reading its header)
        self.known = store.get_many(PHOTO_PLACE_KIND, list(self.keys.values())) \
            if store is not None else {}
        self.used: list[str] = []  # the keys of the entries this build used (for the sweep)

    def has_place(self, path: Path, rel: str) -> bool:
        key = self.keys.get(rel)
        if self.store is None or key is None:
            return has_place(path)
        self.used.append(key)
        found = self.known.get(key)
        if not isinstance(found, bool):
            found = has_place(path)
            self.store.put(PHOTO_PLACE_KIND, key, found)
        return found

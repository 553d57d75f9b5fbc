"""Jekyll: `_config.yml`, `_posts` (date-named files keep their names), `_drafts`, pages
(keeping their old `.html` URLs) and static files."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import tzinfo
from functools import partial
from pathlib import Path, PurePosixPath

from markdown_it import MarkdownIt

from blogforge.content.frontmatter import FrontMatterError, parse_date, split_front_matter
from blogforge.content.permalinks import STYLES, as_site_path, patterns
from blogforge.diagnostics import first_few
from blogforge.importer import (
    ImportFailure,
    PostFile,
    Site,
    base_url,
    built_post,
    front_matter,
    has_front_matter,
    held_back,
    is_markdown,
    kept_published,
    language_code,
    load_options,
    looks_like,
    outside_code_fences,
    read_yaml,
    readable_draft,
    set_keys,
    timezone,
    walk,
    write_posts,
    written_value,
)
from blogforge.importer.heading_anchors import with_linked_heading_ids
from blogforge.importer.hexo_menu import MENU_IDS, theme_names
from blogforge.importer.hexo_theme import PROVIDERS, provider_settings
from blogforge.importer.link_targets import noted_targets
from blogforge.importer.pages import generated_page, import_page, page_target
from blogforge.markdown.excerpt import MORE_MARKER
from blogforge.markdown.nesting import body_depth_plugin
from blogforge.model import Post
from blogforge.urls import slugify

_MAPPED = {"title", "description", "author", "url", "baseurl", "lang", "locale", "timezone",
           "paginate", "permalink", "plugins", "gems", "excerpt_separator"}
# Keys of Jekyll's own build machinery, which change neither what the published site shows
# nor where: left out silently. Any other key the import does not carry is reported (with a
# word of what blogforge does instead, `_HINTS`), so that the writer sees every setting left.
_HARMLESS = {"exclude", "include", "keep_files", "encoding", "incremental", "destination",
             "source", "safe", "livereload", "github", "plugins_dir", "layouts_dir",
             "data_dir", "includes_dir", "collections_dir", "cache_dir", "port", "host",
             "strict_front_matter", "liquid", "profile", "quiet", "verbose"}
_HINTS = {
    "markdown": "blogforge reads Markdown itself (kramdown's syntax it knows is rewritten)",
    "kramdown": "blogforge reads Markdown itself: kramdown's options (`input`, `auto_ids`, "
                "`math_engine`, `syntax_highlighter`…) are not read",
    "highlighter": "code is highlighted by Pygments at build time (site.yaml `highlight`)",
    "paginate_path": "blogforge's list pages are `/page/2/` and so on",
    "sass": "blogforge has one theme of its own (override its templates in templates/)",
    "future": "a post dated to come is held back until its date, unless `blogforge build "
              "--future`",
    "show_drafts": "drafts are published only by `blogforge build --drafts`",
}
# Plugins whose work blogforge does by itself.
_BUILT_IN = {"jekyll-feed", "jekyll-sitemap", "jekyll-seo-tag", "jekyll-paginate",
             "jekyll-paginate-v2", "jekyll-redirect-from", "jekyll-relative-links",
             "jekyll-optional-front-matter", "jekyll-titles-from-headings",
             "jekyll-default-layout", "jekyll-readme-index", "jemoji", "jekyll-mentions",
             "jekyll-github-metadata", "jekyll-archives", "jekyll-katex", "jekyll-spaceship"}
_NOT_CONTENT = {"Gemfile", "Gemfile.lock", "Rakefile", "package.json", "package-lock.json",
                "yarn.lock", "node_modules", "vendor", "README.md", "README.markdown",
                "LICENSE", "LICENSE.md", "LICENSE.txt", "CHANGELOG.md", "docker-compose.yml",
                "Dockerfile"}


def check(src: Path) -> None:
    """A Jekyll site has its posts in `_posts` (or `_drafts`, also in a category's folder):
    without them the import would write a site of nothing."""
    if not (src / "_config.yml").is_file() and not (src / "_posts").is_dir():
        raise ImportFailure(f"{src} has neither _config.yml nor _posts/: not a Jekyll site"
                            f"{looks_like(src, 'jekyll')}")
    if next(post_folders(src), None) is None:
        raise ImportFailure(f"{src} has no _posts (nor _drafts), where Jekyll keeps posts: "
                            f"not a Jekyll site{looks_like(src, 'jekyll')}")


def run(site: Site) -> None:
    config_path = site.src / "_config.yml"
    config, lines = read_yaml(site, config_path) if config_path.is_file() else ({}, {})

    def origin(key: str) -> str:
        return f"_config.yml:{lines.get(key, 1)} ({key})" if key in lines else "Jekyll's default"

    site.set("title", config.get("title"), origin("title"))
    site.set("description", config.get("description"), origin("description"))
    author = config.get("author")
    site.set("author", author.get("name") if isinstance(author, dict) else author,
             origin("author"))
    site.set("base_url", base_url(config.get("url"), config.get("baseurl")),
             origin("url") + " + baseurl")
    site.set("default_language", language_code(config.get("lang") or config.get("locale")),
             origin("lang" if "lang" in config else "locale"))
    timezone(site, config.get("timezone"), origin("timezone"))
    if isinstance(config.get("paginate"), int) and config["paginate"] > 0:
        site.set("paginate", config["paginate"], origin("paginate"))
    # Jekyll's permalink placeholders are blogforge's, and so are its named styles. A posts'
    # `permalink` in `defaults` (Chirpy's `/posts/:title/`) is every post's own: it wins.
    posts_default = defaults_value(config, "posts", "permalink")
    if posts_default:
        site.set("permalink", posts_default,
                 f"_config.yml:{lines.get('defaults', 1)} (defaults: the posts' permalink)")
    else:
        site.set("permalink", str(config.get("permalink") or "date"), origin("permalink"))
    for key in ("plugins", "gems"):
        for plugin in config.get(key) or []:
            if str(plugin) not in _BUILT_IN:
                site.note(config_path, lines.get(key), f"plugin `{plugin}` not imported")
    comments_read = theme_comments(site, config, lines.get("comments"))
    for key, line in lines.items():
        if key == "comments" and comments_read:
            continue
        if key in ("theme", "remote_theme"):
            site.note(config_path, line, f"`{key}` not imported: blogforge has its own theme "
                      "(override its templates in templates/)")
        elif key == "defaults":
            left = defaults_left(config)
            if left:
                site.note(config_path, line, f"`defaults` ({', '.join(left)}) not imported: "
                          "only the `permalink`s are, of posts and collections (a key every "
                          "post needs goes in each post's front matter)")
        elif key in _HINTS:
            site.note(config_path, line, f"`{key}` not imported: {_HINTS[key]}")
        elif key not in _MAPPED and key not in _HARMLESS:
            site.note(config_path, line, f"`{key}` not imported (no blogforge equivalent)")

    site.keys_reason = "Jekyll reads `tag` and `category` with `tags` and `categories`"
    site.published_reason = "Jekyll reads no `draft`, and `published` only as written"
    site.held_reason = "Jekyll held back a post whose `published` was false or empty"
    separator = config.get("excerpt_separator")
    # (without `timezone`, Jekyll read dates in the zone of the machine it ran on: unknown)
    zone = load_options(site).zone if "timezone" in site.settings else None
    found = [post for folder, categories in post_folders(site.src)
             for post in posts(site, folder, categories,
                               {"draft": True} if folder.name == "_drafts" else {},
                               separator if isinstance(separator, str) else None, zone)]
    settled = write_posts(site, found, partial(jekyll_url, site=site))

    lists = theme_lists(site, config)
    header_menu, other_lists = navigation(site, lists)
    # (the menu, and its tabs' names, in the language the build will take: else the posts')
    named = site.settings.get("default_language", (None,))[0]
    code = named or settled
    menu = tab_pages(site, config, lists, code) + header_menu
    if menu and not named:
        site.note(config_path, None, f"the menu is the {code} menu: _config.yml names no "
                  f"language blogforge knows, and most posts are in {code} (a `lang` there, "
                  "or site.yaml's `default_language`, says another)")
    if menu:
        site.set("languages", {code: {"menu": menu}}, "the collection pages' `order` (Chirpy's "
                 "tabs) and _data/navigation.yml's `main` (Minimal Mistakes')")
    for folder in ("_layouts", "_includes", "_sass"):
        if (site.src / folder).is_dir():  # (once each, whatever it holds)
            site.note(site.src / folder, None, "not imported: theme files (layouts, includes, "
                      "Sass, data) belong to Jekyll's templates")
    data_notes(site, bool(header_menu), other_lists)
    for path in walk(site.src):
        rel = path.relative_to(site.src)
        top = rel.parts[0]
        # (Jekyll leaves out every file or folder whose name starts with `_`, at any depth)
        if (any(part.startswith("_") for part in rel.parts) or top in _NOT_CONTENT
                or path.name in _NOT_CONTENT):
            continue
        if is_markdown(path):
            page(site, path, rel, pages_end_in_slash(config.get("permalink")))
        elif has_front_matter(path):
            html_page(site, path, rel, config)
        else:
            site.copy(path, f"static/{rel.as_posix()}")


def defaults_value(config: dict, kind: str, key: str) -> str | None:
    """The value of `key` that `_config.yml`'s `defaults` give every document of `kind`
    (`posts`, or a collection's label) wherever it is, None when they give none. As in
    Jekyll, a scope naming the documents' type or their folder (`_posts`) wins over one
    naming neither, and of two alike the later."""
    found, rank = None, (-1, -1)
    defaults = config.get("defaults")
    for entry in defaults if isinstance(defaults, list) else []:
        values = entry.get("values") if isinstance(entry, dict) else None
        if not isinstance(values, dict) or values.get(key) in (None, ""):
            continue
        scope = entry.get("scope") if isinstance(entry.get("scope"), dict) else {}
        path = str(scope.get("path") or "").strip("/")
        if scope.get("type") not in (None, kind) or path not in ("", f"_{kind}"):
            continue  # (a scope of one folder, `_drafts`, is not every document's)
        this = (len(path), scope.get("type") is not None)
        if this >= rank:
            found, rank = str(values[key]), this
    return found


# Minimal Mistakes' names of giscus' settings -> blogforge's (its `repo` is the site's
# `repository`)
_MM_GISCUS = {"repository_id": "repo_id", "category_name": "category",
              "discussion_term": "mapping"}


def theme_comments(site: Site, config: dict, line: int | None) -> bool:
    """site.yaml's `comments` from the comment system a Jekyll theme's `comments` names
    (Chirpy's and Minimal Mistakes' `provider`, older Chirpy's `active`) with its settings
    below it; one blogforge lacks (utterances, Disqus), or settings it lacks, reported.
    Whether `comments` named one (else it is reported as any key not imported)."""
    comments = config.get("comments")
    chosen = comments.get("provider") or comments.get("active") \
        if isinstance(comments, dict) else None
    if not isinstance(chosen, str) or not chosen.strip():
        return False
    provider = chosen.strip().lower()
    where = site.src / "_config.yml"
    if provider not in PROVIDERS:
        site.note(where, line, f"comments `{chosen.strip()}` not imported: blogforge has "
                  "giscus, Waline and Twikoo (site.yaml `comments`)")
        return True
    options = comments.get(provider) if isinstance(comments.get(provider), dict) else {}
    if provider == "giscus":
        options = {_MM_GISCUS.get(key, key): value for key, value in options.items()}
        if "repo" not in options and config.get("repository"):
            options["repo"] = config["repository"]
    values = provider_settings(provider, options)
    if isinstance(values, str):
        site.note(where, line, f"comments `{chosen.strip()}` not imported: {values}")
    else:
        site.set("comments", {"provider": provider, **values}, f"_config.yml:{line} (comments)")
    return True


def defaults_left(config: dict) -> list[str]:
    """The keys `defaults` set that the import does not carry (each once): all but the
    permalinks and the layouts (blogforge's theme has its own)."""
    defaults = config.get("defaults")
    return list(dict.fromkeys(
        str(key) for entry in (defaults if isinstance(defaults, list) else [])
        if isinstance(entry, dict) and isinstance(entry.get("values"), dict)
        for key in entry["values"] if key not in ("permalink", "layout")))


# Layouts of Jekyll themes whose page is a list the theme made (Chirpy's tabs, Minimal
# Mistakes' `_pages`), with the site path of blogforge's own list of the same
_THEME_LISTS = {"archives": "archives/", "posts": "archives/", "tags": "tags/",
                "categories": "categories/", "search": "search/", "home": ""}


def page_folders(site: Site, config: dict) -> Iterator[tuple[Path, str | None]]:
    """The folders whose name starts with `_` that Jekyll published as pages: each
    collection's with `output: true` (Chirpy's `_tabs`), with its URL pattern (its own
    `permalink`, else the one `defaults` give, else Jekyll's `/:collection/:path:output_ext`),
    and each `include:` names (Minimal Mistakes' `_pages`, whose pages are plain pages: None).
    A collection not published is data to the theme, and said so."""
    collections = config.get("collections")
    for label, settings in collections.items() if isinstance(collections, dict) else ():
        folder = site.src / f"_{label}"
        if label == "posts" or not folder.is_dir():
            continue
        settings = settings if isinstance(settings, dict) else {}
        if settings.get("output") is not True:
            site.note(folder, None, f"not imported: the `{label}` collection, which Jekyll "
                      "did not publish (no `output: true`): data to the theme's layouts")
            continue
        yield folder, str(settings.get("permalink") or defaults_value(config, str(label),
                                                                      "permalink")
                          or "/:collection/:path:output_ext")
    included = config.get("include")
    for name in included if isinstance(included, list) else ():
        folder = site.src / str(name).strip("/")
        if str(name).startswith("_") and folder.is_dir() and folder.name not in (
                "_posts", "_drafts") and not (collections and str(name)[1:] in collections):
            yield folder, None


def collection_url(pattern: str, label: str, rel: PurePosixPath) -> str:
    """The site path of a collection's document `rel` (below its folder) by the collection's
    URL `pattern`, as Jekyll fills it in."""
    stem = rel.with_suffix("").as_posix()
    return as_site_path(pattern.replace(":collection", label).replace(":path", stem)
                        .replace(":title", rel.stem.replace(" ", "-"))
                        .replace(":name", slugify(rel.stem)).replace(":output_ext", ".html"))


def theme_lists(site: Site, config: dict) -> dict[str, str]:
    """The site paths of the pages whose layout is a list the theme made, with blogforge's own
    list's path (see `_THEME_LISTS`)."""
    lists = {}
    for folder, pattern in page_folders(site, config):
        for path in walk(folder):
            rel = PurePosixPath(path.relative_to(folder).as_posix())
            data = front_matter(read_head(path)) if is_markdown(path) else {}
            layout = str(data.get("layout") or "")
            if layout in _THEME_LISTS:
                own = data.get("permalink")
                url = as_site_path(str(own)) if own else collection_url(
                    pattern or "/:path:output_ext", folder.name[1:], rel)
                lists[url] = _THEME_LISTS[layout]
    return lists


def tab_pages(site: Site, config: dict, lists: dict[str, str], language: str) -> list[dict]:
    """Import the pages of the folders `page_folders` finds, below content/ without the `_`
    (`_tabs/about.md` → content/tabs/about.md) at the URL Jekyll gave them; a page the theme
    made a list of (`layout: archives`) is said to be blogforge's own. The menu entries of the
    collections' pages that say their `order` (Chirpy's sidebar tabs), in that order, named as
    blogforge's theme names them where it has the name (`about` is 关于), else as Jekyll titled
    the document; a page without a title gets that name (`tab_name`), in `language` (the
    site's)."""
    names = theme_names(language)
    tabs = []
    for folder, pattern in page_folders(site, config):
        for path in walk(folder):
            rel = PurePosixPath(path.relative_to(folder).as_posix())
            target = PurePosixPath(folder.name.lstrip("_"), rel.as_posix())
            if not is_markdown(path):
                site.copy(path, f"static/{target.as_posix()}")
                continue
            text = read_head(path)
            data = front_matter(text)
            own = data.get("permalink")
            # (an `include:` folder's pages are plain pages, ended as the site's permalinks
            # end them: see `pages_end_in_slash`)
            plain = f"/{folder.name}/:path" + (
                "/" if pages_end_in_slash(config.get("permalink")) else ":output_ext")
            url = as_site_path(str(own)) if own else collection_url(
                pattern or plain, folder.name[1:], rel)
            name = tab_name(rel.stem, names, language)
            if not data.get("title") and rel.stem.lower() not in MENU_IDS:
                site.note(path, None, f"no `title`: titled `{name}` after its file name, which "
                          "blogforge's theme has no name for; give it a `title` in the site's "
                          "language")
            if pattern is not None and isinstance(data.get("order"), int):
                tabs.append((data["order"], {"name": str(data.get("title") or name),
                                             "url": lists.get(url, url).lstrip("/")}))
            if url in lists and generated_page(url.lstrip("/")) is None:
                line = next((i for i, text_line in enumerate(text.splitlines(), 1)
                             if text_line.startswith("layout:")), None)
                site.note(path, line, f"not imported: `layout: {data['layout']}` is a list the "
                          f"theme made; blogforge makes its own at /{lists[url]}")
                continue
            if liquid_list(site, path, url):
                continue
            extra = {} if data.get("title") else {"title": name}
            if not own:
                extra["permalink"] = "/" + url
            import_page(site, path, page_target(target), url.lstrip("/"), extra or None,
                        partial(page_text, source=path, site=site, whole=False))
    return [entry for _, entry in sorted(tabs, key=lambda tab: tab[0])]


def tab_name(stem: str, names: dict, language: str | None) -> str:
    """A tab's name from its file name: the theme's string where it has one (`about` is 关于
    on a Chinese site), else the file name: made words (`links` → `Links`) on an English site
    (or one of no known language), as written on another, where a made-up English title
    would read as the writer's own."""
    if stem.lower() in MENU_IDS:
        return str(names.get(stem.lower(), stem))
    if language in (None, "en"):
        return stem.replace("-", " ").replace("_", " ").title()
    return stem
def navigation(site: Site, lists: dict[str, str]) -> tuple[list[dict], list[str]]:
    """The header menu Minimal Mistakes (and themes like it) read from
    `_data/navigation.yml`'s `main`: `{title, url}` entries, a URL below the base URL; one
    leading to a list the theme made leads to blogforge's. With it, the file's other lists
    (Minimal Mistakes' sidebars, `docs:`), which blogforge's theme has no place for."""
    path = site.src / "_data" / "navigation.yml"
    if not path.is_file():
        return [], []
    data, _ = read_yaml(site, path)
    if not isinstance(data, dict):  # (a list, or nothing: no `main`)
        return [], []
    # (`main: 5`, `main: true`: no list of entries, and the file is said as not imported; a
    # traceback, "'int' object is not iterable", ended the import)
    entries = data.get("main")
    menu = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and entry.get("title") and entry.get("url"):
            url = str(entry["url"])
            if "://" not in url:
                url = lists.get(as_site_path(url), as_site_path(url)).lstrip("/")
            menu.append({"name": str(entry["title"]), "url": url})
    return menu, [str(key) for key in data if key != "main"]


def data_notes(site: Site, menu_used: bool, other_lists: list[str]) -> None:
    """What the report says of `_data/`: the navigation file whose `main` became the menu,
    and the files (and lists) left, data of Jekyll's templates. A report saying the whole
    folder was not imported sent the writer to redo a menu that was already there."""
    folder = site.src / "_data"
    if not folder.is_dir():
        return
    navigation_file = folder / "navigation.yml"
    left = [path.relative_to(folder).as_posix() for path in walk(folder)
            if not (menu_used and path == navigation_file)]
    if menu_used:
        lists_left = f"; {first_few([f'`{key}`' for key in other_lists])} not imported " \
            "(sidebar lists, which blogforge's theme does not show)" if other_lists else ""
        site.note(navigation_file, None, f"`main` imported: site.yaml's menu{lists_left}")
    if left:
        site.note(folder, None, f"{first_few(left)} not imported: data of Jekyll's templates "
                  "(blogforge's templates read site.yaml)")


def read_head(path: Path) -> str:
    """The start of a page's text, where its front matter is."""
    return path.read_bytes()[:8000].decode("utf-8", errors="replace")


def post_folders(src: Path) -> Iterator[tuple[Path, list[str]]]:
    """Every `_posts` and `_drafts` folder, with the categories Jekyll gives its posts: the
    folders above it (`ml/_posts/` holds posts in category `ml`)."""
    for dirpath, dirnames, _ in os.walk(src):
        here = Path(dirpath)
        for name in sorted(dirnames):
            if name in ("_posts", "_drafts"):
                yield here / name, list(here.relative_to(src).parts)
        # Jekyll reads no folder whose name starts with `_` or `.`; gems are not the blog's
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(("_", "."))
                             and not (here == src and d in _NOT_CONTENT))


def posts(site: Site, folder: Path, categories: list[str], extra: dict[str, object],
          separator: str | None, zone: tzinfo | None = None) -> list[PostFile]:
    """The posts of one `_posts` or `_drafts` folder, to go under content/posts/ in a folder
    per category of its place (their other files are copied there now). An `.html` post (with
    front matter, as jekyll-import's WordPress importer writes them) becomes a `.md` file:
    Markdown passes its HTML through. `zone`: the site's `timezone`, in which Jekyll read
    every date (see `in_site_zone`)."""
    found = []
    for path in walk(folder):
        rel = PurePosixPath("posts", *categories, path.relative_to(folder).as_posix())
        html = path.suffix.lower() in (".html", ".htm") and has_front_matter(path)
        if is_markdown(path) or html:
            own = extra  # (this file's: a `_posts` file Jekyll left out is a draft)
            named = {} if extra.get("draft") else date_and_slug(path.stem)
            if not extra.get("draft") and not _POST_NAME.fullmatch(path.name):
                site.note(path, None, "imported as a draft (`draft: true`): Jekyll published "
                          "no file of `_posts` whose name does not start with a date "
                          "(`2024-02-16-name.md`), so this one was not on the old site; "
                          "name it so, or delete the `draft` line, to publish it")
                own = {**extra, "draft": True}
            found.append(PostFile(path, rel.with_suffix(".md") if html else rel, own,
                                  partial(post_text, categories=categories, named=named,
                                          targets=partial(noted_targets, source=path,
                                                          site=site, reader=_KRAMDOWN),
                                          separator=separator, html=html,
                                          parted=parted_at_spaces(rel), zone=zone,
                                          renamed=partial(site.renamed, path),
                                          kept=None if own.get("draft") else
                                          partial(kept_published, source=path, site=site),
                                          held=None if own.get("draft") else
                                          partial(held_back, source=path, site=site),
                                          draft=partial(readable_draft, source=path,
                                                        site=site) if own.get("draft")
                                          else None)))
        else:
            site.copy(path, f"content/{rel.as_posix()}")
    return found


def jekyll_url(file: PostFile, post: Post, default: str, site: Site) -> str:
    """The site path Jekyll gave a post: its pattern's, or its own `permalink`; Jekyll has no
    language folders. A pattern's `:categories` is Jekyll's own (`jekyll_categories`): where
    the build's slugs differ (`deep learning` is `deep-learning` to it), the post is read again
    with a mark in their place, which then becomes Jekyll's."""
    options = load_options(site)
    pattern = STYLES.get(options.permalinks.get("", ""), options.permalinks.get("", ""))
    names = [name for path in post.categories for name in path]
    theirs = jekyll_categories(names)
    if post.own_path or ":categories" not in pattern or theirs == "/".join(
            slugify(part) for part in "/".join(names).split("/")):
        return post.path
    marked = built_post(site, file, replace(options, permalinks=patterns(
        pattern.replace(":categories", _MARK), {})))
    if marked is None or _MARK not in marked.path:
        return post.path
    return as_site_path(marked.path.replace(_MARK, theirs))


# What stands for `:categories` in a pattern while the build reads a post (no URL holds it).
_MARK = "\ue000"


def jekyll_categories(names: list[str]) -> str:
    """A post's categories as Jekyll puts them in its URL: each lowercased, once, as written
    otherwise (`Deep Learning` is `deep learning`: served as `/deep%20learning/`)."""
    return "/".join(dict.fromkeys(name.lower() for name in names))


# Jekyll's post file name (`Document::DATE_FILENAME_MATCHER`): a month and day of one digit or
# two, `2019-3-7-short-date.md` as well as `2019-03-07-short-date.md`
# What read Jekyll's Markdown, for the report (see link_targets.py)
_KRAMDOWN = "kramdown, Jekyll's renderer,"
_JEKYLL_NAME = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})-(.+)")
# The names of the files of `_posts` Jekyll publishes (its `DATE_FILENAME_MATCHER`): a date,
# then the title, then the extension; any other it leaves out, saying nothing.
_POST_NAME = re.compile(r"\d{2,4}-\d{1,2}-\d{1,2}-[^/]*\.[^.]+")


def date_and_slug(stem: str) -> dict[str, str]:
    """The date and slug Jekyll read from a post's file name where the build does not: a name
    whose month or day has one digit (`2019-3-7-short-date`), which the build reads as a name
    without a date (the post dated by its file, its URL's :title `2019-3-7-short-date`). {}
    for a name the build reads as Jekyll did (`2019-03-07-short-date`), or no dated name."""
    match = _JEKYLL_NAME.fullmatch(stem)
    if match is None or _DATE_NAME.match(stem):
        return {}
    year, month, day, slug = match.groups()
    return {"date": f"{year}-{int(month):02d}-{int(day):02d}", "slug": slug}


# A file name the build reads as Jekyll's `DATE-NAME`: its tag and category strings are parted
# at spaces (content/loader.py), as Jekyll parts them in every post and draft.
_DATE_NAME = re.compile(r"\d{4}-\d{2}-\d{2}-.")


def parted_at_spaces(rel: PurePosixPath) -> bool:
    """Whether the build parts the post `rel`'s `tags: a b` at spaces, as Jekyll did: only
    for a file named `DATE-NAME`, which a draft's is not (`_drafts/idea.md`)."""
    return bool(_DATE_NAME.match(rel.parent.name if rel.stem == "index" else rel.stem))


# What Ruby's YAML reader (Psych, YAML 1.1) reads as false and as nothing, whatever the capitals
_PSYCH_FALSE_OR_NIL = re.compile(r"(?i)no|false|off|null|~|")


def jekyll_publishes(data: dict, written: str | None) -> bool:
    """Whether Jekyll published a post of _posts with this front matter (`written`: its
    `published` value as written). Jekyll holds a post back for a `published` that is false
    or nothing (empty, `~`, `null`), as Ruby reads values: any other value, a word or a
    number (`"false"`, `0`), is true to it."""
    if "published" not in data:
        return True
    value = data["published"]
    if isinstance(value, str) and written is not None and _PSYCH_FALSE_OR_NIL.fullmatch(written):
        return False  # (`nO`, `NuLL`: a word to the build, but not to Ruby)
    return value is not False and value is not None


def post_text(text: str, categories: list[str], separator: str | None, html: bool,
              renamed: Callable[[int, str, str], None],
              kept: Callable[..., str] | None = None, parted: bool = True,
              held: Callable[[str], str] | None = None,
              draft: Callable[..., str] | None = None, zone: tzinfo | None = None,
              named: dict[str, str] | None = None,
              targets: Callable[[str], str] | None = None) -> str:
    """A post's text with what Jekyll read from elsewhere written into it: the categories of
    its folder, its `tag` and `category` (`renamed` is told of them) as blogforge's `tags` and
    `categories` (a list of several, too: one category's path to the build), its excerpt
    separator as blogforge's `<!--more-->`; an HTML post's body made
    safe from Markdown. A post of _posts (`kept`) that Jekyll published loses the lines that
    would hold it back here (`draft: true`, which Jekyll does not read: see `kept_published`),
    and one Jekyll held back (`held`) says so as the build reads it (see `held_back`); a
    draft's (`draft`) `published` that the build cannot read is made one it can, as Jekyll
    read it with `--drafts` (see `readable_draft`).
    A post whose strings the build does not part at spaces (not `parted`: a draft, named
    without a date) has its `tags: gan math-heavy` and `categories: ml notes` written as the
    lists Jekyll read them as. A date written with another offset than the site's `zone`
    is written in that zone, as Jekyll read it (`in_site_zone`). `named`: the date and slug
    Jekyll read from the file's name where the build does not (`date_and_slug`), written
    where the front matter says none (Jekyll's `date` and `slug` win over the name's).
    `targets`: its link targets with spaces written as the build reads them (first, so that
    the lines reported are the source's: see link_targets.py)."""
    text = targets(text) if targets is not None else text
    if named:
        data = front_matter(text)
        text = set_keys(text, {key: value for key, value in named.items()
                               if data.get(key) in (None, "")})
    text = in_site_zone(text, zone) if zone is not None else text
    try:
        split = split_front_matter(text.replace("\r\n", "\n"))
    except FrontMatterError:
        split = None
    data = split.data if split is not None else {}
    if kept is not None and held is not None and split is not None:
        text = kept(text, published=True) if jekyll_publishes(
            data, written_value(text, "published")) else held(text)
    elif draft is not None and split is not None:
        text = draft(text, shown=jekyll_publishes(data, written_value(text, "published")))
    if html:
        text = markdown_safe(text)
    if categories or _given(data.get("category")) or _several(data.get("categories")) \
            or not parted and _words_of(data, "categories"):
        text = set_keys(text, {"category": None,
                               "categories": merged(categories, data, as_words=parted)})
    if _given(data.get("tag")) or not parted and _words_of(data, "tags"):
        text = set_keys(text, {"tag": None, "tags": jekyll_tags(data)})
    for key, plural in (("category", "categories"), ("tag", "tags")):
        if _given(data.get(key)) and split is not None:
            renamed(split.lines.get(key, 1), key, plural)
    text = with_theme_cover(with_media_subpath(text))
    own = data.get("excerpt_separator")
    if data.get("render_with_liquid") is not False:  # (else Jekyll showed them as written)
        text = code_as_jekyll_showed(text)
    text = with_linked_heading_ids(text, from_raw=True)
    return with_more_marker(text,
                            own if isinstance(own, str) else separator)


def media_subpath(data: dict) -> str | None:
    """The folder Chirpy takes a post's pictures named relative from: `media_subpath`
    (`img_path` before Chirpy 6), ending in `/`."""
    value = data.get("media_subpath") or data.get("img_path")
    return str(value).rstrip("/") + "/" if isinstance(value, str) and value.strip() else None


def under_subpath(url: str, subpath: str) -> str:
    """`url` as Chirpy resolved it below `subpath`: one that is relative (not `/…`, no scheme,
    no Liquid), `./` taken off."""
    if re.match(r"[a-zA-Z][\w+.-]*:|[/#{<]", url) or not url:
        return url
    return subpath + re.sub(r"\A(?:\./)+", "", url)


_IMAGE_TARGET = re.compile(r"(!\[[^\]\n]*\]\(\s*<?)([^)\s>]+)")
_IMG_SRC = re.compile(r"""(<img\b[^>]*?\ssrc\s*=\s*["']?)([^"'\s>]+)""", re.I)
# Chirpy's includes of a recording, whose `src` and `poster` are below `media_subpath` too
_PLAYER_INCLUDE = re.compile(r"\{%-?\s*include\s+embed/(?:video|audio)\.html\b.*?%\}")
_PLAYER_FILE = re.compile(r"""(\b(?:src|poster)\s*=\s*["'])([^"']+)""")


def with_media_subpath(text: str) -> str:
    """A post's text with each picture named relative (`![](elbo.png)`, `<img src="…">`,
    and a recording, `{% include embed/video.html src='demo.mp4' %}`, outside code) written
    below its `media_subpath` (`/assets/img/vae/elbo.png`), where Chirpy showed it from; the
    build would look for it beside the post."""
    subpath = media_subpath(front_matter(text))
    if subpath is None:
        return text
    start = body_start(text)

    def rewrite(line: str) -> str:
        spans = [match.span() for match in _CODE_SPAN.finditer(line)]

        def moved(match: re.Match[str]) -> str:
            if any(a <= match.start() < b for a, b in spans):
                return match.group(0)
            return match.group(1) + under_subpath(match.group(2), subpath)
        def player_moved(match: re.Match[str]) -> str:
            if any(a <= match.start() < b for a, b in spans):
                return match.group(0)
            return _PLAYER_FILE.sub(lambda file: file.group(1) + under_subpath(
                file.group(2), subpath), match.group(0))
        line = _PLAYER_INCLUDE.sub(player_moved, line)
        return _IMG_SRC.sub(moved, _IMAGE_TARGET.sub(moved, line))
    return text[:start] + outside_code_fences(text[start:], rewrite)


def with_theme_cover(text: str) -> str:
    """A post's text with a `cover` (the picture of its sharing card) where its theme named
    one the build does not read as such: Chirpy's `image: {path: …}` (below `media_subpath`
    when relative), Minimal Mistakes' `header: {teaser: …}` (else its `overlay_image` or
    `image`)."""
    data = front_matter(text)
    if data.get("cover"):
        return text
    image, header = data.get("image"), data.get("header")
    picture = image.get("path") if isinstance(image, dict) else image
    if not picture and isinstance(header, dict):
        picture = next((header[key] for key in ("teaser", "overlay_image", "image")
                        if isinstance(header.get(key), str) and header[key]), None)
    if not isinstance(picture, str) or not picture.strip():
        return text
    subpath = media_subpath(data)
    cover = under_subpath(picture.strip(), subpath) if subpath else picture.strip()
    return text if cover == image else set_keys(text, {"cover": cover})


def in_site_zone(text: str, zone: tzinfo) -> str:
    """A post's text with its `date` written in the site's time `zone` where it says another
    offset (`2023-12-31 22:00:00 -0800` on a New York site is `2024-01-01 01:00:00-05:00`):
    Jekyll reads a date as the moment it names and then takes it in the site's `timezone`
    (`Time.parse(…).localtime`), which gives the post's URL (`/2024/01/01/hello/`) and the
    date it shows, where the build keeps the offset written. The same moment, so its place
    among the posts stays."""
    value = front_matter(text).get("date")
    if value in (None, ""):
        return text
    try:
        written = parse_date(value, zone)
    except ValueError:
        return text  # (the build says what is wrong with it)
    local = written.astimezone(zone)
    if local.utcoffset() == written.utcoffset():
        return text
    return set_keys(text, {"date": local.isoformat(" ")})


# Liquid's raw tags, `{% raw %}` and `{% endraw %}` (`{%- raw -%}` too)
_RAW_TAG = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_CODE_PARSER = MarkdownIt("commonmark").use(body_depth_plugin)


def code_as_jekyll_showed(text: str) -> str:
    """A post's text with the `{% raw %}` and `{% endraw %}` in its code taken out. Jekyll
    runs Liquid over a post before Markdown, so in code, fenced, indented or in a span, they
    were gone from the page (writers wrap the `{{ }}` of Vue, Jinja or Go templates in them),
    where the build, which runs no Liquid, shows code as written (a Hexo post's raw tags in
    code did show: Hexo keeps fenced code from its tags). A code line that held only such a
    tag is left out, as the highlight tag's body has it (compat/common.py)."""
    if "raw" not in text or not _RAW_TAG.search(text):
        return text
    newline = "\r\n" if "\r\n" in text else "\n"
    source = text.replace("\r\n", "\n")
    try:
        split = split_front_matter(source)
    except FrontMatterError:
        return text
    lines = source.split("\n")
    first = split.body_line - 1  # (index of the body's first line)
    code: set[int] = set()
    for token in _CODE_PARSER.parse(split.body):
        if token.type in ("fence", "code_block") and token.map is not None:
            start, end = token.map
            code.update(range(first + start + (token.type == "fence"), first + end))
    kept = []
    for index, line in enumerate(lines):
        if index in code:
            bare = _RAW_TAG.sub("", line)
            if line.strip() and not bare.strip():
                continue
            kept.append(bare)
        elif index >= first and "`" in line:
            kept.append(_CODE_SPAN.sub(lambda m: _RAW_TAG.sub("", m.group(0)), line))
        else:
            kept.append(line)
    return newline.join(kept) if kept != lines else text


# Elements whose text HTML shows as written (Markdown keeps them whole when one opens a block).
_RAW = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.I | re.S)
_INDENT = re.compile(r"^[ \t]+", re.M)


def markdown_safe(text: str) -> str:
    """An HTML post's body as Markdown that gives the same HTML. Outside <pre> and its like,
    lines lose their indent (HTML shows it as the space it has there already; Markdown would
    read an indented line after a blank one as code). Each <pre> starts a block of its own,
    after a blank line (then Markdown leaves it whole, blank lines in it included)."""
    start = body_start(text)
    done, at = text[:start], start
    for raw in _RAW.finditer(text, start):
        done += _INDENT.sub("", text[at:raw.start()])
        done += "" if done.endswith("\n\n") else "\n" if done.endswith("\n") else "\n\n"
        done += raw.group(0)
        at = raw.end()
    return done + _INDENT.sub("", text[at:])


def _given(value: object) -> bool:
    return value not in (None, "", [])


def jekyll_tags(data: dict) -> list[str]:
    """A post's tags as Jekyll reads `tag` and `tags`: `tag`'s value whole (`tag: machine
    learning` is one tag) or its list, then `tags`' words or list, each once. (Jekyll 3 and 4
    read `tags` only without a `tag`; later ones read both: both are kept.)"""
    names: list[str] = []
    for value in (data.get("tag"), _words(data.get("tags"))):
        for item in value if isinstance(value, list) else [value]:
            for name in item if isinstance(item, list) else [item]:
                if _given(name) and str(name) not in names:
                    names.append(str(name))
    return names


def _several(value: object) -> bool:
    """Whether `categories` is a list of several names: several categories to Jekyll, where
    the build reads a list as one category's path (`[ml, notes]`: ml › notes, Hexo's way)."""
    return isinstance(value, list) and sum(1 for item in value if _given(item)) > 1


def _words_of(data: dict, key: str) -> bool:
    """Whether `key` is a string of more than one word (Jekyll: more than one name)."""
    return isinstance(data.get(key), str) and len(data[key].split()) > 1


def _words(value: object) -> object:
    """A plural key's string as Jekyll reads it: its words."""
    return value.split() if isinstance(value, str) else value


def merged(categories: list[str], data: dict, as_words: bool = True) -> object:
    """The folder's categories, then the post's own (Jekyll's order, each once): `categories`'
    words or list, and `category`'s value whole (`category: machine learning` is one) or its
    list. Written as words (`ml notes`, as a Jekyll post says them, when the build parts them:
    `as_words`), or one-name lists (when a name has a space, or the build would not part)."""
    own = [_words(data.get("categories")), data.get("category")]
    names = list(categories)
    for item in [part for value in own for part in
                 (value if isinstance(value, list) else [value])]:
        for name in item if isinstance(item, list) else [item]:
            if _given(name) and str(name) not in names:
                names.append(str(name))
    if not as_words or any(re.search(r"\s", name) for name in names):
        return [[name] for name in names]
    return " ".join(names)


_FRONT_MATTER_END = re.compile(r"\A---[ \t]*\r?\n.*?^(?:---|\.\.\.)[ \t]*\r?$", re.M | re.S)


def body_start(text: str) -> int:
    end = _FRONT_MATTER_END.match(text)
    return end.end() if end else 0


def with_more_marker(text: str, separator: str | None) -> str:
    """Jekyll's excerpt ends at the first `excerpt_separator` of the body: that one becomes
    `<!--more-->`. Its default, a blank line, is blogforge's own cut already."""
    if not separator or not separator.strip() or MORE_MARKER.fullmatch(separator.strip()):
        return text
    at = text.find(separator, body_start(text))
    if at < 0:
        return text
    return text[:at] + "<!--more-->" + text[at + len(separator):]


def liquid_list(site: Site, path: Path, url: str) -> bool:
    """Whether the Markdown page `path` is a list Jekyll's Liquid made of the site's posts or
    data (`{% for post in site.posts %}`, the paginator: AcadHomepage's `_pages/blog.md`),
    which blogforge cannot run: the page would show its Liquid as written. Said so, with the
    list blogforge makes instead; not imported."""
    text = path.read_text(encoding="utf-8", errors="replace")
    # (what `{% raw %}` holds Jekyll showed as written: a page teaching Liquid is a page)
    shown = _RAW_SPAN.sub(lambda raw: "\n" * raw.group(0).count("\n"), text)
    loop = _LIQUID_LOOP.search(shown, body_start(shown))
    if loop is None:
        return False
    site.note(path, shown.count("\n", 0, loop.start()) + 1, "not imported: a page Jekyll's "
              "Liquid made, looping over the site's posts or data (this line's `{% for %}`), "
              "which blogforge does not run: its lists of posts are /archives/, /tags/, "
              f"/categories/; link there instead of /{url.lstrip('/')}, and write what else it "
              "showed as Markdown")
    return True


def html_page(site: Site, path: Path, rel: Path, config: dict) -> None:
    """A file with front matter that is no Markdown: a page written in HTML (Hux Blog's
    `about.html`, its text in `<div>`s) is imported as one, where its Liquid is only blocks
    `{% if site.KEY %}` over settings `_config.yml` leaves unset (the comment systems a theme
    offers), which Jekyll left out: they are left out, and its HTML written as Markdown that
    gives the same (`markdown_safe`). A template (a loop over the posts, an output `{{ … }}`,
    or no text of its own: `feed.xml`, a list page) is not: blogforge makes its own; nor is a
    page whose other Liquid blogforge cannot run, said with its line and what to do."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    start = body_start(text)
    body, liquid_line = _without_unset_blocks(text[start:], config)
    html = path.suffix.lower() in (".html", ".htm")
    shown = _TEMPLATE_PARTS.sub(" ", body)
    if (not html or rel.stem in ("index", "404") or liquid_line is not None
            and _LOOPS.search(body) or not re.search(r"\w", _TAGS.sub(" ", shown))):
        site.note(path, 1, "not imported: a Liquid template (Jekyll ran it; blogforge "
                  "makes its own pages, feeds and sitemap)")
        return
    slashed = pages_end_in_slash(config.get("permalink"))
    url = "/" + rel.with_suffix("").as_posix() + ("/" if slashed else ".html")
    if liquid_line is not None:
        line = text[:start].count("\n") + liquid_line
        site.note(path, line, "not imported: a page in HTML whose Liquid blogforge does not run "
                  "(this line's): its text is not carried over; write it as a Markdown page, "
                  f"`{rel.with_suffix('.md').as_posix()}` (Jekyll served it at {url})")
        return
    own = front_matter(text).get("permalink")
    import_page(site, path, page_target(PurePosixPath(rel.with_suffix(".md").as_posix())),
                as_site_path(str(own) if own else url), None if own else {"permalink": url},
                partial(_html_page_text, source=path, site=site, config=config,
                        whole=parted_at_spaces(PurePosixPath(rel.as_posix()))))


def _html_page_text(text: str, source: Path, site: Site, config: dict, whole: bool) -> str:
    """A page written in HTML as the build must read it: the blocks Jekyll left out left out
    (`_without_unset_blocks`), its HTML as Markdown that gives the same, then as any page."""
    start = body_start(text)
    body = markdown_safe(text[:start] + _without_unset_blocks(text[start:], config)[0])
    return page_text(body, source=source, site=site, whole=whole)


# A Liquid tag, and an output (`{{ … }}`)
_LIQUID_TAG = re.compile(r"\{%-?\s*(\w+)(.*?)-?%\}", re.S)
_TEMPLATE_PARTS = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|<(script|style)\b.*?</\1\s*>|<!--.*?-->",
                             re.S | re.I)
_TAGS = re.compile(r"<[^>]*>")
# A Liquid loop (`{% for post in site.posts %}`); what makes a page a template, a list of
# the site's posts or data (such a loop, or the paginator's and the posts' names); and what
# `{% raw %}` keeps as written
_LIQUID_LOOP = re.compile(r"\{%-?\s*(?:for|tablerow|paginate)\b")
_LOOPS = re.compile(_LIQUID_LOOP.pattern + r"|\b(?:paginator|site\.posts)\b")
_RAW_SPAN = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S)
# `{% if site.KEY %}`: a block over one of the site's settings
_SITE_SETTING = re.compile(r"\s*site\.([\w-]+)\s*")


def _without_unset_blocks(body: str, config: dict) -> tuple[str, int | None]:
    """`body` without its `{% if site.KEY %}…{% endif %}` blocks over a setting `_config.yml`
    leaves unset (absent, empty or false: Jekyll left the block out; an `{% else %}` in it
    kept), and the line (from 1) of the first Liquid left, None when none is."""
    out, at, depth = [], 0, 0
    skipping_from: int | None = None  # (where the block being left out began)
    kept_else = False
    for tag in _LIQUID_TAG.finditer(body):
        name, rest = tag.group(1), tag.group(2)
        if skipping_from is not None:
            if name in ("if", "unless", "case", "for", "capture", "comment"):
                depth += 1
            elif name in ("endif", "endunless", "endcase", "endfor", "endcapture",
                          "endcomment"):
                depth -= 1
                if depth == 0:
                    if kept_else:
                        out.append(body[at:tag.start()])
                    skipping_from, kept_else, at = None, False, tag.end()
            elif name == "else" and depth == 1:
                kept_else, at = True, tag.end()
            elif name == "elsif" and depth == 1:
                return body, body[:skipping_from].count("\n") + 1
            continue
        setting = _SITE_SETTING.fullmatch(rest) if name == "if" else None
        if setting and config.get(setting.group(1)) in (None, "", False, [], {}):
            out.append(body[at:tag.start()])
            skipping_from, depth, at = tag.start(), 1, tag.end()
    if skipping_from is not None:  # (a block never closed: Jekyll stopped at it)
        return body, body[:skipping_from].count("\n") + 1
    out.append(body[at:])
    left = "".join(out)
    first = re.search(r"\{%|\{\{", left)
    return left, None if first is None else left[:first.start()].count("\n") + 1


def pages_end_in_slash(permalink: object) -> bool:
    """Whether Jekyll ended a page's URL with `/` (`about.md` at /about/), as the site's
    `permalink` style ends its posts': `pretty` (and Jekyll 4's `simple`), or a pattern of
    its own ending in `/` (`/:year/:title/`); else it is `.html` (`date`, Jekyll's default,
    `ordinal`, `none`, a pattern ending in `:output_ext`). A pattern ending otherwise
    (`/:year/:title`) gave pages no ending, `/about`, which GitHub Pages serves from the
    `about.html` Jekyll wrote: kept so. (Jekyll's `Utils.add_permalink_suffix`.)"""
    style = str(permalink or "date").strip()
    return style in ("pretty", "simple") or style.startswith("/") and style.endswith("/")


def page(site: Site, path: Path, rel: Path, slashed: bool) -> None:
    """A page keeps the URL Jekyll gave it (`about.md` was /about.html, /about/ when the site's
    permalinks end in `/`: `slashed`) unless it says its own."""
    if rel.stem == "index" and len(rel.parts) == 1 or rel.stem == "404":
        site.note(path, None, "not imported: blogforge makes the home and 404 pages itself")
        return
    text = path.read_bytes()[:4000].decode("utf-8", errors="replace")
    says_url = any(line.startswith("permalink:") for line in text.splitlines()[:40])
    if rel.stem == "index":
        old = "/" + rel.parent.as_posix() + "/"
    else:
        old = "/" + rel.with_suffix("").as_posix() + ("/" if slashed else ".html")
    own = front_matter(text).get("permalink") if says_url else None
    if liquid_list(site, path, as_site_path(str(own)) if own else as_site_path(old)):
        return
    import_page(site, path, page_target(PurePosixPath(rel.as_posix())),
                as_site_path(str(own)) if own else None if says_url else as_site_path(old),
                None if says_url else {"permalink": old},
                partial(page_text, source=path, site=site,
                        whole=parted_at_spaces(PurePosixPath(rel.as_posix()))))


def page_text(text: str, source: Path, site: Site, whole: bool) -> str:
    """A page's text as the build must read it: its link targets with spaces written `<…>`
    (link_targets.py), its tags and categories whole where the build would part them
    (`whole`, see `whole_names`)."""
    text = with_linked_heading_ids(noted_targets(text, source, site, _KRAMDOWN), from_raw=True)
    return whole_names(text) if whole else text


def whole_names(text: str) -> str:
    """A page's text with its `tags: gan math-heavy` and `categories: ml notes` written as
    one-name lists: Jekyll parts them at spaces in posts only (a page's are its own values,
    never listed), the build in any file named `DATE-NAME`, a page's too."""
    data = front_matter(text)
    return set_keys(text, {key: [data[key]] for key in ("tags", "categories")
                           if _words_of(data, key)})

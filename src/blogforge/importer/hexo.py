"""Hexo: `_config.yml`, `source/_posts` (asset folders become bundles), `source/_drafts`,
pages and static files under `source/`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

from blogforge.content.frontmatter import FrontMatterError, split_front_matter
from blogforge.content.loader import PASSWORD_HELD_BACK, LoadOptions, asks_for_password
from blogforge.content.permalinks import PostFields, expand
from blogforge.diagnostics import counted
from blogforge.importer import (
    ImportFailure,
    Site,
    as_built,
    base_url,
    formulas_as_tex,
    front_matter,
    held_back,
    is_markdown,
    kept_published,
    language_code,
    looks_like,
    outside_code_fences,
    read_markdown,
    read_yaml,
    readable_draft,
    set_keys,
    timezone,
    unlisted_lines,
    walk,
    with_language,
    with_old_url,
    written_value,
)
from blogforge.importer.folders import folder_inside
from blogforge.importer.hexo_front_matter import readable_front_matter
from blogforge.importer.hexo_links import (
    DATA_FILES,
    FriendLinks,
    is_links_page,
    read_friend_links,
    with_links,
)
from blogforge.importer.hexo_menu import theme_menu
from blogforge.importer.hexo_theme import import_theme_settings, read_theme_settings
from blogforge.importer.link_targets import noted_targets, old_marked
from blogforge.importer.marked import hexo_renderer
from blogforge.importer.pages import import_page, page_as_built, page_target
from blogforge.model import Post
from blogforge.urls import slugify
from blogforge.yamlfile import YamlSyntaxError, parse_yaml

# Keys that describe Hexo's own machinery, or that the import reads (`new_post_name`…): left
# out silently.
_HARMLESS = {
    "source_dir", "public_dir", "code_dir", "i18n_dir", "skip_render", "new_post_name",
    "default_layout", "external_link", "filename_case", "post_asset_folder", "relative_link",
    "syntax_highlighter", "default_category", "meta_generator", "include",
    "exclude", "ignore", "permalink_defaults", "subtitle",
}
# Keys that change what the site shows, or where, which every `hexo init` config writes with
# Hexo's default: reported (as any other key left out) only with another value, and what
# blogforge does instead. (`index_generator` and `pretty_urls`: each of their keys.)
_DEFAULTS: dict[str, tuple[object, str]] = {
    "titlecase": (False, "titles are shown as written"),
    "render_drafts": (False, "drafts are published only by `blogforge build --drafts`"),
    "future": (True, "a post dated to come is held back until its date, unless "
                     "`blogforge build --future`"),
    "tag_dir": ("tags", "blogforge's tag pages are at /tags/"),
    "archive_dir": ("archives", "blogforge's archives are at /archives/"),
    "category_dir": ("categories", "blogforge's category pages are at /categories/"),
    "tag_map": ({}, "a tag's page is at its name's slug"),
    # (read for `:category` permalinks, which keep their URLs; not for category pages)
    "category_map": ({}, "a category's page is at its name's slug (/categories/机器学习/); "
                         "`:category` in permalinks is mapped as Hexo did"),
    "date_format": ("YYYY-MM-DD", "dates are shown in the theme's format"),
    "time_format": ("HH:mm:ss", "dates are shown in the theme's format"),
    "updated_option": ("mtime", "a post's `updated` is shown when it has one"),
    "pagination_dir": ("page", "blogforge's list pages are `/page/2/` and so on"),
    "keywords": (None, "write `description` in site.yaml and each post"),
    "index_generator": ({"path": "", "order_by": "-date"}, "the home page lists the posts "
                        "newest first (`pinned: true` puts one on top)"),
    "pretty_urls": ({"trailing_index": True, "trailing_html": True},
                    "URLs are written as the permalinks give them"),
}
_HINTS = {
    "theme": "blogforge has one theme of its own (override its templates in templates/)",
    "deploy": "`blogforge deploy` publishes to GitHub Pages",
    "highlight": "code is highlighted by Pygments at build time (site.yaml `highlight`: "
                 "`line_numbers: true` numbers fenced blocks); a `{% codeblock %}` numbers "
                 "its lines unless it says `line_number:false`, as Hexo's default does",
    "prismjs": "code is highlighted by Pygments at build time (site.yaml `highlight`)",
    "feed": "Atom feeds are built in (site.yaml `feeds`)",
    "sitemap": "sitemaps are built in",
    "search": "search is built in",
    "mathjax": "math is rendered at build time by KaTeX (site.yaml `math`)",
    "katex": "math is rendered at build time by KaTeX (site.yaml `math`)",
    "abbrlink": "hexo-abbrlink's settings (each post keeps the URL its `abbrlink` gave it)",
}
# Packages whose work blogforge does by itself (or that only serve Hexo's own build).
_BUILT_IN = {
    "hexo-server", "hexo-renderer-marked", "hexo-renderer-markdown-it", "hexo-renderer-kramed",
    "hexo-renderer-ejs", "hexo-renderer-stylus", "hexo-renderer-pug", "hexo-renderer-nunjucks",
    "hexo-generator-index", "hexo-generator-archive", "hexo-generator-category",
    "hexo-generator-tag", "hexo-generator-feed", "hexo-generator-sitemap",
    "hexo-generator-index-pin-top", "hexo-deployer-git", "hexo-filter-mathjax",
    "hexo-renderer-pandoc", "hexo-math", "hexo-filter-katex", "hexo-theme-landscape",
}
# Hexo permalink placeholders -> blogforge's (Hexo's :title is the path below _posts).
_TOKENS = {"title": "path", "name": "name", "post_title": "post_title", "category": "category",
           "year": "year", "month": "month", "day": "day", "i_month": "i_month",
           "i_day": "i_day", "hour": "hour", "minute": "minute", "second": "second",
           "lang": "lang"}


# What new_post_name's placeholders match in a file name (Hexo's own segments).
_NAME_PARTS = {"year": r"\d{4}", "month": r"\d{2}", "day": r"\d{2}", "i_month": r"\d{1,2}",
               "i_day": r"\d{1,2}"}
# A file name the build reads as Jekyll's `DATE-NAME` (tags split at spaces, no date in :title).
_DATE_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-.")
_LANG = re.compile(r":lang(?![a-z_])")
# hexo-abbrlink's placeholder (`posts/:abbrlink.html`), a short hash in each post's front matter
_ABBRLINK = ":abbrlink"
_LEADING_LANG = re.compile(r"^/:lang(?![a-z_])(?:/|$)")
_SEPARATORS = "/.-_"


@dataclass(frozen=True)
class Languages:
    """The languages `_config.yml` lists (`language: [zh-CN, en]`), as blogforge codes."""

    default: str | None  # the first one's code
    values: dict[str, str]  # code -> the value Hexo writes for it (its :lang), default first
    fallback: str | None  # `permalink_defaults.lang`: the :lang of a post that says none

    @classmethod
    def of(cls, config: dict) -> Languages:
        listed = config.get("language")
        values: dict[str, str] = {}
        for value in listed if isinstance(listed, list) else [listed]:
            code = language_code(value)
            if code is not None:
                values.setdefault(code, str(value))
        defaults = config.get("permalink_defaults")
        fallback = defaults.get("lang") if isinstance(defaults, dict) else None
        return cls(next(iter(values), None), values,
                   str(fallback) if fallback else next(iter(values.values()), None))

    def prefix(self, code: str) -> str:
        """blogforge's language folder: none for the default language, `en/` for English."""
        return "" if self.default is None or code == self.default else f"{code}/"

    def patterns(self, pattern: str) -> tuple[str, dict[str, str]]:
        """The site's permalink and each language's own, when Hexo's has :lang. blogforge puts
        every language but the default one in its folder (`/en/`), which is Hexo's
        `:lang/…` for `en`; the default language lives at the root, so its pattern names
        Hexo's folder (`/zh-CN/:path/`). A post whose URL no pattern gives gets a `permalink`
        of its own (`hexo_text`)."""
        if not _LANG.search(pattern):
            return pattern, {}
        leading = _LEADING_LANG.match(pattern)
        site = "/" + pattern[leading.end():] if leading else pattern
        if self.default is None:
            return site, {}
        own = _LANG.sub(self.values[self.default], pattern)
        return site, {self.default: own} if own != site else {}


@dataclass(frozen=True)
class Rules:
    """How Hexo made a post's URL, from _config.yml."""

    pattern: str  # Hexo's permalink, in blogforge's placeholders (:lang as Hexo writes it)
    new_post_name: str  # what the file names say, e.g. `:year-:month-:day-:title.md`
    filename_case: int  # 0 as written, 1 lower case, 2 upper case (for categories)
    default_category: str
    category_map: dict
    options: LoadOptions  # how the build will read the post
    languages: Languages
    declared: dict[str, dict]  # site.yaml's `languages` (when the import writes it): code -> keys
    plain_formulas: bool = False  # the renderer read formulas as Markdown (marked.py)
    # where package.json names marked 0.3, which read link targets with spaces (`](/a b.png)`:
    # link_targets.py), "" when it does not
    spaced_targets: str = ""
    # Hexo's slug of a post whose file the import moves (`zh-CN/other`, its path below _posts
    # without extension, as `post_link` names it) -> its new path below content/posts/
    moved: dict[str, str] = field(default_factory=dict)
    # the keys that kept a post out of Hexo's lists: hexo-hide-posts' (`hidden`, or its
    # `filter` setting) and Fluid's `hide`
    hiding: tuple[str, ...] = ("hidden", "hide")


def check(src: Path) -> None:
    """A Hexo site has `_config.yml` and its posts in `source/_posts` (or drafts only, in
    `source/_drafts`): without them the import would write a site of nothing."""
    if not (src / "_config.yml").is_file():
        raise ImportFailure(f"{src} has no _config.yml: not a Hexo site{looks_like(src, 'hexo')}")
    try:
        doc = parse_yaml((src / "_config.yml").read_text(encoding="utf-8-sig"))
        config = doc.data
        lines = {str(p[0]): line for p, line in doc.lines.items() if len(p) == 1}
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        config, lines = {}, {}  # (`run` reports it)
    if not isinstance(config, dict):
        config = {}

    def origin(key: str) -> str:
        return f"_config.yml:{lines.get(key, 1)} ({key})"

    # (before anything is written: a folder outside the blog is refused, not half imported)
    source = str(config.get("source_dir") or "source")
    folder_inside(src, source, origin("source_dir"))
    if config.get("theme"):
        folder_inside(src, str(config["theme"]), origin("theme"), below="themes")
        folder_inside(src, f"_config.{config['theme']}.yml", origin("theme"))
    source = source.strip("/")
    if not any((src / source / name).is_dir() for name in ("_posts", "_drafts")):
        raise ImportFailure(f"{src} has no {source}/_posts (nor {source}/_drafts), where Hexo "
                            f"keeps posts: not a Hexo site{looks_like(src, 'hexo')}")


def run(site: Site) -> None:
    config_path = site.src / "_config.yml"
    config, lines = read_yaml(site, config_path)

    def origin(key: str) -> str:
        return f"_config.yml:{lines.get(key, 1)} ({key})"

    site.set("title", config.get("title"), origin("title"))
    site.set("description", config.get("description") or config.get("subtitle"),
             origin("description"))
    site.set("author", config.get("author"), origin("author"))
    url = base_url(config.get("url"), config.get("root"))
    site.set("base_url", url, origin("url") + " + root")
    languages = Languages.of(config)
    site.set("default_language", languages.default, origin("language"))
    timezone(site, config.get("timezone"), origin("timezone"))
    if isinstance(config.get("per_page"), int) and config["per_page"] > 0:
        site.set("paginate", config["per_page"], origin("per_page"))
    pattern = permalink(site, str(config.get("permalink") or ":year/:month/:day/:title/"),
                        lines.get("permalink"))
    site_pattern, own = languages.patterns(site_permalink(pattern))
    site.set("permalink", site_pattern,
             origin("permalink") if "permalink" in config else "Hexo's default permalink")
    # A language's own pattern is read from site.yaml's `languages`, which then lists them all
    # (the posts' too, as they come: see `placed_language`).
    declared = {code: {"permalink": own[code]} if code in own else {}
                for code in languages.values} if own else {}
    menu = theme_menu(site, config.get("theme"), languages.default)
    if menu and languages.default is not None:  # (its header: the theme's settings hold it)
        declared = {**declared, languages.default: {**declared.get(languages.default, {}),
                                                    "menu": menu}}
    site.set("languages", declared, f"{origin('language')} and {origin('permalink')}"
             + (f", the menu from the `{config.get('theme')}` theme's settings" if menu else ""))
    renderer = hexo_renderer(site.src)
    rules = replace(hexo_rules(config, pattern, languages, declared),
                    plain_formulas=renderer.escaped_math, spaced_targets=old_marked(site.src))
    site.formulas_reason = renderer.reason
    site.published_reason = "Hexo reads no `draft`, and `published` only as written"
    site.unlisted_reason = ("hexo-hide-posts (its `filter` key, `hidden` by default) or the "
                            "Fluid theme (`hide`) left these posts out of Hexo's lists")
    site.held_reason = ("Hexo held back a post whose `published` was false, 0, \"false\", "
                        "\"0\" or \"\"")
    rules = replace(rules, hiding=hidden_posts(site, config.get("hide_posts"),
                                               lines.get("hide_posts")))
    numbered = numbers_fenced_code(config)
    if numbered:
        site.set("highlight", {"line_numbers": True},
                 f"{origin(numbered)}: Hexo numbered the lines of every code block"
                 if numbered in lines else "Hexo's default `highlight.line_number: true`: Hexo "
                 "numbered the lines of every code block")
    for key, line in lines.items():
        if key == numbered:
            site.note(config_path, line, f"`{key}`: its `line_number` is carried over (site.yaml "
                      "`highlight: {line_numbers: true}`, every code block numbered, as in "
                      "Hexo); code is highlighted by Pygments at build time"
                      + _threshold_hint(config.get(key)))
        elif key in _HINTS:
            site.note(config_path, line, f"`{key}` not imported: {_HINTS[key]}"
                      + _unnumbered_hint(key, config.get(key)))
        elif key in _DEFAULTS:
            if not hexo_default(key, config.get(key)):
                site.note(config_path, line, f"`{key}` not imported: {_DEFAULTS[key][1]}")
        elif key not in _HARMLESS and key not in ("title", "description", "author", "url",
                                                  "root", "language", "timezone", "per_page",
                                                  "permalink", "hide_posts",
                                                  "theme_config"):
            site.note(config_path, line, f"`{key}` not imported (no blogforge equivalent)")
    theme = config.get("theme")
    if theme and (site.src / "themes" / str(theme)).exists():
        site.note(site.src / "themes" / str(theme), None, "not imported: blogforge has its own "
                  "theme (override its templates in templates/)")
    theme_settings = read_theme_settings(site, theme, config, lines)

    source = site.src / str(config.get("source_dir") or "source")
    rules = replace(rules, moved=moved_posts([source / "_posts", source / "_drafts"], rules))
    posts(site, source / "_posts", {}, rules)
    posts(site, source / "_drafts", {"draft": True}, rules)
    unrendered = skip_render(config.get("skip_render"))
    links = read_friend_links(source / "_data")
    links_shown = False
    for path in walk(source, frozenset({"_posts", "_drafts"})):
        rel = path.relative_to(source)
        if any(part.startswith("_") for part in rel.parts):
            continue
        if is_markdown(path) and any(glob.fullmatch(rel.as_posix()) for glob in unrendered):
            # (Hexo published it as it is, a README.md beside the site's files)
            site.copy(path, f"static/{rel.as_posix()}")
            site.note(path, None, f"copied as it is to static/{rel.as_posix()}, not made a "
                      f"page: Hexo published it unrendered (`skip_render`, _config.yml:"
                      f"{lines.get('skip_render', 1)})")
        elif is_markdown(path):
            if rel.as_posix() in ("index.md", "index.markdown"):
                site.note(path, None, "not imported: blogforge makes the home page itself")
                continue
            links_shown = page(site, path, PurePosixPath(rel.as_posix()), rules, links) \
                or links_shown
        else:
            site.copy(path, f"static/{rel.as_posix()}")
    if theme_settings is not None:  # (after static/: the site's own icon is there)
        import_theme_settings(site, theme_settings, source,
                              bool(menu and languages.default))
    data_files = walk(source / "_data") if (source / "_data").is_dir() else []
    if links_shown:  # (said with the page)
        data_files = [path for path in data_files if path.name not in DATA_FILES]
    if data_files:
        site.note(source / "_data", None, "not imported: data files of the theme's templates "
                  "(blogforge's templates read site.yaml)")
    if (site.src / "scaffolds").is_dir():
        site.note(site.src / "scaffolds", None, "not imported: post templates of `hexo new` "
                  "(`blogforge new post` makes posts)")
    package = site.src / "package.json"
    if package.is_file():
        for number, text in enumerate(package.read_text(errors="replace").splitlines(), 1):
            plugin = re.search(r'"(hexo-[\w-]+)"\s*:', text)
            if plugin and plugin.group(1) in _PLUGIN_HINTS:
                site.note(package, number, f"plugin `{plugin.group(1)}`: "
                          f"{_PLUGIN_HINTS[plugin.group(1)]}")
            elif plugin and plugin.group(1) not in _BUILT_IN:
                site.note(package, number, f"plugin `{plugin.group(1)}` not imported")


# Plugins whose work blogforge does in its own way: what it does.
_PLUGIN_HINTS = {
    "hexo-hide-posts": "built in: a post it hid is unlisted (`unlisted: true`; blogforge reads "
                       "its `hidden: true` so), at its URL and in no list, feed, sitemap or "
                       "search",
}


def hidden_posts(site: Site, settings: object, line: int | None) -> tuple[str, ...]:
    """The front matter keys that kept a post out of Hexo's lists, by hexo-hide-posts'
    settings (`hide_posts:` in _config.yml): its `filter` (the key, `hidden` by default),
    and Fluid's `hide`. What else they say, blogforge does otherwise: each is noted."""
    options = settings if isinstance(settings, dict) else {}
    named = options.get("filter")
    keys = ("hidden", "hide", *([named] if isinstance(named, str) and named.strip() else []))
    if options.get("enable") is False:
        site.note("_config.yml", line, "`hide_posts: enable: false`: Hexo listed the posts "
                  "whose front matter says `hidden: true`; blogforge unlists them (delete "
                  "the line to list one)")
    if options.get("public_generators"):
        site.note("_config.yml", line, "`hide_posts: public_generators` not imported: an "
                  "unlisted post is in no list, feed or sitemap of blogforge's")
    return keys


def numbers_fenced_code(config: dict) -> str | None:
    """The key of `_config.yml` whose `line_number` numbered the lines of Hexo's fenced code
    blocks (`highlight`, or `prismjs`), None when they were not numbered. Hexo highlights them
    itself, before any renderer, with the highlighter `syntax_highlighter` names (Hexo 7),
    else the one whose `enable` is on (Hexo 5 and 6: `highlight`'s unless it says
    `enable: false`); each numbers lines unless its `line_number` is false, as the config
    `hexo init` writes has it (`line_number: true`). An empty `syntax_highlighter`, or both
    turned off, left code unhighlighted, and unnumbered."""
    def options(key: str) -> dict:
        value = config.get(key)
        return value if isinstance(value, dict) else {}
    if "syntax_highlighter" in config:
        chosen = {"highlight.js": "highlight", "prismjs": "prismjs"}.get(
            str(config["syntax_highlighter"] or "").strip())
    elif options("highlight").get("enable", True) is not False:
        chosen = "highlight"
    else:
        chosen = "prismjs" if options("prismjs").get("enable") is True else None
    return chosen if chosen and options(chosen).get("line_number", True) is not False else None


def _threshold_hint(value: object) -> str:
    """What is lost of Hexo's `line_threshold`: blogforge numbers every block or none."""
    threshold = value.get("line_threshold") if isinstance(value, dict) else None
    if isinstance(threshold, int) and not isinstance(threshold, bool) and threshold > 0:
        return (f"; its `line_threshold: {threshold}` is not: a block of {threshold} lines or "
                "fewer is numbered too")
    return ""


def _unnumbered_hint(key: str, value: object) -> str:
    """What a site whose Hexo numbered no lines (`highlight: {line_number: false}`) must do
    to keep its `{% codeblock %}`s so: blogforge numbers them as Hexo's default does."""
    if key == "highlight" and isinstance(value, dict) and value.get("line_number") is False:
        return ("; your `line_number: false` is not read: write `line_number:false` in each "
                "`{% codeblock %}` that should stay unnumbered")
    return ""


def hexo_default(key: str, value: object) -> bool:
    """Whether `value` of the `_DEFAULTS` key `key` is Hexo's default (empty is: Hexo takes its
    default then); a table's keys are compared one by one, those it does not say default."""
    default = _DEFAULTS[key][0]
    if value in (None, "", [], {}) or value == default:
        return True
    if isinstance(default, dict) and isinstance(value, dict) and default:
        # (`index_generator.per_page` is the home page's `per_page`: paginate is read)
        return all(value.get(name, wanted) == wanted for name, wanted in default.items()) \
            and set(value) <= {*default, "per_page"}
    return False


def skip_render(value: object) -> list[re.Pattern[str]]:
    """Hexo's `skip_render` (a glob or a list of them, below source/) as regexes."""
    globs = value if isinstance(value, list) else [value] if value else []
    return [re.compile(glob_regex(str(glob).strip().lstrip("/"))) for glob in globs
            if isinstance(glob, str) and glob.strip()]


def glob_regex(glob: str) -> str:
    """A glob as micromatch (Hexo's) reads it, as a regex: `*` and `?` within a folder, `**`
    across folders, `{a,b}` either."""
    parts = []
    for token in re.split(r"(\*\*/|\*\*|\*|\?|\{[^{}]*\})", glob):
        if token in _GLOB:
            parts.append(_GLOB[token])
        elif token.startswith("{") and token.endswith("}"):
            parts.append("(?:" + "|".join(map(re.escape, token[1:-1].split(","))) + ")")
        else:
            parts.append(re.escape(token))
    return "".join(parts)


_GLOB = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}


def page(site: Site, path: Path, rel: PurePosixPath, rules: Rules,
         links: FriendLinks | str | None = None) -> bool:
    """A page of source/ keeps the URL Hexo served it at (`about.md` at /about.html, see
    `hexo_page_path`): where the build would give it another (/about/), a `permalink` line
    says Hexo's. The page a theme filled with the friend links (`type: link`) gets `links`,
    those of source/_data/link.yml, written into it (hexo_links.py): whether it did."""
    target = page_target(rel)
    rewrite = partial(page_text, source=path, site=site, rules=rules)
    text = read_markdown(path) if links is not None else None
    shows_links = text is not None and is_links_page(text)
    if shows_links and isinstance(links, FriendLinks):
        rewrite = partial(_with_links, rewrite=rewrite, links=links)
        avatars = f"; {counted(links.avatars, 'avatar')} left out: pictures on other " \
            "sites, which every reader of the page would fetch from them" if links.avatars \
            else ""
        site.note(path, None, f"the friend links of source/_data/{links.file.name} "
                  f"({links.count:,}) written into the page as a list{avatars}")
    elif shows_links:
        site.note(path, None, f"the friend links of source/_data/ not imported: {links}")
    built = page_as_built(site, path, target, rewrite)
    if built is None:  # (the build says what is wrong with it)
        import_page(site, path, target, None, rewrite=rewrite)
        return shows_links
    old = hexo_page_path(rel, built.params.get("permalink"))
    import_page(site, path, target, old,
                {"permalink": "/" + old} if old != built.path else None, rewrite)
    return shows_links


def _with_links(text: str, rewrite: Callable[[str], str], links: FriendLinks) -> str:
    return with_links(rewrite(text), links)


def page_text(text: str, source: Path, site: Site, rules: Rules) -> str:
    """A page's text as the build must read it: formulas as TeX when Hexo's renderer read
    them as Markdown, links to posts to where the import put them (`linked_posts`), its
    front matter where the build reads it (`hexo_front_matter`)."""
    text, moved = front_matter_as_read(text, source, site)
    text = formulas_as_tex(text, source, site, moved) if rules.plain_formulas else text
    text = _with_targets(text, source, site, rules, moved)
    return linked_posts(text, rules.moved)


def moved_posts(folders: list[Path], rules: Rules) -> dict[str, str]:
    """Hexo's slug of each post of `folders` (_posts, _drafts) whose file the import names
    otherwise (`zh-CN/other` → `other.md`, `en/hello` → `hello/index.en.md`: the language of
    new_post_name's `:lang/` goes into the file name, see `Placed`) -> its new path below
    content/posts/."""
    moved = {}
    for folder in folders:
        for path in walk(folder) if folder.is_dir() else []:
            rel = path.relative_to(folder).as_posix()
            place = placed(rel, rules) if is_markdown(path) else None
            if place is not None and place.lang is not None:
                target = place.target(path.suffix, path.with_suffix("").is_dir())
                moved[PurePosixPath(rel).with_suffix("").as_posix()] = \
                    target.removeprefix("content/posts/")
    return moved


# `{% post_link slug … %}` and `{% post_path slug %}`, the slug maybe quoted
_POST_TAG = re.compile(r"""(\{%-?[ \t]*post_(?:link|path)[ \t]+)(["']?)([^\s"'%]+)\2""")


def linked_posts(text: str, moved: dict[str, str]) -> str:
    """`text` whose `post_link` and `post_path` tags name a moved post by its Hexo slug
    (`{% post_link zh-CN/other %}`) naming its new file instead (`other.md`), which the build
    finds; a tag in fenced code is shown as written, and stays so."""
    if not moved:
        return text

    def renamed(match: re.Match[str]) -> str:
        new = moved.get(match.group(3))
        return match.group() if new is None else \
            f"{match.group(1)}{match.group(2)}{new}{match.group(2)}"

    return outside_code_fences(text, partial(_POST_TAG.sub, renamed))


def hexo_page_path(rel: PurePosixPath, own: object) -> str:
    """The site path Hexo served a page of source/ at: its own `permalink`, with `index.html`
    after a `/` and `.html` after a name without one (as Hexo reads a page's), else its path
    with `.html` for its extension (`about.md` → `about.html`); a page named `index.html` is its
    folder's (`about/index.md` → `about/`)."""
    path = str(own).strip().lstrip("/") if isinstance(own, (str, int)) and str(own).strip() \
        else rel.with_suffix(".html").as_posix()
    if not path or path.endswith("/"):
        return path
    if not PurePosixPath(path).suffix:
        path += ".html"
    return path.removesuffix("index.html") if PurePosixPath(path).name == "index.html" \
        else path


def hexo_rules(config: dict, pattern: str, languages: Languages,
               declared: dict[str, dict]) -> Rules:
    case = config.get("filename_case")
    zone = config.get("timezone")
    try:
        zone_info = ZoneInfo(zone) if isinstance(zone, str) and zone else ZoneInfo("UTC")
    except (ValueError, LookupError):
        zone_info = ZoneInfo("UTC")  # (reported with the config)
    mapping = config.get("category_map")
    site_pattern, own = languages.patterns(site_permalink(pattern))
    return Rules(pattern, str(config.get("new_post_name") or ":title.md"),
                 case if case in (1, 2) else 0,
                 str(config.get("default_category") or "uncategorized"),
                 mapping if isinstance(mapping, dict) else {},
                 LoadOptions(languages.default or "", frozenset(declared), zone_info,
                             {"": site_pattern, **own}),
                 languages, declared)


@dataclass(frozen=True)
class Placed:
    """Where a file of _posts goes below content/posts/: its path without the language
    Hexo read from it (`new_post_name: :lang/:title.md` has `zh-CN/hello.md` in zh-CN), which
    a file name says in blogforge (`hello.en.md`), so that translations pair up."""

    stem: str  # the path without extension or language, `hello`
    lang: str | None  # the language the path names, as Hexo wrote it (`zh-CN`)
    suffix: str | None  # the language the new file name says (`en`; None for the default)

    def target(self, ext: str, bundle: bool) -> str:
        if bundle:
            return f"content/posts/{self.stem}/{with_language('index' + ext, self.suffix)}"
        return f"content/posts/{with_language(self.stem + ext, self.suffix)}"


def placed(rel: str, rules: Rules) -> Placed:
    stem = PurePosixPath(rel).with_suffix("").as_posix()
    match = name_match(stem, rules.new_post_name)
    value = match.group("lang") if match and "lang" in match.groupdict() else None
    code = language_code(value)
    if match is None or value is None or code is None:
        return Placed(stem, None, None)
    start, end = match.span("lang")
    # the language goes with one separator beside it: `zh-CN/hello`, `hello.en` → `hello`
    if end < len(stem) and stem[end] in _SEPARATORS:
        end += 1
    elif start > 0 and stem[start - 1] in _SEPARATORS:
        start -= 1
    if not stem[:start] + stem[end:]:
        return Placed(stem, None, None)
    return Placed(stem[:start] + stem[end:], value,
                  None if code == rules.languages.default else code)


def posts(site: Site, folder: Path, extra: dict[str, object], rules: Rules) -> None:
    """Posts keep their place below _posts (less the language new_post_name puts in it, see
    `Placed`); `name.md` with an asset folder `name/` becomes the bundle `name/index.md` with
    its files. Where the build would read a post otherwise than Hexo did, its front matter
    says what Hexo read (see `hexo_text`)."""
    if not folder.is_dir():
        return
    files = walk(folder)
    owners = {path.with_suffix(""): placed(path.relative_to(folder).as_posix(), rules)
              for path in files if is_markdown(path)}
    for path in files:
        rel = path.relative_to(folder)
        if is_markdown(path):
            place = owners[path.with_suffix("")]
            site.posts += site.markdown(
                path, place.target(path.suffix, path.with_suffix("").is_dir()), extra,
                partial(hexo_text, source=path, rel=rel.as_posix(), place=place, site=site,
                        rules=rules, draft=bool(extra.get("draft"))))
            continue
        owner = next((parent for parent in path.parents if parent in owners), None)
        if owner is not None:  # in an asset folder: into the bundle
            inner = path.relative_to(owner).as_posix()
            site.copy(path, f"content/posts/{owners[owner].stem}/{inner}")
        else:
            site.copy(path, f"content/posts/{rel.as_posix()}")


# YAML 1.1's words for true and false, which the build reads as flags (PyYAML) and js-yaml, Hexo's
# YAML 1.2 reader, as words: `published: no` is the string "no" to Hexo
_YAML11_WORDS = re.compile(r"yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF")


def hexo_publishes(data: dict, written: str | None) -> bool:
    """Whether Hexo published a post of _posts with this front matter (`written`: its
    `published` value as written). Hexo's database casts `published` to a boolean: none or
    null is its default, true; the strings "false" and "0" are false; anything else is
    JavaScript's truth (0 and "" false, any other word or number true). So `published: no`
    (a word to js-yaml) was published, `published: 0` held back."""
    value = data.get("published")
    if value is None:
        return True
    if isinstance(value, bool):
        return True if written is not None and _YAML11_WORDS.fullmatch(written) else value
    if isinstance(value, str):
        return value not in ("false", "0", "")
    if isinstance(value, (int, float)):
        return value != 0 and value == value  # (NaN is false too)
    return True


def hexo_text(text: str, source: Path, rel: str, place: Placed, site: Site,
              rules: Rules, draft: bool = False) -> str:
    """A post's text, with front matter lines where the build would read it otherwise than
    Hexo: a post of _posts (not a `draft`) that Hexo published loses the lines that would
    hold it back here (`draft: true`, which Hexo does not read, `published: no`, a word to
    it: see `kept_published`), and one it held back says so as the build reads it
    (`published: 0` becomes `published: false`: see `held_back`); its
    language as a blogforge code (see `placed_language`); a file named
    `DATE-NAME.md` is read like Jekyll's, so its `tags: machine learning` (one tag in Hexo)
    becomes `["machine learning"]`; where the URL the build would give it is not Hexo's (a
    date in Hexo's :title, the capitals of a :category, a :lang the language folders do not
    give), a `permalink` says Hexo's. Front matter Hexo read without an opening `---` is
    first written where the build reads it (`front_matter_as_read`)."""
    text, moved = front_matter_as_read(text, source, site)
    _note_locked(text, source, site, moved)
    noted = _noted_lines(site)
    text = _hexo_text(text, source, rel, place, site, rules, draft, moved)
    _as_source_lines(site, source, noted, moved)
    return text


def _note_locked(text: str, source: Path, site: Site, moved: int) -> None:
    """A post hexo-blog-encrypt locked (`password:`) is said at its line: the build holds it
    back, as it cannot encrypt it (its text would be published in the clear)."""
    try:
        split = split_front_matter(text.replace("\r\n", "\n"))
    except FrontMatterError:
        return
    if asks_for_password(split.data.get("password")):
        site.note_once(source, max(split.lines.get("password", 1) - moved, 1),
                       PASSWORD_HELD_BACK)


def front_matter_as_read(text: str, source: Path, site: Site) -> tuple[str, int]:
    """A post's text with the front matter Hexo read in it written between `---` lines, where
    the build reads it (hexo_front_matter.py: old scaffolds wrote none above it), and how many
    lines its body moved down by; front matter Hexo could not read is reported, the text left
    as it is. (Read now, its `series` is made one name as `Site.markdown` does.)"""
    try:
        readable = readable_front_matter(text)
    except FrontMatterError as exc:  # (lines Hexo took for front matter, which are none)
        site.note_once(source, exc.line, f"{exc}: left as written")
        return text, 0
    if readable is None:
        return text, 0
    return site.one_series(source, readable.text), readable.moved


def _with_targets(text: str, source: Path, site: Site, rules: Rules, moved: int) -> str:
    """The text with its link targets with spaces written `<…>` where marked 0.3 read them
    (link_targets.py); as it is with a later marked, which read them as text."""
    return noted_targets(text, source, site, f"marked 0.3 ({rules.spaced_targets})", moved) \
        if rules.spaced_targets else text


def _noted_lines(site: Site) -> list[set[tuple[str, int]]]:
    """The places each list of lines of the report holds now (see `_as_source_lines`)."""
    return [set(lines) for lines in (site.kept_published, site.held_back,
                                     site.readable_drafts, site.unlisted)]


def _as_source_lines(site: Site, source: Path, before: list[set[tuple[str, int]]],
                     moved: int) -> None:
    """The lines of `source` noted since `before` named as the source has them, where its
    text was written `moved` lines further down (front matter given its `---`)."""
    if not moved:
        return
    rel = source.relative_to(site.src).as_posix()
    for lines, known in zip((site.kept_published, site.held_back, site.readable_drafts,
                             site.unlisted), before, strict=True):
        for place in [place for place in lines if place[0] == rel and place not in known]:
            lines[(rel, max(place[1] - moved, 1))] = lines.pop(place)


def _hexo_text(text: str, source: Path, rel: str, place: Placed, site: Site,
               rules: Rules, draft: bool, moved: int) -> str:
    if rules.plain_formulas:
        text = formulas_as_tex(text, source, site, moved)
    text = _with_targets(text, source, site, rules, moved)
    text = linked_posts(text, rules.moved)
    data = front_matter(text)
    if not draft:  # (a post of _posts: without `published`, Hexo published it)
        text = kept_published(text, source, site, True) if hexo_publishes(
            data, written_value(text, "published")) else held_back(text, source, site)
        text = unlisted_lines(text, source, site, rules.hiding)
    else:  # (Hexo reads no draft's `published`: it shows a draft with `render_drafts`)
        text = readable_draft(text, source, site, True)
    data = front_matter(text)
    text, hexo_lang, code = placed_language(text, data, place, rules)
    if data.get("permalink"):
        return text  # (the build gives it that URL, as Hexo did)
    if _DATE_NAME.match(PurePosixPath(rel).stem):
        text = set_keys(text, {key: [data[key]] for key in ("tags", "categories")
                               if isinstance(data.get(key), str) and " " in data[key].strip()})
    # (read as the build will: in the language its front matter or its new file name says)
    probe = set_keys(text, {"lang": code}) if code else text
    post = as_built(source, PurePosixPath("posts", place.stem + source.suffix), site.src,
                    rules.options, probe)
    if post is None:
        return text  # (the build says what is wrong with it)
    old = hexo_path(post, rel, rules, hexo_lang)
    if "#" in old or "?" in old:
        # (`C# 入门.md` was at Hexo's `/2024/01/02/C# 入门/`, which a browser reads up to the
        # `#`: no link reached it; blogforge's links cannot hold it either)
        site.note_once(source, None, f"Hexo published this post at /{old}, whose `#` or `?` "
                       "ends a URL's path (no link reached it): it is at "
                       f"/{rules.languages.prefix(post.lang)}{post.path} now")
        return text
    return with_old_url(text, post, old, rules.languages.prefix(post.lang))


def placed_language(text: str, data: dict, place: Placed,
                    rules: Rules) -> tuple[str, str | None, str | None]:
    """The text with its language written as the build reads it; Hexo's value of the post's
    :lang and its blogforge code. Hexo takes the language from the path when new_post_name
    puts it there, else from `lang`: its value (`zh-CN`) becomes the code (`zh`), and a post
    of the default language whose path alone said so is told (its new name does not, and a
    bilingual site would guess)."""
    written = data.get("lang") or data.get("language")
    hexo_lang = place.lang or (str(data["lang"]) if data.get("lang") else None) \
        or rules.languages.fallback
    code = language_code(place.lang or written)
    if code is None:
        return text, hexo_lang, None
    if rules.declared:
        rules.declared.setdefault(code, {})
    if written != code and (written or (place.lang and place.suffix is None)):
        text = set_keys(text, {"lang": code})
    return text, hexo_lang, code


def hexo_path(post: Post, rel: str, rules: Rules, lang: str | None) -> str:
    """The site path Hexo gave the post: :title is the file's path below _posts without the
    parts new_post_name puts in (`2020-01-02-foo` under `:title.md`, `foo` under
    `:year-:month-:day-:title.md`); :category is the post's last category with its capitals
    (unless filename_case says otherwise); :lang is Hexo's `lang`, as written (`zh-CN`)."""
    title = hexo_title(rel, rules.new_post_name)
    folders, _, name = title.rpartition("/")
    paths = post.categories
    category = "/".join(category_slug(part, rules) for part in paths[-1]) if paths else \
        category_slug(rules.default_category, rules)
    pattern = re.sub(r":category(?![a-z_])", lambda _: category, rules.pattern)
    pattern = pattern.replace(_ABBRLINK, abbrlink(post))
    fields = PostFields(post.date, name, post.title, None, post.categories,
                        ("posts", *filter(None, folders.split("/"))), lang or "")
    # (Hexo's :title and :name are the file's path and name as written, spaces and all:
    # `C++/C++ Primer.md` was at /2022/10/10/C++/C++ Primer/)
    return expand(pattern, fields, as_written=("path", "name"))


def abbrlink(post: Post) -> str:
    """The post's `abbrlink` (hexo-abbrlink's hash, written into the post by `hexo generate`),
    else :path, as site.yaml has it for posts without one."""
    value = post.params.get("abbrlink")
    return str(value).strip("/ ") if isinstance(value, (str, int)) and str(value).strip("/ ") \
        else ":path"


def hexo_title(rel: str, new_post_name: str) -> str:
    """Hexo's :title of the file `rel` (below _posts): what new_post_name's :title matched in
    its path without extension, or that whole path when it does not fit."""
    stem = PurePosixPath(rel).with_suffix("").as_posix()
    match = name_match(stem, new_post_name)
    return match.group("title") if match and "title" in match.groupdict() else stem


def name_match(stem: str, new_post_name: str) -> re.Match[str] | None:
    """new_post_name's placeholders in a path below _posts without extension."""
    try:
        return re.fullmatch(name_regex(PurePosixPath(new_post_name).with_suffix("").as_posix()),
                            stem)
    except re.error:  # (a placeholder twice)
        return None


def name_regex(rule: str) -> str:
    """`:year-:month-:day-:title` as a regex with a group per placeholder."""
    def group(match: re.Match[str]) -> str:
        return f"(?P<{match.group(1)}>{_NAME_PARTS.get(match.group(1), '.+?')})"

    return re.sub(r":(\w+)", group, re.escape(rule))


def category_slug(name: str, rules: Rules) -> str:
    """A category's URL segment in Hexo: its category_map value, or its name with its
    capitals (filename_case 1 lowers them, 2 raises them)."""
    slug = slugify(str(rules.category_map.get(name, name)), keep_case=True)
    return slug.lower() if rules.filename_case == 1 else \
        slug.upper() if rules.filename_case == 2 else slug


def permalink(site: Site, pattern: str, line: int | None) -> str:
    """Hexo's permalink in blogforge's placeholders; hexo-abbrlink's `:abbrlink` is kept (each
    post's URL has its own `abbrlink`: see `hexo_path`), and is `:path` in site.yaml
    (`site_permalink`)."""
    def token(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in _TOKENS:
            return ":" + _TOKENS[name]
        if name == "abbrlink":
            site.note("_config.yml", line, "permalink placeholder `:abbrlink` (hexo-abbrlink): "
                      "each post with an `abbrlink` keeps its URL through a `permalink` line; "
                      "site.yaml has :path (the file name) in its place, for new posts")
            return _ABBRLINK
        site.note("_config.yml", line, f"permalink placeholder `:{name}` has no blogforge "
                  "equivalent: replaced by :path (the file name)")
        return ":path"

    pattern = re.sub(r":([a-z_]+)", token, pattern)
    return "/" + pattern.lstrip("/")


def site_permalink(pattern: str) -> str:
    """The pattern as site.yaml has it: `:abbrlink`, which no post's file says, is :path."""
    return pattern.replace(_ABBRLINK, ":path")

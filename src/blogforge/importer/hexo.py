"""Hexo: `_config.yml`, `source/_posts` (asset folders become bundles), `source/_drafts`,
pages and static files under `source/`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

from blogforge.content.loader import LoadOptions, load_post
from blogforge.content.permalinks import PostFields, expand
from blogforge.diagnostics import Diagnostics
from blogforge.importer import (
    ImportFailure,
    Site,
    base_url,
    front_matter,
    is_markdown,
    language_code,
    read_yaml,
    set_keys,
    timezone,
    walk,
    with_front_matter,
)
from blogforge.model import Post
from blogforge.urls import slugify

# Keys that describe Hexo's own machinery and mean nothing to a blogforge site.
_HARMLESS = {
    "source_dir", "public_dir", "tag_dir", "archive_dir", "category_dir", "code_dir",
    "i18n_dir", "skip_render", "new_post_name", "default_layout", "titlecase",
    "external_link", "filename_case", "render_drafts", "post_asset_folder", "relative_link",
    "future", "syntax_highlighter", "default_category", "category_map", "tag_map",
    "date_format", "time_format", "updated_option", "pagination_dir", "index_generator",
    "meta_generator", "keywords", "include", "exclude", "ignore", "permalink_defaults",
    "pretty_urls", "subtitle",
}
_HINTS = {
    "theme": "blogforge has one theme of its own (override its templates in templates/)",
    "deploy": "`blogforge deploy` publishes to GitHub Pages",
    "highlight": "code is highlighted by Pygments at build time (site.yaml `highlight`)",
    "prismjs": "code is highlighted by Pygments at build time (site.yaml `highlight`)",
    "feed": "Atom feeds are built in (site.yaml `feeds`)",
    "sitemap": "sitemaps are built in",
    "search": "search is built in",
    "mathjax": "math is rendered at build time by KaTeX (site.yaml `math`)",
    "katex": "math is rendered at build time by KaTeX (site.yaml `math`)",
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
           "i_day": "i_day", "hour": "hour", "minute": "minute", "second": "second"}


# What new_post_name's placeholders match in a file name (Hexo's own segments).
_NAME_PARTS = {"year": r"\d{4}", "month": r"\d{2}", "day": r"\d{2}", "i_month": r"\d{1,2}",
               "i_day": r"\d{1,2}"}
# A file name the build reads as Jekyll's `DATE-NAME` (tags split at spaces, no date in :title).
_DATE_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-.")


@dataclass(frozen=True)
class Rules:
    """How Hexo made a post's URL, from _config.yml."""

    pattern: str  # the permalink, in blogforge's placeholders
    new_post_name: str  # what the file names say, e.g. `:year-:month-:day-:title.md`
    filename_case: int  # 0 as written, 1 lower case, 2 upper case (for categories)
    default_category: str
    category_map: dict
    options: LoadOptions  # how the build will read the post


def check(src: Path) -> None:
    if not (src / "_config.yml").is_file():
        raise ImportFailure(f"{src} has no _config.yml: not a Hexo site")


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
    lang = language_code(config.get("language"))
    site.set("default_language", lang, origin("language"))
    timezone(site, config.get("timezone"), origin("timezone"))
    if isinstance(config.get("per_page"), int) and config["per_page"] > 0:
        site.set("paginate", config["per_page"], origin("per_page"))
    pattern = permalink(site, str(config.get("permalink") or ":year/:month/:day/:title/"),
                        lines.get("permalink"))
    site.set("permalink", pattern,
             origin("permalink") if "permalink" in config else "Hexo's default permalink")
    rules = hexo_rules(config, pattern, lang)
    for key, line in lines.items():
        if key in _HINTS:
            site.note(config_path, line, f"`{key}` not imported: {_HINTS[key]}")
        elif key not in _HARMLESS and key not in ("title", "description", "author", "url",
                                                  "root", "language", "timezone", "per_page",
                                                  "permalink"):
            site.note(config_path, line, f"`{key}` not imported (no blogforge equivalent)")
    theme = config.get("theme")
    for extra in [site.src / f"_config.{theme}.yml", site.src / "themes" / str(theme)]:
        if theme and extra.exists():
            site.note(extra, None, "theme settings not imported: blogforge has its own theme")

    source = site.src / str(config.get("source_dir") or "source")
    posts(site, source / "_posts", {}, rules)
    posts(site, source / "_drafts", {"draft": True}, rules)
    for path in walk(source, frozenset({"_posts", "_drafts"})):
        rel = path.relative_to(source)
        if any(part.startswith("_") for part in rel.parts):
            continue
        if is_markdown(path):
            if rel.as_posix() in ("index.md", "index.markdown"):
                site.note(path, None, "not imported: blogforge makes the home page itself")
                continue
            site.markdown(path, f"content/{rel.as_posix()}")
            site.pages += 1
        else:
            site.copy(path, f"static/{rel.as_posix()}")
    if (site.src / "scaffolds").is_dir():
        site.note(site.src / "scaffolds", None, "not imported: post templates of `hexo new` "
                  "(`blogforge new post` makes posts)")
    package = site.src / "package.json"
    if package.is_file():
        for number, text in enumerate(package.read_text(errors="replace").splitlines(), 1):
            plugin = re.search(r'"(hexo-[\w-]+)"\s*:', text)
            if plugin and plugin.group(1) not in _BUILT_IN:
                site.note(package, number, f"plugin `{plugin.group(1)}` not imported")


def hexo_rules(config: dict, pattern: str, lang: str | None) -> Rules:
    case = config.get("filename_case")
    zone = config.get("timezone")
    try:
        zone_info = ZoneInfo(zone) if isinstance(zone, str) and zone else ZoneInfo("UTC")
    except (ValueError, LookupError):
        zone_info = ZoneInfo("UTC")  # (reported with the config)
    mapping = config.get("category_map")
    return Rules(pattern, str(config.get("new_post_name") or ":title.md"),
                 case if case in (1, 2) else 0,
                 str(config.get("default_category") or "uncategorized"),
                 mapping if isinstance(mapping, dict) else {},
                 LoadOptions(lang or "", frozenset(), zone_info, {"": pattern}))


def posts(site: Site, folder: Path, extra: dict[str, object], rules: Rules) -> None:
    """Posts keep their place below _posts; `name.md` with an asset folder `name/` becomes the
    bundle `name/index.md` with its files. Where the build would read a post otherwise than
    Hexo did, its front matter says what Hexo read (see `hexo_text`)."""
    if not folder.is_dir():
        return
    files = walk(folder)
    owners = {path.with_suffix(""): path for path in files if is_markdown(path)}
    for path in files:
        rel = path.relative_to(folder)
        if is_markdown(path):
            bundle = path.with_suffix("")
            target = (f"content/posts/{rel.with_suffix('').as_posix()}/index.md"
                      if bundle.is_dir() else f"content/posts/{rel.as_posix()}")
            site.markdown(path, target, extra, partial(hexo_text, source=path,
                                                       rel=rel.as_posix(), site=site,
                                                       rules=rules))
            site.posts += 1
            continue
        owner = next((parent for parent in path.parents if parent in owners), None)
        if owner is not None:  # in an asset folder: into the bundle
            inner = path.relative_to(owner).as_posix()
            owner_rel = owner.relative_to(folder).as_posix()
            site.copy(path, f"content/posts/{owner_rel}/{inner}")
        else:
            site.copy(path, f"content/posts/{rel.as_posix()}")


def hexo_text(text: str, source: Path, rel: str, site: Site, rules: Rules) -> str:
    """A post's text, with front matter lines where the build would read it otherwise than
    Hexo: a file named `DATE-NAME.md` is read like Jekyll's, so its `tags: machine learning`
    (one tag in Hexo) becomes `["machine learning"]`; where the URL the build would give it is
    not Hexo's (a date in Hexo's :title, the capitals of a :category), a `permalink` says
    Hexo's."""
    data = front_matter(text)
    if data.get("permalink"):
        return text  # (the build gives it that URL, as Hexo did)
    if _DATE_NAME.match(PurePosixPath(rel).stem):
        text = set_keys(text, {key: [data[key]] for key in ("tags", "categories")
                               if isinstance(data.get(key), str) and " " in data[key].strip()})
    post = load_post(source, PurePosixPath("posts", rel), site.src, rules.options,
                     Diagnostics(), raw=text.encode("utf-8"))
    if post is None:
        return text  # (the build says what is wrong with it)
    hexo = hexo_path(post, rel, rules)
    return text if hexo == post.path else with_front_matter(text, {"permalink": "/" + hexo})


def hexo_path(post: Post, rel: str, rules: Rules) -> str:
    """The site path Hexo gave the post: :title is the file's path below _posts without the
    parts new_post_name puts in (`2020-01-02-foo` under `:title.md`, `foo` under
    `:year-:month-:day-:title.md`); :category is the post's last category with its capitals
    (unless filename_case says otherwise)."""
    title = hexo_title(rel, rules.new_post_name)
    folders, _, name = title.rpartition("/")
    paths = post.categories
    category = "/".join(category_slug(part, rules) for part in paths[-1]) if paths else \
        category_slug(rules.default_category, rules)
    pattern = re.sub(r":category(?![a-z_])", lambda _: category, rules.pattern)
    return expand(pattern, PostFields(post.date, name, post.title, None, post.categories,
                                      ("posts", *filter(None, folders.split("/"))), post.lang))


def hexo_title(rel: str, new_post_name: str) -> str:
    """Hexo's :title of the file `rel` (below _posts): what new_post_name's :title matched in
    its path without extension, or that whole path when it does not fit."""
    stem = PurePosixPath(rel).with_suffix("").as_posix()
    try:
        match = re.fullmatch(name_regex(PurePosixPath(new_post_name).with_suffix("").as_posix()),
                             stem)
    except re.error:  # (a placeholder twice)
        match = None
    return match.group("title") if match and "title" in match.groupdict() else stem


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
    def token(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in _TOKENS:
            return ":" + _TOKENS[name]
        site.note("_config.yml", line, f"permalink placeholder `:{name}` has no blogforge "
                  "equivalent: replaced by :path (the file name)")
        return ":path"

    pattern = re.sub(r":([a-z_]+)", token, pattern)
    return "/" + pattern.lstrip("/")

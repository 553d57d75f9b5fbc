"""Hexo: `_config.yml`, `source/_posts` (asset folders become bundles), `source/_drafts`,
pages and static files under `source/`."""

from __future__ import annotations

import re
from pathlib import Path

from blogforge.importer import (
    ImportFailure,
    Site,
    base_url,
    is_markdown,
    language_code,
    read_yaml,
    timezone,
    walk,
)

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
    site.set("permalink", permalink(site, str(config.get("permalink") or
                                               ":year/:month/:day/:title/"),
                                    lines.get("permalink")),
             origin("permalink") if "permalink" in config else "Hexo's default permalink")
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
    posts(site, source / "_posts", {})
    posts(site, source / "_drafts", {"draft": True})
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


def posts(site: Site, folder: Path, extra: dict[str, object]) -> None:
    """Posts keep their place below _posts; `name.md` with an asset folder `name/` becomes the
    bundle `name/index.md` with its files."""
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
            site.markdown(path, target, extra)
            site.posts += 1
            continue
        owner = next((parent for parent in path.parents if parent in owners), None)
        if owner is not None:  # in an asset folder: into the bundle
            inner = path.relative_to(owner).as_posix()
            owner_rel = owner.relative_to(folder).as_posix()
            site.copy(path, f"content/posts/{owner_rel}/{inner}")
        else:
            site.copy(path, f"content/posts/{rel.as_posix()}")


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

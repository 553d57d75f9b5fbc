"""Hugo: `hugo.toml` (or config.toml / hugo.yaml / config.yaml), `content/` sections and page
bundles, `static/`."""

from __future__ import annotations

import re
import tomllib
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

CONFIG_NAMES = ("hugo.toml", "hugo.yaml", "hugo.yml", "config.toml", "config.yaml",
                "config.yml")
_MAPPED = {"title", "baseurl", "languagecode", "defaultcontentlanguage", "timezone",
           "paginate", "pagination", "permalinks", "author", "params"}
_HARMLESS = {"markup", "enablerobotstxt", "enableemoji", "buildfuture", "builddrafts",
             "disablekinds", "summarylength", "outputs", "outputformats", "mediatypes",
             "minify", "caches", "imaging", "security", "module", "enablegitinfo", "sitemap",
             "rsslimit", "relativeurls", "canonifyurls", "uglyurls", "pygmentsusestyles",
             "pygmentscodefences", "hasCJKLanguage".lower(), "googleanalytics", "copyright"}
# Hugo permalink placeholders -> blogforge's.
_TOKENS = {"year": "year", "month": "month", "day": "day", "monthname": "monthname",
           "title": "post_title", "slug": "slug_or_title", "filename": "name",
           "contentbasename": "name", "slugorfilename": "title",
           "slugorcontentbasename": "title"}


def check(src: Path) -> None:
    if not any((src / name).is_file() for name in CONFIG_NAMES):
        raise ImportFailure(f"{src} has no hugo.toml or config.toml: not a Hugo site")


def run(site: Site) -> None:
    path = next(site.src / name for name in CONFIG_NAMES if (site.src / name).is_file())
    config, lines = read(site, path)
    low = {str(k).lower(): v for k, v in config.items()}
    name = path.name

    def origin(key: str) -> str:
        found = next((k for k in lines if k.lower() == key), None)
        return f"{name}:{lines[found]} ({found})" if found else f"{name}"

    params = low.get("params") if isinstance(low.get("params"), dict) else {}
    site.set("title", low.get("title"), origin("title"))
    site.set("description", params.get("description"), origin("params"))
    author = low.get("author") or params.get("author")
    site.set("author", author.get("name") if isinstance(author, dict) else author,
             origin("author" if low.get("author") else "params"))
    site.set("base_url", base_url(low.get("baseurl")), origin("baseurl"))
    lang = language_code(low.get("defaultcontentlanguage") or low.get("languagecode"))
    site.set("default_language", lang, origin("defaultcontentlanguage"
                                             if "defaultcontentlanguage" in low
                                             else "languagecode"))
    timezone(site, low.get("timezone"), origin("timezone"))
    pagination = low.get("pagination")
    per_page = pagination.get("pagerSize") if isinstance(pagination, dict) else None
    per_page = per_page or low.get("paginate")
    if isinstance(per_page, int) and per_page > 0:
        site.set("paginate", per_page, origin("pagination" if pagination else "paginate"))

    content = site.src / "content"
    sections = sorted(p.name for p in content.iterdir() if p.is_dir() and not
                      (p / "index.md").is_file()) if content.is_dir() else []
    site.set("permalink", permalink(site, low.get("permalinks"), sections, path,
                                    lines.get(next((k for k in lines
                                                    if k.lower() == "permalinks"), ""))),
             origin("permalinks") if low.get("permalinks") else "Hugo's default URLs")
    for key, line in lines.items():
        if key.lower() == "theme":
            site.note(path, line, "`theme` not imported: blogforge has its own theme "
                      "(override its templates in templates/)")
        elif key.lower() in ("menu", "menus", "languages"):
            site.note(path, line, f"`{key}` not imported: write it under `languages:` in "
                      "site.yaml")
        elif key.lower() not in _MAPPED and key.lower() not in _HARMLESS:
            site.note(path, line, f"`{key}` not imported (no blogforge equivalent)")
    for folder in ("layouts", "themes", "assets", "data", "i18n", "archetypes"):
        if (site.src / folder).is_dir():
            site.note(site.src / folder, None, "not imported: Hugo templates and their data")

    for file in walk(content) if content.is_dir() else []:
        rel = file.relative_to(content)
        if file.name.startswith("_index."):
            site.note(file, None, "not imported: a list page's text (blogforge makes the "
                      "lists itself)")
            continue
        # a section's pages are posts, in a folder named after it; the rest are pages
        post = rel.parts[0] in sections
        target = f"content/posts/{rel.as_posix()}" if post else f"content/{rel.as_posix()}"
        if is_markdown(file):
            site.markdown(file, target)
            site.posts += post
            site.pages += not post
        else:
            site.copy(file, target)
    static = site.src / "static"
    for file in walk(static) if static.is_dir() else []:
        site.copy(file, f"static/{file.relative_to(static).as_posix()}")


def read(site: Site, path: Path) -> tuple[dict, dict[str, int]]:
    if path.suffix != ".toml":
        return read_yaml(site, path)
    text = path.read_text(encoding="utf-8-sig")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        site.note(path, None, f"broken TOML, not imported: {exc}")
        return {}, {}
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = re.match(r"\s*\[?\[?\s*([A-Za-z_]\w*)\s*[=\].]", line)
        if match and match.group(1) in data and match.group(1) not in lines:
            lines[match.group(1)] = number
    return data, lines


def permalink(site: Site, permalinks: object, sections: list[str], path: Path,
              line: int | None) -> str:
    """Hugo's URL for the posts: `/SECTION/PATH/` by default (sections are imported as
    folders under content/posts/, so that is blogforge's `:path`)."""
    if not isinstance(permalinks, dict) or not permalinks:
        return "/:path/"
    flat = {k: v for k, v in permalinks.items() if isinstance(v, str)}
    if isinstance(permalinks.get("page"), dict):  # Hugo 0.117+: [permalinks.page]
        flat.update({k: v for k, v in permalinks["page"].items() if isinstance(v, str)})
    main = next((s for s in sections if s in flat), None)
    if main is None:
        return "/:path/"
    for other in sections:
        if other != main:
            site.note(path, line, f"section `{other}` has its own URLs in Hugo; blogforge uses "
                      f"the pattern of `{main}` for every post")

    def token(match: re.Match[str]) -> str:
        word = match.group(1)
        if word in ("section", "sections"):
            return main
        if word in _TOKENS:
            return ":" + _TOKENS[word]
        site.note(path, line, f"permalink placeholder `:{word}` has no blogforge equivalent: "
                  "replaced by the file name")
        return ":name"

    return "/" + re.sub(r":([a-z]+)", token, flat[main]).lstrip("/")

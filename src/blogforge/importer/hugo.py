"""Hugo: `hugo.toml` (or config.toml / hugo.yaml / hugo.json…, or a `config/` folder),
`content/` sections and page bundles, `static/`."""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath

from blogforge.content.frontmatter import KEYS, FrontMatterError, split_front_matter
from blogforge.content.loader import LoadOptions, site_language
from blogforge.content.permalinks import PostFields, as_site_path, expand, patterns
from blogforge.importer import (
    ImportFailure,
    PostFile,
    Site,
    as_built,
    base_url,
    formulas_as_tex,
    front_matter,
    is_markdown,
    language_code,
    load_options,
    looks_like,
    outside_code_fences,
    read_markdown,
    read_yaml,
    renamed_keys,
    same_bytes,
    set_keys,
    timezone,
    toml_table_lines,
    walk,
    with_front_matter,
    with_language,
    with_plain_dates,
    write_posts,
    yaml_block_lines,
)
from blogforge.importer.folders import folder_inside
from blogforge.importer.heading_anchors import with_linked_heading_ids
from blogforge.importer.hugo_json import BrokenJson, as_yaml, json_front_matter
from blogforge.importer.hugo_menus import (
    TERM_LISTS,
    Pages,
    front_matter_menus,
    main_menus,
    menu_items,
    merged,
    page_entries,
    toml_key_lines,
)
from blogforge.importer.hugo_publishing import Publishing, as_hugo_published
from blogforge.importer.pages import import_page, page_as_built
from blogforge.language_codes import base_language, split_language_suffix
from blogforge.languages import builtin_name_and_locale, language_folder
from blogforge.model import Post
from blogforge.sections import section_path
from blogforge.urls import split_url
from blogforge.yamlfile import YamlSyntaxError, parse_yaml

CONFIG_NAMES = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml",
                "config.yml", "config.json")
# Hugo's config folder: each file is a root-level table (`params.toml` holds `[params]`,
# `params.en.toml` the `en` language's), a `hugo.toml` in it the root itself. `_default` is read
# by every build, `production` by `hugo` itself, the build that made the published site.
CONFIG_FOLDERS = ("config/_default", "config/production")
_CONFIG_SUFFIXES = (".toml", ".yaml", ".yml", ".json")
_MAPPED = {"title", "baseurl", "languagecode", "defaultcontentlanguage", "timezone",
           "paginate", "pagination", "permalinks", "author", "params", "languages",
           "contentdir", "defaultcontentlanguageinsubdir", "menu", "menus", "cascade"}
# What a language's table says that the import uses (where its content is, its order, its
# name, title, locale, post URLs and menus: site.yaml's `languages:`; each menu entry is
# reported on its own, a languageCode or permalink that cannot be carried too).
_LANGUAGE_KEYS = {"contentdir", "weight", "title", "languagename", "languagecode", "menu",
                  "menus", "permalinks"}
# A language's params the import uses: its description (the default language's also its
# author, the site's).
_LANGUAGE_PARAMS = {"description"}
# Keys of Hugo's own build machinery, which change neither what the published site shows nor
# where: left out silently. Any other key the import does not carry is reported (with a word
# of what blogforge does instead, `_HINTS`), so that the writer sees every setting left.
_HARMLESS = {"minify", "caches", "imaging", "security", "relativeurls", "canonifyurls",
             "timeout", "cachedir", "resourcedir", "publishdir", "destination", "workingdir",
             "ignorefiles", "ignorelogs", "printi18nwarnings", "printpathwarnings",
             "printunusedtemplates", "enableinlineshortcodes", "disablehugogeneratorinject",
             "disablepathtolower", "outputs", "outputformats", "mediatypes", "buildfuture",
             "buildexpired"}  # (the files Hugo wrote, where blogforge writes its own; what
# Hugo published: hugo_publishing.py holds back what it held back)
_HINTS = {
    "markup": "blogforge's Markdown and highlighting are its own (site.yaml `highlight`)",
    "pygmentsusestyles": "code is highlighted by Pygments at build time (site.yaml "
                         "`highlight`)",
    "pygmentscodefences": "code is highlighted by Pygments at build time (site.yaml "
                          "`highlight`)",
    "pygmentsstyle": "code is highlighted by Pygments at build time (site.yaml `highlight`)",
    "summarylength": "a post's excerpt is its text up to `<!--more-->`, else site.yaml "
                     "`excerpt_length`",
    "hascjklanguage": "blogforge counts CJK characters as words itself",
    "enablerobotstxt": "robots.txt is built in",
    "sitemap": "sitemaps are built in",
    "rsslimit": "Atom feeds are built in (site.yaml `feeds`)",
    "builddrafts": "drafts are published only by `blogforge build --drafts`",
    "uglyurls": "posts keep their URLs through site.yaml `permalink`; pages' are their own",
    "disablekinds": "blogforge makes its own list pages",
    "module": "blogforge has one theme of its own (override its templates in templates/)",
    "copyright": "the footer is the theme's (site.yaml `license` for the posts' licence)",
}
# Hugo permalink placeholders -> blogforge's.
_TOKENS = {"year": "year", "month": "month", "day": "day", "monthname": "monthname",
           "title": "post_title", "slug": "slug_or_title", "filename": "name",
           "contentbasename": "name", "slugorfilename": "title",
           "slugorcontentbasename": "title"}


def check(src: Path) -> None:
    if root_config(src) is None and not config_folder_files(src):
        raise ImportFailure(f"{src} has no hugo.toml or config.toml: not a Hugo site"
                            f"{looks_like(src, 'hugo')}")


def root_config(src: Path) -> Path | None:
    """The file of the site's root settings: `hugo.toml` (or another of `CONFIG_NAMES`) beside
    content/, else one in the config folder (`config/_default/hugo.toml`)."""
    return next((folder / name for folder in (src, src / CONFIG_FOLDERS[0])
                 for name in CONFIG_NAMES if (folder / name).is_file()), None)


def config_folder_files(src: Path) -> list[Path]:
    """The settings files of Hugo's config folder that the published site was built with."""
    return [path for folder in CONFIG_FOLDERS if (src / folder).is_dir()
            for path in sorted((src / folder).iterdir())
            if path.is_file() and path.suffix.lower() in _CONFIG_SUFFIXES]


def run(site: Site) -> None:
    config = hugo_config(site)
    low = {str(k).lower(): v for k, v in config.values.items()}
    site.keys_reason = "Hugo reads a key whatever its capitals"
    origin = config.origin
    languages = hugo_languages(site, config)
    default = next((lang for lang in languages if lang.default), None)
    # (a language's own title and params are what Hugo shows on its pages: the default
    # language's are the site's, over the root's)
    own = ("languages", default.key) if default is not None else ()
    own_table = _table(_table(low, "languages"), default.key) if default is not None else {}
    params = _table(low, "params")
    own_params = _table(own_table, "params")
    title_at = (*own, "title") if own_table.get("title") else ("title",)
    site.set("title", own_table.get("title") or low.get("title"), origin(*title_at))
    own_description = own_params.get("description")
    site.set("description", own_description or params.get("description"),
             origin(*own, "params", "description") if own_description
             else origin("params", "description"))
    author, author_at = next(
        ((value, at) for value, at in (
            (own_table.get("author"), (*own, "author")),
            (own_params.get("author"), (*own, "params", "author")),
            (low.get("author"), ("author",)), (params.get("author"), ("params", "author")))
         if value), (None, ()))
    if isinstance(author, dict):
        author = {str(k).lower(): v for k, v in author.items()}.get("name")
    site.set("author", author, origin(*author_at))
    site.set("base_url", base_url(low.get("baseurl")), origin("baseurl"))
    site.set("default_language",
             default.code if default is not None else language_code(low.get("languagecode")),
             origin("defaultcontentlanguage" if "defaultcontentlanguage" in low
                    else "languages" if languages else "languagecode"))
    if low.get("defaultcontentlanguageinsubdir") is True:
        site.set("default_language_in_subdir", True, origin("defaultcontentlanguageinsubdir"))
    timezone(site, low.get("timezone"), origin("timezone"))
    pagination = _table(low, "pagination")
    per_page = pagination.get("pagersize") or low.get("paginate")
    if isinstance(per_page, int) and per_page > 0:
        site.set("paginate", per_page, origin("pagination", "pagersize")
                 if pagination.get("pagersize") else origin("paginate"))

    site.formulas_reason = goldmark_escapes(site, config)
    content = folder_inside(site.src, str(low.get("contentdir") or "content"),
                            origin("contentdir"))
    folders = content_folders(content, languages)
    nested_content_folders(site, config, languages, content)
    sections = sorted({section for folder in folders for section in folder.sections()})
    site_pattern = permalink(site, section_patterns(low.get("permalinks")), sections,
                             *config.place("permalinks"))
    site.set("permalink", site_pattern,
             origin("permalinks") if low.get("permalinks") else "Hugo's default URLs")
    own_patterns = language_permalinks(site, config, languages, sections, site_pattern)
    hugo_feeds(site, config, sections, low.get("disablepathtolower") is not True)
    for file in config.files:
        for key, line in file.root_keys():
            if key.lower() == "theme":
                site.note(file.path, line, "`theme` not imported: blogforge has its own theme "
                          "(override its templates in templates/)")
            elif key.lower() in _HINTS:
                site.note(file.path, line, f"`{key}` not imported: {_HINTS[key.lower()]}")
            elif key.lower() not in _MAPPED and key.lower() not in _HARMLESS:
                site.note(file.path, line, f"`{key}` not imported (no blogforge equivalent)")
    for folder in ("layouts", "themes", "assets", "data", "i18n", "archetypes"):
        if (site.src / folder).is_dir():
            site.note(site.src / folder, None, "not imported: Hugo templates and their data")

    in_subdir = bool(site.settings.get("default_language_in_subdir", (False, ""))[0])
    site_languages = languages or ([Language(str(site.settings["default_language"][0]),
                                             str(site.settings["default_language"][0]), True,
                                             None)]
                                   if "default_language" in site.settings else [])
    menus = main_menus(site, config, [lang.key for lang in site_languages])
    # (pages that put themselves in the header: `menu: main` in their front matter)
    own_menus = front_matter_menus(site, folders)
    locales = language_locales(site, config, site_languages)
    declared: dict[str, dict] = {}
    if _table(low, "languages") or menus or own_menus and site_languages or locales:
        declared = declared_languages(config, site_languages)
        for code, locale in locales.items():
            declared[code]["locale"] = locale
        for code, pattern in own_patterns.items():
            declared[code]["permalink"] = pattern
        site.set("languages", declared, origin("languages") if _table(low, "languages")
                 else origin("menus") if "menus" in low else origin("menu") if menus
                 else _place(site, own_menus[0].source, own_menus[0].line, "menu")
                 if own_menus else origin("languagecode"))
        add_stated_languages(site, folders, sections, declared)
    elif (_table(low, "menu") or _table(low, "menus")) and not site_languages:
        site.note(*config.place("menu" if "menu" in low else "menus"),
                  "`menu` not imported: the site names no language (`languageCode`, "
                  "`defaultContentLanguage`) whose header it is")

    publishing = Publishing.of(low)
    disabled = low.get("disablekinds") if isinstance(low.get("disablekinds"), list) else []
    old_lists = SectionUrls(tuple(languages), in_subdir, low.get("disablepathtolower") is not True,
                            tuple(sections), site_base_path(site)) \
        if "section" not in {str(kind).lower() for kind in disabled} else None
    found = [post for content in folders
             for post in import_folder(site, content, sections, publishing, old_lists,
                                       languages)]
    if old_lists is not None:
        keep_section_urls(site, folders, old_lists)
    if low.get("cascade") is not None:
        import_config_cascade(site, low["cascade"], config.place("cascade"), sections)
    write_posts(site, found, partial(hugo_url, languages=languages, in_subdir=in_subdir,
                                     patterns=patterns(site_pattern, own_patterns),
                                     lower=low.get("disablepathtolower") is not True,
                                     site=site,
                                     names_dated=names_dated_by_hugo(low.get("frontmatter"))))
    default_code = str(site.settings.get("default_language", ("", ""))[0])
    pages = Pages(site, folders, sections, site_languages, default_code, in_subdir)
    own_entries = page_entries(own_menus, pages)
    site_url = str(site.settings.get("base_url", ("", ""))[0])
    for lang in site_languages:
        entries = merged(site, menus.get(lang.key, []), own_entries.pop(lang.code, []))
        if entries and lang.code in declared:
            items = menu_items(site, entries, lang, pages, site_url)
            if items:
                declared[lang.code]["menu"] = items
    for code, entries in own_entries.items():  # (a language Hugo's config does not list)
        if code in declared:
            items = menu_items(site, entries, Language(code, code, False, None), pages,
                               site_url)
            if items:
                declared[code]["menu"] = items
            continue
        for entry in entries:
            site.note(entry.path, entry.line, f"menu entry `{entry.label()}` not imported: "
                      "the site names no language (`languageCode`, `defaultContentLanguage`) "
                      "whose header it is")
    static = site.src / "static"
    for file in walk(static) if static.is_dir() else []:
        site.copy(file, f"static/{file.relative_to(static).as_posix()}")


def hugo_feeds(site: Site, config: HugoConfig, sections: list[str], lower: bool) -> None:
    """Where Hugo's RSS feeds went: Hugo writes one of the home page (/index.xml) and of each
    section (/notes/index.xml) unless `outputs` or `disableKinds` say otherwise; blogforge
    writes Atom feeds at other addresses, so each is reported, and section feeds are turned
    on (`feeds.per_section`) when Hugo had them, for a reader who followed one section. A
    static host cannot redirect a feed reader from the old address: subscribers are told."""
    low = {str(k).lower(): v for k, v in config.values.items()}
    disabled = {str(kind).lower() for kind in low.get("disablekinds") or []
                if isinstance(kind, str)} if isinstance(low.get("disablekinds"), list) else set()
    outputs = _table(low, "outputs")

    def has_rss(kind: str) -> bool:
        formats = {str(k).lower(): v for k, v in outputs.items()}.get(kind)
        if "rss" in disabled or kind in disabled:
            return False
        return not isinstance(formats, list) or "rss" in {str(f).lower() for f in formats}

    def own_place(kind: str) -> tuple[Path, int | None]:
        """The line that says a kind's outputs, else the root config (Hugo's default)."""
        return config.place("outputs", kind) if ("outputs", kind) in config.places \
            else (config.fallback, None)

    told = "; a feed reader following the old address must be given the new one (a static " \
           "host cannot redirect it)"
    if has_rss("home"):
        site.note(*own_place("home"), "Hugo's RSS feed /index.xml is /atom.xml "
                  "here (`feeds.rss: true` writes /rss.xml too); a tag's, /tags/NAME/index.xml, "
                  "is /tags/NAME/atom.xml with `feeds.per_tag: true`" + told)
    if sections and has_rss("section"):
        site.set("feeds", {"per_section": True}, config.origin("outputs", "section")
                 if ("outputs", "section") in config.places
                 else "Hugo's default outputs (a feed of every section)")
        first = sections[0]
        site.note(*own_place("section"), "each section's RSS feed is its "
                  f"section page's: /{hugo_path_part(first, lower)}/index.xml is "
                  f"/{section_path('posts/' + first, '')}atom.xml (`feeds.per_section`)" + told)


@dataclass(frozen=True)
class ConfigFile:
    """A file of Hugo's settings: where its table goes among the root's (`params.toml`:
    `("params",)`, `menus.zh.toml`: `("languages", "zh", "menus")`, a root config: `()`), its
    table, the line of each of its top-level keys, and of each key below them that the file
    says on a line of its own (by its path in the file, lowered: `("languages", "en",
    "languagecode")`)."""

    path: Path
    at: tuple[str, ...]
    data: dict
    lines: dict[str, int]
    key_lines: dict[tuple[str, ...], int]

    def first_line(self) -> int | None:
        return min(self.lines.values(), default=None)

    def root_keys(self) -> list[tuple[str, int | None]]:
        """The root-level keys it sets, as written, with their lines (the file's first key's,
        for a file that is one root-level table)."""
        if self.at:
            return [(self.path.stem.partition(".")[0] if len(self.at) == 1 else self.at[0],
                     self.first_line())] if self.data else []
        return [(str(key), self.lines.get(str(key))) for key in self.data]


@dataclass
class HugoConfig:
    """Hugo's settings as the published site was built with them: the root config, then the
    files of config/_default/, then those of config/production/ (what `hugo` reads), merged as
    Hugo merges them: a table key by key (whatever their capitals), any other value replaced.
    `places`: the file and line that set each key last, by its lowered path."""

    src: Path
    values: dict
    files: list[ConfigFile]
    places: dict[tuple[str, ...], tuple[Path, int | None, str]]
    fallback: Path  # the root config, else config/_default/ (where other notes point)

    def place(self, *keys: str) -> tuple[Path, int | None]:
        """The file and line of the setting at `keys` (lowered), else of its closest parent."""
        found = self._found(keys)
        return (found[0], found[1]) if found else (self.fallback, None)

    def origin(self, *keys: str) -> str:
        """Where a site.yaml value came from: `config/_default/params.toml:3 (description)`."""
        found = self._found(keys)
        if found is None:
            return self.fallback.relative_to(self.src).as_posix()
        path, line, written = found
        name = path.relative_to(self.src).as_posix()
        return f"{name}:{line} ({written})" if line else name

    def _found(self, keys: tuple[str, ...]) -> tuple[Path, int | None, str] | None:
        return next((self.places[keys[:end]] for end in range(len(keys), 0, -1)
                     if keys[:end] in self.places), None)


def hugo_config(site: Site) -> HugoConfig:
    """The site's settings, merged as Hugo merges its files (`HugoConfig`). In the config
    folder a file is the root-level table of its name (`params.toml` is `[params]`), a
    `hugo.toml` or `config.toml` the root itself, and `NAME.LANG.toml` that language's:
    `params.en.toml` and `menus.en.toml` its params and menus, any other its table
    (`languages.en.toml` is `[languages.en]`)."""
    root = root_config(site.src)
    paths = [root] if root is not None and root.parent == site.src else []
    paths += config_folder_files(site.src)
    config = HugoConfig(site.src, {}, [], {}, root or site.src / CONFIG_FOLDERS[0])
    for path in paths:
        data, lines = read(site, path)
        key_lines = nested_key_lines(path) if data else {}
        name, _, lang = path.stem.lower().partition(".")
        at: tuple[str, ...] = ()
        if name not in ("hugo", "config"):
            at = (name,)
            if lang:
                at = ("languages", lang) + (("menus",) if name in ("menu", "menus") else
                                            ("params",) if name == "params" else ())
        file = ConfigFile(path, at, data, lines, key_lines)
        config.files.append(file)
        table: dict = config.values
        for depth, key in enumerate(at):
            written = next((k for k in table if str(k).lower() == key), key)
            if not isinstance(table.get(written), dict):
                table[written] = {}
            place = (path, file.first_line(), key)
            if depth == len(at) - 1:  # (the file's table: it set that last)
                config.places[at] = place
            else:  # (`languages.zh` is where languages.zh.toml says it, not menus.zh.toml)
                config.places.setdefault(at[:depth + 1], place)
            table = table[written]
        _merge(table, data, at, file, config.places)
    return config


def _merge(into: dict, table: dict, at: tuple[str, ...], file: ConfigFile,
           places: dict[tuple[str, ...], tuple[Path, int | None, str]],
           top: tuple[int | None, str] | None = None) -> None:
    """`table` (of `file`, at the keys `at`) merged into `into`: a table key by key, whatever
    their capitals, any other value replacing the one there. Each key's place is its own line,
    else the line of the file's own key it is in."""
    for key, value in table.items():
        path = (*at, str(key).lower())
        line, written_key = top or (file.lines.get(str(key)), str(key))
        own = file.key_lines.get(path[len(file.at):]) if top else None
        if own is not None:
            line, written_key = own, f"{written_key}.{key}"
        places[path] = (file.path, line, written_key)
        written = next((k for k in into if str(k).lower() == path[-1]), key)
        if isinstance(value, dict) and isinstance(into.get(written), dict):
            _merge(into[written], value, path, file, places, (line, written_key))
            continue
        for stale in [p for p in places if len(p) > len(path) and p[:len(path)] == path]:
            del places[stale]
        if isinstance(value, dict):
            into[written] = {}
            _merge(into[written], value, path, file, places, (line, written_key))
        else:
            into[written] = value


@dataclass(frozen=True)
class Language:
    """A language of `[languages]`: Hugo's name for it (`zh-cn`, in file names and URLs),
    blogforge's code (`zh`), its own content folder if it has one."""

    key: str
    code: str
    default: bool
    content: Path | None


@dataclass(frozen=True)
class Folder:
    """A content folder: its files are in `language` (None: by their file names, the
    default language without one); it holds none of `others` (other languages' folders)."""

    root: Path
    language: Language | None
    others: tuple[Path, ...]
    suffixes: dict[str, str]  # Hugo's language in a file name -> blogforge's, where they differ

    def files(self) -> list[Path]:
        return [file for file in walk(self.root) if not self.elsewhere(file)]

    def elsewhere(self, path: Path) -> bool:
        return any(other == path or other in path.parents for other in self.others)

    def sections(self) -> list[str]:
        """Its folders that are sections (a folder with index.md is a page of its own)."""
        if not self.root.is_dir():
            return []
        return [p.name for p in self.root.iterdir() if p.is_dir() and not p.name.startswith(".")
                and not (p / "index.md").is_file() and not self.elsewhere(p)]

    def target(self, rel: Path, post: bool) -> str:
        """Where a file goes: a section's under content/posts/, keeping its section folder;
        a page's under content/. A Markdown file's name says its language, so that
        translations in two content folders pair up (`posts/a.md`, `posts/a.en.md`)."""
        target = f"posts/{rel.as_posix()}" if post else rel.as_posix()
        if not is_markdown(rel):
            return f"content/{target}"
        stem, _, ext = target.rpartition(".")
        base, dot, key = stem.rpartition(".")
        if dot and key in self.suffixes:  # (`a.zh-cn.md`: blogforge reads `a.zh.md`)
            return f"content/{base}.{self.suffixes[key]}.{ext}"
        language = self.language
        return f"content/{target}" if language is None or language.default else \
            f"content/{with_language(target, language.code)}"


def hugo_languages(site: Site, config: HugoConfig) -> list[Language]:
    """The languages of `[languages]`, by weight; the default one is defaultContentLanguage
    (Hugo's default: en). Of each, blogforge takes its content folder: the rest is reported,
    at the file and line that set it."""
    low = {str(k).lower(): v for k, v in config.values.items()}
    table = low.get("languages")
    if not isinstance(table, dict) or not table:
        code = language_code(low.get("defaultcontentlanguage"))
        return [Language(code, code, True, None)] if code else []
    entries = {str(key).lower(): value if isinstance(value, dict) else {}
               for key, value in table.items()}
    default = str(low.get("defaultcontentlanguage") or "en").lower()
    languages = []
    for key in sorted(entries, key=lambda k: _weight(entries[k])):
        settings = {str(k).lower(): v for k, v in entries[key].items()}
        path, line = config.place("languages", key)
        code = language_code(key) or language_code(settings.get("languagecode"))
        if code is None:
            site.note(path, line, f"language `{key}` is none blogforge knows: its pages are "
                      "not imported")
            continue
        folder = settings.get("contentdir")
        languages.append(Language(key, code, key == default,
                                  folder_inside(site.src, folder,
                                                config.origin("languages", key, "contentdir"))
                                  if isinstance(folder, str) and folder else None))
        # (the default language's title and author are the site's: see `run`)
        carried = _LANGUAGE_KEYS | ({"author"} if key == default else set())
        carried_params = _LANGUAGE_PARAMS | ({"author"} if key == default else set())
        unused: dict[tuple[Path, int | None], list[str]] = {}
        for setting in entries[key]:
            low_setting = str(setting).lower()
            if low_setting == "params" and isinstance(entries[key][setting], dict):
                for param in entries[key][setting]:
                    if str(param).lower() not in carried_params:
                        where = config.place("languages", key, "params", str(param).lower())
                        unused.setdefault(where, []).append(f"params.{param}")
            elif low_setting not in carried:
                where = config.place("languages", key, low_setting)
                unused.setdefault(where, []).append(str(setting))
        for (where, at), names in unused.items():
            site.note(where, at, f"`languages.{key}`: " + ", ".join(names) + " not "
                      "imported: write them under `languages:` in site.yaml")
        if key != code and (key != default or low.get("defaultcontentlanguageinsubdir")):
            site.note(path, line, f"language `{key}` is `{code}` in blogforge: its pages move "
                      f"from /{key}/ to /{code}/")
    return languages


def declared_languages(config: HugoConfig, languages: list[Language]) -> dict[str, dict]:
    """site.yaml's `languages:`, so that the build has the languages Hugo had, default first,
    each with its own name and, but for the default language (whose are the site's), title
    and description; the menus come once the pages are written (`menu_items`)."""
    low = {str(k).lower(): v for k, v in config.values.items()}
    table = {str(k).lower(): v for k, v in _table(low, "languages").items()}
    declared: dict[str, dict] = {}
    for lang in sorted(languages, key=lambda lang: not lang.default):
        own = _table(table, lang.key)
        values = {"name": own.get("languagename")}
        if not lang.default:
            values |= {"title": own.get("title"),
                       "description": _table(own, "params").get("description")}
        declared.setdefault(lang.code, {k: str(v) for k, v in values.items()
                                        if isinstance(v, (str, int, float)) and str(v)})
    return declared


# A BCP 47 language tag as Hugo's `languageCode` holds one: language, script, region, variants
# (`zh-CN`, `zh-Hans-CN`, `en-us`, `de-CH-1996`); `_` is read as `-`, as the build reads codes.
_LANGUAGE_TAG = re.compile(r"([a-z]{2,3})(?:-([a-z]{4}))?(?:-([a-z]{2}|\d{3}))?"
                           r"((?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*)", re.I)


def language_tag(value: str) -> str | None:
    """`value` as BCP 47 writes a language tag (`en-us` → `en-US`, `zh_hans_cn` →
    `zh-Hans-CN`); None when it is none."""
    match = _LANGUAGE_TAG.fullmatch(value.strip().replace("_", "-"))
    if match is None:
        return None
    language, script, region, variants = match.groups()
    return "-".join(part for part in (language.lower(), script and script.title(),
                                      region and region.upper(), variants[1:].lower()) if part)


def language_locales(site: Site, config: HugoConfig,
                     languages: list[Language]) -> dict[str, str]:
    """Each language's `locale` (what `<html lang>` and hreflang say), by blogforge's code: its
    `languageCode` (the default language's, else the root's), where it differs from the one
    the build gives that language. One that is no language tag, or names another language,
    is reported at its line (the pages keep the build's)."""
    low = {str(k).lower(): v for k, v in config.values.items()}
    table = _table(low, "languages")
    locales = {}
    for lang in languages:
        at: tuple[str, ...] = ("languages", lang.key, "languagecode")
        written = _table(table, lang.key).get("languagecode")
        if written is None and lang.default:
            at, written = ("languagecode",), low.get("languagecode")
        if written is None or written == "":
            continue
        built = builtin_name_and_locale(lang.code)[1]
        tag = language_tag(written) if isinstance(written, str) else None
        key = ".".join(("languages", lang.key, "languageCode") if len(at) == 3
                       else ("languageCode",))
        if tag is None or base_language(tag) != base_language(lang.code):
            said = json.dumps(written, ensure_ascii=False, default=str)
            site.note(*config.place(*at), f"`{key}` {said} not imported: "
                      + ("it is no language tag (BCP 47: `en-US`, `zh-CN`)" if tag is None
                         else f"it names another language than `{lang.code}`")
                      + f", whose pages say `<html lang=\"{built}\">`")
        elif tag != built:  # (two of Hugo's languages that are one code: the first's)
            locales.setdefault(lang.code, tag)
    return locales


def add_stated_languages(site: Site, folders: list[Folder], sections: list[str],
                         declared: dict[str, dict]) -> None:
    """Add to `declared` the languages pages are in that Hugo's config does not list (a
    `lang:` in front matter, a file named `a.fr.md`), which the build would refuse once
    site.yaml lists its languages: the build reads them as it did without a list."""
    codes = frozenset(declared)
    for folder in folders:
        for file in folder.files():
            if not is_markdown(file) or file.name.startswith("_index."):
                continue
            rel = file.relative_to(folder.root)
            target = folder.target(rel, rel.parts[0] in sections)
            stated = split_language_suffix(PurePosixPath(target).name, codes)[1]
            data = front_matter(readable_front_matter(read_markdown(file) or ""))
            written = data.get("lang") or data.get("language")
            if isinstance(written, str) and written:
                stated = site_language(written, LoadOptions("", codes)) or base_language(
                    written)
            if stated and stated not in declared:
                declared[stated] = {}
                site.note(file, None, f"in `{stated}`, which Hugo's languages do not list: "
                          f"`{stated}` added under `languages:` in site.yaml")


def _weight(settings: dict) -> float:
    weight = settings.get("weight")
    # (Hugo: a language without a weight comes after those with one)
    return weight if isinstance(weight, int) and weight > 0 else float("inf")


def content_folders(content: Path, languages: list[Language]) -> list[Folder]:
    """Each language's own content folder, and the shared one (`content/`) when some language
    has none (its posts say theirs in their names, `a.en.md`). A language's folder inside
    another's (`content/en` in `content`) holds that language's files alone: the outer
    folder's files are those not in it (see `nested_content_folders`)."""
    own = [lang for lang in languages if lang.content is not None]
    suffixes = {lang.key: lang.code for lang in languages if lang.key != lang.code}
    roots = tuple(lang.content for lang in own if lang.content is not None)
    # (only the folders inside a language's are not its own: a folder around it held all of
    # its files, which were then no language's)
    folders = [Folder(lang.content, lang, tuple(r for r in roots if lang.content in r.parents),
                      suffixes) for lang in own if lang.content is not None]
    if len(own) < len(languages) or not languages:
        folders.insert(0, Folder(content, None, roots, suffixes))
    return [folder for folder in folders if folder.root.is_dir()]


def nested_content_folders(site: Site, config: HugoConfig, languages: list[Language],
                           content: Path) -> None:
    """Say, at its `contentDir` line, each language's content folder that is inside another
    language's (`content/en` in `content`), or inside the top `contentDir` (`content`) that
    the languages naming none of their own use: its files are imported in its language
    alone, not in the outer one's too. (Hugo before 0.56 refused such folders, "found
    overlapping content dirs"; later ones mount the outer folder whole, the inner one's files
    with it.)"""
    in_top = [lang for lang in languages if lang.content is None]
    for inner in languages:
        if inner.content is None:
            continue
        outers = [(f"`{outer.content.relative_to(site.src).as_posix()}`, that of "
                   f"`{outer.key}`", [outer]) for outer in languages
                  if outer.content is not None and outer.content in inner.content.parents]
        if in_top and content in inner.content.parents:
            outers.append((f"`{content.relative_to(site.src).as_posix()}`, the top "
                           "`contentDir`, that of " + ", ".join(f"`{lang.key}`" for lang in in_top)
                           + (" (which names none of its own)" if len(in_top) == 1
                              else " (which name none of their own)"), in_top))
        for outer_said, outer_languages in outers:
            site.note(*config.place("languages", inner.key, "contentdir"),
                      f"`{inner.content.relative_to(site.src).as_posix()}`, the content folder "
                      f"of `{inner.key}`, is inside {outer_said}: its files are imported as "
                      f"`{inner.code}` pages alone, not as "
                      + ", ".join(f"`{lang.code}`" for lang in outer_languages)
                      + " ones too (older Hugo refused content folders one inside the other)")


def import_folder(site: Site, folder: Folder, sections: list[str],
                  publishing: Publishing | None = None,
                  old_lists: SectionUrls | None = None,
                  languages: Sequence[Language] = ()) -> list[PostFile]:
    """A content folder's pages and other files, written now; its posts, to be written (see
    `hugo_url`). `publishing`: what Hugo published (see `as_hugo_published`); `old_lists`:
    where Hugo put the sections' pages, which an `_index.md` keeps as its `aliases`;
    `languages`: the site's, whose default one's `_index.md` cascades to its pages alone."""
    found = []
    files = folder.files()
    # (other files first: one renamed for its language is then named so by its pages)
    renamed = {file: copy_resource(site, file, folder.target(file.relative_to(folder.root),
                                                             _in_section(folder, file,
                                                                         sections)),
                                   folder.language)
               for file in files if not _is_page(file)}
    for file in filter(_is_page, files):
        rel = file.relative_to(folder.root)
        # a section's pages are posts, in a folder named after it; the rest are pages
        post = _in_section(folder, file, sections)
        target = folder.target(rel, post)
        as_read = partial(hugo_text, source=file, site=site, target=target,
                          language=folder.language.code if folder.language is not None
                          else None, names=resource_names(file, renamed),
                          publishing=publishing)
        if file.name.startswith("_index."):
            old_list = old_lists.address(rel.parent.parts, file_language(folder, file, old_lists))\
                if old_lists is not None and post else None
            # (Hugo's default language's list page is a page of that language, whose cascade
            # reaches its pages alone; a plain `_index.md` cascades to every language here)
            default = next((lang.code for lang in languages if lang.default), None)
            import_list_page(site, file, rel, target, post, as_read, old_list and (
                old_lists.written(old_list), old_lists.written(old_lists.new_address(
                    rel.parent.parts, file_language(folder, file, old_lists)))), sections,
                default if len(languages) > 1 and PurePosixPath(target).name == "_index.md"
                else None)
            continue
        if post and is_markdown(file):
            found.append(PostFile(file, PurePosixPath(target).relative_to("content"),
                                  rewrite=as_read))
        else:
            built = page_as_built(site, file, target, as_read)
            import_page(site, file, target, built.path if built else None,
                        rewrite=as_read)
    return found


def import_list_page(site: Site, file: Path, rel: Path, target: str, in_section: bool,
                     rewrite: Callable[[str], str],
                     moved: tuple[str, str] | None = None,
                     sections: Collection[str] = (), language: str | None = None) -> None:
    """A list page's text (`_index.md`): a section's is its introduction, written into the
    section's folder (`content/posts/SECTION/_index.md`, or `_index.en.md`), where the build
    reads its title, description and body for the section's page, with the URL Hugo gave that
    page among its `aliases`, as the page moved (`moved`: /notes/ and /posts/notes/); the
    home's and a taxonomy's are reported, as blogforge makes those pages
    of its own text. A `cascade:` comes over with a section's, and the home's alone into
    content/_index.md, its `_target.path` globs naming the sections' pages where they are now
    (`sections`: Hugo's, whose pages are under /posts/), and each of its tables for the pages
    of `language` alone when one is given (`_target.lang`), as Hugo's was."""
    if not is_markdown(file):
        site.note(file, None, "not imported: a list page's template text (blogforge makes "
                  "the lists itself)")
    elif len(rel.parts) == 1:
        text = read_markdown(file)
        text = rewrite(text) if text is not None else ""
        cascade = with_plain_dates(text, "cascade", front_matter(text).get("cascade"))
        if cascade is None:
            site.note(file, None, "not imported: the home page's text (blogforge makes the "
                      "home page; site.yaml's `description` says what the site is)")
            return
        site.write_text(file, target, set_keys("---\n---\n", {
            "cascade": in_language(cascade_in_sections(cascade, sections), language)},
            block=True))
        site.note(file, None, "the home page's text is not imported (blogforge makes the home "
                  f"page); its `cascade` is, into {target}")
    elif rel.parts[0].lower() in TERM_LISTS or not in_section:
        site.note(file, None, "not imported: a taxonomy's list page (blogforge makes the "
                  "tags', categories' and series' pages itself)")
    else:
        text = read_markdown(file)
        if text is None:
            site.copy(file, target)  # (the build says what is wrong with it)
            return
        text = rewrite(text)
        cascade = with_plain_dates(text, "cascade", front_matter(text).get("cascade"))
        moved_cascade = in_language(cascade_in_sections(cascade, sections), language)
        if cascade is not None and text.startswith("---"):
            # (one key a line, so that what the build says of each key names its own line: a
            # cascade on one line gave every key's message that line)
            if moved_cascade != cascade or not written_in_block(text, "cascade", cascade):
                text = set_keys(text, {"cascade": moved_cascade}, block=True)
        elif cascade is not None and text.startswith("+++"):
            # (TOML: an inline table is one line too; its tables apart, one key a line)
            if moved_cascade != cascade or _inline_in_toml(text, "cascade"):
                text = with_toml_tables(text, "cascade", moved_cascade)
        elif moved_cascade != cascade:  # (front matter the import cannot write: a hand edit)
            site.note(file, None, "`cascade`'s `_target.path` names Hugo's paths of the "
                      "sections' pages, which are under /posts/ now: write them so")
        if moved is not None:
            text = with_alias(text, front_matter(text), moved[0])
            site.note(file, None, f"the section's page {moved[0]} is {moved[1]} now: "
                      "`aliases` keeps its old URL")
        site.write_text(file, target, text)


def written_in_block(text: str, key: str, value: object) -> bool:
    """Whether the top-level `key` of `text`'s YAML front matter (`value`) is written one key
    a line already: in as many lines as `yaml_block_lines` writes it in at least, its blank
    and comment lines aside. Such a one is kept as written, with its comments."""
    lines = text.replace("\r\n", "\n").split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")),
               len(lines))
    start = next((i for i in range(1, end) if re.match(rf"{re.escape(key)}[ \t]*:", lines[i])),
                 None)
    if start is None:
        return False
    stop = start + 1
    while stop < end and lines[stop][:1] in (" ", "\t", "-"):
        stop += 1  # (the value's other lines)
    written = [line for line in lines[start:stop]
               if line.strip() and not line.lstrip().startswith("#")]
    return len(written) >= len(yaml_block_lines(key, value))


# A TOML table's header, `[name]` or `[[name]]`, and the name
_TOML_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]*?)\s*\]\]?\s*(?:#.*)?$")


def _inline_in_toml(text: str, key: str) -> bool:
    """Whether the top-level `key` of `text`'s TOML front matter is written as a value of
    its own line (`cascade = {toc = true}`), not as tables."""
    for line in text.split("\n")[1:]:
        if line.rstrip() == "+++" or _TOML_HEADER.match(line):
            return False
        if re.match(rf"{re.escape(key)}[ \t]*=", line):
            return True
    return False


def with_toml_tables(text: str, key: str, value: object) -> str:
    """`text` whose TOML front matter's top-level `key` (a value on its line, dotted keys
    or tables) is written as tables at the front matter's end (`toml_table_lines`), one key
    a line, so that what the build says of each names its own line."""
    text = set_keys(text, {key: None})
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "+++"), None)
    if end is None:
        return text
    kept: list[str] = []
    in_key = False  # (in one of the key's tables, or a table inside them)
    at_top = True  # (before the first table: dotted keys `cascade.toc = true` are the key's)
    for line in lines[1:end]:
        if (header := _TOML_HEADER.match(line)) is not None:
            at_top = False
            in_key = header.group(1).split(".")[0].strip().strip("\"'") == key
        if not in_key and not (at_top and re.match(rf"{re.escape(key)}[ \t]*\.", line)):
            kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    tables = toml_table_lines(key, value)
    return newline.join([lines[0], *kept, *(tables if kept else tables[1:]), *lines[end:]])


@dataclass(frozen=True)
class SectionUrls:
    """What says where Hugo put a section's list page: /notes/, /en/notes/, /notes/deep/."""

    languages: tuple[Language, ...]
    in_subdir: bool  # (`defaultContentLanguageInSubdir`: /zh/notes/)
    lower: bool  # (not `disablePathToLower`)
    sections: tuple[str, ...]
    # the path of the site's address (`blog/` for https://u.github.io/blog/), in front of
    # every URL Hugo wrote, so written in front of an alias (the build reads it so)
    base_path: str = ""

    def address(self, folders: tuple[str, ...], language: Language | None) -> str | None:
        """The site path of the list of the section `folders` (below the content folder) in
        `language`; None where blogforge has a list of its own at that path (Hugo's `posts`
        section was at /posts/, blogforge's list of every post), which needs no alias."""
        segments = [hugo_path_part(name, self.lower) for name in folders]
        if segments[0] == "posts" and (len(segments) == 1 or segments[1] in self.sections):
            return None
        prefix = f"{language.key}/" if language is not None and (
            not language.default or self.in_subdir) else ""
        return prefix + "".join(f"{segment}/" for segment in segments)

    def new_address(self, folders: tuple[str, ...], language: Language | None) -> str:
        """The site path of the same list in blogforge: /posts/notes/, /en/posts/notes/."""
        prefix = f"{language.code}/" if language is not None and (
            not language.default or self.in_subdir) else ""
        return section_path("/".join(("posts", *folders)), prefix)

    def written(self, path: str) -> str:
        """A site path as a URL path of the site's address: /blog/notes/."""
        return f"/{self.base_path}{path}"


def site_base_path(site: Site) -> str:
    """The path of the imported site's address (`blog/`, "" at a host's root)."""
    address = str(site.settings.get("base_url", ("", ""))[0])
    path = split_url(address).path.strip("/")
    return f"{path}/" if path else ""


def file_language(folder: Folder, file: Path, old_lists: SectionUrls) -> Language | None:
    """The language of a file of `folder`, as Hugo read it: its folder's, else its name's
    (`a.en.md`), else the default one (None on a site of one language)."""
    if folder.language is not None:
        return folder.language
    stem = file.name.rsplit(".", 1)[0]
    key = stem.rpartition(".")[2] if "." in stem else None
    return next((lang for lang in old_lists.languages if lang.key == key), None) or next(
        (lang for lang in old_lists.languages if lang.default), None)


def import_config_cascade(site: Site, cascade: object, place: tuple[Path, int | None],
                          sections: Collection[str]) -> None:
    """The config's `cascade` (Hugo's `[cascade]`, `[[cascade]]`), which Hugo gives the home
    and every page below it, as the cascade of content/_index.md, whose own front matter's
    tables come first: the nearer word wins in Hugo, and in one file the first table here."""
    target = "content/_index.md"
    moved = cascade_in_sections(cascade, sections)
    tables = moved if isinstance(moved, list) else [moved]
    home = site.dest / target
    if home.exists():  # (the home's `_index.md` came over with a cascade of its own)
        text = home.read_text(encoding="utf-8")
        own = with_plain_dates(text, "cascade", front_matter(text).get("cascade"))
        written = (own if isinstance(own, list) else [own] if own is not None else []) + tables
        home.write_text(set_keys(text, {"cascade": written}, block=True), encoding="utf-8",
                        newline="")
        site.note(*place, f"`cascade` is imported into {target}, after the home page's own "
                  "tables (which win, as in Hugo)")
        return
    site.write_text(place[0], target, set_keys("---\n---\n", {"cascade": tables}, block=True))
    site.note(*place, f"`cascade` is imported into {target}, whose cascade gives every page "
              "below it its keys, as Hugo's config gives them")


def in_language(cascade: object, language: str | None) -> object:
    """A `cascade:` each of whose tables naming no language is for `language`'s pages alone
    (`_target.lang`); as it is for None."""
    if language is None or not isinstance(cascade, (dict, list)):
        return cascade
    if isinstance(cascade, list):
        return [in_language(table, language) for table in cascade]
    key = next((key for key in ("_target", "target") if key in cascade), "_target")
    target = cascade.get(key)
    if target is None:
        target = {}
    if not isinstance(target, dict) or "lang" in target:
        return cascade  # (a broken target is said by the build, at its line)
    return {**cascade, key: {**target, "lang": language}}


def cascade_in_sections(cascade: object, sections: Collection[str]) -> object:
    """A `cascade:` with each `_target.path` (`target.path`) glob that names a section's
    pages naming them where the import puts them: `/notes/**` is `/posts/notes/**`."""
    if isinstance(cascade, list):
        return [cascade_in_sections(table, sections) for table in cascade]
    if not isinstance(cascade, dict):
        return cascade
    moved = dict(cascade)
    for key in ("_target", "target"):
        target = cascade.get(key)
        if isinstance(target, dict) and "path" in target:
            path = target["path"]
            moved[key] = {**target, "path": [_glob_in_sections(str(p), sections) for p in path]
                          if isinstance(path, list) else _glob_in_sections(str(path), sections)}
    return moved


def _glob_in_sections(glob: str, sections: Collection[str]) -> str:
    """One path glob as `cascade_in_sections` moves it; `{a,b}` around the whole, each; a
    first segment naming sections as `{a,b}` (`/{notes,lab}/**`) as each of its globs."""
    if glob.startswith("{") and glob.endswith("}") and "{" not in glob[1:-1]:
        return "{" + ",".join(_glob_in_sections(part, sections)
                              for part in glob[1:-1].split(",")) + "}"
    first, slash, rest = glob.lstrip("/").partition("/")
    named = {section.lower() for section in sections}
    if first.startswith("{") and first.endswith("}") and "{" not in first[1:-1]:
        either = first[1:-1].split(",")
        if all(name.lower() in named for name in either):
            return f"/posts/{glob.lstrip('/')}"
        if any(name.lower() in named for name in either):  # (some sections, some not)
            return "{" + ",".join(_glob_in_sections(f"/{name}{slash}{rest}", sections)
                                  for name in either) + "}"
    return f"/posts/{glob.lstrip('/')}" if first.lower() in named else glob


def with_alias(text: str, data: dict, old: str) -> str:
    """`text` with the URL path `old` among its front matter's `aliases`, after its own."""
    own = data.get("aliases")
    kept = [own] if isinstance(own, str) else own if isinstance(own, list) else []
    return set_keys(text, {"aliases": [*kept, old]})


def keep_section_urls(site: Site, folders: list[Folder], old_lists: SectionUrls) -> None:
    """A section without an `_index.md` in a language had its list page in Hugo all the same
    (/leetcode/, in each language that has a page in it): an `_index.md` holding only its
    `aliases` keeps that address leading to its new place (/posts/leetcode/); the section
    keeps its folder's name as its title, as Hugo titled it."""
    for folder in folders:
        for section in old_lists.sections:
            root = folder.root / section
            if not root.is_dir():
                continue
            pages = [file for file in folder.files() if root in file.parents
                     and is_markdown(file) and not file.name.startswith("_index.")]
            for language in sorted({file_language(folder, file, old_lists) for file in pages},
                                   key=lambda lang: lang.key if lang else ""):
                named = "_index.md" if folder.language is not None or language is None \
                    or language.default else f"_index.{language.key}.md"
                target = folder.target(Path(section, named), True)
                old = old_lists.address((section,), language)
                if old is None or (site.dest / target).exists():
                    continue
                path = site.dest / target
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(with_front_matter("", {"aliases": [old_lists.written(old)]}),
                                encoding="utf-8")
                site.files += 1
                site.note(root, None, f"the section's page {old_lists.written(old)} is "
                          f"{old_lists.written(old_lists.new_address((section,), language))} now: "
                          f"{target} keeps its old URL (`aliases`)")


def _is_page(file: Path) -> bool:
    """A page's text (or a list page's, which is reported), not a file it shows."""
    return is_markdown(file) or file.name.startswith("_index.")


def _in_section(folder: Folder, file: Path, sections: list[str]) -> bool:
    """Whether a file of `folder` is a section's (a post, or a post's file)."""
    return file.relative_to(folder.root).parts[0] in sections


def copy_resource(site: Site, file: Path, target: str, language: Language | None) -> str:
    """Copy a file of a language's content folder to `target`, or, where another language's
    folder put a different file there (each translation's bundle its own `heatmap.png`), to
    a name that says its language (`heatmap.en.png`): blogforge's translations share one
    bundle folder, whose files are published beside each. Returns the target written."""
    taken = site.dest / target
    if language is None or not taken.is_file() or same_bytes(file, taken):
        site.copy(file, target)  # (the same file twice is one copy)
        return target
    own = with_language(target, language.code)
    site.copy(file, own)
    site.note(file, None, f"copied as {own}: {target} is another language's, a different "
              f"file; the {language.code} pages beside it name the new file")
    return own


def resource_names(page: Path, renamed: dict[Path, str]) -> dict[str, str]:
    """The files below a page's folder renamed for their language (`copy_resource`), as the
    page names them (`heatmap.png`, `img/a.png`) -> as it must name them now."""
    names = {}
    for file, target in renamed.items():
        if page.parent in file.parents and PurePosixPath(target).name != file.name:
            old = PurePosixPath(file.relative_to(page.parent).as_posix())
            names[old.as_posix()] = old.with_name(PurePosixPath(target).name).as_posix()
    return names


def renamed_resources(text: str, names: dict[str, str]) -> str:
    """`text` with its relative references to the files in `names` (`![](heatmap.png)`,
    `src="./heatmap.png"`, `cover: heatmap.png`) naming their new names; fenced code, which
    shows text rather than naming a file, is left as written."""
    if not names:
        return text
    pattern = re.compile(r"(?<=[\s(\"'=<\[])(\./)?(" + "|".join(map(re.escape, names))
                         + r")(?=[\s)\"'#?>\]]|$)")
    return outside_code_fences(text, partial(
        pattern.sub, lambda m: (m.group(1) or "") + names[m.group(2)]))


def hugo_text(text: str, source: Path, site: Site, target: str = "",
              language: str | None = None, names: dict[str, str] | None = None,
              publishing: Publishing | None = None) -> str:
    """A page's text as blogforge must read it to mean what it did in Hugo: JSON front matter
    written as YAML (`readable_front_matter`), its keys as blogforge reads them, its formulas'
    Markdown escapes made plain TeX when Goldmark read them as Markdown (`goldmark_escapes`),
    its language Hugo's (`kept_language`), the files of its folder renamed for its language
    named so (`names`, see `renamed_resources`), held back where Hugo did not publish it
    (`publishing`, see `as_hugo_published`). A page whose JSON front matter Hugo could not
    read is copied as it was (and reported)."""
    try:
        front = json_front_matter(text)
    except BrokenJson as exc:
        site.note_once(source, exc.line, f"{exc}: copied as it was")
        return text
    key_lines, moved = None, 0
    if front is not None:
        text = as_yaml(front, "\r\n" if "\r\n" in text else "\n")
        # (notes name the lines of the file as Hugo's writer wrote it)
        key_lines = front.lines
        moved = front_matter_body_line(text) - front.body_line
    text = categories_as_hugo_reads(keys_as_hugo_reads(text, source, site, key_lines))
    if publishing is not None:
        text = as_hugo_published(text, source, site, publishing, load_options(site).zone,
                                 target.startswith("content/posts/"),
                                 key_lines or front_matter_lines(text))
    text = dated_as_hugo(text)
    if front is not None:  # (read as Hugo's JSON only now: `Site.markdown` found no series)
        text = site.one_series(source, text)
    text = formulas_as_tex(text, source, site, moved) if site.formulas_reason else text
    text = renamed_resources(text, names or {})
    text = rooted_pictures(text, source, site)
    text = with_linked_heading_ids(text, from_raw=False)
    return kept_language(text, site, target, language) if target else text


def rooted_pictures(text: str, source: Path, site: Site) -> str:
    """A page's text with the pictures its front matter names as Hugo's themes found them:
    PaperMod's `cover: {image: img/a.jpg}` and Hugo's own `images: [img/a.jpg]` (its sharing
    cards) name a file of the page's bundle, else one of the site's root: the themes write
    `absURL` of it, `https://u.github.io/blog/img/a.jpg`, a file of `static/`. blogforge
    finds a relative picture from the page, as its body's: such a path is written from the
    root (`/img/a.jpg`, under the base path as any link of the site is), where a file of
    `static/` has it and the page's bundle does not."""
    data = front_matter(text)
    keys = {str(key).lower(): key for key in data}
    bundle = source.parent if source.stem in ("index", "_index") else None
    changed: dict[str, object] = {}
    moves: dict[str, str] = {}  # (key -> "`img/a.jpg` → `/img/a.jpg`", for the report)
    for name in ("cover", "images"):
        key = keys.get(name)
        value = data[key] if key is not None else None
        if name == "cover" and isinstance(value, dict) and isinstance(value.get("image"), str):
            pictures = [value["image"]]
        elif name == "images" and isinstance(value, (list, str)):
            pictures = [value] if isinstance(value, str) else value
        else:
            continue
        rooted = [(_rooted(item, bundle, site) if isinstance(item, str) else None) or item
                  for item in pictures]
        if rooted == pictures:
            continue
        changed[key] = {**value, "image": rooted[0]} if isinstance(value, dict) else \
            rooted[0] if isinstance(value, str) else rooted
        moves[key] = ", ".join(f"`{old}` → `{new}`"
                               for old, new in zip(pictures, rooted, strict=True) if old != new)
    if not changed:
        return text
    lines = front_matter_lines(text)
    for key, shown in moves.items():
        site.rooted_pictures.setdefault((source.relative_to(site.src).as_posix(), str(key)),
                                        (lines.get(key, 1), shown))
    return set_keys(text, changed, block=True)


def _rooted(picture: str, bundle: Path | None, site: Site) -> str | None:
    """`/path` for a relative picture path that names a file of Hugo's `static/` and none of
    the page's bundle; None for any other (a URL, a path from the root, a bundle's file)."""
    parts = split_url(picture.strip())
    path = parts.path
    if parts.scheme or parts.netloc or not path or path.startswith("/"):
        return None
    if bundle is not None and (bundle / path).is_file():
        return None
    return "/" + picture.strip().removeprefix("./") if (site.src / "static" / path).is_file() \
        else None


def readable_front_matter(text: str) -> str:
    """A page's text with JSON front matter written as YAML (as it is otherwise, or when the
    JSON is broken): what the build will read."""
    try:
        front = json_front_matter(text)
    except BrokenJson:
        return text
    return text if front is None else as_yaml(front, "\r\n" if "\r\n" in text else "\n")


# The keys Hugo dates a page by when it has no `date`, in its order (its `[frontmatter]`
# default; `published` is written `date` already: see `keys_as_hugo_reads`)
_HUGO_DATES = ("publishdate", "pubdate", "lastmod", "modified")


def dated_as_hugo(text: str) -> str:
    """A page's text with the `date` Hugo gave it where it has none: its publish date, else
    its last modification's (blogforge would date it by its file: see `Site.dated`)."""
    data = front_matter(text)
    if not data or data.get("date") not in (None, ""):
        return text
    keys = {str(key).lower(): key for key in data}
    value = next((data[keys[name]] for name in _HUGO_DATES
                  if name in keys and data[keys[name]] not in (None, "")), None)
    return text if value is None else set_keys(text, {"date": str(value)})


def front_matter_lines(text: str) -> dict[str, int]:
    """The line of each top-level key of the front matter of `text` (YAML or TOML)."""
    try:
        return split_front_matter(text.replace("\r\n", "\n")).lines
    except FrontMatterError:
        return {}


def front_matter_body_line(text: str) -> int:
    """The line where the body of `text` (with YAML or TOML front matter) starts."""
    try:
        return split_front_matter(text.replace("\r\n", "\n")).body_line
    except FrontMatterError:
        return 1


def kept_language(text: str, site: Site, target: str, language: str | None) -> str:
    """A page's text with `lang:` saying the language Hugo gave it, when its new file name
    says none and the build would read another: on a site whose `languages:` holds zh and en,
    the build guesses the language of a page that names none by its text, where Hugo put it
    in its content folder's language, else the default one. `language`: its content
    folder's (None: the default language)."""
    options = load_options(site)
    if not {"zh", "en"} <= options.languages or PurePosixPath(target).name.startswith(
            "_index."):
        # (the build reads a folder's introduction without `lang:` as the default
        # language's, never guessing by its text)
        return text
    data = front_matter(text)
    if data.get("lang") or data.get("language"):
        return text
    rel = PurePosixPath(target).relative_to("content")
    if split_language_suffix(rel.name, options.languages)[1] is not None:
        return text
    meant = language or options.default_language or next(iter(options.languages))
    # (a date of its own: the build dates a page without one by its file, not written yet)
    read = as_built(site.dest / target, rel, site.dest, options,
                    set_keys(text, {"date": "2000-01-01"}))
    if read is None or read.lang == meant:
        return text
    return set_keys(text, {"lang": meant})


# Where a site's own templates (or its theme's) load a formula renderer in the browser.
_BROWSER_MATH = re.compile(r"katex|mathjax", re.I)


def goldmark_escapes(site: Site, config: HugoConfig) -> str:
    r"""Why the site's formulas hold Markdown escapes, "" when they do not. Goldmark, Hugo's
    Markdown renderer, reads a formula as Markdown unless the passthrough extension keeps it
    whole (`markup.goldmark.extensions.passthrough.enable`): `\\\\` became `\\`, `\\{` `\{`,
    `\_` `_` before KaTeX or MathJax read the page in the browser, so their writers escaped
    them as for Hexo's marked (marked.py). A site that renders no math in the browser (no
    `math`/`katex`/`mathjax` param, the site's or a language's, no template naming KaTeX or
    MathJax) has no such formulas to undo. The summary names the files read: the root config
    and the config folders."""
    low = {str(k).lower(): v for k, v in config.values.items()}
    extensions = _table(_table(_table(low, "markup"), "goldmark"), "extensions")
    if _table(extensions, "passthrough").get("enable") is True:
        return ""
    places = [config.fallback.relative_to(site.src).as_posix()]
    places += [file.path.parent.relative_to(site.src).as_posix() + "/"
               for file in config.files if file.path != config.fallback]
    places = list(dict.fromkeys(places))
    lacking = (f"Goldmark ({', '.join(places)} {'has' if len(places) == 1 else 'have'} no "
               "markup.goldmark.extensions.passthrough")
    languages = _table(low, "languages")
    for at in [("params",), *(("languages", str(code).lower(), "params") for code in languages)]:
        params: dict = low
        for key in at:
            params = _table(params, key)
        asks = next((key for key in ("math", "katex", "mathjax") if params.get(key)), None)
        if asks is not None:
            path, _ = config.place(*at, asks)
            said = path == config.fallback and at == ("params",)  # (the root's own [params])
            return lacking + (")" if said else
                              f"; {path.relative_to(site.src).as_posix()} sets `{asks}`)")
    for folder in ("layouts", "themes"):
        root = site.src / folder
        for file in walk(root) if root.is_dir() else []:
            if file.suffix.lower() in (".html", ".js") and _BROWSER_MATH.search(
                    file.read_text(encoding="utf-8", errors="replace")):
                return (f"{lacking}; {file.relative_to(site.src).as_posix()} renders math in "
                        "the browser)")
    return ""


def _place(site: Site, path: Path, line: int | None, key: str) -> str:
    """Where a site.yaml value came from, when a page's front matter said it."""
    name = path.relative_to(site.src).as_posix()
    return f"{name}:{line} ({key})" if line else name


def _table(table: object, key: str) -> dict:
    """`table[key]` when it is a table, its keys lowered (Hugo reads config keys whatever
    their capitals); {} otherwise."""
    found = table.get(key) if isinstance(table, dict) else None
    return {str(k).lower(): v for k, v in found.items()} if isinstance(found, dict) else {}


# blogforge's keys by the name Hugo reads them as: Hugo lowers every key (`Title:`, `Draft:`)
_KEYS_BY_LOWER = {key.lower(): key for key in KEYS}


def keys_as_hugo_reads(text: str, source: Path, site: Site,
                       key_lines: dict[str, int] | None = None) -> str:
    """A page's text with each front matter key that Hugo read as one of blogforge's, whatever
    its capitals, written as blogforge reads it (`Title:` → `title:`, `Draft:` → `draft:`):
    the build would take it for a slip, and leave the page without its title. Not when the key
    is also written as blogforge reads it (the build warns of the other). `key_lines`: the
    line of each key in the source, where it is not the text's (JSON front matter)."""
    try:
        split = split_front_matter(text.replace("\r\n", "\n"))
    except FrontMatterError:
        return text  # (the build says what is wrong)
    lines = split.lines if key_lines is None else key_lines
    names = {}
    written = {str(key).lower() for key in split.data}
    for key in split.data:
        if str(key).lower() == "published":
            # Hugo's `published` is a publish date (`publishDate`), and the date of a page
            # that has no `date`; blogforge's is a flag (`published: 2024-05-01` stopped the
            # build, `Published: false` hid a page Hugo showed)
            meant = "publishDate" if "date" in written else "date"
            names[key] = meant
            site.renamed(source, lines.get(key, 1), key, meant)
            continue
        meant = _KEYS_BY_LOWER.get(str(key).lower())
        if meant is not None and key != meant and meant not in split.data:
            names[key] = meant
            site.renamed(source, lines.get(key, 1), key, meant)
    return renamed_keys(text, names) if names else text


def categories_as_hugo_reads(text: str) -> str:
    """A page's text with its list of categories written as that many categories: each name of
    Hugo's `categories: [ml, notes]` is a category of its own, where the build reads a list of
    names as one category's path (ml › notes, Hexo's way)."""
    try:
        data = split_front_matter(text.replace("\r\n", "\n")).data
    except FrontMatterError:
        return text  # (the build says what is wrong)
    names = data.get("categories")
    if not isinstance(names, list) or any(isinstance(name, (list, dict)) for name in names):
        return text
    given = [name for name in names if name is not None and str(name).strip()]
    return set_keys(text, {"categories": [[name] for name in given]}) if len(given) > 1 \
        else text


def hugo_url(file: PostFile, post: Post, default: str, languages: list[Language],
             in_subdir: bool, patterns: dict[str, str] | None = None,
             lower: bool = True, site: Site | None = None, names_dated: bool = False) -> str:
    """The site path Hugo gave a post. A site of several languages puts a post in its
    language's folder: the language of its content folder or file name, which its new name
    says (Hugo has no `lang` in front matter, and guesses none); a site of one language puts
    none there, unless defaultContentLanguageInSubdir. A `url` is the whole path, but a
    relative one (`url: notes/a/`) is in the language's folder. Without one, the path is
    Hugo's own (`hugo_post_path`) from the language's pattern in `patterns` (site.yaml's)."""
    codes = frozenset(lang.code for lang in languages)
    code = split_language_suffix(file.rel.name, codes)[1]
    several = len(languages) > 1
    folder = language_folder(code if several and code else default, default, in_subdir)
    url = str(post.params.get("url") or "")
    if post.own_path and (url.startswith("/") or not url):
        return post.path  # (an absolute `url`, or a `permalink` Hugo did not read: as built)
    if post.own_path or site is None or patterns is None:
        return folder + post.path
    pattern = patterns.get(post.lang) or patterns.get("") or "/:path/"
    path = hugo_post_path(file.rel, post, pattern, codes, lower, names_dated)
    if "#" in path or "?" in path:
        # (`C# 入门` → Hugo's `/c#-入门/`, served as `/c%23-入门/`: blogforge's links read a
        # `#` as the start of a fragment, so the post keeps its blogforge URL, said here)
        site.note_once(file.source, None, f"Hugo published this post at /{folder + path}, "
                       "whose `#` or `?` blogforge's links cannot hold: it is at "
                       f"/{folder + post.path} now (a link to the old address finds nothing)")
        return folder + post.path
    return folder + path


# What Hugo keeps of a title, slug or file name in a URL besides letters, marks and digits
# (Unicode's L, M and Nd: not `Ⅳ` nor `①`); `+` is read as a space there, `/` and `\` become
# `-` (seen in Hugo 0.168's output; a `slug`'s `/` makes folders, `hugo_post_path`). A
# content file's path keeps `+` too.
_HUGO_KEPT = frozenset("._-#~@")


def _hugo_keeps(char: str, kept: frozenset[str]) -> bool:
    return char in kept or unicodedata.category(char)[0] in "LM" \
        or unicodedata.category(char) == "Nd"


def hugo_urlized(text: str, lower: bool = True) -> str:
    """A title, `slug` or file name as Hugo's permalinks put it in a URL (its URLize): what
    `_HUGO_KEPT` and `%XX` escapes are kept, spaces between kept characters become one `-`
    (none beside a `-` written), the rest is dropped; lower-cased unless disablePathToLower.
    `1. 两数之和` → `1.-两数之和`, `Transformer（二）：位置编码` → `transformer二位置编码`."""
    text = text.replace("+", " ").replace("/", "-").replace("\\", "-")
    kept: list[str] = []
    space_before = False
    for at, char in enumerate(text):
        escape = char == "%" and re.fullmatch(r"[0-9A-Fa-f]{2}", text[at + 1:at + 3])
        if escape or _hugo_keeps(char, _HUGO_KEPT):
            if space_before and char != "-" and kept[-1] != "-":
                kept.append("-")
            space_before = False
            kept.append(char)
        elif char.isspace() and kept:
            space_before = True
    urlized = "".join(kept)
    return urlized.lower() if lower else urlized


def hugo_path_part(name: str, lower: bool = True) -> str:
    """A content folder's or file's name as Hugo's default URL has it: each space a `-`
    (`a  b` → `a--b`), `+` kept, other signs dropped (`q (1)` → `q-1`), lower-cased unless
    disablePathToLower."""
    kept = "".join("-" if char.isspace() else char for char in name
                   if char.isspace() or _hugo_keeps(char, _HUGO_KEPT | {"+"}))
    return kept.lower() if lower else kept


# A file name Hugo reads a date from, with `:filename` in its `[frontmatter]` dates
_DATED_NAME = re.compile(r"\d{4}-\d{2}-\d{2}[-_](.+)")


def names_dated_by_hugo(frontmatter: object) -> bool:
    """Whether Hugo's `[frontmatter]` table dates pages by their file names (`date =
    [":filename", ":default"]`): Hugo then leaves the date out of their URLs."""
    if not isinstance(frontmatter, dict):
        return False
    return any(isinstance(handlers, list) and any(
        str(handler).lower() == ":filename" for handler in handlers)
        for handlers in frontmatter.values())


def hugo_post_path(rel: PurePosixPath, post: Post, pattern: str, codes: frozenset[str],
                   lower: bool = True, names_dated: bool = False) -> str:
    """The site path Hugo gave the post at `rel` (below content/: `posts/SECTION/…`) under
    blogforge's `pattern` made of Hugo's (`permalink`): the folders and file name (a bundle's
    folder) under `/:path/`, Hugo's default, its `slug` in place of the name; otherwise the
    pattern's placeholders as Hugo fills them, URLized (`hugo_urlized`). Hugo keeps what
    blogforge's slugs drop (`1.-两数之和`) and drops what they make a `-` (`（二）`), and
    reads no date from a file name (`2023-05-01-a.md` is at `…/2023-05-01-a/`) unless its
    `[frontmatter]` dates pages by it (`names_dated`): then what follows the date is the
    name, and the slug of a page that gives none."""
    name = split_language_suffix(rel.name, codes)[0]
    folders = rel.parts[1:-1]
    if name == "index" and folders:  # (a bundle: its folder names it)
        name, folders = folders[-1], folders[:-1]
    slug = str(post.params.get("slug") or "").strip()
    dated = _DATED_NAME.match(name) if names_dated else None
    if dated is not None:
        name = dated.group(1)
        slug = slug or name
    if pattern == "/:path/":
        # (Hugo makes folders of a slug's `/`: `slug: ml/attention` is at …/ml/attention/)
        last = "/".join(hugo_urlized(part, lower) for part in slug.split("/")) if slug \
            else hugo_path_part(name, lower)
        return as_site_path("/".join([*(hugo_path_part(f, lower) for f in folders), last])
                            + "/")
    return expand(pattern, PostFields(post.date, name, post.title, slug or None,
                                      post.categories, folders, post.lang),
                  partial(hugo_urlized, lower=lower))


def read(site: Site, path: Path) -> tuple[dict, dict[str, int]]:
    """A config file (TOML, YAML or JSON) and the line of each top-level key; a problem is a
    note, not a crash."""
    if path.suffix.lower() in (".yaml", ".yml"):
        return read_yaml(site, path)
    try:
        text = path.read_text(encoding="utf-8-sig")
        data = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        site.note(path, None, f"could not be read: {exc}")
        return {}, {}
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        site.note(path, None, f"broken {path.suffix[1:].upper()}, not imported: {exc}")
        return {}, {}
    if not isinstance(data, dict):
        return {}, {}
    lines: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        match = re.match(r"""\s*\[?\[?\s*"?([A-Za-z_]\w*)"?\s*[=\].:]""", line)
        if match and match.group(1) in data and match.group(1) not in lines:
            lines[match.group(1)] = number
    return data, lines


def section_patterns(permalinks: object) -> dict[str, str]:
    """A `[permalinks]` table as each section's pattern (`[permalinks.page]`, Hugo 0.117+,
    over the older flat keys)."""
    if not isinstance(permalinks, dict):
        return {}
    flat = {k: v for k, v in permalinks.items() if isinstance(v, str)}
    if isinstance(permalinks.get("page"), dict):
        flat.update({k: v for k, v in permalinks["page"].items() if isinstance(v, str)})
    return flat


def language_permalinks(site: Site, config: HugoConfig, languages: list[Language],
                        sections: list[str], site_pattern: str) -> dict[str, str]:
    """Each language's own post URL pattern (site.yaml's `languages.X.permalink`), by
    blogforge's code, where it differs from the site's: Hugo reads a language's own
    `permalinks` (`[languages.en.permalinks]`) section by section over the root's. What
    cannot be carried is reported at the language's line."""
    low = {str(k).lower(): v for k, v in config.values.items()}
    root = section_patterns(low.get("permalinks"))
    found: dict[str, str] = {}
    for lang in languages:
        own = section_patterns(_table(_table(low, "languages"), lang.key).get("permalinks"))
        if not own:
            continue
        pattern = permalink(site, root | own, sections,
                            *config.place("languages", lang.key, "permalinks"))
        if pattern != site_pattern:
            found.setdefault(lang.code, pattern)
    return found


def nested_key_lines(path: Path) -> dict[tuple[str, ...], int]:
    """The line of each key of a config file (TOML, YAML or JSON) by its lowered path; {}
    when they cannot be told (the file's top-level keys' lines stand for them)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix.lower() == ".toml":
            found = toml_key_lines(text, 1)
        else:  # (JSON is YAML: the YAML reader tells the lines)
            found = parse_yaml(text).lines
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return {}
    lines: dict[tuple[str, ...], int] = {}
    for key, line in found.items():
        lines.setdefault(tuple(str(part).lower() for part in key), line)
    return lines


def permalink(site: Site, flat: dict[str, str], sections: list[str], path: Path,
              line: int | None) -> str:
    """Hugo's URL for the posts, from each section's pattern (`section_patterns`):
    `/SECTION/PATH/` by default (sections are imported as folders under content/posts/, so
    that is blogforge's `:path`)."""
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

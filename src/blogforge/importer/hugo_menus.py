"""Hugo's menus and each language's own settings, as site.yaml's `languages:` holds them.

Hugo's header menu is `main` (`[[menu.main]]` in the root config, `[[languages.zh.menu.main]]`,
`menus.toml` or `menus.zh.toml` in the config folder); a language's own `main` replaces the
root's for that language. A page may put itself in it from its front matter (`menu: main`),
in its own language's. blogforge's is a language's `menu:` list of `{name, url}`, its url
relative to the language's folder (the theme puts `en/` in front of it)."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from blogforge.importer import Site, as_built, is_markdown, load_options, read_markdown
from blogforge.importer.hugo_json import BrokenJson, json_front_matter
from blogforge.language_codes import split_language_suffix
from blogforge.languages import language_folder, placed_path
from blogforge.model import Post
from blogforge.sections import section_path
from blogforge.urls import split_url
from blogforge.yamlfile import YamlSyntaxError, parse_yaml

if TYPE_CHECKING:
    from blogforge.importer.hugo import Folder, HugoConfig, Language

# What blogforge makes of an entry: its text, where it leads, its order, its name for others.
_CARRIED = {"name", "url", "pageref", "ref", "weight", "identifier"}
# What blogforge makes of a page's own entry (Hugo links it to the page, whatever its `url`).
_PAGE_CARRIED = {"name", "weight", "identifier"}
# Hugo's taxonomy lists, which blogforge has at the same place.
TERM_LISTS = ("tags", "categories", "series")
# Pages a theme's layout made (PaperMod's `archives`, `search`), which blogforge makes itself.
_OWN_PAGES = ("archives", "search")


@dataclass(frozen=True)
class Entry:
    """An entry of a Hugo menu: its keys (lowered), the file and line that wrote it."""

    values: dict
    path: Path
    line: int | None
    page: str | None = None  # a page's own entry (its front matter's): the page's site path

    def label(self) -> str:
        return str(self.values.get("name") or self.values.get("identifier")
                   or self.values.get("pageref") or self.values.get("url") or "?")


@dataclass(frozen=True)
class Pages:
    """What resolving a `pageRef` needs: where each language's pages are, and what they
    became."""

    site: Site
    folders: list[Folder]
    sections: list[str]
    languages: list[Language]
    default: str  # blogforge's code of the default language
    in_subdir: bool


def main_menus(site: Site, config: HugoConfig, keys: list[str]) -> dict[str, list[Entry]]:
    """Each language's `main` menu (by Hugo's name for it, `keys`), its own else the root's;
    other menus are reported, at their file and line."""
    root = _menus(config, ())
    found = {}
    for key in keys:
        main = _menus(config, ("languages", key)).get("main") or root.get("main")
        if main:
            found[key] = main
    for at, menus in [((), root), *((("languages", key), _menus(config, ("languages", key)))
                                    for key in keys)]:
        for name, entries in menus.items():
            if name != "main" and entries:
                where = ".".join((*at, "menus", name))
                site.note(entries[0].path, entries[0].line, f"`{where}` not imported: "
                          "blogforge's header shows one menu, Hugo's `main`")
    return found


def _menus(config: HugoConfig, at: tuple[str, ...]) -> dict[str, list[Entry]]:
    """The menus set at `at` (`()`: the root's): name -> its entries, `menu` and `menus` alike."""
    table: object = config.values
    for key in at:
        table = _lowered(table).get(key)
    menus: dict[str, list[Entry]] = {}
    for spelling in ("menu", "menus"):
        for name, entries in _lowered(_lowered(table).get(spelling)).items():
            items = entries if isinstance(entries, list) else [entries]
            path, line = config.place(*at, spelling, name)
            lines = _entry_lines(config, path, (*at, spelling, name), len(items))
            menus.setdefault(name, []).extend(
                Entry(_lowered(item), path, lines[i] if lines else line)
                for i, item in enumerate(items) if isinstance(item, dict))
    return menus


def _lowered(table: object) -> dict:
    return {str(k).lower(): v for k, v in table.items()} if isinstance(table, dict) else {}


def _entry_lines(config: HugoConfig, path: Path, keys: tuple[str, ...],
                 count: int) -> list[int] | None:
    """The line of each of the `count` entries of the menu at `keys` in the file `path`: a TOML
    file's `[[menu.main]]` lines, a YAML file's `- ` lines; None when they cannot be told."""
    file = next((f for f in config.files if f.path == path), None)
    if file is None:
        return None
    if keys[:len(file.at)] != file.at:
        return None
    inside = keys[len(file.at):]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    lines: list[int] = []
    if path.suffix.lower() == ".toml":
        wanted = ".".join(inside)
        for number, line in enumerate(text.splitlines(), 1):
            header = re.match(r"\s*\[\[\s*([^\]]+?)\s*\]\]", line)
            if header and header.group(1).replace('"', "").replace("'", "").replace(
                    " ", "").lower() == wanted:
                lines.append(number)
    elif path.suffix.lower() in (".yaml", ".yml"):
        try:
            doc = parse_yaml(text)
        except YamlSyntaxError:
            return None
        written = {tuple(k.lower() for k in p): n for p, n in doc.lines.items()}
        lines = [n for i in range(count) if (n := written.get((*inside, str(i)))) is not None]
    return lines if len(lines) == count else None


def menu_items(site: Site, entries: list[Entry], language: Language, pages: Pages,
               base_url: str) -> list[dict[str, str]]:
    """A Hugo menu as blogforge's `menu:` list, in Hugo's order (by weight, an entry without
    one last, then by name); what cannot be carried is reported at its entry's line."""
    folder = language_folder(language.code, pages.default, pages.in_subdir)
    items = []
    for entry in sorted(entries, key=_hugo_order):
        values = entry.values
        label = entry.label()
        parent = values.get("parent")
        if parent:
            site.note_once(entry.path, entry.line, f"menu entry `{label}` (under "
                       f"`{parent}`) not imported: blogforge's header has no submenus")
            continue
        carried = _CARRIED if entry.page is None else _PAGE_CARRIED
        left = [key for key in values if key not in carried | {"parent"}]
        if left:
            site.note_once(entry.path, entry.line, f"menu entry `{label}`: "
                       + ", ".join(f"`{key}`" for key in left)
                       + " not imported (the header shows the name and link alone)")
        ref = values.get("pageref") or values.get("ref")
        name, url = str(values.get("name") or ""), None
        if entry.page is not None:
            url = "/" + entry.page
        elif ref:
            found = page_url(str(ref), language, pages)
            if found is None:
                site.note_once(entry.path, entry.line, f"menu entry `{label}`: no page "
                           f"`{ref}` in the content: not imported")
                continue
            url, title = found
            name = name or title
        elif values.get("url") is not None:
            url = _section_list(str(values["url"]), pages) or str(values["url"])
        name = name or str(values.get("identifier") or "")
        if url is None or not name:
            site.note_once(entry.path, entry.line, f"menu entry `{label}` has no "
                       + ("link" if url is None else "name") + ": not imported")
            continue
        within = _within_language(url, folder, base_url)
        if within is None:
            site.note_once(entry.path, entry.line, f"menu entry `{label}`: `{url}` is "
                       f"outside the `{language.code}` pages and the site has no base URL: "
                       "not imported")
            continue
        items.append({"name": name, "url": within})
    return items


def _section_list(url: str, pages: Pages) -> str | None:
    """The site path of blogforge's section page in place of a `url` that is a section's list
    page in Hugo (`/notes/`, `/en/notes/`: the section's posts are imported into
    content/posts/notes/, whose list is /posts/notes/); None for another url."""
    if not url.startswith("/") or url.startswith("//"):
        return None
    path = url.split("#", 1)[0].split("?", 1)[0].strip("/").lower()
    sections = {section.lower() for section in pages.sections}
    for lang in pages.languages:
        folder = language_folder(lang.code, pages.default, pages.in_subdir)
        for written in dict.fromkeys((folder, f"{lang.key.lower()}/" if folder else "")):
            if path.startswith(written) and path[len(written):] in sections:
                return "/" + _section_page(path[len(written):], folder)
    return None


def _hugo_order(entry: Entry) -> tuple:
    weight = entry.values.get("weight")
    weight = weight if isinstance(weight, int) and not isinstance(weight, bool) else 0
    return (weight == 0, weight, entry.label().lower(), str(entry.values.get("identifier", "")))


def _within_language(url: str, folder: str, base_url: str) -> str | None:
    """A link as the theme takes it in the language whose pages are in `folder`: a full URL as
    it is, a site path relative to the folder; a site path outside it, a full URL (None without
    a base URL to make one). A site path is below the base URL's own path (`/notes/`), as Hugo
    puts that path in front of a `url` setting's, and blogforge's in front of a page's: one
    that starts with the same words (a `notes` section) keeps them."""
    if "://" in url or re.match(r"[a-z][a-z0-9+.-]*:", url):
        return url
    path = url.lstrip("/")
    if path.startswith(folder):
        return path[len(folder):]
    if not split_url(base_url).netloc:
        return None
    return base_url + path


def page_url(ref: str, language: Language, pages: Pages) -> tuple[str, str] | None:
    """The site path blogforge gives the page a `pageRef` names (`/about`, `posts/first.md`,
    `posts/bundle`), in `language` if it has one there, and its title; the language's home
    for `/`, a taxonomy's list for `/tags`, the archives for a section (`/posts`); None when
    there is no such page."""
    wanted = ref.strip().strip("/")
    if wanted in ("", "_index.md", "_index"):
        return language_folder(language.code, pages.default, pages.in_subdir), ""
    if wanted.lower() in TERM_LISTS:
        return language_folder(language.code, pages.default, pages.in_subdir) \
            + wanted.lower() + "/", ""
    ordered = sorted(pages.folders, key=lambda f: f.language is not None
                     and f.language.key != language.key)
    for folder in ordered:
        for rel in _candidates(wanted, folder, language):
            source = folder.root / rel
            if not source.is_file() or folder.elsewhere(source):
                continue
            if source.name.startswith("_index."):  # (a section's list: blogforge's too)
                return _section_page(rel.parent.as_posix(), language_folder(
                    language.code, pages.default, pages.in_subdir)), ""
            target = folder.target(rel, rel.parts[0] in pages.sections)
            return _built_path(target, pages)
    if wanted.lower() in _OWN_PAGES:
        return language_folder(language.code, pages.default, pages.in_subdir) \
            + wanted.lower() + "/", ""
    section = next((s for s in pages.sections if s.lower() == wanted.lower()), None)
    if section is not None:  # (Hugo makes a list page of every section, as blogforge does)
        return _section_page(section, language_folder(language.code, pages.default,
                                                      pages.in_subdir)), ""
    return None


def _section_page(section: str, language_prefix: str) -> str:
    """The site path of the list page of a Hugo section (`notes`, `notes/ml`) in blogforge:
    its posts are imported into content/posts/notes/, whose list page is /posts/notes/."""
    return section_path(f"posts/{section}", language_prefix)


def _candidates(wanted: str, folder: Folder, language: Language) -> list[Path]:
    """The files of `folder` a pageRef may name, the language's own first."""
    path = Path(wanted)
    if is_markdown(path):
        return [path]
    names = []
    for base in (wanted, f"{wanted}/index", f"{wanted}/_index"):
        if folder.language is None:
            names.append(f"{base}.{language.key}.md")
        names.append(f"{base}.md")
    return [Path(name) for name in names]


def _built_path(target: str, pages: Pages) -> tuple[str, str] | None:
    """The site path and title of the page the import wrote at `target`, as the build will
    read it."""
    post = _built_post(target, pages)
    if post is None:
        return None
    return _site_path(post, pages), post.title


def _built_post(target: str, pages: Pages) -> Post | None:
    """The page the import wrote at `target` as the build will read it; None when it cannot
    (the build says why)."""
    site = pages.site
    path = site.dest / target
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    rel = PurePosixPath(target).relative_to("content")
    return as_built(path, rel, site.dest, load_options(site), text)


def _site_path(post: Post, pages: Pages) -> str:
    return placed_path(post, language_folder(post.lang, pages.default, pages.in_subdir))


@dataclass(frozen=True)
class PageMenu:
    """A page that puts itself in the `main` menu from its front matter: its file, its content
    folder, its place there, its entry's keys (lowered), the line of the entry, and its front
    matter (keys lowered, as Hugo reads them)."""

    source: Path
    folder: Folder
    rel: Path
    values: dict
    line: int | None
    front: dict


def front_matter_menus(site: Site, folders: list[Folder]) -> list[PageMenu]:
    """The pages of `folders` whose front matter puts them in the `main` menu (`menu: main`,
    `menu: [main, footer]`, `menu: {main: {weight: 2}}`, TOML's `[menu.main]`, JSON's
    `"menu"`; `menus` over `menu`, as Hugo reads them); another menu is reported at its line."""
    found = []
    for folder in folders:
        for file in folder.files():
            if not is_markdown(file):
                continue
            read = _front_matter_lines(read_markdown(file) or "")
            if read is None:
                continue
            data, lines = read
            written = {str(key).lower(): key for key in data}
            key = written.get("menus", written.get("menu"))
            if key is None:
                continue
            front = {low: data[as_written] for low, as_written in written.items()}
            for name, values, at in _page_entries(site, file, key, data[key],
                                                   lines.get((key,))):
                line = lines.get((key, at), lines.get((key,)))
                if name == "main":
                    found.append(PageMenu(file, folder, file.relative_to(folder.root),
                                          values, line, front))
                else:
                    site.note(file, line, f"`{key}.{name}` not imported: blogforge's header "
                              "shows one menu, Hugo's `main`")
    return found


def _page_entries(site: Site, file: Path, key: str, value: object,
                  line: int | None) -> list[tuple[str, dict, str]]:
    """A front matter `menu` value as (menu name, entry keys lowered, its key below `menu`)
    triples: a name, a list of names, or a table of names to their entries."""
    if isinstance(value, str) and value:
        return [(value, {}, "")]
    if isinstance(value, list) and value and all(isinstance(name, str) for name in value):
        return [(name, {}, str(index)) for index, name in enumerate(value)]
    if isinstance(value, dict):
        return [(str(name), {str(k).lower(): v for k, v in entry.items()}
                 if isinstance(entry, dict) else {}, str(name))
                for name, entry in value.items()]
    site.note(file, line, f"`{key}` not imported: Hugo reads a menu's name, a list of names or "
              f"a table of menus, not {json.dumps(value, ensure_ascii=False, default=str)}")
    return []


def _front_matter_lines(text: str) -> tuple[dict, dict[tuple[str, ...], int]] | None:
    """A page's front matter as Hugo reads it (YAML between `---`, TOML between `+++`, a JSON
    object), with the line in the file of each key (by its path, as written); None without
    one, or a broken one (the build, or the import's note on the page, says so)."""
    text = text.replace("\r\n", "\n")
    try:
        found = json_front_matter(text)
    except BrokenJson:
        return None
    if found is not None:
        try:  # (JSON is YAML: the YAML reader tells the lines)
            lines = parse_yaml(text[:found.end]).lines
        except YamlSyntaxError:
            lines = {}
        return found.data, dict(lines)
    first = text.split("\n", 1)[0].rstrip()
    if first not in ("---", "+++"):
        return None
    closer = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$" if first == "---" else r"^\+\+\+[^\S\n]*$",
                        re.M).search(text, len(first) + 1)
    if closer is None:
        return None
    raw = text[len(first) + 1:closer.start()]
    try:
        if first == "+++":
            data = tomllib.loads(raw)
            return data, toml_key_lines(raw, 2)
        doc = parse_yaml(raw)
    except (tomllib.TOMLDecodeError, YamlSyntaxError):
        return None
    if not isinstance(doc.data, dict):
        return None
    return doc.data, {path: line + 1 for path, line in doc.lines.items()}


def toml_key_lines(raw: str, first: int) -> dict[tuple[str, ...], int]:
    """The line of each key of TOML text (its first line is the file's line `first`: 2 after
    front matter's `+++`), by its path: `[menu.main]` is at its header's line, `weight = 2`
    below it at its own."""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(raw.split("\n"), start=first):
        header = re.match(r"\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$", line)
        key = re.match(r"""\s*([\w"'. -]+?)\s*=""", line)
        if header:
            table = _toml_path(header.group(1))
            for end in range(1, len(table) + 1):
                lines.setdefault(table[:end], number)
        elif key:
            path = table + _toml_path(key.group(1))
            for end in range(len(table) + 1, len(path) + 1):
                lines.setdefault(path[:end], number)
    return lines


def _toml_path(written: str) -> tuple[str, ...]:
    """`menu.main`, `"menu". 'main'` → ("menu", "main")."""
    return tuple(part.strip().strip("\"'") for part in
                 re.findall(r"""\s*("[^"]*"|'[^']*'|[^.]+)\s*(?:\.|$)""", written))


def page_entries(found: list[PageMenu], pages: Pages) -> dict[str, list[Entry]]:
    """The pages' own entries of the `main` menu, by blogforge's code of their language, as
    Hugo made them: named by the entry's `name`, else the page's `linkTitle`, else its title,
    weighed by the entry's `weight`, else the page's, leading to the page as blogforge gives
    it. A draft is in no menu (Hugo does not publish it)."""
    entries: dict[str, list[Entry]] = {}
    for page in found:
        listed = _list_page(page, pages)
        if listed is not None:
            code, path, title = listed
        else:
            target = page.folder.target(page.rel, page.rel.parts[0] in pages.sections)
            post = _built_post(target, pages)
            if post is None or post.draft:
                continue
            code, path, title = post.lang, _site_path(post, pages), post.title
        values = dict(page.values)
        values["name"] = values.get("name") or _text(page.front.get("linktitle")) \
            or _text(page.front.get("title")) or title
        if not _weight_of(values) and _weight_of(page.front):
            values["weight"] = _weight_of(page.front)
        entries.setdefault(code, []).append(Entry(values, page.source, page.line, path))
    return entries


def _text(value: object) -> str:
    return str(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) \
        else ""


def _weight_of(values: dict) -> int:
    weight = values.get("weight")
    return weight if isinstance(weight, int) and not isinstance(weight, bool) else 0


def _list_page(page: PageMenu, pages: Pages) -> tuple[str, str, str] | None:
    """A list page's (`_index.md`) language, site path and title: the language's home, a
    taxonomy's list, else its section's page; None for another page."""
    if not page.rel.name.startswith("_index."):
        return None
    codes = {lang.code for lang in pages.languages} | set(page.folder.suffixes)
    named = split_language_suffix(page.rel.name, frozenset(codes))[1]
    code = (page.folder.language.code if page.folder.language is not None
            else page.folder.suffixes.get(named or "", named) or pages.default)
    home = language_folder(code, pages.default, pages.in_subdir)
    section = page.rel.parts[0] if len(page.rel.parts) > 1 else ""
    if not section:
        path = home
    elif section.lower() in TERM_LISTS:
        path = home + section.lower() + "/"
    else:
        path = _section_page(page.rel.parent.as_posix(), home)
    return code, path, ""


def merged(site: Site, configured: list[Entry], own: list[Entry]) -> list[Entry]:
    """A language's menu from the config's entries and the pages' own, as Hugo merges them:
    an entry is known by its `identifier`, else its name, and a page's entry that the config
    (or a page before it) has already is left out, with a warning (the config's wins)."""
    taken = {_key_name(entry) for entry in configured}
    kept = list(configured)
    for entry in own:
        key = _key_name(entry)
        if key in taken:
            site.note(entry.path, entry.line, f"menu entry `{entry.label()}` not imported: "
                      f"the menu has an entry `{key}` already (Hugo keeps one of each name)")
            continue
        taken.add(key)
        kept.append(entry)
    return kept


def _key_name(entry: Entry) -> str:
    return str(entry.values.get("identifier") or entry.values.get("name") or "")

"""Hugo's menus and each language's own settings, as site.yaml's `languages:` holds them.

Hugo's header menu is `main` (`[[menu.main]]` in the root config, `[[languages.zh.menu.main]]`,
`menus.toml` or `menus.zh.toml` in the config folder); a language's own `main` replaces the
root's for that language. blogforge's is a language's `menu:` list of `{name, url}`, its url
relative to the language's folder (the theme puts `en/` in front of it)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from blogforge.importer import Site, as_built, is_markdown, load_options
from blogforge.languages import language_folder, placed_path
from blogforge.yamlfile import YamlSyntaxError, parse_yaml

if TYPE_CHECKING:
    from blogforge.importer.hugo import Folder, HugoConfig, Language

# What blogforge makes of an entry: its text, where it leads, its order, its name for others.
_CARRIED = {"name", "url", "pageref", "ref", "weight", "identifier"}
# Hugo's taxonomy lists, which blogforge has at the same place.
_TERM_LISTS = ("tags", "categories", "series")
# Pages a theme's layout made (PaperMod's `archives`, `search`), which blogforge makes itself.
_OWN_PAGES = ("archives", "search")


@dataclass(frozen=True)
class Entry:
    """An entry of a Hugo menu: its keys (lowered), the file and line that wrote it."""

    values: dict
    path: Path
    line: int | None

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
    root = _menus(site, config, ())
    found = {}
    for key in keys:
        main = _menus(site, config, ("languages", key)).get("main") or root.get("main")
        if main:
            found[key] = main
    for at, menus in [((), root), *((("languages", key), _menus(site, config, ("languages",
                                                                               key)))
                                    for key in keys)]:
        for name, entries in menus.items():
            if name != "main" and entries:
                where = ".".join((*at, "menus", name))
                site.note(entries[0].path, entries[0].line, f"`{where}` not imported: "
                          "blogforge's header shows one menu, Hugo's `main`")
    return found


def _menus(site: Site, config: HugoConfig, at: tuple[str, ...]) -> dict[str, list[Entry]]:
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
            _note_once(site, entry.path, entry.line, f"menu entry `{label}` (under "
                       f"`{parent}`) not imported: blogforge's header has no submenus")
            continue
        left = [key for key in values if key not in _CARRIED | {"parent"}]
        if left:
            _note_once(site, entry.path, entry.line, f"menu entry `{label}`: "
                       + ", ".join(f"`{key}`" for key in left)
                       + " not imported (the header shows the name and link alone)")
        ref = values.get("pageref") or values.get("ref")
        name, url = str(values.get("name") or ""), None
        if ref:
            found = page_url(str(ref), language, pages)
            if found is None:
                _note_once(site, entry.path, entry.line, f"menu entry `{label}`: no page "
                           f"`{ref}` in the content: not imported")
                continue
            url, title = found
            name = name or title
        elif values.get("url") is not None:
            url = str(values["url"])
        name = name or str(values.get("identifier") or "")
        if url is None or not name:
            _note_once(site, entry.path, entry.line, f"menu entry `{label}` has no "
                       + ("link" if url is None else "name") + ": not imported")
            continue
        within = _within_language(url, folder, base_url)
        if within is None:
            _note_once(site, entry.path, entry.line, f"menu entry `{label}`: `{url}` is "
                       f"outside the `{language.code}` pages and the site has no base URL: "
                       "not imported")
            continue
        items.append({"name": name, "url": within})
    return items


def _note_once(site: Site, path: Path, line: int | None, message: str) -> None:
    """A note about a menu entry: once, though the root's menu is every language's."""
    rel = path.relative_to(site.src).as_posix()
    if not any(note.path == rel and note.line == line and note.message == message
               for note in site.notes):
        site.note(path, line, message)


def _hugo_order(entry: Entry) -> tuple:
    weight = entry.values.get("weight")
    weight = weight if isinstance(weight, int) and not isinstance(weight, bool) else 0
    return (weight == 0, weight, entry.label().lower(), str(entry.values.get("identifier", "")))


def _within_language(url: str, folder: str, base_url: str) -> str | None:
    """A link as the theme takes it in the language whose pages are in `folder`: a full URL as
    it is, a site path relative to the folder; a site path outside it, a full URL (None without
    a base URL to make one)."""
    if "://" in url or re.match(r"[a-z][a-z0-9+.-]*:", url):
        return url
    path = url.lstrip("/")
    base_path = urlsplit(base_url).path.lstrip("/") if base_url else ""
    if base_path and path.startswith(base_path):  # (written with the site's path)
        path = path[len(base_path):]
    if path.startswith(folder):
        return path[len(folder):]
    if not urlsplit(base_url).netloc:
        return None
    return base_url + path


def page_url(ref: str, language: Language, pages: Pages) -> tuple[str, str] | None:
    """The site path blogforge gives the page a `pageRef` names (`/about`, `posts/first.md`,
    `posts/bundle`), in `language` if it has one there, and its title; the language's home
    for `/`, a taxonomy's list for `/tags`; None when there is no such page."""
    wanted = ref.strip().strip("/")
    if wanted in ("", "_index.md", "_index"):
        return language_folder(language.code, pages.default, pages.in_subdir), ""
    if wanted.lower() in _TERM_LISTS:
        return language_folder(language.code, pages.default, pages.in_subdir) \
            + wanted.lower() + "/", ""
    ordered = sorted(pages.folders, key=lambda f: f.language is not None
                     and f.language.key != language.key)
    for folder in ordered:
        for rel in _candidates(wanted, folder, language):
            source = folder.root / rel
            if not source.is_file() or folder.elsewhere(source):
                continue
            if source.name.startswith("_index."):  # (a section's list: blogforge's archives)
                return language_folder(language.code, pages.default, pages.in_subdir) \
                    + "archives/", ""
            target = folder.target(rel, rel.parts[0] in pages.sections)
            return _built_path(target, pages)
    if wanted.lower() in _OWN_PAGES:
        return language_folder(language.code, pages.default, pages.in_subdir) \
            + wanted.lower() + "/", ""
    return None


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
    site = pages.site
    path = site.dest / target
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    rel = PurePosixPath(target).relative_to("content")
    post = as_built(path, rel, site.dest, load_options(site), text)
    if post is None:
        return None
    return placed_path(post, language_folder(post.lang, pages.default, pages.in_subdir)), \
        post.title

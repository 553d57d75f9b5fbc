"""The sub-path guarantee: every internal link in the output leads somewhere.

After a build, each internal `href`, `src`, `srcset`, `poster`, CSS `url()`/`@import`,
`og:image`/`twitter:image` and feed link in the output must name a file of the output under the
base URL's path, and each `#fragment` an `id` on the page it points to. A link the site cannot
prove is a warning naming where it was written: the Markdown file and line when the URL is in
a post's source, the static file and line for CSS, else the output page and line (with how many
pages share it, since a template link repeats on every page).

Root-relative URLs (`/images/x.png`, `<a href="/posts/x/">` — common in posts brought from other
generators, and in hand-written templates and CSS) are rewritten under the base path when the
file they name exists there, so a project site at https://user.github.io/repo/ works. A URL
already under the base path, or whose target exists only at the root, is left as written.

The audit is a function over the output files (a folder, or a mapping of site path -> bytes),
parsed with regular expressions over tags (html.parser costs many times more, and the audit runs
on every build).
"""

from __future__ import annotations

import bisect
import hashlib
import html
import json
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from itertools import accumulate, repeat
from operator import add
from pathlib import Path
from typing import NamedTuple
from urllib.parse import SplitResult, quote, unquote, urlunsplit

from blogforge.cache import Store, decode, encode_plain
from blogforge.cancel import Checkpoint, checked, never
from blogforge.config import CONFIG_FILE, read_config
from blogforge.diagnostics import Diagnostic, Diagnostics
from blogforge.fingerprint import code_fingerprint, hash_text
from blogforge.fingerprint import digest as output_digest
from blogforge.forks import Aside, with_cache_added
from blogforge.language_codes import split_language_suffix
from blogforge.languages import declared_default_language, menu_paths, resolve_languages
from blogforge.markdown.heading_ids import heading_slug
from blogforge.markdown.links import (
    HELD_BACK,
    IN_A_HOME_FOLDER,
    IN_OTHER_CAPITALS_WHY,
    ON_WRITERS_COMPUTER,
    ON_WRITERS_COMPUTER_WHY,
)
from blogforge.output import StagedOutput
from blogforge.site_folder import CONTENT_DIR, by_small_letters, is_markdown_name
from blogforge.text import compiled_when_used
from blogforge.urls import UrlBuilder, is_external, is_unreadable, site_picture, split_url

_PAGE_SUFFIXES = (".html", ".htm")
_SCANNED_SUFFIXES = (*_PAGE_SUFFIXES, ".css", ".xml")
_NOT_LINKS = ("mailto:", "tel:", "data:", "javascript:", "about:", "blob:")
_PATH_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                             "-._~/%+@")
_FRAGMENTS_ALWAYS_THERE = {"", "top"}  # "#" and "#top" scroll to the top in every browser

# Attributes are found directly (a tag-by-tag scan costs several times more on pages full of
# KaTeX spans); each match is then checked to be inside a tag. (The look-ahead at the first
# letter spares trying eight names, case-insensitively, at every space of a code block; the
# space before a name is HTML's, ASCII only, which the regex engine finds a third faster than
# any Unicode space, `\s`.)
_ATTR = re.compile(r"""[ \t\n\r\f](?=[hspincxHSPINCX])"""
                   r"""(?i:(href|xlink:href|src|srcset|poster|id|name|content)"""
                   r"""\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))""")
# The same attributes found from their `=`, which the regex engine reaches several times faster
# than a space (a page has three spaces for each `=`); the value is read ahead, consuming
# nothing, so that `_page_links` can skip what a match of `_ATTR` would have covered. An `=`
# after a space may be of a name written `name =`, looked for backwards if the last letter of
# a name is before the space, or more spaces (not `x = "`, which a page of code has many
# times). (As in `_ATTR`, a name's first letter is ASCII and its others match as `(?i:)` does;
# no name ends in a letter that has a case other than its ASCII two.)
_ATTR_EQUALS = re.compile(
    r"""=(?<=[dcfetrDCFETR\s]=)(?:(?<=[dcfetrDCFETR]\s=)|(?<=\s\s=)|(?<=[ \t\n\r\f][iI][dD]=)"""
    r"""|(?<=[ \t\n\r\f][sS](?i:rc)=)|(?<=[ \t\n\r\f](?:[hH](?i:ref)|[nN](?i:ame))=)"""
    r"""|(?<=[ \t\n\r\f][xX](?i:link):[hH](?i:ref)=)"""
    r"""|(?<=[ \t\n\r\f](?:[sS](?i:rcset)|[pP](?i:oster))=)|(?<=[ \t\n\r\f][cC](?i:ontent)=))"""
    r"""(?=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))""")
# the length of each name by its last two letters (no two names end alike)
_ATTR_LENGTH_BY_ENDING = {a + b: len(name)
                          for name in ("href", "src", "srcset", "poster", "id", "name", "content")
                          for a in (name[-2], name[-2].upper())
                          for b in (name[-1], name[-1].upper())}
_XLINK_HREF_LENGTH = len("xlink:href")  # (ends as `href` does: told by its `:`)
# A start tag up to its closing `>` (not included), as HTML reads one: a name, then attributes
# after (ASCII) spaces or `/`, whose quoted values may hold `>` and `<`.
_TAG_HEAD = re.compile(r"""<[A-Za-z][^ \t\n\r\f/>]*(?:[ \t\n\r\f/]+[^ \t\n\r\f/>=]+"""
                       r"""(?:[ \t\n\r\f]*=[ \t\n\r\f]*(?:"[^"]*"|'[^']*'|[^ \t\n\r\f>]+))?)*""")
_QUOTED_TAGS_LOOKED_THROUGH = 8  # (`<` in quoted values, one inside another's tag)
_QUOTED_VALUE_LOOK_BACK = 4096  # (how far a quoted value holding a `<` is looked for)
_NAME = re.compile(r"[\w:-]*")
_META_KIND = re.compile(r"""\s(?:property|name)\s*=\s*["']?([\w:]+)""", re.I)
_STYLE_ATTR = compiled_when_used(r"""\sstyle\s*=\s*(?:"([^"]*url\([^"]*)"|'([^']*url\([^']*)')""")
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S | re.I)
_CSS_URL = compiled_when_used(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)"""
                              r"""|@import\s+(?:"([^"]*)"|'([^']*)')""")
_XML_TEXT_LINK = compiled_when_used(r"<(loc|link|icon|logo)>\s*([^<\s]+)\s*</\1>")
# (each up to the first end, in a loop without a lookahead at every character)
_COMMENT = re.compile(r"<!--[^-]*(?:-(?!->)[^-]*)*-->")
_SCRIPT_BODY = re.compile(r"(<script\b[^>]*>)[^<]*(?:<(?!/script>)[^<]*)*(?=</script>)")
_IMAGE_META = {"og:image", "og:image:url", "og:image:secure_url", "twitter:image"}
# More words than this are found in a Markdown source in one pass (see `_starts_of`).
_FIND_EACH_UP_TO = 32


@dataclass
class Audit:
    """What the link audit found, and the pages it fixed."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    rewritten: dict[str, bytes] = field(default_factory=dict)  # site path -> fixed bytes
    links: int = 0  # internal links checked


class _Link(NamedTuple):  # (a tuple: an audit of 5,000 posts makes a million of them)
    url: str  # as written (HTML entities decoded)
    start: int  # offset of the value in the file's text
    end: int
    in_srcset: bool = False


# A `_Link` made from a tuple of its four fields: what its class's own `__new__` does, without
# that Python call for each of the ~60 links of each page.
_new_link = partial(tuple.__new__, _Link)


@dataclass
class _Broken:
    """A link that leads nowhere, and where it is on its page."""

    url: str
    why: str
    site_path: str  # the URL's path below the base path, unencoded
    offsets: list[int]


class _Files:
    """The output's file names, and their bytes read on demand."""

    def __init__(self, files: Mapping[str, bytes] | Path) -> None:
        if isinstance(files, Path):
            root = files
            self.names = set(_walk(root))
            self.read = lambda rel: (root / rel).read_bytes()
        else:
            self.names = set(files)
            self.read = files.__getitem__

    def resolve(self, site_path: str, looked_at: list[str]) -> str | None:
        """The file a site path is served from, as a static host does it: `a/` and `a` (which
        redirects to `a/`) are `a/index.html`. The names tried go to `looked_at`: the answer
        changes only when one of them appears or goes."""
        if site_path in ("", ".") or site_path.endswith("/"):
            name = site_path.rstrip(".") + "index.html"
            looked_at.append(_EXISTS + name)
            return name if name in self.names else None
        looked_at.append(_EXISTS + site_path)
        if site_path in self.names:
            return site_path
        index = site_path + "/index.html"
        looked_at.append(_EXISTS + index)
        return index if index in self.names else None

    def in_other_capitals(self, site_path: str, looked_at: list[str]) -> str | None:
        """The one file named `site_path` in other capitals (`img/Logo.png` for
        `img/logo.png`), or the one page's folder (`about/` for `About/` or `About`, whose
        file is about/index.html, as `resolve` serves it), or None."""
        folded = site_path.lower()
        looked_at.append(_CAPITALS + folded)
        found = self._folded.get(folded, [])
        if not found:
            page = folded.rstrip("/") + "/index.html"
            looked_at.append(_CAPITALS + page)
            found = [name.removesuffix("index.html") for name in self._folded.get(page, [])]
        return found[0] if len(found) == 1 else None

    @cached_property
    def _folded(self) -> dict[str, list[str]]:
        return by_small_letters(self.names)


def _walk(root: Path) -> Iterator[str]:
    for dirpath, _dirs, names in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for name in names:
            yield prefix + name


Edit = tuple[int, int, str, str]  # (start, end, as written, written instead) in a file's text
Parsed = tuple[list[_Link], set[str] | None]  # a file's links, and its ids (pages only)
# what a verdict depends on: a file name being there, a page's ids, a name in any capitals
_EXISTS, _IDS, _CAPITALS = "e", "i", "c"


@dataclass
class FileAudit:
    """What the audit found in one file."""

    links: int = 0  # internal links checked
    edits: list[Edit] = field(default_factory=list)  # root-relative links given the base path
    in_source: list[tuple[int, str]] = field(default_factory=list)  # (line, message) in origin
    from_template: list[tuple[str, str, int]] = field(default_factory=list)  # (url, why, line)
    source_digest: str | None = None  # of the Markdown file the messages were placed in
    depends_on: set[str] = field(default_factory=set)  # _EXISTS + name, _IDS + page


class _Auditor:
    """Checks files one at a time against the whole output; a verdict on a URL is reached once
    and shared by the pages that carry it (the menu, stylesheet and feed links of every page)."""

    def __init__(self, site: _Files, base_url: str, origins: Mapping[str, str],
                 source: Path | None, parsed_of: Callable[[str], Parsed],
                 source_digests: Mapping[str, str] | None = None) -> None:
        parts = split_url(base_url)
        self.base_path = "/" + parts.path.strip("/") + "/" if parts.path.strip("/") else "/"
        self.netloc = parts.netloc
        self.site, self.origins, self.source, self.parsed_of = site, origins, source, parsed_of
        self.sources = _Sources(source_digests)
        self.verdicts: dict[tuple[str, str],
                            tuple[tuple[str, str | None] | None, tuple[str, ...]]] = {}

    def ids_of(self, target: str) -> set[str] | None:
        return self.parsed_of(target)[1] if target.endswith(_PAGE_SUFFIXES) else None

    def audit(self, rel: str, text_of: Callable[[], str]) -> FileAudit:
        found = FileAudit()
        page_dir = posixpath.dirname(rel)
        edits: list[tuple[int, int, str]] = []
        broken: dict[tuple[str, str], _Broken] = {}
        verdicts, depends_on = self.verdicts, found.depends_on
        by_page = rel.endswith("404.html")  # (shown at any URL: its links judged on their own)
        links = 0
        for url, start, end, _in_srcset in self.parsed_of(rel)[0]:
            # judged per folder when the URL is relative, per page when it is only a fragment
            key = (rel if by_page or url.startswith("#") else ""
                   if url.startswith("/") or "://" in url else page_dir, url)
            verdict = verdicts.get(key)
            if verdict is None:
                seen: list[str] = []
                target = _check(url, rel, page_dir, self.base_path, self.netloc, self.site,
                                self.ids_of, seen)
                verdict = verdicts[key] = target, tuple(seen)
            target, looked_at = verdict
            depends_on.update(looked_at)
            if target is None:
                continue
            links += 1
            why, fixed = target
            if fixed is not None and end > start:  # else its offsets are unknown
                edits.append((start, end, fixed))
            if why:
                entry = broken.get((url, why))
                if entry is None:
                    entry = broken[url, why] = _Broken(url, why, _below(url, self.base_path), [])
                entry.offsets.append(start)
        found.links = links
        if edits:
            text = text_of()
            found.edits = [(start, end, text[start:end], html.escape(new, quote=True))
                           for start, end, new in sorted(edits)]
        if not broken:
            return found
        origin = self.origins.get(rel, "")
        source = self.sources.get(origin, self.source)
        if source is not None:
            found.source_digest = source.digest
        reported: set[tuple[int | None, str]] = set()  # an image and the og:image made of it
        written_at: set[str] = set()  # files named by URLs found in the source
        # URLs as the author wrote them first; absolute ones (og:image) are made from them
        spelled = [(item, _spellings(item, self._markdown_names(item, page_dir, origin, source),
                                     page_dir))
                   for item in sorted(broken.values(), key=lambda b: "://" in b.url)]
        # all the spellings of all the broken URLs, looked for in the source at once
        holding, renderer_said = source.lines_holding(set().union(*(s for _, s in spelled))) \
            if source is not None else ({}, set())
        for item, spellings in spelled:
            written = [s for s in spellings if s in holding]
            if _names_markdown_file(item.url) and written \
                    and all(s in renderer_said for s in written):
                continue  # `[x](gone.md)`: the renderer said "no such Markdown file" at its line
            lines = sorted(set().union(*(holding[s] for s in written)))
            if not lines and _fragment(item) and source is not None:  # (`[[b#方法]]`)
                lines = source.lines_naming(_fragment(item), item.url.startswith("#"))
            if lines:
                said = _target_of(item, page_dir) + "#" + _fragment(item)
                # (a cover's og:image is the page's absolute URL: said as its writer wrote
                # it, `cover: /gallery/a.png`, not as `https://user.github.io/gallery/a.png`)
                shown = next((s for s in written if "://" not in s), None) \
                    if "://" in item.url else None
                found.in_source.extend((line, _message(item, origin, self.source, shown))
                                       for line in lines
                                       if (line, said) not in reported)
                reported.update((line, said) for line in lines)
                written_at.add(_target_of(item, page_dir))
            elif "://" in item.url and item.site_path in written_at:
                continue  # the og:image of a post's image, reported where the image is written
            elif origin.startswith("static/") and self.source is not None:  # copied as it is
                found.in_source.append((_line_at(text_of(), item.offsets[0]),
                                        _message(item, origin, self.source)))
            else:
                found.from_template.append((item.url, item.why,
                                            _line_at(text_of(), item.offsets[0])))
        if source is not None:
            source.let_go()
        return found

    def _markdown_names(self, item: _Broken, page_dir: str, origin: str,
                        source: _Source | None) -> list[str]:
        """How a Markdown file links to the post a broken fragment is missing from, by its
        file (`[x](hello.md#nope)`, which the page holds as the post's URL): relative to the
        linking file, and from content/; in the capitals the source writes them in, too (the
        renderer follows `sec/d.md` to `Sec/d.md`, saying so)."""
        if not _fragment(item) or not is_markdown_name(origin):
            return []
        target = self.site.resolve(_target_of(item, page_dir), [])
        written = self.origins.get(target or "", "")
        if not written.startswith(f"{CONTENT_DIR}/") or not is_markdown_name(written):
            return []
        relative = posixpath.relpath(written, posixpath.dirname(origin))
        from_content = written[len(CONTENT_DIR) + 1:]
        names = [relative, "./" + relative, from_content, "/" + from_content]
        if source is None:
            return names
        return names + [spelled for name in names for spelled in
                        {m.group() for m in re.finditer(re.escape(name), source.text, re.I)}
                        if spelled != name]


def _fragment(item: _Broken) -> str:
    """The fragment of a link whose fragment is what is broken ("" for any other)."""
    return unquote(split_url(item.url).fragment) if item.why.startswith("no id=") else ""


def _line_at(text: str, offset: int) -> int:
    """The line of `offset`, a `\r\n` or a lone `\r` (an old Mac's) ending one as `\n` does."""
    line = text.count("\n", 0, offset) + 1
    if "\r" in text:
        line += text.count("\r", 0, offset) - text.count("\r\n", 0, offset)
    return line


class _Setting(NamedTuple):
    """Where the settings write a URL that templates put on pages."""

    path: Path  # site.yaml, as its own messages name it
    line: int | None
    written: str  # the URL as written there
    what: str  # what it is part of: "of the en menu"
    hint: str = ""  # how such a URL is read, after the message


def _report(audited: list[tuple[str, str, FileAudit | _Remembered]], shown: Path,
            settings: Callable[[], Mapping[str, _Setting]] | None = None) -> list[Diagnostic]:
    """The messages of files audited in name order: where the author wrote each broken link,
    then each link that templates repeat, once: at the line of site.yaml that gives it (a
    menu entry), else on the first page with how many pages carry it. `settings`: the links
    site.yaml gives, as pages hold them (read only when templates hold a broken link)."""
    diagnostics: list[Diagnostic] = []
    # (url, why) -> pages and the first's why: a relative URL is one link, which leads to
    # another missing file from each page's folder (`href="favicon.ico"` in a partial)
    by_template: dict[tuple[str, str], list[tuple[str, int, str]]] = {}
    for rel, origin, found in audited:
        if found.in_source:  # (most files say nothing; a file's path is made once)
            path = Path(origin)
            diagnostics.extend(Diagnostic("warning", message, path, line)
                               for line, message in found.in_source)
        for url, why, line in found.from_template:
            key = (url, "") if _relative(url) else (url, why)
            by_template.setdefault(key, []).append((rel, line, why))
    given = settings() if by_template and settings is not None else {}
    for (url, _), pages in by_template.items():
        rel, line, why = pages[0]
        if url in given:
            setting = given[url]
            on = f" (on {len(pages)} page{'s' * (len(pages) > 1)})"
            diagnostics.append(Diagnostic(
                "warning", f"broken link `{_readable_url(setting.written)}` {setting.what}: "
                f"{why}{on}{setting.hint}", setting.path, setting.line))
            continue
        others = f" (and on {len(pages) - 1} other page{'s' * (len(pages) > 2)}" \
            if len(pages) > 1 else ""
        if others and _relative(url):
            others += (f"; a relative link in a template leads somewhere else from each page: "
                       f"`{{{{ '{url}' | url }}}}` links the site's own file")
        others += ")" if others else ""
        diagnostics.append(Diagnostic(
            "warning", f"broken link `{_readable_url(url)}`: {why}{others}", shown / rel, line))
    return diagnostics


def _relative(url: str) -> bool:
    """Whether a URL leads from the page's folder (`a.png`, `../b/`), not from the site's."""
    parts = split_url(url)
    return not (parts.scheme or parts.netloc or url.startswith(("/", "#", "?")))


def _settings_links(source: Path, base_url: str,
                    held_back: Mapping[str, str] | None = None) -> dict[str, _Setting]:
    """The link the theme makes of each menu entry of site.yaml (as its header template does),
    and of its `image` (as og:image) -> where it is written: a URL that leads nowhere is a typo
    on that line, not on each of the pages that show it. `held_back`: content-relative
    Markdown path -> why this build left it out ("draft"), as `site._held_back_by_name`."""
    diagnostics = Diagnostics()  # (the build reported them; a site.yaml with errors builds none)
    config, doc = read_config(source, diagnostics)
    config = replace(config, default_language=declared_default_language(config))
    urls = UrlBuilder(base_url)
    found: dict[str, _Setting] = {}
    languages = resolve_languages(config, set())
    default = languages[0] if languages else None
    own_menu = _menu_of_the_sites_base(source)
    for language in languages:
        for index, item in enumerate(language.menu):
            url = item["url"]
            # (each place the entry may lead: its language's page, else the default's)
            links = [url] if is_external(url) else [
                urls.path(path) + item["anchor"] for path in menu_paths(item, default.prefix)]
            written = config.languages[language.code].menu[index].url
            line = doc.line_of(("languages", language.code, "menu", str(index), "url"))
            setting = _Setting(source / CONFIG_FILE, line, written,
                               f"of the {language.code} menu",
                               _held_back_hint(written, language.code, held_back or {})
                               or _menu_hint(written, language.code, default.code, own_menu))
            for link in links:
                found.setdefault(link, setting)
    picture = site_picture(config.image, urls)
    if picture is not None and "://" not in picture:  # (every page's og:image, made absolute)
        found.setdefault(urls.absolute(picture), _Setting(
            source / CONFIG_FILE, doc.line_of(("image",)), config.image, "of the site's `image`",
            "; `image` is a file of the site (`og.png` for static/og.png) or a full URL"))
    return found


def _menu_hint(url: str, code: str, default: str, own_menu: bool = False) -> str:
    """How a menu entry's `url` is read, for the message of one that leads nowhere. The
    theme's header links `item.path`, the page in the menu's language, else the default
    language's there; a site's own templates/base.html (copied from an older theme) builds
    its menu's links its own way, and the message says so, not what the theme would do."""
    path = split_url(url).path.lstrip("/")
    if is_external(url) or not path:
        return ""
    page = (f"content/{path.rstrip('/')}.md is at `{path}`" if path.endswith("/")
            else f"static/{path} is at `{path}`")
    where = ""
    if code != default and own_menu:
        where = (f"; the {code} menu's links are made by the site's templates/base.html, not "
                 f"the theme's, whose `item.path` links {code}'s page there, else {default}'s")
    elif code != default:
        where = f"; the {code} menu links {code}'s page there, else {default}'s"
    return f"; a menu url is a page's path ({page}{where}) or a full URL"


def _held_back_hint(url: str, code: str, held_back: Mapping[str, str]) -> str:
    """Why a menu entry leads nowhere when the page it names is there but this build left it
    out (a draft, past its expiryDate, dated in the future), and what shows it: the page's
    file, looked for as the menu reads a path, the menu language's own first."""
    path = split_url(url).path.strip("/")
    if is_external(url) or not path:
        return ""
    for name in (f"{path}.{code}.md", f"{path}/index.{code}.md", f"{path}.md",
                 f"{path}/index.md"):
        why = held_back.get(name)
        if why in HELD_BACK:
            return f"; {CONTENT_DIR}/{name}, the page at `{path}/`, is {HELD_BACK[why]}"
    return ""


# A template that extends the theme's base.html, and so keeps its header unless it fills it
_EXTENDS_THEME_BASE = re.compile(r"""\{%-?\s*extends\s+["']theme/base\.html["']""")


def _menu_of_the_sites_base(source: Path) -> bool:
    """Whether the site's own templates/base.html makes the menu's links without the theme's
    `item.path` (which leads to the default language's page when the menu's language has
    none): a base.html of its own that writes its menu, or does not extend the theme's."""
    try:
        text = (source / "templates" / "base.html").read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False  # (none: the theme's header; an unreadable one is said by the build)
    if "item.path" in text:
        return False
    return "lang.menu" in text or not _EXTENDS_THEME_BASE.search(text)


def _parse(rel: str, text: str) -> Parsed:
    if rel.endswith(".css"):
        return list(_css_links(text, 0)), None
    if rel.endswith(".xml"):
        return list(_xml_links(text)), None
    return _page_links(text)


def audit_output(files: Mapping[str, bytes] | Path, base_url: str, *,
                 origins: Mapping[str, str] | None = None, source: Path | None = None,
                 shown_as: Path | None = None) -> Audit:
    """Check every internal link in the output; fix root-relative ones that have a target.

    `origins` maps output files to what made them ("content/posts/a.md", "static/css/x.css"),
    for messages; `source` is the site folder those paths are relative to; `shown_as` is how
    the output folder is named in messages (public).
    """
    site = _Files(files)
    origins = origins or {}
    texts: dict[str, str] = {}
    parsed: dict[str, Parsed] = {}

    def text_of(rel: str) -> str:
        if rel not in texts:
            texts[rel] = site.read(rel).decode("utf-8", errors="replace")
        return texts[rel]

    def parsed_of(rel: str) -> Parsed:
        if rel not in parsed:
            parsed[rel] = _parse(rel, text_of(rel))
        return parsed[rel]

    auditor = _Auditor(site, base_url, origins, source, parsed_of)
    audit = Audit()
    audited = []
    for rel in sorted(name for name in site.names if name.endswith(_SCANNED_SUFFIXES)):
        found = auditor.audit(rel, partial(text_of, rel))
        audit.links += found.links
        if found.edits:
            audit.rewritten[rel] = _apply(text_of(rel), found.edits).encode("utf-8")
        audited.append((rel, origins.get(rel, ""), found))
    audit.diagnostics = _report(audited, shown_as or Path("."))
    return audit


# --- the build's audit: only what changed since the last one ----------------------------------


def check_output(stage: StagedOutput, base_url: str, source: Path, shown_as: Path,
                 store: Store | None, output_key: str,
                 source_digests: Mapping[str, str] | None = None,
                 uses: dict[str, list[str]] | None = None,
                 check: Checkpoint = never,
                 held_back: Mapping[str, str] | None = None, jobs: int = 1) -> list[Diagnostic]:
    """The build's hook: audit the staged output, put the rewritten files in its place.

    With the build cache, the last audit is remembered (`_Memory`): a file is audited again
    only when its bytes or origin changed, when the Markdown file its messages point into
    changed, or when something its links depended on changed — a file name they tried appeared
    or went, or a page whose ids they checked got other ids. Every other file's verdict is
    the one a full audit would reach again, so it is replayed. `output_key` names the output
    in the cache (see `site._output_key`); `source_digests`, of the Markdown files as the
    build read them ("content/a.md" -> digest), spares reading them again. `uses` gets the
    keys of the cache entries this output's audit relies on (for `Store.sweep`, with
    `AUDIT_ROWS`); `check` is asked every few files (the preview stops a build for a newer
    save); `held_back` names the Markdown files this build left out and why (a menu entry
    that leads to one says so); `jobs`: the processes the audit of many files may use.
    """
    key = hash_text("link audit", _MEMORY_FORMAT, code_fingerprint(), base_url,
                    str(source.resolve()), output_key)
    memory = _Memory.load(store, key) if store is not None else None
    try:
        return _check_stage(stage, base_url, source, shown_as, store, key, memory,
                            source_digests, uses, check, held_back or {}, jobs)
    except _Damaged:  # the memory contradicts what is on disk: audit everything
        return _check_stage(stage, base_url, source, shown_as, store, key, None,
                            source_digests, uses, check, held_back or {}, jobs)


class _Damaged(Exception):
    """Something remembered does not match what it should."""


def _check_stage(stage: StagedOutput, base_url: str, source: Path, shown_as: Path,
                 store: Store | None, key: str, memory: _Memory | None,
                 source_digests: Mapping[str, str] | None,
                 uses: dict[str, list[str]] | None, check: Checkpoint,
                 held_back: Mapping[str, str], jobs: int) -> list[Diagnostic]:
    site = _Files(stage.view())
    staged = {rel: record.digest for rel, record in stage.records.items()}
    scanned = sorted(rel for rel in staged if rel.endswith(_SCANNED_SUFFIXES))
    was = memory.files if memory is not None else {}
    texts: dict[str, str] = {}
    # The bytes a clean build would audit: a page kept from an earlier output holds the links
    # that audit fixed, and is audited as it was rendered, the fixes undone. What a fixed file
    # was made from is in the memory, else found by the digest of its bytes (the output of a
    # build that failed or was stopped after its audit is not the one remembered).
    raw = {rel: was[rel].raw if rel in was and staged[rel] == was[rel].out else staged[rel]
           for rel in scanned}
    unknown = [rel for rel in scanned
               if rel not in was or staged[rel] not in (was[rel].raw, was[rel].out)]
    made_from = _fixed_files(store, [staged[rel] for rel in unknown])
    for rel in unknown:
        if staged[rel] in made_from:
            rendered, edits = made_from[staged[rel]]
            text = _undo(site.read(rel).decode("utf-8", errors="replace"), edits)
            if output_digest(text.encode("utf-8")) == rendered:  # else: taken as it is
                raw[rel], texts[rel] = rendered, text
    known = _KnownFiles(store)

    def text_of(rel: str) -> str:
        if rel not in texts:
            text = site.read(rel).decode("utf-8", errors="replace")
            if raw[rel] != staged[rel]:
                text = _undo(text, was[rel].edits)
                if output_digest(text.encode("utf-8")) != raw[rel]:
                    raise _Damaged
            texts[rel] = text
        return texts[rel]

    def parsed_of(rel: str) -> Parsed:
        found = known.get(raw[rel])
        if found is None:
            found = known[raw[rel]] = _parse(rel, text_of(rel))
        return found

    auditor = _Auditor(site, base_url, stage.origins, source, parsed_of, source_digests)
    events: set[str] = set()
    if memory is None:
        todo = set(scanned)
    else:
        changed = {rel for rel in checked(scanned, check, 64)
                   if rel not in was or raw[rel] != was[rel].raw
                   or stage.origins.get(rel, "") != was[rel].origin
                   or (was[rel].source_digest is not None and was[rel].source_digest
                       != auditor.sources.digest_of(was[rel].origin, source))}
        known.prefetch([raw[rel] for rel in changed])
        came_or_went = memory.names ^ staged.keys()
        events = {_EXISTS + name for name in came_or_went}
        events.update(_CAPITALS + name.lower() for name in came_or_went)
        events.update(_IDS + rel for rel in changed if rel in was and was[rel].ids
                      != _ids_digest(parsed_of(rel)[1] if rel.endswith(_PAGE_SUFFIXES) else None))
        todo = changed | (memory.dependents(events) & set(scanned))

    # 1. audit what must be; 2. what is remembered next (may find the memory damaged, so it
    # comes before any file is touched); 3. put the fixed files in place.
    audited_now = _audit_all(sorted(todo), partial(_audited, auditor, text_of, known, raw),
                             store, jobs, check)
    redone = {rel: found for rel, (found, _) in audited_now.items()}
    for rel in redone:
        if raw[rel] != staged[rel]:
            text_of(rel)  # the rendered bytes are made back now, while nothing is rewritten
    depends = {rel: _depends_digest(found.depends_on) for rel, found in redone.items()}
    rows = memory.updated_rows(redone, events, {
        rel for rel in redone if rel in was and was[rel].depends == depends[rel]}) \
        if memory is not None else _rows_of(redone)

    audited: list[tuple[str, str, FileAudit | _Remembered]] = []
    files: dict[str, _Remembered] = {}
    for rel in checked(scanned, check, 64):
        origin = stage.origins.get(rel, "")
        found = redone[rel] if rel in redone else was[rel]  # (what it found, replayed)
        if rel in redone or staged[rel] != was[rel].out:  # else: last output's file, as fixed
            wanted = (_apply(text_of(rel), found.edits).encode("utf-8") if found.edits
                      else text_of(rel).encode("utf-8") if raw[rel] != staged[rel] else None)
            if wanted is not None and output_digest(wanted) != staged[rel]:
                stage.rewrite(rel, wanted)
                if found.edits and store is not None:
                    store.put(_FIXED_KIND, stage.records[rel].digest, [raw[rel], found.edits])
        out = stage.records[rel].digest
        if rel in redone:
            files[rel] = _Remembered.of(raw[rel], out, origin, audited_now[rel][1],
                                        depends[rel], redone[rel])
        else:  # (its bytes as rendered, its origin and source as remembered: not changed)
            files[rel] = was[rel] if out == was[rel].out else was[rel]._replace(out=out)
        audited.append((rel, origin, found))
    if store is not None:
        _Memory(store, key, set(staged), files, rows).save()
    if uses is not None:  # each file's facts, by its bytes as rendered; how fixed files were
        uses[_KnownFiles.KIND] = sorted({file.raw for file in files.values()})
        uses[_FIXED_KIND] = sorted({file.out for file in files.values() if file.out != file.raw})
        # and this memory, with its rows (`AUDIT_ROWS`): every base URL, output folder and
        # version of blogforge has a memory of its own, which no build reads once those move
        uses[_MEMORY_KIND] = [key]
    # (where site.yaml writes a link is read anew: it moves without the pages changing)
    return _report(audited, shown_as, partial(_settings_links, source, base_url, held_back))


# Fewer files than this are audited faster than a process is started to audit half of them.
AUDIT_ASIDE_FILES = 300

# What the audit found in a file, and the digest of its ids (a page's) that the memory keeps.
_Audited = dict[str, tuple[FileAudit, str | None]]


def _audit_all(rels: list[str], audit: Callable[[list[str], Checkpoint], _Audited],
               store: Store | None, jobs: int, check: Checkpoint) -> _Audited:
    """`audit` of the files `rels` (in their order): many of them half by this process, half
    by one forked beside it (a cold build of 1,000 posts audited 1,800 files for 0.5 s on
    one core, the build's last long stretch); the memory, the rewrites and the messages that
    follow are the parent's alone. A forked process that fails leaves its half to this one,
    which meets what failed it (a damaged memory: `_Damaged`)."""
    aside = Aside.start(with_cache_added, partial(audit, rels[1::2], never), store) \
        if jobs > 1 and len(rels) >= AUDIT_ASIDE_FILES else None
    if aside is None:
        return audit(rels, check)
    try:
        found = audit(rels[::2], check)
        theirs = aside.result()
    finally:
        if not aside.done:  # (stopped, or this half failed: its work is for nobody)
            aside.stop()
    if theirs is None:
        found.update(audit(rels[1::2], check))
    else:
        made, added = theirs
        found.update(made)
        if store is not None:  # (the facts of files it parsed: `_KnownFiles`)
            store.add_pending(added)
    return {rel: found[rel] for rel in rels}


def _audited(auditor: _Auditor, text_of: Callable[[str], str], known: _KnownFiles,
             raw: Mapping[str, str], rels: list[str], check: Checkpoint) -> _Audited:
    known.prefetch([raw[rel] for rel in rels])
    found = {}
    for rel in checked(rels, check):
        found[rel] = auditor.audit(rel, partial(text_of, rel)), _ids_digest(
            auditor.parsed_of(rel)[1] if rel.endswith(_PAGE_SUFFIXES) else None)
    return found


def _fixed_files(store: Store | None, digests: list[str]) -> dict[str, tuple[str, list[Edit]]]:
    """Digest of a file the audit fixed -> (digest of the file as rendered, the fixes)."""
    found = {}
    for digest, value in (store.get_many(_FIXED_KIND, digests) if store else {}).items():
        try:
            rendered, edits = value
            found[digest] = str(rendered), [(int(a), int(b), str(was), str(new))
                                            for a, b, was, new in edits]
        except (TypeError, ValueError):
            continue  # damaged: the file is audited as it is
    return found


def _ids_digest(ids: set[str] | None) -> str | None:
    return None if ids is None else hash_text(*sorted(ids))


def _depends_digest(depends_on: set[str]) -> str:
    return hash_text(*sorted(depends_on))[:16]  # (one a file: short, in a memory of thousands)


# --- what the last audit of an output found, in the build cache ---------------------------------

_MEMORY_FORMAT = 3  # bump when what is remembered changes shape
_MEMORY_KIND, _ROW_KIND = "link-audit", "link-audit-row"
_FIXED_KIND = "link-audit-fixed"  # digest of a fixed file -> what it was made from, and how
# For `Store.sweep`: a memory's rows are under `memory key:dependency` (`_Memory._row_key`),
# kept while the memory is and deleted with it, without being named one by one in the record
# of what each build used (4,000 rows of a 1,000-post site, written on every build).
AUDIT_ROWS = {_ROW_KIND: _MEMORY_KIND}


class _Remembered(NamedTuple):
    """One scanned file of the last audit: what it found (a `FileAudit`'s fields, but its
    `depends_on`, which is kept in rows, by dependency), and what that was found of. (A
    tuple, as stored: the memory of a 1,000-post blog's 1,816 files is read and written by
    every build, and made as objects of their own it cost one edit 3 ms.)"""

    raw: str  # digest of the bytes audited (as rendered)
    out: str  # digest of the bytes written (root-relative links fixed)
    origin: str
    ids: str | None  # digest of a page's ids
    depends: str  # digest of what its verdict depends on (`_depends_digest`)
    links: int
    edits: list[Edit]
    in_source: list[tuple[int, str]]
    from_template: list[tuple[str, str, int]]
    source_digest: str | None

    @classmethod
    def of(cls, raw: str, out: str, origin: str, ids: str | None, depends: str,
           found: FileAudit) -> _Remembered:
        return cls(raw, out, origin, ids, depends, found.links, found.edits, found.in_source,
                   found.from_template, found.source_digest)

    @classmethod
    def decode(cls, value: list) -> _Remembered:
        raw, out, origin, ids, depends, links, edits, in_source, from_template, \
            source_digest = value
        return cls(raw, out, origin, ids, depends, links,  # (most files: no edits, no messages)
                   [(int(a), int(b), str(was), str(new)) for a, b, was, new in edits]
                   if edits else [],
                   [(int(line), str(message)) for line, message in in_source]
                   if in_source else [],
                   [(str(url), str(why), int(line)) for url, why, line in from_template]
                   if from_template else [], source_digest)


@dataclass
class _Rows:
    """Dependency -> the files whose verdicts depend on it: the checksum of each row stored,
    and the rows to store anew. A row may name files that no longer depend on it (they are
    audited again for nothing); it never misses one."""

    checksums: dict[str, str]
    changed: dict[str, list[str]]


def _rows_of(redone: dict[str, FileAudit]) -> _Rows:
    pages: dict[str, list[str]] = {}
    for rel, found in redone.items():
        for dependency in found.depends_on:
            pages.setdefault(dependency, []).append(rel)
    return _Rows({}, pages)


def _checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]  # (see fingerprint.digest)


class _Memory:
    """The last audit of one output folder: all its file names, each scanned file's verdict,
    and rows of dependents, read only for the dependencies that changed. The memory holds
    the checksum of each row (and the cache the CRC-32 of each entry, the memory's too):
    anything that does not match is a full audit, never a guess."""

    def __init__(self, store: Store, key: str, names: set[str], files: dict[str, _Remembered],
                 rows: _Rows) -> None:
        self.store, self.key, self.names, self.files, self.rows = store, key, names, files, rows

    @classmethod
    def load(cls, store: Store, key: str) -> _Memory | None:
        text = store.get_many_text(_MEMORY_KIND, [key]).get(key)
        if text is None:
            return None
        try:
            data = decode(text)
            files = {rel: _Remembered.decode(value) for rel, value in data["files"].items()}
            return cls(store, key, set(data["names"]), files, _Rows(dict(data["rows"]), {}))
        except (ValueError, TypeError, KeyError, AttributeError):
            return None

    def _row_key(self, dependency: str) -> str:
        return f"{self.key}:{dependency}"

    def _load_rows(self, dependencies: set[str]) -> dict[str, set[str]]:
        wanted = [d for d in dependencies if d in self.rows.checksums]
        texts = self.store.get_many_text(_ROW_KIND, [self._row_key(d) for d in wanted])
        rows = {}
        for dependency in wanted:
            text = texts.get(self._row_key(dependency))
            if text is None or _checksum(text) != self.rows.checksums[dependency]:
                raise _Damaged
            rows[dependency] = set(decode(text))
        return rows

    def dependents(self, events: set[str]) -> set[str]:
        return set().union(*self._load_rows(events).values())

    def updated_rows(self, redone: dict[str, FileAudit], events: set[str],
                     settled: set[str]) -> _Rows:
        """The rows after `redone` were audited again: those of `events` hold only them (every
        file in them was), the others gain the files that now depend on them. The files of
        `settled` depend on what they did at the last audit, and are in those rows already:
        theirs are not read (a post's page depends on some 30 names, of its menu's pages,
        the stylesheets and its links, most of them on every page: a one-post edit read 16,000
        names to learn that its page was among them)."""
        changed: dict[str, set[str]] = {d: set() for d in events if d in self.rows.checksums}
        current = self._load_rows({d for rel, found in redone.items() if rel not in settled
                                   for d in found.depends_on} - changed.keys())
        for rel, found in redone.items():
            for dependency in found.depends_on:
                if dependency not in changed:
                    if rel in settled or rel in current.get(dependency, ()):
                        continue
                    changed[dependency] = set(current.get(dependency, ()))
                changed[dependency].add(rel)
        return _Rows(dict(self.rows.checksums),
                     {d: sorted(pages) for d, pages in changed.items()})

    def save(self) -> None:
        checksums = self.rows.checksums
        for dependency, pages in self.rows.changed.items():
            if not pages:
                checksums.pop(dependency, None)
                continue
            text = json.dumps(pages, ensure_ascii=False)
            self.store.put_text(_ROW_KIND, self._row_key(dependency), text)
            checksums[dependency] = _checksum(text)
        self.store.put_text(_MEMORY_KIND, self.key, encode_plain({
            "names": sorted(self.names), "rows": checksums,
            "files": {rel: [*remembered] for rel, remembered in self.files.items()}}))


class _KnownFiles:
    """Digest -> what a file with those bytes holds, kept in the build cache (the processes
    that render pages put theirs there, see `page_facts`)."""

    KIND = "links"

    def __init__(self, store: Store | None) -> None:
        self.store = store
        self.loaded: dict[str, Parsed] = {}

    def prefetch(self, digests: list[str]) -> None:
        if self.store is not None:
            wanted = [d for d in digests if d not in self.loaded]
            for digest, value in self.store.get_many(self.KIND, wanted).items():
                self._take(digest, value)

    def get(self, digest: str) -> Parsed | None:
        if digest not in self.loaded and self.store is not None:
            self._take(digest, self.store.get(self.KIND, digest))
        return self.loaded.get(digest)

    def _take(self, digest: str, value: object) -> None:
        try:
            links, ids = value  # type: ignore[misc]
            made = list(map(_new_link, links))
            if set(map(len, made)) - {len(_Link._fields)}:  # (as `_Link._make` would refuse)
                raise ValueError(digest)
            self.loaded[digest] = made, set(ids) if ids is not None else None
        except (TypeError, ValueError):
            pass  # missing or damaged: the file is parsed again

    def __setitem__(self, digest: str, parsed: Parsed) -> None:
        self.loaded[digest] = parsed
        if self.store is not None:
            self.store.put_plain(self.KIND, digest, _encode_parsed(parsed))


def _encode_parsed(parsed: Parsed) -> list:
    links, ids = parsed
    return [[[x.url, x.start, x.end, x.in_srcset] for x in links],
            sorted(ids) if ids is not None else None]


def page_facts(page: str) -> str:
    """What the audit needs of a page, as the cache keeps it: worked out by the process that
    rendered it, so that a large build parses its pages in parallel."""
    return encode_plain(_encode_parsed(_page_links(page)))


def remember_page_facts(store: Store, page_digest: str, facts: str) -> None:
    """`page_facts` of the page whose bytes (UTF-8) have this digest (`digest` in
    fingerprint.py: the one the output's records hold, worked out once as the page is
    written)."""
    store.put_text(_KnownFiles.KIND, page_digest, facts)


# --- finding links --------------------------------------------------------------------------


def _blank(match: re.Match[str]) -> str:
    """Hide a comment or a script's body, keeping offsets and line numbers."""
    kept = (match.group(1) or "") if match.re is _SCRIPT_BODY else ""
    rest = match.group(0)[len(kept):]
    if "\n" not in rest:  # (a page's scripts are mostly one line each)
        return kept + " " * len(rest)
    return kept + "\n".join(" " * len(line) for line in rest.split("\n"))


# What ends a comment, a script (after its tag's `>`): a match of `_COMMENT`, `_SCRIPT_BODY`
_CLOSERS = {"<!--": ("-->", False), "<script": ("</script>", True)}


def _possible(text: str, opener: str) -> Callable[[int], bool]:
    """Whether a comment or a script can start at an `opener` found at a position: its closer
    is found after it. (A try where none is reads to the page's end: a line of 20,000 `<!--`
    took a minute.) Asked of positions in order: each closer is looked for once."""
    closer, tag_ends = _CLOSERS[opener]
    found = {">": -2, closer: -2}  # the first found after the position last asked; -1: none

    def after(what: str, start: int) -> int:
        if found[what] != -1 and found[what] < start:
            found[what] = text.find(what, start)
        return found[what]

    def possible(at: int) -> bool:
        start = at + len(opener)
        if tag_ends:
            end = after(">", start)
            if end == -1:
                return False
            start = end + 1
        return after(closer, start) != -1

    return possible


def _matches(text: str, opener: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """The matches `pattern.sub` would replace, for a pattern that starts with `opener`: tried
    only where `str.find` finds it (`sub` walked every position: 0.43 s of the 47 MB page of
    a 6 MB post, for the page's few comments and scripts), and a closer after it."""
    possible = _possible(text, opener)
    at = text.find(opener)
    while at != -1:
        match = pattern.match(text, at) if possible(at) else None
        if match is None:
            at = text.find(opener, at + 1)
            continue
        yield match
        at = text.find(opener, max(match.end(), at + 1))


def _blanked(text: str, opener: str, pattern: re.Pattern[str]) -> str:
    return _spliced(text, [(m.start(), m.end(), _blank(m)) for m in _matches(text, opener,
                                                                              pattern)])


def _spliced(text: str, edits: list[tuple[int, int, str]]) -> str:
    """`text` with each (start, end) range, in order and apart, replaced: one copy of it."""
    if not edits:
        return text
    first, last = edits[0][0], edits[-1][1]
    if last - first < len(text) // 4:
        # The ranges within a short stretch (a theme's scripts in the head, the page's text
        # after them): `str.replace` copies the rest into the new text itself, where joining
        # slices of it copied it twice (the slices, then the text: the 47 MB page of a 6 MB
        # post held three times, its build's peak); the stretch is replaced where it stands,
        # the first place its text is found.
        stretch = text[first:last]
        if text.find(stretch, 0, last) == first:
            return text.replace(stretch, _spliced(stretch, [
                (start - first, end - first, replacement)
                for start, end, replacement in edits]), 1)
    parts, done = [], 0
    for start, end, replacement in edits:
        parts += [text[done:start], replacement]
        done = end
    parts.append(text[done:])
    return "".join(parts)


def _hidden(text: str) -> str:
    """The page with its comments blanked, then the bodies of the scripts left outside them.

    The same text as `_blanked` for comments and then for scripts, spliced once rather than
    twice (each splice copies the page twice: 0.13 s of a 6 MB post's 44 million characters,
    which both passes copied three times): a script is looked for in the page as written,
    where its match is the same as in the page with comments blanked unless a comment starts
    inside what the match read (up to its `</script>`); then both passes are made."""
    comments = list(_matches(text, "<!--", _COMMENT))
    starts = [m.start() for m in comments]
    edits = [(m.start(), m.end(), _blank(m)) for m in comments]
    possible = _possible(text, "<script")
    at = text.find("<script")
    while at != -1:
        before = bisect.bisect_right(starts, at)  # the comments that start up to `at`
        if before and comments[before - 1].end() > at:  # inside a comment: blanked
            at = text.find("<script", comments[before - 1].end())
            continue
        match = _SCRIPT_BODY.match(text, at) if possible(at) else None
        if match is None:
            at = text.find("<script", at + 1)
            continue
        if before < len(starts) and starts[before] < match.end() + len("</script>"):
            return _blanked(_blanked(text, "<!--", _COMMENT), "<script", _SCRIPT_BODY)
        edits.append((at, match.end(), _blank(match)))
        at = text.find("<script", max(match.end(), at + 1))
    return _spliced(text, sorted(edits))


def _page_links(text: str) -> tuple[list[_Link], set[str]]:
    """The links and ids of a page: each attribute `_ATTR.finditer` would find (a space, a
    name, `=`, a value), found from its `=`, that is inside a tag: read in the loop over the
    matches of `_ATTR_EQUALS` that finds them (a page of the benchmark blog has ~90); then the
    links of its CSS."""
    links: list[_Link] = []
    ids: set[str] = set()
    in_style_attributes: list[_Link] = []
    in_style_blocks: list[_Link] = []
    _links_in(_hidden(text), links, ids, in_style_attributes, in_style_blocks)
    links += in_style_attributes
    links += in_style_blocks
    return links, ids


def _links_in(text: str, links: list[_Link], ids: set[str], in_style_attributes: list[_Link],
              in_style_blocks: list[_Link]) -> None:
    """`_page_links` of a page's text with its comments and scripts hidden (`_hidden`), or of
    a stretch of it (`facts_in_parts`), each kind of link added to its list (a page lists its
    attributes' links, then those of its `style` attributes, then those of its <style>
    blocks) and its ids to `ids`."""
    rfind = text.rfind
    length_by_ending = _ATTR_LENGTH_BY_ENDING
    taken_up_to = 0  # (a name is taken at or after the end of the value taken before it)
    for match in _ATTR_EQUALS.finditer(text):
        equals = match.start()
        length = length_by_ending.get(text[equals - 2:equals])
        if length is not None:  # `name=`, as the look-behind found it
            if text[equals - length - 1] == ":":  # (only `xlink:href` has one)
                length = _XLINK_HREF_LENGTH
            start = equals - length - 1
            if start < taken_up_to:
                continue  # inside the value of the one taken before
            attr = text[equals - length:equals].lower()
        else:
            named = _spaced_name(text, equals)
            if named is None or named[0] < taken_up_to:
                continue
            start, attr = named
        group = match.lastindex  # (the value's: double-quoted, single-quoted or bare)
        begin, end = match.span(group)
        taken_up_to = end + (group != 3)  # (after a quoted value's quote)
        opened = rfind("<", 0, start)
        if opened <= rfind(">", 0, start):
            # text that looks like an attribute, not inside a tag; unless that `>` (and any
            # `<` since the tag opened) is in a quoted value of the tag, as a writer's HTML
            # may have it (`<a title="x>y" href=…>`; the build's own HTML escapes both)
            opened = _tag_quoting(text, start, opened)
            if opened < 0:
                continue
        # (a tag's name is read only if its first letter is right: no other letter than B, A
        # and M is b, a and m in small letters)
        raw = text[begin:end]
        value = html.unescape(raw) if "&" in raw else raw
        # (SVG's `<use xlink:href>` too)
        if attr == "href" or attr == "src" or attr == "poster" or attr == "xlink:href":
            if attr == "href" and text[opened + 1] in "bB" and _tag_name(text, opened) == "base":
                continue
            links.append(_new_link((value, begin, end, False)))
        elif attr == "id":
            ids.add(value)
        elif attr == "srcset":
            exact = value == raw  # entities would shift offsets: check, do not rewrite
            position = 0
            for candidate in _srcset_urls(value):
                at = value.index(candidate, position)
                position = at + len(candidate)
                links.append(_Link(candidate, begin + at, begin + position) if exact
                             else _Link(candidate, begin, begin))
        elif attr == "name":
            if text[opened + 1] in "aA" and _tag_name(text, opened) == "a":
                ids.add(value)
        elif attr == "content" and text[opened + 1] in "mM" and _tag_name(text, opened) == "meta":
            tag = text[opened:text.find(">", end)]
            # (each name of `_IMAGE_META` says "image": the other metas of a page's head, a
            # dozen, are passed over without the pattern)
            kind = _META_KIND.search(tag) if "image" in tag.lower() else None
            if kind is not None and kind.group(1).lower() in _IMAGE_META:
                links.append(_new_link((value, begin, end, False)))
    has_url = "url(" in text
    if has_url:
        for match in _STYLE_ATTR().finditer(text):
            group = 1 if match.group(1) is not None else 2
            in_style_attributes.extend(_css_links(match.group(group), match.start(group)))
    if has_url or "@import" in text:  # (a <style> may name a file by its @import alone)
        for match in _STYLE_BLOCK.finditer(text):
            in_style_blocks.extend(_css_links(match.group(1), match.start(1)))


def _tag_quoting(text: str, start: int, opened: int) -> int:
    """Where the tag opens (its `<`) whose quoted values hold the last `>` before `start` and
    which goes on past `start`, given the last `<` before that `>`; -1 when that `>` ends a
    tag (or is text). The tag's `<` is `opened`, or, while that one is itself in a quoted value
    (`title="<b>"`), the last before that value's quote."""
    rfind = text.rfind
    for _ in range(_QUOTED_TAGS_LOOKED_THROUGH):
        if opened < 0:
            return -1
        head = _TAG_HEAD.match(text, opened)
        if head is not None and head.end() > start:
            return opened
        # Is this `<` in a quoted value: after a quote that opens one (`="`, `= '`)?
        window = max(0, opened - _QUOTED_VALUE_LOOK_BACK)
        quote = max(rfind('"', window, opened), rfind("'", window, opened))
        before = quote - 1
        while before >= 0 and text[before] in " \t\n\r\f":
            before -= 1
        if quote < 0 or before < 0 or text[before] != "=":
            return -1
        opened = rfind("<", 0, quote)
    return -1


def _spaced_name(text: str, equals: int) -> tuple[int, str] | None:
    """For an `=` after a space, which `_ATTR_EQUALS` found: where the attribute's match of
    `_ATTR` starts (the space before its name) and its name in small letters, when the name
    is before the spaces (`name =`); else None."""
    last = equals - 1
    while last >= 0 and text[last].isspace():
        last -= 1
    length = _ATTR_LENGTH_BY_ENDING.get(text[last - 1:last + 1]) if last > 0 else None
    if length == len("href") and text[last - length] == ":" and text[last] in "fF":
        length = _XLINK_HREF_LENGTH  # (`name` has four letters too)
    whole = _ATTR.match(text, last - length) if length and last >= length else None
    return (whole.start(), whole.group(1).lower()) if whole is not None else None


def _tag_name(text: str, opened: int) -> str:
    """The name of the tag whose `<` is at `opened`, in small letters."""
    return _NAME.match(text, opened + 1).group(0).lower()


def _srcset_urls(value: str) -> list[str]:
    return [c.split()[0] for c in value.split(",") if c.strip()]


def _css_links(css: str, offset: int) -> Iterator[_Link]:
    for match in _CSS_URL().finditer(css):
        group = next(i for i in range(1, 6) if match.group(i) is not None)
        yield _Link(match.group(group), offset + match.start(group), offset + match.end(group))


def _xml_links(text: str) -> Iterator[_Link]:
    """Feeds and sitemaps: their own links, not the escaped HTML inside entries."""
    for match in re.finditer(r"<(?:link|atom:link)\b[^>]*?\shref=\"([^\"]*)\"", text):
        yield _Link(html.unescape(match.group(1)), match.start(1), match.end(1))
    for match in _XML_TEXT_LINK().finditer(text):
        yield _Link(html.unescape(match.group(2)), match.start(2), match.end(2))


# --- checking one link ----------------------------------------------------------------------


def _check(url: str, rel: str, page_dir: str, base_path: str, netloc: str, site: _Files,
           ids_of: Callable[[str], set[str] | None],
           looked_at: list[str]) -> tuple[str, str | None] | None:
    """None for a link that is not the site's own; else (why it is broken or "", the URL to
    write instead or None). What else than the URL and the page's folder the answer depends
    on goes to `looked_at`."""
    if url.startswith("#"):  # (a post's contents: a dozen a page, each judged for its page)
        # only an id of this page: what the whole reading below comes to for such a URL, which
        # no pattern of a writer's own file matches and which has no path
        return _fragment_problem(unquote(split_url(url.strip()).fragment), rel, ids_of,
                                 looked_at), None
    if ON_WRITERS_COMPUTER.match(unquote(url.strip())):
        return ON_WRITERS_COMPUTER_WHY, None
    if is_unreadable(url.strip()):
        return ("no URL can be read from it: its `[` (which opens an IPv6 address) is not "
                "closed"), None
    verdict = _check_as_written(url, rel, page_dir, base_path, netloc, site, ids_of, looked_at)
    if verdict is not None and verdict[0] and IN_A_HOME_FOLDER.match(unquote(url.strip())):
        return ON_WRITERS_COMPUTER_WHY, None  # (no such file of the site: the writer's own)
    if verdict is not None and verdict[0] and "\\" in unquote(split_url(url.strip()).path):
        # (Markdown publishes `images\fig.png` as `images%5Cfig.png`)
        return _backslashed(split_url(url.strip()), partial(
            _check_as_written, rel=rel, page_dir=page_dir, base_path=base_path, netloc=netloc,
            site=site, ids_of=ids_of, looked_at=looked_at))
    return verdict


def _check_as_written(url: str, rel: str, page_dir: str, base_path: str, netloc: str,
                      site: _Files, ids_of: Callable[[str], set[str] | None],
                      looked_at: list[str]) -> tuple[str, str | None] | None:
    """`_check`, for the URL as it is written."""
    url = url.strip()
    if not url or url.lower().startswith(_NOT_LINKS):
        return None
    parts = split_url(url)
    fragment = unquote(parts.fragment)
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("", "http", "https") or not netloc or parts.netloc != netloc:
            return None  # another site
        if not (parts.path + "/").startswith(base_path):
            return None  # another site on the same host (another project's pages)
    path = unquote(parts.path)
    if not path:  # "#section" on this page
        if not parts.fragment and parts.query:
            return "", None
        target = rel
    elif path.startswith("/"):
        if not (path + "/").startswith(base_path):
            # root-relative, written for a site at the domain root
            moved = site.resolve(path[1:], looked_at)
            if moved is not None:  # the page is right even when the fragment is not
                return _fragment_problem(fragment, moved, ids_of, looked_at), base_path + url[1:]
            missing = _missing(path[1:], base_path, site, looked_at)
            if IN_OTHER_CAPITALS_WHY in missing:
                return missing, None
            return (f"{missing} (the site lives under {base_path}, and {_readable(path)} is "
                    "no file of it either)"), None
        target = site.resolve(path[len(base_path):], looked_at)
        if target is None:
            return _missing(path[len(base_path):], base_path, site, looked_at), None
    else:
        if rel.rsplit("/", 1)[-1] == "404.html":
            return ("relative link on the 404 page, which is shown at any URL: make it "
                    "root-relative"), None
        joined = posixpath.normpath(posixpath.join(page_dir, path))
        if joined == ".." or joined.startswith("../"):
            return f"leads above the site's root ({base_path})", None
        if path.endswith("/") or joined == ".":
            joined = "" if joined == "." else joined + "/"
        target = site.resolve(joined, looked_at)
        if target is None:
            return _missing(joined, base_path, site, looked_at), None
    return _fragment_problem(fragment, target, ids_of, looked_at), None


_BACKSLASH = re.compile(r"\\|%5[Cc]")
BACKSLASH_WHY = "the link uses `\\` where a URL needs `/`"


def _backslashed(parts: SplitResult,
                 check: Callable[[str], tuple[str, str | None] | None]) -> tuple[str, None]:
    """The verdict on a URL whose path holds `\\`, a Windows folder separator: never one in a
    URL, and Markdown percent-encodes it, so `images\\fig.png` names no file. Said with what
    the same URL with `/` would find; not rewritten to it, as Hugo does not (the writer fixes
    the link, and it then works in every generator and editor preview)."""
    slashed = parts._replace(path=_BACKSLASH.sub("/", parts.path))
    verdict = check(urlunsplit(slashed))
    written = _readable(unquote(slashed.path))
    if verdict is None:
        return BACKSLASH_WHY, None
    why, _fixed = verdict
    if not why:
        return f"{BACKSLASH_WHY}: {written} exists", None
    return f"{why} (and {BACKSLASH_WHY})", None


def _missing(site_path: str, base_path: str, site: _Files, looked_at: list[str]) -> str:
    """No file at `site_path`: said with the one in other capitals, if there is one."""
    missing = f"no file {base_path}{_readable(site_path)} in the output"
    twin = site.in_other_capitals(site_path, looked_at)
    if twin is None:
        return missing
    return f"{missing}; there is {base_path}{_readable(twin)}, {IN_OTHER_CAPITALS_WHY}"


def _readable(path: str) -> str:
    """A path as its writer reads it: letters of any script as they are (a Chinese post's
    folder is 注意力, not %E6%B3%A8…), only what a reader could not see or would misread —
    spaces, control characters, quotes — percent-encoded."""
    return "".join(char if ord(char) > 127 and char.isprintable()
                   else _ASCII_READABLE.get(char) or quote(char, safe="/") for char in path)


# How `_readable` writes each ASCII character (a path's letters: `quote` each time took most
# of the time of a message of a broken link)
_ASCII_READABLE = {chr(code): quote(chr(code), safe="/") for code in range(128)}


def _fragment_problem(fragment: str, target: str, ids_of: Callable[[str], set[str] | None],
                      looked_at: list[str]) -> str:
    if fragment in _FRAGMENTS_ALWAYS_THERE or fragment.startswith(":~:"):
        return ""
    ids = ids_of(target)
    if ids is None:  # not a page: no ids to check
        return ""
    looked_at.append(_IDS + target)
    return "" if fragment in ids else f"no id=\"{fragment}\" on {target}"


def _apply(text: str, edits: list[Edit]) -> str:
    """`text` with each edit's span replaced."""
    pieces, last = [], 0
    for start, end, _was, new in edits:
        pieces += [text[last:start], new]
        last = end
    return "".join(pieces) + text[last:]


def _undo(text: str, edits: list[Edit]) -> str:
    """The text that `_apply(text, edits)` was made from."""
    pieces, last, shift = [], 0, 0
    for start, end, was, new in edits:
        at = start + shift
        pieces += [text[last:at], was]
        last = at + len(new)
        shift += len(new) - (end - start)
    return "".join(pieces) + text[last:]


# --- where the author wrote it --------------------------------------------------------------


class _Source:
    """A Markdown file: its digest (as the build read it, else read now), its text, read once
    per audit and only to place a message in it, and where its lines start."""

    def __init__(self, path: Path, digest: str | None = None) -> None:
        self.path = path
        if digest is None:
            data = self._data()
            digest = output_digest(data) if data is not None else "unreadable"
        self.digest = digest

    def _data(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except OSError:
            return None

    @cached_property
    def text(self) -> str:  # for the pages audited again; the others need only the digest
        text = (self._data() or b"").decode("utf-8-sig", errors="replace")
        # lines ended as the loader ends them (`read_text`): `\r\n`, and an old Mac's `\r`
        return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text

    @cached_property
    def line_starts(self) -> list[int]:
        # (each one past the end of the line before: summed from the lines' lengths, where a
        # match of `\n` for each line took a third of placing a broken link in its post)
        lines = self.text.split("\n")[:-1]
        return list(accumulate(map(add, map(len, lines), repeat(1)), initial=0))

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def let_go(self) -> None:
        """Forget all but the digest, read again if asked: the messages of the page made of
        this file are placed. (Kept, the sources of a cold build of 1,000 posts, each with a
        broken link, were 12 MB in each of the audit's two processes at the build's peak.)"""
        self.__dict__ = {"path": self.path, "digest": self.digest}  # (no cached property)

    @cached_property
    def front_matter_end(self) -> int:
        """Where the front matter ends (0 when there is none), as the loader reads it."""
        opener = _FRONT_MATTER.match(self.text)
        if opener is None:
            return _json_front_matter_end(self.text)
        closer = _FRONT_MATTER_CLOSER[opener.group(1)].search(self.text, opener.end())
        return closer.end() if closer is not None else 0

    @cached_property
    def code_blocks(self) -> list[tuple[int, int]]:
        """The (start, end) of each fenced code block: a link shown as code is not one."""
        return list(_fenced_blocks(self.text))

    def written_as_link(self, at: int, length: int) -> bool:
        """Whether the URL at `at` is written where a link's target is: not a file name in a
        code block or in prose (`plt.savefig("loss.png")` is not the image `loss.png`)."""
        text = self.text
        if at < self.front_matter_end:  # (`cover: images/a.png`: a template makes the link)
            return _front_matter_value(text, at, length)
        index = bisect.bisect_right(self.code_blocks, (at, len(text))) - 1
        if index >= 0 and self.code_blocks[index][1] > at:
            return False
        line_start = text.rfind("\n", 0, at) + 1
        if _in_code_span(text, line_start, at):
            return False
        before = text[max(0, at - _LOOK_BACK):at]
        return bool(_TARGET_BEFORE.search(before)) or _in_generator_tag(text, line_start, at)

    def lines_holding(self, words: set[str]) -> tuple[dict[str, set[int]], set[str]]:
        """The lines each of `words` is written on as a whole URL, where a link's target is
        written (words not written so are left out): `pics/a.png` is not on the line of
        `/old/pics/a.png` or `pics/a.png.bak`, nor on that of `open("pics/a.png")`. And the
        words written only as Markdown links to a Markdown file, which the renderer has
        reported already when it found no such file."""
        text = self.text
        found = {}
        markdown_links_only = set()
        for word, starts in _starts_of(words, text).items():
            whole = [at for at in starts if _whole_url(text, at, len(word))
                     and self.written_as_link(at, len(word))]
            # (a Markdown link to a Markdown file is in the page only when that file is
            # missing; elsewhere in the source, the URL the page holds is written otherwise)
            other = [at for at in whole if not _markdown_post_link(text, at, word)]
            if whole:
                found[word] = {self.line_of(at) for at in other or whole}
            if whole and not other:
                markdown_links_only.add(word)
        return found, markdown_links_only

    def lines_naming(self, fragment: str, this_page: bool) -> list[int]:
        """The lines of the links naming a heading (or an Obsidian block) by its words that
        the build made `#fragment` of, the id such a heading would have (`[[b#Method
        Overview]]`, `[x](b.md#Method%20Overview)`: `#method-overview`), which no search for
        the URL finds; `this_page`: the links to this page's own (`[[#代码]]`)."""
        lines = set()
        for found in _BY_WORDS().finditer(self.text):
            name, words = found.group(1, 2) if found.group(2) is not None else found.group(3, 4)
            if (not name) == this_page and _made_of(unquote(words), fragment):
                index = bisect.bisect_right(self.code_blocks, (found.start(), len(self.text)))
                if index == 0 or self.code_blocks[index - 1][1] <= found.start():
                    lines.add(self.line_of(found.start()))
        return sorted(lines)


def _made_of(words: str, fragment: str) -> bool:
    """Whether `fragment` is an id a heading of `words` gets (heading_ids.py: its slug, or
    stepped over a taken id, `-1`…, or clear of the scripts' ids, `section-`), or the words
    themselves (a block's `^id`, a heading's written id)."""
    slug = re.escape(heading_slug(words))
    return fragment == words.strip() or \
        re.fullmatch(rf"(?:section-)?{slug}(?:-\d+)?", fragment) is not None


# A link naming a heading by its words, as Obsidian writes one (`[[b#Method Overview]]`,
# `[[#代码|代码]]`) or a Markdown link to a Markdown file (`](b.md#Method%20Overview)`,
# `](<b.md#with space>)`): its page's name (none for this page) and the words
_BY_WORDS = compiled_when_used(r"\[\[([^\[\]\n|#]*)#([^\[\]\n|]+)(?:\|[^\[\]\n]*)?\]\]"
                               r"|\]\(\s*<?([^()\s<>#]*)#([^()<>\n]+?)>?\s*\)")

# What stands just before a URL written as a link's target (up to it): Markdown's `](` (also
# `](<`, and a line break between), a reference definition's `]:`, an autolink's `<`, an HTML
# attribute that holds a URL, a `srcset` candidate after the first, CSS's `url(` and `@import`,
# and Jekyll's `{{ site.baseurl }}` before the path it prefixes.
_TARGET_BEFORE = re.compile(r"""(?:\]\(\s*<?|\]:[ \t]*\n?[ \t]*<?|<|\}\}"""
                            r"""|(?i:\b(?:href|src|srcset|poster)\s*=\s*["']?)"""
                            r"""|(?i:\bsrcset\s*=\s*["'][^"'<>]*,\s*)"""
                            r"""|url\(\s*["']?|@import\s+["'])\Z""")
_LOOK_BACK = 300  # characters before a URL searched for what makes it a target
# Hexo and Jekyll tags, Hugo shortcodes and Liquid outputs, whose words the build makes links
# of (`{% asset_img a.png %}`, `{{< figure src="a.png" >}}`, `{{ "/a.png" | relative_url }}`).
_TAG_OPENER = re.compile(r"\{%|\{\{")
_TAG_CLOSER = re.compile(r"%\}|\}\}")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_FENCE_LINE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$", re.M)
# Front matter as the loader reads it (frontmatter.py): YAML between `---` (or `---` and
# `...`), TOML between `+++` (Hugo's JSON object: `_json_front_matter_end`).
_FRONT_MATTER = re.compile(r"(---|\+\+\+)[^\S\n]*\n")
_FRONT_MATTER_CLOSER = {"---": re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.M),
                        "+++": re.compile(r"^\+\+\+[^\S\n]*$", re.M)}
# A front matter value that is a whole URL: `cover: a.png`, `image = "a.png"`, `- a.png`,
# `[a.png, b.png]`; the text before it on its line, and after it.
_VALUE_BEFORE = compiled_when_used(r"""(?:^[ \t]*(?:[\w.-]+|"[^"\n]*"|'[^'\n]*')[ \t]*[:=]|"""
                                   r"""^[ \t]*-|[\[,])[ \t]*["']?\Z""", re.M)
_VALUE_AFTER = re.compile(r"""["']?[ \t]*(?:[,\]#].*)?\Z""")


def _json_front_matter_end(text: str) -> int:
    """Where Hugo's JSON front matter (an object) or Hexo's (its keys up to a `;;;` line)
    opening `text` ends (0 when there is none), told from a body that opens alike by the
    loader's own reading of it."""
    if not text.lstrip(" \t\n").startswith(("{", '"', ";;;")):
        return 0
    from blogforge.content.frontmatter import FrontMatterError, split_front_matter

    try:
        split = split_front_matter(text)
    except FrontMatterError:  # (said by the loader; the post was not published)
        return 0
    return len(text) - len(split.body) if split.data else 0


def _front_matter_value(text: str, at: int, length: int) -> bool:
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line_end = len(text) if line_end < 0 else line_end
    return bool(_VALUE_BEFORE().search(text, line_start, at)) and \
        bool(_VALUE_AFTER.match(text, at + length, line_end))


def _fenced_blocks(text: str) -> Iterator[tuple[int, int]]:
    """Fenced code blocks (at the start of a line, as CommonMark has them outside lists and
    quotes): from their opening fence to the end of their closing one, or of the text."""
    opened: re.Match[str] | None = None
    for fence in _FENCE_LINE.finditer(text):
        marker = fence.group(1)
        if opened is None:
            if not (marker[0] == "`" and "`" in fence.group(2)):  # (else inline code)
                opened = fence
        elif marker[0] == opened.group(1)[0] and len(marker) >= len(opened.group(1)) \
                and not fence.group(2).strip():
            yield opened.start(), fence.end()
            opened = None
    if opened is not None:
        yield opened.start(), len(text)


def _in_code_span(text: str, line_start: int, at: int) -> bool:
    """Whether `at` is inside inline code (`` `![](a.png)` ``) on its line."""
    if "`" not in text[line_start:at]:
        return False
    line_end = text.find("\n", at)
    for span in _CODE_SPAN.finditer(text, line_start, len(text) if line_end < 0 else line_end):
        if span.start() < at < span.end():
            return True
    return False


def _in_generator_tag(text: str, line_start: int, at: int) -> bool:
    """Whether `at` is inside a tag or shortcode opened on its line and not closed before."""
    opened = [m.end() for m in _TAG_OPENER.finditer(text, line_start, at)]
    return bool(opened) and not _TAG_CLOSER.search(text, opened[-1], at)


class _Sources:
    """The Markdown sources the audit looked into: each read once for the messages of a page
    made of it (a post with hundreds of broken links would otherwise be read, and counted
    line by line, once per link), then let go of but for its digest (`_Source.let_go`)."""

    def __init__(self, digests: Mapping[str, str] | None = None) -> None:
        self.read: dict[str, _Source] = {}
        self.digests = digests or {}  # "content/a.md" -> its digest, when the build knows it

    def get(self, origin: str, source: Path | None) -> _Source | None:
        if source is None or not is_markdown_name(origin):
            return None
        if origin not in self.read:
            self.read[origin] = _Source(source / origin, self.digests.get(origin))
        return self.read[origin]

    def digest_of(self, origin: str, source: Path | None) -> str | None:
        """The digest of `get(origin, source)`, without making one when the build read the
        file (asked of each page whose messages were placed in its source: every post's, on
        a blog whose every post has a broken link)."""
        known = self.digests.get(origin)
        if known is not None and source is not None and is_markdown_name(origin):
            return known
        found = self.get(origin, source)
        return found.digest if found is not None else None


def _spellings(item: _Broken, markdown_names: list[str], page_dir: str) -> set[str]:
    """How the author may have written a broken URL in the Markdown file; `markdown_names`:
    how it names the Markdown file of the page a broken fragment is missing from."""
    spellings = {item.url, unquote(item.url), html.escape(item.url)}
    paths = markdown_names.copy()
    if len(item.site_path) > 2:  # og:image is absolute; the author wrote /x.png or x.png
        paths += [item.site_path, "/" + item.site_path]
        if "://" in item.url:  # (a `cover` relative to the post's page, as pages.py reads it)
            relative = posixpath.relpath(item.site_path, page_dir or ".")
            paths += [relative] if relative.startswith("..") else [relative, "./" + relative]
    fragment = _fragment(item)  # (then only a link with that fragment: others are fine)
    if not fragment:
        return spellings | set(paths)
    written = {fragment, split_url(item.url).fragment}  # (as read, and %-encoded)
    return spellings | {f"{path}#{each}" for path in paths for each in written}


def _starts_of(words: set[str], text: str) -> dict[str, list[int]]:
    """Where each of `words` starts in `text`, overlaps included. A few words are looked for
    one by one; more in one pass over the text: a long post with hundreds of broken links was
    searched once per link (quadratic: 0.3 s of a 6 MB post's build for its 456 image links),
    but making the regex costs more than a few searches of an ordinary post."""
    words = words - {""}
    if len(words) <= _FIND_EACH_UP_TO:
        return {word: starts for word in words if (starts := _find_all(word, text))}
    # Grouped by their first three characters, so that at each position only the groups are
    # tried (and a group's rest where its head is there), longest first in each group: where
    # several words start at one place the longest is the one matched, and the words that
    # are its beginnings are added.
    groups: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        groups.setdefault(word[:3], []).append(re.escape(word[3:]))
    pattern = re.compile("(?=(" + "|".join(f"{re.escape(head)}(?:{'|'.join(rests)})"
                                              for head, rests in groups.items()) + "))")
    starts: dict[str, list[int]] = {}
    for match in pattern.finditer(text):
        longest, at = match.group(1), match.start()
        for end in range(1, len(longest) + 1):
            if longest[:end] in words:
                starts.setdefault(longest[:end], []).append(at)
    return starts


def _whole_url(text: str, start: int, length: int) -> bool:
    """Whether the URL found at `start` is not part of a longer one: no path character just
    before it, none just after (a `?` or `#` may follow: the same file)."""
    end = start + length
    return (start == 0 or text[start - 1] not in _PATH_CHARACTERS) and \
        (end == len(text) or text[end] not in _PATH_CHARACTERS)


def _names_markdown_file(url: str) -> bool:
    return is_markdown_name(split_url(url).path)


def _markdown_post_link(text: str, start: int, url: str) -> bool:
    """Whether the URL at `start` is a Markdown link to a Markdown file (`[x](other.md)`,
    `[x]: other.md`): the renderer makes those the post's URL when the file exists, so a
    broken `other.md` in the page is then the raw HTML's, written on another line. Not one
    from the site's root (`[English](/solution/README_EN.md)`): the renderer leaves those to
    this audit, and says nothing of them."""
    if not _names_markdown_file(url) or url.startswith("/"):
        return False
    before = text[max(0, start - 8):start]
    return before.endswith(("](", "](<")) or bool(re.search(r"\]:[ \t]*<?$", before))


def _find_all(word: str, text: str) -> list[int]:
    starts, at = [], text.find(word)
    while at >= 0:
        starts.append(at)
        at = text.find(word, at + 1)
    return starts


def _target_of(item: _Broken, page_dir: str) -> str:
    """The site path a broken URL names: a relative one is taken from the page's folder."""
    path = unquote(split_url(item.url).path)
    if split_url(item.url).netloc or path.startswith("/") or not path:
        return item.site_path
    return posixpath.normpath(posixpath.join(page_dir, path))


def _below(url: str, base_path: str) -> str:
    path = unquote(split_url(url).path)
    return path[len(base_path):] if path.startswith(base_path) else path.lstrip("/")


def _message(item: _Broken, origin: str = "", folder: Path | None = None,
             shown: str | None = None) -> str:
    """What is said of a broken link; `folder`, the site's, where a file it names is looked
    for (one kept in a folder the site does not publish is named so); `shown`, the URL as its
    writer wrote it, when the page holds it otherwise (made absolute)."""
    return (f"broken link `{_readable_url(shown or item.url)}`: {item.why}"
            f"{_where_to_put(item, origin, folder)}")


_ASSET = re.compile(r"\.[A-Za-z0-9]{1,5}$")  # a file's extension: an image, a PDF, data
_NOT_ASSETS = (".html", ".htm", ".md", ".markdown")


def _where_to_put(item: _Broken, origin: str, site: Path | None = None) -> str:
    """For a post's missing image (or other file) named relative to the post: where in the
    site's folder to put it. A relative URL names a file from the post's own file, as the
    writer's editor finds it (`figure.png` beside `a.md`), or one in the post's own folder
    (`a/figure.png`, Hexo's asset folder, or beside a bundle's `a/index.md`): see
    markdown/links.py. A file that is there, in a folder the site does not publish (Typora's
    pictures in `.assets/`: a name starting with `.` or `_`), is said to be there, and why it
    is not published, where "put the file at" named the place it already was."""
    parts = split_url(item.url)
    path = _BACKSLASH.sub("/", unquote(parts.path))  # (where the file goes: see `_backslashed`)
    if (not item.why.startswith("no file ") or IN_OTHER_CAPITALS_WHY in item.why
            or parts.scheme or parts.netloc
            or not is_markdown_name(origin) or path.startswith("/")
            or not _ASSET.search(path) or path.lower().endswith(_NOT_ASSETS)):
        return ""
    folder, name = posixpath.split(origin)
    stem = split_language_suffix(name, frozenset())[0]  # (`a.en.md` shares `a/`)
    bundle = stem.lower() == "index"
    own = folder if bundle else posixpath.join(folder, stem)
    wanted = posixpath.normpath(posixpath.join(own, path))
    if not wanted.startswith(own + "/"):
        return ""  # (`../other/x.png`: another post's file, not this one's)
    beside = wanted if bundle else posixpath.normpath(posixpath.join(folder, path))
    if site is not None and (hidden := _unpublished_folder(site, beside, wanted)) is not None:
        kept, part = hidden
        return (f"; the file is there, {kept}, but in `{part}/`, which the site does not "
                f"publish (a folder whose name starts with `{part[0]}`): name the folder "
                f"`{part.lstrip('._') or 'files'}/` and write the links so")
    if bundle:
        return f"; put the file at {wanted}"
    return f"; put the file at {beside}, beside {name} (or in the post's own folder: {wanted})"


def _unpublished_folder(site: Path, *places: str) -> tuple[str, str] | None:
    """The first of `places` (paths from the site's folder) that holds a file below a folder
    the site does not publish, and that folder's name (`.assets`, `_images`)."""
    for place in places:
        hidden = next((part for part in place.split("/")[:-1]
                       if part.startswith((".", "_")) and part not in (".", "..")), None)
        if hidden is not None and (site / place).is_file():
            return place, hidden
    return None


_ENCODED_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _readable_url(url: str) -> str:
    """A URL as its writer wrote it: Markdown percent-encodes `热图.png` into the page's
    `src`, which the writer would not recognise; an encoded ASCII character (`%20`, `%2F`)
    stays as it is, as decoding it could change what the URL says."""
    def decoded(match: re.Match) -> str:
        text = unquote(match.group(0), errors="strict") if _utf8(match.group(0)) else ""
        return text if text and _readable(text) == text else match.group(0)
    # (and `%5C`: Markdown's encoding of the `\` a Windows writer put in a path)
    return _ENCODED_RUN.sub(decoded, url).replace("%5C", "\\").replace("%5c", "\\")


def _utf8(encoded: str) -> bool:
    try:
        bytes.fromhex(encoded.replace("%", "")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# --- a page audited a stretch at a time -----------------------------------------------------

# How much of a page made in parts (a large post's body read from the cache) `facts_in_parts`
# holds before it tries to audit what it holds: the 47 MB page of a 6 MB post, held whole
# with its hidden copy, was its build's peak.
PAGE_STRETCH_CHARS = 1_000_000
# A stretch's last tag, closed, and the text after it up to the cut, with no quote, `=` nor
# `<` that an attribute or a tag of the next stretch could begin with
_CLOSED_TAIL = re.compile(r"""</?[A-Za-z][^<>"']*>[^<>"'=]*""")
_STYLE_TAG = re.compile(r"<style\b|</style>", re.I)


def facts_in_parts(pieces: Iterable[str], stretch_chars: int | None = None) -> str:
    """`page_facts` of the page that is these pieces one after the other, never joined: the
    page is audited a stretch at a time, cut before a `<` that starts a line where all that
    the audit reads in the stretch ends in it (`_cuttable`); where none does (a comment left
    open), the stretch grows until one does, the whole page at worst."""
    links: list[_Link] = []
    ids: set[str] = set()
    in_style_attributes: list[_Link] = []
    in_style_blocks: list[_Link] = []
    held: list[str] = []  # the text not audited yet
    stretch_chars = stretch_chars or PAGE_STRETCH_CHARS
    held_chars, offset, next_try = 0, 0, stretch_chars
    for piece in pieces:
        held.append(piece)
        held_chars += len(piece)
        if held_chars < next_try:
            continue
        text = "".join(held)
        cut = text.rfind("\n<") + 1
        hidden = _hidden(text[:cut]) if cut else ""
        if cut and _cuttable(text, cut, hidden):
            _links_at(hidden, offset, links, ids, in_style_attributes, in_style_blocks)
            offset += cut
            held, held_chars, next_try = [text[cut:]], len(text) - cut, stretch_chars
        else:  # (tried again once it holds another stretch)
            held, next_try = [text], held_chars + stretch_chars
        del text, hidden
    _links_at(_hidden("".join(held)), offset, links, ids, in_style_attributes, in_style_blocks)
    return encode_plain(_encode_parsed((links + in_style_attributes + in_style_blocks, ids)))


def _links_at(hidden: str, offset: int, links: list[_Link], ids: set[str],
              in_style_attributes: list[_Link], in_style_blocks: list[_Link]) -> None:
    """`_links_in` of a stretch of a page that starts at `offset`, its links' offsets the
    page's (shifted here, not in `_links_in`'s loop, which every page of a build runs)."""
    found: tuple[list[_Link], list[_Link], list[_Link]] = ([], [], [])
    _links_in(hidden, found[0], ids, found[1], found[2])
    for kind, into in zip(found, (links, in_style_attributes, in_style_blocks), strict=True):
        into.extend(_Link(link.url, link.start + offset, link.end + offset, link.in_srcset)
                    for link in kind)


def _cuttable(text: str, cut: int, hidden: str) -> bool:
    """Whether the audit finds in the stretch of `text` before `cut` (`hidden`, by `_hidden`:
    it ends with a line's end, the text goes on with `<`) and in the rest what it finds in the
    whole page: no comment nor script goes on past the cut (one that does is not hidden here;
    a comment left open may have been hidden in a script it would have made longer),
    no <style> block, no tag (its last tag is closed, with no quote in it) nor quoted value
    (`="` whose quote is the stretch's last: what the attributes of the rest look back for
    when they seem outside a tag, `_tag_quoting`); the rest starts with `<`, which ends what
    its attributes look back for, and the stretch ends with a line's end, where no value
    that has no quotes goes on."""
    last_comment = text.rfind("<!--", 0, cut)
    if last_comment != -1 and text.find("-->", last_comment + 4, cut) == -1:
        return False
    if "<!--" in hidden:
        return False
    script = hidden.rfind("<script")
    if script != -1 and hidden.rfind("</script>") < script:
        return False
    last_tag = hidden.rfind("<")
    if last_tag == -1 or _CLOSED_TAIL.fullmatch(hidden, last_tag) is None:
        return False
    for mark in ('"', "'"):
        before = hidden.rfind(mark) - 1
        while before >= 0 and hidden[before].isspace():
            before -= 1
        if before >= 0 and hidden[before] == "=":
            return False
    styles = _STYLE_TAG.findall(hidden)
    return not styles or styles[-1][1] == "/"  # (the last a block's end)

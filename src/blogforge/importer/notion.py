"""Notion: the folder of "Export → Markdown & CSV", or its .zip (notion_zip.py).

Every page (`Page Title <32 hex>.md`, a sub-page in its parent's same-named folder, a
database's row in the database's folder) becomes a post, `content/posts/<slug>.md`, or
`content/posts/<slug>/index.md` beside the images and files it links: its title the page's
`# Title` line, its name the title's slug (Notion's id dropped), its front matter its property
lines (notion_properties.py). Links between pages (`Sub%20<hex>.md`, and notion.so addresses
of exported pages) lead to the new files, which the build makes the posts' URLs; Notion's
callouts (`<aside>💡 …</aside>`) become blogforge's (`> [!TIP]`), its page icons
(`<img src="/icons/…">`) are dropped. Formulas, code and toggles (`<details>`) stay as
written. Nothing else of the export is published: its CSVs, and any file no page links, are
reported.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from blogforge.importer import (
    ImportFailure,
    Site,
    as_written,
    load_options,
    looks_like,
    read_markdown,
    settled_language,
    walk,
    yaml_flow,
    yaml_key,
)
from blogforge.importer.notion_properties import (
    DRAFT_STATUSES,
    property_block,
    read_properties,
)
from blogforge.markdown.notion_asides import ICON, callout
from blogforge.urls import slugify, term_slug

# `Page Title 1a2b…` (Notion's page id, 32 hex digits, after the title and a space)
_NAMED = re.compile(r"(.*?)\s*\b([0-9a-f]{32})")
_ID = re.compile(r"(?<![0-9a-f])([0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                 r"[0-9a-f]{12})(?![0-9a-f])")
_NOTION_URL = re.compile(r"https?://(?:[\w-]+\.)?notion\.(?:so|site)/", re.I)
# Where Notion keeps uploaded files: signed addresses that stop working after an hour
_NOTION_FILES = re.compile(r"https?://(?:prod-files-secure\.s3[\w.-]*\.amazonaws\.com|"
                           r"s3[\w.-]*\.amazonaws\.com/secure\.notion-static\.com|"
                           r"file\.notion\.so)/", re.I)
_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
_HTML_URL = re.compile(r"""(?<=\s)(src|href)=(["'])(.*?)\2""")


def page_name(stem: str) -> tuple[str, str | None]:
    """`Attention Is All You Need 1a2b…` → the title and Notion's id (None: no id)."""
    found = _NAMED.fullmatch(stem)
    if found is None:
        return stem.strip(), None
    return found.group(1).strip(), found.group(2)


def is_export(path: Path) -> bool:
    """Whether `path` (a folder, or a .zip) looks like a Notion export: a Markdown or HTML
    file named `Title <32 hex>` near its top (told cheaply, for the message of another
    import)."""
    if path.is_file():
        from blogforge.importer.notion_zip import is_archive, member_name

        if not is_archive(path):
            return False
        import zipfile

        try:
            with zipfile.ZipFile(path) as opened:
                names = [member_name(info) for info in opened.infolist()[:2000]]
        except (zipfile.BadZipFile, OSError):
            return False
        return any(_exported_name(PurePosixPath(name)) or
                   re.fullmatch(r"Export-[\w-]+(-Part-\d+)?\.zip", PurePosixPath(name).name)
                   for name in names)
    if not path.is_dir():
        return False
    for depth in ("*", "*/*", "*/*/*"):
        if any(_exported_name(PurePosixPath(found.name)) for found in path.glob(depth)):
            return True
    return False


def _exported_name(path: PurePosixPath) -> bool:
    return path.suffix.lower() in (".md", ".html") and page_name(path.stem)[1] is not None


def check(src: Path) -> None:
    """A Notion export holds pages named `Title <32 hex>.md`: without one the import would
    write a site of nothing."""
    names = [PurePosixPath(path.relative_to(src).as_posix()) for path in walk(src)]
    pages = [name for name in names if name.suffix.lower() == ".md" and page_name(name.stem)[1]]
    site = looks_like(src, "notion")
    if pages and site:  # (an export dropped into a blog: the blog is not the export)
        folder = min((name.parent for name in pages), key=lambda p: (len(p.parts), p))
        raise ImportFailure(f"{src} is no Notion export{site}; the Notion pages in it are "
                            f"in {src / folder}: import that folder")
    if pages:
        return
    if any(name.suffix.lower() == ".html" and page_name(name.stem)[1] for name in names):
        raise ImportFailure(f"{src} is Notion's HTML export: export again choosing "
                            "\"Markdown & CSV\" (Notion: ••• → Export), and import that")
    raise ImportFailure(f"{src} holds no Notion page (`Page Title <32 hex>.md`): not a "
                        "Notion \"Markdown & CSV\" export" + looks_like(src, "notion"))


@dataclass
class Page:
    """One exported page, read: where it goes, what it says."""

    source: Path
    rel: str  # below the export, NFC
    title: str
    page_id: str | None
    front: dict[str, object]
    kept: dict[str, str]
    draft_because: str
    status: tuple[str, int] | None  # its Status property, and the source's line of it
    body: list[str]
    body_line: int  # the source's line of body[0]
    slug: str = ""
    files: dict[str, str] = field(default_factory=dict)  # export path -> name in the bundle

    @property
    def target(self) -> str:
        return f"content/posts/{self.slug}/index.md" if self.files \
            else f"content/posts/{self.slug}.md"


def run(site: Site) -> None:
    from blogforge.commands.new import local_zone_name

    zone = local_zone_name()
    if zone:
        site.set("timezone", zone, "this computer's time zone, in which Notion wrote the "
                 "export's times")
    else:
        site.note("", None, "the times of the export are read as UTC (this computer's zone "
                  "could not be told): set `timezone` in site.yaml to yours")
    files = walk(site.src, frozenset({"__MACOSX"}))
    rel_of = {path: _key(path.relative_to(site.src).as_posix()) for path in files}
    columns = _database_columns(site, [p for p in files if p.suffix.lower() == ".csv"])
    moment_zone = load_options(site).zone
    # (a page before its sub-pages: it keeps the plain slug when a sub-page has its title)
    in_order = sorted(files, key=lambda p: (len(p.relative_to(site.src).parts), rel_of[p]))
    pages = [page for path in in_order if path.suffix.lower() == ".md"
             and (page := read_page(site, path, rel_of[path], moment_zone, columns.get(
                 _key(path.parent.relative_to(site.src).as_posix()), frozenset()))) is not None]
    links = Links(site, {page.rel: page for page in pages},
                  {page.page_id: page for page in pages if page.page_id},
                  {rel_of[path]: path for path in files if path.suffix.lower() != ".md"})
    taken = {"index", "_index"}  # (a bundle's own page, Hugo's list page: no post's name)
    for page in pages:
        page.slug = _unique(_slug(page), taken)
        linked_lines(page, links, first_pass=True)  # (the files it links: a bundle or not)
    written = [write_page(site, page, links) for page in pages]
    # One workspace is one writer's: its posts are in the language most are in, a formula-
    # heavy note of a Chinese workspace too (which the build would guess English, and put
    # under /en/); the build names those that read like another language
    options = load_options(site)
    site.set("default_language", settled_language(None, [
        post for page, text in zip(pages, written, strict=True) if (
            post := as_written(page.source, PurePosixPath(page.target).relative_to("content"),
                               site.dest, options, text)) is not None]),
        "the language most pages are written in")
    for path in files:
        if path.suffix.lower() != ".md" and rel_of[path] not in links.used:
            site.note(path, None, _left_out(path))
    with_status = [page for page in pages if page.status is not None]
    if with_status:  # (said once, at the first page's status)
        published = sorted({page.status[0] for page in with_status if not page.draft_because})
        site.note(with_status[0].source, with_status[0].status[1], "a page whose status is "
                  + ", ".join(DRAFT_STATUSES) + " is a draft, `draft: true` (`blogforge "
                  "build --drafts` shows it), as one whose Draft box is ticked or Published "
                  "box is not; any other status is published"
                  + (f" ({', '.join(published)} here)" if published else ""))


def _key(rel: str) -> str:
    """A path below the export as links name it: macOS writes names decomposed (NFD)."""
    return unicodedata.normalize("NFC", rel)


def _database_columns(site: Site, tables: list[Path]) -> dict[str, frozenset[str]]:
    """Each database's folder (below the export) -> its columns, its CSV's header: the
    property names of its rows, whatever they are called."""
    import csv

    found = {}
    for table in tables:
        if table.stem.endswith("_all"):
            continue
        try:
            with table.open(encoding="utf-8-sig", newline="") as handle:
                header = next(csv.reader(handle), [])
        except (OSError, UnicodeDecodeError, csv.Error):
            continue
        folder = _key(table.with_suffix("").relative_to(site.src).as_posix())
        found[folder] = frozenset(name.strip() for name in header if name.strip())
    return found


def read_page(site: Site, path: Path, rel: str, zone: tzinfo, columns: frozenset[str]
              ) -> Page | None:
    """The page `path` (`rel` below the export), its dates in `zone`; `columns`: its
    database's, when it is a row of one."""
    text = read_markdown(path)
    if text is None:
        site.note(path, None, "not imported: not UTF-8 text")
        return None
    lines = text.replace("\r\n", "\n").split("\n")
    name_title, page_id = page_name(path.stem)
    at = _after_blanks(lines, 0)
    title = name_title
    if at < len(lines) and lines[at].startswith("# "):
        title = ICON.sub("", lines[at][2:]).strip() or name_title
        at = _after_blanks(lines, at + 1)
    end = property_block(lines, at, columns)
    properties = read_properties(lines[at:end], zone,
                                 lambda index, message: site.note(path, at + index + 1,
                                                                  message))
    start = _after_blanks(lines, end)
    body = lines[start:]
    while body and not body[-1].strip():
        body.pop()
    status = (properties.status[0], at + properties.status[1] + 1) if properties.status \
        else None
    return Page(path, rel, title or "Untitled", page_id, properties.front, properties.kept,
                properties.draft_because, status, body, start + 1)


def _after_blanks(lines: list[str], index: int) -> int:
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index


def _slug(page: Page) -> str:
    own = page.front.pop("slug", None)
    return slugify(str(own)) if own and slugify(str(own)) else \
        slugify(page.title) or term_slug(page.title) or "untitled"


def _unique(name: str, taken: set[str]) -> str:
    """`name`, or `name-2`, `name-3`… where it is taken (case aside: one folder to macOS)."""
    found, number = name, 2
    while found.lower() in taken:
        found, number = f"{name}-{number}", number + 1
    taken.add(found.lower())
    return found


@dataclass
class Links:
    """What a link of a page may lead to: the pages (by path, by Notion id), the other files
    of the export; and the files some page links (`used`), published in its bundle."""

    site: Site
    pages: dict[str, Page]
    ids: dict[str, Page]
    files: dict[str, Path]
    used: set[str] = field(default_factory=set)
    noted: set[tuple[str, str]] = field(default_factory=set)

    def note(self, page: Page, line: int, message: str) -> None:
        if (page.rel, message) not in self.noted:
            self.noted.add((page.rel, message))
            self.site.note(page.source, line, message)


def _resolver(links: Links, page: Page, line: int, first_pass: bool
              ) -> Callable[[str], str | None]:
    return lambda target: resolve(links, page, line, target, first_pass)


def resolve(links: Links, page: Page, line: int, target: str, first_pass: bool) -> str | None:
    """The new target of a link of `page` (on the source's `line`) to `target`, as written;
    None to leave it as it is. `first_pass`: only find the files the page links (its bundle
    is known before any link to it is written), saying nothing."""
    address, hashed, fragment = target.partition("#")
    if re.match(r"[A-Za-z][\w+.-]*:", address):
        if _NOTION_FILES.match(address) and not first_pass:
            links.note(page, line, f"`{address.split('?')[0]}`: a file at Notion's storage, whose "
                       "signed address stops working within hours: download it beside the "
                       "post and link it there")
        if not _NOTION_URL.match(address):
            return None
        found = _ID.search(address.split("?")[0].lower())
        other = links.ids.get(found.group(1).replace("-", "")) if found else None
        if other is None:
            if not first_pass:
                links.note(page, line, f"link to `{address}`: a Notion page not in the "
                           "export, left leading to Notion")
            return None
        return None if first_pass else _relative(page, other)  # (a block's id: no heading)
    if not address or address.startswith("/"):
        return None
    path = _key(unquote(address.split("?")[0]))
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), path))
    if joined == ".." or joined.startswith("../"):
        if not first_pass:
            links.note(page, line, f"link to `{unquote(address)}`: outside the export, left "
                       "as written")
        return None
    other = links.pages.get(joined)
    if other is None and joined.lower().endswith(".md"):
        found = page_name(PurePosixPath(joined).stem)[1]
        other = links.ids.get(found) if found else None
    if other is not None:
        return None if first_pass else _relative(page, other) + hashed + fragment
    file = links.files.get(joined)
    if file is None or file.suffix.lower() == ".csv" and page_name(file.stem)[1]:
        if not first_pass:
            links.note(page, line, f"link to `{unquote(address)}`: "
                       + ("a database's table, not published" if file is not None else
                          "no such file in the export") + ", left as written")
        return None
    links.used.add(joined)
    if joined not in page.files:
        page.files[joined] = _unique(_file_name(file),
                                     {name.lower() for name in page.files.values()} |
                                     {"index.md"})
    return None if first_pass else _written(page.files[joined]) + hashed + fragment


def _file_name(path: Path) -> str:
    """A file's name in the bundle: its own, spaces and brackets made `-` (`Untitled 1.png`
    → `Untitled-1.png`), which no link has to escape."""
    stem = slugify(path.stem, keep_case=True) or "file"
    return stem + path.suffix.lower()


def _relative(page: Page, other: Page) -> str:
    return _written(posixpath.relpath(other.target, posixpath.dirname(page.target)))


def _written(target: str) -> str:
    return f"<{target}>" if re.search(r"[\s()<>]", target) else target


def rewrite_links(line: str, resolve_target: Callable[[str], str | None]) -> str:
    """`line` with each link or image target (`](…)`, an HTML `src` or `href`) that
    `resolve_target` gives a new one rewritten; code spans left as written."""
    spans = [found.span() for found in _CODE_SPAN.finditer(line)]

    def in_code(at: int) -> bool:
        return any(start <= at < end for start, end in spans)

    done, at = "", 0
    for opener in re.finditer(r"\]\(", line):
        start = opener.end()
        if start < at or in_code(opener.start()):
            continue
        end = _target_end(line, start)
        if end is None:
            continue
        written = line[start:end]
        target = written[1:-1] if written.startswith("<") else written
        new = resolve_target(target)
        if new is not None:
            done += line[at:start] + new
            at = end
    line = done + line[at:]
    spans = [found.span() for found in _CODE_SPAN.finditer(line)]  # (in the line as it is now)

    def attribute(found: re.Match[str]) -> str:
        if in_code(found.start()):
            return found.group()
        new = resolve_target(found.group(3))
        return found.group() if new is None else \
            f"{found.group(1)}={found.group(2)}{new.strip('<>')}{found.group(2)}"

    return _HTML_URL.sub(attribute, line) if "=" in line else line


def _target_end(line: str, start: int) -> int | None:
    """Where the target starting at `start` (after `](`) ends: its `>` in `<…>`, else a
    space or the `)` closing the link (Notion writes `(`, `)` in names as they are)."""
    if line[start:start + 1] == "<":
        close = line.find(">", start)
        return close + 1 if close > 0 else None
    depth = 0
    for index in range(start, len(line)):
        char = line[index]
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return index
            depth -= 1
        elif char.isspace():
            return index
    return None


def linked_lines(page: Page, links: Links, first_pass: bool = False) -> list[str]:
    """The page's body lines with their links rewritten (`resolve`); fenced code left as
    written."""
    lines, fence = [], ""
    for index, line in enumerate(page.body):
        opener = _FENCE.match(line)
        if opener and (not fence or opener.group(1).startswith(fence)):
            fence = "" if fence else opener.group(1)
        elif not fence:
            line = rewrite_links(line, _resolver(links, page, page.body_line + index,
                                                        first_pass))
        lines.append(line)
    return lines


def without_icons(lines: list[str]) -> list[str]:
    """The lines without Notion's icons (a callout's, read first by `callout`), outside
    fenced code."""
    fence = ""
    for index, line in enumerate(lines):
        opener = _FENCE.match(line)
        if opener and (not fence or opener.group(1).startswith(fence)):
            fence = "" if fence else opener.group(1)
        elif not fence and "/icons/" in line:
            lines[index] = ICON.sub("", line)
    return lines


def body_text(page: Page, links: Links) -> str:
    """The page's body as the post's: links rewritten, Notion's icons dropped, its callouts
    made blogforge's."""
    return "\n".join(without_icons(callouts(linked_lines(page, links))))


def callouts(lines: list[str]) -> list[str]:
    """Notion's callouts (`<aside>`, the emoji or icon, its text, `</aside>`) as blogforge's
    (`> [!TIP]` and its text quoted), outside fenced code."""
    done: list[str] = []
    fence, index = "", 0
    while index < len(lines):
        line = lines[index]
        opener = _FENCE.match(line)
        if opener and (not fence or opener.group(1).startswith(fence)):
            fence = "" if fence else opener.group(1)
        if fence or not line.lstrip().startswith("<aside>"):
            done.append(line)
            index += 1
            continue
        inner, close = [line.lstrip()[len("<aside>"):]], index
        while "</aside>" not in inner[-1] and close + 1 < len(lines):
            close += 1
            inner.append(lines[close])
        if "</aside>" not in inner[-1]:
            done.append(line)  # (never closed: left as written)
            index += 1
            continue
        inner[-1], after = inner[-1].split("</aside>", 1)
        if done and done[-1].strip():
            done.append("")
        done += callout(inner)
        if after.strip():
            done += ["", after.strip()]
        index = close + 1
        if index < len(lines) and lines[index].strip():
            done.append("")
    return done



def write_page(site: Site, page: Page, links: Links) -> str:
    """Write the page's post and its files; its text."""
    text = front_matter(page) + body_text(page, links) + "\n"
    if not page.front.get("draft"):
        text = site.dated(page.source, page.target, text)
    site.posts += site.write_text(page.source, page.target, text, other_file=False)
    folder = page.target.rpartition("/")[0]
    for rel, name in page.files.items():
        site.copy(links.files[rel], f"{folder}/{name}")
    said = [f"a draft: `{page.draft_because}`"] if page.draft_because else []
    if page.files:
        said.append(f"{len(page.files)} file{'s' if len(page.files) > 1 else ''} beside it")
    site.written.append((page.source.relative_to(site.src).as_posix(), page.target
                         + (f" ({', '.join(said)})" if said else "")))
    return text


def front_matter(page: Page) -> str:
    lines = ["---", f"title: {yaml_flow(page.title)}"]
    lines += [f"{key}: {yaml_flow(page.front[key])}" for key in
              ("date", "updated", "tags", "categories", "description", "draft")
              if key in page.front]
    if page.kept:  # (as Notion named them: `post.params.notion["Status"]`)
        lines.append("notion:")
        lines += [f"  {yaml_key(key)}: {yaml_flow(value)}" for key, value in page.kept.items()]
    return "\n".join([*lines, "---", ""])


def _left_out(path: Path) -> str:
    name = path.name.lower()
    if name.endswith("_all.csv"):
        return "not published: a database's table with the rows of every view (each row's " \
            "page is a post)"
    if name.endswith(".csv"):
        return "not published: a database's table (each row's page is a post, its columns " \
            "that post's front matter)"
    if name.endswith(".zip"):
        return "not published: a zip in the export (import it on its own: `blogforge " \
            "import notion` reads a .zip)"
    return "not published: no page links it"

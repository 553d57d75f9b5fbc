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
import html
import os
import posixpath
import re
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from blogforge.cache import Store
from blogforge.diagnostics import Diagnostic
from blogforge.output import StagedOutput
from blogforge.output import digest as output_digest

_PAGE_SUFFIXES = (".html", ".htm")
_SCANNED_SUFFIXES = (*_PAGE_SUFFIXES, ".css", ".xml")
_NOT_LINKS = ("mailto:", "tel:", "data:", "javascript:", "about:", "blob:")
_FRAGMENTS_ALWAYS_THERE = {"", "top"}  # "#" and "#top" scroll to the top in every browser

# Attributes are found directly (a tag-by-tag scan costs several times more on pages full of
# KaTeX spans); each match is then checked to be inside a tag.
_ATTR = re.compile(r"""\s(href|src|srcset|poster|id|name|content)\s*=\s*"""
                   r"""(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
_NAME = re.compile(r"[\w:-]*")
_META_KIND = re.compile(r"""\s(?:property|name)\s*=\s*["']?([\w:]+)""", re.I)
_STYLE_ATTR = re.compile(r"""\sstyle\s*=\s*(?:"([^"]*url\([^"]*)"|'([^']*url\([^']*)')""")
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S | re.I)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)"""
                      r"""|@import\s+(?:"([^"]*)"|'([^']*)')""")
_XML_TEXT_LINK = re.compile(r"<(loc|link|icon|logo)>\s*([^<\s]+)\s*</\1>")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SCRIPT_BODY = re.compile(r"(<script\b[^>]*>).*?(?=</script>)", re.S)
_IMAGE_META = {"og:image", "og:image:url", "og:image:secure_url", "twitter:image"}


@dataclass
class Audit:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    rewritten: dict[str, bytes] = field(default_factory=dict)  # site path -> fixed bytes
    links: int = 0  # internal links checked


@dataclass(frozen=True)
class _Link:
    url: str  # as written (HTML entities decoded)
    start: int  # offset of the value in the file's text
    end: int
    in_srcset: bool = False


@dataclass
class _Broken:
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

    def resolve(self, site_path: str) -> str | None:
        """The file a site path is served from, as a static host does it: `a/` and `a` (which
        redirects to `a/`) are `a/index.html`."""
        if site_path in ("", ".") or site_path.endswith("/"):
            name = site_path.rstrip(".") + "index.html"
            return name if name in self.names else None
        if site_path in self.names:
            return site_path
        index = site_path + "/index.html"
        return index if index in self.names else None


def _walk(root: Path) -> Iterator[str]:
    for dirpath, _dirs, names in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for name in names:
            yield prefix + name


def audit_output(files: Mapping[str, bytes] | Path, base_url: str, *,
                 origins: Mapping[str, str] | None = None, source: Path | None = None,
                 shown_as: Path | None = None, digests: Mapping[str, str] | None = None,
                 known: MutableMapping[str, Parsed] | None = None) -> Audit:
    """Check every internal link in the output; fix root-relative ones that have a target.

    `origins` maps output files to what made them ("content/posts/a.md", "static/css/x.css"),
    for messages; `source` is the site folder those paths are relative to; `shown_as` is how
    the output folder is named in messages (public). With `digests` (file -> digest of its
    bytes) and `known` (digest -> links and ids found in such a file), files met before are
    not read and parsed again: an incremental build audits what changed, and checks every link
    against the whole new output.
    """
    parts = urlsplit(base_url)
    base_path = "/" + parts.path.strip("/") + "/" if parts.path.strip("/") else "/"
    site = _Files(files)
    audit = Audit()
    texts: dict[str, str] = {}
    sources = _Sources()
    found: dict[str, list[_Link]] = {}
    ids: dict[str, set[str]] = {}

    def text_of(rel: str) -> str:
        if rel not in texts:
            texts[rel] = site.read(rel).decode("utf-8", errors="replace")
        return texts[rel]

    for rel in sorted(site.names):
        if not rel.endswith(_SCANNED_SUFFIXES):
            continue
        digest = digests.get(rel) if digests is not None else None
        parsed = known.get(digest) if known is not None and digest is not None else None
        if parsed is None:
            text = text_of(rel)
            if rel.endswith(".css"):
                parsed = list(_css_links(text, 0)), None
            elif rel.endswith(".xml"):
                parsed = list(_xml_links(text)), None
            else:
                parsed = _page_links(text)
            if known is not None and digest is not None:
                known[digest] = parsed
        found[rel] = parsed[0]
        if parsed[1] is not None:
            ids[rel] = parsed[1]

    by_template: dict[tuple[str, str], list[tuple[str, int]]] = {}  # (url, why) -> pages
    verdicts: dict[tuple[str, str], tuple[str, str | None] | None] = {}
    for rel, links in found.items():
        page_dir = posixpath.dirname(rel)
        edits: list[tuple[int, int, str]] = []
        broken: dict[tuple[str, str], _Broken] = {}
        for link in links:
            # the same menu, stylesheet and feed links are on every page: judge each URL once
            # (per folder when it is relative, per page when it is only a fragment)
            key = (rel if link.url.startswith("#") or rel.endswith("404.html") else ""
                   if link.url.startswith("/") or "://" in link.url else page_dir, link.url)
            if key in verdicts:
                target = verdicts[key]
            else:
                target = verdicts[key] = _check(link.url, rel, page_dir, base_path,
                                                parts.netloc, site, ids)
            if target is None:
                continue
            audit.links += 1
            why, fixed = target
            if fixed is not None and link.end > link.start:  # else its offsets are unknown
                edits.append((link.start, link.end, fixed))
            if why:
                entry = broken.setdefault((link.url, why), _Broken(
                    link.url, why, _below(link.url, base_path), []))
                entry.offsets.append(link.start)
        if edits:
            text = _apply(text_of(rel), edits)
            texts[rel] = text
            audit.rewritten[rel] = text.encode("utf-8")
        origin = (origins or {}).get(rel, "")
        reported: set[tuple[int | None, str]] = set()  # an image and the og:image made of it
        # URLs as the author wrote them first; absolute ones (og:image) are made from them
        for item in sorted(broken.values(), key=lambda b: "://" in b.url):
            diagnostics = _in_source(item, origin, sources.get(origin, source))
            if diagnostics:
                audit.diagnostics.extend(d for d in diagnostics
                                         if (d.line, item.site_path) not in reported)
                reported.update((d.line, item.site_path) for d in diagnostics)
            elif origin.startswith("static/") and source is not None:  # copied as it is
                line = text_of(rel).count("\n", 0, item.offsets[0]) + 1
                audit.diagnostics.append(_warning(item, Path(origin), line))
            else:
                line = text_of(rel).count("\n", 0, item.offsets[0]) + 1
                by_template.setdefault((item.url, item.why), []).append((rel, line))
    shown = shown_as or Path(".")
    for (url, why), pages in by_template.items():
        rel, line = pages[0]
        others = f" (and on {len(pages) - 1} other page{'s' * (len(pages) > 2)})" \
            if len(pages) > 1 else ""
        audit.diagnostics.append(Diagnostic(
            "warning", f"broken link `{url}`: {why}{others}", shown / rel, line))
    return audit


def check_output(stage: StagedOutput, base_url: str, source: Path, shown_as: Path,
                 store: Store | None = None) -> list[Diagnostic]:
    """The build's hook: audit the staged output, put the rewritten files in its place. What
    each file holds is remembered in the build cache by the digest of its bytes."""
    digests = {rel: record.digest for rel, record in stage.records.items()}
    known = _KnownFiles(store, [digests[rel] for rel in sorted(digests)
                               if rel.endswith(_SCANNED_SUFFIXES)]) if store else None
    audit = audit_output(stage.view(), base_url, origins=stage.origins, source=source,
                         shown_as=shown_as, digests=digests, known=known)
    for rel, data in audit.rewritten.items():
        stage.rewrite(rel, data)
    return audit.diagnostics


Parsed = tuple[list[_Link], set[str] | None]  # a file's links, and its ids (pages only)


class _KnownFiles(MutableMapping[str, Parsed]):
    """Digest -> what a file with those bytes holds, kept in the build cache."""

    KIND = "links"

    def __init__(self, store: Store, wanted: list[str]) -> None:
        self.store = store
        self.loaded: dict[str, Parsed] = {}
        for digest, value in store.get_many(self.KIND, wanted).items():
            try:
                links = [_Link(url, start, end, srcset) for url, start, end, srcset in value[0]]
                self.loaded[digest] = links, set(value[1]) if value[1] is not None else None
            except (TypeError, ValueError, IndexError):
                continue  # a damaged entry: the file is parsed again

    def __getitem__(self, digest: str) -> Parsed:
        return self.loaded[digest]

    def __setitem__(self, digest: str, parsed: Parsed) -> None:
        self.loaded[digest] = parsed
        self.store.put(self.KIND, digest, _encode_parsed(parsed))

    def __delitem__(self, digest: str) -> None:
        del self.loaded[digest]

    def __iter__(self) -> Iterator[str]:
        return iter(self.loaded)

    def __len__(self) -> int:
        return len(self.loaded)


def _encode_parsed(parsed: Parsed) -> list:
    links, ids = parsed
    return [[[x.url, x.start, x.end, x.in_srcset] for x in links],
            sorted(ids) if ids is not None else None]


def page_facts(page: str) -> tuple[str, list]:
    """What the audit needs of a page, by the digest of its bytes: worked out by the process
    that rendered it, so that a large build parses its pages in parallel."""
    return output_digest(page.encode("utf-8")), _encode_parsed(_page_links(page))


def remember_page_facts(store: Store, facts: tuple[str, list]) -> None:
    store.put(_KnownFiles.KIND, *facts)


# --- finding links --------------------------------------------------------------------------


def _blank(match: re.Match[str]) -> str:
    """Hide a comment or a script's body, keeping offsets and line numbers."""
    kept = (match.group(1) or "") if match.re is _SCRIPT_BODY else ""
    rest = match.group(0)[len(kept):]
    return kept + "\n".join(" " * len(line) for line in rest.split("\n"))


def _page_links(text: str) -> tuple[list[_Link], set[str]]:
    if "<!--" in text:
        text = _COMMENT.sub(_blank, text)
    if "<script" in text:
        text = _SCRIPT_BODY.sub(_blank, text)
    links: list[_Link] = []
    ids: set[str] = set()
    for match in _ATTR.finditer(text):
        start = match.start()
        if text.rfind("<", 0, start) <= text.rfind(">", 0, start):
            continue  # text that looks like an attribute, not inside a tag
        attr = match.group(1).lower()
        group = 2 if match.group(2) is not None else 3 if match.group(3) is not None else 4
        raw = match.group(group)
        value = html.unescape(raw) if "&" in raw else raw
        begin, end = match.start(group), match.end(group)
        if attr == "id":
            ids.add(value)
        elif attr in ("href", "src", "poster"):
            if attr == "href" and _tag_name(text, start) == "base":
                continue
            links.append(_Link(value, begin, end))
        elif attr == "srcset":
            exact = value == raw  # entities would shift offsets: check, do not rewrite
            position = 0
            for candidate in _srcset_urls(value):
                at = value.index(candidate, position)
                position = at + len(candidate)
                links.append(_Link(candidate, begin + at, begin + position) if exact
                             else _Link(candidate, begin, begin))
        elif attr == "name":
            if _tag_name(text, start) == "a":
                ids.add(value)
        elif attr == "content" and _tag_name(text, start) == "meta":
            tag = text[text.rfind("<", 0, start):text.find(">", end)]
            kind = _META_KIND.search(tag)
            if kind is not None and kind.group(1).lower() in _IMAGE_META:
                links.append(_Link(value, begin, end))
    if "url(" in text:
        for match in _STYLE_ATTR.finditer(text):
            group = 1 if match.group(1) is not None else 2
            links.extend(_css_links(match.group(group), match.start(group)))
        for match in _STYLE_BLOCK.finditer(text):
            links.extend(_css_links(match.group(1), match.start(1)))
    return links, ids


def _tag_name(text: str, attr_start: int) -> str:
    opened = text.rfind("<", 0, attr_start) + 1
    return _NAME.match(text, opened).group(0).lower()


def _srcset_urls(value: str) -> list[str]:
    return [c.split()[0] for c in value.split(",") if c.strip()]


def _css_links(css: str, offset: int) -> Iterator[_Link]:
    for match in _CSS_URL.finditer(css):
        group = next(i for i in range(1, 6) if match.group(i) is not None)
        yield _Link(match.group(group), offset + match.start(group), offset + match.end(group))


def _xml_links(text: str) -> Iterator[_Link]:
    """Feeds and sitemaps: their own links, not the escaped HTML inside entries."""
    for match in re.finditer(r"<(?:link|atom:link)\b[^>]*?\shref=\"([^\"]*)\"", text):
        yield _Link(html.unescape(match.group(1)), match.start(1), match.end(1))
    for match in _XML_TEXT_LINK.finditer(text):
        yield _Link(html.unescape(match.group(2)), match.start(2), match.end(2))


# --- checking one link ----------------------------------------------------------------------


def _check(url: str, rel: str, page_dir: str, base_path: str, netloc: str, site: _Files,
           ids: dict[str, set[str]]) -> tuple[str, str | None] | None:
    """None for a link that is not the site's own; else (why it is broken or "", the URL to
    write instead or None)."""
    url = url.strip()
    if not url or url.lower().startswith(_NOT_LINKS):
        return None
    parts = urlsplit(url)
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
            moved = site.resolve(path[1:])
            if moved is not None:  # the page is right even when the fragment is not
                return _fragment_problem(fragment, moved, ids), base_path + url[1:]
            return (f"{_missing(path[1:], base_path)} (the site lives under {base_path}, and "
                    f"{quote(path, safe='/')} is no file of it either)"), None
        target = site.resolve(path[len(base_path):])
        if target is None:
            return _missing(path[len(base_path):], base_path), None
    else:
        if rel.rsplit("/", 1)[-1] == "404.html":
            return ("relative link on the 404 page, which is shown at any URL: make it "
                    "root-relative"), None
        joined = posixpath.normpath(posixpath.join(page_dir, path))
        if joined == ".." or joined.startswith("../"):
            return f"leads above the site's root ({base_path})", None
        if path.endswith("/") or joined == ".":
            joined = "" if joined == "." else joined + "/"
        target = site.resolve(joined)
        if target is None:
            return _missing(joined, base_path), None
    return _fragment_problem(fragment, target, ids), None


def _missing(site_path: str, base_path: str) -> str:
    return f"no file {base_path}{quote(site_path, safe='/')} in the output"


def _fragment_problem(fragment: str, target: str, ids: dict[str, set[str]]) -> str:
    if (fragment in _FRAGMENTS_ALWAYS_THERE or fragment.startswith(":~:")
            or target not in ids or fragment in ids[target]):
        return ""
    return f"no id=\"{fragment}\" on {target}"


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    pieces, last = [], 0
    for start, end, new in sorted(edits):
        pieces += [text[last:start], html.escape(new, quote=True)]
        last = end
    return "".join(pieces) + text[last:]


# --- where the author wrote it --------------------------------------------------------------


class _Source:
    """A Markdown file's text, read once per audit, and where its lines start."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)


class _Sources:
    """The Markdown sources the audit looked into, each read once (a post with hundreds of
    broken links would otherwise be read, and counted line by line, once per link)."""

    def __init__(self) -> None:
        self.read: dict[str, _Source | None] = {}

    def get(self, origin: str, source: Path | None) -> _Source | None:
        if source is None or not origin.endswith((".md", ".markdown")):
            return None
        if origin not in self.read:
            try:
                text = (source / origin).read_text(encoding="utf-8-sig", errors="replace")
            except OSError:
                text = None
            self.read[origin] = _Source(text) if text is not None else None
        return self.read[origin]


def _in_source(item: _Broken, origin: str, found: _Source | None) -> list[Diagnostic]:
    """Diagnostics at the lines of a Markdown file that hold the URL; [] when it is not there
    (the link came from a template)."""
    if found is None:
        return []
    text = found.text
    spellings = {item.url, unquote(item.url), html.escape(item.url)}
    if len(item.site_path) > 2:  # og:image is absolute; the author wrote /x.png or x.png
        spellings.add(item.site_path)
    lines = set()
    for spelling in spellings:
        at = text.find(spelling)
        while at >= 0:
            lines.add(found.line_of(at))
            at = text.find(spelling, at + len(spelling))
    return [_warning(item, Path(origin), number) for number in sorted(lines)]


def _below(url: str, base_path: str) -> str:
    path = unquote(urlsplit(url).path)
    return path[len(base_path):] if path.startswith(base_path) else path.lstrip("/")


def _warning(item: _Broken, path: Path, line: int) -> Diagnostic:
    return Diagnostic("warning", f"broken link `{item.url}`: {item.why}", path, line)

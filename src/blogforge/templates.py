"""The renderer: Jinja2 templates, the site's own `templates/` first, then the theme's.

Post bodies reach templates only as finished HTML values, never as template source, so `{{`
in a formula or a code block is just text.
"""

from __future__ import annotations

import base64
import contextlib
import gc
import json
import re
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from functools import cache, wraps
from pathlib import Path
from types import CodeType, FrameType
from typing import Any, Literal, NoReturn

import jinja2
import jinja2.meta
import jinja2.runtime
import jinja2.sandbox
from markupsafe import Markup

from blogforge.cache import Store, sign, signed_by, user_key
from blogforge.diagnostics import Diagnostic, Diagnostics, not_utf8
from blogforge.fingerprint import code_fingerprint, hash_text, text_digest
from blogforge.forks import WorkerPool, worker_signals
from blogforge.markdown.excerpt import shorten
from blogforge.merge_conflicts import merge_conflict
from blogforge.process_memo import ProcessMemo
from blogforge.scratch_files import site_files
from blogforge.site_folder import NAMED_FILES
from blogforge.text import close_matches
from blogforge.urls import UrlBuilder, is_external

THEME_DIR = Path(__file__).parent / "theme"
THEME_PREFIX = "theme"  # `{% extends "theme/base.html" %}`: the theme's template, not the site's

# An id a template writes as it is (`id="main"`, not `id="year-{{ year }}"`).
_LITERAL_ID = re.compile(r"""(?<![\w-])id\s*=\s*(?:"([^"{}<>]+)"|'([^'{}<>]+)')""")


def template_ids(folder: Path) -> frozenset[str]:
    """The ids the templates in `folder` write: a heading in a post must not take one, or the
    table of contents would lead to the template's element (markdown/heading_ids.py). Read
    from the templates themselves, so the set cannot drift from them; a template that cannot
    be read adds none."""
    found: set[str] = set()
    for path in sorted(folder.rglob("*.html")) if folder.is_dir() else ():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        found.update(a or b for a, b in _LITERAL_ID.findall(text))
    return frozenset(found)


@cache
def theme_ids() -> frozenset[str]:
    """The ids of the default theme's pages (they are part of blogforge's code fingerprint:
    a body cached with other ones reserved is not reused)."""
    return template_ids(THEME_DIR / "templates")


# The ids the theme's scripts (static/js/) give elements as a page runs, by how they begin
# ("code-tab-" + group + "-" + tab): a heading of a post must not take one either, and the
# templates do not show them. A test reads the scripts for every id they make and checks that
# it begins with one of these, and that each of these is still made.
SCRIPT_ID_PREFIXES = ("code-tab-", "code-panel-", "search-hit-", "twikoo-thread")

# `bf.site` leads to the whole site index, its terms and their posts: a template that names it
# may show any post on any page, which no page's context says.
_NAMES_THE_SITE = re.compile(r"""\.\s*site\b|\[\s*["']site["']\s*\]""")


def template_names(folder: Path) -> frozenset[str]:
    """The names of a site's own templates (in `folder`): `projects.html`, `partials/x.html`."""
    return frozenset(path.relative_to(folder).as_posix() for path in site_files(folder))


def shows_bodies(folder: Path) -> bool:
    """Whether a site's own templates (in `folder`) may show a post's body (its HTML is had
    only through its `rendered`): then every post's is read before the pages are rendered.
    A footer or a head of one's own shows none (every body was read, 725 MB at 3,000 posts
    in the preview)."""
    return _any_template_may(folder, lambda text: "rendered" in text)


def reaches_every_post(folder: Path) -> bool:
    """Whether a site's own templates (in `folder`) may show posts that their pages' context
    does not hold: then every page depends on every post."""
    return _any_template_may(folder, lambda text: _NAMES_THE_SITE.search(text) is not None)


def _any_template_may(folder: Path, says: Callable[[str], bool]) -> bool:
    """Whether the text of one of a site's own templates `says` so; a template that cannot be
    read counts as one that does."""
    for path in site_files(folder):
        try:
            if says(path.read_text(encoding="utf-8")):
                return True
        except (OSError, UnicodeDecodeError):
            return True
    return False


# What this process found of templates, for its later builds, with a cache or without: what
# `TemplateReferences` read in the sources it parsed, by their digests; and the code
# `CompiledTemplates` compiled, by its key: the source's checksum and the code.
_REFERENCES_HERE: ProcessMemo[str, str] = ProcessMemo()
_COMPILED_HERE: ProcessMemo[str, tuple[str, CodeType]] = ProcessMemo()


@dataclass
class TemplateReferences:
    """The names of the templates each template's source refers to (`{% extends %}`,
    `{% include %}`, `{% import %}`, `{% from … import %}`), as earlier builds found them,
    by the source's digest: parsing the theme's templates took 40 ms of every build, a
    twentieth of a one-post edit's. None for a source that names one by a value
    (`{% include "partials/" ~ name %}`) or does not parse."""

    known: dict[str, str] = field(default_factory=dict)  # digest -> JSON list of names, null
    used: dict[str, str] = field(default_factory=dict)  # what this build parsed or reused

    def of(self, env: jinja2.Environment, source: str) -> tuple[str, tuple[str, ...] | None]:
        """The source's digest, and the names it refers to (parsed by `env`, or by an earlier
        build of this process: `_REFERENCES_HERE`)."""
        key = text_digest(source)
        encoded = self.used.get(key) or self.known.get(key) or _REFERENCES_HERE.get(key)
        names = _names_in(encoded)
        if names is False:
            try:
                found = tuple(jinja2.meta.find_referenced_templates(env.parse(source)))
            except jinja2.TemplateSyntaxError:  # (said, at its line: `Renderer.check_syntax`)
                names, encoded = None, _UNPARSED
            else:
                names = None if None in found else tuple(n for n in found if n is not None)
                encoded = json.dumps(names)
        self.used[key] = _REFERENCES_HERE.keep(key, encoded)
        return key, names

    def parses(self, env: jinja2.Environment, source: str) -> bool:
        """Whether the source parses, as `of` found (or an earlier build did, of the same
        text: a template is parsed again only when it changed)."""
        key, _ = self.of(env, source)
        return self.used[key] != _UNPARSED

    @property
    def changed(self) -> bool:
        return self.used != self.known


# A `TemplateReferences` entry of a source that does not parse (its names, as of one naming
# a template by a value: none known)
_UNPARSED = '"does not parse"'


def _names_in(encoded: str | None) -> tuple[str, ...] | None | Literal[False]:
    """What a `TemplateReferences` entry says; False when there is none, or it is not whole
    (a damaged cache): the source is parsed again."""
    if encoded is None:
        return False
    if encoded == _UNPARSED:
        return None
    try:
        names = json.loads(encoded)
    except ValueError:
        return False
    if names is None:
        return None
    if type(names) is list and all(type(name) is str for name in names):
        return tuple(names)
    return False


def reached_prints(env: jinja2.Environment, names: Iterable[str], every: str,
                   references: TemplateReferences) -> dict[str, str]:
    """Each template of `names` (pages' own) by what renders a page of it: its source and
    those of the templates it extends, includes or imports, and they in turn, each found by
    name as `env` finds it when it renders (a site's partials/footer.html before the
    theme's, `theme/base.html` the theme's): a template edited, added under a name the
    theme's has, or removed changes the prints of the pages that reach its name alone. A
    template that names another by a value, or reaches one that cannot be found, read or
    parsed, depends on every template: `every`, the digest of the site's own (the theme's
    are blogforge's code, in every page's print already). Each template is read and parsed
    once, however many pages and templates reach it."""
    kind = type(env).__name__  # (a site's own templates turn the sandbox on for all)
    found: dict[str, tuple[str, tuple[str, ...]] | None] = {}  # name -> (digest, names)

    def read(name: str) -> tuple[str, tuple[str, ...]] | None:
        if name not in found:
            try:
                source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
            except Exception:  # noqa: BLE001 - not found, unreadable, a loader of its own
                found[name] = None
            else:
                digest, named = references.of(env, source)
                found[name] = None if named is None else (
                    digest, tuple(env.join_path(n, name) for n in named))
        return found[name]

    def reach(name: str) -> dict[str, str] | None:
        """Each template `name` reaches (itself too), with its source's digest."""
        reached: dict[str, str] = {}
        todo = [name]
        while todo:
            current = todo.pop()
            if current not in reached:
                made = read(current)
                if made is None:
                    return None
                reached[current], named = made
                todo.extend(named)
        return reached

    prints = {}
    for name in set(names):
        reached = reach(name)
        prints[name] = hash_text(kind, sorted(reached.items())) if reached is not None \
            else hash_text(kind, "every template", every)
    return prints


_LACKED_HINT = "for a value some pages lack, write `| default('')` or test `is defined`"


class ShownUndefined(jinja2.Undefined):
    """A value that does not exist, as templates see it. Tested (`{% if x %}`, `is defined`,
    `| default`) it is nothing, as Jinja's own; an absent key of a mapping (`site.params.x`,
    `post.params.subtitle`: optional by nature) also shows as nothing. But one printed or
    looped over that is a name no page has or a field the object lacks (`{{ site.titel }}`,
    `{{ nope }}`) is a mistake that would show as a silent gap: it is an error at its line."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        name, owner = self._undefined_name, self._undefined_obj
        if self._undefined_hint:
            return self._undefined_hint
        if owner is jinja2.utils.missing:
            return f"`{name}` is not defined on this page"
        if isinstance(owner, Mapping):
            return f"no key `{name}` in {_described(owner)}"
        known = [a for a in dir(owner) if not a.startswith("_")]
        close = close_matches(str(name), known, n=1)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        return f"{_described(owner)} has no attribute `{name}`{hint}"

    def _shown(self) -> None:
        if not isinstance(self._undefined_obj, Mapping) or self._unsafe:
            self._fail_with_undefined_error()

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> NoReturn:
        """A field of a name the page does not have (`{{ post.title }}` on a tag page): the
        same hint as for the name printed. What the sandbox refused (`list.append`,
        `x.__class__`) is said as that, not as a value some pages lack."""
        if self._unsafe:
            raise self._undefined_exception(self._undefined_hint)
        raise jinja2.UndefinedError(f"{self._undefined_message} ({_LACKED_HINT})")

    @property
    def _unsafe(self) -> bool:
        return issubclass(self._undefined_exception, jinja2.sandbox.SecurityError)

    def __getattr__(self, name: str) -> Any:
        if name[:2] == "__" or not isinstance(self._undefined_obj, Mapping):
            return super().__getattr__(name)
        return ShownUndefined(obj={}, name=name)  # (below an absent key: absent too)

    def __getitem__(self, key: Any) -> Any:
        if not isinstance(self._undefined_obj, Mapping):
            return super().__getitem__(key)
        return ShownUndefined(obj={}, name=str(key))

    def __str__(self) -> str:
        self._shown()
        return ""

    def __iter__(self) -> Iterator[Any]:
        self._shown()
        yield from ()

    # Measured or compared, it is as much a mistake as printed: `{{ site.titel | length }}`
    # printed 0 and `{% if site.titel == "x" %}` was never true, with no word said
    def __len__(self) -> int:
        self._shown()
        return 0

    def __eq__(self, other: object) -> bool:
        self._shown()
        return super().__eq__(other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    __hash__ = jinja2.Undefined.__hash__


def _refusing_undefined(filter_: Callable[..., Any]) -> Callable[..., Any]:
    """`filter_` failing on a value that would fail printed (`ShownUndefined`): Jinja's own
    filters take one for an empty value (`| length` 0, `| map(...)` nothing, `| round` a
    TypeError), which hid a misspelt name. The value is the first argument, after the
    context or environment a filter asks for (`jinja_pass_arg`, kept by `wraps`)."""
    at = 1 if getattr(filter_, "jinja_pass_arg", None) is not None else 0

    @wraps(filter_)
    def checked(*args: Any, **kwargs: Any) -> Any:
        if len(args) > at and isinstance(args[at], ShownUndefined):
            args[at]._shown()
        return filter_(*args, **kwargs)
    return checked


# The filters that are a template's way of asking whether a value exists: an undefined one
# is what they are for
_FOR_UNDEFINED = frozenset({"default", "d"})


def _described(value: object) -> str:
    """A value as a message names it: `a SiteConfig`, `a dict`."""
    name = type(value).__name__
    return f"{'an' if name[:1].lower() in 'aeiou' else 'a'} {name}"


# Hugo themes' hooks for additions to every page, and blogforge's for the same.
# Hugo's folders besides layouts/ that a site moved from Hugo keeps, which nothing here reads,
# and what blogforge does instead.
_HUGO_FOLDERS = {
    "archetypes": "archetypes/ is Hugo's folder, which blogforge does not read: `blogforge new "
                  "post` fills in a post's front matter (title, date, lang, tags)",
    "data": "data/ is Hugo's folder, which blogforge does not read: give templates values under "
            "`params:` in site.yaml (`site.params`); a file to publish goes in static/",
    "config": "config/ is Hugo's folder of settings per environment, which blogforge does not "
              "read: the settings are site.yaml, one for every build (--base-url and --drafts "
              "for what differs)",
}
# What Hugo keeps in them: settings and data files, archetypes' Markdown, an environment's folder.
_HUGO_FOLDER_FILES = (".toml", ".yaml", ".yml", ".json", ".csv", ".xml", ".md")


def _holds_hugo_files(folder: Path) -> bool:
    """Whether a site's folder of one of `_HUGO_FOLDERS`' names holds what Hugo keeps there (a
    folder of that name with other files, a script's config/, is the writer's own)."""
    try:
        return any(entry.is_dir() or entry.suffix.lower() in _HUGO_FOLDER_FILES
                   for entry in folder.iterdir())
    except OSError:  # (no such folder, or a file of that name)
        return False


_HUGO_THEME_HOOKS = {
    "extend_head.html": "PaperMod's hook: blogforge's for additions to <head> is "
                        "partials/head_extra.html",
    "extend_footer.html": "PaperMod's hook: blogforge's footer is partials/footer.html",
    "custom_head.html": "a Hugo theme's hook: blogforge's for additions to <head> is "
                        "partials/head_extra.html",
}
# Jinja's tags that hold a body closed by `end` + their name (`set` too, written without `=`).
_BLOCK_TAGS = frozenset({"for", "if", "block", "macro", "call", "filter", "with", "set",
                         "autoescape", "raw", "trans"})
_FRAME_TAG = re.compile(r"<(html|head|body)\b", re.IGNORECASE)
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
POOL_PAGES = 150  # fewer pages to render than this are not worth starting processes
POOL_CHUNKS = 8  # the chunks of pages each process of the pool is dealt, about
# A page renders in milliseconds; one that takes this long (seconds) is stopped, as Hugo's
# `timeout` stops it: a template that loops endlessly hung the build, and `serve` with it.
PAGE_TIME_LIMIT = 30.0


class PageTimeLimit(BaseException):
    """A page over its time limit (a BaseException: no `except Exception` in a filter the
    template was in at the moment may keep it from ending the page)."""


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """`PageTimeLimit` raised in the block when it runs over `seconds`; a timer already set
    (by whoever called the build) runs on after it. A clock only the main thread can have."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(_: int, frame: FrameType | None) -> None:
        raise PageTimeLimit(calling_template(frame))  # (where the template was at)

    previous = signal.signal(signal.SIGALRM, expired)
    started = time.monotonic()
    outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL,
                             max(outer - (time.monotonic() - started), 0.001))


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled by earlier builds, kept in the build cache: compiling the theme's
    templates takes ~40 ms, loading them ~2 ms. Jinja checks each entry against its template's
    source; the key adds blogforge's code and library versions (Jinja's own key does not
    cover the environment's options or the Jinja version), the base URL and the stylesheets'
    and scripts' versions: Jinja works out a filter of a constant as it compiles, so
    `{{ 'css/x.css' | url }}` is in the code as "/repo/css/x.css?v=…".

    Compiled code is run as it is loaded (pickle, then marshal), and the site's cache is not
    to be trusted (a clone's committed one, a restored CI cache, anyone's who can write the
    site folder): each entry is signed with this user's own key (`cache.user_key`, kept in
    their cache folder, outside any site), and one not signed with it is compiled again, its
    bytes never handed to Jinja. Without a key, templates are compiled every build.

    What this process compiled is kept in it too, under the same keys (`_COMPILED_HERE`): the
    later builds of a process that builds more than once (`serve`, a script, the test suite's
    thousands of small sites) take each template's code from there, with a cache or without
    (`store` None: nothing is read from the disk, nor a user key made)."""

    KIND = "template-code"

    def __init__(self, store: Store | None, base_url: str,
                 versions: Mapping[str, str] | None = None) -> None:
        self.key = user_key() if store is not None else None
        self.store: Store | None = store if self.key is not None else None
        # (what the `url` and `absolute_url` filters depend on: the base URL, and the
        # versions of stylesheets and scripts the `url` of one names)
        self.depends_on = hash_text(base_url, sorted((versions or {}).items()))
        self.used: list[str] = []  # keys read or written, for the cache's sweep

    def _key(self, bucket: jinja2.bccache.Bucket) -> str:
        return hash_text(code_fingerprint(), self.depends_on, bucket.key)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        key = self._key(bucket)
        if self.store is not None and self.key is not None:
            self.used.append(key)
            self._load_kept(bucket, key)
            if bucket.code is not None:
                return
        here = _COMPILED_HERE.get(key)
        if here is not None and here[0] == bucket.checksum:  # (as Jinja checks an entry's)
            bucket.code = here[1]
            self._keep(bucket, key)  # (not compiled, so not dumped: for the next process)

    def _load_kept(self, bucket: jinja2.bccache.Bucket, key: str) -> None:
        assert self.store is not None and self.key is not None
        text = self.store.get_many_text(self.KIND, [key]).get(key)
        if text is None:
            return
        signature, _, encoded = text.partition(":")
        try:
            code = base64.b64decode(encoded, validate=True)
        except ValueError:  # a damaged entry is a miss: compile again
            return
        if not signed_by(self.key, self.KIND, key, code, signature):
            return  # not written by this user's builds: never loaded
        try:
            bucket.bytecode_from_string(code)
        except Exception:  # noqa: BLE001 - a damaged entry is a miss: compile again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        key = self._key(bucket)
        _COMPILED_HERE.keep(key, (bucket.checksum, bucket.code))
        self._keep(bucket, key)

    def _keep(self, bucket: jinja2.bccache.Bucket, key: str) -> None:
        if self.store is not None and self.key is not None:
            code = bucket.bytecode_to_string()
            self.store.put_text(self.KIND, key, sign(self.key, self.KIND, key, code) + ":"
                                + base64.b64encode(code).decode("ascii"))


def _versioned(urls: UrlBuilder, versions: Mapping[str, str]) -> Callable[[str], str]:
    """The `url` filter: a site path's link, with `?v=` its version for a stylesheet or
    script whose name stays as it changes (site_files.asset_versions). A `?` or `#` in it
    starts its query or fragment, as Hugo's relURL reads one (`'about/#team' | url` linked
    `/about/%23team`); the site's own paths hold neither (slugs spell `C#` as `c-sharp`)."""
    def url(site_path: str) -> str:
        if not isinstance(site_path, str):
            return urls.path(site_path)
        path, rest = site_path, ""
        if "?" in site_path or "#" in site_path:  # (looked for only then: ~40 links a page)
            cut = min(at for at in (site_path.find("?"), site_path.find("#")) if at >= 0)
            path, rest = site_path[:cut], site_path[cut:]
        link = urls.path(path)
        version = versions.get(path.lstrip("/")) if not rest else None
        return f"{link}?v={version}" if version else link + rest
    return url


@dataclass(frozen=True)
class CardListing:
    """All the theme's card reads of the listing it is on: its kind, of those it tells apart
    (`CARD_KINDS`)."""

    kind: str


CARD = "partials/card.html"
SEARCH = "partials/search.html"  # (its macros: the header's search box and its script)
FOOTER = "partials/footer.html"
# The theme's hooks for additions to every page (a site's own file of the name is included by
# each page): the theme's own hold a comment alone, and render nothing.
HOOKS = ("partials/head_extra.html", "partials/main_start.html")
# The kinds of listing the theme's card tells apart: a home page pins a post, a series' own
# page numbers its parts alone; a tag's, a category's and a folder's lists show the same card,
# shared between them (as "list"). A kind the card tells apart is named here too.
CARD_KINDS = frozenset({"home", "series"})
# What the theme's footer reads of a page: the same on every page of a language.
_FOOTER_READS = ("site", "lang", "t", "bf", "feed_path")


class Renderer:
    def __init__(self, site_dir: Path, urls: UrlBuilder, diagnostics: Diagnostics,
                 compiled: CompiledTemplates | None = None,
                 versions: Mapping[str, str] | None = None) -> None:
        self.site_templates = site_dir / "templates"
        self.diagnostics = diagnostics
        theme = jinja2.FileSystemLoader(THEME_DIR / "templates")
        # Sandboxed when the site has templates of its own: they come from whoever wrote them
        # (a contributor's pull request built by a CI preview, a theme copied from someone),
        # and a plain Environment let `cycler.__init__.__globals__.os` run any command on the
        # machine building it; immutable: a template changes no list or dict of the site model
        # either. The theme's own templates, blogforge's code, need no guard: rendered alone
        # they are not slowed by the sandbox's look at every attribute (+60% of rendering).
        sandboxed = any(site_files(self.site_templates)) if self.site_templates.is_dir() \
            else False
        environment = jinja2.sandbox.ImmutableSandboxedEnvironment if sandboxed \
            else jinja2.Environment
        if compiled is not None:  # (each kind compiles the same code; kept apart all the same)
            compiled.depends_on = hash_text(compiled.depends_on, environment.__name__)
        self.env = environment(
            # `theme/base.html` is always the theme's: a site's own base.html may extend it
            # and fill in a block, instead of copying the whole of it
            loader=jinja2.ChoiceLoader([
                jinja2.PrefixLoader({THEME_PREFIX: theme}),
                # (utf-8-sig: Notepad's "UTF-8 with BOM" put U+FEFF in every page, and ended
                # <head> where a partial in it began)
                jinja2.FileSystemLoader(self.site_templates, encoding="utf-8-sig"),
                theme,
            ]),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # a build makes its own Renderer: no template changes under it
            undefined=ShownUndefined,
            bytecode_cache=compiled,
        )
        self.env.filters["url"] = _versioned(urls, versions or {})
        self.env.filters["absolute_url"] = urls.absolute
        self.env.filters["shorten"] = shorten
        self.env.tests["external"] = is_external  # (a menu URL off the site)
        # The theme's card of a post, made once for each way the listings show it, not on each
        # of the listing pages it is on (the 800 lists of a thousand-post blog in two languages
        # show 8,900 cards, of 3,700 kinds); a site's own card.html is included by each page as
        # any partial is (what it reads of the page is its own). See `_shared_card`.
        self._cards: dict[tuple[Any, ...], tuple[Any, Markup]] = {}
        self.env.globals["shared_card"] = self._shared_card if self._is_themes(CARD) else None
        # (and the header's search box: the same on every page of a language)
        self._search_parts: dict[tuple[Any, ...], Markup] = {}
        self.env.globals["shared_search"] = self._shared_search if self._is_themes(SEARCH) \
            else None
        # (a site's own templates may call the search partial's macros, which base.html
        # imports for them on every page; the theme's alone call none but through
        # shared_search)
        self.env.globals["own_templates"] = sandboxed
        # (the hooks a page includes: the site's own; the theme's give nothing to include, and
        # each page made a context for each of them)
        self.env.globals["own_hooks"] = frozenset(name for name in HOOKS
                                                  if not self._is_themes(name))
        # (and the footer, the same on every page of a language: the site's title or author,
        # its feed, the theme's strings; made once only where the templates are all the
        # theme's, which set none of the names it reads, as a page template of a site's own
        # may: `{% set feed_path = … %}`)
        self._footers: dict[str, Markup] = {}
        self.env.globals["shared_footer"] = self._shared_footer if not sandboxed else None
        self._globals: dict[str | None, dict[str, Any]] = {}  # (see `_context_of`)
        self.env.filters.update({name: _refusing_undefined(filter_)
                                 for name, filter_ in self.env.filters.items()
                                 if name not in _FOR_UNDEFINED})
        self._failed: set[object] = set()  # problems said: (file, line) of an error
        self._undecodable = False  # a template is not UTF-8 (said by _check_encoding)
        self._over_time = False  # a page ran over its time: the others are not tried
        # a page recursed endlessly (a partial including itself): the others are not tried,
        # as every page around that partial would, each a thousand frames deep (97 s for the
        # example blog's 195 pages before the error was said)
        self._endless = False
        # page templates that did not compile: not compiled again for each page of them (a
        # typo in a partial of 5,000 pages was said after 12-18 s of compiling it again)
        self._uncompiled: set[str] = set()
        # the site's own templates, by name: their files and texts (`check_syntax`), but
        # those said to be read by no page (Hugo's `_default/`: `_check_hugo_names`)
        self._site_texts: dict[str, tuple[Path, str]] = {}
        self._check_encoding()

    def _is_themes(self, name: str) -> bool:
        """Whether the template the pages find by `name` is the theme's (the site has none of
        that name)."""
        try:
            _, filename, _ = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
        except Exception:  # noqa: BLE001 - not found, unreadable: said when a page asks for it
            return False
        return Path(filename) == THEME_DIR / "templates" / name

    @jinja2.pass_context
    def _shared_card(self, context: jinja2.runtime.Context, post: Any, level: int) -> Markup:
        """The theme's card of `post` on the listing page being rendered (`context`), at
        heading `level`: rendered with what it shows alone (the post, the page's language,
        the kind of list, the post's place in a series), which are the card's key. A card.html
        that read more of the page (its path, its listing's terms) would fail at that line
        (`ShownUndefined`), rather than show another page's card. Making the theme's card
        says nothing (the strings it asks for are the theme's, each of which English has): a
        page showing a card made for another misses no message of its own."""
        lang, kind = context["lang"], context["listing"].kind
        kind = kind if kind in CARD_KINDS else "list"
        place = (context.get("series_places") or {}).get(post.path)
        key = (id(post), lang.code, level, kind, place and tuple(place.items()))
        made = self._cards.get(key)
        if made is None:  # (the post is kept with its card: its id is no other post's)
            template = self.env.get_template(CARD)
            made = self._cards[key] = (post, Markup("".join(
                template.root_render_func(self._context_of(template, {
                    "post": post, "card_level": level, "lang": lang, "t": context["t"],
                    "bf": context["bf"], "listing": CardListing(kind),
                    "series_places": {post.path: place} if place else {}})))))
        return made[1]

    @jinja2.pass_context
    def _shared_search(self, context: jinja2.runtime.Context, macro: str,
                       **arguments: Any) -> Markup:
        """What the theme's `macro` of partials/search.html (`header_box`, `header_script`)
        makes in the page's language: rendered with the language, the site's languages and
        the language's strings alone (see `_shared_card`), once for each."""
        lang = context["lang"]
        key = (lang.code, macro, tuple(sorted(arguments.items())))
        made = self._search_parts.get(key)
        if made is None:
            module = self.env.get_template(SEARCH).make_module({
                "lang": lang, "languages": context["languages"], "t": context["t"]})
            made = self._search_parts[key] = Markup(getattr(module, macro)(**arguments))
        return made

    @jinja2.pass_context
    def _shared_footer(self, context: jinja2.runtime.Context) -> Markup:
        """The theme's partials/footer.html in the page's language, on a site without
        templates of its own: rendered with the site, the language, its strings and feed
        alone (see `_shared_card`), once for each."""
        lang = context["lang"]
        made = self._footers.get(lang.code)
        if made is None:
            template = self.env.get_template(FOOTER)
            made = self._footers[lang.code] = Markup("".join(template.root_render_func(
                self._context_of(template, {name: context[name] for name in _FOOTER_READS}))))
        return made

    def _context_of(self, template: jinja2.Template, names: dict[str, Any]
                    ) -> jinja2.runtime.Context:
        """`template.new_context(names)`: its globals and `names`. Jinja copies the globals
        out of their ChainMap for each context it makes, three quarters of making one (8 us
        of a card's ~60); they are copied once here (the renderer set them all as it was
        made)."""
        known = self._globals.get(template.name)
        if known is None:
            known = self._globals[template.name] = dict(template.globals)
        return template.new_context({**known, **names}, shared=True)

    def _check_encoding(self) -> None:
        """Jinja would fail on a non-UTF-8 template without saying which file it was, and
        again at each template including it: said once, here, at the file. A partial that
        writes a page's frame is said too (see `_frame_in_partial`)."""
        texts: dict[str, str] = {}  # the site's templates by name, as read
        for path in site_files(self.site_templates):
            name = path.relative_to(self.site_templates).as_posix()
            try:
                text = texts[name] = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                self._undecodable = True
                self._report(str(path), None, not_utf8(path.read_bytes()))
                continue
            if name.lower().endswith(NAMED_FILES["templates"]):  # (as the loader reads it)
                self._site_texts[name] = (path, text.removeprefix("\ufeff"))
            if (conflict := merge_conflict(text)) is not None:
                self._report(str(path), conflict.start, conflict.message())
            if path.relative_to(self.site_templates).parts[0] == "partials":
                self._frame_in_partial(path, text)
        self._check_hugo_names(texts)

    def _check_hugo_names(self, texts: dict[str, str]) -> None:
        """Templates where Hugo (or its themes) would have them, which nothing here reads:
        a `layouts/` folder, `_default/single.html`, PaperMod's `extend_head.html` hook
        (unless the site's own templates include it)."""
        site_dir = self.site_templates.parent
        if (site_dir / "layouts").is_dir():
            self.report(Diagnostic("warning", "layouts/ is Hugo's folder, which blogforge does "
                                   "not read: its templates are in templates/ (Jinja, not Go "
                                   "templates: post.html, partials/footer.html…)",
                                   site_dir / "layouts"))
        for folder, said in _HUGO_FOLDERS.items():
            if _holds_hugo_files(site_dir / folder):
                self.report(Diagnostic("warning", said, site_dir / folder))
        for name in sorted(texts):
            hook = _HUGO_THEME_HOOKS.get(name.rsplit("/", 1)[-1])
            if name.startswith("_default/"):
                said = ("Hugo's `_default/` layouts are not read here: a post is "
                        "templates/post.html, a list templates/list.html")
            elif hook is not None and name.startswith("partials/"):
                if any(name.removeprefix("partials/") in text for text in texts.values()):
                    continue  # (the site's own templates include it)
                said = f"{hook}; this file is not read"
            else:
                continue
            self.report(Diagnostic("warning", said, self.site_templates / name))
            # (said to be read by no page: its Go template is not parsed as Jinja either)
            self._site_texts.pop(name, None)

    def _frame_in_partial(self, path: Path, text: str) -> None:
        """A partial goes inside a page that has its `<html>`, `<head>` and `<body>` (the
        theme's base.html): `<head>…</head>` in head_extra.html made each page a second head,
        whose `<title>` browsers ignore, and no check said a word."""
        # (comments blanked, not cut: what follows keeps its offset, and so its line)
        found = _FRAME_TAG.search(_JINJA_COMMENT.sub(lambda c: re.sub(r"[^\n]", " ", c.group()),
                                                     text))
        if found is not None:
            tag = found.group(1).lower()
            self.report(Diagnostic(
                "warning", f"`<{tag}>` in a partial: the page around it has its own, so this "
                f"makes a second (browsers ignore what it holds that only one <{tag}> may, a "
                f"<title>); write only what goes inside <{tag}>", path,
                text.count("\n", 0, found.start()) + 1))

    def render_page(self, template: str, context: dict[str, Any]
                    ) -> tuple[str | None, list[Diagnostic]]:
        """The page's HTML (None after an error), and all that rendering it said, named as
        `report` names it: what earlier pages of the build said too (a string post.html asks
        for that no language has, said by each post's page), for a later build that keeps
        this page to say again. The caller says it to the build (`report`: once)."""
        gathered, failed = self.diagnostics.items, self._failed
        self.diagnostics.items, self._failed = [], set()  # (the site's strings say theirs there)
        try:
            page = self.render(template, context)
            return page, [self._named(problem) for problem in self.diagnostics.items]
        finally:
            self.diagnostics.items, self._failed = gathered, failed

    def render(self, template: str, context: dict[str, Any]) -> str | None:
        """The page's HTML, or None after reporting the template's file and line."""
        # (most likely every page loops as the one over time did: 30 s each; a template that
        # did not compile fails the same way for every page of it)
        if self._over_time or self._endless or template in self._uncompiled:
            return None
        try:
            with _time_limit(PAGE_TIME_LIMIT):
                return self.env.get_template(template).render(context)
        except PageTimeLimit as exc:
            self._over_time = True
            filename, line = exc.args[0] or (template, None)
            page = context.get("page")
            self._report(str(filename), line, (
                f"{getattr(page, 'path', None) or 'a page'} took longer than "
                f"{PAGE_TIME_LIMIT:g} s to render and was stopped here: a loop that never ends?"))
        except jinja2.TemplateSyntaxError as exc:
            self._uncompiled.add(template)
            self._report_syntax_error(exc, template)
        except RecursionError as exc:  # (before a template's own error: it is one too)
            self._endless = True
            filename, line = _template_frame(exc)
            self._report(filename or template, line, self._loop_message(filename)
                         if not _in_macros(exc) else "a macro here calls itself endlessly, or "
                         "more deeply than Python's stack allows (a few hundred calls)")
        except jinja2.TemplateNotFound as exc:
            filename, line = _template_frame(exc)  # the template that asked for it, if any
            self._report(filename or template, line, f"template `{exc.name}` not found in "
                         "templates/ or the theme")
        except jinja2.UndefinedError as exc:  # (its message says it all: ShownUndefined)
            filename, line = _template_frame(exc)
            message, page = str(exc), getattr(context.get("page"), "path", None)
            if page is not None and message.endswith(")"):  # (into the hint's parentheses)
                message = f"{message[:-1]}; met rendering /{page})"
            self._report(filename or template, line, message)
        except jinja2.sandbox.SecurityError as exc:
            filename, line = _template_frame(exc)
            self._report(filename or template, line, f"{exc} Templates run sandboxed: they "
                         "reach no Python internals (`_names`, modules, files, commands) and "
                         "change no list or dict of the site's (`.append`, `.update`)")
        except UnicodeDecodeError:
            if not self._undecodable:  # (the undecodable template was named at its file)
                self._report(template, None, "a template is not UTF-8 text")
        except Exception as exc:  # noqa: BLE001 - any error inside a template is the user's to fix
            filename, line = _template_frame(exc)
            self._report(filename or template, line, f"{type(exc).__name__}: {exc}")
        return None

    def _report_syntax_error(self, exc: jinja2.TemplateSyntaxError, template: str) -> None:
        """A template that does not parse, at its line (a block never closed: where it
        opened); said once, whether a page met it or `check_syntax` did first."""
        message = exc.message or str(exc)
        opened = self._opened_at(exc) if "needs to be closed" in message else None
        if opened is not None:  # (Jinja says where the file ended, not where it opened)
            message += f" It opened at line {opened}."
        self._report(exc.filename or exc.name or template, opened or exc.lineno, message)

    def check_syntax(self, references: TemplateReferences) -> None:
        """Each of the site's own templates that does not parse is an error at its line,
        whether a page uses it or not, as Hugo refuses any of its layouts that does not: one
        that no page used (an old one kept, one a `layout:` names only in a draft) was
        never read, and so never said, until the day a page used it. Those that parse are
        known by their digests from earlier builds (`references`): parsed again only when
        changed."""
        for name in sorted(self._site_texts):
            path, text = self._site_texts[name]
            if references.parses(self.env, text):
                continue
            try:
                self.env.parse(text, name, str(path))  # (again, for its file and line)
            except jinja2.TemplateSyntaxError as exc:
                self._report_syntax_error(exc, name)

    def _opened_at(self, exc: jinja2.TemplateSyntaxError) -> int | None:
        """The line of the block tag a template never closed (`{% for %}` without its
        `{% endfor %}`), the innermost; None when there is no telling."""
        try:
            source = Path(exc.filename).read_text(encoding="utf-8-sig") if exc.filename \
                else exc.source or ""
            tokens = list(self.env.lex(source))
        except (OSError, UnicodeDecodeError, jinja2.TemplateSyntaxError):
            return None
        opened: list[tuple[str, int]] = []
        statement: list[tuple[int, str, str]] | None = None  # the tokens of one `{% … %}`
        for line, kind, value in tokens:
            if kind == "block_begin":
                statement = []
            elif kind == "block_end" and statement:
                first_line, _, name = statement[0]
                assigns = ("operator", "=") in [(k, text) for _, k, text in statement]
                if name in _BLOCK_TAGS and not (name == "set" and assigns):
                    opened.append((name, first_line))
                elif name.startswith("end") and opened and opened[-1][0] == name[3:]:
                    opened.pop()
                statement = None
            elif statement is not None and kind != "whitespace":
                statement.append((line, kind, value))
        return opened[-1][1] if opened else None

    def _loop_message(self, filename: str | None) -> str:
        """What to say of a template that extends or includes itself, endlessly: most often
        a site's base.html that meant to extend the theme's."""
        message = "this template extends or includes itself, endlessly"
        if filename is not None and Path(filename).is_relative_to(self.site_templates):
            name = Path(filename).relative_to(self.site_templates).as_posix()
            if (THEME_DIR / "templates" / name).is_file():
                message += (f"; to build on the theme's own {name}, write "
                            f"{{% extends \"{THEME_PREFIX}/{name}\" %}}")
        return message

    def _report(self, filename: str, line: int | None, message: str) -> None:
        self.report(Diagnostic("error", f"template error: {message}", Path(filename), line))

    def report(self, problem: Diagnostic) -> None:
        """One template error breaks many pages: say it once; a warning said by several
        pages too."""
        problem = self._named(problem)
        key = (problem.path, problem.line) if problem.level == "error" else problem
        if key in self._failed:
            return
        self._failed.add(key)
        self.diagnostics.items.append(problem)

    def _named(self, problem: Diagnostic) -> Diagnostic:
        """`problem` with its file named from the site's folder, as content/ files are (the
        site's strings name a template by the path its loader read it from)."""
        site_dir = self.site_templates.parent
        if problem.path is not None and problem.path.is_absolute() == site_dir.is_absolute() \
                and problem.path.is_relative_to(site_dir):
            return replace(problem, path=problem.path.relative_to(site_dir))
        return problem


def calling_template(frame: FrameType | None = None) -> tuple[Path, int] | None:
    """The template file and line running now (the innermost on the stack, or from `frame`
    out), for a message about what it asked for while rendering (`t('x')`, a string no
    language has); None when no template is running. Jinja gives each compiled template's
    code its template, which maps the code's line to the template's."""
    frame = frame or sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if isinstance(template, jinja2.Template) and template.filename:
            return Path(template.filename), template.get_corresponding_lineno(frame.f_lineno)
        frame = frame.f_back
    return None


def _in_macros(exc: RecursionError) -> bool:
    """Whether the recursion ran through a macro calling itself, not a template including or
    extending itself: Jinja names a macro's frames "template" in the traceback it rewrites,
    a template's own code "top-level template code"."""
    names = [frame.name for frame in traceback.extract_tb(exc.__traceback__)]
    return names.count("template") > names.count("top-level template code")


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost traceback frame that belongs to a template file."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".j2", ".jinja")):
            return frame.filename, frame.lineno
    return None, None


def render_pages(renderer: Renderer, specs: list, jobs: int,
                 inspect: Callable[[str], Any] | None = None,
                 around: Callable[[Any], AbstractContextManager] | None = None,
                 deliver: Callable[[str], Any] | None = None
                 ) -> Iterator[tuple[Any, Any, Any, list[Diagnostic]]]:
    """Each spec with its page (None after a template error), what `inspect` found in the
    page (worked out where the page was rendered) and what rendering it said
    (`Renderer.render_page`: the caller reports it), in order. Many pages are rendered by a pool
    of processes that share the site model by forking; there `deliver(page)` is handed back
    instead of the page (it writes the page to a file, say: a thousand pages of text need not
    travel between processes). `around(spec)` is entered while the spec's page is rendered
    (to read what only that page shows)."""
    if not rendered_by_a_pool(jobs, len(specs)):
        for spec in specs:
            page, said = _render_one(renderer, spec, around)
            yield spec, page, inspect(page) if inspect and page is not None else None, said
        return
    # Compile every template once, before the fork: the partials too, which the pages load
    # as they render, so that the processes need not compile them each, and the compiled
    # code is kept for the next build (`CompiledTemplates`: only this process writes it).
    for name in renderer.env.list_templates():  # (the site's and the theme's: every page's)
        with contextlib.suppress(Exception):  # an error is reported when the page renders
            renderer.env.get_template(name)
    chunks, lanes = _page_chunks(specs, max(1, len(specs) // (jobs * POOL_CHUNKS)),
                                 renderer.env.globals["shared_card"] is not None)
    gc.freeze()  # the site model is shared with the processes: their collector leaves it alone
    try:
        with WorkerPool(jobs, _start_worker, (renderer, specs, inspect, around, deliver),
                        _render_chunk_in_worker) as pool:
            waiting: dict[int, tuple[Any, Any, list[Diagnostic]]] = {}  # (ahead of their turn)
            next_out = 0
            for rendered in pool.results(chunks, ordered=False, lanes=lanes):
                waiting.update((index, made) for index, *made in rendered)
                while next_out in waiting:
                    yield specs[next_out], *waiting.pop(next_out)
                    next_out += 1
    finally:
        gc.unfreeze()


def _page_chunks(specs: list, size: int, shared_cards: bool
                 ) -> tuple[list[list[int]], list[str | None] | None]:
    """The pages' indices in chunks of up to `size` for the pool, and the lane of each chunk:
    where the theme's cards are shared (`Renderer._shared_card`), a list's chunk is of lists of
    one language, whose cards it shares, in that language's lane, so that one process renders
    a card another would otherwise render again (the two processes of the 1,000-post
    benchmark's cold build made 1,558 cards of 3,709 twice); the other pages are in no lane.
    The chunks are in the order of their first pages."""
    open_chunks: dict[str | None, list[int]] = {}
    chunks: list[list[int]] = []
    lanes: list[str | None] = []
    for index, spec in enumerate(specs):
        listing = spec.context.get("listing") if shared_cards else None
        lane = spec.lang if listing is not None and listing.kind not in CARD_KINDS else None
        chunk = open_chunks.get(lane)
        if chunk is None or len(chunk) == size:
            chunk = open_chunks[lane] = []
            chunks.append(chunk)
            lanes.append(lane)
        chunk.append(index)
    return chunks, lanes if shared_cards else None


def rendered_by_a_pool(jobs: int, pages: int) -> bool:
    """Whether `render_pages` renders that many pages in a pool of processes (forked: this
    process's site model is left as it was)."""
    return jobs > 1 and pages >= POOL_PAGES


def _render_one(renderer: Renderer, spec: Any,
                around: Callable[[Any], AbstractContextManager] | None
                ) -> tuple[str | None, list[Diagnostic]]:
    with around(spec) if around is not None else nullcontext():
        return renderer.render_page(spec.template, {**spec.context, "page": spec})


# set in each pool process, inherited by fork
_worker: tuple[Renderer, list, Callable[[str], Any] | None,
               Callable[[Any], AbstractContextManager] | None,
               Callable[[str], Any] | None] | None = None


def _start_worker(renderer: Renderer, specs: list, inspect: Callable[[str], Any] | None,
                  around: Callable[[Any], AbstractContextManager] | None,
                  deliver: Callable[[str], Any] | None) -> None:
    global _worker
    worker_signals()
    _worker = (renderer, specs, inspect, around, deliver)


def _render_chunk_in_worker(indices: list[int]) -> list[tuple[int, Any, Any, list[Diagnostic]]]:
    return [_render_in_worker(index) for index in indices]


def _render_in_worker(index: int) -> tuple[int, Any, Any, list[Diagnostic]]:
    assert _worker is not None
    renderer, specs, inspect, around, deliver = _worker
    spec = specs[index]
    page, said = _render_one(renderer, spec, around)
    facts = inspect(page) if inspect and page is not None else None
    return index, deliver(page) if deliver and page is not None else page, facts, said

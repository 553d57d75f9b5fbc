"""The build engine every command stands on: a `Site` built again and again, its options and
result, the record each build leaves of its output (`_State`), and the first step of a build,
which reads the configuration, digests every input and answers "has anything changed since the
last build?". A build that changed nothing ends there, having imported none of the renderer
(site.py, the pipeline from the posts to the pages, with Markdown, math, Jinja and the feeds):
those imports were two thirds of a no-change rebuild's instructions, issue 8.
"""

from __future__ import annotations

import errno
import gc
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from blogforge.cache import CACHE_DIR, FILE_NAME, BuildLock, BuildLockBusy, Store, encode_plain
from blogforge.cancel import BuildCancelled, Checkpoint, checkpoint_for
from blogforge.config import (
    CONFIG_FILE,
    SiteConfig,
    base_url_problem,
    custom_domain_problem,
    domain_in_cname_file,
    read_config,
)
from blogforge.content.vaults import content_folders, is_obsidian_vault, vault_templates
from blogforge.diagnostics import Diagnostic, Diagnostics, Level, in_line_order
from blogforge.diagrams import mermaid_cache_state
from blogforge.fingerprint import (
    code_fingerprint,
    digest_if_there,
    hash_text,
    input_files,
    site_wide_files,
    template_files,
)
from blogforge.forks import Aside
from blogforge.math.assets import katex_cache_state
from blogforge.math.settings import MathSettings
from blogforge.output import (
    MARKER,
    FileRecord,
    OutputError,
    check_output_dir,
    folder_key,
    holds_listed,
    keep_recorded,
    record_key,
    recover,
)
from blogforge.site_folder import (
    files_for_folders,
    folders_for_files,
    posts_outside_content,
    site_folder_problem,
)
from blogforge.stop_signals import stop_signals_held
from blogforge.urls import UrlBuilder, split_url
from blogforge.yamlfile import ParsedYaml, YamlDocument

if TYPE_CHECKING:  # (the renderer's: imported by a build that renders)
    from blogforge.content.cascade import Cascades
    from blogforge.content.loader import LoadMemo, LoadOptions
    from blogforge.markdown.render import Placeholders, PostRenderer
    from blogforge.model import Post
    from blogforge.pages import SiteContext
    from blogforge.templates import Renderer


@dataclass(frozen=True)
class BuildOptions:
    """What `blogforge build` was asked for."""

    source: Path
    output: Path
    base_url: str | None = None
    drafts: bool = False
    future: bool = False
    expired: bool = False  # show posts past their `expiryDate` (Hugo's --buildExpired)
    strict: bool = False
    use_cache: bool = True
    now: datetime | None = None
    jobs: int | None = None  # processes for large builds; None: one per core
    in_place: bool = False  # the output is a preview's own: update files in place, no swap
    lock_wait: float = 0.0  # seconds to wait for another build of the site to end
    # pages name the versions of stylesheets and scripts (`?v=`); a preview's do not: a
    # stylesheet's edit there changes that file alone
    versioned_assets: bool = True


@dataclass(frozen=True)
class HeldBack:
    """A post left out of the build (a draft, or dated in the future)."""

    source: Path  # relative to the site folder, as shown in messages
    date: datetime | None
    dated_by_file: bool = False  # no date written: the file's modification time is its date
    zone: str | None = None  # the site's zone its date is read in, when written without one


@dataclass
class BuildResult:
    """What a build did: its messages, its counts, what it held back."""

    diagnostics: Diagnostics
    posts: int = 0
    pages: int = 0
    # what was left out, by why ("drafts", "future", "expired", "empty": no text below its
    # front matter; "files"): each post's file and date, in file order
    held_back: dict[str, list[HeldBack]] = field(default_factory=dict)
    written: bool = False
    seconds: float = 0.0
    changed_files: list[str] = field(default_factory=list)  # output paths written or removed
    files: list[str] = field(default_factory=list)  # every file of the output (the marker aside)
    bodies_rendered: int = 0  # post bodies made by the Markdown stage (not from the cache)
    bodies_cached: int = 0  # post bodies taken from the cache (a fresh output, a warm cache)
    pages_rendered: int = 0  # pages made by the templates (the others were unchanged)
    cancelled: bool = False  # stopped for a newer change (serve); nothing was written


class StoppedAfterWriting(KeyboardInterrupt):
    """A Ctrl+C or SIGTERM that came after the build's output went in place, while its record
    was being kept in the cache: the output is this build's, which `result` tells. The cache
    keeps the record it had, which the next build checks against the output, as after a build
    killed at that moment."""

    def __init__(self, result: BuildResult) -> None:
        super().__init__()
        self.result = result


class Site:
    """A site that is built again and again: the CLI builds once, `serve` after each change.

    Every build reuses what the last one made: post bodies, formulas and the record of the
    output live in the build cache, so only pages whose inputs changed are rendered and only
    files whose bytes changed are written. `changed` (source paths) is accepted as a hint for a
    later, finer engine and not used yet: every input file is digested on every build.
    """

    def __init__(self, options: BuildOptions, remember: bool = True) -> None:
        """`remember`: keep what builds read for the next build of this object (not for a
        single build: noting every file's stat and copying every post costs time)."""
        self.options = options
        self._state: _State | None = None  # the last build's record, also without a cache
        self._live: _Live | None = None  # the last good build's site model, in memory
        # what builds read, for the next one not to read it again
        self._memo = _Memo() if remember else _Memo(None, None)
        self._token = os.urandom(8).hex()  # (what this object's builds leave in the cache)

    def build(self, changed: Iterable[Path] | None = None,
              cancel: Callable[[], bool] | None = None,
              output_scan: Aside | None = None, name_reader: Aside | None = None
              ) -> BuildResult:
        """One build; `cancel` is asked between steps, and a build it stops writes nothing
        (the preview stops one as soon as another file is saved); `output_scan`,
        `name_reader`: see `build_site`."""
        started = time.perf_counter()
        result = BuildResult(Diagnostics())
        options = self.options
        if problem := site_folder_problem(options.source):  # (as the commands say it)
            result.diagnostics.error(problem)
            return result
        try:
            lock = BuildLock(options.source / CACHE_DIR, options.lock_wait)
        except BuildLockBusy as exc:
            result.diagnostics.error(str(exc))
            return result
        store = Store(options.source / CACHE_DIR / FILE_NAME) if options.use_cache else None
        try:
            if store is not None:
                self._forget_bodies_written_over(store)
            try:
                state, live = _build(options, store, result, self._state,
                                     checkpoint_for(cancel), self._memo, output_scan,
                                     name_reader)
            except BuildCancelled:
                state, live = None, None
                result.cancelled = True
            except OSError as exc:  # (a folder without permission, a full disk: no traceback)
                state, live = None, None
                result.written = False
                result.diagnostics.error(_os_problem(exc))
            # (said after the build, so that it is not among the messages the build keeps to
            # say again when nothing changed: it is about this run's cache, not the site)
            if store is not None and store.problem:
                result.diagnostics.warning(f"build cache: {store.problem}")
            # (a notebook's messages by cell, not by the lines of the Markdown made of it)
            if any(_of_a_notebook(item) for item in result.diagnostics.items):
                from blogforge.content.loader import cells_named

                result.diagnostics.items = cells_named(result.diagnostics.items,
                                                       options.source, store)
            self._state = state or self._state
            if live is not None or not (result.written or result.cancelled):
                self._live = live  # a failed build leaves a model that no output matches
            if store is not None:
                store.flush()
                store.reclaim()  # (when a sweep has freed a good part of the file)
        except KeyboardInterrupt:
            if result.written:
                result.seconds = time.perf_counter() - started
                raise StoppedAfterWriting(result) from None
            raise
        finally:
            if store is not None:
                store.close()
            lock.release()
        if options.in_place:
            # A site kept between builds (the preview's) leaves each build's model as garbage
            # in reference cycles, which the collector's rare full passes (tuned for one-shot
            # builds, see cli.py) left in place: a 1,000-post preview grew ~130 MB a save, to
            # 1.4 GB. Collected now (~0.1 s there, after the pages are out), it stays ~400 MB.
            gc.collect()
        result.seconds = time.perf_counter() - started
        return result

    def _forget_bodies_written_over(self, store: Store) -> None:
        """The bodies this object remembers are kept while no other build wrote the cache
        since its last: another build (a CLI build beside a long-lived site) may have stored
        a body of the same key, its links resolved otherwise (a post it linked was away then),
        whose HTML this object's memory of the entry would have been shown with."""
        if store.get(_LAST_WRITER, "bodies") != self._token:
            if self._memo.bodies:
                self._memo.bodies.clear()
            store.put(_LAST_WRITER, "bodies", self._token)

    def take_output_of(self, earlier: Site) -> None:
        """Build into the folder `earlier` (another Site of this source, for other options)
        last built: this Site's first build removes the files of that site that it does not
        make, as a clean build would not have them. The preview makes a new Site when
        site.yaml moves base_url; without this, moving it and back kept the pages only the
        other configuration had (a page 5 of a smaller `paginate`) for the whole session."""
        if earlier._state is not None:  # (its files alone: every page is made again)
            self._state = _State(inputs="", next_change=None, files=earlier._state.files,
                                 pages={}, diagnostics=[], posts=0, page_count=0,
                                 held_back={})

    def files_outside(self) -> dict[Path, str | None]:
        """The files the last good build read outside content/ and static/ (a bibliography
        beside site.yaml), which the preview watches too, each with the digest of what the
        build read (None: it was not there)."""
        state = self._state
        return {} if state is None else {self.options.source.resolve() / rel: made
                                         for rel, made in state.outside.items()}

    def render_post(self, changed: Path, diagnostics: Diagnostics) -> list[str] | None:
        """The page of a post whose body alone changed, made at once from the site model the
        last build left in memory (Zola's `add_and_render_page`); the output file it replaced
        (none when the post was saved unchanged: its open tabs are not reloaded). None when
        the change needs the engine: anything else changed (title, date, tags…), the body has
        an error, or there is no earlier build. Only for an output this process
        owns (`in_place`, the preview): listings, feeds, search and the link audit wait for
        the full build that must follow, which finds this page already up to date.
        `diagnostics` gets what making the page said, as that build says it of the post (the
        writer of a broken formula is told with the page): its loader's and body's messages
        in the order of its lines, then its template's; of another file (a bibliography) only
        what the last build did not say alike. The link audit's come with that build, which
        reads the whole output. When the post cannot be loaded any more (front matter broken
        as it is typed), `diagnostics` gets the loader's errors, which that build says too."""
        from blogforge.bodies import said_alike  # (the renderer's: see the module's doc)
        from blogforge.content.cascade import cascade_for
        from blogforge.content.loader import CONTENT_DIR, load_post
        from blogforge.output import file_of, replace_file
        from blogforge.pages import post_page

        live, state, options = self._live, self._state, self.options
        if live is None or state is None or not options.in_place or not changed.is_file():
            return None
        try:
            rel = changed.resolve().relative_to((options.source / CONTENT_DIR).resolve())
        except ValueError:
            return None
        old = live.posts.get(Path(CONTENT_DIR) / rel)
        # (a file's date moves with every save; a notebook's pictures are files the page
        # names, which only the full build writes)
        if old is None or old.dated_by_file or rel.suffix.lower() == ".ipynb":
            return None
        loading = Diagnostics()
        # (named as the loader names it: the watcher's absolute path is not under a source
        # of `.`, the folder `blogforge serve` is run in)
        new = load_post(options.source / CONTENT_DIR / rel, PurePosixPath(rel.as_posix()),
                        options.source, live.load_options, loading,
                        cascade=cascade_for(live.cascades, rel.as_posix()))
        if loading.errors:  # (a post the last build showed: the build fails on them too)
            diagnostics.extend(loading.errors)
            return None
        if new is None or replace(
                new, path=old.path, body=old.body, body_line=old.body_line,
                rendered=old.rendered, lang=new.lang or live.site.config.default_language,
        ) != old:  # (a post of no language has the site's: `settle_default_language`)
            return None
        if new.body == old.body:  # saved unchanged (or touched): its page is as it was
            return []
        post = replace(old, body=new.body, body_line=new.body_line, rendered=None)
        rendering = Diagnostics()
        reads = Store(options.source / CACHE_DIR / FILE_NAME) if options.use_cache else None
        live.markdown.math_engine.cache.store = reads  # formulas rendered before
        try:
            rendered = live.markdown.render(post, rendering, live.placeholders[post.lang])
        finally:
            live.markdown.math_engine.cache.store = None
            if reads is not None:
                reads.close()  # what it learnt is stored by the full build
        # (as `render_bodies` says a body's)
        said = loading.items + in_line_order(rendering.items)
        if rendering.errors or (live.strict and said):
            return None
        old.body, old.body_line, old.rendered = post.body, post.body_line, rendered
        spec = post_page(live.site, old)
        page, page_said = live.renderer.render_page(spec.template,
                                                    {**spec.context, "page": spec})
        if page is None:
            return None
        rel_out = file_of(spec.path)
        state.files[rel_out] = replace_file(options.output, rel_out, page.encode("utf-8"))
        said += page_said
        others = {item.path for item in said} - {None, old.source}  # (a bibliography, a template)
        told = {said_alike(item) for item in state.diagnostics
                if item.path in others} if others else set()
        diagnostics.extend([item for item in said
                            if item.path not in others or said_alike(item) not in told])
        return [rel_out]


def build_site(options: BuildOptions, output_scan: Aside | None = None,
               name_reader: Aside | None = None) -> BuildResult:
    """One build of the site (the CLI's `blogforge build`); `output_scan`: the process the
    command started to look at the output (`start_output_scan`), if any; `name_reader`: the
    one it started to read Chinese names (`read_ahead`), if any."""
    return Site(options, remember=False).build(output_scan=output_scan,
                                               name_reader=name_reader)


def _build(options: BuildOptions, store: Store | None, result: BuildResult,
           remembered: _State | None, checkpoint: Checkpoint, memo: _Memo,
           scan: Aside | None = None, name_reader: Aside | None = None
           ) -> tuple[_State | None, _Live | None]:
    """One build: its first step here, the rest by the renderer (`site.build_changed`) when
    anything changed; the record of the output it wrote and the site model it made, None
    when it wrote nothing new (`scan`: the output looked at by a process beside it,
    `OutputScan`; `name_reader`: the process started to read Chinese names, `read_ahead`)."""
    diagnostics = result.diagnostics
    source = options.source
    now = options.now or datetime.now(UTC)

    # 1. Configuration and where the output goes.
    # (site.yaml and the strings' files, as earlier builds parsed them)
    yaml_read = ParsedYaml(_parsed(store, _PARSED_YAML))
    config, config_doc = read_config(source, diagnostics, yaml_read)
    urls = UrlBuilder(options.base_url or config.base_url)
    if options.base_url and (problem := base_url_problem(options.base_url)):
        diagnostics.error(f"--base-url: {problem}")
    elif not urls.origin and not diagnostics.errors:  # (a broken site.yaml: its base_url unread)
        diagnostics.warning(
            f"base_url is `{urls.base_url}`, without a host, so feeds, the sitemap and canonical "
            "links hold site-relative URLs; set base_url in site.yaml (https://user.github.io/"
            "repo/) or pass --base-url")
    _check_custom_domain(source, options.base_url, urls.base_url, diagnostics)
    if config.cname and in_pages_workflow(options.base_url):
        _check_cname_in_pages_workflow(config.cname, urls.base_url, config_doc, diagnostics)
    try:
        check_output_dir(source, options.output)
    except OutputError as exc:
        diagnostics.error(str(exc))
    if diagnostics.errors:
        return None, None
    math_settings = MathSettings.from_config(config.math.given())  # checked by read_config

    # Nothing changed since the last build: nothing to do, and the output is not touched.
    output_key = _output_key(options)
    state_key = record_key(output_key)
    # (a preview's output is its own: what this process remembers is the truth about it; the
    # first build of one kept in the cache starts from the record the session before left)
    kept_preview = options.in_place and remembered is None and store is not None \
        and output_key == folder_key(options.output)
    if store is None or (options.in_place and not kept_preview):
        previous = remembered
    else:
        previous = _State.load(store, state_key)
    if kept_preview:
        keep_recorded(options.output, previous.files if previous is not None else {})
    site_wide_digest = site_wide_files(source)
    templates_digest = template_files(source)  # (a page's print has those its template reaches)
    # ("content/a.md", "static/b.png" -> digest: for images' sizes and the link audit too)
    file_digests: dict[str, str] = {}
    markdown_files: dict[str, bytes] = {}  # (read for their digests: the loader takes them)
    # (static/'s and content/'s text files git's markers may be left in)
    conflicted: dict[str, bytes] = {}
    outside = posts_outside_content(source)  # (said below; an upload there is a change)
    not_folders = files_for_folders(source)  # (said below: to the digests, an empty folder)
    not_files = folders_for_files(source)  # (so too)
    # (a walk of content/'s folders: once, for the loader too)
    vaults, named_as_posts = content_folders(source)
    inputs = hash_text(input_files(source, site_wide_digest, templates_digest, file_digests,
                                   markdown_files, conflicted),
                       [path.as_posix() for path in outside], not_folders, not_files,
                       is_obsidian_vault(source),
                       vaults, vault_templates(source, vaults), named_as_posts,
                       options.output.resolve(),
                       options.base_url, options.drafts, options.future, options.expired,
                       options.strict,
                       options.versioned_assets,
                       # (a first build offline is made again once online)
                       katex_cache_state(), mermaid_cache_state())
    if previous is not None and previous.is_current(inputs, now, options.output, source):
        if not options.in_place:  # (what a killed build left: else only one that writes went)
            recover(options.output.resolve())
        previous.replay(result)
        # (a preview keeps the record it started from, for its next build's pages to be kept)
        return (previous if options.in_place else None), None

    imported_now = "blogforge.site" not in sys.modules
    # Ctrl+C is held back while the renderer is imported (some 200 modules: ~0.2 s), and
    # raised as the import ends. Raised inside it, it stopped whatever a module was doing:
    # logging's `getLogger` between taking logging's lock and its `try` (the lock kept for
    # ever), or a dataclass's methods being made by `exec` of their source, after which
    # `python -m blogforge` ended by SIGINT whatever its exit status (CPython takes an
    # interrupted `exec` of a string for a Ctrl+C nobody caught).
    with stop_signals_held():
        from blogforge.site import build_changed  # (the renderer: see the module's doc)

    if imported_now and gc.get_freeze_count():
        # A one-shot build froze what importing the engine made, out of the collector's way
        # (`commands.build.settle_imports`); the renderer's imports, made only now, are too:
        # left young, the collections walked them, +13% instructions of a one-post edit
        gc.freeze()
    return build_changed(options, store, result, checkpoint, memo, scan, name_reader,
                         FirstStep(now, yaml_read, config, config_doc, urls, math_settings,
                                   output_key, state_key, kept_preview, previous,
                                   site_wide_digest, templates_digest, file_digests,
                                   markdown_files, conflicted, outside, not_folders,
                                   not_files, vaults, inputs))


@dataclass
class FirstStep:
    """What a build's first step read and made, which the rest of a build that renders goes
    on from (`site.build_changed`)."""

    now: datetime
    yaml_read: ParsedYaml  # site.yaml and the strings' files, as earlier builds parsed them
    config: SiteConfig
    config_doc: YamlDocument
    urls: UrlBuilder
    math_settings: MathSettings
    output_key: str  # what the cache knows the output by (`_output_key`)
    state_key: str
    kept_preview: bool  # a preview's output kept in the cache, started from its record
    previous: _State | None  # the last build's record of this output
    site_wide_digest: str
    templates_digest: str
    file_digests: dict[str, str]  # "content/a.md", "static/b.png" -> digest
    markdown_files: dict[str, bytes]  # (read for their digests: the loader takes them)
    conflicted: dict[str, bytes]  # static/'s and content/'s files git's markers may be left in
    outside: list[Path]  # posts outside content/
    not_folders: list[tuple[str, str]]  # the site's folders there as a file, and what it is
    not_files: list[str]  # folders named as the site's files of strings or templates are
    vaults: tuple[str, ...]  # the Obsidian vaults' folders below content/
    inputs: str  # the digest of every input


def _of_a_notebook(item: Diagnostic) -> bool:
    """Whether `item` is said at a line of a notebook's Markdown (`cells_named`)."""
    return item.path is not None and item.line is not None \
        and item.path.name.lower().endswith(".ipynb")


_LAST_WRITER = "last-writer"  # what the last build to write the cache left there (`Site`)
STATE_KIND = "state"  # the record of an output (`_State`), by `output:` and its `_output_key`


def _output_key(options: BuildOptions) -> str:
    """What the cache knows an output by: its folder (a preview's too: `serve` keeps it in
    the cache, one for each address and set of options, and starts from its record); for a
    preview in a temporary folder (a new one every session: a second preview of one address)
    the address it is shown at, so that each such session's record replaces the last one's
    instead of piling up in the cache."""
    if options.in_place and not options.output.resolve().is_relative_to(
            (options.source / CACHE_DIR).resolve()):
        return f"preview {options.base_url}"
    return folder_key(options.output)


_PARSED_FRONT_MATTER = ("front-matter", "parsed")  # the cache's record of parsed front matter
_PARSED_YAML = ("yaml", "parsed")  # and of site.yaml and the strings' files
_PINYIN = ("pinyin", "readings")  # of the Chinese in terms' names (name_order.py)
# and of the names each template refers to, by its source's digest (templates.py)
_TEMPLATE_REFERENCES = ("templates", "references")


def _parsed(store: Store | None, record: tuple[str, str]) -> dict[str, str]:
    """The texts earlier builds parsed, by `record` (`_PARSED_YAML`, `_PARSED_FRONT_MATTER`,
    `_PINYIN`, `_TEMPLATE_REFERENCES`, whose texts are their digests):
    text -> what it was parsed into, as JSON; none unless the same code and libraries did."""
    found = store.get(*record) if store is not None else None
    if not isinstance(found, dict) or found.get("code") != code_fingerprint() \
            or not isinstance(found.get("entries"), dict) \
            or not all(type(v) is str for v in found["entries"].values()):
        return {}
    return found["entries"]


def _os_problem(exc: OSError) -> str:
    """What to say of a file the build could not read or write (the staging folder was
    removed: the summary says the previous output is as it was)."""
    where = f"{exc.filename}: " if exc.filename else ""
    why = exc.strerror or str(exc)
    advice = {errno.EACCES: " (give yourself access to it, or choose another --output)",
              errno.EPERM: " (give yourself access to it, or choose another --output)",
              errno.ENOSPC: " (free some space)", errno.EROFS: " (choose another --output)"}
    return f"{where}{why}{advice.get(exc.errno or 0, '')}"


def _check_custom_domain(source: Path, given: str | None, base_url: str,
                         diagnostics: Diagnostics) -> None:
    """A CNAME file in static/ (Hugo's and Hexo's way to a custom domain) that the base URL
    does not fit: every link would start with /repo/, or name another host. `deploy` refuses
    it; a build (the CI workflow's) says so at the file."""
    cname = source / "static" / "CNAME"
    domain = domain_in_cname_file(cname) if cname.is_file() else None
    if not domain or not split_url(base_url).netloc:
        return
    if in_pages_workflow(given):
        problem = pages_workflow_domain_problem(
            f"the custom domain `{domain}` here is not used: GitHub ignores a CNAME file in "
            "what an Actions workflow publishes", domain, base_url, "static/CNAME")
    else:
        problem = custom_domain_problem("the custom domain", domain,
                                        "--base-url" if given else "base_url", base_url)
    if problem:
        diagnostics.warning(problem, Path("static/CNAME"), 1)


def in_pages_workflow(given: str | None) -> bool:
    """Whether this is a build in a GitHub Actions job given the site's address (the Pages
    workflow `new site` writes passes the one GitHub Pages gives): there a custom domain is
    set in the Pages settings, and a writer on github.com cannot pass --base-url."""
    return bool(given) and os.environ.get("GITHUB_ACTIONS") == "true"


def pages_workflow_domain_problem(said: str, domain: str, base_url: str,
                                  remove: str) -> str | None:
    """Why a custom domain is not the Pages workflow's address, or None: the domain set in
    Settings → Pages is, and GitHub ignores a CNAME file in a workflow's upload."""
    if custom_domain_problem("", domain, "--base-url", base_url) is None:
        return None  # (set in the Pages settings too: the address fits)
    return (f"{said}; this workflow publishes at `{base_url}`, the address GitHub Pages gives "
            "it: set the custom domain in Settings → Pages (the workflow takes the address "
            f"from there), or remove {remove}")


def _check_cname_in_pages_workflow(domain: str, base_url: str, doc: YamlDocument,
                                   diagnostics: Diagnostics) -> None:
    """`cname` in site.yaml, built by the Pages workflow at another address: only `blogforge
    deploy` writes it to a CNAME file, so the domain was ignored without a word."""
    if problem := pages_workflow_domain_problem(
            f"`cname: {domain}` sets the custom domain only for `blogforge deploy` (which "
            "writes the CNAME file)", domain, base_url, "`cname`"):
        diagnostics.warning(problem, Path(CONFIG_FILE), doc.line_of(("cname",)))


@dataclass
class _Memo:
    """Kept by a long-lived `Site` between builds: posts as read (by file and stat) and the
    cache entries of post bodies (by key), so an unchanged file is neither read nor decoded
    again."""

    posts: LoadMemo | None = field(default_factory=dict)
    bodies: dict[str, dict] | None = field(default_factory=dict)


@dataclass
class _Live:
    """The site model of the last good build, kept by a long-lived `Site` (`render_post`)."""

    load_options: LoadOptions
    posts: dict[Path, Post]  # by source file, relative to the site folder
    site: SiteContext
    markdown: PostRenderer
    placeholders: dict[str, Placeholders]
    renderer: Renderer
    strict: bool
    cascades: Cascades = field(default_factory=dict)  # what the `_index.md` files give


@dataclass
class _State:
    """What the last successful build of an output left: its inputs, its files, its pages'
    fingerprints and its messages (replayed when nothing changed)."""

    inputs: str
    next_change: datetime | None  # when a held-back future post becomes due
    files: dict[str, FileRecord]
    pages: dict[str, str]
    diagnostics: Sequence[Diagnostic]  # (a loaded record's: `_StoredMessages`)
    posts: int
    page_count: int
    held_back: dict[str, list[HeldBack]]
    shape: str = ""  # the site's shape (see `_kept_prints`)
    shows: dict[str, list[str]] = field(default_factory=dict)  # page -> prints of its posts
    # the posts dated by their file's time (none written): source -> the date shown, a stamp
    file_dates: dict[str, float] = field(default_factory=dict)
    # each post's page -> [its file, language, title, translation key] (`_warn_of_moved_pages`)
    post_pages: dict[str, list[str]] = field(default_factory=dict)
    # files read outside content/ and static/ (a bibliography beside site.yaml), by path
    # from the site folder -> their digests (None: not there); the inputs' digest has not them
    outside: dict[str, str | None] = field(default_factory=dict)
    # on a site without a dated post, the time of its files its feeds without entries show
    # (`site_files_time`): a time, which the inputs' digests do not see (a touch changes it)
    site_time: str | None = None
    # what rendering each page said (a template's warnings), for a build keeping it to say
    said: dict[str, list[Diagnostic]] = field(default_factory=dict)

    def is_current(self, inputs: str, now: datetime, output: Path, source: Path) -> bool:
        folder = str(output)  # (paths as text: a Path per file was a tenth of a no-change build)
        return (inputs == self.inputs and (self.next_change is None or now < self.next_change)
                and (output / MARKER).exists() and holds_listed(output, self.files)
                and all(record.matches(f"{folder}/{rel}") for rel, record in self.files.items())
                and not self._file_time_set_back(source)
                and all(digest_if_there(source / rel) == made
                        for rel, made in self.outside.items())
                and (self.site_time is None or _files_time(source) == self.site_time))

    def _file_time_set_back(self, source: Path) -> bool:
        """A post dated by its file's time (no date written) whose file time was set back
        (`touch -d`, a wrong clock put right: a post held back for 2030): it takes the earlier
        date, and the inputs' digests do not see a time."""
        for rel, shown in self.file_dates.items():
            try:
                if (source / rel).stat().st_mtime < shown:
                    return True
            except OSError:
                return True
        return False

    def replay(self, result: BuildResult) -> None:
        result.diagnostics.items = list(self.diagnostics)  # the same build's, said again
        result.posts, result.pages = self.posts, self.page_count
        result.files = sorted(self.files)
        result.held_back = {why: list(posts) for why, posts in self.held_back.items()}
        result.written = True

    def save(self, store: Store, key: str) -> None:
        store.put_text(STATE_KIND, key, encode_plain({
            "inputs": self.inputs,
            "next_change": self.next_change.isoformat() if self.next_change else None,
            "files": {rel: [r.digest, r.size, r.mtime_ns] for rel, r in self.files.items()},
            "pages": self.pages,
            "diagnostics": [_encoded(d) for d in self.diagnostics],
            "posts": self.posts, "page_count": self.page_count, "held_back": {
                why: [[str(p.source), p.date.isoformat() if p.date else None, p.dated_by_file,
                       p.zone] for p in posts]
                for why, posts in self.held_back.items()},
            "shape": self.shape, **_numbered(self.shows, "prints", "shows"),
            "file_dates": self.file_dates, "post_pages": self.post_pages,
            "outside": self.outside, "site_time": self.site_time,
            **_numbered(self.said, "messages", "said", _encoded),
        }))

    @classmethod
    def load(cls, store: Store | None, key: str) -> _State | None:
        data = store.get(STATE_KIND, key) if store is not None else None
        if not isinstance(data, dict):
            return None
        try:
            return cls(
                data["inputs"],
                datetime.fromisoformat(data["next_change"]) if data["next_change"] else None,
                {rel: FileRecord(*record) for rel, record in data["files"].items()},
                dict(data["pages"]),
                _StoredMessages(data["diagnostics"]),
                int(data["posts"]), int(data["page_count"]), {
                    why: [HeldBack(Path(source), datetime.fromisoformat(date) if date else None,
                                   bool(by_file), *zone)  # (none from an earlier version)
                          for source, date, by_file, *zone in posts]
                    for why, posts in data["held_back"].items()},
                str(data["shape"]), _unnumbered(data["prints"], data["shows"]),
                {str(rel): float(shown) for rel, shown in data["file_dates"].items()},
                # (absent from an earlier version's record: its files still tell what it wrote)
                {str(page): [str(v) for v in post]
                 for page, post in data.get("post_pages", {}).items()
                 if isinstance(post, list) and len(post) == 4},
                {str(rel): None if made is None else str(made)
                 for rel, made in data.get("outside", {}).items()},
                None if data.get("site_time") is None else str(data["site_time"]),
                _unnumbered([_decoded(*d) for d in data.get("messages", [])],
                            data.get("said", {})))
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None  # a damaged record: build everything


def _files_time(source: Path) -> str:
    """`site_files_time` (the time a site without a dated post shows), of the renderer's
    module: imported only for such a site."""
    from blogforge.site_files import site_files_time

    return site_files_time(source).isoformat()


def _numbered(by_page: Mapping[str, list[Any]], values: str, pages: str,
              encoded: Callable[[Any], Any] | None = None) -> dict[str, Any]:
    """What pages hold stored with each value once (`encoded`, if given), as `values`, and
    each page's as their numbers, as `pages` (a thousand-post site's pages show some 20,000
    posts between them; a template's warning is said by each page of it)."""
    listed = list(dict.fromkeys(value for held in by_page.values() for value in held))
    number = {value: n for n, value in enumerate(listed)}
    return {values: listed if encoded is None else [encoded(value) for value in listed],
            pages: {page: [number[value] for value in held] for page, held in by_page.items()}}


def _unnumbered(values: list[Any], by_page: dict[str, list[int]]) -> dict[str, list[Any]]:
    return {page: [values[n] for n in numbers] for page, numbers in by_page.items()}


class _StoredMessages(Sequence[Diagnostic]):
    """The last build's messages as its record holds them, made `Diagnostic`s when first read:
    only a build that changed nothing says them again (`_State.replay`), and the thousand made
    (a Path each) at every one-post edit of the 1,000-post benchmark blog were 2.6 ms of it.
    What is stored is checked now, as the cache's data must be before it is trusted: a damaged
    record is none, and the build makes everything."""

    def __init__(self, stored: Any) -> None:
        if type(stored) is not list:
            raise TypeError("diagnostics")
        for item in stored:  # (what `_decoded` takes without a fault, or less)
            if type(item) is not list or len(item) != 4 or type(item[1]) is not str \
                    or not (item[2] is None or type(item[2]) is str):
                raise TypeError("diagnostics")
        self.stored = stored

    @cached_property
    def made(self) -> list[Diagnostic]:
        return [_decoded(*item) for item in self.stored]

    def __getitem__(self, index: Any) -> Any:
        return self.made[index]

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.made)

    def __len__(self) -> int:
        return len(self.stored)


def _encoded(item: Diagnostic) -> tuple[Level, str, str | None, int | None]:
    return item.level, item.message, str(item.path) if item.path else None, item.line


def _decoded(level: Level, message: str, path: str | None, line: int | None) -> Diagnostic:
    return Diagnostic(level, message, Path(path) if path else None, line)

"""A site being previewed: the engine keeps the site between builds, the watcher says which
files changed, one thread rebuilds, the server shows the last good build and tells open tabs.

A saved post body is shown first: its page is made from the site model the last build left in
memory and its tabs reload at once; the full build that follows brings every other page up to
date, and is stopped (and redone) when another save arrives meanwhile.

Content can never stop the preview: a failed build keeps the last good pages and shows its
errors (in the terminal and over the page), and even an exception inside blogforge is shown
the same way instead of ending the server.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from blogforge.commands.build import held_back_lines
from blogforge.config import CONFIG_FILE, load_config
from blogforge.diagnostics import Diagnostic, Diagnostics, counted
from blogforge.engine import BuildOptions, BuildResult, Site
from blogforge.livereload.server import PreviewServer
from blogforge.livereload.watch import (
    QUIET,
    ChangeQueue,
    SourceFiles,
    SourceWatcher,
    git_index_lock,
)
from blogforge.output import MARKER
from blogforge.site_folder import CONTENT_DIR
from blogforge.stop_signals import stop_signals_held

if TYPE_CHECKING:
    from blogforge.livereload.kept import KeptFolder

# Said when the posts held back (drafts, future dates) were named and none are left.
NOTHING_HELD_BACK = "held back: nothing now (every draft and future post named before is shown)"

# A `blogforge build` run beside the preview holds the site's build lock; a save meanwhile
# waits for it (a cold build of 1,000 posts takes about 10 s) rather than fail.
LOCK_WAIT = 120.0

# How often the server's loop looks whether it is asked to stop: Ctrl+C waits up to this long
# for it (the standard library's 0.5 s was a good part of stopping); an idle wake-up is cheap.
STOP_POLL = 0.05


# After a post's page is shown first, the full build that follows renders the post's body again,
# in one step that a save cannot stop: a save made meanwhile waited for it before its own page
# was made (a 370 KB post of 400 formulas: ~0.45 s of CPU for its page, then ~0.65 s of its
# body in the full build, a few seconds each on a loaded machine). A post's saves come in runs
# (Ctrl+S as one types, an editor's autosave), so the full build waits first for the saves to
# pause, as long as twice the page took: a post of a few KB, tens of milliseconds; capped, so
# listings and feeds are never long behind.
PAUSE_PER_PAGE_TIME = 2.0
LONGEST_PAUSE = 3.0


def full_build_pause(page_seconds: float) -> float:
    """How long the full build waits for another save after a page shown first took
    `page_seconds` to make."""
    return min(LONGEST_PAUSE, PAUSE_PER_PAGE_TIME * page_seconds)


def site_path_of(base_url: str) -> str:
    """The path a base URL serves the site under: "/" or "/repo/"."""
    path = urlsplit(base_url).path.strip("/")
    return f"/{path}/" if path else "/"


class Preview:
    def __init__(self, options: BuildOptions, server: PreviewServer, origin: str, *,
                 links_origin: str | None = None, watch: bool = True, quiet: float = QUIET,
                 log: Callable[[str], None] = print) -> None:
        self.options = options  # base_url: --base-url, or None for site.yaml's
        self.server = server
        self.state = server.state
        self.origin = origin  # "http://127.0.0.1:8000": the preview's own address
        # What absolute URLs name without a --base-url host: listening on every address, one a
        # phone on the network reaches (127.0.0.1 would be the phone's own).
        self.links_origin = links_origin or origin
        self.log = log
        self.watch = watch
        self.queue = ChangeQueue(quiet, git_index_lock(options.source), on_first=self.state.begin)
        self.files: SourceFiles | None = None
        self.watcher: SourceWatcher | None = None
        self.site: Site | None = None
        self._had_config = (options.source / CONFIG_FILE).is_file()
        self._had_content = (options.source / CONTENT_DIR).is_dir()
        self._earlier_site: Site | None = None  # the Site whose files the folder holds, if
        # `site` is to be made anew (see `_follow_base_url`)
        self.site_path = site_path_of(options.base_url or self._configured_base_url() or "/")
        self.builds = 0  # builds started, for a test that wants "exactly one"
        self._unbuilt: set[Path] | None = None  # changed since the last good build; None: all
        self._shown_first: set[Path] = set()  # of those, posts whose page is up to date
        self._owed = False  # a build was stopped for a newer change: one must follow
        self._reload_all = False
        self._printed: set[str] = set()  # warnings already shown, not repeated every build
        self._told: set[str] = set()  # errors said with a save, not again by its build
        self._held_printed: list[str] = []  # the held-back block last shown
        self._serving: threading.Thread | None = None
        self._rebuilder: threading.Thread | None = None
        self.kept: KeptFolder | None = None  # the folder in the build cache it builds into
        server.output_gone = self._output_gone

    def _output_gone(self) -> None:
        """A page was asked for and the preview's folder is gone (`rm -rf .blogforge-cache`
        beside it): it is built again at once, as after a save, not a 404 until the next
        save. (Not watching, there are no rebuilds: it stays gone.)"""
        if self.files is not None and not self.state.stopping and not self.queue.pending():
            self._owed = True  # (a build, though no source file changed)
            self._unbuilt = None  # (said as a whole build)
            self.queue.add([self.options.output])

    @property
    def url(self) -> str:
        return self.origin + self.site_path

    @property
    def base_url(self) -> str:
        """What the preview's pages are built for, so what canonical, og:url, hreflang and the
        feeds name: --base-url as given (its host is why it was given: where readers reach the
        preview), else the preview's address (on a network, see `links_origin`) with
        site.yaml's path (or with --base-url's, when it is only a path)."""
        given = self.options.base_url
        return given if given and urlsplit(given).netloc else self.links_origin + self.site_path

    def build_into(self, output: Path, kept: KeptFolder | None = None) -> None:
        """Where the builds go and the server serves from: chosen once the preview's address,
        which names its folder in the build cache (`kept`, if it has one), is known (`serve`)."""
        self.kept = kept
        self.options = replace(self.options, output=output)
        self.server.output = output

    def build_first(self) -> None:
        """The first build, in the calling thread, before any other thread is started: the
        engine renders a cold site in forked worker processes, and forking a process that runs
        threads can deadlock. Later builds render in one process (they are small, and the
        server's threads run by then). The socket already listens: a browser opened meanwhile
        waits for its page."""
        self.state.base_path = self.site_path
        self.state.begin()
        if self.watch:  # a snapshot before the build, so a save made during it is not lost
            self.files = SourceFiles(self.options.source)
        self._build(None)
        if self.site is not None:
            self.site.options = replace(self.site.options, jobs=1)

    def start(self, rebuild_in_thread: bool = True) -> None:
        """Serve and watch, each in a thread of its own; rebuild in one too, or, when the
        caller is the thread of the first build, in that thread (`rebuild_until_stopped`).

        The command does the latter: KaTeX in QuickJS (pykatex) renders only on the stack of
        the thread that first used it, or one above it; on another thread's it fails every
        formula ("Maximum call stack size exceeded") and then hangs or crashes the process.
        The first build renders formulas in the main thread, so every later one must too."""
        if self.files is not None:
            self.watcher = SourceWatcher(self.files, self.queue)
            self.watcher.start()
            if self.site is not None:
                self.watcher.follow(self.site.files_outside())
            self.queue.add(self.files.everything())  # only what changed meanwhile counts
        with stop_signals_held():  # (a Ctrl+C in `start()` broke its lock: see there)
            self._serving = threading.Thread(target=self.server.serve_forever,
                                             args=(STOP_POLL,), name="blogforge-server",
                                             daemon=True)
            self._serving.start()
            if rebuild_in_thread:
                self._rebuilder = threading.Thread(target=self.rebuild_until_stopped,
                                                   name="blogforge-rebuild", daemon=True)
                self._rebuilder.start()

    def stop(self, wait: float = 10.0) -> bool:
        """Stop serving and watching; False if a build is still running after `wait` s."""
        self.state.stop()
        self.queue.close()
        if self.watcher is not None:
            self.watcher.stop()
        # (a thread not serving yet begins, sees the request and ends, which shutdown() waits
        # for: it once looked for a stop itself and so never began, and this waited for ever)
        if self._serving is not None and self._serving.is_alive():
            self.server.shutdown()
        self.server.server_close()
        if self._rebuilder is not None and self._rebuilder.is_alive():
            self._rebuilder.join(wait)
        return self._rebuilder is None or not self._rebuilder.is_alive()

    # --- rebuilding ---------------------------------------------------------------------------
    def rebuild_until_stopped(self) -> None:
        """Build after each batch of saves, until `stop` (not watching: wait for it)."""
        while (batch := self.queue.take()) is not None:
            assert self.files is not None  # (the watcher, which fills the queue, needs them)
            changed = self.files.changed(batch)
            if changed or self._owed:
                self._build(changed)
            else:
                self.state.idle()  # only scratch files, or a save that changed nothing

    def _build(self, changed: set[Path] | None) -> None:
        self.builds += 1
        hint = None if changed is None or self._unbuilt is None else self._unbuilt | changed
        if error := self._gone():
            self.log(error)
            self._failed(hint, [error])
            return
        # (after a failed build `hint` is None, "everything": a site.yaml fixed since counts)
        if any(p.name == CONFIG_FILE for p in (changed or set()) | (self._unbuilt or set())):
            self._follow_base_url()
        if self.kept is not None and (
                output := self.kept.where_to_build(self.log)) != self.options.output:
            self.build_into(output, self.kept)  # (another preview took its folder: see there)
            self.site, self._earlier_site, hint = None, None, None
        started = time.perf_counter()
        # (not into a folder deleted meanwhile, with the build cache holding it: the full
        # build writes it all again)
        if (changed is not None and len(changed) == 1 and self._unbuilt is not None
                and self._unbuilt <= self._shown_first
                and (self.options.output / MARKER).is_file()):
            took = self._show_post_first(next(iter(changed)), started)
            if took is not None and self.queue.wait_for_more(full_build_pause(took)):
                self._unbuilt = hint  # (another save: shown first too, then built with it)
                self._owed = True
                return
        try:
            if self.site is None:
                jobs = self.options.jobs if self._serving is None else 1  # see start()
                # The preview's folder is its own: files are replaced one by one, with no
                # staging folder to fill, swap and delete after every save.
                self.site = Site(replace(self.options, base_url=self.base_url,
                                         jobs=jobs, in_place=True, lock_wait=LOCK_WAIT,
                                         versioned_assets=False))
                if self._earlier_site is not None:  # (base_url moved: its pages go)
                    self.site.take_output_of(self._earlier_site)
                    self._earlier_site = None
                self._reload_all = self.state.version > 0  # tabs show pages of another URL
                hint = None
            result = self.site.build(hint, cancel=self.queue.pending)
        except Exception as exc:  # a bug in blogforge: say so, keep serving
            self.log(traceback.format_exc().rstrip())
            self._failed(hint, [f"blogforge failed while building ({type(exc).__name__}: {exc}); "
                                "the terminal has the details"])
            return
        if result.cancelled:  # another save came: its build redoes this one's work
            self._unbuilt = hint
            self._owed = True
            return
        self._owed = False
        if not result.written:
            errors = [self._said(d) for d in result.diagnostics.errors] or [
                "the build wrote nothing (see the terminal)"]
            self._show(result, errors)
            self._failed(hint, errors)
            return
        self._unbuilt, self._shown_first = set(), set()
        if self.watcher is not None:  # (a bibliography a post named since)
            self.watcher.follow(self.site.files_outside())
        changed_files = None if self._reload_all else result.changed_files
        self._reload_all = False
        self.state.held_back = [(why.removesuffix("s"), post.source.as_posix())
                                for why, posts in result.held_back.items() if why != "files"
                                for post in posts]
        self.state.held_back_lines = held_back_lines(result.held_back)
        self.state.published(changed_files, self.site_path)
        if self.queue.pending():
            self.state.begin()
        self._show(result, [])
        took = time.perf_counter() - started
        what = (f"{counted(result.pages, 'page')} ({counted(result.posts, 'post')})" if not hint
                else ", ".join(sorted(self._source_name(p) + ("" if p.exists() else " (removed)")
                                      for p in hint)[:3])
                + (" …" if len(hint) > 3 else ""))
        self.log(f"{_clock()} built {what} in {_duration(took)}: "
                 f"{counted(len(result.changed_files), 'file')} changed")

    def _gone(self) -> str | None:
        """The error for site.yaml or content/ gone since the preview started, or None. Not a
        site of default settings at / built instead, nor `build`'s advice to name the site's
        folder (this is it): either is more likely being replaced, by a checkout, an editor
        or a file manager, than meant to be gone."""
        source = self.options.source
        if self._had_config and not (source / CONFIG_FILE).is_file():
            return str(Diagnostic("error", "the site's settings file is gone (deleted or moved "
                                  f"away?): put {CONFIG_FILE} back to build again",
                                  Path(CONFIG_FILE)))
        if self._had_content and not (source / CONTENT_DIR).is_dir():
            return str(Diagnostic("error", f"the site's {CONTENT_DIR}/ folder is gone (deleted "
                                  "or moved away?): put it back to build again",
                                  Path(CONTENT_DIR)))
        return None

    def _show_post_first(self, changed: Path, started: float) -> float | None:
        """A post's body was saved: its page is made and its tabs reloaded at once; the whole
        engine then brings every other page (listings, feeds, search) up to date, and tabs
        showing those reload when it is done. Requests do not wait for that second step.
        The seconds making the page took, or None when no page was made here."""
        if self.site is None:
            return None
        said = Diagnostics()
        making = time.perf_counter()
        try:
            replaced = self.site.render_post(changed, said)
        except Exception:  # a bug in blogforge: say so; the full build follows anyway
            self.log(traceback.format_exc().rstrip())
            return None
        took = time.perf_counter() - making
        if replaced is None and said.errors:
            # Said and shown over the page at once, not after the full build (which renders
            # the site without the post and fails: seconds on a large site), which shows them
            # again but does not print them twice; a draft's, which that build only warns of,
            # are warnings here too (the loader's).
            errors = [self._said(d) for d in said.errors]
            for line in errors:
                self.log(line)
            self._told = set(errors)
            self.state.failed(errors)
        if replaced:
            self._shown_first.add(changed)
            # (with the page, not a second or more later by the full build, which then does
            # not say them again: `_show`; it forgets them once fixed)
            fresh = [line for line in map(self._said, said.warnings) if line not in self._printed]
            for line in fresh:
                self.log(line)
            self._printed |= set(fresh)
            self.state.published(replaced, self.site_path)
            self.log(f"{_clock()} {self._source_name(changed)}: its page in "
                     f"{_duration(time.perf_counter() - started)}; the rest follows")
        return took if replaced else None

    def _failed(self, hint: set[Path] | None, errors: list[str]) -> None:
        self._unbuilt, self._shown_first = hint, set()
        self.state.failed(errors)
        if self.queue.pending():
            self.state.begin()
        if self.state.version:
            serving = "still serving the last good pages"
        elif (self.options.output / MARKER).is_file():  # (its folder in the build cache)
            serving = "serving the pages of the last session, the errors shown over them"
        else:
            serving = "no pages to serve yet (the errors are shown instead)"
        self.log(f"{_clock()} build failed with {counted(len(errors), 'error')}: {serving}; "
                 "fix and save to rebuild")

    def _show(self, result: BuildResult, errors: list[str]) -> None:
        """Errors every time, last (above "build failed"); warnings once (not again on every
        rebuild that still has them); between them, as `build` says it, what this build held
        back when that changed: a post saved with a mistyped year is missing from the
        preview, and says why (and a draft kept open is not named again on every save)."""
        warnings = [self._said(d) for d in result.diagnostics.warnings]
        held = held_back_lines(result.held_back)
        if not held and self._held_printed and not errors:  # (the draft is out: say so)
            held = [NOTHING_HELD_BACK]
        for line in ([w for w in warnings if w not in self._printed]
                     + (held if held != self._held_printed else [])
                     + [e for e in errors if e not in self._told]):
            self.log(line)
        self._told = set()
        # A failed build stops before much of the site is read (a broken site.yaml: before any
        # post), so the warnings it lacks are not gone: only a good build forgets them, or
        # fixing one save's error printed every warning of the site again.
        self._printed = set(warnings) if not errors else self._printed | set(warnings)
        self._held_printed = held

    def _said(self, diagnostic: Diagnostic) -> str:
        """A message as the writer reads it: a generated page (the link audit names pages
        that no source file makes, a menu's link in 404.html) by its URL in the preview, not
        by the preview's temporary folder."""
        try:
            page = Path(diagnostic.path or "").relative_to(self.options.output).as_posix()
        except ValueError:
            return str(diagnostic)
        url = self.url + page.removesuffix("index.html")
        where = f"{url}:{diagnostic.line}" if diagnostic.line else url
        return f"{where}: {diagnostic.level}: {diagnostic.message}"

    def _source_name(self, path: Path) -> str:
        """A watched file as the site has it, `content/posts/a.md`: the watcher's paths are
        below the site folder resolved, and are not resolved themselves (a `content/` that is
        a link to a notes folder elsewhere was named by the whole path it leads to)."""
        folder = self.options.source.resolve()
        for named in (path, path.resolve()):
            if named.is_relative_to(folder):
                return named.relative_to(folder).as_posix()
        return str(path)

    def _configured_base_url(self) -> str | None:
        diagnostics = Diagnostics()
        config = load_config(self.options.source, diagnostics)
        return None if diagnostics.errors else config.base_url

    def _follow_base_url(self) -> None:
        """site.yaml changed: if base_url's path moved, the preview moves with it."""
        if self.options.base_url is not None:
            return
        configured = self._configured_base_url()
        if configured is not None and site_path_of(configured) != self.site_path:
            self.site_path = site_path_of(configured)
            # a new Site for the new base URL (open tabs reload), in the same folder
            self._earlier_site = self._earlier_site or self.site
            self.site = None
            self._unbuilt = None
            self.log(f"base_url changed: the preview is now at {self.url}")


def _clock() -> str:
    return time.strftime("%H:%M:%S")


def _duration(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"

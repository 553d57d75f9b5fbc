"""Which source files changed, told by watchdog, handed out in batches once writing pauses.

Editors do not simply write a file: vim renames the old one to `name~`, writes a new one and
probes with a file called `4913`; JetBrains writes `name___jb_tmp___` and renames it over; a
`git checkout` rewrites hundreds of files in a burst. So events are collected until nothing
has happened for a short quiet time (longer while git holds its index lock, or while a changed
file is missing, the middle of a rename), and a file whose size and modification time are what
the last batch saw is not counted again: one save, one rebuild.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from blogforge.config import CONFIG_FILE
from blogforge.fingerprint import digest_if_there
from blogforge.scratch_files import is_editor_file, is_scratch
from blogforge.site_folder import CONTENT_DIR
from blogforge.stop_signals import stop_signals_held

STATIC_DIR = "static"
WATCHED_DIRS = ("content", "templates", STATIC_DIR, "i18n")
QUIET = 0.03  # seconds without events that end a batch
QUIET_MISSING = 0.15  # … when a changed file is gone: a rename-save may still be under way
LONGEST = 1.0  # a steady stream of events is built at least this often
GIT_WAIT = 5.0  # how long a held git index lock may delay a batch
# … and the quiet that ends a batch once git let its lock go: the watcher's thread may still be
# reading the events of the files it wrote (on a busy machine, a checkout of 200 files was cut
# into two or three builds)
GIT_QUIET = 0.3


Fingerprint = tuple[int, int, int] | None  # (mtime_ns, size, inode); None: missing
UNREAD: Fingerprint = (-1, -1, -1)  # what no file has: one whose last build read older text


def fingerprint(path: Path) -> Fingerprint:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


class SourceFiles:
    """The watched files of a site and what each looked like when last built."""

    def __init__(self, source: Path) -> None:
        self.source = source.resolve()
        self.seen: dict[Path, Fingerprint] = {}
        for path in self.walk(self.source / name for name in WATCHED_DIRS):
            self.seen[path] = fingerprint(path)
        self.seen[self.source / CONFIG_FILE] = fingerprint(self.source / CONFIG_FILE)
        # files the last build read outside those folders: a bibliography beside site.yaml
        # (`SourceWatcher.follow`)
        self.outside: set[Path] = set()

    def everything(self) -> list[Path]:
        """Every watched file now there or seen before: with `changed`, a full rescan."""
        now = self.walk(self.source / name for name in WATCHED_DIRS)
        return [*now, *self.seen, self.source / CONFIG_FILE, *self.outside]

    def is_watched(self, path: Path) -> bool:
        if path in self.outside:
            return True
        try:
            rel = path.relative_to(self.source)
        except ValueError:
            return False
        if rel.parts in ((CONFIG_FILE,), *((name,) for name in WATCHED_DIRS)):
            return True
        if rel.parts[0] == CONTENT_DIR and any(part.startswith(".") for part in rel.parts[1:-1]):
            return False  # (a hidden folder the build skips: Obsidian's `.obsidian/` is written
            # to all the time, each write a build)
        if rel.parts[0] == STATIC_DIR:  # (published as it is, hidden files too: .htaccess)
            return not is_editor_file(rel.name)
        return len(rel.parts) > 1 and rel.parts[0] in WATCHED_DIRS and not is_scratch(rel.name)

    def changed(self, paths: Iterable[Path]) -> set[Path]:
        """The files among `paths` (folders: the files in and once in them) that differ from the
        last call; remembers them as they are now."""
        files: set[Path] = set()
        for path in paths:
            if path.is_dir():
                found = self.walk([path])
                if any(file not in self.seen for file in found):
                    # A file moved into a folder made just before is seen as new there (the
                    # folder was not watched yet); that it left its old place comes after the
                    # watcher's wait for a move's other half (half a second), and made a
                    # second, empty build: the files known to be gone are counted now.
                    files.update(known for known in self.seen if not known.exists())
                files.update(found)
            elif path not in self.seen and not path.exists():  # maybe a folder, now gone
                files.update(known for known in self.seen if path in known.parents)
            files.add(path)
        result = set()
        for path in files:
            if path.is_dir() or not self.is_watched(path):
                continue
            now = fingerprint(path)
            if now != self.seen.get(path):
                result.add(path)
            if now is None:
                self.seen.pop(path, None)
            else:
                self.seen[path] = now
        return result

    def walk(self, folders: Iterable[Path]) -> list[Path]:
        found = []
        static = self.source / STATIC_DIR
        for folder in folders:
            # static/ is published whole but for editors' files (`.well-known/`, `.htaccess`);
            # elsewhere hidden files and folders are no part of the site
            as_is = folder == static or static in folder.parents
            for root, dirs, names in os.walk(folder):
                if not as_is:
                    dirs[:] = [d for d in dirs if not d.startswith(".")]
                found += [Path(root, n) for n in names
                          if not (is_editor_file(n) if as_is else is_scratch(n))]
        return found


class ChangeQueue:
    """Paths reported by the watcher thread, taken by the rebuild thread in quiet batches."""

    def __init__(self, quiet: float = QUIET, git_lock: Path | None = None,
                 on_first: Callable[[], None] | None = None) -> None:
        self.quiet = quiet
        self.git_lock = git_lock
        self.on_first = on_first  # called when a batch starts: builds are coming
        self._pending: set[Path] = set()
        self._last = 0.0
        self._closed = False
        self._taking = False  # a thread is in `take` (see `stop_taking`)
        self._cond = threading.Condition()

    def add(self, paths: Iterable[Path]) -> None:
        with self._cond:
            first = not self._pending
            self._pending.update(paths)
            self._last = time.monotonic()
            self._cond.notify_all()
        if first and self.on_first is not None:
            self.on_first()

    def pending(self) -> bool:
        with self._cond:
            return bool(self._pending)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def stop_taking(self) -> bool:
        """Close the queue if a thread is in `take` (it returns None), for a signal handler
        run in that thread; False when none is. (A lock's own methods are C calls that a
        handler does not interrupt, and the condition's lock is reentrant: the handler can
        take it whether the thread holds it or waits.)"""
        if not self._taking:
            return False
        self.close()
        return True

    def wait_for_more(self, seconds: float) -> bool:
        """Wait up to `seconds` for a change; True when one came (or the queue was closed
        meanwhile: the caller then takes None). Marked as `take` is, for the same reason: a
        Ctrl+C in the wait closes the queue rather than break its lock (`stop_taking`)."""
        self._taking = True
        try:
            with self._cond:
                self._cond.wait_for(lambda: self._pending or self._closed, seconds)
                return bool(self._pending) or self._closed
        finally:
            self._taking = False

    def take(self) -> set[Path] | None:
        """The next batch, once events have paused; None when closed."""
        self._taking = True
        try:
            return self._take()
        finally:
            self._taking = False

    def _take(self) -> set[Path] | None:
        with self._cond:
            self._cond.wait_for(lambda: self._pending or self._closed)
            started = time.monotonic()
            git_held = None  # when git was last seen holding its lock, in this batch
            while not self._closed:
                now = time.monotonic()
                quiet = self.quiet
                if any(not p.exists() for p in self._pending):
                    quiet = max(quiet, QUIET_MISSING)
                git_busy = (self.git_lock is not None and self.git_lock.exists()
                            and now - started < GIT_WAIT)
                git_held = now if git_busy else git_held
                quiet_since = self._last
                if git_held is not None:  # (not cut at LONGEST either: git's writes are one)
                    quiet, quiet_since = max(quiet, GIT_QUIET), max(quiet_since, git_held)
                longest = LONGEST if git_held is None else GIT_WAIT + LONGEST
                wait = quiet_since + quiet - now
                if (wait <= 0 and not git_busy) or now - started >= longest and not git_busy:
                    break
                self._cond.wait(max(wait, 0.01))
            if self._closed:
                return None
            batch, self._pending = self._pending, set()
            return batch


def git_index_lock(source: Path) -> Path | None:
    """The lock file git holds while it rewrites the working tree (checkout, merge, reset)."""
    for folder in (source.resolve(), *source.resolve().parents):
        dot_git = folder / ".git"
        if dot_git.is_dir():
            return dot_git / "index.lock"
        if dot_git.is_file():  # a worktree or submodule: "gitdir: PATH"
            text = dot_git.read_text(encoding="utf-8", errors="replace").strip()
            if text.startswith("gitdir:"):
                return (folder / text.removeprefix("gitdir:").strip()) / "index.lock"
    return None


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: SourceWatcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            return  # a file inside changed: that file has its own event
        paths = [Path(os.fsdecode(event.src_path))]
        if event.event_type == "moved":
            paths.append(Path(os.fsdecode(event.dest_path)))
        self.watcher.saw(paths)


class SourceWatcher:
    """watchdog on content/, templates/, static/, i18n/ (recursively) and on the site folder
    itself (not recursively: it holds public/, .git and maybe a virtualenv), for site.yaml and
    for watched folders that appear later."""

    def __init__(self, files: SourceFiles, queue: ChangeQueue) -> None:
        self.files = files
        self.queue = queue
        self.observer = Observer()
        self.handler = _Handler(self)
        self._watches: dict[str, object] = {}
        self._lock = threading.Lock()

    def start(self) -> None:
        with stop_signals_held():  # (watchdog's threads start: see there)
            self.observer.schedule(self.handler, str(self.files.source), recursive=False)
            for name in WATCHED_DIRS:
                self._watch(name)
            self.observer.start()

    def stop(self) -> None:
        self.observer.stop()
        if self.observer.is_alive():
            self.observer.join(timeout=5)

    def _watch(self, name: str) -> None:
        folder = self.files.source / name
        with self._lock:
            old = self._watches.pop(name, None)
            if old is not None:
                with contextlib.suppress(KeyError, ValueError):  # already gone with its folder
                    self.observer.unschedule(old)
            if not folder.is_dir():
                return
            self._watches[name] = self.observer.schedule(self.handler, str(folder),
                                                         recursive=True)
        if old is not None or self.observer.is_alive():
            # files written into the new folder before its watch began have no events
            self.queue.add([folder])

    def follow(self, files: dict[Path, str | None]) -> None:
        """Watch too the files a build read outside the watched folders (a Zotero export of a
        bibliography beside site.yaml, or in a folder of its own): their folders, not
        recursively. An edit of one was seen by no preview: its posts kept the old entries.
        `files` gives the digest of what the build read of each (None: not there)."""
        read = {Path(os.path.normpath(path)): made for path, made in files.items()}
        new = set(read) - self.files.outside
        # One saved while the build ran (Zotero exports whenever the library changes; the
        # first build of 1,000 posts takes a minute) is newer than what the build read: it is
        # a change to build, not the state the preview shows.
        stale = {path for path in new if digest_if_there(path) != read[path]}
        for path in new:
            self.files.seen.setdefault(path, UNREAD if path in stale else fingerprint(path))
        self.files.outside |= new
        watched = [self.files.source / name for name in WATCHED_DIRS]
        for folder in sorted({path.parent for path in new}):
            if folder == self.files.source or not folder.is_dir() \
                    or any(top == folder or top in folder.parents for top in watched):
                continue  # (the site folder itself and those below it are watched already)
            with self._lock, stop_signals_held():  # (its thread starts, in a build too)
                if str(folder) not in self._watches:
                    self._watches[str(folder)] = self.observer.schedule(
                        self.handler, str(folder), recursive=False)
        if stale:
            self.queue.add(stale)

    def saw(self, paths: list[Path]) -> None:
        for path in paths:
            if path.parent == self.files.source and path.name in WATCHED_DIRS:
                self._watch(path.name)  # content/ (or another) appeared, went or was replaced
        watched = [p for p in paths if self.files.is_watched(p)]
        if watched:
            self.queue.add(watched)

"""The preview's folder, kept in the build cache between sessions of `blogforge serve`.

A new folder each session rendered every page again at each start (some 8 s at 1,000 posts,
where a build that finds nothing changed takes a quarter of a second). The preview builds
into `.blogforge-cache/preview/KEY/site` instead, one folder for each address and set of
options (`--drafts`, `--future`, `--expired`) that make its pages differ, and the engine's
record of that folder lets the next session's first build keep every page still current.

A session holds its folder's lock while it runs: a second preview of the same address (two
`--base-url` alike, on two ports) builds into a temporary folder instead of into this one.
The folders of the last `KEPT` sessions' addresses are kept; older ones are deleted in the
background (livereload/trash.py), as are folders a deletion cut short. Like everything in
the cache, the folders are safe to delete: the next start is then a slower one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from blogforge.cache import (
    CACHE_DIR,
    LOCK_NAME,
    BuildLock,
    BuildLockBusy,
    UnsafeCacheFolder,
    planted_links,
)
from blogforge.fingerprint import hash_text
from blogforge.livereload.trash import (
    MARKER,
    TRASH_PREFIX,
    discard,
    remove_detached,
    sweep,
    temporary_folder,
)
from blogforge.output import MARKER as OUTPUT_MARKER

PREVIEW_FOLDER = "preview"  # in the build cache
KEPT = 4  # the preview folders kept: the most recently started sessions' addresses
_MARKER_TEXT = ("a preview folder of `blogforge serve`, kept for its next start (safe to "
                "delete)\n")  # (no process named: trash.sweep takes only what is ended)


class KeptFolder:
    """A preview's folder in the build cache, this session's while its lock is held."""

    def __init__(self, folder: Path, lock: BuildLock) -> None:
        self.folder = folder
        self.site = folder / "site"  # where the preview builds
        self._lock = lock
        self._lock_file = _identity(folder / LOCK_NAME)
        self._temporary: Path | None = None  # where it builds once the folder went to another

    def release(self) -> None:
        self._lock.release()
        if self._temporary is not None:
            discard(self._temporary)

    def where_to_build(self, log: Callable[[str], None]) -> Path:
        """Where the next build goes: the folder, taken again (its lock and marker) if the
        build cache was deleted beside the running session, which left it a lock on a file
        no longer there, so that a second preview of the address started then built into the
        same folder, and the folder, unmarked, was never deleted with the older ones. Taken
        meanwhile by such a preview, the session goes on in a temporary folder (said)."""
        if self._temporary is not None:
            return self._temporary / "site"
        if self._lock_file is not None and _identity(self.folder / LOCK_NAME) == self._lock_file:
            return self.site  # (the usual case: one stat)
        self._lock.release()
        taken = _take(self.folder)
        if isinstance(taken, BuildLock):
            self._lock = taken
            self._lock_file = _identity(self.folder / LOCK_NAME)
            return self.site
        log(f"note: {taken}: the preview is built in a temporary folder from now on, removed "
            "when it stops")
        self._temporary = temporary_folder()
        return self._temporary / "site"


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file is at `path` (None: none)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def kept_folder(source: Path, base_url: str, drafts: bool, future: bool,
                expired: bool) -> KeptFolder | str:
    """The folder the preview of the site in `source` at `base_url`, with those options,
    builds into, taken for this session; or why there is none to have (said before a
    temporary folder is used instead)."""
    previews = source / CACHE_DIR / PREVIEW_FOLDER
    folder = previews / hash_text("preview", base_url, drafts, future, expired)[:16]
    taken = _take(folder)
    if not isinstance(taken, BuildLock):
        return taken
    _forget_older(previews, folder)
    return KeptFolder(folder, taken)


def _take(folder: Path) -> BuildLock | str:
    """The lock of a preview's folder, taken, with the folder made and marked, ready to build
    into; or why it cannot be had."""
    # (before a folder is made, or a file written, through one)
    if links := planted_links(folder, LOCK_NAME, MARKER, "site"):
        return (f"{links[0]} is a symbolic link, which blogforge follows nowhere in its cache "
                f"(delete it: `rm {links[0]}`)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = BuildLock(folder)
    except UnsafeCacheFolder as exc:  # (a link made since)
        return str(exc).removesuffix(". Nothing was written")
    except BuildLockBusy:
        return "another preview of this site at the same address is running"
    except OSError as exc:  # (a site folder that cannot be written)
        return f"the build cache cannot be written ({exc.strerror or exc})"
    try:
        (folder / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        site = folder / "site"
        if site.is_dir() and not (site / OUTPUT_MARKER).is_file():
            # (a session killed in its first build, before the folder was marked as a build's
            # output: the build would take its files for someone else's and refuse them)
            shutil.rmtree(site)
        site.mkdir(exist_ok=True)
        handle, probe = tempfile.mkstemp(dir=site)  # (root may write a 0o555 one)
        os.close(handle)
        os.unlink(probe)
    except OSError as exc:
        lock.release()
        return f"{folder} cannot be written ({exc.strerror or exc})"
    return lock


def _forget_older(previews: Path, taken: Path) -> None:
    """Have the folders of previews beyond the `KEPT` most recently started deleted in the
    background (each took a lock when it started: that file's time says when), but none a
    running preview holds; and what an earlier deletion left half done."""
    sweep(previews)
    try:
        found = [previews / name for name in os.listdir(previews)
                 if not name.startswith(TRASH_PREFIX) and previews / name != taken]
    except OSError:
        return
    started = {}
    for folder in found:
        with contextlib.suppress(OSError):
            started[folder] = (folder / LOCK_NAME).stat().st_mtime
    doomed = []
    for folder in sorted(started, key=started.__getitem__, reverse=True)[KEPT - 1:]:
        if not (folder / MARKER).is_file() or folder.is_symlink():
            continue  # (not a folder this module made: left alone)
        try:
            lock = BuildLock(folder)
        except BuildLockBusy:  # (a preview running in it)
            continue
        try:  # (renamed while locked: a preview starting now makes the folder anew)
            folder.rename(folder.with_name(TRASH_PREFIX + folder.name))
            doomed.append(folder.with_name(TRASH_PREFIX + folder.name))
        except OSError:
            pass
        finally:
            lock.release()
    if doomed:
        remove_detached(doomed)

"""Removing a stopped preview's folder without making Ctrl+C wait for it.

A preview of 5,000 posts is some 14,000 files: deleting them took seconds after Ctrl+C. So
the folder is renamed (one atomic step, in the same temporary folder) to a trash name, and a
process of its own, detached from the terminal, deletes it; the command returns at once.

Only folders blogforge made are ever deleted: a trash folder must carry its name pattern
*and* the marker file every preview folder is made with. The marker goes last, so a removal
cut short (the computer shut down) leaves a folder still marked, which the next preview's
sweep finishes. A half-removed folder is never taken for a preview: every preview builds into
a new folder, and the trash name is not one a preview uses.

Run as `python -m blogforge.livereload.trash FOLDER...`: the detached remover.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

PREFIX = "blogforge-serve-"  # a preview's folder, while its preview runs
TRASH_PREFIX = "blogforge-trash-"  # a stopped preview's folder, being removed
MARKER = "made-by-blogforge-serve"  # in every preview folder: "this one is blogforge's"


def make_marked(folder: Path) -> None:
    """Mark a new preview folder as blogforge's, before anything is written in it."""
    (folder / MARKER).write_text("a preview folder of `blogforge serve`, removed when it stops\n",
                                 encoding="utf-8")


def is_ours(folder: Path) -> bool:
    """A trash folder this tool made: its name, a real folder (not a link to elsewhere) owned
    by this user, holding the marker."""
    try:
        info = folder.lstat()
        marker = (folder / MARKER).lstat()
    except OSError:
        return False
    owner = getattr(os, "getuid", lambda: info.st_uid)()
    return (folder.name.startswith(TRASH_PREFIX) and stat.S_ISDIR(info.st_mode)
            and info.st_uid == owner and stat.S_ISREG(marker.st_mode))


def discard(folder: Path) -> None:
    """Take a stopped preview's folder out of the way at once, and have it deleted in the
    background; where renaming or starting a process fails, delete it here (slow but sure)."""
    trash = folder.with_name(TRASH_PREFIX + folder.name.removeprefix(PREFIX))
    try:
        folder.rename(trash)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return
    if not remove_detached([trash]):
        remove(trash)


def sweep(temporary: Path) -> None:
    """Have the trash earlier previews left (a removal cut short) deleted in the background."""
    try:
        leftovers = [temporary / name for name in os.listdir(temporary)
                     if name.startswith(TRASH_PREFIX)]
    except OSError:
        return
    if found := [folder for folder in leftovers if is_ours(folder)]:
        remove_detached(found)


def remove_detached(folders: list[Path]) -> bool:
    """Start the remover in a session of its own, with no terminal: a second Ctrl+C does not
    reach it and the shell does not wait for it. False if it could not be started."""
    try:
        subprocess.Popen([sys.executable, "-m", __name__, *map(str, folders)],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True)
    except OSError:
        return False
    return True


def remove(folder: Path) -> None:
    """Delete a trash folder of ours, its marker last."""
    if not is_ours(folder):
        return
    for entry in os.scandir(folder):
        if entry.name == MARKER:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            _unlink(Path(entry.path))
    with contextlib.suppress(OSError):
        if os.listdir(folder) == [MARKER]:  # (what could not be deleted keeps it marked:
            _unlink(folder / MARKER)  # the next sweep tries again)
            folder.rmdir()


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):  # (left as it is: the marker stays, see remove)
        path.unlink()


if __name__ == "__main__":
    for named in sys.argv[1:]:
        remove(Path(named))

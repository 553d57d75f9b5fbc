"""Removing a stopped preview's folder without making Ctrl+C wait for it.

A preview of 5,000 posts is some 14,000 files: deleting them took seconds after Ctrl+C. So
the folder is renamed (one atomic step, in the same temporary folder) to a trash name, and a
process of its own, detached from the terminal, deletes it; the command returns at once.

Only folders blogforge made are ever deleted: a trash folder must carry its name pattern
*and* the marker file every preview folder is made with. The marker goes last, so a removal
cut short (the computer shut down) leaves a folder still marked, which the next preview's
sweep finishes. A half-removed folder is never taken for a preview: every preview builds into
a new folder, and the trash name is not one a preview uses. A preview killed outright (no
chance to remove anything) leaves its folder under the preview's name: the marker names its
process, and the sweep takes the folder once that process is gone.

Run as `python -m blogforge.livereload.trash FOLDER...`: the detached remover.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

PREFIX = "blogforge-serve-"  # a preview's folder, while its preview runs
TRASH_PREFIX = "blogforge-trash-"  # a stopped preview's folder, being removed
MARKER = "made-by-blogforge-serve"  # in every preview folder: "this one is blogforge's"


def make_marked(folder: Path) -> None:
    """Mark a new preview folder as blogforge's, before anything is written in it, naming the
    process whose it is (see `owner_gone`)."""
    (folder / MARKER).write_text("a preview folder of `blogforge serve`, removed when it stops\n"
                                 f"pid {os.getpid()}\n", encoding="utf-8")


def temporary_folder() -> Path:
    """A new preview folder in the system's temporary folder, marked (`make_marked`): where a
    preview builds when the build cache has no folder for it (livereload/kept.py)."""
    folder = Path(tempfile.mkdtemp(prefix=PREFIX))
    make_marked(folder)
    return folder


def is_ours(folder: Path, prefix: str = TRASH_PREFIX) -> bool:
    """A folder this tool made (by default a trash folder): its name, a real folder (not a
    link to elsewhere) owned by this user, holding the marker."""
    try:
        info = folder.lstat()
        marker = (folder / MARKER).lstat()
    except OSError:
        return False
    owner = getattr(os, "getuid", lambda: info.st_uid)()
    return (folder.name.startswith(prefix) and stat.S_ISDIR(info.st_mode)
            and info.st_uid == owner and stat.S_ISREG(marker.st_mode))


def owner_gone(folder: Path) -> bool:
    """Whether the preview a folder of ours was made for has ended without removing it (its
    terminal was closed before SIGHUP was handled, it was killed): the process its marker
    names runs no more. Unsure (no process named, another user's process, Windows, where
    os.kill ends the process it names): False, the folder is kept."""
    if os.name == "nt":
        return False
    try:
        text = (folder / MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    named = re.search(r"^pid (\d+)$", text, re.MULTILINE)
    if named is None or int(named[1]) == os.getpid():
        return False
    try:
        os.kill(int(named[1]), 0)  # (signal 0: only asks whether it exists)
    except ProcessLookupError:
        return True
    except (OSError, OverflowError):
        return False
    return False


def discard(folder: Path) -> None:
    """Take a stopped preview's folder out of the way at once, and have it deleted in the
    background; where renaming or starting a process fails, delete it here (slow but sure)."""
    trash = _trash_name(folder)
    try:
        folder.rename(trash)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
        return
    if not remove_detached([trash]):
        remove(trash)


def _trash_name(folder: Path) -> Path:
    return folder.with_name(TRASH_PREFIX + folder.name.removeprefix(PREFIX))


def sweep(temporary: Path) -> None:
    """Have the trash earlier previews left (a removal cut short) deleted in the background,
    and the folders of previews that ended without removing theirs."""
    try:
        names = os.listdir(temporary)
    except OSError:
        return
    found = [temporary / name for name in names
             if name.startswith(TRASH_PREFIX) and is_ours(temporary / name)]
    for name in names:
        folder = temporary / name
        if name.startswith(PREFIX) and is_ours(folder, PREFIX) and owner_gone(folder):
            with contextlib.suppress(OSError):  # (another preview's sweep took it first)
                folder.rename(_trash_name(folder))
                found.append(_trash_name(folder))
    if found:
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

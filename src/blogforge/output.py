"""Safe output: the site is assembled in a staging folder beside the output and swapped in only
when the build succeeded, so a failed or killed build leaves the previous output whole.

Files whose bytes did not change are not written again: the staging folder gets a hard link to
the previous output's file (same inode, same modification time), so an incremental build costs
what changed, and a build that changes nothing leaves the output folder untouched. The swap is
one atomic exchange of the two folders where the system offers it (Linux `renameat2`), else two
renames, and a build killed between them is repaired by the next one. The folder a swap
replaced is kept in the build cache as the next build's starting point (see `StagedOutput`).

blogforge only replaces an output folder it made itself (it leaves a marker file there), and
refuses folders whose loss would hurt: the site folder itself, anything containing it, content/,
the home folder, the file-system root.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import os
import re
import shutil
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from stat import S_ISDIR
from typing import NamedTuple, NoReturn

from blogforge.cache import CACHE_DIR
from blogforge.diagnostics import NAME_CONTROLS, escaped, first_few
from blogforge.fingerprint import DIGEST_CHARS, digest, hash_text
from blogforge.forks import Aside, fork, usable_cores
from blogforge.scratch_files import is_editor_file
from blogforge.site_folder import IS_A_FILE, by_small_letters, first_in_the_way
from blogforge.stop_signals import stop_signals_held
from blogforge.text import composed

MARKER = ".blogforge-output"
MARKER_TEXT = "This folder is written by `blogforge build`; it is replaced on every build.\n"
MARKER_LIST = "What the last build put in it:\n"  # (then a file's path a line)
_TOP_LEVEL_LIST = "What the last build put in it, at this level:\n"  # (earlier versions')
THEME_ORIGIN = "the theme"  # files a site may replace with its own
SPARE_MIN_FILES = 200  # a first build with fewer files makes no spare: linking them is quick
KEPT_PREFIX = "kept-"  # in the build cache: files put in an output while a build ran
SPARE_PREFIX = "spare-"  # an output's spare, in the build cache: `spare-` and 12 hex digits
# (a spare named so, or one being deleted: `spare_of`, `remove_spares`)
_SPARE_NAME = re.compile(rf"{SPARE_PREFIX}[0-9a-f]{{12}}(\.removed-[0-9]+-[0-9]+)?")


def file_of(site_path: str) -> str:
    """The file for a site path: "posts/a/" means "posts/a/index.html"."""
    rel = site_path.lstrip("/")
    return rel + "index.html" if not rel or rel.endswith("/") else rel


class OutputError(Exception):
    """The output folder cannot be used; the message says why and what to do."""


def check_output_dir(site_dir: Path, output: Path) -> None:
    site, out = site_dir.resolve(), output.resolve()
    home = Path.home().resolve()
    if out == Path(out.anchor) or out == home:
        raise OutputError(f"refusing to write the site into {out}: choose a folder of its own, "
                          "such as public/")
    if out == site or out in site.parents:
        raise OutputError(f"the output folder {out} would replace the site's own folder: "
                          "choose a folder inside it, such as public/")
    for protected in ("content", "templates", "static", "i18n"):
        folder = site / protected
        if out == folder or folder in out.parents:
            raise OutputError(f"the output folder {out} is inside the site's {protected}/: "
                              "choose another, such as public/")
    for parent in out.parents:  # (the next build of that folder would refuse to replace it)
        if (parent / MARKER).is_file():
            raise OutputError(f"the output folder {out} is inside {parent}, the output of "
                              "another build, which replaces that whole folder: choose a folder "
                              "outside it")
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder")
    if out.is_dir() and _is_mount_point(out):
        raise OutputError(f"{out} is a mount point, and a build swaps a new folder in for its "
                          "output: choose a folder inside it (--output "
                          f"{output.as_posix().rstrip('/')}/site) or mount the folder above it")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise OutputError(f"{out} already holds files that blogforge did not write; "
                          "empty it or choose another --output")


def unwritable_output(output: Path) -> str | None:
    """Why the build could not put a new `output` in place, said before anything is rendered
    (a read-only site folder failed only once every page was made, naming the staging folder):
    the new output is assembled beside the old one, in the folder above it, and swapped in."""
    out = output.resolve()
    blocked = first_in_the_way(out.parents)
    if blocked is None:
        return None
    folder, why = blocked
    if why == IS_A_FILE:  # (`--output notes.txt/site`: "File exists" was all that was said)
        return f"cannot write the output {out}: {folder} {why} (choose another --output)"
    advice = "choose another --output" if "read-only" in why else \
        "give yourself access to it, or choose another --output"
    return (f"cannot write the output {out}: {folder} {why}, and the new output is assembled "
            f"there, beside the old one, before it replaces it ({advice})")


def check_hand_put_files(site_dir: Path, output: Path,
                         recorded: Collection[str] | None = None) -> None:
    """Refuse an output folder holding files its last build did not write (`_not_written`),
    which the swap would delete. Asked before a build that writes: a build that finds nothing
    changed does not touch the folder (and need not list its 1,800 folders, 20 ms)."""
    site, out = site_dir.resolve(), output.resolve()
    # (a folder in the build cache is the tool's own, `deploy`'s: whatever is in it may go)
    if (site / CACHE_DIR) not in out.parents and (foreign := _not_written(out, recorded)):
        named = first_few(foreign)
        raise OutputError(f"{out} holds {named}, which blogforge did not write, and a build "
                          "replaces the whole folder: move them out of it (a CNAME or a "
                          "verification page belongs in static/, a post's file beside it in "
                          "content/; `blogforge deploy` publishes without a git repository in "
                          "this folder)")


def files_not_written(out: Path) -> list[str]:
    """What a built output folder holds that its build did not put there (`_not_written`),
    for `deploy --output`, which would publish them."""
    return _not_written(out)


def _is_mount_point(folder: Path) -> bool:
    """Also a bind mount of a folder of the same file system, which `os.path.ismount` misses
    (Docker's `-v $PWD/public:/site/public`): Linux lists every mount in mountinfo."""
    if os.path.ismount(folder):
        return True
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as mounts:
            points = {line.split()[4] for line in mounts if len(line.split()) > 4}
    except OSError:
        return False
    # (spaces and the like are written as octal escapes there: \040)
    return re.sub(r"[\\ \t\n]", lambda m: f"\\{ord(m[0]):03o}", str(folder)) in points


def listed_files(out: Path) -> set[str] | None:
    """The files an output's marker says the build that swapped it in wrote; None when it
    has no such list (no marker, a preview's, an earlier version's)."""
    try:
        text = (out / MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if _TOP_LEVEL_LIST in text or MARKER_LIST not in text:
        return None
    return _names_listed(text.split(MARKER_LIST, 1)[1])


def _names_listed(lines: str) -> set[str]:
    """The names a marker lists, one a line: split at "\n" alone, as they were written (a
    file's name may hold what `splitlines` also ends a line at, U+2028 or a form feed)."""
    return set(lines.split("\n")) - {""}


def holds_listed(out: Path, files: Collection[str]) -> bool:
    """Whether an output holds `files` and no other, as far as its marker tells: a build
    killed after its swap, before the build cache had its record, left an output that the
    previous record describes but for the files it added, which no stat of the record's files
    sees (a marker without a list tells nothing: taken as holding them)."""
    listed = listed_files(out)
    return listed is None or listed == set(files)


def _not_written(out: Path, recorded: Collection[str] | None = None) -> list[str]:
    """What an output folder holds that its last build did not put there, by the list its
    marker keeps (a marker without one, or a preview's: nothing known, nothing named): a deploy
    repository's .git, a CNAME, a search engine's verification page, a data file put beside a
    post's page by hand. A folder the build did not make is named, not each file in it. An
    earlier version's marker listed the folder's own level only: then the files the build
    cache `recorded` of the last build stand for the list, when it has them."""
    try:
        text = (out / MARKER).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    if _TOP_LEVEL_LIST in text:  # (names of its own level: the folders below are not looked at)
        written = set(recorded) if recorded else \
            _names_listed(text.split(_TOP_LEVEL_LIST, 1)[1])
    elif MARKER_LIST in text:
        written = _names_listed(text.split(MARKER_LIST, 1)[1])
    else:
        return []
    # Each folder's names as the build made them; each folder is listed (os.listdir, names
    # only: about 15 ms for the 1,800 folders of a 1,000-post blog) and only a name more is
    # looked at. Names compare composed (`composed`): a Mac's disk may list decomposed the
    # `résumé.png` a build wrote composed, and it is the build's all the same.
    made: dict[str, set[str]] = {"": {MARKER}}
    for rel in map(composed, written):
        folder, _, name = rel.rpartition("/")
        while True:
            names = made.get(folder)
            if names is not None:
                names.add(name)
                break
            made[folder] = {name}
            folder, _, name = folder.rpartition("/")
    found: list[str] = []
    for folder, names in made.items():
        path = os.path.join(out, folder) if folder else str(out)
        try:
            extra = {name for name in os.listdir(path) if composed(name) not in names}
        except OSError:
            continue
        for name in sorted(extra):
            if is_editor_file(name):
                continue  # (an editor's or a file manager's: never the writer's work)
            rel = f"{folder}/{name}" if folder else name
            full = os.path.join(path, name)
            is_dir = os.path.isdir(full) and not os.path.islink(full)
            if not is_dir or _holds_work(full):  # (a control character, macOS's `Icon\r`,
                # shown as its escape, not a carriage return that garbles the terminal's line)
                found.append(escaped(rel, NAME_CONTROLS) + ("/" if is_dir else ""))
    return sorted(found)


def _holds_work(folder: str) -> bool:
    """Whether a folder the build did not make holds a file that is not an editor's or a
    file manager's (an empty folder is nobody's work: it may go)."""
    return any(not is_editor_file(name) for _, _, files in os.walk(folder) for name in files)


@dataclass(frozen=True)
class FileRecord:
    """An output file as the last build left it: its bytes' digest and its stat, to know that
    nothing else changed it since."""

    digest: str
    size: int
    mtime_ns: int

    def matches(self, path: Path | str) -> bool:
        return self.stat_of(path) is not None

    def stat_of(self, path: Path | str,
                known: FileStat | None = None) -> os.stat_result | FileStat | None:
        """The file's stat when it is still the file recorded, else None (`known`: its stat
        as `scan_output` read it)."""
        if known is None:
            try:
                known = os.stat(path)
            except OSError:
                return None
        return known if known.st_size == self.size and known.st_mtime_ns == self.mtime_ns \
            else None


class FileStat(NamedTuple):
    """What `FileRecord.stat_of` and the linking of a kept file ask of a file's stat."""

    st_size: int
    st_mtime_ns: int
    st_ino: int


# A previous output of fewer files than this is looked at by the build itself: a process is not
# started faster.
SCAN_ASIDE_FILES = 500


@dataclass(frozen=True)
class OutputScan:
    """What a build that writes must know of the output folder and of its spare, read by a
    process beside it (`scan_output`, in an `Aside`) while it loads and renders the posts:
    looked at by the build itself when it stages its files, listing the 1,800 folders of a
    1,000-post blog twice and reading its pages' stats were 55 ms of a one-post edit, on one
    core while the other waited. The command starts it before it imports the build: forked
    from the small process it is then, it costs the build little (forked from the building
    process, every page of memory the build wrote while it lived was copied first, ~7,400
    pages: the scan saved ~8 ms of the 55)."""

    hand_put: str | None  # `check_hand_put_files`' refusal, if any
    stats: dict[str, FileStat]  # the files the output's marker lists, as they are now
    spare: tuple[dict[str, int], list[str]] | None  # `_listing` of the spare, if it could
    marker: FileStat  # the marker as the scan found it: the output it looked at

    def of_output(self, output: Path) -> bool:
        """Whether the scan looked at the output that is there now (the build looks itself
        when another build swapped in its output since: it waited for that one's lock)."""
        return _file_stat(output / MARKER) == self.marker


def scan_output(site_dir: Path, output: Path, spare: Path | None) -> OutputScan | None:
    """`OutputScan` of the files the output's marker lists (read only: the build, which waits
    for it before it stages a file, makes every change); None for an output with no such
    list. A file the scan missed or found changed is looked at again by the build."""
    out = output.resolve() if output.is_symlink() else output
    marker = _file_stat(out / MARKER)
    written = listed_files(out)
    if marker is None or written is None:
        return None
    try:
        check_hand_put_files(site_dir, output)
        hand_put = None
    except OutputError as exc:
        hand_put = str(exc)
    stats = {rel: stat for rel in written if (stat := _file_stat(f"{out}/{rel}")) is not None}
    listed = _listing(str(spare)) if spare is not None and _own_folder(spare) else None
    return OutputScan(hand_put, stats, listed, marker)


def start_output_scan(site_dir: Path, output: Path, use_cache: bool) -> Aside | None:
    """`scan_output` in a process beside the build, for a large output on a machine with a
    core to spare (None otherwise: the build looks itself). Started by a command before it
    imports the build."""
    listed = listed_files(output)
    if listed is None or len(listed) < SCAN_ASIDE_FILES or usable_cores() < 2:
        return None
    spare = spare_of(site_dir / CACHE_DIR, record_key(folder_key(output))) if use_cache else None
    return Aside.start(scan_output, site_dir, output, spare)


def _file_stat(path: Path | str) -> FileStat | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return FileStat(stat.st_size, stat.st_mtime_ns, stat.st_ino)


def _listing(root: str) -> tuple[dict[str, int], list[str]] | None:
    """A staging folder's files (-> inode) and folders; None when it holds something no build
    makes (a link, a socket)."""
    found: dict[str, int] = {}
    folders: list[str] = []
    todo = [""]
    while todo:
        folder = todo.pop()
        with os.scandir(os.path.join(root, folder)) as entries:
            for entry in entries:
                rel = f"{folder}/{entry.name}" if folder else entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.append(rel)
                    todo.append(rel)
                elif entry.is_file(follow_symlinks=False):
                    found[rel] = entry.inode()
                else:
                    return None
    return found, folders


class Received(NamedTuple):
    """A file's bytes written by another process (a page worker), for `write_received`."""

    path: str  # where the bytes wait: a file in the output's incoming folder
    digest: str


INCOMING = ".blogforge-incoming"  # in the staging folder: files received, not yet in place
# The names the tool keeps for itself in the output, as if written first by these: a page
# there (`url: /.blogforge-output`) is a clash, said as one, where the marker silently
# replaced it (and the incoming folder is emptied before the swap)
_OWN_NAMES = {MARKER: "blogforge's record of the output it wrote",
              INCOMING: "blogforge's folder of files on their way"}
_RECEIVED = count()  # (numbers the files a process receives; their names also hold its pid)
_REMOVED = count()  # (numbers the folders a process deletes in the background)


def _staging_name(output: Path, kind: str, pid: int) -> Path:
    return output.parent / f".{output.name}.blogforge-{kind}-{pid}"


def recover(output: Path) -> None:
    """Repair what a killed build left: restore the output if it was caught between the two
    renames of the fallback swap, and remove abandoned staging folders and old outputs whose
    removal was cut short (ours by name, which ends with the pid of the build they are of)."""
    if not output.parent.is_dir():
        return
    for kind in ("previous", "staging", "removed"):
        for leftover in sorted(output.parent.glob(f".{output.name}.blogforge-{kind}-*")):
            pid = leftover.name.rsplit("-", 1)[-1]
            owner = int(pid) if pid.isdigit() else None
            if owner is not None and _alive(owner) and (
                    owner != os.getpid() or kind == "removed"):
                continue  # another build of the same output is under way, or a remover is
            if not _own_folder(leftover):  # (a link planted under the name: never followed)
                if leftover.is_symlink():
                    with contextlib.suppress(OSError):
                        leftover.unlink()  # (the link, not what it points to)
                continue
            if kind == "previous" and not output.exists() and (leftover / MARKER).exists():
                os.replace(leftover, output)
            else:
                shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class StagedOutput:
    """Files are written below a staging folder; `commit` swaps it in for the output.

    `previous` describes the current output (from the last build's record); files whose bytes
    are unchanged are linked from it instead of being written.

    `spare` (a folder in the build cache) keeps the output that a swap replaced, instead of
    deleting it: the next build starts its staging folder from it, so the folders of a
    thousand posts already exist and most files already are the right links; only what
    differs is unlinked, linked or written. Nothing in the spare is trusted: a file in it is
    reused only when it is the very file (inode) of the current output that the record
    vouches for, and whatever is left unclaimed is removed before the swap.
    """

    # the thread linking a first spare, if any, and what tells it to stop at its next file
    _spare_maker: tuple[threading.Thread, threading.Event] | None = None
    _spared: dict[str, FileRecord] | None = None  # the files it was given to link
    # the output is this build's: a stop from then on stops a build whose output is in place
    committed = False

    def __init__(self, output: Path, previous: dict[str, FileRecord] | None = None,
                 spare: Path | None = None, scan: OutputScan | None = None) -> None:
        """`scan`: the output and the spare as a process beside the build found them."""
        if output.is_symlink():  # the folder it points to is swapped, not the link
            output = output.resolve()
        self.output = output
        self.previous = previous or {}
        self.notes: list[str] = []  # what the build should say (a spare it would not use)
        self._scanned: Mapping[str, FileStat] = scan.stats if scan is not None else {}
        self._scanned_spare = scan.spare if scan is not None else None
        self.spare = spare if spare is not None and _can_look_in(spare.parent) \
            and not spare.parent.is_symlink() else None
        output.parent.mkdir(parents=True, exist_ok=True)
        recover(output)
        self.stage = _staging_name(output, "staging", os.getpid())
        if self.stage.is_symlink():
            self.stage.unlink()  # (the link: what it points to is not ours to empty)
        elif self.stage.exists():
            shutil.rmtree(self.stage)
        # the spare's files (-> inode, until claimed) and folders, or a new empty folder
        self._found, self._found_dirs = self._take_spare() or ({}, [])
        if not self.stage.exists():
            self.stage.mkdir()
        self._stage_root = self.stage.resolve()
        # (folders as text: a build makes or checks thousands of paths, and Path objects are slow)
        self._root_text = str(self._stage_root)
        self._output_text = str(output)
        self._incoming = os.path.join(self._root_text, INCOMING)
        self._made_dirs: set[str] = {os.path.join(self._root_text, rel)
                                     for rel in self._found_dirs}
        self._made_dirs.add(self._root_text)
        self.origins: dict[str, str] = dict(_OWN_NAMES)  # file written -> what wrote it
        self.clashes: list[tuple[str, str, str]] = []  # (file, first origin, second origin)
        self._folder_origins: dict[str, str] = {}  # folder -> what wrote its first file
        self.records: dict[str, FileRecord] = {}  # every file of the new output

    def _take_spare(self) -> tuple[dict[str, int], list[str]] | None:
        """Move the spare into the staging place and list its files (with their inodes) and
        folders; None without one. Only a folder of this user's is taken: a link planted in
        the cache under a spare's name (its name is worked out from the output's path) was
        moved into place as the staging folder, and what the build did not claim in the
        folder it pointed to, anywhere on the disk, was deleted."""
        if self.spare is None or not os.path.lexists(self.spare):
            return None
        if not _own_folder(self.spare):
            if self.spare.is_symlink():
                with contextlib.suppress(OSError):
                    self.spare.unlink()  # (the link, never what it points to)
                self.notes.append(f"{self.spare} was a symbolic link, not a folder a build "
                                  "made: the link was removed and what it points to left as "
                                  "it was")
            else:
                self.notes.append(f"{self.spare} is not a folder of yours that a build made: "
                                  "it is left as it is, and not used")
            return None
        try:
            os.rename(self.spare, self.stage)  # a build killed from now on leaves a leftover
        except OSError:  # (another file system: no spare then)
            remove_in_background(self.spare)
            return None
        listed = self._scanned_spare or _listing(str(self.stage))
        if listed is None:  # not something a build makes: start afresh
            shutil.rmtree(self.stage)
            return None
        self._keep_hand_put(listed[0])
        return listed

    def _keep_hand_put(self, found: dict[str, int]) -> None:
        """Move out of the staging folder, into the build cache, the spare's files that the
        build which swapped it out did not write (its marker lists what it wrote): put in the
        output while that build ran, after it looked for files put there by hand, they went
        with the output it replaced, and the sweep of the spare deleted them without a word.
        Not published either: what is in a spare is not trusted."""
        written = listed_files(self.stage)
        if written is None or self.spare is None:  # (a first spare, a no-change build's)
            return
        kept = sorted(rel for rel in found if rel not in written and rel != MARKER
                      and not is_editor_file(rel.rpartition("/")[2]))
        if not kept:
            return
        folder = self.spare.parent / f"{KEPT_PREFIX}{os.getpid()}"
        for rel in kept:
            del found[rel]  # (not the spare's to sweep, nor to reuse)
            with contextlib.suppress(OSError):  # (one that cannot move stays: swept)
                (folder / rel).parent.mkdir(parents=True, exist_ok=True)
                os.rename(self.stage / rel, folder / rel)
        shown = [escaped(rel, NAME_CONTROLS) for rel in kept]
        self.notes.append(
            f"{first_few(shown)} came into {self.output} while the last build ran, and went "
            f"out with the output it replaced: moved to {folder}, not published (a CNAME "
            "belongs in static/)")

    def target(self, site_path: str) -> str:
        """The staging file for a site path; "posts/a/" means "posts/a/index.html" (as text,
        like the folders)."""
        root, rel = self._root_text, file_of(site_path)
        path = f"{root}/{rel}"
        if "/." in path[len(root):] or "//" in rel:  # (normpath only when it may change it)
            path = os.path.normpath(path)
        if not path.startswith(root + os.sep):  # `..` in a slug must not escape
            raise OutputError(f"refusing to write {site_path!r} outside the output folder")
        return path

    # -- adding files ----------------------------------------------------------------------------

    def write(self, site_path: str, data: str | bytes,
              origin: str = "blogforge's own output") -> str:
        """Put a file in the new output; the digest of its bytes."""
        data = data.encode("utf-8") if isinstance(data, str) else data
        data_digest = digest(data)
        self._place(site_path, origin, data_digest, lambda path: _write_bytes(path, data))
        return data_digest

    def copy(self, source: Path, site_path: str, origin: str, known: str | None = None) -> None:
        """Publish a file as it is. `known`: the digest of its bytes as this build read them
        (a file of content/ or static/): when the previous output holds those, that file is
        linked and the source is not read again (a site's photos were read twice a build)."""
        if known is None:
            self.write(site_path, source.read_bytes(), origin)
            return

        def put(path: str) -> str:
            data = source.read_bytes()
            _write_bytes(path, data)
            return digest(data)  # (of these very bytes: the file may have changed since)

        self._place(site_path, origin, known, put)

    def receive(self, data: str | bytes) -> Received:
        """Write a file's bytes where `write_received` takes them from: in any process, so
        that the processes rendering pages write them (in parallel), and hand this process
        a name instead of the text."""
        data = data.encode("utf-8") if isinstance(data, str) else data
        path = self._incoming_path()
        _write_bytes(path, data)
        return Received(path, digest(data))

    def _incoming_path(self) -> str:
        """A new name for a received file, unique across the build's processes."""
        if self._incoming not in self._made_dirs:  # (once per process, not a mkdir a page)
            os.makedirs(self._incoming, exist_ok=True)
            self._made_dirs.add(self._incoming)
        return os.path.join(self._incoming, f"{os.getpid()}-{next(_RECEIVED)}")

    def receive_parts(self, parts: Iterable[bytes]) -> Received:
        """`receive` for a file's bytes given in parts (a page written as its large body is
        read from the cache), never joined; a part that fails (raises) leaves no file."""
        path = self._incoming_path()
        made = hashlib.sha256()
        try:
            with open(path, "wb") as file:
                for part in parts:
                    made.update(part)
                    file.write(part)
        except BaseException:
            _unlink(path)
            raise
        return Received(path, made.hexdigest()[:DIGEST_CHARS])

    def write_received(self, site_path: str, received: Received,
                       origin: str = "blogforge's own output") -> str:
        """`write` for bytes that `receive` put aside."""
        if self._place(site_path, origin, received.digest,
                       lambda path: os.replace(received.path, path) or None):
            os.unlink(received.path)
        return received.digest

    def _place(self, site_path: str, origin: str, data_digest: str,
               put: Callable[[str], str | None]) -> bool:
        """A file with these bytes at `site_path`: the previous output's file when it holds
        them (True), else the one `put` puts at the path it is given (returning the digest of
        what it wrote, when that may not be `data_digest`)."""
        rel, path, found = self._claim(file_of(site_path), origin)
        if path is None:  # (a file where a folder is: a clash, and no build)
            return True
        if self._link_previous(rel, path, data_digest, found):
            return True
        if found is not None:
            _unlink(path)  # never write through a link into the output
        written = put(path)
        self._record(rel, path, written or data_digest)
        return False

    def keep(self, site_path: str, origin: str) -> bool:
        """Reuse the previous output's file as it is (its inputs did not change); False when it
        is not there any more, and the caller must make it again."""
        rel = file_of(site_path)
        record = self.previous.get(rel)
        stat = record.stat_of(self._current(rel), self._scanned.get(rel)) \
            if record is not None else None
        if record is None or stat is None:
            return False
        rel, path, found = self._claim(rel, origin)
        return path is None or self._link_previous(rel, path, record.digest, found, stat)

    def _current(self, rel: str) -> str:
        """The file of the current output for a relative name ("posts/a/index.html")."""
        return f"{self._output_text}/{rel}"

    def rewrite(self, rel: str, data: bytes) -> None:
        """New bytes for a file already staged (the link audit's fixes)."""
        path = self.target(rel)
        _unlink(path)  # never write through a link into the old output
        _write_bytes(path, data)
        self._record(rel, path, digest(data))

    def _claim(self, rel: str, origin: str) -> tuple[str, str | None, int | None]:
        """Record who writes the file `rel` (`file_of` a site path); only the theme's own
        static files may be replaced. Also the inode of the spare's file in its place, if
        there is one. No path (None) for a file where a folder is, or in a folder that is a
        file: a clash, not written."""
        if self._folder_clash(rel, origin):
            return rel, None, None
        previous = self.origins.get(rel)
        if previous is not None and previous != THEME_ORIGIN:
            self.clashes.append((rel, previous, origin))
            if rel in _OWN_NAMES:  # (never written: the folder of incoming files may be there)
                return rel, None, None
        self.origins[rel] = origin
        path = self.target(rel)
        found = self._found.pop(rel, None)
        if previous is not None:
            _unlink(path)  # never write through a link into the old output
        else:
            if path in self._made_dirs:  # a folder of the spare where this file goes now
                self._clear_spare_folder(rel, path)
            # (`target` makes a path with no `/` at its end, in a folder below the root:
            # its folder is what `dirname` gives, found several times faster)
            if path.rpartition(os.sep)[0] not in self._made_dirs:
                path = self._make_folder(rel, path)
        return rel, path, found

    def _make_folder(self, rel: str, path: str) -> str:
        """Make the folder of the file `rel`, to be written at `path`; where to write it."""
        parent = os.path.dirname(path)
        try:
            os.makedirs(parent, exist_ok=True)
        except OSError:  # a file of the spare where a folder goes now
            self._clear_spare_files(_folders_of([rel]))
            os.makedirs(parent, exist_ok=True)
        self._made_dirs.add(parent)
        return path

    def _clear_spare_folder(self, rel: str, path: str) -> None:
        """Remove a folder the spare holds where this build writes a file (the output had
        /notes/, the build writes /notes): only the spare's files can be in it, as a file of
        this build in it would have been a clash (`_folder_clash`)."""
        shutil.rmtree(path)
        inside = rel + "/"
        self._found = {name: inode for name, inode in self._found.items()
                       if not name.startswith(inside)}
        self._made_dirs = {made for made in self._made_dirs
                           if made != path and not made.startswith(path + os.sep)}

    def _clear_spare_files(self, folders: Iterable[str]) -> None:
        """Remove the spare's files that stand where this build makes these folders (the
        output had /about, the build writes /about/index.html)."""
        for folder in folders:
            if self._found.pop(folder, None) is not None:
                _unlink(os.path.join(self._root_text, folder))

    def folder_taken(self, site_path: str) -> bool:
        """Whether a file at `site_path` would stand where the build made a folder, or in a
        folder that is a file it wrote (what `_folder_clash` says as a clash)."""
        rel = file_of(site_path)
        return rel in self._folder_origins or any(
            folder in self.origins for folder in _folders_of([rel]))

    def _folder_clash(self, rel: str, origin: str) -> bool:
        """Whether a file at `rel` clashes with a folder of files written before (a page at
        /atom.xml/ and the feed at /atom.xml), said in `clashes` as the file's: the file
        system's own "File exists" named a staging folder, and no source."""
        if (first := self._folder_origins.get(rel)) is not None:
            self.clashes.append((rel, first, origin))
            return True
        # its folders not met before, innermost first (those met before were checked then,
        # and no file has been written in their place since: that was a clash)
        folders = []
        folder = rel.rpartition("/")[0]
        while folder and folder not in self._folder_origins:
            folders.append(folder)
            folder = folder.rpartition("/")[0]
        for folder in reversed(folders):  # (outermost first)
            if (first := self.origins.get(folder)) is not None:
                self.clashes.append((folder, first, origin))
                return True
        for folder in folders:
            self._folder_origins[folder] = origin
        return False

    def _link_previous(self, rel: str, path: str, wanted: str, found: int | None = None,
                       stat: os.stat_result | FileStat | None = None) -> bool:
        """Link the previous output's file, if it holds the `wanted` bytes (`stat`: its stat,
        when the caller has checked it already)."""
        record = self.previous.get(rel)
        if record is None or record.digest != wanted:
            return False
        current = self._current(rel)
        stat = stat or record.stat_of(current, self._scanned.get(rel))
        if stat is None:
            return False
        if found != stat.st_ino:  # the spare's file is not already this very file
            try:
                if found is not None:
                    _unlink(path)
                os.link(current, path)
            except OSError:
                return False
        self.records[rel] = record
        return True

    def _record(self, rel: str, path: str, data_digest: str) -> None:
        stat = os.stat(path)
        self.records[rel] = FileRecord(data_digest, stat.st_size, stat.st_mtime_ns)

    def view(self) -> Mapping[str, bytes]:
        """The new output as a mapping of file -> bytes, read on demand (for the link audit)."""
        return _FilesView(self.records, self._staged_file)

    def _staged_file(self, rel: str) -> str:
        return os.path.join(self.stage, rel)

    # -- finishing -------------------------------------------------------------------------------

    def changed_files(self) -> list[str]:
        """Output files that the swap would write or remove: those whose bytes are not the
        recorded ones, and those made again with them because the output's file was not what
        the record says any more (changed or deleted by hand: the swap puts it back)."""
        old, new = self.previous, self.records
        return sorted(rel for rel in old.keys() | new.keys()
                      if rel not in old or rel not in new or old[rel].digest != new[rel].digest
                      or (new[rel] is not old[rel] and not old[rel].matches(self._current(rel))))

    def start_spare(self) -> None:
        """On a first build (no output, so no spare will be put aside): link the files staged
        so far into a spare for the next build, on a thread, while the build finishes (feeds,
        search, link audit). Without it the first incremental build makes a thousand folders
        and links itself (0.1-0.5 s). Nothing in a spare is trusted, so one left half made, or
        holding files the build replaced afterwards, is still a head start. (A thread, not a
        forked process: a fork kept the pages the build and its other forks wrote meanwhile,
        up to 40 MB of the 1,000-post benchmark's peak, which is at this tail; the links are
        system calls made without the interpreter's lock.)"""
        if (self.spare is None or self._spare_maker is not None or self.output.exists()
                or len(self.records) < SPARE_MIN_FILES or os.path.lexists(self.spare)):
            return
        try:
            self.spare.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        stop = threading.Event()
        maker = threading.Thread(target=_link_tree, daemon=True, name="spare maker", args=(
            str(self._stage_root), str(self.spare), list(self.records), stop))
        # (started holding the stop signals, it keeps them held: the system gave a Ctrl+C to
        # this thread, the one not holding it, while the main thread held it across a fork,
        # whose Python handler then ran there and then, as the fork returned: the search
        # index's process, forked meanwhile, was left at work unnoted, `Aside.start`; and
        # noted before a Ctrl+C meanwhile is raised, for a stopped build to stop and wait for)
        with stop_signals_held():
            maker.start()
            self._spare_maker, self._spared = (maker, stop), dict(self.records)

    def _complete_spare(self) -> None:
        """Link into a first spare, once its maker is done, what the build wrote or rewrote
        after the maker started (feeds, sitemaps, static files, the search index, the link
        audit's fixes): else the first edit after a first build links them itself (1,209
        files of a 1,000-post blog), the build the benchmark and a writer meet first."""
        spared, self._spared = self._spared, None
        if spared is None or self.spare is None or not _own_folder(self.spare):
            return
        for rel, record in self.records.items():
            if spared.get(rel) is record:  # (the same record: the very file it linked)
                continue
            staged, target = os.path.join(self._stage_root, rel), os.path.join(self.spare, rel)
            with contextlib.suppress(OSError):  # (a spare is only a head start)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(target)  # (an older version of the file: never written through)
                os.link(staged, target)

    def _stop_spare(self, kill: bool) -> None:
        """Wait for the thread linking a first spare (told to stop first: the build failed)."""
        if self._spare_maker is not None:
            maker, stop = self._spare_maker
            if kill:
                stop.set()
            maker.join()
            self._spare_maker = None

    def commit(self) -> list[str]:
        """Swap the staging folder in; the output files that changed. When nothing changed and
        the output is the one recorded, the output folder is not touched at all."""
        self._stop_spare(kill=False)  # (it reads the staging folder, about to move)
        self._complete_spare()
        shutil.rmtree(self._incoming, ignore_errors=True)  # (empty, unless a worker failed)
        self._sweep()
        changed = self.changed_files()
        if not changed and self.previous and (self.output / MARKER).exists() \
                and holds_listed(self.output, self.records):
            self.committed = True
            self._put_aside(self.stage, wait=True)  # (swept: only the output's files)
            return []
        (self.stage / MARKER).write_text(  # (the spare's: swept)
            MARKER_TEXT + MARKER_LIST + "".join(f"{rel}\n" for rel in sorted(self.records)),
            encoding="utf-8")
        if self.output.exists():
            if not _exchange(self.stage, self.output):
                previous = _staging_name(self.output, "previous", os.getpid())
                try:
                    os.replace(self.output, previous)
                except OSError as exc:  # (a folder in use as a mount point cannot move)
                    raise OutputError(f"{self.output} cannot be replaced ({exc.strerror}): "
                                      "choose another --output") from None
                os.replace(self.stage, self.output)
                self.committed = True
                self.stage = previous
            self.committed = True
            self._put_aside(self.stage)
        else:
            os.replace(self.stage, self.output)
            self.committed = True
        return changed

    def discard(self) -> None:
        """Drop the stage of a failed build. Never kept as the next build's spare: it may
        hold what no output held (the folder made for an alias /CNAME that clashed with
        static/CNAME), which stopped every later build ("…/CNAME: Is a directory")."""
        self._stop_spare(kill=True)
        shutil.rmtree(self.stage, ignore_errors=True)

    def _sweep(self) -> None:
        """Remove what the spare held that this build did not claim, and emptied folders."""
        for rel in self._found:
            (self.stage / rel).unlink(missing_ok=True)
        self._found = {}
        needed = _folders_of(self.records)
        for rel in sorted(self._found_dirs, key=len, reverse=True):
            if rel not in needed:
                with contextlib.suppress(OSError):  # a file of this build is in it after all
                    (self.stage / rel).rmdir()
        self._found_dirs = []

    def _put_aside(self, folder: Path, wait: bool = False) -> None:
        """Keep a folder that is no longer the output as the next build's spare, or delete
        it (unless told to wait, in the background: a thousand files take a while)."""
        if self.spare is not None and not os.path.lexists(self.spare):
            try:
                self.spare.parent.mkdir(parents=True, exist_ok=True)
                os.rename(folder, self.spare)
                return
            except OSError:
                pass
        if not wait:
            # under a name of its own first: the next build of this process (`serve`, a
            # script) stages in the folder's old name while the remover may still be at work
            doomed = _staging_name(self.output, f"removed-{next(_REMOVED)}", os.getpid())
            with contextlib.suppress(OSError):
                os.rename(folder, doomed)
                remove_in_background(doomed)
                return
        shutil.rmtree(folder, ignore_errors=True)


def _own_folder(path: Path) -> bool:
    """Whether `path` is a folder itself (not a link to one) of this user's."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return S_ISDIR(info.st_mode) and info.st_uid == os.geteuid()


def _can_look_in(folder: Path) -> bool:
    """Whether what a folder holds can be seen (a cache folder made `chmod 000` cannot: then
    the build keeps no spare in it, rather than stop)."""
    try:
        os.stat(os.path.join(folder, "."))  # (as text: a Path drops the ".")
    except FileNotFoundError:
        return True  # (not made yet: the build makes it)
    except OSError:
        return False
    return True


class InPlaceOutput(StagedOutput):
    """For an output folder that belongs to one long-lived process (the preview of `serve`):
    files are written beside their place and renamed over it at `commit`, files that are gone
    are removed, and nothing else is touched — no staging folder to fill and swap. A failed
    build commits nothing, so the folder keeps the last good site."""

    def __init__(self, output: Path, previous: dict[str, FileRecord] | None = None) -> None:
        self.output = output
        self.previous = previous or {}
        self.spare = None
        self.notes = []
        self._scanned, self._scanned_spare = {}, None
        output.mkdir(parents=True, exist_ok=True)
        self.stage = output
        self._found: dict[str, int] = {}
        self._found_dirs: list[str] = []
        self._stage_root = output.resolve()
        self._root_text, self._output_text = str(self._stage_root), str(output)
        self._incoming = os.path.join(self._root_text, INCOMING)
        self._made_dirs = {self._root_text}
        self.origins = dict(_OWN_NAMES)
        self.clashes = []
        self._folder_origins = {}
        self.records = {}
        self._pending: set[str] = set()  # files written beside their place, to be renamed
        # files written aside, in the incoming folder: a file of the last build stands where
        # their folder goes (it is kept until this build commits)
        self._detours: dict[str, str] = {}

    def _make_folder(self, rel: str, path: str) -> str:
        try:
            return super()._make_folder(rel, path)
        except (FileExistsError, NotADirectoryError):
            # When this build writes that file too (the tags index, where a tag `index.html`
            # wants /tags/index.html/), its claim finds the folder in `_folder_origins`, and
            # the clash is said as the build says it (it was "…/index.html: File exists");
            # else the file goes at `commit`, and this one takes its place then.
            os.makedirs(self._incoming, exist_ok=True)
            self._detours[rel] = os.path.join(self._incoming, f"aside-{len(self._detours)}")
            return self._detours[rel]

    def target(self, site_path: str) -> str:
        return self._detours.get(file_of(site_path)) or _beside(super().target(site_path))

    def _staged_file(self, rel: str) -> str:
        return self.target(rel) if rel in self._pending else os.path.join(self.output, rel)

    def _link_previous(self, rel: str, path: str, wanted: str, found: int | None = None,
                       stat: os.stat_result | FileStat | None = None) -> bool:
        record = self.previous.get(rel)
        if record is None or record.digest != wanted or not (
                stat or record.matches(self.output / rel)):
            return False
        self.records[rel] = record  # the file in place is already right
        if rel in self._pending:
            self._pending.discard(rel)
            _unlink(path)
        return True

    def _record(self, rel: str, path: str, data_digest: str) -> None:
        super()._record(rel, path, data_digest)
        self._pending.add(rel)

    def commit(self) -> list[str]:
        changed = self.changed_files()
        gone = self.previous.keys() - self.records.keys()
        for rel in gone:  # (first: one may stand where a file written aside goes)
            (self.output / rel).unlink(missing_ok=True)
        # and the folders that held only those (a deleted post's, a page number no longer
        # needed), deepest first, as a clean build would not have them; before the new files
        # go in: a folder emptied so may stand where one of them goes (static/box/ become a
        # file), and a folder a new file goes into holds it, written beside its place
        for folder in sorted(_folders_of(gone), key=len, reverse=True):
            with contextlib.suppress(OSError):  # something is still in it: kept
                (self.output / folder).rmdir()
        for rel in sorted(self._pending):
            if rel in self._detours:  # (what still stands in the way: not this build's)
                for folder in sorted(_folders_of([rel]), key=len):
                    if folder not in self.records and (self.output / folder).is_file():
                        (self.output / folder).unlink()
                (self.output / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.target(rel), self.output / rel)
        shutil.rmtree(self._incoming, ignore_errors=True)
        self._pending.clear()
        marker = self.output / MARKER
        if not marker.exists():
            marker.write_text(MARKER_TEXT, encoding="utf-8")
        self.committed = True
        return changed

    def discard(self) -> None:
        shutil.rmtree(self._incoming, ignore_errors=True)
        for rel in self._pending:
            _unlink(self.target(rel))
        # and the folders made for them: a failed first build leaves the folder as empty as
        # it found it, not holding folders without a marker, which no build would write into
        for folder in sorted(_folders_of(self._pending), key=len, reverse=True):
            with contextlib.suppress(OSError):  # (a file of the last good site is in it)
                (self.output / folder).rmdir()
        self._pending.clear()


def _folders_of(files: Iterable[str]) -> set[str]:
    """Every folder on the way to each of these files ("a/b/c.html": "a", "a/b"). (Each file's
    folders from the deepest up, to one already found, whose own are found too: character by
    character, the 3,000 files of a 1,000-post blog took 6 ms of every build that writes.)"""
    found: set[str] = set()
    for rel in files:
        end = rel.rfind("/")
        while end >= 0 and (folder := rel[:end]) not in found:
            found.add(folder)
            end = rel.rfind("/", 0, end)
    return found


def _link_tree(stage: str, spare: str, files: list[str], stop: threading.Event) -> None:
    """Hard links to the staged `files` in a new folder `spare`; stops when `spare` is gone (a
    build took it), when `stop` is set or at an error (a spare is only a head start), and
    skips a file the build removed meanwhile."""
    made = {""}  # (folders one by one, not makedirs: that would make `spare` again once gone)
    with contextlib.suppress(OSError):
        os.mkdir(spare)  # (one there already: leave it)
        for rel in files:
            if stop.is_set():
                return
            folder = os.path.dirname(rel)
            if folder not in made:
                parts = folder.split("/")
                for end in range(1, len(parts) + 1):
                    sub = "/".join(parts[:end])
                    if sub not in made:
                        with contextlib.suppress(FileExistsError):  # (no spare: raises, stops)
                            os.mkdir(os.path.join(spare, sub))
                        made.add(sub)
            try:
                os.link(os.path.join(stage, rel), os.path.join(spare, rel))
            except FileNotFoundError:
                if not os.path.isdir(spare):
                    return


def keep_recorded(output: Path, files: Collection[str]) -> None:
    """Make a preview's folder that an earlier session left in the build cache hold no file
    but those its record lists (and the marker), as a clean build would: a session killed
    in a build left new files written beside their place (`.x.blogforge-new`) or renamed in
    before the record was saved. Folders left empty go too. Files the record lists are kept
    as they are: one that a killed build replaced no longer matches its record's stat, and
    is made again."""
    kept = {composed(rel) for rel in files} | {MARKER}
    root = os.fspath(output)
    for folder, dirs, names in os.walk(root, topdown=False):
        below = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if below == "." else below + "/"
        for name in names + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            if composed(prefix + name) not in kept:
                _unlink(os.path.join(folder, name))
        if folder != root:
            with contextlib.suppress(OSError):  # (something is still in it: kept)
                os.rmdir(folder)


def _beside(final: str) -> str:
    """Where a file's new bytes are written before they are renamed over it."""
    folder, name = os.path.split(final)
    return os.path.join(folder, f".{name}.blogforge-new")


def replace_file(output: Path, rel: str, data: bytes) -> FileRecord:
    """Put one new file in an output at once: written beside its place, renamed over it."""
    final = os.path.join(output, rel)
    beside = _beside(final)
    _write_bytes(beside, data)
    os.replace(beside, final)
    stat = os.stat(final)
    return FileRecord(digest(data), stat.st_size, stat.st_mtime_ns)


def _write_bytes(path: str, data: bytes) -> None:
    with open(path, "wb") as file:
        file.write(data)


def _unlink(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


class _FilesView(Mapping[str, bytes]):
    def __init__(self, records: dict[str, FileRecord], place: Callable[[str], str]) -> None:
        self.records, self.place = records, place

    def __getitem__(self, rel: str) -> bytes:
        with open(self.place(rel), "rb") as file:
            return file.read()

    def __iter__(self) -> Iterator[str]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)


def folder_key(output: Path) -> str:
    """What the build cache knows an output folder by (a preview's too: site.py's
    `_output_key`)."""
    return str(output.resolve())


def record_key(output_key: str) -> str:
    """The key of the build cache's record of an output (its files, its pages' prints)."""
    return f"output:{output_key}"


def spare_of(cache: Path, record_key: str) -> Path:
    """The spare (see `StagedOutput`) of the output the build cache (folder `cache`) keeps
    the record of under `record_key`."""
    return cache / f"{SPARE_PREFIX}{hash_text(record_key)[:12]}"


def remove_spares(cache: Path, kept: Collection[Path]) -> None:
    """Delete the spares in the build cache folder `cache` but those `kept` (of the outputs
    whose records the cache still holds): nothing reuses the spare of an output no longer
    built, and once that output is deleted it is a whole copy of the site, not links. Only
    folders named as `spare_of` names them are touched, and the half-deleted ones a killed
    remover left; each is renamed first (a build of its output made again then starts
    without it), then deleted in the background."""
    keep = {folder.name for folder in kept}
    try:
        with os.scandir(cache) as entries:
            doomed = [entry.name for entry in entries
                      if entry.name not in keep and _SPARE_NAME.fullmatch(entry.name)
                      and entry.is_dir(follow_symlinks=False)]
    except OSError:
        return
    for name in doomed:
        folder = cache / name
        if "." not in name:  # (a leftover is under a name no build takes already)
            gone = cache / f"{name}.removed-{os.getpid()}-{next(_REMOVED)}"
            try:
                os.rename(folder, gone)
            except OSError:
                continue
            folder = gone
        remove_in_background(folder)


def remove_in_background(folder: Path) -> None:
    """Delete the previous output without making the build wait for it: a detached process
    does it (a folder left by a killed one is removed by the next build's `recover`)."""
    # (the stop signals held until the middle process is waited for: a Ctrl+C raised as
    # `fork` returned left it a zombie for as long as this process lived)
    with stop_signals_held():
        try:
            child = fork()
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)
            return
        if child:
            os.waitpid(child, 0)  # the middle process leaves at once, so no zombie remains
            return
        try:  # the middle process: start the remover in a session of its own, then leave
            os.setsid()
            if os.fork() == 0:
                _child_does(lambda: shutil.rmtree(folder, ignore_errors=True))
        finally:
            os._exit(0)


def _child_does(job: Callable[[], object]) -> NoReturn:
    """In a process forked from a build: let go of every file the build held open (the build
    lock above all, or the next build would find the site "being built" until the job is
    done), do the job, and leave (whatever it raised)."""
    try:
        os.closerange(3, os.sysconf("SC_OPEN_MAX") if hasattr(os, "sysconf") else 1024)
        job()
    finally:
        os._exit(0)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2); False where not available."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2  # the C library's, on Linux
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


# Names Windows keeps for its devices, with any extension (`aux`, `con.html`): no file or folder
# there may have one, so a site holding one cannot be built, nor its branch checked out, on it.
_WINDOWS_DEVICE = re.compile(r"(?:con|prn|aux|nul|com[1-9]|lpt[1-9])(?:\..*)?", re.IGNORECASE)


def names_a_windows_device(name: str) -> bool:
    """Whether a file or folder name is one Windows keeps for a device (`nul`, `COM1.md`)."""
    return _WINDOWS_DEVICE.fullmatch(name) is not None


# Characters Windows allows in no file or folder name (besides its separators `\\` and `/`): a
# URL may hold them (`/C:/x/`), and the folder made of it is then one no Windows disk takes.
_WINDOWS_FORBIDDEN = re.compile(r'[:*?"<>|]')


def windows_forbidden_characters(name: str) -> list[str]:
    """The characters of a file or folder name that Windows refuses (`:` of `C:`), once each,
    in the order met."""
    return list(dict.fromkeys(_WINDOWS_FORBIDDEN.findall(name)))


def windows_name_problems(files: Collection[str]) -> list[str]:
    """The output's paths a Windows computer cannot hold, each said: a part named as a device
    (a tag `aux`, for an aux loss) or two names that differ in capitals only (its disks take
    them for one). What a writer on Windows, or a clone of the site's branch there, meets."""
    paths = set(files) | {folder + "/" for folder in _folders_of(files)}
    # (each name looked at once, the paths sorted only when one names a device and grouped
    # only when some differ in capitals: this runs at every build that writes, 3,000 paths
    # and more, whose sorting was half of its 7 ms)
    devices = {name for name in {path.rstrip("/").rsplit("/", 1)[-1] for path in paths}
               if names_a_windows_device(name)}
    problems = [f"/{path} (`{name}` names a device there)" for path in sorted(paths)
                if (name := path.rstrip("/").rsplit("/", 1)[-1]) in devices] if devices else []
    if len({path.lower() for path in paths}) < len(paths):
        problems += [" and ".join(f"/{path}" for path in sorted(same)) +
                     " (in other capitals only)"
                     for same in sorted(by_small_letters(paths).values()) if len(same) > 1]
    return problems

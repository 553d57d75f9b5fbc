"""Notion's export as it is downloaded: a .zip of the "Markdown & CSV" folder, or (a large
workspace) a .zip holding `Export-<uuid>-Part-1.zip`, `-Part-2.zip`…, each part a piece of
the one folder. Extracted into a temporary folder, never outside it: a member whose name
would land elsewhere (`../x`, `/etc/x`, `C:\\x`) refuses the whole archive, as no Notion
export holds one (zip-slip). A zip that would unzip into more than an export ever holds is
refused whole too (a zip bomb: 2 MB unzipped into 2 GB, 6.5 KB of parts into 3 GB): more
than `UNZIPPED_LIMIT` in all (`import notion --unzipped-limit` raises it), a file compressed
more than `RATIO_LIMIT` times."""

from __future__ import annotations

import contextlib
import os
import stat
import time
import zipfile
from pathlib import Path, PurePosixPath
from typing import IO

from blogforge.importer import ImportFailure

# What the macOS Archive Utility adds when a writer zips the folder again by hand
_MAC_FORKS = "__MACOSX"
GB = 1 << 30
# An export's pages, pictures and attachments unzipped, all parts together: a real one with
# pictures is some hundreds of MB
UNZIPPED_LIMIT = 8 * GB
# How much smaller a file may be zipped: Markdown and CSV shrink some 3-10 times, pictures
# hardly at all; a run of zeros (a bomb) 1,000 times. Said of files past `_RATIO_FROM`:
# a small one's few bytes of headers make any ratio
RATIO_LIMIT = 100
_RATIO_FROM = 1 << 20
_CHUNK = 1 << 20


class _Budget:
    """What may still be unzipped, of the whole export (its parts together)."""

    def __init__(self, limit: int) -> None:
        self.limit, self.left = limit, limit

    def refusal(self, shown: str) -> ImportFailure:
        return ImportFailure(f"{shown}: refused, nothing imported: it would unzip into more "
                             f"than {_size(self.limit)}, more than a Notion export holds (a "
                             "zip bomb?); if it really is that large, give `blogforge import "
                             "notion --unzipped-limit GB` more")


def _size(count: int) -> str:
    return f"{count / GB:,.1f} GB" if count >= GB else f"{count / (1 << 20):,.1f} MB"


def is_archive(path: Path) -> bool:
    """Whether `path` is a zip, or a file meant to be one: named `.zip`, or starting as a zip
    does. (A download cut short lacks the list of files at a zip's end, which `is_zipfile`
    looks for: it was said to be "not a folder"; extracted, it is said to be cut short.)"""
    if not path.is_file():
        return False
    return path.suffix.lower() == ".zip" or zipfile.is_zipfile(path) or _starts_as_zip(path)


def _starts_as_zip(path: Path) -> bool:
    try:
        with path.open("rb") as opened:
            return opened.read(4) == _ZIP_START
    except OSError:
        return False


def _not_a_zip_why(path: Path) -> str:
    """Why a file zipfile finds no zip in is none, in the user's words: most often a download
    that failed (an empty file, as a browser leaves one it could not fetch) or was cut short
    (a zip's start without its end)."""
    if _starts_as_zip(path):
        return "it ends before the list of its files: a download cut short?"
    try:
        empty = path.stat().st_size == 0
    except OSError:
        empty = False
    return "the file is empty: a download that failed?" if empty else "it is no zip"


_ZIP_START = b"PK\x03\x04"  # (a zip's first member's header)
# What zipfile says of a file without the list of files at its end
_NO_LIST = "File is not a zip file"


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as it was written: a zip made without the UTF-8 flag (Windows'
    "Send to → Compressed folder", old macOS) holds its names in the system's encoding, which
    Python reads as CP437 (`注意力` comes out `µ│¿µäÅσè¢`); UTF-8 bytes read back as UTF-8."""
    name = info.filename
    if info.flag_bits & 0x800:
        return name
    try:
        return name.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name


def safe_name(name: str) -> PurePosixPath | None:
    """The member's path below the folder it is extracted into; None when it would be written
    outside it (a `..` part, an absolute path or a drive, in either slash)."""
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or any(part == ".." for part in path.parts) or \
            (path.parts and ":" in path.parts[0]):
        return None
    return path


def extract_export(archive: Path, into: Path, limit: int = UNZIPPED_LIMIT
                   ) -> list[tuple[str, str]]:
    """Extract the Notion export `archive` into the empty folder `into`, and the parts it
    holds (zips at its top, Notion's `-Part-1.zip`) into the same folder: one level, as
    Notion nests them; `limit`: the bytes it may unzip into, all parts together. The notes
    (path below `into`, message) say what was not extracted."""
    notes: list[tuple[str, str]] = []
    budget = _Budget(limit)
    parts = _extract(archive, str(archive), into, notes, budget)
    for part in parts:
        inner = into / part
        _extract(inner, f"{archive}/{part}", into, notes, budget)
        budget.left += inner.stat().st_size  # (read, the part is deleted)
        inner.unlink()
        notes.append((part.as_posix(), "extracted: a part of Notion's export, read with the "
                      "rest"))
    return notes


def _extract(archive: Path, shown: str, into: Path, notes: list[tuple[str, str]],
             budget: _Budget) -> list[PurePosixPath]:
    """Extract `archive` (named `shown` in messages) into `into`; the zips at its top."""
    try:
        with zipfile.ZipFile(archive) as opened:
            members = [(info, member_name(info)) for info in opened.infolist()]
            for _, name in members:  # (all checked before any is written)
                if safe_name(name) is None:
                    raise ImportFailure(f"{shown}: member `{name}` would be extracted outside "
                                        "the folder it is extracted into: refused, nothing "
                                        "imported (a Notion export never holds one; was the "
                                        "zip made by hand?)")
            _check_sizes([info for info, _ in members], shown, budget)
            parts = []
            root = into.resolve()
            for info, name in members:
                path = safe_name(name)
                assert path is not None
                if info.is_dir() or not path.parts or path.parts[0] == _MAC_FORKS or \
                        path.name == ".DS_Store":
                    continue
                if stat.S_ISLNK(info.external_attr >> 16):
                    notes.append((path.as_posix(), "not extracted: a symbolic link"))
                    continue
                target = into.joinpath(*path.parts)
                if root not in target.resolve().parents:  # (what `safe_name` rules out)
                    raise ImportFailure(f"{shown}: member `{name}` would be extracted "
                                        "outside the folder it is extracted into: refused")
                target.parent.mkdir(parents=True, exist_ok=True)
                with opened.open(info) as source, target.open("wb") as written:
                    _copy_within(source, written, info, shown, budget)
                # (a post without a date is dated by its file: the time Notion wrote it)
                stamp = time.mktime((*info.date_time, 0, 0, -1))
                _set_time(target, stamp)
                if len(path.parts) == 1 and path.suffix.lower() == ".zip":
                    parts.append(path)
            return parts
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError,
            EOFError) as exc:
        why = str(exc) if str(exc) != _NO_LIST else _not_a_zip_why(archive)
        raise ImportFailure(f"{shown}: the zip cannot be read ({why}): download the export "
                            "again") from None


def _check_sizes(members: list[zipfile.ZipInfo], shown: str, budget: _Budget) -> None:
    """Refuse the zip, before anything is written, for the sizes its members say they unzip
    into (`_copy_within` holds them to it)."""
    for info in members:
        if info.file_size > _RATIO_FROM and \
                info.file_size > RATIO_LIMIT * max(info.compress_size, 1):
            raise ImportFailure(
                f"{shown}: member `{member_name(info)}` is {_size(info.compress_size)} zipped "
                f"and {_size(info.file_size)} unzipped, compressed more than {RATIO_LIMIT} "
                "times, as no Notion export is: refused, nothing imported (a zip bomb?)")
    if sum(info.file_size for info in members) > budget.left:
        raise budget.refusal(shown)


def _copy_within(source: IO[bytes], written: IO[bytes], info: zipfile.ZipInfo, shown: str,
                 budget: _Budget) -> None:
    """Copy a member, never more bytes than its header said (a zip can lie about a size)
    nor than the budget has left."""
    allowed = min(info.file_size, budget.left)
    while chunk := source.read(_CHUNK):
        allowed -= len(chunk)
        budget.left -= len(chunk)
        if allowed < 0:
            raise budget.refusal(shown) if budget.left < 0 else ImportFailure(
                f"{shown}: member `{member_name(info)}` unzips into more than its "
                f"{_size(info.file_size)} the zip says: refused, nothing imported (a zip "
                "bomb?)")
        written.write(chunk)


def _set_time(path: Path, stamp: float) -> None:
    # (a date the file system cannot hold: the file keeps the time of extraction)
    with contextlib.suppress(OSError, OverflowError, ValueError):
        os.utime(path, (stamp, stamp))

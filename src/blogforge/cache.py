"""The build cache: one SQLite file, `.blogforge-cache/build.sqlite`, in the site folder.

It holds every unit the build can reuse — a post's rendered body, a formula, a highlighted code
block — under a key that hashes everything the unit depends on, plus the record of the last
build's output. Values are JSON, never pickles: the file is untrusted input like any other
(compiled templates, which are code, are signed with a key of the user's own: `user_key`).
Each value is stored with its CRC-32: a byte changed on the disk inside a value (where SQLite
itself does not look) makes the entry a miss, never a page with damaged HTML.

The cache only ever costs speed. A file that is corrupt, truncated, written by another version
or by something else entirely is set aside and started afresh; a cache folder that cannot be
written (a read-only disk, another user's) is said in one line and not used. Deleting the
folder at any time is safe.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import hmac
import json
import os
import sqlite3
import stat
import sys
import tempfile
import time
import zlib
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import orjson

from blogforge import __version__
from blogforge.site_folder import why_not_writable

FORMAT = 4  # bump when what is stored changes shape
IDENTITY = f"blogforge-cache {FORMAT} {__version__}"
CACHE_DIR = ".blogforge-cache"
FILE_NAME = "build.sqlite"
LOCK_NAME = "build.lock"
KEEP_OWNERS = 4  # the builds (sets of settings, output folders) whose entries `sweep` keeps
SWEEP_SLACK = 16  # entries beyond twice those in use before the unused ones are deleted
SWEEP_MARKS = "sweep-mark"  # record kind -> the limits its last due sweep found (`sweep`)
# The file gives back its free pages (left by deleted entries) once they are this share of it
# and at least this many bytes: moving pages costs about a second per 100 MB, so it is done
# once a sweep has freed a good part of the file, not after every build that frees a page.
RECLAIM_SHARE = 0.25
RECLAIM_MIN_BYTES = 8 * 1024 * 1024


class Store:
    """Key/value tables by kind ("post", "katex", "code", "state"). Reads go to SQLite;
    writes are gathered and written in one transaction by `flush`."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.problem: str | None = None  # why the cache was reset, for a message
        self._pending: dict[tuple[str, str], str | bytes] = {}
        self.pending_chars = 0  # about how much text waits for `flush`
        self._pid = os.getpid()
        self._db: sqlite3.Connection | None = None
        self._noted: dict[str, set[str]] | None = None  # kind -> keys asked for (`noting`)
        self._damaged = False  # SQLite found the file damaged: removed at `close`
        if path is not None:
            self._db = self._open(path)

    # -- opening -------------------------------------------------------------------------------

    def _open(self, path: Path) -> sqlite3.Connection | None:
        if links := planted_links(path.parent, path.name):  # (`BuildLock` stops the build)
            self.problem = (f"{_said(links[0])}: the cache is not used, nothing of it written "
                            "or deleted")
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.problem = f"cannot create {path.parent} ({exc.strerror}); building without it"
            return None
        for attempt in range(2):
            try:
                db = _connect(path)
                # Values are large (a post's HTML is tens of kilobytes): big pages and a rowid
                # table write them about twice as fast as 4 kB pages in a WITHOUT ROWID table.
                db.execute("PRAGMA page_size=16384")  # (only a new database takes it)
                # Free pages can be given back to the disk without rewriting the file (a file
                # made without it is converted by the first `reclaim` that falls due).
                db.execute("PRAGMA auto_vacuum=INCREMENTAL")  # (likewise)
                db.execute("PRAGMA journal_mode=WAL")  # (kept in the file: once is enough)
                db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
                # (the value last: a row made for a value written in parts, `_write_parts`,
                # is then made without the value's bytes, which SQLite otherwise holds)
                db.execute("CREATE TABLE IF NOT EXISTS units (kind TEXT, key TEXT, crc INTEGER, "
                           "value BLOB, PRIMARY KEY (kind, key))")
                row = db.execute("SELECT value FROM meta WHERE key='identity'").fetchone()
                if row is not None and row[0] != IDENTITY:  # (before its columns: another
                    raise _OtherVersion(str(row[0]))  # version's table has others)
                columns = [c[1] for c in db.execute("PRAGMA table_info(units)")]
                if columns != ["kind", "key", "crc", "value"]:  # (not a table of ours)
                    raise sqlite3.DatabaseError(f"its units table has columns {columns}")
                if row is None:
                    if held := _held_without_identity(db):  # (not a file a build made)
                        raise sqlite3.DatabaseError(f"it is no blogforge cache: it holds {held}")
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('identity', ?)", (IDENTITY,))
                return db
            except sqlite3.Error as exc:
                if why := why_not_writable(path.parent):  # (nothing to start afresh there)
                    self.problem = (f"{path.parent} {why}: the cache cannot be written; "
                                    "building without a cache" + _folder_hint(why))
                    return None
                if attempt == 0:
                    self.problem = (
                        f"{path} was written by {exc} and is started afresh for {IDENTITY} "
                        "(the first build after an upgrade renders everything)"
                        if isinstance(exc, _OtherVersion) and str(exc).startswith(
                            "blogforge-cache ")
                        else f"{path} was unusable ({exc}); it was started afresh")
                    _remove_database(path)
                else:
                    self.problem = (f"{path} cannot be used ({exc}); building without a cache"
                                    + (_READ_ONLY_HINT if _read_only(exc) else ""))
        return None

    def _connection(self) -> sqlite3.Connection | None:
        """A connection opened in this process: one never crosses a fork."""
        if self._pid != os.getpid():
            self._pid = os.getpid()
            self._pending, self.pending_chars = {}, 0
            self._db = None
            if self.path is not None:
                try:
                    self._db = _connect(self.path)
                except sqlite3.Error:
                    self._db = None
        return self._db

    # -- reading and writing -------------------------------------------------------------------

    @contextlib.contextmanager
    def noting(self, kinds: tuple[str, ...]) -> Iterator[dict[str, set[str]]]:
        """The keys of `kinds` asked for or stored while in the block (with those a caller
        found in a memory of its own and said with `note`): what a body's rendering used."""
        outer, self._noted = self._noted, {kind: set() for kind in kinds}
        try:
            yield self._noted
        finally:
            self._noted = outer

    def note(self, kind: str, key: str) -> None:
        """An entry used from a copy held in memory, for `noting`."""
        if self._noted is not None and kind in self._noted:
            self._noted[kind].add(key)

    def get(self, kind: str, key: str) -> Any | None:
        if self._noted is not None and kind in self._noted:
            self._noted[kind].add(key)
        pending = self._pending.get((kind, key))
        if pending is not None:
            return decode(pending)
        db = self._connection()
        if db is None:
            return None
        try:
            row = db.execute("SELECT value, crc FROM units WHERE kind=? AND key=?",
                             (kind, key)).fetchone()
            return decode(row[0]) if row and _sound(*row) else None
        except sqlite3.Error as exc:
            self._note_damage(exc)
            return None  # a damaged entry is a miss
        except (ValueError, TypeError):
            return None

    def get_many(self, kind: str, keys: list[str]) -> dict[str, Any]:
        """The entries found among `keys` (damaged ones left out), in a few queries."""
        found: dict[str, Any] = {}
        for key, stored in self.get_many_stored(kind, keys).items():
            try:
                found[key] = decode(stored)
            except (ValueError, TypeError):
                continue
        return found

    def get_many_text(self, kind: str, keys: list[str]) -> dict[str, str]:
        """Entries stored with `put_text`, as they were given."""
        found: dict[str, str] = {}
        for key, stored in self.get_many_stored(kind, keys).items():
            text = stored if isinstance(stored, str) else _text_of(stored)
            if text is not None:
                found[key] = text
        return found

    def get_many_stored(self, kind: str, keys: list[str]) -> dict[str, bytes | str]:
        """The entries found among `keys` as they are stored, for `decode` (or as text), in a
        few queries: the bytes of the file's sound rows, the text of those not flushed yet."""
        found: dict[str, bytes | str] = {}
        db = self._connection()
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):
            chunk = unique[start:start + 500]
            if db is not None:
                try:
                    found.update(_sound_rows(db.execute(
                        f"SELECT key, value, crc FROM units WHERE kind=? AND key IN "
                        f"({','.join('?' * len(chunk))})", (kind, *chunk))))
                except sqlite3.Error as exc:  # an unreadable cache is a miss
                    self._note_damage(exc)
            found.update({key: self._pending[(kind, key)] for key in chunk
                          if (kind, key) in self._pending})
        return found

    def text_in_parts(self, kind: str, key: str, part_bytes: int = 1 << 20
                      ) -> Iterator[bytes] | None:
        """An entry written to the file (not one pending) as its stored bytes a part at a
        time, by SQLite's incremental blob I/O, never held whole (a 6 MB post's 47 MB of HTML,
        written into its page); None when there is none. The parts' CRC is checked after the
        last: a damaged entry raises `DamagedEntry` then, and its parts are not to be used."""
        db = self._connection()
        if db is None or (kind, key) in self._pending:
            return None
        try:
            row = db.execute("SELECT rowid, crc FROM units WHERE kind=? AND key=?",
                             (kind, key)).fetchone()
        except sqlite3.Error as exc:
            self._note_damage(exc)
            return None
        return _blob_parts(db, row[0], row[1], part_bytes) if row else None

    def get_all(self, kind: str) -> dict[str, Any]:
        """Every entry of a small kind (damaged ones left out)."""
        stored: dict[str, bytes | str] = {}
        db = self._connection()
        if db is not None:
            try:
                stored.update(_sound_rows(db.execute(
                    "SELECT key, value, crc FROM units WHERE kind=?", (kind,))))
            except sqlite3.Error as exc:
                self._note_damage(exc)
        stored.update({key: text for (k, key), text in self._pending.items() if k == kind})
        found: dict[str, Any] = {}
        for key, value in stored.items():
            with contextlib.suppress(ValueError, TypeError):
                found[key] = decode(value)
        return found

    def count(self, kind: str) -> int:
        """How many entries of `kind` are stored (not counting those not flushed yet)."""
        db = self._connection()
        try:
            return db.execute("SELECT count(*) FROM units WHERE kind=?", (kind,)).fetchone()[0] \
                if db is not None else 0
        except sqlite3.Error:
            return 0

    def keys(self, kind: str) -> set[str] | None:
        """The keys of the stored entries of `kind` (not those not flushed yet); None when the
        cache cannot say (what a caller keeps by them is then not to be deleted)."""
        db = self._connection()
        if db is None:
            return None
        try:
            return {key for (key,) in db.execute("SELECT key FROM units WHERE kind=?", (kind,))}
        except sqlite3.Error:
            return None

    def keep_only(self, live: dict[str, set[str]], owned: Mapping[str, str] | None = None) -> int:
        """Delete the stored entries of each kind in `live` whose key is not in its set, and
        those of each kind in `owned` whose owner (see `sweep`) is not kept; how many went.
        Entries not flushed yet are not touched."""
        db = self._connection()
        if db is None or not live:
            return 0
        try:
            db.execute("BEGIN")
            db.execute("CREATE TEMP TABLE IF NOT EXISTS live (kind TEXT, key TEXT, "
                       "PRIMARY KEY (kind, key)) WITHOUT ROWID")
            db.execute("DELETE FROM live")
            db.executemany("INSERT OR IGNORE INTO live VALUES (?, ?)",
                           ((kind, key) for kind, keys in live.items() for key in keys))
            gone = db.execute(
                f"DELETE FROM units WHERE kind IN ({','.join('?' * len(live))}) AND NOT EXISTS "
                "(SELECT 1 FROM live WHERE live.kind = units.kind AND live.key = units.key)",
                tuple(live)).rowcount
            for kind, of in (owned or {}).items():
                if of in live:  # (the keys between `owner:` and `owner;`, see `_owned_range`)
                    gone += db.execute(
                        "DELETE FROM units WHERE kind = ? AND NOT EXISTS (SELECT 1 FROM live "
                        "WHERE live.kind = ? AND units.key >= live.key || ':' "
                        "AND units.key < live.key || ';')", (kind, of)).rowcount
            db.execute("COMMIT")
            return gone
        except sqlite3.Error as exc:  # a full or read-only disk: the cache stays as it was
            self.problem = f"could not clean the cache ({exc})"
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            return 0

    def sweep(self, record_kind: str, owner: str, uses: dict[str, list[str]], now: float,
              owned: Mapping[str, str] | None = None) -> int:
        """Note which entries of each kind in `uses` the build of `owner` (a set of settings,
        an output folder) used, and delete the entries of those kinds that none of the last
        `KEEP_OWNERS` owners noted uses, once a kind holds more than twice as many as they
        use: every edit leaves entries behind that no build will ask for again, and without
        this the cache grows for ever. Several owners are kept because `blogforge serve` and
        `blogforge build` make different pages (another base URL) and each must find its
        own; and so are the entries of the owner's build before this one, so that an edit
        taken back (a formula changed, then changed back) finds its old entries even when
        the sweep falls due in between. `owned`: kinds whose entries belong to an entry of
        a kind in `uses` (kind -> that kind), each under the key `its owner's key:...`; they
        are kept while their owner is and deleted with it, and are counted by the owners
        noted, not noted one by one (the link audit's thousands of rows per output: their
        keys would be in the record that every build writes). How many entries went."""
        owned = {kind: of for kind, of in (owned or {}).items() if of in uses}

        def limits(used: Mapping[str, Collection[str]]) -> dict[str, int]:
            """How many entries of each kind are too many for those `used` names: twice
            as many, and some (owned kinds: twice as many as their owners hold)."""
            found = {kind: 2 * len(keys) + SWEEP_SLACK for kind, keys in used.items()}
            found.update({kind: 2 * self._count_owned(kind, used[of]) + SWEEP_SLACK
                          for kind, of in owned.items()})
            return found

        def crowded(limit: Mapping[str, int]) -> bool:
            return any(self.count(kind) > most for kind, most in limit.items())

        # The owners kept use at least what this build uses, and used, when the last sweep
        # looked, what it found then (its mark): while a kind holds no more than either
        # allows, nothing is due, and the other builds' records, megabytes of keys, are not
        # read. (Without the mark, a site previewed by `serve` and built by `build` holds
        # twice the entries either uses, once a few edits are made: every build would read
        # both records, to find that nothing may go.)
        marks = self._marks(record_kind)
        due = crowded({kind: max(most, marks.get(kind, 0))
                       for kind, most in limits({kind: set(keys)
                                                 for kind, keys in uses.items()}).items()})
        # (read before this build's record replaces the owner's last one)
        records = self.get_all(record_kind) if due else {}
        self.put_text(record_kind, owner, encode_plain({"at": now, "uses": uses}))
        if not due:
            return 0
        before = records.pop(owner, None)
        recent = sorted(((entry["at"], key, entry["uses"]) for key, entry in records.items()
                         if _is_uses_record(entry)), reverse=True)[:KEEP_OWNERS - 1]
        kept = [uses, *(used for *_, used in recent)]
        if _is_uses_record(before):
            kept.append(before["uses"])
        keep = {kind: {key for used in kept for key in used.get(kind, ())} for kind in uses}
        kept_limits = limits(keep)
        self.put(SWEEP_MARKS, record_kind, kept_limits)
        if not crowded(kept_limits):
            return 0
        keep[record_kind] = {owner, *(key for _, key, _ in recent)}
        return self.keep_only(keep, owned)

    def _marks(self, record_kind: str) -> dict[str, int]:
        """The limits the last sweep of `record_kind`'s owners found (see `sweep`)."""
        found = self.get(SWEEP_MARKS, record_kind)
        if not isinstance(found, dict):
            return {}
        return {kind: most for kind, most in found.items() if type(most) is int}

    def _count_owned(self, kind: str, owners: Collection[str]) -> int:
        """How many stored entries of `kind` belong to those of `owners` (see `sweep`)."""
        db = self._connection()
        try:
            return sum(db.execute("SELECT count(*) FROM units WHERE kind=? AND key >= ? AND "
                                  "key < ?", (kind, *_owned_range(key))).fetchone()[0]
                       for key in owners) if db is not None else 0
        except sqlite3.Error:
            return 0

    def reclaim(self) -> bool:
        """Give the file's free pages back to the disk when they are a large share of it
        (`RECLAIM_SHARE`, at least `RECLAIM_MIN_BYTES`): SQLite reuses them but never shrinks
        the file by itself, and a sweep may have freed hundreds of megabytes. Asking costs
        nothing (two numbers in the file's header); the work, when due, moves the pages in
        use to the front (a file made before `auto_vacuum` is rewritten once, and converted).
        Whether the file shrank."""
        db = self._connection()
        if db is None or self._pending:
            return False
        try:
            pages = db.execute("PRAGMA page_count").fetchone()[0]
            free = db.execute("PRAGMA freelist_count").fetchone()[0]
            size = db.execute("PRAGMA page_size").fetchone()[0]
            if free < RECLAIM_SHARE * pages or free * size < RECLAIM_MIN_BYTES:
                return False
            if db.execute("PRAGMA auto_vacuum").fetchone()[0] == 2:  # (incremental)
                # (run to its end: `execute` would take one step, one page)
                db.executescript("PRAGMA incremental_vacuum")
            else:  # (the only way to turn it on in a file that has tables)
                db.execute("PRAGMA auto_vacuum=INCREMENTAL")
                db.execute("VACUUM")
            # the moved pages are in the log: copied into the file, which is cut at its new end,
            # and the log emptied (else it keeps the size it grew to)
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            return True
        except sqlite3.Error:  # a full disk, a reader holding the file: the next build tries
            return False

    def put_text(self, kind: str, key: str, text: str | bytes) -> None:
        """A large text stored as it is (no JSON to decode when it is read back), or as its
        UTF-8 bytes (a 6 MB post's HTML, held so by the process that rendered it)."""
        if self._noted is not None and kind in self._noted:
            self._noted[kind].add(key)
        self._pending[(kind, key)] = text
        self.pending_chars += len(text)

    def put(self, kind: str, key: str, value: Any) -> None:
        self.put_text(kind, key, encode(value))

    def put_plain(self, kind: str, key: str, value: Any) -> None:
        """`put` for a value made of text, integers, lists and dicts (`encode_plain`): the
        entries a cold build makes by the thousand (search weights, code blocks)."""
        self.put_text(kind, key, encode_plain(value))

    def take_pending(self) -> dict[tuple[str, str], str]:
        """What this process wrote and has not flushed (a worker hands it to the parent)."""
        pending, self._pending, self.pending_chars = self._pending, {}, 0
        return pending

    def add_pending(self, pending: dict[tuple[str, str], str]) -> None:
        self._pending.update(pending)
        self.pending_chars += sum(len(text) for text in pending.values())

    def forked(self) -> None:
        """In a process forked from the one that opened the store: a connection of its own,
        and none of the parent's entries not written yet (the parent writes those)."""
        self._connection()

    def after_fork(self) -> dict[tuple[str, str], str]:
        """In a forked process that goes on with what its parent had not flushed: a connection
        of its own, the parent's pending entries still readable. Returns them, so that the
        process can hand back only what it added."""
        inherited = self.take_pending()
        self._connection()
        self.add_pending(inherited)
        return inherited

    def take_added(self, inherited: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
        """The pending entries this process added (or changed) since `after_fork` returned
        `inherited`, taken out of it; the parent's own stay for the parent to write."""
        return {key: text for key, text in self.take_pending().items()
                if inherited.get(key) != text}

    def flush(self, in_parts: Mapping[tuple[str, str], Iterable[bytes]] | None = None) -> None:
        """Write the pending entries, and with them (kind, key) -> the UTF-8 bytes of a large
        text in parts (a 6 MB post's HTML), each written as its parts, never one value (read
        three times: parts that can be)."""
        db = self._connection()
        pending = self.take_pending()
        if db is None or not (pending or in_parts):
            return
        try:
            db.execute("BEGIN")
            db.executemany("INSERT OR REPLACE INTO units (kind, key, value, crc) "
                           "VALUES (?, ?, ?, ?)", _drain(pending))
            for (kind, key), parts in (in_parts or {}).items():
                _write_parts(db, kind, key, parts)
            db.execute("COMMIT")
        except sqlite3.Error as exc:  # a full or read-only disk only costs speed
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            self._note_damage(exc)
            if not self._damaged:
                self.problem = f"could not write the cache ({exc})"

    def _note_damage(self, exc: sqlite3.Error) -> None:
        """A file SQLite finds damaged inside (where opening it does not look: bytes
        overwritten mid-file) is removed when the store closes, so the next build starts it
        afresh; kept, every build said "could not write the cache" or missed, for good."""
        damaged = getattr(exc, "sqlite_errorcode", None) in (
            sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in str(exc)
        if damaged and not self._damaged and self._pid == os.getpid():
            self._damaged = True
            self.problem = f"{self.path} is damaged ({exc}); it is started afresh at the next build"

    def close(self) -> None:
        if self._db is not None and self._pid == os.getpid():
            self._db.close()
            if self._damaged and self.path is not None:
                _remove_database(self.path)
        self._db = None


def decode(text: str | bytes) -> Any:
    """A stored entry's value, from its text or its bytes as stored (`get_many_stored`).
    orjson reads JSON three times as fast as the standard library (the thousand post records
    and bodies a one-post edit reads: 45 ms -> 15), and from the bytes faster again: text
    decoded first is encoded back to UTF-8 by orjson (3.4 MB of bodies' entries: 15 ms ->
    10); what it refuses and `encode` may have written (a lone surrogate of a file name read
    with surrogateescape, NaN, an integer over 64 bits) the standard library reads, as it was
    written. Whatever else stops it (bytes that are no UTF-8, JSON nested deeper than Python
    recurses, which orjson refuses too: an entry planted or damaged so) is a ValueError, as a
    damaged entry is, which callers take for a miss: a RecursionError went up through every
    build, until the cache was deleted."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        pass
    if isinstance(text, bytes):
        text = text.decode("utf-8", "surrogatepass")  # (not UTF-8: a UnicodeDecodeError)
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("nested deeper than any entry blogforge writes") from None


def encode(value: Any) -> str:
    """An entry as `Store.put` stores it: for a process that works it out for another to put
    (the text travels between processes faster than the value, and the other has less to do)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def encode_plain(value: Any) -> str:
    """`encode` for a value the build made of text, integers, finite floats, lists and dicts
    (the record of an output, the link audit's, the entries a build used): orjson writes it
    five times as fast (three such records, 2 MB, at every build that writes: ~6 ms of a
    one-post edit). What orjson refuses (a lone surrogate of a file name read with
    surrogateescape, an integer over 64 bits, a key that is not text) `encode` writes; a float
    that is not a number, which it would write as null, such a value never holds."""
    try:
        return orjson.dumps(value).decode("utf-8")
    except TypeError:
        return encode(value)


def _held_without_identity(db: sqlite3.Connection) -> str:
    """What a database without blogforge's identity holds besides the two empty tables a
    build makes first (and a build killed before it wrote its identity leaves), said for the
    message; "" when nothing. A build writes its identity before any entry, so a file with
    more is another program's SQLite file, or one whose identity was lost: its tables were
    added to it and its entries trusted, where a file of another version's is started afresh."""
    others = [name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
        "AND name NOT IN ('meta', 'units') AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    if others:
        return f"the table{'s' if len(others) > 1 else ''} {', '.join(others)}"
    if db.execute("SELECT 1 FROM units UNION ALL SELECT 1 FROM meta LIMIT 1").fetchone():
        return "entries written without its identity"
    return ""


def _connect(path: Path) -> sqlite3.Connection:
    """A connection to the store. Its commits do not wait for the disk (synchronous=NORMAL, a
    setting of each connection, not of the file): the pool workers and the building process
    commit as they go (about 80 commits in a cold build of 1,000 posts), and each wait for the
    disk costs a laptop milliseconds; a crash can only lose the last entries, which the next
    build makes again, never corrupt the file (WAL)."""
    db = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA synchronous=NORMAL")
    return db


def _owned_range(owner: str) -> tuple[str, str]:
    """The keys of the entries that belong to `owner`'s are from `owner:` up to, not
    including, `owner;` (the character after the colon): those that start with `owner:`."""
    return owner + ":", owner + ";"


def _is_uses_record(entry: Any) -> bool:
    return (isinstance(entry, dict) and isinstance(entry.get("at"), int | float)
            and isinstance(entry.get("uses"), dict)
            and all(isinstance(keys, list) and all(isinstance(k, str) for k in keys)
                    for keys in entry["uses"].values()))


def _drain(pending: dict[tuple[str, str], str | bytes]
           ) -> Iterator[tuple[str, str, bytes, int]]:
    """The rows to write, each let go of once written: a cold build's cache is hundreds of
    megabytes of text, not to be held twice."""
    while pending:
        (kind, key), text = pending.popitem()
        value = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
        yield kind, key, value, zlib.crc32(value)


def _write_parts(db: sqlite3.Connection, kind: str, key: str, parts: Iterable[bytes]) -> None:
    """One entry written from its parts into the row made for it (of zeros, the value last in
    its record: made without them), by SQLite's incremental blob I/O, in the transaction of
    the writes around it. (A value bound whole is copied by SQLite, then again into its
    record: the 47 MB of a 6 MB post's HTML took its process from 231 to 322 MB.) Its CRC is
    that of the parts one after the other."""
    crc = 0
    for part in parts:
        crc = zlib.crc32(part, crc)
    row = db.execute("INSERT OR REPLACE INTO units (kind, key, crc, value) "
                     "VALUES (?, ?, ?, zeroblob(?))",
                     (kind, key, crc, sum(map(len, parts)))).lastrowid
    with db.blobopen("units", "value", row) as blob:
        for part in parts:
            blob.write(part)


class DamagedEntry(Exception):
    """An entry read in parts (`Store.text_in_parts`) is not what was written."""


def _blob_parts(db: sqlite3.Connection, row: int, crc: Any, part_bytes: int
                ) -> Iterator[bytes]:
    made = 0
    try:
        with db.blobopen("units", "value", row, readonly=True) as blob:
            while part := blob.read(part_bytes):
                made = zlib.crc32(part, made)
                yield part
    except sqlite3.Error as exc:
        raise DamagedEntry(str(exc)) from exc
    if made != crc:
        raise DamagedEntry("its CRC is not the one written")


def _sound(value: Any, crc: Any) -> bool:
    """Whether a stored value is what was written (bytes whose CRC-32 is the one stored)."""
    return isinstance(value, bytes) and zlib.crc32(value) == crc


def _text_of(value: bytes) -> str | None:
    """A sound value's text (None: it is no UTF-8, as nothing `put` wrote)."""
    try:
        return value.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return None


def _sound_rows(rows: Iterator[tuple[str, Any, Any]]) -> Iterator[tuple[str, bytes]]:
    """(key, value) of the sound rows among (key, value, crc) rows."""
    return ((key, value) for key, value, crc in rows if _sound(value, crc))


# Why a cache is read-only, most often: `sudo blogforge build` made it root's.
_READ_ONLY_HINT = (" (the cache is not yours to write: one made by `sudo blogforge build` is "
                   "root's; delete .blogforge-cache/ with those rights, or take it back with "
                   "`sudo chown -R $USER .blogforge-cache`)")


def _folder_hint(why: str) -> str:
    """What to do about a cache folder that `why_not_writable` says why of (a read-only mount:
    nothing)."""
    if why.startswith("is another user's"):
        return _READ_ONLY_HINT
    if why.startswith("has no write permission"):
        return f" (`chmod u+w {CACHE_DIR}` gives it back to builds)"
    return ""


def _read_only(exc: sqlite3.Error) -> bool:
    """(SQLite's extended codes, `SQLITE_READONLY_DIRECTORY`…, keep the primary one in their low
    byte; an error raised here has none)"""
    return (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF == sqlite3.SQLITE_READONLY


# -- the per-user key that signs what a build may not take on trust -------------------------------
# The site's cache is untrusted input (a clone's committed `.blogforge-cache/`, a restored CI
# cache): what it holds is only ever data. Compiled templates are code (Jinja loads them with
# pickle and marshal), so they are kept there signed with a key only this user can read, in
# this user's own cache folder (as KaTeX's files are); an entry not signed with it is a miss.

KEY_FILE = "cache-key"
KEY_BYTES = 32


def user_cache_folder() -> Path | None:
    """`$XDG_CACHE_HOME/blogforge` (`~/.cache/blogforge`): this user's, not any site's."""
    try:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    except RuntimeError:  # (no home folder to be found)
        return None
    return Path(base) / "blogforge"


def user_key() -> bytes | None:
    """This user's secret key for signing cache entries (made on first use, 0600 in a 0700
    folder), or None when there is none to be had safely: a folder or file that is not this
    user's alone, a link, a read-only home. Without it nothing is signed, nor trusted."""
    folder = user_cache_folder()
    if folder is None:
        return None
    path = folder / KEY_FILE
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.lstat(folder), stat.S_ISDIR, others=0o022):
            return None
        if not os.path.lexists(path):
            _make_key(folder)
        return _read_key(path)
    except OSError:
        return None


def sign(key: bytes, kind: str, name: str, data: bytes) -> str:
    """The signature of an entry's bytes, under its kind and name (a signed entry moved under
    another name is not taken)."""
    return hmac.new(key, f"{kind}\0{name}\0".encode("utf-8", "surrogatepass") + data,
                    hashlib.sha256).hexdigest()


def signed_by(key: bytes, kind: str, name: str, data: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(key, kind, name, data), signature)


def _private(info: os.stat_result, is_type: Any, others: int = 0o077) -> bool:
    """A file (or folder) of that type, this user's, whose `others` permission bits are off
    (the key: no one else may read or write it; its folder: no one else may write it)."""
    return is_type(info.st_mode) and info.st_uid == os.geteuid() and not info.st_mode & others


def _read_key(path: Path) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as file:
        if not _private(os.fstat(fd), stat.S_ISREG):
            return None
        key = file.read(KEY_BYTES + 1)
    return key if len(key) == KEY_BYTES else None


def _make_key(folder: Path) -> None:
    """Written whole under another name, then linked into place: a build running beside this
    one reads either no key or the whole of one, and the first one made is the one kept."""
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".cache-key-")  # (0600)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(os.urandom(KEY_BYTES))
        with contextlib.suppress(FileExistsError):
            os.link(temporary, folder / KEY_FILE)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


class _OtherVersion(sqlite3.DatabaseError):
    """A cache file written by another version of blogforge (or by something else)."""


_DATABASE_SUFFIXES = ("", "-wal", "-shm", "-journal")  # (SQLite's files beside the database)


def _remove_database(path: Path) -> None:
    if planted_links(path.parent, path.name):
        return  # (never a file the link leads to: the cache's files are only ever its own)
    for suffix in _DATABASE_SUFFIXES:
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink()


def planted_links(folder: Path, *names: str) -> list[Path]:
    """The symbolic links among the cache folder `folder` (and the folders up to the site's
    `.blogforge-cache` holding it) and the files `names` in it with SQLite's beside them. A
    build writes and deletes files there: through a link (one committed with a site, or in a
    restored CI cache) it overwrote and deleted files anywhere its user may."""
    parts = [folder, *folder.parents]
    top = next((at for at, part in enumerate(parts) if part.name == CACHE_DIR), 0)
    found = [part for part in reversed(parts[:top + 1]) if _is_link(part)]
    return found or [folder / (name + suffix) for name in names
                     for suffix in _DATABASE_SUFFIXES if _is_link(folder / (name + suffix))]


def _is_link(path: Path) -> bool:
    """(what cannot be looked at, in a folder made `chmod 000`, is no link: the build goes
    on without a cache there, as before)"""
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def _said(link: Path) -> str:
    try:
        target = f" (to {os.readlink(link)})"
    except OSError:
        target = ""
    return f"{link} is a symbolic link{target}, not a file or folder a build made"


def _locked(handle: Any) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class BuildLockBusy(Exception):
    """Another build of the same site is running."""


class UnsafeCacheFolder(BuildLockBusy):
    """The cache folder, or a file in it, is a symbolic link (or no file a build makes): the
    build stops, as it does when another holds the lock, and touches nothing."""


class BuildLock:
    """One build of a site at a time: two at once would race on the cache and the output."""

    def __init__(self, folder: Path, wait: float = 0.0) -> None:
        """Taken at once, or within `wait` seconds (the preview waits for a `blogforge build`
        run beside it, rather than fail a save)."""
        self._file = None
        if links := planted_links(folder, LOCK_NAME, FILE_NAME):
            raise UnsafeCacheFolder(
                f"{_said(links[0])}: blogforge follows no link in its cache, where it writes "
                f"and deletes files; delete the link (`rm {links[0]}`) and build again. "
                "Nothing was written")
        path = folder / LOCK_NAME
        try:
            folder.mkdir(parents=True, exist_ok=True)
            # (not through a link: refused above, and here should one be made in between)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise UnsafeCacheFolder(f"{_said(path)}: delete it and build again") from None
            if exc.errno == errno.EISDIR:  # (taken for a read-only folder, two builds ran at once)
                raise UnsafeCacheFolder(f"{path} is a folder, not the lock file a build makes: "
                                        "delete it and build again") from None
            # (a read-only site folder, the cache another user's: the site is still one
            # output's, and two builds of it at once race on that output)
            fd, writable = _lock_elsewhere(path)
            if fd is None:
                return
        else:
            writable = True
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            raise UnsafeCacheFolder(f"{path} is not a file a build made: delete it and build "
                                    "again")
        # (a file of another user's, or with another name elsewhere, is only locked: its text,
        # the holder's process, is not the build's to write)
        ours = writable and info.st_uid == os.geteuid() and info.st_nlink == 1
        handle = os.fdopen(fd, "r+" if writable else "r", encoding="utf-8")
        deadline = time.monotonic() + wait
        while not _locked(handle):
            if time.monotonic() >= deadline:
                handle.seek(0)
                holder, _, verb = (handle.read().strip() or "unknown").partition(" ")
                handle.close()
                if not writable:  # (its text is an earlier build's, not the holder's)
                    raise BuildLockBusy("another blogforge build of this site is running; "
                                        "wait for it to finish, then build again")
                if verb == "serve":  # (it holds the lock only while it rebuilds)
                    raise BuildLockBusy(
                        "the preview of this site (blogforge serve, process "
                        f"{holder}) is rebuilding it; build again when it has finished")
                raise BuildLockBusy(f"another blogforge build of this site is running (process "
                                    f"{holder}); wait for it to finish, then build again")
            time.sleep(0.1)
        if not ours:
            self._file = handle
            return
        handle.seek(0)
        handle.truncate()
        # (with the command: a build refused beside `serve` names the preview, not a process)
        verb = sys.argv[1] if sys.argv[1:2] in (["build"], ["serve"], ["check"], ["deploy"]) \
            else ""
        handle.write(f"{os.getpid()} {verb}".strip())
        handle.flush()
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None


def _lock_elsewhere(path: Path) -> tuple[int | None, bool]:
    """The lock of a site whose cache folder cannot be written: the lock file there opened to
    read (a lock needs no more, and every build of the site takes that one file), else one of
    this user's own, named after the site's folder; the descriptor (None: no lock to be had)
    and whether it is open for writing."""
    try:
        return os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC), False
    except OSError:
        pass
    users = user_cache_folder()
    if users is None:
        return None, False
    folder = str(path.parent.resolve())  # (the site's cache folder: the site, named)
    name = hashlib.sha256(folder.encode("utf-8", "surrogateescape")).hexdigest()[:32] + ".lock"
    try:
        (users / "locks").mkdir(mode=0o700, parents=True, exist_ok=True)
        return os.open(users / "locks" / name,
                       os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600), True
    except OSError:
        return None, False

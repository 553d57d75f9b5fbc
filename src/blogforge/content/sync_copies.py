"""The copies a sync service leaves beside a post it could not merge, which are no posts.

A writer who edits on a phone and a laptop through Dropbox, Syncthing, iCloud, OneDrive or an
Obsidian vault gets, after two edits of one note, a second file: `attention (conflicted copy
2024-05-01).md`, `attention.sync-conflict-20240501-123456-ABCDEFG.md`, `attention 2.md`. Each
was published as a post of its own, the old text beside the new under the same title, in the
listings and the feeds. A copy named as only a sync service names one is never published; one
whose name could be a writer's (`attention 2.md`, `attention (1).md`, `attention-DESKTOP-1A2B`)
is a copy only beside its original, the same post by its title, date and language (a sequel,
`transformer 2.md` titled "Transformer, part two", a next week's `周报 2.md`, a translation
`flash-EN.md` of `flash.md` under the same title, are posts). Each is said, naming its original.
"""

from __future__ import annotations

import re

# Dropbox's `x (conflicted copy 2024-05-01)` and `x (Alice's conflicted copy 2024-05-01 (1))`,
# Nextcloud's `x (conflicted copy 2024-05-01 123456)`, Syncthing's
# `x.sync-conflict-20240501-123456-ABCDEFG`, Resilio's `x.Conflict`, Dropbox's `(Case Conflict)`
_CONFLICT = re.compile(r"^(?P<name>.+?)(?: \([^()]*conflicted copy[^()]*(?:\(\d+\))?\)"
                       r"|\.sync-conflict-\d{8}-\d{6}(?:-[A-Za-z0-9]+)?"
                       r"| \(Case Conflict(?: \d+)?\))(?P<rest>(?:\.[\w-]+)*)$", re.IGNORECASE)
# iCloud's and Finder's `x 2`, a download's `x (1)`, OneDrive's `x-DESKTOP-1A2B3C` (the
# computer's name), Resilio's `x.Conflict`; a copy made by hand beside its original: Finder's
# Duplicate `x copy`, `x copy 2` (`x 副本`), Windows Explorer's `x - Copy`, `x - Copy (2)`
# (`x - 副本`), Google Drive's and Colab's "Make a copy" `Copy of x` (`x 的副本`)
_DUPLICATE = re.compile(r"^(?:Copy of )?(?P<name>.+?)"
                        r"(?: \d{1,2}| \(\d{1,2}\)|\.Conflict"
                        r"|-[A-Z][A-Z0-9]{1,14}(?:-[A-Z0-9]{1,14})?"
                        r"|(?: -)? (?:[Cc]opy|副本)(?: \d{1,2}| \(\d{1,2}\))?| ?的副本)?"
                        r"(?P<rest>(?:\.[\w-]+)*)$")
# What a name holds if it is one of those copies: a piece of each copy's mark, or `_DUPLICATE`
# takes a few microseconds to make sure that a name is not one (a thousand names a build)
_MAYBE_DUPLICATE = re.compile(r" \(?\d|\.Conflict|-[A-Z]|[Cc]opy|副本")


def conflict_copy_of(name: str) -> str | None:
    """The file name a sync service's conflict copy named `name` is a copy of (`attention.md`
    for `attention (conflicted copy 2024-05-01).md`), or None."""
    return _original(_CONFLICT, name)


def duplicate_of(name: str) -> str | None:
    """The file name `name` would be a duplicate of if it is one (`attention.md` for
    `attention 2.md`), or None."""
    return _original(_DUPLICATE, name) if _MAYBE_DUPLICATE.search(name) else None


def _original(pattern: re.Pattern[str], name: str) -> str | None:
    # (a file's name: its stem and suffix as `PurePosixPath` splits it, without making one)
    dot = name.rfind(".")
    stem, suffix = (name[:dot], name[dot:]) if 0 < dot < len(name) - 1 else (name, "")
    found = pattern.match(stem)
    if found is None:
        return None
    original = f"{found.group('name')}{found.group('rest')}{suffix}"
    return original if original != name else None  # (a name that marks no copy)

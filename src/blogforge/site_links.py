"""Links (symlinks) in a site's folder that lead out of what it publishes.

A site built by a CI preview from someone's pull request, or copied from someone's starter,
may hold `content/posts/x.md -> /etc/…`, `static/env.txt -> /proc/self/environ` (the CI's
secrets) or `static/x -> ../.git/config` (the checkout's token): followed, the build put
those files on the web. As Jekyll does, a link is followed only to a regular file inside the
site folder, and not into a hidden folder of it (`.git/`, `.env`); any other is skipped,
said once at the link.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

# (realpath would put them outside any site; named anyway, for a site at `/`)
_SYSTEM_FOLDERS = (Path("/proc"), Path("/dev"), Path("/sys"))


def refused_link(path: str | Path, site_dir: Path) -> str | None:
    """The warning for the link at `path` when it leads out of the site, into a hidden folder
    of it, or to what is not a regular file; None for anything else (not a link, a link to a
    file of the site's; a link to nothing, said elsewhere)."""
    if not os.path.islink(path):
        return None
    written = os.readlink(path)
    try:
        target = Path(os.path.realpath(path, strict=True))
        mode = os.stat(target).st_mode
    except OSError:  # (a link to nothing, a loop: the loader says what it is)
        return None
    site = Path(os.path.realpath(site_dir))
    if stat.S_ISDIR(mode):
        return None  # (a link to a folder is not walked into: said where folders are)
    if not stat.S_ISREG(mode) or any(target.is_relative_to(system)
                                     for system in _SYSTEM_FOLDERS):
        return f"a link to {written}, which is not a file of the site, is not published"
    if not target.is_relative_to(site):
        return f"a link to {written} outside the site is not published"
    # (the site's own hidden files, `.git/`, `.env`, a theme's `.git/`; not static/'s
    # `.well-known/`, which is published)
    parts = target.relative_to(site).parts
    hidden = parts[0] if parts[0].startswith(".") else ".git" if ".git" in parts else None
    if hidden is not None:
        return f"a link to {written}, in the site's hidden {hidden}, is not published"
    return None

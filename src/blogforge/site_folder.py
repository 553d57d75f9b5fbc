"""Whether a folder is a blogforge site, and what to say when it is not: one message for every
command and for the engine itself (a library call, or content/ gone while `serve` runs)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

CONTENT_DIR = "content"  # the folder of posts and pages that makes a folder a site


def is_markdown_name(name: str) -> bool:
    """Whether a file's name (or a link's path) is a Markdown file's: `Old.MD` is one too, as
    Windows and macOS editors save it."""
    return name.lower().endswith((".md", ".markdown"))


def can_be_listed(folder: str | os.PathLike[str]) -> bool:
    """Whether the build may look inside a folder: list it and reach its files (a folder
    without either permission is said and skipped, its files never published unsaid)."""
    return os.access(folder, os.R_OK | os.X_OK)


def by_small_letters(names: Iterable[str]) -> dict[str, list[str]]:
    """Names grouped as Windows' and macOS' disks see them, in small letters (`Fig1.PNG` and
    `fig1.png` are one there; GitHub Pages tells them apart)."""
    grouped: dict[str, list[str]] = {}
    for name in names:
        grouped.setdefault(name.lower(), []).append(name)
    return grouped


def site_folder_problem(source: Path, command: str = "blogforge") -> str | None:
    """Why `source` is no site folder (it has no content/), or None. Run from inside a site
    (its content/posts/, as a Hexo writer often is), the message names the site's folder."""
    if (source / CONTENT_DIR).is_dir():
        return None
    if not source.is_dir():
        return (f"{source} is not a folder: run {command} in your site's folder or name it "
                "with --source")
    here = source.resolve()
    site = next((folder for folder in here.parents if (folder / CONTENT_DIR).is_dir()), None)
    if site is not None and (site / CONTENT_DIR) in [here, *here.parents]:
        way = os.path.relpath(site)
        return (f"{source} is inside the site {site}, not its top folder: cd {way} and run "
                f"{command} there, or name it with --source {way}")
    for generator, posts in (("hexo", "source/_posts"), ("jekyll", "_posts")):
        if (source / posts).is_dir():
            return (f"{source} is a {generator.capitalize()} blog ({posts}/), not a blogforge "
                    f"site: blogforge import {generator} {source} NEW-FOLDER makes one of it, "
                    "leaving this folder as it is")
    return (f"{source} has no {CONTENT_DIR}/ folder: run {command} in your site's folder or "
            "name it with --source (blogforge new site DIR starts one)")


# Where a writer's post lands outside content/: at the repository's top (GitHub's web editor
# puts an upload where the writer browsed to), or in a folder named as other generators name
# theirs; only a file with a front matter naming a title or a date is taken for a post (not a
# README).
_POST_FOLDERS = ("", "posts", "post", "_posts", "blog", "drafts", "_drafts")
_POST_KEYS = frozenset({"title", "date"})
# A repository's own pages, which GitHub shows (with a front matter for a Jekyll theme, some)
_REPOSITORY_FILES = {"README", "CHANGELOG", "LICENSE", "CONTRIBUTING", "CODE_OF_CONDUCT",
                     "SECURITY", "SUPPORT", "AUTHORS", "HISTORY", "NEWS"}


def posts_outside_content(source: Path) -> list[Path]:
    """The Markdown posts in the site's folder that are not under content/, by their path
    from it: no build reads them, and nothing said so. Their front matter in any of the forms
    a post's is read in (YAML, TOML or Hugo's JSON)."""
    found = []
    for folder in _POST_FOLDERS:
        try:
            entries = sorted(os.scandir(source / folder), key=lambda entry: entry.name)
        except OSError:  # (no such folder, mostly)
            continue
        for entry in entries:
            if not (is_markdown_name(entry.name) and entry.is_file()) \
                    or entry.name.split(".")[0].upper() in _REPOSITORY_FILES:
                continue
            try:
                with open(entry.path, "rb") as file:
                    head = file.read(4096).decode("utf-8", errors="replace")
            except OSError:
                continue
            # (here, for a file found: the front matter's reader is no part of a build's
            # first step, which this is, nor of `blogforge --help`, which imports this module)
            from blogforge.content.frontmatter import opening_front_matter

            opening = opening_front_matter(head)
            if opening is not None and _POST_KEYS.intersection(opening.keys):
                found.append(Path(folder, entry.name))
    return found


# The endings of the files posts are made of: Markdown, and a notebook under content/posts/
# (here, for the walk of content/'s folders before the loader is imported: vaults.py)
NOTEBOOK_SUFFIX = ".ipynb"
POST_SUFFIXES = (".md", ".markdown", NOTEBOOK_SUFFIX)


# The site's own folders beside content/, and what a build does without each
SITE_FOLDERS = {
    "static": "nothing of it is published (the site's own stylesheets, pictures and CNAME go "
              "in that folder)",
    "templates": "the theme's templates are used (the site's own go in that folder)",
    "i18n": "the theme's strings are used (the site's own, i18n/zh.yaml…, go in that folder)",
}


def files_for_folders(source: Path) -> list[tuple[str, str]]:
    """The site's folders (`SITE_FOLDERS`) that are there as something else, with what it is
    ("a file", "a link to nothing"): a build read nothing of them and said nothing (of
    static/, only that its stylesheet, linked by every page, was missing). (What each is
    goes into the build's inputs with its name: a file made a broken link is said anew.)"""
    found = []
    for name in SITE_FOLDERS:
        path = source / name
        if os.path.lexists(path) and not path.is_dir():
            found.append((name, "a file" if path.is_file() else
                          "a link to nothing" if path.is_symlink() else "no folder"))
    return found


# The endings of the site's own files a build finds by their names, in its folders of them:
# strings (i18n/en.yaml) and templates (templates/partials/footer.html)
NAMED_FILES = {"i18n": (".yaml",), "templates": (".html", ".htm", ".xml")}


def folders_for_files(source: Path) -> list[str]:
    """The folders named as the site's files of strings or templates are (`NAMED_FILES`),
    by their path from the site folder (`i18n/en.yaml`, `templates/partials/footer.html`): a
    build read them as none, and said nothing, the theme's strings or template used instead.
    (An empty one is no file of the build's inputs: they go in by their names, for a folder
    made or removed to be said anew.)"""
    found = []
    for name, endings in NAMED_FILES.items():
        for folder, folders, _ in os.walk(source / name):
            named = [each for each in sorted(folders) if each.lower().endswith(endings)]
            found += [Path(folder, each).relative_to(source).as_posix() for each in named]
            # (strings are read from i18n/ itself, not from below it; what such a folder
            # holds is said with it)
            folders[:] = [] if name == "i18n" else sorted(
                each for each in folders if not each.startswith(".") and each not in named)
    return sorted(found)


def why_not_writable(folder: Path) -> str | None:
    """Why this process may not make files in `folder`, an existing folder, said after its name
    ("is on a read-only file system"); None when it may, or when that cannot be told (the
    write itself then says why). Asked before a build writes: a folder on a read-only mount,
    another user's or one without write permission was found out only by the write."""
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "is on a read-only file system"
        if os.access(folder, os.W_OK | os.X_OK, effective_ids=True):
            return None
        owner = folder.stat().st_uid
    except OSError:
        return None
    if owner != os.geteuid():
        return f"is another user's ({_user_name(owner)}'s), not writable by you"
    return "has no write permission for you"


IS_A_FILE = "is a file, not a folder"


def first_in_the_way(places: Iterable[Path]) -> tuple[Path, str] | None:
    """The first of `places` (a path and its parents, nearest first) that is there, and why
    nothing can be made in it: a file where a folder of the path should be (`notes.txt/blog`:
    "Not a directory" or "File exists" named no file), a folder not writable
    (`why_not_writable`); None when a folder can be made there."""
    for place in places:
        if place.is_dir():
            why = why_not_writable(place)
            return (place, why) if why else None
        if os.path.lexists(place):
            return place, IS_A_FILE
    return None


def why_not_made(folder: Path, error: OSError) -> str:
    """Why `folder` (a new site's, an import's) could not be made or written in
    (`first_in_the_way`), else the system's word."""
    blocked = first_in_the_way((folder, *folder.parents))
    return f"{blocked[0]} {blocked[1]}" if blocked else error.strerror or str(error)


def _user_name(uid: int) -> str:
    import pwd

    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"user {uid}"

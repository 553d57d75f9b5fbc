"""Obsidian vaults in a site: where their folders and templates are. Read by every build's
first step, for the digest of its inputs (engine.py), which imports none of the loader."""

from __future__ import annotations

import json
import os
from pathlib import Path

from blogforge.site_folder import CONTENT_DIR, POST_SUFFIXES


def vault_folders(site_dir: Path) -> tuple[str, ...]:
    """The folders below content/ that hold an Obsidian vault's `.obsidian/` (content/'s
    paths, `posts/notes`): a vault copied into content/posts/ was read as posts of a blog, its
    templates stopping the build and its notes' other names made redirect pages at the site's
    root. (Folders whose names start with `.` or `_` are not looked in: nothing there is
    published.)"""
    return content_folders(site_dir)[0]


def content_folders(site_dir: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`vault_folders`, and the folders below content/ named as a post's file is (`lora.md/`,
    which the loader says of), of one walk of content/'s folders: no file of an empty one is
    digested, so one made or removed changes the build's inputs by its name alone."""
    content = site_dir / CONTENT_DIR
    found: list[str] = []
    named_as_posts: list[str] = []
    below = [content]
    while below:
        folder = below.pop()
        try:
            with os.scandir(folder) as entries:
                folders = [entry for entry in entries
                           if entry.is_dir(follow_symlinks=False)]
        except OSError:
            continue
        if folder != content and any(entry.name == ".obsidian" for entry in folders):
            found.append(folder.relative_to(content).as_posix())
        folders = [entry for entry in folders if not entry.name.startswith((".", "_"))]
        named_as_posts += [os.path.relpath(entry.path, content) for entry in folders
                           if entry.name.lower().endswith(POST_SUFFIXES)]
        below += [Path(entry.path) for entry in folders]
    return tuple(sorted(found)), tuple(sorted(named_as_posts))


def vault_templates(site_dir: Path, vaults: tuple[str, ...]) -> tuple[str, ...]:
    """The folders of content/ an Obsidian vault keeps its templates in (the core Templates
    plugin's `templates.json`, Templater's settings): a template's `title: {{title}}` stopped
    the build as broken YAML, and an empty one would be a post. The vault is the site, its
    content/, or a folder of content/ (`vaults`, as `vault_folders` finds them)."""
    found = []
    inner = [(site_dir / CONTENT_DIR / folder, "", folder + "/") for folder in vaults]
    for vault, below, within in ((site_dir / CONTENT_DIR, "", ""),
                                 (site_dir, CONTENT_DIR + "/", ""), *inner):
        settings = vault / ".obsidian"
        for file, key in ((settings / "templates.json", "folder"),
                          (settings / "plugins/templater-obsidian/data.json", "templates_folder")):
            try:
                folder = json.loads(file.read_text(encoding="utf-8")).get(key)
            except (OSError, ValueError, AttributeError):
                continue
            folder = folder.strip("/") if isinstance(folder, str) else ""
            if folder and folder.startswith(below):
                found.append(within + folder[len(below):])
    return tuple(dict.fromkeys(found))


def is_obsidian_vault(site_dir: Path) -> bool:
    """Whether the site, or its content/, is an Obsidian vault (Obsidian keeps its settings in
    `.obsidian/` at a vault's top)."""
    return (site_dir / ".obsidian").is_dir() or (site_dir / CONTENT_DIR / ".obsidian").is_dir()

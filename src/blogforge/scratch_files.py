"""Editors' and tools' temporary files: vim's `.name.swp` and `name~`, Emacs's `#name#`,
JetBrains' `name___jb_tmp___`, macOS's `.DS_Store`, Windows' `desktop.ini`. A leaf module:
the watcher does not rebuild for them, the renderer does not take one in `templates/` for a
template, and the build neither reads nor publishes one in `content/` or `static/`."""

from __future__ import annotations

from pathlib import Path

_DRIVE_POINTERS = (".gdoc", ".gsheet", ".gslides", ".gdraw", ".gform", ".gmap", ".gsite",
                   ".gjam", ".gtable", ".gscript", ".glink", ".gnote", ".gshortcut")


def is_scratch(name: str) -> bool:
    """Whether a file of this name is an editor's or a tool's, or hidden: no part of the site's
    sources (templates, strings) and nothing to rebuild for."""
    return name.startswith(".") or is_editor_file(name)


def is_editor_file(name: str) -> bool:
    """Whether a file of this name is an editor's or a tool's copy, lock or probe: never
    published, even from content/ or static/, where other hidden files are (`.well-known/`).
    Emacs keeps `name~` of every file it saves, and a draft's backup is the draft's text; a
    swap file (vim's `.name.swp`, `.swo` when a second vim has it open, Kate's
    `.name.kate-swp`) holds the text, the writer's name and the file's path;
    Typora and others keep `name.bak`, merges leave `name.orig`, Office locks `~$name`;
    macOS writes `._name` beside every file on a drive it does not format itself (exFAT, a
    network share) and `Icon\r` for a folder's icon, KDE's file manager `.directory`. Google
    Drive for desktop stands a `.gdoc`, `.gsheet`, `.gshortcut`… in for a document kept in
    the account: a few bytes of JSON naming the account's email, no work of the writer's."""
    return (name.startswith((".#", "~$", "._", ".~lock.", ".goutputstream-"))
            # (.~lock.: LibreOffice's; .goutputstream-: gedit's and GNOME's save under way)
            # (Emacs's auto-save is `#name#`, closed by its `#`: a note Typora named after its
            # heading, `# 卷积.md`, is the writer's own)
            or (name.startswith("#") and name.endswith("#") and len(name) > 1)
            or name.endswith(("~", ".swp", ".swx", ".tmp", ".bak", ".orig"))
            # vim's swap of a file open in a second and third vim, and Kate's
            or name.endswith((".swo", ".swn", ".kate-swp"))
            or name.lower().endswith(_DRIVE_POINTERS)
            or "___jb_" in name or name in ("4913", ".DS_Store", ".directory", "Icon\r")
            # (Windows Explorer's and Media Center's, in any case)
            or name.lower() in ("thumbs.db", "desktop.ini", "ehthumbs.db", "ehthumbs_vista.db"))


def site_files(folder: Path) -> list[Path]:
    """The files of a site's folder (`templates/`), without the editors' and tools' files
    beside them (vim's `.post.html.swp` while the template is open, `.DS_Store`) or in hidden
    folders: those are no part of the site, and a binary one would be reported as a template
    that is not UTF-8."""
    if not folder.is_dir():
        return []
    return [path for path in sorted(folder.rglob("*"))
            if path.is_file() and not is_scratch(path.name)
            and not any(part.startswith(".") for part in path.relative_to(folder).parts)]

"""The folders a blog's settings name (Hexo's `source_dir` and `theme`, Hugo's `contentDir`),
kept inside the blog's own folder: a repository imported from someone else could otherwise
name `/home/you` or `../..`, and the import would copy the files there into the new site."""

from __future__ import annotations

from pathlib import Path

from blogforge.importer import ImportFailure


def folder_inside(src: Path, written: str, where: str, below: str = "") -> Path:
    """`src / below / written`, the folder a setting names (`below`: where the generator looks
    for it, `themes` for a theme's name); refused (ImportFailure, said at `where`,
    `_config.yml:4 (source_dir)`) when it is absolute, climbs out with `..`, or is a link to a
    folder outside `src`."""
    folder = src / below / written
    resolved = folder.resolve()
    if not resolved.is_relative_to(src.resolve()):
        shown = "" if resolved == Path(written) else f" ({resolved})"
        raise ImportFailure(f"{src / where}: `{written}` is outside {src}{shown}: the import "
                            "reads only the blog's own folder; name a folder inside it, or "
                            "leave the setting out")
    return folder

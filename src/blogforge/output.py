"""Safe output: the site is written to a staging folder beside the output and swapped in only
when the build succeeded, so a failed build leaves the previous output untouched and files of
earlier builds never linger.

blogforge only replaces an output folder it made itself (it leaves a marker file there), and
refuses folders whose loss would hurt: the site folder itself, anything containing it, content/,
the home folder, the file-system root.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

MARKER = ".blogforge-output"
THEME_ORIGIN = "the theme"  # files a site may replace with its own


def _file_of(site_path: str) -> str:
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
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise OutputError(f"{out} already holds files that blogforge did not write; "
                          "empty it or choose another --output")


class StagedOutput:
    """Files are written below a staging folder; `commit` swaps it in for the output."""

    def __init__(self, output: Path) -> None:
        self.output = output
        output.parent.mkdir(parents=True, exist_ok=True)
        self.stage = output.parent / f".{output.name}.blogforge-staging-{os.getpid()}"
        if self.stage.exists():
            shutil.rmtree(self.stage)
        self.stage.mkdir()
        self.origins: dict[str, str] = {}  # file written -> what wrote it
        self.clashes: list[tuple[str, str, str]] = []  # (file, first origin, second origin)

    def target(self, site_path: str) -> Path:
        """The file for a site path; "posts/a/" means "posts/a/index.html"."""
        path = (self.stage / _file_of(site_path)).resolve()
        if self.stage.resolve() not in path.parents:  # `..` in a slug must not escape
            raise OutputError(f"refusing to write {site_path!r} outside the output folder")
        return path

    def write(self, site_path: str, data: str | bytes,
              origin: str = "blogforge's own output") -> None:
        path = self._claim(site_path, origin)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    def copy(self, source: Path, site_path: str, origin: str) -> None:
        shutil.copyfile(source, self._claim(site_path, origin))

    def _claim(self, site_path: str, origin: str) -> Path:
        """Record who writes a file; only the theme's own static files may be replaced."""
        rel = _file_of(site_path)
        previous = self.origins.get(rel)
        if previous is not None and previous != THEME_ORIGIN:
            self.clashes.append((rel, previous, origin))
        self.origins[rel] = origin
        path = self.target(site_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def commit(self) -> None:
        (self.stage / MARKER).write_text("This folder is written by `blogforge build`; "
                                         "it is replaced on every build.\n", encoding="utf-8")
        previous = self.output.parent / f".{self.output.name}.blogforge-previous-{os.getpid()}"
        if self.output.exists():
            os.replace(self.output, previous)
        os.replace(self.stage, self.output)
        if previous.exists():
            shutil.rmtree(previous)

    def discard(self) -> None:
        shutil.rmtree(self.stage, ignore_errors=True)

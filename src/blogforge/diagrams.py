"""Mermaid's script, published with the sites whose posts draw diagrams (```mermaid fences).

A page with a diagram shows its source (markdown/diagrams.py); the theme's js/diagrams.js
loads Mermaid when a diagram comes near the screen and draws it over its source. The script
is Mermaid's official npm package of one pinned version, had as KaTeX's files are
(npm_package.py: the npm registry or its mirror, the pinned sha512, the user's cache), and
published under `mermaid/VERSION/` only when some page has a diagram: its ES module build,
`mermaid.esm.min.mjs` (31 KB) and the chunks it imports as a diagram needs them (a flowchart
and a sequence diagram fetch about 1 MB, 280 KB compressed), rather than the 5.5 MB
`mermaid.min.js` every page would load whole.

When the package cannot be had (no network on a first build), the build says so once, at
the first diagram, and goes on: the pages show every diagram as its source, as without
JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from blogforge.diagnostics import Diagnostics, counted
from blogforge.npm_package import (
    MANIFEST,
    Fetch,
    NpmPackage,
    PackageError,
    cache_root,
    download,
    fetch_checked,
    manifest,
    store,
    unpack,
)
from blogforge.output import THEME_ORIGIN, StagedOutput
from blogforge.text import compiled_when_used
from blogforge.urls import UrlBuilder

# `npm view mermaid@12.3.0 dist.integrity`
MERMAID = NpmPackage("mermaid", "12.3.0", "sha512-4113TdXeLAsMruJ79OpFL5O8+LTFXhQqZ260rF3tgUm"
                     "iNAtRm4Uume04I+65PRN6yZ69J4f8rVYWW8zRk65UYw==")
MODULE = "mermaid.esm.min.mjs"  # what js/diagrams.js imports; it imports its chunks itself
# The module, its chunks (kept as the module names them: `chunks/mermaid.esm.min/x.mjs`) and
# the licence; not the source maps, the unminified builds nor the 5.5 MB UMD bundle.
_WANTED = compiled_when_used(r"package/(LICENSE)"
                             r"|package/dist/(mermaid\.esm\.min\.mjs|chunks/mermaid\.esm\.min/[\w.-]+\.mjs)")


@dataclass
class DiagramAssets:
    """What pages with a diagram load, and the files published for them."""

    script: str | None = None  # the URL of Mermaid's module; None: diagrams show their source
    # site path -> (the cached file, the digest of its bytes as output.py digests them)
    files: dict[str, tuple[Path, str]] = field(default_factory=dict)

    def publish(self, stage: StagedOutput) -> None:
        for site_path, (source, known) in self.files.items():
            stage.copy(source, site_path, THEME_ORIGIN, known)


def prepare(enabled: bool, diagrams: list[tuple[Path, int]], urls: UrlBuilder,
            diagnostics: Diagnostics, *, root: Path | None = None,
            fetch: Fetch | None = None) -> DiagramAssets:
    """Mermaid's files for a site whose pages have `diagrams` (each page's first: its file and
    line); nothing for a site without any, which fetches nothing."""
    if not enabled or not diagrams:
        return DiagramAssets()
    package = MERMAID
    folder = (root or cache_root(package.name)) / package.version
    try:
        kept = obtain(package, folder, fetch or download)
    except PackageError as exc:
        source, line = diagrams[0]
        others = (f" and those of {counted(len(diagrams) - 1, 'more page')}"
                  if len(diagrams) > 1 else "")
        diagnostics.warning(
            f"Mermaid's script (mermaid {package.version}) is not available: {exc}. This "
            f"build shows this page's diagrams{others} as their source. Build once with "
            f"access to the npm registry (the files are then kept in {folder}), or set "
            "`diagrams: {mermaid: false}` in site.yaml to show every diagram as its source",
            source, line)
        return DiagramAssets()
    published = f"mermaid/{package.version}/"
    # (output.py's digest: the first 128 bits of the SHA-256 the manifest holds)
    files = {published + name: (folder / name, sha256[:32]) for name, sha256 in kept.items()}
    return DiagramAssets(urls.path(published + MODULE), files)


def obtain(package: NpmPackage, folder: Path, fetch: Fetch) -> dict[str, str]:
    """The package's files kept in `folder` (name -> SHA-256), checked whole; fetched and
    kept there first when they are not."""
    kept = manifest(folder)
    if kept is None:
        files = unpack(fetch_checked(package, fetch), _WANTED(), package.name)
        if MODULE not in files or "LICENSE" not in files:
            raise PackageError(f"the {package.name} package holds no dist/{MODULE} or LICENSE")
        store(folder, files)
        kept = manifest(folder)
        if kept is None:
            raise PackageError(f"the files kept in {folder} could not be read back")
    return kept


def mermaid_cache_state() -> str:
    """Whether this machine has Mermaid's files, for the build's "nothing changed" check: a
    first build offline is made again once the files can be had."""
    have = (cache_root(MERMAID.name) / MERMAID.version / MANIFEST).is_file()
    return f"mermaid {MERMAID.version} {'cached' if have else 'missing'}"

"""KaTeX's stylesheet and fonts, published with the site (`math.assets: self`, the default).

Readers' browsers then ask no other host for anything: a math page loads
`katex/VERSION/katex.min.css` and the WOFF2 fonts its formulas use, all from the site.

Where the files come from: the official `katex` npm package of exactly the KaTeX version inside
pykatex (the renderer), so the stylesheet always matches the HTML it styles. It is fetched from
the npm registry (`NPM_CONFIG_REGISTRY` names a mirror) at most once per machine, checked against
the sha512 pinned in `settings.KATEX_RELEASES` before anything in it is read, and the few files
we need are kept in `$XDG_CACHE_HOME/blogforge/katex/VERSION/` (`~/.cache/...`), outside any
site (npm_package.py, which Mermaid's script is had by too). Nothing of KaTeX's is committed to
this repository and `pip install blogforge` stays the only install step.

When the files cannot be had (no network on a first build), the build says so once and goes on:
pages link only our own math.css, which shows the browser's MathML rendering of every formula
(see math.css), so formulas still appear, once each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostics
from ..npm_package import MANIFEST, Fetch, NpmPackage, cache_root, fetch_checked, intact, unpack
from ..npm_package import PackageError as AssetError
from ..npm_package import download as download
from ..npm_package import store as store
from ..output import THEME_ORIGIN, StagedOutput
from ..urls import UrlBuilder
from .settings import KatexRelease, MathSettings, katex_release

SCRIPT = "katex.min.js"  # not published: the pool's workers run it in V8 (v8.py)
# The fonts nearly every formula uses (upright text and digits, italic variables): preloaded so
# the first paint of a formula is already in KaTeX's fonts.
PRELOADED_FONTS = ("KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2")
_FONT_FACE = re.compile(r"@font-face\{([^}]*)\}")
_WOFF2_SRC = re.compile(r"src:(url\([^)]*\.woff2\) format\(\"woff2\"\))[^;}]*")
# Appended to KaTeX's stylesheet: shows KaTeX's HTML, which math.css hides until this file has
# arrived (and lets math.css lay out numbered rows). Being in the same file, it can never apply
# without KaTeX's own rules.
SHOW_KATEX_HTML = ".katex .katex-html{display:inline}.katex{--katex-tag-row:flex}"


@dataclass(frozen=True)
class KatexFiles:
    """The official files of one KaTeX version, checked, in the cache."""

    version: str
    folder: Path

    @property
    def fonts(self) -> list[Path]:
        return sorted((self.folder / "fonts").glob("*.woff2"))

    def stylesheet(self) -> str:
        return publishable_css((self.folder / "katex.min.css").read_text(encoding="utf-8"),
                               self.version)


@dataclass
class MathAssets:
    """What pages link for math and which files go into the output with them."""

    stylesheet: dict[str, Any] | None  # for templates: url, integrity, cdn, preload
    files: dict[str, Path | str] = field(default_factory=dict)  # site path -> source or text

    def publish(self, stage: StagedOutput) -> None:
        for site_path, content in self.files.items():
            if isinstance(content, Path):
                stage.copy(content, site_path, THEME_ORIGIN)
            else:
                stage.write(site_path, content, THEME_ORIGIN)


def prepare(settings: MathSettings, needed: bool, urls: UrlBuilder, diagnostics: Diagnostics,
            *, cache_root: Path | None = None, fetch: Fetch | None = None) -> MathAssets:
    """The math stylesheet for the site's pages; with `assets: self`, KaTeX's files too."""
    if settings.output == "mathml":
        return MathAssets(_stylesheet(None))
    if settings.assets == "cdn":
        return MathAssets(_stylesheet(settings.stylesheet_url, settings.stylesheet_integrity,
                                      cdn=True))
    if not needed:  # no formula anywhere: no KaTeX files, and no reason to fetch them
        return MathAssets(_stylesheet(None))
    release = katex_release()
    try:
        katex = obtain(release, cache_root or default_cache_root(), fetch or download)
    except AssetError as exc:
        diagnostics.warning(
            f"KaTeX's stylesheet and fonts (katex {release.version}) are not available: {exc}. "
            "This build shows formulas as MathML drawn by the reader's browser (unreadable in "
            "Chrome before 109: older WeChat, QQ and UC in-app browsers). Build once "
            "with access to the npm registry (the files are then kept in "
            f"{default_cache_root() / release.version}), or set `math.assets: cdn`")
        return MathAssets(_stylesheet(None))
    folder = f"katex/{katex.version}/"
    files: dict[str, Path | str] = {folder + "katex.min.css": katex.stylesheet(),
                                    folder + "LICENSE": katex.folder / "LICENSE"}
    files.update({f"{folder}fonts/{font.name}": font for font in katex.fonts})
    preload = [urls.path(f"{folder}fonts/{name}") for name in PRELOADED_FONTS
               if f"{folder}fonts/{name}" in files]
    return MathAssets(_stylesheet(urls.path(folder + "katex.min.css"), preload=preload), files)


def _stylesheet(url: str | None, integrity: str | None = None, *, cdn: bool = False,
                preload: list[str] | None = None) -> dict[str, Any]:
    return {"url": url, "integrity": integrity, "cdn": cdn, "preload": preload or []}


# --- the files: cache, fetch, check, extract ---------------------------------------------------


def default_cache_root() -> Path:
    return cache_root("katex")


def katex_cache_state() -> str:
    """Whether this machine has KaTeX's files, for the build's "nothing changed" check."""
    version = katex_release().version
    have = (default_cache_root() / version / MANIFEST).is_file()
    return f"katex {version} {'cached' if have else 'missing'}"


def tarball_url(version: str) -> str:
    return NpmPackage("katex", version, "").tarball_url()


def cached_script() -> str | None:
    """KaTeX's script of the renderer's version, when this machine's cache holds it whole."""
    folder = default_cache_root() / katex_release().version
    if not intact(folder):
        return None
    try:
        return (folder / SCRIPT).read_text(encoding="utf-8")
    except (OSError, ValueError):  # (a folder extracted before the script was kept)
        return None


def obtain(release: KatexRelease, cache_root: Path, fetch: Fetch) -> KatexFiles:
    """The checked files of `release` from the cache; fetched and extracted if missing there.
    A folder extracted before the script was kept is fetched again, and still used if that
    fails (its stylesheet and fonts are whole)."""
    folder = cache_root / release.version
    if intact(folder):
        if (folder / SCRIPT).is_file():
            return KatexFiles(release.version, folder)
        try:
            return _fetch(release, folder, fetch)
        except AssetError:
            return KatexFiles(release.version, folder)
    return _fetch(release, folder, fetch)


def _fetch(release: KatexRelease, folder: Path, fetch: Fetch) -> KatexFiles:
    data = fetch_checked(NpmPackage("katex", release.version, release.tarball_integrity), fetch)
    _extract(data, folder)
    return KatexFiles(release.version, folder)


# (kept without the "dist/": `katex.min.css`, `fonts/KaTeX_Main-Regular.woff2`)
_WANTED = re.compile(r"package/(LICENSE)"
                     r"|package/dist/(katex\.min\.(?:css|js)|fonts/[\w-]+\.woff2)")


def _extract(tarball: bytes, folder: Path) -> None:
    files = unpack(tarball, _WANTED, "katex")
    if not {"katex.min.css", SCRIPT} <= files.keys() or not any(n.startswith("fonts/")
                                                               for n in files):
        raise AssetError("the katex package holds no dist/katex.min.css, katex.min.js or fonts")
    store(folder, files)


def publishable_css(css: str, version: str) -> str:
    """KaTeX's stylesheet as we publish it: fonts swap in, WOFF2 only, KaTeX's HTML shown.

    `font-display: swap` draws formulas at once in a fallback font and swaps KaTeX's in when it
    arrives (KaTeX's default blocks text for up to 3 s). Every browser that runs KaTeX's CSS
    reads WOFF2, so the WOFF and TTF copies are neither referenced nor published.
    """

    def font_face(match: re.Match[str]) -> str:
        body = _WOFF2_SRC.sub(r"src:\1", match.group(1))
        return "@font-face{font-display:swap;" + body + "}"

    header = (f"/* KaTeX {version} dist/katex.min.css (MIT licence, see LICENSE beside this "
              "file), published by blogforge with font-display: swap, WOFF2 fonts only, and "
              "rules at the end that show KaTeX's HTML (see blogforge's math.css) */\n")
    return header + _FONT_FACE.sub(font_face, css) + "\n" + SHOW_KATEX_HTML + "\n"

"""Images that do not shift the page: `width`/`height` read from the file, lazy loading.

Every local image (beside the post, in `static/` or under `content/`) gets the `width` and
`height` of its file, so the browser reserves its box before the file arrives; attributes the
writer set (`![](a.png){width=300}`) win. Every image after the first is `loading="lazy"`: the
first is usually on the first screen, the others rarely are.

Sizes come from `imagesize`, which reads only the header of PNG, JPEG, GIF, WebP and SVG files.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

# Images a body refers to, found before parsing, for the build cache's key.
_IMAGE_REF = re.compile(r"!\[[^\]\n]*\]\(\s*<?([^)\s>]+)")
_VIEWBOX = re.compile(rb"<svg\b[^>]*?\bviewBox\s*=\s*[\"']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+"
                      rb"([\d.]+)[\s,]+([\d.]+)", re.IGNORECASE)


@dataclass
class ImageContext:
    """What the image rule needs to find a post's local images and their sizes."""

    site_dir: Path
    post_dir: Path  # the folder of the post's file, relative to site_dir
    bundle_dir: str | None = None  # its bundle's folder, relative to site_dir ("content/posts/a")
    sizes: dict[Path, tuple[int, int] | None] = field(default_factory=dict)


def images_plugin(md: MarkdownIt) -> None:
    """Use before `links_plugin`: it reads each `src` as written, before the base path is added."""
    md.core.ruler.push("image_sizes", _size_images)


def _size_images(state: StateCore) -> None:
    context: ImageContext | None = state.env.get("images")
    first = True
    for block in state.tokens:
        for token in block.children or ():
            if token.type != "image":
                continue
            if not first:
                token.attrSet("loading", "lazy")
            token.attrSet("decoding", "async")
            first = False
            if context is None or token.attrGet("width") or token.attrGet("height"):
                continue
            size = _size_of(str(token.attrGet("src") or ""), context)
            if size:
                token.attrSet("width", str(size[0]))
                token.attrSet("height", str(size[1]))


def image_stamp(body: str, post_dir: str, files: Mapping[str, str],
                bundle_dir: str | None = None) -> str:
    """What the sizes in a rendered body depend on: the digest of each local image it names,
    so a cached body is rendered again when one of its images is replaced. `files` holds the
    digest of every file under content/ and static/ ("static/a.png"), from the build's walk;
    `post_dir` is the folder of the post's file ("content/posts"), `bundle_dir` that of its
    bundle ("content/posts/a", also for Hexo's asset folder beside `a.md`)."""
    stamps = []
    for url in sorted(set(_IMAGE_REF.findall(body))):
        for file in _candidate_names(url, post_dir, bundle_dir):
            found = files.get(file)
            if found is not None:
                stamps.append(f"{file}:{found}")
                break
    return "|".join(stamps)


def _candidate_names(url: str, post_dir: str, bundle_dir: str | None) -> list[str]:
    """Where a local image may be, relative to the site folder ("static/a.png"); none for a
    remote one. A relative URL names a file of the post's bundle first (it is published
    where that URL leads: see links.py), else one beside the post's file."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return []
    path = unquote(parts.path)
    if path.startswith("/"):
        path = path.lstrip("/")
        return [posixpath.normpath(f"static/{path}"), posixpath.normpath(f"content/{path}")]
    folders = dict.fromkeys(folder for folder in (bundle_dir, post_dir) if folder is not None)
    return [posixpath.normpath(f"{folder}/{path}") for folder in folders]


def _size_of(url: str, context: ImageContext) -> tuple[int, int] | None:
    """The size of a local image; None for remote and missing ones (the link checker reports
    those)."""
    for candidate in _candidate_names(url, context.post_dir.as_posix(), context.bundle_dir):
        file = context.site_dir / candidate
        if file.is_file():
            if file not in context.sizes:
                context.sizes[file] = read_size(file)
            return context.sizes[file]
    return None


def read_size(file: Path) -> tuple[int, int] | None:
    """(width, height) in CSS pixels, or None for a file whose size cannot be read."""
    import imagesize  # (with urllib and email under it: 10 ms of start-up, for local images only)

    try:
        width, height = imagesize.get(file)
    except (OSError, ValueError):
        return None
    if (width <= 0 or height <= 0) and file.suffix.lower() == ".svg":
        # An SVG sized only by its viewBox: its aspect ratio is what prevents the shift.
        match = _VIEWBOX.search(file.read_bytes()[:4096])
        if match:
            width, height = float(match.group(1)), float(match.group(2))
    if width <= 0 or height <= 0:
        return None
    return round(width), round(height)

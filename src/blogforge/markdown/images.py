"""Images that do not shift the page: `width`/`height` read from the file, lazy loading.

Every local image (beside the post, in `static/` or under `content/`) gets the `width` and
`height` of its file, so the browser reserves its box before the file arrives; attributes the
writer set (`![](a.png){width=300}`) win, and the one they leave out is the file's shape
at that size. Every image after the first is `loading="lazy"`: the first is usually on the
first screen, the others rarely are. Raw HTML's `<img>` tags get the same (Typora writes one for
a picture it shows resized), their written attributes kept as they are.

Sizes come from `imagesize`, which reads only the header of PNG, JPEG, GIF and WebP files, and
an SVG's from its root element.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

from blogforge.markdown.unclosed import children_with_lines
from blogforge.site_folder import by_small_letters
from blogforge.text import compiled_when_used, composed
from blogforge.urls import split_url

# Images a body refers to, found before parsing, for the build cache's key: Markdown's, and
# raw HTML's `<img src=…>` (Typora writes one for a picture it shows resized)
# (two patterns, each looked for only in a body holding its opening: one pattern of both,
# case-folded throughout, was 35 ms of a one-post edit at 1,000 posts, these 8)
# (A description holds brackets one deep, `![图 [1]](a.png)`, and a tag no `<`: read from each
# `![` or `<img` to the line's or the body's end, a line of `![[![[…` took seconds)
# (its path in `<…>`, or as written up to a title: Typora writes `VAE 笔记.assets/a.png`
# with its spaces, which links.py shows when the file is there)
_MARKDOWN_IMAGE_URL = re.compile(
    r"!\[[^\[\]\n]*(?:\[[^\[\]\n]*\][^\[\]\n]*)*\]\(\s*"
    r"(?:<([^>\n]+)>|([^()\s<>\"']+(?: +[^()\s<>\"']+)*))")
_RAW_IMAGE_URL = re.compile(r"<(?i:img)\b[^<>]*?\s(?i:src)\s*=\s*[\"']?([^\"'\s>]+)")
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
# A raw `<img>` start tag, and its attributes
RAW_IMG = re.compile(r"""<img\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)
_SRC = compiled_when_used(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_RAW_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
# A URL that `split_url` reads as a path alone, which `unquote` leaves as it is: no scheme or
# host (no `:`, no leading `//`), query, fragment or escape, nothing it strips or drops (space
# and controls before it, tabs and line breaks in it). Every picture of a thousand-post blog
# was split and unquoted at each build for its body's key: 2.0 ms of a one-post edit, 0.8 now.
_PLAIN_PATH = re.compile(r"(?!//)[^\x00-\x20:?#%][^\t\r\n:?#%]*")
# An SVG's size is its root element's: not the first `width=` in the file (a shape's, one in
# a comment above it), as image-size readers take it.
_XML_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_SVG_ROOT = re.compile(rb"<svg\b([^>]*)>", re.IGNORECASE)
_VIEWBOX = re.compile(rb"\bviewBox\s*=\s*[\"']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+"
                      rb"([\d.]+)", re.IGNORECASE)
_CSS_PIXELS = {b"": 1, b"px": 1, b"pt": 4 / 3, b"pc": 16, b"mm": 96 / 25.4, b"cm": 96 / 2.54,
               b"in": 96}  # (a % or an em is no size of its own)


@dataclass
class ImageContext:
    """What the image rule needs to find a post's local images and their sizes."""

    site_dir: Path
    post_dir: Path  # the folder of the post's file, relative to site_dir
    bundle_dir: str | None = None  # its bundle's folder, relative to site_dir ("content/posts/a")
    sizes: dict[Path, tuple[int, int] | None] = field(default_factory=dict)
    # each file's name from the site folder, composed -> as the disk keeps it, where the two
    # differ (`names_on_disk`)
    on_disk: Mapping[str, str] = field(default_factory=dict)
    # the files under content/ by their names in small letters (`names_in_small_letters`)
    in_small_letters: Mapping[str, str] = field(default_factory=dict)


def names_on_disk(names: Iterable[str]) -> dict[str, str]:
    """Names from the site folder that the disk keeps decomposed (macOS's, a checkout of
    one), by their composed form, which a link typed on any keyboard names (`composed`)."""
    return {whole: name for name in names if (whole := composed(name)) != name}


def name_on_disk(name: str, on_disk: Mapping[str, str]) -> str:
    """A file's name from the site folder as the disk keeps it, written in either form."""
    return on_disk.get(composed(name), name) if on_disk else name


def names_in_small_letters(names: Iterable[str]) -> dict[str, str]:
    """The files under content/ (names from the site folder) by their composed names in small
    letters -> the one file so named ("" for several): an image named in other capitals
    (`fig1.png` for `Fig1.PNG`) is followed by links.py, so it is sized as the file it shows."""
    return {folded: found[0] if len(found) == 1 else "" for folded, found in by_small_letters(
        composed(name) for name in names if name.startswith("content/")).items()}


def _followed_in_other_capitals(url: str, in_small_letters: Mapping[str, str] | None
                                ) -> Mapping[str, str]:
    """`in_small_letters` for a relative URL, which links.py follows to a file in other
    capitals; none for one from the site's root, which it only names in its warning."""
    return (in_small_letters or {}) if not url.startswith("/") else {}


def _file_of(candidates: list[str], exists: Callable[[str], bool],
             on_disk: Mapping[str, str], in_small_letters: Mapping[str, str]) -> str | None:
    """The first candidate name (`_candidate_names`) that is a file, as the disk names it;
    else the one file under content/ that a candidate names in other capitals."""
    for candidate in candidates:
        # (composed first: a link pasted decomposed names the file the disk holds composed,
        # as links find it, or decomposed, as `on_disk` knows it by its composed name)
        file = name_on_disk(composed(candidate), on_disk)
        if exists(file):
            return file
    for candidate in candidates:
        twin = in_small_letters.get(composed(candidate).lower())
        if twin and exists(file := name_on_disk(twin, on_disk)):
            return file
    return None


def images_plugin(md: MarkdownIt) -> None:
    """Use before `links_plugin`: it reads each `src` as written, before the base path is added."""
    md.core.ruler.push("image_sizes", _size_images)


# What a picture is among an inline token's children: Markdown's, or raw HTML's `<img>`
_PICTURE_TYPES = frozenset({"image", "html_inline"})


def _size_images(state: StateCore) -> None:
    context: ImageContext | None = state.env.get("images")
    page = state.env.get("page")
    # (a feed's rendering repeats no warning)
    warn = page.warn if page is not None and not page.feed else None
    first = True
    for block in state.tokens:
        line = block.map[0] + 1 if block.map else 1
        if block.type == "html_block" and "<img" in block.content.lower():
            block.content, first = _sized_raw_images(block.content, context, first, warn, line)
        # (each child's line is counted only in a block that holds a picture: counting them
        # in every paragraph was 1.5% of a cold build's CPU; and the blocks without children,
        # two in three, are passed by before any test of them is made)
        children = block.children
        if not children or _PICTURE_TYPES.isdisjoint([child.type for child in children]):
            continue
        for token, token_line in children_with_lines(block, line):
            if token.type == "html_inline" and token.content[:4].lower() == "<img":
                token.content, first = _sized_raw_images(token.content, context, first, warn,
                                                         token_line)
                continue
            if token.type != "image":
                continue
            src = str(token.attrGet("src") or "")
            if warn is not None and _is_heic(src):
                warn(_heic(src), token_line)
            attrs = _sized({name: str(value) for name, value in token.attrs.items()},
                           context, first, _warning_at(warn, token_line))
            for name in ("loading", "decoding", "width", "height"):
                if name in attrs:
                    token.attrSet(name, attrs[name])
            first = False


def _is_heic(url: str) -> bool:
    return split_url(url).path.lower().endswith((".heic", ".heif"))


def _heic(url: str) -> str:
    return (f"`{unquote(url)}` is an iPhone photo in HEIC, which browsers but Safari do not "
            "show: export it as JPEG (the camera's \"Most Compatible\" format saves it so)")


def _warning_at(warn: Callable[[str, int], None] | None, line: int
                ) -> Callable[[str], None] | None:
    """`warn` at one line of the body, for what is found of the image there."""
    return None if warn is None else lambda message: warn(message, line)


def _sized(attrs: dict[str, str], context: ImageContext | None, first: bool,
           warn: Callable[[str], None] | None = None) -> dict[str, str]:
    """An image's attributes with what keeps the page from shifting added: its file's width
    and height (the other at the file's shape where one is given), lazy loading after the
    first image, asynchronous decoding. A local file that is no picture is said (`warn`)."""
    attrs = dict(attrs)
    if not first:
        attrs.setdefault("loading", "lazy")
    attrs.setdefault("decoding", "async")
    width, height = attrs.get("width"), attrs.get("height")
    if context is None or (width and height):
        return attrs
    size = _size_of(attrs.get("src", ""), context, warn)
    if not size:
        return attrs
    if width or height:  # the other at the file's shape (a number: not `50%`)
        given = str(width or height)
        if given.isdigit():
            ratio = size[1] / size[0] if width else size[0] / size[1]
            attrs["height" if width else "width"] = str(max(1, int(int(given) * ratio + 0.5)))
    else:
        attrs["width"], attrs["height"] = str(size[0]), str(size[1])
    return attrs


def _sized_raw_images(html: str, context: ImageContext | None, first: bool,
                      warn: Callable[[str, int], None] | None = None, line: int = 1
                      ) -> tuple[str, bool]:
    """Raw HTML with each `<img>` sized as a Markdown image is (`_sized`): Typora writes
    `<img src="assets/a.png" style="zoom:50%;" />` for a picture shown resized. The
    attributes written stay as they are; those added go before the tag's end. Whether the
    next image is still the first. One without `alt` is said (`warn`, at body line `line`
    and those below it): a screen reader reads out its file name, and the page is not valid
    HTML (a Markdown image always has one, `![](a.png)` an empty one)."""
    comments = [(c.start(), c.end()) for c in _HTML_COMMENT.finditer(html)]

    def sized(found: re.Match[str]) -> str:
        nonlocal first
        tag = found.group(0)
        if any(start <= found.start() < end for start, end in comments):
            return tag  # (an image commented out, `<!-- <img src="old.png"> -->`: no image)
        written = {match.group(1).lower(): unescape((match.group(2) or "").strip("\"'"))
                   for match in _RAW_ATTR.finditer(tag[4:].rstrip(">/"))}
        at = line + html.count("\n", 0, found.start())  # (the tag's line)
        if warn is not None and _is_heic(written.get("src", "")):
            warn(_heic(written["src"]), at)
        if "alt" not in written and warn is not None:
            shown = " ".join(tag.split())  # (a tag over several lines: one line said)
            warn(f"an image without alt text (`{shown}`): a screen reader reads out its file "
                 'name; write alt="what it shows" (alt="" for a decoration)', at)
        added = {name: value for name, value in _sized(written, context, first,
                                                       _warning_at(warn, at)).items()
                 if name not in written}
        first = False
        if not added:
            return tag
        end = len(tag) - (2 if tag.endswith("/>") else 1)
        space = "" if tag[end - 1].isspace() else " "
        return tag[:end] + space + " ".join(f'{name}="{value}"' for name, value in
                                            added.items()) + (" " if end < len(tag) - 1
                                                              else "") + tag[end:]

    return RAW_IMG.sub(sized, html), first


def src_of(tag: str) -> str:
    """The `src` a raw `<img …>` tag names, as written ("" without one)."""
    found = _SRC().search(tag)
    return next((value for value in found.groups() if value is not None), "") if found else ""


def image_urls(body: str) -> list[str]:
    """The URLs of the images a body names (Markdown's `![…](…)`, HTML's `<img src>`), each
    once, in order: read with the post's file (and kept in its record), for `image_stamp`."""
    urls = {quoted or written for quoted, written in _MARKDOWN_IMAGE_URL.findall(body)} \
        if "![" in body else set()
    if "<" in body:
        urls.update(_RAW_IMAGE_URL.findall(body))
    return sorted(urls)


def image_stamp(urls: Iterable[str], post_dir: str, files: Mapping[str, str],
                bundle_dir: str | None = None, on_disk: Mapping[str, str] | None = None,
                in_small_letters: Mapping[str, str] | None = None) -> str:
    """What the sizes in a rendered body depend on: the digest of each local image it names
    (`urls`: `image_urls` of the body), so a cached body is rendered again when one of its
    images is replaced. `files` holds the digest of every file under content/ and static/
    ("static/a.png"), from the build's walk; `post_dir` is the folder of the post's file
    ("content/posts"), `bundle_dir` that of its bundle ("content/posts/a", also for Hexo's
    asset folder beside `a.md`); `on_disk`: the names `files` holds decomposed
    (`names_on_disk`); `in_small_letters`: `names_in_small_letters` of `files`."""
    stamps = []
    for url in urls:
        file = _file_of(_candidate_names(url, post_dir, bundle_dir), files.__contains__,
                        on_disk or {}, _followed_in_other_capitals(url, in_small_letters))
        if file is not None:
            stamps.append(f"{file}:{files[file]}")
    return "|".join(stamps)


def _candidate_names(url: str, post_dir: str, bundle_dir: str | None) -> list[str]:
    """Where a local image may be, relative to the site folder ("static/a.png"); none for a
    remote one. A relative URL names a file of the post's bundle first (it is published
    where that URL leads: see links.py), else one beside the post's file."""
    if _PLAIN_PATH.fullmatch(url):  # (nearly every picture's: split and unquoted, the same)
        path = url
    else:
        parts = split_url(url)
        if parts.scheme or parts.netloc or not parts.path:
            return []
        path = unquote(parts.path)
    if path.startswith("/"):
        path = path.lstrip("/")
        return [posixpath.normpath(f"static/{path}"), posixpath.normpath(f"content/{path}")]
    folders = dict.fromkeys(folder for folder in (bundle_dir, post_dir) if folder is not None)
    # (and the whole URL's: a name may hold `#` and `?`, `C#.png`, as links.py follows it;
    # and with `/` for Windows' `\`, `images\fig.png`, which links.py follows too)
    paths = (path, unquote(url)) if "#" in url or "?" in url else (path,)
    if "\\" in path:
        paths += (path.replace("\\", "/"),)
    return [posixpath.normpath(f"{folder}/{each}") for each in paths for folder in folders]


def _size_of(url: str, context: ImageContext, warn: Callable[[str], None] | None = None
             ) -> tuple[int, int] | None:
    """The size of a local image; None for remote and missing ones (the link checker reports
    those), and for a file that is no picture, which is said (`warn`)."""
    name = _file_of(_candidate_names(url, context.post_dir.as_posix(), context.bundle_dir),
                    lambda name: (context.site_dir / name).is_file(), context.on_disk,
                    _followed_in_other_capitals(url, context.in_small_letters))
    if name is None:
        return None
    file = context.site_dir / name
    if file not in context.sizes:
        context.sizes[file] = read_size(file)
    size = context.sizes[file]
    if size is None and warn is not None and (what := not_a_picture(file)) is not None:
        warn(f"`{unquote(url)}` shows as a broken image: {what}")
    return size


# The first bytes of the pictures a browser shows (PNG, JPEG, GIF, WebP, AVIF and HEIC's
# `ftyp` box, BMP, ICO); one the size reader cannot read but that starts so is a picture still
_PICTURE_STARTS = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"\x00\x00\x01\x00")
_LFS_POINTER = b"version https://git-lfs.github.com/spec/"
# The endings of the pictures whose bytes are looked at (an SVG is text: its size is read)
_PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".bmp", ".ico")


def not_a_picture(file: Path) -> str | None:
    """What a file named as a picture holds instead ("it is a Git LFS pointer…", "it is a web
    page (HTML)…"), or None: a picture, or a file it cannot tell of. (Asked only of a
    file whose size could not be read: a web page saved as `fig.png` from GitHub's page of the
    picture, or an LFS pointer a checkout left, went out as a broken image, unsaid.)"""
    if file.suffix.lower() not in _PICTURE_SUFFIXES:
        return None
    try:
        with open(file, "rb") as opened:
            head = opened.read(_HEAD_READ)
    except OSError:
        return None
    if not head:
        return "the file is empty"
    if head.startswith(_PICTURE_STARTS) or head[4:8] == b"ftyp" \
            or head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return None
    if _is_svg_head(head):
        return (f"it is an SVG drawing named `{file.suffix}`, served by that name as "
                f"{file.suffix[1:].upper()} (GitHub Pages, `blogforge serve`), which no browser "
                "then shows: rename it `.svg`")
    if head.startswith(_LFS_POINTER):
        return ("it is a Git LFS pointer, the picture not fetched (`git lfs pull`; in GitHub "
                "Actions, `lfs: true` for actions/checkout)")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return ("it is a web page (HTML), saved from a page that shows the picture? Save the "
                "picture itself (right-click it, Save image as)")
    return f"its bytes are no picture, {file.suffix[1:].upper()} or other (cut short, or renamed?)"


def _is_svg_head(head: bytes) -> bool:
    """Whether a file's first bytes (`_HEAD_READ` of them) are an SVG drawing's text, whatever
    its name (an SVG saved as `fig.png`: a browser shows an SVG only served as one, and a
    host types a file by its ending)."""
    return _SVG_START.match(head.removeprefix(b"\xef\xbb\xbf")) is not None


# The bytes of a picture's start read to tell what it is (past an XML declaration and an
# editor's comment, for an SVG's root element)
_HEAD_READ = 1024


# An SVG drawing's start: its root element, after an XML declaration, comments (an editor's:
# "Created with Inkscape") and a doctype, as a web page that draws its icons in SVG has not
_SVG_START = re.compile(rb"\s*(<\?xml[^>]*>\s*)?((<!--.*?-->|<!DOCTYPE svg[^>]*>)\s*)*<svg[\s>]",
                        re.IGNORECASE | re.DOTALL)


def _svg_size(data: bytes) -> tuple[float, float]:
    """The root element's width and height; where it gives one or neither, what its viewBox
    gives (its aspect ratio is what prevents the shift); (0, 0) when there is no telling."""
    root = _SVG_ROOT.search(_XML_COMMENT.sub(b"", data))
    if root is None:
        return 0, 0
    attributes = root.group(1)

    def length(name: bytes) -> float:
        found = re.search(rb"(?<![\w:-])" + name + rb"\s*=\s*[\"']\s*([\d.]+)\s*([a-z%]*)",
                          attributes, re.IGNORECASE)
        if found is None or found.group(2).lower() not in _CSS_PIXELS:
            return 0
        return float(found.group(1)) * _CSS_PIXELS[found.group(2).lower()]

    width, height = length(b"width"), length(b"height")
    box = _VIEWBOX.search(attributes)
    if box is None or (width and height):
        return width, height
    box_width, box_height = float(box.group(1)), float(box.group(2))
    if not box_width or not box_height:
        return width, height
    if width:
        return width, width * box_height / box_width
    if height:
        return height * box_width / box_height, height
    return box_width, box_height


def read_size(file: Path) -> tuple[int, int] | None:
    """(width, height) in CSS pixels, or None for a file whose size cannot be read."""
    import imagesize  # (with urllib and email under it: 10 ms of start-up, for local images only)

    try:
        if file.suffix.lower() == ".svg":
            width, height = _svg_size(file.read_bytes()[:65536])
        else:
            with open(file, "rb") as opened:  # (once: its start looked at, then its size)
                if _is_svg_head(opened.read(_HEAD_READ)):
                    return None  # (imagesize reads it as SVG: no browser does, so named)
                opened.seek(0)
                width, height = imagesize.get(opened)
    except (OSError, ValueError):
        return None
    if width <= 0 or height <= 0:
        return None
    return round(width), round(height)

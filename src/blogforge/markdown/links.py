"""Links and images in a post: made to work wherever the site is served.

- `/images/a.png` (site-root relative) is left as written here; the link audit after the
  build (link_checker.py) gives it the base URL's path when its target exists there, so it
  works under https://user.github.io/repo/ (in raw HTML too). Feeds get absolute URLs.
- `other-note.md` or `../posts/x/index.md` becomes the URL of that post, as writers link files
  in their editor; a link to a Markdown file that does not exist is reported. So does a link
  to a notebook that is a post (`02-training.ipynb`).
- `image.png`, naming a file of the post's bundle, is left as written where the bundle is
  published in the page's own folder (`posts/a/`), and made to point at the bundle's folder
  where it is not (`2020/01/02/a/image.png` for the page `2020/01/02/a.html`: see
  `bundle_folder`), in raw HTML too.
- Any other relative URL naming a file under content/ as the writer's editor finds it, from
  the post's own file (Typora's `./assets/fig.png` or `a.assets/fig.png` beside `a.md`, Hexo's
  `a/image.png`), is made to point at that file where it is published, when a browser would not
  find it from the page (`posts/a/`). A relative URL naming no such file keeps the meaning a
  browser gives it (`../03/b.html`).
- Obsidian's `[[note#heading|words]]` is a link to the one post whose file is named `note`
  (as Obsidian finds a note, in any folder), at the heading's id; one naming no post, or
  several, is shown as written and said. Its `![[fig.png|description|300]]` is the picture
  of that name under content/ (beside the note, from the vault's root, or the one of that name
  anywhere), `![[paper.pdf]]` and `![[note]]` links to the file and the note.
- For feeds every URL is made absolute, since feed readers have no page to resolve against.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import SplitResult, quote, unquote, urlunsplit

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from blogforge.content.permalinks import bundle_folder
from blogforge.markdown.heading_ids import (
    HeadingIds,
    heading_key,
    heading_slug,
    ids_by_words,
    linked_heading_id,
)
from blogforge.markdown.html_urls import rewrite_urls
from blogforge.markdown.unclosed import children_with_lines
from blogforge.model import Post
from blogforge.site_folder import CONTENT_DIR, is_markdown_name
from blogforge.text import compiled_when_used, composed
from blogforge.urls import UrlBuilder, join_url, split_url

# A bundle's folder (`Post.bundle_dir`) -> the paths of its files inside it ("fig/a.png").
BundleFiles = Mapping[Path, frozenset[str]]


@dataclass(frozen=True)
class Bundle:
    """A bundle page's own files, and where a relative URL naming one of them leads."""

    page_path: str  # the page's site path, e.g. "2020/01/02/a.html"
    files: frozenset[str]  # paths inside the bundle: "image.png", "fig/a.svg"

    @property
    def moved(self) -> bool:
        """Whether its files are published away from the folder a browser resolves the page's
        relative URLs against (`a/` for `a.html`): those URLs must then be rewritten."""
        return bundle_folder(self.page_path) != page_folder(self.page_path)

    def find(self, path: str) -> str | None:
        """The site path of the bundle file a relative path (unquoted, without its query or
        fragment) names, or None."""
        inner = posixpath.normpath(path)
        return bundle_folder(self.page_path) + inner if inner in self.files else None

    def stamp(self) -> str:
        """What the page's relative URLs resolve by, for the build cache: its file names where
        the bundle is moved (elsewhere a browser finds them as written, whatever they are)."""
        return "|".join(sorted(self.files)) if self.moved else ""


def content_path(post: Post) -> PurePosixPath:
    """The post's file from content/ (`posts/a.md`) as links name it: composed, as the keys
    of `LinkContext.sources` and `published` are (`composed`)."""
    return PurePosixPath(composed(post.source.as_posix())).relative_to("content")


def bundle_of(post: Post, bundles: BundleFiles) -> Bundle | None:
    """The post's bundle, or None for a post without one."""
    if post.bundle_dir is None:
        return None
    return Bundle(post.path, bundles.get(post.bundle_dir, frozenset()))


def page_folder(page_path: str) -> str:
    """The folder a browser resolves a page's relative URLs against: `a/b.html` → `a/`."""
    if not page_path or page_path.endswith("/"):
        return page_path
    folder = posixpath.dirname(page_path)
    return folder + "/" if folder else ""


@dataclass
class LinkContext:
    """What the link rule needs to turn a post's links into the site's URLs."""

    urls: UrlBuilder
    page_path: str  # the page's own site path, e.g. "posts/a/b/"
    source: PurePosixPath  # the file, relative to content/
    sources: dict[str, str]  # content-relative Markdown path -> site path of its page
    warn: Callable[[str, int], None] | None = None  # (message, 1-based line of the body)
    absolute: bool = False
    bundle: Bundle | None = None  # the page's own files, for a bundle post
    # images met, as site paths (or absolute URLs), for the page's OpenGraph image
    found_images: list[str] = field(default_factory=list)
    # content-relative Markdown path -> why this build holds that post back ("draft",
    # "future"): a link to one is told so, not "no such file"
    held_back: Mapping[str, str] = field(default_factory=dict)
    # content-relative path of every file under content/ that is not a post -> the site path
    # it is published at (a bundle's files: at the page of the bundle's first post)
    published: Mapping[str, str] = field(default_factory=dict)
    # the folder under content/ a path from the root (`/root.png`) starts at, by the post's
    # `typora-root-url` (`typora_root`); None: the site's root
    typora_root: str | None = None
    # the ids every page has (the theme's `#search-results`) and the beginnings of its
    # scripts' ids, which a heading steps over (`search-results-1`): so does a link naming a
    # heading by its words (`heading_ids.linked_heading_id`)
    reserved_ids: frozenset[str] = frozenset()
    reserved_id_prefixes: tuple[str, ...] = ()
    # the id each other post's heading got, where a link naming one by its words leads
    heading_ids: HeadingIds | None = None


def typora_root(post: Post) -> str | None:
    """The folder under content/ (its path from there) Typora shows a post's `/root.png`
    from: its front matter's `typora-root-url`, from the post's file (`./`, `../assets`);
    None without one, or one outside content/ (`../../static`, whose files the site serves
    from its root as written) or on the writer's computer (`/Users/…`, `C:\\…`)."""
    root = post.params.get("typora-root-url")
    if not isinstance(root, str) or not root.strip():
        return None
    root = root.strip().replace("\\", "/")
    if root.startswith("/") or ON_WRITERS_COMPUTER.match(root) or "://" in root:
        return None
    folder = posixpath.normpath(posixpath.join(content_path(post).parent.as_posix(), root))
    return None if folder == ".." or folder.startswith("../") else folder


_AS_WRITTEN = "url_as_written"  # token.meta key: the URL before it was resolved
_UNLINK = "unlinked"  # token.meta key: a link to a held-back post, shown as its words only
_WRITTEN_AS = "written_as"  # token.meta key: the `[[wikilink]]` a link was made of
_OWN_HEADING = "own_heading"  # token.meta key: the words of this page's heading it leads to


def links_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "wikilink", _wikilink)
    md.inline.ruler.before("link", "spaced_link", _spaced_link)
    md.inline.ruler.before("image", "embed", _embed)
    md.core.ruler.push("site_links", _rewrite_links)


# The children of an inline token that hold a URL: a link, a picture, raw HTML
_LINKING_TYPES = frozenset({"link_open", "image", "html_inline"})


def _rewrite_links(state: StateCore) -> None:
    context: LinkContext | None = state.env.get("links")
    if context is None:
        return
    _to_own_headings(state.tokens)
    for block in state.tokens:
        line = block.map[0] + 1 if block.map else None
        children = block.children
        if not children:  # (two blocks in three: of those, raw HTML alone holds URLs)
            if block.type == "html_block":
                _resolve_token(block, context, line)
            continue
        # (each child's line is counted only in a block that holds a link, a picture or raw
        # HTML, or text that may be one shown as text: counting them in every paragraph was
        # 1.3% of a cold build's CPU)
        if _LINKING_TYPES.isdisjoint([child.type for child in children]) and not any(
                "](" in child.content or "[[" in child.content
                for child in children if child.type == "text"):
            continue
        for token, token_line in children_with_lines(block, line):
            if token.type == "text" and context.warn is not None and (
                    "](" in token.content or "[[" in token.content):
                for message in _shown_as_text(token.content, context, block.content):
                    context.warn(message, token_line or 1)
            _resolve_token(token, context, token_line)
            if token.meta.get(_UNLINK):
                _unlink(token, block.children or [])
            if token.type == "image":  # (resolved: a URL as written may name a moved file)
                found = site_path_of(str(token.attrGet("src") or ""), context.page_path,
                                     context.urls)
                if split_url(found).scheme in ("", "http", "https"):
                    # (not `data:`, nor `C:\\Users\\…`, the `c:` of a path on the writer's
                    # computer: the page's og:image would be the site's URL made of it)
                    context.found_images.append(found)


def _to_own_headings(tokens: list[Token]) -> None:
    """The links naming a heading of this page by its words (`[[#代码]]`) made to lead to the
    id it got, now that the headings have theirs: one written on it (`## 代码 {#code}`), or
    one stepped over a written one, which the link, read before, could not know."""
    linking = [child for block in tokens for child in block.children or ()
               if child.meta.get(_OWN_HEADING)]
    ids = ids_by_words(tokens) if linking else {}
    for opening in linking:
        if (ident := ids.get(heading_slug(opening.meta[_OWN_HEADING]))) is not None:
            opening.attrSet("href", str(opening.attrGet("href")).partition("#")[0] + "#" + ident)


def _unlink(opening: Token, children: list[Token]) -> None:
    """A link's opening and closing tokens made nothing: its words stay, without the link."""
    at = next(i for i, token in enumerate(children) if token is opening)
    closing = next((t for t in children[at + 1:] if t.type == "link_close"), None)
    for token in (opening, closing) if closing is not None else ():
        token.type, token.tag, token.content, token.attrs = "text", "", "", {}


# A path on the writer's computer: a Windows drive (`C:\\Users\\…`, `C:/Users/…`, which a
# URL parser reads as the scheme `c:` of another site), a network share (`\\\\server\\…`), a
# `file:` URL. No reader's browser opens them from a web page.
ON_WRITERS_COMPUTER = re.compile(r"[A-Za-z]:[\\/]|\\\\|file:", re.I)
# …and a macOS or Linux home folder's, as Typora links a pasted picture it was not told where
# to put (`/Users/lin/Library/Application Support/typora-user-images/image-2024.png`), when
# the site has no such file (by the folders a home holds: a site's own /home/teams/ is not one)
IN_A_HOME_FOLDER = re.compile(r"(?:/Users|/home)/[^/]+/(?:Library|Desktop|Documents|Downloads|"
                              r"Pictures|Movies|Dropbox|OneDrive|图片|下载|文档|桌面)/"
                              r"|/Volumes/|/private/var/folders/|/var/folders/|~/")
ON_WRITERS_COMPUTER_WHY = ("a file on the writer's computer, not on the site: copy it into the "
                           "post's folder (or static/) and link to it from there")
# What a writer meant as a link or an image, shown as text: a path with a space (Typora writes
# `![](fig 1.png)`; CommonMark takes no space in a link's target), Obsidian's embed.
# (Its words hold brackets one deep, `[see [1]]`: read from each `[` to its line's end, a line of
# `[[[[…` took minutes)
_SPACED_TARGET = compiled_when_used(r"!?\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]"
                                    r"\(\s*([^()\s<>\"']+(?: +[^()\s<>\"']+)+)\s*\)")
# …its parts: `!` for a picture, its words, its path
_SPACED_LINK = re.compile(r"(!?)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
                          r"\(\s*([^()\s<>\"']+(?: +[^()\s<>\"']+)+)\s*\)")
# (No part holds a `[`, as in Obsidian, whose names have none: a line of `[[[[…` was read from
# each `[[` to its end, and took minutes)
_EMBED = compiled_when_used(r"!\[\[([^\[\]\n|]+)(?:\|[^\[\]\n]*)?\]\]")
# Obsidian's link to a note by its name: `[[注意力机制]]`, `[[note#小节|shown words]]`
_WIKILINK = compiled_when_used(
    r"(?<!!)\[\[([^\[\]\n|#]*)(?:#([^\[\]\n|]*))?(?:\|([^\[\]\n]*))?\]\]")


def _shown_as_text(text: str, context: LinkContext, written: str) -> Iterator[str]:
    """Why each link of `text` (a text token's) is shown as text; none of one the writer
    escaped, `\\[\\[注意力\\]\\]`, which is not in the block as `written` (Obsidian shows it as
    text too, and it is: the writer's wish, no mistake)."""
    for found in _SPACED_TARGET().finditer(text):
        if found.group(0) not in written:
            continue
        target = found.group(1)
        yield (f"`{found.group(0)}` is shown as text: it names " + ON_WRITERS_COMPUTER_WHY
               if ON_WRITERS_COMPUTER.match(target) or IN_A_HOME_FOLDER.match(target) else
               f"`{found.group(0)}` is shown as text: a path with spaces is written "
               f"`<{target}>` (or `{target.replace(' ', '%20')}`)")
    for found in _EMBED().finditer(text):
        if found.group(0) in written:
            yield _embed_advice(found, context)
    for found in _WIKILINK().finditer(text):
        if found.group(0) in written:
            yield _wikilink_advice(found, context)


def _wikilink_advice(found: re.Match[str], context: LinkContext) -> str:
    """Why Obsidian's `[[name]]` is shown as text: no post, or several, of that name."""
    name = found.group(1).strip()
    named = _posts_named(name, context)
    said = f"`{found.group(0)}` (Obsidian's link) is shown as text"
    if named:
        return (f"{said}: {len(named)} posts are named `{name}` ({_listed(named, context)}): "
                "write a Markdown link to the one meant")
    return f"{said}: no post is named `{name}`"


def _listed(paths: list[str], context: LinkContext) -> str:
    """The first few of `paths` (under content/) as the post links them."""
    return ", ".join(f"`{posixpath.relpath(path, context.source.parent.as_posix())}`"
                     for path in paths[:3])


def _push_link(state: StateInline, href: str, words: str, written: str | None = None,
               own_heading: str | None = None) -> None:
    """A link as Markdown's makes it, which `_rewrite_links` resolves as any other;
    `written`: the wikilink or embed it is made of, which its messages name; `own_heading`:
    the words of this page's heading it leads to (`_to_own_headings`)."""
    opening = state.push("link_open", "a", 1)
    opening.attrs = {"href": href}
    if written is not None:
        opening.meta[_WRITTEN_AS] = written
    if own_heading is not None:
        opening.meta[_OWN_HEADING] = own_heading
    state.push("text", "", 0).content = words
    state.push("link_close", "a", -1)


def _posts_named(name: str, context: LinkContext) -> list[str]:
    """The Markdown files named `name` (their file's name, in any capitals, with its `.md` or
    not, as Obsidian finds a note: the names are searched, so the body is rendered again when
    any comes or goes). A name with a folder is a path, as Obsidian writes one when two notes
    share a name: relative to the note (`../ML/KL 散度`), else the end of the file's path
    from the vault's root, wherever in the site's folder the vault is (`ML/KL 散度`,
    `posts/ML/KL 散度`, `content/posts/ML/KL 散度`)."""
    name = composed(name[:-3] if name.lower().endswith(".md") else name).lower()
    notes = {posixpath.splitext(source)[0].lower(): source  # (a draft's too)
             for source in (*context.sources, *context.held_back)}
    if "/" not in name:
        return [source for note, source in notes.items() if posixpath.basename(note) == name]
    if name.startswith(("./", "../")):
        note = posixpath.normpath(posixpath.join(context.source.parent.as_posix().lower(),
                                                 name))
        return [notes[note]] if note in notes else []
    tail = "/" + name.lstrip("/")
    found = [source for note, source in notes.items()
             if f"/{CONTENT_DIR}/{note}".endswith(tail)]
    # (of several, the one at that path from content/, a vault's root, is the one meant)
    exact = [source for source in found if "/" + posixpath.splitext(source)[0].lower() == tail]
    return exact or found


def _headings(heading: str) -> list[str]:
    """The headings of a wikilink's `#heading`, Obsidian's path to a heading under headings
    (`定义#非负性`): the last is the one linked."""
    return [part.strip() for part in heading.split("#") if part.strip()]


def _fragment(heading: str, note: str, context: LinkContext) -> str:
    """The `#id` of a wikilink's `#heading` (its last heading: `_headings`) in the post of the
    file `note` (from content/), or of a block's `#^id` (the id block_ids.py gives it; its `^`
    written `%5E`, as a URL holds one)."""
    if heading.startswith("^"):
        return "#" + quote(heading.strip())
    words = _heading_named(heading)
    return "#" + _heading_id(note, words, context) if words else ""


def _heading_named(heading: str) -> str | None:
    """The words of the heading a wikilink's `#heading` names (the last: `_headings`); None
    for a block's `#^id`, or no heading."""
    headings = _headings(heading)
    return headings[-1] if headings and not heading.startswith("^") else None


def _own_heading(heading: str, note: str, context: LinkContext) -> str | None:
    """The words of the heading a wikilink's `#heading` names when `note` is the page's own
    (`[[#代码]]`), for `_to_own_headings`; else None."""
    return _heading_named(heading) if note == context.source.as_posix() else None


def _heading_id(note: str, words: str, context: LinkContext) -> str:
    """The id of the heading of `words` in the post of the file `note` (from content/), as
    `HeadingIds` says (`## 方法 {#method}` is `#method`); for this page, whose headings get
    theirs after its links are read (`_to_own_headings`), or a file no post is, the one a
    heading of those words would get, stepped over the ids every page of the site has."""
    found = context.heading_ids.get(heading_key(note, words)) \
        if context.heading_ids is not None and note != context.source.as_posix() else None
    return found or linked_heading_id(words, context.reserved_ids, context.reserved_id_prefixes)


# The map of published files holds, under this prefix, each file name in small letters -> the
# one file of that name under content/, or the several, a line each (`published_files`):
# Obsidian's `![[fig.png]]` names a file by its name alone, wherever it is in the vault.
BY_FILE_NAME = "\0name:"
# What Obsidian's embed shows as a picture; any other file it names is linked
_PICTURE = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp", ".heic", ".heif")
_SIZE = re.compile(r"(\d+)(?:x(\d+))?")  # `|300` or `|300x200`, in CSS pixels
# What Obsidian's embed plays, by the file's ending: the browser's own player (its `controls`;
# no script, nothing from another host), a link to the file inside for one that plays none
_PLAYERS = {**dict.fromkeys((".mp4", ".webm", ".mov", ".ogv", ".m4v"), "video"),
            **dict.fromkeys((".mp3", ".ogg", ".oga", ".opus", ".m4a", ".wav", ".flac"),
                            "audio")}


def embedded_file(name: str, source: PurePosixPath, published: Mapping[str, str]
                  ) -> str | None:
    """The file under content/ (its path from content/) Obsidian's `![[name]]` in the post
    at `source` shows, as Obsidian finds it: beside the note, from the vault's root, or the
    one file of that name anywhere; None for none, or several."""
    name = composed(unquote(name.strip()))
    for path in (posixpath.join(source.parent.as_posix(), name), name):
        path = posixpath.normpath(path)
        if not path.startswith("../") and published.get(path) is not None:
            return path
    named = _files_named(name, published)
    return named[0] if len(named) == 1 else None


def embedded_names(body: str) -> list[str]:
    """The names Obsidian's embeds in a body give (`fig.png` of `![[fig.png|300]]`)."""
    return [found.group(1) for found in _EMBED().finditer(body)]


def _files_named(name: str, published: Mapping[str, str]) -> list[str]:
    """The files under content/ whose path ends in `name`, in any capitals."""
    name = composed(name)
    found = published.get(BY_FILE_NAME + posixpath.basename(name).lower())
    tail = "/" + name.lower().lstrip("./")
    return [path for path in found.split("\n") if ("/" + path.lower()).endswith(tail)
            ] if found else []


def _embed(state: StateInline, silent: bool) -> bool:
    """Obsidian's `![[fig.png|what it shows|300]]`: the picture of that name (as Obsidian
    finds it: `embedded_file`), with its description and width; another file it names, a
    PDF, is a link to it; a note, a link to its post. Made as Markdown's image and link are,
    which `_rewrite_links` resolves as any other. A name nothing has, or several files have,
    is left as text, and said (`_embed_advice`)."""
    context: LinkContext | None = state.env.get("links")
    if context is None or not state.src.startswith("![[", state.pos):
        return False
    found = _EMBED().match(state.src, state.pos)
    if found is None:
        return False
    name, *options = (part.strip() for part in found.group(0)[3:-2].split("|"))
    name, _, heading = name.partition("#")
    path = embedded_file(name, context.source, context.published)
    note = _posts_named(name.strip(), context) if path is None else []
    if path is None and len(note) != 1:
        return False
    if not silent:
        target = quote(posixpath.relpath(path or note[0], context.source.parent.as_posix()))
        sizes = [size for option in options if (size := _SIZE.fullmatch(option))]
        words = " ".join(option for option in options if not _SIZE.fullmatch(option))
        player = _PLAYERS.get(posixpath.splitext(path or "")[1].lower())
        if player is not None:
            _push_player(state, player, target, words or posixpath.basename(name.strip()),
                         sizes[0].group(1) if sizes else None)
        elif path is not None and path.lower().endswith(_PICTURE):
            image = state.push("image", "img", 0)
            image.attrs = {"src": target, "alt": ""}
            image.children = []
            if words:
                state.md.inline.parse(words, state.md, state.env, image.children)
            image.content = words
            if sizes:
                image.attrSet("width", sizes[0].group(1))
                if sizes[0].group(2):
                    image.attrSet("height", sizes[0].group(2))
        else:  # (a PDF, a note: linked, by its name)
            _push_link(state, target + (_fragment(heading, note[0], context) if note else ""),
                       words or name.strip(), found.group(),
                       _own_heading(heading, note[0], context) if note else None)
    state.pos = found.end()
    return True


def _push_player(state: StateInline, tag: str, target: str, words: str,
                 width: str | None) -> None:
    """`<video controls src=…><a href=…>words</a></video>` (or `<audio>`): the player's
    `src` in raw HTML, which `_rewrite_links` resolves as it does any raw HTML's, and the link
    inside made as Markdown's is. Only the start of the file is fetched until it is played
    (`preload="metadata"`: a page of recordings stays light)."""
    state.push("html_inline", "", 0).content = player_tag(tag, target, width)
    _push_link(state, target, words)
    state.push("html_inline", "", 0).content = f"</{tag}>"


def player_tag(tag: str, src: str, width: str | None = None, more: str = "") -> str:
    """The start tag of a browser's own player, `<video controls …>` (or `<audio>`) for the
    file at `src` (already escaped for an attribute); `more`: further attributes, written."""
    sized = f' width="{width}"' if width and tag == "video" else ""
    return f'<{tag} controls preload="metadata"{sized}{more} src="{src}">'


def _embed_advice(found: re.Match[str], context: LinkContext) -> str:
    """Why Obsidian's `![[name]]` is shown as text: no file or post of that name, or several."""
    name = found.group(1).strip().partition("#")[0]
    named = _files_named(unquote(name), context.published) or _posts_named(name, context)
    said = f"`{found.group(0)}` (Obsidian's embed) is shown as text"
    if len(named) > 1:
        return (f"{said}: {len(named)} files are named `{posixpath.basename(name)}` "
                f"({_listed(named, context)}): write the path of the one meant, "
                "`![[folder/name]]`")
    return f"{said}: no file under content/ is named `{name}`"


def _spaced_link(state: StateInline, silent: bool) -> bool:
    """Typora's `![x](VAE 笔记.assets/image.png)` and `[x](KL 散度.md)`: a path with spaces as
    written, which CommonMark reads as text and Typora shows, when it names a file from the
    post's own (a picture, a note). Made as Markdown's picture and link are, which
    `_rewrite_links` resolves as any other. One naming no file stays text, said
    (`_shown_as_text`)."""
    context: LinkContext | None = state.env.get("links")
    if context is None or state.src[state.pos] not in "[!":
        return False
    found = _SPACED_LINK.match(state.src, state.pos)
    if found is None:
        return False
    path = composed(found.group(3))
    named = posixpath.normpath(posixpath.join(context.source.parent.as_posix(), path))
    if not (_names_a_file(path, context) or is_markdown_name(path) and (
            context.sources.get(named) is not None or named in context.held_back)):
        return False
    if silent:
        state.pos = found.end()
        return True
    if found.group(1):
        image = state.push("image", "img", 0)
        image.attrs = {"src": quote(path), "alt": ""}
        image.children = []
        state.md.inline.parse(found.group(2), state.md, state.env, image.children)
        image.content = found.group(2)
    else:  # (its words parsed in place, as Markdown's link's are: their emphasis, code)
        state.push("link_open", "a", 1).attrs = {"href": quote(path)}
        end, state.posMax = state.posMax, found.end(2)
        state.pos = found.start(2)
        state.linkLevel += 1
        state.md.inline.tokenize(state)
        state.linkLevel -= 1
        state.posMax = end
        state.push("link_close", "a", -1)
    state.pos = found.end()
    return True


def _wikilink(state: StateInline, silent: bool) -> bool:
    """Obsidian's `[[name#heading|words]]`: a link to the one post of that name (its file's),
    at the heading's id; `[[#heading]]`, this page's. Made a Markdown link to the post's file,
    which `_rewrite_links` resolves as any other (a draft's is its words). A name no post has,
    or several, is left as text, and said (`_wikilink_advice`)."""
    context: LinkContext | None = state.env.get("links")
    if context is None or not state.src.startswith("[[", state.pos) or (
            state.pos > 0 and state.src[state.pos - 1] == "!"):  # (`![[x]]`: an embed)
        return False
    found = _WIKILINK().match(state.src, state.pos)
    if found is None:
        return False
    name, heading, words = (part.strip() if part else "" for part in found.groups())
    named = _posts_named(name, context) if name else [""]
    # (a name no note has may be a file's, `[[Pasted image 20240101.png]]`, found as an
    # embed finds one: linked, its `#page=3` as written)
    file = embedded_file(name, context.source, context.published) \
        if name and not named else None
    if len(named) != 1 and file is None:
        return False
    if not silent and file is not None:
        _push_link(state, quote(posixpath.relpath(file, context.source.parent.as_posix()))
                   + (f"#{heading}" if heading else ""), words or posixpath.basename(name))
    elif not silent:
        target = posixpath.relpath(named[0], context.source.parent.as_posix()) if name else ""
        note = named[0] or context.source.as_posix()  # (`[[#小节]]`: this page's)
        fragment = _fragment(heading, note, context)
        # (a block's `^id` is no words to show: the note's name is, without its folders;
        # headings under headings are shown as Obsidian shows them, `定义 > 非负性`)
        shown = posixpath.basename(name) if not fragment or heading.startswith("^") else \
            " > ".join(_headings(heading))
        _push_link(state, quote(target) + fragment, words or shown or heading, found.group(),
                   _own_heading(heading, note, context))
    state.pos = found.end()
    return True


def resolve_again(tokens: list[Token], context: LinkContext) -> None:
    """Tokens parsed for a page, their links and images resolved for `context` instead (a
    feed's absolute URLs), from the URLs as written: as if they had been parsed with it."""
    for block in tokens:
        _resolve_token(block, context, None)
        for token in block.children or ():
            _resolve_token(token, context, None)


def _resolve_token(token: Token, context: LinkContext, line: int | None) -> None:
    """The URL of a link or image token, or those of raw HTML, resolved for `context`; what
    was written is kept in the token's meta, for `resolve_again`."""
    if token.type in ("html_block", "html_inline"):
        written = token.meta.get(_AS_WRITTEN, token.content)
        kept: dict[str, tuple[str, str]] = {}
        token.content = rewrite_urls(written, lambda url: _raw_html_url(url, context, kept))
        for url, found in kept.items():
            _say_kept(url, found, context, line)
        if token.content != written:
            token.meta[_AS_WRITTEN] = written
        return
    attr = "href" if token.type == "link_open" else "src" if token.type == "image" else None
    if attr is None:
        return
    current = str(token.attrGet(attr) or "")
    written = token.meta.get(_AS_WRITTEN, current)
    new = _resolve(written, context, line, token.meta.get(_WRITTEN_AS))
    if new == UNLINKED and written and token.type == "link_open":
        token.meta[_UNLINK] = True  # (`_rewrite_links` turns it and its close into nothing)
        return
    if new != current:
        token.attrSet(attr, new)
        token.meta[_AS_WRITTEN] = written


def site_path_of(url: str, page_path: str, urls: UrlBuilder,
                 bundle: Bundle | None = None) -> str:
    """Where a URL written in a post leads, as a site path (absolute URLs stay as they are):
    a file of the page's `bundle` where the bundle is published, else where a browser finds
    it."""
    parts = split_url(url)
    if parts.scheme or parts.netloc:
        return url
    path = unquote(parts.path)
    if path.startswith("/"):  # (one a tag gave is under the base path already)
        return urls.site_path_of(path)
    held = bundle.find(path) if bundle is not None else None
    if held is not None:
        return held
    # relative to the page's folder, as a browser reads it: `x.png` on `a/b.html` is `a/x.png`
    return posixpath.normpath(posixpath.join(page_folder(page_path), path))


def _moved_file(path: str, context: LinkContext) -> str | None:
    """The site path of the file a relative path names, where a browser would not find it
    from the page: a file of the page's bundle where the bundle is moved (see `Bundle.moved`),
    else a file under content/ named from the post's own file, published elsewhere than where
    the page's folder leads; None for any other path."""
    bundle = context.bundle
    if bundle is not None and (held := bundle.find(path)) is not None:
        return held if bundle.moved else None
    return published_elsewhere(path, context.source, context.page_path, context.published)


_BACKSLASH = re.compile(r"\\|%5[Cc]")  # (as a URL may hold it, written or encoded)


def _names_a_file(path: str, context: LinkContext) -> bool:
    """Whether a relative path names a file of the post's bundle or one under content/ from
    the post's own file."""
    bundle = context.bundle
    if bundle is not None and bundle.find(path) is not None:
        return True
    # (looked up, not `in`: the build records what a body looked up, to know when it changes)
    named = posixpath.normpath(posixpath.join(context.source.parent.as_posix(), path))
    return context.published.get(named) is not None


# Windows and macOS open `Fig1.PNG` for a link to `fig1.png`, as their editors' previews do;
# GitHub Pages finds no such file. A link naming a file in other capitals is followed, said.
# The map of published files holds, under this prefix, each name in small letters -> the one
# file of that name in any capitals ("" for several), looked up as the rest (`published_files`).
IN_OTHER_CAPITALS = "\0capitals:"
IN_OTHER_CAPITALS_WHY = ("in other capitals (Windows and macOS find it either way, GitHub "
                         "Pages does not)")


def _in_other_capitals(path: str, twin: str, context: LinkContext) -> str:
    named = posixpath.relpath(twin, context.source.parent.as_posix())
    return (f"link to `{path}`: the file is `{named}`, {IN_OTHER_CAPITALS_WHY}: write "
            f"`{named}` (it is followed this time)")


def _post_in_other_capitals(target: str, context: LinkContext,
                            held_back: bool = False) -> str | None:
    """The one Markdown file whose name is `target`'s in other capitals, among the published
    ones or (`held_back`) those held back (the names are searched: the body is rendered again
    when any of them comes, goes, or is published)."""
    folded = target.lower()
    found = [name for name in (context.held_back if held_back else context.sources)
             if name.lower() == folded]
    return found[0] if len(found) == 1 else None


def _file_in_other_capitals(path: str, context: LinkContext) -> str | None:
    """The file under content/ (its path from content/) a relative path names in other
    capitals, from the post's own file, when none is named as written."""
    named = posixpath.normpath(posixpath.join(context.source.parent.as_posix(), path))
    if _names_a_file(path, context) or named.startswith("../"):
        return None
    twin = context.published.get(IN_OTHER_CAPITALS + named.lower())
    return twin if twin and twin != named else None


def published_elsewhere(path: str, source: PurePosixPath, page_path: str,
                        published: Mapping[str, str]) -> str | None:
    """The site path of the file under content/ a relative path names from the post's own
    file (`source`, relative to content/), as Typora and VS Code show it, when that file is
    published elsewhere than where a browser looks from the page; else None."""
    named = composed(posixpath.normpath(posixpath.join(source.parent.as_posix(), path)))
    site_path = published.get(named)
    if site_path is None or site_path == posixpath.normpath(
            posixpath.join(page_folder(page_path), path)):
        return None
    return site_path


def _raw_html_url(url: str, context: LinkContext,
                  kept_files: dict[str, tuple[str, str]] | None = None) -> str:
    """A URL in raw HTML: one naming a file a browser would not find from the page made to
    point at it (`_moved_file`, `_kept_from_writers_computer`, noted in `kept_files` to be
    said once: this is asked again of a URL it changes); any other is left as written (the
    link audit and, for feeds, `absolutize_html` see to those)."""
    if (kept := _kept_from_writers_computer(url, context)) is not None:
        if kept_files is not None:
            kept_files[url] = kept
        url = quote(kept[0])
    parts = split_url(url)
    if parts.scheme or parts.netloc:
        return url
    url, parts, path = _composed_path(url, parts)
    if (site_path := _from_typora_root(path, context)) is not None:
        # (Typora writes a picture resized as raw HTML, `<img src="/a.png" style="zoom:42%">`)
        return _url_of(site_path, parts, context)
    if not path or path.startswith("/"):
        return url
    site_path = _moved_file(path, context)
    return url if site_path is None else _url_of(site_path, parts, context)


def _from_typora_root(path: str, context: LinkContext) -> str | None:
    """Where the file a path from the root (`/a.png`) names is published, when the post's
    `typora-root-url` makes that root a folder under content/ holding it (`typora_root`)."""
    if not path.startswith("/") or context.typora_root is None:
        return None
    return context.published.get(posixpath.normpath(posixpath.join(context.typora_root,
                                                                   path.lstrip("/"))))


def _composed_path(url: str, parts: SplitResult) -> tuple[str, SplitResult, str]:
    """A URL of this site as written, its parts and its path unquoted, with the path composed
    (`composed`): a name pasted from a Mac's Finder may be decomposed, and the files it names
    are published composed."""
    path = unquote(parts.path)
    if (whole := composed(path)) == path:
        return url, parts, path
    parts = parts._replace(path=quote(whole))
    return urlunsplit(parts), parts, whole


def _url_of(site_path: str, parts: SplitResult, context: LinkContext) -> str:
    """The link to a site path, for the page or its feed, with the query and fragment of the
    URL written."""
    builder = context.urls.absolute if context.absolute else context.urls.path
    return builder(site_path) + _suffix(parts)


def _suffix(parts: SplitResult) -> str:
    return (f"?{parts.query}" if parts.query else "") + (
        f"#{parts.fragment}" if parts.fragment else "")


# What `_resolve` gives for a link to a post this build holds back (a draft, a future post):
# its words are shown without a link until it is published (a link to `x.md` was a 404).
UNLINKED = ""


def _whole_name(url: str, context: LinkContext) -> str | None:
    """The path a relative URL holding `#` or `?` names as a whole, when what comes before
    them names nothing and the whole names a file from the post's own (Windows and macOS
    names hold them: `C#.png`, `what?.png`, `../C# tips.md`, which Typora shows); else None."""
    if "#" not in url and "?" not in url or url.startswith(("#", "?")) or \
            split_url(url).scheme or split_url(url).netloc:
        return None
    path = composed(unquote(url))
    if not path or path.startswith("/") or _names_post_or_file(
            composed(unquote(split_url(url).path)), context):
        return None
    return path if _names_post_or_file(path, context) else None


def _names_post_or_file(path: str, context: LinkContext) -> bool:
    """Whether a relative path names, from the post's own file, a file or a Markdown file of
    a post (a held-back one's too)."""
    if is_markdown_name(path):
        target = posixpath.normpath(posixpath.join(context.source.parent.as_posix(), path))
        return context.sources.get(target) is not None or target in context.held_back
    return _names_a_file(path, context)


def _resolve(url: str, context: LinkContext, line: int | None,
             written_as: str | None = None) -> str:
    if (kept := _kept_from_writers_computer(url, context)) is not None:
        _say_kept(url, kept, context, line)
        url = quote(kept[0])
    if (whole := _whole_name(url, context)) is not None:
        url = quote(whole)  # (its `#` and `?` are the name's: `C%23.png`)
    parts = split_url(url)
    if parts.scheme or parts.netloc or not (parts.path or parts.fragment):
        return url
    suffix = _suffix(parts)
    url, parts, path = _composed_path(url, parts)
    if not path:  # "#section" within the page
        return context.urls.absolute(context.page_path) + suffix if context.absolute else url
    if (site_path := _from_typora_root(path, context)) is not None:
        return _url_of(site_path, parts, context)  # (as Typora shows it: `typora_root`)
    if path.startswith("/"):
        if not context.absolute:  # the build's link audit puts it under the base path when
            return url            # its target exists there (it may already be under it)
        return context.urls.from_root(url, absolute=True)
    if is_markdown_name(path) or _notebook_post(path, context):
        target = posixpath.normpath(str(context.source.parent / path))
        site_path = context.sources.get(target)
        if site_path is None and "\\" in path:  # `..\misc\a.md`, a Windows habit
            forward = path.replace("\\", "/")
            target = posixpath.normpath(str(context.source.parent / forward))
            site_path = context.sources.get(target)
            if site_path is not None and context.warn is not None:
                context.warn(f"link to `{path}` uses `\\` where a link needs `/`: write "
                             f"`{forward}` (it is followed this time)", line or 1)
        if site_path is None and (twin := _post_in_other_capitals(target, context)):
            site_path = context.sources.get(twin)
            if context.warn is not None:
                context.warn(_in_other_capitals(path, twin, context), line or 1)
        if site_path is None and (named := _by_shortest_path(path, context)) is not None:
            target, site_path = named, context.sources.get(named)
        if site_path is not None and " " in unquote(parts.fragment):
            # (Obsidian writes the heading's words, by any of its link formats: no id holds
            # a space, so they are the heading's, and the link leads to the id it got)
            parts = parts._replace(fragment=_heading_id(target, unquote(parts.fragment),
                                                        context))
        if site_path is None:
            if context.warn is not None:
                # (named with its #fragment: two links to one file are told apart; a
                # wikilink as written, not as the Markdown link made of it)
                shown = written_as or path + (f"#{unquote(parts.fragment)}" if parts.fragment
                                              else "")
                context.warn(_no_page_for(shown, target, context), line or 1)
            if target not in context.held_back:  # (a draft named in other capitals: as one)
                target = _post_in_other_capitals(target, context, held_back=True) or target
            return UNLINKED if context.held_back.get(target) in HELD_BACK else url
    else:  # relative to the page, e.g. a bundle's image, or to the post's file
        if "\\" in path and _names_a_file(forward := path.replace("\\", "/"), context):
            # `images\fig.png`, a Windows habit, names a file with `/`: followed, said
            if context.warn is not None:
                context.warn(f"link to `{path}` uses `\\` where a link needs `/`: write "
                             f"`{forward}` (it is followed this time)", line or 1)
            path = forward
            parts = parts._replace(path=_BACKSLASH.sub("/", parts.path))
            url = urlunsplit(parts)
        if (twin := _file_in_other_capitals(path, context)) is not None:
            if context.warn is not None:
                context.warn(_in_other_capitals(path, twin, context), line or 1)
            path = posixpath.relpath(twin, context.source.parent.as_posix())
            parts = parts._replace(path=quote(path))
            url = urlunsplit(parts)
        moved = _moved_file(path, context)
        if moved is None and not _names_a_file(path, context) and \
                (named := _file_by_shortest_path(path, context)) is not None:
            moved = context.published.get(named)
        if moved is None:
            return join_url(context.urls.absolute(context.page_path), url) \
                if context.absolute else url
        site_path = moved
    return _url_of(site_path, parts, context)


# A path from the root of the writer's computer, as Typora writes a picture's when told to use
# absolute paths or when the note was outside the folder: a Windows drive's (`C:\\Users\\…`,
# `file:///C:/…`), or a macOS or Linux home's (`/Users/lin/…`, `/home/lin/…`)
_FROM_COMPUTERS_ROOT = re.compile(r"(?:file:/*)?(?:[A-Za-z]:[\\/]|/(?:Users|home)/[^/\\]+/)",
                                  re.I)


def _kept_from_writers_computer(url: str, context: LinkContext) -> tuple[str, str] | None:
    """The path from the post's file (as the writer would write it) to the file under
    content/ a path on the writer's computer names, and that file's path from content/, when
    the site keeps that file (`/home/lin/github/notes/assets/a.png`, the notes' folder,
    committed with the picture in it): of the files of that name, the one whose folders end
    as the path's do the most, when it shares a folder with the path or is in the post's
    folder or below it (a picture Typora put beside the note; a name alone, `image.png`, in
    another folder may be another picture). Typora showed it on the writer's computer; a
    browser opens no such path from a web page. None for a URL that is no such path, or whose
    file the site does not keep (`typora-user-images/`): the link audit says that one."""
    written = unquote(url.strip()).replace("\\", "/")
    if not _FROM_COMPUTERS_ROOT.match(written) or context.published.get(
            posixpath.normpath(written.lstrip("/"))) is not None:
        return None
    path = composed(split_url(written).path if "://" in written else written.partition("#")[0])
    folders = path.lower().split("/")
    shared = {found: _shared_end(found.lower().split("/"), folders)
              for found in _files_named(posixpath.basename(path), context.published)}
    most = max(shared.values(), default=0)
    kept = [found for found, count in shared.items() if count == most]
    if len(kept) != 1:
        return None
    target = posixpath.relpath(kept[0], context.source.parent.as_posix())
    return (target, kept[0]) if most > 1 or not target.startswith("../") else None


def _say_kept(url: str, kept: tuple[str, str], context: LinkContext, line: int | None) -> None:
    """The warning that a path on the writer's computer was shown as the site's file."""
    if context.warn is not None:
        target, found = kept
        shown = f"<{target}>" if " " in target else target
        context.warn(f"`{unquote(url.strip())}` is a path on the writer's computer, which no "
                     f"reader's browser opens: shown is content/{found}, the site's file of "
                     f"that name (write `{shown}`)", line or 1)


def _shared_end(path: list[str], other: list[str]) -> int:
    """How many parts two paths share at their ends (`assets/a.png`: 2)."""
    count = 0
    while count < min(len(path), len(other)) and path[-1 - count] == other[-1 - count]:
        count += 1
    return count


def _shortest_path(path: str) -> bool:
    """Whether a relative path may be written as Obsidian's "shortest path when possible"
    writes a link: a file's name alone, or the end of its path from the vault's root (not
    `../x`, which names a file from the note)."""
    return not path.startswith(("../", "./", "/")) and "\\" not in path


def _by_shortest_path(path: str, context: LinkContext) -> str | None:
    """The one Markdown file a link that names none from the post's file names by Obsidian's
    shortest path (`_shortest_path`), as wikilinks find a note (`_posts_named`)."""
    named = _posts_named(path, context) if _shortest_path(path) else []
    return named[0] if len(named) == 1 else None


def _file_by_shortest_path(path: str, context: LinkContext) -> str | None:
    """The one file under content/ (not a post) a link that names none from the post's file
    names by Obsidian's shortest path (`_shortest_path`), as its embeds find one."""
    named = _files_named(path, context.published) if _shortest_path(path) else []
    return named[0] if len(named) == 1 else None


def _notebook_post(path: str, context: LinkContext) -> bool:
    """Whether a relative path names a notebook that is a post (`02-training.ipynb`, as one
    notebook links the next): its page is where the link leads. A notebook that is no post
    (one offered for download in a bundle) is a file, linked as it is."""
    if not path.lower().endswith(".ipynb"):
        return False
    target = posixpath.normpath(str(context.source.parent / path))
    return context.sources.get(target) is not None or target in context.held_back


HELD_BACK = {  # (why a post is held back: what a link to it, or a tag naming it, says)
    "draft": "a draft, held back: it is linked when it is published (or built with --drafts)",
    "future": "dated in the future, held back: it is linked from that date (or built with "
              "--future)",
    "expired": "past its expiryDate, held back: it is linked no more (or built with --expired)",
    "broken": "not published for the error in it said here: it is linked once that is fixed",
    "empty": "empty (no text below its front matter, or none at all), not published: it is "
             "linked once written in",
    "locked": "locked by its `password`, held back: it is linked once the line is removed",
}


def _no_page_for(path: str, target: str, context: LinkContext) -> str:
    """Why the Markdown file `path` (content-relative: `target`) links to no page."""
    held = context.held_back.get(target)
    if held is None and (twin := _post_in_other_capitals(target, context, held_back=True)):
        held = context.held_back.get(twin)
        named = posixpath.relpath(twin, context.source.parent.as_posix())
        if held in HELD_BACK:
            return (f"link to `{path}`: that post is {HELD_BACK[held]}; its file is "
                    f"`{named}`, {IN_OTHER_CAPITALS_WHY}: write `{named}`")
    if held in HELD_BACK:
        return f"link to `{path}`: that post is {HELD_BACK[held]}"
    slash = " (and a link needs `/` where it has `\\`)" if "\\" in path else ""
    moved = _moved_post(target, context)
    meant = f"; did you mean `{moved}`?" if moved else ""
    return f"link to `{path}`: no such Markdown file in content/{slash}{meant}"


def _renamed(name: str, other: str) -> bool:
    """Whether a file's name may be another's renamed: one name's start is the other (three
    letters or more: `vae` and `vae-notes`), or they are nearly alike (`diffusion` and
    `difusion`); the endings aside (`later.md` and `a.md` share only theirs)."""
    from difflib import SequenceMatcher  # (a link to a missing file only: see text.close_matches)

    one, two = posixpath.splitext(name)[0].lower(), posixpath.splitext(other)[0].lower()
    shorter, longer = sorted((one, two), key=len)
    return len(shorter) >= 3 and longer.startswith(shorter) or \
        SequenceMatcher(None, one, two).ratio() >= 0.75


def _moved_post(target: str, context: LinkContext) -> str | None:
    """The one Markdown file a link to a missing one most likely names since the posts were
    reorganised (`gan/index.md` now at `2025/gan/index.md`, `vae.md` moved to a folder), as
    a link from this post writes it; None when no file, or several, end the same way."""
    folder, name = posixpath.split(target)
    tail = f"{posixpath.basename(folder)}/{name}" if name in ("index.md", "_index.md") else name
    # (the names are searched: the body is rendered again when any of them comes or goes)
    found = [other for other in context.sources if other.endswith("/" + tail) or other == tail]
    if not found:  # renamed in its folder (`vae.md` to `vae-notes.md`): a name like it
        found = [other for other in context.sources if posixpath.dirname(other) == folder
                 and _renamed(name, posixpath.basename(other))]
    if len(found) != 1:
        return None
    return posixpath.relpath(found[0], context.source.parent.as_posix())


def absolutize_html(html: str, page_url: str, urls: UrlBuilder) -> str:
    """Make every URL of every element in finished HTML absolute, raw HTML included (for
    feeds)."""
    def fix(url: str) -> str:
        parts = split_url(url)
        if parts.scheme or parts.netloc:
            return url
        if url.startswith("/") and not url.startswith(urls.base_path):
            # written for the site root; its query and fragment are kept as they are
            url = urls.absolute(unquote(parts.path).lstrip("/")) + url[len(parts.path):]
        return join_url(page_url, url)

    return rewrite_urls(html, fix)

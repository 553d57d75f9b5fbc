"""Section pages: a list of the posts of each folder of content/posts/, as Hugo makes one of
every section (`/posts/`, `/posts/leetcode/`, `/en/posts/`), which a menu's `url: posts/`
names. An `_index.md` in the folder (Hugo's) gives the page its title and an introduction.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from blogforge.content.frontmatter import (
    FrontMatterError,
    flag_value,
    params_slip_message,
    split_front_matter,
    with_own_params,
)
from blogforge.content.loader import POSTS_DIR
from blogforge.language_codes import matching_language, split_language_suffix
from blogforge.model import Post
from blogforge.site_folder import CONTENT_DIR
from blogforge.urls import slugify

if TYPE_CHECKING:
    from blogforge.content.cascade import Cascades
    from blogforge.i18n import Strings

INTRO_NAME = "_index"


@dataclass(frozen=True)
class Section:
    """A folder's list page in one language."""

    folder: str  # below content/: "posts/leetcode"
    path: str  # its page's site path: "en/posts/leetcode/"
    title: str
    description: str
    intro: str  # the HTML of its `_index.md` body ("" without one)
    count: int  # posts listed, in it and below it
    # the sections above it (outermost first) and right below it, as (title, path, count)
    parents: tuple[tuple[str, str, int], ...] = ()
    children: tuple[tuple[str, str, int], ...] = ()
    source: str = ""  # its `_index.md` ("content/posts/leetcode/_index.md"), for messages
    # its `_index.md`'s front matter with what the cascades above give it (Hugo's `.Params` of
    # a list page), for a site's own template: `section.params.banner`
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class IntroPage:
    """What a folder's `_index.md` gives its section's page in one language."""

    title: str  # "" when it gives none: the folder's name is the title
    description: str
    html: str  # its body, rendered
    math: bool  # (the page then links KaTeX's stylesheet, and the code's)
    code: bool
    source: str  # the file: content/posts/leetcode/_index.md
    weight: int = 0  # its `weight` (`hugo_weight`): where the list above puts the section
    # the start of its text, as a post's is cut for a meta description: the page's when it
    # has no `description`
    text_description: str = ""
    image: str | None = None  # the picture its front matter (or a cascade) names for its card
    params: Mapping[str, Any] = field(default_factory=dict)  # (`Section.params`)


@dataclass(frozen=True)
class Intro:
    """A folder's `_index.md` (or `_index.en.md`), read: what it says of its section."""

    source: Path  # from the site folder: content/posts/leetcode/_index.md
    # as its `lang:` or its name (`_index.en.md`) says, else None: the default language's
    lang: str | None
    title: str | None
    description: str
    body: str
    body_line: int
    params: dict
    draft: bool = False  # `draft: true` (or Hugo's `published: false`): no page, as Hugo
    # the keys a cascade gave it -> the `_index.md` and line writing each (cascade.py)
    given: Mapping[str, tuple[Path, int]] = field(default_factory=dict)


def post_folder(post: Post) -> str:
    """The folder below content/ that holds a post: a bundle's (`leetcode/76/index.md`) is
    the one its folder is in."""
    parent = post.source.parent
    if post.bundle_dir is not None and post.source.stem.split(".")[0] == "index" \
            and Path(post.bundle_dir).name == parent.name:
        parent = parent.parent
    parts = parent.parts
    return "/".join(parts[1:] if parts and parts[0] == CONTENT_DIR else parts)


def folder_posts(posts: Iterable[Post]) -> dict[str, list[Post]]:
    """Each folder of content/posts/ that holds posts (in it or below it) -> those posts, in
    the order given. Folders whose page is one (`ML/` and `ml/`, which Linux keeps apart and
    whose posts are all published under /posts/ml/) are one, named as the first post met
    names it."""
    found: dict[str, list[Post]] = {}
    spelling: dict[str, str] = {}  # section_key -> the folder as first met
    for post in posts:
        parts = post_folder(post).split("/")
        if parts[0] != POSTS_DIR:
            continue
        folder = ""
        for part in parts:
            folder = f"{folder}/{part}" if folder else part
            folder = spelling.setdefault(section_key(folder), folder)
            found.setdefault(folder, []).append(post)
    return found


def intro_folder(source: str, key: str) -> str | None:
    """The folder below content/ (as written) that the `_index.md` at `source` (from the site
    folder) introduces, when it is the section `key`'s own file: None for one a cascade lent
    a folder without an `_index.md` (`cascaded_intros`)."""
    folder = os.path.dirname(source).removeprefix(CONTENT_DIR + "/")
    return folder if folder.split("/")[0] == POSTS_DIR and section_key(folder) == key \
        else None


def with_introduced(groups: dict[str, list[Post]], folders: Iterable[str]
                    ) -> dict[str, list[Post]]:
    """`groups` (`folder_posts`) with each of `folders` (below content/) that has an
    `_index.md` but no listed post, drafts or `_build: {list: never}` all, and each folder
    above it, as a section listing none: Hugo renders a section's list page whenever its
    `_index.md` is there, empty, so its `aliases` and a menu's link to it lead somewhere."""
    made = dict(groups)
    known = {section_key(folder) for folder in groups}
    for folder in sorted(folders):
        parts = folder.split("/")
        for depth in range(1, len(parts) + 1):
            above = "/".join(parts[:depth])
            if section_key(above) not in known:
                known.add(section_key(above))
                made[above] = []
    return made


def hugo_weight(front_matter: Mapping[str, object]) -> int:
    """A page's `weight` as Hugo orders a section's list by it: a whole number, 0 when it
    has none (as Hugo reads `weight: 0`: no weight)."""
    weight = front_matter.get("weight")
    return weight if isinstance(weight, int) and not isinstance(weight, bool) else 0


def by_weight(weight: int) -> float:
    """A sort key putting weighted things first, the lowest weight first, and those without
    a weight (0) after them all, as Hugo orders pages and sections."""
    return weight if weight else math.inf


def section_order(posts: Iterable[Post]) -> list[Post]:
    """A section's posts as Hugo lists them: by `weight` first (`by_weight`), then in the
    order given (newest first). Only a section's list: the home page pins a weighted post
    (loader's `pinned`), a tag's list is by date alone."""
    return sorted(posts, key=lambda post: by_weight(hugo_weight(post.params)))


def section_key(folder: str) -> str:
    """What a folder's page is known by, whatever the folder's capitals and spaces: its path
    below the language's folder, without the last slash (`posts/machine-learning`)."""
    return section_path(folder, "").removesuffix("/")


def section_path(folder: str, prefix: str) -> str:
    """A folder's page in a language (`prefix`: its folder, "" or "en/"), its names made URL
    segments as a post's are (`Machine Learning` → machine-learning)."""
    return prefix + "".join(f"{slugify(name) or name}/" for name in folder.split("/"))


def folder_title(folder: str, strings: Strings) -> str:
    """A section's title without an `_index.md`: its folder's name as written (`leetcode`);
    content/posts/ itself, a folder every site has and whose name is blogforge's, not the
    writer's, is the theme's word for posts in the page's language (文章, Posts)."""
    if folder == POSTS_DIR:
        return strings("posts_section")
    return folder.rsplit("/", 1)[-1]


def find_intros(source: Path, languages: frozenset[str],
                problems: list[tuple[str, Path, int | None]],
                warnings: list[tuple[str, Path, int | None]]
                ) -> dict[tuple[str, str | None], Intro]:
    """(section_key of the folder, language as named or None) -> the folder's `_index.md`,
    for every one under content/posts/. One that cannot be read, or a second for one page, is
    added to `problems` as (message, file, line): its section keeps its folder's name. A
    slip of its `params:` map is added to `warnings` so, at its line."""
    found: dict[tuple[str, str | None], Intro] = {}
    top = source / CONTENT_DIR / POSTS_DIR
    for folder, names, files in os.walk(top):
        names[:] = sorted(name for name in names if not name.startswith((".", "_")))
        for name in sorted(files):
            if not (name.startswith(INTRO_NAME + ".") and name.endswith((".md", ".markdown"))):
                continue
            stem, lang = split_language_suffix(name, languages)
            if stem != INTRO_NAME:
                continue
            path = Path(folder, name)
            rel = path.relative_to(source)
            try:
                text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
                split = split_front_matter(text)
            except FrontMatterError as exc:
                problems.append((str(exc), rel, exc.line))
                continue
            except (OSError, UnicodeDecodeError) as exc:
                problems.append((f"cannot be read: {exc}", rel, None))
                continue
            # (Hugo's `params:` map of the page's own keys: `section.params.KEY`, as Hugo's
            # `.Params.KEY`)
            data, _, slips = with_own_params(split.data, split.lines, text, split.body_line,
                                             terms=False)
            if (written := data.get("lang") or data.get("language")) not in (None, ""):
                # (as a post's `lang:` says its language: an English `_index.md` was shown,
                # unmarked, on the Chinese page)
                lang = matching_language(str(written), languages)
                if lang is None:
                    key = "lang" if data.get("lang") else "language"
                    problems.append((f"`{key}: {written}` is not one of this site's languages "
                                     f"({', '.join(sorted(languages))})", rel,
                                     split.lines.get(key)))
                    continue
            written_folder = Path(folder).relative_to(source / CONTENT_DIR).as_posix()
            below = section_key(written_folder)
            if (twin := found.get((below, lang))) is not None:
                problems.append((f"a second introduction of the folder `{written_folder}` in "
                                 f"{lang or 'the default language'}, beside "
                                 f"{twin.source.as_posix()}: one is read (give each its "
                                 "`lang:`, or name it `_index.LANG.md`)", rel, None)
                                if twin.source.parent == rel.parent else
                                (f"introduces the folder's list page, as "
                                 f"{twin.source.as_posix()} already does (their folders are one "
                                 "page, apart only in capitals or spaces): keep one of the two",
                                 rel, None))
                continue
            # (its `params:` slips said as a post's are: once for the file, whatever the
            # languages it serves)
            warnings += [(params_slip_message(slip, "section"), rel, slip.line)
                         for slip in slips]
            title = data.get("title")
            description = data.get("description") or data.get("summary") or ""
            found[below, lang] = Intro(rel, lang, str(title) if title not in (None, "") else None,
                                       str(description), split.body, split.body_line, data,
                                       held_as_draft(data))
    return found


def held_as_draft(front_matter: Mapping[str, object]) -> bool:
    """Whether an `_index.md`'s front matter (with its cascade) holds its section's page back:
    `draft: true`, or Hugo's `published: false`."""
    return flag_value(front_matter.get("draft")) is True \
        or flag_value(front_matter.get("published", True)) is False


def cascaded_intros(found: dict[tuple[str, str | None], Intro], cascades: Cascades,
                    folders: Iterable[str], languages: list[str], default: str
                    ) -> dict[tuple[str, str | None], Intro]:
    """`found` (`find_intros`) with what Hugo's `cascade:` gives each section's page: the
    tables of its own `_index.md` and of the folders' above it (content/_index.md's too) for
    its kind, `section`, its path (`/posts/ml`) and language; its own front matter wins. A
    section of `folders` (below content/) with no `_index.md` in a language is given one of
    the keys cascaded to it alone. Each is then in `found` by its language."""
    if not cascades:
        return found
    from blogforge.content.cascade import SECTION_KIND, cascade_for, cascaded

    written = {section_key(intro.source.parent.relative_to(CONTENT_DIR).as_posix()):
               intro.source.parent.relative_to(CONTENT_DIR).as_posix()
               for intro in found.values()}
    for folder in folders:
        written.setdefault(section_key(folder), folder)
    made = dict(found)
    for key, folder in sorted(written.items()):
        tables = cascade_for(cascades, f"{folder}/{INTRO_NAME}.md", SECTION_KIND)
        if not tables:
            continue
        for lang in languages:
            intro = intro_for(found, folder, lang, default)
            own = intro.params if intro is not None else {}
            data, given = cascaded(dict(own), tables, "/" + folder, lang, True, SECTION_KIND)
            if not given:
                continue
            if intro is None:  # (said of where the first key it takes is written)
                intro = Intro(next(iter(given.values()))[0], lang, None, "", "", 1, {})
            made[key, lang] = replace(intro, lang=lang, params=data, draft=held_as_draft(data),
                                      given=given)
    return made


def intro_for(intros: dict[tuple[str, str | None], Intro], folder: str, lang: str,
              default: str) -> Intro | None:
    """A folder's introduction in `lang`: its own file (`_index.en.md`), else `_index.md`
    when that is the default language's or `lang` is the default."""
    key = section_key(folder)
    own = intros.get((key, lang))
    if own is not None:
        return own
    plain = intros.get((key, None))
    return plain if plain is not None and lang == default else None

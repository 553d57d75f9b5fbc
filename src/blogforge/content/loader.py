"""The content loader: walks `content/` and turns each Markdown file into a `Post`.

A post is `content/posts/**/NAME.md` or the bundle `content/posts/**/NAME/index.md`; any other
Markdown file under `content/` is a stand-alone page. A Jupyter notebook under `content/posts/`
(`NAME.ipynb`, `NAME/index.ipynb`) is a post too, made into Markdown first (notebooks.py);
elsewhere, and in a Markdown post's bundle, a notebook is a file offered for download. Other
files are assets, copied to the same place in the output (a bundle's files beside each language
version of its page).
"""

from __future__ import annotations

import errno
import functools
import os
import re
from collections.abc import Callable, Iterable, Mapping
from copy import copy
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, tzinfo
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from markdown_it import MarkdownIt

from blogforge.cache import Store
from blogforge.cancel import Checkpoint, checked, never
from blogforge.content.frontmatter import (
    THEME_SWITCHES,
    UNLISTED_KEYS,
    FrontMatterError,
    ParsedFrontMatter,
    category_paths,
    comma_advice,
    curly_quoted,
    cut_by_comment,
    day_only,
    hugo_unlisted,
    jekyll_words,
    misspelt_key,
    params_slip_message,
    parse_date,
    sitemap_flag,
    slip_holds_back,
    slip_unlists,
    slips_of_date,
    split_front_matter,
    string_list,
    switch_value,
    truthy_flag,
    with_own_params,
)
from blogforge.content.permalinks import (
    NAME_BYTES,
    TOO_LONG,
    PostFields,
    as_site_path,
    expand,
    name_bytes,
    places_language,
    shown_path,
)
from blogforge.content.records import ReadPosts, post_record
from blogforge.diagnostics import Diagnostic, Diagnostics, first_few, not_utf8
from blogforge.fingerprint import code_fingerprint, digest, hash_text
from blogforge.forks import Aside
from blogforge.language_codes import (
    NOT_A_CODE,
    base_language,
    is_language_code,
    language_tag_suffix,
    matching_language,
    nickname_of,
    split_language_suffix,
    written_in_traditional_chinese,
    written_tag,
)
from blogforge.markdown.compat import Context as CompatContext
from blogforge.markdown.compat import translate as translate_generator_syntax
from blogforge.markdown.heading_attrs import heading_attrs_plugin
from blogforge.markdown.heading_ids import written_heading_ids
from blogforge.markdown.images import image_urls
from blogforge.markdown.inline_tags import note_tags, with_parents
from blogforge.markdown.links import embedded_names
from blogforge.markdown.marks import marks_plugin
from blogforge.markdown.nesting import body_depth_plugin
from blogforge.math.parse import scan_formula
from blogforge.math.plugin import math_plugin
from blogforge.merge_conflicts import merge_conflict
from blogforge.model import UNSETTLED_LANGUAGE, Post
from blogforge.scratch_files import is_editor_file
from blogforge.site_folder import CONTENT_DIR, NOTEBOOK_SUFFIX, POST_SUFFIXES, can_be_listed
from blogforge.site_links import refused_link
from blogforge.text import (
    CJK_PROSE_PUNCTUATION,
    as_chinese_gbk,
    cjk_share,
    close_matches,
    compiled_when_used,
    composed,
    count_prose,
    has_cjk,
    script_counts,
)
from blogforge.urls import slugify, term_slug

if TYPE_CHECKING:
    from blogforge.content.cascade import Cascades, CascadeTable
    from blogforge.content.notebooks import Notebook

POSTS_DIR = "posts"
_JEKYLL_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")
_TAGS_PARTED = compiled_when_used(r"[\s,，、]+")  # (where Obsidian parts a string of tags)
MANY_TAGS = 50  # a post with more is warned: 2,000 tags made 2,000 pages and 410 MB of output
_DAILY_NOTE = re.compile(r"^\d{4}-\d{2}-\d{2}$")  # (Obsidian's daily notes' default name)
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")  # (an ATX heading of any level)
# A code fence's opening line (a backtick fence's info string holds no backtick), and what
# closes it: the same character, at least as many (CommonMark), on a line of its own
_FENCE = re.compile(r"^ {0,3}(`{3,}(?!.*`)|~{3,})")
_FENCE_END = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*$")
# Fenced code, inline code, formulas, link targets, HTML tags and URLs, roughly: only for
# measuring which script the prose is in. Formulas in every form the math parser reads
# (blogforge.math.parse): `$…$`, `$$…$$`, `\(…\)`, `\[…\]`, an environment without dollars, a
# bare `\eqref{…}` — a Chinese note's `\begin{align}` is no English; an escaped `\$` opens none.
# A fence never closed runs to the end, as it is rendered (an answer pasted from a chat, cut off
# in its code, was English by its Python); a line of "```x```" is inline code, no fence.
# Read by `not_prose_blanked`, which takes the blank lines above a fence with it (`^\s*` here read
# them again at each of them: 20,000 blank lines took 32 s) and hides the openers that cannot
# be closed (each read the rest of its line or text again: a line of 100,000 `<` took 51 s).
_NOT_PROSE = compiled_when_used(r"^[^\S\n]*(`{3,}(?![^`\n]*`)|~{3,}).*?(?:^[^\S\n]*\1|\Z)"
                                r"|`[^`\n]*`|\\\$|\$\$.*?\$\$|\$[^$\n]*\$"
                                r"|\\\(.*?\\\)|\\\[.*?\\\]|\\(?:eq)?ref\{[^}\n]*\}"
                                r"|\\begin\{(?P<env>[A-Za-z]+\*?)\}.*?\\end\{(?P=env)\}"
                                r"|\]\([^)\n]*\)|<[^>\n]+>|https?://\S+", re.M | re.S)
# Openers `_NOT_PROSE` reads to their closer, the rest of their line or text, and finds none
# after the last closer: each is made `_HIDDEN`, a character no part of the pattern names nor
# leaves out (as `<`, `(`, `[`, `{` are, but where they begin a match), so that it fails at once
# and every other match is found as before. A tag or a link target ends on its line, a formula
# anywhere after it; an environment at its own `\end`.
_HIDDEN = "\0"
_ENDS_ON_ITS_LINE = (("<", ">", _HIDDEN), ("](", ")", "]" + _HIDDEN),
                     ("ref{", "}", "ref" + _HIDDEN))  # (`\ref{`, `\eqref{`)
_ENDS_LATER = (("\\(", "\\)"), ("\\[", "\\]"))
_BEGIN = compiled_when_used(r"\\begin\{([A-Za-z]+\*?)\}")
_END = compiled_when_used(r"\\end\{([A-Za-z]+\*?)\}")
_ENOUGH_PROSE = 5  # CJK characters + Latin words needed to tell a post's language
_LATIN_LETTER = re.compile("[A-Za-z]")
# What neither a feed (XML 1.0) nor an HTML page may hold: C0 controls but tab and newline (a
# carriage return is gone by now), DEL and the C1 controls, U+FFFE/U+FFFF, lone surrogates.
# Copied from PDFs (a form feed per page) and terminals; invisible in an editor.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_SPACE_LIKE = {"\x0b": " ", "\x0c": " "}  # vertical tab, form feed: they part words


class _MeasuringContext(CompatContext):
    """For measuring a post's prose: its tags rewritten as a build would, nothing reported, and
    every post a tag names taken to exist, as the posts are not all known yet (its URL is no
    prose either way; left as written, the tag would count as words)."""

    def find_post(self, name: str) -> str | None:
        return ""


_MEASURING = _MeasuringContext("", {}, lambda message, line: None)


@dataclass(frozen=True)
class Asset:
    """A file under content/ that is not a post, and where it is published."""

    source: Path  # absolute
    target: str  # output path from the site root, before any language prefix; composed


@dataclass
class Loaded:
    """What the loader found under content/: posts, loose files, bundles' files."""

    posts: list[Post] = field(default_factory=list)
    assets: list[Asset] = field(default_factory=list)
    bundle_assets: dict[Path, list[Asset]] = field(default_factory=dict)  # bundle dir -> assets
    # drafts held back for what is wrong in them (no post was made: `draft_held_back`), each
    # file as messages name it, in file order: the build names them with the drafts it held
    held_drafts: list[Path] = field(default_factory=list)
    # files no post was made of for an error in them, as messages name them: a link to one
    # is told so (it said "no such Markdown file", of a file a merge conflict had broken)
    broken: list[Path] = field(default_factory=list)
    # files with no text (an empty note; a post of front matter alone, held back by the
    # build): a link to one is told it is empty, not that there is no such file
    empty: list[Path] = field(default_factory=list)
    # files held back for their `password:` (hexo-blog-encrypt's), told so to a link to one
    locked: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class LoadOptions:
    """What reading a post depends on besides its file."""

    default_language: str
    languages: frozenset[str]  # the site's languages; empty when it declares none
    zone: tzinfo = UTC
    permalinks: Mapping[str, str] = field(default_factory=dict)  # language ("" for all) -> pattern
    # The front-matter keys the site's templates and the theme's read (`post.params.tag`):
    # never told as slips of blogforge's keys (frontmatter.keys_templates_read). One of the
    # options, so a post read before a template edit is read again (records.record_keys).
    template_keys: frozenset[str] = frozenset()
    # Whether this build shows drafts (`--drafts`): a draft it does not show cannot stop it,
    # so what is wrong in one is a warning, the draft held back (`draft_held_back`).
    drafts: bool = False
    # The declared languages in the site's order (the default first, as the language switcher
    # lists them), for messages that name them; empty when it declares none.
    language_order: tuple[str, ...] = ()

    # The site is an Obsidian vault (`.obsidian/` in it or in content/): its notes' `aliases`
    # are other names of the note, not old URLs to redirect from.
    vault: bool = False
    # The folders below content/ that are vaults of their own (content/'s paths: `posts/notes`),
    # a vault copied in: their notes are read as a vault's (`vault_folders`)
    vault_folders: tuple[str, ...] = ()
    # The vault's template folders (content/'s paths: `Templates`), whose notes are Obsidian's
    # templates (`title: {{title}}`), no posts: `vault_templates`
    vault_templates: tuple[str, ...] = ()

    def declared(self) -> list[str]:
        """The site's declared languages, in its order."""
        return list(self.language_order) or sorted(self.languages)


# A long-lived site's memory of the posts it read: file -> (its stat, the options read with
# and the bytes the build handed over, the post as read, the messages reading it gave).
LoadMemo = dict[Path, tuple[tuple, Post | None, list]]


def load_content(site_dir: Path, options: LoadOptions, diagnostics: Diagnostics,
                 memo: LoadMemo | None = None, check: Checkpoint = never,
                 parsed: ParsedFrontMatter | None = None,
                 read: dict[str, bytes] | None = None,
                 records: ReadPosts | None = None,
                 cascades: Cascades | None = None, jobs: int = 1) -> Loaded:
    """Every file under content/: Markdown into posts, the rest as assets. With `memo`, a
    file whose stat is the same as when it was last read is not read again (the preview's
    builds, after each save); `check` is asked every few files; `parsed` has the front matter
    earlier builds parsed; `read` the bytes of Markdown files the build read already (by path
    from the site folder, "content/a.md"), taken from it instead of reading them again;
    `records` the posts earlier builds made of the same bytes; `cascades` what the folders'
    `_index.md` files give the pages below them (found here when not given); `jobs`: the
    processes the reading of many posts may use (`_ReadAside`)."""
    content = site_dir / CONTENT_DIR
    loaded = Loaded()
    if not content.is_dir():
        return loaded
    if cascades is None:
        cascades = read_cascades(site_dir, options, diagnostics)
    from blogforge.content.cascade import cascade_for as tables_above  # (it imports this module)
    said_before_posts = len(diagnostics.items)
    folders: set[str] = set()  # (asset folders are looked up here, not with a stat each)
    strays: list[Path] = []
    refused: list[tuple[Path, str]] = []  # links out of the site, with what is said of each
    paths = list(_walk(str(content), folders, strays, (site_dir, refused)))
    if options.vault_templates:
        skipped = tuple(str(content / folder) + os.sep for folder in options.vault_templates)
        paths = [path for path in paths if not str(path).startswith(skipped)]
    for stray in strays:
        diagnostics.warning(f"{stray_reason(stray)}, skipped", stray.relative_to(site_dir))
    for link, said in refused:
        diagnostics.warning(said, link.relative_to(site_dir))
    below_content = len(str(content)) + 1  # (where a path's name from content/ starts)
    # A notebook beside the Markdown made of it (nbconvert's `x.md` of `x.ipynb`) is that
    # post's download, as it was before notebooks were posts: not a second page at its URL
    exported = _exported_notebooks(paths)
    posts_only = [path for path in paths if not _is_notebook(path) or path not in exported
                  and is_post_file(str(path)[below_content:].replace(os.sep, "/"))]
    asset_folders = {path: folder for path in posts_only
                     if (folder := _asset_folder(
                         path, str(path)[below_content:].replace(os.sep, "/"), folders))
                     is not None}
    bundles = {str(folder): folder for folder in {path.parent for path in posts_only
                                                  if _is_index(path)}
               | set(asset_folders.values())}
    inside: dict[Path, list[Path]] = {}  # a bundle's folder -> the Markdown files in it
    # Many posts to read anew (a cold build's): the last half of them are read meanwhile by a
    # process forked beside this one, while the bodies' pool waits for them all (`_ReadAside`)
    aside = None
    if jobs > 1 and records is not None and read and not memo \
            and len(records.keys) - len(records.known) >= READ_ASIDE_POSTS:
        anew = [(path, rel) for path in paths
                if records.unknown(rel := str(path)[below_content:].replace(os.sep, "/"))
                and f"{CONTENT_DIR}/{rel}" in read and is_post_file(rel)
                and path not in exported and (_is_index(path) or _owner(path, bundles) is None)]
        theirs = anew[len(anew) // 2:]
        if len(anew) >= READ_ASIDE_POSTS:
            aside = _ReadAside.start(
                [rel for _, rel in theirs], _records_of,
                [(path, rel, asset_folders.get(path),
                  tables_above(cascades, rel) if cascades else ()) for path, rel in theirs],
                site_dir, options, parsed, folders, read)
    try:
        for path in checked(paths, check):
            # (the name from content/ as text: a thousand posts' Path operations were 2% of a
            # one-post edit; a PurePosixPath is made for the files read anew)
            rel = str(path)[below_content:].replace(os.sep, "/")
            # (a notebook in a bundle's folder, beside its index, is one of its files: offered
            # for download, as it was before notebooks were posts, and said of by no warning)
            if is_post_file(rel) and path not in exported and not (
                    _is_notebook(path) and not _is_index(path)
                    and _owner(path, bundles) is not None):
                if not _is_index(path) and (owner := _owner(path, bundles)) is not None:
                    # Hugo's rule: a leaf bundle's other Markdown files are its files, never pages
                    # (scratch notes kept beside index.md reached the home page and the feeds).
                    inside.setdefault(owner, []).append(path)
                    continue
                if aside is not None and not aside.taken and rel in aside.files:
                    aside.take(records, parsed)  # type: ignore[arg-type]
                said_before = len(diagnostics.items)
                post = _load_remembered(path, rel, site_dir, options, diagnostics, memo, parsed,
                                        folders, read, records, asset_folders.get(path),
                                        tables_above(cascades, rel) if cascades else ())
                if post is not None:
                    loaded.posts.append(post)
                elif (held := _held_for_a_problem(diagnostics.items[said_before:])) is not None:
                    loaded.held_drafts.append(held)
                elif any(item.message == PASSWORD_HELD_BACK
                         for item in diagnostics.items[said_before:]):  # (a link to it says why)
                    loaded.locked.append(path.relative_to(site_dir))
                elif any(item.level == "error" for item in diagnostics.items[said_before:]):
                    loaded.broken.append(path.relative_to(site_dir))
                elif any(item.message == EMPTY_NOTE for item in diagnostics.items[said_before:]):
                    loaded.empty.append(path.relative_to(site_dir))
                continue
            bundle = _owner(path, bundles)
            if bundle is None:
                loaded.assets.append(Asset(path, composed(rel)))
            else:
                inner = composed(path.relative_to(bundle).as_posix())
                loaded.bundle_assets.setdefault(bundle, []).append(Asset(path, inner))
    finally:
        if aside is not None:  # (stopped, or an error: its work is for nobody)
            aside.stop()
    for owner, files in inside.items():
        _warn_of_markdown_in_bundle(owner, files, paths, site_dir, diagnostics)
    _warn_of_folders_named_as_posts(folders, bundles, paths, content, diagnostics)
    loaded.posts = _checked_language_lines(loaded.posts, site_dir, options, diagnostics)
    if cascades:  # (a cascade's value said once at its line, naming the pages it went to)
        diagnostics.items[said_before_posts:] = said_once(diagnostics.items[said_before_posts:])
    return loaded


def read_cascades(site_dir: Path, options: LoadOptions, diagnostics: Diagnostics,
                  names: Iterable[str] | None = None, read: Mapping[str, bytes] | None = None
                  ) -> Cascades:
    """The `cascade:` of every `_index.md` under content/ (cascade.py), or of those among
    `names` (from the site folder) with their bytes in `read`, what is wrong in them said."""
    from blogforge.content.cascade import find_cascades, intro_files
    problems: list = []
    found = find_cascades(site_dir, intro_files(site_dir) if names is None else names,
                          options.languages, options.template_keys, read, problems)
    for level, message, file, line in problems:
        getattr(diagnostics, level)(message, file, line)
    return found


_GIVEN_TO = re.compile(r"^(.*) \(given by `cascade` to (.+)\)$", re.S)  # (`given_to`'s)


def given_to(page: Path | str) -> str:
    """What a message about a key a cascade gave a page adds, naming it (`said_once` merges
    those said of many pages at one line)."""
    return f" (given by `cascade` to {PurePosixPath(page).as_posix()})"


def said_once(items: list[Diagnostic]) -> list[Diagnostic]:
    """`items` with what was said of each page at one line of an `_index.md` (its cascade's
    value, given to every page below) said once, where it was first said, naming the pages."""
    kept: list[Diagnostic] = []
    first: dict[tuple, tuple[int, str, list[str]]] = {}  # -> (where kept, message, pages)
    for item in items:
        if item.path is None or not item.path.name.startswith("_index."):
            kept.append(item)
            continue
        given = _GIVEN_TO.match(item.message)
        message = given.group(1) if given else item.message
        key = (item.level, message, item.path, item.line)
        if key not in first:
            first[key] = (len(kept), message, [])
            kept.append(item)
        if given:
            first[key][2].append(given.group(2))
    for at, message, pages in first.values():
        if len(pages) > 1:
            kept[at] = replace(kept[at], message=f"{message} (given by `cascade` to "
                               f"{len(pages):,} pages: {first_few(pages)})")
    return kept


def _warn_of_markdown_in_bundle(owner: Path, files: list[Path], paths: list[Path],
                                site_dir: Path, diagnostics: Diagnostics) -> None:
    """A bundle's other Markdown files are not published: said of each, or, for more than a
    few, once at what made the folder a bundle: an `index.md` uploaded into content/posts/
    hid every post, and each was blamed, told to move out of its folder."""
    folder = owner.relative_to(site_dir).as_posix()
    if len(files) <= 2:
        for path in files:
            diagnostics.warning(
                f"not published: a Markdown file in the folder of the bundle `{folder}/` is "
                "one of its files, not a post (as in Hugo); move it out of that folder to make "
                "it a post, or start its name with `_` to keep it there unwarned",
                path.relative_to(site_dir))
        return
    index = next((path for path in paths if path.parent == owner and _is_index(path)), owner)
    names = [path.relative_to(owner).as_posix() for path in files]
    diagnostics.warning(
        f"this makes `{folder}/` a bundle, the folder of one post (as in Hugo): its "
        f"{len(files):,} other Markdown files ({first_few(names)}) are its files, not posts, "
        "and are not published. If it is no post of its own, rename it (a name starting "
        "with `_` is never published) or move it into a folder of its own",
        index.relative_to(site_dir))


def _warn_of_folders_named_as_posts(folders: set[str], bundles: dict[str, Path],
                                    paths: list[Path], content: Path,
                                    diagnostics: Diagnostics) -> None:
    """A folder named as a post's file is (`lora.md/`, made so by hand or by an unpacking)
    is no post unless it holds an `index.md` (a bundle, as in Hugo, not said): nothing said
    so, its files were published as files and an empty one left out."""
    below_content = len(str(content)) + 1
    for folder in sorted(folders):
        rel = folder[below_content:].replace(os.sep, "/")
        if folder in bundles or not is_post_file(rel) or os.path.islink(folder):
            continue  # (a link to a folder is said as one)
        name = rel.rsplit("/", 1)[-1]
        stem, suffix = name[:name.rindex(".")], name[name.rindex("."):]
        inside = folder + os.sep
        empty = not any(str(path).startswith(inside) for path in paths)
        diagnostics.warning(
            f"a folder named as a post's file: no post is made of it"
            f"{' (and it holds no file)' if empty else ''}; a post is a file, `{stem}{suffix}`, "
            f"or a folder holding its `index{suffix}`, `{stem}/index{suffix}` (a bundle, as in "
            "Hugo)",
            Path(folder).relative_to(content.parent))


def _owner(path: Path, bundles: dict[str, Path]) -> Path | None:
    """The bundle a file is one of: the nearest folder above it that is a bundle (`bundles`
    by their folders' text); None for a file of no bundle (a plain asset, a post). (Its
    folders as text: a Path for each of every file's folders was 2% of a one-post edit.)"""
    if not bundles:  # (a site of plain posts: each post's walk up to / was 1% of an edit)
        return None
    folder = os.path.dirname(str(path))
    while folder:
        if (bundle := bundles.get(folder)) is not None:
            return bundle
        up = os.path.dirname(folder)
        if up == folder:
            return None
        folder = up
    return None


def _checked_language_lines(posts: list[Post], site_dir: Path, options: LoadOptions,
                            diagnostics: Diagnostics) -> list[Post]:
    """`posts` but those whose `lang:` line makes them the version of a page that another
    file already is (`index.md` saying `lang: en` beside `index.en.md`): each is an error at
    that line, where the build would report two pages at one URL and blame the slug. A `lang:`
    line that contradicts the file name (`x.en.md` saying `lang: zh`) is a warning. A draft
    the build holds back clashes with nothing, and its own clash is a warning (it is held back
    all the same). Checked at each build, on posts read or remembered alike: a clash depends
    on the other files."""
    # (a `slug:` that makes the same URL is the slug's clash, said as any two pages at one
    # URL are: the `lang:` line was blamed, and its removal advised)
    overriding = [post for post in posts if _language_overrides_name(post, options)
                  and not post.params.get("slug")]
    if not overriding:
        return posts
    at: dict[tuple[str, str], list[Post]] = {}  # (language, path in its folder) -> posts
    for post in posts:
        if not post.own_path:  # (a URL of its own is the same in every language)
            at.setdefault((post.lang, post.path), []).append(post)
    dropped: set[int] = set()
    for post in overriding:
        key = "lang" if post.params.get("lang") else "language"
        written = post.params[key]
        named = split_language_suffix(post.source.name, options.languages)[1]
        group = [] if post.own_path else at[(post.lang, post.path)]
        # (a draft this build holds back is at no URL: a post it shows clashes with none)
        shown = options.drafts or post.draft
        others = sorted((p for p in group if p is not post and (shown or not p.draft)),
                        key=lambda p: _language_overrides_name(p, options))
        # (the line is to blame when the other is that version by its name: two posts whose
        # lines both say so are at one URL without them too, for their folders, `ML/x.md` and
        # `ml/x.md`, and are said as any two pages at one URL are)
        if others and not _language_overrides_name(others[0], options):
            message = (
                f"`{key}: {written}` makes this the `{post.lang}` version of the page, which "
                f"{others[0].source} is already: both would be at one URL. Remove or correct "
                "the line" + (f" (the file name says `{named}`)" if named else ""))
            file, line, given = key_place(site_dir, post, (key,))
            if post.draft and not options.drafts:  # (held back by the build in any case)
                diagnostics.warning(message + HELD_DRAFT + given, file, line or 1)
                continue
            diagnostics.error(message + given, file, line or 1)
            dropped.add(id(post))
        elif named:
            file, line, given = key_place(site_dir, post, (key,))
            diagnostics.warning(
                f"`{key}: {written}` overrides the file name, which says `{named}`: this is "
                f"the `{post.lang}` version. Remove the line, or rename the file{given}", file,
                line or 1)
    return [post for post in posts if id(post) not in dropped]


def _language_overrides_name(post: Post, options: LoadOptions) -> bool:
    """Whether the post's `lang:` line gives it another language than its file name would
    (the one in `x.en.md`; the site's default for a name without one)."""
    if not (post.params.get("lang") or post.params.get("language")):
        return False
    named = split_language_suffix(post.source.name, options.languages)[1]
    by_name = (site_language(named, options) or named) if named else options.default_language
    return post.lang != by_name


def key_place(site_dir: Path, post: Post, keys: tuple[str, ...]
              ) -> tuple[Path, int | None, str]:
    """Where a message about the first of `keys` the post has points: its own line, or for
    a key a folder's cascade gave it, that `_index.md`'s line (a Hugo user looks for it
    there), with what the message then adds, naming the page (`said_once` merges those)."""
    key = next((key for key in keys if key in post.params), None)
    if key is not None and key in post.cascaded:
        source, line = post.cascaded[key]
        return Path(source), line, given_to(post.source)
    return post.source, key_line(site_dir / post.source, keys), ""


def key_line(path: Path, keys: tuple[str, ...], default: int | None = 1) -> int | None:
    """The line of the first of `keys` in the front matter of the file at `path` (`default`
    when none is there or it cannot be told): read again for the rare message that needs it,
    as a post remembers no lines."""
    text = post_text(path, path, Diagnostics())
    try:
        split = split_front_matter(text) if text is not None else None
    except FrontMatterError:
        return default
    lines = with_own_params(split.data, split.lines, text, split.body_line)[1] \
        if split is not None and text is not None else {}
    return next((lines[key] for key in keys if key in lines), default)


def _load_remembered(path: Path, rel: str, site_dir: Path, options: LoadOptions,
                     diagnostics: Diagnostics, memo: LoadMemo | None,
                     parsed: ParsedFrontMatter | None, folders: set[str],
                     read: dict[str, bytes] | None, records: ReadPosts | None,
                     asset_folder: Path | None, cascade: tuple[CascadeTable, ...] = ()
                     ) -> Post | None:
    """`load_post`, unless this process (`memo`, by stat and the bytes handed over) or an
    earlier build (`records`, by the file's bytes) read the file as it is."""
    raw = read.pop(f"{CONTENT_DIR}/{rel}", None) if read is not None else None
    try:
        stat = path.stat() if memo is not None else None
    except OSError:
        stat = None
    # (and the bytes: the build read them before this stat, so a save in between leaves the
    # stat of the new file beside a post of the old bytes, which the body's cache key, the
    # digest of the bytes read, would then name as the new file's body for every build after)
    seen = None if stat is None else \
        (stat.st_mtime_ns, stat.st_size, stat.st_ino, stat.st_ctime_ns, options, raw, cascade)
    known = memo.get(path) if memo is not None else None
    if known is not None and known[0] == seen:
        diagnostics.items.extend(known[2])
        return copy(known[1])  # the build settles its language and date on its own copy
    said = Diagnostics()

    def load() -> Post | None:
        return load_post(path, PurePosixPath(rel), site_dir, options, said, parsed, folders,
                         raw, cascade)

    post = records.read(rel, asset_folder, raw, said, load) \
        if records is not None and raw is not None else load()
    diagnostics.items.extend(said.items)
    if memo is not None and seen is not None:
        memo[path] = (seen, copy(post), said.items)
    return post


# Posts to read anew (a cold build's) worth a process forked to read half of them: reading is
# ~0.35 ms a post (0.35 s of the 1,000-post benchmark's cold build, on one core while the
# other waited for the bodies' pool); the fork and the records' way back add ~8% to it.
READ_ASIDE_POSTS = 200


class _ReadAside:
    """Posts read by a process forked beside the loader: the records (records.py) it made of
    them, each the one this process would make, handed to `ReadPosts.given` when the loader
    comes to the first of them, with the front matter it parsed (`ParsedFrontMatter.used`). A
    post it made no record of (an error, front matter JSON cannot hold, a date from the
    file's stat) is read here as before, and so is each of them when it failed."""

    def __init__(self, process: Aside, files: set[str]) -> None:
        self.process, self.files = process, files  # (names from content/: "posts/a.md")
        self.taken = False

    @classmethod
    def start(cls, files: list[str], function: Callable[..., Any],
              *args: Any) -> _ReadAside | None:
        process = Aside.start(function, *args)
        return cls(process, set(files)) if process is not None else None

    def take(self, records: ReadPosts, parsed: ParsedFrontMatter | None) -> None:
        self.taken = True
        made = self.process.result()
        if made is None:  # (it failed: each is read here)
            return
        found, parsed_there = made
        records.given.update((key, record) for rel, record in found.items()
                             if record is not None and (key := records.unknown(rel)))
        if parsed is not None:
            parsed.used.update(parsed_there)

    def stop(self) -> None:
        if not self.process.done:  # (the build stopped, or failed, first: for nobody)
            self.process.stop()


def _records_of(files: list[tuple[Path, str, Path | None, tuple[CascadeTable, ...]]],
                site_dir: Path, options: LoadOptions, parsed: ParsedFrontMatter | None,
                folders: set[str], read: dict[str, bytes]
                ) -> tuple[dict[str, dict[str, Any] | None], dict[str, str]]:
    """In the process `_ReadAside` forked: the record of each of `files` (its path, its name
    from content/, its asset folder, the cascade above it) as `ReadPosts.read` makes it, and
    the front matter parsed for them."""
    parsed_before = len(parsed.used) if parsed is not None else 0
    found: dict[str, dict[str, Any] | None] = {}
    for path, rel, asset_folder, cascade in files:
        raw = read[f"{CONTENT_DIR}/{rel}"]
        said = Diagnostics()
        post = load_post(path, PurePosixPath(rel), site_dir, options, said, parsed, folders,
                         raw, cascade)
        found[rel] = None if post is None else post_record(
            post, said.items, None if asset_folder is None else str(asset_folder), raw)
    parsed_there = dict(list(parsed.used.items())[parsed_before:]) if parsed is not None \
        else {}
    return found, parsed_there


def _walk(folder: str, folders: set[str], strays: list[Path],
          links: tuple[Path, list[tuple[Path, str]]]) -> Iterable[Path]:
    """Every file below `folder` that can be read, sorted, skipping names that start with `.`
    or `_` and editors' copies (`post.md~`: a draft's backup is the draft); the folders
    walked are added to `folders` (as text: each post looks its asset folder up there),
    what cannot be read as a file (a link to nothing, a link loop, a pipe, a file without
    read permission) or as a folder (one without permission to list it: its posts were left
    out unsaid) to `strays`: copying it would stop the build; and a link to a file out
    of the site folder `links[0]` (`/etc/…`, `/proc/self/environ`, `../.git/config`), with
    what is said of it, to `links[1]`: it would be published (see site_links.py)."""
    try:
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda entry: entry.name)
    except OSError:  # (a folder that cannot be listed: as os.walk, nothing in it is seen)
        return
    subfolders = []
    here = Path(folder)  # (its files' paths made from it: parsing each whole costs twice)
    for entry in entries:
        if _ICLOUD_PLACEHOLDER.match(entry.name):  # (said: the file it stands for is missing)
            strays.append(Path(entry.path))
            continue
        if entry.name.startswith((".", "_")) or is_editor_file(entry.name):
            continue
        kind = _kind(entry)
        if kind == "folder":  # (a link to a folder counts as one, and is not walked into)
            subfolders.append(entry)
        elif kind == "file":
            if entry.is_symlink() and (said := refused_link(entry.path, links[0])):
                links[1].append((Path(entry.path), said))
                continue
            yield here / entry.name
        else:
            strays.append(Path(entry.path))
    folders.update(entry.path for entry in subfolders)
    for entry in subfolders:
        if not entry.is_symlink():
            yield from _walk(entry.path, folders, strays, links)
        else:  # (a vault linked in: said, as static/ says it, not silently missing)
            links[1].append((Path(entry.path), f"a link to a folder ({os.readlink(entry.path)}): "
                             "its files are not published; put the folder itself in content/, "
                             "or link its files one by one"))


def _kind(entry: os.DirEntry) -> str:
    """"folder" (one that can be listed), "file" (one that can be read) or "stray". (Free
    for plain files: the folder listing tells their type; a link costs a stat, a folder the
    look at its permission.)"""
    try:
        if entry.is_dir():
            return "folder" if can_be_listed(entry.path) else "stray"
        if entry.is_file() and os.access(entry.path, os.R_OK):
            return "file"
    except OSError:  # a link loop
        pass
    return "stray"


# iCloud Drive's stand-in for a file it has not downloaded to this computer: `.a.md.icloud`
_ICLOUD_PLACEHOLDER = re.compile(r"^\.(.+)\.icloud$")


def stray_reason(path: Path) -> str:
    """Why `path` (found by `_walk`, or in static/) is not read: in the user's words."""
    if (placeholder := _ICLOUD_PLACEHOLDER.match(path.name)) is not None:
        return (f"iCloud's stand-in for {placeholder.group(1)}, which is not downloaded to this "
                "computer (in Finder: Download Now) and so missing from the site")
    if path.is_symlink():
        target = os.readlink(path)
        try:
            path.stat()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return f"a link that leads back to itself ({target})"
            return f"a link to nothing ({target})"
        if not path.is_file():
            return f"a link to something that is not a file ({target})"
    elif path.is_dir() and os.access(path, os.R_OK):  # (`chmod -R 644`: listed, not entered)
        return ("a folder whose files cannot be opened (it can be listed, but it has no "
                "permission to be searched, the `x` of `chmod +x`): nothing in it is published")
    elif path.is_dir():
        return ("a folder that cannot be opened (no permission to list it): nothing in it is "
                "published")
    elif not path.is_file():
        return "not a file (a pipe, socket or device)"
    return "cannot be read (no permission to read it)"


def _flat(value: object) -> list[object]:
    """The names in a value of `categories`: its lists' items, a list's lists' too."""
    if isinstance(value, list):
        return [name for item in value for name in _flat(item)]
    return [value] if value is not None else []


def _number(text: str) -> int | float | None:
    """A number written as text (`"2"`, `" 2.5 "`), or None."""
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else number if number == number else None


def _asset_folder(path: Path, rel: str, folders: set[str] | None = None) -> Path | None:
    """Hexo's post asset folder: `name/` beside `name.md` holds that post's files, like a bundle
    (so they follow the post to its permalink). `rel`: the file's path from content/;
    `folders`: those that exist, if known. content/posts/ is never one: `posts.md`, a page
    where its list would be, made every post a file of its own, none published."""
    if path.suffix.lower() not in POST_SUFFIXES or _is_index(path) \
            or "/" not in rel and rel.split(".")[0] == POSTS_DIR:
        return None
    folder = os.path.join(os.path.dirname(path), path.name.split(".")[0])
    exists = folder in folders if folders is not None else os.path.isdir(folder)
    return Path(folder) if exists else None


def _is_index(path: Path) -> bool:
    # (`Index.md`: Windows keeps whatever capitals a file was first saved with; the name as
    # text, once: a Path makes its suffix and stem anew at each asking, four times a post)
    name = path.name.lower()
    return name.endswith(POST_SUFFIXES) and name.split(".")[0] == "index"


# (notebooks.py is imported where a notebook is read: a build of Markdown posts alone, most
# builds, never needs its thirty patterns, 5 ms of a one-post edit)


def is_post_file(rel: str) -> bool:
    """Whether the file `rel` (its path from content/) is read as a post or page: a Markdown
    file anywhere, a notebook under posts/ (elsewhere a notebook is a file to download, as
    it was before notebooks were posts)."""
    name = rel.lower()
    if name.endswith(NOTEBOOK_SUFFIX):
        return name.startswith(POSTS_DIR + "/")
    return name.endswith((".md", ".markdown"))


def _exported_notebooks(paths: list[Path]) -> set[Path]:
    """The notebooks among `paths` beside a Markdown file of their name (`x.ipynb`, `x.md`)."""
    notebooks = [path for path in paths if _is_notebook(path)]
    found = set(paths) if notebooks else set()  # (most sites have none: a thousand hashes)
    return {path for path in notebooks if path.with_suffix(".md") in found
            or path.with_suffix(".markdown") in found}


def _is_notebook(path: Path | PurePosixPath) -> bool:
    return path.name.lower().endswith(NOTEBOOK_SUFFIX)


def post_text(path: Path, display: Path, diagnostics: Diagnostics,
              raw: bytes | None = None) -> str | None:
    """The text of a post's file as a Markdown post is written: a Markdown file's own, a
    notebook's made into it (what cannot be shown of it said by cell: `read_notebook`).
    None, said, for a file that cannot be read, or a notebook that is none."""
    text = read_text(path, display, diagnostics, raw)
    if text is None or not _is_notebook(path):
        return text
    notebook = read_notebook(text, display, diagnostics)
    return None if notebook is None else notebook.text


def read_notebook(text: str, display: Path, diagnostics: Diagnostics) -> Notebook | None:
    """The notebook whose JSON is `text`, what could not be shown of it said as warnings by
    cell (`post.ipynb: warning: cell 3: …`); None, an error, for a file that is no notebook.
    Git's conflict markers are said as they are in a Markdown post (a merge breaks the JSON)."""
    from blogforge.content.notebooks import NotANotebook, convert

    conflict = merge_conflict(text)
    if conflict is not None:
        diagnostics.error(conflict.message(), display, conflict.start)
        return None
    try:
        notebook = convert(text, display.name)
    except NotANotebook as exc:
        diagnostics.error(str(exc), display, exc.line)
        return None
    for problem in notebook.problems:
        diagnostics.warning(problem, display)
    return notebook


def cells_named(items: list[Diagnostic], site_dir: Path,
                store: Store | None = None) -> list[Diagnostic]:
    """`items` with the lines of notebooks made into the cells they are in: a line of the
    Markdown a notebook was made into means nothing to its writer (`post.ipynb:57` becomes
    `post.ipynb: cell 4: …`). Where each cell starts is remembered by the notebook's bytes
    (`MadeNotebooks`): a build said a notebook's warnings again (an image without alt text,
    its body's from the cache), and made the notebook again for them, every time."""
    made = MadeNotebooks(store)
    cells: dict[Path, list[tuple[int, int]] | None] = {}
    named = []
    for item in items:
        if item.path is None or item.line is None or not _is_notebook(item.path) \
                or item.message.startswith("cell "):
            named.append(item)
            continue
        if item.path not in cells:
            cells[item.path] = made.cells(site_dir / item.path)
        if cells[item.path] is None:  # (said of the JSON itself: its line is the file's)
            named.append(item)
            continue
        from blogforge.content.notebooks import Notebook

        cell = Notebook("", cells=cells[item.path]).cell_at(item.line)
        named.append(replace(item, line=None, message=item.message if cell is None
                             else f"cell {cell}: {item.message}"))
    return named


NOTEBOOK_KIND = "notebook"  # a notebook's bytes -> its pictures' names, where its cells start


class MadeNotebooks:
    """What builds made of notebooks besides the text of their posts, kept in the cache by
    each notebook's bytes: the names of its pictures (files published beside its page) and
    the line of its Markdown each cell starts at (messages name cells). Making every notebook
    again for these (its JSON parsed, each picture decoded and digested) was most of a build
    that changed another post: with ten notebooks of ten figures, 0.09-0.14 s, 0.04 s without."""

    def __init__(self, store: Store | None) -> None:
        self.store = store
        self.used: list[str] = []  # the keys of the entries this build used (for the sweep)
        self._code = ""

    def _key(self, data_digest: str) -> str:
        if not self._code:  # (the names a picture gets are this code's)
            self._code = code_fingerprint()
        return hash_text(self._code, data_digest)

    def recall(self, data_digest: str) -> tuple[list[str], list[tuple[int, int]]] | None:
        """The pictures' names and the cells' first lines of the notebook whose bytes have
        this digest, as a build made them; None when the cache holds no sound entry."""
        if self.store is None:
            return None
        key = self._key(data_digest)
        found = self.store.get(NOTEBOOK_KIND, key)
        try:
            files, cells = list(found["files"]), [(line, cell) for line, cell in found["cells"]]
        except (TypeError, KeyError, ValueError):
            return None
        if not all(isinstance(name, str) for name in files) or not all(
                type(line) is int and type(cell) is int for line, cell in cells):
            return None
        self.used.append(key)
        return files, cells

    def make(self, path: Path, raw: bytes | None = None) -> Notebook | None:
        """The notebook at `path` (whose bytes are `raw`, if read already) made anew, and
        remembered; None for a file that cannot be read or is no notebook (said when it is
        loaded)."""
        from blogforge.content.notebooks import NotANotebook, convert

        try:
            raw = path.read_bytes() if raw is None else raw
        except OSError:
            return None
        text = read_text(path, path, Diagnostics(), raw)
        try:
            made = convert(text) if text is not None else None
        except NotANotebook:
            return None
        if made is not None and self.store is not None:
            key = self._key(digest(raw))
            self.store.put(NOTEBOOK_KIND, key, {"files": sorted(made.files),
                                                 "cells": made.cells})
            self.used.append(key)
        return made

    def cells(self, path: Path) -> list[tuple[int, int]] | None:
        """Where each cell of the notebook at `path` starts (`Notebook.cells`)."""
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        found = self.recall(digest(raw))
        if found is not None:
            return found[1]
        made = self.make(path, raw)
        return made.cells if made is not None else None


def read_text(path: Path, display: Path, diagnostics: Diagnostics,
              raw: bytes | None = None) -> str | None:
    """UTF-8 (BOM or not, CRLF or not). GBK/GB18030 is decoded with a warning when it is
    clearly Chinese text; anything else is an error naming the file. `raw`: its bytes, if
    read already."""
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as exc:  # (gone or changed since the walk found it)
            diagnostics.error(f"cannot be read: {exc.strerror or exc}", display)
            return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        if _holds_utf8_chinese(raw):
            # Text pasted from an old GBK post into a UTF-8 one: read whole as GBK, the UTF-8
            # part came out as mojibake, still "Chinese" enough to pass the test below.
            diagnostics.error("this line is not UTF-8, though the rest of the file is (text "
                              "pasted from a file in another encoding, an old GBK one?): type "
                              "it again or convert it to UTF-8", display, line)
            return None
        if _reads_as_japanese(raw):  # (GBK decodes Shift-JIS too: all ideographs, mojibake)
            diagnostics.error("file is not UTF-8 text (it reads as Shift-JIS, Japanese): save "
                              "it as UTF-8", display, line)
            return None
        gbk = as_chinese_gbk(raw)
        if gbk is not None:
            text = gbk
            diagnostics.warning("file is not UTF-8; read it as GBK. Save it as UTF-8 to "
                                "silence this warning", display, line)
        else:
            diagnostics.error(not_utf8(raw), display, line)
            return None
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


# What only three-byte UTF-8 spells: ideographs, kana, CJK and full-width punctuation (a GBK
# line that happens to decode as UTF-8 spells two-byte letters, Hebrew or Greek, nearly always)
_CJK_IN_UTF8 = compiled_when_used(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def _holds_utf8_chinese(raw: bytes) -> bool:
    """Whether a line of the file is Chinese (or Japanese) written in UTF-8: `见下表：` is
    one. A GBK file's lines seldom decode as UTF-8, and then seldom as such characters."""
    for line in raw.split(b"\n"):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
        if _CJK_IN_UTF8().search(text):
            return True
    return False


def _reads_as_japanese(raw: bytes) -> bool:
    """Whether the file is Japanese in Shift-JIS: it decodes so, with kana among its letters
    (a fifth of them or more: Japanese prose is a third kana and more; GBK bytes read as
    Shift-JIS give half-width katakana or fail, hardly ever the full-width kana)."""
    try:
        text = raw.decode("shift_jis")
    except UnicodeDecodeError:
        return False
    letters = [c for c in text if not c.isascii() and not c.isspace()]
    kana = sum(1 for c in letters if "\u3041" <= c <= "\u30ff")
    return bool(letters) and kana >= len(letters) / 5


def without_controls(text: str, display: Path, diagnostics: Diagnostics) -> str:
    """`text` without the characters pages and feeds may not hold (a form feed or vertical tab
    becomes a space); one warning for the file, at the first one's line."""
    first = _CONTROL.search(text)
    if first is None:
        return text
    count = len(_CONTROL.findall(text, first.start()))
    more = f" (and {count - 1} more in this file)" if count > 1 else ""
    diagnostics.warning(f"control character U+{ord(first.group()):04X} removed{more}: web "
                        "pages and feeds may not hold it", display,
                        text.count("\n", 0, first.start()) + 1)
    return _CONTROL.sub(lambda match: _SPACE_LIKE.get(match.group(), ""), text)


def load_post(path: Path, rel: PurePosixPath, site_dir: Path, options: LoadOptions,
              diagnostics: Diagnostics, parsed: ParsedFrontMatter | None = None,
              folders: set[str] | None = None, raw: bytes | None = None,
              cascade: tuple[CascadeTable, ...] = ()) -> Post | None:
    """One Markdown file into a Post; None (with errors reported) when it cannot be read.
    `folders`: every folder under content/, when the caller walked them; `raw`: the file's
    bytes, when the caller read them; `cascade`: what the `_index.md` files above it give
    (cascade.py)."""
    display = path.relative_to(site_dir)
    text = post_text(path, display, diagnostics, raw)
    if text is None:
        return None
    if not text.strip():  # (Obsidian's "Untitled 2.md": a note made and never written in)
        diagnostics.warning(EMPTY_NOTE, display)
        return None
    text = without_controls(text, display, diagnostics)
    conflict = merge_conflict(text, markdown=True)
    try:
        split = split_front_matter(text, parsed)
    except FrontMatterError as exc:  # (git's markers in the front matter: said as such)
        diagnostics.error(conflict.message() if conflict else str(exc), display,
                          conflict.start if conflict else exc.line)
        return None
    # (Hugo's `params:` map of the page's own keys: as if written at the top, at their lines;
    # a page outside posts/ makes no terms, so its `tags` there are taken as any key)
    is_post = rel.parts[0] == POSTS_DIR and len(rel.parts) > 1
    data, lines, params_slips = with_own_params(split.data, split.lines, text, split.body_line,
                                                terms=is_post)
    body = split.body
    from_cascade: dict[str, tuple[Path, int]] = {}  # key -> the `_index.md` and line giving it
    if cascade:
        from blogforge.content.cascade import cascaded, hugo_path
        page_path = hugo_path(rel, _is_index(path), options.languages)
        named_language = split_language_suffix(path.name, options.languages)[1] is not None
        own = data
        data, from_cascade = cascaded(own, cascade, page_path, None, named_language)
    if asks_for_password(data.get("password")):
        diagnostics.warning(PASSWORD_HELD_BACK, *from_cascade.get(
            "password", (display, lines.get("password", 1))))
        return None
    in_vault = options.vault or any(rel.is_relative_to(folder)
                                    for folder in options.vault_folders)
    if "aliases" in data and in_vault:
        data = _without_note_names(data)
        own = _without_note_names(own) if cascade else data
    elif (names := _bare_names(data.get("aliases"))):
        diagnostics.warning(
            f"`aliases` names {', '.join(f'`{name}`' for name in names)}, without a `/`: "
            f"a redirect page at the site's root, /{names[0]}/, is made of each (Hugo puts "
            "one beside the page, and Obsidian reads it as another name of the note); write "
            f"`/{names[0]}/` if that is the old URL meant, or leave it out",
            display, lines.get("aliases", 1))
    bundle = _is_index(path)
    stem, suffix_lang = _suffix_language(path.name, display, options, diagnostics)
    name = composed(path.parent.name if bundle else stem)  # (a title may be made of it)
    jekyll = _JEKYLL_DATE.match(name)
    errors_before = len(diagnostics.errors)
    items_before = len(diagnostics.items)
    if conflict is not None:
        diagnostics.error(conflict.message(), display, conflict.start)

    def say_of(level: str, key: str, message: str) -> None:
        """A message about `key` at its line: the `_index.md`'s when a cascade gave it (said
        once there, naming the pages: `said_once`), not the page's first line."""
        if key in from_cascade:
            source, line = from_cascade[key]
            getattr(diagnostics, level)(message + given_to(display), source, line)
            return
        getattr(diagnostics, level)(message, display, lines.get(key, 1))

    def field_error(key: str, message: str) -> None:
        say_of("error", key, f"`{key}` {message}")

    def warn_of(key: str, message: str) -> None:
        say_of("warning", key, message)

    def text_field(key: str) -> str | None:
        """A scalar written as text; a list or mapping is reported, not shown as Python."""
        value = data.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, (list, dict)):
            field_error(key, "should be a single value, not a list or mapping")
            return None
        return str(value)

    title = text_field("title")
    title_line = lines.get("title", 1)
    body_line = split.body_line
    if title is not None:
        body, repeated = _without_title_repeated(body, title)
        body_line += repeated
    if title is None:
        title, body, dropped, heading_index = _title_from_heading(body)
        if title is not None:
            title_line = body_line + heading_index
        body_line += dropped
        if title is None and _DAILY_NOTE.match(name):
            title = name  # (a date, as Obsidian shows a daily note's name)
        elif title is None:
            title = (jekyll.group(2) if jekyll else name).replace("-", " ").replace("_", " ")
    title = str(title)

    # (what a notebook's converter wrote, "{width=640 height=480}" after each picture, a fold's
    # "Code", is no prose of the writer's: a Chinese notebook of figures read as English)
    from_notebook = _is_notebook(path)
    if from_notebook:
        from blogforge.content.notebooks import in_language, written_text
    measured = written_text(body) if from_notebook else body
    lang, how = _language(data, suffix_lang, f"{title}\n{measured}", options, title, measured)
    own_locale = None
    if how == "front matter" and not is_language_code(lang):
        # (`lang: ../../x` made a folder outside the output): the post is in the language it
        # would be in without the line
        field_error("lang" if data.get("lang") else "language", f"`{lang}` {NOT_A_CODE}")
        lang, how = _language({}, suffix_lang, f"{title}\n{measured}", options)
    if how == "front matter":
        key = "lang" if data.get("lang") else "language"
        written, lang = lang, site_language(lang, options)
        tag = written_tag(written)
        if lang is not None and tag is not None and tag.lower() != lang.replace("_", "-").lower():
            own_locale = tag
        if lang is None:
            declared = options.declared()
            close = closest_language(written, declared)
            field_error(key, f"`{written}` is not one of this site's languages "
                        f"({', '.join(declared)})"
                        + (f": did you mean `{close}`?" if close else f": {NO_SUCH_LANGUAGE}"))
            lang = written
    if cascade:  # (now that the page's language is known: the tables for it alone too)
        data, from_cascade = cascaded(own, cascade, page_path, lang, named_language)
        if asks_for_password(data.get("password")):
            diagnostics.warning(PASSWORD_HELD_BACK, *from_cascade["password"])
            return None
        from blogforge.content.cascade import params_term_message, params_terms_left
        for key, source, line in params_terms_left(own, cascade, page_path, lang):
            # (said once at that line, naming the pages: `said_once`)
            diagnostics.warning(params_term_message(key) + given_to(display), source, line)
    if from_notebook:  # (its notes, "⋯ 省略 49,600 行", in the post's language)
        body = in_language(body, lang)
    # (what an unmarked post reads like is reported for the whole site at once: languages.py)
    reads_like = lang if how == "detected" else \
        prose_language(f"{title}\n{measured}", _SCRIPTS_TOLD) if how == "default" else None

    def date_field(*keys: str) -> datetime | None:
        for key in keys:
            if data.get(key) not in (None, ""):
                try:
                    return parse_date(data[key], options.zone)
                except ValueError as exc:
                    field_error(key, str(exc))
                    return None
        return None

    # (`created`: Obsidian's, and other note apps'; a vault copied in has fresh file times)
    date = date_field(*DATE_KEYS)
    # (Hugo's: a post held back until `publishDate`, dated by it when no date is written, and
    # held back from `expiryDate` on; `false` is none, as Hugo reads it: the import writes
    # Hugo's `published: false` so)
    publish_date = date_field(*(key for key in PUBLISH_KEYS if data.get(key) is not False))
    expiry_date = date_field(*(key for key in EXPIRY_KEYS if data.get(key) is not False))
    if date is None and publish_date is not None \
            and all(data.get(key) in (None, "") for key in DATE_KEYS):
        date = publish_date
    dated_by_file = False  # the file's modification time stands in for a date
    if date is None and all(data.get(key) in (None, "") for key in DATE_KEYS + PUBLISH_KEYS) \
            and is_post:
        # (a Jekyll post's `2024-05-01-title.md`; an Obsidian daily note's `2024-05-01.md`)
        named = jekyll.group(1) if jekyll else name if _DAILY_NOTE.match(name) else None
        try:
            date = parse_date(named, options.zone) if named else None
        except ValueError as exc:
            diagnostics.error(f"the file name's date: {exc}", display, 1)
        if date is None:
            # (in whole seconds, as a written date is: a page said 11:17:02.459351+08:00)
            date = datetime.fromtimestamp(int(path.stat().st_mtime), tz=options.zone)
            dated_by_file = True
    updated = date_field(*UPDATED_KEYS)
    if updated is not None and date is not None and not dated_by_file:
        key = next(k for k in UPDATED_KEYS if data.get(k))
        day = day_only(data[key])  # (`updated: 2025-03-01` is any time of that day)
        if updated.date() < date.astimezone(updated.tzinfo).date() if day else updated < date:
            shown = "%Y-%m-%d" if day else "%Y-%m-%d %H:%M"
            warn_of(key, f"`{key}` {updated:{shown}} is before the post's date "
                    f"{date:{shown}}: left out, as the page would say it was updated before "
                    "it was written")
            updated = None
        else:  # (shown in the zone the date is, the site's: a day apart there, not in UTC)
            updated = updated.astimezone(date.tzinfo)

    def list_field(key: str) -> list[str]:
        value = data.get(key)
        try:
            return string_list(jekyll_words(value) if jekyll else value)
        except ValueError as exc:
            field_error(key, str(exc))
            return []

    def flag(*keys: str, default: bool | None = None) -> bool | None:
        for key in keys:
            value = switch_value(data.get(key)) if key in THEME_SWITCHES else data.get(key)
            if value is not None:
                try:
                    return truthy_flag(value)
                except ValueError as exc:
                    field_error(key, str(exc))
        return default

    category_key = "categories" if "categories" in data else "category"
    written = data.get(category_key)
    if any(str(name).strip() in (".", "..") for name in _flat(written)):
        warn_of(category_key, "`categories` names `..` or `.`, which is no category's name: "
                "left out (a category's path is its list: `[ml, nlp]` is ml › nlp)")
    try:
        categories = category_paths(written)
        if jekyll and isinstance(data.get("categories"), str):
            # Jekyll: each word of the string is a category of its own, not a path.
            categories = [(word,) for word in data["categories"].split()]
    except ValueError as exc:
        field_error("categories", str(exc))
        categories = []

    # (`publish: false`: Obsidian Publish's flag, and Quartz's, on a note of a vault)
    published = flag("published", "publish", default=True)
    # A slip of a key is not read as that key, but a post it says to hold back is held back:
    # a draft published by a typo cannot be taken back (feeds, search engines have it).
    held_by_slip = unlisted_by_slip = False
    # (a vault's note names its tags as Obsidian reads them: by `tag:` or `Tags:` too)
    tags_key = "tags" if "tags" in data or not in_vault else next(
        (key for key in data if isinstance(key, str) and key.lower() in ("tags", "tag")), "tags")
    for key in data:
        if key in from_cascade:  # (said once, at its `_index.md`: cascade.py)
            continue
        meant = misspelt_key(key, options.template_keys)
        if meant is None and isinstance(key, str) and slips_of_date(key, data[key], data):
            meant = "date"
        if meant is None or key == tags_key or meant in ("url", "permalink") \
                and isinstance(data[key], str) and names_a_site(data[key]):
            continue  # (Notion's `URL: https://arxiv.org/…` is a link, no slip of `url`)
        if THEME_SWITCHES.get(key) == meant and isinstance(data[key], dict):
            continue  # (LoveIt's `comment: {enable: true}` is its `comments`, read so)
        hides = slip_holds_back(key, data)
        held_by_slip = held_by_slip or hides
        unlists = slip_unlists(key, data)
        unlisted_by_slip = unlisted_by_slip or unlists
        diagnostics.warning(f"`{key}` is not a front-matter key; did you mean `{meant}`?"
                            + (" The post is held back meanwhile, as "
                               f"`{meant}: {str(meant == 'draft').lower()}` would"
                               if hides else "")
                            + (" The post is unlisted meanwhile, as `unlisted: true` would"
                               if unlists else ""),
                            display, lines.get(key, 1))
    for slip in params_slips:
        diagnostics.warning(params_slip_message(slip, "post"), display, slip.line)
    for key, line, meant in cut_by_comment(text, split.lines):
        diagnostics.warning(f"`{key}` is cut at `#`, where YAML starts a comment; write "
                            f"`{meant}` to keep all of it", display, line)
    for key, line, meant in curly_quoted(text, split.lines):
        diagnostics.warning(f"`{key}` is in curly quotes (a phone's smart punctuation), which "
                            f"YAML keeps as part of the name; write `{meant}`", display, line)
    # (`tags: ["#ml"]`, as an Obsidian note's body writes a tag: the tag is `ml`)
    tags = [tag.lstrip("#") or tag for tag in list_field(tags_key)]
    # (Obsidian parts a string at its commas and spaces, which no tag holds: a vault's
    # `tags: ml, nlp` and `tags: "#ml #nlp"` are two tags, as its tag pane shows them)
    parted = in_vault and isinstance(data.get(tags_key), str)
    if parted:
        tags = [name for part in _TAGS_PARTED().split(data[tags_key]) if (name := part.lstrip("#"))]
    if len(tags) > MANY_TAGS:
        warn_of(tags_key, f"{len(tags):,} tags: each is a page of its own listing this post "
                f"(more than {MANY_TAGS} looks like a list pasted in by mistake); keep the few "
                "that say what the post is about")
    # `tags: transformer, attention` is one tag (Hexo, Hugo) or `transformer,` (Jekyll), not
    # the two a newcomer meant; parting it here would move the pages of blogs that meant one.
    for key, got in (("tags", tags), (category_key, [" › ".join(path) for path in categories])):
        if parted and key == "tags":
            continue
        advice = comma_advice(key, data.get(key), got,
                              bool(jekyll) and key in ("tags", "categories"))
        if advice is not None:
            warn_of(key, advice)
    # (a vault's note: its text's `#机器学习` are its tags too, and `ml/vae` is in `ml`, as
    # Obsidian reads them; a page's would be on no tag page, and a notebook is no note)
    inline_tags = [name for name, _ in note_tags(body)] \
        if in_vault and is_post and not _is_notebook(path) else []
    if in_vault:
        written = {tag.casefold() for tag in tags}
        tags = with_parents(tags + [name for name in inline_tags
                                    if name.casefold() not in written])
    # (Hugo lists a page of content/post/ in its section: here it is a page of its own; a
    # page at the top, about.md, is one in either)
    listed = [key for key in ("tags", category_key, "series")
              if data.get(key) and key not in from_cascade]
    if listed and not is_post and len(rel.parts) > 1:
        diagnostics.warning(
            f"`{listed[0]}` on a stand-alone page (a post is a file under content/{POSTS_DIR}/"
            "): it is in no list, term page, feed or archive; move it into "
            f"content/{POSTS_DIR}/ to make it a post", display, lines.get(listed[0], 1))
    # (`pin` is Chirpy's, the Jekyll theme's)
    pin_key = next((k for k in ("pinned", "sticky", "top", "pin") if k in data), "pinned")
    sticky = data.get(pin_key) or False
    if not isinstance(sticky, (bool, int)):
        field_error(pin_key, "should be true, false or a number (higher comes first)")
        sticky = False
    pinned = int(sticky)
    weight = data.get("weight")
    if not pinned and isinstance(weight, int) and not isinstance(weight, bool) and weight > 0:
        # Hugo: a weighted page comes before the others, the lowest weight first.
        pinned = max(1, 1_000_000 - weight)
    # (the card's text, as Hugo's `summary` and Jekyll's `excerpt`; `description` is the
    # page's `<meta name="description">`, and a card's only where no `<!--more-->` cuts one)
    summary_key = next((k for k in ("summary", "excerpt") if data.get(k)), None)
    summary = text_field(summary_key) if summary_key else None
    description = text_field("description")
    named = data.get("series")
    if isinstance(named, list) and not any(isinstance(v, (list, dict)) for v in named):
        # Hugo's series is a taxonomy, always a list; a post is in one series here
        named = [str(v).strip() for v in named if v is not None and str(v).strip()]
        if len(named) > 1:
            warn_of("series", f"`series` names {len(named)} series; a post is in one here, "
                    f"so only `{named[0]}` is used")
        series = named[0] if named else None
    elif isinstance(named, bool):  # (`series: true`: no name anyone meant)
        word = str(named).lower()
        field_error("series", f"should be a name, not {word} (quote it to name a series "
                              f"so: `series: \"{word}\"`)")
        series = None
    else:  # (a blank name, `series: " "`, is none: its page would be /series//)
        series = (text_field("series") or "").strip() or None
    # (a term's page is a folder named by it: a name longer than a file name can be, a tag
    # of 90 Chinese characters, stopped the build with "File name too long" at a staging
    # folder, no post named)
    for key, taxonomy, terms in ((tags_key, "tags", tags), (category_key, "categories", [
            term for path in categories for term in path]), ("series", "series", [series])):
        for term in terms:
            if term and (size := name_bytes(term_slug(term))) > NAME_BYTES:
                field_error(key, f"`{shown_path(term)}` makes its page's folder name (under "
                            f"/{taxonomy}/) {size:,} bytes long, {TOO_LONG}")
                break
    order_key = "series_order" if "series_order" in data else "series_weight"
    series_order = data.get(order_key)
    if isinstance(series_order, str):  # (`series_order: '2'`, quoted by a tool)
        series_order = _number(series_order)
        if series_order is None:
            field_error(order_key, "should be a number")
    elif series_order is not None and (isinstance(series_order, bool)
                                       or not isinstance(series_order, (int, float))):
        field_error(order_key, "should be a number")
        series_order = None

    parts = list(rel.parent.parts[1:] if is_post else rel.parent.parts)
    if not bundle:
        parts.append(jekyll.group(2) if jekyll else stem)
    # (a slug of no letter or digit, `..` or `!!!`, names no folder: the page keeps its
    # file's name, where it put the page at its section's own list, /posts/, unsaid; said in
    # `site._report_climbing_url`)
    slug = str(data["slug"]) if data.get("slug") and slugify(str(data["slug"])) else None
    if slug:
        # (a slug of folders, `slug: ml/attention`, makes them: /posts/ml/attention/, as Hugo
        # does, and as a permalink's `:slug` does; it was made one folder, `ml-attention`)
        parts = [*parts[:-1], *slug.split("/")]
    url_parts = [folder for folder in map(slugify, parts) if folder]
    url_path = "/".join(([POSTS_DIR] if is_post else []) + url_parts)
    url_path = url_path + "/" if url_path else ""
    own_key = "permalink" if data.get("permalink") else "url"
    own_url = text_field(own_key)  # Jekyll's, Hexo's / Hugo's: the page's own path
    if own_url and names_a_site(own_url):
        # (a paper note's template writes the paper's link there, `url: https://arxiv.org/…`:
        # it was made the page's path, /https:/arxiv.org/abs/…, a file with no ending)
        diagnostics.warning(
            f"`{own_key}: {own_url}` is another site's address, and `{own_key}` sets this "
            f"page's own (a path such as /posts/attention/): the page keeps the address it "
            f"would have without it; keep a link to elsewhere under a key of its own "
            f"(`link:`, `paper:`)", display, lines.get(own_key, 1))
        own_url = None
    pattern = options.permalinks.get(lang) or options.permalinks.get("")
    pattern = pattern if is_post else None
    if own_url:
        url_path = as_site_path(own_url)
    elif pattern:
        url_path = expand(pattern, PostFields(
            date, jekyll.group(2) if jekyll else name, title,
            slug, categories,
            rel.parent.parts[:-1] if bundle else rel.parent.parts, lang or UNSETTLED_LANGUAGE))

    draft = bool(flag("draft", default=False)) or not published or held_by_slip
    # At its URL, in no list (README: `unlisted`), by any of the names blogs moving here
    # wrote it with: one saying so is enough (each is read: a wrong value is said)
    unlisted = any([flag(key) for key in UNLISTED_KEYS]) or hugo_unlisted(data) \
        or unlisted_by_slip
    noindex = bool(flag("noindex")) or unlisted
    try:
        in_sitemap = sitemap_flag(data.get("sitemap")) and not noindex
    except ValueError as exc:
        field_error("sitemap", str(exc))
        in_sitemap = False
    if len(diagnostics.errors) > errors_before:
        if draft and not options.drafts:
            draft_held_back(diagnostics, items_before)
        return None
    return Post(
        source=display,
        kind="post" if is_post else "page",
        lang=lang,
        title=title,
        date=date,
        updated=updated,
        path=url_path,
        body=body,
        body_line=body_line,
        image_urls=image_urls(body),
        embedded_names=embedded_names(body),
        written_heading_ids=written_heading_ids(body),
        tags=tags,
        inline_tags=inline_tags,
        categories=categories,
        series=series,
        series_order=series_order,
        draft=draft,
        unlisted=unlisted,
        noindex=noindex,
        in_sitemap=in_sitemap,
        pinned=pinned,
        summary=summary,
        title_line=title_line,
        summary_line=lines.get(summary_key, 1) if summary_key else 1,
        description=description,
        description_line=lines.get("description", 1),
        toc=flag("toc"),
        math=flag("math"),
        translation_key=text_field("translationKey") or text_field("translation_key")
        or path_translation_key(rel, options.languages),
        params=data,
        bundle_dir=path.parent if bundle else _asset_folder(path, rel.as_posix(), folders),
        dated_by_file=dated_by_file,
        own_path=bool(own_url) or bool(pattern and places_language(pattern)),
        reads_like=reads_like,
        own_locale=own_locale,
        publish_date=publish_date,
        expiry_date=expiry_date,
        cascaded={key: (source.as_posix(), line) for key, (source, line) in from_cascade.items()},
    )


# What to do about a post in a language the site does not have (one taken out of `languages:`,
# say): the writer may mean either.
NO_SUCH_LANGUAGE = ("add it under `languages:` in site.yaml, or make the post a draft "
                    "(`draft: true`) or delete it")

# The keys a post's date is read from, the first written: Obsidian's `created` and Linter's
# `date created` too (a vault copied in has fresh file times); and its last update's, Hugo's
# `lastmod` and `modified`, Jekyll's `last_modified_at`, Obsidian Linter's `date modified`,
# Update Time on Edit's `last-modified`
DATE_KEYS = ("date", "created", "date created")
UPDATED_KEYS = ("updated", "lastmod", "last_modified_at", "modified", "date modified",
                "last-modified")
# Hugo's moments a post is published from and held back from again (its keys are read in any
# capitals: `publishdate`), and the Python-styled names of them
PUBLISH_KEYS = ("publishDate", "publishdate", "publish_date")
EXPIRY_KEYS = ("expiryDate", "expirydate", "expiry_date")


def names_a_site(url: str) -> bool:
    """Whether a `url:`/`permalink:` is an address with a host (`https://arxiv.org/…`,
    `//example.org/x`), not a path of this site."""
    written = url.strip()
    return written.startswith("//") or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", written) is not None


def asks_for_password(value: object) -> bool:
    """Whether a `password:` value (hexo-blog-encrypt's, Hexo themes') locks the post: any
    value but an empty one or `false`."""
    return value not in (None, "", False) and bool(str(value).strip())


# What a post locked by `password:` is told: blogforge publishes no encrypted pages, and its
# text published in the clear (page, home page, feeds, search index) is a leak nobody can undo
EMPTY_NOTE = "empty: not published (a new note never written in?); write in it or delete it"
PASSWORD_HELD_BACK = (
    "`password` locks this post with hexo-blog-encrypt, which blogforge cannot do: held back, "
    "not published anywhere (its text would be in the clear on its page, the home page, the "
    "feeds and the search index); remove the `password` line to publish it unencrypted")


# What a problem in a draft the build does not show says after itself, a warning.
HELD_DRAFT = " (in a draft: held back; with --drafts this is an error)"


def _without_note_names(data: dict) -> dict:
    """Front matter whose `aliases` keeps only old URLs: in a vault, Obsidian's `aliases:
    [注意力, Attention]` are names a note is also linked by, which were published as redirect
    pages at the site's root (/注意力/), clashing with anything of that name. An alias that
    starts with `/` (`/posts/old/`) or has an ending (`old.html`) is still a URL; `TCP/IP` is
    a name."""
    aliases = data["aliases"]
    written = [aliases] if isinstance(aliases, str) else aliases
    if not isinstance(written, list):
        return data  # (said at the redirects' check, as anywhere)
    urls = [alias for alias in written if not isinstance(alias, str)
            or alias.startswith("/") or alias.lower().endswith((".html", ".htm"))]
    data = {key: value for key, value in data.items() if key != "aliases"}
    return {**data, "aliases": urls} if urls else data


def _bare_names(aliases: object) -> list[str]:
    """The aliases written as a bare name, without a `/` or a page's ending (`注意力`,
    `Attention`): as Obsidian writes a note's other names, where a URL was meant here."""
    written = [aliases] if isinstance(aliases, str) else aliases
    if not isinstance(written, list):
        return []
    return [alias.strip() for alias in written if isinstance(alias, str) and alias.strip()
            and "/" not in alias and not alias.lower().endswith((".html", ".htm"))]



def _held_for_a_problem(said: list[Diagnostic]) -> Path | None:
    """The file of a draft that gave no post, held back for what is wrong in it, from what
    was `said` reading it (`draft_held_back` marks each such warning); None for a file that
    gave no post for an error. From the messages, as a remembered file says them again."""
    return next((item.path for item in said if item.level == "warning"
                 and item.message.endswith(HELD_DRAFT)), None)


def walk_order(source: Path) -> tuple[tuple[int, str], ...]:
    """The place of a file (as messages name it) in the order content/ is read (`_walk`):
    a folder's files by name, then its folders', one by one."""
    *folders, name = source.parts
    return (*((1, folder) for folder in folders), (0, name))


def draft_held_back(diagnostics: Diagnostics, start: int) -> None:
    """The errors reported from `diagnostics.items[start]` on, about a draft this build does
    not show, made warnings that say so: a draft is not published (neither Hugo nor Jekyll
    publishes one unasked), so what is wrong in it cannot stop the build. With `--drafts`
    they stay errors, as for any post the build shows."""
    diagnostics.items[start:] = [
        replace(item, level="warning", message=item.message + HELD_DRAFT)
        if item.level == "error" else item
        for item in diagnostics.items[start:]]


def path_translation_key(rel: PurePosixPath, languages: frozenset[str]) -> str:
    """The translation key of a file (`rel`: under content/) whose front matter gives none:
    its path without the language, so `x.md` + `x.en.md` (and a bundle's `index.md` +
    `index.en.md`) are translations of each other by their names alone."""
    kind = "post" if rel.parts[0] == POSTS_DIR and len(rel.parts) > 1 else "page"
    stem = split_language_suffix(rel.name, languages)[0]
    bundle = rel.suffix.lower() in POST_SUFFIXES and stem.split(".")[0].lower() == "index"
    return f"{kind}:{str(rel.parent / ('' if bundle else stem)).rstrip('/.')}"


def site_language(written: str, options: LoadOptions) -> str | None:
    """The site's language a post's `lang:` (or file name) names, matched as BCP 47 tags are:
    itself, or the language it is but for case and `_` (`zh-hant`, `zh_TW`), else the site's
    only language of its base (`zh-CN`, `zh_Hans` → zh; `en-US` → en), so a Hexo post's `lang:
    zh-CN` does not make a second Chinese with an English interface; of several, the one of its
    script, then region (`zh-TW`, `zh-HK` → zh-Hant; `zh-CN` → zh: `matching_language`). A site
    that declares no `languages:` takes one language per base language from its posts (zh and
    zh-CN are one). None when the declared languages hold none (or several alike) of it."""
    known = options.languages | ({options.default_language} - {""})
    match = matching_language(written, sorted(known))
    if match is not None or options.languages:
        return match
    return base_language(written)


def closest_language(written: str, declared: list[str]) -> str | None:
    """The declared language a `lang:` that is none of them most likely meant: what people
    write for one (`cn`, `jp`, `cht`: Traditional), else the nearest base language by spelling
    (`zn-TW`), by the script and region written."""
    meant = (nickname_of(written) or (written,))[0]
    if (match := matching_language(meant, declared)) is not None:
        return match
    base = base_language(meant)
    close = close_matches(base, [base_language(c) for c in declared], n=1,
                                      cutoff=0.6)
    if not close:
        return None
    respelt = close[0] + meant.replace("_", "-")[len(base):]  # (zn-TW → zh-TW)
    return matching_language(respelt, declared) or next(
        c for c in declared if base_language(c) == close[0])


def _language(data: dict, suffix_lang: str | None, text: str,
              options: LoadOptions, title: str = "", body: str = "") -> tuple[str, str]:
    if data.get("lang") or data.get("language"):
        return str(data.get("lang") or data.get("language")), "front matter"
    if suffix_lang:
        return suffix_lang, "file name"
    guess = prose_language(text, _scripts_told(options))
    if guess in _SCRIPTS_TOLD:  # (only ever guessed on a site that has the language)
        return site_language(guess, options) or guess, "detected"
    # Chinese or English is guessed on a site that declares both, or that declares nothing (no
    # default language: it will be the posts' majority); elsewhere an unmarked post is in the
    # default language (and a warning says when it reads otherwise).
    # (a zh-TW + en site has Chinese and English too: it was never told one from the other)
    bases = {base_language(code) for code in options.languages}
    detect = {"zh", "en"} <= bases or not options.default_language
    if guess == "zh" and (chinese := _chinese_by_script(text, options)) is not None:
        return chinese, "detected"
    if guess is None or not detect:
        return options.default_language, "default"
    if _title_outweighs(title, body, guess, options.default_language):
        return options.default_language, "detected"
    return site_language(guess, options) or guess, "detected"


def not_prose_blanked(text: str) -> str:
    """`text` with its code, formulas, link targets, tags and URLs (`_NOT_PROSE`) each made a
    space, in time linear in its length (the pattern alone read a line again at each of its
    `<`, and a run of blank lines at each line)."""
    kept, end = [], 0
    for match in _NOT_PROSE().finditer(_unclosed_hidden(text)):
        start = match.start()
        if match.group(1) is not None:  # (a fence: from the first blank line above it on)
            start = _first_blank_line(text, end, start)
        kept.append(text[end:start])
        end = match.end()
    kept.append(text[end:])
    return " ".join(kept)


def _unclosed_hidden(text: str) -> str:
    """`text`, of the same length, with the openers no closer follows `_HIDDEN`."""
    for opener, closer, hidden in _ENDS_ON_ITS_LINE:
        text = _hidden_after_last_closer(text, opener, closer, hidden)
    for opener, closer in _ENDS_LATER:
        if opener in text:
            after = text.rfind(closer) + 2 if closer in text else 0
            text = text[:after] + text[after:].replace(opener, opener[0] + _HIDDEN)
    if "\\begin{" in text:
        last_end = {end[1]: end.start() for end in _END().finditer(text)}
        parts, done = [], 0
        for begin in _BEGIN().finditer(text):
            if last_end.get(begin[1], -1) < begin.end():
                brace = begin.start() + len("\\begin")
                parts += [text[done:brace], _HIDDEN]
                done = brace + 1
        text = "".join(parts) + text[done:]
    return text


def _hidden_after_last_closer(text: str, opener: str, closer: str, hidden: str) -> str:
    """`text` with each `opener` after the last `closer` of its line made `hidden` (a line at a
    time: one with an opener is read twice, a line without is skipped by `str.find`)."""
    pieces, done, at = [], 0, text.find(opener)
    while at >= 0:
        line_end = text.find("\n", at)
        if line_end < 0:
            line_end = len(text)
        unclosed = max(at, text.rfind(closer, at, line_end) + 1)
        if opener in text[unclosed:line_end]:
            pieces += [text[done:unclosed], text[unclosed:line_end].replace(opener, hidden)]
            done = line_end
        at = text.find(opener, line_end)
    return "".join(pieces) + text[done:] if pieces else text


def _first_blank_line(text: str, since: int, fence_line: int) -> int:
    """Where a fence found at `fence_line` begins, as the pattern's `^` and any whitespace first
    began it: at the first line at or after `since` (the previous match's end) that is blank up
    to the fence."""
    blank = since + len(text[since:fence_line].rstrip())
    if blank == fence_line or blank == 0 or text[blank - 1] == "\n":
        return blank
    return text.index("\n", blank, fence_line) + 1


# Below this many CJK characters and English words, a body is too short to outweigh a title
# written in the site's default language (a LeetCode note: "Hash map, one pass. O(n)" + code)
_SHORT_BODY = 40


def _title_outweighs(title: str, body: str, guess: str, default: str) -> bool:
    """Whether a post whose text reads like `guess` stays in the `default` language for its
    title, written in that language's script (`1. 两数之和` on a Chinese-first site), above a
    body too short to say more: a Chinese LeetCode note of one English line and its code was
    moved to /en/."""
    base = base_language(default)
    if guess == base or base not in ("zh", "en"):
        return False
    prose = not_prose_blanked(translate_generator_syntax(body, _MEASURING))
    if _ideographs_and_words(prose) >= _SHORT_BODY:
        return False
    ideographs, words = script_counts(title)[0], count_prose(title)[1]
    if base == "zh":  # (a character is about a word: `Transformer 详解` is Chinese)
        return ideographs >= 2 and ideographs >= words
    return words >= 2 and not has_cjk(title)


def _chinese_by_script(text: str, options: LoadOptions) -> str | None:
    """On a site with a Simplified and a Traditional Chinese (zh + zh-Hant), the one `text`
    is written in, by the characters only one script writes (a Traditional post was put in
    the Simplified language, with its interface and badge, and left out of the other's
    lists); else the default when it is one of them (too few such characters to tell). None
    on a site with one Chinese or none, where "zh" finds it."""
    chinese = [code for code in options.declared() if base_language(code) == "zh"]
    traditional = [code for code in chinese if written_in_traditional_chinese(code)]
    if not traditional or len(traditional) == len(chinese):
        return None
    from blogforge.chinese_scripts import TRADITIONAL, chinese_script

    prose = not_prose_blanked(translate_generator_syntax(text, _MEASURING))
    script = chinese_script(prose)
    if script is None:
        default = options.default_language
        return default if default in chinese else None
    return site_language("zh-Hant" if script == TRADITIONAL else "zh-Hans", options)


# Languages told by their own script among CJK characters, and the share of those characters
# in it that says so: Japanese writes kanji and kana (a kanji-heavy note on algorithms is still
# a third kana; a Chinese post quoting a Japanese title a few percent); Korean writes Hangul.
_SCRIPTS_TOLD = {"ja": 0.2, "ko": 0.5}


def _scripts_told(options: LoadOptions) -> frozenset[str]:
    """The languages of `_SCRIPTS_TOLD` an unmarked post of this site may be guessed to be in:
    those it has (declared, or its default); all on a site that declares nothing, whose
    languages are its posts'. A zh+en site is told zh from en as it always was."""
    codes = options.languages | ({options.default_language} - {""})
    if not codes:
        return frozenset(_SCRIPTS_TOLD)
    return frozenset(_SCRIPTS_TOLD) & {base_language(code) for code in codes}


def prose_language(text: str, told: Iterable[str] = ()) -> str | None:
    """The language the prose reads like: a language of `told` (ja, ko) by its share of kana
    or Hangul, else zh or en by the share of Chinese characters among the prose's letters (code
    and formulas left out: a Chinese LeetCode note is mostly Latin letters); None when there is
    too little prose to tell (a title and "Hello." say nothing about a post's language). Hexo,
    Jekyll and Hugo tags are rewritten first, by the rules a build renders them with, so the
    code they hold (`{% highlight %}`, `{% codeblock %}`, `{{< highlight >}}`) is a fence, left
    out like any other, and a `{% comment %}` nobody sees does not count."""
    prose = not_prose_blanked(translate_generator_syntax(text, _MEASURING))
    own_script = _own_script(prose, told)
    if own_script is not None:
        return own_script
    if _ideographs_and_words(prose) < _ENOUGH_PROSE:
        return None
    share = cjk_share(prose)
    if share is None:
        return None
    # A short Chinese note may be mostly English names (`用 PyTorch 实现 LoRA：W = W0 + BA，
    # rank r=8。`: 3 characters in 23 letters), but its sentences end in Chinese punctuation;
    # an English post that names a Chinese word now and then does not write it, and one that
    # quotes a Chinese sentence holds a few characters in hundreds of letters.
    return "zh" if _reads_as_cjk(share, prose) else "en"


def _own_script(prose: str, told: Iterable[str]) -> str | None:
    """The language of `told` whose script makes its share of the prose's CJK characters,
    when the prose reads as CJK at all (an English post naming アテンション is English)."""
    ideographs, kana, hangul = script_counts(prose)
    cjk = ideographs + kana + hangul
    if not told or sum(count_prose(prose)) < _ENOUGH_PROSE or not cjk:
        return None
    if not _reads_as_cjk(cjk / (cjk + len(_LATIN_LETTER.findall(prose))), prose):
        return None
    shares = {"ja": kana / cjk, "ko": hangul / cjk}
    # (Korean first: a Korean text's few kana would be none, a Japanese text's Hangul too)
    return next((code for code in ("ko", "ja")
                 if code in told and shares[code] >= _SCRIPTS_TOLD[code]), None)


def _reads_as_cjk(share: float, prose: str) -> bool:
    """Whether prose with `share` of CJK characters among its letters is CJK writing."""
    return share > 0.2 or (share >= 0.05 and CJK_PROSE_PUNCTUATION.search(prose) is not None)


def _ideographs_and_words(prose: str) -> int:
    """What tells zh from en: Chinese characters and English words (kana and Hangul say
    nothing of either)."""
    return script_counts(prose)[0] + count_prose(prose)[1]


def _suffix_language(filename: str, display: Path, options: LoadOptions,
                     diagnostics: Diagnostics) -> tuple[str, str | None]:
    """The file's name without its extension and language, and the site's language its name
    says (`post.zh-TW.md`: zh-Hant on a site that has it). A name ending in a known
    language's tag that is none of the site's (`post.zh-TW.md` on a zh-Hant-less site has zh,
    but `post.fr-FR.md` on a zh+en site) stays part of the post's name, and a warning says so:
    Hugo names files so, and its writer expects the post in that language."""
    stem, written = split_language_suffix(filename, options.languages)
    if written is not None:
        return stem, site_language(written, options) or written  # (an undeclared `fr`: site.py)
    tag = language_tag_suffix(filename)
    if tag is not None and options.languages:
        declared = ", ".join(options.declared())
        close = closest_language(tag, options.declared())
        diagnostics.warning(
            f"the file name ends in `.{tag}`, a language code, but `{tag}` is not one of this "
            f"site's languages ({declared}), so it is part of the post's name and the post is "
            "in the language its `lang:` or its text gives"
            + (f": did you mean `.{close}`?" if close else
               f": add `{tag}` under `languages:` in site.yaml, or rename the file"),
            display, 1)
    return stem, None


def _title_from_heading(body: str) -> tuple[str | None, str, int, int]:
    """The title a `# ` heading outside code gives a body without one, and the body without
    that heading (the page shows the title already); returns (title, body, lines taken off its
    top, the heading's line in the body). The heading is the title when it opens the body, or
    when it is the body's one `# ` heading and no heading comes before it: the document's title,
    as Markdown's one-h1 rule has it, below a line the writer kept above it (a chat answer's
    "好的，下面是关于 LoRA 的讲解："), which stays the body's first paragraph. `# ` headings
    below the top that are more than one, or come after a `##`, are the body's sections (CSDN's
    and Typora's habit; a `# 附录` after `##` sections): the post is called by its file's name,
    and they stay."""
    lines = body.split("\n")
    fence = None  # the open fence's backticks or tildes (in a ```` fence, ``` is its text)
    first_content = next((i for i, line in enumerate(lines) if line.strip()), None)
    titles: list[int] = []  # the lines of the `# ` headings outside code
    heading_before = False  # a heading of another level above the first `# `
    for index, line in enumerate(lines):
        if fence is not None:
            closing = _FENCE_END.match(line)
            if closing and closing.group(1).startswith(fence):
                fence = None
            continue
        if opened := _FENCE.match(line):
            fence = opened.group(1)
        elif _H1.match(line):
            if index == first_content:
                return _heading_text(line), "\n".join(lines[index + 1:]), index + 1, index
            titles.append(index)
        elif not titles and _HEADING.match(line):
            heading_before = True
    if len(titles) != 1 or heading_before:
        return None, body, 0, 0
    (index,) = titles
    if not _preamble(lines[:index]):  # (a section far down titles the post, and stays)
        return _heading_text(lines[index]), body, 0, index
    # (its line left blank, not taken out: the lines below keep their numbers for messages)
    return _heading_text(lines[index]), "\n".join(lines[:index] + [""] + lines[index + 1:]), \
        0, index


def _without_title_repeated(body: str, title: str) -> tuple[str, int]:
    """A body without the `# ` heading that opens it when it says the front matter's title
    again (`title: Magnetic Fields` over `# Magnetic Fields`, as note templates and Typora
    writers of Hexo posts write both), and how many lines were taken off its top: the page
    shows the title already (the heading was a second <h1> of the same words, an entry of the
    contents, the start of the description). A first heading of other words stays."""
    heading, rest, dropped, _ = _title_from_heading(body)
    if heading is None or not dropped or _same_words(heading) != _same_words(title):
        return body, 0
    return rest, dropped


def _same_words(text: str) -> str:
    return " ".join(text.split()).casefold()


_PREAMBLE_CHARACTERS = 100


def _preamble(lines: list[str]) -> bool:
    """Whether the lines above a body's one `# ` heading are a line the writer kept above a
    title (ChatGPT's "好的，下面是关于 LoRA 的讲解："): one short paragraph. Below more, the
    heading is a section's (`# 总结` after the notes): it still titles the post, as it did
    before the title was taken out of the body, but it stays, or the last section lost its
    heading in the page, its contents and its description."""
    written = [at for at, line in enumerate(lines) if line.strip()]
    if not written:
        return True
    paragraph = lines[written[0]:written[-1] + 1]
    return (all(line.strip() for line in paragraph) and not _FENCE.match(paragraph[0])
            and sum(len(line.strip()) for line in paragraph) <= _PREAMBLE_CHARACTERS)


@functools.cache
def _heading_reader() -> MarkdownIt:
    """A heading's reading as the body's (markdown/render.py): its emphasis, strikethrough,
    marks, code, links and formulas, its closing `#`s and the `{#id .class}` at its end; its
    emphasis beside Chinese punctuation too (`# **注意：**这里是标题`), as the body reads it."""
    from blogforge.markdown.cjk_emphasis import cjk_emphasis_plugin  # (only for such a title)

    return (MarkdownIt("commonmark", {"html": True}).enable("strikethrough")
            .use(body_depth_plugin).use(marks_plugin).use(cjk_emphasis_plugin).use(math_plugin)
            .use(heading_attrs_plugin))


def _heading_text(line: str) -> str:
    r"""A `# ` heading line's text as a title: its words as the heading shows them, without
    their Markdown (`# **Transformer 详解** 🚀` was titled "**Transformer 详解** 🚀" in the
    tab, a shared link's card and the home page), a link's and a picture's by their text. A
    title is text with formulas (render.py): its formulas are kept as written, rendered as a
    front matter title's are, and a `$` of the heading's text or code that opens none is
    written `\$`, a dollar sign there too. Raw HTML is kept as written (`vector<int>`)."""
    inline = next(token for token in _heading_reader().parse(line, {})
                  if token.type == "inline")
    source, parts = inline.content, []
    for token in inline.children or []:
        if token.type in ("math_inline", "math_ref"):
            found = scan_formula(source, token.meta["pos"], len(source))
            parts.append(source[token.meta["pos"]:found.end] if found else token.content)
        elif token.type in ("text", "code_inline", "image"):  # (a picture's alt text)
            parts.append(token.content.replace("$", "\\$"))
        elif token.type == "html_inline":
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip() or line.lstrip(" #").strip()

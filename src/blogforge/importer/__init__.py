"""`blogforge import`: a Hexo, Jekyll or Hugo blog repository, or a Notion export
(notion.py), into a blogforge site.

The source is only read; everything is written into a new folder (missing or empty). Posts are
copied as they are (their syntax renders, see markdown/compat/); the only edits are lines added
to front matter where the old generator implied something blogforge must be told (`draft: true`
for a drafts folder, a Jekyll page's old `.html` URL), lines commented out where the old
generator did not read what would hold a post back here (`kept_published`), and the Markdown
escapes a Hexo renderer made writers put in formulas (marked.py). The config becomes a
commented site.yaml whose `permalink` keeps every post's URL. What has no blogforge
equivalent (theme settings, plugins, layouts) is listed in the report with file and line.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache, partial
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from blogforge.config import SiteConfig
from blogforge.content.frontmatter import (
    UNLISTED_KEYS,
    FrontMatterError,
    Split,
    flag_value,
    slip_holds_back,
    split_front_matter,
)
from blogforge.content.loader import LoadOptions, load_post
from blogforge.content.permalinks import patterns
from blogforge.diagnostics import Diagnostic, Diagnostics, counted
from blogforge.importer.marked import plain_formulas
from blogforge.language_codes import KNOWN_LANGUAGES, base_language
from blogforge.languages import language_folder, placed_path, settle_default_language
from blogforge.model import Post
from blogforge.scratch_files import is_editor_file
from blogforge.site_folder import why_not_made
from blogforge.urls import split_url
from blogforge.yamlfile import YamlSyntaxError, parse_yaml

GENERATORS = ("hexo", "jekyll", "hugo", "notion", "wordpress")
POSTS = "content/posts"
# A file (or bundle folder) name the build reads a post's date from (content/loader.py)
_DATE_NAMED = re.compile(r"\d{4}-\d{2}-\d{2}-.")


class ImportFailure(Exception):
    """The source cannot be imported at all (not that kind of site, destination not empty)."""


@dataclass
class Note:
    path: str  # relative to the source
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass
class Site:
    """What an importer found: site.yaml settings (key -> (value, where it came from)), files."""

    src: Path
    dest: Path
    generator: str
    settings: dict[str, tuple[object, str]] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    # Formulas whose Markdown escapes were made plain TeX (`$x\_i$` → `$x_i$`), and why
    rewritten_formulas: list[Note] = field(default_factory=list)
    formulas_reason: str = ""
    # Front matter keys written as blogforge reads them, (file, line) -> "`Title` → `title`"
    # (a post's text is read more than once: each place once), and why
    renamed_keys: dict[tuple[str, int], str] = field(default_factory=dict)
    keys_reason: str = ""
    # Lines that would hold back a post the old site published, commented out: (file, line)
    # -> the line as written (`Draft: true`), and why the old generator did not read them
    kept_published: dict[tuple[str, int], str] = field(default_factory=dict)
    published_reason: str = ""
    # `published` lines that held a post back on the old site and would not here (`published:`
    # empty in Jekyll, `published: 0` in Hexo), written `published: false`: (file, line) -> the
    # line as written, and how the old generator read them
    held_back: dict[tuple[str, int], str] = field(default_factory=dict)
    held_reason: str = ""
    held_written: str = ("blogforge would have published these posts (or could not read the "
                         "line), so it is written `published: false`")
    # `published` lines of drafts the old site showed with its drafts option, which the build
    # could not read (`published: 0`), commented out: (file, line) -> the line as written. Not
    # among `kept_published`: a draft is not published, here or there
    readable_drafts: dict[tuple[str, int], str] = field(default_factory=dict)
    formula_files: set[str] = field(default_factory=set)  # (those noted in rewritten_formulas)
    # Front matter pictures Hugo's themes found from the site's root (PaperMod's `cover.image`,
    # `images`), written from it: (file, key) -> (its line, "`img/a.jpg` → `/img/a.jpg`"),
    # the line of the file as written (a page's text is read more than once: its first)
    rooted_pictures: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)
    # Lines that kept a post out of the old site's lists (hexo-hide-posts' `hidden: true`),
    # which the build reads as `unlisted: true`: (file, line) -> the line as written, and who
    # read them so there
    unlisted: dict[tuple[str, int], str] = field(default_factory=dict)
    unlisted_reason: str = ""
    # What the build will stop at in the imported site (broken front matter, an impossible
    # date), as it will say it: files copied as they were, for the writer to fix first
    build_problems: list[Diagnostic] = field(default_factory=list)
    # Posts without a date, written the date of their file (see `Site.dated`)
    dated_by_file: list[str] = field(default_factory=list)
    # Each page written as a post, for the report: (its file, "content/posts/… (what of it)"),
    # where the post's file is not the source's (a Notion page)
    written: list[tuple[str, str]] = field(default_factory=list)
    posts: int = 0
    pages: int = 0
    files: int = 0  # (those copied besides the posts and pages, which are counted apart)

    def note(self, path: Path | str, line: int | None, message: str) -> None:
        rel = path.relative_to(self.src).as_posix() if isinstance(path, Path) else path
        self.notes.append(Note(rel, line, message))

    def note_once(self, path: Path, line: int | None, message: str) -> None:
        """A note about a file the import reads more than once (a post: to know its URL,
        then to write it)."""
        rel = path.relative_to(self.src).as_posix()
        if Note(rel, line, message) not in self.notes:
            self.note(path, line, message)

    def renamed(self, path: Path, line: int, old: str, new: str) -> None:
        self.renamed_keys[(path.relative_to(self.src).as_posix(), line)] = f"`{old}` → `{new}`"

    def set(self, key: str, value: object, origin: str) -> None:
        if value not in (None, "", [], {}):
            self.settings[key] = (value, origin)

    def copy(self, source: Path, target: str, *, other_file: bool = True) -> bool:
        """`other_file`: False for a post's or page's own file, counted in `posts`/`pages` by
        the caller when this says it was written."""
        # (translations' bundles often share an image: the same bytes there are no clash)
        path = self._free(source, target, quiet=lambda path: same_bytes(source, path))
        if path is None:
            return False
        shutil.copy2(source, path)
        self.files += other_file
        return True

    def write_text(self, source: Path, target: str, text: str, *,
                   other_file: bool = True) -> bool:
        """`other_file`: as for `copy`; whether it was written."""
        path = self._free(source, target)
        if path is None:
            return False
        path.write_text(text, encoding="utf-8", newline="")  # (the post's own line ends)
        shutil.copystat(source, path)  # (a post without a date is dated by its file)
        self.files += other_file
        return True

    def _free(self, source: Path, target: str,
              quiet: Callable[[Path], bool] = lambda path: False) -> Path | None:
        """Where `target` is written, its folder made; None when a file is there already,
        which is said (unless `quiet` says it need not be)."""
        path = self.dest / target
        if path.exists():
            if not quiet(path):
                self.note(source, None, f"not copied: {target} is already taken by another "
                          "file")
            return None
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def markdown(self, source: Path, target: str, extra: dict[str, object] | None = None,
                 rewrite: Callable[[str], str] | None = None) -> bool:
        """Copy a post or page, adding front matter lines when `extra` says so; `rewrite` may
        change its text (a value the old generator read differently, an excerpt marker). A
        `series` list becomes one name first, so that `rewrite` reads what the build will.
        Whether it was written (not when its place is taken, or it cannot be read): what the
        summary counts."""
        try:
            text = source.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            if extra or rewrite is not None:
                self.note(source, None, "not UTF-8: copied as it is, without the changes an "
                          "import makes (" + ", ".join(extra or ["rewritten front matter"])
                          + ")")
            return self.copy(source, target, other_file=False)
        except OSError as exc:
            self.note(source, None, f"could not be read: {exc}")
            return False
        changed = self.one_series(source, text)
        changed = rewrite(changed) if rewrite is not None else changed
        if not (extra or {}).get("draft"):
            changed = self.dated(source, target, changed)
        if changed == text and not extra:
            return self.copy(source, target, other_file=False)
        return self.write_text(source, target, set_keys(changed, extra) if extra else changed,
                               other_file=False)

    def dated(self, source: Path, target: str, text: str) -> str:
        """A post's text with a `date` where it has none (nor a Jekyll date in its name): its
        file's modification time, which the build would take, and the old generator took
        (Hexo its birth time, Jekyll for a draft), but a clone or checkout resets, putting an
        old post at the top of the feed. Noted, for the writer to correct; a draft is dated
        when it is published."""
        if not target.startswith(f"{POSTS}/") or not is_markdown(Path(target)):
            return text
        try:
            split = split_front_matter(text.replace("\r\n", "\n"))
        except FrontMatterError:
            return text  # (the build says what is wrong with it)
        target_path = PurePosixPath(target)
        name = target_path.parent.name if target_path.name.startswith("index.") \
            else target_path.stem
        if split.body_line == 1 and text.lstrip().startswith("{"):
            return text  # (JSON front matter Hugo could not read either: reported)
        if split.data.get("date") not in (None, "") or flag_value(
                split.data.get("draft")) is True or _DATE_NAMED.match(name):
            return text
        zone = load_options(self).zone
        stamp = datetime.fromtimestamp(int(source.stat().st_mtime), tz=zone).isoformat(" ")
        rel = source.relative_to(self.src).as_posix()
        if rel not in self.dated_by_file:
            self.dated_by_file.append(rel)
            self.note(source, None, f"no date: written `date: {stamp}`, its file's "
                      "modification time, which a clone or checkout would reset: correct it "
                      "if the post was written another day")
        return set_keys(text, {"date": stamp})

    def one_series(self, source: Path, text: str) -> str:
        """`text` with its `series` one name, as blogforge has it: Hugo's taxonomies are lists
        (`series = ["GANs"]`), and a post is in one series here, so the first name stays and
        the others are reported; an empty list is no series."""
        series = front_matter(text).get("series")
        if not isinstance(series, list):
            return text
        names = [str(name) for name in series if isinstance(name, (str, int, float))
                 and str(name).strip()]
        if len(names) > 1:
            self.note_once(source, None, f"series: kept `{names[0]}`, left out "
                      + ", ".join(f"`{name}`" for name in names[1:])
                      + " (a blogforge post is in one series)")
        return set_keys(text, {"series": names[0] if names else None})


def formulas_as_tex(text: str, source: Path, site: Site, moved: int = 0) -> str:
    """The text with the Markdown escapes of its formulas made plain TeX (marked.py), each
    formula so changed noted at its line (once: a post's text may be read twice) in the
    source, whose body starts `moved` lines before the text's (front matter written anew)."""
    text, lines = plain_formulas(text)
    rel = source.relative_to(site.src).as_posix()
    if rel not in site.formula_files:
        site.formula_files.add(rel)
        site.rewritten_formulas += [Note(rel, line - moved, "") for line in lines]
    return text


def kept_published(text: str, source: Path, site: Site, published: bool,
                   keys: tuple[str, ...] | None = None,
                   noted: dict[tuple[str, int], str] | None = None) -> str:
    """A post's text without the front matter lines that would hold it back in blogforge
    where the old generator, which `published` it, did not read them: `draft: true` (Hexo and
    Jekyll have no `draft`), and a slip of `draft` or `published` that the build takes for a
    word to hold the post back (`Draft: true`, `darft: true`, `Published: false`: they read
    keys as written). Each such line is commented out, so the post stays at its old URL and
    the writer sees what was there, and noted in `site.kept_published` (or `noted`). With
    `keys`, only those keys' lines."""
    split = _front_matter_split(text)
    if split is None or not published:
        return text
    hiding = [key for key in split.data if isinstance(key, str) and key in split.lines
              and (keys is None or key in keys) and _holds_back(key, split.data)]
    if not hiding:
        return text
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    fence = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
    rel = source.relative_to(site.src).as_posix()
    for key in hiding:
        start = split.lines[key] - 1
        written = _YAML.key.match(lines[start])
        if written is None or written.group(1) != key:
            continue  # (a key written otherwise, `"draft": true`: left as it is)
        (site.kept_published if noted is None else noted)[(rel, start + 1)] = \
            lines[start].strip()
        end = _value_end(lines, start, fence, _YAML)
        lines[start:end] = ["# " + line for line in lines[start:end]]
    return newline.join(lines)


def _holds_back(key: str, data: dict) -> bool:
    """Whether the build holds a post back for `key` (as content/loader.py reads it), or
    stops at it: a true `draft`, a `published` that is not true (`"false"`, which Jekyll read
    as a word; `no`, a word to Hexo; `0`, which the build cannot read), or a slip of `draft`
    (true) or of `published` (false) without the real key."""
    if key == "draft":
        return flag_value(data[key]) is True
    if key == "published":
        return data[key] is not None and flag_value(data[key]) is not True
    return slip_holds_back(key, data)


def held_back(text: str, source: Path, site: Site) -> str:
    """A post's text, which the old generator held back for its `published` line, with that
    line written `published: false` where the build would publish the post (`published:`
    empty) or could not read the value (`published: 0`); noted in `site.held_back`."""
    split = _front_matter_split(text)
    if split is None or "published" not in split.data or \
            flag_value(split.data["published"]) is False:
        return text
    found = _key_written(text, split, "published")
    if found is None:
        return text  # (a key written otherwise, `"published": 0`: the build says what it is)
    rel = source.relative_to(site.src).as_posix()
    site.held_back[(rel, split.lines["published"])] = found[0].strip()
    return set_keys(text, {"published": False})


def readable_draft(text: str, source: Path, site: Site, shown: bool) -> str:
    """A draft's text whose `published` line the build cannot read (`published: 0`), which
    would stop `blogforge build --drafts`: the line commented out where the old generator
    showed the draft with its drafts option (`shown`: noted in `site.readable_drafts`, not
    with the posts kept published), written `published: false` where it did not (noted as
    for a post: `held_back`). The draft is held back by its `draft: true` either way; a line
    the build reads is left as written. A draft the old site hid even with its drafts option
    (Jekyll: `published:` false or empty) is noted: `blogforge build --drafts` shows every
    draft, so that is not carried over."""
    split = _front_matter_split(text)
    if split is None or "published" not in split.data:
        return text
    if not shown and (found := _key_written(text, split, "published")) is not None:
        site.note_once(source, split.lines["published"],
                       f"`{found[0].strip()}`: the old site hid this draft even with its "
                       "drafts option; `blogforge build --drafts` shows it, as every draft")
    if split.data["published"] is None or flag_value(split.data["published"]) is not None:
        return text
    return kept_published(text, source, site, True, ("published",),
                          site.readable_drafts) if shown \
        else held_back(text, source, site)


def unlisted_lines(text: str, source: Path, site: Site, keys: tuple[str, ...]) -> str:
    """A post's text whose front matter kept it out of the old site's lists with one of `keys`
    true (hexo-hide-posts' `hidden`), each such line noted in `site.unlisted`. The build reads
    `hidden` and `hide` as `unlisted` (content/frontmatter.py: `UNLISTED_KEYS`); for another
    key (the plugin's `filter` setting names it) `unlisted: true` is written beside it."""
    split = _front_matter_split(text)
    if split is None:
        return text
    hiding = [key for key in dict.fromkeys(keys) if key in split.lines
              and flag_value(split.data.get(key)) is True]
    rel = source.relative_to(site.src).as_posix()
    for key in hiding:
        found = _key_written(text, split, key)
        site.unlisted[(rel, split.lines[key])] = found[0].strip() if found else f"{key}: true"
    if hiding and not any(key in UNLISTED_KEYS for key in hiding) \
            and flag_value(split.data.get("unlisted")) is not True:
        return set_keys(text, {"unlisted": True})
    return text


def written_value(text: str, key: str) -> str | None:
    """The value of the top-level front matter `key` as written on its line (`no`, `"0"`),
    without a comment; None when there is no such line."""
    split = _front_matter_split(text)
    found = _key_written(text, split, key) if split is not None else None
    if found is None:
        return None
    line, written = found
    value = line[written.end():].strip()
    return value if value[:1] in ("'", '"') else re.split(r"\s#", value)[0].strip()


def _key_written(text: str, split: Split, key: str) -> tuple[str, re.Match[str]] | None:
    """The line of the top-level front matter `key` in `text` (whose front matter is `split`)
    and the match of its key there; None without such a line, or for a key written otherwise
    (`"published": 0`)."""
    if key not in split.lines:
        return None
    newline = "\r\n" if "\r\n" in text else "\n"
    line = text.split(newline)[split.lines[key] - 1]
    written = _YAML.key.match(line)
    return (line, written) if written is not None and written.group(1) == key else None


def _front_matter_split(text: str) -> Split | None:
    """A post's YAML front matter as the build reads it; None without one, or a broken one
    (the build says what is wrong)."""
    if not text.startswith("---"):
        return None
    try:
        return split_front_matter(text.replace("\r\n", "\n"))
    except FrontMatterError:
        return None


def same_bytes(one: Path, other: Path) -> bool:
    try:
        return one.stat().st_size == other.stat().st_size and \
            one.read_bytes() == other.read_bytes()
    except OSError:
        return False


def outside_code_fences(text: str, rewrite: Callable[[str], str]) -> str:
    """`text` with `rewrite` applied to each line outside fenced code (``` or ~~~), which
    shows text as written rather than naming a file or post."""
    fence = ""
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        opener = _FENCE.match(line)
        if opener and (not fence or opener.group(1).startswith(fence)):
            fence = "" if fence else opener.group(1)
        elif not fence:
            lines[index] = rewrite(line)
    return "".join(lines)


_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")


def with_language(target: str, code: str | None) -> str:
    """`posts/a.md` → `posts/a.en.md`: the file name that says a post's language (and pairs it
    with `posts/a.md`, its translation); as it is for None."""
    if not code:
        return target
    folder, _, name = target.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    named = f"{stem}.{code}.{ext}" if dot else f"{name}.{code}"
    return f"{folder}/{named}" if folder else named


def with_front_matter(text: str, extra: dict[str, object]) -> str:
    """`text` with `key: value` lines added to its front matter (made when it has none)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    first, sep, rest = text.partition(newline)
    if first.rstrip() == "+++":
        lines = [_TOML.line(k, v) for k, v in extra.items()]
        return first + sep + newline.join(lines) + newline + rest
    lines = [_YAML.line(k, v) for k, v in extra.items()]
    if first.rstrip() == "---":
        return first + sep + newline.join(lines) + newline + rest
    return "---" + newline + newline.join(lines) + newline + "---" + newline + text


def as_built(path: Path, rel: PurePosixPath, root: Path, options: LoadOptions,
             text: str) -> Post | None:
    """The post `text` (the file `path` below `root`; `rel`: its new place below content/) as
    the build will read it with `options`; None when it cannot be read (the build will say
    why). The file's name is read as the post's, so `path` has the new one when it differs
    (`a.zh-cn.md` becomes `a.zh.md`)."""
    return load_post(path, rel, root, options, Diagnostics(), raw=text.encode("utf-8"))


def with_old_url(text: str, post: Post, old: str, folder: str) -> str:
    """`text` with a `permalink` saying `old`, the site path the old generator gave the post,
    when the build would put it elsewhere: in its language's `folder` (`en/`, which Hexo and
    Jekyll never put in a URL), or at a path read otherwise; as it is when the two agree."""
    if placed_path(post, folder) == old:
        return text
    return with_front_matter(text, {"permalink": "/" + old})


def settled_language(declared: str | None, posts: list[Post]) -> str:
    """The default language the build will take: the declared one, else the language most of
    the posts are in (which decides which posts get a language folder)."""
    config = SiteConfig(default_language=declared or "")
    return settle_default_language(config, posts, Diagnostics()).default_language


def read_markdown(source: Path) -> str | None:
    """A post's text as `Site.markdown` reads it; None when it cannot (that reports it)."""
    try:
        return source.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


@dataclass(frozen=True)
class PostFile:
    """A post to write: its file, its place below content/, what its text needs."""

    source: Path
    rel: PurePosixPath  # below content/: posts/ml/2024-03-06-gan.md
    extra: dict[str, object] = field(default_factory=dict)  # front matter lines to add
    rewrite: Callable[[str], str] | None = None  # what the generator read from elsewhere


# The site path the old generator gave a post: from its file, the post as the build reads it
# and the site's default language.
OldUrl = Callable[[PostFile, Post, str], str]


def write_posts(site: Site, found: list[PostFile], old_url: OldUrl) -> str:
    """The posts, each at the URL the old generator gave it (`old_url`): where the build would
    put one elsewhere, as in its language's folder (`/en/…`) when the old URL had none, it gets
    a `permalink`. The site's default language decides which posts get a folder: the one
    site.yaml says, else the one most posts are in, as the build decides it; so every post is
    read before any is written. Returns that language."""
    options = load_options(site)
    built = {post.source: built_post(site, post, options) for post in found}
    default = settled_language(options.default_language, [p for p in built.values() if p])
    in_subdir = bool(site.settings.get("default_language_in_subdir", (False, ""))[0])
    for post in found:
        site.posts += site.markdown(
            post.source, f"content/{post.rel.as_posix()}", post.extra,
            partial(_with_old_url, post=post, built=built[post.source],
                    old_url=partial(old_url, default=default),
                    folder=partial(language_folder, default=default,
                                   default_in_subdir=in_subdir)))
    return default


def load_options(site: Site) -> LoadOptions:
    """How the build will read the posts, from the site.yaml settings found so far."""
    def setting(key: str, default: object) -> object:
        return site.settings.get(key, (default, ""))[0]

    languages = setting("languages", {})
    languages = languages if isinstance(languages, dict) else {}
    own = {str(code): str(values["permalink"]) for code, values in languages.items()
           if isinstance(values, dict) and values.get("permalink")}
    return LoadOptions(str(setting("default_language", "") or ""), frozenset(languages),
                       ZoneInfo(str(setting("timezone", "UTC"))),
                       patterns(str(setting("permalink", "") or ""), own))


def built_post(site: Site, post: PostFile, options: LoadOptions) -> Post | None:
    """The post `post` as the build will read it with `options` (None: it cannot)."""
    text = read_markdown(post.source)
    if text is None:
        return None
    text = post.rewrite(text) if post.rewrite else text
    return as_written(post.source, post.rel, site.dest, options, text)


def as_written(source: Path, rel: PurePosixPath, dest: Path, options: LoadOptions,
               text: str) -> Post | None:
    """The file `source`, to be written with `text` at `rel` below dest's content/, as the
    build will read it (`as_built`), before it is written."""
    path = dest / "content" / rel
    try:
        return as_built(path, rel, dest, options, text)
    except FileNotFoundError:
        # the build dates a post without a date by its file, which is not written yet: its
        # copy keeps the source's time (`Site.copy`, `Site.write_text`)
        stamp = datetime.fromtimestamp(source.stat().st_mtime, tz=options.zone)
        return as_built(path, rel, dest, options, set_keys(text, {"date": stamp.isoformat()}))


def _with_old_url(text: str, post: PostFile, built: Post | None,
                  old_url: Callable[[PostFile, Post], str], folder: Callable[[str], str]) -> str:
    text = post.rewrite(text) if post.rewrite else text
    if built is None:
        return text  # (the build says what is wrong with it)
    return with_old_url(text, built, old_url(post, built), folder(built.lang))


def front_matter(text: str) -> dict:
    """The front matter of a post, {} when it has none or it is broken (the build says so),
    or when it is Hugo's JSON: the Hugo import writes that as YAML first (`hugo_text`), and
    the keys read here are changed by `set_keys`, which writes YAML or TOML alone."""
    if text.lstrip().startswith("{"):
        return {}
    try:
        return split_front_matter(text.replace("\r\n", "\n")).data
    except FrontMatterError:
        return {}


class PlainDate(str):
    """A YAML value written unquoted that YAML reads as a date or a moment (`2030-01-01`),
    which the build's reading keeps as text: written back unquoted (`yaml_flow`), as it was."""


def with_plain_dates(text: str, key: str, value: object) -> object:
    """`value`, the top-level `key` of `text`'s YAML front matter as `front_matter` read it,
    with each text that was a plain date there a `PlainDate`; as it is for other front matter,
    or one PyYAML cannot read (the build reads it, or says what is wrong)."""
    text = text.replace("\r\n", "\n")
    if value is None or text.partition("\n")[0].rstrip() != "---":
        return value
    try:  # (where the build's reading finds its end: the body's line is two after it)
        raw = "\n".join(text.split("\n")[1:split_front_matter(text).body_line - 2])
    except FrontMatterError:
        return value
    import yaml  # (here: only a YAML front matter's dates are read so)

    try:
        typed = yaml.safe_load(raw)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError):  # (2024-02-30 is none)
        return value
    return _marked_dates(value, typed.get(key) if isinstance(typed, dict) else None)


def _marked_dates(value: object, typed: object) -> object:
    """`value` with each text that is a date in `typed` (the same read by PyYAML) a
    `PlainDate`; where the two differ in shape, as it is."""
    if isinstance(value, str) and isinstance(typed, date):
        return PlainDate(value)
    if isinstance(value, dict) and isinstance(typed, dict):
        return {k: _marked_dates(v, typed.get(k)) for k, v in value.items()}
    if isinstance(value, list) and isinstance(typed, list) and len(value) == len(typed):
        return [_marked_dates(v, t) for v, t in zip(value, typed, strict=True)]
    return value


def set_keys(text: str, values: dict[str, object | None], block: bool = False) -> str:
    """`text` with the front matter keys in `values` set to them (None: the key removed), each
    on one line, where the first of them was (or at the end of YAML, at the top of TOML, whose
    keys after a `[table]` are the table's). A YAML key's lines are its own line and the
    indented or `- ` lines after it; a TOML key's, those up to where its brackets close. With
    `block`, a YAML value's mappings are written one key a line (`yaml_block_lines`)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    syntax = _TOML if lines[0].rstrip() == "+++" else _YAML
    closers = (syntax.fence, "...") if syntax is _YAML else (syntax.fence,)
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in closers), None)
    new = {k: v for k, v in values.items() if v is not None}
    if lines[0].rstrip() != syntax.fence or end is None:
        return with_front_matter(text, new) if new else text
    if syntax is _TOML:
        end = next((i for i in range(1, end) if _TOML_TABLE.match(lines[i])), end)
    kept: list[str] = []
    written = [line for k, v in new.items() for line in (
        yaml_block_lines(k, v) if block and syntax is _YAML else [syntax.line(k, v)])]
    index = 1
    while index < end:
        key = syntax.key.match(lines[index])
        if not key or key.group(1) not in values:
            kept.append(lines[index])
            index += 1
            continue
        index = _value_end(lines, index, end, syntax)
        kept += written
        written = []
    if syntax is _TOML:
        return newline.join([lines[0], *written, *kept, *lines[end:]])
    return newline.join([lines[0], *kept, *written, *lines[end:]])


def renamed_keys(text: str, names: dict[str, str]) -> str:
    """`text` with the top-level front matter keys in `names` renamed (`Title` → `title`),
    their values as written."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    syntax = _TOML if lines[0].rstrip() == "+++" else _YAML
    if lines[0].rstrip() != syntax.fence:
        return text
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (syntax.fence, "...") or \
                syntax is _TOML and _TOML_TABLE.match(lines[index]):
            break  # (a TOML key after a `[table]` is the table's)
        key = syntax.key.match(lines[index])
        if key and key.group(1) in names:
            lines[index] = lines[index][:key.start(1)] + names[key.group(1)] + \
                lines[index][key.end(1):]
    return newline.join(lines)


def _value_end(lines: list[str], index: int, end: int, syntax: _Syntax) -> int:
    """The index of the line after the value that starts on line `index`."""
    if syntax is _YAML:
        index += 1
        while index < end and lines[index][:1] in (" ", "\t", "-"):
            index += 1  # the value's other lines
        return index
    depth = 0
    while index < end:
        depth += _bracket_depth(lines[index].split("=", 1)[-1] if depth == 0 else lines[index])
        index += 1
        if depth <= 0:
            break
    return index


def _bracket_depth(text: str) -> int:
    """How many more `[` than `]` a TOML line has outside its strings and comment."""
    depth, quote, escaped = 0, "", False
    for char in text:
        if quote:
            if char == quote and not escaped:
                quote = ""
            escaped = quote == '"' and char == "\\" and not escaped
        elif char in "\"'":
            quote = char
        elif char == "#":
            break
        else:
            depth += (char == "[") - (char == "]")
    return depth


def read_yaml(site: Site, path: Path) -> tuple[dict, dict[str, int]]:
    """A YAML config and the line of each top-level key; problems are notes, not crashes."""
    try:
        doc = parse_yaml(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        site.note(path, None, f"could not be read: {exc}")
        return {}, {}
    except YamlSyntaxError as exc:
        site.note(path, exc.line, f"broken YAML, not imported: {exc}")
        return {}, {}
    if not isinstance(doc.data, dict):
        return {}, {}
    lines = {str(p[0]): line for p, line in doc.lines.items() if len(p) == 1}
    return doc.data, lines


def offset_text(seconds: int) -> str:
    """A UTC offset as ISO 8601 writes it after a time: `+08:00`, `-05:30`."""
    sign = "+" if seconds >= 0 else "-"
    minutes = abs(seconds) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def language_code(value: object) -> str | None:
    """`zh-CN`, `zh_Hans`, `en-us`, `["en", "zh"]` → zh / en; None when unknown."""
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, str) or not value:
        return None
    code = base_language(value)  # (as the build reads a post's `lang`)
    return code if code in KNOWN_LANGUAGES else None


def timezone(site: Site, value: object, origin: str) -> None:
    if not isinstance(value, str) or not value:
        return
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        site.note(origin.split(":")[0], None, f"timezone `{value}` is not a known zone: not set")
        return
    site.set("timezone", value, origin)


def base_url(url: object, root: object = "") -> str:
    """`https://u.github.io` + `/blog/` → `https://u.github.io/blog/`."""
    url = str(url or "").strip().rstrip("/")
    root = str(root or "").strip().strip("/")
    if root and not url.endswith("/" + root):
        url = f"{url}/{root}"
    return url + "/" if url else ""


# The hosts of the addresses new sites are made with (Hexo's `http://example.com`, once
# `http://yoursite.com`; Hugo's `http://example.org/`; old Jekyll's `http://yourdomain.com`),
# RFC 2606's example domains and their subdomains among them: no published site is there
_PLACEHOLDER_HOST = re.compile(r"(?:[\w-]+\.)*example\.(?:com|org|net)|(?:www\.)?"
                               r"your(?:site|domain)\.com")


def placeholder_address(site: Site) -> None:
    """Report a `base_url` the old config still had from its generator's new-site template:
    feeds, the sitemap and every absolute link would lead there."""
    value, origin = site.settings.get("base_url", ("", ""))
    host = split_url(str(value)).hostname or ""
    if not _PLACEHOLDER_HOST.fullmatch(host):
        return
    written = re.match(r"([^:]+):(\d+)", str(origin))
    site.note(written.group(1) if written else str(origin), int(written.group(2)) if written
              else None, f"the site's address `{value}` is still the placeholder of a new "
              f"{generator_name(site.generator)} site: set `base_url` in site.yaml to the address "
              "it is published at (feeds, the sitemap and links to its pages lead there)")


def generator_name(generator: str) -> str:
    """`hexo` → `Hexo`, `wordpress` → `WordPress`: as the generator writes its own name."""
    return "WordPress" if generator == "wordpress" else generator.capitalize()


def site_yaml(site: Site) -> str:
    """The commented site.yaml."""
    lines = [f"# Imported from {generator_name(site.generator)} by `blogforge import "
             f"{site.generator}`.",
             "# Each value says where it came from; the README's configuration reference has the",
             "# rest. Anything that could not be carried over was listed by the import.", ""]
    for key, (value, origin) in site.settings.items():
        lines.append(f"# from {origin}")
        lines += _yaml_lines(key, value, "")
    return "\n".join(lines) + "\n"


def _yaml_lines(key: str, value: object, indent: str) -> list[str]:
    """`key: value` as site.yaml lines: a mapping of mappings or lists (`languages:`, its menus)
    one key a line, so that a writer finds each language's; a list's items and any other value
    on one line each (`yaml_flow`)."""
    if isinstance(value, dict) and value and any(isinstance(v, (dict, list))
                                                 for v in value.values()):
        return [f"{indent}{yaml_key(key)}:"] + [line for k, v in value.items()
                                                for line in _yaml_lines(str(k), v, indent + "  ")]
    if isinstance(value, list) and value:
        return [f"{indent}{yaml_key(key)}:"] + [f"{indent}  - {yaml_flow(item)}"
                                                for item in value]
    return [f"{indent}{yaml_key(key)}: {yaml_flow(value)}"]


def yaml_block_lines(key: str, value: object, indent: str = "") -> list[str]:
    """`key: value` as block YAML: a mapping one key a line, a list of mappings one `- ` item
    each, its keys one a line too; other values, lists of words included, on one line
    (`yaml_flow`). What the build says of a key written so (a cascade's) names its own
    line, where a mapping on one line gave every key's message one line."""
    if isinstance(value, dict) and value:
        return [f"{indent}{yaml_key(key)}:"] + [
            line for k, v in value.items() for line in yaml_block_lines(str(k), v, indent + "  ")]
    if isinstance(value, list) and value and all(isinstance(item, dict) and item
                                                 for item in value):
        lines = [f"{indent}{yaml_key(key)}:"]
        for item in value:
            inner = [line for k, v in item.items()
                     for line in yaml_block_lines(str(k), v, indent + "    ")]
            lines += [f"{indent}  - {inner[0].lstrip()}", *inner[1:]]
        return lines
    return [f"{indent}{yaml_key(key)}: {yaml_flow(value)}"]


def toml_table_lines(key: str, value: object) -> list[str]:
    """A top-level `key` whose value is a mapping, or a list of them, as TOML tables
    (`[cascade]`, `[[cascade]]`, `[cascade._target]`), one key a line, each table after a
    blank line: what `yaml_block_lines` is to YAML. A table's own keys come before the
    tables inside it, as TOML reads them; other values are written on one line."""
    tables = value if isinstance(value, list) else [value]
    header = "[[{}]]" if isinstance(value, list) else "[{}]"
    lines: list[str] = []
    for table in tables:
        if not isinstance(table, dict):
            continue
        inner = {k: v for k, v in table.items() if _is_toml_table(v)}
        lines += ["", header.format(key)] + [_TOML.line(str(k), v) for k, v in table.items()
                                             if v is not None and k not in inner]
        for name, nested in inner.items():
            lines += toml_table_lines(f"{key}.{toml_key(str(name))}", nested)
    return lines


def _is_toml_table(value: object) -> bool:
    """Whether `value` is written as a table of its own (a mapping, or a list of them)."""
    return isinstance(value, dict) and bool(value) or isinstance(value, list) and bool(value) \
        and all(isinstance(item, dict) and item for item in value)


def yaml_flow(value: object) -> str:
    """A value read from JSON, TOML or YAML (text, numbers, booleans, null, lists, mappings)
    written on one line in the notation the build's YAML reader reads back as the same value:
    JSON's own but where YAML 1.1 reads it otherwise (a float, a character YAML takes for a
    line break or does not allow); a date or a moment (TOML's `2024-05-01`) as YAML's own,
    unquoted, so that it stays one. Other values (TOML's time of day, which YAML has no word
    for) are written as their text."""
    if isinstance(value, date):  # (a datetime too: `2024-05-01T10:00:00+08:00`)
        return value.isoformat()
    if isinstance(value, PlainDate):
        return str(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_yaml_text(str(k))}: {yaml_flow(v)}"
                               for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_flow(item) for item in value) + "]"
    if value is None or isinstance(value, (bool, int)):
        return json.dumps(value)
    if isinstance(value, float):
        return _yaml_float(value)
    return _yaml_text(str(value))


def _yaml_float(value: float) -> str:
    # YAML 1.1 reads a float only with a point (`1e+20` is text, `1.0e+20` a number) and writes
    # the ones JSON has no word for `.nan`, `.inf`, `-.inf` (JSON's `NaN`, `Infinity` are text)
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return "-.inf" if value < 0 else ".inf"
    written = repr(value)
    mantissa, e, exponent = written.partition("e")
    return f"{mantissa}.0e{exponent}" if e and "." not in mantissa else written


# Characters JSON writes as they are but YAML does not read so in double quotes: those it
# does not allow in a file (DEL, C1 controls, U+FFFE, U+FFFF) and those it takes for a line
# break (U+0085, U+2028, U+2029), folded to a space or dropped.
_YAML_UNWRITABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# JSON's one-letter escapes of control characters, which the build takes for TeX commands
# in a `$…$` formula (`"$\theta$"`): inside text with a `$` they are written by number
_LETTER_ESCAPE = re.compile(r"(\\\\)|\\([bfnrt])")
_LETTER_CODES = {"b": "\\u0008", "f": "\\u000c", "n": "\\u000a", "r": "\\u000d",
                 "t": "\\u0009"}


def _yaml_text(text: str) -> str:
    """`text` double-quoted as YAML reads it back. A lone UTF-16 surrogate (JSON's `"\\ud800"`,
    which no UTF-8 file can hold) becomes U+FFFD, as Hugo reads it."""
    text = _LONE_SURROGATE.sub("\ufffd", text)
    written = json.dumps(text, ensure_ascii=False)
    written = _YAML_UNWRITABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", written)
    if "$" in text:
        written = _LETTER_ESCAPE.sub(lambda m: m.group(1) or _LETTER_CODES[m.group(2)],
                                     written)
    return written


@cache
def yaml_key(key: str) -> str:
    """A key as written in YAML: as it is when YAML reads it back so (`title`), else quoted
    (`"true"`, `"on"`, `"no"`, `"a key"`, `"2024-01-01"`), so that every key stays the text it
    was."""
    if re.fullmatch(r"[A-Za-z_][\w-]*", key):
        try:
            if parse_yaml(f"{key}: 0").data == {key: 0}:
                return key
        except YamlSyntaxError:
            pass
    return _yaml_text(key)


def toml_flow(value: object) -> str:
    """A value read from front matter written on one line in TOML's notation, read back by the
    build (tomllib) as the same value: JSON's but for DEL, which TOML allows in text only
    escaped, and NaN and infinities (`nan`, `inf`, `-inf`). TOML has no null: a None in a list
    or table is left out. A lone UTF-16 surrogate is U+FFFD, as in YAML (`_yaml_text`). A date,
    a moment or a time of day is TOML's own, unquoted, as it was read."""
    if isinstance(value, (date, time)):  # (`2024-05-01`, `2024-05-01T10:00:00Z`, `10:00:00`)
        return value.isoformat()
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_key(str(k))} = {toml_flow(v)}"
                               for k, v in value.items() if v is not None) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_flow(item) for item in value if item is not None) + "]"
    if isinstance(value, (bool, int)):
        return json.dumps(value)
    if isinstance(value, float):
        if value != value:
            return "nan"
        return repr(value) if value not in (float("inf"), float("-inf")) \
            else ("-inf" if value < 0 else "inf")
    written = json.dumps(_LONE_SURROGATE.sub("\ufffd", str(value)), ensure_ascii=False)
    return written.replace("\x7f", "\\u007f")


def toml_key(key: str) -> str:
    """A key as written in TOML: bare when TOML allows it (`title`, `2024`), else quoted."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else toml_flow(key)


@dataclass(frozen=True)
class _Syntax:
    """How a front matter format writes a top-level key and its value (`yaml_key`,
    `yaml_flow`; `toml_key`, `toml_flow`), so that the build reads back what was read."""

    fence: str
    key: re.Pattern[str]
    assign: str
    write_key: Callable[[str], str]
    write_value: Callable[[object], str]

    def line(self, key: str, value: object) -> str:
        return f"{self.write_key(key)}{self.assign}{self.write_value(value)}"


_YAML = _Syntax("---", re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:"), ": ", yaml_key, yaml_flow)
_TOML = _Syntax("+++", re.compile(r"^([A-Za-z_][\w-]*)[ \t]*="), " = ", toml_key, toml_flow)
_TOML_TABLE = re.compile(r"^\s*\[")


def walk(root: Path, skip_dirs: frozenset[str] = frozenset()) -> list[Path]:
    """Files below root, sorted, without hidden ones nor editors' and Explorer's
    (`Thumbs.db`, `a.md~`: `is_editor_file`); `skip_dirs` are top-level names."""
    found = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or rel.parts[0] in skip_dirs \
                or is_editor_file(path.name):
            continue
        if path.is_file() and not path.is_symlink():
            found.append(path)
    return found


def is_markdown(path: Path) -> bool:
    return path.suffix.lower() in (".md", ".markdown")


def has_front_matter(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) in (b"---\n", b"---\r")
    except OSError:
        return False


def looks_like(src: Path, expected: str) -> str:
    """What the folder looks like when not the `expected` generator's, told cheaply by the
    folders each one writes (for the message of a failed import); "" when it cannot tell. A
    Notion export (a folder or a .zip) is one of pages named `Title <32 hex>.md`."""
    from blogforge.importer.notion import is_export  # (here: the others import this module)

    if expected != "notion" and is_export(src):
        return " (it looks like a Notion export: `blogforge import notion`)"
    if not src.is_dir():
        return ""
    signs = {
        "blogforge": (src / "site.yaml").is_file() and (src / "content").is_dir(),
        "hexo": (src / "_config.yml").is_file() and (src / "source" / "_posts").is_dir(),
        "jekyll": (src / "_posts").is_dir() or (src / "_drafts").is_dir(),
        "hugo": any((src / name).is_file() for name in ("hugo.toml", "hugo.yaml", "hugo.json"))
        or (src / "config.toml").is_file() and (src / "content").is_dir(),
    }
    found = next((name for name, sign in signs.items() if sign and name != expected), None)
    if found is None:
        return ""
    if found == "blogforge":
        return " (it looks like a blogforge site already: `blogforge build --source` builds it)"
    return f" (it looks like a {found.capitalize()} site: `blogforge import {found}`)"


# What a new repository may hold (`git init`; GitHub's "create repository" writes a README, a
# licence, a .gitignore), which an import may go into: it writes none of them (site.yaml,
# content/, static/), so nothing of the writer's is overwritten.
_NEW_REPOSITORY = frozenset({".git", "README.md", "README", "LICENSE", "LICENSE.md",
                             "LICENSE.txt", ".gitignore", ".gitattributes"})


def import_site(generator: str, src: Path, dest: Path, unzipped_limit: int | None = None
                ) -> Site:
    """Read the blog in `src`, write the blogforge site into `dest` (missing, empty, or a new
    repository's: `_NEW_REPOSITORY`). `unzipped_limit`: the bytes a Notion export's zip may
    unzip into, when not notion_zip.py's own."""
    from blogforge.importer import hexo, hugo, jekyll, notion, wordpress
    from blogforge.importer.checks import build_problems
    from blogforge.importer.notion_zip import is_archive

    if generator == "notion" and is_archive(src):
        _check_destination(dest)
        return import_archive(src, dest, unzipped_limit)
    if generator == "wordpress":  # (its export is one file)
        wordpress.check(src)
    elif not src.is_dir():
        raise ImportFailure(f"{src} is not a folder{looks_like(src, generator)}")
    _check_destination(dest)
    src, dest = src.resolve(), dest.resolve()
    if dest == src or src in dest.parents:
        raise ImportFailure(f"{dest} is inside {src}: import into a folder outside it")
    importer = {"hexo": hexo, "jekyll": jekyll, "hugo": hugo, "notion": notion,
                "wordpress": wordpress}[generator]
    site = Site(src, dest, generator)
    importer.check(src)
    made = not dest.exists()
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # (a file where a folder of its path is: a traceback said it)
        raise ImportFailure(f"cannot make {dest}: {why_not_made(dest, exc)}: import into a "
                            "folder you can write in") from None
    try:
        importer.run(site)
    except ImportFailure:  # (refused before writing: the folder made for it goes too)
        if made and not any(dest.iterdir()):
            dest.rmdir()
        raise
    placeholder_address(site)
    if site.dated_by_file:  # (named at the folder of the first)
        site.note(PurePosixPath(site.dated_by_file[0]).parent.as_posix(), None,
                  f"{counted(len(site.dated_by_file), 'post')} without a date, each written "
                  "its file's modification time (listed above): correct those that were "
                  "written another day")
    (dest / "content" / "posts").mkdir(parents=True, exist_ok=True)
    (dest / "site.yaml").write_text(site_yaml(site), encoding="utf-8")
    site.build_problems = build_problems(dest)
    return site


def import_archive(archive: Path, dest: Path, unzipped_limit: int | None = None) -> Site:
    """A Notion export as downloaded, a .zip (maybe of zips): extracted into a temporary
    folder (notion_zip.py), imported from there; the report names its files inside the zip
    (`Export.zip/Page 1a2b….md`)."""
    import tempfile

    from blogforge.importer.notion_zip import UNZIPPED_LIMIT, extract_export

    with tempfile.TemporaryDirectory(prefix="blogforge-notion-") as folder:
        notes = extract_export(archive, Path(folder), unzipped_limit or UNZIPPED_LIMIT)
        try:
            site = import_site("notion", Path(folder), dest)
        except ImportFailure as exc:  # (said of the zip, not of where it was extracted)
            raise ImportFailure(str(exc).replace(str(Path(folder).resolve()), str(archive))
                                .replace(folder, str(archive))) from None
        site.notes[:0] = [Note(path, None, message) for path, message in notes]
        site.src = archive
        return site


def _check_destination(dest: Path) -> None:
    """Refuse a destination that holds anything but a new repository's files."""
    if dest.exists() and not dest.is_dir():
        raise ImportFailure(f"{dest} is not a folder: import into a new folder")
    others = sorted(path.name for path in dest.iterdir()
                    if path.name not in _NEW_REPOSITORY) if dest.exists() else []
    if others:
        raise ImportFailure(f"{dest} is not empty ({', '.join(others[:3])}"
                            f"{', …' if len(others) > 3 else ''}): import into a new folder, "
                            "or a new repository's (holding only .git, README.md, LICENSE, "
                            ".gitignore)")

"""Hugo's `cascade:`: front matter that a folder's `_index.md` (content/_index.md: the home's)
gives every page below it, nested folders too. A page's own front matter wins; then the
nearest folder's `_index.md`; in one file, the first of its tables that gives the key.

A table may say which pages it is for (`_target:` or Hugo's newer `target:`): `path`, a glob
of the page's Hugo path (`/posts/ml/**`), `kind` (`page`, and `section`: a section's list
page takes the cascade of its own `_index.md` and of those above it, `sections.cascaded_intros`;
blogforge's home and taxonomy pages take none), `lang` and `environment`
(blogforge's is always `production`: the preview shows what the build publishes).
`_index.en.md` (or one saying `lang: en`) cascades to English pages alone, a plain `_index.md`
to pages in every language.
Of the home's `content/_index.md` the cascade alone is read (blogforge's home page is the
theme's): a title or text there, which Hugo shows on its home page, is said not shown.

The cascade a page takes is read while the page is read: the build keys the post's record and
its body on the cascade of the folders above it (`stamp`), never on those files' whole text,
so an edit of a section's introduction reads no post again.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from blogforge.content.frontmatter import (
    TERM_KEYS,
    FrontMatterError,
    Split,
    misspelt_key,
    nested_line,
    split_front_matter,
)
from blogforge.content.loader import DATE_KEYS, UPDATED_KEYS
from blogforge.diagnostics import first_few
from blogforge.fingerprint import hash_text
from blogforge.language_codes import matching_language, split_language_suffix
from blogforge.site_folder import CONTENT_DIR

INTRO_NAME = "_index"
TARGET_KEYS = ("_target", "target")
# Keys that say what one page is (its name, its address, its dates, its place in a list): a
# folder's value for every page below would give them all one title, one URL, one date.
ONE_PAGE_KEYS = frozenset({
    "title", "slug", "url", "permalink", "aliases", "redirect_from", "translationKey",
    "translation_key", "description", "summary", "excerpt", "weight", "pinned", "sticky", "top",
    "pin", "cascade", *DATE_KEYS, *UPDATED_KEYS})
ENVIRONMENT = "production"
PAGE_KIND = "page"
SECTION_KIND = "section"
# The kinds of page blogforge gives a cascade to: the home and the taxonomies' pages are made
# of no `_index.md`'s front matter here
CASCADED_KINDS = frozenset({PAGE_KIND, SECTION_KIND})
HUGO_KINDS = frozenset({"page", "section", "home", "taxonomy", "term"})

# A problem of an `_index.md`'s cascade: (level, message, file from the site folder, line).
Problem = tuple[str, str, Path, int | None]


@dataclass(frozen=True)
class CascadeTable:
    """One table of an `_index.md`'s `cascade:`, the keys it gives and which pages take it."""

    source: str  # the file from the site folder: content/posts/ml/_index.md
    values: Mapping[str, Any]  # the keys it gives, but those of one page
    lines: Mapping[str, int]  # each key's line in `source`
    lang: str | None  # the language of the pages it is for; None: every language
    paths: tuple[re.Pattern[str], ...] = ()  # `_target.path`; () for every page
    kinds: frozenset[str] = CASCADED_KINDS  # `_target.kind`: the kinds of page taking it
    # the taxonomies written under its `params:` (key, value, line), given to no page: Hugo
    # makes terms of a page's top-level keys alone, so a cascade's `params: {tags: [...]}`
    # makes none there either (said at their line, naming the pages: `params_terms_left`); a
    # section's page, which has no terms, takes them as values (`section.params.tags`), as
    # it takes those of its own `params:`
    params_terms: tuple[tuple[str, Any, int], ...] = ()


# folder below content/ ("" for content/ itself) -> its `_index` files' tables, in file order
Cascades = dict[str, tuple[CascadeTable, ...]]


def intro_files(site_dir: Path) -> list[str]:
    """Every `_index.md` (`_index.en.md`) under content/, from the site folder, for a caller
    that has not read the content's files already."""
    found = []
    root = site_dir / CONTENT_DIR
    for folder, names, files in os.walk(root):
        names[:] = sorted(name for name in names if not name.startswith((".", "_")))
        for name in sorted(files):
            if _is_intro(name):
                found.append(Path(folder, name).relative_to(site_dir).as_posix())
    return found


def _is_intro(name: str) -> bool:
    return name.startswith(INTRO_NAME + ".") and name.lower().endswith((".md", ".markdown"))


def find_cascades(site_dir: Path, names: Iterable[str], languages: frozenset[str],
                  template_keys: frozenset[str], read: Mapping[str, bytes] | None,
                  problems: list[Problem]) -> Cascades:
    """The cascades of the `_index` files among `names` (paths from the site folder:
    "content/posts/ml/_index.md"), their bytes taken from `read` where it has them. What is
    wrong in one is added to `problems`; a broken file's own errors are said by the section
    it introduces (sections.find_intros) under content/posts/, here elsewhere."""
    found: dict[str, list[CascadeTable]] = {}
    for name in sorted(names):
        parts = name.split("/")
        if parts[0] != CONTENT_DIR or not _is_intro(parts[-1]) \
                or any(part.startswith((".", "_")) for part in parts[1:-1]):
            continue
        rel = Path(name)
        raw = read.get(name) if read is not None else None
        try:
            text = (raw.decode("utf-8-sig") if raw is not None
                    else (site_dir / rel).read_text(encoding="utf-8-sig")).replace("\r\n", "\n")
            home = len(parts) == 2  # (content/_index.md: the home's, of which a cascade alone)
            # (a section's under content/posts/ is read, and said broken, by its section;
            # most give no cascade: not parsed twice)
            in_posts = parts[1:2] == ["posts"]
            if "cascade" not in text and in_posts:
                continue
            split = split_front_matter(text)
        except FrontMatterError as exc:
            # Broken front matter elsewhere is said here alone, cascade or not: a misspelt
            # `cascade` in it would otherwise leave the pages below without it, unsaid.
            if not in_posts:
                problems.append(("error", str(exc), rel, exc.line))
            continue
        except (OSError, UnicodeDecodeError):
            continue  # (said by the section's page, or by the build's reading of content/)
        if home and (unused := _home_text_unused(split, rel)) is not None:
            problems.append(unused)
        if "cascade" not in split.data:
            continue
        written = split.data.get("lang") or split.data.get("language")
        lang = split_language_suffix(parts[-1], languages)[1]
        if written not in (None, ""):
            lang = matching_language(str(written), languages) if languages else str(written)
        elif lang is not None and languages:
            lang = matching_language(lang, languages) or lang
        tables = _tables(split.data["cascade"], text, split.lines.get("cascade", 1), rel,
                         lang, languages, template_keys, problems)
        found.setdefault("/".join(parts[1:-1]), []).extend(tables)
    # (the language's own file before the plain one: it is the nearer word on its pages)
    return {folder: tuple(sorted(tables, key=lambda table: table.lang is None))
            for folder, tables in found.items()}


# What the home's `_index.md` says that is read: its cascade, and the language that is for
_HOME_KEYS_READ = frozenset({"cascade", "lang", "language"})


def _home_text_unused(split: Split, rel: Path) -> Problem | None:
    """A warning that the home's `_index.md` (`rel`) has a title, text or other keys, which
    Hugo shows on its home page (`.Title`, `.Content`) and blogforge does not: the home page
    is the theme's, its heading and the line under it site.yaml's; at the first such line.
    None when it has only a cascade, or nothing."""
    unused = [str(key) for key in split.data if key not in _HOME_KEYS_READ]
    body = split.body.lstrip("\n")
    text_line = split.body_line + len(split.body) - len(body) if body.strip() else None
    if not unused and text_line is None:
        return None
    line = split.lines.get("title") if "title" in unused else \
        min((split.lines.get(key, 1) for key in unused), default=text_line)
    named = [f"`{key}`" for key in unused] + (["its text"] if text_line is not None else [])
    read = "its `cascade` alone is read (given to the pages below)" \
        if "cascade" in split.data else "none of it is read"
    return ("warning", f"{first_few(named, 4)} {'is' if len(named) == 1 else 'are'} not "
            f"shown: blogforge makes the home page itself, and {read}; its heading is "
            "site.yaml's `hero` and the line under it `description` (a language's own under "
            "`languages:`); a longer text belongs in a page of its own (content/about.md, "
            "linked from the `menu`)", rel, line)


def _tables(cascade: object, text: str, line: int, rel: Path, lang: str | None,
            languages: frozenset[str], template_keys: frozenset[str],
            problems: list[Problem]) -> list[CascadeTable]:
    """The tables of one `cascade:` value (a mapping, or a list of them)."""
    if cascade is None:
        return []
    if not isinstance(cascade, (dict, list)) or isinstance(cascade, list) and not all(
            isinstance(table, dict) for table in cascade):
        problems.append(("error", "`cascade` should be a mapping of front matter keys (`cascade: "
                         "{math: true}`), or a list of them, each maybe with a `_target`",
                         rel, line))
        return []
    lines = text.split("\n")
    tables = []
    listed = cascade if isinstance(cascade, list) else [cascade]
    for table, start in zip(listed, _table_lines(lines, line, len(listed)), strict=True):
        target_key = next((key for key in TARGET_KEYS if key in table), None)
        target = table.get(target_key) if target_key is not None else None
        at = nested_line(lines, start, target_key) if target_key is not None else start
        if target is not None and not isinstance(target, dict):
            problems.append(("error", f"`{target_key}` should be a mapping of `path`, `kind`, "
                             "`lang` or `environment`", rel, at))
            continue
        table_lang, paths, kinds, applies = lang, (), CASCADED_KINDS, True
        for key, value in (target or {}).items():
            key_at = nested_line(lines, at, str(key))
            if key == "path":
                try:
                    paths = tuple(glob_pattern(str(value)) for value in _words(value))
                except ValueError as exc:
                    problems.append(("error", f"`{target_key}.path: {value}` {exc}", rel,
                                     key_at))
                    applies = False
            elif key == "kind":  # (a glob too in Hugo: `{page,section}`)
                named_kinds = [str(kind).lower() for kind in _words(value)]
                said = f"`{target_key}.kind: {', '.join(named_kinds)}`"
                try:
                    matched = {name for kind in named_kinds for name in HUGO_KINDS
                               if glob_pattern(kind, rooted=False).fullmatch(name)}
                except ValueError:
                    matched = set()
                if not matched:
                    problems.append(("error", f"{said} names "
                                     f"none of Hugo's kinds ({', '.join(sorted(HUGO_KINDS))})",
                                     rel, key_at))
                    applies = False
                elif not matched & CASCADED_KINDS:
                    problems.append(("warning", f"{said}: not "
                                     "applied, as blogforge cascades to pages and sections "
                                     "alone (it makes its home and taxonomy pages of no "
                                     "`_index.md`)", rel, key_at))
                    applies = False
                else:
                    kinds = frozenset(matched & CASCADED_KINDS)
            elif key == "lang":
                named = matching_language(str(value), languages) if languages else str(value)
                if named is None:
                    problems.append(("error", f"`{target_key}.lang: {value}` is not one of "
                                     f"this site's languages ({', '.join(sorted(languages))})",
                                     rel, key_at))
                    applies = False
                elif table_lang is not None and named != table_lang:
                    applies = False  # (an English table of a Chinese file: for no page)
                table_lang = named
            elif key == "environment":
                try:
                    named = any(glob_pattern(str(env), rooted=False).fullmatch(ENVIRONMENT)
                                for env in _words(value))
                except ValueError as exc:
                    problems.append(("error", f"`{target_key}.environment: {value}` {exc}",
                                     rel, key_at))
                    applies = False
                    continue
                if not named:
                    problems.append(("warning", f"`{target_key}.environment: {value}`: not "
                                     f"applied, as blogforge's is always `{ENVIRONMENT}` (the "
                                     "preview shows what the build publishes)", rel, key_at))
                    applies = False
            else:
                problems.append(("error", f"`{target_key}` names `{key}`, which is none of "
                                 "`path`, `kind`, `lang`, `environment`", rel, key_at))
                applies = False
        values: dict[str, Any] = {}
        value_lines: dict[str, int] = {}
        given, params_terms = _given_keys(table, lines, start)
        for key, value, key_at in given:
            if key in ONE_PAGE_KEYS:
                problems.append(("warning", f"`cascade` gives `{key}`, which says what one page "
                                 "is: not given to the pages below; write it in each", rel,
                                 key_at))
                continue
            if (meant := misspelt_key(str(key), template_keys)) is not None:
                problems.append(("warning", f"`cascade` gives `{key}`, which is not a "
                                 f"front-matter key; did you mean `{meant}`?", rel, key_at))
            values[str(key)] = value
            value_lines[str(key)] = key_at
        if applies and (values or params_terms):
            tables.append(CascadeTable(rel.as_posix(), values, value_lines, table_lang, paths,
                                       kinds, params_terms))
    return tables


def _given_keys(table: Mapping[str, Any], lines: list[str], start: int
                ) -> tuple[list[tuple[str, Any, int]], tuple[tuple[str, Any, int], ...]]:
    """The keys a table gives, each with its value and line: those of Hugo's `params:`
    table (`cascade: {params: {math: true}}`, as Hugo's docs write a cascade) as the table's
    own, since a page's front matter keys are its params here; one written beside it wins.
    Then the taxonomies under `params:` (key, value, line), which a post's own `params:`
    does not give either (frontmatter.with_own_params)."""
    given: list[tuple[str, Any, int]] = []
    params = table.get("params")
    for key, value in table.items():
        if key in TARGET_KEYS or key == "params" and isinstance(params, dict):
            continue
        given.append((str(key), value, nested_line(lines, start, str(key))))
    params_terms: list[tuple[str, Any, int]] = []
    if isinstance(params, dict):
        params_at = nested_line(lines, start, "params")
        written = {key for key, _, _ in given}
        for key, value in params.items():
            if str(key) in written:
                continue
            key_at = nested_line(lines, params_at, str(key))
            if str(key).lower() in TERM_KEYS:
                params_terms.append((str(key), value, key_at))
            else:
                given.append((str(key), value, key_at))
    return given, tuple(params_terms)


def _words(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]


def _table_lines(lines: list[str], line: int, count: int) -> list[int]:
    """Where each of the `count` tables of the `cascade:` at `line` starts: its item of a
    YAML list (`- _target:`), or TOML's `[[cascade]]`; `line` for each when they cannot be
    told apart (one table, a list written on one line), so that the keys of the second
    table are looked for below the first's, not found in it."""
    if count < 2:
        return [line] * count
    toml_tables = [number for number, text in enumerate(lines, 1)
                   if re.match(r"\s*\[\[\s*cascade\s*\]\]", text)]  # (one per table)
    if toml_tables:
        starts = toml_tables
    else:
        starts, indent = [], None
        for number in range(line + 1, len(lines) + 1):
            text = lines[number - 1]
            if not text.strip() or text.lstrip().startswith("#"):
                continue
            item = re.match(r"(\s*)-(\s|$)", text)
            width = len(text) - len(text.lstrip())
            if item and indent in (None, len(item.group(1))):
                indent = len(item.group(1))
                starts.append(number)
            elif indent is not None and width <= indent or indent is None and width == 0:
                break  # (the next key of the front matter)
    return starts[:count] if len(starts) >= count else [line] * count


def glob_pattern(glob: str, rooted: bool = True) -> re.Pattern[str]:
    """A Hugo glob as a regular expression: `**` any text, `*` and `?` within one segment,
    `{a,b}` either, `[abc]` one of; a path (`rooted`) without its leading `/` is read with one.
    Raises ValueError for an unclosed `{` or `[`."""
    if rooted and glob and not glob.startswith(("/", "*", "{")):
        glob = "/" + glob
    pattern, depth, at = [], 0, 0
    while at < len(glob):
        char = glob[at]
        if glob.startswith("**", at):
            pattern.append(".*")
            at += 2
            continue
        if char == "*":
            pattern.append("[^/]*")
        elif char == "?":
            pattern.append("[^/]")
        elif char == "{":
            pattern.append("(?:")
            depth += 1
        elif char == "}" and depth:
            pattern.append(")")
            depth -= 1
        elif char == "," and depth:
            pattern.append("|")
        elif char == "[":
            end = glob.find("]", at + 1)
            if end < 0:
                raise ValueError("has a `[` never closed")
            inner = glob[at + 1:end]
            pattern.append("[" + ("^" + re.escape(inner[1:]) if inner.startswith("!")
                                  else re.escape(inner)) + "]")
            at = end
        else:
            pattern.append(re.escape(char))
        at += 1
    if depth:
        raise ValueError("has a `{` never closed")
    return re.compile("".join(pattern), re.IGNORECASE)


def cascade_for(cascades: Cascades, rel: str, kind: str = PAGE_KIND
                ) -> tuple[CascadeTable, ...]:
    """The tables of the folders above the file `rel` (below content/: "posts/ml/a.md"), the
    nearest folder's first, for a page of `kind` (a post's reading is keyed on these alone:
    a table for the sections' pages edited reads no post again)."""
    if not cascades:
        return ()
    folders = rel.split("/")[:-1]
    found: list[CascadeTable] = []
    for depth in range(len(folders), -1, -1):
        found.extend(table for table in cascades.get("/".join(folders[:depth]), ())
                     if kind in table.kinds)
    return tuple(found)


def stamp(tables: tuple[CascadeTable, ...]) -> str:
    """What a page's reading depends on of the cascades above it: their tables as they are."""
    return hash_text([(table.source, sorted(table.values.items(), key=lambda kv: kv[0]),
                       sorted(table.lines.items()), table.lang,
                       [pattern.pattern for pattern in table.paths], sorted(table.kinds),
                       list(table.params_terms))
                      for table in tables])


def with_cascades(digests: Mapping[str, str], cascades: Cascades) -> dict[str, str]:
    """`digests` ("content/a.md" -> digest of its bytes) with each file below a cascade keyed
    on that cascade too: what the post read from it is, and its body, depend on both."""
    if not cascades:
        return dict(digests)
    keyed = dict(digests)
    stamps: dict[str, str] = {}  # folder -> the stamp of the cascade its files take
    for name, digest in digests.items():
        if not name.startswith(f"{CONTENT_DIR}/"):
            continue
        folder = name.rpartition("/")[0]
        if folder not in stamps:
            tables = cascade_for(cascades, f"{folder.removeprefix(CONTENT_DIR)}/x".lstrip("/"))
            stamps[folder] = stamp(tables) if tables else ""
        if stamps[folder]:
            keyed[name] = hash_text(digest, stamps[folder])
    return keyed


def hugo_path(rel: PurePosixPath, bundle: bool, languages: frozenset[str]) -> str:
    """A page's path as Hugo's `_target.path` matches it: /posts/ml/attention for
    posts/ml/attention.en.md, /posts/ml/76 for the bundle posts/ml/76/index.md."""
    parts = list(rel.parent.parts)
    if not bundle:
        parts.append(split_language_suffix(rel.name, languages)[0])
    return "/" + "/".join(parts)


def cascaded(own: dict[str, Any], tables: tuple[CascadeTable, ...], page_path: str,
             lang: str | None, named_language: bool, kind: str = PAGE_KIND
             ) -> tuple[dict[str, Any], dict[str, tuple[Path, int]]]:
    """A page's front matter `own` with what `tables` give it that it does not say itself,
    and where each key given was written (file, line). `lang`: the page's language, None
    while it is not known (only the tables for every language are taken then); a page whose
    file name says its language (`named_language`) takes no `lang` from them; `kind`: Hugo's
    kind of the page (`page`, `section`), which a table's `_target.kind` may leave out."""
    data = dict(own)
    given: dict[str, tuple[Path, int]] = {}
    for table in tables:
        if not _takes(table, page_path, lang, kind):
            continue
        terms = table.params_terms if kind == SECTION_KIND else ()
        for key, value, line in [*((key, value, table.lines.get(key, 1))
                                   for key, value in table.values.items()), *terms]:
            if key in data or key in ("lang", "language") and (
                    named_language or table.lang is not None
                    or "lang" in data or "language" in data):
                continue
            data[key] = value
            given[key] = (Path(table.source), line)
    return data, given


def _takes(table: CascadeTable, page_path: str, lang: str | None, kind: str) -> bool:
    """Whether the page at `page_path` (Hugo's path), in `lang`, of `kind`, takes `table`."""
    if table.lang is not None and table.lang != lang or kind not in table.kinds:
        return False
    return not table.paths or any(path.fullmatch(page_path) for path in table.paths)


def params_terms_left(own: Mapping[str, Any], tables: tuple[CascadeTable, ...],
                      page_path: str, lang: str | None) -> list[tuple[str, Path, int]]:
    """The taxonomies under the `params:` of the tables a page takes (key, `_index.md`,
    line) that would have been its own but are not given (CascadeTable.params_terms): those
    the page's front matter `own` does not write itself, each key once, the nearest's."""
    left: dict[str, tuple[str, Path, int]] = {}
    for table in tables:
        if table.params_terms and _takes(table, page_path, lang, PAGE_KIND):
            for key, _, line in table.params_terms:
                if key not in own and key not in left:
                    left[key] = (key, Path(table.source), line)
    return list(left.values())


def params_term_message(key: str) -> str:
    """What is said at the line of a taxonomy under a cascade's `params:`."""
    return (f"`{key}` under the `params:` of a `cascade` is a plain value in Hugo, which "
            "makes terms of the keys at a page's top alone: not given to the pages below as "
            f"their terms here either; write `{key}` beside `params:` in the cascade to make "
            "it their terms")

"""Post bodies into `Rendered`: from the build cache when nothing they depend on changed, else
by the Markdown stage — on a large build in a pool of processes, one KaTeX engine each.

A cached body is reused when its key matches (the post's text, title, summary, place and
language, and the render settings), every link to another Markdown file it resolved still
resolves the same way, every other post's title it shows (a Hexo `post_link`) is the same, and
so are the translations of the posts its tags name and the id of each other post's heading it
links to by its words (Obsidian's `[[note#Method]]`).
Its warnings are stored with it and replayed, so a warm build reports what a cold one does.
It names the highlighted code blocks and formulas it was made with, the cache's entries its
rendering used: a cached body asks for none of them, and they are kept while it is (an edit of
its text finds them again), swept with it when no build uses it any more.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, field, fields
from functools import cached_property, partial
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from blogforge.cache import Store, encode_plain
from blogforge.cancel import Checkpoint, checked, never
from blogforge.content.loader import said_once
from blogforge.diagnostics import Diagnostic, Diagnostics, in_line_order
from blogforge.fingerprint import hash_text, text_digest
from blogforge.forks import (
    Aside,
    WorkerPool,
    end_child,
    fork,
    give_back_freed_memory,
    worker_signals,
)
from blogforge.i18n import Strings
from blogforge.markdown.citations import without_shown_key
from blogforge.markdown.highlight import CodeBlocks
from blogforge.markdown.render import (
    FeedBeside,
    Placeholders,
    PostRenderer,
    SpilledParts,
    holds_reference,
)
from blogforge.math.cache import KIND as FORMULA_KIND
from blogforge.model import Heading, Post, Rendered
from blogforge.stop_signals import stop_signals_held

KIND = "post"  # a body's parts (excerpt, headings, measures, links, warnings), as JSON
HTML_KIND = "post-html"  # its HTML, stored as it is: the largest part, read without decoding
TEXT_KIND = "post-text"  # its text for the search index, stored as it is, read when indexed
FEED_KIND = "feed"
LIVE_KIND = "live-bodies"  # body settings -> the bodies and feed entries its last build used
FLUSH_CHARS = 16_000_000  # a cold build writes its bodies to the cache in steps of this
# and each pool process what it rendered in steps of this (held twice over in the two
# processes: steps of 4,000,000 raised the peak of a cold build with many formulas by 13 MB)
WORKER_FLUSH_CHARS = 1_000_000
POOL_THRESHOLD = 24  # fewer posts to render than this are not worth starting processes
# … unless they hold this many formulas: the workers render them in V8, four times as fast as
# QuickJS in this process (which forks later: V8 would not survive it); 10 paper notes of 200
# formulas each took 4.1 s cold, 1.9 s with a pool
POOL_FORMULAS = 600
# feed bodies to make that are worth a process of their own: a cold build of 1,000 posts
# made its two languages' 40 (240,000 characters) here after the pages, 0.3 s on one core
FEED_ASIDE_CHARS = 100_000
# a body of this many characters or more is rendered, with its feed body, by a process of its
# own that then ends: a 6 MB post's tokens, HTML and the memory CPython keeps after them (~300
# MB) went with it, where the build's own process kept them through its pages, beside a forked
# copy making the feed body (688 MB of the two at the peak)
APART_CHARS = 1_000_000
WRITTEN_BYTES = 1_000_000  # such a body's HTML is written to the cache in parts of about this
UNIT_KINDS = (CodeBlocks.KIND, FORMULA_KIND)  # the entries a body names (its "units")


# What a post looked up when it went through every file's name (a tag naming a post by its
# slug searches them): not a file's name, which is a path.
EVERY_NAME = "*"


class _EveryName:
    """A digest of the names of every Markdown file, made when first asked (once a build): a
    body made by searching them depends on them all, as a post added later may be the one a
    tag meant."""

    def __init__(self, sources: Mapping[str, str]) -> None:
        self.sources = sources

    @cached_property
    def digest(self) -> str:
        return hash_text(sorted(self.sources))


class _Recorder(dict):
    """A map of Markdown files (to their pages, to their titles, to their versions), noting
    which entries a post looked up, and whether it searched them all."""

    def __init__(self, sources: Mapping[str, str], every_name: _EveryName,
                 iterable: bool = True) -> None:
        # iterable like the map (tags that name a post search it); else only looked up
        super().__init__(sources if iterable else {})
        self.sources = sources
        self.every_name = every_name
        self.looked_up: dict[str, str | None] = {}

    def __iter__(self) -> Iterator[str]:
        self.looked_up[EVERY_NAME] = self.every_name.digest
        return super().__iter__()

    def get(self, key: str, default: Any = None) -> Any:
        value = self.sources.get(key)
        self.looked_up[key] = value
        return value if value is not None else default


class _StringsRecorder:
    """A language's theme strings, noting the text of each one a body showed (a footnote's
    heading, a code button's label) under "lang:key": a string edited renders again only the
    bodies that show it (every body was rendered again for any, the home page's `read_more`
    too: 30 s at 3,000 posts)."""

    def __init__(self, strings: Strings, looked_up: dict[str, str | None]) -> None:
        self.strings, self.looked_up = strings, looked_up

    def __call__(self, key: str, **values: object) -> str:
        self.looked_up[f"{self.strings.lang}:{key}"] = self.strings.written(key)
        return self.strings(key, **values)

    def __getattr__(self, name: str) -> Any:  # (its language, its table: as they are)
        return getattr(self.strings, name)


def _string_texts(strings: Mapping[str, Strings]) -> dict[str, str | None]:
    """The text of each theme string now, by "lang:key", as `_changed` looks them up (made
    once a build: ten strings a body, looked up one by one, were 3 ms of a one-post edit)."""
    return {f"{lang}:{key}": table.written(key) for lang, table in strings.items()
            for key in table.table.keys() | table.fallback.keys()}


def body_key(post: Post, settings: str, placeholder: Placeholders, assets: str = "",
             file_digest: str | None = None) -> str:
    """The key of a post's body in the cache. `file_digest`, the digest of the bytes the post
    was read from, stands for its text when the build has it: the loader makes a body from its
    file's bytes alone, and encoding a thousand bodies again to digest them was 13 ms of a
    one-post edit. (An edit of the front matter then renders the body again: more, not less.)"""
    text = ("file", file_digest) if file_digest is not None else \
        ("text", text_digest(post.body))
    return hash_text(settings, str(post.source), post.path, post.lang, post.title, post.summary,
                     post.body_line, post.title_line, post.summary_line, post.description,
                     post.description_line, text, placeholder, assets)


def _encode(rendered: Rendered, diagnostics: list[Diagnostic], links: dict,
            titles: dict, translations: dict, held: dict, files: dict, strings: dict,
            headings: dict, units: dict[str, list[str]]) -> dict:
    return {"rendered": asdict(rendered), "links": links, "titles": titles,
            "translations": translations, "held": held, "files": files, "strings": strings,
            "headings": headings, "units": units,
            "diagnostics": [[d.level, d.message, str(d.path) if d.path else None, d.line]
                            for d in diagnostics]}


def _decode(entry: Any, renderer: PostRenderer, every_name: _EveryName,
            string_texts: Mapping[str, str | None]) -> tuple[Rendered, list[Diagnostic]] | None:
    """The cached body, or None when it is damaged, or a link it resolved or a title it
    shows changed (`string_texts`: `_string_texts` of the renderer's strings)."""
    if entry is None:
        return None
    try:
        if (not _names_units(entry["units"])
                or _changed(entry["links"], renderer.sources, every_name)
                or _changed(entry["titles"], renderer.titles, every_name)
                or _changed(entry["translations"], renderer.translations, every_name)
                or _changed(entry["held"], renderer.held_back, every_name)
                or _changed(entry["files"], renderer.published, every_name)
                or _changed(entry["strings"], string_texts, every_name)
                or _changed(entry["headings"], renderer.heading_ids, every_name)):
            return None
        data = dict(entry["rendered"])
        data["headings"] = StoredHeadings(data["headings"])
        diagnostics = [Diagnostic(level, message, Path(path) if path else None, line)
                       for level, message, path, line in entry["diagnostics"]]
        return Rendered(**data), diagnostics
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


class StoredHeadings(Sequence[Heading]):
    """A cached body's headings as the cache holds them, made `Heading`s when first read: only
    the pages rendered read them (`toc_tree`), one on a one-post edit, and the 5,800 frozen
    `Heading`s made from the other 999 bodies were 6 ms of it. What is stored is checked
    now (the fields of a `Heading`, each of its type), as the cache's data must be before it
    is trusted: a damaged entry is rendered again, not met by the page."""

    def __init__(self, stored: Any) -> None:
        if type(stored) is not list:
            raise TypeError("headings")
        for heading in stored:  # (a loop, not all(): six headings a body, a thousand bodies)
            if (type(heading) is not dict or heading.keys() != _HEADING_FIELDS
                    or type(heading["level"]) is not int or type(heading["id"]) is not str
                    or type(heading["html"]) is not str or type(heading["text"]) is not str):
                raise TypeError("headings")
        self.stored = stored

    @cached_property
    def made(self) -> list[Heading]:
        return [Heading(**heading) for heading in self.stored]

    def __getitem__(self, index: Any) -> Any:
        return self.made[index]

    def __len__(self) -> int:
        return len(self.stored)


_HEADING_FIELDS = frozenset(part.name for part in fields(Heading))


def _names_units(units: Any) -> bool:
    """Whether a body's record of the code blocks and formulas it used is sound (one without
    it, stored by an older blogforge, is rendered again: its units would be swept)."""
    if not isinstance(units, dict):
        return False
    for keys in units.values():  # (loops, not all(): fifty thousand keys a build)
        if not isinstance(keys, list):
            return False
        for key in keys:
            if type(key) is not str:
                return False
    return True


def _changed(looked_up: dict[str, str | None], now: Mapping[str, str | None],
             every_name: _EveryName) -> bool:
    for key, value in looked_up.items():  # (a loop, not any(): seven maps a body, most empty)
        if (every_name.digest if key == EVERY_NAME else now.get(key)) != value:
            return True
    return False


def _formulas(posts: list[Post], todo: list[int]) -> int:
    """About how many formulas the posts to render hold (a `$` pair, an environment)."""
    return sum(posts[index].body.count("$") // 2 + posts[index].body.count("\\begin{")
               for index in todo)


def _made_from(key: str, entry: dict) -> str:
    """A digest of what a body was made from: its key, and what it looked up elsewhere."""
    return hash_text(key, entry["links"], entry["titles"], entry["translations"], entry["held"],
                     entry["files"], entry["strings"], entry["headings"])


def card_digest(made: Rendered) -> str:
    """A digest of what the theme's other pages show of a body (cards on listings, the
    archive, neighbours, related posts, series parts, translations: `theme/templates`): its
    title, excerpt, reading time. Not its HTML, table of contents or word counts: a change deep
    in a post's text leaves the pages that list it as they are."""
    return hash_text(made.title_html, made.title_text, made.excerpt_html, made.excerpt_text,
                     made.excerpt_is_cut, made.excerpt_is_whole, made.reading_minutes,
                     made.has_math, made.has_code, made.first_image)


def _stored_digests(key: str, entry: dict, made: Rendered) -> tuple[str, str]:
    """`_made_from` and `card_digest` of a body, as stored with it (worked out once, when it
    was rendered: a thousand bodies digested again were ~15 ms of a one-post edit), or worked
    out now for an entry stored without them."""
    stored = entry.get("digests")
    if isinstance(stored, list) and len(stored) == 2 and all(type(d) is str for d in stored):
        return stored[0], stored[1]
    return _made_from(key, entry), card_digest(made)


def said_alike(item: Diagnostic) -> tuple:
    """What pages saying `item` of a file not theirs say alike: its words, but for the
    citation a message about a bibliography shows as its example (each post its own)."""
    return item.level, item.path, item.line, without_shown_key(item.message)


def _render_one(renderer: PostRenderer, post: Post, placeholder: Placeholders,
                after: Callable[[Post], None] | None, every_name: _EveryName,
                store: Store | None, aside: bool = False,
                html_parts: list[bytes] | None = None, feed: FeedBeside | None = None,
                text_parts: list[bytes] | None = None) -> dict:
    """`aside`: a second core is free (no pool): a large body's text is read beside it;
    `html_parts`: where its HTML goes, as UTF-8 in parts, with its feed body (`feed`)
    rendered from the same tokens, and its search text (`text_parts`) likewise
    (`PostRenderer.render`)."""
    sources, titles, translations = renderer.sources, renderer.titles, renderer.translations
    held_back, published = renderer.held_back, renderer.published
    links, shown_titles = _Recorder(sources, every_name), _Recorder(titles, every_name)
    versions, held = _Recorder(translations, every_name), _Recorder(held_back, every_name)
    files = _Recorder(published, every_name, iterable=False)  # (a copy a post: thousands)
    # (the ids of other posts' headings it links to by their words: read only when asked)
    heading_ids = renderer.heading_ids
    headings = _Recorder(heading_ids, every_name, iterable=False)  # type: ignore[arg-type]
    strings, shown_strings = renderer.strings, {}
    renderer.sources, renderer.titles, renderer.translations = links, shown_titles, versions
    renderer.held_back, renderer.published = held, files
    renderer.heading_ids = headings  # type: ignore[assignment]
    renderer.strings = {lang: _StringsRecorder(table, shown_strings)  # type: ignore[misc]
                        for lang, table in strings.items()}
    diagnostics = Diagnostics()
    noting = store.noting(UNIT_KINDS) if store is not None else nullcontext({})
    try:
        with noting as units:
            rendered = renderer.render(post, diagnostics, placeholder, aside, html_parts, feed,
                                       text_parts)
    finally:
        renderer.sources, renderer.titles, renderer.translations = sources, titles, translations
        renderer.held_back, renderer.published = held_back, published
        renderer.heading_ids, renderer.strings = heading_ids, strings
    if after is not None:  # more work on the fresh body, done where it was rendered
        post.rendered = rendered
        after(post)
        post.rendered = None  # (a pool process would keep every body it made)
    said = in_line_order(diagnostics.items)
    return _encode(rendered, said, links.looked_up, shown_titles.looked_up, versions.looked_up,
                   held.looked_up, files.looked_up, shown_strings, headings.looked_up,
                   {kind: sorted(keys) for kind, keys in units.items()})


@dataclass
class Bodies:
    """What `render_bodies` did: a digest of each body as rendered (what it was made from,
    links included), how many were rendered, and which came from the cache without their
    HTML (read by `load_html` for the pages that show it: most pages of an incremental build
    are not rendered at all)."""

    made_from: list[str]
    rendered: int
    cards: list[str] = field(default_factory=list)  # each body's `card_digest`
    unloaded: dict[int, str] = field(default_factory=dict)  # id(post) -> cache key
    keys: list[str] = field(default_factory=list)  # each post's cache key
    # id(post) -> cache key, for the posts whose search text is in the cache only (the search
    # index reads a few of them on most builds: it patches the last build's index)
    text_unloaded: dict[int, str] = field(default_factory=dict)
    # the code blocks and formulas the bodies name (kind -> keys)
    units: dict[str, set[str]] = field(default_factory=dict)
    rendered_here: list[Post] = field(default_factory=list)  # by this process: no pool
    # id(post) -> its feed body's cache entry, made with its HTML by a process of its own
    # (`APART_CHARS`)
    feeds: dict[int, bytes] = field(default_factory=dict)

    def uses(self, feed_keys: list[str]) -> dict[str, list[str]]:
        """The keys of the cache entries this build's bodies and feed entries are, and those
        of the code blocks and formulas the bodies were made with (for `Store.sweep`)."""
        return {KIND: self.keys, HTML_KIND: self.keys, TEXT_KIND: self.keys,
                FEED_KIND: feed_keys, **{kind: list(keys) for kind, keys in self.units.items()}}

    def search_text(self, post: Post, store: Store | None, renderer: PostRenderer,
                    placeholders: dict[str, Placeholders]) -> str:
        """The post's text for the search index."""
        _read_back([post], "search_text", TEXT_KIND, self.text_unloaded, store, renderer,
                   placeholders)
        assert post.rendered is not None
        return post.rendered.search_text

    def load_html(self, posts: list[Post], store: Store | None, renderer: PostRenderer,
                  placeholders: dict[str, Placeholders]) -> None:
        _read_back(posts, "html", HTML_KIND, self.unloaded, store, renderer, placeholders)

    @contextmanager
    def html_shown(self, post: Post | None, store: Store | None, renderer: PostRenderer,
                   placeholders: dict[str, Placeholders]) -> Iterator[None]:
        """The post's HTML while its page is rendered, let go of afterwards: a cold build
        would otherwise hold every body (hundreds of megabytes) in every process."""
        key = self.unloaded.get(id(post)) if post is not None else None
        if post is None or key is None or post.rendered is None:
            yield
            return
        self.load_html([post], store, renderer, placeholders)
        try:
            yield
        finally:
            post.rendered.html = ""
            self.unloaded[id(post)] = key


def _read_back(posts: list[Post], part: str, kind: str, unloaded: dict[int, str],
               store: Store | None, renderer: PostRenderer,
               placeholders: dict[str, Placeholders]) -> None:
    """Put back a `part` of the rendered bodies that came from the cache without it (`unloaded`:
    id(post) -> cache key, emptied of the posts done): read from the cache, or rendered again
    when it is lost from there."""
    wanted = [p for p in posts if id(p) in unloaded]
    found = store.get_many_text(kind, [unloaded[id(p)] for p in wanted]) \
        if store is not None else {}
    for post in wanted:
        value = found.get(unloaded.pop(id(post)))
        if value is None:
            value = getattr(renderer.render(post, Diagnostics(), placeholders[post.lang]), part)
        setattr(post.rendered, part, value)


def render_bodies(posts: list[Post], renderer: PostRenderer, store: Store | None, settings: str,
                  placeholders: dict[str, Placeholders], diagnostics: Diagnostics,
                  jobs: int, after: Callable[[Post], None] | None = None,
                  memo: dict[str, dict] | None = None, check: Checkpoint = never,
                  read_from: Mapping[str, str] | None = None) -> Bodies:
    """Give every post its `rendered`, from the cache or the Markdown stage; `after` is called
    with each post a pool process renders, in that process, for work that reads the body (the
    posts rendered in this one, with no pool, are `Bodies.rendered_here`: the caller does that
    work where it suits it, beside the pages when it can).
    `memo` keeps the cache entries of the last build in memory (a long-lived site: serve);
    `check` is asked every few posts; `read_from` has the digest of the bytes each post was
    read from, by its source ("content/a.md"), where the build knows it."""
    read_from = read_from or {}
    keys = [body_key(p, settings, placeholders[p.lang], renderer.asset_stamp(p),
                     read_from.get(p.source.as_posix())) for p in checked(posts, check)]
    made_from = list(keys)
    cards = list(keys)
    # (held-back posts too: a tag that found no post says whether one by its name is held)
    every_name = _EveryName({**renderer.sources, **renderer.held_back})
    string_texts = _string_texts(renderer.strings)
    todo: list[int] = []
    said: dict[int, list[Diagnostic]] = {}  # each post's messages, replayed or made now
    unloaded: dict[int, str] = {}
    text_unloaded: dict[int, str] = {}
    entries: dict[str, Any] = {}
    units: dict[str, set[str]] = {kind: set() for kind in UNIT_KINDS}

    def add_units(named: dict[str, list[str]]) -> None:
        for kind in UNIT_KINDS:  # (no other kind: a body names nothing else)
            units[kind].update(named.get(kind, ()))

    if store is not None:
        entries = {key: memo[key] for key in keys if key in memo} if memo else {}
        entries.update(store.get_many(KIND, [key for key in keys if key not in entries]))
    for index, (post, key) in enumerate(checked(zip(posts, keys, strict=True), check)):
        entry = entries.get(key)
        if isinstance(entry, dict) and isinstance(entry.get("rendered"), dict):
            entry["rendered"]["html"] = ""  # read later, if a page shows it
        cached = _decode(entry, renderer, every_name, string_texts)
        if cached is None:
            todo.append(index)
        else:
            post.rendered, said[index] = cached
            unloaded[id(post)] = key
            text_unloaded[id(post)] = key
            made_from[index], cards[index] = _stored_digests(key, entry, post.rendered)
            add_units(entry["units"])

    progress = Progress(len(todo))
    rendered_here: list[Post] = []
    feeds: dict[int, bytes] = {}

    def take(index: int, entry: dict) -> None:
        """A fresh body: onto its post, and into the store."""
        stored = "html" not in entry["rendered"]  # (by the pool process that rendered it)
        if stored:
            entry["rendered"]["html"] = ""
        # (and its search text, by a large body's own process: read back where it is wanted)
        text_stored = "search_text" not in entry["rendered"]
        decoded = _decode(entry, renderer, every_name, string_texts)
        assert decoded is not None
        posts[index].rendered, said[index] = decoded
        made_from[index], cards[index] = _stored_digests(keys[index], entry,
                                                         posts[index].rendered)
        add_units(entry["units"])
        if store is not None:
            parts = dict(entry, rendered=dict(entry["rendered"]),
                         digests=[made_from[index], cards[index]])
            html = parts["rendered"].pop("html")
            if not stored:
                store.put_text(HTML_KIND, keys[index], html)
            if text_stored:
                text_unloaded[id(posts[index])] = keys[index]
            else:
                store.put_text(TEXT_KIND, keys[index], parts["rendered"].pop("search_text"))
            store.put(KIND, keys[index], parts)
            entries[keys[index]] = parts
            posts[index].rendered.html = ""  # in the cache now, read again for its page
            unloaded[id(posts[index])] = keys[index]
        progress.step()

    if jobs > 1 and (len(todo) >= POOL_THRESHOLD
                     or len(todo) > 1 and _formulas(posts, todo) >= POOL_FORMULAS):
        if store is not None:
            _let_go_of_stale_entries(store, [keys[index] for index in todo
                                             if keys[index] in entries])
        with WorkerPool(jobs, _start_worker, (renderer, posts, placeholders, store, after,
                                              keys, every_name), _work) as pool:
            for index, entry in pool.results(todo, chunk=4, ordered=False):
                take(index, entry)
                if store is not None and store.pending_chars > FLUSH_CHARS:
                    store.flush()  # while the workers render: not all at the end, nor held
            pool.close()  # (not terminated: each process writes its last entries as it ends)
    else:
        for index in checked(todo, check, every=1):
            post = posts[index]
            apart = _render_apart(renderer, post, placeholders[post.lang], every_name, store,
                                  keys[index], jobs > 1, keys[index] in entries) \
                if store is not None and len(post.body) >= APART_CHARS else None
            if apart is None:
                entry = _render_one(renderer, post, placeholders[post.lang], None, every_name,
                                    store, aside=jobs > 1)
            else:
                entry, feeds[id(post)] = apart
            take(index, entry)
        rendered_here = [posts[index] for index in todo]
    progress.done()
    elsewhere: set[tuple] = set()  # messages about another file than the post's own
    replayed: list[Diagnostic] = []
    for index in sorted(said):  # in post order, replayed or not: as a clean build says them
        # (a problem of a file several posts read, a bibliography, is said once)
        source = posts[index].source
        replayed += [item for item in said[index] if item.path in (None, source)
                     or (key := said_alike(item)) not in elsewhere and not elsewhere.add(key)]
    # (a cascaded `bibliography:` the posts below cannot read: once, at its `_index.md` line)
    diagnostics.extend(said_once(replayed))
    if memo is not None and store is not None:  # what this build used, and nothing older
        memo.clear()
        memo.update((key, entries[key]) for key in keys if key in entries)
    return Bodies(made_from, len(todo), cards, unloaded, keys, text_unloaded, units,
                  rendered_here, feeds)


def _let_go_of_stale_entries(store: Store, stale: list[str]) -> None:
    """Before the pool's processes store the new HTML of bodies the cache held otherwise
    (their entries found stale: a post a link named came or went), those entries are let go
    of at once: this process stores the new ones after the processes, and a build stopped in
    between (Ctrl+C, an error in the listings) left the new HTML under an old entry, which
    the next build took as a whole. (The pending token of `Site` is written with them, so a
    long-lived site lets go of its memory of those entries too.) None stale, nothing is
    written: a cold build's pending entries wait for its first flush, as before."""
    if not stale:
        return
    for key in stale:
        store.put(KIND, key, None)
    store.flush()


def _render_apart(renderer: PostRenderer, post: Post, placeholder: Placeholders,
                  every_name: _EveryName, store: Store, key: str, aside: bool,
                  stale: bool) -> tuple[dict, bytes] | None:
    """A large body rendered by a forked process, as a pool process renders one (its HTML into
    the cache from there), with its feed body made from the same tokens (its search weights
    are made beside the pages, as those of a body rendered here: `FeedBodies`); None when the
    process failed (an error in the body, killed): this process renders it then, and meets the
    error as it always did. `stale`: the cache holds another entry under its key, let go of
    first (as `_let_go_of_stale_entries` does for a pool)."""
    if stale:
        store.put(KIND, key, None)
    store.flush()  # (the process writes to the cache: this one's entries first)
    # (its feed body written by that process into a file this one reads once it has ended:
    # neither held there nor sent, 10.7 MB of the 6 MB post's)
    feed_file = _spill_file(store)
    # (what this process freed and glibc kept, handed back before the fork: the loader's
    # copies of the post's text, mapped in both processes after it, counted in both at the
    # build's peak, 7 MB of the 6 MB post's)
    give_back_freed_memory()
    try:
        apart = Aside.start(_apart, renderer, post, placeholder, every_name, store, key, aside,
                            feed_file)
        made = apart.result() if apart is not None else None
        if made is None:
            return None
        entry, feed = made
        if feed is None:
            assert feed_file is not None
            feed_file.seek(0)
            feed = feed_file.read()
    finally:
        if feed_file is not None:
            feed_file.close()
    # (its URLs made absolute here, once that process has ended, and made the cache's entry:
    # there, the copies of the text that takes were memory beside what its rendering left,
    # ~50 MB of a 6 MB post's at that process's peak)
    made_entry = _feed_entry(renderer.with_absolute_urls(
        post, feed.decode("utf-8", "surrogatepass")))
    give_back_freed_memory()  # (those copies, before the pages: `FeedBodies` forks this one)
    return entry, made_entry


def _apart(renderer: PostRenderer, post: Post, placeholder: Placeholders,
           every_name: _EveryName, store: Store, key: str, aside: bool,
           feed_file: BinaryIO | None) -> tuple[dict, bytes | None]:
    """`_render_apart`'s work, in the forked process: the body's entry, and its feed body
    but for its URLs (`PostRenderer.feed_but_urls`), in UTF-8 (None: written to
    `feed_file`)."""
    store.forked()
    # (its HTML made as UTF-8 in parts, never one text: 47 MB for the 6 MB post, where the
    # text took 89, one Chinese character making every character of it two bytes; put in a
    # file of the cache's folder as they come, and written to the cache from there)
    html = SpilledParts(_spill_file(store), holds_reference)
    text = SpilledParts(_spill_file(store))  # (its search text: so, never one text)
    # (its feed body made from the same tokens, a stretch at a time beside the HTML; its own
    # text and links made first, as the feed's rendering would make them after)
    beside = renderer.feed_beside(post, feed_file)
    entry = _render_one(renderer, post, placeholder, None, every_name, store, aside, html,
                        beside, text)
    del entry["rendered"]["html"]  # ("": in `html`)
    del entry["rendered"]["search_text"]  # (and in `text`: read back where it is wanted)
    feed = beside.finish() if beside.made else \
        renderer.feed_but_urls(post).encode("utf-8", "surrogatepass")
    # (then the tokens let go of, and what they held handed back, before the HTML is written)
    renderer.let_go_of_tokens()
    give_back_freed_memory()
    store.flush(in_parts={(HTML_KIND, key): _ReadAgain(partial(html.chunks, WRITTEN_BYTES)),
                          (TEXT_KIND, key): _ReadAgain(partial(text.chunks, WRITTEN_BYTES))})
    for spilled in (html, text):
        if spilled.spill is not None:
            spilled.spill.close()
    return entry, feed


def _spill_file(store: Store) -> BinaryIO | None:
    """A file in the cache's folder, with no name (gone when closed, or when the process ends
    however it ends), for a large body's HTML, its search text or its feed body; None when
    there is no such folder."""
    if store.path is None:
        return None
    try:
        return tempfile.TemporaryFile(dir=store.path.parent)
    except OSError:
        return None


@dataclass
class _ReadAgain:
    """Parts read anew each time they are iterated (`Store.flush` reads them three times: their
    CRC, their length, their writes)."""

    read: Callable[[], Iterator[bytes]]

    def __iter__(self) -> Iterator[bytes]:
        return self.read()


def _feed_entry(feed: str) -> bytes:
    """A feed body as the cache's entry holds it (`Store.put`'s JSON, as UTF-8): handed back
    so, a 6 MB post's (8 million characters) is 10.7 MB to send, hold and store where the
    text was 16, and the process storing it has no JSON to make (~0.5 s, and another copy)."""
    return encode_plain(feed).encode("utf-8", "surrogatepass")


# --- the worker side of the pool: state handed over by fork, not by pickling -------------------

_Job = tuple[PostRenderer, list[Post], dict[str, Placeholders], Store | None,
             Callable[[Post], None] | None, list[str], _EveryName]
_worker: _Job | None = None


def _start_worker(*job: Any) -> None:
    global _worker
    worker_signals()
    _worker = job  # type: ignore[assignment]
    job[0].math_engine.use_v8()  # (never in the parent: it forks again, V8 cannot follow)
    store = job[3]
    if store is not None:
        store.forked()
        from multiprocessing.util import Finalize

        Finalize(None, store.flush, exitpriority=10)  # (run as the pool closes; not if killed)


def _work(index: int) -> tuple[int, dict]:
    """One body, rendered in a pool process: its HTML, the largest part, and what rendering it
    put in the cache (formulas, search weights) are written to the cache from here rather
    than handed to the parent (tens of megabytes to send, to hold and to write in one process,
    while the others wait); about a megabyte to a transaction, not one a post: the processes
    took turns at SQLite's single writer's lock (about 150 waits of 1-2 ms in a cold build of
    1,000 posts) and filled its log with a thousand small commits that every read then
    searched."""
    assert _worker is not None
    renderer, posts, placeholders, store, after, keys, every_name = _worker
    entry = _render_one(renderer, posts[index], placeholders[posts[index].lang], after,
                        every_name, store)
    if store is not None:
        store.put_text(HTML_KIND, keys[index], entry["rendered"].pop("html"))
        if store.pending_chars > WORKER_FLUSH_CHARS:
            store.flush()
            give_back_freed_memory()  # (the flushed entries with the rest)
    return index, entry


class FeedBodies:
    """The feed bodies the cache lacks, made by a forked process into the cache while this one
    renders the pages, when there is much to make (a cold build; one 6 MB post's feed body was
    a sixth of its build, and a build of one post uses one core); with them, the search
    weights of the posts rendered with no pool (`Bodies.rendered_here`: 0.7 s of that post's).
    The feeds wait for it, then find them in the cache (and so does the search index); a
    process that fails leaves them to be made as before."""

    def __init__(self) -> None:
        self.child: int | None = None

    def start(self, posts: list[Post], keys: Mapping[int, str],
              make: Callable[[Post], str], store: Store | None, jobs: int,
              weigh: Callable[[Post], None] | None = None, fresh: Sequence[Post] = (),
              made: dict[int, bytes] | None = None) -> None:
        """`make` (`feed_html`, which puts what it makes in `store`) for each of `posts`
        whose entry (`keys`: id(post) -> its key) the cache lacks; then `weigh` (which puts
        the weights in `store`) for each of `fresh`. `made` (id(post) -> its feed body's entry,
        made with its HTML: `Bodies.feeds`) are put in `store` as they are, by that process, or by
        this one when none starts; and let go of."""
        made = made if made is not None and store is not None else {}
        try:
            self._start(posts, keys, make, store, jobs, weigh, fresh, made)
        finally:
            if self.child is None:  # (nothing set aside: `feed_html` finds them there)
                for post in posts:
                    if id(post) in made:
                        assert store is not None
                        store.put_text(FEED_KIND, keys[id(post)], made[id(post)])
            made.clear()

    def _start(self, posts: list[Post], keys: Mapping[int, str], make: Callable[[Post], str],
               store: Store | None, jobs: int, weigh: Callable[[Post], None] | None,
               fresh: Sequence[Post], made: dict[int, bytes]) -> None:
        unique = list({id(post): post for post in posts}.values())
        # (the text first: a build whose feed posts are short, a one-post edit's, reads none
        # of their feed entries from the cache only to find them there)
        if store is None or jobs < 2 or sum(len(post.body) for post in unique) < FEED_ASIDE_CHARS:
            return
        found = store.get_many_text(FEED_KIND, [keys[id(post)] for post in unique])
        wanted = [post for post in unique if keys[id(post)] not in found]
        if sum(len(post.body) for post in wanted) < FEED_ASIDE_CHARS:
            return
        # (held until the process is noted, where a stopped build's `wait` ends it: raised as
        # `fork` returned, a Ctrl+C left it making feed bodies into the cache for nobody, see
        # `Aside.start`; in the process, let through as it leaves the hold, as `fork` did)
        with stop_signals_held():
            try:
                child = fork()
            except OSError:
                return
            if child:
                self.child = child
                return
        try:
            worker_signals()
            # (this process's entries not written yet are read here as they were, while it
            # writes them: a 6 MB post's 47 MB of HTML took 0.7 s to write before the fork)
            inherited = store.after_fork()
            to_make = [post for post in wanted if id(post) not in made]
            # (those made already are written first and let go of: a 6 MB post's 10.7 MB and
            # SQLite's copies of them, held otherwise through the rest, beside the pages'
            # process at its largest)
            for post in wanted:
                if id(post) in made:
                    store.put_text(FEED_KIND, keys[id(post)], made.pop(id(post)))
            store.add_pending(store.take_added(inherited))
            store.flush()
            store.add_pending(inherited)  # (the parent's, read here as it writes them)
            for post in to_make:
                make(post)
            for post in fresh if weigh is not None else ():
                weigh(post)
            store.add_pending(store.take_added(inherited))
            store.flush()
        finally:
            os._exit(0)

    def wait(self, stop: bool = False) -> None:
        """Wait for the process to end (`stop`: end it first: the build stopped)."""
        if self.child is not None:
            end_child(self.child, stop)
            self.child = None


def feed_html(post: Post, renderer: PostRenderer, store: Store | None, key: str) -> str:
    """A post's body for feeds (MathML, plain code, absolute links), cached like the body."""
    cached = store.get(FEED_KIND, key) if store is not None else None
    if isinstance(cached, str):
        return cached
    made = renderer.render_for_feed(post)
    if store is not None:
        store.put(FEED_KIND, key, made)
    return made


class Progress:
    """Posts (or pages) rendered / total and the rate, on a terminal, for long builds only."""

    def __init__(self, total: int, stream: TextIO | None = None, min_total: int = 200,
                 what: str = "posts") -> None:
        self.stream = stream or sys.stderr
        self.total, self.count, self.what = total, 0, what
        self.started = self.shown = time.perf_counter()
        self.enabled = total >= min_total and self.stream.isatty()

    def step(self) -> None:
        self.count += 1
        now = time.perf_counter()
        if self.enabled and (now - self.shown > 0.2 or self.count == self.total):
            self.shown = now
            rate = self.count / max(now - self.started, 1e-6)
            print(f"\rrendering {self.what} {self.count:,}/{self.total:,} ({rate:,.0f}/s)",
                  end="", file=self.stream, flush=True)

    def done(self) -> None:
        if self.enabled:
            print("\r\033[K", end="", file=self.stream, flush=True)

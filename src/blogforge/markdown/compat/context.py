"""The page a generator's tag is on, and the names of the posts a tag may name (Hexo's
post_link, Jekyll's post_url, Hugo's ref): what the Markdown stage gives the tags, kept apart
from the rewriting itself (rewrite.py), which only a body holding such syntax imports."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from blogforge.language_codes import split_language_suffix
from blogforge.markdown.links import HELD_BACK
from blogforge.text import composed
from blogforge.urls import UrlBuilder

_MARKDOWN_EXT = re.compile(r"\.(?:md|markdown)$", re.I)
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}-")


@dataclass
class Context:
    """What a tag may need to know about the page and the site."""

    source: str  # the post's file, relative to content/ (`posts/a.md`)
    sources: Mapping[str, str]  # content-relative Markdown path -> site path of its page
    warn: Callable[[str, int], None]  # (message, body line)
    # The site's URLs: a URL a tag gives is under the base URL's path ("/repo/"), as Hexo's
    # post_path, Hugo's relref and Jekyll's relative_url give it, also where it is text and
    # no link rewriting will see it.
    urls: UrlBuilder = UrlBuilder("/")
    # The post's language, as the loader read it (its `lang:`, else its file name, else the
    # site's default): a post names other posts within it, as Hugo resolves a ref.
    lang: str | None = None
    # content-relative Markdown path -> its post's title, the text of a link that gives none
    titles: Mapping[str, str] = field(default_factory=dict)
    # The site's languages (codes, in the order site.yaml gives them), which a tag may name
    # (Hugo's `ref lang="en"`); empty when unknown, and then any is taken.
    languages: tuple[str, ...] = ()
    # The names of `sources` as tags name them, made when a tag first names a post: by
    # `make_names` when given (the renderer's, once for a build's posts: a Hexo site has
    # thousands of post_links; most posts have none, and making them is a pass over every file).
    names: SourceNames | None = None
    make_names: Callable[[], SourceNames] | None = None
    # content-relative Markdown path -> its post's versions, language -> content-relative
    # path, as translations pair (a shared `translationKey`, else the file names): an English
    # post's tag naming `a.md` leads to the English post `a.md`'s `translationKey` pairs it with
    # whatever its file name. Empty when not known: then files named `a.en.md` are found.
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # content-relative Markdown path -> why its post is held back ("draft", "future"): a tag
    # naming one says so, rather than that no such post exists.
    held_back: Mapping[str, str] = field(default_factory=dict)
    # The theme's text in the post's language (a video link's "Watch the video on YouTube"),
    # by key; None: English, as the theme's fallback has it.
    strings: Callable[[str], str] | None = None
    # The post's front matter and site.yaml's `params`, which Hugo's `param` shortcode shows
    params: Mapping[str, object] = field(default_factory=dict)
    site_params: Mapping[str, object] = field(default_factory=dict)

    @property
    def base_path(self) -> str:
        return self.urls.base_path

    def find_post(self, name: str) -> str | None:
        """The site path of the post a tag names (see `find_source`)."""
        found = self.find_source(name)
        return None if found is None else self.sources.get(found)

    def find_source(self, name: str) -> str | None:
        """The Markdown file (content-relative) of the post a tag names: a Hexo slug
        (`hello-world`), a Jekyll post name (`2017-08-01-name`), a Hugo ref (`posts/x.md`, `x`,
        `/posts/x`), a path under `_posts/`; its translation into this post's language when
        there is one (unless the name says the file's language: `b.zh.md`). A name matches a
        file named for its language too (`b.md` is `b.zh.md` on a Hugo site whose every file
        says its language), the one in this post's language first. Looked up through
        `sources.get`, so the build cache sees the dependency."""
        wanted = _normalise(name)
        if not wanted:
            return None
        # (Iterating `sources` is what tells the build cache that this post searched every
        # name, bodies._Recorder: a file written later may be the one the tag meant.)
        iter(self.sources)
        if self.names is None:
            self.names = self.make_names() if self.make_names else SourceNames.of(self.sources)
        here = posixpath.dirname(self.source)
        relative = _normalise(posixpath.normpath(posixpath.join(here, name.strip())))
        as_written, without_language = self.names.indexes
        for index in (as_written, without_language):
            candidates = index.candidates(wanted, relative)
            if candidates:
                mine = [key for key in candidates if _file_language(key) == self.lang]
                found = (mine or candidates)[0]
                if index is as_written and _file_language(found) is not None:
                    return found  # (the name says its language: that file)
                return self._in_this_language(found)
        return None

    def _in_this_language(self, found: str) -> str:
        """`found`'s translation into this post's language, when there is one (an English
        post's `ref "posts/b.md"` is `b.en.md`'s page, as Hugo resolves a ref within the page's
        language, whether the post says `lang: en` or is named `a.en.md`); else `found`.
        The versions `translations` pair come first (also one paired by `translationKey` with
        another file name), then a file named for the language beside it. (Both asked even
        when missing: a translation added later then renders this post again.)"""
        if self.lang is None:
            return found
        versions = self.translations.get(found)
        translation = versions.get(self.lang) if versions is not None else None
        if translation is not None and self.sources.get(translation) is not None:
            return translation
        if _file_language(found) is None:
            stem, ext = posixpath.splitext(found)
            translation = f"{stem}.{self.lang}{ext}"
            if self.sources.get(translation) is not None:
                return translation
        return found

    def language_of(self, source: str) -> str | None:
        """The language of the post made from `source` (content-relative), as translations
        pair it; else the one its file name says; None when neither tells."""
        versions = self.translations.get(source)
        said = [lang for lang, path in (versions or {}).items() if path == source]
        return said[0] if said else _file_language(source)

    def title_of(self, name: str) -> str | None:
        """The title of the post a tag names, looked up through `titles.get`, so the build
        cache renders this post again when that title changes."""
        found = self.find_source(name)
        return None if found is None else self.titles.get(found)

    def url_of(self, name: str, written: str, line: int, lang: str | None = None,
               held_shown: str = "shown as written") -> str | None:
        """The URL of the post or page a tag names, in `lang` when one is given (Hugo's
        `ref lang="en"`: as if the post were in that language), else in this post's; None,
        with a warning quoting the tag, when there is none (saying it is shown as written,
        or `held_shown` for a post held back)."""
        found = (self if lang is None else replace(self, lang=lang)).find_post(name)
        if found is None:
            held, why = self._held_back_reason(name)
            if why in HELD_BACK:
                self.warn(f"`{written}`: `{held}` is {HELD_BACK[why]}; {held_shown}", line)
            else:
                self.warn(f"`{written}`: no post or page made from `{name}`; shown as written",
                          line)
            return None
        return self.base_path + found

    def empty_post_title(self, name: str) -> str | None:
        """The title of the post a tag names when this build holds it back for having no text
        yet (`titles` holds theirs too): a link's words until it is written in."""
        held, why = self._held_back_reason(name)
        return self.titles.get(held) if held is not None and why == "empty" else None

    def is_held_back(self, name: str) -> bool:
        """Whether a tag names a post this build holds back (a draft, a future post)."""
        return self._held_back_reason(name)[1] in HELD_BACK

    def _held_back_reason(self, name: str) -> tuple[str | None, str | None]:
        held = replace(self, sources=self.held_back, names=None, make_names=None,
                       translations={}).find_source(name)
        return held, None if held is None else self.held_back.get(held)


def _file_language(path: str) -> str | None:
    """The language a Markdown file is named for (`a.en.md`: en), as the loader reads it."""
    return split_language_suffix(posixpath.basename(path), frozenset())[1]


@dataclass(frozen=True)
class _NameIndex:
    """Files by their names, normalised one way: whole, by each end of the path after a `/`,
    and by the file name without a Jekyll date; each list in the order of the files' paths."""

    whole: dict[str, list[str]]
    ends: dict[str, list[str]]
    undated: dict[str, list[str]]

    @classmethod
    def of(cls, files: list[str], named: Callable[[str], str]) -> _NameIndex:
        index = cls({}, {}, {})
        for file in files:
            name = named(file)
            index.whole.setdefault(name, []).append(file)
            for slash in (i for i, c in enumerate(name) if c == "/"):
                index.ends.setdefault(name[slash + 1:], []).append(file)
            index.undated.setdefault(_DATE_PREFIX.sub("", name.rsplit("/", 1)[-1]),
                                     []).append(file)
        return index

    def candidates(self, wanted: str, relative: str) -> list[str]:
        """The files a tag's name (`wanted`, normalised) may mean, by the first rule that
        gives any: the same name, the same path from the post's folder (`relative`), the
        same end of the path, the same file name without a Jekyll date."""
        found = self.whole.get(wanted) or self.whole.get(relative) or self.ends.get(wanted)
        if not found and "/" not in wanted:
            found = self.undated.get(_DATE_PREFIX.sub("", wanted))
        return found or []


@dataclass(frozen=True)
class SourceNames:
    """The Markdown files' names as tags name them, each file's normalised once: as written,
    then without the language a file is named for (`b.md` names `b.zh.md`)."""

    indexes: tuple[_NameIndex, _NameIndex]

    @classmethod
    def of(cls, sources: Iterable[str]) -> SourceNames:
        files = sorted(sources)
        return cls((_NameIndex.of(files, _normalise),
                    _NameIndex.of(files, _normalise_any_language)))


def _normalise_any_language(path: str) -> str:
    """A file's name normalised without the language it is named for: `posts/b.zh.md`,
    `posts/b/index.en.md` → `b`."""
    folder, file = posixpath.split(path)
    stem, language = split_language_suffix(file, frozenset())
    if language is None:
        return _normalise(path)
    return _normalise(posixpath.join(folder, stem + posixpath.splitext(file)[1]))


def _normalise(name: str) -> str:
    """`_posts/2017-08-01-x.md`, `/posts/x/`, `posts/x/index.md` and `x` the same way, and
    composed (`composed`)."""
    name = composed(name).strip().strip('"').split("#", 1)[0].strip("/")
    for prefix in ("source/_posts/", "_posts/", "content/", "posts/"):
        if name.startswith(prefix):
            name = name[len(prefix):]
    name = _MARKDOWN_EXT.sub("", name)
    if name == "index" or name.endswith("/index") or name.endswith("/_index"):
        name = name.rsplit("/", 1)[0] if "/" in name else ""
    return name

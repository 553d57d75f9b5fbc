"""The index builder: listings of posts per language — the home page, tag, category and series
pages, archives — and the links between posts (translations, previous/next, series parts).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from blogforge.model import Language, Listing, Pager, Post, Term
from blogforge.post_extras import Tagged, posts_by_tag
from blogforge.sections import folder_posts
from blogforge.text import composed
from blogforge.urls import term_slug


@dataclass(frozen=True)
class SiteIndex:
    """Every post grouped the ways pages need them; built once per build. The groupings are
    computed on first use and kept, since every post page and listing asks for them."""

    posts: list[Post]  # listed posts (not pages, not `unlisted`), newest first
    # translation key -> lang -> post or page (an unlisted one too: the language switch of
    # its translations leads to it, and its own to them)
    translations: dict[str, dict[str, Post]]
    _memo: dict[tuple, Any] = field(default_factory=dict, compare=False, repr=False)

    def _remember(self, key: tuple, compute: Callable[[], Any]) -> Any:
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @classmethod
    def build(cls, posts: Iterable[Post]) -> SiteIndex:
        items = list(posts)
        translations: dict[str, dict[str, Post]] = defaultdict(dict)
        for post in items:
            # the first version of a language is the translation, as the build warns
            # (`site._place`): the pages' links must agree with the warning
            translations[post.translation_key].setdefault(post.lang, post)
        # (every list, feed, term, archive, previous/next and related post is made of these)
        ordered = sorted((p for p in items if p.kind == "post" and not p.unlisted),
                         key=lambda p: p.sort_key, reverse=True)
        return cls(ordered, dict(translations))

    def translations_of(self, post: Post) -> dict[str, Post]:
        """The other language versions of a post, by language. A second version of one
        language (two posts share a key and a language: the build warns) has none: the
        others link to the first, so links from it would lead to pages that do not link back."""
        group = self.translations.get(post.translation_key, {})
        if group.get(post.lang) is not post:
            return {}
        return {lang: p for lang, p in group.items() if lang != post.lang}

    def for_language(self, language: Language, everything: bool = False) -> list[Post]:
        """Posts listed in `language`: its own, plus untranslated posts of the languages it
        shows (or of every language when `everything`), one version per translation group."""
        return self._remember(("listed", language.code, everything),
                              lambda: self._listed(language, everything))

    def terms(self, language: Language, taxonomy: str) -> dict[str, TermGroup]:
        """The terms of a taxonomy in `language`; a term page lists posts of every language."""
        return self._remember(("terms", language.code, taxonomy), lambda: group_terms(
            self.for_language(language, everything=True), taxonomy))

    def folders(self, language: Language) -> dict[str, list[Post]]:
        """Posts listed in `language` by the folder of content/posts/ they are in or below
        (`sections.folder_posts`): its section pages, their feeds and the menu's paths."""
        return self._remember(("folders", language.code),
                              lambda: folder_posts(self.for_language(language)))

    def by_tag(self, language: Language) -> Tagged:
        """Posts listed in `language` by tag, newest first: where related posts are found."""
        return self._remember(("by_tag", language.code),
                              lambda: posts_by_tag(self.for_language(language)))

    def neighbours(self, post: Post) -> tuple[Post | None, Post | None]:
        """(newer, older) posts in the same language."""
        def pairs() -> dict[int, tuple[Post | None, Post | None]]:
            same = [p for p in self.posts if p.lang == post.lang]
            return {id(p): (same[i - 1] if i > 0 else None,
                            same[i + 1] if i + 1 < len(same) else None)
                    for i, p in enumerate(same)}

        return self._remember(("neighbours", post.lang), pairs).get(id(post), (None, None))

    def _listed(self, language: Language, everything: bool) -> list[Post]:
        listed = []
        for post in self.posts:
            group = self.translations[post.translation_key]
            if post.lang == language.code:
                listed.append(post)
            elif language.code not in group:
                # one version per translation group: the one the language's lists show, which
                # its term pages list too (a Chinese post with a Japanese version, listed on
                # the English home, linked English tag pages made from the Japanese's tags)
                shown = sorted(code for code in group if code in language.show_untranslated_from)
                if everything:
                    shown += sorted(code for code in group if code not in shown)
                if shown and shown[0] == post.lang:
                    listed.append(post)
        return listed


def home_order(posts: list[Post]) -> list[Post]:
    """Pinned first (higher pin first), then newest first."""
    return sorted(posts, key=lambda p: (p.pinned, *p.sort_key), reverse=True)


def paginate(posts: list[Post], per_page: int, base_path: str) -> list[tuple[list[Post], Pager]]:
    total = max(1, math.ceil(len(posts) / per_page))
    urls = tuple(page_path(base_path, n) for n in range(1, total + 1))
    return [(posts[(n - 1) * per_page: n * per_page], Pager(n, total, urls))
            for n in range(1, total + 1)]


def page_path(base_path: str, number: int) -> str:
    """Page 1 of a listing lives at `base_path` itself, page N at `base_path + "page/N/"`."""
    return base_path if number == 1 else f"{base_path}page/{number}/"


def page_holding(place: int, per_page: int, base_path: str) -> str:
    """The page of a listing that shows its `place`-th post (1-based)."""
    return page_path(base_path, (max(place, 1) - 1) // per_page + 1)


def listing_pages(kind: str, language: Language, posts: list[Post], per_page: int,
                  base_path: str, title: str, term: Term | None = None,
                  parents: tuple[Term, ...] = (), children: tuple[Term, ...] = ()
                  ) -> list[Listing]:
    return [Listing(kind, language.code, pager.urls[pager.number - 1], title, page, pager, term,
                    parents, children)
            for page, pager in paginate(posts, per_page, base_path)]


def term_names(post: Post, taxonomy: str) -> list[tuple[str, ...]]:
    """The terms a post belongs to, as written but composed (a tag typed on a Mac may be
    decomposed: `composed`): a category a/b is also in a."""
    if taxonomy == "tags":
        return [(composed(tag),) for tag in post.tags]
    if taxonomy == "categories":
        return list(dict.fromkeys(tuple(map(composed, path[: i + 1]))
                                  for path in post.categories for i in range(len(path))))
    return [(composed(post.series),)] if post.series else []


@lru_cache(maxsize=8192)  # (a thousand posts name their few tags some 8,000 times a build)
def term_key(names: tuple[str, ...]) -> str:
    """A term's identity is its URL: `C` and `c` are one tag, `TCP/IP` is not a nested one."""
    return "/".join(slug for name in names if (slug := term_slug(name)))



@dataclass(frozen=True)
class TermGroup:
    """A tag's, category's or series' posts, under the names it was written with."""

    names: tuple[str, ...]  # as first written, for the label
    posts: list[Post]


def group_terms(posts: list[Post], taxonomy: str) -> dict[str, TermGroup]:
    """Term key -> its posts, in the order given."""
    groups: dict[str, TermGroup] = {}
    for post in posts:
        seen: set[str] = set()  # a post is listed once even under `C` and `c`
        for names in term_names(post, taxonomy):
            key = term_key(names)
            if key and key not in seen:
                seen.add(key)
                if (group := groups.get(key)) is not None:
                    group.posts.append(post)
                else:  # (not `setdefault`: a group made for every post of a tag, then dropped)
                    groups[key] = TermGroup(names, [post])
    return groups


Spellings = dict[str, dict[str, list[Post]]]  # a term's key -> each way it is written -> posts


def taxonomy_spellings(posts: list[Post], taxonomy: str) -> Spellings:
    """Each key (page) of a taxonomy, with each way it is written and the posts that write
    it so: what `term_spellings` and `term_slips` read."""
    seen: dict[str, dict[str, list[Post]]] = defaultdict(lambda: defaultdict(list))
    for post in posts:
        for names in term_names(post, taxonomy):
            seen[term_key(names)]["/".join(names)].append(post)
    return seen


def term_spellings(seen: Spellings) -> Spellings:
    """Keys written in more than one way (`C` and `c`), which share one page: each spelling
    with the posts that write it."""
    return {key: spellings for key, spellings in seen.items() if len(spellings) > 1}


_SPACING = re.compile(r"[\s_-]+")


def term_slips(seen: Spellings) -> list[list[tuple[str, str, list[Post]]]]:
    """Terms whose keys differ only by spaces, `-` or `_` (`LeetCode 刷题` and `LeetCode刷题`,
    `GPT-4` and `GPT4`): one name written two ways, most likely, on two pages. Each group's
    terms as (key, first spelling, posts), the most written first."""
    groups: dict[str, list[tuple[str, str, list[Post]]]] = defaultdict(list)
    for key, spellings in seen.items():
        writers = [post for posts_of in spellings.values() for post in posts_of]
        groups[_SPACING.sub("", key)].append((key, next(iter(spellings)), writers))
    return [sorted(terms, key=lambda term: (-len(term[2]), term[0]))
            for terms in groups.values() if len(terms) > 1]


def series_order(posts: list[Post]) -> list[Post]:
    """Parts in their declared order, then by date, oldest first."""
    return sorted(posts, key=lambda p: (p.series_order if p.series_order is not None
                                        else math.inf, p.sort_key))


def archive_groups(posts: list[Post]) -> list[tuple[int, list[tuple[int, list[Post]]]]]:
    """[(year, [(month, posts)])], newest first."""
    by_year: dict[int, dict[int, list[Post]]] = defaultdict(lambda: defaultdict(list))
    for post in posts:
        if post.date is not None:
            by_year[post.date.year][post.date.month].append(post)
    return [(year, sorted(months.items(), reverse=True))
            for year, months in sorted(by_year.items(), reverse=True)]

"""What the theme shows around a post: related posts, the licence line, the comment settings.

Plain functions of the config, the post and the posts around it; `pages.py` hands their
results to the templates.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from blogforge.config import CommentsConfig, LicenseConfig
from blogforge.content.frontmatter import switch_value
from blogforge.i18n import Strings
from blogforge.model import Language, Post

_CREATIVE_COMMONS = re.compile(r"^CC[ -](BY(?:-NC)?(?:-SA|-ND)?)[ -](\d\.\d)$", re.IGNORECASE)
# The scripts each comment system publishes, loaded only when a reader reaches the comments.
COMMENT_SCRIPTS = {
    "giscus": "https://giscus.app/client.js",
    "waline": "https://unpkg.com/@waline/client@v3/dist/waline.js",
    "twikoo": "https://cdn.jsdelivr.net/npm/twikoo@1.6.39/dist/twikoo.all.min.js",
}
# Chinese as the comment widgets (giscus, Waline, Twikoo) name it: simplified zh-CN and
# traditional zh-TW only; a tag that says traditional (its script or region) is zh-TW.
_TRADITIONAL = frozenset({"hant", "tw", "hk", "mo"})


RELATED_REACH = 64  # the newest posts looked at per shared tag: a tag on every post stays cheap


@dataclass(frozen=True)
class TagList:
    """One tag's posts, newest first, as `related_posts` reads them: by their places in the
    order related posts are shown in (`Tagged.shown`), with where each translation group's
    posts stand in the list (those a post of the group passes over)."""

    places: list[int]  # each post's place in `Tagged.shown`, the tag's newest post first
    groups: dict[str, list[int]]  # translation key -> where its posts stand in `places`


@dataclass(frozen=True)
class Tagged:
    """Posts by tag (any case), newest first, and the order that related posts sharing as
    many tags are shown in (newest first, then by path)."""

    by_tag: dict[str, TagList]
    shown: list[Post]


def posts_by_tag(posts: list[Post]) -> Tagged:
    """Tag (any case) -> the posts carrying it, in the order given (newest first)."""
    shown = sorted(posts, key=lambda p: (-p.sort_key[0], p.path))
    place = {id(p): index for index, p in enumerate(shown)}
    by_tag: dict[str, TagList] = {}
    for post in posts:
        for tag in {t.lower() for t in post.tags}:
            listed = by_tag.get(tag)
            if listed is None:
                listed = by_tag[tag] = TagList([], {})
            listed.groups.setdefault(post.translation_key, []).append(len(listed.places))
            listed.places.append(place[id(post)])
    return Tagged(by_tag, shown)


def related_posts(post: Post, tagged: Tagged, count: int) -> list[Post]:
    """Up to `count` posts sharing the most tags with `post`, the newest first among equals.
    A translation of `post` is not "related": the page links it already. Only the newest
    posts of each tag are weighed, so the cost does not grow with the size of a tag."""
    # (counted by `Counter` over the posts' places, ranked by two sorts with no key written
    # in Python: a loop over the posts and a ranking key in Python were 0.14 s of CPU for the
    # 1,000-post benchmark, on one core while the other waited for the pages)
    shared: Counter[int] = Counter()
    for tag in {t.lower() for t in post.tags}:
        listed = tagged.by_tag.get(tag)
        if listed is not None:
            shared.update(_reached(listed, post.translation_key))
    # the places in order, then by shared tags, most first (a stable sort: the newest first
    # among equals)
    best = sorted(sorted(shared), key=shared.__getitem__, reverse=True)[:count]
    return [tagged.shown[place] for place in best]


def _reached(listed: TagList, group: str) -> list[int]:
    """The places of the first RELATED_REACH posts of a tag outside translation group
    `group`."""
    passed = listed.groups.get(group)  # (where the group's posts stand in the tag's list)
    if not passed:
        return listed.places[:RELATED_REACH]
    end = RELATED_REACH
    for at in passed:  # (each passed over within reach takes the reach one further)
        if at >= end:
            break
        end += 1
    reached: list[int] = []
    start = 0
    for at in passed:
        if at >= end:
            break
        reached += listed.places[start:at]
        start = at + 1
    reached += listed.places[start:end]
    return reached


def license_line(config: LicenseConfig, post: Post, strings: Strings) -> Markup | None:
    """The licence sentence under a post, with the licence linked; a post's own `license:`
    replaces the site's (`license: false` removes it)."""
    own = post.params.get("license")
    if own is False:
        return None
    name, url = (str(own), "") if own else (config.name, config.url)
    if not name:
        return None
    if not url and (match := _CREATIVE_COMMONS.match(name.strip())):
        url = (f"https://creativecommons.org/licenses/{match.group(1).lower()}/"
               f"{match.group(2)}/")
    linked = Markup('<a rel="license" href="{}">{}</a>').format(url, name) if url else \
        escape(name)
    marker = "\x00"
    return escape(strings("license_line", license=marker)).replace(marker, linked)


def _comment_language(tag: str) -> str:
    """The language a comment widget is given: zh-CN or zh-TW for Chinese (the widgets know no
    zh-Hans, zh-Hant or zh-HK, and show English for them), the base language otherwise (en for
    en-GB: their lists hold languages, not regions)."""
    parts = tag.replace("_", "-").lower().split("-")
    if parts[0] == "zh":
        return "zh-TW" if _TRADITIONAL & set(parts[1:]) else "zh-CN"
    return parts[0]


def comment_settings(config: CommentsConfig, post: Post, lang: Language) -> dict[str, Any] | None:
    """What js/reader.js needs to load the comments of one post, or None for no comments.
    A post has them unless it says `comments: false`; a page (about, a guestbook) only when
    it says `comments: true`."""
    asked = post.params.get("comments")
    if asked is None and isinstance(post.params.get("comment"), dict):
        asked = switch_value(post.params["comment"])  # (LoveIt's `comment: {enable: false}`)
    if config.provider == "none" or asked is False or (post.kind == "page" and asked is not True):
        return None
    settings: dict[str, Any] = {
        "provider": config.provider,
        "script": config.script_url or COMMENT_SCRIPTS[config.provider],
        "lang": _comment_language(lang.locale or lang.code),
    }
    if config.provider == "giscus":
        settings.update(repo=config.repo, repoId=config.repo_id, category=config.category,
                        categoryId=config.category_id, mapping=config.mapping,
                        reactions=config.reactions)
    elif config.provider == "waline":
        settings["server"] = config.server_url
    else:
        settings.update(envId=config.env_id, region=config.region)
    return settings

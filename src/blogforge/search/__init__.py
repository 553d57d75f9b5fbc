"""Site search that works offline and in Chinese: an index written at build time as static
files, and `theme/static/js/search.js`, which the reader's browser loads on first use."""

from __future__ import annotations

from collections.abc import Callable

from blogforge.cache import Store
from blogforge.config import SiteConfig
from blogforge.model import Language, Post
from blogforge.output import StagedOutput
from blogforge.pages import SiteContext, site_label
from blogforge.search.index import INDEX_DIR, SearchDocument, search_document
from blogforge.search.update import Weigher, write_index

__all__ = ["INDEX_DIR", "SearchDocument", "Weigher", "search_document", "weigh_post",
           "write_search_index"]


def tag_labeller(config: SiteConfig, languages: list[Language]) -> Callable[[str], list[str]]:
    """A tag and its label in every language: all of them find the post."""
    def labels(tag: str) -> list[str]:
        return [tag] + [site_label(config, "tags", tag, lang.code) for lang in languages]
    return labels


def indexed(post: Post) -> bool:
    return post.params.get("search", True) is not False


def weigh_post(post: Post, tag_labels: Callable[[str], list[str]], weigh: Weigher) -> None:
    """Weigh a freshly rendered post now (its page URL plays no part in its weights)."""
    if indexed(post):
        weigh(search_document(post, str, tag_labels))


def write_search_index(stage: StagedOutput, site: SiteContext, posts: list[Post],
                       store: Store | None = None) -> None:
    """Index every published post and page (newest first) except those with `search: false`."""
    tag_labels = tag_labeller(site.config, site.languages)
    documents = [search_document(post, site.urls.path, tag_labels)
                 for post in sorted(posts, key=lambda p: p.sort_key, reverse=True)
                 if indexed(post)]
    write_index(stage, documents, Weigher(store), store)

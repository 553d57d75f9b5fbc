"""Site search that works offline and in Chinese: an index written at build time as static
files, and `theme/static/js/search.js`, which the reader's browser loads on first use."""

from __future__ import annotations

from blogforge.model import Post
from blogforge.output import StagedOutput
from blogforge.pages import SiteContext
from blogforge.search.index import INDEX_DIR, SearchDocument, build_index, search_document

__all__ = ["INDEX_DIR", "SearchDocument", "build_index", "search_document", "write_search_index"]


def write_search_index(stage: StagedOutput, site: SiteContext, posts: list[Post]) -> None:
    """Index every published post and page (newest first) except those with `search: false`."""
    def tag_labels(tag: str) -> list[str]:
        return [tag] + [site.label("tags", tag, lang.code) for lang in site.languages]

    documents = [search_document(post, site.urls.path, tag_labels)
                 for post in sorted(posts, key=lambda p: p.sort_key, reverse=True)
                 if post.params.get("search", True) is not False]
    for path, text in build_index(documents).items():
        stage.write(path, text)

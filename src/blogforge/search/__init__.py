"""Site search that works offline and in Chinese: an index written at build time as static
files, and `theme/static/js/search.js`, which the reader's browser loads on first use."""

from __future__ import annotations

from blogforge.cache import Store
from blogforge.fingerprint import code_fingerprint, hash_text
from blogforge.model import Post
from blogforge.output import StagedOutput
from blogforge.pages import SiteContext
from blogforge.search.index import INDEX_DIR, SearchDocument, build_index, search_document

__all__ = ["INDEX_DIR", "SearchDocument", "build_index", "search_document", "write_search_index"]


def write_search_index(stage: StagedOutput, site: SiteContext, posts: list[Post],
                       store: Store | None = None) -> None:
    """Index every published post and page (newest first) except those with `search: false`.
    A document's term weights are kept in the build cache, so a build weighs only the posts
    whose text changed."""
    def tag_labels(tag: str) -> list[str]:
        return [tag] + [site.label("tags", tag, lang.code) for lang in site.languages]

    documents = [search_document(post, site.urls.path, tag_labels)
                 for post in sorted(posts, key=lambda p: p.sort_key, reverse=True)
                 if post.params.get("search", True) is not False]
    code = code_fingerprint()  # the tokenizer and stemmer are part of what a weight depends on

    def weigh(doc: SearchDocument) -> tuple[dict[str, int], int]:
        key = hash_text(code, doc.title, doc.tags, doc.text)
        known = store.get("search", key) if store is not None else None
        if isinstance(known, list) and len(known) == 2 and isinstance(known[0], dict):
            return known[0], known[1]
        weights, length = doc.weights()
        if store is not None:
            store.put("search", key, [weights, length])
        return weights, length

    for path, text in build_index(documents, weigh).items():
        stage.write(path, text)

"""Site search that works offline and in Chinese: an index written at build time as static
files, and `theme/static/js/search.js`, which the reader's browser loads on first use."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property, partial

from blogforge.cache import Store
from blogforge.config import SiteConfig
from blogforge.fingerprint import hash_text
from blogforge.forks import Aside, with_cache_added
from blogforge.model import Language, Post
from blogforge.output import Received, StagedOutput
from blogforge.pages import SiteContext, site_label
from blogforge.search.index import INDEX_DIR, SearchDocument, doc_date, search_document
from blogforge.search.update import (
    Documents,
    MadeIndex,
    Record,
    Weigher,
    make_index,
    record_of,
    stage_index,
)

__all__ = ["INDEX_DIR", "SearchDocument", "SearchIndex", "Weigher", "search_document",
           "weigh_post"]

# Fewer documents than this are indexed faster than a process is started.
BACKGROUND_DOCUMENTS = 200


def tag_labeller(config: SiteConfig,
                 languages: list[Language]) -> Callable[[str], dict[str, str]]:
    """A tag's label in every language (language code -> label): they and the tag's id all
    find the post; a result shows a label."""
    def labels(tag: str) -> dict[str, str]:
        return {lang.code: site_label(config, "tags", tag, lang.code) for lang in languages}
    return labels


def indexed(post: Post) -> bool:
    """Whether the site's search finds the post: not with `search: false`, nor `unlisted`."""
    return post.params.get("search", True) is not False and not post.unlisted


def shown_dates(post: Post, site: SiteContext) -> dict[str, str]:
    """The post's date as each language's cards show it (`PageContext.date` on that
    language's pages), for its search results on each language's search page."""
    if post.date is None:
        return {}
    return {lang.code: site.strings[lang.code].date(post.date, lang.date_format)
            for lang in site.languages}


def weigh_post(post: Post, tag_labels: Callable[[str], dict[str, str]],
               weigh: Weigher) -> None:
    """Weigh a freshly rendered post now (neither its page URL nor its dates play a part in
    its weights)."""
    if indexed(post):
        assert post.rendered is not None
        weigh(search_document(post, str, tag_labels, post.rendered.search_text, {}))


class SearchIndex:
    """The index of one build: every published post and page (newest first) except those with
    `search: false` and those unlisted. When the whole index is to be made (a first build,
    posts added or removed) on a large site, `start` has a forked process make it while this
    one writes the feeds, the sitemap and the static files, and `write` only stages its
    files; otherwise `write` makes it, most often by patching the last build's (see
    `update`)."""

    def __init__(self, site: SiteContext, posts: list[Post], bodies: list[str],
                 text_of: Callable[[Post], str], store: Store | None, output_key: str,
                 jobs: int) -> None:
        """`bodies`: a digest of each post's body as rendered (`Bodies.made_from`);
        `text_of`: a post's search text (read from the cache for a post that was not
        rendered); `output_key`: what the cache knows the output by."""
        self.store, self.key = store, output_key
        newest_first = [(post, body) for post, body in sorted(
            zip(posts, bodies, strict=True), key=lambda pair: pair[0].sort_key, reverse=True)
            if indexed(post)]
        tag_labels = tag_labeller(site.config, site.languages)
        tags = sorted({tag for post, _ in newest_first for tag in post.tags})
        # (a document's shown dates follow from its moment and the languages' formats, the
        # latter in the index-wide key: each post's dates are formatted only for a document
        # made anew, where formatting them all for every build cost a one-post edit 15 ms)
        date_formats = [(lang.code, lang.date_format, site.strings[lang.code]("date_format"))
                        for lang in site.languages]
        self.docs = Documents(
            [(body, post.path, doc_date(post), post.lang, tuple(post.tags),
              post.date.isoformat() if post.date else None)
             for post, body in newest_first],
            lambda doc_id: search_document(newest_first[doc_id][0], site.urls.path, tag_labels,
                                           text_of(newest_first[doc_id][0]),
                                           shown_dates(newest_first[doc_id][0], site)),
            hash_text(site.urls.base_path, [tag_labels(tag) for tag in tags], date_formats))
        self.weigher = Weigher(store)
        self.jobs = jobs
        self._background: Aside | None = None  # (making the whole index: `start`)
        self._uses: dict[str, list[str]] = {}  # (of the index `write` staged)

    @cached_property
    def _last(self) -> Record | None:
        """The record of the index the last build made for this output, read once: `start`
        and `_make` both ask (260 kB on a 1,000-post blog, each read decoded and checked)."""
        return record_of(self.docs, self.weigher, self.store, self.key)

    def start(self, stage: StagedOutput) -> None:
        """Make the whole index in a forked process, if that is what `write` would do on a
        large site; called once the pages are rendered (their processes and this one at once
        would be the build's peak of memory). Its result files are written into `stage`'s
        incoming folder by that process, which hands over their names, not their bytes (the
        1,000-post benchmark's 6.8 MB were pickled there and unpickled here, both held as the
        process ended: the peak of the build's tail)."""
        if self.jobs > 1 and len(self.docs) >= BACKGROUND_DOCUMENTS and (
                self._last is None or len(self._last.docs) != len(self.docs)):
            self._background = Aside.start(with_cache_added, partial(self._make, stage.receive),
                                           self.store)

    def _make(self, receive: Callable[[bytes], Received] | None = None) -> MadeIndex:
        return make_index(self.docs, self.weigher, self.store, self.key, self._last, receive)

    def write(self, stage: StagedOutput) -> None:
        made = self._background.result() if self._background is not None else None
        if made is not None and self.store is not None:
            self.store.add_pending(made[1])
        files, self._uses = made[0] if made is not None else self._make()
        stage_index(stage, files, self.docs, self.weigher, self.store, self.key)

    def stop(self) -> None:
        """End the process making the index, if one is at work: the build stopped (it writes
        into the staging folder, which goes)."""
        if self._background is not None and not self._background.done:
            self._background.stop()

    def uses(self) -> dict[str, list[str]]:
        """The keys of the cache entries the index written relies on (for `Store.sweep`)."""
        return self._uses


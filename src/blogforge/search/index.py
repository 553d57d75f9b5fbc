"""The search index: built from the posts' rendered text, written as small static JSON files.

Layout under `search-index/` (one index for every language; results are grouped by language in
the browser):

- `meta.json`: the version, the number of shards, and per document its language and length.
- `s/N.json`: shard N, `{term: [doc, weight, doc, weight, …]}` with doc ids delta-encoded. A
  term lives in shard `fnv1a(key) % shards`; the key is the term itself for CJK characters and
  pairs, and a word's first three letters otherwise, so every word a typed prefix can complete
  is in the one shard the prefix names.
- `d/N.json`: document N's URL, title, date (ISO, and as each language's cards show it),
  language, tags (`[id, {language: label}]` each) and text, fetched only for results that are
  shown (for the snippet and to check that a Chinese phrase is really there).

A query therefore downloads meta.json, one shard per term and one file per result shown, never
the whole index.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate
from operator import sub

import orjson

from blogforge.model import FORMULA_END, FORMULA_START, Post
from blogforge.search.terms import STOP_WORDS, is_cjk, term_counts

INDEX_DIR = "search-index/"
_FORMULA = re.compile(f"{FORMULA_START}[^{FORMULA_END}]*{FORMULA_END}")
# A posting's weight is one byte: how often the term is in the body (up to 63), plus a flag for
# the title and one for the tags, which the browser scores well above body mentions: a post
# titled "76. 最小覆盖子串" is the answer to "76", however often other posts mention 76.
BODY_COUNT_CAP = 63
IN_TITLE = 64
IN_TAGS = 128
SHARD_TARGET_BYTES = 24_000  # about 4 KB gzipped: a few shards per query stay well under 300 KB
PREFIX_LENGTH = 3
# A result's file carries at most this much text (a long post stays findable by all of it), so
# that six results stay small: 12,000 CJK characters are 36 KB, about 15 KB gzipped.
FRAGMENT_CHARS = 12_000


def greek_names(text: str) -> str:
    """The names of the Greek letters in `text` ("β-VAE": "beta"), as a reader types them: a
    title's `$\\beta$-VAE` reads β-VAE, and "beta-VAE" found nothing."""
    return " ".join(
        "".join(set(unicodedata.name(char, "").split()) - _NOT_THE_NAME).lower() for char in text
        if "\u0391" <= char <= "\u03c9" or char in "ϵϑϕϱϖ")


_NOT_THE_NAME = {"GREEK", "SMALL", "CAPITAL", "LETTER", "LUNATE", "SYMBOL"}  # (ϵ: epsilon)


@dataclass(frozen=True)
class TagNames:
    """A tag as the search finds and shows it: by its id (`flash-attention`) and by its label
    in each language (site.yaml's `{zh: FlashAttention}`, else the tag as written). A result's
    chip shows a label, never the id, which is an address's word (`search.js`)."""

    id: str
    labels: dict[str, str]  # language code -> label

    def names(self) -> list[str]:
        return list(dict.fromkeys([self.id, *self.labels.values()]))


@dataclass(frozen=True)
class SearchDocument:
    """One searchable post or page, as the browser shows it in a result."""

    url: str  # root-relative, base path included
    title: str
    date: str | None  # ISO date, for the result's <time datetime>
    lang: str
    tags: list[TagNames]  # found by ids and labels of every language, for queries in either
    text: str  # Rendered.search_text: no code blocks; formulas marked, to be left out of terms
    # language -> the date as that language's cards show it (its `date_format`): a result on
    # the search page reads as the cards around it, which the browser's Intl could not match
    shown_dates: dict[str, str] = field(default_factory=dict)

    def weights(self) -> tuple[dict[str, int], int]:
        """Each term's posting weight, and the document's length (terms in its body)."""
        body = term_counts(_FORMULA.sub(" ", self.text))
        # (the counts copied at once and the few over the cap capped after: `min` called for
        # each of a post's thousands of terms was a sixth of weighing it)
        weights = dict(body)
        if max(body.values(), default=0) > BODY_COUNT_CAP:
            for term, n in body.items():
                if n > BODY_COUNT_CAP:
                    weights[term] = BODY_COUNT_CAP
        for terms, flag in ((term_counts(f"{self.title} {greek_names(self.title)}"), IN_TITLE),
                            (term_counts(" ".join(self.tag_names())), IN_TAGS)):
            for term in terms:
                weights[term] = weights.get(term, 0) | flag
        return weights, sum(body.values())

    def tag_names(self) -> list[str]:
        """Every tag's id and labels, each name once."""
        return list(dict.fromkeys(name for tag in self.tags for name in tag.names()))

    def fragment(self) -> dict[str, object]:
        """What the browser downloads to show this document as a result."""
        # (the marks taken out by `replace`: a third of the pattern's time, 1,000 posts' texts)
        text = self.text.replace(FORMULA_START, "").replace(FORMULA_END, "")
        fragment: dict[str, object] = {"url": self.url, "title": self.title, "date": self.date,
                                       "shown": self.shown_dates, "lang": self.lang,
                                       "tags": [[tag.id, tag.labels] for tag in self.tags],
                                       "text": text[:FRAGMENT_CHARS]}
        if len(text) > FRAGMENT_CHARS:
            fragment["cut"] = True  # the index knows the rest; snippets come from the start
        return fragment


def search_document(post: Post, url: Callable[[str], str],
                    tag_labels: Callable[[str], dict[str, str]], text: str,
                    shown_dates: dict[str, str]) -> SearchDocument:
    """What the index holds of a post: its rendered `text`, title, date and tags;
    `shown_dates`: its date as each language's cards show it (`search.shown_dates`)."""
    rendered = post.rendered
    assert rendered is not None, "posts are rendered before they are indexed"
    return SearchDocument(
        url=url(post.path),
        title=rendered.title_text,
        date=doc_date(post),
        lang=post.lang,
        tags=[TagNames(tag, tag_labels(tag)) for tag in dict.fromkeys(post.tags)],
        text=text,
        shown_dates=shown_dates,
    )


def doc_date(post: Post) -> str | None:
    return post.date.date().isoformat() if post.date else None


def shard_key(term: str) -> str:
    return term if is_cjk(term) else term[:PREFIX_LENGTH]


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over UTF-16 code units: the browser hashes its strings the same way."""
    h = 0x811C9DC5
    data = text.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | data[i + 1] << 8
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def dumps(value: object) -> str:
    """An index file's JSON: orjson's, the same bytes as the standard library's for the text,
    integers, lists and dicts an index holds, three times as fast (the whole index of 1,000
    posts, 0.1 s of the build's tail); what orjson refuses (a lone surrogate) the standard
    library writes."""
    try:
        return orjson.dumps(value).decode("utf-8")
    except TypeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def dumped(value: object) -> bytes:
    """`dumps` as the UTF-8 bytes that are written: a result file made in the index's process
    travels so to the build's, which writes it, where its text was decoded from orjson's
    bytes, encoded again for its digest, again to be pickled, decoded from the pickle and
    encoded once more to be written (the benchmark blog's 1,000 files, 6 MB)."""
    try:
        return orjson.dumps(value)
    except TypeError:
        return dumps(value).encode("utf-8")


def shard_count(size: int) -> int:
    """How many shards an index of `size` bytes (the sum of `term_size`) is cut into."""
    return max(1, round(size / SHARD_TARGET_BYTES))


def term_size(term: str, postings: int) -> int:
    """What a term with this many postings adds to a shard, about, in bytes."""
    return len(term) + 4 + postings * 6 if postings else 0


class ShardOf:
    """The shard of a term, for one shard count (a key's hash is worked out once)."""

    def __init__(self, count: int) -> None:
        self.count = count
        self._hashes: dict[str, int] = {}

    def __call__(self, term: str) -> int:
        key = shard_key(term)
        shard = self._hashes.get(key)
        if shard is None:
            shard = self._hashes[key] = fnv1a(key) % self.count
        return shard


def gaps(flat: list[int]) -> list[int]:
    """[doc, weight, doc, weight…] (docs ascending) with each doc id given as the gap from the
    one before: what a shard holds for a term."""
    out = flat[:]
    docs = flat[0::2]
    out[2::2] = map(sub, docs[1:], docs)  # (subtracted in C, not by a list comprehension)
    return out


def encode(postings: dict[int, int]) -> list[int]:
    """doc -> weight as a shard holds it."""
    flat: list[int] = []
    for doc in sorted(postings):
        flat += (doc, postings[doc])
    return gaps(flat)


def decode(flat: list[int]) -> dict[int, int]:
    """A shard's postings of a term as doc -> weight."""
    return dict(zip(accumulate(flat[0::2]), flat[1::2], strict=True))


def meta_text(version: str, shards: int, langs: list[str], lengths: list[int]) -> str:
    """meta.json: what the browser reads first."""
    languages = sorted(set(langs))
    return dumps({
        "version": version,
        "shards": shards,
        "prefix": PREFIX_LENGTH,
        "stopWords": sorted(STOP_WORDS),
        "languages": languages,
        "docLang": [languages.index(lang) for lang in langs],
        "docLength": lengths,
    })


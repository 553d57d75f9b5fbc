"""The index files of a build, made by changing the last build's index where that is less work.

The build cache keeps, per output folder, a record of the index it last wrote: for each document
what it was made from (its source: the digest of its post's body as rendered, its page, date,
language, tags and its date as each language shows it), the keys of its weights and of its result
file, that file's digest and its length; the index size; and each shard's text and digest. A
document whose source is in the record is not even made (its text is neither read nor digested). A
build whose documents are the same ones in the same order, some with new text, patches the postings
of just the terms whose weight changed, in the shards they live in, and makes just those shards, the
changed documents' result files and meta.json. Anything else — documents added, removed or
reordered, many changed, the shard count moving, a record or shard missing or damaged, other code —
builds the index from every document's weights (each kept in the cache by the digest of what it
depends on). Both ways make the same bytes; a file the previous output already holds as it is, is
kept, not written again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from blogforge import cache
from blogforge.cache import Store
from blogforge.fingerprint import code_fingerprint, digest, hash_text, text_digest
from blogforge.output import Received, StagedOutput
from blogforge.search.index import (
    INDEX_DIR,
    SearchDocument,
    ShardOf,
    decode,
    dumped,
    dumps,
    encode,
    gaps,
    meta_text,
    shard_count,
    term_size,
)

KIND = "search-index"  # the record and the shards' texts
WEIGHTS_KIND = "search"  # a document's weights, by `DocKeys.weights`
FORMAT = 3  # of the record: a record of another format is not read
ORIGIN = "the search index"
# Patching costs about a changed document's terms times their postings, building all postings:
# with more documents changed than this (a share of all, or a few on a small site) it is built.
PATCH_SHARE, PATCH_FEW = 0.1, 4

Weights = tuple[dict[str, int], int]  # term -> posting weight, and the document's length


class DocKeys(NamedTuple):
    """Digests of what a document's weights, and its result file, are made from."""

    weights: str
    fragment: str


class Documents:
    """The index's documents in id order, each made from its post only when it is needed: a
    build that finds a document's source in the last build's record knows its keys already."""

    def __init__(self, sources: list[tuple], make: Callable[[int], SearchDocument],
                 site: str) -> None:
        # per document: body digest, page path, date, language, tags, date and time
        self.sources = sources
        self.site = site  # what every document depends on besides its source (base path, labels)
        self._make = make
        self._made: dict[int, SearchDocument] = {}

    def __len__(self) -> int:
        return len(self.sources)

    def __getitem__(self, doc_id: int) -> SearchDocument:
        doc = self._made.get(doc_id)
        if doc is None:
            doc = self._made[doc_id] = self._make(doc_id)
        return doc


def doc_keys(doc: SearchDocument, code: str) -> DocKeys:
    text = text_digest(doc.text)
    # (the tokenizer is in the code)
    return DocKeys(hash_text(code, doc.title, doc.tag_names(), text),
                   hash_text(code, doc.url, doc.title, doc.date, doc.shown_dates, doc.lang,
                             doc.tags, text))


class Weigher:
    """Documents' term weights, kept in the build cache: a build weighs only the documents
    whose text changed (a large cold build weighs them in the processes that render the
    bodies, through `weigh_post`)."""

    def __init__(self, store: Store | None) -> None:
        self.store = store
        self.code = code_fingerprint()  # the tokenizer and stemmer are part of a weight

    def __call__(self, doc: SearchDocument, key: str | None = None) -> Weights:
        key = key or doc_keys(doc, self.code).weights
        return self.known(key) or self._weigh(doc, key)

    def known(self, key: str) -> Weights | None:
        return _weights(self.store.get(WEIGHTS_KIND, key)) if self.store is not None else None

    def each(self, docs: Documents, keys: list[str]) -> Iterator[Weights]:
        """Every document's weights in turn, decoded one at a time (all of them at once
        would take more memory than the index they make)."""
        # (read as stored: orjson reads the bytes, which made into text first it encodes back)
        found = self.store.get_many_stored(WEIGHTS_KIND, keys) if self.store is not None \
            else {}
        for doc_id, key in enumerate(keys):
            stored = found.pop(key, None)
            try:
                known = _weights(cache.decode(stored)) if stored is not None else None
            except ValueError:
                known = None  # a damaged entry is a miss
            yield known or self._weigh(docs[doc_id], key)

    def _weigh(self, doc: SearchDocument, key: str) -> Weights:
        weights = doc.weights()
        if self.store is not None:
            self.store.put_plain(WEIGHTS_KIND, key, list(weights))
        return weights


def _weights(entry: Any) -> Weights | None:
    if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], dict) \
            and isinstance(entry[1], int):
        return entry[0], entry[1]
    return None


@dataclass
class Index:
    """Postings cut into shards: each shard's text, or None where it is the record's."""

    size: int
    texts: list[str | None]
    digests: list[str]
    lengths: list[int]


class Record(NamedTuple):
    """The index the last build made for an output folder."""

    docs: list[list]  # per document: weights key, fragment key, file digest, length, source
    size: int
    digests: list[str]  # per shard
    by_source: dict[tuple, list]  # the documents by their source

    @classmethod
    def load(cls, store: Store | None, key: str, identity: str) -> Record | None:
        data = store.get(KIND, key) if store is not None else None
        try:
            if data["format"] != FORMAT or data["identity"] != identity:
                return None
            docs, digests = data["docs"], data["digests"]
            if all(isinstance(d, list) and len(d) == 5 and isinstance(d[3], int)
                   and all(isinstance(d[i], str) for i in (0, 1, 2)) for d in docs) \
                    and digests and all(isinstance(d, str) for d in digests):
                return cls(docs, int(data["size"]), digests,
                           {_source(d[4]): d for d in docs})
            return None
        except (KeyError, TypeError, ValueError):
            return None  # none, damaged or foreign: the index is built afresh


def _source(stored: list) -> tuple:
    """A source as the record keeps it (JSON) back into the tuple a build makes."""
    body, path, date, lang, tags, moment = stored
    if not all(isinstance(t, str) for t in (body, path, lang, *tags)) \
            or not isinstance(date, str | None) or not isinstance(moment, str | None):
        raise TypeError("not a source")
    return body, path, date, lang, tuple(tags), moment


class IndexFile(NamedTuple):
    path: str
    digest: str
    # the file's bytes, or text, or where the process that made them wrote them; None: as the
    # last build made it (made again only if the output lacks it)
    text: bytes | str | Received | None


class MadeIndex(NamedTuple):
    files: list[IndexFile]
    uses: dict[str, list[str]]  # the cache entries they rely on (kind -> keys, for the sweep)


def record_of(docs: Documents, weigher: Weigher, store: Store | None,
              key: str) -> Record | None:
    """The record of the index last made for the output folder `key`, if it can be used."""
    return Record.load(store, key, _identity(docs, weigher))


def _identity(docs: Documents, weigher: Weigher) -> str:
    """What every document of a record depends on besides its own source."""
    return hash_text(weigher.code, docs.site)


def make_index(docs: Documents, weigher: Weigher, store: Store | None, key: str,
               record: Record | None,
               receive: Callable[[bytes], Received] | None = None) -> MadeIndex:
    """The index files of `docs`, made from `record` (`record_of` the output folder `key`)
    where it can be; the record of them is put in the cache under `key`. What they rely on
    is that record, its shards and each document's weights. `receive` (a process beside the
    build's: `StagedOutput.receive`) writes each result file as it is made, which is then
    named, not held."""
    known = record.by_source if record else {}
    keys = [DocKeys(*known[source][:2]) if source in known else doc_keys(docs[doc_id],
                                                                         weigher.code)
            for doc_id, source in enumerate(docs.sources)]
    index = (_patched(record, _Shards(store, key, record.digests), docs, keys, weigher)
             if record else None) or _built(docs, keys, weigher)

    files: list[IndexFile] = []
    doc_records: list[list] = []
    for doc_id, (source, doc_key) in enumerate(zip(docs.sources, keys, strict=True)):
        old = record.docs[doc_id] if record and doc_id < len(record.docs) else None
        fragment: bytes | Received | None
        if old and old[1] == doc_key.fragment:
            fragment, file_digest = None, old[2]
        else:
            made = dumped(docs[doc_id].fragment())
            fragment = receive(made) if receive is not None else made
            file_digest = fragment.digest if isinstance(fragment, Received) else digest(made)
        files.append(IndexFile(f"{INDEX_DIR}d/{doc_id}.json", file_digest, fragment))
        doc_records.append([doc_key.weights, doc_key.fragment, file_digest,
                            index.lengths[doc_id], source])
    files += [IndexFile(f"{INDEX_DIR}s/{n}.json", index.digests[n], text)
              for n, text in enumerate(index.texts)]
    # the browser fetches every other file with the version: any change must change it
    version = hash_text(index.digests, [d[2] for d in doc_records])[:12]
    meta = meta_text(version, len(index.texts), [source[3] for source in docs.sources],
                     index.lengths)
    files.append(IndexFile(f"{INDEX_DIR}meta.json", digest(meta.encode()), meta))
    if store is None:
        return MadeIndex(files, {})
    for n, text in enumerate(index.texts):
        if text is not None:
            store.put_text(KIND, _shard_key(key, n), text)
    # (text, numbers, lists: written by orjson, 1.3 ms -> 0.2 for 1,000 documents)
    store.put_plain(KIND, key, {"format": FORMAT, "identity": _identity(docs, weigher),
                                "docs": doc_records, "size": index.size,
                                "digests": index.digests})
    return MadeIndex(files, {
        WEIGHTS_KIND: sorted({doc_key.weights for doc_key in keys}),
        KIND: [key, *(_shard_key(key, n) for n in range(len(index.digests)))]})


def stage_index(stage: StagedOutput, files: list[IndexFile], docs: Documents, weigher: Weigher,
                store: Store | None, key: str) -> None:
    """Keep each file the previous output holds as it is; write the others. A file left
    unmade (the same as the last build's) is made again here if the output lacks it: a result
    file from its document, a shard from the cache (or, if the cache lost it, from all the
    weights: the same bytes)."""
    rebuilt: list[Index] = []

    def remade(file: IndexFile) -> bytes | str:
        name = file.path[len(INDEX_DIR):]
        number = int(name[2:-len(".json")])
        if name.startswith("d/"):
            return dumped(docs[number].fragment())
        found = _Shards(store, key, {number: file.digest}).read([number])
        if found is not None:
            return found[number]
        if not rebuilt:
            keys = [doc_keys(docs[doc_id], weigher.code) for doc_id in range(len(docs))]
            rebuilt.append(_built(docs, keys, weigher))
        text = rebuilt[0].texts[number]
        assert text is not None
        return text

    for file in files:
        if isinstance(file.text, Received):  # (written by the index's process: moved in, or
            stage.write_received(file.path, file.text, ORIGIN)  # the previous output's kept)
            continue
        record = stage.previous.get(file.path)
        if record is not None and record.digest == file.digest and stage.keep(file.path, ORIGIN):
            continue
        stage.write(file.path, file.text if file.text is not None else remade(file), ORIGIN)


def _shard_key(key: str, n: int) -> str:
    return f"{key} shard {n}"


class _Shards:
    """Shard texts kept in the cache, read when needed and checked against their digests."""

    def __init__(self, store: Store | None, key: str, digests: list[str] | dict[int, str]) -> None:
        self.store, self.key, self.digests = store, key, digests

    def read(self, numbers: list[int]) -> dict[int, str] | None:
        """The texts of these shards; None when one is missing or damaged."""
        if self.store is None:
            return None
        keys = {_shard_key(self.key, n): n for n in numbers}
        found = self.store.get_many_text(KIND, list(keys))
        texts = {n: found.get(k) for k, n in keys.items()}
        if any(text is None or digest(text.encode()) != self.digests[n]
               for n, text in texts.items()):
            return None
        return texts  # type: ignore[return-value]


def _built(docs: Documents, keys: list[DocKeys], weigher: Weigher) -> Index:
    """The index from every document's weights."""
    postings: dict[str, list[int]] = {}
    lengths: list[int] = []
    for doc_id, (weights, length) in enumerate(weigher.each(docs, [k.weights for k in keys])):
        lengths.append(length)
        # (a term's list looked up once and made at its first document: `setdefault` made a
        # list to throw away for each posting, 690,000 of them for the benchmark's 1,000 posts)
        for term, weight in weights.items():
            flat = postings.get(term)
            if flat is None:
                postings[term] = [doc_id, weight]
            else:
                flat += doc_id, weight
    size = sum(term_size(term, len(flat) // 2) for term, flat in postings.items())
    shard_of = ShardOf(shard_count(size))
    shards: list[dict[str, list[int]]] = [{} for _ in range(shard_of.count)]
    for term in sorted(postings):
        shards[shard_of(term)][term] = gaps(postings[term])
    texts = [dumps(shard) for shard in shards]
    return Index(size, list(texts), [digest(text.encode()) for text in texts], lengths)


def _patched(record: Record, shards: _Shards, docs: Documents, keys: list[DocKeys],
             weigher: Weigher) -> Index | None:
    """The record's index with the postings of the documents whose weights changed replaced;
    None when that is not possible or not worth it."""
    if len(record.docs) != len(docs):
        return None  # documents added or removed: the ids after them all move
    changed = [i for i, (old, new) in enumerate(zip(record.docs, keys, strict=True))
               if old[0] != new.weights]
    if len(changed) > max(PATCH_FEW, PATCH_SHARE * len(docs)):
        return None
    lengths = [old[3] for old in record.docs]
    changes: dict[str, dict[int, int]] = {}  # term -> doc -> its new weight, 0 if none
    for i in changed:
        old = weigher.known(record.docs[i][0])
        if old is None:
            return None
        new, lengths[i] = weigher(docs[i], keys[i].weights)
        for term in old[0].keys() | new.keys():
            if old[0].get(term) != new.get(term):
                changes.setdefault(term, {})[i] = new.get(term, 0)

    shard_of = ShardOf(len(record.digests))
    terms_of: dict[int, list[str]] = {}
    for term in changes:
        terms_of.setdefault(shard_of(term), []).append(term)
    texts = shards.read(sorted(terms_of))
    if texts is None:
        return None
    index = Index(record.size, [None] * shard_of.count, list(record.digests), lengths)
    for n, terms in terms_of.items():
        shard = cache.decode(texts[n])
        for term in terms:
            flat = shard.pop(term, [])
            postings = decode(flat)
            for doc, weight in changes[term].items():
                if weight:
                    postings[doc] = weight
                else:
                    postings.pop(doc, None)
            index.size += term_size(term, len(postings)) - term_size(term, len(flat) // 2)
            if postings:
                shard[term] = encode(postings)
        text = dumps(dict(sorted(shard.items())))
        index.texts[n], index.digests[n] = text, digest(text.encode())
    if shard_count(index.size) != shard_of.count:
        return None  # the terms are cut into another number of shards: all of them change
    return index

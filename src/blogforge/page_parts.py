"""A page whose post's body is large, written and audited as its body is read from the cache
in parts: the body's HTML is never held as one text, nor the page (a 6 MB post's 47 MB of
HTML was 89 MB as text, its page as much again and the audit's copy of it a third: the
build's peak, beside the feed bodies' process).

The page's template is rendered with a placeholder where the body goes; the page's file is
what stands before it, the body's stored bytes, then what stands after it. The theme's
templates show a body as it is (`{{ post.rendered.html }}`, unescaped); a site whose own
templates show bodies has them all read first (`shows_bodies`), and a page that does not
show the placeholder once, as it is, is rendered whole, as any other.
"""

from __future__ import annotations

import codecs
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from blogforge.cache import DamagedEntry, Store
from blogforge.link_checker import facts_in_parts
from blogforge.model import Post
from blogforge.output import Received, StagedOutput

# A post's body of this many characters of Markdown or more has its page written in parts
# (as `bodies.APART_CHARS` has it rendered by a process of its own: its HTML is large).
PAGE_IN_PARTS_CHARS = 1_000_000
PART_BYTES = 1 << 20  # read from the cache, and from the file for the audit, at a time


def new_placeholder() -> str:
    """A text no page holds by chance, standing for a body while its page is rendered."""
    return f"blogforge-body-{secrets.token_hex(16)}"


def in_parts_shown(post: Post) -> bool:
    """Whether the page of a post whose body is in the cache shows it in parts."""
    return post.rendered is not None and len(post.body) >= PAGE_IN_PARTS_CHARS


def written_in_parts(stage: StagedOutput, page: str, placeholder: str, store: Store,
                     kind: str, key: str, audit: bool) -> tuple[Received, str | None] | None:
    """The page (rendered with `placeholder` for its body) written with the body's HTML, the
    cache's entry (`kind`, `key`), in its place, for `stage.write_received`; with its
    `page_facts` when `audit`. None when it cannot be (the placeholder is not in the page once;
    the entry is not in the cache's file, or damaged, or no UTF-8 text): nothing is written,
    and the caller renders the page whole."""
    head, found, tail = page.partition(placeholder)
    if not found or placeholder in tail:
        return None
    body = store.text_in_parts(kind, key, PART_BYTES)
    if body is None:
        return None
    try:
        received = stage.receive_parts(_page_bytes(head, body, tail))
    except (DamagedEntry, OSError):
        return None
    try:  # (read back from the file just written: the page's bytes, from the disk's cache)
        facts = facts_in_parts(_text_of_file(received.path)) if audit else None
    except UnicodeDecodeError:  # (written whole, the page would not have been either)
        os.unlink(received.path)
        return None
    return received, facts


def _page_bytes(head: str, body: Iterator[bytes], tail: str) -> Iterator[bytes]:
    yield head.encode("utf-8")
    yield from body
    yield tail.encode("utf-8")


def _text_of_file(path: str) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as file:
        while data := file.read(PART_BYTES):
            yield decoder.decode(data)
    yield decoder.decode(b"", final=True)


@contextmanager
def placeholder_shown(post: Post, placeholder: str) -> Iterator[None]:
    """The post's body stands as `placeholder` while its page is rendered."""
    assert post.rendered is not None
    post.rendered.html = placeholder
    try:
        yield
    finally:
        post.rendered.html = ""  # (as `Bodies.html_shown` leaves it: read from the cache)

"""Reading a WordPress export (WXR: RSS 2.0 with WordPress's `wp:`, `content:`, `excerpt:` and
`dc:` elements), one item at a time.

The file is read in pieces by expat, never whole: an export of ten years of posts and their
pictures' records can be hundreds of megabytes. A WordPress export declares no entities, so a
file that declares any is refused before one is used: entities are how a hostile XML file
expands to gigabytes ("billion laughs") or reads files of the computer (external entities);
expat fetches none of its own, and recent ones cap expansion too, but the refusal does not
depend on which expat Python was built with.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

_CHUNK = 1 << 16


class ExportError(Exception):
    """The file is not an export that can be read: said with its line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class Term:
    """A category (with its parent's nicename, "" at the top) or a tag, as the channel lists
    them before the items."""

    kind: str  # "category" or "post_tag"
    nicename: str  # as WordPress stores it: percent-encoded for non-ASCII names
    name: str
    parent: str = ""


@dataclass
class Item:
    """One `<item>`: a post, page, attachment, menu entry or revision."""

    line: int
    fields: dict[str, str] = field(default_factory=dict)  # `wp:post_type` → `post`
    terms: list[tuple[str, str, str]] = field(default_factory=list)  # (domain, nicename, name)
    comments: int = 0
    meta: dict[str, str] = field(default_factory=dict)  # postmeta: `_thumbnail_id` → `13`

    def get(self, name: str) -> str:
        return self.fields.get(name, "")


@dataclass
class Channel:
    """The blog's own elements: `title`, `link`, `language`, `wp:base_blog_url`…"""

    fields: dict[str, str] = field(default_factory=dict)
    terms: list[Term] = field(default_factory=list)
    authors: dict[str, str] = field(default_factory=dict)  # login → the name shown


def read_export(path: Path, channel: Channel) -> Iterator[Item]:
    """The items of the export at `path`, in order, as they are read; `channel` is filled with
    the blog's own elements and terms as they come (all before the first item, as WordPress
    writes them). ExportError for XML that is broken (at its line), declares entities, or is
    no RSS."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[str] = []
    text: list[str] = []
    items: list[Item] = []
    item: Item | None = None
    term: dict[str, str] | None = None
    category: tuple[str, str] | None = None  # an item's (domain, nicename) being read
    meta_key = ""  # the key of the item's `<wp:postmeta>` being read

    def refuse_entities(name: str, *_args: object) -> None:
        raise ExportError(parser.CurrentLineNumber, f"it declares the entity `{name}`, and a "
                          "WordPress export declares none: refused (entities are how a "
                          "hostile XML file expands without end or reads this computer's "
                          "files)")

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal item, term, category
        if not stack and name != "rss":
            raise ExportError(parser.CurrentLineNumber, f"it is `<{name}>`, not RSS: not a "
                              "WordPress export (Tools → Export writes an RSS file)")
        stack.append(name)
        text.clear()
        if name == "item" and len(stack) == 3:
            item = Item(parser.CurrentLineNumber)
        elif item is not None and name == "category" and len(stack) == 4:
            category = (attributes.get("domain", "category"), attributes.get("nicename", ""))
        elif item is not None and name == "wp:comment" and len(stack) == 4:
            item.comments += 1
        elif item is None and name in ("wp:category", "wp:tag", "wp:term", "wp:author") \
                and len(stack) == 3:
            term = {"kind": name}

    def end(name: str) -> None:
        nonlocal item, term, category, meta_key
        value = "".join(text)
        text.clear()
        depth = len(stack)
        stack.pop()
        if item is not None:
            if depth == 3:
                items.append(item)
                item = None
            elif depth == 4 and category is not None:
                item.terms.append((*category, value.strip()))
                category = None
            elif depth == 5 and stack[-1] == "wp:postmeta":
                if name == "wp:meta_key":
                    meta_key = value.strip()
                elif name == "wp:meta_value" and meta_key:
                    item.meta[meta_key] = value
            elif depth == 4 and name != "wp:postmeta":
                item.fields[name] = value
        elif term is not None:
            if depth == 3:
                _add_term(channel, term)
                term = None
            else:
                term[name] = value.strip()
        elif depth == 3:
            channel.fields[name] = value.strip()

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text.append
    parser.EntityDeclHandler = refuse_entities
    parser.UnparsedEntityDeclHandler = refuse_entities
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                parser.Parse(chunk, False)
                yield from items
                items.clear()
            parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise ExportError(exc.lineno, f"broken XML: {expat.ErrorString(exc.code)} (column "
                          f"{exc.offset + 1})") from None
    yield from items
    if not channel.fields and not channel.terms:
        raise ExportError(1, "it has no `<channel>`: not a WordPress export")


def _add_term(channel: Channel, read: dict[str, str]) -> None:
    """A channel's `wp:category`, `wp:tag` or (WXR 1.2) `wp:term` of those taxonomies, or
    `wp:author`."""
    if read["kind"] == "wp:author":
        login = read.get("wp:author_login", "")
        if login:
            channel.authors[login] = read.get("wp:author_display_name", "") or login
    elif read["kind"] == "wp:category":
        channel.terms.append(Term("category", read.get("wp:category_nicename", ""),
                                  read.get("wp:cat_name", ""),
                                  read.get("wp:category_parent", "")))
    elif read["kind"] == "wp:tag":
        channel.terms.append(Term("post_tag", read.get("wp:tag_slug", ""),
                                  read.get("wp:tag_name", "")))
    elif read.get("wp:term_taxonomy") in ("category", "post_tag"):
        channel.terms.append(Term(read["wp:term_taxonomy"], read.get("wp:term_slug", ""),
                                  read.get("wp:term_name", ""), read.get("wp:term_parent", "")))

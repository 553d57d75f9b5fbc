"""Where each post and page of a WordPress export is written, and links to them.

The files are named on the first reading of the export, so that a post can link to one that
comes after it: a link in a post to the old blog's own post (`https://old.cn/blog/2015/03/vae/`,
`/blog/?p=12`) becomes a link to that post's file (`vae.md`), which the build turns into the
post's page wherever the new site is; links to the blog's uploads and to other pages of it
(categories, tags) stay as written.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from blogforge.importer.pages import generated_page
from blogforge.importer.wordpress_xml import Item
from blogforge.urls import slugify

# Items that are not carried over, by their status
SKIPPED_STATUSES = {"trash": "posts in the trash", "auto-draft": "automatic drafts",
                    "inherit": "revisions"}


def old_address(item: Item, status: str, blog_path: str) -> tuple[str, str]:
    """The path the item was published at below the blog's own (`/2015/03/vae/`), "" for a
    draft or one under a query (`/?p=12`, which a static site cannot serve), and that query."""
    if status in ("draft", "pending"):
        return "", ""
    parts = urlsplit(item.get("link").strip())
    if parts.query:
        return "", parts.query
    path = unquote(parts.path)
    if blog_path and path.startswith(blog_path + "/"):
        path = path[len(blog_path):]
    return (path if path.strip("/") else ""), ""


@dataclass
class OwnFiles:
    """The file of each post and page the import writes, by the item's line and by the
    addresses it had on the old blog."""

    host: str  # the old blog's host, without `www.`
    blog_path: str  # `/blog`, or "" at the host's root
    by_line: dict[int, str] = field(default_factory=dict)  # → `content/posts/vae.md`
    by_address: dict[str, str] = field(default_factory=dict)  # `/2015/03/vae` → file
    by_id: dict[str, str] = field(default_factory=dict)  # post id → file
    taken: set[str] = field(default_factory=set)

    def plan(self, item: Item) -> None:
        """Name the file of `item` if the import writes it (a post or page not in the
        trash, and not at an address where blogforge makes a page of its own)."""
        kind, status = item.get("wp:post_type"), item.get("wp:status")
        if kind not in ("post", "page") or status in SKIPPED_STATUSES:
            return
        old, _ = old_address(item, status, self.blog_path)
        slug = unquote(item.get("wp:post_name").strip())
        title = item.get("title").strip()
        if kind == "page" and status not in ("draft", "pending") and generated_page(
                old.lstrip("/") or f"{slugify(slug) or slugify(title)}/") is not None:
            return
        base = slugify(slug) or slugify(title) or f"{kind}-{item.get('wp:post_id')}"
        stem = f"{'content/posts' if kind == 'post' else 'content'}/{base}"
        name, number = f"{stem}.md", 2
        while name in self.taken:
            name, number = f"{stem}-{number}.md", number + 1
        self.taken.add(name)
        self.by_line[item.line] = name
        self.by_id[item.get("wp:post_id").strip()] = name
        if old:
            self.by_address[old.rstrip("/")] = name

    def link(self, href: str, here: str) -> str | None:
        """`href`, a link in the file `here`, as a link to the file of the old blog's post
        it leads to (relative, its #fragment kept); None for any other address."""
        parts = urlsplit(href.strip())
        if parts.scheme not in ("", "http", "https") or (
                not parts.netloc and not parts.path.startswith("/")):
            return None
        if parts.netloc and _bare(parts.hostname or "") != self.host:
            return None
        path = unquote(parts.path)
        if self.blog_path:
            if path != self.blog_path and not path.startswith(self.blog_path + "/"):
                return None
            path = path[len(self.blog_path):]
        query = parse_qs(parts.query)
        number = next((query[key][0] for key in ("p", "page_id") if key in query), None)
        if number is not None and not path.strip("/"):
            target = self.by_id.get(number)
        else:
            target = self.by_address.get(path.rstrip("/")) if path.strip("/") else None
        if target is None:
            return None
        relative = posixpath.relpath(target, posixpath.dirname(here))
        return relative + (f"#{unquote(parts.fragment)}" if parts.fragment else "")


def _bare(host: str) -> str:
    return host.lower().removeprefix("www.")

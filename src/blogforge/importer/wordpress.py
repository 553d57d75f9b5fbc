"""WordPress: the export file of Tools → Export (WXR), self-hosted or WordPress.com.

Each post becomes `content/posts/<slug>.md`, each page `content/<slug>.md`, with front matter
from the item (title, date and updated with their time zone, tags, categories as Hexo writes
nested ones, slug) and the old address as its `permalink`, so that links to the old blog keep
working once the domain points at the new site. Drafts (and pending posts) are `draft: true`;
private and password-protected posts are written `published: false` and listed: WordPress
showed them to few. The content becomes Markdown (wordpress_html.py). Attachments, menus,
revisions and comments are counted in the report, not carried over; pictures stay at their
old addresses, counted, for the writer to bring over (README).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from blogforge.content.loader import prose_language
from blogforge.diagnostics import counted
from blogforge.importer import (
    ImportFailure,
    Note,
    Site,
    offset_text,
    timezone,
    yaml_flow,
    yaml_key,
)
from blogforge.importer.pages import generated_page
from blogforge.importer.wordpress_links import SKIPPED_STATUSES, OwnFiles, old_address
from blogforge.importer.wordpress_xml import Channel, ExportError, Item, Term, read_export
from blogforge.language_codes import base_language
from blogforge.urls import slugify

_NO_DATE = "0000-00-00 00:00:00"
_SKIPPED_TYPES = {"nav_menu_item": "menu entries", "revision": "revisions",
                  "wp_block": "reusable blocks", "wp_navigation": "navigation menus",
                  "wp_global_styles": "theme styles", "custom_css": "custom CSS",
                  "wp_template": "block templates", "wp_template_part": "block templates",
                  "oembed_cache": "embed caches", "customize_changeset": "customizer drafts"}


@dataclass
class _Found:
    """What the first reading of the export found: the channel, and the names taken."""

    channel: Channel = field(default_factory=Channel)
    offsets: Counter = field(default_factory=Counter)  # seconds ahead of UTC → posts
    attachments: dict[str, str] = field(default_factory=dict)  # post id → file's URL
    files: OwnFiles | None = None  # where each post and page is written
    writers: Counter = field(default_factory=Counter)  # `dc:creator` login → posts, pages


def check(src: Path) -> None:
    if not src.is_file():
        raise ImportFailure(f"{src} is not a file: give the .xml file WordPress's Tools → "
                            "Export wrote")


def run(site: Site) -> None:
    """Read the export twice, streaming: first to check all of it (a broken file writes
    nothing) and learn its terms, then to write each item."""
    found = _Found()
    written = 0
    try:
        for item in read_export(site.src, found.channel):
            if found.files is None:  # (the channel's elements come before the items)
                found.files = OwnFiles(_bare_host(found.channel), _blog_path(found.channel))
            found.files.plan(item)
            kind = item.get("wp:post_type")
            written += kind in ("post", "page")
            if kind in ("post", "page") and item.get("dc:creator").strip():
                found.writers[item.get("dc:creator").strip()] += 1
            if kind == "attachment" and item.get("wp:attachment_url").strip():
                found.attachments[item.get("wp:post_id").strip()] = item.get(
                    "wp:attachment_url").strip()
            offset = _offset(item)
            if offset is not None and kind == "post":
                found.offsets[offset] += 1
    except ExportError as exc:
        raise ImportFailure(f"{site.src}:{exc.line}: {exc}: nothing imported") from None
    except OSError as exc:
        raise ImportFailure(f"{site.src} could not be read: {exc}") from None
    if not written:
        raise ImportFailure(f"{site.src} holds no post or page (`<item>` with "
                            "`<wp:post_type>post</wp:post_type>`): not a WordPress export, or "
                            "one of something else (Tools → Export → All content)")
    channel = found.channel
    _settings(site, channel, found.offsets)
    names = {login: channel.authors.get(login, login) for login in found.writers}
    if len(set(names.values())) == 1:  # (one writer: the site's; several: each post's own)
        site.set("author", next(iter(names.values())), f"{site.src.name}: the export's "
                 "<wp:author>")
        names = {}
    categories = {term.nicename: term for term in channel.terms if term.kind == "category"}
    assert found.files is not None  # (there were items)
    writer = _Writer(site, categories, found.files,
                     str(site.settings.get("default_language", ("", ""))[0]),
                     found.attachments, names)
    for item in read_export(site.src, Channel()):
        writer.item(item)
    writer.report()


def _settings(site: Site, channel: Channel, offsets: Counter) -> None:
    origin = f"{site.src.name}: the export's <channel>"
    site.set("title", channel.fields.get("title"), origin)
    description = channel.fields.get("description", "")
    if description and description != "Just another WordPress site":
        site.set("description", description, origin)
    address = channel.fields.get("wp:base_blog_url") or channel.fields.get("link", "")
    if address:
        site.set("base_url", address.rstrip("/") + "/", origin)
    language = channel.fields.get("language", "")
    if language:
        code = language.split("-")[0].lower()
        site.set("default_language", code, origin)
    if offsets:
        seconds = offsets.most_common(1)[0][0]
        zone = _zone(seconds, language)
        if zone:
            timezone(site, zone, f"the offset of most posts' times (post_date − "
                     f"post_date_gmt, UTC{offset_text(seconds)})"
                     + ("" if "/" in zone and not zone.startswith("Etc/") else
                        ": name your own zone instead (Europe/Berlin)"))
        if len(offsets) > 1:
            site.note("", None, "the posts' times are at more than one offset from UTC ("
                      + ", ".join(offset_text(s) for s in sorted(offsets)) + "): each post "
                      "keeps its own; set `timezone` in site.yaml to your zone's name")


# The zone a Chinese, Japanese or Korean blog at its country's offset was written in (none
# of them changes its clocks in summer, so the offset tells it)
_ZONES = {(8 * 3600, "zh-cn"): "Asia/Shanghai", (8 * 3600, "zh"): "Asia/Shanghai",
          (8 * 3600, "zh-tw"): "Asia/Taipei", (8 * 3600, "zh-hk"): "Asia/Hong_Kong",
          (9 * 3600, "ja"): "Asia/Tokyo", (9 * 3600, "ko"): "Asia/Seoul",
          (9 * 3600, "ko-kr"): "Asia/Seoul", (9 * 3600, "ja-jp"): "Asia/Tokyo"}


def _zone(seconds: int, language: str) -> str:
    """The time zone of posts written `seconds` ahead of UTC on a blog in `language`: its
    country's where the language tells it, else the fixed-offset `Etc/GMT±N` zone (whose sign
    is the other way round); "" for an offset of no whole hours."""
    zone = _ZONES.get((seconds, language.lower()))
    if zone:
        return zone
    if not seconds:
        return "UTC"
    hours = seconds / 3600
    if hours != int(hours):
        return ""
    return f"Etc/GMT{'-' if hours > 0 else '+'}{abs(int(hours))}"


def _blog_path(channel: Channel) -> str:
    """The path the blog was at on its host (`/blog` for `https://x.cn/blog/`; "" at the
    root): the old URLs below it are the new site's paths."""
    address = channel.fields.get("wp:base_blog_url") or channel.fields.get("link", "")
    return urlsplit(address).path.rstrip("/")


def _bare_host(channel: Channel) -> str:
    """The old blog's host, without `www.` (`notes.lin.cn`)."""
    address = channel.fields.get("wp:base_blog_url") or channel.fields.get("link", "")
    return (urlsplit(address).hostname or "").removeprefix("www.")


def _offset(item: Item) -> int | None:
    """The seconds by which the post's local time was ahead of UTC; None without both."""
    local, gmt = _moment(item.get("wp:post_date")), _moment(item.get("wp:post_date_gmt"))
    return int((local - gmt).total_seconds()) if local and gmt else None


def _moment(text: str) -> datetime | None:
    text = text.strip()
    if not text or text == _NO_DATE:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def _stamp(local: datetime, offset: int | None) -> str:
    """`2015-03-01T20:00:00+08:00`: the time as the writer saw it, with its offset."""
    if offset is None:
        return local.isoformat(" ")
    return f"{local.isoformat()}{offset_text(offset)}"


class _Writer:
    def __init__(self, site: Site, categories: dict[str, Term], files: OwnFiles,
                 language: str, attachments: dict[str, str],
                 writers: dict[str, str]) -> None:
        self.site = site
        self.writers = writers  # login → the name shown, on a blog of several writers
        self.attachments_at = attachments
        self.language = language
        self.categories = categories
        self.files = files
        self.skipped: Counter = Counter()
        self.attachments = 0
        self.comments = 0
        self.pictures_left: Counter = Counter()  # host → pictures
        self.pictures_seen: set[str] = set()

    def item(self, item: Item) -> None:
        kind = item.get("wp:post_type")
        if kind == "attachment":
            self.attachments += 1
            return
        if kind not in ("post", "page"):
            self.skipped[_SKIPPED_TYPES.get(kind, f"items of type `{kind}`")] += 1
            return
        status = item.get("wp:status")
        if status in SKIPPED_STATUSES:
            self.skipped[SKIPPED_STATUSES[status]] += 1
            return
        self.write(item, kind, status)

    def note(self, item: Item, message: str) -> None:
        title = item.get("title").strip() or f"#{item.get('wp:post_id')}"
        self.site.notes.append(Note("", item.line, f"《{title}》: {message}"))

    def write(self, item: Item, kind: str, status: str) -> None:
        from blogforge.importer.wordpress_html import to_markdown

        front: dict[str, object] = {"title": item.get("title").strip()}
        offset = _offset(item)
        local = _moment(item.get("wp:post_date"))
        if local is not None and status not in ("draft", "pending"):
            front["date"] = _stamp(local, offset)
            modified = _moment(item.get("wp:post_modified"))
            if modified is not None and modified > local:
                front["updated"] = _stamp(modified, _offset_of_modified(item, offset))
        slug = unquote(item.get("wp:post_name").strip())
        if slug:
            front["slug"] = slug
        if kind == "post":
            tags, categories = self.terms(item)
            if tags:
                front["tags"] = tags
            if categories:
                front["categories"] = categories[0] if len(categories) == 1 else categories
        old = self.old_path(item, status)
        if old:
            front["permalink"] = old
        writer = self.writers.get(item.get("dc:creator").strip())
        if writer:
            front["author"] = writer
        cover = self.featured_image(item)
        if cover:
            front["cover"] = cover
        if item.get("wp:is_sticky").strip() == "1":
            front["pinned"] = True
        if kind == "page" and status not in ("draft", "pending"):
            url = old.lstrip("/") or f"{slugify(slug) or slugify(front['title'])}/"
            what = generated_page(url)
            if what is not None:  # (the build would stop at the clash)
                self.note(item, f"not imported: /{url} is {what}, which blogforge makes "
                          "itself")
                return
        if status in ("draft", "pending"):
            front["draft"] = True
        elif status == "private" or item.get("wp:post_password"):
            front["published"] = False
            why = "private" if status == "private" else "password-protected"
            self.site.held_back[("", item.line)] = f"《{front['title']}》 ({why})"
        elif status == "future":
            self.note(item, "scheduled on WordPress: it is published when the build's time "
                      "reaches its date")
        target = self.files.by_line[item.line]  # (named on the first reading)

        def link(href: str) -> str | None:
            return self.files.link(href, target)

        excerpt = item.get("excerpt:encoded").strip()
        if excerpt:
            front["summary"] = to_markdown(excerpt, link).markdown.strip()
        converted = to_markdown(item.get("content:encoded"), link)
        lang = prose_language(f"{front['title']}\n{converted.markdown}")
        if lang and base_language(lang) != self.language:  # (the build would warn)
            front["lang"] = base_language(lang)
        if converted.as_html:
            self.note(item, "its HTML nests tags too deep to be made Markdown (unclosed "
                      "`<span>`s or `<div>`s, hundreds deep): kept as HTML; close them to "
                      "import it as Markdown")
        for shortcode in converted.shortcodes:
            self.note(item, f"shortcode `{shortcode}` left as written: blogforge has none; "
                      "replace it (a link, a picture, a code block)")
        if "<!--nextpage-->" in item.get("content:encoded"):
            self.note(item, "`<!--nextpage-->` split it into pages on WordPress: it is one page")
        self.count_pictures(converted.pictures + ([cover] if cover else []))
        self.comments += item.comments
        text = "---\n" + "".join(f"{yaml_key(key)}: {yaml_flow(value)}\n"
                                 for key, value in front.items()) + "---\n\n"
        path = self.site.dest / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + converted.markdown, encoding="utf-8")
        if kind == "post":
            self.site.posts += 1
        else:
            self.site.pages += 1

    def terms(self, item: Item) -> tuple[list[str], list[list[str]]]:
        """The post's tag names, and its categories as Hexo writes nested ones (`[ML, GAN]`:
        GAN in ML), a category whose child the post is in too left out."""
        tags = list(dict.fromkeys(name for domain, _, name in item.terms
                                  if domain == "post_tag" and name))
        chains = []
        for domain, nicename, name in item.terms:
            if domain != "category" or not name:
                continue
            chain, seen = [name], {nicename}
            parent = self.categories.get(nicename, Term("", "", "")).parent
            while parent and parent in self.categories and parent not in seen:
                seen.add(parent)
                chain.insert(0, self.categories[parent].name)
                parent = self.categories[parent].parent
            chains.append(chain)
        chains = [chain for chain in chains
                  if not any(other != chain and other[:len(chain)] == chain for other in chains)]
        if chains == [["Uncategorized"]] or chains == [["未分类"]]:
            chains = []  # (WordPress's default, which a writer never chose)
        return tags, list(map(list, dict.fromkeys(map(tuple, chains))))

    def old_path(self, item: Item, status: str) -> str:
        """The path the item was published at, below the blog's own: "" for a draft, or an
        address a static site cannot serve (`/?p=12`, noted)."""
        path, query = old_address(item, status, self.files.blog_path)
        if query:
            self.note(item, f"its old address `{item.get('link').strip()}` (WordPress's plain "
                      "permalinks) cannot be kept by a static site: it gets a new one")
        return path

    def featured_image(self, item: Item) -> str:
        """The URL of the post's featured image (its `_thumbnail_id`, an attachment of the
        export); "" without one, or one whose attachment the export lacks (noted)."""
        number = item.meta.get("_thumbnail_id", "").strip()
        if not number:
            return ""
        address = self.attachments_at.get(number, "")
        if not address:
            self.note(item, f"its featured image (attachment #{number}) is not in the export: "
                      "no `cover`; set one")
        return address

    def count_pictures(self, pictures: list[str]) -> None:
        for address in pictures:
            host = urlsplit(address).hostname
            if address in self.pictures_seen:
                continue  # (one file, however many posts show it)
            self.pictures_seen.add(address)
            if host and ("/wp-content/uploads/" in address or host.endswith(
                    ("files.wordpress.com", "wp.com"))):
                self.pictures_left[host] += 1

    def report(self) -> None:
        site = self.site
        if site.held_back:
            site.held_reason = ("WordPress showed private posts only to its editors and "
                                "password-protected ones only with the password (which is not "
                                "carried over); their text is in the new site's files: keep its "
                                "repository private, or delete them")
            site.held_written = "each is written `published: false`"
        if self.pictures_left:
            hosts = ", ".join(f"{host} ({count:,})" for host, count in
                              self.pictures_left.most_common())
            site.note("", None, f"{counted(sum(self.pictures_left.values()), 'picture')} "
                      f"still on the old blog ({hosts}), linked at their old addresses: "
                      "they show while it is up, and break when its address leads to the new "
                      "site; copy its wp-content/uploads folder (from the server, or a backup) "
                      "into static/wp-content/uploads/ and the same addresses lead to the "
                      "copies (`blogforge check` names any still missing)")
        if self.attachments:
            site.note("", None, f"{counted(self.attachments, 'attachment')} (the media "
                      "library's records): not carried over, the files stay on the old host")
        if self.comments:
            site.note("", None, f"{counted(self.comments, 'comment')}: not carried over "
                      "(blogforge's `comments` in site.yaml sets up giscus, Waline or Twikoo "
                      "for new ones)")
        for what, count in self.skipped.items():
            site.note("", None, f"{what} ({count:,}): not carried over")


def _offset_of_modified(item: Item, offset: int | None) -> int | None:
    local, gmt = _moment(item.get("wp:post_modified")), _moment(
        item.get("wp:post_modified_gmt"))
    return int((local - gmt).total_seconds()) if local and gmt else offset

"""Feeds: the XML they are written as, and links in their entries made absolute."""

from __future__ import annotations

import os
import random
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import feedparser
import pytest
from conftest import messages

from blogforge.config import describe
from blogforge.feeds import FeedInfo, SitemapEntry, atom_feed, rss_feed, sitemap
from blogforge.markdown.html_urls import rewrite_urls
from blogforge.model import Post
from blogforge.urls import UrlBuilder

ATOM = "{http://www.w3.org/2005/Atom}"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d4944415478da63f8cf00000301010018dd8db00000000049454e44ae426082")
SITE = "base_url: https://user.github.io/repo/\nfeeds: {rss: true}\n"


def feed_html(site, body: str) -> str:
    site.write("site.yaml", SITE)
    site.post("b/index.md", "B", body=body)
    result = site.build()
    assert result.written, messages(result)
    # The raw entry, not feedparser's: it drops what it does not allow (srcset, <picture>).
    return ET.fromstring(site.read("atom.xml").encode()).find(f"{ATOM}entry/{ATOM}content").text


def test_raw_html_attributes_are_made_absolute_but_prose_is_not_touched(site):
    html = feed_html(site, """
        Write `href='x.html'` in a link, or just say href='x.html' here.

        <picture><source srcset="wide.png 2x, narrow.png 1x"><img src="fig.png" alt="f"></picture>
        <video poster="/cover.jpg" src="clip.mp4"></video>
        <a href="/posts/b/?v=2#part">part</a> <a href="/%E4%B8%AD/">中</a>
        """)
    assert "href='x.html'" in html  # prose and code, exactly as written, twice
    assert html.count("x.html") == 2 and "https://user.github.io/repo/posts/b/x.html" not in html
    base = "https://user.github.io/repo/posts/b/"
    assert f'srcset="{base}wide.png 2x, {base}narrow.png 1x"' in html
    assert f'src="{base}fig.png"' in html and f'src="{base}clip.mp4"' in html
    assert 'poster="https://user.github.io/repo/cover.jpg"' in html
    # written for the site root: the path goes under the base path, query and fragment stay
    assert 'href="https://user.github.io/repo/posts/b/?v=2#part"' in html
    assert 'href="https://user.github.io/repo/%E4%B8%AD/"' in html


def test_url_rewriting_keeps_the_rest_of_the_tag_byte_for_byte():
    markup = ("<svg viewBox='0 0 1 1'><image href='i.png' preserveAspectRatio=none/></svg>"
              '<!-- <a href="c.html"> --><script>let a = "<a href=s.html>";</script>'
              '<img srcset="data:image/png;base64,AA,BB 1x, b.png 2x" data-x="k.png">')
    out = rewrite_urls(markup, lambda url: "/abs/" + url)
    assert out == ("<svg viewBox='0 0 1 1'><image href='/abs/i.png' preserveAspectRatio=none/>"
                   '</svg><!-- <a href="c.html"> --><script>let a = "<a href=s.html>";</script>'
                   '<img srcset="/abs/data:image/png;base64,AA,BB 1x, /abs/b.png 2x" '
                   'data-x="k.png">')


def test_feeds_leave_the_process_wide_xml_prefixes_alone(site):
    # ElementTree keeps one table of namespace prefixes for the whole process: other code (or
    # another thread) that chose a prefix must get it still after a build wrote feeds.
    saved = dict(ET._namespace_map)
    try:
        ET.register_namespace("a", ATOM[1:-1])
        ET.register_namespace("sm", "http://www.sitemaps.org/schemas/sitemap/0.9")
        site.write("site.yaml", SITE)
        site.post("a.md", "A")
        assert site.build().written
        assert ET.tostring(ET.Element(f"{ATOM}x")).startswith(b"<a:x ")
        assert ET.tostring(ET.Element("{http://www.sitemaps.org/schemas/sitemap/0.9}x")
                           ).startswith(b"<sm:x ")
    finally:
        ET._namespace_map.clear()
        ET._namespace_map.update(saved)
    root = ET.fromstring(site.read("atom.xml").encode())
    assert root.tag == f"{ATOM}feed" and root.find(f"{ATOM}entry/{ATOM}title").text == "A"
    rss = site.read("rss.xml")
    assert 'xmlns:atom="http://www.w3.org/2005/Atom"' in rss and "<atom:link " in rss
    sitemap = ET.fromstring(site.read("sitemap.xml").encode())
    assert sitemap.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"


def test_a_sitemap_reads_back_every_address_date_and_language_it_names():
    """The sitemap is written as text, not as a tree: what it names is escaped as XML wants,
    a host's `&` and a language's quote, tab or line break too, and an empty one is one."""
    urls = UrlBuilder("https://r&d.example/")
    odd = 'x"<&>\t\n\r'
    entries = [SitemapEntry("posts/中/", datetime(2024, 5, 1, 8, tzinfo=UTC),
                            {"zh-CN": "posts/中/", odd: "en/a&b/"}),
               SitemapEntry("about/", None, {})]
    urlset = ET.fromstring(sitemap(entries, urls))
    sm, xhtml = "{http://www.sitemaps.org/schemas/sitemap/0.9}", "{http://www.w3.org/1999/xhtml}"
    assert [url.findtext(f"{sm}loc") for url in urlset] == [
        "https://r&d.example/posts/%E4%B8%AD/", "https://r&d.example/about/"]
    assert [url.findtext(f"{sm}lastmod") for url in urlset] == ["2024-05-01T08:00:00+00:00", None]
    assert [(link.get("hreflang"), link.get("href")) for link in urlset.iter(f"{xhtml}link")] == [
        ("zh-CN", "https://r&d.example/posts/%E4%B8%AD/"), (odd, "https://r&d.example/en/a%26b/")]
    empty = ET.fromstring(sitemap([], urls))
    assert empty.tag == f"{sm}urlset" and len(empty) == 0


def test_a_feed_without_entries_is_as_new_as_the_site(site):
    """Atom requires a feed's `updated`: not 1970. A site without posts: when its files last
    changed; an empty language beside one with posts: the site's newest post."""
    site.write("site.yaml", "title: T\nbase_url: https://u.github.io/repo/\n")
    site.write("content/about.md", "---\ntitle: 关于\n---\n关于。\n")
    for path in (site.root / "site.yaml", site.root / "content/about.md", site.root / "content"):
        os.utime(path, (1_700_000_000, 1_700_000_000))  # 2023-11-14T22:13:20Z
    assert site.build().written
    assert ET.fromstring(site.read("atom.xml").encode()).findtext(f"{ATOM}updated") == \
        "2023-11-14T22:13:20+00:00"

    site.write("site.yaml", "title: T\nbase_url: https://u.github.io/repo/\n"
                            "languages: {zh: {}, en: {show_untranslated_from: []}}\n")
    site.post("a.md", "甲", date="2024-05-01 08:00:00+08:00", lang="zh")
    assert site.build().written
    assert ET.fromstring(site.read("en/atom.xml").encode()).findtext(f"{ATOM}updated") == \
        "2024-05-01T08:00:00+08:00"


def test_rss_option_help_names_the_file_the_build_writes(site):
    help_text = {key: text for key, _, text in describe()}["feeds.rss"]
    named = re.findall(r"[\w-]+\.xml", help_text)
    site.write("site.yaml", SITE)
    site.post("a.md", "A")
    assert site.build().written
    assert named and all(site.exists(name) for name in named)


def test_url_rewriting_finds_a_tag_behind_prose_that_looks_like_an_attribute():
    def absolute(url: str) -> str:
        return url if "://" in url else "https://x.org/" + url

    done = '<a href="https://x.org/a">a</a> <img srcset="https://x.org/b.png 1x, ' \
           'https://x.org/c.png 2x">'
    assert rewrite_urls(done, absolute) == done  # nothing to make absolute: kept as it is
    # srcset candidates are written out the one way the rewriting writes them
    assert rewrite_urls('<img srcset="https://x.org/b.png 1x,https://x.org/c.png 2x">',
                        absolute) == '<img srcset="https://x.org/b.png 1x, https://x.org/c.png 2x">'
    # the quoted "value" in the prose runs on into a real tag, whose link is still found
    markup = '<p>say src="see <a href=page.html>" here</a> and SRC = \'x\'</p>'
    assert rewrite_urls(markup, absolute) == (
        '<p>say src="see <a href="https://x.org/page.html">" here</a> and SRC = \'x\'</p>')


@pytest.mark.parametrize("base", ["https://user.github.io/repo/", "/repo/"])
def test_a_post_in_the_feed_has_the_links_of_its_page_made_absolute(site, base):
    site.write("site.yaml", f"base_url: {base}\nfeeds: {{rss: true}}\n")
    site.post("b.md", "B", date="2024-01-01", body="## Part\n")
    site.post("a/index.md", "A", body="""
        [B](../b.md#part), [root](/posts/b/), [root part](/posts/b/#part), [here](#notes),
        [file](notes.txt),
        ![pic](pic.png) and [away](https://example.com/x).[^1]

        ## Notes

        [^1]: A footnote.
        """)
    site.write("content/posts/a/pic.png", raw=PNG)
    site.write("content/posts/a/notes.txt", "notes\n")
    result = site.build()  # one post rendered in this process: its tokens are reused
    assert result.written, messages(result)
    origin = base.removesuffix("/repo/")
    page = site.read("posts/a/")
    assert 'href="/repo/posts/b/#part"' in page and 'href="#notes"' in page
    entries = {ET.fromstring(site.read(name).encode()).find(path).text
               for name, path in (("atom.xml", f"{ATOM}entry/{ATOM}content"),
                                  ("rss.xml", "channel/item/description"))}
    (entry,) = entries  # the same body in both feeds
    here = f"{origin}/repo/posts/a/"
    for url in (f"{origin}/repo/posts/b/#part", f"{origin}/repo/posts/b/", f"{here}#notes",
                f"{here}notes.txt", "https://example.com/x"):
        assert f'href="{url}"' in entry, (url, entry)
    assert entry.count(f'href="{origin}/repo/posts/b/#part"') == 2
    assert f'src="{here}pic.png"' in entry and f'href="{here}#fn1"' in entry
    assert "heading-anchor" not in entry and "/repo/repo/" not in entry


def test_a_control_character_in_a_post_is_removed_with_a_warning_at_its_line(site):
    site.write("site.yaml", SITE)
    site.write("content/posts/pdf.md", '---\ntitle: "PDF\fnotes"\ndate: 2024-01-01\n---\n'
               "Intro.\n\nCopied from a PDF:\f page two.\x01\n")
    result = site.build()
    assert result.written, messages(result)
    assert messages(result, "warning") == [
        "content/posts/pdf.md:2: warning: control character U+000C removed (and 2 more in "
        "this file): web pages and feeds may not hold it"]
    page = site.read("posts/pdf/")
    assert "<title>PDF notes" in page and "Copied from a PDF:  page two.</p>" in page
    for feed in ("atom.xml", "rss.xml", "sitemap.xml"):
        ET.fromstring((site.output / feed).read_bytes())  # well-formed XML


def test_a_character_xml_forbids_written_as_an_escape_does_not_break_the_feeds(site):
    # A YAML escape and an HTML entity: not in the file as written, so in no warning either;
    # a control character, or U+FFFE and U+FFFF, makes the whole feed unreadable
    site.write("site.yaml", SITE)
    site.post("esc.md", "x", body="Form &#12; feed.\n", summary='"Page\\fbreak"')
    site.write("content/posts/esc2.md", '---\ntitle: "Page\\fbreak"\ndate: 2024-01-02\n---\nx\n')
    site.write("content/posts/odd.md", '---\ntitle: "Odd\\uFFFEone\\uFFFF"\n'
               'date: 2024-01-03\ntags: ["t\\x01ag\\uFFFF"]\n---\nBody.\n')
    result = site.build()
    assert result.written, messages(result)
    for name in ("atom.xml", "rss.xml"):
        feed = ET.fromstring((site.output / name).read_bytes())
        assert not [e.text for e in feed.iter() if e.text and "\f" in e.text]
        assert "Oddone" in [e.text for e in feed.iter() if e.tag.endswith("title")]
    terms = [e.get("term") for e in ET.fromstring((site.output / "atom.xml").read_bytes()).iter()
             if e.tag.endswith("category")]
    assert terms == ["tag"]


def test_a_lone_surrogate_is_left_out_of_a_feed():
    # (YAML refuses one; the feed writer still must not fail on text that came another way)
    post = Post(source=Path("content/posts/a.md"), kind="post", lang="en",
                title="Lone\ud800half\ufffe", date=None, updated=None, path="posts/a/",
                body="", body_line=1, tags=["x\udfff\x0b"])
    urls = UrlBuilder("https://example.org/")
    info = FeedInfo("Blog\x01", "atom.xml", "", "en", "")
    data = atom_feed(info, [post], urls, lambda p: "<p>b\ud800ody</p>", str, lambda p: "en")
    root = ET.fromstring(data)
    assert [e.text for e in root.iter() if e.tag.endswith("title")] == ["Blog", "Lonehalf"]
    assert [e.get("term") for e in root.iter() if e.tag.endswith("category")] == ["x"]
    assert "<p>body</p>" in [e.text for e in root.iter() if e.tag.endswith("content")]
    rss = ET.fromstring(rss_feed(info, [post], urls, lambda p: "\uffffx"))
    assert [e.text for e in rss.iter("description")][-1] == "x"


class _Blocks(HTMLParser):
    """The paragraphs and code blocks of an entry as a reader sees them: their text."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[tuple[str, str]] = []
        self.open: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("p", "pre"):
            self.open = tag
            self.blocks.append((tag, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == self.open:
            self.open = None

    def handle_data(self, data: str) -> None:
        if self.open:
            tag, text = self.blocks[-1]
            self.blocks[-1] = (tag, text + data)


def seen_in_readers(site, name: str) -> list[tuple[str, str]]:
    """An entry's blocks after feedparser's sanitizing, as a feed reader shows them."""
    entry = feedparser.parse(site.read(name)).entries[0]
    parser = _Blocks()
    parser.feed(entry.content[0].value if name == "atom.xml" else entry.description)
    return [(tag, text.strip()) for tag, text in parser.blocks]


def test_code_titles_and_tab_names_reach_feed_readers_as_text(site):
    site.write("site.yaml", SITE)
    site.post("a.md", "A", body="""
        ```python title="two_sum.py"
        seen = {}
        ```

        ```python {group="sum"}
        brute = 1
        ```

        ```python {group="sum"}
        fast = 1
        ```

        ```cpp {group="lru" title="lru.cpp"}
        int a;
        ```

        ```go {group="lru"}
        var a int
        ```
        """)
    result = site.build()
    assert result.written, messages(result)
    expected = [("p", "two_sum.py"), ("pre", "seen = {}"),
                # named as the page's tabs are: one language twice gets counted
                ("p", "Python 1"), ("pre", "brute = 1"), ("p", "Python 2"), ("pre", "fast = 1"),
                ("p", "C++ · lru.cpp"), ("pre", "int a;"), ("p", "Go"), ("pre", "var a int")]
    assert seen_in_readers(site, "atom.xml") == expected
    assert seen_in_readers(site, "rss.xml") == expected
    page = site.read("posts/a/")  # the page: titles in the blocks' heads, names on the tabs
    assert page.count("two_sum.py") == 1 and "<p><strong>" not in page
    assert 'data-tab="Python%201">Python 1</button>' in page
    assert '<span class="code-title">two_sum.py</span>' in page


def big_tagged_blog(site, term_content: str | None = None) -> None:
    """30 long posts in one tag and category, the first with a formula in its excerpt."""
    chosen = f", term_content: {term_content}" if term_content else ""
    site.write("site.yaml", "title: T\nbase_url: https://user.github.io/repo/\n"
                            f"feeds: {{rss: true, per_tag: true, per_category: true{chosen}}}\n")
    for n in range(30):
        site.post(f"p{n:02d}.md", f"Post {n}", date=f"2024-05-{n + 1:02d}", tags="[ml]",
                  categories="[notes]", lang="en",
                  body=f"Opening {n} with $x^2$.\n\n<!--more-->\n\n" + f"Deep text {n}. " * 300)
    result = site.build()
    assert result.written, messages(result)


def test_a_tags_feed_carries_each_posts_excerpt_and_a_link_not_the_whole_post(site):
    """Full posts in every tag's and category's feed made 46 MB of feeds for 100 tags at
    1,000 posts: term feeds carry what the post's card shows, the site's feed the posts."""
    big_tagged_blog(site)
    for path in ("tags/ml/atom.xml", "categories/notes/atom.xml"):
        parsed = feedparser.parse(site.read(path))
        assert not parsed.bozo and len(parsed.entries) == 20  # feeds.entries
        root = ET.fromstring(site.read(path).encode())
        entry = root.find(f"{ATOM}entry")
        assert entry.find(f"{ATOM}content") is None
        summary = entry.find(f"{ATOM}summary")
        assert summary.get("type") == "html"
        assert summary.text.startswith("<p>Opening 29 with ")
        assert "<math><mrow><msup><mi>x</mi><mn>2</mn></msup></mrow></math>" in summary.text
        assert summary.text.endswith('<p><a href="https://user.github.io/repo/posts/p29/">'
                                     "Read more →</a></p>")
        assert "Deep text" not in site.read(path)
    rss = feedparser.parse(site.read("tags/ml/rss.xml"))
    assert not rss.bozo and rss.entries[0].description.startswith("<p>Opening 29 with")
    assert "Deep text" not in site.read("tags/ml/rss.xml")
    site_feed = feedparser.parse(site.read("atom.xml"))  # the site's feed: whole posts
    assert "Deep text 29." in site_feed.entries[0].content[0].value


def test_per_series_gives_each_series_a_feed_of_its_latest_parts(site):
    """A study blog's reader follows a series (`Transformer 精读`) rather than a tag."""
    site.write("site.yaml", "title: T\nbase_url: https://user.github.io/repo/\n"
                            "feeds: {per_series: true}\n")
    for n in (1, 2, 3):
        site.post(f"t{n}.md", f"Transformer（{n}）", date=f"2024-05-0{n}",
                  series="Transformer 精读", series_order=n, body=f"第 {n} 讲。\n")
    site.post("other.md", "Other", date="2024-05-09", body="无关。\n")
    assert site.build().written
    parsed = feedparser.parse(site.read("series/transformer-精读/atom.xml"))
    assert not parsed.bozo and parsed.feed.title.startswith("Transformer 精读")
    assert [entry.title for entry in parsed.entries] == [
        "Transformer（3）", "Transformer（2）", "Transformer（1）"]  # (the newest part first)
    assert ('<link rel="alternate" type="application/atom+xml" title="Transformer 精读'
            in site.read("series/transformer-精读/"))
    assert not site.exists("tags/") or not list((site.output / "tags").rglob("atom.xml"))


def test_per_section_gives_each_folder_a_feed_linked_from_its_page(site):
    """A reader who follows the LeetCode notes alone subscribes to /posts/leetcode/ (Hugo
    writes each section's feed): its posts and those below it, newest first, excerpts by
    default, announced on its list page; /posts/ has one of every post; none by default."""
    site.write("site.yaml", "title: T\nbase_url: https://user.github.io/repo/\n")
    site.post("leetcode/1.md", "两数之和", date="2024-05-01", body="哈希表。\n")
    site.post("leetcode/hard/42.md", "接雨水", date="2024-05-03", body="双指针。\n")
    site.post("ml/vae.md", "VAE", date="2024-05-02", body="变分。\n")
    site.write("content/posts/leetcode/_index.md", "---\ntitle: 题解\ndescription: 刷题\n---\n")
    assert site.build().written
    assert not list((site.output / "posts").rglob("atom.xml"))
    site.write("site.yaml", "title: T\nbase_url: https://user.github.io/repo/\n"
                            "feeds: {per_section: true, rss: true}\n")
    assert site.build().written
    parsed = feedparser.parse(site.read("posts/leetcode/atom.xml"))
    assert not parsed.bozo and parsed.feed.title == "题解 · T" and parsed.feed.subtitle == "刷题"
    assert [entry.title for entry in parsed.entries] == ["接雨水", "两数之和"]
    assert parsed.feed.link == "https://user.github.io/repo/posts/leetcode/"
    assert [entry.title for entry in feedparser.parse(site.read("posts/atom.xml")).entries] \
        == ["接雨水", "VAE", "两数之和"]
    assert site.exists("posts/leetcode/rss.xml")
    page = site.read("posts/leetcode/")
    assert ('<link rel="alternate" type="application/atom+xml" title="题解 · T" '
            'href="/repo/posts/leetcode/atom.xml">') in page


def test_term_content_full_puts_whole_posts_in_a_tags_feed(site):
    big_tagged_blog(site, "full")
    entry = feedparser.parse(site.read("tags/ml/atom.xml")).entries[0]
    assert "Deep text 29." in entry.content[0].value
    assert "Deep text 29." in feedparser.parse(site.read("tags/ml/rss.xml")).entries[0].description


def test_content_summary_puts_excerpts_in_the_sites_feed(site):
    """A paper note in full is hundreds of KB of MathML a feed reader fetches again and again
    (helper-115 measured 0.5-0.9 MB of feed): `feeds.content: summary` makes the site's feed
    carry what a card shows, as its tags' feeds do."""
    site.write("site.yaml", "title: T\nbase_url: https://user.github.io/repo/\n"
                            "feeds: {rss: true, content: summary}\n")
    for n in range(3):
        site.post(f"p{n}.md", f"Post {n}", date=f"2024-05-0{n + 1}", lang="en",
                  body=f"Opening {n} with $x^2$.\n\n<!--more-->\n\n" + f"Deep text {n}. " * 50)
    assert site.build().written
    entry = ET.fromstring(site.read("atom.xml").encode()).find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}content") is None
    assert entry.find(f"{ATOM}summary").text.startswith("<p>Opening 2 with ")
    assert "Deep text" not in site.read("atom.xml") and "Deep text" not in site.read("rss.xml")
    assert not feedparser.parse(site.read("atom.xml")).bozo


def test_the_quick_scan_for_urls_finds_what_the_attribute_pattern_finds():
    """Feeds make every URL absolute, after a scan for attributes that could hold one; the
    scan uses `str.find` (a 6 MB post's feed took 0.78 s with the pattern, 0.2 s so), and must
    find exactly the attributes the pattern does, in random markup made of the hard parts:
    names in any case and inside other words, quotes, `=` with spaces, a letter whose lower
    case is longer (`İ`), a non-breaking space."""
    from blogforge.markdown import html_urls

    pieces = ["href", "HREF", "src", "srcset", "SrcSet", "xlink:href", "XLINK:Href",
              "formaction", "action", "data", "metadata", "datasrc", "poster", "cite",
              "background", "longdesc", " ", "\t", "\n", "\u00a0", '"', "'", ">", "<", "/",
              "=", " = ", "b.png", '"x.png"', "'y'", "İ", "ß", "Σ", "x", ":", "`", "<img "]
    rng = random.Random(3)
    for _ in range(20_000):
        markup = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 16)))
        expected = [(m.group(1).lower(), m.group(2))
                    for m in html_urls._ANY_URL_ATTR().finditer(markup)]
        assert html_urls._url_attributes(markup) == expected, repr(markup)

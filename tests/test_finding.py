"""Finding posts: taxonomies, series, archives, feeds, sitemap and search-engine metadata."""

from __future__ import annotations

import json
import re
import struct
from datetime import datetime
from urllib.parse import unquote
from xml.etree import ElementTree as ET

import feedparser
import html5lib
import pytest
from conftest import messages

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def blog(site):
    site.write("site.yaml", """
        base_url: https://user.github.io/repo/
        author: 作者
        paginate: 2
        feeds: {entries: 3, rss: true, per_tag: true, per_category: true}
        series:
          gm: {zh: 生成模型系列}
        """)
    site.post("gm/one.md", "第一篇", date="2024-01-01", series="gm", series_order=1,
              tags="[ml, vae]", categories="[ml, generative]")
    site.post("gm/three.md", "第三篇", date="2024-01-02", series="gm", series_order=3,
              tags="[ml]", categories="[ml, generative]")
    site.post("gm/two.md", "第二篇", date="2024-03-05", series="gm", series_order=2,
              tags="[ml]", categories="[ml]",
              body="见 [上一篇](one.md) 和图片 ![图](fig.png) 以及 [站内](/about/)。\n")
    site.post("other.md", "其他", date="2023-12-31", tags="[misc]", updated="2024-06-01",
              cover="cover.png", body="```python\nprint('hi')\n```\n")
    result = site.build()
    assert result.written, messages(result)
    return site


def test_tag_pages_are_paginated_and_the_tag_index_counts(blog):
    first = blog.read("tags/ml/")
    assert first.count("<article") == 2 and 'href="/repo/tags/ml/page/2/"' in first
    assert blog.read("tags/ml/page/2/").count("<article") == 1
    index = blog.read("tags/")
    # (the count heard with its unit: a bare "3" after the name)
    assert re.search(r'href="/repo/tags/ml/">#ml</a> <span class="count">3'
                     r'<span class="visually-hidden"> 篇</span></span>', index)


def test_the_tag_index_sorts_names_of_one_count_alphabetically_whatever_their_case(site):
    """Labels from site.yaml are capitalized (`Hash table`), a post's own tags often not
    (`attention`): sorted by code point, every capital came first and the A to Z ran twice."""
    site.write("site.yaml", "languages: {en: {}}\n"
                            "tags: {hash: {en: Hash table}, zeta: {en: Zeta}}\n")
    site.post("a.md", "A", lang="en", tags="[hash, zeta, attention, mcmc, Bayes, ml]")
    site.post("b.md", "B", lang="en", tags="[ml]")
    site.build()
    names = re.findall(r'href="/tags/[^"]+">#([^<]+)</a>', site.read("tags/"))
    assert names == ["ml", "attention", "Bayes", "Hash table", "mcmc", "Zeta"]


def chinese_and_latin_terms(site) -> None:
    """Tags and categories named in Chinese and in Latin letters, on a Chinese-first site."""
    site.write("site.yaml", "languages: {zh: {}, en: {}}\n")
    site.post("a.md", "甲", categories="[算法, 动态规划]",
              tags="[深度学习, 动态规划, 机器学习, 贪心, LeetCode, attention, Zeta, 二分查找]")
    site.post("b.md", "乙", categories="[机器学习, 深度学习]")
    site.post("c.md", "丙", categories="[机器学习, 强化学习]")
    site.post("d.md", "丁", categories="[Optimization]")


def listed(page: str, taxonomy: str) -> list[str]:
    return re.findall(rf'href="/(?:en/)?{taxonomy}/[^"]+">#?([^<]+)</a>', page)


def test_chinese_terms_are_listed_by_pinyin_and_latin_ones_a_to_z_after_them(site):
    """By code point 深度学习 (U+6DF1) came before 贪心 but after 动态规划 and 二分查找 by
    accident; a Chinese reader looks them up by pinyin, as in a dictionary, and CLDR's zh
    collation (Hugo's with languageCode zh) puts Chinese before Latin letters."""
    chinese_and_latin_terms(site)
    result = site.build()
    assert result.written, messages(result)
    assert listed(site.read("tags/"), "tags") == [
        "动态规划", "二分查找", "机器学习", "深度学习", "贪心", "attention", "LeetCode", "Zeta"]
    # a tree: each category followed by its own, siblings by pinyin (jī, qiáng, shēn, suàn)
    assert listed(site.read("categories/"), "categories") == [
        "机器学习", "强化学习", "深度学习", "算法", "动态规划", "Optimization"]


def test_english_pages_list_latin_names_first_then_chinese_ones_by_pinyin(site):
    chinese_and_latin_terms(site)
    site.build()
    assert listed(site.read("en/tags/"), "tags") == [
        "attention", "LeetCode", "Zeta", "动态规划", "二分查找", "机器学习", "深度学习", "贪心"]
    assert listed(site.read("en/categories/"), "categories") == [
        "Optimization", "机器学习", "强化学习", "深度学习", "算法", "动态规划"]


def test_a_category_page_names_the_categories_above_it_and_lists_its_own(site):
    """/categories/机器学习/深度学习/ said only "分类 / 深度学习": no way up but the back button,
    no way down to 深度学习's own categories, and two `LeetCode 刷题` under different parents
    had the same <title>."""
    chinese_and_latin_terms(site)
    site.post("e.md", "戊", categories="[机器学习, 深度学习, Transformer]")
    site.post("f.md", "己", categories="[[算法, LeetCode 刷题], [LeetCode 刷题]]")
    result = site.build()
    assert result.written, messages(result)
    deep = site.read("categories/机器学习/深度学习/")
    header = deep.split('<header class="list-header">', 1)[1].split("</header>", 1)[0]
    assert [(unquote(href), text) for href, text in
            re.findall(r'<a href="([^"]+)">([^<]+)</a>', header)] == [
        ("/categories/", "分类"), ("/categories/机器学习/", "机器学习"),
        ("/categories/机器学习/深度学习/transformer/", "Transformer")]
    assert '<ul class="term-cloud term-children" aria-label="子分类">' in header
    assert "<title>分类：机器学习 › 深度学习 · " in deep
    top = site.read("categories/机器学习/").split('<header class="list-header">', 1)[1]
    assert listed(top.split("</header>", 1)[0], "categories") == ["强化学习", "深度学习"]
    assert "term-children" not in site.read("categories/机器学习/深度学习/transformer/")
    assert "<title>分类：算法 › LeetCode 刷题 · " in site.read("categories/算法/leetcode-刷题/")
    assert "<title>分类：LeetCode 刷题 · " in site.read("categories/leetcode-刷题/")
    # the index nests them: a screen reader tells the levels (an indent is only seen)
    tree = html5lib.parse(site.read("categories/"), treebuilder="etree",
                          namespaceHTMLElements=False)

    def below(name: str) -> list[str]:
        item = next(li for li in tree.iter("li") if li.find("a").text == name)
        return [li.find("a").text for li in item.find("ul").findall("li")]

    assert below("机器学习") == ["强化学习", "深度学习"] and below("深度学习") == ["Transformer"]
    english = site.read("en/categories/机器学习/深度学习/")
    assert '<a href="/en/categories/">Categories</a> <span aria-hidden="true">›</span>' in english
    assert "<title>Category: 机器学习 › 深度学习 · " in english


def test_category_paths_and_index(blog):
    assert blog.read("categories/ml/").count("<article") == 2  # paginate: 2, three posts
    assert "第一篇" in blog.read("categories/ml/generative/")
    assert "第二篇" not in blog.read("categories/ml/generative/")
    post = blog.read("posts/gm/one/")
    assert re.search(r'<a href="/repo/categories/ml/">ml</a> <span aria-hidden="true">›</span> '
                     r'<a href="/repo/categories/ml/generative/">generative</a>', post)
    index = blog.read("categories/")
    assert index.index("/categories/ml/") < index.index("/categories/ml/generative/")


def test_series_page_in_order_and_part_box(blog):
    page = blog.read("series/gm/")  # (paginate: 2)
    assert page.index("第一篇") < page.index("第二篇") and "第三篇" not in page
    assert "第三篇" in blog.read("series/gm/page/2/")
    assert "<h1>生成模型系列</h1>" in page
    box = blog.read("posts/gm/two/").split('class="series-box"')[1].split("</aside>")[0]
    assert "第 2 篇，共 3 篇" in box
    assert '<span aria-current="page">第二篇</span>' in box
    assert 'href="/repo/posts/gm/three/"' in box


def test_terms_written_in_symbols_only_get_pages_of_their_own(site):
    """`🔥` and `???` slugged to nothing: links to /tags//, no page, "第 0 篇，共 0 篇"."""
    site.post("a.md", "热门", tags='["🔥", "???"]', series='"!!!"', date="2024-01-01")
    site.post("b.md", "也热门", tags='["🔥"]', series='"!!!"', date="2024-01-02")
    result = site.build()
    assert result.written, messages(result)
    assert not [m for m in messages(result) if "share the page" in m]
    questions = "-".join(["question-mark"] * 3)
    post = site.read("posts/a/")
    assert 'href="/tags/fire/"' in post and f'href="/tags/{questions}/"' in post
    assert "tags//" not in post and "series//" not in post and "第 1 篇，共 2 篇" in post
    assert "也热门" in site.read("tags/fire/") and "热门" in site.read(f"tags/{questions}/")
    assert "也热门" in site.read("series/" + "-".join(["exclamation-mark"] * 3) + "/")


def test_every_language_has_the_term_indexes_its_menu_may_link_to(site):
    """A new site's menu links to tags/: with no tag yet, `--strict` failed on a broken link."""
    site.write("site.yaml", "base_url: https://u.github.io/\nlanguages:\n"
               "  zh: {menu: [{name: 标签, url: tags/}]}\n"
               "  en: {menu: [{name: Tags, url: tags/}]}\n")
    site.post("a.md", "第一篇", tags="[]", categories="[ml]")
    site.post("b.md", "First", lang="en")
    result = site.build(strict=True)
    assert result.written, messages(result)
    assert "这里还没有文章。" in site.read("tags/") and 'href="/en/tags/"' in site.read("tags/")
    assert "No posts here yet." in site.read("en/tags/")
    sitemaps = site.read("sitemap-zh.xml") + site.read("sitemap-en.xml")
    assert "/tags/<" not in sitemaps and "/categories/<" in sitemaps  # (empty: not one to find)


def test_archives_group_by_year_and_month_newest_first(blog):
    page = blog.read("archives/")
    assert page.index('id="year-2024"') < page.index('id="year-2023"')
    assert page.index("2024年3月") < page.index("2024年1月")


def test_post_navigation_previous_and_next(blog):
    page = blog.read("posts/gm/three/")
    nav = page.split('class="post-nav"')[1]
    assert 'rel="prev" href="/repo/posts/gm/one/"' in nav
    assert 'rel="next" href="/repo/posts/gm/two/"' in nav


def check_atom(xml: str) -> ET.Element:
    """The RFC 4287 rules a feed must meet (section 4.1)."""
    root = ET.fromstring(xml.encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{tag}")) == 1, tag
    has_feed_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    for entry in root.findall(f"{ATOM}entry"):
        for tag in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{tag}")) == 1, tag
        assert has_feed_author or entry.find(f"{ATOM}author") is not None
        alternates = [link for link in entry.findall(f"{ATOM}link")
                      if link.get("rel", "alternate") == "alternate"]
        assert len(alternates) == 1
        assert entry.find(f"{ATOM}content") is not None or alternates
        datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
    self_links = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert len(self_links) == 1
    return root


def test_atom_feed_is_valid_and_parses_cleanly(blog):
    xml = blog.read("atom.xml")
    root = check_atom(xml)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 3  # feeds.entries
    parsed = feedparser.parse(xml)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title and parsed.entries[0].title == "第二篇"
    assert parsed.feed.author == "作者"
    assert [t.term for t in parsed.entries[0].tags] == ["ml"]
    assert parsed.feed.links[0].href == "https://user.github.io/repo/atom.xml"


def test_feed_content_has_absolute_links_and_plain_code(blog):
    parsed = feedparser.parse(blog.read("atom.xml"))
    two = next(e for e in parsed.entries if e.title == "第二篇")
    html = two.content[0].value
    assert 'href="https://user.github.io/repo/posts/gm/one/"' in html
    assert 'src="https://user.github.io/repo/posts/gm/two/fig.png"' in html
    assert 'href="https://user.github.io/repo/about/"' in html
    feed_all = feedparser.parse(blog.read("atom.xml")).entries
    other = next((e for e in feed_all if e.title == "其他"), None)
    if other is not None:  # only if it is among the newest
        assert '<pre><code class="language-python">' in other.content[0].value


def test_entry_ids_are_stable_across_rebuilds_and_base_urls(blog):
    ids = [e.id for e in feedparser.parse(blog.read("atom.xml")).entries]
    blog.build(base_url="https://example.org/elsewhere/")
    moved = [e.id for e in feedparser.parse(blog.read("atom.xml")).entries]
    assert ids == moved and all(i.startswith("urn:uuid:") for i in ids)
    assert len(set(ids)) == len(ids)


def test_updated_date_is_the_posts_updated_date(blog):
    blog.build(base_url="https://user.github.io/repo/")
    root = ET.fromstring(blog.read("tags/misc/atom.xml").encode())
    entry = root.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}updated").text.startswith("2024-06-01")
    assert entry.find(f"{ATOM}published").text.startswith("2023-12-31")


def test_rss_and_per_term_feeds(blog):
    rss = feedparser.parse(blog.read("rss.xml"))
    assert not rss.bozo and rss.version == "rss20" and len(rss.entries) == 3
    check_atom(blog.read("tags/ml/atom.xml"))
    check_atom(blog.read("categories/ml/generative/atom.xml"))


def test_sitemap_and_robots(blog):
    root = ET.fromstring(blog.read("sitemap.xml").encode())
    locs = [el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://user.github.io/repo/posts/gm/one/" in locs
    assert "https://user.github.io/repo/" in locs
    assert all(loc.startswith("https://user.github.io/repo/") for loc in locs)
    assert not any("/page/" in loc for loc in locs)
    lastmods = [el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}lastmod")]
    assert any(m.startswith("2024-06-01") for m in lastmods)
    # (at https://user.github.io/repo/robots.txt no crawler would read it: see below)
    assert not blog.exists("robots.txt")


def test_a_list_page_in_the_sitemap_is_as_new_as_the_newest_post_it_shows(blog):
    """The home, tag and section pages had no <lastmod>: a crawler had no word that a new post
    was listed there. Hugo's lists are as new as their newest page."""
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    root = ET.fromstring(blog.read("sitemap.xml").encode())
    lastmod = {url.find(f"{ns}loc").text.removeprefix("https://user.github.io/repo/"):
               getattr(url.find(f"{ns}lastmod"), "text", None) for url in root.iter(f"{ns}url")}
    assert lastmod[""].startswith("2024-03-05")  # (page 1 shows two, three)
    assert lastmod["tags/misc/"].startswith("2024-06-01")  # (other, updated)
    assert lastmod["tags/vae/"].startswith("2024-01-01")
    assert lastmod["series/gm/"].startswith("2024-03-05")


def test_a_base_path_in_chinese_is_percent_encoded_in_every_url(site):
    """The sitemap held `https://example.github.io/博客/posts/%E4%B8%AD/`: the base path raw,
    the rest encoded, in one URL (a sitemap's URLs must be escaped)."""
    site.write("site.yaml", "base_url: https://example.github.io/博客/\n")
    site.post("中文.md", "中文")
    result = site.build()
    assert result.written and not [m for m in messages(result) if "broken link" in m]
    root = ET.fromstring(site.read("sitemap.xml").encode())
    locs = [el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://example.github.io/%E5%8D%9A%E5%AE%A2/posts/%E4%B8%AD%E6%96%87/" in locs
    assert all(loc.isascii() for loc in locs)
    assert 'href="/%E5%8D%9A%E5%AE%A2/css/blogforge.css?v=' in site.read("")


@pytest.mark.parametrize("base_url", ["https://notes.example.org/", "https://user.github.io/"])
def test_a_site_at_a_hosts_root_names_its_sitemap_in_robots_txt(site, base_url):
    """robots.txt counts only at a host's root: a custom domain's or a user site's is read,
    and says where the sitemap is; a project site (above) writes none."""
    site.write("site.yaml", f"base_url: {base_url}\n")
    site.post("a.md", "A")
    assert site.build().written
    assert site.read("robots.txt") == f"User-agent: *\nAllow: /\n\nSitemap: {base_url}sitemap.xml\n"


def test_a_site_built_without_a_host_names_no_sitemap_in_robots_txt(site):
    """`Sitemap: /sitemap.xml` is no valid line (robots.txt takes a full URL there): a site
    built with `--base-url /` still lets every crawler in, and names no sitemap."""
    site.write("site.yaml", "base_url: /\n")
    site.post("a.md", "A")
    assert site.build().written
    assert site.read("robots.txt") == "User-agent: *\nAllow: /\n"


def test_a_sites_own_robots_txt_replaces_blogforges(site):
    """Hugo's way (and Jekyll's): a robots.txt of the site's own, in static/, is published."""
    site.write("site.yaml", "base_url: https://notes.example.org/\n")
    site.post("a.md", "A")
    own = "User-agent: *\nDisallow: /drafts/\n\nSitemap: https://notes.example.org/sitemap.xml\n"
    site.write("static/robots.txt", own)
    result = site.build()
    assert result.written and messages(result) == []
    assert site.read("robots.txt") == own


def test_the_sharing_picture_comes_from_hugo_and_hexo_keys_and_is_never_an_svg(site):
    """Hugo's `images:` and Hexo themes' `thumbnail:` name a post's picture as `cover:` does
    (they were read, and did nothing); a post's first image is its picture only if sharing
    cards can show it: Facebook, X and LinkedIn show no SVG."""
    site.write("site.yaml", "base_url: https://u.github.io/repo/\n")
    for name in ("a", "b", "c"):
        site.write(f"content/posts/{name}/pic.png", raw=b"\x89PNG\r\n\x1a\n")
        site.write(f"content/posts/{name}/d.svg", "<svg viewBox='0 0 8 2'></svg>")
    site.post("a/index.md", "A", body="Text.\n", images="[pic.png, other.png]")
    site.post("b/index.md", "B", body="Text.\n", thumbnail="pic.png")
    site.post("c/index.md", "C", body="![d](d.svg)\n\n![p](pic.png)\n")
    site.write("content/posts/d/d.svg", "<svg viewBox='0 0 8 2'></svg>")
    site.post("d/index.md", "D", body="![d](d.svg)\n")
    result = site.build()
    assert result.written and messages(result) == []
    for name in ("a", "b", "c"):
        head = site.read(f"posts/{name}/").split("</head>")[0]
        image = f"https://u.github.io/repo/posts/{name}/pic.png"
        assert f'<meta property="og:image" content="{image}">' in head, name
    head = site.read("posts/d/").split("</head>")[0]
    assert "og:image" not in head and 'content="summary"' in head


def test_a_cover_whose_file_is_no_picture_is_said_at_its_line(site):
    """A post's picture (`cover:`, `image:`, Hugo's `images:`) that is a web page saved as
    `cover.png`, a Git LFS pointer a checkout left or an empty file: link previews showed
    none, and nothing was said (a body's picture was). A picture, short as it may be, is
    not said; replaced by one, the cover is said no more. Sharing cards are given the
    post's first other picture in its place (they were given the broken file), else none."""
    site.write("site.yaml", "base_url: https://u.github.io/\n")
    png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + (30).to_bytes(4, "big") * 2 + bytes(8)
    site.write("content/posts/a/cover.png", "<!DOCTYPE html>\n<html><title>cover.png · GitHub")
    site.write("content/posts/a/fig.png", raw=png)
    site.write("static/img/lfs.jpg", "version https://git-lfs.github.com/spec/v1\n"
               "oid sha256:4d7a\nsize 12345\n")
    site.write("content/posts/c/empty.webp", "")
    site.write("content/posts/d/pic.png", raw=b"\x89PNG\r\n\x1a\n")
    site.post("a/index.md", "A", body="![A figure](fig.png)\n", cover="cover.png")
    site.post("b.md", "B", tags="[x]", image="/img/lfs.jpg")
    site.post("c/index.md", "C", images="[empty.webp]")
    site.post("d/index.md", "D", cover="pic.png")
    result = site.build(use_cache=True)
    assert result.written
    assert sorted(messages(result)) == [
        "content/posts/a/index.md:4: warning: `cover: cover.png`: link previews (Facebook, X, "
        "LinkedIn, Telegram) cannot show it, so this post's card shows its first other "
        "picture, else site.yaml's `image`, and a template that shows it shows none: it is a "
        "web page (HTML), saved from a page that shows the picture? Save the "
        "picture itself (right-click it, Save image as)",
        "content/posts/b.md:5: warning: `image: /img/lfs.jpg`: link previews (Facebook, X, "
        "LinkedIn, Telegram) cannot show it, so this post's card shows its first other "
        "picture, else site.yaml's `image`, and a template that shows it shows none: it is a "
        "Git LFS pointer, the picture not fetched (`git lfs pull`; in GitHub "
        "Actions, `lfs: true` for actions/checkout)",
        "content/posts/c/index.md:4: warning: `images: empty.webp`: link previews (Facebook, "
        "X, LinkedIn, Telegram) cannot show it, so this post's card shows its first other "
        "picture, else site.yaml's `image`, and a template that shows it shows none: the "
        "file is empty"]
    card = '<meta property="og:image" content="https://u.github.io/posts/a/{}">'
    assert card.format("fig.png") in site.read("posts/a/")
    assert "og:image" not in site.read("posts/b/").split("</head>")[0]
    site.write("content/posts/a/cover.png", raw=png)
    result = site.build(use_cache=True)
    assert result.written and len(messages(result)) == 2, messages(result)
    assert card.format("cover.png") in site.read("posts/a/")
    assert '<meta property="og:image:width" content="30">' in site.read("posts/a/")


def test_a_section_cover_or_site_image_whose_file_is_no_picture_is_said_at_its_line(site):
    """A section's picture (its `_index.md`'s `cover:`) and site.yaml's `image`, the picture
    of every page without one, were not looked at as a post's cover is: an empty file, a web
    page saved as `og.png`, went into every link preview, unsaid. Once per file, in both
    languages; a picture is not said."""
    site.write("site.yaml", "base_url: https://u.github.io/\nlanguages: {zh: {}, en: {}}\n"
                            "image: og.png\n")
    site.write("static/og.png", "<!DOCTYPE html>\n<html><title>og.png · GitHub")
    site.write("content/posts/ml/_index.md", "---\ntitle: ML\ncover: /ml.png\n---\n")
    site.write("static/ml.png", "")
    site.write("content/posts/rl/_index.md", "---\ntitle: RL\ncover: /rl.png\n---\n")
    site.write("static/rl.png", raw=b"\x89PNG\r\n\x1a\n")  # (short: a picture still)
    site.post("ml/a.md", "A")
    site.post("ml/a.en.md", "A")
    site.post("rl/b.md", "B")
    result = site.build()
    assert result.written
    assert messages(result) == [
        "content/posts/ml/_index.md:3: warning: `cover: /ml.png`: link previews (Facebook, X, "
        "LinkedIn, Telegram) cannot show it, so the section list's card shows site.yaml's "
        "`image` (if set), and a template that shows it shows none: the file is empty",
        "site.yaml:3: warning: `image: og.png`: link previews (Facebook, X, LinkedIn, "
        "Telegram) of every page without a picture of its own show none: it is a web page "
        "(HTML), saved from a page that shows the picture? Save the picture itself "
        "(right-click it, Save image as)"]
    for page in ("posts/ml/", "en/posts/ml/"):  # (the site's picture in its place)
        head = site.read(page).split("</head>")[0]
        assert "ml.png" not in head and 'og:image" content="https://u.github.io/og.png"' in head


def test_metadata_for_search_engines_and_sharing(blog):
    page = blog.read("posts/other/")
    head = page.split("</head>")[0]
    assert '<link rel="canonical" href="https://user.github.io/repo/posts/other/">' in head
    assert '<meta property="og:type" content="article">' in head
    image = "https://user.github.io/repo/posts/other/cover.png"
    assert f'<meta property="og:image" content="{image}">' in head
    assert '<meta name="twitter:card" content="summary_large_image">' in head
    assert '<link rel="alternate" type="application/atom+xml"' in head
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', head,
                                re.S).group(1))
    assert data["@type"] == "BlogPosting" and data["headline"] == "其他"
    assert data["dateModified"].startswith("2024-06-01")
    two = blog.read("posts/gm/two/").split("</head>")[0]
    assert 'content="https://user.github.io/repo/posts/gm/two/fig.png"' in two  # first image
    assert re.search(r'<meta name="description" content="见 上一篇 和图片', two)


def test_localised_404_page(blog):
    page = blog.read("404.html")
    assert "信号丢失" in page and 'href="/repo/"' in page


WAYS = ("blogforge makes the 404 page itself (404.html): to change it, write "
        "templates/404.html extending theme/404.html, or its text as `not_found_title` and "
        "`not_found_text` in i18n/LANG.yaml")


@pytest.mark.parametrize("rel", ["content/404.md", "content/404/index.md", "content/404.en.md"])
def test_a_page_written_as_the_404_page_is_said_to_be_an_ordinary_one(site, rel):
    # it was a page at /404/ in the sitemap, its writer believing it the page of missing
    # addresses
    site.write("site.yaml", "base_url: https://e.org/\nlanguages: {zh: {}, en: {}}\n")
    site.write(rel, "---\ntitle: Not here\n---\nGone.\n")
    result = site.build()
    assert result.written
    assert messages(result, "warning") == [
        f"{rel}: warning: a page at /{'en/' if '.en.' in rel else ''}404/, in the sitemap, not "
        f"the page shown at a missing address: {WAYS}; or rename this file"]


def test_a_page_at_the_404_pages_address_is_told_how_to_change_that_page(site):
    site.write("site.yaml", "base_url: https://e.org/\n")
    site.write("content/missing.md", "---\ntitle: Not here\npermalink: /404.html\n---\nGone.\n")
    result = site.build()
    assert messages(result, "error") == [
        "content/missing.md:3: error: the generated 404 page also wants to be /404.html: rename "
        "or remove this file (a post's `slug`, `permalink` or `aliases` say where it goes); "
        + WAYS]


def test_the_404_page_strings_the_messages_name_change_it(site):
    site.write("site.yaml", "base_url: https://e.org/\n")
    site.write("i18n/zh.yaml", "not_found_title: 走丢了\nnot_found_text: 回首页看看吧\n")
    site.post("a.md", "A")
    assert site.build().written
    page = site.read("404.html")
    assert "走丢了" in page and "回首页看看吧" in page


def test_base_url_without_host_warns_and_feed_id_stays_a_valid_iri(site):
    site.post("a.md", "A")
    result = site.build()
    assert any("base_url is `/`, without a host" in m for m in messages(result, "warning"))
    root = ET.fromstring(site.read("atom.xml").encode())
    assert root.find(f"{ATOM}id").text.startswith("urn:uuid:")


def test_raw_html_links_in_feeds_are_absolute_too(site):
    site.write("site.yaml", "base_url: https://u.github.io/repo/\n")
    site.post("a.md", "A", body='<img src="raw.png" alt="r"> <a href="/about/">about</a>\n')
    site.build()
    content = feedparser.parse(site.read("atom.xml")).entries[0].content[0].value
    assert 'src="https://u.github.io/repo/posts/a/raw.png"' in content
    assert 'href="https://u.github.io/repo/about/"' in content


def test_feeds_are_announced_where_they_exist(blog):
    tag_head = blog.read("tags/ml/").split("</head>")[0]
    assert 'type="application/atom+xml" title="ml · ' in tag_head
    assert 'href="/repo/tags/ml/atom.xml"' in tag_head
    assert 'type="application/rss+xml"' in tag_head and 'href="/repo/rss.xml"' in tag_head
    rss = blog.read("rss.xml")
    assert 'rel="self"' in rss and "https://user.github.io/repo/rss.xml" in rss


def test_a_turkish_capital_i_tag_shares_the_page_of_its_lowercase(site):
    """`İstanbul` made /tags/i̇stanbul/ (an i and a combining dot) beside `istanbul`'s
    /tags/istanbul/: two pages that look alike, and no word of it."""
    site.post("a.md", "A", tags="[İstanbul]")
    site.post("b.md", "B", tags="[istanbul]", date="2024-05-02")
    result = site.build()
    assert result.written
    assert any("tag `istanbul` shares the page /tags/istanbul/ with `İstanbul`" in m
               for m in messages(result)), messages(result)
    assert sorted(p.name for p in (site.output / "tags").iterdir() if p.is_dir()) == [
        "istanbul"]


def test_a_tag_spelt_two_ways_is_named_at_the_rarer_spellings_post(site):
    """`C++` in most posts and `c++` in one share /tags/c++/: the message said which tags,
    not where (on a 300-post import, a grep through every file)."""
    for n in range(3):
        site.post(f"p{n}.md", f"P{n}", tags='["C++"]', date=f"2024-01-0{n + 1}")
    site.write("content/posts/odd.md", "---\ntitle: Odd\ndate: 2024-02-01\n\ntags:\n  - algo\n"
               "  - c++\ncategories: [ML]\n---\nx\n")
    site.write("content/posts/odd2.md", "---\ntitle: Odd2\ndate: 2024-02-02\ntags: [c++]\n"
               "categories: [ml]\n---\nx\n")
    site.write("content/posts/odd3.md", "---\ntitle: Odd3\ndate: 2024-02-03\n"
               "categories: [ml]\n---\nx\n")
    result = site.build()
    assert result.written
    said = [m for m in messages(result) if "shares the page" in m]
    assert said == [
        "content/posts/odd.md:5: warning: tag `c++` shares the page /tags/c++/ with `C++` "
        "(content/posts/p0.md, content/posts/p1.md and content/posts/p2.md): write them the "
        "same way; `c++` is also in content/posts/odd2.md",
        "content/posts/odd.md:8: warning: category `ML` shares the page /categories/ml/ with "
        "`ml` (content/posts/odd2.md and content/posts/odd3.md): write them the same way",
    ], said


def test_names_apart_by_a_space_or_dash_are_named_at_the_rarer_ones_post(site):
    """`series: LeetCode刷题` beside `LeetCode 刷题` in four posts made a second series of
    one post, without a word (only names apart by their capitals were said)."""
    for n in range(3):
        site.post(f"p{n}.md", f"P{n}", series='"LeetCode 刷题"', tags="[GPT-4]",
                  date=f"2024-01-0{n + 1}")
    site.write("content/posts/odd.md", "---\ntitle: Odd\ndate: 2024-02-01\n"
               "series: LeetCode刷题\ntags: [GPT4, gpt_4]\n---\nx\n")
    said = sorted(m for m in messages(site.build()) if " is not " in m)
    assert said == [
        "content/posts/odd.md:4: warning: series `LeetCode刷题` is not `LeetCode 刷题` "
        "(content/posts/p0.md, content/posts/p1.md and content/posts/p2.md): two series, "
        "/series/leetcode刷题/ and /series/leetcode-刷题/; write them the same way if they "
        "are one",
        "content/posts/odd.md:5: warning: tag `GPT4` is not `GPT-4` (content/posts/p0.md, "
        "content/posts/p1.md and content/posts/p2.md): two tags, /tags/gpt4/ and /tags/gpt-4/; "
        "write them the same way if they are one",
        "content/posts/odd.md:5: warning: tag `gpt_4` is not `GPT-4` (content/posts/p0.md, "
        "content/posts/p1.md and content/posts/p2.md): two tags, /tags/gpt_4/ and /tags/gpt-4/; "
        "write them the same way if they are one"], said


def test_a_label_for_a_name_no_post_writes_is_said_at_its_line(site):
    site.write("site.yaml", "series:\n  Attention 精度: {zh: 注意力}\n  vae: {zh: 变分}\n"
               "tags:\n  nosuchtag: {zh: 无}\ncategories:\n  ML: {zh: 机器学习}\n")
    site.post("a.md", "A", series='"Attention 精读"', tags="[x]", categories="[ml, dl]")
    site.post("b.md", "B", series="VAE", draft="true")  # (a draft's names count)
    said = sorted(m for m in messages(site.build()) if "labels" in m)
    assert said == [
        "site.yaml:2: warning: `series` labels `Attention 精度`, which no post names; did you "
        "mean `Attention 精读`?",
        "site.yaml:5: warning: `tags` labels `nosuchtag`, which no post names"], said


def test_a_label_left_by_a_renamed_tag_offers_an_unlabelled_name(site):
    """After `paper-notes` was renamed `reading-notes`, its label offered `notes`, a tag with
    its own label: the name meant is one no label is for."""
    site.write("site.yaml", "tags:\n  notes: {zh: 笔记}\n  paper-notes: {zh: 论文笔记}\n")
    site.post("a.md", "A", tags="[notes, reading-notes]")
    said = [m for m in messages(site.build()) if "labels" in m]
    assert said == ["site.yaml:3: warning: `tags` labels `paper-notes`, which no post names; "
                    "did you mean `reading-notes`?"], said


def test_traditional_names_are_read_as_their_words_are_in_pinyin_order(site):
    """pypinyin's words are Simplified: in Traditional a character of several readings was
    read alone, 長度 as zhǎng (after 常數), 銀行 as xíng (after 銀河), 音樂 as lè (before 音訊)."""
    site.write("site.yaml", "languages: {zh-TW: {}, en: {}}\n")
    site.post("a.md", "甲", tags="[常數, 長度, 銀河, 銀行, 音樂, 音訊]")
    site.build()
    assert listed(site.read("tags/"), "tags") == ["長度", "常數", "音訊", "音樂", "銀行", "銀河"]


def test_the_sites_picture_is_the_link_preview_of_pages_without_their_own(site):
    """site.yaml's `image` (Hugo's site `images`): a post without a picture, the home page and
    a tag page, shared in a chat, show it in their card, absolute under the project's path;
    a post's own cover comes first."""
    site.write("site.yaml", "base_url: https://u.github.io/repo/\nimage: /og.png\n")
    site.write("static/og.png", raw=b"\x89PNG\r\n\x1a\n")
    site.write("content/posts/b/cover.png", raw=b"\x89PNG\r\n\x1a\n")
    site.post("a.md", "没有图", tags="[ml]")
    site.post("b/index.md", "有封面", cover="cover.png")
    result = site.build()
    assert result.written and messages(result) == []
    shared = '<meta property="og:image" content="https://u.github.io/repo/og.png">'
    for page in ("posts/a/", "", "tags/ml/"):
        head = site.read(page).split("</head>")[0]
        assert shared in head, page
        assert '<meta name="twitter:card" content="summary_large_image">' in head, page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                                site.read("posts/a/"), re.S).group(1))
    assert data["image"] == "https://u.github.io/repo/og.png"
    own = site.read("posts/b/").split("</head>")[0]
    assert 'content="https://u.github.io/repo/posts/b/cover.png"' in own and shared not in own


def png_header(width: int, height: int) -> bytes:
    """The start of a PNG of that size: all a reader of its size reads."""
    return b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + struct.pack(">II", width, height) + bytes(8)


def test_a_link_previews_picture_comes_with_its_size_and_what_it_shows(site):
    """Facebook and LinkedIn show no picture on a page's first share until they have fetched
    one whose size they were not told: every card's local picture has its width and height,
    and its alt text, the writer's (`cover_alt`, Chirpy's `image: {alt}`) or the title."""
    site.write("site.yaml", "base_url: https://u.github.io/repo/\nimage: /og.png\n")
    site.write("static/og.png", raw=png_header(1200, 630))
    site.write("content/posts/b/cover.png", raw=png_header(800, 418))
    site.write("content/posts/c/cover.png", raw=png_header(640, 320))
    site.post("a.md", "没有图", tags="[ml]")
    site.post("b/index.md", "有封面", cover="cover.png", cover_alt="VAE 的潜空间")
    site.post("c/index.md", "Chirpy", image="{path: cover.png, alt: A latent space}")
    site.post("d.md", "Elsewhere", cover="https://cdn.example.org/x.png")
    site.write("content/posts/e/c.png", raw=png_header(400, 210))
    site.post("e/index.md", "PaperMod", cover="{image: c.png, alt: A cover of PaperMod's}")
    result = site.build()
    assert result.written and messages(result) == []
    for page in ("posts/a/", "", "tags/ml/"):
        head = site.read(page).split("</head>")[0]
        assert '<meta property="og:image:width" content="1200">\n' \
               '<meta property="og:image:height" content="630">' in head, page
    head = site.read("posts/a/").split("</head>")[0]
    assert '<meta property="og:image:alt" content="没有图">' in head
    head = site.read("posts/b/").split("</head>")[0]
    assert 'content="https://u.github.io/repo/posts/b/cover.png"' in head
    assert '<meta property="og:image:width" content="800">' in head
    assert '<meta property="og:image:height" content="418">' in head
    assert '<meta property="og:image:alt" content="VAE 的潜空间">' in head
    assert '<meta name="twitter:image:alt" content="VAE 的潜空间">' in head
    head = site.read("posts/c/").split("</head>")[0]
    assert 'content="https://u.github.io/repo/posts/c/cover.png"' in head
    assert '<meta property="og:image:width" content="640">' in head
    assert '<meta property="og:image:alt" content="A latent space">' in head
    head = site.read("posts/e/").split("</head>")[0]
    assert 'content="https://u.github.io/repo/posts/e/c.png"' in head
    assert '<meta property="og:image:height" content="210">' in head
    assert '<meta property="og:image:alt" content="A cover of PaperMod&#39;s">' in head
    head = site.read("posts/d/").split("</head>")[0]  # (another host's: no size to tell)
    assert 'content="https://cdn.example.org/x.png"' in head and "og:image:width" not in head
    assert '<meta property="og:image:alt" content="Elsewhere">' in head


def test_tag_category_series_and_archive_pages_have_descriptions_of_their_own(site):
    """Search engines reported every tag, category, series and archive page as one meta
    description duplicated: each was the site's. Each says what it lists, in its language."""
    site.write("site.yaml", "base_url: https://u.github.io/\nlanguages:\n"
                            "  zh: {title: 星际笔记, description: 机器学习的笔记}\n"
                            "  en: {title: Star notes, description: Notes on ML}\n")
    site.post("a.md", "甲", tags="[VAE]", categories="[机器学习]", series="生成模型")
    site.post("b.md", "乙", tags="[VAE]")
    site.post("c.md", "C", tags="[VAE]", lang="en")

    def description(page: str) -> str:
        return re.search(r'<meta name="description" content="([^"]*)">',
                         site.read(page)).group(1)

    result = site.build()
    assert result.written and messages(result) == []
    assert description("tags/vae/") == "标签「VAE」下的 3 篇文章"  # (C too: it lists it)
    assert description("categories/机器学习/") == "分类「机器学习」下的 1 篇文章"
    assert description("series/生成模型/") == "系列「生成模型」的 1 篇文章"
    assert description("archives/") == "星际笔记的全部 2 篇文章，按时间倒序排列"
    assert description("tags/") == "星际笔记的所有标签及其文章"
    assert description("en/tags/vae/") == "3 posts tagged “VAE”"
    assert description("en/series/生成模型/") == "1 post in the series “生成模型”"
    assert description("en/archives/") == "All 3 posts of Star notes, newest first"
    assert description("en/categories/") == "Every category of Star notes, with its posts"
    assert description("") == "机器学习的笔记" and description("en/") == "Notes on ML"


def test_an_empty_index_of_categories_or_series_is_published_but_kept_from_search(site):
    """As Hugo does, every taxonomy's index is published, even empty (a new site's menu may
    link it before any post has a category); but "这里还没有文章。" is no page for a search
    engine that comes across it: `noindex`, as it is out of the sitemap. A full one is not."""
    site.write("site.yaml", "base_url: https://u.github.io/\n")
    site.post("a.md", "甲", tags="[VAE]")
    result = site.build()
    assert result.written and messages(result) == []
    robots = '<meta name="robots" content="noindex">'
    for page in ("categories/", "series/"):
        assert robots in site.read(page).split("</head>")[0], page
    assert robots not in site.read("tags/") and robots not in site.read("tags/vae/")
    assert "/categories/" not in site.read("sitemap.xml")

def test_the_sites_x_account_is_named_in_its_cards(site):
    """site.yaml's `twitter` (a handle, or the profile's URL) is every page's `twitter:site`,
    and `twitter:creator` of the posts of the site's own author, not of a guest's."""
    site.write("site.yaml", "base_url: https://u.github.io/\nauthor: 爱丽丝\n"
                            "twitter: https://x.com/alice_ml\n")
    site.post("a.md", "甲", tags="[VAE]")
    site.post("b.md", "乙", author="Bob")
    result = site.build()
    assert result.written and messages(result) == []
    for page in ("", "tags/vae/", "posts/a/", "posts/b/"):
        assert '<meta name="twitter:site" content="@alice_ml">' in site.read(page), page
    assert '<meta name="twitter:creator" content="@alice_ml">' in site.read("posts/a/")
    assert "twitter:creator" not in site.read("posts/b/") + site.read("")


def test_an_x_account_that_is_no_handle_is_a_warning_at_its_line(site):
    site.write("site.yaml", "title: T\ntwitter: alice ml\n")
    site.post("a.md", "A")
    result = site.build()
    assert result.written
    (said,) = [m for m in messages(result) if "twitter" in m]
    assert "site.yaml:2: warning: `twitter: alice ml` is no X account" in said
    assert "twitter:site" not in site.read("posts/a/")


def test_an_x_account_written_as_jekyll_seo_tag_writes_it_names_the_account(site):
    """jekyll-seo-tag's `twitter: {username: alice_ml}`, in a _config.yml a writer copies
    from, stopped the build ("`twitter` should be text"): its username is the account."""
    site.write("site.yaml", "base_url: https://u.github.io/\ntwitter:\n  username: alice_ml\n")
    site.post("a.md", "A")
    result = site.build()
    assert result.written and messages(result) == []
    assert '<meta name="twitter:site" content="@alice_ml">' in site.read("posts/a/")


def test_a_sites_image_that_is_no_file_is_one_warning_at_its_line(site):
    """Named on every page, a missing `image` was reported at 404.html, "and on N other
    pages": the writer wrote it in site.yaml."""
    site.write("site.yaml", "base_url: https://u.github.io/repo/\nimage: og.png\n")
    site.post("a.md", "A")
    said = [m for m in messages(site.build()) if "og.png" in m]
    assert len(said) == 1 and said[0].split("/blog/")[-1].startswith(
        "site.yaml:2: warning: broken link `og.png` of the site's `image`: "), said


def test_hugos_images_key_in_site_yaml_says_the_sites_picture_is_image(site):
    site.write("site.yaml", "title: T\nimages: [og.png]\n")
    site.post("a.md", "A")
    result = site.build()
    assert any("site.yaml:2" in m and "`image`" in m for m in messages(result)), \
        messages(result)


def test_an_svg_cover_gives_way_to_a_picture_sharing_cards_show_and_is_said(site):
    """`cover: c.svg` was the og:image of a large card, which Facebook, X and Telegram draw
    with no picture: the post's first other picture stands in, with a warning at the key."""
    site.write("site.yaml", "base_url: https://u.github.io/repo/\n")
    site.write("content/posts/a/c.svg", "<svg xmlns='http://www.w3.org/2000/svg'></svg>")
    site.write("content/posts/a/fig.png", raw=b"\x89PNG\r\n\x1a\n")
    site.post("a/index.md", "A", cover="c.svg", body="![f](fig.png)\n")
    result = site.build()
    head = site.read("posts/a/").split("</head>")[0]
    assert '<meta property="og:image" content="https://u.github.io/repo/posts/a/fig.png">' \
        in head
    (said,) = [m for m in messages(result) if "c.svg" in m]
    assert "content/posts/a/index.md:4: warning: `cover: c.svg`: link previews" in said
    assert "name a PNG or JPEG" in said

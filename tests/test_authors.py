"""A post's own `author:` (or Hugo's `authors:` list): shown under its title, named in the feeds
and in its JSON-LD; a value that names no one is a warning at its line. A post without one is
the site's author's, and shows as it did."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

import feedparser
import html5lib
from conftest import messages

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
TWO = "title: 共笔\nbase_url: https://u.github.io/repo/\nfeeds: {rss: true}\n" \
      "languages: {zh: {}, en: {}}\n"


def byline(page: str) -> tuple[str, str] | None:
    """The byline under a post's title: its text, and its HTML; None without one."""
    tree = html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)
    found = tree.find(".//p[@class='post-meta']/span[@class='post-author']")
    if found is None:
        return None
    return "".join(found.itertext()), ET.tostring(found, encoding="unicode")


def json_ld(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                                page).group(1))


def two_authors(site, site_author: str = "") -> None:
    site.write("site.yaml", TWO + (f"author: {site_author}\n" if site_author else ""))
    site.post("a.md", "注意力", authors="[爱丽丝, Bob]", lang="zh")
    site.post("a.en.md", "Attention", author="爱丽丝", lang="en")
    site.post("b.md", "无名", date="2024-05-02", lang="zh")
    result = site.build()
    assert result.written, messages(result)
    assert messages(result, "warning") == []


def test_a_posts_authors_are_its_byline_in_either_language_each_name_in_its_own(site):
    two_authors(site)
    text, html = byline(site.read("posts/a/"))
    assert text == "作者：爱丽丝、Bob"
    assert '<span lang="en">Bob</span>' in html and 'lang="zh' not in html
    text, html = byline(site.read("en/posts/a/"))
    assert text == "By 爱丽丝"
    assert '<span lang="zh-CN">爱丽丝</span>' in html
    # a post that names no one is the site's: no byline, as before
    assert byline(site.read("posts/b/")) is None


def test_three_authors_read_as_a_list_in_english(site):
    site.write("site.yaml", "languages: {en: {}}\n")
    site.post("a.md", "A", authors="[Ada, Bob, Cy]")
    site.build()
    assert byline(site.read("posts/a/"))[0] == "By Ada, Bob and Cy"


def test_the_sites_own_author_named_by_a_post_shows_no_byline_but_a_coauthor_shows_both(site):
    site.write("site.yaml", "author: 林深\nlanguages: {zh: {}}\n")
    site.post("a.md", "甲", author="林深")
    site.post("b.md", "乙", authors="[林深, 爱丽丝]")
    site.build()
    assert byline(site.read("posts/a/")) is None
    assert byline(site.read("posts/b/"))[0] == "作者：林深、爱丽丝"
    assert json_ld(site.read("posts/a/"))["author"] == {"@type": "Person", "name": "林深"}


def test_the_json_ld_names_the_posts_authors_else_the_sites_and_never_its_title(site):
    two_authors(site)
    assert json_ld(site.read("posts/a/"))["author"] == [
        {"@type": "Person", "name": "爱丽丝"}, {"@type": "Person", "name": "Bob"}]
    assert json_ld(site.read("en/posts/a/"))["author"] == {"@type": "Person", "name": "爱丽丝"}
    # no author anywhere: none is named (the site's title is no Person)
    assert "author" not in json_ld(site.read("posts/b/"))
    assert "共笔" not in json.dumps(json_ld(site.read("posts/b/")), ensure_ascii=False)

    two_authors(site, site_author="林深")
    assert json_ld(site.read("posts/b/"))["author"] == {"@type": "Person", "name": "林深"}
    assert json_ld(site.read("posts/a/"))["author"][1] == {"@type": "Person", "name": "Bob"}


def test_feed_entries_name_their_posts_authors_in_atom_and_rss(site):
    two_authors(site, site_author="林深")
    atom = ET.fromstring(site.read("atom.xml").encode())
    assert [name.text for name in atom.findall(f"{ATOM}author/{ATOM}name")] == ["林深"]
    entries = {entry.findtext(f"{ATOM}title"): entry for entry in atom.findall(f"{ATOM}entry")}
    assert [n.text for n in entries["注意力"].findall(f"{ATOM}author/{ATOM}name")] == \
        ["爱丽丝", "Bob"]
    assert entries["无名"].find(f"{ATOM}author") is None  # (the feed's author is its)
    rss = ET.fromstring(site.read("rss.xml").encode())
    items = {item.findtext("title"): item for item in rss.iter("item")}
    assert [c.text for c in items["注意力"].findall(f"{DC}creator")] == ["爱丽丝", "Bob"]
    assert items["无名"].find(f"{DC}creator") is None
    assert rss.iter("author") is not None and not list(rss.iter("author"))  # (an email's)
    # what feed readers read
    for name in ("atom.xml", "rss.xml"):
        parsed = feedparser.parse(site.read(name))
        assert not parsed.bozo, (name, parsed.bozo_exception)
        entry = next(e for e in parsed.entries if e.title == "注意力")
        assert [a.get("name") for a in entry.authors] == ["爱丽丝", "Bob"]
    en = feedparser.parse(site.read("en/atom.xml"))
    assert next(e for e in en.entries if e.title == "Attention").author == "爱丽丝"


def test_a_feed_without_a_site_author_names_no_title_when_every_entry_has_its_own(site):
    site.write("site.yaml", "title: 共笔\nlanguages: {zh: {}}\n")
    site.post("a.md", "甲", author="爱丽丝")
    site.post("b.md", "乙", author="Bob")
    site.build()
    atom = ET.fromstring(site.read("atom.xml").encode())
    assert atom.find(f"{ATOM}author") is None
    assert [e.findtext(f"{ATOM}author/{ATOM}name") for e in atom.findall(f"{ATOM}entry")] == \
        ["Bob", "爱丽丝"]
    site.post("c.md", "丙")  # (one entry without: Atom wants the feed's, the title as before)
    site.build()
    atom = ET.fromstring(site.read("atom.xml").encode())
    assert atom.findtext(f"{ATOM}author/{ATOM}name") == "共笔"
    # a one-author feed is as it was: no <author> in its entries, no Dublin Core in its RSS
    site.write("site.yaml", "author: 林深\nfeeds: {rss: true}\nlanguages: {zh: {}}\n")
    site.post("a.md", "甲", author="林深")
    site.post("b.md", "乙")
    site.build()
    atom = ET.fromstring(site.read("atom.xml").encode())
    assert [e.find(f"{ATOM}author") for e in atom.findall(f"{ATOM}entry")] == [None] * 3
    assert "xmlns:dc" not in site.read("rss.xml")


def test_a_value_that_names_no_one_is_a_warning_at_its_line(site):
    site.write("site.yaml", "author: 林深\nlanguages: {zh: {}}\n")
    site.post("a.md", "甲", author="123")
    site.post("b.md", "乙", author="{name: Carol, url: https://c.example/}")
    site.post("c.md", "丙", author='""')
    site.post("d.md", "丁", authors="[Bob, 7, '']")
    site.post("e.md", "戊", author="爱丽丝, Bob")
    site.post("f.md", "己", author="true")
    site.write("content/posts/g.md", '+++\ntitle = "庚"\ndate = 2024-05-01\n\nauthor = 5\n'
               '+++\nText.\n')
    result = site.build()
    assert result.written
    example = "`author: 爱丽丝`, or `authors: [爱丽丝, Bob]` for several"
    assert [m for m in messages(result, "warning") if m.startswith("content/")] == [
        "content/posts/a.md:4: warning: `author` should be a name, not the number 123: quote "
        f'it if it is one (`author: "123"`), else {example}',
        "content/posts/b.md:4: warning: `author` should be a name, not a mapping: write "
        "`author: Carol` (its other fields are not read)",
        f"content/posts/c.md:4: warning: `author` is empty: write a name ({example}), or "
        "leave the line out",
        "content/posts/d.md:4: warning: `authors`: item 2 (7), item 3 (empty) are no name: "
        f"left out (write each as a name: {example})",
        "content/posts/e.md:4: warning: `author: 爱丽丝, Bob` is one name (a comma parts "
        "nothing in a string): write `authors: [爱丽丝, Bob]` for 2 authors",
        f"content/posts/f.md:4: warning: `author` should be a name, not true: {example}",
        "content/posts/g.md:5: warning: `author` should be a name, not the number 5: quote "
        f'it if it is one (`author: "5"`), else {example}']
    # what is no name is left out: the site's author stands in, the page builds
    page = site.read("posts/a/")
    assert byline(page) is None and "123" not in page.split("<main", 1)[0]
    assert json_ld(page)["author"] == {"@type": "Person", "name": "林深"}
    assert byline(site.read("posts/d/"))[0] == "作者：Bob"
    # said again by a build that reuses the cache, and an error under --strict
    site.write("site.yaml", "author: 林深\nlanguages: {zh: {}}\n")
    again = site.build(use_cache=True)
    again = site.build(use_cache=True)
    assert sum("should be a name" in m for m in messages(again, "warning")) == 4
    assert not site.build(strict=True).written


def test_a_slip_of_author_is_told_like_any_other_keys(site):
    site.write("content/posts/a.md", "---\ntitle: A\ndate: 2024-05-01\nautor: 爱丽丝\n---\nT.\n")
    result = site.build()
    assert [m for m in messages(result, "warning") if "a.md" in m] == [
        "content/posts/a.md:4: warning: `autor` is not a front-matter key; "
        "did you mean `author`?"]


def test_the_example_blogs_posts_are_its_authors_and_show_no_byline(example_site):
    """The example blog has one author (site.yaml's) and no post names one: its pages are as
    they were before posts could name theirs."""
    post = (example_site / "posts/generative-models/ddpm/index.html").read_text("utf-8")
    assert byline(post) is None and "post-author" not in post
    assert json_ld(post)["author"] == {"@type": "Person", "name": "林深"}
    for home in ("index.html", "en/index.html"):
        assert "post-author" not in (example_site / home).read_text("utf-8")
    atom = (example_site / "atom.xml").read_text("utf-8")
    assert atom.count("<author>") == 1 and "<name>林深</name>" in atom

"""An unlisted post (`unlisted: true`, hexo-hide-posts' `hidden`, Fluid's `hide`, Hugo's
`build: {list: never}`) is published at its URL and found by no one else: no list, feed,
sitemap, search, previous/next or related post names it, and its page asks search engines
not to index it. `sitemap: false` and `noindex: true` do one part of that each."""

from __future__ import annotations

import pytest
from conftest import messages

ROBOTS = '<meta name="robots" content="noindex">'


def files_naming(site, *texts: str) -> set[str]:
    """The output files (as site paths) whose text holds one of `texts`."""
    return {path.relative_to(site.output).as_posix() for path in site.output.rglob("*")
            if path.is_file() and any(text in path.read_text(encoding="utf-8",
                                                             errors="replace")
                                      for text in texts)}


# How a file names the Chinese post's URL, site-relative or absolute (not the English one's)
SECRET = ('"/posts/secret/', "example.org/posts/secret/")


def blog(site, unlisting: str) -> None:
    """A bilingual blog of three listed posts and one unlisted one between them in time,
    sharing their tag, category and series, with a tag and a category of its own, and an
    English translation that is listed."""
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n"
                            "languages: {zh: {}, en: {}}\n")
    site.post("a.md", "Alpha", date="2024-05-01", tags="[ml]", categories="[ml]", series="s")
    site.post("b.md", "Beta", date="2024-05-03", tags="[ml]", categories="[ml]", series="s")
    site.write("content/posts/secret.md",
               f"---\ntitle: Zzsecret\ndate: 2024-05-02\n{unlisting}\ntags: [ml, zzonly]\n"
               "categories: [ml, zzprivate]\nseries: s\n---\n注意力的秘密 zzword。\n")
    site.post("secret.en.md", "Open translation", date="2024-05-02", lang="en", tags="[ml]")


@pytest.mark.parametrize("unlisting", [
    "unlisted: true", "hidden: true", "hide: true", "build: {list: never}",
    "_build:\n  list: false"])
def test_an_unlisted_post_is_at_its_url_and_named_by_no_list_feed_sitemap_or_search(
        site, unlisting):
    blog(site, unlisting)
    result = site.build()
    assert result.written
    assert messages(result) == []  # (no link of its page leads to a term page that is not)
    own = site.read("posts/secret/")
    assert "zzword" in own and ROBOTS in own
    # its language switch, and its translation's, lead to each other
    assert 'href="/en/posts/secret/"' in own
    assert 'href="/posts/secret/"' in site.read("en/posts/secret/")
    assert files_naming(site, *SECRET) == {"posts/secret/index.html",
                                                   "en/posts/secret/index.html"}
    # (no hreflang to a page kept from search engines: only the switch leads there)
    assert 'example.org/posts/secret/' not in site.read("en/posts/secret/")
    assert files_naming(site, "Zzsecret") == {"posts/secret/index.html"}
    assert files_naming(site, "zzword") == {"posts/secret/index.html"}
    # its own tag and category have no page (it would list nothing, and name them)
    assert files_naming(site, "zzonly") == files_naming(site, "zzprivate") == set()
    assert 'href="/tags/ml/"' in own and 'href="/categories/ml/"' in own
    # the posts either side of it in time are each other's neighbours
    assert 'href="/posts/a/"' in site.read("posts/b/")
    assert ROBOTS not in site.read("posts/b/") and ROBOTS not in site.read("en/posts/secret/")


def test_an_unlisted_part_of_a_series_shows_no_box_of_parts_it_is_not_among(site):
    blog(site, "unlisted: true")
    assert site.build().written
    assert "series-box" in site.read("posts/a/")
    assert "series-box" not in site.read("posts/secret/")


@pytest.mark.parametrize("unlisting", ["unlisted: false", "hidden: false", "hide: no",
                                       "build: {list: always}"])
def test_a_post_said_to_be_listed_is_listed(site, unlisting):
    blog(site, unlisting)
    assert site.build().written
    assert "posts/secret/" in site.read("") and "posts/secret/" in site.read("sitemap-zh.xml")
    assert ROBOTS not in site.read("posts/secret/")


def test_any_of_its_names_saying_unlisted_unlists_it(site):
    blog(site, "unlisted: false\nhidden: true")
    assert site.build().written
    assert "posts/secret/" not in site.read("")


def test_an_unlisted_value_that_is_no_flag_is_an_error_at_its_line(site):
    blog(site, "hidden: maybe")
    result = site.build()
    assert not result.written
    assert messages(result) == [
        "content/posts/secret.md:4: error: `hidden` should be true or false"]


def test_a_slip_of_unlisted_unlists_the_post_meanwhile(site):
    blog(site, "Unlisted: true")
    result = site.build()
    assert result.written
    assert messages(result) == [
        "content/posts/secret.md:4: warning: `Unlisted` is not a front-matter key; did you "
        "mean `unlisted`? The post is unlisted meanwhile, as `unlisted: true` would"]
    assert "posts/secret/" not in site.read("")


@pytest.mark.parametrize("key", ["sitemap: false", "sitemap: {disable: true}"])
def test_sitemap_false_leaves_a_page_out_of_the_sitemap_only(site, key):
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    site.post("a.md", "Alpha", body="zzalpha", **dict([key.split(": ", 1)]))
    site.write("content/about.md", f"---\ntitle: About\n{key}\n---\nzzabout\n")
    assert site.build().written
    sitemap = site.read("sitemap.xml")
    assert "posts/a/" not in sitemap and "about/" not in sitemap
    assert "posts/a/" in site.read("") and "posts/a/" in site.read("atom.xml")
    assert ROBOTS not in site.read("posts/a/") and ROBOTS not in site.read("about/")
    assert files_naming(site, "zzalpha") > {"posts/a/index.html", "atom.xml"}  # (the search)


def test_hugo_sitemap_settings_that_do_not_disable_it_leave_the_page_in(site):
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    site.post("a.md", "Alpha", sitemap="{changefreq: weekly, disable: false}")
    assert site.build().written
    assert "posts/a/" in site.read("sitemap.xml")


def test_noindex_asks_search_engines_not_to_index_the_page_and_leaves_it_out_of_the_sitemap(
        site):
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    site.post("a.md", "Alpha", noindex="true")
    site.write("content/about.md", "---\ntitle: About\nnoindex: true\n---\nhi\n")
    assert site.build().written
    assert ROBOTS in site.read("posts/a/") and ROBOTS in site.read("about/")
    assert "posts/a/" not in site.read("sitemap.xml") and "about/" not in site.read("sitemap.xml")
    assert "posts/a/" in site.read("") and "posts/a/" in site.read("atom.xml")


def test_a_sitemap_value_that_says_nothing_is_an_error_at_its_line(site):
    site.write("content/about.md", "---\ntitle: About\nsitemap: sometimes\n---\nhi\n")
    result = site.build()
    assert messages(result, "error") == [
        "content/about.md:3: error: `sitemap` should be true or false (or Hugo's "
        "`{disable: true}`)"]


def test_an_unlisted_page_is_out_of_the_sitemap_and_the_search(site):
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    site.write("content/thanks.md", "---\ntitle: Thanks\nunlisted: true\n---\nzzthanks\n")
    assert site.build().written
    assert ROBOTS in site.read("thanks/")
    assert files_naming(site, "zzthanks") == {"thanks/index.html"}
    assert "thanks/" not in site.read("sitemap.xml")

"""Permalink patterns, per-post URLs and redirect pages from old URLs."""

from __future__ import annotations

import html

import pytest
from conftest import messages

from blogforge.content import permalinks


def test_hexo_pattern_with_its_asset_folder(site):
    site.write("site.yaml", "permalink: /:year/:month/:day/:title/\n")
    site.post("transformer.md", "Transformer", date="2023-05-01 10:00:00",
              body="![attention](attention.png)\n")
    site.write("content/posts/transformer/attention.png", raw=b"\x89PNG\r\n\x1a\n")
    result = site.build()
    assert messages(result, "error") == []
    assert site.exists("2023/05/01/transformer/index.html")
    assert site.exists("2023/05/01/transformer/attention.png")  # the folder follows the post
    assert not site.exists("posts/transformer/index.html")
    assert 'href="/2023/05/01/transformer/"' in site.read("")
    assert not [m for m in messages(result) if "broken link" in m]


# A PNG of 3 x 2 pixels (its size reaches the page as width and height).
PNG_3X2 = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000030000000208020000001216f1"
                        "4d000000104944415478da63f8cfc000410c70160041d205fb6ff116c700000000"
                        "49454e44ae426082")


def test_bundle_posts_at_html_urls_publish_their_files_in_a_folder_of_their_name(site):
    site.write("site.yaml", "base_url: https://e.com/blog/\n"
                            "permalink: /:year/:month/:day/:title.html\n")
    # a bundle, and Hexo's asset folder beside its post: two posts of one day, one file name
    site.post("a/index.md", "A", date="2020-01-02 10:11:12",
              body="![pic](image.png)\n\n[the file](./image.png#top) and "
                   '<img src="image.png" alt="raw">\n')
    site.write("content/posts/a/image.png", raw=PNG_3X2)
    site.post("b.md", "B", date="2020-01-02 11:00:00", cover="image.png",
              body="![](image.png \"A caption\")\n")
    site.write("content/posts/b/image.png", raw=PNG_3X2)
    result = site.build()
    assert messages(result, "error") == []  # (they both wanted /2020/01/02/image.png)
    assert site.exists("2020/01/02/a/image.png") and site.exists("2020/01/02/b/image.png")
    assert not site.exists("2020/01/02/image.png")
    a = site.read("2020/01/02/a.html")
    assert '<img src="/blog/2020/01/02/a/image.png" alt="pic" decoding="async" width="3" ' \
        'height="2" />' in a
    assert '<a href="/blog/2020/01/02/a/image.png#top">the file</a>' in a
    assert '<img src="/blog/2020/01/02/a/image.png" alt="raw" ' in a  # raw HTML too
    assert '<meta property="og:image" content="https://e.com/blog/2020/01/02/a/image.png">' in a
    b = site.read("2020/01/02/b.html")
    assert '<a class="figure-zoom" href="/blog/2020/01/02/b/image.png"' in b
    assert 'width="3" height="2"' in b  # (the asset folder's image is found to be sized)
    # its cover: the link preview's image, and the search engines'
    assert '<meta property="og:image" content="https://e.com/blog/2020/01/02/b/image.png">' in b
    assert '"image": "https://e.com/blog/2020/01/02/b/image.png"' in b
    feed = site.read("atom.xml")
    assert 'src="https://e.com/blog/2020/01/02/a/image.png" alt="raw"' in html.unescape(feed)
    assert 'href="https://e.com/blog/2020/01/02/a/image.png#top"' in html.unescape(feed)
    assert 'src="https://e.com/blog/2020/01/02/b/image.png"' in html.unescape(feed)
    assert not [m for m in messages(result) if "broken link" in m]


def test_relative_urls_naming_no_bundle_file_keep_their_meaning_and_folder_pages_keep_theirs(
        site):
    site.write("site.yaml", "base_url: https://e.com/\n"
                            "permalink: /:year/:month/:day/:title.html\n")
    # Hexo writers link a post beside this one, and its asset folder as their editor sees it
    site.post("a.md", "A", date="2020-01-02 10:11:12",
              body="See [B](b.html) and ![pic](a/image.png), ![gone](missing.png).\n")
    site.write("content/posts/a/image.png", raw=PNG_3X2)
    site.post("b.md", "B", date="2020-01-02 11:00:00")
    # a bundle whose page is a folder: its relative URLs are left to the browser, as before
    site.post("c/index.md", "C", date="2020-01-03 10:00:00", permalink="/notes/c/",
              body="![pic](image.png)\n")
    site.write("content/posts/c/image.png", raw=PNG_3X2)
    result = site.build()
    a = site.read("2020/01/02/a.html")
    assert '<a href="b.html">B</a>' in a
    assert '<img src="a/image.png" alt="pic"' in a
    assert '<img src="missing.png" alt="gone"' in a
    assert site.exists("2020/01/02/a/image.png")
    assert [m for m in messages(result) if "broken link" in m] == [
        "content/posts/a.md:5: warning: broken link `missing.png`: no file "
        "/2020/01/02/missing.png in the output; put the file at content/posts/missing.png, "
        "beside a.md (or in the post's own folder: content/posts/a/missing.png)"]
    c = site.read("notes/c/")
    assert site.exists("notes/c/image.png")
    assert '<img src="image.png" alt="pic" decoding="async" width="3" height="2" />' in c
    assert '<meta property="og:image" content="https://e.com/notes/c/image.png">' in c


def test_a_clash_at_the_bundles_place_names_the_asset_folders_file(site):
    site.write("site.yaml", "permalink: /:year/:month/:day/:title.html\n")
    site.post("a.md", "A", date="2020-01-02 10:11:12", body="![pic](image.png)\n")
    site.write("content/posts/a/image.png", raw=PNG_3X2)
    site.write("static/2020/01/02/a/image.png", raw=PNG_3X2)
    [error] = messages(site.build(), "error")
    assert "content/posts/a/image.png" in error and "static/2020/01/02/a/image.png" in error
    assert "/2020/01/02/a/image.png" in error


def test_a_translations_bundle_files_follow_each_language_version(site):
    site.write("site.yaml", "base_url: https://e.com/\npermalink: /:year/:month/:day/:title.html\n"
                            "languages:\n  zh: {title: 中}\n  en: {title: En}\n")
    site.post("a/index.md", "甲", date="2020-01-02 10:11:12", body="![图](image.png)\n",
              lang="zh")
    site.post("a/index.en.md", "A", date="2020-01-02 10:11:12", body="![pic](image.png)\n",
              lang="en")
    site.write("content/posts/a/image.png", raw=PNG_3X2)
    result = site.build()
    assert '<img src="/2020/01/02/a/image.png"' in site.read("2020/01/02/a.html")
    assert '<img src="/en/2020/01/02/a/image.png"' in site.read("en/2020/01/02/a.html")
    assert site.exists("en/2020/01/02/a/image.png")
    assert not [m for m in messages(result) if "broken link" in m]


@pytest.mark.parametrize(("page", "folder"), [
    ("posts/a/", "posts/a/"),  # a folder page holds its files
    ("", ""),
    ("2020/01/02/a.html", "2020/01/02/a/"),  # Hexo's place for them
    ("2020/01/02/a.htm", "2020/01/02/a/"),
    ("a.HTML", "a/"),
    ("notes/a/index.html", "notes/a/"),  # the page of its folder
    ("notes/v1.2", "notes/"),  # not a page's extension: beside it, as before
])
def test_where_a_bundle_pages_files_are_published(page, folder):
    assert permalinks.bundle_folder(page) == folder


def test_jekyll_date_style_gives_html_files_under_categories(site):
    site.write("site.yaml", "permalink: date\n")
    site.write("content/posts/2017-06-21-gan-notes.md", "---\ntitle: GAN\n---\nText.\n")
    site.write("content/posts/2017-07-01-vae.md",
               "---\ntitle: VAE\ncategories: ml notes\n---\nText.\n")
    site.build()
    assert site.exists("2017/06/21/gan-notes.html")
    assert site.exists("ml/notes/2017/07/01/vae.html")
    assert 'href="/2017/06/21/gan-notes.html"' in site.read("")


def test_categories_title_html_and_slug(site):
    site.write("site.yaml", "permalink: /:categories/:title.html\n")
    site.post("a.md", "A", categories="[Deep Learning]")
    site.post("b.md", "B", slug="bee")
    site.build()
    assert site.exists("deep-learning/a.html")
    assert site.exists("bee.html")


def test_hugo_section_and_slug_or_title(site):
    site.write("site.yaml", "permalink: /:section/:slug_or_title/\n")
    site.post("x.md", "Attention Is All You Need")
    site.post("y.md", "Y", slug="why")
    site.build()
    assert site.exists("posts/attention-is-all-you-need/index.html")
    assert site.exists("posts/why/index.html")


def test_per_language_patterns(site):
    site.write("site.yaml", """\
        permalink: /:year/:title/
        languages:
          zh: {}
          en: {permalink: /notes/:title/}
        """)
    site.post("a.md", "中文", date="2024-02-03")
    site.post("b.md", "English", date="2024-02-03", lang="en")
    site.build()
    assert site.exists("2024/a/index.html")
    assert site.exists("en/notes/b/index.html")


def test_a_languages_pattern_that_writes_its_folder_is_said_at_its_line(site):
    """`en: {permalink: /en/:year/:title.html}` made /en/en/2024/b.html: the language's folder
    is put in front of its pattern; a warning at its line says what to write instead."""
    site.write("site.yaml", """\
        languages:
          zh: {permalink: /zh/:title/}
          en: {permalink: /en/:year/:title.html}
          ja: {permalink: "/:lang/:title/"}
        """)
    site.post("a.md", "中文")
    site.post("b.md", "English", lang="en")
    site.post("c.md", "日本語", lang="ja")
    result = site.build()
    said = [m.split("blog/", 1)[-1] for m in messages(result) if "permalink" in m]
    assert said == [
        "site.yaml:3: warning: `languages.en.permalink` starts with /en/, and the language's "
        "folder is put in front of its URLs: they are /en/en/…; write /:year/:title.html (or "
        "/:lang/:year/:title.html to place the folder yourself)"], said
    assert site.exists("en/en/2024/b.html") and site.exists("zh/a/index.html")


def test_front_matter_permalink_and_url_are_the_page_url(site):
    site.write("site.yaml", "permalink: /:year/:title/\n")
    site.post("a.md", "A", permalink="/old/path/a.html")
    site.post("b.md", "B", url="/legacy/b/")
    site.write("content/about.md", "---\ntitle: About\npermalink: /about-me/\n---\nMe.\n")
    site.build()
    assert site.exists("old/path/a.html")
    assert site.exists("legacy/b/index.html")
    assert site.exists("about-me/index.html")


ZH_EN = "title: T\nbase_url: https://u.github.io/repo/\nlanguages: {zh: {}, en: {}}\n"


def test_a_posts_own_permalink_is_its_url_in_every_language(site):
    """An English post's `permalink` is not moved under /en/ (imported posts keep their URLs);
    a page's neither."""
    site.write("site.yaml", ZH_EN)
    site.post("gd.en.md", "Gradient descent", lang="en", permalink="/2022/02/02/gd/")
    site.post("b.en.md", "B", lang="en", url="/notes/b.html")
    site.write("content/about.en.md", "---\ntitle: About\npermalink: /about-me/\n---\nMe.\n")
    site.post("c.en.md", "C", lang="en")  # (no URL of its own: in the English folder)
    result = site.build()
    assert result.written and not [m for m in messages(result) if "broken" in m], \
        messages(result)
    assert site.exists("2022/02/02/gd/index.html") and not site.exists("en/2022")
    assert site.exists("notes/b.html") and site.exists("about-me/index.html")
    assert site.exists("en/posts/c/index.html")
    assert 'href="/repo/2022/02/02/gd/"' in site.read("en/")


def test_a_pattern_with_lang_places_the_language_itself(site):
    """`:lang` is the language's code, for the default language too (as in Hexo); the
    pattern is the whole URL."""
    site.write("site.yaml", ZH_EN + "permalink: /:lang/:title/\n")
    site.post("a.md", "甲", lang="zh")
    site.post("a.en.md", "A", lang="en")
    result = site.build()
    assert result.written, messages(result)
    assert site.exists("en/a/index.html") and not site.exists("en/en")
    assert site.exists("zh/a/index.html")
    assert 'href="/repo/en/a/"' in site.read("zh/a/")  # (the translation, paired)


def test_own_urls_that_meet_are_still_an_error(site):
    site.write("site.yaml", ZH_EN)
    site.post("a.md", "甲", lang="zh", permalink="/same/")
    site.post("b.md", "B", lang="en", permalink="/same/")
    site.post("c.md", "C", lang="en", permalink="/en/")  # the English home's place
    result = site.build()
    assert not result.written
    errors = messages(result, "error")
    # (at the line that gives b its URL: it was line 1)
    assert "content/posts/b.md:5: error: two pages at the URL /same/: this one and " \
        "content/posts/a.md. Give one of them another `slug` or `permalink`" in errors
    assert any("content/posts/c.md" in m and "/en/index.html" in m for m in errors), errors


def test_aliases_and_redirect_from_make_redirect_pages(site):
    site.write("site.yaml", "base_url: https://u.github.io/blog/\n")
    site.post("new.md", "New home", aliases="[/old/one/, /2019/01/01/old.html]",
              redirect_from="/very-old/")
    result = site.build()
    assert messages(result, "error") == []
    for old in ("old/one/", "2019/01/01/old.html", "very-old/"):
        page = site.read(old)
        assert '<meta http-equiv="refresh" content="0; url=https://u.github.io/blog/posts/new/">' \
            in page
        assert '<link rel="canonical" href="https://u.github.io/blog/posts/new/">' in page
        assert '<a href="https://u.github.io/blog/posts/new/">New home</a>' in page
        assert '<meta name="robots" content="noindex">' in page
    assert not [m for m in messages(result) if "broken link" in m]
    assert "old/one" not in site.read("sitemap.xml")


def test_a_url_no_file_name_can_hold_is_an_error_at_its_key(site):
    # `url: "/x\0y/"` stopped the build with a traceback ("embedded null byte"); a slug of
    # 300 characters with "File name too long", naming no post
    site.write("site.yaml", "title: T\nbase_url: https://me.github.io/\n")
    site.post("ok.md", "Fine")
    site.post("a.md", "A", url='"/x\\0y/"')
    site.post("b.md", "B", slug="a" * 300)
    site.post("c.md", "C", aliases="\n  - /fine/\n  - /%01x/\n  - /" + "长" * 90 + "/")
    result = site.build()
    assert not result.written
    assert messages(result, "error") == [
        "content/posts/a.md:4: error: `url` /x\\x00y/ makes a URL that holds a control "
        "character (U+0000), which no file name can: leave it out",
        "content/posts/b.md:4: error: `slug` " + "a" * 59 + "… makes a URL that has a part 300 "
        "bytes long (`" + "a" * 20 + "…`), longer than a file name can be (255 bytes; a "
        "Chinese character takes 3): shorten it",
        "content/posts/c.md:6: error: `aliases` /%01x/ holds a control character (U+0001), "
        "which no file name can: leave it out",
        "content/posts/c.md:7: error: `aliases` /" + "长" * 58 + "… has a part 270 bytes long "
        "(`" + "长" * 20 + "…`), longer than a file name can be (255 bytes; a Chinese "
        "character takes 3): shorten it"]
    site.post("b.md", "B", slug="a" * 255)  # (as long as a name can be: fine)
    for name in ("a.md", "c.md"):
        (site.root / "content/posts" / name).unlink()
    result = site.build()
    assert result.written, messages(result)
    assert "<title>B" in site.read("posts/" + "a" * 255 + "/")


def test_a_term_no_folder_name_can_hold_is_an_error_at_its_key(site):
    # (a tag of 90 Chinese characters, a sentence pasted as one: "File name too long" at a
    # staging folder of the output, naming no post)
    site.write("site.yaml", "title: T\nbase_url: https://me.github.io/\n")
    site.post("ok.md", "Fine", tags="[短]")
    site.post("a.md", "A", tags="[ml, " + "长" * 90 + "]")
    site.post("b.md", "B", categories="[ml, " + "c" * 256 + "]", series="a" * 255)
    result = site.build()
    assert not result.written
    assert messages(result, "error") == [
        "content/posts/a.md:4: error: `tags` `" + "长" * 59 + "…` makes its page's folder "
        "name (under /tags/) 270 bytes long, longer than a file name can be (255 bytes; a "
        "Chinese character takes 3): shorten it",
        "content/posts/b.md:4: error: `categories` `" + "c" * 59 + "…` makes its page's "
        "folder name (under /categories/) 256 bytes long, longer than a file name can be (255 "
        "bytes; a Chinese character takes 3): shorten it"]
    site.post("a.md", "A", tags="[ml, " + "长" * 85 + "]")  # (255 bytes: fine)
    site.post("b.md", "B", categories="[ml, " + "c" * 255 + "]", series="a" * 255)
    result = site.build()
    assert result.written, messages(result)
    assert 'href="/posts/b/"' in site.read("series/" + "a" * 255 + "/")


def test_a_url_or_old_url_written_with_windows_backslashes_is_an_error_at_its_line(site):
    """`url: /posts\\win\\url/` and `aliases: [/old\\path/]` made output folders named
    `posts\\win\\url` and `old\\path`, silently; a `slug`'s folders are cleaned."""
    site.post("a.md", "A", url="/posts\\win\\url/", aliases="[/new/, /old\\path/]")
    site.post("b.md", "B", permalink="'\\b\\'", redirect_from="/b\\old.html")
    site.post("c.md", "C", slug="c\\d")
    result = site.build()
    assert not result.written
    assert messages(result, "error") == [
        "content/posts/a.md:4: error: `url` /posts\\win\\url/ uses `\\` where a URL needs `/`: "
        "write /posts/win/url/",
        "content/posts/a.md:5: error: `aliases` /old\\path/ uses `\\` where a URL needs `/`: "
        "write /old/path/",
        "content/posts/b.md:4: error: `permalink` \\b\\ uses `\\` where a URL needs `/`: "
        "write /b/",
        "content/posts/b.md:5: error: `redirect_from` /b\\old.html uses `\\` where a URL needs "
        "`/`: write /b/old.html"]
    site.post("a.md", "A", url="/posts/win/url/", aliases="[/new/, /old/path/]")
    site.post("b.md", "B", permalink="/b/", redirect_from="/b/old.html")
    result = site.build()
    assert messages(result, "error") == [] and site.exists("posts/c-d/index.html")
    assert site.exists("posts/win/url/index.html") and site.exists("old/path/index.html")


def test_a_url_or_old_url_with_a_character_windows_cannot_hold_is_a_warning_at_its_line(site):
    """`url: /C:/x/` or `aliases: ['/a*b/']` published folders named `C:` and `a*b` without a
    word: a writer on Windows can neither build the site nor check its branch out there.
    Said at the key's line, as a tag named `aux` is said; served from Linux the site is whole,
    so it is built (and --strict does not refuse it)."""
    site.write("site.yaml", "base_url: https://u.github.io/\n")
    site.post("a.md", "A", url="/C:/x/", aliases="['/a*b/', /fine/]")
    site.post("b.md", "B", permalink="'/b|c/'", redirect_from="'/%3Cold%3E.html'")
    site.post("c.md", "C", slug="'c:d'", permalink="/:year/:slug/")
    result = site.build()
    assert result.written
    assert [m for m in messages(result, "warning") if "Windows" in m] == [
        "content/posts/a.md:4: warning: `url` /C:/x/ makes a folder named `C:`, and Windows "
        "allows no `:` in a file's or folder's name: the site cannot be built nor its branch "
        "checked out there; leave it out",
        "content/posts/a.md:5: warning: `aliases` /a*b/ makes a folder named `a*b`, and "
        "Windows allows no `*` in a file's or folder's name: the site cannot be built nor its "
        "branch checked out there; leave it out",
        "content/posts/b.md:4: warning: `permalink` /b|c/ makes a folder named `b|c`, and "
        "Windows allows no `|` in a file's or folder's name: the site cannot be built nor its "
        "branch checked out there; leave it out",
        "content/posts/b.md:5: warning: `redirect_from` /%3Cold%3E.html makes a file named "
        "`<old>.html`, and Windows allows no `<`, `>` in a file's or folder's name: the site "
        "cannot be built nor its branch checked out there; leave them out",
        "content/posts/c.md:5: warning: `permalink` /:year/:slug/ makes a folder named "
        "`:year`, and Windows allows no `:` in a file's or folder's name: the site cannot be "
        "built nor its branch checked out there; leave it out (`:year` is a placeholder only "
        "in site.yaml's `permalink` pattern; a post's own URL is taken as written)"]
    assert site.exists("C:/x/index.html")  # (as written: a site served from Linux is whole)
    strict = site.build(strict=True)
    assert strict.written, messages(strict, "error")


def test_a_url_slug_or_old_url_climbing_with_dots_is_said_where_the_page_goes(site):
    """`slug: ../../x`, `url: /../../etc` and `aliases: [/../../x]` leave the output for
    nothing (the `..` is left out), but they put the page at /posts/x/ and /etc/, and the
    redirect at /x/, without a word. Said once, at the key's line (the old URL's own)."""
    site.write("site.yaml", "base_url: https://u.github.io/\n")
    site.post("a.md", "A", slug="../../x")
    site.post("b.md", "B", url="/../../etc", slug="../y")
    site.post("c.md", "C", aliases="\n  - /fine/\n  - /../../z")
    site.post("d.md", "D", slug="plain")
    result = site.build()
    assert result.written
    assert messages(result) == [
        "content/posts/a.md:4: warning: `slug` ../../x holds `..`, which a slug, folders below "
        "its section, cannot climb with: the page is at /posts/x/ instead; write the folders' "
        "names alone (`slug: x`), or the page's whole URL as `url:`",
        "content/posts/b.md:4: warning: `url` /../../etc holds `..`, which is left out of a URL "
        "here (nothing is written outside the site): the page is at /etc/ instead; write the "
        "URL without `..`",
        "content/posts/c.md:6: warning: `aliases` /../../z holds `..`, which is left out of a "
        "URL here (nothing is written outside the site): its redirect page is at /z/ "
        "instead; write the old URL without `..`"]
    assert site.exists("posts/x/index.html") and site.exists("etc/index.html")
    assert 'url=https://u.github.io/posts/c/"' in site.read("z/")
    assert not (site.root / "x").exists() and not (site.root.parent / "etc").exists()


def test_a_slug_of_no_letter_or_digit_keeps_the_file_name_not_the_section_list(site):
    """`slug: ..` or `slug: "!!!"` made no folder name, so the post went to /posts/, its
    section's list, and took that page's place without a word (the `..` warning said where
    the page went, not what it replaced). The page keeps its file's name; said at the key."""
    site.write("site.yaml", "base_url: https://u.github.io/\n")
    site.post("a.md", "A", slug="..")
    site.post("b.md", "B", slug='"!!!"')
    site.post("c.md", "C", date="2024-01-03")
    result = site.build()
    assert result.written
    assert messages(result) == [
        "content/posts/a.md:4: warning: `slug` .. holds `..`, which a slug, folders below its "
        "section, cannot climb with: the page is at /posts/a/ instead; write the folder's name "
        "alone, or the page's whole URL as `url:`",
        "content/posts/b.md:4: warning: `slug` !!! has no letter or digit to name the page's "
        "folder with: the page is at /posts/b/, its file's name; write the folder's name in "
        "letters or digits"]
    assert "<title>A ·" in site.read("posts/a/") and "<title>B ·" in site.read("posts/b/")
    listing = site.read("posts/")  # (the section's list is still there, of all three)
    assert all(f'href="/posts/{name}/"' in listing for name in "abc")


def test_a_slug_of_folders_makes_them_as_hugo_does(site):
    """`slug: ml/attention` made one folder, /posts/ml-attention/, where Hugo (0.168, seen)
    puts the page at /posts/ml/attention/, and where a permalink's `:slug` put it here too:
    a writer bringing Hugo posts lost their URLs. A `..` in it is said, as ever."""
    site.write("site.yaml", "base_url: https://u.github.io/\nlanguages: {zh: {}, en: {}}\n")
    site.post("a.md", "A", slug="ml/attention")
    site.post("b.en.md", "B", slug="/plain/")  # (a slug wrapped in `/`: one folder)
    site.post("c.en.md", "C", slug="notes/机器学习")
    site.post("d.md", "D", slug="../ml/../x")
    result = site.build()
    assert result.written
    assert messages(result) == [
        "content/posts/d.md:4: warning: `slug` ../ml/../x holds `..`, which a slug, folders "
        "below its section, cannot climb with: the page is at /posts/ml/x/ instead; write the "
        "folders' names alone (`slug: ml/x`), or the page's whole URL as `url:`"]
    for page in ("posts/ml/attention/", "en/posts/plain/", "en/posts/notes/机器学习/",
                 "posts/ml/x/"):
        assert site.exists(page + "index.html"), page
    assert not site.exists("posts/ml-attention/index.html")


def test_an_old_url_no_redirect_page_can_serve_is_an_error_at_its_line(site):
    """Aliases were not checked: another site's address, a query or a fragment made folders
    no browser reaches (public/https:/example.com/x/, public/old?p=1/), a Markdown file's name
    an HTML file served as Markdown, and /feed.xml an HTML page where feed readers want XML."""
    site.write("site.yaml", "base_url: https://u.github.io/blog/\n")
    site.post("a.md", "A", aliases='["https://example.com/x/", "/old?p=1", "/old#top", '
                                   '/old.md, /feed.xml, /fine/]')
    result = site.build()
    assert not result.written
    errors = messages(result, "error")
    expected = {"https://example.com/x/": "is another site's address",
                "/old?p=1": "holds `?` or `#`", "/old#top": "holds `?` or `#`",
                "/old.md": "names a Markdown file",
                "/feed.xml": "ends in `.xml`: a redirect page"}
    for alias, said in expected.items():
        assert any(m.startswith(f"content/posts/a.md:4: error: `aliases` {alias} {said}")
                   for m in errors), (alias, errors)  # (a list on one line: its line)
    assert len(errors) == len(expected), errors


def test_an_old_url_written_with_the_base_path_or_as_the_pages_own_file_is_understood(site):
    """`/blog/old/` on a site at /blog/ (the address a browser showed) wrote
    /blog/blog/old/, so the old URL stayed a 404; `/posts/a/index.html`, the page's own
    address, was a clash of the post with itself."""
    site.write("site.yaml", "base_url: https://u.github.io/blog/\n")
    site.post("a.md", "A", aliases="[/blog/old-a/, /posts/a/index.html]")
    result = site.build()
    assert messages(result, "error") == [], messages(result)
    assert 'url=https://u.github.io/blog/posts/a/"' in site.read("old-a/")
    assert not site.exists("blog/old-a/index.html")
    assert "<h1" in site.read("posts/a/")  # the page, not a redirect to itself


def test_an_old_url_copied_from_the_browser_is_read_as_the_browser_showed_it(site):
    """An address copied from the browser's bar is percent-encoded (`/2019/%E6%97%A7.html`)
    or whole (`https://u.github.io/blog/old/`): the first made a file named `%E6%97%A7.html`,
    which no request reaches (a static host decodes the path), the second was refused as
    another site's. Both are this site's paths; each problem is said at its own line."""
    site.write("site.yaml", "base_url: https://u.github.io/blog/\n")
    site.write("content/posts/a.md", "---\ntitle: A\ndate: 2024-01-01\naliases:\n"
               "  - /2019/%E6%97%A7.html\n  - https://u.github.io/blog/old-a/\n"
               "  - http://u.github.io/blog/older-a/\n---\nA.\n")
    site.write("content/posts/b.md", "---\ntitle: B\ndate: 2024-01-01\naliases:\n  - /fine-b/\n"
               "  - https://elsewhere.org/b/\n  - /atom.xml/\n  - /blog/\n---\nB.\n")
    result = site.build()
    assert messages(result, "error") == [
        "content/posts/b.md:6: error: `aliases` https://elsewhere.org/b/ is another site's "
        "address: an old URL of this page is a path of this site, such as /old-name/",
        "content/posts/b.md:8: error: `aliases` /blog/ is the site's home page, which no "
        "redirect page can replace",
        "content/posts/b.md:7: error: old URL /atom.xml/ cannot have a redirect page: the site "
        "has a file where it needs a folder, or a folder where it needs a file "
        "(/atom.xml/); remove it from `aliases`"], messages(result)
    site.write("content/posts/b.md",
               "---\ntitle: B\ndate: 2024-01-01\naliases: [/fine-b/]\n---\nB.\n")
    assert messages(site.build(), "error") == []
    for old in ("2019/旧.html", "old-a/", "older-a/"):
        assert 'url=https://u.github.io/blog/posts/a/"' in site.read(old), old


def test_an_alias_that_is_another_page_is_an_error(site):
    site.post("a.md", "A")
    site.post("b.md", "B", aliases="[/posts/a/]")
    result = site.build()
    assert not result.written
    assert any("posts/a/" in m and "error" in m for m in messages(result))


def test_unknown_placeholder_is_an_error_with_its_line(site):
    site.write("site.yaml", "title: T\npermalink: /:year/:titel/\n")
    site.post("a.md", "A")
    result = site.build()
    assert not result.written
    assert any("site.yaml:2: error: `permalink`: unknown permalink placeholder "
               "`:titel`" in m for m in messages(result)), messages(result)


@pytest.mark.parametrize(("pattern", "said"), [
    ("/:year/:titel/", "unknown permalink placeholder `:titel`; did you mean `:title`?"),
    ("/posts/", "permalink `/posts/` names no post"),
    ("5", "permalink `5` names no post"),
    ("/:year/{slug}/", "permalink `/:year/{slug}/` names no post"),
    ("/p/:title/?x=1", "holds `?` or `#`"),
    ("/:title.md", "ends in `.md`: a static host serves such a file as it is"),
])
def test_a_pattern_that_cannot_make_every_posts_page_is_one_error_at_its_line(site, pattern,
                                                                             said):
    """`permalink: /posts/` stopped the build at 18 clashes, the first blaming `lang: en`
    lines; `.md` and `?x=1` made files no static host serves as pages."""
    site.write("site.yaml", f"title: T\npermalink: {pattern!r}\n")
    for n in range(3):
        site.post(f"p{n}.md", f"P{n}")
    result = site.build()
    assert not result.written
    (found,) = messages(result, "error")
    assert "site.yaml:2: error: `permalink`: " in found and said in found, found


def test_a_post_moved_since_the_last_build_is_said_with_the_alias_that_keeps_its_old_url(site):
    """Renaming a post's file, moving it, a new `slug` or permalink: links to its old address
    found the 404 page, and nothing said so. The next build says it once, with the alias to
    write; many moved posts are one warning; `--strict` does not stop on it."""
    site.write("site.yaml", "base_url: https://u.github.io/blog/\nlanguages: {zh: {}}\n")
    for name in ("vae", "gan", "flow", "ddpm", "sde"):
        site.post(f"{name}.md", name.upper(), body="正文。\n")
    assert site.build(use_cache=True).written
    (site.root / "content/posts/vae.md").rename(site.root / "content/posts/vae-notes.md")
    result = site.build(use_cache=True, strict=True)
    assert result.written, messages(result)
    assert messages(result) == [
        "content/posts/vae-notes.md:1: warning: this post was at /posts/vae/ in the last "
        "build: links to that address now find the 404 page; `aliases: [/posts/vae/]` keeps it"]
    again = site.build(use_cache=True)  # (said by the build that moved it: not again)
    assert messages(again) == [] or again.diagnostics.items == result.diagnostics.items
    site.post("sde.md", "SDE", body="正文 2。\n")  # (a change: a new build)
    assert messages(site.build(use_cache=True)) == []
    # kept by an alias: nothing to say
    path = site.root / "content/posts/gan.md"
    path.rename(site.root / "content/posts/gan2.md")
    site.post("gan2.md", "GAN", body="正文。\n", aliases="[/posts/gan/]")
    result = site.build(use_cache=True)
    assert messages(result) == [] and "posts/gan2/" in site.read("posts/gan/")
    # a deleted post is not another of its title; a build --no-cache keeps no record, and
    # the next build does not take the output it made for the last one's
    site.post("w1.md", "周记", body="一。\n")
    site.post("w2.md", "周记", body="二。\n")
    assert messages(site.build(use_cache=True)) == []
    (site.root / "content/posts/w1.md").unlink()
    assert messages(site.build(use_cache=True)) == []
    (site.root / "content/posts/w2.md").rename(site.root / "content/posts/w3.md")
    assert messages(site.build(use_cache=False)) == []
    site.post("sde.md", "SDE", body="正文 3。\n")
    assert messages(site.build(use_cache=True)) == []
    # a new permalink moves every post: one warning
    site.write("site.yaml", "base_url: https://u.github.io/blog/\nlanguages: {zh: {}}\n"
                            "permalink: /:year/:title/\n")
    result = site.build(use_cache=True)
    assert len(messages(result)) == 1, messages(result)
    assert messages(result)[0].startswith("warning: 6 posts are at other URLs than in the last "
                                          "build (/posts/ddpm/ → /2024/ddpm/, "), messages(result)


@pytest.mark.parametrize("key", ["url", "permalink"])
def test_a_url_naming_another_site_is_said_and_the_page_keeps_its_own_address(site, key):
    """helper-150: a paper note's template (Obsidian's, a Notion page's properties) writes the
    paper's link as `url:`; it was made the page's path: a file `https:/arxiv.org/abs/…` with
    no ending, which GitHub Pages serves as a download, and no word from `check --strict`."""
    site.post("attention.md", "Attention", **{key: "https://arxiv.org/abs/1706.03762"})
    site.post("notion.md", "Notion page", URL="https://arxiv.org/abs/2006.11239")
    result = site.build()
    assert result.written
    assert "Attention" in site.read("posts/attention/")
    assert not (site.output / "https:").exists()
    said = [m for m in messages(result) if "attention.md" in m or "notion.md" in m]
    assert said == [
        f"content/posts/attention.md:4: warning: `{key}: https://arxiv.org/abs/1706.03762` is "
        f"another site's address, and `{key}` sets this page's own (a path such as "
        "/posts/attention/): the page keeps the address it would have without it; keep a "
        "link to elsewhere under a key of its own (`link:`, `paper:`)"]


def test_lang_in_the_pattern_is_the_settled_language_of_a_post_too_short_to_tell(site,
                                                                                 tmp_path):
    """On a site that declares no language, a post too short to classify is in the language
    most posts are in, which is decided once all are read: its URL's `:lang` is that one, not
    empty (`/a/`, outside every language's folder), and moves with it."""
    site.write("site.yaml", "permalink: /:lang/:title/\n")
    site.post("a.md", "a", body="hi\n")
    site.post("b.md", "Gradient descent", body="Gradient descent takes a small step against "
              "the gradient of the loss, again and again, until the loss stops falling.\n")
    result = site.build(use_cache=True)
    assert result.written, messages(result)
    assert site.exists("en/a/index.html") and not site.exists("a")
    for n in range(2):  # (now most posts are Chinese: the short one is too)
        site.post(f"z{n}.md", f"梯度{n}", body="梯度下降每一步都沿着损失函数梯度的反方向走一小步，"
                  "直到损失不再下降为止。\n")
    result = site.build(use_cache=True)
    assert result.written, messages(result)
    assert site.exists("zh/a/index.html") and not site.exists("en/a")
    clean = tmp_path / "clean"  # (the incremental build's output is a clean build's)
    assert site.build(output=clean).written
    assert {p.relative_to(clean): p.read_bytes() for p in clean.rglob("*") if p.is_file()
            and p.name != ".blogforge-output"} == {
        p.relative_to(site.output): p.read_bytes() for p in site.output.rglob("*")
        if p.is_file() and p.name != ".blogforge-output"}

"""Permalink patterns, per-post URLs and redirect pages from old URLs."""

from __future__ import annotations

from conftest import messages


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


def test_a_bundle_post_at_an_html_url_shares_the_image_beside_it(site):
    site.write("site.yaml", "base_url: https://e.com/\npermalink: /:year/:month/:day/:title.html\n")
    site.post("a/index.md", "A", date="2020-01-02 10:11:12", body="![pic](image.png)\n")
    site.write("content/posts/a/image.png", raw=b"\x89PNG\r\n\x1a\n")
    result = site.build()
    assert site.exists("2020/01/02/image.png")
    # the link preview's image is the one the page shows, not a file "inside" a.html
    assert '<meta property="og:image" content="https://e.com/2020/01/02/image.png">' in \
        site.read("2020/01/02/a.html")
    assert not [m for m in messages(result) if "broken link" in m]


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


def test_front_matter_permalink_and_url_are_the_page_url(site):
    site.write("site.yaml", "permalink: /:year/:title/\n")
    site.post("a.md", "A", permalink="/old/path/a.html")
    site.post("b.md", "B", url="/legacy/b/")
    site.write("content/about.md", "---\ntitle: About\npermalink: /about-me/\n---\nMe.\n")
    site.build()
    assert site.exists("old/path/a.html")
    assert site.exists("legacy/b/index.html")
    assert site.exists("about-me/index.html")


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

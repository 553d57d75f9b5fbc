"""The sub-path guarantee: every build proves its internal links resolve under the base path,
names the file and line of each broken one, and fixes root-relative links that have a target."""

from __future__ import annotations

import html
import json
import os
import random
import re
import shutil
import sqlite3
import time
import zlib
from pathlib import Path

import pytest
from conftest import EXAMPLE_LOCK_WAIT, NOW, Site, cached_keys, messages

from blogforge import link_checker
from blogforge.cli import main
from blogforge.link_checker import audit_output
from blogforge.output import MARKER
from blogforge.site import BuildOptions
from blogforge.site import Site as Engine
from blogforge.templates import THEME_DIR

REPO = Path(__file__).resolve().parents[1]
BASE = "base_url: https://u.github.io/repo/\n"
PNG_3X2 = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000030000000208020000001216f1"
                        "4d000000104944415478da63f8cfc000410c70160041d205fb6ff116c700000000"
                        "49454e44ae426082")


def broken(result) -> list[str]:
    return [m for m in messages(result) if "broken link" in m]


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().split("\n"), 1) if text in line)


def test_each_kind_of_broken_link_is_named_with_its_file_and_line(site):
    site.write("site.yaml", BASE)
    site.post("b.md", "B", body="## Real part\n\nText.\n")
    post = site.post("a.md", "A", cover="/images/missing-cover.png", body="""
        Intro with [a fragment](#nowhere) and [a good one](#section).

        ## Section

        [missing page](/posts/nope/) and ![missing image](figure.png)

        [other post, missing part](/posts/b/#imaginary) and [other post](/posts/b/#real-part)

        <img src="/img/raw.png" srcset="/img/raw-2x.png 2x">

        <video poster="/media/poster.jpg" src="/media/clip.mp4"></video>

        <p style="background: url('/img/bg.png')">styled</p>
        """)
    css = site.write("static/css/site.css", "body {\n  background: url(../img/missing.svg);\n}\n")
    result = site.build()
    assert result.written  # warnings do not stop the build
    found = broken(result)

    def at(path: Path, text: str, url: str) -> None:
        rel = path.relative_to(site.root).as_posix()
        expected = f"{rel}:{line_of(path, text)}: warning: broken link `{url}`"
        assert any(m.startswith(expected) for m in found), (expected, found)

    at(post, "a fragment", "#nowhere")
    at(post, "missing page", "/posts/nope/")
    at(post, "missing page", "figure.png")
    at(post, "missing part", "/posts/b/#imaginary")
    at(post, "<img", "/img/raw.png")
    at(post, "<img", "/img/raw-2x.png")
    at(post, "<video", "/media/poster.jpg")
    at(post, "<video", "/media/clip.mp4")
    at(post, "styled", "/img/bg.png")
    at(post, "cover:", "/images/missing-cover.png")  # (the og:image's, as written)
    at(css, "missing.svg", "../img/missing.svg")
    assert not any("#section" in m or "#real-part" in m for m in found)
    assert len(found) == 11, found
    # a root-relative link to a page that exists is fixed even when its fragment is not
    assert 'href="/repo/posts/b/#imaginary"' in site.read("posts/a/")


def test_a_missing_file_is_named_as_its_writer_spells_its_path(site):
    """A Chinese post's missing image names the folder in Chinese, not %E6%B3%A8…; a space
    stays visible as %20."""
    site.write("site.yaml", BASE)
    site.write("content/posts/注意力/index.md", "---\ntitle: 注意力\ndate: 2024-05-01\n---\n\n"
               "![热图](热图.png) and [notes](<my notes.txt>)\n")
    found = broken(site.build())
    expected = ("content/posts/注意力/index.md:6: warning: broken link `热图.png`: "
                "no file /repo/posts/注意力/热图.png in the output")
    assert any(m.startswith(expected) for m in found), found
    assert any("no file /repo/posts/注意力/my%20notes.txt in the output" in m for m in found), found
    assert not any("%E" in m for m in found), found


def test_relative_urls_name_files_from_the_posts_own_file_as_typora_shows_them(site):
    """Typora saves a pasted picture in `./assets/` (or `a.assets/`) beside `a.md` and shows
    it from there; the page at /posts/a/ showed a broken image (a browser looks in
    /posts/a/assets/). Such a URL now points at where the file is published, in the page, raw
    HTML, the feed and og:image; one naming a page-relative file stays as written."""
    site.write("site.yaml", BASE + "languages: {zh: {}, en: {}}\n")
    body = ('![曲线](./assets/fig.png)\n\n![](a.assets/one.png)\n\n'
            '<img src="./assets/fig.png" style="zoom:50%;" />\n\n[数据](assets/data.csv)\n')
    site.post("a.md", "A", body=body, lang="zh")
    site.post("a.en.md", "A", body=body, lang="en")
    site.post("b/index.md", "B", body="![](pic.png) ![](../assets/fig.png)\n", lang="zh")
    site.write("content/posts/assets/fig.png", raw=PNG_3X2)
    site.write("content/posts/a.assets/one.png", raw=PNG_3X2)
    site.write("content/posts/assets/data.csv", "x,y\n")
    site.write("content/posts/b/pic.png", raw=PNG_3X2)
    result = site.build()
    assert broken(result) == []
    for page in ("posts/a/", "en/posts/a/"):
        html = site.read(page)
        assert ('<img src="/repo/posts/assets/fig.png" alt="曲线" decoding="async" '
                'width="3" height="2" />') in html
        assert '<img src="/repo/posts/a.assets/one.png" alt=""' in html
        assert ('<img src="/repo/posts/assets/fig.png" style="zoom:50%;" loading="lazy" '
                'decoding="async" width="3" height="2" />') in html
        assert '<a href="/repo/posts/assets/data.csv">数据</a>' in html
        assert ('<meta property="og:image" content="https://u.github.io/repo/posts/assets/'
                'fig.png">') in html
    assert 'src="https://u.github.io/repo/posts/assets/fig.png"' in site.read("atom.xml")
    bundle = site.read("posts/b/")  # (found from the page as written: left so)
    assert '<img src="pic.png"' in bundle and '<img src="../assets/fig.png"' in bundle
    assert site.exists("posts/assets/fig.png") and not site.exists("en/posts/assets/fig.png")


def test_a_cover_named_as_typora_shows_it_is_found_beside_the_posts_file(site):
    """`cover: ./assets/cover.png` beside `a.md` named the page's folder (/posts/a/assets/),
    where no file is: the sharing card had no picture, and the link audit said so. A cover is
    found as the body's pictures are; when the file goes, the next build says it."""
    site.write("site.yaml", BASE + "languages: {zh: {}}\n")
    site.post("a.md", "A", body="正文。\n", cover="./assets/cover.png")
    site.post("b/index.md", "B", body="正文。\n", cover="cover.png")  # (its bundle's)
    site.write("content/posts/assets/cover.png", raw=PNG_3X2)
    site.write("content/posts/b/cover.png", raw=PNG_3X2)
    result = site.build(use_cache=True)
    assert broken(result) == []
    assert ('<meta property="og:image" content="https://u.github.io/repo/posts/assets/'
            'cover.png">') in site.read("posts/a/")
    assert ('<meta property="og:image" content="https://u.github.io/repo/posts/b/'
            'cover.png">') in site.read("posts/b/")
    (site.root / "content/posts/assets/cover.png").unlink()
    result = site.build(use_cache=True)
    assert any("posts/a/assets/cover.png" in m for m in broken(result)), broken(result)
    assert "posts/a/assets/cover.png" in site.read("posts/a/")


def test_a_cover_named_in_other_capitals_is_followed_and_said(site):
    """`cover: cover.gif` for the bundle's `Cover.gif` (which Windows and macOS show) was
    said, and the sharing card still named the missing cover.gif: it is followed, as a body's
    link is; the file renamed, an incremental build follows the new name."""
    site.write("site.yaml", BASE + "languages: {zh: {}}\n")
    site.post("cov/index.md", "Cover", body="正文。\n", cover="cover.gif")
    picture = site.write("content/posts/cov/Cover.gif", raw=PNG_3X2)
    result = site.build(use_cache=True)
    why = "in other capitals (Windows and macOS find it either way, GitHub Pages does not)"
    assert messages(result) == [
        f"content/posts/cov/index.md:4: warning: `cover: cover.gif`: the file is `Cover.gif`, "
        f"{why}: write `Cover.gif` (it is followed this time)"]
    assert ('<meta property="og:image" content="https://u.github.io/repo/posts/cov/'
            'Cover.gif">') in site.read("posts/cov/")
    picture.rename(picture.with_name("cover.gif"))
    result = site.build(use_cache=True)
    assert messages(result) == []
    assert ('<meta property="og:image" content="https://u.github.io/repo/posts/cov/'
            'cover.gif">') in site.read("posts/cov/")


def test_a_picture_kept_in_a_folder_the_site_does_not_publish_is_said_to_be_there(site):
    """Typora can keep a note's pictures in `.assets/` (a Linux notes repository keeps them in
    `.assert/`): the site publishes no folder whose name starts with `.` or `_`, and the
    warning said "put the file at content/posts/linux/.assets/su.png", where it was."""
    site.write("site.yaml", BASE)
    site.write("content/posts/linux/.assets/su.png", raw=b"\x89PNG")
    site.write("content/posts/c/_img/p.png", raw=b"\x89PNG")
    site.post("linux/su.md", "su", body="![su](.assets/su.png)\n")
    site.write("content/posts/c/index.md", "---\ntitle: C\ndate: 2024-05-01\n---\n"
               "![](_img/p.png)\n")
    assert sorted(broken(site.build())) == [
        "content/posts/c/index.md:5: warning: broken link `_img/p.png`: no file "
        "/repo/posts/c/_img/p.png in the output; the file is there, content/posts/c/_img/p.png, "
        "but in `_img/`, which the site does not publish (a folder whose name starts with `_`): "
        "name the folder `img/` and write the links so",
        "content/posts/linux/su.md:5: warning: broken link `.assets/su.png`: no file "
        "/repo/posts/linux/su/.assets/su.png in the output; the file is there, "
        "content/posts/linux/.assets/su.png, but in `.assets/`, which the site does not publish "
        "(a folder whose name starts with `.`): name the folder `assets/` and write the links "
        "so"]


def test_a_posts_missing_file_says_where_in_the_site_folder_it_belongs(site):
    """A relative URL names a file from the post's own file (as Typora previews it) or from
    the post's own folder: the message says both places."""
    site.write("site.yaml", BASE + "languages: {zh: {}, en: {}}\n")
    site.post("a.md", "A", body="![图](figure.png) and ![](../b/x.png)\n\n[next](b/)\n",
              lang="zh")
    site.write("content/posts/a.en.md", "---\ntitle: A\ndate: 2024-05-01\n---\n![](img/p.png)\n")
    site.write("content/posts/c/index.md", "---\ntitle: C\ndate: 2024-05-01\n---\n![](p.png)\n")
    found = sorted(broken(site.build()))
    assert found == [
        "content/posts/a.en.md:5: warning: broken link `img/p.png`: no file "
        "/repo/en/posts/a/img/p.png in the output; put the file at content/posts/img/p.png, "
        "beside a.en.md (or in the post's own folder: content/posts/a/img/p.png)",
        "content/posts/a.md:6: warning: broken link `../b/x.png`: no file /repo/posts/b/x.png "
        "in the output",  # (another post's file: no advice)
        "content/posts/a.md:6: warning: broken link `figure.png`: no file "
        "/repo/posts/a/figure.png in the output; put the file at content/posts/figure.png, "
        "beside a.md (or in the post's own folder: content/posts/a/figure.png)",
        "content/posts/a.md:8: warning: broken link `b/`: no file /repo/posts/a/b/ in the "
        "output",  # (a page, not a file)
        "content/posts/c/index.md:5: warning: broken link `p.png`: no file /repo/posts/c/p.png "
        "in the output; put the file at content/posts/c/p.png"], found
    site.write("content/posts/figure.png", raw=b"\x89PNG")  # beside a.md: found from the next build
    site.write("content/posts/a/img/p.png", raw=b"\x89PNG")  # in a.en.md's own folder
    assert not any("figure.png" in m or "p.png`" in m and "a.en" in m
                   for m in broken(site.build()))


def test_broken_links_from_templates_are_reported_once_with_the_page_count(site):
    site.write("site.yaml", BASE)
    site.post("a.md", "A")
    site.write("templates/partials/head_extra.html",
               '<link rel="alternate" type="application/rss+xml" href="{{ \'rss.xml\' | url }}">')
    result = site.build()
    (message,) = broken(result)
    assert "`/repo/rss.xml`: no file /repo/rss.xml in the output (and on " in message
    page = message.split(":")[0]
    assert page.startswith(str(site.output)) and page.endswith(".html")


MENU = BASE + """\
languages:
  zh:
    menu:
      - {name: 归档, url: archives/}
      - {name: 标签, url: tagz/}
  en:
    menu:
      - name: About
        url: /abuot/
"""


def test_a_broken_menu_link_is_named_once_at_its_line_in_site_yaml(site):
    """A typo in a menu URL is on every page, and written once, in site.yaml: the message
    names that line, not the first page that shows the menu (404.html, as pages sort)."""
    config = site.write("site.yaml", MENU)
    site.post("a.md", "甲", lang="zh")
    site.post("a.en.md", "A", lang="en")
    assert broken(site.build()) == [
        f"{config}:{line_of(config, 'tagz/')}: warning: broken link `tagz/` of the zh menu: "
        "no file /repo/tagz/ in the output (on 9 pages); a menu url is a page's path "
        "(content/tagz.md is at `tagz/`) or a full URL",
        f"{config}:{line_of(config, '/abuot/')}: warning: broken link `/abuot/` of the en "
        "menu: no file /repo/en/abuot/ in the output (on 9 pages); a menu url is a page's path "
        "(content/abuot.md is at `abuot/`; the en menu links en's page there, else zh's) or a "
        "full URL"]


def test_a_menu_link_to_a_held_back_page_says_it_is_held_back_and_what_shows_it(site):
    """A menu entry whose page is a draft, past its expiryDate or dated in the future leads
    nowhere in this build: the message said where such a page's file belongs (the file was
    there), not that the build held it back, nor how to show it."""
    config = site.write("site.yaml", BASE + """\
languages:
  zh:
    menu:
      - {name: 关于, url: about/}
      - {name: 友链, url: links/}
      - {name: 计划, url: plan/}
""")
    site.write("content/about.md", "---\ntitle: 关于\nexpiryDate: 2024-01-01\n---\n关于。\n")
    site.write("content/links.md", "---\ntitle: 友链\ndraft: true\n---\n友链。\n")
    site.write("content/plan.md", "---\ntitle: 计划\npublishDate: 2099-01-01\n---\n计划。\n")
    site.post("a.md", "甲")
    found = broken(site.build())
    assert [message.split(": warning: ")[0] for message in found] == [
        f"{config}:{line_of(config, 'about/')}", f"{config}:{line_of(config, 'links/')}",
        f"{config}:{line_of(config, 'plan/')}"]
    assert found[0].endswith("; content/about.md, the page at `about/`, is past its "
                             "expiryDate, held back: it is linked no more (or built with "
                             "--expired)")
    assert "content/links.md, the page at `links/`, is a draft, held back" in found[1]
    assert "--drafts" in found[1]
    assert "content/plan.md, the page at `plan/`, is dated in the future, held back" \
        in found[2]
    assert not any("a menu url is a page's path" in message for message in found)
    assert broken(site.build(drafts=True, future=True, expired=True)) == []


def test_a_relative_link_in_a_template_is_one_warning_saying_how_to_link_the_sites_file(site):
    """`<link rel="icon" href="favicon.ico">` in a partial leads to another missing file from
    each page's folder: that was one warning a page (46 for two lines of a template). It is
    one, on the first page, saying how many more and how to write it."""
    site.write("site.yaml", BASE)
    site.write("static/favicon.ico", raw=b"\0\0\1\0")
    site.write("templates/partials/head_extra.html", '<link rel="icon" href="favicon.ico">\n')
    site.post("a.md", "A")
    site.post("b.md", "B")
    said = [m for m in broken(site.build()) if "favicon" in m]
    assert len(said) == 1, said
    assert re.search(r"broken link `favicon.ico`: .* \(and on \d+ other pages; a relative "
                     r"link in a template leads somewhere "
                     r"else from each page: `\{\{ 'favicon.ico' \| url \}\}` links the site's "
                     r"own file\)$", said[0]), said[0]


def test_strict_makes_a_broken_link_fail_the_build(site):
    site.write("site.yaml", BASE)
    site.post("a.md", "A", body="[gone](/posts/gone/)\n")
    result = site.build(strict=True)
    assert not result.written
    assert any(m.startswith("content/posts/a.md:5: error: broken link `/posts/gone/`")
               for m in messages(result, "error"))


def test_root_relative_links_in_markdown_and_raw_html_get_the_base_path(site):
    site.write("site.yaml", BASE)
    site.write("static/images/x.png", raw=b"png")
    site.post("b.md", "B")
    site.post("a.md", "A", body="""
        ![x](/images/x.png) [b](/posts/b/) [already under it](/repo/posts/b/)

        <a href="/posts/b/"><img src="/images/x.png" srcset="/images/x.png 2x"></a>

        <div style="background-image: url(/images/x.png)">x</div>
        """)
    result = site.build()
    assert broken(result) == []
    html = site.read("posts/a/")
    assert 'src="/repo/images/x.png"' in html and 'href="/repo/posts/b/"' in html
    assert 'srcset="/repo/images/x.png 2x"' in html and "url(/repo/images/x.png)" in html
    assert 'href="/repo/repo/' not in html and 'src="/images/' not in html


def test_root_relative_url_in_site_css_gets_the_base_path(site):
    site.write("site.yaml", BASE)
    site.post("a.md", "A")
    site.write("static/fonts/a.woff2", raw=b"font")
    site.write("static/css/site.css", '@font-face { src: url("/fonts/a.woff2"); }\n')
    result = site.build()
    assert broken(result) == []
    assert 'url("/repo/fonts/a.woff2")' in site.read("css/site.css")


def test_a_style_block_that_only_imports_is_audited(site):
    # (a page with no `url(` anywhere: its <style> read all the same for its @import)
    site.write("site.yaml", BASE)
    site.write("static/css/here.css", "p { color: teal; }\n")
    site.post("a.md", "A", body='<style>@import "/css/gone.css"; @import "/css/here.css";'
              "</style>\n\nText.\n")
    result = site.build()
    assert len(broken(result)) == 1 and "/css/gone.css" in broken(result)[0]
    assert '@import "/repo/css/here.css"' in site.read("posts/a/")


def test_links_at_the_domain_root_are_not_touched(site):
    site.write("site.yaml", "base_url: https://example.com/\n")
    site.write("static/images/x.png", raw=b"png")
    site.post("a.md", "A", body="![x](/images/x.png) [ext](https://other.org/x) "
              "[mail](mailto:a@b.c)\n")
    result = site.build()
    assert broken(result) == []
    assert 'src="/images/x.png"' in site.read("posts/a/")


def test_the_audit_works_over_a_mapping_of_files():
    files = {
        "index.html": b'<a href="posts/a/#top">a</a> <a href="/repo/posts/b/">b</a>'
                      b'<!-- <a href="/repo/commented-out/"> -->'
                      b'<script>var s = \'<a href="/repo/in-script/">\';</script>',
        "posts/a/index.html": b'<h2 id="x">x</h2><a href="../../#nope">home</a>',
        "404.html": b'<a href="posts/a/">relative</a>',
        "atom.xml": b'<feed><link rel="self" href="https://u.github.io/repo/atom.xml"/>\n'
                    b'<entry><link href="https://u.github.io/repo/posts/gone/"/>'
                    b'<content type="html">&lt;a href="/repo/not-a-link/"&gt;</content>'
                    b'</entry></feed>',
        "sitemap.xml": b"<urlset><url><loc>https://u.github.io/repo/posts/a/</loc></url>"
                       b"<url><loc>https://u.github.io/repo/old/</loc></url></urlset>",
    }
    audit = audit_output(files, "https://u.github.io/repo/")
    found = sorted(str(d) for d in audit.diagnostics)
    assert len(found) == 5, found
    assert found[0].startswith("404.html:1: warning: broken link `posts/a/`: relative link on "
                               "the 404 page")
    assert found[1].startswith("atom.xml:2: warning: broken link "
                               "`https://u.github.io/repo/posts/gone/`")
    assert "`/repo/posts/b/`: no file /repo/posts/b/ in the output" in found[2]
    assert found[3].startswith("posts/a/index.html:1:") and 'no id="nope" on index.html' in found[3]
    assert found[4].startswith("sitemap.xml:1: warning: broken link `https://u.github.io/repo/old/`")
    assert audit.rewritten == {}


def test_links_after_a_quoted_gt_and_svg_xlink_hrefs_are_audited_at_their_line(site, capsys):
    # A writer's HTML may hold `>` (and `<`) in a quoted value, which does not end its tag;
    # SVG pasted into a post links with `xlink:href` (`<use>` an icon of the page, `<a>`).
    site.write("site.yaml", BASE)
    post = site.post("a.md", "A", body="""
        <a title="x>y" href="/posts/gone-after-title/">quoted gt</a>

        <a title="<b>bold</b>" href="/posts/gone-after-tags/">quoted tags</a>

        <svg width="8" height="8"><use xlink:href="#no-icon"></use></svg>

        <svg><a xlink:href="/posts/gone-in-svg/"><text>svg link</text></a></svg>

        <svg><symbol id="icon"></symbol><use xlink:href="#icon"></use></svg> fine
        """)
    assert main(["check", "--source", str(site.root)]) == 0
    found = [line for line in capsys.readouterr().err.splitlines() if "broken link" in line]
    rel = post.relative_to(site.root).as_posix()
    assert found == [
        f"{rel}:{line_of(post, 'quoted gt')}: warning: broken link `/posts/gone-after-title/`: "
        "no file /repo/posts/gone-after-title/ in the output (the site lives under /repo/, and "
        "/posts/gone-after-title/ is no file of it either)",
        f"{rel}:{line_of(post, 'quoted tags')}: warning: broken link `/posts/gone-after-tags/`: "
        "no file /repo/posts/gone-after-tags/ in the output (the site lives under /repo/, and "
        "/posts/gone-after-tags/ is no file of it either)",
        f"{rel}:{line_of(post, 'no-icon')}: warning: broken link `#no-icon`: "
        'no id="no-icon" on posts/a/index.html',
        f"{rel}:{line_of(post, 'svg link')}: warning: broken link `/posts/gone-in-svg/`: "
        "no file /repo/posts/gone-in-svg/ in the output (the site lives under /repo/, and "
        "/posts/gone-in-svg/ is no file of it either)"], found


def test_attributes_after_any_html_space_are_links_and_after_other_spaces_are_not():
    # HTML separates attributes by ASCII spaces (space, tab, line feed, form feed, return): a
    # browser reads `<a\u00a0href=…>` as an attribute named "\u00a0href", no link.
    page = ('<a\nhref="/repo/nl/">1</a><img\tsrc="/repo/tab.png"><a\fhref="/repo/ff/">3</a>'
            '<a\rhref="/repo/cr/">4</a><a class="x"  HREF = "/repo/caps/">5</a>'
            '<a\u00a0href="/repo/nbsp/">6</a><a\u3000href="/repo/ideographic/">7</a>')
    audit = audit_output({"index.html": page.encode()}, "https://u.github.io/repo/")
    urls = sorted(re.search(r"`(.*?)`", str(d)).group(1) for d in audit.diagnostics)
    assert urls == ["/repo/caps/", "/repo/cr/", "/repo/ff/", "/repo/nl/", "/repo/tab.png"]


def test_a_comment_or_script_hides_links_up_to_its_first_end_only():
    page = ('<!-- a - b -> c <a href="/repo/in-comment/"> --->'
            '<a href="/repo/after-comment/">1</a><!----><a href="/repo/after-empty/">2</a>\n'
            '<script>if (a < b) s = "<a href=\'/repo/in-script/\'></scrip";</script>'
            '<a href="/repo/after-script/">3</a>\n<script src="/repo/x.js"></script>'
            '<!-- one --><a href="/repo/between/">4</a><!-- two -->')
    audit = audit_output({"index.html": page.encode()}, "https://u.github.io/repo/")
    found = sorted((d.line, re.search(r"`(.*?)`", str(d)).group(1)) for d in audit.diagnostics)
    assert found == [(1, "/repo/after-comment/"), (1, "/repo/after-empty/"),
                     (2, "/repo/after-script/"), (3, "/repo/between/"), (3, "/repo/x.js")]


def test_the_example_blog_passes_under_a_project_sub_path(tmp_path):
    result = Site(REPO).build(output=tmp_path / "out", now=None,
                              base_url="https://example.github.io/repo/",
                              lock_wait=EXAMPLE_LOCK_WAIT)
    assert result.written
    assert broken(result) == []


def test_check_reports_without_writing_the_site(site, capsys):
    site.write("site.yaml", BASE)
    site.post("a.md", "甲", body="这是[没了的链接](/posts/gone/)。\n")
    assert main(["check", "--source", str(site.root)]) == 0
    err = capsys.readouterr().err
    assert "content/posts/a.md:5: warning: broken link `/posts/gone/`" in err
    assert main(["check", "--strict", "--source", str(site.root)]) == 1
    assert "check failed: 1 error" in capsys.readouterr().err
    assert not site.output.exists()


def test_check_reports_front_matter_and_math_problems(site, capsys):
    site.write("site.yaml", BASE)
    site.write("content/posts/bad.md", "---\ntitle: [\n---\n")
    site.post("m.md", "M", body="$$\\frac{1}{$$\n")
    assert main(["check", "--source", str(site.root)]) == 1
    err = capsys.readouterr().err
    assert "content/posts/bad.md:" in err and "KaTeX" in err
    assert not site.output.exists()


def test_incremental_builds_audit_unchanged_pages_as_clean_ones_do(site):
    site.write("site.yaml", BASE)
    site.write("static/images/x.png", raw=b"png")
    site.post("a.md", "甲", body="一张图：![图](/images/x.png)\n\n见[乙](/posts/b/)。\n", lang="zh")
    site.post("b.md", "乙", lang="zh")
    site.post("c.md", "丙", body="坏链接：[无](/posts/none/)\n", lang="zh")
    engine = Engine(BuildOptions(site.root, site.output, now=NOW))  # with the build's store
    result = engine.build()
    assert [m.split(": warning")[0] for m in broken(result)] == ["content/posts/c.md:6"]
    first = site.read("posts/a/")
    assert 'src="/repo/images/x.png"' in first and 'href="/repo/posts/b/"' in first
    (site.root / "content/posts/b.md").unlink()  # a's link to b breaks
    result = engine.build()
    assert result.written
    assert sorted(m.split(": warning")[0] for m in broken(result)) == [
        "content/posts/a.md:8", "content/posts/c.md:6"]
    assert 'src="/repo/images/x.png"' in site.read("posts/a/")
    # c changes, a does not: a's page is taken from the last build and its scan remembered
    site.post("c.md", "丙", body="坏链接：[无](/posts/none/)\n\n多一行。\n", lang="zh")
    result = engine.build()
    assert sorted(m.split(": warning")[0] for m in broken(result)) == [
        "content/posts/a.md:8", "content/posts/c.md:6"]


def test_a_post_full_of_broken_links_names_every_line_of_each(site):
    site.write("site.yaml", BASE)
    lines = [f"[to {n}](/posts/gone-{n % 7}/) and ![img](pics/{n}.png)" for n in range(40)]
    post = site.post("many.md", "Many", body="\n\n".join(lines) + "\n")
    found = broken(site.build())
    text = post.read_text().split("\n")
    expected = set()
    for number, line in enumerate(text, 1):
        for match in re.finditer(r"\((/posts/gone-\d/|pics/\d+\.png)\)", line):
            expected.add(f"content/posts/many.md:{number}: warning: broken link "
                         f"`{match.group(1)}`")
    assert len(found) == 80 and {m[:m.index("`", m.index("`") + 1) + 1]
                                 for m in found} == expected
    # the page's og:image is its first image: reported once, where the image is written
    assert 'property="og:image" content="https://u.github.io/repo/posts/many/pics/0.png"' \
        in site.read("posts/many/")


@pytest.mark.parametrize("others", [0, 40])  # (a few URLs are looked for one by one)
def test_a_broken_url_is_named_on_every_line_that_holds_it_and_not_inside_a_longer_one(
        site, others):
    """One URL the beginning of another, one inside another, one in Chinese (percent-encoded
    in the page), one with `&` (escaped in the page): each named on every line where it is
    written as a link, and only there."""
    site.write("site.yaml", BASE)
    written = ["pics/a.png", "pics/a.png.bak", "/old/pics/a.png", "/img/图.png",
               "files/x.txt?v=1&w=2", *(f"/more/{n}.png" for n in range(others))]
    body = [f"[link {n}]({url}) and text" for n in range(3) for url in written]
    post = site.post("urls.md", "URLs", body="\n\n".join(body[::-1]) + "\n")
    found = broken(site.build())
    lines = post.read_text().split("\n")
    reported: dict[str, set[int]] = {}
    for message in found:
        line, url = re.match(r"content/posts/urls\.md:(\d+): warning: broken link `([^`]*)`",
                             message).groups()
        reported.setdefault(url, set()).add(int(line))
    assert {url.replace("%E5%9B%BE", "图") for url in reported} == set(written)
    for url, at in reported.items():
        plain = url.replace("%E5%9B%BE", "图")
        assert at == {n for n, text in enumerate(lines, 1) if f"]({plain})" in text}, url
    # "pics/a.png" is inside the two longer URLs: named on its own 3 lines, not on their 6
    assert len(reported["pics/a.png"]) == 3


def test_a_broken_url_is_named_where_it_is_a_links_target_not_where_it_is_code_or_prose(site):
    """`plt.savefig("loss.png")` in a code block, `loss.png` in prose or inline code, a
    Markdown example in a fence: none is the image `loss.png`. Each broken link is named
    once, at the line where it is written as a link, in each form the build makes links of."""
    site.write("site.yaml", BASE)
    post = site.post("ph/index.md", "画图", body="""
        先画图，保存成 loss.png：

        ```python
        plt.savefig("loss.png")
        ```

        ```markdown
        ![例子](loss.png)
        ```

        文件名是 `![](loss.png)` 里的 loss.png。

        ![训练曲线](loss.png)

        {% asset_img hexo.png 曲线 %} and {{< figure src="hugo.png" >}}

        <img src="a.png" alt="" srcset="a.png 1x, a-2x.png 2x"> and [by reference][ref]

        [ref]: <notes.txt>

        open("notes.txt"), "hexo.png", "hugo.png", a-2x.png
        """)
    found = broken(site.build())
    assert [m.split(": warning: broken link ")[0] + " " + m.split("`")[1] for m in found] == [
        f"content/posts/ph/index.md:{line_of(post, '![训练曲线]')} loss.png",
        f"content/posts/ph/index.md:{line_of(post, 'asset_img')} hexo.png",
        f"content/posts/ph/index.md:{line_of(post, 'asset_img')} hugo.png",
        f"content/posts/ph/index.md:{line_of(post, '<img')} a.png",
        f"content/posts/ph/index.md:{line_of(post, '<img')} a-2x.png",
        f"content/posts/ph/index.md:{line_of(post, '[ref]:')} notes.txt"], found
    assert len(messages(site.build(strict=True), "error")) == 6


@pytest.mark.parametrize("ending", ["\r", "\r\n"])
def test_a_broken_link_is_named_at_its_line_whatever_ends_the_lines(site, ending):
    """An old Mac's lone `\r` (and Windows' `\r\n`) ends a line for the audit as for the
    loader and KaTeX: the link on line 12 was named at line 1."""
    site.write("site.yaml", BASE)
    text = "---\ntitle: 错误\ndate: 2024-05-03\n---\n\n第一行\n\n$$\n\\frac{a}{\n$$\n\n[x](gone/)\n"
    site.write("content/posts/err.md", raw=text.replace("\n", ending).encode())
    site.write("static/css/x.css", raw=ending.join(["a {", "  b: url(gone.svg);", "}"]).encode())
    found = messages(site.build())
    assert "content/posts/err.md:12: warning: broken link `gone/`: no file /repo/posts/err/"\
        "gone/ in the output" in found, found
    assert any(m.startswith("content/posts/err.md:9: warning: KaTeX") for m in found), found
    assert any(m.startswith("static/css/x.css:2: warning: broken link `gone.svg`")
               for m in found), found


def test_a_link_written_with_windows_backslashes_says_so_and_works_when_it_names_a_file(site):
    """`images\\fig.png` is published as `images%5Cfig.png`, which names no file: the advice
    was to put the file at `content/posts/w/images\\fig.png`, and beside a post that is no
    bundle it named the very file that was there. A link that names a file with `/` is one
    warning to write `/`, and followed (as a link to a post is); one that names none is
    broken, said with what it would take."""
    site.write("site.yaml", BASE)
    site.write("content/posts/w/images/fig.png", raw=b"\x89PNG")
    site.write("content/posts/w/index.md", "---\ntitle: W\ndate: 2024-05-01\n---\n\n"
               "![图](images\\fig.png)\n\n![图2](.\\images\\fig.png)\n\n"
               "![没有](pics\\gone.png)\n")
    site.write("content/posts/images/plain.png", raw=b"\x89PNG")
    site.post("plain.md", "Plain", body="![图](images\\plain.png)\n")
    found = [m for m in messages(site.build()) if "warning" in m]
    assert sorted(found) == [
        "content/posts/plain.md:5: warning: link to `images\\plain.png` uses `\\` where a link "
        "needs `/`: write `images/plain.png` (it is followed this time)",
        "content/posts/w/index.md:10: warning: broken link `pics\\gone.png`: no file "
        "/repo/posts/w/pics/gone.png in the output (and the link uses `\\` where a URL needs "
        "`/`); put the file at content/posts/w/pics/gone.png",
        "content/posts/w/index.md:6: warning: link to `images\\fig.png` uses `\\` where a "
        "link needs `/`: write `images/fig.png` (it is followed this time)",
        "content/posts/w/index.md:8: warning: link to `.\\images\\fig.png` uses `\\` where a "
        "link needs `/`: write `./images/fig.png` (it is followed this time)"], found
    page = site.read("posts/w/")
    assert 'src="images/fig.png"' in page and 'src="./images/fig.png"' in page
    assert 'src="/repo/posts/images/plain.png"' in site.read("posts/plain/")


def test_a_link_to_a_post_written_with_backslashes_is_one_warning_and_works(site):
    """`[x](misc\\notes.md)` warned twice at one line, "no such Markdown file" and a broken
    link, though the post is there: one warning now says to write `/`, and readers get the
    post's page. A link that names no post with either slash keeps its warning."""
    site.write("site.yaml", BASE)
    site.post("misc/notes.md", "Notes")
    site.post("a.md", "A", body="[x](misc\\notes.md) [y](..\\nowhere.md)\n")
    found = [m for m in messages(site.build()) if "posts/a.md" in m]
    assert found[0] == ("content/posts/a.md:5: warning: link to `misc\\notes.md` uses `\\` "
                        "where a link needs `/`: write `misc/notes.md` (it is followed this time)")
    assert [m for m in found if "misc" in m] == found[:1], found
    assert any("`..\\nowhere.md`: no such Markdown file" in m for m in found), found
    assert '<a href="/repo/posts/misc/notes/">x</a>' in site.read("posts/a/")


def test_a_markdown_link_to_no_post_is_one_warning_at_its_line(site):
    """`[y](gone.md)` and `[z](..\\nowhere.md)` each warned twice at one line: the renderer's
    "no such Markdown file" and the audit's "broken link" for the same link. One warning now
    (the renderer's, which says what is missing); the same URL in raw HTML is still the
    audit's, and --strict still fails on the link."""
    site.write("site.yaml", BASE)
    site.post("a.md", "A", body="[y](gone.md)\n\n[z](..\\nowhere.md)\n\n"
                                "<a href=\"html.md\">h</a>\n")
    found = [m for m in messages(site.build()) if "posts/a.md" in m]
    assert found == [
        "content/posts/a.md:5: warning: link to `gone.md`: no such Markdown file in content/",
        "content/posts/a.md:7: warning: link to `..\\nowhere.md`: no such Markdown file in "
        "content/ (and a link needs `/` where it has `\\`)",
        "content/posts/a.md:9: warning: broken link `html.md`: no file /repo/posts/a/html.md "
        "in the output"], found
    strict = messages(site.build(strict=True), "error")
    assert "content/posts/a.md:5: error: link to `gone.md`: no such Markdown file in content/"\
        in strict, strict


def test_a_markdown_link_from_the_sites_root_to_no_file_is_said(site):
    """`[English Version](/solution/0001.Two%20Sum/README_EN.md)`, as a solutions repository
    links its other language from the root, led readers to a 404 and nothing was said: the
    audit left every Markdown link to a `.md` to the renderer, which says nothing of a path
    from the site's root."""
    site.write("site.yaml", BASE)
    site.post("a.md", "A", body="[English Version](/solution/0001.Two%20Sum/README_EN.md)\n")
    assert broken(site.build()) == [
        "content/posts/a.md:5: warning: broken link `/solution/0001.Two%20Sum/README_EN.md`: "
        "no file /repo/solution/0001.Two%20Sum/README_EN.md in the output (the site lives "
        "under /repo/, and /solution/0001.Two%20Sum/README_EN.md is no file of it either)"]


def test_two_links_to_one_missing_file_are_told_apart_by_their_fragments(site):
    site.write("site.yaml", BASE)
    site.post("a.md", "A", body="[one](gone.md) and [two](gone.md#小节)\n")
    found = [m for m in messages(site.build()) if "posts/a.md" in m]
    assert found == [
        "content/posts/a.md:5: warning: link to `gone.md`: no such Markdown file in content/",
        "content/posts/a.md:5: warning: link to `gone.md#小节`: no such Markdown file in "
        "content/"], found


def test_a_link_to_a_post_moved_elsewhere_says_where_it_is_now(site, tmp_path):
    """After `gan/` moved to `2025/gan/` a link to `gan/index.md` said only "no such Markdown
    file": the one file of that name is offered, as the link would write it; one that comes
    later is offered by the next build (the body searched every name). (Written `./`, from
    the post's own folder: a bare name is Obsidian's shortest path, which finds the one file
    of that name anywhere.)"""
    site.write("site.yaml", BASE)
    site.post("flows.md", "Flows", body="[GAN](./gan/index.md) and [VAE](./vae.md)\n")
    site.post("2025/gan/index.md", "GAN", body="GAN.\n")
    site.post("x/vae.md", "VAE x", body="x\n")
    site.post("y/vae.md", "VAE y", body="y\n")  # (two of that name: nothing offered)
    found = [m for m in messages(site.build(use_cache=True)) if "flows.md" in m]
    assert found == [
        "content/posts/flows.md:5: warning: link to `./gan/index.md`: no such Markdown file "
        "in content/; did you mean `2025/gan/index.md`?",
        "content/posts/flows.md:5: warning: link to `./vae.md`: no such Markdown file in "
        "content/"], found
    (site.root / "content/posts/y/vae.md").unlink()
    found = [m for m in messages(site.build(use_cache=True)) if "flows.md" in m]
    assert found[1].endswith("; did you mean `x/vae.md`?"), found
    # renamed in its folder: the closest name there
    site.post("x/diffusion-notes.md", "DDPM", body="x\n")
    site.post("x/links.md", "Links", body="[DDPM](diffusion.md)\n")
    found = [m for m in messages(site.build(use_cache=True)) if "links.md" in m]
    assert found == ["content/posts/x/links.md:5: warning: link to `diffusion.md`: no such "
                     "Markdown file in content/; did you mean `diffusion-notes.md`?"], found


def warnings_about_a(engine: Engine) -> list[str]:
    """What a build of `engine` warns of content/posts/a.md, without its place."""
    return [m.split(": warning: ")[1] for m in messages(engine.build()) if "posts/a.md" in m]


def test_a_link_to_a_held_back_post_says_it_is_held_back(site):
    """A link to a draft or a future post said "no such Markdown file in content/" (and a
    second "broken link" line) though the file is there: it says why the post is not linked,
    and a cached body says it again only while that is still so."""
    site.write("site.yaml", BASE)
    site.post("draft.md", "D", draft="true")
    site.post("later.md", "L", date="2099-01-01")
    site.post("a.md", "A", body="[d](draft.md) [l](later.md) [n](none.md)\n")
    engine = Engine(BuildOptions(source=site.root, output=site.output, now=NOW))

    assert warnings_about_a(engine) == [
        "link to `draft.md`: that post is a draft, held back: it is linked when it is "
        "published (or built with --drafts)",
        "link to `later.md`: that post is dated in the future, held back: it is linked from "
        "that date (or built with --future)",
        "link to `none.md`: no such Markdown file in content/"]
    # (a held-back post's link is its words until it is published: `draft.md` was a 404)
    assert '<p>d l <a href="none.md">n</a></p>' in site.read("posts/a/")
    assert "draft.md" not in site.read("atom.xml")
    (site.root / "content/posts/later.md").unlink()
    assert warnings_about_a(engine)[1:] == [
        "link to `later.md`: no such Markdown file in content/",
        "link to `none.md`: no such Markdown file in content/"]
    site.post("draft.md", "D")  # published: linked
    assert warnings_about_a(engine) == [
        "link to `later.md`: no such Markdown file in content/",
        "link to `none.md`: no such Markdown file in content/"]
    assert '<a href="/repo/posts/draft/">d</a>' in site.read("posts/a/")


def test_a_hexo_or_jekyll_tag_naming_a_held_back_post_says_it_is_held_back(site):
    """`{% post_link draft %}` said "no post or page made from `draft`" though the post is
    there, a draft: it says why, as a Markdown link does, and says it no longer once the
    draft is gone (a cached body is made again when a held-back post comes or goes)."""
    site.write("site.yaml", BASE)
    site.post("draft.md", "D", draft="true")
    site.post("2024-01-01-later.md", "L", date="2099-01-01")
    site.post("a.md", "A", body="{% post_link draft %} and {% post_url 2024-01-01-later %}\n")
    engine = Engine(BuildOptions(source=site.root, output=site.output, now=NOW))

    assert warnings_about_a(engine) == [
        "`{% post_link draft %}`: `posts/draft.md` is a draft, held back: it is linked when "
        "it is published (or built with --drafts); its words are shown, without a link",
        "`{% post_url 2024-01-01-later %}`: `posts/2024-01-01-later.md` is dated in the "
        "future, held back: it is linked from that date (or built with --future); shown as "
        "written"]
    assert "<p>draft and {% post_url" in site.read("posts/a/")  # (not the tag as written)
    (site.root / "content/posts/draft.md").unlink()
    assert warnings_about_a(engine)[0] == \
        "`{% post_link draft %}`: no post or page made from `draft`; shown as written"
    site.post("draft.md", "D", draft="true")  # back again: the tag found no post, and one
    assert warnings_about_a(engine)[0].startswith(
        "`{% post_link draft %}`: `posts/draft.md` is a draft")
    site.post("draft.md", "D")  # published: linked
    assert len(warnings_about_a(engine)) == 1
    assert '<a href="/repo/posts/draft/">D</a>' in site.read("posts/a/")


def test_a_link_to_a_post_of_front_matter_alone_says_it_has_no_text_yet(site, tmp_path):
    """A post of front matter alone is held back (what `new post` writes): a link to it, and a
    `{% post_link %}` naming it, said "no such Markdown file" though the file is there; they
    say why, and link it once it is written in (its cached linker made again each time).
    The post_link shows the post's title, as it will once linked, not its file's name."""
    site.write("site.yaml", BASE)
    site.write("content/posts/empty.md", "---\ntitle: Empty\ndate: 2024-05-01\n---\n")
    site.post("a.md", "A", body="[e](empty.md) and {% post_link empty %}\n")
    engine = Engine(BuildOptions(source=site.root, output=site.output, now=NOW))

    assert warnings_about_a(engine) == [
        "`{% post_link empty %}`: `posts/empty.md` is empty (no text below its front matter, "
        "or none at all), not published: it is linked once written in; its title is shown, "
        "without a link",
        "link to `empty.md`: that post is empty (no text below its front matter, or none at "
        "all), not published: it is linked once written in"]
    assert "<p>e and Empty</p>" in site.read("posts/a/")  # (not a link to a 404)
    site.post("empty.md", "Empty", body="Written at last.\n")
    assert warnings_about_a(engine) == []
    assert '<a href="/repo/posts/empty/">e</a> and <a href="/repo/posts/empty/">Empty</a>' \
        in site.read("posts/a/")
    site.write("content/posts/empty.md", "---\ntitle: Empty\ndate: 2024-05-01\n---\n")
    build_and_compare_with_clean(site, engine, tmp_path)
    assert "<p>e and Empty</p>" in site.read("posts/a/")
    site.write("content/posts/empty.md", "---\ntitle: 注意力\ndate: 2024-05-01\n---\n")
    build_and_compare_with_clean(site, engine, tmp_path)  # (its new title: a.md made again)
    assert "<p>e and 注意力</p>" in site.read("posts/a/")


def test_a_link_with_spaces_or_an_obsidian_embed_is_said_where_it_shows_as_text(site):
    """Typora writes `![t](fig 1.png)`: CommonMark shows it as text, which the build published
    without a word (the audit then blamed the next line that names the same file), as it
    did Obsidian's `![[fig.png]]` naming no file. Each is said at its line."""
    site.write("site.yaml", BASE)
    site.write("content/posts/a/fig 1.png", raw=b"\x89PNG\r\n\x1a\n")
    post = site.post("a/index.md", "A", body="Intro.\n\n![t](fig 3.png)\n\n"
                     "Text ![[fig 2.png|300]] and [ok](<fig 1.png> \"t\").\n\n"
                     "![u](fig%201.png)\n\n`![c](in code.png)`\n")
    lines = post.read_text(encoding="utf-8").splitlines()
    spaced, embed = (lines.index(line) + 1 for line in lines if line.startswith(("![t]", "Text")))
    result = site.build()
    assert result.written
    assert [m for m in messages(result) if "posts/a/" in m] == [
        f"content/posts/a/index.md:{spaced}: warning: `![t](fig 3.png)` is shown as text: a "
        "path with spaces is written `<fig 3.png>` (or `fig%203.png`)",
        f"content/posts/a/index.md:{embed}: warning: `![[fig 2.png|300]]` (Obsidian's embed) "
        "is shown as text: no file under content/ is named `fig 2.png`"]


def test_typoras_path_with_spaces_shows_the_file_it_names(site):
    """Typora writes a pasted picture's path with its spaces as they are, `![x](VAE 笔记.assets/
    image.png)`, and shows it: CommonMark reads it as text, which was published with a warning.
    A path with spaces naming a file (a picture, a note) is linked as Typora shows it; one
    naming none is still text, said."""
    site.write("site.yaml", BASE)
    site.write("content/posts/typora/VAE 笔记.assets/image-2024.png", raw=PNG_3X2)
    site.post("typora/KL 散度.md", "KL")
    site.post("typora/VAE 笔记.md", "VAE", body="1 ![图 *一*](VAE 笔记.assets/image-2024.png)\n\n"
              "2 见 [KL *散度*](KL 散度.md)\n\n3 ![没有](VAE 笔记.assets/gone.png)\n")
    result = site.build(use_cache=True)
    page = site.read("posts/typora/vae-笔记/")
    # (its folder in small letters, as a page's folders are)
    assert ('1 <img src="/repo/posts/typora/vae%20%E7%AC%94%E8%AE%B0.assets/image-2024.png" '
            'alt="图 一" decoding="async" width="3" height="2"') in page
    assert '2 见 <a href="/repo/posts/typora/kl-%E6%95%A3%E5%BA%A6/">KL <em>散度</em></a>' \
        in page
    assert "3 ![没有](VAE 笔记.assets/gone.png)" in page
    assert [m.split(": warning: ")[1] for m in messages(result) if "posts/" in m] == [
        "`![没有](VAE 笔记.assets/gone.png)` is shown as text: a path with spaces is written "
        "`<VAE 笔记.assets/gone.png>` (or `VAE%20笔记.assets/gone.png`)"]
    # a cached body follows the picture it sizes (replaced: its new size)
    site.write("content/posts/typora/VAE 笔记.assets/image-2024.png",
               raw=PNG_3X2.replace(bytes.fromhex("0000000300000002"),
                                   bytes.fromhex("0000000500000004"), 1))
    site.build(use_cache=True)
    assert 'width="5" height="4"' in site.read("posts/typora/vae-笔记/")


def test_typoras_root_url_is_where_a_path_from_the_root_starts(site):
    """`typora-root-url: ./` in a post's front matter makes Typora show `![](/root.png)` from
    the post's folder: published, it named the site's root and was a broken picture."""
    site.write("site.yaml", BASE)
    site.write("content/posts/notes/root.png", raw=PNG_3X2)
    site.write("static/img/site.png", raw=PNG_3X2)
    site.post("notes/a.md", "A", body="1 ![r](/root.png)\n\n2 ![s](/img/site.png)\n",
              **{"typora-root-url": "./"})
    result = site.build(use_cache=True)
    assert not [m for m in messages(result) if "posts/" in m], messages(result)
    page = site.read("posts/notes/a/")
    assert '1 <img src="/repo/posts/notes/root.png" alt="r"' in page
    assert '2 <img src="/repo/img/site.png" alt="s"' in page  # (no such file there: as ever)


def test_typoras_root_url_is_where_a_resized_pictures_path_starts(site):
    """A picture resized in Typora is raw HTML, `<img src="/a.png" style="zoom:42%;" />`:
    under `typora-root-url: ..\\media` (Windows' `\\`, as Typora writes it there) its path
    named the site's root, a broken picture, where the Markdown picture beside it was found."""
    site.write("site.yaml", BASE)
    site.write("content/posts/dl/media/bn.png", raw=PNG_3X2)
    site.post("dl/notes/bn.md", "BN", body='<img src="/bn.png" alt="bn" style="zoom:42%;" />\n'
              '\nBN 的示意 <img src="/bn.png" alt="inline">。\n',
              **{"typora-root-url": "..\\media"})
    result = site.build()
    assert not [m for m in messages(result) if "posts/" in m], messages(result)
    page = site.read("posts/dl/notes/bn/")
    assert '<img src="/repo/posts/dl/media/bn.png" alt="bn" style="zoom:42%;"' in page
    assert 'BN 的示意 <img src="/repo/posts/dl/media/bn.png" alt="inline"' in page


def test_a_file_named_with_a_hash_or_a_question_mark_is_followed_as_its_editor_shows_it(
        site):
    """Windows and macOS names hold `#` and `?` (`C#.png`, `what?.png`): `![h](<C#.png>)` was
    cut at its `#` into a link to a file `C` ("no file …/C"), where Typora shows the picture.
    When the whole written text names a file, the link is to that file (`C%23.png`)."""
    site.write("site.yaml", BASE)
    for name in ("C#.png", "what?.png", "100%.png"):
        site.write(f"content/posts/b/{name}", raw=PNG_3X2)
    site.write("content/posts/b/fig.png", raw=PNG_3X2)
    site.post("C# tips.md", "C# tips")
    site.post("b/index.md", "B", body="1 ![h](<C#.png>)\n\n2 ![q](<what?.png>)\n\n"
              "3 ![p](<100%25.png>)\n\n4 [t](<../C# tips.md>)\n\n5 [f](fig.png#top)\n")
    result = site.build(use_cache=True)
    assert not [m for m in messages(result) if "posts/" in m], messages(result)
    found = dict(re.findall(r"<p>(\d) <(?:img src|a href)=\"([^\"]*)\"",
                            site.read("posts/b/")))
    assert found["1"] == "C%23.png" and found["2"] == "what%3F.png", found
    assert found["3"] == "100%25.png" and found["5"] == "fig.png#top", found
    assert found["4"].startswith("/repo/posts/c-"), found
    sizes = re.findall(r'<p>[12] <img [^>]*width="3" height="2"', site.read("posts/b/"))
    assert len(sizes) == 2  # (the picture's size read from the file named)


def test_a_markdown_link_is_said_at_its_own_line_of_a_paragraph(site):
    """`[bad](nope.md)` on the fourth line of a paragraph was said at the paragraph's first
    line (the renderer's message; the audit's, for an image, was right): each link's line
    now, counted over line breaks, a tag over two lines and a formula over two."""
    site.write("site.yaml", BASE)
    post = site.post("p.md", "P", body="""
        A paragraph
        with <span
        class="x">a tag</span> and $a
        +b$ then [bad](nope.md) and ![i](gone.png)
        and [also](../x/nope2.md).
        """)
    found = [m.split(": warning: ")[0] + " " + m.split("`")[1]
             for m in messages(site.build()) if "nope" in m or "gone" in m]
    line = line_of(post, "[bad]")
    assert found == [f"content/posts/p.md:{line} nope.md",
                     f"content/posts/p.md:{line + 1} ../x/nope2.md",
                     f"content/posts/p.md:{line} gone.png"], found


def test_a_markdown_file_url_is_named_not_left_as_text(site):
    """`![fig](file:///C:/…/fig.png)` (an editor's paste) stayed in the page as its Markdown
    text, unwarned: markdown-it refuses `file:` links. It is a link now, which the audit names
    as a file on the writer's computer; script URLs are still refused."""
    site.write("site.yaml", BASE)
    post = site.post("f.md", "F", body="""
        ![fig](file:///C:/Users/lin/fig.png) and [doc](file:///home/lin/a.pdf)

        [bad](javascript:alert(1)) and ![dot](data:image/png;base64,iVBO)
        """)
    found = broken(site.build())
    line = line_of(post, "fig.png")
    assert [m.split(": a file on")[0] for m in found] == [
        f"content/posts/f.md:{line}: warning: broken link `file:///C:/Users/lin/fig.png`",
        f"content/posts/f.md:{line}: warning: broken link `file:///home/lin/a.pdf`"], found
    page = site.read("posts/f/")
    assert '<img src="file:///C:/Users/lin/fig.png" alt="fig"' in page
    assert "![fig]" not in page and 'href="javascript:' not in page
    assert '<img src="data:image/png;base64,iVBO"' in page


def test_a_link_to_a_file_on_the_writers_computer_is_named(site):
    """`C:\\Users\\…\\fig.png` (Typora's path when an image is pasted) was taken for a URL of
    the scheme `c:`, another site's, and published unchecked; a drive path, a network share
    and a `file:` URL are now named as files on the writer's computer, not on the site."""
    site.write("site.yaml", BASE)
    post = site.post("w.md", "W", body="""
        ![abs](C:\\Users\\lin\\blog\\fig.png)

        ![fwd](D:/pics/a.png) and <img src="E:\\b.png">

        <a href="\\\\server\\share\\c.pdf">c</a> and <a href="file:///C:/x.md">x</a>
        """)
    found = broken(site.build())
    why = ("a file on the writer's computer, not on the site: copy it into the post's folder "
           "(or static/) and link to it from there")
    assert found == [
        f"content/posts/w.md:{line_of(post, 'abs')}: warning: broken link "
        f"`C:\\Users\\lin\\blog\\fig.png`: {why}",
        f"content/posts/w.md:{line_of(post, 'fwd')}: warning: broken link `D:/pics/a.png`: {why}",
        f"content/posts/w.md:{line_of(post, 'fwd')}: warning: broken link `E:\\b.png`: {why}",
        f"content/posts/w.md:{line_of(post, 'server')}: warning: broken link "
        f"`\\\\server\\share\\c.pdf`: {why}",
        f"content/posts/w.md:{line_of(post, 'server')}: warning: broken link "
        f"`file:///C:/x.md`: {why}"], found
    assert "og:image" not in site.read("posts/w/")  # (not the site's URL made of `C:\\…`)


def test_a_picture_in_a_home_folder_is_named_a_file_on_the_writers_computer(site):
    """Typora links a pasted picture it was not told where to put from the writer's home
    folder (`/Users/lin/Library/Application Support/typora-user-images/…`): the warning said
    "no file … in the output", or, for the path with a space, to write it `<…>`."""
    from conftest import messages
    site.write("site.yaml", BASE)
    post = site.post("w.md", "W", body="""
        ![mac](/Users/lin/Library/typora-user-images/image-1.png)

        ![linux](/home/lin/Pictures/fig.png)

        ![spaced](/Users/lin/Library/Application Support/typora-user-images/image-2.png)

        [team](/home/teams/)
        """)
    result = site.build()
    why = ("a file on the writer's computer, not on the site: copy it into the post's folder "
           "(or static/) and link to it from there")
    assert broken(result) == [
        f"content/posts/w.md:{line_of(post, 'mac')}: warning: broken link "
        f"`/Users/lin/Library/typora-user-images/image-1.png`: {why}",
        f"content/posts/w.md:{line_of(post, 'linux')}: warning: broken link "
        f"`/home/lin/Pictures/fig.png`: {why}",
        # (helper-156: a site's own section named home is no one's home folder)
        f"content/posts/w.md:{line_of(post, 'team')}: warning: broken link `/home/teams/`: no "
        "file /repo/home/teams/ in the output (the site lives under /repo/, and /home/teams/ is "
        "no file of it either)"]
    assert f"content/posts/w.md:{line_of(post, 'spaced')}: warning: `![spaced](/Users/lin/" \
           f"Library/Application Support/typora-user-images/image-2.png)` is shown as text: " \
           f"it names {why}" in messages(result)


def test_a_picture_the_site_keeps_named_by_its_path_on_the_writers_computer_is_shown(site):
    """Typora writes a pasted picture's path from the computer's root when the notes' folder
    is not the note's (`/home/lin/github/notes/微信图片.jpg`): the picture, committed with the
    notes, was published but the page linked the writer's disk. The site's file of that name
    is shown, the one whose folders end as the path's do, and the path to write is said."""
    site.write("site.yaml", BASE)
    site.write("content/posts/ml/assets/loss.png", raw=b"\x89PNG")
    site.write("content/posts/cv/assets/loss.png", raw=b"\x89PNG")
    site.write("content/posts/cv/image.png", raw=b"\x89PNG")
    post = site.post("ml/sgd.md", "SGD", body="""
        ![linux](/home/lin/github/notes/ml/assets/loss.png)

        <img src="C:\\Users\\lin\\notes\\cv\\assets\\loss.png" alt="windows">

        ![other](/home/lin/Desktop/image.png)
        """)
    result = site.build()
    page = site.read("posts/ml/sgd/")
    assert '<img src="/repo/posts/ml/assets/loss.png" alt="linux"' in page
    assert '<img src="/repo/posts/cv/assets/loss.png" alt="windows"' in page
    # (a name alone, in another folder than the post's, may be another picture: said as ever)
    assert broken(result) == [
        f"content/posts/ml/sgd.md:{line_of(post, 'other')}: warning: broken link "
        "`/home/lin/Desktop/image.png`: a file on the writer's computer, not on the site: copy "
        "it into the post's folder (or static/) and link to it from there"]
    said = [m for m in messages(result) if "is a path on the writer's computer" in m]
    assert said == [
        f"content/posts/ml/sgd.md:{line_of(post, 'linux')}: warning: `/home/lin/github/notes/ml/"
        "assets/loss.png` is a path on the writer's computer, which no reader's browser opens: "
        "shown is content/posts/ml/assets/loss.png, the site's file of that name (write "
        "`assets/loss.png`)",
        f"content/posts/ml/sgd.md:{line_of(post, 'windows')}: warning: `C:\\Users\\lin\\notes\\cv"
        "\\assets\\loss.png` is a path on the writer's computer, which no reader's browser "
        "opens: shown is content/posts/cv/assets/loss.png, the site's file of that name (write "
        "`../cv/assets/loss.png`)"], said


def test_a_broken_relative_cover_is_named_at_its_front_matter_line(site):
    """A `cover` relative to the post (its page's og:image) was named at the output page's
    line (`public/posts/w/index.html:19`); the writer wrote it in the front matter. And it is
    named as written there: `thumbnail: /gallery/chengshe.png` (a Hexo post's) was said as
    `https://u.github.io/repo/gallery/chengshe.png`, the og:image made of it, an address the
    writer never typed."""
    site.write("site.yaml", BASE)
    site.write("content/posts/w/images/cover.png", raw=b"\x89PNG")
    site.write("content/posts/w/index.md", "---\ntitle: W\ndate: 2024-05-01\n"
               "cover: images\\cover.png\n---\n\nText.\n")
    site.post("a.md", "A", cover="./gone.png", body="![图](pics/gone.png)\n")
    site.post("b.md", "B", image='"../elsewhere/gone.png"')
    site.post("c.md", "C", thumbnail="/gallery/chengshe.png")
    found = broken(site.build())
    assert sorted(found) == [
        "content/posts/a.md:4: warning: broken link `./gone.png`: "
        "no file /repo/posts/a/gone.png in the output",
        "content/posts/a.md:6: warning: broken link `pics/gone.png`: no file "
        "/repo/posts/a/pics/gone.png in the output; put the file at content/posts/pics/"
        "gone.png, beside a.md (or in the post's own folder: content/posts/a/pics/gone.png)",
        "content/posts/b.md:4: warning: broken link `../elsewhere/gone.png`: "
        "no file /repo/posts/elsewhere/gone.png in the output",
        "content/posts/c.md:4: warning: broken link `/gallery/chengshe.png`: "
        "no file /repo/gallery/chengshe.png in the output"], found
    # (a cover is a file's path: written with `\\` on Windows, it is found)
    assert 'content="https://u.github.io/repo/posts/w/images/cover.png"' in \
        site.read("posts/w/")

@pytest.mark.parametrize("form", ["hugo", "hexo"])
def test_a_broken_cover_in_json_front_matter_is_named_at_its_line(site, form):
    """Hugo's JSON front matter (an object) and Hexo's (its keys up to a `;;;` line) are front
    matter to the audit too: a broken `cover` there was named at the output page's line, as
    YAML's was before it was read as front matter."""
    site.write("site.yaml", BASE)
    keys = '  "title": "J",\n  "date": "2024-05-01",\n  "cover": "./gone.png"\n'
    site.write("content/posts/j.md", "{\n" + keys + "}\nText.\n" if form == "hugo"
               else keys + ";;;\nText.\n")
    line = 4 if form == "hugo" else 3
    assert broken(site.build()) == [
        f"content/posts/j.md:{line}: warning: broken link "
        "`./gone.png`: no file /repo/posts/j/gone.png in the output"]


def test_a_raw_html_link_to_a_markdown_file_is_named_and_the_markdown_links_are_not(site):
    """`[x](other.md)` becomes the post's URL; `<a href="other.md">` stays as written and is
    broken: only its line is named."""
    site.write("site.yaml", BASE)
    site.post("other.md", "Other")
    post = site.post("a.md", "A", body="""
        See [the other post](other.md).

        Again [here](other.md) and [by reference][ref].

        [ref]:  other.md

        <a href="other.md">raw</a>
        """)
    gone = site.post("gone.md", "Gone", body="Text.\n\nSee [a deleted post](deleted.md).\n")
    result = site.build()
    found = broken(result)
    # the Markdown link to a file that exists works; one to a missing file is in the page
    # as written, and named where it is written (by the renderer, which knows it is a post)
    assert [m.split(": warning")[0] for m in found] == [
        f"content/posts/a.md:{line_of(post, '<a href')}"], found
    assert f"content/posts/gone.md:{line_of(gone, 'deleted.md')}: warning: link to " \
        "`deleted.md`: no such Markdown file in content/" in messages(result)


def test_a_broken_fragment_is_named_where_its_link_is_written_and_not_at_another_link(site):
    """`[x](other.md#nope)` is `/repo/posts/other/#nope` in the page: it was named at the
    line of another link to that post (or at the page's own line when there was none), and a
    second broken fragment on the post was not named at all (one message per line and page)."""
    site.write("site.yaml", BASE)
    site.post("other.md", "Other", body="## 你好\n\nText.\n")
    sub = site.post("notes/a.md", "A", body="""
        First line.

        A [fine link](/posts/other/) first.

        A [bad anchor](../other.md#nope) by the file.

        A [good one](../other.md#你好) and [another bad](/posts/other/#gone).
        """)
    found = broken(site.build())
    assert sorted(m.split(": warning")[0] for m in found) == [
        f"content/posts/notes/a.md:{line_of(sub, 'bad anchor')}",
        f"content/posts/notes/a.md:{line_of(sub, 'another bad')}"], found
    assert any('no id="nope"' in m for m in found) and any('no id="gone"' in m for m in found)


def test_a_link_to_a_fragment_of_its_own_page_is_judged_as_any_url_is():
    """A link that is only a fragment (`#方法`, a post's contents and its skip link: a dozen
    on each page, each judged for its page) is judged by the page's ids at once; the verdict
    and what it depends on must be the whole reading's of the same URL, which a space before
    it takes (`_check` strips it, then reads the URL from the start): in random fragments
    of ids the page has and has not, percent-encoded or not, with spaces, tabs, `?`, `#`,
    `%` and what looks like a file of the writer's computer."""
    page = '<h2 id="方法">x</h2><h2 id="a b">y</h2><a name="old">z</a><p id="C:\\x">w</p>'
    site = link_checker._Files({"posts/a/index.html": page.encode("utf-8")})
    ids = link_checker._page_links(page)[1]
    pieces = ["方法", "%E6%96%B9%E6%B3%95", "a b", "a%20b", "old", "top", "", " ", "\t",
              "\u3000", "?q=1", "#", "%", "%zz", ":~:text=x", "C:\\x", "C:/x", "file:",
              "/Users/lin/Desktop/", "\\", "nope", "x/../y"]
    rng = random.Random(5)
    for _ in range(3_000):
        url = "#" + "".join(rng.choice(pieces) for _ in range(rng.randint(0, 4)))
        judged: list[list[str]] = [[], []]
        verdicts = [link_checker._check(written, "posts/a/index.html", "posts/a", "/repo/",
                                        "u.github.io", site, lambda _: ids, looked_at)
                    for written, looked_at in zip((url, " " + url), judged, strict=True)]
        assert verdicts[0] == verdicts[1] and judged[0] == judged[1], repr(url)


def test_a_broken_fragment_of_a_post_named_in_other_capitals_is_named_at_its_line(site):
    """`[x](notes/other.md#nope)` for the file `Notes/Other.md`: the renderer follows it (and
    says so at its line); the missing id was named at the line of the output page, as if a
    template had written the link (an incremental build named the post's line)."""
    site.write("site.yaml", BASE)
    site.post("Notes/Other.md", "Other", body="## 你好\n\nText.\n")
    post = site.post("a.md", "A", body="First.\n\nA [bad anchor](notes/other.md#nope) here.\n")
    found = broken(site.build())
    assert [m.split(": warning")[0] for m in found] == \
        [f"content/posts/a.md:{line_of(post, 'bad anchor')}"], found
    assert 'no id="nope"' in found[0], found


def test_a_link_naming_a_missing_heading_by_its_words_is_named_at_its_line(site):
    """A link naming a heading by its words leads to the id such a heading would have
    (`[[other#Method Overview]]`: `#method-overview`), which is not how the writer spelled
    it: a broken one was named at the line of the output page
    (`…/public/posts/a/index.html:86`), for Obsidian's links to this page's headings, another
    post's and a block, and for Markdown links to a heading by its words. Each is named at
    the line the writer wrote it on; a link of those words in a code block is none."""
    site.write("site.yaml", BASE)
    site.post("other.md", "Other", body="## 方法\n\nText.\n")
    post = site.post("a.md", "A", body="""
        一 [[#不存在的标题]]。

        二 [[other#Method Overview|概览]]。

        三 [[other#^noblock]]。

        四 [四](other.md#With%20Space) and [五](<other.md#section two>).

        ```markdown
        [[other#Method Overview]]
        ```
        """)
    found = broken(site.build())
    assert [m.split(": warning")[0] for m in found] == [
        f"content/posts/a.md:{line_of(post, words)}"
        for words in ("一", "二", "三", "四", "四")], found
    assert [re.search(r'no id="([^"]*)"', m)[1] for m in found] == [
        "不存在的标题", "method-overview", "^noblock", "with-space", "section-two"]


@pytest.mark.parametrize("seed", range(20))
def test_finding_many_urls_in_one_pass_finds_every_start_of_each(seed):
    """The one-pass search (many URLs) against the obvious one, on words that begin, end and
    overlap one another in a text made of them."""
    from blogforge.link_checker import _FIND_EACH_UP_TO, _starts_of

    rnd = random.Random(seed)
    words = {"".join(rnd.choice("ab/.-&图") for _ in range(rnd.randint(1, 6)))
             for _ in range(3 * _FIND_EACH_UP_TO)}
    pieces = [*words, "\n", " ", "x"]
    text = "".join(rnd.choice(pieces) for _ in range(400))
    expected = {word: [at for at in range(len(text)) if text.startswith(word, at)]
                for word in words}
    found = _starts_of(words, text)
    assert {word: sorted(starts) for word, starts in found.items()} == \
        {word: starts for word, starts in expected.items() if starts}


# --- incremental builds: only what changed is audited again, with a clean build's verdict ---


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != MARKER}


def build_and_compare_with_clean(site, engine: Engine, tmp_path: Path) -> list[str]:
    """An incremental build's output and messages, checked against a clean build's."""
    result = engine.build()
    assert result.written, messages(result)
    out = tmp_path / f"clean-{time.monotonic_ns()}"
    clean = Engine(BuildOptions(site.root, out, now=NOW, use_cache=False, jobs=1)).build()
    assert tree(site.output) == tree(out)
    shown = [m.replace(str(site.output), "OUT") for m in messages(result)]
    assert shown == [m.replace(str(out), "OUT") for m in messages(clean)]
    return [m for m in shown if "broken link" in m]


def linking_site(site) -> Engine:
    site.write("site.yaml", BASE)
    site.write("static/files/notes.txt", "notes\n")
    site.post("a.md", "A", body="""
        See [the notes](/files/notes.txt) and [part one of B](/posts/b/#part-one).

        <a href="/posts/c/">C, in raw HTML</a>
        """)
    site.post("b.md", "B", body="## Part one\n\nText.\n")
    site.post("c.md", "C", body="Text.\n")
    return Engine(BuildOptions(site.root, site.output, now=NOW, jobs=1))


def test_editing_another_page_breaks_and_mends_links_as_a_clean_build_would(site, tmp_path):
    engine = linking_site(site)
    assert build_and_compare_with_clean(site, engine, tmp_path) == []
    assert 'href="/repo/files/notes.txt"' in site.read("posts/a/")
    post_a = site.root / "content/posts/a.md"

    site.post("b.md", "B", body="## Part two\n\nText.\n")  # the fragment's id goes
    assert build_and_compare_with_clean(site, engine, tmp_path) == [
        f"content/posts/a.md:{line_of(post_a, 'part one')}: warning: broken link "
        "`/posts/b/#part-one`: no id=\"part-one\" on posts/b/index.html"]

    (site.root / "static/files/notes.txt").unlink()  # a page that did not change loses a target
    found = build_and_compare_with_clean(site, engine, tmp_path)
    assert len(found) == 2 and "`/files/notes.txt`: no file /repo/files/notes.txt" in found[0]
    assert 'href="/files/notes.txt"' in site.read("posts/a/")  # left as written, as clean

    (site.root / "content/posts/c.md").unlink()
    assert len(build_and_compare_with_clean(site, engine, tmp_path)) == 3

    site.write("static/files/notes.txt", "notes\n")
    site.post("b.md", "B", body="Intro.\n\n## Part one\n\nText.\n")
    site.post("c.md", "C", body="Text.\n")
    assert build_and_compare_with_clean(site, engine, tmp_path) == []
    assert 'href="/repo/files/notes.txt"' in site.read("posts/a/")


@pytest.mark.parametrize("child", ["works", "dies"])
def test_an_audit_shared_with_a_second_process_finds_what_one_process_finds(
        site, tmp_path, monkeypatch, child):
    """The audit of many files (a first build of a large blog) is done half by a process
    forked beside the build's: the messages, in their order, the fixed links and what the
    cache keeps are a one-process audit's; if that process dies, the build audits its half
    itself."""
    from blogforge.forks import Aside
    monkeypatch.setattr(link_checker, "AUDIT_ASIDE_FILES", 1)
    started, start = [], Aside.start

    def counted(cls, function, *args):
        started.append(getattr(args[0], "func", None))  # (the job: an audit of files)
        return start(function, *args)

    monkeypatch.setattr(Aside, "start", classmethod(counted))
    if child == "dies":
        monkeypatch.setattr(link_checker, "with_cache_added", lambda *args: os._exit(1))
    linking_site(site)
    site.write("static/css/site.css", "body { background: url(/img/gone.png); }\n")
    for n in range(6):  # (links to each other's sections, to a file, and broken ones)
        site.post(f"p{n}.md", f"P{n}", body=f"""
            ## Part {n}

            [next](/posts/p{(n + 1) % 6}/#part-{(n + 1) % 6}), [notes](/files/notes.txt),
            [gone](/posts/gone{n}/) and [no part](/posts/b/#part-{n + 9}).
            """)
    alone = tmp_path / "alone"  # the same site, its audit by one process
    shutil.copytree(site.root, alone)
    engine = Engine(BuildOptions(site.root, site.output, now=NOW, jobs=2))
    first = build_and_compare_with_clean(site, engine, tmp_path)
    assert len(first) == 13 and "content/posts/p0.md" in first[1], first
    assert 'href="/repo/posts/p1/#part-1"' in site.read("posts/p0/")
    assert started.count(link_checker._audited) == 1
    one = Engine(BuildOptions(alone, tmp_path / "alone-out", now=NOW, jobs=1)).build()
    assert [m.replace(str(tmp_path / "alone-out"), str(site.output)) for m in broken(one)] \
        == first
    assert sorted(cached_keys(site, "links")) == sorted(cached_keys(Site(alone), "links"))
    site.post("b.md", "B", body="## Part two\n\nText.\n")  # (a's fragment goes)
    assert len(build_and_compare_with_clean(site, engine, tmp_path)) == 14


def test_a_link_an_edit_adds_is_audited_again_when_its_target_goes(site, tmp_path):
    """A page's edit that adds a link makes the page depend on the file it names: that
    file's going later audits the page again, which has not changed since."""
    engine = linking_site(site)
    site.write("static/files/slides.pdf", "%PDF\n")
    assert build_and_compare_with_clean(site, engine, tmp_path) == []
    site.post("c.md", "C", body="Text, and [the slides](/files/slides.pdf).\n")
    assert build_and_compare_with_clean(site, engine, tmp_path) == []
    (site.root / "static/files/slides.pdf").unlink()
    post_c = site.root / "content/posts/c.md"
    assert build_and_compare_with_clean(site, engine, tmp_path) == [
        f"content/posts/c.md:{line_of(post_c, 'slides')}: warning: broken link "
        "`/files/slides.pdf`: no file /repo/files/slides.pdf in the output (the site lives "
        "under /repo/, and /files/slides.pdf is no file of it either)"]


def test_moving_a_broken_link_in_its_source_moves_the_message(site, tmp_path):
    engine = linking_site(site)
    site.post("d.md", "D", body="[gone](/posts/gone/)\n")
    (message,) = build_and_compare_with_clean(site, engine, tmp_path)
    assert message.startswith("content/posts/d.md:5:")
    site.post("d.md", "D", body="\n\n\n[gone](/posts/gone/)\n")  # the same page, lines lower
    (message,) = build_and_compare_with_clean(site, engine, tmp_path)
    assert message.startswith("content/posts/d.md:8:")


def test_a_broken_menu_link_follows_its_line_in_site_yaml_through_incremental_builds(
        site, tmp_path):
    """Lines added above the menu in site.yaml change no page: the audit replays its memory
    of the pages, and the message still names the menu entry's line, as a clean build does."""
    engine = linking_site(site)
    config = site.write("site.yaml", MENU)
    (message,) = [m for m in build_and_compare_with_clean(site, engine, tmp_path) if "zh menu" in m]
    assert message.startswith(f"{config}:{line_of(config, 'tagz/')}: ")
    site.write("site.yaml", "# My notes.\n# Their settings:\n\n" + MENU)
    (message,) = [m for m in build_and_compare_with_clean(site, engine, tmp_path) if "zh menu" in m]
    assert message.startswith(f"{config}:{line_of(config, 'tagz/')}: ")
    site.write("site.yaml", MENU.replace("tagz/", "tags/"))
    assert [m for m in build_and_compare_with_clean(site, engine, tmp_path) if "zh menu" in m] == []


@pytest.mark.parametrize("damage", ["row", "memory", "parsed pages"])
def test_a_damaged_audit_memory_is_never_trusted(site, tmp_path, damage):
    engine = linking_site(site)
    build_and_compare_with_clean(site, engine, tmp_path)
    kind = {"row": "link-audit-row", "memory": "link-audit", "parsed pages": "links"}[damage]
    with sqlite3.connect(site.root / ".blogforge-cache/build.sqlite") as db:
        db.execute("UPDATE units SET value = '[]' WHERE kind = ?", (kind,))
    site.post("b.md", "B", body="## Part two\n\nText.\n")
    (site.root / "static/files/notes.txt").unlink()
    assert len(build_and_compare_with_clean(site, engine, tmp_path)) == 2


def test_a_pages_remembered_links_short_of_a_field_are_read_from_the_page_again(site, tmp_path):
    """What the audit keeps of each page (its links, each with its offsets and whether it is
    in a srcset; its ids) is read back from the cache whole or not at all: an entry whose
    links lack a field, though sound on the disk (a format of another version), has the page
    parsed again, where each of its links read as three fields stopped the build."""
    engine = linking_site(site)
    build_and_compare_with_clean(site, engine, tmp_path)
    with sqlite3.connect(site.root / ".blogforge-cache/build.sqlite") as db:
        rows = db.execute("SELECT key, value FROM units WHERE kind = 'links'").fetchall()
        for key, value in rows:
            links, ids = json.loads(value)
            short = json.dumps([[link[:3] for link in links], ids]).encode("utf-8")
            db.execute("UPDATE units SET value = ?, crc = ? WHERE kind = 'links' AND key = ?",
                       (short, zlib.crc32(short), key))
    (site.root / "static/files/notes.txt").unlink()  # a's page, kept, is audited again
    assert len(build_and_compare_with_clean(site, engine, tmp_path)) == 1


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_random_edits_keep_the_audit_equal_to_a_clean_builds(site, tmp_path, seed):
    """Posts link to each other's sections, to static files and to pages that come and go;
    each build's output and messages equal a clean build's."""
    rng = random.Random(seed)
    site.write("site.yaml", BASE)
    site.write("static/files/f0.txt", "0\n")
    names = ["p0", "p1", "p2", "p3"]

    def write_post(name: str) -> None:
        others = rng.sample(names, 2)
        links = [f"[{o} part](/posts/{o}/#part-{rng.randrange(2)})" for o in others]
        links += [f"[file](/files/f{rng.randrange(2)}.txt)",
                  f"[md]({rng.choice(names)}.md#part-{rng.randrange(2)})",
                  f'<a href="/posts/{rng.choice(names)}/">raw</a>']
        blank = "\n" * rng.randrange(3)
        site.post(f"{name}.md", name.upper(), body=f"{blank}## Part {rng.randrange(2)}\n\n"
                  + "\n\n".join(rng.sample(links, len(links))) + "\n")

    for name in names[:3]:
        write_post(name)
    engine = Engine(BuildOptions(site.root, site.output, now=NOW, jobs=1))
    build_and_compare_with_clean(site, engine, tmp_path)
    for _step in range(8):
        name = rng.choice(names)
        path = site.root / f"content/posts/{name}.md"
        action = rng.choice(["write", "write", "delete", "static"])
        if action == "delete" and path.exists():
            path.unlink()
        elif action == "static":
            static = site.root / f"static/files/f{rng.randrange(2)}.txt"
            if static.exists():
                static.unlink()
            else:
                site.write(static.relative_to(site.root).as_posix(), "file\n")
        else:
            write_post(name)
        build_and_compare_with_clean(site, engine, tmp_path)


def test_a_build_that_failed_after_its_audit_does_not_mislead_the_next_one(site, tmp_path):
    engine = linking_site(site)
    assert build_and_compare_with_clean(site, engine, tmp_path) == []
    assert 'href="/repo/files/notes.txt"' in site.read("posts/a/")  # fixed in the output
    # the next build audits a's link as broken, then fails (--strict): the output keeps the
    # fixed page, and the audit's memory is of an output that was never written
    (site.root / "static/files/notes.txt").unlink()
    strict = Engine(BuildOptions(site.root, site.output, now=NOW, jobs=1, strict=True))
    assert not strict.build().written
    assert 'href="/repo/files/notes.txt"' in site.read("posts/a/")
    found = build_and_compare_with_clean(site, Engine(BuildOptions(
        site.root, site.output, now=NOW, jobs=1)), tmp_path)
    assert len(found) == 1 and "the site lives under /repo/" in found[0]
    assert 'href="/files/notes.txt"' in site.read("posts/a/")


def audit_memories(site) -> tuple[set[str], int]:
    """The link audit's memories in the site's cache, and how many rows belong to none."""
    memories = set(cached_keys(site, "link-audit"))
    return memories, sum(key.partition(":")[0] not in memories
                         for key in cached_keys(site, "link-audit-row"))


def test_the_audits_of_base_urls_built_no_more_are_swept_with_all_their_rows(
        site, tmp_path, monkeypatch):
    """Each base URL (and output folder, and version of blogforge) has an audit memory of its
    own, with thousands of rows on a large site: those of builds no longer made go, rows and
    all, once they hold more than the kept ones (this build's and the one before); the kept
    one still spares the audit the pages that did not change."""
    engine = linking_site(site)
    made: list[str] = []  # each base URL's memory, in the order they were built
    sweeps = 0
    for n in range(12):
        site.write("site.yaml", f"base_url: https://u{n}.github.io/repo/\n")
        assert engine.build().written
        memories, orphans = audit_memories(site)
        (new,) = memories - set(made)
        made.append(new)
        assert orphans == 0
        assert len(memories) <= 3  # (the kept two, and one more until the sweep is due)
        if len(memories) == 2:
            sweeps += 1
            assert memories == set(made[-2:])
    assert sweeps >= 4

    audited: list[str] = []
    audit = link_checker._Auditor.audit
    with monkeypatch.context() as patch:
        patch.setattr(link_checker._Auditor, "audit",
                      lambda self, rel, text_of: audited.append(rel) or audit(self, rel, text_of))
        site.post("b.md", "B", body="## Part two\n\nText.\n")  # the fragment's id goes
        result = engine.build()
    post_a = site.root / "content/posts/a.md"
    assert broken(result) == [
        f"content/posts/a.md:{line_of(post_a, 'part one')}: warning: broken link "
        "`/posts/b/#part-one`: no id=\"part-one\" on posts/b/index.html"]
    scanned = [p for p in site.output.rglob("*") if p.suffix in (".html", ".css", ".xml")]
    assert "posts/a/index.html" in audited and len(audited) < len(scanned) / 2
    out = tmp_path / "clean"
    assert Engine(BuildOptions(site.root, out, now=NOW, use_cache=False, jobs=1)).build().written
    assert tree(site.output) == tree(out)


def test_comments_and_scripts_are_hidden_from_the_audit_as_the_patterns_say():
    """The audit blanks comments and script bodies before it reads a page's attributes; it
    tries the patterns only where `str.find` finds `<!--` or `<script` (`re.sub` walked all
    47 MB of a 6 MB post's page), and must blank exactly what `re.sub` does, in random markup
    made of the hard parts: unclosed and empty comments, `<scripts>`, closers without openers;
    and the whole page (`_hidden`, one copy of it) exactly as comments and then scripts, also
    where a comment starts in a script or a script in a comment."""
    from blogforge import link_checker

    def two_passes(markup: str) -> str:
        without_comments = link_checker._COMMENT.sub(link_checker._blank, markup)
        return link_checker._SCRIPT_BODY.sub(link_checker._blank, without_comments)

    pieces = ["<!--", "-->", "--", "-", "<script>", "<script src=x>", "<script", "</script>",
              "</script", "<", "/", ">", "a", " ", "\n", "<scripts>", "<!---->", "<!-->"]
    rng = random.Random(4)
    for _ in range(20_000):
        markup = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        for opener, pattern in (("<!--", link_checker._COMMENT),
                                ("<script", link_checker._SCRIPT_BODY)):
            assert link_checker._blanked(markup, opener, pattern) == \
                pattern.sub(link_checker._blank, markup), repr(markup)
        hidden = link_checker._hidden(markup)
        assert hidden == two_passes(markup), repr(markup)
        # (what is hidden is blanked, its lines kept: the offsets and lines of all after it)
        assert len(hidden) == len(markup) and [i for i, c in enumerate(hidden) if c == "\n"] \
            == [i for i, c in enumerate(markup) if c == "\n"], repr(markup)
    for markup in ("<script>a<!--b</script>c-->d</script>e", "<script>x</script><!--y-->",
                   "<!--<script>--><script>z</script>", "<script>s<!--t--></script>",
                   "<!-- a --> b <script src=x>\n c </script> d <!-- e"):
        assert link_checker._hidden(markup) == two_passes(markup), repr(markup)


def test_a_long_page_whose_comments_and_scripts_stand_together_is_hidden_in_one_copy():
    """A 6 MB post's page (47 MB) has its theme's scripts and comments in its first few
    hundred kilobytes: hiding them copied the page twice over (slices, then joined), the
    build's peak. Where they stand within a short stretch, the rest is copied once, and the
    text is the same as the two passes make, wherever that stretch is, its text written
    before it too."""
    import tracemalloc

    from blogforge import link_checker

    def two_passes(markup: str) -> str:
        without_comments = link_checker._COMMENT.sub(link_checker._blank, markup)
        return link_checker._SCRIPT_BODY.sub(link_checker._blank, without_comments)

    pieces = ["<!--", "-->", "<script>", "<script src=x>", "</script>", "<", ">", "a", "文",
              "\n", "<!---->"]
    rng = random.Random(7)
    for _ in range(5_000):
        markup = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
        around = "".join(rng.choice("ab<>\n文") for _ in range(rng.randint(0, 200)))
        for page in (markup + around, around + markup + around, around + markup,
                     markup + "\n" + markup + around * 3):  # (its text before it: not hidden)
            assert link_checker._hidden(page) == two_passes(page), repr(page)
    page = '<head><script>let a = "<b>";</script><!-- c --></head>\n' + "<p>文 x</p>\n" * 100_000
    tracemalloc.start()
    try:
        hidden = link_checker._hidden(page)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert hidden == two_passes(page)
    assert peak < 1.5 * len(page.encode("utf-16-le"))  # (one copy: two bytes a character)


def reference_page_links(page: str) -> tuple[list[tuple], set[str]]:
    """The audit's reading of a page's links and ids as it was written first: each match of
    `_ATTR` (a space, a name, `=`, a value) in turn, inside a tag, then its tag's name. Inside
    a tag: after a `<` with no `>` since; or, since a writer's HTML may quote a `>` (and a `<`)
    in a value (`<a title="x>y" href=…>`: a link the audit once missed), where the tag read
    whole from that `<` (or, while that `<` follows a quote opened by `=`, from the last `<`
    before the quote) goes on past the attribute."""
    text = link_checker._hidden(page)
    head = re.compile(r"""<[A-Za-z][^ \t\n\r\f/>]*(?:[ \t\n\r\f/]+[^ \t\n\r\f/>=]+"""
                      r"""(?:[ \t\n\r\f]*=[ \t\n\r\f]*(?:"[^"]*"|'[^']*'|[^ \t\n\r\f>]+))?)*""")

    def tag_of(start: int) -> int:
        opened = text.rfind("<", 0, start)
        if opened > text.rfind(">", 0, start):
            return opened
        while opened >= 0:
            whole = head.match(text[opened:])
            if whole is not None and opened + whole.end() > start:
                return opened
            quoted = re.search(r"""=[ \t\n\r\f]*(["'])[^"']*\Z""", text[:opened])
            if quoted is None:
                return -1
            opened = text.rfind("<", 0, quoted.start(1))
        return -1

    def tag_name(start: int) -> str:
        return re.match(r"[\w:-]*", text[tag_of(start) + 1:]).group(0).lower()

    links: list[tuple] = []
    ids: set[str] = set()
    for match in link_checker._ATTR.finditer(text):
        start = match.start()
        if tag_of(start) < 0:
            continue
        attr = match.group(1).lower()
        group = match.lastindex
        raw = match.group(group)
        value = html.unescape(raw)
        begin, end = match.span(group)
        if attr == "id" or (attr == "name" and tag_name(start) == "a"):
            ids.add(value)
        elif attr in ("href", "xlink:href", "src", "poster") and not (
                attr == "href" and tag_name(start) == "base"):
            links.append((value, begin, end, False))
        elif attr == "srcset":
            position = 0
            for candidate in link_checker._srcset_urls(value):
                at = value.index(candidate, position)
                position = at + len(candidate)
                links.append((candidate, begin + at, begin + position, False) if value == raw
                             else (candidate, begin, begin, False))
        elif attr == "content" and tag_name(start) == "meta":
            tag = text[tag_of(start):text.find(">", end)]
            kind = link_checker._META_KIND.search(tag)
            if kind is not None and kind.group(1).lower() in link_checker._IMAGE_META:
                links.append((value, begin, end, False))
    if "url(" in text:
        for match in link_checker._STYLE_ATTR().finditer(text):
            group = 1 if match.group(1) is not None else 2
            links.extend(map(tuple, link_checker._css_links(match.group(group),
                                                            match.start(group))))
        for match in link_checker._STYLE_BLOCK.finditer(text):
            links.extend(map(tuple, link_checker._css_links(match.group(1), match.start(1))))
    return links, ids


def test_a_pages_links_and_ids_are_read_as_the_first_reading_did():
    """The audit finds attributes from their `=` (a page has three spaces for each, and the
    spaces were where the search spent its time), and must find exactly the links (with
    their offsets) and ids that reading each space's attribute in turn found: in random
    markup made of the hard parts (names in any case, also in Unicode's other cases of `i`
    and `s`, `name = value`, values that hold attributes, comments, scripts, prose, entities,
    srcset, `<base>`, `<meta content>`, `<a name>`, style url())."""
    pieces = ["<a", "<A", "<meta", "<base", "<img", "<link", "<p>", "</p>", " ", "\t", "\n",
              "\xa0", "\x0b", "\u2028", "=", "  =", "= ", "==", '"', "'", "`", ">", "<", ",",
              "href", "HREF", "hReF", "src", "sRc", "srcset", "SRCSET", "poster", "id", "ID",
              "name", "Name", "content", "\u0130d", "\u0131d", "\u017frc", "src\u017fet",
              "po\u017fter", "xid", "property", "og:image", "<!--", "-->", "<script>",
              "</script>", "x", "#a", "&amp;", "a.png 2x,", "b.png", "style", "url(", ")",
              ' href="/a"', " id=b", "\tSrc =", 'x"y', 'sRcSeT="a.png 1x, b&amp;c.png 2x"',
              "<meta property=og:image content=", "<META NAME='Twitter:Image' CONTENT=",
              "<base href=/>", "<a name='n'>",
              "xlink:href", "XLink:HREF", " xlink:href=#i", "<use", "<svg", ":", "/",
              ' title="x>y"', " title='<b>'", ' alt="<i>a</i>"']
    rng = random.Random(7)
    for _ in range(30_000):
        markup = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        links, ids = link_checker._page_links(markup)
        assert ([tuple(link) for link in links], ids) == reference_page_links(markup), \
            repr(markup)
    for markup in ('<p> a id=x <a href="/a" id="top"><img srcset="a.png 1x, b.png 2x">',
                   "<a href = /spaced\n id\t=\tn>",
                   '<img alt="x href=/in-value" src=/b.png>',
                   "<BASE HREF=/base/><A NAME=old>",
                   "<img alt= href=/after-bare-value>",
                   '<meta property="og:image" content="/card.png">',
                   '<a title="x>y" href="/after-quoted-gt/">',
                   '<a title="<b>x</b>" href="/after-quoted-tags/">',
                   '<svg><use xlink:href="#icon"/><a XLINK:HREF = /svg-a/>',
                   '<p title="a>b">text href=/not-in-a-tag/ <i>'):
        links, ids = link_checker._page_links(markup)
        assert ([tuple(link) for link in links], ids) == reference_page_links(markup), \
            repr(markup)


class CountedPattern:
    """A pattern that counts its tries."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.tries = pattern, 0

    def match(self, text: str, at: int) -> re.Match[str] | None:
        self.tries += 1
        return self.pattern.match(text, at)


def test_a_comment_or_script_is_tried_only_where_its_end_follows(monkeypatch):
    """Each try of a comment's or script's pattern where none ends reads to the page's end: a
    line of 20,000 `<!--` took a minute to check. They are tried where their end follows."""
    comments = "<!--" * 5_000 + "<!-- a --> b <!--" * 3 + "<!--" * 5_000
    counted = CountedPattern(link_checker._COMMENT)
    assert len(list(link_checker._matches(comments, "<!--", counted))) == 3
    assert counted.tries == 3
    # (a script's end follows the end of its tag: `</script>`'s own `>` ends no script)
    scripts = "<script>a</script>" + "<script " * 5_000 + "</script>" + "<script>" * 5_000
    counted = CountedPattern(link_checker._SCRIPT_BODY)
    assert len(list(link_checker._matches(scripts, "<script", counted))) == 1
    assert counted.tries == 1
    counted = CountedPattern(link_checker._SCRIPT_BODY)
    monkeypatch.setattr(link_checker, "_SCRIPT_BODY", counted)
    link_checker._hidden(comments + scripts)
    assert counted.tries == 1


def test_a_link_naming_a_file_in_other_capitals_says_so(site):
    """Windows and macOS open `Fig1.PNG` for `fig1.png` (the writer's preview shows it);
    GitHub Pages does not. The advice was to put the file where it already was, or nothing
    at all for a post: a file under content/ is followed, said; a static file is named."""
    site.write("site.yaml", BASE)
    site.write("content/posts/images/Fig1.PNG", raw=b"\x89PNG")
    site.write("static/img/Logo.png", raw=b"\x89PNG")
    site.post("hello.md", "Hello")
    site.write("content/posts/Old.MD", "---\ntitle: Old\ndate: 2024-01-01\n---\n\nOld.\n")
    site.post("case.md", "Case", body="![图](images/fig1.png)\n\n![logo](/repo/img/logo.png)\n\n"
              "[上一篇](Hello.md) [旧文](Old.MD)\n")
    found = [m for m in messages(site.build()) if "warning" in m]
    why = "in other capitals (Windows and macOS find it either way, GitHub Pages does not)"
    assert sorted(found) == [
        f"content/posts/case.md:5: warning: link to `images/fig1.png`: the file is "
        f"`images/Fig1.PNG`, {why}: write `images/Fig1.PNG` (it is followed this time)",
        "content/posts/case.md:7: warning: broken link `/repo/img/logo.png`: no file "
        f"/repo/img/logo.png in the output; there is /repo/img/Logo.png, {why}",
        f"content/posts/case.md:9: warning: link to `Hello.md`: the file is `hello.md`, {why}:"
        " write `hello.md` (it is followed this time)"], found
    page = site.read("posts/case/")
    assert 'src="/repo/posts/images/Fig1.PNG"' in page
    assert 'href="/repo/posts/hello/">上一篇' in page and 'href="/repo/posts/old/">旧文' in page


def test_a_link_or_menu_entry_naming_a_page_in_other_capitals_says_so(site):
    # `/About/` for the page /about/ (a folder: the twin is about/index.html) got no hint
    site.write("site.yaml", BASE + "default_language: zh\nlanguages:\n  zh:\n    menu:\n"
               "      - {name: 关于, url: About/}\n")
    site.write("content/about.md", "---\ntitle: 关于\n---\n\n我。\n")
    site.post("a.md", "A", body="[关于](/repo/About/) [又](/repo/About)\n")
    found = [m for m in messages(site.build()) if "About" in m]
    why = "in other capitals (Windows and macOS find it either way, GitHub Pages does not)"
    assert [m for m in found if "a.md" in m] == [
        "content/posts/a.md:5: warning: broken link `/repo/About/`: no file /repo/About/ in "
        f"the output; there is /repo/about/, {why}",
        "content/posts/a.md:5: warning: broken link `/repo/About`: no file /repo/About in "
        f"the output; there is /repo/about/, {why}"], found
    assert len([m for m in found if "site.yaml" in m and f"there is /repo/about/, {why}" in m]) \
        == 1, found


def test_a_file_coming_in_other_capitals_is_named_by_the_next_build(site):
    """What the link audit says of a missing file depends on the names in other capitals too:
    one that comes after the link was written is named by an incremental build as by a
    clean one."""
    site.write("site.yaml", BASE)
    site.post("a.md", "A", body="![logo](/repo/img/logo.png)\n")
    first = [m for m in messages(site.build(use_cache=True)) if "logo" in m]
    assert len(first) == 1 and "in other capitals" not in first[0], first
    site.write("static/img/Logo.png", raw=b"\x89PNG")
    again = [m for m in messages(site.build(use_cache=True)) if "logo" in m]
    assert len(again) == 1 and "there is /repo/img/Logo.png, in other capitals" in again[0], \
        again


def test_a_url_that_cannot_be_read_is_a_broken_link_not_a_crash(site):
    """helper-154: `http://[bad` (an IPv6 host's bracket left open) stopped the build with a
    traceback (`ValueError: Invalid IPv6 URL`), in a redirector's link, a picture's address
    or a raw <a>: it is a broken link, and the rest of the site is built."""
    site.write("site.yaml", BASE)
    post = site.post("w.md", "W", body="""
        [x](https://link.zhihu.com/?target=http%3A//%5Bbad) and ![zh](https://www.zhihu.com/equation?tex=%5Bx)

        <img alt="pic" src="http://[example.com/x.png">

        <a href="http://[bad/">raw</a>
        """)
    site.post("other.md", "Other")
    result = site.build()
    assert result.written and site.exists("posts/other/")
    why = "no URL can be read from it: its `[` (which opens an IPv6 address) is not closed"
    assert broken(result) == [
        f"content/posts/w.md:{line_of(post, 'pic')}: warning: broken link "
        f"`http://[example.com/x.png`: {why}",
        f"content/posts/w.md:{line_of(post, 'raw')}: warning: broken link `http://[bad/`: {why}"]


def test_a_broken_menu_link_of_a_sites_own_base_html_does_not_promise_the_themes_fallback(site):
    """A site's templates/base.html copied from an older theme links `lang.prefix ~ item.url`:
    no fallback to the default language's page. Its broken menu link said the en menu links
    "en's page there, else zh's", which that header does not do."""
    theme_base = (THEME_DIR / "templates" / "base.html").read_text("utf-8")
    old_nav = ("<li><a href=\"{{ item.url if item.url is external else ((lang.prefix ~ "
               "item.url.lstrip('/')) | url) }}\">{{ item.name }}</a></li>")
    own_base, replaced = re.subn(r"\{# \(item\.path:.*?#\}\s*<li>.*?</li>", old_nav, theme_base,
                                 flags=re.S)
    assert replaced == 1 and "item.path" not in own_base
    config = site.write("site.yaml", MENU)
    site.write("templates/base.html", own_base)
    site.post("a.md", "甲", lang="zh")
    site.post("a.en.md", "A", lang="en")
    said = [m for m in broken(site.build()) if "abuot" in m]
    assert said == [
        f"{config}:{line_of(config, '/abuot/')}: warning: broken link `/abuot/` of the en "
        "menu: no file /repo/en/abuot/ in the output (on 9 pages); a menu url is a page's path "
        "(content/abuot.md is at `abuot/`; the en menu's links are made by the site's "
        "templates/base.html, not the theme's, whose `item.path` links en's page there, else "
        "zh's) or a full URL"]


def test_a_page_audited_a_stretch_at_a_time_has_the_links_and_ids_of_the_whole_page():
    """A page made in parts (a large post's body read from the cache) is audited a stretch at
    a time, cut before a `<` that starts a line: the links (their offsets too) and ids found are
    those of the whole page, whatever stands across a cut (a comment, one left open inside a
    script, a tag, a quoted value, a <style>), on random pages of pieces of HTML."""
    bits = ['<a href="/x/">', "</a>", "<p>", "</p>", "\n", "\n<", "<!--", "-->", "<script>",
            "</script>", "<style>", "</style>", ' id="h1"', " id='q'", ' href="#h1"', '"', "'",
            "=", " ", "中文", '<img src="a.png" srcset="a.png 1x, b.png 2x">',
            '<div style="background:url(/i.png)">', "url(/c.png)", '@import "x.css";',
            '<meta property="og:image" content="/o.png">', '<a title="x>y" href="/t/">',
            ' name="n"', '<a name="an">', "text", '<base href="/b/">', '\n<h2 id="t">T</h2>\n',
            "x id=y ", "<", ">"]
    rng = random.Random(7)
    for _ in range(5000):
        page = "".join(rng.choice(bits) for _ in range(rng.randint(1, 60)))
        cuts = sorted(rng.sample(range(len(page) + 1), min(len(page) + 1, rng.randint(0, 6))))
        pieces = [page[a:b] for a, b in zip([0, *cuts], [*cuts, len(page)], strict=True)]
        assert link_checker.facts_in_parts(pieces, stretch_chars=rng.randint(1, 40)) == \
            link_checker.page_facts(page), page

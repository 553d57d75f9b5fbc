"""The content loader: front matter conventions writers bring from Hugo, Hexo and Jekyll."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import messages
from test_unclosed_markup import nested_list


def card_time(html: str, href_part: str) -> str:
    """The datetime attribute of the card that links to `href_part`."""
    for card in html.split("<article")[1:]:
        if href_part in card:
            return re.search(r'<time datetime="([^"]+)"', card).group(1)
    raise AssertionError(f"no card links to {href_part}")


@pytest.mark.parametrize(("written", "expected"), [
    ("2024-05-01", "2024-05-01T00:00:00+08:00"),
    ("2024-05-01 13:45:00", "2024-05-01T13:45:00+08:00"),
    ("2024-05-01T13:45:00+02:00", "2024-05-01T13:45:00+02:00"),
    ("2024-05-01T05:45:00Z", "2024-05-01T05:45:00+00:00"),
    ("'2024/05/01 08:30'", "2024-05-01T08:30:00+08:00"),
])
def test_date_forms(site, written, expected):
    site.write("site.yaml", "timezone: Asia/Shanghai\n")
    site.post("a.md", "A", date=written)
    assert site.build().written
    assert card_time(site.read(""), "/posts/a/") == expected


def test_updated_and_lastmod_are_shown_on_the_post(site):
    site.post("a.md", "A", date="2024-05-01", lastmod="2024-06-02")
    site.build()
    assert 'datetime="2024-06-02T00:00:00+00:00"' in site.read("posts/a/")


def test_an_update_before_the_post_was_written_is_a_warning_at_its_line(site):
    """"发布于 2026年3月8日 更新于 2026年3月1日" went by without a word: a typo in one of them."""
    site.post("a.md", "A", date="2026-03-08 02:30", updated="2026-03-01")
    site.post("b.md", "B", date="2026-03-08", lastmod="2026-03-09")  # (fine)
    # a day alone is any time of it: the same day as a post written at 10:00 is no mistake
    site.post("c.md", "C", date="2026-03-08 10:00", updated="2026-03-08")
    site.post("d.md", "D", date="2026-03-08 10:00", updated="2026-03-08 09:00")
    result = site.build()
    assert result.written
    assert [m for m in messages(result) if "before the post's date" in m] == [
        "content/posts/a.md:4: warning: `updated` 2026-03-01 is before the post's date "
        "2026-03-08: left out, as the page would say it was updated before it was written",
        "content/posts/d.md:4: warning: `updated` 2026-03-08 09:00 is before the post's date "
        "2026-03-08 10:00: left out, as the page would say it was updated before it was written"]
    # an update said is on a later day than the post's: one before it is left out (it was
    # shown all the same), and so is one on the same day ("发布于 3月8日 · 更新于 3月8日")
    for name, shown in (("a", None), ("b", "2026-03-09"), ("c", None), ("d", None)):
        page = site.read(f"posts/{name}/")
        meta = page.split('<p class="post-meta">')[1].split("</p>")[0]
        assert ("更新于" in meta) == (shown is not None), (name, meta)
        if shown is not None:
            assert f'更新于 <time datetime="{shown}T00:00:00+00:00">' in meta
    assert "article:modified_time" not in site.read("posts/a/")  # (left out everywhere)


def test_an_update_the_same_day_in_the_sites_zone_is_not_said(site):
    site.write("site.yaml", "timezone: Asia/Shanghai\n")
    site.post("a.md", "A", date="2024-07-01 10:00", lastmod="2024-07-01 18:00")
    site.post("b.md", "B", date="2024-07-01 10:00", lastmod="2024-07-02 08:00")
    # (23:30 in UTC, in Shanghai the next morning)
    site.post("c.md", "C", date="2024-07-01 10:00", lastmod="2024-07-01T23:30:00+00:00")
    assert site.build().written
    metas = {name: site.read(f"posts/{name}/").split('<p class="post-meta">')[1].split("</p>")[0]
             for name in "abc"}
    assert "更新于" not in metas["a"] and "article:modified_time" in site.read("posts/a/")
    assert "更新于 <time" in metas["b"]
    assert '更新于 <time datetime="2024-07-02T07:30:00+08:00">2024年7月2日</time>' in metas["c"]


def test_file_without_front_matter_takes_title_from_heading_and_date_from_jekyll_name(site):
    site.write("content/posts/2023-03-14-softmax-notes.md", "# 数值稳定的 Softmax\n\n正文。\n")
    site.build()
    page = site.read("posts/softmax-notes/")
    assert "<title>数值稳定的 Softmax" in page
    assert page.count("数值稳定的 Softmax</h1>") == 1  # the heading became the title, not twice
    assert card_time(site.read(""), "/posts/softmax-notes/").startswith("2023-03-14")


def test_a_heading_that_says_the_front_matter_title_again_is_shown_once(site):
    """A note template writes `title: Magnetic Fields` and `# Magnetic Fields` below it: the
    page showed the title twice (two <h1>s), and the card's excerpt began with it. A first
    heading of other words stays."""
    site.write("content/posts/mag.md", "---\ntitle: Magnetic Fields\ndate: 2024-05-01\n---\n\n"
               "# Magnetic  fields\n\n磁场是运动电荷周围的场。\n\n## 磁感应强度\n")
    site.write("content/posts/ind.md", "---\ntitle: 电感\ndate: 2024-05-02\n---\n"
               "# 自感\n\n线圈的磁链。\n")
    site.build()
    page = site.read("posts/mag/")
    assert page.count("Magnetic Fields</h1>") == 1 and "Magnetic  fields" not in page
    assert '<p class="excerpt">磁场是运动电荷周围的场。' in site.read("")
    assert "自感</h1>" in site.read("posts/ind/")


def test_file_without_heading_or_date_uses_file_name_and_modification_time(site):
    path = site.write("content/posts/plain-note.md", "just text\n")
    stamp = datetime(2022, 2, 3, 4, 5, tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))
    site.build()
    assert "<title>plain note" in site.read("posts/plain-note/")
    assert card_time(site.read(""), "/posts/plain-note/") == "2022-02-03T04:05:00+00:00"


def test_bundle_copies_its_files_beside_the_page(site):
    site.write("content/posts/notes/diffusion/index.md",
               "---\ntitle: Diffusion\ndate: 2024-01-01\n---\n![chain](chain.svg)\n")
    site.write("content/posts/notes/diffusion/chain.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    site.build()
    assert '<img src="chain.svg" alt="chain"' in site.read("posts/notes/diffusion/")
    assert site.exists("posts/notes/diffusion/chain.svg")


@pytest.mark.parametrize("name", ["Index.md", "INDEX.MD"])
def test_a_bundle_whose_index_file_has_capitals_is_a_bundle(site, name):
    # Windows keeps whatever capitals the file was first saved with; `Index.md` was a post
    # of its own at /posts/notes/diffusion/index/, its picture published apart from it
    site.write(f"content/posts/notes/diffusion/{name}",
               "---\ntitle: Diffusion\ndate: 2024-01-01\n---\n![chain](chain.svg)\n")
    site.write("content/posts/notes/diffusion/chain.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    result = site.build()
    assert '<img src="chain.svg" alt="chain"' in site.read("posts/notes/diffusion/")
    assert site.exists("posts/notes/diffusion/chain.svg")
    assert not site.exists("posts/notes/diffusion/index/")
    assert [m for m in messages(result) if "diffusion" in m] == []


def test_a_folder_named_as_a_post_is_said_unless_it_is_a_bundle(site):
    """`content/posts/lora.md/`, a folder, made no post and nothing said so: its files were
    published as files, an empty one left out. One holding its `index.md` is a bundle, as in
    Hugo. An incremental build says it as a clean one does (an empty folder is no file)."""
    site.write("site.yaml", "base_url: https://u.github.io/r/\n")
    site.post("a.md", "A")
    site.post("bundle.md/index.md", "Bundle")
    site.write("content/posts/lora.md/a.png", raw=b"\x89PNG")
    assert messages(site.build(use_cache=True)) == [
        "content/posts/lora.md: warning: a folder named as a post's file: no post is made of "
        "it; a post is a file, `lora.md`, or a folder holding its `index.md`, `lora/index.md` "
        "(a bundle, as in Hugo)"]
    (site.root / "content/posts/empty.md").mkdir()
    said = messages(site.build(use_cache=True))
    assert said[0] == (
        "content/posts/empty.md: warning: a folder named as a post's file: no post is made of "
        "it (and it holds no file); a post is a file, `empty.md`, or a folder holding its "
        "`index.md`, `empty/index.md` (a bundle, as in Hugo)") and len(said) == 2
    assert messages(site.build()) == said


def test_files_in_a_folder_with_capitals_are_published_in_the_pages_lower_case_folder(site):
    # the page of content/posts/ML/note.md is /posts/ml/note/, its picture was published at
    # /posts/ML/assets/a.png: two folders Windows takes for one, which the build then warned of
    site.post("ML/note.md", "Note", body="![fig](assets/a.png)\n")
    site.write("content/posts/ML/assets/a.png", raw=b"\x89PNG\r\n\x1a\n")
    site.post("LeetCode/76. 最小覆盖子串.md", "76", body="![](img.png) [pdf](Files/Notes.PDF)\n")
    site.write("content/posts/LeetCode/img.png", raw=b"\x89PNG\r\n\x1a\n")
    site.write("content/posts/LeetCode/Files/Notes.PDF", raw=b"%PDF-1.4\n")
    result = site.build()
    assert '<img src="/posts/ml/assets/a.png" alt="fig"' in site.read("posts/ml/note/")
    assert sorted(path.relative_to(site.output).as_posix() for path in site.output.rglob(
        "*") if path.is_file() and "posts/" in path.as_posix() and path.suffix != ".html") \
        == ["posts/leetcode/files/Notes.PDF", "posts/leetcode/img.png", "posts/ml/assets/a.png"]
    page = site.read("posts/leetcode/76-最小覆盖子串/")
    assert 'src="/posts/leetcode/img.png"' in page and 'href="/posts/leetcode/files/Notes.PDF"' \
        in page
    assert [m for m in messages(result) if "Windows" in m or "broken" in m] == []


def test_a_file_only_held_back_posts_name_is_held_back_with_them(site):
    """An Obsidian vault keeps every picture in one `attachments/` folder: the screenshot a
    private note (a draft, `publish: false`, a post dated next month) showed was published at
    a guessable URL though the note was not. A file only held-back posts name waits for them;
    one a published post names, or none does (a CV linked from elsewhere), is published."""
    for name in ("private shot.png", "shared.png", "launch.png", "cv.pdf", "embedded.png"):
        site.write(f"content/attachments/{name}", raw=b"\x89PNG\r\n\x1a\n")
    site.post("diary.md", "Diary", draft="true",
              body="![me](<../attachments/private shot.png>) ![s](../attachments/shared.png)"
                   "\n\n![[embedded.png]]\n")
    site.post("soon.md", "Soon", date="2027-01-01", body="![l](../attachments/launch.png)\n")
    site.post("open.md", "Open", body="![s](../attachments/shared.png)\n")
    result = site.build(use_cache=True)
    assert result.written
    published = {name: site.exists(f"attachments/{name}") for name in (
        "private shot.png", "shared.png", "launch.png", "cv.pdf", "embedded.png")}
    assert published == {"private shot.png": False, "shared.png": True, "launch.png": False,
                         "cv.pdf": True, "embedded.png": False}
    from blogforge.commands.build import held_back_lines
    assert held_back_lines(result.held_back)[-1] == (
        "  3 files only these name: content/attachments/embedded.png, content/attachments/"
        "launch.png and content/attachments/private shot.png")
    site.post("diary.md", "Diary", body="![me](<../attachments/private shot.png>)\n")
    result = site.build(use_cache=True)  # (published now: its picture with it)
    assert site.exists("attachments/private shot.png") and not site.exists(
        "attachments/launch.png")
    assert '<img src="/attachments/private%20shot.png"' in site.read("posts/diary/")


def test_a_post_uploaded_outside_content_or_tagged_as_a_page_is_said(site):
    """GitHub's web editor puts an upload where the writer browsed to: `新文章.md` at the top
    of the repository and `posts/第二篇.md` were never read, and `content/post/单数.md`
    (Hugo's folder) with its tags became a page in no list; the build said nothing, and
    `check --strict` found "no problems". A README is no post."""
    site.post("a.md", "A", tags="[x]")
    post = "---\ntitle: T\ndate: 2024-01-01\ntags: [x, y]\n---\nText.\n"
    site.write("新文章.md", post)
    site.write("posts/第二篇.md", post)
    site.write("README.md", "---\ntitle: 我的博客\n---\nGitHub shows this.\n")
    site.write("drafts/wip.md", post)
    # (TOML's and Hugo's JSON front matter too, as a post's is read in any of them)
    site.write("blog/toml.md", '+++\ntitle = "T"\ndate = 2024-01-01\n+++\nText.\n')
    site.write("_posts/json.md", '{"title": "T", "date": "2024-01-01"}\nText.\n')
    site.write("content/post/单数.md", post)
    site.write("content/about.md", "---\ntitle: 关于\ntags: [meta]\n---\n关于本站。\n")
    result = site.build(use_cache=True)
    expected = [
        "content/post/单数.md:4: warning: `tags` on a stand-alone page (a post is a file under "
        "content/posts/): it is in no list, term page, feed or archive; move it into "
        "content/posts/ to make it a post",
        "新文章.md: warning: not published: a post outside content/, which no build reads; "
        "move it to content/posts/",
        "posts/第二篇.md: warning: not published: a post outside content/, which no build "
        "reads; move it to content/posts/",
        "_posts/json.md: warning: not published: a post outside content/, which no build "
        "reads; move it to content/posts/",
        "blog/toml.md: warning: not published: a post outside content/, which no build "
        "reads; move it to content/posts/",
        "drafts/wip.md: warning: not published: a post outside content/, which no build "
        "reads; move it to content/posts/ with `draft: true` while it is one"]
    assert [m for m in messages(result) if "base_url" not in m] == expected
    assert [m for m in messages(site.build(use_cache=True)) if "base_url" not in m] == expected
    (site.root / "新文章.md").rename(site.root / "content/posts/新文章.md")
    result = site.build(use_cache=True)  # (moved: said no more, and published)
    assert not [m for m in messages(result) if "新文章" in m]
    assert site.exists("posts/新文章/index.html")


def test_an_obsidian_vaults_aliases_and_daily_notes(site):
    """In a vault (`.obsidian/`), `aliases: [注意力, Attention]` are other names of a note,
    which were published as redirect pages at the site's root (/注意力/, clashing with any
    page of that name); an alias that is a URL still redirects. A daily note `2024-05-01.md`
    without a date was dated by its file's time (a copied vault: every note today), titled
    "2024 05 01"."""
    site.write("site.yaml", "base_url: https://e.org/\n")
    (site.root / "content/.obsidian").mkdir(parents=True)
    site.post("attention.md", "注意力机制", aliases="[注意力, Attention, TCP/IP, /posts/old/]")
    site.write("content/posts/2024-05-01.md", "今天读了 DDPM。\n")
    result = site.build(use_cache=True)
    assert result.written and not messages(result), messages(result)
    assert site.exists("posts/old/index.html")
    assert not site.exists("注意力") and not site.exists("Attention") and not site.exists("TCP")
    daily = site.read("posts/2024-05-01/")
    assert '<h1 id="post-title">2024-05-01</h1>' in daily
    assert '<time datetime="2024-05-01T00:00:00+00:00">' in daily
    site.post("tagged.md", "标签", tags='["#ml", "#深度学习"]')  # (as a note's body writes them)
    assert site.build().written and "##" not in site.read("posts/tagged/")  # (a chip's # once)
    assert '<a href="/tags/ml/">#ml</a>' in site.read("posts/tagged/")
    (site.root / "content/.obsidian").rmdir()  # (no vault: an alias is a URL, as in Hugo)
    assert site.build(use_cache=True).written and site.exists("注意力/index.html")


def test_nested_folders_give_nested_urls_and_slug_replaces_the_last_part(site):
    site.post("leetcode/hard/76.md", "76", slug="min-window")
    site.post("leetcode/easy/76.md", "76 easy")
    site.build()
    assert site.exists("posts/leetcode/hard/min-window/index.html")
    assert site.exists("posts/leetcode/easy/76/index.html")


def test_chinese_file_names_stay_readable_and_are_percent_encoded_in_links(site):
    site.post("笔记/注意力 机制.md", "注意力")
    site.build()
    assert site.exists("posts/笔记/注意力-机制/index.html")
    assert 'href="/posts/%E7%AC%94%E8%AE%B0/%E6%B3%A8%E6%84%8F%E5%8A%9B-%E6%9C%BA%E5%88%B6/"' \
        in site.read("")


def test_bom_and_crlf_are_accepted(site):
    text = ("---\r\ntitle: 带 BOM\r\ndate: 2024-01-02\r\ntags: [a]\r\n---\r\n"
            "第一段。\r\n\r\n第二段。\r\n")
    site.write("content/posts/bom.md", raw=b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = site.build()
    assert result.written, messages(result)
    page = site.read("posts/bom/")
    assert "<title>带 BOM" in page and "<p>第二段。</p>" in page and "\r" not in page


def test_gbk_file_is_read_with_a_warning(site):
    text = "---\ntitle: 中文标题\ndate: 2024-01-02\n---\n这是用 GBK 保存的中文笔记，内容很普通。\n"
    site.write("content/posts/gbk.md", raw=text.encode("gbk"))
    result = site.build()
    assert result.written
    assert any("content/posts/gbk.md" in m and "GBK" in m for m in messages(result, "warning"))
    assert "这是用 GBK 保存的中文笔记" in site.read("posts/gbk/")


def test_a_gbk_line_pasted_into_a_utf8_post_is_an_error_at_its_line(site):
    """The whole file was read as GBK (it decoded, and came out "Chinese"): the post was
    published as mojibake (鏈枃 for 本文), with a warning to save it as UTF-8, which it was."""
    site.post("ok.md", "好的", date="2024-01-01")
    utf8 = "---\ntitle: 本文\ndate: 2024-01-02\n---\n\n扩散模型逐步去噪生成样本.\n\n"
    site.write("content/posts/mixed.md",
               raw=utf8.encode("utf-8") + "以下内容从旧博客复制。\n".encode("gbk"))
    result = site.build()
    assert not result.written
    errors = messages(result, "error")
    assert len(errors) == 1 and errors[0].startswith(
        "content/posts/mixed.md:8: error: this line is not UTF-8, though the rest of the file "
        "is"), errors
    assert not any("GBK" in m and "silence" in m for m in messages(result))
    # a short Chinese line, all punctuation and numbers around it, is UTF-8 Chinese too
    short = "---\ntitle: 笔记：一\ndate: 2024-01-02\n---\n\n见下表：\n\n"
    site.write("content/posts/mixed.md",
               raw=short.encode("utf-8") + "学习率为零点零一。\n".encode("gbk"))
    errors = messages(site.build(), "error")
    assert len(errors) == 1 and errors[0].startswith("content/posts/mixed.md:8: error: this "
                                                     "line is not UTF-8"), errors


def test_a_shift_jis_file_is_an_error_not_read_as_gbk(site):
    """A Japanese post in Shift-JIS decoded as GBK (all ideographs: "clearly Chinese") and
    was published as mojibake (婡夿妛廗偺僲乕僩)."""
    text = "---\ntitle: 機械学習のノート\ndate: 2024-01-02\n---\n\nこれは日本語の記事です。\n"
    site.write("content/posts/ja.md", raw=text.encode("shift_jis"))
    result = site.build()
    assert not result.written
    assert messages(result, "error") == ["content/posts/ja.md:2: error: file is not UTF-8 text "
                                         "(it reads as Shift-JIS, Japanese): save it as UTF-8"]
    # and Chinese in GBK is still read (with its warning), not taken for Japanese
    site.write("content/posts/ja.md", raw="---\ntitle: 中文\ndate: 2024-01-02\n---\n\n"
               "这是用 GBK 保存的中文笔记，内容很普通，没有日文。\n".encode("gbk"))
    assert site.build().written


def test_binary_garbage_is_an_error_naming_the_file(site):
    site.post("ok.md", "fine")
    site.write("content/posts/bad.md", raw=b"title: \xff\xfe\x00\x81 broken \xc3")
    result = site.build()
    assert not result.written
    assert any(m.startswith("content/posts/bad.md:1: error: file is not UTF-8")
               for m in messages(result))


def test_tags_and_categories_accept_single_strings_and_hexo_nested_lists(site):
    site.post("a.md", "A", tags="solo", categories="[[ml, generative], [notes]]")
    site.build()
    page = site.read("posts/a/")
    assert 'href="/tags/solo/"' in page
    assert 'href="/categories/ml/generative/"' in page and 'href="/categories/notes/"' in page
    assert site.exists("categories/ml/index.html")  # a parent category lists its children's posts


def test_drafts_and_unpublished_posts_are_held_back_unless_asked(site):
    site.post("a.md", "Visible")
    site.post("b.md", "Draft one", draft="true")
    site.post("c.md", "Unpublished", published="false")
    result = site.build()
    assert len(result.held_back["drafts"]) == 2
    assert "Draft one" not in site.read("")
    site.build(drafts=True)
    assert "Draft one" in site.read("") and "Unpublished" in site.read("")


def test_future_posts_are_held_back_unless_asked(site):
    tomorrow = (datetime(2026, 11, 22, tzinfo=UTC) + timedelta(days=2)).date()
    site.post("a.md", "Now")
    site.post("b.md", "Tomorrow", date=str(tomorrow))
    result = site.build()
    assert len(result.held_back["future"]) == 1 and "Tomorrow" not in site.read("")
    site.build(future=True)
    assert "Tomorrow" in site.read("")


def test_hugos_publish_and_expiry_dates_hold_a_post_back(site):
    """`publishDate` to come and `expiryDate` past were ignored: a scheduled post was out at
    once, an expired notice stayed up."""
    site.post("a.md", "Now")
    site.post("sched.md", "Scheduled", date="2026-01-01", publishDate="2030-01-01")
    site.write("content/posts/undated.md", "---\ntitle: Undated\npublish_date: 2024-03-02\n"
                                           "---\nText.\n")
    site.post("gone.md", "Gone", date="2025-06-01", expiryDate="2025-07-01")
    site.post("kept.md", "Kept", date="2025-06-01", expiry_date="2030-07-01")
    result = site.build()
    assert [p.source.name for p in result.held_back["future"]] == ["sched.md"]
    assert [p.source.name for p in result.held_back["expired"]] == ["gone.md"]
    home = site.read("")
    assert "Scheduled" not in home and "Gone" not in home and "Kept" in home
    assert "2024-03-02" in site.read("posts/undated/")  # (dated by its publishDate)
    site.build(future=True, expired=True)
    assert "Scheduled" in site.read("") and "Gone" in site.read("")


def test_pinned_and_sticky_posts_come_first_on_the_home_page_only(site):
    site.post("old.md", "Old pinned", date="2020-01-01", pinned="true")
    site.post("new.md", "Newest", date="2024-01-01", tags="[t]")
    site.post("older.md", "Old sticky", date="2019-01-01", sticky=5, tags="[t]")
    site.build()
    home = site.read("")
    assert home.index("Old sticky") < home.index("Old pinned") < home.index("Newest")
    tag_page = site.read("tags/t/")
    assert tag_page.index("Newest") < tag_page.index("Old sticky")
    assert "置顶" not in tag_page and "card pinned" not in tag_page


def test_chirpys_pin_pins_a_post_first_on_the_home_page(site):
    # Chirpy (jekyll-theme-chirpy) pins a post with `pin: true`
    site.post("old.md", "Old pinned", date="2020-01-01", pin="true")
    site.post("new.md", "Newest", date="2024-01-01")
    result = site.build()
    home = site.read("")
    assert home.index("Old pinned") < home.index("Newest")
    assert not [m for m in messages(result) if "old.md" in m]


def test_extra_front_matter_keys_reach_templates(site):
    site.write("templates/post.html", "{% extends 'base.html' %}{% block main %}"
               "<p id=mood>{{ post.params.mood }}</p>{% endblock %}")
    site.post("a.md", "A", mood="sunny")
    site.build()
    assert "<p id=mood>sunny</p>" in site.read("posts/a/")


def test_stand_alone_pages_live_at_the_root(site):
    site.write("content/about.md", "---\ntitle: 关于\n---\n关于本站。\n")
    site.post("a.md", "A")
    site.build()
    assert "关于本站。" in site.read("about/")
    assert "关于本站" not in site.read("")  # pages are not listed as posts


def test_toml_front_matter_is_accepted(site):
    site.write("content/posts/t.md", "+++\ntitle = \"From Hugo\"\ndate = 2024-03-04\n+++\nbody\n")
    site.build()
    assert "<title>From Hugo" in site.read("posts/t/")


def test_hugo_json_front_matter_is_read_with_its_keys_at_their_lines(site):
    """Hugo's third form, a JSON object opening the file: its JSON was shown as the post's
    text, its title, date and tags unread. Its keys' messages are at their lines, a key of its
    own `params` map too."""
    site.write("content/posts/j.md",
               '{\n  "title": "注意力机制",\n  "date": "2024-03-04",\n  "tags": ["transformer"],\n'
               '  "tilte": "x",\n  "params": {\n    "math": true,\n    "draft": true\n  }\n}\n'
               "正文从这里开始。\n")
    result = site.build()
    said = messages(result)
    page = site.read("posts/j/")
    assert "<title>注意力机制" in page and "正文从这里开始。" in page
    assert "&#34;title&#34;" not in page and '"title"' not in page.split("<main")[1]
    assert "2024-03-04" in page
    assert "注意力机制" in site.read("tags/transformer/")
    assert "content/posts/j.md:5: warning: `tilte` is not a front-matter key; did you mean " \
        "`title`?" in said, said
    assert any(m.startswith("content/posts/j.md:8: warning: `draft` under `params:`")
               for m in said), said


def test_hexo_json_front_matter_ended_by_semicolons_is_read(site):
    """Hexo's JSON form, an object's inside without braces up to a `;;;` line (maybe opened
    by one too), was shown as the post's text, its title, date and tags unread; its keys'
    messages are at their lines, and broken JSON is an error at its line."""
    site.write("content/posts/h.md",
               '"title": "Hexo 的 JSON",\n"date": "2024-03-04",\n"tags": ["hexo"],\n'
               '"tilte": "x"\n;;;\n正文从这里开始。\n')
    site.write("content/posts/opened.md",
               ';;;\n"title": "Opened",\n"date": "2024-03-05"\n;;;\nBody.\n')
    result = site.build()
    page = site.read("posts/h/")
    assert "<title>Hexo 的 JSON" in page and "正文从这里开始。" in page
    assert ";;;" not in page and "&#34;title&#34;" not in page
    assert "Hexo 的 JSON" in site.read("tags/hexo/")
    assert "<title>Opened" in site.read("posts/opened/")
    said = messages(result)
    assert "content/posts/h.md:4: warning: `tilte` is not a front-matter key; did you mean " \
        "`title`?" in said, said
    site.write("content/posts/broken.md", '"title": "B",\n"date": 2024-03-05\n;;;\nbody\n')
    assert messages(site.build(), "error") == [
        "content/posts/broken.md:2: error: broken JSON front matter: Expecting ',' "
        "delimiter (column 13)"]


def test_a_post_opening_with_a_quoted_phrase_and_a_colon_is_not_taken_for_hexo_json(site):
    """A post without front matter whose first line is a quotation and a colon (`"Attention
    is all you need": …`), with a `;;;` line further down (a Lisp comment in a code block),
    is text, as Hexo reads it: only a key whose value opens as JSON's do starts Hexo's JSON
    front matter without its `;;;` opener. The build failed on it, naming broken JSON front
    matter in a post that has none."""
    quote = site.write("content/posts/quote.md",
                       '"注意力就是一切": 一篇读书笔记。\n\n```lisp\n;;;\n(defun f () 1)\n'
                       "```\n")
    written = datetime(2024, 5, 1, tzinfo=UTC).timestamp()  # (dated by its file: not future)
    os.utime(quote, (written, written))
    result = site.build()
    assert messages(result, "error") == [], messages(result)
    assert "<p>&quot;注意力就是一切&quot;: 一篇读书笔记。</p>" in site.read("posts/quote/")


def test_broken_json_front_matter_is_an_error_at_its_line(site):
    """A JSON object that does not parse, a key written twice, a value of the wrong type:
    each one error at its line, as for YAML; the other posts are read."""
    site.post("fine.md", "Fine")
    site.write("content/posts/broken.md", '{\n  "title": "Broken",\n  "date": "2024-03-05",\n'
               '}\nbody\n')
    site.write("content/posts/twice.md", '{\n  "title": "A",\n  "title": "B"\n}\nbody\n')
    site.write("content/posts/typed.md", '{\n  "title": "T",\n  "date": "2024-03-05",\n'
               '  "series": {"a": 1}\n}\nbody\n')
    said = messages(site.build(), "error")
    assert "content/posts/broken.md:4: error: broken JSON front matter: Expecting property " \
        "name enclosed in double quotes (column 1)" in said, said
    assert 'content/posts/twice.md:3: error: broken JSON front matter: duplicate key "title" ' \
        "(first at line 2)" in said, said
    assert any(m.startswith("content/posts/typed.md:4: error: `series`") for m in said), said
    assert len(said) == 3, said


@pytest.mark.parametrize("opening", [
    '{{< figure src="a.png" >}}', "{% raw %}", r"{\bf 注意} 这一行", '{"a": 1} is a JSON object.'])
def test_a_body_that_opens_with_a_brace_is_no_json_front_matter(site, opening):
    """A post without front matter whose first line opens with `{` (a shortcode, Liquid, TeX,
    an object in a sentence) is all body: JSON front matter opens with `{` and its first key's
    `"`, and its `}` ends its line."""
    written = site.write("content/posts/b.md", f"{opening}\n\n# 标题\n\n正文。\n")
    os.utime(written, (0, 0))  # (dated by its file's time: not after the build's `now`)
    result = site.build()
    assert not result.diagnostics.errors, messages(result)
    page = site.read("posts/b/")
    assert "正文。" in page and "<title>标题" in page
    if opening.endswith("JSON object."):  # (the sentence is shown whole)
        assert re.search(r"\{(&#34;|&quot;|\")a(&#34;|&quot;|\"): 1\} is a JSON object", page)


def test_hugo_series_written_as_a_list_is_the_posts_series(site):
    """Hugo's `series` is a taxonomy, always a list: imported posts stopped the build."""
    site.write("content/posts/a.md", '+++\ntitle = "VAE"\ndate = 2023-04-01\n'
               'series = ["Generative models"]\n+++\nbody\n')
    site.post("b.md", "Flows", series='["Generative models"]', date="2023-05-01")
    site.post("c.md", "Both", series="[Generative models, Other]", date="2023-06-01")
    result = site.build()
    assert result.written, messages(result)
    page = site.read("series/generative-models/")
    assert "VAE" in page and "Flows" in page and "Both" in page
    assert "第 1 篇，共 3 篇" in site.read("posts/a/")
    assert ("content/posts/c.md:4: warning: `series` names 2 series; a post is in one here, "
            "so only `Generative models` is used") in messages(result, "warning")


def test_a_posts_own_hugo_params_map_gives_its_keys(site):
    """Hugo >= 0.123 writes a page's own keys under `params:`: they are the post's keys here
    (its table of contents, `post.params.subtitle` for a template), in YAML and TOML; a key
    written at the top too wins, said at its `params:` line when the two differ; Hugo's own
    keys there (`title`) are not taken, as Hugo takes none, each said at its line; a slip
    among them is said at its line."""
    site.write("templates/sub.html", '{% extends "post.html" %}{% block main %}{{ super() }}'
               '<p class="sub">{{ post.params.subtitle }}</p>{% endblock %}\n')
    site.write("content/posts/a.md",
               "---\ntitle: Alpha\ndate: 2024-01-01\nseries: Top\nparams:\n  toc: false\n"
               "  series: Notes\n  subtitle: Sub\n  title: Other\n  sereis: x\nlayout: sub\n"
               "---\n## One\n\nText.\n\n## Two\n\nText.\n\n## Three\n\nText.\n")
    site.write("content/posts/b.md", '+++\ntitle = "Beta"\ndate = 2024-01-02\nlayout = "sub"\n'
               'series = "Notes"\n[params]\n  subtitle = "Toml"\n  toc = true\n+++\n'
               "## One\n\nText.\n\n## Two\n\nx\n")
    result = site.build()
    assert result.written, messages(result)
    alpha, beta = site.read("posts/a/"), site.read("posts/b/")
    assert '<p class="sub">Sub</p>' in alpha and '<p class="sub">Toml</p>' in beta
    assert "<title>Alpha" in alpha
    assert '<nav class="toc"' not in alpha and '<nav class="toc"' in beta
    assert "Alpha" in site.read("series/top/") and "Beta" in site.read("series/notes/")
    said = messages(result, "warning")
    assert ("content/posts/a.md:7: warning: `series` is written at the top (line 4) and under "
            "`params:`, with another value: the top's is used; keep one") in said, said
    assert ("content/posts/a.md:9: warning: `title` under `params:` is one of Hugo's own keys, "
            "which it reads at the top of the front matter alone: not the page's here either (a "
            "template finds it as `post.params.params.title`); write it at the top if it is "
            "meant") in said, said
    assert "content/posts/a.md:10: warning: `sereis` is not a front-matter key; did you mean " \
        "`series`?" in said, said


def test_taxonomies_under_params_are_no_terms_as_in_hugo(site):
    """Hugo reads `tags`, `categories` (and its sites' `series`) at the top of the front matter
    alone: under a page's `params:` they are plain values, on no term page. They made the
    post's terms here; now they are not, each a warning at its line saying to move it, in
    YAML and TOML; a template still finds them under `post.params.params`."""
    site.write("templates/sub.html", '{% extends "post.html" %}{% block main %}{{ super() }}'
               '<p class="sub">{{ post.params.params.tags | join(",") }}</p>{% endblock %}\n')
    site.write("content/posts/a.md",
               "---\ntitle: Alpha\ndate: 2024-01-01\nlayout: sub\nparams:\n  math: true\n"
               "  tags: [gan, vae]\n  categories: [ml]\n  series: Generative\n---\nText.\n")
    site.write("content/posts/b.md", '+++\ntitle = "Beta"\ndate = 2024-01-02\n'
               'tags = ["kept"]\n[params]\n  categories = ["ml"]\n  series = "Generative"\n'
               '+++\nText.\n')
    result = site.build()
    assert result.written, messages(result)
    assert '<p class="sub">gan,vae</p>' in site.read("posts/a/")
    assert not site.exists("tags/gan/") and not site.exists("categories/ml/")
    assert not site.exists("series/generative/")
    assert "Beta" in site.read("tags/kept/")
    said = {(str(d.path), d.line): d.message for d in result.diagnostics.warnings
            if "under `params:`" in d.message}
    assert set(said) == {("content/posts/a.md", 7), ("content/posts/a.md", 8),
                         ("content/posts/a.md", 9), ("content/posts/b.md", 6),
                         ("content/posts/b.md", 7)}, messages(result)
    assert said[("content/posts/a.md", 7)] == (
        "`tags` under `params:` is a plain value in Hugo, which reads taxonomies at the top of "
        "the front matter alone: no term page is made of it here either (a template finds it "
        "as `post.params.params.tags`); move it to the top to make them the page's terms")


def test_a_pages_taxonomies_under_params_are_its_values_unsaid(site):
    """A page outside posts/ makes no terms, even from `tags` at its top: its `tags` under
    `params:` are taken as written at the top (`post.tags` for a template), as an
    `_index.md`'s are, with no advice to move them to the top "to make them terms"."""
    site.write("templates/sub.html", '{% extends "page.html" %}{% block main %}{{ super() }}'
               '<p class="sub">{{ post.tags | join(",") }}</p>{% endblock %}\n')
    site.write("content/about.md", "---\ntitle: About\nlayout: sub\nparams:\n"
               "  tags: [gan, vae]\n---\nText.\n")
    result = site.build()
    assert result.written, messages(result)
    assert '<p class="sub">gan,vae</p>' in site.read("about/")
    assert not site.exists("tags/gan/")
    assert not [m for m in messages(result) if "under `params:`" in m], messages(result)


def test_the_keys_of_a_toml_params_table_are_said_at_their_lines(site):
    """Hugo's TOML writes a page's `params:` as a `[params]` table: a key the top gives
    another value, one of Hugo's own keys there, or a slip among them is said at its own
    line, as in YAML; all three were said at line 1, the `+++`."""
    site.write("content/posts/b.md", '+++\ntitle = "Beta"\ndate = 2024-01-02\n'
               'series = "Top"\n[params]\n  series = "Notes"\n  title = "Other"\n'
               '  sereis = "x"\n+++\nText.\n')
    result = site.build()
    said = {d.message.split("`")[1]: d.line for d in result.diagnostics.warnings
            if str(d.path) == "content/posts/b.md"}
    assert said == {"series": 6, "title": 7, "sereis": 8}, messages(result)


def test_blank_boolean_and_numeric_series_and_category_names(site):
    """`series: '   '` linked every part to /series//; `categories: 2024` (Hexo's bare year)
    stopped the build while `tags: 2024` did not; `series: true` made a series "True";
    `series_order: '2'` (quoted by a tool) was refused."""
    site.post("a.md", "A", series="'   '", categories="2024", date="2024-01-01")
    site.post("b.md", "B", series="S", series_order="'2'", date="2024-01-02")
    site.post("c.md", "C", series="S", series_order="1", date="2024-01-03")
    site.post("d.md", "D", series="true", date="2024-01-04")
    result = site.build()
    assert messages(result, "error") == [
        'content/posts/d.md:4: error: `series` should be a name, not true (quote it to name '
        'a series so: `series: "true"`)']
    site.write("content/posts/d.md", "---\ntitle: D\ndate: 2024-01-04\n---\nd\n")
    result = site.build()
    assert result.written, messages(result)
    assert "series/" not in site.read("posts/a/").split("<main", 1)[1].split("</main>")[0]
    assert ">A<" in site.read("categories/2024/")
    assert "第 2 篇，共 2 篇" in site.read("posts/b/")
    assert "第 1 篇，共 2 篇" in site.read("posts/c/")


def test_two_parts_with_one_series_order_are_said(site):
    site.write("site.yaml", "languages: {zh: {}, en: {}}\n")
    site.post("a.md", "A", series="S", series_order="2", date="2024-01-01", lang="zh")
    site.post("b.md", "B", series="S", series_order="2", date="2024-01-02", lang="zh")
    site.post("a.en.md", "A", series="S", series_order="2", date="2024-01-01", lang="en")
    site.post("c.md", "C", series="T", series_order="2", date="2024-01-03", lang="zh")
    result = site.build()
    assert [m for m in messages(result) if "series_order" in m] == [
        "content/posts/b.md:5: warning: `series_order: 2` is also that of content/posts/a.md "
        "in the series `S`: the two are in the order of their dates"]


def test_a_dot_dot_category_and_a_one_word_label_are_said(site):
    """`categories: [C++, .., STL]` lost its `..` without a word; a label written
    `vae: 变分自编码器` was "should be a mapping", without the form a label has."""
    site.post("a.md", "A", categories="[C++, .., STL]")
    assert [m for m in messages(site.build()) if "`..`" in m] == [
        "content/posts/a.md:4: warning: `categories` names `..` or `.`, which is no "
        "category's name: left out (a category's path is its list: `[ml, nlp]` is ml › nlp)"]
    site.write("site.yaml", "series:\n  vae: 变分自编码器\n")
    (error,) = messages(site.build(), "error")
    assert error.endswith("site.yaml:2: error: `series.vae` should be labels per language, "
                          "`vae: {zh: 变分自编码器, en: …}`, not `变分自编码器`"), error


def test_a_toml_value_that_is_wrong_is_named_at_its_line(site):
    site.write("content/posts/a.md", '+++\ntitle = "A"\ndate = 2023-04-01\n'
               'summary = """\nx = 1\n"""\nseries = {name = "x"}\n[params]\nseries = 2\n'
               '+++\nbody\n')
    result = site.build()
    assert ("content/posts/a.md:7: error: `series` should be a single value, not a list or "
            "mapping") in messages(result)


def test_links_to_nothing_under_content_are_skipped_with_a_warning(site):
    site.post("ok.md", "Fine")
    site.write("content/posts/b/index.md", "---\ntitle: B\ndate: 2024-01-01\n---\nText.\n")
    os.symlink("/nowhere", site.root / "content/x")
    os.symlink("missing.md", site.root / "content/posts/a.md")
    os.symlink("none.png", site.root / "content/posts/b/img.png")
    os.symlink("loop", site.root / "content/loop")
    site.write("static/keep.txt", "kept")
    os.symlink("../../moved/logo.png", site.root / "static/logo.png")  # (static/ too)
    site.write("files/papers/a.pdf", "%PDF")
    os.symlink("../files/papers", site.root / "static/papers")  # (a folder: was silent)
    result = site.build()
    assert result.written, messages(result)
    warnings = messages(result, "warning")
    assert ("static/logo.png: warning: a link to nothing (../../moved/logo.png), skipped"
            in warnings)
    assert ("static/papers: warning: a link to a folder (../files/papers): its files are not "
            "published; put the folder itself in static/, or link its files one by one"
            in warnings) and not site.exists("papers")
    assert site.read("keep.txt") == "kept"
    assert "content/x: warning: a link to nothing (/nowhere), skipped" in warnings
    assert "content/posts/a.md: warning: a link to nothing (missing.md), skipped" in warnings
    assert "content/posts/b/img.png: warning: a link to nothing (none.png), skipped" in warnings
    assert "content/loop: warning: a link that leads back to itself (loop), skipped" in warnings
    assert "<title>Fine" in site.read("posts/ok/") and "<title>B" in site.read("posts/b/")


def test_a_folder_linked_into_content_is_said_not_walked(site, tmp_path):
    """A notes vault linked in (`ln -s ~/vault content/posts/vault`) was skipped silently:
    its posts were simply missing."""
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "note.md").write_text("---\ntitle: Note\ndate: 2024-01-01\n---\nText.\n")
    site.post("ok.md", "Fine")
    os.symlink(vault, site.root / "content/posts/vault")
    result = site.build()
    assert result.written, messages(result)
    assert (f"content/posts/vault: warning: a link to a folder ({vault}): its files are not "
            "published; put the folder itself in content/, or link its files one by one"
            in messages(result, "warning"))
    assert not site.exists("posts/vault/note/") and "<title>Fine" in site.read("posts/ok/")


@pytest.mark.parametrize("cache", [False, True])
def test_links_out_of_the_site_are_not_published(site, tmp_path, cache):
    # a pull request's or a copied starter's links put any file of the machine building the
    # site on the web: the CI's secrets (/proc/self/environ), the checkout's token
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "secret.md").write_text("---\ntitle: Leaked\ndate: 2024-01-01\n---\nSECRET\n")
    (secret / "secret.txt").write_text("SECRET")
    site.write("site.yaml", "title: T\nbase_url: https://me.github.io/\n")
    site.post("ok.md", "Fine")
    site.write("content/posts/b/index.md", "---\ntitle: B\ndate: 2024-01-01\n---\nText.\n")
    site.write(".git/config", "[remote] token=SECRET")
    site.write("files/shared.txt", "shared")
    (site.root / "static").mkdir()
    site.write("drafts/kept.md", "---\ntitle: Kept\ndate: 2024-01-01\n---\nKept.\n")
    links = {  # the link -> where it leads, and what is said of it (None: published)
        "content/posts/x.md": (secret / "secret.md", "outside the site"),
        "content/posts/b/leak.txt": (secret / "secret.txt", "outside the site"),
        "static/leak.txt": (secret / "secret.txt", "outside the site"),
        "static/env.txt": (Path("/proc/self/environ"), "which is not a file of the site"),
        "static/null.txt": (Path("/dev/null"), "which is not a file of the site"),
        "static/git.txt": (Path("../.git/config"), "in the site's hidden .git"),
        "static/shared.txt": (Path("../files/shared.txt"), None),
        "content/posts/kept.md": (Path("../../drafts/kept.md"), None),
    }
    for rel, (target, _) in links.items():
        os.symlink(target, site.root / rel)
    result = site.build(use_cache=cache)
    assert result.written, messages(result)
    warnings = messages(result, "warning")
    for rel, (target, said) in links.items():
        expected = f"{rel}: warning: a link to {target}, {said}, is not published" \
            if said and said.startswith(("which", "in")) else \
            f"{rel}: warning: a link to {target} {said} is not published"
        assert [w for w in warnings if f"{rel}:" in w] == ([expected] if said else []), rel
    published = "".join(path.read_text(errors="replace") for path in site.output.rglob("*")
                        if path.is_file())
    assert "SECRET" not in published and "Leaked" not in published
    assert not site.exists("leak.txt") and not site.exists("env.txt")
    assert not site.exists("posts/b/leak.txt")
    assert site.read("shared.txt") == "shared" and "<title>Kept" in site.read("posts/kept/")


def test_named_pipes_in_the_site_are_skipped_not_waited_on(site):
    """Reading a named pipe waits for a writer that never comes: the build hung."""
    site.post("ok.md", "Fine")
    os.mkfifo(site.root / "content/posts/pipe.md")
    site.write("static/keep.txt", "kept")
    os.mkfifo(site.root / "static/pipe.txt")
    build = subprocess.run([sys.executable, "-m", "blogforge", "build", "--source",
                            str(site.root)], capture_output=True, text=True, timeout=60)
    assert build.returncode == 0, build.stdout + build.stderr
    said = build.stdout + build.stderr
    assert "content/posts/pipe.md: warning: not a file (a pipe, socket or device), skipped" in said
    assert "static/pipe.txt: warning: not a file (a pipe, socket or device), skipped" in said
    assert "<title>Fine" in site.read("posts/ok/") and site.read("keep.txt") == "kept"


def refuse(monkeypatch, refused: Callable[[str], bool], *calls: str) -> None:
    """`os.access` answers no for the paths `refused` names, and each of `os`'s `calls`
    (`scandir`, `stat`) raises PermissionError for them: root reads and lists anything, so
    the permission is what is faked, where it is asked and where it is met."""
    granted = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **asked: not refused(str(path))
                        and granted(path, mode, **asked))
    for name in calls:
        monkeypatch.setattr(os, name, _refusing(getattr(os, name), refused))


def _refusing(call: Callable[..., Any], refused: Callable[[str], bool]) -> Callable[..., Any]:
    def refusing(path: Any = ".", **kwargs: Any) -> Any:
        if refused(str(path)):
            raise PermissionError(13, "Permission denied", str(path))
        return call(path, **kwargs)
    return refusing


def test_a_file_that_cannot_be_read_is_skipped_with_a_warning(site, monkeypatch):
    site.post("ok.md", "Fine")
    site.write("content/secret.png", "x")
    site.write("static/secret.css", "x")  # (static/ too: reading it stopped the build)
    refuse(monkeypatch, lambda path: "secret." in path)
    result = site.build()
    assert result.written, messages(result)
    warnings = messages(result, "warning")
    for path in ("content/secret.png", "static/secret.css"):
        assert f"{path}: warning: cannot be read (no permission to read it), skipped" in warnings
    assert not site.exists("secret.png") and not site.exists("secret.css")


def test_a_folder_that_cannot_be_listed_is_said_not_passed_by(site, monkeypatch):
    """`chmod 000 content/posts/locked` (or a folder another user made, `sudo` copied in):
    its posts and static/'s files in such a folder were left out without a word."""
    site.post("ok.md", "Fine")
    site.post("locked/in.md", "Inside")
    site.write("static/locked/a.css", "x")
    refuse(monkeypatch, lambda path: path.endswith("locked"), "scandir")
    result = site.build()
    assert result.written, messages(result)
    for path in ("content/posts/locked", "static/locked"):
        assert (f"{path}: warning: a folder that cannot be opened (no permission to list it): "
                "nothing in it is published, skipped") in messages(result, "warning")
    assert "<title>Fine" in site.read("posts/ok/") and not site.exists("locked/a.css")


def test_a_static_folder_readable_but_not_searchable_is_skipped_not_a_failed_build(
        site, monkeypatch):
    """`chmod -R 644 static` leaves its folders readable but not searchable: listed, their
    files cannot be looked at. Such a folder was said skipped, then the build stopped at its
    first file ("Permission denied (give yourself access to it, or choose another --output)")."""
    site.post("ok.md", "Fine")
    site.post("locked/in.md", "Inside")
    site.write("static/locked/a.css", "x")
    site.write("static/open.css", "y")
    # (the folder can be listed, not looked into: its files' every look fails; it was said
    # "no permission to list it", which `ls` belies)
    granted = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, **asked: granted(path, mode, **asked)
                        and not (str(path).endswith("locked") and mode & os.X_OK))
    locked = (f"static{os.sep}locked{os.sep}", f"posts{os.sep}locked{os.sep}")
    monkeypatch.setattr(os, "stat", _refusing(
        os.stat, lambda path: any(folder in path for folder in locked)))
    result = site.build()
    assert result.written, messages(result)
    assert [said for said in messages(result, "warning") if "locked" in said] == [
        f"{path}: warning: a folder whose files cannot be opened (it can be listed, but it has "
        "no permission to be searched, the `x` of `chmod +x`): nothing in it is published, "
        "skipped" for path in ("content/posts/locked", "static/locked")]
    assert site.exists("open.css") and not site.exists("locked/a.css")
    assert not site.exists("posts/in/")


def test_a_held_back_file_is_told_by_its_name_as_links_write_it(site):
    """A published post linking `../attachments/%E6%B3%A8%E6%84%8F%E5%8A%9B.png` (注意力.png
    encoded, as editors write it) or `fig%20(1).png` had its picture held back, a broken
    image on its page; a draft naming a file encoded did not hold it back; a published
    post's prose ("my secret.png") published a draft's picture; a stylesheet of static/
    linking one lost it."""
    names = ("注意力.png", "fig (1).png", "encoded.png", "secret.png", "background.png")
    for name in names:
        site.write(f"content/attachments/{name}", raw=b"\x89PNG\r\n\x1a\n")
    site.post("draft.md", "Draft", draft="true", body=(
        "![[注意力.png]] ![[fig (1).png]] ![](../attachments/%65ncoded.png) ![[secret.png]]"
        " ![[background.png]]\n"))
    site.post("open.md", "Open", body=(
        "![a](../attachments/%E6%B3%A8%E6%84%8F%E5%8A%9B.png) ![b](../attachments/fig%20(1).png)"
        "\n\nAbout my secret.png, which stays mine.\n"))
    site.write("static/css/extra.css", "body { background: url(/attachments/background.png) }")
    for name in ("y1.png", "y2.png"):  # (beside the posts: a srcset's second candidate links)
        site.write(f"content/posts/{name}", raw=b"\x89PNG\r\n\x1a\n")
    site.post("srcset.md", "Srcset", body='<img alt="y" src="y1.png" srcset="y1.png 1x, '
              'y2.png 2x">\n')
    site.post("draft2.md", "Draft 2", draft="true", body="![[y2.png]]\n")
    result = site.build()
    assert {name: site.exists(f"attachments/{name}") for name in names} == {
        "注意力.png": True, "fig (1).png": True, "encoded.png": False, "secret.png": False,
        "background.png": True}
    assert site.exists("posts/y2.png")
    assert not [m for m in messages(result) if "broken" in m]


def test_an_index_md_that_makes_the_posts_folder_a_bundle_is_said_once_at_itself(site):
    """An `index.md` uploaded into content/posts/ (GitHub's web editor puts a file where the
    writer browsed to) made the folder a bundle: each of the other posts was blamed, told to
    move out of its own folder, and the index.md never named. One warning, at it."""
    for name in ("a", "b", "c", "d"):
        site.post(f"{name}.md", name.upper())
    site.write("content/posts/index.md", "---\ntitle: 关于\ndate: 2024-01-01\n---\n关于本站。\n")
    result = site.build()
    assert [m for m in messages(result) if "posts/" in m] == [
        "content/posts/index.md: warning: this makes `content/posts/` a bundle, the folder "
        "of one post (as in Hugo): its 4 other Markdown files (a.md, b.md, c.md and 1 more) "
        "are its files, not posts, and are not published. If it is no post of its own, "
        "rename it (a name starting with `_` is never published) or move it into a folder "
        "of its own"]


def test_a_markdown_file_in_a_bundles_folder_is_one_of_its_files_not_a_post(site):
    """Scratch notes kept beside a bundle's index.md were published as posts, first on the
    home page and in the feeds: as in Hugo, they are the bundle's files, not published, and
    one warning says so (a name starting with `_` keeps one there without a word)."""
    site.post("attention/index.md", "Attention", date="2024-01-02", body="Main.\n")
    site.write("content/posts/attention/scratch.md", "my private notes\n")
    site.write("content/posts/attention/notes/more.md", "more notes\n")
    site.write("content/posts/attention/_quiet.md", "quiet notes\n")
    site.post("attention/index.en.md", "Attention", date="2024-01-02", body="Main.\n")
    site.post("other.md", "Other", date="2024-01-03")
    site.write("site.yaml", "base_url: https://e.org/\nlanguages: {zh: {}, en: {}}\n")
    result = site.build()
    assert result.written and result.posts == 3, messages(result)  # (zh, en, other)
    assert messages(result) == [
        f"content/posts/attention/{name}: warning: not published: a Markdown file in the "
        "folder of the bundle `content/posts/attention/` is one of its files, not a post (as "
        "in Hugo); move it out of that folder to make it a post, or start its name with `_` "
        "to keep it there unwarned" for name in ("scratch.md", "notes/more.md")]
    published = [p.relative_to(site.output).as_posix() for p in site.output.rglob("*")]
    assert not [p for p in published if "scratch" in p or "notes" in p or "quiet" in p]
    assert "private notes" not in site.read("atom.xml")


def test_an_obsidian_vaults_templates_are_no_posts(site):
    """helper-136: content/ as a vault, its `Templates/Post template.md` (`title: {{title}}`)
    stopped the build as broken YAML; Templater's folder likewise."""
    site.write("content/.obsidian/templates.json", '{"folder": "Templates"}')
    site.write("content/.obsidian/plugins/templater-obsidian/data.json",
               '{"templates_folder": "posts/tpl"}')
    site.write("content/Templates/Post template.md", "---\ntitle: {{title}}\ndate: {{date}}\n"
               "---\n")
    site.write("content/posts/tpl/Daily.md", "---\ntitle: <% tp.file.title %>\n---\n")
    site.post("a.md", "A")
    result = site.build()
    assert result.written and not messages(result, "error"), messages(result)
    assert not site.exists("Templates/post-template/") and not site.exists("posts/tpl/daily/")


def test_a_vault_copied_into_posts_is_read_as_a_vault(site):
    """A vault copied into content/posts/ with its `.obsidian/`: its templates folder stopped
    the build, and `aliases: [注意力, Attention]` made redirect pages at the site's root."""
    site.write("site.yaml", "base_url: https://e.org/\n")
    site.write("content/posts/vault/ML/注意力机制.md",
               "---\ntitle: 注意力机制\ndate: 2024-01-08\naliases: [注意力, Attention, /old/]\n"
               "---\n注意力机制的笔记。\n")
    assert site.build(use_cache=True).written and site.exists("注意力/index.html")
    # (the vault's settings come: a cached build sees them, as a clean one does)
    site.write("content/posts/vault/.obsidian/templates.json", '{"folder": "模板"}')
    site.write("content/posts/vault/模板/日记模板.md", "---\ntitle: {{title}}\n---\n")
    result = site.build(use_cache=True)
    assert result.written and not messages(result, "error"), messages(result)
    assert site.exists("posts/vault/ml/注意力机制/index.html") and site.exists("old/index.html")
    assert not site.exists("注意力") and not site.exists("Attention")
    assert not [m for m in messages(result) if "aliases" in m or "模板" in m], messages(result)


def test_an_obsidian_notes_inline_tags_are_its_tags(site):
    """In a vault, `#机器学习` and `#ml/vae` written in a note's text are its tags, as in
    Obsidian's tag pane and Quartz: they were shown as text and the post had no tag. A tag
    runs to a space or punctuation, holds a letter, and is never in code, formulas, links or
    after `\\`; `#ML` and `#ml` are one; `ml/vae` is listed under `ml` too. Outside a vault
    the same text is text."""
    site.write("site.yaml", "base_url: https://e.org/\nlanguages: {zh: {}, en: {}}\n")
    (site.root / "content/.obsidian").mkdir(parents=True)
    body = ("#机器学习是一门学科，见下。 #ml/vae #ML\n\n"
            "不是：#123、`#code`、$\\#x$、[链接 #x](https://x.org/#frag)、C# 与 \\#escaped，"
            "颜色#fff。\n\n- 列表里 #ml 也是\n")
    site.post("vae.md", "VAE", tags='["#生成模型"]', body=body)
    site.post("en.md", "En", lang="en", body="Read #attention.\n")
    result = site.build()
    assert result.written and not messages(result), messages(result)
    page = site.read("posts/vae/")
    assert '<p><a href="/tags/%E6%9C%BA%E5%99%A8%E5%AD%A6%E4%B9%A0%E6%98%AF%E4%B8%80%E9%97%A8' \
        '%E5%AD%A6%E7%A7%91/" class="tag">#机器学习是一门学科</a>，见下。 ' \
        '<a href="/tags/ml-vae/" class="tag">#ml/vae</a> ' \
        '<a href="/tags/ml/" class="tag">#ML</a></p>' in page
    assert '<li>列表里 <a href="/tags/ml/" class="tag">#ml</a> 也是</li>' in page
    assert "#123、<code" in page and "C# 与 #escaped" in page and "颜色#fff" in page
    # (the post's chips: its front matter's, its text's, then the parent of ml/vae)
    chips = re.findall(r'<a href="/tags/([^"]+)/">#([^<]+)</a>', page.split("post-terms")[1])
    assert [name for _, name in chips] == ["生成模型", "机器学习是一门学科", "ml/vae", "ML"]
    assert site.exists("tags/ml/index.html") and site.exists("tags/ml-vae/index.html")
    assert "/posts/vae/" in site.read("tags/ml/")
    assert not site.exists("tags/123") and not site.exists("tags/code")
    assert not site.exists("tags/escaped") and not site.exists("tags/x")
    assert 'term="ml/vae"' in site.read("atom.xml")
    # (an English note's tag leads to its language's tag page)
    assert '<a href="/en/tags/attention/" class="tag">#attention</a>' in site.read("en/posts/en/")
    (site.root / "content/.obsidian").rmdir()
    assert site.build().written and not site.exists("tags/ml")
    assert "<p>#机器学习是一门学科，见下。 #ml/vae #ML</p>" in site.read("posts/vae/")


def test_an_inline_tag_after_a_list_nested_ten_deep_is_a_tag(site):
    """In a vault, `#深度学习` written after an outline ten levels deep was shown as text and
    the note had no such tag: the loader read the note's tags with CommonMark's parser, which
    skips all that follows such a list, where the page's follows it."""
    site.write("site.yaml", "base_url: https://e.org/\n")
    (site.root / "content/.obsidian").mkdir(parents=True)
    site.post("deep.md", "Deep", body=nested_list(10, "见 #深度学习 一节。"))
    result = site.build()
    assert result.written and not messages(result), messages(result)
    assert '<p>见 <a href="/tags/%E6%B7%B1%E5%BA%A6%E5%AD%A6%E4%B9%A0/" class="tag">#深度学习</a>' \
        ' 一节。</p>' in site.read("posts/deep/")
    assert "/posts/deep/" in site.read("tags/深度学习/")


def test_an_id_in_an_attribute_block_of_a_vaults_note_is_no_tag(site):
    """In a vault, the `#thm-elbo` of `::: {.theorem #thm-elbo}` made a page /tags/thm-elbo/
    and tagged the note with it, and so did the id of a heading's `{.unnumbered #derive}`
    (whose braces then stayed in the heading, a tag link inside, its id lost) and of a link's
    `{ #ref .cite}`: ids and classes the build reads, no tags. A tag beside them, or in an
    attribute block that is no attribute block (`{#a, #b}`), still is one."""
    site.write("site.yaml", "base_url: https://e.org/\n")
    (site.root / "content/.obsidian").mkdir(parents=True)
    site.post("elbo.md", "ELBO", body=(
        '::: {.theorem #thm-elbo name="ELBO #界"}\n证据下界。\n:::\n\n'
        "## 推导 {.unnumbered #derive}\n\n"
        "见 [论文](https://arxiv.org/abs/1312.6114){ #ref .cite} #vae 与 {#a, #b}。\n"))
    result = site.build()
    assert result.written and not messages(result), messages(result)
    page = site.read("posts/elbo/")
    chips = re.findall(r'<a href="/tags/[^"]+/">#([^<]+)</a>', page.split("post-terms")[1])
    assert chips == ["vae", "b"]
    assert not site.exists("tags/thm-elbo") and not site.exists("tags/derive")
    assert not site.exists("tags/ref") and not site.exists("tags/界")
    assert '<div id="thm-elbo" class="callout' in page
    assert '<h2 id="derive" class="unnumbered"><span>推导</span></h2>' in page
    assert '<a href="https://arxiv.org/abs/1312.6114" id="ref" class="cite">论文</a> ' \
        '<a href="/tags/vae/" class="tag">#vae</a> 与 {#a, <a href="/tags/b/" class="tag">' \
        '#b</a>}。' in page


def test_an_id_beside_a_quoted_value_holding_braces_two_deep_is_no_tag(site):
    """A quoted value holding braces two deep (`data-x="{a{b}}"`) made its attribute block
    none to the vault's tags: the heading's `#derive` was a tag (a page /tags/derive/), its
    braces shown in the heading with a tag link inside and its id lost. A quoted value holds
    any character but its quote, as the heading's attributes are read."""
    site.write("site.yaml", "base_url: https://e.org/\n")
    (site.root / "content/.obsidian").mkdir(parents=True)
    site.post("elbo.md", "ELBO", body=(
        '## 推导 {data-x="{a{b}}" #derive}\n\n证据下界 #vae。\n'))
    result = site.build()
    assert result.written and not messages(result), messages(result)
    page = site.read("posts/elbo/")
    chips = re.findall(r'<a href="/tags/[^"]+/">#([^<]+)</a>', page.split("post-terms")[1])
    assert chips == ["vae"]
    assert not site.exists("tags/derive")
    assert '<h2 data-x="{a{b}}" id="derive"><span>推导</span></h2>' in page


def test_an_obsidian_notes_tags_written_as_one_string_are_parted_as_obsidian_parts_them(site):
    """In a vault, `tags: ml, nlp` was the one tag `ml, nlp` with advice to write a list, and
    `tags: "#ml #nlp"` the tag `ml #nlp` (/tags/ml-nlp/), where Obsidian's tag pane shows two;
    its `tag:` and `Tags:` were slips of `tags`, unread. Outside a vault they stay as they were."""
    site.write("site.yaml", "base_url: https://e.org/\n")
    (site.root / "content/.obsidian").mkdir(parents=True)
    site.post("a.md", "A", tags="ml, 深度学习")
    site.post("b.md", "B", tags='"#ml #nlp"')
    site.post("c.md", "C", tag="[rl]")
    site.post("d.md", "D", Tags="[cv]")
    result = site.build()
    assert result.written and not messages(result), messages(result)
    chips = {name: re.findall(r'<a href="/tags/[^"]+/">#([^<]+)</a>',
                              site.read(f"posts/{name}/").split("post-terms")[1])
             for name in "abcd"}
    assert chips == {"a": ["ml", "深度学习"], "b": ["ml", "nlp"], "c": ["rl"], "d": ["cv"]}
    (site.root / "content/.obsidian").rmdir()
    said = messages(site.build())
    assert "content/posts/c.md:4: warning: `tag` is not a front-matter key; did you mean " \
        "`tags`?" in said
    assert [m for m in said if "is one tag" in m]


def test_an_inline_tag_written_two_ways_is_said_at_its_line_of_text(site):
    """`#RL` in one note's text beside `rl` in others' was said at the note's line 1, its
    front matter, which writes no tag."""
    site.write("site.yaml", "base_url: https://e.org/\n")
    (site.root / "content/.obsidian").mkdir(parents=True)
    site.post("a.md", "A", tags="[rl]")
    site.post("b.md", "B", tags="[rl]")
    site.post("c.md", "C", body="第一段。\n\n第二段 #ＲＬ 的笔记。\n")
    assert "content/posts/c.md:7: warning: tag `ＲＬ` shares the page /tags/rl/ with `rl` " \
        "(content/posts/a.md and content/posts/b.md): write them the same way" \
        in messages(site.build())


def test_a_vaults_tags_apart_only_by_case_are_one_tag_without_a_word(site):
    """Obsidian reads `#ML` and `#ml` as one tag, and old vaults hold both: in a vault they
    share the page /tags/ml/ without a warning (so `--strict` builds), where outside a vault
    the rarer spelling is said as before."""
    site.write("site.yaml", "base_url: https://e.org/\n")
    (site.root / "content/.obsidian").mkdir(parents=True)
    site.post("a.md", "A", tags="[ml]")
    site.post("b.md", "B", body="笔记 #ML 的。\n")
    site.post("c.md", "C", body="笔记 #Ml 与 #ml。\n")
    site.post("d.md", "D", tags="[ML]")
    result = site.build(strict=True)
    assert result.written and not [m for m in messages(result) if "shares" in m], \
        messages(result)
    assert "/posts/b/" in site.read("tags/ml/") and "/posts/c/" in site.read("tags/ml/")
    (site.root / "content/.obsidian").rmdir()
    said = [m for m in messages(site.build()) if "shares the page /tags/ml/" in m]
    assert len(said) == 1 and said[0].startswith("content/posts/d.md:4: warning: tag `ML`"), \
        said


def test_an_alias_without_a_slash_outside_a_vault_is_said_at_its_line(site):
    site.post("a.md", "A", aliases="[注意力, old.html, /old/]")
    result = site.build()
    assert "content/posts/a.md:4: warning: `aliases` names `注意力`, without a `/`: a redirect " \
        "page at the site's root, /注意力/, is made of each (Hugo puts one beside the page, " \
        "and Obsidian reads it as another name of the note); write `/注意力/` if that is the " \
        "old URL meant, or leave it out" in messages(result)
    assert site.exists("注意力/index.html")  # (kept: it may be the old URL meant)


def test_an_empty_note_is_not_published(site):
    """helper-136: an empty `Untitled 1.md` (a note made on a phone and never written in) was
    a blank page in the sitemap, one in content/posts/ a post in the feed."""
    site.write("content/Untitled 1.md", "")
    site.write("content/posts/Untitled 2.md", "\n  \n")
    site.post("a.md", "A")
    result = site.build()
    assert result.written
    assert not site.exists("untitled-1/") and not site.exists("posts/untitled-2/")
    assert "content/posts/Untitled 2.md: warning: empty: not published (a new note never " \
           "written in?); write in it or delete it" in messages(result)


def test_a_link_to_an_empty_post_says_it_is_empty_not_missing(site):
    """A link (Markdown's or Obsidian's) to a post of front matter alone or an empty note,
    which are not published, said "no such Markdown file" and "no post is named", of a file
    the writer sees in content/ (Obsidian makes an empty note of a link clicked)."""
    site.post("new.md", "New", body="\n")
    site.write("content/posts/blank.md", "")
    site.post("a.md", "A", body="See [new](new.md), [blank](blank.md), [[new]] and [[blank]].\n")
    result = site.build()
    assert result.written
    said = [m for m in messages(result) if m.startswith("content/posts/a.md")]
    assert said == [
        "content/posts/a.md:5: warning: link to `new.md`: that post is empty (no text below "
        "its front matter, or none at all), not published: it is linked once written in",
        "content/posts/a.md:5: warning: link to `blank.md`: that post is empty (no text below "
        "its front matter, or none at all), not published: it is linked once written in",
        "content/posts/a.md:5: warning: link to `[[new]]`: that post is empty (no text below "
        "its front matter, or none at all), not published: it is linked once written in",
        "content/posts/a.md:5: warning: link to `[[blank]]`: that post is empty (no text "
        "below its front matter, or none at all), not published: it is linked once written "
        "in"], said
    site.post("new.md", "New", body="Written.\n")
    result = site.build()
    assert [m for m in messages(result) if "`new" in m] == []
    assert 'href="/posts/new/"' in site.read("posts/a/")


def test_a_page_named_posts_leaves_the_posts_folder_its_posts(site):
    """content/posts.md (a page at /posts/, where the folder's list would be) took
    content/posts/ for its asset folder, as `name.md` takes `name/`: every post became a
    file of that page, not published, each warned of as in "the bundle `content/posts/`"."""
    site.write("content/posts.md", "---\ntitle: All my posts\n---\nHand-written list.\n")
    site.post("a.md", "A", date="2024-01-01")
    site.post("ml/b.md", "B", date="2024-01-02")
    result = site.build()
    assert result.written
    assert not [m for m in messages(result) if "bundle" in m], messages(result)
    assert site.exists("posts/a/index.html") and site.exists("posts/ml/b/index.html")
    assert "Hand-written list." in site.read("posts/")
    assert "B" in site.read("posts/ml/")


def test_a_post_locked_with_a_password_is_held_back_with_a_warning_at_its_line(site):
    """hexo-blog-encrypt's `password:` post was published in the clear: page, home, feeds,
    search index."""
    site.post("secret.md", "私密日记", body="这是私密内容，不应公开。\n", password="hunter2")
    site.post("open.md", "Open", body="See [the diary](secret.md).\n", password="''")
    result = site.build()
    assert result.written
    assert "content/posts/secret.md:4: warning: `password` locks this post with " \
        "hexo-blog-encrypt, which blogforge cannot do: held back" in "\n".join(messages(result))
    assert not any("私密内容" in path.read_text(encoding="utf-8", errors="replace")
                   for path in site.output.rglob("*") if path.is_file())
    assert not site.exists("posts/secret/index.html") and "Open" in site.read("")
    # (a link to it says why it is not there: it said "not published for the error in it")
    assert "content/posts/open.md:6: warning: link to `secret.md`: that post is locked by " \
        "its `password`, held back: it is linked once the line is removed" in messages(result)


def test_a_post_of_front_matter_alone_is_not_published_and_said(site):
    """What `blogforge new post` writes was published as an empty page, card and feed entry."""
    site.post("new.md", "Flow Matching 笔记", body="\n\n")
    site.post("draft.md", "Draft", body="", draft="true")
    site.post("made.md", "Made by its layout", body="", layout="gallery")
    site.write("templates/gallery.html", "{% extends 'post.html' %}")
    site.write("content/links.md", "---\ntitle: 友链\n---\n")
    site.write("content/posts/undated.md", "---\ntitle: Undated\n---\n")
    site.post("a.md", "A")
    result = site.build()
    # (one warning for a post that is not published: not also one about its missing date)
    assert [m for m in messages(result) if "undated.md" in m] == [
        "content/posts/undated.md: warning: no text below its front matter: not published (a "
        "post made and never written in?); write in it, or mark it `draft: true`"]
    assert "content/posts/new.md: warning: no text below its front matter: not published (a " \
        "post made and never written in?); write in it, or mark it `draft: true`" \
        in messages(result)
    assert len([m for m in messages(result) if "no text below" in m]) == 2
    assert "Flow Matching" not in site.read("") and "Flow Matching" not in site.read("atom.xml")
    assert not site.exists("posts/new/index.html")
    assert site.exists("posts/made/index.html") and site.exists("links/index.html")

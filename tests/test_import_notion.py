"""`blogforge import notion`: small hand-made Notion exports ("Markdown & CSV", as a folder, a
.zip, a .zip of parts) become blogforge sites whose built pages read as the notes did."""

from __future__ import annotations

import os
import textwrap
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from conftest import NOW
from test_import import write as write_files

from blogforge.cli import main
from blogforge.site import BuildOptions, build_site

PNG = b"\x89PNG\r\n\x1a\n"
ROOT = "Export-3f9a2c1e-8b7d-4e6f-a5c4-1d2e3f4a5b6c"
PAGE = "Attention Is All You Need 1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d"
SUB = "Multi-Head Attention 7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b"
DATABASE = "ML Papers 9f8e7d6c5b4a39281706f5e4d3c2b1a0"
BERT = "BERT 2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f"
GPT = "GPT-3 3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a"
IDEA = "Idea 4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b"


def quoted(path: str) -> str:
    return path.replace(" ", "%20")


# An English workspace's export: a page with properties, a callout with an emoji and one with
# Notion's icon, a formula, pictures, a toggle and code, a link to its sub-page and a notion.so
# link to the database; the database's page, CSVs and three rows (one not started)
ENGLISH = {
    f"{ROOT}/{PAGE}.md": f"""
        # Attention Is All You Need

        Tags: nlp, transformer
        Created: May 1, 2024 9:30 PM
        Last edited time: May 3, 2024 10:12 AM
        Status: Done
        URL: https://arxiv.org/abs/1706.03762

        <aside>
        💡 Replace recurrence with attention: training runs in parallel.

        </aside>

        <aside>
        <img src="/icons/warning_red.svg" alt="/icons/warning_red.svg" width="40px" /> Careful.

        </aside>

        The scale is $\\sqrt{{d_k}}$.

        $$
        \\text{{Attention}}(Q,K,V)=\\mathrm{{softmax}}\\left(\\frac{{QK^T}}{{\\sqrt{{d_k}}}}\\right)V
        $$

        ![Untitled]({quoted(PAGE)}/Untitled%201.png)

        [The paper]({quoted(PAGE)}/paper%20(v2).pdf)

        <details>
        <summary>Why divide?</summary>

        The variance grows with $d_k$.

        </details>

        See the sub-page: [Multi-Head Attention]({quoted(PAGE)}/{quoted(SUB)}.md)

        All papers: [ML Papers](https://www.notion.so/ML-Papers-9f8e7d6c5b4a39281706f5e4d3c2b1a0?pvs=21)

        ```html
        <!-- [not a link](Untitled.md) -->
        <aside>
        ```
        """,
    f"{ROOT}/{PAGE}/Untitled 1.png": PNG,
    f"{ROOT}/{PAGE}/paper (v2).pdf": b"%PDF-1.4\n",
    f"{ROOT}/{PAGE}/stray.png": PNG,
    f"{ROOT}/{PAGE}/{SUB}.md": f"""
        # Multi-Head Attention

        Tags: transformer
        Created: May 2, 2024 8:00 AM

        Several heads attend in parallel.

        Back: [Attention Is All You Need](../{quoted(PAGE)}.md)
        """,
    f"{ROOT}/{DATABASE}.md": f"""
        # ML Papers

        | Name | Created | Status |
        | --- | --- | --- |
        | [BERT]({quoted(DATABASE)}/{quoted(BERT)}.md) | May 5, 2024 10:00 AM | Reading |
        | [GPT-3]({quoted(DATABASE)}/{quoted(GPT)}.md) | May 6, 2024 11:00 PM | Done |
        """,
    f"{ROOT}/{DATABASE}.csv": "\ufeffName,Created,Status,Venue\n"
                              'BERT,"May 5, 2024 10:00 AM",Reading,NAACL\n',
    f"{ROOT}/{DATABASE}_all.csv": "\ufeffName,Created,Status,Venue\n",
    f"{ROOT}/{DATABASE}/{BERT}.md": f"""
        # BERT

        Created: May 5, 2024 10:00 AM
        Status: Reading
        Venue: NAACL

        Masked language modelling. See [GPT-3]({quoted(GPT)}.md#in-context-learning).
        """,
    f"{ROOT}/{DATABASE}/{GPT}.md": """
        # GPT-3

        Created: May 6, 2024 11:00 PM
        Status: Done

        ## In-context learning

        Few-shot prompts.
        """,
    f"{ROOT}/{DATABASE}/{IDEA}.md": """
        # Idea

        Created: May 7, 2024 9:00 AM
        Status: Not started

        Some day.
        """,
}


# When Notion wrote the export (a page without a date is dated by its file, and the tests'
# build is at NOW, which a file written today may be after)
EXPORTED = datetime(2024, 5, 8, 12, 0)


def write(root: Path, files: dict[str, str | bytes]) -> None:
    """test_import's `write`, each file dated as the export was made."""
    write_files(root, files)
    for rel in files:
        os.utime(root / rel, (EXPORTED.timestamp(), EXPORTED.timestamp()))


def zipped(files: dict[str, str | bytes], archive: Path) -> Path:
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w") as made:
        for rel, text in files.items():
            made.writestr(zipfile.ZipInfo(rel, EXPORTED.timetuple()[:6]),
                          text if isinstance(text, bytes) else textwrap.dedent(text).lstrip("\n"))
    return archive


def import_and_build(src: Path, dest: Path, capsys) -> tuple[Path, str]:
    """Import `src`, build the new site as `blogforge build` does: its public folder and the
    import's report; the build says nothing broken."""
    assert main(["import", "notion", str(src), str(dest)]) == 0
    report = capsys.readouterr().out
    result = build_site(BuildOptions(source=dest, output=dest / "public", now=NOW,
                                     use_cache=False))
    problems = [str(d) for d in result.diagnostics.items if d.level == "error"
                or "broken link" in d.message or "unknown" in d.message
                or "no such" in d.message]
    assert result.written and problems == [], problems
    return dest / "public", report


@pytest.fixture(autouse=True)
def shanghai(monkeypatch):
    """The writer's computer is in Shanghai, as their Notion's times are."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")


def test_a_notion_export_becomes_a_site_of_its_pages(tmp_path, capsys):
    write(tmp_path / "export", ENGLISH)
    public, report = import_and_build(tmp_path / "export", tmp_path / "site", capsys)

    page = (public / "posts/attention-is-all-you-need/index.html").read_text(encoding="utf-8")
    # the title is the page's `# Title` (not repeated in the body), its id in no URL
    assert '<h1 id="post-title">Attention Is All You Need</h1>' in page
    assert page.count("Attention Is All You Need</h1>") == 1
    assert not list(public.rglob("*1a2b3c4d*"))
    # the properties are its date, last edit and tags; `URL` is no address of the post's
    assert '<time datetime="2024-05-01T21:30:00+08:00">' in page
    assert '<time datetime="2024-05-03T10:12:00+08:00">' in page
    assert 'href="/tags/nlp/"' in page and 'href="/tags/transformer/"' in page
    assert "Status: Done" not in page and "Tags: nlp" not in page
    post = (tmp_path / "site/content/posts/attention-is-all-you-need/index.md").read_text(
        encoding="utf-8")
    assert 'notion:\n  Status: "Done"\n  URL: "https://arxiv.org/abs/1706.03762"\n' in post
    assert "\nurl:" not in post and "\n# Attention" not in post
    # callouts are blogforge's, by their emoji or icon; Notion's icons are gone
    assert page.count('class="callout callout-tip"') == 1
    assert page.count('class="callout callout-warning"') == 1
    assert "Replace recurrence with attention" in page and "💡" not in page
    assert "/icons/" not in page and "<aside>" not in page
    # the picture and the PDF are in the post's folder, linked there
    assert (public / "posts/attention-is-all-you-need/Untitled-1.png").read_bytes() == PNG
    assert 'src="Untitled-1.png"' in page
    assert (public / "posts/attention-is-all-you-need/paper-v2.pdf").is_file()
    assert 'href="paper-v2.pdf"' in page
    # formulas, the toggle and code as written (a link in code is no link)
    assert 'class="katex' in page and "<details>" in page
    assert "```html\n<!-- [not a link](Untitled.md) -->\n<aside>\n```" in post
    # links between pages lead to their posts: a sub-page, a notion.so address
    assert 'href="/posts/multi-head-attention/"' in page
    assert 'href="/posts/ml-papers/"' in page
    sub = (public / "posts/multi-head-attention/index.html").read_text(encoding="utf-8")
    assert 'href="/posts/attention-is-all-you-need/"' in sub

    # a database's rows are posts, the table's links lead to them; its other columns kept
    table = (public / "posts/ml-papers/index.html").read_text(encoding="utf-8")
    assert 'href="/posts/bert/"' in table and 'href="/posts/gpt-3/"' in table
    bert = (public / "posts/bert/index.html").read_text(encoding="utf-8")
    assert 'href="/posts/gpt-3/#in-context-learning"' in bert
    assert 'Venue: "NAACL"' in (tmp_path / "site/content/posts/bert.md").read_text(
        encoding="utf-8")
    # a row not started is a draft; the tag page lists the pages
    assert not (public / "posts/idea").exists()
    assert "draft: true" in (tmp_path / "site/content/posts/idea.md").read_text(
        encoding="utf-8")
    assert 'href="/posts/multi-head-attention/"' in (public / "tags/transformer/index.html"
                                                      ).read_text(encoding="utf-8")

    # nothing else is published: the CSVs, a picture no page shows
    assert not list((tmp_path / "site").rglob("*.csv")) and not list(public.rglob("stray*"))
    src = tmp_path / "export"
    assert "pages written as posts (6):\n" in report
    assert f"  {src}/{ROOT}/{PAGE}.md → content/posts/attention-is-all-you-need/index.md " \
        "(2 files beside it)\n" in report
    assert f"  {src}/{ROOT}/{DATABASE}/{IDEA}.md → content/posts/idea.md (a draft: `Status: " \
        "Not started`)\n" in report
    assert f"{src}/{ROOT}/{DATABASE}.csv: not published: a database's table" in report
    assert f"{src}/{ROOT}/{DATABASE}_all.csv: not published" in report
    assert f"{src}/{ROOT}/{PAGE}/stray.png: not published: no page links it" in report
    assert f"{src}/{ROOT}/{PAGE}.md:6: a page whose status is Not started, Draft" in report
    assert "any other status is published (Done, Reading here)" in report
    assert (src / ROOT / f"{PAGE}.md").read_text(encoding="utf-8").startswith(
        "# Attention Is All You Need\n")  # the export is untouched


CHINESE = {
    "注意力机制 0a1b2c3d4e5f60718293a4b5c6d7e8f9.md": """
        # 注意力机制

        标签: 机器学习, 笔记
        分类: 论文
        创建时间: 2024年5月1日 21:30
        最后编辑时间: 2024年5月3日 10:12
        状态: 已完成

        缩放点积注意力，见[草稿](%E8%8D%89%E7%A8%BF%201f2e3d4c5b6a70819283a4b5c6d7e8f9.md)。
        """,
    "草稿 1f2e3d4c5b6a70819283a4b5c6d7e8f9.md": """
        # 草稿

        创建时间: 2024年6月1日
        状态: 草稿

        还没写完。
        """,
}


def test_a_chinese_workspace_has_chinese_slugs_dates_and_terms(tmp_path, capsys):
    write(tmp_path / "export", CHINESE)
    public, report = import_and_build(tmp_path / "export", tmp_path / "site", capsys)
    page = (public / "posts/注意力机制/index.html").read_text(encoding="utf-8")
    assert '<h1 id="post-title">注意力机制</h1>' in page
    assert '<time datetime="2024-05-01T21:30:00+08:00">2024年5月1日</time>' in page
    assert '<time datetime="2024-05-03T10:12:00+08:00">' in page
    assert (public / "tags/机器学习/index.html").is_file()
    assert (public / "categories/论文/index.html").is_file()
    assert '<html lang="zh-CN"' in page
    # 状态: 草稿 is a draft, not published
    assert not (public / "posts/草稿").exists()
    draft = (tmp_path / "site/content/posts/草稿.md").read_text(encoding="utf-8")
    assert 'date: "2024-06-01"' in draft and "draft: true" in draft
    site_yaml = (tmp_path / "site/site.yaml").read_text(encoding="utf-8")
    assert 'timezone: "Asia/Shanghai"' in site_yaml and 'default_language: "zh"' in site_yaml
    assert "content/posts/草稿.md (a draft: `状态: 草稿`)" in report


def test_a_zip_and_a_zip_of_parts_import_as_the_folder_does(tmp_path, capsys):
    archive = zipped(ENGLISH, tmp_path / f"{ROOT}.zip")
    public, report = import_and_build(archive, tmp_path / "site", capsys)
    assert 'href="/posts/multi-head-attention/"' in (
        public / "posts/attention-is-all-you-need/index.html").read_text(encoding="utf-8")
    assert (public / "posts/attention-is-all-you-need/Untitled-1.png").is_file()
    # the report names a file inside the zip
    assert f"  {archive}/{ROOT}/{DATABASE}/{BERT}.md → content/posts/bert.md\n" in report

    # a large export: a zip holding Part-1 and Part-2, a page in one, its sub-page in the other
    names = sorted(ENGLISH)
    part1 = zipped({n: ENGLISH[n] for n in names[::2]}, tmp_path / f"{ROOT}-Part-1.zip")
    part2 = zipped({n: ENGLISH[n] for n in names[1::2]}, tmp_path / f"{ROOT}-Part-2.zip")
    outer = zipped({part1.name: part1.read_bytes(), part2.name: part2.read_bytes()},
                   tmp_path / "outer" / f"{ROOT}.zip")
    public, report = import_and_build(outer, tmp_path / "site2", capsys)
    page = (public / "posts/attention-is-all-you-need/index.html").read_text(encoding="utf-8")
    assert 'href="/posts/multi-head-attention/"' in page and 'href="/posts/ml-papers/"' in page
    assert (public / "posts/bert/index.html").is_file()
    assert f"{outer}/{ROOT}-Part-1.zip: extracted: a part of Notion's export" in report


def test_a_zip_whose_member_would_land_outside_is_refused(tmp_path, capsys):
    archive = zipped({f"{ROOT}/{PAGE}.md": "# A\n", "../evil.md": "# Evil\n"},
                     tmp_path / "in" / "export.zip")
    assert main(["import", "notion", str(archive), str(tmp_path / "site")]) == 1
    out, err = capsys.readouterr()
    assert err == (f"error: {archive}: member `../evil.md` would be extracted outside the "
                   "folder it is extracted into: refused, nothing imported (a Notion export "
                   "never holds one; was the zip made by hand?)\n") and out == ""
    assert not (tmp_path / "site").exists() and not (tmp_path / "evil.md").exists()
    # a zip of something else is said to be that zip, not where it was looked into
    other = zipped({"notes/a.md": "# A\n"}, tmp_path / "notes.zip")
    assert main(["import", "notion", str(other), str(tmp_path / "site")]) == 1
    assert capsys.readouterr().err == f"error: {other} holds no Notion page (`Page Title " \
        "<32 hex>.md`): not a Notion \"Markdown & CSV\" export\n"


@pytest.mark.parametrize(("kept", "why"), [
    # a download of the export cut short (its list of files, at a zip's end, missing) was
    # said to be "not a folder", as if no zip had been given
    (0.5, "it ends before the list of its files: a download cut short?"),
    # an empty one (a browser's file of a download that failed at its start) was told "(it
    # is no zip)", which leaves the writer to wonder what was given instead
    (0, "the file is empty: a download that failed?")], ids=["cut short", "empty"])
def test_a_zip_downloaded_in_part_is_said_to_be_so(tmp_path, capsys, kept, why):
    whole = zipped(ENGLISH, tmp_path / "whole" / f"{ROOT}.zip").read_bytes()
    archive = tmp_path / f"{ROOT}.zip"
    archive.write_bytes(whole[:int(len(whole) * kept)])
    assert main(["import", "notion", str(archive), str(tmp_path / "site")]) == 1
    out, err = capsys.readouterr()
    assert err == (f"error: {archive}: the zip cannot be read ({why}): download the export "
                   "again\n") and out == ""
    assert not (tmp_path / "site").exists()


def test_a_zip_bomb_is_refused_before_it_fills_the_disk(tmp_path, capsys):
    """A 2 MB zip unzipped into 2 GB, and 6.5 KB of Notion's parts into 3 GB, before the
    import looked at a page: refused whole, at the member, nothing imported."""
    page = f"{ROOT}/{PAGE}.md"
    bomb = tmp_path / "in" / "bomb.zip"
    bomb.parent.mkdir()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as made:
        made.writestr(page, "# A\n")
        made.writestr(f"{ROOT}/zeros.bin", bytes(8 << 20))
    part = bomb.read_bytes()
    parts = zipped({f"{ROOT}-Part-1.zip": part, f"{ROOT}-Part-2.zip": part},
                   tmp_path / "in" / "parts.zip")
    for archive, shown in ((bomb, bomb), (parts, f"{parts}/{ROOT}-Part-1.zip")):
        assert main(["import", "notion", str(archive), str(tmp_path / "site")]) == 1
        out, err = capsys.readouterr()
        assert err == (f"error: {shown}: member `{ROOT}/zeros.bin` is 0.0 MB zipped and 8.0 MB "
                       "unzipped, compressed more than 100 times, as no Notion export is: "
                       "refused, nothing imported (a zip bomb?)\n") and out == ""
        assert not (tmp_path / "site").exists()
    # more than the export may unzip into in all (pictures, hardly compressed): said with
    # the option that raises the limit
    pictures = zipped({page: "# A\n", f"{ROOT}/a.png": PNG + os.urandom(3 << 20)},
                      tmp_path / "in" / "pictures.zip")
    assert main(["import", "notion", str(pictures), str(tmp_path / "site"),
                 "--unzipped-limit", "0.002"]) == 1
    assert capsys.readouterr().err == (
        f"error: {pictures}: refused, nothing imported: it would unzip into more than 2.0 MB, "
        "more than a Notion export holds (a zip bomb?); if it really is that large, give "
        "`blogforge import notion --unzipped-limit GB` more\n")
    assert main(["import", "notion", str(pictures), str(tmp_path / "site")]) == 0
    assert (tmp_path / "site/content/posts").is_dir()


def test_other_imports_of_a_notion_export_name_the_notion_import(tmp_path, capsys):
    write(tmp_path / "export", {f"{ROOT}/{BERT}.md": "# BERT\n"})
    archive = zipped({f"{ROOT}/{BERT}.md": "# BERT\n"}, tmp_path / "export.zip")
    hint = " (it looks like a Notion export: `blogforge import notion`)\n"
    assert main(["import", "hexo", str(tmp_path / "export"), str(tmp_path / "site")]) == 1
    assert capsys.readouterr().err == f"error: {tmp_path / 'export'} has no _config.yml: " \
        f"not a Hexo site{hint}"
    assert main(["import", "hugo", str(archive), str(tmp_path / "site")]) == 1
    assert capsys.readouterr().err == f"error: {archive} is not a folder{hint}"
    # and a blog that had an export dropped into it is not the export
    write(tmp_path / "blog", {"site.yaml": "title: B\n", f"content/posts/{ROOT}/{BERT}.md":
                              "# BERT\n"})
    assert main(["import", "notion", str(tmp_path / "blog"), str(tmp_path / "site")]) == 1
    assert f"the Notion pages in it are in {tmp_path}/blog/content/posts/{ROOT}: import that " \
        "folder" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_what_only_looks_like_properties_stays_the_pages_text(tmp_path, capsys):
    write(tmp_path / "export", {
        "Note 5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d.md": """
            # Note

            Remember: the first paragraph is text.

            <aside>
            📚 Reading list, said with my own icon.
            </aside>
            """,
        "Row 6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e.md": """
            # Row

            Date: May 1, 2024 9:30 PM (GMT+2)
            Link: https://example.org/row

            Text.
            """,
    })
    write(tmp_path / "export", {f"Untitled {n}123456789abcdef0123456789abcdef.md":
                                f"# Untitled\n\nCreated: May {n}, 2024\n\nPage {n}.\n"
                                for n in (1, 2)})
    public, _ = import_and_build(tmp_path / "export", tmp_path / "site", capsys)
    # two pages of one title are two posts
    assert "Page 1." in (public / "posts/untitled/index.html").read_text(encoding="utf-8")
    assert "Page 2." in (public / "posts/untitled-2/index.html").read_text(encoding="utf-8")
    note = (public / "posts/note/index.html").read_text(encoding="utf-8")
    assert "Remember: the first paragraph is text." in note
    # an emoji that says no kind stays, in a note
    assert 'class="callout callout-note"' in note and "📚 Reading list" in note
    # Notion's zone after a time is the date's
    row = (public / "posts/row/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2024-05-01T21:30:00+02:00">' in row


def test_links_the_import_cannot_follow_are_reported_at_their_line(tmp_path, capsys):
    write(tmp_path / "export", {"Row 6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e.md": """
        # Row

        Created: May 1, 2024

        [gone](Gone%20abcdefabcdefabcdefabcdefabcdefab.md)
        [elsewhere](https://www.notion.so/Elsewhere-0123456789abcdef0123456789abcdef)
        ![fig](https://prod-files-secure.s3.us-west-2.amazonaws.com/a1/b2/fig.png?X-Amz-Expires=3600)
        """})
    assert main(["import", "notion", str(tmp_path / "export"), str(tmp_path / "site")]) == 0
    report = capsys.readouterr().out
    page = f"{tmp_path}/export/Row 6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e.md"
    assert f"{page}:5: link to `Gone abcdefabcdefabcdefabcdefabcdefab.md`: no such file in " \
        "the export, left as written\n" in report
    assert f"{page}:6: link to `https://www.notion.so/Elsewhere-0123456789abcdef0123456789abcdef`" \
        ": a Notion page not in the export, left leading to Notion\n" in report
    assert f"{page}:7: `https://prod-files-secure.s3.us-west-2.amazonaws.com/a1/b2/fig.png`: a " \
        "file at Notion's storage, whose signed address stops working within hours: download " \
        "it beside the post and link it there\n" in report


def test_a_date_the_writer_set_wins_and_an_unticked_published_box_holds_back(tmp_path,
                                                                             capsys):
    write(tmp_path / "export", {
        "A 0123456789abcdef0123456789abcdef.md": """
            # A

            Created: May 1, 2024 9:30 PM
            Date: April 2, 2024
            Published: Yes

            A.
            """,
        "B 1123456789abcdef0123456789abcdef.md": """
            # B

            Date: April 3, 2024
            Published: No

            B.
            """})
    public, report = import_and_build(tmp_path / "export", tmp_path / "site", capsys)
    assert '<time datetime="2024-04-02T00:00:00+08:00">' in (
        public / "posts/a/index.html").read_text(encoding="utf-8")
    assert 'notion:\n  Created: "May 1, 2024 9:30 PM"\n' in (
        tmp_path / "site/content/posts/a.md").read_text(encoding="utf-8")
    assert not (public / "posts/b").exists()
    assert "content/posts/b.md (a draft: `Published: No`)" in report


def test_a_zip_made_without_the_utf8_flag_keeps_its_chinese_names(tmp_path, capsys):
    # Windows' "Send to → Compressed folder" writes names in the system's encoding, without
    # the flag that says UTF-8: Python reads them as CP437, `注意力…` as `µ│¿…`
    name = "笔记 0a1b2c3d4e5f60718293a4b5c6d7e8f9"
    placeholder = "x" * len(f"{name}.md".encode())
    archive = zipped({placeholder: "# 笔记\n\n创建时间: 2024年5月1日\n\n"
                      "![图](%E7%AC%94%E8%AE%B0%200a1b2c3d4e5f60718293a4b5c6d7e8f9/%E5%9B%BE.png)\n",
                      "y" * len(f"{name}/图.png".encode()): PNG}, tmp_path / "export.zip")
    raw = archive.read_bytes().replace(placeholder.encode(), f"{name}.md".encode()).replace(
        b"y" * len(f"{name}/图.png".encode()), f"{name}/图.png".encode())
    archive.write_bytes(raw)
    assert all(not info.flag_bits & 0x800 for info in zipfile.ZipFile(archive).infolist())
    public, _ = import_and_build(archive, tmp_path / "site", capsys)
    assert (public / "posts/笔记/图.png").is_file()
    assert 'src="%E5%9B%BE.png" alt="图"' in (public / "posts/笔记/index.html").read_text(
        encoding="utf-8")


def test_an_export_dropped_into_content_is_said_and_its_archive_and_tables_kept_back(site):
    """helper-150: a writer who copied Notion's export (and its zip) into content/posts/ had
    the whole workspace's zip and the databases' CSVs published beside the posts, with no
    word, and the pages published with their ids in the URLs."""
    from conftest import messages
    site.post("other.md", "Other")
    site.write(f"content/posts/{ROOT}.zip", raw=b"PK\x05\x06" + b"\0" * 18)
    site.write(f"content/posts/{DATABASE}.csv", "Name,Tags\nBERT,nlp\n")
    site.write(f"content/posts/{DATABASE}_all.csv", "Name,Tags\nBERT,nlp\n")
    site.write(f"content/posts/{PAGE}.md", "# Attention Is All You Need\n\nTags: nlp\n\nText.\n")
    result = site.build()
    assert result.written
    published = {path.name for path in site.output.rglob("*") if path.is_file()}
    assert not published & {f"{ROOT}.zip", f"{DATABASE}.csv", f"{DATABASE}_all.csv"}
    said = messages(result)
    assert f"content/posts/{ROOT}.zip: warning: not published: part of a Notion export (its " \
           "archive or a database's table holds every page and property of it); `blogforge " \
           "import notion` reads an export" in said
    assert any(m.startswith(f"content/posts/{PAGE}.md: warning: a page of a Notion export, "
                            "published as it came") for m in said)


def test_a_csv_named_like_a_notion_table_outside_an_export_is_published(site):
    """helper-154: a writer's own `md5 <32 hex>.csv` (no Notion page or database folder
    beside it) was held back as part of a Notion export."""
    site.post("other.md", "Other")
    site.write("content/posts/md5 d41d8cd98f00b204e9800998ecf8427e.csv", "a,b\n1,2\n")
    result = site.build()
    assert result.written
    assert site.exists("posts/md5 d41d8cd98f00b204e9800998ecf8427e.csv")


def test_a_database_table_without_a_folder_is_still_held_back(site):
    """helper-156: a database whose rows have no text (a reading list) is exported as its two
    CSVs alone, and they were published again once the hold-back asked for a folder."""
    site.post("other.md", "Other")
    for name in (f"{DATABASE}.csv", f"{DATABASE}_all.csv"):
        site.write(f"content/notes/{name}", "Name,Status\nBERT,Done\n")
    assert site.build().written
    assert not site.exists(f"notes/{DATABASE}.csv") and not site.exists(f"notes/{DATABASE}_all.csv")

"""Jupyter notebooks as posts: what a reader sees of one, and what its writer is told."""

from __future__ import annotations

import base64
import json
import re
import struct
import time
import zlib
from pathlib import Path
from xml.etree import ElementTree

import html5lib
from conftest import NOW, Site, messages

from blogforge.content import notebooks
from blogforge.content.notebooks import convert
from blogforge.diagnostics import Diagnostics
from blogforge.livereload.watch import SourceFiles
from blogforge.output import MARKER
from blogforge.site import BuildOptions
from blogforge.site import Site as Engine


def png(width: int = 2, height: int = 2, red: int = 255) -> bytes:
    """A real PNG of one colour."""
    rows = b"".join(b"\x00" + bytes([red, 0, 0]) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def markdown(source: str | list[str], **extra: object) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": source, **extra}


def raw(source: str) -> dict:
    return {"cell_type": "raw", "metadata": {}, "source": source}


def code(source: str | list[str], outputs: list | None = None, tags: list[str] | None = None
         ) -> dict:
    return {"cell_type": "code", "execution_count": 1, "source": source,
            "metadata": {"tags": tags} if tags else {}, "outputs": outputs or []}


def stream(text: str | list[str], name: str = "stdout") -> dict:
    return {"output_type": "stream", "name": name, "text": text}


def result(data: dict, metadata: dict | None = None) -> dict:
    return {"output_type": "execute_result", "execution_count": 1, "data": data,
            "metadata": metadata or {}}


def display(data: dict, metadata: dict | None = None) -> dict:
    return {"output_type": "display_data", "data": data, "metadata": metadata or {}}


def notebook(*cells: dict, **metadata: object) -> str:
    meta = {"kernelspec": {"name": "python3", "language": "python", "display_name": "Py"},
            **metadata}
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": meta,
                       "cells": list(cells)}, ensure_ascii=False, indent=1)


def front(title: str, date: str = "2024-05-01", **keys: str) -> dict:
    lines = [f"title: {title}", f"date: {date}", *(f"{k}: {v}" for k, v in keys.items())]
    return raw("---\n" + "\n".join(lines) + "\n---\n")


def small_site(site: Site) -> None:
    site.write("site.yaml", """
        title: Test
        base_url: https://example.org/blog/
        languages:
          zh: {title: 测试}
          en: {title: Test}
        """)


FIGURE = png(4, 3)
TRACEBACK = ["\x1b[0;31m---------------------------------------------------------------\x1b[0m",
             "\x1b[0;31mZeroDivisionError\x1b[0m                Traceback (most recent call last)",
             "Cell \x1b[0;32mIn[3], line 1\x1b[0m\n\x1b[0;32m----> 1\x1b[0m \x1b[38;5;241m1\x1b[39m"
             "\x1b[38;5;241m/\x1b[39m\x1b[38;5;241m0\x1b[39m",
             "\x1b[0;31mZeroDivisionError\x1b[0m: division by zero"]
DATAFRAME = ('<div>\n<style scoped>\n    .dataframe tbody tr th { vertical-align: top; }\n'
             '</style>\n<table border="1" class="dataframe">\n  <thead>\n    <tr><th></th>'
             '<th>loss</th></tr>\n  </thead>\n\n  <tbody>\n    <tr><th>0</th><td>0.25</td></tr>'
             '\n  </tbody>\n</table>\n</div><script>stealCookies()</script>'
             '<img src="x.png" onerror="stealMore()">')


def experiment() -> str:
    return notebook(
        front("注意力实验", tags="[ml, attention]"),
        markdown(["## 动机\n", "\n", "缩放点积注意力 $\\mathrm{softmax}(QK^T/\\sqrt{d})V$。"]),
        code(["import numpy as np\n", "print('loss', 0.25)"], [
            stream(["loss 0.25\n"]),
            stream("warning: slow\n", "stderr"),
            display({"image/png": b64(FIGURE), "text/plain": ["<Figure size 640x480>"]}),
            result({"text/html": DATAFRAME, "text/plain": "   loss\n0  0.25"}),
        ]),
        code("1/0", [{"output_type": "error", "ename": "ZeroDivisionError",
                      "evalue": "division by zero", "traceback": TRACEBACK}]),
        code("x", [result({"text/latex": "$\\displaystyle x^{2}$", "text/plain": "x**2"})]),
    )


def test_a_notebook_is_a_post_with_its_code_outputs_pictures_and_math(site):
    small_site(site)
    site.write("content/posts/attention.ipynb", experiment())
    built = site.build()
    assert built.written, messages(built)
    assert messages(built, "error") == []
    page = site.read("posts/attention/")
    assert "<title>注意力实验" in page
    # the code, highlighted in the kernel's language
    assert '<div class="code-block code-short" data-lang="python">' in page
    assert '<span class="kn">import</span>' in page
    # each output after its cell, in a block of its own; stderr said so
    stdout = page.index('class="nb-output nb-stdout"')
    assert page.index("import</span>") < stdout < page.index("loss 0.25")
    assert re.search(r'nb-stderr">\s*<div class="code-block code-short" data-lang="output">'
                     r'<div class="code-head"><span class="code-title">stderr</span>', page)
    # the picture a file beside the page, named by its bytes, sized; no data: URL
    name = re.search(r'<img src="(nb-[0-9a-f]{16}\.png)" alt="" width="4" height="3"',
                     page).group(1)
    assert (site.output / "posts/attention" / name).read_bytes() == FIGURE
    assert "data:image" not in page
    # the DataFrame a table, without its script, style or event handler
    assert '<table class="dataframe">' in page and "<td>0.25</td>" in page
    assert "steal" not in page and "<style scoped" not in page
    assert '<img src="x.png" loading="lazy"' in page  # (its event handler gone)
    # the traceback without its terminal colours
    assert re.search(r'nb-error">\s*<div class="code-block code-short" data-lang="output">', page)
    assert "ZeroDivisionError: division by zero" in page and "\x1b" not in page
    assert "[0;31m" not in page
    # the text's formula and a LaTeX result rendered
    assert page.count('<span class="katex" translate="no">') >= 2
    assert "<annotation encoding=\"application/x-tex\">\\displaystyle x^{2}" in page
    # listed, in the feed, under its tags
    assert "/blog/posts/attention/" in site.read("")
    assert "注意力实验" in (site.output / "atom.xml").read_text(encoding="utf-8")
    assert "/blog/posts/attention/" in site.read("tags/attention/")
    # (the notebook itself is not published as a file any more: it is the post)
    assert not site.exists("posts/attention.ipynb")


def test_hidden_cells_inputs_and_outputs_are_left_out(site):
    small_site(site)
    site.write("content/posts/hidden.ipynb", notebook(
        front("Hidden"),
        code("secret_cell()", [stream("secret cell output\n")], tags=["remove-cell"]),
        code("secret_input()", [stream("shown output one\n")], tags=["remove-input"]),
        code("shown_input_two()", [stream("secret output two\n")], tags=["remove-output"]),
        code("#| echo: false\nsecret_echo()", [stream("shown output three\n")]),
        code("#| output: false\nshown_input_four()", [stream("secret output four\n")]),
        code("#| include: false\nsecret_include()", [stream("secret output five\n")]),
        code("folded_input()", [stream("shown output six\n")], tags=["hide-input"]),
        # (nbconvert's spelling)
        code("SECRET_TOKEN = 'x'", [stream("secret output seven\n")], tags=["remove_cell"]),
        code("secret_input_eight()", [stream("shown output eight\n")], tags=["remove_input"]),
        code("shown_input_nine()", [stream("secret output nine\n")], tags=["remove_output"]),
        code("folded_input_ten()", [stream("shown output ten\n")], tags=["hide_input"]),
    ))
    built = site.build()
    assert built.written, messages(built)
    page = site.read("posts/hidden/")
    assert "secret" not in page
    for shown in ("shown output one", "shown_input_two", "shown output three",
                  "shown_input_four", "shown output six", "shown output eight",
                  "shown_input_nine", "shown output ten"):
        assert shown in page
    assert "#|" not in page
    # `hide-input`: the code folded, in a <details> saying (in the post's language) what it holds
    assert re.search(r'<details class="nb-fold">\s*<summary data-nb-label>代码</summary>\s*'
                     r'<div class="code-block code-short" data-lang="python">.*?folded_input',
                     page, re.S)
    assert re.search(r'<summary data-nb-label>代码</summary>\s*'
                     r'<div class="code-block code-short" data-lang="python">'
                     r'(?:(?!</details>).)*folded_input_ten',
                     page, re.S)


def test_a_broken_notebook_is_said_by_file_and_cell(site):
    small_site(site)
    site.post("ok.md", "OK")
    site.write("content/posts/pictures.ipynb", notebook(
        front("Pictures"),
        code("plot()", [display({"image/png": "this is not base64!"})]),
        {"cell_type": "markdown", "metadata": {}},
        markdown("```nosuchlanguage\nx\n```"),
    ))
    built = site.build()
    assert built.written, messages(built)  # (warnings: the post is published without them)
    said = messages(built)
    assert "content/posts/pictures.ipynb: warning: cell 2: the image/png of an output is not " \
           "a picture (broken base64 data): left out" in said
    assert any(m.startswith("content/posts/pictures.ipynb: warning: cell 3: it has no "
                            "`source`") for m in said)
    # a problem the Markdown stage finds is said at the cell, not at a line of no file
    assert any(m.startswith("content/posts/pictures.ipynb: warning: cell 4: unknown code "
                            "language `nosuchlanguage`") for m in said), said

    site.write("content/posts/broken.ipynb", '{"cells": [\n  {"cell_type": "markdown",,}\n]}')
    site.write("content/posts/old.ipynb", json.dumps({"nbformat": 3, "worksheets": []}))
    built = site.build()
    assert not built.written
    errors = messages(built, "error")
    assert any(m.startswith("content/posts/broken.ipynb:2: error: not a notebook: its JSON is "
                            "broken here") for m in errors), errors
    assert any(m.startswith("content/posts/old.ipynb: error: a notebook of nbformat 3") and
               "nbconvert --to notebook --nbformat 4" in m for m in errors), errors
    # a draft's breakage holds it back and stops nothing, as a Markdown draft's
    (site.root / "content/posts/old.ipynb").unlink()
    site.write("content/posts/broken.ipynb", notebook(raw("---\ntitle: [\ndraft: true\n---")))
    built = site.build()
    assert not built.written  # (the front matter cannot be read: it is not known a draft)
    assert any(m.startswith("content/posts/broken.ipynb: error: cell 1: ")
               for m in messages(built, "error")), messages(built)


def test_a_long_output_is_cut_with_a_note_in_the_posts_language(site):
    small_site(site)
    lines = [f"step {n}\n" for n in range(50_000)]
    site.write("content/posts/train.ipynb", notebook(
        front("训练日志"), markdown("训练五万步，看看损失的变化。"),
        code("train()", [stream(lines)])))
    built = site.build()
    assert built.written, messages(built)
    page = site.read("posts/train/")
    assert "step 0\n" in page and "step 299\n" in page and "step 49999\n" in page
    assert "step 300\n" not in page and "step 25000\n" not in page
    assert "⋯ 省略 49,600 行（输出超过 500 行时只显示前 300 行和后 100 行）⋯" in page
    # its fold button says what unfolding shows: the lines kept, not "all" of them
    assert re.search(r'<button class="code-unfold"[^>]*>展开保留的 400 行</button>', page)
    assert "展开全部" not in page and messages(built) == []
    assert len(page) < 100_000


def test_names_bundles_languages_and_translations_follow_the_rules_of_posts(site):
    small_site(site)
    dated = raw("---\ndate: 2024-05-01\n---")
    site.write("content/posts/ml/lora.ipynb", notebook(
        dated, markdown("# LoRA 笔记\n\n低秩分解的实验。更多见 [英文版](lora.en.ipynb)。"),
        code("print(1)", [stream("1\n")])))
    site.write("content/posts/ml/lora.en.ipynb", notebook(
        dated, markdown("Experiments with low-rank adapters, in English."), title="LoRA notes"))
    site.write("content/posts/vae/index.ipynb", notebook(
        front("VAE"), markdown(["![架构](arch.png)\n", "\n", "![粘贴](attachment:image.png)"],
                               attachments={"image.png": {"image/png": b64(png(3, 1))}})))
    site.write("content/posts/vae/arch.png", raw=png(1, 1))
    site.post("note/index.md", "Note", body="[下载](demo.ipynb)")
    site.write("content/posts/note/demo.ipynb", notebook(markdown("not a post")))
    site.write("content/files/demo.ipynb", notebook(markdown("not a post either")))
    built = site.build()
    assert built.written, messages(built)
    assert messages(built, "error") == []
    # the title: the first `#` heading, taken off the body; else the notebook's metadata
    zh = site.read("posts/ml/lora/")
    assert "<title>LoRA 笔记" in zh and "<h1" in zh
    en = site.read("en/posts/ml/lora/")
    assert "<title>LoRA notes" in en and '<html lang="en"' in en
    # translations of each other by their names; a link to a notebook leads to its page
    assert 'hreflang="en" href="https://example.org/blog/en/posts/ml/lora/"' in zh
    assert '<a href="/blog/en/posts/ml/lora/">英文版</a>' in zh
    # a bundle: its own files beside the page, a pasted picture a file too
    vae = site.read("posts/vae/")
    assert '<img src="arch.png"' in vae and site.exists("posts/vae/arch.png")
    pasted = re.search(r'<img src="(nb-[0-9a-f]{16}\.png)" alt="粘贴" width="3" height="1"',
                       vae).group(1)
    assert (site.output / "posts/vae" / pasted).read_bytes() == png(3, 1)
    # a notebook beside a Markdown post's index.md, or outside posts/, is a file to download
    assert site.exists("posts/note/demo.ipynb") and site.exists("files/demo.ipynb")
    assert not site.exists("posts/note/demo/") and not site.exists("files/demo/")


def tree(folder: Path) -> dict[str, bytes | None]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None
            for p in sorted(folder.rglob("*")) if p.name != MARKER}


def test_an_edited_notebook_builds_again_as_a_clean_build_would(site, tmp_path):
    small_site(site)
    site.post("other.md", "Other")
    path = site.write("content/posts/run.ipynb", experiment())
    watched = SourceFiles(site.root)
    preview = Engine(BuildOptions(site.root, site.output, now=NOW, in_place=True, jobs=1))
    built = preview.build()
    assert built.written, messages(built)
    old_picture = re.search(r'src="(nb-[0-9a-f]+\.png)"', site.read("posts/run/")).group(1)

    time.sleep(0.01)
    edited = experiment().replace(b64(FIGURE), b64(png(5, 5, red=9))).replace(
        "loss 0.25", "loss 0.125")
    path.write_text(edited, encoding="utf-8")
    assert watched.changed([path]) == {path.resolve()}  # (the preview's watcher sees it)
    # (its pictures are files: the full build)
    assert preview.render_post(path, Diagnostics()) is None
    built = preview.build()
    assert built.written, messages(built)
    page = site.read("posts/run/")
    assert "loss 0.125" in page
    assert not site.exists(f"posts/run/{old_picture}")

    clean = tmp_path / "clean"
    done = Engine(BuildOptions(site.root, clean, now=NOW, use_cache=False, jobs=1)).build()
    assert done.written, messages(done)
    assert tree(site.output) == tree(clean)
    # and a cached build of the same notebook again
    cached = tmp_path / "cached"
    for _ in range(2):
        again = Engine(BuildOptions(site.root, cached, now=NOW, jobs=1)).build()
        assert again.written or again.changed_files == []
    assert tree(cached) == tree(clean)


def converted(monkeypatch) -> list[str]:
    """The notebooks made into Markdown from now on (their JSON)."""
    made: list[str] = []
    real = notebooks.convert
    monkeypatch.setattr(notebooks, "convert", lambda text: made.append(text) or real(text))
    return made


def test_an_unchanged_notebook_is_not_made_again_and_its_pictures_stay(site, tmp_path,
                                                                       monkeypatch):
    """A build after an edit of another post made every notebook again, only to publish its
    pictures: a blog of notebooks paid for all of them on every save."""
    small_site(site)
    site.post("other.md", "Other")
    site.write("content/posts/run.ipynb", experiment())
    for in_place in (False, True):  # (`blogforge build`, and the preview of `serve`)
        output = tmp_path / f"out-{in_place}"
        builder = Engine(BuildOptions(site.root, output, now=NOW, in_place=in_place, jobs=1))
        assert builder.build().written
        picture = re.search(r'src="(nb-[0-9a-f]+\.png)"',
                            (output / "posts/run/index.html").read_text()).group(1)
        made = converted(monkeypatch)
        site.post("other.md", "Other", body=f"Edited {in_place}.")
        built = builder.build()
        assert built.written, messages(built)
        assert (output / "posts/run" / picture).read_bytes() == FIGURE
        again = builder.build()  # (nothing changed: the messages said again)
        assert again.changed_files == []
        for said in (built, again):  # (its warning by cell, as the first build said it)
            assert "content/posts/run.ipynb: warning: cell 3: an image without alt text" \
                in " ".join(messages(said)), messages(said)
        assert made == []
        # a picture gone from the output (deleted by hand) is made again
        (output / "posts/run" / picture).unlink()
        site.post("other.md", "Other", body=f"Edited again {in_place}.")
        assert builder.build().written
        assert len(made) == 1 and (output / "posts/run" / picture).read_bytes() == FIGURE
        monkeypatch.undo()
        clean = tmp_path / f"clean-{in_place}"
        done = Engine(BuildOptions(site.root, clean, now=NOW, use_cache=False, jobs=1)).build()
        assert done.written, messages(done)
        assert tree(output) == tree(clean)


def card_of(home: str, url: str) -> str:
    """The excerpt of the card linking to `url` on a listing page."""
    at = home.index(f'href="{url}"')
    return re.search(r'<p class="excerpt"[^>]*>(.*?)</p>', home[at:], re.S).group(1)


def text_of_card(excerpt: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", excerpt)).strip()


def test_a_run_of_code_cells_and_their_outputs_is_one_placeholder_and_fold_labels_no_text(site):
    small_site(site)
    site.write("content/posts/run.ipynb", notebook(
        front("摘要"), markdown("第一段正文。"),
        *[code(f"print({n})", [stream(f"{n}\n")]) for n in range(4)],
        code("x = 1", [stream("1\n")], tags=["hide-input"]),
        code("#| code-fold: true\ndf", [result({"text/html": DATAFRAME, "text/plain": "df"})]),
        code("plot()", [display({"image/png": b64(FIGURE), "text/plain": "<Figure>"})]),
        markdown("第二段正文。"),
        code("y = 2", [stream("2\n")], tags=["hide-output"])))
    # (a Markdown post's code and figure, and its own <details>' summary, are as they were)
    site.post("md.md", "Markdown", body="正文。\n\n```python\nx = 1\n```\n\n![图](a.png)\n\n"
              "<details><summary>证明</summary>\n\n略。\n\n</details>\n\n尾声。")
    built = site.build()
    assert built.written, messages(built)
    home = site.read("")
    cards = {url: text_of_card(card_of(home, f"/blog/posts/{url}/")) for url in ("run", "md")}
    assert cards == {"run": "第一段正文。 [代码] 第二段正文。 [代码]",
                     "md": "正文。 [代码] [图] 证明 尾声。"}
    page = site.read("posts/run/")
    assert '<meta name="description" content="第一段正文。 第二段正文。">' in page
    # the folds' labels are shown, in the post's language, and are no text of it
    assert re.search(r"<summary data-nb-label>代码</summary>", page)
    assert re.search(r"<summary data-nb-label>输出</summary>", page)
    docs = [json.loads(p.read_text(encoding="utf-8"))
            for p in (site.output / "search-index/d").glob("*.json")]
    searched = next(doc["text"] for doc in docs if doc["url"].endswith("/posts/run/"))
    assert "代码" not in searched and "输出" not in searched and "第二段正文" in searched
    assert "loss" in searched  # (the table's words are searched, though no card shows them)


def test_what_the_converter_writes_does_not_make_a_chinese_notebook_english(site):
    small_site(site)
    figure = display({"image/png": b64(FIGURE), "text/plain": "<Figure>"})
    site.write("content/posts/figs.ipynb", notebook(
        front("损失曲线"), *[code(f"plt.plot(l[{n}])", [figure]) for n in range(3)],
        code("x", [stream("1\n")], tags=["hide-output"]), code("y", tags=["hide-input"]),
        code("train()", [stream([f"{n}\n" for n in range(600)])])))
    built = site.build()
    assert built.written, messages(built)
    assert not any("looks like" in m for m in messages(built)), messages(built)
    assert '<html lang="zh' in site.read("posts/figs/")  # (in the default language, not /en/)
    assert not site.exists("en/posts/figs/")


BADGE = markdown('<a href="https://colab.research.google.com/github/u/r/blob/main/x.ipynb">'
                 '<img src="https://colab.research.google.com/assets/colab-badge.svg" '
                 'alt="Open In Colab"/></a>')


def test_front_matter_below_a_badge_cell_is_read_and_not_shown(site):
    small_site(site)
    site.write("content/posts/badge.ipynb", notebook(
        BADGE, raw("---\ntitle: 徽章之后\ndate: 2024-05-01\ntags: [colab]\n---"),
        markdown("正文。"), code("x = 1")))
    site.write("content/posts/md-cell.ipynb", notebook(
        BADGE, markdown("---\n---\n\n分隔线之间的正文。"),
        markdown("---\ntitle: Markdown 单元格里的\ndate: 2024-05-02\n---\n"), markdown("正文。")))
    site.write("content/posts/late.ipynb", notebook(
        markdown("# 标题在这里\n\n正文。"), code("x = 1"),
        raw("---\ntitle: 太晚了\ndate: 2024-05-03\n---")))
    site.write("content/posts/broken.ipynb", notebook(BADGE, raw("---\ntitle: [\n---")))
    built = site.build()
    said = messages(built)
    assert any(m.startswith("content/posts/broken.ipynb: error: cell 2: ") for m in said), said
    site.write("content/posts/broken.ipynb", notebook(
        BADGE, raw("---\ntitle: 修好了\ndate: 2024-05-04\n---")))
    built = site.build()
    assert built.written, messages(built)
    said = messages(built)
    assert not any("badge.ipynb" in m or "md-cell.ipynb" in m for m in said), said
    page = site.read("posts/badge/")
    assert "<title>徽章之后" in page and "colab-badge.svg" in page and "正文。" in page
    assert "<h2" not in page and "title:" not in page
    assert "/blog/posts/badge/" in site.read("tags/colab/")
    page = site.read("posts/md-cell/")
    assert "<title>Markdown 单元格里的" in page and "分隔线之间的正文" in page
    assert "content/posts/late.ipynb: warning: cell 3: a front matter block after a code cell " \
           "(cell 2) is not read, nor shown: move it above the first code cell (Quarto reads " \
           "it in the first cell)" in said
    made = convert((site.root / "content/posts/late.ipynb").read_text(encoding="utf-8"))
    assert made.text.startswith("---\n---\n\n# 标题在这里") and "太晚了" not in made.text


def test_markdown_and_latex_outputs_are_cleaned_as_html_outputs_are(site):
    small_site(site)
    site.write("content/posts/shown.ipynb", notebook(
        front("输出里的脚本"),
        code("display(Markdown(s))", [display({
            "text/markdown": "<script>alert(1)</script><img src=x onerror=alert(2)>**md** "
                             '<a href="javascript:alert(3)">链接</a> `<script>` 公式 $a < b$',
            "text/plain": "<Markdown>"})]),
        code("display(Latex(s))", [display({
            "text/latex": "$x^2$<script>alert(4)</script><<script></script>img src=y "
                          "onerror=alert(5)>",
            "text/plain": "<Latex>"})]),
        markdown('作者自己的 <span class="mark" onclick="toggle()">HTML</span>。')))
    built = site.build()
    assert built.written, messages(built)
    page = site.read("posts/shown/")
    start = page.index('class="nb-output nb-markdown"')
    body = page[start:page.index("作者自己的", start)]
    assert "<script" not in body and not re.search(r"<[^>]*onerror", body)
    assert "&lt; img src=y onerror=alert(5)&gt;" in body  # (text put together: no tag)
    assert "alert(1)" not in body and "javascript:" not in body
    assert "<strong>md</strong>" in body and "链接" in body and "x^2" in body
    assert "公式" in body and "a &lt; b</annotation>" in body  # (after a `<script>` as code)
    assert '<img src="x"' in body and "<img src=\"y\"" not in body
    # (a program's output is cleaned; the writer's own cells are Markdown, as a post is)
    assert '<span class="mark" onclick="toggle()">HTML</span>' in page


# HTML outputs that ran a script past the cleaner, each in Chromium (a dialog)
SCRIPTED_OUTPUTS = [
    # the browser reads a textarea's content as text to `</textarea`, in an attribute too
    "<textarea><img title=\"</textarea><img src=x onerror=alert('N3')>\"></textarea>",
    "<div><img alt=\"</noscript><img src=x onerror=alert('N4')>\"></div>",
    # an SVG animation sets a link's URL
    "<svg width=\"100\" height=\"40\"><a><animate attributeName=\"href\" "
    "values=\"javascript:alert('N1')\"/><text x=\"5\" y=\"20\">clickN1</text></a></svg>",
    "<svg><a><set attributeName=\"xlink:href\" to=\"javascript:alert('N7')\"/>"
    "<text>n7</text></a></svg>",
    "<div title=\"a&#x22; onmouseover=alert('N5')\">t</div>",
    "<svg><foreignObject><a href=\"jav&#x61;script:alert('N6')\">n6</a></foreignObject></svg>",
    "<math><mi href=\" java\tscript:alert('N8')\">n8</mi></math>",
]


def runs_something(element) -> list[str]:
    """What in a tree html5lib read, as a browser does, would run a script: its scripts,
    event handlers, animations, `javascript:` URLs."""
    found = []
    for inner in element.iter():
        name = str(inner.tag).rpartition("}")[2].lower()
        if name in ("script", "iframe", "animate", "set", "animatemotion", "animatetransform"):
            found.append(name)
        for attribute, value in inner.attrib.items():
            attribute = attribute.rpartition("}")[2].lower()
            plain = re.sub(r"[\x00-\x20]", "", value).lower()
            if attribute.startswith("on") or plain.startswith(("javascript:", "vbscript:")):
                found.append(f"{name} {attribute}={value}")
    return found


def test_no_html_output_runs_a_script_however_it_is_written(site):
    small_site(site)
    site.write("content/posts/outputs.ipynb", notebook(
        front("输出里的脚本"),
        *(code(f"HTML(s{number})", [display({"text/html": written, "text/plain": "<HTML>"})])
          for number, written in enumerate(SCRIPTED_OUTPUTS)),
        markdown("正文。")))
    built = site.build()
    assert built.written, messages(built)
    tree = html5lib.parse(site.read("posts/outputs/"), treebuilder="etree",
                          namespaceHTMLElements=False)
    outputs = [element for element in tree.iter("div")
               if "nb-html" in element.get("class", "").split()]
    assert len(outputs) == len(SCRIPTED_OUTPUTS)
    assert [runs_something(output) for output in outputs] == [[]] * len(SCRIPTED_OUTPUTS)
    # what a reader can see stays: the texts, the SVG's
    shown = ["".join(output.itertext()) for output in outputs]
    assert "clickN1" in shown[2] and "n6" in shown[5] and shown[4].strip() == "t"


MATPLOTLIB_SVG = """<?xml version="1.0" encoding="utf-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="120pt" height="80pt" viewBox="0 0 120 80"
 xmlns="http://www.w3.org/2000/svg" version="1.1">
 <metadata>
  <rdf:RDF xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:cc="http://creativecommons.org/ns#"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
   <cc:Work><dc:creator><cc:Agent><dc:title>Matplotlib v3.8.0</dc:title></cc:Agent></dc:creator>
   </cc:Work>
  </rdf:RDF>
 </metadata>
 <defs>
  <style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style>
  <path id="m0" d="M 0 0 L 0 3.5" style="stroke: #000000; stroke-width: 0.8"/>
  <clipPath id="p1"><rect x="10" y="10" width="100" height="60"/></clipPath>
 </defs>
 <g id="figure_1">
  <use xlink:href="#m0" x="20" y="70" style="stroke: #000000"/>
  <path d="M 10 70 L 110 10" clip-path="url(#p1)" style="fill: none; stroke: #1f77b4"/>
  <text x="60" y="78" style="font-size: 6px">epoch &amp; loss</text>
 </g>
</svg>
"""
SCRIPTED_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'width="100" height="100" onload="alert(0)"><foreignObject width="100" height="100">'
    '<iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(\'SVG1\')"></iframe>'
    '</foreignObject><a xlink:href="javascript:alert(\'SVG2\')"><text y="20">x</text></a>'
    '<a href="  JaVa&#x09;Script:alert(3)"><text y="40">y</text></a>'
    '<a><set attributeName="href" to="javascript:alert(4)"/><text y="60">z</text></a>'
    '<script>alert(5)</script><svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(6)'
    '</svg:script><image href="data:text/html,&lt;script&gt;alert(7)&lt;/script&gt;"/>'
    '<?xml-stylesheet type="text/xsl" href="evil.xsl"?></svg>')
ENTITIES_SVG = ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
                '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                '<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>')


def test_an_svg_output_is_published_with_what_draws_it_only(site):
    """An SVG output is a file of the site: opened on its own, its scripts ran as the site."""
    small_site(site)
    site.write("content/posts/svgs.ipynb", notebook(
        front("矢量图输出"),
        code("plot()", [display({"image/svg+xml": MATPLOTLIB_SVG, "text/plain": "<Figure>"})]),
        code("SVG(s)", [display({"image/svg+xml": SCRIPTED_SVG, "text/plain": "<SVG>"})]),
        code("SVG(t)", [display({"image/svg+xml": ENTITIES_SVG, "text/plain": "<SVG>"})]),
        markdown("正文。")))
    built = site.build()
    assert built.written, messages(built)
    page = site.read("posts/svgs/")
    names = re.findall(r'src="(nb-[0-9a-f]+\.svg)"', page)
    assert len(names) == 2, page
    drawn, scripted = (ElementTree.fromstring(site.read(f"posts/svgs/{name}")) for name in names)
    # a plot keeps what draws it (its style, its `use` of a mark), not its metadata
    assert [element.tag.rpartition("}")[2] for element in drawn.iter()] == [
        "svg", "defs", "style", "path", "clipPath", "rect", "g", "use", "path", "text"]
    assert drawn.find(".//{http://www.w3.org/2000/svg}use").get(
        "{http://www.w3.org/1999/xlink}href") == "#m0"
    assert drawn.find(".//{http://www.w3.org/2000/svg}text").text == "epoch & loss"
    assert drawn.get("viewBox") == "0 0 120 80" and "stroke-linejoin" in site.read(
        f"posts/svgs/{names[0]}")
    # the other draws its texts, and runs nothing
    assert [element.tag.rpartition("}")[2] for element in scripted.iter()] == [
        "svg", "a", "text", "a", "text", "a", "text", "image"]
    assert runs_something(scripted) == [] and scripted.find(
        ".//{http://www.w3.org/2000/svg}image").attrib == {}
    assert "xml-stylesheet" not in site.read(f"posts/svgs/{names[1]}")
    # entities declared: none published, and said
    assert "content/posts/svgs.ipynb: warning: cell 4: the image/svg+xml of an output is no " \
           "SVG that can be read (it declares entities): left out" in messages(built)


def test_an_unbalanced_html_output_stays_in_its_block(site):
    small_site(site)
    site.write("content/posts/open.ipynb", notebook(
        front("未闭合的 HTML 输出"),
        code("HTML('<b>训练完成')", [result({"text/html": "<b>训练完成", "text/plain": "<HTML>"})]),
        markdown("## 下一节\n\n普通正文一。"),
        code("HTML(s)", [result({"text/html": "<div>结果<!-- 注释没有结束",
                                 "text/plain": "<HTML>"})]),
        markdown("普通正文二。"),
        code("HTML(s)", [result({"text/html": "<p>多余</div></div><div/>的结束标签",
                                 "text/plain": "<HTML>"})]),
        code("display(Markdown(s))", [display({"text/markdown": "<div>\n\n没有闭合的 *div*",
                                               "text/plain": "<Markdown>"})]),
        markdown("普通正文三。")))
    built = site.build()
    assert built.written, messages(built)
    page = site.read("posts/open/")
    assert re.search(r'<div class="nb-output nb-html">\s*<b>训练完成</b>\s*</div>', page)
    assert re.search(r'<div class="nb-output nb-html">\s*<div>结果</div>\s*</div>', page)
    assert "<p>普通正文二。</p>" in page and "注释没有结束" not in page
    assert re.search(r'<div class="nb-output nb-html">\s*<p>多余</p><div></div>的结束标签\s*'
                     r'</div>', page)
    assert re.search(r"<div>\s*<p>没有闭合的 <em>div</em></p>\s*</div>\s*</div>\s*"
                     r"<p>普通正文三。</p>", page)
    # (the page as a whole is balanced: its footer is no part of an output)
    main = page[page.index('class="nb-output'):page.index("<footer")]
    assert main.count("<b>") == main.count("</b>")


# pandas' tables of a DataFrame with a named index (`to_html`: the index's name a row of its
# own under the columns' names) and of its Styler (`&nbsp;` in its corner)
NAMED_INDEX = ('<table border="1" class="dataframe">\n  <thead>\n    <tr style="text-align: '
               'right;">\n      <th></th>\n      <th>loss</th>\n    </tr>\n    <tr>\n      '
               '<th>epoch</th>\n      <th></th>\n    </tr>\n  </thead>\n  <tbody>\n    <tr>\n'
               '      <th>1</th>\n      <td>0.25</td>\n    </tr>\n  </tbody>\n</table>')
STYLED = ('<table id="T_1a2b">\n  <thead>\n    <tr>\n      <th class="blank level0" >&nbsp;'
          '</th>\n      <th id="T_1a2b_level0_col0" class="col_heading level0 col0" >acc</th>\n'
          '    </tr>\n  </thead>\n  <tbody>\n    <tr>\n      <th id="T_1a2b_level0_row0" '
          'class="row_heading level0 row0" >0</th>\n      <td id="T_1a2b_row0_col0" '
          'class="data row0 col0" >0.9</td>\n    </tr>\n  </tbody>\n</table>')


def test_a_dataframes_empty_corner_is_no_column_header(site):
    """pandas writes a DataFrame's corner, over its index, as an empty `<th>` (and the cells
    beside its index's name, and a Styler's corner as `&nbsp;`): a header cell with nothing in
    it heads its column with nothing, to a screen reader and to axe ("empty-table-header"), as
    a Markdown table's empty corner did. It is a `<td>` there too, still drawn as its row is
    (blogforge.css); the headers with words, the index's own cells, the data stay as they
    were."""
    small_site(site)
    site.write("content/posts/frames.ipynb", notebook(
        front("两种表"),
        code("df", [result({"text/html": NAMED_INDEX, "text/plain": "       loss"})]),
        code("df.style", [result({"text/html": STYLED, "text/plain": "<Styler>"})])))
    built = site.build()
    assert built.written, messages(built)
    tree = html5lib.parse(site.read("posts/frames/"), treebuilder="etree",
                          namespaceHTMLElements=False)
    rows = [[(cell.tag, "".join(cell.itertext()).strip()) for cell in row]
            for table in tree.iter("table") for row in table.iter("tr")]
    assert rows == [[("td", ""), ("th", "loss")], [("th", "epoch"), ("td", "")],
                    [("th", "1"), ("td", "0.25")],
                    [("td", ""), ("th", "acc")], [("th", "0"), ("td", "0.9")]], rows
    assert 'class="blank level0"' in site.read("posts/frames/")  # (its attributes kept)


def test_a_quarto_label_makes_the_cells_picture_a_numbered_figure(site):
    small_site(site)
    figure = display({"image/png": b64(FIGURE), "text/plain": "<Figure>"})
    site.write("content/posts/refs.ipynb", notebook(
        front("Quarto 交叉引用"), markdown("如 @fig-loss 所示，另见 @fig-acc。"),
        code("#| label: fig-loss\n#| fig-cap: 训练损失\nplt.plot(l)", [figure, figure]),
        code("#| label: fig-acc\n#| fig-cap: 准确率 $a$\nplt.plot(a)", [figure]),
        code("#| label: fig-bare\nplt.plot(b)", [figure])))
    built = site.build()
    assert built.written, messages(built)
    said = messages(built)
    assert "content/posts/refs.ipynb: warning: cell 5: `label: fig-bare` numbers a figure " \
           "with a caption, as in Quarto: add `#| fig-cap: …` to the cell" in said
    assert not any("cross-reference" in m for m in said), said
    page = site.read("posts/refs/")
    assert '如 <a href="#fig-loss" class="crossref">图 1</a> 所示，另见 ' \
           '<a href="#fig-acc" class="crossref">图 2</a>。' in page
    assert re.search(r'<figure id="fig-loss" class="figure">.*?<figcaption>图 1：训练损失'
                     r'</figcaption>', page)
    assert page.count('id="fig-loss"') == 1  # (the cell's second picture is captioned alone)
    assert re.search(r'<figure id="fig-acc" class="figure">.*?<figcaption>图 2：准确率 '
                     r'<span class="katex"', page)


def test_a_notebook_beside_the_markdown_made_of_it_is_its_download(site):
    """helper-141: nbconvert's `exported.md` beside `exported.ipynb` stopped the build, "two
    pages at the URL /posts/exported/", where the notebook had been the post's download."""
    small_site(site)
    site.write("content/posts/exported.ipynb", notebook(front("导出"), code("print(1)")))
    site.post("exported.md", "导出", body="[源 notebook](exported.ipynb)\n")
    result = site.build()
    assert result.written, messages(result)
    assert site.exists("posts/exported.ipynb")
    assert 'href="/blog/posts/exported.ipynb"' in site.read("posts/exported/")

"""Notebooks written in Google Colab as posts: what Colab writes into a notebook (pasted
pictures, forms, shell and magic lines, its data table and DataFrame buttons) as a reader of
the page sees it, and what its writer is told (helper-145's Colab walk)."""

from __future__ import annotations

import os
import re

from conftest import messages
from test_notebooks import (
    b64,
    code,
    display,
    front,
    markdown,
    notebook,
    png,
    raw,
    result,
    small_site,
    stream,
)
from test_unclosed_markup import nested_list


def colab(*cells: dict, **colab_metadata: object) -> str:
    """A notebook as Colab saves it: a kernel named without its language, `language_info`
    with no `pygments_lexer`, Colab's own metadata."""
    return notebook(*cells, kernelspec={"name": "python3", "display_name": "Python 3"},
                    language_info={"name": "python"},
                    colab={"provenance": [], **colab_metadata})


SCREENSHOT = png(400, 300, red=30)


def test_a_picture_pasted_in_colab_is_published_as_a_file_not_a_data_url(site):
    small_site(site)
    pasted = f"data:image/png;base64,{b64(SCREENSHOT)}"
    site.write("content/posts/paste.ipynb", colab(
        front("Colab 粘贴截图"),
        markdown(f"模型结构如下：\n\n![image.png]({pasted})\n\n训练结果很好。"),
        markdown(f"同一张图再贴一次：![结构图]({pasted})"),
        markdown(f'<img src="{pasted}" width="200"/> 和 <img alt="原图" src="{pasted}">'),
        markdown(f"写法示例：`![x]({pasted[:40]})`"),
        markdown("坏了的：![坏图](data:image/png;base64,bm90IGEgcG5n)"),
        code("print(1)")))
    built = site.build()
    assert built.written, messages(built)
    page = site.read("posts/paste/")
    assert 'src="data:' not in page and b64(SCREENSHOT)[:60] not in page
    # one file, however often it is shown, sized as the file is; lazy after the first
    names = set(re.findall(r'src="(nb-[0-9a-f]{16}\.png)"', page))
    assert len(names) == 1, names
    name = names.pop()
    assert (site.output / "posts/paste" / name).read_bytes() == SCREENSHOT
    assert re.search(rf'<img src="{name}" alt="image.png" width="400" height="300"', page)
    assert re.search(rf'<img src="{name}" alt="结构图" width="400" height="300" '
                     r'loading="lazy"', page)
    assert re.search(rf'<img src="{name}" width="200" height="150"', page)
    assert re.search(rf'<img alt="原图" src="{name}" width="400" height="300"', page)
    # (in code, a data: URL is text, as written)
    assert f"<code translate=\"no\">![x]({pasted[:40]})</code>" in page
    assert len(page) < 60_000
    feed = (site.output / "atom.xml").read_text(encoding="utf-8")
    assert 'src="data:' not in feed and b64(SCREENSHOT)[:60] not in feed and name in feed
    # the picture without alt is said, its data: URL not printed whole
    said = messages(built)
    alt = [m for m in said if "without alt text" in m]
    assert alt and all(len(m) < 400 for m in said), said
    assert f'<img src="{name}" width="200"' in alt[0]
    assert "content/posts/paste.ipynb: warning: cell 6: the image/png of an image pasted into " \
           "the cell is not a picture (broken base64 data): left out" in said
    assert "坏图" not in page


# The smallest GIF (1×1), as a page's spacer is written inline
SPACER = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def test_a_data_url_in_indented_code_is_shown_as_written(site):
    small_site(site)
    site.write("content/posts/indented.ipynb", colab(
        front("内嵌图片的写法"),
        markdown(f'HTML 里这样写一张内嵌图片：\n\n    <img src="{SPACER}">\n\n'
                 f"列表里的图：\n\n- 第一项\n\n  ![点]({SPACER})\n\n"
                 f'紧接着段落的一行：\n    <img alt="续行" src="{SPACER}">'),
        code("print(1)")))
    built = site.build()
    assert built.written, messages(built)
    page = site.read("posts/indented/")
    # the code example as written, not a published file
    assert f'<pre translate="no"><code>&lt;img src=&quot;{SPACER}&quot;&gt;\n</code></pre>' \
        in page
    # a list item's paragraph and a paragraph's next line are no code: published, as before
    names = set(re.findall(r'<img src="(nb-[0-9a-f]{16}\.gif)" alt="点"', page))
    assert len(names) == 1, page
    assert re.search(r'<img alt="续行" src="nb-[0-9a-f]{16}\.gif" width="1" height="1"', page)


def test_a_data_url_in_indented_code_after_a_list_nested_ten_deep_is_shown_as_written(site):
    """After an outline ten levels deep in a Markdown cell, the `<img src="data:…">` of an
    indented code example was published as a file and the example showed its name: the cell's
    code was found with CommonMark's parser, which skips all that follows such a list, where
    the page's follows it."""
    small_site(site)
    site.write("content/posts/deep.ipynb", colab(
        front("大纲之后的代码"),
        markdown(nested_list(10, f'HTML 里这样写：\n\n    <img src="{SPACER}">')),
        code("print(1)")))
    built = site.build()
    assert built.written, messages(built)
    page = site.read("posts/deep/")
    assert f'<pre translate="no"><code>&lt;img src=&quot;{SPACER}&quot;&gt;\n</code></pre>' \
        in page
    assert not list((site.output / "posts/deep").glob("nb-*"))


def test_a_data_url_in_a_message_is_cut(site):
    small_site(site)
    pasted = f"data:image/png;base64,{b64(SCREENSHOT)}"
    site.post("md.md", "Markdown", body=f'截图：<img src="{pasted}">\n')
    built = site.build()
    said = [m for m in messages(built) if "without alt text" in m]
    assert said == ["content/posts/md.md:5: warning: an image without alt text (`<img "
                    'src="data:image/png;base64,iVBOR…">`): a screen reader reads out its '
                    'file name; write alt="what it shows" (alt="" for a decoration)'], said


def test_a_new_colab_notebook_is_held_back_as_an_empty_note_is(site):
    small_site(site)
    site.post("ok.md", "OK")
    new_cell = {"cell_type": "code", "execution_count": None, "metadata": {"id": "x1"},
                "source": [], "outputs": []}
    site.write("content/posts/Untitled3.ipynb", colab(new_cell, name="Untitled3.ipynb"))
    site.write("content/posts/no-cells.ipynb", colab())
    untitled = site.write("content/posts/Untitled0.ipynb", colab(
        code("print('only code')", [{"output_type": "stream", "name": "stdout",
                                     "text": "only code\n"}]), name="Untitled0.ipynb"))
    headed = site.write("content/posts/headed.ipynb", colab(
        markdown("# Attention from scratch"), code("x = 1")))
    for dated_by_its_file in (untitled, headed):  # (before the tests' NOW)
        os.utime(dated_by_its_file, (1_714_550_000, 1_714_550_000))
    built = site.build()
    assert built.written, messages(built)
    said = messages(built)
    for name in ("Untitled3", "no-cells"):
        assert f"content/posts/{name}.ipynb: warning: empty: not published (a new note never " \
               "written in?); write in it or delete it" in said
        assert not site.exists(f"posts/{name}/")
        assert f"/blog/posts/{name}/" not in site.read("")
    # code alone, no title: published under its file's name, and the writer told
    assert "<title>Untitled0" in site.read("posts/untitled0/")
    assert "content/posts/Untitled0.ipynb: warning: no title: the post is called by its " \
           "file's name, `Untitled0.ipynb`, which the editor gave a new notebook; give it " \
           "one, a `# ` heading in a Markdown cell or `title:` in a front matter cell, or " \
           "rename the file" in said
    assert not any("headed.ipynb: warning: no title" in m for m in said), said


def test_a_notebook_named_by_its_writer_needs_no_title_as_a_markdown_post(site):
    small_site(site)
    site.write("content/posts/note.md", "---\ndate: 2024-05-02\n---\n正文。\n")
    site.write("content/posts/lstm-notes.ipynb", notebook(
        raw("---\ndate: 2024-05-01\n---\n"), markdown("LSTM 的笔记。"), code("x = 1")))
    built = site.build()
    assert built.written, messages(built)
    assert messages(built) == []  # (`check --strict` passes, as it did)
    assert "<title>note" in site.read("posts/note/")
    assert "<title>lstm notes" in site.read("posts/lstm-notes/")


def test_a_jupyter_notebook_of_an_editors_name_is_said_and_a_renamed_one_is_not(site):
    small_site(site)
    untitled = notebook(raw("---\ndate: 2024-05-01\n---\n"), code("x = 1"))
    site.write("content/posts/Untitled.ipynb", untitled)
    site.write("content/posts/未命名1.ipynb", untitled)
    site.write("content/posts/attention.ipynb", colab(  # (Colab's Untitled3.ipynb, renamed)
        raw("---\ndate: 2024-05-01\n---\n"), code("y = 2"), name="Untitled3.ipynb"))
    built = site.build()
    assert built.written, messages(built)
    said = messages(built)
    for name in ("Untitled.ipynb", "未命名1.ipynb"):
        assert f"content/posts/{name}: warning: no title: the post is called by its file's " \
               f"name, `{name}`, which the editor gave a new notebook; give it one, a `# ` " \
               "heading in a Markdown cell or `title:` in a front matter cell, or rename the " \
               "file" in said, said
    assert len(said) == 2, said


def test_only_an_editors_name_for_a_new_notebook_is_said_to_be_no_title():
    from blogforge.content.notebooks import convert

    untitled = notebook(markdown("正文。"), code("x = 1"))
    for name in ("Untitled.ipynb", "Untitled3.ipynb", "Untitled-1.ipynb", "未命名.ipynb",
                 "未命名1.ipynb", "Untitled-Copy1.ipynb", "Copy of Untitled0.ipynb"):
        said = convert(untitled, name).problems
        assert said == [f"no title: the post is called by its file's name, `{name}`, which the "
                        "editor gave a new notebook; give it one, a `# ` heading in a Markdown "
                        "cell or `title:` in a front matter cell, or rename the file"], name
    for name in ("lstm.ipynb", "Untitled notes.ipynb", "untitled-attention.ipynb"):
        assert convert(untitled, name).problems == [], name
    titled = notebook(markdown("# 注意力"), code("x = 1"))
    assert convert(titled, "Untitled.ipynb").problems == []
    # (not given its file's name: the one Colab saved, as downloaded from Colab)
    assert convert(colab(code("x = 1"), name="Untitled0.ipynb")).problems
    assert convert(colab(code("x = 1"), name="Untitled0.ipynb"), "attention.ipynb").problems \
        == []


def form(source: str, outputs: list | None = None, hidden: bool = True) -> dict:
    """A code cell of a Colab form; `hidden`: its code hidden (Colab's "form" view)."""
    cell = code(source, outputs)
    if hidden:
        cell["metadata"]["cellView"] = "form"
    return cell


def test_a_colab_form_shows_its_title_its_markdown_and_its_code_folded(site):
    small_site(site)
    figure = display({"image/png": b64(png(4, 3)), "text/plain": "<Figure>"})
    site.write("content/posts/forms.ipynb", colab(
        front("表单"),
        form('#@title Mount Google Drive { display-mode: "form" }\n'
             "from google.colab import drive\ndrive.mount('/content/drive')",
             [stream("Mounted at /content/drive\n")]),
        form("#@title Download the data\n#@markdown This downloads **the dataset** (1 GB).\n"
             "url = 'https://example.com/data.zip' #@param {type:\"string\"}\n!wget -q $url"),
        form('# @title Hyper-parameters <b>\nlr = 0.01 # @param {type:"number"}\n'
             'epochs = 3 #@param {type:"slider", min:1, max:10}', hidden=False),
        form("#| echo: false\n#@title Load { display-mode: \"form\" }\nsecret_loader()",
             [stream("loaded\n")], hidden=False),
        form("#@title Plot\n#| fig-cap: 损失曲线\n#| label: fig-loss\nplt.plot(l)", [figure]),
        markdown("如 @fig-loss 所示。")))
    built = site.build()
    assert built.written, messages(built)
    assert messages(built) == []
    page = site.read("posts/forms/")
    # the title labels the folded code (as the build's "代码" does: no prose of the post)
    assert re.search(r'<details class="nb-fold">\s*<summary data-nb-label>Mount Google Drive'
                     r'</summary>\s*<div class="code-block code-short" data-lang="python">'
                     r'.*?google\.colab',
                     page, re.S)
    assert "@title" not in page and "display-mode" not in page and "@param" not in page
    # `#@markdown` is Markdown, shown above the code it describes; the fields' values stay
    assert re.search(r"<p>This downloads <strong>the dataset</strong> \(1 GB\)\.</p>\s*"
                     r'<details class="nb-fold">\s*<summary data-nb-label>Download the data'
                     r'</summary>',
                     page)
    assert "@markdown" not in page and "https://example.com/data.zip" in page
    # a form whose code Colab shows: the code shown, the title its block's title
    assert re.search(r'<div class="code-block code-short" data-lang="python"><div '
                     r'class="code-head"><span class="code-title">Hyper-parameters &lt;b&gt;'
                     r'</span>', page)
    assert re.search(r"<span class=\"n\">lr</span> <span class=\"o\">=</span> "
                     r"<span class=\"mf\">0.01</span>\n", page)
    # Quarto's options above or below the title are read
    assert "secret_loader" not in page and "loaded" in page
    assert '<a href="#fig-loss" class="crossref">图 1</a>' in page
    assert re.search(r'<figure id="fig-loss" class="figure">.*?<figcaption>图 1：损失曲线',
                     page, re.S)
    assert "#|" not in page
    assert '<meta name="description" content="This downloads the dataset (1 GB). 如 图 1 所示。">' \
        in page


def test_a_form_s_comments_in_a_notebook_colab_did_not_write_are_shown_as_written(site):
    small_site(site)
    source = ('#@title Hyper-parameters\n#@markdown 也试试 **0.1**。\n'
              'lr = 0.01 #@param {type:"number"}')
    site.write("content/posts/jupyter.ipynb", notebook(front("Jupyter 写的"), code(source)))
    # (Colab's metadata on a cell alone: a notebook whose own metadata a tool stripped)
    site.write("content/posts/stripped.ipynb", notebook(front("Colab 写的"), form(source)))
    built = site.build()
    assert built.written, messages(built)
    page = site.read("posts/jupyter/")
    assert '<span class="c1">#@title Hyper-parameters</span>' in page
    assert '<span class="c1">#@markdown 也试试 **0.1**。</span>' in page
    assert '<span class="c1">#@param {type:"number"}</span>' in page
    assert "code-title" not in page and "<details" not in page and "<strong>" not in page
    page = site.read("posts/stripped/")
    assert "@title" not in page and "@param" not in page and "@markdown" not in page
    assert "<summary data-nb-label>Hyper-parameters</summary>" in page
    assert "<p>也试试 <strong>0.1</strong>。</p>" in page


def test_shell_lines_and_magics_are_highlighted_as_ipython_not_as_errors(site):
    small_site(site)
    site.write("content/posts/pip.ipynb", colab(
        front("安装依赖"),
        code("!pip install -q transformers", [stream("Successfully installed\n")]),
        code("%matplotlib inline\nimport matplotlib.pyplot as plt\nfiles = !ls $HOME"),
        code("%%time\ns = sum(range(10**7))\nnp.array?"),
        code("%%bash\necho $HOME"),
        code("x = 10 % 3\nprint(x != 1)")))
    site.post("md.md", "Markdown", body="```ipython3\n%timeit f()\n```\n")
    built = site.build()
    assert built.written, messages(built)
    assert messages(built) == []  # (no "unknown code language `ipython3`")
    page = site.read("posts/pip/")
    assert 'class="err"' not in page
    assert re.search(r'data-lang="ipython3"><div class="code-head"><span class="code-label">'
                     r'IPython</span>.*?<span class="o">!</span>pip<span class="w"> </span>'
                     r'install', page, re.S)
    assert '<span class="o">%</span><span class="k">matplotlib</span> inline' in page
    assert '<span class="kn">import</span>' in page  # (Python, below a magic)
    assert '<span class="o">%%</span><span class="k">time</span>' in page
    assert '<span class="nb">sum</span>' in page  # (a `%%time` cell's body is Python)
    assert '<span class="nb">echo</span><span class="w"> </span><span class="nv">$HOME</span>' \
        in page  # (a `%%bash` cell's body is a shell's)
    # a cell of Python alone is Python, as before
    assert '<div class="code-block code-short" data-lang="python">' in page
    assert 'class="err"' not in site.read("posts/md/")


def test_a_comparison_continued_on_a_line_of_its_own_is_python_not_a_shell_line(site):
    small_site(site)
    black = "same = (\n    first_value\n    != second_value\n)"
    site.write("content/posts/black.ipynb", colab(
        front("Black 格式"),
        code(black),
        code(f"!pip install -q black\n{black}")))
    built = site.build()
    assert built.written, messages(built)
    page = site.read("posts/black/")
    assert 'class="err"' not in page
    # a cell of Python alone stays Python; in an IPython cell, `!=` is Python's operator
    blocks = re.findall(r'class="code-block[^"]*" data-lang="(\w+)">(.*?)</code>', page, re.S)
    assert [lang for lang, _block in blocks] == ["python", "ipython3"]
    for _lang, block in blocks:
        assert '<span class="o">!=</span> <span class="n">second_value</span>' in block, block
    assert '<span class="o">!</span>pip' in page


def test_the_ipython_lexer_reads_a_line_starting_with_not_equal_as_python():
    from pygments.token import Name, Operator

    from blogforge.markdown.ipython_lexer import IPythonLexer

    tokens = [(kind, text) for kind, text in IPythonLexer().get_tokens(
        "ok = (\n    a\n    != b\n)\nfiles = != c\n") if text.strip()]
    assert (Operator, "!=") in tokens and (Name, "b") in tokens
    assert tokens.count((Operator, "!=")) == 2 and (Name, "c") in tokens


def test_the_ipython_lexer_gives_the_same_tokens_in_the_faster_loop():
    from blogforge.markdown import lexing
    from blogforge.markdown.ipython_lexer import IPythonLexer

    cells = ["%%time\n!pip install x\n%cd /content\nfiles = !ls $HOME\nx = 10 %3\nnp.array?\n",
             "%%bash\necho $HOME\n", "%%html\n<b>x</b>\n", "%%sql\nSELECT 1\n",
             "def f():\n    !echo hi\n    return '''\n!no\n'''\n", "", "%", "!", "?",
             "x = (\n    a\n    != b\n)\n!!=c\ny = != d\n", "!="]
    own, prepared = IPythonLexer(), lexing.prepare(IPythonLexer())
    for text in cells:
        assert list(prepared.get_tokens(text)) == list(own.get_tokens(text)), text


DATA_TABLE = ('<div>\n<script src="https://ssl.gstatic.com/colaboratory/data_table/e5/'
              'data_table.js"></script>\n\n<script>\n  window.createDataTable({\n    data: '
              '[[{\'v\': 0, \'f\': "0"}, 1, 0.93]],\n    rowsPerPage: 25,\n  });\n</script>\n'
              '</div>\n')


def test_colabs_interactive_table_shows_its_text_table(site):
    small_site(site)
    site.write("content/posts/table.ipynb", colab(
        front("数据表"),
        code("from google.colab import data_table\ndata_table.enable_dataframe_formatter()\ndf",
             [result({"text/html": DATA_TABLE,
                      "text/plain": "   epoch  loss\n0      1  0.93",
                      "application/vnd.google.colaboratory.module+javascript":
                          "import 'https://ssl.gstatic.com/colaboratory/data_table/x.js';\n"})]),
        code("display(HTML(s))", [display({"text/html": "<div id=a></div><script>draw()"
                                                        "</script>",
                                           "text/plain": "<IPython.core.display.HTML object>"})]),
        code("alt.Chart(df).mark_line()", [display({
            "application/vnd.vegalite.v5+json": {"mark": "line"},
            "text/html": "<div id=v></div><script>vegaEmbed()</script>",
            "text/plain": "alt.Chart(...)"})])))
    built = site.build()
    assert built.written, messages(built)
    page = site.read("posts/table/")
    assert re.search(r'<div class="nb-output nb-result">\s*<div class="code-block code-short" '
                     r'data-lang="output">.*?epoch  loss\n0      1  0.93', page, re.S)
    assert "createDataTable" not in page and "gstatic" not in page
    # a script's and a chart's stand-in text is not shown: said, as before, for them alone
    assert "IPython.core.display" not in page and "alt.Chart(...)" not in page
    said = [m for m in messages(built) if "interactive" in m]
    assert len(said) == 1 and "cells 3, 4: an interactive output" in said[0], said


BADGE = ('<a href="https://colab.research.google.com/github/u/nb/blob/main/x.ipynb" '
         'target="_parent"><img src="https://colab.research.google.com/assets/colab-badge.svg" '
         'alt="Open In Colab"/></a>')


def test_front_matter_below_a_badge_in_the_same_cell_is_read(site):
    small_site(site)
    site.write("content/posts/badge.ipynb", colab(
        markdown(f"{BADGE}\n\n---\ntitle: 徽章和 YAML 在同一个单元格\ndate: 2024-06-04\n"
                 "tags: [colab]\n---\n\n正文在后面。"),
        code("x = 1")))
    site.write("content/posts/rules.ipynb", colab(
        front("两条分隔线"),
        markdown("前言。\n\n---\nNote: 这是正文，不是 front matter\n---\n\n后文。")))
    built = site.build()
    assert built.written, messages(built)
    page = site.read("posts/badge/")
    assert "<title>徽章和 YAML 在同一个单元格" in page and "colab-badge.svg" in page
    assert "正文在后面。" in page and "title:" not in page and "<h2" not in page
    assert "/blog/posts/badge/" in site.read("tags/colab/")
    # (prose between two rules, no key of a front matter's, stays prose)
    page = site.read("posts/rules/")
    assert "<title>两条分隔线" in page and "Note: 这是正文" in page


def iframe(src: str) -> dict:
    return display({"text/html": f'\n        <iframe\n            width="600"\n            '
                                 f'height="300"\n            src="{src}"\n            '
                                 'frameborder="0"\n            allowfullscreen\n        ></iframe>'
                                 '\n        ',
                    "text/plain": "<IPython.lib.display.IFrame at 0x7f3a2c1b5e10>"})


def test_an_iframe_output_is_a_link_to_its_page_never_its_repr(site):
    small_site(site)
    site.write("content/posts/frames.ipynb", colab(
        front("IFrame"),
        code("IFrame('https://example.com/demo?a=1&b=2', 600, 300)",
             [iframe("https://example.com/demo?a=1&b=2")]),
        code("IFrame('map.html', 600, 300)", [iframe("map.html")]),
        code("IFrame('javascript:alert(1)', 600, 300)", [iframe("javascript:alert(1)")])))
    built = site.build()
    assert built.written, messages(built)
    page = site.read("posts/frames/")
    assert re.search(r'<div class="nb-output nb-html">\s*<p><a href="https://example.com/demo'
                     r'\?a=1&amp;b=2">https://example.com/demo\?a=1&amp;b=2</a></p>\s*'
                     r'(?:<!-- -->\s*)?</div>', page)
    assert "IPython.lib.display" not in page and "<iframe" not in page
    assert 'href="javascript:' not in page and 'href="map.html' not in page
    said = messages(built)
    for cell in (3, 4):
        assert f"content/posts/frames.ipynb: warning: cell {cell}: an HTML output shows " \
               "nothing once its frames, scripts and styles are left out: left out" in said, said


# Colab's HTML of a DataFrame (2024): the table, then its buttons, their icons, styles, scripts
DF_HTML = """
  <div id="df-3a2b" class="colab-df-container">
    <div>
<style scoped>
    .dataframe tbody tr th:only-of-type {
        vertical-align: middle;
    }

    .dataframe tbody tr th {
        vertical-align: top;
    }

    .dataframe thead th {
        text-align: right;
    }
</style>
<table border="1" class="dataframe">
  <thead>
    <tr style="text-align: right;">
      <th></th>
      <th>epoch</th>
      <th>loss</th>
    </tr>
  </thead>
  <tbody>
    <tr>
      <th>0</th>
      <td>1</td>
      <td>0.93</td>
    </tr>
    <tr>
      <th>1</th>
      <td>2</td>
      <td>0.51</td>
    </tr>
  </tbody>
</table>
</div>
    <div class="colab-df-buttons">

  <div class="colab-df-container">
    <button class="colab-df-convert" onclick="convertToInteractive('df-3a2b')"
            title="Convert this dataframe to an interactive table."
            style="display:none;">

  <svg xmlns="http://www.w3.org/2000/svg" height="24px" viewBox="0 -960 960 960">
    <path d="M120-120v-720h720v720H120Z"/>
  </svg>
    </button>

  <style>
    .colab-df-container {
      display:flex;
      gap: 12px;
    }
  </style>

    <script>
      const buttonEl =
        document.querySelector('#df-3a2b button.colab-df-convert');
      buttonEl.style.display =
        google.colab.kernel.accessAllowed ? 'block' : 'none';
    </script>
  </div>


<div id="df-9e1c">
  <button class="colab-df-quickchart" onclick="quickchart('df-9e1c')"
            title="Suggest charts"
            style="display:none;">

<svg xmlns="http://www.w3.org/2000/svg" height="24px"viewBox="0 0 24 24"
     width="24px">
    <g>
        <path d="M19 3H5c-1.1 0-2 .9-2 2v14z"/>
    </g>
</svg>
  </button>
</div>
    </div>
  </div>
"""


def test_colabs_dataframe_buttons_are_left_out_of_the_page_and_the_feed(site):
    small_site(site)
    site.write("content/posts/df.ipynb", colab(
        front("DataFrame"),
        code("df", [result({"text/html": DF_HTML, "text/plain": "   epoch  loss\n0      1  0.93",
                            "application/vnd.google.colaboratory.intrinsic+json":
                                {"type": "dataframe", "variable_name": "df"}})]),
        code("HTML(s)", [display({"text/html": "<p>准确率 0.9 <button>重新运行</button></p>"
                                               "<div><div>内层</div>之后</div>",
                                  "text/plain": "<IPython.core.display.HTML object>"})])))
    built = site.build()
    assert built.written, messages(built)
    # (in the site's language: the buttons' English words made it an English post, /en/)
    page = site.read("posts/df/")
    assert '<html lang="zh' in page
    feed = (site.output / "atom.xml").read_text(encoding="utf-8")
    for shown in (page, feed.replace("&lt;", "<").replace("&gt;", ">")):
        assert "<td>0.93</td>" in shown and "<th>epoch</th>" in shown
        assert "colab-df-convert" not in shown and "colab-df-quickchart" not in shown
        assert "<svg" not in shown and "colab-df-buttons" not in shown and "<button>" not in shown
        assert "Suggest charts" not in shown and "interactive table" not in shown
        assert "准确率 0.9" in shown and "重新运行" not in shown
        assert "<div><div>内层</div>之后</div>" in shown  # (a div in a div, kept whole)


def test_only_a_progress_bar_widget_is_told_to_print_text_with_tqdm(site):
    """Every widget was asked "a progress bar of `tqdm.auto`?", an IntSlider too: tqdm is
    suggested for a progress bar (known by its text, or by the widget state the notebook
    saved: tqdm's box holding a FloatProgress), another widget is told what it can do."""
    small_site(site)
    view = "application/vnd.jupyter.widget-view+json"
    slider = {view: {"model_id": "s1", "version_major": 2, "version_minor": 0},
              "text/plain": "IntSlider(value=5, max=10)"}
    unnamed_bar = {view: {"model_id": "b1", "version_major": 2, "version_minor": 0}}
    state = {"b1": {"model_name": "HBoxModel", "state": {"children": [
                 "IPY_MODEL_h1", "IPY_MODEL_p1"]}},
             "h1": {"model_name": "HTMLModel", "state": {}},
             "p1": {"model_name": "FloatProgressModel", "state": {"max": 100}},
             "s1": {"model_name": "IntSliderModel", "state": {"max": 10}}}
    site.write("content/posts/widgets.ipynb", notebook(
        front("控件"),
        code("interact(f, x=(0, 10))", [display(slider)]),
        code("for _ in trange(100): pass", [display(unnamed_bar)]),
        widgets={"application/vnd.jupyter.widget-state+json": {"state": state}}))
    said = [m for m in messages(site.build()) if "widgets.ipynb" in m]
    hide = ("hide the output: `#| output: false` as the cell's first line, or the tag "
            "`remove-output`")
    assert said == [
        "content/posts/widgets.ipynb: warning: cell 3: a widget (a progress bar of "
        "`tqdm.auto`?) is not shown: a page runs no script from a notebook. Print text "
        f"instead (`from tqdm import tqdm`), or {hide}",
        "content/posts/widgets.ipynb: warning: cell 2: a widget (ipywidgets: a slider, a "
        "button…) is not shown: a page runs no script from a notebook. Show what it sets as "
        f"text or a picture too, or {hide}"], said


def test_what_the_writer_is_told_reads_well_and_can_be_done_in_colab(site):
    small_site(site)
    widget = {"application/vnd.jupyter.widget-view+json": {"model_id": "a1", "version_major": 2,
                                                           "version_minor": 0},
              "text/plain": "  0%|          | 0/100 [00:00<?, ?it/s]"}
    site.write("content/posts/progress.ipynb", colab(
        front("进度条"),
        code("for _ in tqdm(range(100)): pass", [display(widget)]),
        code("fig.show()", [display({"application/vnd.plotly.v1+json": {"data": []},
                                     "text/html": "<div id=p></div><script>Plotly()</script>"})]),
    ))
    site.write("content/posts/cut.ipynb", '{\n "cells": [\n  {"cell_type": "markdown", '
                                          '"source": ["half a')
    built = site.build()
    said = messages(built)
    assert "content/posts/progress.ipynb: warning: cell 2: a widget (a progress bar of " \
           "`tqdm.auto`?) is not shown: a page runs no script from a notebook. Print text " \
           "instead (`from tqdm import tqdm`), or hide the output: `#| output: false` as the " \
           "cell's first line, or the tag `remove-output`" in said, said
    assert "content/posts/progress.ipynb: warning: cell 3: an interactive output (JavaScript) " \
           "is not shown: a page runs no script from a notebook. Save a picture of it too " \
           "(Plotly: `fig.show('png')`), or hide the output: `#| output: false` as the cell's " \
           "first line, or the tag `remove-output`" in said, said
    assert "content/posts/cut.ipynb:3: error: not a notebook: its JSON is broken here " \
           "(unterminated string at line 3, column 40); was it saved whole?" in said, said

"""Every page a build writes passes the Nu HTML checker (vnu), the checker the site is judged by.

html5lib (test_valid_pages.py) parses, it does not validate: a `<link rel="expect"
blocking="render">` on every page passed the whole suite and was 150 errors to the judge. Here
the example blog and small sites writing what the example does not (code tabs, notebooks,
citations, diagrams, video cards, callouts, other generators' tags, comments, pages of terms
and of a paginated list, the search page, the 404 page, redirect pages, a site under a sub-path
and one at a domain's root) are built and their pages checked in one run of the checker:
starting Java costs about a second, checking a page some 20 ms. With the pages, their SVG
pictures (a notebook's charts the build writes, those it copies), and the pages as the preview
(`blogforge serve`) sends them, its script and notes added.
"""

from __future__ import annotations

import base64
import json
import subprocess
import textwrap
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import Site, serve
from previews import start_preview

# --- sites writing what the example blog does not -------------------------------------------


def notebook_json(*cells: dict) -> str:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "cells": list(cells), "metadata": {
        "kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}}})


def markdown_cell(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": textwrap.dedent(text)}


def code_cell(text: str, outputs: list[dict], tags: list[str] | None = None) -> dict:
    return {"cell_type": "code", "execution_count": 1, "metadata": {"tags": tags or []},
            "source": text, "outputs": outputs}


# A one-pixel PNG, for pictures beside posts and in a notebook's output.
PIXEL = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                      "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5f1d0"
                      "5d0000000049454e44ae426082")

# A chart as Matplotlib writes it (its DOCTYPE, RDF metadata, style and `xlink:href` uses): a
# notebook's output the build publishes as a picture of its own (content/notebooks.py).
MATPLOTLIB_SVG = """<?xml version="1.0" encoding="utf-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="120pt" height="90pt" viewBox="0 0 120 90"
 xmlns="http://www.w3.org/2000/svg" version="1.1">
 <metadata>
  <rdf:RDF xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:cc="http://creativecommons.org/ns#"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
   <cc:Work><dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage"/></cc:Work>
  </rdf:RDF>
 </metadata>
 <defs><style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style></defs>
 <g id="figure_1">
  <path d="M 0 90 L 120 90 L 120 0 L 0 0 z" style="fill: #ffffff"/>
  <defs><path id="m0b5c4f3a1e" d="M 0 0 L 0 3.5" style="stroke: #000000"/></defs>
  <!-- 0 -->
  <use xlink:href="#m0b5c4f3a1e" x="20" y="80"/>
  <path d="M 20 80 L 110 10" clip-path="url(#p1)" style="fill: none; stroke: #1f77b4"/>
 </g>
 <defs><clipPath id="p1"><rect x="15" y="5" width="100" height="80"/></clipPath></defs>
</svg>
"""

BIBTEX = """
@article{kingma2013,
  title = {Auto-Encoding Variational {Bayes}},
  author = {Kingma, Diederik P. and Welling, Max},
  journal = {arXiv preprint arXiv:1312.6114},
  year = {2013},
  doi = {10.48550/arXiv.1312.6114}
}

@inproceedings{ho2020,
  title = {Denoising Diffusion Probabilistic Models with $O(\\sqrt{n})$ steps},
  author = {Ho, Jonathan and Jain, Ajay and Abbeel, Pieter},
  booktitle = {Advances in Neural Information Processing Systems},
  year = {2020},
  url = {https://arxiv.org/abs/2006.11239}
}
"""

# A post in every construct of blogforge's Markdown a reader meets (README: *Markdown*).
EVERYTHING = """\
[TOC]

## 代码 {#code}

```python {linenos=true hl_lines="2" title="lru.py" link="https://python.org/" link_text="文档"}
from collections import OrderedDict
cache = OrderedDict()
```

```python {group="two-sum"}
def two_sum(nums, target): ...
```

```cpp {group="two-sum"}
vector<int> twoSum(vector<int>& nums, int target);
```

```sql {group="two-sum" tab="MySQL"}
SELECT 1;
```

```terminal
$ pip install blogforge
Successfully installed blogforge
```

```unknown-language
plain
```

```python {fold=true}
{long_code}
```

```mermaid
flowchart LR
  A[加载 batch] --> B[前向] --> C{{loss 是 NaN?}}
```

## 公式 {#math}

内联 $w_i^\\top x$ 与 $\\mathbb{E}[X]$，以及显示公式：

$$
\\mathcal{L}(\\theta) = \\mathbb{E}_{q}[\\log p_\\theta(x \\mid z)] - \\mathrm{KL}(q \\| p)
$$ {#eq-elbo}

\\begin{align}
a &= b \\label{eq:a} \\\\
c &= d \\tag{T}
\\end{align}

见 @eq-elbo 与 \\eqref{eq:a}，以及 $\\textcolor{blue}{x}$ 和 $\\frac{1}{0$。

## 提示与定理

> [!NOTE]
> 一条说明。[^1]

> [!TIP] 用 $O(n)$ 的 **双端队列**
> 正文。

> [!warning]- 折叠的警告
> 藏起来的内容。

> [!example]+ 展开的例子
> 例子。

::: {.callout-tip title="Why scale?"}
Because $\\sqrt{d_k}$.
:::

::: {.theorem #thm-elbo name="ELBO"}
$\\log p(x) \\ge \\mathcal{L}$.
:::

::: {.proof}
显然。
:::

{% note info 点击展开 %}
Hexo 的 note。
{% endnote %}

{{< details summary="Hugo 的 details" >}}
内容。
{{< /details >}}

:::tips
语雀的提示。
:::

@thm-elbo 说明了这一点。

## 图片与视频

![A pixel](pixel.png "一个像素 $p(x)$"){#fig-pixel}

如 @fig-pixel 所示。[![linked](pixel.png "Linked")](https://example.org/)

![light](pixel.png){: .light } ![dark](pixel.png){: .dark }

<img src="pixel.png" alt="Typora 缩小的像素" style="zoom:50%;" />

{{< youtube dQw4w9WgXcQ >}}

{{< bilibili BV1GJ411x7h7 >}}

{% include embed/video.html src='/clip.mp4' poster='/pixel.png' title='Demo' %}

![[clip.mp4]]

![[voice.mp3]]

![[paper.pdf]]

{{< gist spf13 7896402 >}}

## 表格与列表

| 符号 | 含义 |
| --- | :-: |
| $P(A|B)$ | 条件概率 |
| `a\\|b` | 或 |

: 符号表 {#tbl-symbols}

见 @tbl-symbols。

- [x] 完成
- [ ] 未完成

KL
: Kullback–Leibler 散度

*[KL]: Kullback–Leibler divergence

KL 用来 ==度量== 两个分布，~~不是~~距离。文献 [@kingma2013; @ho2020] 与 @kingma2013 [p. 3]，
以及 [-@ho2020]，还有缺失的 [@nobody2024]。

<details><summary>原始 HTML</summary>

内容 <kbd>Ctrl</kbd> + <kbd>K</kbd>。

</details>

一段有块引用的文字 ^block-1

[[#提示与定理]] 和 [[other|另一篇]] 和 [[other#^para]]。

%% 不发布的注释 %%

#机器学习 #ml/vae

[^1]: 脚注，带公式 $x^2$。

## 参考文献
"""

OTHER = """\
另一篇文章，有一段可以被引用的话。 ^para

$$x = 1$$

## Main

## $L_1$ 正则[^n] 与 [链接](https://example.org/) {#l1}

### `code` 标题

[^n]: 标题里的脚注。
"""

# What other generators' posts say (README: *Moving from Hexo, Jekyll, Hugo or Notion*).
IMPORTED = """\
{% codeblock lru.py https://example.org/lru 源码 lang:python mark:2 first_line:5 %}
a = 1
b = 2
{% endcodeblock %}

{% blockquote Alan Kay, Talk https://example.org/talk %}
The best way to predict the future is to invent it.
{% endblockquote %}

{% asset_img pixel.png 30 20 "一个像素" "像素" %}

{{< figure src="pixel.png" caption="Hugo 的 $x$ 图" alt="像素" link="https://example.org/" >}}

{% include figure image_path="pixel.png" alt="像素" caption="Minimal Mistakes" %}

{% include embed/audio.html src='/voice.mp3' title='Voice' %}

```python
print("x")
```
{: file="train.py" }

> 一个提示。
{: .prompt-tip }

<div class="notice--info" markdown="1">
**注意**：Markdown 在 HTML 里。
</div>

![Chirpy](pixel.png){: w="700" h="400" .left .shadow }
_图 1：Chirpy 的标题_

| a | b |
| - | - |
| 1 | 2 | 3 |

{{% notice tip "Hugo 的提示" %}}
内容。
{{% /notice %}}

知乎公式：![[公式]](https://www.zhihu.com/equation?tex=x%5E2)

<aside>💡 Notion 的提示。</aside>
"""


def write_sub_path_site(site: Site) -> None:
    """Bilingual, under a sub-path, listing two posts a page, with comments, a series, per-tag
    feeds, a bibliography, a notebook and a post in all of the Markdown above."""
    site.write("site.yaml", """
        title: 笔记
        base_url: https://example.org/notes/
        author: 林深
        paginate: 2
        bibliography: refs.bib
        license: {name: CC BY-NC-SA 4.0}
        feeds: {per_tag: true, per_category: true, per_series: true, rss: true}
        comments: {provider: giscus, repo: me/blog, repo_id: R_1, category: Comments,
                   category_id: DIC_1}
        languages:
          zh:
            title: 笔记
            menu: [{name: 归档, url: archives/}, {name: 标签, url: tags/},
                   {name: 搜索, url: search/}, {name: GitHub, url: "https://github.com/me"}]
          en:
            title: Notes
            menu: [{name: Archives, url: archives/}, {name: About, url: about/}]
        series:
          basics: {zh: 基础, en: Basics}
        tags:
          ml: {zh: 机器学习, en: ML}
        """)
    site.write("refs.bib", BIBTEX)
    site.write(".obsidian/app.json", "{}")
    site.write("content/posts/everything/pixel.png", raw=PIXEL)
    site.write("content/posts/everything/clip.mp4", raw=b"\0\0\0\x18ftypmp42")
    site.write("content/posts/everything/voice.mp3", raw=b"ID3")
    site.write("content/posts/everything/paper.pdf", raw=b"%PDF-1.4\n")
    site.write("static/clip.mp4", raw=b"\0\0\0\x18ftypmp42")
    site.write("static/pixel.png", raw=PIXEL)
    long_code = "\n".join(f"x{i} = {i}" for i in range(40))
    site.post("everything/index.md", "万物 $\\alpha$：全部语法", "2024-05-03",
              body=EVERYTHING.replace("{long_code}", long_code),
              tags="[ml, 注意力]", categories="[机器学习, 生成模型]", series="basics",
              cover="pixel.png", updated="2024-06-01")
    site.post("everything/index.en.md", "Everything", "2024-05-03",
              body="An English translation, $x$.\n", tags="[ml]", series="basics")
    site.post("other.md", "另一篇", "2024-05-02", body=OTHER, tags="[ml]", series="basics",
              toc="true")
    site.write("content/posts/imported/pixel.png", raw=PIXEL)
    site.write("static/voice.mp3", raw=b"ID3")
    site.post("imported/index.md", "搬来的文章", "2024-04-30", body=IMPORTED)
    for day in range(4, 9):
        site.post(f"short-{day}.md", f"短文 {day}", f"2024-05-{day:02}",
                  body=f"第 {day} 篇。<!--more-->\n\n更多。\n", tags="[ml]",
                  categories="[机器学习]", series="basics")  # (seven parts: the box skips some)
    site.write("content/posts/nb.ipynb", notebook_json(
        {"cell_type": "raw", "metadata": {},
         "source": "---\ntitle: 笔记本\ndate: 2024-05-01\ntags: [ml]\n---\n"},
        markdown_cell("## 实验\n\n缩放点积 $\\mathrm{softmax}(QK^T)$。\n"),
        code_cell("import numpy as np\nprint('loss', 0.25)", [
            {"output_type": "stream", "name": "stdout", "text": "loss 0.25\n"},
            {"output_type": "stream", "name": "stderr", "text": "warning: slow\n"},
            {"output_type": "display_data", "metadata": {},
             "data": {"image/svg+xml": MATPLOTLIB_SVG, "text/plain": "<Figure>"}},
            {"output_type": "display_data", "metadata": {},
             "data": {"image/png": base64.b64encode(PIXEL).decode(),
                      "text/plain": "<Figure>"}},
            {"output_type": "execute_result", "execution_count": 1, "metadata": {},
             "data": {"text/html": '<table border="1" class="dataframe"><thead><tr><th></th>'
                                   "<th>loss</th></tr></thead><tbody><tr><th>0</th>"
                                   "<td>0.25</td></tr></tbody></table>",
                      "text/plain": "   loss\n0  0.25"}},
            {"output_type": "display_data", "metadata": {},
             "data": {"text/latex": "$$x^2$$", "text/plain": "x^2"}},
            {"output_type": "error", "ename": "ZeroDivisionError", "evalue": "division by zero",
             "traceback": ["\x1b[0;31mZeroDivisionError\x1b[0m: division by zero"]}]),
        code_cell("#| code-fold: true\n%matplotlib inline\n!pip install numpy", [],
                  tags=["hide-output"]),
    ))
    site.write("content/about.md", "---\ntitle: 关于\ncomments: true\n---\n关于本站。\n")
    site.write("content/about.en.md", "---\ntitle: About\n---\nAbout this site.\n")


def write_root_site(site: Site) -> None:
    """English, at a domain's root, formulas as MathML alone, Waline's comments, the search
    engines' codes, a sharing picture, a redirect page, pinned, unlisted and Taiwanese posts."""
    site.write("site.yaml", """
        title: Root
        base_url: https://blog.example.com/
        default_language: en
        math: {output: mathml}
        comments: {provider: waline, server_url: "https://waline.example.com"}
        verification: {google: abc, baidu: def}
        twitter: "@root"
        image: og.png
        """)
    site.write("static/og.png", raw=PIXEL)
    site.post("a.md", "Attention $QK^T$", "2024-05-01",
              body="$$\\begin{pmatrix}a & b \\\\ c & d\\end{pmatrix}$$\n\n```mermaid\n"
                   "graph TD\n  A --> B\n```\n\n> [!CAUTION]\n> Careful.\n",
              tags="[attention]", lang="en", aliases="[/old/, /2019/01/01/a.html]",
              authors="[爱丽丝, Bob]", pinned="true")
    site.post("hidden.md", "Hidden", "2024-05-02", body="$x$\n", lang="en", unlisted="true")
    site.post("tw.md", "注意力機制", "2024-05-03", body="繁體中文的文章。\n", lang="zh-TW")


FIXTURE_SITES = {"sub-path": write_sub_path_site, "root": write_root_site}


# --- the checker -----------------------------------------------------------------------------


def files_named(outputs: dict[str, Path], pattern: str) -> dict[Path, str]:
    """The files of each output that `pattern` matches, each by the name a message gives it:
    the output's name and the file's path in it (`example/posts/vae/index.html`)."""
    return {path: f"{name}/{path.relative_to(output).as_posix()}"
            for name, output in outputs.items() for path in sorted(output.rglob(pattern))}


def nu_errors(checker: list[str], files: dict[Path, str], *options: str) -> list[str]:
    """The errors the Nu HTML checker finds in `files` (one run of it), each "file:line:
    message"; the test fails when the checker did not run, or checked not every file (it
    passes over a file it cannot read without a word)."""
    run = subprocess.run([*checker, "--errors-only", "--format", "json", "--stdout", "--verbose",
                          *options, *map(str, files)],
                         capture_output=True, text=True, encoding="utf-8", check=False)
    try:
        messages = json.loads(run.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"the Nu HTML checker did not run (exit status {run.returncode}):\n"
                    f"{run.stdout}{run.stderr}")
    checked = {Path(line) for line in run.stderr.splitlines()}  # (--verbose: a file a line)
    unchecked = [name for path, name in files.items() if path not in checked]
    assert not unchecked, f"the Nu HTML checker checked none of {unchecked}: {run.stderr}"
    errors = []
    for message in messages:
        path = Path(unquote(message.get("url", "").removeprefix("file:")))
        errors.append(f"{files.get(path, path)}:{message.get('lastLine', '?')}: "
                      f"{message['message']}")
    return errors


def nu_errors_of(checker: list[str], documents: dict[str, bytes], folder: Path) -> list[str]:
    """`nu_errors` of pages that are no file of an output (as a server sent them, as a browser
    has them), each named by its key: written into `folder`, checked in one run."""
    files = {}
    for number, (name, document) in enumerate(documents.items()):
        file = folder / f"document-{number}.html"
        file.write_bytes(document)
        files[file] = name
    return nu_errors(checker, files)


def test_every_page_stylesheet_and_svg_picture_the_builds_write_passes_the_nu_checker(
        nu_checker, example_site, tmp_path):
    outputs = {"example": example_site}
    for name, write in FIXTURE_SITES.items():
        site = Site(tmp_path / name)
        write(site)
        assert site.build().written
        outputs[name] = site.output
    pages = files_named(outputs, "*.html")
    assert len(pages) > 200
    # The SVG pictures: those copied from the sites' folders, and those the build writes (a
    # notebook's charts), each opened on its own by a reader's "open image in new tab".
    pictures = files_named(outputs, "*.svg")
    assert any("/nb-" in name for name in pictures.values()), pictures
    # The stylesheets once each (blogforge.css is in every output), KaTeX's aside: the tests'
    # stand-in for it (conftest.py), not the file a site publishes.
    stylesheets = {}
    for path, name in files_named(outputs, "*.css").items():
        if "/katex/" not in name:
            stylesheets.setdefault(path.read_bytes(), (path, name))
    assert len(stylesheets) >= 4
    # (two runs: `--also-check-css` would check both in one, but tells an HTML file's lines one
    # short; `--also-check-svg` does not)
    errors = nu_errors(nu_checker, pages | pictures, "--also-check-svg") + nu_errors(
        nu_checker, dict(stylesheets.values()), "--css")
    assert errors == [], "\n".join(errors)


def test_the_checker_finds_an_invalid_page_stylesheet_and_svg_and_says_where(nu_checker, site):
    """What makes the test above worth having: the checker's errors reach it, at their lines
    (here: the `blocking` that passed html5lib and gave the judge 150 errors)."""
    site.write("templates/partials/head_extra.html",
               '<link rel="expect" href="#main" blocking="render">\n')
    site.write("static/css/site.css", "a { colr: red }\n")
    site.write("static/img/dot.svg", '<svg xmlns="http://www.w3.org/2000/svg">\n'
                                     '<circle r="2" fil="red"/>\n</svg>\n')
    site.post("a.md", "A")
    assert site.build().written
    page = site.output / "posts/a/index.html"
    line = site.read("posts/a/").split("\n").index('<link rel="expect" href="#main" '
                                                   'blocking="render">') + 1
    picture = site.output / "img/dot.svg"
    errors = nu_errors(nu_checker, {page: "posts/a/index.html", picture: "img/dot.svg"},
                       "--also-check-svg")
    assert errors == [f"posts/a/index.html:{line}: A “link” element with a “blocking” "
                      "attribute must have a “rel” attribute whose value is “stylesheet”.",
                      "img/dot.svg:2: Attribute “fil” not allowed on element “circle” at this "
                      "point."]
    stylesheet = site.output / "css/site.css"
    assert nu_errors(nu_checker, {stylesheet: "css/site.css"}, "--css") == [
        "css/site.css:1: CSS: “colr”: Property “colr” doesn't exist."]


# --- pages as the preview sends them --------------------------------------------------------


def write_previewed_site(site: Site) -> None:
    """A site at a sub-path with a draft and a post of a close name, no formulas: the preview's
    later builds run in a thread of their own here, where KaTeX cannot (Preview.start)."""
    site.write("site.yaml", "title: 预览\nbase_url: https://me.github.io/repo/\n")
    site.post("attention.md", "注意力", body="正文。\n\n```python\nprint(1)\n```\n")
    site.post("kv-cache.md", "KV cache", draft="true")


def test_the_pages_the_preview_sends_pass_the_nu_checker(nu_checker, site, tmp_path):
    """`blogforge serve` adds its script to every page, and to its 404 page a note of why a
    page may be missing; before a first good build it sends a page of its own: a writer reads
    these, and the reload rides on them."""
    write_previewed_site(site)
    pages = {}
    running = start_preview(site.root, tmp_path / "preview", watch=False)
    try:
        for path in ("/repo/", "/repo/posts/attention/",
                     "/repo/posts/kv-cache/",  # (a draft's: named)
                     "/repo/posts/atention/",  # (a typo: the page of a close name)
                     "/repo/no-such-page/",  # (what the build held back)
                     "/posts/attention/",  # (outside the site's path)
                     "/repo/search-index/"):  # (a folder without a page)
            pages[path] = running.get(path)
    finally:
        running.preview.stop()
    broken = Site(tmp_path / "broken")
    write_previewed_site(broken)
    broken.write("content/posts/bad.md", "---\ntitle: [broken\n---\n坏了。\n")
    running = start_preview(broken.root, tmp_path / "never-built", watch=False)
    try:
        pages["first build failed"] = running.get("/repo/")
    finally:
        running.preview.stop()
    assert [page.status for page in pages.values()] == [200, 200] + [404] * 6
    assert "content/posts/bad.md" in pages["first build failed"].text
    for path, page in pages.items():
        assert page.text.count('src="/__blogforge/livereload.js"') == 1, path
    errors = nu_errors_of(nu_checker, {path: page.body for path, page in pages.items()},
                          tmp_path)
    assert errors == [], "\n".join(errors)


# --- pages after their scripts ran ------------------------------------------------------------
# The theme's scripts write into the page (code tabs, copy and fold buttons, the figure zoom,
# search results, a failed comments note, diagrams) and the preview's its error overlay: what
# the reader meets is the page as they left it, serialised by the browser and checked so.

BROWSER_WAIT_MS = 20_000  # an upper bound for a shared machine; every wait ends when it is met


def only_from(page, origin: str) -> None:
    """No request leaves the machine (a comments script, as where it cannot be had)."""
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(origin)
               else route.abort())


def test_pages_after_their_scripts_ran_pass_the_nu_checker(nu_checker, browser, example_site,
                                                           tmp_path):
    site = Site(tmp_path / "sub-path")
    write_sub_path_site(site)
    assert site.build().written
    shown: dict[str, str] = {}  # what the reader has in front of them, by when
    with serve(site.output, "/notes/") as root:
        origin = root.removesuffix("/notes/")
        desktop = browser.new_context(viewport={"width": 1200, "height": 800})
        desktop.grant_permissions(["clipboard-write"])  # (the copy button's)
        page = desktop.new_page()
        only_from(page, origin)
        page.goto(root + "posts/everything/")
        page.locator(".diagram").scroll_into_view_if_needed()  # (drawn as it comes near)
        page.wait_for_selector(".diagram[data-drawn]", timeout=BROWSER_WAIT_MS)
        page.locator(".comments").scroll_into_view_if_needed()
        page.wait_for_selector(".comments-failed", timeout=BROWSER_WAIT_MS)
        shown["a post, its scripts run"] = page.content()
        page.locator(".code-copy").first.click()
        page.wait_for_selector(".code-copy.is-copied", timeout=BROWSER_WAIT_MS)
        page.locator(".code-unfold").click()
        page.locator(".code-tab").nth(1).click()
        page.locator(".theme-toggle").click()  # (the diagram is drawn again, dark)
        page.wait_for_selector(".diagram[data-drawn=dark]", timeout=BROWSER_WAIT_MS)
        page.locator(".figure-zoom").first.click()
        page.wait_for_selector("dialog.zoom[open]", timeout=BROWSER_WAIT_MS)
        shown["the same, used: code copied, unfolded, a tab chosen, dark, a figure zoomed"] = \
            page.content()
        page.keyboard.press("Escape")
        page.fill("#search-input", "短文")
        page.wait_for_selector("#search-panel .search-hit", timeout=BROWSER_WAIT_MS)
        shown["the header's search, results shown"] = page.content()
        page.fill("#search-input", "zebrafish")
        page.wait_for_selector("#search-panel .search-browse", timeout=BROWSER_WAIT_MS)
        shown["the header's search, nothing found"] = page.content()
        desktop.close()

        phone = browser.new_page(viewport={"width": 390, "height": 844})
        only_from(phone, origin)
        phone.goto(root + "posts/everything/")
        phone.wait_for_selector(".content pre[tabindex]", timeout=BROWSER_WAIT_MS)
        shown["a post on a phone, its wide code reached by Tab"] = phone.content()
        phone.route("**/search-index/**", lambda route: route.abort())
        phone.goto(root + "search/?q=注意力")
        phone.wait_for_selector("#search-results .search-browse", timeout=BROWSER_WAIT_MS)
        shown["the search page, its index out of reach"] = phone.content()
        phone.close()
    with serve(example_site, "/repo/") as root:  # (more results than a page of them)
        page = browser.new_page()
        page.goto(root + "search/?q=模型")
        page.locator(".search-more").click()
        page.wait_for_selector(".search-hit:nth-child(11)", timeout=BROWSER_WAIT_MS)
        shown["the search page, its second page of results shown"] = page.content()
        page.goto(root + "en/search/?q=注意力")
        page.wait_for_selector(".search-hit[lang]", timeout=BROWSER_WAIT_MS)
        shown["the English search page, Chinese results shown"] = page.content()
        page.close()
    previewed = Site(tmp_path / "previewed")
    write_previewed_site(previewed)
    running = start_preview(previewed.root, tmp_path / "preview")
    try:
        page = browser.new_page()
        page.goto(running.preview.url + "posts/kv-cache/")  # (its note: a draft's page)
        page.wait_for_load_state("load")
        shown["the preview's 404 page"] = page.content()
        previewed.write("content/posts/attention.md", "---\ntitle: [broken\n---\n坏了。\n")
        page.wait_for_selector("blogforge-errors", state="attached", timeout=BROWSER_WAIT_MS)
        shown["the preview's error overlay"] = page.content()
        page.close()
    finally:
        running.preview.stop()
    errors = nu_errors_of(nu_checker, {when: html.encode() for when, html in shown.items()},
                          tmp_path)
    assert errors == [], "\n".join(errors)

"""Notes moved from 知乎 (Zhihu), 语雀 (Yuque), CSDN, Typora and Obsidian by dropping their
Markdown exports into content/posts/: what those exports write shows as the writer saw it
there, and what cannot is said."""

from __future__ import annotations

import json
import re
from html import unescape

from conftest import messages

ZHIHU = "https://www.zhihu.com/equation?tex="
YUQUE = "https://cdn.nlark.com/yuque/__latex/0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f6.svg#card=math&code="


def body_of(site, body: str, **front) -> str:
    site.post("a.md", "A", date="2024-05-01", body=body, **front)
    result = site.build()
    assert result.written, messages(result)
    page = site.read("posts/a/")
    return page.split('<div class="content">', 1)[1].split('<p class="print-source">', 1)[0]


def annotations(html: str) -> list[str]:
    """The TeX of each formula KaTeX rendered, in order."""
    return re.findall(r'<annotation encoding="application/x-tex">(.*?)</annotation>', html)


# --- formulas exported as pictures -----------------------------------------------------------


def test_zhihu_formula_pictures_are_rendered_as_formulas(site):
    """Zhihu's formulas were pictures on zhihu.com: shown only online, black on the dark
    theme, read out as "公式", never in the search index or the description."""
    zhihu_img = (f'<img src="{ZHIHU}q%28x_t%7Cx_%7Bt-1%7D%29" alt="q(x_t|x_{{t-1}})" '
                 'class="ee_img tr_noresize" eeimg="1">')
    html = body_of(site, f"""
        前向过程： {zhihu_img} ，其中 ![[公式]]({ZHIHU}%5Cbeta_t) 是方差表。

        ![[公式]]({ZHIHU}L%3D%5Cmathbb%7BE%7D%5Cleft%5B%5C%7C%5Cepsilon%5C%7C%5E2%5Cright%5D+%5C%5C)
        """)
    assert "zhihu.com/equation" not in html
    assert annotations(html) == ["q(x_t|x_{t-1})", r"\beta_t",
                                 r"L=\mathbb{E}\left[\|\epsilon\|^2\right]"]
    # (a TeX ending in `\\` is Zhihu's display formula: a block of its own, as `$$…$$` is)
    assert '<div class="math-display">' in html and "<p><div" not in html
    page = site.read("posts/a/")
    description = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
    assert "其中 βₜ 是方差表" in description
    assert "og:image" not in page
    text = json.loads((site.output / "search-index/d/0.json").read_text("utf-8"))["text"]
    assert "βₜ" in text


def test_yuque_formula_pictures_are_rendered_and_one_alone_on_its_line_is_a_display(site):
    html = body_of(site, f"""
        公式为：<br />![]({YUQUE}%5Cfrac%7BQK%5ET%7D%7B%5Csqrt%7Bd_k%7D%7D&id=Ab3xY)

        行内 ![]({YUQUE}E%3Dmc%5E2&id=Kq2Lm) 也是图片。
        """)
    assert "nlark.com" not in html
    assert annotations(html) == [r"\frac{QK^T}{\sqrt{d_k}}", "E=mc^2"]
    first, second = html.split("行内")
    assert "math-display" in first and "math-display" not in second


def test_a_formula_picture_in_code_stays_code_and_one_alone_in_html_is_a_formula(site):
    html = body_of(site, f"""
        写法是 `![[公式]]({ZHIHU}x)`。

        ```markdown
        ![[公式]]({ZHIHU}y)
        ```

        <img src="{ZHIHU}z%5E2" alt="z^2" eeimg="1">
        """)
    assert annotations(html) == ["z^2"]
    assert html.count(f"{ZHIHU}x") == 1 and html.count(f"{ZHIHU}y") == 1


def test_a_broken_formula_picture_is_said_at_its_line(site):
    site.post("a.md", "A", date="2024-05-01",
              body=f"第一行。\n\n第二段\n其中 ![[公式]]({ZHIHU}%5Cfrac%7Ba%7D) 坏了。\n")
    found = [m for m in messages(site.build()) if "posts/a.md" in m]
    assert found and all(m.startswith("content/posts/a.md:8:") for m in found), found


# --- pictures on hosts that refuse other sites -----------------------------------------------


def test_pictures_on_hosts_that_refuse_other_sites_are_said_once_and_shown_without_referrer(
        site):
    """Zhihu's and CSDN's picture hosts check the Referer: an exported post's pictures showed
    broken, each view asking a third party, without a word to the writer."""
    site.post("a.md", "A", date="2024-05-01", body="""
        第一段。

        ![图1](https://pic3.zhimg.com/v2-8f2c_b.jpg)
        ![](https://example.org/own.png)

        <img src="https://img-blog.csdnimg.cn/img_convert/3a5b.png#pic_center" alt="示意">

        <img src="https://pic1.zhimg.com/80/v2-1a2b_720w.webp" alt="" referrerpolicy="origin">
        """)
    found = [m for m in messages(site.build()) if "Referer" in m]
    assert found == ["content/posts/a.md:8: warning: 3 pictures are on pic3.zhimg.com, "
                     "img-blog.csdnimg.cn, pic1.zhimg.com (Zhihu 知乎, CSDN), hosts that "
                     "refuse their pictures to other sites (checking the Referer): readers may "
                     "see them broken, and their browsers ask those sites for them on every view; "
                     "download the pictures into the post's folder and link them by name "
                     "(`![说明](figure.png)`)"]
    page = site.read("posts/a/")
    assert re.search(r'<img src="https://pic3.zhimg.com/v2-8f2c_b.jpg"[^>]* '
                     r'referrerpolicy="no-referrer"', page)
    assert '<img referrerpolicy="no-referrer" src="https://img-blog.csdnimg.cn/' in page
    assert 'referrerpolicy="origin"' in page  # (the writer's own choice)
    assert page.count("referrerpolicy") == 3  # (not example.org's)
    # a sharing card's picture is never one that host may refuse to the card's site
    assert '<meta property="og:image" content="https://example.org/own.png">' in page


def test_a_post_whose_pictures_are_its_own_is_not_told_about_other_sites(site):
    site.write("content/posts/a/fig.png", raw=b"\x89PNG\r\n\x1a\n")
    site.post("a/index.md", "A", date="2024-05-01",
              body="![图](fig.png)\n\n链接到 [知乎](https://pic3.zhimg.com/) 不算图片。\n")
    assert not [m for m in messages(site.build()) if "Referer" in m]
    assert "referrerpolicy" not in site.read("posts/a/")


# --- pictures linked to github.com ------------------------------------------------------------


def test_a_picture_linked_to_githubs_page_of_the_file_is_said_at_its_line(site):
    """`![](https://github.com/u/r/blob/main/x/a.png)`, the address of GitHub's page showing
    the file (HTML, not the image), was published broken, --strict said nothing."""
    site.post("a.md", "A", date="2024-05-01", body="""
        第一段。

        ![图](https://github.com/qa/notes/blob/main/img/a.png)
        ![](https://github.com/qa/notes/blob/main/img/b.png?raw=true)
        [源码](https://github.com/qa/notes/blob/main/train.py)

        <img src="https://github.com/qa/notes/blob/5e1f/img/c.png" alt="c">
        """)
    found = [m for m in messages(site.build()) if m.startswith("content/posts/a.md")]
    assert found == [
        "content/posts/a.md:8: warning: 2 pictures link to GitHub's page of a file "
        "(`https://github.com/qa/notes/blob/main/img/a.png`, …), an HTML page, not the image: "
        "readers see them broken; put the file beside the post and link it by name "
        "(`![说明](figure.png)`), or link the image itself: "
        "https://raw.githubusercontent.com/qa/notes/main/img/a.png"]
    result = site.build(strict=True)  # (the CI workflow's build)
    assert not result.written
    assert any("GitHub's page of a file" in m for m in messages(result, "error"))


def test_a_picture_uploaded_to_github_is_said_once_with_where_to_put_it(site):
    """An image dropped into github.com's editor gets a user-attachments address: it breaks
    when the repository goes private, and github.com is slow or blocked in mainland China."""
    site.post("a.md", "A", date="2024-05-01", body="""
        正文。

        ![截图](https://github.com/user-attachments/assets/0b5c1f2e-7d1a-4f7e-9a55-3c2d1e0f9a11)

        <img width="600" alt="图" src="https://github.com/user-attachments/assets/9f00">

        ![](https://private-user-images.githubusercontent.com/1/2-3.png?jwt=eyJ)
        """)
    found = [m for m in messages(site.build()) if m.startswith("content/posts/a.md")]
    assert found == [
        "content/posts/a.md:8: warning: 2 pictures are on github.com/user-attachments (a file "
        "put into an issue, a pull request or a comment): GitHub serves such a file only while "
        "its repository is public, and github.com is slow or blocked for many readers (in "
        "mainland China among them); download them into the post's folder and link them by "
        "name (`![说明](figure.png)`)",
        "content/posts/a.md:12: warning: a picture is on "
        "private-user-images.githubusercontent.com, a private repository's, whose addresses "
        "stop working minutes after they are copied: readers see it broken; download it into "
        "the post's folder and link it by name (`![说明](figure.png)`)"]
    assert 'src="https://github.com/user-attachments/assets/0b5c1f2e' in site.read("posts/a/")


# --- Typora's and CSDN's markers ------------------------------------------------------------


def test_a_toc_marker_line_turns_the_contents_on_and_shows_nothing(site):
    """CSDN's `@[toc](目录)` was published as "@" and a broken link to "目录", Typora's
    `[TOC]` as its text; a short post had no contents box."""
    for name, marker in [("csdn", "@[toc](目录)"), ("template", "@[TOC](文章目录)"),
                         ("typora", "[TOC]"), ("lower", "[toc]"), ("vuepress", "[[toc]]")]:
        site.post(f"{name}.md", name, date="2024-05-01",
                  body=f"{marker}\n\n## 题目描述\n\n正文。\n")
    site.post("code.md", "code", date="2024-05-01",
              body="写法：\n\n```\n[TOC]\n```\n\n`[TOC]` 放在开头。\n\n## 一\n\n正文。\n")
    site.post("link.md", "link", date="2024-05-01",
              body="[toc]\n\n## 一\n\n[toc]: https://example.org/toc\n")
    result = site.build()
    assert not [m for m in messages(result) if "目录" in m], messages(result)
    for name in ("csdn", "template", "typora", "lower", "vuepress"):
        page = site.read(f"posts/{name}/")
        body = page.split('<div class="content">')[1]
        assert 'class="toc"' in page, name
        assert "toc" not in body.split("</div>")[0].lower() and "@" not in body, name
    code = site.read("posts/code/")
    assert 'class="toc"' not in code
    assert code.split('<div class="content">')[1].count("[TOC]") == 2
    assert 'class="toc"' not in site.read("posts/link/")  # (a link, as it was)
    assert 'href="https://example.org/toc"' in site.read("posts/link/")


def test_a_toc_marker_in_a_list_or_a_quote_is_its_text(site):
    """helper-154: `- [TOC]` left an empty list item, `> [toc]` an empty quote."""
    site.post("a.md", "A", date="2024-05-01", body="- [TOC]\n- b\n\n> [toc]\n\n## 一\n\n正文。\n")
    site.build()
    body = site.read("posts/a/").split('<div class="content">')[1]
    assert "<li></li>" not in body and "<blockquote>\n</blockquote>" not in body
    assert "<li>[TOC]</li>" in body and "<p>[toc]</p>" in body


def test_toc_false_in_the_front_matter_wins_over_a_marker(site):
    site.post("a.md", "A", date="2024-05-01", body="[TOC]\n\n## 一\n\n正文。\n", toc="false")
    site.build()
    page = site.read("posts/a/")
    assert 'class="toc"' not in page and "[TOC]" not in page


def test_the_contents_of_a_post_whose_sections_are_h1_headings_list_them(site):
    """CSDN's posts and Typora's notes make their sections `#` headings (the title is
    apart): their `[TOC]` showed an empty box."""
    site.post("a.md", "A", date="2024-05-01",
              body="@[TOC](文章目录)\n\n# 题目描述\n\n正文。\n\n## 思路\n\n正文。\n\n"
                   "# 总结\n\n完。\n")
    site.build()
    toc = site.read("posts/a/").split('<nav class="toc"')[1].split("</nav>")[0]
    assert re.findall(r'href="#([^"]+)"', toc) == ["题目描述", "思路", "总结"]
    assert toc.index("思路") < toc.index("</ol>") < toc.index("总结")  # (beneath its section)


def test_a_post_whose_sections_are_h1_headings_gets_its_contents_as_others_do(site):
    """A contents box comes by itself with three headings or more, but only `##` and `###`
    were counted: a CSDN post of `#` chapters had none, however long, and a body of `###`
    sections with their `####`s counted half of what its box shows."""
    site.post("a.md", "A", date="2024-05-01",
              body="# 一、题目\n\n正文。\n\n## 思路\n\n正文。\n\n# 二、总结\n\n完。\n")
    site.post("b.md", "B", date="2024-05-01",
              body="### 一\n\n#### 甲\n\n正文。\n\n### 二\n\n完。\n")
    site.post("c.md", "C", date="2024-05-01", body="## 一\n\n正文。\n\n## 二\n\n完。\n")
    site.build()
    toc = site.read("posts/a/").split('<nav class="toc"')[1].split("</nav>")[0]
    assert re.findall(r'href="#([^"]+)"', toc) == ["一-题目", "思路", "二-总结"]
    toc = site.read("posts/b/").split('<nav class="toc"')[1].split("</nav>")[0]
    assert re.findall(r'href="#([^"]+)"', toc) == ["一", "甲", "二"]
    assert '<nav class="toc"' not in site.read("posts/c/")  # (two: none, as before)


def test_one_h1_above_the_sections_leaves_them_and_their_subsections_in_the_contents(site):
    """Typora's notes repeat the title as a `#` heading: the contents were that one entry and
    its `##`s, and the `###`s were dropped."""
    site.post("a.md", "A", date="2024-05-01", toc="true",
              body="正文。\n\n# 一级标题\n\n## 二级 A\n\n### 三级 A.1\n\n正文。\n\n"
                   "## 二级 B\n\n正文。\n")
    site.build()
    toc = site.read("posts/a/").split('<nav class="toc"')[1].split("</nav>")[0]
    assert re.findall(r'href="#([^"]+)"', toc) == ["一级标题", "二级-a", "三级-a.1", "二级-b"]
    assert toc.index("三级 A.1") < toc.index("</ol>") < toc.index("二级 B")  # (beneath A)


def test_one_h1_after_h2_sections_leaves_the_contents_as_they_were(site):
    """helper-154: one `# 附录` at the end of `##` sections nested every section under the
    first in the contents and dropped the `###`s."""
    site.post("a.md", "A", date="2024-05-01", toc="true",
              body="## 背景\n\n正文。\n\n### 细节\n\n正文。\n\n## 方法\n\n正文。\n\n"
                   "### 推导\n\n正文。\n\n## 实验\n\n正文。\n\n# 附录\n\n完。\n")
    site.build()
    toc = site.read("posts/a/").split('<nav class="toc"')[1].split("</nav>")[0]
    assert re.findall(r'href="#([^"]+)"', toc) == ["背景", "细节", "方法", "推导", "实验", "附录"]
    assert toc.index("细节") < toc.index("</ol>") < toc.index("方法")
    # (helper-156: chapters after a `##` preface were dropped from the contents)
    site.post("b.md", "B", date="2024-05-01", toc="true",
              body="## 前言\n\n正文。\n\n# 一、安装\n\n## 1.1 下载\n\n正文。\n\n"
                   "# 二、配置\n\n## 2.1 编辑\n\n正文。\n")
    site.build()
    toc = site.read("posts/b/").split('<nav class="toc"')[1].split("</nav>")[0]
    shown = re.sub(r"<[^>]+>", "", toc)
    assert all(title in shown for title in ("前言", "一、安装", "1.1 下载", "二、配置", "2.1 编辑"))


def test_a_heading_that_skips_a_level_is_a_subsection_in_the_contents(site):
    """`####` straight under a `##` (or `###` under a `#`, CSDN's chapters) was left out of
    the contents box; one below a `###` stays out, as the box shows two levels."""
    site.post("a.md", "A", date="2024-05-01", toc="true",
              body="## 甲\n\n正文。\n\n#### 甲一\n\n正文。\n\n#### 甲二\n\n正文。\n\n"
                   "## 乙\n\n### 乙一\n\n#### 乙一甲\n\n正文。\n")
    site.post("b.md", "B", date="2024-05-01", toc="true",
              body="# 一、安装\n\n### 1.1 下载\n\n正文。\n\n### 1.2 配置\n\n正文。\n\n"
                   "# 二、使用\n\n### 2.1 运行\n\n完。\n")
    site.build()
    toc = site.read("posts/a/").split('<nav class="toc"')[1].split("</nav>")[0]
    assert re.findall(r'href="#([^"]+)"', toc) == ["甲", "甲一", "甲二", "乙", "乙一"]
    assert toc.index("甲二") < toc.index("</ol>") < toc.index("乙")  # (beneath 甲)
    toc = site.read("posts/b/").split('<nav class="toc"')[1].split("</nav>")[0]
    assert re.findall(r'href="#([^"]+)"', toc) == ["一-安装", "1.1-下载", "1.2-配置", "二-使用",
                                                    "2.1-运行"]
    assert toc.count("<ol>") == 3  # (the box's and each chapter's)


def test_highlighted_text_is_marked_and_comparisons_stay_as_written(site):
    """A CSDN post showed its "==滑动窗口==" with the equals signs (Obsidian's, Typora's and
    CSDN's highlight)."""
    html = body_of(site, """
        ==滑动窗口==是本题关键，==Adam== 也是 (==note==)。

        若 cnt==0 且 s[i]==t[j]，或 a == b、== x ==、a === b 时不变。

        公式 $a == b$ 与 `x == y` 和 `==code==` 不变；$x$ ==在公式旁==$y$ 也标。
        """)
    assert re.findall(r"<mark>(.*?)</mark>", html) == ["滑动窗口", "Adam", "note", "在公式旁"]
    assert "若 cnt==0 且 s[i]==t[j]，或 a == b、== x ==、a === b 时不变。" in html
    assert "<code translate=\"no\">==code==</code>" in html
    page = site.read("posts/a/")
    description = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
    assert description.startswith("滑动窗口是本题关键，Adam 也是 (note)。")


def test_comparisons_in_chinese_programming_prose_are_no_highlight(site):
    """helper-154: Chinese prose writes comparisons without spaces, and the words between two
    of them were marked, the operators gone (from the page, the card and the search text)."""
    lines = ["整数用==比较没问题，浮点数用==比较就要小心。",
             "当 s[i]=='(' 时入栈，s[i]==')' 时出栈。",
             "当长度==0时返回，长度==1时也返回。",
             "比较用 ==，赋值用 =。只有==。",
             "\"==\" 运算符与 \"=\" 不同，'==' 也是。"]
    marked = ["==3 个要点==", "==2024 年 12 月 31 日==", "==100%==", '=="quoted phrase"==',
              "==如果数组有序，优先考虑二分。=="]  # (helper-156: highlights all the same)
    html = body_of(site, "\n\n".join(lines + marked) + "\n\n关键是==滑动窗口==的使用。\n")
    assert [unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", html)] == [
        "3 个要点", "2024 年 12 月 31 日", "100%", '"quoted phrase"',
        "如果数组有序，优先考虑二分。", "滑动窗口"]
    for line in lines:
        assert line in unescape(html), line


def test_a_highlight_ending_before_a_chinese_comma_is_marked_with_its_formula(site):
    """Typora's highlight of a sentence holding a comma and ending on a formula, `就是==将…，
    即$f(x_i)$==，其中`, was read as two comparisons and shown with its equals signs."""
    html = body_of(site, "就是==将每一个参数归一化，即$f(x_i)$==，其中$x_i$表示参数\n")
    (marked,) = re.findall(r"<mark>(.*?)</mark>", html)
    assert marked.startswith("将每一个参数归一化，即") and 'class="katex"' in marked
    assert "==" not in re.sub(r"<[^>]+>", "", html)


# --- callouts and anchors --------------------------------------------------------------------


def callouts(html: str) -> list[tuple[str, str]]:
    """(class, title) of each callout, in order."""
    return [(kind, re.sub(r"<[^>]+>", "", title).strip()) for kind, title in re.findall(
        r'<(?:div|details) class="callout callout-(\w+)"[^>]*>\s*'
        r'<(?:p|summary) class="callout-title">(.*?)</(?:p|summary)>', html, re.S)]


def test_yuque_and_vuepress_containers_are_callouts(site):
    """Yuque's `:::tips` and VuePress's `::: tip` were shown as their content, said as
    "Quarto's `::: tips`", a tool the writer never used."""
    site.post("a.md", "A", date="2024-05-01", body="""
        :::tips
        **提示**：本文公式较多。
        :::

        :::info
        说明。
        :::

        :::success
        成功。
        :::

        :::danger
        危险。
        :::

        ::: warning 注意维度
        这里的 $d_k$ 是维度。
        :::

        ::: details 点击查看代码
        ```python
        print(1)
        ```
        :::
        """)
    result = site.build()
    assert not [m for m in messages(result) if ":::" in m], messages(result)
    html = site.read("posts/a/")
    assert callouts(html) == [("tip", "提示"), ("note", "说明"), ("tip", "提示"),
                              ("caution", "小心"), ("warning", "警告：注意维度"),
                              ("note", "说明：点击查看代码")]  # (a title of its own: its kind
                              # said before it, for those who read without the icon)
    assert re.search(r'<details class="callout callout-note"[^>]*>\s*<summary', html)
    assert ":::" not in html.split('<div class="content">')[1]


def test_a_container_of_another_kind_is_said_without_naming_quarto(site):
    site.post("a.md", "A", date="2024-05-01", body="::: column\n内容。\n:::\n")
    found = [m for m in messages(site.build()) if ":::" in m]
    assert found == ["content/posts/a.md:5: warning: `::: column` is shown as its content: "
                     "blogforge draws callouts of `::: tip`, `::: info`, `::: warning`, "
                     "`::: danger`, `::: details` (VuePress, Yuque) and `::: callout-note`… "
                     "(Quarto), and theorems (`.theorem`…), no other"]


def test_notions_callouts_are_callouts_and_other_asides_stay(site):
    """Notion's `<aside>` callout was raw HTML: its Markdown shown as typed, no callout. Its
    💡 (and Notion's light bulb) is a tip, as `blogforge import notion` makes it; a writer's own
    `<aside>` opening with a symbol (★) is theirs (helper-154: it was made a note)."""
    icon = ('<img src="/icons/light-bulb_yellow.svg" alt="/icons/light-bulb_yellow.svg" '
            'width="40px" />')
    html = body_of(site, f"""
        <aside>
        💡 核心思想：**并行**，$d_k$ 是维度。

        </aside>

        <aside>
        {icon} 自定义图标。

        </aside>

        ```text
        <aside>
        💡 代码
        </aside>
        ```

        <aside>
        我自己的旁注。
        </aside>

        <aside>
        ★ 星标的旁注。
        </aside>

        <aside>
        ✨ 要点（helper-156: an emoji below U+1F000 is Notion's too）
        </aside>
        """)
    assert callouts(html) == [("tip", "提示"), ("tip", "提示"), ("note", "说明")]
    assert "<p>核心思想：<strong>并行</strong>，" in html and "<annotation" in html
    assert "<aside>\n★ 星标的旁注。\n</aside>" in html
    assert "<p>自定义图标。</p>" in html and "/icons/" not in html
    assert "&lt;aside&gt;\n💡 代码\n&lt;/aside&gt;" in html  # (code as written)
    assert "<aside>\n我自己的旁注。\n</aside>" in html  # (not Notion's: as written)


def test_an_anchor_on_a_line_of_its_own_leaves_no_empty_paragraph(site):
    """Yuque writes `<a name="ZuVtq"></a>` above each heading: each was an empty `<p>`, a gap
    above every heading."""
    html = body_of(site, """
        <a name="ZuVtq"></a>
        ## 一、背景
        见[下文](#g7Xkp)。

        <a name="g7Xkp"></a>
        ## 二、注意力
        文字 <a name="x"></a>在行内。
        """)
    assert "<p><a" not in html and "</a></p>" not in html
    assert '<a name="ZuVtq"></a>\n<div class="heading-line' in html
    assert '<a name="g7Xkp"></a>' in html and '<p>文字 <a name="x"></a>在行内。</p>' in html


# --- links ----------------------------------------------------------------------------------


def test_links_through_a_sites_redirector_lead_straight_to_their_target(site):
    """Zhihu's export linked GitHub as `https://link.zhihu.com/?target=https%3A//github.com/…`:
    each click went by Zhihu's "即将离开知乎" page."""
    pdf = ('<a href="https://link.zhihu.com/?target=https%3A//arxiv.org/pdf/2006.11239.pdf" '
           'class=" wrap external">PDF</a>')
    html = body_of(site, f"""
        代码见 [GitHub](https://link.zhihu.com/?target=https%3A//github.com/hojonathanho/diffusion)，
        论文 https://link.csdn.net/?target=https%3A%2F%2Farxiv.org%2Fabs%2F2006.11239 。

        {pdf}

        [掘金](https://link.juejin.cn/?target=https%3A%2F%2Fx.org%2Fa%3Fb%3D1%26c%3D2)
        [坏的](https://link.zhihu.com/?target=javascript%3Aalert(1))

        `https://link.zhihu.com/?target=https%3A//x.org`
        """)
    assert re.findall(r'href="([^"]*)"', html) == [
        "https://github.com/hojonathanho/diffusion", "https://arxiv.org/abs/2006.11239",
        "https://arxiv.org/pdf/2006.11239.pdf", "https://x.org/a?b=1&amp;c=2",
        "https://link.zhihu.com/?target=javascript%3Aalert(1)"]
    assert ">https://arxiv.org/abs/2006.11239</a>" in html  # (the bare URL's text too)
    assert "<code translate=\"no\">https://link.zhihu.com/?target=https%3A//x.org</code>" in html

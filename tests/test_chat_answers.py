"""Answers pasted from ChatGPT, DeepSeek, Kimi, Gemini and 豆包 into posts: their habits (`###`
sections, a preamble line above a `#` heading, a cut-off code block, zero-width spaces) show as
the writer meant, and what cannot is said at its line."""

from __future__ import annotations

import re


def contents_of(page: str) -> str:
    return page.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]


def test_an_answer_whose_sections_are_h3_headings_lists_them_side_by_side(site):
    """DeepSeek's, Gemini's and Kimi's answers make their sections `###` headings: the
    contents box nested every section under the first."""
    site.post("a.md", "A", toc="true",
              body="### 1. 定义\n\n正文。\n\n#### 1.1 记号\n\n正文。\n\n### 2. 性质\n\n正文。\n\n"
                   "### 3. 证明\n\n完。\n")
    site.post("b.md", "B", toc="true",
              body="### 摘要\n\n正文。\n\n### 动机\n\n正文。\n\n## 1. 方法\n\n### 1.1 推导\n\n"
                   "正文。\n")
    site.build()
    toc = contents_of(site.read("posts/a/"))
    assert re.findall(r'href="#([^"]+)"', toc) == ["1-定义", "1.1-记号", "2-性质", "3-证明"]
    # (the `####` beneath its section, the sections side by side)
    assert toc.index("记号") < toc.index("</ol>") < toc.index("性质")
    assert toc.count("<ol>") == 2
    # (an `###` before the first `##` is an entry of its own, each of them)
    toc = contents_of(site.read("posts/b/"))
    assert re.findall(r'href="#([^"]+)"', toc) == ["摘要", "动机", "1-方法", "1.1-推导"]
    assert toc.index("动机") < toc.index("1. 方法") < toc.index("<ol>", toc.index("1. 方法"))
    assert toc.count("<ol>") == 2

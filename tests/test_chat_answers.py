"""Answers pasted from ChatGPT, DeepSeek, Kimi, Gemini and 豆包 into posts: their habits (`###`
sections, a preamble line above a `#` heading, a cut-off code block, zero-width spaces) show as
the writer meant, and what cannot is said at its line."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import messages

from blogforge.text import ZERO_WIDTH


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


LRU_CACHE = """\
class Node:
    def __init__(self, key=0, val=0):
        self.key, self.val = key, val
        self.prev = self.next = None

class LRUCache:
    def __init__(self, capacity: int):
        self.cap = capacity
        self.cache = {}
        self.head, self.tail = Node(), Node()
        self.head.next, self.tail.prev = self.tail, self.head

    def get(self, key: int) -> int:
        if key not in self.cache:
            return -1
        node = self.cache[key]
        self._remove(node)
        self._add(node)
        return node.val

    def put(self, key: int, value: int) -> None:
        if key in self.cache:
            self._remove(self.cache[key])
        node = Node(key, value)
        self._add(node)
        self.cache[key] = node
        if len(self.cache) > self.cap:
            lru = self.head.next
            self._remove(lru)
"""


def test_an_answer_cut_off_in_its_code_stays_in_the_language_of_its_prose(site):
    """A Chinese note whose last ```python block was never closed (the answer was cut off) was
    taken for English by its Python: moved to /en/, gone from the Chinese home page."""
    site.write("site.yaml", "default_language: zh\nlanguages:\n  zh: {}\n  en: {}\n")
    site.post("lru.md", "LRU 缓存", body="思路：哈希表 + 双向链表，`get` 和 `put` 都是 $O(1)$。\n\n"
              f"## 代码\n\n```python\n{LRU_CACHE}")
    # (a line of "```x```" is inline code: the English after it is prose)
    site.post("inline.md", "Inline", body="```x``` is how a line of inline code is written in "
              "Markdown, and the words after it are English prose all the same.\n")
    result = site.build()
    assert site.exists("posts/lru/index.html") and not site.exists("en/posts/lru")
    assert "LRU 缓存" in site.read("")
    assert site.exists("en/posts/inline/index.html")
    assert not [m for m in messages(result, "warning")
                if "no language given" in m and "lru.md" in m]


def test_a_comment_in_code_shown_inside_a_longer_fence_is_no_title(site):
    """A ````markdown block showing a ```python block with a `# 计算注意力` comment: the inner
    ``` was taken to close the outer, and the comment became the post's title."""
    site.write("content/posts/2024-05-01-show-fences.md",
               "讲解一下代码块的写法：\n\n````markdown\n```python\n# 计算注意力\n"
               "scores = q @ k.T\n```\n````\n\n~~~\n```\n# 也是代码\n~~~\n\n正文。\n")
    site.build()
    page = site.read("posts/show-fences/")
    assert "<title>show fences" in page
    assert page.count("# 计算注意力") == 1 and page.count("# 也是代码") == 1


def test_a_title_heading_below_a_preamble_line_is_the_title_once(site):
    """ChatGPT's "好的，下面是…：" line kept above `# LoRA 原理详解`, no front matter: the
    heading was the title and stayed in the body too (two <h1>s, an entry of the contents,
    the title again in the description). The line above stays, the writer's text. `# `
    headings that are the body's sections (more than one, or after a `##`) name nothing: the
    post is called by its file's name."""
    site.write("content/posts/2024-05-01-lora.md",
               "好的，下面是关于 LoRA 原理的详细讲解：\n\n# LoRA 原理详解\n\n## 1. 动机\n\n"
               "全量微调太贵。\n\n## 2. 做法\n\n冻结 W，训练 $BA$。\n\n## 3. 代价\n\n"
               "很小：\n\n```lora-notation\nr << d\n```\n")
    site.write("content/posts/2024-05-01-sections.md",
               "安装与配置的笔记。\n\n# 一、安装\n\n正文。\n\n# 二、配置\n\n正文。\n")
    site.write("content/posts/2024-05-01-appendix.md",
               "## 背景\n\n正文。\n\n# 附录\n\n完。\n")
    result = site.build()
    page = site.read("posts/lora/")
    assert "<title>LoRA 原理详解" in page and '<h1 id="post-title">LoRA 原理详解</h1>' in page
    assert page.count("<h1") == 1 and "LoRA 原理详解" not in contents_of(page)
    body = page.split('<div class="content">', 1)[1]
    assert body.startswith("\n<p>好的，下面是关于 LoRA 原理的详细讲解：</p>")
    description = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
    assert "LoRA 原理详解" not in description
    # (the lines below the heading keep their numbers)
    assert [m for m in messages(result) if "lora.md" in m] == [
        "content/posts/2024-05-01-lora.md:17: warning: unknown code language `lora-notation`: "
        "shown without highlighting (see `pygmentize -L lexers` for the names Pygments knows)"]
    for name, sections in (("sections", ["一、安装", "二、配置"]), ("appendix", ["附录"])):
        page = site.read(f"posts/{name}/")
        assert f"<title>{name}" in page
        assert all(f"{section}</h1>" in page for section in sections), name


def test_a_title_taken_from_a_heading_is_its_text_without_markdown(site):
    """`# **Transformer 详解** 🚀` was the title with its asterisks: in the tab, og:title and
    the home page's card. Its formulas are the title's, as a front matter title's are."""
    site.write("content/posts/2024-05-01-transformer.md",
               "# **Transformer 详解** 🚀\n\n正文。\n")
    site.write("content/posts/2024-05-02-attention.md",
               "# 用 `$PATH` 和 [注意力](https://example.org/) 算 $O(n^2)$ 的 *代价* {#top}\n\n"
               "正文。\n")
    site.write("content/posts/2024-05-03-csharp.md", "# 学 C# ##\n\n正文。\n")
    site.build()
    assert "<title>学 C# " in site.read("posts/csharp/")  # (its closing `##` dropped, not `#`)
    page = site.read("posts/transformer/")
    assert "<title>Transformer 详解 🚀" in page and "**" not in page
    assert '<meta property="og:title" content="Transformer 详解 🚀">' in page
    assert ">Transformer 详解 🚀</a>" in site.read("")
    page = site.read("posts/attention/")
    title = page.split('<h1 id="post-title">', 1)[1].split("</h1>", 1)[0]
    assert title.startswith("用 $PATH 和 注意力 算 <span") and title.endswith(" 的 代价")
    assert '<math aria-label="O(n²)">' in title
    assert "<title>用 $PATH 和 注意力 算 O(n²) 的 代价" in page


def test_a_post_that_starts_with_a_rule_above_markdown_is_no_front_matter(site):
    """ChatGPT parts its sections with rules: a post whose first line was deleted starts with
    `---`, and the Markdown down to the next `---` was read as front matter: the whole build
    stopped at "a.md:2: front matter must be `key: value` lines" (line 2 blank), or, all of
    it `## ` headings YAML takes for comments, the heading was gone."""
    site.write("content/posts/2024-05-01-attention.md",
               "---\n\n## 🔍 核心思想\n\n自注意力让每个位置都能看到其他位置。\n\n---\n\n"
               "## 总结\n\n就这些。\n")
    site.write("content/posts/2024-05-02-steps.md", "---\n## 🧮 计算步骤\n---\n\n1. 相似度；\n")
    result = site.build()
    assert result.written, messages(result)
    body = site.read("posts/attention/").split('<div class="content">', 1)[1]
    assert body.startswith("\n<hr")
    assert "🔍 核心思想" in body and "自注意力让每个位置" in body and "总结" in body
    assert "计算步骤" in site.read("posts/steps/")
    assert not [m for m in messages(result) if "posts/" in m]


def test_front_matter_that_is_no_mapping_is_said_at_its_line_with_what_was_read(site):
    """Lines that read as keys are front matter still: what is not a `key: value` line among
    them is said at its line, with the `---` lines that made it front matter."""
    site.post("a.md", "A")
    site.write("content/posts/b.md", "---\n# title: 草稿\n\n还没想好标题的正文\n---\n\n正文。\n")
    result = site.build()
    assert not result.written
    assert [m for m in messages(result, "error") if "b.md" in m] == [
        "content/posts/b.md:4: error: front matter must be `key: value` lines, and this is not "
        "one: the `---` on line 1 opens front matter, which line 5 closes (a horizontal rule "
        "that starts a post is written `***`, or below its front matter)"]


def test_zero_width_characters_part_no_heading_id_and_no_search_term(site):
    """Chat pages leave zero-width spaces in copied text: `## 核\\u200b心思想` had the id
    `核-心思想`, "Flash\\u200bAttention" was two search terms, found by neither its name nor
    by "核心思想"'s pair 核心. The text itself is as written."""
    site.post("a.md", "A", toc="true", body="## 核\u200b心思想\n\nFlash\u200bAttention 很快，"
              "Trans\u00adformer 也是。\n\n## 总结\n\n完。\n")
    site.build()
    page = site.read("posts/a/")
    assert 'id="核心思想"' in page and 'href="#核心思想"' in page
    from test_search import Index
    index = Index(site.output)
    assert index.find("FlashAttention") == index.find("Transformer") == {"/posts/a/"}
    assert index.find("核心") == {"/posts/a/"}
    assert "Flash\u200bAttention" in page


def test_the_browser_drops_the_characters_of_no_width_the_build_does():
    script = (Path(__file__).parents[1] / "src/blogforge/theme/static/js/search.js").read_text(
        encoding="utf-8")
    written = re.search(r"text\.replace\(/\[([^\]]+)\]/g, \"\"\)", script).group(1)
    dropped = {chr(code) for code in range(0x10000)
               if re.fullmatch(f"[{written.encode('ascii').decode('unicode_escape')}]",
                               chr(code))}
    assert dropped == set(ZERO_WIDTH)


def test_a_footnote_mark_with_no_definition_is_said_at_its_line(site):
    """An answer pasted with its marks but not its notes showed `[^2]` as text, unsaid."""
    site.post("a.md", "A", body="LoRA 冻结原权重[^1]，只训练低秩矩阵[^2]。\n\n"
              "- 秩 r 通常取 8[^3]\n\n`[^4]` 与 $a[^5]$ 与 \\[^6] 不算。\n\n"
              "[^1]: Hu et al., 2021.\n")
    site.post("b.md", "B", body="见文献。\n\n说明[^7]。\n")
    site.post("c.md", "C", body="正则 [^abc] 与 [^0-9] 匹配别的字符。\n")
    result = site.build()
    said = [m for m in messages(result) if "footnote" in m]
    assert said == [
        "content/posts/a.md:5: warning: footnotes `[^2]` and `[^3]` have no definitions (a "
        "line `[^2]: …` below the text): shown as written",
        "content/posts/b.md:7: warning: footnote `[^7]` has no definition (a line `[^7]: …` "
        "below the text): shown as written"]
    assert 'href="#fn1"' in site.read("posts/a/") and "只训练低秩矩阵[^2]" in site.read("posts/a/")


def test_a_footnote_mark_after_brackets_is_said_with_its_own_label(site):
    """A label holds no `[`: read from each `[^` to the line's end, a line of `[^[^…` took
    minutes to build, and `[^x[^3]` was taken for the label `x[^3`, unsaid. (`[^[^2]` is
    `[` and an inline note, `^[^2]`.)"""
    site.post("a.md", "A", body="冻结原权重[^[^2]，秩[^x[^3] 与 [^[^[^\n\n另一段[^1]。\n\n"
              "[^1]: Hu et al., 2021.\n")
    said = [m for m in messages(site.build()) if "footnote" in m]
    assert said == [
        "content/posts/a.md:5: warning: footnote `[^3]` has no definition (a line `[^3]: …` "
        "below the text): shown as written"]


def test_front_matter_with_a_slip_in_its_keys_stops_the_build_not_published_as_markdown(site):
    """A key written without its space (`title:我的草稿`), TOML's `key = value` inside `---`,
    a key without its colon or a lone `draft` is front matter still, said with what to write:
    taken for a rule and Markdown, the private draft was published, its keys as a heading."""
    site.post("a.md", "A")
    posts = {"secret.md": "---\ntitle:我的草稿\ndraft:true\n---\n\n还没写完的私人草稿。\n",
             "toml.md": '---\ntitle = "x"\ndate = 2026-04-01\n---\n\n正文。\n',
             "nocolon.md": "---\ntitle 我的文章\n---\n\n正文。\n",
             "lone.md": "---\ndraft\n---\n\n正文。\n"}
    for name, text in posts.items():
        site.write(f"content/posts/{name}", text)
    result = site.build()
    assert not result.written
    start = "error: front matter must be `key: value` lines, and this is not one: "
    assert sorted(m for m in messages(result, "error")) == [
        f"content/posts/lone.md:2: {start}write `draft: true` (a colon and a space after "
        "the key)",
        f"content/posts/nocolon.md:2: {start}write `title: 我的文章` (a colon and a space "
        "after the key)",
        f"content/posts/secret.md:2: {start}write `title: 我的草稿` (a space after the colon)",
        f"content/posts/toml.md:2: {start}TOML front matter is fenced with `+++`, not `---` "
        '(or write it as YAML: `title: "x"`)']


def test_front_matter_of_comments_alone_is_empty_front_matter_not_headings(site):
    """`# 草稿` alone between `---` lines is YAML's comment (an empty mapping), not a heading
    that would title the post and leave two rules above its text."""
    site.write("content/posts/2024-05-01-note.md", "---\n# 草稿\n---\n\n正文。\n")
    site.write("content/posts/2024-05-02-code.md",
               "---\n## 代码\n\n```python\nx = 1\n```\n---\n\n正文。\n")
    result = site.build()
    assert result.written, messages(result)
    page = site.read("posts/note/")
    assert "<title>note" in page and "草稿" not in page
    assert page.split('<div class="content">', 1)[1].lstrip().startswith("<p>正文。</p>")
    assert "<hr" in site.read("posts/code/")  # (a `## ` heading and code: Markdown still)


def test_a_lone_heading_far_down_the_body_titles_the_post_and_stays_in_it(site):
    """The one `# ` heading below paragraphs of notes is a section (`# 总结`): it titles the
    post as before, but only a heading below a short line kept above it (a chat answer's
    "好的，下面是…：") is taken out of the body; the last section lost its heading."""
    site.write("content/posts/notes.md",
               "---\ndate: 2026-03-02\n---\n\n今天学习了注意力机制，记录一下。\n\n"
               "注意力机制的核心思想是加权求和，这里有很多内容。\n\n再写一段内容，很长很长。\n\n"
               "# 总结\n\n总结内容。\n")
    result = site.build()
    assert result.written, messages(result)
    page = site.read("posts/notes/")
    assert "<title>总结" in page
    body = page.split('<div class="content">', 1)[1]
    assert re.search(r"<h1[^>]*>.*总结.*</h1>\s*<p>总结内容。</p>", body, re.S), body[:600]


def test_a_title_from_a_heading_reads_emphasis_beside_chinese_punctuation(site):
    """`# **注意：**这里是标题` is bold in the body (emphasis beside Chinese punctuation, as
    the writer's editor shows it); its title kept the asterisks."""
    site.write("content/posts/2024-05-01-note.md", "# **注意：**这里是标题\n\n正文。\n")
    site.build()
    page = site.read("posts/note/")
    assert "<title>注意：这里是标题" in page and "**" not in page
    assert '<h1 id="post-title">注意：这里是标题</h1>' in page


def test_a_pattern_s_character_class_in_a_post_with_notes_is_no_footnote_mark(site):
    """`[^0-9]` and `[^a-z]` in prose beside a defined `[^1]` were said as footnotes with no
    definitions, failing `build --strict`; a missing `[^2]` and a slip of a defined label are
    said still."""
    site.post("regex.md", "正则笔记", body="字符类 [^0-9] 匹配非数字，[^a-z] 匹配非小写字母，"
              "[^\\s.] 与 [^abc] 也是。[^1]\n\n[^1]: 见 Python 文档。\n")
    site.post("missing.md", "缺注", body="字符类 [^0-9] 匹配非数字。[^1] 另见[^2]，"
              "以及[^hu2012]。\n\n[^1]: 见 Python 文档。\n\n[^hu2021]: Hu et al.\n")
    result = site.build()
    assert [m for m in messages(result) if "footnote" in m] == [
        "content/posts/missing.md:5: warning: footnotes `[^2]` and `[^hu2012]` have no "
        "definitions (a line `[^2]: …` below the text): shown as written"]


def test_a_footnote_mark_with_no_definition_is_said_at_its_own_line_not_a_code_span_s(site):
    """The first `[^1]` of the paragraph, in a code span, named the line above the mark."""
    site.post("a.md", "A", body="`[^1]` 正文\n第二行 [^1]\n\n`[^2]` 与 $x[^2]$\n说明[^2]。\n")
    said = [m for m in messages(site.build()) if "footnote" in m]
    assert said == [
        "content/posts/a.md:6: warning: footnotes `[^1]` and `[^2]` have no definitions (a "
        "line `[^1]: …` below the text): shown as written"]

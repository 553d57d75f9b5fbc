"""Markup a writer left open changes the page silently (CommonMark allows it): each is said at
the line where it opens, in every build, the ones that reuse the cache included."""

from __future__ import annotations

from conftest import messages

from blogforge.cli import main


def said_by_every_build(site, about: str = "") -> list[str]:
    """The messages (those naming `about`) of a build that fills the cache, checked to be said
    again by the next build, which renders no body: they are replayed from the body cache."""
    said = [m for m in messages(site.build(use_cache=True)) if about in m]
    again = site.build(use_cache=True)
    assert again.bodies_rendered == 0
    assert [m for m in messages(again) if about in m] == said
    return said

# A newcomer's bilingual post: a `$` without its partner, one nothing closes.
LOST_DOLLARS_POST = r"""
注意力的缩放因子。

其中 $d_k 是键的维度，$Q$ 是查询。

单个 $\alpha_i 没有闭合。

价格 $10 和 US$5，\$ 不是公式；正确的 $\text{中文} + x$ 公式。
"""
LOST_DOLLARS_SAID = [
    "content/posts/a.md:8: warning: `$d_k 是键的维度，$` sets text as math: the `$` before "
    "`d_k` probably lacks its partner, and the `$` meant to open `$Q$` closes it instead "
    "(text inside a formula is written `\\text{…}`)",
    "content/posts/a.md:10: warning: formula opened with `$` before `\\alpha_i` is never "
    "closed with `$`: shown as text",
]


def test_dollars_without_their_partner_are_said_by_every_build(site, capsys):
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    site.post("a.md", "A", body=LOST_DOLLARS_POST)
    assert said_by_every_build(site) == LOST_DOLLARS_SAID
    page = site.read("posts/a/")
    assert "</span>Q$ 是查询。</p>" in page and "<p>单个 $\\alpha_i 没有闭合。</p>" in page
    assert main(["build", "--source", str(site.root), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "content/posts/a.md:8: error: `$d_k 是键的维度，$` sets text as math" in err
    assert "content/posts/a.md:10: error: formula opened with `$` before `\\alpha_i`" in err


OPEN_FENCE_POST = """
Closed ones are fine:

```python
print(1)
```

~~~~
~~~
~~~~

- a list item whose fence ends with it
  ```sh
  ls
- next item

```python
def f():
    return 1

后面的段落都成了代码。
"""


def test_a_code_fence_never_closed_is_said_where_it_opens_by_every_build(site):
    site.post("a.md", "A", body=OPEN_FENCE_POST)
    assert said_by_every_build(site, "fence") == [
        "content/posts/a.md:17: warning: the code fence ```sh opened here is never closed: "
        "the rest of its list item is shown as code (close it with ``` on a line of its own)",
        "content/posts/a.md:21: warning: the code fence ```python opened here is never "
        "closed: the rest of the post is shown as code (close it with ``` on a line of its "
        "own)"]
    page = site.read("posts/a/")
    last_code = page.split("<pre")[-1].split("</pre>")[0]
    assert "后面的段落都成了代码" in last_code  # as CommonMark has it


def test_a_math_fence_never_closed_is_said_too(site):
    site.post("a.md", "A", body="```math\nx^2\n\nThe rest.\n")
    assert [m for m in messages(site.build()) if "fence" in m] == [
        "content/posts/a.md:5: warning: the code fence ```math opened here is never closed: "
        "the rest of the post is read as one formula (close it with ``` on a line of its own)"]


HIDDEN_LEFT_OPEN_POST = """
<div hidden>
shut away on purpose
</div>

<div style="display:none">
$$\\newcommand{\\R}{\\mathbb{R}}$$
</div>

<p hidden>ends where the next block starts

- <div hidden>ends with its list item
- next item

<section>
<p>shown</p>
<div
  hidden class="notes">
TODO

Everything from here on is hidden, on the page too.

## 小节

$\\R$ 的正文。
"""


def test_a_hidden_element_never_closed_is_said_where_it_opens_by_every_build(site):
    site.post("a.md", "A", body=HIDDEN_LEFT_OPEN_POST)
    assert said_by_every_build(site, "hidden") == [
        'content/posts/a.md:21: warning: `<div hidden class="notes">` opened here is never '
        "closed: the rest of the post is hidden in it, on the page too (close it with `</div>`)"]
    # the page and its card are what they were: the browser hides the rest, so do they
    assert "Everything from here on is hidden" in site.read("posts/a/")
    assert "Everything" not in site.read("")


def test_a_hidden_element_left_open_with_nothing_after_it_is_not_said(site):
    site.post("a.md", "A", body="Text.\n\n<div hidden>\nthe end, hidden\n")
    assert not [m for m in messages(site.build()) if "hidden" in m]


INLINE_HIDDEN_POST = """
开头 <div hidden>同一段里关上</div> 之后照常显示。

前文 <div hidden>
这段剩下的部分被藏起来

后面一段 </div> 把它关上。

- 列表项 <div hidden>ends with its list item
- next item

Body with <div hidden
  class="todo">
the rest of this paragraph,

and every paragraph after it.

## 小节

Last words.
"""


def test_a_hidden_element_left_open_in_a_paragraph_is_said_where_it_opens_by_every_build(site):
    # In a paragraph, `<div hidden>` ends the <p> and stays open: Chromium shows "Body with"
    # and nothing more of the post, as it does for one left open in an HTML block.
    site.post("a.md", "A", body=INLINE_HIDDEN_POST)
    assert said_by_every_build(site, "never closed") == [
        'content/posts/a.md:16: warning: `<div hidden class="todo">` opened here is never '
        "closed: the rest of the post is hidden in it, on the page too (close it with `</div>`)"]
    assert "every paragraph after it" in site.read("posts/a/")  # the page is as it was
    assert "every paragraph after it" not in site.read("")  # its card hides what it hides


def test_a_hidden_element_left_open_in_the_last_paragraph_is_not_said(site):
    site.post("a.md", "A", body="Text.\n\nThe end <div hidden>\nhidden on purpose\n")
    assert not [m for m in messages(site.build()) if "never closed" in m]


FOLDED_LEFT_OPEN_POST = """
<details>
<summary>证明（已闭合）</summary>

闭合的折叠块。

</details>

- <details><summary>列表项里的</summary>ends with its list item
- next item

<details open>
<summary>展开的</summary>

<details class="proof">
<summary>证明</summary>

从这里起，文章的其余部分都折叠在里面。

## 小节

正文。
"""


def test_a_details_never_closed_is_said_where_it_opens_by_every_build(site):
    site.post("a.md", "A", body=FOLDED_LEFT_OPEN_POST)
    assert said_by_every_build(site, "never closed") == [
        'content/posts/a.md:19: warning: `<details class="proof">` opened here is never closed: '
        "the rest of the post is folded in it, shown only when the reader opens it (close it "
        "with `</details>`)"]
    assert "从这里起" in site.read("posts/a/")  # the page is as it was


SCRIPT_LEFT_OPEN_POST = """
<script>
console.log("closed");
</script>

<div>
<script>
var spread = 1;

var over = 2;
</script>
</div>

前文。

<script type="module">
import { plot } from "./plot.js";

plot(1);

这一段和后面的一切都成了脚本的一部分。
"""


def test_a_script_never_closed_is_said_where_it_opens_by_every_build(site):
    site.post("a.md", "A", body=SCRIPT_LEFT_OPEN_POST)
    assert said_by_every_build(site, "never closed") == [
        'content/posts/a.md:20: warning: `<script type="module">` opened here is never closed: '
        "the rest of the post is read as its script, never shown, and so is the page after it "
        "(close it with `</script>`)"]


def test_a_script_left_open_at_the_very_end_is_said_too(site):
    site.post("a.md", "A", body="Text.\n\n<script>\nvar x = 1;\n")
    assert [m for m in messages(site.build()) if "never closed" in m] == [
        "content/posts/a.md:7: warning: `<script>` opened here is never closed: the rest of "
        "the post is read as its script, never shown, and so is the page after it (close it "
        "with `</script>`)"]


def test_dollars_without_their_partner_in_a_title_are_said_at_its_line_by_every_build(site):
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    site.post("a.md", "注意力 $QK^T 的缩放", body="正文没有问题：$x$。\n")
    site.post("b.md", "其中 $d_k 是键的维度，$Q$ 是查询", body="正文。\n")
    site.post("c.md", "价格 $10 和 $\\alpha$ 都对", body="正文。\n")
    said = [
        "content/posts/a.md:2: warning: formula opened with `$` before `QK^T` is never closed "
        "with `$`: shown as text",
        "content/posts/b.md:2: warning: `$d_k 是键的维度，$` sets text as math: the `$` before "
        "`d_k` probably lacks its partner, and the `$` meant to open `$Q$` closes it instead "
        "(text inside a formula is written `\\text{…}`)"]
    assert said_by_every_build(site) == said
    page = site.read("posts/a/")
    assert "<h1 id=\"post-title\">注意力 $QK^T 的缩放</h1>" in page  # shown as it was


SCRIPT_IN_A_PARAGRAPH_POST = """
开头 <script>var a = 1;</script> 同一段里关上。

前文 <style>
被后面一段关上

后面一段 </style> 把它关上。

前文 <script>
被后面的 HTML 块关上

<div>
</script>
</div>

前文 <script>
被后面的标题关上

## 标题 </script>

Body with <script type="module">
the rest of this paragraph,

and every paragraph after it.

## 小节

Last words.
"""


def test_a_script_left_open_in_a_paragraph_is_said_where_it_opens_by_every_build(site):
    # In a paragraph, `<script>` takes all after it as its code up to a `</script>`, the
    # paragraph's `</p>` and the theme's footer too: Chromium shows "Body with" and no more.
    site.post("a.md", "A", body=SCRIPT_IN_A_PARAGRAPH_POST)
    assert said_by_every_build(site, "never closed") == [
        'content/posts/a.md:25: warning: `<script type="module">` opened here is never closed: '
        "the rest of the post is read as its script, never shown, and so is the page after it "
        "(close it with `</script>`)"]
    assert "every paragraph after it" in site.read("posts/a/")  # the page is as it was
    # its card shows what the browser shows: each closed one hides only what it holds
    assert '<p class="excerpt">开头 同一段里关上。 前文 把它关上。 前文 前文 Body with</p>' in (
        site.read(""))


def test_a_script_or_style_left_open_inside_another_html_block_is_said_where_it_opens(site):
    # markdown-it ends the <div> block at the blank line; the browser ends the <style> at no
    # end tag but its own.
    site.post("a.md", "A", body="前文。\n\n<div class=\"plot\">\n<style>\n.a { color: red; }\n"
                                "\n后面的一切都成了样式表。\n\n## 小节\n")
    assert said_by_every_build(site, "never closed") == [
        "content/posts/a.md:8: warning: `<style>` opened here is never closed: the rest of the "
        "post is read as its style sheet, never shown, and so is the page after it (close it "
        "with `</style>`)"]


def test_what_chromium_shows_of_a_script_left_open_in_a_paragraph(site, browser):
    site.post("a.md", "A", body="开头。\n\nBody with <script>\nthe rest of it.\n\nLast words.\n")
    site.build()
    page = browser.new_page()
    try:
        page.goto((site.output / "posts/a/index.html").as_uri())
        shown = page.inner_text("body")
        assert "Body with" in shown
        assert "the rest of it" not in shown and "Last words" not in shown
        assert page.locator("footer").count() == 0  # the theme's footer is script text too
    finally:
        page.close()


FOLDED_IN_A_LIST_ITEM_POST = """
- <details><summary>列表项里的</summary>ends with its list item
- 第二项
  <details>
  <summary>证明</summary>

  证明的正文，折叠在里面。

  列表项的其余部分也一样。
- 下一项照常显示。

> <div hidden>
> 藏起来的
>
> 引用的其余部分也藏起来。

后文照常显示。
"""


def test_a_details_or_hidden_element_left_open_in_a_list_item_or_quote_is_said(site):
    # The browser ends them at the item's `</li>`, the quote's `</blockquote>`: the rest of the
    # item is folded, the rest of the quote hidden, and what follows the list or quote is shown.
    site.post("a.md", "A", body=FOLDED_IN_A_LIST_ITEM_POST)
    assert said_by_every_build(site, "never closed") == [
        "content/posts/a.md:8: warning: `<details>` opened here is never closed: the rest of its "
        "list item is folded in it, shown only when the reader opens it (close it with "
        "`</details>`)",
        "content/posts/a.md:16: warning: `<div hidden>` opened here is never closed: the rest of "
        "its quote is hidden in it, on the page too (close it with `</div>`)"]
    card = site.read("")
    assert "下一项照常显示" in card and "后文照常显示" in card
    assert "证明的正文" not in card and "引用的其余部分" not in card


def test_a_tag_after_code_spans_that_run_over_lines_is_said_at_its_own_line(site):
    # markdown-it makes a code span's newlines spaces: `a\nb` is read "a b", and the tag after
    # it was said a line too early for each.
    site.post("a.md", "A", body="前文 `a b` 和 `a\nb` 以及 `` e\nf `` 之后\n"
                                "Body with <div hidden>\nthe rest.\n\nMore.\n")
    assert said_by_every_build(site, "never closed") == [
        "content/posts/a.md:8: warning: `<div hidden>` opened here is never closed: the rest of "
        "the post is hidden in it, on the page too (close it with `</div>`)"]


def nested_list(depth: int, after: str) -> str:
    return "前面。\n\n" + "".join(f"{'  ' * level}- 第 {level} 层\n" for level in range(depth)) \
        + f"\n{after}\n"


def test_a_list_nested_ten_deep_keeps_the_rest_of_the_post_and_a_deeper_cut_is_said(site):
    """CommonMark's parser stopped at 20 levels of tokens and left out everything after, unsaid:
    a list nested ten deep (an outline) lost the rest of its post from the page, the feed and
    the search. Ten deep is followed now; one nested past the parser's limit (fifty levels) is
    said at the line where the rest of the post is cut, by every build."""
    site.post("a.md", "A", body=nested_list(10, "后面的段落。"))
    site.post("b.md", "B", body=nested_list(60, "更深之后的段落。"))
    assert said_by_every_build(site, "nested") == [
        "content/posts/b.md:56: warning: lists or quotes nested more deeply than 50 levels: "
        "everything from here to the end of the post is left out of its page; nest less "
        "deeply"]
    page = site.read("posts/a/")
    assert "第 9 层" in page and "<p>后面的段落。</p>" in page
    cut = site.read("posts/b/")  # (from line 56, its 50th level, on)
    assert "第 48 层" in cut and "第 49 层" not in cut

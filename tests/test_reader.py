"""What readers of a study blog get: callouts, figures, image sizes, code tools, contents,
heading links and what surrounds a post (related posts, licence, comments)."""

from __future__ import annotations

import json
import random
import re
import struct
import zlib

import pytest
from conftest import messages

from blogforge.markdown.code_tabs import tab_names, tab_token
from blogforge.markdown.highlight import parse_info

BILINGUAL = "languages:\n  zh: {}\n  en: {}\n"
ZH = "languages:\n  zh: {}\n"  # a Chinese site, whatever the language of the test's text


def body_of(site, body: str, rel: str = "a.md", page: str = "posts/a/", **front) -> str:
    site.write("site.yaml", ZH)
    site.post(rel, "A", body=body, **front)
    result = site.build()
    assert result.written, messages(result)
    html = site.read(page)
    return html.split('<div class="content">', 1)[1].split("</article>", 1)[0]


def png(width: int, height: int) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + chunk
            + struct.pack(">I", zlib.crc32(chunk)))


# --- callouts ------------------------------------------------------------------------------------


def test_github_alerts_get_an_icon_and_a_label_in_the_page_language(site):
    site.write("site.yaml", BILINGUAL)
    alerts = "".join(f"> [!{kind}]\n> Text of {kind.lower()}.\n\n"
                     for kind in ("NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"))
    site.post("a.md", "甲", body=alerts, lang="zh")
    site.post("a.en.md", "A", body=alerts, lang="en")
    site.build()
    zh, en = site.read("posts/a/"), site.read("en/posts/a/")
    for kind, zh_label, en_label in (("note", "说明", "Note"), ("tip", "提示", "Tip"),
                                     ("important", "重要", "Important"),
                                     ("warning", "警告", "Warning"),
                                     ("caution", "小心", "Caution")):
        block = zh.split(f'<div class="callout callout-{kind}" data-callout="{kind}">')[1]
        title = block.split("</p>")[0]
        assert '<svg class="callout-icon"' in title and title.endswith(zh_label)
        assert f"<p>Text of {kind}.</p>" in block.split("</div>")[0]
        assert re.search(rf'callout-{kind}".*?</svg>{en_label}</p>', en, re.S)
    assert "[!NOTE]" not in zh and "<blockquote>" not in zh


def test_obsidian_callouts_fold_and_take_custom_titles(site):
    html = body_of(site, """
        > [!tip] Use a *deque*
        > Pop from both ends.

        > [!warning]- Spoiler
        > The answer is 42.

        > [!note]+ Open by default
        > Shown.

        > [!example]
        > Obsidian's own type.
        """)
    assert re.search(r'<div class="callout callout-tip" data-callout="tip">\s*'
                     r'<p class="callout-title"><svg[^>]*>.*?</svg>'
                     r'<span class="visually-hidden">提示：</span>Use a <em>deque</em></p>\s*'
                     r"<p>Pop from both ends.</p>", html, re.S)
    folded = html.split('<details class="callout callout-warning" data-callout="warning">')[1]
    assert folded.split("</details>")[0].count("<summary") == 1
    assert '</svg><span class="visually-hidden">警告：</span>Spoiler</summary>' in folded
    assert "<p>The answer is 42.</p>" in folded
    assert '<details class="callout callout-note" data-callout="note" open>' in html
    # (an example: the kind Quarto numbers, named in the page's language; titled, as written)
    assert re.search(r'data-callout="example">\s*<p class="callout-title"><svg.*?</svg>例</p>',
                     html, re.S)
    assert re.search(r'data-callout="example">\s*<p class="callout-title"><svg.*?</svg>'
                     r'<span class="visually-hidden">例：</span>Two pointers</p>',
                     body_of(site, "> [!example] Two pointers\n> x\n"), re.S)


def test_a_callout_whose_title_names_its_kind_is_not_told_it_twice(site):
    """helper-154: `> [!WARNING] 警告：不要这样` was read "警告：警告：不要这样" by a screen
    reader and shown so in feeds; `[!TIP] Tip: read this first` "提示：Tip: …"."""
    html = body_of(site, """
        > [!WARNING] 警告：不要这样
        > x

        > [!TIP] Tip: read this first
        > y

        > [!NOTE] 为何
        > z

        > [!TIP] 提示词工程
        > w
        """)
    assert html.count('<span class="visually-hidden">') == 2  # (helper-156: 提示词 ≠ 提示)
    assert '<span class="visually-hidden">提示：</span>提示词工程' in html
    assert '<span class="visually-hidden">注：</span>为何' in html or \
        re.search(r'<span class="visually-hidden">[^<]+</span>为何', html)
    assert re.search(r"</svg>警告：不要这样</p>", html)
    assert re.search(r"</svg>Tip: read this first</p>", html)


def test_a_theorem_titled_with_its_kind_is_not_named_twice(site):
    """A paper-notes writer's `> [!proof] 证明` showed "证明（证明）" and `> [!theorem] Theorem 1
    (Bayes)` "Theorem (Theorem 1 (Bayes))", in the page and in its search text."""
    site.write("site.yaml", BILINGUAL)
    site.post("a.md", "甲", lang="zh", body="> [!proof] 证明\n> 由 Jensen 不等式。\n\n"
              "> [!theorem] 定理 2（Bayes）\n> 甲\n\n> [!theorem] Theorem 3\n> 乙\n\n"
              "> [!example] 例如线性回归\n> 丙\n")
    site.post("a.en.md", "A", lang="en", body="> [!theorem] Theorem 1 (Bayes)\n> one\n\n"
              "> [!proof] Proof.\n> two\n\n> [!lemma] Theorematic\n> three\n")
    assert site.build().written
    titles = re.findall(r'<p class="callout-title"><svg.*?</svg>(.*?)</p>',
                        site.read("posts/a/") + site.read("en/posts/a/"), re.S)
    assert titles == ["证明", "定理 2（Bayes）", "Theorem 3",
                      "<span class=\"visually-hidden\">例：</span>例如线性回归",
                      "Theorem 1 (Bayes)", "Proof.", "Lemma (Theorematic)"]
    search = "".join(path.read_text(encoding="utf-8")
                     for path in (site.output / "search-index" / "d").glob("*.json"))
    assert "证明 由 Jensen" in search and "Theorem 1 (Bayes) one" in search
    assert "（证明）" not in search and "Theorem (" not in search


def test_quarto_callouts_and_theorems_are_callouts(site):
    """A paper-notes writer from Quarto published `::: {.callout-tip}` and `::: {.theorem}` as
    text, with the callout's `## heading` in the post's contents: each is a callout now,
    a theorem titled with its kind in the page's language; another div shows its content,
    said; a fence's `:::` is code."""
    html = body_of(site, """
        ::: {.callout-tip title="为何缩放？"}
        点积的方差随维度增大。
        :::

        ::: {.callout-warning collapse="true"}
        ## 小心 {#careful}
        数值溢出。
        :::

        ::: {.callout-note title="为什么 \\"缩放\\"？"}
        引号。
        :::

        ::: {.theorem #thm-elbo name="ELBO"}
        下界。
        :::

        ::: {.proof}
        由 Jensen 不等式。
        :::

        ::: {.column-margin}
        旁注。
        :::

        ```text
        ::: {.callout-note}
        :::
        ```
        """, toc="true")
    assert re.search(r'callout-tip" data-callout="tip">\s*<p class="callout-title"><svg.*?'
                     r'</svg><span class="visually-hidden">提示：</span>为何缩放？</p>\s*'
                     r"<p>点积的方差随维度增大。</p>", html, re.S)
    assert re.search(r'<details class="callout callout-warning" data-callout="warning">\s*'
                     r'<summary[^>]*><svg.*?</svg><span class="visually-hidden">警告：</span>'
                     r"小心</summary>", html, re.S)
    assert "<h2" not in html  # (the callout's title, not the post's heading)
    # (labelled, it is numbered, as Quarto numbers it: crossrefs.py)
    assert re.search(r'<div id="thm-elbo" class="callout callout-important" data-callout="theorem">'
                     r'\s*<p class="callout-title"><svg.*?</svg>定理 1（ELBO）</p>\s*<p>下界。</p>',
                     html, re.S)
    assert re.search(r'data-callout="proof">\s*<p class="callout-title"><svg.*?</svg>证明</p>',
                     html, re.S)
    assert "<p>旁注。</p>" in html and ":::" not in html.replace("::: {.callout-note}\n:::", "")
    assert re.search(r'说明：</span>为什么 (&quot;|")缩放(&quot;|")？</p>', html)
    assert [m.split(": warning: ")[1][:40] for m in messages(site.build())
            if "posts/a.md" in m] == ["Quarto's `::: {.column-margin}` is shown"]
    body_of(site, "::: {.proof}\n证明未完。\n\n## 下一节\n\n- 一项\n\n  ::: {.callout-tip}\n"
                  "  列表里的。\n  :::\n")
    assert [m for m in messages(site.build()) if "posts/a.md" in m] == [
        "content/posts/a.md:5: warning: a fenced div `:::` opened here is never closed: it "
        "holds the rest of the post; close it with a line of `:::`",
        "content/posts/a.md:12: warning: a fenced div `:::` inside a list or a quote is shown "
        "as written: start it at the line's start (a callout inside a list: `> [!NOTE]`)"]


def test_a_quarto_callouts_heading_after_an_empty_line_is_its_title_and_no_heading(site):
    """A Quarto callout's first `## heading` is its title, after an empty line too (as
    Quarto reads the div's first block): there it stayed a heading of the post, in the
    contents, the callout titled "说明". And a link naming another post's heading by its
    words went to the id written on a callout's title of those words (`#tip-x`, no element's:
    the loader read the body's headings without its callouts), not to the heading."""
    site.write("site.yaml", "base_url: https://e.org/\n")
    site.post("other.md", "Other", lang="zh", body="""
        ::: {.callout-tip}
        ## 注意 {#tip-x}
        提示。
        :::

        ## 注意
        """)
    site.post("a.md", "A", lang="zh", date="2024-05-02", toc="true", body="""
        见 [[other#注意]]。

        ## 第一节

        ::: {.callout-note}

        ## 为什么要缩放

        点积太大。
        :::

        ## 第二节

        ## 第三节
        """)
    result = site.build()
    assert result.written and not messages(result), messages(result)
    page = site.read("posts/a/")
    assert re.search(r'callout-note" data-callout="note">\s*<p class="callout-title"><svg.*?'
                     r'</svg><span class="visually-hidden">说明：</span>为什么要缩放</p>\s*'
                     r"<p>点积太大。</p>", page, re.S)
    assert re.findall(r"<h2 id=\"([^\"]*)\"", page) == ["第一节", "第二节", "第三节"]
    assert "为什么要缩放" not in page.split('<nav class="toc"')[1].split("</nav>")[0]
    assert '见 <a href="/posts/other/#注意">注意</a>。' in page


def test_a_pandoc_citation_is_said_once_for_its_post(site):
    """`[@kingma2013]` (Quarto's and Pandoc's citation, made from a `bibliography:` file) was
    published as written without a word; an address in brackets, code or a link's words
    (`[@karpathy](https://x.com/karpathy)`, which failed --strict) are no citation."""
    body_of(site, "VAE [@kingma2013] 与 β-VAE [@higgins2017; @burgess2018]。\n\n"
                  "写信 [me@example.org]，`[@code]`，关注 [@karpathy](https://x.com/karpathy)"
                  " 与 [@ylecun][yl]。\n\n[yl]: https://x.com/ylecun\n")
    assert [m for m in messages(site.build()) if "posts/a.md" in m] == [
        "content/posts/a.md:5: warning: Pandoc's citation `[@kingma2013]` is shown as written "
        "(and 1 more): the post has no bibliography; name your BibTeX file in its front "
        "matter (`bibliography: refs.bib`, beside the post) or in site.yaml to make citations "
        "and references"]


def test_citations_are_found_in_one_pass_as_the_pattern_says():
    """Pandoc's citations, for the warning, are what this pattern finds; it read from each `[`
    to the line's end, more than once (a line of `[@[@…`: minutes). They are found in one
    pass (`_citations`), and the same, in random lines made of the hard parts."""
    from blogforge.markdown.fenced_divs import _citations

    pattern = re.compile(r"(?<!\[)\[(?:[^\]\n]*;\s*|[^\]\n@]*\s)?-?@[A-Za-z0-9_]"
                         r"[\w:.#$%&+?<>~/-]*[^\]\n]*\](?![(\[\]])")
    pieces = ["[", "]", "@", "@a", ";", " ", "-", "a", "(", "[@", "; @k", "-@", "x@y", "\t",
              "]("]
    rng = random.Random(5)
    for _ in range(20_000):
        line = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        assert list(_citations(line)) == [found.group(0) for found in pattern.finditer(line)], \
            repr(line)
    assert list(_citations("[@" * 20_000 + "]")) == []
    assert list(_citations("[@" * 20_000 + " [see -@b, p. 3]")) == ["[see -@b, p. 3]"]


def test_a_body_is_searched_for_citations_wherever_it_may_hold_one():
    """A body is searched for citations only where an `@` that may start a key has a `[`
    before it on its line (`_may_cite`): every random body of the hard parts (inline code
    left out between the `@` and its key, lines, brackets) in which the search finds one."""
    from blogforge.markdown.fenced_divs import _citations, _may_cite

    pieces = ["[", "]", "@", "@a", "a", " ", "`", "`x`", "\n", "; ", "-@", "[@", "@`", "]("]
    rng = random.Random(7)
    citing = 0
    for _ in range(20_000):
        body = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        if next(_citations(re.sub(r"`[^`\n]*`", "", body)), None) is not None:
            citing += 1
            assert _may_cite(body), repr(body)
    assert citing > 100
    assert not _may_cite("y = A @ W  # [0, 1]\n@torch.no_grad()\nx = [a]\n")


def test_plain_quotes_and_bulb_paragraphs_stay_plain_and_feeds_get_a_simple_quote(site):
    html = body_of(site, """
        > Just a quote.

        > 💡 A hint the seeds write as plain text.

        💡 Also plain.

        > [!WARNING]
        > Careful.
        """)
    assert html.count('<div class="callout ') == 1
    assert "<blockquote>\n<p>Just a quote.</p>" in html
    assert "<blockquote>\n<p>💡 A hint the seeds write as plain text.</p>" in html
    assert "<p>💡 Also plain.</p>" in html
    feed = site.read("atom.xml")
    assert "&lt;blockquote&gt;\n&lt;p&gt;&lt;strong&gt;警告&lt;/strong&gt;&lt;/p&gt;" in feed
    assert "callout-icon" not in feed


def test_a_callout_with_its_own_title_says_its_kind_in_words(site):
    """`> [!WARNING] Characters as indices in C++` showed its kind by an icon and a colour
    alone: a screen reader, a text browser, a reader mode and a feed had an ordinary paragraph
    (helper-146). The kind is said before the title in the page's language, out of sight on
    the page and in plain words in feeds; a theorem's title, which names its kind, is not
    given it twice."""
    site.write("site.yaml", BILINGUAL)
    body = ("> [!WARNING] Characters as indices in C++\n> `s[i] - 'a'`.\n\n"
            "> [!danger]- A trap\n> Overflow.\n\n"
            "> [!THEOREM] ELBO\n> A bound.\n")
    site.post("a.md", "甲", body=body, lang="zh")
    site.post("a.en.md", "A", body=body, lang="en")
    assert site.build().written
    zh, en = site.read("posts/a/"), site.read("en/posts/a/")
    hidden = '</svg><span class="visually-hidden">{}</span>{}</{}>'
    assert hidden.format("警告：", "Characters as indices in C++", "p") in zh
    assert hidden.format("Warning: ", "Characters as indices in C++", "p") in en
    assert hidden.format("小心：", "A trap", "summary") in zh  # (drawn as a caution)
    assert hidden.format("Caution: ", "A trap", "summary") in en
    assert "</svg>定理（ELBO）</p>" in zh and "</svg>Theorem (ELBO)</p>" in en
    for feed, kind, theorem in ((site.read("atom.xml"), "警告：", "定理（ELBO）"),
                                (site.read("en/atom.xml"), "Warning: ", "Theorem (ELBO)")):
        assert (f"&lt;p&gt;&lt;strong&gt;{kind}Characters as indices in C++"
                "&lt;/strong&gt;&lt;/p&gt;") in feed
        assert f"&lt;p&gt;&lt;strong&gt;{theorem}&lt;/strong&gt;&lt;/p&gt;" in feed
        assert "visually-hidden" not in feed


def _as_plain_text(fragment: str) -> str:
    """What a text browser or a reader mode shows of some HTML, which it reads without the
    theme's stylesheet: the words, a line break for <br>, runs of white space as one space."""
    text = re.sub(r"<[^>]+>", "", re.sub(r"<br[^>]*>", "\0", fragment)).replace("&nbsp;", " ")
    return "\n".join(re.sub(r"\s+", " ", line).strip() for line in text.split("\0"))


def test_a_page_read_without_its_stylesheet_keeps_its_items_apart(site):
    """Without the theme's stylesheet (a text browser, a reader mode) the items the theme sets
    apart with gaps ran together: "Published Nov 8, 2026Updated Nov 20, 2026", "置顶2024年10月
    19日", "← 上一篇128. 最长连续序列下一篇 →76…", "solution.pyPythonCopy", and a tag's
    count, shown as a number with its words out of sight, read "#Transformer 55 篇"."""
    site.write("site.yaml", "languages:\n  en: {}\n")
    code = ('```python {title="two.py" group="g"}\nx = 1\n```\n\n'
            '```cpp {group="g"}\nint x;\n```\n')
    site.post("a.md", "Older", date="2024-05-01", tags="[dp]")
    site.post("b.md", "Middle", date="2024-05-02", tags="[dp]", pinned="true",
              updated="2024-05-20", body=code)
    site.post("c.md", "Newer", date="2024-05-03", tags="[dp]")
    assert site.build().written
    page, home, tags = site.read("posts/b/"), site.read(""), site.read("tags/")

    def plain(html: str, start: str, end: str) -> str:
        return _as_plain_text(html.split(start, 1)[1].split(end, 1)[0])

    assert re.fullmatch(r"Published May 2, 2024 · Updated May 20, 2024 · 1 min read · \d+ words",
                        plain(page, '<p class="post-meta">', "</p>"))
    assert plain(page, '<nav class="post-nav"', "</nav>").split(">", 1)[1].strip() == \
        "← Previous post Older\nNext post → Newer"
    assert plain(page, '<div class="code-head">', "</div>") == "two.py Python Copy"
    assert plain(page, '<div class="code-tablist" hidden>', "</div>") == "Python C++"
    assert plain(home, '<p class="card-meta">', "</p>") == "Pinned · May 2, 2024 · 1 min read"
    assert plain(tags, '<ul class="term-cloud', "</ul>").split(">", 1)[1].strip() == \
        "#dp 3 posts"


# --- figures and images --------------------------------------------------------------------------


def test_a_captioned_image_alone_becomes_a_figure_that_opens_large(site):
    site.write("content/posts/a/diagram.png", raw=png(640, 200))
    html = body_of(site, """
        ![The chain](diagram.png "Forward and reverse processes")

        ![No caption](diagram.png)

        Inline ![icon](diagram.png "tip") in a sentence.
        """, rel="a/index.md")
    assert ('<figure class="figure"><a class="figure-zoom" href="diagram.png" data-close="关闭">'
            '<img src="diagram.png" alt="The chain" decoding="async" width="640" height="200" />'
            "</a><figcaption>Forward and reverse processes</figcaption></figure>") in html
    assert html.count("<figure") == 1
    assert '<p><img src="diagram.png" alt="No caption" loading="lazy"' in html
    assert 'title="tip"' in html  # an image inside a sentence keeps its tooltip


def test_a_figure_caption_is_markdown_with_formulas(site):
    site.write("content/posts/a/diagram.png", raw=png(640, 200))
    html = body_of(site, """
        ![](diagram.png "The density $p(x)$ of `sample()`, **twice**")
        """, rel="a/index.md")
    caption = re.search(r"<figcaption>(.*?)</figcaption>", html).group(1)
    assert caption.startswith('The density <span class="katex" translate="no">')
    assert caption.endswith(' of <code translate="no">sample()</code>, <strong>twice</strong>')
    assert "$" not in caption
    # without alt text the image is named by its caption as it reads
    assert 'aria-label="The density p(x) of sample(), twice"' in html
    feed = site.read("atom.xml")
    assert "&lt;figcaption&gt;The density &lt;span class=\"katex\"&gt;&lt;math" in feed


def test_an_image_that_is_the_whole_of_a_link_is_a_figure_keeping_the_link(site):
    site.write("content/posts/a/diagram.png", raw=png(640, 200))
    html = body_of(site, """
        [![The chain](diagram.png "Forward and reverse")](https://example.org/run)

        [![Inline](diagram.png "tip")](https://example.org/run) in a sentence.
        """, rel="a/index.md")
    assert ('<figure class="figure"><a href="https://example.org/run"><img src="diagram.png" '
            'alt="The chain" decoding="async" width="640" height="200" /></a>'
            "<figcaption>Forward and reverse</figcaption></figure>") in html
    assert html.count("<figure") == 1 and "figure-zoom" not in html
    assert 'title="tip"' in html


def test_local_images_get_their_size_and_all_but_the_first_load_lazily(site):
    site.write("site.yaml", ZH)
    site.write("content/posts/a/wide.png", raw=png(800, 450))
    site.write("content/posts/a/anim.gif", raw=b"GIF89a" + struct.pack("<HH", 32, 16) + b"\0" * 8)
    site.write("content/posts/a/sized.svg",
               '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120"></svg>')
    site.write("content/posts/a/viewbox.svg",
               '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 200"></svg>')
    site.write("static/images/logo.png", raw=png(64, 64))
    site.post("a/index.md", "A", body=(
        "![a](wide.png)\n\n![b](anim.gif)\n\n![c](sized.svg)\n\n![d](viewbox.svg)\n\n"
        "![e](/images/logo.png)\n\n![f](missing.png)\n\n![g](https://example.org/x.png)\n\n"
        "![h](wide.png){width=200}\n"))
    site.build()
    html = site.read("posts/a/")
    sizes = dict(re.findall(r'alt="(\w)"[^>]*?width="(\d+" height="\d+)"', html))
    assert sizes == {"a": '800" height="450', "b": '32" height="16', "c": '300" height="120',
                     "d": '640" height="200', "e": '64" height="64'}
    # the writer's width, and the height that keeps the file's shape (the page does not shift)
    assert re.search(r'alt="h" width="200" loading="lazy" decoding="async" height="113" />',
                     html)
    assert '<img src="wide.png" alt="a" decoding="async" width="800"' in html  # first: not lazy
    assert html.count('loading="lazy"') == 7
    assert re.search(r'<img src="missing.png" alt="f" loading="lazy" decoding="async" />', html)


def test_an_image_followed_despite_its_backslash_or_capitals_gets_its_size(site):
    """`images\\fig.png` and `fig1.png` for `Fig1.PNG` are followed (with a warning to write
    them as named), but were published without `width` and `height`: the page shifted as they
    loaded, which the sizes are there to prevent. Replaced, each gets its new size."""
    site.write("site.yaml", ZH)
    site.write("content/posts/a/images/fig.png", raw=png(800, 450))
    site.write("content/posts/a/Fig1.PNG", raw=png(40, 30))
    site.post("a/index.md", "A", body="![a](images\\fig.png)\n\n![b](fig1.png)\n\n"
              "<img alt=\"c\" src=\"FIG1.png\">\n")
    site.build(use_cache=True)
    html = site.read("posts/a/")
    sizes = dict(re.findall(r'alt="(\w)"[^>]*?width="(\d+" height="\d+)"', html))
    assert sizes == {"a": '800" height="450', "b": '40" height="30', "c": '40" height="30'}
    site.write("content/posts/a/Fig1.PNG", raw=png(60, 20))
    site.write("content/posts/a/images/fig.png", raw=png(10, 10))
    site.build(use_cache=True)
    sizes = dict(re.findall(r'alt="(\w)"[^>]*?width="(\d+" height="\d+)"',
                            site.read("posts/a/")))
    assert sizes == {"a": '10" height="10', "b": '60" height="20', "c": '60" height="20'}


def test_raw_html_images_are_sized_and_load_lazily_as_markdown_ones_do(site):
    """Typora writes `<img src="assets/a.png" style="zoom:50%;" />` for a picture it shows
    resized: it had no size (the page moved as it came) and loaded at once, however far
    down the page."""
    site.write("site.yaml", ZH)
    site.write("content/posts/assets/wide.png", raw=png(800, 450))
    site.post("a.md", "A", body=(
        '<img src="./assets/wide.png" alt="宽" style="zoom:50%;" />\n\n'
        '段落 <img src=assets/wide.png width=400> 文字\n\n'
        "<p><img alt='a' src='assets/wide.png' height='90' loading='eager'></p>\n"))
    site.build()
    html = site.read("posts/a/")
    assert ('<img src="/posts/assets/wide.png" alt="宽" style="zoom:50%;" decoding="async" '
            'width="800" height="450" />') in html  # (the first image: not lazy)
    assert ('<img src="/posts/assets/wide.png" width=400 loading="lazy" decoding="async" '
            'height="225">') in html
    assert ("<img alt='a' src='/posts/assets/wide.png' height='90' loading='eager' "
            'decoding="async" width="160">') in html  # (what is written stays)
    site.write("content/posts/assets/wide.png", raw=png(300, 300))  # (cached: its new size)
    site.build(use_cache=True)
    site.write("content/posts/assets/wide.png", raw=png(100, 50))
    site.build(use_cache=True)
    assert 'width="100" height="50" />' in site.read("posts/a/")


def test_an_svg_is_sized_by_its_own_root_element_not_by_a_shape_or_comment_inside(site):
    """The size was read from the first `width=` of the file: a `<rect>`'s (a 800x200
    diagram shown 50x13 px on a phone), or one in a comment above the root."""
    site.write("site.yaml", ZH)
    svg = '<svg xmlns="http://www.w3.org/2000/svg" {}><rect width="50" height="190"/></svg>'
    site.write("content/posts/a/shape.svg", svg.format('viewBox="0 0 800 200"'))
    site.write("content/posts/a/comment.svg", '<!-- width="10" height="10" -->\n' + svg.format(
        'width="100%" height="100%" viewBox="0 0 640 320" stroke-width="2"'))
    site.write("content/posts/a/points.svg", svg.format('width="90pt" height="30pt"'))
    site.write("content/posts/a/one.svg", svg.format('width="400" viewBox="0 0 800 200"'))
    site.post("a/index.md", "A", body="![s](shape.svg)\n\n![c](comment.svg)\n\n"
              "![p](points.svg)\n\n![o](one.svg)\n")
    site.build()
    sizes = dict(re.findall(r'alt="(\w)"[^>]*?width="(\d+" height="\d+)"', site.read("posts/a/")))
    assert sizes == {"s": '800" height="200', "c": '640" height="320', "p": '120" height="40',
                     "o": '400" height="100'}


# --- code ----------------------------------------------------------------------------------------


def test_code_blocks_have_a_title_and_a_copy_button_labelled_in_the_page_language(site):
    html = body_of(site, """
        ```python title="lru.py"
        cache = {}
        ```

        ```cpp {title="lru.cpp" linenos=true}
        int x;
        ```
        """)
    first, second = html.split('<div class="code-block code-short"')[1:3]
    assert '<span class="code-title">lru.py</span> <span class="code-label">Python</span>' in first
    assert ('<button class="code-copy" type="button" hidden aria-label="复制代码" '
            'data-copied="已复制">复制</button>') in first
    assert '<span class="code-title">lru.cpp</span>' in second and 'class="linenos"' in second


def test_long_code_blocks_are_foldable_unless_the_fence_says_not(site):
    long = "\n".join(f"x{i} = {i}" for i in range(40))
    html = body_of(site, f"```python\n{long}\n```\n\n```python fold=false\n{long}\n```\n\n"
                         "```python\nshort = 1\n```\n")
    blocks = html.split('<div class="code-block')[1:]
    assert blocks[0].startswith(' code-foldable"')
    assert ('<button class="code-unfold" type="button" hidden aria-expanded="false" '
            'data-fold="收起">展开全部 40 行</button>') in blocks[0]
    assert "code-unfold" not in blocks[1] and "code-unfold" not in blocks[2]


def test_consecutive_fences_of_one_group_become_tabs(site):
    html = body_of(site, """
        ```python {group="two-sum"}
        def f(): pass
        ```

        ```cpp group="two-sum"
        int f();
        ```

        ```java {group="other"}
        int f();
        ```
        """)
    # (its tabs, by name, for base.html's script to show a reader's saved tab from the first
    # paint: see markdown/code_tabs.py)
    tabs = html.split('<div class="code-tabs" data-group="two-sum" data-tabs="Python C%2B%2B"'
                      ' data-label="多种语言的代码">\n')
    assert len(tabs) == 2
    inside, after = tabs[1].split('</div>\n</div>\n<div class="code-block code-short" '
                                  'data-lang="java">')
    # the tabs are written by the build, for the page to show them from its first paint;
    # `hidden`, so a reader without JavaScript gets the blocks stacked under their labels
    assert inside.startswith(
        '<div class="code-tablist" hidden><button class="code-tab" type="button"'
        ' data-tab="Python">Python</button>'
        ' <button class="code-tab" type="button" data-tab="C%2B%2B">C++</button></div>\n'
        '<div class="code-block code-short" data-lang="python" data-tab="Python">')
    assert 'data-lang="cpp" data-tab="C%2B%2B"' in inside
    assert html.count("code-tabs") == 1  # a group of one stays an ordinary block
    # a feed reader runs no script: the blocks alone, no tabs that do nothing
    feed = site.read("atom.xml")
    assert "code-tabs" in feed and "code-tablist" not in feed


def test_leetcodes_tab_marks_make_code_tabs_as_leetcode_shows_them(site):
    """A solution copied from LeetCode (力扣题解) marks its tabs after the language,
    ```` ```Java [sol1-Java] ````, ```` ```Python [] ````: the fences were stacked, where
    LeetCode shows one block of tabs."""
    html = body_of(site, """
        ```C++ [sol1-C++]
        int f();
        ```

        ```Java [sol1-Java]
        int f();
        ```

        Words between.

        ```Python []
        def f(): pass
        ```
        """)
    assert re.findall(r'<button class="code-tab"[^>]*>([^<]*)</button>', html) == ["C++", "Java"]
    assert html.count('<div class="code-tabs" data-group="leetcode"') == 1
    # (one alone stays an ordinary block, labelled by its language)
    assert '<span class="code-label">Python</span>' in html.split("Words between.")[1]


def test_code_tabs_are_named_by_language_else_by_title_else_by_count():
    fences = [parse_info(info) for info in (
        'python {group="g" title="brute.py"}', 'python {group="g" title="fast.py"}',
        'cpp {group="g"}', 'js group="g"', 'js group="g"', 'rust group="g"', 'text group="g"',
        '{group="g"}')]
    assert tab_names(fences) == ["brute.py", "fast.py", "C++", "JavaScript 1", "JavaScript 2",
                                 "Rust", "Text", "8"]
    # as one word of `data-tabs`, and as JavaScript's encodeURIComponent writes the saved one
    assert [tab_token(name) for name in ("JavaScript 1", "C++", "C#", "暴力", 'a"b\\', "(it's)")] \
        == ["JavaScript%201", "C%2B%2B", "C%23", "%E6%9A%B4%E5%8A%9B", "a%22b%5C", "(it's)"]


def test_a_tab_is_named_by_its_tab_option_else_by_the_word_its_fence_wrote(site):
    """A pandas answer beside the SQL one was the tab "Python" (LeetCode's says "Pandas"),
    and `bash` beside `shell` gave "Bash 1", "Bash 2" (both are Bash to Pygments)."""
    html = body_of(site, """
        ```sql {group="q"}
        SELECT 1;
        ```

        ```python tab="Pandas" group="q"
        df.head()
        ```

        ```bash {group="install"}
        pip install blogforge
        ```

        ```shell {group="install"}
        $ blogforge build
        ```
        """)
    tabs = re.findall(r'<button class="code-tab"[^>]*>([^<]*)</button>', html)
    assert tabs == ["SQL", "Pandas", "Bash", "Shell"]
    assert "unknown code fence option" not in "".join(messages(site.build()))
    fences = [parse_info(info) for info in ('sh group="g"', 'bash group="g"', 'bash group="g"')]
    assert tab_names(fences) == ["Sh", "Bash 1", "Bash 2"]  # (a word twice: counted)


# --- headings, contents, series ------------------------------------------------------------------


def test_footnotes_are_a_section_with_a_heading_in_the_page_language_and_not_in_the_contents(
        site):
    site.write("site.yaml", BILINGUAL)
    body = "## One\n\nA claim.[^1]\n\n## Two\n\n## Three\n\n[^1]: The source.\n"
    site.post("a.md", "甲", body=body, lang="zh")
    site.post("a.en.md", "A", body=body, lang="en")
    site.build()
    for page, label in (("posts/a/", "脚注"), ("en/posts/a/", "Footnotes")):
        html = site.read(page)
        notes = html.split('<section class="footnotes">', 1)[1].split("</section>", 1)[0]
        assert notes.startswith(f'\n<h2 class="visually-hidden">{label}</h2>\n<ol')
        assert "The source." in notes
        toc = html.split('<nav class="toc"')[1].split("</nav>")[0]
        assert "#one" in toc and label not in toc
    assert "脚注" in site.read("atom.xml")  # (and shown there: no stylesheet hides it)



def test_headings_get_a_link_and_the_contents_fold_on_phones(site):
    site.write("site.yaml", ZH)
    body = "## One\n\ntext\n\n### One a\n\n## Two\n\n## Three\n"
    site.post("a.md", "A", body=body)
    site.build()
    page = site.read("posts/a/")
    # the link follows the heading, on its line: in it, it was read as part of the heading's name
    # (its `#` drawn by the stylesheet: as text, it made the line a link's to reader modes,
    # which dropped it; the heading's text in a span, for them too: heading_anchors.py)
    assert ('<div class="heading-line heading-line-2"><h2 id="one"><span>One</span></h2>'
            '<a class="heading-anchor" href="#one" aria-label="本节链接" aria-describedby="one" '
            'data-copied="已复制本节链接"></a></div>') in page
    assert '<main id="main" class="wrap wrap-post has-toc"' in page
    toc = page.split('<nav class="toc"')[1].split("</nav>")[0]
    assert "<details data-open-wide>" in toc and "open>" not in toc  # opened by the script
    assert '<a href="#one-a">One a</a>' in toc
    assert site.read("atom.xml").count("heading-anchor") == 0


def test_series_box_is_folded_until_the_script_opens_it(site):
    site.write("site.yaml", ZH)
    site.post("p1.md", "Part one", series="s", series_order=1)
    site.post("p2.md", "Part two", date="2024-05-02", series="s", series_order=2)
    site.build()
    box = site.read("posts/p2/").split('<aside class="series-box"')[1].split("</aside>")[0]
    assert "<details data-open-wide>" in box
    assert ('<summary id="series-title" class="series-title">系列：s · 第 2 篇，共 2 篇'
            "</summary>") in box
    assert '<span aria-current="page">Part two</span>' in box


def test_a_long_series_box_lists_the_parts_around_this_one(site):
    """Part 15 of 30: the first, 13-17 and the last, numbered as they are, with gaps between;
    not thirty titles above the post's text. The series pages list them all."""
    site.write("site.yaml", ZH)
    for n in range(1, 31):
        site.post(f"p{n}.md", f"第 {n} 题", date=f"2024-05-{n:02d}", series="lc", series_order=n)
    site.build()
    box = site.read("posts/p15/").split('<aside class="series-box"')[1].split("</aside>")[0]
    assert "第 15 篇，共 30 篇" in box
    items = re.findall(r"<li([^>]*)>(.*?)</li>", box)
    shown = [(attrs.strip(), re.sub(r"<[^>]+>", "", text)) for attrs, text in items]
    assert shown == [("", "第 1 题"), ('class="series-gap" aria-hidden="true"', "…"),
                     ('value="13"', "第 13 题"), ("", "第 14 题"), ("", "第 15 题"),
                     ("", "第 16 题"), ("", "第 17 题"),
                     ('class="series-gap" aria-hidden="true"', "…"), ('value="30"', "第 30 题")]
    assert '<span aria-current="page">第 15 题</span>' in box
    assert '<a href="/series/lc/page/2/">' in box  # the series page listing part 15
    assert site.read("series/lc/").count("<article") + site.read("series/lc/page/2/").count(
        "<article") + site.read("series/lc/page/3/").count("<article") == 30


# --- around a post -------------------------------------------------------------------------------


def test_related_posts_share_the_most_tags_newest_first(site):
    site.write("site.yaml", ZH)
    site.post("a.md", "Alpha", tags="[dp, graph, string]")
    site.post("b.md", "Beta", date="2024-04-01", tags="[dp]")
    site.post("c.md", "Gamma", date="2024-03-01", tags="[dp, graph]")
    site.post("d.md", "Delta", date="2024-06-01", tags="[dp]")
    site.post("e.md", "Epsilon", tags="[other]")
    site.build()
    related = site.read("posts/a/").split('<section class="related"')[1].split("</section>")[0]
    titles = re.findall(r'<a href="[^"]+">(\w+)</a>', related)
    assert titles == ["Gamma", "Delta", "Beta"]
    assert "相关文章" in related
    assert '<section class="related"' not in site.read("posts/e/")


def test_related_posts_reach_the_newest_posts_of_a_tag_past_the_post_itself(site, monkeypatch):
    # (a post's own place among the newest of its tag is passed over: the reach counts
    # other posts; and a tag's posts past the reach are not weighed)
    monkeypatch.setattr("blogforge.post_extras.RELATED_REACH", 2)
    site.write("site.yaml", ZH)
    site.post("n1.md", "Newest", date="2024-06-01", tags="[x]")
    site.post("a.md", "Alpha", date="2024-05-01", tags="[x, y]")
    site.post("n2.md", "Second", date="2024-04-01", tags="[x]")
    site.post("n3.md", "Third", date="2024-03-01", tags="[x, y]")
    site.post("n4.md", "Fourth", date="2024-02-01", tags="[x]")
    site.build()
    related = site.read("posts/a/").split('<section class="related"')[1].split("</section>")[0]
    # (Newest and Second: the reach of x past Alpha; Third by y, its x past the reach, so
    # counted once, as Fourth is not at all)
    assert re.findall(r'<a href="[^"]+">(\w+)</a>', related) == ["Newest", "Second", "Third"]
    fourth = site.read("posts/n4/").split('<section class="related"')[1].split("</section>")[0]
    # (Alpha, Newest: the two newest of x; Third shares x too but is past the reach)
    assert re.findall(r'<a href="[^"]+">(\w+)</a>', fourth) == ["Newest", "Alpha"]


def test_licence_line_links_creative_commons_and_a_post_can_opt_out(site):
    site.write("site.yaml", ZH + "license:\n  name: CC BY-NC-SA 4.0\n")
    site.post("a.md", "A")
    site.post("b.md", "B", license="false")
    site.post("c.md", "C", license="MIT")
    site.build()
    assert ('<a rel="license" href="https://creativecommons.org/licenses/by-nc-sa/4.0/">'
            "CC BY-NC-SA 4.0</a>") in site.read("posts/a/")
    assert "post-license" not in site.read("posts/b/")
    assert "本文采用 MIT 许可协议" in site.read("posts/c/")


def test_date_shown_once_back_to_top_and_progress_bar(site):
    site.write("site.yaml", ZH)
    site.post("a.md", "A", date="2024-05-01")
    site.build()
    page = site.read("posts/a/")
    assert page.count("2024年5月1日") == 1 and "2024.05.01" not in page
    assert '<a class="back-to-top" href="#main">' in page and "回到顶部" in page
    assert '<div class="reading-progress" hidden>' in page
    assert '<script src="/js/reader.js?v=' in page
    assert '<link rel="stylesheet" href="/css/reader.css?v=' in page
    home = site.read("")  # listings stay light: no reading aids to load
    assert "reader.js" not in home and "reader.css" not in home


def test_comments_are_off_by_default_and_load_no_third_party_script(site):
    site.post("a.md", "A")
    site.build()
    page = site.read("posts/a/")
    assert 'class="comments"' not in page and "giscus" not in page


def test_giscus_comments_are_configured_for_the_script_to_load_later(site):
    site.write("site.yaml", BILINGUAL + "comments:\n  provider: giscus\n  repo: me/blog\n"
               "  repo_id: R_1\n  category: Comments\n  category_id: C_1\n")
    site.post("a.md", "A", lang="zh")
    site.post("a.en.md", "A", lang="en")
    site.post("quiet.md", "安静", comments="false", lang="zh")
    site.build()
    page = site.read("posts/a/")
    section = page.split('<section class="comments" id="comments"')[1].split("</section>")[0]
    data = json.loads(re.search(r'data-comments="([^"]+)"', section).group(1)
                      .replace("&#34;", '"'))
    assert data == {"provider": "giscus", "script": "https://giscus.app/client.js",
                    "lang": "zh-CN", "repo": "me/blog", "repoId": "R_1",
                    "category": "Comments", "categoryId": "C_1", "mapping": "pathname",
                    "reactions": True}
    assert "<script" not in section  # nothing is fetched before the reader scrolls there
    assert "评论区需要启用 JavaScript" in section
    assert "&#34;lang&#34;: &#34;en&#34;" in site.read("en/posts/a/")
    assert 'class="comments"' not in site.read("posts/quiet/")


WALINE = "comments:\n  provider: waline\n  server_url: https://comments.example.org\n"


def test_a_page_has_comments_when_its_front_matter_asks_for_them(site):
    """A guestbook (留言板) is a page: `comments: true` there was ignored. Pages have none
    unless they ask; posts have them unless they say `comments: false`."""
    site.write("site.yaml", ZH + WALINE)
    site.write("content/guestbook.md", "---\ntitle: 留言板\ncomments: true\n---\n留下你的话。\n")
    site.write("content/about.md", "---\ntitle: 关于\n---\n关于我。\n")
    site.post("a.md", "甲")
    assert site.build().written
    guestbook = site.read("guestbook/")
    section = guestbook.split('<section class="comments" id="comments"')[1].split("</section>")[0]
    assert "&#34;provider&#34;: &#34;waline&#34;" in section and "评论" in section
    assert "js/reader.js" in guestbook  # (the script that loads them)
    assert 'class="comments"' not in site.read("about/")
    assert 'class="comments"' in site.read("posts/a/")


@pytest.mark.parametrize(("code", "widget"), [("zh-Hans", "zh-CN"), ("zh-Hant", "zh-TW"),
                                              ("zh-HK", "zh-TW"), ("en-GB", "en")])
def test_comment_widgets_get_a_language_they_know(site, code, widget):
    # giscus, Waline and Twikoo know zh-CN and zh-TW, not zh-Hans or zh-Hant: given those,
    # they showed their buttons and messages in English to Chinese readers
    site.write("site.yaml", f"languages:\n  {code}: {{}}\ncomments:\n  provider: giscus\n"
               "  repo: me/blog\n  repo_id: R_1\n  category: Comments\n  category_id: C_1\n")
    site.post("a.md", "A", lang=code)
    site.build()
    section = site.read("posts/a/").split('<section class="comments"')[1].split("</section>")[0]
    data = json.loads(re.search(r'data-comments="([^"]+)"', section).group(1)
                      .replace("&#34;", '"'))
    assert data["lang"] == widget


def test_comment_settings_that_lack_a_required_value_are_an_error_with_its_line(site):
    site.write("site.yaml", "title: x\ncomments:\n  provider: waline\n")
    site.post("a.md", "A")
    result = site.build()
    assert not result.written
    assert any("site.yaml:2" in m and "comments.server_url" in m
               for m in messages(result, "error"))


@pytest.mark.parametrize(("file", "written"), [("content/posts/a/p.png", "p.png"),
                                                ("static/img/p.png", "/img/p.png"),
                                                ("content/img/p.png", "../../img/p.png")])
def test_a_replaced_image_gets_its_new_size_on_a_cached_build(site, file, written):
    site.write("site.yaml", ZH)
    site.write(file, raw=png(100, 50))
    site.post("a/index.md", "A", body=f"![p]({written})\n")
    site.build(use_cache=True)
    assert 'width="100" height="50"' in site.read("posts/a/")
    site.write(file, raw=png(300, 120))
    site.build(use_cache=True)
    assert 'width="300" height="120"' in site.read("posts/a/")


def test_an_image_added_after_its_post_gets_its_size_on_a_cached_build(site):
    site.write("site.yaml", ZH)
    site.post("a.md", "A", body="![p](/img/p.png)\n")
    site.build(use_cache=True)
    image = re.search(r'<img [^>]*src="/img/p.png"[^>]*>', site.read("posts/a/"))
    assert image is not None and "width" not in image.group()
    site.write("static/img/p.png", raw=png(30, 20))
    site.build(use_cache=True)
    assert 'width="30" height="20"' in site.read("posts/a/")

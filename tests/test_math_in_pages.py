"""Math as readers meet it across the site: post pages, excerpts, feeds, descriptions."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import feedparser
import pytest
from conftest import messages

from blogforge.cli import main
from blogforge.math import KATEX_CSS_URL, KATEX_VERSION

FORMULA_POST = r"""
设 $w_i$ 和 $b_i$ 为参数，损失为

$$
\mathcal{L} = \sum_i \|y_i - w_i x_i - b_i\|^2
$$

结束。
"""


def test_post_page_has_rendered_math_and_the_published_katex_stylesheet(site):
    site.post("a.md", "A", body=FORMULA_POST)
    result = site.build()
    assert result.written, messages(result)
    page = site.read("posts/a/")
    assert 'class="katex"' in page and "<math" in page
    assert "<em>" not in page.split('<div class="content">')[1]
    head = page.split("</head>")[0]
    assert f'<link rel="stylesheet" href="/katex/{KATEX_VERSION}/katex.min.css">' in head
    assert site.exists(f"katex/{KATEX_VERSION}/katex.min.css")


def test_cdn_stylesheet_is_pinned_and_never_blocks_the_page(site):
    site.write("site.yaml", "math:\n  assets: cdn\n")
    site.post("a.md", "A", body=FORMULA_POST)
    site.build()
    head = site.read("posts/a/").split("</head>")[0]
    link = re.search(r'<link rel="stylesheet" href="https://[^>]*>', head).group(0)
    assert f'href="{KATEX_CSS_URL}" integrity="sha384-' in link
    assert 'media="print"' in link and "katex-css" in link  # applied once loaded
    assert not site.exists("katex")  # nothing published


def test_pages_without_math_load_no_math_stylesheet(site):
    site.post("a.md", "A", body="no formulas here")
    site.build()
    head = site.read("posts/a/").split("</head>")[0]
    assert "katex" not in head and "math.css" not in head


def test_mathml_output_needs_nothing_external(site):
    site.write("site.yaml", "math:\n  output: mathml\n")
    site.post("a.md", "A", body=FORMULA_POST)
    site.build()
    page = site.read("posts/a/")
    assert "<math" in page and 'class="katex-html"' not in page
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"?]+)', page)
    assert "/css/math.css" in stylesheets
    assert not [url for url in stylesheets if "://" in url]  # nothing from another host


@pytest.mark.parametrize("output", ["mathml", "html"])  # (html: KaTeX's HTML and MathML)
def test_styled_letters_are_unicodes_where_mathml_is_shown(site, output):
    """MathML Core shows no `mathvariant` but "normal": with `output: mathml` (and where
    KaTeX's stylesheet fails to load) `\\mathbb{E}` read E, `\\mathcal{L}` L, `\\mathbf{x}` x,
    while listing cards already showed 𝔼, ℒ and 𝐱."""
    site.write("site.yaml", f"math:\n  output: {output}\n")
    site.post("a.md", "A", body=r"$\mathbb{E}[\mathcal{L}(\mathbf{x})] + \sin x$ 与 "
                                r"$\log p + \textbf{params}$。")
    assert site.build().written
    first, second = site.read("posts/a/").split("<math")[1:3]
    mathml = first.split("</math>", 1)[0]
    assert "<mi>&#x1D53C;</mi>" in mathml and "<mi>ℒ</mi>" in mathml  # (𝔼; ℒ is older)
    assert "<mi>&#x1D431;</mi>" in mathml  # (𝐱)
    assert "<mi>sin</mi>" in mathml  # (upright, as any name of several letters)
    assert 'mathvariant="double-struck"' not in mathml and 'mathvariant="bold"' not in mathml
    assert r"\mathbb{E}" in mathml  # (the TeX the writer wrote stays in the annotation)
    # a word keeps its letters (a screen reader reads it as a word), bold by CSS
    assert '<mtext mathvariant="bold" style="font-weight: bold">params</mtext>' in second
    # MathML alone is laid out by the browser: an operator's name gets TeX's thin space
    spaced = "<mi>log</mi><mo>\u2061</mo><mspace" in second
    assert spaced is (output == "mathml"), second


@pytest.mark.parametrize("output", ["mathml", "html"])
def test_letters_past_u_ffff_that_formulas_make_are_character_references(site, output):
    """The styled letters (𝔼, 𝐱) and the indicator 𝟙 are characters past U+FFFF: written as
    themselves in a formula's MathML, one made the whole page (and the build's every copy of
    it) text of four bytes a character, where Chinese and formulas need two (a 6 MB post's
    build took 1.2 GB). The browser reads `&#x1D53C;` as 𝔼: the post, its card and its feed
    entry show the same letters. Plain text (descriptions, summaries) keeps the letters."""
    site.write("site.yaml", f"base_url: https://example.org/\nmath:\n  output: {output}\n")
    site.post("a.md", "A", body=r"损失 $\mathbb{E}[\mathbbm{1}_A \mathbf{x}]$。")
    assert site.build().written
    page, home = site.read("posts/a/"), site.read("")
    card = home.split('<p class="excerpt">')[1].split("</p>")[0]
    for name, written in (("post", page.split('<div class="content"')[1]), ("card", card),
                          ("feed", site.read("atom.xml").split("<content")[1])):
        assert max(written) <= "\uffff", name
        shown = html.unescape(html.unescape(written))  # (a feed's HTML is escaped twice)
        assert "𝔼" in shown and "𝐱" in shown and "𝟙" in shown, name
    assert '<meta name="description" content="损失 𝔼[𝟙_A x]。">' in page


def test_excerpt_formula_is_mathml_so_listing_pages_stay_light(site):
    site.post("a.md", "A", body=r"短文 $E = mc^2$。")
    site.build()
    home = site.read("")
    excerpt = re.search(r'<p class="excerpt">(.*?)</p>', home, re.S).group(1)
    assert "<math" in excerpt and "katex-html" not in excerpt
    head = home.split("</head>")[0]
    assert "math.css" in head and KATEX_CSS_URL not in head


def test_feeds_carry_mathml(site):
    site.write("site.yaml", "base_url: https://example.org/\n")
    site.post("a.md", "A", body=FORMULA_POST)
    site.build()
    entry = feedparser.parse(site.read("atom.xml")).entries[0]
    content = entry.content[0].value
    assert "<math" in content and "katex-html" not in content


def test_a_feeds_styled_letters_are_the_letters_readers_show(site):
    """Feed readers lay out MathML themselves (MathML Core honours no `mathvariant`): ℝ, 𝔼,
    𝒩 and a bold 𝐱 read R, E, N and x there, as cards did before they got the letters."""
    site.write("site.yaml", "base_url: https://example.org/\n")
    site.post("a.md", "A", body=r"$x \in \mathbb{R}^d$, $\mathbb{E}_q[\log p]$, "
                                r"$\mathcal{N}(0, I)$, $\boldsymbol{x}$" + "\n")
    site.build()
    content = feedparser.parse(site.read("atom.xml")).entries[0].content[0].value
    assert "mathvariant" not in content, content
    for letter in ("ℝ", "𝔼", "𝒩", "𝒙"):  # (as the reader's HTML parser reads them)
        assert letter in html.unescape(content), (letter, content)
    assert "<annotation" not in content  # (the TeX, which no reader shows)


def test_meta_description_has_a_readable_form_of_math(site):
    site.post("a.md", "A", body=r"参数 $\theta$ 的分布 $p_\theta(x)$ 很重要。")
    site.build()
    description = re.search(r'<meta name="description" content="([^"]*)"',
                            site.read("posts/a/")).group(1)
    assert "θ" in description and "\\theta" not in description


def test_katexs_own_number_sets_read_as_drawn_in_a_description(site):
    # (`\R`, `\reals`, `\Complex`…: KaTeX's own macros for \mathbb{R}, \mathbb{C}…, drawn ℝ, ℂ)
    site.post("a.md", "A", body=r"设 $x \in \R^n$，$k \in \N$，$z \in \Complex$，"
              r"$m \in \Z$，$y \in \reals$。")
    site.build()
    description = re.search(r'<meta name="description" content="([^"]*)"',
                            site.read("posts/a/")).group(1)
    assert "x ∈ ℝⁿ" in description and "k ∈ ℕ" in description and "z ∈ ℂ" in description
    assert "m ∈ ℤ" in description and "y ∈ ℝ" in description


def test_broken_formula_is_visible_and_reported_with_file_and_line(site):
    site.post("a.md", "A", body="第一行\n\n公式 $\\frac{1}{$ 坏了\n")
    result = site.build()
    assert result.written
    assert 'class="math-error"' in site.read("posts/a/")
    assert any(m.startswith("content/posts/a.md:7: warning: KaTeX:") for m in messages(result))
    assert not site.build(strict=True).written


def test_an_unclosed_brace_in_a_long_derivation_is_said_at_its_own_line(site):
    """It was said at the derivation's first line, "at the end of" the whole of it."""
    site.post("a.md", "A", body="\\begin{align}\na &= b \\\\\nc &= d \\\\\n"
                                "g &= \\frac{h}{i \\\\\nj &= k\n\\end{align}\n")
    [said] = [m for m in messages(site.build()) if "KaTeX" in m]
    assert said.startswith("content/posts/a.md:8: warning: KaTeX: ")
    assert "this `{` is never closed (at \"" in said and "at the end of" not in said


def test_a_broken_formula_in_a_callout_is_named_at_its_line(site):
    """The callout's marker line is taken off its paragraph: its formulas were said a line
    early (a quote's were right)."""
    site.post("a.md", "A", body="Text.\n\n> [!NOTE]\n> first line\n> bad $\\bad{x}$ here\n"
                                "\n> plain quote\n> bad $\\bad{y}$ here\n")
    result = site.build()
    lines = [m.split(": warning")[0] for m in messages(result) if "\\bad" in m]
    assert lines == ["content/posts/a.md:9", "content/posts/a.md:12"]


def test_a_broken_formula_in_an_inline_footnote_is_named_at_its_line(site):
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    site.post("a.md", "A", body=r"""
        第一段 $\foo{a}$。

        见注^[see $\foo{b}$]，又一注^[a note
        over two lines: $\foo{c}$, with a note of its own^[$\foo{d}$]]。
        """)
    result = site.build()
    assert result.written
    assert messages(result) == [
        f'content/posts/a.md:{line}: warning: KaTeX: Undefined control sequence: \\foo '
        f'(at "\\foo{{{name}}}")' for line, name in ((6, "a"), (8, "b"), (9, "c"), (9, "d"))]
    notes = site.read("posts/a/").split('<section class="footnotes">')[1]
    assert notes.count('class="math-error"') == 3


UNCLOSED_POST = r"""
价格 $5 和 $10，`echo $$` 不是公式。

```sh
echo $$
```

$$
\mathcal{L} = \sum_i x_i

后面的段落 $x$。
"""


def test_a_display_formula_never_closed_is_reported_at_its_line_and_the_page_built(site, capsys):
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    site.post("a.md", "A", body=UNCLOSED_POST)
    assert main(["build", "--source", str(site.root)]) == 0
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "content/posts/a.md:12: warning: display formula opened with `$$` is never closed "
        "with `$$`: shown as text"]
    page = site.read("posts/a/")
    assert "<p>$$\n\\mathcal{L} = \\sum_i x_i</p>" in page  # as written, as before
    assert page.count('class="katex"') == 1  # the formula after it still renders
    assert main(["build", "--source", str(site.root), "--strict"]) == 1
    assert "content/posts/a.md:12: error: display formula opened with `$$`" in \
        capsys.readouterr().err


def test_a_display_formula_never_closed_is_reported_by_builds_that_reuse_its_body(site):
    site.post("a.md", "A", body=UNCLOSED_POST)
    site.post("b.md", "B", date="2024-05-02")
    first = [m for m in messages(site.build(use_cache=True)) if "never closed" in m]
    assert first == ["content/posts/a.md:12: warning: display formula opened with `$$` is "
                     "never closed with `$$`: shown as text"]
    site.post("b.md", "B", date="2024-05-02", body="Edited.")
    again = site.build(use_cache=True)
    assert again.bodies_rendered == 1  # b's; a's body and its warning came from the cache
    assert [m for m in messages(again) if "never closed" in m] == first


# A post on writing math in Markdown shows the delimiters in code spans: what a code span holds
# is code, never a formula's start or end.
DELIMITERS_IN_CODE_POST = r"""
In Markdown, `$$` opens a display formula:
$$E = mc^2$$

The same with `\[`:
\[
F = ma
\]

$$ \text{the delimiter `$$`} $$

It reads $$\text{`$$`}$$ in a sentence.

Then `$$`, and a formula never closed:
$$
x^2
"""


def formulas_of(page: str) -> list[str]:
    """The TeX of every rendered formula of a page, as written (KaTeX's annotation)."""
    return [html.unescape(tex) for tex in
            re.findall(r'<annotation encoding="application/x-tex">(.*?)</annotation>', page,
                       re.S)]


def test_delimiters_in_code_spans_neither_open_nor_close_a_formula(site):
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    site.post("a.md", "A", body=DELIMITERS_IN_CODE_POST)
    result = site.build()
    page = site.read("posts/a/")
    assert formulas_of(page) == ["E = mc^2", "F = ma", "\\text{the delimiter `$$`}",
                                 "\\text{`$$`}"]
    # the formulas after a paragraph that shows `$$` or `\[` are displays of their own
    assert ('<p>In Markdown, <code translate="no">$$</code> opens a display formula:</p>\n'
            '<div class="math-display">') in page
    assert ('<p>The same with <code translate="no">\\[</code>:</p>\n'
            '<div class="math-display">') in page
    assert page.count('<div class="math-display">') == 3
    assert "<p>It reads <span class=\"katex\" translate=\"no\">" in page
    assert "never closed:\n$$\nx^2</p>" in page  # (as written)
    assert messages(result) == ["content/posts/a.md:19: warning: display formula opened with "
                                "`$$` is never closed with `$$`: shown as text"]


def test_math_in_titles_is_rendered_and_clean_in_title_and_feed(site):
    site.write("site.yaml", "base_url: https://example.org/\n")
    site.post("a.md", "Bound on $w_i$ and *stars*")
    site.build()
    page = site.read("posts/a/")
    h1 = page.split('<h1 id="post-title">')[1].split("</h1>")[0]
    assert "<math" in h1 and "$" not in h1.split("<annotation")[0] and "*stars*" in h1
    assert "<title>Bound on wᵢ and *stars*" in page
    assert "<math" in site.read("").split('class="card-title"')[1].split("</h3>")[0]
    assert feedparser.parse(site.read("atom.xml")).entries[0].title == "Bound on wᵢ and *stars*"


def test_an_escaped_dollar_in_a_title_is_a_dollar_everywhere_the_title_is(site):
    r"""`\$` is a dollar sign, as in the body: `Pay \$5 for an $O(n)$ scan` showed its
    backslash in the heading, the card, <title> and the feed."""
    site.write("site.yaml", "base_url: https://example.org/\n")
    site.write("content/posts/a.md",
               "---\ntitle: 'Pay \\$5 for an $O(n)$ scan'\ndate: 2024-05-01\n---\nx\n")
    site.build()
    page = site.read("posts/a/")
    h1 = page.split('<h1 id="post-title">')[1].split("</h1>")[0]
    assert h1.startswith("Pay $5 for an <span") and "<math" in h1, h1
    assert "<title>Pay $5 for an O(n) scan" in page
    assert site.read("").split('class="card-title"')[1].split("<span")[0].endswith("Pay $5 for an ")
    assert feedparser.parse(site.read("atom.xml")).entries[0].title == "Pay $5 for an O(n) scan"


def test_an_eqref_in_the_title_shows_the_equation_number_everywhere_the_title_is(site):
    # As MathJax shows it on the page: the label is the post's. On a card the number is text,
    # not a link to an equation that is not there (nor a link in the card's link).
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    site.write("content/posts/a.md", r"""
        ---
        title: '由 $\eqref{eq:elbo}$ 推出'
        description: '见 $\eqref{eq:elbo}$'
        date: 2024-05-01
        ---
        正文：

        $$
        \log p(x) \ge \mathcal{L} \label{eq:elbo}
        $$

        如 $\eqref{eq:elbo}$ 所示。
        """)
    site.write("content/posts/b.md", "---\ntitle: '见 $\\eqref{nope}$'\ndate: 2024-05-02\n---\n"
               "正文。\n")
    result = site.build()
    assert messages(result) == [
        "content/posts/b.md:2: warning: undefined equation label 'nope' (\\eqref)"]
    page = site.read("posts/a/")
    number = '<mtext><span class="math-ref">(1)</span></mtext>'
    assert "<title>由 (1) 推出 · T</title>" in page
    assert number in page.split('<h1 id="post-title">')[1].split("</h1>")[0]
    cards = site.read("").split('class="card-title"')
    assert number in cards[2].split("</h3>")[0]
    assert number in cards[2].split('class="excerpt">')[1].split("</p>")[0]
    assert '<meta property="og:title" content="由 (1) 推出">' in page
    assert [e.title for e in feedparser.parse(site.read("atom.xml")).entries] == [
        "见 (?)", "由 (1) 推出"]


def test_a_titles_text_shows_scripts_without_tex_braces(site):
    # <title>, feeds and attributes get text: a script of one word reads as it is, one of
    # more in parentheses (as a fraction's parts), and so does one a letter follows.
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    for name, title, date in (
            ("a", r"变分下界 $\mathcal{L}_{VLB}$ 与 $D_{KL}(q\|p)$", "2024-05-01"),
            ("b", r"$\sum_{i=1}^{N} W_{qk} x_i^{2n}$ 与 $V^{\pi_\theta}$", "2024-05-02"),
            ("c", r"$\mathbf{W}_{qk}x$ and $e^{-x}$", "2024-05-03")):
        site.write(f"content/posts/{name}.md",
                   f"---\ntitle: '{title}'\ndate: {date}\n---\n正文。\n\n更多。\n")
    assert messages(site.build()) == []
    page = site.read("posts/a/")
    assert "<title>变分下界 ℒ_VLB 与 D_KL(q‖p) · T</title>" in page
    assert '<meta property="og:title" content="变分下界 ℒ_VLB 与 D_KL(q‖p)">' in page
    assert "<title>∑ᵢ₌₁^N W_qk xᵢ²ⁿ 与 V^(π_θ) · T</title>" in site.read("posts/b/")
    assert "<title>W_(qk)x and e^(-x) · T</title>" in site.read("posts/c/")
    assert [e.title for e in feedparser.parse(site.read("atom.xml")).entries] == [
        "W_(qk)x and e^(-x)", "∑ᵢ₌₁^N W_qk xᵢ²ⁿ 与 V^(π_θ)", "变分下界 ℒ_VLB 与 D_KL(q‖p)"]


def test_a_broken_formula_in_the_title_or_summary_is_reported_once_and_fails_strict(site):
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    site.write("content/posts/a.md", r"""
        ---
        title: '损失 $\foo{\theta}$'
        summary: '摘要 $\foo$'
        date: 2024-05-01
        ---
        正文。
        """)
    site.post("b.md", "B", date="2024-05-02", body="Text.")
    # (at the lines they are written on)
    expected = ['content/posts/a.md:2: warning: KaTeX: Undefined control sequence: \\foo '
                '(at "\\foo{\\theta}")',
                'content/posts/a.md:3: warning: KaTeX: Undefined control sequence: \\foo '
                '(at "\\foo")']
    result = site.build(use_cache=True)
    assert result.written
    assert messages(result) == expected  # once each, though the title shows in many places
    assert 'class="math-error"' in site.read("posts/a/").split('<h1 id="post-title">')[1]
    # replayed by a build that takes the post's body from the cache
    site.post("b.md", "B", date="2024-05-02", body="Edited.")
    again = site.build(use_cache=True)
    assert again.bodies_rendered == 1 and messages(again) == expected
    assert not site.build(strict=True).written
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\nmath: {strict: true}\n")
    strict = site.build()
    assert not strict.written
    assert messages(strict, "error") == [m.replace("warning", "error") for m in expected]


def test_a_formula_never_closed_in_the_summary_is_reported_at_its_line(site):
    """`summary: 'the $\\frac{1}{ part'` was shown as TeX source on the card, in the feed and
    the meta description without a word, where the same text in the body is a warning."""
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    site.write("content/posts/a.md", "---\ntitle: A\ndate: 2024-05-01\nsummary: "
               "'the $\\frac{1}{ part'\n---\nText.\n")
    result = site.build(use_cache=True)
    expected = ["content/posts/a.md:4: warning: formula opened with `$` before `\\frac{1}{` is "
                "never closed with `$`: shown as text"]
    assert messages(result) == expected
    # (replayed by a build that takes the body from the cache)
    site.post("b.md", "B", date="2024-05-02")
    assert messages(site.build(use_cache=True)) == expected
    assert not site.build(strict=True).written


def test_a_broken_formula_in_a_title_taken_from_the_first_heading_is_named_at_it(site):
    site.write("content/posts/a.md", "---\ndate: 2024-05-01\n---\n\n# 损失 $\\foo$\n\n正文。\n")
    found = [m for m in messages(site.build()) if "KaTeX" in m]
    assert found and all(m.startswith("content/posts/a.md:5: warning: KaTeX") for m in found)


def contents_entry(page: str, ident: str) -> str:
    """What the table of contents shows for the heading with id `ident`."""
    return page.split('<nav class="toc"')[1].split(f'<a href="#{ident}">')[1].split("</a>\n")[0]


def test_a_broken_formula_in_a_heading_is_reported_once_and_shown_alike_in_the_contents(site):
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    site.post("a.md", "A", body="Intro.\n\n## Loss $\\foo{x}$\n\n## Two\n\n## Three\n")
    result = site.build()
    assert messages(result) == ['content/posts/a.md:7: warning: KaTeX: Undefined control '
                                'sequence: \\foo (at "\\foo{x}")']
    page = site.read("posts/a/")
    shown = ('Loss <span class="math-error" title="KaTeX: Undefined control sequence: \\foo '
             '(at &quot;\\foo{x}&quot;)" translate="no">$\\foo{x}$</span>')
    assert f'<h2 id="loss-foo-x"><span>{shown}</span></h2><a class="heading-anchor"' in page
    assert contents_entry(page, "loss-foo-x") == shown


def test_an_equation_in_a_heading_has_one_number_in_the_heading_and_the_contents(site):
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n"
               "math: {numbering: all}\n")
    site.post("a.md", "A", body="Intro.\n\n## Energy \\[E = mc^2 \\label{e}\\]\n\n"
              "See \\eqref{e}.\n\n## Two\n\n## Three\n")
    result = site.build()
    assert messages(result) == []
    page = site.read("posts/a/")
    numbers = re.compile(r"<mtext>\((\d+)\)</mtext>")
    heading = page.split('<h2 id="energy-e-mc-2-label-e">')[1].split("</h2>")[0]
    assert numbers.findall(heading) == ["1"]
    assert numbers.findall(contents_entry(page, "energy-e-mc-2-label-e")) == ["1"]
    assert '<a class="math-ref" href="#eq-e">(1)</a>' in page
    assert page.count(' id="eq-e"') == 1  # (the contents show the equation without its anchor)


def test_meta_description_spaces_formulas_once(site):
    site.post("a.md", "A", body="参数 $w_i$ 和 $b_i$ 。")
    site.build()
    description = re.search(r'<meta name="description" content="([^"]*)"',
                            site.read("posts/a/")).group(1)
    assert description == "参数 wᵢ 和 bᵢ 。"


def test_a_def_with_delimited_parameters_holds_for_the_rest_of_the_post(site):
    """`\\def\\pr(#1){…}` was dropped after its own formula (later uses "Undefined control
    sequence"), its block an empty display, its TeX in the description."""
    site.write("site.yaml", "base_url: https://example.org/\n")
    site.post("a.md", "A", body="$$\n\\def\\pr(#1){\\Pr\\left(#1\\right)}\n"
              "\\def\\set#1\\endset{\\{#1\\}}\n$$\n\n"
              "概率 $\\pr(X > 0)$ 与集合 $\\set a, b\\endset$。\n")
    result = site.build()
    assert messages(result) == []
    page = site.read("posts/a/")
    content = page.split('<div class="content">')[1].split("</article>")[0]
    assert "math-error" not in content and content.count('class="katex"') == 2
    assert "math-display" not in content  # (the block that only defines shows nothing)
    assert "<mi>Pr</mi>" in content and '<mo stretchy="false">{</mo>' in content
    description = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
    assert description == "概率 Pr(X &gt; 0) 与集合 {a, b}。"


def test_deeply_nested_formulas_are_shown_as_written_with_a_warning(site):
    # Each overflows KaTeX's stack (the fourth such failure aborts the process), and Python's
    # recursion in the plain text of descriptions: built in a process of its own.
    deep = "{" * 1000 + "x" + "}" * 1000
    roots = "\\sqrt{" * 300 + "y" + "}" * 300
    site.write("site.yaml", "base_url: https://example.org/\n")
    site.post("a.md", "A", body=f"Intro $x^2$.\n\n${deep}$\n\n$${roots}$$\n\n"
              "$$\\def\\twice#1{\\sqrt{\\sqrt{#1}}}\n"
              "\\twice{\\twice{\\twice{\\twice{\\twice{\\twice{\\twice{z}}}}}}}$$\n")
    done = subprocess.run([sys.executable, "-m", "blogforge", "build", "-s", str(site.root)],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")})
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
    warnings = [line for line in done.stderr.splitlines() if "nested too deeply" in line]
    assert warnings == [
        f"content/posts/a.md:{line}: warning: formula nested too deeply ({depth} levels of {{…}},"
        " \\left or \\begin; at most 12): shown as written"
        for line, depth in ((7, 1000), (9, 300), (11, 21))]
    page = site.read("posts/a/")
    assert '<span class="math-error" title="formula nested too deeply (1000 levels' in page
    assert f">${deep}$</span>" in page and f">$$\n{roots}\n$$</div>" in page
    ET.fromstring((site.output / "atom.xml").read_bytes())


def test_plain_text_of_a_deeply_nested_formula_is_the_formula_as_written():
    from blogforge.math.plaintext import plain_text

    deep = "\\frac{" * 1000 + "x" + "}{2}" * 1000
    assert plain_text(deep) == deep
    assert plain_text("\\frac{a}{\\sqrt{b}}") == "a/√b"


def test_emphasis_marks_next_to_a_formula_work_as_next_to_a_word(site):
    """CommonMark takes `$` for punctuation: `**损失函数$L$**和` closed nothing and the reader
    saw the asterisks (Chinese has no space after them)."""
    site.post("a.md", "A", body=(
        "**损失函数$L$**和*参数$\\theta$*，和**$x$是**重点，~~$a$~~掉，"
        "**见 \\eqref{e}**和。\n\n$$\nx \\label{e}\n$$\n"))
    site.build()
    paragraph = site.read("posts/a/").split('<div class="content">')[1].split("</p>")[0]
    shown = re.sub(r"<(?!/?(?:strong|em|s)>)[^>]*>", "", paragraph)  # (formulas as text)
    assert "*" not in shown and "~" not in shown
    for emphasis in (r"<strong>损失函数<span class=\"katex\" translate=\"no\">.*?</strong>和",
                     r"<em>参数<span class=\"katex\" translate=\"no\">.*?</em>，",
                     r"和<strong><span class=\"katex\" translate=\"no\">.*?是</strong>重点",
                     r"<s><span class=\"katex\" translate=\"no\">.*?</s>掉",
                     r'<strong>见 <a class="math-ref" href="#eq-e">\(1\)</a></strong>和'):
        assert re.search(emphasis, paragraph), emphasis


def test_a_formula_in_an_images_alt_text_reads_as_its_plain_text(site):
    """`![图 $x$](a.png)` had alt "图 ": markdown-it's alt text leaves out what is not text."""
    site.post("a.md", "A", body="文字 ![图 $x$](a.png) 和 ![注意力 $\\alpha_i$ 热图](b.png)\n")
    site.build()
    alts = re.findall(r'<img [^>]*alt="([^"]*)"', site.read("posts/a/"))
    assert alts == ["图 x", "注意力 αᵢ 热图"]


# LaTeX ends a paragraph at a blank line, and a display formula with it ("Missing $
# inserted"): a formula pasted from here into a paper would stop compiling.
BLANK_LINE_POST = r"""
Loss:

$$
\mathcal{L} = a

+ b

+ c
$$

And in an alignment:

\begin{align}
x &= 1 \\

y &= 2
\end{align}
"""


def test_a_blank_line_in_a_display_formula_is_said_once_at_its_line_and_still_renders(site):
    site.post("a.md", "A", body=BLANK_LINE_POST)
    site.post("b.md", "B", date="2024-05-02")
    found = [m for m in messages(site.build(use_cache=True)) if "blank line" in m]
    assert found == [
        "content/posts/a.md:10: warning: blank line inside `$$`…`$$`: LaTeX ends the formula "
        "there with an error, and so do Markdown renderers that read it as two paragraphs; "
        "it is rendered whole here, but delete the line (or put a lone `%` on it)",
        "content/posts/a.md:20: warning: blank line inside `\\begin{align}`…`\\end{align}`: "
        "LaTeX ends the formula there with an error, and so do Markdown renderers that read "
        "it as two paragraphs; it is rendered whole here, but delete the line (or put a lone "
        "`%` on it)"]
    page = site.read("posts/a/")
    assert "math-error" not in page
    assert "<mo>+</mo><mi>c</mi>" in page  # the whole formula, as before
    # a build that takes a's body from the cache says it again
    site.post("b.md", "B", date="2024-05-02", body="Edited.")
    again = site.build(use_cache=True)
    assert again.bodies_rendered == 1
    assert [m for m in messages(again) if "blank line" in m] == found


def test_a_display_formula_without_a_blank_line_says_nothing_of_one(site):
    site.post("a.md", "A", body="$$\na\n%\nb\n$$\n\n$$x$$ and $$\ny\n$$\n")
    assert [m for m in messages(site.build()) if "blank line" in m] == []


# A `$$` whose closing was forgotten, in notes with more formulas after it: the next `$$`
# (which opens the next formula) closed it, past the blank lines, and every formula after it
# was read one `$$` out of step: its TeX shown as text, the prose between read as TeX.
UNCLOSED_BEFORE_OTHERS = r"""
Setup: $a$ and $b$.

$$
x^2 + y^2

Then $x_0$ is the input and $y_0 = f(x_0)$.

$$
z_1 = \sum_i w_i
$$

More: $L_1$ falls.

$$
z_2 = \sum_i v_i
$$

## Results

$$
z_3 = \prod_i u_i
$$
"""


def test_a_display_formula_never_closed_is_said_once_and_the_formulas_after_it_render(site):
    site.post("a.md", "A", body=UNCLOSED_BEFORE_OTHERS)
    found = [m for m in messages(site.build()) if "content/posts/a.md" in m]
    assert found == ["content/posts/a.md:8: warning: display formula opened with `$$` is never "
                     "closed with `$$`: shown as text"]
    page = site.read("posts/a/")
    assert "<p>$$\nx^2 + y^2</p>" in page
    assert "math-error" not in page
    tex = re.findall(r'<annotation encoding="application/x-tex">(.*?)</annotation>', page, re.S)
    assert [t for t in tex if t.startswith("z_") or "prod" in t] == [
        "z_1 = \\sum_i w_i", "z_2 = \\sum_i v_i", "z_3 = \\prod_i u_i"]
    assert "Then" in page and "<h2" in page  # (prose and the heading as such)


# A \tag's text is LaTeX's text mode: `$…$` in it is math, whose dollars are not shown.
TAGGED_POST = r"""
$$
\begin{align}
a &= b \tag{$\star$} \label{eq:star} \\
c &= d \tag{$\dagger$ and $x^2$}
\end{align}
$$

By \eqref{eq:star}, and $\bbox[yellow,5px]{x + y}$ is marked.
"""


def test_a_tag_s_math_shows_without_its_dollars_in_mathml_references_and_feeds(site):
    site.write("site.yaml", "base_url: https://example.org/\n")
    site.post("a.md", "A", body=TAGGED_POST)
    assert messages(site.build()) == []
    page = site.read("posts/a/")
    # the MathML (screen readers) and the reference (everyone) read the tags' math
    assert '<mtd class="math-eqn-num"><mtext>(⋆)</mtext></mtd>' in page
    assert '<mtd class="math-eqn-num"><mtext>(† and x²)</mtext></mtd>' in page
    assert '<a class="math-ref" href="#eq-eq:star">(⋆)</a>' in page
    # (the feed's HTML as readers get it: feedparser's sanitising drops <mpadded>)
    atom = "{http://www.w3.org/2005/Atom}"
    content = ET.fromstring(site.read("atom.xml")).find(f"{atom}entry/{atom}content").text
    assert "<mtext>(⋆)</mtext>" in content and "$" not in content
    # MathML 3's "6pt more than its content", which MathML Core (Chromium) reads as "6pt
    # wide", drew the highlighted x + y squeezed over the words after it
    assert 'width="+6pt"' not in content
    # the box keeps its padding and colour; no stand-in colour for the theme's dark screens,
    # which feed readers do not show (whichever of the page, its card and the feed was drawn
    # first)
    assert '<mpadded style="padding: 3pt" mathbackground="yellow">' in content
    assert "--dark-color" not in content
    # a description reads the highlighted formula without the dollars of its rewriting
    assert 'name="description" content="a = b; c = d By (⋆), and x + y is marked."' in page


class CountedText(str):
    """Text that counts the characters `count` reads."""

    read = 0

    def count(self, sub: str, start: int = 0, end: int | None = None) -> int:  # type: ignore[override]
        CountedText.read += (len(self) if end is None else end) - start
        return super().count(sub, start, end)


def test_formulas_are_placed_on_their_lines_reading_the_text_once():
    """Each formula's line was counted from the paragraph's start: a line of 50,000 `$a`
    read the paragraph 50,000 times (seconds of a build)."""
    from markdown_it.token import Token

    from blogforge.math.parse import place_formulas

    CountedText.read = 0
    text = CountedText("$a$ b\n" * 2_000 + "$c$")
    children = [Token("math_inline", "", 0, meta={"pos": at})
                for at in range(0, len(text), len("$a$ b\n"))]
    place_formulas(children, text, 10)
    assert [child.meta["line"] for child in children] == list(range(10, 2_011))
    assert CountedText.read <= len(text)


def test_inline_notes_are_placed_on_their_lines_reading_the_text_once():
    """As formulas: each inline note's line was counted from the paragraph's start."""
    from markdown_it.token import Token

    from blogforge.markdown.footnotes import _place_notes

    CountedText.read = 0
    text = CountedText("a^[n] b\n" * 2_000)
    children = [Token("footnote_ref", "", 0, meta={"id": number, "pos": at})
                for number, at in enumerate(range(1, len(text), len("a^[n] b\n")))]
    notes = {number: {"tokens": [Token("math_inline", "", 0, meta={"pos": 0})],
                      "content": "n"} for number in range(len(children))}
    _place_notes(children, text, 10, notes)
    assert [notes[number]["tokens"][0].meta["line"] for number in range(len(children))] == \
        list(range(10, 2_010))
    assert CountedText.read <= len(text)

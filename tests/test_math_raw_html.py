"""Math written inside raw HTML, as writers using MathJax or KaTeX's auto-render wrote it:
rendered at build time like the formulas of Markdown text, never in code, scripts or
attribute values."""

from __future__ import annotations

import html
import re

from conftest import messages

from blogforge.math import MathEngine, MathSettings

# The front matter `Site.post` writes takes 4 lines: body line n is line 4 + n of the file.
FRONT_MATTER_LINES = 4


def post(site, body: str) -> None:
    site.write("site.yaml", "base_url: https://example.org/\n")
    site.post("a.md", "A", body=body)


def content(site, path: str = "posts/a/") -> str:
    """The post's body as built."""
    return site.read(path).split('<div class="content">', 1)[1].split("</article>", 1)[0]


def annotations(fragment: str) -> list[str]:
    """The TeX of each formula rendered, as the MathML annotation keeps what was written."""
    return [html.unescape(tex) for tex in
            re.findall(r'<annotation encoding="application/x-tex">(.*?)</annotation>', fragment,
                       re.S)]


HTML_WITH_MATH = r"""
<center>$x^2$</center>

<div align="center">$$\sum_i x_i$$</div>

<details><summary>证明 $a=b$</summary>
由 \(a \le b\) 与
\[b \le a\]
得证，其中 $$\gamma$$ 是常数。
</details>

<table>
<tr><th>符号</th><th>含义</th></tr>
<tr><td>$\alpha$</td><td>学习率 &amp; $\beta &lt; 1$</td></tr>
</table>
"""


def test_formulas_in_raw_html_are_rendered_as_in_markdown(site):
    post(site, HTML_WITH_MATH)
    result = site.build()
    assert result.written and not messages(result)
    body = content(site)
    assert annotations(body) == ["x^2", "\\sum_i x_i", "a=b", "a \\le b", "b \\le a", "\\gamma",
                                 "\\alpha", "\\beta < 1"]  # (entities decoded, as in a browser)
    assert "$" not in re.sub(r"<annotation.*?</annotation>", "", body, flags=re.S)
    # `$$` alone on its line (between tags) and `\[` are displays; `$$` in a sentence is not
    assert body.count('<span class="math-display">') == 2
    assert '<div align="center"><span class="math-display">' in body
    assert "katex.min.css" in site.read("posts/a/").split("</head>")[0]


LEFT_AS_WRITTEN = r"""
<div class="note" title="$a$">
<pre>$b$</pre> <code>$c$</code> <textarea>$d$</textarea>
<script>var price = "$e$";</script><style>.x::after { content: "$f$"; }</style>
<!-- $g$ -->
<p data-tex="\(h\)">Only $i$ is math here, and \$5 is money.</p>
</div>

A paragraph with <code>$j$</code>, <code>\(k\)</code> and <kbd>$l$</kbd>.
"""


def test_code_scripts_comments_and_attributes_keep_their_dollars(site):
    post(site, LEFT_AS_WRITTEN)
    assert site.build().written
    body = content(site)
    assert annotations(body) == ["i", "l"]
    for kept in ['title="$a$"', "<pre>$b$</pre>", "<code>$c$</code>", "<textarea>$d$</textarea>",
                 '"$e$"', '"$f$"', "<!-- $g$ -->", 'data-tex="\\(h\\)"', "<code>$j$</code>",
                 "<code>\\(k\\)</code>"]:
        assert kept in body
    assert "and $5 is money" in body  # `\$` is a dollar sign, as in Markdown


def test_a_broken_formula_in_raw_html_is_reported_at_its_line(site):
    post(site, '第一行\n\n<div align="center">\n$$\\frac{1}{$$\n</div>\n')
    result = site.build()
    assert result.written
    assert 'class="math-error math-error-display"' in content(site)
    assert [m.split(" (")[0] for m in messages(result)] == [
        f"content/posts/a.md:{FRONT_MATTER_LINES + 4}: warning: KaTeX: Unexpected end of input "
        "in a macro argument, expected '}': this `{` is never closed"]
    assert not site.build(strict=True).written


def test_macros_of_a_hidden_block_reach_formulas_in_raw_html(site):
    post(site, '<div style="display:none">$\\newcommand{\\R}{\\mathbb{R}}$</div>\n\n'
               "<p>设 $x \\in \\R^n$。</p>\n")
    result = site.build()
    assert result.written and not messages(result)
    assert '<mi>ℝ</mi>' in content(site)


def shown_elsewhere(site) -> tuple[str, str, str]:
    """The post's excerpt on the home page, its meta description and its feed entry."""
    excerpt = re.search(r'<p class="excerpt">(.*?)</p>', site.read(""), re.S).group(1)
    description = re.search(r'<meta name="description" content="([^"]*)"',
                            site.read("posts/a/")).group(1)
    entry = site.read("atom.xml").split("<entry>", 1)[1]
    return excerpt, description, re.sub(r"<(updated|published)>.*?</\1>", "", entry)


def test_formulas_in_raw_html_show_in_excerpt_description_and_feed_as_in_markdown(site):
    sentence = "参数 $\\theta$ 的分布 $p_\\theta(x)$ 很重要。"
    post(site, sentence)
    assert site.build().written
    written_in_markdown = shown_elsewhere(site)
    post(site, f"<p>{sentence}</p>\n")
    assert site.build().written
    assert shown_elsewhere(site) == written_in_markdown
    excerpt, description, _ = written_in_markdown
    assert excerpt.count("<math") == 2
    assert html.unescape(description) == "参数 θ 的分布 p_θ(x) 很重要。"


def test_formulas_in_raw_html_are_in_the_batch_a_post_is_rendered_in():
    from test_math_v8 import Batches, render

    batches = Batches()
    made = render(MathEngine(MathSettings(), renderer=batches), HTML_WITH_MATH)
    assert made == render(MathEngine(MathSettings()), HTML_WITH_MATH)
    assert batches.batch_sizes == [8] and batches.single == 0


def test_formulas_keep_their_place_in_raw_html_whose_urls_are_rewritten(site):
    from test_permalinks import PNG_3X2

    # a bundle at an HTML URL: its raw HTML's relative URLs are made to point at its folder
    site.write("site.yaml", "base_url: https://e.com/blog/\n"
                            "permalink: /:year/:month/:day/:title.html\n")
    site.post("a/index.md", "A", date="2020-01-02 10:11:12",
              body='<figure><img src="image.png" alt="$a$">\n'
                   "<figcaption>图 $x^2$ 与 \\$5</figcaption></figure>\n")
    site.write("content/posts/a/image.png", raw=PNG_3X2)
    assert site.build().written
    page = content(site, "2020/01/02/a.html")
    assert ('<img src="/blog/2020/01/02/a/image.png" alt="$a$" decoding="async" width="3" '
            'height="2">') in page
    assert re.search(r"<figcaption>图 <span class=\"katex\" translate=\"no\">.*</span> "
                     r"与 \$5</figcaption>", page)
    assert annotations(page) == ["x^2"]
    entry = html.unescape(site.read("atom.xml").split("<content", 1)[1])
    assert ('<img src="https://e.com/blog/2020/01/02/a/image.png" alt="$a$" decoding="async" '
            'width="3" height="2">') in entry
    assert re.search(r"<figcaption>图 <span class=\"katex\"><math\b.*</math>"
                     r"</span> 与 \$5<", entry)


def test_a_tag_written_over_two_lines_beside_a_formula_builds(site):
    """`<span⏎class="x">` in a paragraph that also holds a formula crashed the build with an
    IndexError (the HTML reader counted lines on from one tag to the next); the formula in a
    `<code>` written the same way stays as written."""
    post(site, 'A <span\nclass="x">word</span> and $a+b$.\n\n'
               'B <code\nclass="y">$c$</code> and $d$.\n')
    result = site.build()
    assert result.written and not messages(result), messages(result)
    body = content(site)
    assert annotations(body) == ["a+b", "d"]
    assert '<code\nclass="y">$c$</code>' in body

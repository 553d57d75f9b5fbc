"""What a formula is called where it is not drawn: the accessible name of a heading's formula
(the screen reader's list of headings, the contents' links) and the plain text of meta
descriptions, feeds and search."""

from __future__ import annotations

import html
import re

from conftest import messages

from blogforge.math import MathEngine, MathSettings
from blogforge.math.plaintext import plain_text


def _names(page: str) -> list[str]:
    """The accessible names given to formulas (the `<math>` elements') on a page."""
    return [html.unescape(name) for name in re.findall(r'<math[^>]* aria-label="([^"]*)"', page)]


STRUCTURE_POST = r"""
## 分解 $\underbrace{x+y}_{n} \xrightarrow{f} \boxed{z}$

其中 $a \overset{!}{=} b$，$\cancel{c}$ 与 $\operatorname{softmax}(x) \not\in \mathrm{d}S$。
"""


def test_structural_commands_are_read_by_what_they_do_not_by_their_names(site):
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    site.post("a.md", "A", body=STRUCTURE_POST)
    result = site.build()
    assert not messages(result)
    page = site.read("posts/a/")
    # Was "underbracex+yₙ xrightarrowf boxedz": the commands' names, glued to their arguments.
    assert _names(page) == ["(x+y)⏟ₙ →^f z"]
    description = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
    assert html.unescape(description) == ("分解 (x+y)⏟ₙ →^f z · 其中 a =^! b，c̸ 与 "
                                          "softmax(x) ∉ dS。")


def test_plain_text_of_structural_commands():
    doc = MathEngine(MathSettings()).document(None, 0)
    readings = {
        r"\overbrace{1+\cdots+1}^{k}": "(1+⋯+1)⏞^k",
        r"\underbrace{a}_{\text{n 个}} b": "a⏟_(n 个) b",
        r"\underset{\theta}{\operatorname{argmin}} L": "argmin_θ L",
        r"x \stackrel{\text{def}}{=} y": "x =^def y",
        r"A \xleftarrow[g]{f} B": "A ←_g^f B",
        r"\bcancel{ab} \sout{c}": "a̸b̸ c̶",
        r"\fcolorbox{red}{white}{x} \colorbox{red}{y}": "x y",
        r"a \not= b \pmod{n}": "a ≠ b (mod n)",
        r"\sum_{\substack{i<n\\j<m}} a \bmod m": "∑_(i<n; j<m) a mod m",
        r"\mathring{a} \smash{b}": "\u00e5 b",  # (a and its ring, composed: å)
        r"\operatorname*{arg\,max}_x \mathrm{KL}": "arg maxₓ KL",
    }
    assert {tex: doc.plain_text(tex) for tex in readings} == readings


def test_brackets_are_read_close_to_what_they_enclose(site):
    # TeX lets a space follow `\langle` or `\{`: the page's description read "⟨ q, k ⟩", and
    # a formula after full-width punctuation got a space the punctuation's glyph already has
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    site.post("a.md", "A", body="## 内积 $\\langle q, k \\rangle$\n\n"
              r"注意力 $\langle q, k \rangle$，取整 $\lfloor x \rfloor$、"
              r"$\lceil n/2 \rceil$，集合 $\{ x \mid x > 0 \}$ 与 "
              r"$\left\langle a \middle| b \right\rangle$。")
    assert not messages(site.build())
    page = site.read("posts/a/")
    description = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
    assert html.unescape(description) == ("内积 ⟨q, k⟩ · 注意力 ⟨q, k⟩，取整 ⌊x⌋、⌈n/2⌉，集合 "
                                          "{x | x > 0} 与 ⟨a | b⟩。")
    assert _names(page) == ["⟨q, k⟩"]  # (the heading's formula, in the contents too)


FORWARD_REFERENCE_POST = r"""
## 由 $\eqref{eq:loss}$ 得到梯度

先看梯度。

## 损失 $\ref{eq:loss}$ 与 $\eqref{eq:none}$

$$
L = \sum_i \ell_i \label{eq:loss}
$$

## 小结
"""


def test_a_headings_formula_names_an_equation_further_down_by_its_number(site):
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    site.post("a.md", "A", body=FORWARD_REFERENCE_POST)
    result = site.build()
    assert messages(result) == ["content/posts/a.md:10: warning: undefined equation label "
                                "'eq:none' (\\eqref)"]
    page = site.read("posts/a/")
    toc, body = page.split('<div class="content">')
    assert 'class="toc' in toc  # (the contents show the headings a second time)
    # Was "(?)" and "?": the label was not known yet when the heading was rendered.
    assert _names(body)[:3] == ["(1)", "1", "(?)"]
    assert _names(toc.split('class="toc')[1]) == ["(1)", "1", "(?)"]
    assert "ZQ" not in page


def test_plain_text_of_physics_and_mathjax_commands_reads_what_they_draw():
    # read as KaTeX is given them (math/mathjax.py), not as their names glued to their arguments
    doc = MathEngine(MathSettings()).document(None, 0)
    readings = {
        r"\braket{a}{b} \qand \abs{x}": "⟨a | b⟩ and | x |",
        r"\mqty(a & b \\ c & d)": "(a b; c d)",  # (as `\begin{pmatrix}` reads)
        r"\norm{w}^2 \qif \dv{f}{x} = 0": "‖ w ‖² if (d f)/(d x) = 0",
        r"\begin{xalignat}{2} a &= b & c &= d \end{xalignat}": "a = b c = d",
    }
    assert {tex: doc.plain_text(tex) for tex in readings} == readings


def test_a_titles_formula_is_in_the_name_of_its_heading_and_of_the_links_to_it(site):
    """A title's formula was left out of every name the title gives: the post's heading, its
    card's heading and link, the archives' and the next post's links read "Why holds"."""
    site.post("a.md", "Before", date="2024-05-01")
    site.write("content/posts/b.md", "---\ntitle: Why $\\mathbb{E}[X^2] \\ge (\\mathbb{E}X)^2$"
               " holds\ndate: 2024-05-02\n---\nHello.\n")
    assert site.build().written
    said = "𝔼[X²] ≥ (𝔼X)²"
    heading = re.search(r'<h1 id="post-title">(.*?)</h1>', site.read("posts/b/"), re.S)[1]
    assert _names(heading) == [said]
    card = re.search(r'class="card-title"><a href="/posts/b/">(.*?)</a>', site.read(""), re.S)[1]
    assert _names(card) == [said]
    following = re.search(r'<a class="post-nav-next".*?</a>', site.read("posts/a/"), re.S)[0]
    assert _names(following) == [said]
    assert _names(site.read("archives/")) == [said]


def test_a_function_name_written_against_a_term_is_set_apart_in_plain_text():
    """Complexities in LeetCode solutions, `$O(nk\\log k)$`, were "O(nklog k)" in descriptions
    and feeds: TeX sets a function's name apart from the term before it."""
    assert plain_text(r"O(nk\log k)") == "O(nk log k)"
    assert plain_text(r"O(m\log(m+n))") == "O(m log(m+n))"
    assert plain_text(r"\Theta(n\log^2 n)") == "Θ(n log² n)"
    assert plain_text(r"x_1\cos y") == "x₁ cos y"
    assert plain_text(r"(\log n)") == "(log n)" and plain_text(r"a+\log b") == "a+log b"


def test_each_post_reads_a_formula_with_its_own_macros_and_equation_numbers(site):
    # A formula's plain text is read once per process where it reads the same in every
    # post: not where its post defines macros of its own, nor where it names an equation
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    text = r"见 $\eqref{eq:a}$ 与 $\epsilon > 0$。" + "\n\n"
    equation = "$$\\begin{equation}a\\label{eq:a}\\end{equation}$$\n"
    other = "$$\\begin{equation}b\\end{equation}$$\n\n"
    site.post("a.md", "A", body=text + equation)
    site.post("b.md", "B", body=r"$\renewcommand{\epsilon}{\varepsilon}$" + "\n\n" + text
              + other + equation)
    site.post("c.md", "C", body=text + other + other + equation)
    assert not messages(site.build())
    for name, reading in (("a", "见 (1) 与 ϵ > 0。"), ("b", "见 (2) 与 ε > 0。"),
                          ("c", "见 (3) 与 ϵ > 0。")):
        page = site.read(f"posts/{name}/")
        description = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
        assert html.unescape(description).startswith(reading), (name, description)


def test_a_formulas_plain_text_is_in_composed_form(site):
    r"""`\tilde{y}` read "y" and a combining tilde where Unicode has "ỹ" (the Nu checker warned
    of a heading's or header cell's aria-label "not in Normalization Form C"), and a search
    for "â" did not find `\hat{a}`'s "a" + U+0302."""
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    site.post("a.md", "A", body="## 平滑 $\\tilde{y}$ 与 $\\hat{a}$\n\n正文 $\\bar{e}$。\n")
    result = site.build()
    assert not messages(result)
    page = site.read("posts/a/")
    assert _names(page) == ["\u1ef9", "\u00e2"]
    description = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
    assert html.unescape(description) == "平滑 \u1ef9 与 \u00e2 · 正文 \u0113。"

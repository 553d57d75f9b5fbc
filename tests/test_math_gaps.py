"""TeX that MathJax draws and KaTeX refuses: plain TeX's `\\buildrel`, amsmath's `flalign`,
cancel's `\\cancelto`, the physics package; and, for what is still refused, what to write."""

from __future__ import annotations

import pytest
from conftest import messages
from test_math_mathjax import mathml  # (a formula's MathML and messages, rendered alone)

FENCE = '<mo fence="true">'
MATRIX = (' rowspacing="0.16em" columnalign="center center" columnspacing="1em"><mtr><mtd>'
          '<mstyle scriptlevel="0" displaystyle="false">')  # (a matrix, to its first cell)
QUAD = '<mspace width="1em"></mspace>'
SMALL = ' rowspacing="0.1em" columnspacing="0.2778em">'  # (a smallmatrix)
BAR = '<mo fence="true" lspace="0.05em" rspace="0.05em">|</mo>'  # (a \middle\vert)
CASES = [
    # plain TeX: the relation with the text over it
    (r"$a \buildrel \rm def \over = b$",
     '<mover><mrow><mo>=</mo></mrow><mrow><mi mathvariant="normal">d</mi>'),
    (r"$x \buildrel{t\to\infty}\over{\longrightarrow} y$", "<mover><mrow><mo>⟶</mo>"),
    # cancel: struck out, the value it goes to above its end
    (r"$\cancelto{0}{x}$",
     '<msup><menclose notation="updiagonalstrike"><mi>x</mi></menclose><mn>0</mn></msup>'),
    (r"$\cancelto[red]{\infty}{x + 1}$",
     '<mn>1</mn></mrow></menclose><mi mathvariant="normal">∞</mi></msup>'),
    # physics: delimiters made to fit
    (r"$\norm{x}$", f"{FENCE}∥</mo><mi>x</mi>{FENCE}∥</mo>"),
    (r"$\abs{x}$", f"{FENCE}∣</mo><mi>x</mi>{FENCE}∣</mo>"),
    (r"$\abs*{x}$", '<mo stretchy="false">∣</mo><mi>x</mi><mo stretchy="false">∣</mo>'),
    (r"$\norm\big{w}$", '<mo fence="true" stretchy="true" minsize="1.2em" maxsize="1.2em">∥'),
    (r"$\qty(\frac{a}{b})$", f"{FENCE}(</mo><mfrac><mi>a</mi><mi>b</mi></mfrac>{FENCE})</mo>"),
    (r"$\qty[(a)(b)]$", f'{FENCE}[</mo><mo stretchy="false">(</mo>'),
    (r"$\qty{x}$", f"{FENCE}{{</mo><mi>x</mi>{FENCE}}}</mo>"),
    (r"$\qty|x|$", f"{FENCE}∣</mo><mi>x</mi>{FENCE}∣</mo>"),
    (r"$\pqty{x} \bqty{y} \Bqty{z} \vqty{w}$", f"{FENCE}[</mo><mi>y</mi>{FENCE}]</mo>"),
    (r"$\order{n^2}$", f'<mi>&#x1D4AA;</mi><mrow>{FENCE}(</mo><msup>'),  # (𝒪)
    (r"$\ev{A}$", f"{FENCE}⟨</mo><mi>A</mi>{FENCE}⟩</mo>"),
    (r"$\ev{A}{\psi}$",
     f'{FENCE}⟨</mo><mi>ψ</mi><mo fence="true" lspace="0.05em" rspace="0.05em">|</mo><mi>A'),
    (r"$\comm{A}{B}$", f'{FENCE}[</mo><mi>A</mi><mo separator="true">,</mo><mi>B</mi>'),
    # physics: derivatives, d upright
    (r"$\dv{f}{x}$", '<mfrac><mrow><mi mathvariant="normal">d</mi><mi>f</mi></mrow>'
                     '<mrow><mi mathvariant="normal">d</mi><mi>x</mi></mrow></mfrac>'),
    (r"$\dv[2]{f}{x}$", '<msup><mi mathvariant="normal">d</mi><mn>2</mn></msup><mi>f</mi>'),
    (r"$\dv{t}$", '<mfrac><mi mathvariant="normal">d</mi><mrow><mi mathvariant="normal">d</mi>'),
    (r"$\pdv{L}{\theta}$", '<mfrac><mrow><mi mathvariant="normal">∂</mi><mi>L</mi></mrow>'),
    (r"$\pdv{f}{x}{y}$", '<mi mathvariant="normal">∂</mi><mi>x</mi><mi mathvariant="normal">∂'),
    (r"$\int f \dd{x}$", '<mi>f</mi><mtext>\u2009</mtext><mi mathvariant="normal">d</mi>'),
    # physics: operators and vectors
    (r"$\tr A + \Tr\rho + \rank W$",
     '<mi mathvariant="normal">tr</mi><mo>\u2061</mo><mspace width="0.1667em"></mspace><mi>A'),
    (r"$\grad f \cross \vb{x}$", '<mi mathvariant="normal">∇</mi><mi>f</mi><mo>×</mo>'
                                 '<mi>&#x1D431;</mi>'),  # (𝐱)
    (r"$x_\abs{y}$", f"<msub><mi>x</mi><mrow>{FENCE}∣</mo><mi>y</mi>"),
    # physics: the inner product ⟨a|b⟩ (KaTeX's \braket{a} is ⟨a⟩ and stays so, below)
    (r"$\braket{a}{b}$", f"{FENCE}⟨</mo><mi>a</mi>{BAR}<mi>b</mi>{FENCE}⟩</mo>"),
    (r"$\braket*{\phi}{\psi}$", '<mo stretchy="false">⟨</mo><mi>ϕ</mi><mi mathvariant="normal">'
                                 '∣</mi><mi>ψ</mi><mo stretchy="false">⟩</mo>'),
    (r"$\ip{a}{\frac12} + \innerproduct{v}$",
     f"{FENCE}⟨</mo><mi>v</mi>{BAR}<mi>v</mi>{FENCE}⟩</mo>"),
    # physics: matrices, between the delimiters written or named
    (r"$\mqty(a & b \\ c & d)$", f"{FENCE}(</mo><mtable{MATRIX}<mi>a</mi>"),
    (r"$\mqty(a & b \\ c & d)$", f"<mi>d</mi></mstyle></mtd></mtr></mtable>{FENCE})</mo>"),
    (r"$\mqty[1 & f(x)]$", f'<mi>x</mi><mo stretchy="false">)</mo></mrow></mstyle></mtd></mtr>'
                           f"</mtable>{FENCE}]</mo>"),
    (r"$\mqty|a|$", f"{FENCE}∣</mo><mtable"),
    (r"$\mqty{a & b}$", "<semantics><mtable"),
    (r"$\mqty*(a)$", f"{FENCE}⟮</mo><mtable"),
    (r"$\pmqty{a} \bmqty{b} \vmqty{c}$", f"<mi>b</mi></mstyle></mtd></mtr></mtable>{FENCE}]"),
    (r"$\mdet{a & b \\ c & d}$", f"{FENCE}∣</mo><mtable{MATRIX}<mi>a</mi>"),
    (r"$\smqty{a & b}$", f"<mstyle scriptlevel=\"1\"><mtable{SMALL}"),
    (r"$\smqty(a & b)$", f"{FENCE}(</mo><mstyle scriptlevel=\"1\"><mtable{SMALL}"),
    (r"$\smdet{a}$", f"{FENCE}∣</mo><mstyle scriptlevel=\"1\"><mtable{SMALL}"),
    # physics: text between quads, `_` in it as written
    (r"$a \qc b \qand c \qif x$", f"<mi>a</mi><mtext>,</mtext>{QUAD}<mi>b</mi>{QUAD}<mtext>and"
                                  f"</mtext>{QUAD}<mi>c</mi>{QUAD}<mtext>if</mtext>{QUAD}<mi>x"),
    (r"$f \qq{style_fwd}g$", f"<mi>f</mi>{QUAD}<mtext>style_fwd</mtext>{QUAD}<mi>g</mi>"),
    (r"$f \qq*{for all} x \qfor n$", f"<mi>f</mi><mtext>for\xa0all</mtext>{QUAD}<mi>x</mi>{QUAD}"
                                      "<mtext>for</mtext>"),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_what_mathjax_draws_renders(source: str, expected: str) -> None:
    body, diagnostics = mathml(source)
    assert diagnostics == []
    assert expected in body


def test_flalign_is_an_align_numbered_like_one():
    # MathJax draws one pair of flalign columns centred, as align does.
    body, diagnostics = mathml("$$\n\\begin{flalign} a &= b \\label{f} \\\\ c &= d \\notag"
                               "\n\\end{flalign}\n$$\n\nSee \\eqref{f}.\n\n"
                               "\\begin{flalign*}\nx &= y\n\\end{flalign*}\n")
    assert diagnostics == []
    assert '<mtext>(1)</mtext>' in body and "(2)" not in body
    assert '<a class="math-ref" href="#eq-f">(1)</a>' in body
    assert body.count('<div class="math-display"') == 2  # (the second with no dollars)


def test_xalignat_is_an_align_numbered_like_one_and_xxalignat_is_never_numbered():
    # MathJax spreads xalignat's pairs over the width; align keeps space between them, alignat
    # none. Its `{2}` (the pairs) is not shown.
    body, diagnostics = mathml("$$\n\\begin{xalignat}{2} a &= b \\label{x} & c &= d \\\\\n"
                               "e &= f & g &= h \\notag\n\\end{xalignat}\n$$\n\nSee \\eqref{x}."
                               "\n\n\\begin{xalignat*}{2}\nk &= l & m &= n\n\\end{xalignat*}\n\n"
                               "\\begin{xxalignat}{2}\np &= q & r &= s\n\\end{xxalignat}\n")
    assert diagnostics == []
    assert '<mtext>(1)</mtext>' in body and "(2)" not in body
    assert '<a class="math-ref" href="#eq-x">(1)</a>' in body
    assert body.count('<div class="math-display"') == 3  # (two with no dollars)
    assert body.count('columnalign="right left right left" columnspacing="0em 1em 0em"') == 3
    assert "<mn>2</mn>" not in body


def test_a_post_macro_of_the_same_name_is_the_writers():
    body, diagnostics = mathml("$$\n\\newcommand{\\abs}[1]{|#1|}\n$$\n\n$\\abs{x}$\n")
    assert diagnostics == []
    assert '<mi mathvariant="normal">∣</mi><mi>x</mi>' in body or "<mo>∣</mo><mi>x" in body
    assert FENCE not in body


MACROS_OF_THE_SAME_NAME = [
    (r"\renewcommand{\braket}[2]{#1 \cdot #2}", r"\braket{a}{b}", "<mi>a</mi><mo>⋅</mo><mi>b</mi>"),
    (r"\newcommand{\mqty}[1]{#1 \cdot 2}", r"\mqty{a}", "<mi>a</mi><mo>⋅</mo><mn>2</mn>"),
    (r"\newcommand{\qand}{\;\&\;}", r"a \qand b", '<mi mathvariant="normal">&amp;</mi>'),
]


@pytest.mark.parametrize(("definition", "use", "expected"), MACROS_OF_THE_SAME_NAME)
def test_a_post_macro_wins_over_the_physics_command_too(definition, use, expected):
    body, diagnostics = mathml(f"$$\n{definition}\n$$\n\n${use}$\n")
    assert diagnostics == []
    assert expected in body


def test_what_katex_already_has_renders_as_before():
    # physics redefines \\div, \\Re, \\braket…: KaTeX's own (braket's) stay as they were.
    same, diagnostics = mathml(r"$a \div b + \Re z + \braket{\phi|\psi} + \lVert x \rVert$")
    assert diagnostics == []
    assert "<mo>÷</mo>" in same and '<mi mathvariant="normal">ℜ</mi>' in same
    assert '<mo stretchy="false">⟨</mo><mrow><mi>ϕ</mi><mi mathvariant="normal">∣</mi>' in same
    one, diagnostics = mathml(r"$\braket{a} b$")
    assert diagnostics == []
    assert '<mo stretchy="false">⟨</mo><mi>a</mi><mo stretchy="false">⟩</mo></mpadded><mi>b' in one


def test_what_is_still_refused_says_what_to_write_instead(site):
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    site.write("content/posts/p.md", "---\ntitle: P\ndate: 2024-05-01\n---\n"
               "Text.\n\n$$\n\\begin{align*}\na &= b \\\\\n\\intertext{so} c &= d\n"
               "\\end{align*}\n$$\n\nThen $\\mel{n}{H}{m}$ and $\\abs{x}$.\n")
    assert messages(site.build()) == [
        'content/posts/p.md:10: warning: KaTeX: Undefined control sequence: \\intertext '
        '(at "\\begin{align*} a &= b \\\\ \\intertext{so} c &= d \\end{align*}"): KaTeX has no '
        "\\intertext, nor has MathJax: end the alignment before the text, write the text as "
        "a paragraph, and begin another alignment after it",
        'content/posts/p.md:14: warning: KaTeX: Undefined control sequence: \\mel '
        '(at "\\mel{n}{H}{m}"): \\mel is the physics package\'s, which KaTeX lacks: write '
        "\\langle n \\vert A \\vert m \\rangle instead",
    ]
    body = site.read("posts/p/").split('<div class="content"')[1]
    assert body.count('class="math-error') == 2
    assert "write \\langle n \\vert A \\vert m \\rangle instead" in body  # (the error's title)


def test_a_link_in_a_formula_is_said_to_be_drawn_as_written(site):
    """`\\href` and `\\url` need KaTeX's trust, which blogforge does not give: they were drawn
    as red command names, and even `check --strict` said "no problems found"."""
    site.post("a.md", "A", body=r"见 $\href{https://arxiv.org/abs/1312.6114}{\text{VAE}}$ 与 "
                                r"$\url{https://x.y}$，$\color{#cc0000}{\text{红}}$。" + "\n")
    found = [m for m in messages(site.build()) if "drawn in red" in m]
    assert [m.split(": warning: ")[1].split(" is drawn")[0] for m in found] == [
        r"`\href`", r"`\url`"], found  # (an author's own red is no such command)
    assert all(m.startswith("content/posts/a.md:5: warning:") for m in found), found
    assert all("put the link outside the formula ([text](url))" in m for m in found)
    # each post that holds one says so (a formula used again elsewhere is not re-rendered)
    site.post("b.md", "B", body=r"又见 $\url{https://x.y}$。" + "\n")
    assert any(m.startswith("content/posts/b.md:5: warning: `\\url` is drawn in red")
               for m in messages(site.build())), messages(site.build())


def test_mhchem_s_commands_say_what_to_write_instead(site):
    """KaTeX has mhchem only as an extension that pykatex does not carry: `\\ce{H2O}` said
    "Undefined control sequence" and no more."""
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    site.post("p.md", "P", body="Water is $\\ce{H2O}$, heat $\\pu{123 kJ/mol}$.\n")
    assert messages(site.build()) == [
        'content/posts/p.md:5: warning: KaTeX: Undefined control sequence: \\ce (at '
        '"\\ce{H2O}"): \\ce is the mhchem package\'s, which blogforge\'s KaTeX does not load: '
        "write \\mathrm{H_2O} for \\ce{H2O} (numbers as subscripts, \\to for ->) instead",
        'content/posts/p.md:5: warning: KaTeX: Undefined control sequence: \\pu (at '
        '"\\pu{123 kJ/mol}"): \\pu is the mhchem package\'s, which blogforge\'s KaTeX does not '
        "load: write 123\\,\\mathrm{kJ/mol} for \\pu{123 kJ/mol} instead",
    ]
    page = site.read("posts/p/")
    # the page's description reads the formulas, not the command names glued to them
    assert 'name="description" content="Water is H2O, heat 123 kJ/mol."' in page

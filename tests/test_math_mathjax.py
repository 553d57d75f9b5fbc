"""TeX written for MathJax renders: each MathJax-ism becomes what MathJax would have shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import messages
from markdown_it import MarkdownIt

from blogforge.math import MathEngine, MathSettings, math_plugin
from blogforge.math.mathjax import mathjax_edits
from blogforge.math.texscan import apply_edits

MD = MarkdownIt("commonmark").use(math_plugin)
ENGINE = MathEngine(MathSettings(output="mathml"))


def mathml(source: str) -> tuple[str, list[str]]:
    doc = ENGINE.document(Path("posts/p.md"), 0)
    out = doc.finalize(MD.render(source, {"math": doc}))
    assert "math-error" not in out, out
    body = re.sub(r"<annotation.*?</annotation>", "", out, flags=re.S)
    return body, [str(d) for d in doc.diagnostics]


CASES = [
    # a command with arguments as a bare subscript or superscript
    (r"$f_\boldsymbol{w}$", '<msub><mi>f</mi><mi>&#x1D498;</mi></msub>'),  # (𝒘)
    (r"$Q^\vec{\mu}$", '<msup><mi>Q</mi><mover accent="true"><mi>μ</mi>'),
    (r"$\tau_\max$", "<msub><mi>τ</mi><mrow><mi>max</mi>"),  # name + U+2061 grouped
    # (mathtools' overlaps, as a sum's limits are written wider than the sign)
    (r"$\prod _ \mathclap {i=1} ^ {m} i$",
     '<msubsup><mo>∏</mo><mpadded lspace="-0.5width" width="0px"><mrow><mi>i</mi>'),
    (r"$x_\frac12$", "<msub><mi>x</mi><mfrac><mn>1</mn><mn>2</mn></mfrac></msub>"),
    (r"$a_\sqrt[3]{2}$", "<msub><mi>a</mi><mroot>"),
    (r"$\boldsymbol\mu_\boldsymbol\theta$", '<mi>&#x1D73D;</mi></msub>'),  # (𝜽)
    # `_ & # ^` are text inside \text and its relatives
    (r"$\text{style_fwd}$", "<mtext>style_fwd</mtext>"),
    (r"$\text{ & }$", "<mtext>\u00a0&amp;\u00a0</mtext>"),
    (r"$\textbf{#params}$", '<mtext mathvariant="bold" style="font-weight: bold">#params</mtext>'),
    (r"$\text{a^b}$", "<mtext>a^</mtext>"),
    # (in `\(…\)`: in `$…$`, the `$` inside `\text{` would end the formula)
    (r"\(\text{if $x_1 > 0$}\)", "<mtext>if\u00a0</mtext><mstyle scriptlevel=\"0\" "
                                 "displaystyle=\"false\"><msub><mi>x</mi><mn>1</mn></msub>"),
    (r"$\mbox{subject_to}$", "<mtext>subject_to</mtext>"),
    # a middle dot in text (KaTeX: "Undefined control sequence: \cdotp"), a dot between words
    (r"$1\,\text{V·s/A}$", '<mtext>V</mtext><mstyle scriptlevel="0" displaystyle="false">'
                             '<mo separator="true">⋅</mo></mstyle><mtext>s/A</mtext>'),
    # MathJax-only commands
    (r"$\bbox[yellow]{x}$", 'mathbackground="yellow"'),
    (r"$\bbox[5px, border: 2px solid red]{x}$", '<menclose notation="box">'),
    (r"$\bbox[#cde, 3px,border:1px solid blue]{x}$", 'mathbackground="#cde"'),
    (r"$\textsc{Adam}$", '<mtext>A</mtext><mstyle mathsize="0.9em"><mtext>DAM</mtext>'),
    (r"$\textsl{slanted}$",
     '<mtext mathvariant="italic" style="font-style: italic">slanted</mtext>'),
    (r"$\require{cancel}\cancel{x}$", '<menclose notation="updiagonalstrike">'),
    (r"$x \label{eq:inline} = 1$", "<mi>x</mi><mo>=</mo><mn>1</mn>"),
    (r"$\unicode{8212}$", "<mtext>—</mtext>"),
    (r"$\unicode{x2192}$", "<mtext>→</mtext>"),
    (r"$\class{hl}{x} + \cssId{t}{y} + \style{color:red}{z}$", "<mi>x</mi><mo>+</mo><mi>y</mi>"),
    (r"$\enclose{horizontalstrike}{x}$", "horizontalstrike"),
    (r"$\displaylines{a \\ b}$", "<mtable"),
    (r"$\idotsint f$", "<mo>⋯</mo>"),
    (r"$A = \pmatrix{a & b \cr c & d}$", '<mo fence="true">(</mo><mtable '),
    (r"$\matrix{1 & 0 \\ 0 & 1}$", "<mtr><mtd><mstyle"),
    # Markdown's escape written for Hexo's marked, which gave MathJax the `*`
    (r"$Q^\*(s,a)$", "<msup><mi>Q</mi><mo>∗</mo></msup><mo stretchy=\"false\">(</mo>"),
    # and the `^` (KaTeX drew a circumflex over the 2 and the T, without a word)
    (r"$s_t Q\^2 = (0, 1, 0)\^T$", "<mi>Q</mi><mn>2</mn></msup><mo>=</mo>"),
]


@pytest.mark.parametrize(("source", "expected"), CASES)
def test_mathjax_isms_render(source: str, expected: str) -> None:
    body, diagnostics = mathml(source)
    assert diagnostics == []
    assert expected in body


def test_cr_ends_a_row():
    body, diagnostics = mathml(r"$\begin{matrix} a \cr b \end{matrix}$")
    assert diagnostics == []
    assert body.count("<mtr>") == 2


def test_label_outside_a_numbered_environment_is_quiet_and_unnumbered():
    body, diagnostics = mathml("$$\n\\begin{aligned} a &= b \\label{x} \\end{aligned}\n$$\n")
    assert diagnostics == []
    assert "<mi>a</mi>" in body


def test_what_katex_already_accepts_renders_the_same():
    plain, _ = mathml(r"$x_\alpha^\prime + \text{ok} + p_\text{data}$")
    braced, _ = mathml(r"$x_{\alpha}^{\prime} + \text{ok} + p_{\text{data}}$")
    assert plain == braced


def test_a_bare_script_is_wrapped_wherever_it_is_one_and_nowhere_else():
    # (escaped: `\\_`, `\\^`; after a line break `\\\\` or a `\\%`; in a comment or \\text;
    # a script's argument holding another; a backslash at the very end)
    tex = ("a\\_\\alpha + b_\\_\\beta \\\\_\\gamma + c^ \\frac12_\\delta % x_\\zeta\n"
           "+ 5\\%_\\eta + \\text{d_\\iota} + \\hat^\\kappa + f_\\frac{g_\\mu}{h^\\nu}\\")
    assert apply_edits(tex, mathjax_edits(tex, False)).text == (
        "a\\_\\alpha + b_\\_\\beta \\\\_{\\gamma} + c^ {\\frac12}_{\\delta} % x_\\zeta\n"
        "+ 5\\%_{\\eta} + \\text{d\\_\\iota} + \\hat^{\\kappa} + f_{\\frac{g_{\\mu}}{h^{\\nu}}}\\")


def test_bare_script_takes_a_post_macros_arguments():
    body, diagnostics = mathml("$$\n\\newcommand{\\pair}[2]{(#1, #2)}\n$$\n\n$x_\\pair{a}{b}$\n")
    assert diagnostics == []
    assert '<msub><mi>x</mi><mrow><mo stretchy="false">(</mo><mi>a</mi>' in body


def test_escaped_characters_and_code_stay_as_written():
    body, diagnostics = mathml(r"$\text{a\_b} + \# + \text{\&}$ and `\text{x_y}`")
    assert diagnostics == []
    assert "<mtext>a_b</mtext>" in body
    assert "<code>\\text{x_y}</code>" in body


def test_error_after_a_rewrite_points_at_what_the_author_wrote():
    doc = ENGINE.document(Path("posts/p.md"), 0)
    out = doc.finalize(MD.render("$f_\\boldsymbol{w} + \\undefinedthing$\n", {"math": doc}))
    assert "math-error" in out
    assert [d.message for d in doc.diagnostics] == [
        "KaTeX: Undefined control sequence: \\undefinedthing "
        '(at "f_\\boldsymbol{w} + \\undefinedthing")'
    ]
    assert "f_\\boldsymbol{w} + \\undefinedthing" in out  # the source, not the rewrite


def test_a_character_katex_has_no_font_for_is_a_warning_at_its_line_not_a_stray_print(
        site, capfd):
    # KaTeX printed "No character metrics for '😀' …" on its console, straight into the
    # build's output, with no file or line (and nothing at all once the render was cached).
    # 𝟙 typed as it is, the indicator of RL notes, is drawn as \mathbbm{1} is: no warning.
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    site.write("content/posts/emoji.md", "---\ntitle: E\ndate: 2024-05-01\n---\n"
               "Fine $x$.\n\nA face $😀 + 😀$, again $\\text{😀}$.\n\n$𝟙_{s_t = s}$\n")
    expected = ["content/posts/emoji.md:7: warning: KaTeX: no font of KaTeX has '😀': the "
                "browser draws it from another font, which may not line up with the formula"] * 2
    assert messages(site.build()) == expected
    assert messages(site.build(use_cache=True)) == expected
    assert messages(site.build(use_cache=True)) == expected  # (from the render cache)
    assert capfd.readouterr().out == ""
    body = site.read("posts/emoji/").split('<div class="content"')[1]
    assert body.count('<mi mathvariant="normal">&#x1D7D9;</mi>') == 1  # (𝟙)
    assert body.count('<span class="rlap') == 1


def test_katex_s_console_is_read_where_no_temporary_folder_can_be_written(site, capfd,
                                                                         monkeypatch):
    """KaTeX's console was read through a file in the temporary folder: where none could be
    written (a read-only /tmp, $TMPDIR naming no folder), its "No character metrics" went
    straight into the build's output again, and no warning was said. It is read through a
    file in memory: nothing is written outside the output and the cache."""
    import tempfile

    from blogforge.math import katex

    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    site.write("content/posts/bird.md", "---\ntitle: B\ndate: 2024-05-01\n---\n"
               "A bird $🦜 + y_{42}$.\n")
    with monkeypatch.context() as patched:  # (for the build: pytest's capture needs one after)
        patched.setattr(katex, "_SINKS", {})  # (this process's file made anew)
        patched.setattr(tempfile, "tempdir", str(site.root / "no such folder"))
        built = site.build()
    assert messages(built) == [
        "content/posts/bird.md:5: warning: KaTeX: no font of KaTeX has '🦜': the browser "
        "draws it from another font, which may not line up with the formula"]
    assert capfd.readouterr().out == ""


def test_the_indicator_function_of_bbm_and_dsfont_is_a_double_struck_one(site):
    # KaTeX knows neither \mathbbm nor \mathds, and its \mathbb{1} is a plain 1: the one is
    # drawn twice, the first in a zero-width box; the MathML, which a screen reader reads, has
    # the one character 𝟙, not "1 1".
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    site.write("content/posts/rl.md", "---\ntitle: 'Visits $\\mathbbm{1}_A$'\n"
               "date: 2024-05-01\n---\n"
               "$\\mathbb{E}[\\mathbbm{1}\\{s_t = s\\}]$, $x_\\mathds{1}$, $\\mathds{R}^n$, "
               "$\\mathbb{1}_B$\n")
    site.write("content/posts/own.md", "---\ntitle: Own\ndate: 2024-05-02\n---\n"
               "$\\newcommand{\\mathbbm}[1]{\\mathbf{#1}}$ $\\mathbbm{1}$\n")
    assert messages(site.build()) == []
    page = site.read("posts/rl/")
    body = page.split('<div class="content"')[1]
    one = '<mi mathvariant="normal">&#x1D7D9;</mi>'  # (𝟙)
    assert body.count(one) == 3  # (in the MathML for screen readers; KaTeX's \mathbb{1}
    # was a plain 1 on the page, searched as 𝟙)
    mathml = "".join(re.findall(r"<math\b.*?</math>", body, re.S))
    assert "<mn>1</mn>" not in mathml and "mpadded" not in mathml
    assert body.count('<span class="rlap') == 3  # (the drawing, hidden from screen readers)
    assert body.count('<span class="katex-html" aria-hidden="true">') == 4
    assert '<mi>ℝ</mi>' in body
    assert "<title>Visits 𝟙_A · T</title>" in page
    assert one in page.split('<h1 id="post-title">')[1].split("</h1>")[0]
    assert '<mn>&#x1D7CF;</mn>' in site.read("posts/own/")  # (𝟏: the post's own)


def test_a_middle_dot_in_text_is_shown_and_read_as_one(site):
    """`\\text{V·s/A}`, as MathJax (Obsidian, Typora) shows it: KaTeX read `·` as its
    math-mode `\\cdotp`, undefined in text, and the formula was an error on the page; the
    description reads the dot as a dot."""
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\n")
    site.write("content/posts/l.md", "---\ntitle: L\ndate: 2024-05-01\n---\n"
               "亨利 $1\\,\\text{H} = 1\\,\\text{V·s/A}$，即 $\\mbox{德·摩根}$ 之外。\n")
    assert messages(site.build()) == []
    page = site.read("posts/l/")
    assert '<mtext>V</mtext><mstyle scriptlevel="0" displaystyle="false"><mo separator="true">' \
           "⋅</mo></mstyle><mtext>s/A</mtext>" in page and "math-error" not in page
    assert '<meta name="description" content="亨利 1 H = 1 V·s/A，即 德·摩根 之外。">' in page

"""Rendering: macros, CJK, errors with path:line, numbering and references, output modes."""

from __future__ import annotations

import html
import re
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from blogforge.math import MathEngine, MathSettings, math_plugin

MD = MarkdownIt("commonmark").enable("table").use(footnote_plugin).use(math_plugin)
ENGINE = MathEngine(MathSettings())


def render(source: str, engine: MathEngine = ENGINE, path: str = "posts/p.md", offset: int = 0):
    doc = engine.document(Path(path), offset)
    return doc.finalize(MD.render(source, {"math": doc})), doc


def formulas(out: str) -> list[str]:
    found = re.findall(r'<annotation encoding="application/x-tex">(.*?)</annotation>', out, re.S)
    return [html.unescape(t) for t in found]


# ------------------------------------------------------------------------------ Chinese


def test_bare_cjk_in_math_renders_quietly(capfd):
    out, doc = render(r"损失 $\text{损失} = 交叉熵$ 完")
    assert doc.diagnostics == []
    assert "math-error" not in out
    assert "<mtext>损失</mtext>" in out and "交叉熵" in out
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""  # KaTeX's strict-mode console noise


def test_full_width_comma_in_math(capfd):
    out, doc = render("$a，b$")
    assert doc.diagnostics == []
    assert "<mtext>，</mtext>" in out
    assert capfd.readouterr().err == ""


# ------------------------------------------------------------------------------- macros


def test_hidden_newcommand_block_redefines_d_for_later_formulas():
    source = (
        "$$\n\\newcommand{\\d}{\\mathrm{d}}\n\\renewcommand{\\R}{\\mathbb{X}}\n$$\n\n"
        "Then $\\int f(x) \\d x$ over $\\R$."
    )
    out, doc = render(source)
    assert doc.diagnostics == []
    assert "math-display" not in out  # the definitions block shows nothing
    assert out.startswith("<p>Then ")
    assert '<mi mathvariant="normal">d</mi><mi>x</mi>' in out
    assert '<mi>&#x1D54F;</mi>' in out  # (𝕏)


def test_redefining_a_katex_builtin_with_newcommand():
    out, doc = render("$\\newcommand{\\R}{\\mathcal{R}}$ and $x \\in \\R$")
    assert doc.diagnostics == []
    assert '<mi>ℛ</mi>' in out


def test_macros_are_per_post():
    render("$\\newcommand{\\foo}{\\alpha}$")
    out, doc = render("$\\foo$")
    assert "math-error" in out and len(doc.diagnostics) == 1


def test_site_macros_and_arguments():
    engine = MathEngine(
        MathSettings.from_config({"macros": {"\\E": "\\mathbb{E}", "norm": "\\lVert #1 \\rVert"}})
    )
    out, doc = render("$\\E[\\norm{x}]$", engine)
    assert doc.diagnostics == []
    assert '<mi>&#x1D53C;</mi>' in out and "∥" in out  # (𝔼)


def test_def_declaremathoperator_and_let():
    source = (
        "$\\def\\KL#1#2{D_{\\mathrm{KL}}(#1\\|#2)}\\DeclareMathOperator*{\\argmax}{arg\\,max}"
        "\\let\\eps\\varepsilon$\n\n$\\KL{q}{p} + \\argmax_x \\eps$"
    )
    out, doc = render(source)
    assert doc.diagnostics == []
    assert "KL" in out and "max" in out and "ε" in out


# Each way of defining a macro, at the start of a formula and after other TeX: the ones a
# reader rarely meets are looked for as surely as \\newcommand (a formula is read for its
# definitions only where one of their names is)
DEFINED_EACH_WAY = [r"\gdef\va{\alpha_1}", r"x \xdef\va{\alpha_1}", r"\edef\va{\alpha_1}",
                    r"y=\global\def\va{\alpha_1}", r"\providecommand{\va}{\alpha_1}",
                    r"z \renewcommand\va{\alpha_1}", r"\let\vb\alpha \def\va{\vb_1}"]


def test_every_definer_defines_its_macro_for_the_post_and_its_plain_text():
    for definition in DEFINED_EACH_WAY:
        out, doc = render(f"${definition}$ 与 $\\va + \\require{{cancel}}\\cancel{{b}}$\n")
        assert doc.diagnostics == [], definition
        assert "<msub><mi>α</mi><mn>1</mn></msub>" in out, definition
        assert "updiagonalstrike" in out, definition
        assert doc.plain_text(r"x^2\va+b") == "x²α₁+b", definition


def test_macros_in_hidden_html_block():
    source = '<div style="display:none">\n$$\\newcommand{\\vx}{\\mathbf{x}}$$\n</div>\n\n$\\vx$'
    out, doc = render(source)
    assert doc.diagnostics == []
    assert '<mi>&#x1D431;</mi>' in out  # (𝐱)


# ------------------------------------------------------------------------------- errors


def test_broken_formula_shows_source_and_reports_path_line():
    source = "intro\n\nsome text and\na broken $\\frac{a$ formula & more\n"
    out, doc = render(source, offset=4)
    match = re.search(r'<span class="math-error" title="([^"]*)" translate="no">([^<]*)</span>',
                      out)
    assert match, out
    assert html.unescape(match.group(2)) == "$\\frac{a$"
    assert "formula &amp; more" in out  # the text after it is kept
    (diag,) = doc.diagnostics
    assert diag.level == "warning" and diag.line == 4 + 4
    assert str(diag).startswith("posts/p.md:8: warning: KaTeX: ")
    assert "\\frac{a" in diag.message


def test_error_line_inside_a_multiline_display():
    source = "para\n\n$$\na = b \\\\\nc = \\undefinedmacro{d}\n$$\n"
    out, doc = render(source, offset=10)
    assert '<div class="math-error math-error-display"' in out
    (diag,) = doc.diagnostics
    assert diag.line == 10 + 5  # the line holding \undefinedmacro
    assert "Undefined control sequence: \\undefinedmacro" in diag.message


def test_a_stray_dollar_inside_a_formula_is_named_as_such():
    # (three dollars for two, or a PDF's extraction with `$…$` inside `$$…$$`: KaTeX's words,
    # "Can't use function '$'", left the writer to guess what function)
    _, doc = render("步长 $$$\\Delta t$$$ 很小\n\n$$ $Q^*=\\arg\\min_Q f(Q)$ (31) $$\n")
    assert [d.message for d in doc.diagnostics] == [
        f"KaTeX: Can't use function '$' in math mode (at \"{at}\"): a `$` inside the formula: "
        "typed once too often, or a `$…$` written inside `$$…$$`? (a dollar sign in a formula "
        "is `\\$`)" for at in ("$\\Delta t", "$Q^*=\\arg\\min_Q f(Q)$ (31)")]


def test_a_macro_named_without_its_backslash_is_said_so():
    # (KaTeX's advice, "use \\renewcommand", sent the writer the wrong way)
    _, doc = render("$$\n\\newcommand{B}{\\mathcal{B}}\n$$\n\nFor a batch $B$.\n")
    assert [d.message for d in doc.diagnostics] == [
        "KaTeX: \\newcommand{B} attempting to redefine B; use \\renewcommand (at the end of "
        "\"\\newcommand{B}{\\mathcal{B}}\"): a macro's name starts with a backslash: "
        "`\\newcommand{\\B}{…}`, used as `\\B`"]


def test_strict_turns_katex_errors_into_errors():
    engine = MathEngine(MathSettings.from_config({"strict": True}))
    _, doc = render("$\\nosuchthing$", engine)
    assert [d.level for d in doc.diagnostics] == ["error"]


def test_error_in_footnote_reports_its_line():
    source = "text[^1]\n\n[^1]: note with $\\bad$ math\n"
    out, doc = render(source)
    assert "math-error" in out
    assert [d.line for d in doc.diagnostics] == [3]


# ------------------------------------------------------------------- numbering and refs


def test_align_is_numbered_and_eqref_links_to_it():
    source = (
        "By \\eqref{eq:elbo} we see.\n\n"
        "\\begin{align}\n"
        "\\log p(x) &\\ge \\mathcal{L} \\label{eq:elbo} \\\\\n"
        "&= \\text{ELBO} \\notag\n"
        "\\end{align}\n\n"
        "And $\\eqref{eq:elbo}$ again, also \\ref{eq:elbo}."
    )
    out, doc = render(source)
    assert doc.diagnostics == []
    assert '<div class="math-display" id="eq-eq:elbo">' in out
    # once in prose, twice in the inline formula (its MathML and its HTML rendering)
    assert out.count('<a class="math-ref" href="#eq-eq:elbo">(1)</a>') == 3
    assert '<a class="math-ref" href="#eq-eq:elbo">1</a>' in out
    assert "(2)" not in out  # \notag row stays unnumbered
    assert '<mtd class="math-eqn-num"><mtext>(1)</mtext></mtd>' in out  # MathML gets it too


def test_equation_numbers_count_per_post_and_starred_is_unnumbered():
    source = (
        "\\begin{equation}\na\n\\end{equation}\n\n"
        "\\begin{equation*}\nb\n\\end{equation*}\n\n"
        "\\begin{gather}\nc \\\\\nd\n\\end{gather}\n\n"
        "$$\ne\n$$\n"
    )
    out, _ = render(source)
    tags = re.findall(r"<mtext>\((\d+)\)</mtext>", out)
    assert tags == ["1", "2", "3"]
    out2, _ = render(source)
    assert re.findall(r"<mtext>\((\d+)\)</mtext>", out2) == ["1", "2", "3"]


def test_numbering_all_and_none():
    source = "$$\na\n$$\n\n\\begin{equation}\nb\n\\end{equation}\n"
    all_out, _ = render(source, MathEngine(MathSettings.from_config({"numbering": "all"})))
    assert re.findall(r"<mtext>\((\d+)\)</mtext>", all_out) == ["1", "2"]
    none_out, _ = render(source, MathEngine(MathSettings.from_config({"numbering": "none"})))
    assert re.findall(r"<mtext>\((\d+)\)</mtext>", none_out) == []


def test_a_display_formula_drawn_before_is_its_own_posts_numbered_and_placed_as_there():
    # A display formula that needs nothing of its post is drawn once per process, but it is
    # numbered where every display is, drawn with a post's own macros, and shown as a block
    # alone or inside a paragraph, each post as if it were rendered alone
    later = ("$$c$$\n\n$$a+b$$\n\n文中 \\[a+b\\] 与 $a+b$。\n\n"
             "$\\renewcommand{\\epsilon}{\\varepsilon}$\n\n$$\\epsilon$$\n")
    for numbering, numbers in (("ams", []), ("all", ["1", "2", "3", "4"])):
        settings = MathSettings.from_config({"numbering": numbering})
        engine = MathEngine(settings)
        render("$$a+b$$\n\n$$\\epsilon$$\n\n文中 \\[c\\]。\n", engine)
        out, doc = render(later, engine)
        alone, alone_doc = render(later, MathEngine(settings))
        assert (out, doc.diagnostics) == (alone, alone_doc.diagnostics)
        assert re.findall(r"<mtext>\((\d+)\)</mtext>", out) == numbers
        assert re.findall(r'<(div|span) class="math-display"', out) == \
            ["div", "div", "span", "div"]
        assert "<mi>ε</mi>" in out and len(re.findall(r'class="katex"', out)) == 5
        assert out.count('class="katex-display"') == 4  # (and `$a+b$` drawn inline)


def test_tag_and_label_on_plain_display():
    out, doc = render("$$\nx = 1 \\tag{A} \\label{eq:a}\n$$\nsee $\\eqref{eq:a}$")
    assert doc.diagnostics == []
    assert "<mtext>(A)</mtext>" in out
    assert '<a class="math-ref" href="#eq-eq:a">(A)</a>' in out


def test_a_labelled_formula_katex_cannot_draw_is_still_where_its_eqref_links():
    # (its macro defined in the writer's old MathJax setup: the number's link led nowhere,
    # and the build said so again as a broken link, which the page's source did not have)
    out, doc = render("$$\n\\vx = 1 \\label{eq:v}\n$$\n\nsee \\eqref{eq:v}")
    assert [d.message for d in doc.diagnostics] == [
        "KaTeX: Undefined control sequence: \\vx (at \"\\vx = 1 \\label{eq:v}\")"]
    assert '<a class="math-ref" href="#eq-eq:v">(1)</a>' in out
    assert re.search(r'<div class="math-error[^>]*><span class="math-anchor" id="eq-eq:v">'
                     r"</span>\$\$", out)


def test_multline_renders_with_one_number():
    out, doc = render("\\begin{multline}\na + b \\\\\n+ c\n\\end{multline}")
    assert doc.diagnostics == [] and "math-error" not in out
    assert re.findall(r"<mtext>\((\d+)\)</mtext>", out) == ["1"]


def test_undefined_label_warns_with_path_and_line():
    out, doc = render("first\n\nsecond \\eqref{nope} here", offset=2)
    assert '<span class="math-ref math-ref-missing">(??)</span>' in out
    (diag,) = doc.diagnostics
    assert diag.level == "warning" and diag.line == 5 and "nope" in diag.message
    doc.finalize(out)
    assert len(doc.diagnostics) == 1  # finalize twice does not warn twice


def test_duplicate_label_warns():
    _, doc = render("$$\na \\label{x}\n$$\n\n$$\nb \\label{x}\n$$\n")
    assert [d.line for d in doc.diagnostics] == [6]


# ---------------------------------------------------------------------- output variants


def test_mathml_output_has_no_katex_html():
    engine = MathEngine(MathSettings.from_config({"output": "mathml"}))
    out, doc = render("$x$ and\n\n$$\ny\n$$\n", engine)
    assert "katex-html" not in out and "<math" in out
    assert doc.has_math
    assert engine.settings.stylesheet_url is None


def test_has_math_false_without_formulas():
    _, doc = render("plain text, $5 and $10, `$x$`")
    assert not doc.has_math


def test_document_render_for_excerpts_and_feeds():
    tex = "\\begin{equation}\nx \\in \\R \\label{e}\n\\end{equation}"
    body, doc = render("$$\n\\newcommand{\\R}{\\mathbb{R}}\n$$\n\n" + tex + "\n")
    excerpt = doc.render(tex, display=True)
    assert "math-error" not in excerpt and "<mtext>(1)</mtext>" in excerpt
    feed = doc.render("\\R^n \\eqref{e}", output="mathml")
    # (a number as text: shown on a card, the equation is not there to link to)
    assert "katex-html" not in feed and "<mi>ℝ</mi>" in feed
    assert '<span class="math-ref">(1)</span>' in feed
    before = len(doc.diagnostics)
    doc.render("\\broken{")
    assert len(doc.diagnostics) == before  # body rendering already reported everything


def test_quiet_mathml_document_for_feeds():
    source = "$\\bad$ and \\eqref{none}"
    feed_doc = ENGINE.document("p.md", 0, output="mathml", quiet=True)
    out = feed_doc.finalize(MD.render(source, {"math": feed_doc}))
    assert "katex-html" not in out and feed_doc.diagnostics == []


def test_plain_text_for_descriptions():
    _, doc = render("$\\newcommand{\\E}{\\mathbb{E}}$")
    text = doc.plain_text(r"\E_{q_\phi(z|x)}\left[\log p_\theta(x|z)\right]")
    assert text == "𝔼_(q_ϕ(z|x))[log p_θ(x|z)]"
    assert doc.plain_text(r"\frac{1}{\sqrt{d_k}} x_{t-1}^2") == "1/√dₖ xₜ₋₁²"
    assert doc.plain_text(r"\text{损失}，\mathrm{KL}") == "损失，KL"


def test_plain_text_of_a_reference_is_its_own_documents_number():
    _, first = render("$$\nx \\tag{A} \\label{eq:a}\n$$")
    _, second = render("$$\nx \\tag{B} \\label{eq:a}\n$$")
    assert first.plain_text(r"y \eqref{eq:a}") == "y (A)"  # (formulas' text is kept per
    assert second.plain_text(r"y \eqref{eq:a}") == "y (B)"  # process: not this one)


# ------------------------------------------------------------------- MathJax-isms


def test_eqnarray_becomes_numbered_align():
    out, doc = render("\\begin{eqnarray}\na &=& b + c \\\\\n&=& d\n\\end{eqnarray}")
    assert doc.diagnostics == [] and "math-error" not in out
    assert re.findall(r"<mtext>\((\d+)\)</mtext>", out) == ["1", "2"]
    assert 'columnalign="right left"' in out


def test_require_is_dropped():
    out, doc = render("$$\n\\require{cancel} \\cancel{x}\n$$")
    assert doc.diagnostics == []
    assert formulas(out) == ["\\require{cancel} \\cancel{x}"]


def test_plain_text_drops_old_style_font_switches():
    doc = MathEngine(MathSettings()).document(None, 0)
    assert doc.plain_text(r"{\bf x}^\top y") == "xᵀ y"
    assert "rm" not in doc.plain_text(r"E_{{\rm e}_{ij}}")


def test_punctuation_after_a_short_formula_is_kept_on_its_line():
    """No line starts with "。" or ",": a short formula and the punctuation after it are one
    unbreakable span; a long one is left free to break (kept whole it could be wider than a
    phone)."""
    long_tex = r"\mathcal{L} = \mathbb{E}_{q(z\mid x)}[\log p(x\mid z)] - D_{KL}(q\,\|\,p)"
    source = f"长度分别记为 $m$ 和 $n$。其中 $O(n)$），以及 ${long_tex}$。where $x$, done\n"
    shown = MD.render(source)  # (formulas as their TeX: the spans around them are plain)
    assert shown == (
        '<p>长度分别记为 <span class="math">\\(m\\)</span> 和 '
        '<span class="math-nobr"><span class="math">\\(n\\)</span>。</span>其中 '
        '<span class="math-nobr"><span class="math">\\(O(n)\\)</span>），</span>以及 '
        f'<span class="math">\\({long_tex}\\)</span>。where '
        '<span class="math-nobr"><span class="math">\\(x\\)</span>,</span> done</p>\n')
    out, _ = render(source)  # and with KaTeX: the same spans around its HTML
    assert out.count('<span class="math-nobr"><span class="katex" translate="no">') == 3


def test_a_short_formula_glued_to_punctuation_may_break_before_its_last_part_only():
    """`$a = b$。`: KaTeX draws it in two parts (before and after the "="); the first may break
    from the line, the last stays with the "。". A formula of one part, `$x$，`, is as KaTeX
    drew it."""
    out, _ = render("设 $a = b$。且 $x$，完。\n")
    two, one = re.findall(r'<span class="math-nobr">(.*?)</math>.*?</span>([。，])', out)
    assert two[1] == "。" and one[1] == "，"
    parts = out.split('<span class="katex-html" aria-hidden="true">')[1:]
    assert parts[0].startswith('<span class="math-head"><span class="base">')
    assert parts[0].count('<span class="math-head">') == 1
    assert parts[1].startswith('<span class="base">') and "math-head" not in parts[1]


def test_a_macro_with_a_default_argument_is_told_what_katex_lacks():
    """`\\newcommand{\\pd}[2][]{…}` (LaTeX's and MathJax's default for an optional first
    argument) failed with KaTeX's "Expected 'EOF', got '#'" and nothing more."""
    out, doc = render("$$\\newcommand{\\pd}[2][]{\\frac{\\partial #1}{\\partial #2}}$$")
    (said,) = [d.message for d in doc.diagnostics]
    assert said.endswith("KaTeX's \\newcommand cannot give a first argument a default "
                         "(`\\newcommand{\\pd}[2][]`), as LaTeX and MathJax can: define the "
                         "macro without it, or one macro for each form"), said

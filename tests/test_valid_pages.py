"""KaTeX's MathML, repaired, is valid HTML: what the Nu HTML checker rejects never reaches a page.

The rules checked here are the ones the HTML standard's MathML content models impose and KaTeX
breaks: token elements hold only text, scripts and fractions have exactly their number of
children, and `mtd` carries no `width`.
"""

from __future__ import annotations

import re

import html5lib
import pykatex
import pytest

from blogforge.math import MathEngine, MathSettings
from blogforge.math.mathml import repair_mathml

MATHML = "{http://www.w3.org/1998/Math/MathML}"
TOKENS = {"mi", "mn", "mo", "mtext", "ms"}
ARITY = {"msub": 2, "msup": 2, "msubsup": 3, "munder": 2, "mover": 2, "munderover": 3,
         "mfrac": 2, "mroot": 2}
MTD_ATTRIBUTES = {"class", "id", "style", "columnalign", "rowalign", "columnspan", "rowspan"}

# Each of these made the Nu checker report errors on the example blog.
TROUBLE = [
    r"x_i \overset{\text{i.i.d.}}{\sim} p",
    r"\mathop{\arg\min}_{\theta \in M} L(\theta)",
    r"\eta_t = \eta_{\min} + \tfrac12(\eta_{\max}-\eta_{\min})",
    r"a = b \tag{3}",
    r"\stackrel{!}{=} \quad \underset{x}{\operatorname{lim\,sup}}",
]


def problems(markup: str) -> list[str]:
    """What an HTML validator would reject in the MathML of `markup`."""
    tree = html5lib.parse(f"<!DOCTYPE html><title>t</title><p>{markup}",
                          treebuilder="etree", namespaceHTMLElements=False)
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or not element.tag.startswith(MATHML):
            continue
        name = element.tag.removeprefix(MATHML)
        children = list(element)
        if name in TOKENS and children:
            found.append(f"<{name}> holds <{children[0].tag.removeprefix(MATHML)}>")
        if name in ARITY and len(children) != ARITY[name]:
            found.append(f"<{name}> has {len(children)} children, not {ARITY[name]}")
        if name == "mtd" and set(element.attrib) - MTD_ATTRIBUTES:
            found.append(f"<mtd> with {sorted(set(element.attrib) - MTD_ATTRIBUTES)}")
    return found


def text_of(markup: str) -> str:
    tree = html5lib.parse(markup, treebuilder="etree", namespaceHTMLElements=False)
    return "".join(tree.itertext())


@pytest.mark.parametrize("tex", TROUBLE)
def test_katex_writes_invalid_mathml_that_the_repair_makes_valid(tex):
    raw = pykatex.renderToString(tex, displayMode=True, output="htmlAndMathml", strict="ignore")
    assert problems(raw), "KaTeX fixed this itself: drop the repair for it"
    repaired = repair_mathml(raw)
    assert problems(repaired) == []
    # Same symbols, same annotation, same HTML rendering: only the MathML structure changed.
    assert text_of(repaired) == text_of(raw)
    assert repaired.split('<span class="katex-html"')[1] == raw.split('<span class="katex-html"')[1]


@pytest.mark.parametrize("output", ["html", "mathml"])
def test_rendered_formulas_carry_valid_mathml(output):
    engine = MathEngine(MathSettings.from_config({"output": output}))
    doc = engine.document(None)
    numbered = [r"\begin{equation} E = mc^2 \end{equation}",
                r"\begin{align} a &= b \\ c &= d \end{align}"]
    rendered = [doc.render(tex, display=True) for tex in TROUBLE + numbered]
    rendered += [doc.render(tex) for tex in TROUBLE if "tag" not in tex and "begin" not in tex]
    assert any("mtr-glue" in html for html in rendered)  # numbered: the glue cells are there
    for html in rendered:
        assert "<math" in html and problems(html) == []


def test_repair_keeps_the_meaning():
    sub = repair_mathml(pykatex.renderToString(r"\eta_{\min}", output="mathml"))
    # the subscript is "min" followed by the function-application operator, as one group
    assert "<msub><mi>η</mi><mrow><mi>min</mi><mo>\u2061</mo></mrow></msub>" in sub
    rel = repair_mathml(pykatex.renderToString(r"\overset{a}{\sim}", output="mathml"))
    assert "<mrow><mover><mrow><mo>∼</mo></mrow><mi>a</mi></mover></mrow>" in rel
    glue = repair_mathml(pykatex.renderToString(r"x \tag{1}", displayMode=True, output="mathml"))
    assert 'width="50%"' not in glue and glue.count('<mtd class="mtr-glue">') == 2
    assert '<mtable width="100%" displaystyle="true">' in glue  # (width kept: allowed)


def test_the_unnumbered_rows_of_a_numbered_align_line_up_with_the_numbered_ones_in_mathml():
    """KaTeX gives a numbered row a glue cell at each end and one for its number, a `\\notag`
    row its own two cells alone: in feeds and `output: mathml` "c = 3" sat one column left."""
    engine = MathEngine(MathSettings.from_config({"output": "mathml"}))
    html = engine.document(None).render(r"\begin{align} a &= 1 \label{a} \\ c &= 3 \\ "
                                        r"e &= 5 \tag{T} \end{align}", display=True)
    rows = re.findall(r"<mtr>(.*?)</mtr>", html)
    assert len(rows) == 3
    cells = [re.findall(r"<mtd( class=\"[^\"]*\")?>", row) for row in rows]
    glued = [' class="mtr-glue"', "", "", ' class="mtr-glue"']
    assert [row[:4] for row in cells] == [glued] * 3 and [len(row) for row in cells] == [5] * 3
    assert problems(html) == []


def test_valid_mathml_passes_through_unchanged():
    valid = [r"\frac{a}{b} + \sqrt[3]{x}", r"\sum_{i=1}^n x_i^2", r"\begin{pmatrix}1\end{pmatrix}"]
    for tex in valid:
        html = pykatex.renderToString(tex, output="htmlAndMathml")
        assert repair_mathml(html) == html.replace(' class ="', ' class="')


@pytest.mark.parametrize("tex", TROUBLE + [
    r"a \quad b \, c",  # empty elements (<mspace/>), written out in full by the repair
    r"\log x + \sin y", r"\begin{aligned} a &= b \end{aligned}", r"\text{损失} + \hat{y}",
    r"\operatorname{softmax}(Wx)", r"\mathbf{x}^\top \Sigma^{-1}",
])
def test_formulas_left_as_they_are_would_come_out_of_the_repair_unchanged(tex):
    from blogforge.math.mathml import _MATH, _repair, parse, serialize

    for display in (False, True) if "tag" not in tex else (True,):
        html = pykatex.renderToString(tex, displayMode=display, output="htmlAndMathml",
                                      strict="ignore")
        (math,) = _MATH.findall(html)
        assert _MATH.findall(repair_mathml(html)) == [serialize(_repair(parse(math)))]


# --- the example blog, every page ---------------------------------------------------------------


def heading_skips(markup: str) -> list[str]:
    """Headings that go more than one level deeper than the one before (h1 then h3)."""
    tree = html5lib.parse(markup, treebuilder="etree", namespaceHTMLElements=False)
    levels = [int(e.tag[1]) for e in tree.iter() if isinstance(e.tag, str)
              and len(e.tag) == 2 and e.tag[0] == "h" and e.tag[1] in "123456"]
    return [f"h{b} after h{a}" for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]


def formulas_with_control_characters(markup: str) -> list[str]:
    """The TeX of each formula in `markup` that holds a control character other than a line's
    end: a `\\t` (`\\times`, `\\theta`) or a `\\b` (`\\beta`) that the script which wrote
    the text turned into a tab or a backspace, and KaTeX then drew as the letters left."""
    return [tex for tex in re.findall(r'<annotation encoding="application/x-tex">([^<]*)', markup)
            if re.search(r"[\x00-\x09\x0b-\x1f]", tex)]


# A letter, `_` and what TeX would set below it, as words a reader sees (`x_T`, `p_θ`)
TEX_SUBSCRIPT = re.compile(r"(?<![\w\\])[A-Za-z]_(?:\{|[A-Za-z0-9]|[\u0370-\u03ff])(?!\w)")


def subscripts_written_as_tex(markup: str, element: str) -> list[str]:
    """The words of each `element` of `markup` (a figure's caption, an SVG's text) that show a
    subscript as TeX's source, `x_T`, where the page draws one: its formulas' TeX left out."""
    found = []
    for words in re.findall(rf"<{element}\b[^>]*>(.*?)</{element}>", markup, re.S):
        words = re.sub(r"<annotation\b.*?</annotation>|<[^>]+>", "", words, flags=re.S)
        found += TEX_SUBSCRIPT.findall(words)
    return found


def test_every_page_of_the_example_blog_is_valid(example_site):
    pages = sorted(example_site.rglob("*.html"))
    assert len(pages) > 50
    listings = [p for p in pages if "/tags/" in p.as_posix() and p.name == "index.html"]
    assert listings and any('class="card-title"' in p.read_text() for p in listings)
    math_pages = 0
    for page in pages:
        markup = page.read_text(encoding="utf-8")
        math_pages += "<math" in markup
        assert heading_skips(markup) == [], page
        assert problems(markup) == [], page
        # (LeetCode 11's "$n \times n$" read "nimesn": its `\t` had been written as a tab)
        assert formulas_with_control_characters(markup) == [], page
        # (DDPM's chain drew "x_T" beside x₀, x₁, xₜ, and its caption said "p_θ")
        assert subscripts_written_as_tex(markup, "figcaption") == [], page
    assert math_pages > 5
    pictures = sorted(example_site.rglob("*.svg"))
    assert pictures
    for picture in pictures:
        assert subscripts_written_as_tex(picture.read_text(encoding="utf-8"), "text") == [], \
            picture

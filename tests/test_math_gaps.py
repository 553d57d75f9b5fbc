"""TeX that MathJax draws and KaTeX refuses: plain TeX's `\\buildrel`, amsmath's `flalign`,
cancel's `\\cancelto`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from blogforge.math import MathEngine, MathSettings, math_plugin

MD = MarkdownIt("commonmark").use(math_plugin)
ENGINE = MathEngine(MathSettings(output="mathml"))


def mathml(source: str) -> tuple[str, list[str]]:
    doc = ENGINE.document(Path("posts/p.md"), 0)
    out = doc.finalize(MD.render(source, {"math": doc}))
    assert "math-error" not in out, out
    body = re.sub(r"<annotation.*?</annotation>", "", out, flags=re.S)
    return body, [str(d) for d in doc.diagnostics]


FENCE = '<mo fence="true">'
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

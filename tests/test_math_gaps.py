"""TeX that MathJax draws and KaTeX refuses: amsmath's `flalign`."""

from __future__ import annotations

import re
from pathlib import Path

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


def test_flalign_is_an_align_numbered_like_one():
    # MathJax draws one pair of flalign columns centred, as align does.
    body, diagnostics = mathml("$$\n\\begin{flalign} a &= b \\label{f} \\\\ c &= d \\notag"
                               "\n\\end{flalign}\n$$\n\nSee \\eqref{f}.\n\n"
                               "\\begin{flalign*}\nx &= y\n\\end{flalign*}\n")
    assert diagnostics == []
    assert '<mtext>(1)</mtext>' in body and "(2)" not in body
    assert '<a class="math-ref" href="#eq-f">(1)</a>' in body
    assert body.count('<div class="math-display"') == 2  # (the second with no dollars)

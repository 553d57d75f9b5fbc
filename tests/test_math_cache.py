"""Caching: no formula is rendered twice, within a build or across builds."""

from __future__ import annotations

import sqlite3

from markdown_it import MarkdownIt

from blogforge.math import MathEngine, MathSettings, math_plugin

MD = MarkdownIt("commonmark").use(math_plugin)
POST = "$\\alpha_1$ and $\\beta$ and again $\\alpha_1$\n\n$$\n\\R^n \\frac{a}{b}\n$$\n"


def build(engine: MathEngine, source: str = POST) -> str:
    doc = engine.document("p.md", 0)
    html = doc.finalize(MD.render(source, {"math": doc}))
    engine.save()
    return html


def test_repeated_formula_rendered_once_per_build():
    engine = MathEngine(MathSettings())
    first = build(engine)
    assert engine.stats.katex_calls == 3  # \alpha_1 twice in the post, once for KaTeX
    assert build(engine) == first
    assert engine.stats.katex_calls == 3


def test_disk_cache_survives_across_builds(tmp_path):
    first = MathEngine(MathSettings(), cache_dir=tmp_path)
    cold = build(first)
    assert first.stats.katex_calls == 3
    second = MathEngine(MathSettings(), cache_dir=tmp_path)
    warm = build(second)
    assert second.stats.katex_calls == 0
    assert second.stats.disk_hits == 3
    assert warm == cold


def test_changing_a_macro_rerenders_only_formulas_using_it(tmp_path):
    base = {"macros": {"\\R": "\\mathbb{R}"}}
    build(MathEngine(MathSettings.from_config(base), cache_dir=tmp_path))
    changed = MathEngine(
        MathSettings.from_config({"macros": {"\\R": "\\mathcal{R}"}}), cache_dir=tmp_path
    )
    out = build(changed)
    assert changed.stats.katex_calls == 1  # only the display formula uses \R
    assert "<mi>ℛ</mi>" in out


def test_a_formula_is_drawn_with_the_macros_it_names_through_others_too(tmp_path):
    # (`\\Rightarrow` and `\\Exp` hold the name `\\R` and `\\E` and use neither: their formulas
    # are the renders of a site without macros; `\\vx` uses `\\R` through its body)
    plain = "$a \\Rightarrow b$ and $\\Exp x$\n\n$$\n\\vx^2\n$$\n"
    build(MathEngine(MathSettings(), cache_dir=tmp_path), plain)
    macros = {"\\R": "\\mathbb{R}", "\\E": "\\mathbb{E}", "\\vx": "\\mathbf{\\R}_{n}",
              "\\Exp": "\\exp"}
    engine = MathEngine(MathSettings.from_config({"macros": macros}), cache_dir=tmp_path)
    out = build(engine, plain)
    assert engine.stats.katex_calls == 2  # \vx (with \R), and \Exp: its own, not exp's
    assert "ℝ" in out and "<mi>n</mi>" in out and "math-error" not in out


def test_output_mode_is_part_of_the_key(tmp_path):
    build(MathEngine(MathSettings(), cache_dir=tmp_path))
    mathml = MathEngine(MathSettings.from_config({"output": "mathml"}), cache_dir=tmp_path)
    out = build(mathml)  # MathML, taken from the cached HTML renders, never the HTML itself
    assert "katex-html" not in out and out.count("<math") == 4


def test_errors_are_cached_and_still_reported(tmp_path):
    source = "broken $\\frac{$ here"
    build(MathEngine(MathSettings(), cache_dir=tmp_path), source)
    again = MathEngine(MathSettings(), cache_dir=tmp_path)
    doc = again.document("p.md", 0)
    out = doc.finalize(MD.render(source, {"math": doc}))
    assert again.stats.katex_calls == 0
    assert "math-error" in out and len(doc.diagnostics) == 1


def test_damaged_cache_entries_are_rendered_again(tmp_path):
    build(MathEngine(MathSettings(), cache_dir=tmp_path))
    with sqlite3.connect(tmp_path / "build.sqlite") as db:
        assert db.execute("UPDATE units SET value = '{not json'").rowcount == 3
    engine = MathEngine(MathSettings(), cache_dir=tmp_path)
    out = build(engine)
    assert engine.stats.katex_calls == 3 and "math-error" not in out


def test_mathml_of_a_formula_already_rendered_as_html_needs_no_second_katex_call():
    engine = MathEngine(MathSettings())
    as_html = build(engine, "$x^2_i$ and\n\n$$\n\\frac{a}{b}\n$$\n")
    calls = engine.stats.katex_calls
    feed = engine.document("p.md", 0, output="mathml", quiet=True)
    as_mathml = feed.finalize(MD.render("$x^2_i$ and\n\n$$\n\\frac{a}{b}\n$$\n", {"math": feed}))
    assert engine.stats.katex_calls == calls
    direct = MathEngine(MathSettings.from_config({"output": "mathml"}))
    # (a page's formulas are marked not to be translated; a feed's, as_mathml, are not)
    page = build(direct, "$x^2_i$ and\n\n$$\n\\frac{a}{b}\n$$\n")
    assert as_mathml == page.replace(' translate="no"', "") and 'translate="no"' in page
    assert "katex-html" in as_html and "katex-html" not in as_mathml


def test_a_shared_inline_formula_still_follows_each_posts_own_macros():
    engine = MathEngine(MathSettings())
    plain = build(engine, "$\\vx + y$ and $x$\n")
    assert "math-error" in plain  # \vx means nothing here
    own = build(engine, "$\\newcommand{\\vx}{\\mathbf{x}}$ $\\vx + y$ and $x$\n")
    assert "math-error" not in own and "mathbf" in own  # the post's own macro
    assert build(engine, "$\\vx + y$ and $x$\n") == plain  # and not the next post's


def test_memory_keeps_the_latest_renders_and_the_build_cache_the_rest(tmp_path, monkeypatch):
    from blogforge.math import cache

    monkeypatch.setattr(cache, "MEMORY_ENTRIES", 8)
    # (each opens an environment: never shared between posts, always asked of the cache)
    many = "\n\n".join(f"$$\\begin{{aligned}}x_{{{n}}}\\end{{aligned}}$$" for n in range(20))
    engine = MathEngine(MathSettings(), cache_dir=tmp_path)
    first = build(engine, many)
    assert engine.stats.katex_calls == 20 and len(engine.cache._memory) == 8
    assert build(engine, many) == first  # none rendered again: all read back
    assert engine.stats.katex_calls == 20 and engine.stats.disk_hits == 20
    build(engine, "\n\n".join(f"$$\\begin{{aligned}}{x}\\end{{aligned}}$$"
                                for x in ("x_{18}", "x_{19}")))
    assert engine.stats.memory_hits == 2 and engine.stats.disk_hits == 20

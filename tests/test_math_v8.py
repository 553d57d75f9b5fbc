"""KaTeX in V8 for the pool's workers: the same results as pykatex, a post's formulas in one
call, and V8 never started in the process that builds (it forks again)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from blogforge.math import MathEngine, MathSettings, math_plugin
from blogforge.math.assets import cached_script
from blogforge.math.katex import KatexRenderer, KatexResult
from blogforge.math.v8 import START_AFTER, V8KatexRenderer

MD = MarkdownIt("commonmark", {"html": True}).use(math_plugin)

FORMULAS = [
    r"\frac{a_1}{b^2+\sum_{k=1}^n x_k}",
    r"\hat{y} = \operatorname{softmax}(Wx)",
    "损失 \\mathcal{L}(\\theta)",
    r"\begin{aligned} a &= b \\ c &= d \end{aligned}",
    r"\href{https://example.org}{x} + \rule{2em}{1em}",
    "\\text{😀} + 😀",  # none of KaTeX's fonts has it: what KaTeX says on its console
    r"\frac{a",  # errors: their messages, with and without a position
    r"x^^2",
    r"\undefinedcommand",
    r"\begin{align}a\end{equation}",
    r"\def\x{\x}\x",
]


def requests() -> list[tuple[str, bool, str]]:
    return [(tex, display, output) for tex in FORMULAS for display in (False, True)
            for output in ("html", "mathml")]


@pytest.fixture
def real_script(real_katex: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("XDG_CACHE_HOME", str(real_katex))
    script = cached_script()
    assert script is not None and "renderToString" in script
    return script


def test_v8_renders_exactly_what_pykatex_renders(real_script):
    pykatex = KatexRenderer()
    v8 = V8KatexRenderer(real_script, pykatex.identity)
    assert v8.start()
    expected = [pykatex.render(*request) for request in requests()]
    assert v8.render_many(requests()) == expected
    assert [v8.render(*request) for request in requests()[:6]] == expected[:6]
    assert v8.calls == len(expected) + 6
    errors = [result.error for result in expected if result.error]
    assert len(errors) == 20 and not any(e.startswith("KaTeX parse error") for e in errors)
    assert any("at position 2" in e for e in errors)


def test_a_script_that_is_not_katex_leaves_pykatex_in_place():
    v8 = V8KatexRenderer("var notKatex = 1;", KatexRenderer().identity)
    assert not v8.start()
    expected = [KatexRenderer().render(*request) for request in requests()[:8]]
    assert v8.render_many(requests()[:8]) == expected


def test_when_v8_fails_pykatex_renders_from_then_on(monkeypatch):
    from blogforge.math import v8 as module

    class Failing:
        def eval(self, code: str) -> str:
            raise MemoryError("out of memory")

    monkeypatch.setattr(module, "_launch", lambda script: Failing())
    v8 = V8KatexRenderer("katex", KatexRenderer().identity)
    assert v8.start()
    expected = [KatexRenderer().render(*request) for request in requests()[:8]]
    assert v8.render_many(requests()[:8]) == expected
    assert not v8.running and v8.render_many(requests()[:8]) == expected


def test_v8_starts_only_for_a_process_with_many_formulas(real_script):
    v8 = V8KatexRenderer(real_script, KatexRenderer().identity)
    few = [(f"x_{{{n}}}", False, "html") for n in range(START_AFTER)]
    assert [r.html for r in v8.render_many(few)] == [KatexRenderer().render(*r).html for r in few]
    assert not v8.running
    v8.render("y", False, "html")
    assert v8.running


def test_v8_collects_its_garbage_every_so_many_formulas_and_renders_on(real_script,
                                                                        monkeypatch):
    """A worker of a blog whose formulas are all different asks V8 to collect now and then
    (its heap grew by ~15 MB in such a build): it goes on rendering in V8, the same HTML."""
    from blogforge.math import v8 as module

    monkeypatch.setattr(module, "COLLECT_AFTER", 10)
    v8 = V8KatexRenderer(real_script, KatexRenderer().identity)
    assert v8.start()
    batches = [[(f"\\frac{{{n}}}{{x_{{{k}}}}}", False, "html") for k in range(8)]
               for n in range(4)]
    for batch in batches:
        assert v8.render_many(batch) == [KatexRenderer().render(*r) for r in batch]
    assert v8.collections == 2 and v8.running and v8.calls == 32


def test_a_damaged_script_in_the_cache_is_not_used(real_katex, tmp_path, monkeypatch):
    from blogforge.math.settings import KATEX_VERSION

    copy = tmp_path / "cache"
    source = real_katex / "blogforge" / "katex" / KATEX_VERSION
    (copy / "blogforge" / "katex").mkdir(parents=True)
    shutil.copytree(source, copy / "blogforge" / "katex" / KATEX_VERSION)
    script = copy / "blogforge" / "katex" / KATEX_VERSION / "katex.min.js"
    script.write_text(script.read_text(encoding="utf-8")[:-100], encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(copy))
    assert cached_script() is None
    engine = MathEngine(MathSettings())
    engine.use_v8()
    assert type(engine.renderer) is KatexRenderer


# --- a post's formulas in one call -------------------------------------------------------------


class Batches(KatexRenderer):
    """pykatex, counting how formulas are asked for."""

    batches = True

    def __init__(self) -> None:
        super().__init__()
        self.batch_sizes: list[int] = []
        self.single = 0

    def render_many(self, requests: list[tuple[str, bool, str]]) -> list[KatexResult]:
        self.batch_sizes.append(len(requests))
        return [KatexRenderer.render(self, *request) for request in requests]

    def render(self, tex: str, display: bool, output: str) -> KatexResult:
        self.single += 1
        return super().render(tex, display, output)


POST = textwrap.dedent(r"""
    <div style="display:none">$\newcommand{\R}{\mathbb{R}}$</div>

    设 $x \in \R^n$，$w_i$ 与 $w_i$ 重复，$\def\v#1{\mathbf{#1}} \v{a}$ 之后 $\v{b}$。

    ## 损失 $\mathcal{L}$

    \begin{equation}
    \mathcal{L} = \sum_i \ell(\v{x}_i) \label{eq:loss}
    \end{equation}

    $$ a = b \tag{A} $$

    由 \eqref{eq:loss}，还有 $\frac{1$ 这个错。[^1]

    | a | b |
    | --- | --- |
    | $\alpha$ | $\beta_{\R}$ |

    [^1]: 脚注里的 $\gamma^2$。
    """)


# No macros of its own: its inline formulas render the same in any post (`shared_formulas`),
# and the rendering takes what the walk worked out for them (with the site's macro \E).
PLAIN_POST = textwrap.dedent(r"""
    令 $w_i$、$x_\boldsymbol{w}$ 与 $\E[x]$，再来 $w_i$ 和 $\frac{1$。

    $$ \E[w] = \mu $$
    """)
SITE_MACROS = {"\\E": "\\mathbb{E}"}


def render(engine: MathEngine, source: str = POST) -> tuple[str, list]:
    doc = engine.document("posts/p.md", 3)
    env = {"math": doc}
    tokens = MD.parse(source, env)
    engine.prefetch(tokens, doc)
    return doc.finalize(MD.renderer.render(tokens, MD.options, env)), doc.diagnostics


def test_a_posts_formulas_are_rendered_in_one_batch_and_come_out_the_same():
    batches = Batches()
    engine = MathEngine(MathSettings(), renderer=batches)
    html, diagnostics = render(engine)
    assert (html, diagnostics) == render(MathEngine(MathSettings()))
    assert batches.batch_sizes == [11] and batches.single == 0
    assert html.count("math-error") == 1 and 'class="math-ref"' in html
    assert diagnostics[0].line == 3 + 14  # the broken formula, once, on its line of the file

    again = render(engine)  # everything known: nothing to ask for
    assert again == (html, diagnostics) and batches.batch_sizes == [11]


def test_a_posts_formulas_the_cache_holds_are_asked_of_it_at_once_not_drawn_again(
        tmp_path, monkeypatch):
    # The walk looks in the process's memory alone; what it lacks is asked of the build's
    # cache in one query after it (a cold build asked SQLite once for each new formula)
    first = MathEngine(MathSettings(), cache_dir=tmp_path, renderer=Batches())
    render(first)
    first.save()
    grown = POST + "\n又一个新的 $z^3 + \\R$。\n"
    batches = Batches()
    engine = MathEngine(MathSettings(), cache_dir=tmp_path, renderer=batches)
    store, asked = engine.cache.store, []

    def counted(name: str) -> Callable[..., Any]:
        ask = getattr(store, name)
        return lambda *args: asked.append(name) or ask(*args)

    for name in ("get", "get_many"):
        monkeypatch.setattr(store, name, counted(name))
    assert render(engine, grown) == render(MathEngine(MathSettings()), grown)
    assert batches.batch_sizes == [1] and batches.single == 0  # the new formula alone
    assert asked == ["get_many"] and engine.stats.disk_hits == 11


def test_formulas_of_a_post_without_macros_come_out_the_same_from_a_batch():
    batches = Batches()
    settings = MathSettings(macros=SITE_MACROS)
    html, diagnostics = render(MathEngine(settings, renderer=batches), PLAIN_POST)
    assert (html, diagnostics) == render(MathEngine(settings), PLAIN_POST)
    assert batches.batch_sizes == [5] and batches.single == 0
    assert "<mi>&#x1D53C;</mi>" in html  # (𝔼: the site's macro)
    assert "x_\\boldsymbol{w}" in html  # (the annotation: what the author wrote)
    assert [d.line for d in diagnostics] == [3 + 2]  # the broken one, once


def test_a_coloured_formula_keeps_its_colours_for_dark_screens_when_known_before():
    # A post with macros of its own has KaTeX draw `\color{#222}{x}` (its own: not shared);
    # the next post says it too, without macros, and a new formula, so its formulas are walked
    # for a batch, the drawing known: its page shows the colour's stand-in for dark screens,
    # as a page rendered alone does (a post whose drawings the cache of a build before holds)
    coloured = r"见 $\color{#222}{x}$ 与 $y$。" + "\n"
    engine = MathEngine(MathSettings(), renderer=Batches())
    render(engine, r"$\newcommand{\R}{\mathbb{R}}$ $\R$ 与 $\color{#222}{x}$" + "\n")
    html, diagnostics = render(engine, coloured)
    assert (html, diagnostics) == render(MathEngine(MathSettings()), coloured)
    assert "--dark-color" in html


# --- in a build: V8 in the pool's workers, never in the process that builds ------------------

BUILD = """
import os, sys
from pathlib import Path
from blogforge.math import v8
from blogforge.site import BuildOptions, build_site

many = v8.V8KatexRenderer.render_many
def noted(self, requests):
    results = many(self, requests)
    if self.running:
        Path(sys.argv[2], str(os.getpid())).write_text("v8")
    return results
v8.V8KatexRenderer.render_many = noted
site = Path(sys.argv[1])
result = build_site(BuildOptions(source=site, output=site / "public", use_cache=False, jobs=2))
print(result.written, "py_mini_racer" in sys.modules)
"""


def test_a_pool_build_renders_in_v8_in_its_workers_and_matches_pykatex(site, real_katex,
                                                                         tmp_path):
    for n in range(30):  # (more formulas than a worker renders before starting V8)
        body = " ".join(f"$c_{{{n}}} + x^{k}$" for k in range(5))
        site.post(f"p{n:02}.md", f"Post {n}", body=f"{body}\n\n$$\\sum_i^{n} w_i$$\n\n"
                  f"\\begin{{equation}}a_{n}\\label{{e}}\\end{{equation}} \\eqref{{e}}")

    def build(cache_home: Path, output: str) -> list[str]:
        notes = tmp_path / f"notes-{output}"
        notes.mkdir()
        env = dict(os.environ, XDG_CACHE_HOME=str(cache_home))
        done = subprocess.run([sys.executable, "-c", BUILD, str(site.root), str(notes)],
                              capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        (site.root / "public").rename(tmp_path / output)
        return [done.stdout.split()[1], *sorted(p.name for p in notes.iterdir())]

    v8_run = build(real_katex, "v8")
    assert v8_run[0] == "False"  # V8 was never loaded in the building process
    # a worker rendered in V8 (both do, on an idle machine; under load the first worker up can
    # take every post before the second has started, so that is not asserted)
    assert len(v8_run) >= 2
    pykatex_run = build(Path(os.environ["XDG_CACHE_HOME"]), "pykatex")  # the stand-in script
    assert pykatex_run == ["False"]

    def pages(output: str) -> dict[Path, bytes]:  # (KaTeX's own files differ: one is a stand-in;
        # the output's marker lists them)
        return {p.relative_to(tmp_path / output): p.read_bytes()
                for p in (tmp_path / output).rglob("*")
                if p.is_file() and "katex" not in p.parts and p.name != ".blogforge-output"}

    v8_pages = pages("v8")
    assert len(v8_pages) > 60 and v8_pages == pages("pykatex")


def test_a_few_paper_notes_full_of_formulas_are_rendered_in_v8_too(site, real_katex, tmp_path):
    """Ten notes of 200 formulas each were fewer posts than a pool is started for: QuickJS in
    the building process rendered all 2,000 (4.1 s; 1.6 s in the pool's V8)."""
    for n in range(3):
        body = "\n\n".join(f"公式 $a_{{{n}{k}}} + b^{{{k}}}$ 说明。" for k in range(250))
        site.post(f"p{n}.md", f"Note {n}", body=body)
    notes = tmp_path / "notes"
    notes.mkdir()
    env = dict(os.environ, XDG_CACHE_HOME=str(real_katex))
    done = subprocess.run([sys.executable, "-c", BUILD, str(site.root), str(notes)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False"]  # (built; V8 not in this process)
    assert list(notes.iterdir())  # a worker rendered in V8


def _rendered(engine: MathEngine, source: str, *, feed: bool) -> str:
    doc = engine.document("posts/p.md", 3, output="mathml", quiet=feed)
    env = {"math": doc}
    return doc.finalize(MD.renderer.render(MD.parse(source, env), MD.options, env))


def test_a_formula_is_drawn_for_a_page_and_for_a_feed_whichever_comes_first():
    # A site that shows MathML (`math.output: mathml`): a page's `\color{#222}{x}` carries the
    # colour's stand-in for dark screens and a feed's does not (feed readers have their own
    # colours), whichever of the two one process drew first
    coloured = r"见 $\color{#222}{x}$ 与 $$\color{#222}{y}$$" + "\n"
    settings = MathSettings(output="mathml")
    page_alone = _rendered(MathEngine(settings), coloured, feed=False)
    feed_alone = _rendered(MathEngine(settings), coloured, feed=True)
    assert "--dark-color" in page_alone and "--dark-color" not in feed_alone
    feed_first = MathEngine(settings)
    assert _rendered(feed_first, coloured, feed=True) == feed_alone
    assert _rendered(feed_first, coloured, feed=False) == page_alone
    page_first = MathEngine(settings)
    assert _rendered(page_first, coloured, feed=False) == page_alone
    assert _rendered(page_first, coloured, feed=True) == feed_alone

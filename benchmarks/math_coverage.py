"""How much of a study blog's math renders, and how fast, cold and cached.

    python benchmarks/math_coverage.py [--show-failures]

Reads benchmarks/math_formulas.txt, lays the formulas out as one Markdown post (inline ones in
Chinese sentences, displays as `$$`/`\\[` blocks or bare top-level environments, the definition
block first), renders it through the real pipeline (markdown-it + math_plugin + MathEngine) and
prints:

  * coverage: the share of formulas rendered without a KaTeX error;
  * formulas/second with an empty cache (every formula goes through KaTeX), with a warm on-disk
    cache (a second build), and from the in-memory cache (the same build seeing them again).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from markdown_it import MarkdownIt

from blogforge.math import MathEngine, MathSettings, math_plugin
from blogforge.math.numbering import TOP_LEVEL_ENVS

HERE = Path(__file__).resolve().parent
FORMULAS = HERE / "math_formulas.txt"


def load(path: Path) -> list[tuple[str, str]]:
    """(kind, tex) pairs; kind is "inline", "display" or "def"."""
    entries = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        kind, _, tex = line.partition(" ")
        kinds = {"$": "inline", "$$": "display", "def": "def"}
        if kind not in kinds or not tex.strip():
            raise SystemExit(f"{path}: cannot read line {raw!r}")
        entries.append((kinds[kind], tex.strip()))
    return entries


def as_markdown(entries: list[tuple[str, str]]) -> str:
    """One post holding every formula, with the delimiters real posts mix."""
    parts = []
    for n, (kind, tex) in enumerate(entries):
        if kind == "def":
            parts.append(f"$$\n{tex}\n$$")
        elif kind == "inline":
            inline = f"${tex}$" if n % 2 else f"\\({tex}\\)"
            parts.append(f"第 {n} 个公式 {inline} 出现在句子中。")
        elif tex.startswith("\\begin{") and tex.split("}")[0][7:] in TOP_LEVEL_ENVS:
            parts.append(tex)  # a bare top-level environment, no dollars
        elif n % 3 == 0:
            parts.append(f"\\[\n{tex}\n\\]")
        else:
            parts.append(f"上文紧贴公式：\n$$\n{tex}\n$$")
    return "\n\n".join(parts) + "\n"


def count_math(md: MarkdownIt, source: str) -> int:
    total = 0
    for token in md.parse(source):
        total += token.type == "math_block"
        total += sum(c.type == "math_inline" for c in token.children or [])
    return total


def build(md: MarkdownIt, engine: MathEngine, source: str):
    doc = engine.document(Path("benchmarks/math_formulas.md"), 0)
    start = time.perf_counter()
    doc.finalize(md.render(source, {"math": doc}))
    return doc, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-failures", action="store_true", help="list formulas that fail")
    args = parser.parse_args(argv)

    entries = load(FORMULAS)
    source = as_markdown(entries)
    md = MarkdownIt("commonmark").enable("table").use(math_plugin)
    found = count_math(md, source)
    if found != len(entries):
        print(f"parser found {found} formulas, the list has {len(entries)}", file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory() as cache_dir:
        cold_engine = MathEngine(MathSettings(), cache_dir=cache_dir)
        doc, cold = build(md, cold_engine, source)
        _, memory = build(md, cold_engine, source)
        warm_engine = MathEngine(MathSettings(), cache_dir=cache_dir)
        _, warm = build(md, warm_engine, source)

    failures = [d for d in doc.diagnostics if "KaTeX:" in d.message]
    n = len(entries)
    print(f"formulas: {n} ({sum(k == 'inline' for k, _ in entries)} inline)")
    print(f"coverage: {n - len(failures)}/{n} = {100 * (n - len(failures)) / n:.1f}% rendered")
    print(
        f"cold (KaTeX, empty cache):  {n / cold:8.0f} formulas/s "
        f"({cold_engine.stats.katex_calls} KaTeX calls)"
    )
    print(
        f"warm (on-disk cache):       {n / warm:8.0f} formulas/s "
        f"({warm_engine.stats.katex_calls} KaTeX calls, {warm_engine.stats.disk_hits} disk hits)"
    )
    print(f"in-memory cache:            {n / memory:8.0f} formulas/s")
    other = [d for d in doc.diagnostics if "KaTeX:" not in d.message]
    for diagnostic in (failures if args.show_failures else []) + other:
        print(f"  {diagnostic}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

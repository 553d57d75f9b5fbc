"""Cost of the link audit that every build runs (src/blogforge/link_checker.py).

    python benchmarks/link_audit.py [N]     # N posts, default 1,000

Generates N posts (../shared/bench/gen_corpus.py, or the stand-in benchmarks/corpus.py), builds
them once under a project-site base URL, then times `audit_output` over the output five times
and prints pages, megabytes of HTML, links checked, and the median wall and CPU time.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from blogforge.link_checker import audit_output
from blogforge.site import BuildOptions, build_site

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
BASE_URL = "https://example.github.io/repo/"


def main(n: int) -> None:
    generator = BENCH / "gen_corpus.py"
    if not generator.is_file():
        generator = Path(__file__).with_name("corpus.py")
    with tempfile.TemporaryDirectory(prefix="blogforge-audit-bench-") as tmp:
        site = Path(tmp) / "site"
        subprocess.run([sys.executable, str(generator), str(n), str(site / "content" / "posts")],
                       check=True, capture_output=True)
        (site / "site.yaml").write_text("languages:\n  zh: {}\n  en: {}\n", encoding="utf-8")
        output = Path(tmp) / "out"
        result = build_site(BuildOptions(site, output, base_url=BASE_URL))
        if not result.written:
            sys.exit("the build failed:\n" + "\n".join(map(str, result.diagnostics.items)))
        pages = list(output.rglob("*.html"))
        megabytes = sum(p.stat().st_size for p in pages) / 1e6
        walls, cpus = [], []
        for _ in range(5):
            wall, cpu = time.perf_counter(), time.process_time()
            audit = audit_output(output, BASE_URL)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        print(f"{len(pages)} pages, {megabytes:.0f} MB of HTML, {audit.links} links checked, "
              f"{len(audit.diagnostics)} broken: median {statistics.median(walls):.2f} s wall, "
              f"{statistics.median(cpus):.2f} s CPU "
              f"({1000 * statistics.median(cpus) / len(pages):.2f} ms CPU per page)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)

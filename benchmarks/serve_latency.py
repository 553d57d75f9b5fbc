#!/usr/bin/env python3
"""How long a writer waits: from saving a post to the reload event reaching the browser.

Generates N posts (default 1,000) with ../shared/bench/gen_corpus.py (the stand-in generator
benchmarks/corpus.py when that is absent), starts `blogforge serve` on a free loopback port,
opens the event stream the preview's script listens to (a plain HTTP client standing in for
the browser), then saves one post at a time (20 edits, each to another post) and times each
save → the first update that tells the tab to reload. Targets: median ≤ 100 ms, worst ≤ 300 ms.

    python benchmarks/serve_latency.py [--posts 1000] [--edits 20] [--work DIR] [--keep]

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

    def first_change_after(self, index: int) -> tuple[float, dict]:
        """The first update from position `index` on that changes files (a reload)."""
        deadline = time.monotonic() + EDIT_TIMEOUT
        with self.arrived:
            while True:
                for arrival, update in self.updates[index:]:
                    if update["changed"] or update["errors"]:
                        return arrival, update
                left = deadline - time.monotonic()
                if left <= 0:
                    raise SystemExit("no reload event within the timeout")
                self.arrived.wait(left)


def start_server(site: Path) -> tuple[subprocess.Popen, int, list[str]]:
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
    threading.Thread(target=lambda: [lines.append(x) for x in process.stdout], daemon=True).start()
    return process, port, lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=20)
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
    process, port, lines = start_server(site)
    print(f"first build and server start: {time.perf_counter() - started:.1f} s", flush=True)
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=EDIT_TIMEOUT)
        conn.request("GET", "/")
        home = conn.getresponse().read().decode()
        tag = re.search(r'data-version="(\d+)" data-instance="(\w+)"', home)
        tab = Tab(port, int(tag[1]), tag[2])
        time.sleep(0.5)  # the greeting

        posts = sorted((site / "content" / "posts").glob("*.md"))
        rng = random.Random(7)
        waits, builds = [], []
        for round_ in range(1, args.edits + 1):
            post = rng.choice(posts)
            text = re.sub(r"\n\n预览延迟测试 \d+。\n$", "\n", post.read_text(encoding="utf-8"))
            seen = len(tab.updates)
            with open(post, "w", encoding="utf-8") as file:
                file.write(text.rstrip("\n") + f"\n\n预览延迟测试 {round_}。\n")
            saved = time.perf_counter()
            arrival, update = tab.first_change_after(seen)
            waits.append(arrival - saved)
            time.sleep(0.05)  # the server's line about this build
            build = next((float(m[1]) / (1 if m[2] == "ms" else 0.001) for line in
                          reversed(lines) if (m := re.search(r" built .* in ([\d.]+) (ms|s):",
                                                             line))), float("nan"))
            builds.append(build / 1000)
            print(f"edit {round_:2}: {post.name:40} {1000 * waits[-1]:7.1f} ms, of which the "
                  f"engine's build {build:7.1f} ms ({len(update['changed'] or [])} files "
                  "changed)", flush=True)
            time.sleep(0.3)  # let the writer "read" the page; keeps edits apart
        median, worst = statistics.median(waits), max(waits)
        print(f"\nsave → reload event at {args.posts} posts over {len(waits)} edits: "
              f"median {1000 * median:.0f} ms (target ≤ {1000 * TARGET_MEDIAN:.0f}), "
              f"worst {1000 * worst:.0f} ms (target ≤ {1000 * TARGET_WORST:.0f}), "
              f"best {1000 * min(waits):.0f} ms")
        overhead = [w - b for w, b in zip(waits, builds, strict=True)]
        print(f"the preview's own part (watching, batching, telling the tab): median "
              f"{1000 * statistics.median(overhead):.0f} ms, worst {1000 * max(overhead):.0f} ms;"
              f" the engine's builds: median {1000 * statistics.median(builds):.0f} ms, worst "
              f"{1000 * max(builds):.0f} ms")
        met = median <= TARGET_MEDIAN and worst <= TARGET_WORST
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

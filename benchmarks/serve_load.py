#!/usr/bin/env python3
"""Load on the preview server: 10,000 requests from 50 concurrent clients, on 127.0.0.1 only.

Starts `blogforge serve --no-watch` on the example blog (this repository), collects the pages
its home page links to plus style sheets, a feed, missing pages and traversal attempts, then 50
threads each open a keep-alive connection and send their share of the requests. Prints errors
(any failed connection or unexpected status), requests per second and latency percentiles,
then checks that the server still answers and stops it with Ctrl+C (SIGINT).

    python benchmarks/serve_load.py [--requests 10000] [--clients 50]
"""

from __future__ import annotations

import argparse
import http.client
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from build_speed import REPO, blogforge_command


def start(source: Path) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([*blogforge_command(), "serve", "--source", str(source), "--port",
                                "0", "--no-watch"], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    url = None
    for line in process.stdout:
        if match := re.search(r"preview at (http://127\.0\.0\.1:\d+/\S*)", line):
            url = match[1]
        if url and (" built " in line or "build failed" in line):
            threading.Thread(target=lambda: [None for _ in process.stdout], daemon=True).start()
            return process, url
    raise SystemExit("blogforge serve stopped before serving")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--source", type=Path, default=REPO)
    args = parser.parse_args()

    process, url = start(args.source)
    port = int(re.search(r":(\d+)/", url)[1])
    base = url.split(f":{port}", 1)[1]
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.request("GET", base)
        home = conn.getresponse().read().decode()
        pages = sorted({href for href in re.findall(r'href="([^"#?]+)"', home)
                        if href.startswith(base)})
        expected = {path: 200 for path in pages}
        expected |= {base + "definitely-missing/": 404, base + "../etc/passwd": 404,
                     base + "%2e%2e/%2e%2e/etc/passwd": 404, "/": 302 if base != "/" else 200}
        paths = list(expected)
        print(f"{len(paths)} distinct paths ({len(pages)} pages and files linked from the home "
              f"page), {args.requests:,} requests from {args.clients} clients", flush=True)

        errors: list[str] = []
        latencies: list[float] = []
        lock = threading.Lock()

        def client(n: int) -> None:
            mine = [paths[(n * 7 + i) % len(paths)] for i in range(args.requests // args.clients)]
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            took = []
            for path in mine:
                started = time.perf_counter()
                try:
                    conn.request("GET", path)
                    response = conn.getresponse()
                    response.read()
                    if response.status != expected[path]:
                        with lock:
                            errors.append(f"{path}: {response.status}")
                    if response.will_close:
                        conn.close()
                except (OSError, http.client.HTTPException) as exc:
                    with lock:
                        errors.append(f"{path}: {exc!r}")
                    conn.close()
                took.append(time.perf_counter() - started)
            conn.close()
            with lock:
                latencies.extend(took)

        started = time.perf_counter()
        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        latencies.sort()
        print(f"{len(latencies):,} requests in {wall:.1f} s ({len(latencies) / wall:,.0f}/s); "
              f"latency median {1000 * statistics.median(latencies):.1f} ms, p99 "
              f"{1000 * latencies[int(0.99 * len(latencies))]:.1f} ms, worst "
              f"{1000 * latencies[-1]:.1f} ms; {len(errors)} errors")
        for error in errors[:10]:
            print("  ", error)
        conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.request("GET", base)
        print("still serving afterwards:", conn.getresponse().status == 200)
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(30)
        print(f"stopped with exit status {code}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

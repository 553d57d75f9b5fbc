"""Screenshots of a built site in headless Chromium: phone and desktop widths, light and dark.

    python tools/screenshots.py SITE_OUTPUT_DIR OUT_DIR PATH [PATH...]

Serves SITE_OUTPUT_DIR on 127.0.0.1 (build it with `--base-url http://127.0.0.1:8765/`), then
writes OUT_DIR/<name>-<width>-<scheme>.png for every path. Needs Debian's `chromium`. A tool for
looking at the theme before calling a change done; the tests never depend on it.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

PORT = 8765
WIDTHS = (390, 1366)
SCHEMES = {"light": 1, "dark": 0}  # Blink's preferredColorScheme: 0 dark, 1 light


def shoot(url: str, png: Path, width: int, scheme: str, height: int) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([
            "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", "--hide-scrollbars", "--virtual-time-budget=5000",
            f"--blink-settings=preferredColorScheme={SCHEMES[scheme]}",
            f"--window-size={width},{height}", f"--screenshot={png}", url,
        ], check=True, capture_output=True, timeout=60)


def main() -> None:
    root, out, paths = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]
    out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for path in paths:
            name = path.strip("/").replace("/", "_") or "home"
            for width in WIDTHS:
                for scheme in SCHEMES:
                    png = out / f"{name}-{width}-{scheme}.png"
                    shoot(f"http://127.0.0.1:{PORT}/{path.lstrip('/')}", png, width, scheme,
                          2400 if width < 800 else 1600)
                    print(png)
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()

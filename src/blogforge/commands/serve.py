"""`blogforge serve`: build the site and preview it on a local web server.

The preview is built with a localhost base URL (keeping base_url's path, so a project site
under /repo/ is previewed under /repo/) into a temporary folder, so `public/` is not touched.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import signal
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from blogforge.commands.build import add_build_arguments, options_from, report
from blogforge.config import load_config
from blogforge.diagnostics import Diagnostics
from blogforge.site import build_site


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("serve", help="build and preview the site locally",
                                 description="Build the site and serve it on localhost.")
    add_build_arguments(parser, output=False)  # the preview goes to a temporary folder
    parser.add_argument("--port", "-p", type=int, default=8000, help="port (default: 8000)")
    parser.add_argument("--bind", default="127.0.0.1", help="address (default: 127.0.0.1)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    site_path = urlsplit(args.base_url or load_config(args.source, Diagnostics()).base_url).path
    site_path = "/" + site_path.strip("/") + "/" if site_path.strip("/") else "/"
    with tempfile.TemporaryDirectory(prefix="blogforge-serve-") as tmp:
        args.output = Path(tmp) / "site"
        args.base_url = f"http://{args.bind}:{args.port}{site_path}"
        options = options_from(args)
        if report(build_site(options), options.output) != 0:
            return 1
        handler = functools.partial(_Handler, site_path=site_path, directory=str(options.output))
        # SIGTERM ends the preview like Ctrl+C, so the temporary folder is removed either way.
        signal.signal(signal.SIGTERM, _interrupt)
        with http.server.ThreadingHTTPServer((args.bind, args.port), handler) as server:
            print(f"serving on {args.base_url} (Ctrl+C to stop)")
            try:
                server.serve_forever()
            except KeyboardInterrupt:
                print()
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the output under the base URL's path, with the site's 404 page."""

    def __init__(self, *args, site_path: str, **kwargs) -> None:
        self.site_path = site_path
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        if path.startswith(self.site_path):
            path = "/" + path[len(self.site_path):]
        return super().translate_path(path)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

"""The local web server of `blogforge serve`: a built site folder served under its base path."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path


def make_server(folder: Path, site_path: str, bind: str,
                port: int) -> http.server.ThreadingHTTPServer:
    """A server (not yet serving) for `folder` at http://BIND:PORT/SITE_PATH."""
    handler = functools.partial(_Handler, site_path=site_path, directory=str(folder))
    return http.server.ThreadingHTTPServer((bind, port), handler)


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

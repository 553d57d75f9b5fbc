"""A preview (`blogforge serve`'s engine, server and watcher) running in the test's process on a
free loopback port, with small clients: plain HTTP requests, raw bytes, and the event stream
an open tab listens to."""

from __future__ import annotations

import http.client
import json
import re
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from conftest import NOW

from blogforge.livereload.preview import Preview
from blogforge.livereload.server import PreviewServer
from blogforge.livereload.state import PreviewState
from blogforge.site import BuildOptions

TIMEOUT = 20.0  # generous: the machine is shared; waits end as soon as the event arrives


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


class EventStream:
    """What one open tab hears: the JSON updates on /__blogforge/events."""

    def __init__(self, port: int, version: int, instance: str) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        self.conn.request("GET", f"/__blogforge/events?v={version}&i={instance}")
        self.response = self.conn.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type").startswith("text/event-stream")

    def next(self, deadline: float | None = None) -> dict:
        data = []
        deadline = deadline or time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:  # (keep-alive comments do not count as an update)
            line = self.response.fp.readline()
            if not line:
                raise AssertionError("the event stream ended")
            line = line.decode().rstrip("\n")
            if line.startswith("data: "):
                data.append(line[6:])
            elif line == "" and data:
                return json.loads("\n".join(data))
        raise AssertionError(f"no update within {TIMEOUT} s")

    def until(self, wanted, what: str = "an update") -> dict:  # noqa: ANN001 - a predicate
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            update = self.next(deadline)
            if wanted(update):
                return update
        raise AssertionError(f"no {what} within {TIMEOUT} s")

    def close(self) -> None:
        self.conn.close()


class Running:
    def __init__(self, preview: Preview, lines: list[str]) -> None:
        self.preview = preview
        self.lines = lines
        self.port = preview.server.server_address[1]

    @property
    def output(self) -> Path:
        return self.preview.server.output

    def get(self, path: str, method: str = "GET", headers: dict | None = None) -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            conn.request(method, path, headers=headers or {})
            response = conn.getresponse()
            return Response(response.status, response.headers, response.read())
        finally:
            conn.close()

    def raw(self, data: bytes) -> bytes:
        """Send bytes as they are (no client library cleaning them up); the whole answer."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=TIMEOUT) as sock:
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)

    def tab(self, path: str) -> EventStream:
        """Open `path` the way a browser would, then listen like its live-reload script."""
        page = self.get(path)
        tag = re.search(r'<script src="/__blogforge/livereload.js" data-version="(\d+)" '
                        r'data-instance="(\w+)"', page.text)
        assert tag, f"no live-reload script in {path}"
        stream = EventStream(self.port, int(tag[1]), tag[2])
        stream.next()  # the greeting: where the page stands now
        return stream


def start_preview(source: Path, output: Path, *, watch: bool = True,
                  while_first_build: Callable[[], None] | None = None,
                  **options: object) -> Running:
    """`while_first_build`: what a writer does while the first build runs (called after it,
    before the watcher starts: the last moment a save is still "during" that build)."""
    lines: list[str] = []
    server = PreviewServer(("127.0.0.1", 0), output, PreviewState())
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    build_options = BuildOptions(**{"source": source, "output": output, "now": NOW,
                                    "use_cache": False, **options})  # type: ignore[arg-type]
    preview = Preview(build_options, server, origin, watch=watch, log=lines.append)
    preview.build_first()
    if while_first_build is not None:
        while_first_build()
    preview.start()
    return Running(preview, lines)

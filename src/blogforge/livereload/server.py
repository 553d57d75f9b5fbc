"""The preview's web server: the standard library's threaded HTTP server, serving the built
site exactly as a static host would, plus two things of its own under /__blogforge/: the
live-reload script and its stream of Server-Sent Events.

Only files inside the output folder are ever served. A request path is decoded segment by
segment and refused (404) as soon as it could name anything else: `..`, encoded slashes or
backslashes, NUL bytes, empty segments (`//etc/passwd`), or a symlink that resolves outside.
Folders are never listed. The script tag goes into HTML responses only, never into the files.
"""

from __future__ import annotations

import contextlib
import errno
import html
import io
import ipaddress
import json
import mimetypes
import os
import re
import socket
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs, quote, unquote, urlsplit

from blogforge.livereload.state import PreviewState, Update
from blogforge.output import MARKER
from blogforge.text import close_matches
from blogforge.urls import slugify

RESERVED = "/__blogforge/"  # the preview's own endpoints, outside any site's base path
CLIENT_SCRIPT = Path(__file__).with_name("client.js")
HEARTBEAT = 15.0  # seconds between keep-alive comments on an idle event stream
# How long a request waits for a running build before taking what is there: a quick build's
# page is the new one; during a long build (a template, 3,000 posts: 15 s) every click waited
# 5 s for the old page. The tab is reloaded when the build is done.
BUILD_WAIT = 0.5
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
# What opening a requested name can fail with when it names nothing servable: a 404. Any other
# error (a failing disk) is not the client's doing and goes on to the server's error handling.
NOT_SERVABLE = {errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EACCES, errno.EPERM,
                errno.ENAMETOOLONG, errno.ELOOP}  # a segment over 255 bytes; a symlink loop
BODY_READ = 64 * 1024  # a request body up to this size is read and dropped; beyond, we close
LINGER = 2.0  # seconds an unread body is still taken in after the answer (see _linger)
# How long a request's line and headers may take to arrive, in all, from the moment the server
# waits for them (a new connection, or a kept-alive one between requests). The socket's timeout
# alone is per read: a client sending one byte every few seconds held its thread, and its file
# descriptor, for ever. A browser sends its head at once, and reconnects to a closed idle one.
HEAD_TIME = 10.0
# How long a file's answer may take in all: SEND_GRACE, and its size at SLOWEST_READ. The
# socket's timeout alone bounds each write: a client taking a little more than 256 KB every half
# minute kept its thread and one of the capped connections for as long as a video lasted (an
# hour for 30 MB). 64 KB/s is far below a phone on poor Wi-Fi; a player that pauses longer asks
# again for the rest (a Range request).
SEND_GRACE = 60.0
SLOWEST_READ = 64 * 1024  # bytes a second

# What a static host sends; text types carry UTF-8, the only encoding blogforge writes.
CONTENT_TYPES = {
    ".html": "text/html", ".htm": "text/html", ".css": "text/css", ".js": "text/javascript",
    ".mjs": "text/javascript", ".json": "application/json", ".map": "application/json",
    ".webmanifest": "application/manifest+json", ".xml": "application/xml",
    ".xsl": "application/xml", ".txt": "text/plain", ".md": "text/plain",
    ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".gif": "image/gif", ".webp": "image/webp", ".avif": "image/avif", ".ico": "image/x-icon",
    ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".otf": "font/otf",
    ".pdf": "application/pdf", ".wasm": "application/wasm", ".mp4": "video/mp4",
    ".webm": "video/webm", ".mp3": "audio/mpeg", ".ogg": "audio/ogg",
}
TEXT_TYPES = ("text/", "application/json", "application/xml", "application/manifest+json",
              "image/svg+xml")


def content_type(name: str) -> str:
    suffix = os.path.splitext(name)[1].lower()
    kind = CONTENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or (
        "text/plain" if not suffix else "application/octet-stream")
    return f"{kind}; charset=utf-8" if kind.startswith(TEXT_TYPES) else kind


def split_path(raw: str) -> tuple[list[str], bool] | None:
    """"/repo/posts/%E4%B8%AD/" → (["repo", "posts", "中"], True: ends with a slash), or None
    when the path cannot name a file inside a folder."""
    if not raw.startswith("/") or "\\" in raw or "\0" in raw:
        return None
    parts = raw[1:].split("/")
    trailing = parts[-1] == ""
    if trailing:
        parts.pop()
    decoded = []
    for part in parts:
        try:
            name = unquote(part, errors="strict")
        except UnicodeDecodeError:
            return None
        if name in ("", ".", "..") or any(c in name for c in "/\\\0"):
            return None
        decoded.append(name)
    return decoded, trailing


BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")  # `/%ZZ`, `/a%2`: no name can be read


UNSATISFIABLE = (-1, -1)  # a byte range that starts past the end of the file


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The one byte range a Range header asks of `size` bytes, as (first, last) both included
    ("bytes=0-1", "bytes=100-", "bytes=-500"); UNSATISFIABLE when it lies past the end; None
    for the whole file: no range, several (a rare multipart answer no player needs), or one
    that is garbled, which the standard lets a server ignore."""
    unit, _, spec = header.partition("=")
    specs = [s.strip() for s in spec.split(",") if s.strip()]
    # (positions of 19 digits or more are garbled: no file is that large, and int() refuses
    # 4,300 digits with a ValueError that dropped the connection)
    match = re.fullmatch(r"([0-9]{0,18})-([0-9]{0,18})", specs[0]) if len(specs) == 1 else None
    if unit.strip().lower() != "bytes" or not match or size == 0:
        return None
    first, last = match.groups()
    if not first and not last:  # "bytes=-"
        return None
    if not first:  # "-500": the last 500 bytes
        suffix = int(last)
        return (max(size - suffix, 0), size - 1) if suffix else UNSATISFIABLE
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        return UNSATISFIABLE
    return start, (min(int(last), size - 1) if last else size - 1)


def header_url(path: str) -> str:
    """A URL path as a header can carry it (Latin-1 at most, browsers want ASCII): "/博客/" →
    "/%E5%8D%9A%E5%AE%A2/"; what is already percent-encoded is left as it is."""
    return quote(path, safe="/%!$&'()*+,;=:@")


def inside(root: str, parts: list[str]) -> str | None:
    """The real path of root/parts if it is root or below it (symlinks resolved), else None."""
    path = os.path.realpath(os.path.join(root, *parts))
    return path if path == root or path.startswith(root + os.sep) else None


def connection_cap() -> int:
    """How many connections the preview keeps open at once: well under the process's file
    descriptor limit (macOS gives 256), so that idle or stuck clients can never take the
    descriptors a build needs to write its files, nor every one the server accepts with.
    A browser opens six per host; a few browsers and phones stay far below it."""
    try:
        import resource  # (not on Windows, which has no such limit)
    except ImportError:
        return 512
    limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if limit == resource.RLIM_INFINITY:
        return 512
    return max(8, min(512, (limit - 64) // 2))


BUSY_RETRY = 5  # seconds a client refused over the cap is told to wait (Retry-After)


def refuse_as_busy(request: socket.socket, cap: int) -> None:
    """Says `503 Service Unavailable` on a connection refused over the cap, where it was
    closed without a word (a browser showed "connection reset" and no reason). Never waits:
    the one thread accepting connections does this. What the client has sent yet is read
    first, as closing on unread bytes resets the connection and can destroy the answer."""
    text = (f"the preview has {cap} connections open, as many as it keeps: close some tabs or "
            "try again in a moment\n").encode()
    answer = (b"HTTP/1.1 503 Service Unavailable\r\n"
              b"Content-Type: text/plain; charset=utf-8\r\n"
              b"Content-Length: %d\r\nRetry-After: %d\r\nCache-Control: no-store\r\n"
              b"Connection: close\r\n\r\n" % (len(text), BUSY_RETRY)) + text
    with contextlib.suppress(OSError):
        request.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            while request.recv(64 * 1024):
                pass
        request.send(answer)  # (a new socket's send buffer takes it whole, at once)


def shown_version(query: dict[str, list[str]]) -> tuple[int, str | None]:
    """The build a tab shows and the preview that served it, as its script asks (`?v=3&i=…`)."""
    version_text = query.get("v", ["0"])[0]
    # (a build number: more than 18 digits is none, and int() refuses 4,300)
    version = int(version_text) if version_text.isascii() and version_text.isdigit() \
        and len(version_text) <= 18 else 0
    return version, query.get("i", [None])[0]


class _HeadDeadline(io.RawIOBase):
    """A connection's reading side that gives up when the request head is overdue: each read
    may wait only for what is left of the head's time (`PreviewHandler.head_due`)."""

    def __init__(self, handler: PreviewHandler) -> None:
        self.handler = handler

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        connection = self.handler.connection
        due = self.handler.head_due
        if due is None:
            connection.settimeout(self.handler.timeout)
        else:
            left = due - time.monotonic()
            if left <= 0:
                raise TimeoutError("the request head took too long")
            connection.settimeout(min(left, self.handler.timeout))
        return connection.recv_into(buffer)


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # a hanging client never keeps the process alive
    allow_reuse_address = True  # restart at once on the same port (TIME_WAIT)
    allow_reuse_port = False  # but never share a port with another running server
    request_queue_size = 128  # many tabs and parallel requests without refused connections

    def __init__(self, address: tuple[str, int], output: Path, state: PreviewState) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.output = output
        self.state = state
        self.client_script = CLIENT_SCRIPT.read_bytes()
        self.max_connections = connection_cap()
        self._open: set[socket.socket] = set()
        self._waiting: dict[socket.socket, float] = {}  # waiting for a request head, since
        self._connections_lock = threading.Lock()
        self._pages: tuple[int, list[str]] | None = None  # (build version, its pages)
        # told when a request finds the output folder gone once a build has made it (the
        # build cache holding it deleted): the preview builds it again
        self.output_gone: Callable[[], None] | None = None
        super().__init__(address, PreviewHandler)
        host = address[0].lower()
        # A page elsewhere on the web must not read the preview through a rebound DNS name
        # (drafts included): opened to the network, it answers to an address (a phone on the
        # LAN types the computer's IP) or to this computer's own names, never to another name.
        self.open_to_network = not is_loopback(host)
        self.allowed_hosts = LOOPBACK_NAMES | {host} | (
            machine_names() if self.open_to_network else set())

    def answers_to(self, name: str) -> bool:
        """Whether a request naming this host (the Host header's) is answered."""
        name = name.rstrip(".")
        if name in self.allowed_hosts or name.endswith(".localhost"):
            return True
        return self.open_to_network and is_ip_address(name)

    @property
    def root(self) -> str:
        return os.path.realpath(self.output)

    def get_request(self) -> tuple[socket.socket, object]:
        try:
            return super().get_request()
        except OSError as exc:
            # Out of file descriptors (300 idle connections under macOS's limit of 256): the
            # listening socket stays ready and socketserver asked again at once, spinning a
            # core while answering no one. A pause lets connections time out and close.
            if exc.errno in (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM):
                time.sleep(0.05)
            raise

    def process_request(self, request: socket.socket, client_address: object) -> None:
        """A new connection, handled in a thread of its own, unless the cap is reached: then
        the connection that has waited longest for a request head is closed to make room (a
        browser's idle kept-alive one, or a client that connects and says nothing), or, if
        every open one is busy, the new one is."""
        with self._connections_lock:
            full = len(self._open) >= self.max_connections
            idlest = min(self._waiting, key=self._waiting.__getitem__, default=None)
            if full and idlest is not None:
                del self._waiting[idlest]
                self._open.discard(idlest)
                with contextlib.suppress(OSError):  # (its thread sees its input end)
                    idlest.shutdown(socket.SHUT_RDWR)
            if not full or idlest is not None:
                self._open.add(request)
                # waiting for its request from now, not from when its thread starts: on a
                # busy machine the next connections come first, and idle ones taken for busy
                # made a real request over the cap refused
                self._waiting[request] = time.monotonic()
        if full and idlest is None:
            refuse_as_busy(request, self.max_connections)
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def shutdown_request(self, request: socket.socket) -> None:  # type: ignore[override]
        with self._connections_lock:
            self._open.discard(request)
            self._waiting.pop(request, None)
        super().shutdown_request(request)

    def waiting_for_head(self, connection: socket.socket, waiting: bool) -> None:
        with self._connections_lock:
            if not waiting:
                self._waiting.pop(connection, None)
            elif connection in self._open:  # (a new one waits since it was taken)
                self._waiting.setdefault(connection, time.monotonic())

    def pages_of_version(self, version: int) -> list[str]:
        """The built site's pages (see `site_pages`), listed once for each build."""
        listed = self._pages
        if listed is None or listed[0] != version:
            listed = self._pages = (version, site_pages(self.root))
        return listed[1]

    def handle_error(self, request: object, client_address: object) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return  # the browser went away: normal for a preview
        super().handle_error(request, client_address)


PAGE_SUFFIXES = ("", ".html", ".htm")  # what a request for a page ends with
NEAREST = 3  # pages of a name close to a missing one, named on the preview's 404 page
LONGEST_COMPARED = 400  # characters: a longer path is no typo of a page's, and costs to compare
HELD_AS = {  # why a post is held back, as the preview's 404 page says it
    "draft": "a draft (<code>blogforge serve --drafts</code> shows it)",
    "future": "dated in the future (<code>blogforge serve --future</code> shows it)",
    "expired": "past its expiryDate (<code>blogforge serve --expired</code> shows it)",
    "empty": "as it has no text yet below its front matter (it is published once written in)"}


def is_page_path(parts: list[str], trailing: bool) -> bool:
    """Whether a request asks for a page (a folder's, or a name.html): a missing picture or
    script gets the 404 page as it is, which no one reads."""
    return trailing or not parts or os.path.splitext(parts[-1])[1].lower() in PAGE_SUFFIXES


def site_pages(root: str) -> list[str]:
    """The built site's pages by their path below the site's: "posts/a/", "about.html"."""
    pages = []
    for folder, _, names in os.walk(root):
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        rel = "" if rel == "." else rel + "/"
        pages += [rel if name == "index.html" else rel + name for name in names
                  if name.endswith((".html", ".htm")) and name != "404.html"]
    return sorted(pages)


def post_name(source: str) -> str:
    """The name a post's URL is made of by default: "posts/kv-cache.en.md" and
    "posts/kv-cache/index.md" → "kv-cache"."""
    path = PurePosixPath(source)
    if path.stem.lower() in ("index", "_index") or path.stem.lower().startswith(
            ("index.", "_index.")):
        path = path.parent
    return slugify(path.name.partition(".")[0])


def missing_page_note(parts: list[str], trailing: bool, state: PreviewState,
                      pages: list[str], outside_base: bool = False) -> str:
    """What the preview adds to the 404 page of a missing page: the held-back post of the
    name the URL ends with (a draft, a future date: the usual "where is my new post?"), the
    pages of a name close to it (a typo, a renamed post, a link that left out the site's
    path), and what the build held back."""
    wanted = "/".join(parts) + ("/" if trailing and parts else "")
    base = state.base_path
    asked = "/" + wanted if outside_base else base + wanted
    last = slugify(os.path.splitext(parts[-1])[0]) if parts else ""
    items = [f"<li><code>{html.escape(source)}</code> is held back from this preview, "
             f"{HELD_AS.get(why, why)}: it may be this page</li>"
             for why, source in state.held_back if last and post_name(source) == last]
    named = bool(items)
    if outside_base:  # (a link written `/posts/x/` on a site at /repo/)
        items.insert(0, f"<li>this site lives under <code>{html.escape(base)}</code>: an "
                        "address without it leads nowhere once published either</li>")
    items += [f'<li>a page of a close name: <a href="{html.escape(header_url(base + page))}">'
              f"{html.escape(base + page)}</a></li>"
              for page in (close_matches(wanted, pages, NEAREST, 0.75)
                           if len(wanted) <= LONGEST_COMPARED else [])]
    if state.held_back_lines and not named and not outside_base:  # (when none is named)
        # (its heading, as `build` prints it, names the options that show what it lists)
        heading, *held = state.held_back_lines
        lines = "".join(f"<li>{html.escape(line.strip())}</li>" for line in held)
        items.append(f"<li>{html.escape(heading)}<ul>{lines}</ul></li>")
    if not items:
        return ""
    return ('<aside lang="en" style="all:initial;display:block;box-sizing:border-box;'
            "margin:1rem auto;max-width:48rem;padding:.75rem 1rem;color-scheme:light dark;"
            "background:Canvas;color:CanvasText;border:2px dashed GrayText;"
            'font:14px/1.5 system-ui,sans-serif"><p style="margin:0 0 .4rem;font-weight:600">'
            f"blogforge preview: no page at {html.escape(asked)}</p>"
            f'<ul style="margin:0;padding-left:1.2rem">{"".join(items)}</ul>'
            "<p style=\"margin:.4rem 0 0\">(only the preview says this; the published "
            "404 page does not)</p></aside>")


def machine_names() -> set[str]:
    """This computer's own names, as a device on the LAN may reach it: its host name, its
    full name, and its name on the local network (`box.local`, as macOS and Avahi say it)."""
    names = set()
    for name in (socket.gethostname(), socket.getfqdn()):
        name = name.lower().rstrip(".")
        if name:
            names |= {name, f"{name.partition('.')[0]}.local"}
    return names


def is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"  # keep-alive: a page's many files over few connections
    default_request_version = "HTTP/1.0"  # so even a garbled request gets a status line

    def version_string(self) -> str:
        return "blogforge-preview"
    timeout = 30  # a slow or silent client gives its thread back
    head_time = HEAD_TIME
    head_due: float | None = None  # when the request head being read must be in
    send_body = True  # False for HEAD
    body_unread = False  # this request's body is left unread: the connection closes after it

    def log_message(self, format: str, *args: object) -> None:
        pass  # no line per request: the terminal is for build messages

    # --- the request head's deadline ----------------------------------------------------------
    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # (the socket's own reader, replaced: the socket closes only when
        self.rfile = io.BufferedReader(_HeadDeadline(self), 64 * 1024)  # no reader holds it)

    def handle_one_request(self) -> None:
        self.head_due = time.monotonic() + self.head_time
        self.server.waiting_for_head(self.connection, True)
        try:
            super().handle_one_request()
        finally:
            self.head_due = None
            self.server.waiting_for_head(self.connection, False)

    def parse_request(self) -> bool:
        complete = super().parse_request()  # (reads the headers)
        self.head_due = None  # the body and the answer have the socket's own timeout (the
        self.connection.settimeout(self.timeout)  # head's last read may have left less)
        self.server.waiting_for_head(self.connection, False)
        return complete

    def do_GET(self) -> None:
        if self._drop_body():
            self._answer(send_body=True)

    def do_HEAD(self) -> None:
        if self._drop_body():
            self._answer(send_body=False)

    def _not_allowed(self) -> None:
        if self._drop_body():
            self._plain(405, "a preview only answers GET and HEAD\n", {"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed

    # --- request bodies -----------------------------------------------------------------------
    # A preview wants no body, but one left in the connection would be read as the next request
    # (3 answers to 2 requests). So a small body is read and dropped; a large, chunked or
    # awaited ("Expect: 100-continue") one is left unread and the connection closes after the
    # answer, the only safe way to skip it.
    def handle_expect_100(self) -> bool:
        return True  # no "100 Continue": the final answer comes at once, the upload is not sent

    def _drop_body(self) -> bool:
        """Reads the request's body, if small; False when its length is garbled (a 400 went)."""
        self.body_unread = False
        lengths = {n.strip() for n in self.headers.get_all("Content-Length") or []}
        if len(lengths) > 1 or any(not re.fullmatch(r"[0-9]{1,18}", n) for n in lengths):
            self.body_unread = True  # where the body ends, and the next request starts, is
            self._plain(400, "bad Content-Length\n")  # unknown: answer and close
            return False
        length = int(lengths.pop()) if lengths else 0
        if ("Transfer-Encoding" in self.headers or length > BODY_READ
                or self.headers.get("Expect", "").lower() == "100-continue"):
            self.body_unread = True
        elif length and len(self.rfile.read(length)) < length:
            self.close_connection = True  # the client stopped in the middle of its body
        return True

    def handle(self) -> None:
        super().handle()
        if self.body_unread:
            self._linger()

    def _linger(self) -> None:
        """Closing a socket with unread data resets the connection, and the reset can destroy
        the answer before the client reads it; so say "no more" and take in what still comes
        for a moment first (as Apache's lingering close does)."""
        deadline = time.monotonic() + LINGER
        try:
            self.connection.shutdown(socket.SHUT_WR)
            while (left := deadline - time.monotonic()) > 0:
                self.connection.settimeout(left)
                if not self.connection.recv(256 * 1024):
                    return
        except OSError:
            return

    # --- routing ------------------------------------------------------------------------------
    def _answer(self, send_body: bool) -> None:
        self.send_body = send_body
        target = self._target()
        if target is None:
            return self._plain(400, "bad request target\n")
        host = self._host_name()
        if host is None:
            return self._plain(400, "bad Host header\n")
        if "Host" in self.headers and not self.server.answers_to(host):
            if self.server.open_to_network:
                return self._plain(403, f"this preview answers only to this computer's "
                                   f"addresses and names, not to {host or 'no name'} (a web "
                                   "page may point a name of its own at it to read it): open "
                                   "it by the computer's IP address\n")
            return self._plain(403, "this preview answers only to localhost (to open it to other "
                               "devices, run blogforge serve --bind 0.0.0.0)\n")
        raw_path, _, query = target.partition("#")[0].partition("?")
        if BAD_ESCAPE.search(raw_path):  # (a name in the path cannot be told: not a 404)
            return self._plain(400, "bad percent-encoding in the path: a % takes two hex "
                               "digits (%25 for a % itself)\n")
        if raw_path == RESERVED + "events":
            return self._events(parse_qs(query))
        if raw_path == RESERVED + "update":  # (a tab told of a build by the tab holding the
            update = self.server.state.update_for(*shown_version(parse_qs(query)))  # stream)
            return self._send(200, json.dumps(update.as_json(), ensure_ascii=False).encode(),
                              content_type("update.json"))
        if raw_path == RESERVED + "livereload.js":
            return self._send(200, self.server.client_script, content_type("livereload.js"))
        state = self.server.state
        base, _ = split_path(state.base_path) or ([], True)
        split = split_path(raw_path)
        if split is None:
            return self._not_found()
        parts, trailing = split
        if parts[:len(base)] != base:
            if raw_path == "/":
                return self._redirect(302, header_url(state.base_path))
            return self._not_found(parts, trailing, outside_base=True)
        if base and parts == base and not trailing:
            return self._redirect(301, header_url(state.base_path))
        state.wait_idle(BUILD_WAIT)
        self._file(parts[len(base):], trailing, raw_path, query)

    def _target(self) -> str | None:
        """The request's path and query, also from an absolute-form target (GET http://host/a);
        None when the target is garbled."""
        if self.path.startswith("/"):
            return self.path
        try:
            parts = urlsplit(self.path)
        except ValueError:  # "http://[x/": a broken IPv6 literal
            return None
        if parts.scheme not in ("http", "https") or not parts.path.startswith("/"):
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def _host_name(self) -> str | None:
        """The host name in the Host header ("" without one: HTTP/1.0 clients such as load
        testers send none, and are answered); None when Host is garbled or given twice."""
        hosts = self.headers.get_all("Host") or []
        if len(hosts) > 1:
            return None
        if not hosts:
            return ""
        try:
            name = urlsplit(f"//{hosts[0]}").hostname
        except ValueError:  # "[::1": a broken IPv6 literal
            return None
        return name or ""  # an empty Host is valid, and names no host a loopback preview has

    def _file(self, parts: list[str], trailing: bool, raw_path: str, query: str) -> None:
        version = self.server.state.version  # read before the file: never newer than the page
        root = self.server.root
        if version and self.server.output_gone is not None and not os.path.isdir(root):
            self.server.output_gone()
        path = inside(root, parts)
        if path is None or parts == [MARKER]:
            return self._not_found(parts, trailing)
        if os.path.isdir(path):
            if not trailing:  # (the request's own path: its bytes go back as they came)
                return self._redirect(301, raw_path + "/" + (f"?{query}" if query else ""))
            path = inside(root, [*parts, "index.html"])
        elif trailing:
            path = None
        if path is None:
            return self._not_found(parts, trailing)
        try:
            with open(path, "rb") as file:
                if not os.path.isfile(path):
                    return self._not_found(parts, trailing)
                if path.endswith((".html", ".htm")):
                    rel = os.path.relpath(path, root).replace(os.sep, "/")
                    body = self._with_script(file.read(), rel, version)
                    return self._send(200, body, content_type(path))
                return self._send_file(file, content_type(path))
        except OSError as error:  # (a client gone away is ECONNRESET or EPIPE: raised on)
            if error.errno not in NOT_SERVABLE:
                raise
            return self._not_found(parts, trailing)

    # --- responses ----------------------------------------------------------------------------
    def _not_found(self, parts: list[str] | None = None, trailing: bool = False,
                   outside_base: bool = False) -> None:
        """The site's own 404 page, as GitHub Pages sends it; before a first good build, a page
        that only carries the script, so the error overlay (or the new site) shows up in it.
        A page asked for (`parts`, below the site's path unless `outside_base`) also says, in
        the preview only, why it may be missing: a post held back, or a page of a close name."""
        state = self.server.state
        version = state.version
        note = b""
        if parts is not None and version and is_page_path(parts, trailing):
            note = missing_page_note(parts, trailing, state, self.server.pages_of_version(
                version), outside_base).encode()
        page = inside(self.server.root, ["404.html"])
        try:
            with open(page or "", "rb") as file:
                body = file.read()
        except OSError:
            title = "blogforge: the site has not been built yet" if version == 0 else "Not found"
            errors = "".join(f"<li><code>{html.escape(e)}</code></li>" for e in state.errors)
            body = (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
                    f"<title>{title}</title></head><body><h1>{title}</h1>"
                    f"<ul>{errors}</ul></body></html>\n").encode()
        if note:  # (first in the page, where the writer looks)
            opened = re.search(rb"<body\b[^>]*>", body, re.IGNORECASE)
            at = opened.end() if opened else 0
            body = body[:at] + note + body[at:]
        self._send(404, self._with_script(body, "", version), content_type("404.html"))

    def _with_script(self, page: bytes, rel: str, version: int) -> bytes:
        state = self.server.state
        tag = (f'<script src="{RESERVED}livereload.js" data-version="{version}" '
               f'data-instance="{state.instance}" data-file="{html.escape(rel)}" '
               f'data-base="{html.escape(state.base_path)}"></script>').encode()
        end = page.lower().rfind(b"</body>")
        return page + tag if end < 0 else page[:end] + tag + page[end:]

    def _redirect(self, code: int, location: str) -> None:
        self._send(code, b"", None, {"Location": location})

    def _plain(self, code: int, text: str, headers: dict[str, str] | None = None) -> None:
        self._send(code, text.encode(), content_type("error.txt"), headers)

    def _send(self, code: int, body: bytes, kind: str | None,
              headers: dict[str, str] | None = None) -> None:
        self._head(code, kind, len(body), headers)
        if self.send_body:
            self.wfile.write(body)

    def _send_file(self, file, kind: str) -> None:  # noqa: ANN001 - an open binary file
        """The file, or the byte range asked for: Safari plays and seeks video only so."""
        size = os.fstat(file.fileno()).st_size
        # If-Range asks for the range only if the file is unchanged, which cannot be told
        # without validators (a preview sends none): the whole file, as the standard says.
        wanted = None if "If-Range" in self.headers else byte_range(
            self.headers.get("Range", ""), size)
        headers = {"Accept-Ranges": "bytes"}
        if wanted == UNSATISFIABLE:
            headers["Content-Range"] = f"bytes */{size}"
            return self._plain(416, f"the file has {size} bytes\n", headers)
        first, last = wanted or (0, size - 1)
        if wanted:
            headers["Content-Range"] = f"bytes {first}-{last}/{size}"
        self._head(206 if wanted else 200, kind, last - first + 1, headers)
        if self.send_body:
            file.seek(first)
            self._copy(file, last - first + 1)

    def _copy(self, file, length: int) -> None:  # noqa: ANN001 - an open binary file
        due = time.monotonic() + SEND_GRACE + length / SLOWEST_READ
        while length > 0:
            chunk = file.read(min(length, 256 * 1024))
            if not chunk:  # the file shrank since its size was sent: the client must not
                self.close_connection = True  # wait for bytes that will never come
                return
            left = due - time.monotonic()
            if left <= 0:  # (dropped, as a write past the socket's timeout is)
                raise TimeoutError("the client reads the file too slowly")
            self.connection.settimeout(min(self.timeout, left))
            self.wfile.write(chunk)
            length -= len(chunk)

    def _head(self, code: int, kind: str | None, length: int,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        if kind:
            self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", "no-store")  # a preview is never served stale
        self.send_header("X-Content-Type-Options", "nosniff")
        if self.body_unread:
            self.send_header("Connection", "close")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()

    # --- the live-reload stream ---------------------------------------------------------------
    def _events(self, query: dict[str, list[str]]) -> None:
        """One Server-Sent Events stream per open tab: an update at once (so a tab that missed
        something catches up), then one after every build, and a comment now and then so a
        closed tab is noticed."""
        state = self.server.state
        version, instance = shown_version(query)
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        if not self.send_body:
            return
        try:
            self.wfile.write(b"retry: 500\n\n")  # reconnect quickly to a restarted server
            serial = state.serial
            while not state.stopping:
                update = state.update_for(version, instance)
                self._event(update)
                version, instance = update.version, update.instance
                while (latest := state.wait_update(serial, HEARTBEAT)) == serial:
                    if state.stopping:
                        return
                    self.wfile.write(b": waiting for changes\n\n")
                serial = latest
        except (ConnectionError, TimeoutError):
            return

    def _event(self, update: Update) -> None:
        data = json.dumps(update.as_json(), ensure_ascii=False)
        self.wfile.write(f"data: {data}\n\n".encode())

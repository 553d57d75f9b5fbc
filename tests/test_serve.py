"""`blogforge serve`: the preview answers real HTTP requests on loopback exactly as the site will
be published, refuses everything outside the output, and tells open tabs about every build."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from conftest import END_WORKERS_AS_THEY_START
from previews import TIMEOUT, EventStream, start_preview

from blogforge.cache import CACHE_DIR, BuildLock
from blogforge.commands import serve as serve_command
from blogforge.livereload import preview as preview_module
from blogforge.livereload import server as server_module
from blogforge.livereload.kept import MARKER as MARKER_OF_KEPT
from blogforge.livereload.kept import KeptFolder, kept_folder
from blogforge.livereload.preview import NOTHING_HELD_BACK
from blogforge.livereload.server import PreviewHandler, PreviewServer
from blogforge.livereload.state import PreviewState
from blogforge.livereload.trash import MARKER, make_marked
from blogforge.livereload.watch import LONGEST, ChangeQueue, SourceFiles
from blogforge.output import MARKER as MARKER_OF_OUTPUTS
from blogforge.site import BuildOptions
from blogforge.site import Site as BuildSite

PROJECT = "https://someone.github.io/repo/"


@pytest.fixture
def serve(site, tmp_path):
    running = []

    def start(**options):
        preview = start_preview(site.root, tmp_path / "preview", **options)
        running.append(preview)
        return preview

    yield start
    for preview in running:
        preview.preview.stop()


@pytest.fixture
def blog(site):
    site.write("site.yaml", f"title: Test blog\nbase_url: {PROJECT}\n")
    site.post("a.md", "Alpha", body="Alpha text.")
    site.post("b.md", "Beta", date="2024-05-02", body="Beta text.")
    site.write("static/css/site.css", "body { color: black; }\n")
    return site


# --- what is served, and where ----------------------------------------------------------------

def test_the_site_is_served_under_base_urls_path(blog, serve):
    preview = serve()
    assert preview.preview.url == f"http://127.0.0.1:{preview.port}/repo/"
    home = preview.get("/repo/")
    assert home.status == 200 and "Alpha" in home.text and "Beta" in home.text
    assert preview.get("/repo/posts/a/").status == 200

    root = preview.get("/")
    assert root.status == 302 and root.header("Location") == "/repo/"
    assert preview.get("/repo").header("Location") == "/repo/"
    folder = preview.get("/repo/posts/a?x=1")
    assert folder.status == 301 and folder.header("Location") == "/repo/posts/a/?x=1"


def test_paths_outside_the_base_path_get_the_sites_own_404_page(blog, serve):
    preview = serve()
    own_404 = (preview.output / "404.html").read_text(encoding="utf-8")
    for path in ("/posts/a/", "/css/site.css", "/repo2/", "/favicon.svg", "/repo/nope/"):
        response = preview.get(path)
        assert response.status == 404, path
        page = re.sub(r'<aside lang="en".*?</aside>', "", response.text, flags=re.DOTALL)
        assert page.startswith(own_404.split("</body>")[0]), path  # (but the preview's note)
    forgotten = preview.get("/posts/a/").text  # a link that left out /repo/: said so
    assert "this site lives under <code>/repo/</code>" in forgotten
    assert '<a href="/repo/posts/a/">/repo/posts/a/</a>' in forgotten


def test_a_site_at_the_domain_root_is_served_at_slash(site, serve):
    site.post("a.md", "Alpha")
    preview = serve(base_url="http://127.0.0.1:1/")
    assert preview.get("/").status == 200
    assert preview.get("/posts/a/").status == 200


def test_a_base_url_given_names_its_host_in_the_absolute_urls(blog, serve):
    """`serve --base-url http://192.0.2.2:8001/blog/` is the address readers reach the preview
    at (a LAN address, a tunnel): canonical, og:url and the feeds name it, not 127.0.0.1."""
    given = "http://192.0.2.2:8001/blog/"
    preview = serve(base_url=given)
    assert preview.preview.url == f"http://127.0.0.1:{preview.port}/blog/"  # (this computer's)
    page = preview.get("/blog/posts/a/").text
    assert f'<link rel="canonical" href="{given}posts/a/">' in page
    assert f'<meta property="og:url" content="{given}posts/a/">' in page
    feed = preview.get("/blog/atom.xml")
    assert feed.status == 200 and f'href="{given}posts/a/"' in feed.text
    assert "127.0.0.1" not in page + feed.text
    assert "127.0.0.1" not in (preview.output / "posts/a/index.html").read_text("utf-8")


def test_a_base_url_naming_this_computer_on_another_port_is_warned_of():
    said = serve_command._other_port("http://127.0.0.1:8001/blog/", "127.0.0.1", 8000)
    assert said and "port 8001" in said and "listens on 8000" in said
    assert serve_command._other_port("http://localhost:8000/", "127.0.0.1", 8000) is None
    assert serve_command._other_port("https://tunnel.example/", "127.0.0.1", 8000) is None
    assert serve_command._other_port("/blog/", "127.0.0.1", 8000) is None


def test_a_base_url_without_a_host_is_previewed_at_the_previews_address(blog, serve):
    preview = serve(base_url="/blog/")
    own = f"http://127.0.0.1:{preview.port}/blog/"
    assert f'<link rel="canonical" href="{own}posts/a/">' in preview.get("/blog/posts/a/").text


def test_the_previews_404_page_says_why_a_page_is_missing(blog, serve):
    """A writer opening the page of a post marked `draft: true` (or dated next year) got the
    site's 404 page with not a word of why, and a mistyped URL no hint of the page meant."""
    blog.post("kv-cache.md", "KV cache", draft="true")
    blog.post("later/index.md", "Later", date="2042-01-01")
    blog.post("attention.md", "Attention")
    blog.write("content/posts/new.md", "---\ntitle: New\ndate: 2024-05-03\n---\n")
    blog.post("old.md", "Old", expiryDate="2024-06-01")
    preview = serve()

    def note(path: str) -> str:
        response = preview.get(path)
        assert response.status == 404, path
        found = re.search(r"<aside lang=\"en\".*?</aside>", response.text, re.DOTALL)
        return re.sub(r"<[^>]+>", "", found[0]) if found else ""

    assert ("content/posts/kv-cache.md is held back from this preview, a draft (blogforge "
            "serve --drafts shows it): it may be this page") in note("/repo/posts/kv-cache/")
    assert ("content/posts/later/index.md is held back from this preview, dated in the future "
            "(blogforge serve --future shows it)") in note("/repo/posts/later/")
    assert ("content/posts/new.md is held back from this preview, as it has no text yet below "
            "its front matter (it is published once written in)") in note("/repo/posts/new/")
    typo = preview.get("/repo/posts/atention/")
    assert '<a href="/repo/posts/attention/">/repo/posts/attention/</a>' in typo.text
    elsewhere = note("/repo/no-such-page/")  # nothing close: what is held back, as build says
    assert "1 draft: content/posts/kv-cache.md" in elsewhere, elsewhere
    # (the options that show them, as build names them: --drafts and --future showed no
    # expired post)
    assert "held back (--future / --drafts / --expired include them):" in elsewhere, elsewhere
    assert note("/repo/posts/kv-cache/missing.png") == ""  # (a picture: no one reads its 404)
    assert "blogforge preview" not in (preview.output / "404.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("base_url", ["https://x.github.io/博客/",
                                      "https://x.github.io/%E5%8D%9A%E5%AE%A2/"])
def test_a_base_path_in_chinese_is_redirected_to_percent_encoded(blog, serve, base_url):
    preview = serve(base_url=base_url)
    encoded = "/%E5%8D%9A%E5%AE%A2/"
    root = preview.get("/")
    assert (root.status, root.header("Location")) == (302, encoded)
    bare = preview.get(encoded.rstrip("/"))
    assert (bare.status, bare.header("Location")) == (301, encoded)
    folder = preview.get(encoded + "posts/a")
    assert (folder.status, folder.header("Location")) == (301, encoded + "posts/a/")
    assert "Alpha text." in preview.get(encoded + "posts/a/").text


def test_the_script_is_in_served_pages_and_never_in_the_built_files(blog, serve):
    preview = serve()
    served = preview.get("/repo/posts/a/").text
    assert served.count("/__blogforge/livereload.js") == 1
    assert served.index("/__blogforge/livereload.js") < served.rindex("</body>")
    on_disk = (preview.output / "posts/a/index.html").read_text(encoding="utf-8")
    assert "__blogforge" not in on_disk
    assert served.replace(served[served.index("<script src=\"/__blogforge"):
                                 served.rindex("</body>")], "") == on_disk
    css = preview.get("/repo/css/site.css")
    assert css.body == (preview.output / "css/site.css").read_bytes()
    assert preview.get("/__blogforge/livereload.js").header("Content-Type") == (
        "text/javascript; charset=utf-8")


def test_content_types_are_right_and_text_is_utf8(blog, serve):
    blog.write("static/data.json", '{"a": 1}')
    blog.write("static/fonts/x.woff2", raw=b"wOF2\0\0")
    blog.write("static/img/x.png", raw=b"\x89PNG\r\n\x1a\n")
    blog.write("static/img/x.jpg", raw=b"\xff\xd8\xff")
    blog.write("static/js/x.js", "console.log(1)")
    blog.write("static/icon.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    blog.write("static/notes.txt", "notes\n")
    preview = serve()
    expected = {
        "/repo/": "text/html; charset=utf-8",
        "/repo/posts/a/index.html": "text/html; charset=utf-8",
        "/repo/css/site.css": "text/css; charset=utf-8",
        "/repo/js/x.js": "text/javascript; charset=utf-8",
        "/repo/icon.svg": "image/svg+xml; charset=utf-8",
        "/repo/atom.xml": "application/xml; charset=utf-8",
        "/repo/sitemap.xml": "application/xml; charset=utf-8",
        "/repo/notes.txt": "text/plain; charset=utf-8",
        "/repo/data.json": "application/json; charset=utf-8",
        "/repo/fonts/x.woff2": "font/woff2",
        "/repo/img/x.png": "image/png",
        "/repo/img/x.jpg": "image/jpeg",
    }
    for path, kind in expected.items():
        response = preview.get(path)
        assert (response.status, response.header("Content-Type")) == (200, kind), path
        assert response.header("X-Content-Type-Options") == "nosniff"
    head = preview.get("/repo/css/site.css", method="HEAD")
    assert head.status == 200 and head.body == b""
    assert head.header("Content-Length") == str(len(b"body { color: black; }\n"))


def test_files_are_served_in_byte_ranges_as_video_players_ask(blog, serve):
    video = bytes(range(256)) * 1200  # 300 KB, no two neighbouring bytes alike
    blog.write("static/media/clip.mp4", raw=video)
    preview = serve()
    size = len(video)
    whole = preview.get("/repo/media/clip.mp4")
    assert (whole.status, whole.header("Accept-Ranges"), whole.body) == (200, "bytes", video)

    asked = {"bytes=0-1": (0, 1), "bytes=1000-": (1000, size - 1), "bytes=-500": (size - 500,
             size - 1), "bytes=300000-999999": (300000, size - 1), "bytes=-999999": (0, size - 1),
             "Bytes = 7-7": (7, 7), "bytes=0-1,": (0, 1)}
    for header, (first, last) in asked.items():
        part = preview.get("/repo/media/clip.mp4", headers={"Range": header})
        assert part.status == 206, header
        assert part.header("Content-Range") == f"bytes {first}-{last}/{size}", header
        assert part.header("Content-Length") == str(last - first + 1), header
        assert part.header("Content-Type") == "video/mp4" and part.header("Accept-Ranges")
        assert part.body == video[first:last + 1], header

    head = preview.get("/repo/media/clip.mp4", method="HEAD", headers={"Range": "bytes=0-1"})
    assert (head.status, head.header("Content-Length"), head.body) == (206, "2", b"")

    for header in (f"bytes={size}-", "bytes=999999-", "bytes=-0"):
        past = preview.get("/repo/media/clip.mp4", headers={"Range": header})
        assert (past.status, past.header("Content-Range")) == (416, f"bytes */{size}"), header

    # Several ranges, ranges this server does not read, or an If-Range it cannot check (it
    # sends no validators): the whole file, as the standard allows.
    for headers in ({"Range": "bytes=0-1,5-6"}, {"Range": "bytes=5-2"}, {"Range": "items=0-1"},
                    {"Range": "bytes=x-1"}, {"Range": "bytes=0-1", "If-Range": "Wed, 21 Oct"}):
        full = preview.get("/repo/media/clip.mp4", headers=headers)
        assert (full.status, full.body) == (200, video), headers

    page = preview.get("/repo/posts/a/", headers={"Range": "bytes=0-1"})  # gets the script
    assert page.status == 200 and page.header("Accept-Ranges") is None
    assert "Alpha text." in page.text


def test_folders_are_never_listed(blog, serve):
    preview = serve()
    assert (preview.output / "css").is_dir() and not (preview.output / "css/index.html").exists()
    assert (preview.output / "js").is_dir() and not (preview.output / "js/index.html").exists()
    # (/repo/posts/ is the list of the posts: a page)
    for path in ("/repo/css/", "/repo/css", "/repo/js/"):
        response = preview.get(path)
        assert response.status in (301, 404), path
        assert "site.css" not in response.text
    assert preview.get("/repo/css/").status == 404


def test_nothing_outside_the_output_can_be_read(blog, serve, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets/index.html").write_text("TOP SECRET", encoding="utf-8")
    preview = serve()
    os.symlink(secret, preview.output / "link.txt")
    os.symlink(tmp_path / "secrets", preview.output / "linked")
    attempts = [
        "/repo/../secret.txt", "/repo/../../secret.txt", "/repo/%2e%2e/secret.txt",
        "/repo/%2E%2E/%2e%2e/secret.txt", "/repo/..%2fsecret.txt", "/repo/%2e%2e%2fsecret.txt",
        "/repo/..%5csecret.txt", "/repo/..\\secret.txt", "/repo/%5c..%5c..%5csecret.txt",
        f"/repo/{secret}", f"/repo/%2f{str(secret).lstrip('/')}", f"//{secret}",
        f"/repo//{secret}", "/repo/link.txt", "/repo/linked/", "/repo/linked/index.html",
        "/repo/./../secret.txt", "/repo/%252e%252e/secret.txt", "/repo/.blogforge-output",
        "/repo/%c0%ae%c0%ae/secret.txt", "/repo/.%2e/secret.txt",
    ]
    for path in attempts:
        response = preview.get(path)
        assert response.status == 404, path
        assert "TOP SECRET" not in response.text, path
    for line in (b"GET /repo/%00 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                 b"GET /repo/posts\x00/a/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                 b"GET http://127.0.0.1/repo/../secret.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"):
        answer = preview.raw(line)
        assert answer.startswith((b"HTTP/1.1 404", b"HTTP/1.1 400")), line
        assert b"TOP SECRET" not in answer
    assert preview.get("/repo/").status == 200


def test_pages_under_another_host_name_are_refused(blog, serve):
    """A web page cannot read the preview by pointing a DNS name of its own at 127.0.0.1."""
    preview = serve()
    refused = preview.get("/repo/", headers={"Host": "evil.example:8000"})
    assert refused.status == 403
    # (a writer's phone on the LAN gets this too: it says how to let it in)
    assert b"run blogforge serve --bind 0.0.0.0" in refused.body
    assert preview.get("/repo/", headers={"Host": f"localhost:{preview.port}"}).status == 200


def test_a_preview_open_to_the_network_answers_only_to_this_computers_names(tmp_path):
    """`serve --bind 0.0.0.0` answered any Host: a web page the writer had open could point a
    name of its own at the computer and read the preview, drafts included. It answers to
    addresses (a phone on the LAN types the IP) and this computer's names, no other."""
    (tmp_path / "out").mkdir()
    (tmp_path / "out/index.html").write_text("DRAFT", encoding="utf-8")
    server = PreviewServer(("0.0.0.0", 0), tmp_path / "out", PreviewState())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]

    def status(host: str) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        try:
            conn.request("GET", "/", headers={"Host": host})
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    try:
        for host in ("evil.example", "evil.example:80", "192.168.1.20.nip.io", "localhost.evil"):
            refused, body = status(host)
            assert refused == 403 and b"DRAFT" not in body, host
            assert b"open it by the computer's IP address" in body
        name = socket.gethostname()
        for host in (f"192.168.1.20:{port}", "10.0.0.5", f"[fe80::1]:{port}", "127.0.0.1",
                     f"localhost:{port}", "app.localhost", name, f"{name.split('.')[0]}.local",
                     socket.getfqdn()):
            answered, body = status(host)
            assert answered == 200 and body.startswith(b"DRAFT"), host
    finally:
        server.shutdown()
        server.server_close()


def test_bad_requests_and_slow_clients_leave_it_serving(blog, serve):
    preview = serve()
    silent = socket.create_connection(("127.0.0.1", preview.port))  # connects, says nothing
    half = socket.create_connection(("127.0.0.1", preview.port))
    half.sendall(b"GET /repo/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finishes its headers
    try:
        for junk in (b"GARBAGE\r\n\r\n", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
                     b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n",
                     b"BREW /repo/ HTTP/1.1\r\n\r\n", b"\r\n\r\n", b"GET /repo/ HTTP/1.1\r\n" +
                     b"X: y\r\n" * 200 + b"\r\n"):
            answer = preview.raw(junk)
            # 4xx, or the standard's answer to an unknown method (501) or version (505)
            assert answer == b"" or answer.startswith((b"HTTP/1.1 4", b"HTTP/1.1 501",
                                                       b"HTTP/1.1 505")), junk[:20]
        assert preview.get("/repo/", method="POST").status == 405
        assert preview.get("/repo/").status == 200
    finally:
        silent.close()
        half.close()


def test_a_request_head_sent_a_byte_at_a_time_is_cut_off(blog, serve, monkeypatch):
    """A client sending its headers one byte every few seconds (slowloris) held a thread and
    a file descriptor for ever: the socket's timeout counts from the last byte only."""
    monkeypatch.setattr(PreviewHandler, "head_time", 1.0)
    preview = serve()
    head = b"GET /repo/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + b"a" * 400
    with socket.create_connection(("127.0.0.1", preview.port), timeout=TIMEOUT) as slow:
        for byte in head:  # (40 s in all, were it never cut off)
            try:
                slow.send(bytes([byte]))
            except OSError:
                break  # closed by the server
            if select.select([slow], [], [], 0.1)[0] and slow.recv(1) == b"":
                break
        else:
            raise AssertionError("the server waited for the whole head, sent a byte at a time")
    assert preview.get("/repo/").status == 200


def test_a_head_in_just_in_time_still_gets_its_whole_answer(blog, serve, monkeypatch):
    """The head's deadline shortens the socket's timeout for its reads (to what is left of
    its time); left so for the answer, a video asked for late in that time was cut off as soon
    as the player paused reading for longer."""
    monkeypatch.setattr(PreviewHandler, "head_time", 2.0)
    blog.write("static/clip.mp4", "")
    preview = serve()
    (preview.output / "clip.mp4").write_bytes(b"v" * 32_000_000)  # (more than socket buffers)
    with socket.create_connection(("127.0.0.1", preview.port), timeout=TIMEOUT) as player:
        player.sendall(b"GET /repo/clip.mp4 HTTP/1.1\r\n")
        time.sleep(1.7)
        player.sendall(b"Host: 127.0.0.1\r\nConnection: close\r\n\r\n")
        time.sleep(3)  # (paused, as a player is when it has enough)
        received = 0
        while chunk := player.recv(1 << 20):
            received += len(chunk)
    assert received > 32_000_000


def test_a_client_reading_a_large_file_too_slowly_is_dropped(blog, serve, monkeypatch):
    """A client taking a little of a video within each write's timeout kept its connection
    (one of the capped slots) for as long as the file lasted: the socket's timeout bounds each
    write alone. The whole answer must now be read within a time its size allows (here made
    short: 0.5 s and 8 MB/s; a real one is a minute and 64 KB/s)."""
    monkeypatch.setattr(server_module, "SEND_GRACE", 0.5)
    monkeypatch.setattr(server_module, "SLOWEST_READ", 8 * 1024 * 1024)
    blog.write("static/clip.mp4", "")
    preview = serve()
    size = 32_000_000  # (4.5 s allowed; read at 1.25 MB/s it takes 25 s)
    (preview.output / "clip.mp4").write_bytes(b"v" * size)
    received = 0
    with socket.create_connection(("127.0.0.1", preview.port), timeout=TIMEOUT) as slow:
        slow.sendall(b"GET /repo/clip.mp4 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        started = time.monotonic()
        while (chunk := slow.recv(256 * 1024)) and time.monotonic() - started < TIMEOUT:
            received += len(chunk)
            time.sleep(0.2)
        assert chunk == b"", "the slow reader was never dropped"
    assert received < size
    assert preview.get("/repo/").status == 200


def test_malformed_requests_get_a_status_line_not_a_traceback(blog, serve, capfd):
    preview = serve()
    os.symlink("loop", preview.output / "loop")  # a symlink to itself
    host = b"Host: 127.0.0.1\r\n"
    cases = {
        b"GET /repo/ HTTP/1.1\r\nHost: [::1\r\n\r\n": b"HTTP/1.1 400",
        b"GET /repo/ HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n\r\n":
            b"HTTP/1.1 400",
        b"GET /repo/ HTTP/1.1\r\nHost: \r\n\r\n": b"HTTP/1.1 403",  # valid, names no host
        b"GET http://[x/repo/ HTTP/1.1\r\n" + host + b"\r\n": b"HTTP/1.1 400",
        b"GET /repo/" + b"a" * 256 + b" HTTP/1.1\r\n" + host + b"\r\n": b"HTTP/1.1 404",
        b"GET /repo/posts/" + b"%E4%B8%AD" * 86 + b" HTTP/1.1\r\n" + host + b"\r\n":
            b"HTTP/1.1 404",
        b"GET /repo/loop HTTP/1.1\r\n" + host + b"\r\n": b"HTTP/1.1 404",
        b"GET /repo/%ZZ HTTP/1.1\r\n" + host + b"\r\n": b"HTTP/1.1 400",  # (no name in it)
        b"GET /repo/posts/a%2 HTTP/1.1\r\n" + host + b"\r\n": b"HTTP/1.1 400",
        b"GET /__blogforge/events?v=%C2%B2 HTTP/1.1\r\n" + host + b"\r\n": b"HTTP/1.1 200",
        b"GET /__blogforge/events?v=" + b"9" * 5000 + b" HTTP/1.1\r\n" + host + b"\r\n":
            b"HTTP/1.1 200",  # (more digits than int() reads)
        b"GET /repo/css/site.css HTTP/1.1\r\n" + host + b"Range: bytes=0-" + b"9" * 5000
        + b"\r\n\r\n": b"HTTP/1.1 200",  # (a garbled range: the whole file)
        b"GET /repo/css/site.css HTTP/1.1\r\n" + host + b"Range: bytes=-" + b"9" * 5000
        + b"\r\n\r\n": b"HTTP/1.1 200",
        b"POST /repo/ HTTP/1.1\r\n" + host + b"Content-Length: " + b"9" * 5000 + b"\r\n\r\n":
            b"HTTP/1.1 400",
    }
    for request, status in cases.items():
        answer = preview.raw(request) if b"events" not in request else _first_bytes(
            preview.port, request)
        assert answer.startswith(status), request[:60]
    assert "Traceback" not in capfd.readouterr().err
    assert preview.get("/repo/").status == 200


def _first_bytes(port: int, request: bytes) -> bytes:
    """The start of an answer that does not end by itself (an event stream)."""
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
        sock.sendall(request)
        return sock.recv(65536)


def _responses(answer: bytes) -> list[tuple[bytes, dict[str, str], bytes]]:
    """The responses in a raw answer, one after another: (status line, headers, body)."""
    found = []
    while answer:
        head, _, answer = answer.partition(b"\r\n\r\n")
        status, *lines = head.split(b"\r\n")
        headers = {k.decode().lower(): v.decode().strip()
                   for k, _, v in (line.partition(b":") for line in lines)}
        length = int(headers.get("content-length", "0"))
        found.append((status, headers, answer[:length]))
        answer = answer[length:]
    return found


def test_a_request_body_is_read_and_not_taken_for_the_next_request(blog, serve):
    preview = serve()
    smuggled = b"GET /repo/nope/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    real = b"GET /repo/posts/a/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    for method in (b"POST", b"PUT", b"GET"):
        answer = preview.raw(method + b" /repo/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             b"Content-Length: %d\r\n\r\n" % len(smuggled) + smuggled + real)
        statuses = [status for status, _, _ in _responses(answer)]
        assert statuses == [b"HTTP/1.1 405 Method Not Allowed" if method != b"GET" else
                            b"HTTP/1.1 200 OK", b"HTTP/1.1 200 OK"], method
        assert b"Alpha text." in _responses(answer)[1][2]

    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=TIMEOUT)
    try:  # keep-alive: the GET goes down the POST's connection
        conn.request("POST", "/repo/", body=b"x" * 1000)
        posted = conn.getresponse()
        assert (posted.status, posted.read()) == (405, b"a preview only answers GET and HEAD\n")
        conn.request("GET", "/repo/posts/a/")
        page = conn.getresponse()
        assert page.status == 200 and b"Alpha text." in page.read()
    finally:
        conn.close()


def test_a_chunked_large_or_awaited_body_is_answered_then_the_connection_closed(blog, serve):
    preview = serve()
    host = b"Host: 127.0.0.1\r\n"
    chunked = (b"GET /repo/posts/a/ HTTP/1.1\r\n" + host + b"Transfer-Encoding: chunked\r\n\r\n"
               b"5\r\nhello\r\n0\r\n\r\nGET /repo/nope/ HTTP/1.1\r\n" + host + b"\r\n")
    ((status, headers, body),) = _responses(preview.raw(chunked))
    assert status == b"HTTP/1.1 200 OK" and b"Alpha text." in body
    assert headers["connection"] == "close"

    large = (b"POST /repo/ HTTP/1.1\r\n" + host + b"Content-Length: 50000000\r\n\r\n" +
             b"x" * 2_000_000)  # far more than is worth reading; the rest never comes
    ((status, headers, _),) = _responses(preview.raw(large))
    assert status == b"HTTP/1.1 405 Method Not Allowed" and headers["connection"] == "close"

    # An upload that waits for "100 Continue" gets the final answer at once instead.
    with socket.create_connection(("127.0.0.1", preview.port), timeout=TIMEOUT) as sock:
        sock.sendall(b"PUT /repo/x.mp4 HTTP/1.1\r\n" + host + b"Expect: 100-continue\r\n"
                     b"Content-Length: 5000000\r\n\r\n")
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 405") and b"Connection: close\r\n" in answer

    for length in (b"abc", b"-5", b"5, 6", b"\xc2\xb2"):  # not a length: 400, then closed
        bad = (b"GET /repo/ HTTP/1.1\r\n" + host + b"Content-Length: " + length + b"\r\n\r\n"
               b"hello" + b"GET /repo/ HTTP/1.1\r\n" + host + b"\r\n")
        ((status, headers, _),) = _responses(preview.raw(bad))
        assert status.startswith(b"HTTP/1.1 400") and headers["connection"] == "close", length
    assert preview.get("/repo/").status == 200


def test_fifty_clients_at_once_all_get_answers(blog, serve):
    preview = serve()
    paths = ["/repo/", "/repo/posts/a/", "/repo/css/site.css", "/repo/atom.xml", "/repo/nope"]
    failures: list[str] = []

    def client(n: int) -> None:
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=TIMEOUT)
        try:
            for i in range(20):  # keep-alive: one connection, twenty requests
                path = paths[(n + i) % len(paths)]
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status != (404 if path == "/repo/nope" else 200):
                    failures.append(f"{path}: {response.status}")
        except Exception as exc:  # noqa: BLE001 - any failure is the finding
            failures.append(repr(exc))
        finally:
            conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert preview.get("/repo/").status == 200


# --- watching, rebuilding, telling the tabs -----------------------------------------------------

def test_an_edit_reaches_open_tabs_and_the_page(blog, serve):
    preview = serve()
    tab = preview.tab("/repo/posts/a/")
    blog.post("a.md", "Alpha", body="Alpha, rewritten.")
    update = tab.until(lambda u: u["changed"], "reload event")
    assert "posts/a/index.html" in update["changed"] and update["errors"] == []
    assert "Alpha, rewritten." in preview.get("/repo/posts/a/").text
    deadline = time.monotonic() + TIMEOUT  # the full build follows the post's own page
    while not any("built content/posts/a.md" in line for line in preview.lines):
        assert time.monotonic() < deadline, preview.lines
        time.sleep(0.02)


def test_during_a_long_rebuild_pages_are_answered_at_once_with_the_last_build(blog, serve,
                                                                            monkeypatch):
    """A writer clicking a link while a template edit rebuilt 3,000 posts waited 5 s for each
    page, and got the old one anyway."""
    preview = serve()
    state = preview.preview.state
    idle = state.idle
    monkeypatch.setattr(state, "idle", lambda: None)  # (a build that does not end meanwhile)
    state.begin()
    try:
        started = time.monotonic()
        page = preview.get("/repo/posts/a/")
        waited = time.monotonic() - started
    finally:
        idle()
    assert page.status == 200 and "Alpha text." in page.text
    assert waited < 3, waited


def test_each_build_names_the_posts_it_held_back_as_build_does(blog, serve):
    """A post saved with a mistyped year (2042) or as a draft was missing from the preview with
    not a word, while `build` and `check` name it."""
    blog.post("typo.md", "Typo", date="2042-03-01")
    preview = serve()
    held = ["held back (--future includes them):",
            "  1 post dated in the future: content/posts/typo.md (2042-03-01 00:00 UTC)"]
    first = preview.lines[:]
    assert first[-3:-1] == held and " built " in first[-1], first  # above the build's line
    blog.post("wip.md", "Work in progress", draft="true")
    deadline = time.monotonic() + TIMEOUT
    while not any("built content/posts/wip.md" in line for line in preview.lines):
        assert time.monotonic() < deadline, preview.lines
        time.sleep(0.02)
    rebuild = preview.lines[len(first):]
    assert rebuild[:-1] == ["held back (--future / --drafts include them):", held[1],
                            "  1 draft: content/posts/wip.md"], rebuild  # once
    seen = len(preview.lines)
    blog.post("a.md", "Alpha", body="Alpha, edited.")  # the same posts held back: not again
    while not any("built content/posts/a.md" in line for line in preview.lines[seen:]):
        assert time.monotonic() < deadline + TIMEOUT, preview.lines
        time.sleep(0.02)
    assert not any("held back" in line for line in preview.lines[seen:]), preview.lines[seen:]
    seen = len(preview.lines)  # (both put right: said once, not nothing)
    blog.post("typo.md", "Typo", date="2024-03-01")
    blog.post("wip.md", "Work in progress")
    deadline = time.monotonic() + TIMEOUT
    while not any(line == NOTHING_HELD_BACK for line in preview.lines[seen:]):
        assert time.monotonic() < deadline, preview.lines[seen:]
        time.sleep(0.02)
    seen = len(preview.lines)
    blog.post("a.md", "Alpha", body="Alpha, edited again.")
    while not any("built content/posts/a.md" in line for line in preview.lines[seen:]):
        assert time.monotonic() < deadline + TIMEOUT, preview.lines
        time.sleep(0.02)
    assert not any("held back" in line for line in preview.lines[seen:]), preview.lines[seen:]


def test_a_saved_body_reloads_its_page_first_and_the_listings_right_after(blog, serve):
    preview = serve()
    post, home = preview.tab("/repo/posts/a/"), preview.tab("/repo/")
    blog.post("a.md", "Alpha", body="Alpha, rewritten.")
    first = post.until(lambda u: u["changed"], "the post's reload")
    assert first["changed"] == ["posts/a/index.html"]  # at once, before anything else
    assert "Alpha, rewritten." in preview.get("/repo/posts/a/").text
    update = home.until(lambda u: "index.html" in (u["changed"] or []), "the home's reload")
    assert "posts/a/index.html" not in update["changed"]  # it was right already
    assert "Alpha, rewritten." in preview.get("/repo/").text
    assert any("content/posts/a.md: its page in" in line for line in preview.lines)

    blog.post("a.md", "Alpha retitled", body="Alpha, rewritten.")  # more than the body
    update = post.until(lambda u: "posts/a/index.html" in (u["changed"] or []), "a reload")
    assert "index.html" in update["changed"]  # both in one full build


def test_saves_of_a_body_in_a_row_each_show_first_and_then_one_full_build(blog, serve,
                                                                         monkeypatch):
    """The full build after a page shown first renders the body again, in a step a save cannot
    stop: a save of a long post (370 KB, 400 formulas) as one types waited for it before its
    page was made, ~0.65 s of CPU beside the page's own ~0.45. It now waits for the saves to
    pause first (here: until the third save says so), each save's page made at once."""
    pauses: list[float] = []

    def pause(page_seconds: float) -> float:
        pauses.append(page_seconds)
        return TIMEOUT if len(pauses) < 3 else 0.0  # (the third page: the writer stopped)

    monkeypatch.setattr(preview_module, "full_build_pause", pause)
    preview = serve()
    site = preview.preview.site
    full_builds: list[object] = []
    build = site.build

    def counted_build(*args, **kwargs):
        full_builds.append(args)
        return build(*args, **kwargs)

    monkeypatch.setattr(site, "build", counted_build)
    tab = preview.tab("/repo/posts/a/")
    for n in (1, 2):
        seen = len(preview.lines)
        blog.post("a.md", "Alpha", body=f"Alpha, save {n}.")
        _said_until(preview, "content/posts/a.md: its page in", seen)
        tab.until(lambda u: "posts/a/index.html" in (u["changed"] or []), f"save {n}'s reload")
        assert f"Alpha, save {n}." in preview.get("/repo/posts/a/").text
        assert full_builds == [], preview.lines  # (it waits for the saves to pause)
    assert "Alpha, save" not in preview.get("/repo/").text  # the listing: not yet
    seen = len(preview.lines)
    blog.post("a.md", "Alpha", body="Alpha, save 3.")
    _said_until(preview, "built content/posts/a.md", seen)
    assert len(pauses) == 3 and len(full_builds) == 1  # one full build for the three saves
    assert "Alpha, save 3." in preview.get("/repo/").text


def full_build_held(preview, monkeypatch) -> threading.Event:
    """The preview's full builds held until the event is set: what the page made first shows
    is looked at before the full build follows."""
    site, may_go = preview.preview.site, threading.Event()
    build = site.build

    def held_build(*args, **kwargs):
        assert may_go.wait(TIMEOUT)
        return build(*args, **kwargs)

    monkeypatch.setattr(site, "build", held_build)
    return may_go


def test_front_matter_broken_as_it_is_typed_is_shown_at_once_and_printed_once(blog, serve,
                                                                               monkeypatch):
    """A post's front matter broken mid-typing was shown only once the full build had failed:
    that build renders the site without the post, 3 s of CPU for 325 posts (0.8 s for an edit
    of a body), before a word of it reached the page. The loader's error is over the page at
    once; the build that follows prints it, once, and the next good save clears it."""
    preview = serve()
    tab = preview.tab("/repo/posts/a/")
    full_build_may_go = full_build_held(preview, monkeypatch)
    post = blog.root / "content/posts/a.md"
    text = post.read_text(encoding="utf-8")
    seen = len(preview.lines)
    post.write_text(text.replace("title: 'Alpha'", "title: 'Alpha'\ntags: [a, b"), encoding="utf-8")
    try:
        update = tab.until(lambda u: u["errors"], "the error over the page")
        (error,) = update["errors"]
        assert error.startswith("content/posts/a.md:") and "front matter" in error, error
        assert "Alpha text." in preview.get("/repo/posts/a/").text  # the last good page
    finally:
        full_build_may_go.set()
    _said_until(preview, "build failed", seen)
    assert preview.lines[seen:].count(error) == 1, preview.lines[seen:]
    post.write_text(text.replace("Alpha text.", "Alpha, fixed."), encoding="utf-8")
    tab.until(lambda u: not u["errors"] and "posts/a/index.html" in (u["changed"] or []),
              "the fixed page")
    assert "Alpha, fixed." in preview.get("/repo/posts/a/").text


def test_a_css_change_changes_only_the_css(blog, serve):
    preview = serve()
    tab = preview.tab("/repo/posts/a/")
    blog.write("static/css/site.css", "body { color: red; }\n")
    update = tab.until(lambda u: u["changed"], "css event")
    assert update["changed"] == ["css/site.css"]  # so tabs swap the sheet instead of reloading
    assert preview.get("/repo/css/site.css").text == "body { color: red; }\n"


def test_a_broken_file_shows_its_errors_then_clears_when_fixed(blog, serve):
    preview = serve()
    tab = preview.tab("/repo/posts/a/")
    good = preview.get("/repo/posts/a/").text
    blog.write("content/posts/a.md", "---\ntitle: Alpha\ntags: [a, b\ndate: 2024-05-01\n---\nx\n")
    update = tab.until(lambda u: u["errors"], "error overlay")
    (error,) = update["errors"]
    assert error.startswith("content/posts/a.md:") and "broken YAML front matter" in error
    assert error in preview.lines  # the terminal says the same
    assert preview.get("/repo/posts/a/").text == good  # the last good page, still served

    blog.post("a.md", "Alpha", body="Fixed now.")
    update = tab.until(lambda u: not u["errors"], "recovery")
    assert "posts/a/index.html" in update["changed"]
    assert "Fixed now." in preview.get("/repo/posts/a/").text


def test_a_page_where_the_last_build_wrote_a_file_is_said_as_build_says_it(blog, serve):
    """A tag named `index.html` wants /tags/index.html/, where the tags index is: `build`
    names both; the preview said "error: /tmp/blogforge-serve-…/tags/index.html: File
    exists", the tags index of the last build standing in the way."""
    preview = serve()
    tab = preview.tab("/repo/posts/a/")
    blog.post("a.md", "Alpha", body="Alpha text.", tags="[index.html]")
    update = tab.until(lambda u: u["errors"], "error overlay")
    assert update["errors"] == [
        "error: the list of tag `index.html` (named in content/posts/a.md) and the generated "
        "terms page both want to be /tags/index.html: rename the tag, category or series "
        "that makes one of them"]
    assert "File exists" not in "\n".join(preview.lines)
    blog.post("a.md", "Alpha", body="Alpha text.", tags="[notes]")
    tab.until(lambda u: not u["errors"], "recovery")
    assert preview.get("/repo/tags/notes/").status == 200
    # a file of the last build where a folder goes now, which this build does not write:
    # removed, and the next build writes the folder
    blog.write("static/shelf", "a file\n")
    tab.until(lambda u: "shelf" in (u["changed"] or []), "the file")
    (blog.root / "static/shelf").unlink()
    blog.write("static/shelf/index.html", "<p>a folder</p>\n")
    tab.until(lambda u: "shelf/index.html" in (u["changed"] or []), "the folder")
    assert preview.get("/repo/shelf/").text.startswith("<p>a folder</p>")


def test_fixing_a_failed_build_does_not_print_every_warning_again(blog, serve):
    """A failed build reads only part of the site: its missing warnings were not fixed."""
    blog.post("b.md", "Beta", date="2024-05-02", body="See ![x](/nothere.png).")
    preview = serve()
    tab = preview.tab("/repo/")
    warning = [line for line in preview.lines if "broken link `/nothere.png`" in line]
    assert len(warning) == 1, preview.lines
    for broken, fixed in [("content/posts/a.md", "---\ntitle: [\n---\n"),
                          ("site.yaml", "title: [\n")]:
        good = (blog.root / broken).read_text(encoding="utf-8")
        blog.write(broken, fixed)
        tab.until(lambda u: u["errors"], f"{broken} broken")
        blog.write(broken, good)
        tab.until(lambda u: not u["errors"], f"{broken} fixed")
    assert preview.lines.count(warning[0]) == 1, preview.lines
    # (a warning that a good build no longer has is said again when it comes back)
    blog.post("b.md", "Beta", date="2024-05-02", body="Nothing wrong.")
    tab.until(lambda u: "posts/b/index.html" in (u["changed"] or []), "b fixed")
    blog.post("b.md", "Beta", date="2024-05-02", body="See ![x](/nothere.png).")
    deadline = time.monotonic() + TIMEOUT
    while preview.lines.count(warning[0]) < 2:
        assert time.monotonic() < deadline, preview.lines
        time.sleep(0.02)


def test_a_template_warning_is_printed_once_while_its_pages_are_kept(blog, serve):
    """A build that kept the posts' pages (an about page added) forgot what their post.html
    said: the preview took the warning for fixed, and printed it again when an edit of a post
    rendered its page."""
    blog.write("templates/post.html", '{% extends "theme/post.html" %}\n'
               '{% block main %}{{ t("no_such_string") }}{{ super() }}{% endblock %}\n')
    preview = serve()
    tab = preview.tab("/repo/")
    warning = [line for line in preview.lines if "string `no_such_string`" in line]
    assert len(warning) == 1, preview.lines
    blog.write("content/about.md", "---\ntitle: About\n---\nHi\n")
    tab.until(lambda u: "about/index.html" in (u["changed"] or []), "about added")
    blog.post("a.md", "Alpha", body="Alpha text, edited.")
    tab.until(lambda u: "posts/a/index.html" in (u["changed"] or []), "a edited")
    blog.write("static/css/site.css", "body { color: navy; }\n")  # (after a's full build)
    tab.until(lambda u: "css/site.css" in (u["changed"] or []), "the stylesheet")
    assert preview.lines.count(warning[0]) == 1, preview.lines


def test_a_generated_page_is_named_by_its_preview_url_not_a_temporary_folder(blog, serve):
    """The link audit names pages no source makes (a template's link, on every page): the
    preview printed them under its temporary output folder. (A menu's link is named at its
    line of site.yaml.)"""
    config = blog.write("site.yaml", f"title: Test blog\nbase_url: {PROJECT}\n"
                        "languages: {zh: {menu: [{name: Gone, url: gone/}]}}\n")
    blog.write("templates/partials/head_extra.html",
               '<link rel="help" href="{{ \'help/\' | url }}">')
    preview = serve()
    said = [line for line in preview.lines if "broken link `/repo/help/`" in line]
    assert said, preview.lines
    assert said[0].startswith(f"{preview.preview.url}"), said
    assert str(preview.preview.options.output) not in " ".join(preview.lines)
    assert any(line.startswith(f"{config}:3: warning: broken link `gone/` of the zh menu")
               for line in preview.lines), preview.lines


def test_a_formula_left_open_while_typing_is_said_once_and_the_page_still_shown(blog, serve):
    preview = serve()
    tab = preview.tab("/repo/posts/a/")
    blog.post("a.md", "Alpha", body="Alpha text.\n\n$$\n\\sum_i x_i\n")  # `$$` still to type
    update = tab.until(lambda u: "posts/a/index.html" in (u["changed"] or []), "reload")
    assert update["errors"] == []  # a warning: the page is shown, as written
    assert "<p>$$\n\\sum_i x_i</p>" in preview.get("/repo/posts/a/").text
    warning = ("content/posts/a.md:7: warning: display formula opened with `$$` is never "
               "closed with `$$`: shown as text")
    deadline = time.monotonic() + TIMEOUT  # (said by the full build that follows the page)
    while warning not in preview.lines:
        assert time.monotonic() < deadline, preview.lines
        time.sleep(0.02)
    assert preview.lines.count(warning) == 1


def _said_until(preview, line: str, start: int = 0) -> list[str]:
    """What the preview printed from its `start`th line up to `line`, once it has."""
    deadline = time.monotonic() + TIMEOUT
    while not any(line in said for said in preview.lines[start:]):
        assert time.monotonic() < deadline, preview.lines[start:]
        time.sleep(0.02)
    printed = preview.lines[start:]
    return printed[:next(n for n, said in enumerate(printed) if line in said)]


def test_what_a_saved_body_says_comes_with_its_page_once(blog, serve, monkeypatch, tmp_path):
    """A post whose body alone changed has its page made at once from the last build's model,
    the full build following: what rendering it said (a formula KaTeX cannot render, an
    unknown code language, a link to no post) was dropped there and said by that build alone,
    a second or more later on a large site, the page showing the broken formula meanwhile."""
    # (its language written: what it reads like is no question for the engine)
    blog.post("a.md", "Alpha", body="Alpha text.", lang="zh")
    preview = serve()
    tab = preview.tab("/repo/posts/a/")
    full_build_may_go = full_build_held(preview, monkeypatch)
    # (no formula for KaTeX, which renders in one thread only, and the harness rebuilds in
    # its own: a subprocess test has KaTeX's messages)
    broken = ("代码：\n\n```nosuchlang\nx = 1\n```\n\n见 [Beta](beta.md) 和 [[Gamma]]。\n\n"
              "$$\nx^2\n")
    seen = len(preview.lines)
    blog.post("a.md", "Alpha", body=broken, lang="zh")
    clean = blog.build(output=tmp_path / "clean")  # what `build` says of it
    warnings = [str(d) for d in clean.diagnostics.warnings]
    assert len(warnings) == 4 and all(w.startswith("content/posts/a.md:") for w in warnings)
    try:
        quick = _said_until(preview, "content/posts/a.md: its page in", seen)
        assert quick == warnings  # said with the page, before the rest is built
        tab.until(lambda u: "posts/a/index.html" in (u["changed"] or []), "the post's page")
    finally:
        full_build_may_go.set()
    _said_until(preview, "built content/posts/a.md", seen)
    assert [preview.lines.count(w) for w in warnings] == [1] * 4  # not again by the full build

    seen = len(preview.lines)  # fixed, they are forgotten: said again when broken again
    blog.post("a.md", "Alpha", body="代码。\n", lang="zh")
    _said_until(preview, "built content/posts/a.md", seen)
    seen = len(preview.lines)
    blog.post("a.md", "Alpha", body=broken, lang="zh")
    assert _said_until(preview, "content/posts/a.md: its page in", seen) == warnings
    _said_until(preview, "built content/posts/a.md", seen)
    assert [preview.lines.count(w) for w in warnings] == [2] * 4


def test_a_template_error_is_shown_and_the_server_stays_up(blog, serve):
    preview = serve()
    tab = preview.tab("/repo/")
    blog.write("templates/partials/footer.html", "<footer>{% if %}</footer>\n")
    update = tab.until(lambda u: u["errors"], "template error")
    assert any("templates/partials/footer.html:1: error: template error" in e
               for e in update["errors"])
    assert preview.get("/repo/").status == 200
    (blog.root / "templates/partials/footer.html").unlink()
    update = tab.until(lambda u: not u["errors"], "recovery")
    assert update["changed"] == []  # back to the theme's footer: the pages were already right


def test_a_deleted_site_yaml_is_an_error_and_keeps_the_last_good_pages(blog, serve):
    """Not a default site at / built in its place: the file is more likely being replaced
    (a git checkout, an editor's save by rename) than meant to be gone."""
    preview = serve()
    tab = preview.tab("/repo/")
    config = blog.root / "site.yaml"
    kept = config.read_text(encoding="utf-8")
    config.unlink()
    update = tab.until(lambda u: u["errors"], "the error")
    assert any(e.startswith("site.yaml: error: ") for e in update["errors"])
    assert any(line.startswith("site.yaml: error: ") for line in preview.lines)
    assert preview.get("/repo/posts/a/").status == 200
    assert preview.get("/").header("Location") == "/repo/"
    config.write_text(kept.replace("Test blog", "Restored blog"), encoding="utf-8")
    tab.until(lambda u: not u["errors"], "recovery")
    assert "Restored blog" in preview.get("/repo/posts/a/").text


def test_content_moved_away_while_previewing_is_said_as_such(blog, serve):
    """`content/` renamed in a file manager (or gone with a checkout) was told to "run
    blogforge in your site's folder or name it with --source": the preview was started in
    the right one, and the advice led nowhere."""
    preview = serve()
    tab = preview.tab("/repo/")
    content = blog.root / "content"
    content.rename(blog.root / "content-old")
    update = tab.until(lambda u: u["errors"], "the error")
    said = ("content: error: the site's content/ folder is gone (deleted or moved away?): "
            "put it back to build again")
    assert update["errors"] == [said] and said in preview.lines
    assert preview.get("/repo/posts/a/").status == 200
    (blog.root / "content-old").rename(content)
    tab.until(lambda u: not u["errors"], "recovery")


def test_a_post_in_a_linked_content_folder_is_named_as_the_site_has_it(site, serve, tmp_path):
    """`content/` a link to a notes folder elsewhere (an Obsidian vault): the preview's lines
    named each saved post by the whole path it leads to, not as `content/posts/a.md`."""
    vault = tmp_path / "vault"
    (vault / "posts").mkdir(parents=True)
    site.write("site.yaml", f"title: Test blog\nbase_url: {PROJECT}\n")
    (site.root / "content").symlink_to(vault, target_is_directory=True)
    site.post("a.md", "Alpha", body="Alpha text.")
    preview = serve()
    site.post("a.md", "Alpha", body="Alpha, rewritten.")
    deadline = time.monotonic() + TIMEOUT
    while not any(" built " in line and "a.md" in line for line in preview.lines):
        assert time.monotonic() < deadline, preview.lines
        time.sleep(0.05)
    said = [line.split(" ", 1)[1] for line in preview.lines if "a.md" in line]
    assert said[0].startswith(("content/posts/a.md: its page in ", "built content/posts/a.md in ")
                              ), preview.lines
    assert said[-1].startswith("built content/posts/a.md in "), preview.lines


def test_a_failing_first_build_still_starts_the_server(site, serve):
    site.write("site.yaml", "title: [broken\nbase_url: /repo/\n")
    site.post("a.md", "Alpha")
    preview = serve()
    page = preview.get("/repo/")
    assert page.status == 404 and "/__blogforge/livereload.js" in page.text
    assert "site.yaml" in page.text  # the errors, even without the script
    tab = preview.tab("/repo/")
    site.write("site.yaml", "title: Fixed\n")
    update = tab.until(lambda u: u["version"] > 0, "first good build")
    assert update["changed"] is None and update["errors"] == []  # the tab reloads
    assert "Fixed" in preview.get("/").text


def test_a_tab_opened_after_a_failed_first_build_shows_the_errors_and_does_not_reload(
        site, serve):
    """Its page (the 404 page carrying the script, or a restart's page of the session before)
    is served before any good build: the stream told it everything had changed, so the tab
    reloaded, was told the same again, and reloaded several times a second, never showing
    the errors. When a good build comes, it reloads."""
    site.write("site.yaml", "title: [broken\nbase_url: /repo/\n")
    site.post("a.md", "Alpha")
    preview = serve()
    tag = re.search(r'data-version="(\d+)" data-instance="(\w+)"', preview.get("/repo/").text)
    assert tag and tag[1] == "0"
    tab = EventStream(preview.port, 0, tag[2])
    greeting = tab.next()
    assert greeting["changed"] == [] and "site.yaml" in " ".join(greeting["errors"])
    site.write("site.yaml", "title: Fixed\n")
    update = tab.until(lambda u: u["version"] > 0, "first good build")
    assert update["changed"] is None and update["errors"] == []


def test_a_first_build_failing_on_a_post_recovers_when_it_is_fixed(blog, serve):
    """The failed first build wrote pages beside their places and removed them; the folders
    it made for them went too, or every later build refused the preview's own folder."""
    blog.write("content/posts/a.md", "---\ntitle: [broken\n---\nx\n")
    preview = serve()
    assert preview.get("/repo/").status == 404
    tab = preview.tab("/repo/")
    blog.post("a.md", "Alpha", body="Fixed now.")
    update = tab.until(lambda u: u["version"] > 0, "first good build")
    assert update["errors"] == []
    assert "Fixed now." in preview.get("/repo/posts/a/").text


def test_a_failed_build_prints_its_error_after_the_warnings(site, serve):
    """Above "build failed", not above a screenful of warnings (one per post without `lang:`
    on a large imported site)."""
    site.write("site.yaml", f"base_url: {PROJECT}\nlanguages:\n  zh: {{}}\n  en: {{}}\n")
    for i in range(5):
        site.write(f"content/posts/p{i}.md",
                   f"---\ntitle: Post {i}\ndate: 2024-01-01\n---\nA note in English.\n")
    site.write("content/posts/p2-bad.md", "---\ntitle: [\n---\n")
    preview = serve()
    said = [line for line in preview.lines if ": warning: " in line or ": error: " in line
            or "build failed" in line]
    assert said[0].startswith("content/posts/p0.md:1: warning: no language given in this post "
                              "and 4 others")
    assert said[1].startswith("content/posts/p2-bad.md:") and ": error: " in said[1]
    # (a first build that failed has no good pages to serve: it said it was serving them)
    assert "build failed with 1 error: no pages to serve yet" in said[2]


def test_a_site_yaml_broken_at_the_start_and_fixed_serves_at_its_base_path(blog, serve):
    """Broken, site.yaml gave no base path (the preview sat at /); once fixed, the preview
    moves to its own, even though the failed build left "everything" to build."""
    good = (blog.root / "site.yaml").read_text(encoding="utf-8")
    blog.write("site.yaml", good + "bad: [\n")
    preview = serve()
    tab = preview.tab("/")
    blog.write("site.yaml", good)
    tab.until(lambda u: u["version"] > 0, "first good build")
    assert "Alpha text." in preview.get("/repo/posts/a/").text
    assert 'href="/repo/' in preview.get("/repo/").text


def test_a_save_during_another_build_of_the_site_waits_for_it(blog, serve):
    """A `blogforge build` run beside the preview holds the site's build lock: the save's
    build waits for it, and is not failed and forgotten."""
    preview = serve()
    tab = preview.tab("/repo/posts/a/")
    lock = BuildLock(blog.root / CACHE_DIR)  # (as the other build holds it)
    try:
        blog.post("a.md", "Alpha", body="Saved while another build ran.")
        time.sleep(1.0)
    finally:
        lock.release()
    update = tab.until(lambda u: u["changed"], "the save's build")
    assert update["errors"] == [] and "posts/a/index.html" in update["changed"]
    assert "Saved while another build ran." in preview.get("/repo/posts/a/").text
    assert not any("another blogforge build" in line for line in preview.lines)


def test_a_deleted_post_is_gone_at_once(blog, serve):
    preview = serve()
    tab = preview.tab("/repo/posts/b/")
    (blog.root / "content/posts/b.md").unlink()
    update = tab.until(lambda u: "posts/b/index.html" in (u["changed"] or []), "deletion")
    assert update["errors"] == []
    assert preview.get("/repo/posts/b/").status == 404
    assert "Beta" not in preview.get("/repo/").text
    # (it said "built content/posts/b.md"; printed after the tabs are told)
    _said_until(preview, " built content/posts/b.md (removed) in ")


def test_a_new_post_and_a_new_static_file_appear(blog, serve):
    preview = serve()
    tab = preview.tab("/repo/")
    blog.post("c.md", "Gamma", date="2024-05-03")
    blog.write("static/img/new.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    seen: set[str] = set()
    tab.until(lambda u: {"posts/c/index.html", "img/new.svg"} <= seen.union(u["changed"]) and
              not seen.update(u["changed"]), "new files")  # in one build or two
    assert "Gamma" in preview.get("/repo/").text
    assert preview.get("/repo/img/new.svg").status == 200


def test_a_theme_string_in_the_sites_i18n_file_reaches_the_pages(blog, serve):
    preview = serve()
    tab = preview.tab("/repo/")
    assert "Keep reading" not in preview.get("/repo/").text
    for lang in ("zh", "en"):  # whichever language the posts are taken to be in
        blog.write(f"i18n/{lang}.yaml", "latest_updates: Keep reading\n")
    update = tab.until(lambda u: u["changed"], "rebuild")
    assert "index.html" in update["changed"]
    assert "Keep reading" in preview.get("/repo/").text


def test_a_site_yaml_change_rebuilds_every_page_and_a_new_base_path_moves_the_preview(blog,
                                                                                      serve):
    preview = serve()
    tab = preview.tab("/repo/posts/a/")
    blog.write("site.yaml", f"title: Renamed blog\nbase_url: {PROJECT}\n")
    update = tab.until(lambda u: u["changed"], "rebuild")
    assert {"index.html", "posts/a/index.html", "posts/b/index.html", "404.html"} <= set(
        update["changed"])
    assert "Renamed blog" in preview.get("/repo/posts/b/").text

    blog.write("site.yaml", "title: Renamed blog\nbase_url: https://someone.github.io/blog/\n")
    update = tab.until(lambda u: u["version"] > 2 or u["changed"] is None, "move")
    assert update["changed"] is None  # every open tab reloads
    assert preview.get("/").header("Location") == "/blog/"
    assert preview.get("/blog/posts/a/").status == 200
    assert preview.get("/repo/posts/a/").status == 404
    assert f"{preview.preview.origin}/blog/" in preview.lines[-2]


def test_a_base_path_moved_and_moved_back_leaves_no_page_of_the_other_configuration(blog,
                                                                                   serve):
    preview = serve()
    tab = preview.tab("/repo/")
    blog.write("site.yaml", "title: Test blog\nbase_url: https://someone.github.io/blog/\n"
                            "paginate: 1\n")
    tab.until(lambda u: u["changed"] is None, "move")
    assert preview.get("/blog/page/2/").status == 200  # (two posts, one a page)
    blog.write("site.yaml", f"title: Test blog\nbase_url: {PROJECT}\n")
    tab.until(lambda u: u["changed"] is None and preview.get("/repo/").status == 200, "back")
    assert preview.get("/repo/page/2/").status == 404
    assert not (preview.output / "page").exists()  # as a clean build has it


def _settle(preview, builds: int) -> None:
    """Give a wrongly split save the time to show up as a second build (short: no event is
    awaited here, only its absence)."""
    deadline = time.monotonic() + 0.6
    while time.monotonic() < deadline and preview.preview.builds == builds:
        time.sleep(0.05)


@pytest.mark.parametrize("editor", ["vim", "jetbrains", "vscode"])
def test_an_editors_save_is_one_rebuild(blog, serve, editor):
    preview = serve()
    tab = preview.tab("/repo/posts/a/")
    before = preview.preview.builds
    post = blog.root / "content/posts/a.md"
    text = post.read_text(encoding="utf-8").replace("Alpha text.", f"Saved by {editor}.")
    if editor == "vim":  # backup by rename, probe file, new file, backup removed
        post.rename(post.with_name("a.md~"))
        (post.parent / "4913").write_text("")
        (post.parent / "4913").unlink()
        post.write_text(text, encoding="utf-8")
        post.with_name("a.md~").unlink()
        post.with_name(".a.md.swp").write_bytes(b"swap")
    elif editor == "jetbrains":  # write aside, move the old one away, move the new one in
        tmp = post.with_name("a.md___jb_tmp___")
        tmp.write_text(text, encoding="utf-8")
        post.rename(post.with_name("a.md___jb_old___"))
        tmp.rename(post)
        post.with_name("a.md___jb_old___").unlink()
    else:  # VS Code: truncate and write in place
        with open(post, "w", encoding="utf-8") as file:
            file.write(text[:10])
            file.flush()
            file.write(text[10:])
    update = tab.until(lambda u: u["changed"], "reload event")
    assert "posts/a/index.html" in update["changed"]
    assert f"Saved by {editor}." in preview.get("/repo/posts/a/").text
    _settle(preview, before + 1)
    assert preview.preview.builds == before + 1


def test_a_hidden_file_in_static_is_published_as_the_build_publishes_it(blog, serve):
    """`build` publishes `static/.htaccess` and `static/.well-known/…`: the preview must see
    them come and change, and still ignore an editor's swap file there."""
    preview = serve()
    tab = preview.tab("/repo/")
    blog.write("static/.htaccess", "ErrorDocument 404 /repo/404.html\n")
    tab.until(lambda u: ".htaccess" in (u["changed"] or []), ".htaccess published")
    assert preview.get("/repo/.htaccess").text == "ErrorDocument 404 /repo/404.html\n"
    blog.write("static/.htaccess", "Options -Indexes\n")
    tab.until(lambda u: ".htaccess" in (u["changed"] or []), ".htaccess changed")
    assert preview.get("/repo/.htaccess").text == "Options -Indexes\n"
    before = preview.preview.builds
    blog.write("static/.htaccess.swp", "vim's")
    _settle(preview, before)
    assert preview.preview.builds == before


def test_writes_in_a_hidden_folder_of_content_build_nothing(blog, serve):
    """Obsidian rewrites `.obsidian/workspace.json` all the time: each write was a build
    ("0 files changed") of a folder the build itself skips."""
    preview = serve()
    preview.tab("/repo/")
    before = preview.preview.builds
    workspace = blog.root / "content/posts/.obsidian/workspace.json"
    for n in range(3):
        blog.write("content/posts/.obsidian/workspace.json", f'{{"active": {n}}}\n')
        time.sleep(0.2)
    assert workspace.exists()
    deadline = time.monotonic() + 2.0  # (longer than a batch of saves waits)
    while time.monotonic() < deadline and preview.preview.builds == before:
        time.sleep(0.05)
    assert preview.preview.builds == before


def test_a_post_moved_into_a_folder_made_just_before_is_one_change(blog):
    """`mkdir content/posts/tuning; mv content/posts/a.md content/posts/tuning/`: the new
    folder is not watched yet, so the post is seen as new there, and that it left its old
    place only once the watcher stops waiting for the move's other half: a second build,
    which found nothing to do. The first batch counts the old place gone."""
    root = blog.root.resolve()
    watched = SourceFiles(root)
    (root / "content/posts/tuning").mkdir()
    (root / "content/posts/a.md").rename(root / "content/posts/tuning/a.md")
    assert watched.changed([root / "content/posts/tuning"]) == {
        root / "content/posts/tuning/a.md", root / "content/posts/a.md"}
    assert watched.changed([root / "content/posts/a.md"]) == set()  # (the late half)


@pytest.mark.parametrize("waiting", ["for changes", "for saves to pause"])
def test_ctrl_c_as_the_wait_for_changes_lets_its_lock_go_ends_the_wait_cleanly(monkeypatch,
                                                                               waiting):
    """Between builds the preview waits for changes; a Ctrl+C that came just as the wait let
    go of its lock left the lock half released: a traceback ("cannot release un-acquired
    lock") and exit status 1 instead of "stopped" (seen once in a full run of the suite).
    So does the wait of a full build for a post's saves to pause (`wait_for_more`)."""
    queue = ChangeQueue()
    condition = queue._cond
    let_go = condition._release_save

    def let_go_then_interrupted() -> object:
        saved = let_go()
        os.kill(os.getpid(), signal.SIGINT)  # (its handler runs before this returns)
        return saved

    monkeypatch.setattr(condition, "_release_save", let_go_then_interrupted)
    before = signal.signal(signal.SIGINT, serve_command.stopping_handler(lambda: queue))
    try:
        if waiting == "for changes":
            assert queue.take() is None
        else:
            assert queue.wait_for_more(TIMEOUT) is True  # (no build now: the queue is closed)
    finally:
        signal.signal(signal.SIGINT, before)
    queue.add([Path("a.md")])
    assert queue.take() is None  # (closed: the preview stops)
    # a stop during a build (not waiting) still raises, which stops the build
    with pytest.raises(KeyboardInterrupt):
        serve_command.stopping_handler(lambda: queue)(signal.SIGINT, None)


def test_what_a_checkout_wrote_read_after_git_let_its_lock_go_is_in_its_batch(tmp_path):
    """On a busy machine the watcher's thread reads a checkout's events late: a batch that
    waited more than a second for git's lock was cut the moment the lock went, and the
    events read after it made a second build (three builds for 200 files at load 10)."""
    lock = tmp_path / "index.lock"
    lock.write_text("")
    queue = ChangeQueue(git_lock=lock)
    written = [tmp_path / "a.md", tmp_path / "b.md"]

    def checkout() -> None:
        queue.add(written[:1])
        time.sleep(LONGEST + 0.1)  # (git writes for longer than a batch is otherwise kept)
        lock.unlink()
        time.sleep(0.05)  # (the watcher's thread, behind)
        queue.add(written[1:])

    git = threading.Thread(target=checkout)
    git.start()
    try:
        assert queue.take() == set(written)
    finally:
        git.join()


def test_a_git_checkout_of_200_files_is_one_rebuild(blog, serve):
    git = ["git", "-C", str(blog.root), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    subprocess.run([*git, "checkout", "-qb", "many"], check=True)
    for n in range(200):
        blog.post(f"many/p{n:03}.md", f"Post {n}", date="2024-06-01")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "200 posts"], check=True)
    subprocess.run([*git, "checkout", "-q", "main"], check=True)

    preview = serve()
    tab = preview.tab("/repo/")
    before = preview.preview.builds
    subprocess.run([*git, "checkout", "-q", "many"], check=True)
    update = tab.until(lambda u: u["changed"], "rebuild")
    assert {f"posts/many/p{n:03}/index.html" for n in range(200)} <= set(update["changed"])
    _settle(preview, before + 1)
    assert preview.preview.builds == before + 1


def test_touching_a_file_without_changing_it_reloads_nothing(blog, serve):
    preview = serve()
    tab = preview.tab("/repo/posts/a/")
    post = blog.root / "content/posts/a.md"
    post.write_bytes(post.read_bytes())
    blog.post("b.md", "Beta", date="2024-05-02", body="Beta, edited.")  # a change to wait for
    update = tab.until(lambda u: u["changed"], "rebuild")
    assert "posts/a/index.html" not in update["changed"]


# --- the command ---------------------------------------------------------------------------------

def _serve_process(site_root: Path, tmp_path: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp"), "PYTHONUNBUFFERED": "1"}
    (tmp_path / "tmp").mkdir(exist_ok=True)
    return subprocess.Popen(  # a session of its own, like a terminal's foreground job
        [sys.executable, "-m", "blogforge", "serve", "--source", str(site_root), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        start_new_session=True)


def _emptied(folder: Path) -> list[Path]:
    """What is left in `folder` once the preview's remover (a process of its own, which the
    stopped preview does not wait for) is done: it ends within TIMEOUT, or what is left stays."""
    deadline = time.monotonic() + TIMEOUT
    while (left := sorted(folder.iterdir())) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def _read_until(process: subprocess.Popen, needle: str) -> list[str]:
    lines = []
    hung = threading.Timer(TIMEOUT, process.kill)  # (a hung preview prints nothing more)
    hung.start()
    try:
        while line := process.stdout.readline():
            lines.append(line)
            if needle in line:
                return lines
    finally:
        hung.cancel()
    raise AssertionError(f"never printed {needle!r}: {lines}")


def test_formulas_written_while_the_preview_runs_render_as_in_the_first_build(blog, tmp_path):
    """KaTeX in QuickJS renders only on the stack of the thread that first used it: the
    preview's builds all run in its first build's thread, so a formula typed while it runs
    renders (it failed with "size exceeded", then the preview hung or crashed)."""
    blog.post("a.md", "Alpha", body="First $x^2$.")
    process = _serve_process(blog.root, tmp_path, "--port", "0")
    try:
        url = re.search(r"preview at (\S+)", _read_until(process, "preview at")[-1])[1]
        _read_until(process, " built ")
        # the address again below the first build's lines (a long site's warnings hid it)
        assert _read_until(process, "serving ")[-1].strip() == f"serving {url}"
        body = "First $x^2$."
        for formula in ("E=mc^2", r"a^2+b^2=c^2", r"\alpha"):
            body += f"\n\nThen ${formula}$."
            blog.post("a.md", "Alpha", body=body)
            _read_until(process, "built content/posts/a.md")
            with urlopen(url + "posts/a/", timeout=TIMEOUT) as response:
                page = response.read().decode("utf-8")
            assert "math-error" not in page
            assert page.count('class="katex"') == body.count("$") // 2
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=TIMEOUT)
    finally:
        process.kill()
    assert "Traceback" not in err + out and "KaTeX" not in err + out


def test_a_formula_katex_cannot_render_is_said_with_its_page_once(blog, tmp_path):
    """A formula saved broken is said with the post's page, made at once, and not again by the
    full build after it. (A process of its own: KaTeX renders in its first build's thread.)"""
    process = _serve_process(blog.root, tmp_path, "--port", "0", "--no-cache")
    try:
        _read_until(process, "serving ")
        blog.post("a.md", "Alpha", body="Alpha $\\frac{1}{$ text.")
        said = [line.rstrip("\n") for line in _read_until(process, "a.md: its page in")]
        (katex,) = [line for line in said if ": warning: KaTeX: " in line]
        assert katex.startswith("content/posts/a.md:5: ") and "\\frac{1}{" in katex, said
        after = _read_until(process, "built content/posts/a.md")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=TIMEOUT)
    finally:
        process.kill()
    assert katex + "\n" not in after, after  # (not again by the full build)
    assert "Traceback" not in out + err


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_ctrl_c_and_sigterm_stop_cleanly_and_remove_the_preview(blog, tmp_path, signum):
    """And SIGHUP: the terminal closed. It left the preview's whole copy of the site behind.
    (With --no-cache, a temporary folder: else its folder in the cache is kept, below.)"""
    process = _serve_process(blog.root, tmp_path, "--port", "0", "--no-cache")
    try:
        _read_until(process, " built ")
        assert any((tmp_path / "tmp").iterdir())  # the preview's folder, while it runs
        process.send_signal(signum)
        out, err = process.communicate(timeout=TIMEOUT)
    finally:
        process.kill()
    assert process.returncode == 0, out + err
    assert "Traceback" not in err and "Traceback" not in out
    assert "stopped" in out
    assert not list((tmp_path / "tmp").glob("blogforge-serve-*"))  # gone at once from its place
    assert _emptied(tmp_path / "tmp") == []  # and its files soon after
    assert not (blog.root / "public").exists()


# A preview whose Ctrl+C (or other signal) comes in the wait of `Thread.start()` for a thread
# of its own: the first started from the main thread whose name holds argv[3], while
# `Preview.start` runs ("start") or a later build ("build"). The new thread tells it has run
# only once the signal is sent, so the start does wait (on a loaded machine the thread could
# run first, and its start not wait at all).
SIGNALLED_AS_A_THREAD_STARTS = """
import os, signal, sys, threading
from blogforge.cli import main
from blogforge.livereload.preview import Preview

site, phase, name, signum = sys.argv[1], sys.argv[2], sys.argv[3], getattr(signal, sys.argv[4])
now = {"phase": None, "armed": True}
start_thread = threading.Thread.start

def start_signalled(thread):
    if (now["armed"] and now["phase"] == phase and name in thread.name
            and threading.current_thread() is threading.main_thread()):
        now["armed"] = False
        started, gate = thread._started, threading.Lock()
        gate.acquire()
        let_go, set_started = started._cond._release_save, started.set

        def let_go_then_signalled():
            saved = let_go()
            try:
                print("signalled", file=sys.stderr, flush=True)
                os.kill(os.getpid(), signum)  # (its handler runs before this returns)
            finally:
                gate.release()
            return saved

        def set_once_signalled():
            with gate:
                set_started()

        started._cond._release_save, started.set = let_go_then_signalled, set_once_signalled
    start_thread(thread)

def during(phase, method):
    def called(*args, **kwargs):
        now["phase"] = phase
        try:
            return method(*args, **kwargs)
        finally:
            now["phase"] = None
    return called

threading.Thread.start = start_signalled
Preview.start = during("start", Preview.start)
Preview.rebuild_until_stopped = during("build", Preview.rebuild_until_stopped)
sys.exit(main(["serve", "--source", site, *sys.argv[5:]]))
"""


@pytest.mark.parametrize(("phase", "thread", "signum"), [
    ("start", "", signal.SIGINT),  # the watcher's first
    ("start", "blogforge-server", signal.SIGTERM),
    ("build", "", signal.SIGHUP),  # a watch of a bibliography's folder a build read
])
def test_a_stop_as_one_of_its_threads_starts_stops_the_preview_as_any_other(
        blog, tmp_path, phase, thread, signum):
    """A Ctrl+C (SIGTERM, SIGHUP) coming as `serve` started its threads ended with
    "RuntimeError: release unlocked lock", a traceback and exit status 1 where at any other
    moment it says "stopped" (seen under load as the preview began to serve): the signal's
    KeyboardInterrupt came inside `Thread.start()`'s wait, as its condition had let go of its
    lock. A build that started a watch had the same."""
    bibliography = "zotero/My Library.bib"
    blog.write(bibliography, "@article{ho2020,\n  author = {Ho, Jonathan},\n"
               "  title = {Denoising Diffusion},\n  year = {2020}\n}\n")
    blog.post("c.md", "Gamma", date="2024-05-03", body="DDPM [@ho2020].\n")
    port = _free_port()
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    process = subprocess.Popen(
        [sys.executable, "-c", SIGNALLED_AS_A_THREAD_STARTS, str(blog.root), phase, thread,
         signum.name, "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        start_new_session=True)
    try:
        if phase == "build":
            _read_until(process, "serving ")
            blog.write("site.yaml", f"title: Test blog\nbase_url: {PROJECT}\n"
                       f"bibliography: {bibliography}\n")
        out, err = process.communicate(timeout=TIMEOUT)
    finally:
        process.kill()
    assert err == "signalled\n"  # (in the wait, and no traceback)
    assert process.returncode == 0 and out.splitlines()[-1] == "stopped", out
    with socket.socket() as probe:  # (its port is free: a new preview can listen there)
        probe.bind(("127.0.0.1", port))
        probe.listen()
    address = f"http://127.0.0.1:{port}/repo/"
    (folder,) = _kept_folders(blog.root)  # its pages kept, as at any stop, and let go of
    assert _files_of(folder) == _clean_preview(blog.root, address, tmp_path / "clean")
    again = kept_folder(blog.root, address, False, False, False)
    assert isinstance(again, KeptFolder) and again.site == folder
    again.release()


def test_a_preview_stopped_before_its_server_thread_runs_stops(blog, tmp_path, monkeypatch):
    """A stop coming right after the server's thread started (a Ctrl+C held while it started
    is let through then) found the thread alive and waited for it to stop serving, while the
    thread, seeing the stop, never began: the preview hung, a second Ctrl+C ignored."""
    stopping, run = threading.Event(), threading.Thread.run

    def run_once_stopping(thread):  # (the server's thread is slow to get going)
        if thread.name == "blogforge-server":
            assert stopping.wait(TIMEOUT)
        run(thread)

    monkeypatch.setattr(threading.Thread, "run", run_once_stopping)
    preview = start_preview(blog.root, tmp_path / "preview", watch=False).preview
    monkeypatch.setattr(preview.state, "stop", lambda: (PreviewState.stop(preview.state),
                                                        stopping.set()))
    stopper = threading.Thread(target=preview.stop, daemon=True)
    stopper.start()
    stopper.join(TIMEOUT)
    assert not stopper.is_alive()  # (stopped, its server closed)
    assert preview.server.socket.fileno() == -1


def test_a_preview_left_half_removed_is_swept_by_the_next_one_and_nothing_else(blog, tmp_path):
    """A preview's folder is renamed away on stop and removed by a process of its own, so
    Ctrl+C returns at once; a removal cut short (a shutdown) leaves a marked trash folder that
    the next preview removes. Nothing else in the temporary folder is touched: another
    preview still running, a folder merely named like trash, anyone's other files."""
    tmp = tmp_path / "tmp"
    leftover = tmp / "blogforge-trash-abc123"
    (leftover / "site/posts/a").mkdir(parents=True)
    (leftover / "site/posts/a/index.html").write_text("old page")
    (leftover / MARKER).write_text("")
    unmarked = tmp / "blogforge-trash-notours"
    (unmarked / "site").mkdir(parents=True)
    running = tmp / "blogforge-serve-running"
    (running / "site").mkdir(parents=True)
    (running / MARKER).write_text("")  # (by a version that named no process: kept)
    alive = tmp / "blogforge-serve-alive"
    (alive / "site").mkdir(parents=True)
    make_marked(alive)  # (this process's: running)
    ended = subprocess.Popen([sys.executable, "-c", ""])
    ended.wait()
    orphan = tmp / "blogforge-serve-orphan"  # its terminal was closed, or it was killed
    (orphan / "site/posts/a").mkdir(parents=True)
    (orphan / "site/posts/a/index.html").write_text("old page")
    (orphan / MARKER).write_text(f"a preview folder\npid {ended.pid}\n")
    unmarked_orphan = tmp / "blogforge-serve-notours"
    (unmarked_orphan / "site").mkdir(parents=True)
    (tmp / "notes.txt").write_text("mine")
    process = _serve_process(blog.root, tmp_path, "--port", "0", "--no-watch")
    try:
        _read_until(process, " built ")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=TIMEOUT)
    finally:
        process.kill()
    assert process.returncode == 0 and "Traceback" not in out + err
    kept = [running, alive, unmarked, unmarked_orphan, tmp / "notes.txt"]
    assert _emptied_but(tmp, kept), sorted(tmp.iterdir())
    assert all((folder / "site").is_dir() for folder in kept[:-1])
    assert (tmp / "notes.txt").read_text() == "mine"


def _emptied_but(folder: Path, kept: list[Path]) -> bool:
    """Whether `folder` comes to hold exactly `kept` (the removers are processes of their own)."""
    deadline = time.monotonic() + TIMEOUT
    while sorted(folder.iterdir()) != sorted(kept) and time.monotonic() < deadline:
        time.sleep(0.05)
    return sorted(folder.iterdir()) == sorted(kept)


def test_ctrl_c_during_a_first_build_in_worker_processes_stops_cleanly(blog, tmp_path):
    for n in range(40):  # enough posts for the engine to render them in worker processes
        blog.post(f"many/p{n}.md", f"Post {n}", body="$$x^2$$\n\n```python\nx = 1\n```\n")
    process = _serve_process(blog.root, tmp_path, "--port", "0", "--no-cache")
    try:
        _read_until(process, "preview at")
        time.sleep(0.3)  # into the build (or past it on a fast machine: both must stop cleanly)
        os.killpg(process.pid, signal.SIGINT)  # as a terminal does: workers get it too
        out, err = process.communicate(timeout=TIMEOUT)
    finally:
        process.kill()
    assert process.returncode == 0
    assert "Traceback" not in err + out
    assert _emptied(tmp_path / "tmp") == []


# Ctrl+C sent at a moment of the first build where Python code not the build's runs: a hook of
# the fork of the build's first process (as logging's runs there: see forks.fork), or the
# `exec` of a string while the renderer is imported (as a dataclass's methods are made).
CTRL_C_WHERE = """
import importlib.util, os, signal, sys
from blogforge.cli import main

def ctrl_c():
    os.kill(os.getpid(), signal.SIGINT)

if sys.argv[2] == "fork":
    sent = []
    os.register_at_fork(before=lambda: sent or sent.append(ctrl_c()))
else:
    class CtrlCInImport:
        def find_spec(self, name, path, target=None):
            if name != "blogforge.site":
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(name)
            load = spec.loader.exec_module
            def exec_module(module):
                exec("ctrl_c()")
                load(module)
            spec.loader.exec_module = exec_module
            return spec
    sys.meta_path.insert(0, CtrlCInImport())
main(["serve", "--source", sys.argv[1], "--port", "0", "--no-watch", "--no-cache"])
"""


@pytest.mark.parametrize("where", ["fork", "import"])
def test_ctrl_c_where_the_first_build_forks_or_imports_the_renderer_stops_it(blog, tmp_path,
                                                                            where):
    for n in range(40):  # (the posts rendered in worker processes)
        blog.post(f"many/p{n}.md", f"Post {n}", body="$$x^2$$\n\n```python\nx = 1\n```\n")
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    try:
        done = subprocess.run([sys.executable, "-c", CTRL_C_WHERE, str(blog.root), where],
                              capture_output=True, text=True, env=env, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:  # (the Ctrl+C lost: the preview went on serving)
        pytest.fail("the preview did not stop")
    # (ended by SIGINT, returncode -2: CPython took the interrupted `exec` for a Ctrl+C that
    # nobody caught)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "stopped" in done.stdout and " built " not in done.stdout  # (it stopped the build)
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


@pytest.mark.parametrize(("args", "said"), [
    (["--port", "99999"], "99999 is not a port number (0-65535)"),
    (["--source", "no-such-site"], "no-such-site is not a folder"),
    (["--base-url", "example.github.io/repo/"], "should be a full URL"),
])
def test_what_build_would_refuse_is_refused_before_serving(blog, tmp_path, args, said):
    process = _serve_process(blog.root, tmp_path, "--port", "0", *args)
    out, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode != 0 and said in out + err
    assert "Traceback" not in out + err and "preview at" not in out


# the preview stopped as its first build's pool starts (conftest.END_WORKERS_AS_THEY_START)
ENDS_WORKERS_AT_ONCE = END_WORKERS_AS_THEY_START + """
from blogforge.cli import main
from blogforge.livereload.preview import Preview

def first_build_ending_its_workers(preview):
    end_workers_as_they_start()
    raise KeyboardInterrupt

Preview.build_first = first_build_ending_its_workers
main(["serve", "--source", sys.argv[1], "--port", "0", "--no-watch"])
"""


def test_the_first_builds_workers_told_to_end_as_they_start_end(blog, tmp_path):
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", ENDS_WORKERS_AT_ONCE, str(blog.root)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.stderr.split() == ["ended"] * 5, done.stderr
    assert "stopped" in done.stdout
    others = [path for path in tmp_path.iterdir() if not path.name.startswith("blogforge-")]
    assert _emptied_but(tmp_path, others)  # (its remover is done: no process left behind)


# --- the preview's folder, kept in the build cache -----------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _session(site_root: Path, tmp_path: Path, *args: str, until: str = "serving ",
             stop: bool = True) -> tuple[subprocess.Popen, list[str]]:
    """A `serve` process run until it prints `until` (then stopped with Ctrl+C, unless not
    `stop`): the process and what it printed."""
    process = _serve_process(site_root, tmp_path, *args)
    try:
        lines = _read_until(process, until)
        if stop:
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=TIMEOUT)
            lines += out.splitlines(keepends=True)
            assert process.returncode == 0 and "Traceback" not in out + err, out + err
    except BaseException:
        process.kill()
        raise
    return process, lines


def _kept_folders(site_root: Path) -> list[Path]:
    return sorted((site_root / CACHE_DIR / "preview").glob("*/site"))


def _files_of(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _clean_preview(source: Path, base_url: str, output: Path) -> dict[str, bytes]:
    """The files a preview at `base_url` makes from nothing: a fresh folder, no cache."""
    result = BuildSite(BuildOptions(source, output, base_url=base_url, use_cache=False,
                                    in_place=True, versioned_assets=False)).build()
    assert result.written, [str(d) for d in result.diagnostics.errors]
    return _files_of(output)


def test_a_restarted_preview_renders_only_what_changed_and_serves_a_clean_builds_files(
        blog, tmp_path):
    """Each start rendered every page again, into a new temporary folder (some 8 s at 1,000
    posts against a quarter of a second for a build that finds nothing changed): the folder
    is kept in the build cache, and a restart finds its pages current."""
    port = str(_free_port())
    _, first = _session(blog.root, tmp_path, "--port", port, "--no-watch")
    made = re.search(r"built .*: ([\d,]+) files changed", "".join(first))
    assert made and int(made[1]) > 10
    assert "".join(first).rstrip().endswith("stopped")  # (its files are kept: not "removed")
    (folder,) = _kept_folders(blog.root)
    assert not (blog.root / "public").exists() and not any((tmp_path / "tmp").iterdir())
    _, again = _session(blog.root, tmp_path, "--port", port, "--no-watch")
    assert ": 0 files changed" in "".join(again)
    blog.post("b.md", "Beta", date="2024-05-02", body="Beta, edited while it was stopped.")
    process, edited = _session(blog.root, tmp_path, "--port", port, "--no-watch", stop=False)
    try:
        assert ": 0 files changed" not in "".join(edited)
        url = f"http://127.0.0.1:{port}/repo/posts/b/"
        with urlopen(url, timeout=TIMEOUT) as response:
            page = response.read()
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=TIMEOUT)
    finally:
        process.kill()
    assert b"Beta, edited while it was stopped." in page
    assert _kept_folders(blog.root) == [folder]
    clean = _clean_preview(blog.root, f"http://127.0.0.1:{port}/repo/", tmp_path / "clean")
    assert _files_of(folder) == clean
    assert re.sub(rb'<script src="/__blogforge/livereload.js"[^>]*></script>', b"", page) \
        == clean["posts/b/index.html"]


def test_what_a_killed_preview_left_in_its_folder_is_not_served_by_the_next(blog, tmp_path):
    """A preview killed in a build leaves new files beside their place, files renamed in
    before its record was saved, pages half replaced: the next start serves none of it."""
    port = str(_free_port())
    _session(blog.root, tmp_path, "--port", port, "--no-watch")
    (folder,) = _kept_folders(blog.root)
    (folder / "posts/a/.index.html.blogforge-new").write_text("half a page")
    (folder / "posts/gone").mkdir()
    (folder / "posts/gone/index.html").write_text("a page of a build never recorded")
    (folder / "posts/b/index.html").write_text("replaced by a build never recorded")
    _session(blog.root, tmp_path, "--port", port, "--no-watch")
    assert _files_of(folder) == _clean_preview(blog.root, f"http://127.0.0.1:{port}/repo/",
                                               tmp_path / "clean")


def test_a_restart_whose_first_build_fails_says_it_serves_the_last_sessions_pages(
        blog, tmp_path):
    """The folder kept in the cache holds the last session's pages, which a restart whose
    first build fails serves (the errors over them): it said there were none to serve."""
    port = str(_free_port())
    _session(blog.root, tmp_path, "--port", port, "--no-watch")
    blog.write("content/posts/a.md", "---\ntitle: [broken\n---\nx\n")
    process, lines = _session(blog.root, tmp_path, "--port", port, "--no-watch", stop=False)
    try:
        with urlopen(f"http://127.0.0.1:{port}/repo/posts/b/", timeout=TIMEOUT) as response:
            assert b"Beta text." in response.read()
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=TIMEOUT)
    finally:
        process.kill()
    (failed,) = [line for line in lines if "build failed" in line]
    assert "build failed with 1 error: serving the pages of the last session, the errors " \
        "shown over them" in failed


def test_a_preview_killed_in_its_first_build_does_not_stop_the_next(blog, tmp_path):
    """Killed before its first build was done, a preview left files in a folder not yet
    marked as a build's output, which the next one's build took for someone else's."""
    port = _free_port()
    address = f"http://127.0.0.1:{port}/repo/"
    found = kept_folder(blog.root, address, False, False, False)
    assert isinstance(found, KeptFolder)
    found.release()
    (found.site / "posts/a").mkdir(parents=True)
    (found.site / "posts/a/index.html").write_text("renamed in before the build was killed")
    _, lines = _session(blog.root, tmp_path, "--port", str(port), "--no-watch")
    assert not [line for line in lines if "error" in line], lines
    assert _files_of(found.site) == _clean_preview(blog.root, address, tmp_path / "clean")


def test_the_build_cache_deleted_while_the_preview_runs_is_built_again_when_asked_for(
        blog, tmp_path):
    """`rm -rf .blogforge-cache` beside a running preview (the cache is safe to delete):
    the next page asked for has it built again (its tabs reload), as does the next save;
    each time as a clean build makes it."""
    port = str(_free_port())
    process, _ = _session(blog.root, tmp_path, "--port", port, stop=False)
    try:
        (folder,) = _kept_folders(blog.root)
        shutil.rmtree(blog.root / CACHE_DIR)
        deadline = time.monotonic() + TIMEOUT
        while True:  # (the page that finds it gone waits half a second at most: then 404)
            with contextlib.suppress(HTTPError):
                with urlopen(f"http://127.0.0.1:{port}/repo/posts/b/", timeout=TIMEOUT) as got:
                    assert b"Beta text." in got.read()
                break
            assert time.monotonic() < deadline, "the preview was not built again"
            time.sleep(0.1)
        assert re.search(r" built \d+ pages \(2 posts\) in ", _read_until(process, " built ")[-1])
        blog.post("a.md", "Alpha", body="Alpha, edited.")
        lines = _read_until(process, "built content/posts/a.md")
        with urlopen(f"http://127.0.0.1:{port}/repo/posts/b/", timeout=TIMEOUT) as response:
            assert b"Beta text." in response.read()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=TIMEOUT)
    finally:
        process.kill()
    assert "Traceback" not in "".join(lines) + out + err
    assert _files_of(folder) == _clean_preview(blog.root, f"http://127.0.0.1:{port}/repo/",
                                               tmp_path / "clean")


def test_a_preview_whose_folder_went_with_the_cache_takes_it_again_for_itself(blog, tmp_path):
    """Built again after `rm -rf .blogforge-cache`, the folder had no lock and no marker: a
    second preview of the same address built into it beside the first (and, unmarked, it was
    never deleted with the older ones). The first takes it again; the second is told."""
    address = "http://lan.test:8000/repo/"
    first = str(_free_port())
    process, _ = _session(blog.root, tmp_path, "--port", first, "--base-url", address,
                          stop=False)
    try:
        (folder,) = _kept_folders(blog.root)
        shutil.rmtree(blog.root / CACHE_DIR)
        blog.post("a.md", "Alpha", body="Alpha, edited once the cache was gone.")
        _read_until(process, " built ")
        _, second = _session(blog.root, tmp_path, "--port", str(_free_port()), "--base-url",
                             address)
        assert "another preview of this site at the same address is running" in "".join(second)
        assert (folder.parent / MARKER_OF_KEPT).is_file()  # (so deleted with older ones)
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=TIMEOUT)
    finally:
        process.kill()
    assert _files_of(folder) == _clean_preview(blog.root, address, tmp_path / "clean")


def test_a_preview_whose_folder_another_took_meanwhile_goes_on_in_a_temporary_one(
        blog, tmp_path):
    """The cache deleted, and a second preview of the address started before the first built
    again: the second has the folder, and the first builds elsewhere from then on (said)."""
    address = "http://lan.test:8000/repo/"
    process, _ = _session(blog.root, tmp_path, "--port", str(_free_port()), "--base-url",
                          address, stop=False)
    try:
        shutil.rmtree(blog.root / CACHE_DIR)
        second, _ = _session(blog.root, tmp_path, "--port", str(_free_port()), "--base-url",
                             address, stop=False)
        try:
            (folder,) = _kept_folders(blog.root)
            blog.post("a.md", "Alpha", body="Alpha, edited beside the second.")
            lines = _read_until(process, " built ")
            assert any("the preview is built in a temporary folder from now on" in line
                       for line in lines), lines
            _read_until(second, "built content/posts/a.md")
            second.send_signal(signal.SIGINT)
            second.communicate(timeout=TIMEOUT)
        finally:
            second.kill()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=TIMEOUT)
    finally:
        process.kill()
    assert "Traceback" not in out + err
    assert _files_of(folder) == _clean_preview(blog.root, address, tmp_path / "clean")
    assert _emptied(tmp_path / "tmp") == []  # (its temporary folder too)


def test_two_previews_of_one_site_on_two_ports_each_keep_their_own_folder(blog, tmp_path):
    """Both rebuild on a save, sharing the build cache: each folder ends as a clean build at
    its own address makes it."""
    ports = [str(_free_port()), str(_free_port())]
    running = []
    try:
        for port in ports:
            running.append(_session(blog.root, tmp_path, "--port", port, stop=False)[0])
        blog.post("a.md", "Alpha", body="Alpha, edited beside two previews.")
        for process in running:
            _read_until(process, "built content/posts/a.md")
        for process in running:
            process.send_signal(signal.SIGINT)
            out, err = process.communicate(timeout=TIMEOUT)
            assert process.returncode == 0 and "Traceback" not in out + err
    finally:
        for process in running:
            process.kill()
    folders = _kept_folders(blog.root)
    assert len(folders) == 2
    for port in ports:
        clean = _clean_preview(blog.root, f"http://127.0.0.1:{port}/repo/",
                               tmp_path / f"clean-{port}")
        assert [_files_of(folder) for folder in folders].count(clean) == 1


def test_a_second_preview_at_the_same_address_builds_in_a_temporary_folder(blog, tmp_path):
    """Two previews of one address (one --base-url, two ports) would write one folder: the
    second says so and builds in a folder of its own, removed when it stops."""
    address = "http://box.example:9000/repo/"
    first, _ = _session(blog.root, tmp_path, "--port", "0", "--base-url", address, stop=False)
    try:
        _, second = _session(blog.root, tmp_path, "--port", "0", "--base-url", address,
                             "--no-watch")
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=TIMEOUT)
    finally:
        first.kill()
    said = [line for line in second if line.startswith("note: ")]
    assert said == ["note: another preview of this site at the same address is running: the "
                    "preview is built in a temporary folder, removed when it stops (every page "
                    "is made again at each start)\n"]
    assert second[-1].strip() == "stopped; the preview's files are removed"
    (folder,) = _kept_folders(blog.root)
    assert _files_of(folder) == _clean_preview(blog.root, address, tmp_path / "clean")


def test_a_site_folder_that_cannot_be_written_is_previewed_from_a_temporary_folder(
        blog, tmp_path):
    mode = blog.root.stat().st_mode
    blog.root.chmod(0o555)
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp"), "PYTHONUNBUFFERED": "1"}
    (tmp_path / "tmp").mkdir()
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) runs a command without root's file permissions"
    process = subprocess.Popen(  # (as a writer's own account: root writes anywhere)
        [setpriv, "--bounding-set", "-dac_override,-dac_read_search,-fowner",
         sys.executable, "-m", "blogforge", "serve", "--source", str(blog.root), "--port", "0",
         "--no-watch"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        start_new_session=True)
    try:
        lines = _read_until(process, "serving ")
        url = lines[-1].split()[-1]
        with urlopen(url + "posts/a/", timeout=TIMEOUT) as response:
            assert b"Alpha text." in response.read()
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=TIMEOUT)
    finally:
        process.kill()
        blog.root.chmod(mode)
    said = [line for line in lines if line.startswith("note: ")]
    assert len(said) == 1 and said[0].startswith("note: the build cache cannot be written ("), \
        said
    assert "temporary folder" in said[0] and "Traceback" not in out + err
    assert not (blog.root / CACHE_DIR).exists()
    assert _emptied(tmp_path / "tmp") == []


def test_no_preview_folder_is_made_through_a_link_in_the_cache(blog, tmp_path):
    """A link at `.blogforge-cache/preview` (committed with a site, in a restored CI cache):
    the preview's folder was made, and written, wherever it led."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (blog.root / CACHE_DIR).mkdir()
    (blog.root / CACHE_DIR / "preview").symlink_to(elsewhere)
    _, lines = _session(blog.root, tmp_path, "--port", "0", "--no-watch")
    said = [line for line in lines if line.startswith("note: ")]
    assert len(said) == 1 and "preview is a symbolic link" in said[0], lines
    assert list(elsewhere.iterdir()) == []
    # (and a link where the preview's own folder is, to a site built elsewhere)
    (blog.root / CACHE_DIR / "preview").unlink()
    port = _free_port()
    found = kept_folder(blog.root, f"http://127.0.0.1:{port}/repo/", False, False, False)
    assert isinstance(found, KeptFolder)
    found.release()
    shutil.rmtree(found.site)
    (elsewhere / MARKER_OF_OUTPUTS).write_text("")
    found.site.symlink_to(elsewhere)
    _, lines = _session(blog.root, tmp_path, "--port", str(port), "--no-watch")
    said = [line for line in lines if line.startswith("note: ")]
    assert len(said) == 1 and "site is a symbolic link" in said[0], lines
    assert list(elsewhere.iterdir()) == [elsewhere / MARKER_OF_OUTPUTS]


def test_the_folders_of_the_last_few_addresses_are_kept_and_no_running_ones_removed(
        blog, tmp_path):
    """Each address (a --port 0 preview's, each time another) has a folder, a copy of the
    site: those of the four most recently started are kept, and those of running previews."""
    taken = []
    for port in range(8001, 8007):
        found = kept_folder(blog.root, f"http://127.0.0.1:{port}/repo/", False, False, False)
        assert isinstance(found, KeptFolder), found
        (found.site / "index.html").write_text(str(port))
        taken.append(found)
        os.utime(found.folder / "build.lock", (port, port))  # (started in this order)
        if port != 8002:  # (8002's preview still runs)
            found.release()
    previews = blog.root / CACHE_DIR / "preview"
    stranger = previews / "put-here-by-hand"
    stranger.mkdir()
    os.utime(stranger, (1, 1))
    last = kept_folder(blog.root, "http://127.0.0.1:8007/repo/", False, False, False)
    assert isinstance(last, KeptFolder)
    expected = sorted([last.folder, stranger, taken[1].folder, *(f.folder for f in taken[3:])])
    deadline = time.monotonic() + TIMEOUT  # (removed by a process of their own)
    while sorted(previews.iterdir()) != expected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(previews.iterdir()) == expected
    last.release()
    taken[1].release()


def test_a_busy_port_is_said_clearly(blog, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = _serve_process(blog.root, tmp_path, "--port", str(port))
        out, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use" in out and "--port" in out
    assert "Traceback" not in err


def test_without_a_port_the_next_free_one_is_used_and_said(blog, tmp_path, monkeypatch, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        monkeypatch.setattr(serve_command, "DEFAULT_PORT", port)
        from blogforge.livereload.state import PreviewState

        server = serve_command._listen("127.0.0.1", None, tmp_path / "out", PreviewState())
    try:
        assert server is not None and server.server_address[1] != port
        assert f"port {port} is in use: using port {server.server_address[1]}" in (
            capsys.readouterr().out)
    finally:
        server.server_close()


def test_listening_beyond_this_computer_warns(blog, tmp_path):
    process = _serve_process(blog.root, tmp_path, "--port", "0", "--bind", "0.0.0.0",
                             "--no-watch")
    try:
        lines = [line.rstrip("\n") for line in _read_until(process, " built ")]
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=TIMEOUT)
    finally:
        process.kill()
    (warned,) = [line for line in lines if "warning: listening on 0.0.0.0" in line]
    assert "anyone who can reach this computer can read the preview" in warned
    assert "drafts" not in warned  # (not asked for: they are not served)
    # the address a phone beside the computer types (127.0.0.1 would be the phone's own)
    expected = [f"  on your network: http://{address}:" for address in
                serve_command._network_addresses(False)]
    said = [line for line in lines if "on your network" in line]
    assert [line.rsplit(":", 1)[0] + ":" for line in said] == expected, said
    assert all(line.endswith("/repo/") for line in said), said


def test_on_every_address_absolute_urls_name_the_first_network_address(blog, tmp_path):
    """With --bind 0.0.0.0, a phone follows canonical, hreflang and feed links to the computer
    (127.0.0.1 would be the phone's own); the computer reaches that address too. (A computer
    on no network has only its own address to name.)"""
    addresses = serve_command._network_addresses(False)
    process = _serve_process(blog.root, tmp_path, "--port", "0", "--bind", "0.0.0.0",
                             "--no-watch")
    try:
        url = re.search(r"preview at (\S+)", _read_until(process, "preview at")[-1])[1]
        _read_until(process, " built ")
        with urlopen(url + "posts/a/", timeout=TIMEOUT) as response:
            page = response.read().decode("utf-8")
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=TIMEOUT)
    finally:
        process.kill()
    port = url.split(":")[2].split("/")[0]
    assert url.startswith("http://127.0.0.1:")  # (this computer's browser opens that)
    wanted = f"http://{addresses[0]}:{port}/repo/" if addresses else url
    assert f'<link rel="canonical" href="{wanted}posts/a/">' in page
    assert addresses == [] or "127.0.0.1" not in page


def test_the_network_addresses_are_none_of_this_computers_own(monkeypatch):
    """What `--bind 0.0.0.0` prints for a phone: the route's address and the name's, never a
    loopback or link-local one, each once."""
    import socket

    monkeypatch.setattr(socket, "gethostname", lambda: "laptop")
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [
        (socket.AF_INET, 1, 6, "", ("127.0.1.1", 0)), (socket.AF_INET, 1, 6, "", ("10.0.0.7", 0)),
        (socket.AF_INET6, 1, 6, "", ("fe80::1", 0, 0, 2)),
        (socket.AF_INET6, 1, 6, "", ("fd00::7", 0, 0, 0))])
    addresses = serve_command._network_addresses(True)
    assert "10.0.0.7" in addresses and "[fd00::7]" in addresses
    assert not any(a.startswith(("127.", "[fe80")) for a in addresses)
    assert len(addresses) == len(set(addresses))


def test_out_of_file_descriptors_the_server_waits_instead_of_spinning(tmp_path):
    """300 idle connections under macOS's limit of 256 descriptors: accept() failed, the
    listening socket stayed ready, and socketserver asked again at once, burning a core (3.9 s
    of CPU in 10 s) while answering no one."""
    (tmp_path / "index.html").write_text("<p>hi</p>\n", encoding="utf-8")
    script = (
        "import resource, sys, threading\n"
        "from pathlib import Path\n"
        "from blogforge.livereload.server import PreviewServer\n"
        "from blogforge.livereload.state import PreviewState\n"
        "resource.setrlimit(resource.RLIMIT_NOFILE, (48, 48))\n"
        "server = PreviewServer(('127.0.0.1', 0), Path(sys.argv[1]), PreviewState())\n"
        "print(server.server_address[1], flush=True)\n"
        "server.serve_forever()\n")
    process = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)],
                               stdout=subprocess.PIPE, text=True)
    try:
        port = int(process.stdout.readline())
        idle = []
        for _ in range(80):  # (more than the descriptors left: the rest wait in the backlog)
            idle.append(socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT))
        time.sleep(0.3)

        def cpu() -> float:
            fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

        before = cpu()
        time.sleep(2)
        assert cpu() - before < 0.5, "the server spun while out of descriptors"
        for sock in idle:
            sock.close()
        with urlopen(f"http://127.0.0.1:{port}/index.html", timeout=TIMEOUT) as answer:
            assert answer.status == 200  # (and serves again once they are closed)
    finally:
        process.kill()
        process.wait()


def test_idle_connections_beyond_the_cap_make_room_for_a_real_request(tmp_path):
    """80 connections that say nothing, under macOS's kind of descriptor limit: every
    descriptor was taken and the preview answered no one until they timed out (a phone on the
    LAN with `--bind 0.0.0.0` could keep it so). Over the cap, the idlest one is closed."""
    (tmp_path / "index.html").write_text("<p>hi</p>\n", encoding="utf-8")
    script = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from blogforge.livereload.server import PreviewHandler, PreviewServer\n"
        "from blogforge.livereload.state import PreviewState\n"
        "resource.setrlimit(resource.RLIMIT_NOFILE, (48, 48))\n"
        "PreviewHandler.head_time = PreviewHandler.timeout = 600  # (no deadline rescues it)\n"
        "server = PreviewServer(('127.0.0.1', 0), Path(sys.argv[1]), PreviewState())\n"
        "print(server.server_address[1], flush=True)\n"
        "server.serve_forever()\n")
    process = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)],
                               stdout=subprocess.PIPE, text=True)
    idle = []
    try:
        port = int(process.stdout.readline())
        for _ in range(80):
            idle.append(socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT))
        with urlopen(f"http://127.0.0.1:{port}/index.html", timeout=TIMEOUT) as answer:
            assert answer.status == 200
            assert answer.read().startswith(b"<p>hi</p>\n")
    finally:
        for sock in idle:
            sock.close()
        process.kill()
        process.wait()


@contextlib.contextmanager
def _serving_two_connections(folder: Path) -> Iterator[int]:
    """A preview server of `folder` in this process that keeps two connections open at most;
    yields its port."""
    server = PreviewServer(("127.0.0.1", 0), folder, PreviewState())
    server.max_connections = 2
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def test_a_connection_whose_thread_has_not_started_is_idle_not_busy(tmp_path, monkeypatch):
    """On a busy machine the server took the next connection before the threads of those it
    had just taken began to wait for a request: idle ones counted as busy, and a real request
    over the cap was told 503 (the test above, at a load of 5 on 2 cores: 7 runs in 10). A
    connection waits for its request from the moment it is taken. Here the connections'
    threads are held until the server has taken the real request's."""
    (tmp_path / "index.html").write_text("<p>hi</p>\n", encoding="utf-8")
    taken = threading.Event()
    setup = PreviewHandler.setup

    def set_up_late(handler: PreviewHandler) -> None:  # (a thread not scheduled yet)
        taken.wait(TIMEOUT)
        setup(handler)

    monkeypatch.setattr(PreviewHandler, "setup", set_up_late)
    idle = []
    with _serving_two_connections(tmp_path) as port:
        try:
            for _ in range(2):
                idle.append(socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT))
            with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as real:
                real.sendall(b"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             b"Connection: close\r\n\r\n")
                # taken: the idlest closed to make room for it, or it was refused
                assert select.select([idle[0], real], [], [], TIMEOUT)[0]
                taken.set()
                answer = b""
                while chunk := real.recv(65536):
                    answer += chunk
            [(status, _, body)] = _responses(answer)
            assert status == b"HTTP/1.1 200 OK" and body.startswith(b"<p>hi</p>\n")
            assert idle[0].recv(1) == b""  # (the one that waited longest)
        finally:
            taken.set()
            for sock in idle:
                sock.close()


def test_a_connection_over_the_cap_is_told_the_preview_is_busy(tmp_path):
    """Over the cap, with every open connection busy (tabs' event streams), a new one was
    closed without a word: the browser said "connection reset". It gets a 503 that says why,
    with Retry-After."""
    (tmp_path / "index.html").write_text("<p>hi</p>\n", encoding="utf-8")
    streams = []
    with _serving_two_connections(tmp_path) as port:
        try:
            for _ in range(2):  # (busy: answering, not waiting for a request)
                streams.append(socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT))
                streams[-1].sendall(b"GET /__blogforge/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                assert streams[-1].recv(65536).startswith(b"HTTP/1.1 200")
            with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as late:
                late.sendall(b"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                answer = b""
                while chunk := late.recv(65536):
                    answer += chunk
            [(status, headers, body)] = _responses(answer)
            assert status == b"HTTP/1.1 503 Service Unavailable"
            assert headers["retry-after"] == "5" and headers["connection"] == "close"
            assert body == b"the preview has 2 connections open, as many as it keeps: close some " \
                           b"tabs or try again in a moment\n"
        finally:
            for sock in streams:
                sock.close()


def test_a_seventh_tab_of_the_preview_shown_loads_and_every_tab_reloads(blog, serve, browser):
    """Chromium opens six connections per host, and each shown tab's event stream held one:
    a seventh tab shown (windows side by side; a headless test's tabs) never loaded, and with
    five shown a page's pictures came one at a time. One tab holds the stream and tells the
    others of each build; when it closes, another takes it."""
    preview = serve()
    context = browser.new_context()

    def shows(tab, words: str) -> bool:  # (reloaded: the mark set before is gone)
        with contextlib.suppress(Exception):  # (asked while it reloads)
            return tab.evaluate(f"!window.marked && document.body.innerText.includes({words!r})")
        return False

    def all_reloaded(tabs, words: str) -> None:
        for tab in tabs:
            tab.evaluate("window.marked = true")
        blog.post("a.md", "Alpha", body=words)
        deadline = time.monotonic() + TIMEOUT
        while not all(shows(tab, words) for tab in tabs):
            assert time.monotonic() < deadline, [shows(tab, words) for tab in tabs]
            time.sleep(0.2)

    try:
        tabs = []
        for _ in range(7):
            tabs.append(context.new_page())
            tabs[-1].goto(f"http://127.0.0.1:{preview.port}/repo/posts/a/", timeout=15_000)
        all_reloaded(tabs, "Alpha rewritten.")
        tabs.pop(0).close()  # (the tab that held the stream)
        all_reloaded(tabs, "Alpha again.")
    finally:
        context.close()


@pytest.mark.parametrize("where", ["refs.bib", "zotero/My Library.bib"])
def test_an_edit_of_a_bibliography_outside_content_is_previewed(blog, serve, where):
    """helper-144: Zotero's auto-export rewrote the site's `refs.bib` (named in site.yaml),
    and the preview showed the old entry until another file was saved."""
    blog.write("site.yaml", f"title: Test blog\nbase_url: {PROJECT}\nbibliography: {where}\n")
    entry = "@article{ho2020,\n  author = {Ho, Jonathan},\n  title = {%s},\n  year = {2020}\n}\n"
    blog.write(where, entry % "Denoising Diffusion")
    blog.post("c.md", "Gamma", date="2024-05-03", body="DDPM [@ho2020].\n")
    preview = serve()
    assert "Denoising Diffusion" in preview.get("/repo/posts/c/").text
    tab = preview.tab("/repo/posts/c/")
    blog.write(where, entry % "Probabilistic Models")
    tab.until(lambda u: u["changed"] and any("posts/c/" in page for page in u["changed"]),
              "the post citing it rebuilt")
    assert "Probabilistic Models" in preview.get("/repo/posts/c/").text


def test_a_bibliography_saved_while_the_first_build_runs_is_previewed(blog, tmp_path):
    """A Zotero export of `refs.bib` written while the preview's first build ran (a minute
    at 1,000 posts) was taken for what the build had read: the preview kept the old entry
    until the next export."""
    blog.write("site.yaml", f"title: Test blog\nbase_url: {PROJECT}\nbibliography: refs.bib\n")
    entry = "@article{ho2020,\n  author = {Ho, Jonathan},\n  title = {%s},\n  year = {2020}\n}\n"
    blog.write("refs.bib", entry % "Denoising Diffusion")
    blog.post("c.md", "Gamma", date="2024-05-03", body="DDPM [@ho2020].\n")
    preview = start_preview(blog.root, tmp_path / "preview", while_first_build=lambda: blog.write(
        "refs.bib", entry % "Probabilistic Models"))
    try:
        deadline = time.monotonic() + TIMEOUT
        while "Probabilistic Models" not in preview.get("/repo/posts/c/").text:
            assert time.monotonic() < deadline, preview.lines
            time.sleep(0.1)
    finally:
        preview.preview.stop()

"""`blogforge serve`: preview the site on this computer, rebuilt and reloaded as you write.

The preview is built into a folder of its own in the build cache, kept for the next start
(livereload/kept.py: a restart renders only what changed since; `public/` is not touched), or
with --no-cache, or a cache that cannot be had, into a temporary folder (removed on exit, in
the background so Ctrl+C returns at once: see livereload/trash.py). It is built with
the preview's own address as base URL, keeping base_url's path, so a project site at /repo/ is
previewed under http://127.0.0.1:8000/repo/ exactly as it will be published. A --base-url with
a host is the address readers reach the preview at: its pages' absolute URLs use it as given.
"""

from __future__ import annotations

import argparse
import errno
import signal

from blogforge.commands import TYPE_CHECKING
from blogforge.commands.build import add_build_arguments, options_from
from blogforge.stop_signals import HANG_UP, STOP_SIGNALS

if TYPE_CHECKING:  # imported when the preview runs: `blogforge --help` must not load the engine
    from collections.abc import Callable
    from pathlib import Path

    from blogforge.livereload.kept import KeptFolder
    from blogforge.livereload.preview import Preview
    from blogforge.livereload.server import PreviewServer
    from blogforge.livereload.state import PreviewState
    from blogforge.livereload.watch import ChangeQueue

DEFAULT_PORT = 8000
# (Windows has no SIGHUP: closing its console ends the process with none of these)
_STOPPING_SIGNALS = (*STOP_SIGNALS, *HANG_UP)
PORTS_TRIED = 20  # without --port, the next free port after 8000 is used
# The output named until the preview's address, which names its folder, is known: no build
# runs before (a path no build could write into, should one).
PLACEHOLDER = "/dev/null/blogforge-preview"


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "serve", help="preview the site locally, rebuilt and reloaded as you write",
        description="Build the site, serve it on this computer and, as files change, rebuild it "
                    "and reload the open pages.")
    add_build_arguments(parser, output=False)  # the preview goes to a temporary folder
    parser.add_argument("--port", "-p", type=_port, default=None,
                        help=f"port (default: {DEFAULT_PORT}, or the next free one)")
    parser.add_argument("--bind", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1, this computer only)")
    parser.add_argument("--watch", action=argparse.BooleanOptionalAction, default=True,
                        help="rebuild and reload open pages when files change (default: on)")
    parser.add_argument("--open", action="store_true", help="open the preview in a browser")
    parser.set_defaults(run=run)


def _port(text: str) -> int:
    """--port: a port a socket can listen on (0: any free one)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (0-65535)")
    return port


def run(args: argparse.Namespace) -> int:
    import webbrowser
    from pathlib import Path

    from blogforge.config import base_url_problem
    from blogforge.forks import guard_forks
    from blogforge.livereload.kept import KeptFolder, kept_folder
    from blogforge.livereload.preview import Preview
    from blogforge.livereload.server import is_loopback
    from blogforge.livereload.state import PreviewState
    from blogforge.livereload.trash import discard, sweep, temporary_folder
    from blogforge.site_folder import site_folder_problem

    # (what `build` would refuse, refused before a server starts)
    if problem := site_folder_problem(args.source):  # (no server for the wrong folder)
        _say(f"error: {problem}")
        return 1
    if args.base_url and (problem := base_url_problem(args.base_url)):
        _say(f"error: --base-url: {problem}")
        return 1
    preview: Preview | None = None
    guard_forks(True)  # (first: a process forked from now on starts with a worker's handlers)
    for signum in _STOPPING_SIGNALS:
        signal.signal(signum, stopping_handler(lambda: preview.queue if preview else None))
    import tempfile  # (here: `--version` and every other command import this module)

    sweep(Path(tempfile.gettempdir()))  # what earlier previews left half removed
    temporary: Path | None = None  # the preview's folder when the cache has none for it
    kept: KeptFolder | None = None
    try:
        state = PreviewState()
        args.output = Path(PLACEHOLDER)  # (the preview's folder: chosen by its address below)
        server = _listen(args.bind, args.port, args.output, state)
        if server is None:
            return 1
        port = server.server_address[1]
        everywhere = args.bind in ("0.0.0.0", "", "::")
        host = args.bind if not everywhere else ("127.0.0.1" if args.bind != "::" else "::1")
        origin = f"http://{f'[{host}]' if ':' in host else host}:{port}"
        addresses = _network_addresses(args.bind == "::") if everywhere else []
        links = _reachable(addresses, server)
        preview = Preview(options_from(args), server, origin, watch=args.watch, log=_say,
                          links_origin=f"http://{links}:{port}" if links else None)
        found = None if args.no_cache else kept_folder(
            args.source, preview.base_url, args.drafts, args.future, args.expired)
        if isinstance(found, KeptFolder):
            kept = found
            preview.build_into(kept.site, kept)
        else:
            if found is not None:  # (why the cache has no folder for it)
                _say(f"note: {found}: the preview is built in a temporary folder, removed "
                     "when it stops (every page is made again at each start)")
            temporary = temporary_folder()
            preview.build_into(temporary / "site")
        if not is_loopback(args.bind):
            shown = ", drafts and future posts included" if args.drafts or args.future else ""
            _say(f"warning: listening on {args.bind or 'every address'}: anyone who can reach "
                 f"this computer can read the preview{shown} (--bind 127.0.0.1 keeps it "
                 "private)")
        _say(f"preview at {preview.url} (Ctrl+C to stop)"
             + ("" if args.watch else "; not watching for changes (--no-watch)"))
        for address in addresses:  # (the address above is this computer's own)
            _say(f"  on your network: http://{address}:{port}{preview.site_path}")
        if preview.base_url != preview.url:
            _say(f"  its pages' absolute URLs (canonical, feeds) name {preview.base_url}")
        if args.base_url and (problem := _other_port(args.base_url, args.bind, port)):
            _say(f"warning: --base-url {problem}")
        if args.open:
            webbrowser.open(preview.url)  # it waits for the first build: the port listens
        preview.build_first()
        # (again, below the first build's lines: a long site's warnings pushed it out of sight)
        _say(f"serving {preview.url}")
        preview.start(rebuild_in_thread=False)  # (KaTeX: see Preview.start)
        preview.rebuild_until_stopped()
    except KeyboardInterrupt:
        pass  # Ctrl+C or SIGTERM, during a build or between builds
    finally:
        for signum in _STOPPING_SIGNALS:  # (a second Ctrl+C: the folder still goes)
            signal.signal(signum, signal.SIG_IGN)
        if preview is not None:
            preview.stop()
        if kept is not None:
            kept.release()
        if temporary is not None:
            discard(temporary)
    _say("stopped" if temporary is None else "stopped; the preview's files are removed")
    return 0


def stopping_handler(queue: Callable[[], ChangeQueue | None]) -> Callable[[int, object], None]:
    """The handler of Ctrl+C, SIGTERM and SIGHUP (the terminal closed), which end the preview
    the same way: quietly, removing its folder. Every build runs in the thread the handler
    runs in: a build stops at the KeyboardInterrupt raised. Between builds that thread waits
    for changes in the `queue`'s condition, where an exception raised by the handler could
    come as the condition's lock is let go of for the wait, and leave it half released (a
    traceback, "cannot release un-acquired lock", and exit status 1): there the queue is
    closed instead, and the wait ends with no batch."""
    def on_signal(signum: int, frame: object) -> None:
        waiting = queue()
        if waiting is None or not waiting.stop_taking():
            raise KeyboardInterrupt
    return on_signal


def _listen(bind: str, port: int | None, output: Path, state: PreviewState) -> PreviewServer | None:
    """The server on `port`; without one, on 8000 or the next free port (said so)."""
    import socket  # (here, as the server is: `blogforge build` needs neither)

    from blogforge.livereload.server import PreviewServer

    ports = [port] if port is not None else range(DEFAULT_PORT, DEFAULT_PORT + PORTS_TRIED)
    for tried in ports:
        try:
            server = PreviewServer((bind, tried), output, state)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE and port is None:
                continue
            if exc.errno == errno.EADDRINUSE:
                _say(f"error: port {tried} on {bind} is already in use (another preview?): stop "
                     "that program or choose another port with --port")
            elif isinstance(exc, socket.gaierror):
                _say(f"error: cannot listen on {bind}: no such address ({exc.strerror})")
            else:
                _say(f"error: cannot listen on {bind}:{tried}: {exc.strerror or exc}")
            return None
        if tried != DEFAULT_PORT and port is None:
            _say(f"port {DEFAULT_PORT} is in use: using port {tried} instead")
        return server
    _say(f"error: ports {DEFAULT_PORT}–{DEFAULT_PORT + PORTS_TRIED - 1} on {bind} are all in use:"
         " choose one with --port")
    return None


def _reachable(addresses: list[str], server: PreviewServer) -> str | None:
    """Of this computer's network addresses, the one its pages' absolute URLs should name when
    it listens on all of them: the first that the server accepts connections on (an IPv6
    socket that takes no IPv4, as BSD and Windows make them, needs an IPv6 one). Any phone on
    the network and this computer itself reach it; None when there is none."""
    import socket

    ipv6_only = server.address_family == socket.AF_INET6 and server.socket.getsockopt(
        socket.IPPROTO_IPV6, socket.IPV6_V6ONLY)
    return next((a for a in addresses if a.startswith("[") or not ipv6_only), None)


def _other_port(base_url: str, bind: str, port: int) -> str | None:
    """What is wrong with a --base-url that names this computer on another port than the
    preview's (its links would lead to nothing), or None. A host of elsewhere (a tunnel, a
    proxy) may well listen on another port: the URL is used as given."""
    from urllib.parse import urlsplit

    from blogforge.livereload.server import is_loopback

    parts = urlsplit(base_url)
    try:
        named = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return None
    host = parts.hostname or ""
    ours = is_loopback(host) or host == bind or host in {
        address.strip("[]") for address in _network_addresses(True)}
    if not parts.netloc or not ours or named == port:
        return None
    return (f"names port {named} of this computer, but the preview listens on {port}: "
            f"its absolute links lead nowhere (give --port {named}, or that port in --base-url)")


def _network_addresses(ipv6: bool) -> list[str]:
    """This computer's addresses on its networks, as a phone beside it would type them
    (127.0.0.1 is the phone's own): the one its default route leaves from, then the others
    its name resolves to. None found: an empty list."""
    import socket

    found: list[str] = []
    # (a UDP socket "connected" to an outside address sends nothing; it only picks the route)
    probes = [(socket.AF_INET, ("192.0.2.1", 9))] + (
        [(socket.AF_INET6, ("2001:db8::1", 9))] if ipv6 else [])
    for family, outside in probes:
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as probe:
                probe.connect(outside)
                found.append(probe.getsockname()[0])
        except OSError:
            pass
    try:
        named = socket.getaddrinfo(socket.gethostname(), None, proto=socket.IPPROTO_TCP)
    except OSError:
        named = []
    found += [str(info[4][0]) for info in named
              if info[0] == socket.AF_INET or (ipv6 and info[0] == socket.AF_INET6)]
    from blogforge.livereload.server import is_loopback

    usable = [a for a in dict.fromkeys(found)
              if not is_loopback(a) and not a.startswith(("fe80:", "169.254."))]
    return [f"[{a}]" if ":" in a else a for a in usable]


def _say(line: str) -> None:
    print(line, flush=True)

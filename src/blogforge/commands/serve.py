"""`blogforge serve`: build the site and preview it on a local web server.

The preview is built with a localhost base URL (keeping base_url's path, so a project site
under /repo/ is previewed under /repo/) into a temporary folder, so `public/` is not touched.
"""

from __future__ import annotations

import argparse
import signal
from pathlib import Path

from blogforge.commands.build import add_build_arguments, options_from, report


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("serve", help="build and preview the site locally",
                                 description="Build the site and serve it on localhost.")
    add_build_arguments(parser, output=False)  # the preview goes to a temporary folder
    parser.add_argument("--port", "-p", type=int, default=8000, help="port (default: 8000)")
    parser.add_argument("--bind", default="127.0.0.1", help="address (default: 127.0.0.1)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import tempfile
    from urllib.parse import urlsplit

    from blogforge.config import load_config
    from blogforge.diagnostics import Diagnostics
    from blogforge.preview import make_server
    from blogforge.site import build_site

    site_path = urlsplit(args.base_url or load_config(args.source, Diagnostics()).base_url).path
    site_path = "/" + site_path.strip("/") + "/" if site_path.strip("/") else "/"
    with tempfile.TemporaryDirectory(prefix="blogforge-serve-") as tmp:
        args.output = Path(tmp) / "site"
        args.base_url = f"http://{args.bind}:{args.port}{site_path}"
        options = options_from(args)
        if report(build_site(options), options.output) != 0:
            return 1
        # SIGTERM ends the preview like Ctrl+C, so the temporary folder is removed either way.
        signal.signal(signal.SIGTERM, _interrupt)
        with make_server(options.output, site_path, args.bind, args.port) as server:
            print(f"serving on {args.base_url} (Ctrl+C to stop)")
            try:
                server.serve_forever()
            except KeyboardInterrupt:
                print()
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt

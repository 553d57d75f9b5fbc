"""`blogforge check`: the whole build's checks — front matter, math, templates, and every
internal link under the base path — without writing the site. The CI gate for a site's repo.

The site is built into a temporary folder that is removed afterwards, so public/ is never
touched; the math cache is used as in a build.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from blogforge.commands.build import add_build_arguments

if TYPE_CHECKING:
    from blogforge.diagnostics import Diagnostic


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "check", help="check the site (front matter, math, links) without writing it",
        description="Build the site in a temporary folder and report every problem: front "
        "matter, math, templates, and internal links that do not resolve under the base URL. "
        "Exits with 1 when there are errors (with --strict, warnings too).")
    add_build_arguments(parser, output=False)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import tempfile

    from blogforge.commands.build import options_from
    from blogforge.site import build_site

    with tempfile.TemporaryDirectory(prefix="blogforge-check-") as tmp:
        args.output = Path(tmp) / "site"
        result = build_site(options_from(args))
    for item in result.diagnostics.items:
        print(as_in_site(item, args.output), file=sys.stderr)
    errors, warnings = len(result.diagnostics.errors), len(result.diagnostics.warnings)
    counts = (f"{errors} error{'s' * (errors != 1)}, "
              f"{warnings} warning{'s' * (warnings != 1)}")
    if errors or not result.written:
        print(f"check failed: {counts}", file=sys.stderr)
        return 1
    print(f"checked {result.pages} pages ({result.posts} posts): "
          f"{counts if warnings else 'no problems found'}")
    return 0


def as_in_site(item: Diagnostic, output: Path) -> Diagnostic:
    """`item` naming a built page by its place in the site (`404.html`, `tags/x/index.html`):
    the temporary folder it was built in is gone by the time the message is read."""
    from dataclasses import replace  # (here: `blogforge --help` imports this module)

    if item.path is None or not item.path.is_relative_to(output):
        return item  # (a file of the site's own, named as the build names it)
    return replace(item, path=item.path.relative_to(output))

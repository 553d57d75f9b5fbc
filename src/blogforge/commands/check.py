"""`blogforge check`: the whole build's checks — front matter, math, templates, and every
internal link under the base path — without writing the site. The CI gate for a site's repo.

The site is built into a temporary folder that is removed afterwards, so public/ is never
touched; the math cache is used as in a build. Ctrl+C and SIGTERM (a cancelled CI job,
`timeout`) stop it alike: the folder is removed, and the exit status says which signal it was.
"""

from __future__ import annotations

import argparse
import shutil
import sys

from blogforge.commands import TYPE_CHECKING
from blogforge.commands.build import add_build_arguments

if TYPE_CHECKING:
    from pathlib import Path

    from blogforge.diagnostics import Diagnostic
    from blogforge.engine import BuildResult


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
    from pathlib import Path

    from blogforge.commands.build import options_from
    from blogforge.engine import build_site
    from blogforge.site_folder import site_folder_problem
    from blogforge.stop_signals import (
        ignore_stop_signals,
        put_back_signals,
        stop_on_signals,
        stopped_status,
    )

    if problem := site_folder_problem(args.source):
        print(f"error: {problem}", file=sys.stderr)
        return 1
    stopped_by: list[int] = []  # the signal that stopped the check, if one did
    previous = stop_on_signals(stopped_by)
    folder = None
    try:
        folder = Path(tempfile.mkdtemp(prefix="blogforge-check-"))
        args.output = folder / "site"
        result = build_site(options_from(args))
    except KeyboardInterrupt:  # Ctrl+C or SIGTERM, anywhere in the build
        result = None
    finally:
        ignore_stop_signals()  # (a second Ctrl+C or SIGTERM: the folder still goes)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        put_back_signals(previous)
    if result is None:
        print("check stopped; its temporary files are removed", file=sys.stderr)
        return stopped_status(stopped_by)
    return _report(result, args.output, args.source)


def _report(result: BuildResult, output: Path, source: Path | None = None) -> int:
    """Print every problem, then one summary line; the exit status for the command."""
    from pathlib import Path

    from blogforge.commands.build import print_problems
    from blogforge.diagnostics import counted

    print_problems(result, source or Path("."), output,
                   lambda item: as_in_site(item, output))
    errors, warnings = len(result.diagnostics.errors), len(result.diagnostics.warnings)
    counts = f"{counted(errors, 'error')}, {counted(warnings, 'warning')}"
    if errors or not result.written:
        print(f"check failed: {counts}", file=sys.stderr)
        return 1
    print(f"checked {counted(result.pages, 'page')} ({counted(result.posts, 'post')}): "
          f"{counts if warnings else 'no problems found'}")
    return 0


def as_in_site(item: Diagnostic, output: Path) -> Diagnostic:
    """`item` naming a built page by its place in the site (`404.html`, `tags/x/index.html`):
    the temporary folder it was built in is gone by the time the message is read."""
    from dataclasses import replace  # (here: `blogforge --help` imports this module)

    if item.path is None or not item.path.is_relative_to(output):
        return item  # (a file of the site's own, named as the build names it)
    return replace(item, path=item.path.relative_to(output))

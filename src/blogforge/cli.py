"""The `blogforge` command line."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys

from blogforge import __version__
from blogforge.commands import build, check, deploy, import_, new, serve


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="blogforge",
        description="A static site generator for bilingual machine-learning study blogs.")
    parser.add_argument("--version", action="version", version=f"blogforge {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    build.add_parser(commands)
    serve.add_parser(commands)
    new.add_parser(commands)
    check.add_parser(commands)
    deploy.add_parser(commands)
    import_.add_parser(commands)
    return parser


def main(argv: list[str] | None = None, leave_at_once: bool = False) -> int:
    """Run a command; its exit status. `leave_at_once` (the installed `blogforge` command):
    after a one-shot command, end the process without taking the interpreter down object by
    object (freeing a thousand posts' site model costs ~15 ms, and nothing is left to do)."""
    parser = make_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        status = args.run(args)
    except KeyboardInterrupt:
        return 130
    if leave_at_once and getattr(args, "one_shot", False):
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(status)
    return status


def console() -> None:
    """The installed `blogforge` command and `python -m blogforge`."""
    sys.exit(main(leave_at_once=True))


if __name__ == "__main__":
    console()

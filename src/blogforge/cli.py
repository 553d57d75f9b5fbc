"""The `blogforge` command line."""

from __future__ import annotations

import argparse
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


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

"""One module per command-line verb.

`blogforge --version` and `--help` must answer at once (well under 100 ms), so registering a
command imports nothing heavy. Each module here follows the same two-part shape:

- at the top, only what `add_parser` needs: `argparse`, `pathlib` and other light standard
  modules, or another command module for shared arguments (`build.add_build_arguments`);
- `add_parser(commands)` declares the verb and its options and ends with
  `parser.set_defaults(run=run)`;
- `run(args) -> int` imports the rest first — `blogforge.site`, `blogforge.config`, Jinja2,
  markdown-it, Pygments, PyYAML, pykatex, `http.server` — then does the work and returns the
  exit status. Names used only in type hints are imported under `if TYPE_CHECKING:`.

`make_parser` below calls each module's `add_parser`; `blogforge --version` is answered
before it (cli.py), without argparse. `tests/test_cli.py` runs every verb's
`--help` in a fresh interpreter and fails when one of those heavy modules gets imported.
"""

from __future__ import annotations

import argparse


def make_parser(version: str) -> argparse.ArgumentParser:
    """The `blogforge` command line: every verb's options."""
    from blogforge.commands import build, check, deploy, import_, new, serve

    parser = argparse.ArgumentParser(
        prog="blogforge",
        description="A static site generator for bilingual machine-learning study blogs.")
    parser.add_argument("--version", action="version", version=version)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for command in (build, serve, new, check, deploy, import_):
        command.add_parser(commands)
    return parser

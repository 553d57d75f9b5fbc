"""One module per command-line verb.

`blogforge --version` and `--help` must answer at once (well under 100 ms), so registering a
command imports nothing heavy. Each module here follows the same two-part shape:

- at the top, only what `add_parser` needs: `argparse` and other light standard modules, or
  another command module for shared arguments (`build.add_build_arguments`). Not `pathlib` nor
  `typing`, a fifth of `--help`'s time on a slow machine between them: a path option's type is
  `path_argument`, and `TYPE_CHECKING` below stands for typing's;
- `add_parser(commands)` declares the verb and its options and ends with
  `parser.set_defaults(run=run)`;
- `run(args) -> int` imports the rest first — `blogforge.site`, `blogforge.config`, Jinja2,
  markdown-it, Pygments, PyYAML, pykatex, `http.server` — then does the work and returns the
  exit status. Names used only in type hints are imported under `if TYPE_CHECKING:`.

`make_parser` below calls each module's `add_parser` (only the verb's, for a command line that
names one); `blogforge --version` is answered before it (cli.py), without argparse.
`tests/test_cli.py` runs every verb's `--help` in a fresh interpreter and fails when one of
those heavy modules gets imported.
"""

from __future__ import annotations

import argparse

# typing.TYPE_CHECKING without importing typing: false when Python runs, true for type checkers
# (which take any constant of this name so)
TYPE_CHECKING = False

if TYPE_CHECKING:
    from pathlib import Path


def path_argument(text: str) -> Path:
    """A path option's value, as argparse's `type` (which a string default goes through too)."""
    from pathlib import Path

    return Path(text)


# Each verb and the module of this package that declares it, in the order --help lists them
VERBS = {"build": "build", "serve": "serve", "new": "new", "check": "check", "deploy": "deploy",
         "import": "import_"}


def make_parser(version: str, verb: str | None = None) -> argparse.ArgumentParser:
    """The `blogforge` command line: every verb's options, or only those of `verb` when it is
    one. A command line that starts with its verb parses alike either way (a verb's usage, its
    errors, the top-level usage name no other verb), and `build` then imports and declares no
    other verb's (5 ms of a one-post edit: five modules, 1,900 lines of `new` and `deploy`)."""
    from importlib import import_module

    parser = argparse.ArgumentParser(
        prog="blogforge",
        description="A static site generator for bilingual machine-learning study blogs.")
    parser.add_argument("--version", action="version", version=version)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in [verb] if verb in VERBS else VERBS:
        import_module(f"blogforge.commands.{VERBS[name]}").add_parser(commands)
    return parser

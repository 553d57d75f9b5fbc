"""`blogforge build`: the site folder into static HTML."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable

from blogforge.commands import TYPE_CHECKING, path_argument

if TYPE_CHECKING:  # imported when a build runs: `blogforge --help` must not load the engine
    from datetime import datetime
    from pathlib import Path

    from blogforge.diagnostics import Diagnostic
    from blogforge.engine import BuildOptions, BuildResult, HeldBack


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("build", help="build the site into static HTML",
                                 description="Build the site folder into static HTML.")
    add_build_arguments(parser)
    parser.set_defaults(run=run, one_shot=True)  # (the process ends with the build)


def add_build_arguments(parser: argparse.ArgumentParser, output: bool = True) -> None:
    parser.add_argument("--source", "-s", type=path_argument, default=".",
                        help="the site folder (default: the current folder)")
    if output:
        parser.add_argument("--output", "-o", type=path_argument, default=None,
                            help="where to write the site (default: SOURCE/public)")
    parser.add_argument("--base-url", help="override site.yaml's base_url, e.g. "
                        "https://user.github.io/repo/")
    parser.add_argument("--drafts", action="store_true", help="include drafts")
    parser.add_argument("--future", action="store_true", help="include posts dated in the future")
    parser.add_argument("--expired", action="store_true",
                        help="include posts past their expiryDate")
    parser.add_argument("--strict", action="store_true",
                        help="treat warnings (math errors, broken links…) as errors")
    parser.add_argument("--no-cache", action="store_true",
                        help="build from scratch, neither reading nor writing the build cache "
                        "(.blogforge-cache/: post bodies, pages, formulas, code, links)")


def output_of(args: argparse.Namespace) -> Path:
    return args.output if args.output is not None else args.source / "public"


def options_from(args: argparse.Namespace) -> BuildOptions:
    from blogforge.engine import BuildOptions

    return BuildOptions(
        source=args.source,
        output=output_of(args),
        base_url=args.base_url,
        drafts=args.drafts,
        future=args.future,
        expired=args.expired,
        strict=args.strict,
        use_cache=not args.no_cache,
    )


def report(result: BuildResult, output: Path, source: Path | None = None) -> int:
    """Print every problem, then one summary line; the exit status for the command
    (`source`: the site's folder, where the problems' files are named from)."""
    from pathlib import Path  # (here: `blogforge --help` imports this module)

    print_problems(result, source or Path("."), output)
    return print_summary(result, output)


def print_summary(result: BuildResult, output: Path) -> int:
    """The one line that says what the build did; the exit status for the command."""
    from blogforge.diagnostics import counted

    errors = len(result.diagnostics.errors)
    if errors or not result.written:
        # (a CI job's first build has no output to keep: the live site is what stays)
        kept = f"{output} was left as it was" if output.exists() else "nothing was written"
        print(f"build failed with {counted(errors, 'error')}; {kept}", file=sys.stderr)
        return 1
    warnings = len(result.diagnostics.warnings)
    note = f", {counted(warnings, 'warning')}" if warnings else ""
    unchanged = f"{result.pages - result.pages_rendered:,} unchanged"
    if result.pages_rendered:
        reuse = f"{result.pages_rendered:,} rendered, {unchanged}"
        if result.pages_rendered == result.pages and result.bodies_cached:
            # (a CI build: no output to keep pages from, but the restored cache did its work)
            cached = result.bodies_cached
            reuse += f"; {cached:,} Markdown {'body' if cached == 1 else 'bodies'} from the cache"
    elif result.changed_files:  # no page rendered, but a static file came, went or was put back
        reuse = f"{unchanged}, {counted(len(result.changed_files), 'file')} changed"
    else:
        reuse = "nothing changed"
    print(f"built {counted(result.pages, 'page')} ({counted(result.posts, 'post')}; {reuse}) "
          f"into {output} in {result.seconds:.2f} s{note}")
    return 0


def print_problems(result: BuildResult, source: Path, output: Path,
                   named: Callable[[Diagnostic], Diagnostic] | None = None) -> None:
    """The warnings, what was held back, then the errors: what failed the build stands just
    above the line that counts it; a file's in the order of its lines (`named`: a problem
    as this command names it). In a GitHub Actions job each is an annotation, shown on the
    file's line in the run's summary (a writer who edits on github.com sees it there)."""
    import os

    on_github = os.environ.get("GITHUB_ACTIONS") == "true"

    def said(item: Diagnostic) -> str:
        item = named(item) if named is not None else item
        return github_annotation(item, source, output) if on_github else str(item)

    lines = [said(item) for item in in_file_order(result.diagnostics.warnings)]
    lines += held_back_lines(result.held_back)
    if on_github and (future := result.held_back.get("future")):
        scheduled = _scheduled()
        if not scheduled:
            lines.append("  (a post dated in the future is published by the first build after "
                         "its date: to build every day, uncomment the `schedule:` lines of your "
                         "workflow)")
        # (a green run said nothing of them where a writer on github.com looks: its summary)
        lines += [github_annotation(_held_back_notice(post, source, scheduled), source, output)
                  for post in future]
    lines += [said(item) for item in in_file_order(result.diagnostics.errors)]
    # (written at once: a line at a time, a build of a thousand posts that each link to a
    # missing picture wrote its warnings in 2,000 system calls, each a terminal's redraw)
    if lines:
        sys.stderr.write("".join(f"{line}\n" for line in lines))


def _held_back_notice(post: HeldBack, source: Path, scheduled: bool) -> Diagnostic:
    """A post held back for its date, as a notice at its `date:` line."""
    from blogforge.diagnostics import Diagnostic

    when = (f"dated by its file's time, {_moment(post.date)}" if post.dated_by_file
            else f"dated {_moment(post.date)}") if post.date else "dated in the future"
    after = ("the first build after that date publishes it (the workflow's daily one)"
             if scheduled else "the first build after that date publishes it (a push, or "
             "uncomment the `schedule:` lines of your workflow to build every day)")
    return Diagnostic("notice", f"held back: {when}, in the future; {after}", post.source,
                      None if post.dated_by_file else _date_line(source / post.source))


def _date_line(path: Path) -> int | None:
    """The line of a post's front matter that dates it (`date:`, TOML's `date =`, JSON's
    `"date":`), if any."""
    import re

    try:
        lines = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    except OSError:
        return None
    opener = lines[0].strip() if lines else ""
    # (Hexo's JSON: the inside of an object up to a `;;;` line, maybe opened by one, its first
    # key maybe on line 1)
    hexo = opener.startswith(('"', ";;;"))
    closer = ";;;" if hexo else {"---": "---", "+++": "+++", "{": "}"}.get(opener)
    if closer is None:
        return None
    dating = r'\s*"date"\s*:' if opener == "{" or hexo else r"date\s*[:=]"
    for number, line in enumerate(lines, 1):
        if number == 1 and not opener.startswith('"'):
            continue
        if line.strip() == closer or hexo and line.startswith(";;;") and number > 1:
            return None
        if re.match(dating, line, re.IGNORECASE):
            return number
    return None


def _scheduled() -> bool:
    """Whether a workflow of the repository (the working directory, in a GitHub Actions job)
    also runs on a schedule: then no push is needed on a held-back post's day."""
    import re
    from pathlib import Path

    return any(re.search(r"^\s*schedule\s*:", path.read_text(encoding="utf-8", errors="replace"),
                         re.M)
               for path in Path(".github/workflows").glob("*.y*ml") if path.is_file())


def in_file_order(items: list[Diagnostic]) -> list[Diagnostic]:
    """`items` with each file's together, in the order of its lines (the passes that find
    problems said a file's at 20, 22, 18, 24), the files in the order first said."""
    first: dict[Path | None, int] = {}
    for at, item in enumerate(items):
        first.setdefault(item.path, at)
    return sorted(items, key=lambda item: (first[item.path], item.line or 0))


def github_annotation(item: Diagnostic, source: Path, output: Path) -> str:
    """A problem as a GitHub Actions workflow command (`::error file=…,line=…::…`): the log
    shows its text, and the run's summary the file and line it is at, named from the
    working directory, the repository's checkout, where the site may be a folder of it. A
    built page (`404.html`) is no file of the checkout: its problem names none."""
    import os
    from pathlib import Path

    where = ""
    if item.path is not None:
        found = [path for path in (item.path, source / item.path, Path.cwd() / item.path)
                 if path.is_file()]
        if found and not found[0].resolve().is_relative_to(output.resolve()):
            where = (" file=" + _escaped(os.path.relpath(found[0]), ",:")
                     + (f",line={item.line}" if item.line else ""))
    text = str(item).replace(f"{item.level}: ", "", 1)  # (GitHub says "Error:" before it)
    return f"::{item.level}{where}::{_escaped(text, '')}"


def _escaped(text: str, also: str) -> str:
    """Text in a workflow command: `%`, line breaks (and in a property `,` and `:`) encoded."""
    for char in "%\r\n" + also:
        text = text.replace(char, f"%{ord(char):02X}")
    return text


def held_back_lines(held: dict[str, list[HeldBack]], now: datetime | None = None) -> list[str]:
    """What the build left out, by file: a post dated 2042 for 2024 is hidden by a count alone.
    One line for each reason, naming the first few files, so hundreds of drafts stay short;
    future posts come latest first, with their dates (a mistyped year is the furthest). A
    post due within hours may be dated in the writer's time, read in the site's zone."""
    from datetime import UTC, datetime, timedelta

    from blogforge.diagnostics import counted, first_few

    future = sorted(held.get("future", []), key=lambda p: p.date.timestamp() if p.date else 0,
                    reverse=True)
    drafts = held.get("drafts", [])
    expired = held.get("expired", [])
    lines = []
    if future:
        lines.append(f"  {counted(len(future), 'post')} dated in the future: " + first_few(
            [f"{p.source.as_posix()} ({_moment(p.date)}"
             + (", its file's time: it has no date)" if p.dated_by_file else ")")
             if p.date else p.source.as_posix() for p in future]))
        now = now or datetime.now(UTC)
        # (14 hours: the furthest any zone is from another's day)
        soon = [p for p in future if p.date and p.zone and p.date - now < timedelta(hours=14)]
        if soon:
            lines.append(f"  (due within hours: a date written without a zone is in the "
                         f"site's time zone, {soon[0].zone}; if that is not yours, set "
                         "`timezone:` in site.yaml)")
    if drafts:
        lines.append(f"  {counted(len(drafts), 'draft')}: "
                     + first_few([p.source.as_posix() for p in drafts]))
    if expired:
        lines.append(f"  {counted(len(expired), 'post')} past its expiryDate (--expired): "
                     + first_few(
            [f"{p.source.as_posix()} ({_moment(p.date)})" if p.date else p.source.as_posix()
             for p in expired]))
    if files := held.get("files"):  # (site_files.named_only_by_held_back)
        lines.append(f"  {counted(len(files), 'file')} only these name: "
                     + first_few([p.source.as_posix() for p in files]))
    if lines:
        # (the options that show what is listed, and no other: --future shows no expired post)
        showing = [option for kind, option in _SHOWN_BY if held.get(kind)]
        lines.insert(0, f"held back ({' / '.join(showing)} "
                        f"{'include' if len(showing) > 1 else 'includes'} them):"
                     if showing else "held back:")
    return lines


# What each option of `build`, `check` and `serve` shows of what a build holds back, in the
# order `held_back_lines` lists them
_SHOWN_BY = (("future", "--future"), ("drafts", "--drafts"), ("expired", "--expired"))


def _moment(when: datetime) -> str:
    """A date to the minute, with its zone: a post held back until today's 23:59 said only
    its day, today's (`2026-12-04 23:59 +08:00`, `2042-03-01 00:00 UTC`)."""
    offset = when.strftime("%z")
    zone = "UTC" if offset in ("", "+0000") else f"{offset[:3]}:{offset[3:]}"
    return f"{when:%Y-%m-%d %H:%M} {zone}"


def settle_imports() -> None:
    """A build is one pass over a site model that lives until the process ends: what importing
    the engine made is moved out of the collector's way, and full collections (which walk
    everything, 50-80 ms each at 1,000 posts, and found almost nothing: cycles die young,
    in the collections that still run) wait until memory has grown a lot. 0.4 s of a cold
    build, 40 ms of an incremental one."""
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, 1000)


def run(args: argparse.Namespace) -> int:
    from blogforge.cache import CACHE_DIR, FILE_NAME
    from blogforge.name_order import read_ahead
    from blogforge.output import start_output_scan
    from blogforge.site_folder import site_folder_problem

    if problem := site_folder_problem(args.source):
        print(f"error: {problem}", file=sys.stderr)
        return 1
    # The output looked at by a process beside the build, started before the build's modules
    # are imported: forked from a small process, it costs the build little (`OutputScan`).
    scan = start_output_scan(args.source, output_of(args), not args.no_cache)
    # So is the process that reads the pinyin of Chinese names, for a first build (no cache
    # remembers a name's): pypinyin is imported beside the build's modules (`read_ahead`)
    # (`os.path.exists`: a cache folder it may not read is the build's to say, not this line's)
    names = read_ahead() if args.no_cache or not os.path.exists(
        args.source / CACHE_DIR / FILE_NAME) else None
    from blogforge.engine import StoppedAfterWriting, build_site
    from blogforge.stop_signals import put_back_signals, stop_on_signals, stopped_status

    settle_imports()
    options = options_from(args)
    # (SIGTERM too, as Ctrl+C: a cancelled CI job or `timeout` ended the process at once,
    # silent, leaving its staging folder beside the output)
    stopped_by: list[int] = []
    previous = stop_on_signals(stopped_by)
    result: BuildResult | None = None
    try:
        result = build_site(options, scan, names)
        if scan is not None and not scan.done:  # (a build that wrote nothing never asked)
            scan.stop()
        print_problems(result, options.source, options.output)
    except StoppedAfterWriting as stop:
        result = stop.result
        print("build stopped after its output was written: the output is this build's, and "
              "the next build checks it", file=sys.stderr)
        print_summary(result, options.output)
        return stopped_status(stopped_by)
    except KeyboardInterrupt:
        if result is None:  # (the build removed its staging folder on its way out)
            print("build stopped; the output is as the last build left it", file=sys.stderr)
            return stopped_status(stopped_by)
        # The build was done, its output in place (or the old one kept): a stop while its
        # problems were printed cut only the list short, and the line below says what was
        # built, as the status does (a SIGTERM there ended the process without either).
        print("(stopped: the rest of the build's problems are not shown)", file=sys.stderr)
    finally:
        # (a build that wrote nothing never asked the scan; one with no new name, or that
        # stopped before its posts were read, never gave the name reader its runs)
        for aside in (scan, names):
            if aside is not None and not aside.done:
                aside.stop()
    try:
        return print_summary(result, options.output)
    except KeyboardInterrupt:  # (a second stop, while the one line is printed)
        return stopped_status(stopped_by)
    finally:
        put_back_signals(previous)

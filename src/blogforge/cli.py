"""The `blogforge` command line."""

from __future__ import annotations

import io
import sys

from blogforge import __version__

VERSION = f"blogforge {__version__}"


# What Hugo, Hexo and Jekyll writers type, and the blogforge command that does it (argparse
# would answer only "invalid choice", listing the commands).
_OTHER_GENERATORS_WORDS = {
    "server": "serve", "s": "serve", "generate": "build", "g": "build", "d": "deploy",
    "publish": "deploy", "init": "new site DIR",
}


_HUGOS_OPTIONS = {"-D": "--drafts", "--buildDrafts": "--drafts", "-F": "--future",
                  "--buildFuture": "--future", "-E": "--expired", "--buildExpired": "--expired",
                  "-d": "--output", "--destination": "--output",
                  "-b": "--base-url", "--baseURL": "--base-url"}


# Hugo's options blogforge has none for, and what it does instead.
_HUGOS_OPTIONS_WITHOUT = {
    "--minify": "blogforge's pages and CSS are written compact already: leave it out",
    "--environment": "blogforge has one site.yaml, no environments: build with --base-url "
                     "(as the GitHub workflow does) or --drafts for what differs",
    "--config": "blogforge reads site.yaml in the site's folder: name the folder with --source",
    "--watch": "`blogforge serve` watches the site and reloads the page (build is one build)",
}
_HUGOS_OPTIONS_WITHOUT |= {"-e": _HUGOS_OPTIONS_WITHOUT["--environment"],
                           "-w": _HUGOS_OPTIONS_WITHOUT["--watch"]}


def _what_was_meant(argv: list[str]) -> str | None:
    """What to say of a command line another generator's habit typed, or None: `hugo server` and
    `hexo server` are `blogforge serve`, `hexo new "标题"` is `blogforge new post "标题"`."""
    words = [word for word in argv if not word.startswith("-")]
    if not words:
        return None
    for option in argv:  # (`hugo server -D`: argparse said "unrecognized arguments: -D")
        if option in _HUGOS_OPTIONS and words[0] in ("build", "serve", "check", "deploy"):
            return (f"`{option}` is Hugo's option: blogforge's is "
                    f"`blogforge {words[0]} {_HUGOS_OPTIONS[option]}`")
        name = option.split("=", 1)[0]
        if name in _HUGOS_OPTIONS_WITHOUT and words[0] in ("build", "serve", "check", "deploy") \
                and not (name == "--watch" and words[0] == "serve"):  # (serve's own)
            return f"`{name}` is Hugo's option: {_HUGOS_OPTIONS_WITHOUT[name]}"
    if words[0] in _OTHER_GENERATORS_WORDS:
        return (f"`{words[0]}` is not a blogforge command: did you mean "
                f"`blogforge {_OTHER_GENERATORS_WORDS[words[0]]}`?")
    if words[0] == "new" and len(words) > 1 and words[1] not in ("site", "post", "page"):
        title = f'"{words[1]}"' if " " in words[1] else words[1]
        return (f"blogforge new makes a `site`, a `post` or a `page`: did you mean "
                f"`blogforge new post {title}`?")
    return None


def main(argv: list[str] | None = None, leave_at_once: bool = False) -> int:
    """Run a command; its exit status. `leave_at_once` (the installed `blogforge` command):
    after a one-shot command, end the process without taking the interpreter down object by
    object (freeing a thousand posts' site model costs ~15 ms, and nothing is left to do)."""
    given = sys.argv[1:] if argv is None else argv
    if given == ["--version"]:  # (before argparse and the commands are imported: they are
        print(VERSION)          # half of this process's time)
        return 0
    from blogforge.commands import make_parser

    parser = make_parser(VERSION, given[0] if given else None)
    if (meant := _what_was_meant(given)) is not None:
        print(f"blogforge: error: {meant} (blogforge --help lists the commands)",
              file=sys.stderr)
        return 2
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        status = args.run(args)
    except KeyboardInterrupt:
        return 130
    if leave_at_once and getattr(args, "one_shot", False):
        import contextlib
        import os

        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(status)
    return status


# Python's cyclic garbage collector walks the youngest objects every 700 allocations, and a
# build allocates millions that live to its end (posts, pages, the cache's entries), with
# little cyclic garbage among them (refcounting frees the rest at once): at the default, 255
# collections and 65-95 ms of a one-post edit of a 1,000-post site, 9% of a cold build's CPU
# (its workers, forked from this process, inherit the setting). Every 200,000: none in that
# edit, a few in a cold build, and the same peak memory (175 MB against 177 MB).
GC_FIRST_THRESHOLD = 200_000


def console() -> None:
    """The installed `blogforge` command and `python -m blogforge`."""
    import gc

    run_in_utf8_mode()
    gc.set_threshold(GC_FIRST_THRESHOLD, *gc.get_threshold()[1:])
    sys.stdout = _ReaderMayLeave(sys.stdout)
    # (and its messages': `build 2>&1 | head -1` exited 1 or 0 by chance, its work done)
    sys.stderr = _ReaderMayLeave(sys.stderr)
    sys.exit(main(leave_at_once=True))


class _ReaderMayLeave:
    """Standard output or error that a reader may stop reading (`blogforge import … | head
    -1`): what is written after it has gone is dropped, and the command finishes its work (an
    import, a build) as it would have unread, where it stopped half-done in a
    BrokenPipeError."""

    def __init__(self, stream: io.TextIOBase) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._drop_from_now_on()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._drop_from_now_on()

    def _drop_from_now_on(self) -> None:
        import os

        # (onto the same descriptor: the interpreter's own flush at exit goes there too)
        os.dup2(os.open(os.devnull, os.O_WRONLY), self._stream.fileno())

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def run_in_utf8_mode() -> None:
    """Start again in Python's UTF-8 mode under a locale that is not UTF-8 (`LANG=en_US` is
    Latin-1 on glibc, `zh_CN.GB18030`): there, a Chinese file name could not be written (the
    build stopped with a UnicodeEncodeError) and `new post "注意力"` wrote a garbled one.
    Site files are UTF-8 whatever the machine, as they are for Hugo."""
    import os

    if sys.flags.utf8_mode or os.name != "posix" or sys.getfilesystemencoding() == "utf-8":
        return
    os.execv(sys.executable, [sys.executable, "-X", "utf8", *sys.orig_argv[1:]])


if __name__ == "__main__":
    console()

"""Ctrl+C and SIGTERM stopping a command that has a temporary folder to remove (check,
deploy): SIGTERM's default ends the process at once, leaving the folder behind, so while such
a command runs both raise KeyboardInterrupt, and the exit status says which signal it was."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
# what stops `serve` besides: the terminal it runs in closed (Windows has no SIGHUP)
HANG_UP = (signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ()

Handlers = dict[int, Callable | int]


def stop_on_signals(stopped_by: list[int]) -> Handlers:
    """Make Ctrl+C and SIGTERM raise KeyboardInterrupt, the signal added to `stopped_by`. The
    handlers it replaced, to put back."""
    def on_signal(signum: int, frame: object) -> None:
        stopped_by.append(signum)
        raise KeyboardInterrupt

    from blogforge.forks import guard_forks

    guard_forks(True)  # (first: a process forked from now on does not keep this handler)
    previous = {}
    for signum in STOP_SIGNALS:
        previous[signum] = signal.getsignal(signum) or signal.SIG_DFL  # (None: set outside Python)
        signal.signal(signum, on_signal)
    return previous


def ignore_stop_signals() -> None:
    """While the folder is removed: a second Ctrl+C or SIGTERM would leave it half there."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)


def put_back_signals(previous: Handlers) -> None:
    from blogforge.forks import guard_forks

    for signum, handler in previous.items():  # (main() may be called again, as in tests)
        signal.signal(signum, handler)
    guard_forks(False)


def stopped_status(stopped_by: list[int]) -> int:
    """The exit status of a command stopped so, as the shell says it: 130 Ctrl+C, 143 SIGTERM."""
    return 128 + (stopped_by[0] if stopped_by else signal.SIGINT)


@contextmanager
def stop_signals_held() -> Iterator[None]:
    """Ctrl+C, SIGTERM and SIGHUP held back while the calling thread starts threads, their
    handlers run as it leaves. `Thread.start()` waits in a condition for the new thread to run,
    and a handler's KeyboardInterrupt raised there, just as the condition had let go of its
    lock, let go of it again on the way out: "RuntimeError: release unlocked lock", a
    traceback and exit status 1 where `serve` stops quietly. Threads started meanwhile keep
    the mask, as they should: the system gives a signal to a thread that does not hold it, and
    Python runs its handler in the main thread there and then, inside whatever that thread
    holds it across (a fork whose child it has yet to note: `Aside.start`)."""
    if not hasattr(signal, "pthread_sigmask"):  # (Windows: no signal masks, and no SIGHUP)
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {*STOP_SIGNALS, *HANG_UP})
    try:
        yield
    finally:  # (a signal that came meanwhile has its handler run by this call)
        signal.pthread_sigmask(signal.SIG_SETMASK, held)

"""Processes forked while a command handles Ctrl+C and SIGTERM itself (check, serve): they
start as a build's workers, and never lose a SIGTERM sent to them as they start."""

from __future__ import annotations

import contextlib
import os
import signal
import threading

# A SIGTERM that reaches a process just forked (a build's worker), before Python in it has
# settled, is dropped: CPython clears the signals pending at a fork. The pool then waits for
# ever for a worker that was told to end. So while a command (check, serve) handles SIGTERM
# itself, SIGTERM is held back across each fork, and the child is given a worker's defaults
# (SIGTERM ends it, Ctrl+C is its parent's to handle) before a SIGTERM held for it is let
# through.
_forks = {"guarded": False, "hooked": False}
_masks: dict[int, set[signal.Signals]] = {}  # forking thread -> its signal mask before the fork


def guard_forks(on: bool) -> None:
    """While on, SIGTERM is held back across every fork and the child starts as a worker (see
    above); a command that handles SIGTERM itself turns it on before its handler."""
    if not _forks["hooked"]:  # (hooks stay for the process's life: the flag switches them)
        os.register_at_fork(before=_hold_sigterm, after_in_parent=_release_sigterm,
                            after_in_child=_settle_child)
        _forks["hooked"] = True
    _forks["guarded"] = on


def _hold_sigterm() -> None:
    if _forks["guarded"]:
        _masks[threading.get_ident()] = signal.pthread_sigmask(signal.SIG_BLOCK,
                                                               {signal.SIGTERM})


def _release_sigterm() -> None:
    mask = _masks.pop(threading.get_ident(), None)
    if mask is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _settle_child() -> None:
    if threading.get_ident() in _masks:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        _forks["guarded"] = False  # (the child's own forks are not the command's to guard)
    _release_sigterm()


def end_child(pid: int, kill: bool = False) -> None:
    """Wait for a process this one forked to end (`kill`: end it first); one gone is fine."""
    with contextlib.suppress(OSError):
        if kill:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)

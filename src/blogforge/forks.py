"""Processes forked while a command handles Ctrl+C and SIGTERM itself (check, serve): they
start as a build's workers, and never lose a SIGTERM sent to them as they start. And `Aside`:
a function called in a forked process while the build goes on with other work."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

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


class Aside:
    """`function(*args)` called in a forked process while this one goes on: the second core's
    work when one core would do all of it (a single large post's code highlighted while it is
    parsed and its text read while its HTML is rendered, new Chinese names' pinyin while the
    bodies are, the whole search index while the feeds are written). What it returns comes
    back pickled, when `result` is asked."""

    def __init__(self, process: BaseProcess, receive: Connection) -> None:
        self.process, self.receive = process, receive
        self.owner, self.done = os.getpid(), False  # (a process forked later holds a copy)

    @classmethod
    def start(cls, function: Callable[..., Any], *args: Any) -> Aside | None:
        """The process started (its arguments are this process's objects: forked, not
        pickled), or None when none could be."""
        import multiprocessing  # (here: a build that never sets work aside does not load it)

        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_send_result, args=(function, args, send),
                                  daemon=True)
        try:
            process.start()
        except OSError:
            receive.close()
            return None
        finally:
            send.close()
        return cls(process, receive)

    def result(self) -> Any:
        """What the function returned; None when the process failed or could not send it
        (the caller does the work itself)."""
        try:
            made = self.receive.recv()
        except (EOFError, OSError):
            made = None
        finally:
            self.done = True
            self.receive.close()
            self.process.join()
        return made

    def stop(self) -> None:
        """End the process unheard: the work that wanted it stopped."""
        self.done = True
        self.receive.close()
        self.process.kill()
        self.process.join()

    def __del__(self) -> None:
        """Never asked for its result (the build stopped first; in `serve`, a newer save
        started another): the process is ended, not left to finish for nobody."""
        if not self.done and self.owner == os.getpid():
            self.stop()


def _send_result(function: Callable[..., Any], args: tuple, send: Connection) -> None:
    """In the forked process: what `function` returns, or None when it raised (the parent then
    calls it itself, and meets the error where it reports it)."""
    from blogforge.cache import worker_signals

    worker_signals()
    try:
        made = function(*args)
    except Exception:
        made = None
    with contextlib.suppress(OSError):  # the parent is gone (interrupted): nobody to tell
        send.send(made)
    send.close()

"""Processes forked while a command handles Ctrl+C and SIGTERM itself (check, serve): they
start as a build's workers, and never lose a SIGTERM sent to them as they start; `Aside`:
a function called in a forked process while the build goes on with other work; and
`WorkerPool`: the build's processes rendering bodies and pages."""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import threading
from collections import deque
from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

from blogforge.stop_signals import HANG_UP, STOP_SIGNALS, stop_signals_held

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from blogforge.cache import Store

T = TypeVar("T")

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
        # (a worker's handlers only: dying with the parent, the rest of worker_signals, is
        # for the workers, which call it themselves; not every child forked here is one)
        _worker_handlers()
        _forks["guarded"] = False  # (the child's own forks are not the command's to guard)
    _release_sigterm()


# Every fork made here (`fork`, `WorkerPool`) holds Ctrl+C, SIGTERM and SIGHUP back across it
# besides, in the forking code, their handlers run as it returns: CPython runs the hooks
# registered for a fork as Python code (logging's, which take its lock before the fork and let
# go of it after; this module's above), where a handler's KeyboardInterrupt is reported
# ("Exception ignored in") and dropped. The Ctrl+C was lost, and, raised as logging's hook was
# to let go of its lock, the lock was kept for ever: the preview went on serving, and once
# stopped, hung on watchdog's thread waiting for that lock.
def fork() -> int:
    """`os.fork()`, the stop signals held back across it (see above): in the parent a Ctrl+C
    meanwhile is raised as it returns (a caller that must note the child before, holds them
    across both: `Aside.start`); in the child, what was sent to it meanwhile is let
    through then, its handlers set (a worker's, when the fork is guarded)."""
    with stop_signals_held():
        return os.fork()


def worker_signals() -> None:
    """In a process a build forked: Ctrl+C is the parent's to handle (it stops the pool),
    SIGTERM ends the worker at once, whatever handlers the parent had when it forked, and so
    does the parent's end (`kill -9` of the build: its workers would render on for nobody and
    print a traceback each as they found it gone)."""
    # The parent as it was when it forked (multiprocessing notes it before the fork): asked
    # now, a parent killed in between would be whoever adopted the worker.
    from multiprocessing import parent_process  # (loaded already in a worker it started)

    spawner = parent_process()
    _die_with(spawner.pid if spawner is not None and spawner.pid else os.getppid())


def _die_with(parent: int) -> None:
    """`worker_signals` for a process forked by `parent`."""
    _worker_handlers()
    # (then the stop signals let through, as they were before the fork: a process forked
    # while its parent held them until it had noted it, `Aside.start`, starts with them held)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {*STOP_SIGNALS, *HANG_UP})
    with contextlib.suppress(OSError, AttributeError):  # (Linux's prctl; elsewhere not)
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # (it ended before that was set)
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _worker_handlers() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def give_back_freed_memory() -> None:
    """Hand the memory this process freed back to the system (glibc's `malloc_trim`; nothing
    where there is none). A pool worker frees tens of megabytes a minute (each body's HTML,
    tokens and formulas) that glibc keeps for later in pieces it seldom reuses: a body worker
    of a blog whose formulas are all different grew by ~14 MB for it over 500 posts."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def usable_cores() -> int:
    """The cores this process may run on (`taskset`, a container's CPU set), not the
    machine's: two workers on one core doubled the memory for nothing."""
    usable = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return len(usable) if usable else os.cpu_count() or 1


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
    bodies are, the whole search index while the feeds are written, the output folder looked
    at while the posts are loaded). What it returns comes back pickled, through a pipe, when
    `result` is asked. (A plain fork: multiprocessing's Process took 10-20 ms to import and
    start, as much as some of the work set aside.)"""

    def __init__(self, pid: int, receive: int) -> None:
        self.pid, self.receive = pid, receive
        self.owner, self.done = os.getpid(), False  # (a process forked later holds a copy)
        self.give_to: int | None = None  # (the pipe a `waiting` process reads its arguments from)
        self.hearing: threading.Thread | None = None  # (reading the result: `hear_at_once`)
        self.heard: list[bytes] = []

    @classmethod
    def start(cls, function: Callable[..., Any], *args: Any) -> Aside | None:
        """The process started (its arguments are this process's objects: forked, not
        pickled), or None when none could be."""
        parent = os.getpid()
        try:
            receive, send = os.pipe()
        except OSError:
            return None
        aside = None
        try:
            # (held until the process is noted: a Ctrl+C raised as `fork` returned, or in the
            # lines after, left it unnoted, nobody's to end, at its work for nobody: the search
            # index's went on writing into the staging folder of a build that had stopped and
            # removed it, which it made again)
            with stop_signals_held():
                try:
                    pid = fork()
                except OSError:
                    os.close(receive)
                    os.close(send)
                    return None
                if pid == 0:
                    os.close(receive)
                    _send_result(parent, function, args, send)  # (never returns)
                os.close(send)
                aside = cls(pid, receive)
        except BaseException:  # (that Ctrl+C, raised as the hold ends: the process is ended)
            if aside is not None:
                aside.stop()
            raise
        return aside

    @classmethod
    def waiting(cls, prepare: Callable[[], object], function: Callable[..., Any]
                ) -> Aside | None:
        """`function` called in a process forked now, which calls `prepare` at once (an import:
        done while this process imports its own modules and the other core has nothing to
        do) and then waits for the arguments `give` sends it; None when none could be
        started."""
        try:
            read_args, give_to = os.pipe()
        except OSError:
            return None
        aside = cls.start(_called_when_given, prepare, function, read_args, give_to)
        os.close(read_args)
        if aside is None:
            os.close(give_to)
        else:
            aside.give_to = give_to
        return aside

    def give(self, *args: Any) -> bool:
        """Send a `waiting` process the arguments of its function (pickled: more than a pipe
        holds waits for its `prepare` to end); False when it cannot take them (the caller
        does the work itself)."""
        give_to, self.give_to = self.give_to, None
        if give_to is None:
            return False
        try:
            with open(give_to, "wb") as pipe:  # (closes it)
                pipe.write(pickle.dumps(args, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:  # (it died)
            self.stop()
            return False
        return True

    def hear_at_once(self) -> None:
        """Read what the process sends as soon as it sends it, by a thread of this process,
        not when `result` is asked: a process whose result is more than a pipe holds (a large
        body's text, 5 MB pickled) waited to send it until then, with all it had copied of
        this process's memory as it read (~140 MB beside a 6 MB post's HTML being rendered).
        Only for a process this one asks for its result before it forks again."""
        def hear() -> None:
            with contextlib.suppress(OSError), open(self.receive, "rb") as pipe:  # (closes it)
                self.heard.append(pipe.read())

        self.hearing = threading.Thread(target=hear, daemon=True)
        # (started holding the stop signals, it keeps them held: a signal the kernel gave this
        # thread had its handler run by the main thread even where that one held them, `fork`)
        with stop_signals_held():
            self.hearing.start()

    def result(self) -> Any:
        """What the function returned; None when the process failed or could not send it
        (the caller does the work itself)."""
        if self.give_to is not None:  # (a `waiting` process never given its arguments)
            self.stop()
        if self.done:  # (stopped: its pipe is closed)
            return None
        try:
            if self.hearing is not None:
                self.hearing.join()
                sent = b"".join(self.heard)
                self.heard.clear()
            else:
                with open(self.receive, "rb") as pipe:  # (closes it)
                    sent = pipe.read()
            made = pickle.loads(sent) if sent else None
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            made = None
        except BaseException:  # (Ctrl+C, a stop signal: the work is no longer wanted, and
            self.done = True  # waiting for it to end kept the build from stopping until then)
            end_child(self.pid, kill=True)
            raise
        self.done = True
        end_child(self.pid)
        return made

    def stop(self) -> None:
        """End the process unheard: the work that wanted it stopped."""
        self.done = True
        # (the pipe a thread reads is its to close, once the process's end has ended its read)
        for pipe in (self.receive if self.hearing is None else None, self.give_to):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    os.close(pipe)
        self.give_to = None
        end_child(self.pid, kill=True)
        if self.hearing is not None:
            self.hearing.join()

    def __del__(self) -> None:
        """Never asked for its result (the build stopped first; in `serve`, a newer save
        started another): the process is ended, not left to finish for nobody."""
        if not self.done and self.owner == os.getpid():
            self.stop()


def _send_result(parent: int, function: Callable[..., Any], args: tuple,
                 send: int) -> NoReturn:
    """In the forked process: what `function` returns, or None when it raised (the parent then
    calls it itself, and meets the error where it reports it); then the process ends, without
    the parent's exit handlers or its unwritten output, which are the parent's."""
    try:
        _die_with(parent)
        try:
            made = pickle.dumps(function(*args), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            made = pickle.dumps(None)
        with contextlib.suppress(OSError), open(send, "wb") as pipe:  # (the parent may be gone)
            pipe.write(made)
    finally:
        os._exit(0)


def _called_when_given(prepare: Callable[[], object], function: Callable[..., Any],
                       read_args: int, give_to: int) -> Any:
    """In a process `Aside.waiting` forked: `prepare`, then `function` of what `give` sent.
    The arguments are one pickle, read to its end, not to the pipe's (the processes the
    parent forks later hold its writing end too)."""
    os.close(give_to)
    prepare()
    with open(read_args, "rb") as pipe:
        args = pickle.load(pipe)
    return function(*args)


def with_cache_added(job: Callable[[], T], store: Store | None
                     ) -> tuple[T, dict[tuple[str, str], str]]:
    """In a forked process (`Aside`) that reads and adds to the build cache: what `job`
    returns, and what it added to the cache (the parent's entries not written yet are read
    here, and written by the parent, which adds these to them: `Store.add_pending`)."""
    inherited = store.after_fork() if store is not None else {}
    made = job()
    return made, store.take_added(inherited) if store is not None else {}


class WorkerDied(OSError):
    """A pool process ended while it had work (killed, out of memory): the build stops with
    this, as with a disk that failed it, instead of waiting for an answer that never comes
    (which multiprocessing.Pool does: it starts another process and forgets the task)."""


class WorkerPool:
    """`jobs` processes forked from this one: each calls `start(*args)` once (the state they
    share is this process's, by fork: not pickled), then `work(item)` for the items it is
    handed, a chunk at a time, over a pipe of its own. The pool watches each process's pipe
    and its end together, so a process that dies is noticed at once (`WorkerDied`); an
    exception `work` raises is raised here. Leaving the `with` block ends the processes that
    are left (an error, Ctrl+C); `close` lets them finish: each runs what it registered to
    run at its end (multiprocessing's `Finalize`), as it would in multiprocessing.Pool."""

    def __init__(self, jobs: int, start: Callable[..., None], args: tuple,
                 work: Callable[[Any], Any]) -> None:
        import multiprocessing  # (here: a build of a few posts has no pool, nor imports it)

        context = multiprocessing.get_context("fork")
        self.workers: list[tuple[BaseProcess, Connection]] = []
        try:
            for _ in range(jobs):
                mine, theirs = context.Pipe()
                inherited = [conn for _, conn in self.workers] + [mine]
                process = context.Process(target=_serve, daemon=True,
                                          args=(theirs, inherited, start, args, work))
                with stop_signals_held():  # (a fork: see `fork`; and a Ctrl+C raised once the
                    process.start()        # process is noted, for `terminate` to end it)
                    theirs.close()
                    self.workers.append((process, mine))
        except BaseException:
            self.terminate()
            raise

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.terminate()

    def results(self, items: Sequence[Any], chunk: int = 1,
                ordered: bool = True, lanes: Sequence[Hashable] | None = None
                ) -> Iterator[Any]:
        """What `work` returned for each item: in the items' order, or (`ordered=False`) as
        the processes finish them. `lanes`: the lane of each chunk (None: any), for work
        whose chunks of a lane share what a process makes once (the cards of a language's
        lists): a process takes the first chunk of its own lane or of one no process has
        taken yet, and the first left when there is none (`_next_chunk`)."""
        from multiprocessing.connection import wait

        todo = deque(enumerate(items[at:at + chunk] for at in range(0, len(items), chunk)))
        idle = list(self.workers)
        busy: dict[Any, tuple[int, BaseProcess, Connection]] = {}  # pipe or end -> its chunk
        done: dict[int, list[Any]] = {}
        owners: dict[Hashable, Connection] = {}  # lane -> the process that took it first
        next_out = 0
        while todo or busy:
            while idle and todo:
                process, conn = idle.pop()
                number, part = _next_chunk(todo, lanes, owners, conn)
                try:
                    conn.send(part)
                except OSError:
                    raise WorkerDied(_died(process)) from None
                busy[conn] = busy[process.sentinel] = (number, process, conn)
            for ready in wait(list(busy)):
                if ready not in busy:  # (its pipe and its end both: answered with the pipe)
                    continue
                number, process, conn = busy[ready]
                try:
                    if ready is not conn:
                        raise EOFError  # ended with its chunk unanswered
                    outcome, made = conn.recv()
                except (EOFError, OSError):  # (OSError: it died in the middle of its answer)
                    raise WorkerDied(_died(process)) from None
                if outcome == "raised":
                    raise made
                del busy[conn], busy[process.sentinel]
                idle.append((process, conn))
                if ordered:
                    done[number] = made
                else:
                    yield from made
            while next_out in done:
                yield from done.pop(next_out)
                next_out += 1

    def close(self) -> None:
        """Let each process finish (what it registered for its end runs) and wait for it; one
        that ends badly is `WorkerDied`."""
        for _, conn in self.workers:
            with contextlib.suppress(OSError):  # (gone already: its exit code says so)
                conn.send(None)
        for process, conn in self.workers:
            process.join()
            conn.close()
        ended_badly = [process for process, _ in self.workers if process.exitcode != 0]
        self.workers = []
        if ended_badly:
            raise WorkerDied(_died(ended_badly[0]))

    def terminate(self) -> None:
        for process, _ in self.workers:
            with contextlib.suppress(OSError):
                process.terminate()  # (SIGTERM: a worker ends at once, worker_signals)
        for process, conn in self.workers:
            process.join()
            conn.close()
        self.workers = []


def _next_chunk(todo: deque[tuple[int, T]], lanes: Sequence[Hashable] | None,
                owners: dict[Hashable, Connection], taker: Connection) -> tuple[int, T]:
    """The chunk `taker` is handed next (see `WorkerPool.results`), taken out of `todo`: of
    its own lane or an untaken one, the first; else the first left (a process with nothing
    left of its own helps with another's lane, so that the processes end together)."""
    if lanes is not None:
        for place, (number, part) in enumerate(todo):
            lane = lanes[number]
            if lane is None or owners.setdefault(lane, taker) is taker:
                del todo[place]
                return number, part
    return todo.popleft()


def _died(process: BaseProcess) -> str:
    process.join(1)  # (its exit status, if it has one yet)
    code = process.exitcode
    how = (f"was killed by {signal.Signals(-code).name}" if code is not None and code < 0
           and -code in signal.valid_signals() else f"ended with status {code}")
    return (f"a build process (pid {process.pid}) {how} before it finished its work (out of "
            "memory?); build again")


def _serve(conn: Connection, inherited: list[Connection], start: Callable[..., None],
           args: tuple, work: Callable[[Any], Any]) -> None:
    """A pool process: `start`, then each chunk it is sent answered, until it is sent None."""
    # (it never returns from the fork that held the stop signals back, `WorkerPool`: they are
    # let through here, as they were before it, its handlers set if it is a worker)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {*STOP_SIGNALS, *HANG_UP})
    for other in inherited:  # (the pool's ends: theirs to hold, not this process's)
        other.close()
    start(*args)
    while (part := conn.recv()) is not None:
        try:
            answer: tuple[str, Any] = ("made", [work(item) for item in part])
        except Exception as exc:
            answer = ("raised", exc)
        try:
            conn.send(answer)
        except Exception as exc:  # (what it raised, or made, could not be pickled)
            if answer[0] == "made":
                raise
            conn.send(("raised", RuntimeError(f"{type(exc).__name__}: {exc}")))

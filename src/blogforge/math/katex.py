"""KaTeX through pykatex (KaTeX compiled into QuickJS, installed from PyPI, no Node, no JS files).

One `KatexRenderer` per build. QuickJS contexts are not thread-safe, so calls are serialised.
"""

from __future__ import annotations

import ctypes
import os
import re
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from .mathml import repair_mathml
from .settings import KATEX_VERSION, pykatex_version

_AT_POSITION = re.compile(r"\s+at position (\d+):.*\Z", re.DOTALL)
_AT_END = re.compile(r"\s+at end of input:.*\Z", re.DOTALL)


@dataclass(frozen=True)
class KatexResult:
    """A formula rendered by KaTeX, or why it could not be."""

    html: str | None = None
    error: str | None = None  # KaTeX's message when it could not render
    # What KaTeX said on its console while rendering ("No character metrics for '😀' …"):
    # reported as warnings of the formula, never printed.
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class KatexError:
    """KaTeX's refusal of a formula, and where in the TeX it stopped."""

    message: str  # without KaTeX's own "at position N: context" tail
    position: int | None  # 0-based index into the TeX that was rendered, when KaTeX gave one


def parse_error(message: str) -> KatexError:
    match = _AT_POSITION.search(message)
    if match:
        return KatexError(message[: match.start()], int(match.group(1)) - 1)
    match = _AT_END.search(message)
    if match:
        return KatexError(message[: match.start()], None)
    return KatexError(message, None)


class KatexRenderer:
    """Renders TeX to HTML/MathML, reporting failures as values rather than exceptions."""

    # A renderer that batches has `render_many(requests)`, which costs less than a `render`
    # per formula (v8.py): MathEngine.prefetch then hands it a post's formulas at once.
    batches = False

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.calls = 0
        # What the output depends on besides the options and the TeX (for cache keys).
        # (bump the "mathml" number when repair_mathml changes what it writes)
        self.identity = f"pykatex {pykatex_version()} / KaTeX {KATEX_VERSION} / mathml 3"

    @staticmethod
    def options(display: bool, output: str) -> dict[str, object]:
        return {
            "displayMode": display,
            "output": "mathml" if output == "mathml" else "htmlAndMathml",
            # KaTeX's strict mode is about LaTeX compatibility (CJK in math mode, full-width
            # punctuation), not about errors; with "warn" it prints to the console for every
            # Chinese character, which is noise for a Chinese blog.
            "strict": "ignore",
            "throwOnError": True,
        }

    def render(self, tex: str, display: bool, output: str) -> KatexResult:
        # (imported at the first formula a build renders: a build whose formulas all come
        # from the cache, a one-post edit's, does without loading QuickJS: 5 ms)
        import pykatex

        options = self.options(display, output)
        with self._lock:
            self.calls += 1
            try:
                html, said = console_of(lambda: pykatex.renderToString(tex, **options))
            except pykatex.ParseError as exc:
                return KatexResult(error=str(exc) or "parse error")
            except Exception as exc:  # QuickJS internal errors must not stop a build
                return KatexResult(error=f"internal error: {exc}")
        return KatexResult(html=repair_mathml(html), warnings=said)


T = TypeVar("T")


def console_of(call: Callable[[], T]) -> tuple[T, tuple[str, ...]]:
    """`call()` and the lines it wrote to file descriptor 1, where pykatex's QuickJS prints
    KaTeX's `console.warn` ("No character metrics for '𝟙' …"): for a writer, a line of the
    build's output with no file or line to it. Where descriptor 1 cannot be borrowed, the
    call runs as it is."""
    try:
        sink = _sink()
        sys.stdout.flush()
        saved = os.dup(1)
    except (OSError, ValueError):
        return call(), ()
    os.dup2(sink, 1)
    try:
        value = call()
    finally:
        if _LIBC is not None:
            _LIBC.fflush(None)  # (what C's stdio still holds for descriptor 1)
        os.dup2(saved, 1)
        os.close(saved)
    written = os.lseek(sink, 0, os.SEEK_CUR)
    if not written:
        return value, ()
    said = os.pread(sink, written, 0).decode("utf-8", "replace")
    os.ftruncate(sink, 0)
    os.lseek(sink, 0, os.SEEK_SET)
    return value, tuple(line for line in said.splitlines() if line.strip())


def _load_libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None)
    except OSError:
        return None


_LIBC = _load_libc()
_SINKS: dict[int, int] = {}  # process id -> the descriptor of its temporary file


def _sink() -> int:
    """This process's temporary file for `console_of` (a forked worker opens its own: a
    descriptor inherited from the parent would share its offset)."""
    pid = os.getpid()
    if pid not in _SINKS:
        try:  # (a file in memory: a build writes no file but its output and its cache, and
            # the temporary folder may be none it can write in: a read-only /tmp)
            _SINKS[pid] = os.memfd_create("blogforge-katex-console", os.MFD_CLOEXEC)
        except (AttributeError, OSError):  # (not Linux)
            with tempfile.TemporaryFile() as handle:  # (already unlinked: gone with the process)
                _SINKS[pid] = os.dup(handle.fileno())
    return _SINKS[pid]

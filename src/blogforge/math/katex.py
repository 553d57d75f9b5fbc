"""KaTeX through pykatex (KaTeX compiled into QuickJS, installed from PyPI, no Node, no JS files).

One `KatexRenderer` per build. QuickJS contexts are not thread-safe, so calls are serialised.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import pykatex

from .mathml import repair_mathml
from .settings import KATEX_VERSION, pykatex_version

_AT_POSITION = re.compile(r"\s+at position (\d+):.*\Z", re.DOTALL)
_AT_END = re.compile(r"\s+at end of input:.*\Z", re.DOTALL)


@dataclass(frozen=True)
class KatexResult:
    html: str | None = None
    error: str | None = None  # KaTeX's message when it could not render


@dataclass(frozen=True)
class KatexError:
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
        self.identity = f"pykatex {pykatex_version()} / KaTeX {KATEX_VERSION} / mathml 1"

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
        options = self.options(display, output)
        with self._lock:
            self.calls += 1
            try:
                html = pykatex.renderToString(tex, **options)
            except pykatex.ParseError as exc:
                return KatexResult(error=str(exc) or "parse error")
            except Exception as exc:  # QuickJS internal errors must not stop a build
                return KatexResult(error=f"internal error: {exc}")
        return KatexResult(html=repair_mathml(html))

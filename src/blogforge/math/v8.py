"""KaTeX in V8 (the `mini-racer` package), for the processes that render many formulas.

The same KaTeX as pykatex's: the official `katex.min.js` of the version inside pykatex, taken
from the checked npm package in the machine's cache (see assets.py), so the HTML is the same,
byte for byte, and the two share one render cache. V8 compiles KaTeX to machine code where
QuickJS interprets it: a formula costs ~0.3 ms instead of ~1.5 ms — when formulas are handed
over a post at a time, since every call into V8 costs ~0.4 ms of its own (`render_many`).

V8 is started only in a build's pool workers: it cannot start again in a process forked from
one where it runs, and the process that builds (and `serve`, which builds again and again)
forks those workers. Anything that keeps V8 from starting leaves pykatex in place.
"""

from __future__ import annotations

import json
from typing import Any

from .katex import KatexRenderer, KatexResult
from .mathml import repair_mathml

START_AFTER = 64  # formulas a process renders with pykatex before starting V8 (see below)
# V8 lets its heap grow long before it collects: a pool worker of a blog whose formulas are all
# different grew by ~15 MB for it (1,000 posts of `--unique-math`, two workers: the build's peak
# 335 -> 309 MB). After this many formulas it is asked to collect (~15 ms; a blog that repeats
# its formulas renders few, and seldom pays it).
COLLECT_AFTER = 2000

# Called with a JSON array of [tex, options]; answers a JSON array of [html, null, console] or
# [null, message]: `console`, what KaTeX said on its console rendering it (as pykatex's are,
# katex.console_of). KaTeX's own parse errors lose the "KaTeX parse error: " that pykatex
# leaves out too.
_DRIVER = """
function blogforgeRenderAll(requests) {
  var said = [];
  var own = globalThis.console;
  var say = function () { said.push(Array.prototype.join.call(arguments, " ")); };
  globalThis.console = {log: say, warn: say, error: say, info: say};
  try {
    return JSON.stringify(requests.map(function (request) {
      said = [];
      try {
        return [katex.renderToString(request[0], request[1]), null, said];
      } catch (error) {
        if (error instanceof katex.ParseError) {
          return [null, String(error.message).replace(/^KaTeX parse error: /, "")];
        }
        return [null, "internal error: " + String(error)];
      }
    }));
  } finally {
    globalThis.console = own;
  }
}
"""


class V8KatexRenderer(KatexRenderer):
    """`KatexRenderer` on V8, with `render_many` for a post's formulas in one call.

    V8 starts once the process has had `START_AFTER` formulas to render: starting it (~0.15 s)
    costs what pykatex takes for ~100, more than a blog that repeats its formulas leaves a
    worker to render. Until then, and for good if V8 cannot start, pykatex renders."""

    batches = True

    def __init__(self, script: str, identity: str) -> None:
        super().__init__()
        self.identity = identity  # pykatex's: the output is the same
        self._script: str | None = script  # until V8 is started
        self._context: Any = None
        self._asked = 0  # formulas asked for so far
        self._since_collected = 0  # formulas V8 rendered since it last collected its garbage
        self.collections = 0

    @property
    def running(self) -> bool:
        return self._context is not None

    def start(self) -> bool:
        """Start V8 now, if it was not; whether it runs KaTeX."""
        if self._script is not None:
            self._context, self._script = _launch(self._script), None
        return self.running

    def render(self, tex: str, display: bool, output: str) -> KatexResult:
        return self.render_many([(tex, display, output)])[0]

    def render_many(self, requests: list[tuple[str, bool, str]]) -> list[KatexResult]:
        self._asked += len(requests)
        if self.running or self._asked > START_AFTER and self.start():
            results = self._in_v8(requests)
            if results is not None:
                return results
        return [KatexRenderer.render(self, *request) for request in requests]

    def _in_v8(self, requests: list[tuple[str, bool, str]]) -> list[KatexResult] | None:
        """The results from V8, or None when it failed (out of memory, or the like), which
        leaves pykatex to render from then on."""
        payload = json.dumps([[tex, self.options(display, output)]
                              for tex, display, output in requests])
        with self._lock:
            try:
                answers = json.loads(self._context.eval(f"blogforgeRenderAll({payload})"))
            except Exception:
                self._context = None
                return None
            self.calls += len(requests)
            self._since_collected += len(requests)
            if self._since_collected > COLLECT_AFTER:
                self._context.low_memory_notification()
                self._since_collected = 0
                self.collections += 1
        return [KatexResult(html=repair_mathml(answer[0]), warnings=tuple(answer[2]))
                if answer[0] is not None else KatexResult(error=answer[1] or "parse error")
                for answer in answers]


def _launch(script: str) -> Any:
    """A fresh V8 running KaTeX's `script`, or None when V8 cannot start or the script is not
    KaTeX."""
    try:
        from py_mini_racer import MiniRacer

        context = MiniRacer()
        context.eval(script)
        context.eval(_DRIVER)
        if context.eval("typeof katex.renderToString") == "function":
            return context
    except Exception:  # no wheel for this platform, a damaged script, V8 refusing to start…
        pass
    return None

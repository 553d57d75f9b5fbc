"""`MathEngine`: one per build; owns the KaTeX renderer, the caches and the site macros."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..cache import FILE_NAME, Store
from .cache import RenderCache, cache_key, key_prefix
from .document import MathDocument
from .katex import KatexRenderer, KatexResult
from .macros import MacroTable
from .plugin import formula_tokens, hand_over
from .settings import MathSettings
from .texscan import Rewrite

# KaTeX's HTML output holds the MathML it would give alone, in a span of its own.
_EMBEDDED_MATHML = re.compile(r'<span class="katex-mathml">(<math\b.*?</math>)</span>', re.S)


# Formulas `prefetch` remembers having walked: a blog whose formulas are all different would
# otherwise have each pool worker hold every one of them, for nothing.
WALKED_FORMULAS = 4096

# What `katex` answers for a formula that `prefetch` will render (its walk shows nothing).
_NOT_YET = KatexResult(error="not rendered yet")


@dataclass(frozen=True)
class EngineStats:
    """How a build's formulas were had: rendered, from memory, from the cache."""

    katex_calls: int  # formulas actually rendered by KaTeX
    memory_hits: int  # served from this build's memory
    disk_hits: int  # served from the on-disk cache of an earlier build


class MathEngine:
    def __init__(
        self,
        settings: MathSettings | None = None,
        cache_dir: Path | str | None = None,
        renderer: KatexRenderer | None = None,
        store: Store | None = None,
    ) -> None:
        """Renders are kept in `store` (the build's cache), or in a cache file of their own in
        `cache_dir`; with neither, for this engine's life only."""
        self.settings = settings or MathSettings()
        self.renderer = renderer or KatexRenderer()
        if store is None and cache_dir is not None:
            store = Store(Path(cache_dir) / FILE_NAME)
        self.cache = RenderCache(store)
        self.site_macros = MacroTable.from_mapping(self.settings.macros)
        # (TeX, display, output, quiet: a feed's) -> HTML of formulas that need nothing of
        # their post (document.py), and the key of the render it came from
        self.shared_formulas: dict[tuple[str, bool, str, bool], tuple[str, str]] = {}
        # TeX -> its plain text, of formulas that read the same in every post (document.py)
        self.plain_texts: dict[str, str] = {}
        # While `prefetch` walks a post: cache key -> (tex, display, output) not rendered yet.
        self._wanted: dict[str, tuple[str, bool, str]] | None = None
        self._walked: set[tuple[str, str]] = set()  # the formulas `prefetch` walked through
        # Formulas the walk worked out ((TeX, display) -> (rewrite, macro prefix)), that
        # depend on nothing of their post: the post's rendering takes them rather than do it
        # again.
        self.walked_shared: dict[tuple[str, bool], tuple[Rewrite, str]] = {}
        self._key_prefixes: dict[tuple[bool, str], bytes] = {}  # (display, output) -> key_prefix

    def document(
        self,
        source_path: Path | str | None,
        line_offset: int = 0,
        *,
        output: str | None = None,
        quiet: bool = False,
    ) -> MathDocument:
        """Math state for one post (macros, labels, equation counter, diagnostics).

        `output` overrides the site's output for this rendering (a feed renders the body again
        with `output="mathml"`); `quiet` keeps such a second rendering from repeating warnings.
        """
        path = Path(source_path) if source_path is not None else None
        return MathDocument(self, path, line_offset, output or self.settings.output, quiet)

    def katex(self, tex: str, display: bool, output: str) -> KatexResult:
        """Render exactly `tex`, through the memory and disk caches."""
        key = self.key(tex, display, output)
        if self._wanted is not None and output != "mathml":
            # (`prefetch` walks a post: the store is asked for those memory lacks at once,
            # after the walk; a feed's MathML is taken from the HTML render, as below)
            result = self.cache.recall(key)
            if result is None:
                self._wanted[key] = (tex, display, output)
                return _NOT_YET
            return result
        result = self.cache.get(key)
        if result is not None:
            return result
        if output == "mathml":
            result = self._mathml_of_html(tex, display)
            if result is not None:  # (in memory only: remade from the HTML render by a search,
                self.cache.remember(key, result)  # it is not an entry for a body to name)
                return result
        if result is None and self._wanted is not None:
            self._wanted[key] = (tex, display, output)
            return _NOT_YET
        if result is None:
            result = self.renderer.render(tex, display, output)
        self.cache.put(key, result)
        return result

    def prefetch(self, tokens: Sequence[Any], document: MathDocument) -> None:
        """With a renderer that batches (V8), render the formulas of a parsed post in one call
        before the post is rendered, which then finds each of them in the cache.

        The formulas are the ones rendering `tokens` asks for: a scratch copy of `document`
        walks them (macros, numbers and all) and notes those this process does not hold; the
        build's cache is asked for them at once, and KaTeX renders the rest. One it
        did not foresee is rendered on its own when the post is, as it is without a batch.
        A post whose formulas were all walked through before is not walked again: on a blog
        that repeats its formulas, the walk would find nothing to render in most posts."""
        if not self.renderer.batches:
            return
        found = formula_tokens(tokens)
        formulas = {(token.type, token.content) for token in found}
        if formulas <= self._walked:
            return
        if len(self._walked) > WALKED_FORMULAS:  # (forgetting costs a walk, never a render)
            self._walked.clear()
        self._walked |= formulas
        scratch = self.document(document.source_path, document.line_offset,
                                output=document.output, quiet=True)
        self._wanted, self.walked_shared = {}, {}
        try:
            for token in found:
                hand_over(token, scratch)
        finally:
            wanted, self._wanted = self._wanted, None
        stored = self.cache.get_many(list(wanted)) if wanted else {}
        new = [key for key in wanted if key not in stored]
        if new:
            results = self.renderer.render_many([wanted[key] for key in new])
            for key, result in zip(new, results, strict=True):
                self.cache.put(key, result)

    @property
    def walking(self) -> bool:
        """Whether `prefetch` is walking a post (formulas are noted, not rendered)."""
        return self._wanted is not None

    def use_v8(self) -> None:
        """KaTeX in V8 from now on, when this machine has KaTeX's script (v8.py). Only for a
        process that forks no other: a build's pool worker."""
        if type(self.renderer) is not KatexRenderer:
            return  # (a renderer given by the caller stays)
        from .assets import cached_script
        from .v8 import V8KatexRenderer

        script = cached_script()
        if script is not None:
            self.renderer = V8KatexRenderer(script, self.renderer.identity)

    def _mathml_of_html(self, tex: str, display: bool) -> KatexResult | None:
        """A feed, an excerpt or a title wants MathML of a formula whose HTML rendering (which
        carries the same MathML inside) is already known: take it from there, not from KaTeX."""
        html_key = self.key(tex, display, "html")
        known = self.cache.get(html_key)
        if known is None or known.html is None:
            return None
        match = _EMBEDDED_MATHML.search(known.html)
        return KatexResult(html=f'<span class="katex">{match.group(1)}</span>',
                           warnings=known.warnings) if match else None

    def key(self, tex: str, display: bool, output: str) -> str:
        """The cache key of `tex` rendered with these options by this renderer."""
        prefix = self._key_prefixes.get((display, output))
        if prefix is None:
            prefix = key_prefix(self.renderer.identity, self.renderer.options(display, output))
            self._key_prefixes[(display, output)] = prefix
        return cache_key(prefix, tex)

    def save(self) -> None:
        """Write this engine's new renders to its store."""
        if self.cache.store is not None:
            self.cache.store.flush()

    @property
    def stats(self) -> EngineStats:
        return EngineStats(self.renderer.calls, self.cache.memory_hits, self.cache.disk_hits)

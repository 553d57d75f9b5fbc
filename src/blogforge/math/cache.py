"""Two-level render cache: a dict for this build, the build cache (SQLite) across builds.

Keys hash the renderer identity, the KaTeX options and the exact TeX sent (which includes the
`\\def` prefix of every macro it uses), so any change that could alter the output changes the key.
Failures are cached too: a broken formula is reported on every build without re-running KaTeX.
"""

from __future__ import annotations

import hashlib
import json

from ..cache import Store
from .katex import KatexResult

SCHEMA = 3  # bump when what we store, or how keys are made, changes
KIND = "katex"


def key_prefix(identity: str, options: dict[str, object]) -> bytes:
    """What every key made with these options starts from (JSON: it holds no raw newline)."""
    return json.dumps([SCHEMA, identity, options], sort_keys=True,
                      ensure_ascii=False).encode("utf-8") + b"\n"


def cache_key(prefix: bytes, tex: str) -> str:
    return hashlib.sha256(prefix + tex.encode("utf-8")).hexdigest()


MEMORY_ENTRIES = 1024  # renders kept in memory, the most recently used (the store has all)


class RenderCache:
    def __init__(self, store: Store | None = None) -> None:
        self.store = store
        # Bounded: a pool worker of a blog whose formulas are all different would otherwise
        # hold every one it rendered (~30 MB per 7,500), for nothing.
        self._memory: dict[str, KatexResult] = {}
        self.memory_hits = 0
        self.disk_hits = 0

    def get(self, key: str) -> KatexResult | None:
        result = self._memory.pop(key, None)
        if result is not None:
            self._memory[key] = result  # (now the most recently used)
            self.memory_hits += 1
            self.note(key)
            return result
        if self.store is None:
            return None
        result = _result_of(self.store.get(KIND, key))
        if result is not None:
            self.remember(key, result)
            self.disk_hits += 1
        return result

    def recall(self, key: str) -> KatexResult | None:
        """A render held in this process's memory (the store is not asked)."""
        result = self._memory.get(key)
        if result is not None:
            self.get(key)  # (counted, noted and made the most recently used, as `get` does)
        return result

    def get_many(self, keys: list[str]) -> dict[str, KatexResult]:
        """The renders of `keys` (none of them in memory) that the store holds, asked of it
        at once: a post's new formulas are one query, not one each (a cold build's misses)."""
        if self.store is None:
            return {}
        for key in keys:
            self.store.note(KIND, key)  # (asked for, as `Store.get` notes them)
        found: dict[str, KatexResult] = {}
        for key, data in self.store.get_many(KIND, keys).items():
            if (result := _result_of(data)) is not None:
                self.remember(key, result)
                self.disk_hits += 1
                found[key] = result
        return found

    def note(self, key: str) -> None:
        """A render used from a memory of this process (for the store's `noting`: the body
        that used it names it, so that it is kept while the body is)."""
        if self.store is not None:
            self.store.note(KIND, key)

    def put(self, key: str, result: KatexResult) -> None:
        self.remember(key, result)
        if self.store is not None:
            self.store.put(KIND, key, {"html": result.html, "error": result.error,
                                       "warnings": list(result.warnings)})

    def remember(self, key: str, result: KatexResult) -> None:
        self._memory[key] = result
        if len(self._memory) > MEMORY_ENTRIES:
            del self._memory[next(iter(self._memory))]


def _result_of(data: object) -> KatexResult | None:
    """A stored render, or None for one missing or damaged (rendered again)."""
    if not isinstance(data, dict):
        return None
    html, error = data.get("html"), data.get("error")
    warnings = data.get("warnings", [])
    if not isinstance(html, str | None) or not isinstance(error, str | None) or (
            html is None and error is None) or not isinstance(warnings, list) or not all(
            isinstance(warning, str) for warning in warnings):
        return None
    return KatexResult(html=html, error=error, warnings=tuple(warnings))

"""Two-level render cache: a dict for this build, JSON files on disk across builds.

Keys hash the renderer identity, the KaTeX options and the exact TeX sent (which includes the
`\\def` prefix of every macro it uses), so any change that could alter the output changes the key.
Failures are cached too: a broken formula is reported on every build without re-running KaTeX.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from .katex import KatexResult

SCHEMA = 1  # bump when what we store changes shape


def cache_key(identity: str, options: dict[str, object], tex: str) -> str:
    payload = json.dumps([SCHEMA, identity, options, tex], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class RenderCache:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = Path(directory) if directory is not None else None
        self._memory: dict[str, KatexResult] = {}
        self._made_dirs: set[Path] = set()
        self.memory_hits = 0
        self.disk_hits = 0

    def _path(self, key: str) -> Path:
        assert self.directory is not None
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> KatexResult | None:
        result = self._memory.get(key)
        if result is not None:
            self.memory_hits += 1
            return result
        if self.directory is None:
            return None
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            result = KatexResult(html=data.get("html"), error=data.get("error"))
        except (OSError, ValueError, AttributeError):
            return None  # missing or damaged entry: render again
        if result.html is None and result.error is None:
            return None
        self._memory[key] = result
        self.disk_hits += 1
        return result

    def put(self, key: str, result: KatexResult) -> None:
        self._memory[key] = result
        if self.directory is None:
            return
        path = self._path(key)
        tmp = None
        try:
            if path.parent not in self._made_dirs:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._made_dirs.add(path.parent)
            # Write-then-rename so parallel builds never read half an entry.
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"html": result.html, "error": result.error}, handle, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:
            # A read-only or full disk only costs speed.
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)

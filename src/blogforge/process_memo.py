"""What a process worked out once for a build, which its later builds take as it is: a
preview's without a cache, a script's building several sites, the test suite's thousands of
small sites (each built from nothing, they compiled the theme's templates again every time:
half of a small site's build). Only what is worked out from its key alone (a template's
source, a YAML text, a run of Chinese); the build cache holds the rest, checked against what
it depends on."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

K = TypeVar("K")
V = TypeVar("V")

MOST = 512  # entries a memo holds before it is emptied (a preview edited for days)


class ProcessMemo(dict[K, V]):
    """A dict that forgets everything when it is full, rather than growing for ever."""

    every: ClassVar[list[ProcessMemo[Any, Any]]] = []  # (for a test to start as a new process)

    def __init__(self) -> None:
        super().__init__()
        ProcessMemo.every.append(self)

    def keep(self, key: K, value: V) -> V:
        if len(self) >= MOST and key not in self:
            self.clear()
        self[key] = value
        return value

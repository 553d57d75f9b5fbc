"""What the preview knows about the site right now, shared by the rebuild thread and every
request thread: which build is being served, what each build changed, the current errors.

Pages carry the version they were served at; a browser that connects (or reconnects after its
tab was hidden) says which version it shows, and learns exactly what changed since, so a tab
never stays stale because it missed an event.
"""

from __future__ import annotations

import secrets
import threading
from collections import deque
from dataclasses import dataclass

HISTORY = 200  # builds remembered; a page older than that simply reloads


@dataclass(frozen=True)
class Update:
    """What one browser tab is told: everything it needs to decide between nothing, a style
    swap, a reload and the error overlay."""

    instance: str
    version: int
    changed: list[str] | None  # output files changed since the tab's version; None: everything
    errors: list[str]

    def as_json(self) -> dict:
        return {"instance": self.instance, "version": self.version,
                "changed": self.changed, "errors": self.errors}


class PreviewState:
    def __init__(self, base_path: str = "/") -> None:
        self.instance = secrets.token_hex(6)  # a restarted server is another instance
        self.base_path = base_path
        self.version = 0  # successful builds so far; 0: nothing to serve yet
        self.serial = 0  # bumps on every change a browser must hear about
        self.errors: list[str] = []
        self.busy = False  # a change was seen and its build has not finished
        # what the last good build held back, for the preview's 404 page: (why: "draft",
        # "future", "expired"; the post's file, as messages name it), and how `build` says it
        self.held_back: list[tuple[str, str]] = []
        self.held_back_lines: list[str] = []
        self.stopping = False
        self._history: deque[tuple[int, frozenset[str] | None]] = deque(maxlen=HISTORY)
        self._cond = threading.Condition()

    # --- the rebuild thread -------------------------------------------------------------------
    def begin(self) -> None:
        with self._cond:
            self.busy = True

    def idle(self) -> None:
        with self._cond:
            self.busy = False
            self._cond.notify_all()

    def published(self, changed: list[str] | None, base_path: str | None = None) -> int:
        """A build succeeded; `changed` None means every file may have changed."""
        with self._cond:
            self.version += 1
            self._history.append((self.version, None if changed is None else frozenset(changed)))
            self.errors = []
            if base_path is not None:
                self.base_path = base_path
            self.busy = False
            self.serial += 1
            self._cond.notify_all()
            return self.version

    def failed(self, errors: list[str]) -> None:
        """A build failed: the last good pages stay, the errors are shown over them."""
        with self._cond:
            self.errors = list(errors)
            self.busy = False
            self.serial += 1
            self._cond.notify_all()

    def stop(self) -> None:
        with self._cond:
            self.stopping = True
            self.busy = False
            self._cond.notify_all()

    # --- request threads ----------------------------------------------------------------------
    def wait_idle(self, timeout: float) -> None:
        """Let a request that arrives mid-build get the new page rather than the old one."""
        with self._cond:
            self._cond.wait_for(lambda: not self.busy, timeout)

    def wait_update(self, seen_serial: int, timeout: float) -> int:
        """Block until something new happened (or timeout); the serial to wait from next."""
        with self._cond:
            self._cond.wait_for(lambda: self.serial != seen_serial or self.stopping, timeout)
            return self.serial

    def update_for(self, version: int, instance: str | None) -> Update:
        """What a tab showing `version` (served by `instance`) must know now."""
        with self._cond:
            # (a page served before the first good build, when that build failed, is what
            # there is to show: told "everything changed", its tab reloaded to the same page
            # and answer, several times a second, and never showed the errors)
            if instance != self.instance or (version <= 0 < self.version):
                changed = None
            elif version >= self.version:
                changed = []
            else:
                changed = self._changed_since(version)
            return Update(self.instance, self.version, changed, list(self.errors))

    def _changed_since(self, version: int) -> list[str] | None:
        if not self._history or self._history[0][0] > version + 1:
            return None  # older than what is remembered
        files: set[str] = set()
        for built, changed in self._history:
            if built > version:
                if changed is None:
                    return None
                files |= changed
        return sorted(files)

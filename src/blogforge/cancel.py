"""Stopping a build part way: the preview starts a new build when a file is saved during one,
and the old one's work would be redone anyway. A build asks its `Checkpoint` between steps and
every few items of a long loop; the checkpoint raises `BuildCancelled` to stop it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

Checkpoint = Callable[[], None]


class BuildCancelled(Exception):
    """A newer change arrived: the rest of this build would be redone anyway."""


def checkpoint_for(cancel: Callable[[], bool] | None) -> Checkpoint:
    """A checkpoint that stops the build once `cancel()` is true."""
    def check() -> None:
        if cancel is not None and cancel():
            raise BuildCancelled
    return check


def never() -> None:
    """The checkpoint of a build nothing can stop (the CLI's)."""


T = TypeVar("T")


def checked(items: Iterable[T], check: Checkpoint, every: int = 16) -> Iterator[T]:
    """`items`, asking `check` every few: a long loop that a newer change can stop."""
    for count, item in enumerate(items):
        if count % every == 0:
            check()
        yield item

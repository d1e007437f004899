"""Port: how far long work has come, for whoever watches it (a bar on the operator's terminal).

A use case announces the steps it will take and counts each one done; it never learns whether
anybody looks. Several use cases may report to the same `Progress` (several tenants side by
side): each `start` adds to what lies ahead.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def start(self, total: int) -> None:
        """`total` more steps lie ahead."""

    def advance(self, steps: int = 1) -> None:
        """`steps` of them are done."""


class _Unwatched:
    def start(self, total: int) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass


UNWATCHED: Progress = _Unwatched()
"""Nobody watches: the default of every use case that reports progress."""

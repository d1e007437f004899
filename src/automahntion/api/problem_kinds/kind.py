"""What a problem kind is: its `type` code, status, title and what it means to the caller."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProblemKind:
    code: str
    status: int
    title: str
    description: str
    """What happened and what the caller can do (Markdown-free, one paragraph or two)."""


def kind(code: str, status: int, title: str, description: str) -> ProblemKind:
    return ProblemKind(code, status, title, " ".join(description.split()))

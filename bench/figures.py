"""Figures a benchmark measured, for `bench/table.py` to print as one table.

Each benchmark prints its own report and, when `BENCH_FIGURES` names a file, also appends one
JSON line per figure to it. Run alone, a benchmark only prints.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

import msgspec

FIGURES_ENV = "BENCH_FIGURES"

Direction = Literal["min", "max"]
"""`min`: the value must reach the target; `max`: it must stay at or below it."""


class Figure(msgspec.Struct, frozen=True):
    section: str
    name: str
    value: float
    unit: str
    target: float | None = None
    direction: Direction | None = None

    @property
    def met(self) -> bool | None:
        if self.target is None or self.direction is None:
            return None
        return self.value >= self.target if self.direction == "min" else self.value <= self.target


@dataclass(frozen=True)
class Recorder:
    section: str

    def __call__(
        self,
        name: str,
        value: float,
        unit: str,
        *,
        at_least: float | None = None,
        at_most: float | None = None,
    ) -> Figure:
        direction: Direction | None = None
        target = None
        if at_least is not None:
            direction, target = "min", at_least
        elif at_most is not None:
            direction, target = "max", at_most
        figure = Figure(self.section, name, float(value), unit, target, direction)
        path = os.environ.get(FIGURES_ENV)
        if path:
            with open(path, "ab") as out:
                out.write(msgspec.json.encode(figure) + b"\n")
        return figure


def read(path: str) -> list[Figure]:
    with open(path, "rb") as source:
        return [msgspec.json.decode(line, type=Figure) for line in source if line.strip()]

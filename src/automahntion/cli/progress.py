"""Progress bars for long commands (`sync`, `run`, `demo`), drawn by rich on stderr when it is
a terminal; nothing at all when it is not (CI, pipes, cron), so what the commands print stays
as it was."""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from typing import TextIO, cast

from rich.console import Console
from rich.file_proxy import FileProxy
from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.progress import Progress as Bars
from rich.text import Text

from automahntion.app.progress import UNWATCHED, Progress


class _Bar:
    """One bar; several use cases may count on it (tenants side by side)."""

    def __init__(self, bars: Bars, task: TaskID) -> None:
        self._bars = bars
        self._task = task
        self._total = 0

    def start(self, total: int) -> None:
        self._total += total
        self._bars.update(self._task, total=self._total)

    def advance(self, steps: int = 1) -> None:
        self._bars.advance(self._task, steps)


class Display:
    """Where a command shows how far it has come. Without bars (`stderr` no terminal) every
    bar is `UNWATCHED` and the output is left alone."""

    def __init__(self, bars: Bars | None) -> None:
        self._bars = bars

    def bar(self, description: str) -> Progress:
        if self._bars is None:
            return UNWATCHED
        return _Bar(self._bars, self._bars.add_task(description, total=None))

    def output(self, out: TextIO) -> TextIO:
        """`out`, or on a terminal its lines printed above the bars instead of through them."""
        if self._bars is None or not out.isatty():
            return out
        return cast(TextIO, FileProxy(self._bars.console, out))


class _AboveBars(io.TextIOBase):
    """`sys.stderr` while the bars are drawn: each whole line written (a JSON log line, a
    warning) is printed above the bars as it is — not wrapped, no markup — instead of through
    them."""

    def __init__(self, console: Console) -> None:
        self._console = console
        self._partial = ""

    def write(self, text: str) -> int:
        *lines, self._partial = (self._partial + text).split("\n")
        for line in lines:
            self._console.print(
                Text(line), soft_wrap=True, markup=False, highlight=False, emoji=False
            )
        return len(text)

    def flush(self) -> None:
        if self._partial:
            self.write("\n")

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._console.file.fileno()


@contextlib.contextmanager
def progress_display(stream: TextIO | None = None) -> Iterator[Display]:
    """Bars on `stream` (stderr) while the block runs, if it is a terminal."""
    stream = stream or sys.stderr
    if not stream.isatty():
        yield Display(None)
        return
    bars = Bars(
        TextColumn("{task.description:<22}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(file=stream),
        redirect_stdout=False,
        redirect_stderr=False,
    )
    with bars, contextlib.redirect_stderr(_AboveBars(bars.console)):
        yield Display(bars)

"""Outside services a benchmark talks to, each in a process of its own as in production: a
lexoffice or mail sandbox in this process would take the GIL from the code measured."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def sandbox_process(name: str, port: int, *options: str) -> Iterator[None]:
    """`automahntion sandbox NAME` in its own process, until it accepts connections."""
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "automahntion", "sandbox", name, "--port", str(port), *options],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        log.seek(0)
                        output = log.read().decode(errors="replace")
                        raise RuntimeError(f"sandbox {name} did not start: {output}") from None
                    time.sleep(0.1)
            yield
        finally:
            process.terminate()
            process.wait(timeout=30)

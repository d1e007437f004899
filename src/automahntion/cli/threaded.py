"""Serve an ASGI app on 127.0.0.1 in a background thread: the demo's sandbox, the
benchmarks' and the tests' servers."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import uvicorn

STARTUP_TIMEOUT_S = 10.0


def bound_socket() -> socket.socket:
    """A socket on a free port of 127.0.0.1, for when the URL must be known before the app."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


KEEP_ALIVE_S = 10


def free_port() -> int:
    with contextlib.closing(bound_socket()) as sock:
        return int(sock.getsockname()[1])


def url_of(sock: socket.socket) -> str:
    return f"http://127.0.0.1:{sock.getsockname()[1]}"


@contextlib.contextmanager
def serving(app: Any, sock: socket.socket | None = None, **options: Any) -> Iterator[str]:
    """Yield the base URL (e.g. "http://127.0.0.1:54321") while `app` is served; `options`
    go to `uvicorn.Config` (e.g. `ssl_certfile`, `ssl_keyfile`).

    An idle connection is kept longer (`KEEP_ALIVE_S`) than clients keep one to reuse (httpx:
    5 s): a server closing it first may close it just as a client sends on it, which the
    client sees as "connection reset" (a busy machine made it happen)."""
    sock = sock or bound_socket()
    config = uvicorn.Config(
        app,
        log_level="warning",
        lifespan="on",
        timeout_graceful_shutdown=2,
        timeout_keep_alive=KEEP_ALIVE_S,
        **options,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            raise RuntimeError(f"the server for {url_of(sock)} did not start")
        time.sleep(0.01)
    try:
        yield url_of(sock)
    finally:
        server.should_exit = True
        thread.join(timeout=STARTUP_TIMEOUT_S)
        sock.close()

"""`automahntion serve` and `automahntion sandbox NAME`: long-running servers on 127.0.0.1."""

from __future__ import annotations

import argparse
import json
import socket
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any, TextIO

import uvicorn
from litestar import Litestar
from uvicorn.config import STARTUP_FAILURE

from automahntion.app.clock import Clock
from automahntion.bootstrap.settings import Settings
from automahntion.bootstrap.web import serving_app
from automahntion.cli.sandboxes import serve_sandbox

GRACEFUL_SHUTDOWN_S = 1
"""Open requests get this long after SIGTERM; then the app stops its jobs (the process must be
gone within 5 s, before Docker's 10 s kill)."""
SANDBOX_PORTS = {"lexoffice": 8101, "postal": 8102, "payments": 8103, "mail": 1025}


def port(text: str) -> int:
    """A TCP port to listen on: uvicorn and the sandboxes hung silently on one above 65535."""
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number from 1 to 65535")
    return int(text)


def add_parsers(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    """Adds `serve` and `sandbox`; returns the `serve` parser."""
    commands.add_parser("openapi", help="print the OpenAPI document (what openapi/v1.json holds)")
    serving = commands.add_parser("serve", help="the API server")
    serving.add_argument("--host", default="127.0.0.1")
    serving.add_argument("--port", type=port, default=8000)
    sandbox = commands.add_parser("sandbox", help="run a stand-in of an outside API")
    sandbox.add_argument("name", choices=sorted(SANDBOX_PORTS))
    defaults = ", ".join(f"{port} for {name}" for name, port in SANDBOX_PORTS.items())
    sandbox.add_argument("--port", type=port, help=f"default: {defaults}")
    sandbox.add_argument(
        "--host", default="127.0.0.1", help="default: 127.0.0.1 (0.0.0.0 inside a container)"
    )
    sandbox.add_argument(
        "--out", type=Path, default=Path("sandbox-mail"), help="mail: folder of the .eml files"
    )
    sandbox.add_argument(
        "--rate", type=float, default=2.0, help="lexoffice: requests per second per organization"
    )
    return serving


Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
"""Plain ASGI (uvicorn's view): Litestar's own types leave out the lifespan messages."""


class StartUp:
    """The app, with what made its start-up fail kept for `serve` to report in one line:
    Litestar hands uvicorn the whole traceback as the failure's text, which uvicorn logs as one
    message before it exits with 3."""

    def __init__(self, app: Litestar) -> None:
        self.app = app
        self.error: BaseException | None = None

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await self.app(scope, receive, send)  # type: ignore[arg-type]
            return

        async def quiet(message: Message) -> None:
            if message["type"] == "lifespan.startup.failed":
                message = {"type": "lifespan.startup.failed", "message": ""}
            await send(message)

        try:
            await self.app(scope, receive, quiet)  # type: ignore[arg-type]
        except BaseException as error:
            self.error = _first_cause(error)
            raise


def _first_cause(error: BaseException) -> BaseException:
    while isinstance(error, BaseExceptionGroup) and error.exceptions:
        error = error.exceptions[0]
    return error


class CannotListen(Exception):
    """The address `serve` was asked to listen on cannot be bound (in use, not this host's)."""


def listening(host: str, port: int) -> socket.socket:
    """The server's socket, bound before anything starts: uvicorn binds only after the app's
    start-up, so a `serve` on a port in use had started its container and the day's schedule
    (and could be cut off in the middle of a send) before it failed."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family=family)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        reason = error.strerror or str(error)
        raise CannotListen(f"serve: cannot listen on {host}:{port}: {reason}") from None
    return sock


def serve(args: argparse.Namespace, settings: Settings, clock: Clock) -> None:
    """A start-up that fails (the database unreachable, …) ends `serve` with its own error."""
    settings.require_secret_key()
    sock = listening(args.host, args.port)
    app = StartUp(serving_app(settings, clock))
    config = uvicorn.Config(
        app,
        host=args.host,
        port=args.port,
        log_level="warning",
        log_config=None,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
        proxy_headers=False,
    )
    server = uvicorn.Server(config)
    try:
        with sock:
            server.run(sockets=[sock])
    except SystemExit:
        if app.error is not None and not isinstance(app.error, SystemExit):
            raise app.error from None
        raise
    except KeyboardInterrupt:
        return
    if not server.started:
        raise SystemExit(STARTUP_FAILURE)


def openapi_document(clock: Clock) -> str:
    """The document the server serves at /schema/openapi.json; it does not depend on settings."""
    schema = serving_app(Settings(), clock).openapi_schema.to_schema()
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def print_openapi(clock: Clock, out: TextIO) -> None:
    out.write(openapi_document(clock))


def run_sandbox(args: argparse.Namespace) -> None:
    serve_sandbox()(
        args.name,
        host=args.host,
        port=args.port or SANDBOX_PORTS[args.name],
        folder=args.out,
        rate_per_second=args.rate,
    )

"""The `automahntion` command."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import warnings
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import NoReturn, TextIO, cast
from uuid import uuid4

from automahntion.adapters.clock import AsOfClock, SystemClock
from automahntion.app.clock import Clock
from automahntion.app.log_context import log_context
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.database import MigrationFailed, migrate
from automahntion.bootstrap.database_errors import DATABASE_ERRORS, explain
from automahntion.bootstrap.logs import configure_logging
from automahntion.bootstrap.observability import init_error_reporting
from automahntion.bootstrap.settings import Settings, SettingsError
from automahntion.bootstrap.worker import build_worker
from automahntion.cli import admin, messages, review, run, sync, tenants
from automahntion.cli.as_of import add_as_of
from automahntion.cli.demo import demo_moment, run_demo
from automahntion.cli.pipeline import run_pipeline
from automahntion.cli.sandboxes import SandboxesMissing
from automahntion.cli.serve import CannotListen, print_openapi, run_sandbox, serve
from automahntion.cli.serve import add_parsers as add_server_parsers
from automahntion.domain.calendar import berlin_today
from automahntion.domain.errors import DomainError

ContainerCommand = Callable[[argparse.Namespace, Container, TextIO], Awaitable[None]]


class _Parser(argparse.ArgumentParser):
    """A usage error is one line on stderr (exit 2), like every other refusal of the command;
    `--help` still shows the usage."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _version() -> str:
    try:
        return version("automahntion")
    except PackageNotFoundError:
        return "unknown"


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="automahntion",
        description="Payment reminders and dunning notices for lexoffice invoices.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    # Every sub-command's parser is a `_Parser` too (argparse makes them of the root's class).
    commands = cast(
        "argparse._SubParsersAction[argparse.ArgumentParser]",
        parser.add_subparsers(dest="command", required=True),
    )
    demo = commands.add_parser(
        "demo", help="the whole service on sample data: sandbox, sync, one cycle, .eml files"
    )
    demo.add_argument("--out", type=Path, default=Path("demo-out"), help="default: demo-out")
    demo.add_argument(
        "--no-serve", action="store_true", help="exit after the cycle (default when not a TTY)"
    )
    add_as_of(demo)
    commands.add_parser("migrate", help="apply database migrations")
    syncing = commands.add_parser("sync", help="pull invoices and contacts from lexoffice now")
    syncing.add_argument("--tenant", type=sync.tenant_id, help="only this tenant")
    add_as_of(syncing)
    running = commands.add_parser("run", help="one dunning cycle now")
    running.add_argument("--tenant", type=sync.tenant_id, help="only this tenant")
    running.add_argument("--dry-run", action="store_true", help="print, send nothing")
    running.add_argument(
        "--json", action="store_true", help="with --dry-run: one JSON list on stdout, for scripts"
    )
    add_as_of(running)
    add_as_of(commands.add_parser("worker", help="the arq worker with its schedule (needs Redis)"))
    tenants.add_parsers(commands)
    review.add_parsers(commands, add_as_of)
    messages.add_parsers(commands)
    admin.add_parsers(commands)
    add_as_of(add_server_parsers(commands))
    return parser


def _clock(as_of: datetime | None) -> Clock:
    return AsOfClock(as_of) if as_of is not None else SystemClock()


COMMANDS: dict[str, ContainerCommand] = {
    "tenants": tenants.run,
    "admin": admin.run,
    "sync": sync.run,
    "run": run.run,
    "review": review.run,
    "messages": messages.run,
}


OBSERVED = {"serve": "api", "worker": "worker", "run": "run", "sync": "sync"}
"""The commands that write JSON log lines and report errors, with the component they name."""

log = logging.getLogger(__name__)


async def _with_container(args: argparse.Namespace, settings: Settings, clock: Clock) -> None:
    container = await Container.start(settings, clock)
    try:
        await COMMANDS[args.command](args, container, sys.stdout)
    finally:
        await container.stop()


def _observed(settings: Settings, component: str) -> None:
    configure_logging()
    init_error_reporting(settings, component)


def _fail(message: str, code: int) -> int:
    print(f"automahntion: {message}", file=sys.stderr)
    return code


def _run(args: argparse.Namespace, clock: Clock) -> None:
    if args.command == "demo":
        now = demo_moment(clock.now(), sys.stdout)
        run_demo(berlin_today(now), sys.stdout)
        serving = not args.no_serve and sys.stdin.isatty()
        asyncio.run(run_pipeline(now, args.out, sys.stdout, serve=serving))
        return
    if args.command == "sandbox":
        run_sandbox(args)
        return
    if args.command == "openapi":
        print_openapi(clock, sys.stdout)
        return
    settings = Settings.from_env()
    if args.command in OBSERVED:
        _observed(settings, OBSERVED[args.command])
    if args.command == "migrate":
        asyncio.run(migrate(settings.database_url))
    elif args.command == "serve":
        serve(args, settings, clock)
    elif args.command == "worker":
        build_worker(settings, clock).run()
    else:
        asyncio.run(_with_container(args, settings, clock))


def _unexpected(command: str, error: Exception) -> int:
    """Logged once with its traceback (a JSON line), and one line for the operator."""
    log.error(
        "%s failed: %s: %s",
        command,
        type(error).__name__,
        error,
        exc_info=error,
        extra={"event": "unhandled_error"},
    )
    reason = " ".join(str(error).split())
    return _fail(f"unexpected error: {type(error).__name__}{f': {reason}' if reason else ''}", 1)


def main(argv: Sequence[str] | None = None) -> int:
    warnings.filterwarnings("ignore", message=r".*Unable to (fetch server version|connect)")
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "run" and args.json and not args.dry_run:
        parser.error("run: --json needs --dry-run")
    if args.command in ("run", "sync"):
        with log_context(run_id=uuid4()):
            return _main(args)
    return _main(args)


def _main(args: argparse.Namespace) -> int:
    try:
        _run(args, _clock(getattr(args, "as_of", None)))
    except BrokenPipeError:
        sys.stderr.close()
    except SettingsError as error:
        return _fail(str(error), 2)
    except sync.TenantsFailed as error:
        for line in error.lines:
            print(f"automahntion: {line}", file=sys.stderr)
        return 1
    except (DomainError, MigrationFailed, SandboxesMissing, CannotListen) as error:
        return _fail(str(error), 1)
    except DATABASE_ERRORS as error:
        return _fail(explain(error), 1)
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if args.command not in OBSERVED:
            raise
        return _unexpected(args.command, error)
    return 0

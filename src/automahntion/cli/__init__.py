"""The `automahntion` command."""

from __future__ import annotations

import argparse
import asyncio
import sys
import warnings
from collections.abc import Sequence
from datetime import datetime

from automahntion.adapters.clock import AsOfClock, SystemClock
from automahntion.app.clock import Clock
from automahntion.bootstrap.database import Database, MigrationFailed, migrate
from automahntion.bootstrap.database_errors import DATABASE_ERRORS, explain
from automahntion.bootstrap.settings import Settings, SettingsError
from automahntion.cli import tenants
from automahntion.cli.as_of import parse_as_of
from automahntion.cli.demo import run_demo
from automahntion.domain.calendar import berlin_today
from automahntion.domain.errors import DomainError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="automahntion",
        description="Payment reminders and dunning notices for lexoffice invoices.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="run the rules on sample invoices and print them")
    add_as_of(demo)
    commands.add_parser("migrate", help="apply database migrations")
    tenants.add_parsers(commands)
    return parser


def add_as_of(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of",
        type=parse_as_of,
        metavar="YYYY-MM-DD[THH:MM]",
        help="the service's clock for this command (a date alone means 07:00 Europe/Berlin)",
    )


def _clock(as_of: datetime | None) -> Clock:
    return AsOfClock(as_of) if as_of is not None else SystemClock()


async def _with_database(args: argparse.Namespace, settings: Settings, clock: Clock) -> None:
    database = Database.connect(settings.database_url, settings.require_secret_key())
    await database.start()
    try:
        await tenants.run(args, database, clock, sys.stdout)
    finally:
        await database.stop()


def _fail(message: str, code: int) -> int:
    print(f"automahntion: {message}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    warnings.filterwarnings("ignore", message=r".*Unable to (fetch server version|connect)")
    args = _parser().parse_args(argv)
    clock = _clock(getattr(args, "as_of", None))
    try:
        if args.command == "demo":
            run_demo(berlin_today(clock.now()), sys.stdout)
            return 0
        settings = Settings.from_env()
        if args.command == "migrate":
            asyncio.run(migrate(settings.database_url))
        else:
            asyncio.run(_with_database(args, settings, clock))
    except BrokenPipeError:
        sys.stderr.close()
    except SettingsError as error:
        return _fail(str(error), 2)
    except (DomainError, MigrationFailed) as error:
        return _fail(str(error), 1)
    except DATABASE_ERRORS as error:
        return _fail(explain(error), 1)
    return 0

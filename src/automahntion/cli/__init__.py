"""The `automahntion` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime

from automahntion.adapters.clock import AsOfClock, SystemClock
from automahntion.app.clock import Clock
from automahntion.cli.as_of import parse_as_of
from automahntion.cli.demo import run_demo
from automahntion.domain.calendar import berlin_today


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="automahntion",
        description="Payment reminders and dunning notices for lexoffice invoices.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="run the rules on sample invoices and print them")
    demo.add_argument(
        "--as-of",
        type=parse_as_of,
        metavar="YYYY-MM-DD[THH:MM]",
        help="the service's clock for this command (a date alone means 07:00 Europe/Berlin)",
    )
    return parser


def _clock(as_of: datetime | None) -> Clock:
    return AsOfClock(as_of) if as_of is not None else SystemClock()


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    clock = _clock(args.as_of)
    try:
        if args.command == "demo":
            run_demo(berlin_today(clock.now()), sys.stdout)
    except BrokenPipeError:
        sys.stderr.close()
    return 0

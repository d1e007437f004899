"""`--as-of YYYY-MM-DD[THH:MM]`: a date alone means 07:00 Europe/Berlin."""

from __future__ import annotations

import argparse
from datetime import datetime

from automahntion.domain.calendar import BERLIN

DEFAULT_TIME = "T07:00"


def parse_as_of(text: str) -> datetime:
    full = text if "T" in text else text + DEFAULT_TIME
    try:
        return datetime.strptime(full, "%Y-%m-%dT%H:%M").replace(tzinfo=BERLIN)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not YYYY-MM-DD or YYYY-MM-DDTHH:MM"
        ) from None


def add_as_of(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as-of",
        type=parse_as_of,
        metavar="YYYY-MM-DD[THH:MM]",
        help="the service's clock for this command (a date alone means 07:00 Europe/Berlin)",
    )

"""How often a temporarily refused e-mail is tried again within one send (rule 3: "retried with
backoff up to 3 times"): the first try and three retries, waiting 1, 2 and 4 seconds."""

from __future__ import annotations

SEND_ATTEMPTS = 4
RETRY_DELAY_S = 1.0


def backoff_s(attempt: int) -> float:
    """The wait after the refused try numbered `attempt` (0 for the first)."""
    return RETRY_DELAY_S * float(2**attempt)


def retries_left(attempt: int) -> bool:
    return attempt + 1 < SEND_ATTEMPTS

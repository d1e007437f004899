"""Dunning: one tenant's day planned (`domain.day_plan`), then sent — load, re-check, claim,
render, send, record — each step in a module of its own (see `cycle`)."""

from automahntion.app.dunning.cycle import report_of, run_cycle, send_day
from automahntion.app.dunning.letter_preview import letter_preview
from automahntion.app.dunning.load import CycleDay, plan_cycle
from automahntion.app.dunning.ports import DunningPorts, SendPorts
from automahntion.app.dunning.prepare import message_id
from automahntion.app.dunning.report import (
    ATTENTION,
    BY_POST,
    NO_POSTAL,
    CycleReport,
    Line,
    Outcome,
)
from automahntion.domain.activation import NOT_ACTIVATED

__all__ = [
    "ATTENTION",
    "BY_POST",
    "NOT_ACTIVATED",
    "NO_POSTAL",
    "CycleDay",
    "CycleReport",
    "DunningPorts",
    "Line",
    "Outcome",
    "SendPorts",
    "letter_preview",
    "message_id",
    "plan_cycle",
    "report_of",
    "run_cycle",
    "send_day",
]

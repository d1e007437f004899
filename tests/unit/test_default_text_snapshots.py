"""The default texts as debtors read them, every level × German/English × one invoice/bundle,
compared with the reviewed files under tests/snapshots/default_texts/.

After an intended change of a default text, rewrite the files and read the diff before
committing it:

    UPDATE_SNAPSHOTS=1 pytest tests/unit/test_default_text_snapshots.py
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from automahntion.adapters.templates import SandboxedTemplateRenderer
from automahntion.app.mail.rendering import InvoiceLine, MessageFacts
from automahntion.domain.default_texts import DEFAULT_TEMPLATES
from automahntion.domain.escalation import SentLevel
from automahntion.domain.interest import Charge, ChargeKind, InterestPeriod
from automahntion.domain.levels import LEVELS, AfterLastLevel, Level
from automahntion.domain.salutation import Addressee, Title

SNAPSHOTS = Path(__file__).parent.parent / "snapshots" / "default_texts"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"
SENT_ON = date(2026, 12, 7)


def _fee(cents: int = 5_00) -> Charge:
    return Charge("Mahngebühr", cents, "Gebühr dieser Mahnstufe", kind=ChargeKind.LEVEL_FEE)


def _interest(principal: int, cents: int) -> Charge:
    period = InterestPeriod(
        date(2026, 10, 20), date(2026, 12, 7), 49, Decimal("9.27"), Decimal(cents) / 100
    )
    return Charge(
        "Verzugszinsen (§ 288 BGB)",
        cents,
        "(German explanation, not shown)",
        kind=ChargeKind.INTEREST,
        periods=(period,),
        principal_cents=principal,
    )


_FLAT = Charge(
    "Verzugspauschale (§ 288 Abs. 5 BGB)", 40_00, "einmalig 40,00 EUR", kind=ChargeKind.FLAT_FEE
)


def _fees(level: Level, principal: int, interest: int) -> tuple[Charge, ...]:
    if level is Level.M1:
        return (_fee(),)
    if level is Level.M2:
        return (_fee(), _interest(principal, interest), _FLAT)
    if level is Level.M3:
        return (_fee(10_00), _interest(principal, interest))
    return ()


def _previous(level: Level) -> SentLevel | None:
    """The level below was sent two weeks earlier (none before R1)."""
    if level is Level.R1:
        return None
    return SentLevel(LEVELS[level.rank - 1], SENT_ON - timedelta(days=14))


def single(level: Level) -> MessageFacts:
    fees = _fees(level, 1_234_56, 15_37)
    return MessageFacts(
        customer_name="Weber Catering",
        invoice_number="RE-2026-0815",
        invoice_date=date(2026, 10, 6),
        due_date=date(2026, 10, 20),
        open_cents=1_234_56,
        total_cents=1_234_56,
        days_overdue=48,
        fees=fees,
        company_name="Bäckerei Sonnenschein GmbH",
        payment_details="Bankverbindung: Sparkasse Musterstadt, IBAN DE02 1203 0000 0000 2020 51",
        addressee=Addressee(Title.MS, "Weber"),
        payment_deadline=date(2026, 12, 14),
        payment_days=7,
        previous=_previous(level),
        is_last_level=level is Level.M3,
        after_last_level=AfterLastLevel.COURT_PROCEDURE,
        document_attached=level.is_dunning_notice,
    )


def bundle(level: Level) -> MessageFacts:
    lines = (
        InvoiceLine(
            "RE-1", date(2026, 10, 1), date(2026, 10, 15), 119_00, _fees(level, 119_00, 1_48)
        ),
        InvoiceLine("RE-2", date(2026, 10, 8), date(2026, 10, 22), 80_50, _fees(level, 80_50, 92)),
        InvoiceLine("RE-3", date(2026, 10, 20), date(2026, 11, 3), 1_999_99, ()),
    )
    return MessageFacts(
        customer_name="Hotel Lindenhof KG",
        invoice_number="RE-1, RE-2, RE-3",
        invoice_date=date(2026, 10, 1),
        due_date=date(2026, 10, 15),
        open_cents=sum(line.open_cents for line in lines),
        total_cents=2_500_00,
        days_overdue=53,
        fees=tuple(fee for line in lines for fee in line.fees),
        company_name="Bäckerei Sonnenschein GmbH",
        payment_details="",
        items=lines,
        addressee=None,
        payment_deadline=date(2026, 12, 14),
        payment_days=7,
        previous=_previous(level),
        is_last_level=level is Level.M3,
        after_last_level=AfterLastLevel.COLLECTION_AGENCY,
        document_attached=level.is_dunning_notice,
    )


CASES = {
    f"{level.value}-{language}-{kind}": (level, language, make(level))
    for level in LEVELS
    for language in ("de", "en")
    for kind, make in (("single", single), ("bundle", bundle))
}
"""Besides the grid: a Mahnung as first contact (catch-up) without a document attached (no
document store), and a last reminder with no step."""
for _language in ("de", "en"):
    CASES[f"M1-{_language}-first-contact"] = (
        Level.M1,
        _language,
        replace(
            single(Level.M1),
            previous=None,
            addressee=Addressee(Title.MR, "Krüger"),
            document_attached=False,
        ),
    )
    CASES[f"R6-{_language}-last-level"] = (
        Level.R6,
        _language,
        replace(single(Level.R6), is_last_level=True, after_last_level=AfterLastLevel.NONE),
    )


def _rendered(level: Level, language: str, facts: MessageFacts) -> str:
    template = DEFAULT_TEMPLATES[level].pick(language)
    assert template[0] == language
    message = SandboxedTemplateRenderer().render(template[1], facts, language)
    return f"Subject: {message.subject}\n\n{message.body}\n"


@pytest.mark.parametrize("name", sorted(CASES))
def test_default_text_matches_its_reviewed_snapshot(name: str) -> None:
    text = _rendered(*CASES[name])
    path = SNAPSHOTS / f"{name}.txt"
    if UPDATE:
        SNAPSHOTS.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}: run with UPDATE_SNAPSHOTS=1 and review it"
    assert text == path.read_text(encoding="utf-8"), f"{name} changed: see the module docstring"


def test_no_snapshot_is_left_without_its_case() -> None:
    assert {p.stem for p in SNAPSHOTS.glob("*.txt")} == set(CASES)

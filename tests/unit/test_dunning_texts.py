"""What a sent message says, through the real renderer and the in-memory ports: the earlier
message only when one was sent, the date to pay by, the greeting, the language, the last level's
next step (rule 3, rule 8)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from automahntion.adapters.templates import SandboxedTemplateRenderer
from automahntion.app.dunning import CycleDay, send_day
from automahntion.app.mail.ports import OutgoingMail
from automahntion.app.tenants.records import TenantSettings
from automahntion.domain.escalation import SentLevel
from automahntion.domain.levels import AfterLastLevel, CatchUp, DunningPolicy, Level, LevelSetting
from automahntion.domain.salutation import Addressee, Title
from tests.fakes.dunning import NOW, TODAY, Fakes, a_day, contact, invoice


def _policy(*, r1_payment_days: int = 7) -> DunningPolicy:
    """R1 after 3 days, M1 after 20, the rest off; the highest due level is sent."""
    levels = [LevelSetting(level, False, 60 + i) for i, level in enumerate(Level)]
    chosen = {
        Level.R1: LevelSetting(Level.R1, True, 3, payment_days=r1_payment_days),
        Level.M1: LevelSetting(Level.M1, True, 20),
    }
    return DunningPolicy.create(
        [chosen.get(s.level, s) for s in levels], min_gap_days=0, catch_up=CatchUp.HIGHEST
    )


async def _sent(day: CycleDay) -> list[OutgoingMail]:
    fakes = Fakes()
    ports = replace(fakes.ports(), templates=SandboxedTemplateRenderer())
    await send_day(ports, day, day.plan(NOW, sending=True))
    return fakes.sent


async def test_a_dunning_notice_as_first_contact_claims_no_reminder() -> None:
    anna = contact(1)
    day = a_day([invoice("RE-1", anna, days_overdue=25)], [anna], rules=_policy())
    [mail] = await _sent(day)
    assert mail.subject.startswith("1. ")
    assert "trotz Fälligkeit noch nicht beglichen" in mail.text
    assert "unserer" not in mail.text.replace("unserer Buchhaltung", "")


async def test_a_dunning_notice_after_a_reminder_names_it_with_its_date() -> None:
    anna = contact(1)
    history = {"RE-1": (SentLevel(Level.R1, TODAY - timedelta(days=14)),)}
    day = a_day([invoice("RE-1", anna, days_overdue=25)], [anna], rules=_policy(), history=history)
    [mail] = await _sent(day)
    assert "trotz unserer Zahlungserinnerung vom 24.02.2026 noch nicht beglichen" in mail.text


async def test_a_bundle_names_an_earlier_message_only_when_every_invoice_had_one() -> None:
    anna = contact(1)
    settings = TenantSettings(one_message_per_customer=True)
    invoices = [invoice("RE-1", anna, days_overdue=25), invoice("RE-2", anna, days_overdue=30)]
    history = {"RE-1": (SentLevel(Level.R1, TODAY - timedelta(days=14)),)}
    day = a_day(invoices, [anna], settings=settings, rules=_policy(), history=history)
    [mail] = await _sent(day)
    assert "Ihre Rechnungen RE-1 und RE-2" in mail.text
    assert "unserer Zahlungserinnerung" not in mail.text


async def test_the_date_to_pay_by_is_moved_off_the_weekend() -> None:
    anna = contact(1)
    # 10 March 2026 (Tuesday) + 5 days is a Sunday.
    day = a_day([invoice("RE-1", anna)], [anna], rules=_policy(r1_payment_days=5))
    [mail] = await _sent(day)
    assert "bis zum 16.03.2026." in mail.text


async def test_a_person_is_greeted_by_name_and_english_invoices_get_english() -> None:
    weber = replace(contact(1), addressee=Addressee(Title.MS, "Weber"))
    english = replace(invoice("RE-1", weber), language="en")
    day = a_day([english], [weber], rules=_policy())
    [mail] = await _sent(day)
    assert mail.subject == "Payment reminder: invoice RE-1"
    assert mail.text.startswith("Dear Ms Weber,\n\n")
    assert "by 17 March 2026" in mail.text


async def test_the_last_enabled_level_names_the_step_the_tenant_chose() -> None:
    anna = contact(1)
    settings = TenantSettings(after_last_level=AfterLastLevel.COLLECTION_AGENCY)
    day = a_day(
        [invoice("RE-1", anna, days_overdue=25)], [anna], settings=settings, rules=_policy()
    )
    [mail] = await _sent(day)
    assert mail.subject.startswith("1. und letzte Mahnung")
    assert "Dies ist unsere letzte Mahnung." in mail.text
    assert "einem Inkassounternehmen übergeben" in mail.text
    assert "bis zum 20.03.2026" in mail.text

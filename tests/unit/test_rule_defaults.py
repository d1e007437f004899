"""Rules whose breaking would send a message wrongly, pinned where no test pinned them yet:
a new tenant's switches (rules 1, 2, 3, 7, 8) and the deterministic Message-ID (rule 8)."""

from __future__ import annotations

import re
from uuid import UUID

from hypothesis import given
from hypothesis import strategies as st

from automahntion.app.dunning.prepare import message_id
from automahntion.app.tenants.records import TenantSettings
from automahntion.domain.levels import DEFAULT_MIN_GAP_DAYS, CatchUp, Level
from automahntion.domain.recipients import RecipientPolicy

MSG_ID = re.compile(r"^<[a-z0-9]+\.[0-9a-f]{40}@[a-z0-9.-]+>$")


def test_a_new_tenant_starts_with_every_optional_behaviour_off() -> None:
    """Off by default: weekend sending (1), revenue vouchers, a sync start date and the strict
    recipient rule (2), one message per customer, catch-up `next`, gap 7 (3), statutory extras
    (7), the invoice PDF, CC and BCC (8), thank-you e-mails (5)."""
    settings = TenantSettings()
    assert settings.send_on_weekends is False
    assert settings.bundesland is None
    assert settings.vouchers_enabled is False
    assert settings.sync_start is None
    assert settings.recipient_policy is RecipientPolicy.FIRST_AVAILABLE
    assert settings.one_message_per_customer is False
    assert settings.catch_up is CatchUp.NEXT
    assert settings.min_gap_days == DEFAULT_MIN_GAP_DAYS == 7
    assert settings.statutory_extras is False
    assert settings.attach_invoice_pdf is False
    assert settings.cc == ()
    assert settings.bcc == ()
    assert settings.thank_you_enabled is False


uuids = st.uuids()
levels = st.sampled_from(list(Level))


@given(uuids, uuids, levels)
def test_the_message_id_is_the_same_for_the_same_tenant_invoice_and_level(
    tenant: UUID, invoice: UUID, level: Level
) -> None:
    first = message_id(tenant, invoice, level, "automahntion.example")
    assert first == message_id(tenant, invoice, level, "automahntion.example")
    assert MSG_ID.match(first), first


@given(uuids, uuids, levels, uuids, uuids, levels)
def test_a_different_tenant_invoice_or_level_gets_a_different_message_id(
    tenant: UUID, invoice: UUID, level: Level, tenant2: UUID, invoice2: UUID, level2: Level
) -> None:
    same = (tenant, invoice, level) == (tenant2, invoice2, level2)
    ids = (
        message_id(tenant, invoice, level, "automahntion.example"),
        message_id(tenant2, invoice2, level2, "automahntion.example"),
    )
    assert (ids[0] == ids[1]) is same


@given(uuids, uuids)
def test_each_level_of_one_invoice_has_its_own_message_id(tenant: UUID, invoice: UUID) -> None:
    ids = {message_id(tenant, invoice, level, "automahntion.example") for level in Level}
    assert len(ids) == len(Level)

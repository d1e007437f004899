"""Domain rule 3, "the tenant hears of trouble": the owner's digest e-mail goes only on days
with something new. Trouble already told of, a second run on the same day, trouble that was
resolved: no mail. Something new: one mail, the new first and what is still open after it."""

from __future__ import annotations

import uuid
from datetime import timedelta
from uuid import UUID

from automahntion.app.mail.ports import MailTransports
from automahntion.app.messages.records import Claim
from automahntion.app.review.attention import DigestPorts, send_digest
from automahntion.bootstrap.database import Database
from automahntion.domain.day_plan import Channel
from automahntion.domain.levels import Level
from tests.fakes.dunning import FakeSender, FixedClock, refused
from tests.integration.helpers import NOW, invoice, new_tenant


class _NoReply:
    """The service's transports, of which the digest uses the no-reply one."""

    def __init__(self) -> None:
        self.outbox = FakeSender()

    def default(self) -> FakeSender:
        return self.outbox


class _Owner:
    def __init__(self, database: Database, tenant_id: UUID) -> None:
        self.database = database
        self.tenant_id = tenant_id
        self.clock = FixedClock(NOW)
        self.mail = _NoReply()
        mail: MailTransports = self.mail  # type: ignore[assignment]
        self.ports = DigestPorts(database.unit_of_work, mail, self.clock, "x.example")

    async def digest(self) -> int:
        return await send_digest(self.ports, self.tenant_id)

    @property
    def mails(self) -> list[str]:
        return [mail.text for mail in self.mail.outbox.taken]

    async def hold_first_reminder(self, number: str) -> None:
        async with self.database.unit_of_work() as uow:
            store = uow.tenant(self.tenant_id)
            await store.invoices.upsert([invoice(number)], NOW)
            stored = await store.invoices.by_lexoffice_id(f"lx-{number}")
            await store.messages.hold(self._claim(stored.id), reason=refused("5.1.1 unknown"))

    async def send_held_reminder_now(self, number: str) -> None:
        """The held reminder goes out on a later day: its trouble is gone."""
        async with self.database.unit_of_work() as uow:
            store = uow.tenant(self.tenant_id)
            stored = await store.invoices.by_lexoffice_id(f"lx-{number}")
            message = await store.messages.claim(self._claim(stored.id))
            await store.messages.mark_sent(
                message.id,
                at=self.clock.now(),
                recipient_domain="x.example",
                transport_message_id=None,
                content_sha256=None,
            )

    def _claim(self, invoice_id: UUID) -> Claim:
        now = self.clock.now()
        mail_id = f"<{uuid.uuid4()}@x.example>"
        return Claim(invoice_id, Level.R1, Channel.EMAIL, mail_id, now.date(), now)


async def _owner(database: Database) -> _Owner:
    return _Owner(database, (await new_tenant(database)).id)


async def test_no_trouble_no_mail(database: Database) -> None:
    owner = await _owner(database)
    assert await owner.digest() == 0
    assert owner.mails == []


async def test_trouble_is_told_once_not_again_the_same_day_nor_the_next(
    database: Database,
) -> None:
    owner = await _owner(database)
    await owner.hold_first_reminder("RE-1")
    assert await owner.digest() == 1
    assert await owner.digest() == 0, "a second run on the same day"
    owner.clock.at += timedelta(days=1)
    assert await owner.digest() == 0, "the next day, the same trouble"
    assert len(owner.mails) == 1
    assert "RE-1" in owner.mails[0]


async def test_only_new_trouble_brings_a_mail_and_it_comes_first(database: Database) -> None:
    owner = await _owner(database)
    await owner.hold_first_reminder("RE-1")
    await owner.digest()
    owner.clock.at += timedelta(days=1)
    await owner.hold_first_reminder("RE-2")
    assert await owner.digest() == 1
    new, still_open = owner.mails[1].split("Weiterhin offen")
    assert "RE-2" in new
    assert "RE-1" not in new
    assert "RE-1" in still_open


async def test_trouble_resolved_is_no_news(database: Database) -> None:
    owner = await _owner(database)
    await owner.hold_first_reminder("RE-1")
    await owner.hold_first_reminder("RE-2")
    await owner.digest()
    owner.clock.at += timedelta(days=1)
    await owner.send_held_reminder_now("RE-1")
    assert await owner.digest() == 0
    assert len(owner.mails) == 1

"""Loading one tenant's day: admission stored first, then what the plan is made of."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from automahntion.app.dunning.ports import DunningPorts
from automahntion.app.errors import AlreadyExists
from automahntion.app.invoices.admission import admit
from automahntion.app.invoices.records import (
    AdmissionState,
    CycleSetup,
    StoredContact,
    StoredInvoice,
    TenantBook,
)
from automahntion.app.post.letters import contact_letter_problem, tenant_policy
from automahntion.app.storage import UnitOfWork
from automahntion.app.tenants.records import Tenant
from automahntion.app.tenants.signup import add_default_templates
from automahntion.domain.calendar import SendingCalendar, berlin_today
from automahntion.domain.cycle import InvoiceFile, TenantRules
from automahntion.domain.day_plan import DayPlan, TenantFacts, day_plan
from automahntion.domain.default_texts import DEFAULT_TEMPLATES, is_retired_default
from automahntion.domain.escalation import SentLevel
from automahntion.domain.levels import Level
from automahntion.domain.templates import TemplateVersion


@dataclass(frozen=True)
class CycleDay:
    """What one tenant's day is planned from, as loaded."""

    tenant: Tenant
    files: list[InvoiceFile]
    stored: dict[str, StoredInvoice]
    """By lexoffice id."""
    templates: dict[Level, tuple[UUID, TemplateVersion]]
    """Each level's current texts; empty for a day planned without them (`plan_cycle`)."""
    rules: TenantRules
    addresses: dict[str, tuple[str, ...]]
    """Each contact's postal address as printed, by lexoffice id."""
    moment: datetime
    """The instant the day was loaded for: its Berlin date is the day."""

    def plan(self, now: datetime, *, sending: bool) -> DayPlan:
        """The day's plan, the sync's age judged at `now`."""
        settings = self.tenant.settings
        facts = TenantFacts(
            activated=self.tenant.activated,
            dunning_active=self.tenant.dunning_active,
            last_successful_sync_at=self.tenant.last_successful_sync_at,
            one_message_per_customer=settings.one_message_per_customer,
            statutory_extras=settings.statutory_extras,
        )
        today = berlin_today(self.moment)
        return day_plan(self.files, self.rules, facts, today, now, sending=sending)


def _templates_to_add(templates: Mapping[Level, tuple[UUID, TemplateVersion]]) -> bool:
    """A level without stored texts, or still on an earlier release's default."""
    return bool(DEFAULT_TEMPLATES.keys() - templates.keys()) or any(
        is_retired_default(version.templates) for _, version in templates.values()
    )


async def _ensure_templates(
    units: Callable[[], UnitOfWork], tenant_id: UUID, now: datetime
) -> None:
    """Tenants created before templates were stored get the defaults as version 1, and texts
    still on an earlier release's default get today's; a second process doing the same at the
    same moment is no error."""
    try:
        async with units() as uow:
            await add_default_templates(uow.tenant(tenant_id), now)
    except AlreadyExists:
        return


async def plan_cycle(
    ports: DunningPorts, tenant_id: UUID, now: datetime, *, persist: bool, texts: bool = True
) -> CycleDay:
    """Admission is stored first (the overview shows it), except in a dry run. A tenant from
    before templates were stored, or still on an earlier release's default texts, gets today's
    defaults first, then the cycle is read again. Without `texts` (a day that renders no
    message, nothing stored), the templates are not read: the day has none."""
    day = await _load(ports, tenant_id, now, persist=persist, texts=texts)
    if day is None:
        await _ensure_templates(ports.units, tenant_id, now)
        day = await _load(ports, tenant_id, now, persist=persist, texts=texts)
    if day is None:
        raise RuntimeError(f"tenant {tenant_id} still lacks templates after adding them")
    return day


async def _read(
    ports: DunningPorts, tenant_id: UUID, now: datetime, *, persist: bool, texts: bool
) -> tuple[CycleSetup, TenantBook] | None:
    """A day that writes nothing is read on its own where the database can (`day_reads`);
    otherwise in a unit of work that stores admission with it. None, before anything is stored,
    when a level has no stored templates yet."""
    async with ports.reading:
        return await _read_day(ports, tenant_id, now, persist=persist, texts=texts)


async def _read_day(
    ports: DunningPorts, tenant_id: UUID, now: datetime, *, persist: bool, texts: bool
) -> tuple[CycleSetup, TenantBook] | None:
    if not persist and ports.day_reads is not None:
        return await ports.day_reads.day(tenant_id, texts=texts)
    async with ports.units() as uow:
        store = uow.tenant(tenant_id)
        setup, book = await store.cycle.day()
        if not persist:
            return (setup if texts else replace(setup, templates={})), book
        if _templates_to_add(setup.templates):
            return None
        return setup, (await admit(store, setup.tenant, now, book))[1]


async def _load(
    ports: DunningPorts, tenant_id: UUID, now: datetime, *, persist: bool, texts: bool
) -> CycleDay | None:
    """None, before anything is stored, when a level has no stored templates yet."""
    read = await _read(ports, tenant_id, now, persist=persist, texts=texts)
    if read is None:
        return None
    setup, book = read
    tenant, invoices, contacts = setup.tenant, book.invoices, book.contacts
    policy = tenant_policy(tenant, setup.levels)
    settings = tenant.settings
    rules = TenantRules(
        policy=policy,
        calendar=SendingCalendar(settings.bundesland, settings.send_on_weekends),
        limit=tenant.limit,
        recipient_policy=settings.recipient_policy,
        sync_start=settings.sync_start,
        tenant_pause=tenant.pause,
    )
    addresses = {
        contact_id: _address_lines(stored.postal_address)
        for contact_id, stored in contacts.items()
        if stored.postal_address
    }
    return CycleDay(
        tenant,
        _files(invoices, contacts, setup.history),
        {s.invoice.lexoffice_id: s for s in invoices},
        setup.templates,
        rules,
        addresses,
        now,
    )


def _files(
    invoices: list[StoredInvoice],
    contacts: dict[str, StoredContact],
    history: dict[UUID, list[SentLevel]],
) -> list[InvoiceFile]:
    """What the rules need of each invoice; what is a contact's is worked out once per contact."""
    of_contact = {
        key: (stored.contact, stored.pause, contact_letter_problem(stored))
        for key, stored in contacts.items()
    }
    nobody = (None, None, contact_letter_problem(None))
    admitted = AdmissionState.ADMITTED
    files = []
    for stored in invoices:
        contact, contact_pause, problem = of_contact.get(stored.invoice.contact_id or "", nobody)
        sent = history.get(stored.id) if history else None
        files.append(
            InvoiceFile(  # positional: built for every invoice, and keywords cost more
                stored.invoice,
                contact,
                tuple(sent) if sent else (),
                stored.admission is admitted,
                stored.handed_over_at is not None,
                contact_pause,
                stored.pause,
                problem,
            )
        )
    return files


def _address_lines(postal: dict[str, str]) -> tuple[str, ...]:
    town = " ".join(p for p in (postal.get("zip"), postal.get("city")) if p)
    lines = (postal.get("supplement"), postal.get("street"), town)
    country = postal.get("countryCode")
    return tuple(line for line in lines if line) + (
        (country,) if country not in (None, "DE") else ()
    )

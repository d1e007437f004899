"""Use case: one tenant's dunning cycle on one day — decide, re-check, claim, send, record.

Exactly once: a message is claimed (stored as `sending`, unique per invoice and level) before
it is handed to the transport and marked `sent` after. A crash in between leaves it `sending`:
shown for review, never sent again. Right before each send the invoice's payment state is
re-read from lexoffice; paid, voided or in payment means no message, and a failed re-read
means none today.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from uuid import UUID

from automahntion.app.admission import admit, load_book
from automahntion.app.clock import Clock
from automahntion.app.documents import DocumentRenderer, DunningLetter
from automahntion.app.errors import AlreadyExists, LevelAlreadyClaimed, NotFound
from automahntion.app.files import FileStore
from automahntion.app.letters import (
    LetterToPost,
    contact_letter_problem,
    letter_kind,
    post_letter,
    tenant_policy,
)
from automahntion.app.lexoffice import (
    LexofficeApi,
    LexofficeDisconnected,
    LexofficeGateways,
    LexofficeUnavailable,
)
from automahntion.app.mail import (
    Attachment,
    MailOutcomeUnknown,
    MailRefused,
    MailSender,
    MailTransport,
    MailTransports,
    OutgoingMail,
)
from automahntion.app.mailing import tenant_transport
from automahntion.app.notices import NoticeContext, NoticePorts, build_letter, notice_document
from automahntion.app.postal import LetterPrinter
from automahntion.app.records import (
    AdmissionState,
    Channel,
    Claim,
    StoredContact,
    StoredInvoice,
    Tenant,
)
from automahntion.app.rendering import (
    InvoiceLine,
    MessageFacts,
    Rendered,
    TemplateInvalid,
    TemplateRenderer,
)
from automahntion.app.storage import TenantStore, UnitOfWork
from automahntion.app.tenants import add_default_templates
from automahntion.domain.bundling import DueMessage, bundle
from automahntion.domain.calendar import SendingCalendar, berlin_today
from automahntion.domain.cycle import InvoiceFile, Outlook, TenantRules, plan_day
from automahntion.domain.escalation import Send, SentLevel, Wait
from automahntion.domain.freshness import confirmed_unpaid, sync_is_fresh
from automahntion.domain.interest import BaseRateTable, MessageContext, charges, default_begins
from automahntion.domain.invoices import InvoiceKind
from automahntion.domain.levels import Level
from automahntion.domain.recipients import BlockReason, DebtorKind
from automahntion.domain.templates import DEFAULT_TEMPLATES, LevelTemplates, TemplateVersion

SEND_ATTEMPTS = 3
RETRY_DELAY_S = 1.0


@dataclass(frozen=True)
class DunningPorts:
    units: Callable[[], UnitOfWork]
    gateways: LexofficeGateways
    mail: MailTransports
    templates: TemplateRenderer
    clock: Clock
    message_domain: str
    files: FileStore | None = None
    renderer: DocumentRenderer | None = None
    rates: BaseRateTable = field(default_factory=BaseRateTable)
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    letters: LetterPrinter | None = None
    """The print-and-mail provider for M-levels `by_post`; None when none is configured."""


@dataclass(frozen=True, slots=True)
class Line:
    invoice_number: str
    customer: str
    level: Level
    channel: Channel
    recipient: str
    outcome: str


@dataclass
class CycleReport:
    tenant_id: UUID
    day: date
    held: str | None = None
    lines: list[Line] = field(default_factory=list)

    @property
    def sent(self) -> list[Line]:
        return [
            line
            for line in self.lines
            if line.outcome.startswith("sent") or line.outcome == "would send"
        ]


def message_id(tenant_id: UUID, invoice_id: UUID, level: Level, domain: str) -> str:
    """The same (tenant, invoice, level) always gets the same Message-ID."""
    digest = hashlib.sha256(f"{tenant_id}:{invoice_id}:{level}".encode()).hexdigest()[:40]
    return f"<{level.value.lower()}.{digest}@{domain}>"


async def _ensure_templates(
    units: Callable[[], UnitOfWork], tenant_id: UUID, now: datetime
) -> None:
    """Tenants created before templates were stored get the defaults as version 1; a second
    process doing the same at the same moment is no error."""
    try:
        async with units() as uow:
            await add_default_templates(uow.tenant(tenant_id), now)
    except AlreadyExists:
        return


@dataclass(frozen=True)
class CycleDay:
    tenant: Tenant
    outlooks: list[Outlook]
    stored: dict[str, StoredInvoice]
    templates: dict[Level, tuple[UUID, TemplateVersion]]
    rules: TenantRules
    addresses: dict[str, tuple[str, ...]]


async def plan_cycle(
    ports: DunningPorts, tenant_id: UUID, now: datetime, *, persist: bool
) -> CycleDay:
    """Admission is stored first (the overview shows it), except in a dry run. A tenant from
    before templates were stored gets the defaults first, then the cycle is read again."""
    day = await _plan(ports, tenant_id, now, persist=persist)
    if day is None:
        await _ensure_templates(ports.units, tenant_id, now)
        day = await _plan(ports, tenant_id, now, persist=persist)
    if day is None:
        raise RuntimeError(f"tenant {tenant_id} still lacks templates after adding them")
    return day


async def _plan(
    ports: DunningPorts, tenant_id: UUID, now: datetime, *, persist: bool
) -> CycleDay | None:
    """None, before anything is stored, when a level has no stored templates yet."""
    today = berlin_today(now)
    async with ports.units() as uow:
        store = uow.tenant(tenant_id)
        setup = await store.cycle.setup()
        tenant, history, templates = setup.tenant, setup.history, setup.templates
        if persist and DEFAULT_TEMPLATES.keys() - templates.keys():
            return None
        book = (await admit(store, tenant, now))[1] if persist else await load_book(store)
        invoices, contacts = book.invoices, book.contacts
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
    outlooks = plan_day(_files(invoices, contacts, history), rules, today)
    addresses = {
        contact_id: _address_lines(stored.postal_address)
        for contact_id, stored in contacts.items()
        if stored.postal_address
    }
    return CycleDay(
        tenant, outlooks, {s.invoice.lexoffice_id: s for s in invoices}, templates, rules, addresses
    )


def _files(
    invoices: list[StoredInvoice],
    contacts: dict[str, StoredContact],
    history: dict[UUID, list[SentLevel]],
) -> list[InvoiceFile]:
    """What the rules need of each invoice; what is a contact's is worked out once per contact."""
    problems = {key: contact_letter_problem(contact) for key, contact in contacts.items()}
    nobody = contact_letter_problem(None)
    files = []
    for stored in invoices:
        key = stored.invoice.contact_id or ""
        contact = contacts.get(key)
        sent = history.get(stored.id)
        files.append(
            InvoiceFile(  # positional: built for every invoice, and keywords cost more
                stored.invoice,
                contact.contact if contact else None,
                tuple(sent) if sent else (),
                stored.admission is AdmissionState.ADMITTED,
                stored.handed_over_at is not None,
                contact.pause if contact else None,
                stored.pause,
                problems[key] if contact else nobody,
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


def _facts(
    day: CycleDay, outlook: Outlook, open_cents: int, level: Level, today: date
) -> MessageFacts:
    invoice = outlook.file.invoice
    contact = outlook.file.contact
    history = outlook.file.history
    first_sent = min((s.sent_on for s in history), default=None)
    begins = default_begins(
        invoice.due_date, first_sent, contact.kind if contact else DebtorKind.BUSINESS
    )
    setting = day.rules.policy.setting(level)
    fees = charges(
        MessageContext(
            open_cents=open_cents,
            due_date=invoice.due_date,
            debtor=contact.kind if contact else DebtorKind.BUSINESS,
            first_level_sent_on=first_sent,
            send_on=today,
            level_fee_cents=setting.fee_cents,
            flat_fee_claimed_before=begins is not None
            and any(s.sent_on >= begins for s in history),
        ),
        statutory_extras=day.tenant.settings.statutory_extras,
        table=BaseRateTable(),
    )
    return MessageFacts(
        customer_name=contact.name if contact else "",
        invoice_number=invoice.voucher_number,
        invoice_date=invoice.voucher_date,
        due_date=invoice.due_date,
        open_cents=open_cents,
        total_cents=invoice.total_cents,
        days_overdue=invoice.days_overdue(today),
        fees=tuple(fees),
        company_name=day.tenant.name,
        payment_details=day.tenant.settings.payment_details,
    )


async def _transport(ports: DunningPorts, store: TenantStore) -> MailTransport:
    return await tenant_transport(ports.mail, store)


@dataclass
class _Outbox:
    """The tenant's mail transport, looked up once per cycle, when the first mail goes out; the
    cycle's messages go in one session of it (one SMTP connection), closed by `close()`."""

    ports: DunningPorts
    tenant_id: UUID
    sender: MailSender | None = None
    sessions: AsyncExitStack = field(default_factory=AsyncExitStack)

    async def get(self) -> MailSender:
        if self.sender is None:
            async with self.ports.units() as uow:
                transport = await _transport(self.ports, uow.tenant(self.tenant_id))
            self.sender = await self.sessions.enter_async_context(transport.session())
        return self.sender

    async def close(self) -> None:
        await self.sessions.aclose()


async def _reread(api: LexofficeApi | None, outlook: Outlook) -> tuple[int | None, str | None]:
    """The open amount confirmed right now, or why nothing may be sent."""
    if api is None:
        return None, "lexoffice not reachable: due again next sending day"
    try:
        state = await api.payment_state(outlook.file.invoice.lexoffice_id)
    except LexofficeUnavailable as error:
        return None, f"payment re-check failed ({error}): due again next sending day"
    reread = replace(outlook.file.invoice, status=state.status, open_cents=state.open_cents)
    if not confirmed_unpaid(reread):
        return None, f"not sent: lexoffice says {state.status.value}, open {state.open_cents}"
    return state.open_cents, None


UNKNOWN = "outcome unknown"
BY_POST = "by post"


async def _deliver(
    ports: DunningPorts, transport: MailSender, mail: OutgoingMail
) -> tuple[str | None, str | None]:
    """(transport message id, None), or (None, reason) after up to three attempts, or
    (None, UNKNOWN) when the server may have taken it."""
    reason = "not sent"
    for attempt in range(SEND_ATTEMPTS):
        try:
            receipt = await transport.send(mail)
        except MailOutcomeUnknown:
            return None, UNKNOWN
        except MailRefused as refused:
            reason = refused.reason
            if refused.permanent or attempt + 1 == SEND_ATTEMPTS:
                break
            await ports.sleep(RETRY_DELAY_S * 2**attempt)
            continue
        return receipt.transport_message_id or "", None
    return None, reason


async def _fail(ports: DunningPorts, day: CycleDay, message_id: UUID, reason: str) -> None:
    """Recorded as failed: not sent, and free to be tried again on a later sending day."""
    async with ports.units() as uow:
        await uow.tenant(day.tenant.id).messages.mark_failed(
            message_id, reason=reason, at=ports.clock.now()
        )


@dataclass(frozen=True)
class _Item:
    outlook: Outlook
    level: Level
    stored: StoredInvoice
    open_cents: int
    facts: MessageFacts


def _line(
    item: _Item | tuple[Outlook, Level], outcome: str, channel: Channel = Channel.EMAIL
) -> Line:
    outlook, level = (item.outlook, item.level) if isinstance(item, _Item) else item
    contact = outlook.file.contact
    return Line(
        outlook.file.invoice.voucher_number,
        contact.name if contact else "",
        level,
        channel,
        BY_POST if channel is Channel.LETTER else outlook.recipient or "",
        outcome,
    )


async def _prepare(
    ports: DunningPorts,
    day: CycleDay,
    due: list[tuple[Outlook, Level]],
    api: LexofficeApi | None,
    report: CycleReport,
    channel: Channel = Channel.EMAIL,
) -> list[_Item]:
    """Each item re-checked in lexoffice right now; what may not go out is reported."""
    today = berlin_today(ports.clock.now())
    items = []
    for outlook, level in due:
        open_cents, hold = await _reread(api, outlook)
        if open_cents is None:
            report.lines.append(_line((outlook, level), hold or "not sent", channel))
            continue
        stored = day.stored[outlook.file.invoice.lexoffice_id]
        facts = _facts(day, outlook, open_cents, level, today)
        items.append(_Item(outlook, level, stored, open_cents, facts))
    return items


def _together(items: list[_Item]) -> MessageFacts:
    """One message for several invoices of one customer: amounts add up, fees are listed."""
    top = max(items, key=lambda i: i.level.rank).facts
    if len(items) == 1:
        return top
    return replace(
        top,
        invoice_number=", ".join(i.outlook.file.invoice.voucher_number for i in items),
        open_cents=sum(i.open_cents for i in items),
        total_cents=sum(i.outlook.file.invoice.total_cents for i in items),
        days_overdue=max(i.facts.days_overdue for i in items),
        fees=tuple(fee for i in items for fee in i.facts.fees),
        items=tuple(
            InvoiceLine(
                i.outlook.file.invoice.voucher_number,
                i.outlook.file.invoice.voucher_date,
                i.outlook.file.invoice.due_date,
                i.open_cents,
            )
            for i in items
        ),
    )


async def _claim(
    ports: DunningPorts,
    day: CycleDay,
    items: list[_Item],
    mail_id: str,
    version_id: UUID,
    report: CycleReport,
    channel: Channel = Channel.EMAIL,
) -> list[tuple[_Item, UUID]]:
    now = ports.clock.now()
    claimed = []
    for item in items:
        try:
            async with ports.units() as uow:
                message = await uow.tenant(day.tenant.id).messages.claim(
                    Claim(
                        item.stored.id,
                        item.level,
                        channel,
                        mail_id,
                        berlin_today(now),
                        now,
                        version_id,
                    )
                )
        except LevelAlreadyClaimed:
            report.lines.append(_line(item, "already claimed elsewhere: not sent again", channel))
            continue
        claimed.append((item, message.id))
    return claimed


async def _attachments(
    ports: DunningPorts,
    day: CycleDay,
    item: _Item,
    rendered: Rendered,
    api: LexofficeApi | None,
) -> tuple[Attachment, ...] | str:
    """The invoice PDF (when switched on) and the notice's document (M-levels)."""
    invoice = item.outlook.file.invoice
    found: tuple[Attachment, ...] = ()
    if api is None:
        return found
    if day.tenant.settings.attach_invoice_pdf and invoice.kind is InvoiceKind.INVOICE:
        try:
            pdf = await api.invoice_pdf(invoice.lexoffice_id)
        except LexofficeUnavailable as error:
            return f"invoice PDF not available ({error})"
        found += (Attachment(f"Rechnung-{invoice.voucher_number}.pdf", "application/pdf", pdf),)
    if item.level.is_dunning_notice and ports.files is not None:
        document = await notice_document(
            NoticePorts(ports.units, ports.files, ports.renderer),
            api,
            _notice_context(ports, day, item, rendered),
        )
        if isinstance(document, str):
            return document
        found += (document,)
    return found


def _notice_context(
    ports: DunningPorts, day: CycleDay, item: _Item, rendered: Rendered
) -> NoticeContext:
    now = ports.clock.now()
    invoice = item.outlook.file.invoice
    return NoticeContext(
        tenant_id=day.tenant.id,
        invoice_id=item.stored.id,
        invoice=invoice,
        level=item.level,
        today=berlin_today(now),
        now=now,
        rendered=rendered,
        facts=item.facts,
        recipient_address=day.addresses.get(invoice.contact_id or "", ()),
    )


def _render(
    ports: DunningPorts, templates: LevelTemplates, outlook: Outlook, facts: MessageFacts
) -> Rendered | str:
    """The message, or why not: a template that cannot be rendered with these facts (e.g. it
    would be too long) holds the notice, to go out once the tenant has fixed the template."""
    try:
        return ports.templates.render(templates.for_language(outlook.file.invoice.language), facts)
    except TemplateInvalid as error:
        return f"not sent: the template cannot be used for this invoice ({error})"


NO_POSTAL = "not sent: letters by post need a postal provider (AUTOMAHNTION_POSTAL_API_*)"


async def _send_letter(
    ports: DunningPorts,
    day: CycleDay,
    due: tuple[Outlook, Level],
    api: LexofficeApi | None,
    report: CycleReport,
) -> None:
    """One notice by post: re-checked, claimed, its document made (or reused), then uploaded."""
    if ports.letters is None or ports.files is None:
        missing = NO_POSTAL if ports.letters is None else "not sent: no document store"
        report.lines.append(_line(due, missing, Channel.LETTER))
        return
    items = await _prepare(ports, day, [due], api, report, Channel.LETTER)
    if not items or api is None:
        return
    [item] = items
    version_id, version = day.templates[item.level]
    rendered = _render(ports, version.templates, item.outlook, item.facts)
    if isinstance(rendered, str):
        report.lines.append(_line(item, rendered, Channel.LETTER))
        return
    mail_id = message_id(day.tenant.id, item.stored.id, item.level, ports.message_domain)
    claimed = await _claim(ports, day, [item], mail_id, version_id, report, Channel.LETTER)
    if not claimed:
        return
    claim_id = claimed[0][1]
    document = await notice_document(
        NoticePorts(ports.units, ports.files, ports.renderer),
        api,
        _notice_context(ports, day, item, rendered),
    )
    if isinstance(document, str):
        await _fail(ports, day, claim_id, document)
        report.lines.append(_line(item, f"not sent: {document}", Channel.LETTER))
        return
    outcome = await post_letter(
        ports.letters,
        ports.units,
        LetterToPost(
            tenant_id=day.tenant.id,
            invoice_id=item.stored.id,
            level=item.level,
            claim_id=claim_id,
            kind=letter_kind(day.rules.policy.setting(item.level)),
            pdf=document.data,
            file_name=document.filename,
            day=berlin_today(ports.clock.now()),
        ),
        ports.clock.now,
    )
    report.lines.append(_line(item, outcome, Channel.LETTER))


async def _send_message(
    ports: DunningPorts,
    day: CycleDay,
    due: list[tuple[Outlook, Level]],
    api: LexofficeApi | None,
    report: CycleReport,
    outbox: _Outbox,
) -> None:
    """One message for the invoices in `due` (one, or one customer's when bundling); notices
    by post go one letter each."""
    by_post = [d for d in due if day.rules.policy.setting(d[1]).by_post]
    for letter in by_post:
        await _send_letter(ports, day, letter, api, report)
    items = await _prepare(ports, day, [d for d in due if d not in by_post], api, report)
    if not items:
        return
    top = max(items, key=lambda i: i.level.rank)
    version_id, version = day.templates[top.level]
    rendered = _render(ports, version.templates, top.outlook, _together(items))
    if isinstance(rendered, str):
        report.lines.extend(_line(item, rendered) for item in items)
        return
    mail_id = message_id(day.tenant.id, top.stored.id, top.level, ports.message_domain)
    claimed = await _claim(ports, day, items, mail_id, version_id, report)
    attachments: list[Attachment] = []
    sendable = []
    for item, claim_id in claimed:
        found = await _attachments(ports, day, item, rendered, api)
        if isinstance(found, str):
            await _fail(ports, day, claim_id, found)
            report.lines.append(_line(item, f"not sent: {found}"))
            continue
        attachments += found
        sendable.append((item, claim_id))
    if not sendable:
        return
    transport = await outbox.get()
    settings = day.tenant.settings
    recipient = top.outlook.recipient or ""
    mail = OutgoingMail(
        message_id=mail_id,
        from_address=transport.from_address,
        from_name=day.tenant.name,
        to=(recipient,),
        subject=rendered.subject,
        text=rendered.body,
        cc=settings.cc,
        bcc=settings.bcc,
        reply_to=settings.reply_to or day.tenant.account_email,
        attachments=tuple(attachments),
    )
    transport_id, failure = await _deliver(ports, transport, mail)
    if failure == UNKNOWN:
        for item, _ in sendable:
            report.lines.append(
                _line(item, "left in 'sending' for review: the server may have taken it")
            )
        return
    digest = hashlib.sha256(f"{rendered.subject}\n\n{rendered.body}".encode()).hexdigest()
    async with ports.units() as uow:
        messages = uow.tenant(day.tenant.id).messages
        for _, claim_id in sendable:
            if failure is None:
                await messages.mark_sent(
                    claim_id,
                    at=ports.clock.now(),
                    recipient_domain=recipient.rpartition("@")[2],
                    transport_message_id=transport_id,
                    content_sha256=digest,
                )
            else:
                await messages.mark_failed(claim_id, reason=failure, at=ports.clock.now())
    together = " (one message)" if len(sendable) > 1 else ""
    for item, _ in sendable:
        report.lines.append(
            _line(item, f"sent{together}" if failure is None else f"failed: {failure}")
        )


def held_today(day: CycleDay, today: date, now: datetime) -> str | None:
    """Why the whole tenant sends nothing on `today`, judging the sync's age at `now`."""
    if not day.rules.calendar.is_sending_day(today):
        return "not a sending day"
    if not day.tenant.dunning_active:
        return "dunning is switched off"
    if not sync_is_fresh(day.tenant.last_successful_sync_at, now):
        return "the last successful sync is older than 26 hours: nothing is sent"
    return None


async def run_cycle(ports: DunningPorts, tenant_id: UUID, *, dry_run: bool = False) -> CycleReport:
    now = ports.clock.now()
    today = berlin_today(now)
    report = CycleReport(tenant_id, today)
    day = await plan_cycle(ports, tenant_id, now, persist=not dry_run)
    report.held = held_today(day, today, now)
    if report.held:
        return report
    report.lines += _letters_blocked(day)
    due = [
        (outlook, outlook.decision.level)
        for outlook in day.outlooks
        if isinstance(outlook.decision, Send)
    ]
    if dry_run:
        for outlook, level in due:
            report.lines.append(
                Line(
                    outlook.file.invoice.voucher_number,
                    outlook.file.contact.name if outlook.file.contact else "",
                    level,
                    Channel.LETTER if day.rules.policy.setting(level).by_post else Channel.EMAIL,
                    outlook.recipient or "",
                    "would send",
                )
            )
        return report
    api: LexofficeApi | None
    try:
        api = await ports.gateways.for_tenant(tenant_id) if due else None
    except LexofficeDisconnected:
        api = None
    outbox = _Outbox(ports, tenant_id)
    try:
        for message in by_message(day, due):
            await _send_message(ports, day, message, api, report, outbox)
    finally:
        await outbox.close()
    return report


def _letters_blocked(day: CycleDay) -> list[Line]:
    return [
        _line(
            (outlook, outlook.decision.next_level),
            f"blocked: the postal address cannot be printed ({outlook.file.letter_problem})",
            Channel.LETTER,
        )
        for outlook in day.outlooks
        if outlook.blocked is BlockReason.ADDRESS_NOT_PRINTABLE
        and isinstance(outlook.decision, Wait)
        and outlook.decision.next_level is not None
    ]


def by_message(
    day: CycleDay, due: list[tuple[Outlook, Level]]
) -> list[list[tuple[Outlook, Level]]]:
    """One message per invoice, or per customer when the tenant asked for that."""
    by_invoice = {o.file.invoice.lexoffice_id: (o, level) for o, level in due}
    bundles = bundle(
        [
            DueMessage(o.file.invoice.lexoffice_id, o.file.invoice.contact_id, level)
            for o, level in due
        ],
        per_customer=day.tenant.settings.one_message_per_customer,
    )
    return [[by_invoice[item.invoice_id] for item in b.items] for b in bundles]


async def letter_preview(
    ports: DunningPorts, tenant_id: UUID, invoice_id: UUID, level: Level
) -> DunningLetter:
    """The letter a notice at `level` would carry for this invoice today (nothing is stored)."""
    now = ports.clock.now()
    today = berlin_today(now)
    day = await plan_cycle(ports, tenant_id, now, persist=False)
    stored = next((s for s in day.stored.values() if s.id == invoice_id), None)
    if stored is None:
        raise NotFound("invoice", invoice_id)
    outlook = next(
        o for o in day.outlooks if o.file.invoice.lexoffice_id == stored.invoice.lexoffice_id
    )
    current = day.templates.get(level)
    templates = current[1].templates if current else DEFAULT_TEMPLATES[level]
    facts = _facts(day, outlook, stored.invoice.open_cents, level, today)
    rendered = ports.templates.render(templates.for_language(stored.invoice.language), facts)
    return build_letter(
        NoticeContext(
            tenant_id=tenant_id,
            invoice_id=stored.id,
            invoice=stored.invoice,
            level=level,
            today=today,
            now=now,
            rendered=rendered,
            facts=facts,
            recipient_address=day.addresses.get(stored.invoice.contact_id or "", ()),
        )
    )

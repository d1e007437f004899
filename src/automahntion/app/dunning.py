"""Use case: one tenant's dunning cycle on one day — decide, re-check, claim, send, record.

Exactly once: a message is claimed (stored as `sending`, unique per invoice and level) before
it is handed to the transport and marked `sent` after. A crash in between leaves it `sending`:
shown for review, never sent again. Right before each send the invoice's payment state is
re-read from lexoffice; paid, voided or in payment means no message, and a failed re-read
means none today.

One message never stops the day: whatever fails while it is prepared (its amounts, template,
documents, attachments, the transport's connection) holds it (`held`, with the reason) before
anything was handed over, and the cycle goes on. A failure during the hand-over itself leaves the
claim `sending` for review: the transport may have taken it.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
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
    LexofficeNotFound,
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
    TemplateRenderer,
)
from automahntion.app.storage import TenantStore, UnitOfWork
from automahntion.app.tenants import add_default_templates
from automahntion.domain.activation import NOT_ACTIVATED
from automahntion.domain.bundling import DueMessage, bundle
from automahntion.domain.calendar import SendingCalendar, berlin_today
from automahntion.domain.cycle import InvoiceFile, Outlook, TenantRules, plan_day
from automahntion.domain.escalation import Send, SentLevel, Wait
from automahntion.domain.freshness import confirmed_unpaid, sync_is_fresh
from automahntion.domain.interest import BaseRateTable, MessageContext, charges, default_begins
from automahntion.domain.levels import Level
from automahntion.domain.recipients import BlockReason, DebtorKind
from automahntion.domain.templates import DEFAULT_TEMPLATES, TemplateVersion

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


ATTENTION = "needs attention"


def _why(what: str, error: Exception) -> str:
    """A reason a tenant can read: what failed, and the error's own words."""
    return f"{what} ({str(error) or type(error).__name__})"


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
    rates: BaseRateTable,
    day: CycleDay,
    outlook: Outlook,
    open_cents: int,
    level: Level,
    today: date,
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
        table=rates,
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


STOPPED = "not sent: the service stopped before handing it over; due again next sending day"


@dataclass
class _Pending:
    """Claims taken and not handed over yet; `handed_over` while the transport has them."""

    ids: list[UUID]
    handed_over: bool = False


@asynccontextmanager
async def _released_if_stopped(
    ports: DunningPorts, tenant_id: UUID, pending: _Pending
) -> AsyncIterator[None]:
    """A stop (the process shutting down) before the hand-over: nothing went out, so the
    claims are released as failed (due again), never left `sending`. Once handed over they
    stay `sending` for review."""
    try:
        yield
    except asyncio.CancelledError:
        if not pending.handed_over and pending.ids:
            await asyncio.shield(_fail_all(ports, tenant_id, list(pending.ids), STOPPED))
        raise


async def _fail_all(
    ports: DunningPorts, tenant_id: UUID, message_ids: list[UUID], reason: str
) -> None:
    async with ports.units() as uow:
        for message_id in message_ids:
            await uow.tenant(tenant_id).messages.mark_failed(
                message_id, reason=reason, at=ports.clock.now()
            )


async def _deliver(
    ports: DunningPorts, transport: MailSender, mail: OutgoingMail, pending: _Pending
) -> tuple[str | None, str | None]:
    """(transport message id, None), or (None, reason) after up to three attempts, or
    (None, UNKNOWN) when the server may have taken it."""
    reason = "not sent"
    for attempt in range(SEND_ATTEMPTS):
        try:
            pending.handed_over = True
            receipt = await transport.send(mail)
        except MailOutcomeUnknown:
            return None, UNKNOWN
        except MailRefused as refused:
            pending.handed_over = False
            reason = refused.reason
            if refused.permanent or attempt + 1 == SEND_ATTEMPTS:
                break
            await ports.sleep(RETRY_DELAY_S * 2**attempt)
            continue
        except Exception:  # handed to the transport: it may have taken it
            return None, UNKNOWN
        return receipt.transport_message_id or "", None
    return None, reason


async def _held(ports: DunningPorts, day: CycleDay, claim_id: UUID, reason: str) -> None:
    """A claim certainly not handed over: held with the reason, due again next sending day."""
    async with ports.units() as uow:
        await uow.tenant(day.tenant.id).messages.mark_held(
            claim_id, reason=reason, at=ports.clock.now()
        )


async def _hold(
    ports: DunningPorts,
    day: CycleDay,
    due: tuple[Outlook, Level],
    reason: str,
    report: CycleReport,
    channel: Channel,
) -> None:
    """Held before it was claimed (its amounts or its template failed): recorded all the same,
    so that the tenant sees it."""
    now = ports.clock.now()
    outlook, level = due
    invoice_id = day.stored[outlook.file.invoice.lexoffice_id].id
    mail_id = message_id(day.tenant.id, invoice_id, level, ports.message_domain)
    try:
        async with ports.units() as uow:
            await uow.tenant(day.tenant.id).messages.hold(
                Claim(invoice_id, level, channel, mail_id, berlin_today(now), now),
                reason=reason,
            )
    except LevelAlreadyClaimed:
        report.lines.append(_line(due, "already claimed elsewhere: not sent again", channel))
        return
    report.lines.append(_line(due, f"{ATTENTION}: {reason}", channel))


def _channel(day: CycleDay, level: Level) -> Channel:
    return Channel.LETTER if day.rules.policy.setting(level).by_post else Channel.EMAIL


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
        try:
            open_cents, hold = await _reread(api, outlook)
        except LexofficeNotFound as error:  # comes back every day: the owner must hear of it
            reason = _why("lexoffice does not deliver the invoice for the payment re-check", error)
            await _hold(ports, day, (outlook, level), reason, report, channel)
            continue
        if open_cents is None:
            report.lines.append(_line((outlook, level), hold or "not sent", channel))
            continue
        stored = day.stored[outlook.file.invoice.lexoffice_id]
        try:
            facts = _facts(ports.rates, day, outlook, open_cents, level, today)
        except Exception as error:  # one invoice's amounts stop nothing else
            reason = _why("the amounts could not be computed", error)
            await _hold(ports, day, (outlook, level), reason, report, channel)
            continue
        items.append(_Item(outlook, level, stored, open_cents, facts))
    return items


async def _render(
    ports: DunningPorts,
    day: CycleDay,
    items: list[_Item],
    facts: MessageFacts,
    report: CycleReport,
    channel: Channel = Channel.EMAIL,
) -> tuple[UUID, Rendered] | None:
    """The message in the invoice's language from the top level's current template; None when
    it cannot be rendered (each invoice is then held)."""
    top = max(items, key=lambda i: i.level.rank)
    version_id, version = day.templates[top.level]
    language = top.outlook.file.invoice.language
    try:
        return version_id, ports.templates.render(version.templates.for_language(language), facts)
    except Exception as error:  # a template error holds only this message
        reason = _why(f"the {top.level.value} template could not be rendered", error)
        for item in items:
            await _hold(ports, day, (item.outlook, item.level), reason, report, channel)
        return None


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
    if day.tenant.settings.attach_invoice_pdf and invoice.kind.has_lexoffice_document:
        try:
            pdf = await api.invoice_pdf(invoice.lexoffice_id, invoice.kind)
        except Exception as error:  # e.g. a 404: this message is held, no more
            return _why("invoice PDF not available", error)
        found += (Attachment(f"Rechnung-{invoice.voucher_number}.pdf", "application/pdf", pdf),)
    if item.level.is_dunning_notice and ports.files is not None:
        document = await _notice(ports, ports.files, day, item, rendered, api)
        if isinstance(document, str):
            return document
        found += (document,)
    return found


async def _notice(
    ports: DunningPorts,
    files: FileStore,
    day: CycleDay,
    item: _Item,
    rendered: Rendered,
    api: LexofficeApi,
) -> Attachment | str:
    """The notice's document, or why there is none today."""
    try:
        return await notice_document(
            NoticePorts(ports.units, files, ports.renderer),
            api,
            _notice_context(ports, day, item, rendered),
        )
    except Exception as error:  # one document stops only its own message
        return _why("the dunning document could not be made", error)


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
    made = await _render(ports, day, items, item.facts, report, Channel.LETTER)
    if made is None:
        return
    version_id, rendered = made
    mail_id = message_id(day.tenant.id, item.stored.id, item.level, ports.message_domain)
    claimed = await _claim(ports, day, [item], mail_id, version_id, report, Channel.LETTER)
    if not claimed:
        return
    claim_id = claimed[0][1]
    async with _released_if_stopped(ports, day.tenant.id, _Pending([claim_id])):
        document = await _notice(ports, ports.files, day, item, rendered, api)
    if isinstance(document, str):
        await _held(ports, day, claim_id, document)
        report.lines.append(_line(item, f"{ATTENTION}: {document}", Channel.LETTER))
        return
    letter = LetterToPost(
        tenant_id=day.tenant.id,
        invoice_id=item.stored.id,
        level=item.level,
        claim_id=claim_id,
        kind=letter_kind(day.rules.policy.setting(item.level)),
        pdf=document.data,
        file_name=document.filename,
        day=berlin_today(ports.clock.now()),
    )
    try:
        outcome = await post_letter(ports.letters, ports.units, letter, ports.clock.now)
    except Exception as error:  # handed to the provider: it may have taken it
        outcome = _why(LETTER_REVIEW, error)
    report.lines.append(_line(item, _noted(item, outcome), Channel.LETTER))


LETTER_REVIEW = "left in 'sending' for review: posting it failed unexpectedly"
MAIL_REVIEW = "left in 'sending' for review: the server may have taken it"


def _noted(item: _Item, outcome: str) -> str:
    """A sent message whose interest runs past the base-rate table says so."""
    unconfirmed = min(
        (f.unconfirmed_from for f in item.facts.fees if f.unconfirmed_from), default=None
    )
    if unconfirmed is None or not outcome.startswith("sent"):
        return outcome
    return (
        f"{outcome} (interest from {unconfirmed:%d.%m.%Y} at the last known base rate: "
        "unconfirmed, add the new half-year to AUTOMAHNTION_BASE_RATES_FILE)"
    )


async def _with_attachments(
    ports: DunningPorts,
    day: CycleDay,
    claimed: list[tuple[_Item, UUID]],
    rendered: Rendered,
    api: LexofficeApi | None,
    report: CycleReport,
) -> list[Attachment] | None:
    """Every attachment of the message, or None when one cannot be made: the message is then
    held as a whole (its text names every invoice in it)."""
    attachments: list[Attachment] = []
    for item, _ in claimed:
        found = await _attachments(ports, day, item, rendered, api)
        if isinstance(found, str):
            number = item.outlook.file.invoice.voucher_number
            await _hold_claims(
                ports, day, claimed, found if len(claimed) == 1 else f"{number}: {found}", report
            )
            return None
        attachments += found
    return attachments


async def _hold_claims(
    ports: DunningPorts,
    day: CycleDay,
    claimed: list[tuple[_Item, UUID]],
    reason: str,
    report: CycleReport,
) -> None:
    for item, claim_id in claimed:
        await _held(ports, day, claim_id, reason)
        report.lines.append(_line(item, f"{ATTENTION}: {reason}"))


async def _opened(
    ports: DunningPorts,
    day: CycleDay,
    outbox: _Outbox,
    claimed: list[tuple[_Item, UUID]],
    report: CycleReport,
) -> MailSender | None:
    """The tenant's transport, or None when it cannot be opened: nothing was handed over, so
    the claims are held."""
    try:
        return await outbox.get()
    except Exception as error:  # e.g. the tenant's SMTP server is unreachable
        reason = _why("the mail transport could not be opened", error)
        await _hold_claims(ports, day, claimed, reason, report)
        return None


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
    facts = _together(items)
    made = await _render(ports, day, items, facts, report)
    if made is None:
        return
    version_id, rendered = made
    mail_id = message_id(day.tenant.id, top.stored.id, top.level, ports.message_domain)
    claimed = await _claim(ports, day, items, mail_id, version_id, report)
    if not claimed:
        return
    pending = _Pending([claim_id for _, claim_id in claimed])
    async with _released_if_stopped(ports, day.tenant.id, pending):
        await _hand_over(
            ports, day, (top, mail_id, rendered), claimed, api, report, outbox, pending
        )


async def _hand_over(
    ports: DunningPorts,
    day: CycleDay,
    message: tuple[_Item, str, Rendered],
    claimed: list[tuple[_Item, UUID]],
    api: LexofficeApi | None,
    report: CycleReport,
    outbox: _Outbox,
    pending: _Pending,
) -> None:
    """The claimed items' attachments, then one message to the transport; what happened is
    recorded on each claim (held when nothing could be handed over)."""
    top, mail_id, rendered = message
    attachments = await _with_attachments(ports, day, claimed, rendered, api, report)
    if attachments is None:
        pending.ids.clear()
        return
    transport = await _opened(ports, day, outbox, claimed, report)
    if transport is None:
        pending.ids.clear()
        return
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
    transport_id, failure = await _deliver(ports, transport, mail, pending)
    if failure == UNKNOWN:
        for item, _ in claimed:
            report.lines.append(_line(item, MAIL_REVIEW))
        return
    digest = hashlib.sha256(f"{rendered.subject}\n\n{rendered.body}".encode()).hexdigest()
    async with ports.units() as uow:
        messages = uow.tenant(day.tenant.id).messages
        for _, claim_id in claimed:
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
    together = " (one message)" if len(claimed) > 1 else ""
    for item, _ in claimed:
        outcome = f"sent{together}" if failure is None else f"failed: {failure}"
        report.lines.append(_line(item, _noted(item, outcome)))


def held_today(day: CycleDay, today: date, now: datetime, *, sending: bool) -> str | None:
    """Why the whole tenant sends nothing on `today`, judging the sync's age at `now`. A dry
    run or preview (`sending` false) shows a tenant not yet activated what it would send."""
    if sending and not day.tenant.activated:
        return NOT_ACTIVATED
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
    report.held = held_today(day, today, now, sending=not dry_run)
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
                    _channel(day, level),
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
            await _guarded(ports, day, message, api, report, outbox)
    finally:
        await outbox.close()
    return report


async def _guarded(
    ports: DunningPorts,
    day: CycleDay,
    due: list[tuple[Outlook, Level]],
    api: LexofficeApi | None,
    report: CycleReport,
    outbox: _Outbox,
) -> None:
    """The last net under one message: a failure no step expected is reported for its invoices
    and the cycle goes on (every step before the hand-over holds its own claims)."""
    try:
        await _send_message(ports, day, due, api, report, outbox)
    except Exception as error:  # one message never stops the day
        reason = _why("unexpected failure", error)
        for item in due:
            try:  # recorded, so that the owner hears of it; never over a claim of its own
                await _hold(ports, day, item, reason, report, _channel(day, item[1]))
            except Exception:  # e.g. the database is what failed
                report.lines.append(_line(item, f"{ATTENTION}: {reason}", _channel(day, item[1])))


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
    facts = _facts(ports.rates, day, outlook, stored.invoice.open_cents, level, today)
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

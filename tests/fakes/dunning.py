"""In-memory fakes of the ports of sending a dunning day (`app.dunning.ports`), and a loaded day
to send: no database, no network, no sleeping."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

from automahntion.app.dunning import CycleDay, CycleReport, Outcome, SendPorts, send_day
from automahntion.app.dunning.ports import Item, LetterDocument, LetterToPost
from automahntion.app.errors import (
    ClaimedElsewhere,
    LevelAlreadyClaimed,
    PaidMeanwhile,
    PausedMeanwhile,
    TenantNotActivated,
)
from automahntion.app.invoices.records import AdmissionState, StoredInvoice
from automahntion.app.lexoffice.ports import LexofficeNotFound, LexofficeUnavailable, PaymentState
from automahntion.app.mail.ports import Attachment, MailReceipt, OutgoingMail
from automahntion.app.mail.rendering import MessageFacts, Rendered
from automahntion.app.messages.reasons import Reason, ReasonCode
from automahntion.app.messages.records import Claim, LetterFacts
from automahntion.app.tenants.letterhead import Letterhead
from automahntion.app.tenants.records import Tenant, TenantSettings
from automahntion.domain.calendar import SendingCalendar
from automahntion.domain.cycle import InvoiceFile, TenantRules
from automahntion.domain.default_texts import DEFAULT_TEMPLATES
from automahntion.domain.escalation import SentLevel
from automahntion.domain.invoices import Invoice, InvoiceStatus
from automahntion.domain.levels import DunningPolicy, Level, LevelSetting
from automahntion.domain.pauses import Pause, active_pause
from automahntion.domain.quota import Plan
from automahntion.domain.recipients import Contact, EmailAddresses
from automahntion.domain.templates import Template, TemplateVersion

NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
"""A Tuesday morning in Berlin, no holiday."""
TODAY = date(2026, 3, 10)


@dataclass
class FixedClock:
    at: datetime = NOW

    def now(self) -> datetime:
        return self.at


LISTED = frozenset({InvoiceStatus.OPEN, InvoiceStatus.SEPADEBIT, InvoiceStatus.TRANSFERRED})
"""What the voucher list shows to the payment re-check."""


@dataclass
class FakePayments:
    """lexoffice's payment state right now, by voucher id: unpaid as synced unless told; `gone`
    vouchers were deleted. The voucher list shows those open or in payment."""

    states: dict[str, PaymentState] = field(default_factory=dict)
    gone: set[str] = field(default_factory=set)
    unavailable: bool = False
    asked: list[str] = field(default_factory=list)
    """The vouchers read alone."""
    lists: int = 0
    """How often the voucher list was read."""

    def _state(self, voucher_id: str) -> PaymentState:
        return self.states.get(voucher_id, PaymentState(InvoiceStatus.OPEN, 100_00))

    async def payment_state(self, voucher_id: str) -> PaymentState:
        self.asked.append(voucher_id)
        if self.unavailable:
            raise LexofficeUnavailable("lexoffice answers 503")
        if voucher_id in self.gone:
            raise LexofficeNotFound(f"no voucher {voucher_id}")
        return self._state(voucher_id)

    async def listed_payment_states(self, invoices: Sequence[Invoice]) -> dict[str, PaymentState]:
        self.lists += 1
        if self.unavailable:
            raise LexofficeUnavailable("lexoffice answers 503")
        states = {
            i.lexoffice_id: self._state(i.lexoffice_id)
            for i in invoices
            if i.lexoffice_id not in self.gone
        }
        return {voucher_id: s for voucher_id, s in states.items() if s.status in LISTED}


@dataclass
class Record:
    claim: Claim
    state: str
    reason: Reason | None = None


@dataclass
class FakeLedger:
    """Claims by (invoice, level); `taken_elsewhere` are claimed by another process. Once
    `still_activated` is False (the owner deactivated the tenant) every claim is refused; so is
    every claim while the tenant's pause holds, and a message's claims while one of its
    invoices' own or contact's pause does (the pauses as stored now, set while the cycle runs)."""

    taken_elsewhere: set[tuple[UUID, Level]] = field(default_factory=set)
    records: dict[UUID, Record] = field(default_factory=dict)
    still_activated: bool = True
    tenant_pause: Pause | None = None
    invoice_pauses: dict[UUID, Pause] = field(default_factory=dict)
    contact_pauses: dict[str, Pause] = field(default_factory=dict)
    """By the contact's lexoffice id."""
    contacts: dict[UUID, str] = field(default_factory=dict)
    """Each invoice's contact (lexoffice id), as stored: `pause_contact` fills it."""
    stored_open: dict[UUID, int] = field(default_factory=dict)
    """Open cents by invoice as stored now, when lexoffice told of a payment since the re-check
    (its callback or a sync stored it; 0: paid)."""
    claims: int = 0
    """How often `claim` was asked (once per message)."""
    last_looks: int = 0
    """How often `withdraw_if_stopped` was asked (before each attempt to hand a message over)."""

    def _key_taken(self, claim: Claim) -> bool:
        key = (claim.invoice_id, claim.level)
        mine = any(
            (r.claim.invoice_id, r.claim.level) == key and r.state not in ("failed", "held")
            for r in self.records.values()
        )
        return key in self.taken_elsewhere or mine

    def pause_contact(self, day: CycleDay, contact_id: str, pause: Pause) -> None:
        """The owner pauses a contact: it holds for its invoices of `day`."""
        self.contact_pauses[contact_id] = pause
        for stored in day.stored.values():
            if stored.invoice.contact_id == contact_id:
                self.contacts[stored.id] = contact_id

    def _paused(self, claim: Claim) -> bool:
        contact = self.contact_pauses.get(self.contacts.get(claim.invoice_id, ""))
        return (
            active_pause((contact, self.invoice_pauses.get(claim.invoice_id)), claim.day)
            is not None
        )

    async def claim(self, claims: Sequence[Claim]) -> list[UUID]:
        self.claims += 1
        if not self.still_activated:
            raise TenantNotActivated("the fake tenant")
        ids = frozenset(c.invoice_id for c in claims)
        if self.tenant_pause is not None and self.tenant_pause.is_active(claims[0].day):
            raise PausedMeanwhile(ids, tenant_wide=True)
        paused = frozenset(c.invoice_id for c in claims if self._paused(c))
        if paused:
            raise PausedMeanwhile(paused)
        lost = frozenset(c.invoice_id for c in claims if self._key_taken(c))
        if lost:
            raise ClaimedElsewhere(lost)
        taken = []
        for claim in claims:
            claim_id = uuid4()
            self.records[claim_id] = Record(claim, "sending")
            taken.append(claim_id)
        return taken

    async def withdraw_if_stopped(
        self, claim_ids: Sequence[UUID], *, at: datetime, stated: Mapping[UUID, int]
    ) -> None:
        """Takes the claims still `sending` back (as if never taken) when the tenant was
        deactivated or a pause holds now, or an invoice has less open than `stated`."""
        self.last_looks += 1
        claims = [self.records[i].claim for i in claim_ids if self.records[i].state == "sending"]
        if not claims:
            return
        ids = frozenset(c.invoice_id for c in claims)
        stop: Exception
        if not self.still_activated:
            stop = TenantNotActivated("the fake tenant")
        elif self.tenant_pause is not None and self.tenant_pause.is_active(claims[0].day):
            stop = PausedMeanwhile(ids, tenant_wide=True)
        elif any(self._paused(c) for c in claims):
            stop = PausedMeanwhile(frozenset(c.invoice_id for c in claims if self._paused(c)))
        elif paid := {i for i in ids if self.stored_open.get(i, stated[i]) < stated[i]}:
            stop = PaidMeanwhile(frozenset(paid))
        else:
            return
        for claim_id in claim_ids:
            if self.records[claim_id].state == "sending":
                del self.records[claim_id]
        raise stop

    async def hold(self, claim: Claim, *, reason: Reason) -> None:
        if self._key_taken(claim):
            raise LevelAlreadyClaimed(claim.invoice_id, claim.level)
        self.records[uuid4()] = Record(claim, "held", reason)

    async def mark_held(self, claim_id: UUID, *, reason: Reason, at: datetime) -> None:
        self.records[claim_id] = replace(self.records[claim_id], state="held", reason=reason)

    async def mark_failed(self, claim_ids: Sequence[UUID], *, reason: Reason, at: datetime) -> None:
        for claim_id in claim_ids:
            self.records[claim_id] = replace(self.records[claim_id], state="failed", reason=reason)

    async def mark_sent(
        self,
        claim_ids: Sequence[UUID],
        *,
        at: datetime,
        recipient_domain: str,
        transport_message_id: str | None,
        content_sha256: str,
    ) -> None:
        for claim_id in claim_ids:
            self.records[claim_id] = replace(self.records[claim_id], state="sent")

    def states(self) -> dict[tuple[UUID, Level], str]:
        return {(r.claim.invoice_id, r.claim.level): r.state for r in self.records.values()}


@dataclass
class FakeSender:
    """Answers each `send` with the next of `answers` (an exception is raised); takes it
    when they run out."""

    answers: list[Exception] = field(default_factory=list)
    taken: list[OutgoingMail] = field(default_factory=list)
    tries: int = 0
    from_address: str = "noreply@automahntion.test"

    async def send(self, mail: OutgoingMail) -> MailReceipt:
        self.tries += 1
        if self.answers:
            raise self.answers.pop(0)
        self.taken.append(mail)
        return MailReceipt(f"250 queued as {len(self.taken)}")


@dataclass
class FakeOutbox:
    sender_: FakeSender = field(default_factory=FakeSender)
    broken: Exception | None = None

    async def sender(self) -> FakeSender:
        if self.broken is not None:
            raise self.broken
        return self.sender_


@dataclass
class FakeDocuments:
    makes_notices: bool = True
    missing: Reason | None = None
    """Why no attachment can be made (None: every one can)."""

    async def attachments(self, item: Item, rendered: Rendered) -> tuple[Attachment, ...] | Reason:
        return self.missing if self.missing is not None else ()

    async def notice(self, item: Item, rendered: Rendered) -> Attachment | Reason:
        if self.missing is not None:
            return self.missing
        return Attachment("Mahnung.pdf", "application/pdf", b"%PDF")

    async def letter(self, item: Item, rendered: Rendered) -> LetterDocument | Reason:
        notice = await self.notice(item, rendered)
        if isinstance(notice, Reason):
            return notice
        facts = LetterFacts(Letterhead(), None, ("Hauptstr. 1", "10115 Berlin"), NOW.date())
        return LetterDocument(notice, facts)


@dataclass
class FakePost:
    posted: list[LetterToPost] = field(default_factory=list)

    async def post(self, letter: LetterToPost) -> tuple[Outcome, str]:
        self.posted.append(letter)
        return Outcome.SENT, f"sent by post ({letter.kind.value})"


class FakeTemplates:
    def render(self, template: Template, facts: MessageFacts, language: str = "de") -> Rendered:
        return Rendered(f"Zahlungserinnerung {facts.invoice_number}", f"{facts.open_cents}")

    def check(self, text: str) -> str | None:
        return None


@dataclass
class Fakes:
    payments: FakePayments = field(default_factory=FakePayments)
    ledger: FakeLedger = field(default_factory=FakeLedger)
    outbox: FakeOutbox = field(default_factory=FakeOutbox)
    documents: FakeDocuments = field(default_factory=FakeDocuments)
    post: FakePost = field(default_factory=FakePost)
    clock: FixedClock = field(default_factory=FixedClock)
    slept: list[float] = field(default_factory=list)
    """The backoff waits asked for, in seconds; none is waited."""

    async def _sleep(self, seconds: float) -> None:
        self.slept.append(seconds)

    def ports(self) -> SendPorts:
        return SendPorts(
            payments=self.payments,
            ledger=self.ledger,
            outbox=self.outbox,
            documents=self.documents,
            post=self.post,
            templates=FakeTemplates(),
            clock=self.clock,
            message_domain="automahntion.test",
            sleep=self._sleep,
        )

    @property
    def sent(self) -> list[OutgoingMail]:
        return self.outbox.sender_.taken


def contact(n: int, email: str | None = None) -> Contact:
    address = email if email is not None else f"kunde{n}@example.com"
    return Contact(f"c{n}", f"Kunde {n}", EmailAddresses(business=(address,)))


def invoice(
    number: str, who: Contact | None, *, days_overdue: int = 5, open_cents: int = 100_00
) -> Invoice:
    due = TODAY - timedelta(days=days_overdue)
    return Invoice(
        f"lx-{number}",
        number,
        due - timedelta(days=14),
        due,
        open_cents,
        open_cents,
        who.lexoffice_id if who else None,
        InvoiceStatus.OPEN,
    )


def policy(*, m1_by_post: bool = False) -> DunningPolicy:
    """R1 after 3 days, M1 after 20 (by post when asked)."""
    levels = [LevelSetting(level, False, 60 + i) for i, level in enumerate(Level)]
    chosen = {
        Level.R1: LevelSetting(Level.R1, True, 3),
        Level.M1: LevelSetting(Level.M1, True, 20, by_post=m1_by_post),
    }
    return DunningPolicy.create([chosen.get(s.level, s) for s in levels], min_gap_days=0)


def a_day(
    invoices: Sequence[Invoice],
    contacts: Sequence[Contact],
    *,
    settings: TenantSettings | None = None,
    last_sync: datetime | None = NOW - timedelta(hours=2),
    rules: DunningPolicy | None = None,
    history: Mapping[str, tuple[SentLevel, ...]] | None = None,
) -> CycleDay:
    """A loaded day of one activated tenant whose invoices are all admitted."""
    settings = settings or TenantSettings()
    tenant = Tenant(
        id=uuid4(),
        name="Muster GmbH",
        account_email="owner@muster.test",
        billing_email="owner@muster.test",
        plan=Plan.PRO,
        custom_limit=None,
        trial_ends_on=None,
        settings=settings,
        dunning_active=True,
        activated_at=NOW - timedelta(days=30),
        pause=None,
        last_successful_sync_at=last_sync,
        created_at=NOW - timedelta(days=60),
    )
    by_id = {c.lexoffice_id: c for c in contacts}
    stored = {i.lexoffice_id: StoredInvoice(uuid4(), i, AdmissionState.ADMITTED) for i in invoices}
    files = [
        InvoiceFile(
            i,
            by_id.get(i.contact_id or ""),
            (history or {}).get(i.voucher_number, ()),
            admitted_before=True,
            letter_problem=None,
        )
        for i in invoices
    ]
    templates = {
        level: (uuid4(), TemplateVersion(level, 1, DEFAULT_TEMPLATES[level], NOW))
        for level in Level
    }
    return CycleDay(
        tenant,
        files,
        stored,
        templates,
        TenantRules(rules or policy(), SendingCalendar(None, False), limit=250),
        {},
        NOW,
    )


def refused(words: str) -> Reason:
    """A mail server's refusal in its own words."""
    return Reason.of(ReasonCode.MAIL_REFUSED, error=words)


R1_SENT = {"RE-2": (SentLevel(Level.R1, TODAY - timedelta(days=20)),)}
"""RE-2's first reminder, sent 20 days ago."""


async def send(fakes: Fakes, day: CycleDay) -> CycleReport:
    """The day's plan sent through the fakes, as the cycle sends it."""
    return await send_day(fakes.ports(), day, day.plan(NOW, sending=True))


def stored_id(day: CycleDay, number: str) -> UUID:
    """The stored id of the day's invoice with that number."""
    return next(s.id for s in day.stored.values() if s.invoice.voucher_number == number)

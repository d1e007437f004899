"""Port: what the use cases need from lexoffice, for one connected organization."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Protocol
from uuid import UUID

from automahntion.domain.invoices import Invoice, InvoiceKind, InvoiceStatus
from automahntion.domain.recipients import Contact
from automahntion.domain.thanks import PaymentItem


@dataclass(frozen=True)
class ListedVoucher:
    """One item of `/v1/voucherlist`, amounts in cents. `listed_status` may say `overdue`."""

    lexoffice_id: str
    voucher_type: str
    listed_status: str
    voucher_number: str
    voucher_date: date | None
    due_date: date | None
    contact_id: str | None
    total_cents: int
    open_cents: int | None
    updated_at: datetime | None = None
    problem: str | None = None
    """What of the item could not be read, in words (the tenant reads it)."""


@dataclass(frozen=True)
class LexofficeContact:
    contact: Contact
    postal_address: dict[str, str] | None = None

    @classmethod
    def unusable(cls, contact_id: str, reason: str) -> LexofficeContact:
        """A contact that cannot be used as lexoffice gives it: its invoices are blocked
        (`unusable_record`) with `reason` until it can."""
        return cls(Contact(contact_id, "", unusable=reason))

    def keeping(self, held: Contact, postal: dict[str, str] | None) -> LexofficeContact:
        """This contact as it is stored over `held`: one lexoffice gives unreadable (or not at
        all) keeps what was read of it before, with the reason it cannot be used; its invoices
        are blocked, and nothing known of it is lost until a readable version comes."""
        if self.contact.unusable is None:
            return self
        return LexofficeContact(replace(held, unusable=self.contact.unusable), postal)


@dataclass(frozen=True)
class ContactPage:
    contacts: list[LexofficeContact]
    total_pages: int
    total_elements: int


@dataclass(frozen=True)
class PaymentState:
    """`/v1/payments/{id}`: the voucher's own status (never `overdue`) and open amount."""

    status: InvoiceStatus
    open_cents: int
    paid_on: date | None = None
    items: tuple[PaymentItem, ...] | None = ()
    """The paymentItems; None when lexoffice gave some that cannot be read."""


@dataclass(frozen=True)
class Profile:
    organization_id: str
    connection_id: str | None
    company_name: str


@dataclass(frozen=True)
class LexofficeEvent:
    organization_id: str
    event_type: str
    resource_id: str
    event_date: str
    received_at: datetime | None = field(default=None, compare=False)

    @property
    def dedupe_key(self) -> str:
        return f"{self.organization_id}:{self.event_type}:{self.resource_id}:{self.event_date}"


class LexofficeEvents(Protocol):
    def verify(self, body: bytes, headers: Mapping[str, str]) -> LexofficeEvent:
        """The event of a callback, after its signature was checked over the raw body;
        `automahntion.app.webhooks.WebhookRefused` otherwise, `WebhookUnreadable` for a signed
        body that is no event."""
        ...


@dataclass(frozen=True)
class InvoiceDetails:
    """What creating a dunning for an invoice must copy from it."""

    language: str
    contact_id: str | None
    address_name: str
    country_code: str
    tax_type: str


@dataclass(frozen=True)
class DunningLine:
    """One line item of a dunning, without tax (the amount asked as it stands)."""

    name: str
    cents: int
    description: str = ""


@dataclass(frozen=True)
class DunningRequest:
    """A dunning as lexoffice keeps it: its lines add up to what the message asks."""

    invoice_id: str
    voucher_date: date
    title: str
    introduction: str
    lines: tuple[DunningLine, ...]
    details: InvoiceDetails
    remark: str = ""

    @property
    def total_cents(self) -> int:
        return sum(line.cents for line in self.lines)


@dataclass(frozen=True)
class DunningSummary:
    """A dunning lexoffice holds for an invoice (one of the invoice's `relatedVouchers`)."""

    id: str
    title: str
    voucher_date: date | None


class LexofficeOutcomeUnknown(Exception):
    """lexoffice may have executed a call that is not idempotent (e.g. a 504 on create)."""


class LexofficeUnavailable(Exception):
    """lexoffice could not be asked (after the client's retries)."""


class LexofficeUnreadable(ValueError):
    """lexoffice answered, but with a record that cannot be read (an amount, a status); a
    `ValueError`, as reading what it gave failed."""


class LexofficeDisconnected(LexofficeUnavailable):
    """The tenant has no working connection (none, revoked or refused)."""


class LexofficeNotFound(Exception):
    pass


class LexofficeApi(Protocol):
    async def profile(self) -> Profile: ...
    async def list_vouchers(
        self, *, types: Sequence[str], statuses: Sequence[str], updated_from: date | None = None
    ) -> list[ListedVoucher]:
        """Every page of the voucher list for these filters."""
        ...

    async def contacts_page(self, page: int) -> ContactPage: ...
    async def contact(self, contact_id: str) -> LexofficeContact:
        """Raises `LexofficeNotFound` for an unknown contact."""
        ...

    async def payment_state(self, voucher_id: str) -> PaymentState: ...
    async def listed_payment_states(self, invoices: Sequence[Invoice]) -> dict[str, PaymentState]:
        """What the voucher list shows of `invoices` that are open, in a direct debit or in a
        transfer (each status its own filter, 250 a request); one that left those lists (paid,
        voided, back to draft, deleted) is not in the answer."""
        ...

    async def subscribe(self, event_type: str, callback_url: str) -> None:
        """Idempotent: an existing subscription counts as done."""
        ...

    async def invoice_details(self, invoice_id: str, kind: InvoiceKind) -> InvoiceDetails:
        """Of an invoice or a down payment invoice (each has its own endpoint)."""
        ...

    async def create_dunning(self, request: DunningRequest) -> str:
        """The new dunning's id. Not idempotent: raises `LexofficeOutcomeUnknown` when the
        answer was lost (a timeout, a dropped connection, a 504), `LexofficeUnavailable` when
        lexoffice answered that it failed or could not be reached at all."""
        ...

    async def dunnings_of(self, invoice_id: str, kind: InvoiceKind) -> list[DunningSummary]:
        """The dunnings lexoffice shows for the invoice right now."""
        ...

    async def dunning_pdf(self, dunning_id: str) -> bytes: ...
    async def invoice_pdf(self, invoice_id: str, kind: InvoiceKind) -> bytes:
        """Raises `LexofficeNotFound` when lexoffice has no such document."""
        ...


class LexofficeGateways(Protocol):
    async def for_tenant(self, tenant_id: UUID) -> LexofficeApi:
        """Raises `LexofficeDisconnected` when the tenant cannot reach its organization."""
        ...

    def with_token(self, bearer: str, limiter_key: str) -> LexofficeApi:
        """A client for a token not stored yet (while connecting)."""
        ...


@dataclass(frozen=True)
class TokenSet:
    access_token: str = field(repr=False)
    refresh_token: str | None = field(repr=False)
    expires_at: datetime


class TokenRefused(Exception):
    """The authorization server refused a code or refresh token (e.g. `invalid_grant`)."""

    def __init__(self, error: str, description: str | None = None) -> None:
        self.error = error
        super().__init__(f"{error}: {description}" if description else error)


class LexofficeAuthorization(Protocol):
    """lexoffice's OAuth authorization server, as a partner app sees it."""

    def authorization_url(self, state: str, code_verifier: str) -> str: ...
    def authorization_origin(self) -> str:
        """`scheme://host[:port]` of the authorize page: a page whose form leads there names
        it in its Content-Security-Policy (`form-action` also covers the redirect)."""
        ...

    async def exchange(self, code: str, code_verifier: str, now: datetime) -> TokenSet: ...
    async def revoke(self, refresh_token: str) -> None: ...

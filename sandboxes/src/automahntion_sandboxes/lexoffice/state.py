"""The sandbox's in-memory world: organizations with their contacts, vouchers, dunnings and
event subscriptions, the OAuth clients and tokens, the request log and injected faults."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from automahntion_sandboxes.clock import SandboxClock, real_seconds
from automahntion_sandboxes.lexoffice.clock import BERLIN
from automahntion_sandboxes.lexoffice.ratelimit import RateLimiter

INVOICE_TYPES = ("invoice", "downpaymentinvoice")
BOOKKEEPING_TYPES = ("salesinvoice", "salescreditnote")
SEEDABLE_TYPES = INVOICE_TYPES + BOOKKEEPING_TYPES
CREDIT_NOTE_TYPES = ("salescreditnote",)
EVENT_PREFIX = {
    "invoice": "invoice",
    "downpaymentinvoice": "down-payment-invoice",
    "salesinvoice": "voucher",
    "salescreditnote": "voucher",
}
COLLECTIVE_CONTACT_NAME = "Sammelkunde"

Emit = Callable[[str, str, str], None]
"""emit(organization id, event type, resource id)"""


def new_id() -> str:
    return str(uuid.uuid4())


def new_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass
class Contact:
    id: str
    organization_id: str
    data: dict[str, Any]
    created: datetime
    updated: datetime
    version: int = 1

    @property
    def name(self) -> str:
        company = self.data.get("company")
        if isinstance(company, dict):
            return str(company.get("name") or "")
        person = self.data.get("person")
        if isinstance(person, dict):
            parts = (person.get("firstName"), person.get("lastName"))
            return " ".join(str(part) for part in parts if part)
        return ""


@dataclass(frozen=True)
class Payment:
    day: date
    cents: int
    item_type: str = "manualPayment"


PAYMENT_ITEM_TYPES = (
    "partPaymentFinancialTransaction",
    "partPaymentCreditNote",
    "partPaymentCashBox",
    "manualPayment",
    "cashDiscount",
    "dunningCosts",
    "currencyConversion",
    "irrecoverableReceivable",
)
"""What can clear an invoice's open amount: a credit note pursued from the invoice, a write-off
and a Skonto do so as much as money does."""


@dataclass
class Voucher:
    id: str
    organization_id: str
    voucher_type: str
    voucher_number: str
    voucher_date: date
    due_date: date | None
    total_cents: int
    tax_rate: int
    contact_id: str | None
    contact_name: str | None
    address: dict[str, Any] | None
    language: str
    status: str
    archived: bool
    created: datetime
    updated: datetime
    open_cents: int
    version: int = 1
    payments: list[Payment] = field(default_factory=list)
    file_id: str = field(default_factory=new_id)

    @property
    def paid_cents(self) -> int:
        return sum(payment.cents for payment in self.payments)

    @property
    def paid_date(self) -> date | None:
        if self.status not in ("paid", "paidoff") or not self.payments:
            return None
        return max(payment.day for payment in self.payments)

    def listed_status(self, today: date) -> str:
        """The voucherlist status: open or sepadebit past the due date shows as overdue."""
        if self.status in ("open", "sepadebit") and self.due_date and self.due_date < today:
            return "overdue"
        return self.status


@dataclass
class Dunning:
    id: str
    organization_id: str
    invoice_id: str
    body: dict[str, Any]
    created: datetime
    updated: datetime
    version: int = 1
    file_id: str = field(default_factory=new_id)


@dataclass
class Subscription:
    id: str
    organization_id: str
    event_type: str
    callback_url: str
    created: datetime


DEFAULT_ADDRESS = ("Musterstraße 1", "10115", "Berlin")
"""The sender address (street, zip, city) of an organization created without one."""


@dataclass
class Organization:
    id: str
    company_name: str
    connection_id: str
    created: datetime
    address: tuple[str, str, str] = DEFAULT_ADDRESS
    """Street, zip and city, printed with the name on its documents."""
    user_id: str = field(default_factory=new_id)
    contacts: dict[str, Contact] = field(default_factory=dict)
    vouchers: dict[str, Voucher] = field(default_factory=dict)
    dunnings: dict[str, Dunning] = field(default_factory=dict)
    subscriptions: dict[str, Subscription] = field(default_factory=dict)
    malformed: dict[str, Any] = field(default_factory=dict)
    """Records served malformed, by id (`malformed.Malformation`s)."""
    next_customer_number: int = 10000
    next_voucher_number: int = 1

    @property
    def address_lines(self) -> tuple[str, str]:
        street, zip_code, city = self.address
        return street, f"{zip_code} {city}"

    def contact_name(self, voucher: Voucher) -> str:
        if voucher.contact_id and voucher.contact_id in self.contacts:
            return self.contacts[voucher.contact_id].name
        if voucher.contact_name:
            return voucher.contact_name
        if voucher.address and voucher.address.get("name"):
            return str(voucher.address["name"])
        return COLLECTIVE_CONTACT_NAME

    def document(self, file_id: str) -> Voucher | Dunning | None:
        for voucher in self.vouchers.values():
            if voucher.file_id == file_id and voucher.voucher_type in INVOICE_TYPES:
                return voucher
        for dunning in self.dunnings.values():
            if dunning.file_id == file_id:
                return dunning
        return None


@dataclass
class OAuthClient:
    client_id: str
    secret: str
    redirect_uris: tuple[str, ...]


@dataclass
class AuthorizationCode:
    code: str
    client_id: str
    redirect_uri: str
    organization_id: str
    scope: str
    challenge: str | None
    challenge_method: str | None
    expires_at: float
    used: bool = False
    grant_id: str | None = None


@dataclass
class Grant:
    """One OAuth authorization: its refresh tokens rotate, its access tokens come and go."""

    id: str
    client_id: str
    organization_id: str
    scope: str
    refresh_token: str
    revoked: bool = False


@dataclass
class AccessToken:
    token: str
    organization_id: str
    grant_id: str
    expires_at: float


@dataclass
class Fault:
    """The next `count` calls under `path_prefix` (with `method`, if set) fail: with `status`
    (and, unless `executes`, without reaching the app), or with `hang_up` the connection closes
    without an answer; with a `body`, `status` may be 200."""

    count: int
    status: int
    drop_response: bool
    path_prefix: str
    hang_up: bool = False
    executes: bool = False
    method: str | None = None
    body: str | None = None
    """Sent as it stands instead of lexoffice's error body (with `content_type`): a 200 that
    is no JSON, a truncated page, a page of the wrong shape."""
    content_type: str = "application/json"


@dataclass(frozen=True)
class LoggedRequest:
    at: float
    method: str
    path: str
    query: str
    status: int
    organization_id: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "at": self.at,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "status": self.status,
            "organizationId": self.organization_id,
        }


def _no_events(organization_id: str, event_type: str, resource_id: str) -> None:
    del organization_id, event_type, resource_id


class Sandbox:
    """Everything one sandbox app knows; reset() forgets it all but the configuration."""

    def __init__(self, *, rate_per_second: float, token_lifetime: int = 3600) -> None:
        self.default_rate = rate_per_second
        self.default_token_lifetime = token_lifetime
        self.emit: Emit = _no_events
        self.clock = SandboxClock(BERLIN)
        self.limiter = RateLimiter(rate_per_second)
        self.token_lifetime = token_lifetime
        self.organizations: dict[str, Organization] = {}
        self.api_keys: dict[str, str] = {}
        self.clients: dict[str, OAuthClient] = {}
        self.codes: dict[str, AuthorizationCode] = {}
        self.grants: dict[str, Grant] = {}
        self.refresh_tokens: dict[str, str] = {}
        self.access_tokens: dict[str, AccessToken] = {}
        self.faults: list[Fault] = []
        self.requests: list[LoggedRequest] = []

    def reset(self) -> None:
        self.clock.follow_real_time()
        self.limiter = RateLimiter(self.default_rate)
        self.token_lifetime = self.default_token_lifetime
        self.organizations.clear()
        self.api_keys.clear()
        self.clients.clear()
        self.codes.clear()
        self.grants.clear()
        self.refresh_tokens.clear()
        self.access_tokens.clear()
        self.faults.clear()
        self.requests.clear()

    # organizations and credentials

    def add_organization(
        self,
        company_name: str,
        organization_id: str | None,
        address: tuple[str, str, str] = DEFAULT_ADDRESS,
    ) -> Organization:
        organization = Organization(
            id=organization_id or new_id(),
            company_name=company_name,
            connection_id=new_id(),
            created=self.clock.now(),
            address=address,
        )
        self.organizations[organization.id] = organization
        return organization

    def latest_organization(self) -> Organization | None:
        return next(reversed(self.organizations.values()), None)

    def new_api_key(self, organization_id: str) -> str:
        key = new_token()
        self.api_keys[key] = organization_id
        return key

    def resolve_bearer(self, token: str) -> tuple[str | None, bool]:
        """(organization id or None when unknown, whether the token is valid now)."""
        if token in self.api_keys:
            return self.api_keys[token], True
        access = self.access_tokens.get(token)
        if access is None:
            return None, False
        grant = self.grants.get(access.grant_id)
        valid = grant is not None and not grant.revoked and real_seconds() < access.expires_at
        return access.organization_id, valid

    def issue_access_token(self, grant: Grant) -> AccessToken:
        access = AccessToken(
            token=new_token(),
            organization_id=grant.organization_id,
            grant_id=grant.id,
            expires_at=real_seconds() + self.token_lifetime,
        )
        self.access_tokens[access.token] = access
        return access

    def rotate_refresh_token(self, grant: Grant) -> str:
        self.refresh_tokens.pop(grant.refresh_token, None)
        grant.refresh_token = new_token()
        self.refresh_tokens[grant.refresh_token] = grant.id
        return grant.refresh_token

    def revoke_grant(self, grant: Grant) -> None:
        grant.revoked = True
        self.refresh_tokens.pop(grant.refresh_token, None)

    def grants_of(self, organization_id: str) -> list[Grant]:
        return [g for g in self.grants.values() if g.organization_id == organization_id]

    # request log and faults

    def log(self, entry: LoggedRequest) -> None:
        self.requests.append(entry)

    def take_fault(self, path: str, method: str) -> Fault | None:
        for fault in self.faults:
            if (
                fault.count > 0
                and path.startswith(fault.path_prefix)
                and fault.method in (None, method)
            ):
                fault.count -= 1
                if fault.count == 0:
                    self.faults.remove(fault)
                return fault
        return None

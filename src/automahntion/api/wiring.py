"""What the API runs on, given to it by the composition root (`bootstrap/web.py`), and the
Litestar dependencies handlers take from it: each handler names only what it uses.

Litestar resolves dependencies that do not depend on each other together, in an anyio task
group per request, which costs more than the plain reads these are. So they are chained: the
clock after the unit-of-work factory, the tenant after the clock (`auth.tenant_of_request`),
what only tenants' routes use after the tenant, what public routes use too after the clock.
A handler that takes some of them resolves one after the other.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network
from typing import Any, Protocol, TypeAlias, TypeVar
from uuid import UUID

from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import SkipValidation

from automahntion.app.access.request_reads import RequestReads
from automahntion.app.access.secret_box import SecretBox
from automahntion.app.billing.payments import PaymentEvents
from automahntion.app.billing.subscription import BillingPorts
from automahntion.app.clock import Clock
from automahntion.app.dunning import DunningPorts
from automahntion.app.invoices.listing import InvoiceListReads
from automahntion.app.jobs import Jobs
from automahntion.app.lexoffice.ports import (
    LexofficeAuthorization,
    LexofficeEvents,
    LexofficeGateways,
)
from automahntion.app.loyalty.ports import ThankYouRenderer
from automahntion.app.mail.ports import MailTransports
from automahntion.app.post.provider import LetterEvents
from automahntion.app.storage import UnitOfWork
from automahntion.app.webhooks.delivery import WebhookPorts

T = TypeVar("T")
Wired: TypeAlias = NamedDependency[SkipValidation[T]]
"""A handler's parameter filled by its name from the `Wiring`, taken as it is given (Litestar
would check it against its type, and protocols and callables cannot be checked)."""
Units = Callable[[], UnitOfWork]
"""Opens a unit of work (one transaction)."""
Networks = tuple[IPv4Network | IPv6Network, ...]


class Budgets(Protocol):
    async def spend(self, identity: str, window: int) -> int:
        """The number of requests of `identity` in `window`, this one included."""
        ...

    async def spent(self, identity: str, window: int) -> int:
        """The number of requests of `identity` in `window` so far (spends nothing)."""
        ...


@dataclass(frozen=True)
class RateBudget:
    limit: int
    """Requests per window and identity."""
    trusted: Networks
    """The proxies whose `X-Forwarded-For` is believed."""
    budgets: Budgets


class Readiness(Protocol):
    @property
    def database(self) -> str: ...

    @property
    def redis(self) -> str: ...

    @property
    def ready(self) -> bool: ...


@dataclass(frozen=True)
class Wiring:
    units: Units
    request_reads: RequestReads
    invoice_list: InvoiceListReads
    clock: Clock
    readiness: Callable[[], Awaitable[Readiness]]
    rate: RateBudget
    secret_box: SecretBox
    gateways: LexofficeGateways
    lexoffice_oauth: LexofficeAuthorization | None
    lexoffice_events: LexofficeEvents | None
    letter_events: LetterEvents | None
    payment_events: PaymentEvents | None
    jobs: Jobs
    mail_transports: MailTransports
    dunning_ports: DunningPorts
    billing_ports: BillingPorts
    thank_you_renderer: ThankYouRenderer
    public_url: str
    """Where this service is reached, without a trailing slash."""
    webhook_url: str
    """Where lexoffice sends its events."""
    mail_domain: str
    """The domain of our own message ids."""
    webhooks: WebhookPorts


def wiring_of(state: Any) -> Wiring:
    wiring: Wiring = state.wiring
    return wiring


def _units(state: State) -> Units:
    return wiring_of(state).units


def _clock(state: State, units: NamedDependency[Any]) -> Clock:
    del units
    return wiring_of(state).clock


def _after_clock(name: str) -> Provide:
    def provide(state: State, clock: NamedDependency[Any]) -> object:
        del clock
        return getattr(wiring_of(state), name)

    return Provide(provide, sync_to_thread=False)


def _after_tenant(name: str) -> Provide:
    def provide(state: State, tenant_id: NamedDependency[UUID]) -> object:
        del tenant_id
        return getattr(wiring_of(state), name)

    return Provide(provide, sync_to_thread=False)


PUBLIC = (
    "readiness",
    "secret_box",
    "gateways",
    "lexoffice_oauth",
    "lexoffice_events",
    "letter_events",
    "payment_events",
    "jobs",
    "public_url",
    "webhook_url",
)
"""What public routes take too (resolved after the clock)."""
TENANTS_ONLY = (
    "request_reads",
    "mail_transports",
    "dunning_ports",
    "billing_ports",
    "thank_you_renderer",
    "mail_domain",
    "webhooks",
)
"""What only routes that act for a tenant take (resolved after the tenant)."""


def _invoice_list(state: State, request_reads: NamedDependency[Any]) -> InvoiceListReads:
    """Taken beside `request_reads` (the list's version), so resolved after it."""
    del request_reads
    return wiring_of(state).invoice_list


def wired_dependencies() -> dict[str, Provide]:
    """Every dependency but `tenant_id` (`auth.tenant_of_request`)."""
    return {
        "units": Provide(_units, sync_to_thread=False),
        "clock": Provide(_clock, sync_to_thread=False),
        **{name: _after_clock(name) for name in PUBLIC},
        **{name: _after_tenant(name) for name in TENANTS_ONLY},
        "invoice_list": Provide(_invoice_list, sync_to_thread=False),
    }

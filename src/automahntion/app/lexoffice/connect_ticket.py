"""The ticket of a lexoffice connect flow: what `GET /v1/lexoffice/connect` hands its caller
(most often the integrator's server, which sends its user's browser on) instead of lexoffice's
authorize link. The ticket opens our begin page, which names the automahntion account the
books will be connected to; only a confirmation there, in the browser, starts the flow that is
bound to that browser (`connect_state`). So a ticket or link passed to someone else shows them
whose account it is before anything can happen, and an authorize link made by someone else's
browser connects nobody."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from automahntion.app.access.secret_box import SecretBox
from automahntion.app.lexoffice.connect_state import (
    ConnectStateInvalid,
    begin,
    open_expiring,
    seal_expiring,
)
from automahntion.app.lexoffice.ports import LexofficeAuthorization
from automahntion.app.storage import UnitOfWork

TICKET_LIFETIME = timedelta(minutes=10)
TICKET_USED = "lexoffice-ticket"
"""The inbound-event source under which a used ticket is recorded (each ticket works once)."""
_PURPOSE = "lexoffice-connect-ticket"
"""Sealed with the same key as other texts: a ticket says what it is, so nothing else
sealed (an OAuth state, a stored token) is taken for one."""
_USED = "this connect link was used already"


@dataclass(frozen=True)
class ConnectTicket:
    id: str
    tenant_id: UUID
    started_by: str
    """The credential that asked (recorded in the audit log when the flow finishes)."""


@dataclass(frozen=True)
class BeginPage:
    """What the begin page shows: whose automahntion account the books would go to."""

    ticket: ConnectTicket
    company: str
    account_email: str


def issue_ticket(
    secrets: SecretBox, tenant_id: UUID, started_by: str, now: datetime, ticket_id: str
) -> str:
    fields = {"purpose": _PURPOSE, "id": ticket_id, "tenant": str(tenant_id), "by": started_by}
    return seal_expiring(secrets, fields, now, TICKET_LIFETIME)


def open_ticket(secrets: SecretBox, sealed: str, now: datetime) -> ConnectTicket:
    """Raises `ConnectStateInvalid` for a forged or expired ticket (use is checked apart)."""
    unknown = "this connect link is unknown"
    data = open_expiring(secrets, sealed, now, unknown, "this connect link has expired")
    try:
        if data["purpose"] != _PURPOSE:
            raise ValueError("not a connect ticket")
        return ConnectTicket(str(data["id"]), UUID(data["tenant"]), str(data["by"]))
    except (ValueError, KeyError, TypeError):
        raise ConnectStateInvalid(unknown) from None


async def begin_page(
    units: Callable[[], UnitOfWork], secrets: SecretBox, ticket: ConnectTicket
) -> BeginPage:
    """Raises `ConnectStateInvalid` when the ticket was used; `NotFound` without its tenant."""
    async with units() as uow:
        if await uow.tenants.inbound_event_seen(TICKET_USED, secrets.fingerprint(ticket.id)):
            raise ConnectStateInvalid(_USED)
        tenant = await uow.tenant(ticket.tenant_id).account.get()
    return BeginPage(ticket, tenant.settings.letterhead.name_or(tenant.name), tenant.account_email)


async def go_to_lexoffice(
    units: Callable[[], UnitOfWork],
    secrets: SecretBox,
    authorization: LexofficeAuthorization,
    ticket: ConnectTicket,
    now: datetime,
    *,
    code_verifier: str,
    browser_nonce: str,
) -> str:
    """The browser confirmed on the begin page: the ticket is used up, and the answer is
    lexoffice's authorize URL, whose state is bound to `browser_nonce` (the caller hands it to
    that browser as a cookie)."""
    async with units() as uow:
        await uow.tenant(ticket.tenant_id).account.get()
        if not await uow.tenants.record_inbound_event(
            TICKET_USED, secrets.fingerprint(ticket.id), now
        ):
            raise ConnectStateInvalid(_USED)
    return begin(
        secrets,
        authorization,
        ticket.tenant_id,
        now,
        code_verifier,
        browser_nonce=browser_nonce,
        started_by=ticket.started_by,
    )

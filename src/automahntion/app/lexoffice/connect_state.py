"""The state of a lexoffice connect flow: what the authorize link carries, sealed, and how the
callback checks it — unexpired, from the browser that started, and once only."""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from automahntion.app.access.secret_box import SecretBox, SecretUnreadable
from automahntion.app.lexoffice.ports import LexofficeAuthorization
from automahntion.app.storage import UnitOfWork
from automahntion.domain.errors import DomainError

STATE_LIFETIME = timedelta(minutes=10)
STATE_USED = "lexoffice-connect"
"""The inbound-event source under which a used state is recorded (each state works once)."""


class ConnectStateInvalid(DomainError):
    code = "connect-state-invalid"

    def __init__(self, why: str = "the lexoffice authorization is unknown or expired") -> None:
        super().__init__(f"{why}: start connecting again")


def seal_expiring(
    secrets: SecretBox, fields: dict[str, str], now: datetime, lifetime: timedelta
) -> str:
    """`fields` sealed with an expiry `lifetime` from `now` (`open_expiring` reads them)."""
    return secrets.seal(json.dumps({**fields, "expires": (now + lifetime).isoformat()}))


def open_expiring(
    secrets: SecretBox, sealed: str, now: datetime, unknown: str, expired_why: str
) -> dict[str, Any]:
    """What `seal_expiring` sealed; raises `ConnectStateInvalid` saying `unknown` for a forged
    text, `expired_why` for an expired one."""
    try:
        data = json.loads(secrets.open(sealed))
        expired = datetime.fromisoformat(data["expires"]) < now
    except (SecretUnreadable, ValueError, KeyError, TypeError):
        raise ConnectStateInvalid(unknown) from None
    if not isinstance(data, dict):
        raise ConnectStateInvalid(unknown)
    if expired:
        raise ConnectStateInvalid(expired_why)
    return data


@dataclass(frozen=True)
class ConnectState:
    """What a sealed state carries back to the callback."""

    tenant_id: UUID
    verifier: str
    browser: str
    """The keyed fingerprint of the nonce handed to the browser that started (a cookie)."""
    started_by: str


def begin(
    secrets: SecretBox,
    authorization: LexofficeAuthorization,
    tenant_id: UUID,
    now: datetime,
    code_verifier: str,
    *,
    browser_nonce: str,
    started_by: str,
) -> str:
    """The URL to send the tenant's browser to. The state carries, sealed, the tenant, the
    credential that asked, an expiry, and the fingerprint of `browser_nonce`, which the caller
    hands to the same browser (a cookie): the callback is taken only from that browser, so a
    started link passed to someone else connects nobody's lexoffice (login CSRF)."""
    state = seal_expiring(
        secrets,
        {
            "tenant": str(tenant_id),
            "verifier": code_verifier,
            "browser": secrets.fingerprint(browser_nonce),
            "by": started_by,
        },
        now,
        STATE_LIFETIME,
    )
    return authorization.authorization_url(state, code_verifier)


def open_state(
    secrets: SecretBox, state: str, browser_nonce: str | None, now: datetime
) -> ConnectState:
    unknown = "the lexoffice authorization is unknown or expired"
    data = open_expiring(secrets, state, now, unknown, unknown)
    try:
        opened = ConnectState(
            UUID(data["tenant"]), str(data["verifier"]), str(data["browser"]), str(data["by"])
        )
    except (ValueError, KeyError, TypeError):
        raise ConnectStateInvalid(unknown) from None
    if browser_nonce is None or not hmac.compare_digest(
        secrets.fingerprint(browser_nonce), opened.browser
    ):
        raise ConnectStateInvalid("this lexoffice authorization was started in another browser")
    return opened


async def use_state(
    units: Callable[[], UnitOfWork], secrets: SecretBox, opened: ConnectState, now: datetime
) -> None:
    """Each state is taken once, before its code is exchanged: a replayed callback (or two at
    once) finds it used."""
    async with units() as uow:
        if not await uow.tenants.record_inbound_event(
            STATE_USED, secrets.fingerprint(opened.verifier), now
        ):
            raise ConnectStateInvalid("this lexoffice authorization was used already")

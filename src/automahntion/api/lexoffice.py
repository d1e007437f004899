"""`/v1/lexoffice`: the tenant's connection to its lexoffice organization, and syncing now."""

from __future__ import annotations

import secrets
from typing import Annotated, Any, Literal
from urllib.parse import urlencode
from uuid import UUID

from litestar import Controller, Request
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.params import FromQuery, JSONBody, QueryParameter
from litestar.response import Redirect

from automahntion.api import scopes
from automahntion.api.auth import caller_of
from automahntion.api.routing import delete, get, post
from automahntion.api.schemas import (
    AdmissionOut,
    ConnectedOut,
    LexofficeApiKeyIn,
    LexofficeConnectionOut,
    SyncOut,
)
from automahntion.api.wiring import Units, Wired
from automahntion.app.access.secret_box import SecretBox
from automahntion.app.clock import Clock
from automahntion.app.lexoffice import connect
from automahntion.app.lexoffice.connect_state import STATE_LIFETIME
from automahntion.app.lexoffice.connect_ticket import issue_ticket
from automahntion.app.lexoffice.ports import (
    LexofficeAuthorization,
    LexofficeDisconnected,
    LexofficeGateways,
)
from automahntion.app.lexoffice.records import ConnectionStatus
from automahntion.app.lexoffice.sync import sync_tenant


def _oauth(lexoffice_oauth: LexofficeAuthorization | None) -> LexofficeAuthorization:
    if lexoffice_oauth is None:
        raise LexofficeDisconnected(
            "this server has no lexoffice partner app configured "
            "(AUTOMAHNTION_LEXOFFICE_CLIENT_ID/_SECRET); connect with an API key instead"
        )
    return lexoffice_oauth


CALLBACK_PATH = "/v1/lexoffice/callback"
BEGIN_PATH = "/v1/lexoffice/connect/begin"
"""The browser's page between `GET /v1/lexoffice/connect` and lexoffice (`api/lexoffice_begin`)."""
BROWSER_COOKIE = "automahntion_lexoffice_connect"
"""The nonce that ties a connect flow's callback to the user agent that started it."""


def secure_url(public_url: str) -> bool:
    return public_url.lower().startswith("https://")


def begin_path(ticket: str) -> str:
    return f"{BEGIN_PATH}?{urlencode({'ticket': ticket})}"


def host_cookie_name(public_url: str, name: str) -> str:
    """Over https with the `__Host-` prefix: a browser takes such a cookie only from this very
    host (Secure, path `/`, no Domain), so a sibling subdomain cannot plant one of its own
    (cookie tossing). Plain http (development) cannot carry it."""
    return f"__Host-{name}" if secure_url(public_url) else name


def host_cookie(
    public_url: str,
    name: str,
    value: str,
    *,
    plain_path: str,
    lifetime_s: int,
    samesite: Literal["lax", "strict"],
) -> Cookie:
    """HttpOnly; over https `__Host-` (Secure, path `/`), over plain http only on `plain_path`."""
    secure = secure_url(public_url)
    return Cookie(
        key=host_cookie_name(public_url, name),
        value=value,
        path="/" if secure else plain_path,
        max_age=lifetime_s,
        httponly=True,
        secure=secure,
        samesite=samesite,
    )


def browser_cookie_name(public_url: str) -> str:
    return host_cookie_name(public_url, BROWSER_COOKIE)


def browser_cookie(public_url: str, nonce: str) -> Cookie:
    return host_cookie(
        public_url,
        BROWSER_COOKIE,
        nonce,
        plain_path=CALLBACK_PATH,
        lifetime_s=int(STATE_LIFETIME.total_seconds()),
        samesite="lax",
    )


def _connected(result: connect.Connected) -> ConnectedOut:
    return ConnectedOut(
        connected=True,
        organization_id=result.profile.organization_id,
        company_name=result.profile.company_name,
        webhooks=result.webhooks,
    )


class LexofficeController(Controller):
    path = "/lexoffice"
    tags = ["lexoffice"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/connection", scope=scopes.SETTINGS_READ)
    async def status(
        self, units: Wired[Units], tenant_id: NamedDependency[UUID]
    ) -> LexofficeConnectionOut:
        """Get the lexoffice connection

        Whether lexoffice is connected, how (OAuth or private API key), to which organization,
        until when the authorization runs, and why it was disconnected."""
        async with units() as uow:
            connection = await uow.tenant(tenant_id).connection.get()
        if connection is None:
            return LexofficeConnectionOut(connected=False)
        lost = connection.disconnected_reason
        return LexofficeConnectionOut(
            connected=connection.status is ConnectionStatus.CONNECTED,
            kind=connection.kind.value,
            organization_id=connection.organization_id,
            company_name=connection.company_name,
            access_expires_at=connection.expires_at,
            disconnected_reason=lost.german if lost else None,
            disconnected_reason_code=lost.code if lost else None,
        )

    @get("/connect", status_code=302, scope=scopes.LEXOFFICE_WRITE)
    async def start(
        self,
        request: Request[Any, Any, Any],
        clock: Wired[Clock],
        public_url: Wired[str],
        secret_box: Wired[SecretBox],
        lexoffice_oauth: Wired[LexofficeAuthorization | None],
        tenant_id: NamedDependency[UUID],
    ) -> Redirect:
        """Start connecting lexoffice

        Redirects (302) to our page `GET /v1/lexoffice/connect/begin?ticket=…` at the public
        URL: send the user's browser to this `Location` (a server that calls this reads it; a
        user agent that follows redirects lands there). The ticket is sealed, names the tenant
        and the credential that asked, works once and for 10 minutes. The page names the
        automahntion account the lexoffice books will be connected to; its button leads on to
        lexoffice's authorization page and sets, in that browser, the cookie
        `automahntion_lexoffice_connect` (HttpOnly, SameSite=Lax, path
        `/v1/lexoffice/callback`; with an https public URL
        `__Host-automahntion_lexoffice_connect`, Secure, path `/`). lexoffice sends the browser
        back to `GET /v1/lexoffice/callback`, which is taken only with that cookie. 503 when
        this installation has no lexoffice OAuth client configured: connect with a private API
        key instead."""
        _oauth(lexoffice_oauth)
        ticket = issue_ticket(
            secret_box,
            tenant_id,
            caller_of(request).credential_id,
            clock.now(),
            secrets.token_urlsafe(24),
        )
        return Redirect(public_url.rstrip("/") + begin_path(ticket), status_code=302)

    @get("/callback", public=True)
    async def callback(
        self,
        request: Request[Any, Any, Any],
        units: Wired[Units],
        clock: Wired[Clock],
        secret_box: Wired[SecretBox],
        gateways: Wired[LexofficeGateways],
        lexoffice_oauth: Wired[LexofficeAuthorization | None],
        webhook_url: Wired[str],
        public_url: Wired[str],
        oauth_state: Annotated[str, QueryParameter(name="state")],
        code: FromQuery[str | None] = None,
        error: Annotated[
            str | None,
            QueryParameter(
                name="error", max_length=200, description="lexoffice's refusal, without `code`"
            ),
        ] = None,
    ) -> ConnectedOut:
        """Finish connecting lexoffice

        Where lexoffice sends the browser back after authorization, with `code` and `state`; the
        state ties it to the tenant who started. Connects, registers lexoffice's event webhooks
        and answers the connection. Takes no credentials: the proof is the state together with
        the cookie `automahntion_lexoffice_connect` that the begin page's button set in the
        same user agent. A state that is forged, expired (10 minutes), used before or comes
        without that browser's cookie: 409 `connect-state-invalid`, and nothing changes. Without
        a `code` (the user declined, `error=access_denied`): 400
        `lexoffice-authorization-refused`, and nothing is stored."""
        browser_nonce = request.cookies.get(browser_cookie_name(public_url))
        if code is None:
            raise await connect.declined(
                units, secret_box, oauth_state, browser_nonce, error, clock.now()
            )
        _, result = await connect.finish(
            units,
            secret_box,
            _oauth(lexoffice_oauth),
            gateways,
            state=oauth_state,
            browser_nonce=browser_nonce,
            code=code,
            now=clock.now(),
            webhook_url=webhook_url,
        )
        return _connected(result)

    @post("/api-key", status_code=200, scope=scopes.LEXOFFICE_WRITE)
    async def with_api_key(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        gateways: Wired[LexofficeGateways],
        webhook_url: Wired[str],
        tenant_id: NamedDependency[UUID],
        data: JSONBody[LexofficeApiKeyIn],
    ) -> ConnectedOut:
        """Connect lexoffice with an API key

        Connects with a private lexoffice API key (lexoffice: Erweiterungen → Öffentliche API),
        stored encrypted. 409 `lexoffice-key-refused` when lexoffice refuses it."""
        result = await connect.connect_api_key(
            units,
            gateways,
            tenant_id,
            data.api_key,
            now=clock.now(),
            webhook_url=webhook_url,
        )
        return _connected(result)

    @delete("/connection", scope=scopes.LEXOFFICE_WRITE)
    async def disconnect(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        lexoffice_oauth: Wired[LexofficeAuthorization | None],
        tenant_id: NamedDependency[UUID],
    ) -> None:
        """Disconnect lexoffice

        Forgets the lexoffice authorization (and revokes it at lexoffice for OAuth). Nothing is
        sent while disconnected; invoices and history stay."""
        await connect.disconnect(units, lexoffice_oauth, tenant_id, clock.now())

    @post("/sync", status_code=200, scope=scopes.LEXOFFICE_WRITE)
    async def sync(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        gateways: Wired[LexofficeGateways],
        tenant_id: NamedDependency[UUID],
    ) -> SyncOut:
        """Synchronise with lexoffice

        Fetches the vouchers and contacts changed since the last sync (all of them the first
        time) and admits invoices to the month's quota. The daily cycle does this by itself."""
        report = await sync_tenant(units, gateways, tenant_id, clock)
        return SyncOut(
            full=report.full,
            vouchers_seen=report.vouchers_seen,
            contacts_fetched=report.contacts_fetched,
            admission=AdmissionOut(
                admitted=report.admission.admitted,
                waiting=report.admission.waiting,
                blocked=report.admission.blocked,
            ),
        )

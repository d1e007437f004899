"""`GET/POST /v1/lexoffice/connect/begin`: the browser's page between `GET /v1/lexoffice/connect`
(called with the tenant's credentials, most often by the integrator's server) and lexoffice's
authorization page. Public (the sealed ticket is the credential), German HTML, outside the
OpenAPI document like the other pages.

GET shows whose automahntion account the lexoffice books would be connected to and one button;
it sets a SameSite=Strict cookie, and the form carries a token bound to that cookie and the
ticket, so only a press of that button in this browser goes on (a page elsewhere that posts the
form for the reader, without showing the name, is refused). POST uses the ticket up, binds the
flow to this browser (the cookie the callback needs) and sends it on to lexoffice (303)."""

from __future__ import annotations

import re
import secrets
from typing import Any

from litestar import Request, Response
from litestar.datastructures import Cookie
from litestar.params import FromQuery
from litestar.response import Redirect

from automahntion.api.feedback_page import HTML_PAGE_OPTIONS, html_headers, html_page
from automahntion.api.lexoffice import (
    BEGIN_PATH,
    begin_path,
    browser_cookie,
    host_cookie,
    host_cookie_name,
)
from automahntion.api.lexoffice_connect_html import (
    CSRF_FIELD,
    TICKET_FIELD,
    invalid_link_page,
    not_configured_page,
    refused_page,
)
from automahntion.api.lexoffice_connect_html import begin_page as begin_html
from automahntion.api.routing import get, post
from automahntion.api.wiring import Units, Wired
from automahntion.app.access.secret_box import SecretBox
from automahntion.app.clock import Clock
from automahntion.app.errors import NotFound
from automahntion.app.lexoffice.connect_state import ConnectStateInvalid
from automahntion.app.lexoffice.connect_ticket import (
    TICKET_LIFETIME,
    ConnectTicket,
    begin_page,
    go_to_lexoffice,
    open_ticket,
)
from automahntion.app.lexoffice.ports import LexofficeAuthorization

ROUTE = BEGIN_PATH.removeprefix("/v1")
PAGE_COOKIE = "automahntion_lexoffice_begin"
"""The begin page's anti-forgery cookie; the form's token is bound to it."""
MAX_TICKET_CHARS = 2048
_PAGE_COOKIE_VALUE = re.compile(r"[A-Za-z0-9_-]{32,64}")
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.:\[\]-]+")
_NO_REFERRER = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def page_cookie_name(public_url: str) -> str:
    return host_cookie_name(public_url, PAGE_COOKIE)


def page_cookie(public_url: str, value: str) -> Cookie:
    """SameSite=Strict: a form posted from another site's page does not carry it."""
    return host_cookie(
        public_url,
        PAGE_COOKIE,
        value,
        plain_path=BEGIN_PATH,
        lifetime_s=int(TICKET_LIFETIME.total_seconds()),
        samesite="strict",
    )


def _form_token(box: SecretBox, cookie: str, ticket: ConnectTicket) -> str:
    return box.fingerprint(f"lexoffice-begin:{cookie}:{ticket.id}")


def _ticket(box: SecretBox, sealed: str, clock: Clock) -> ConnectTicket:
    if not sealed or len(sealed) > MAX_TICKET_CHARS:
        raise ConnectStateInvalid("this connect link is unknown")
    return open_ticket(box, sealed, clock.now())


def _page_headers(authorization: LexofficeAuthorization) -> dict[str, str]:
    """The button's POST is answered with a redirect to lexoffice, which `form-action` covers."""
    origin = authorization.authorization_origin()
    return html_headers(f"'self' {origin}" if _ORIGIN.fullmatch(origin) else "'self'")


@get(ROUTE, **HTML_PAGE_OPTIONS)
async def connect_begin_page(
    request: Request[Any, Any, Any],
    units: Wired[Units],
    clock: Wired[Clock],
    secret_box: Wired[SecretBox],
    lexoffice_oauth: Wired[LexofficeAuthorization | None],
    public_url: Wired[str],
    ticket: FromQuery[str | None] = None,
) -> Response[str]:
    if lexoffice_oauth is None:
        return html_page(not_configured_page(), 503)
    sealed = ticket or ""
    try:
        page = await begin_page(units, secret_box, _ticket(secret_box, sealed, clock))
    except (ConnectStateInvalid, NotFound):
        return html_page(invalid_link_page(), 409)
    kept = request.cookies.get(page_cookie_name(public_url), "")
    cookie = kept if _PAGE_COOKIE_VALUE.fullmatch(kept) else secrets.token_urlsafe(32)
    answer = html_page(
        begin_html(
            company=page.company,
            account_email=page.account_email,
            action=BEGIN_PATH,
            ticket=sealed,
            csrf=_form_token(secret_box, cookie, page.ticket),
        ),
        headers=_page_headers(lexoffice_oauth),
    )
    answer.set_cookie(page_cookie(public_url, cookie))
    return answer


@post(ROUTE, status_code=303, **HTML_PAGE_OPTIONS)
async def connect_begin(
    request: Request[Any, Any, Any],
    units: Wired[Units],
    clock: Wired[Clock],
    secret_box: Wired[SecretBox],
    lexoffice_oauth: Wired[LexofficeAuthorization | None],
    public_url: Wired[str],
) -> Response[Any]:
    if lexoffice_oauth is None:
        return html_page(not_configured_page(), 503)
    form = await request.form()
    given = form.get(TICKET_FIELD)
    sealed = given if isinstance(given, str) else ""
    try:
        ticket = _ticket(secret_box, sealed, clock)
    except ConnectStateInvalid:
        return html_page(invalid_link_page(), 409)
    cookie = request.cookies.get(page_cookie_name(public_url), "")
    token = form.get(CSRF_FIELD)
    if not (
        _PAGE_COOKIE_VALUE.fullmatch(cookie)
        and isinstance(token, str)
        and secrets.compare_digest(token.encode(), _form_token(secret_box, cookie, ticket).encode())
    ):
        return html_page(refused_page(begin_path(sealed)), 403)
    nonce = secrets.token_urlsafe(32)
    try:
        url = await go_to_lexoffice(
            units,
            secret_box,
            lexoffice_oauth,
            ticket,
            clock.now(),
            code_verifier=secrets.token_urlsafe(48),
            browser_nonce=nonce,
        )
    except (ConnectStateInvalid, NotFound):
        return html_page(invalid_link_page(), 409)
    return Redirect(
        url, status_code=303, cookies=[browser_cookie(public_url, nonce)], headers=_NO_REFERRER
    )

"""`GET/POST /account/email/{token}`: the page the confirmation link of a new account address
opens. GET only shows a button (a mail scanner that follows links confirms nothing); POST
confirms. Public (the token is the credential), HTML, outside the versioned API."""

from __future__ import annotations

from html import escape

from litestar import Response
from litestar.params import FromPath

from automahntion.api.feedback_page import HTML_PAGE_OPTIONS, MAX_TOKEN_CHARS, html_page
from automahntion.api.routing import get, post
from automahntion.api.wiring import Units, Wired
from automahntion.app.clock import Clock
from automahntion.app.tenants.account_email import confirm_account_email

PATH = "/account/email/{token:str}"


def _path(token: str) -> str:
    return f"/account/email/{token}"


def confirmation_link(public_url: str, token: str) -> str:
    return public_url.rstrip("/") + _path(token)


def _page(title: str, body: str, status: int = 200) -> Response[str]:
    html = (
        '<!doctype html><html lang="de"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title></head><body><main><h1>{escape(title)}</h1>"
        f"{body}</main></body></html>"
    )
    return html_page(html, status)


@get(PATH, **HTML_PAGE_OPTIONS)
async def confirmation_form(token: FromPath[str]) -> Response[str]:
    action = escape(_path(token))
    return _page(
        "Neue E-Mail-Adresse bestätigen",
        "<p>Mit dem Klick wird diese Adresse die E-Mail-Adresse Ihres Kontos.</p>"
        f'<form method="post" action="{action}"><button type="submit">Adresse bestätigen'
        "</button></form>",
    )


@post(PATH, status_code=200, **HTML_PAGE_OPTIONS)
async def confirm(
    token: FromPath[str],
    units: Wired[Units],
    clock: Wired[Clock],
) -> Response[str]:
    confirmed = len(token) <= MAX_TOKEN_CHARS and await confirm_account_email(
        units, token, clock.now()
    )
    if not confirmed:
        return _page(
            "Link ungültig",
            "<p>Dieser Link ist unbekannt, wurde schon verwendet oder ist abgelaufen. Bitte "
            "ändern Sie die Adresse erneut, um einen neuen Link zu erhalten.</p>",
            400,
        )
    return _page(
        "Adresse bestätigt", "<p>Die neue E-Mail-Adresse gilt ab sofort für Ihr Konto.</p>"
    )

"""The OAuth 2.0 endpoints for embedded widgets: authorization (consent page), token,
revocation and the RFC 8414 metadata.

They speak the OAuth standard, not this API's conventions: the consent page is HTML, and the
token and revocation endpoints take form parameters and answer RFC 6749 JSON errors
(`{"error": "invalid_grant", …}`). The metadata document is in the OpenAPI document; the
other three are not (they are described by the metadata and RFC 6749/7636/7009, and a
schema-driven client cannot log in as a tenant on the consent page).
"""

from __future__ import annotations

import re
from typing import Any

import msgspec
from authlib.oauth2.rfc6749 import (
    InsecureTransportError,
    InvalidGrantError,
    InvalidRequestError,
    OAuth2Error,
)
from authlib.oauth2.rfc6749.util import extract_basic_authorization, scope_to_list
from litestar import Request as HttpRequest
from litestar import Response
from litestar.types import ControllerRouterHandler

from automahntion.api.consent_page import SECURITY_HEADERS, consent_page, error_page
from automahntion.api.oauth_requests import (
    CLIENT_AUTH_METHODS,
    GRANT_TYPES,
    PKCE_METHOD,
    Request,
    TenantUser,
)
from automahntion.api.oauth_server import Server
from automahntion.api.routing import CORS, get, post
from automahntion.api.scopes import TENANT_SCOPES
from automahntion.api.wiring import Units, Wired
from automahntion.app.access.api_keys import ApproverRevoked
from automahntion.app.access.credentials import api_key_in_use, looks_like_api_key
from automahntion.app.access.oauth import (
    GrantAlreadyUsed,
    preload,
    revoke_replayed_grant,
    store_outcome,
)
from automahntion.app.clock import Clock

AUTHORIZE_PATH = "/oauth/authorize"
TOKEN_PATH = "/oauth/token"
REVOKE_PATH = "/oauth/revoke"
METADATA_PATH = "/.well-known/oauth-authorization-server"
TAGS = ["oauth"]

LIMITED_KEY = (
    "Dieser API-Schlüssel ist auf einzelne Berechtigungen beschränkt. Bitte bestätigen Sie "
    "mit einem Schlüssel Ihres Kontos ohne Beschränkung."
)
WRONG_KEY = (
    "Dieser API-Schlüssel ist unbekannt oder widerrufen. Bitte fügen Sie den vollständigen "
    "Schlüssel Ihres Kontos ein (er beginnt mit amk_)."
)
NO_DECISION = "Bitte wählen Sie „Zugriff erlauben“ oder „Ablehnen“."


class AuthorizationServerMetadata(msgspec.Struct):
    """RFC 8414, with its snake_case member names."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    revocation_endpoint: str
    response_types_supported: list[str]
    grant_types_supported: list[str]
    code_challenge_methods_supported: list[str]
    token_endpoint_auth_methods_supported: list[str]
    revocation_endpoint_auth_methods_supported: list[str]
    scopes_supported: list[str]


async def _form(request: HttpRequest[Any, Any, Any]) -> list[tuple[str, str]]:
    form = await request.form()
    return [(key, value) for key, value in form.multi_items() if isinstance(value, str)]


def _oauth_request(
    request: HttpRequest[Any, Any, Any],
    public_url: str,
    form: list[tuple[str, str]],
    *,
    with_query: bool,
) -> Request:
    """The request at our public address (what authlib checks for https)."""
    query = request.url.query
    uri = public_url + request.url.path + (f"?{query}" if query else "")
    parameters = list(request.query_params.multi_items()) if with_query else []
    return Request(request.method, uri, request.headers, parameters, form)


def _html(content: str, status: int) -> Response[str]:
    return Response(
        content, status_code=status, media_type="text/html", headers=dict(SECURITY_HEADERS)
    )


def _error_page(error: OAuth2Error) -> Response[str]:
    return _html(error_page(error=error.error, description=error.description), 400)


def _json_error(error: OAuth2Error) -> Response[Any]:
    body = {"error": error.error, "error_description": error.get_error_description()}
    return Response(body, status_code=400, headers={"Cache-Control": "no-store"})


_UNQUOTABLE = re.compile(r'["\\]')
"""No OAuth parameter holds these, and RFC 6749 §5.2 forbids them in an error's description
(authlib raises instead of answering)."""
UNQUOTABLE_QUERY = "a parameter holds a quotation mark or a backslash"


@get(AUTHORIZE_PATH, public=True, include_in_schema=False)
async def authorize_page(
    request: HttpRequest[Any, Any, Any],
    units: Wired[Units],
    clock: Wired[Clock],
    public_url: Wired[str],
) -> Response[Any]:
    return await _authorize(request, units, clock, public_url, [])


@post(AUTHORIZE_PATH, public=True, include_in_schema=False)
async def authorize_decision(
    request: HttpRequest[Any, Any, Any],
    units: Wired[Units],
    clock: Wired[Clock],
    public_url: Wired[str],
) -> Response[Any]:
    return await _authorize(request, units, clock, public_url, await _form(request))


async def _authorize(
    request: HttpRequest[Any, Any, Any],
    units: Units,
    clock: Clock,
    public_url: str,
    form: list[tuple[str, str]],
) -> Response[Any]:
    """GET shows the consent page; POST (from it) decides. Errors the client must not be
    sent to (unknown client, unregistered redirect URI) are shown here; any other goes back
    to the registered redirect URI as RFC 6749 says."""
    if any(_UNQUOTABLE.search(value) for value in request.query_params.values()):
        return _error_page(InvalidRequestError(UNQUOTABLE_QUERY))
    try:
        oauth_request = _oauth_request(request, public_url, form, with_query=True)
    except InsecureTransportError as error:
        return _error_page(error)
    now = clock.now()
    server = Server(await preload(units, client_id=oauth_request.payload.client_id), now)
    try:
        grant = server.get_consent_grant(oauth_request, end_user=None)
    except OAuth2Error as error:
        if error.redirect_uri:
            return server.handle_error_response(oauth_request, error)  # type: ignore[no-any-return]
        return _error_page(error)

    def page(error: str | None = None) -> Response[str]:
        client = grant.request.client.record
        scopes = [(s, TENANT_SCOPES[s]) for s in scope_to_list(grant.request.scope)]
        html = consent_page(
            client_name=client.name,
            scopes=scopes,
            form_action=f"?{request.url.query}",
            error=error,
        )
        return _html(html, 400 if error else 200)

    if request.method == "GET":
        return page()
    decision = oauth_request.form.get("decision")
    if decision not in ("approve", "deny"):
        return page(NO_DECISION)
    user = None
    if decision == "approve":
        api_key = oauth_request.form.get("api_key", "").strip()
        found = await api_key_in_use(units, api_key, now) if looks_like_api_key(api_key) else None
        if found is None or found.scopes is not None:
            return page(WRONG_KEY if found is None else LIMITED_KEY)
        user = TenantUser(found.tenant_id, found.key_id)
    response = server.create_authorization_response(oauth_request, grant_user=user, grant=grant)
    try:
        await store_outcome(units, server.outcome, now)
    except ApproverRevoked:
        return page(WRONG_KEY)
    return response  # type: ignore[no-any-return]


@post(TOKEN_PATH, public=True, include_in_schema=False, status_code=200, opt={CORS: True})
async def token(
    request: HttpRequest[Any, Any, Any],
    units: Wired[Units],
    clock: Wired[Clock],
    public_url: Wired[str],
) -> Response[Any]:
    """RFC 6749 §4.1.3 and §6, with PKCE (RFC 7636) for every code. A code or a rotated
    refresh token presented again ends every token descending from that code."""
    form = await _form(request)
    try:
        oauth_request = _oauth_request(request, public_url, form, with_query=False)
    except InsecureTransportError as error:
        return _json_error(error)
    basic_client_id, _ = extract_basic_authorization(request.headers)
    grant_type = oauth_request.form.get("grant_type")
    now = clock.now()
    code = oauth_request.form.get("code") if grant_type == "authorization_code" else None
    refresh = oauth_request.form.get("refresh_token") if grant_type == "refresh_token" else None
    preloaded = await preload(
        units,
        client_id=basic_client_id or oauth_request.form.get("client_id"),
        code=code,
        refresh_token=refresh,
    )
    server = Server(preloaded, now)
    response: Response[Any] = server.create_token_response(oauth_request)
    used_meanwhile = False
    if response.status_code == 200:
        try:
            await store_outcome(units, server.outcome, now)
        except GrantAlreadyUsed as used:
            used_meanwhile = True
            response = server.handle_error_response(oauth_request, InvalidGrantError(str(used)))
    if response.status_code != 200:
        await revoke_replayed_grant(
            units,
            code=preloaded.code,
            code_used_meanwhile=used_meanwhile and preloaded.code is not None,
            refresh_token=refresh,
            now=now,
        )
    return response


@post(REVOKE_PATH, public=True, include_in_schema=False, status_code=200, opt={CORS: True})
async def revoke(
    request: HttpRequest[Any, Any, Any],
    units: Wired[Units],
    clock: Wired[Clock],
    public_url: Wired[str],
) -> Response[Any]:
    """RFC 7009: 200 also for a token that is unknown or already revoked."""
    form = await _form(request)
    try:
        oauth_request = _oauth_request(request, public_url, form, with_query=False)
    except InsecureTransportError as error:
        return _json_error(error)
    basic_client_id, _ = extract_basic_authorization(request.headers)
    now = clock.now()
    preloaded = await preload(
        units,
        client_id=basic_client_id or oauth_request.form.get("client_id"),
        any_token=oauth_request.form.get("token"),
    )
    server = Server(preloaded, now)
    response: Response[Any] = server.create_endpoint_response("revocation", oauth_request)
    if response.status_code == 200:
        await store_outcome(units, server.outcome, now)
    return response


@get(METADATA_PATH, public=True, tags=TAGS)
async def server_metadata(
    public_url: Wired[str],
) -> AuthorizationServerMetadata:
    """Get the OAuth server metadata

    Takes no credentials. RFC 8414: where the endpoints are and what they support."""
    issuer = public_url
    return AuthorizationServerMetadata(
        issuer=issuer,
        authorization_endpoint=issuer + AUTHORIZE_PATH,
        token_endpoint=issuer + TOKEN_PATH,
        revocation_endpoint=issuer + REVOKE_PATH,
        response_types_supported=["code"],
        grant_types_supported=list(GRANT_TYPES),
        code_challenge_methods_supported=[PKCE_METHOD],
        token_endpoint_auth_methods_supported=list(CLIENT_AUTH_METHODS),
        revocation_endpoint_auth_methods_supported=list(CLIENT_AUTH_METHODS),
        scopes_supported=list(TENANT_SCOPES),
    )


OAUTH_ROUTES: list[ControllerRouterHandler] = [
    authorize_page,
    authorize_decision,
    token,
    revoke,
    server_metadata,
]

"""`/oauth2`: lexoffice's authorization server for partner apps — authorization code (with
optional PKCE) and auto-consent, refresh with rotation, revocation."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from typing import Any
from urllib.parse import parse_qsl, unquote_plus, urlencode, urlsplit, urlunsplit

from litestar import Response, get, post
from litestar.di import NamedDependency

from automahntion_sandboxes.clock import real_seconds
from automahntion_sandboxes.lexoffice.calls import AnyRequest, query
from automahntion_sandboxes.lexoffice.gate import ORGANIZATION_KEY
from automahntion_sandboxes.lexoffice.state import (
    AuthorizationCode,
    Grant,
    OAuthClient,
    Organization,
    Sandbox,
    new_id,
    new_token,
)

CODE_LIFETIME = 600.0
DEFAULT_SCOPE = "profile.read contacts.read vouchers.read invoices.read dunnings.write"
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _text(status: int, message: str) -> Response[str]:
    return Response(content=message, status_code=status, media_type="text/plain")


def _redirect(uri: str, **params: str | None) -> Response[bytes]:
    parts = urlsplit(uri)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    pairs += [(key, value) for key, value in params.items() if value is not None]
    location = urlunsplit(parts._replace(query=urlencode(pairs)))
    return Response(content=b"", status_code=302, headers={"Location": location})


def _oauth_error(error: str, description: str, status: int = 400) -> Response[Any]:
    headers = dict(NO_STORE)
    if status == 401:
        headers["WWW-Authenticate"] = 'Basic realm="oauth2"'
    return Response(
        content={"error": error, "error_description": description},
        status_code=status,
        headers=headers,
    )


def _consenting(sandbox: Sandbox, organization_id: str | None) -> Organization | None:
    if organization_id:
        return sandbox.organizations.get(organization_id)
    return sandbox.latest_organization()


@get("/authorize")
async def authorize(request: AnyRequest, sandbox: NamedDependency[Sandbox]) -> Response[Any]:
    params = query(request)
    client = sandbox.clients.get(params.get("client_id", ""))
    if client is None:
        return _text(400, "invalid_request: unknown client_id")
    redirect_uri = params.get("redirect_uri")
    if not redirect_uri or redirect_uri not in client.redirect_uris:
        return _text(400, "invalid_request: redirect_uri is not registered for this client")
    state = params.get("state")
    if params.get("response_type") != "code":
        return _redirect(redirect_uri, error="unsupported_response_type", state=state)
    challenge = params.get("code_challenge")
    method = params.get("code_challenge_method") or ("plain" if challenge else None)
    if challenge and method not in ("S256", "plain"):
        return _redirect(redirect_uri, error="invalid_request", state=state)
    organization = _consenting(sandbox, params.get("organization_id"))
    if organization is None:
        return _text(400, "invalid_request: no organization to give consent")
    request.scope["state"][ORGANIZATION_KEY] = organization.id
    code = AuthorizationCode(
        code=new_token(),
        client_id=client.client_id,
        redirect_uri=redirect_uri,
        organization_id=organization.id,
        scope=params.get("scope") or DEFAULT_SCOPE,
        challenge=challenge,
        challenge_method=method if challenge else None,
        expires_at=real_seconds() + CODE_LIFETIME,
    )
    sandbox.codes[code.code] = code
    return _redirect(redirect_uri, code=code.code, state=state)


def _basic_credentials(header: str | None) -> tuple[str, str] | None:
    if not header or not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, separator, secret = decoded.partition(":")
    if not separator:
        return None
    return unquote_plus(client_id), unquote_plus(secret)


async def _form(request: AnyRequest) -> dict[str, str] | None:
    media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if media != "application/x-www-form-urlencoded":
        return None
    body = (await request.body()).decode("utf-8", errors="replace")
    return dict(reversed(parse_qsl(body, keep_blank_values=True)))


def _client(sandbox: Sandbox, request: AnyRequest, form: dict[str, str]) -> OAuthClient | None:
    credentials = _basic_credentials(request.headers.get("authorization"))
    if credentials is None and "client_id" in form:
        credentials = (form["client_id"], form.get("client_secret", ""))
    if credentials is None:
        return None
    client = sandbox.clients.get(credentials[0])
    if client is None or not hmac.compare_digest(client.secret, credentials[1]):
        return None
    return client


def _pkce_matches(code: AuthorizationCode, verifier: str) -> bool:
    if code.challenge_method == "S256":
        digest = hashlib.sha256(verifier.encode("ascii", errors="replace")).digest()
        computed = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
        return hmac.compare_digest(computed, code.challenge or "")
    return hmac.compare_digest(verifier, code.challenge or "")


def _tokens(sandbox: Sandbox, request: AnyRequest, grant: Grant) -> Response[Any]:
    access = sandbox.issue_access_token(grant)
    request.scope["state"][ORGANIZATION_KEY] = grant.organization_id
    return Response(
        content={
            "access_token": access.token,
            "refresh_token": grant.refresh_token,
            "token_type": "Bearer",
            "expires_in": sandbox.token_lifetime,
            "scope": grant.scope,
        },
        headers=NO_STORE,
    )


def _exchange_code(
    sandbox: Sandbox, request: AnyRequest, client: OAuthClient, form: dict[str, str]
) -> Response[Any]:
    if not form.get("code"):
        return _oauth_error("invalid_request", "code is missing")
    code = sandbox.codes.get(form["code"])
    if code is None or code.client_id != client.client_id:
        return _oauth_error("invalid_grant", "the authorization code is unknown")
    if code.used:
        grant = sandbox.grants.get(code.grant_id or "")
        if grant is not None:
            sandbox.revoke_grant(grant)
        return _oauth_error("invalid_grant", "the authorization code was used already")
    if real_seconds() >= code.expires_at:
        return _oauth_error("invalid_grant", "the authorization code has expired")
    if form.get("redirect_uri") != code.redirect_uri:
        return _oauth_error("invalid_grant", "redirect_uri differs from the authorization's")
    if code.challenge:
        verifier = form.get("code_verifier")
        if not verifier:
            return _oauth_error("invalid_request", "code_verifier is missing")
        if not _pkce_matches(code, verifier):
            return _oauth_error("invalid_grant", "code_verifier does not match")
    code.used = True
    grant = Grant(
        id=new_id(),
        client_id=client.client_id,
        organization_id=code.organization_id,
        scope=code.scope,
        refresh_token="",
    )
    sandbox.grants[grant.id] = grant
    sandbox.rotate_refresh_token(grant)
    code.grant_id = grant.id
    return _tokens(sandbox, request, grant)


def _refresh(
    sandbox: Sandbox, request: AnyRequest, client: OAuthClient, form: dict[str, str]
) -> Response[Any]:
    token = form.get("refresh_token")
    if not token:
        return _oauth_error("invalid_request", "refresh_token is missing")
    grant = sandbox.grants.get(sandbox.refresh_tokens.get(token, ""))
    if grant is None or grant.revoked or grant.client_id != client.client_id:
        return _oauth_error("invalid_grant", "the refresh token is invalid or was revoked")
    sandbox.rotate_refresh_token(grant)
    return _tokens(sandbox, request, grant)


@post("/token", status_code=200)
async def token(request: AnyRequest, sandbox: NamedDependency[Sandbox]) -> Response[Any]:
    form = await _form(request)
    if form is None:
        return _oauth_error("invalid_request", "use application/x-www-form-urlencoded")
    client = _client(sandbox, request, form)
    if client is None:
        return _oauth_error("invalid_client", "client authentication failed", 401)
    grant_type = form.get("grant_type")
    if not grant_type:
        return _oauth_error("invalid_request", "grant_type is missing")
    if grant_type == "authorization_code":
        return _exchange_code(sandbox, request, client, form)
    if grant_type == "refresh_token":
        return _refresh(sandbox, request, client, form)
    return _oauth_error("unsupported_grant_type", f"grant_type {grant_type} is not supported")


@post("/revoke", status_code=200)
async def revoke(request: AnyRequest, sandbox: NamedDependency[Sandbox]) -> Response[Any]:
    form = await _form(request)
    if form is None:
        return _oauth_error("invalid_request", "use application/x-www-form-urlencoded")
    client = _client(sandbox, request, form)
    if client is None:
        return _oauth_error("invalid_client", "client authentication failed", 401)
    value = form.get("token")
    if not value:
        return _oauth_error("invalid_request", "token is missing")
    grant_id = sandbox.refresh_tokens.get(value)
    if grant_id is None and value in sandbox.access_tokens:
        grant_id = sandbox.access_tokens[value].grant_id
    grant = sandbox.grants.get(grant_id or "")
    if grant is not None and grant.client_id == client.client_id and not grant.revoked:
        sandbox.revoke_grant(grant)
        request.scope["state"][ORGANIZATION_KEY] = grant.organization_id
        organization = sandbox.organizations.get(grant.organization_id)
        if organization is not None:
            sandbox.emit(organization.id, "token.revoked", organization.connection_id)
    return Response(content=b"", status_code=200, headers=NO_STORE)


ROUTES = [authorize, token, revoke]

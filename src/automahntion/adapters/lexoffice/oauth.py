"""lexoffice's OAuth 2.0 authorization-code flow (with PKCE), through authlib."""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
from authlib.common.errors import AuthlibBaseError
from authlib.deprecate import AuthlibDeprecationWarning

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", category=AuthlibDeprecationWarning)
    from authlib.integrations.httpx_client import AsyncOAuth2Client

from automahntion.app.lexoffice.ports import LexofficeUnavailable, TokenRefused, TokenSet

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
REFUSALS = frozenset(
    {
        "invalid_grant",
        "invalid_client",
        "unauthorized_client",
        "invalid_request",
        "unsupported_grant_type",
        "invalid_scope",
    }
)
"""RFC 6749 5.2: the errors that refuse the grant or the client. Any other error (a rate
limit, `server_error`, `temporarily_unavailable`) is no reason to give the connection up."""


def _allow_plain_http_on_loopback(*urls: str) -> None:
    """authlib refuses http:// endpoints; the bundled sandbox serves them on 127.0.0.1."""
    plain = [u for u in urls if u.startswith("http://")]
    if plain and all(urlsplit(u).hostname in LOOPBACK_HOSTS for u in plain):
        os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"


@dataclass(frozen=True)
class LexofficeOAuth:
    client_id: str
    client_secret: str = field(repr=False)
    authorize_url: str
    token_url: str
    revoke_url: str
    redirect_uri: str
    timeout_s: float = 30.0

    def __post_init__(self) -> None:
        _allow_plain_http_on_loopback(self.authorize_url, self.token_url, self.revoke_url)

    def _client(self) -> AsyncOAuth2Client:
        return AsyncOAuth2Client(
            client_id=self.client_id,
            client_secret=self.client_secret,
            redirect_uri=self.redirect_uri,
            code_challenge_method="S256",
            token_endpoint_auth_method="client_secret_basic",
            timeout=self.timeout_s,
        )

    def authorization_url(self, state: str, code_verifier: str) -> str:
        url, _ = self._client().create_authorization_url(
            self.authorize_url, state=state, code_verifier=code_verifier
        )
        return str(url)

    def authorization_origin(self) -> str:
        parts = urlsplit(self.authorize_url)
        return f"{parts.scheme}://{parts.netloc}"

    async def exchange(self, code: str, code_verifier: str, now: datetime) -> TokenSet:
        return await self._token(
            now,
            grant_type="authorization_code",
            code=code,
            code_verifier=code_verifier,
            redirect_uri=self.redirect_uri,
        )

    async def refresh(self, refresh_token: str, now: datetime) -> TokenSet:
        """`TokenRefused` only when the grant or the client is refused; an answer that says
        "not now" (a rate limit, an outage, no token in it) is `LexofficeUnavailable`: the
        connection and its refresh token stay."""
        async with self._client() as client:
            try:
                token = await client.refresh_token(self.token_url, refresh_token=refresh_token)
            except AuthlibBaseError as error:
                if str(error.error) not in REFUSALS:
                    raise LexofficeUnavailable(f"lexoffice's token endpoint: {error}") from error
                raise TokenRefused(str(error.error), error.description) from error
            except (httpx.HTTPError, ValueError) as error:
                raise LexofficeUnavailable(
                    f"lexoffice's token endpoint did not answer: {error}"
                ) from error
        if "access_token" not in token:
            raise LexofficeUnavailable("lexoffice's token endpoint answered without a token")
        return _token_set(token, now, fallback_refresh=refresh_token)

    async def revoke(self, refresh_token: str) -> None:
        async with self._client() as client:
            try:
                await client.revoke_token(
                    self.revoke_url, token=refresh_token, token_type_hint="refresh_token"
                )
            except (AuthlibBaseError, httpx.HTTPError):
                return

    async def _token(self, now: datetime, **params: Any) -> TokenSet:
        async with self._client() as client:
            try:
                token = await client.fetch_token(self.token_url, **params)
            except AuthlibBaseError as error:
                raise TokenRefused(str(error.error), error.description) from error
        return _token_set(token, now)


def _token_set(
    token: dict[str, Any], now: datetime, fallback_refresh: str | None = None
) -> TokenSet:
    if "access_token" not in token:
        raise TokenRefused("invalid_response", "no access_token in the answer")
    return TokenSet(
        access_token=str(token["access_token"]),
        refresh_token=str(token.get("refresh_token") or fallback_refresh or "") or None,
        expires_at=now + timedelta(seconds=int(token.get("expires_in", 3600))),
    )

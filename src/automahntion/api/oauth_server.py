"""authlib's authorization server (RFC 6749, 7636, 7009) on one Litestar request.

authlib is synchronous, so a server is built per request over the rows that request needs,
read beforehand (`Preloaded`). What its grants decide is collected in an `Outcome` and stored
after it ran. Only the authorization code grant (PKCE with S256 required for every client) and
the refresh token grant (a new refresh token at every use) are registered.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from authlib.oauth2.rfc6749 import AuthorizationServer
from authlib.oauth2.rfc6749.requests import JsonRequest
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from litestar import Response

from automahntion.api.oauth_grants import CodeGrant, RefreshGrant, Revocation, S256Required
from automahntion.api.oauth_models import Client
from automahntion.api.oauth_requests import JsonParameters, Request
from automahntion.api.scopes import TENANT_SCOPES
from automahntion.app.access.credentials import hash_secret
from automahntion.app.access.oauth import (
    ACCESS_TOKEN_LIFETIME,
    Outcome,
    Preloaded,
    new_access_token,
    new_refresh_token,
)
from automahntion.app.access.records import NewOAuthToken


def _generator(make: Any) -> Any:
    return lambda **_: make()


class Server(AuthorizationServer):  # type: ignore[misc]
    def __init__(self, preloaded: Preloaded, now: datetime) -> None:
        super().__init__(scopes_supported=list(TENANT_SCOPES))
        self.preloaded = preloaded
        self.now = now
        self.outcome = Outcome()
        self.family: UUID | None = None
        """The code the token being issued descends from."""
        self.register_token_generator(
            "default",
            BearerTokenGenerator(
                _generator(new_access_token),
                _generator(new_refresh_token),
                int(ACCESS_TOKEN_LIFETIME.total_seconds()),
            ),
        )
        self.register_grant(CodeGrant, [S256Required(required=True)])
        self.register_grant(RefreshGrant)
        self.register_endpoint(Revocation)

    def query_client(self, client_id: str) -> Client | None:
        found = self.preloaded.client
        return Client(found) if found is not None and found.client_id == client_id else None

    def save_token(self, token: dict[str, Any], request: Request) -> None:
        refresh = token.get("refresh_token")
        self.outcome.new_token = NewOAuthToken(
            tenant_id=request.user.tenant_id,
            client_ref=request.client.record.id,
            access_token_hash=hash_secret(token["access_token"]),
            refresh_token_hash=None if refresh is None else hash_secret(refresh),
            scope=token.get("scope", ""),
            issued_at=self.now,
            expires_in=int(token["expires_in"]),
            family=self.family,
        )

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:  # noqa: ARG002 - authlib's signature
        return None

    def create_oauth2_request(self, request: Request) -> Request:
        return request

    def create_json_request(self, request: Request) -> JsonRequest:
        """For authlib's JSON endpoints: the same parameters, read as the JSON document."""
        json_request = JsonRequest(request.method, request.uri, request.headers)
        json_request.payload = JsonParameters(request.payload.data)
        return json_request

    def handle_response(
        self, status: int, body: Any, headers: Sequence[tuple[str, str]]
    ) -> Response[Any]:
        return Response(
            content=body if body != "" else b"",
            status_code=status,
            headers=dict(headers),
            media_type="application/json" if isinstance(body, dict) else "text/plain",
        )

"""authlib's authorization server (RFC 6749, 7636, 7009) on one Litestar request.

authlib is synchronous, so a server is built per request over the rows that request needs,
read beforehand (`Preloaded`). What its grants decide is collected in an `Outcome` and stored
after it ran. Only the authorization code grant (PKCE with S256 required for every client) and
the refresh token grant (a new refresh token at every use) are registered.
"""

from __future__ import annotations

import hmac
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from authlib.oauth2.rfc6749 import (
    AuthorizationServer,
    ClientMixin,
    InvalidRequestError,
    OAuth2Request,
    TokenMixin,
    grants,
)
from authlib.oauth2.rfc6749.models import AuthorizationCodeMixin
from authlib.oauth2.rfc6749.requests import JsonPayload, JsonRequest, OAuth2Payload
from authlib.oauth2.rfc6749.util import list_to_scope, scope_to_list
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7636 import CodeChallenge
from litestar import Response

from automahntion.api.scopes import TENANT_SCOPES
from automahntion.app.access_records import (
    AuthorizationCodeRecord,
    NewAuthorizationCode,
    NewOAuthToken,
    OAuthClientRecord,
    OAuthTokenRecord,
)
from automahntion.app.credentials import hash_secret
from automahntion.app.oauth import (
    ACCESS_TOKEN_LIFETIME,
    CODE_LIFETIME,
    Outcome,
    Preloaded,
    access_token_expired,
    code_expired,
    new_access_token,
    new_refresh_token,
    refresh_token_expired,
)

CLIENT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"]
GRANT_TYPES = ("authorization_code", "refresh_token")
PKCE_METHOD = "S256"


class Payload(OAuth2Payload):  # type: ignore[misc]
    def __init__(self, items: Sequence[tuple[str, str]]) -> None:
        self._datalist: defaultdict[str, list[str]] = defaultdict(list)
        for key, value in items:
            self._datalist[key].append(value)
        self._data = {key: values[0] for key, values in self._datalist.items()}

    @property
    def data(self) -> dict[str, str]:
        return self._data

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        return self._datalist


class JsonParameters(JsonPayload):  # type: ignore[misc]
    def __init__(self, data: Mapping[str, str]) -> None:
        self._data = dict(data)

    @property
    def data(self) -> dict[str, str]:
        return self._data


class Request(OAuth2Request):  # type: ignore[misc]
    """The request as authlib reads it: query and form parameters, and Litestar's
    case-insensitive headers (client_secret_basic needs them)."""

    def __init__(
        self,
        method: str,
        uri: str,
        headers: Mapping[str, str],
        query: Sequence[tuple[str, str]],
        form: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__(method, uri, headers=headers)
        self._args = dict(query)
        self._form = dict(form)
        self.payload = Payload([*query, *form])

    @property
    def args(self) -> dict[str, str]:
        return self._args

    @property
    def form(self) -> dict[str, str]:
        return self._form


@dataclass(frozen=True)
class TenantUser:
    """The resource owner: a tenant, signed in on the consent page with its API key."""

    tenant_id: Any


class Client(ClientMixin):  # type: ignore[misc]
    def __init__(self, record: OAuthClientRecord) -> None:
        self.record = record

    def get_client_id(self) -> str:
        return self.record.client_id

    def get_default_redirect_uri(self) -> str | None:
        """None: the request has to name its redirect URI (and the token request again)."""
        return None

    def get_allowed_scope(self, scope: str | None) -> str | None:
        if not scope:
            return list_to_scope(list(self.record.scopes))  # type: ignore[no-any-return]
        asked = list(dict.fromkeys(scope_to_list(scope)))
        if not set(asked) <= set(self.record.scopes):
            return None
        return list_to_scope(asked)  # type: ignore[no-any-return]

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.record.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        expected = self.record.secret_hash
        return expected is not None and hmac.compare_digest(hash_secret(client_secret), expected)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:  # noqa: ARG002 - authlib's signature
        if self.record.confidential:
            return method in ("client_secret_basic", "client_secret_post")
        return method == "none"

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in GRANT_TYPES


class Code(AuthorizationCodeMixin):  # type: ignore[misc]
    def __init__(self, record: AuthorizationCodeRecord) -> None:
        self.record = record
        self.code_challenge = record.code_challenge
        self.code_challenge_method = record.code_challenge_method

    def get_redirect_uri(self) -> str:
        return self.record.redirect_uri

    def get_scope(self) -> str:
        return self.record.scope


class Token(TokenMixin):  # type: ignore[misc]
    def __init__(self, record: OAuthTokenRecord, now: datetime) -> None:
        self.record = record
        self._now = now

    def check_client(self, client: Client) -> bool:
        return self.record.client_ref == client.record.id

    def get_scope(self) -> str:
        return self.record.scope

    def get_expires_in(self) -> int:
        return self.record.expires_in

    def is_expired(self) -> bool:
        return access_token_expired(self.record, self._now)

    def is_revoked(self) -> bool:
        return self.record.revoked_at is not None


class S256Required(CodeChallenge):  # type: ignore[misc]
    """PKCE for every client, public or confidential, and only with S256."""

    SUPPORTED_CODE_CHALLENGE_METHOD = [PKCE_METHOD]  # noqa: RUF012 - authlib's attribute

    def validate_code_challenge(self, grant: grants.BaseGrant, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("PKCE is required: send 'code_challenge' (S256).")
        if data.get("code_challenge_method") != PKCE_METHOD:
            raise InvalidRequestError("'code_challenge_method' must be S256.")
        super().validate_code_challenge(grant, redirect_uri)


class CodeGrant(grants.AuthorizationCodeGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = CLIENT_AUTH_METHODS
    server: Server

    def save_authorization_code(self, code: str, request: Request) -> None:
        data = request.payload.data
        self.server.outcome.new_code = NewAuthorizationCode(
            tenant_id=request.user.tenant_id,
            client_ref=request.client.record.id,
            code_hash=hash_secret(code),
            redirect_uri=data["redirect_uri"],
            scope=request.scope,
            code_challenge=data["code_challenge"],
            code_challenge_method=data["code_challenge_method"],
            expires_at=self.server.now + CODE_LIFETIME,
        )

    def query_authorization_code(self, code: str, client: Client) -> Code | None:  # noqa: ARG002 - authlib's signature
        found = self.server.preloaded.code
        if (
            found is None
            or found.client_ref != client.record.id
            or found.used_at is not None
            or code_expired(found, self.server.now)
        ):
            return None
        self.server.family = found.id
        return Code(found)

    def delete_authorization_code(self, authorization_code: Code) -> None:
        self.server.outcome.used_code = authorization_code.record.id

    def authenticate_user(self, authorization_code: Code) -> TenantUser:
        return TenantUser(authorization_code.record.tenant_id)


class RefreshGrant(grants.RefreshTokenGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = CLIENT_AUTH_METHODS
    INCLUDE_NEW_REFRESH_TOKEN = True
    server: Server

    def authenticate_refresh_token(self, refresh_token: str) -> Token | None:  # noqa: ARG002 - authlib's signature
        found = self.server.preloaded.token
        if found is None or refresh_token_expired(found, self.server.now):
            return None
        self.server.family = found.family or found.id
        return Token(found, self.server.now)

    def authenticate_user(self, refresh_token: Token) -> TenantUser:
        return TenantUser(refresh_token.record.tenant_id)

    def revoke_old_credential(self, refresh_token: Token) -> None:
        self.server.outcome.replaced_token = refresh_token.record.id


class Revocation(RevocationEndpoint):  # type: ignore[misc]
    """RFC 7009. Revoking either token of a pair ends both."""

    CLIENT_AUTH_METHODS = CLIENT_AUTH_METHODS
    server: Server

    def query_token(self, token_string: str, token_type_hint: str | None) -> Token | None:  # noqa: ARG002 - authlib's signature
        found = self.server.preloaded.token
        return None if found is None else Token(found, self.server.now)

    def revoke_token(self, token: Token, request: Request) -> None:  # noqa: ARG002 - authlib's signature
        self.server.outcome.revoked_token = token.record.id


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

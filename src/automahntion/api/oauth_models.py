"""The stored clients, authorization codes and tokens, as authlib's models."""

from __future__ import annotations

import hmac
from datetime import datetime

from authlib.oauth2.rfc6749 import ClientMixin, TokenMixin
from authlib.oauth2.rfc6749.models import AuthorizationCodeMixin
from authlib.oauth2.rfc6749.util import list_to_scope, scope_to_list

from automahntion.api.oauth_requests import GRANT_TYPES
from automahntion.app.access.credentials import hash_secret
from automahntion.app.access.oauth import access_token_expired
from automahntion.app.access.records import (
    AuthorizationCodeRecord,
    OAuthClientRecord,
    OAuthTokenRecord,
)


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

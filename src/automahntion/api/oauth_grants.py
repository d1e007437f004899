"""The grants authlib may run — authorization code with PKCE S256 required, refresh token with a
new refresh token at every use — and token revocation; what they decide goes into the server's
`Outcome`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from authlib.oauth2.rfc6749 import InvalidRequestError, grants
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7636 import CodeChallenge

from automahntion.api.oauth_models import Client, Code, Token
from automahntion.api.oauth_requests import CLIENT_AUTH_METHODS, PKCE_METHOD, Request, TenantUser
from automahntion.app.access.credentials import hash_secret
from automahntion.app.access.oauth import CODE_LIFETIME, code_expired, refresh_token_expired
from automahntion.app.access.records import NewAuthorizationCode

if TYPE_CHECKING:
    from automahntion.api.oauth_server import Server


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
            approved_by=request.user.key_id,
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
        self.server.outcome.revoked_family = token.record.family or token.record.id

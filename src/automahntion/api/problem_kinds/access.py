"""Problem kinds for credentials and permissions: missing or unknown ones, too narrow ones, and
grants used twice."""

from __future__ import annotations

from automahntion.api.problem_kinds.kind import ProblemKind, kind

ACCESS: tuple[ProblemKind, ...] = (
    kind(
        "unauthorized",
        401,
        "Unauthorized",
        """No credentials, or credentials that are unknown, expired or revoked (or a
        webhook whose signature did not verify). Send `Authorization: Bearer <API key or
        access token>`; for an expired OAuth access token, use the refresh token first.""",
    ),
    kind(
        "forbidden",
        403,
        "Forbidden",
        """The credentials are valid but may not do this: the OAuth token or the limited
        API key lacks the scope the operation names, an admin route was called without an
        admin token, or a tenant route with one. Ask for the scope, or use a key without
        limits.""",
    ),
    kind(
        "grant-already-used",
        422,
        "Grant already used",
        """This authorization code or refresh token was used before. For safety the tokens
        issued from it are revoked: start the authorization again.""",
    ),
)

"""Use cases: the internal admin lists, issues and revokes admin tokens through the API
(issuing itself: `credentials.issue_admin_token`, shared with `automahntion admin`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from automahntion.app.access.records import AdminTokenRecord
from automahntion.app.errors import AlreadyExists, NotFound
from automahntion.app.pages import MomentPosition, Page
from automahntion.app.storage import UnitOfWork


class AdminTokenAlreadyRevoked(AlreadyExists):
    code = "admin-token-already-revoked"

    def __init__(self, token_id: UUID) -> None:
        super().__init__("admin_token_revoked", f"admin token {token_id} was already revoked")


class OwnAdminToken(AlreadyExists):
    code = "own-admin-token"

    def __init__(self, token_id: UUID) -> None:
        super().__init__(
            "admin_token_in_use",
            f"admin token {token_id} is the one this request was made with: revoke it with "
            "another admin token",
        )


async def admin_tokens(
    units: Callable[[], UnitOfWork], after: MomentPosition | None, limit: int
) -> Page[AdminTokenRecord]:
    """A page of the admin tokens, oldest first."""
    async with units() as uow:
        return await uow.admin_tokens.page(after, limit)


async def revoke_admin_token(
    units: Callable[[], UnitOfWork], token_id: UUID, caller_token_id: UUID, now: datetime
) -> None:
    """Revoked tokens stay listed. The caller's own token is kept: an admin who revoked it would
    lock themselves out mid-session, and there would be no token left to issue another with."""
    async with units() as uow:
        every = await uow.admin_tokens.all()
        token = next((t for t in every if t.id == token_id), None)
        if token is None:
            raise NotFound("admin token", token_id)
        if token.revoked_at is not None:
            raise AdminTokenAlreadyRevoked(token_id)
        if token_id == caller_token_id:
            raise OwnAdminToken(token_id)
        await uow.admin_tokens.revoke(token_id, now)

"""A caller's condition on the stored state, checked in the writing transaction after the
tenant's row is locked: of two writers that read the same state, only the first passes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from automahntion.app.storage import TenantStore

Precondition = Callable[[TenantStore], Awaitable[None]]
"""Raises `PreconditionFailed` when the stored state is not the one the caller expects."""


async def hold(store: TenantStore, precondition: Precondition | None) -> None:
    """Without a condition nothing is locked, as before conditions existed."""
    if precondition is None:
        return
    await store.account.lock()
    await precondition(store)

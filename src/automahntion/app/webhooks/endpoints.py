"""Use cases: a tenant registers, lists, changes and removes its webhook endpoints.

An endpoint answers to the credential that registered it (`registered_by`): revoking that
credential disables it. It receives `feedback.received` only when that credential could read
feedback itself (`GET /v1/events` hides those events from the others); the API refuses a filter
naming `feedback.received` from a caller without that right.

Endpoints stored before credentials were recorded answer to none (`registered_by` null,
migration 2026-12-07T01:00:00): no revocation disables them, as none did when they were
registered; a caller who moves or enables one makes it answer to that caller.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID, uuid4

from automahntion.app.events.records import EventType
from automahntion.app.pages import MomentPosition, Page
from automahntion.app.storage import UnitOfWork
from automahntion.app.webhooks.records import NewEndpoint, WebhookEndpoint
from automahntion.app.webhooks.repository import WebhookEndpointRepository
from automahntion.app.webhooks.signing import new_secret
from automahntion.app.webhooks.urls import url_problem
from automahntion.domain.errors import DomainError, FieldProblem, ValidationFailed

Units = Callable[[], UnitOfWork]


class CredentialRevoked(DomainError):
    """The caller's credential was revoked after the request was authenticated: it may not
    (re)bind an endpoint to itself, which its revocation would then have missed."""

    code = "unauthorized"

    def __init__(self) -> None:
        super().__init__("the credential of this request was revoked")


async def _held(repository: WebhookEndpointRepository, credential: str | None) -> None:
    if credential is not None and not await repository.hold_credential(credential):
        raise CredentialRevoked()


def _event_types(names: Sequence[str]) -> tuple[EventType, ...]:
    known = {t.value for t in EventType}
    problems = [
        FieldProblem(f"eventTypes[{i}]", f"{name!r} is no event type")
        for i, name in enumerate(names)
        if name not in known
    ]
    if problems:
        raise ValidationFailed(problems)
    return tuple(EventType(name) for name in dict.fromkeys(names))


def _checked_url(url: str, allow_loopback: bool) -> str:
    problem = url_problem(url, allow_loopback=allow_loopback)
    if problem is not None:
        raise ValidationFailed([problem])
    return url


async def create_endpoint(
    units: Units,
    tenant_id: UUID,
    url: str,
    event_types: Sequence[str],
    now: datetime,
    *,
    allow_loopback: bool,
    registered_by: str | None,
    feedback: bool,
) -> NewEndpoint:
    """`registered_by`: the caller's credential (`records.credential_of_…`); `feedback`:
    whether the caller may read feedback."""
    endpoint = WebhookEndpoint(
        id=uuid4(),
        url=_checked_url(url, allow_loopback),
        event_types=_event_types(event_types),
        enabled=True,
        created_at=now,
        registered_by=registered_by,
        feedback=feedback,
    )
    secret = new_secret()
    async with units() as uow:
        repository = uow.tenant(tenant_id).webhook_endpoints
        await _held(repository, registered_by)
        await repository.add(endpoint, secret)
    return NewEndpoint(endpoint, secret)


async def endpoints(
    units: Units, tenant_id: UUID, after: MomentPosition | None, limit: int
) -> Page[WebhookEndpoint]:
    """A page of the tenant's endpoints, oldest first."""
    async with units() as uow:
        return await uow.tenant(tenant_id).webhook_endpoints.page(after, limit)


async def endpoint(units: Units, tenant_id: UUID, endpoint_id: UUID) -> WebhookEndpoint:
    async with units() as uow:
        return await uow.tenant(tenant_id).webhook_endpoints.get(endpoint_id)


@dataclass(frozen=True)
class EndpointChange:
    url: str | None = None
    event_types: Sequence[str] | None = None
    enabled: bool | None = None


async def change_endpoint(
    units: Units,
    tenant_id: UUID,
    endpoint_id: UUID,
    change: EndpointChange,
    now: datetime,
    *,
    allow_loopback: bool,
    caller: str | None,
    feedback: bool,
) -> WebhookEndpoint:
    """Enabling a disabled endpoint clears why it was disabled, and its waiting deliveries are
    due at once.

    A change that decides where events go (another `url`, enabling it again) or names
    `feedback.received` for an endpoint without the feedback right makes the caller (`caller`,
    with its right to read feedback, `feedback`) the credential it answers to.

    The endpoint is read locked: a disable meanwhile (its credential revoked, refusing for
    days) is kept unless this change enables it. The caller's credential is held before, as
    its revocation takes the credential before the endpoints (the other order could deadlock
    with it)."""
    url = None if change.url is None else _checked_url(change.url, allow_loopback)
    types = None if change.event_types is None else _event_types(change.event_types)
    async with units() as uow:
        store = uow.tenant(tenant_id)
        await _held(store.webhook_endpoints, caller)
        found = await store.webhook_endpoints.locked(endpoint_id)
        changed = replace(
            found,
            url=found.url if url is None else url,
            event_types=found.event_types if types is None else types,
        )
        enabling = change.enabled is True and not found.enabled
        names_feedback = types is not None and EventType.FEEDBACK_RECEIVED in types
        if (
            (url is not None and url != found.url)
            or enabling
            or (names_feedback and not found.feedback)
        ):
            changed = replace(changed, registered_by=caller, feedback=feedback)
        if enabling:
            changed = replace(
                changed, enabled=True, disabled_reason=None, disabled_at=None, failing_since=None
            )
            await store.deliveries.reschedule_pending(endpoint_id, now)
        elif change.enabled is False and found.enabled:
            changed = replace(changed, enabled=False, disabled_at=now)
        await store.webhook_endpoints.save(changed)
    return changed


async def remove_endpoint(units: Units, tenant_id: UUID, endpoint_id: UUID) -> None:
    async with units() as uow:
        await uow.tenant(tenant_id).webhook_endpoints.remove(endpoint_id)

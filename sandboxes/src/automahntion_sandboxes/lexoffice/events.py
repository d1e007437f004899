"""Event delivery: signed callbacks to every matching subscription, in the background, retried
on the real schedule's shape (doubling delays, then give up) but scaled down."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from automahntion_sandboxes.clock import real_seconds
from automahntion_sandboxes.lexoffice.clock import timestamp
from automahntion_sandboxes.lexoffice.signing import Signer
from automahntion_sandboxes.lexoffice.state import Sandbox, Subscription

_VOUCHER_KINDS = (
    "credit-note",
    "delivery-note",
    "down-payment-invoice",
    "invoice",
    "order-confirmation",
    "quotation",
    "voucher",
)
_CRUD = ("created", "changed", "deleted")
EVENT_TYPES = frozenset(
    [
        f"{kind}.{action}"
        for kind in ("article", "contact", "dunning", "recurring-template")
        for action in _CRUD
    ]
    + [f"{kind}.{action}" for kind in _VOUCHER_KINDS for action in (*_CRUD, "status.changed")]
    + ["payment.changed", "token.revoked"]
)

DEFAULT_RETRY_DELAYS = (0.2, 0.4, 0.8)
SUCCESS = frozenset({200, 201, 202, 204})
GONE = 410


def _retryable(status: int | None) -> bool:
    """No answer, 401, 403, 404, 429 and 5xx are retried; other answers are final."""
    return status is None or status in (401, 403, 404, 429) or status >= 500


@dataclass(frozen=True)
class Delivery:
    event_type: str
    resource_id: str
    organization_id: str
    callback_url: str
    subscription_id: str
    event_date: str
    status: int | None
    attempt: int
    at: float
    error: str | None

    def as_json(self) -> dict[str, Any]:
        return {
            "eventType": self.event_type,
            "resourceId": self.resource_id,
            "organizationId": self.organization_id,
            "callbackUrl": self.callback_url,
            "subscriptionId": self.subscription_id,
            "eventDate": self.event_date,
            "status": self.status,
            "attempt": self.attempt,
            "at": self.at,
            "error": self.error,
        }


class Dispatcher:
    def __init__(
        self,
        sandbox: Sandbox,
        signer: Signer,
        retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS,
        timeout: float = 5.0,
    ) -> None:
        self._sandbox = sandbox
        self._signer = signer
        self._retry_delays = tuple(retry_delays)
        self._timeout = timeout
        self._client: httpx.AsyncClient | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.deliveries: list[Delivery] = []

    def emit(self, organization_id: str, event_type: str, resource_id: str) -> None:
        """Schedule delivery to every subscription of that organization for that event type."""
        organization = self._sandbox.organizations.get(organization_id)
        if organization is None:
            return
        subscriptions = [
            s for s in organization.subscriptions.values() if s.event_type == event_type
        ]
        if not subscriptions:
            return
        event_date = timestamp(self._sandbox.clock.now())
        payload = {
            "organizationId": organization_id,
            "eventType": event_type,
            "resourceId": resource_id,
            "eventDate": event_date,
        }
        body = json.dumps(payload, separators=(",", ":")).encode("utf-8")
        for subscription in subscriptions:
            self._spawn(self._deliver(subscription, resource_id, event_date, body))

    def clear(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        self.deliveries.clear()

    async def close(self) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        try:
            task = asyncio.get_running_loop().create_task(coroutine)
        except RuntimeError:
            coroutine.close()
            return
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver(
        self, subscription: Subscription, resource_id: str, event_date: str, body: bytes
    ) -> None:
        headers = {"Content-Type": "application/json", "X-Lxo-Signature": self._signer.sign(body)}
        status: int | None = None
        for attempt in range(1, len(self._retry_delays) + 2):
            if attempt > 1:
                await asyncio.sleep(self._retry_delays[attempt - 2])
            status, error = await self._post(subscription.callback_url, body, headers)
            self.deliveries.append(
                Delivery(
                    event_type=subscription.event_type,
                    resource_id=resource_id,
                    organization_id=subscription.organization_id,
                    callback_url=subscription.callback_url,
                    subscription_id=subscription.id,
                    event_date=event_date,
                    status=status,
                    attempt=attempt,
                    at=real_seconds(),
                    error=error,
                )
            )
            if status in SUCCESS:
                return
            if status == GONE:
                self._drop(subscription)
                return
            if not _retryable(status):
                return
        if status is None or status == 404:
            self._drop(subscription)

    async def _post(
        self, url: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int | None, str | None]:
        if self._client is None:
            self._client = httpx.AsyncClient(
                timeout=self._timeout, follow_redirects=False, trust_env=False
            )
        try:
            response = await self._client.post(url, content=body, headers=headers)
        except httpx.HTTPError as error:
            return None, f"{type(error).__name__}: {error}"
        return response.status_code, None

    def _drop(self, subscription: Subscription) -> None:
        organization = self._sandbox.organizations.get(subscription.organization_id)
        if organization is not None:
            organization.subscriptions.pop(subscription.id, None)

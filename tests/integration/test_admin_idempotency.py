"""`Idempotency-Key` on the admin API (`/v1/admin`) as on a tenant's routes: a retried
`POST /v1/admin/tenants` creates one tenant and gets the first answer again; the answer goes
back only to the admin token that caused it, a key reused with another body is refused, the
new API key in the kept answer is not stored in clear, and a reservation whose request died is
taken over after the lock timeout. On both engines."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx

from automahntion.adapters.db.tables import AdminIdempotencyKey
from automahntion.app.access.credentials import issue_admin_token
from automahntion.app.idempotency.replay import LOCK_TIMEOUT, request_digest
from tests.integration.api_callers import Callers, bearer

pytest_plugins = ["tests.integration.api_callers"]

TENANTS = "/v1/admin/tenants"


def _new_tenant(name: str) -> dict[str, str]:
    return {"name": name, "email": "chef@kanzlei.example"}


async def _create(
    callers: Callers, admin: dict[str, str], body: dict[str, Any], key: str
) -> httpx.Response:
    return await callers.http.post(TENANTS, json=body, headers=admin | {"Idempotency-Key": key})


async def _named(callers: Callers, name: str) -> list[dict[str, Any]]:
    listed = await callers.http.get(TENANTS, params={"q": name}, headers=callers.admin)
    assert listed.status_code == 200, listed.text
    return [t for t in listed.json()["items"] if t["name"] == name]


async def test_the_same_key_twice_creates_one_tenant_and_replays_the_first_answer(
    callers: Callers,
) -> None:
    name = f"Kanzlei {uuid.uuid4().hex[:8]}"
    first = await _create(callers, callers.admin, _new_tenant(name), "neu-1")
    again = await _create(callers, callers.admin, _new_tenant(name), "neu-1")
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    assert again.status_code == 201, again.text
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert [t["id"] for t in await _named(callers, name)] == [first.json()["tenant"]["id"]]
    rows = await AdminIdempotencyKey.select().where(AdminIdempotencyKey.key == "neu-1")
    assert len(rows) == 1
    api_key = first.json()["apiKey"]
    assert api_key.startswith("amk_")
    for column in ("response_body_sealed", "request_fingerprint", "response_headers"):
        assert api_key not in str(rows[0][column])
        assert api_key.removeprefix("amk_") not in str(rows[0][column])
    assert name not in str(rows[0]["response_body_sealed"])
    digest = request_digest("POST", TENANTS, first.request.content)
    assert digest not in str(rows[0]["request_fingerprint"])


async def test_another_admin_token_with_the_same_key_runs_its_own_request(
    callers: Callers,
) -> None:
    name = f"Kanzlei {uuid.uuid4().hex[:8]}"
    issued = await issue_admin_token(
        callers.container.database.unit_of_work, "zweiter", callers.clock.now()
    )
    other = bearer(issued.token)
    first = await _create(callers, callers.admin, _new_tenant(name), "neu-2")
    own = await _create(callers, other, _new_tenant(name), "neu-2")
    assert first.status_code == 201, first.text
    assert own.status_code == 201, own.text
    assert "idempotent-replayed" not in own.headers
    assert own.json()["apiKey"] != first.json()["apiKey"]
    assert own.json()["tenant"]["id"] != first.json()["tenant"]["id"]
    assert len(await _named(callers, name)) == 2


async def test_the_same_key_with_another_body_is_refused(callers: Callers) -> None:
    name = f"Kanzlei {uuid.uuid4().hex[:8]}"
    first = await _create(callers, callers.admin, _new_tenant(name), "neu-3")
    other = await _create(callers, callers.admin, _new_tenant(f"{name} II"), "neu-3")
    assert first.status_code == 201, first.text
    assert other.status_code == 409, other.text
    assert other.headers["content-type"] == "application/problem+json"
    assert other.json()["type"] == "/problems/idempotency-key-reused"
    assert first.json()["apiKey"] not in other.text
    assert await _named(callers, f"{name} II") == []


async def test_a_plan_change_reserved_by_a_request_that_died_runs_after_the_lock_timeout(
    callers: Callers,
) -> None:
    units = callers.container.database.unit_of_work
    issued = await issue_admin_token(units, "abgestuerzt", callers.clock.now())
    admin = bearer(issued.token)
    url = f"{TENANTS}/{callers.tenant_id}/plan"
    body = {"plan": "business"}
    digest = request_digest("PUT", url, b'{"plan":"business"}')
    async with units() as uow:
        await uow.admin_idempotency.reserve(
            f"admin:{issued.record.id}", "plan-1", digest, callers.clock.now()
        )
    headers = admin | {"Idempotency-Key": "plan-1"}
    while_running = await callers.http.put(url, json=body, headers=headers)
    callers.clock.current += LOCK_TIMEOUT + timedelta(seconds=1)
    taken_over = await callers.http.put(url, json=body, headers=headers)
    repeated = await callers.http.put(url, json=body, headers=headers)
    assert while_running.status_code == 409, while_running.text
    assert while_running.json()["type"] == "/problems/idempotent-request-in-progress"
    assert taken_over.status_code == 200, taken_over.text
    assert "idempotent-replayed" not in taken_over.headers
    assert taken_over.json()["plan"] == "business"
    assert repeated.headers["idempotent-replayed"] == "true"
    assert repeated.json() == taken_over.json()

"""Every route with an object id, taken from the OpenAPI document: another tenant's id
answers 404 problem+json, and the owner's own call does not."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from automahntion.app.billing.records import BillingKind, BillingLine, NewBillingRecord
from automahntion.app.messages.records import Claim
from automahntion.app.review.decide import GRACE
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.app.webhooks.endpoints import create_endpoint
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.settings import Settings
from automahntion.domain.day_plan import Channel
from automahntion.domain.levels import Level
from tests.integration.conftest import migrated_sqlite_at
from tests.integration.helpers import contact, invoice
from tests.integration.lexoffice_env import Sandbox, TestClock, free_port, serving_api, settings_for

OPENAPI = Path(__file__).parents[2] / "openapi" / "v1.json"
OWNER_KEY = "amk_" + "o" * 43
OTHER_KEY = "amk_" + "x" * 43
NOT_IDS = {"level"}
"""Path parameters that name a fixed thing (a level), not a stored object."""
BODIES = {
    ("PUT", "pause"): {"reason": "Urlaub"},
    ("POST", "{itemId}"): {"outcome": "sent"},
    ("PATCH", "{endpointId}"): {"enabled": True},
}


async def _objects(settings: Settings) -> dict[str, str]:
    """The owner's objects, one of each kind a route takes an id of."""
    container = await Container.start(settings, TestClock())
    try:
        now = container.clock.now()
        units = container.database.unit_of_work
        owner = await create_tenant(units, NewTenant("Eigentümer", "o@example.org"), now, OWNER_KEY)
        await create_tenant(units, NewTenant("Fremder", "x@example.org"), now, OTHER_KEY)
        async with units() as uow:
            store = uow.tenant(owner.tenant.id)
            await store.contacts.upsert(
                [contact("c-1")],
                {"c-1": {"street": "Hauptstraße 1", "zip": "10115", "city": "Berlin"}},
            )
            await store.invoices.upsert([invoice("RE-1", contact_id="c-1")], now)
            stored = await store.invoices.by_lexoffice_id("lx-RE-1")
            stored_contact = await store.contacts.get("c-1")
            document_id = await store.documents.begin(stored.id, Level.M1, "own", now)
            await store.account.set_activated(now)
            left = await store.messages.claim(
                Claim(stored.id, Level.R1, Channel.EMAIL, "<r1@test>", now.date(), now - GRACE * 4)
            )
            [key] = await store.api_keys.all()
            charge, _ = await store.billing.claim(
                NewBillingRecord(
                    BillingKind.LETTERS,
                    "letters:test:2026-10",
                    (BillingLine("Briefe", 1, 385, 385),),
                    385,
                ),
                now,
            )
        hook = await create_endpoint(
            units,
            owner.tenant.id,
            "https://hooks.example.org/in",
            [],
            now,
            allow_loopback=False,
            registered_by=None,
            feedback=True,
        )
        return {
            "endpointId": str(hook.endpoint.id),
            "invoiceId": str(stored.id),
            "contactId": str(stored_contact.id),
            "documentId": str(document_id),
            "keyId": str(key.id),
            "chargeId": str(charge.id),
            "itemId": str(left.id),
            "messageId": str(left.id),
        }
    finally:
        await container.stop()


@pytest.fixture(scope="module")
def world(
    sandbox_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, dict[str, str]]]:
    folder = tmp_path_factory.mktemp("scoping")
    url = migrated_sqlite_at(folder / "api.sqlite3")
    settings = replace(
        settings_for(Sandbox(sandbox_url), url, f"http://127.0.0.1:{free_port()}"),
        documents_dir=str(folder / "documents"),
    )
    ids = asyncio.run(_objects(settings))
    with serving_api(settings) as api_url:
        yield api_url, ids


def _operations() -> list[tuple[str, str]]:
    paths = json.loads(OPENAPI.read_text())["paths"]
    found = []
    for path, operations in sorted(paths.items()):
        names = set(re.findall(r"{(\w+)}", path))
        if not path.startswith("/v1/admin") and names - NOT_IDS:
            found += [(method.upper(), path) for method in sorted(operations)]
    return found


def test_the_sweep_covers_every_kind_of_object() -> None:
    names = {n for _, path in _operations() for n in re.findall(r"{(\w+)}", path)}
    assert names == {
        "invoiceId",
        "contactId",
        "documentId",
        "keyId",
        "chargeId",
        "itemId",
        "messageId",
        "endpointId",
    }


def test_path_parameters_are_named_like_the_body_fields() -> None:
    """camelCase everywhere, an id named for what it identifies (`{invoiceId}`)."""
    paths = json.loads(OPENAPI.read_text())["paths"]
    names = {n for path in paths for n in re.findall(r"{(\w+)}", path)}
    assert names, paths.keys()
    for name in names:
        assert re.fullmatch(r"[a-z]+(?:[A-Z][a-z]+)*", name), name
        assert name in NOT_IDS or name.endswith("Id"), name


@pytest.mark.parametrize(("method", "path"), _operations())
def test_another_tenants_id_is_not_found(
    world: tuple[str, dict[str, str]], method: str, path: str
) -> None:
    api_url, ids = world
    url = re.sub(r"{(\w+)}", lambda m: ids[m.group(1)], path)
    body = BODIES.get((method, path.rsplit("/", 1)[-1]))
    with httpx.Client(
        base_url=api_url, headers={"Authorization": f"Bearer {OTHER_KEY}"}, trust_env=False
    ) as other:
        response = other.request(method, url, json=body)
    assert response.status_code == 404, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"] == "/problems/not-found"


@pytest.mark.parametrize(("method", "path"), [op for op in _operations() if op[0] == "GET"])
def test_the_owner_reads_its_own_objects(
    world: tuple[str, dict[str, str]], method: str, path: str
) -> None:
    api_url, ids = world
    url = re.sub(r"{(\w+)}", lambda m: ids[m.group(1)], path)
    with httpx.Client(
        base_url=api_url, headers={"Authorization": f"Bearer {OWNER_KEY}"}, trust_env=False
    ) as owner:
        response = owner.request(method, url)
    assert response.status_code != 404 or "document file" in response.text, response.text

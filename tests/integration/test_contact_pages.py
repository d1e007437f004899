"""`GET /v1/contacts` pages come from SQL: on both engines a page reads its own rows (no more
than one beyond the limit), in the order the list had when Python sorted every contact (name
case-folded, then id: the reference below is that code), for any cursor the schema admits; a
walk meets every contact once while contacts are added and changed between its pages."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import replace
from itertools import product
from typing import Any
from uuid import UUID

import pytest

from automahntion.app.invoices.contacts import list_contacts, position
from automahntion.app.storage import TenantStore
from automahntion.bootstrap.database import Database
from automahntion.domain.invoices import InvoiceStatus
from automahntion.domain.recipients import Contact, EmailAddresses
from tests.integration.helpers import NOW, count_rows_fetched, invoice, new_tenant
from tests.integration.in_process_api import InProcessApi

NAMES = [
    "Bäckerei Ost",
    "café Morgenrot",
    "Café Morgenrot",
    "CAFÉ MORGENROT",
    "Ärzte am Markt",
    "ärzte am markt",
    "Zoo",
    "zoo",
    "ẞ-Werk",
    "ss-werk",
    "Straße 1",
    "STRASSE 1",
    "Ωmega",
    "ωmega",
    "émile",
    "Émile",
    " Leerzeichen",
    "A",
    "a",
    "Aa",
    "ﬁrma",
    "Firma",
    "Ελληνικός",
    "中文",
    "🙂 Smiley",
    "Kantine Nord",
]
"""Names that fold alike (then the id decides) and that fold beyond ASCII (ß, ẞ, ﬁ, Greek)."""


def _contact(n: int, name: str) -> Contact:
    return Contact(f"c-{n:02}", name, EmailAddresses(business=(f"k{n}@x.example",)))


async def _tenant_with_contacts(database: Database) -> UUID:
    tenant = await new_tenant(database)
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        await store.contacts.upsert([_contact(n, name) for n, name in enumerate(NAMES)])
        await store.invoices.upsert(
            [
                invoice("RE-1", contact_id="c-01"),
                invoice("RE-2", contact_id="c-01"),
                invoice("RE-3", contact_id="c-02", status=InvoiceStatus.PAID),
                invoice("RE-4", contact_id="c-03", open_cents=0),
                invoice("RE-5", contact_id="c-03", status=InvoiceStatus.SEPADEBIT),
                invoice("RE-6", contact_id="c-25"),
                invoice("RE-7", contact_id="c-16"),
            ],
            NOW,
        )
    return tenant.id


async def _reference(store: TenantStore, limit: int, after: str | None) -> tuple[list[UUID], bool]:
    """The page `list_contacts` cut in Python before: every contact sorted by `position`."""
    contacts = sorted(
        (c for c in await store.contacts.all() if after is None or position(c) > after),
        key=position,
    )
    return [c.id for c in contacts[:limit]], len(contacts) > limit


async def _from_sql(store: TenantStore, limit: int, after: str | None) -> tuple[list[UUID], bool]:
    chosen, more = await store.contacts.page(limit=limit, after=after, updated_since=None)
    return [c.id for c in chosen], more


async def test_pages_from_sql_are_the_pages_python_made(database: Database) -> None:
    tenant_id = await _tenant_with_contacts(database)
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        for limit in (1, 2, 5, 50):
            after = None
            while True:
                expected = await _reference(store, limit, after)
                assert await _from_sql(store, limit, after) == expected, (limit, after)
                ids, more = expected
                if not more:
                    break
                after = position(await store.contacts.by_id(ids[-1]))


async def test_any_cursor_names_the_same_place_as_before(database: Database) -> None:
    tenant_id = await _tenant_with_contacts(database)
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        some = position((await store.contacts.all())[3])
        key, _, ident = some.partition("\x00")
        cursors = [
            "",
            "\x00",
            "\x00\x00",
            "a",
            "cafe",
            "café morgenrot",
            "café morgenrot\x00",
            "café morgenrot\x00\x00",
            "café morgenrot\x00f",
            "café morgenrot\x00-",
            "café morgenrot\x00g",
            "café morgenrot\x00ffffffff-ffff-ffff-ffff-ffffffffffff",
            "café morgenrot\x00ffffffff-ffff-ffff-ffff-fffffffffffg",
            "café morgenrot\x00ffffffff-ffff-ffff-ffff-ffffffffffff0",
            "café morgenrot\x000000000-",
            "café morgenrot\x0000000000g",
            "café morgenrot\x0012345678-9abz",
            some,
            some[:-1],
            some + "0",
            some + "\x00",
            f"{key}\x00{ident.upper()}",
            f"{key}\x00{uuid.uuid4()}",
            f"{key}\x00{ident[:20]}~",
            f"{key}\x00{ident[:8]}x",
            key,
            key[:-1],
            "ss",
            "ß",
            "~",
            "ä",
            "\U0001f642",
            "\ufffd",
        ]
        for after, limit in product(cursors, (1, 3, 50)):
            expected = await _reference(store, limit, after)
            assert await _from_sql(store, limit, after) == expected, (after, limit)


async def test_a_page_reads_no_more_than_its_own_rows(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Of the 26 contacts, a page of 2 fetches 3 rows of `contact` (the third tells whether
    more follow), and of the 7 invoices the one open invoice of its own contacts."""
    tenant_id = await _tenant_with_contacts(database)
    fetched = count_rows_fetched(database, monkeypatch)
    found = await list_contacts(database.unit_of_work, tenant_id, limit=2)
    monkeypatch.undo()
    assert [(v.stored.contact.name.casefold(), v.open_invoices) for v in found.views] == [
        (" leerzeichen", 1),
        ("a", 0),
    ]
    assert found.more
    of_contacts = [n for sql, n in fetched if 'FROM "contact"' in sql]
    assert of_contacts
    assert max(of_contacts) <= 3
    assert sum(n for sql, n in fetched if 'FROM "invoice"' in sql) == 1


async def test_open_invoices_are_counted_as_the_domain_says_still_owed(
    database: Database,
) -> None:
    """The count is SQL, the rule is `Invoice.still_owed`: for every status, with an open
    amount, with none and with a negative one, they agree."""
    tenant = await new_tenant(database)
    invoices = [
        invoice(
            f"RE-{status.value}-{cents}",
            contact_id=f"c-{status.value}",
            status=status,
            open_cents=cents,
        )
        for status in InvoiceStatus
        for cents in (-100, 0, 100)
    ]
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant.id)
        await store.invoices.upsert(invoices, NOW)
        counted = await store.contacts.open_invoices(sorted({i.contact_id or "" for i in invoices}))
    expected: dict[str, int] = {}
    for owed in (i for i in invoices if i.still_owed):
        expected[owed.contact_id or ""] = expected.get(owed.contact_id or "", 0) + 1
    assert counted == expected
    assert expected


@pytest.fixture
def api(engine_api: InProcessApi) -> InProcessApi:
    return engine_api


async def _walk(
    api: InProcessApi, between: Callable[[int], Awaitable[None]]
) -> list[dict[str, Any]]:
    """Every page of `GET /v1/contacts?limit=2`; `between(n)` runs after page n."""
    items: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 2}
    for n in range(100):
        response = await api.client.get("/v1/contacts", params=params)
        assert response.status_code == 200, response.text
        body = response.json()
        assert len(body["items"]) <= 2
        items += body["items"]
        if body["nextCursor"] is None:
            return items
        await between(n)
        params = {"limit": 2, "cursor": body["nextCursor"]}
    pytest.fail("the walk did not end")


async def test_a_walk_meets_every_contact_once_while_contacts_change(api: InProcessApi) -> None:
    """Between the pages a contact is added ahead of the cursor (the walk meets it), one behind
    it (the walk has passed its place), one still ahead changes its e-mail address and one is
    paused: the walk shows each contact once, in the documented order, as it is when read."""
    units = api.container.database.unit_of_work
    contacts = [_contact(n, name) for n, name in enumerate(NAMES)]
    async with units() as uow:
        store = uow.tenant(api.tenant_id)
        await store.contacts.upsert(contacts)
        await store.invoices.upsert(
            [invoice("RE-1", contact_id="c-01"), invoice("RE-2", contact_id="c-25")], NOW
        )
        ids = {c.contact.lexoffice_id: c.id for c in await store.contacts.all()}

    async def between(n: int) -> None:
        if n == 1:  # the walk has passed " Leerzeichen", "A", "a" and "Aa" by now
            async with units() as uow:
                await uow.tenant(api.tenant_id).contacts.upsert(
                    [
                        Contact("c-new-late", "Zwiebel AG", EmailAddresses()),
                        Contact("c-new-early", "0 Null GmbH", EmailAddresses()),
                        replace(contacts[25], emails=EmailAddresses(office=("neu@x.example",))),
                    ]
                )
            paused = await api.client.put(f"/v1/contacts/{ids['c-06']}/pause", json={})
            assert paused.status_code == 200, paused.text

    walked = await _walk(api, between)
    async with units() as uow:
        now = {c.id: c for c in await uow.tenant(api.tenant_id).contacts.all()}
    expected = sorted(
        (c for c in now.values() if c.contact.lexoffice_id != "c-new-early"), key=position
    )
    assert [item["id"] for item in walked] == [str(c.id) for c in expected]
    assert len({item["id"] for item in walked}) == len(NAMES) + 1
    shown = {item["name"]: item for item in walked}
    assert shown["Kantine Nord"]["email"] == "neu@x.example"
    assert shown["Kantine Nord"]["openInvoices"] == 1
    assert shown["café Morgenrot"]["openInvoices"] == 1
    assert shown["Zoo"]["pause"] is not None
    assert shown["Zwiebel AG"]["hasEmail"] is False

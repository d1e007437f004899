"""PostgreSQL's page of the overview in one statement (`PostgresInvoiceList`, the JSON PostgreSQL
writes decoded by msgspec) holds exactly what the repositories give, which is how SQLite reads
it (`UnitOfWorkInvoiceList`): for every filter, page size and cursor, on a list with messages
(a reason included), documents, letters, pauses, postal addresses, addressees, unusable
records, a handed-over invoice and levels of the tenant's own; and so the API's page, made of
either, is the same JSON."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import product
from uuid import UUID

from litestar.serialization import encode_json

from automahntion.adapters.db.invoice_list import PostgresInvoiceList
from automahntion.api.invoice_schemas import InvoicePage
from automahntion.api.invoices import invoice_out
from automahntion.app.invoices.criteria import InvoiceCriteria, position
from automahntion.app.invoices.listing import UnitOfWorkInvoiceList, list_invoices
from automahntion.app.messages.records import Claim
from automahntion.app.post.provider import LetterState
from automahntion.app.post.records import LetterRecord
from automahntion.bootstrap.database import Database
from automahntion.domain.day_plan import Channel
from automahntion.domain.invoices import InvoiceKind
from automahntion.domain.levels import Level, LevelSetting
from automahntion.domain.pauses import Pause
from automahntion.domain.prices import LetterKind
from automahntion.domain.recipients import Contact, EmailAddresses
from automahntion.domain.salutation import Addressee, Title
from tests.integration.helpers import NOW, TODAY, invoice
from tests.integration.test_invoice_pages import CRITERIA, _tenant_with_a_mixed_list

SECRET_KEY = "invoice-list-reads-secret-0123456789abcdef"


async def _with_everything_a_view_shows(database: Database) -> UUID:
    tenant_id = await _tenant_with_a_mixed_list(database)
    async with database.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        await store.contacts.upsert(
            [
                Contact(
                    "c-4",
                    "Frau Weiß",
                    EmailAddresses(business=("w@x.example",), office=("o@x.example",)),
                    addressee=Addressee(Title.MS, "Weiß"),
                ),
                Contact("c-5", "Kaputt KG", unusable="no name in lexoffice"),
            ],
            {"c-4": {"street": "Hafenstraße 2", "zip": "20457", "city": "Hamburg"}},
        )
        await store.contacts.set_pause("c-4", Pause("Klärung", TODAY + timedelta(days=3)))
        await store.invoices.upsert(
            [
                invoice("RE-040", due_ago=30, contact_id="c-4", language="en"),
                invoice("RE-041", due_ago=45, contact_id="c-5", kind=InvoiceKind.VOUCHER),
                invoice("RE-042", due_ago=60, contact_id="c-1", unusable="no due date"),
            ],
            NOW,
        )
        ids = {s.invoice.voucher_number: s.id for s in await store.invoices.all()}
        await store.invoices.set_pause(ids["RE-040"], Pause("Ratenzahlung"))
        await store.invoices.set_pause(ids["RE-041"], Pause("bis Monatsende", date(2026, 11, 30)))
        await store.invoices.hand_over(ids["RE-042"], NOW)
        await store.levels.replace_settings(
            [
                LevelSetting(
                    level,
                    level in (Level.R1, Level.R2, Level.M1),
                    3 + 7 * n,
                    by_post=level is Level.M1,
                    registered=level is Level.M1,
                    fee_cents=500 if level is Level.M1 else 0,
                    payment_days=10 if level is Level.R1 else None,
                )
                for n, level in enumerate(sorted(Level, key=lambda level: level.rank))
            ]
        )
        for number in ("RE-001", "RE-040"):
            document = await store.documents.begin(ids[number], Level.M1, "voucher", NOW)
            await store.documents.created(document, file_ref=f"{document}.pdf", dunning_id="d-1")
        await store.documents.begin(ids["RE-005"], Level.M1, "voucher", NOW)
        await store.letters.add(
            LetterRecord(
                ids["RE-040"],
                Level.M1,
                LetterKind.REGISTERED,
                "letter-1",
                LetterState.SENT,
                TODAY,
                "RR123456789DE",
            )
        )
    return tenant_id


async def test_the_one_statement_page_is_the_repositories_page(postgres: Database) -> None:
    tenant_id = await _with_everything_a_view_shows(postgres)
    one_statement = PostgresInvoiceList(postgres.engine)  # type: ignore[arg-type]
    repositories = UnitOfWorkInvoiceList(postgres.unit_of_work)
    pages = 0
    for criteria, limit in product([*CRITERIA, InvoiceCriteria(text="weiß")], (1, 4, 50)):
        after = None
        while True:
            expected = await repositories.page(tenant_id, criteria, limit=limit, after=after)
            found = await one_statement.page(tenant_id, criteria, limit=limit, after=after)
            assert (found.views, found.more) == (expected.views, expected.more), (criteria, limit)
            if found.views:  # a page without invoices has no use for the policy
                assert found.policy == expected.policy
            pages += 1
            if not expected.more:
                break
            after = position(expected.views[-1].stored)
    assert pages > len(CRITERIA) * 3


async def test_the_api_page_of_either_reader_is_the_same_json(postgres: Database) -> None:
    tenant_id = await _with_everything_a_view_shows(postgres)
    bodies = []
    for reads in (
        PostgresInvoiceList(postgres.engine),  # type: ignore[arg-type]
        UnitOfWorkInvoiceList(postgres.unit_of_work),
    ):
        page = await list_invoices(reads, tenant_id, InvoiceCriteria(), limit=50, today=TODAY)
        items = [invoice_out(view, TODAY) for view in page.views]
        bodies.append(encode_json(InvoicePage(items=items, next_cursor=None)))
    assert bodies[0] == bodies[1]
    shown = bodies[0].decode()
    for expected in ("Ratenzahlung", "Klärung", "/v1/documents/"):
        assert expected in shown


async def test_messages_and_documents_come_in_the_order_they_were_made(postgres: Database) -> None:
    """By when they were claimed and created, not in the order they were stored (the statement
    sorts them in a subquery, no longer inside its aggregate)."""
    tenant_id = await _tenant_with_a_mixed_list(postgres)
    async with postgres.unit_of_work() as uow:
        store = uow.tenant(tenant_id)
        ids = {s.invoice.voucher_number: s.id for s in await store.invoices.all()}
        chosen = ids["RE-010"]
        for level, days_ago in ((Level.R1, 1), (Level.R2, 21), (Level.M1, 11)):
            day = TODAY - timedelta(days=days_ago)
            at = NOW - timedelta(days=days_ago)
            await store.messages.claim(Claim(chosen, level, Channel.EMAIL, f"<{level}@x>", day, at))
        for level, minutes_ago in ((Level.M2, 1), (Level.M1, 9)):
            made = NOW - timedelta(minutes=minutes_ago)
            await store.documents.begin(chosen, level, "voucher", made)
    found = await PostgresInvoiceList(postgres.engine).page(  # type: ignore[arg-type]
        tenant_id, InvoiceCriteria(), limit=50, after=None
    )
    view = next(v for v in found.views if v.stored.id == chosen)
    assert [m.level for m in view.messages] == [Level.R2, Level.M1, Level.R1]
    assert [d.level for d in view.documents] == [Level.M1, Level.M2]
    expected = await UnitOfWorkInvoiceList(postgres.unit_of_work).page(
        tenant_id, InvoiceCriteria(), limit=50, after=None
    )
    assert found.views == expected.views

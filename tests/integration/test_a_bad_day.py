"""A bad day, as the operator runs it (domain rules 2 and 3): one tenant's lexoffice holds a
poisoned contact (400 characters with a NUL), a down payment invoice (invoice PDFs attached), an
invoice in default since 2021 (statutory extras on, each invoice sent the highest level it
reached, so that the 2021 one gets its M3 with interest), an invoice without a due date and twenty
ordinary overdue invoices; a second tenant runs in the same `sync` and `run`. On PostgreSQL,
which refuses over-long text and NUL."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

from automahntion.app.invoices.records import StoredContact, StoredInvoice
from automahntion.bootstrap.database import Database
from automahntion.domain.recipients import BlockReason
from tests.integration.conftest import (
    SECRET_KEY,
    drop_postgres_database_later,
    migrated_postgres_database,
    run_cli,
)
from tests.integration.lexoffice_env import Sandbox
from tests.smtp_sink import Sink

POISON = "Großkunde " + "x" * 389 + "\x00"
AS_OF = "2026-11-27"
ORDINARY = [f"RE-{n:02d}" for n in range(1, 21)]


@pytest.fixture
def postgres_url() -> Iterator[str]:
    name, url = migrated_postgres_database()
    try:
        yield url
    finally:
        drop_postgres_database_later(name)


@pytest.fixture
def sink() -> Iterator[Sink]:
    with Sink() as running:
        yield running


def _troubled_org(sandbox: Sandbox) -> dict[str, str]:
    org = sandbox.organization("Großhandel Sorgenfrei GmbH")
    oid = org["organizationId"]

    def customer(name: str, address: str) -> str:
        return sandbox.contact(oid, name, business=[address])

    poisoned = customer(POISON, "einkauf@gross.example")
    sandbox.voucher(
        oid, voucherNumber="RE-P1", dueDate="2026-11-02", totalAmount=119.0, contactId=poisoned
    )
    sandbox.voucher(
        oid,
        voucherNumber="AR-D1",
        voucherType="downpaymentinvoice",
        dueDate="2026-11-03",
        totalAmount=500.0,
        contactId=customer("Anzahlung KG", "anzahlung@kunde.example"),
    )
    sandbox.voucher(
        oid,
        voucherNumber="RE-2021",
        voucherDate="2021-02-15",
        dueDate="2021-03-01",
        totalAmount=1000.0,
        contactId=customer("Altschuld OHG", "alt@kunde.example"),
    )
    sandbox.voucher(
        oid,
        voucherNumber="RE-N1",
        dueDate=None,
        totalAmount=40.0,
        contactId=customer("Ohne Datum AG", "ohne@kunde.example"),
    )
    for n, number in enumerate(ORDINARY):
        sandbox.voucher(
            oid,
            voucherNumber=number,
            dueDate=f"2026-11-{4 + n % 15:02d}",
            totalAmount=100.0 + n,
            contactId=customer(f"Kunde {number}", f"{number.lower()}@kunde.example"),
        )
    return org


def _calm_org(sandbox: Sandbox) -> dict[str, str]:
    org = sandbox.organization("Ruhig & Co. KG")
    contact = sandbox.contact(org["organizationId"], "Stammkunde", business=["k@ruhig.example"])
    sandbox.voucher(
        org["organizationId"],
        voucherNumber="RU-1",
        dueDate="2026-11-10",
        totalAmount=80.0,
        contactId=contact,
    )
    return org


class Operator:
    def __init__(self, url: str, sandbox: Sandbox, sink: Sink) -> None:
        self.url = url
        self.env = {
            "AUTOMAHNTION_LEXOFFICE_API_URL": sandbox.url,
            "AUTOMAHNTION_LEXOFFICE_RATE": "50",
            "AUTOMAHNTION_MAIL_HOST": sink.host,
            "AUTOMAHNTION_MAIL_PORT": str(sink.port),
            "AUTOMAHNTION_MAIL_TLS": "none",
            "AUTOMAHNTION_MAIL_FROM": "no-reply@automahntion.example",
        }

    def __call__(self, *args: str) -> str:
        done = run_cli(*args, database_url=self.url, **self.env)
        assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
        return done.stdout

    def tenant(self, name: str, api_key: str) -> str:
        created = self(
            "tenants", "create", "--name", name, "--email", "chef@example.org",
            "--plan", "pro", f"--lexoffice-api-key={api_key}",
        )  # fmt: skip
        return str(json.loads(created)["id"])


async def _stored(url: str, tenant_id: str) -> tuple[dict[str, StoredInvoice], list[StoredContact]]:
    database = Database.connect(url, SECRET_KEY)
    await database.start()
    try:
        async with database.unit_of_work() as uow:
            store = uow.tenant(uuid.UUID(tenant_id))
            invoices = {i.invoice.voucher_number: i for i in await store.invoices.all()}
            return invoices, await store.contacts.all()
    finally:
        await database.stop()


def _by_recipient(sink: Sink) -> dict[str, EmailMessage]:
    mails: dict[str, EmailMessage] = {}
    for received in sink.messages:
        [recipient] = received.envelope_to
        assert recipient not in mails, f"two messages to {recipient}"
        mails[recipient] = received.message
    return mails


def test_one_bad_record_or_invoice_stops_nothing_for_anyone(
    sandbox: Sandbox, postgres_url: str, sink: Sink, tmp_path: Path
) -> None:
    troubled, calm = _troubled_org(sandbox), _calm_org(sandbox)
    operator = Operator(postgres_url, sandbox, sink)
    first = operator.tenant("Großhandel Sorgenfrei GmbH", troubled["apiKey"])
    second = operator.tenant("Ruhig & Co. KG", calm["apiKey"])
    extras = tmp_path / "extras.json"
    settings = {"attachInvoicePdf": True, "statutoryExtras": True, "catchUp": "highest"}
    extras.write_text(json.dumps({"settings": settings}))
    operator("tenants", "configure", first, "--json", str(extras))
    for tenant in (first, second):
        operator("tenants", "activate", tenant, "--as-of", AS_OF)

    operator("sync", "--as-of", AS_OF)
    operator("run", "--as-of", AS_OF)

    mails = _by_recipient(sink)
    expected = {f"{n.lower()}@kunde.example" for n in ORDINARY} | {
        "einkauf@gross.example",
        "anzahlung@kunde.example",
        "alt@kunde.example",
        "k@ruhig.example",
    }
    assert set(mails) == expected
    down_payment = mails["anzahlung@kunde.example"]
    assert "Rechnung-AR-D1.pdf" in [p.get_filename() for p in down_payment.iter_attachments()]
    old = mails["alt@kunde.example"].get_body(("plain",))
    assert old is not None
    assert "Verzugszinsen" in old.get_content()

    invoices, contacts = asyncio.run(_stored(postgres_url, first))
    assert POISON.replace("\x00", "")[:300] in {c.contact.name for c in contacts}
    unusable = invoices["RE-N1"]
    assert unusable.blocked is BlockReason.UNUSABLE_RECORD
    assert unusable.invoice.unusable == "kein lesbares Fälligkeitsdatum"

    operator("run", "--as-of", AS_OF)
    assert len(sink.messages) == len(expected), "a second run on the same day sends nothing"
    assert operator("review", "list").strip() == "nothing to review"

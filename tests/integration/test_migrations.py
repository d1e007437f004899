"""`automahntion migrate` on empty databases of both engines, and no drift between the
migrations, the table definitions and the migrated schema."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID, uuid4

import asyncpg
import pytest

from automahntion.adapters.crypto import FernetSecretBox
from automahntion.adapters.db.constraints import UNIQUE_INDEXES
from automahntion.adapters.db.repositories.rendered_from import encoded
from automahntion.adapters.db.tables import TABLES, IdempotencyKey
from automahntion.adapters.db.tables import Contact as ContactRow
from automahntion.app.idempotency import replay
from automahntion.app.mail.rendering import InvoiceLine, MessageFacts
from automahntion.app.messages.records import RenderedFrom
from automahntion.bootstrap.database import Database
from automahntion.domain.interest import Charge, ChargeKind
from automahntion.domain.levels import Level
from tests.integration.conftest import SECRET_KEY, run_cli
from tests.integration.helpers import NOW, TODAY, new_tenant

ROOT = Path(__file__).resolve().parents[2]
EXPECTED_COLUMNS = {
    table._meta.tablename: {column._meta.db_column_name for column in table._meta.columns}
    for table in TABLES
}


def _sqlite_schema(url: str) -> tuple[dict[str, set[str]], set[str]]:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
        tables = [
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        columns = {
            table: {row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')}
            for table in tables
        }
        indexes = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='index'")
        }
    return columns, indexes


async def _postgres_schema(url: str) -> tuple[dict[str, set[str]], set[str]]:
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public'"
        )
        index_rows = await connection.fetch(
            "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"
        )
    finally:
        await connection.close()
    columns: dict[str, set[str]] = {}
    for row in rows:
        columns.setdefault(row["table_name"], set()).add(row["column_name"])
    return columns, {row["indexname"] for row in index_rows}


def _schema(url: str) -> tuple[dict[str, set[str]], set[str]]:
    if url.startswith("sqlite"):
        return _sqlite_schema(url)
    return asyncio.run(_postgres_schema(url))


@pytest.fixture(params=["sqlite", "postgres"])
def empty_url(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue(f"empty_{request.param}_url"))


def test_migrate_creates_the_schema_and_a_second_run_does_nothing(empty_url: str) -> None:
    first = run_cli("migrate", database_url=empty_url)
    assert first.returncode == 0, first.stderr
    assert "[forwards]... ok" in first.stdout
    columns, indexes = _schema(empty_url)
    second = run_cli("migrate", database_url=empty_url)
    assert second.returncode == 0, second.stderr
    assert "No migrations need to be run" in second.stdout
    assert _schema(empty_url) == (columns, indexes)


def test_the_migrated_schema_equals_the_table_definitions(empty_url: str) -> None:
    assert run_cli("migrate", database_url=empty_url).returncode == 0
    columns, indexes = _schema(empty_url)
    ours = {table: cols for table, cols in columns.items() if table in EXPECTED_COLUMNS}
    assert ours == EXPECTED_COLUMNS
    assert {index.name for index in UNIQUE_INDEXES} <= indexes


def test_a_bad_database_url_is_one_line_naming_the_variable() -> None:
    done = run_cli("migrate", database_url="mysql://localhost/x")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "automahntion: AUTOMAHNTION_DATABASE_URL must start with sqlite:/// or postgresql://, "
        "not 'mysql://localhost/x'"
    ]


def test_the_migration_files_match_the_table_definitions(
    tmp_path: Path, empty_postgres_url: str
) -> None:
    """Piccolo's auto-migration against copies of our migrations finds nothing to add."""
    copy = tmp_path / "migrations"
    shutil.copytree(ROOT / "migrations", copy)
    before = sorted(p.name for p in copy.glob("*.py"))
    done = subprocess.run(
        [sys.executable, "-m", "piccolo.main", "migrations", "new", "automahntion", "--auto"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={
            "PATH": "/usr/bin:/bin",
            "PICCOLO_CONF": "automahntion.adapters.db.piccolo_conf",
            "AUTOMAHNTION_DATABASE_URL": empty_postgres_url,
            "AUTOMAHNTION_MIGRATIONS_DIR": str(copy),
        },
    )
    assert sorted(p.name for p in copy.glob("*.py")) == before, done.stdout + done.stderr
    assert "No changes detected" in done.stdout + done.stderr


ACTIVATION_MIGRATION = "2026-12-06T12:02:00:000000"
"""The migration that adds `tenant.activated_at`; the one after it activates existing tenants."""
_MIGRATE_UP_TO = (
    "import asyncio, os, sys\n"
    "from piccolo.apps.migrations.commands.forwards import run_forwards\n"
    "done = asyncio.run(run_forwards(app_name='automahntion', migration_id=sys.argv[1]))\n"
    "sys.exit(0 if done.success else 1)\n"
)
_INSERT_TENANT = (
    'INSERT INTO "tenant" ("id", "name", "account_email", "billing_email", "plan", "settings", '
    '"dunning_active", "sync_state", "created_at") '
    "VALUES ('{id}', 'Alt GmbH', 'a@alt.example', 'a@alt.example', 'starter', '{{}}', "
    "{true}, '{{}}', '{created_at}')"
)
EXISTING_ID = "6f1c2a9e-0000-4000-8000-000000000001"
CREATED_AT = "2026-11-02T08:00:00+00:00"


def _migration_before(ident: str) -> str:
    ids = sorted(
        re.search(r'^ID = "([^"]+)"', path.read_text(), re.MULTILINE).group(1)  # type: ignore[union-attr]
        for path in (ROOT / "migrations").glob("*.py")
    )
    return ids[ids.index(ident) - 1]


def _migrate_up_to(url: str, ident: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _MIGRATE_UP_TO, ident],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={
            **os.environ,
            "PICCOLO_CONF": "automahntion.adapters.db.piccolo_conf",
            "AUTOMAHNTION_DATABASE_URL": url,
        },
    )
    assert done.returncode == 0, done.stdout + done.stderr


async def _postgres_run(url: str, statement: str) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(url)
    try:
        return list(await connection.fetch(statement))
    finally:
        await connection.close()


def _sql(url: str, statement: str) -> list[tuple[object, ...]]:
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            return list(connection.execute(statement))
    return [tuple(row) for row in asyncio.run(_postgres_run(url, statement))]


def test_tenants_that_existed_before_activation_stay_activated(empty_url: str) -> None:
    """Existing tenants keep sending as they did; one created afterwards is not activated."""
    _migrate_up_to(empty_url, _migration_before(ACTIVATION_MIGRATION))
    true = "1" if empty_url.startswith("sqlite") else "true"
    _sql(empty_url, _INSERT_TENANT.format(id=EXISTING_ID, true=true, created_at=CREATED_AT))
    assert run_cli("migrate", database_url=empty_url).returncode == 0
    [(activated_at, created_at)] = _sql(
        empty_url, f"SELECT activated_at, created_at FROM tenant WHERE id = '{EXISTING_ID}'"
    )
    assert activated_at == created_at
    assert activated_at is not None
    created = run_cli(
        "tenants", "create", "--name", "Neu", "--email", "n@neu.example", database_url=empty_url
    )
    assert created.returncode == 0, created.stderr
    listed = run_cli("tenants", "list", database_url=empty_url)
    assert listed.returncode == 0, listed.stderr
    columns = [line.split("  ") for line in listed.stdout.strip().splitlines()]
    assert {c[1]: c[4] for c in columns} == {"Alt GmbH": "activated", "Neu": "not activated"}


_INSERT_INVOICE = (
    'INSERT INTO "invoice" ("id", "tenant", "lexoffice_id", "kind", "voucher_number", '
    '"voucher_date", "due_date", "total_cents", "open_cents", "contact_lexoffice_id", "status", '
    '"language", "language_read", "admission", "synced_at") '
    "VALUES ({}, {}, 'lx-RE-1', 'invoice', 'RE-1', {}, {}, 11900, 11900, 'c-1', 'open', 'de', "
    "false, 'none', {})"
)
"""An overdue invoice in the columns every schema since the first has: the repository writes
the columns of the newest one."""


async def _invoice_stored_before(database: Database) -> tuple[UUID, UUID]:
    """A new tenant holding one overdue invoice, stored by a schema older than the newest:
    (tenant id, invoice id)."""
    tenant = await new_tenant(database)
    invoice_id = uuid4()
    due = TODAY - timedelta(days=10)
    await IdempotencyKey.raw(
        _INSERT_INVOICE, invoice_id, tenant.id, due - timedelta(days=14), due, NOW
    )
    return tenant.id, invoice_id


_INSERT_MESSAGE = (
    'INSERT INTO "sent_message" ("id", "tenant", "invoice", "level", "channel", "state", '
    '"message_id", "attempts", "claimed_at", "sent_on", "rendered_from") '
    "VALUES ({}, {}, {}, {}, 'email', {}, {}, 1, {}, {}, {})"
)
"""A message in the columns every schema since `sent_on` has: a claim writes the newest's."""

ONE_PER_DAY_MIGRATION = "2026-12-07T01:20:00:000000"
"""The migration that keeps one message per invoice per day (`ux_sent_message_invoice_day`)."""
DAY_INDEX = "ux_sent_message_invoice_day"


_INSERT_CLAIM = (
    'INSERT INTO "sent_message" ("id", "tenant", "invoice", "level", "channel", "state", '
    '"message_id", "attempts", "claimed_at", "sent_on") '
    "VALUES ({}, {}, {}, {}, 'email', 'sending', {}, 1, {}, {})"
)
"""A claim in the columns of the schema before the one-per-day index: the repository writes
the columns of the newest one (`going_out_at` came later)."""


async def _two_messages_on_one_day(url: str) -> None:
    """R1 and R2 of one invoice on one day, as the bug left them (R2 claimed later on the next
    day and moved to the first), and R3 on the day after."""
    database = Database.connect(url, SECRET_KEY)
    await database.start()
    try:
        tenant_id, invoice_id = await _invoice_stored_before(database)
        for n, level in enumerate((Level.R1, Level.R2, Level.R3)):
            at = NOW + timedelta(days=n, hours=n)
            day = TODAY + timedelta(days=n)
            await IdempotencyKey.raw(
                _INSERT_CLAIM, uuid4(), tenant_id, invoice_id, level.value, f"<{n}>", at, day
            )
    finally:
        await database.stop()


def _has_day_index(url: str) -> bool:
    return DAY_INDEX in _schema(url)[1]


def _backwards_to(url: str, ident: str) -> None:
    script = (
        "import asyncio, sys\n"
        "from piccolo.apps.migrations.commands.backwards import run_backwards\n"
        "done = asyncio.run(run_backwards(app_name='automahntion', migration_id=sys.argv[1], "
        "auto_agree=True))\n"
        "sys.exit(0 if done.success else 1)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, ident],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={
            **os.environ,
            "PICCOLO_CONF": "automahntion.adapters.db.piccolo_conf",
            "AUTOMAHNTION_DATABASE_URL": url,
        },
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_one_message_per_day_applies_over_pairs_already_stored_and_goes_back(
    empty_url: str,
) -> None:
    """The earlier message of a pair already stored keeps its day; the later is left out;
    every other row is guarded. Backwards drops the index, and forwards again applies."""
    _migrate_up_to(empty_url, _migration_before(ONE_PER_DAY_MIGRATION))
    asyncio.run(_two_messages_on_one_day(empty_url))
    _sql(empty_url, "UPDATE sent_message SET sent_on = '2026-11-27' WHERE level = 'R2'")
    done = run_cli("migrate", database_url=empty_url)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _has_day_index(empty_url)
    _sql(empty_url, "UPDATE sent_message SET state = 'sent' WHERE level IN ('R1', 'R2')")
    move_r3 = "UPDATE sent_message SET sent_on = '2026-11-27' WHERE level = 'R3'"
    with pytest.raises((sqlite3.IntegrityError, asyncpg.UniqueViolationError)):
        _sql(empty_url, move_r3)
    _backwards_to(empty_url, ONE_PER_DAY_MIGRATION)
    assert not _has_day_index(empty_url)
    _sql(empty_url, move_r3)
    assert run_cli("migrate", database_url=empty_url).returncode == 0
    assert _has_day_index(empty_url)
    days = _sql(empty_url, "SELECT DISTINCT sent_on FROM sent_message")
    assert len(days) == 1


HEADERS_MIGRATION = "2026-12-07T02:00:00:000000"
"""The migration that keeps the headers of an idempotent request's answer."""
OLD_ANSWER = '{"sendingHour":7}'
OLD_DIGEST = replay.request_digest("PATCH", "/v1/settings", b'{"sendingHour":7}')
_INSERT_ANSWER = (
    'INSERT INTO "idempotency_key" ("id", "tenant", "credential", "key", '
    '"request_fingerprint", "response_status", "response_body_sealed", "created_at") '
    "VALUES ({}, {}, 'key:a', 'alt-1', {}, 200, {}, {})"
)


async def _answer_kept_without_headers(url: str) -> UUID:
    """A tenant and the answer to its `PATCH /v1/settings` as the schema before kept it."""
    database = Database.connect(url, SECRET_KEY)
    await database.start()
    try:
        tenant = await new_tenant(database)
        box = FernetSecretBox(SECRET_KEY)
        await IdempotencyKey.raw(
            _INSERT_ANSWER,
            uuid4(),
            tenant.id,
            box.fingerprint(OLD_DIGEST),
            box.seal(OLD_ANSWER),
            NOW,
        )
    finally:
        await database.stop()
    return tenant.id


async def _replayed(url: str, tenant_id: UUID) -> UUID | replay.Replay:
    database = Database.connect(url, SECRET_KEY)
    await database.start()
    try:
        attempt = replay.Attempt(tenant_id, "key:a", "alt-1")
        return await replay.begin(database.unit_of_work, attempt, OLD_DIGEST, NOW)
    finally:
        await database.stop()


def test_an_answer_kept_before_its_headers_still_replays(empty_url: str) -> None:
    """The answers of the 24 hours before the migration replay their body and status,
    without headers (the content type then follows from the status)."""
    _migrate_up_to(empty_url, _migration_before(HEADERS_MIGRATION))
    tenant_id = asyncio.run(_answer_kept_without_headers(empty_url))
    done = run_cli("migrate", database_url=empty_url)
    assert done.returncode == 0, done.stdout + done.stderr
    assert asyncio.run(_replayed(empty_url, tenant_id)) == replay.Replay(200, OLD_ANSWER, ())


NAME_KEY_MIGRATION = "2026-12-07T07:20:00:000000"
"""The migration that adds `contact.name_key`; the one after it fills it and indexes it."""
OLD_NAMES = ["Zoo", "ärger", "ẞ-Werk", "ﬁrma", "Ωmega", "apfel", "Straße"]
_INSERT_CONTACT = (
    'INSERT INTO "contact" ("id", "tenant", "lexoffice_id", "name", "kind", "emails", '
    '"version", "synced_at") VALUES ({}, {}, {}, {}, \'business\', {}, 0, {})'
)


async def _contacts_stored_before_their_name_key(url: str) -> UUID:
    database = Database.connect(url, SECRET_KEY)
    await database.start()
    try:
        tenant = await new_tenant(database)
        for n, name in enumerate(OLD_NAMES):
            await ContactRow.raw(_INSERT_CONTACT, uuid4(), tenant.id, f"c-{n}", name, "{}", NOW)
    finally:
        await database.stop()
    return tenant.id


def test_contacts_stored_before_the_name_key_get_it_in_python_s_fold(empty_url: str) -> None:
    """`GET /v1/contacts` pages by `name_key`: the contacts already stored get
    `name.casefold()`, which PostgreSQL compares by code point as Python does."""
    _migrate_up_to(empty_url, _migration_before(NAME_KEY_MIGRATION))
    asyncio.run(_contacts_stored_before_their_name_key(empty_url))
    done = run_cli("migrate", database_url=empty_url)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = _sql(empty_url, "SELECT name, name_key FROM contact ORDER BY name_key, id")
    assert [name for name, _ in rows] == sorted(OLD_NAMES, key=str.casefold)
    assert all(key == str(name).casefold() for name, key in rows)
    assert "ix_contact_name_key" in _schema(empty_url)[1]


BILLED_BY_MIGRATION = "2026-12-07T07:10:00:000000"
"""The migration that adds `letter.billed_by`; the one after it fills it in."""
_INSERT_LETTER = (
    'INSERT INTO "letter" ("id", "tenant", "invoice", "level", "kind", "provider_letter_id", '
    '"status", "sent_on") VALUES ({}, {}, {}, {}, \'standard\', {}, {}, {})'
)
_INSERT_BILL = (
    'INSERT INTO "billing_record" ("id", "tenant", "kind", "idempotency_key", "period_start", '
    '"period_end", "lines", "amount_cents", "status", "created_at") '
    "VALUES ({}, {}, 'letters', {}, {}, {}, '[]', 385, 'paid', {})"
)


async def _letters_billed_before(url: str) -> str:
    """A tenant whose November letters were billed: one sent, one refused (when is not known),
    and one of December, not billed yet."""
    database = Database.connect(url, SECRET_KEY)
    await database.start()
    try:
        tenant_id, invoice_id = await _invoice_stored_before(database)
        key = f"letters:{tenant_id}:2026-11"
        nov_1, nov_30 = date(2026, 11, 1), date(2026, 11, 30)
        await IdempotencyKey.raw(_INSERT_BILL, uuid4(), tenant_id, key, nov_1, nov_30, NOW)
        for level, status, day in (
            ("M1", "sent", date(2026, 11, 20)),
            ("M2", "failed", date(2026, 11, 27)),
            ("M3", "submitted", date(2026, 12, 2)),
        ):
            await IdempotencyKey.raw(
                _INSERT_LETTER, uuid4(), tenant_id, invoice_id, level, f"l-{level}", status, day
            )
    finally:
        await database.stop()
    return key


def test_letters_billed_before_the_migration_are_on_their_bill(empty_url: str) -> None:
    """So that one refused after its bill is credited; one refused already is not (it may have
    been refused before the bill, which then did not count it)."""
    _migrate_up_to(empty_url, _migration_before(BILLED_BY_MIGRATION))
    key = asyncio.run(_letters_billed_before(empty_url))
    assert run_cli("migrate", database_url=empty_url).returncode == 0
    rows = _sql(empty_url, 'SELECT "level", "billed_by" FROM "letter" ORDER BY "level"')
    assert [tuple(row) for row in rows] == [("M1", key), ("M2", None), ("M3", None)]


FLAT_FEE_MIGRATION = "2026-12-07T10:40:00:000000"
"""The migration that adds `sent_message.carried_flat_fee`; the one after it fills it in."""


def _recorded(fees: tuple[Charge, ...], items: tuple[InvoiceLine, ...] = ()) -> str | None:
    """What a message was rendered from, as the claim records it."""
    facts = MessageFacts(
        "Kunde", "RE-1", TODAY, TODAY, 119_00, 119_00, 30, fees, "Firma", "IBAN", items
    )
    return encoded(RenderedFrom(facts, "de"))


_FLAT = Charge("Verzugspauschale", 40_00, "einmalig 40,00 EUR", kind=ChargeKind.FLAT_FEE)
_INTEREST = Charge("Verzugszinsen", 1_23, "30 Tage", kind=ChargeKind.INTEREST)


async def _messages_stored_before_their_flat_fee(url: str) -> None:
    """One invoice's messages as stored before: without recorded facts; with lines but no flat
    fee; with the flat fee; and in a message for two invoices where only the other one's line
    holds it."""
    database = Database.connect(url, SECRET_KEY)
    await database.start()
    try:
        tenant_id, invoice_id = await _invoice_stored_before(database)
        other = InvoiceLine("RE-9", TODAY, TODAY, 50_00, (_FLAT,))
        mine = InvoiceLine("RE-1", TODAY, TODAY, 119_00, (_INTEREST,))
        for n, (level, recorded) in enumerate(
            (
                ("R1", None),
                ("R2", _recorded((_INTEREST,))),
                ("M1", _recorded((_INTEREST, _FLAT))),
                ("M2", _recorded((_FLAT, _INTEREST), (other, mine))),
            )
        ):
            day = TODAY + timedelta(days=n)
            await IdempotencyKey.raw(
                _INSERT_MESSAGE,
                uuid4(),
                tenant_id,
                invoice_id,
                level,
                "sent",
                f"<{n}>",
                NOW,
                day,
                recorded,
            )
    finally:
        await database.stop()


def test_messages_stored_before_know_from_their_facts_whether_they_carried_the_flat_fee(
    empty_url: str,
) -> None:
    """Rule 7's flat fee is claimed by the message that carried it: the messages already stored
    get it from what they were rendered from (in a message for several invoices, their own
    invoice's line); one without recorded facts stays unknown (null)."""
    _migrate_up_to(empty_url, _migration_before(FLAT_FEE_MIGRATION))
    asyncio.run(_messages_stored_before_their_flat_fee(empty_url))
    done = run_cli("migrate", database_url=empty_url)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = _sql(empty_url, 'SELECT "level", "carried_flat_fee" FROM "sent_message"')
    found = {level: None if flat is None else bool(flat) for level, flat in rows}
    assert found == {"R1": None, "R2": False, "M1": True, "M2": False}

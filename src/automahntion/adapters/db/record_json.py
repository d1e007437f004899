"""Records as PostgreSQL writes them in JSON for msgspec to decode: each defined once.

The one-statement readers (`invoice_list.PostgresInvoiceList`, `cycle_reads.PostgresCycleReads`
and `PostgresDayReads`) have PostgreSQL write their rows as JSON objects in the shape of our
records (`StoredInvoice`, `StoredContact`, …), which msgspec decodes into those records directly.
A `Shape` names, for each field of the record, the SQL that gives it and the columns it reads,
and the table's columns it leaves out on purpose; `tests/unit/test_record_json.py` holds every
shape against its table and record, so a column added to a table, or a field to a record,
fails there instead of being silently left out (or given its default) by one reader.
"""

from __future__ import annotations

from dataclasses import dataclass

from piccolo.table import Table

from automahntion.adapters.db.tables import Contact as ContactRow
from automahntion.adapters.db.tables import DunningDocument as DocumentRow
from automahntion.adapters.db.tables import Invoice as InvoiceRow
from automahntion.adapters.db.tables import Letter as LetterRow
from automahntion.adapters.db.tables import LevelSetting as LevelRow
from automahntion.adapters.db.tables import SentMessage as MessageRow
from automahntion.app.invoices.records import StoredContact, StoredInvoice
from automahntion.app.messages.records import SentMessage
from automahntion.app.post.records import LetterRecord, StoredDocument
from automahntion.domain.invoices import Invoice
from automahntion.domain.levels import LevelSetting
from automahntion.domain.pauses import Pause
from automahntion.domain.recipients import Contact
from automahntion.domain.salutation import Addressee

UTC_TIMESTAMP = """to_char({} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""
"""A timestamp as JSON in UTC whatever the session's time zone, as asyncpg gives it."""


@dataclass(frozen=True)
class Field:
    """One field of a record: its name, the SQL of its value (`{t}`: the table's alias) and the
    columns that SQL reads."""

    name: str
    sql: str
    columns: tuple[str, ...]
    shape: Shape | None = None
    """For a field that is a record of its own."""


def column(name: str, field: str | None = None) -> Field:
    return Field(field or name, "{t}." + name, (name,))


def timestamp(name: str, field: str | None = None) -> Field:
    return Field(field or name, UTC_TIMESTAMP.format("{t}." + name), (name,))


def record(name: str, shape: Shape, when: str | None = None) -> Field:
    """A record within the record; null unless `when` holds (SQL, `{t}` the alias)."""
    sql = shape.object_sql()
    if when is not None:
        sql = f"CASE WHEN {when} THEN {sql} END"
    return Field(name, sql, shape.columns, shape)


@dataclass(frozen=True)
class Shape:
    record: type
    """The dataclass the JSON object decodes into."""
    fields: tuple[Field, ...]
    table: type[Table] | None = None
    """The table a top-level record is read from, with `unread`: the columns it leaves out."""
    unread: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c for f in self.fields for c in f.columns))

    def object_sql(self, alias: str = "{t}", nulls: tuple[str, ...] = ()) -> str:
        """The record as a JSON object of a row (a row's record: fewer calls than building the
        object key by key); the fields named in `nulls` written as null (a reader that reads
        them on their own)."""
        values = ", ".join(
            f"{'NULL' if f.name in nulls else f.sql} AS {f.name}" for f in self.fields
        )
        return f"(SELECT r FROM (SELECT {values}) r)".replace("{t}", alias)

    def list_sql(self, alias: str, source: str, order: str = "") -> str:
        """All rows of `source` (`FROM …` with `alias`) as one JSON array, `[]` for none.

        The rows come to `json_agg` in `order` from a sorted subquery, each a row of that
        subquery (a row's JSON object as `object_sql` gives it): `json_agg(… ORDER BY …)` sorted
        a copy of every row's record inside the aggregate, which cost PostgreSQL about a sixth
        of the invoice page's statement (`invoice_list`). A plain aggregate over a sorted
        subquery takes its rows in that order while nothing at its own level (a join) reorders
        them, as PostgreSQL's documentation of aggregates says; `json_agg` has no partial
        (parallel) form that could."""
        values = ", ".join(f"{f.sql} AS {f.name}" for f in self.fields).replace("{t}", alias)
        ordered = f" ORDER BY {order}" if order else ""
        return f"(SELECT COALESCE(json_agg(r), '[]') FROM (SELECT {values} {source}{ordered}) r)"


def _pause_when(prefix: str = "") -> str:
    """As `rows.pause_of`: a pause once its reason is not empty."""
    return "{t}." + prefix + "pause_reason <> ''"


PAUSE = Shape(Pause, (column("pause_reason", "reason"), column("pause_until", "until")))

STORED_INVOICE = Shape(
    StoredInvoice,
    (
        column("id"),
        record(
            "invoice",
            Shape(
                Invoice,
                (
                    column("lexoffice_id"),
                    column("voucher_number"),
                    column("voucher_date"),
                    column("due_date"),
                    column("total_cents"),
                    column("open_cents"),
                    column("contact_lexoffice_id", "contact_id"),
                    column("status"),
                    column("kind"),
                    Field(
                        "language",
                        "CASE WHEN {t}.language_read THEN {t}.language END",
                        ("language", "language_read"),
                    ),
                    column("unusable_detail", "unusable"),
                    timestamp("lexoffice_updated_at", "changed_at"),
                ),
            ),
        ),
        column("admission"),
        column("blocked_reason", "blocked"),
        record("pause", PAUSE, _pause_when()),
        timestamp("handed_over_at"),
    ),
    InvoiceRow,
    unread=("tenant", "admitted_at", "synced_at", "updated_at", "block_told_at"),
)

STORED_CONTACT = Shape(
    StoredContact,
    (
        column("id"),
        record(
            "contact",
            Shape(
                Contact,
                (
                    column("lexoffice_id"),
                    column("name"),
                    column("emails"),
                    column("kind"),
                    column("unusable_detail", "unusable"),
                    record(
                        "addressee",
                        Shape(Addressee, (column("title"), column("last_name"))),
                        "{t}.title IS NOT NULL AND {t}.last_name IS NOT NULL",
                    ),
                ),
            ),
        ),
        column("postal_address"),
        record("pause", PAUSE, _pause_when()),
    ),
    ContactRow,
    unread=("tenant", "version", "synced_at", "updated_at", "name_key"),
)

STORED_DOCUMENT = Shape(
    StoredDocument,
    (
        column("id"),
        column("invoice", "invoice_id"),
        column("level"),
        column("source"),
        column("state"),
        timestamp("created_at"),
        column("lexoffice_dunning_id"),
        column("file_ref"),
        column("content_type"),
    ),
    DocumentRow,
    unread=("tenant",),
)

LETTER = Shape(
    LetterRecord,
    (
        column("invoice", "invoice_id"),
        column("level"),
        column("kind"),
        column("provider_letter_id"),
        column("status", "state"),
        column("sent_on"),
        column("tracking_code"),
        column("status_reason"),
        timestamp("status_changed_at"),
        column("billed_by"),
    ),
    LetterRow,
    unread=("id", "tenant"),
)

SENT_MESSAGE = Shape(
    SentMessage,
    (
        column("id"),
        column("invoice", "invoice_id"),
        column("level"),
        column("channel"),
        column("state"),
        column("message_id"),
        column("sent_on", "day"),
        timestamp("claimed_at"),
        column("attempts"),
        column("recipient_domain"),
        column("transport_message_id"),
        column("template_version", "template_version_id"),
        column("content_sha256"),
        column("failure_reason"),
        column("letter_tracking_code"),
        timestamp("finished_at"),
        timestamp("going_out_at"),
    ),
    MessageRow,
    unread=("tenant", "rendered_from", "carried_flat_fee"),
)
"""`failure_reason` is the stored text (`Reason.decode` reads it): decoded as `StoredMessage`.
`carried_flat_fee` is read with the history only (`cycle_reads`, `messages.history_of`)."""

LEVEL_SETTING = Shape(
    LevelSetting,
    (
        column("level"),
        column("enabled"),
        column("days_after_due"),
        column("by_post"),
        column("registered"),
        column("fee_cents"),
        column("payment_days"),
    ),
    LevelRow,
    unread=("id", "tenant"),
)
"""Also read as rows of values in this order (`levels.level_settings`)."""

SHAPES = (STORED_INVOICE, STORED_CONTACT, STORED_DOCUMENT, LETTER, SENT_MESSAGE, LEVEL_SETTING)


def values_sql(shape: Shape, alias: str) -> str:
    """The shape's fields as a list of SQL values, in its order (for ROW(…) or arrays)."""
    return ", ".join(f.sql for f in shape.fields).replace("{t}", alias)

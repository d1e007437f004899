"""A tenant's contacts: only what dunning needs (name, kind, e-mail addresses, postal address)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

import msgspec

from automahntion.adapters.db.repositories.reads import Row, SelectRows
from automahntion.adapters.db.repositories.rows import (
    encode_json,
    insert_batches,
    pause_columns,
    pause_of,
)
from automahntion.adapters.db.tables import Contact as ContactRow
from automahntion.adapters.db.tables import Invoice as InvoiceRow
from automahntion.app.errors import NotFound
from automahntion.app.invoices.contacts import SEPARATOR
from automahntion.app.invoices.records import StoredContact
from automahntion.domain.invoices import CLOSED_STATUSES
from automahntion.domain.pauses import Pause
from automahntion.domain.recipients import Contact, DebtorKind, EmailAddresses
from automahntion.domain.salutation import Addressee, Title

_STORED = (
    ContactRow.id,
    ContactRow.lexoffice_id,
    ContactRow.name,
    ContactRow.kind,
    ContactRow.emails,
    ContactRow.postal_address,
    ContactRow.pause_reason,
    ContactRow.pause_until,
    ContactRow.unusable_detail,
    ContactRow.title,
    ContactRow.last_name,
)
"""What `_stored` reads (read for every cycle: no tenant, version or sync time to decode)."""
_STORED_NAMES = tuple(c._meta.db_column_name for c in _STORED)
_EMAILS = msgspec.json.Decoder(EmailAddresses)
_POSTAL = msgspec.json.Decoder(dict[str, str])
_KINDS = {k.value: k for k in DebtorKind}
_TITLES = {t.value: t for t in Title}


def _addressee(title: str | None, last_name: str | None) -> Addressee | None:
    return Addressee(_TITLES[title], last_name) if title and last_name else None


def _stored(row: Row) -> StoredContact:
    return stored_contact(*(row[name] for name in _STORED_NAMES))


def stored_contact(
    ident: UUID,
    lexoffice_id: str,
    name: str,
    kind: str,
    emails: str,
    postal: str | None,
    pause_reason: str | None,
    pause_until: date | None,
    unusable: str | None,
    title: str | None,
    last_name: str | None,
) -> StoredContact:
    """Called for every contact of a tenant's invoices each cycle: decoders are built once and
    enum members looked up, not constructed. The arguments are `_STORED`'s columns."""
    return StoredContact(
        ident,
        Contact(
            lexoffice_id,
            name,
            _EMAILS.decode(emails),
            _KINDS[kind],
            unusable,
            _addressee(title, last_name),
        ),
        _POSTAL.decode(postal) if postal else None,
        pause_of(pause_reason, pause_until),
    )


_CLOSED = sorted(status.value for status in CLOSED_STATUSES)
_UUID_DIGITS = "0123456789abcdef"
_UUID_LENGTH = 36
_HYPHENS = frozenset({8, 13, 18, 23})


def _uuid_characters(at: int) -> str:
    return "-" if at in _HYPHENS else _UUID_DIGITS


def _least_uuid_above(text: str) -> tuple[UUID, bool] | None:
    """The least id whose text (`str(UUID)`) is greater than `text` as text, and whether
    that id is itself excluded (the ids above it are greater): (id, True) for "greater than
    id", (id, False) for "at least id"; None when no id's text is greater."""
    text = text.split(SEPARATOR, 1)[0]
    for at, char in enumerate(text[:_UUID_LENGTH]):
        if char not in _uuid_characters(at):
            break
    else:
        if len(text) >= _UUID_LENGTH:
            return UUID(text[:_UUID_LENGTH]), True
        fill = "".join(_uuid_characters(n)[0] for n in range(len(text), _UUID_LENGTH))
        return UUID(text + fill), False
    for back in range(at, -1, -1):
        above = [c for c in _uuid_characters(back) if c > text[back]]
        if above:
            fill = "".join(_uuid_characters(n)[0] for n in range(back + 1, _UUID_LENGTH))
            return UUID(text[:back] + above[0] + fill), False
    return None


def _after(after: str) -> Any:
    """Contacts whose position (`app.invoices.contacts.position`: name key, NUL, id) is greater
    than `after` as text, for any text (every cursor the schema admits names a place): a key
    before `after`'s first NUL is compared with the name key, the rest with the id's text."""
    key, separator, rest = after.partition(SEPARATOR)
    if not separator:
        return ContactRow.name_key >= key
    bound = _least_uuid_above(rest)
    if bound is None:
        return ContactRow.name_key > key
    ident, excluded = bound
    same_key = ContactRow.id > ident if excluded else ContactRow.id >= ident
    return (ContactRow.name_key > key) | ((ContactRow.name_key == key) & same_key)


class PiccoloContactRepository:
    def __init__(self, tenant_id: UUID, select_rows: SelectRows) -> None:
        self._tenant = tenant_id
        self._select_rows = select_rows

    def _mine(self) -> Any:
        return ContactRow.tenant == self._tenant

    async def upsert(
        self, contacts: Sequence[Contact], postal: Mapping[str, dict[str, str]] | None = None
    ) -> None:
        if not contacts:
            return
        postal = postal or {}
        # One row per key, as last listed: PostgreSQL refuses an upsert holding a key twice.
        rows = [
            ContactRow(
                tenant=self._tenant,
                lexoffice_id=c.lexoffice_id,
                name=c.name,
                name_key=c.name.casefold(),
                kind=c.kind.value,
                emails=encode_json(c.emails),
                postal_address=encode_json(postal[c.lexoffice_id])
                if c.lexoffice_id in postal
                else None,
                unusable_detail=c.unusable,
                title=c.addressee.title.value if c.addressee else None,
                last_name=c.addressee.last_name if c.addressee else None,
            )
            for c in {c.lexoffice_id: c for c in contacts}.values()
        ]
        for batch in insert_batches(rows, ContactRow):
            await ContactRow.insert(*batch).on_conflict(
                target=(ContactRow.tenant, ContactRow.lexoffice_id),
                action="DO UPDATE",
                values=[
                    ContactRow.name,
                    ContactRow.name_key,
                    ContactRow.kind,
                    ContactRow.emails,
                    ContactRow.postal_address,
                    ContactRow.unusable_detail,
                    ContactRow.title,
                    ContactRow.last_name,
                ],
            )

    async def get(self, lexoffice_id: str) -> StoredContact:
        row = (
            await ContactRow.select()
            .where(self._mine() & (ContactRow.lexoffice_id == lexoffice_id))
            .first()
        )
        if row is None:
            raise NotFound("contact", lexoffice_id)
        return _stored(row)

    async def get_many(self, lexoffice_ids: Sequence[str]) -> dict[str, StoredContact]:
        if not lexoffice_ids:
            return {}
        rows = await self._select_rows(
            ContactRow,
            {ContactRow.tenant: self._tenant},
            among={ContactRow.lexoffice_id: lexoffice_ids},
            columns=_STORED,
        )
        return {row["lexoffice_id"]: _stored(row) for row in rows}

    async def by_id(self, contact_id: UUID) -> StoredContact:
        row = await ContactRow.select().where(self._mine() & (ContactRow.id == contact_id)).first()
        if row is None:
            raise NotFound("contact", contact_id)
        return _stored(row)

    async def all(self) -> list[StoredContact]:
        rows = await ContactRow.select().where(self._mine()).order_by(ContactRow.name)
        return [_stored(row) for row in rows]

    async def page(
        self, *, limit: int, after: str | None, updated_since: datetime | None
    ) -> tuple[list[StoredContact], bool]:
        """One more row than the page holds, read in the order of (`name_key`, id) from the
        index on (tenant, name_key, id): it tells whether another page follows."""
        where = self._mine()
        if after is not None:
            where &= _after(after)
        if updated_since is not None:
            via_invoices = InvoiceRow.select(InvoiceRow.contact_lexoffice_id).where(
                (InvoiceRow.tenant == self._tenant)
                & InvoiceRow.contact_lexoffice_id.is_not_null()
                & (InvoiceRow.updated_at >= updated_since)
            )
            where &= (ContactRow.updated_at >= updated_since) | ContactRow.lexoffice_id.is_in(
                via_invoices
            )
        rows = (
            await ContactRow.select(*_STORED)
            .where(where)
            .order_by(ContactRow.name_key, ContactRow.id)
            .limit(limit + 1)
        )
        return [_stored(row) for row in rows[:limit]], len(rows) > limit

    async def open_invoices(self, lexoffice_ids: Sequence[str]) -> dict[str, int]:
        """How many invoices of each of these contacts are still owed (`Invoice.still_owed`)."""
        if not lexoffice_ids:
            return {}
        rows = await InvoiceRow.select(InvoiceRow.contact_lexoffice_id).where(
            (InvoiceRow.tenant == self._tenant)
            & InvoiceRow.contact_lexoffice_id.is_in(list(lexoffice_ids))
            & (InvoiceRow.open_cents > 0)
            & InvoiceRow.status.not_in(_CLOSED)
        )
        return dict(Counter(row["contact_lexoffice_id"] for row in rows))

    async def unusable(self) -> list[str]:
        rows = await ContactRow.select(ContactRow.lexoffice_id).where(
            self._mine() & ContactRow.unusable_detail.is_not_null()
        )
        return [row["lexoffice_id"] for row in rows]

    async def set_pause(self, lexoffice_id: str, pause: Pause | None) -> None:
        reason, until = pause_columns(pause)
        changed = (
            await ContactRow.update(
                {ContactRow.pause_reason: reason, ContactRow.pause_until: until}
            )
            .where(self._mine() & (ContactRow.lexoffice_id == lexoffice_id))
            .returning(ContactRow.id)
        )
        if not changed:
            raise NotFound("contact", lexoffice_id)

    async def changed_since(self, at: datetime) -> set[str]:
        own = await ContactRow.select(ContactRow.lexoffice_id).where(
            self._mine() & (ContactRow.updated_at >= at)
        )
        via_invoices = await InvoiceRow.select(InvoiceRow.contact_lexoffice_id).where(
            (InvoiceRow.tenant == self._tenant)
            & InvoiceRow.contact_lexoffice_id.is_not_null()
            & (InvoiceRow.updated_at >= at)
        )
        return {row["lexoffice_id"] for row in own} | {
            row["contact_lexoffice_id"] for row in via_invoices
        }

"""Ports: one tenant's copy of its contacts and invoices, its levels and templates, and the reads
the cycle makes of them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from automahntion.app.invoices.criteria import InvoiceCriteria
from automahntion.app.invoices.records import (
    AdmissionUpdate,
    CycleSetup,
    StoredContact,
    StoredInvoice,
    TenantBook,
)
from automahntion.domain.invoices import Invoice
from automahntion.domain.levels import Level, LevelSetting
from automahntion.domain.pauses import Pause
from automahntion.domain.recipients import Contact
from automahntion.domain.templates import LevelTemplates, TemplateVersion


class ContactRepository(Protocol):
    async def upsert(
        self, contacts: Sequence[Contact], postal: Mapping[str, dict[str, str]] | None = None
    ) -> None: ...
    async def get(self, lexoffice_id: str) -> StoredContact: ...
    async def get_many(self, lexoffice_ids: Sequence[str]) -> dict[str, StoredContact]: ...
    async def by_id(self, contact_id: UUID) -> StoredContact:
        """By our own id; raises `NotFound` for an unknown id or another tenant's."""
        ...

    async def all(self) -> list[StoredContact]: ...
    async def page(
        self, *, limit: int, after: str | None, updated_since: datetime | None
    ) -> tuple[list[StoredContact], bool]:
        """Up to `limit` contacts in the order of `contacts.position`, those after `after` (any
        text: compared with the positions as text), and whether more follow. `updated_since`:
        only those changed at or after it, or one of whose invoices changed."""
        ...

    async def open_invoices(self, lexoffice_ids: Sequence[str]) -> dict[str, int]:
        """How many invoices of each of these contacts are still owed (none: left out)."""
        ...

    async def unusable(self) -> list[str]:
        """The lexoffice ids of the contacts whose record could not be used."""
        ...

    async def set_pause(self, lexoffice_id: str, pause: Pause | None) -> None: ...
    async def changed_since(self, at: datetime) -> set[str]:
        """The lexoffice ids of the contacts changed at or after `at` (by the database's
        clock), or one of whose invoices changed."""
        ...


class InvoiceRepository(Protocol):
    async def upsert(self, invoices: Sequence[Invoice], now: datetime) -> None:
        """Insert new ones, update known ones by lexoffice id; our own state stays."""
        ...

    async def get(self, invoice_id: UUID) -> StoredInvoice: ...
    async def by_lexoffice_id(self, lexoffice_id: str) -> StoredInvoice: ...
    async def all(self) -> list[StoredInvoice]: ...
    async def blocked(self) -> list[StoredInvoice]:
        """The invoices blocked for any reason, in the order of their due dates."""
        ...

    async def page(
        self, criteria: InvoiceCriteria, *, limit: int, after: str | None
    ) -> tuple[list[StoredInvoice], bool]:
        """Up to `limit` invoices matching `criteria` in `position` order, after the position
        `after` (any text: it names a place in the order); and whether more follow."""
        ...

    async def numbers(self, invoice_ids: Sequence[UUID]) -> dict[UUID, str]:
        """Voucher numbers by invoice id; ids the tenant does not have are left out."""
        ...

    async def apply_admission(self, updates: Sequence[AdmissionUpdate], now: datetime) -> None:
        """Stores the outcomes; a block changed (set, lifted, or another reason) is no longer
        told (`tell_blocks`)."""
        ...

    async def tell_blocks(self, lexoffice_ids: Sequence[str], now: datetime) -> frozenset[str]:
        """Of these invoices, those blocked and not told of it yet, now marked told: the ones
        to tell the owner of. An admission of the same tenant at the same moment finds them
        told (each block is told once)."""
        ...

    async def set_pause(self, invoice_id: UUID, pause: Pause | None) -> None: ...
    async def set_language(self, lexoffice_id: str, language: str) -> None:
        """The invoice's language as read from lexoffice; kept by later syncs."""
        ...

    async def hand_over(self, invoice_id: UUID, at: datetime | None) -> None:
        """Marked handed over at `at`; None takes the hand-over back."""
        ...


class LevelRepository(Protocol):
    async def settings(self) -> list[LevelSetting]:
        """The stored levels; empty for a tenant that kept the defaults."""
        ...

    async def replace_settings(self, levels: Sequence[LevelSetting]) -> None: ...
    async def add_template_version(
        self, level: Level, templates: LevelTemplates, now: datetime
    ) -> TemplateVersion: ...
    async def current_templates(self) -> dict[Level, tuple[UUID, TemplateVersion]]: ...
    async def template_version(self, version_id: UUID) -> TemplateVersion: ...
    async def template_versions(
        self, level: Level, after: int, limit: int
    ) -> list[TemplateVersion]:
        """Up to `limit` versions of `level`'s templates numbered above `after`, oldest first."""
        ...

    async def latest_template_version(self, level: Level) -> int:
        """The number of `level`'s newest version; 0 while it has none. Versions are only
        ever added, so this number changes whenever the history does."""
        ...


class CycleReads(Protocol):
    async def setup(self) -> CycleSetup:
        """The tenant, its levels, current templates and message history, as `account.get`,
        `levels.settings`, `levels.current_templates` and `messages.history` give them, read
        together (on PostgreSQL in one query: the cycle reads them for every tenant)."""
        ...

    async def day(self) -> tuple[CycleSetup, TenantBook]:
        """`setup` and the tenant's invoices with the contacts they name (as `invoices.all` and
        `contacts.get_many` give them), on PostgreSQL in one query."""
        ...


class DayReads(Protocol):
    async def day(self, tenant_id: UUID, *, texts: bool = True) -> tuple[CycleSetup, TenantBook]:
        """`CycleReads.day` outside a unit of work, for a day that writes nothing: one
        statement, consistent on its own, without the round trips of a transaction around it.
        Without `texts`, the setup's `templates` are left unread (empty). Raises `NotFound`."""
        ...

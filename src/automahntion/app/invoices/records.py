"""The tenant's copy of its invoices and contacts, with what the cycle reads of them and their
quota admission (rule 4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from automahntion.app.tenants.records import Tenant
from automahntion.domain.escalation import SentLevel
from automahntion.domain.invoices import Invoice
from automahntion.domain.levels import Level, LevelSetting
from automahntion.domain.pauses import Pause
from automahntion.domain.recipients import BlockReason, Contact
from automahntion.domain.templates import TemplateVersion


class AdmissionState(StrEnum):
    """Whether an invoice holds a slot of the month's quota (`admitted`), waits for one
    (`waiting`), or needs none (`none`: not overdue, or paid)."""

    ADMITTED = "admitted"
    WAITING = "waiting"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class StoredContact:
    id: UUID
    contact: Contact
    postal_address: dict[str, str] | None = None
    pause: Pause | None = None


@dataclass(frozen=True, slots=True)
class StoredInvoice:
    id: UUID
    invoice: Invoice
    admission: AdmissionState = AdmissionState.NONE
    blocked: BlockReason | None = None
    pause: Pause | None = None
    handed_over_at: datetime | None = None


@dataclass(frozen=True)
class TenantBook:
    """A tenant's invoices (with their admission as stored now) and their contacts."""

    invoices: list[StoredInvoice]
    """In the order of their due dates."""
    contacts: dict[str, StoredContact]
    """The contacts the invoices name, by lexoffice id."""


@dataclass(frozen=True)
class CycleSetup:
    """What a dunning cycle reads of a tenant beside its invoices and contacts."""

    tenant: Tenant
    levels: list[LevelSetting]
    """The stored levels, in rank order; empty for a tenant that kept the defaults."""
    templates: dict[Level, tuple[UUID, TemplateVersion]]
    """Each level's current template version (and its id)."""
    history: dict[UUID, list[SentLevel]]
    """Claimed and sent levels per invoice, as `MessageRepository.history` gives them."""


@dataclass(frozen=True)
class AdmissionUpdate:
    """The outcome of admission and recipient checks for one invoice, to be stored."""

    lexoffice_id: str
    admission: AdmissionState
    blocked: BlockReason | None

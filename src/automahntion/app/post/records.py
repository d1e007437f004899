"""The documents made for dunning notices and the letters posted, as stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from automahntion.app.post.provider import LetterState
from automahntion.domain.levels import Level
from automahntion.domain.prices import LetterKind


class DocumentState(StrEnum):
    """A dunning document: asked for, created, or in an unknown state (a request whose answer was
    lost)."""

    REQUESTED = "requested"
    """Recorded before lexoffice was asked: a crash here leaves it for review."""
    CREATED = "created"
    UNCERTAIN = "uncertain"
    """lexoffice may or may not have created it (e.g. 504): never created again blindly."""


@dataclass(frozen=True)
class StoredDocument:
    id: UUID
    invoice_id: UUID
    level: Level
    source: str
    state: DocumentState
    created_at: datetime
    lexoffice_dunning_id: str | None = None
    file_ref: str | None = None
    content_type: str = "application/pdf"


@dataclass(frozen=True)
class LetterRecord:
    """A dunning notice the postal provider took as a letter; what the monthly bill counts."""

    invoice_id: UUID
    level: Level
    kind: LetterKind
    provider_letter_id: str | None
    """None for a letter taken without the provider's answer (`LetterState.UNKNOWN`)."""
    state: LetterState
    sent_on: date
    tracking_code: str | None = None
    status_reason: str | None = None
    """The provider's words with the report that set `state`, where it gave some (what action
    a held letter needs, why it was refused or could not be delivered)."""
    status_changed_at: datetime | None = None
    """The provider's time of the report that set `state`; None while it is as posted."""
    billed_by: str | None = None
    """The key of the month's letter bill that counted it; None before the bill."""

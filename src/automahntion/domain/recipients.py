"""Who receives the messages for an invoice, or why nobody can (rule 2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from automahntion.domain.salutation import Addressee


class RecipientPolicy(StrEnum):
    """Which of a contact's addresses dunning writes to: the first available one, or business
    addresses only."""

    FIRST_AVAILABLE = "first_available"
    """The first business address; without one, the first of office, private, other."""
    BUSINESS_ONLY = "business_only"
    """Only a business address counts (the strict rule)."""


class BlockReason(StrEnum):
    """Why an invoice cannot be dunned: no e-mail address, no contact, an address a letter cannot
    be printed for, or a record that cannot be read."""

    MISSING_EMAIL = "missing_email"
    NO_CONTACT = "no_contact"
    ADDRESS_NOT_PRINTABLE = "address_not_printable"
    """The next notice goes by post and the contact's postal address cannot be printed: that
    letter waits (the invoice keeps its quota slot, unlike the two e-mail blocks)."""
    UNUSABLE_RECORD = "unusable_record"
    """lexoffice's record of the invoice or of its contact cannot be used (rule 2)."""


class DebtorKind(StrEnum):
    BUSINESS = "business"
    CONSUMER = "consumer"


@dataclass(frozen=True, slots=True)
class EmailAddresses:
    """A lexoffice contact's `emailAddresses`, each list in lexoffice's order.

    Contact persons' addresses are deliberately absent: they are never used.
    """

    business: tuple[str, ...] = ()
    office: tuple[str, ...] = ()
    private: tuple[str, ...] = ()
    other: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Contact:
    lexoffice_id: str
    name: str
    emails: EmailAddresses = field(default_factory=EmailAddresses)
    kind: DebtorKind = DebtorKind.BUSINESS
    unusable: str | None = None
    """Why lexoffice's record of the contact cannot be used, in words (None: it can)."""
    addressee: Addressee | None = None
    """Set for a person lexoffice gives with a title ("Frau", "Herr") and a last name."""


@dataclass(frozen=True, slots=True)
class Recipient:
    address: str


@dataclass(frozen=True, slots=True)
class Blocked:
    reason: BlockReason


UNUSABLE = Blocked(BlockReason.UNUSABLE_RECORD)


def unusable_detail(invoice_problem: str | None, contact: Contact | None) -> str | None:
    """Why an invoice is blocked as `unusable_record`: its own record first, then its contact's."""
    return invoice_problem or (contact.unusable if contact is not None else None)


def _usable(addresses: tuple[str, ...]) -> str | None:
    for address in addresses:
        cleaned = address.strip()
        if "@" in cleaned and "\r" not in cleaned and "\n" not in cleaned:
            return cleaned
    return None


def choose_recipient(contact: Contact | None, policy: RecipientPolicy) -> Recipient | Blocked:
    """The address to write to. `None` stands for the collective contact or a one-time address."""
    if contact is None:
        return Blocked(BlockReason.NO_CONTACT)
    if contact.unusable is not None:
        return UNUSABLE
    groups = [contact.emails.business]
    if policy is RecipientPolicy.FIRST_AVAILABLE:
        groups += [contact.emails.office, contact.emails.private, contact.emails.other]
    for group in groups:
        address = _usable(group)
        if address is not None:
            return Recipient(address)
    return Blocked(BlockReason.MISSING_EMAIL)

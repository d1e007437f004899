"""Which blocked invoices the owner must hear of, and in which words: an overdue invoice whose
lexoffice record (of the invoice or of its contact) cannot be read (`unusable_record`), or whose
contact has no usable e-mail address (`missing_email`). Such an invoice is never dunned; the
owner can mend both in lexoffice, and the next sync or `contact.changed` event picks it up.

Not the owner's matter: an invoice without a contact (`no_contact`: a collective contact or a
one-time address, which a finalized invoice in lexoffice keeps), one not overdue, paid or with a
payment under way, one before the sync start date, one paused (the invoice, its contact or the
whole account) or handed over."""

from __future__ import annotations

from datetime import date

from automahntion.app.invoices.records import StoredContact, StoredInvoice
from automahntion.app.tenants.records import Tenant
from automahntion.domain.pauses import active_pause
from automahntion.domain.recipients import BlockReason, RecipientPolicy, unusable_detail

OWNER_CAN_MEND = frozenset({BlockReason.UNUSABLE_RECORD, BlockReason.MISSING_EMAIL})


def dunned_but_for_its_block(
    stored: StoredInvoice, contact: StoredContact | None, tenant: Tenant, today: date
) -> bool:
    """Overdue, after the sync start date, not handed over and not paused (the invoice, its
    contact or the whole account): what stops it, if anything, is the owner's to mend."""
    return (
        stored.invoice.is_overdue(today)
        and not stored.invoice.before_sync_start(tenant.settings.sync_start)
        and stored.handed_over_at is None
        and active_pause((tenant.pause, contact.pause if contact else None, stored.pause), today)
        is None
    )


def needs_owner(
    stored: StoredInvoice, contact: StoredContact | None, tenant: Tenant, today: date
) -> bool:
    """Whether the invoice is blocked for a reason the owner must hear of (see above)."""
    return stored.blocked in OWNER_CAN_MEND and dunned_but_for_its_block(
        stored, contact, tenant, today
    )


def blocked_detail(stored: StoredInvoice, contact: StoredContact | None, tenant: Tenant) -> str:
    """German, for the owner: which invoice is not dunned, why, and what mends it."""
    number = stored.invoice.voucher_number
    if stored.blocked is BlockReason.MISSING_EMAIL:
        kind = (
            "geschäftliche "
            if tenant.settings.recipient_policy is RecipientPolicy.BUSINESS_ONLY
            else ""
        )
        return (
            f"Rechnung {number} ist überfällig, wird aber nicht gemahnt: der Kontakt in "
            f"lexoffice hat keine verwendbare {kind}E-Mail-Adresse. Bitte in lexoffice beim "
            f"Kontakt eine {kind}E-Mail-Adresse eintragen; danach wird die Rechnung gemahnt."
        )
    why = unusable_detail(stored.invoice.unusable, contact.contact if contact else None)
    said = f" ({why})" if why else ""
    return (
        f"Rechnung {number} ist überfällig, wird aber nicht gemahnt: die Angaben in lexoffice "
        f"zur Rechnung oder zu ihrem Kontakt sind nicht lesbar{said}. Bitte in lexoffice prüfen "
        "und berichtigen; sobald ein Abgleich sie lesen kann, wird die Rechnung gemahnt."
    )

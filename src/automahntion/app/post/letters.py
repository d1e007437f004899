"""Use cases around dunning letters by post: the provider's key for a letter, whether a contact's
address can be printed, and the provider's status reports (posting a claimed notice exactly once
is the cycle's: `dunning.send_letter`).

Posting follows the e-mail protocol: the notice is claimed (`sending`) before the upload. The
provider's idempotency key is derived from (tenant, invoice, level), so a retry after
`PostalUnavailable` — even on a later day — can never post a second letter. A key the provider
already used for another upload (a retry after an answer lost, or after the owner resolved such
a hand-over as not sent) means the provider holds the notice already: it counts as sent, with
its provider id unknown (`post.taken_letters`), and is never left for review again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from uuid import UUID

from automahntion.app.events.record import letter_status_changed
from automahntion.app.invoices.records import StoredContact, StoredInvoice
from automahntion.app.messages.records import RETAKEABLE, SentMessage
from automahntion.app.post.provider import LetterEvent
from automahntion.app.post.records import LetterRecord
from automahntion.app.storage import TenantStore, UnitOfWork
from automahntion.app.tenants.records import Tenant, TenantSettings
from automahntion.domain.levels import CatchUp, DunningPolicy, Level, LevelSetting, default_levels
from automahntion.domain.postal_address import PostalAddress, address_problem
from automahntion.domain.prices import LetterKind

SOURCE = "postal"
TAKEN_BEFORE = "the provider already held it (an earlier hand-over), its letter id is not known"
EARLY_EVENTS_KEPT = timedelta(days=30)
"""How long a report for a letter not recorded yet is kept. A letter is recorded seconds after
the provider took it; one still unknown after this never will be (its recording failed and the
notice was left for review, or the provider reports a letter that is not ours)."""


def tenant_policy(tenant: Tenant, levels: Sequence[LevelSetting]) -> DunningPolicy:
    """The tenant's dunning rules: its levels (the defaults when none are stored) and settings."""
    return dunning_policy(tenant.settings, tenant.dunning_active, levels)


def dunning_policy(
    settings: TenantSettings, dunning_active: bool, levels: Sequence[LevelSetting]
) -> DunningPolicy:
    return DunningPolicy.create(
        levels or default_levels(),
        min_gap_days=settings.min_gap_days,
        catch_up=settings.catch_up,
        dunning_active=dunning_active,
    )


def letter_key(tenant_id: UUID, invoice_id: UUID, level: Level) -> str:
    """The provider's idempotency key: the same (tenant, invoice, level) always gets the same."""
    digest = hashlib.sha256(f"letter:{tenant_id}:{invoice_id}:{level}".encode()).hexdigest()
    return f"letter-{level.value.lower()}-{digest[:40]}"


def letter_kind(setting: LevelSetting) -> LetterKind:
    return LetterKind.REGISTERED if setting.registered else LetterKind.STANDARD


def postal_address(stored: dict[str, str] | None) -> PostalAddress | None:
    """lexoffice's billing address (`supplement`, `street`, `zip`, `city`, `countryCode`)."""
    if not stored:
        return None
    return PostalAddress(
        street=stored.get("street", ""),
        zip=stored.get("zip", ""),
        city=stored.get("city", ""),
        country_code=stored.get("countryCode") or "DE",
        supplement=stored.get("supplement", ""),
    )


def contact_letter_problem(contact: StoredContact | None) -> str | None:
    """Why no letter can be printed for this contact (None: one can)."""
    if contact is None:
        return "no contact"
    return address_problem(contact.contact.name, postal_address(contact.postal_address))


def upcoming_level(
    policy: DunningPolicy, sent: Sequence[SentMessage], days_overdue: int
) -> LevelSetting | None:
    """The level the invoice's next notice is written at (as the escalation rules pick it)."""
    counted = [m.level for m in sent if m.state not in RETAKEABLE]
    last = max(counted, key=lambda level: level.rank, default=None)
    candidates = policy.enabled_above(last)
    if not candidates:
        return None
    reached = [s for s in candidates if s.days_after_due <= days_overdue]
    if policy.catch_up is CatchUp.HIGHEST and reached:
        return reached[-1]
    return candidates[0]


async def apply_letter_event(
    units: Callable[[], UnitOfWork], event: LetterEvent, now: datetime
) -> bool:
    """A verified status report: False for a repeat. The state only moves forward; a tracking
    code, once known, is kept. A report for a letter not recorded yet (the provider called back
    before the transaction recording it committed) is kept and applied when it is recorded
    (`apply_early_events`): the provider does not send it again."""
    async with units() as uow:
        await uow.early_letter_events.lock(event.letter_id)
        if not await uow.tenants.record_inbound_event(SOURCE, event.event_id, now):
            return False
        tenant_id = await uow.tenants.tenant_of_letter(event.letter_id)
        known = None
        if tenant_id is not None:
            known = await uow.tenant(tenant_id).letters.by_provider_id(event.letter_id)
        if tenant_id is None or known is None:
            await uow.early_letter_events.keep(event, now)
            return True
        await _applied(uow.tenant(tenant_id), known, event, now)
    return True


async def apply_early_events(
    uow: UnitOfWork, store: TenantStore, letter: LetterRecord, now: datetime
) -> None:
    """In the transaction recording `letter`, after it is stored (its `lock` taken first): the
    reports that came before it (none for a letter whose provider id is unknown)."""
    if letter.provider_letter_id is None:
        return
    for event in await uow.early_letter_events.take(letter.provider_letter_id):
        letter = await _applied(store, letter, event, now)


async def _applied(
    store: TenantStore, known: LetterRecord, event: LetterEvent, now: datetime
) -> LetterRecord:
    moved = known.state.moves_to(event.state)
    tracking = known.tracking_code or event.tracking_code
    if not moved and tracking == known.tracking_code:
        return known
    changed = replace(known, tracking_code=tracking)
    if moved:
        changed = replace(
            changed,
            state=event.state,
            status_reason=event.reason,
            status_changed_at=event.occurred_at,
        )
    await store.letters.update(changed)
    if moved:
        await letter_status_changed(store, changed, known.state, event, now)
    return changed


async def forget_stale_early_events(units: Callable[[], UnitOfWork], now: datetime) -> int:
    """Forgets the reports kept longer than `EARLY_EVENTS_KEPT` (by when they came); how many.
    Their event ids stay taken in, so a re-delivery is still a repeat."""
    async with units() as uow:
        return await uow.early_letter_events.forget_older_than(now - EARLY_EVENTS_KEPT)


@dataclass(frozen=True)
class LetterStanding:
    """What the overview shows of an invoice's letters."""

    letters: dict[UUID, list[LetterRecord]]
    blocked: dict[UUID, str]
    """Invoices whose next notice goes by post to an address that cannot be printed: why."""


async def letter_standing(
    store: TenantStore,
    invoices: Sequence[tuple[StoredInvoice, StoredContact | None, Sequence[SentMessage]]],
    today: date | None,
) -> LetterStanding:
    letters = await store.letters.for_invoices([stored.id for stored, _, _ in invoices])
    tenant = await store.account.get()
    policy = tenant_policy(tenant, await store.levels.settings())
    return LetterStanding(letters, letters_blocked(policy, invoices, today))


@dataclass(frozen=True)
class BlockedLetter:
    """An invoice's next notice goes by post at `level`, to an address that cannot be printed."""

    level: Level
    problem: str

    def __str__(self) -> str:
        return f"{self.level.value} goes by post: {self.problem}"


def blocked_letters(
    policy: DunningPolicy,
    invoices: Iterable[tuple[StoredInvoice, StoredContact | None, Sequence[SentMessage]]],
    today: date | None,
) -> dict[UUID, BlockedLetter]:
    """Invoices whose next notice goes by post to an address that cannot be printed.
    `today` picks the level as `catch_up = highest` would; without it, the next level."""
    if not any(setting.by_post for setting in policy.enabled_above(None)):
        return {}
    blocked = {}
    for stored, contact, sent in invoices:
        invoice = stored.invoice
        if not invoice.still_owed or stored.blocked is not None:
            continue
        days = invoice.days_overdue(today) if today is not None else -1
        upcoming = upcoming_level(policy, sent, days)
        if upcoming is None or not upcoming.by_post:
            continue
        problem = contact_letter_problem(contact)
        if problem is not None:
            blocked[stored.id] = BlockedLetter(upcoming.level, problem)
    return blocked


def letters_blocked(
    policy: DunningPolicy,
    invoices: Iterable[tuple[StoredInvoice, StoredContact | None, Sequence[SentMessage]]],
    today: date | None,
) -> dict[UUID, str]:
    """`blocked_letters` in the overview's words."""
    return {key: str(letter) for key, letter in blocked_letters(policy, invoices, today).items()}

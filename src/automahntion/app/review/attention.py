"""Use cases: what needs the tenant's attention (the API's list), and the daily digest e-mail
that tells the account of it — only on days with something not reported before.

Each source turns stored facts into items; an item's `key` names the fact, so that the digest
can tell news from what it reported already. Adding a kind of trouble means adding a source.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from automahntion.app.clock import Clock
from automahntion.app.lexoffice.records import ConnectionStatus
from automahntion.app.mail.ports import MailTransports, OutgoingMail
from automahntion.app.messages.records import MessageState, SentMessage
from automahntion.app.review.address_attention import unprintable_letter_addresses
from automahntion.app.review.attention_items import (
    AttentionItem,
    AttentionKind,
    Situation,
    Source,
)
from automahntion.app.review.blocked_attention import blocked_invoices
from automahntion.app.review.letter_attention import letters_needing_action
from automahntion.app.review.thank_you_attention import unresolved_thank_yous
from automahntion.app.storage import TenantStore, UnitOfWork
from automahntion.app.tenants.records import Tenant
from automahntion.domain.calendar import berlin_today
from automahntion.domain.freshness import MAX_SYNC_AGE, sync_is_fresh

__all__ = [
    "MESSAGE_KINDS",
    "SOURCES",
    "AttentionItem",
    "AttentionKind",
    "DigestPorts",
    "Situation",
    "Source",
    "attention_items",
    "blocked_invoices",
    "digest_subject",
    "digest_text",
    "disabled_webhook_endpoints",
    "letters_needing_action",
    "lexoffice_connection",
    "messages",
    "send_digest",
    "uncertain_documents",
    "unprintable_letter_addresses",
    "unresolved_thank_yous",
]


def _message_detail(message: SentMessage, number: str, kind: AttentionKind) -> str:
    level = message.level.value
    why = message.failure_reason
    reason = why.german if why else "Grund unbekannt"
    if kind is AttentionKind.MESSAGE_FAILED:
        return f"{level} zu Rechnung {number} wurde nicht versendet: {reason}"
    if kind is AttentionKind.MESSAGE_HELD:
        return (
            f"{level} zu Rechnung {number} wurde zurückgehalten: {reason}. "
            "Sie wird am nächsten Versandtag erneut versucht."
        )
    return (
        f"{level} zu Rechnung {number}: unklar, ob sie versendet wurde. "
        "Bitte prüfen und als versendet oder nicht versendet markieren."
    )


def _message_item(
    message: SentMessage, numbers: dict[UUID, str], kind: AttentionKind
) -> AttentionItem:
    number = numbers.get(message.invoice_id, "?")
    return AttentionItem(
        f"message:{message.id}:{message.state.value}",
        kind,
        _message_detail(message, number, kind),
        message.finished_at or message.claimed_at,
        message.invoice_id,
        number,
        message.level,
        message.failure_reason,
    )


MESSAGE_KINDS = {
    MessageState.FAILED: AttentionKind.MESSAGE_FAILED,
    MessageState.HELD: AttentionKind.MESSAGE_HELD,
    MessageState.SENDING: AttentionKind.MESSAGE_UNRESOLVED,
}


async def messages(situation: Situation) -> list[AttentionItem]:
    states = [state for state, kind in MESSAGE_KINDS.items() if situation.wants(kind)]
    reads = situation.store.attention_reads
    today = berlin_today(situation.now)
    found = await reads.messages(states, today, situation.after, situation.limit)
    numbers = await situation.invoice_numbers({message.invoice_id for message in found})
    return [_message_item(message, numbers, MESSAGE_KINDS[message.state]) for message in found]


async def uncertain_documents(situation: Situation) -> list[AttentionItem]:
    reads = situation.store.attention_reads
    documents = await reads.uncertain_documents(situation.after, situation.limit)
    numbers = await situation.invoice_numbers({d.invoice_id for d in documents})
    return [
        AttentionItem(
            f"document:{d.id}:uncertain",
            AttentionKind.DOCUMENT_UNCERTAIN,
            f"{d.level.value} zu Rechnung {numbers.get(d.invoice_id, '?')} wurde nicht "
            "verschickt: unklar, ob lexoffice das Mahndokument angelegt hat. Bitte als nicht "
            "versendet markieren (sie geht am nächsten Versandtag hinaus), oder als versendet, "
            "wenn Sie sie selbst verschickt haben.",
            d.created_at,
            d.invoice_id,
            numbers.get(d.invoice_id),
            d.level,
        )
        for d in documents
    ]


async def lexoffice_connection(situation: Situation) -> list[AttentionItem]:
    connection = await situation.store.connection.get()
    if connection is None:
        return []
    if connection.status is not ConnectionStatus.CONNECTED:
        lost = connection.disconnected_reason
        reason = f" ({lost.german})" if lost else ""
        return [
            AttentionItem(
                "lexoffice:disconnected",
                AttentionKind.LEXOFFICE_DISCONNECTED,
                f"Die Verbindung zu lexoffice ist getrennt{reason}. Bis Sie sie erneuern, "
                "werden keine Rechnungen abgeglichen und keine Erinnerungen versendet.",
            )
        ]
    last = situation.tenant.last_successful_sync_at
    if sync_is_fresh(last, situation.now):
        return []
    hours = int(MAX_SYNC_AGE.total_seconds() // 3600)
    return [
        AttentionItem(
            f"sync:stale:{last.isoformat() if last else 'never'}",
            AttentionKind.SYNC_STALE,
            (
                f"Der letzte erfolgreiche Abgleich mit lexoffice ist älter als {hours} Stunden"
                if last
                else "Ein Abgleich mit lexoffice ist noch nie gelungen"
            )
            + ": bis zum nächsten erfolgreichen Abgleich wird nichts versendet.",
            last,
        )
    ]


async def disabled_webhook_endpoints(situation: Situation) -> list[AttentionItem]:
    return [
        AttentionItem(
            f"webhook:{endpoint.id}:disabled:{endpoint.disabled_at.isoformat()}",
            AttentionKind.WEBHOOK_ENDPOINT_DISABLED,
            f"Der Webhook-Endpunkt {endpoint.url} wurde deaktiviert. {endpoint.disabled_reason}",
            endpoint.disabled_at,
        )
        for endpoint in await situation.store.webhook_endpoints.all()
        if not endpoint.enabled and endpoint.disabled_reason and endpoint.disabled_at
    ]


SOURCES: dict[Source, frozenset[AttentionKind]] = {
    messages: frozenset(MESSAGE_KINDS.values()),
    uncertain_documents: frozenset({AttentionKind.DOCUMENT_UNCERTAIN}),
    lexoffice_connection: frozenset(
        {AttentionKind.LEXOFFICE_DISCONNECTED, AttentionKind.SYNC_STALE}
    ),
    disabled_webhook_endpoints: frozenset({AttentionKind.WEBHOOK_ENDPOINT_DISABLED}),
    unresolved_thank_yous: frozenset({AttentionKind.THANK_YOU_UNRESOLVED}),
    letters_needing_action: frozenset({AttentionKind.LETTER_ACTION_REQUIRED}),
    blocked_invoices: frozenset({AttentionKind.INVOICE_BLOCKED}),
    unprintable_letter_addresses: frozenset({AttentionKind.LETTER_ADDRESS_UNPRINTABLE}),
}
"""Each source and the kinds of item it makes. The small ones (the connection, a tenant's few
webhook endpoints) read all they have; the others what a page needs (`Situation.window`)."""


async def _items(store: TenantStore, now: datetime) -> list[AttentionItem]:
    situation = Situation(store, await store.account.get(), now)
    found = [item for source in SOURCES for item in await source(situation)]
    return sorted(found, key=lambda item: (item.since is None, item.since or now, item.key))


async def attention_items(
    units: Callable[[], UnitOfWork], tenant_id: UUID, now: datetime
) -> list[AttentionItem]:
    """Oldest first; what has no date of its own (a lost connection) last."""
    async with units() as uow:
        return await _items(uow.tenant(tenant_id), now)


@dataclass(frozen=True)
class DigestPorts:
    units: Callable[[], UnitOfWork]
    mail: MailTransports
    clock: Clock
    message_domain: str


def digest_subject(count: int) -> str:
    news = "1 neuer Hinweis" if count == 1 else f"{count} neue Hinweise"
    return f"automahntion: {news} zu Ihrem Mahnwesen"


def digest_text(tenant: Tenant, new: list[AttentionItem], known: list[AttentionItem]) -> str:
    lines = [
        "Guten Tag,",
        "",
        f"für „{tenant.name}“ braucht Folgendes Ihre Aufmerksamkeit:",
        "",
        *(f"- {item.detail}" for item in new),
    ]
    if known:
        lines += ["", "Weiterhin offen (bereits gemeldet):", *(f"- {i.detail}" for i in known)]
    lines += [
        "",
        "Erledigte Punkte verschwinden von selbst; von Neuem hören Sie mit der nächsten Übersicht.",
        "",
        "Ihr automahntion",
    ]
    return "\n".join(lines)


def _digest_id(ports: DigestPorts, tenant_id: UUID, now: datetime) -> str:
    digest = hashlib.sha256(f"{tenant_id}:{berlin_today(now)}".encode()).hexdigest()[:40]
    return f"<digest.{digest}@{ports.message_domain}>"


async def send_digest(ports: DigestPorts, tenant_id: UUID) -> int:
    """Mails the account when there is something not reported before; returns how many new
    items it told of (0: no mail). What was reported is remembered only once the mail went."""
    now = ports.clock.now()
    async with ports.units() as uow:
        store = uow.tenant(tenant_id)
        tenant = await store.account.get()
        items = await _items(store, now)
        reported = await store.attention.reported()
        current = {item.key for item in items}
        new = [item for item in items if item.key not in reported]
        if not new:
            await store.attention.remember(reported & current, now)
            return 0
    transport = ports.mail.default()
    await transport.send(
        OutgoingMail(
            message_id=_digest_id(ports, tenant_id, now),
            from_address=transport.from_address,
            from_name="automahntion",
            to=(tenant.account_email,),
            subject=digest_subject(len(new)),
            text=digest_text(tenant, new, [i for i in items if i.key in reported]),
        )
    )
    async with ports.units() as uow:
        await uow.tenant(tenant_id).attention.remember(current, now)
    return len(new)

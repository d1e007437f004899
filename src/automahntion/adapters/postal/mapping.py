"""Pingen's JSON:API letters and webhook bodies into the port's values."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from automahntion.app.post.provider import LetterEvent, LetterState, PostedLetter
from automahntion.domain.prices import LetterKind

DEFAULT_PRODUCTS: Mapping[LetterKind, str] = {
    LetterKind.STANDARD: "cheap",
    LetterKind.REGISTERED: "track",
}
"""Which Pingen product each kind goes by (unverified for Germany: check before production)."""
REGISTERED_PRODUCTS = frozenset({"track", "sign", "postag_registered"})
STATES = {
    # Pingen's order: validating, valid (or invalid, or action_required until it is resolved),
    # submitted, accepted, printing/processing, sent, then delivered or undeliverable;
    # cancelling and cancelled only before submitted.
    "validating": LetterState.SUBMITTED,
    "valid": LetterState.SUBMITTED,
    "submitted": LetterState.SUBMITTED,
    "accepted": LetterState.SUBMITTED,
    "printing": LetterState.PRINTING,
    "processing": LetterState.PRINTING,
    "sent": LetterState.SENT,
    "delivered": LetterState.DELIVERED,
    "undeliverable": LetterState.UNDELIVERABLE,
    "invalid": LetterState.FAILED,
    "action_required": LetterState.ACTION_REQUIRED,
    "cancelling": LetterState.CANCELLED,
    "cancelled": LetterState.CANCELLED,
}
CATEGORY_STATES = {
    "sent": LetterState.SENT,
    "delivered": LetterState.DELIVERED,
    "undeliverable": LetterState.UNDELIVERABLE,
}
"""`issues` is no state of its own: `invalid` (refused for good) or `action_required` (held
until someone acts, then on its way again), read from the letter's status; without one, the
letter is taken as still with the provider."""


def state(status: str) -> LetterState:
    """An unknown status is taken as still with the provider."""
    return STATES.get(status, LetterState.SUBMITTED)


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _cents(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    return int((Decimal(str(value)) * 100).quantize(Decimal(1)))


def letter(data: Mapping[str, Any], products: Mapping[LetterKind, str]) -> PostedLetter:
    attributes = data["attributes"]
    product = str(attributes.get("delivery_product") or "")
    by_product = {name: kind for kind, name in products.items()}
    kind = by_product.get(product) or (
        LetterKind.REGISTERED if product in REGISTERED_PRODUCTS else LetterKind.STANDARD
    )
    status = str(attributes["status"])
    return PostedLetter(
        letter_id=str(data["id"]),
        kind=kind,
        state=state(status),
        provider_status=status,
        tracking_code=attributes.get("tracking_number") or None,
        price_cents=_cents(attributes.get("price_value")),
        created_at=_when(attributes.get("created_at")),
    )


def event(body: Mapping[str, Any], received_at: datetime) -> LetterEvent:
    """`received_at` stands in when the event carries no time of its own."""
    data = body["data"]
    category = str(data["type"]).removeprefix("webhook_")
    letter_id = str(data["relationships"]["letter"]["data"]["id"])
    included = [
        item
        for item in body.get("included") or []
        if item.get("type") == "letters" and str(item.get("id")) == letter_id
    ]
    letter_attributes = included[0].get("attributes", {}) if included else {}
    provider_status = str(letter_attributes.get("status") or category)
    attributes = data.get("attributes") or {}
    return LetterEvent(
        event_id=str(data["id"]),
        letter_id=letter_id,
        state=CATEGORY_STATES.get(category) or state(provider_status),
        provider_status=provider_status,
        tracking_code=letter_attributes.get("tracking_number") or None,
        reason=attributes.get("reason") or None,
        occurred_at=_when(attributes.get("created_at")) or received_at,
    )

"""The postal sandbox's memory: OAuth clients and tokens, uploads, letters with their events,
webhooks, idempotency keys, faults and the request log."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

from automahntion_sandboxes.clock import SandboxClock, real_seconds
from automahntion_sandboxes.common import Faults, LoggedRequest
from automahntion_sandboxes.postal.tracking import tracking_number

HAPPY_PATH = ("validating", "valid", "submitted", "accepted", "printing", "sent", "delivered")
ISSUES = frozenset({"invalid", "action_required"})
FINAL = frozenset({"delivered", "undeliverable", "cancelled", "invalid"})
STATUSES = (
    frozenset(HAPPY_PATH) | ISSUES | {"processing", "undeliverable", "cancelling", "cancelled"}
)
CATEGORY_OF = {
    "sent": "sent",
    "delivered": "delivered",
    "undeliverable": "undeliverable",
    "invalid": "issues",
    "action_required": "issues",
}
EVENT_CATEGORIES = ("issues", "sent", "undeliverable", "delivered")
REGISTERED_PRODUCTS = frozenset({"track", "sign", "postag_registered"})
PRODUCT_PRICES = {
    "cheap": "0.89",
    "fast": "1.09",
    "bulk": "0.79",
    "dpag_standard": "0.95",
    "dpag_economy": "0.85",
    "track": "3.45",
    "sign": "4.20",
    "postag_registered": "4.20",
}
TOKEN_LIFETIME_S = 43200


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class Client:
    client_id: str
    secret: str
    organisation_id: str


@dataclass
class Upload:
    id: str
    signature: str
    data: bytes | None = None


@dataclass(frozen=True)
class LetterEvent:
    id: str
    code: str
    reason: str | None
    created_at: str


@dataclass
class Letter:
    id: str
    organisation_id: str
    file_name: str
    pdf: bytes
    address_position: str
    auto_send: bool
    delivery_product: str
    print_mode: str
    print_spectrum: str
    meta_data: Any
    created_at: str
    status: str = "validating"
    tracking_number: str | None = None
    send_requested: bool = False
    updated_at: str = ""
    events: list[LetterEvent] = field(default_factory=list)

    @property
    def registered(self) -> bool:
        return self.delivery_product in REGISTERED_PRODUCTS


@dataclass(frozen=True)
class Webhook:
    id: str
    organisation_id: str
    event_category: str
    url: str
    signing_key: str


@dataclass(frozen=True)
class Stored:
    digest: str
    status: int
    body: dict[str, Any]


class Sandbox:
    def __init__(self, client_id: str, client_secret: str, organisation_id: str) -> None:
        self.default_client = Client(client_id, client_secret, organisation_id)
        self.default_signing_key = "whsec_postal_sandbox"
        self.faults = Faults()
        self.requests: list[LoggedRequest] = []
        self.clock = SandboxClock()
        self.reset()

    def reset(self) -> None:
        self.clients = {self.default_client.client_id: self.default_client}
        self.organisations = {self.default_client.organisation_id: "Sandbox Print GmbH"}
        self.tokens: dict[str, tuple[str, float]] = {}
        self.uploads: dict[str, Upload] = {}
        self.letters: dict[str, Letter] = {}
        self.webhooks: dict[str, Webhook] = {}
        self.idempotency: dict[tuple[str, str], Stored] = {}
        self.token_lifetime_s = TOKEN_LIFETIME_S
        self.tracking_sequence = 65647081
        self.faults.clear()
        self.requests.clear()
        self.clock.follow_real_time()

    def issue_token(self, client: Client) -> str:
        token = secrets.token_urlsafe(24)
        self.tokens[token] = (client.organisation_id, real_seconds() + self.token_lifetime_s)
        return token

    def organisation_of(self, token: str) -> str | None:
        entry = self.tokens.get(token)
        if entry is None or entry[1] <= real_seconds():
            return None
        return entry[0]

    def now_text(self) -> str:
        return self.clock.now().astimezone(UTC).isoformat(timespec="seconds")

    def next_tracking_number(self) -> str:
        self.tracking_sequence += 1
        return tracking_number(self.tracking_sequence)

    def sign(self, signing_key: str, body: bytes) -> dict[str, str]:
        return {"Signature": hmac.new(signing_key.encode(), body, hashlib.sha256).hexdigest()}


def digest(body: Any) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()

"""A letter's way through the print shop: status changes, their events, the tracking number of a
registered letter once it is sent, and the signed webhooks they trigger."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from automahntion_sandboxes.common import ControlError, Deliverer
from automahntion_sandboxes.postal.state import (
    CATEGORY_OF,
    FINAL,
    HAPPY_PATH,
    ISSUES,
    PRODUCT_PRICES,
    Letter,
    LetterEvent,
    Sandbox,
    new_id,
)


def letter_json(letter: Letter, base_url: str) -> dict[str, Any]:
    org = letter.organisation_id
    return {
        "id": letter.id,
        "type": "letters",
        "attributes": {
            "status": letter.status,
            "file_original_name": letter.file_name,
            "file_pages": 1,
            "address": None,
            "address_position": letter.address_position,
            "country": "DE",
            "delivery_product": letter.delivery_product,
            "print_mode": letter.print_mode,
            "print_spectrum": letter.print_spectrum,
            "price_currency": "EUR",
            "price_value": float(PRODUCT_PRICES[letter.delivery_product]),
            "paper_types": ["normal"],
            "fonts": [],
            "source": "api",
            "tracking_number": letter.tracking_number,
            "meta_data": letter.meta_data,
            "submitted_at": None,
            "created_at": letter.created_at,
            "updated_at": letter.updated_at,
        },
        "relationships": {"organisation": {"data": {"id": org, "type": "organisations"}}},
        "links": {"self": f"{base_url}/organisations/{org}/deliveries/letters/{letter.id}"},
    }


def event_json(event: LetterEvent, letter: Letter) -> dict[str, Any]:
    return {
        "id": event.id,
        "type": "letters_events",
        "attributes": {
            "code": event.code,
            "name": event.code.replace("_", " ").capitalize(),
            "producer": "Pingen sandbox",
            "location": "",
            "has_image": False,
            "data": [event.reason] if event.reason else [],
            "emitted_at": event.created_at,
            "created_at": event.created_at,
        },
        "relationships": {"letter": {"data": {"id": letter.id, "type": "letters"}}},
    }


class Lifecycle:
    def __init__(self, sandbox: Sandbox, deliverer: Deliverer) -> None:
        self._sandbox = sandbox
        self._deliverer = deliverer
        self.base_url = ""

    def move(self, letter: Letter, status: str, reason: str | None = None) -> None:
        letter.status = status
        letter.updated_at = self._sandbox.now_text()
        if status == "sent" and letter.registered and letter.tracking_number is None:
            letter.tracking_number = self._sandbox.next_tracking_number()
        event = LetterEvent(new_id(), status, reason, letter.updated_at)
        letter.events.append(event)
        category = CATEGORY_OF.get(status)
        if category is not None:
            self.emit(category, letter, event)

    def request_send(self, letter: Letter) -> None:
        letter.send_requested = True
        if letter.status == "valid":
            self.move(letter, "submitted")

    def step(self, letter: Letter) -> list[str]:
        """One step along the happy path; a valid letter waits for its send request, and a
        letter that required an action goes on as a validated one once it is resolved."""
        if letter.status in FINAL or _position(letter) is None:
            raise ControlError(409, f"letter {letter.id} is {letter.status}: no next status")
        if letter.status == "valid" and not letter.send_requested:
            raise ControlError(409, f"letter {letter.id} is valid and waits to be sent")
        following = HAPPY_PATH[_at(letter) + 1]
        self.move(letter, following)
        if following == "valid" and letter.send_requested:
            self.move(letter, "submitted")
            return ["valid", "submitted"]
        return [following]

    def advance(self, letter: Letter, to: str | None, reason: str | None) -> list[str]:
        if to is None:
            return self.step(letter)
        if to in ISSUES:
            if letter.status not in ("validating", "valid"):
                raise ControlError(409, f"letter {letter.id} is {letter.status}, past validation")
            self.move(letter, to, reason or "the address could not be read")
            return [to]
        if to == "undeliverable":
            passed = self._walk(letter, "sent") if letter.status != "sent" else []
            self.move(letter, "undeliverable", reason or "addressee unknown")
            return [*passed, "undeliverable"]
        if to not in HAPPY_PATH:
            raise ControlError(400, f"cannot advance to {to!r}")
        return self._walk(letter, to)

    def _walk(self, letter: Letter, to: str) -> list[str]:
        target = HAPPY_PATH.index(to)
        position = _position(letter)
        if position is None or target <= position:
            raise ControlError(409, f"letter {letter.id} is {letter.status}, not before {to}")
        if target > HAPPY_PATH.index("valid"):
            letter.send_requested = True
        passed: list[str] = []
        while _at(letter) < target:
            passed += self.step(letter)
        return passed

    def emit(self, category: str, letter: Letter, event: LetterEvent) -> None:
        webhooks = [
            hook
            for hook in self._sandbox.webhooks.values()
            if hook.organisation_id == letter.organisation_id and hook.event_category == category
        ]
        if not webhooks:
            return
        letter_view = letter_json(letter, self.base_url)
        event_id = new_id()
        body = json.dumps(
            {
                "data": {
                    "id": event_id,
                    "type": f"webhook_{category}",
                    "attributes": {
                        "reason": event.reason,
                        "url": webhooks[0].url,
                        "created_at": event.created_at,
                    },
                    "relationships": {
                        "organisation": {
                            "data": {"id": letter.organisation_id, "type": "organisations"}
                        },
                        "letter": {"data": {"id": letter.id, "type": "letters"}},
                        "event": {"data": {"id": event.id, "type": "letters_events"}},
                    },
                },
                "included": [letter_view, event_json(event, letter)],
            },
            separators=(",", ":"),
        ).encode()
        for hook in webhooks:
            self._deliverer.deliver(
                event_id, hook.url, body, partial(self._sandbox.sign, hook.signing_key)
            )


def _position(letter: Letter) -> int | None:
    """Where the letter stands on the happy path (`action_required` as still validating);
    None when it left it."""
    if letter.status == "action_required":
        return HAPPY_PATH.index("validating")
    return HAPPY_PATH.index(letter.status) if letter.status in HAPPY_PATH else None


def _at(letter: Letter) -> int:
    position = _position(letter)
    assert position is not None
    return position

"""The ports of sending thank-you e-mails, and the facts their text is rendered from."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from automahntion.app.clock import Clock
from automahntion.app.lexoffice.ports import LexofficeGateways
from automahntion.app.mail.ports import MailTransports
from automahntion.app.mail.rendering import Rendered
from automahntion.app.storage import UnitOfWork
from automahntion.domain.salutation import Addressee


@dataclass(frozen=True)
class ThankYouFacts:
    """What a thank-you template may use (`domain.thanks.THANK_YOU_PLACEHOLDERS`)."""

    customer_name: str
    invoice_number: str
    invoice_date: date
    total_cents: int
    company_name: str
    feedback_question: str
    feedback_link: str
    addressee: Addressee | None = None


class ThankYouRenderer(Protocol):
    def render_thank_you(
        self, subject: str, body: str, facts: ThankYouFacts, language: str = "de"
    ) -> Rendered:
        """Dates and amounts formatted for `language`; raises `TemplateInvalid`."""
        ...

    def check(self, text: str) -> str | None:
        """Why `text` (a subject or a body) cannot be a thank-you template, or None."""
        ...


@dataclass(frozen=True)
class ThankYouPorts:
    units: Callable[[], UnitOfWork]
    mail: MailTransports
    renderer: ThankYouRenderer
    clock: Clock
    message_domain: str
    public_url: str
    gateways: LexofficeGateways
    """Reads how a due one's invoice was paid, just before it is sent."""
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

"""The postal and payment providers and the webhook verifiers, each built only when its
settings are there."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from automahntion.adapters.clock import SystemClock
from automahntion.adapters.lexoffice.webhooks import LexofficeWebhookVerifier, load_public_key
from automahntion.adapters.payments.client import StripeClient
from automahntion.adapters.payments.webhooks import StripeWebhookVerifier
from automahntion.adapters.postal.client import PingenClient
from automahntion.adapters.postal.webhooks import PingenWebhookVerifier
from automahntion.app.billing.payments import PaymentEvents, PaymentGateway
from automahntion.app.clock import Clock
from automahntion.app.lexoffice.ports import LexofficeEvents
from automahntion.app.post.provider import LetterEvents, LetterPrinter
from automahntion.bootstrap.settings import Settings, SettingsError


@dataclass(frozen=True)
class Providers:
    letters: LetterPrinter | None = None
    letter_events: LetterEvents | None = None
    payments: PaymentGateway | None = None
    payment_events: PaymentEvents | None = None
    lexoffice_events: LexofficeEvents | None = None


def lexoffice_events(settings: Settings) -> LexofficeEvents | None:
    setting = settings.lexoffice_webhook_public_key
    if not setting:
        return None
    try:
        return LexofficeWebhookVerifier(load_public_key(setting))
    except (OSError, ValueError) as error:
        raise SettingsError(
            f"AUTOMAHNTION_LEXOFFICE_WEBHOOK_PUBLIC_KEY is not a readable RSA public key: {error}"
        ) from None


def build_providers(settings: Settings, http: httpx.AsyncClient, clock: Clock) -> Providers:
    """A payment signature's age is checked against the real time, also when `clock` is an
    `--as-of` clock: it is the age of a request in transit, not a day of the simulation."""
    letters = None
    if settings.postal_api_url and settings.postal_api_key:
        letters = PingenClient.from_api_key(http, settings.postal_api_url, settings.postal_api_key)
    payments = None
    if settings.payments_api_url and settings.payments_api_key:
        payments = StripeClient(http, settings.payments_api_url, settings.payments_api_key)
    return Providers(
        letters=letters,
        letter_events=(
            PingenWebhookVerifier(settings.postal_webhook_secret, clock)
            if settings.postal_webhook_secret
            else None
        ),
        payments=payments,
        payment_events=(
            StripeWebhookVerifier([settings.payments_webhook_secret], SystemClock())
            if settings.payments_webhook_secret
            else None
        ),
        lexoffice_events=lexoffice_events(settings),
    )

"""Settings of the postal and payment providers, and what the composition root builds of them."""

from __future__ import annotations

import httpx
import pytest

from automahntion.adapters.clock import SystemClock
from automahntion.adapters.payments.client import StripeClient
from automahntion.adapters.payments.webhooks import StripeWebhookVerifier
from automahntion.adapters.postal.client import PingenClient
from automahntion.adapters.postal.webhooks import PingenWebhookVerifier
from automahntion.bootstrap.providers import build_providers
from automahntion.bootstrap.settings import Settings, SettingsError

CONFIGURED = {
    "AUTOMAHNTION_POSTAL_API_URL": "http://127.0.0.1:8102",
    "AUTOMAHNTION_POSTAL_API_KEY": "postal-sandbox:postal-sandbox-secret",
    "AUTOMAHNTION_POSTAL_WEBHOOK_SECRET": "whsec_postal_sandbox",
    "AUTOMAHNTION_PAYMENTS_API_URL": "http://127.0.0.1:8103",
    "AUTOMAHNTION_PAYMENTS_API_KEY": "sk_test_automahntion_sandbox",
    "AUTOMAHNTION_PAYMENTS_WEBHOOK_SECRET": "whsec_automahntion_sandbox",
}


async def test_clients_and_verifiers_are_built_only_when_configured() -> None:
    async with httpx.AsyncClient() as http:
        none = build_providers(Settings.from_env({}, env_file=None), http, SystemClock())
        assert (none.letters, none.letter_events, none.payments, none.payment_events) == (
            None,
            None,
            None,
            None,
        )
        every = build_providers(Settings.from_env(CONFIGURED, env_file=None), http, SystemClock())
        assert isinstance(every.letters, PingenClient)
        assert isinstance(every.letter_events, PingenWebhookVerifier)
        assert isinstance(every.payments, StripeClient)
        assert isinstance(every.payment_events, StripeWebhookVerifier)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("AUTOMAHNTION_POSTAL_API_KEY", "only-a-secret", "CLIENT_ID:CLIENT_SECRET"),
        ("AUTOMAHNTION_POSTAL_API_URL", "ftp://print.example", "http(s) URL"),
        ("AUTOMAHNTION_PAYMENTS_API_URL", "api.stripe.com", "http(s) URL"),
    ],
)
def test_bad_provider_settings_stop_start_up(variable: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError, match=variable) as error:
        Settings.from_env({**CONFIGURED, variable: value}, env_file=None)
    assert message in str(error.value)

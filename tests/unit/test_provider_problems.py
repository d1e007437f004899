"""The payment provider's failures answer 502 with their own problem type, wherever raised."""

from __future__ import annotations

import pytest
from litestar import Litestar, get
from litestar.testing import TestClient

from automahntion.api.problems import problem_details_plugin
from automahntion.app.billing.payments import PaymentRefused, PaymentsUnavailable


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (PaymentsUnavailable("the provider answered 503"), "payments-unavailable"),
        (PaymentRefused(402, "card_declined", "Your card was declined.", None), "payments-refused"),
    ],
)
def test_a_provider_failure_is_a_502_problem(error: Exception, kind: str) -> None:
    @get("/")
    async def failing() -> None:
        raise error

    with TestClient(Litestar([failing], plugins=[problem_details_plugin()])) as client:
        response = client.get("/")
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"].endswith(f"/problems/{kind}")

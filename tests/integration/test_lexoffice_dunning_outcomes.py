"""What the lexoffice client makes of a failed `POST /v1/dunnings`, against the sandbox: an
answer that says it failed is a refusal (nothing was made), a lost answer is an unknown
outcome, a request that never left is plain unavailability; and the dunnings the invoice
lists afterwards."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx
import pytest

from automahntion.adapters.lexoffice.client import LexofficeClient
from automahntion.adapters.lexoffice.rate import LocalRateLimiter
from automahntion.adapters.retrying import RetryPolicy
from automahntion.app.lexoffice.ports import (
    DunningLine,
    DunningRequest,
    LexofficeOutcomeUnknown,
    LexofficeUnavailable,
)
from automahntion.domain.invoices import InvoiceKind
from tests.integration.lexoffice_env import Sandbox
from tests.sandbox_server import free_port


class _Key:
    def __init__(self, key: str) -> None:
        self._key = key

    async def bearer(self) -> str:
        return self._key

    async def renewed(self, rejected: str) -> str | None:
        return None


async def _no_wait(seconds: float) -> None:
    del seconds


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(trust_env=False, timeout=10) as client:
        yield client


def _client(http: httpx.AsyncClient, base_url: str, key: str) -> LexofficeClient:
    return LexofficeClient(
        http,
        base_url,
        _Key(key),
        LocalRateLimiter(1000.0),
        "org",
        RetryPolicy(attempts=3, base_delay_s=0.0),
        _no_wait,
    )


async def _request(
    client: LexofficeClient, invoice: str, kind: InvoiceKind = InvoiceKind.INVOICE
) -> DunningRequest:
    return DunningRequest(
        invoice_id=invoice,
        voucher_date=date(2026, 11, 27),
        title="1. Mahnung",
        introduction="Bitte zahlen Sie.",
        lines=(DunningLine("Offener Betrag aus Rechnung RE-1", 10000),),
        details=await client.invoice_details(invoice, kind),
    )


@pytest.mark.parametrize(
    ("fault", "raised", "made"),
    [
        ({"status": 500}, LexofficeUnavailable, 0),
        ({"status": 503}, LexofficeUnavailable, 0),
        ({"dropResponse": True}, LexofficeOutcomeUnknown, 1),
        ({"hangUp": True}, LexofficeOutcomeUnknown, 1),
        ({"hangUp": True, "execute": False}, LexofficeOutcomeUnknown, 0),
    ],
    ids=["500", "503", "504-after-creating", "hang-up-after", "hang-up-before"],
)
async def test_a_failed_create_tells_a_refusal_from_a_lost_answer(
    sandbox: Sandbox,
    http: httpx.AsyncClient,
    fault: dict[str, Any],
    raised: type[Exception],
    made: int,
) -> None:
    org = sandbox.organization()
    oid = org["organizationId"]
    customer = sandbox.contact(oid, "Café Morgenrot", business=["cafe@example.org"])
    invoice = sandbox.voucher(
        oid, voucherNumber="RE-1", dueDate="2026-11-13", totalAmount=119.0, contactId=customer
    )
    client = _client(http, sandbox.url, org["apiKey"])
    request = await _request(client, invoice)
    sandbox.control(
        "POST", "/faults", json={"pathPrefix": "/v1/dunnings", "method": "POST", **fault}
    )
    with pytest.raises(raised) as caught:
        await client.create_dunning(request)
    assert (raised is LexofficeOutcomeUnknown) == isinstance(caught.value, LexofficeOutcomeUnknown)
    shown = await client.dunnings_of(invoice, InvoiceKind.INVOICE)
    assert len(shown) == made
    assert all((s.title, s.voucher_date) == ("1. Mahnung", date(2026, 11, 27)) for s in shown)
    posts = [r for r in sandbox.requests(oid, "/v1/dunnings") if r["method"] == "POST"]
    assert len(posts) == 1


async def test_a_request_that_never_left_is_not_an_unknown_outcome(
    sandbox: Sandbox, http: httpx.AsyncClient
) -> None:
    org = sandbox.organization()
    oid = org["organizationId"]
    customer = sandbox.contact(oid, "Café Morgenrot", business=["cafe@example.org"])
    invoice = sandbox.voucher(
        oid, voucherNumber="RE-1", dueDate="2026-11-13", totalAmount=119.0, contactId=customer
    )
    request = await _request(_client(http, sandbox.url, org["apiKey"]), invoice)
    nowhere = _client(http, f"http://127.0.0.1:{free_port()}", org["apiKey"])
    with pytest.raises(LexofficeUnavailable) as caught:
        await nowhere.create_dunning(request)
    assert not isinstance(caught.value, LexofficeOutcomeUnknown)


async def test_a_lost_answer_for_a_down_payment_invoice_is_found_at_its_own_endpoint(
    sandbox: Sandbox, http: httpx.AsyncClient
) -> None:
    """A down payment invoice lists its dunnings at `/v1/down-payment-invoices/{id}`; asked at
    `/v1/invoices/{id}` lexoffice answers 404."""
    org = sandbox.organization()
    oid = org["organizationId"]
    customer = sandbox.contact(oid, "Café Morgenrot", business=["cafe@example.org"])
    invoice = sandbox.voucher(
        oid,
        voucherNumber="AR-1",
        voucherType="downpaymentinvoice",
        dueDate="2026-11-13",
        totalAmount=500.0,
        contactId=customer,
    )
    client = _client(http, sandbox.url, org["apiKey"])
    request = await _request(client, invoice, InvoiceKind.DOWN_PAYMENT)
    sandbox.control(
        "POST", "/faults", json={"pathPrefix": "/v1/dunnings", "method": "POST", "hangUp": True}
    )
    with pytest.raises(LexofficeOutcomeUnknown):
        await client.create_dunning(request)
    shown = await client.dunnings_of(invoice, InvoiceKind.DOWN_PAYMENT)
    assert [(s.title, s.voucher_date) for s in shown] == [("1. Mahnung", date(2026, 11, 27))]

"""The lexoffice sandbox over real HTTP on 127.0.0.1: its API as the adapter sees it, its gateway
(auth, rate limit, faults), OAuth, signed webhooks, and the controls tests and the demo use."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from typing import Any
from unittest.mock import ANY
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from litestar import Litestar, Request, Response, post

from automahntion_sandboxes.lexoffice import create_app
from tests.sandbox_server import running

TODAY = "2026-03-10"
RETRY_DELAYS = (0.05, 0.1, 0.2)
LEXOFFICE_TIMESTAMP = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$"


# fixtures and helpers


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running(create_app(rate_per_second=2.0, retry_delays=RETRY_DELAYS)) as url:
        yield url


@pytest.fixture
def http(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, trust_env=False, timeout=10) as client:
        assert client.post("/_sandbox/reset").status_code == 204
        client.put("/_sandbox/rate", json={"perSecond": 1000}).raise_for_status()
        client.put("/_sandbox/today", json={"date": TODAY}).raise_for_status()
        yield client


class Org:
    """One sandbox organization, seeded through the controls, read through /v1."""

    def __init__(self, http: httpx.Client, company: str = "Bäckerei Sonnenschein") -> None:
        self.http = http
        created = http.post("/_sandbox/organizations", json={"companyName": company})
        assert created.status_code == 201
        self.info: dict[str, Any] = created.json()
        self.id: str = self.info["organizationId"]
        self.key: str = self.info["apiKey"]

    def control(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.request(method, f"/_sandbox/organizations/{self.id}{path}", **kwargs)

    def contact(self, **body: Any) -> str:
        body.setdefault("company", {"name": "Kunde GmbH"})
        response = self.control("POST", "/contacts", json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    def voucher(self, **body: Any) -> str:
        body.setdefault("voucherType", "invoice")
        body.setdefault("totalAmount", 119)
        response = self.control("POST", "/vouchers", json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    def get(self, path: str, token: str | None = None, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token or self.key}", **kwargs.pop("headers", {})}
        return self.http.get(path, headers=headers, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.key}", **kwargs.pop("headers", {})}
        return self.http.post(path, headers=headers, **kwargs)

    def listing(self, **params: Any) -> dict[str, Any]:
        response = self.get("/v1/voucherlist", params=params)
        assert response.status_code == 200, response.text
        return dict(response.json())


def assert_regular_error(response: httpx.Response, status: int, path: str) -> dict[str, Any]:
    assert response.status_code == status
    body = dict(response.json())
    assert set(body) == {"timestamp", "status", "error", "path", "traceId", "message", "details"}
    assert body["status"] == status
    assert body["path"] == path
    assert body["timestamp"][-6] in "+-"
    assert body["timestamp"][19] == "."
    return body


MISSING_ENTITY = {
    "IssueList": [
        {
            "i18nKey": "missing_entity",
            "source": "id",
            "type": "validation_failure",
            "additionalData": None,
            "args": None,
        }
    ]
}


def dunning_body(contact_id: str | None = None, **changes: Any) -> dict[str, Any]:
    address: dict[str, Any] = (
        {"contactId": contact_id} if contact_id else {"name": "Laufkunde", "countryCode": "DE"}
    )
    body: dict[str, Any] = {
        "voucherDate": "2026-03-10T09:00:00.000+01:00",
        "address": address,
        "lineItems": [
            {
                "type": "custom",
                "name": "Mahngebühr",
                "quantity": 1,
                "unitName": "Stück",
                "unitPrice": {"currency": "EUR", "netAmount": 5, "taxRatePercentage": 0},
            }
        ],
        "totalPrice": {"currency": "EUR"},
        "taxConditions": {"taxType": "net"},
        "shippingConditions": {"shippingType": "none"},
        "title": "1. Mahnung",
        "introduction": "Leider konnten wir noch keinen Zahlungseingang feststellen.",
    }
    body.update(changes)
    return body


# gateway: authentication and error formats


def test_profile_and_authentication(http: httpx.Client) -> None:
    org = Org(http)
    profile = org.get("/v1/profile").json()
    assert profile["organizationId"] == org.id
    assert profile["connectionId"] == org.info["connectionId"]
    assert profile["companyName"] == "Bäckerei Sonnenschein"
    assert profile["taxType"] == "net"
    assert profile["smallBusiness"] is False
    assert profile["businessFeatures"] == ["INVOICING", "BOOKKEEPING"]
    assert set(profile["created"]) == {"userId", "userName", "userEmail", "date"}

    assert http.get("/v1/profile").json() == {"message": "Unauthorized"}
    unknown = org.get("/v1/profile", token="not-a-key")
    assert (unknown.status_code, unknown.json()) == (401, {"message": "Unauthorized"})
    malformed = http.get("/v1/profile", headers={"Authorization": org.key})
    assert malformed.status_code == 403
    assert "not a valid key=value pair" in malformed.json()["message"]


def test_regular_and_legacy_error_formats(http: httpx.Client) -> None:
    org = Org(http)
    contact = org.contact()
    invoice = org.voucher(contactId=contact)
    missing = assert_regular_error(org.get("/v1/invoices/nope"), 404, "/v1/invoices/nope")
    assert missing["error"] == "Not Found"
    assert len(missing["traceId"]) >= 8
    assert_regular_error(
        org.get(f"/v1/down-payment-invoices/{invoice}"), 404, "/v1/down-payment-invoices/" + invoice
    )
    assert_regular_error(org.get("/v1/unknown-endpoint"), 404, "/v1/unknown-endpoint")
    for path in ("/v1/contacts/nope", f"/v1/vouchers/{invoice}", "/v1/files/nope"):
        legacy = org.get(path)
        assert (legacy.status_code, legacy.json()) == (404, MISSING_ENTITY)
    short = org.get("/v1/contacts", params={"name": "ab"})
    assert short.status_code == 400
    assert short.json()["IssueList"][0]["i18nKey"] == "bad_request_error"


# voucherlist


def test_voucherlist_filters_types_and_computes_overdue_against_the_sandbox_date(
    http: httpx.Client,
) -> None:
    org = Org(http)
    customer = org.contact()
    past = org.voucher(voucherNumber="RE-1", dueDate="2026-03-01", contactId=customer)
    future = org.voucher(voucherNumber="RE-2", dueDate="2026-03-20", contactId=customer)
    due_today = org.voucher(voucherNumber="RE-3", dueDate=TODAY, contactId=customer)
    debit = org.voucher(voucherType="downpaymentinvoice", dueDate="2026-03-02", status="sepadebit")
    bookkept = org.voucher(voucherType="salesinvoice", dueDate="2026-02-01", contactId=None)
    org.voucher(voucherNumber="RE-4", dueDate="2026-01-01", status="paid")
    org.voucher(voucherNumber="RE-5", status="draft")

    def ids(**params: Any) -> dict[str, str]:
        page = org.listing(**params)
        return {item["id"]: item["voucherStatus"] for item in page["content"]}

    invoices = "invoice,downpaymentinvoice"
    overdue = ids(voucherType=invoices, voucherStatus="overdue")
    assert overdue == {past: "overdue", debit: "overdue"}
    assert ids(voucherType=invoices, voucherStatus="open") == {
        past: "overdue",
        future: "open",
        due_today: "open",
    }
    assert ids(voucherType=invoices, voucherStatus="sepadebit") == {debit: "overdue"}
    assert set(ids(voucherType="salesinvoice", voucherStatus="any")) == {bookkept}
    assert len(ids(voucherType="any", voucherStatus="any")) == 7

    item = org.listing(voucherType="invoice", voucherStatus="overdue")["content"][0]
    assert set(item) == {
        "id",
        "voucherType",
        "voucherStatus",
        "voucherNumber",
        "voucherDate",
        "createdDate",
        "updatedDate",
        "dueDate",
        "contactId",
        "contactName",
        "totalAmount",
        "openAmount",
        "currency",
        "archived",
    }
    assert (item["contactId"], item["contactName"]) == (customer, "Kunde GmbH")
    assert (item["totalAmount"], item["openAmount"], item["currency"]) == (119.0, 119.0, "EUR")
    assert item["dueDate"] == "2026-03-01T00:00:00.000+01:00"
    collective = org.listing(voucherType="salesinvoice", voucherStatus="overdue")["content"][0]
    assert collective["contactId"] is None
    assert collective["contactName"] == "Sammelkunde"

    http.put("/_sandbox/today", json={"date": "2026-02-15"}).raise_for_status()
    assert ids(voucherType=invoices, voucherStatus="overdue") == {}
    http.put("/_sandbox/today", json={"date": "2026-03-21"}).raise_for_status()
    assert set(ids(voucherType="invoice", voucherStatus="overdue")) == {past, future, due_today}

    combined = org.get(
        "/v1/voucherlist", params={"voucherType": "invoice", "voucherStatus": "overdue,open"}
    )
    assert_regular_error(combined, 400, "/v1/voucherlist")
    for params in ({"voucherStatus": "open"}, {"voucherType": "invoice"}):
        assert_regular_error(org.get("/v1/voucherlist", params=params), 400, "/v1/voucherlist")


def test_voucherlist_pages_of_250_and_sorting(http: httpx.Client) -> None:
    org = Org(http)
    vouchers = [
        {
            "voucherType": "invoice",
            "voucherNumber": f"RE-{n:04d}",
            "totalAmount": 84.5,
            "voucherDate": f"2026-0{1 + n % 2}-{1 + n % 28:02d}",
            "dueDate": "2026-03-01",
        }
        for n in range(601)
    ]
    response = org.control("POST", "/vouchers:bulk", json={"vouchers": vouchers})
    assert response.status_code == 201
    assert len(response.json()["ids"]) == 601

    first = org.listing(voucherType="invoice", voucherStatus="overdue", size=250)
    assert (first["totalElements"], first["totalPages"], first["numberOfElements"]) == (601, 3, 250)
    assert (first["first"], first["last"], first["number"], first["size"]) == (True, False, 0, 250)
    assert first["sort"][0]["property"] == "voucherDate"
    assert first["sort"][0]["direction"] == "DESC"
    dates = [item["voucherDate"] for item in first["content"]]
    assert dates == sorted(dates, reverse=True)
    last = org.listing(voucherType="invoice", voucherStatus="overdue", size=250, page=2)
    assert (last["numberOfElements"], last["first"], last["last"]) == (101, False, True)
    seen: set[str] = set()
    for number in range(3):
        page = org.listing(voucherType="invoice", voucherStatus="open", size=250, page=number)
        seen |= {item["id"] for item in page["content"]}
    assert len(seen) == 601
    default = org.listing(voucherType="invoice", voucherStatus="open")
    assert (default["size"], default["numberOfElements"], default["totalPages"]) == (25, 25, 25)

    by_number = org.listing(
        voucherType="invoice", voucherStatus="open", sort="voucherNumber,ASC", size=3
    )
    assert [v["voucherNumber"] for v in by_number["content"]] == ["RE-0000", "RE-0001", "RE-0002"]
    assert (
        org.listing(voucherType="invoice", voucherStatus="any", voucherNumber="RE-0042")[
            "totalElements"
        ]
        == 1
    )
    january = org.listing(
        voucherType="invoice",
        voucherStatus="any",
        voucherDateFrom="2026-01-01",
        voucherDateTo="2026-01-31",
        size=1,
    )
    assert january["totalElements"] == 301

    too_big = org.get(
        "/v1/voucherlist", params={"voucherType": "invoice", "voucherStatus": "open", "size": 251}
    )
    assert_regular_error(too_big, 400, "/v1/voucherlist")


def test_updated_date_filter_follows_the_sandbox_date(http: httpx.Client) -> None:
    org = Org(http)
    first = org.voucher(voucherDate="2026-03-01", dueDate="2026-03-05")
    second = org.voucher(voucherDate="2026-03-01", dueDate="2026-03-05")
    archived = org.voucher(voucherDate="2026-03-01", archived=True)
    http.put("/_sandbox/today", json={"date": "2026-03-12"}).raise_for_status()
    org.control("POST", f"/vouchers/{second}/payments", json={"amount": 19}).raise_for_status()

    changed = org.listing(voucherType="invoice", voucherStatus="any", updatedDateFrom="2026-03-12")
    assert [item["id"] for item in changed["content"]] == [second]
    assert changed["content"][0]["updatedDate"].startswith("2026-03-12T")
    assert changed["content"][0]["createdDate"].startswith(f"{TODAY}T")
    before = org.listing(voucherType="invoice", voucherStatus="any", updatedDateTo="2026-03-11")
    assert {item["id"] for item in before["content"]} == {first, archived}
    created = org.listing(voucherType="invoice", voucherStatus="any", createdDateFrom="2026-03-11")
    assert created["totalElements"] == 0
    only_archived = org.listing(voucherType="invoice", voucherStatus="any", archived="true")
    assert [item["id"] for item in only_archived["content"]] == [archived]


# documents, contacts, payments


def test_invoice_voucher_and_contact_shapes(http: httpx.Client) -> None:
    org = Org(http)
    person = org.contact(
        company=None,
        person={"salutation": "Frau", "firstName": "Erika", "lastName": "Musterfrau"},
        emailAddresses={"private": ["erika@example.org"]},
        addresses={
            "billing": [
                {"street": "Hauptstr. 1", "zip": "10115", "city": "Berlin", "countryCode": "DE"}
            ]
        },
    )
    company = org.contact(
        company={
            "name": "Muster AG",
            "contactPersons": [
                {
                    "firstName": "Max",
                    "lastName": "Muster",
                    "primary": True,
                    "emailAddress": "max@muster-ag.example",
                }
            ],
        },
        roles={"customer": {"number": 10042}},
    )
    invoice = org.voucher(
        contactId=person,
        voucherNumber="RE-7",
        voucherDate="2026-03-01",
        dueDate="2026-03-15",
        totalAmount=119,
        language="en",
    )
    down_payment = org.voucher(voucherType="downpaymentinvoice", contactId=company)
    bookkept = org.voucher(voucherType="salesinvoice", contactId=company, totalAmount=107)

    shape = org.get(f"/v1/invoices/{invoice}").json()
    assert shape["voucherStatus"] == "open"
    assert shape["language"] == "en"
    assert shape["voucherNumber"] == "RE-7"
    assert shape["organizationId"] == org.id
    assert shape["dueDate"] == "2026-03-15T00:00:00.000+01:00"
    assert shape["address"] == {
        "contactId": person,
        "name": "Erika Musterfrau",
        "street": "Hauptstr. 1",
        "zip": "10115",
        "city": "Berlin",
        "countryCode": "DE",
    }
    assert shape["totalPrice"] == {
        "currency": "EUR",
        "totalNetAmount": 100.0,
        "totalGrossAmount": 119.0,
        "totalTaxAmount": 19.0,
    }
    assert shape["taxConditions"] == {"taxType": "net"}
    assert shape["shippingConditions"] == {"shippingType": "none"}
    assert len(shape["lineItems"]) == 1
    assert shape["version"] >= 1
    assert shape["paymentConditions"]["paymentTermDuration"] == 14
    dpi = org.get(f"/v1/down-payment-invoices/{down_payment}").json()
    assert dpi["address"]["contactId"] == company
    assert dpi["address"]["name"] == "Muster AG"

    voucher = org.get(f"/v1/vouchers/{bookkept}").json()
    assert (voucher["type"], voucher["voucherStatus"]) == ("salesinvoice", "open")
    assert (voucher["totalGrossAmount"], voucher["totalTaxAmount"]) == (107.0, 17.08)
    assert voucher["useCollectiveContact"] is False
    assert voucher["contactId"] == company
    assert voucher["voucherItems"][0]["amount"] == 107.0

    contact = org.get(f"/v1/contacts/{company}").json()
    assert contact["roles"] == {"customer": {"number": 10042}}
    assert contact["company"]["contactPersons"][0]["emailAddress"] == "max@muster-ag.example"
    assert contact["version"] == 1
    assert contact["archived"] is False
    assert org.get(f"/v1/contacts/{person}").json()["roles"]["customer"]["number"] == 10000

    def found(**params: Any) -> list[str]:
        page = org.get("/v1/contacts", params=params).json()
        return [item["id"] for item in page["content"]]

    assert found(email="MUSTER-AG") == [company]
    assert found(email="erika@") == [person]
    assert found(name="muster") == [person, company]
    assert found(name="muster", customer="true", number="10042") == [company]
    assert found(vendor="true") == []
    listing = org.get("/v1/contacts", params={"size": 1}).json()
    assert (listing["totalElements"], listing["totalPages"], listing["size"]) == (2, 2, 1)
    assert org.get("/v1/contacts", params={"size": 251}).status_code == 400


def test_invoice_documents(http: httpx.Client) -> None:
    org = Org(http)
    invoice = org.voucher(voucherNumber="RE-99")
    draft = org.voucher(status="draft")
    response = org.get(f"/v1/invoices/{invoice}/file", headers={"Accept": "application/pdf"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert 'filename="Rechnung_RE-99.pdf"' in response.headers["content-disposition"]
    assert response.content.startswith(b"%PDF-")
    assert response.content.rstrip().endswith(b"%%EOF")
    path = f"/v1/invoices/{invoice}/file"
    assert_regular_error(org.get(path, headers={"Accept": "application/json"}), 406, path)
    draft_path = f"/v1/invoices/{draft}/file"
    assert_regular_error(org.get(draft_path), 409, draft_path)
    file_id = org.get(f"/v1/invoices/{invoice}/document").json()["documentFileId"]
    assert org.get(f"/v1/files/{file_id}").content.startswith(b"%PDF-")
    assert org.get(f"/v1/invoices/{draft}").json()["dueDate"] is None


def test_partial_and_full_payments_and_void(http: httpx.Client) -> None:
    org = Org(http)
    invoice = org.voucher(totalAmount=119, dueDate="2026-03-01")
    other = org.voucher(totalAmount=50)
    credit = org.voucher(voucherType="salescreditnote", totalAmount=20)
    draft = org.voucher(status="draft")

    fresh = org.get(f"/v1/payments/{invoice}").json()
    assert fresh == {
        "openAmount": 119.0,
        "currency": "EUR",
        "paymentStatus": "openRevenue",
        "voucherType": "invoice",
        "voucherStatus": "open",
        "paymentItems": [],
    }
    partial = org.control(
        "POST", f"/vouchers/{invoice}/payments", json={"amount": 34.5, "date": "2026-03-05"}
    )
    assert partial.status_code == 200
    assert partial.json()["openAmount"] == 84.5
    after = org.get(f"/v1/payments/{invoice}").json()
    assert (after["openAmount"], after["voucherStatus"], after["paymentStatus"]) == (
        84.5,
        "open",
        "openRevenue",
    )
    assert after["paymentItems"] == [
        {
            "paymentItemType": "manualPayment",
            "postingDate": "2026-03-05T00:00:00.000+01:00",
            "amount": 34.5,
            "currency": "EUR",
        }
    ]
    assert "paidDate" not in after
    listed = org.listing(voucherType="invoice", voucherStatus="overdue")["content"][0]
    assert (listed["id"], listed["openAmount"]) == (invoice, 84.5)

    overpaid = org.control("POST", f"/vouchers/{invoice}/payments", json={"amount": 100})
    assert overpaid.status_code == 422
    assert "message" in overpaid.json()
    org.control("POST", f"/vouchers/{invoice}/payments", json={"amount": 84.5}).raise_for_status()
    paid = org.get(f"/v1/payments/{invoice}").json()
    assert (paid["openAmount"], paid["voucherStatus"], paid["paymentStatus"]) == (
        0.0,
        "paid",
        "balanced",
    )
    assert paid["paidDate"] == "2026-03-10T00:00:00.000+01:00"
    assert len(paid["paymentItems"]) == 2
    assert org.get(f"/v1/invoices/{invoice}").json()["voucherStatus"] == "paid"
    assert org.listing(voucherType="invoice", voucherStatus="paid")["totalElements"] == 1

    assert org.control("POST", f"/vouchers/{other}/void").status_code == 200
    voided = org.get(f"/v1/payments/{other}").json()
    assert (voided["openAmount"], voided["voucherStatus"], voided["paymentStatus"]) == (
        0.0,
        "voided",
        "balanced",
    )
    assert org.get(f"/v1/invoices/{other}").json()["voucherStatus"] == "voided"
    reopened = org.control("POST", f"/vouchers/{other}/status", json={"status": "sepadebit"})
    assert reopened.json()["voucherStatus"] == "sepadebit"
    assert org.get(f"/v1/payments/{other}").json()["openAmount"] == 50.0

    org.control("POST", f"/vouchers/{credit}/payments", json={"amount": 20}).raise_for_status()
    assert org.get(f"/v1/payments/{credit}").json()["voucherStatus"] == "paidoff"
    draft_payments = org.get(f"/v1/payments/{draft}")
    assert_regular_error(draft_payments, 406, f"/v1/payments/{draft}")


def test_a_cancelled_credit_note_reopens_the_invoice_it_cleared(http: httpx.Client) -> None:
    """As when the credit note pursued from an invoice is cancelled in lexoffice: its payment
    item goes, the invoice is open again and takes a payment by bank."""
    org = Org(http)
    invoice = org.voucher(totalAmount=119)
    cleared = org.control(
        "POST",
        f"/vouchers/{invoice}/payments",
        json={"amount": 119, "type": "partPaymentCreditNote"},
    )
    assert cleared.json()["voucherStatus"] == "paid"
    version = org.get(f"/v1/invoices/{invoice}").json()["version"]

    cancelled = org.control(
        "POST", f"/vouchers/{invoice}/payments:cancel", json={"type": "partPaymentCreditNote"}
    )

    assert cancelled.status_code == 200
    assert (cancelled.json()["voucherStatus"], cancelled.json()["openAmount"]) == ("open", 119.0)
    assert cancelled.json()["paymentItems"] == []
    assert org.get(f"/v1/invoices/{invoice}").json()["version"] == version + 1
    none_left = org.control(
        "POST", f"/vouchers/{invoice}/payments:cancel", json={"type": "partPaymentCreditNote"}
    )
    assert none_left.status_code == 409
    unknown = org.control("POST", f"/vouchers/{invoice}/payments:cancel", json={"type": "gift"})
    assert unknown.status_code == 400
    org.control(
        "POST",
        f"/vouchers/{invoice}/payments",
        json={"amount": 119, "type": "partPaymentFinancialTransaction"},
    ).raise_for_status()
    paid = org.get(f"/v1/payments/{invoice}").json()
    assert paid["voucherStatus"] == "paid"
    assert [i["paymentItemType"] for i in paid["paymentItems"]] == [
        "partPaymentFinancialTransaction"
    ]


# dunnings


def test_dunning_creation_validation_and_pdf(http: httpx.Client) -> None:
    org = Org(http)
    customer = org.contact(company={"name": "Kunde GmbH"})
    invoice = org.voucher(contactId=customer, voucherNumber="RE-5")
    one_time = org.voucher(contactId=None, contactName="Laufkunde Meier")
    bookkept = org.voucher(voucherType="salesinvoice", contactId=customer)

    created = org.post(
        f"/v1/dunnings?precedingSalesVoucherId={invoice}", json=dunning_body(customer)
    )
    assert created.status_code == 201, created.text
    receipt = created.json()
    assert set(receipt) == {"id", "resourceUri", "createdDate", "updatedDate", "version"}
    assert created.headers["location"] == receipt["resourceUri"]
    assert receipt["resourceUri"].endswith(f"/v1/dunnings/{receipt['id']}")

    dunning = org.get(f"/v1/dunnings/{receipt['id']}").json()
    assert dunning["voucherStatus"] == "draft"
    assert dunning["title"] == "1. Mahnung"
    assert dunning["relatedVouchers"] == [
        {"id": invoice, "voucherNumber": "RE-5", "voucherType": "invoice"}
    ]
    assert dunning["address"]["contactId"] == customer
    assert dunning["address"]["name"] == "Kunde GmbH"
    assert dunning["totalPrice"]["totalGrossAmount"] == 5.0
    document = org.get(f"/v1/dunnings/{receipt['id']}/file", headers={"Accept": "*/*"})
    assert document.headers["content-type"] == "application/pdf"
    assert document.content.startswith(b"%PDF-")
    assert b"1. Mahnung" in document.content
    assert (
        org.get(f"/v1/dunnings/{receipt['id']}/file", headers={"Accept": "text/html"}).status_code
        == 406
    )
    file_id = org.get(f"/v1/dunnings/{receipt['id']}/document").json()["documentFileId"]
    assert org.get(f"/v1/files/{file_id}").content.startswith(b"%PDF-")

    one = org.post(f"/v1/dunnings?precedingSalesVoucherId={one_time}", json=dunning_body())
    assert one.status_code == 201
    one_address = org.get(f"/v1/dunnings/{one.json()['id']}").json()["address"]
    assert one_address["name"] == "Laufkunde Meier"

    def refused(url: str, body: Any, status: int = 406, **kwargs: Any) -> dict[str, Any]:
        return assert_regular_error(org.post(url, json=body, **kwargs), status, "/v1/dunnings")

    url = f"/v1/dunnings?precedingSalesVoucherId={invoice}"
    assert refused("/v1/dunnings", dunning_body(customer), 400)["details"][0]["field"] == (
        "precedingSalesVoucherId"
    )
    wrong_kind = refused(f"/v1/dunnings?precedingSalesVoucherId={bookkept}", dunning_body(customer))
    assert wrong_kind["details"][0]["field"] == "precedingSalesVoucherId"
    assert refused("/v1/dunnings?precedingSalesVoucherId=nope", dunning_body(customer))["details"]
    fields = {d["field"] for d in refused(url, {"title": "x" * 26})["details"]}
    assert fields >= {
        "voucherDate",
        "address",
        "lineItems",
        "taxConditions.taxType",
        "shippingConditions.shippingType",
        "totalPrice.currency",
        "title",
    }
    other = org.contact(company={"name": "Andere GmbH"})
    mismatch = refused(url, dunning_body(other))
    assert [d["field"] for d in mismatch["details"]] == ["address.contactId"]
    empty = refused(url, dunning_body(customer, lineItems=[]))
    assert [d["field"] for d in empty["details"]] == ["lineItems"]
    no_country = refused(
        f"/v1/dunnings?precedingSalesVoucherId={one_time}", dunning_body(address={"name": "X"})
    )
    assert [d["field"] for d in no_country["details"]] == ["address.countryCode"]
    bad_date = refused(url, dunning_body(customer, voucherDate="2026-03-10"))
    assert [d["field"] for d in bad_date["details"]] == ["voucherDate"]
    not_json = org.post(url, content=b"voucherDate=x", headers={"Content-Type": "text/plain"})
    assert_regular_error(not_json, 415, "/v1/dunnings")

    stored = org.control("GET", "/dunnings", params={"invoiceId": invoice}).json()["dunnings"]
    assert [d["id"] for d in stored] == [receipt["id"]]


# rate limit


def test_rate_limit_refuses_calls_without_executing_them(http: httpx.Client) -> None:
    org = Org(http)
    customer = org.contact()
    invoice = org.voucher(contactId=customer)
    http.put("/_sandbox/rate", json={"perSecond": 2}).raise_for_status()
    url = f"/v1/dunnings?precedingSalesVoucherId={invoice}"
    answers = [org.post(url, json=dunning_body(customer)) for _ in range(6)]
    statuses = [answer.status_code for answer in answers]
    assert set(statuses) == {201, 429}, statuses
    assert statuses[:2] == [201, 201]
    refusal = next(answer for answer in answers if answer.status_code == 429)
    assert refusal.headers["retry-after"] == "1"
    assert assert_regular_error(refusal, 429, "/v1/dunnings")["message"] == "Rate limit exceeded"
    stored = org.control("GET", "/dunnings").json()["dunnings"]
    assert len(stored) == statuses.count(201)

    time.sleep(0.55)
    assert org.get("/v1/profile").status_code == 200
    other = Org(http, "Andere GmbH")
    assert other.get("/v1/profile").status_code == 200


def test_accepted_calls_never_exceed_the_rate_in_any_window(http: httpx.Client) -> None:
    org = Org(http)
    rate, capacity = 5.0, 5.0
    http.put("/_sandbox/rate", json={"perSecond": rate}).raise_for_status()
    http.delete("/_sandbox/requests").raise_for_status()
    started = time.monotonic()
    while time.monotonic() - started < 2.0:
        org.get("/v1/profile")
    log = http.get("/_sandbox/requests", params={"organizationId": org.id}).json()["requests"]
    accepted = [entry["at"] for entry in log if entry["status"] != 429]
    refused = [entry for entry in log if entry["status"] == 429]
    assert refused
    assert all(entry["path"] == "/v1/profile" for entry in log)
    for first in range(len(accepted)):
        for last in range(first, len(accepted)):
            window = accepted[last] - accepted[first]
            assert last - first + 1 <= capacity + rate * window + 0.05
    assert len(accepted) >= capacity + rate * 1.5


# OAuth


def _pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _authorize(http: httpx.Client, challenge: str | None = None, **extra: str) -> str:
    params = {
        "client_id": "automahntion",
        "response_type": "code",
        "redirect_uri": "http://127.0.0.1:9/callback",
        "state": "xyz",
        **extra,
    }
    if challenge:
        params |= {"code_challenge": challenge, "code_challenge_method": "S256"}
    response = http.get("/oauth2/authorize", params=params)
    assert response.status_code == 302, response.text
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == params["redirect_uri"]
    query = parse_qs(location.query)
    assert query["state"] == ["xyz"]
    return query["code"][0]


def _token(http: httpx.Client, secret: str = "s3cret", **form: str) -> httpx.Response:
    return http.post("/oauth2/token", data=form, auth=("automahntion", secret))


def test_oauth_code_flow_with_pkce_refresh_rotation_and_revocation(http: httpx.Client) -> None:
    http.post(
        "/_sandbox/oauth-clients",
        json={
            "clientId": "automahntion",
            "clientSecret": "s3cret",
            "redirectUris": ["http://127.0.0.1:9/callback"],
        },
    ).raise_for_status()
    older = Org(http, "Erste GmbH")
    org = Org(http, "Zweite GmbH")
    subscribe = org.post(
        "/v1/event-subscriptions",
        json={"eventType": "token.revoked", "callbackUrl": "http://127.0.0.1:9/never"},
    )
    assert subscribe.status_code == 201

    verifier, challenge = _pkce()
    code = _authorize(http, challenge)
    redirect = "http://127.0.0.1:9/callback"
    wrong = _token(
        http,
        grant_type="authorization_code",
        code=code,
        redirect_uri=redirect,
        code_verifier="wrong" * 10,
    )
    assert (wrong.status_code, wrong.json()["error"]) == (400, "invalid_grant")
    code = _authorize(http, challenge)
    tokens = _token(
        http,
        grant_type="authorization_code",
        code=code,
        redirect_uri=redirect,
        code_verifier=verifier,
    )
    assert tokens.status_code == 200, tokens.text
    issued = tokens.json()
    assert issued["token_type"] == "Bearer"
    assert issued["expires_in"] == 3600
    assert {"access_token", "refresh_token", "scope"} <= set(issued)
    profile = org.get("/v1/profile", token=issued["access_token"]).json()
    assert (profile["organizationId"], profile["connectionId"]) == (
        org.id,
        org.info["connectionId"],
    )
    again = _token(
        http,
        grant_type="authorization_code",
        code=code,
        redirect_uri=redirect,
        code_verifier=verifier,
    )
    assert again.json()["error"] == "invalid_grant"

    older_code = _authorize(http, organization_id=older.id)
    older_tokens = _token(
        http, grant_type="authorization_code", code=older_code, redirect_uri=redirect
    ).json()
    assert (
        org.get("/v1/profile", token=older_tokens["access_token"]).json()["organizationId"]
        == older.id
    )

    code = _authorize(http, challenge)
    issued = _token(
        http,
        grant_type="authorization_code",
        code=code,
        redirect_uri=redirect,
        code_verifier=verifier,
    ).json()
    refreshed = http.post(
        "/oauth2/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": issued["refresh_token"],
            "client_id": "automahntion",
            "client_secret": "s3cret",
        },
    )
    assert refreshed.status_code == 200
    rotated = refreshed.json()
    assert rotated["refresh_token"] != issued["refresh_token"]
    assert rotated["access_token"] != issued["access_token"]
    stale = _token(http, grant_type="refresh_token", refresh_token=issued["refresh_token"])
    assert (stale.status_code, stale.json()["error"]) == (400, "invalid_grant")
    assert org.get("/v1/profile", token=rotated["access_token"]).status_code == 200

    bad_client = _token(http, "wrong", grant_type="refresh_token", refresh_token="x")
    assert (bad_client.status_code, bad_client.json()) == (
        401,
        {"error": "invalid_client"} | {"error_description": bad_client.json()["error_description"]},
    )
    assert _token(http, grant_type="password").json()["error"] == "unsupported_grant_type"
    assert _token(http, grant_type="authorization_code").json()["error"] == "invalid_request"

    revoked = http.post(
        "/oauth2/revoke", data={"token": rotated["refresh_token"]}, auth=("automahntion", "s3cret")
    )
    assert revoked.status_code == 200
    assert org.get("/v1/profile", token=rotated["access_token"]).json() == {
        "message": "Unauthorized"
    }
    after = _token(http, grant_type="refresh_token", refresh_token=rotated["refresh_token"])
    assert after.json()["error"] == "invalid_grant"
    assert org.get("/v1/profile", token=older_tokens["access_token"]).status_code == 200

    unknown = http.get(
        "/oauth2/authorize",
        params={"client_id": "nobody", "response_type": "code", "redirect_uri": redirect},
    )
    assert unknown.status_code == 400
    assert "location" not in unknown.headers
    foreign = http.get(
        "/oauth2/authorize",
        params={
            "client_id": "automahntion",
            "response_type": "code",
            "redirect_uri": "https://evil.example/cb",
        },
    )
    assert foreign.status_code == 400
    assert "location" not in foreign.headers
    logged = http.get("/_sandbox/requests", params={"pathPrefix": "/oauth2/token"}).json()
    assert {entry["status"] for entry in logged["requests"]} >= {200, 400, 401}


def test_expired_and_control_revoked_tokens_are_unauthorized(http: httpx.Client) -> None:
    http.post(
        "/_sandbox/oauth-clients",
        json={
            "clientId": "automahntion",
            "clientSecret": "s3cret",
            "redirectUris": ["http://127.0.0.1:9/callback"],
        },
    ).raise_for_status()
    org = Org(http)
    http.put("/_sandbox/token-lifetime", json={"seconds": 0}).raise_for_status()
    code = _authorize(http)
    expired = _token(
        http, grant_type="authorization_code", code=code, redirect_uri="http://127.0.0.1:9/callback"
    ).json()
    assert expired["expires_in"] == 0
    assert org.get("/v1/profile", token=expired["access_token"]).status_code == 401
    http.put("/_sandbox/token-lifetime", json={"seconds": 60}).raise_for_status()
    fresh = _token(http, grant_type="refresh_token", refresh_token=expired["refresh_token"]).json()
    assert org.get("/v1/profile", token=fresh["access_token"]).status_code == 200

    revoked = org.control("POST", "/revoke-tokens")
    assert revoked.json()["connectionId"] == org.info["connectionId"]
    assert org.get("/v1/profile", token=fresh["access_token"]).status_code == 401
    refused = _token(http, grant_type="refresh_token", refresh_token=fresh["refresh_token"])
    assert refused.json()["error"] == "invalid_grant"
    assert org.get("/v1/profile").status_code == 200


# event subscriptions and signed callbacks


class Receiver:
    """A webhook endpoint that fails the first `failures` calls with 500."""

    def __init__(self, failures: int = 0) -> None:
        self.failures = failures
        self.calls: list[tuple[bytes, str | None]] = []
        self.lock = threading.Lock()

    def app(self) -> Litestar:
        @post("/hook", status_code=200)
        async def hook(request: Request[Any, Any, Any]) -> Response[str]:
            body = await request.body()
            with self.lock:
                self.calls.append((body, request.headers.get("x-lxo-signature")))
                failing = len(self.calls) <= self.failures
            return Response("", status_code=500 if failing else 200)

        return Litestar([hook], logging_config=None, openapi_config=None)

    def wait_for(self, count: int, timeout: float = 5.0) -> list[tuple[bytes, str | None]]:
        deadline = time.monotonic() + timeout
        while len(self.calls) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return list(self.calls)


def _verify(public_pem: str, body: bytes, signature: str) -> None:
    key = serialization.load_pem_public_key(public_pem.encode())
    assert isinstance(key, rsa.RSAPublicKey)
    key.verify(base64.b64decode(signature), body, padding.PKCS1v15(), hashes.SHA512())


def test_event_subscriptions_and_signed_callbacks_with_retries(http: httpx.Client) -> None:
    org = Org(http)
    invoice = org.voucher(totalAmount=100)
    receiver = Receiver(failures=1)
    public_key = http.get("/_sandbox/public-key")
    assert public_key.headers["content-type"].startswith("text/plain")
    assert public_key.text.startswith("-----BEGIN PUBLIC KEY-----")
    with running(receiver.app()) as hook_base:
        callback = f"{hook_base}/hook"
        created = org.post(
            "/v1/event-subscriptions",
            json={"eventType": "payment.changed", "callbackUrl": callback},
        )
        assert created.status_code == 201
        receipt = created.json()
        assert set(receipt) == {"id", "resourceUri", "createdDate", "updatedDate", "version"}
        assert created.headers["location"] == receipt["resourceUri"]
        duplicate = org.post(
            "/v1/event-subscriptions",
            json={"eventType": "payment.changed", "callbackUrl": callback},
        )
        assert_regular_error(duplicate, 409, "/v1/event-subscriptions")
        unknown = org.post(
            "/v1/event-subscriptions", json={"eventType": "invoice.paid", "callbackUrl": callback}
        )
        assert_regular_error(unknown, 406, "/v1/event-subscriptions")
        listed = org.get("/v1/event-subscriptions").json()["content"]
        assert listed == [org.get(f"/v1/event-subscriptions/{receipt['id']}").json()]
        assert listed[0]["subscriptionId"] == receipt["id"]
        assert (listed[0]["eventType"], listed[0]["callbackUrl"]) == ("payment.changed", callback)

        began = time.monotonic()
        org.control("POST", f"/vouchers/{invoice}/payments", json={"amount": 10}).raise_for_status()
        calls = receiver.wait_for(2)
        assert len(calls) == 2
        assert time.monotonic() - began < 2
        first_body, signature = calls[1]
        assert calls[0][0] == first_body
        payload = json.loads(first_body)
        assert first_body == json.dumps(payload, separators=(",", ":")).encode()
        assert list(payload) == ["organizationId", "eventType", "resourceId", "eventDate"]
        assert (payload["organizationId"], payload["eventType"], payload["resourceId"]) == (
            org.id,
            "payment.changed",
            invoice,
        )
        assert signature is not None
        _verify(public_key.text, first_body, signature)
        with pytest.raises(InvalidSignature):
            _verify(public_key.text, first_body.replace(b"payment", b"invoice"), signature)

        deliveries = _deliveries_once(http, 2)
        assert [(d["attempt"], d["status"]) for d in deliveries] == [(1, 500), (2, 200)]
        assert deliveries[0]["callbackUrl"] == callback

        deleted = http.delete(
            f"/v1/event-subscriptions/{receipt['id']}",
            headers={"Authorization": f"Bearer {org.key}"},
        )
        assert deleted.status_code == 204
        assert org.get("/v1/event-subscriptions").json() == {"content": []}
        org.control("POST", f"/vouchers/{invoice}/payments", json={"amount": 10}).raise_for_status()
        time.sleep(0.2)
        assert len(receiver.calls) == 2


def test_status_contact_dunning_and_revocation_events(http: httpx.Client) -> None:
    org = Org(http)
    customer = org.contact(emailAddresses={"business": ["alt@kunde.example"]})
    invoice = org.voucher(contactId=customer, totalAmount=50)
    receiver = Receiver()
    events = (
        "invoice.status.changed",
        "contact.changed",
        "dunning.created",
        "token.revoked",
        "invoice.created",
    )
    with running(receiver.app()) as hook_base:
        for event in events:
            org.post(
                "/v1/event-subscriptions",
                json={"eventType": event, "callbackUrl": f"{hook_base}/hook"},
            ).raise_for_status()
        changed = org.control(
            "PATCH",
            f"/contacts/{customer}",
            json={"emailAddresses": {"business": ["neu@kunde.example"]}},
        )
        assert changed.status_code == 200
        contact = org.get(f"/v1/contacts/{customer}").json()
        assert contact["version"] == 2
        assert contact["emailAddresses"] == {"business": ["neu@kunde.example"]}
        second = org.voucher(contactId=customer)
        org.control("POST", f"/vouchers/{invoice}/payments", json={"amount": 50}).raise_for_status()
        dunning = org.post(
            f"/v1/dunnings?precedingSalesVoucherId={second}", json=dunning_body(customer)
        ).json()
        org.control("POST", "/revoke-tokens").raise_for_status()
        calls = receiver.wait_for(5)
    received = {(p["eventType"], p["resourceId"]) for p in (json.loads(body) for body, _ in calls)}
    assert received == {
        ("contact.changed", customer),
        ("invoice.created", second),
        ("invoice.status.changed", invoice),
        ("dunning.created", dunning["id"]),
        ("token.revoked", org.info["connectionId"]),
    }


# faults and the request log


def test_faults_answer_gateway_errors_and_drop_responses(http: httpx.Client) -> None:
    org = Org(http)
    customer = org.contact()
    invoice = org.voucher(contactId=customer)
    http.post("/_sandbox/faults", json={"count": 2, "status": 503}).raise_for_status()
    assert_regular_error(org.get("/v1/profile"), 503, "/v1/profile")
    assert org.get("/v1/profile").status_code == 503
    assert org.get("/v1/profile").status_code == 200

    http.post("/_sandbox/faults", json={"count": 1, "status": 500}).raise_for_status()
    assert org.get("/v1/profile").json() == {"message": None}
    http.post("/_sandbox/faults", json={"count": 1, "status": 504}).raise_for_status()
    assert org.get("/v1/profile").json() == {"message": "Endpoint request timed out"}
    http.post("/_sandbox/faults", json={"count": 1, "status": 429}).raise_for_status()
    limited = org.get("/v1/profile")
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "1"
    assert limited.json()["message"] == "Rate limit exceeded"

    url = f"/v1/dunnings?precedingSalesVoucherId={invoice}"
    http.post("/_sandbox/faults", json={"count": 1, "status": 503, "pathPrefix": "/v1/dunnings"})
    assert org.get("/v1/profile").status_code == 200
    assert org.post(url, json=dunning_body(customer)).status_code == 503
    assert org.control("GET", "/dunnings").json()["dunnings"] == []

    http.post(
        "/_sandbox/faults",
        json={"count": 1, "status": 504, "dropResponse": True, "pathPrefix": "/v1/dunnings"},
    ).raise_for_status()
    dropped = org.post(url, json=dunning_body(customer))
    assert (dropped.status_code, dropped.json()) == (504, {"message": "Endpoint request timed out"})
    assert len(org.control("GET", "/dunnings").json()["dunnings"]) == 1
    assert http.get("/_sandbox/faults").json() == {"faults": []}


def test_faults_hang_up_with_or_without_executing_and_invoices_list_their_dunnings(
    http: httpx.Client,
) -> None:
    org = Org(http)
    customer = org.contact()
    invoice = org.voucher(contactId=customer)
    url = f"/v1/dunnings?precedingSalesVoucherId={invoice}"
    for execute in (False, True):
        http.post(
            "/_sandbox/faults",
            json={"hangUp": True, "execute": execute, "method": "POST", "pathPrefix": "/v1/"},
        ).raise_for_status()
        assert org.get("/v1/profile").status_code == 200
        with pytest.raises(httpx.RemoteProtocolError):
            org.post(url, json=dunning_body(customer))
    [made] = org.control("GET", "/dunnings").json()["dunnings"]
    related = org.get(f"/v1/invoices/{invoice}").json()["relatedVouchers"]
    assert related == [{"id": made["id"], "voucherNumber": ANY, "voucherType": "dunning"}]
    assert http.get("/_sandbox/faults").json() == {"faults": []}
    refused = http.post("/_sandbox/faults", json={"hangUp": True, "execute": "yes"})
    assert refused.status_code == 400


def test_request_log_records_api_and_oauth_calls_only(http: httpx.Client) -> None:
    org = Org(http)
    other = Org(http, "Andere GmbH")
    http.delete("/_sandbox/requests").raise_for_status()
    org.get("/v1/profile")
    org.get("/v1/voucherlist", params={"voucherType": "invoice", "voucherStatus": "open"})
    other.get("/v1/profile")
    http.get("/v1/profile")
    http.get("/oauth2/authorize", params={"client_id": "nobody"})
    http.get("/_sandbox/today")

    log = http.get("/_sandbox/requests").json()["requests"]
    assert [(e["method"], e["path"], e["status"]) for e in log] == [
        ("GET", "/v1/profile", 200),
        ("GET", "/v1/voucherlist", 200),
        ("GET", "/v1/profile", 200),
        ("GET", "/v1/profile", 401),
        ("GET", "/oauth2/authorize", 400),
    ]
    assert log[1]["query"] == "voucherType=invoice&voucherStatus=open"
    assert log[0]["organizationId"] == org.id
    assert log[3]["organizationId"] is None
    assert all(isinstance(e["at"], float) and e["at"] > 1e9 for e in log)
    mine = http.get("/_sandbox/requests", params={"organizationId": org.id}).json()["requests"]
    assert len(mine) == 2
    oauth = http.get("/_sandbox/requests", params={"pathPrefix": "/oauth2"}).json()["requests"]
    assert len(oauth) == 1


def test_the_clock_is_set_to_an_instant_or_a_day_and_reset(http: httpx.Client) -> None:
    assert http.get("/_sandbox/clock").json()["follows"] == "day"
    instant = http.put("/_sandbox/clock", json={"now": "2028-02-29T23:30:00+00:00"}).json()
    assert (instant["date"], instant["follows"]) == ("2028-03-01", "instant")
    assert instant["now"].startswith("2028-03-01T00:30")
    assert http.get("/_sandbox/today").json() == {"date": "2028-03-01"}
    assert http.put("/_sandbox/clock", json={"now": "gestern"}).status_code == 400
    assert http.put("/_sandbox/today", json={"date": "2027-12-24"}).json()["date"] == "2027-12-24"
    assert http.get("/_sandbox/clock").json()["follows"] == "day"
    assert http.post("/_sandbox/reset").status_code == 204
    assert http.get("/_sandbox/clock").json()["follows"] == "real time"


def test_controls_validate_and_reset(http: httpx.Client) -> None:
    assert http.get("/_sandbox/today").json() == {"date": TODAY}
    org = Org(http)
    unknown = http.post("/_sandbox/organizations/nope/vouchers", json={"voucherType": "invoice"})
    assert unknown.status_code == 404
    assert "message" in unknown.json()
    bad = org.control("POST", "/vouchers", json={"voucherType": "quotation", "totalAmount": 1})
    assert bad.status_code == 400
    assert (
        org.control(
            "POST",
            "/vouchers",
            json={"voucherType": "invoice", "totalAmount": 1, "contactId": "nope"},
        ).status_code
        == 404
    )
    fixed = org.voucher(id="inv-1", voucherNumber="RE-1")
    assert fixed == "inv-1"
    assert (
        org.control(
            "POST", "/vouchers", json={"voucherType": "invoice", "totalAmount": 1, "id": "inv-1"}
        ).status_code
        == 409
    )
    bulk = org.control(
        "POST",
        "/contacts:bulk",
        json={"contacts": [{"company": {"name": f"Firma {n}"}} for n in range(3)]},
    )
    assert bulk.status_code == 201
    assert len(bulk.json()["ids"]) == 3
    assert http.post("/_sandbox/reset").status_code == 204
    assert http.get("/_sandbox/requests").json() == {"requests": []}
    assert org.get("/v1/profile").status_code == 401
    assert http.get("/_sandbox/today").json()["date"] != ""
    assert http.get("/_sandbox/events").json() == {"deliveries": []}
    named = http.post("/_sandbox/organizations", json={"organizationId": "org-1"}).json()
    assert named["organizationId"] == "org-1"
    assert named["companyName"]
    assert http.post("/_sandbox/organizations", json={"organizationId": "org-1"}).status_code == 409


def _deliveries_once(http: httpx.Client, count: int) -> list[dict[str, Any]]:
    """The sandbox records a delivery once the receiver's answer is back, which may be a moment
    after the receiver saw the request."""
    deadline = time.monotonic() + 10
    while True:
        deliveries: list[dict[str, Any]] = http.get("/_sandbox/events").json()["deliveries"]
        if len(deliveries) >= count or time.monotonic() > deadline:
            return deliveries
        time.sleep(0.05)


def test_a_record_is_served_malformed_in_the_views_named_and_mended(http: httpx.Client) -> None:
    org = Org(http)
    customer = org.contact(emailAddresses={"business": ["a@kunde.example"]})
    invoice = org.voucher(contactId=customer, voucherNumber="RE-M1", dueDate="2026-03-01")
    malformed = f"/records/{invoice}/malformed"
    bad = {"set": {"voucherStatus": "partiallypaid", "openAmount": None}, "remove": ["dueDate"]}
    assert org.control("PUT", malformed, json=bad).status_code == 200
    [item] = org.listing(voucherType="invoice", voucherStatus="any")["content"]
    assert (item["voucherStatus"], item["openAmount"], "dueDate" in item) == (
        "partiallypaid",
        None,
        False,
    )
    assert item["voucherNumber"] == "RE-M1"
    assert org.get(f"/v1/payments/{invoice}").json()["voucherStatus"] == "partiallypaid"
    assert "dueDate" not in org.get(f"/v1/invoices/{invoice}").json()

    only_list = {"set": {"totalAmount": "1e999999999"}, "views": ["voucherlist"]}
    assert org.control("PUT", malformed, json=only_list).status_code == 200
    [item] = org.listing(voucherType="invoice", voucherStatus="any")["content"]
    assert item["totalAmount"] == "1e999999999"
    assert org.get(f"/v1/payments/{invoice}").json()["voucherStatus"] == "open"

    person = {"set": {"emailAddresses": "a@kunde.example", "company": None}}
    assert org.control("PUT", f"/records/{customer}/malformed", json=person).status_code == 200
    assert org.get(f"/v1/contacts/{customer}").json()["emailAddresses"] == "a@kunde.example"
    [listed] = org.get("/v1/contacts").json()["content"]
    assert listed["company"] is None

    assert org.control("DELETE", malformed).status_code == 204
    [item] = org.listing(voucherType="invoice", voucherStatus="any")["content"]
    assert (item["voucherStatus"], item["totalAmount"], item["dueDate"][:10]) == (
        "overdue",
        119,
        "2026-03-01",
    )
    for body, status in (
        ({"set": []}, 400),
        ({"remove": "dueDate"}, 400),
        ({"views": ["everything"]}, 400),
    ):
        assert org.control("PUT", malformed, json=body).status_code == status
    assert org.control("PUT", "/records/nope/malformed", json=bad).status_code == 404


def test_a_fault_answers_a_body_of_its_own_even_with_200(http: httpx.Client) -> None:
    org = Org(http)
    html = {"status": 200, "body": "<html>Wartung</html>", "contentType": "text/html"}
    assert http.post("/_sandbox/faults", json=html).status_code == 201
    served = org.get("/v1/voucherlist", params={"voucherType": "any", "voucherStatus": "any"})
    assert (served.status_code, served.headers["content-type"]) == (200, "text/html")
    assert served.text == "<html>Wartung</html>"
    truncated = {"status": 200, "body": '{"content":[{"id":"x"', "pathPrefix": "/v1/profile"}
    http.post("/_sandbox/faults", json=truncated).raise_for_status()
    assert org.get("/v1/profile").text == '{"content":[{"id":"x"'
    assert org.get("/v1/profile").json()["organizationId"] == org.id
    limited = {"status": 429, "body": "slow down", "contentType": "text/plain"}
    http.post("/_sandbox/faults", json=limited).raise_for_status()
    answer = org.get("/v1/profile")
    assert (answer.status_code, answer.text, answer.headers["retry-after"]) == (
        429,
        "slow down",
        "1",
    )
    for refused in ({"status": 200}, {"status": 200, "body": 5}, {"status": 100, "body": ""}):
        assert http.post("/_sandbox/faults", json=refused).status_code == 400

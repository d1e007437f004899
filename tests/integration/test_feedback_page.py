"""The customer's feedback page and the tenant's anonymized report, through a real server on
PostgreSQL: HTML that works without JavaScript, the clear pages for an unknown link, a refused
rating and feedback already given, and exactly one feedback per invoice under concurrent
submission."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from uuid import UUID

import httpx
import pytest

from automahntion.app.access.credentials import issue_api_key
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.settings import Settings
from automahntion.domain.feedback import Feedback, hash_token
from tests.integration.conftest import drop_postgres_database_later, migrated_postgres_database
from tests.integration.event_faults import events_refused
from tests.integration.helpers import contact, invoice
from tests.integration.lexoffice_env import Sandbox, TestClock, serving_api, settings_for
from tests.sandbox_server import free_port

pytestmark = pytest.mark.postgres

QUESTION = "Wie zufrieden waren Sie mit unserer Lieferung?"


@pytest.fixture(scope="module")
def server(sandbox_url: str) -> Iterator[tuple[str, Settings]]:
    name, url = migrated_postgres_database()
    try:
        settings = settings_for(Sandbox(sandbox_url), url, f"http://127.0.0.1:{free_port()}")
        with serving_api(settings) as api_url:
            yield api_url, settings
    finally:
        drop_postgres_database_later(name)


@dataclass
class Shop:
    api_url: str
    container: Container
    tenant_id: UUID
    api_key: str

    async def invoice_with_token(self, number: str, cents: int = 123_45) -> tuple[UUID, str]:
        """An invoice of this shop and the link token a thank-you e-mail would carry."""
        token = secrets.token_urlsafe(32)
        async with self.container.database.unit_of_work() as uow:
            store = uow.tenant(self.tenant_id)
            await store.contacts.upsert([contact("c-1", "anna.muster@kunde.example")])
            await store.invoices.upsert(
                [invoice(number, total_cents=cents, open_cents=0)], self.container.clock.now()
            )
            stored = await store.invoices.by_lexoffice_id(f"lx-{number}")
            await store.feedback.add_token(stored.id, hash_token(token), self.container.clock.now())
        return stored.id, token

    def url(self, token: str) -> str:
        return f"{self.api_url}/feedback/{token}"


@pytest.fixture
async def shop(server: tuple[str, Settings]) -> AsyncIterator[Shop]:
    api_url, settings = server
    container = await Container.start(settings, TestClock())
    key = "amk_" + secrets.token_hex(22)
    try:
        created = await create_tenant(
            container.database.unit_of_work,
            NewTenant(f"Bäckerei Sonnenschein {key[-6:]}", "chef@baeckerei.example"),
            container.clock.now(),
            key,
        )
        async with container.database.unit_of_work() as uow:
            account = uow.tenant(created.tenant.id).account
            settings_now = (await account.get()).settings
            await account.save_settings(replace(settings_now, feedback_question=QUESTION))
        yield Shop(api_url, container, created.tenant.id, key)
    finally:
        await container.stop()


class _Page(HTMLParser):
    """What a person (or a screen reader) finds on the page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.text.append(data.strip())

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def _client() -> httpx.Client:
    return httpx.Client(trust_env=False, timeout=30, follow_redirects=False)


async def test_the_form_is_german_accessible_and_needs_no_script(shop: Shop) -> None:
    _, token = await shop.invoice_with_token("RE-100")
    with _client() as http:
        response = http.get(shop.url(token))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    page = _Page(response.text)
    assert page.all("html") == [{"lang": "de"}]
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in page.all(
        "meta"
    )
    assert page.all("script") == []
    assert QUESTION in page.text
    assert any("Bäckerei Sonnenschein" in t for t in page.text)
    assert len(page.all("fieldset")) == 1
    assert len(page.all("legend")) == 1
    radios = [a for a in page.all("input") if a.get("type") == "radio"]
    assert [r["value"] for r in radios] == ["1", "2", "3", "4", "5"]
    label_targets = {a.get("for") for a in page.all("label")}
    assert {r["id"] for r in radios} | {"kommentar"} <= label_targets
    assert "1 Stern – sehr unzufrieden" in page.text
    assert "5 Sterne – sehr zufrieden" in page.text
    textarea = page.all("textarea")[0]
    assert textarea["maxlength"] == "2000"
    assert textarea["name"] == "comment"
    form = page.all("form")[0]
    assert form["method"] == "post"
    assert form["action"] == f"/feedback/{token}"
    assert ":focus-visible" in response.text


async def test_submit_then_thanks_then_already_given(shop: Shop) -> None:
    invoice_id, token = await shop.invoice_with_token("RE-101")
    with _client() as http:
        given = http.post(shop.url(token), data={"stars": "4", "comment": "  Schnell geliefert  "})
        again = http.get(shop.url(token))
        second = http.post(shop.url(token), data={"stars": "1"})
    assert given.status_code == 200
    assert "Vielen Dank für Ihre Bewertung!" in _Page(given.text).text
    assert again.status_code == 200
    assert "Sie haben bereits bewertet" in _Page(again.text).text
    assert second.status_code == 409
    assert "Sie haben bereits bewertet" in _Page(second.text).text
    async with shop.container.database.unit_of_work() as uow:
        stored = await uow.tenant(shop.tenant_id).feedback.for_invoice(invoice_id)
    assert stored is not None
    assert (stored.stars, stored.comment) == (4, "Schnell geliefert")


@pytest.mark.parametrize(
    "form",
    [
        {},
        {"stars": "0"},
        {"stars": "6"},
        {"stars": "vier"},
        {"stars": "4.5"},
        {"stars": "-1"},
        {"stars": "\u00b2"},
        {"stars": "\u0663"},
        {"stars": "9" * 5000},
    ],
    ids=["none", "0", "6", "word", "4.5", "-1", "superscript-2", "arabic-indic-3", "5000-digits"],
)
async def test_a_rating_outside_1_to_5_gets_the_form_again_with_422(
    shop: Shop, form: dict[str, str]
) -> None:
    invoice_id, token = await shop.invoice_with_token("RE-102")
    with _client() as http:
        refused = http.post(shop.url(token), data={**form, "comment": "Mein <b>Text</b>"})
    assert refused.status_code == 422
    page = _Page(refused.text)
    assert "Bitte wählen Sie zwischen 1 und 5 Sternen." in page.text
    assert any(a.get("role") == "alert" for a in page.all("div"))
    assert "Mein &lt;b&gt;Text&lt;/b&gt;" in refused.text, "what was typed stays, escaped"
    async with shop.container.database.unit_of_work() as uow:
        assert await uow.tenant(shop.tenant_id).feedback.for_invoice(invoice_id) is None


async def test_a_comment_over_2000_characters_is_refused(shop: Shop) -> None:
    _, token = await shop.invoice_with_token("RE-103")
    with _client() as http:
        refused = http.post(shop.url(token), data={"stars": "3", "comment": "x" * 2001})
        taken = http.post(shop.url(token), data={"stars": "3", "comment": "x" * 2000})
    assert refused.status_code == 422
    assert "höchstens 2000 Zeichen" in refused.text
    assert taken.status_code == 200


async def test_an_unknown_link_gets_a_clear_404_page(shop: Shop) -> None:
    with _client() as http:
        unknown = http.get(shop.url(secrets.token_urlsafe(32)))
        posted = http.post(shop.url(secrets.token_urlsafe(32)), data={"stars": "5"})
        long = http.get(shop.url("x" * 500))
    for response in (unknown, posted, long):
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
        assert "Dieser Link ist ungültig" in _Page(response.text).text


async def test_concurrent_submissions_store_one_feedback_and_the_losers_get_409(
    shop: Shop,
) -> None:
    rounds = []
    for n in range(4):
        invoice_id, token = await shop.invoice_with_token(f"RE-2{n:02d}")
        async with httpx.AsyncClient(trust_env=False, timeout=30) as http:
            responses = await asyncio.gather(
                *(
                    http.post(shop.url(token), data={"stars": str(1 + i % 5), "comment": f"#{i}"})
                    for i in range(6)
                )
            )
        rounds.append(sorted(r.status_code for r in responses))
        async with shop.container.database.unit_of_work() as uow:
            stored = await uow.tenant(shop.tenant_id).feedback.for_invoice(invoice_id)
        assert stored is not None
        winner = [r for r in responses if r.status_code == 200]
        assert len(winner) == 1
        assert all("Sie haben bereits bewertet" in r.text for r in responses if r is not winner[0])
    assert rounds == [[200, 409, 409, 409, 409, 409]] * 4


async def test_the_report_is_anonymized(shop: Shop) -> None:
    tokens = []
    for n, cents in enumerate((987_65, 543_21, 777_77)):
        tokens.append(await shop.invoice_with_token(f"GEHEIM-{n}", cents))
    with _client() as http:
        for (_, token), stars, text in zip(
            tokens, (5, 2, 4), ("Top Brötchen", "Zu spät", ""), strict=True
        ):
            assert http.post(shop.url(token), data={"stars": stars, "comment": text}).is_success
    async with shop.container.database.unit_of_work() as uow:
        store = uow.tenant(shop.tenant_id)
        await store.invoices.upsert([invoice("GEHEIM-9", total_cents=111_11)], datetime.now(UTC))
        old = await store.invoices.by_lexoffice_id("lx-GEHEIM-9")
        await store.feedback.add(
            Feedback(str(old.id), 3, "Im Oktober", datetime(2026, 10, 5, 9, tzinfo=UTC))
        )
    headers = {"Authorization": f"Bearer {shop.api_key}"}
    with httpx.Client(base_url=shop.api_url, headers=headers, trust_env=False) as api:
        everything = api.get("/v1/feedback/report")
        november = api.get("/v1/feedback/report", params={"from": "2026-11", "to": "2026-11"})
        bad = api.get("/v1/feedback/report", params={"from": "2026-13"})
        anonymous = httpx.get(shop.api_url + "/v1/feedback/report", trust_env=False)
    assert everything.status_code == 200, everything.text
    report = everything.json()
    assert report["count"] == 4
    assert report["average"] == 3.5
    assert report["distribution"] == [
        {"stars": 1, "count": 0},
        {"stars": 2, "count": 1},
        {"stars": 3, "count": 1},
        {"stars": 4, "count": 1},
        {"stars": 5, "count": 1},
    ]
    assert report["trend"] == [
        {"month": "2026-10", "count": 1, "average": 3.0},
        {"month": "2026-11", "count": 3, "average": 3.67},
    ]
    assert report["comments"] == [
        {"month": "2026-10", "stars": 3, "text": "Im Oktober"},
        {"month": "2026-11", "stars": 5, "text": "Top Brötchen"},
        {"month": "2026-11", "stars": 2, "text": "Zu spät"},
    ]
    assert november.json()["count"] == 3
    assert bad.status_code == 422, bad.text
    assert bad.headers["content-type"] == "application/problem+json"
    assert anonymous.status_code == 401
    serialized = json.dumps(report, ensure_ascii=False) + everything.text
    forbidden = ["GEHEIM", "anna.muster", "kunde.example", "Café Morgenrot", "lx-"]
    forbidden += [str(invoice_id) for invoice_id, _ in tokens] + [str(old.id)]
    forbidden += [token for _, token in tokens]
    for cents in (987_65, 543_21, 777_77, 111_11):
        forbidden += [str(cents), f"{cents / 100:.2f}", f"{cents / 100:.2f}".replace(".", ",")]
    for needle in forbidden:
        assert needle not in serialized, needle


def _events(shop: Shop, key: str | None = None) -> list[dict[str, Any]]:
    with httpx.Client(base_url=shop.api_url, trust_env=False, timeout=30) as api:
        answer = api.get(
            "/v1/events",
            params={"limit": 200},
            headers={"Authorization": f"Bearer {key or shop.api_key}"},
        )
    assert answer.status_code == 200, answer.text
    return list(answer.json()["items"])


async def test_each_feedback_is_one_anonymous_event_and_a_refused_one_is_none(
    shop: Shop,
) -> None:
    """The losers of concurrent submissions roll back at the unique index: no event of theirs."""
    _, token = await shop.invoice_with_token("GEHEIM-77", 777_77)
    async with httpx.AsyncClient(trust_env=False, timeout=30) as http:
        responses = await asyncio.gather(
            *(http.post(shop.url(token), data={"stars": "4", "comment": "Gut"}) for _ in range(4))
        )
    _, refused = await shop.invoice_with_token("RE-301")
    failed_id, failing = await shop.invoice_with_token("RE-302")
    with _client() as http:
        invalid = http.post(shop.url(refused), data={"stars": "9"})
        async with events_refused(shop.container.database.engine, "feedback.received"):
            failed = http.post(shop.url(failing), data={"stars": "2"})
        async with shop.container.database.unit_of_work() as uow:
            kept = await uow.tenant(shop.tenant_id).feedback.for_invoice(failed_id)
        retried = http.post(shop.url(failing), data={"stars": "2"})
    limited = await issue_api_key(
        shop.container.database.unit_of_work,
        shop.tenant_id,
        "nur Rechnungen",
        shop.container.clock.now(),
        ("invoices:read",),
    )

    events = [e for e in _events(shop) if e["type"] == "feedback.received"]
    without_scope = _events(shop, limited.api_key)

    assert sorted(r.status_code for r in responses) == [200, 409, 409, 409]
    assert invalid.status_code == 422
    assert failed.status_code == 500
    assert kept is None, "the feedback went with the event it could not record"
    assert retried.status_code == 200
    assert [e["data"]["stars"] for e in events] == [4, 2]
    event = events[0]
    assert event["data"] == {"stars": 4, "comment": "Gut", "month": "2026-11"}
    assert event["occurredAt"].endswith("Z")
    assert "feedback.received" not in {e["type"] for e in without_scope}

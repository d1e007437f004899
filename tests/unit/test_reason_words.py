"""Why a message was held or failed: German wherever the tenant reads it (the digest, the
attention and review lists), English for the operator (the cycle report), one stable code."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from uuid import UUID, uuid4

import pytest

from automahntion.adapters.lexoffice.client import LexofficeRefused
from automahntion.adapters.pdf import DocumentFailed
from automahntion.app.dunning import Outcome, send_day
from automahntion.app.lexoffice.ports import (
    LexofficeDisconnected,
    LexofficeNotFound,
    LexofficeOutcomeUnknown,
    LexofficeUnavailable,
)
from automahntion.app.mail.ports import MailProblem, MailRefused
from automahntion.app.mail.rendering import TemplateInvalid
from automahntion.app.messages.reasons import Reason, ReasonCode
from automahntion.app.messages.records import MessageState, SentMessage
from automahntion.app.post.provider import PostalNotFound, PostalRefused, PostalUnavailable
from automahntion.app.review import attention
from automahntion.app.review.attention import Situation, digest_text
from automahntion.app.review.items import ReviewItem, ReviewKind
from automahntion.domain.day_plan import Channel
from automahntion.domain.errors import NoBaseRate
from automahntion.domain.levels import Level
from tests.fakes.dunning import NOW, Fakes, a_day, contact, invoice

FACTS = {"error": "404", "level": "M1", "status": "paid", "open_cents": 12345, "text": "x"}
EVERY_REASON = [Reason.of(code, **FACTS) for code in ReasonCode if code is not ReasonCode.OTHER]
ENGLISH = re.compile(
    r"\b(not|could|the|sent|due|again|failed|available|says|reachable|invoice|template|"
    r"document|refused|unexpected|review|store|stopped|(?<!E-)mail|provider|amounts|open|paid|"
    r"language|configured|uncertain|check|earlier|attempt)\b",
    re.IGNORECASE,
)
GERMAN = re.compile(
    r"\b(nicht|Rechnung|Versandtag|ließ|wurde|Grund|erneut|fällig|laut|offen|bezahlt|"
    r"Vorlage|Beträge|Zahlungsprüfung)\b"
)


@pytest.mark.parametrize("reason", EVERY_REASON, ids=lambda r: r.code.value)
def test_each_reason_has_german_words_for_the_tenant_and_english_for_the_operator(
    reason: Reason,
) -> None:
    assert ENGLISH.findall(reason.german) == [], reason.german
    assert GERMAN.findall(reason.english) == [], reason.english
    assert "?" not in reason.german + reason.english, "every fact it names is filled in"


def test_a_settled_invoice_says_its_state_and_amount_in_each_language() -> None:
    settled = Reason.settled("paid", 12345)
    assert settled.german == "nicht versendet: laut lexoffice bezahlt, offen 123,45 €"
    assert settled.english == "not sent: lexoffice says paid, open 12345"


@pytest.mark.parametrize("reason", [*EVERY_REASON, Reason.settled("voided", 0).about("RE-7")])
def test_a_stored_reason_reads_back_the_same(reason: Reason) -> None:
    assert Reason.decode(reason.encode()) == reason


def test_a_text_stored_before_there_were_codes_reads_back_as_it_was() -> None:
    old = Reason.decode("550 mailbox unavailable")
    assert old.code is ReasonCode.OTHER
    assert old.german == old.english == "550 mailbox unavailable"


def _message(reason: Reason, state: MessageState) -> SentMessage:
    return SentMessage(
        id=uuid4(),
        invoice_id=uuid4(),
        level=Level.M1,
        channel=Channel.EMAIL,
        state=state,
        message_id="<m1@test>",
        day=NOW.date(),
        claimed_at=NOW,
        attempts=1,
        failure_reason=reason,
        finished_at=NOW,
    )


@dataclass
class _AttentionReads:
    """Every message the list asks for (a held one still awaits a decision)."""

    found: list[SentMessage]

    async def messages(self, states: list[MessageState], *_: object) -> list[SentMessage]:
        return [m for m in self.found if m.state in states]


@dataclass
class _Invoices:
    async def numbers(self, ids: list[UUID]) -> dict[UUID, str]:
        return dict.fromkeys(ids, "RE-1")


@dataclass
class _Store:
    attention_reads: _AttentionReads
    invoices: _Invoices = field(default_factory=_Invoices)


async def test_a_digest_of_every_reason_is_german() -> None:
    held = [_message(r, MessageState.HELD) for r in EVERY_REASON]
    failed = [_message(r, MessageState.FAILED) for r in EVERY_REASON]
    day = a_day([invoice("RE-1", contact(1))], [contact(1)])
    situation = Situation(_Store(_AttentionReads(held + failed)), day.tenant, NOW)  # type: ignore[arg-type]
    items = await attention.messages(situation)
    assert {item.reason.code for item in items if item.reason} == {r.code for r in EVERY_REASON}

    text = digest_text(day.tenant, items[: len(items) // 2], items[len(items) // 2 :])

    assert ENGLISH.findall(text) == [], text
    assert "das PDF der Rechnung ist nicht verfügbar (technischer Fehler)" in text


def test_a_held_review_item_says_why_in_both_languages() -> None:
    why = Reason.failed(ReasonCode.AMOUNTS_FAILED, ZeroDivisionError())
    message = _message(why, MessageState.HELD)
    item = ReviewItem(
        uuid4(), ReviewKind.MESSAGE_HELD, message.invoice_id, "RE-1", Level.M1, None, NOW, message
    )
    assert item.held_because == why
    assert item.reason.german.endswith(
        "Grund: die Beträge ließen sich nicht berechnen (ungültige oder unvollständige Daten)"
    )
    assert item.reason.english.endswith(": the amounts could not be computed (ZeroDivisionError)")


async def test_the_cycle_report_stays_english() -> None:
    day = a_day([invoice("RE-1", contact(1))], [contact(1)])
    fakes = Fakes()
    fakes.documents.missing = Reason.of(ReasonCode.INVOICE_PDF_MISSING, error="404")
    report = await send_day(fakes.ports(), day, day.plan(NOW, sending=True))
    [line] = report.lines
    assert line.kind is Outcome.HELD
    assert line.outcome == "needs attention: invoice PDF not available (404)"
    assert GERMAN.findall(line.outcome) == []
    [record] = fakes.ledger.records.values()
    assert record.reason == fakes.documents.missing


ADAPTER_ERRORS = [
    LexofficeRefused(403, "Forbidden"),
    LexofficeRefused(404, "Not Found"),
    LexofficeRefused(406, "validation_failure: title too long"),
    LexofficeRefused(429, "Too Many Requests"),
    LexofficeUnavailable("lexoffice did not answer after 3 attempts: ReadTimeout"),
    LexofficeDisconnected("the lexoffice connection was removed"),
    LexofficeNotFound("lexoffice keeps no document of a voucher"),
    LexofficeOutcomeUnknown("504 Gateway Timeout"),
    PostalRefused(422, "address incomplete"),
    PostalNotFound(404, "no such letter"),
    PostalUnavailable("the postal provider answered 503"),
    DocumentFailed("wkhtmltopdf exited with 1: Qt exploded"),
    TemplateInvalid("'foo' is undefined"),
    NoBaseRate("2026-12-01"),
    TimeoutError("timed out"),
    ConnectionResetError("Connection reset by peer"),
    ZeroDivisionError("division by zero"),
    RuntimeError("something odd"),
    *(
        MailRefused(f"550 5.0.0 {problem.value} refused", permanent=True, problem=problem)
        for problem in MailProblem
    ),
]


@pytest.mark.parametrize("error", ADAPTER_ERRORS, ids=lambda e: f"{type(e).__name__}-{e}")
@pytest.mark.parametrize("code", [c for c in ReasonCode if c is not ReasonCode.OTHER])
def test_an_adapters_error_reads_in_german_words_for_the_tenant_and_its_own_for_the_operator(
    code: ReasonCode, error: Exception
) -> None:
    reason = Reason.failed(code, error, level="M1")
    own_words = str(error)
    assert own_words not in reason.german, reason.german
    assert ENGLISH.findall(reason.german) == [], reason.german
    assert GERMAN.findall(reason.english) == [], reason.english
    if "{error}" in _english_template(code):
        assert own_words in reason.english


def _english_template(code: ReasonCode) -> str:
    return Reason(code, (("error", "{error}"),)).english


def test_each_kind_of_error_has_its_own_german_words() -> None:
    words = [Reason.failed(ReasonCode.MAIL_REFUSED, error).german for error in ADAPTER_ERRORS]
    assert words[0] == ("die E-Mail wurde nicht zugestellt (lexoffice hat den Zugriff verweigert)")
    assert "Postfach des Empfängers ist voll" in " ".join(words)
    assert len(set(words)) == len(words) - 1, "a 404 from lexoffice reads as its not-found"


def test_a_reason_stored_before_kinds_reads_in_german_without_the_english_text() -> None:
    old = Reason.decode('{"code": "mail_refused", "facts": {"error": "550 5.1.1 No such user"}}')
    assert old.german == "die E-Mail wurde nicht zugestellt (technischer Fehler)"
    assert old.english == "refused by the mail server (550 5.1.1 No such user)"

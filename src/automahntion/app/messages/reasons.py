"""Why a message was held, failed or not sent: a code with its facts, worded in German where the
tenant reads it (digest, API) and in English where the operator does (command line, logs).

What the facts hold of an error is its own words (`error`, passed on as they came, for the
operator) and its kind (`kind`, see `error_kinds`), which the tenant reads in German.
Stored as a small JSON object in the message's `failure_reason`; a text stored before there were
codes reads back as `OTHER` with that text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from automahntion.app.messages.error_kinds import german as german_kind
from automahntion.app.messages.error_kinds import kind_of


class ReasonCode(StrEnum):
    """Why a message was held or failed, as a stable code (the German wording is beside it)."""

    LEXOFFICE_UNREACHABLE = "lexoffice_unreachable"
    RECHECK_FAILED = "recheck_failed"
    SETTLED = "settled"
    LANGUAGE_UNREADABLE = "language_unreadable"
    INVOICE_NOT_DELIVERED = "invoice_not_delivered"
    DETAILS_NOT_DELIVERED = "details_not_delivered"
    AMOUNTS_FAILED = "amounts_failed"
    TEMPLATE_FAILED = "template_failed"
    INVOICE_PDF_MISSING = "invoice_pdf_missing"
    DOCUMENT_FAILED = "document_failed"
    NO_DOCUMENT_STORE = "no_document_store"
    NO_RENDERER = "no_renderer"
    DOCUMENT_UNCERTAIN = "document_uncertain"
    DUNNING_NOT_CREATED = "dunning_not_created"
    TRANSPORT_UNAVAILABLE = "transport_unavailable"
    MAIL_REFUSED = "mail_refused"
    POSTAL_FAILED = "postal_failed"
    STOPPED = "stopped"
    PAUSED = "paused"
    PAID_MEANWHILE = "paid_meanwhile"
    HANDED_OVER_MEANWHILE = "handed_over_meanwhile"
    DEACTIVATED = "deactivated"
    RESOLVED_NOT_SENT = "resolved_not_sent"
    NOT_SENT = "not_sent"
    UNEXPECTED = "unexpected"
    OTHER = "other"
    """A text stored before there were codes."""


_WORDS: dict[ReasonCode, tuple[str, str]] = {
    ReasonCode.LEXOFFICE_UNREACHABLE: (
        "lexoffice nicht erreichbar: am nächsten Versandtag erneut fällig",
        "lexoffice not reachable: due again next sending day",
    ),
    ReasonCode.RECHECK_FAILED: (
        "Zahlungsprüfung in lexoffice fehlgeschlagen{cause}: am nächsten Versandtag erneut fällig",
        "payment re-check failed ({error}): due again next sending day",
    ),
    ReasonCode.SETTLED: (
        "nicht versendet: laut lexoffice {status_de}, offen {open_de}",
        "not sent: lexoffice says {status}, open {open_cents}",
    ),
    ReasonCode.LANGUAGE_UNREADABLE: (
        "die Sprache der Rechnung ließ sich nicht lesen{cause}: am nächsten Versandtag erneut "
        "fällig",
        "the invoice's language could not be read ({error}): due again next sending day",
    ),
    ReasonCode.INVOICE_NOT_DELIVERED: (
        "lexoffice liefert die Rechnung für die Zahlungsprüfung nicht{cause}",
        "lexoffice does not deliver the invoice for the payment re-check ({error})",
    ),
    ReasonCode.DETAILS_NOT_DELIVERED: (
        "lexoffice liefert die Details der Rechnung (Sprache) nicht{cause}",
        "lexoffice does not deliver the invoice's details (language) ({error})",
    ),
    ReasonCode.AMOUNTS_FAILED: (
        "die Beträge ließen sich nicht berechnen{cause}",
        "the amounts could not be computed ({error})",
    ),
    ReasonCode.TEMPLATE_FAILED: (
        "die Vorlage für {level} ließ sich nicht ausfüllen{cause}",
        "the {level} template could not be rendered ({error})",
    ),
    ReasonCode.INVOICE_PDF_MISSING: (
        "das PDF der Rechnung ist nicht verfügbar{cause}",
        "invoice PDF not available ({error})",
    ),
    ReasonCode.DOCUMENT_FAILED: (
        "das Mahndokument ließ sich nicht erstellen{cause}",
        "the dunning document could not be made ({error})",
    ),
    ReasonCode.NO_DOCUMENT_STORE: (
        "kein Dokumentenspeicher eingerichtet",
        "no document store",
    ),
    ReasonCode.NO_RENDERER: (
        "keine Erstellung von Briefdokumenten eingerichtet",
        "no document renderer configured",
    ),
    ReasonCode.DOCUMENT_UNCERTAIN: (
        "unklar, ob lexoffice das Mahndokument eines früheren Versuchs angelegt hat: bitte in "
        "lexoffice nachsehen und das Ergebnis eintragen",
        "the dunning document of an earlier attempt is uncertain: check lexoffice, then review",
    ),
    ReasonCode.DUNNING_NOT_CREATED: (
        "lexoffice hat die Mahnung nicht angelegt{cause}: am nächsten Versandtag erneut fällig",
        "lexoffice did not create the dunning ({error}): due again next sending day",
    ),
    ReasonCode.TRANSPORT_UNAVAILABLE: (
        "der Mailversand ließ sich nicht öffnen{cause}",
        "the mail transport could not be opened ({error})",
    ),
    ReasonCode.MAIL_REFUSED: (
        "die E-Mail wurde nicht zugestellt{cause}",
        "refused by the mail server ({error})",
    ),
    ReasonCode.POSTAL_FAILED: (
        "der Brief wurde nicht versendet{cause}",
        "not taken by the postal provider ({error})",
    ),
    ReasonCode.STOPPED: (
        "nicht versendet: der Dienst wurde vor der Übergabe beendet; am nächsten Versandtag "
        "erneut fällig",
        "not sent: the service stopped before handing it over; due again next sending day",
    ),
    ReasonCode.PAUSED: (
        "nicht versendet: Mahnstopp gesetzt, bevor sie übergeben wurde; erneut fällig, wenn er "
        "endet",
        "not sent: paused (Mahnstopp) before it was handed over; due again when the pause ends",
    ),
    ReasonCode.HANDED_OVER_MEANWHILE: (
        "nicht versendet: die Rechnung wurde abgegeben (z. B. an ein Inkassobüro), bevor sie "
        "übergeben wurde",
        "not sent: the invoice was handed over (e.g. to a collection agency) before it was "
        "handed to the transport",
    ),
    ReasonCode.PAID_MEANWHILE: (
        "nicht versendet: lexoffice meldete eine Zahlung, bevor sie übergeben wurde; erneut "
        "fällig, wenn noch etwas offen ist",
        "not sent: lexoffice told of a payment before it was handed over; due again if "
        "something is still open",
    ),
    ReasonCode.DEACTIVATED: (
        "nicht versendet: Versand deaktiviert, bevor sie übergeben wurde; erneut fällig, wenn er "
        "wieder aktiviert ist",
        "not sent: sending was deactivated before it was handed over; due again once activated",
    ),
    ReasonCode.RESOLVED_NOT_SENT: (
        "bei der Prüfung als nicht versendet markiert",
        "resolved in review: not sent",
    ),
    ReasonCode.NOT_SENT: ("nicht versendet", "not sent"),
    ReasonCode.UNEXPECTED: ("unerwarteter Fehler{cause}", "unexpected failure ({error})"),
    ReasonCode.OTHER: ("{text}", "{text}"),
}

_STATUS_DE = {
    "draft": "Entwurf",
    "open": "offen",
    "overdue": "überfällig",
    "paid": "bezahlt",
    "paidoff": "bezahlt",
    "voided": "storniert",
    "transferred": "Überweisung unterwegs",
    "sepadebit": "Lastschrift unterwegs",
}


def _euros_de(cents: int) -> str:
    grouped = f"{abs(cents) // 100:,}".replace(",", ".")
    return f"{'-' if cents < 0 else ''}{grouped},{abs(cents) % 100:02d} €"


def _error_words(error: BaseException) -> str:
    return str(error) or type(error).__name__


def _cause(facts: dict[str, str]) -> str:
    """The error's kind in German, in brackets; nothing for a reason without an error."""
    if "error" not in facts and "kind" not in facts:
        return ""
    return f" ({german_kind(facts.get('kind'))})"


@dataclass(frozen=True)
class Reason:
    code: ReasonCode
    facts: tuple[tuple[str, str], ...] = ()
    """Named values the words are filled with (all text)."""
    invoice_number: str | None = None
    """Set in a message for several invoices: the invoice the reason is about."""

    @classmethod
    def of(cls, code: ReasonCode, **facts: object) -> Reason:
        return cls(code, tuple(sorted((name, str(value)) for name, value in facts.items())))

    @classmethod
    def failed(cls, code: ReasonCode, error: BaseException, **facts: object) -> Reason:
        """What failed: the error's kind (worded in German for the tenant) and its own words
        (for the operator)."""
        return cls.of(code, error=_error_words(error), kind=kind_of(error), **facts)

    @classmethod
    def settled(cls, status: str, open_cents: int) -> Reason:
        return cls.of(ReasonCode.SETTLED, status=status, open_cents=open_cents)

    def about(self, invoice_number: str) -> Reason:
        return Reason(self.code, self.facts, invoice_number)

    @property
    def german(self) -> str:
        """For the tenant: the digest, the API."""
        return self._words(0)

    @property
    def english(self) -> str:
        """For the operator: the command line, the logs."""
        return self._words(1)

    def _words(self, language: int) -> str:
        facts = dict(self.facts)
        if self.code is ReasonCode.SETTLED:
            status = facts.get("status", "")
            facts["status_de"] = _STATUS_DE.get(status, status)
            facts["open_de"] = _euros_de(int(facts.get("open_cents", "0") or 0))
        if language == 0:
            facts["cause"] = _cause(facts)
        words = _WORDS[self.code][language].format_map(_Missing(facts))
        return f"{self.invoice_number}: {words}" if self.invoice_number else words

    def encode(self) -> str:
        stored: dict[str, Any] = {"code": self.code.value, "facts": dict(self.facts)}
        if self.invoice_number:
            stored["invoice"] = self.invoice_number
        return json.dumps(stored, ensure_ascii=False, sort_keys=True)

    @classmethod
    def decode(cls, stored: str) -> Reason:
        """A stored reason; a plain text (stored before there were codes) as `OTHER`."""
        try:
            found = json.loads(stored)
            code = ReasonCode(found["code"])
            facts = tuple(sorted((str(k), str(v)) for k, v in dict(found.get("facts", {})).items()))
            invoice = found.get("invoice")
            return cls(code, facts, str(invoice) if invoice else None)
        except (ValueError, TypeError, KeyError, AttributeError):
            return cls.of(ReasonCode.OTHER, text=stored)


class _Missing(dict[str, str]):
    """A fact missing from an old record reads as "?" rather than failing the listing."""

    def __missing__(self, key: str) -> str:
        return "?"

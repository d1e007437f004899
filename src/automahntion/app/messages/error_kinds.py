"""What kind of error stopped a message, in German words for the tenant.

An error's own text comes from our adapters, a library or a server and is English (or
whatever the server answered): it stays in the operator's words. The tenant reads the kind,
told from the exception's type (and, for a refusal, the status it carries).
"""

from __future__ import annotations

from enum import StrEnum

from automahntion.app.lexoffice.ports import (
    LexofficeDisconnected,
    LexofficeNotFound,
    LexofficeOutcomeUnknown,
    LexofficeUnavailable,
)
from automahntion.app.mail.ports import MailOutcomeUnknown, MailProblem, MailRefused
from automahntion.app.mail.rendering import TemplateInvalid
from automahntion.app.post.letter_layout import DocumentNotMade
from automahntion.app.post.provider import PostalNotFound, PostalRefused, PostalUnavailable
from automahntion.domain.errors import NoBaseRate


class ErrorKind(StrEnum):
    LEXOFFICE_DISCONNECTED = "lexoffice_disconnected"
    LEXOFFICE_ACCESS_DENIED = "lexoffice_access_denied"
    LEXOFFICE_REJECTED = "lexoffice_rejected"
    LEXOFFICE_BUSY = "lexoffice_busy"
    LEXOFFICE_UNAVAILABLE = "lexoffice_unavailable"
    LEXOFFICE_NOT_FOUND = "lexoffice_not_found"
    LEXOFFICE_NO_ANSWER = "lexoffice_no_answer"
    POSTAL_UNAVAILABLE = "postal_unavailable"
    POSTAL_NOT_FOUND = "postal_not_found"
    POSTAL_REFUSED = "postal_refused"
    MAIL_NO_ANSWER = "mail_no_answer"
    TEMPLATE = "template"
    PDF = "pdf"
    NO_BASE_RATE = "no_base_rate"
    TIMEOUT = "timeout"
    CONNECTION = "connection"
    DATA = "data"
    OTHER = "other"


_MAIL_KINDS = {problem: f"mail_{problem.value}" for problem in MailProblem}
"""A mail server's refusal keeps its own kind: `mail_recipient`, `mail_timeout`, …"""

GERMAN: dict[str, str] = {
    ErrorKind.LEXOFFICE_DISCONNECTED: "die Verbindung zu lexoffice ist getrennt",
    ErrorKind.LEXOFFICE_ACCESS_DENIED: "lexoffice hat den Zugriff verweigert",
    ErrorKind.LEXOFFICE_REJECTED: "lexoffice hat die Anfrage abgelehnt",
    ErrorKind.LEXOFFICE_BUSY: "lexoffice hat wegen zu vieler Anfragen abgewiesen",
    ErrorKind.LEXOFFICE_UNAVAILABLE: "lexoffice war nicht erreichbar",
    ErrorKind.LEXOFFICE_NOT_FOUND: "lexoffice kennt den Beleg nicht oder hält kein Dokument dazu",
    ErrorKind.LEXOFFICE_NO_ANSWER: "lexoffice hat nicht geantwortet",
    ErrorKind.POSTAL_UNAVAILABLE: "der Briefdienstleister war nicht erreichbar",
    ErrorKind.POSTAL_NOT_FOUND: "der Briefdienstleister kennt den Brief nicht",
    ErrorKind.POSTAL_REFUSED: "der Briefdienstleister hat den Auftrag abgelehnt",
    ErrorKind.MAIL_NO_ANSWER: "die Verbindung zum Mailserver brach während der Übergabe ab",
    ErrorKind.TEMPLATE: "ein Platzhalter oder Ausdruck der Vorlage ist ungültig",
    ErrorKind.PDF: "das PDF ließ sich nicht erzeugen",
    ErrorKind.NO_BASE_RATE: "für den Zeitraum ist kein Basiszinssatz hinterlegt",
    ErrorKind.TIMEOUT: "Zeitüberschreitung",
    ErrorKind.CONNECTION: "Verbindungsfehler",
    ErrorKind.DATA: "ungültige oder unvollständige Daten",
    ErrorKind.OTHER: "technischer Fehler",
    _MAIL_KINDS[MailProblem.REFUSED]: "der Mailserver hat die Nachricht abgelehnt",
    _MAIL_KINDS[MailProblem.RECIPIENT]: "die Empfängeradresse ist unbekannt oder gesperrt",
    _MAIL_KINDS[MailProblem.MAILBOX_FULL]: "das Postfach des Empfängers ist voll",
    _MAIL_KINDS[MailProblem.TOO_LARGE]: "die Nachricht ist dem Mailserver zu groß",
    _MAIL_KINDS[MailProblem.POLICY]: "der Mailserver hat die Nachricht aus Sicherheits- oder "
    "Spamschutzgründen abgelehnt",
    _MAIL_KINDS[MailProblem.LOGIN]: "die Anmeldung am Mailserver ist fehlgeschlagen",
    _MAIL_KINDS[MailProblem.TEMPORARY]: "der Mailserver hat die Annahme vorübergehend verweigert",
    _MAIL_KINDS[MailProblem.TIMEOUT]: "der Mailserver hat nicht rechtzeitig geantwortet",
    _MAIL_KINDS[MailProblem.TLS]: "die verschlüsselte Verbindung zum Mailserver kam nicht zustande",
    _MAIL_KINDS[MailProblem.UNREACHABLE]: "der Mailserver war nicht erreichbar",
    _MAIL_KINDS[MailProblem.HOST_NOT_ALLOWED]: "der Mailserver liegt in einem nicht "
    "öffentlichen Netz und ist nicht zugelassen",
    _MAIL_KINDS[MailProblem.INVALID_MESSAGE]: "eine Adresse oder Kopfzeile der Nachricht ist "
    "ungültig",
    _MAIL_KINDS[MailProblem.SERVER_SETUP]: "der Mailserver bietet die nötige Verschlüsselung "
    "oder Anmeldung nicht an",
}
"""Every kind's German words; a kind not listed (a record of a later release) reads as the
generic one."""

_STATUS_KINDS = {401: ErrorKind.LEXOFFICE_ACCESS_DENIED, 403: ErrorKind.LEXOFFICE_ACCESS_DENIED}


def kind_of(error: BaseException) -> str:
    """The kind of `error`, a value of `ErrorKind` or a mail kind (`mail_…`)."""
    if isinstance(error, MailRefused):
        return _MAIL_KINDS[error.problem]
    return _kind(error).value


def _kind(error: BaseException) -> ErrorKind:
    if isinstance(error, LexofficeDisconnected):
        return ErrorKind.LEXOFFICE_DISCONNECTED
    if isinstance(error, LexofficeUnavailable):
        return _lexoffice_status(getattr(error, "status", None))
    if isinstance(error, LexofficeNotFound):
        return ErrorKind.LEXOFFICE_NOT_FOUND
    if isinstance(error, LexofficeOutcomeUnknown):
        return ErrorKind.LEXOFFICE_NO_ANSWER
    if isinstance(error, PostalNotFound):
        return ErrorKind.POSTAL_NOT_FOUND
    if isinstance(error, PostalRefused):
        return ErrorKind.POSTAL_REFUSED
    if isinstance(error, PostalUnavailable):
        return ErrorKind.POSTAL_UNAVAILABLE
    if isinstance(error, MailOutcomeUnknown):
        return ErrorKind.MAIL_NO_ANSWER
    if isinstance(error, TemplateInvalid):
        return ErrorKind.TEMPLATE
    if isinstance(error, DocumentNotMade):
        return ErrorKind.PDF
    if isinstance(error, NoBaseRate):
        return ErrorKind.NO_BASE_RATE
    if isinstance(error, TimeoutError):
        return ErrorKind.TIMEOUT
    if isinstance(error, OSError):
        return ErrorKind.CONNECTION
    if isinstance(error, ValueError | ArithmeticError | LookupError | TypeError):
        return ErrorKind.DATA
    return ErrorKind.OTHER


def _lexoffice_status(status: object) -> ErrorKind:
    """A refusal carries lexoffice's HTTP status; a plain `LexofficeUnavailable` none."""
    if not isinstance(status, int):
        return ErrorKind.LEXOFFICE_UNAVAILABLE
    if status in _STATUS_KINDS:
        return _STATUS_KINDS[status]
    if status == 404:
        return ErrorKind.LEXOFFICE_NOT_FOUND
    if status == 429:
        return ErrorKind.LEXOFFICE_BUSY
    if 400 <= status <= 499:
        return ErrorKind.LEXOFFICE_REJECTED
    return ErrorKind.LEXOFFICE_UNAVAILABLE


def german(kind: str | None) -> str:
    """The words for a stored kind; a record without one (stored before kinds) reads as a
    technical error."""
    return GERMAN.get(kind or ErrorKind.OTHER, GERMAN[ErrorKind.OTHER])

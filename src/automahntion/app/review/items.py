"""What the owner is asked to decide: the kinds of review items, why each is listed, and the two
answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from automahntion.app.loyalty.repositories import ThankYouRecord
from automahntion.app.messages.reasons import Reason
from automahntion.app.messages.records import SentMessage
from automahntion.app.post.records import StoredDocument
from automahntion.domain.day_plan import Channel
from automahntion.domain.errors import DomainError
from automahntion.domain.levels import Level


class ReviewKind(StrEnum):
    """Why a message waits for review: it is about to be sent (review mode), its dunning document
    is uncertain, or it was held; or a thank-you e-mail was handed over and its outcome never
    came."""

    MESSAGE_SENDING = "messageSending"
    DOCUMENT_UNCERTAIN = "documentUncertain"
    MESSAGE_HELD = "messageHeld"
    THANK_YOU_SENDING = "thankYouSending"


class Outcome(StrEnum):
    """The decision on a message to review: send it (`sent`) or not (`notSent`)."""

    SENT = "sent"
    NOT_SENT = "notSent"


@dataclass(frozen=True)
class ReviewReason:
    german: str
    """For the owner (the API)."""
    english: str
    """For the operator (the command line)."""


REASONS: dict[ReviewKind, ReviewReason] = {
    ReviewKind.MESSAGE_SENDING: ReviewReason(
        "Die Nachricht wurde übergeben, aber die Bestätigung kam nie an (Abbruch oder "
        "Verbindung verloren). Bitte prüfen Sie, z. B. im BCC-Postfach, ob sie verschickt wurde.",
        "handed to the mail server, but its answer never came (the process died or the "
        "connection dropped): check whether it went out",
    ),
    ReviewKind.DOCUMENT_UNCERTAIN: ReviewReason(
        "Die Mahnung wurde nicht verschickt: ob lexoffice ihr Mahndokument angelegt hat, ist "
        "unklar (die Antwort ging verloren und lexoffice zeigt es (noch) nicht). Nicht versendet: "
        "sie geht am nächsten Versandtag hinaus, mit einem neu angelegten Mahndokument (ein "
        "vorhandenes bitte in lexoffice löschen). Versendet nur, wenn Sie sie selbst, z. B. aus "
        "lexoffice, an den Kunden geschickt haben: sonst erhält er sie nie.",
        "not sent: lexoffice may or may not have created its dunning document (its answer was "
        "lost and the invoice does not show it). Not sent: it goes out on the next sending day "
        "with a document made again (delete one lexoffice holds). Sent only if the owner sent it "
        "to the customer another way, e.g. from lexoffice: else the customer never gets it",
    ),
    ReviewKind.MESSAGE_HELD: ReviewReason(
        "Die Nachricht wurde zurückgehalten, weil ihre Vorbereitung fehlschlug; sie wird am "
        "nächsten Versandtag erneut versucht. Haben Sie sie auf anderem Weg verschickt, markieren "
        "Sie sie als versendet.",
        "held for the day because preparing it failed; due again on the next sending day "
        "(mark it sent if it went out another way)",
    ),
    ReviewKind.THANK_YOU_SENDING: ReviewReason(
        "Die Dankes-E-Mail wurde übergeben, aber die Bestätigung kam nie an (Abbruch oder "
        "Verbindung verloren). Bitte prüfen Sie, z. B. im Postfach der Antwortadresse, ob sie "
        "verschickt wurde: nicht versendet heißt, sie geht im Rahmen des Monatskontingents erneut "
        "hinaus.",
        "a thank-you e-mail was handed to the mail server, but its answer never came (the process "
        "died or the connection dropped): check whether it went out (not sent: it is due again "
        "within the month's quota)",
    ),
}

LETTER_SENDING = ReviewReason(
    "Der Brief wurde an den Druck- und Versanddienstleister übergeben, aber dessen Antwort kam "
    "nie an (Abbruch oder Verbindung verloren). Ob er gedruckt wird, sieht der Betreiber von "
    "automahntion beim Dienstleister: bitte fragen Sie dort nach, bevor Sie entscheiden. "
    "Versendet: er zählt als Brief dieser Mahnstufe (auch in der Briefabrechnung), ohne "
    "Sendungsstatus. Nicht versendet, während der Dienstleister den Brief hat, führt zu keinem "
    "zweiten Brief: der nächste Versuch findet ihn beim Dienstleister und zählt ihn als "
    "versendet.",
    "handed to the postal provider, but its answer never came (the process died or the "
    "connection dropped): look the letter up at the provider (its key is tenant, invoice and "
    "level) before deciding. Sent: recorded as the level's letter (and billed), its provider "
    "id and status unknown. Not sent while the provider holds it prints nothing twice: the next "
    "hand-over finds it there and counts it as sent",
)
"""`MESSAGE_SENDING` for a letter: the owner has no access to the provider, the operator has."""


@dataclass(frozen=True)
class ReviewItem:
    id: UUID
    kind: ReviewKind
    invoice_id: UUID
    invoice_number: str
    level: Level | None
    """None for a thank-you e-mail."""
    channel: Channel | None
    since: datetime
    message: SentMessage | None = None
    document: StoredDocument | None = None
    thank_you: ThankYouRecord | None = None

    @property
    def held_because(self) -> Reason | None:
        """Why a held message was held."""
        if self.kind is not ReviewKind.MESSAGE_HELD or self.message is None:
            return None
        return self.message.failure_reason

    @property
    def reason(self) -> ReviewReason:
        """The kind's reason; a held message adds why it was held."""
        if self.kind is ReviewKind.MESSAGE_SENDING and self.channel is Channel.LETTER:
            return LETTER_SENDING
        reason = REASONS[self.kind]
        why = self.held_because
        if why is None:
            return reason
        return ReviewReason(
            f"{reason.german} Grund: {why.german}", f"{reason.english}: {why.english}"
        )

    def names(self, ident: UUID) -> bool:
        """An item answers to its own id and to the id of the message it concerns."""
        return ident == self.id or (self.message is not None and self.message.id == ident)


class NotOpenForReview(DomainError):
    """The item exists but there is nothing to decide: resolved already, or still in work."""

    code = "not-open-for-review"

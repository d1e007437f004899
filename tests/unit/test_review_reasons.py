"""What the review tells the owner of a message whose answer was lost, by channel."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from automahntion.app.review.items import ReviewItem, ReviewKind
from automahntion.domain.day_plan import Channel
from automahntion.domain.levels import Level

SINCE = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)


def _sending(channel: Channel) -> ReviewItem:
    return ReviewItem(
        uuid4(), ReviewKind.MESSAGE_SENDING, uuid4(), "RE-1", Level.M2, channel, SINCE
    )


def test_an_e_mail_left_sending_points_to_the_bcc_mailbox() -> None:
    assert "BCC-Postfach" in _sending(Channel.EMAIL).reason.german


def test_a_letter_left_sending_points_to_the_provider_not_to_a_mailbox() -> None:
    reason = _sending(Channel.LETTER).reason
    assert "BCC" not in reason.german
    assert "Druck- und Versanddienstleister" in reason.german
    assert "zweiten Brief" in reason.german
    assert "postal provider" in reason.english


def test_a_letter_left_sending_says_not_sent_brings_no_second_letter_and_no_new_review() -> None:
    reason = _sending(Channel.LETTER).reason
    assert "zählt ihn als versendet" in reason.german
    assert "kommt dann wieder zur Prüfung" not in reason.german
    assert "finds it there and counts it as sent" in reason.english

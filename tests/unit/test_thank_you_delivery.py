"""Rule 3 for thank-yous: a temporary refusal is retried with backoff up to 3 times."""

from __future__ import annotations

from dataclasses import dataclass, field

from automahntion.app.loyalty.thank_yous import deliver
from automahntion.app.mail.ports import MailReceipt, MailRefused, OutgoingMail


@dataclass
class Refusing:
    answers: list[MailRefused]
    tries: int = 0

    async def send(self, mail: OutgoingMail) -> MailReceipt:
        self.tries += 1
        if self.answers:
            raise self.answers.pop(0)
        return MailReceipt("<id@test>")


@dataclass
class Waits:
    seconds: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


MAIL = OutgoingMail(
    message_id="<t1@automahntion.test>",
    from_address="noreply@automahntion.test",
    from_name="Bäckerei",
    to=("kunde@example.de",),
    subject="Danke",
    text="Danke für Ihre Zahlung.",
)


async def test_four_temporary_refusals_are_one_try_and_three_retries_then_failed() -> None:
    transport, waits = Refusing([MailRefused("421 later", permanent=False)] * 4), Waits()
    assert await deliver(waits, transport, MAIL) == "failed: 421 later"
    assert (transport.tries, waits.seconds) == (4, [1.0, 2.0, 4.0])


async def test_the_third_retry_that_is_taken_sends() -> None:
    transport, waits = Refusing([MailRefused("421 later", permanent=False)] * 3), Waits()
    assert await deliver(waits, transport, MAIL) == "sent"
    assert transport.tries == 4


async def test_a_permanent_refusal_is_not_retried() -> None:
    transport, waits = Refusing([MailRefused("550 no such user", permanent=True)]), Waits()
    assert await deliver(waits, transport, MAIL) == "refused: 550 no such user"
    assert (transport.tries, waits.seconds) == (1, [])

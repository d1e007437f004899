"""Our letter for a dunning notice (M-levels), laid out from what the notice was made of: the
whole letter for a revenue voucher, the cover page in front of lexoffice's dunning for an
invoice. `post/documents.py` makes and records the PDF; a posted letter's `LetterInput` is
recorded with it, so it can be laid out again (`messages/rebuild.py`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from uuid import UUID

from automahntion.app.mail.rendering import MessageFacts, Rendered
from automahntion.app.post.dunning_document import title
from automahntion.app.post.letter_layout import DunningLetter, Language, OpenItem
from automahntion.app.post.letter_lines import fee_lines
from automahntion.app.tenants.letterhead import Letterhead
from automahntion.domain.invoices import Invoice
from automahntion.domain.levels import Level
from automahntion.domain.salutation import salutation

PAYMENT_DAYS = 7
"""The letter's days to pay when its message names no deadline (a preview): from the letter's
date to the deadline it names (the default texts' "7 Tage")."""


@dataclass(frozen=True)
class NoticeContext:
    tenant_id: UUID
    invoice_id: UUID
    invoice: Invoice
    level: Level
    today: date
    now: datetime
    rendered: Rendered
    facts: MessageFacts
    recipient_address: tuple[str, ...]
    letterhead: Letterhead = field(default_factory=Letterhead)


@dataclass(frozen=True)
class LetterInput:
    """Everything a letter is laid out from: what is recorded with a posted one."""

    facts: MessageFacts
    subject: str
    language: Language
    level: Level
    letterhead: Letterhead
    recipient_address: tuple[str, ...]
    today: date


def laid_out(given: LetterInput, *, cover: bool = False) -> DunningLetter:
    """Our letter for the notice: the tenant's letterhead, the notice's subject, one line per
    invoice (several for a bundle) and per fee or interest. With `cover`, the cover page of
    lexoffice's dunning: the same letterhead, window and request, naming the enclosed dunning
    instead of listing amounts."""
    facts, language, today = given.facts, given.language, given.today
    items = tuple(
        OpenItem(i.voucher_number, i.voucher_date, i.due_date, i.open_cents) for i in facts.items
    ) or (OpenItem(facts.invoice_number, facts.invoice_date, facts.due_date, facts.open_cents),)
    return DunningLetter(
        sender=given.letterhead,
        company_name=given.letterhead.name_or(facts.company_name),
        recipient_name=facts.customer_name,
        recipient_address=given.recipient_address,
        letter_date=today,
        title=given.subject,
        deadline=facts.payment_deadline or today + timedelta(days=PAYMENT_DAYS),
        items=items,
        fees=fee_lines(facts.fees, language),
        language=language,
        salutation=_greeting(facts, language),
        payment_note=facts.payment_details,
        enclosure=title(given.level, language) if cover else "",
    )


def _greeting(facts: MessageFacts, language: Language) -> str:
    """A person lexoffice gives is greeted by title and name (rule 8); empty leaves the
    layout's formal greeting."""
    if facts.addressee is None:
        return ""
    return f"{salutation(facts.addressee, language)},"


def _input(ctx: NoticeContext) -> LetterInput:
    return LetterInput(
        ctx.facts,
        ctx.rendered.subject,
        letter_language(ctx.invoice.language),
        ctx.level,
        ctx.letterhead,
        ctx.recipient_address,
        ctx.today,
    )


def build_letter(ctx: NoticeContext) -> DunningLetter:
    return laid_out(_input(ctx))


def build_cover(ctx: NoticeContext) -> DunningLetter:
    return laid_out(_input(ctx), cover=True)


def letter_language(language: str | None) -> Language:
    return "en" if language == "en" else "de"

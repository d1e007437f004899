"""A recorded message rebuilt from what it was rendered from and its immutable template version;
its hash shows whether it is the message that went out.

A letter by post is made again too: its text from the template, its PDF from the letterhead,
address and day recorded with it (the renderer gives the same bytes for the same letter), with
lexoffice's dunning read back from the document store for a cover letter. Its recorded hash is
of that PDF."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from automahntion.app.mail.rendering import Rendered, TemplateRenderer
from automahntion.app.messages.records import LetterFacts, RenderedFrom, SentMessage
from automahntion.app.post.files import FileStore
from automahntion.app.post.letter_layout import DocumentRenderer
from automahntion.app.post.notice_letter import LetterInput, laid_out, letter_language
from automahntion.app.storage import UnitOfWork
from automahntion.app.tenants.letterhead import Letterhead
from automahntion.domain.day_plan import Channel
from automahntion.domain.errors import DomainError


class NotRebuildable(DomainError):
    """The message has no recorded facts or no template version (held before it was rendered,
    or recorded before facts were kept)."""

    code = "message-not-rebuildable"

    def __init__(self, message_id: UUID) -> None:
        self.message_id = message_id
        super().__init__(f"message {message_id} has no recorded facts to rebuild it from")


@dataclass(frozen=True)
class LetterMaking:
    """What making a letter's PDF again needs."""

    renderer: DocumentRenderer
    files: FileStore | None


def letter_making(
    renderer: DocumentRenderer | None, files: FileStore | None
) -> LetterMaking | None:
    return None if renderer is None else LetterMaking(renderer, files)


@dataclass(frozen=True)
class RebuiltMessage:
    message: SentMessage
    rendered: Rendered
    letter_sha256: str | None = None
    """A letter by post's PDF made again, hashed; None when it could not be made (recorded
    before letters kept what they were laid out from, or no renderer here)."""

    @property
    def sha256(self) -> str | None:
        """The hash to compare with the recorded one: the PDF's for a letter, else the text's."""
        return (
            self.letter_sha256 if self.message.channel is Channel.LETTER else self.rendered.sha256
        )

    @property
    def matches(self) -> bool | None:
        """Whether the rebuilt message hashes to the recorded hash; None when none was recorded
        or a letter's PDF could not be made again."""
        recorded, rebuilt = self.message.content_sha256, self.sha256
        return None if recorded is None or rebuilt is None else recorded == rebuilt


async def rebuild(
    units: Callable[[], UnitOfWork],
    renderer: TemplateRenderer,
    tenant_id: UUID,
    message_id: UUID,
    letters: LetterMaking | None = None,
) -> RebuiltMessage:
    """Raises `NotFound` (also for another tenant's message) and `NotRebuildable`."""
    async with units() as uow:
        store = uow.tenant(tenant_id)
        message = await store.messages.get(message_id)
        rendered_from = await store.messages.rendered_from(message_id)
        if rendered_from is None or message.template_version_id is None:
            raise NotRebuildable(message_id)
        version = await store.levels.template_version(message.template_version_id)
        logo = await store.account.logo() if rendered_from.letter is not None else None
    template = version.templates.for_language(rendered_from.language)
    rendered = renderer.render(template, rendered_from.facts)
    letter = rendered_from.letter
    if message.channel is not Channel.LETTER or letter is None or letters is None:
        return RebuiltMessage(message, rendered)
    if letter.logo_sha256 is not None:
        same = logo is not None and hashlib.sha256(logo.data).hexdigest() == letter.logo_sha256
        letterhead = letter.letterhead.with_logo(logo if same else None)
    else:
        letterhead = letter.letterhead
    pdf = await _letter_pdf(letters, message, rendered_from, rendered, letter, letterhead)
    return RebuiltMessage(message, rendered, hashlib.sha256(pdf).hexdigest() if pdf else None)


async def _letter_pdf(
    letters: LetterMaking,
    message: SentMessage,
    rendered_from: RenderedFrom,
    rendered: Rendered,
    letter: LetterFacts,
    letterhead: Letterhead,
) -> bytes | None:
    given = LetterInput(
        rendered_from.facts,
        rendered.subject,
        letter_language(rendered_from.language),
        message.level,
        letterhead,
        letter.recipient_address,
        letter.letter_date,
    )
    if letter.enclosed_file is None:
        return await letters.renderer.pdf(laid_out(given))
    if letters.files is None:
        return None
    cover = await letters.renderer.pdf(laid_out(given, cover=True))
    return letters.renderer.joined(cover, await letters.files.get(letter.enclosed_file))

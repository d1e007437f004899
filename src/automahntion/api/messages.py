"""`/v1/messages/{id}`: one recorded message, rebuilt from its recorded facts and immutable
template version (the message itself is never stored)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from litestar import Controller
from litestar.di import NamedDependency

from automahntion.api import scopes
from automahntion.api.path_ids import MessageId
from automahntion.api.routing import get
from automahntion.api.schemas import Schema
from automahntion.api.wiring import Units, Wired
from automahntion.app.dunning import DunningPorts
from automahntion.app.messages.rebuild import RebuiltMessage, letter_making, rebuild
from automahntion.app.messages.records import MessageState
from automahntion.domain.day_plan import Channel
from automahntion.domain.levels import Level


class RebuiltOut(Schema):
    """The message as built again from what it was rendered from."""

    subject: str
    body: str
    sha256: str
    """The hash of the rebuilt text (subject, blank line, body)."""
    letter_sha256: str | None = None
    """A letter by post's: the hash of its PDF made again (null when it could not be)."""


class MessageOut(Schema):
    """A message as it was sent (or held, or failed)."""

    id: UUID
    invoice_id: UUID
    level: Level
    channel: Channel
    state: MessageState
    day: date
    claimed_at: datetime
    finished_at: datetime | None
    template_version_id: UUID | None
    content_sha256: str | None
    """Recorded when it went out: of the e-mail's subject and body, or of a letter's PDF."""
    rebuilt: RebuiltOut
    matches_recorded: bool | None
    """Whether the rebuilt message's hash is `contentSha256`: `rebuilt.sha256` for an e-mail,
    `rebuilt.letterSha256` for a letter; null when nothing was recorded or the letter's PDF
    could not be made again."""


def message_out(rebuilt: RebuiltMessage) -> MessageOut:
    message = rebuilt.message
    matches = rebuilt.matches
    return MessageOut(
        id=message.id,
        invoice_id=message.invoice_id,
        level=message.level,
        channel=message.channel,
        state=message.state,
        day=message.day,
        claimed_at=message.claimed_at,
        finished_at=message.finished_at,
        template_version_id=message.template_version_id,
        content_sha256=message.content_sha256,
        rebuilt=RebuiltOut(
            subject=rebuilt.rendered.subject,
            body=rebuilt.rendered.body,
            sha256=rebuilt.rendered.sha256,
            letter_sha256=rebuilt.letter_sha256,
        ),
        matches_recorded=matches,
    )


class MessageController(Controller):
    path = "/messages"
    tags = ["messages"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/{messageId:uuid}", scope=scopes.INVOICES_READ)
    async def show(
        self,
        units: Wired[Units],
        dunning_ports: Wired[DunningPorts],
        tenant_id: NamedDependency[UUID],
        message_id: MessageId,
    ) -> MessageOut:
        """Get a message

        The message rebuilt from what it was rendered from. 404 for an unknown id or another
        tenant's; 409 `message-not-rebuildable` for one with no recorded facts (held before it
        was rendered, or recorded before facts were kept)."""
        letters = letter_making(dunning_ports.renderer, dunning_ports.files)
        made = await rebuild(units, dunning_ports.templates, tenant_id, message_id, letters)
        return message_out(made)

"""A recorded message rebuilt from what it was rendered from and its immutable template version;
its hash shows whether it is the message that went out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from automahntion.app.mail.rendering import Rendered, TemplateRenderer
from automahntion.app.messages.records import SentMessage
from automahntion.app.storage import UnitOfWork
from automahntion.domain.errors import DomainError


class NotRebuildable(DomainError):
    """The message has no recorded facts or no template version (held before it was rendered,
    or recorded before facts were kept)."""

    code = "message-not-rebuildable"

    def __init__(self, message_id: UUID) -> None:
        self.message_id = message_id
        super().__init__(f"message {message_id} has no recorded facts to rebuild it from")


@dataclass(frozen=True)
class RebuiltMessage:
    message: SentMessage
    rendered: Rendered

    @property
    def matches(self) -> bool | None:
        """Whether the rebuilt text hashes to the recorded hash; None when none was recorded."""
        recorded = self.message.content_sha256
        return None if recorded is None else recorded == self.rendered.sha256


async def rebuild(
    units: Callable[[], UnitOfWork],
    renderer: TemplateRenderer,
    tenant_id: UUID,
    message_id: UUID,
) -> RebuiltMessage:
    """Raises `NotFound` (also for another tenant's message) and `NotRebuildable`."""
    async with units() as uow:
        store = uow.tenant(tenant_id)
        message = await store.messages.get(message_id)
        rendered_from = await store.messages.rendered_from(message_id)
        if rendered_from is None or message.template_version_id is None:
            raise NotRebuildable(message_id)
        version = await store.levels.template_version(message.template_version_id)
    template = version.templates.for_language(rendered_from.language)
    return RebuiltMessage(message, renderer.render(template, rendered_from.facts))

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.channel import Channel
from ..models.level import Level
from ..models.message_state import MessageState
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.rebuilt_out import RebuiltOut





T = TypeVar("T", bound="MessageOut")



@_attrs_define
class MessageOut:
    """ A message as it was sent (or held, or failed).

        Attributes:
            channel (Channel): How a message goes out: by e-mail or as a letter by post.
            claimed_at (datetime.datetime):
            content_sha_256 (None | str): Recorded when it went out: of the e-mail's subject and body, or of a letter's PDF.
            day (datetime.date):
            finished_at (datetime.datetime | None):
            id (UUID):
            invoice_id (UUID):
            level (Level): A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then dunning notices
                    (Mahnungen) M1–M3.
            matches_recorded (bool | None): Whether the rebuilt message's hash is `contentSha256`: `rebuilt.sha256` for an
                e-mail,
                `rebuilt.letterSha256` for a letter; null when nothing was recorded or the letter's PDF
                could not be made again.
            rebuilt (RebuiltOut): The message as built again from what it was rendered from.
            state (MessageState): A message being sent, sent, failed, or held back (for review, or by a rule).
            template_version_id (None | UUID):
     """

    channel: Channel
    claimed_at: datetime.datetime
    content_sha_256: None | str
    day: datetime.date
    finished_at: datetime.datetime | None
    id: UUID
    invoice_id: UUID
    level: Level
    matches_recorded: bool | None
    rebuilt: RebuiltOut
    state: MessageState
    template_version_id: None | UUID





    def to_dict(self) -> dict[str, Any]:
        from ..models.rebuilt_out import RebuiltOut # noqa: PLC0415
        channel = self.channel.value

        claimed_at = self.claimed_at.isoformat()

        content_sha_256: None | str
        content_sha_256 = self.content_sha_256

        day = self.day.isoformat()

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        id = str(self.id)

        invoice_id = str(self.invoice_id)

        level = self.level.value

        matches_recorded: bool | None
        matches_recorded = self.matches_recorded

        rebuilt = self.rebuilt.to_dict()

        state = self.state.value

        template_version_id: None | str
        if isinstance(self.template_version_id, UUID):
            template_version_id = str(self.template_version_id)
        else:
            template_version_id = self.template_version_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "channel": channel,
            "claimedAt": claimed_at,
            "contentSha256": content_sha_256,
            "day": day,
            "finishedAt": finished_at,
            "id": id,
            "invoiceId": invoice_id,
            "level": level,
            "matchesRecorded": matches_recorded,
            "rebuilt": rebuilt,
            "state": state,
            "templateVersionId": template_version_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.rebuilt_out import RebuiltOut # noqa: PLC0415
        d = dict(src_dict)
        channel = Channel(d.pop("channel"))




        claimed_at = datetime.datetime.fromisoformat(d.pop("claimedAt"))




        def _parse_content_sha_256(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        content_sha_256 = _parse_content_sha_256(d.pop("contentSha256"))


        day = datetime.date.fromisoformat(d.pop("day"))




        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)



                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finishedAt"))


        id = UUID(d.pop("id"))




        invoice_id = UUID(d.pop("invoiceId"))




        level = Level(d.pop("level"))




        def _parse_matches_recorded(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        matches_recorded = _parse_matches_recorded(d.pop("matchesRecorded"))


        rebuilt = RebuiltOut.from_dict(d.pop("rebuilt"))




        state = MessageState(d.pop("state"))




        def _parse_template_version_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                template_version_id_type_0 = UUID(data)



                return template_version_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        template_version_id = _parse_template_version_id(d.pop("templateVersionId"))


        message_out = cls(
            channel=channel,
            claimed_at=claimed_at,
            content_sha_256=content_sha_256,
            day=day,
            finished_at=finished_at,
            id=id,
            invoice_id=invoice_id,
            level=level,
            matches_recorded=matches_recorded,
            rebuilt=rebuilt,
            state=state,
            template_version_id=template_version_id,
        )

        return message_out


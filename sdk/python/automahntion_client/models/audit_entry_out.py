from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.audit_entry_out_detail import AuditEntryOutDetail





T = TypeVar("T", bound="AuditEntryOut")



@_attrs_define
class AuditEntryOut:
    """ One entry of the tenant's audit log.

        Attributes:
            action (str):
            actor (str):
            at (datetime.datetime):
            detail (AuditEntryOutDetail):
            subject (None | str):
     """

    action: str
    actor: str
    at: datetime.datetime
    detail: AuditEntryOutDetail
    subject: None | str





    def to_dict(self) -> dict[str, Any]:
        from ..models.audit_entry_out_detail import AuditEntryOutDetail # noqa: PLC0415
        action = self.action

        actor = self.actor

        at = self.at.isoformat()

        detail = self.detail.to_dict()

        subject: None | str
        subject = self.subject


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "action": action,
            "actor": actor,
            "at": at,
            "detail": detail,
            "subject": subject,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_entry_out_detail import AuditEntryOutDetail # noqa: PLC0415
        d = dict(src_dict)
        action = d.pop("action")

        actor = d.pop("actor")

        at = datetime.datetime.fromisoformat(d.pop("at"))




        detail = AuditEntryOutDetail.from_dict(d.pop("detail"))




        def _parse_subject(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        subject = _parse_subject(d.pop("subject"))


        audit_entry_out = cls(
            action=action,
            actor=actor,
            at=at,
            detail=detail,
            subject=subject,
        )

        return audit_entry_out


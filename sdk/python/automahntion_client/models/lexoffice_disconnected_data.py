from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.connection_kind import ConnectionKind
from ..models.disconnect_code import DisconnectCode
from typing import cast
import datetime






T = TypeVar("T", bound="LexofficeDisconnectedData")



@_attrs_define
class LexofficeDisconnectedData:
    """ The lexoffice connection was lost: sync and dunning stop until the tenant connects
    again.

        Attributes:
            disconnected_at (datetime.datetime):
            kind (ConnectionKind):
            organization_id (None | str):
            reason (str): In German, as the tenant reads it.
            reason_code (DisconnectCode):
     """

    disconnected_at: datetime.datetime
    kind: ConnectionKind
    organization_id: None | str
    reason: str
    reason_code: DisconnectCode





    def to_dict(self) -> dict[str, Any]:
        disconnected_at = self.disconnected_at.isoformat()

        kind = self.kind.value

        organization_id: None | str
        organization_id = self.organization_id

        reason = self.reason

        reason_code = self.reason_code.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "disconnectedAt": disconnected_at,
            "kind": kind,
            "organizationId": organization_id,
            "reason": reason,
            "reasonCode": reason_code,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        disconnected_at = datetime.datetime.fromisoformat(d.pop("disconnectedAt"))




        kind = ConnectionKind(d.pop("kind"))




        def _parse_organization_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        organization_id = _parse_organization_id(d.pop("organizationId"))


        reason = d.pop("reason")

        reason_code = DisconnectCode(d.pop("reasonCode"))




        lexoffice_disconnected_data = cls(
            disconnected_at=disconnected_at,
            kind=kind,
            organization_id=organization_id,
            reason=reason,
            reason_code=reason_code,
        )

        return lexoffice_disconnected_data


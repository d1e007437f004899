from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.disconnect_code import DisconnectCode
from ..models.lexoffice_support_out_status import LexofficeSupportOutStatus
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="LexofficeSupportOut")



@_attrs_define
class LexofficeSupportOut:
    """ The tenant's lexoffice connection, without secrets.

        Attributes:
            status (LexofficeSupportOutStatus):
            company_name (None | str | Unset):
            disconnected_reason (None | str | Unset): Why the connection was lost, in English (for the operator).
            disconnected_reason_code (DisconnectCode | None | Unset):
            kind (None | str | Unset):
            organization_id (None | str | Unset):
     """

    status: LexofficeSupportOutStatus
    company_name: None | str | Unset = UNSET
    disconnected_reason: None | str | Unset = UNSET
    disconnected_reason_code: DisconnectCode | None | Unset = UNSET
    kind: None | str | Unset = UNSET
    organization_id: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        company_name: None | str | Unset
        if isinstance(self.company_name, Unset):
            company_name = UNSET
        else:
            company_name = self.company_name

        disconnected_reason: None | str | Unset
        if isinstance(self.disconnected_reason, Unset):
            disconnected_reason = UNSET
        else:
            disconnected_reason = self.disconnected_reason

        disconnected_reason_code: None | str | Unset
        if isinstance(self.disconnected_reason_code, Unset):
            disconnected_reason_code = UNSET
        elif isinstance(self.disconnected_reason_code, DisconnectCode):
            disconnected_reason_code = self.disconnected_reason_code.value
        else:
            disconnected_reason_code = self.disconnected_reason_code

        kind: None | str | Unset
        if isinstance(self.kind, Unset):
            kind = UNSET
        else:
            kind = self.kind

        organization_id: None | str | Unset
        if isinstance(self.organization_id, Unset):
            organization_id = UNSET
        else:
            organization_id = self.organization_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "status": status,
        })
        if company_name is not UNSET:
            field_dict["companyName"] = company_name
        if disconnected_reason is not UNSET:
            field_dict["disconnectedReason"] = disconnected_reason
        if disconnected_reason_code is not UNSET:
            field_dict["disconnectedReasonCode"] = disconnected_reason_code
        if kind is not UNSET:
            field_dict["kind"] = kind
        if organization_id is not UNSET:
            field_dict["organizationId"] = organization_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = LexofficeSupportOutStatus(d.pop("status"))




        def _parse_company_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        company_name = _parse_company_name(d.pop("companyName", UNSET))


        def _parse_disconnected_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        disconnected_reason = _parse_disconnected_reason(d.pop("disconnectedReason", UNSET))


        def _parse_disconnected_reason_code(data: object) -> DisconnectCode | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                disconnected_reason_code_type_0 = DisconnectCode(data)



                return disconnected_reason_code_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DisconnectCode | None | Unset, data)

        disconnected_reason_code = _parse_disconnected_reason_code(d.pop("disconnectedReasonCode", UNSET))


        def _parse_kind(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        kind = _parse_kind(d.pop("kind", UNSET))


        def _parse_organization_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        organization_id = _parse_organization_id(d.pop("organizationId", UNSET))


        lexoffice_support_out = cls(
            status=status,
            company_name=company_name,
            disconnected_reason=disconnected_reason,
            disconnected_reason_code=disconnected_reason_code,
            kind=kind,
            organization_id=organization_id,
        )

        return lexoffice_support_out


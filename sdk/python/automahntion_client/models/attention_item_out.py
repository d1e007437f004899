from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.attention_kind import AttentionKind
from ..models.level import Level
from ..models.reason_code import ReasonCode
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="AttentionItemOut")



@_attrs_define
class AttentionItemOut:
    """ Something the tenant should look at, and since when.

        Attributes:
            detail (str): German, for the business owner.
            invoice_id (None | UUID):
            invoice_number (None | str):
            key (str): Names the matter; stays the same from day to day while it lasts.
            kind (AttentionKind): What needs the tenant's attention: a message that failed, is held or whose outcome is
                    unknown, a dunning document of uncertain state, a lost lexoffice connection, a sync older
                    than 26 hours, a thank-you e-mail whose outcome is unknown, a letter by post the postal
                    provider holds until the tenant acts, an overdue invoice blocked for a reason the tenant can
                    mend, or an overdue invoice whose next letter by post cannot be printed for its contact's
                    address.
            level (Level | None):
            reason_code (None | ReasonCode): Why a message was held or failed (stable; `detail` words it).
            since (datetime.datetime | None):
     """

    detail: str
    invoice_id: None | UUID
    invoice_number: None | str
    key: str
    kind: AttentionKind
    level: Level | None
    reason_code: None | ReasonCode
    since: datetime.datetime | None





    def to_dict(self) -> dict[str, Any]:
        detail = self.detail

        invoice_id: None | str
        if isinstance(self.invoice_id, UUID):
            invoice_id = str(self.invoice_id)
        else:
            invoice_id = self.invoice_id

        invoice_number: None | str
        invoice_number = self.invoice_number

        key = self.key

        kind = self.kind.value

        level: None | str
        if isinstance(self.level, Level):
            level = self.level.value
        else:
            level = self.level

        reason_code: None | str
        if isinstance(self.reason_code, ReasonCode):
            reason_code = self.reason_code.value
        else:
            reason_code = self.reason_code

        since: None | str
        if isinstance(self.since, datetime.datetime):
            since = self.since.isoformat()
        else:
            since = self.since


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "detail": detail,
            "invoiceId": invoice_id,
            "invoiceNumber": invoice_number,
            "key": key,
            "kind": kind,
            "level": level,
            "reasonCode": reason_code,
            "since": since,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        detail = d.pop("detail")

        def _parse_invoice_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                invoice_id_type_0 = UUID(data)



                return invoice_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        invoice_id = _parse_invoice_id(d.pop("invoiceId"))


        def _parse_invoice_number(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        invoice_number = _parse_invoice_number(d.pop("invoiceNumber"))


        key = d.pop("key")

        kind = AttentionKind(d.pop("kind"))




        def _parse_level(data: object) -> Level | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                level_type_0 = Level(data)



                return level_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Level | None, data)

        level = _parse_level(d.pop("level"))


        def _parse_reason_code(data: object) -> None | ReasonCode:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                reason_code_type_0 = ReasonCode(data)



                return reason_code_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReasonCode, data)

        reason_code = _parse_reason_code(d.pop("reasonCode"))


        def _parse_since(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                since_type_0 = datetime.datetime.fromisoformat(data)



                return since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        since = _parse_since(d.pop("since"))


        attention_item_out = cls(
            detail=detail,
            invoice_id=invoice_id,
            invoice_number=invoice_number,
            key=key,
            kind=kind,
            level=level,
            reason_code=reason_code,
            since=since,
        )

        return attention_item_out


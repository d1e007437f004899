from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID

if TYPE_CHECKING:
  from ..models.pause_out import PauseOut





T = TypeVar("T", bound="ContactOut")



@_attrs_define
class ContactOut:
    """ A customer (lexoffice contact).

        Attributes:
            email (None | str): The address dunning writes to under the tenant's recipient policy.
            has_email (bool):
            id (UUID):
            lexoffice_id (str):
            name (str):
            open_invoices (int):
            pause (None | PauseOut):
     """

    email: None | str
    has_email: bool
    id: UUID
    lexoffice_id: str
    name: str
    open_invoices: int
    pause: None | PauseOut





    def to_dict(self) -> dict[str, Any]:
        from ..models.pause_out import PauseOut # noqa: PLC0415
        email: None | str
        email = self.email

        has_email = self.has_email

        id = str(self.id)

        lexoffice_id = self.lexoffice_id

        name = self.name

        open_invoices = self.open_invoices

        pause: dict[str, Any] | None
        if isinstance(self.pause, PauseOut):
            pause = self.pause.to_dict()
        else:
            pause = self.pause


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "email": email,
            "hasEmail": has_email,
            "id": id,
            "lexofficeId": lexoffice_id,
            "name": name,
            "openInvoices": open_invoices,
            "pause": pause,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pause_out import PauseOut # noqa: PLC0415
        d = dict(src_dict)
        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))


        has_email = d.pop("hasEmail")

        id = UUID(d.pop("id"))




        lexoffice_id = d.pop("lexofficeId")

        name = d.pop("name")

        open_invoices = d.pop("openInvoices")

        def _parse_pause(data: object) -> None | PauseOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                pause_type_0 = PauseOut.from_dict(data)



                return pause_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PauseOut, data)

        pause = _parse_pause(d.pop("pause"))


        contact_out = cls(
            email=email,
            has_email=has_email,
            id=id,
            lexoffice_id=lexoffice_id,
            name=name,
            open_invoices=open_invoices,
            pause=pause,
        )

        return contact_out


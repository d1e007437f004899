from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID






T = TypeVar("T", bound="CustomerOut")



@_attrs_define
class CustomerOut:
    """ The invoice's customer (a lexoffice contact).

        Attributes:
            id (None | UUID): Our contact id (for `/v1/contacts/{id}`); None when the contact was never synced.
            lexoffice_id (str):
            name (None | str):
     """

    id: None | UUID
    lexoffice_id: str
    name: None | str





    def to_dict(self) -> dict[str, Any]:
        id: None | str
        if isinstance(self.id, UUID):
            id = str(self.id)
        else:
            id = self.id

        lexoffice_id = self.lexoffice_id

        name: None | str
        name = self.name


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "lexofficeId": lexoffice_id,
            "name": name,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                id_type_0 = UUID(data)



                return id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        id = _parse_id(d.pop("id"))


        lexoffice_id = d.pop("lexofficeId")

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))


        customer_out = cls(
            id=id,
            lexoffice_id=lexoffice_id,
            name=name,
        )

        return customer_out


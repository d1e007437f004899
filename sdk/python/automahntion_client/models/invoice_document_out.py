from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.document_state import DocumentState
from ..models.level import Level
from typing import cast
from uuid import UUID






T = TypeVar("T", bound="InvoiceDocumentOut")



@_attrs_define
class InvoiceDocumentOut:
    """ 
        Attributes:
            download (None | str):
            id (UUID):
            level (Level):
            state (DocumentState):
     """

    download: None | str
    id: UUID
    level: Level
    state: DocumentState
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        download: None | str
        download = self.download

        id = str(self.id)

        level = self.level.value

        state = self.state.value


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "download": download,
            "id": id,
            "level": level,
            "state": state,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_download(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        download = _parse_download(d.pop("download"))


        id = UUID(d.pop("id"))




        level = Level(d.pop("level"))




        state = DocumentState(d.pop("state"))




        invoice_document_out = cls(
            download=download,
            id=id,
            level=level,
            state=state,
        )


        invoice_document_out.additional_properties = d
        return invoice_document_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

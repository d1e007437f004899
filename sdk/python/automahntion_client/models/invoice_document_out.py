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
    """ A dunning document made for the invoice.

        Attributes:
            download (None | str): `/v1/documents/{id}` once the file exists.
            id (UUID):
            level (Level): A dunning level: payment reminders (Zahlungserinnerungen) R1–R6, then dunning notices
                    (Mahnungen) M1–M3.
            state (DocumentState): A dunning document: asked for, created, or in an unknown state (a request whose answer
                was
                    lost).
     """

    download: None | str
    id: UUID
    level: Level
    state: DocumentState





    def to_dict(self) -> dict[str, Any]:
        download: None | str
        download = self.download

        id = str(self.id)

        level = self.level.value

        state = self.state.value


        field_dict: dict[str, Any] = {}

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

        return invoice_document_out


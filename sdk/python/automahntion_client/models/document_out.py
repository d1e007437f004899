from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="DocumentOut")



@_attrs_define
class DocumentOut:
    """ A dunning document.

        Attributes:
            created_at (datetime.datetime):
            id (str):
            level (str):
            source (str):
            state (str):
            download (None | str | Unset):
     """

    created_at: datetime.datetime
    id: str
    level: str
    source: str
    state: str
    download: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        id = self.id

        level = self.level

        source = self.source

        state = self.state

        download: None | str | Unset
        if isinstance(self.download, Unset):
            download = UNSET
        else:
            download = self.download


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "createdAt": created_at,
            "id": id,
            "level": level,
            "source": source,
            "state": state,
        })
        if download is not UNSET:
            field_dict["download"] = download

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        id = d.pop("id")

        level = d.pop("level")

        source = d.pop("source")

        state = d.pop("state")

        def _parse_download(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        download = _parse_download(d.pop("download", UNSET))


        document_out = cls(
            created_at=created_at,
            id=id,
            level=level,
            source=source,
            state=state,
            download=download,
        )

        return document_out


from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="LogoOut")



@_attrs_define
class LogoOut:
    """ The letterhead's logo.

        Attributes:
            download (str): Where to fetch it: `GET` this path.
            media_type (str):
            size (int): Bytes.
     """

    download: str
    media_type: str
    size: int





    def to_dict(self) -> dict[str, Any]:
        download = self.download

        media_type = self.media_type

        size = self.size


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "download": download,
            "mediaType": media_type,
            "size": size,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        download = d.pop("download")

        media_type = d.pop("mediaType")

        size = d.pop("size")

        logo_out = cls(
            download=download,
            media_type=media_type,
            size=size,
        )

        return logo_out


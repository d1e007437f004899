from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="StarCount")



@_attrs_define
class StarCount:
    """ How many answers gave this many stars.

        Attributes:
            count (int):
            stars (int):
     """

    count: int
    stars: int





    def to_dict(self) -> dict[str, Any]:
        count = self.count

        stars = self.stars


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "count": count,
            "stars": stars,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        count = d.pop("count")

        stars = d.pop("stars")

        star_count = cls(
            count=count,
            stars=stars,
        )

        return star_count


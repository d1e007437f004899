from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.outcome import Outcome
from typing import cast

if TYPE_CHECKING:
  from ..models.review_item_out import ReviewItemOut





T = TypeVar("T", bound="ResolutionOut")



@_attrs_define
class ResolutionOut:
    """ The decision recorded.

        Attributes:
            item (ReviewItemOut): A message waiting for the tenant's decision.
            outcome (Outcome): The decision on a message to review: send it (`sent`) or not (`notSent`).
     """

    item: ReviewItemOut
    outcome: Outcome





    def to_dict(self) -> dict[str, Any]:
        from ..models.review_item_out import ReviewItemOut # noqa: PLC0415
        item = self.item.to_dict()

        outcome = self.outcome.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "item": item,
            "outcome": outcome,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.review_item_out import ReviewItemOut # noqa: PLC0415
        d = dict(src_dict)
        item = ReviewItemOut.from_dict(d.pop("item"))




        outcome = Outcome(d.pop("outcome"))




        resolution_out = cls(
            item=item,
            outcome=outcome,
        )

        return resolution_out


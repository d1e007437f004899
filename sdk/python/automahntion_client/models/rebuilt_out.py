from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="RebuiltOut")



@_attrs_define
class RebuiltOut:
    """ The message as built again from what it was rendered from.

        Attributes:
            body (str):
            sha256 (str): The hash of the rebuilt e-mail (subject, blank line, body).
            subject (str):
     """

    body: str
    sha256: str
    subject: str





    def to_dict(self) -> dict[str, Any]:
        body = self.body

        sha256 = self.sha256

        subject = self.subject


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "body": body,
            "sha256": sha256,
            "subject": subject,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        body = d.pop("body")

        sha256 = d.pop("sha256")

        subject = d.pop("subject")

        rebuilt_out = cls(
            body=body,
            sha256=sha256,
            subject=subject,
        )

        return rebuilt_out


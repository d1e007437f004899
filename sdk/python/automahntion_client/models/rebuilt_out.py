from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="RebuiltOut")



@_attrs_define
class RebuiltOut:
    """ The message as built again from what it was rendered from.

        Attributes:
            body (str):
            sha256 (str): The hash of the rebuilt text (subject, blank line, body).
            subject (str):
            letter_sha_256 (None | str | Unset): A letter by post's: the hash of its PDF made again (null when it could not
                be).
     """

    body: str
    sha256: str
    subject: str
    letter_sha_256: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        body = self.body

        sha256 = self.sha256

        subject = self.subject

        letter_sha_256: None | str | Unset
        if isinstance(self.letter_sha_256, Unset):
            letter_sha_256 = UNSET
        else:
            letter_sha_256 = self.letter_sha_256


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "body": body,
            "sha256": sha256,
            "subject": subject,
        })
        if letter_sha_256 is not UNSET:
            field_dict["letterSha256"] = letter_sha_256

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        body = d.pop("body")

        sha256 = d.pop("sha256")

        subject = d.pop("subject")

        def _parse_letter_sha_256(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        letter_sha_256 = _parse_letter_sha_256(d.pop("letterSha256", UNSET))


        rebuilt_out = cls(
            body=body,
            sha256=sha256,
            subject=subject,
            letter_sha_256=letter_sha_256,
        )

        return rebuilt_out


from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="WebhookSecretRotated")



@_attrs_define
class WebhookSecretRotated:
    """ 
        Attributes:
            previous_secret_expires_at (datetime.datetime): Until then deliveries carry two signatures, `v1,<new>
                v1,<previous>`; then only the
                new one.
            secret (str): The new `whsec_…` key of the `webhook-signature` HMAC. Shown in this response only.
     """

    previous_secret_expires_at: datetime.datetime
    secret: str





    def to_dict(self) -> dict[str, Any]:
        previous_secret_expires_at = self.previous_secret_expires_at.isoformat()

        secret = self.secret


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "previousSecretExpiresAt": previous_secret_expires_at,
            "secret": secret,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        previous_secret_expires_at = datetime.datetime.fromisoformat(d.pop("previousSecretExpiresAt"))




        secret = d.pop("secret")

        webhook_secret_rotated = cls(
            previous_secret_expires_at=previous_secret_expires_at,
            secret=secret,
        )

        return webhook_secret_rotated


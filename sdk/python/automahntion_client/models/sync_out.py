from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.admission_out import AdmissionOut





T = TypeVar("T", bound="SyncOut")



@_attrs_define
class SyncOut:
    """ 
        Attributes:
            admission (AdmissionOut):
            contacts_fetched (int):
            full (bool):
            vouchers_seen (int):
     """

    admission: AdmissionOut
    contacts_fetched: int
    full: bool
    vouchers_seen: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        from ..models.admission_out import AdmissionOut # noqa: PLC0415
        admission = self.admission.to_dict()

        contacts_fetched = self.contacts_fetched

        full = self.full

        vouchers_seen = self.vouchers_seen


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "admission": admission,
            "contactsFetched": contacts_fetched,
            "full": full,
            "vouchersSeen": vouchers_seen,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.admission_out import AdmissionOut # noqa: PLC0415
        d = dict(src_dict)
        admission = AdmissionOut.from_dict(d.pop("admission"))




        contacts_fetched = d.pop("contactsFetched")

        full = d.pop("full")

        vouchers_seen = d.pop("vouchersSeen")

        sync_out = cls(
            admission=admission,
            contacts_fetched=contacts_fetched,
            full=full,
            vouchers_seen=vouchers_seen,
        )


        sync_out.additional_properties = d
        return sync_out

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

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID

if TYPE_CHECKING:
  from ..models.going_out_out import GoingOutOut
  from ..models.pause_out import PauseOut
  from ..models.replaced_pause_out import ReplacedPauseOut





T = TypeVar("T", bound="PausedContactOut")



@_attrs_define
class PausedContactOut:
    """ The customer with its new Mahnstopp.

        Attributes:
            email (None | str): The address dunning writes to under the tenant's recipient policy.
            going_out (list[GoingOutOut]): Messages of its invoices already being handed over, which the pause came too late
                to
                stop (empty almost always); every later message waits for the pause to end.
            has_email (bool):
            id (UUID):
            lexoffice_id (str):
            name (str):
            open_invoices (int):
            pause (None | PauseOut):
            replaced (None | ReplacedPauseOut): The pause that held before and was replaced by this one; None when none
                held.
     """

    email: None | str
    going_out: list[GoingOutOut]
    has_email: bool
    id: UUID
    lexoffice_id: str
    name: str
    open_invoices: int
    pause: None | PauseOut
    replaced: None | ReplacedPauseOut





    def to_dict(self) -> dict[str, Any]:
        from ..models.going_out_out import GoingOutOut # noqa: PLC0415
        from ..models.pause_out import PauseOut # noqa: PLC0415
        from ..models.replaced_pause_out import ReplacedPauseOut # noqa: PLC0415
        email: None | str
        email = self.email

        going_out = []
        for going_out_item_data in self.going_out:
            going_out_item = going_out_item_data.to_dict()
            going_out.append(going_out_item)



        has_email = self.has_email

        id = str(self.id)

        lexoffice_id = self.lexoffice_id

        name = self.name

        open_invoices = self.open_invoices

        pause: dict[str, Any] | None
        if isinstance(self.pause, PauseOut):
            pause = self.pause.to_dict()
        else:
            pause = self.pause

        replaced: dict[str, Any] | None
        if isinstance(self.replaced, ReplacedPauseOut):
            replaced = self.replaced.to_dict()
        else:
            replaced = self.replaced


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "email": email,
            "goingOut": going_out,
            "hasEmail": has_email,
            "id": id,
            "lexofficeId": lexoffice_id,
            "name": name,
            "openInvoices": open_invoices,
            "pause": pause,
            "replaced": replaced,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.going_out_out import GoingOutOut # noqa: PLC0415
        from ..models.pause_out import PauseOut # noqa: PLC0415
        from ..models.replaced_pause_out import ReplacedPauseOut # noqa: PLC0415
        d = dict(src_dict)
        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))


        going_out = []
        _going_out = d.pop("goingOut")
        for going_out_item_data in (_going_out):
            going_out_item = GoingOutOut.from_dict(going_out_item_data)



            going_out.append(going_out_item)


        has_email = d.pop("hasEmail")

        id = UUID(d.pop("id"))




        lexoffice_id = d.pop("lexofficeId")

        name = d.pop("name")

        open_invoices = d.pop("openInvoices")

        def _parse_pause(data: object) -> None | PauseOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                pause_type_0 = PauseOut.from_dict(data)



                return pause_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PauseOut, data)

        pause = _parse_pause(d.pop("pause"))


        def _parse_replaced(data: object) -> None | ReplacedPauseOut:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                replaced_type_0 = ReplacedPauseOut.from_dict(data)



                return replaced_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReplacedPauseOut, data)

        replaced = _parse_replaced(d.pop("replaced"))


        paused_contact_out = cls(
            email=email,
            going_out=going_out,
            has_email=has_email,
            id=id,
            lexoffice_id=lexoffice_id,
            name=name,
            open_invoices=open_invoices,
            pause=pause,
            replaced=replaced,
        )

        return paused_contact_out


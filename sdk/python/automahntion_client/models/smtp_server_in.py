from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.smtp_server_in_tls import SmtpServerInTls
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="SmtpServerIn")



@_attrs_define
class SmtpServerIn:
    """ The tenant's own SMTP server.

        Attributes:
            from_address (str):
            host (str):
            port (int):
            password (None | str | Unset): Used only together with `username`.
            tls (SmtpServerInTls | Unset):  Default: SmtpServerInTls.STARTTLS.
            username (None | str | Unset):
     """

    from_address: str
    host: str
    port: int
    password: None | str | Unset = UNSET
    tls: SmtpServerInTls | Unset = SmtpServerInTls.STARTTLS
    username: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from_address = self.from_address

        host = self.host

        port = self.port

        password: None | str | Unset
        if isinstance(self.password, Unset):
            password = UNSET
        else:
            password = self.password

        tls: str | Unset = UNSET
        if not isinstance(self.tls, Unset):
            tls = self.tls.value


        username: None | str | Unset
        if isinstance(self.username, Unset):
            username = UNSET
        else:
            username = self.username


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "fromAddress": from_address,
            "host": host,
            "port": port,
        })
        if password is not UNSET:
            field_dict["password"] = password
        if tls is not UNSET:
            field_dict["tls"] = tls
        if username is not UNSET:
            field_dict["username"] = username

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        from_address = d.pop("fromAddress")

        host = d.pop("host")

        port = d.pop("port")

        def _parse_password(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        password = _parse_password(d.pop("password", UNSET))


        _tls = d.pop("tls", UNSET)
        tls: SmtpServerInTls | Unset
        if isinstance(_tls,  Unset):
            tls = UNSET
        else:
            tls = SmtpServerInTls(_tls)




        def _parse_username(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        username = _parse_username(d.pop("username", UNSET))


        smtp_server_in = cls(
            from_address=from_address,
            host=host,
            port=port,
            password=password,
            tls=tls,
            username=username,
        )

        return smtp_server_in


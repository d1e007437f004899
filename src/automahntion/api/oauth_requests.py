"""What authlib's server sees of one Litestar request: its parameters (form or JSON), the tenant it
acts for, and the grant types, client authentication and PKCE method it admits."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from authlib.oauth2.rfc6749 import OAuth2Request
from authlib.oauth2.rfc6749.requests import JsonPayload, OAuth2Payload

CLIENT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"]


GRANT_TYPES = ("authorization_code", "refresh_token")


PKCE_METHOD = "S256"


class Payload(OAuth2Payload):  # type: ignore[misc]
    def __init__(self, items: Sequence[tuple[str, str]]) -> None:
        self._datalist: defaultdict[str, list[str]] = defaultdict(list)
        for key, value in items:
            self._datalist[key].append(value)
        self._data = {key: values[0] for key, values in self._datalist.items()}

    @property
    def data(self) -> dict[str, str]:
        return self._data

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        return self._datalist


class JsonParameters(JsonPayload):  # type: ignore[misc]
    def __init__(self, data: Mapping[str, str]) -> None:
        self._data = dict(data)

    @property
    def data(self) -> dict[str, str]:
        return self._data


class Request(OAuth2Request):  # type: ignore[misc]
    """The request as authlib reads it: query and form parameters, and Litestar's
    case-insensitive headers (client_secret_basic needs them)."""

    def __init__(
        self,
        method: str,
        uri: str,
        headers: Mapping[str, str],
        query: Sequence[tuple[str, str]],
        form: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__(method, uri, headers=headers)
        self._args = dict(query)
        self._form = dict(form)
        self.payload = Payload([*query, *form])

    @property
    def args(self) -> dict[str, str]:
        return self._args

    @property
    def form(self) -> dict[str, str]:
        return self._form


@dataclass(frozen=True)
class TenantUser:
    """The resource owner: a tenant, signed in on the consent page with its API key."""

    tenant_id: Any
    key_id: Any = None
    """The API key that approved on the consent page (None where a code or token stands for
    the tenant)."""

"""`/v1/settings/letterhead` and its logo: what the tenant's own letters carry about it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response
from litestar.di import NamedDependency
from litestar.openapi.spec import Operation, RequestBody
from litestar.params import JSONBody

from automahntion.api import scopes
from automahntion.api.binary import binary_answer, binary_content
from automahntion.api.letterhead_schemas import (
    LetterheadOut,
    LetterheadPatch,
    LogoOut,
    letterhead_change,
    letterhead_out,
    logo_out,
)
from automahntion.api.logo_checks import checked_logo, media_type_of
from automahntion.api.routing import delete, get, patch, put
from automahntion.api.wiring import Units, Wired
from automahntion.app.clock import Clock
from automahntion.app.errors import NotFound
from automahntion.app.settings.changes import Configuration, SettingsChange
from automahntion.app.settings.configure import configure
from automahntion.app.tenants.letterhead import LOGO_MEDIA_TYPES, MAX_LOGO_BYTES
from automahntion.app.tenants.letterheads import read_letterhead

_LOGO_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
}
"""An SVG opened in a browser runs nothing and loads nothing, whatever slipped through."""
_LOGO_BODY = (
    f"The logo as the request body, at most {MAX_LOGO_BYTES} bytes: a PNG or an SVG, sent "
    "as `application/octet-stream` (recognized by its content) or as "
    f"{' or '.join(LOGO_MEDIA_TYPES)}. "
    "A PNG must carry the PNG signature and decode; an SVG must parse without entities and "
    "carry no script, event attribute, processing instruction or reference outside itself. A "
    "refusal is a 422 naming `logo`."
)
_OCTETS = "application/octet-stream"


@dataclass
class _LogoUpload(Operation):
    """The request body Litestar cannot infer: raw bytes (documented as one media type, so
    that a generated client sends what it is given)."""

    def __post_init__(self) -> None:
        self.request_body = RequestBody(
            content=binary_content((_OCTETS,)), description=_LOGO_BODY, required=True
        )


class LetterheadController(Controller):
    path = "/settings/letterhead"
    tags = ["settings"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/", scope=scopes.SETTINGS_READ)
    async def read(self, units: Wired[Units], tenant_id: NamedDependency[UUID]) -> LetterheadOut:
        """Get the letterhead

        What letters by post are printed with: sender, address, contact details, bank accounts,
        VAT and register data, footer, and whether a logo is set."""
        return letterhead_out(await read_letterhead(units, tenant_id))

    @patch("/", scope=scopes.SETTINGS_WRITE)
    async def change(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        tenant_id: NamedDependency[UUID],
        data: JSONBody[LetterheadPatch],
    ) -> LetterheadOut:
        """Change the letterhead

        Only the fields given change. A bad IBAN (checksum, country layout), BIC (ISO 9362) or
        VAT id is refused with a 422 naming it (`bankAccounts[1].iban`, `vatId`)."""
        change = SettingsChange(letterhead=letterhead_change(data))
        await configure(units, tenant_id, Configuration(settings=change), clock.now())
        return letterhead_out(await read_letterhead(units, tenant_id))

    @put(
        "/logo",
        scope=scopes.SETTINGS_WRITE,
        operation_class=_LogoUpload,
    )
    async def save_logo(
        self,
        request: Request[Any, Any, Any],
        units: Wired[Units],
        clock: Wired[Clock],
        tenant_id: NamedDependency[UUID],
    ) -> LogoOut:
        """Upload the logo

        Replaces the letterhead's logo; letters by post print it from the next one on. The
        request body is the image itself (see below)."""
        data = await request.body()
        given = request.headers.get("content-type", _OCTETS).split(";", 1)[0].strip().lower()
        logo = checked_logo(data, media_type_of(data) if given == _OCTETS else given)
        await configure(units, tenant_id, Configuration(logo=logo), clock.now())
        return logo_out(logo)

    @get(
        "/logo",
        media_type="application/octet-stream",
        scope=scopes.SETTINGS_READ,
        operation_class=binary_answer(*LOGO_MEDIA_TYPES),
    )
    async def logo(self, units: Wired[Units], tenant_id: NamedDependency[UUID]) -> Response[bytes]:
        """Download the logo

        The logo as stored, with its media type (`image/png` or `image/svg+xml`)."""
        found = (await read_letterhead(units, tenant_id)).logo
        if found is None:
            raise NotFound("logo", tenant_id)
        return Response(found.data, media_type=found.media_type, headers=_LOGO_HEADERS)

    @delete("/logo", status_code=204, scope=scopes.SETTINGS_WRITE)
    async def remove_logo(
        self, units: Wired[Units], clock: Wired[Clock], tenant_id: NamedDependency[UUID]
    ) -> None:
        """Remove the logo

        Letters go out without a logo; removing none is no error."""
        await configure(units, tenant_id, Configuration(logo=None), clock.now())

"""`/v1/settings` and `/v1/levels`: the tenant's choices and its nine levels."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Body, FromPath, JSONBody

from automahntion.api import scopes
from automahntion.api.auth import RECIPIENT_FIELDS, require_scope
from automahntion.api.conditional import (
    IfMatch,
    IfNoneMatch,
    expecting,
    tagged,
)
from automahntion.api.level_schemas import (
    LevelIn,
    LevelOut,
    LevelPatch,
    level_change,
    level_out,
    level_setting,
)
from automahntion.api.routing import PROBLEM_RESPONSES, get, patch, put
from automahntion.api.settings_schemas import (
    SettingsOut,
    SettingsPatch,
    settings_change,
    settings_out,
)
from automahntion.api.wiring import Units, Wired
from automahntion.app.clock import Clock
from automahntion.app.loyalty.ports import ThankYouRenderer
from automahntion.app.settings.changes import Configuration
from automahntion.app.settings.configure import configure, current_levels
from automahntion.app.storage import TenantStore, UnitOfWork
from automahntion.domain.levels import Level, LevelSetting

CONDITIONAL = {412: PROBLEM_RESPONSES[412]}
"""Writes that take `If-Match`."""
NOT_MODIFIED = {
    304: ResponseSpec(
        data_container=None,
        description="The `ETag` sent as `If-None-Match` is current: no body",
        generate_examples=False,
    )
}
"""Reads that take `If-None-Match`."""


async def _settings(store: TenantStore) -> SettingsOut:
    return settings_out((await store.account.get()).settings)


class SettingsController(Controller):
    path = "/settings"
    tags = ["settings"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/", scope=scopes.SETTINGS_READ, responses=NOT_MODIFIED)
    async def read(
        self,
        units: Wired[Units],
        tenant_id: NamedDependency[UUID],
        if_none_match: IfNoneMatch = None,
    ) -> Response[SettingsOut]:
        """Get the settings

        How the tenant duns: sending, recipients (Reply-To, CC, BCC), language, interest and
        fees, review mode and the thank-you e-mail. With an `ETag`: send it as `If-Match` with
        a change so that it does not overwrite someone else's (412), or as `If-None-Match` to
        get 304 while nothing changed."""
        async with units() as uow:
            found = await _settings(uow.tenant(tenant_id))
        return tagged(found, if_none_match)

    @patch("/", scope=scopes.SETTINGS_WRITE, responses=CONDITIONAL)
    async def change(
        self,
        request: Request[Any, Any, Any],
        units: Wired[Units],
        clock: Wired[Clock],
        thank_you_renderer: Wired[ThankYouRenderer],
        tenant_id: NamedDependency[UUID],
        data: JSONBody[SettingsPatch],
        if_match: IfMatch = None,
    ) -> Response[SettingsOut]:
        """Change the settings

        Only the fields given change; a refused field changes nothing at all. The thank-you
        templates are tried like the level templates: a syntax error, an unknown placeholder or
        anything beyond placeholders, `{% if %}` and simple filters is refused with a 422 naming
        `thankYouSubject` or `thankYouBody`. `replyTo`, `cc` and `bcc` also need the scope
        `settings:recipients`. With `If-Match` (the `ETag` of `GET /v1/settings`) the change is
        refused with 412 when the settings changed since; the answer carries the new `ETag`."""
        change = settings_change(data)
        if change.given() & RECIPIENT_FIELDS:
            require_scope(request, scopes.SETTINGS_RECIPIENTS, "to change replyTo, cc or bcc")
        configured = await configure(
            units,
            tenant_id,
            Configuration(settings=change),
            clock.now(),
            thank_you_renderer.check,
            expecting(if_match, "the settings", _settings),
        )
        return tagged(settings_out(configured.tenant.settings))


async def _levels(
    store: TenantStore, levels: tuple[LevelSetting, ...] | None = None
) -> list[LevelOut]:
    settings = levels if levels is not None else await current_levels(store)
    current = await store.levels.current_templates()
    return [level_out(s, current[s.level][1] if s.level in current else None) for s in settings]


async def _levels_out(
    units: Callable[[], UnitOfWork], tenant_id: UUID, levels: tuple[LevelSetting, ...] | None
) -> list[LevelOut]:
    async with units() as uow:
        return await _levels(uow.tenant(tenant_id), levels)


class LevelsController(Controller):
    """The nine levels share one `ETag`, the list's (a level's change is checked against the
    other eight); each level's templates have their own (`level_templates`)."""

    path = "/levels"
    tags = ["levels"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/", scope=scopes.SETTINGS_READ, responses=NOT_MODIFIED)
    async def read(
        self,
        units: Wired[Units],
        tenant_id: NamedDependency[UUID],
        if_none_match: IfNoneMatch = None,
    ) -> Response[list[LevelOut]]:
        """List the levels

        R1–R6 and M1–M3 in order, each with its current template. With an `ETag`, for
        `If-Match` on changes of the levels and `If-None-Match` here."""
        return tagged(await _levels_out(units, tenant_id, None), if_none_match)

    @put("/", scope=scopes.SETTINGS_WRITE, responses=CONDITIONAL)
    async def replace(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        tenant_id: NamedDependency[UUID],
        data: Annotated[list[LevelIn], Body(min_items=len(Level), max_items=len(Level))],
        if_match: IfMatch = None,
    ) -> Response[list[LevelOut]]:
        """Replace all levels

        All nine levels at once. Enabled levels' `daysAfterDue` strictly increase; a 422 names
        the level and field (e.g. `levels.M2.days_after_due`). With `If-Match` (the `ETag` of
        `GET /v1/levels`) refused with 412 when the levels changed since."""
        configured = await configure(
            units,
            tenant_id,
            Configuration(levels=tuple(level_setting(level) for level in data)),
            clock.now(),
            precondition=expecting(if_match, "the levels", _levels),
        )
        return tagged(await _levels_out(units, tenant_id, configured.levels))

    @patch("/{level:str}", scope=scopes.SETTINGS_WRITE, responses=CONDITIONAL)
    async def change(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        tenant_id: NamedDependency[UUID],
        level: FromPath[Level],
        data: JSONBody[LevelPatch],
        if_match: IfMatch = None,
    ) -> Response[LevelOut]:
        """Change a level

        Only the fields given change, checked against the other eight levels. `If-Match` takes
        the `ETag` of `GET /v1/levels` (412 when any level changed since); the answer carries
        the list's new `ETag`."""
        configured = await configure(
            units,
            tenant_id,
            Configuration(level_changes={level: level_change(data)}),
            clock.now(),
            precondition=expecting(if_match, "the levels", _levels),
        )
        levels = await _levels_out(units, tenant_id, configured.levels)
        etag = tagged(levels).headers["ETag"]
        one = next(out for out in levels if out.level is level)
        return Response(one, headers={"ETag": etag})

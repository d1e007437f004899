"""`/v1/settings` and `/v1/levels`: the tenant's choices, its nine levels and their templates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request
from litestar.di import NamedDependency
from litestar.params import Body, JSONBody

from automahntion.api import scopes
from automahntion.api.auth import RECIPIENT_FIELDS, require_scope
from automahntion.api.level_schemas import (
    LevelIn,
    LevelOut,
    LevelPatch,
    TemplateIn,
    TemplateOut,
    level_change,
    level_out,
    level_setting,
    level_templates,
    template_out,
)
from automahntion.api.routing import get, patch, put
from automahntion.api.settings_schemas import (
    SettingsOut,
    SettingsPatch,
    settings_change,
    settings_out,
)
from automahntion.api.wiring import Units, Wired
from automahntion.app.clock import Clock
from automahntion.app.dunning import DunningPorts
from automahntion.app.loyalty.ports import ThankYouRenderer
from automahntion.app.settings.changes import Configuration
from automahntion.app.settings.configure import configure, current_levels
from automahntion.app.storage import UnitOfWork
from automahntion.app.tenants.level_templates import save_templates, template_history
from automahntion.domain.levels import Level, LevelSetting


class SettingsController(Controller):
    path = "/settings"
    tags = ["settings"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/", scope=scopes.SETTINGS_READ)
    async def read(self, units: Wired[Units], tenant_id: NamedDependency[UUID]) -> SettingsOut:
        """Get the settings

        How the tenant duns: sending, recipients (Reply-To, CC, BCC), language, interest and
        fees, review mode and the thank-you e-mail."""
        async with units() as uow:
            tenant = await uow.tenant(tenant_id).account.get()
        return settings_out(tenant.settings)

    @patch("/", scope=scopes.SETTINGS_WRITE)
    async def change(
        self,
        request: Request[Any, Any, Any],
        units: Wired[Units],
        clock: Wired[Clock],
        thank_you_renderer: Wired[ThankYouRenderer],
        tenant_id: NamedDependency[UUID],
        data: JSONBody[SettingsPatch],
    ) -> SettingsOut:
        """Change the settings

        Only the fields given change; a refused field changes nothing at all. The thank-you
        templates are tried like the level templates: a syntax error, an unknown placeholder or
        anything beyond placeholders, `{% if %}` and simple filters is refused with a 422 naming
        `thankYouSubject` or `thankYouBody`. `replyTo`, `cc` and `bcc` also need the scope
        `settings:recipients`."""
        change = settings_change(data)
        if change.given() & RECIPIENT_FIELDS:
            require_scope(request, scopes.SETTINGS_RECIPIENTS, "to change replyTo, cc or bcc")
        configured = await configure(
            units,
            tenant_id,
            Configuration(settings=change),
            clock.now(),
            thank_you_renderer.check,
        )
        return settings_out(configured.tenant.settings)


async def _levels_out(
    units: Callable[[], UnitOfWork], tenant_id: UUID, levels: tuple[LevelSetting, ...] | None
) -> list[LevelOut]:
    async with units() as uow:
        store = uow.tenant(tenant_id)
        settings = levels if levels is not None else await current_levels(store)
        current = await store.levels.current_templates()
    return [level_out(s, current[s.level][1] if s.level in current else None) for s in settings]


class LevelsController(Controller):
    path = "/levels"
    tags = ["levels"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/", scope=scopes.SETTINGS_READ)
    async def read(self, units: Wired[Units], tenant_id: NamedDependency[UUID]) -> list[LevelOut]:
        """List the levels

        R1–R6 and M1–M3 in order, each with its current template."""
        return await _levels_out(units, tenant_id, None)

    @put("/", scope=scopes.SETTINGS_WRITE)
    async def replace(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        tenant_id: NamedDependency[UUID],
        data: Annotated[list[LevelIn], Body(min_items=len(Level), max_items=len(Level))],
    ) -> list[LevelOut]:
        """Replace all levels

        All nine levels at once. Enabled levels' `daysAfterDue` strictly increase; a 422 names
        the level and field (e.g. `levels.M2.days_after_due`)."""
        configured = await configure(
            units,
            tenant_id,
            Configuration(levels=tuple(level_setting(level) for level in data)),
            clock.now(),
        )
        return await _levels_out(units, tenant_id, configured.levels)

    @patch("/{level:str}", scope=scopes.SETTINGS_WRITE)
    async def change(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        tenant_id: NamedDependency[UUID],
        level: Level,
        data: JSONBody[LevelPatch],
    ) -> LevelOut:
        """Change a level

        Only the fields given change, checked against the other eight levels."""
        configured = await configure(
            units,
            tenant_id,
            Configuration(level_changes={level: level_change(data)}),
            clock.now(),
        )
        levels = await _levels_out(units, tenant_id, configured.levels)
        return next(out for out in levels if out.level is level)

    @put("/{level:str}/template", scope=scopes.SETTINGS_WRITE)
    async def save_template(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        dunning_ports: Wired[DunningPorts],
        tenant_id: NamedDependency[UUID],
        level: Level,
        data: TemplateIn,
    ) -> TemplateOut:
        """Save a level's template

        A new version of the level's templates; earlier versions stay readable and messages sent
        keep theirs. The template is tried before it is stored: a syntax error, an unknown
        placeholder or anything beyond placeholders, `{% if %}` and simple filters is refused
        with a 422 naming `subject` or `body` (`en.subject`, `en.body`)."""
        version = await save_templates(
            units,
            dunning_ports.templates,
            tenant_id,
            level,
            level_templates(data),
            clock.now(),
        )
        return template_out(version)

    @get("/{level:str}/templates", scope=scopes.SETTINGS_READ)
    async def templates(
        self,
        units: Wired[Units],
        tenant_id: NamedDependency[UUID],
        level: Level,
    ) -> list[TemplateOut]:
        """List a level's template versions

        Every version of the level's subject and body templates, oldest first; the last one is
        in force, messages sent keep the version they were written with."""
        history = await template_history(units, tenant_id, level)
        return [template_out(v) for v in history]

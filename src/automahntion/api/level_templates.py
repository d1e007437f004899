"""`/v1/levels/{level}/template…`: a level's templates, saved as versions and read page by page.

The history's `ETag` is a hash of the level and its newest version's number: versions are only
ever added, by whichever path, so the number changes whenever the history does, and no page
reads every version to tag it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from litestar import Controller, Response
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from automahntion.api import scopes
from automahntion.api.conditional import (
    IfMatch,
    IfNoneMatch,
    encoded,
    expecting,
    held,
    json_with_etag,
    not_modified,
    representation_etag,
)
from automahntion.api.level_schemas import (
    TemplateIn,
    TemplateOut,
    TemplatePage,
    level_templates,
    template_out,
)
from automahntion.api.pagination import MAX_LIMIT, Cursor, Limit, encode_cursor, number_after
from automahntion.api.routing import get, put
from automahntion.api.tenant_settings import CONDITIONAL, NOT_MODIFIED
from automahntion.api.wiring import Units, Wired
from automahntion.app.clock import Clock
from automahntion.app.dunning import DunningPorts
from automahntion.app.storage import TenantStore
from automahntion.app.tenants.level_templates import (
    latest_template_version,
    save_templates,
    template_versions_after,
)
from automahntion.domain.levels import Level


def _history(level: Level, latest: int) -> dict[str, object]:
    return {"level": level.value, "version": latest}


def _history_etag(level: Level, latest: int) -> str:
    return representation_etag(encoded(_history(level, latest)))


def _stored_history(level: Level) -> Callable[[TenantStore], Any]:
    async def history(store: TenantStore) -> dict[str, object]:
        return _history(level, await store.levels.latest_template_version(level))

    return history


class LevelTemplatesController(Controller):
    path = "/levels"
    tags = ["levels"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @put("/{level:str}/template", scope=scopes.SETTINGS_WRITE, responses=CONDITIONAL)
    async def save_template(
        self,
        units: Wired[Units],
        clock: Wired[Clock],
        dunning_ports: Wired[DunningPorts],
        tenant_id: NamedDependency[UUID],
        level: FromPath[Level],
        data: JSONBody[TemplateIn],
        if_match: IfMatch = None,
    ) -> Response[TemplateOut]:
        """Save a level's template

        A new version of the level's templates; earlier versions stay readable and messages sent
        keep theirs. The template is tried before it is stored: a syntax error, an unknown
        placeholder or anything beyond placeholders, `{% if %}` and simple filters is refused
        with a 422 naming `subject` or `body` (`en.subject`, `en.body`). `If-Match` takes the
        `ETag` of `GET /v1/levels/{level}/template-versions` (412 when a version was added
        since); the answer carries that list's new `ETag`."""
        version = await save_templates(
            units,
            dunning_ports.templates,
            tenant_id,
            level,
            level_templates(data),
            clock.now(),
            expecting(if_match, f"the templates of {level.value}", _stored_history(level)),
        )
        etag = _history_etag(level, version.version)
        return Response(template_out(version), headers={"ETag": etag})

    @get("/{level:str}/template-versions", scope=scopes.SETTINGS_READ, responses=NOT_MODIFIED)
    async def versions(
        self,
        units: Wired[Units],
        tenant_id: NamedDependency[UUID],
        level: FromPath[Level],
        cursor: Cursor = None,
        limit: Limit = 50,
        if_none_match: IfNoneMatch = None,
    ) -> Response[TemplatePage]:
        """List a level's template versions

        The versions of the level's subject and body templates, paginated, oldest first; the
        newest one is in force, messages sent keep the version they were written with. A
        version saved while you page through appears on a later page. The `ETag` is the
        history's, the same on every page, and changes when a version is added: for `If-Match`
        on `PUT /v1/levels/{level}/template` and `If-None-Match` here."""
        latest = await latest_template_version(units, tenant_id, level)
        etag = _history_etag(level, latest)
        if held(if_none_match, etag):
            return not_modified(etag)
        # Read after the tag: a version saved in between may be on this page under the older
        # tag (a later If-None-Match gets it anew), never missing from a page under its own.
        versions, more = await template_versions_after(
            units, tenant_id, level, number_after(cursor), limit
        )
        body = TemplatePage(
            items=[template_out(v) for v in versions],
            next_cursor=encode_cursor(str(versions[-1].version)) if more and versions else None,
        )
        return json_with_etag(encoded(body), etag)

    @get(
        "/{level:str}/templates",
        scope=scopes.SETTINGS_READ,
        responses=NOT_MODIFIED,
        deprecated=True,
    )
    async def templates(
        self,
        units: Wired[Units],
        tenant_id: NamedDependency[UUID],
        level: FromPath[Level],
        if_none_match: IfNoneMatch = None,
    ) -> Response[list[TemplateOut]]:
        """List every template version of a level (deprecated)

        Every version, oldest first, in one answer, as `/v1` first had it; use the paginated
        `GET /v1/levels/{level}/template-versions`. Its `ETag` is the same as there."""
        latest = await latest_template_version(units, tenant_id, level)
        etag = _history_etag(level, latest)
        if held(if_none_match, etag):
            return not_modified(etag)
        found: list[TemplateOut] = []
        after, more = 0, True
        while more:
            versions, more = await template_versions_after(
                units, tenant_id, level, after, MAX_LIMIT
            )
            found += [template_out(v) for v in versions]
            after = versions[-1].version if versions else after
        return json_with_etag(encoded(found), etag)

"""A tenant's level settings and the versions of its templates."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from automahntion.adapters.db.errors import unique_violations
from automahntion.adapters.db.record_json import LEVEL_SETTING
from automahntion.adapters.db.repositories.reads import Row, SelectRows
from automahntion.adapters.db.tables import LevelSetting as LevelRow
from automahntion.adapters.db.tables import TemplateVersion as TemplateRow
from automahntion.app.errors import AlreadyExists, NotFound
from automahntion.domain.levels import Level, LevelSetting
from automahntion.domain.templates import LevelTemplates, Template, TemplateVersion

_LEVELS = {level.value: level for level in Level}
"""A stored level's value to its member: a dict lookup, where `Level(value)` goes through the
enum's call machinery (a dunning run reads eighteen per tenant)."""


def template_version(
    level: str,
    version: int,
    subject_de: str,
    body_de: str,
    subject_en: str | None,
    body_en: str | None,
    created_at: datetime,
) -> TemplateVersion:
    english = (
        Template(subject_en, body_en) if subject_en is not None and body_en is not None else None
    )
    return TemplateVersion(
        level=_LEVELS[level],
        version=version,
        templates=LevelTemplates(Template(subject_de, body_de), english),
        created_at=created_at,
    )


def _version(row: Row) -> TemplateVersion:
    return template_version(
        row["level"],
        row["version"],
        row["subject_de"],
        row["body_de"],
        row["subject_en"],
        row["body_en"],
        row["created_at"],
    )


def level_settings(rows: Iterable[Sequence[Any]]) -> list[LevelSetting]:
    """Rows of `record_json.LEVEL_SETTING`'s columns, in its order (the level first), in rank
    order."""
    settings = [LevelSetting(_LEVELS[row[0]], *row[1:]) for row in rows]
    return sorted(settings, key=lambda s: s.level.rank)


_SETTING = tuple(LevelRow._meta.get_column_by_name(name) for name in LEVEL_SETTING.columns)


class PiccoloLevelRepository:
    def __init__(self, tenant_id: UUID, select_rows: SelectRows) -> None:
        self._tenant = tenant_id
        self._select_rows = select_rows

    async def settings(self) -> list[LevelSetting]:
        rows = await self._select_rows(LevelRow, {LevelRow.tenant: self._tenant}, columns=_SETTING)
        return level_settings(tuple(row[name] for name in LEVEL_SETTING.columns) for row in rows)

    async def replace_settings(self, levels: Sequence[LevelSetting]) -> None:
        await LevelRow.delete().where(LevelRow.tenant == self._tenant)
        await LevelRow.insert(
            *(
                LevelRow(
                    tenant=self._tenant,
                    level=s.level.value,
                    enabled=s.enabled,
                    days_after_due=s.days_after_due,
                    by_post=s.by_post,
                    registered=s.registered,
                    fee_cents=s.fee_cents,
                    payment_days=s.days_to_pay,
                )
                for s in levels
            )
        )

    async def add_template_version(
        self, level: Level, templates: LevelTemplates, now: datetime
    ) -> TemplateVersion:
        """The next version number; two edits racing for it end in one `AlreadyExists`."""
        version = await self.latest_template_version(level) + 1
        english = templates.en
        with unique_violations(
            {
                "ux_template_version": lambda: AlreadyExists(
                    "ux_template_version", f"{level} templates were changed at the same time"
                )
            }
        ):
            await TemplateRow.insert(
                TemplateRow(
                    tenant=self._tenant,
                    level=level.value,
                    version=version,
                    subject_de=templates.de.subject,
                    body_de=templates.de.body,
                    subject_en=english.subject if english else None,
                    body_en=english.body if english else None,
                    created_at=now,
                )
            )
        return TemplateVersion(level, version, templates, now)

    async def current_templates(self) -> dict[Level, tuple[UUID, TemplateVersion]]:
        rows = await self._select_rows(
            TemplateRow, {TemplateRow.tenant: self._tenant}, order_by=TemplateRow.version
        )
        return {Level(row["level"]): (row["id"], _version(row)) for row in rows}

    async def template_version(self, version_id: UUID) -> TemplateVersion:
        row = (
            await TemplateRow.select()
            .where((TemplateRow.tenant == self._tenant) & (TemplateRow.id == version_id))
            .first()
        )
        if row is None:
            raise NotFound("template version", version_id)
        return _version(row)

    async def template_versions(
        self, level: Level, after: int, limit: int
    ) -> list[TemplateVersion]:
        """Keyset: the index of `ux_template_version` (tenant, level, version) serves it."""
        rows = (
            await TemplateRow.select()
            .where(
                (TemplateRow.tenant == self._tenant)
                & (TemplateRow.level == level.value)
                & (TemplateRow.version > after)
            )
            .order_by(TemplateRow.version)
            .limit(limit)
        )
        return [_version(row) for row in rows]

    async def latest_template_version(self, level: Level) -> int:
        latest = (
            await TemplateRow.select(TemplateRow.version)
            .where((TemplateRow.tenant == self._tenant) & (TemplateRow.level == level.value))
            .order_by(TemplateRow.version, ascending=False)
            .first()
        )
        return int(latest["version"]) if latest else 0

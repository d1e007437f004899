"""Use case: a tenant edits a level's templates; every edit is a new version (rule 3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from uuid import UUID

from automahntion.app.mail.rendering import TemplateRenderer
from automahntion.app.preconditions import Precondition, hold
from automahntion.app.storage import UnitOfWork
from automahntion.domain.errors import FieldProblem, ValidationFailed
from automahntion.domain.levels import Level
from automahntion.domain.templates import LevelTemplates, Template, TemplateVersion

MAX_SUBJECT_LENGTH = 300
MAX_BODY_LENGTH = 20_000


def _problems(template: Template, prefix: str, renderer: TemplateRenderer) -> list[FieldProblem]:
    problems = [
        FieldProblem(prefix + p.field.removeprefix("."), p.message) for p in template.problems("")
    ]
    for name, text, limit in (
        ("subject", template.subject, MAX_SUBJECT_LENGTH),
        ("body", template.body, MAX_BODY_LENGTH),
    ):
        if any(p.field == prefix + name for p in problems):
            continue
        if len(text) > limit:
            problems.append(FieldProblem(prefix + name, f"must be at most {limit} characters"))
            continue
        why = renderer.check(text)
        if why is not None:
            problems.append(FieldProblem(prefix + name, why))
    return problems


def check_templates(templates: LevelTemplates, renderer: TemplateRenderer) -> None:
    """Problems name `subject` and `body` (German), `en.subject` and `en.body`."""
    problems = _problems(templates.de, "", renderer)
    if templates.en is not None:
        problems += _problems(templates.en, "en.", renderer)
    if problems:
        raise ValidationFailed(problems)


async def save_templates(
    units: Callable[[], UnitOfWork],
    renderer: TemplateRenderer,
    tenant_id: UUID,
    level: Level,
    templates: LevelTemplates,
    now: datetime,
    precondition: Precondition | None = None,
) -> TemplateVersion:
    """The next version of `level`'s templates; messages already sent keep theirs.
    `precondition` is checked on the stored state before anything is written."""
    check_templates(templates, renderer)
    async with units() as uow:
        store = uow.tenant(tenant_id)
        await hold(store, precondition)
        return await store.levels.add_template_version(level, templates, now)


async def latest_template_version(
    units: Callable[[], UnitOfWork], tenant_id: UUID, level: Level
) -> int:
    async with units() as uow:
        return await uow.tenant(tenant_id).levels.latest_template_version(level)


async def template_versions_after(
    units: Callable[[], UnitOfWork], tenant_id: UUID, level: Level, after: int, limit: int
) -> tuple[list[TemplateVersion], bool]:
    """Up to `limit` versions of `level` numbered above `after`, oldest first, and whether
    more follow."""
    async with units() as uow:
        found = await uow.tenant(tenant_id).levels.template_versions(level, after, limit + 1)
    return found[:limit], len(found) > limit

"""Use cases: signing up a tenant, and the operator's overview of all tenants."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from automahntion.app.access.credentials import hash_api_key, shown_prefix
from automahntion.app.billing.subscription import start_trial
from automahntion.app.invoices.records import AdmissionState
from automahntion.app.lexoffice.records import LexofficeConnection
from automahntion.app.storage import TenantStore, UnitOfWork
from automahntion.app.tenants.records import NewTenant, Tenant
from automahntion.domain.calendar import berlin_today
from automahntion.domain.default_texts import DEFAULT_TEMPLATES, is_retired_default
from automahntion.domain.display_names import bidi_problem
from automahntion.domain.errors import FieldProblem, ValidationFailed
from automahntion.domain.levels import default_levels
from automahntion.domain.subscriptions import trial_end

FIRST_KEY_NAME = "default"


@dataclass(frozen=True)
class CreatedTenant:
    tenant: Tenant
    api_key: str
    """Shown this once; only its hash is stored."""


def _validate(new: NewTenant) -> None:
    problems = []
    if not new.name.strip():
        problems.append(FieldProblem("name", "must not be empty"))
    elif (bidi := bidi_problem(new.name)) is not None:
        problems.append(FieldProblem("name", bidi))
    for field, value in (("email", new.account_email), ("billing_email", new.billing_email)):
        if value is not None and ("@" not in value or any(c in value for c in " \r\n")):
            problems.append(FieldProblem(field, f"{value!r} is not an e-mail address"))
    if problems:
        raise ValidationFailed(problems)


async def add_default_templates(store: TenantStore, now: datetime) -> None:
    """Version 1 of every level's templates, for the levels that have none; the next version,
    today's default, for a level still on an earlier release's default (never edited)."""
    current = await store.levels.current_templates()
    for level, templates in DEFAULT_TEMPLATES.items():
        stored = current.get(level)
        if stored is None or is_retired_default(stored[1].templates):
            await store.levels.add_template_version(level, templates, now)


async def create_tenant(
    units: Callable[[], UnitOfWork],
    new: NewTenant,
    now: datetime,
    raw_api_key: str,
    connection: LexofficeConnection | None = None,
) -> CreatedTenant:
    """The tenant, its default levels, its first API key, its trial and (when given) its
    lexoffice connection, stored together."""
    _validate(new)
    if new.trial_ends_on is None:
        new = replace(new, trial_ends_on=trial_end(berlin_today(now)))
    async with units() as uow:
        tenant = await uow.tenants.add(new, now)
        store = uow.tenant(tenant.id)
        await start_trial(store, tenant, now)
        await store.levels.replace_settings(default_levels())
        await add_default_templates(store, now)
        await store.api_keys.add(
            FIRST_KEY_NAME, shown_prefix(raw_api_key), hash_api_key(raw_api_key), now
        )
        if connection is not None:
            await store.connection.save(connection)
    return CreatedTenant(tenant, raw_api_key)


@dataclass(frozen=True)
class TenantLine:
    tenant: Tenant
    connection: str
    admitted: int
    waiting: int


async def tenant_overview(units: Callable[[], UnitOfWork]) -> list[TenantLine]:
    lines = []
    async with units() as uow:
        for tenant in await uow.tenants.all():
            store = uow.tenant(tenant.id)
            connection = await store.connection.get()
            counts = Counter(i.admission for i in await store.invoices.all())
            lines.append(
                TenantLine(
                    tenant,
                    connection.status.value if connection else "not connected",
                    counts[AdmissionState.ADMITTED],
                    counts[AdmissionState.WAITING],
                )
            )
    return lines

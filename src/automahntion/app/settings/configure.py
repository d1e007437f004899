"""Use case: a tenant changes its account, settings and levels — checked together, stored
together or not at all.

The API's resources and `automahntion tenants configure` both come here with the same typed
`Configuration`, so a change is refused the same way wherever it is entered.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from automahntion.app.invoices.admission import refresh_admission
from automahntion.app.preconditions import Precondition, hold
from automahntion.app.settings.changes import Configuration, Keep
from automahntion.app.settings.validation import (
    NoLevelEnabled,
    TemplateCheck,
    account_problems,
    level_problems,
    normalized_account,
    normalized_settings,
    template_problems,
)
from automahntion.app.storage import TenantStore, UnitOfWork
from automahntion.app.tenants.records import Tenant, TenantSettings
from automahntion.domain.errors import InvalidLevelSettings, ValidationFailed
from automahntion.domain.levels import LevelSetting, default_levels


@dataclass(frozen=True)
class Configured:
    tenant: Tenant
    levels: tuple[LevelSetting, ...]


async def current_levels(store: TenantStore) -> tuple[LevelSetting, ...]:
    """The stored levels, or the defaults for a tenant that never changed them."""
    return tuple(await store.levels.settings() or default_levels())


def _levels_after(current: Sequence[LevelSetting], change: Configuration) -> list[LevelSetting]:
    """Several entries for one level stay for validation to name."""
    levels = list(change.levels if change.levels is not None else current)
    for level, level_change in change.level_changes.items():
        levels = [level_change.applied_to(s) if s.level is level else s for s in levels]
    return sorted(levels, key=lambda s: s.level.rank)


async def configure(
    units: Callable[[], UnitOfWork],
    tenant_id: UUID,
    change: Configuration,
    now: datetime,
    check_template: TemplateCheck | None = None,
    precondition: Precondition | None = None,
) -> Configured:
    """`check_template` tries the thank-you templates; without it they cannot be changed.
    `precondition` is checked on the stored state before anything is written."""
    account = normalized_account(change.account)
    settings = normalized_settings(change.settings)
    problems = account_problems(account) + template_problems(settings, check_template)
    levels_changed = change.levels is not None or bool(change.level_changes)
    async with units() as uow:
        store = uow.tenant(tenant_id)
        await hold(store, precondition)
        before = await store.account.get()
        after = replace(account.applied_to(before), settings=settings.applied_to(before.settings))
        levels = _levels_after(await current_levels(store), change)
        if levels_changed or after.dunning_active != before.dunning_active:
            found = level_problems(levels, after.settings, after.dunning_active)
            if found and not levels_changed and not problems:
                raise NoLevelEnabled()
            problems += [] if found and not levels_changed else found
        if problems and all(p.field.startswith("levels") for p in problems):
            raise InvalidLevelSettings(problems)
        if problems:
            raise ValidationFailed(problems)
        await _store(store, before, after, levels if levels_changed else None, now)
        if not isinstance(change.logo, Keep):
            await store.account.save_logo(change.logo)
    return Configured(after, tuple(levels))


async def _store(
    store: TenantStore,
    before: Tenant,
    after: Tenant,
    levels: Sequence[LevelSetting] | None,
    now: datetime,
) -> None:
    profile = (after.name, after.account_email, after.billing_email)
    if profile != (before.name, before.account_email, before.billing_email):
        await store.account.set_profile(*profile)
    if after.dunning_active != before.dunning_active:
        await store.account.set_dunning_active(after.dunning_active)
    if levels is not None:
        await store.levels.replace_settings(levels)
    old, new = before.settings, after.settings
    if new == old:
        return
    await store.account.save_settings(new)
    if new.vouchers_enabled and not old.vouchers_enabled:
        state = await store.account.sync_state()
        await store.account.save_sync_state(replace(state, needs_full_sync=True))
    if _admission_inputs(new) != _admission_inputs(old):
        await refresh_admission(store, after, now)


def _admission_inputs(settings: TenantSettings) -> tuple[object, ...]:
    """The settings that decide who takes a quota slot: a change recomputes admission at once."""
    return (settings.sync_start, settings.recipient_policy)

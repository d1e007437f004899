"""The document `automahntion tenants configure` applies and prints: the API's settings
resources in one, decoded with the API's own Structs, so the command accepts the same fields and
values as the API."""

from __future__ import annotations

from dataclasses import replace

from msgspec import UNSET, UnsetType

from automahntion.api.account_schemas import AccountPatch, account_change
from automahntion.api.letterhead_schemas import (
    LetterheadPatch,
    letterhead_change,
    letterhead_patch,
)
from automahntion.api.level_schemas import (
    AllLevels,
    LevelIn,
    LevelPatch,
    level_change,
    level_in,
    level_setting,
)
from automahntion.api.schemas import Schema
from automahntion.api.settings_schemas import (
    SettingsOut,
    SettingsPatch,
    settings_change,
    settings_out,
)
from automahntion.app.settings import changes
from automahntion.app.settings.configure import Configured
from automahntion.domain.levels import Level


class Configuration(Schema):
    """Every part optional. `levels` is either all nine levels (as `PUT /v1/levels`) or an
    object of level → changed fields (as `PATCH /v1/levels/{level}`). `letterhead` is as
    `PATCH /v1/settings/letterhead`; its logo is set with `--logo FILE`."""

    account: AccountPatch | UnsetType = UNSET
    settings: SettingsPatch | UnsetType = UNSET
    letterhead: LetterheadPatch | UnsetType = UNSET
    levels: AllLevels | dict[Level, LevelPatch] | UnsetType = UNSET


class ConfigurationOut(Schema):
    account: AccountPatch
    settings: SettingsOut
    letterhead: LetterheadPatch
    levels: list[LevelIn]


def configuration(document: Configuration) -> changes.Configuration:
    """The typed change the document asks for."""
    account, settings, levels = document.account, document.settings, document.levels
    settings_part = changes.SettingsChange() if settings is UNSET else settings_change(settings)
    if not isinstance(document.letterhead, UnsetType):
        letterhead = letterhead_change(document.letterhead, "letterhead.")
        settings_part = replace(settings_part, letterhead=letterhead)
    return changes.Configuration(
        account=changes.AccountChange() if account is UNSET else account_change(account),
        settings=settings_part,
        levels=tuple(map(level_setting, levels)) if isinstance(levels, list) else None,
        level_changes=(
            {level: level_change(patch) for level, patch in levels.items()}
            if isinstance(levels, dict)
            else {}
        ),
    )


def configured_document(configured: Configured) -> ConfigurationOut:
    """What is stored after the change, as a document that would set it again."""
    tenant = configured.tenant
    return ConfigurationOut(
        account=AccountPatch(
            name=tenant.name,
            email=tenant.account_email,
            billing_email=tenant.billing_email,
            dunning_active=tenant.dunning_active,
        ),
        settings=settings_out(tenant.settings),
        letterhead=letterhead_patch(tenant.settings.letterhead),
        levels=[level_in(level) for level in configured.levels],
    )

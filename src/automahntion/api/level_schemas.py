"""The tenant's nine levels and their templates on the wire."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from msgspec import UNSET, Meta, UnsetType

from automahntion.api.field_types import Cents, Days, PaymentDays, Subject, kept
from automahntion.api.schemas import Schema
from automahntion.app.settings.changes import LevelChange
from automahntion.app.tenants.level_templates import MAX_BODY_LENGTH
from automahntion.domain.levels import Level, LevelSetting
from automahntion.domain.templates import LevelTemplates, Template, TemplateVersion


class TemplateText(Schema):
    """A subject and body in one language."""

    subject: Subject
    body: Annotated[str, Meta(min_length=1, max_length=MAX_BODY_LENGTH)]


class TemplateIn(TemplateText):
    """German; `en` optionally for invoices in English. Placeholders: `{{ invoice_number }}`,
    `{{ customer_name }}`, `{{ open_amount }}`, … (see the level templates' documentation)."""

    en: TemplateText | None = None


class TemplateOut(Schema):
    """One version of a level's templates (German, and English when given)."""

    level: Level
    version: int
    subject: str
    body: str
    en: TemplateText | None
    created_at: datetime


class TemplatePage(Schema):
    """A page of a level's template versions."""

    items: list[TemplateOut]
    next_cursor: str | None


class LevelOut(Schema):
    """A dunning level and its current template."""

    level: Level
    enabled: bool
    days_after_due: int
    by_post: bool
    registered: bool
    fee_cents: int
    payment_days: int
    template: TemplateOut | None
    """The current version (what the next message uses)."""


class LevelIn(Schema):
    """A dunning level's settings."""

    level: Level
    enabled: bool
    days_after_due: Days
    by_post: bool = False
    """M-levels only."""
    registered: bool = False
    """M-levels only, and only by post (Einwurf-Einschreiben)."""
    fee_cents: Cents = 0
    """M-levels only."""
    payment_days: PaymentDays | None = None
    """Days to pay, named as a date in the message; null: the level's default (R 7, M1 10,
    M2 7, M3 5)."""


AllLevels = Annotated[list[LevelIn], Meta(min_length=len(Level), max_length=len(Level))]


class LevelPatch(Schema):
    """The level fields to change; fields left out stay as they are."""

    enabled: bool | UnsetType = UNSET
    days_after_due: Days | UnsetType = UNSET
    by_post: bool | UnsetType = UNSET
    registered: bool | UnsetType = UNSET
    fee_cents: Cents | UnsetType = UNSET
    payment_days: PaymentDays | UnsetType = UNSET


def level_setting(level: LevelIn) -> LevelSetting:
    return LevelSetting(
        level.level,
        level.enabled,
        level.days_after_due,
        level.by_post,
        level.registered,
        level.fee_cents,
        level.payment_days,
    )


def level_change(patch: LevelPatch) -> LevelChange:
    return LevelChange(
        enabled=kept(patch.enabled),
        days_after_due=kept(patch.days_after_due),
        by_post=kept(patch.by_post),
        registered=kept(patch.registered),
        fee_cents=kept(patch.fee_cents),
        payment_days=kept(patch.payment_days),
    )


def template_out(version: TemplateVersion) -> TemplateOut:
    english = version.templates.en
    return TemplateOut(
        level=version.level,
        version=version.version,
        subject=version.templates.de.subject,
        body=version.templates.de.body,
        en=None if english is None else TemplateText(subject=english.subject, body=english.body),
        created_at=version.created_at,
    )


def level_templates(data: TemplateIn) -> LevelTemplates:
    english = None if data.en is None else Template(data.en.subject, data.en.body)
    return LevelTemplates(Template(data.subject, data.body), english)


def level_in(setting: LevelSetting) -> LevelIn:
    return LevelIn(
        level=setting.level,
        enabled=setting.enabled,
        days_after_due=setting.days_after_due,
        by_post=setting.by_post,
        registered=setting.registered,
        fee_cents=setting.fee_cents,
        payment_days=setting.days_to_pay,
    )


def level_out(setting: LevelSetting, current: TemplateVersion | None) -> LevelOut:
    return LevelOut(
        level=setting.level,
        enabled=setting.enabled,
        days_after_due=setting.days_after_due,
        by_post=setting.by_post,
        registered=setting.registered,
        fee_cents=setting.fee_cents,
        payment_days=setting.days_to_pay,
        template=None if current is None else template_out(current),
    )

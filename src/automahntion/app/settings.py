"""Use case: a tenant changes its account, settings and levels — validated together, stored
together or not at all.

The API's resources and `automahntion tenants configure` both come here, so a value is refused
the same way wherever it is entered. Problems name fields as the wire does (`sendingHour`,
`billingEmail`), levels as the domain does (`levels.M2.days_after_due`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from automahntion.app.addresses import MAX_ADDRESSES, address_problem
from automahntion.app.admission import refresh_admission
from automahntion.app.errors import AlreadyExists
from automahntion.app.level_templates import MAX_BODY_LENGTH, MAX_SUBJECT_LENGTH
from automahntion.app.records import Tenant, TenantSettings
from automahntion.app.storage import TenantStore, UnitOfWork
from automahntion.domain.calendar import BUNDESLAENDER
from automahntion.domain.display_names import bidi_problem
from automahntion.domain.errors import (
    FieldProblem,
    InvalidLevelSettings,
    ValidationFailed,
)
from automahntion.domain.levels import (
    CatchUp,
    Level,
    LevelSetting,
    default_levels,
    validate_levels,
)
from automahntion.domain.recipients import RecipientPolicy

MAX_NAME_LENGTH = 200
MAX_PAYMENT_DETAILS_LENGTH = 2000
MAX_FEEDBACK_QUESTION_LENGTH = 300
MAX_MIN_GAP_DAYS = 365
MAX_DAYS_AFTER_DUE = 3650
MAX_FEE_CENTS = 100_000

ADMISSION_FIELDS = frozenset({"sync_start", "recipient_policy"})
"""Settings that decide who takes a quota slot: a change recomputes admission at once."""


class NoLevelEnabled(AlreadyExists):
    """Dunning cannot be switched on while every level is off: a conflict with the stored
    levels (409), not a bad value."""

    code = "no-level-enabled"

    def __init__(self) -> None:
        super().__init__(
            "levels", "switching dunning on needs an enabled level: enable one in /v1/levels"
        )


class _Refused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


Check = Callable[[Any], Any]
"""Returns the value to store (normalized) or raises `_Refused`."""

TemplateCheck = Callable[[str], str | None]
"""Why a text cannot be a template, or None (the thank-you renderer's `check`)."""


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _optional(check: Check) -> Check:
    def checked(value: Any) -> Any:
        return None if value is None else check(value)

    return checked


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Refused("must be true or false")
    return value


def _int_between(low: int, high: int) -> Check:
    def checked(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _Refused(f"must be a whole number from {low} to {high}")
        return value

    return checked


def _date(value: Any) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise _Refused("must be a date (YYYY-MM-DD)")
    return value


def _choice(kind: type[StrEnum]) -> Check:
    def checked(value: Any) -> StrEnum:
        try:
            return kind(value)
        except ValueError:
            raise _Refused(f"must be one of {', '.join(m.value for m in kind)}") from None

    return checked


def _bundesland(value: Any) -> str:
    if value not in BUNDESLAENDER:
        raise _Refused(f"must be one of {', '.join(sorted(BUNDESLAENDER))}, or null")
    return str(value)


def _text(max_length: int, *, single_line: bool, required: bool) -> Check:
    def checked(value: Any) -> str:
        if not isinstance(value, str):
            raise _Refused("must be text")
        text: str = value.strip() if single_line else value
        if required and not text.strip():
            raise _Refused("must not be empty")
        if len(text) > max_length:
            raise _Refused(f"must be at most {max_length} characters")
        if "\x00" in text or (single_line and len(text.splitlines()) > 1):
            raise _Refused("must be a single line" if single_line else "must not contain NUL")
        return text

    return checked


def _display_name(value: Any) -> str:
    name: str = _text(MAX_NAME_LENGTH, single_line=True, required=True)(value)
    problem = bidi_problem(name)
    if problem is not None:
        raise _Refused(problem)
    return name


def _address(value: Any) -> str:
    value = value.strip() if isinstance(value, str) else value
    problem = address_problem("", value)
    if problem is not None or not isinstance(value, str):
        raise _Refused(problem.message if problem else "must be an e-mail address")
    return value


def _addresses(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise _Refused("must be a list of e-mail addresses")
    if len(value) > MAX_ADDRESSES:
        raise _Refused(f"must hold at most {MAX_ADDRESSES} addresses")
    checked = []
    for index, item in enumerate(value):
        try:
            checked.append(_address(item))
        except _Refused as refused:
            raise _Refused(f"item {index}: {refused.message}") from None
    return tuple(dict.fromkeys(checked))


SETTINGS_CHECKS: dict[str, Check] = {
    "reply_to": _optional(_address),
    "cc": _addresses,
    "bcc": _addresses,
    "attach_invoice_pdf": _bool,
    "sync_start": _optional(_date),
    "vouchers_enabled": _bool,
    "sending_hour": _int_between(0, 23),
    "send_on_weekends": _bool,
    "bundesland": _optional(_bundesland),
    "recipient_policy": _choice(RecipientPolicy),
    "catch_up": _choice(CatchUp),
    "min_gap_days": _int_between(0, MAX_MIN_GAP_DAYS),
    "one_message_per_customer": _bool,
    "statutory_extras": _bool,
    "payment_details": _text(MAX_PAYMENT_DETAILS_LENGTH, single_line=False, required=False),
    "thank_you_enabled": _bool,
    "feedback_question": _text(MAX_FEEDBACK_QUESTION_LENGTH, single_line=True, required=True),
    "feedback_link": _bool,
    "thank_you_subject": _text(MAX_SUBJECT_LENGTH, single_line=True, required=True),
    "thank_you_body": _text(MAX_BODY_LENGTH, single_line=False, required=True),
}
"""Every field of `TenantSettings`, and what it accepts."""

TEMPLATE_SETTINGS = ("thank_you_subject", "thank_you_body")
"""Also tried in the thank-you renderer's sandbox before they are stored."""

ACCOUNT_FIELDS: dict[str, tuple[str, Check]] = {
    "name": ("name", _display_name),
    "account_email": ("email", _address),
    "billing_email": ("billingEmail", _address),
    "dunning_active": ("dunningActive", _bool),
}
"""Field of `Tenant` → (its name on the wire, what it accepts)."""

LEVEL_CHECKS: dict[str, Check] = {
    "enabled": _bool,
    "days_after_due": _int_between(0, MAX_DAYS_AFTER_DUE),
    "by_post": _bool,
    "registered": _bool,
    "fee_cents": _int_between(0, MAX_FEE_CENTS),
}


@dataclass(frozen=True)
class Configuration:
    """What to change; an empty part changes nothing. Keys are the records' field names."""

    account: Mapping[str, Any] = field(default_factory=dict)
    settings: Mapping[str, Any] = field(default_factory=dict)
    levels: Sequence[LevelSetting] | None = None
    """All nine levels, replacing the stored ones."""
    level_changes: Mapping[Level, Mapping[str, Any]] = field(default_factory=dict)
    """Single fields of single levels (applied after `levels`)."""


@dataclass(frozen=True)
class Configured:
    tenant: Tenant
    levels: tuple[LevelSetting, ...]


def _apply(
    checks: Mapping[str, Check],
    changes: Mapping[str, Any],
    wire: Callable[[str], str],
    problems: list[FieldProblem],
) -> dict[str, Any]:
    applied = {}
    for name, value in changes.items():
        check = checks.get(name)
        if check is None:
            problems.append(FieldProblem(wire(name), "is not a field that can be changed"))
            continue
        try:
            applied[name] = check(value)
        except _Refused as refused:
            problems.append(FieldProblem(wire(name), refused.message))
    return applied


def _settings_of(
    current: TenantSettings,
    changes: Mapping[str, Any],
    check_template: TemplateCheck | None,
    problems: list[FieldProblem],
) -> TenantSettings:
    applied = _apply(SETTINGS_CHECKS, changes, camel, problems)
    for name in TEMPLATE_SETTINGS:
        if name not in applied:
            continue
        why = "cannot be checked here" if check_template is None else check_template(applied[name])
        if why is not None:
            problems.append(FieldProblem(camel(name), why))
    return replace(current, **applied)


def _account_of(
    current: Tenant, changes: Mapping[str, Any], problems: list[FieldProblem]
) -> Tenant:
    checks = {name: check for name, (_, check) in ACCOUNT_FIELDS.items()}
    applied = _apply(checks, changes, lambda name: ACCOUNT_FIELDS.get(name, (name,))[0], problems)
    return replace(current, **applied)


def _level_wire(level: Level) -> Callable[[str], str]:
    return lambda name: f"levels.{level}.{name}"


def _levels_of(
    current: Sequence[LevelSetting], change: Configuration, problems: list[FieldProblem]
) -> list[LevelSetting]:
    """The levels after the change; several entries for one level stay for validation to
    name."""
    levels = list(change.levels if change.levels is not None else current)
    for setting in change.levels or ():
        values = {f.name: getattr(setting, f.name) for f in dataclasses.fields(setting)}
        del values["level"]
        _apply(LEVEL_CHECKS, values, _level_wire(setting.level), problems)
    for level, fields in change.level_changes.items():
        applied = _apply(LEVEL_CHECKS, fields, _level_wire(level), problems)
        levels = [replace(s, **applied) if s.level is level else s for s in levels]
    return sorted(levels, key=lambda s: s.level.rank)


def _level_problems(
    levels: Sequence[LevelSetting], settings: TenantSettings, dunning_active: bool
) -> list[FieldProblem]:
    try:
        validate_levels(levels, min_gap_days=settings.min_gap_days, dunning_active=dunning_active)
    except InvalidLevelSettings as invalid:
        return list(invalid.problems)
    return []


async def current_levels(store: TenantStore) -> tuple[LevelSetting, ...]:
    """The stored levels, or the defaults for a tenant that never changed them."""
    return tuple(await store.levels.settings() or default_levels())


async def configure(
    units: Callable[[], UnitOfWork],
    tenant_id: UUID,
    change: Configuration,
    now: datetime,
    check_template: TemplateCheck | None = None,
) -> Configured:
    """`check_template` tries the thank-you templates; without it they cannot be changed."""
    async with units() as uow:
        store = uow.tenant(tenant_id)
        before = await store.account.get()
        stored_levels = await current_levels(store)
        problems: list[FieldProblem] = []
        after = _account_of(before, change.account, problems)
        settings = _settings_of(before.settings, change.settings, check_template, problems)
        after = replace(after, settings=settings)
        levels = _levels_of(stored_levels, change, problems)
        levels_changed = change.levels is not None or bool(change.level_changes)
        level_fields_ok = not any(p.field.startswith("levels.") for p in problems)
        if level_fields_ok and (levels_changed or after.dunning_active != before.dunning_active):
            found = _level_problems(levels, after.settings, after.dunning_active)
            if found and not levels_changed and not problems:
                raise NoLevelEnabled()
            problems += [] if found and not levels_changed else found
        if problems and all(p.field.startswith("levels") for p in problems):
            raise InvalidLevelSettings(problems)
        if problems:
            raise ValidationFailed(problems)
        await _store(store, before, after, levels if levels_changed else None, now)
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
    if any(getattr(old, name) != getattr(new, name) for name in ADMISSION_FIELDS):
        await refresh_admission(store, after, now)

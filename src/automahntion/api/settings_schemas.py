"""The tenant's account, settings, levels, pause, usage and API keys on the wire.

`automahntion tenants configure` decodes its document with these same Structs, so the API and
the command accept the same fields and values.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal, cast

import msgspec
from msgspec import UNSET, Meta, UnsetType

from automahntion.api.oauth_clients import TenantScope
from automahntion.api.schemas import Schema
from automahntion.app import settings as rules
from automahntion.app.account import MAX_REASON_LENGTH
from automahntion.app.addresses import EMAIL_PATTERN, MAX_ADDRESSES, MAX_EMAIL_LENGTH
from automahntion.app.credentials import MAX_NAME_LENGTH as MAX_KEY_NAME_LENGTH
from automahntion.app.level_templates import MAX_BODY_LENGTH, MAX_SUBJECT_LENGTH
from automahntion.app.records import ApiKeyRecord, Tenant, TenantSettings
from automahntion.domain.levels import CatchUp, Level, LevelSetting
from automahntion.domain.pauses import Pause
from automahntion.domain.quota import Plan
from automahntion.domain.recipients import RecipientPolicy
from automahntion.domain.templates import LevelTemplates, Template, TemplateVersion
from automahntion.domain.thanks import THANK_YOU_PLACEHOLDERS

Email = Annotated[str, Meta(pattern=EMAIL_PATTERN, max_length=MAX_EMAIL_LENGTH)]
Emails = Annotated[
    list[Email],
    Meta(
        max_length=MAX_ADDRESSES,
        extra_json_schema={
            "extra": {
                "items": {"type": "string", "pattern": EMAIL_PATTERN, "maxLength": MAX_EMAIL_LENGTH}
            }
        },
    ),
]
"""(Litestar documents no constraint of list items by itself, hence `extra`.)"""
Bundesland = Literal[
    "BB", "BE", "BW", "BY", "HB", "HE", "HH", "MV", "NI", "NW", "RP", "SH", "SL", "SN", "ST", "TH"
]
"""A German state: its regional public holidays are no sending days either."""
# `gt=-1` where `ge=0` is meant: Litestar leaves a minimum of 0 out of the OpenAPI document.
Hour = Annotated[int, Meta(gt=-1, le=23)]
GapDays = Annotated[int, Meta(gt=-1, le=rules.MAX_MIN_GAP_DAYS)]
Days = Annotated[int, Meta(gt=-1, le=rules.MAX_DAYS_AFTER_DUE)]
Cents = Annotated[int, Meta(gt=-1, le=rules.MAX_FEE_CENTS)]
_NO_BREAK = r"[^\r\n\x00\x0b\x0c\x1c-\x1e\x85\u2028\u2029]"
_VISIBLE = r"[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
"""Not blank in either regex dialect: Python's `\\S` and JSON Schema's (ECMA) `\\S` differ."""
SINGLE_LINE = rf"^{_NO_BREAK}*{_VISIBLE}{_NO_BREAK}*$"
"""Some visible text, and no line break (which could end a mail header)."""


OneLine = Annotated[
    str, Meta(min_length=1, max_length=rules.MAX_FEEDBACK_QUESTION_LENGTH, pattern=SINGLE_LINE)
]
Name = Annotated[str, Meta(min_length=1, max_length=rules.MAX_NAME_LENGTH, pattern=SINGLE_LINE)]
Reason = Annotated[str, Meta(min_length=1, max_length=MAX_REASON_LENGTH, pattern=SINGLE_LINE)]
Subject = Annotated[str, Meta(min_length=1, max_length=MAX_SUBJECT_LENGTH, pattern=SINGLE_LINE)]
KeyName = Annotated[str, Meta(min_length=1, max_length=MAX_KEY_NAME_LENGTH, pattern=SINGLE_LINE)]
_THANK_YOU_TEMPLATE = (
    "Sandboxed jinja2 like the level templates, tried before it is stored. Placeholders: "
    + ", ".join(f"`{{{{ {name} }}}}`" for name in THANK_YOU_PLACEHOLDERS)
    + " (date and amount come formatted the German way; `feedback_link` is empty when "
    "`feedbackLink` is off). Allowed besides: `{% if %}` and "
    "filters that do not grow their input; loops, `{% set %}`, calls and unknown "
    "placeholders are refused with a 422 naming the field."
)
ThankYouSubject = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=MAX_SUBJECT_LENGTH,
        pattern=SINGLE_LINE,
        description="Subject of thank-you e-mails. " + _THANK_YOU_TEMPLATE,
    ),
]
ThankYouBody = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=MAX_BODY_LENGTH,
        pattern=rf"^[^\x00]*{_VISIBLE}[^\x00]*$",
        description="Plain-text body of thank-you e-mails. " + _THANK_YOU_TEMPLATE,
    ),
]
PaymentDetails = Annotated[
    str, Meta(max_length=rules.MAX_PAYMENT_DETAILS_LENGTH, pattern=r"^[^\x00]*$")
]


class TenantPauseOut(Schema):
    reason: str
    until: date | None = None
    """Dunning resumes by itself the day after; null = until lifted."""


class TenantPauseIn(Schema):
    until: date | None = None
    reason: Reason | None = None
    """Default: "Mahnstopp"."""


class AccountOut(Schema):
    id: str
    name: str
    email: str
    billing_email: str
    plan: Plan
    limit: int
    """Concurrently open and overdue invoices the plan admits."""
    trial_ends_on: date | None
    dunning_active: bool
    pause: TenantPauseOut | None
    last_successful_sync_at: datetime | None
    created_at: datetime
    pending_account_email: str | None
    """A new address given in `email`: in force (as `email`) once the link sent to it was
    opened; until then nothing is sent to it."""


class AccountPatch(Schema):
    name: Name | UnsetType = UNSET
    email: Email | UnsetType = UNSET
    billing_email: Email | UnsetType = UNSET
    """Where subscription invoices go."""
    dunning_active: bool | UnsetType = UNSET
    """Off: nothing is sent, and no level needs to be enabled."""


class SettingsOut(Schema):
    reply_to: str | None
    cc: list[str]
    bcc: list[str]
    attach_invoice_pdf: bool
    sync_start: date | None
    vouchers_enabled: bool
    sending_hour: int
    send_on_weekends: bool
    bundesland: Bundesland | None
    recipient_policy: RecipientPolicy
    catch_up: CatchUp
    min_gap_days: int
    one_message_per_customer: bool
    statutory_extras: bool
    payment_details: str
    thank_you_enabled: bool
    feedback_question: str
    feedback_link: bool
    thank_you_subject: ThankYouSubject
    thank_you_body: ThankYouBody


class SettingsPatch(Schema):
    """Only the fields given change."""

    reply_to: Email | UnsetType | None = UNSET
    """Reply-To of every message; null = the account's e-mail."""
    cc: Emails | UnsetType = UNSET
    bcc: Emails | UnsetType = UNSET
    attach_invoice_pdf: bool | UnsetType = UNSET
    sync_start: date | UnsetType | None = UNSET
    """Invoices dated before it are ignored entirely."""
    vouchers_enabled: bool | UnsetType = UNSET
    """Also dun revenue vouchers; switching it on makes the next sync a full one."""
    sending_hour: Hour | UnsetType = UNSET
    """Hour (Europe/Berlin) of the daily run."""
    send_on_weekends: bool | UnsetType = UNSET
    bundesland: Bundesland | UnsetType | None = UNSET
    """null = nationwide public holidays only."""
    recipient_policy: RecipientPolicy | UnsetType = UNSET
    catch_up: CatchUp | UnsetType = UNSET
    min_gap_days: GapDays | UnsetType = UNSET
    one_message_per_customer: bool | UnsetType = UNSET
    statutory_extras: bool | UnsetType = UNSET
    """Default interest and the 40 EUR flat fee (§§ 286, 288 BGB)."""
    payment_details: PaymentDetails | UnsetType = UNSET
    thank_you_enabled: bool | UnsetType = UNSET
    feedback_question: OneLine | UnsetType = UNSET
    """Asked on the feedback page that thank-you e-mails link to."""
    feedback_link: bool | UnsetType = UNSET
    """Whether thank-you e-mails carry the link to the feedback page."""
    thank_you_subject: ThankYouSubject | UnsetType = UNSET
    thank_you_body: ThankYouBody | UnsetType = UNSET


class TemplateText(Schema):
    subject: Subject
    body: Annotated[str, Meta(min_length=1, max_length=MAX_BODY_LENGTH)]


class TemplateIn(TemplateText):
    """German; `en` optionally for invoices in English. Placeholders: `{{ invoice_number }}`,
    `{{ customer_name }}`, `{{ open_amount }}`, … (see the level templates' documentation)."""

    en: TemplateText | None = None


class TemplateOut(Schema):
    level: Level
    version: int
    subject: str
    body: str
    en: TemplateText | None
    created_at: datetime


class LevelOut(Schema):
    level: Level
    enabled: bool
    days_after_due: int
    by_post: bool
    registered: bool
    fee_cents: int
    template: TemplateOut | None
    """The current version (what the next message uses)."""


class LevelIn(Schema):
    level: Level
    enabled: bool
    days_after_due: Days
    by_post: bool = False
    """M-levels only."""
    registered: bool = False
    """M-levels only, and only by post (Einwurf-Einschreiben)."""
    fee_cents: Cents = 0
    """M-levels only."""


AllLevels = Annotated[list[LevelIn], Meta(min_length=len(Level), max_length=len(Level))]


class LevelPatch(Schema):
    enabled: bool | UnsetType = UNSET
    days_after_due: Days | UnsetType = UNSET
    by_post: bool | UnsetType = UNSET
    registered: bool | UnsetType = UNSET
    fee_cents: Cents | UnsetType = UNSET


class UsageOut(Schema):
    plan: Plan
    limit: int
    admitted: int
    """Overdue invoices holding a slot."""
    waiting: int
    """Overdue invoices waiting for a slot."""
    blocked: int
    """Invoices nobody can be written to (no contact or no address)."""
    month: str
    thank_yous_sent: int
    """This month (Europe/Berlin)."""
    thank_you_quota: int
    """Per month; 0 without the loyalty extension."""


class ApiKeyOut(Schema):
    id: str
    name: str
    prefix: str
    """The key's first characters, to recognise it."""
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    scopes: list[str] | None
    """null: the key may do everything its tenant may, manage API keys included."""


class ApiKeyList(Schema):
    items: list[ApiKeyOut]
    next_cursor: str | None


class ApiKeyIn(Schema):
    name: KeyName
    scopes: Annotated[list[TenantScope], Meta(min_length=1)] | None = None
    """Limits the key to these scopes (those of widget tokens); it then cannot manage API keys
    nor approve widgets. Absent: the key may do everything its tenant may."""


class ApiKeyCreated(ApiKeyOut):
    api_key: str
    """Shown this once; only its hash is stored."""


class Configuration(Schema):
    """The document `automahntion tenants configure` applies: every part optional. `levels`
    is either all nine levels (as `PUT /v1/levels`) or an object of level → changed fields (as
    `PATCH /v1/levels/{level}`)."""

    account: AccountPatch | UnsetType = UNSET
    settings: SettingsPatch | UnsetType = UNSET
    levels: AllLevels | dict[Level, LevelPatch] | UnsetType = UNSET


class ConfigurationOut(Schema):
    account: AccountPatch
    settings: SettingsOut
    levels: list[LevelIn]


def given(struct: msgspec.Struct) -> dict[str, Any]:
    """The fields a request gave, by their Python names."""
    return {
        name: value
        for name in struct.__struct_fields__
        if (value := getattr(struct, name)) is not UNSET
    }


ACCOUNT_NAMES = {"name": "name", "email": "account_email", "billing_email": "billing_email"}


def account_changes(patch: AccountPatch) -> dict[str, Any]:
    return {ACCOUNT_NAMES.get(k, k): v for k, v in given(patch).items()}


def level_setting(level: LevelIn) -> LevelSetting:
    return LevelSetting(
        level.level,
        level.enabled,
        level.days_after_due,
        level.by_post,
        level.registered,
        level.fee_cents,
    )


def configuration(document: Configuration) -> rules.Configuration:
    levels = document.levels
    return rules.Configuration(
        account=account_changes(document.account) if document.account is not UNSET else {},
        settings=given(document.settings) if document.settings is not UNSET else {},
        levels=[level_setting(lv) for lv in levels] if isinstance(levels, list) else None,
        level_changes={k: given(v) for k, v in levels.items()} if isinstance(levels, dict) else {},
    )


def pause_out(pause: Pause | None) -> TenantPauseOut | None:
    return None if pause is None else TenantPauseOut(reason=pause.reason, until=pause.until)


def account_out(tenant: Tenant) -> AccountOut:
    return AccountOut(
        id=str(tenant.id),
        name=tenant.name,
        email=tenant.account_email,
        billing_email=tenant.billing_email,
        plan=tenant.plan,
        limit=tenant.limit,
        trial_ends_on=tenant.trial_ends_on,
        dunning_active=tenant.dunning_active,
        pause=pause_out(tenant.pause),
        last_successful_sync_at=tenant.last_successful_sync_at,
        created_at=tenant.created_at,
        pending_account_email=tenant.pending_account_email,
    )


def settings_out(settings: TenantSettings) -> SettingsOut:
    return SettingsOut(
        reply_to=settings.reply_to,
        cc=list(settings.cc),
        bcc=list(settings.bcc),
        attach_invoice_pdf=settings.attach_invoice_pdf,
        sync_start=settings.sync_start,
        vouchers_enabled=settings.vouchers_enabled,
        sending_hour=settings.sending_hour,
        send_on_weekends=settings.send_on_weekends,
        bundesland=cast("Bundesland | None", settings.bundesland),
        recipient_policy=settings.recipient_policy,
        catch_up=settings.catch_up,
        min_gap_days=settings.min_gap_days,
        one_message_per_customer=settings.one_message_per_customer,
        statutory_extras=settings.statutory_extras,
        payment_details=settings.payment_details,
        thank_you_enabled=settings.thank_you_enabled,
        feedback_question=settings.feedback_question,
        feedback_link=settings.feedback_link,
        thank_you_subject=settings.thank_you_subject,
        thank_you_body=settings.thank_you_body,
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
    )


def level_out(setting: LevelSetting, current: TemplateVersion | None) -> LevelOut:
    return LevelOut(
        level=setting.level,
        enabled=setting.enabled,
        days_after_due=setting.days_after_due,
        by_post=setting.by_post,
        registered=setting.registered,
        fee_cents=setting.fee_cents,
        template=None if current is None else template_out(current),
    )


def api_key_out(record: ApiKeyRecord) -> ApiKeyOut:
    return ApiKeyOut(
        id=str(record.id),
        name=record.name,
        prefix=record.prefix,
        created_at=record.created_at,
        last_used_at=record.last_used_at,
        revoked_at=record.revoked_at,
        scopes=None if record.scopes is None else list(record.scopes),
    )

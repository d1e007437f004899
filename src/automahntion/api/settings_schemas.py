"""The tenant's settings on the wire."""

from __future__ import annotations

from datetime import date
from typing import cast

from msgspec import UNSET, UnsetType

from automahntion.api.field_types import (
    Bundesland,
    Email,
    Emails,
    GapDays,
    Hour,
    OneLine,
    PaymentDetails,
    ThankYouBody,
    ThankYouSubject,
    kept,
)
from automahntion.api.schemas import Schema
from automahntion.app.settings.changes import KEEP, Keep, SettingsChange
from automahntion.app.tenants.records import TenantSettings
from automahntion.domain.levels import AfterLastLevel, CatchUp
from automahntion.domain.recipients import RecipientPolicy


class SettingsOut(Schema):
    """How the tenant duns."""

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
    after_last_level: AfterLastLevel
    payment_details: str
    thank_you_enabled: bool
    feedback_question: str
    feedback_link: bool
    thank_you_subject: ThankYouSubject
    thank_you_body: ThankYouBody
    thank_you_subject_en: ThankYouSubject
    thank_you_body_en: ThankYouBody


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
    after_last_level: AfterLastLevel | UnsetType = UNSET
    """What the last enabled level announces: `court_procedure` (gerichtliches Mahnverfahren),
    `collection_agency` (Inkasso) or `none`."""
    payment_details: PaymentDetails | UnsetType = UNSET
    thank_you_enabled: bool | UnsetType = UNSET
    feedback_question: OneLine | UnsetType = UNSET
    """Asked on the feedback page that thank-you e-mails link to."""
    feedback_link: bool | UnsetType = UNSET
    """Whether thank-you e-mails carry the link to the feedback page."""
    thank_you_subject: ThankYouSubject | UnsetType = UNSET
    thank_you_body: ThankYouBody | UnsetType = UNSET
    thank_you_subject_en: ThankYouSubject | UnsetType = UNSET
    """For invoices in English, like the level templates' `en`."""
    thank_you_body_en: ThankYouBody | UnsetType = UNSET


def _addresses(addresses: list[str] | UnsetType) -> tuple[str, ...] | Keep:
    return KEEP if isinstance(addresses, UnsetType) else tuple(addresses)


def settings_change(patch: SettingsPatch) -> SettingsChange:
    return SettingsChange(
        reply_to=kept(patch.reply_to),
        cc=_addresses(patch.cc),
        bcc=_addresses(patch.bcc),
        attach_invoice_pdf=kept(patch.attach_invoice_pdf),
        sync_start=kept(patch.sync_start),
        vouchers_enabled=kept(patch.vouchers_enabled),
        sending_hour=kept(patch.sending_hour),
        send_on_weekends=kept(patch.send_on_weekends),
        bundesland=kept(patch.bundesland),
        recipient_policy=kept(patch.recipient_policy),
        catch_up=kept(patch.catch_up),
        min_gap_days=kept(patch.min_gap_days),
        one_message_per_customer=kept(patch.one_message_per_customer),
        statutory_extras=kept(patch.statutory_extras),
        after_last_level=kept(patch.after_last_level),
        payment_details=kept(patch.payment_details),
        thank_you_enabled=kept(patch.thank_you_enabled),
        feedback_question=kept(patch.feedback_question),
        feedback_link=kept(patch.feedback_link),
        thank_you_subject=kept(patch.thank_you_subject),
        thank_you_body=kept(patch.thank_you_body),
        thank_you_subject_en=kept(patch.thank_you_subject_en),
        thank_you_body_en=kept(patch.thank_you_body_en),
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
        after_last_level=settings.after_last_level,
        payment_details=settings.payment_details,
        thank_you_enabled=settings.thank_you_enabled,
        feedback_question=settings.feedback_question,
        feedback_link=settings.feedback_link,
        thank_you_subject=settings.thank_you_subject,
        thank_you_body=settings.thank_you_body,
        thank_you_subject_en=settings.thank_you_subject_en,
        thank_you_body_en=settings.thank_you_body_en,
    )

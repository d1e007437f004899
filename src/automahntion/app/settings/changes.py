"""What a tenant asks to change, as typed values: the edges (the API's schemas, the CLI's
document) have checked each value's type and bounds; a field left at `KEEP` keeps what is
stored."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from enum import Enum
from typing import Final, TypeVar

from automahntion.app.tenants.letterhead import BankAccount, Letterhead, Logo
from automahntion.app.tenants.records import Tenant, TenantSettings
from automahntion.domain.levels import AfterLastLevel, CatchUp, Level, LevelSetting
from automahntion.domain.recipients import RecipientPolicy

T = TypeVar("T")


class Keep(Enum):
    KEEP = "keep"


KEEP: Final = Keep.KEEP
"""Not given: the stored value stays (`None` is a value some settings take)."""


def chosen(new: T | Keep, old: T) -> T:
    return old if isinstance(new, Keep) else new


@dataclass(frozen=True)
class AccountChange:
    name: str | Keep = KEEP
    account_email: str | Keep = KEEP
    billing_email: str | Keep = KEEP
    dunning_active: bool | Keep = KEEP

    def applied_to(self, tenant: Tenant) -> Tenant:
        return replace(
            tenant,
            name=chosen(self.name, tenant.name),
            account_email=chosen(self.account_email, tenant.account_email),
            billing_email=chosen(self.billing_email, tenant.billing_email),
            dunning_active=chosen(self.dunning_active, tenant.dunning_active),
        )


@dataclass(frozen=True)
class LetterheadChange:
    """One field per field of `Letterhead` but the logo (`Configuration.logo`)."""

    company_name: str | Keep = KEEP
    street: str | Keep = KEEP
    postal_code: str | Keep = KEEP
    city: str | Keep = KEEP
    country: str | Keep = KEEP
    phone: str | Keep = KEEP
    email: str | Keep = KEEP
    web: str | Keep = KEEP
    legal_form: str | Keep = KEEP
    seat: str | Keep = KEEP
    register_court: str | Keep = KEEP
    register_number: str | Keep = KEEP
    managing_directors: tuple[str, ...] | Keep = KEEP
    vat_id: str | Keep = KEEP
    bank_accounts: tuple[BankAccount, ...] | Keep = KEEP

    def applied_to(self, old: Letterhead) -> Letterhead:
        return Letterhead(
            company_name=chosen(self.company_name, old.company_name),
            street=chosen(self.street, old.street),
            postal_code=chosen(self.postal_code, old.postal_code),
            city=chosen(self.city, old.city),
            country=chosen(self.country, old.country),
            phone=chosen(self.phone, old.phone),
            email=chosen(self.email, old.email),
            web=chosen(self.web, old.web),
            legal_form=chosen(self.legal_form, old.legal_form),
            seat=chosen(self.seat, old.seat),
            register_court=chosen(self.register_court, old.register_court),
            register_number=chosen(self.register_number, old.register_number),
            managing_directors=chosen(self.managing_directors, old.managing_directors),
            vat_id=chosen(self.vat_id, old.vat_id),
            bank_accounts=chosen(self.bank_accounts, old.bank_accounts),
            logo=old.logo,
        )


@dataclass(frozen=True)
class SettingsChange:
    """One field per field of `TenantSettings`."""

    reply_to: str | Keep | None = KEEP
    cc: tuple[str, ...] | Keep = KEEP
    bcc: tuple[str, ...] | Keep = KEEP
    attach_invoice_pdf: bool | Keep = KEEP
    sync_start: date | Keep | None = KEEP
    vouchers_enabled: bool | Keep = KEEP
    sending_hour: int | Keep = KEEP
    send_on_weekends: bool | Keep = KEEP
    bundesland: str | Keep | None = KEEP
    recipient_policy: RecipientPolicy | Keep = KEEP
    catch_up: CatchUp | Keep = KEEP
    min_gap_days: int | Keep = KEEP
    one_message_per_customer: bool | Keep = KEEP
    statutory_extras: bool | Keep = KEEP
    after_last_level: AfterLastLevel | Keep = KEEP
    payment_details: str | Keep = KEEP
    thank_you_enabled: bool | Keep = KEEP
    feedback_question: str | Keep = KEEP
    feedback_link: bool | Keep = KEEP
    thank_you_subject: str | Keep = KEEP
    thank_you_body: str | Keep = KEEP
    thank_you_subject_en: str | Keep = KEEP
    thank_you_body_en: str | Keep = KEEP
    letterhead: LetterheadChange | Keep = KEEP

    def given(self) -> frozenset[str]:
        """The names of the fields to change."""
        return frozenset(f.name for f in fields(self) if getattr(self, f.name) is not KEEP)

    def applied_to(self, old: TenantSettings) -> TenantSettings:
        return TenantSettings(
            reply_to=chosen(self.reply_to, old.reply_to),
            cc=chosen(self.cc, old.cc),
            bcc=chosen(self.bcc, old.bcc),
            attach_invoice_pdf=chosen(self.attach_invoice_pdf, old.attach_invoice_pdf),
            sync_start=chosen(self.sync_start, old.sync_start),
            vouchers_enabled=chosen(self.vouchers_enabled, old.vouchers_enabled),
            sending_hour=chosen(self.sending_hour, old.sending_hour),
            send_on_weekends=chosen(self.send_on_weekends, old.send_on_weekends),
            bundesland=chosen(self.bundesland, old.bundesland),
            recipient_policy=chosen(self.recipient_policy, old.recipient_policy),
            catch_up=chosen(self.catch_up, old.catch_up),
            min_gap_days=chosen(self.min_gap_days, old.min_gap_days),
            one_message_per_customer=chosen(
                self.one_message_per_customer, old.one_message_per_customer
            ),
            statutory_extras=chosen(self.statutory_extras, old.statutory_extras),
            after_last_level=chosen(self.after_last_level, old.after_last_level),
            payment_details=chosen(self.payment_details, old.payment_details),
            thank_you_enabled=chosen(self.thank_you_enabled, old.thank_you_enabled),
            feedback_question=chosen(self.feedback_question, old.feedback_question),
            feedback_link=chosen(self.feedback_link, old.feedback_link),
            thank_you_subject=chosen(self.thank_you_subject, old.thank_you_subject),
            thank_you_body=chosen(self.thank_you_body, old.thank_you_body),
            thank_you_subject_en=chosen(self.thank_you_subject_en, old.thank_you_subject_en),
            thank_you_body_en=chosen(self.thank_you_body_en, old.thank_you_body_en),
            letterhead=(
                old.letterhead
                if isinstance(self.letterhead, Keep)
                else self.letterhead.applied_to(old.letterhead)
            ),
        )


@dataclass(frozen=True)
class LevelChange:
    enabled: bool | Keep = KEEP
    days_after_due: int | Keep = KEEP
    by_post: bool | Keep = KEEP
    registered: bool | Keep = KEEP
    fee_cents: int | Keep = KEEP
    payment_days: int | Keep = KEEP

    def applied_to(self, setting: LevelSetting) -> LevelSetting:
        return LevelSetting(
            setting.level,
            enabled=chosen(self.enabled, setting.enabled),
            days_after_due=chosen(self.days_after_due, setting.days_after_due),
            by_post=chosen(self.by_post, setting.by_post),
            registered=chosen(self.registered, setting.registered),
            fee_cents=chosen(self.fee_cents, setting.fee_cents),
            payment_days=chosen(self.payment_days, setting.days_to_pay),
        )


@dataclass(frozen=True)
class Configuration:
    """What to change; an empty part changes nothing."""

    account: AccountChange = field(default_factory=AccountChange)
    settings: SettingsChange = field(default_factory=SettingsChange)
    levels: tuple[LevelSetting, ...] | None = None
    """All nine levels, replacing the stored ones."""
    level_changes: Mapping[Level, LevelChange] = field(default_factory=dict)
    """Single fields of single levels (applied after `levels`)."""
    logo: Logo | Keep | None = KEEP
    """The letterhead's logo, checked at the edge; None removes it."""

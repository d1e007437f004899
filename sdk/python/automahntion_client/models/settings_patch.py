from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.after_last_level import AfterLastLevel
from ..models.catch_up import CatchUp
from ..models.recipient_policy import RecipientPolicy
from ..models.settings_patch_bundesland_type_0 import SettingsPatchBundeslandType0
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="SettingsPatch")



@_attrs_define
class SettingsPatch:
    """ Only the fields given change.

        Attributes:
            after_last_level (AfterLastLevel | Unset): What the tenant does when the last enabled level stays unpaid; its
                text names it.
            attach_invoice_pdf (bool | Unset):
            bcc (list[str] | Unset):
            bundesland (None | SettingsPatchBundeslandType0 | Unset): null = nationwide public holidays only.
            catch_up (CatchUp | Unset): After a pause or a late start: send the next level due (`next`) or jump to the
                highest level
                    due (`highest`).
            cc (list[str] | Unset):
            feedback_link (bool | Unset): Whether thank-you e-mails carry the link to the feedback page.
            feedback_question (str | Unset): Asked on the feedback page that thank-you e-mails link to.
            min_gap_days (int | Unset):
            one_message_per_customer (bool | Unset):
            payment_details (str | Unset):
            recipient_policy (RecipientPolicy | Unset): Which of a contact's addresses dunning writes to: the first
                available one, or business
                    addresses only.
            reply_to (None | str | Unset): Reply-To of every message; null = the account's e-mail.
            send_on_weekends (bool | Unset):
            sending_hour (int | Unset): Hour (Europe/Berlin) of the daily run.
            statutory_extras (bool | Unset): Default interest and the 40 EUR flat fee (§§ 286, 288 BGB).
            sync_start (datetime.date | None | Unset): Invoices dated before it are ignored entirely.
            thank_you_body (str | Unset): Plain-text body of thank-you e-mails. Sandboxed jinja2 like the level templates,
                tried before it is stored. Placeholders: `{{ customer_name }}`, `{{ invoice_number }}`, `{{ invoice_date }}`,
                `{{ total_amount }}`, `{{ company_name }}`, `{{ feedback_question }}`, `{{ feedback_link }}`, `{{ salutation }}`
                (date and amount come formatted the German way; `feedback_link` is empty when `feedbackLink` is off). Allowed
                besides: `{% if %}` and filters that do not grow their input; loops, `{% set %}`, calls and unknown placeholders
                are refused with a 422 naming the field.
            thank_you_body_en (str | Unset): Plain-text body of thank-you e-mails. Sandboxed jinja2 like the level
                templates, tried before it is stored. Placeholders: `{{ customer_name }}`, `{{ invoice_number }}`, `{{
                invoice_date }}`, `{{ total_amount }}`, `{{ company_name }}`, `{{ feedback_question }}`, `{{ feedback_link }}`,
                `{{ salutation }}` (date and amount come formatted the German way; `feedback_link` is empty when `feedbackLink`
                is off). Allowed besides: `{% if %}` and filters that do not grow their input; loops, `{% set %}`, calls and
                unknown placeholders are refused with a 422 naming the field.
            thank_you_enabled (bool | Unset):
            thank_you_subject (str | Unset): Subject of thank-you e-mails. Sandboxed jinja2 like the level templates, tried
                before it is stored. Placeholders: `{{ customer_name }}`, `{{ invoice_number }}`, `{{ invoice_date }}`, `{{
                total_amount }}`, `{{ company_name }}`, `{{ feedback_question }}`, `{{ feedback_link }}`, `{{ salutation }}`
                (date and amount come formatted the German way; `feedback_link` is empty when `feedbackLink` is off). Allowed
                besides: `{% if %}` and filters that do not grow their input; loops, `{% set %}`, calls and unknown placeholders
                are refused with a 422 naming the field.
            thank_you_subject_en (str | Unset): Subject of thank-you e-mails. Sandboxed jinja2 like the level templates,
                tried before it is stored. Placeholders: `{{ customer_name }}`, `{{ invoice_number }}`, `{{ invoice_date }}`,
                `{{ total_amount }}`, `{{ company_name }}`, `{{ feedback_question }}`, `{{ feedback_link }}`, `{{ salutation }}`
                (date and amount come formatted the German way; `feedback_link` is empty when `feedbackLink` is off). Allowed
                besides: `{% if %}` and filters that do not grow their input; loops, `{% set %}`, calls and unknown placeholders
                are refused with a 422 naming the field.
            vouchers_enabled (bool | Unset): Also dun revenue vouchers; switching it on makes the next sync a full one.
     """

    after_last_level: AfterLastLevel | Unset = UNSET
    attach_invoice_pdf: bool | Unset = UNSET
    bcc: list[str] | Unset = UNSET
    bundesland: None | SettingsPatchBundeslandType0 | Unset = UNSET
    catch_up: CatchUp | Unset = UNSET
    cc: list[str] | Unset = UNSET
    feedback_link: bool | Unset = UNSET
    feedback_question: str | Unset = UNSET
    min_gap_days: int | Unset = UNSET
    one_message_per_customer: bool | Unset = UNSET
    payment_details: str | Unset = UNSET
    recipient_policy: RecipientPolicy | Unset = UNSET
    reply_to: None | str | Unset = UNSET
    send_on_weekends: bool | Unset = UNSET
    sending_hour: int | Unset = UNSET
    statutory_extras: bool | Unset = UNSET
    sync_start: datetime.date | None | Unset = UNSET
    thank_you_body: str | Unset = UNSET
    thank_you_body_en: str | Unset = UNSET
    thank_you_enabled: bool | Unset = UNSET
    thank_you_subject: str | Unset = UNSET
    thank_you_subject_en: str | Unset = UNSET
    vouchers_enabled: bool | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        after_last_level: str | Unset = UNSET
        if not isinstance(self.after_last_level, Unset):
            after_last_level = self.after_last_level.value


        attach_invoice_pdf = self.attach_invoice_pdf

        bcc: list[str] | Unset = UNSET
        if not isinstance(self.bcc, Unset):
            bcc = self.bcc



        bundesland: None | str | Unset
        if isinstance(self.bundesland, Unset):
            bundesland = UNSET
        elif isinstance(self.bundesland, SettingsPatchBundeslandType0):
            bundesland = self.bundesland.value
        else:
            bundesland = self.bundesland

        catch_up: str | Unset = UNSET
        if not isinstance(self.catch_up, Unset):
            catch_up = self.catch_up.value


        cc: list[str] | Unset = UNSET
        if not isinstance(self.cc, Unset):
            cc = self.cc



        feedback_link = self.feedback_link

        feedback_question = self.feedback_question

        min_gap_days = self.min_gap_days

        one_message_per_customer = self.one_message_per_customer

        payment_details = self.payment_details

        recipient_policy: str | Unset = UNSET
        if not isinstance(self.recipient_policy, Unset):
            recipient_policy = self.recipient_policy.value


        reply_to: None | str | Unset
        if isinstance(self.reply_to, Unset):
            reply_to = UNSET
        else:
            reply_to = self.reply_to

        send_on_weekends = self.send_on_weekends

        sending_hour = self.sending_hour

        statutory_extras = self.statutory_extras

        sync_start: None | str | Unset
        if isinstance(self.sync_start, Unset):
            sync_start = UNSET
        elif isinstance(self.sync_start, datetime.date):
            sync_start = self.sync_start.isoformat()
        else:
            sync_start = self.sync_start

        thank_you_body = self.thank_you_body

        thank_you_body_en = self.thank_you_body_en

        thank_you_enabled = self.thank_you_enabled

        thank_you_subject = self.thank_you_subject

        thank_you_subject_en = self.thank_you_subject_en

        vouchers_enabled = self.vouchers_enabled


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if after_last_level is not UNSET:
            field_dict["afterLastLevel"] = after_last_level
        if attach_invoice_pdf is not UNSET:
            field_dict["attachInvoicePdf"] = attach_invoice_pdf
        if bcc is not UNSET:
            field_dict["bcc"] = bcc
        if bundesland is not UNSET:
            field_dict["bundesland"] = bundesland
        if catch_up is not UNSET:
            field_dict["catchUp"] = catch_up
        if cc is not UNSET:
            field_dict["cc"] = cc
        if feedback_link is not UNSET:
            field_dict["feedbackLink"] = feedback_link
        if feedback_question is not UNSET:
            field_dict["feedbackQuestion"] = feedback_question
        if min_gap_days is not UNSET:
            field_dict["minGapDays"] = min_gap_days
        if one_message_per_customer is not UNSET:
            field_dict["oneMessagePerCustomer"] = one_message_per_customer
        if payment_details is not UNSET:
            field_dict["paymentDetails"] = payment_details
        if recipient_policy is not UNSET:
            field_dict["recipientPolicy"] = recipient_policy
        if reply_to is not UNSET:
            field_dict["replyTo"] = reply_to
        if send_on_weekends is not UNSET:
            field_dict["sendOnWeekends"] = send_on_weekends
        if sending_hour is not UNSET:
            field_dict["sendingHour"] = sending_hour
        if statutory_extras is not UNSET:
            field_dict["statutoryExtras"] = statutory_extras
        if sync_start is not UNSET:
            field_dict["syncStart"] = sync_start
        if thank_you_body is not UNSET:
            field_dict["thankYouBody"] = thank_you_body
        if thank_you_body_en is not UNSET:
            field_dict["thankYouBodyEn"] = thank_you_body_en
        if thank_you_enabled is not UNSET:
            field_dict["thankYouEnabled"] = thank_you_enabled
        if thank_you_subject is not UNSET:
            field_dict["thankYouSubject"] = thank_you_subject
        if thank_you_subject_en is not UNSET:
            field_dict["thankYouSubjectEn"] = thank_you_subject_en
        if vouchers_enabled is not UNSET:
            field_dict["vouchersEnabled"] = vouchers_enabled

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _after_last_level = d.pop("afterLastLevel", UNSET)
        after_last_level: AfterLastLevel | Unset
        if isinstance(_after_last_level,  Unset):
            after_last_level = UNSET
        else:
            after_last_level = AfterLastLevel(_after_last_level)




        attach_invoice_pdf = d.pop("attachInvoicePdf", UNSET)

        bcc = cast(list[str], d.pop("bcc", UNSET))


        def _parse_bundesland(data: object) -> None | SettingsPatchBundeslandType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                bundesland_type_0 = SettingsPatchBundeslandType0(data)



                return bundesland_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SettingsPatchBundeslandType0 | Unset, data)

        bundesland = _parse_bundesland(d.pop("bundesland", UNSET))


        _catch_up = d.pop("catchUp", UNSET)
        catch_up: CatchUp | Unset
        if isinstance(_catch_up,  Unset):
            catch_up = UNSET
        else:
            catch_up = CatchUp(_catch_up)




        cc = cast(list[str], d.pop("cc", UNSET))


        feedback_link = d.pop("feedbackLink", UNSET)

        feedback_question = d.pop("feedbackQuestion", UNSET)

        min_gap_days = d.pop("minGapDays", UNSET)

        one_message_per_customer = d.pop("oneMessagePerCustomer", UNSET)

        payment_details = d.pop("paymentDetails", UNSET)

        _recipient_policy = d.pop("recipientPolicy", UNSET)
        recipient_policy: RecipientPolicy | Unset
        if isinstance(_recipient_policy,  Unset):
            recipient_policy = UNSET
        else:
            recipient_policy = RecipientPolicy(_recipient_policy)




        def _parse_reply_to(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reply_to = _parse_reply_to(d.pop("replyTo", UNSET))


        send_on_weekends = d.pop("sendOnWeekends", UNSET)

        sending_hour = d.pop("sendingHour", UNSET)

        statutory_extras = d.pop("statutoryExtras", UNSET)

        def _parse_sync_start(data: object) -> datetime.date | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sync_start_type_0 = datetime.date.fromisoformat(data)



                return sync_start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None | Unset, data)

        sync_start = _parse_sync_start(d.pop("syncStart", UNSET))


        thank_you_body = d.pop("thankYouBody", UNSET)

        thank_you_body_en = d.pop("thankYouBodyEn", UNSET)

        thank_you_enabled = d.pop("thankYouEnabled", UNSET)

        thank_you_subject = d.pop("thankYouSubject", UNSET)

        thank_you_subject_en = d.pop("thankYouSubjectEn", UNSET)

        vouchers_enabled = d.pop("vouchersEnabled", UNSET)

        settings_patch = cls(
            after_last_level=after_last_level,
            attach_invoice_pdf=attach_invoice_pdf,
            bcc=bcc,
            bundesland=bundesland,
            catch_up=catch_up,
            cc=cc,
            feedback_link=feedback_link,
            feedback_question=feedback_question,
            min_gap_days=min_gap_days,
            one_message_per_customer=one_message_per_customer,
            payment_details=payment_details,
            recipient_policy=recipient_policy,
            reply_to=reply_to,
            send_on_weekends=send_on_weekends,
            sending_hour=sending_hour,
            statutory_extras=statutory_extras,
            sync_start=sync_start,
            thank_you_body=thank_you_body,
            thank_you_body_en=thank_you_body_en,
            thank_you_enabled=thank_you_enabled,
            thank_you_subject=thank_you_subject,
            thank_you_subject_en=thank_you_subject_en,
            vouchers_enabled=vouchers_enabled,
        )

        return settings_patch


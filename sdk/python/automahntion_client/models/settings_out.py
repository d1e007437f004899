from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.after_last_level import AfterLastLevel
from ..models.catch_up import CatchUp
from ..models.recipient_policy import RecipientPolicy
from ..models.settings_out_bundesland_type_1 import SettingsOutBundeslandType1
from ..models.settings_out_bundesland_type_2_type_1 import SettingsOutBundeslandType2Type1
from ..models.settings_out_bundesland_type_3_type_1 import SettingsOutBundeslandType3Type1
from typing import cast
import datetime






T = TypeVar("T", bound="SettingsOut")



@_attrs_define
class SettingsOut:
    """ How the tenant duns.

        Attributes:
            after_last_level (AfterLastLevel): What the tenant does when the last enabled level stays unpaid; its text names
                it.
            attach_invoice_pdf (bool):
            bcc (list[str]):
            bundesland (None | SettingsOutBundeslandType1 | SettingsOutBundeslandType2Type1 |
                SettingsOutBundeslandType3Type1):
            catch_up (CatchUp): After a pause or a late start: send the next level due (`next`) or jump to the highest level
                    due (`highest`).
            cc (list[str]):
            feedback_link (bool):
            feedback_question (str):
            min_gap_days (int):
            one_message_per_customer (bool):
            payment_details (str):
            recipient_policy (RecipientPolicy): Which of a contact's addresses dunning writes to: the first available one,
                or business
                    addresses only.
            reply_to (None | str):
            send_on_weekends (bool):
            sending_hour (int):
            statutory_extras (bool):
            sync_start (datetime.date | None):
            thank_you_body (str): Plain-text body of thank-you e-mails. Sandboxed jinja2 like the level templates, tried
                before it is stored. Placeholders: `{{ customer_name }}`, `{{ invoice_number }}`, `{{ invoice_date }}`, `{{
                total_amount }}`, `{{ company_name }}`, `{{ feedback_question }}`, `{{ feedback_link }}`, `{{ salutation }}`
                (date and amount come formatted the German way; `feedback_link` is empty when `feedbackLink` is off). Allowed
                besides: `{% if %}` and filters that do not grow their input; loops, `{% set %}`, calls and unknown placeholders
                are refused with a 422 naming the field.
            thank_you_body_en (str): Plain-text body of thank-you e-mails. Sandboxed jinja2 like the level templates, tried
                before it is stored. Placeholders: `{{ customer_name }}`, `{{ invoice_number }}`, `{{ invoice_date }}`, `{{
                total_amount }}`, `{{ company_name }}`, `{{ feedback_question }}`, `{{ feedback_link }}`, `{{ salutation }}`
                (date and amount come formatted the German way; `feedback_link` is empty when `feedbackLink` is off). Allowed
                besides: `{% if %}` and filters that do not grow their input; loops, `{% set %}`, calls and unknown placeholders
                are refused with a 422 naming the field.
            thank_you_enabled (bool):
            thank_you_subject (str): Subject of thank-you e-mails. Sandboxed jinja2 like the level templates, tried before
                it is stored. Placeholders: `{{ customer_name }}`, `{{ invoice_number }}`, `{{ invoice_date }}`, `{{
                total_amount }}`, `{{ company_name }}`, `{{ feedback_question }}`, `{{ feedback_link }}`, `{{ salutation }}`
                (date and amount come formatted the German way; `feedback_link` is empty when `feedbackLink` is off). Allowed
                besides: `{% if %}` and filters that do not grow their input; loops, `{% set %}`, calls and unknown placeholders
                are refused with a 422 naming the field.
            thank_you_subject_en (str): Subject of thank-you e-mails. Sandboxed jinja2 like the level templates, tried
                before it is stored. Placeholders: `{{ customer_name }}`, `{{ invoice_number }}`, `{{ invoice_date }}`, `{{
                total_amount }}`, `{{ company_name }}`, `{{ feedback_question }}`, `{{ feedback_link }}`, `{{ salutation }}`
                (date and amount come formatted the German way; `feedback_link` is empty when `feedbackLink` is off). Allowed
                besides: `{% if %}` and filters that do not grow their input; loops, `{% set %}`, calls and unknown placeholders
                are refused with a 422 naming the field.
            vouchers_enabled (bool):
     """

    after_last_level: AfterLastLevel
    attach_invoice_pdf: bool
    bcc: list[str]
    bundesland: None | SettingsOutBundeslandType1 | SettingsOutBundeslandType2Type1 | SettingsOutBundeslandType3Type1
    catch_up: CatchUp
    cc: list[str]
    feedback_link: bool
    feedback_question: str
    min_gap_days: int
    one_message_per_customer: bool
    payment_details: str
    recipient_policy: RecipientPolicy
    reply_to: None | str
    send_on_weekends: bool
    sending_hour: int
    statutory_extras: bool
    sync_start: datetime.date | None
    thank_you_body: str
    thank_you_body_en: str
    thank_you_enabled: bool
    thank_you_subject: str
    thank_you_subject_en: str
    vouchers_enabled: bool





    def to_dict(self) -> dict[str, Any]:
        after_last_level = self.after_last_level.value

        attach_invoice_pdf = self.attach_invoice_pdf

        bcc = self.bcc



        bundesland: None | str
        if isinstance(self.bundesland, SettingsOutBundeslandType1):
            bundesland = self.bundesland.value
        elif isinstance(self.bundesland, SettingsOutBundeslandType2Type1):
            bundesland = self.bundesland.value
        elif isinstance(self.bundesland, SettingsOutBundeslandType3Type1):
            bundesland = self.bundesland.value
        else:
            bundesland = self.bundesland

        catch_up = self.catch_up.value

        cc = self.cc



        feedback_link = self.feedback_link

        feedback_question = self.feedback_question

        min_gap_days = self.min_gap_days

        one_message_per_customer = self.one_message_per_customer

        payment_details = self.payment_details

        recipient_policy = self.recipient_policy.value

        reply_to: None | str
        reply_to = self.reply_to

        send_on_weekends = self.send_on_weekends

        sending_hour = self.sending_hour

        statutory_extras = self.statutory_extras

        sync_start: None | str
        if isinstance(self.sync_start, datetime.date):
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
            "afterLastLevel": after_last_level,
            "attachInvoicePdf": attach_invoice_pdf,
            "bcc": bcc,
            "bundesland": bundesland,
            "catchUp": catch_up,
            "cc": cc,
            "feedbackLink": feedback_link,
            "feedbackQuestion": feedback_question,
            "minGapDays": min_gap_days,
            "oneMessagePerCustomer": one_message_per_customer,
            "paymentDetails": payment_details,
            "recipientPolicy": recipient_policy,
            "replyTo": reply_to,
            "sendOnWeekends": send_on_weekends,
            "sendingHour": sending_hour,
            "statutoryExtras": statutory_extras,
            "syncStart": sync_start,
            "thankYouBody": thank_you_body,
            "thankYouBodyEn": thank_you_body_en,
            "thankYouEnabled": thank_you_enabled,
            "thankYouSubject": thank_you_subject,
            "thankYouSubjectEn": thank_you_subject_en,
            "vouchersEnabled": vouchers_enabled,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        after_last_level = AfterLastLevel(d.pop("afterLastLevel"))




        attach_invoice_pdf = d.pop("attachInvoicePdf")

        bcc = cast(list[str], d.pop("bcc"))


        def _parse_bundesland(data: object) -> None | SettingsOutBundeslandType1 | SettingsOutBundeslandType2Type1 | SettingsOutBundeslandType3Type1:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                bundesland_type_1 = SettingsOutBundeslandType1(data)



                return bundesland_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                bundesland_type_2_type_1 = SettingsOutBundeslandType2Type1(data)



                return bundesland_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                bundesland_type_3_type_1 = SettingsOutBundeslandType3Type1(data)



                return bundesland_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SettingsOutBundeslandType1 | SettingsOutBundeslandType2Type1 | SettingsOutBundeslandType3Type1, data)

        bundesland = _parse_bundesland(d.pop("bundesland"))


        catch_up = CatchUp(d.pop("catchUp"))




        cc = cast(list[str], d.pop("cc"))


        feedback_link = d.pop("feedbackLink")

        feedback_question = d.pop("feedbackQuestion")

        min_gap_days = d.pop("minGapDays")

        one_message_per_customer = d.pop("oneMessagePerCustomer")

        payment_details = d.pop("paymentDetails")

        recipient_policy = RecipientPolicy(d.pop("recipientPolicy"))




        def _parse_reply_to(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reply_to = _parse_reply_to(d.pop("replyTo"))


        send_on_weekends = d.pop("sendOnWeekends")

        sending_hour = d.pop("sendingHour")

        statutory_extras = d.pop("statutoryExtras")

        def _parse_sync_start(data: object) -> datetime.date | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sync_start_type_0 = datetime.date.fromisoformat(data)



                return sync_start_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.date | None, data)

        sync_start = _parse_sync_start(d.pop("syncStart"))


        thank_you_body = d.pop("thankYouBody")

        thank_you_body_en = d.pop("thankYouBodyEn")

        thank_you_enabled = d.pop("thankYouEnabled")

        thank_you_subject = d.pop("thankYouSubject")

        thank_you_subject_en = d.pop("thankYouSubjectEn")

        vouchers_enabled = d.pop("vouchersEnabled")

        settings_out = cls(
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

        return settings_out


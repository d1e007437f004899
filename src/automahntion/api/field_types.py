"""The constrained values of the tenant's resources (account, settings, levels, pause, API
keys): the checks of their type and bounds, done once when a request or `tenants configure`'s
document is decoded, and stated in the OpenAPI document."""

from __future__ import annotations

from typing import Annotated, Literal, TypeVar

from msgspec import Meta, UnsetType

from automahntion.app.access.credentials import MAX_NAME_LENGTH as MAX_KEY_NAME_LENGTH
from automahntion.app.settings import limits
from automahntion.app.settings.changes import KEEP, Keep
from automahntion.app.tenants.account import MAX_REASON_LENGTH
from automahntion.app.tenants.addresses import EMAIL_PATTERN, MAX_ADDRESSES, MAX_EMAIL_LENGTH
from automahntion.app.tenants.level_templates import MAX_BODY_LENGTH, MAX_SUBJECT_LENGTH
from automahntion.domain.levels import MAX_PAYMENT_DAYS
from automahntion.domain.thanks import THANK_YOU_PLACEHOLDERS

T = TypeVar("T")

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
GapDays = Annotated[int, Meta(gt=-1, le=limits.MAX_MIN_GAP_DAYS)]
Days = Annotated[int, Meta(gt=-1, le=limits.MAX_DAYS_AFTER_DUE)]
PaymentDays = Annotated[int, Meta(ge=1, le=MAX_PAYMENT_DAYS)]
Cents = Annotated[int, Meta(gt=-1, le=limits.MAX_FEE_CENTS)]
NO_BREAK = r"[^\r\n\x00\x0b\x0c\x1c-\x1e\x85\u2028\u2029]"
"""One character that ends no line."""
_VISIBLE = r"[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
"""Not blank in either regex dialect: Python's `\\S` and JSON Schema's (ECMA) `\\S` differ."""
SINGLE_LINE = rf"^{NO_BREAK}*{_VISIBLE}{NO_BREAK}*$"
"""Some visible text, and no line break (which could end a mail header)."""


OneLine = Annotated[
    str, Meta(min_length=1, max_length=limits.MAX_FEEDBACK_QUESTION_LENGTH, pattern=SINGLE_LINE)
]
Name = Annotated[str, Meta(min_length=1, max_length=limits.MAX_NAME_LENGTH, pattern=SINGLE_LINE)]
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
    str, Meta(max_length=limits.MAX_PAYMENT_DETAILS_LENGTH, pattern=r"^[^\x00]*$")
]


def kept(value: T | UnsetType) -> T | Keep:
    """A field the request left out keeps its stored value."""
    return KEEP if isinstance(value, UnsetType) else value

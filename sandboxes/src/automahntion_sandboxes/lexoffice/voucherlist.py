"""`GET /v1/voucherlist`: lexoffice's filters, sorting and paging, with `overdue` computed
against the sandbox's current date."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from automahntion_sandboxes.clock import parse_day
from automahntion_sandboxes.lexoffice import malformed
from automahntion_sandboxes.lexoffice.clock import berlin_date
from automahntion_sandboxes.lexoffice.errors import ApiError, Detail
from automahntion_sandboxes.lexoffice.shapes import page, voucherlist_item
from automahntion_sandboxes.lexoffice.state import Organization, Voucher

VOUCHER_TYPES = (
    "salesinvoice",
    "salescreditnote",
    "purchaseinvoice",
    "purchasecreditnote",
    "invoice",
    "downpaymentinvoice",
    "creditnote",
    "orderconfirmation",
    "quotation",
    "deliverynote",
)
VOUCHER_STATUSES = (
    "draft",
    "open",
    "paid",
    "paidoff",
    "voided",
    "transferred",
    "sepadebit",
    "overdue",
    "accepted",
    "rejected",
    "unchecked",
)
DEFAULT_SIZE = 25
MAX_SIZE = 250
SEARCH_WINDOW = 10_000
SORT_KEYS: dict[str, Callable[[Voucher], Any]] = {
    "voucherdate": lambda v: v.voucher_date,
    "vouchernumber": lambda v: v.voucher_number,
    "createddate": lambda v: v.created,
    "updateddate": lambda v: v.updated,
}


def _bad(field: str, message: str, violation: str = "INVALID") -> ApiError:
    return ApiError(400, message, [Detail(violation, field, message)])


def _choices(params: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> set[str]:
    raw = params.get(name)
    if raw is None or not raw.strip():
        raise _bad(name, f"Required parameter '{name}' is not present", "NOTNULL")
    values = {part.strip().lower() for part in raw.split(",") if part.strip()}
    if "any" in values:
        return set(allowed)
    unknown = values - set(allowed)
    if unknown:
        raise _bad(name, f"Invalid value(s) for '{name}': {', '.join(sorted(unknown))}")
    return values


def _day(params: Mapping[str, str], name: str) -> date | None:
    raw = params.get(name)
    if raw is None:
        return None
    try:
        return parse_day(raw)
    except ValueError as error:
        raise _bad(name, f"'{name}' must be a date as yyyy-MM-dd") from error


def _int(params: Mapping[str, str], name: str, default: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise _bad(name, f"'{name}' must be a number") from error


def _within(value: date, low: date | None, high: date | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


def _status_matches(voucher: Voucher, statuses: set[str], today: date) -> bool:
    listed = voucher.listed_status(today)
    if statuses == {"overdue"}:
        return listed == "overdue"
    return voucher.status in statuses or listed in statuses


def search(organization: Organization, params: Mapping[str, str], today: date) -> dict[str, Any]:
    types = _choices(params, "voucherType", VOUCHER_TYPES)
    statuses = _choices(params, "voucherStatus", VOUCHER_STATUSES)
    asked = {part.strip().lower() for part in params.get("voucherStatus", "").split(",")}
    if "overdue" in asked and len(asked - {""}) > 1:
        raise _bad("voucherStatus", "voucherStatus 'overdue' cannot be combined with others")
    archived_raw = params.get("archived")
    archived: bool | None = None
    if archived_raw is not None:
        if archived_raw.lower() not in ("true", "false"):
            raise _bad("archived", "'archived' must be true or false")
        archived = archived_raw.lower() == "true"
    windows = {
        name: (_day(params, f"{name}From"), _day(params, f"{name}To"))
        for name in ("voucherDate", "createdDate", "updatedDate")
    }
    number = _int(params, "page", 0)
    size = _int(params, "size", DEFAULT_SIZE)
    if number < 0:
        raise _bad("page", "'page' must not be negative")
    if size < 1 or size > MAX_SIZE:
        raise _bad("size", f"'size' must be between 1 and {MAX_SIZE}")
    sort_property, _, direction = params.get("sort", "voucherDate,DESC").partition(",")
    direction = (direction or "ASC").upper()
    if sort_property.lower() not in SORT_KEYS or direction not in ("ASC", "DESC"):
        raise _bad(
            "sort", "'sort' must be voucherDate|voucherNumber|createdDate|updatedDate[,ASC|DESC]"
        )
    contact_id = params.get("contactId")
    voucher_number = params.get("voucherNumber")
    if voucher_number is not None:
        voucher_number = html.unescape(voucher_number)

    def wanted(voucher: Voucher) -> bool:
        return (
            voucher.voucher_type in types
            and _status_matches(voucher, statuses, today)
            and (archived is None or voucher.archived == archived)
            and (contact_id is None or voucher.contact_id == contact_id)
            and (voucher_number is None or voucher.voucher_number == voucher_number)
            and _within(voucher.voucher_date, *windows["voucherDate"])
            and _within(berlin_date(voucher.created), *windows["createdDate"])
            and _within(berlin_date(voucher.updated), *windows["updatedDate"])
        )

    key = SORT_KEYS[sort_property.lower()]
    matches = sorted(
        (v for v in organization.vouchers.values() if wanted(v)),
        key=lambda v: (key(v), v.created, v.id),
        reverse=direction == "DESC",
    )
    if (number + 1) * size > SEARCH_WINDOW and len(matches) > SEARCH_WINDOW:
        raise ApiError(400, "Maximum search window size exceeded")
    total = min(len(matches), SEARCH_WINDOW)
    selected = matches[number * size : min((number + 1) * size, total)]
    items = [
        malformed.served(
            organization, v.id, "voucherlist", voucherlist_item(organization, v, today)
        )
        for v in selected
    ]
    return page(items, total, number, size, [(sort_property, direction)])

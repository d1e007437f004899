"""Seeding: contacts and vouchers from control bodies (lexoffice's contact shape, a compact
voucher description), validated before anything is stored."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from automahntion_sandboxes.clock import parse_day
from automahntion_sandboxes.common import ControlError
from automahntion_sandboxes.lexoffice.money import to_cents
from automahntion_sandboxes.lexoffice.shapes import CONTACT_FIELDS
from automahntion_sandboxes.lexoffice.state import (
    COLLECTIVE_CONTACT_NAME,
    CREDIT_NOTE_TYPES,
    EVENT_PREFIX,
    INVOICE_TYPES,
    SEEDABLE_TYPES,
    Contact,
    Organization,
    Payment,
    Sandbox,
    Voucher,
    new_id,
)

EMAIL_KINDS = ("business", "office", "private", "other")
SEEDABLE_STATUSES = ("draft", "open", "paid", "paidoff", "voided", "transferred", "sepadebit")
NUMBER_PREFIX = {
    "invoice": "RE",
    "downpaymentinvoice": "AR",
    "salesinvoice": "EB",
    "salescreditnote": "GS",
}
DEFAULT_TERM_DAYS = 14


def _bad(message: str) -> ControlError:
    return ControlError(400, message)


def _object(value: object, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _bad(f"{what} must be a JSON object")
    return value


def _check_contact_data(data: dict[str, Any]) -> None:
    company, person = data.get("company"), data.get("person")
    if (company is None) == (person is None):
        raise _bad("a contact needs exactly one of company or person")
    if company is not None:
        if not isinstance(company, dict) or not isinstance(company.get("name"), str):
            raise _bad("company.name is required")
        persons = company.get("contactPersons", [])
        if not isinstance(persons, list) or not all(isinstance(p, dict) for p in persons):
            raise _bad("company.contactPersons must be a list of objects")
    if person is not None and (
        not isinstance(person, dict) or not isinstance(person.get("lastName"), str)
    ):
        raise _bad("person.lastName is required")
    emails = data.get("emailAddresses", {})
    if not isinstance(emails, dict) or any(
        kind not in EMAIL_KINDS
        or not isinstance(values, list)
        or not all(isinstance(v, str) for v in values)
        for kind, values in emails.items()
    ):
        raise _bad(f"emailAddresses must map {', '.join(EMAIL_KINDS)} to lists of strings")
    addresses = data.get("addresses", {})
    if not isinstance(addresses, dict) or any(
        kind not in ("billing", "shipping") or not isinstance(values, list)
        for kind, values in addresses.items()
    ):
        raise _bad("addresses must map billing and shipping to lists of addresses")
    roles = data.get("roles", {})
    if not isinstance(roles, dict) or not roles:
        raise _bad("roles must name customer and/or vendor")


def _assign_numbers(organization: Organization, data: dict[str, Any]) -> None:
    for role in ("customer", "vendor"):
        if role in data["roles"]:
            entry = _object(data["roles"][role] or {}, f"roles.{role}")
            if "number" not in entry:
                entry = {**entry, "number": organization.next_customer_number}
                organization.next_customer_number += 1
            data["roles"] = {**data["roles"], role: entry}


def build_contact(sandbox: Sandbox, organization: Organization, body: object) -> Contact:
    body = _object(body, "the contact")
    data = {name: body[name] for name in (*CONTACT_FIELDS, "archived") if name in body}
    data.setdefault("roles", {"customer": {}})
    _check_contact_data(data)
    contact_id = body.get("id") or new_id()
    if not isinstance(contact_id, str):
        raise _bad("id must be a string")
    if contact_id in organization.contacts:
        raise ControlError(409, f"contact {contact_id} exists")
    _assign_numbers(organization, data)
    now = sandbox.clock.now()
    return Contact(
        id=contact_id, organization_id=organization.id, data=data, created=now, updated=now
    )


def add_contacts(
    sandbox: Sandbox, organization: Organization, bodies: Iterable[object], *, events: bool
) -> list[str]:
    contacts: list[Contact] = []
    for body in bodies:
        contact = build_contact(sandbox, organization, body)
        if any(c.id == contact.id for c in contacts):
            raise ControlError(409, f"contact {contact.id} is given twice")
        contacts.append(contact)
    for contact in contacts:
        organization.contacts[contact.id] = contact
        if events:
            sandbox.emit(organization.id, "contact.created", contact.id)
    return [contact.id for contact in contacts]


def change_contact(sandbox: Sandbox, contact: Contact, body: object) -> None:
    changes = _object(body, "the change")
    unknown = set(changes) - {*CONTACT_FIELDS, "archived", "version"}
    if unknown:
        raise _bad(f"cannot change {', '.join(sorted(unknown))}")
    data = {**contact.data, **{k: v for k, v in changes.items() if k != "version"}}
    data = {k: v for k, v in data.items() if v is not None}
    _check_contact_data(data)
    contact.data = data
    contact.version += 1
    contact.updated = sandbox.clock.now()
    sandbox.emit(contact.organization_id, "contact.changed", contact.id)


def _day(body: dict[str, Any], name: str, default: date | None) -> date | None:
    if name not in body:
        return default
    value = body[name]
    if value is None:
        return None
    try:
        return parse_day(str(value))
    except ValueError as error:
        raise _bad(f"{name} must be YYYY-MM-DD") from error


def _address(organization: Organization, contact_id: str | None, body: dict[str, Any]) -> Any:
    if "address" in body:
        address = dict(_object(body["address"], "address"))
        if contact_id is not None:
            address.setdefault("contactId", contact_id)
        return address
    if contact_id is not None:
        contact = organization.contacts[contact_id]
        billing = contact.data.get("addresses", {}).get("billing") or [{}]
        first = billing[0] if isinstance(billing[0], dict) else {}
        address = {"contactId": contact_id, "name": contact.name}
        for key in ("supplement", "street", "zip", "city", "countryCode"):
            if key in first:
                address[key] = first[key]
        address.setdefault("countryCode", "DE")
        return address
    name = body.get("contactName") or COLLECTIVE_CONTACT_NAME
    return {"name": name, "countryCode": "DE"}


def build_voucher(sandbox: Sandbox, organization: Organization, body: object) -> Voucher:
    body = _object(body, "the voucher")
    voucher_type = body.get("voucherType")
    if voucher_type not in SEEDABLE_TYPES:
        raise _bad(f"voucherType must be one of {', '.join(SEEDABLE_TYPES)}")
    today = sandbox.clock.today()
    voucher_date = _day(body, "voucherDate", today) or today
    due_date = _day(body, "dueDate", voucher_date + timedelta(days=DEFAULT_TERM_DAYS))
    try:
        total = to_cents(body.get("totalAmount"))
    except ValueError as error:
        raise _bad("totalAmount must be a number") from error
    if total <= 0:
        raise _bad("totalAmount must be positive")
    contact_id = body.get("contactId")
    if contact_id is not None and contact_id not in organization.contacts:
        raise ControlError(404, f"no contact {contact_id} in organization {organization.id}")
    status = body.get("status", "open")
    if status not in SEEDABLE_STATUSES:
        raise _bad(f"status must be one of {', '.join(SEEDABLE_STATUSES)}")
    if status == "paid" and voucher_type in CREDIT_NOTE_TYPES:
        status = "paidoff"
    language = body.get("language", "de")
    if language not in ("de", "en"):
        raise _bad("language must be de or en")
    tax_rate = body.get("taxRatePercentage", 19)
    if tax_rate not in (0, 7, 19):
        raise _bad("taxRatePercentage must be 0, 7 or 19")
    voucher_id = body.get("id") or new_id()
    if not isinstance(voucher_id, str):
        raise _bad("id must be a string")
    if voucher_id in organization.vouchers:
        raise ControlError(409, f"voucher {voucher_id} exists")
    number = body.get("voucherNumber")
    if number is None:
        number = f"{NUMBER_PREFIX[voucher_type]}{organization.next_voucher_number:05d}"
        organization.next_voucher_number += 1
    now = sandbox.clock.now()
    voucher = Voucher(
        id=voucher_id,
        organization_id=organization.id,
        voucher_type=voucher_type,
        voucher_number=str(number),
        voucher_date=voucher_date,
        due_date=due_date,
        total_cents=total,
        tax_rate=tax_rate,
        contact_id=contact_id,
        contact_name=body.get("contactName"),
        address=_address(organization, contact_id, body) if voucher_type in INVOICE_TYPES else None,
        language=language,
        status=status,
        archived=bool(body.get("archived", False)),
        created=now,
        updated=now,
        open_cents=total,
    )
    if status in ("paid", "paidoff"):
        voucher.payments.append(Payment(day=min(due_date or voucher_date, today), cents=total))
        voucher.open_cents = 0
    elif status == "voided":
        voucher.open_cents = 0
    return voucher


def add_vouchers(
    sandbox: Sandbox, organization: Organization, bodies: Iterable[object], *, events: bool
) -> list[str]:
    vouchers: list[Voucher] = []
    seen: set[str] = set()
    for body in bodies:
        voucher = build_voucher(sandbox, organization, body)
        if voucher.id in seen:
            raise ControlError(409, f"voucher {voucher.id} is given twice")
        seen.add(voucher.id)
        vouchers.append(voucher)
    for voucher in vouchers:
        organization.vouchers[voucher.id] = voucher
        if events:
            prefix = EVENT_PREFIX[voucher.voucher_type]
            sandbox.emit(organization.id, f"{prefix}.created", voucher.id)
    return [voucher.id for voucher in vouchers]

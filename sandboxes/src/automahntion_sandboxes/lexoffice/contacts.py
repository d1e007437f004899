"""`/v1/contacts`: one contact, or the filtered list (legacy error format)."""

from __future__ import annotations

import html
import re
from typing import Any

from litestar import Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from automahntion_sandboxes.lexoffice import malformed
from automahntion_sandboxes.lexoffice.calls import AnyRequest, organization_of, query
from automahntion_sandboxes.lexoffice.errors import LegacyError
from automahntion_sandboxes.lexoffice.shapes import contact_view, page
from automahntion_sandboxes.lexoffice.state import Contact, Sandbox

MAX_PAGE_SIZE = 250


@get("/contacts/{contact_id:str}")
async def get_contact(
    request: AnyRequest, sandbox: NamedDependency[Sandbox], contact_id: FromPath[str]
) -> Response[Any]:
    organization = organization_of(request, sandbox)
    contact = organization.contacts.get(contact_id)
    if contact is None:
        raise LegacyError(404, "missing_entity", "id")
    return Response(
        content=malformed.served(organization, contact.id, "contact", contact_view(contact))
    )


def _like(raw: str, name: str) -> re.Pattern[str]:
    """lexoffice's text search: ≥3 chars, case-insensitive substring, `%`/`_` wildcards."""
    text = html.unescape(raw)
    if len(text) < 3:
        raise LegacyError(400, "bad_request_error", name)
    pattern, escaped = [], False
    for char in text:
        if escaped:
            pattern.append(re.escape(char))
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "%":
            pattern.append(".*")
        elif char == "_":
            pattern.append(".")
        else:
            pattern.append(re.escape(char))
    return re.compile("".join(pattern), re.IGNORECASE | re.DOTALL)


def _emails(contact: Contact) -> list[str]:
    found: list[str] = []
    for values in (contact.data.get("emailAddresses") or {}).values():
        found += [v for v in values if isinstance(v, str)]
    company = contact.data.get("company") or {}
    for person in company.get("contactPersons") or []:
        if isinstance(person.get("emailAddress"), str):
            found.append(person["emailAddress"])
    return found


def _names(contact: Contact) -> list[str]:
    person = contact.data.get("person") or {}
    return [
        contact.name,
        *(str(person[k]) for k in ("firstName", "lastName") if person.get(k)),
    ]


def _flag(params: dict[str, str], name: str) -> bool | None:
    raw = params.get(name)
    if raw is None:
        return None
    if raw.lower() not in ("true", "false"):
        raise LegacyError(400, "bad_request_error", name)
    return raw.lower() == "true"


def _number(params: dict[str, str], name: str, default: int) -> int:
    try:
        return int(params.get(name, default))
    except ValueError as error:
        raise LegacyError(400, "bad_request_error", name) from error


@get("/contacts")
async def list_contacts(request: AnyRequest, sandbox: NamedDependency[Sandbox]) -> Response[Any]:
    organization = organization_of(request, sandbox)
    params = query(request)
    number = _number(params, "page", 0)
    size = _number(params, "size", 25)
    if number < 0:
        raise LegacyError(400, "bad_request_error", "page")
    if size < 1 or size > MAX_PAGE_SIZE:
        raise LegacyError(400, "bad_request_error", "size")
    email = _like(params["email"], "email") if "email" in params else None
    name = _like(params["name"], "name") if "name" in params else None
    customer, vendor = _flag(params, "customer"), _flag(params, "vendor")
    wanted_number = params.get("number")

    def wanted(contact: Contact) -> bool:
        roles = contact.data.get("roles") or {}
        numbers = {str((roles.get(r) or {}).get("number")) for r in ("customer", "vendor")}
        return (
            (email is None or any(email.search(e) for e in _emails(contact)))
            and (name is None or any(name.search(n) for n in _names(contact)))
            and (customer is None or ("customer" in roles) == customer)
            and (vendor is None or ("vendor" in roles) == vendor)
            and (wanted_number is None or wanted_number in numbers)
        )

    matches = sorted(
        (c for c in organization.contacts.values() if wanted(c)),
        key=lambda c: (c.name.casefold(), c.id),
    )
    selected = matches[number * size : (number + 1) * size]
    return Response(
        content=page(
            [malformed.served(organization, c.id, "contact", contact_view(c)) for c in selected],
            len(matches),
            number,
            size,
            [("name", "ASC")],
        )
    )


ROUTES = [get_contact, list_contacts]

"""`/_sandbox/organizations/{org}/records/{id}/malformed`: serve one record as lexoffice should
not — a field missing, of the wrong type, an unknown enum value, an absurd amount or date, or
another record's id — in the views that show it, while the record itself stays as it is.

The body names top-level fields to `set` (any JSON value, null too) and to `remove`, and
optionally the `views` it applies to (`voucherlist`, `invoice`, `voucher`, `payments`,
`contact`; all of them when left out). DELETE serves the record as it is again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Request, delete, put
from litestar.di import NamedDependency
from litestar.params import FromPath

from automahntion_sandboxes.common import ControlError, control_body
from automahntion_sandboxes.lexoffice.state import Organization, Sandbox

VIEWS = ("voucherlist", "invoice", "voucher", "payments", "contact")


@dataclass(frozen=True)
class Malformation:
    set: dict[str, Any]
    remove: tuple[str, ...]
    views: tuple[str, ...]


def served(organization: Organization, record_id: str, view: str, body: dict[str, Any]) -> Any:
    """`body` as the record's view is served: malformed when a control said so."""
    found = organization.malformed.get(record_id)
    if found is None or view not in found.views:
        return body
    return {k: v for k, v in body.items() if k not in found.remove} | found.set


def _malformation(body: dict[str, Any]) -> Malformation:
    fields, remove, views = body.get("set", {}), body.get("remove", []), body.get("views", VIEWS)
    if not isinstance(fields, dict):
        raise ControlError(400, "set must be an object of fields and their values")
    if not isinstance(remove, list) or not all(isinstance(r, str) for r in remove):
        raise ControlError(400, "remove must be a list of field names")
    if not isinstance(views, list | tuple) or not views or not set(views) <= set(VIEWS):
        raise ControlError(400, f"views must be a non-empty list of {', '.join(VIEWS)}")
    return Malformation(fields, tuple(remove), tuple(views))


def _organization(sandbox: Sandbox, organization_id: str) -> Organization:
    organization = sandbox.organizations.get(organization_id)
    if organization is None:
        raise ControlError(404, f"no organization {organization_id}")
    return organization


@put("/organizations/{organization_id:str}/records/{record_id:str}/malformed", status_code=200)
async def malform(
    request: Request[Any, Any, Any],
    sandbox: NamedDependency[Sandbox],
    organization_id: FromPath[str],
    record_id: FromPath[str],
) -> dict[str, Any]:
    organization = _organization(sandbox, organization_id)
    if record_id not in organization.vouchers and record_id not in organization.contacts:
        raise ControlError(404, f"no voucher or contact {record_id} in {organization_id}")
    found = _malformation(control_body(await request.body()))
    organization.malformed[record_id] = found
    return {"set": found.set, "remove": list(found.remove), "views": list(found.views)}


@delete("/organizations/{organization_id:str}/records/{record_id:str}/malformed", status_code=204)
async def mend(
    sandbox: NamedDependency[Sandbox], organization_id: FromPath[str], record_id: FromPath[str]
) -> None:
    _organization(sandbox, organization_id).malformed.pop(record_id, None)


ROUTES = [malform, mend]

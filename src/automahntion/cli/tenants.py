"""`automahntion tenants create|list|configure|activate|deactivate`."""

from __future__ import annotations

import argparse
import json
import secrets
from datetime import UTC
from typing import Any, TextIO
from uuid import UUID

from automahntion.app.access.credentials import KEY_PREFIX
from automahntion.app.dunning import activation
from automahntion.app.dunning.activation import ActivationState
from automahntion.app.lexoffice import connect
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import TenantLine, create_tenant, tenant_overview
from automahntion.bootstrap.container import Container
from automahntion.cli import configure
from automahntion.cli.as_json import print_json, utc
from automahntion.cli.as_of import add_as_of
from automahntion.cli.run import row
from automahntion.cli.sync import tenant_id
from automahntion.domain.activation import LONG_OVERDUE_DAYS
from automahntion.domain.quota import Plan


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    tenants = commands.add_parser("tenants", help="create, list and configure tenants")
    actions = tenants.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="create a tenant; prints its id and API key")
    create.add_argument("--name", required=True)
    create.add_argument("--email", required=True, help="the account's e-mail address")
    create.add_argument("--plan", choices=[p.value for p in Plan], default=Plan.STARTER.value)
    create.add_argument("--lexoffice-api-key", help="connect with a lexoffice private API key")
    listing = actions.add_parser("list", help="one line per tenant")
    listing.add_argument("--json", action="store_true", help="one JSON list on stdout")
    configure.add_parser(actions)
    activate = actions.add_parser(
        "activate", help="let the tenant send; prints what the next sending day would send"
    )
    activate.add_argument("id", type=tenant_id, help="the tenant's id")
    add_as_of(activate)
    deactivate = actions.add_parser("deactivate", help="the tenant sends nothing from now on")
    deactivate.add_argument("id", type=tenant_id, help="the tenant's id")


ACTOR = "cli"


def new_api_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


async def _create(args: argparse.Namespace, container: Container, out: TextIO) -> None:
    connection = None
    if args.lexoffice_api_key is not None:
        connection = await connect.verify_api_key(container.gateways, args.lexoffice_api_key)
    created = await create_tenant(
        container.database.unit_of_work,
        NewTenant(name=args.name, account_email=args.email, plan=Plan(args.plan)),
        container.clock.now(),
        new_api_key(),
        connection,
    )
    tenant = created.tenant
    result: dict[str, object] = {
        "id": str(tenant.id),
        "name": tenant.name,
        "plan": tenant.plan.value,
        "api_key": created.api_key,
    }
    if connection is not None:
        result["lexoffice_organization_id"] = connection.organization_id
        result["lexoffice_webhooks"] = await connect.subscribe_webhooks(
            container.gateways, tenant.id, container.webhook_url
        )
    print(json.dumps(result, ensure_ascii=False), file=out)


def print_activation(state: ActivationState, out: TextIO) -> None:
    """The next sending day's dry run, then what is long overdue."""
    preview = state.preview
    print(f"next sending day {preview.day:%d.%m.%Y}:", file=out)
    if preview.held:
        print(f"  nothing would be sent: {preview.held}", file=out)
    elif not preview.messages:
        print("  nothing due", file=out)
    for message in preview.messages:
        for item in message.items:
            number = item.invoice.invoice.voucher_number
            recipient = message.addressee
            channel = message.channel.value
            print(
                row(number, message.customer, item.level.value, channel, recipient, "would send"),
                file=out,
            )
    long = state.long_overdue
    if long.sync_start is not None:
        print(
            f"{long.count} invoice(s) overdue for more than {LONG_OVERDUE_DAYS} days; the sync "
            f"start date {long.sync_start.isoformat()} would leave them out (settings.syncStart)",
            file=out,
        )
    else:
        print(f"no invoice is overdue for more than {LONG_OVERDUE_DAYS} days", file=out)


async def activate_and_print(
    container: Container, tenant_id: UUID, actor: str, out: TextIO
) -> None:
    state = await activation.activate(container.dunning, tenant_id, actor)
    print_activation(state, out)
    at = state.activated_at
    since = f" since {at.astimezone(UTC):%Y-%m-%d %H:%M} UTC" if at else ""
    print(f"{tenant_id}: activated{since}: the daily cycle sends from now on", file=out)


async def _activate(args: argparse.Namespace, container: Container, out: TextIO) -> None:
    await activate_and_print(container, args.id, ACTOR, out)


async def _deactivate(args: argparse.Namespace, container: Container, out: TextIO) -> None:
    going = await activation.deactivate(container.dunning, args.id, ACTOR)
    print(f"{args.id}: deactivated: nothing is sent from now on", file=out)
    for message in going:
        print(
            f"  already being handed over, goes out: {message.level.value}"
            f" ({message.channel.value}) of invoice {message.invoice_id}",
            file=out,
        )


def _list_line(line: TenantLine) -> str:
    tenant = line.tenant
    activated = "activated" if tenant.activated else "not activated"
    return (
        f"{tenant.id}  {tenant.name}  {tenant.plan.value}  {line.connection}  {activated}  "
        f"{line.admitted}/{tenant.limit} admitted  {line.waiting} waiting"
    )


def _as_json(line: TenantLine) -> dict[str, Any]:
    """The admin API's tenant (`AdminTenantOut`), and whether it is activated."""
    tenant = line.tenant
    return {
        "id": tenant.id,
        "name": tenant.name,
        "email": tenant.account_email,
        "plan": tenant.plan,
        "limit": tenant.limit,
        "customLimit": tenant.custom_limit,
        "trialEndsOn": tenant.trial_ends_on,
        "connection": line.connection,
        "activated": tenant.activated,
        "admitted": line.admitted,
        "waiting": line.waiting,
        "createdAt": utc(tenant.created_at),
    }


async def _list(args: argparse.Namespace, container: Container, out: TextIO) -> None:
    lines = await tenant_overview(container.database.unit_of_work)
    if args.json:
        print_json([_as_json(line) for line in lines], out)
        return
    for line in lines:
        print(_list_line(line), file=out)


ACTIONS = {
    "create": _create,
    "configure": configure.run,
    "activate": _activate,
    "deactivate": _deactivate,
    "list": _list,
}


async def run(args: argparse.Namespace, container: Container, out: TextIO) -> None:
    await ACTIONS[args.action](args, container, out)

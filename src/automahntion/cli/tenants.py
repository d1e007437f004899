"""`automahntion tenants create|list|configure`."""

from __future__ import annotations

import argparse
import json
import secrets
from typing import TextIO

from automahntion.app import connect
from automahntion.app.api_keys import KEY_PREFIX
from automahntion.app.records import NewTenant
from automahntion.app.tenants import create_tenant, tenant_overview
from automahntion.bootstrap.container import Container
from automahntion.cli import configure
from automahntion.domain.quota import Plan


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    tenants = commands.add_parser("tenants", help="create, list and configure tenants")
    actions = tenants.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="create a tenant; prints its id and API key")
    create.add_argument("--name", required=True)
    create.add_argument("--email", required=True, help="the account's e-mail address")
    create.add_argument("--plan", choices=[p.value for p in Plan], default=Plan.STARTER.value)
    create.add_argument("--lexoffice-api-key", help="connect with a lexoffice private API key")
    actions.add_parser("list", help="one line per tenant")
    configure.add_parser(actions)


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


async def run(args: argparse.Namespace, container: Container, out: TextIO) -> None:
    if args.action == "create":
        await _create(args, container, out)
        return
    if args.action == "configure":
        await configure.run(args, container, out)
        return
    for line in await tenant_overview(container.database.unit_of_work):
        tenant = line.tenant
        print(
            f"{tenant.id}  {tenant.name}  {tenant.plan.value}  {line.connection}  "
            f"{line.admitted}/{tenant.limit} admitted  {line.waiting} waiting",
            file=out,
        )

"""`automahntion review list [--tenant ID] [--json]` and `review resolve ID --sent|--not-sent`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, TextIO
from uuid import UUID

from automahntion.app.errors import NotFound
from automahntion.app.review.decide import resolve, review_items
from automahntion.app.review.items import Outcome, ReviewItem
from automahntion.bootstrap.container import Container
from automahntion.cli.as_json import print_json, utc
from automahntion.cli.sync import tenant_id


def _item_id(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a review item id (a UUID)") from None


def add_parsers(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    add_as_of: Callable[[argparse.ArgumentParser], None],
) -> None:
    review = commands.add_parser(
        "review", help="messages and documents whose outcome is uncertain, and their resolution"
    )
    actions = review.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="one line per item: id, tenant, invoice, reason")
    listing.add_argument("--tenant", type=tenant_id, help="only this tenant")
    listing.add_argument("--json", action="store_true", help="one JSON list on stdout")
    add_as_of(listing)
    resolving = actions.add_parser("resolve", help="record whether an item went out")
    resolving.add_argument("id", type=_item_id, help="the item's id from `review list`")
    outcome = resolving.add_mutually_exclusive_group(required=True)
    outcome.add_argument(
        "--sent",
        dest="outcome",
        action="store_const",
        const=Outcome.SENT,
        help="it went out: the next level follows on schedule",
    )
    outcome.add_argument(
        "--not-sent",
        dest="outcome",
        action="store_const",
        const=Outcome.NOT_SENT,
        help="it did not: due again on the next sending day",
    )
    add_as_of(resolving)


def _what(item: ReviewItem) -> str:
    return item.level.value if item.level else "thank-you"


def _line(tenant: UUID, item: ReviewItem) -> str:
    return (
        f"{item.id}  tenant {tenant}  {item.invoice_number}  {_what(item)}  "
        f"{item.kind.value}  since {item.since:%Y-%m-%d %H:%M}Z  {item.reason.english}"
    )


async def _tenant_ids(container: Container, only: UUID | None) -> list[UUID]:
    async with container.database.unit_of_work() as uow:
        if only is not None:
            return [(await uow.tenant(only).account.get()).id]
        return await uow.tenants.ids()


def _as_json(tenant: UUID, item: ReviewItem) -> dict[str, Any]:
    """The API's review item (`ReviewItemOut`, its reason in German), and its tenant."""
    held = item.held_because
    return {
        "id": item.id,
        "tenantId": tenant,
        "kind": item.kind,
        "invoiceId": item.invoice_id,
        "invoiceNumber": item.invoice_number,
        "level": item.level,
        "channel": item.channel,
        "since": utc(item.since),
        "reason": item.reason.german,
        "reasonCode": held.code if held else None,
    }


async def _list(args: argparse.Namespace, container: Container, out: TextIO) -> None:
    now = container.clock.now()
    shown = [
        (tenant, item)
        for tenant in await _tenant_ids(container, args.tenant)
        for item in await review_items(container.database.unit_of_work, tenant, now)
    ]
    if args.json:
        print_json([_as_json(tenant, item) for tenant, item in shown], out)
        return
    for tenant, item in shown:
        print(_line(tenant, item), file=out)
    if not shown:
        print("nothing to review", file=out)


async def _resolve(args: argparse.Namespace, container: Container, out: TextIO) -> None:
    """The id names its tenant: each is asked in turn."""
    for tenant in await _tenant_ids(container, None):
        try:
            item = await resolve(
                container.database.unit_of_work,
                tenant,
                args.id,
                args.outcome,
                container.clock.now(),
                "cli",
            )
        except NotFound:
            continue
        verdict = "sent" if args.outcome is Outcome.SENT else "not sent"
        print(
            f"{item.id}  {item.invoice_number}  {_what(item)}: recorded as {verdict}",
            file=out,
        )
        return
    raise NotFound("review item", args.id)


async def run(args: argparse.Namespace, container: Container, out: TextIO) -> None:
    if args.action == "list":
        await _list(args, container, out)
    else:
        await _resolve(args, container, out)

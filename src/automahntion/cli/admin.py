"""`automahntion admin create-token|list-tokens|revoke-token`: tokens of the internal admin API."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import TextIO
from uuid import UUID

from automahntion.app.access.credentials import issue_admin_token
from automahntion.bootstrap.container import Container


def _token_id(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a token id (a UUID)") from None


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    admin = commands.add_parser("admin", help="tokens of the internal admin API")
    actions = admin.add_subparsers(dest="action", required=True)
    create = actions.add_parser(
        "create-token", help="issue an admin token; prints its id, name and the token (once)"
    )
    create.add_argument("--name", required=True, help="who or what uses it, e.g. support-laptop")
    actions.add_parser("list-tokens", help="one line per token, never the secret")
    revoke = actions.add_parser("revoke-token", help="revoke a token: it is refused from now on")
    revoke.add_argument("id", type=_token_id, help="the token's id")


def _when(moment: datetime | None) -> str:
    return "-" if moment is None else moment.isoformat(timespec="seconds")


async def run(args: argparse.Namespace, container: Container, out: TextIO) -> None:
    units = container.database.unit_of_work
    now = container.clock.now()
    if args.action == "create-token":
        issued = await issue_admin_token(units, args.name, now)
        record = issued.record
        result = {"id": str(record.id), "name": record.name, "token": issued.token}
        print(json.dumps(result, ensure_ascii=False), file=out)
        return
    if args.action == "revoke-token":
        async with units() as uow:
            await uow.admin_tokens.revoke(args.id, now)
        print(f"revoked {args.id}", file=out)
        return
    async with units() as uow:
        tokens = await uow.admin_tokens.all()
    for token in tokens:
        state = "active" if token.revoked_at is None else f"revoked {_when(token.revoked_at)}"
        print(
            f"{token.id}  {token.name}  {token.prefix}…  created {_when(token.created_at)}  "
            f"last used {_when(token.last_used_at)}  {state}",
            file=out,
        )

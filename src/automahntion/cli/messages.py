"""`automahntion messages show ID`: one recorded message rebuilt from its recorded facts and its
template version, with whether its hash is the recorded one."""

from __future__ import annotations

import argparse
from typing import TextIO
from uuid import UUID

from automahntion.app.errors import NotFound
from automahntion.app.messages.rebuild import RebuiltMessage, letter_making, rebuild
from automahntion.bootstrap.container import Container
from automahntion.domain.day_plan import Channel

HASH_WORDS = {True: "equals the recorded hash", False: "DIFFERS from the recorded hash"}


def _message_id(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a message id (a UUID)") from None


def add_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    messages = commands.add_parser("messages", help="recorded dunning messages")
    actions = messages.add_subparsers(dest="action", required=True)
    showing = actions.add_parser(
        "show", help="one message rebuilt from its recorded facts and template version"
    )
    showing.add_argument("id", type=_message_id, help="the message's id")


def _hash_line(rebuilt: RebuiltMessage) -> str:
    digest = rebuilt.sha256
    if digest is None:
        text = rebuilt.rendered.sha256
        return f"sha256 of the text {text} (the letter's PDF could not be made again)"
    if rebuilt.message.channel is Channel.LETTER:
        digest = f"of the letter's PDF {digest}"
    if rebuilt.matches is None:
        return f"sha256 {digest} (no hash was recorded)"
    return f"sha256 {digest} {HASH_WORDS[rebuilt.matches]}"


def print_rebuilt(tenant: UUID, rebuilt: RebuiltMessage, out: TextIO) -> None:
    message = rebuilt.message
    print(f"message {message.id}  tenant {tenant}  invoice {message.invoice_id}", file=out)
    print(
        f"level {message.level.value}  channel {message.channel.value}  "
        f"state {message.state.value}  day {message.day.isoformat()}",
        file=out,
    )
    print(f"template version {message.template_version_id}", file=out)
    print(_hash_line(rebuilt), file=out)
    print(f"\nSubject: {rebuilt.rendered.subject}\n\n{rebuilt.rendered.body}", file=out)


async def run(args: argparse.Namespace, container: Container, out: TextIO) -> None:
    """The id names its tenant: each is asked in turn."""
    async with container.database.unit_of_work() as uow:
        tenants = await uow.tenants.ids()
    for tenant in tenants:
        try:
            rebuilt = await rebuild(
                container.database.unit_of_work,
                container.dunning.templates,
                tenant,
                args.id,
                letter_making(container.dunning.renderer, container.dunning.files),
            )
        except NotFound:
            continue
        print_rebuilt(tenant, rebuilt, out)
        return
    raise NotFound("message", args.id)

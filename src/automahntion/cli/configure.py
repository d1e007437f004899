"""`automahntion tenants configure ID --json FILE`: the API's settings resources as one document.

The document is decoded with the API's own Structs into the typed change the API hands in, and
applied by the same use case, in one transaction: either all of it is stored or, on the first
refused value, nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

import msgspec

from automahntion.api.account_schemas import AccountPatch
from automahntion.api.letterhead_schemas import BankAccountIn, LetterheadPatch
from automahntion.api.level_schemas import LevelIn, LevelPatch
from automahntion.api.logo_checks import PNG, SVG, checked_logo, media_type_of
from automahntion.api.settings_schemas import SettingsPatch
from automahntion.app.billing.mandate import billing_email_to_provider
from automahntion.app.settings import changes
from automahntion.app.settings.configure import configure
from automahntion.app.tenants.letterhead import Logo
from automahntion.bootstrap.container import Container
from automahntion.cli.configuration_document import (
    Configuration,
    configuration,
    configured_document,
)
from automahntion.cli.sync import tenant_id
from automahntion.domain.errors import FieldProblem, ValidationFailed


def _names(struct: type[msgspec.Struct]) -> set[str]:
    return {f.encode_name for f in msgspec.structs.fields(struct)}


def _unknown(where: str, given: object, known: set[str]) -> list[FieldProblem]:
    if not isinstance(given, dict):
        return []
    return [
        FieldProblem(f"{where}{key}", "is not a known field") for key in given if key not in known
    ]


def unknown_fields(document: object) -> list[FieldProblem]:
    """Keys the Structs would silently skip: in a file they are most likely typos."""
    if not isinstance(document, dict):
        return []
    problems = _unknown("", document, _names(Configuration))
    problems += _unknown("account.", document.get("account"), _names(AccountPatch))
    problems += _unknown("settings.", document.get("settings"), _names(SettingsPatch))
    letterhead = document.get("letterhead")
    problems += _unknown("letterhead.", letterhead, _names(LetterheadPatch))
    accounts = letterhead.get("bankAccounts") if isinstance(letterhead, dict) else None
    for index, item in enumerate(accounts if isinstance(accounts, list) else []):
        problems += _unknown(f"letterhead.bankAccounts[{index}].", item, _names(BankAccountIn))
    levels = document.get("levels")
    if isinstance(levels, list):
        for index, item in enumerate(levels):
            problems += _unknown(f"levels[{index}].", item, _names(LevelIn))
    elif isinstance(levels, dict):
        for level, item in levels.items():
            problems += _unknown(f"levels.{level}.", item, _names(LevelPatch))
    return problems


def decode(raw: bytes) -> Configuration:
    try:
        document: Any = json.loads(raw)
    except ValueError as error:
        raise ValidationFailed([FieldProblem("document", f"is not JSON: {error}")]) from None
    problems = unknown_fields(document)
    if problems:
        raise ValidationFailed(problems)
    try:
        return msgspec.convert(document, Configuration)
    except msgspec.ValidationError as error:
        message, _, where = str(error).partition(" - at `$")
        field = where.rstrip("`").lstrip(".") or "document"
        raise ValidationFailed([FieldProblem(field, message)]) from None


def _read(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(source).read_bytes()
    except OSError as error:
        raise ValidationFailed(
            [FieldProblem("--json", f"cannot read {source}: {error.strerror}")]
        ) from None


def _logo(path: str) -> Logo:
    """The file's media type by its name (`.png`, `.svg`), else by its first bytes."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ValidationFailed(
            [FieldProblem("--logo", f"cannot read {path}: {error.strerror}")]
        ) from None
    by_name = {".png": PNG, ".svg": SVG}.get(Path(path).suffix.lower())
    return checked_logo(data, by_name or media_type_of(data), "--logo")


def add_parser(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = actions.add_parser(
        "configure",
        help="apply a JSON document of account, settings, letterhead and levels (as the API "
        "takes them) and/or the letterhead's logo",
    )
    parser.add_argument("id", type=tenant_id, help="the tenant's id")
    parser.add_argument("--json", metavar="FILE", help='the document; "-" reads stdin')
    logo = parser.add_mutually_exclusive_group()
    logo.add_argument("--logo", metavar="FILE", help="the letterhead's logo (PNG or SVG)")
    logo.add_argument("--remove-logo", action="store_true", help="letters without a logo")


def _change(args: argparse.Namespace) -> changes.Configuration:
    if args.json is None and args.logo is None and not args.remove_logo:
        raise ValidationFailed([FieldProblem("--json", "give a document, --logo or --remove-logo")])
    document = Configuration() if args.json is None else decode(_read(args.json))
    change = configuration(document)
    if args.logo is not None:
        return replace(change, logo=_logo(args.logo))
    return replace(change, logo=None) if args.remove_logo else change


async def run(args: argparse.Namespace, container: Container, out: TextIO) -> None:
    change = _change(args)
    configured = await configure(
        container.database.unit_of_work,
        args.id,
        change,
        container.clock.now(),
        container.thank_yous.renderer.check,
    )
    if change.account.billing_email is not changes.KEEP:
        await billing_email_to_provider(container.billing, args.id, configured.tenant.billing_email)
    out.write(msgspec.json.encode(configured_document(configured)).decode() + "\n")

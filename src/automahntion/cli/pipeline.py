"""The demo's second half: the whole service on the embedded default — a SQLite file, jobs in
this process, the bundled lexoffice sandbox seeded with the sample bakery, and an SMTP sink
that writes every message it receives as an .eml file."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO
from uuid import UUID

import httpx
import uvicorn
from aiosmtpd.controller import Controller

from automahntion.adapters.clock import AsOfClock
from automahntion.adapters.mail.transports import SmtpMailTransports
from automahntion.adapters.postal.folder import FolderLetterPrinter
from automahntion.app.dunning import CycleReport, run_cycle
from automahntion.app.lexoffice.connect import verify_api_key
from automahntion.app.lexoffice.sync import sync_tenant
from automahntion.app.storage import TenantStore
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.database import migrate
from automahntion.bootstrap.settings import Settings
from automahntion.bootstrap.web import create_app
from automahntion.cli.progress import progress_display
from automahntion.cli.sample import (
    COMPANY,
    SAMPLE_LETTERHEAD,
    SAMPLE_LIMIT,
    SAMPLE_ORGANIZATION,
    sample_files,
    sample_rules,
)
from automahntion.cli.sandboxes import lexoffice_app, mail_sink
from automahntion.cli.tenants import activate_and_print
from automahntion.cli.threaded import free_port, serving
from automahntion.domain.calendar import BERLIN
from automahntion.domain.invoices import InvoiceStatus
from automahntion.domain.levels import CatchUp, Level
from automahntion.domain.quota import Plan

DEMO_SECRET = "demo-only-secret-key-never-use-in-production-0123"
DEMO_API_KEY = "amk_demo_" + "0" * 40
MAIL_FROM = "no-reply@automahntion.demo"
DEMO_ACTOR = "demo"

Seed = Callable[[httpx.Client, date], dict[str, Any]]
"""Fills a fresh lexoffice sandbox for `today` and returns the organization (with its apiKey)."""


def _seed(http: httpx.Client, today: date) -> dict[str, Any]:
    """The sample bakery's customers and invoices, as lexoffice would hold them."""
    http.put("/_sandbox/today", json={"date": today.isoformat()}).raise_for_status()
    org = http.post("/_sandbox/organizations", json=SAMPLE_ORGANIZATION).json()
    base = f"/_sandbox/organizations/{org['organizationId']}"
    files = sample_files(today)
    ids: dict[str, str] = {}
    contacts = {f.contact.lexoffice_id: f.contact for f in files if f.contact}
    for number, contact in enumerate(contacts.values(), start=1):
        emails = contact.emails
        body = {
            "company": {"name": contact.name},
            "emailAddresses": {
                "business": list(emails.business),
                "office": list(emails.office),
                "private": list(emails.private),
            },
            "addresses": {"billing": [_address(number)]},
        }
        ids[contact.lexoffice_id] = http.post(base + "/contacts", json=body).json()["id"]
    for file in files:
        invoice = file.invoice
        paid = invoice.total_cents - invoice.open_cents
        voucher = http.post(
            base + "/vouchers",
            json={
                "voucherType": "invoice",
                "voucherNumber": invoice.voucher_number,
                "voucherDate": invoice.voucher_date.isoformat(),
                "dueDate": invoice.due_date.isoformat(),
                "totalAmount": invoice.total_cents / 100,
                "contactId": ids.get(invoice.contact_id or ""),
                "status": "open" if invoice.status is InvoiceStatus.PAID else invoice.status.value,
            },
        ).json()["id"]
        if paid:
            http.post(f"{base}/vouchers/{voucher}/payments", json={"amount": paid / 100})
    return dict(org)


def _address(number: int) -> dict[str, str]:
    return {
        "street": f"Lindenstraße {number}",
        "zip": f"{80330 + number}",
        "city": "München",
        "countryCode": "DE",
    }


@dataclass(frozen=True)
class SampleSettings:
    """What the sample tenant switches on beyond the defaults (`make letters` shows bundles and
    revenue vouchers)."""

    one_message_per_customer: bool = False
    vouchers_enabled: bool = False


@dataclass(frozen=True)
class DemoResult:
    report: CycleReport
    mail_folder: Path


async def run_pipeline(
    now: datetime,
    out_dir: Path,
    out: TextIO,
    *,
    serve: bool,
    seed: Seed = _seed,
    sample: SampleSettings = SampleSettings(),
) -> DemoResult:
    sandbox_app, eml_folder = lexoffice_app(), mail_sink()
    today = now.astimezone(BERLIN).date()
    mail_folder = out_dir / "mail"
    mail_folder.mkdir(parents=True, exist_ok=True)
    stale = (out_dir / "documents").glob("*.pdf"), (out_dir / "letters").glob("*.pdf")
    for old in [*mail_folder.glob("*.eml"), *stale[0], *stale[1]]:
        old.unlink()
    database = out_dir / "automahntion.sqlite3"
    database.unlink(missing_ok=True)
    database_url = f"sqlite:///{database}"
    with contextlib.redirect_stdout(None):
        await migrate(database_url)
    sink = eml_folder(mail_folder)
    smtp = Controller(sink, hostname="127.0.0.1", port=free_port())
    smtp.start()
    try:
        with serving(sandbox_app(rate_per_second=20.0)) as sandbox_url:
            with httpx.Client(base_url=sandbox_url, trust_env=False) as http:
                org = seed(http, today)
            return await _run(
                now, database_url, sandbox_url, smtp.port, org, mail_folder, out, serve, sample
            )
    finally:
        smtp.stop()


async def _run(
    now: datetime,
    database_url: str,
    sandbox_url: str,
    smtp_port: int,
    org: dict[str, Any],
    mail_folder: Path,
    out: TextIO,
    serve: bool,
    sample: SampleSettings,
) -> DemoResult:
    settings = Settings(
        database_url=database_url,
        secret_key=DEMO_SECRET,
        lexoffice_api_url=sandbox_url,
        lexoffice_rate=20.0,
        mail_from=MAIL_FROM,
        documents_dir=str(mail_folder.parent / "documents"),
    )
    clock = AsOfClock(now)
    mail = SmtpMailTransports("127.0.0.1", smtp_port, MAIL_FROM, tls="none", clock=clock)
    letters = FolderLetterPrinter(mail_folder.parent / "letters")
    container = await Container.start(settings, clock, mail=mail, letters=letters)
    try:
        connection = await verify_api_key(container.gateways, org["apiKey"])
        created = await create_tenant(
            container.database.unit_of_work,
            NewTenant(COMPANY, "chef@baeckerei-sonnenschein.example", plan=Plan.STARTER),
            container.clock.now(),
            DEMO_API_KEY,
            connection,
        )
        tenant_id = created.tenant.id
        rules = sample_rules(now.astimezone(BERLIN).date())
        async with container.database.unit_of_work() as uow:
            account = uow.tenant(tenant_id).account
            await account.set_plan(Plan.STARTER, SAMPLE_LIMIT)
            tenant = await account.get()
            await _notices_by_post(uow.tenant(tenant_id))
            await account.save_settings(
                replace(
                    tenant.settings,
                    sync_start=rules.sync_start,
                    catch_up=CatchUp.HIGHEST,
                    reply_to="buchhaltung@baeckerei-sonnenschein.example",
                    payment_details="IBAN DE89 3704 0044 0532 0130 00 · Commerzbank",
                    letterhead=SAMPLE_LETTERHEAD,
                    one_message_per_customer=sample.one_message_per_customer,
                    vouchers_enabled=sample.vouchers_enabled,
                )
            )
        with progress_display() as display:
            shown = display.output(out)
            synced = await sync_tenant(
                container.database.unit_of_work,
                container.gateways,
                tenant_id,
                container.clock,
                display.bar("sync"),
            )
            await _apply_sample_pauses(container, tenant_id, now)
            print(
                f"\nThe service itself: synced {synced.vouchers_seen} vouchers from the lexoffice "
                f"sandbox ({synced.admission.admitted} admitted, {synced.admission.waiting} "
                f"waiting, {synced.admission.blocked} blocked). A new tenant sends nothing before "
                f"its owner activates it (automahntion tenants activate {tenant_id}, or POST "
                "/v1/activation), which shows first what would go out:",
                file=shown,
            )
            await activate_and_print(container, tenant_id, DEMO_ACTOR, shown)
            print(
                "\nA new customer catches up with the highest level due, so today's cycle sends:",
                file=shown,
            )
            report = await run_cycle(
                container.dunning, tenant_id, progress=display.bar("messages sent")
            )
            _print(report, shown)
        documents = mail_folder.parent / "documents"
        print(
            f"\n{len(list(mail_folder.glob('*.eml')))} messages in {mail_folder}/, "
            f"{len(list(documents.glob('*.pdf')))} dunning PDFs in {documents}/, "
            f"{len(list(letters.folder.glob('*.pdf')))} letters by post in {letters.folder}/",
            file=out,
        )
        if serve:
            await _serve(container, out)
        return DemoResult(report, mail_folder)
    finally:
        await container.stop()


async def _notices_by_post(store: TenantStore) -> None:
    """The sample bakery sends its second and third Mahnung by post, the third registered."""
    post = {Level.M2: False, Level.M3: True}
    levels = [
        replace(s, by_post=True, registered=post[s.level]) if s.level in post else s
        for s in await store.levels.settings()
    ]
    await store.levels.replace_settings(levels)


async def _apply_sample_pauses(container: Container, tenant_id: UUID, now: datetime) -> None:
    paused = {
        f.invoice.voucher_number: f.invoice_pause
        for f in sample_files(now.astimezone(BERLIN).date())
        if f.invoice_pause
    }
    async with container.database.unit_of_work() as uow:
        invoices = uow.tenant(tenant_id).invoices
        for stored in await invoices.all():
            pause = paused.get(stored.invoice.voucher_number)
            if pause is not None:
                await invoices.set_pause(stored.id, pause)


def _print(report: CycleReport, out: TextIO) -> None:
    if report.held:
        print(f"  nothing sent: {report.held}", file=out)
        return
    print(
        f"  {'invoice':<12} {'customer':<20} {'level':<5} {'channel':<7} {'recipient':<31} outcome",
        file=out,
    )
    for line in report.lines:
        print(
            f"  {line.invoice_number:<12} {line.customer[:20]:<20} {line.level.value:<5} "
            f"{line.channel.value:<7} {line.recipient[:31]:<31} {line.outcome}",
            file=out,
        )


async def _serve(container: Container, out: TextIO) -> None:
    print(
        "\nServing the API on http://127.0.0.1:8000 (docs: /schema) with "
        f"'Authorization: Bearer {DEMO_API_KEY}'. Ctrl-C ends the demo.",
        file=out,
        flush=True,
    )
    server = uvicorn.Server(
        uvicorn.Config(create_app(container), host="127.0.0.1", port=8000, log_level="warning")
    )
    with contextlib.suppress(asyncio.CancelledError, KeyboardInterrupt):
        await server.serve()

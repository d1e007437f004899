"""`make letters`: what customers receive, as PDF and PNG under docs/letters/.

The real demo pipeline (sync, one cycle, SMTP sink, lexoffice sandbox, letters by post into a
folder) runs on a fixed day against a sandbox seeded with one customer per kind of message, once
with German and once with English invoices. The e-mails it sends are laid out as a page (headers,
body, attachments); their PDF attachments and the letters by post are kept as they were made.
A revenue voucher's own letter is German only: lexoffice keeps no language for it.
A script, not part of the product: it seeds the sandbox, which the product never imports."""

from __future__ import annotations

import argparse
import asyncio
import io
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from html import escape
from pathlib import Path
from typing import Any

import httpx
from babel.dates import format_datetime

from automahntion.adapters.pdf.wkhtmltopdf import WkhtmltopdfRenderer
from automahntion.cli.as_of import parse_as_of
from automahntion.cli.pipeline import SampleSettings, run_pipeline
from automahntion.cli.sample import SAMPLE_ORGANIZATION

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DAY = "2026-12-07"
PNG_DPI = "60"
CREATED = re.compile(rb"/CreationDate \(D:\d{14}Z\)")
SAMPLE_CREATED = b"/CreationDate (D:20261207060000Z)"
"""wkhtmltopdf stamps the time it ran; the same length keeps the PDF's offsets, and the files
the same from run to run."""
LANGUAGES = ("de", "en")


@dataclass(frozen=True)
class Customer:
    key: str
    name: str
    email: str
    street: str
    person: tuple[str, str, str] | None = None
    """(salutation, first name, last name) for a private person; a company otherwise."""


@dataclass(frozen=True)
class Voucher:
    number: str
    customer: str
    due_days_ago: int
    total: float
    paid: float = 0.0
    voucher_type: str = "invoice"


@dataclass(frozen=True)
class Cast:
    """One sample tenant's customers and vouchers in one language, and which invoice shows what."""

    language: str
    customers: tuple[Customer, ...]
    vouchers: tuple[Voucher, ...]
    r1: str
    bundle: tuple[str, str]
    m1: str
    post: str
    own: str | None
    """A revenue voucher: its letter is our own. None in English, as a revenue voucher has no
    language in lexoffice and its messages are German."""


GERMAN = Cast(
    "de",
    (
        Customer("cafe", "Café Morgenrot", "buchhaltung@cafe-morgenrot.de", "Lindenstraße 1"),
        Customer(
            "meier",
            "Erika Meier",
            "erika.meier@example.org",
            "Lindenstraße 2",
            ("Frau", "Erika", "Meier"),
        ),
        Customer("hotel", "Hotel Lindenhof", "info@hotel-lindenhof.de", "Lindenstraße 3"),
        Customer("wein", "Weinhandlung Kurz KG", "kasse@weinhandlung-kurz.de", "Lindenstraße 4"),
        Customer("kita", "Kita Sonnenblume", "verwaltung@kita-sonnenblume.de", "Lindenstraße 5"),
    ),
    (
        Voucher("RE-2026-097", "cafe", 5, 99.00),
        Voucher("RE-2026-101", "cafe", 3, 184.50),
        Voucher("RE-2026-093", "meier", 9, 24.50),
        Voucher("RE-2026-087", "hotel", 14, 960.00),
        Voucher("EB-2026-012", "wein", 15, 238.00, voucher_type="salesinvoice"),
        Voucher("RE-2026-064", "kita", 28, 423.80, paid=300.00),
    ),
    r1="RE-2026-093",
    bundle=("RE-2026-097", "RE-2026-101"),
    m1="RE-2026-087",
    post="RE-2026-064",
    own="EB-2026-012",
)

ENGLISH = Cast(
    "en",
    (
        Customer("harbour", "Harbour Café Ltd", "accounts@harbour-cafe.example", "Hafenweg 1"),
        Customer(
            "smith", "John Smith", "john.smith@example.org", "Hafenweg 2", ("Herr", "John", "Smith")
        ),
        Customer("riverside", "Riverside Hotel GmbH", "office@riverside.example", "Hafenweg 3"),
        Customer("school", "Berlin International School", "office@bis.example", "Hafenweg 5"),
    ),
    (
        Voucher("RE-2026-201", "harbour", 5, 142.80),
        Voucher("RE-2026-205", "harbour", 3, 59.50),
        Voucher("RE-2026-193", "smith", 9, 36.00),
        Voucher("RE-2026-187", "riverside", 14, 1249.50),
        Voucher("RE-2026-164", "school", 28, 880.00, paid=400.00),
    ),
    r1="RE-2026-193",
    bundle=("RE-2026-201", "RE-2026-205"),
    m1="RE-2026-187",
    post="RE-2026-164",
    own=None,
)


def _contact(customer: Customer) -> dict[str, Any]:
    body: dict[str, Any] = {
        "emailAddresses": {"business": [customer.email]},
        "addresses": {
            "billing": [
                {"street": customer.street, "zip": "10115", "city": "Berlin", "countryCode": "DE"}
            ]
        },
    }
    if customer.person is None:
        body["company"] = {"name": customer.name}
    else:
        salutation, first, last = customer.person
        body["person"] = {"salutation": salutation, "firstName": first, "lastName": last}
    return body


def seeding(cast: Cast) -> Callable[[httpx.Client, date], dict[str, Any]]:
    def seed(http: httpx.Client, today: date) -> dict[str, Any]:
        http.put("/_sandbox/today", json={"date": today.isoformat()}).raise_for_status()
        org = http.post("/_sandbox/organizations", json=SAMPLE_ORGANIZATION).json()
        base = f"/_sandbox/organizations/{org['organizationId']}"
        ids = {}
        for customer in cast.customers:
            response = http.post(base + "/contacts", json=_contact(customer))
            ids[customer.key] = response.raise_for_status().json()["id"]
        for voucher in cast.vouchers:
            due = today - timedelta(days=voucher.due_days_ago)
            response = http.post(
                base + "/vouchers",
                json={
                    "voucherType": voucher.voucher_type,
                    "voucherNumber": voucher.number,
                    "voucherDate": (due - timedelta(days=14)).isoformat(),
                    "dueDate": due.isoformat(),
                    "totalAmount": voucher.total,
                    "contactId": ids[voucher.customer],
                    "language": cast.language,
                },
            )
            created = response.raise_for_status().json()["id"]
            if voucher.paid:
                paid = {"amount": voucher.paid}
                http.post(f"{base}/vouchers/{created}/payments", json=paid).raise_for_status()
        return dict(org)

    return seed


def _read(path: Path) -> EmailMessage:
    with path.open("rb") as file:
        message = BytesParser(policy=policy.default).parse(file)
    assert isinstance(message, EmailMessage)
    return message


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


def _attachments(message: EmailMessage) -> list[tuple[str, bytes]]:
    found = []
    for part in message.iter_attachments():
        data = part.get_payload(decode=True)
        assert isinstance(data, bytes)
        found.append((part.get_filename() or "attachment", data))
    return found


LABELS = {
    "de": {"from": "Von", "to": "An", "reply": "Antwort an", "subject": "Betreff",
           "date": "Datum", "attachments": "Anhänge", "none": "keine"},
    "en": {"from": "From", "to": "To", "reply": "Reply-To", "subject": "Subject",
           "date": "Date", "attachments": "Attachments", "none": "none"},
}  # fmt: skip

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body {{ font-family: 'DejaVu Sans', sans-serif; font-size: 13pt; margin: 12mm; }}
.mail {{ border: 1px solid #bbb; border-radius: 6px; padding: 14px 18px; }}
table {{ border-collapse: collapse; margin-bottom: 10px; }}
th {{ text-align: left; color: #555; font-weight: normal; padding: 2px 12px 2px 0; }}
td {{ padding: 2px 0; }}
.subject {{ font-weight: bold; }}
pre {{ font-family: inherit; white-space: pre-wrap; border-top: 1px solid #ddd;
       padding-top: 10px; margin: 0; }}
.files {{ border-top: 1px solid #ddd; padding-top: 8px; margin-top: 10px; }}
</style></head><body><div class="mail"><table>{headers}</table><pre>{body}</pre>
<div class="files"><b>{attachments_label}:</b> {attachments}</div></div></body></html>"""


DATE_PATTERNS = {"de": ("EEE, dd.MM.yyyy HH:mm", "de_DE"), "en": ("EEE, d MMM yyyy HH:mm", "en_GB")}


def _shown_date(header: str, language: str) -> str:
    """As a mail program shows it: local time to the minute (the sample's seconds vary)."""
    sent = parsedate_to_datetime(header)
    pattern, locale = DATE_PATTERNS[language]
    return format_datetime(sent.replace(tzinfo=None), pattern, locale=locale)


def email_page(message: EmailMessage, language: str) -> str:
    """The e-mail as a customer's mail program would show it."""
    labels = LABELS[language]
    rows = [
        (labels["from"], str(message["From"])),
        (labels["to"], str(message["To"])),
        (labels["reply"], str(message["Reply-To"] or "")),
        (labels["date"], _shown_date(str(message["Date"]), language)),
        (labels["subject"], str(message["Subject"])),
    ]
    headers = "".join(
        f"<tr><th>{escape(label)}</th><td{' class=subject' if label == labels['subject'] else ''}>"
        f"{escape(value)}</td></tr>"
        for label, value in rows
        if value
    )
    files = _attachments(message)
    listed = (
        ", ".join(f"{escape(name)} ({len(data) // 1024 + 1} KB)" for name, data in files)
        if files
        else escape(labels["none"])
    )
    return PAGE.format(
        headers=headers,
        body=escape(_body(message)),
        attachments_label=escape(labels["attachments"]),
        attachments=listed,
    )


def png(pdf: Path) -> None:
    """The first page at a small resolution, next to the PDF."""
    subprocess.run(
        ["pdftoppm", "-png", "-r", PNG_DPI, "-singlefile", "-f", "1", "-l", "1", str(pdf),
         str(pdf.with_suffix(""))],
        check=True,
    )  # fmt: skip


def _mail_for(mails: dict[Path, EmailMessage], number: str) -> EmailMessage:
    found = [m for m in mails.values() if number in str(m["Subject"])]
    if len(found) != 1:
        raise SystemExit(f"no single e-mail for {number} (found {len(found)})")
    return found[0]


def _bundle_mail(mails: dict[Path, EmailMessage], numbers: tuple[str, ...]) -> EmailMessage:
    found = [m for m in mails.values() if all(n in _body(m) for n in numbers)]
    if len(found) != 1:
        raise SystemExit(f"no single e-mail for {', '.join(numbers)} (found {len(found)})")
    return found[0]


def _attachment_pdf(message: EmailMessage, number: str) -> bytes:
    pdfs = [data for name, data in _attachments(message) if number in name]
    if len(pdfs) != 1:
        raise SystemExit(f"the e-mail for {number} carries no single document of it")
    return pdfs[0]


async def write_language(cast: Cast, target: Path, work: Path) -> list[Path]:
    """Runs the pipeline for one language and writes its samples; returns the PDFs written."""
    out = io.StringIO()
    result = await run_pipeline(
        parse_as_of(SAMPLE_DAY),
        work,
        out,
        serve=False,
        seed=seeding(cast),
        sample=SampleSettings(one_message_per_customer=True, vouchers_enabled=True),
    )
    mails = {path: _read(path) for path in sorted(result.mail_folder.glob("*.eml"))}
    renderer = WkhtmltopdfRenderer()
    lang = cast.language
    written: list[Path] = []

    def keep(name: str, data: bytes) -> None:
        path = target / f"{lang}-{name}.pdf"
        path.write_bytes(CREATED.sub(SAMPLE_CREATED, data))
        written.append(path)

    async def mail_pdf(name: str, message: EmailMessage) -> None:
        keep(name, await renderer.convert(email_page(message, lang)))

    await mail_pdf("r1-email", _mail_for(mails, cast.r1))
    await mail_pdf("bundle-email", _bundle_mail(mails, cast.bundle))
    m1 = _mail_for(mails, cast.m1)
    await mail_pdf("m1-email", m1)
    keep("m1-lexoffice-dunning", _attachment_pdf(m1, cast.m1))
    if cast.own is not None:
        own = _mail_for(mails, cast.own)
        await mail_pdf("own-letter-email", own)
        keep("own-letter", _attachment_pdf(own, cast.own))
    letters = sorted((work / "letters").glob("*.pdf"))
    if len(letters) != 1:
        raise SystemExit(f"expected one letter by post, found {len(letters)}:\n{out.getvalue()}")
    keep("post-letter", letters[0].read_bytes())
    return written


def write_all(target: Path) -> list[Path]:
    """Each language in a process of its own: the database engine is chosen once per process."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for cast in (GERMAN, ENGLISH):
        command = [sys.executable, "-m", "scripts.letters", "--out", str(target)]
        run = subprocess.run(
            [*command, "--only", cast.language], capture_output=True, text=True, cwd=ROOT
        )
        if run.returncode != 0:
            raise SystemExit(f"the {cast.language} samples failed:\n{run.stderr}{run.stdout}")
        written += [Path(line) for line in run.stdout.splitlines()]
    for pdf in written:
        png(pdf)
    return written


async def write_one(cast: Cast, target: Path) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="automahntion-letters-") as work:
        return await write_language(cast, target, Path(work))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/letters"))
    parser.add_argument("--only", choices=LANGUAGES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.only:
        cast = GERMAN if args.only == "de" else ENGLISH
        for pdf in asyncio.run(write_one(cast, args.out)):
            print(pdf)
        return
    if shutil.which("wkhtmltopdf") is None or shutil.which("pdftoppm") is None:
        raise SystemExit("needs wkhtmltopdf and pdftoppm (make system-deps)")
    for pdf in write_all(args.out):
        print(f"{pdf} and {pdf.with_suffix('.png').name}")


if __name__ == "__main__":
    main()

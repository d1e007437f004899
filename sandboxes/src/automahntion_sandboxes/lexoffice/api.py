"""The read side of lexoffice's /v1 API: profile, voucherlist, invoices, down payment invoices,
bookkeeping vouchers, payments and files."""

from __future__ import annotations

import re
from typing import Any

from litestar import Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from automahntion_sandboxes.lexoffice import documents, malformed, voucherlist
from automahntion_sandboxes.lexoffice.calls import AnyRequest, organization_of, query
from automahntion_sandboxes.lexoffice.clock import timestamp
from automahntion_sandboxes.lexoffice.errors import ApiError, LegacyError
from automahntion_sandboxes.lexoffice.shapes import (
    invoice_view,
    payments_view,
    related_dunnings,
    voucher_view,
)
from automahntion_sandboxes.lexoffice.state import (
    BOOKKEEPING_TYPES,
    Dunning,
    Organization,
    Sandbox,
    Voucher,
)


def ok(content: Any, status: int = 200) -> Response[Any]:
    return Response(content=content, status_code=status)


@get("/profile")
async def profile(request: AnyRequest, sandbox: NamedDependency[Sandbox]) -> Response[Any]:
    organization = organization_of(request, sandbox)
    slug = re.sub(r"[^a-z0-9]+", "-", organization.company_name.lower()).strip("-") or "org"
    return ok(
        {
            "organizationId": organization.id,
            "companyName": organization.company_name,
            "created": {
                "userId": organization.user_id,
                "userName": "Sandbox User",
                "userEmail": f"owner@{slug}.example",
                "date": timestamp(organization.created),
            },
            "connectionId": organization.connection_id,
            "taxType": "net",
            "businessFeatures": ["INVOICING", "BOOKKEEPING"],
            "smallBusiness": False,
        }
    )


@get("/voucherlist")
async def get_voucherlist(request: AnyRequest, sandbox: NamedDependency[Sandbox]) -> Response[Any]:
    organization = organization_of(request, sandbox)
    return ok(voucherlist.search(organization, query(request), sandbox.clock.today()))


def _sales_voucher(organization: Organization, voucher_id: str, voucher_type: str) -> Voucher:
    voucher = organization.vouchers.get(voucher_id)
    if voucher is None or voucher.voucher_type != voucher_type:
        raise ApiError(404, f"Resource {voucher_id} not found")
    return voucher


def _invoice_file(
    request: AnyRequest, sandbox: Sandbox, voucher_id: str, kind: str
) -> Response[bytes]:
    organization = organization_of(request, sandbox)
    voucher = _sales_voucher(organization, voucher_id, kind)
    if not documents.accepts_pdf(request.headers.get("accept")):
        raise ApiError(406, "Requested media type is not supported; use application/pdf or */*")
    if voucher.status == "draft":
        raise ApiError(409, "A document of a draft cannot be rendered")
    return documents.invoice_pdf(organization, voucher)


def _invoice_document(
    request: AnyRequest, sandbox: Sandbox, voucher_id: str, kind: str
) -> Response[Any]:
    voucher = _sales_voucher(organization_of(request, sandbox), voucher_id, kind)
    if voucher.status == "draft":
        raise ApiError(409, "A document of a draft cannot be rendered")
    return ok({"documentFileId": voucher.file_id})


@get("/invoices/{voucher_id:str}")
async def get_invoice(
    request: AnyRequest, sandbox: NamedDependency[Sandbox], voucher_id: FromPath[str]
) -> Response[Any]:
    organization = organization_of(request, sandbox)
    voucher = _sales_voucher(organization, voucher_id, "invoice")
    view = invoice_view(voucher, related_dunnings(organization, voucher))
    return ok(malformed.served(organization, voucher.id, "invoice", view))


@get("/invoices/{voucher_id:str}/file")
async def get_invoice_file(
    request: AnyRequest, sandbox: NamedDependency[Sandbox], voucher_id: FromPath[str]
) -> Response[Any]:
    return _invoice_file(request, sandbox, voucher_id, "invoice")


@get("/invoices/{voucher_id:str}/document")
async def get_invoice_document(
    request: AnyRequest, sandbox: NamedDependency[Sandbox], voucher_id: FromPath[str]
) -> Response[Any]:
    return _invoice_document(request, sandbox, voucher_id, "invoice")


@get("/down-payment-invoices/{voucher_id:str}")
async def get_down_payment_invoice(
    request: AnyRequest, sandbox: NamedDependency[Sandbox], voucher_id: FromPath[str]
) -> Response[Any]:
    organization = organization_of(request, sandbox)
    voucher = _sales_voucher(organization, voucher_id, "downpaymentinvoice")
    view = invoice_view(voucher, related_dunnings(organization, voucher))
    return ok(malformed.served(organization, voucher.id, "invoice", view))


@get("/down-payment-invoices/{voucher_id:str}/file")
async def get_down_payment_invoice_file(
    request: AnyRequest, sandbox: NamedDependency[Sandbox], voucher_id: FromPath[str]
) -> Response[Any]:
    return _invoice_file(request, sandbox, voucher_id, "downpaymentinvoice")


@get("/down-payment-invoices/{voucher_id:str}/document")
async def get_down_payment_invoice_document(
    request: AnyRequest, sandbox: NamedDependency[Sandbox], voucher_id: FromPath[str]
) -> Response[Any]:
    return _invoice_document(request, sandbox, voucher_id, "downpaymentinvoice")


@get("/vouchers/{voucher_id:str}")
async def get_voucher(
    request: AnyRequest, sandbox: NamedDependency[Sandbox], voucher_id: FromPath[str]
) -> Response[Any]:
    organization = organization_of(request, sandbox)
    voucher = organization.vouchers.get(voucher_id)
    if voucher is None or voucher.voucher_type not in BOOKKEEPING_TYPES:
        raise LegacyError(404, "missing_entity", "id")
    return ok(
        malformed.served(organization, voucher.id, "voucher", voucher_view(organization, voucher))
    )


@get("/payments/{voucher_id:str}")
async def get_payments(
    request: AnyRequest, sandbox: NamedDependency[Sandbox], voucher_id: FromPath[str]
) -> Response[Any]:
    organization = organization_of(request, sandbox)
    voucher = organization.vouchers.get(voucher_id)
    if voucher is None:
        raise ApiError(404, f"Resource {voucher_id} not found")
    if voucher.status == "draft":
        raise ApiError(406, "Payments are not available for vouchers in draft mode")
    return ok(malformed.served(organization, voucher.id, "payments", payments_view(voucher)))


@get("/files/{file_id:str}")
async def get_file(
    request: AnyRequest, sandbox: NamedDependency[Sandbox], file_id: FromPath[str]
) -> Response[Any]:
    organization = organization_of(request, sandbox)
    document = organization.document(file_id)
    if document is None:
        raise LegacyError(404, "missing_entity", "id")
    if not documents.accepts_pdf(request.headers.get("accept")):
        raise LegacyError(406, "inacceptable_media_type", "Accept")
    if isinstance(document, Dunning):
        return documents.dunning_pdf(organization, document)
    return documents.invoice_pdf(organization, document)


ROUTES = [
    profile,
    get_voucherlist,
    get_invoice,
    get_invoice_file,
    get_invoice_document,
    get_down_payment_invoice,
    get_down_payment_invoice_file,
    get_down_payment_invoice_document,
    get_voucher,
    get_payments,
    get_file,
]

"""The lexoffice API over httpx: rate limited per organization, retrying 429 and 5xx."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from typing import Any, Protocol

import httpx

from automahntion.adapters.lexoffice import mapping
from automahntion.adapters.lexoffice.rate import RateLimiter
from automahntion.adapters.retrying import DEFAULT_RETRY, RETRIED_STATUSES, RetryPolicy
from automahntion.app.lexoffice.ports import (
    ContactPage,
    DunningRequest,
    DunningSummary,
    InvoiceDetails,
    LexofficeContact,
    LexofficeDisconnected,
    LexofficeNotFound,
    LexofficeOutcomeUnknown,
    LexofficeUnavailable,
    ListedVoucher,
    PaymentState,
    Profile,
)
from automahntion.domain.invoices import Invoice, InvoiceKind, InvoiceStatus

PAGE_SIZE = 250
LOST_ANSWER = 504
"""The gateway gave up waiting: lexoffice may have executed the call (its cookbook says so)."""
NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
"""Transport errors before the request left: nothing can have been executed."""


class LexofficeRefused(LexofficeUnavailable):
    """lexoffice answered with an error status that retrying does not fix."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(f"lexoffice answered {status}: {message}")


RECORD_REFUSED = frozenset({400, 406})
"""lexoffice's answers to reading one record that concern that record (a request it cannot
read, a validation failure), unlike an unknown or unreachable lexoffice."""
RELISTED = 3
"""How often a voucher list that changed while it was paged is read again from its first page;
after that what was read is taken (a voucher moved past a page boundary may be missing)."""
LISTED_IN_PAYMENT = (InvoiceStatus.OPEN, InvoiceStatus.SEPADEBIT, InvoiceStatus.TRANSFERRED)
"""The statuses the payment re-check lists: open may be dunned, the others are paid already."""

SALES_PATHS = {
    InvoiceKind.INVOICE: "/v1/invoices",
    InvoiceKind.DOWN_PAYMENT: "/v1/down-payment-invoices",
}


def _sales_path(kind: InvoiceKind) -> str:
    """Each kind of sales voucher has its own endpoints; a revenue voucher has no document."""
    path = SALES_PATHS.get(kind)
    if path is None:
        raise LexofficeNotFound(f"lexoffice keeps no document of a {kind.value}")
    return path


class Credentials(Protocol):
    async def bearer(self) -> str: ...
    async def renewed(self, rejected: str) -> str | None:
        """A new token after `rejected` was refused with 401; None when there is none."""
        ...


def _message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    if isinstance(body, dict):
        if body.get("message"):
            return str(body["message"])
        issues = body.get("IssueList")
        if issues:
            return ", ".join(str(i.get("i18nKey")) for i in issues)
    return str(body)[:200]


class LexofficeClient:
    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        credentials: Credentials,
        limiter: RateLimiter,
        limiter_key: str,
        retry: RetryPolicy = DEFAULT_RETRY,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._http = http
        self._base = base_url.rstrip("/")
        self._credentials = credentials
        self._limiter = limiter
        self._key = limiter_key
        self._retry = retry
        self._sleep = sleep

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        json: Any = None,
        accept: str = "application/json",
        retry_server_errors: bool = True,
    ) -> httpx.Response:
        """One logical call. `retry_server_errors=False` for calls that are not idempotent:
        a 5xx is handed back to the caller to decide, and a request that went out but got no
        answer raises `LexofficeOutcomeUnknown`."""
        renewed = False
        for attempt in range(self._retry.attempts):
            await self._limiter.acquire(self._key)
            token = await self._credentials.bearer()
            try:
                response = await self._http.request(
                    method,
                    self._base + path,
                    params=params,
                    json=json,
                    headers={"Authorization": f"Bearer {token}", "Accept": accept},
                )
            except httpx.TransportError as error:
                if not retry_server_errors and not isinstance(error, NEVER_SENT):
                    raise LexofficeOutcomeUnknown(
                        f"lexoffice's answer was lost: {error}"
                    ) from error
                if attempt + 1 == self._retry.attempts or not retry_server_errors:
                    raise LexofficeUnavailable(f"lexoffice is unreachable: {error}") from error
                await self._sleep(self._retry.delay(attempt, None))
                continue
            if response.status_code == 401 and not renewed:
                renewed = True
                if await self._credentials.renewed(token) is None:
                    raise LexofficeDisconnected("lexoffice refused the credentials")
                continue
            retry = response.status_code == 429 or (
                retry_server_errors and response.status_code in RETRIED_STATUSES
            )
            if retry and attempt + 1 < self._retry.attempts:
                await self._sleep(self._retry.delay(attempt, response.headers.get("Retry-After")))
                continue
            return self._checked(response)
        raise LexofficeUnavailable(f"lexoffice did not answer {method} {path} in time")

    def _checked(self, response: httpx.Response) -> httpx.Response:
        status = response.status_code
        if status < 400:
            return response
        if status == 401:
            raise LexofficeDisconnected("lexoffice refused the credentials")
        if status == 404:
            raise LexofficeNotFound(_message(response))
        raise LexofficeRefused(status, _message(response))

    async def _json(self, path: str, params: dict[str, str] | None = None) -> Any:
        response = await self.request("GET", path, params=params)
        try:
            return response.json()
        except ValueError as error:
            raise LexofficeUnavailable(f"lexoffice sent no JSON for {path}") from error

    async def _page(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        """A page of a list as lexoffice documents it (a JSON object, `content` a list, whole
        numbers for its totals): any other answer, like one that is no JSON, is one the sync
        cannot use, with the reason, not a Python error out of reading it."""
        body = await self._json(path, params)
        shaped = isinstance(body, dict) and isinstance(body.get("content", []), list)
        if shaped:
            totals = (body.get(name, 0) for name in ("totalPages", "totalElements"))
            shaped = all(isinstance(t, int) and not isinstance(t, bool) for t in totals)
        if not shaped:
            raise LexofficeUnavailable(f"lexoffice sent no readable page for {path}")
        return dict(body)

    async def profile(self) -> Profile:
        """A client made before the organization was known (a key being verified, a fresh
        OAuth token) is paced under a stand-in key: from here on it is paced as the
        organization, which is charged for this request too."""
        found = mapping.profile(await self._json("/v1/profile"))
        if self._key != found.organization_id:
            self._key = found.organization_id
            await self._limiter.acquire(self._key)
        return found

    async def list_vouchers(
        self,
        *,
        types: Sequence[str],
        statuses: Sequence[str],
        updated_from: date | None = None,
        dated_until: date | None = None,
    ) -> list[ListedVoucher]:
        params = {
            "voucherType": ",".join(types),
            "voucherStatus": ",".join(statuses),
            "size": str(PAGE_SIZE),
            "sort": "voucherNumber,ASC",
        }
        if updated_from is not None:
            params["updatedDateFrom"] = updated_from.isoformat()
        if dated_until is not None:
            params["voucherDateTo"] = dated_until.isoformat()
        items: list[ListedVoucher] = []
        page, total, restarts = 0, None, 0
        while True:
            body = await self._page("/v1/voucherlist", {**params, "page": str(page)})
            if page == 0:
                total = body.get("totalElements")
            elif body.get("totalElements") != total and restarts < RELISTED:
                # The list changed while it was paged: a voucher that left it (paid) moved the
                # later ones up a place, and the first of this page onto the one read before.
                items, page, restarts = [], 0, restarts + 1
                continue
            listed = (mapping.listed_voucher(item) for item in body.get("content", []))
            items += [item for item in listed if item is not None]
            if body.get("last", True) or page + 1 >= int(body.get("totalPages", 0)):
                return items
            page += 1

    async def contacts_page(self, page: int) -> ContactPage:
        body = await self._page("/v1/contacts", {"page": str(page), "size": str(PAGE_SIZE)})
        return mapping.contact_page(body)

    async def contact(self, contact_id: str) -> LexofficeContact:
        """A contact lexoffice refuses to read (400, 406: a problem of this record, not of the
        connection) comes back unusable: it blocks its invoices, not the sync."""
        try:
            body = await self._json(f"/v1/contacts/{contact_id}")
        except LexofficeRefused as refused:
            if refused.status not in RECORD_REFUSED:
                raise
            reason = f"lexoffice verweigert den Kontakt ({refused})"
            return LexofficeContact.unusable(contact_id, mapping.clean(reason, 500))
        return mapping.contact(body, contact_id)

    async def payment_state(self, voucher_id: str) -> PaymentState:
        """A voucher taken back to draft has no payments view (406): nothing to dun."""
        try:
            return mapping.payment_state(await self._json(f"/v1/payments/{voucher_id}"))
        except LexofficeRefused as refused:
            if refused.status != 406:
                raise
            return PaymentState(InvoiceStatus.DRAFT, 0)

    async def listed_payment_states(self, invoices: Sequence[Invoice]) -> dict[str, PaymentState]:
        """One list per status, because the list shows a past-due direct debit as `overdue`
        like a past-due open invoice: the filter that found an item tells its status. Only
        vouchers dated up to the latest of `invoices` are listed (one that was dated later
        since is left out, and read alone)."""
        wanted = {invoice.lexoffice_id for invoice in invoices}
        if not wanted:
            return {}
        types = sorted({mapping.VOUCHER_TYPES[invoice.kind] for invoice in invoices})
        dated_until = max(invoice.voucher_date for invoice in invoices)
        states: dict[str, PaymentState] = {}
        for status in LISTED_IN_PAYMENT:
            listed = await self.list_vouchers(
                types=types, statuses=(status.value,), dated_until=dated_until
            )
            states |= {
                item.lexoffice_id: PaymentState(status, item.open_cents)
                for item in listed
                if item.lexoffice_id in wanted and item.open_cents is not None
            }
        return states

    async def subscribe(self, event_type: str, callback_url: str) -> None:
        try:
            await self.request(
                "POST",
                "/v1/event-subscriptions",
                json={"eventType": event_type, "callbackUrl": callback_url},
            )
        except LexofficeRefused as refused:
            if refused.status != 409:
                raise

    async def invoice_details(self, invoice_id: str, kind: InvoiceKind) -> InvoiceDetails:
        """An invoice lexoffice refuses to read (400, 406: a problem of this record) is one it
        does not deliver (`LexofficeNotFound`): it blocks that invoice, not the others."""
        try:
            body = await self._json(f"{_sales_path(kind)}/{invoice_id}")
        except LexofficeRefused as refused:
            if refused.status not in RECORD_REFUSED:
                raise
            raise LexofficeNotFound(str(refused)) from refused
        return mapping.invoice_details(body)

    async def create_dunning(self, request: DunningRequest) -> str:
        try:
            response = await self.request(
                "POST",
                "/v1/dunnings",
                params={"precedingSalesVoucherId": request.invoice_id},
                json=mapping.dunning_body(request),
                retry_server_errors=False,
            )
        except LexofficeRefused as refused:
            if refused.status == LOST_ANSWER:
                raise LexofficeOutcomeUnknown(str(refused)) from refused
            raise
        try:
            created = mapping.identifier(response.json().get("id"))
        except (ValueError, AttributeError):
            created = None
        if created is None:
            raise LexofficeOutcomeUnknown(
                f"lexoffice created the dunning but named no id: {_message(response)}"
            )
        return created

    async def dunnings_of(self, invoice_id: str, kind: InvoiceKind) -> list[DunningSummary]:
        body = await self._json(f"{_sales_path(kind)}/{invoice_id}")
        return [
            mapping.dunning_summary(await self._json(f"/v1/dunnings/{related['id']}"))
            for related in body.get("relatedVouchers") or []
            if related.get("voucherType") == "dunning" and related.get("id")
        ]

    async def dunning_pdf(self, dunning_id: str) -> bytes:
        return await self._pdf(f"/v1/dunnings/{dunning_id}/file")

    async def invoice_pdf(self, invoice_id: str, kind: InvoiceKind) -> bytes:
        return await self._pdf(f"{_sales_path(kind)}/{invoice_id}/file")

    async def _pdf(self, path: str) -> bytes:
        response = await self.request("GET", path, accept="application/pdf")
        if not response.content.startswith(b"%PDF-"):
            raise LexofficeUnavailable(f"lexoffice sent no PDF for {path}")
        return response.content

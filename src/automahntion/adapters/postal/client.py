"""Pingen's API v2 over httpx: a client-credentials token, the upload of the PDF, and the letter
created with our idempotency key. Every call is safe to repeat, so 429 and 5xx are retried."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Mapping
from functools import partial
from typing import Any

import httpx

from automahntion.adapters.postal import mapping
from automahntion.adapters.retrying import DEFAULT_RETRY, RetryPolicy, send_retrying
from automahntion.app.post.provider import (
    LetterKeyReused,
    LetterRequest,
    PostalNotFound,
    PostalRefused,
    PostalUnavailable,
    PostedLetter,
)
from automahntion.domain.prices import LetterKind

JSON_API = "application/vnd.api+json"
TOKEN_LEEWAY_S = 60.0
EVENT_CATEGORIES = ("issues", "sent", "undeliverable", "delivered")


def _message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    if isinstance(body, dict):
        errors = body.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            return str(errors[0].get("detail") or errors[0].get("title"))
        if body.get("error"):
            return str(body.get("error_description") or body["error"])
    return str(body)[:200]


class PingenClient:
    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        client_id: str,
        client_secret: str,
        *,
        token_url: str | None = None,
        organisation_id: str | None = None,
        products: Mapping[LetterKind, str] = mapping.DEFAULT_PRODUCTS,
        retry: RetryPolicy = DEFAULT_RETRY,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._http = http
        self._base = base_url.rstrip("/")
        self._token_url = token_url or self._base + "/auth/access-tokens"
        self._client_id = client_id
        self._client_secret = client_secret
        self._organisation = organisation_id
        self._products = products
        self._retry = retry
        self._sleep = sleep
        self._token: tuple[str, float] | None = None
        self._lock = asyncio.Lock()

    @classmethod
    def from_api_key(
        cls,
        http: httpx.AsyncClient,
        base_url: str,
        api_key: str,
        *,
        retry: RetryPolicy = DEFAULT_RETRY,
    ) -> PingenClient:
        """`AUTOMAHNTION_POSTAL_API_KEY` holds `CLIENT_ID:CLIENT_SECRET`."""
        client_id, separator, secret = api_key.partition(":")
        if not separator or not client_id or not secret:
            raise ValueError("the postal API key must be CLIENT_ID:CLIENT_SECRET")
        return cls(http, base_url, client_id, secret, retry=retry)

    async def _send(
        self, send: Callable[[], Awaitable[httpx.Response]], what: str
    ) -> httpx.Response:
        try:
            response = await send_retrying(send, self._retry, self._sleep)
        except httpx.TransportError as error:
            raise PostalUnavailable(
                f"the postal provider is unreachable ({what}): {error}"
            ) from error
        if response.status_code == 429 or response.status_code >= 500:
            raise PostalUnavailable(
                f"the postal provider answered {response.status_code} to {what}"
            )
        return response

    async def _bearer(self, renew: bool = False) -> str:
        async with self._lock:
            if renew:
                self._token = None
            if self._token is not None and self._token[1] > time.monotonic():
                return self._token[0]
            form = {
                "grant_type": "client_credentials",
                "client_id": self._client_id,
                "client_secret": self._client_secret,
                "scope": "letter webhook",
            }
            response = await self._send(
                lambda: self._http.post(self._token_url, data=form), "the token request"
            )
            if response.status_code != 200:
                raise PostalRefused(response.status_code, _message(response))
            body = response.json()
            lifetime = float(body.get("expires_in") or 0) - TOKEN_LEEWAY_S
            self._token = (str(body["access_token"]), time.monotonic() + max(lifetime, 0.0))
            return self._token[0]

    async def _call(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        idempotency_key: str | None = None,
    ) -> httpx.Response:
        content = None if body is None else json.dumps(body).encode()
        url = self._base + path
        renewed = False
        while True:
            token = await self._bearer()
            headers = {"Authorization": f"Bearer {token}", "Accept": JSON_API}
            if body is not None:
                headers["Content-Type"] = JSON_API
            if idempotency_key is not None:
                headers["Idempotency-Key"] = idempotency_key
            send = partial(self._http.request, method, url, content=content, headers=headers)
            response = await self._send(send, f"{method} {path}")
            if response.status_code == 401 and not renewed:
                renewed = True
                await self._bearer(renew=True)
                continue
            if response.status_code == 404:
                raise PostalNotFound(404, _message(response))
            if response.status_code >= 400:
                raise PostalRefused(response.status_code, _message(response))
            return response

    async def organisation(self) -> str:
        if self._organisation is None:
            data = (await self._call("GET", "/organisations")).json()["data"]
            if not data:
                raise PostalRefused(403, "the API client belongs to no organisation")
            self._organisation = str(data[0]["id"])
        return self._organisation

    async def _letters(self) -> str:
        return f"/organisations/{await self.organisation()}/deliveries/letters"

    async def _upload(self, pdf: bytes) -> tuple[str, str]:
        attributes = (await self._call("GET", "/file-upload")).json()["data"]["attributes"]
        url, signature = str(attributes["url"]), str(attributes["url_signature"])
        response = await self._send(lambda: self._http.put(url, content=pdf), "the PDF upload")
        if response.status_code >= 400:
            raise PostalRefused(
                response.status_code, f"the PDF upload failed: {_message(response)}"
            )
        return url, signature

    async def send_letter(self, request: LetterRequest) -> PostedLetter:
        if not request.pdf.startswith(b"%PDF-"):
            raise ValueError("a letter must be a PDF")
        url, signature = await self._upload(request.pdf)
        attributes: dict[str, Any] = {
            "file_original_name": request.file_name,
            "file_url": url,
            "file_url_signature": signature,
            "address_position": "left",
            "auto_send": True,
            "delivery_product": self._products[request.kind],
            "print_mode": "duplex" if request.duplex else "simplex",
            "print_spectrum": "color" if request.color else "grayscale",
        }
        if request.meta:
            attributes["meta_data"] = dict(request.meta)
        body = {"data": {"type": "letters", "attributes": attributes}}
        try:
            response = await self._call(
                "POST", await self._letters(), body=body, idempotency_key=request.idempotency_key
            )
        except PostalRefused as refused:
            if refused.status == 422 and "Idempotency-Key" in str(refused):
                raise LetterKeyReused(422, str(refused)) from refused
            raise
        return mapping.letter(response.json()["data"], self._products)

    async def letter(self, letter_id: str) -> PostedLetter:
        response = await self._call("GET", f"{await self._letters()}/{letter_id}")
        return mapping.letter(response.json()["data"], self._products)

    async def cancel_letter(self, letter_id: str) -> PostedLetter:
        response = await self._call("PATCH", f"{await self._letters()}/{letter_id}/cancel")
        return mapping.letter(response.json()["data"], self._products)

    async def register_webhooks(self, url: str, signing_key: str) -> int:
        """Subscribe `url` to every event category not yet subscribed; returns how many were
        added. An operator step (`AUTOMAHNTION_POSTAL_WEBHOOK_SECRET` is the signing key)."""
        path = f"/organisations/{await self.organisation()}/webhooks"
        existing = {
            (item["attributes"]["event_category"], item["attributes"]["url"])
            for item in (await self._call("GET", path)).json()["data"]
        }
        added = 0
        for category in EVENT_CATEGORIES:
            if (category, url) in existing:
                continue
            attributes = {"event_category": category, "url": url, "signing_key": signing_key}
            await self._call(
                "POST", path, body={"data": {"type": "webhooks", "attributes": attributes}}
            )
            added += 1
        return added

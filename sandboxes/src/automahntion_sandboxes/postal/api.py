"""Pingen's API v2, the subset we use: client-credentials tokens, file upload, letters (create
with Idempotency-Key, send, cancel, read, events), webhooks. JSON:API bodies."""

from __future__ import annotations

import json
import re
import secrets
from datetime import timedelta
from typing import Any

from litestar import Request, Response, delete, get, patch, post, put
from litestar.di import NamedDependency
from litestar.params import FromPath

from automahntion_sandboxes.postal.letters import Lifecycle, event_json, letter_json
from automahntion_sandboxes.postal.state import (
    EVENT_CATEGORIES,
    PRODUCT_PRICES,
    Letter,
    Sandbox,
    Stored,
    Upload,
    Webhook,
    digest,
    new_id,
)

AnyRequest = Request[Any, Any, Any]
JSON_API = "application/vnd.api+json"
BEARER = re.compile(r"Bearer (\S+)", re.IGNORECASE)
ENUMS = {
    "address_position": ("left", "right"),
    "print_mode": ("simplex", "duplex"),
    "print_spectrum": ("grayscale", "color"),
    "delivery_product": tuple(PRODUCT_PRICES),
}


class ApiError(Exception):
    """An error answered as JSON:API `errors`."""

    def __init__(self, status: int, detail: str, pointer: str | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.pointer = pointer

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": str(self.status), "title": _title(self.status)}
        error["detail"] = self.detail
        if self.pointer:
            error["source"] = {"pointer": self.pointer}
        return {"errors": [error]}


def _title(status: int) -> str:
    titles = {
        400: "Bad Request",
        401: "Unauthorized",
        403: "Forbidden",
        404: "Not Found",
        415: "Unsupported Media Type",
        422: "Unprocessable Entity",
        429: "Too Many Requests",
    }
    return titles.get(status, "Server Error")


def _document(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response[Any]:
    return Response(
        content={"data": data}, status_code=status, media_type=JSON_API, headers=headers or {}
    )


def _base_url(request: AnyRequest) -> str:
    return str(request.base_url).rstrip("/")


def _organisation(request: AnyRequest, sandbox: Sandbox, organisation_id: str | None) -> str:
    match = BEARER.fullmatch(request.headers.get("authorization") or "")
    owner = sandbox.organisation_of(match.group(1)) if match else None
    if owner is None:
        raise ApiError(401, "Unauthenticated.")
    if organisation_id is not None and organisation_id != owner:
        raise ApiError(403, "This action is unauthorized.")
    return owner


def _letter(sandbox: Sandbox, organisation_id: str, letter_id: str) -> Letter:
    letter = sandbox.letters.get(letter_id)
    if letter is None or letter.organisation_id != organisation_id:
        raise ApiError(404, "No query results for model [Letter].")
    return letter


async def _json_api(request: AnyRequest) -> dict[str, Any]:
    media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if media != JSON_API:
        raise ApiError(415, f"Content type must be {JSON_API}")
    try:
        body = json.loads(await request.body() or b"null")
    except ValueError as error:
        raise ApiError(400, "Malformed JSON") from error
    if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
        raise ApiError(422, "The data field is required.", "/data")
    return body


@post("/auth/access-tokens", status_code=200)
async def access_token(request: AnyRequest, sandbox: NamedDependency[Sandbox]) -> Response[Any]:
    form = await request.form()
    client = sandbox.clients.get(str(form.get("client_id") or ""))
    if form.get("grant_type") != "client_credentials":
        return Response({"error": "unsupported_grant_type"}, status_code=400)
    if client is None or not secrets.compare_digest(
        client.secret, str(form.get("client_secret") or "")
    ):
        body = {"error": "invalid_client", "error_description": "Client authentication failed"}
        return Response(body, status_code=401)
    return Response(
        {
            "token_type": "Bearer",
            "expires_in": sandbox.token_lifetime_s,
            "access_token": sandbox.issue_token(client),
        }
    )


@get("/organisations")
async def organisations(request: AnyRequest, sandbox: NamedDependency[Sandbox]) -> Response[Any]:
    owner = _organisation(request, sandbox, None)
    item = {
        "id": owner,
        "type": "organisations",
        "attributes": {"name": sandbox.organisations.get(owner, ""), "status": "active"},
    }
    return _document([item])


@get("/file-upload")
async def file_upload(request: AnyRequest, sandbox: NamedDependency[Sandbox]) -> Response[Any]:
    _organisation(request, sandbox, None)
    upload = Upload(new_id(), secrets.token_hex(16))
    sandbox.uploads[upload.id] = upload
    expires = sandbox.clock.now() + timedelta(minutes=30)
    attributes = {
        "url": f"{_base_url(request)}/_uploads/{upload.id}",
        "url_signature": upload.signature,
        "expires_at": expires.isoformat(timespec="seconds"),
    }
    return _document({"id": upload.id, "type": "file_uploads", "attributes": attributes})


@put("/_uploads/{upload_id:str}", status_code=200)
async def put_upload(
    request: AnyRequest, sandbox: NamedDependency[Sandbox], upload_id: FromPath[str]
) -> Response[Any]:
    upload = sandbox.uploads.get(upload_id)
    if upload is None:
        return Response({"message": "NoSuchUpload"}, status_code=404)
    data = await request.body()
    if not data.startswith(b"%PDF-"):
        return Response({"message": "the file is not a PDF"}, status_code=400)
    upload.data = data
    return Response(b"", status_code=200)


def _attributes(body: dict[str, Any]) -> dict[str, Any]:
    data = body["data"]
    if data.get("type") != "letters":
        raise ApiError(422, "The data.type must be letters.", "/data/type")
    attributes = data.get("attributes")
    if not isinstance(attributes, dict):
        raise ApiError(422, "The attributes field is required.", "/data/attributes")
    for name in ("file_original_name", "file_url", "file_url_signature"):
        if not isinstance(attributes.get(name), str) or not attributes[name]:
            raise ApiError(422, f"The {name} field is required.", f"/data/attributes/{name}")
    for name, allowed in ENUMS.items():
        if attributes.get(name) not in allowed:
            raise ApiError(422, f"The selected {name} is invalid.", f"/data/attributes/{name}")
    if not isinstance(attributes.get("auto_send"), bool):
        raise ApiError(
            422, "The auto_send field must be true or false.", "/data/attributes/auto_send"
        )
    return attributes


def _uploaded(sandbox: Sandbox, attributes: dict[str, Any]) -> bytes:
    upload_id = str(attributes["file_url"]).rstrip("/").rsplit("/", 1)[-1]
    upload = sandbox.uploads.get(upload_id)
    if upload is None or not secrets.compare_digest(
        upload.signature, str(attributes["file_url_signature"])
    ):
        raise ApiError(422, "The file_url is invalid.", "/data/attributes/file_url")
    if upload.data is None:
        raise ApiError(422, "Nothing was uploaded to file_url.", "/data/attributes/file_url")
    return upload.data


@post("/organisations/{organisation_id:str}/deliveries/letters", status_code=201)
async def create_letter(
    request: AnyRequest,
    sandbox: NamedDependency[Sandbox],
    lifecycle: NamedDependency[Lifecycle],
    organisation_id: FromPath[str],
) -> Response[Any]:
    owner = _organisation(request, sandbox, organisation_id)
    body = await _json_api(request)
    key = request.headers.get("idempotency-key")
    if key:
        stored = sandbox.idempotency.get((owner, key))
        if stored is not None:
            if stored.digest != digest(body):
                raise ApiError(422, "The Idempotency-Key was already used with another request.")
            return Response(
                stored.body,
                status_code=stored.status,
                media_type=JSON_API,
                headers={"Idempotent-Replayed": "true"},
            )
    attributes = _attributes(body)
    pdf = _uploaded(sandbox, attributes)
    letter = Letter(
        id=new_id(),
        organisation_id=owner,
        file_name=attributes["file_original_name"],
        pdf=pdf,
        address_position=attributes["address_position"],
        auto_send=attributes["auto_send"],
        delivery_product=attributes["delivery_product"],
        print_mode=attributes["print_mode"],
        print_spectrum=attributes["print_spectrum"],
        meta_data=attributes.get("meta_data"),
        send_requested=attributes["auto_send"],
        created_at=sandbox.now_text(),
    )
    sandbox.letters[letter.id] = letter
    lifecycle.base_url = _base_url(request)
    lifecycle.move(letter, "validating")
    document = {"data": letter_json(letter, _base_url(request))}
    if key:
        sandbox.idempotency[(owner, key)] = Stored(digest(body), 201, document)
    return Response(document, status_code=201, media_type=JSON_API)


@get("/organisations/{organisation_id:str}/deliveries/letters/{letter_id:str}")
async def read_letter(
    request: AnyRequest,
    sandbox: NamedDependency[Sandbox],
    organisation_id: FromPath[str],
    letter_id: FromPath[str],
) -> Response[Any]:
    owner = _organisation(request, sandbox, organisation_id)
    return _document(letter_json(_letter(sandbox, owner, letter_id), _base_url(request)))


@get("/organisations/{organisation_id:str}/deliveries/letters/{letter_id:str}/events")
async def letter_events(
    request: AnyRequest,
    sandbox: NamedDependency[Sandbox],
    organisation_id: FromPath[str],
    letter_id: FromPath[str],
) -> Response[Any]:
    owner = _organisation(request, sandbox, organisation_id)
    letter = _letter(sandbox, owner, letter_id)
    return _document([event_json(event, letter) for event in letter.events])


@patch("/organisations/{organisation_id:str}/deliveries/letters/{letter_id:str}/send")
async def send_letter(
    request: AnyRequest,
    sandbox: NamedDependency[Sandbox],
    lifecycle: NamedDependency[Lifecycle],
    organisation_id: FromPath[str],
    letter_id: FromPath[str],
) -> Response[Any]:
    owner = _organisation(request, sandbox, organisation_id)
    letter = _letter(sandbox, owner, letter_id)
    if letter.status not in ("validating", "valid"):
        raise ApiError(422, f"The letter is {letter.status} and cannot be sent.")
    lifecycle.request_send(letter)
    return _document(letter_json(letter, _base_url(request)))


@patch("/organisations/{organisation_id:str}/deliveries/letters/{letter_id:str}/cancel")
async def cancel_letter(
    request: AnyRequest,
    sandbox: NamedDependency[Sandbox],
    lifecycle: NamedDependency[Lifecycle],
    organisation_id: FromPath[str],
    letter_id: FromPath[str],
) -> Response[Any]:
    owner = _organisation(request, sandbox, organisation_id)
    letter = _letter(sandbox, owner, letter_id)
    if letter.status not in ("validating", "valid", "action_required"):
        raise ApiError(422, f"The letter is {letter.status} and can no longer be cancelled.")
    lifecycle.move(letter, "cancelled")
    return _document(letter_json(letter, _base_url(request)))


def _webhook_json(hook: Webhook) -> dict[str, Any]:
    return {
        "id": hook.id,
        "type": "webhooks",
        "attributes": {"event_category": hook.event_category, "url": hook.url},
    }


@post("/organisations/{organisation_id:str}/webhooks", status_code=201)
async def create_webhook(
    request: AnyRequest, sandbox: NamedDependency[Sandbox], organisation_id: FromPath[str]
) -> Response[Any]:
    owner = _organisation(request, sandbox, organisation_id)
    attributes = (await _json_api(request))["data"].get("attributes") or {}
    category, url, key = (attributes.get(n) for n in ("event_category", "url", "signing_key"))
    if category not in EVENT_CATEGORIES:
        raise ApiError(
            422, "The selected event_category is invalid.", "/data/attributes/event_category"
        )
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        raise ApiError(422, "The url must be a valid URL.", "/data/attributes/url")
    if not isinstance(key, str) or len(key) < 8:
        raise ApiError(
            422, "The signing_key must be 8 characters or more.", "/data/attributes/signing_key"
        )
    hook = Webhook(new_id(), owner, category, url, key)
    sandbox.webhooks[hook.id] = hook
    return _document(_webhook_json(hook), 201)


@get("/organisations/{organisation_id:str}/webhooks")
async def list_webhooks(
    request: AnyRequest, sandbox: NamedDependency[Sandbox], organisation_id: FromPath[str]
) -> Response[Any]:
    owner = _organisation(request, sandbox, organisation_id)
    hooks = [h for h in sandbox.webhooks.values() if h.organisation_id == owner]
    return _document([_webhook_json(hook) for hook in hooks])


@delete("/organisations/{organisation_id:str}/webhooks/{webhook_id:str}", status_code=204)
async def delete_webhook(
    request: AnyRequest,
    sandbox: NamedDependency[Sandbox],
    organisation_id: FromPath[str],
    webhook_id: FromPath[str],
) -> None:
    owner = _organisation(request, sandbox, organisation_id)
    hook = sandbox.webhooks.get(webhook_id)
    if hook is None or hook.organisation_id != owner:
        raise ApiError(404, "No query results for model [Webhook].")
    del sandbox.webhooks[webhook_id]


ROUTES = [
    access_token,
    organisations,
    file_upload,
    put_upload,
    create_letter,
    read_letter,
    letter_events,
    send_letter,
    cancel_letter,
    create_webhook,
    list_webhooks,
    delete_webhook,
]

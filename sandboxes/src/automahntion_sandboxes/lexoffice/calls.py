"""What a /v1 handler needs from its call: the organization the gateway authenticated, the
query parameters, and a JSON object body."""

from __future__ import annotations

import json
from typing import Any

from litestar import Request

from automahntion_sandboxes.lexoffice.errors import ApiError
from automahntion_sandboxes.lexoffice.gate import ORGANIZATION_KEY
from automahntion_sandboxes.lexoffice.state import Organization, Sandbox

AnyRequest = Request[Any, Any, Any]


def organization_of(request: AnyRequest, sandbox: Sandbox) -> Organization:
    organization_id = request.scope["state"].get(ORGANIZATION_KEY)
    organization = sandbox.organizations.get(organization_id or "")
    if organization is None:
        raise ApiError(401, "Unauthorized")
    return organization


def query(request: AnyRequest) -> dict[str, str]:
    """The first value of every query parameter."""
    return {key: request.query_params[key] for key in request.query_params}


def base_url(request: AnyRequest) -> str:
    return str(request.base_url).rstrip("/")


def require_json(request: AnyRequest) -> None:
    media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if media != "application/json":
        raise ApiError(415, f"Content type '{media or 'none'}' not supported")


async def json_object(request: AnyRequest) -> dict[str, Any]:
    try:
        body = json.loads(await request.body() or b"null")
    except ValueError as error:
        raise ApiError(400, "Malformed JSON request body") from error
    if not isinstance(body, dict):
        raise ApiError(406, "The request body must be a JSON object")
    return body

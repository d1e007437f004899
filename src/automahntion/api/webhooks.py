"""`POST /v1/webhooks/lexoffice`: verified before read, answered at once, worked off in a job."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.exceptions import NotAuthorizedException, ServiceUnavailableException

from automahntion.adapters.lexoffice.webhooks import (
    SIGNATURE_HEADER,
    SignatureInvalid,
    WebhookVerifier,
    parse_event,
)
from automahntion.api.rate_limit import OWN_BUDGET, spend_refused, spend_signed
from automahntion.api.routing import PROBLEM_RESPONSES, post
from automahntion.api.schemas import EventAccepted
from automahntion.api.wiring import Units, Wired
from automahntion.app import events
from automahntion.app.clock import Clock
from automahntion.app.events import LEXOFFICE_EVENT_JOB
from automahntion.app.jobs import Jobs
from automahntion.domain.errors import FieldProblem, ValidationFailed


@post(
    "/webhooks/lexoffice",
    status_code=200,
    tags=["webhooks"],
    public=True,
    responses={401: PROBLEM_RESPONSES[401], 503: PROBLEM_RESPONSES[503]},
    opt={OWN_BUDGET: True},
)
async def lexoffice_webhook(
    request: Request[Any, Any, Any],
    units: Wired[Units],
    clock: Wired[Clock],
    lexoffice_events: Wired[WebhookVerifier | None],
    jobs: Wired[Jobs],
) -> EventAccepted:
    if lexoffice_events is None:
        raise ServiceUnavailableException("AUTOMAHNTION_LEXOFFICE_WEBHOOK_PUBLIC_KEY is not set")
    body = await request.body()
    try:
        lexoffice_events.verify(body, request.headers.get(SIGNATURE_HEADER))
    except SignatureInvalid as invalid:
        await spend_refused(request)
        raise NotAuthorizedException(f"lexoffice signature refused: {invalid}") from None
    await spend_signed(request, "lexoffice")
    try:
        event = parse_event(body)
    except ValueError as error:
        raise ValidationFailed([FieldProblem("body", str(error))]) from None
    tenant_id = await events.accept(units, event, clock.now())
    if tenant_id is None:
        return EventAccepted(accepted=False)
    await jobs.enqueue(
        LEXOFFICE_EVENT_JOB, str(tenant_id), body.decode(), job_id=f"lexoffice:{event.dedupe_key}"
    )
    return EventAccepted(accepted=True)

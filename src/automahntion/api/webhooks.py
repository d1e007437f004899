"""`POST /v1/webhooks/lexoffice`: verified before read, answered at once, worked off in a job."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException, ServiceUnavailableException

from automahntion.adapters.lexoffice.webhooks import SIGNATURE_HEADER, SignatureInvalid, parse_event
from automahntion.api.rate_limit import OWN_BUDGET, spend_refused, spend_signed
from automahntion.api.routing import PROBLEM_RESPONSES, post
from automahntion.api.schemas import EventAccepted
from automahntion.app import events
from automahntion.app.events import LEXOFFICE_EVENT_JOB
from automahntion.bootstrap.container import Container
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
    request: Request[Any, Any, Any], container: NamedDependency[Container]
) -> EventAccepted:
    if container.verifier is None:
        raise ServiceUnavailableException("AUTOMAHNTION_LEXOFFICE_WEBHOOK_PUBLIC_KEY is not set")
    body = await request.body()
    try:
        container.verifier.verify(body, request.headers.get(SIGNATURE_HEADER))
    except SignatureInvalid as invalid:
        await spend_refused(request)
        raise NotAuthorizedException(f"lexoffice signature refused: {invalid}") from None
    await spend_signed(request, "lexoffice")
    try:
        event = parse_event(body)
    except ValueError as error:
        raise ValidationFailed([FieldProblem("body", str(error))]) from None
    tenant_id = await events.accept(container.database.unit_of_work, event, container.clock.now())
    if tenant_id is None:
        return EventAccepted(accepted=False)
    await container.jobs.enqueue(
        LEXOFFICE_EVENT_JOB, str(tenant_id), body.decode(), job_id=f"lexoffice:{event.dedupe_key}"
    )
    return EventAccepted(accepted=True)

"""`POST /v1/webhooks/lexoffice`: verified before read, answered at once, worked off in a job."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException, ServiceUnavailableException

from automahntion.api.rate_limit import OWN_BUDGET, spend_refused, spend_signed
from automahntion.api.routing import PROBLEM_RESPONSES, post
from automahntion.api.schemas import EventAccepted
from automahntion.app import events
from automahntion.app.webhooks import WebhookRefused, WebhookUnreadable
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
    verifier = container.providers.lexoffice_events
    if verifier is None:
        raise ServiceUnavailableException("AUTOMAHNTION_LEXOFFICE_WEBHOOK_PUBLIC_KEY is not set")
    body = await request.body()
    try:
        event = verifier.verify(body, dict(request.headers))
    except WebhookRefused as refused:
        await spend_refused(request)
        raise NotAuthorizedException(f"lexoffice signature refused: {refused}") from None
    except WebhookUnreadable as unreadable:
        await spend_signed(request, "lexoffice")
        raise ValidationFailed([FieldProblem("body", str(unreadable))]) from None
    await spend_signed(request, "lexoffice")
    accepted = await events.accept(
        container.database.unit_of_work, container.jobs, event, body.decode(), container.clock.now()
    )
    return EventAccepted(accepted=accepted)

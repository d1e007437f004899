"""`POST /v1/webhooks/lexoffice`: verified before read, answered at once, worked off in a job."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.exceptions import NotAuthorizedException, ServiceUnavailableException

from automahntion.api.rate_limit import spend_refused, spend_signed
from automahntion.api.routing import OWN_BUDGET, PROBLEM_RESPONSES, post
from automahntion.api.schemas import EventAccepted
from automahntion.api.wiring import Units, Wired
from automahntion.app.clock import Clock
from automahntion.app.jobs import Jobs
from automahntion.app.lexoffice import events
from automahntion.app.lexoffice.ports import LexofficeEvents
from automahntion.app.webhooks import WebhookRefused, WebhookUnreadable
from automahntion.domain.errors import FieldProblem, ValidationFailed


@post(
    "/webhooks/lexoffice",
    status_code=200,
    tags=["incoming webhooks"],
    public=True,
    responses={401: PROBLEM_RESPONSES[401], 503: PROBLEM_RESPONSES[503]},
    opt={OWN_BUDGET: True},
)
async def lexoffice_webhook(
    request: Request[Any, Any, Any],
    units: Wired[Units],
    clock: Wired[Clock],
    lexoffice_events: Wired[LexofficeEvents | None],
    jobs: Wired[Jobs],
) -> EventAccepted:
    """Receive a lexoffice event

    lexoffice reports a changed voucher, contact or a revoked authorization; the signature is
    checked before anything is read, the event is answered at once and worked off in a job.
    `accepted` is false for an event seen before."""
    if lexoffice_events is None:
        raise ServiceUnavailableException("AUTOMAHNTION_LEXOFFICE_WEBHOOK_PUBLIC_KEY is not set")
    body = await request.body()
    try:
        event = lexoffice_events.verify(body, dict(request.headers))
    except WebhookRefused as refused:
        await spend_refused(request)
        raise NotAuthorizedException(f"lexoffice signature refused: {refused}") from None
    except WebhookUnreadable as unreadable:
        await spend_signed(request, "lexoffice")
        raise ValidationFailed([FieldProblem("body", str(unreadable))]) from None
    await spend_signed(request, "lexoffice")
    accepted = await events.accept(units, jobs, event, body.decode(), clock.now())
    return EventAccepted(accepted=accepted)

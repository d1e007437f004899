"""`POST /v1/webhooks/postal`: the print-and-mail provider's status reports, verified over the raw
body before anything of it is read, then applied at once (one small update), or kept until its
letter is recorded."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.exceptions import NotAuthorizedException, ServiceUnavailableException

from automahntion.api.rate_limit import spend_refused, spend_signed
from automahntion.api.routing import OWN_BUDGET, PROBLEM_RESPONSES, post
from automahntion.api.schemas import EventAccepted
from automahntion.api.wiring import Units, Wired
from automahntion.app.clock import Clock
from automahntion.app.post.letters import apply_letter_event
from automahntion.app.post.provider import LetterEvents
from automahntion.app.webhooks import WebhookRefused, WebhookUnreadable
from automahntion.domain.errors import FieldProblem, ValidationFailed


@post(
    "/webhooks/postal",
    status_code=200,
    tags=["incoming webhooks"],
    public=True,
    responses={401: PROBLEM_RESPONSES[401], 503: PROBLEM_RESPONSES[503]},
    opt={OWN_BUDGET: True},
)
async def postal_webhook(
    request: Request[Any, Any, Any],
    units: Wired[Units],
    clock: Wired[Clock],
    letter_events: Wired[LetterEvents | None],
) -> EventAccepted:
    """Receive a postal status event

    The postal service reports a letter's status (printed, posted, returned); the signature is
    checked over the raw body before anything of it is read (401 when it does not hold; 422
    for a signed body that is no status event). `accepted` is false for an event seen before;
    an event for a letter not recorded yet (the provider may call back before our recording of
    it commits) is kept and applied when the letter is recorded."""
    verifier = letter_events
    if verifier is None:
        raise ServiceUnavailableException("AUTOMAHNTION_POSTAL_WEBHOOK_SECRET is not set")
    body = await request.body()
    try:
        event = verifier.verify(body, dict(request.headers))
    except WebhookRefused as refused:
        await spend_refused(request)
        raise NotAuthorizedException(f"postal signature refused: {refused}") from None
    except WebhookUnreadable as unreadable:  # signed: the provider's, but no event we know
        await spend_signed(request, "postal")
        raise ValidationFailed([FieldProblem("body", str(unreadable))]) from None
    await spend_signed(request, "postal")
    accepted = await apply_letter_event(units, event, clock.now())
    return EventAccepted(accepted=accepted)

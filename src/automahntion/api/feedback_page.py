"""`GET/POST /feedback/{token}`: the page a thank-you e-mail links to. Public (the token is the
credential), HTML, outside the versioned API and its OpenAPI document."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.enums import MediaType
from litestar.params import FromPath

from automahntion.api.feedback_html import (
    already_given_page,
    form_page,
    not_found_page,
    thanks_page,
)
from automahntion.api.routing import get, post
from automahntion.api.wiring import Units, Wired
from automahntion.app.clock import Clock
from automahntion.app.errors import NotFound
from automahntion.app.loyalty.feedback import FeedbackPage, give_feedback, open_page
from automahntion.domain.errors import FeedbackAlreadyGiven, InvalidFeedback
from automahntion.domain.feedback import COMMENT_HAS_NUL, MAX_COMMENT_CHARS

MAX_TOKEN_CHARS = 128


def html_headers(form_action: str = "'self'") -> dict[str, str]:
    """`form_action`: where the page's forms may lead, redirects after them included."""
    return {
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
        "X-Robots-Tag": "noindex, nofollow",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": (
            f"default-src 'none'; style-src 'unsafe-inline'; form-action {form_action}; "
            "frame-ancestors 'none'; base-uri 'none'"
        ),
    }


HTML_HEADERS = html_headers()
HTML_PAGE_OPTIONS: dict[str, Any] = {
    "public": True,
    "include_in_schema": False,
    "media_type": MediaType.HTML,
}
_STAR_PROBLEM = "Bitte wählen Sie zwischen 1 und 5 Sternen."
_COMMENT_PROBLEM = f"Ihr Kommentar darf höchstens {MAX_COMMENT_CHARS} Zeichen lang sein."
_COMMENT_NUL = "Ihr Kommentar enthält ein unzulässiges Steuerzeichen. Bitte entfernen Sie es."


def html_page(
    content: str, status: int = 200, headers: dict[str, str] | None = None
) -> Response[str]:
    return Response(
        content, status_code=status, media_type=MediaType.HTML, headers=headers or HTML_HEADERS
    )


def _action(token: str) -> str:
    return f"/feedback/{token}"


async def _page(units: Units, token: str) -> FeedbackPage | None:
    if len(token) > MAX_TOKEN_CHARS:
        return None
    try:
        return await open_page(units, token)
    except NotFound:
        return None


@get("/feedback/{token:str}", **HTML_PAGE_OPTIONS)
async def feedback_form(
    token: FromPath[str],
    units: Wired[Units],
) -> Response[str]:
    page = await _page(units, token)
    if page is None:
        return html_page(not_found_page(), 404)
    if page.already_given:
        return html_page(already_given_page(page.company_name))
    return html_page(form_page(page.company_name, page.question, _action(token)))


MAX_STARS_CHARS = 3


def _stars(value: object) -> int | None:
    """ASCII digits only: `isdigit` also holds for "²" (which `int` refuses: a 500) and for other
    scripts' digits, and thousands of digits are more than `int` converts."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not (text.isascii() and text.isdecimal()) or len(text) > MAX_STARS_CHARS:
        return None
    return int(text)


@post("/feedback/{token:str}", status_code=200, **HTML_PAGE_OPTIONS)
async def submit_feedback(
    token: FromPath[str],
    request: Request[Any, Any, Any],
    units: Wired[Units],
    clock: Wired[Clock],
) -> Response[str]:
    page = await _page(units, token)
    if page is None:
        return html_page(not_found_page(), 404)
    if page.already_given:
        return html_page(already_given_page(page.company_name), 409)
    form = await request.form()
    raw_stars = form.get("stars")
    raw_comment = form.get("comment")
    comment = raw_comment if isinstance(raw_comment, str) else ""
    stars = _stars(raw_stars)
    try:
        if stars is None:
            raise InvalidFeedback([])
        await give_feedback(units, token, stars, comment, clock.now())
    except NotFound:
        return html_page(not_found_page(), 404)
    except FeedbackAlreadyGiven:
        return html_page(already_given_page(page.company_name), 409)
    except InvalidFeedback as invalid:
        fields = {p.field for p in invalid.problems} or {"stars"}
        errors = {}
        if "stars" in fields:
            errors["stars"] = _STAR_PROBLEM
        messages = {p.message for p in invalid.problems if p.field == "comment"}
        if messages:
            errors["comment"] = _COMMENT_NUL if COMMENT_HAS_NUL in messages else _COMMENT_PROBLEM
        return html_page(
            form_page(
                page.company_name,
                page.question,
                _action(token),
                errors=errors,
                stars=stars if stars in range(1, 6) else None,
                comment=comment[: MAX_COMMENT_CHARS * 2],
            ),
            422,
        )
    return html_page(thanks_page(page.company_name))

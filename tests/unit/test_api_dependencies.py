"""The dependencies handlers take are resolved one after the other (`api/wiring.py`): Litestar
resolves the independent ones of a request together, in an anyio task group, which costs more
than the reads they are."""

from __future__ import annotations

from litestar import Litestar
from litestar.datastructures import State
from litestar.di import Provide
from litestar.handlers import HTTPRouteHandler

from automahntion.api.app import api_app

SIDE_BY_SIDE = {
    "change_account",
    "test_email",
    "start",
    "callback",
    "with_api_key",
    "disconnect",
    "sync",
    "lexoffice_webhook",
    "connect_begin_page",
    "connect_begin",
}
"""Rare writes that take two things neither of which comes after the other (they then talk to
lexoffice or send a mail, which costs far more), and the lexoffice connect begin page, shown
once per connection."""


def _handlers(app: Litestar) -> list[HTTPRouteHandler]:
    return [
        handler
        for route in app.routes
        for handler in getattr(route, "route_handlers", [])
        if isinstance(handler, HTTPRouteHandler)
    ]


def _before(name: str, provides: dict[str, Provide]) -> set[str]:
    """What `name` waits for."""
    found: set[str] = set()
    for sub in provides[name].parsed_fn_signature.parameters:
        if sub in provides and sub not in found:
            found |= {sub} | _before(sub, provides)
    return found


def resolved_side_by_side(handler: HTTPRouteHandler) -> bool:
    provides = handler.resolve_dependencies()
    wanted = {n for n in handler.parsed_fn_signature.parameters if n in provides}
    taken = wanted.union(*(_before(n, provides) for n in wanted))
    return any(
        a != b and a not in _before(b, provides) and b not in _before(a, provides)
        for a in taken
        for b in taken
    )


def test_handlers_resolve_what_they_take_one_after_the_other() -> None:
    app = api_app(State(), [], [])
    assert len(_handlers(app)) > 60
    side_by_side = {h.handler_name for h in _handlers(app) if resolved_side_by_side(h)}
    assert side_by_side == SIDE_BY_SIDE

"""Error reporting: Sentry when `SENTRY_DSN` is set, and nothing at all when it is not.

No personal data leaves: default PII is off, and request headers, cookies, bodies and query
strings are dropped from every event before it is sent (they may hold API keys, e-mail
addresses or amounts)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

import sentry_sdk
from sentry_sdk.integrations.arq import ArqIntegration
from sentry_sdk.integrations.litestar import LitestarIntegration

from automahntion.bootstrap.settings import Settings

_REQUEST_KEEPS = ("method", "url")


def scrub(event: dict[str, Any], _hint: dict[str, Any] | None = None) -> dict[str, Any]:
    request = event.get("request")
    if isinstance(request, dict):
        url = str(request.get("url", "")).split("?", 1)[0]
        event["request"] = {k: request[k] for k in _REQUEST_KEEPS if k in request} | {"url": url}
    event.pop("user", None)
    return event


def release() -> str:
    """This code's release as Sentry names it: `automahntion@<package version>`."""
    try:
        return f"automahntion@{version('automahntion')}"
    except PackageNotFoundError:
        return "automahntion@unknown"


def init_error_reporting(settings: Settings, component: str) -> bool:
    """True when Sentry was switched on. Without a DSN, Sentry is not even initialised: its
    integrations would patch Litestar and arq for nothing."""
    if not settings.sentry_dsn:
        return False
    sentry_sdk.init(
        dsn=settings.sentry_dsn,
        integrations=[LitestarIntegration(), ArqIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        before_send=scrub,  # type: ignore[arg-type]
        server_name=component,
        release=release(),
        environment=settings.environment,
        traces_sample_rate=0.0,
    )
    return True

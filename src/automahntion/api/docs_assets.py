"""The API reference at `/schema` runs on this service's own assets only: Redoc's standalone
bundle is vendored in the repository's `vendor/redoc/` and shipped in the wheel as
`automahntion/_vendor/redoc` (see its README: its one outside reference, a logo on Redocly's
CDN, is taken out), served from `/docs-assets/`, no font is fetched, and the page's
Content-Security-Policy lets the browser load nothing from another host."""

from __future__ import annotations

from pathlib import Path

from litestar import Router
from litestar.datastructures import CacheControlHeader
from litestar.static_files import create_static_files_router

from automahntion.api.routing import PUBLIC

ASSETS_PATH = "/docs-assets"
REDOC_JS = "redoc.standalone.js"
REDOC_JS_URL = f"{ASSETS_PATH}/{REDOC_JS}"
DOCS_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
)
"""Redoc's bootstrap script and its styles are inline; its search runs in a blob worker."""
NO_FAVICON = "<link rel='icon' href='data:,'>"


def redoc_folder() -> Path:
    """The `_vendor/redoc` shipped in a wheel, else the repository's `vendor/redoc/` beside
    `src/` (a checkout, an editable install). Without either the service does not start: the
    docs page would load no script."""
    package = Path(__file__).resolve().parents[1]
    candidates = [package / "_vendor" / "redoc", package.parents[1] / "vendor" / "redoc"]
    for candidate in candidates:
        if (candidate / REDOC_JS).is_file():
            return candidate
    raise FileNotFoundError(f"no Redoc bundle ({REDOC_JS}) in {' or '.join(map(str, candidates))}")


def docs_assets() -> Router:
    return create_static_files_router(
        path=ASSETS_PATH,
        directories=[redoc_folder()],
        name="docs-assets",
        cache_control=CacheControlHeader(max_age=86400, public=True),
        opt={PUBLIC: True},
    )

"""The API reference at `/schema` runs on this service's own assets only: Redoc's standalone
bundle is shipped in `assets/redoc/` (see its README: its one outside reference, a logo on
Redocly's CDN, is taken out) and served from `/docs-assets/`, no font is fetched, and the
page's Content-Security-Policy lets the browser load nothing from another host."""

from __future__ import annotations

from pathlib import Path

from litestar import Router
from litestar.datastructures import CacheControlHeader
from litestar.static_files import create_static_files_router

from automahntion.api.routing import PUBLIC

ASSETS_PATH = "/docs-assets"
REDOC_DIR = Path(__file__).parent / "assets" / "redoc"
REDOC_JS_URL = f"{ASSETS_PATH}/redoc.standalone.js"
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


def docs_assets() -> Router:
    return create_static_files_router(
        path=ASSETS_PATH,
        directories=[REDOC_DIR],
        name="docs-assets",
        cache_control=CacheControlHeader(max_age=86400, public=True),
        opt={PUBLIC: True},
    )

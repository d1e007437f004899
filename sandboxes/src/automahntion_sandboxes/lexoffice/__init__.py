"""A stand-in for the lexoffice / Lexware Office public API, for tests and the demo.

`create_app()` builds a fresh sandbox; `serve()` runs one on 127.0.0.1. See `app.py` for the
layout: /v1 (lexoffice's API behind its gateway), /oauth2 and the sandbox-only /_sandbox controls.
"""

from __future__ import annotations

from automahntion_sandboxes.lexoffice.app import create_app, serve

__all__ = ["create_app", "serve"]

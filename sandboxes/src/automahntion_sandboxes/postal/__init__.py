"""A stand-in for the Pingen print-and-mail API v2, for tests and the demo.

`create_app()` builds a fresh sandbox; `serve()` runs one on 127.0.0.1. Pingen's API sits at the
root (tokens, file upload, letters, webhooks), the sandbox-only controls under /_sandbox."""

from __future__ import annotations

from automahntion_sandboxes.postal.app import create_app, serve

__all__ = ["create_app", "serve"]

"""A stand-in for the Stripe API subset we bill with (SEPA debit, subscriptions, invoices).

`create_app()` builds a fresh sandbox; `serve()` runs one on 127.0.0.1. Stripe's API under /v1,
the sandbox-only controls under /_sandbox."""

from __future__ import annotations

from automahntion_sandboxes.payments.app import create_app, serve

__all__ = ["create_app", "serve"]

"""Callbacks from outside APIs are verified by signature before anything of them is read."""

from __future__ import annotations


class WebhookRefused(Exception):
    """A callback whose signature is missing, wrong or too old; nothing of it was read."""


class WebhookUnreadable(Exception):
    """A callback whose signature holds but whose body is no event we can read."""

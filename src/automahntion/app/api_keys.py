"""API keys: shown once, stored only as a hash."""

from __future__ import annotations

import hashlib

KEY_PREFIX = "amk_"
SHOWN_PREFIX_CHARS = 12


def hash_api_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


def shown_prefix(raw_key: str) -> str:
    """What lists may show of a key so that its owner recognises it."""
    return raw_key[:SHOWN_PREFIX_CHARS]


def looks_like_api_key(raw_key: str) -> bool:
    return raw_key.startswith(KEY_PREFIX) and len(raw_key) > len(KEY_PREFIX) + 20

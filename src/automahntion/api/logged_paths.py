"""How a request's path is written to the logs: never with the secrets some paths carry."""

from __future__ import annotations

from typing import Any

from litestar.types import Scope

SECRET_PATH_PARAMETERS = ("token",)
"""Path parameters that are secrets (feedback and e-mail confirmation links): never logged."""


def logged_path(scope: Scope) -> str:
    """The path without its query string and with secret path parameters masked."""
    path: str = scope["path"]
    parameters: dict[str, Any] = scope.get("path_params") or {}
    for name in SECRET_PATH_PARAMETERS:
        secret = parameters.get(name)
        if secret:
            path = path.replace(str(secret), "***")
    return path

"""The sandboxes the demo and `automahntion sandbox` run. They are a distribution of their own
(`sandboxes/` in this repository), installed for the tests, the demo and the compose file and
never in the runtime image; the product finds them by entry point and never imports them."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Protocol, cast

GROUP = "automahntion.sandboxes"


class SandboxesMissing(Exception):
    def __init__(self) -> None:
        super().__init__(
            "the sandboxes are not installed here (pip install -e ./sandboxes, or `make demo`)"
        )


class ServeSandbox(Protocol):
    def __call__(
        self, name: str, *, host: str, port: int, folder: Path, rate_per_second: float
    ) -> None: ...


class LexofficeApp(Protocol):
    def __call__(self, *, rate_per_second: float) -> Any:
        """An ASGI app: a fresh lexoffice sandbox."""


class MailSink(Protocol):
    def __call__(self, folder: Path) -> Any:
        """An aiosmtpd handler that keeps every message as an .eml file in `folder`."""


def _load(name: str) -> object:
    found = entry_points(group=GROUP, name=name)
    if not found:
        raise SandboxesMissing
    return next(iter(found)).load()


def serve_sandbox() -> ServeSandbox:
    return cast(ServeSandbox, _load("serve"))


def lexoffice_app() -> LexofficeApp:
    return cast(LexofficeApp, _load("lexoffice"))


def mail_sink() -> MailSink:
    return cast(MailSink, _load("mail"))

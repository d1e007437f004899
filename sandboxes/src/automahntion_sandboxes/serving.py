"""`automahntion sandbox NAME`: run one sandbox on a host and port until interrupted."""

from __future__ import annotations

from pathlib import Path


def serve(name: str, *, host: str, port: int, folder: Path, rate_per_second: float) -> None:
    """`folder` is where the mail catcher keeps its .eml files; `rate_per_second` is lexoffice's
    request limit per organization."""
    if name == "postal":
        from automahntion_sandboxes import postal

        postal.serve(host=host, port=port)
    elif name == "payments":
        from automahntion_sandboxes import payments

        payments.serve(host=host, port=port)
    elif name == "mail":
        from automahntion_sandboxes import mail

        mail.serve(host=host, port=port, folder=folder)
    elif name == "lexoffice":
        from automahntion_sandboxes import lexoffice

        lexoffice.serve(host=host, port=port, rate_per_second=rate_per_second)
    else:
        raise ValueError(f"no sandbox named {name!r}")

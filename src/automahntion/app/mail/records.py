"""A tenant's own SMTP server as stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class SmtpTls(StrEnum):
    STARTTLS = "starttls"
    TLS = "tls"
    NONE = "none"


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    from_address: str
    tls: SmtpTls = SmtpTls.STARTTLS
    username: str | None = None
    password: str | None = field(default=None, repr=False)

"""What the SMTP adapter raises besides the port's `MailRefused`."""

from __future__ import annotations

from automahntion.app.mail.ports import MailOutcomeUnknown

__all__ = ["MailOutcomeUnknown"]

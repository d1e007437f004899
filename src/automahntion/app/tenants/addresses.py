"""The e-mail addresses a tenant may enter: plain ASCII `local@domain`, one per value.

The pattern is also the API schema's, so that every address the schema admits is accepted
here too. A line break, comma or display name could add headers or recipients; none matches.
Non-ASCII domains are entered in their IDNA (punycode) form.
"""

from __future__ import annotations

import re

from automahntion.domain.errors import FieldProblem

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL_PATTERN = rf"^{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+$"
MAX_EMAIL_LENGTH = 254
MAX_ADDRESSES = 10

_EMAIL = re.compile(EMAIL_PATTERN)


def address_problem(field: str, value: object) -> FieldProblem | None:
    if not isinstance(value, str):
        return FieldProblem(field, "must be an e-mail address")
    if len(value) > MAX_EMAIL_LENGTH:
        return FieldProblem(field, f"must be at most {MAX_EMAIL_LENGTH} characters")
    if not _EMAIL.fullmatch(value):
        return FieldProblem(field, f"{value!r} is not a plain e-mail address (local@domain)")
    return None

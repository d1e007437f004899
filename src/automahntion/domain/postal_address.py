"""Whether a dunning letter can be posted to a contact's address (rule 8, post only for M-levels).

The print shop reads the address from the PDF's envelope window (DIN 5008, 85 mm wide): every
line must be there and fit. We post only inside Germany: the prices (3.85 / 6.20) and the
registered product (Einwurf-Einschreiben) are Deutsche Post's domestic ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_LINE = 40
"""Characters per line that fit the 85 mm window at 10 pt."""
HOME_COUNTRY = "DE"
_ZIP = re.compile(r"[0-9]{5}")


@dataclass(frozen=True)
class PostalAddress:
    street: str = ""
    zip: str = ""
    city: str = ""
    country_code: str = HOME_COUNTRY
    supplement: str = ""

    def lines(self, name: str) -> tuple[str, ...]:
        """The window's lines, top to bottom."""
        town = f"{self.zip.strip()} {self.city.strip()}".strip()
        parts = (name.strip(), self.supplement.strip(), self.street.strip(), town)
        return tuple(part for part in parts if part)


def address_problem(name: str, address: PostalAddress | None) -> str | None:
    """Why a letter to `name` at `address` cannot be printed, or None when it can."""
    if address is None:
        return "no postal address"
    fields = {
        "name": name,
        "street": address.street,
        "zip": address.zip,
        "city": address.city,
    }
    missing = [label for label, value in fields.items() if not value.strip()]
    if missing:
        return "missing " + ", ".join(missing)
    country = address.country_code.strip().upper() or HOME_COUNTRY
    if country != HOME_COUNTRY:
        return f"country {country}: letters go only to addresses in Germany"
    broken = [
        label
        for label, value in {**fields, "supplement": address.supplement}.items()
        if any(ch in value for ch in "\r\n\t")
    ]
    if broken:
        return "line break in " + ", ".join(broken)
    if not _ZIP.fullmatch(address.zip.strip()):
        return f"zip {address.zip.strip()!r} is not five digits"
    too_long = [line for line in address.lines(name) if len(line) > MAX_LINE]
    if too_long:
        return f"line longer than {MAX_LINE} characters: {too_long[0]!r}"
    return None

"""The letterhead's bank accounts and VAT id, checked once where they enter (the API, the CLI's
document) and kept in their electronic form: IBAN and BIC with `schwifty` (the ISO 13616
checksum and each country's BBAN layout; ISO 9362 for the BIC), the VAT id by its pattern."""

from __future__ import annotations

import re

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from automahntion.app.tenants.letterhead import BankAccount
from automahntion.domain.errors import FieldProblem

EU_VAT_PREFIXES = frozenset(
    {"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU"}
    | {"IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "XI"}
)
"""The member states' prefixes as VIES uses them (Greece `EL`, Northern Ireland `XI`)."""
GERMAN_VAT_ID = re.compile(r"DE[0-9]{9}")
"""USt-IdNr.: `DE` and nine digits."""
EU_VAT_ID = re.compile(rf"(?:{'|'.join(sorted(EU_VAT_PREFIXES))})[0-9A-Z]{{2,12}}")
"""Another member state's: its prefix and 2–12 letters or digits (no checksum is checked)."""
_SEPARATORS = re.compile(r"[\s.\-]")


def _compact(text: str) -> str:
    return _SEPARATORS.sub("", text).upper()


def vat_id_problem(vat_id: str) -> str | None:
    """Why `vat_id` (compact form) is no VAT id, or None; empty means "none"."""
    if not vat_id:
        return None
    if vat_id.startswith("DE"):
        return None if GERMAN_VAT_ID.fullmatch(vat_id) else "a German VAT id is DE and 9 digits"
    if EU_VAT_ID.fullmatch(vat_id):
        return None
    return "is no VAT id: an EU country prefix (DE, AT, …) and 2 to 12 letters or digits"


def checked_vat_id(vat_id: str, field: str) -> tuple[str, list[FieldProblem]]:
    compact = _compact(vat_id)
    problem = vat_id_problem(compact)
    return compact, [] if problem is None else [FieldProblem(field, problem)]


def _iban(text: str, field: str) -> tuple[str, list[FieldProblem]]:
    try:
        return IBAN(text).compact, []
    except SchwiftyException as error:
        return text, [FieldProblem(field, f"is no valid IBAN: {error}")]


def _bic(text: str, field: str) -> tuple[str, list[FieldProblem]]:
    try:
        return BIC(text).compact, []
    except SchwiftyException as error:
        return text, [FieldProblem(field, f"is no valid BIC: {error}")]


def checked_bank_account(
    iban: str, bic: str | None, bank_name: str, field: str
) -> tuple[BankAccount, list[FieldProblem]]:
    """`field` names the account (`bankAccounts[0]`); the problems name its parts."""
    electronic, problems = _iban(iban, f"{field}.iban")
    if bic is None or not bic.strip():
        return BankAccount(electronic, None, bank_name.strip()), problems
    code, bic_problems = _bic(bic, f"{field}.bic")
    return BankAccount(electronic, code, bank_name.strip()), problems + bic_problems

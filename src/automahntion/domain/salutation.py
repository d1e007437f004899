"""Whom a message greets: a person by title and last name, anyone else formally (rule 8)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Title(StrEnum):
    MS = "ms"
    MR = "mr"


_TITLES = {"frau": Title.MS, "herr": Title.MR}
"""lexoffice's `person.salutation`; anything else ("Divers", empty) greets formally."""


@dataclass(frozen=True, slots=True)
class Addressee:
    """A person lexoffice names with a title and a last name."""

    title: Title
    last_name: str


def addressee(salutation: str | None, last_name: str | None) -> Addressee | None:
    """From a lexoffice person's `salutation` and `lastName`; None when either is missing."""
    title = _TITLES.get((salutation or "").strip().rstrip(".").lower())
    name = " ".join((last_name or "").split())
    if title is None or not name:
        return None
    return Addressee(title, name)


_GERMAN = {Title.MS: "Sehr geehrte Frau", Title.MR: "Sehr geehrter Herr"}
_ENGLISH = {Title.MS: "Dear Ms", Title.MR: "Dear Mr"}


def salutation(person: Addressee | None, language: str) -> str:
    """`Sehr geehrte Frau Weber` / `Dear Ms Weber`; `Sehr geehrte Damen und Herren` /
    `Dear Sir or Madam` for companies and persons without a title."""
    english = language == "en"
    if person is None:
        return "Dear Sir or Madam" if english else "Sehr geehrte Damen und Herren"
    opening = (_ENGLISH if english else _GERMAN)[person.title]
    return f"{opening} {person.last_name}"

"""Every reason `address_problem` gives is told to the owner in German, none in English."""

from __future__ import annotations

import pytest

from automahntion.app.review.address_attention import german_problem
from automahntion.domain.postal_address import PostalAddress, address_problem

FINE = PostalAddress(street="Hauptstraße 1", zip="10115", city="Berlin")


@pytest.mark.parametrize(
    ("name", "address", "german"),
    [
        ("Kiosk", None, "der Kontakt hat keine Rechnungsanschrift"),
        ("Kiosk", PostalAddress(city="Berlin"), "in der Anschrift fehlt: Straße, PLZ"),
        ("", FINE, "in der Anschrift fehlt: Name"),
        (
            "Gasthof",
            PostalAddress(street="Hauptplatz 1", zip="6020", city="Innsbruck", country_code="AT"),
            "die Anschrift liegt nicht in Deutschland (AT); Briefe gehen nur ins Inland",
        ),
        (
            "Kiosk",
            PostalAddress(street="Haupt\nstraße 1", zip="10115", city="Berlin"),
            "Zeilenumbruch in: Straße",
        ),
        (
            "Kiosk",
            PostalAddress(street="Hauptstraße 1", zip="1011", city="Berlin"),
            "die PLZ '1011' hat nicht fünf Ziffern",
        ),
        (
            "Kiosk " * 10,
            FINE,
            "eine Zeile ist zu lang für das Adressfenster: '" + ("Kiosk " * 10).strip() + "'",
        ),
    ],
)
def test_each_reason_reads_in_german(name: str, address: PostalAddress | None, german: str) -> None:
    problem = address_problem(name, address)
    assert problem is not None
    assert german_problem(problem) == german


def test_no_contact_reads_in_german() -> None:
    assert german_problem("no contact") == "die Rechnung hat keinen Kontakt in lexoffice"

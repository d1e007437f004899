"""Rule 8: a person is greeted by title and name, anyone else formally."""

from __future__ import annotations

import pytest

from automahntion.domain.salutation import Addressee, Title, addressee, salutation


@pytest.mark.parametrize(
    ("given", "last_name", "expected"),
    [
        ("Frau", "Weber", Addressee(Title.MS, "Weber")),
        ("Herr", "von  Bülow ", Addressee(Title.MR, "von Bülow")),
        ("herr.", "Krüger", Addressee(Title.MR, "Krüger")),
        ("", "Weber", None),
        (None, "Weber", None),
        ("Divers", "Weber", None),
        ("Frau", "", None),
        ("Frau", None, None),
    ],
)
def test_the_addressee_comes_from_lexoffices_salutation_and_last_name(
    given: str | None, last_name: str | None, expected: Addressee | None
) -> None:
    assert addressee(given, last_name) == expected


def test_greetings_in_german_and_english() -> None:
    weber = Addressee(Title.MS, "Weber")
    krueger = Addressee(Title.MR, "Krüger")
    assert salutation(weber, "de") == "Sehr geehrte Frau Weber"
    assert salutation(krueger, "de") == "Sehr geehrter Herr Krüger"
    assert salutation(None, "de") == "Sehr geehrte Damen und Herren"
    assert salutation(weber, "en") == "Dear Ms Weber"
    assert salutation(krueger, "en") == "Dear Mr Krüger"
    assert salutation(None, "en") == "Dear Sir or Madam"

"""The letterhead as it enters: IBAN, BIC and VAT id checked and kept in their electronic form,
the logo checked as a picture, and stored settings that never carry the logo."""

from __future__ import annotations

import io
from dataclasses import replace

import msgspec
import pytest
from PIL import Image

from automahntion.api.bank_details import checked_bank_account, checked_vat_id
from automahntion.api.letterhead_schemas import BankAccountIn, LetterheadPatch, letterhead_change
from automahntion.api.logo_checks import MAX_LOGO_PIXELS, checked_logo, media_type_of
from automahntion.app.settings.changes import LetterheadChange, SettingsChange
from automahntion.app.settings.validation import normalized_settings
from automahntion.app.tenants.letterhead import MAX_LOGO_BYTES, BankAccount, Letterhead, Logo
from automahntion.app.tenants.records import TenantSettings
from automahntion.domain.errors import ValidationFailed

IBAN = "DE89 3704 0044 0532 0130 00"
SVG_HEAD = b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'


def png(width: int = 40, height: int = 20) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (200, 30, 30, 255)).save(out, "PNG")
    return out.getvalue()


def svg(inner: bytes) -> bytes:
    return SVG_HEAD + inner + b"</svg>"


def refusal(data: bytes, media_type: str) -> str:
    with pytest.raises(ValidationFailed) as refused:
        checked_logo(data, media_type)
    [problem] = refused.value.problems
    assert problem.field == "logo"
    return problem.message


def test_an_iban_and_bic_are_kept_in_their_electronic_form() -> None:
    account, problems = checked_bank_account(IBAN, "cobadeffxxx", " Commerzbank ", "a")
    assert problems == []
    assert account == BankAccount("DE89370400440532013000", "COBADEFFXXX", "Commerzbank")
    assert checked_bank_account(IBAN, " ", "", "a") == (
        BankAccount("DE89370400440532013000", None, ""),
        [],
    )


def test_an_iban_with_a_bad_checksum_and_a_bic_of_wrong_length_are_named() -> None:
    _, problems = checked_bank_account(
        "DE89 3704 0044 0532 0130 01", "COBADEF", "", "bankAccounts[1]"
    )
    assert [p.field for p in problems] == ["bankAccounts[1].iban", "bankAccounts[1].bic"]
    assert "checksum" in problems[0].message
    assert "length" in problems[1].message


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("DE123456789", "DE123456789"),
        ("de 123 456 789", "DE123456789"),
        ("ATU12345678", "ATU12345678"),
        ("", ""),
    ],
)
def test_vat_ids_of_the_eu_are_accepted_without_separators(given: str, stored: str) -> None:
    assert checked_vat_id(given, "vatId") == (stored, [])


@pytest.mark.parametrize(
    "given", ["DE12345678", "DE1234567890", "DEX23456789", "US123456789", "12"]
)
def test_other_vat_ids_are_refused(given: str) -> None:
    _, problems = checked_vat_id(given, "vatId")
    assert [p.field for p in problems] == ["vatId"]


def test_a_letterhead_patch_names_every_bad_value_and_keeps_what_it_leaves_out() -> None:
    bad = LetterheadPatch(
        vat_id="DE123",
        bank_accounts=[
            BankAccountIn(iban=IBAN),
            BankAccountIn(iban="DE00 3704 0044 0532 0130 00", bic="COBADEFF1"),
        ],
    )
    with pytest.raises(ValidationFailed) as refused:
        letterhead_change(bad, "letterhead.")
    assert [p.field for p in refused.value.problems] == [
        "letterhead.bankAccounts[1].iban",
        "letterhead.bankAccounts[1].bic",
        "letterhead.vatId",
    ]
    change = letterhead_change(LetterheadPatch(city="Berlin", vat_id="de123456789"))
    stored = Letterhead(street="Hauptstr. 1", logo=Logo("image/png", b"x"))
    after = change.applied_to(stored)
    assert (after.city, after.vat_id, after.street, after.logo) == (
        "Berlin",
        "DE123456789",
        "Hauptstr. 1",
        stored.logo,
    )


def test_letterhead_texts_are_trimmed() -> None:
    change = normalized_settings(
        SettingsChange(letterhead=LetterheadChange(city=" Berlin ", managing_directors=(" A ",)))
    )
    assert isinstance(change.letterhead, LetterheadChange)
    assert (change.letterhead.city, change.letterhead.managing_directors) == ("Berlin", ("A",))


def test_settings_stored_before_the_letterhead_read_with_an_empty_one() -> None:
    stored = b'{"sending_hour": 7}'
    assert msgspec.json.decode(stored, type=TenantSettings).letterhead == Letterhead()
    letterhead = Letterhead(
        city="Berlin",
        managing_directors=("Anna Weber",),
        bank_accounts=(BankAccount("DE89370400440532013000", "COBADEFFXXX"),),
    )
    settings = replace(TenantSettings(), letterhead=letterhead)
    again = msgspec.json.decode(msgspec.json.encode(settings), type=TenantSettings)
    assert again == settings


def test_a_png_logo_is_accepted_by_signature_and_decoding() -> None:
    data = png()
    assert media_type_of(data) == "image/png"
    assert checked_logo(data, "image/png; charset=binary") == Logo("image/png", data)


def test_a_png_with_a_wrong_signature_is_refused() -> None:
    assert "signature" in refusal(b"GIF89a\x00\x00" + png()[8:], "image/png")


def test_a_truncated_or_huge_png_is_refused() -> None:
    assert "readable" in refusal(png()[:60], "image/png")
    assert "pixels" in refusal(png(MAX_LOGO_PIXELS + 1, 1), "image/png")


def test_an_oversize_logo_is_refused() -> None:
    padding = b"<!--" + b"x" * MAX_LOGO_BYTES + b"-->"
    assert "bytes" in refusal(svg(padding), "image/svg+xml")


def test_a_logo_of_another_media_type_is_refused() -> None:
    assert "image/png or image/svg+xml" in refusal(png(), "image/gif")
    assert "empty" in refusal(b"", "image/png")


def test_a_plain_svg_logo_is_accepted() -> None:
    data = svg(b'<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="9" height="9"/>')
    assert checked_logo(data, "image/svg+xml") == Logo("image/svg+xml", data)


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (svg(b"<script>alert(1)</script>"), "<script>"),
        (svg(b'<rect onclick="alert(1)"/>'), "event attribute"),
        (SVG_HEAD.replace(b">", b' onload="alert(1)">', 1) + b"</svg>", "event attribute"),
        (svg(b'<image xlink:href="https://tracker.example/p.png"/>'), "outside itself"),
        (svg(b'<a href="javascript:alert(1)"><rect/></a>'), "outside itself"),
        (svg(b'<rect fill="url(https://x.example/f.svg#g)"/>'), "outside itself"),
        (svg(b"<style>@import url(https://x.example/a.css);</style>"), "style"),
        (svg(b"<foreignObject><p>hi</p></foreignObject>"), "<foreignobject>"),
        # SMIL sets a reference after the check: the checked attributes never name it
        (
            svg(b'<a><animate attributeName="href" values="#x;javascript:alert(1)"/></a>'),
            "animates",
        ),
        (
            svg(b'<image><set attributeName="xlink:href" to="https://x.example/p.png"/></image>'),
            "animates",
        ),
        (svg(b'<rect><set attributeName="onclick" to="alert(1)"/></rect>'), "animates"),
        # CSS escapes spell url( and @import so that no plain-text search finds them
        (svg(b'<rect style="fill:u\\72l(https://x.example/f.svg#g)"/>'), "escape"),
        (svg(b'<rect fill="u\\72l(https://x.example/f.svg#g)"/>'), "escape"),
        (svg(b'<style>@\\69mport "https://x.example/a.css";</style>'), "style"),
        (svg(b'<style>@IMPORT "https://x.example/a.css";</style>'), "style"),
        (svg(b'<style>@imp<x/>ort "https://x.example/a.css";</style>'), "style"),
        (b'<?xml-stylesheet href="https://x.example/a.css"?>' + svg(b""), "processing"),
        (b'<!DOCTYPE svg [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + svg(b"&e;"), "entities"),
        (b"<svg><rect/></svg>", "namespace"),
        (b"<svg", "well-formed"),
    ],
)
def test_an_svg_that_could_act_or_reach_out_is_refused(data: bytes, why: str) -> None:
    assert why in refusal(data, "image/svg+xml")

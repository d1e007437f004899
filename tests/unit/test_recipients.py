"""Rule 2: who receives the messages for an invoice, or why nobody can."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from automahntion.domain.recipients import (
    Blocked,
    BlockReason,
    Contact,
    DebtorKind,
    EmailAddresses,
    Recipient,
    RecipientPolicy,
    choose_recipient,
)

FIRST = RecipientPolicy.FIRST_AVAILABLE
STRICT = RecipientPolicy.BUSINESS_ONLY
MISSING = Blocked(BlockReason.MISSING_EMAIL)


def contact(
    *,
    business: tuple[str, ...] = (),
    office: tuple[str, ...] = (),
    private: tuple[str, ...] = (),
    other: tuple[str, ...] = (),
) -> Contact:
    return Contact(
        lexoffice_id="c-1",
        name="Muster GmbH",
        emails=EmailAddresses(business=business, office=office, private=private, other=other),
    )


ALL_GROUPS = contact(
    business=("rechnung@muster.de", "chef@muster.de"),
    office=("buero@muster.de",),
    private=("max@privat.de",),
    other=("info@muster.de",),
)


# --- the model ----------------------------------------------------------------------------


def test_policy_and_reason_values() -> None:
    assert RecipientPolicy("first_available") is FIRST
    assert RecipientPolicy("business_only") is STRICT
    assert BlockReason.MISSING_EMAIL.value == "missing_email"
    assert BlockReason.NO_CONTACT.value == "no_contact"


def test_contact_defaults() -> None:
    c = Contact(lexoffice_id="c-9", name="Erika Mustermann")
    assert c.emails == EmailAddresses()
    assert c.kind is DebtorKind.BUSINESS


# --- no contact ---------------------------------------------------------------------------


@pytest.mark.parametrize("policy", [FIRST, STRICT])
def test_no_contact_is_blocked_no_contact(policy: RecipientPolicy) -> None:
    assert choose_recipient(None, policy) == Blocked(BlockReason.NO_CONTACT)


# --- business address first ---------------------------------------------------------------


@pytest.mark.parametrize("policy", [FIRST, STRICT])
def test_first_business_address_wins(policy: RecipientPolicy) -> None:
    assert choose_recipient(ALL_GROUPS, policy) == Recipient("rechnung@muster.de")


@pytest.mark.parametrize("policy", [FIRST, STRICT])
def test_business_beats_every_other_group(policy: RecipientPolicy) -> None:
    c = contact(
        business=("z@business.de",),
        office=("a@office.de",),
        private=("a@private.de",),
        other=("a@other.de",),
    )
    assert choose_recipient(c, policy) == Recipient("z@business.de")


@pytest.mark.parametrize("policy", [FIRST, STRICT])
def test_unusable_first_business_address_falls_to_the_next_business_one(
    policy: RecipientPolicy,
) -> None:
    c = contact(business=("kein-at-zeichen", "zweite@muster.de"), office=("buero@muster.de",))
    assert choose_recipient(c, policy) == Recipient("zweite@muster.de")


# --- fallbacks under FIRST_AVAILABLE ------------------------------------------------------


@pytest.mark.parametrize(
    ("c", "expected"),
    [
        pytest.param(
            contact(office=("buero@muster.de",), private=("p@x.de",), other=("o@x.de",)),
            "buero@muster.de",
            id="office-before-private-and-other",
        ),
        pytest.param(
            contact(private=("max@privat.de", "zwei@privat.de"), other=("o@x.de",)),
            "max@privat.de",
            id="private-before-other",
        ),
        pytest.param(
            contact(other=("info@muster.de", "zwei@muster.de")),
            "info@muster.de",
            id="other-last",
        ),
        pytest.param(
            contact(office=("buero@muster.de", "b2@muster.de"), other=("o@x.de",)),
            "buero@muster.de",
            id="first-office",
        ),
        pytest.param(
            contact(business=("kaputt",), private=("p@x.de",)),
            "p@x.de",
            id="unusable-business-falls-back",
        ),
        pytest.param(
            contact(office=("kaputt",), private=("p@x.de",), other=("o@x.de",)),
            "p@x.de",
            id="unusable-office-falls-to-private",
        ),
        pytest.param(
            contact(office=("kaputt",), private=("a\nb@x.de",), other=("o@x.de",)),
            "o@x.de",
            id="unusable-office-and-private-fall-to-other",
        ),
    ],
)
def test_fallback_order_under_first_available(c: Contact, expected: str) -> None:
    assert choose_recipient(c, FIRST) == Recipient(expected)


# --- BUSINESS_ONLY refuses the fallbacks --------------------------------------------------


@pytest.mark.parametrize(
    "c",
    [
        pytest.param(contact(office=("buero@muster.de",)), id="office"),
        pytest.param(contact(private=("max@privat.de",)), id="private"),
        pytest.param(contact(other=("info@muster.de",)), id="other"),
        pytest.param(
            contact(office=("a@x.de",), private=("b@x.de",), other=("c@x.de",)), id="all-three"
        ),
        pytest.param(
            contact(business=("kaputt", " "), office=("buero@muster.de",)),
            id="unusable-business",
        ),
    ],
)
def test_business_only_refuses_fallbacks(c: Contact) -> None:
    assert choose_recipient(c, STRICT) == MISSING
    # The same contact does have a fallback under the lenient rule.
    assert isinstance(choose_recipient(c, FIRST), Recipient)


@pytest.mark.parametrize("policy", [FIRST, STRICT])
def test_contact_without_any_address_is_missing_email(policy: RecipientPolicy) -> None:
    assert choose_recipient(contact(), policy) == MISSING


@pytest.mark.parametrize("policy", [FIRST, STRICT])
def test_contact_with_only_unusable_addresses_is_missing_email(policy: RecipientPolicy) -> None:
    c = contact(
        business=("", "   "),
        office=("keine-adresse",),
        private=("a@b.de\r\nBcc: x@y.de",),
        other=("x@y.de\nBcc: z@y.de",),
    )
    assert choose_recipient(c, policy) == MISSING


# --- address hygiene ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  rechnung@muster.de  ", "rechnung@muster.de"),
        ("\trechnung@muster.de", "rechnung@muster.de"),
        ("rechnung@muster.de ", "rechnung@muster.de"),
    ],
)
def test_whitespace_is_stripped(raw: str, expected: str) -> None:
    assert choose_recipient(contact(business=(raw,)), STRICT) == Recipient(expected)
    assert choose_recipient(contact(other=(raw,)), FIRST) == Recipient(expected)


@pytest.mark.parametrize(
    "bad",
    [
        "rechnung.muster.de",
        "",
        "   ",
        "a@b.de\r\nBcc: evil@example.com",
        "a@b.de\nBcc: evil@example.com",
        "a@b.de\rBcc: evil@example.com",
        "rech\nnung@muster.de",
    ],
)
def test_addresses_without_at_or_with_line_breaks_are_skipped(bad: str) -> None:
    c = contact(business=(bad, "gut@muster.de"))
    assert choose_recipient(c, STRICT) == Recipient("gut@muster.de")
    assert choose_recipient(contact(business=(bad,)), STRICT) == MISSING
    assert choose_recipient(contact(office=(bad,), other=("o@x.de",)), FIRST) == Recipient("o@x.de")


def test_chosen_address_never_carries_line_breaks() -> None:
    result = choose_recipient(contact(business=("a@b.de\r\nBcc: evil@example.com",)), FIRST)
    assert result == MISSING


# --- properties ---------------------------------------------------------------------------

_address = st.one_of(
    st.sampled_from(
        [
            "a@x.de",
            "b@y.de",
            " c@z.de ",
            "kein-at",
            "",
            "   ",
            "d@x.de\r\nBcc: e@x.de",
            "f\n@x.de",
            "g@x.de\r",
        ]
    ),
    st.text(alphabet="ab@ \r\n.", max_size=8),
)
_group = st.lists(_address, max_size=3).map(tuple)
contacts = st.builds(contact, business=_group, office=_group, private=_group, other=_group)


def _usable(raw: str) -> bool:
    cleaned = raw.strip()
    return "@" in cleaned and "\r" not in cleaned and "\n" not in cleaned


def _first_usable(groups: list[tuple[str, ...]]) -> str | None:
    for group in groups:
        for raw in group:
            if _usable(raw):
                return raw.strip()
    return None


@given(c=contacts, policy=st.sampled_from(RecipientPolicy))
def test_chosen_address_is_clean_and_from_the_contact(c: Contact, policy: RecipientPolicy) -> None:
    result = choose_recipient(c, policy)
    if isinstance(result, Recipient):
        assert "@" in result.address
        assert "\r" not in result.address
        assert "\n" not in result.address
        assert result.address == result.address.strip()
        pool = c.emails.business
        if policy is FIRST:
            pool += c.emails.office + c.emails.private + c.emails.other
        assert result.address in {raw.strip() for raw in pool}
    else:
        assert result == MISSING


@given(c=contacts)
def test_choice_follows_group_order(c: Contact) -> None:
    e = c.emails
    strict = _first_usable([e.business])
    lenient = _first_usable([e.business, e.office, e.private, e.other])
    assert choose_recipient(c, STRICT) == (MISSING if strict is None else Recipient(strict))
    assert choose_recipient(c, FIRST) == (MISSING if lenient is None else Recipient(lenient))


@given(c=contacts)
def test_business_only_never_finds_more_than_first_available(c: Contact) -> None:
    strict = choose_recipient(c, STRICT)
    if isinstance(strict, Recipient):
        assert choose_recipient(c, FIRST) == strict

"""Rule 3: optional "one message per customer" bundling of the day's due messages."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from automahntion.domain.bundling import Bundle, DueMessage, bundle
from automahntion.domain.levels import LEVELS, Level


def msg(invoice_id: str, contact_id: str | None, level: Level) -> DueMessage:
    return DueMessage(invoice_id, contact_id, level)


def by_contact(bundles: list[Bundle]) -> dict[str | None, Bundle]:
    result = {b.contact_id: b for b in bundles}
    assert len(result) == len(bundles), "one bundle per contact expected"
    return result


DUE = [
    msg("inv-1", "c-A", Level.R1),
    msg("inv-2", "c-A", Level.M2),
    msg("inv-3", "c-B", Level.R3),
    msg("inv-4", "c-A", Level.M1),
]


# --- off (the default): one message per invoice ---------------------------------------------


def test_without_bundling_each_message_is_its_own_bundle() -> None:
    assert bundle(DUE, per_customer=False) == [
        Bundle("c-A", Level.R1, (DUE[0],)),
        Bundle("c-A", Level.M2, (DUE[1],)),
        Bundle("c-B", Level.R3, (DUE[2],)),
        Bundle("c-A", Level.M1, (DUE[3],)),
    ]


def test_without_bundling_messages_without_contact_stay_single() -> None:
    due = [msg("inv-1", None, Level.R1), msg("inv-2", None, Level.R2)]
    assert bundle(due, per_customer=False) == [
        Bundle(None, Level.R1, (due[0],)),
        Bundle(None, Level.R2, (due[1],)),
    ]


def test_nothing_due_gives_no_bundles() -> None:
    assert bundle([], per_customer=False) == []
    assert bundle([], per_customer=True) == []


# --- on: one message per contact -------------------------------------------------------------


def test_per_customer_gives_one_bundle_per_contact() -> None:
    bundles = bundle(DUE, per_customer=True)
    assert len(bundles) == 2
    groups = by_contact(bundles)
    assert set(groups) == {"c-A", "c-B"}
    assert sorted(m.invoice_id for m in groups["c-A"].items) == ["inv-1", "inv-2", "inv-4"]
    assert [m.invoice_id for m in groups["c-B"].items] == ["inv-3"]


def test_per_customer_bundle_is_written_at_the_highest_level() -> None:
    groups = by_contact(bundle(DUE, per_customer=True))
    assert groups["c-A"].level is Level.M2
    assert groups["c-B"].level is Level.R3


def test_each_item_keeps_its_own_level() -> None:
    groups = by_contact(bundle(DUE, per_customer=True))
    assert {m.invoice_id: m.level for m in groups["c-A"].items} == {
        "inv-1": Level.R1,
        "inv-2": Level.M2,
        "inv-4": Level.M1,
    }
    assert set(groups["c-A"].items) == {DUE[0], DUE[1], DUE[3]}


def test_highest_level_follows_level_order_not_string_order() -> None:
    # As strings "R2" > "M1"; the bundle must still be an M1 (a formal Mahnung).
    due = [msg("inv-1", "c-A", Level.R2), msg("inv-2", "c-A", Level.M1)]
    [only] = bundle(due, per_customer=True)
    assert only.level is Level.M1
    due = [msg("inv-1", "c-A", Level.R6), msg("inv-2", "c-A", Level.R5)]
    assert bundle(due, per_customer=True)[0].level is Level.R6


def test_a_single_invoice_of_a_contact_is_a_bundle_of_one() -> None:
    due = [msg("inv-9", "c-Z", Level.M3)]
    assert bundle(due, per_customer=True) == [Bundle("c-Z", Level.M3, (due[0],))]


def test_messages_without_contact_are_never_bundled_together() -> None:
    due = [
        msg("inv-1", None, Level.R1),
        msg("inv-2", None, Level.M1),
        msg("inv-3", "c-A", Level.R1),
        msg("inv-4", "c-A", Level.R2),
    ]
    bundles = bundle(due, per_customer=True)
    assert len(bundles) == 3
    singles = [b for b in bundles if b.contact_id is None]
    assert sorted((b.items[0].invoice_id, b.level) for b in singles) == [
        ("inv-1", Level.R1),
        ("inv-2", Level.M1),
    ]
    assert all(len(b.items) == 1 for b in singles)
    [contact_bundle] = [b for b in bundles if b.contact_id == "c-A"]
    assert contact_bundle.level is Level.R2
    assert len(contact_bundle.items) == 2


# --- properties --------------------------------------------------------------------------------

CONTACTS = st.one_of(st.none(), st.sampled_from(["c-A", "c-B", "c-C"]))


@st.composite
def due_lists(draw: st.DrawFn) -> list[DueMessage]:
    entries = draw(st.lists(st.tuples(CONTACTS, st.sampled_from(LEVELS)), max_size=12))
    return [msg(f"inv-{i}", contact, level) for i, (contact, level) in enumerate(entries)]


@given(due_lists(), st.booleans())
def test_every_due_message_is_in_exactly_one_bundle(due: list[DueMessage], on: bool) -> None:
    bundles = bundle(due, per_customer=on)
    items = [m for b in bundles for m in b.items]
    assert sorted(items, key=lambda m: m.invoice_id) == sorted(due, key=lambda m: m.invoice_id)
    for b in bundles:
        assert b.items, "no empty bundles"
        assert all(m.contact_id == b.contact_id for m in b.items)
        assert b.level == max((m.level for m in b.items), key=LEVELS.index)


@given(due_lists())
def test_per_customer_bundles_each_contact_once(due: list[DueMessage]) -> None:
    bundles = bundle(due, per_customer=True)
    named = [b.contact_id for b in bundles if b.contact_id is not None]
    assert sorted(named) == sorted({m.contact_id for m in due if m.contact_id is not None})
    assert [len(b.items) for b in bundles if b.contact_id is None] == [
        1 for m in due if m.contact_id is None
    ]


@given(due_lists())
def test_without_bundling_there_is_one_bundle_per_message(due: list[DueMessage]) -> None:
    bundles = bundle(due, per_customer=False)
    assert [(b.contact_id, b.level, b.items) for b in bundles] == [
        (m.contact_id, m.level, (m,)) for m in due
    ]

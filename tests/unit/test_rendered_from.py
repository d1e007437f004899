"""What a message was rendered from, recorded as versioned JSON and read back unchanged."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import replace
from datetime import date

import pytest

from automahntion.adapters.db.repositories.rendered_from import decoded, encoded
from automahntion.adapters.templates import SAMPLE_FACTS, SandboxedTemplateRenderer
from automahntion.app.mail.rendering import InvoiceLine
from automahntion.app.messages.records import RenderedFrom
from automahntion.domain.default_texts import DEFAULT_TEMPLATES
from automahntion.domain.interest import Charge, ChargeKind
from automahntion.domain.levels import Level

BUNDLE = replace(
    SAMPLE_FACTS,
    invoice_number="RE-1, RE-2",
    fees=(
        *SAMPLE_FACTS.fees,
        Charge("Zinsen", 1_23, "9,12 %", date(2026, 7, 1), kind=ChargeKind.INTEREST),
    ),
    items=(
        InvoiceLine("RE-1", date(2026, 1, 5), date(2026, 1, 19), 100_00),
        InvoiceLine("RE-2", date(2026, 1, 9), date(2026, 1, 23), 19_00),
    ),
)


@pytest.mark.parametrize("language", ["de", "en", None])
def test_the_facts_come_back_equal(language: str | None) -> None:
    recorded = RenderedFrom(BUNDLE, language)
    assert decoded(encoded(recorded)) == recorded


def test_every_field_of_the_facts_is_recorded_with_a_version_tag() -> None:
    text = encoded(RenderedFrom(BUNDLE, "de"))
    assert text is not None
    record = json.loads(text)
    assert record["version"] == 1
    assert set(record["facts"]) == {f.name for f in dataclasses.fields(BUNDLE)}
    assert "body" not in text


def test_a_rebuilt_message_hashes_as_the_one_rendered_from_the_same_facts() -> None:
    renderer = SandboxedTemplateRenderer()
    template = DEFAULT_TEMPLATES[Level.M1].for_language("de")
    restored = decoded(encoded(RenderedFrom(BUNDLE, "de")))
    assert restored is not None
    again = renderer.render(template, restored.facts)
    assert again.sha256 == renderer.render(template, BUNDLE).sha256


def test_nothing_recorded_reads_as_none_and_an_unknown_version_is_refused() -> None:
    assert encoded(None) is None
    assert decoded(None) is None
    text = encoded(RenderedFrom(BUNDLE, "de"))
    assert text is not None
    with pytest.raises(ValueError, match="version 2"):
        decoded(text.replace('"version":1', '"version":2'))

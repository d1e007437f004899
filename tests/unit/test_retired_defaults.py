"""Stored texts that are still an earlier release's defaults are upgraded to today's; texts a
tenant edited are not."""

from __future__ import annotations

import re

import pytest

from automahntion.domain.default_texts import DEFAULT_TEMPLATES, is_retired_default
from automahntion.domain.levels import LEVELS, Level
from automahntion.domain.templates import LevelTemplates, Template

ATTACHED = re.compile(r"\{% if document_attached %\}.*?\{% endif %\}.*?\{% endif %\}")
"""The sentence naming the attached document (its inner bundle switch ends first)."""


def _without_attachment(template: Template) -> Template:
    return Template(template.subject, ATTACHED.sub("", template.body))


@pytest.mark.parametrize("level", LEVELS, ids=lambda level: level.value)
def test_todays_defaults_are_not_retired(level: Level) -> None:
    assert not is_retired_default(DEFAULT_TEMPLATES[level])


@pytest.mark.parametrize("level", [Level.M1, Level.M2, Level.M3], ids=lambda level: level.value)
def test_the_dunning_texts_from_before_they_named_their_attachment_are_retired(
    level: Level,
) -> None:
    today = DEFAULT_TEMPLATES[level]
    assert today.en is not None
    assert "document_attached" in today.de.body
    assert "document_attached" in today.en.body
    earlier = LevelTemplates(_without_attachment(today.de), _without_attachment(today.en))

    assert "document_attached" not in earlier.de.body
    assert is_retired_default(earlier)


def test_an_edited_dunning_text_is_kept() -> None:
    today = DEFAULT_TEMPLATES[Level.M1]
    edited = LevelTemplates(Template(today.de.subject, today.de.body + "\nPS"), today.en)
    assert not is_retired_default(edited)

"""A tenant's typed changes: what a change leaves alone, how values are stored, and the rules
only the app can check."""

from __future__ import annotations

from automahntion.app.settings.changes import AccountChange, LevelChange, SettingsChange
from automahntion.app.settings.validation import (
    account_problems,
    normalized_account,
    normalized_settings,
    template_problems,
)
from automahntion.app.tenants.records import TenantSettings
from automahntion.domain.levels import Level, LevelSetting


def test_a_change_touches_only_the_fields_given() -> None:
    stored = TenantSettings(sending_hour=7, reply_to="a@b.de", bundesland="BY")
    assert SettingsChange().applied_to(stored) == stored
    change = SettingsChange(sending_hour=16, reply_to=None)
    assert change.given() == {"sending_hour", "reply_to"}
    assert change.applied_to(stored) == TenantSettings(
        sending_hour=16, reply_to=None, bundesland="BY"
    )


def test_a_level_change_keeps_the_level_and_the_fields_not_given() -> None:
    stored = LevelSetting(Level.M2, enabled=True, days_after_due=28, by_post=True)
    assert LevelChange(fee_cents=500).applied_to(stored) == LevelSetting(
        Level.M2, enabled=True, days_after_due=28, by_post=True, fee_cents=500
    )


def test_single_line_texts_are_trimmed_and_addresses_kept_once() -> None:
    change = normalized_settings(
        SettingsChange(
            cc=("b@x.de", "a@x.de", "b@x.de"),
            feedback_question="  Wie war es?  ",
            thank_you_subject=" Danke ",
            thank_you_body=" Hallo\n",
            payment_details=" IBAN ",
        )
    )
    assert change.cc == ("b@x.de", "a@x.de")
    assert (change.feedback_question, change.thank_you_subject) == ("Wie war es?", "Danke")
    assert (change.thank_you_body, change.payment_details) == (" Hallo\n", " IBAN ")
    assert normalized_account(AccountChange(name=" Bäckerei ")).name == "Bäckerei"


def test_a_name_that_reorders_its_text_is_refused() -> None:
    assert account_problems(AccountChange(name="Bäckerei")) == []
    assert [p.field for p in account_problems(AccountChange(name="Bank\u202eknaB"))] == ["name"]
    assert account_problems(AccountChange(billing_email="a@b.de")) == []


def test_thank_you_templates_are_tried_and_need_the_renderer() -> None:
    change = SettingsChange(thank_you_subject="{{ nope }}", thank_you_body="Danke")
    problems = template_problems(change, lambda text: "unknown" if "nope" in text else None)
    assert [(p.field, p.message) for p in problems] == [("thankYouSubject", "unknown")]
    unchecked = template_problems(SettingsChange(thank_you_body="Danke"), None)
    assert [(p.field, p.message) for p in unchecked] == [("thankYouBody", "cannot be checked here")]
    assert template_problems(SettingsChange(sending_hour=3), None) == []

"""Why a lexoffice connection was lost: German for the tenant, English for the operator, one
stable code; the English texts stored before there were codes read back typed."""

from __future__ import annotations

import pytest

from automahntion.app.lexoffice.disconnect_reasons import DisconnectCode, DisconnectReason

EVERY = [DisconnectReason(code, "invalid_grant") for code in DisconnectCode]


@pytest.mark.parametrize("reason", EVERY, ids=lambda r: r.code.value)
def test_a_stored_reason_reads_back_the_same(reason: DisconnectReason) -> None:
    assert DisconnectReason.decode(reason.encode()) == reason


@pytest.mark.parametrize("reason", EVERY, ids=lambda r: r.code.value)
def test_the_tenant_reads_german_without_the_operators_detail(reason: DisconnectReason) -> None:
    assert "invalid_grant" not in reason.german
    assert "invalid_grant" in reason.english
    assert not {"the", "token", "refused", "revoked", "by"} & set(reason.german.split())


@pytest.mark.parametrize(
    ("stored", "code", "german"),
    [
        (
            "lexoffice revoked the token",
            DisconnectCode.REVOKED,
            "lexoffice hat den Zugriff widerrufen",
        ),
        (
            "disconnected by the tenant",
            DisconnectCode.BY_TENANT,
            "Sie haben die Verbindung getrennt",
        ),
        (
            "lexoffice refused the refresh token (invalid_grant)",
            DisconnectCode.REFRESH_REFUSED,
            "lexoffice hat die Anmeldung nicht mehr angenommen",
        ),
        ("the API key was revoked", DisconnectCode.OTHER, "lexoffice hat die Verbindung beendet"),
    ],
)
def test_an_english_text_stored_before_codes_reads_back_typed(
    stored: str, code: DisconnectCode, german: str
) -> None:
    reason = DisconnectReason.decode(stored)
    assert reason.code is code
    assert reason.german == german
    assert reason.english == stored

from __future__ import annotations

import pytest

from automahntion.adapters.crypto import FernetSecretBox, derive_key
from automahntion.app.access.secret_box import SecretUnreadable

KEY = "k" * 40


def test_a_sealed_secret_opens_to_the_same_text() -> None:
    box = FernetSecretBox(KEY)
    assert box.open(box.seal("Passwort mit Umlaut ä")) == "Passwort mit Umlaut ä"


def test_sealing_twice_gives_different_ciphertexts_without_the_plaintext() -> None:
    box = FernetSecretBox(KEY)
    first, second = box.seal("token-123"), box.seal("token-123")
    assert first != second
    assert "token-123" not in first


def test_another_key_cannot_open_it() -> None:
    sealed = FernetSecretBox(KEY).seal("token-123")
    with pytest.raises(SecretUnreadable):
        FernetSecretBox("o" * 40).open(sealed)


@pytest.mark.parametrize("garbage", ["", "not a token", "gAAAAA-tampered", "ä"])
def test_garbage_is_unreadable_not_a_crash(garbage: str) -> None:
    with pytest.raises(SecretUnreadable):
        FernetSecretBox(KEY).open(garbage)


def test_the_key_is_derived_deterministically_and_differs_per_secret() -> None:
    assert derive_key(KEY) == derive_key(KEY)
    assert derive_key(KEY) != derive_key(KEY + "x")


def test_a_fingerprint_is_stable_and_needs_the_key() -> None:
    box = FernetSecretBox(KEY)
    assert box.fingerprint("body") == FernetSecretBox(KEY).fingerprint("body")
    assert len(box.fingerprint("body")) == 64
    assert box.fingerprint("body") != box.fingerprint("body ")
    assert box.fingerprint("body") != FernetSecretBox("o" * 40).fingerprint("body")

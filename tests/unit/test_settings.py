from __future__ import annotations

from dataclasses import fields
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from automahntion.bootstrap.settings import Settings, SettingsError

SECRET = "s" * 40


def test_defaults_are_the_embedded_setup() -> None:
    settings = Settings.from_env({}, env_file=None)
    assert settings.database_url == "sqlite:///./automahntion.sqlite3"
    assert settings.redis_url is None
    assert settings.lexoffice_api_url == "https://api.lexware.io"
    assert (settings.lexoffice_rate, settings.mail_tls) == (2.0, "starttls")
    assert settings.smtp_allow_private_hosts is False
    assert settings.environment == "production"


def test_values_are_read_and_converted() -> None:
    settings = Settings.from_env(
        {
            "AUTOMAHNTION_DATABASE_URL": "postgresql://u@db/automahntion",
            "AUTOMAHNTION_REDIS_URL": "redis://127.0.0.1:6379/0",
            "AUTOMAHNTION_MAIL_PORT": "2525",
            "AUTOMAHNTION_LEXOFFICE_RATE": "0.5",
            "AUTOMAHNTION_SMTP_ALLOW_PRIVATE_HOSTS": "true",
            "AUTOMAHNTION_MAIL_TLS": "none",
            "SENTRY_DSN": "https://key@sentry.example/1",
            "AUTOMAHNTION_ENVIRONMENT": "staging",
        },
        env_file=None,
    )
    assert settings.database_url == "postgresql://u@db/automahntion"
    assert (settings.mail_port, settings.lexoffice_rate) == (2525, 0.5)
    assert settings.smtp_allow_private_hosts is True
    assert settings.sentry_dsn == "https://key@sentry.example/1"
    assert settings.environment == "staging"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("AUTOMAHNTION_DATABASE_URL", "mysql://x", "AUTOMAHNTION_DATABASE_URL must start with"),
        ("AUTOMAHNTION_REDIS_URL", "http://x", "AUTOMAHNTION_REDIS_URL must start with"),
        ("AUTOMAHNTION_MAIL_PORT", "0", "AUTOMAHNTION_MAIL_PORT must be a port number"),
        ("AUTOMAHNTION_MAIL_PORT", "smtp", "AUTOMAHNTION_MAIL_PORT must be a port number"),
        ("AUTOMAHNTION_LEXOFFICE_RATE", "-1", "AUTOMAHNTION_LEXOFFICE_RATE must be greater"),
        ("AUTOMAHNTION_LEXOFFICE_RATE", "fast", "AUTOMAHNTION_LEXOFFICE_RATE must be a number"),
        ("AUTOMAHNTION_MAIL_TLS", "ssl", "AUTOMAHNTION_MAIL_TLS must be one of"),
        ("AUTOMAHNTION_SMTP_ALLOW_PRIVATE_HOSTS", "maybe", "must be true or false"),
        ("AUTOMAHNTION_SECRET_KEY", "short", "AUTOMAHNTION_SECRET_KEY must be at least 32"),
        ("AUTOMAHNTION_PUBLIC_URL", "127.0.0.1:8000", "AUTOMAHNTION_PUBLIC_URL must be an http"),
        ("AUTOMAHNTION_LEXOFFICE_RATE", "nan", "AUTOMAHNTION_LEXOFFICE_RATE must be greater"),
        ("AUTOMAHNTION_LEXOFFICE_RATE", "inf", "AUTOMAHNTION_LEXOFFICE_RATE must be greater"),
        ("AUTOMAHNTION_MAIL_FROM", "no-reply", "AUTOMAHNTION_MAIL_FROM must be a plain e-mail"),
        ("AUTOMAHNTION_MAIL_FROM", "Shop <a@b.example>", "AUTOMAHNTION_MAIL_FROM must be"),
        ("SENTRY_DSN", "notadsn", "SENTRY_DSN is not a Sentry DSN"),
        ("SENTRY_DSN", "https://sentry.example/1", "SENTRY_DSN is not a Sentry DSN"),
        (
            "AUTOMAHNTION_LEXOFFICE_WEBHOOK_PUBLIC_KEY",
            "/no/such/key.pem",
            "AUTOMAHNTION_LEXOFFICE_WEBHOOK_PUBLIC_KEY is not a readable RSA public key",
        ),
        (
            "AUTOMAHNTION_LEXOFFICE_WEBHOOK_PUBLIC_KEY",
            "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----",
            "AUTOMAHNTION_LEXOFFICE_WEBHOOK_PUBLIC_KEY is not a readable RSA public key",
        ),
    ],
)
def test_a_bad_setting_names_the_variable(variable: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message) as refused:
        Settings.from_env({variable: value}, env_file=None)
    assert "\n" not in str(refused.value)


URL_SETTINGS = [
    f"AUTOMAHNTION_{spec.name.upper()}"
    for spec in fields(Settings)
    if spec.name.endswith("_url") and spec.name not in ("database_url", "redis_url")
]


def test_every_url_setting_is_checked() -> None:
    assert len(URL_SETTINGS) == 7
    for variable in URL_SETTINGS:
        for value in ("notaurl", "http://", "https:///path", "ftp://host.example", "http://[::1"):
            with pytest.raises(SettingsError, match=f"^{variable} must be an http") as refused:
                Settings.from_env({variable: value}, env_file=None)
            assert "\n" not in str(refused.value)
        good = Settings.from_env({variable: "https://host.example:8443/base"}, env_file=None)
        assert getattr(good, variable.removeprefix("AUTOMAHNTION_").lower()).endswith("/base")


def test_the_secret_key_is_required_where_secrets_are_kept() -> None:
    with pytest.raises(SettingsError, match="AUTOMAHNTION_SECRET_KEY is not set"):
        Settings.from_env({}, env_file=None).require_secret_key()
    keyed = Settings.from_env({"AUTOMAHNTION_SECRET_KEY": SECRET}, env_file=None)
    assert keyed.require_secret_key() == SECRET


def test_a_dotenv_file_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "AUTOMAHNTION_MAIL_HOST=mail.from-file.example\nAUTOMAHNTION_MAIL_PORT=465\n"
    )
    settings = Settings.from_env({"AUTOMAHNTION_MAIL_PORT": "587"}, env_file=env_file)
    assert (settings.mail_host, settings.mail_port) == ("mail.from-file.example", 587)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("AUTOMAHNTION_MAIL_TLS=none\nnot a setting\n", 2),
        ('AUTOMAHNTION_SECRET_KEY="geheim-und-lang\n', 1),
        ("\xff\xfe=1\n", 0),
    ],
)
def test_an_unreadable_dotenv_line_stops_start_up_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, line: int
) -> None:
    """python-dotenv skipped such a line with a plain warning on stderr, and its setting (here
    the TLS mode, or the secret key) silently took its default."""
    env_file = tmp_path / ".env"
    env_file.write_bytes(text.encode("latin-1"))
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({}, env_file=env_file)
    message = str(refused.value)
    assert message.startswith(str(env_file))
    assert (f"line {line} is not NAME=value" in message) if line else ("cannot be read" in message)
    assert "\n" not in message
    assert "geheim" not in message
    assert capsys.readouterr().err == ""


def test_secrets_do_not_show_in_the_settings_repr() -> None:
    settings = Settings.from_env(
        {"AUTOMAHNTION_SECRET_KEY": SECRET, "AUTOMAHNTION_MAIL_PASSWORD": "pw-123456"},
        env_file=None,
    )
    assert SECRET not in repr(settings)
    assert "pw-123456" not in repr(settings)


def test_the_base_rate_file_is_read_once_when_the_settings_are_validated(tmp_path: Path) -> None:
    rates = tmp_path / "basiszins.txt"
    rates.write_text("2027-01-01 1.02\n", encoding="utf-8")
    settings = Settings.from_env({"AUTOMAHNTION_BASE_RATES_FILE": str(rates)}, env_file=None)
    rates.unlink()
    assert settings.base_rate_table.confirmed_through == date(2027, 6, 30)


def test_the_base_rate_file_adds_half_years(tmp_path: Path) -> None:
    rates = tmp_path / "basiszins.txt"
    rates.write_text("# Basiszinssatz\n2026-07-01 1.27\n2027-01-01 1.02\n", encoding="utf-8")
    settings = Settings.from_env({"AUTOMAHNTION_BASE_RATES_FILE": str(rates)}, env_file=None)
    table = settings.base_rate_table
    assert table.confirmed_through == date(2027, 6, 30)
    assert table.periods(date(2027, 1, 1), date(2027, 1, 1)) == [
        (date(2027, 1, 1), date(2027, 1, 1), Decimal("1.02"))
    ]
    assert Settings.from_env({}, env_file=None).base_rate_table.confirmed_through == date(
        2026, 6, 30
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "AUTOMAHNTION_BASE_RATES_FILE cannot be read: "),
        ("2026-07-01 1.27\n2026-09-01 1.0\n", "line 2: 2026-09-01 is not 1 January or 1 July"),
        ("2025-07-01 9.99\n", "2025-07-01: 9.99 % contradicts the published 1.27 %"),
    ],
)
def test_a_bad_base_rate_file_stops_start_up_in_one_line(
    tmp_path: Path, content: str | None, message: str
) -> None:
    rates = tmp_path / "basiszins.txt"
    if content is not None:
        rates.write_text(content, encoding="utf-8")
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({"AUTOMAHNTION_BASE_RATES_FILE": str(rates)}, env_file=None)
    assert str(refused.value).startswith("AUTOMAHNTION_BASE_RATES_FILE")
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)

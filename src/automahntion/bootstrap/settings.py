"""Typed settings, read once from the environment (and a `.env` file) at start-up."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cached_property
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values
from dotenv.parser import parse_stream
from sentry_sdk.utils import BadDsn, Dsn

from automahntion.adapters.lexoffice.webhooks import LexofficeWebhookVerifier, load_public_key
from automahntion.adapters.mail.message import check_address
from automahntion.app.mail.ports import MailRefused
from automahntion.domain.interest import (
    BaseRateLineInvalid,
    BaseRateTable,
    parse_base_rates,
    with_operator_rates,
)

PREFIX = "AUTOMAHNTION_"
MIN_SECRET_KEY_CHARS = 32
MAIL_TLS_MODES = ("starttls", "tls", "none")
Networks = tuple[IPv4Network | IPv6Network, ...]


class SettingsError(Exception):
    """A bad or missing setting; the message is one line naming the variable."""


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///./automahntion.sqlite3"
    redis_url: str | None = None
    secret_key: str | None = field(default=None, repr=False)
    public_url: str = "http://127.0.0.1:8000"
    lexoffice_api_url: str = "https://api.lexware.io"
    lexoffice_authorize_url: str = "https://app.lexware.de/oauth2/authorize"
    lexoffice_token_url: str = "https://app.lexware.de/oauth2/token"
    lexoffice_revoke_url: str = "https://app.lexware.de/oauth2/revoke"
    lexoffice_client_id: str | None = None
    lexoffice_client_secret: str | None = field(default=None, repr=False)
    lexoffice_webhook_public_key: str | None = None
    lexoffice_rate: float = 2.0
    mail_host: str = "127.0.0.1"
    mail_port: int = 25
    mail_from: str = "no-reply@automahntion.invalid"
    mail_user: str | None = None
    mail_password: str | None = field(default=None, repr=False)
    mail_tls: str = "starttls"
    postal_api_url: str | None = None
    postal_api_key: str | None = field(default=None, repr=False)
    """Pingen's OAuth client as `CLIENT_ID:CLIENT_SECRET`."""
    postal_webhook_secret: str | None = field(default=None, repr=False)
    """The signing key of the postal provider's webhooks (HMAC-SHA256 of the body)."""
    payments_api_url: str | None = None
    payments_api_key: str | None = field(default=None, repr=False)
    payments_webhook_secret: str | None = field(default=None, repr=False)
    smtp_allow_private_hosts: bool = False
    webhook_allow_loopback: bool = False
    """Webhook endpoints on this machine (`http://127.0.0.1…`, `localhost`): tests, a local
    receiver. Other private addresses are always refused."""
    documents_dir: str = "./automahntion-documents"
    sentry_dsn: str | None = None
    environment: str = "production"
    """Where this deployment runs (`production`, `staging`, …): the environment of its Sentry
    events."""
    api_rate_limit: int = 600
    """Requests per minute per API key, access token or (without one) client address."""
    trusted_proxies: str | None = None
    """Comma-separated addresses or CIDR networks of the reverse proxies in front of `serve`:
    only a request from one of them has its client address read from `X-Forwarded-For`."""
    base_rates_file: str | None = None
    """Half-years of the § 247 BGB base rate published after this release, one per line."""

    @cached_property
    def base_rate_table(self) -> BaseRateTable:
        """The published table, extended by the operator's file: read once, when the settings
        are validated at start-up."""
        variable = _variable("base_rates_file")
        if not self.base_rates_file:
            return BaseRateTable()
        try:
            text = Path(self.base_rates_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise SettingsError(f"{variable} cannot be read: {error}") from None
        try:
            return with_operator_rates(BaseRateTable(), parse_base_rates(text))
        except BaseRateLineInvalid as error:
            raise SettingsError(f"{variable} ({self.base_rates_file}): {error}") from None

    def require_secret_key(self) -> str:
        if not self.secret_key:
            raise SettingsError(
                f"{PREFIX}SECRET_KEY is not set (it encrypts tokens and passwords at rest)"
            )
        return self.secret_key

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
    ) -> Settings:
        """The process environment wins over the `.env` file."""
        values: dict[str, str] = {}
        if env_file is not None and env_file.is_file():
            values.update(_env_file_values(env_file))
        values.update(os.environ if environ is None else environ)
        return _parse(values)


def _env_file_values(env_file: Path) -> dict[str, str]:
    """A line python-dotenv cannot read would be skipped with a warning of its own (a plain
    line on stderr) and its setting left at the default: it stops start-up instead. The line
    itself is not shown, it may hold a secret."""
    try:
        with env_file.open(encoding="utf-8") as stream:
            unreadable = [b.original.line for b in parse_stream(stream) if b.error]
        if unreadable:
            raise SettingsError(
                f"{env_file} line {unreadable[0]} is not NAME=value "
                "(a quote left open, a space in a name, …)"
            )
        return {k: v for k, v in dotenv_values(env_file).items() if v is not None}
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"{env_file} cannot be read: {error}") from None


def _variable(field: str) -> str:
    return "SENTRY_DSN" if field == "sentry_dsn" else f"{PREFIX}{field.upper()}"


def _parse(values: Mapping[str, str]) -> Settings:
    given: dict[str, object] = {}
    for spec in fields(Settings):
        variable = _variable(spec.name)
        raw = values.get(variable, "").strip()
        if raw:
            given[spec.name] = _convert(spec.name, str(spec.type), variable, raw)
    settings = Settings(**given)  # type: ignore[arg-type]
    _check(settings)
    return settings


_INT_RANGES = {"api_rate_limit": (1, 10**9, "a number of requests per minute")}
_PORT = (1, 65535, "a port number")


def _convert(name: str, kind: str, variable: str, raw: str) -> object:
    if kind == "int":
        low, high, what = _INT_RANGES.get(name, _PORT)
        if not raw.isdigit() or not low <= int(raw) <= high:
            raise SettingsError(f"{variable} must be {what} from {low} to {high}, not {raw!r}")
        return int(raw)
    if kind == "float":
        try:
            number = float(raw)
        except ValueError:
            raise SettingsError(f"{variable} must be a number, not {raw!r}") from None
        if not math.isfinite(number) or number <= 0:
            raise SettingsError(f"{variable} must be greater than 0 and finite, not {raw!r}")
        return number
    if kind == "bool":
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise SettingsError(f"{variable} must be true or false, not {raw!r}")
    return raw


def _check(settings: Settings) -> None:
    scheme = urlsplit(settings.database_url).scheme
    if scheme not in ("sqlite", "postgresql", "postgres"):
        raise SettingsError(
            f"{_variable('database_url')} must start with sqlite:/// or postgresql://, "
            f"not {settings.database_url!r}"
        )
    if settings.redis_url and urlsplit(settings.redis_url).scheme not in ("redis", "rediss"):
        raise SettingsError(f"{_variable('redis_url')} must start with redis:// or rediss://")
    if settings.mail_tls not in MAIL_TLS_MODES:
        raise SettingsError(
            f"{_variable('mail_tls')} must be one of {', '.join(MAIL_TLS_MODES)}, "
            f"not {settings.mail_tls!r}"
        )
    if settings.secret_key is not None and len(settings.secret_key) < MIN_SECRET_KEY_CHARS:
        raise SettingsError(
            f"{_variable('secret_key')} must be at least {MIN_SECRET_KEY_CHARS} characters long"
        )
    for name in _URLS:
        url = getattr(settings, name)
        if url is not None and not _is_http_url(url):
            raise SettingsError(f"{_variable(name)} must be an http(s) URL, not {url!r}")
    try:
        check_address("From", settings.mail_from)
    except MailRefused:
        raise SettingsError(
            f"{_variable('mail_from')} must be a plain e-mail address (local@domain), "
            f"not {settings.mail_from!r}"
        ) from None
    _check_outside_keys(settings)
    try:
        trusted_networks(settings.trusted_proxies)
    except ValueError as error:
        raise SettingsError(
            f"{_variable('trusted_proxies')} must be a comma-separated list of addresses or "
            f"CIDR networks: {error}"
        ) from None
    if settings.postal_api_key is not None and ":" not in settings.postal_api_key.strip(":"):
        raise SettingsError(f"{_variable('postal_api_key')} must be CLIENT_ID:CLIENT_SECRET")
    _ = settings.base_rate_table


_URLS = (
    "public_url",
    "lexoffice_api_url",
    "lexoffice_authorize_url",
    "lexoffice_token_url",
    "lexoffice_revoke_url",
    "postal_api_url",
    "payments_api_url",
)


def _is_http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:
        return False


def _check_outside_keys(settings: Settings) -> None:
    """The lexoffice webhook key and the Sentry DSN are read at start-up, not at first use."""
    key = settings.lexoffice_webhook_public_key
    if key:
        try:
            LexofficeWebhookVerifier(load_public_key(key))
        except (OSError, ValueError) as error:
            raise SettingsError(
                f"{_variable('lexoffice_webhook_public_key')} is not a readable RSA public key: "
                f"{' '.join(str(error).split())}"
            ) from None
    if settings.sentry_dsn:
        try:
            Dsn(settings.sentry_dsn)
        except BadDsn as error:
            raise SettingsError(f"{_variable('sentry_dsn')} is not a Sentry DSN: {error}") from None


def trusted_networks(raw: str | None) -> Networks:
    """The networks of `AUTOMAHNTION_TRUSTED_PROXIES`; ValueError for a malformed entry."""
    return tuple(ip_network(part.strip()) for part in (raw or "").split(",") if part.strip())

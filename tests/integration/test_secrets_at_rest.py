"""OAuth tokens, API keys of lexoffice and SMTP passwords never reach the database in clear."""

from __future__ import annotations

import sqlite3
import subprocess

from automahntion.app.lexoffice.records import ConnectionKind, LexofficeConnection
from automahntion.app.mail.records import SmtpServer
from automahntion.bootstrap.database import Database
from tests.integration.helpers import NOW, new_tenant

ACCESS = "lexoffice-access-token-7f3a9c"
REFRESH = "lexoffice-refresh-token-b81d2e"
PRIVATE_KEY = "lexoffice-private-api-key-55aa10"
PASSWORD = "smtp-passwort-Geheim-42"


def _dump(url: str) -> str:
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            return "\n".join(connection.iterdump())
    done = subprocess.run(
        ["pg_dump", "--data-only", url], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


async def test_a_dump_shows_no_token_or_password(database: Database) -> None:
    oauth = await new_tenant(database)
    keyed = await new_tenant(database)
    async with database.unit_of_work() as uow:
        await uow.tenant(oauth.id).connection.save(
            LexofficeConnection(
                ConnectionKind.OAUTH, access_token=ACCESS, refresh_token=REFRESH, expires_at=NOW
            )
        )
        await uow.tenant(keyed.id).connection.save(
            LexofficeConnection(ConnectionKind.API_KEY, api_key=PRIVATE_KEY)
        )
        await uow.tenant(oauth.id).smtp.save(
            SmtpServer("smtp.example", 587, "a@b.example", username="user", password=PASSWORD)
        )
    dump = _dump(database.url)
    assert "smtp.example" in dump
    for secret in (ACCESS, REFRESH, PRIVATE_KEY, PASSWORD):
        assert secret not in dump
    async with database.unit_of_work() as uow:
        connection = await uow.tenant(oauth.id).connection.get()
        server = await uow.tenant(oauth.id).smtp.get()
    assert connection is not None
    assert (connection.access_token, connection.refresh_token) == (ACCESS, REFRESH)
    assert server is not None
    assert server.password == PASSWORD

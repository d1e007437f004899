"""Every message the demo sends is rebuilt from its recorded facts and template version to its
recorded hash: an e-mail's text, a letter's PDF (made again from its recorded letterhead,
address and day, with lexoffice's dunning from the document store behind our cover)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from uuid import UUID

import httpx
import pytest

from automahntion.adapters.clock import AsOfClock
from automahntion.app.messages.rebuild import letter_making, rebuild
from automahntion.app.tenants.records import NewTenant
from automahntion.app.tenants.signup import create_tenant
from automahntion.bootstrap.container import Container
from automahntion.bootstrap.settings import Settings
from automahntion.cli.as_of import parse_as_of
from automahntion.cli.pipeline import DEMO_API_KEY
from automahntion.domain.day_plan import Channel
from tests.integration.conftest import SECRET_KEY, run_cli
from tests.integration.lexoffice_env import TestClock, free_port, serving_api

AS_OF = "2026-11-27"
OTHER_KEY = "amk_" + "m" * 43


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    command = ["demo", "--no-serve", "--out", str(out), "--as-of", AS_OF]
    done = subprocess.run(
        [sys.executable, "-m", "automahntion", *command],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out / "automahntion.sqlite3"


def _messages(database: Path) -> list[tuple[UUID, UUID, str, str, str | None, str]]:
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT m.id, m.tenant, m.level, m.channel, m.content_sha256, i.voucher_number "
            "FROM sent_message m JOIN invoice i ON i.id = m.invoice WHERE m.state = 'sent'"
        ).fetchall()
    return [(UUID(str(r[0])), UUID(str(r[1])), r[2], r[3], r[4], r[5]) for r in rows]


async def test_every_sent_message_is_rebuilt_to_its_recorded_hash(demo_database: Path) -> None:
    messages = _messages(demo_database)
    kinds = {(level[0], channel) for _, _, level, channel, _, _ in messages}
    assert kinds == {("R", "email"), ("M", "email"), ("M", "letter")}
    settings = Settings(
        database_url=f"sqlite:///{demo_database}",
        secret_key=SECRET_KEY,
        documents_dir=str(demo_database.parent / "documents"),
    )
    container = await Container.start(settings, AsOfClock(parse_as_of(AS_OF)))
    try:
        for message_id, tenant, _, channel, recorded, number in messages:
            rebuilt = await rebuild(
                container.database.unit_of_work,
                container.dunning.templates,
                tenant,
                message_id,
                letter_making(container.dunning.renderer, container.dunning.files),
            )
            assert number in rebuilt.rendered.subject
            assert recorded is not None
            if channel == Channel.EMAIL:
                assert rebuilt.rendered.sha256 == recorded, number
            else:
                assert rebuilt.letter_sha256 == recorded, number
            assert rebuilt.matches, number
        letters = [m for m in messages if m[3] == Channel.LETTER]
        assert letters, "the demo posts a letter"
    finally:
        await container.stop()


def test_messages_show_prints_the_rebuilt_message_and_its_hash(demo_database: Path) -> None:
    message_id, _, _, _, recorded, number = next(
        m for m in _messages(demo_database) if m[5] == "RE-2026-087"
    )
    done = run_cli("messages", "show", str(message_id), database_url=f"sqlite:///{demo_database}")
    assert done.returncode == 0, done.stderr
    assert f"sha256 {recorded} equals the recorded hash" in done.stdout
    assert f"Subject: 1. Mahnung: Rechnung {number}" in done.stdout


def test_an_unknown_message_id_ends_with_one_line(demo_database: Path) -> None:
    unknown = "00000000-0000-0000-0000-000000000017"
    done = run_cli("messages", "show", unknown, database_url=f"sqlite:///{demo_database}")
    assert done.returncode != 0
    assert done.stderr.strip().splitlines()[-1].endswith(f"no message {unknown}")


async def test_the_api_rebuilds_its_own_tenants_message_and_404s_any_other(
    demo_database: Path,
) -> None:
    message_id, _, _, _, recorded, number = next(
        m for m in _messages(demo_database) if m[5] == "RE-2026-087"
    )
    settings = Settings(
        database_url=f"sqlite:///{demo_database}",
        secret_key=SECRET_KEY,
        public_url=f"http://127.0.0.1:{free_port()}",
    )
    container = await Container.start(settings, TestClock())
    try:
        await create_tenant(
            container.database.unit_of_work,
            NewTenant("Metzgerei", "chef@metzgerei.example"),
            container.clock.now(),
            OTHER_KEY,
        )
    finally:
        await container.stop()
    with serving_api(settings) as url:
        mine = _get(url, DEMO_API_KEY, f"/v1/messages/{message_id}")
        foreign = _get(url, OTHER_KEY, f"/v1/messages/{message_id}")
        unknown = _get(url, DEMO_API_KEY, "/v1/messages/00000000-0000-0000-0000-000000000017")
    assert mine.status_code == 200, mine.text
    body = mine.json()
    assert body["contentSha256"] == recorded
    assert body["rebuilt"]["sha256"] == recorded
    assert body["matchesRecorded"] is True
    assert body["rebuilt"]["subject"] == f"1. Mahnung: Rechnung {number}"
    for refused in (foreign, unknown):
        assert refused.status_code == 404
        assert refused.headers["content-type"].startswith("application/problem+json")


def _get(url: str, key: str, path: str) -> httpx.Response:
    with httpx.Client(
        base_url=url, headers={"Authorization": f"Bearer {key}"}, trust_env=False
    ) as api:
        return api.get(path)

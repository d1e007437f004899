"""`automahntion migrate` and `tenants create|list` against real databases, run as a user would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from automahntion.app.access.credentials import hash_api_key, looks_like_api_key
from automahntion.bootstrap.database import Database
from tests.integration.conftest import SECRET_KEY, run_cli


@pytest.fixture(params=["sqlite", "postgres"])
def url(request: pytest.FixtureRequest) -> str:
    return str(request.getfixturevalue(f"migrated_{request.param}_url"))


async def test_tenants_create_prints_id_and_a_key_that_is_stored_only_hashed(url: str) -> None:
    done = run_cli(
        "tenants",
        "create",
        "--name",
        "Bäckerei",
        "--email",
        "chef@b.example",
        "--plan",
        "business",
        database_url=url,
    )
    assert done.returncode == 0, done.stderr
    created = json.loads(done.stdout)
    assert created["name"] == "Bäckerei"
    assert created["plan"] == "business"
    assert looks_like_api_key(created["api_key"])
    database = Database.connect(url, SECRET_KEY)
    await database.start()
    try:
        async with database.unit_of_work() as uow:
            found = await uow.tenants.active_api_key(hash_api_key(created["api_key"]))
            levels = await uow.tenant(found.tenant_id).levels.settings() if found else []
    finally:
        await database.stop()
    assert found is not None
    assert str(found.tenant_id) == created["id"]
    assert len(levels) == 9


def test_tenants_list_shows_one_line_per_tenant(url: str) -> None:
    for name in ("Café Morgenrot", "Hotel Lindenhof"):
        assert (
            run_cli(
                "tenants", "create", "--name", name, "--email", "a@b.example", database_url=url
            ).returncode
            == 0
        )
    listed = run_cli("tenants", "list", database_url=url)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.strip().splitlines()
    assert len(lines) == 2
    assert (
        "Café Morgenrot  starter  not connected  not activated  0/10 admitted  0 waiting"
        in lines[0]
    )


def test_bad_input_is_one_line_and_stores_nothing(url: str) -> None:
    done = run_cli("tenants", "create", "--name", " ", "--email", "nope", database_url=url)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "automahntion: name: must not be empty; email: 'nope' is not an e-mail address"
    ]
    assert run_cli("tenants", "list", database_url=url).stdout == ""


def test_commands_on_an_unmigrated_database_say_to_migrate(tmp_path: Path) -> None:
    done = run_cli("tenants", "list", database_url=f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "automahntion: the database has no (or an old) schema: run `automahntion migrate` first"
    ]


def test_tenant_commands_need_the_secret_key(tmp_path: Path) -> None:
    done = run_cli(
        "tenants",
        "list",
        database_url=f"sqlite:///{tmp_path / 'x.sqlite3'}",
        AUTOMAHNTION_SECRET_KEY="",
    )
    assert done.returncode == 2
    assert "AUTOMAHNTION_SECRET_KEY is not set" in done.stderr

"""Settings, levels and templates on both engines: each GET answers an `ETag` derived from what
it shows, `If-None-Match` gets 304 while it holds, and a write with a stale `If-Match` is
refused with 412 without writing anything (RFC 9110 13.1) — however the change was made."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from tests.integration.api_callers import Callers, bearer
from tests.integration.conftest import run_cli

pytest_plugins = ["tests.integration.api_callers"]

TEMPLATE = {"subject": "Erinnerung {{ invoice_number }}", "body": "Guten Tag,\nbitte zahlen.\n"}


async def _get(callers: Callers, path: str, **headers: str) -> httpx.Response:
    return await callers.http.get(path, headers={**bearer(callers.api_key), **headers})


async def _write(
    callers: Callers, method: str, path: str, body: Any, **headers: str
) -> httpx.Response:
    return await callers.http.request(
        method, path, json=body, headers={**bearer(callers.api_key), **headers}
    )


async def _etag(callers: Callers, path: str) -> str:
    answer = await _get(callers, path)
    assert answer.status_code == 200, answer.text
    etag = answer.headers["etag"]
    assert etag.startswith('"'), "a strong validator"
    return etag


def _refused(answer: httpx.Response) -> None:
    assert answer.status_code == 412, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["type"] == "/problems/precondition-failed"


async def test_the_second_of_two_writers_holding_the_same_etag_gets_412(callers: Callers) -> None:
    first = await _etag(callers, "/v1/settings")
    assert await _etag(callers, "/v1/settings") == first, "stable while nothing changes"
    second = first

    written = await _write(
        callers, "PATCH", "/v1/settings", {"sendingHour": 7}, **{"If-Match": first}
    )
    assert written.status_code == 200, written.text
    assert written.headers["etag"] != first
    assert written.headers["etag"] == await _etag(callers, "/v1/settings")

    lost = await _write(
        callers, "PATCH", "/v1/settings", {"sendingHour": 11}, **{"If-Match": second}
    )
    _refused(lost)
    assert (await _get(callers, "/v1/settings")).json()["sendingHour"] == 7, "nothing written"

    again = await _write(
        callers,
        "PATCH",
        "/v1/settings",
        {"sendingHour": 11},
        **{"If-Match": f'"other", {written.headers["etag"]}'},
    )
    assert again.status_code == 200, again.text


async def test_levels_share_one_etag_and_refuse_a_stale_write(callers: Callers) -> None:
    held = await _etag(callers, "/v1/levels")
    changed = await _write(
        callers, "PATCH", "/v1/levels/R2", {"enabled": True}, **{"If-Match": held}
    )
    assert changed.status_code == 200, changed.text
    assert changed.headers["etag"] == await _etag(callers, "/v1/levels")

    _refused(
        await _write(callers, "PATCH", "/v1/levels/R3", {"enabled": True}, **{"If-Match": held})
    )
    levels = (await _get(callers, "/v1/levels")).json()
    assert [lv["enabled"] for lv in levels if lv["level"] == "R3"] == [False]

    whole = [{k: v for k, v in lv.items() if k != "template"} for lv in levels]
    whole[-1]["daysAfterDue"] += 1
    _refused(await _write(callers, "PUT", "/v1/levels", whole, **{"If-Match": held}))
    assert (await _get(callers, "/v1/levels")).json() == levels, "nothing written"
    current = changed.headers["etag"]
    replaced = await _write(callers, "PUT", "/v1/levels", whole, **{"If-Match": current})
    assert replaced.status_code == 200, replaced.text
    assert replaced.headers["etag"] == await _etag(callers, "/v1/levels")


async def test_a_template_written_since_is_not_overwritten(callers: Callers) -> None:
    path = "/v1/levels/M1/templates"
    held = await _etag(callers, path)
    saved = await _write(callers, "PUT", "/v1/levels/M1/template", TEMPLATE, **{"If-Match": held})
    assert saved.status_code == 200, saved.text
    assert saved.headers["etag"] == await _etag(callers, path)
    versions = (await _get(callers, path)).json()

    other = {**TEMPLATE, "subject": "Mahnung {{ invoice_number }}"}
    _refused(await _write(callers, "PUT", "/v1/levels/M1/template", other, **{"If-Match": held}))
    assert (await _get(callers, path)).json() == versions, "no version added"
    assert (await _get(callers, "/v1/levels/R1/templates")).headers["etag"] != held


async def test_if_match_star_weak_and_absent(callers: Callers) -> None:
    held = await _etag(callers, "/v1/settings")
    _refused(
        await _write(
            callers, "PATCH", "/v1/settings", {"sendingHour": 8}, **{"If-Match": f"W/{held}"}
        )
    )
    star = await _write(callers, "PATCH", "/v1/settings", {"sendingHour": 8}, **{"If-Match": "*"})
    assert star.status_code == 200, star.text
    plain = await _write(callers, "PATCH", "/v1/settings", {"sendingHour": 9})
    assert plain.status_code == 200, "without If-Match the write is unconditional"
    assert (await _get(callers, "/v1/settings")).json()["sendingHour"] == 9


async def test_if_none_match_is_answered_304_while_the_etag_holds(callers: Callers) -> None:
    for path in ("/v1/settings", "/v1/levels", "/v1/levels/R1/templates"):
        etag = await _etag(callers, path)
        for held in (etag, f"W/{etag}", f'"other", {etag}', "*"):
            answer = await _get(callers, path, **{"If-None-Match": held})
            assert answer.status_code == 304, (path, held)
            assert answer.content == b""
            assert answer.headers["etag"] == etag
        assert (await _get(callers, path, **{"If-None-Match": '"other"'})).status_code == 200
    etag = await _etag(callers, "/v1/settings")
    await _write(callers, "PATCH", "/v1/settings", {"minGapDays": 9})
    assert (await _get(callers, "/v1/settings", **{"If-None-Match": etag})).status_code == 200


async def test_a_change_by_the_command_line_changes_the_etag(
    callers: Callers, tmp_path: Path
) -> None:
    settings = await _etag(callers, "/v1/settings")
    levels = await _etag(callers, "/v1/levels")
    file = tmp_path / "tenant.json"
    file.write_text(
        json.dumps({"settings": {"sendingHour": 6}, "levels": {"M2": {"feeCents": 250}}})
    )
    done = run_cli(
        "tenants",
        "configure",
        str(callers.tenant_id),
        "--json",
        str(file),
        database_url=callers.container.settings.database_url,
    )
    assert done.returncode == 0, done.stderr
    assert await _etag(callers, "/v1/settings") != settings
    assert await _etag(callers, "/v1/levels") != levels
    _refused(
        await _write(callers, "PATCH", "/v1/settings", {"sendingHour": 8}, **{"If-Match": settings})
    )
    assert (await _get(callers, "/v1/settings")).json()["sendingHour"] == 6


async def test_a_412_is_not_kept_for_its_idempotency_key(callers: Callers) -> None:
    """412 changed nothing, like the other refusals that are not kept: the client that read the
    current `ETag` retries the same change with the same key and gets it done, not the 412
    replayed for 24 hours (the key's digest holds method, path and body, not `If-Match`)."""
    stale = await _etag(callers, "/v1/settings")
    await _write(callers, "PATCH", "/v1/settings", {"minGapDays": 8})
    key = {"Idempotency-Key": "raise-sending-hour"}
    _refused(
        await _write(
            callers, "PATCH", "/v1/settings", {"sendingHour": 12}, **key, **{"If-Match": stale}
        )
    )
    current = await _etag(callers, "/v1/settings")
    retried = await _write(
        callers, "PATCH", "/v1/settings", {"sendingHour": 12}, **key, **{"If-Match": current}
    )
    assert retried.status_code == 200, retried.text
    assert "idempotent-replayed" not in retried.headers
    assert (await _get(callers, "/v1/settings")).json()["sendingHour"] == 12

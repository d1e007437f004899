"""`GET /v1/levels/{level}/template-versions` pages like the other lists of `/v1`, on both engines:
`limit` (default 50, at most 250) and an opaque `cursor`, `{items, nextCursor}`, oldest version
first; a version saved during a walk is neither doubled nor lost; a malformed cursor or limit is
a 422 problem naming it. The `ETag` is the history's, the same on every page."""

from __future__ import annotations

from typing import Any

import httpx

from automahntion.domain.levels import Level
from automahntion.domain.templates import LevelTemplates, Template
from tests.integration.api_callers import Callers, bearer

pytest_plugins = ["tests.integration.api_callers"]

PATH = "/v1/levels/M1/template-versions"


async def _get(callers: Callers, path: str, **params: Any) -> httpx.Response:
    return await callers.http.get(path, params=params, headers=bearer(callers.api_key))


async def _page(callers: Callers, **params: Any) -> dict[str, Any]:
    answer = await _get(callers, PATH, **params)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    assert set(body) == {"items", "nextCursor"}
    return body


def _versions(page: dict[str, Any]) -> list[int]:
    return [item["version"] for item in page["items"]]


async def _save(callers: Callers, n: int) -> None:
    saved = await callers.http.put(
        "/v1/levels/M1/template",
        json={"subject": f"Mahnung {n} {{{{ invoice_number }}}}", "body": f"Fassung {n}"},
        headers=bearer(callers.api_key),
    )
    assert saved.status_code == 200, saved.text


async def test_the_versions_come_in_pages_oldest_first(callers: Callers) -> None:
    for n in range(2, 6):
        await _save(callers, n)
    first = await _get(callers, PATH, limit=2)
    second = await _get(callers, PATH, limit=2, cursor=first.json()["nextCursor"])
    third = await _get(callers, PATH, limit=2, cursor=second.json()["nextCursor"])
    everything = await _page(callers)

    pages = [first.json(), second.json(), third.json()]
    assert [_versions(p) for p in pages] == [[1, 2], [3, 4], [5]]
    assert pages[2]["nextCursor"] is None
    assert pages[0]["nextCursor"] != pages[1]["nextCursor"]
    assert _versions(everything) == [1, 2, 3, 4, 5]
    assert everything["nextCursor"] is None
    assert everything["items"][4]["subject"] == "Mahnung 5 {{ invoice_number }}"
    assert {p.headers["etag"] for p in (first, second, third)} == {
        (await _get(callers, PATH)).headers["etag"]
    }, "one ETag for the history, on every page"


async def test_the_default_page_holds_50_and_a_limit_up_to_250(callers: Callers) -> None:
    units = callers.container.database.unit_of_work
    async with units() as uow:
        levels = uow.tenant(callers.tenant_id).levels
        for n in range(2, 53):
            text = Template(f"Mahnung {n}", f"Fassung {n}")
            await levels.add_template_version(Level.M1, LevelTemplates(text), callers.clock.now())
    default = await _page(callers)
    rest = await _page(callers, cursor=default["nextCursor"])
    widest = await _page(callers, limit=250)

    assert _versions(default) == list(range(1, 51))
    assert _versions(rest) == [51, 52]
    assert rest["nextCursor"] is None
    assert _versions(widest) == list(range(1, 53))
    assert widest["nextCursor"] is None


async def test_a_walk_sees_a_version_saved_meanwhile_once_and_misses_none(
    callers: Callers,
) -> None:
    for n in range(2, 6):
        await _save(callers, n)
    walked: list[int] = []
    params: dict[str, Any] = {"limit": 2}
    saved_meanwhile = False
    while True:
        page = await _page(callers, **params)
        walked += _versions(page)
        if not saved_meanwhile:
            await _save(callers, 6)
            saved_meanwhile = True
        if page["nextCursor"] is None:
            break
        params = {"limit": 2, "cursor": page["nextCursor"]}
    assert walked == [1, 2, 3, 4, 5, 6]


async def test_a_malformed_cursor_or_limit_is_a_422_naming_it(callers: Callers) -> None:
    await _save(callers, 2)
    refused = {
        "cursor": await _get(callers, PATH, cursor="!!!"),
        "cursor ": await _get(callers, PATH, cursor="abc"),
        "limit": await _get(callers, PATH, limit=0),
        "limit ": await _get(callers, PATH, limit=251),
        "limit  ": await _get(callers, PATH, limit="viele"),
    }
    for field, answer in refused.items():
        assert answer.status_code == 422, (field, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
        problem = answer.json()
        assert problem["type"] == "/problems/validation-failed", problem
        assert [e["field"] for e in problem["errors"]] == [field.strip()], problem

    beyond_the_end = await _page(callers, cursor=b"999".hex())
    not_ours = await _page(callers, cursor=b"zz".hex())
    assert beyond_the_end == {"items": [], "nextCursor": None}
    assert _versions(not_ours) == [1, 2], "a cursor not of ours names the start, as for events"


async def test_the_first_routes_bare_list_still_answers_every_version(callers: Callers) -> None:
    """`/v1` keeps what it first promised: `GET …/templates` is a bare array of every version
    (deprecated), tagged like the pages, so its `ETag` still guards `PUT …/template`."""
    for n in range(2, 5):
        await _save(callers, n)
    whole = await _get(callers, "/v1/levels/M1/templates")
    paged = await _get(callers, PATH, limit=2)

    assert whole.status_code == 200, whole.text
    assert [v["version"] for v in whole.json()] == [1, 2, 3, 4]
    assert whole.headers["ETag"] == paged.headers["ETag"]
    held = await callers.http.get(
        "/v1/levels/M1/templates",
        headers={**bearer(callers.api_key), "If-None-Match": whole.headers["ETag"]},
    )
    assert held.status_code == 304
    stale = await callers.http.put(
        "/v1/levels/M1/template",
        json={"subject": "Mahnung {{ invoice_number }}", "body": "Fassung 5"},
        headers={**bearer(callers.api_key), "If-Match": whole.headers["ETag"]},
    )
    assert stale.status_code == 200, stale.text
    again = await callers.http.put(
        "/v1/levels/M1/template",
        json={"subject": "Mahnung {{ invoice_number }}", "body": "Fassung 6"},
        headers={**bearer(callers.api_key), "If-Match": whole.headers["ETag"]},
    )
    assert again.status_code == 412

"""CPU per invoice page: `GET /v1/invoices?limit=250` called in-process, without HTTP or wrk.

The data of `bench/api_throughput.py` on a fresh PostgreSQL database; the app as `serve` builds
it (access lines written, as JSON, to /dev/null), called as ASGI. Counted for
BENCH_PAGE_CPU_PAGES pages (default 400) after a warm-up: the API process's CPU time
(`time.process_time`) and the CPU time of the PostgreSQL backends serving it (from /proc, when
PostgreSQL runs on this machine). A busy machine stretches wall time, not these.

`python -m bench.page_cpu --profile` prints the cProfile of the pages instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import cProfile
import os
import pstats
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg

from automahntion.adapters.clock import AsOfClock
from automahntion.bootstrap.logs import configure_logging
from automahntion.bootstrap.settings import Settings
from automahntion.bootstrap.web import serving_app
from bench.api_throughput import INVOICES, NOW, _environment, _seed
from bench.postgres import fresh_database

PAGES = int(os.environ.get("BENCH_PAGE_CPU_PAGES", "400"))
WARM_UP = 50


def _backend_cpu_s(pids: list[int]) -> float:
    """User and system time of these processes so far (0 when they are not ours to read)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


async def _backends(url: str) -> list[int]:
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
    finally:
        await connection.close()
    return [row["pid"] for row in rows]


async def _get(app: Any, path: str, query: str, headers: list[tuple[bytes, bytes]]) -> bytes:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query.encode(),
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    body: list[bytes] = []
    status: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])
        elif message["type"] == "http.response.body":
            body.append(message.get("body", b""))

    await app(scope, receive, send)
    if status != [200]:
        raise RuntimeError(f"{path}?{query}: {status} {b''.join(body)[:300]!r}")
    return b"".join(body)


@dataclass
class _Counted:
    page: bytes
    cpu_s: float
    backend_s: float
    wall_s: float


async def _pages(
    app: Any, url: str, headers: list[tuple[bytes, bytes]], profiler: cProfile.Profile | None
) -> _Counted:
    query = f"limit={INVOICES}"
    async with app.lifespan():
        page = b""
        for _ in range(WARM_UP):
            page = await _get(app, "/v1/invoices", query, headers)
        pids = await _backends(url)
        backend_before = _backend_cpu_s(pids)
        cpu, wall = time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        for _ in range(PAGES):
            await _get(app, "/v1/invoices", query, headers)
        if profiler:
            profiler.disable()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        backend = _backend_cpu_s(pids) - backend_before
    return _Counted(page, cpu, backend, wall)


async def _measure(url: str, key: str, profile: bool) -> None:
    os.environ.update(_environment(url))
    configure_logging()
    app = serving_app(Settings.from_env(), AsOfClock(NOW))
    headers = [(b"host", b"127.0.0.1"), (b"authorization", f"Bearer {key}".encode())]
    profiler = cProfile.Profile() if profile else None
    # The log handler writes each access line to whatever `sys.stderr` is at that moment.
    with Path(os.devnull).open("w") as devnull, contextlib.redirect_stderr(devnull):
        counted = await _pages(app, url, headers, profiler)
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    size = len(counted.page)
    print(f"invoice page CPU, {PAGES} pages of {INVOICES} in-process ({size:,} bytes each)")
    print(f"  API process CPU per page        {counted.cpu_s / PAGES * 1000:8.2f} ms")
    print(f"  PostgreSQL backend CPU per page {counted.backend_s / PAGES * 1000:8.2f} ms")
    print(f"  wall time per page              {counted.wall_s / PAGES * 1000:8.2f} ms")
    print(f"  load average                    {os.getloadavg()[0]:8.2f}")


def main() -> None:
    profile = "--profile" in sys.argv[1:]

    async def seeded() -> None:
        async with fresh_database() as url:
            key = await _seed(url)
            await _measure(url, key, profile)

    asyncio.run(seeded())


if __name__ == "__main__":
    main()

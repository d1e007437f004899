"""`automahntion sandbox postal|payments`: a server on 127.0.0.1 that prints its settings."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest

from tests.sandbox_server import free_port


@pytest.mark.parametrize(
    ("name", "last_setting", "probe"),
    [
        ("postal", "AUTOMAHNTION_POSTAL_WEBHOOK_SECRET=", "/_sandbox/letters"),
        ("payments", "AUTOMAHNTION_PAYMENTS_WEBHOOK_SECRET=", "/_sandbox/objects/price"),
    ],
)
def test_the_sandbox_command_serves_and_prints_its_settings(
    name: str, last_setting: str, probe: str
) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "automahntion", "sandbox", name, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        printed: list[str] = []
        while not printed or not printed[-1].startswith(last_setting):
            line = process.stdout.readline()
            assert line, f"the sandbox stopped: {''.join(printed)}"
            printed.append(line)
        settings = dict(line.strip().split("=", 1) for line in printed if "=" in line)
        url = settings[f"AUTOMAHNTION_{name.upper()}_API_URL"]
        assert url == f"http://127.0.0.1:{port}"
        assert settings[f"AUTOMAHNTION_{name.upper()}_API_KEY"]
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(url + probe, trust_env=False, timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the sandbox did not answer"
                time.sleep(0.1)
        assert response.status_code == 200
        if name == "payments":
            keys = {price["lookup_key"] for price in response.json()}
            assert {"starter_monthly", "pro_yearly", "smtp_addon", "letter_registered"} <= keys
    finally:
        process.terminate()
        process.wait(timeout=30)

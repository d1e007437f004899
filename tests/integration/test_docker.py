"""The container files: the compose stack validates, and every command its services run is
an `automahntion` command the CLI accepts (the same commands the other tests run)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from automahntion.cli import _parser

DOCKER = Path(__file__).parents[2] / "docker"


def _compose_command() -> list[str]:
    if (
        shutil.which("docker")
        and (
            subprocess.run(["docker", "compose", "version"], capture_output=True, check=False)
        ).returncode
        == 0
    ):
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    pytest.fail("neither `docker compose` nor `docker-compose` is installed (make system-deps)")


def _services() -> dict[str, Any]:
    services: dict[str, Any] = yaml.safe_load((DOCKER / "compose.yaml").read_text())["services"]
    return services


def test_the_compose_file_validates() -> None:
    result = subprocess.run(
        [*_compose_command(), "-f", str(DOCKER / "compose.yaml"), "config", "--quiet"],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/local/bin:/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr


def test_the_stack_has_api_worker_databases_and_the_three_sandboxes() -> None:
    services = _services()
    assert {"api", "worker", "postgres", "redis", "migrate"} <= set(services)
    sandboxes = {
        s["command"][1] for s in services.values() if s.get("command", [""])[0] == "sandbox"
    }
    assert {"lexoffice", "postal", "payments"} <= sandboxes


@pytest.mark.parametrize(
    "service",
    ["migrate", "api", "worker", "mail", "sandbox-lexoffice", "sandbox-postal", "sandbox-payments"],
)
def test_each_service_runs_an_automahntion_command(service: str) -> None:
    command = _services()[service]["command"]
    parsed = _parser().parse_args(command)
    assert parsed.command == command[0]


def _stages(dockerfile: str) -> dict[str, tuple[str, list[str]]]:
    """Stage name -> (the stage it starts from, its instructions), in the file's order."""
    stages: dict[str, tuple[str, list[str]]] = {}
    current: list[str] = []
    for line in dockerfile.splitlines():
        words = line.split()
        if words[:1] == ["FROM"] and words[-2:-1] == ["AS"]:
            current = []
            stages[words[-1]] = (words[1], current)
        elif words and not line.startswith("#"):
            current.append(line)
    return stages


def test_the_runtime_image_has_no_sandboxes_and_the_local_stack_runs_them() -> None:
    stages = _stages((DOCKER / "Dockerfile").read_text())
    default = list(stages)[-1]
    assert default == "runtime"
    lines, stage = [], default
    while stage in stages:
        stage, own = stages[stage]
        lines += own
    assert [line for line in lines if "sandboxes" in line] == []
    assert any(line.startswith("COPY sandboxes") for line in stages["sandboxes"][1])
    for name, service in _services().items():
        if "build" in service:
            wanted = "sandboxes" if service["command"][0] == "sandbox" else "runtime"
            assert service["build"]["target"] == wanted, name


def test_the_image_runs_as_a_user_with_a_healthcheck_and_wkhtmltopdf() -> None:
    dockerfile = (DOCKER / "Dockerfile").read_text()
    lines = [line.strip() for line in dockerfile.splitlines()]
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users
    assert users[-1] not in ("root", "0")
    assert any(line.startswith("HEALTHCHECK") for line in lines)
    assert "/health" in dockerfile
    assert "wkhtmltopdf" in dockerfile
    assert 'ENTRYPOINT ["automahntion"]' in lines
    default = _parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "8000"])
    assert default.command == "serve"

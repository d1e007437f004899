import os

import pytest

pytest_plugins = ["tests.integration.lexoffice_env"]

REDIS_VARIABLES = (
    "AUTOMAHNTION_TEST_REDIS_URL",
    "AUTOMAHNTION_TEST_SCALE_REDIS_URL",
    "AUTOMAHNTION_TEST_RATE_REDIS_URL",
    "AUTOMAHNTION_TEST_WORKER_REDIS_URL",
)
REDIS_DATABASES = 16


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist each worker flushes Redis databases of its own: worker N takes four
    databases counted down from 15, before any test module reads its variable."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None:
        return
    first = REDIS_DATABASES - 1 - len(REDIS_VARIABLES) * int(worker.removeprefix("gw"))
    if first - len(REDIS_VARIABLES) + 1 < 0:
        raise pytest.UsageError(f"Redis has {REDIS_DATABASES} databases: too many workers")
    for offset, variable in enumerate(REDIS_VARIABLES):
        os.environ.setdefault(variable, f"redis://127.0.0.1:6379/{first - offset}")

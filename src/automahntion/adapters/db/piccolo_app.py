"""The Piccolo app: our tables and where their migrations are."""

from __future__ import annotations

import os
from pathlib import Path

from piccolo.conf.apps import AppConfig

from automahntion.adapters.db.tables import TABLES

APP_NAME = "automahntion"


def migrations_folder() -> Path:
    """`AUTOMAHNTION_MIGRATIONS_DIR`, else the `_migrations` shipped in a wheel, else the
    repository's `migrations/` beside `src/`."""
    override = os.environ.get("AUTOMAHNTION_MIGRATIONS_DIR")
    package = Path(__file__).resolve().parents[2]
    candidates = [Path(override)] if override else []
    candidates += [package / "_migrations", package.parents[1] / "migrations"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"no migrations folder among {', '.join(map(str, candidates))}")


APP_CONFIG = AppConfig(
    app_name=APP_NAME,
    migrations_folder_path=str(migrations_folder()),
    table_classes=list(TABLES),
    migration_dependencies=[],
    commands=[],
)

"""Read by Piccolo's own machinery (migrations) through `PICCOLO_CONF`."""

from __future__ import annotations

import os

from piccolo.conf.apps import AppRegistry

from automahntion.adapters.db.engine import DEFAULT_DATABASE_URL, engine_from_url

DB = engine_from_url(os.environ.get("AUTOMAHNTION_DATABASE_URL", DEFAULT_DATABASE_URL))

APP_REGISTRY = AppRegistry(apps=["automahntion.adapters.db.piccolo_app"])

"""Servers for tests that talk to an app over real HTTP on 127.0.0.1."""

from __future__ import annotations

from automahntion.cli.threaded import bound_socket, free_port, url_of
from automahntion.cli.threaded import serving as running

__all__ = ["bound_socket", "free_port", "running", "url_of"]

"""`automahntion-admin`: the internal admin's command line, on this client."""

from .cli import main

__all__ = ("main",)

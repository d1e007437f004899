
""" A client library for accessing automahntion """
from .client import AuthenticatedClient, Client

__version__ = "1.0.0"
"""The version of the API this client was generated from (`info.version`)."""

__all__ = (
    "AuthenticatedClient",
    "Client",
    "__version__",
)

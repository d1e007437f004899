"""The repositories whose SQL is the engine's own, one set per engine: the composition root
picks the set once, with the engine (`bootstrap/database.py`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from automahntion.adapters.db.repositories.cycle_reads import PiccoloCycleReads, PostgresCycleReads
from automahntion.adapters.db.repositories.invoice_pages import (
    PostgresInvoiceRepository,
    SqliteInvoiceRepository,
)
from automahntion.adapters.db.repositories.messages import PiccoloMessageRepository
from automahntion.adapters.db.repositories.messages_postgres import PostgresMessageRepository
from automahntion.app.storage import CycleReads, InvoiceRepository, MessageRepository


@dataclass(frozen=True)
class EngineRepositories:
    invoices: Callable[[UUID], InvoiceRepository]
    messages: Callable[[UUID], MessageRepository]
    cycle: Callable[[UUID], CycleReads]


POSTGRES = EngineRepositories(
    invoices=PostgresInvoiceRepository,
    messages=PostgresMessageRepository,
    cycle=PostgresCycleReads,
)
SQLITE = EngineRepositories(
    invoices=SqliteInvoiceRepository,
    messages=PiccoloMessageRepository,
    cycle=PiccoloCycleReads,
)

"""The repositories whose SQL is the engine's own, one set per engine: the composition root
picks the set once, with the engine (`bootstrap/database.py`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from automahntion.adapters.db.repositories.api_keys import (
    PiccoloApiKeyRepository,
    PostgresApiKeyRepository,
)
from automahntion.adapters.db.repositories.cycle_reads import PiccoloCycleReads, PostgresCycleReads
from automahntion.adapters.db.repositories.invoice_pages import (
    PostgresInvoiceRepository,
    SqliteInvoiceRepository,
)
from automahntion.adapters.db.repositories.messages import PiccoloMessageRepository
from automahntion.adapters.db.repositories.messages_postgres import PostgresMessageRepository
from automahntion.adapters.db.repositories.reads import SelectRows, select_piccolo, select_postgres
from automahntion.adapters.db.repositories.tenant_account import (
    PiccoloTenantAccount,
    PostgresTenantAccount,
)
from automahntion.app.invoices.repositories import CycleReads, InvoiceRepository
from automahntion.app.messages.repository import MessageRepository


@dataclass(frozen=True)
class EngineRepositories:
    select_rows: SelectRows
    invoices: Callable[[UUID, SelectRows], InvoiceRepository]
    messages: Callable[[UUID, SelectRows], MessageRepository]
    cycle: Callable[[UUID, SelectRows], CycleReads]
    account: Callable[[UUID, SelectRows], PiccoloTenantAccount]
    api_keys: Callable[[UUID], PiccoloApiKeyRepository]


POSTGRES = EngineRepositories(
    select_rows=select_postgres,
    invoices=PostgresInvoiceRepository,
    messages=PostgresMessageRepository,
    cycle=PostgresCycleReads,
    account=PostgresTenantAccount,
    api_keys=PostgresApiKeyRepository,
)
SQLITE = EngineRepositories(
    select_rows=select_piccolo,
    invoices=SqliteInvoiceRepository,
    messages=PiccoloMessageRepository,
    cycle=PiccoloCycleReads,
    account=PiccoloTenantAccount,
    api_keys=PiccoloApiKeyRepository,
)

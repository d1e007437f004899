"""A unit of work is one Piccolo transaction on the engine the tables are bound to."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self
from uuid import UUID

from piccolo.engine.base import Engine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from automahntion.adapters.db.repositories.admin_tokens import PiccoloAdminTokens
from automahntion.adapters.db.repositories.directory import PiccoloTenantDirectory
from automahntion.adapters.db.repositories.oauth import PiccoloOAuthRepository
from automahntion.adapters.db.repositories.support import PiccoloSupportQueries
from automahntion.adapters.db.store import PiccoloTenantStore
from automahntion.app.secrets import SecretBox


class PiccoloUnitOfWork:
    def __init__(self, engine: Engine[Any], secrets: SecretBox) -> None:
        self._engine = engine
        self._secrets = secrets
        self._transaction: Any = None

    async def __aenter__(self) -> Self:
        if isinstance(self._engine, SQLiteEngine):
            self._transaction = self._engine.transaction(TransactionType.immediate)
        else:
            self._transaction = self._engine.transaction()
        await self._transaction.__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        transaction, self._transaction = self._transaction, None
        await transaction.__aexit__(exc_type, exc, tb)

    @property
    def tenants(self) -> PiccoloTenantDirectory:
        return PiccoloTenantDirectory()

    @property
    def admin_tokens(self) -> PiccoloAdminTokens:
        return PiccoloAdminTokens()

    @property
    def oauth(self) -> PiccoloOAuthRepository:
        return PiccoloOAuthRepository()

    @property
    def support(self) -> PiccoloSupportQueries:
        return PiccoloSupportQueries()

    def tenant(self, tenant_id: UUID) -> PiccoloTenantStore:
        return PiccoloTenantStore(tenant_id, self._secrets)

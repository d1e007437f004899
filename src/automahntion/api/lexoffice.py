"""`/v1/lexoffice`: the tenant's connection to its lexoffice organization, and syncing now."""

from __future__ import annotations

import secrets
from typing import Annotated
from uuid import UUID

from litestar import Controller
from litestar.di import NamedDependency
from litestar.params import JSONBody, Parameter
from litestar.response import Redirect

from automahntion.api import scopes
from automahntion.api.routing import delete, get, post
from automahntion.api.schemas import (
    AdmissionOut,
    ConnectedOut,
    LexofficeApiKeyIn,
    LexofficeConnectionOut,
    SyncOut,
)
from automahntion.app import connect
from automahntion.app.lexoffice import LexofficeAuthorization, LexofficeDisconnected
from automahntion.app.records import ConnectionStatus
from automahntion.app.sync import sync_tenant
from automahntion.bootstrap.container import Container


def _oauth(container: NamedDependency[Container]) -> LexofficeAuthorization:
    if container.oauth is None:
        raise LexofficeDisconnected(
            "this server has no lexoffice partner app configured "
            "(AUTOMAHNTION_LEXOFFICE_CLIENT_ID/_SECRET); connect with an API key instead"
        )
    return container.oauth


def _connected(result: connect.Connected) -> ConnectedOut:
    return ConnectedOut(
        connected=True,
        organization_id=result.profile.organization_id,
        company_name=result.profile.company_name,
        webhooks=result.webhooks,
    )


class LexofficeController(Controller):
    path = "/lexoffice"
    tags = ["lexoffice"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/connection", scope=scopes.SETTINGS_READ)
    async def status(
        self, container: NamedDependency[Container], tenant_id: NamedDependency[UUID]
    ) -> LexofficeConnectionOut:
        async with container.database.unit_of_work() as uow:
            connection = await uow.tenant(tenant_id).connection.get()
        if connection is None:
            return LexofficeConnectionOut(connected=False)
        return LexofficeConnectionOut(
            connected=connection.status is ConnectionStatus.CONNECTED,
            kind=connection.kind.value,
            organization_id=connection.organization_id,
            company_name=connection.company_name,
            access_expires_at=connection.expires_at,
            disconnected_reason=connection.disconnected_reason,
        )

    @get("/connect", status_code=302, scope=scopes.LEXOFFICE_WRITE)
    async def start(
        self, container: NamedDependency[Container], tenant_id: NamedDependency[UUID]
    ) -> Redirect:
        url = connect.begin(
            container.database.secrets,
            _oauth(container),
            tenant_id,
            container.clock.now(),
            secrets.token_urlsafe(48),
        )
        return Redirect(url, status_code=302)

    @get("/callback", public=True)
    async def callback(
        self,
        container: NamedDependency[Container],
        code: str,
        oauth_state: Annotated[str, Parameter(query="state")],
    ) -> ConnectedOut:
        _, result = await connect.finish(
            container.database.unit_of_work,
            container.database.secrets,
            _oauth(container),
            container.gateways,
            state=oauth_state,
            code=code,
            now=container.clock.now(),
            webhook_url=container.webhook_url,
        )
        return _connected(result)

    @post("/api-key", status_code=200, scope=scopes.LEXOFFICE_WRITE)
    async def with_api_key(
        self,
        container: NamedDependency[Container],
        tenant_id: NamedDependency[UUID],
        data: JSONBody[LexofficeApiKeyIn],
    ) -> ConnectedOut:
        result = await connect.connect_api_key(
            container.database.unit_of_work,
            container.gateways,
            tenant_id,
            data.api_key,
            now=container.clock.now(),
            webhook_url=container.webhook_url,
        )
        return _connected(result)

    @delete("/connection", scope=scopes.LEXOFFICE_WRITE)
    async def disconnect(
        self, container: NamedDependency[Container], tenant_id: NamedDependency[UUID]
    ) -> None:
        await connect.disconnect(
            container.database.unit_of_work, container.oauth, tenant_id, container.clock.now()
        )

    @post("/sync", status_code=200, scope=scopes.LEXOFFICE_WRITE)
    async def sync(
        self, container: NamedDependency[Container], tenant_id: NamedDependency[UUID]
    ) -> SyncOut:
        report = await sync_tenant(
            container.database.unit_of_work, container.gateways, tenant_id, container.clock
        )
        return SyncOut(
            full=report.full,
            vouchers_seen=report.vouchers_seen,
            contacts_fetched=report.contacts_fetched,
            admission=AdmissionOut(
                admitted=report.admission.admitted,
                waiting=report.admission.waiting,
                blocked=report.admission.blocked,
            ),
        )

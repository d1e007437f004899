"""Path parameters are named like the body's fields: camelCase, `{invoiceId}`, `{contactId}`.

Each handler keeps its snake_case argument; the name in the path and the schema is the alias."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar.params import PathParameter

InvoiceId = Annotated[UUID, PathParameter(name="invoiceId")]
ContactId = Annotated[UUID, PathParameter(name="contactId")]
DocumentId = Annotated[UUID, PathParameter(name="documentId")]
MessageId = Annotated[UUID, PathParameter(name="messageId")]
ReviewItemId = Annotated[UUID, PathParameter(name="itemId")]
ApiKeyId = Annotated[UUID, PathParameter(name="keyId")]
ChargeId = Annotated[UUID, PathParameter(name="chargeId")]
TenantId = Annotated[UUID, PathParameter(name="tenantId")]
ClientId = Annotated[UUID, PathParameter(name="oauthClientId")]
"""Not `clientId`: that is the public OAuth client id (`amc_…`) the client sends, not this row."""
EndpointId = Annotated[UUID, PathParameter(name="endpointId")]
AdminTokenId = Annotated[UUID, PathParameter(name="tokenId")]

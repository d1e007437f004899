"""Re-exports of the stored values, which now live beside their features (see
scripts/module_moves.json)."""

from __future__ import annotations

from automahntion.app.access_records import ActiveApiKey as ActiveApiKey
from automahntion.app.access_records import AdminTokenRecord as AdminTokenRecord
from automahntion.app.access_records import ApiKeyRecord as ApiKeyRecord
from automahntion.app.access_records import AuthorizationCodeRecord as AuthorizationCodeRecord
from automahntion.app.access_records import NewAuthorizationCode as NewAuthorizationCode
from automahntion.app.access_records import NewOAuthToken as NewOAuthToken
from automahntion.app.access_records import OAuthClientRecord as OAuthClientRecord
from automahntion.app.access_records import OAuthTokenRecord as OAuthTokenRecord
from automahntion.app.connection_records import ConnectionKind as ConnectionKind
from automahntion.app.connection_records import ConnectionStatus as ConnectionStatus
from automahntion.app.connection_records import LexofficeConnection as LexofficeConnection
from automahntion.app.invoice_records import AdmissionState as AdmissionState
from automahntion.app.invoice_records import AdmissionUpdate as AdmissionUpdate
from automahntion.app.invoice_records import CycleSetup as CycleSetup
from automahntion.app.invoice_records import StoredContact as StoredContact
from automahntion.app.invoice_records import StoredInvoice as StoredInvoice
from automahntion.app.message_records import RETAKEABLE as RETAKEABLE
from automahntion.app.message_records import Claim as Claim
from automahntion.app.message_records import MessageState as MessageState
from automahntion.app.message_records import SentMessage as SentMessage
from automahntion.app.post_records import DocumentState as DocumentState
from automahntion.app.post_records import LetterRecord as LetterRecord
from automahntion.app.post_records import StoredDocument as StoredDocument
from automahntion.app.response_records import StoredResponse as StoredResponse
from automahntion.app.smtp_records import SmtpServer as SmtpServer
from automahntion.app.smtp_records import SmtpTls as SmtpTls
from automahntion.app.tenant_records import AuditEntry as AuditEntry
from automahntion.app.tenant_records import NewTenant as NewTenant
from automahntion.app.tenant_records import SyncState as SyncState
from automahntion.app.tenant_records import Tenant as Tenant
from automahntion.app.tenant_records import TenantSettings as TenantSettings
from automahntion.domain.day_plan import Channel as Channel

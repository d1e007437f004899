"""Named unique indexes: the storage guarantees behind the rules, and how a violation is named.

They are created by a migration of their own with `CREATE UNIQUE INDEX`, which both SQLite and
PostgreSQL understand. PostgreSQL names the violated index; SQLite names only the columns, so
both are looked up here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class UniqueIndex:
    name: str
    table: str
    columns: tuple[str, ...]


def _u(name: str, table: str, *columns: str) -> UniqueIndex:
    return UniqueIndex(name, table, columns)


UNIQUE_INDEXES: tuple[UniqueIndex, ...] = (
    _u("ux_lexoffice_connection_tenant", "lexoffice_connection", "tenant"),
    _u("ux_smtp_server_tenant", "smtp_server", "tenant"),
    _u("ux_tenant_logo_tenant", "tenant_logo", "tenant"),
    _u("ux_contact_lexoffice_id", "contact", "tenant", "lexoffice_id"),
    _u("ux_invoice_lexoffice_id", "invoice", "tenant", "lexoffice_id"),
    _u("ux_level_setting_level", "level_setting", "tenant", "level"),
    _u("ux_template_version", "template_version", "tenant", "level", "version"),
    _u("ux_sent_message_invoice_level", "sent_message", "tenant", "invoice", "level"),
    _u("ux_sent_message_invoice_day", "sent_message", "tenant", "invoice", "sent_on"),
    _u("ux_dunning_document_invoice_level", "dunning_document", "tenant", "invoice", "level"),
    _u("ux_api_key_hash", "api_key", "key_hash"),
    _u("ux_oauth_client_client_id", "oauth_client", "client_id"),
    _u("ux_oauth_grant_code", "oauth_grant", "code_hash"),
    _u("ux_oauth_token_access", "oauth_token", "access_token_hash"),
    _u("ux_oauth_token_refresh", "oauth_token", "refresh_token_hash"),
    _u("ux_admin_token_hash", "admin_token", "token_hash"),
    _u("ux_idempotency_credential_key", "idempotency_key", "tenant", "credential", "key"),
    _u("ux_admin_idempotency_credential_key", "admin_idempotency_key", "credential", "key"),
    _u("ux_thank_you_invoice", "thank_you", "invoice"),
    _u("ux_feedback_token_hash", "feedback_token", "token_hash"),
    _u("ux_feedback_invoice", "feedback", "invoice"),
    _u("ux_subscription_tenant", "subscription", "tenant"),
    _u("ux_letter_invoice_level", "letter", "tenant", "invoice", "level"),
    _u("ux_billing_record_key", "billing_record", "tenant", "idempotency_key"),
    _u("ux_inbound_event_key", "inbound_event", "source", "key"),
    _u("ux_tenant_event_seq", "tenant_event", "tenant", "seq"),
    _u("ux_webhook_delivery_event_endpoint", "webhook_delivery", "event", "endpoint"),
)

_BY_NAME = {index.name: index for index in UNIQUE_INDEXES}
_BY_COLUMNS = {(i.table, i.columns): i for i in UNIQUE_INDEXES}
_SQLITE_MESSAGE = re.compile(r"UNIQUE constraint failed: (.+)$")


def violated_index(error: BaseException) -> str | None:
    """The name of the unique index a database error reports as violated, if it is one of ours."""
    name = getattr(error, "constraint_name", None)
    if isinstance(name, str):
        return name if name in _BY_NAME else None
    match = _SQLITE_MESSAGE.search(str(error))
    if match is None:
        return None
    qualified = [part.strip().split(".") for part in match.group(1).split(",")]
    if any(len(part) != 2 for part in qualified):
        return None
    table = qualified[0][0]
    index = _BY_COLUMNS.get((table, tuple(column for _, column in qualified)))
    return index.name if index else None

from enum import StrEnum

class AttentionKind(StrEnum):
    DOCUMENT_UNCERTAIN = "document_uncertain"
    INVOICE_BLOCKED = "invoice_blocked"
    LETTER_ACTION_REQUIRED = "letter_action_required"
    LETTER_ADDRESS_UNPRINTABLE = "letter_address_unprintable"
    LEXOFFICE_DISCONNECTED = "lexoffice_disconnected"
    MESSAGE_FAILED = "message_failed"
    MESSAGE_HELD = "message_held"
    MESSAGE_UNRESOLVED = "message_unresolved"
    SYNC_STALE = "sync_stale"
    THANK_YOU_UNRESOLVED = "thank_you_unresolved"
    WEBHOOK_ENDPOINT_DISABLED = "webhook_endpoint_disabled"

    def __str__(self) -> str:
        return str(self.value)

from enum import StrEnum

class ReasonCode(StrEnum):
    AMOUNTS_FAILED = "amounts_failed"
    DEACTIVATED = "deactivated"
    DETAILS_NOT_DELIVERED = "details_not_delivered"
    DOCUMENT_FAILED = "document_failed"
    DOCUMENT_UNCERTAIN = "document_uncertain"
    DUNNING_NOT_CREATED = "dunning_not_created"
    HANDED_OVER_MEANWHILE = "handed_over_meanwhile"
    INVOICE_NOT_DELIVERED = "invoice_not_delivered"
    INVOICE_PDF_MISSING = "invoice_pdf_missing"
    LANGUAGE_UNREADABLE = "language_unreadable"
    LEXOFFICE_UNREACHABLE = "lexoffice_unreachable"
    MAIL_REFUSED = "mail_refused"
    NOT_SENT = "not_sent"
    NO_DOCUMENT_STORE = "no_document_store"
    NO_RENDERER = "no_renderer"
    OTHER = "other"
    PAID_MEANWHILE = "paid_meanwhile"
    PAUSED = "paused"
    POSTAL_FAILED = "postal_failed"
    RECHECK_FAILED = "recheck_failed"
    RESOLVED_NOT_SENT = "resolved_not_sent"
    SETTLED = "settled"
    STOPPED = "stopped"
    TEMPLATE_FAILED = "template_failed"
    TRANSPORT_UNAVAILABLE = "transport_unavailable"
    UNEXPECTED = "unexpected"

    def __str__(self) -> str:
        return str(self.value)

"""What a caller may do. API keys may do everything their tenant may; an OAuth token for a
widget only what the tenant granted it; admin tokens only the admin API."""

from __future__ import annotations

SETTINGS_READ = "settings:read"
SETTINGS_WRITE = "settings:write"
SETTINGS_RECIPIENTS = "settings:recipients"
"""Reply-To, CC and BCC of every message: whoever sets them reads every future reminder."""
SETTINGS_TRANSPORT = "settings:transport"
"""The tenant's own SMTP server: whoever sets it reads (and sends) every future message."""
INVOICES_READ = "invoices:read"
INVOICES_WRITE = "invoices:write"
LEXOFFICE_WRITE = "lexoffice:write"
FEEDBACK_READ = "feedback:read"
BILLING_READ = "billing:read"
BILLING_WRITE = "billing:write"
WEBHOOKS_READ = "webhooks:read"
WEBHOOKS_WRITE = "webhooks:write"
"""Whoever registers an endpoint receives every future event (payments, reminders) there."""
ADMIN = "admin"
"""Not a grantable scope: routes marked with it take admin tokens only."""
KEYS = "keys"
"""Not a grantable scope: managing API keys takes an API key."""

TENANT_SCOPES: dict[str, str] = {
    SETTINGS_READ: "Einstellungen, Mahnstufen und Nutzung lesen",
    SETTINGS_WRITE: (
        "Einstellungen, Mahnstufen und Vorlagen ändern (ohne Empfänger und Versandserver)"
    ),
    SETTINGS_RECIPIENTS: (
        "Antwortadresse, CC- und BCC-Empfänger aller Mahnungen festlegen – damit kann die "
        "Anwendung jede künftige Mahnung mitlesen"
    ),
    SETTINGS_TRANSPORT: (
        "Eigenen SMTP-Versandserver einrichten oder entfernen – damit laufen alle künftigen "
        "E-Mails über einen Server, den die Anwendung bestimmt"
    ),
    INVOICES_READ: "Rechnungen, Mahnverlauf und Dokumente lesen",
    INVOICES_WRITE: "Mahnungen für Rechnungen und Kunden pausieren",
    LEXOFFICE_WRITE: "lexoffice verbinden, trennen und synchronisieren",
    FEEDBACK_READ: "Kundenzufriedenheit auswerten",
    BILLING_READ: "Abonnement und Abrechnungen lesen",
    BILLING_WRITE: "Abonnement ändern",
    WEBHOOKS_READ: "Webhook-Endpunkte lesen",
    WEBHOOKS_WRITE: (
        "Webhook-Endpunkte einrichten, ändern und löschen – damit erhält eine Adresse, die die "
        "Anwendung bestimmt, alle künftigen Ereignisse (Zahlungen, Mahnungen)"
    ),
}
"""Every scope a tenant can grant, with the line its consent page shows."""

SCOPE_DOCS: dict[str, str] = {
    SETTINGS_READ: "Read settings, levels, templates and usage",
    SETTINGS_WRITE: "Change settings, levels and templates (not recipients, not the mail server)",
    SETTINGS_RECIPIENTS: "Set Reply-To, CC and BCC of every message: lets the caller read "
    "every future reminder",
    SETTINGS_TRANSPORT: "Set up or remove the tenant's own SMTP server: every future e-mail "
    "then goes through a server the caller chose",
    INVOICES_READ: "Read invoices, contacts, messages, documents and events",
    INVOICES_WRITE: "Pause and resume dunning for invoices and customers",
    LEXOFFICE_WRITE: "Connect, disconnect and synchronise lexoffice",
    FEEDBACK_READ: "Read the customers' feedback",
    BILLING_READ: "Read the subscription and our invoices",
    BILLING_WRITE: "Change the subscription",
    WEBHOOKS_READ: "Read the webhook endpoints (never their secrets)",
    WEBHOOKS_WRITE: "Register, change and delete webhook endpoints: every future event then "
    "also goes to an address the caller chose",
}
"""Every grantable scope as the OpenAPI document explains it (the same keys as above)."""

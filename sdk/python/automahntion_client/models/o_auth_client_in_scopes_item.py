from enum import StrEnum

class OAuthClientInScopesItem(StrEnum):
    BILLINGREAD = "billing:read"
    BILLINGWRITE = "billing:write"
    FEEDBACKREAD = "feedback:read"
    INVOICESREAD = "invoices:read"
    INVOICESWRITE = "invoices:write"
    LEXOFFICEWRITE = "lexoffice:write"
    SETTINGSREAD = "settings:read"
    SETTINGSRECIPIENTS = "settings:recipients"
    SETTINGSTRANSPORT = "settings:transport"
    SETTINGSWRITE = "settings:write"
    WEBHOOKSREAD = "webhooks:read"
    WEBHOOKSWRITE = "webhooks:write"

    def __str__(self) -> str:
        return str(self.value)

"""Every operation's `operationId`, in one place: what a generated client names its modules and
methods after (`listInvoices` → `list_invoices`), so they are verbs on the resource, never the
path. A handler not named here gets one derived from its own name and its controller's."""

from __future__ import annotations

from litestar.handlers import HTTPRouteHandler
from litestar.types import Method
from litestar.types.internal_types import PathParameterDefinition

OPERATION_IDS: dict[str, str] = {
    "health": "getHealth",
    "ready": "getReadiness",
    "server_metadata": "getOauthServerMetadata",
    "AccountController.account": "getAccount",
    "AccountController.change_account": "updateAccount",
    "AccountController.pause": "getAccountPause",
    "AccountController.set_pause": "pauseAccount",
    "AccountController.lift_pause": "resumeAccount",
    "AccountController.usage": "getUsage",
    "ActivationController.read": "getActivation",
    "ActivationController.activate": "activateDunning",
    "ActivationController.deactivate": "deactivateDunning",
    "AdminTenantController.tenants": "adminListTenants",
    "AdminTenantController.create": "adminCreateTenant",
    "AdminTenantController.support": "adminGetTenant",
    "AdminTenantController.set_plan": "adminChangePlan",
    "OAuthClientController.list_clients": "adminListOauthClients",
    "OAuthClientController.register": "adminRegisterOauthClient",
    "OAuthClientController.revoke": "adminRevokeOauthClient",
    "AdminTokenController.list_tokens": "adminListTokens",
    "AdminTokenController.create": "adminCreateToken",
    "AdminTokenController.revoke": "adminRevokeToken",
    "ApiKeyController.list_keys": "listApiKeys",
    "ApiKeyController.create": "createApiKey",
    "ApiKeyController.revoke": "revokeApiKey",
    "list_attention": "listAttention",
    "list_events": "listEvents",
    "BillingController.billing_email": "setBillingEmail",
    "BillingController.invoices": "listBillingInvoices",
    "BillingController.mandate": "createBillingMandate",
    "BillingController.retry": "retryBillingCharge",
    "SubscriptionController.subscription": "getSubscription",
    "SubscriptionController.choose_plan": "choosePlan",
    "SubscriptionController.choose_loyalty": "chooseLoyalty",
    "SubscriptionController.buy_smtp_addon": "buySmtpAddon",
    "ContactController.index": "listContacts",
    "ContactController.pause": "pauseContact",
    "ContactController.resume": "resumeContact",
    "InvoiceController.index": "listInvoices",
    "InvoiceController.one": "getInvoice",
    "InvoiceController.pause": "pauseInvoice",
    "InvoiceController.resume": "resumeInvoice",
    "InvoiceHandOverController.hand_over": "handOverInvoice",
    "InvoiceHandOverController.take_back": "takeBackInvoiceHandOver",
    "DocumentController.for_invoice": "listInvoiceDocuments",
    "DocumentController.download": "downloadInvoiceDocument",
    "LetterPreviewController.preview": "previewInvoiceLetter",
    "dunning_preview": "previewDunning",
    "get_feedback_report": "getFeedbackReport",
    "LetterheadController.read": "getLetterhead",
    "LetterheadController.change": "updateLetterhead",
    "LetterheadController.logo": "getLetterheadLogo",
    "LetterheadController.save_logo": "saveLetterheadLogo",
    "LetterheadController.remove_logo": "removeLetterheadLogo",
    "LevelsController.read": "listLevels",
    "LevelsController.replace": "replaceLevels",
    "LevelsController.change": "updateLevel",
    "LevelTemplatesController.templates": "listLevelTemplates",
    "LevelTemplatesController.versions": "listLevelTemplateVersions",
    "LevelTemplatesController.save_template": "saveLevelTemplate",
    "LexofficeController.start": "connectLexoffice",
    "LexofficeController.callback": "completeLexofficeConnection",
    "LexofficeController.with_api_key": "connectLexofficeWithApiKey",
    "LexofficeController.status": "getLexofficeConnection",
    "LexofficeController.disconnect": "disconnectLexoffice",
    "LexofficeController.sync": "syncLexoffice",
    "MailController.save": "saveSmtpServer",
    "MailController.remove": "removeSmtpServer",
    "MailController.test_connection": "testSmtpConnection",
    "MailController.test_email": "sendTestEmail",
    "MessageController.show": "getMessage",
    "ReviewController.list_review": "listReviewItems",
    "ReviewController.resolve_item": "resolveReviewItem",
    "SettingsController.read": "getSettings",
    "SettingsController.change": "updateSettings",
    "WebhookEndpointController.list_endpoints": "listWebhookEndpoints",
    "WebhookEndpointController.create_endpoint": "createWebhookEndpoint",
    "WebhookEndpointController.get_endpoint": "getWebhookEndpoint",
    "WebhookEndpointController.change_endpoint": "updateWebhookEndpoint",
    "WebhookEndpointController.delete_endpoint": "deleteWebhookEndpoint",
    "WebhookEndpointController.rotate_secret": "rotateWebhookEndpointSecret",
    "lexoffice_webhook": "receiveLexofficeWebhook",
    "postal_webhook": "receivePostalWebhook",
    "payments_webhook": "receivePaymentsWebhook",
}
"""By the handler's qualified name (`Controller.method`, or the function's name)."""

_VERBS = {"index": "list", "one": "get", "show": "get", "read": "get", "change": "update"}
"""Handler names that are not the verb a caller reads."""


def _camel(words: list[str]) -> str:
    return words[0].lower() + "".join(w[:1].upper() + w[1:] for w in words[1:])


def _derived(qualname: str) -> str:
    """`WebhookEndpointController.create` → `createWebhookEndpoint`; `list_events` →
    `listEvents`."""
    *owner, name = qualname.split(".")
    words = [_VERBS.get(name, name)] if name in _VERBS else name.split("_")
    if not owner:
        return _camel(words)
    resource = owner[-1].removesuffix("Controller")
    joined = "".join(words).lower()
    return _camel(words) if resource.lower() in joined else _camel([*words, resource])


def operation_id(
    handler: HTTPRouteHandler, method: Method, path: list[str | PathParameterDefinition]
) -> str:
    """Litestar's `operation_id_creator`: the method and path are not part of the name."""
    del method, path
    qualname = handler.fn.__qualname__
    return OPERATION_IDS.get(qualname) or _derived(qualname)

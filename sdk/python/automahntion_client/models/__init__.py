""" Contains all the data models used in inputs/outputs """

from .account_out import AccountOut
from .account_patch import AccountPatch
from .activation_out import ActivationOut
from .admin_tenant_in import AdminTenantIn
from .admin_tenant_out import AdminTenantOut
from .admin_tenant_out_connection import AdminTenantOutConnection
from .admin_tenant_page import AdminTenantPage
from .admin_token_created import AdminTokenCreated
from .admin_token_in import AdminTokenIn
from .admin_token_out import AdminTokenOut
from .admin_token_page import AdminTokenPage
from .admission_out import AdmissionOut
from .admission_state import AdmissionState
from .after_last_level import AfterLastLevel
from .api_key_created import ApiKeyCreated
from .api_key_in import ApiKeyIn
from .api_key_in_scopes_type_0_item import ApiKeyInScopesType0Item
from .api_key_list import ApiKeyList
from .api_key_out import ApiKeyOut
from .attention_item_out import AttentionItemOut
from .attention_kind import AttentionKind
from .attention_page import AttentionPage
from .audit_entry_out import AuditEntryOut
from .audit_entry_out_detail import AuditEntryOutDetail
from .authorization_server_metadata import AuthorizationServerMetadata
from .bank_account_in import BankAccountIn
from .bank_account_out import BankAccountOut
from .billing_cycle import BillingCycle
from .billing_email_in import BillingEmailIn
from .billing_email_out import BillingEmailOut
from .billing_kind import BillingKind
from .billing_status import BillingStatus
from .block_reason import BlockReason
from .catch_up import CatchUp
from .channel import Channel
from .charge_line_out import ChargeLineOut
from .charge_list import ChargeList
from .charge_out import ChargeOut
from .connected_out import ConnectedOut
from .connection_check_out import ConnectionCheckOut
from .connection_kind import ConnectionKind
from .contact_out import ContactOut
from .contact_page import ContactPage
from .created_tenant_out import CreatedTenantOut
from .customer_out import CustomerOut
from .disconnect_code import DisconnectCode
from .document_out import DocumentOut
from .document_state import DocumentState
from .event_accepted import EventAccepted
from .event_page import EventPage
from .event_type import EventType
from .feedback_comment import FeedbackComment
from .feedback_received_data import FeedbackReceivedData
from .feedback_received_event import FeedbackReceivedEvent
from .feedback_report_out import FeedbackReportOut
from .field_error import FieldError
from .going_out_out import GoingOutOut
from .health import Health
from .hold import Hold
from .invoice_blocked_attention import InvoiceBlockedAttention
from .invoice_document_out import InvoiceDocumentOut
from .invoice_kind import InvoiceKind
from .invoice_needs_attention_event import InvoiceNeedsAttentionEvent
from .invoice_out import InvoiceOut
from .invoice_page import InvoicePage
from .invoice_paid_data import InvoicePaidData
from .invoice_paid_event import InvoicePaidEvent
from .invoice_status import InvoiceStatus
from .letter_kind import LetterKind
from .letter_state import LetterState
from .letter_status_changed_data import LetterStatusChangedData
from .letter_status_changed_event import LetterStatusChangedEvent
from .letterhead_out import LetterheadOut
from .letterhead_patch import LetterheadPatch
from .level import Level
from .level_filter import LevelFilter
from .level_in import LevelIn
from .level_out import LevelOut
from .level_patch import LevelPatch
from .level_sent_out import LevelSentOut
from .lexoffice_api_key_in import LexofficeApiKeyIn
from .lexoffice_connection_out import LexofficeConnectionOut
from .lexoffice_disconnected_data import LexofficeDisconnectedData
from .lexoffice_disconnected_event import LexofficeDisconnectedEvent
from .lexoffice_support_out import LexofficeSupportOut
from .lexoffice_support_out_status import LexofficeSupportOutStatus
from .limits_out import LimitsOut
from .logo_out import LogoOut
from .loyalty_in import LoyaltyIn
from .mandate_in import MandateIn
from .mandate_out import MandateOut
from .mandate_state import MandateState
from .message_event_data import MessageEventData
from .message_failed_attention import MessageFailedAttention
from .message_failed_event import MessageFailedEvent
from .message_held_attention import MessageHeldAttention
from .message_out import MessageOut
from .message_sent_event import MessageSentEvent
from .message_state import MessageState
from .message_summary_out import MessageSummaryOut
from .month_trend import MonthTrend
from .o_auth_client_created import OAuthClientCreated
from .o_auth_client_in import OAuthClientIn
from .o_auth_client_in_scopes_item import OAuthClientInScopesItem
from .o_auth_client_out import OAuthClientOut
from .o_auth_client_page import OAuthClientPage
from .outcome import Outcome
from .pause_in import PauseIn
from .pause_out import PauseOut
from .paused_contact_out import PausedContactOut
from .paused_invoice_out import PausedInvoiceOut
from .period_out import PeriodOut
from .plan import Plan
from .plan_in import PlanIn
from .preview_hold_out import PreviewHoldOut
from .preview_invoice_out import PreviewInvoiceOut
from .preview_message_out import PreviewMessageOut
from .preview_out import PreviewOut
from .problem import Problem
from .ready_out import ReadyOut
from .reason_code import ReasonCode
from .rebuilt_out import RebuiltOut
from .recipient_policy import RecipientPolicy
from .replaced_pause_out import ReplacedPauseOut
from .resolution_in import ResolutionIn
from .resolution_out import ResolutionOut
from .review_item_out import ReviewItemOut
from .review_kind import ReviewKind
from .review_page import ReviewPage
from .settings_out import SettingsOut
from .settings_out_bundesland_type_1 import SettingsOutBundeslandType1
from .settings_out_bundesland_type_2_type_1 import SettingsOutBundeslandType2Type1
from .settings_out_bundesland_type_3_type_1 import SettingsOutBundeslandType3Type1
from .settings_patch import SettingsPatch
from .settings_patch_bundesland_type_0 import SettingsPatchBundeslandType0
from .smtp_server_in import SmtpServerIn
from .smtp_server_in_tls import SmtpServerInTls
from .star_count import StarCount
from .subscription_out import SubscriptionOut
from .subscription_state import SubscriptionState
from .template_in import TemplateIn
from .template_out import TemplateOut
from .template_page import TemplatePage
from .template_text import TemplateText
from .tenant_pause_in import TenantPauseIn
from .tenant_pause_out import TenantPauseOut
from .tenant_pause_state import TenantPauseState
from .tenant_support_out import TenantSupportOut
from .tenant_support_out_connection import TenantSupportOutConnection
from .test_email_out import TestEmailOut
from .usage_out import UsageOut
from .webhook_endpoint_change import WebhookEndpointChange
from .webhook_endpoint_created import WebhookEndpointCreated
from .webhook_endpoint_in import WebhookEndpointIn
from .webhook_endpoint_list import WebhookEndpointList
from .webhook_endpoint_out import WebhookEndpointOut
from .webhook_secret_rotated import WebhookSecretRotated
from .would_send_out import WouldSendOut

__all__ = (
    "AccountOut",
    "AccountPatch",
    "ActivationOut",
    "AdminTenantIn",
    "AdminTenantOut",
    "AdminTenantOutConnection",
    "AdminTenantPage",
    "AdminTokenCreated",
    "AdminTokenIn",
    "AdminTokenOut",
    "AdminTokenPage",
    "AdmissionOut",
    "AdmissionState",
    "AfterLastLevel",
    "ApiKeyCreated",
    "ApiKeyIn",
    "ApiKeyInScopesType0Item",
    "ApiKeyList",
    "ApiKeyOut",
    "AttentionItemOut",
    "AttentionKind",
    "AttentionPage",
    "AuditEntryOut",
    "AuditEntryOutDetail",
    "AuthorizationServerMetadata",
    "BankAccountIn",
    "BankAccountOut",
    "BillingCycle",
    "BillingEmailIn",
    "BillingEmailOut",
    "BillingKind",
    "BillingStatus",
    "BlockReason",
    "CatchUp",
    "Channel",
    "ChargeLineOut",
    "ChargeList",
    "ChargeOut",
    "ConnectedOut",
    "ConnectionCheckOut",
    "ConnectionKind",
    "ContactOut",
    "ContactPage",
    "CreatedTenantOut",
    "CustomerOut",
    "DisconnectCode",
    "DocumentOut",
    "DocumentState",
    "EventAccepted",
    "EventPage",
    "EventType",
    "FeedbackComment",
    "FeedbackReceivedData",
    "FeedbackReceivedEvent",
    "FeedbackReportOut",
    "FieldError",
    "GoingOutOut",
    "Health",
    "Hold",
    "InvoiceBlockedAttention",
    "InvoiceDocumentOut",
    "InvoiceKind",
    "InvoiceNeedsAttentionEvent",
    "InvoiceOut",
    "InvoicePage",
    "InvoicePaidData",
    "InvoicePaidEvent",
    "InvoiceStatus",
    "LetterheadOut",
    "LetterheadPatch",
    "LetterKind",
    "LetterState",
    "LetterStatusChangedData",
    "LetterStatusChangedEvent",
    "Level",
    "LevelFilter",
    "LevelIn",
    "LevelOut",
    "LevelPatch",
    "LevelSentOut",
    "LexofficeApiKeyIn",
    "LexofficeConnectionOut",
    "LexofficeDisconnectedData",
    "LexofficeDisconnectedEvent",
    "LexofficeSupportOut",
    "LexofficeSupportOutStatus",
    "LimitsOut",
    "LogoOut",
    "LoyaltyIn",
    "MandateIn",
    "MandateOut",
    "MandateState",
    "MessageEventData",
    "MessageFailedAttention",
    "MessageFailedEvent",
    "MessageHeldAttention",
    "MessageOut",
    "MessageSentEvent",
    "MessageState",
    "MessageSummaryOut",
    "MonthTrend",
    "OAuthClientCreated",
    "OAuthClientIn",
    "OAuthClientInScopesItem",
    "OAuthClientOut",
    "OAuthClientPage",
    "Outcome",
    "PausedContactOut",
    "PausedInvoiceOut",
    "PauseIn",
    "PauseOut",
    "PeriodOut",
    "Plan",
    "PlanIn",
    "PreviewHoldOut",
    "PreviewInvoiceOut",
    "PreviewMessageOut",
    "PreviewOut",
    "Problem",
    "ReadyOut",
    "ReasonCode",
    "RebuiltOut",
    "RecipientPolicy",
    "ReplacedPauseOut",
    "ResolutionIn",
    "ResolutionOut",
    "ReviewItemOut",
    "ReviewKind",
    "ReviewPage",
    "SettingsOut",
    "SettingsOutBundeslandType1",
    "SettingsOutBundeslandType2Type1",
    "SettingsOutBundeslandType3Type1",
    "SettingsPatch",
    "SettingsPatchBundeslandType0",
    "SmtpServerIn",
    "SmtpServerInTls",
    "StarCount",
    "SubscriptionOut",
    "SubscriptionState",
    "TemplateIn",
    "TemplateOut",
    "TemplatePage",
    "TemplateText",
    "TenantPauseIn",
    "TenantPauseOut",
    "TenantPauseState",
    "TenantSupportOut",
    "TenantSupportOutConnection",
    "TestEmailOut",
    "UsageOut",
    "WebhookEndpointChange",
    "WebhookEndpointCreated",
    "WebhookEndpointIn",
    "WebhookEndpointList",
    "WebhookEndpointOut",
    "WebhookSecretRotated",
    "WouldSendOut",
)

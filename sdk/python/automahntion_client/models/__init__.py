""" Contains all the data models used in inputs/outputs """

from .admission_out import AdmissionOut
from .connected_out import ConnectedOut
from .connection_check_out import ConnectionCheckOut
from .document_out import DocumentOut
from .event_accepted import EventAccepted
from .field_error import FieldError
from .health import Health
from .level import Level
from .lexoffice_api_key_in import LexofficeApiKeyIn
from .lexoffice_connection_out import LexofficeConnectionOut
from .problem import Problem
from .smtp_server_in import SmtpServerIn
from .sync_out import SyncOut
from .test_email_out import TestEmailOut

__all__ = (
    "AdmissionOut",
    "ConnectedOut",
    "ConnectionCheckOut",
    "DocumentOut",
    "EventAccepted",
    "FieldError",
    "Health",
    "Level",
    "LexofficeApiKeyIn",
    "LexofficeConnectionOut",
    "Problem",
    "SmtpServerIn",
    "SyncOut",
    "TestEmailOut",
)

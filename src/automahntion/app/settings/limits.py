"""The bounds of what a tenant may enter; the API's schema states them to its callers."""

MAX_NAME_LENGTH = 200
MAX_PAYMENT_DETAILS_LENGTH = 2000
MAX_FEEDBACK_QUESTION_LENGTH = 300
MAX_MIN_GAP_DAYS = 365
MAX_DAYS_AFTER_DUE = 3650
MAX_FEE_CENTS = 100_000

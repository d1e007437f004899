"""Errors of the use cases and their storage, beside the domain's own."""

from __future__ import annotations

from uuid import UUID

from automahntion.domain.errors import DomainError


class NotFound(DomainError):
    """Nothing of that kind with that id — also when it belongs to another tenant."""

    code = "not-found"

    def __init__(self, kind: str, ident: object) -> None:
        self.kind = kind
        self.ident = ident
        super().__init__(f"no {kind} {ident}")


class AlreadyExists(DomainError):
    """A write would break a uniqueness rule of storage (named by `constraint`)."""

    code = "already-exists"

    def __init__(self, constraint: str, message: str | None = None) -> None:
        self.constraint = constraint
        super().__init__(message or f"already exists ({constraint})")


class LevelAlreadyClaimed(AlreadyExists):
    """This level was already claimed or sent for this invoice: it is never sent twice."""

    code = "level-already-claimed"

    def __init__(self, invoice: object, level: object) -> None:
        super().__init__(
            "ux_sent_message_invoice_level", f"{level} was already claimed for invoice {invoice}"
        )


class ClaimedElsewhere(Exception):
    """A message's claims not taken because another process holds some of its levels: a message
    for several invoices names them all, so it is claimed whole or not at all."""

    def __init__(self, invoice_ids: frozenset[UUID]) -> None:
        self.invoice_ids = invoice_ids
        super().__init__(f"{len(invoice_ids)} of the message's levels are claimed elsewhere")


class TenantNotActivated(Exception):
    """A claim refused because the tenant's owner has not activated it, or deactivated it since
    the day was planned (domain rule 3): read in the claim's own transaction. Only the cycle
    claims, and it stops at once on this; it never reaches the API, so it has no problem kind."""

    def __init__(self, tenant: object) -> None:
        self.tenant = tenant
        super().__init__(f"tenant {tenant} is not activated: nothing is claimed")


class PausedMeanwhile(Exception):
    """Claims refused because a pause (Mahnstopp) holds on the claim's day for their invoices
    (their own or their contact's), or for the whole tenant (`tenant_wide`), set after the day
    was planned: pausing is immediate (rule 3), so it is read in the claim's own transaction,
    and again right before the hand-over. Nothing of the message is taken, or what was taken is
    taken back. A tenant-wide pause stops the cycle, as a deactivation does; only the cycle
    claims, so it has no problem kind."""

    def __init__(self, invoice_ids: frozenset[UUID], *, tenant_wide: bool = False) -> None:
        self.invoice_ids = invoice_ids
        self.tenant_wide = tenant_wide
        what = "the tenant is" if tenant_wide else f"{len(invoice_ids)} of the invoices are"
        super().__init__(f"{what} paused: nothing is claimed")


class PaidMeanwhile(Exception):
    """A message taken back at its last look right before the hand-over: lexoffice told of a
    payment since the payment re-check (its callback or a sync stored it), and the invoice is
    now paid, voided, back to draft or in payment, or less of it is open than the message
    states; or the owner handed the invoice over (`handed_over`, e.g. to a collection agency).
    Raised for the invoices it holds on; the message's other invoices stay due."""

    def __init__(
        self, invoice_ids: frozenset[UUID], *, handed_over: frozenset[UUID] = frozenset()
    ) -> None:
        self.invoice_ids = invoice_ids
        self.handed_over = handed_over
        super().__init__(f"{len(invoice_ids)} of the invoices were paid since the re-check")


class IdempotencyKeyReused(AlreadyExists):
    code = "idempotency-key-reused"

    def __init__(self, key: str) -> None:
        super().__init__(
            "ux_idempotency_credential_key", f"idempotency key {key!r} was already used"
        )


class PreconditionFailed(DomainError):
    """The caller's condition on what is stored (an `If-Match`) no longer holds: it was
    changed since the caller read it, and nothing was written."""

    code = "precondition-failed"

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} changed since you read it; read it again and retry")

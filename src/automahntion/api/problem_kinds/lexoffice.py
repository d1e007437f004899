"""Problem kinds of the lexoffice connection (refused, missing, started twice) and of a text
template that does not render for an invoice."""

from __future__ import annotations

from automahntion.api.problem_kinds.kind import ProblemKind, kind

LEXOFFICE: tuple[ProblemKind, ...] = (
    kind(
        "connect-state-invalid",
        409,
        "Connect state invalid",
        """The lexoffice connect link was used twice, came from another session or expired.
        Start connecting again with `GET /v1/lexoffice/connect`.""",
    ),
    kind(
        "lexoffice-key-refused",
        409,
        "lexoffice key refused",
        """lexoffice refused the private API key. Check that it was copied whole and is
        still valid in lexoffice's settings (Erweiterungen → Öffentliche API).""",
    ),
    kind(
        "lexoffice-not-connected",
        409,
        "lexoffice not connected",
        """The tenant has no working lexoffice connection (never connected, disconnected,
        or lexoffice revoked the authorization). Connect lexoffice again.""",
    ),
    kind(
        "lexoffice-authorization-refused",
        400,
        "lexoffice authorization refused",
        """lexoffice refused to grant the authorization (the user declined, or the code was
        not valid). Start connecting again.""",
    ),
    kind(
        "template-invalid",
        422,
        "Template invalid",
        """The text template cannot be used for this invoice: it names a placeholder that
        does not exist or does not render. `detail` says where; fix the template.""",
    ),
)

"""Every kind of problem the API answers with: its `type` code, status, title and what it means
to the caller (`ProblemKind`, in `kind.py`), listed by family in this package's modules.
`api/problems.py` maps each refusal to one of these (its status and title come from here), and
`/problems/{code}` serves each as a page (`api/problem_pages.py`)."""

from __future__ import annotations

from automahntion.api.problem_kinds.access import ACCESS
from automahntion.api.problem_kinds.billing import BILLING
from automahntion.api.problem_kinds.conflicts import CONFLICTS
from automahntion.api.problem_kinds.failures import FAILURES
from automahntion.api.problem_kinds.kind import ProblemKind
from automahntion.api.problem_kinds.lexoffice import LEXOFFICE
from automahntion.api.problem_kinds.limits import LIMITS
from automahntion.api.problem_kinds.missing import MISSING
from automahntion.api.problem_kinds.refused_requests import REFUSED_REQUESTS

PROBLEM_KINDS: tuple[ProblemKind, ...] = (
    *REFUSED_REQUESTS,
    *ACCESS,
    *MISSING,
    *CONFLICTS,
    *LEXOFFICE,
    *BILLING,
    *LIMITS,
    *FAILURES,
)

KINDS: dict[str, ProblemKind] = {kind.code: kind for kind in PROBLEM_KINDS}

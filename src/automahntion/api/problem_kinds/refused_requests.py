"""Problem kinds for requests the API could not take as they were: unreadable, invalid, or
refused by a rule."""

from __future__ import annotations

from automahntion.api.problem_kinds.kind import ProblemKind, kind

REFUSED_REQUESTS: tuple[ProblemKind, ...] = (
    kind(
        "bad-request",
        400,
        "Bad Request",
        """The request could not be read: a body that is not valid UTF-8 or JSON, or nests
        too deep. Fix the request; repeating it unchanged gets the same answer.""",
    ),
    kind(
        "validation-failed",
        422,
        "Validation failed",
        """A field, parameter or header was refused. `errors` names each one (`field`, e.g.
        `levels.M2.daysAfterDue` or `cursor`) with the reason; a field the schema does not
        know is refused too. Correct the named fields and send again.""",
    ),
    kind(
        "rule-violated",
        409,
        "Rule violated",
        """The input is well-formed but breaks a rule across fields or against what is
        stored or today's date (e.g. a level due before the one it follows). `errors`
        names the fields concerned.""",
    ),
    kind(
        "invalid-level-settings",
        409,
        "Invalid level settings",
        """The dunning levels would break a rule together: levels must follow each other
        in time, fees and interest must fit the level kinds. `errors` names each field.""",
    ),
    kind(
        "invalid-feedback",
        422,
        "Invalid feedback",
        """The feedback form was incomplete or out of range (a rating from 1 to 5 and a
        comment of limited length). `errors` names the field.""",
    ),
    kind(
        "domain-error",
        422,
        "Refused",
        """A rule refused the request; `detail` says which. Change the request as the
        detail says.""",
    ),
    kind(
        "no-base-rate",
        422,
        "No base rate",
        """Default interest cannot be computed for that day: no base interest rate of the
        Bundesbank is known for it yet. Try again once the rate is published, or leave
        interest out.""",
    ),
)

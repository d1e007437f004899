"""Problem kinds for missing things: no such object, path, method or current version, or a body
the operation does not take."""

from __future__ import annotations

from automahntion.api.problem_kinds.kind import ProblemKind, kind

MISSING: tuple[ProblemKind, ...] = (
    kind(
        "not-found",
        404,
        "Not Found",
        """There is no such object, or it belongs to another tenant (which is answered the
        same way), or no such path.""",
    ),
    kind(
        "precondition-failed",
        412,
        "Precondition Failed",
        """The `If-Match` sent with a change names a version that is no longer the stored
        one: someone changed the resource since it was read, and nothing was written. Read
        it again (its `ETag` comes with the answer), apply the change to what is stored now
        and send it with the new `ETag`.""",
    ),
    kind(
        "method-not-allowed",
        405,
        "Method Not Allowed",
        """The path exists but not with this HTTP method; `Allow` lists the methods it
        takes.""",
    ),
    kind(
        "request-too-large",
        413,
        "Request Entity Too Large",
        """The request body is larger than the API takes (1 MiB; a logo less, see its
        operation).""",
    ),
    kind(
        "unsupported-media-type",
        415,
        "Unsupported Media Type",
        """The body's `Content-Type` is not one the operation reads: send
        `application/json` (or the image type a logo upload names).""",
    ),
)

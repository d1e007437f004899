"""`/problems/{code}`: the page behind each problem `type` the API answers with, and
`/problems`, the list of them all — plain HTML made from `api/problem_kinds/`."""

from __future__ import annotations

import re
from html import escape

from litestar import MediaType, Response
from litestar.exceptions import NotFoundException
from litestar.params import FromPath

from automahntion.api.problem_kinds import KINDS, PROBLEM_KINDS
from automahntion.api.problem_kinds.kind import ProblemKind
from automahntion.api.problems import PROBLEM_BASE
from automahntion.api.routing import get

PAGE_HEADERS = {
    "Cache-Control": "public, max-age=3600",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'"
    ),
}
_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 42rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.5; color: #1a1a1a; background: #fff; }
h1 { font-size: 1.5rem; } code { background: #f2f2f2; padding: 0 .2rem; }
dt { font-weight: 600; margin-top: .75rem; } a { color: #0b5cad; }
"""
_CODE = re.compile(r"`([^`]+)`")


def _text(text: str) -> str:
    return _CODE.sub(r"<code>\1</code>", escape(text))


def _document(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} – automahntion API</title>\n<style>{_STYLE}</style>\n"
        f"</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def kind_page(kind: ProblemKind) -> str:
    return _document(
        kind.title,
        f"<h1>{escape(kind.title)}</h1>\n"
        f"<p>Problem type <code>{escape(PROBLEM_BASE + kind.code)}</code>, "
        f"answered with HTTP status {kind.status} as <code>application/problem+json</code> "
        "(RFC 9457).</p>\n"
        f"<p>{_text(kind.description)}</p>\n"
        '<p><a href="/problems">Every problem type</a> · <a href="/schema">API reference</a></p>',
    )


def index_page() -> str:
    items = "\n".join(
        f'<dt><a href="{PROBLEM_BASE}{k.code}">{escape(k.code)}</a> ({k.status})</dt>'
        f"<dd>{_text(k.description)}</dd>"
        for k in sorted(PROBLEM_KINDS, key=lambda k: k.code)
    )
    return _document(
        "Problem types",
        "<h1>Problem types</h1>\n<p>Every error of the API is answered as "
        "<code>application/problem+json</code> whose <code>type</code> is one of these.</p>\n"
        f"<dl>\n{items}\n</dl>",
    )


def _html(body: str) -> Response[str]:
    return Response(body, media_type=MediaType.HTML, headers=PAGE_HEADERS)


@get("/problems", public=True, include_in_schema=False)
async def problem_index() -> Response[str]:
    """Every problem type"""
    return _html(index_page())


@get("/problems/{code:str}", public=True, include_in_schema=False)
async def problem_page(code: FromPath[str]) -> Response[str]:
    """A problem type, explained"""
    kind = KINDS.get(code)
    if kind is None:
        raise NotFoundException(f"no problem type {code!r}")
    return _html(kind_page(kind))

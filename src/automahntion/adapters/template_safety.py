"""What a tenant's template may contain, checked when it is saved.

jinja2's sandbox stops access to Python internals, but not work without end: loops, macros
that call themselves, `{% set %}` doubling a string, `'x' * 10**9` or a filter padding to a
billion characters would each hold a worker (the daily run renders every template). A
template therefore may only print the documented placeholders, branch with `{% if %}` and use
a few filters that never grow their input, with small numbers. That is all a reminder needs.
What a message renders to is capped as well (`MAX_RENDERED_LENGTH`, subject and body
together): 20,000 characters of template could otherwise still print megabytes.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Collection, Mapping
from typing import Any

from jinja2 import Template, TemplateError, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

MAX_NUMBER = 1000
MAX_RESULT_LENGTH = 10_000
MAX_RENDERED_LENGTH = 100_000
ALLOWED_FILTERS = frozenset(
    {"upper", "lower", "title", "capitalize", "trim", "truncate", "default", "d", "round",
     "abs", "int", "float", "string", "length", "count", "first", "last"}
)  # fmt: skip
_FORBIDDEN: dict[type[nodes.Node], str] = {
    nodes.For: "{% for %}",
    nodes.Macro: "{% macro %}",
    nodes.CallBlock: "{% call %}",
    nodes.Assign: "{% set %}",
    nodes.AssignBlock: "{% set %}",
    nodes.With: "{% with %}",
    nodes.Include: "{% include %}",
    nodes.Import: "{% import %}",
    nodes.FromImport: "{% from … import %}",
    nodes.Extends: "{% extends %}",
    nodes.Block: "{% block %}",
    nodes.Call: "calling functions or methods",
}


class OutputTooLarge(TemplateError):
    """A template printed more than its share of `MAX_RENDERED_LENGTH`."""

    def __init__(self) -> None:
        super().__init__(
            f"the text would be longer than {MAX_RENDERED_LENGTH:,} characters "
            "(the limit for subject and body together)"
        )


def render_bounded(template: Template, context: Mapping[str, object], budget: int) -> str:
    """`template` rendered, stopped with `OutputTooLarge` as soon as it passes `budget`
    characters."""
    parts: list[str] = []
    length = 0
    for part in template.generate(dict(context)):
        length += len(part)
        if length > budget:
            raise OutputTooLarge
        parts.append(part)
    return "".join(parts)


def render_message(
    subject: Template, body: Template, context: Mapping[str, object]
) -> tuple[str, str]:
    """Subject and body, together at most `MAX_RENDERED_LENGTH` characters."""
    rendered_subject = render_bounded(subject, context, MAX_RENDERED_LENGTH)
    budget = MAX_RENDERED_LENGTH - len(rendered_subject)
    return rendered_subject, render_bounded(body, context, budget)


_BINOPS = {"*": operator.mul, "**": operator.pow, "+": operator.add, "%": operator.mod}
_CONVERSION = re.compile(r"%%|%(?:\([^)]*\))?[#0 +-]*(\*|\d*)(?:\.(\*|\d*))?")
"""A `%` conversion's width and precision (`%%` has neither)."""


def _format_problem(text: str) -> str | None:
    """`'%0999999999d' % 1` would build a gigabyte before any length is checked."""
    for size in (size for sizes in _CONVERSION.findall(text) for size in sizes):
        if size == "*":
            return "'*' widths in % formatting are not allowed in templates"
        if size and (len(size) > len(str(MAX_NUMBER)) or int(size) > MAX_NUMBER):
            return f"widths above {MAX_NUMBER} in % formatting are not allowed in templates"
    return None


class BoundedSandbox(SandboxedEnvironment):
    """The sandbox, with `*`, `**`, `+` and `%` kept from building huge strings or numbers."""

    intercepted_binops = frozenset(_BINOPS)

    def call_binop(self, context: Any, op: str, left: Any, right: Any) -> Any:  # noqa: ARG002
        if op == "**" and isinstance(right, int | float) and abs(right) > 10:
            raise SecurityError("powers above 10 are not allowed in templates")
        if op == "%" and isinstance(left, str):
            problem = _format_problem(left)
            if problem is not None:
                raise SecurityError(problem)
        if op == "*":
            for sequence, times in ((left, right), (right, left)):
                if (
                    isinstance(sequence, str | list | tuple)
                    and isinstance(times, int)
                    and len(sequence) * times > MAX_RESULT_LENGTH
                ):
                    raise SecurityError("the repeated text would be too long")
        result = _BINOPS[op](left, right)
        if isinstance(result, str | list | tuple) and len(result) > MAX_RESULT_LENGTH:
            raise SecurityError("the joined text would be too long")
        if isinstance(result, int | float) and abs(result) > MAX_NUMBER**3:
            raise SecurityError("the number would be too large")
        return result


def template_problem(
    env: SandboxedEnvironment,
    text: str,
    placeholders: Collection[str],
    sample: Mapping[str, object],
) -> str | None:
    """Why `text` cannot be a template, or None: bad syntax, an unknown placeholder, a
    construct outside the allowed subset, or a failure rendering it with `sample` values."""
    try:
        parsed = env.parse(text)
    except TemplateError as error:
        return f"line {getattr(error, 'lineno', '?')}: {error}"
    problem = subset_problem(parsed)
    if problem is not None:
        return problem
    unknown = sorted({n.name for n in parsed.find_all(nodes.Name)} - set(placeholders))
    if unknown:
        return f"unknown placeholder {', '.join(unknown)}; allowed are {', '.join(placeholders)}"
    try:
        render_bounded(env.from_string(text), sample, MAX_RENDERED_LENGTH)
    except Exception as error:
        return f"cannot be rendered: {error}"
    return None


def subset_problem(parsed: nodes.Template) -> str | None:
    """The first construct of `parsed` outside the allowed subset, or None."""
    return next(filter(None, map(_node_problem, parsed.find_all(nodes.Node))), None)


def compile_checked(env: SandboxedEnvironment, text: str) -> Template:
    """`text` compiled, if it keeps to the subset: the save's check is not the only way into
    the store, and a loop over the environment's `range` that prints nothing would hold the
    event loop past any output cap."""
    parsed = env.parse(text)
    problem = subset_problem(parsed)
    if problem is not None:
        raise SecurityError(problem)
    return env.from_string(parsed)


def _node_problem(node: nodes.Node) -> str | None:
    forbidden = next((what for kind, what in _FORBIDDEN.items() if isinstance(node, kind)), None)
    if forbidden is not None:
        return f"{forbidden} is not allowed in templates"
    if isinstance(node, nodes.Filter) and node.name not in ALLOWED_FILTERS:
        allowed = ", ".join(sorted(ALLOWED_FILTERS))
        return f"the filter {node.name!r} is not allowed; allowed are {allowed}"
    if isinstance(node, nodes.Const):
        value = node.value
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if number and abs(value) > MAX_NUMBER:
            return f"numbers above {MAX_NUMBER} are not allowed in templates"
        if isinstance(value, str) and len(value) > MAX_RESULT_LENGTH:
            return "a text literal is too long"
    return None

"""Known ways out of a jinja2 sandbox, tried on a tenant's template: each is refused when the
template is saved, and a stored one (the save's check is not the only way into the store) does
not render either."""

from __future__ import annotations

import pytest

from automahntion.adapters.templates import SAMPLE_FACTS, SandboxedTemplateRenderer
from automahntion.app.mail.rendering import TemplateInvalid
from automahntion.domain.templates import Template

ESCAPES = [
    "{{ customer_name.__class__.__mro__[1].__subclasses__() }}",
    "{{ customer_name.__class__ }}",
    "{{ customer_name['__class__'] }}",
    "{{ customer_name|attr('__class__') }}",
    "{{ customer_name|format('%s') }}",
    "{{ '{0.__class__}'.format(customer_name) }}",
    "{{ customer_name.format_map({}) }}",
    "{{ lipsum.__globals__ }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ self._TemplateReference__context }}",
    "{{ config }}",
    "{% for c in customer_name %}{% endfor %}",
    "{% set x = customer_name %}{{ x }}",
    "{% include '/etc/passwd' %}",
    "{% import 'x' as y %}",
    "{{ customer_name|map('upper')|list }}",
    "{{ customer_name * 999 * 999 }}",
    "{{ '%0999999d' % 1 }}",
]


@pytest.mark.parametrize("text", [*ESCAPES, "{{ namespace }}", "{{ range }}"])
def test_a_sandbox_escape_is_refused_on_save(text: str) -> None:
    assert SandboxedTemplateRenderer().check(text) is not None


@pytest.mark.parametrize("text", ESCAPES)
def test_a_stored_sandbox_escape_does_not_render(text: str) -> None:
    with pytest.raises(TemplateInvalid):
        SandboxedTemplateRenderer().render(Template(subject="x", body=text), SAMPLE_FACTS)

"""The OpenAPI document says what the strict-body middleware refuses, so that a client
generated from it, or schemathesis, does not take a refused body for a valid one:

- `additionalProperties: false` for every Struct that refuses unknown fields (Litestar leaves
  it out, stack-notes ST202);
- a pattern without NUL for every free-text string that has no pattern of its own.

It also makes the schemas read as the code does: a Struct's docstring is its description, an
attribute's docstring (the string right below it) its property's, its `EXAMPLE` (a class
variable, as on the wire) its example, and a field that may be left out (`X | UnsetType`) is
`X` itself rather than a `oneOf` of one; a union of tagged Structs has a discriminator. `make
lint` checks each example against its schema."""

from __future__ import annotations

import ast
import inspect
import textwrap
from dataclasses import dataclass, fields
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import msgspec
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.openapi.spec import OpenAPIType, Reference, Schema

from automahntion.api.tagged_unions import discriminate

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator
    from litestar.typing import FieldDefinition

NO_NUL = "^[^\\u0000]*$"
EXAMPLE = "EXAMPLE"


def _without_nul(schema: Schema) -> None:
    for option in [schema, *(schema.one_of or [])]:
        free_text = (
            isinstance(option, Schema)
            and option.type == OpenAPIType.STRING
            and not (option.pattern or option.enum or option.format or option.const)
        )
        if free_text:
            option.pattern = NO_NUL  # type: ignore[union-attr]


def _docstring(text: str | None) -> str | None:
    return inspect.cleandoc(text) if text else None


@cache
def attribute_docs(cls: type) -> dict[str, str]:
    """Attribute name → the docstring below it, in `cls` and the classes it inherits from."""
    found: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if klass.__module__ in ("builtins", "msgspec"):
            continue
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
        except (OSError, TypeError, SyntaxError):
            continue
        body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
        for this, after in pairwise(body):
            documented = (
                isinstance(this, ast.AnnAssign)
                and isinstance(this.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            )
            if documented:
                found[this.target.id] = inspect.cleandoc(after.value.value)  # type: ignore[attr-defined]
    return found


def _collapse_single_one_of(schema: Schema) -> Schema | Reference:
    """`oneOf` of one option (what `X | UnsetType` leaves) merged into its parent."""
    options = schema.one_of or []
    if len(options) != 1:
        return schema
    (option,) = options
    schema.one_of = None
    if isinstance(option, Reference):
        unset = all(
            getattr(schema, f.name) in (None, f.default)
            for f in fields(schema)
            if f.name != "one_of"
        )
        if unset:
            return option
        schema.one_of = [option]
        return schema
    for f in fields(option):
        value: Any = getattr(option, f.name)
        if (
            value is not None
            and value != f.default
            and getattr(schema, f.name) in (None, f.default)
        ):
            setattr(schema, f.name, value)
    return schema


@dataclass
class ExampledSchema(Schema):
    """Its examples as given: Litestar leaves out every null of a mapping, and an example of
    a field that is required but null would then not fit its schema."""

    def to_schema(self) -> dict[str, Any]:
        result = super().to_schema()
        if self.examples is not None:
            result["examples"] = self.examples
        return result


class ClosedStructSchemas(StructSchemaPlugin):
    def to_openapi_schema(
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        info = msgspec.inspect.type_info(field_definition.type_)
        if not isinstance(info, msgspec.inspect.StructType):
            return schema
        if info.forbid_unknown_fields:
            schema.additional_properties = False
        cls = info.cls
        schema.description = schema.description or _docstring(cls.__dict__.get("__doc__"))
        example = cls.__dict__.get(EXAMPLE)
        if example is not None:
            # The registry keeps this very object as the component: it changes class in place.
            schema.__class__ = ExampledSchema
            schema.examples = [example]
        docs = attribute_docs(cls)
        properties = dict(schema.properties or {})
        for field in info.fields:
            member = properties.get(field.encode_name)
            if not isinstance(member, Schema):
                continue
            member = _collapse_single_one_of(member)
            if isinstance(member, Schema):
                discriminate(member, field.type)
                _without_nul(member)
                member.description = member.description or docs.get(field.name)
            properties[field.encode_name] = member
        if properties:
            schema.properties = properties
        return schema

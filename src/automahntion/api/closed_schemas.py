"""The OpenAPI document says what the strict-body middleware refuses, so that a client
generated from it, or schemathesis, does not take a refused body for a valid one:

- `additionalProperties: false` for every Struct that refuses unknown fields (Litestar leaves
  it out, stack-notes ST202);
- a pattern without NUL for every free-text string that has no pattern of its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.openapi.spec import OpenAPIType, Schema

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator
    from litestar.typing import FieldDefinition

NO_NUL = "^[^\\u0000]*$"


def _without_nul(schema: Schema) -> None:
    for option in [schema, *(schema.one_of or [])]:
        free_text = (
            isinstance(option, Schema)
            and option.type == OpenAPIType.STRING
            and not (option.pattern or option.enum or option.format or option.const)
        )
        if free_text:
            option.pattern = NO_NUL  # type: ignore[union-attr]


class ClosedStructSchemas(StructSchemaPlugin):
    def to_openapi_schema(
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        info = msgspec.inspect.type_info(field_definition.type_)
        if isinstance(info, msgspec.inspect.StructType) and info.forbid_unknown_fields:
            schema.additional_properties = False
        for member in (schema.properties or {}).values():
            if isinstance(member, Schema):
                _without_nul(member)
        return schema

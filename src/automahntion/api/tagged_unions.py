"""The OpenAPI document tells a union of tagged Structs apart as msgspec does: a `oneOf` of the
Structs with a `discriminator` on their tag field mapping each tag to its schema (Litestar
writes the `oneOf` alone).

A Struct may be documented as such a union (`documented`): `EventOut` passes on each event's
`data` as it was recorded, and is described as the union of one Struct per event type, as
its own component."""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, get_args

import msgspec
from litestar.openapi.spec import Discriminator, Reference, Schema
from litestar.plugins import OpenAPISchemaPlugin
from litestar.typing import FieldDefinition

if TYPE_CHECKING:
    from litestar._openapi.schema_generation import SchemaCreator


@dataclass
class TagDiscriminator(Discriminator):
    """Its mapping is read as the document is written, after Litestar named the components
    its references point to."""

    references: dict[str, Reference] = field(default_factory=dict)

    def to_schema(self) -> dict[str, Any]:
        mapping = {tag: reference.ref for tag, reference in self.references.items()}
        return {"propertyName": self.property_name, "mapping": mapping}


def _tags(kind: msgspec.inspect.Type) -> tuple[str, list[str]] | None:
    """(tag field, the tags in the union's order) of a union of Structs tagged on one field."""
    if not isinstance(kind, msgspec.inspect.UnionType):
        return None
    structs = [m for m in kind.types if isinstance(m, msgspec.inspect.StructType)]
    fields = {m.tag_field for m in structs}
    if len(structs) != len(kind.types) or len(fields) != 1 or None in fields:
        return None
    return str(fields.pop()), [str(m.tag) for m in structs]


def discriminate(schema: Schema, kind: msgspec.inspect.Type) -> None:
    """The discriminator of the `oneOf` written for `kind`, when it is a tagged union."""
    found = _tags(kind)
    options = schema.one_of or []
    references = [o for o in options if isinstance(o, Reference)]
    if found is None or len(references) != len(options) or len(options) != len(found[1]):
        return
    tag_field, tags = found
    mapping = dict(zip(tags, references, strict=True))
    schema.discriminator = TagDiscriminator(tag_field, references=mapping)


class TaggedUnionSchemas(OpenAPISchemaPlugin):
    def __init__(self, documented: Mapping[type, Any]) -> None:
        """`documented`: Struct → the tagged union the document describes it as."""
        self._documented = documented

    def is_plugin_supported_field(self, field_definition: FieldDefinition) -> bool:
        annotation = field_definition.annotation
        return isinstance(annotation, type) and annotation in self._documented

    def to_openapi_schema(
        self, field_definition: FieldDefinition, schema_creator: SchemaCreator
    ) -> Schema:
        """A reference to the union's component: Litestar passes on what a plugin answers."""
        struct = field_definition.annotation
        union = self._documented[struct]
        registry = schema_creator.schema_registry
        schema = registry.get_schema_for_field_definition(field_definition)
        schema.title = struct.__name__
        schema.description = inspect.cleandoc(struct.__doc__ or "") or None
        schema.one_of = [
            schema_creator.for_field_definition(FieldDefinition.from_annotation(member))
            for member in get_args(union)
        ]
        discriminate(schema, msgspec.inspect.type_info(union))
        return registry.get_reference_for_field_definition(field_definition)  # type: ignore[return-value]

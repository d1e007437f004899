"""Answers that are files (PDFs, logos): documented as `string`/`binary` in their media types,
which a generated client reads as bytes. Litestar documents a `Response[bytes]` as text in one
media type."""

from __future__ import annotations

from dataclasses import dataclass

from litestar.openapi.spec import (
    OpenAPIFormat,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Schema,
)


def binary_content(media_types: tuple[str, ...]) -> dict[str, OpenAPIMediaType]:
    binary = Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY)
    return dict.fromkeys(media_types, OpenAPIMediaType(schema=binary))


def binary_answer(*media_types: str) -> type[Operation]:
    """An `operation_class` whose 200 answer is a file in one of `media_types`."""

    @dataclass
    class BinaryAnswer(Operation):
        def __post_init__(self) -> None:
            found = (self.responses or {}).get("200")
            if isinstance(found, OpenAPIResponse):
                found.content = binary_content(media_types)

    return BinaryAnswer

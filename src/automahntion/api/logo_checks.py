"""The letterhead's logo, checked where it enters (`PUT /v1/settings/letterhead/logo`,
`tenants configure --logo`): at most `MAX_LOGO_BYTES`; a PNG by its signature and a picture
Pillow decodes; an SVG parsed with `defusedxml` (no entities, no external DTD) that carries no
script, no event attribute, no reference outside itself (nor an animation that would set one
later, nor a CSS escape that could spell one) and no processing instruction."""

from __future__ import annotations

import io
import re
from xml.etree.ElementTree import Element, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError
from PIL import Image, UnidentifiedImageError

from automahntion.app.tenants.letterhead import LOGO_MEDIA_TYPES, MAX_LOGO_BYTES, Logo
from automahntion.domain.errors import FieldProblem, ValidationFailed

PNG = "image/png"
SVG = "image/svg+xml"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_LOGO_PIXELS = 2000
"""Per side: a logo is a few centimetres wide; a larger header is refused before decoding."""
_SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
_FORBIDDEN_ELEMENTS = frozenset({"script", "foreignobject", "iframe", "embed", "object"})
_REFERENCE_ATTRIBUTES = frozenset({"href", "src"})
_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)
_ACTIVE = re.compile(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)


class LogoRefused(ValidationFailed):
    def __init__(self, field: str, why: str) -> None:
        super().__init__([FieldProblem(field, why)])


def media_type_of(data: bytes) -> str:
    """PNG by its signature, anything else taken for SVG (and checked as such)."""
    return PNG if data.startswith(PNG_SIGNATURE) else SVG


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def _png_problem(data: bytes) -> str | None:
    if not data.startswith(PNG_SIGNATURE):
        return "is no PNG: the file does not start with the PNG signature"
    try:
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            width, height = image.size
            if max(width, height) > MAX_LOGO_PIXELS:
                return f"is {width} x {height} pixels; at most {MAX_LOGO_PIXELS} per side"
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        return f"is no readable PNG: {error}"
    return None


def _outside_reference(value: str) -> bool:
    return not value.strip().startswith("#")


def _animated(element: Element) -> str | None:
    """The attribute an SMIL element (`<set>`, `<animate>`, …) would change, when that is one
    the checks below keep from pointing outside: a reference or an event attribute."""
    target = _local(element.attrib.get("attributeName", ""))
    return target if target in _REFERENCE_ATTRIBUTES or target.startswith("on") else None


def _element_problem(element: Element) -> str | None:
    name = _local(str(element.tag))
    if name in _FORBIDDEN_ELEMENTS:
        return f"carries a <{name}> element"
    animated = _animated(element)
    if animated is not None:
        return f"animates the attribute {animated}, which could then point outside"
    for attribute, value in element.attrib.items():
        local = _local(attribute)
        if local.startswith("on"):
            return f"carries an event attribute ({local})"
        if "\\" in value:
            return f"carries a CSS escape ({local}), which could spell a reference"
        if local in _REFERENCE_ATTRIBUTES and _outside_reference(value):
            return f"refers to something outside itself ({local}={value[:60]!r})"
        if _ACTIVE.match(value) or any(_outside_reference(u) for u in _URL.findall(value)):
            return f"refers to something outside itself ({local})"
    text = "".join(element.itertext())  # the style sheet is the text between any children too
    if name == "style" and (
        "@import" in text.lower()
        or "\\" in text
        or any(map(_outside_reference, _URL.findall(text)))
    ):
        return "has a style that refers to something outside itself"
    return None


class _Builder(TreeBuilder):
    """Counts processing instructions, also those before the root (`<?xml-stylesheet?>`)."""

    instructions = 0

    def pi(self, target: str, text: str | None = None) -> Element:
        self.instructions += 1
        return super().pi(target, text)


def _parsed_svg(data: bytes) -> Element:
    builder = _Builder()
    parser = DefusedXMLParser(
        target=builder,
        forbid_dtd=False,
        forbid_entities=True,
        forbid_external=True,
    )
    parser.feed(data)
    root: Element = parser.close()
    if builder.instructions:
        raise ValueError("carries a processing instruction")
    return root


def _svg_problem(data: bytes) -> str | None:
    try:
        root = _parsed_svg(data)
    except DefusedXmlException:
        return "declares XML entities"
    except ParseError as error:
        return f"is no well-formed SVG: {error}"
    except ValueError as error:
        return str(error)
    if root.tag != f"{_SVG_NAMESPACE}svg":
        return "is no SVG: its root is not an <svg> element of the SVG namespace"
    for element in root.iter():
        problem = _element_problem(element)
        if problem is not None:
            return problem
    return None


def checked_logo(data: bytes, media_type: str, field: str = "logo") -> Logo:
    """The logo as stored, or `LogoRefused` naming `field`."""
    kind = media_type.split(";", 1)[0].strip().lower()
    if kind not in LOGO_MEDIA_TYPES:
        raise LogoRefused(field, f"must be {' or '.join(LOGO_MEDIA_TYPES)}, not {kind or 'none'}")
    if not data:
        raise LogoRefused(field, "is empty")
    if len(data) > MAX_LOGO_BYTES:
        raise LogoRefused(field, f"is {len(data)} bytes; at most {MAX_LOGO_BYTES}")
    problem = _png_problem(data) if kind == PNG else _svg_problem(data)
    if problem is not None:
        raise LogoRefused(field, problem)
    return Logo(kind, data)

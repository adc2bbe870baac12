"""GeoReport v2's two formats: the same data as JSON or as XML, always UTF-8, and its errors."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any
from xml.etree import ElementTree as ET
from zoneinfo import ZoneInfo

from flask import Response

from community.timeutil import DEFAULT_ZONE

FORMATS = ("json", "xml")
ZONE = ZoneInfo(DEFAULT_ZONE)
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# The element that holds each member of a list, in the specification's XML.
ITEM_TAGS = {
    "services": "service", "service_requests": "request", "service_request_updates": "request_update",
    "attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format",
    "errors": "error",
}


class Open311Error(Exception):
    """An answer in the specification's error format: `[{"code": …, "description": …}]`."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def w3c(moment: datetime | None) -> str | None:
    """ISO 8601 with the offset, in the hub's zone: 2026-12-02T13:35:00+08:00."""
    if moment is None:
        return None
    return moment.astimezone(ZONE).isoformat(timespec="seconds")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element: ET.Element, tag: str, value: Any) -> None:
    child = ET.SubElement(element, tag)
    if value is None:
        return
    if isinstance(value, Mapping):
        for key, inner in value.items():
            _fill(child, key, inner)
    elif isinstance(value, list | tuple):
        item_tag = ITEM_TAGS.get(tag, "item")
        for inner in value:
            if isinstance(inner, Mapping):
                item = ET.SubElement(child, item_tag)
                for key, leaf in inner.items():
                    _fill(item, key, leaf)
            else:
                ET.SubElement(child, item_tag).text = _text(inner)
    else:
        child.text = _text(value)


def to_xml(root: str, data: Mapping[str, Any] | Iterable[Mapping[str, Any]]) -> bytes:
    """A document whose root is `root`: a mapping gives its children, a list its items."""
    element = ET.Element(root)
    if isinstance(data, Mapping):
        for key, value in data.items():
            _fill(element, key, value)
    else:
        item_tag = ITEM_TAGS[root]
        for row in data:
            item = ET.SubElement(element, item_tag)
            for key, value in row.items():
                _fill(item, key, value)
    return ET.tostring(element, encoding="UTF-8", xml_declaration=True)


def respond(fmt: str, root: str, data: Any, status: int = 200) -> Response:
    if fmt == "xml":
        body = to_xml(root, data)
    else:
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(body, status=status, content_type=CONTENT_TYPES[fmt])


def error_response(fmt: str, status: int, description: str) -> Response:
    return respond(fmt if fmt in FORMATS else "xml", "errors",
                   [{"code": status, "description": description}], status=status)

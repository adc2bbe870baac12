"""The hub's case categories as GeoReport services, and the attributes every service takes."""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy import select

from extensions import db
from petitions.models import CaseType, Category
from petitions.open311.formats import Open311Error

# Every service takes these optional attributes; a Linli portal that forwards a case
# fills them all, another Open311 client may leave them out.
ATTRIBUTES: list[dict[str, Any]] = [
    {"code": "case_type", "datatype": "singlevaluelist", "description": "Kind of case (诉求类型)",
     "values": [{"key": t.value, "name": t.value} for t in CaseType]},
    {"code": "title", "datatype": "string", "description": "Short title, at most 120 characters (标题)"},
    {"code": "building", "datatype": "string", "description": "Building (楼栋)"},
    {"code": "unit", "datatype": "string", "description": "Unit (单元)"},
    {"code": "hide_name", "datatype": "singlevaluelist", "description": "Do not show the name publicly",
     "values": [{"key": "true", "name": "yes"}, {"key": "false", "name": "no"}]},
    {"code": "linli_reference", "datatype": "string",
     "description": "Stable reference of the forwarding Linli portal: the same reference files one case"},
    {"code": "forward_note", "datatype": "text", "description": "The community's note to the hub (转办意见)"},
]
ATTRIBUTE_CODES = frozenset(a["code"] for a in ATTRIBUTES)


def _keywords(category: Category) -> str:
    words = [category.limit_kind.value, *category.name_en.lower().split()]
    return ",".join(dict.fromkeys(w.strip(",.") for w in words if w.strip(",.")))


def service(category: Category) -> dict[str, Any]:
    department = category.default_department
    return {
        "service_code": str(category.id),
        "service_name": category.name,
        "description": category.name_en or category.name,
        "metadata": bool(ATTRIBUTES),
        "type": "realtime",
        "keywords": _keywords(category),
        "group": department.name if department is not None else current_app.config["HUB_NAME"],
    }


def service_list() -> list[dict[str, Any]]:
    categories = db.session.scalars(select(Category).where(Category.active.is_(True)).order_by(Category.id))
    return [service(c) for c in categories]


def find_category(code: str | None) -> Category:
    """The active category whose service code is `code`; 404 in the specification's format."""
    known = code is not None and code.isascii() and code.isdigit() and len(code) < 10
    category = db.session.get(Category, int(code)) if known else None
    if category is None or not category.active:
        raise Open311Error(404, f"unknown service_code {code!r}")
    return category


def definition(category: Category) -> dict[str, Any]:
    attributes = []
    for order, attribute in enumerate(ATTRIBUTES, start=1):
        attributes.append({
            "variable": True, "code": attribute["code"], "datatype": attribute["datatype"],
            "required": False, "datatype_description": None, "order": order,
            "description": attribute["description"], "values": attribute.get("values", []),
        })
    return {"service_code": str(category.id), "attributes": attributes}

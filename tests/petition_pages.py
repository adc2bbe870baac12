"""Helpers for the petitions' page tests: a hub whose people sign in by e-mail, the filing form, and
sending a case page's form for one action."""

from __future__ import annotations

import re
from types import SimpleNamespace

from extensions import db
from tests import petition_factories as pf
from tests.conftest import csrf_token

ROLES = ("resident", "neighbour", "secretary", "dispatcher", "handler", "other_handler", "supervisor")


def make_page_hub(app):  # type: ignore[no-untyped-def]
    """A hub committed for page tests: its people as the e-mail addresses they sign in with."""
    with app.app_context():
        made = pf.make_hub()
        db.session.commit()
        return SimpleNamespace(
            category_id=made.category.id, department_id=made.department.id,
            other_department_id=made.other_department.id,
            **{role: getattr(made, role).email for role in ROLES},
        )


def file_form(hub, **overrides):  # type: ignore[no-untyped-def]
    data = {"type": "complaint", "category": hub.category_id, "title": "路灯不亮",
            "description": "3号楼东侧路灯坏了", "building": "3号楼", "unit": "", "address": ""}
    data.update(overrides)
    return data


def case_number(response) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r"/petitions/cases/(LL-\d{4}-\d{6})", response.location)
    assert match, response.location
    return match.group(1)


def act(client, number, action, data=None):  # type: ignore[no-untyped-def]
    """Send the case page's form for `action`; its fields are prefixed with the action's name."""
    token = csrf_token(client, f"/petitions/cases/{number}")
    fields = {f"{action}-{name}": value for name, value in {"csrf_token": token, **(data or {})}.items()}
    return client.post(f"/petitions/cases/{number}/{action}", data=fields)

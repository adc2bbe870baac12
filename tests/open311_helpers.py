"""Helpers for the Open311 tests: a hub with a key, and readers of both formats."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from extensions import db
from petitions.open311 import keys
from tests import petition_factories as pf

ROLES = ("resident", "neighbour", "secretary", "dispatcher", "handler", "other_handler", "supervisor")


HUB_FIELDS = ("community", "department", "other_department", "category", *ROLES)


def make_keyed_hub() -> SimpleNamespace:
    """A hub (petition_factories.make_hub) with an API key for its community; committed.

    It holds plain values (ids, emails, names), usable in any later app context;
    `load_hub` gives the models again.
    """
    made = pf.make_hub()
    _row, key = keys.issue_key(made.community)
    db.session.commit()
    return SimpleNamespace(
        key=key,
        code=str(made.category.id),
        slug=made.community.slug,
        department=made.department.name,
        community_id=made.community.id,
        community_name=made.community.name,
        category_name=made.category.name,
        ids={name: getattr(made, name).id for name in HUB_FIELDS},
        **{role: getattr(made, role).email for role in ROLES},
    )


def load_hub(hub: SimpleNamespace) -> pf.Hub:
    from community.models import Community, Department, User
    from petitions.models import Category

    models = {
        "community": Community,
        "department": Department,
        "other_department": Department,
        "category": Category,
    }
    return pf.Hub(**{name: db.session.get(models.get(name, User), hub.ids[name]) for name in HUB_FIELDS})


def read(response) -> list | dict:  # type: ignore[no-untyped-def]
    """The answer as plain data: JSON as it is; XML as a list of dicts (or a dict for one root)."""
    if response.content_type.startswith("application/json"):
        return response.get_json()
    assert response.content_type == "text/xml; charset=utf-8"
    body = response.get_data()
    assert body.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    return xml_to_data(ET.fromstring(body))


def xml_to_data(element: ET.Element):  # type: ignore[no-untyped-def]
    children = list(element)
    if not children:
        return element.text
    tags = [c.tag for c in children]
    if (len(set(tags)) == 1 and len(tags) > 1) or element.tag in LIST_ROOTS:
        return [xml_to_data(c) for c in children]
    return {c.tag: xml_to_data(c) for c in children}


LIST_ROOTS = {
    "services",
    "service_requests",
    "service_request_updates",
    "errors",
    "attributes",
    "values",
    "endpoints",
    "formats",
}


def as_text(value) -> str | None:  # type: ignore[no-untyped-def]
    """JSON's typed values as XML gives them, to compare both formats with one expectation."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class WsgiAdapter:
    """A `requests` transport that hands each request to a Flask app's test client.

    The community's client then talks HTTP, as it would to a remote hub, to a hub that
    is this test's own app. `down = True` makes every request fail to connect.
    """

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.app = app
        self.down = False
        self.sent: list[str] = []

    def send(self, request, **kwargs):  # type: ignore[no-untyped-def]
        import requests
        from requests.structures import CaseInsensitiveDict

        if self.down:
            raise requests.ConnectionError("connection refused (the hub is down)")
        parts = urlsplit(request.url)
        self.sent.append(f"{request.method} {parts.path}")
        answer = self.app.test_client().open(
            parts.path,
            method=request.method,
            query_string=parts.query,
            data=request.body,
            headers=dict(request.headers),
        )
        response = requests.Response()
        response.status_code, response._content = answer.status_code, answer.get_data()
        response.headers = CaseInsensitiveDict(answer.headers)
        response.url, response.request, response.reason = request.url, request, answer.status
        return response

    def close(self) -> None:
        pass


HUB_URL = "http://hub.test/open311/v2"


def mount_hub(app, monkeypatch):  # type: ignore[no-untyped-def]
    """Route the Open311 client's requests for HUB_URL to `app`; the adapter."""
    import requests

    from petitions.open311 import client

    adapter = WsgiAdapter(app)
    session = requests.Session()
    session.mount("http://hub.test/", adapter)  # type: ignore[arg-type]
    monkeypatch.setattr(client, "http", session)
    client._services.clear()
    return adapter


FORMATS = ("json", "xml")
BASE = "/open311/v2"


def post(client, hub, fmt="json", **fields):  # type: ignore[no-untyped-def]
    data = {
        "api_key": hub.key,
        "service_code": hub.code,
        "description": "路灯坏了，晚上很黑",
        "address_string": "3号楼东侧",
    }
    data.update(fields)
    return client.post(f"{BASE}/requests.{fmt}", data={k: v for k, v in data.items() if v is not None})


def assert_error(response, status, fmt):  # type: ignore[no-untyped-def]
    assert response.status_code == status
    errors = read(response)
    assert isinstance(errors, list) and len(errors) == 1
    assert as_text(errors[0]["code"]) == str(status)
    assert errors[0]["description"]
    assert response.content_type.startswith("application/json" if fmt == "json" else "text/xml")

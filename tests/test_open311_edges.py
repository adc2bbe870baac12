"""Open311 at the edges: other paths and methods, the rate limit, API keys, the OpenAPI description,
odd input."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from community.models import Role
from extensions import db
from petitions.open311.models import ApiKey
from tests.conftest import submit
from tests.open311_helpers import BASE, assert_error, make_keyed_hub, post, read


@pytest.fixture
def hub(app):
    with app.app_context():
        return make_keyed_hub()


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/services.csv", 404),
        ("GET", "/nothing.json", 404),
        ("GET", "/", 404),
        ("DELETE", "/requests.json", 405),
        ("PUT", "/services.xml", 405),
    ],
)
def test_anything_else_answers_in_the_specifications_format(client, method, path, status):
    response = client.open(BASE + path, method=method)
    assert_error(response, status, "json" if path.endswith(".json") else "xml")


def test_the_rate_limit_answers_429_in_the_specifications_format(client, app, hub, monkeypatch):
    monkeypatch.setitem(app.config, "OPEN311_RATE_LIMIT", "3 per minute")
    for _ in range(3):
        assert client.get(f"{BASE}/services.json?api_key={hub.key}").status_code == 200
    assert_error(client.get(f"{BASE}/services.json?api_key={hub.key}"), 429, "json")
    # Another key (or an address without one) has its own allowance.
    assert client.get(f"{BASE}/services.json").status_code == 200


def test_create_key_prints_a_key_once_and_keeps_only_its_hash(runner, app, hub):
    result = runner.invoke(args=["open311", "create-key", hub.slug])
    assert result.exit_code == 0, result.output
    key = result.stdout.strip().splitlines()[0]
    assert key.startswith("l311_") and len(key) > 40
    with app.app_context():
        stored = db.session.scalars(select(ApiKey.key_hash)).all()
    assert key not in stored and len(stored) == 2
    listing = runner.invoke(args=["open311", "list-keys"])
    assert key[:11] in listing.output and key not in listing.output
    unknown = runner.invoke(args=["open311", "create-key", "no-such-community"])
    assert unknown.exit_code != 0 and "no-such-community" in unknown.output


def test_the_openapi_description_covers_every_endpoint(client):
    document = client.get(f"{BASE}/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {
        "/discovery.{fmt}",
        "/services.{fmt}",
        "/services/{service_code}.{fmt}",
        "/requests.{fmt}",
        "/requests/{service_request_id}.{fmt}",
        "/servicerequestupdates.{fmt}",
    }
    assert document["servers"][0]["url"] == "http://localhost/open311/v2"


@pytest.mark.parametrize(("method", "path", "fields"), [
    ("GET", "/requests.json?page_size=²", None),
    ("GET", "/requests.json?page=99999999999999999999", None),
    ("GET", "/requests.json?start_date=9999-12-31T23:59:59%2B00:00", None),
    ("GET", "/requests.json?end_date=0001-01-01T00:00:00%2B05:00", None),
    ("GET", "/requests.json?service_request_id=LL%00", None),
    ("GET", "/services/².json", None),
    ("POST", "/requests.json", {"description": "灯\x00坏了"}),
    ("POST", "/requests.json", {"service_code": "²"}),
    ("POST", "/requests.json", {"lat": "1e400", "long": "1"}),
])
def test_odd_input_is_a_clear_error_never_a_500(client, hub, method, path, fields):
    response = post(client, hub, **fields) if method == "POST" else client.get(BASE + path)
    assert 400 <= response.status_code < 500
    assert read(response)[0]["description"]


def test_the_administrator_issues_a_key_shown_once_and_revokes_it(client, app, auth, city, hub):
    auth.login(city.logins[Role.ADMIN])
    page = client.get("/petitions/open311/keys", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert hub.key[:11] in page and hub.key not in page
    issued = submit(client, "/petitions/open311/keys", {"community": str(hub.community_id)},
                    headers={"Accept-Language": "en"})
    assert issued.status_code == 200 and issued.headers["Cache-Control"] == "no-store"
    key = re.search(r'data-testid="new-key">(l311_[\w-]+)<', issued.get_data(as_text=True)).group(1)
    assert post(client, hub, api_key=key).status_code == 201
    again = client.get("/petitions/open311/keys").get_data(as_text=True)
    assert key not in again and key[:11] in again
    with app.app_context():
        key_id = db.session.scalar(select(ApiKey.id).where(ApiKey.prefix == key[:11]))
    revoked = submit(client, "/petitions/open311/keys", action=f"/petitions/open311/keys/{key_id}/revoke",
                     follow_redirects=True, headers={"Accept-Language": "en"})
    assert "is revoked" in revoked.get_data(as_text=True)
    assert_error(post(client, hub, api_key=key), 403, "json")
    assert post(client, hub).status_code == 201  # the community's other key still works


def test_issuing_a_key_for_no_community_re_renders_the_form(client, auth, city, hub):
    auth.login(city.logins[Role.ADMIN])
    answer = submit(client, "/petitions/open311/keys", {"community": "999999"})
    assert answer.status_code == 400 and 'data-testid="new-key"' not in answer.get_data(as_text=True)


def test_only_the_administrator_manages_keys(client, auth, city, hub):
    auth.login(hub.secretary)
    assert client.get("/petitions/open311/keys").status_code == 403
    assert submit(client, "/petitions/open311/outbox", {"community": str(hub.community_id)},
                  action="/petitions/open311/keys").status_code == 403


def test_every_reference_of_the_openapi_description_resolves(client):
    document = client.get(f"{BASE}/openapi.json").get_json()
    found: list[str] = []

    def walk(node):  # type: ignore[no-untyped-def]
        if isinstance(node, dict):
            found.extend([node["$ref"]] if "$ref" in node else [])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
    schemas = document["components"]["schemas"]
    assert found and all(ref.removeprefix("#/components/schemas/") in schemas for ref in found)
    for path in document["paths"].values():
        for operation in path.values():
            assert operation["responses"] and operation["summary"]

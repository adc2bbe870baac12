"""Conformance of the hub's GeoReport v2 endpoints, written from the specification
(wiki.open311.org/GeoReport_v2, its Service Discovery page, mySociety's servicerequestupdates)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from community.timeutil import utcnow
from extensions import db
from petitions.models import Case, CaseStatus, CaseStep, Channel
from petitions.open311.models import ApiKey
from tests import petition_factories as pf
from tests.open311_helpers import BASE, FORMATS, as_text, assert_error, load_hub, make_keyed_hub, post, read


@pytest.fixture
def hub(app):
    with app.app_context():
        return make_keyed_hub()



@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery_names_the_v2_endpoint_and_both_formats(client, fmt):
    response = client.get(f"{BASE}/discovery.{fmt}")
    assert response.status_code == 200
    data = read(response)
    assert data["changeset"].endswith("+08:00")
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://localhost/open311/v2"
    assert endpoint["type"] == "production"
    assert sorted(endpoint["formats"]) == ["application/json", "text/xml"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_services_are_the_categories_grouped_by_department(client, hub, fmt):
    response = client.get(f"{BASE}/services.{fmt}")
    assert response.status_code == 200
    assert response.content_type.endswith("charset=utf-8")
    services = {s["service_code"]: s for s in read(response)}
    service = services[hub.code]
    assert service["service_name"] == hub.category_name
    assert service["group"] == hub.department
    assert as_text(service["metadata"]) == "true"
    assert service["type"] == "realtime"
    assert "general" in service["keywords"].split(",")
    assert "light" in service["keywords"].split(",")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_service_definition_lists_its_attributes(client, hub, fmt):
    response = client.get(f"{BASE}/services/{hub.code}.{fmt}")
    assert response.status_code == 200
    data = read(response)
    assert data["service_code"] == hub.code
    attributes = {a["code"]: a for a in data["attributes"]}
    assert {"case_type", "title", "linli_reference"} <= set(attributes)
    case_type = attributes["case_type"]
    assert case_type["datatype"] == "singlevaluelist"
    assert as_text(case_type["required"]) == "false" and as_text(case_type["variable"]) == "true"
    assert {v["key"] for v in case_type["values"]} == {"complaint", "suggestion", "inquiry"}
    assert [as_text(a["order"]) for a in data["attributes"]] == [
        str(i) for i in range(1, len(attributes) + 1)
    ]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("code", ["999999", "abc", "1" * 30])
def test_an_unknown_service_is_404(client, hub, fmt, code):
    assert_error(client.get(f"{BASE}/services/{code}.{fmt}"), 404, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_posting_a_request_files_an_open311_case_in_the_keys_community(client, app, hub, fmt):
    response = post(
        client,
        hub,
        fmt,
        first_name="王",
        last_name="芳",
        phone="13800138000",
        email="wang@example.com",
        lat="30.59",
        long="114.30",
        media_url="https://example.com/p.jpg",
        **{"attribute[case_type]": "inquiry"},
    )
    assert response.status_code == 201
    created = read(response)
    number = created[0]["service_request_id"]
    assert number.startswith("LL-")
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.number == number))
        assert case.channel == Channel.OPEN311 and case.status == CaseStatus.SUBMITTED
        assert case.community_id == hub.community_id and case.type.value == "inquiry"
        assert (case.contact_name, case.contact_phone) == ("王 芳", "13800138000")
        assert (case.lat, case.lng) == (30.59, 114.30)
        key = db.session.scalar(select(ApiKey).where(ApiKey.community_id == hub.community_id))
        assert key.last_used_at is not None
    fetched = read(client.get(f"{BASE}/requests/{number}.json"))[0]
    assert fetched["media_url"] == "https://example.com/p.jpg"
    assert fetched["status"] == "open"


def test_the_same_reference_files_one_case_and_goes_to_the_dispatchers(client, app, hub):
    first = post(
        client,
        hub,
        **{
            "attribute[linli_reference]": "LL-2026-000007:abc",
            "attribute[title]": "路灯",
            "attribute[forward_note]": "请城管处理",
        },
    )
    again = post(client, hub, **{"attribute[linli_reference]": "LL-2026-000007:abc"})
    assert first.status_code == 201 and again.status_code == 200
    assert read(first)[0]["service_request_id"] == read(again)[0]["service_request_id"]
    with app.app_context():
        cases = db.session.scalars(select(Case).where(Case.community_id == hub.community_id)).all()
        assert len(cases) == 1
        assert cases[0].status == CaseStatus.FORWARDED and cases[0].title == "路灯"
        assert [s.action for s in cases[0].steps] == ["file", "forward"]
        assert cases[0].steps[-1].note == "请城管处理"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"api_key": None}, 403),
        ({"api_key": "l311_wrong"}, 403),
        ({"service_code": None}, 400),
        ({"service_code": "999999"}, 404),
        ({"description": "长" * 4001}, 400),
        ({"description": None}, 400),
        ({"lat": "30.5", "address_string": None}, 400),
        ({"lat": "30.5", "long": "abc"}, 400),
        ({"lat": "300", "long": "114"}, 400),
        ({"lat": "nan", "long": "114"}, 400),
        ({"address_string": None}, 400),
        ({"media_url": "javascript:alert(1)"}, 400),
        ({"email": "not-an-address"}, 400),
        ({"attribute[case_type]": "praise"}, 400),
        ({"phone": "1" * 30}, 400),
    ],
)
def test_bad_posts_answer_the_specifications_errors_and_file_nothing(client, app, hub, fmt, fields, status):
    assert_error(post(client, hub, fmt, **fields), status, fmt)
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count()).select_from(Case).where(Case.community_id == hub.community_id)
            )
            == 0
        )


def test_a_missing_key_is_refused_before_a_missing_service_code(client, hub):
    assert_error(post(client, hub, api_key=None, service_code=None), 403, "json")


def test_a_revoked_key_is_refused(client, app, hub, runner):
    prefix = hub.key[:11]
    result = runner.invoke(args=["open311", "revoke-key", prefix])
    assert result.exit_code == 0, result.output
    assert_error(post(client, hub), 403, "json")


def test_html_in_a_description_is_text_never_markup(client, app, auth, hub):
    number = read(post(client, hub, description='<script>alert("x")</script><b>灯</b>'))[0][
        "service_request_id"
    ]
    xml = client.get(f"{BASE}/requests/{number}.xml").get_data(as_text=True)
    assert "<script>" not in xml
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.number == number))
        assert case.description == '<script>alert("x")</script><b>灯</b>'
    auth.login(hub.secretary)
    page = client.get(f"/petitions/cases/{number}").get_data(as_text=True)
    assert "&lt;script&gt;alert(" in page and "<script>alert(" not in page


def _cases(app, hub, statuses):  # type: ignore[no-untyped-def]
    with app.app_context():
        numbers = []
        for status in statuses:
            numbers.append(pf.case_in(load_hub(hub), status).number)
        db.session.commit()
        return numbers


@pytest.mark.parametrize("fmt", FORMATS)
def test_get_requests_gives_every_field_of_the_specification(client, app, hub, fmt):
    [number] = _cases(app, hub, [CaseStatus.IN_PROGRESS])
    requests = read(client.get(f"{BASE}/requests.{fmt}"))
    request = next(r for r in requests if r["service_request_id"] == number)
    assert set(request) >= {
        "service_request_id",
        "status",
        "status_notes",
        "service_name",
        "service_code",
        "description",
        "agency_responsible",
        "service_notice",
        "requested_datetime",
        "updated_datetime",
        "expected_datetime",
        "address",
        "address_id",
        "zipcode",
        "lat",
        "long",
        "media_url",
    }
    assert request["status"] == "open"
    assert request["agency_responsible"] == hub.department
    assert request["service_code"] == hub.code
    assert request["requested_datetime"].endswith("+08:00")
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.number == number))
        deadline = case.deadline_at
    from datetime import datetime

    assert datetime.fromisoformat(request["expected_datetime"]) == deadline.replace(microsecond=0)


def test_status_filters_and_id_lists(client, app, hub):
    resolved, in_progress, submitted = _cases(
        app, hub, [CaseStatus.RESOLVED, CaseStatus.IN_PROGRESS, CaseStatus.SUBMITTED]
    )
    closed = {r["service_request_id"] for r in read(client.get(f"{BASE}/requests.json?status=closed"))}
    opened = {r["service_request_id"] for r in read(client.get(f"{BASE}/requests.json?status=open"))}
    both = {r["service_request_id"] for r in read(client.get(f"{BASE}/requests.json?status=open,closed"))}
    assert resolved in closed and resolved not in opened
    assert {in_progress, submitted} <= opened and not {in_progress, submitted} & closed
    assert {resolved, in_progress, submitted} <= both
    # service_request_id overrides the other filters (here a status that matches neither).
    listed = read(
        client.get(
            f"{BASE}/requests.json?service_request_id={resolved},{in_progress},LL-0-0"
            f"&status=open&service_code=999999"
        )
    )
    assert sorted(r["service_request_id"] for r in listed) == sorted([resolved, in_progress])
    resolved_row = next(r for r in listed if r["service_request_id"] == resolved)
    assert resolved_row["status_notes"] == "已更换灯泡。"


def test_a_case_not_yet_public_hides_its_description(client, app, hub):
    [submitted] = _cases(app, hub, [CaseStatus.SUBMITTED])
    row = read(client.get(f"{BASE}/requests/{submitted}.json"))[0]
    assert row["description"] is None and row["address"] is None
    assert row["agency_responsible"] == hub.community_name


def test_the_default_window_is_90_days_and_dates_choose_another(client, app, hub):
    old, new = _cases(app, hub, [CaseStatus.ACCEPTED, CaseStatus.ACCEPTED])
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.number == old))
        case.created_at = utcnow() - timedelta(days=100)
        db.session.commit()
    default = {r["service_request_id"] for r in read(client.get(f"{BASE}/requests.json"))}
    assert new in default and old not in default
    start = (utcnow() - timedelta(days=120)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (utcnow() - timedelta(days=60)).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    window = {
        r["service_request_id"]
        for r in read(
            client.get(f"{BASE}/requests.json", query_string={"start_date": start, "end_date": end})
        )
    }
    assert old in window and new not in window


def test_service_code_filter_and_paging(client, app, hub):
    numbers = _cases(app, hub, [CaseStatus.ACCEPTED] * 3)
    listed = read(client.get(f"{BASE}/requests.json?service_code={hub.code}"))
    assert [r["service_request_id"] for r in listed][:3] == numbers[::-1]
    first = read(client.get(f"{BASE}/requests.json?service_code={hub.code}&page_size=2"))
    second = read(client.get(f"{BASE}/requests.json?service_code={hub.code}&page_size=2&page=2"))
    assert [r["service_request_id"] for r in first] == numbers[:0:-1]
    assert [r["service_request_id"] for r in second] == numbers[:1]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("start_date=yesterday", 400),
        ("end_date=2026-13-45T00:00:00Z", 400),
        ("start_date=2026-01-01T00:00:00Z&end_date=2026-05-01T00:00:00Z", 400),
        ("start_date=2026-05-01T00:00:00Z&end_date=2026-01-01T00:00:00Z", 400),
        ("status=pending", 400),
        ("page_size=1001", 400),
        ("page_size=0", 400),
        ("page=abc", 400),
        ("service_code=999999", 404),
    ],
)
def test_bad_queries_are_refused(client, hub, fmt, query, status):
    assert_error(client.get(f"{BASE}/requests.{fmt}?{query}"), status, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_request_and_an_unknown_one(client, app, hub, fmt):
    [number] = _cases(app, hub, [CaseStatus.ASSIGNED])
    rows = read(client.get(f"{BASE}/requests/{number}.{fmt}"))
    assert len(rows) == 1 and rows[0]["service_request_id"] == number
    assert_error(client.get(f"{BASE}/requests/LL-2026-999999.{fmt}"), 404, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_request_updates_follow_the_timeline(client, app, hub, fmt):
    [number] = _cases(app, hub, [CaseStatus.RESOLVED])
    updates = [
        u
        for u in read(client.get(f"{BASE}/servicerequestupdates.{fmt}"))
        if u["service_request_id"] == number
    ]
    assert [u["external_status_code"] for u in updates] == [
        "file",
        "accept",
        "forward",
        "assign",
        "department_accept",
        "resolve",
    ]
    assert [u["status"] for u in updates] == ["open"] * 5 + ["closed"]
    assert updates[-1]["description"] == "已更换灯泡。"
    assert updates[3]["agency_responsible"] == hub.department and updates[3]["expected_datetime"]
    assert len({u["update_id"] for u in updates}) == 6
    assert all(u["updated_datetime"].endswith("+08:00") for u in updates)
    with app.app_context():
        steps = db.session.scalars(select(CaseStep.id).join(Case).where(Case.number == number)).all()
    assert [u["update_id"] for u in updates] == [str(i) for i in steps]
    later = (utcnow() + timedelta(minutes=1)).isoformat()
    assert read(client.get(f"{BASE}/servicerequestupdates.{fmt}", query_string={"start_date": later})) in (
        [],
        None,
    )


def test_updates_for_a_key_are_only_its_communitys(client, app, hub):
    _cases(app, hub, [CaseStatus.ACCEPTED])
    with app.app_context():
        other = make_keyed_hub()
    mine = read(client.get(f"{BASE}/servicerequestupdates.json", query_string={"api_key": other.key}))
    assert mine == []
    assert_error(client.get(f"{BASE}/servicerequestupdates.json?api_key=wrong"), 403, "json")
    assert_error(client.get(f"{BASE}/servicerequestupdates.xml?start_date=soon"), 400, "xml")



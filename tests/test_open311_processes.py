"""A hub and a community as two app processes on two loopback ports with separate databases,
and a third-party Open311 client (the `georeport` package from PyPI) reading a Linli hub."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from tests.open311_processes import Portal, database_url, prepare, running

PASSWORD = "neighbour2026"  # tests.factories.PASSWORD
SLUG = "donghu"
CATEGORY = "路灯不亮"


def seed_hub() -> dict:
    from community.models import Department, Role
    from petitions.models import Category, LimitKind
    from petitions.open311 import keys
    from tests import factories

    community = factories.make_community(SLUG, "东湖社区")
    department = factories.db.session.merge(Department(name="城管局"))
    factories.db.session.flush()
    factories.db.session.add(
        Category(
            name=CATEGORY,
            name_en="Street light out",
            limit_kind=LimitKind.GENERAL,
            default_department_id=department.id,
        )
    )
    factories.make_user("派单员", email="dispatcher@hub.test", grants=[(Role.DISPATCHER, None, None)])
    factories.make_user("经办人", email="handler@hub.test", grants=[(Role.HANDLER, None, department.id)])
    _row, key = keys.issue_key(community)
    return {"key": key, "department_id": department.id}


def seed_community(hub_url: str, key: str) -> None:
    from community.models import Role
    from petitions.models import Category, LimitKind
    from petitions.open311 import links
    from tests import factories

    community = factories.make_community(SLUG, "东湖社区")
    factories.db.session.add(
        Category(name=CATEGORY, name_en="Street light out", limit_kind=LimitKind.GENERAL)
    )
    factories.make_user(
        "居民甲", email="resident@community.test", grants=[(Role.RESIDENT, community.id, None)]
    )
    factories.make_user(
        "书记", email="secretary@community.test", grants=[(Role.SECRETARY, community.id, None)]
    )
    links.link(community, hub_url, key)


@pytest.fixture
def portals(database_urls, tmp_path):  # type: ignore[no-untyped-def]
    hub = Portal("hub", database_url(database_urls, "linli_o311_hub", tmp_path), tmp_path)
    community = Portal("community", database_url(database_urls, "linli_o311_community", tmp_path), tmp_path)
    hub.seed = prepare(hub.database_url, seed_hub)
    prepare(community.database_url, lambda: seed_community(hub.url + "/open311/v2", hub.seed["key"]))
    return hub, community


def file_and_forward(resident, secretary, category_id: int, title: str, token: dict) -> str:  # type: ignore[no-untyped-def]
    """The resident files a case on the web, the secretary accepts and forwards it; its number."""
    filed = resident.post(
        "/petitions/new",
        {
            "type": "complaint",
            "category": category_id,
            "title": title,
            "description": f"{title}：晚上很黑，老人出门不便。",
            "building": "3号楼",
        },
        token=token.get("resident"),
    )
    assert filed.status_code == 302, filed.text[:300]
    number = filed.headers["Location"].rsplit("/", 1)[1]
    page = f"/petitions/cases/{number}"
    token.setdefault("resident", resident.token("/petitions/new"))
    token.setdefault("secretary", secretary.token(page, "accept-"))
    assert (
        secretary.post(
            page, {}, action=page + "/accept", prefix="accept-", token=token["secretary"]
        ).status_code
        == 302
    )
    assert (
        secretary.post(
            page,
            {"forward-note": "请市里处理"},
            action=page + "/forward",
            prefix="forward-",
            token=token["secretary"],
        ).status_code
        == 302
    )
    return number


def category_id(portal: Portal) -> int:
    with portal.connect() as conn:
        return conn.execute(
            sa.text("SELECT id FROM case_categories WHERE name = :n"), {"n": CATEGORY}
        ).scalar_one()


def test_a_case_travels_to_a_remote_hub_and_back_and_none_is_lost_while_the_hub_is_down(portals):
    hub, community = portals
    resident, secretary = community.browser(), community.browser()
    with running(hub, community):
        resident.login("resident@community.test", PASSWORD)
        secretary.login("secretary@community.test", PASSWORD)
        token: dict = {}
        number = file_and_forward(resident, secretary, category_id(community), "3号楼路灯不亮", token)
        assert community.flask("open311", "send") == "1 sent, 0 failed\n"

        # At the hub: the dispatcher assigns it, the department takes it up and resolves it.
        [remote] = hub.browser().get("/open311/v2/requests.json").json()
        assert remote["status"] == "open" and remote["agency_responsible"] == "hub hub"
        page = f"/petitions/cases/{remote['service_request_id']}"
        dispatcher, handler = hub.browser(), hub.browser()
        dispatcher.login("dispatcher@hub.test", PASSWORD)
        handler.login("handler@hub.test", PASSWORD)
        assert (
            dispatcher.post(
                page,
                {"assign-department": hub.seed["department_id"]},
                action=page + "/assign",
                prefix="assign-",
            ).status_code
            == 302
        )
        assert handler.post(page, {}, action=page + "/take-up", prefix="take-up-").status_code == 302
        assert (
            handler.post(
                page, {"resolve-reply": "路灯已于今日修复。"}, action=page + "/resolve", prefix="resolve-"
            ).status_code
            == 302
        )
        assert (
            hub.browser()
            .get(f"/open311/v2/requests/{remote['service_request_id']}.json")
            .json()[0]["status"]
            == "closed"
        )

        # Back at the community: the pull brings the steps into the resident's timeline.
        assert community.flask("open311", "pull") == "3 updates added to timelines\n"
        assert community.flask("open311", "pull") == "0 updates added to timelines\n"
        seen = resident.get(f"/petitions/cases/{number}").text
        assert "路灯已于今日修复。" in seen and "城管局" in seen
        assert re.search(r"Resolved", seen)

        # The hub goes down; fifty cases are forwarded meanwhile.
        hub.stop()
        numbers = [
            file_and_forward(resident, secretary, category_id(community), f"路灯不亮 {i:02d}", token)
            for i in range(50)
        ]
        assert community.flask("open311", "send") == "0 sent, 50 failed\n"
        waiting = secretary.get("/petitions/open311/outbox").text
        assert "50 cases waiting" in waiting and "ConnectionError" in waiting
        hub.start()
        assert community.flask("open311", "send", "--all") == "50 sent, 0 failed\n"
        # Ten answers lost on the way back: those rows are sent again; the hub recognises them.
        with community.connect() as conn:
            conn.execute(
                sa.text(
                    "UPDATE open311_outbox SET status = 'pending' WHERE id IN "
                    "(SELECT id FROM open311_outbox ORDER BY id DESC LIMIT 10)"
                )
            )
        assert community.flask("open311", "send", "--all") == "10 sent, 0 failed\n"
        assert (
            "Every forwarded case has reached the city hub."
            in secretary.get("/petitions/open311/outbox").text
        )

    with hub.connect() as conn:
        titles = conn.execute(sa.text("SELECT title FROM cases")).scalars().all()
        references = conn.execute(sa.text("SELECT reference FROM open311_requests")).scalars().all()
    assert sorted(titles) == sorted(["3号楼路灯不亮", *(f"路灯不亮 {i:02d}" for i in range(50))])
    assert len(set(references)) == 51
    assert {r.split(":")[0] for r in references} == {number, *numbers}


def seed_public_hub() -> dict:
    from petitions.open311 import incoming
    from petitions.open311.models import ApiKey

    seeded = seed_hub()
    from extensions import db

    key = db.session.scalar(sa.select(ApiKey))
    for i in range(3):
        incoming.file_request(
            key,
            {
                "service_code": str(_category().id),
                "description": f"第{i}盏路灯不亮",
                "lat": "30.55",
                "long": "114.31",
                "attribute[linli_reference]": f"R{i}",
            },
        )
    return seeded


def _category():  # type: ignore[no-untyped-def]
    from extensions import db
    from petitions.models import Category

    return db.session.scalar(sa.select(Category))


@pytest.mark.parametrize("output_format", ["json", "xml"])
def test_a_third_party_open311_client_lists_services_and_reads_requests(
    database_urls, tmp_path, output_format
):
    from georeport import GeoReport

    hub = Portal(
        "hub", database_url(database_urls, f"linli_o311_georeport_{output_format}", tmp_path), tmp_path
    )
    prepare(hub.database_url, seed_public_hub)
    with running(hub):
        client = GeoReport(hub.url + "/open311/v2", output_format=output_format)
        services = client.get_service_list()
        services = services if isinstance(services, list) else [services]
        assert [s["service_name"] for s in services] == [CATEGORY]
        assert services[0]["group"] == "城管局"
        definition = client.get_service_definition(services[0]["service_code"])
        assert definition["service_code"] == services[0]["service_code"]
        requests = client.get_service_requests(status="open")
        assert sorted(r["description"] for r in requests) == [
            "第0盏路灯不亮",
            "第1盏路灯不亮",
            "第2盏路灯不亮",
        ]
        one = client.get_service_request(requests[0]["service_request_id"])
        one = one[0] if isinstance(one, list) else one
        assert one["service_request_id"] == requests[0]["service_request_id"]
        assert one["agency_responsible"] == "hub hub"
        assert client.get_service_requests(service_request_id=one["service_request_id"])

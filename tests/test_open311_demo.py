"""`flask demo-data` gives the Open311 endpoints something to serve: the demo catalogue and cases."""

from __future__ import annotations

from sqlalchemy import func, select

from extensions import db
from petitions.models import Case, Category, Channel
from petitions.open311.demo import DEMO_KEY


def test_the_demo_serves_its_categories_and_cases_and_takes_requests(runner, app, client):
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    assert DEMO_KEY in result.output
    with app.app_context():
        categories = db.session.scalar(select(func.count()).select_from(Category).where(Category.active))
        lighting = db.session.scalar(select(Category.id).where(Category.name == "路灯照明"))
        came_in = db.session.scalar(
            select(func.count()).select_from(Case).where(Case.channel == Channel.OPEN311)
        )
    services = client.get("/open311/v2/services.json").get_json()
    assert len(services) == categories and "路灯照明" in {s["service_name"] for s in services}
    requests = client.get("/open311/v2/requests.json").get_json()
    assert len(requests) > 50
    assert {"open", "closed"} <= {r["status"] for r in requests}
    assert came_in == 2
    filed = client.post(
        "/open311/v2/requests.xml",
        data={
            "api_key": DEMO_KEY,
            "service_code": str(lighting),
            "description": "演示",
            "address_string": "晴川社区",
        },
    )
    assert filed.status_code == 201 and b"<service_request_id>LL-" in filed.data

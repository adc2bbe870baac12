"""The volunteers pages through HTTP: each role's forms, bad input, refusals and their audit entries."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from sqlalchemy import func, select

from community.models import AuditEntry, Notification
from community.timeutil import to_local, utcnow
from extensions import db
from petitions.models import Case, Category
from tests import volunteer_factories as vf
from tests.conftest import csrf_token, submit
from volunteers.models import CareAssignment, Concern, ConcernStatus, Elder, ElderStatus, Visit


@pytest.fixture
def site(app):
    with app.app_context():
        with time_machine.travel(utcnow() - timedelta(days=30), tick=False):
            care = vf.make_care()
        category = Category(name=f"楼道照明{care.community.id}", name_en="Stair lights")
        db.session.add(category)
        db.session.commit()
        return SimpleNamespace(elder_id=care.elder.id, community_id=care.community.id, team_id=care.team.id,
                               other_team_id=care.other_team.id, category_id=category.id,
                               logins={name: user.email for name, user in care.people().items()},
                               ids={name: user.id for name, user in care.people().items()})


def count(app, model, *where) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def visit_form(site, **overrides) -> dict:  # type: ignore[no-untyped-def]
    now = to_local(utcnow() - timedelta(minutes=30))
    data = {"outcome": "met", "kind": "home", "visited_on": now.date().isoformat(),
            "visited_time": now.strftime("%H:%M"), "duration": "30",
            "volunteers": str(site.ids["team_member"]), "mood": "good", "health": "fair", "notes": "",
            "concern_severity": "", "concern_text": ""}
    data.update(overrides)
    return data


def test_the_navbar_and_index_lead_each_role(client, auth, site):
    auth.login(site.logins["secretary"])
    assert client.get("/volunteers/").location.endswith("/volunteers/coverage")
    html = client.get("/volunteers/coverage").get_data(as_text=True)
    assert 'href="/volunteers/"' in html and 'href="/volunteers/visits/new"' not in html
    auth.logout()
    auth.login(site.logins["team_member"])
    assert client.get("/volunteers/").location.endswith("/volunteers/elders")
    assert 'href="/volunteers/visits/new"' in client.get("/volunteers/elders").get_data(as_text=True)


def test_a_secretary_registers_an_elder(client, auth, app, site):
    auth.login(site.logins["secretary"])
    client.post("/language", data={"lang": "en", "csrf_token": csrf_token(client)})
    response = submit(client, "/volunteers/elders/new", {
        "name": "李德福", "gender": "male", "birth_year": "1941", "building": "5号楼", "unit": "2单元",
        "room": "301", "phone": "13800002222", "living_situation": "alone", "health_notes": "耳背",
        "needs": "", "emergency_contacts": "", "consent_on": "", "consent_witness": "",
        "visit_every_days": "14", "preferred_days": ["0", "2"], "preferred_slots": ["0"]})
    assert response.status_code == 302 and "/assign" in response.location
    with app.app_context():
        elder = db.session.scalar(select(Elder).where(Elder.name == "李德福"))
        assert (elder.visit_every_days, elder.preferred_days, elder.preferred_slots) == (14, 0b101, 0b1)
    bad = submit(client, "/volunteers/elders/new", {"name": "x", "gender": "male", "birth_year": "1800",
                                                     "building": "5号楼", "living_situation": "alone",
                                                     "visit_every_days": "7"})
    assert bad.status_code == 200 and "birth year between" in bad.get_data(as_text=True)


def test_a_secretary_assigns_and_ends_an_assignment(client, auth, app, site):
    auth.login(site.logins["secretary"])
    page = f"/volunteers/elders/{site.elder_id}/assign"
    assert client.get(page).status_code == 200
    response = submit(client, page, {"team": str(site.other_team_id),
                                     "volunteers": [str(site.ids["unassigned_volunteer"])]})
    assert response.status_code == 302
    with app.app_context():
        made = db.session.scalars(select(CareAssignment).where(
            CareAssignment.elder_id == site.elder_id, CareAssignment.ended_at.is_(None))).all()
        assert len(made) == 4
        ended = next(a for a in made if a.volunteer_id == site.ids["unassigned_volunteer"])
        notified = db.session.scalar(select(func.count()).select_from(Notification).where(
            Notification.user_id == site.ids["unassigned_volunteer"], Notification.kind == "elder_assigned"))
        assert notified == 1
    assert submit(client, page, action=f"/volunteers/assignments/{ended.id}/end").status_code == 302
    assert count(app, CareAssignment, CareAssignment.id == ended.id, CareAssignment.ended_at.is_(None)) == 0


def test_a_volunteer_logs_a_visit_on_the_phone_form(client, auth, app, site):
    auth.login(site.logins["team_member"])
    page = f"/volunteers/visits/new?elder={site.elder_id}"
    html = client.get(page).get_data(as_text=True)
    assert 'class="btn-check"' in html and 'name="concern_severity"' in html
    response = submit(client, page, visit_form(site, concern_severity="urgent", concern_text="老人摔倒了"))
    assert response.status_code == 302
    assert count(app, Visit, Visit.elder_id == site.elder_id) == 1
    assert count(app, Notification, Notification.user_id == site.ids["secretary"],
                 Notification.kind == "elder_concern_urgent") == 1


@pytest.mark.parametrize(("change", "message"), [
    ({"visited_on": "2999-01-01"}, "cannot be in the future"),
    ({"duration_other": str(24 * 60 + 1)}, "24 hours"),
    ({"volunteers": "999999"}, "valid choice"),
    ({"concern_severity": "urgent", "concern_text": ""}, "Describe the concern"),
])
def test_bad_visits_are_shown_and_nothing_is_saved(client, auth, app, site, change, message):
    auth.login(site.logins["team_member"])
    client.post("/language", data={"lang": "en", "csrf_token": csrf_token(client)})
    page = f"/volunteers/visits/new?elder={site.elder_id}"
    response = submit(client, page, visit_form(site, **change))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count(app, Visit) == 0 and count(app, Concern) == 0


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_visit_for_an_elder_one_is_not_assigned_to_is_refused_and_recorded(client, auth, app, site, method):
    auth.login(site.logins["unassigned_volunteer"])
    page = f"/volunteers/visits/new?elder={site.elder_id}"
    if method == "GET":
        response = client.get(page)
    else:
        response = client.post(page, data={**visit_form(site), "csrf_token": csrf_token(client)})
    assert response.status_code == 403
    assert count(app, Visit) == 0
    assert count(app, AuditEntry, AuditEntry.action == "visit.refused",
                 AuditEntry.actor_id == site.ids["unassigned_volunteer"]) == 1


def test_the_secretary_resolves_a_concern_and_files_another_as_a_case(client, auth, app, site):
    auth.login(site.logins["team_member"])
    page = f"/volunteers/visits/new?elder={site.elder_id}"
    submit(client, page, visit_form(site, concern_severity="follow_up", concern_text="煤气灶打火不好"))
    submit(client, page, visit_form(site, concern_severity="urgent", concern_text="楼道灯坏了"))
    with app.app_context():
        gas, light = db.session.scalars(select(Concern).order_by(Concern.id)).all()
        gas_id, light_id = gas.id, light.id
    assert client.get(f"/volunteers/concerns/{gas_id}").status_code == 200  # the elder's visitor reads it
    assert client.get("/volunteers/concerns").status_code == 403  # the list is the secretary's
    auth.logout()
    auth.login(site.logins["unassigned_volunteer"])
    assert client.get(f"/volunteers/concerns/{gas_id}").status_code == 403
    auth.logout()

    auth.login(site.logins["secretary"])
    listing = client.get("/volunteers/concerns").get_data(as_text=True)
    assert listing.index("楼道灯坏了") < listing.index("煤气灶打火不好")  # urgent first
    empty = submit(client, f"/volunteers/concerns/{gas_id}", {"resolve-action_taken": ""},
                   action=f"/volunteers/concerns/{gas_id}/resolve")
    assert empty.status_code == 400
    done = submit(client, f"/volunteers/concerns/{gas_id}", {"resolve-action_taken": "请物业换了打火器"},
                  action=f"/volunteers/concerns/{gas_id}/resolve")
    assert done.status_code == 302
    response = submit(client, f"/volunteers/concerns/{light_id}", {
        "case-type": "complaint", "case-category": str(site.category_id), "case-title": "3号楼楼道灯不亮",
        "case-description": "3号楼楼道灯坏了", "case-contact": "office", "case-office_phone": "0575-88886666",
    }, action=f"/volunteers/concerns/{light_id}/case")
    assert response.status_code == 302 and "/petitions/cases/LL-" in response.location
    with app.app_context():
        light = db.session.get(Concern, light_id)
        assert light.status == ConcernStatus.RESOLVED and light.case_number
        title = db.session.scalar(select(Case.title).where(Case.number == light.case_number))
        assert title == "3号楼楼道灯不亮"
    page = client.get(f"/volunteers/concerns/{light_id}").get_data(as_text=True)
    assert f"/petitions/cases/{light.case_number}" in page


def test_archiving_from_the_elders_page(client, auth, app, site):
    auth.login(site.logins["secretary"])
    page = f"/volunteers/elders/{site.elder_id}"
    assert submit(client, page, {"status": "died"}, action=f"{page}/archive").status_code == 302
    with app.app_context():
        assert db.session.get(Elder, site.elder_id).status == ElderStatus.DIED
    assert "王桂兰" in client.get(f"/volunteers/elders?community={site.community_id}&archived=1").get_data(
        as_text=True)


def test_hours_certificate_roster_and_report_pages(client, auth, app, site):
    auth.login(site.logins["team_member"])
    submit(client, f"/volunteers/visits/new?elder={site.elder_id}", visit_form(site, duration="90"))
    year = to_local(utcnow()).year
    assert client.get("/volunteers/hours").status_code == 200
    certificate = client.get(f"/volunteers/hours/certificate?year={year}").get_data(as_text=True)
    assert 'data-testid="certificate-hours">1.5<' in certificate
    assert client.get(f"/volunteers/hours?user={site.ids['secretary']}").status_code == 403
    assert client.get(f"/volunteers/teams/{site.team_id}/roster").status_code == 200
    assert client.get(f"/volunteers/teams/{site.other_team_id}/roster").status_code == 403
    assert client.get("/volunteers/hours?year=1999").status_code == 404
    auth.logout()
    auth.login(site.logins["secretary"])
    assert client.get(f"/volunteers/hours?user={site.ids['team_member']}").status_code == 200
    assert client.get(f"/volunteers/hours/certificate?user={site.ids['team_member']}").status_code == 200
    report = client.get("/volunteers/report").get_data(as_text=True)
    assert 'data-testid="report-figures"' in report
    assert client.get("/volunteers/report?month=2026-13").status_code == 404
    people = client.get("/volunteers/people").get_data(as_text=True)
    assert "member" in people


def test_a_volunteer_keeps_a_profile_whose_phone_only_the_secretary_sees(client, auth, app, site):
    auth.login(site.logins["team_member"])
    response = submit(client, "/volunteers/profile", {"phone": "13911112222", "building": "3号楼",
                                                      "skills": "急救", "available_days": ["1", "3"],
                                                      "available_slots": ["0"]})
    assert response.status_code == 302
    auth.logout()
    auth.login(site.logins["secretary"])
    assert "+8613911112222" in client.get("/volunteers/people").get_data(as_text=True)
    suggestions = client.get(f"/volunteers/elders/{site.elder_id}/assign").get_data(as_text=True)
    assert 'data-testid="suggestions"' in suggestions
    auth.logout()
    auth.login(site.logins["team_leader"])
    assert client.get("/volunteers/people").status_code == 403
    roster = client.get(f"/volunteers/teams/{site.team_id}/roster").get_data(as_text=True)
    assert "+8613911112222" not in roster


def test_the_administrator_sets_the_retention_period(client, auth, app, site):
    auth.login(site.logins["admin"])
    assert submit(client, "/volunteers/admin/settings", {"retention_days": "10"}).status_code == 200
    assert submit(client, "/volunteers/admin/settings", {"retention_days": "180"}).status_code == 302
    from volunteers.models import VolunteerSettings

    with app.app_context():
        assert db.session.scalar(select(VolunteerSettings.retention_days)) == 180


def test_missing_objects_are_404(client, auth, site):
    auth.login(site.logins["secretary"])
    for path in ("/volunteers/elders/99999", "/volunteers/elders/99999/edit", "/volunteers/concerns/99999",
                 "/volunteers/visits/new?elder=99999", "/volunteers/teams/99999/roster"):
        assert client.get(path).status_code == 404, path

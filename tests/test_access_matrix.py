"""Every route × every role → the status a visitor gets.

`None` in the role column is an anonymous visitor. GET routes answer 200 when
allowed, 403 when refused, 302 to the login page for anonymous visitors of
signed-in pages. POST routes are sent with a valid CSRF token and answer 302
(the action's redirect) when allowed.
"""

from __future__ import annotations

import pytest

from community.models import Role
from tests import events_factories
from tests.conftest import submit

R = Role
ALL = [None, *Role]
SIGNED_IN = list(Role)


def expect(allowed: list, ok: int = 200, anonymous: int = 302) -> dict:
    """The expected status for every role, from the roles that are allowed."""
    return {role: (ok if role in allowed else (anonymous if role is None else 403)) for role in ALL}


# (method, path template, expected statuses). {slug}, {team} and {other_team} come from the city.
MATRIX = [
    ("GET", "/", expect(ALL)),
    ("GET", "/healthz", expect(ALL)),
    ("GET", "/c/{slug}", expect(ALL)),
    ("GET", "/teams/{team}", expect(ALL)),
    ("GET", "/auth/login", {**expect(ALL), **{r: 302 for r in SIGNED_IN}}),
    ("GET", "/auth/register", {**expect(ALL), **{r: 302 for r in SIGNED_IN}}),
    ("GET", "/me", expect(SIGNED_IN)),
    ("GET", "/me/password", expect(SIGNED_IN)),
    ("GET", "/me/notifications", expect(SIGNED_IN)),
    ("GET", "/c/{slug}/teams/new", expect([R.SECRETARY, R.ADMIN])),
    ("GET", "/teams/{team}/edit", expect([R.SECRETARY, R.ADMIN])),
    ("GET", "/admin/", expect([R.ADMIN])),
    ("GET", "/admin/users", expect([R.ADMIN])),
    ("GET", "/admin/roles", expect([R.ADMIN])),
    ("GET", "/admin/audit", expect([R.ADMIN])),
    ("GET", "/admin/communities/new", expect([R.ADMIN])),
    ("GET", "/admin/departments/new", expect([R.ADMIN])),
    ("GET", "/petitions/scorecard", expect(ALL)),
    ("GET", "/petitions/scorecard.csv", expect(ALL)),
    ("GET", "/petitions/mine", expect(SIGNED_IN)),
    ("GET", "/petitions/queue", expect([R.SECRETARY, R.ADMIN])),
    ("GET", "/petitions/intake", expect([R.SECRETARY, R.ADMIN])),
    ("GET", "/petitions/hub", expect([R.DISPATCHER, R.SUPERVISOR, R.ADMIN])),
    ("GET", "/petitions/department", expect([R.HANDLER, R.ADMIN])),
    ("GET", "/petitions/supervision", expect([R.SUPERVISOR, R.ADMIN])),
    ("GET", "/petitions/admin/categories", expect([R.ADMIN])),
    ("GET", "/petitions/admin/time-limits", expect([R.ADMIN])),
    ("GET", "/petitions/admin/calendar", expect([R.ADMIN])),
    ("GET", "/petitions/admin/settings", expect([R.ADMIN])),
    # Open311: the hub's endpoints are public (filing needs an API key); the outbox is the secretary's.
    ("GET", "/open311/v2/discovery.json", expect(ALL)),
    ("GET", "/open311/v2/services.xml", expect(ALL)),
    ("GET", "/open311/v2/requests.json", expect(ALL)),
    ("GET", "/open311/v2/servicerequestupdates.json", expect(ALL)),
    ("GET", "/open311/v2/openapi.json", expect(ALL)),
    ("GET", "/petitions/open311/outbox", expect([R.SECRETARY, R.ADMIN])),
    ("GET", "/petitions/open311/keys", expect([R.ADMIN])),
    ("GET", "/petitions/hotspots", expect([R.SECRETARY, R.DISPATCHER, R.SUPERVISOR, R.ADMIN])),
    ("GET", "/petitions/hotspots?period=month", expect([R.SECRETARY, R.DISPATCHER, R.SUPERVISOR, R.ADMIN])),
    ("GET", "/petitions/hotspots/problems",
     expect([R.SECRETARY, R.DISPATCHER, R.HANDLER, R.SUPERVISOR, R.ADMIN])),
    ("GET", "/petitions/admin/terms", expect([R.ADMIN])),
    # Service guides: everyone reads them; secretaries and administrators write them.
    ("GET", "/guides", expect(ALL)),
    ("GET", "/guides?q=ylbt", expect(ALL)),
    ("GET", "/guides/suggest?q=养老补贴", expect(ALL)),
    ("GET", "/service-points", expect(ALL)),
    ("GET", "/guides/new", expect([R.SECRETARY, R.ADMIN])),
    ("GET", "/service-points/new", expect([R.SECRETARY, R.ADMIN])),
    ("POST", "/language", expect(ALL, ok=302, anonymous=302)),
    ("POST", "/large-text", expect(ALL, ok=302, anonymous=302)),
    ("POST", "/me/notifications/read-all", expect(SIGNED_IN, ok=302)),
    ("POST", "/auth/logout", expect(SIGNED_IN, ok=302)),
    # Joining answers with a redirect and a flash for everyone signed in; outsiders get a refusal message.
    ("POST", "/teams/{team}/join", expect(SIGNED_IN, ok=302)),
    # Volunteers: the team {team} is a safety-watch team led by the team leader, with the volunteer as member.
    # Administrators oversee lists, coverage and reports (names and buildings only), not the forms.
    ("GET", "/volunteers/", expect([R.SECRETARY, R.VOLUNTEER, R.TEAM_LEADER, R.ADMIN], ok=302)),
    ("GET", "/volunteers/elders", expect([R.SECRETARY, R.VOLUNTEER, R.TEAM_LEADER, R.ADMIN])),
    ("GET", "/volunteers/elders/new", expect([R.SECRETARY])),
    ("GET", "/volunteers/coverage", expect([R.SECRETARY, R.TEAM_LEADER, R.ADMIN])),
    ("GET", "/volunteers/concerns", expect([R.SECRETARY])),
    ("GET", "/volunteers/visits/new", expect([R.VOLUNTEER, R.TEAM_LEADER, R.SECRETARY])),
    ("GET", "/volunteers/hours", expect([R.VOLUNTEER, R.TEAM_LEADER, R.SECRETARY])),
    ("GET", "/volunteers/hours/certificate", expect([R.VOLUNTEER, R.TEAM_LEADER, R.SECRETARY])),
    ("GET", "/volunteers/report", expect([R.SECRETARY, R.ADMIN])),
    ("GET", "/volunteers/report.csv", expect([R.SECRETARY, R.ADMIN])),
    ("GET", "/volunteers/profile", expect([R.VOLUNTEER, R.TEAM_LEADER])),
    ("GET", "/volunteers/people", expect([R.SECRETARY])),
    ("GET", "/volunteers/admin/settings", expect([R.ADMIN])),
    ("GET", "/volunteers/teams/{team}/roster", expect([R.SECRETARY, R.VOLUNTEER, R.TEAM_LEADER, R.ADMIN])),
    # Events: {event} is organised by the team {team}; the resident has a confirmed place (and the ticket).
    # Residents of the community (the volunteer, team leader and secretary are residents too) propose.
    ("GET", "/events/", expect(ALL)),
    ("GET", "/events/ideas?community={slug}", expect(ALL, ok=302, anonymous=302)),
    ("GET", "/events/rounds/{round}", expect(ALL)),
    ("GET", "/events/ideas/{idea}", expect(ALL)),
    ("GET", "/events/ideas/new?community={slug}",
     expect([R.RESIDENT, R.VOLUNTEER, R.TEAM_LEADER, R.SECRETARY])),
    ("GET", "/events/rounds/new?community={slug}", expect([R.SECRETARY, R.ADMIN])),
    ("GET", "/events/new?community={slug}", expect([R.SECRETARY, R.ADMIN])),
    ("GET", "/events/new?idea={idea}", expect([R.SECRETARY, R.ADMIN])),
    ("GET", "/events/{event}", expect(ALL)),
    ("GET", "/events/{event}/edit", expect([R.SECRETARY, R.TEAM_LEADER, R.ADMIN])),
    ("GET", "/events/{event}/ticket",
     # Without a place, the ticket page sends the visitor back to the event with an explanation.
     {**expect([R.RESIDENT]), **{r: 302 for r in SIGNED_IN if r != R.RESIDENT}}),
    ("GET", "/events/{event}/checkin", expect([R.SECRETARY, R.TEAM_LEADER, R.ADMIN])),
    ("GET", "/events/tickets/{ticket}", expect([R.SECRETARY, R.TEAM_LEADER, R.ADMIN])),
    ("GET", "/events/mine", expect(SIGNED_IN)),
    ("GET", "/events/calendar.ics", expect(ALL)),
    ("GET", "/events/c/{slug}/calendar.ics", expect(ALL)),
    ("GET", "/events/teams/{team}/calendar.ics", expect(ALL)),
    ("GET", "/events/feed/{feed}.ics", expect(ALL)),
]


@pytest.mark.parametrize(("method", "template", "expected"), MATRIX,
                         ids=[f"{m} {t}" for m, t, _ in MATRIX])
@pytest.mark.parametrize("role", ALL, ids=lambda r: r.value if r else "anonymous")
def test_route_role_matrix(app, client, auth, city, method, template, expected, role):
    if role is not None:
        auth.login(city.logins[role])
    made = events_factories.matrix_ids(app, city) if template.startswith("/events/") else {}
    path = template.format(slug=city.community_slug, team=city.team_id, **made)
    if method == "GET":
        response = client.get(path)
    else:  # a token from a page that has a form for this visitor
        response = submit(client, "/auth/login" if role is None else "/me", {"lang": "en"}, action=path)
    assert response.status_code == expected[role]
    if response.status_code == 302 and role is None and expected[role] != 302:
        assert "/auth/login" in response.location


@pytest.mark.parametrize("role", [R.RESIDENT, R.VOLUNTEER, R.DISPATCHER, R.HANDLER, R.SUPERVISOR])
def test_forbidden_page_is_friendly(client, auth, city, role):
    auth.login(city.logins[role])
    response = client.get("/admin/")
    assert response.status_code == 403
    assert "403" in response.get_data(as_text=True)


def test_secretary_of_another_community_cannot_edit_its_teams(client, auth, city, app):
    from community.models import Role as Roles
    from extensions import db
    from tests import factories

    with app.app_context():
        factories.make_user(email="sec2@test.cn", grants=[(Roles.SECRETARY, city.other_community_id, None)])
        db.session.commit()
    auth.login("sec2@test.cn")
    assert client.get(f"/teams/{city.team_id}/edit").status_code == 403
    assert client.get(f"/c/{city.community_slug}/teams/new").status_code == 403


def test_only_the_leader_or_secretary_decides_join_requests(client, auth, city):
    auth.login(city.logins[R.RESIDENT])
    submit(client, f"/teams/{city.team_id}", action=f"/teams/{city.team_id}/join")
    auth.logout()
    auth.login(city.logins[R.VOLUNTEER])  # a member, not the leader
    response = submit(client, f"/teams/{city.team_id}",
                      action=f"/teams/{city.team_id}/requests/999/approve")
    assert response.status_code == 404
    page = client.get(f"/teams/{city.team_id}").get_data(as_text=True)
    assert "/requests/" not in page


def test_missing_objects_are_404(client, auth, city):
    auth.login(city.logins[R.ADMIN])
    for path in ("/c/nowhere", "/teams/99999", "/teams/99999/edit", "/me/notifications/99999"):
        assert client.get(path).status_code == 404, path
